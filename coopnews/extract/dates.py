"""Extract, dates: find the dates a text states and pick the article's date without ever inventing a year.

A date is found by pattern ("November 23rd, 2023", "2019-11-08", "Sun, Jul 25 2021 16:45", "[2011-05-20]",
"2023年11月24日") and read by python-dateutil. `date` is set only when the text states the year; the
wording is kept as `date_text` either way, so "On September 2nd" stays visible and reviewable.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from dateutil import parser as date_parser

from coopnews.extract.doubts import Doubt, Found

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)"
_ORDINAL = r"(?:st|nd|rd|th)?"
_TIME = r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
_YEAR = r"(?:19|20)\d{2}"

#: Every date shape the extractor understands; the named groups say which parts the text states.
DATE_RE = re.compile(
    rf"(?=[\dA-Z])(?<![\w-])(?:"
    rf"(?P<iso_y>{_YEAR})\s*[-/.]\s*(?P<iso_m>\d{{1,2}})\s*[-/.]\s*(?P<iso_d>\d{{1,2}})(?![\d])"
    rf"|(?P<cn_y>{_YEAR})\s*年\s*(?P<cn_m>\d{{1,2}})\s*月\s*(?P<cn_d>\d{{1,2}})\s*日"
    rf"|{_WEEKDAY}?(?P<mdy_m>{_MONTH})\.?\s+(?P<mdy_d>\d{{1,2}}){_ORDINAL}(?:\s*[-–~]\s*\d{{1,2}}{_ORDINAL})?"
    rf"(?!\d)(?:(?:\s*,\s*|\s+)(?P<mdy_y>{_YEAR})(?!\d))?"
    rf"|(?P<dmy_d>\d{{1,2}}){_ORDINAL}\s+(?P<dmy_m>{_MONTH})\b\.?(?:,?\s+(?P<dmy_y>{_YEAR})(?!\d))?"
    rf"){_TIME}(?![\d:])"
)


@dataclass(frozen=True)
class DateMention:
    """A date as the text states it; `date` is None when the text gives no year."""

    text: str
    date: dt.date | None


def find_dates(text: str) -> list[DateMention]:
    """Every valid date stated in `text`, in order (impossible dates such as "February 30" are skipped)."""
    return list(_iter_dates(text))


def _iter_dates(text: str) -> Iterator[DateMention]:
    for match in DATE_RE.finditer(text):
        mention = _read_match(match)
        if mention is not None:
            yield mention


def pick_date(date_lines: tuple[str, ...], story: str) -> Found[tuple[dt.date | None, str | None]]:
    """The article's date and its wording: the page's own date line first, else the first event date.

    The year is never guessed: a page date without a year gives way to an event date that has one (with a
    doubt), and if no stated date has a year the date is None, only the wording is kept, and a doubt says so.
    """
    page = next((m for line in date_lines for m in find_dates(line)), None)
    if page is not None and page.date is not None:
        return Found((page.date, page.text))
    event = next(_iter_dates(story), None)
    if page is not None and event is not None and event.date is not None:
        why = f'taken from the event date "{event.text}"; the page date "{page.text}" has no year'
        return Found((event.date, event.text), (Doubt("date", why),))
    for mention in (page, event):
        if mention is not None and mention.date is not None:
            return Found((mention.date, mention.text))
    stated = page or event
    if stated is None:
        return Found((None, None), (Doubt("date", "the text states no date"),))
    return Found((None, stated.text), (Doubt("date", f'"{stated.text}" has no year'),))


def _read_match(match: re.Match[str]) -> DateMention | None:
    groups = match.groupdict()
    text = match.group(0).strip()
    if groups["iso_y"] or groups["cn_y"]:
        prefix = "iso" if groups["iso_y"] else "cn"
        year, month, day = (groups[f"{prefix}_{part}"] for part in ("y", "m", "d"))
        value = _parse(f"{year}-{int(month):02d}-{int(day):02d}")
        return DateMention(text, value) if value else None
    prefix = "mdy" if groups["mdy_m"] else "dmy"
    month, day, year = groups[f"{prefix}_m"], groups[f"{prefix}_d"], groups[f"{prefix}_y"]
    # Check the day against a leap year when no year is stated, so "February 29" stays valid.
    value = _parse(f"{month} {int(day)} {year or 2000}")
    if value is None:
        return None
    return DateMention(text, value if year else None)


def _parse(text: str) -> dt.date | None:
    try:
        value: dt.datetime = date_parser.parse(text, default=dt.datetime(2000, 1, 1))
    except (ValueError, OverflowError):
        return None
    return value.date()
