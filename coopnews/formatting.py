"""Formatting: dates, counts, kinds and JSON as the pages write them, the same on every machine (no locale)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from functools import lru_cache

from markupsafe import Markup

from coopnews.model import Article, Person
from coopnews.relations import (
    kind_label,
)

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_date(date: dt.date) -> str:
    """A date as readers write it ("19 November 2023"), independent of the machine's locale."""
    return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"


def format_article_date(article: Article) -> Markup:
    """An article's date as a <time> element; without a year, the date as the text words it ("November 19,
    year not stated"); "Date not stated" when the text gives none."""
    if article.date is None and article.date_text:
        return Markup("{}, year not stated").format(article.date_text)
    return _format_time(article.date)


def format_maybe_date(date: dt.date | None) -> Markup:
    """A date in a table: a <time> element, or "year not stated"."""
    return _format_time(date) if date is not None else Markup("year not stated")


def format_people(people: Sequence[Person]) -> str:
    """People as the pair timeline lists them: "Zhang Wei, President; Li Na"."""
    return "; ".join(f"{person.name}, {person.role}" if person.role else person.name for person in people)


@lru_cache(maxsize=4096)
def _format_time(date: dt.date | None) -> Markup:
    """Cached: a catalog has a few thousand dates and every list shows them; the text is digits and month names."""
    if date is None:
        return Markup("Date not stated")
    return Markup(f'<time datetime="{date.isoformat()}">{format_date(date)}</time>')


def format_count(number: int, noun: str) -> str:
    """ "1 article", "3 articles": English plurals of the nouns the templates count."""
    return f"{number} {noun if number == 1 else noun + 's'}"


def format_kind(kind: str) -> str:
    """A cooperation kind as a label: "agreement-signing" -> "Agreement signing"."""
    return kind_label(kind)


def escape_json_for_script(data: object) -> Markup:
    """JSON for a <script> element: sorted keys, and "<", ">", "&" escaped so no text can close the element."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    # three replace() calls, not str.translate: on text that is not ASCII, translate takes 75 µs a page, these 1 µs
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))
