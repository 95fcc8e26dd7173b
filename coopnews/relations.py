"""Relations: who cooperates with whom — each institution × partner pair, each organisation's counterparts and
profile, and the type of body a partner is; computed once from the catalog, in one pass over its groups.

Pairs exist only where an article names both sides, so their number grows with the articles, never with
institutions × partners. Every pair gets a page (about 8,200 at 10,000 generated articles, six in seven of them
with one article; they add about 9 % to a clean build), so every counterpart row and heat-map cell leads to one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from coopnews import urls
from coopnews.catalog import Catalog, Group, GroupLink
from coopnews.model import KINDS, Article, Organization, Person

#: The types of partner the portal tells apart, in the order it lists them.
PARTNER_TYPES: tuple[str, ...] = ("enterprise", "government", "university", "research institute", "hospital", "other")

# The shape of a name, tried in order: "Beijing Institute of Technology" is a university before an institute.
_NAME_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("hospital", r"\bhospital\b"),
        (
            "government",
            r"\b(people'?s government|government|bureau|commission|ministry|department of|administration)\b",
        ),
        ("university", r"\b(university|college|institute of technology|polytechnic)\b"),
        ("research institute", r"\b(institute|academy|laborator(y|ies)|research cent(er|re))\b"),
        (
            "enterprise",
            r"(\bco\.?,? ?ltd\b|\bgroup\b|\bgmbh\b|\binc\b|\bcorp(oration)?\b|\bcompany\b|\bag\b|\bplc\b|\bllc\b)",
        ),
    )
)


def kind_label(kind: str) -> str:
    """A cooperation kind as a label: "agreement-signing" -> "Agreement signing"."""
    return kind.replace("-", " ").capitalize()


def type_anchor(kind: str) -> str:
    """The id of a partner type's section in the partners index: "research institute" -> "type-research-institute"."""
    return "type-" + kind.replace(" ", "-")


def partner_type(name: str, stated: str | None = None) -> str:
    """The gazetteer's `type` when it gives a known one, else what the name's shape says, else "other"."""
    if stated and stated.strip().lower() in PARTNER_TYPES:
        return stated.strip().lower()
    for kind, pattern in _NAME_SHAPES:
        if pattern.search(name):
            return kind
    return "other"


@dataclass(frozen=True)
class Profile:
    """The top of an organisation's page: names, type, how many articles, the years and kinds they cover."""

    name: str
    aliases: tuple[str, ...]
    type: str
    articles: int
    first_year: int | None
    last_year: int | None
    kinds: tuple[tuple[str, int], ...]  # (kind, count) in KINDS order, kinds with no article left out


@dataclass(frozen=True)
class Counterpart:
    """One row of an organisation's counterparts table: the other side, its pair page and what they share."""

    other: GroupLink
    pair: str  # the target of the pair's page
    articles: int
    first: dt.date | None
    last: dt.date | None
    kinds: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Pair:
    """One institution × partner relationship; `articles` in date order, oldest first, undated last."""

    institution: GroupLink
    partner: GroupLink
    articles: tuple[Article, ...]
    institution_names: tuple[str, ...]  # the institution's name and aliases, to tell its people apart
    partner_names: tuple[str, ...]

    @property
    def target(self) -> str:
        """The target of the pair's page."""
        return urls.pair_target(self.institution, self.partner)


@dataclass(frozen=True)
class Relations:
    """Pairs in institution then partner order, and each stated group's counterparts, by group slug."""

    pairs: tuple[Pair, ...]
    by_institution: Mapping[str, tuple[Counterpart, ...]]
    by_partner: Mapping[str, tuple[Counterpart, ...]]
    types: Mapping[str, str]  # partner name -> partner type


def stated_types(gazetteer: Iterable[Organization]) -> dict[str, str]:
    """Partner name -> the type its gazetteer entry gives, for entries that give one (an optional `type`)."""
    found = ((org.name, getattr(org, "type", None)) for org in gazetteer if org.role == "partner")
    return {name: kind for name, kind in found if isinstance(kind, str)}


