"""Catalog: the articles sorted newest first and grouped by institution, partner and year, ready to render."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from coopnews.errors import CoopNewsError, Location, Problem
from coopnews.model import Article, Organization
from coopnews.slugs import SlugClash, assign_entity_slugs

#: Names and slugs of the groups that collect articles whose text names no institution or no partner.
INSTITUTION_NOT_STATED = "Institution not stated"
PARTNER_NOT_STATED = "Partner not stated"
NOT_STATED_SLUG = "not-stated"

#: How many related articles an article page lists.
RELATED_LIMIT = 5


@dataclass(frozen=True)
class Group:
    """Articles sharing an institution, a partner or a year; `articles` are in catalog order (newest first)."""

    slug: str
    name: str
    aliases: tuple[str, ...]
    articles: tuple[Article, ...]
    stated: bool = True  # False for the "... not stated" groups


@dataclass(frozen=True)
class GroupLink:
    """What a page needs to link to a group, without its articles: a page that only links to a group does
    not change when another article joins it (the build cache compares what pages are rendered from)."""

    slug: str
    name: str
    stated: bool = True

    @classmethod
    def to(cls, group: Group) -> GroupLink:
        return cls(group.slug, group.name, group.stated)


@dataclass(frozen=True)
class Section:
    """Part of a group page: the articles of `group` that also belong to another group, e.g. one partner."""

    group: Group
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class HomePage:
    """One page of the paginated home: `number` counts from 1 and `count` is the number of pages."""

    number: int
    count: int
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class Catalog:
    """Everything the page, feed and sitemap stages need, computed once from the articles.

    Institutions and partners are separate slug namespaces; an organisation named as both has a group in each.
    `problems` are warnings: two names that spell one slug, so one of them got "-2".
    """

    articles: tuple[Article, ...]
    institutions: tuple[Group, ...]
    partners: tuple[Group, ...]
    aliases: Mapping[str, tuple[str, ...]]
    years: tuple[Group, ...]
    undated: tuple[Article, ...]
    problems: tuple[Problem, ...]
    topics: tuple[Group, ...]  # by the `tags` people give articles, sorted by name
    _positions: Mapping[str, int] = field(repr=False)
    _institution_by_name: Mapping[str, Group] = field(repr=False)
    _partner_by_name: Mapping[str, Group] = field(repr=False)
    _related: Mapping[str, tuple[Article, ...]] = field(repr=False)

    def previous_article(self, article: Article) -> Article | None:
        """The article before `article` in catalog order (the next newer one), None for the first."""
        position = self._positions[article.slug]
        return self.articles[position - 1] if position > 0 else None

    def next_article(self, article: Article) -> Article | None:
        """The article after `article` in catalog order (the next older one), None for the last."""
        position = self._positions[article.slug] + 1
        return self.articles[position] if position < len(self.articles) else None

    def related(self, article: Article) -> tuple[Article, ...]:
        """Up to RELATED_LIMIT articles sharing a stated institution or partner, nearest in catalog order first."""
        return self._related[article.slug]

    def institution_groups(self, article: Article) -> tuple[Group, ...]:
        """The institution groups an article is listed in (the not-stated group when it names none)."""
        return _groups_named(article.institutions, self._institution_by_name, self.institutions)

    def partner_groups(self, article: Article) -> tuple[Group, ...]:
        """The partner groups an article is listed in (the not-stated group when it names none)."""
        return _groups_named(article.partners, self._partner_by_name, self.partners)

    def sections_by_partner(self, institution: Group) -> tuple[Section, ...]:
        """An institution's articles split by partner, in the order of `partners`; an article may appear twice."""
        return _split_group(institution, self.partners, self.partner_groups)

    def sections_by_institution(self, partner: Group) -> tuple[Section, ...]:
        """A partner's articles split by institution, in the order of `institutions`."""
        return _split_group(partner, self.institutions, self.institution_groups)


