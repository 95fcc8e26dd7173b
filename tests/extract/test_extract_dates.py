"""Extract stage, dates: every stated shape is read, a year is never invented."""

from __future__ import annotations

import datetime as dt

import pytest

from coopnews.extract.dates import find_dates, pick_date
from coopnews.extract.doubts import Doubt


@pytest.mark.parametrize(
    ("text", "stated", "date"),
    [
        ("Release Time:2023-11-24Source:Clicks:695Author:", "2023-11-24", dt.date(2023, 11, 24)),
        ("Release time:July 23, 2020 / Feng Yueyue", "July 23, 2020", dt.date(2020, 7, 23)),
        ("Sun, Jul 25 2021 16:45 times", "Sun, Jul 25 2021 16:45", dt.date(2021, 7, 25)),
        ("Write: Ulbrecht [2011-05-20]", "2011-05-20", dt.date(2011, 5, 20)),
        ("Uploaded:2015-04-20 08:51:25", "2015-04-20 08:51:25", dt.date(2015, 4, 20)),
        ("in the afternoon of November 23rd, 2023 with", "November 23rd, 2023", dt.date(2023, 11, 23)),
        ("On September 2nd, Xin Sijin", "September 2nd", None),
        ("November 5-6, 2019, a delegation", "November 5-6, 2019", dt.date(2019, 11, 5)),
        ("held on 24 February 2025.", "24 February 2025", dt.date(2025, 2, 24)),
        ("发布时间：2023年11月24日", "2023年11月24日", dt.date(2023, 11, 24)),
        ("on February 29 the two sides met", "February 29", None),  # valid in some year: kept, no year
    ],
)
def test_find_dates(text: str, stated: str, date: dt.date | None) -> None:
    mentions = find_dates(text)
    assert [(m.text, m.date) for m in mentions] == [(stated, date)]


@pytest.mark.parametrize(
    "text",
    [
        "from July of 1990 to June of 2012",  # months without days
        "the 14th Five-Year Plan and the 20th CPC National Congress",
        "we may 5 times try",
        "February 30 and 2019-13-45",  # impossible dates
        "room No. 200 in 2019",
    ],
)
def test_no_date(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(
    ("date_lines", "story", "expected", "doubt"),
    [
        # The page's own date wins over the event date; its wording is kept with it.
        (
            ("Release Time:2023-11-24",),
            "On November 23rd the visit took place.",
            (dt.date(2023, 11, 24), "2023-11-24"),
            None,
        ),
        # No page date: the event date, only when it states its year.
        ((), "On February 24, 2025, the meeting met.", (dt.date(2025, 2, 24), "February 24, 2025"), None),
        ((), "On September 2nd, the delegation came.", (None, "September 2nd"), '"September 2nd" has no year'),
        # A yearless page date gives way to an event date with a year, and says so.
        (
            ("July 27",),
            "On July 15, 2021, the team went.",
            (dt.date(2021, 7, 15), "July 15, 2021"),
            'taken from the event date "July 15, 2021"; the page date "July 27" has no year',
        ),
        ((), "No date at all.", (None, None), "the text states no date"),
    ],
)
def test_pick_date(
    date_lines: tuple[str, ...], story: str, expected: tuple[dt.date | None, str | None], doubt: str | None
) -> None:
    found = pick_date(date_lines, story)
    assert found.value == expected
    assert found.doubts == ((Doubt("date", doubt),) if doubt else ())