def build_relations(catalog: Catalog, stated_types: Mapping[str, str]) -> Relations:
    """Every existing pair and both sides' counterparts: linear in the number of (article, institution, partner).

    `stated_types`: partner name -> type from the gazetteer (see stated_types); other partners are typed by name.
    """
    types = {group.name: partner_type(group.name, stated_types.get(group.name)) for group in catalog.partners}
    links = {id(group): GroupLink.to(group) for group in (*catalog.institutions, *catalog.partners)}
    members: dict[tuple[int, int], list[Article]] = defaultdict(list)
    for institution in catalog.institutions:
        if not institution.stated:
            continue
        for article in institution.articles:
            for partner in catalog.partner_groups(article):
                if partner.stated:
                    members[(id(institution), id(partner))].append(article)
    groups = {id(group): group for group in (*catalog.institutions, *catalog.partners)}
    pairs = tuple(
        Pair(
            links[i],
            links[p],
            tuple(sorted(articles, key=timeline_key)),
            (groups[i].name, *groups[i].aliases),
            (groups[p].name, *groups[p].aliases),
        )
        for (i, p), articles in members.items()
    )
    by_institution: dict[str, list[Counterpart]] = defaultdict(list)
    by_partner: dict[str, list[Counterpart]] = defaultdict(list)
    for pair in pairs:
        by_institution[pair.institution.slug].append(_counterpart(pair.partner, pair))
        by_partner[pair.partner.slug].append(_counterpart(pair.institution, pair))
    return Relations(
        pairs=pairs,
        by_institution={slug: _by_count(rows) for slug, rows in by_institution.items()},
        by_partner={slug: _by_count(rows) for slug, rows in by_partner.items()},
        types=types,
    )


def build_profile(group: Group, type_: str) -> Profile:
    """An organisation's profile from its group: the years its dated articles span and its kinds with counts."""
    years = [article.date.year for article in group.articles if article.date is not None]
    return Profile(
        name=group.name,
        aliases=group.aliases,
        type=type_,
        articles=len(group.articles),
        first_year=min(years, default=None),
        last_year=max(years, default=None),
        kinds=count_kinds(group.articles),
    )


def count_kinds(articles: Iterable[Article]) -> tuple[tuple[str, int], ...]:
    """(kind, count) in the portal's order of kinds; kinds no article has are left out."""
    counts = Counter(article.kind for article in articles)
    known = [(kind, counts.pop(kind)) for kind in KINDS if kind in counts]
    return (*known, *sorted(counts.items()))


def timeline_key(article: Article) -> tuple[int, int, str]:
    """Oldest first, articles whose year is not stated after the dated ones, ties by slug."""
    if article.date is None:
        return (1, 0, article.slug)
    return (0, article.date.toordinal(), article.slug)


@dataclass(frozen=True)
class Moment:
    """One article on a pair's timeline, with the people it names on each side and those of neither."""

    article: Article
    institution_side: tuple[Person, ...]
    partner_side: tuple[Person, ...]
    others: tuple[Person, ...]


def timeline(pair: Pair) -> tuple[Moment, ...]:
    """The pair's articles in date order, each with its people told apart by the organisation the text gives."""
    moments = []
    for article in pair.articles:
        ours: list[Person] = []
        theirs: list[Person] = []
        others: list[Person] = []
        for person in article.people:
            if person.organization in pair.institution_names:
                ours.append(person)
            elif person.organization in pair.partner_names:
                theirs.append(person)
            else:
                others.append(person)
        moments.append(Moment(article, tuple(ours), tuple(theirs), tuple(others)))
    return tuple(moments)


def kinds_text(kinds: Iterable[tuple[str, int]]) -> str:
    """Kinds with their counts as text: "Agreement signing 3, Visit 1"."""
    return ", ".join(f"{kind_label(kind)} {count}" for kind, count in kinds)


def _counterpart(other: GroupLink, pair: Pair) -> Counterpart:
    dated = [article.date for article in pair.articles if article.date is not None]
    return Counterpart(
        other=other,
        pair=pair.target,
        articles=len(pair.articles),
        first=min(dated, default=None),
        last=max(dated, default=None),
        kinds=count_kinds(pair.articles),
    )


def _by_count(rows: Sequence[Counterpart]) -> tuple[Counterpart, ...]:
    return tuple(sorted(rows, key=lambda row: (-row.articles, row.other.name.casefold(), row.other.slug)))