def build_catalog(articles: Sequence[Article], gazetteer: tuple[Organization, ...]) -> Catalog:
    """Sort and group `articles`; raise CoopNewsError when two articles claim one slug."""
    _check_unique_slugs(articles)
    ordered = tuple(sorted(articles, key=_catalog_key))
    positions = {article.slug: index for index, article in enumerate(ordered)}
    aliases = _collect_aliases(ordered, gazetteer)
    institutions, institution_problems = _build_groups(ordered, "institutions", INSTITUTION_NOT_STATED, aliases)
    partners, partner_problems = _build_groups(ordered, "partners", PARTNER_NOT_STATED, aliases)
    topics, topic_problems = _build_groups(ordered, "tags", None, {})
    institution_by_name = {group.name: group for group in institutions if group.stated}
    partner_by_name = {group.name: group for group in partners if group.stated}
    years = _build_years(ordered)
    related = _find_related(ordered, positions, institutions + partners)
    return Catalog(
        articles=ordered,
        institutions=institutions,
        partners=partners,
        aliases=MappingProxyType(aliases),
        years=years,
        undated=tuple(article for article in ordered if article.date is None),
        problems=(*institution_problems, *partner_problems, *topic_problems),
        topics=topics,
        _positions=MappingProxyType(positions),
        _institution_by_name=MappingProxyType(institution_by_name),
        _partner_by_name=MappingProxyType(partner_by_name),
        _related=MappingProxyType(related),
    )


