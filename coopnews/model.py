"""Model: the immutable values passed between the pipeline's stages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

#: The kinds of cooperation an article can report, in the order the portal lists them.
KINDS: tuple[str, ...] = (
    "agreement-signing",
    "visit",
    "forum",
    "joint-lab",
    "talent-employment",
    "other",
)


@dataclass(frozen=True)
class Person:
    """Someone named in an article, with the role and organisation the text gives."""

    name: str
    role: str | None = None
    organization: str | None = None


@dataclass(frozen=True)
class Source:
    """Where an article came from: the seed file name, the SHA-256 of its decoded text, and the page's address
    when the seed starts with one ("Source: https://…")."""

    file: str
    sha256: str
    url: str | None = None


@dataclass(frozen=True)
class Article:
    """One news article, as imported from a seed or read back from content/.

    `date` is set only when the text states the year; `date_text` keeps the date
    as the article words it. `needs_review` lists what a person should check, one "field: reason" entry each
    (a hand-written file may list bare field names). `content_file` is where it was read from ("content/x.md"),
    for messages only: it is left out of equality and repr() (which fingerprints pages), so no page depends on it.
    """

    slug: str
    title: str
    body: str
    date: dt.date | None = None
    date_text: str | None = None
    institutions: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    # Other spellings the text uses for a named organisation: ((canonical, (alias, ...)), ...).
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    people: tuple[Person, ...] = ()
    places: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # topics a person gave by hand ("hydrogen", "internships"): pages and a search facet
    kind: str = "other"
    summary: str = ""
    source: Source | None = None
    needs_review: tuple[str, ...] = ()
    content_file: str | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Organization:
    """A gazetteer entry: a canonical name with the aliases and abbreviations that mean it, and optionally the
    web hosts its news is published on and, for a partner, what type of body it is."""

    name: str
    role: str  # "institution" or "partner"
    aliases: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()  # web hosts its news comes from ("hit.edu.cn" also covers "en.hit.edu.cn")
    type: str | None = None  # for partners: enterprise, government, university or other


@dataclass(frozen=True)
class RawArticle:
    """A seed's text after decoding, before extraction: the file name, the text, its checksum."""

    file: str
    text: str
    sha256: str


@dataclass(frozen=True)
class OutputFile:
    """One file of the built site: a path relative to the site root and its bytes."""

    path: str
    data: bytes