def paginate(articles: Sequence[Article], per_page: int) -> tuple[HomePage, ...]:
    """Split `articles` into pages of `per_page`; an empty catalog still has one (empty) page."""
    count = max(1, -(-len(articles) // per_page))
    return tuple(
        HomePage(number=index + 1, count=count, articles=tuple(articles[index * per_page : (index + 1) * per_page]))
        for index in range(count)
    )


def newest_date(articles: Iterable[Article]) -> dt.date | None:
    """The latest date among `articles`, None when none is dated; feeds and the sitemap use it as "updated"."""
    return max((article.date for article in articles if article.date is not None), default=None)


def _catalog_key(article: Article) -> tuple[int, int, str]:
    """Dated articles newest first, then undated ones; ties broken by slug so the order never depends on input."""
    if article.date is None:
        return (1, 0, article.slug)
    return (0, -article.date.toordinal(), article.slug)


def _check_unique_slugs(articles: Sequence[Article]) -> None:
    seen: dict[str, Article] = {}
    problems: list[Problem] = []
    for article in articles:
        other = seen.setdefault(article.slug, article)
        if other is not article:
            where, first = _file_of(article), _file_of(other)
            problems.append(Problem(Location(where), f"slug {article.slug!r} is already used by {first}", "slug"))
    if problems:
        raise CoopNewsError(problems)


def _collect_aliases(articles: Sequence[Article], gazetteer: Iterable[Organization]) -> dict[str, tuple[str, ...]]:
    """Every organisation name mentioned anywhere -> its other spellings (gazetteer and article text), sorted."""
    found: dict[str, set[str]] = defaultdict(set)
    for organization in gazetteer:
        found[organization.name].update(organization.aliases)
    for article in articles:
        for name in (*article.institutions, *article.partners, *article.organizations):
            found.setdefault(name, set())
        for name, spellings in article.aliases:
            found[name].update(spellings)
    return {name: tuple(sorted(spellings - {name, ""})) for name, spellings in sorted(found.items())}


def _build_groups(
    articles: Sequence[Article], side: str, not_stated: str | None, aliases: Mapping[str, tuple[str, ...]]
) -> tuple[tuple[Group, ...], list[Problem]]:
    """Group by organisation (or topic) named in the articles' `side` field ("institutions", "partners" or
    "tags"): named groups sorted by name, the `not_stated` group (if named and any article names none) last;
    and a warning for each name whose slug was taken.

    Slugs go first to the organisation published first (its earliest article date, undated ones last, then
    its name), so its URL stays when another name that spells the same slug is published later.
    """
    members: dict[str, list[Article]] = defaultdict(list)
    unstated: list[Article] = []
    for article in articles:
        names = getattr(article, side)
        for name in dict.fromkeys(names):
            members[name].append(article)
        if not names:
            unstated.append(article)
    first = {name: min(group, key=_publication_key) for name, group in members.items()}
    by_precedence = sorted(members, key=lambda name: (*_publication_key(first[name])[:2], name.casefold(), name))
    slugs, clashes = assign_entity_slugs(by_precedence, taken={NOT_STATED_SLUG})
    groups = [
        Group(slugs[name], name, aliases.get(name, ()), tuple(members[name]))
        for name in sorted(members, key=lambda n: (n.casefold(), n))
    ]
    if unstated and not_stated is not None:
        groups.append(Group(NOT_STATED_SLUG, not_stated, (), tuple(unstated), stated=False))
    return tuple(groups), [_clash_warning(clash, side, first) for clash in clashes]


def _publication_key(article: Article) -> tuple[int, int, str]:
    """Earliest first, undated last, then by slug: which of an organisation's articles published it first."""
    if article.date is None:
        return (1, 0, article.slug)
    return (0, article.date.toordinal(), article.slug)


def _clash_warning(clash: SlugClash, side: str, first: Mapping[str, Article]) -> Problem:
    """A warning at the content file that first named the later organisation, naming the earlier one's too."""
    owner = first[clash.owner]
    message = (
        f"{clash.name!r} is given the slug {clash.slug!r}: {clash.wanted!r} belongs to {clash.owner!r} "
        f"(named first, in {_content_file(owner)}); if both are one organisation, spell them the same"
    )
    return Problem(Location(_content_file(first[clash.name])), message, side, severity="warning")


def _content_file(article: Article) -> str:
    return article.content_file or f"article {article.slug!r}"


def _file_of(article: Article) -> str:
    """The file a message about `article` should name: its content file, else its seed, else its slug."""
    return article.content_file or (article.source.file if article.source else article.slug)


def _build_years(articles: Sequence[Article]) -> tuple[Group, ...]:
    by_year: dict[int, list[Article]] = defaultdict(list)
    for article in articles:
        if article.date is not None:
            by_year[article.date.year].append(article)
    return tuple(Group(str(year), str(year), (), tuple(by_year[year])) for year in sorted(by_year, reverse=True))


def _find_related(
    articles: Sequence[Article], positions: Mapping[str, int], groups: Iterable[Group]
) -> dict[str, tuple[Article, ...]]:
    """For each article, the nearest articles in catalog order among those sharing a stated group.

    Only the RELATED_LIMIT nearest members on each side of each group can make the overall nearest
    RELATED_LIMIT, so each article looks at a bounded window per group: linear in the catalog size.
    """
    memberships: dict[str, list[tuple[Group, int]]] = defaultdict(list)
    stated = [group for group in groups if group.stated]
    for group in stated:
        for index, article in enumerate(group.articles):
            memberships[article.slug].append((group, index))
    related: dict[str, tuple[Article, ...]] = {}
    for article in articles:
        here = positions[article.slug]
        candidates: dict[str, Article] = {}
        for group, index in memberships[article.slug]:
            window = group.articles[max(0, index - RELATED_LIMIT) : index + RELATED_LIMIT + 1]
            candidates.update((other.slug, other) for other in window if other.slug != article.slug)
        ranked = sorted(
            candidates.values(), key=lambda other: (abs(positions[other.slug] - here), positions[other.slug])
        )
        related[article.slug] = tuple(ranked[:RELATED_LIMIT])
    return related


def _groups_named(names: tuple[str, ...], by_name: Mapping[str, Group], groups: tuple[Group, ...]) -> tuple[Group, ...]:
    """The groups for `names`, or the not-stated group (always last) when there are none.

    Looked up apart from the named groups, so an organisation really called "Partner not stated" keeps its own page.
    """
    if not names:
        return groups[-1:]
    return tuple(by_name[name] for name in dict.fromkeys(names))


def _split_group(
    group: Group, others: tuple[Group, ...], groups_of: Callable[[Article], tuple[Group, ...]]
) -> tuple[Section, ...]:
    by_slug: dict[str, list[Article]] = defaultdict(list)
    for article in group.articles:
        for other in groups_of(article):
            by_slug[other.slug].append(article)
    return tuple(Section(other, tuple(by_slug[other.slug])) for other in others if other.slug in by_slug)
