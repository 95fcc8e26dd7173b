"""Pages: every HTML page of the site, listed from the catalog as plain values (template, target, head, variables).

A page's HTML is a function of these alone, so the speed layer can tell from them whether it must be rendered
again; what they hold is kept small (links to groups, not the groups, where a page only links to them).
Rendering them is render's business.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from coopnews import urls
from coopnews.catalog import Catalog, Group, GroupLink, newest_date, paginate
from coopnews.config import Config
from coopnews.formatting import format_count
from coopnews.model import Article
from coopnews.network import build_network
from coopnews.people_directory import PERSON_PAGE, Directory, Row, build_directory, letter_target
from coopnews.relations import (
    PARTNER_TYPES,
    Counterpart,
    Pair,
    build_profile,
    build_relations,
    count_kinds,
    partner_type,
    stated_types,
)

_DESCRIPTION_LIMIT = 300
#: Articles per page of a year or the undated list of the archive: a reader browses these rather than reads
#: them (so more than the home page's per_page), and 50 teasers stay near 60 kB.
ARCHIVE_PAGE = 50


@dataclass(frozen=True)
class PageMeta:
    """What the <head> of a page says about it; `canonical` is None only for 404.html."""

    title: str
    description: str
    canonical: str | None
    og_type: str = "website"


@dataclass(frozen=True)
class Page:
    """A page to render: its template, its target, its head, the newest date it shows, and template variables."""

    template: str
    target: str
    title: str
    description: str
    updated: dt.date | None
    variables: dict[str, Any]
    og_type: str = "website"
    rooted: bool = False  # served at any depth (404.html): links start at the base path, and no canonical URL


def list_pages(catalog: Catalog, config: Config) -> Iterator[Page]:
    """Every page except 404.html, in a fixed order; the one list both the renderer and the sitemap use.

    Invariant: a page's HTML is a function of its template, its fields and `variables` alone (no catalog-wide
    template globals), so the build cache can tell from them whether a page must be rendered again. Pages that
    only link to a group get a GroupLink, and every list of articles is paginated by `per_page`, so no page
    grows with the number of articles.
    """
    newest = newest_date(catalog.articles)
    links = _Links(catalog)
    relations = build_relations(catalog, stated_types(config.gazetteer))
    directory = build_directory(catalog)
    overview = {
        "institutions": len(catalog.institutions),
        "partners": len(catalog.partners),
        "years": tuple(map(links.to, catalog.years)),
        "undated": bool(catalog.undated),
    }
    for number, count, chunk in _chunks(catalog.articles, config.per_page):
        title = config.title if number == 1 else f"Latest news, page {number} of {count}"
        pager = _pager(number, count, urls.home_target)
        variables = {"pager": pager, "articles": links.listing(chunk), "overview": overview if number == 1 else None}
        yield Page("index.html", urls.home_target(number), title, config.description, newest, variables)
    for article in catalog.articles:
        yield _article_page(catalog, article, links, directory)
    sides = (
        (urls.INSTITUTIONS, catalog.institutions, "institution", "partner", urls.PARTNERS, relations.by_institution),
        (urls.PARTNERS, catalog.partners, "partner", "institution", urls.INSTITUTIONS, relations.by_partner),
    )
    for folder, groups, role, other, other_folder, counterparts in sides:
        heading = f"{role.capitalize()}s"
        description = f"Every {role} in the cooperation news, with its number of articles and other names."
        rows = tuple(_index_row(group, links, relations.types) for group in groups)
        variables = {
            "rows": rows,
            "by_type": _by_type(rows) if role == "partner" else (),
            "folder": folder,
            "role": role,
            "heading": heading,
            "article_count": len(catalog.articles),
        }
        yield Page("groups.html", folder, heading, description, newest, variables)
        for group in groups:
            yield from _group_pages(group, role, other, other_folder, counterparts, relations.types, links, config)
    for pair in relations.pairs:
        yield _pair_page(pair)
    network = build_network(catalog, relations)
    description = "Who cooperates with whom: institutions and their most frequent partners, articles by year and kind."
    yield Page("network.html", urls.NETWORK, "Cooperation network", description, newest, {"network": network})
    yield from _people_pages(directory, config)
    description = "Cooperation news by year, and the articles whose date is not stated."
    years = tuple((links.to(year), len(year.articles)) for year in catalog.years)
    variables = {"years": years, "undated": len(catalog.undated), "topics": bool(catalog.topics)}
    yield Page("archive.html", urls.ARCHIVE, "Archive", description, newest, variables)
    for year in catalog.years:
        title = f"News of {year.name}"
        description = _count_text(len(year.articles), f"from {year.name}")
        first = urls.group_target(urls.ARCHIVE, year)
        yield from _list_pages(first, title, description, year.articles, links, newest_date(year.articles), _ARCHIVE)
    if catalog.undated:
        title = "Articles with no stated date"
        description = _count_text(len(catalog.undated), "whose text does not state the year")
        yield from _list_pages(urls.UNDATED, title, description, catalog.undated, links, None, _ARCHIVE)
    if catalog.topics:
        description = "The topics people gave the articles, each with its articles."
        topics = tuple((links.to(topic), len(topic.articles)) for topic in catalog.topics)
        yield Page("topics.html", urls.TOPICS, "Topics", description, newest, {"topics": topics})
    for topic in catalog.topics:
        title = f"Topic: {topic.name}"
        description = _count_text(len(topic.articles), f"on {topic.name}")
        first = urls.group_target(urls.TOPICS, topic)
        yield from _list_pages(first, title, description, topic.articles, links, newest_date(topic.articles), _TOPICS)
    yield Page("search.html", urls.SEARCH, "Search", f"Search {config.title}.", None, {})


def not_found_page() -> Page:
    """404.html: served for missing paths at any depth, so its links start at the base path."""
    return Page(
        "404.html", "404.html", "Page not found", "The page you asked for does not exist.", None, {}, rooted=True
    )


@dataclass(frozen=True)
class Listed:
    """An article as lists show it: with links to the pages of its institutions and partners."""

    article: Article
    institutions: tuple[GroupLink, ...]
    partners: tuple[GroupLink, ...]


@dataclass(frozen=True)
class Pager:
    """Where a page of a paginated list stands: `number` counts from 1; targets of its neighbours, if any."""

    number: int
    count: int
    first: str
    newer: str | None
    older: str | None


@dataclass(frozen=True)
class IndexRow:
    """One organisation in the institutions or partners index."""

    link: GroupLink
    articles: int
    aliases: tuple[str, ...]
    type: str | None


class _Links:
    """One GroupLink per group and one Listed per article in a list_pages call, so the build cache digests each
    once, not once per page that shows it."""

    def __init__(self, catalog: Catalog) -> None:
        self._made: dict[int, GroupLink] = {}  # by id() of groups the catalog keeps alive meanwhile
        self._listed: dict[str, Listed] = {}
        self._institutions = self._by_name(catalog.institutions)
        self._partners = self._by_name(catalog.partners)
        self._no_institution = tuple(map(self.to, catalog.institutions[-1:]))  # see Catalog.institution_groups
        self._no_partner = tuple(map(self.to, catalog.partners[-1:]))
        self._topics = self._by_name(catalog.topics)

    def topics_of(self, article: Article) -> tuple[GroupLink, ...]:
        """Links to the topic pages of an article's tags."""
        return tuple(self._topics[tag] for tag in dict.fromkeys(article.tags))

    def _by_name(self, groups: Sequence[Group]) -> dict[str, GroupLink]:
        return {group.name: self.to(group) for group in groups if group.stated}

    def to(self, group: Group) -> GroupLink:
        link = self._made.get(id(group))
        if link is None:
            link = self._made[id(group)] = GroupLink.to(group)
        return link

    def listed(self, article: Article) -> Listed:
        """The article with links to its groups: those Catalog.institution_groups and partner_groups give."""
        item = self._listed.get(article.slug)
        if item is None:
            institutions = self._links(article.institutions, self._institutions, self._no_institution)
            partners = self._links(article.partners, self._partners, self._no_partner)
            item = self._listed[article.slug] = Listed(article, institutions, partners)
        return item

    def listing(self, articles: Sequence[Article]) -> tuple[Listed, ...]:
        return tuple(map(self.listed, articles))

    @staticmethod
    def _links(
        names: tuple[str, ...], by_name: Mapping[str, GroupLink], none: tuple[GroupLink, ...]
    ) -> tuple[GroupLink, ...]:
        if not names:
            return none
        if len(names) == 1:
            return (by_name[names[0]],)
        return tuple(by_name[name] for name in dict.fromkeys(names))


def _chunks(articles: Sequence[Article], per_page: int) -> Iterator[tuple[int, int, tuple[Article, ...]]]:
    for page in paginate(articles, per_page):
        yield page.number, page.count, page.articles


def _pager(number: int, count: int, target_of: Callable[[int], str]) -> Pager:
    return Pager(
        number=number,
        count=count,
        first=target_of(1),
        newer=target_of(number - 1) if number > 1 else None,
        older=target_of(number + 1) if number < count else None,
    )


#: Where a list page links up to: the archive (from a year or the undated list), or the topics.
_ARCHIVE = (urls.ARCHIVE, "All years")
_TOPICS = (urls.TOPICS, "All topics")


def _list_pages(
    first: str,
    title: str,
    description: str,
    articles: Sequence[Article],
    links: _Links,
    updated: dt.date | None,
    up: tuple[str, str],
) -> Iterator[Page]:
    """A list of articles (a year, the undated ones, a topic) as pages of ARCHIVE_PAGE, the first at `first`."""
    for number, count, chunk in _chunks(articles, ARCHIVE_PAGE):
        pager = _pager(number, count, partial(urls.numbered_target, first))
        heading = title if number == 1 else f"{title}, page {number} of {count}"
        variables = {
            "heading": heading,
            "total": len(articles),
            "articles": links.listing(chunk),
            "pager": pager,
            "up": up,
        }
        yield Page("archive_list.html", pager_target(pager), heading, description, updated, variables)


def pager_target(pager: Pager) -> str:
    """The target of the page a pager stands on."""
    return urls.numbered_target(pager.first, pager.number)


def _index_row(group: Group, links: _Links, types: Mapping[str, str]) -> IndexRow:
    return IndexRow(
        links.to(group), len(group.articles), group.aliases, types.get(group.name) if group.stated else None
    )


def _by_type(rows: Sequence[IndexRow]) -> tuple[tuple[str, tuple[IndexRow, ...]], ...]:
    """Partners in sections by type, in PARTNER_TYPES order; the not-stated group is in none."""
    return tuple(
        (kind, members) for kind in PARTNER_TYPES if (members := tuple(row for row in rows if row.type == kind))
    )


def _group_pages(
    group: Group,
    role: str,
    other: str,
    other_folder: str,
    counterparts: Mapping[str, tuple[Counterpart, ...]],
    types: Mapping[str, str],
    links: _Links,
    config: Config,
) -> Iterator[Page]:
    """An institution's or partner's pages: the profile and counterparts, then its articles, each once, newest
    first, `per_page` a page; later pages carry only their articles, so an edit re-renders few of them."""
    folder = urls.INSTITUTIONS if role == "institution" else urls.PARTNERS
    first = urls.group_target(folder, group)
    link = links.to(group)
    updated = newest_date(group.articles)
    for number, count, chunk in _chunks(group.articles, config.per_page):
        pager = _pager(number, count, partial(urls.numbered_target, first))
        on_first = number == 1
        type_ = types.get(group.name, partner_type(group.name)) if role == "partner" else partner_type(group.name)
        variables = {
            "group": link,
            "role": role,
            "other_role": other,
            "other_folder": other_folder,
            "feed": urls.group_feed_target(folder, group),
            "profile": build_profile(group, type_) if on_first and group.stated else None,
            "counterparts": counterparts.get(group.slug, ()) if on_first else (),
            "articles": links.listing(chunk),
            "pager": pager,
        }
        title = group.name if on_first else f"{group.name}, page {number} of {count}"
        description = _count_text(len(group.articles), f"about cooperation with {group.name}")
        yield Page("group.html", pager_target(pager), title, description, updated, variables)


def _pair_page(pair: Pair) -> Page:
    institution, partner = pair.institution, pair.partner
    title = f"{institution.name} and {partner.name}"
    description = _count_text(len(pair.articles), f"about cooperation between {institution.name} and {partner.name}")
    # the timeline is worked out from `pair` as the page is rendered (on either core), not here
    variables = {"pair": pair, "institution": institution, "partner": partner, "kinds": count_kinds(pair.articles)}
    return Page("pair.html", pair.target, title, description, newest_date(pair.articles), variables)


def _people_pages(directory: Directory, config: Config) -> Iterator[Page]:
    """The directory's index of letters, a page per letter, and a page per person with their articles."""
    letters = directory.letters()
    index = tuple((letter, letter_target(letter), len(entries)) for letter, entries in letters)
    description = "The people named in the cooperation news, with their roles and organisations as stated."
    variables = {"letters": index, "total": len(directory.entries)}
    yield Page("people.html", urls.PEOPLE, "People", description, None, variables)
    for letter, entries in letters:
        title = f"People: {letter}" if letter != "#" else "People: other names"
        variables = {"letters": index, "letter": letter, "rows": tuple(map(Row.of, entries))}
        yield Page("people_letter.html", letter_target(letter), title, _people_count(len(entries)), None, variables)
    for entry in directory.entries:
        first = entry.link.target
        updated = newest_date(entry.articles)
        for number, count, chunk in _chunks(entry.articles, PERSON_PAGE):
            pager = _pager(number, count, partial(urls.numbered_target, first))
            variables = {
                "person": entry.link,
                "roles": entry.roles,
                "spellings": entry.spellings,
                "organization_page": entry.organization_page,
                "total": len(entry.articles),
                "articles": chunk,
                "pager": pager,
            }
            title = entry.link.name if number == 1 else f"{entry.link.name}, page {number} of {count}"
            where = f" of {entry.link.organization}" if entry.link.organization else ""
            description = _count_text(len(entry.articles), f"naming {entry.link.name}{where}")
            yield Page("person.html", pager_target(pager), title, description, updated, variables)


def _people_count(number: int) -> str:
    return f"{number} {'person' if number == 1 else 'people'} in the cooperation news."


def _article_page(catalog: Catalog, article: Article, links: _Links, directory: Directory) -> Page:
    listed = links.listed(article)
    variables = {
        "article": article,
        "people": directory.people_of(article),
        "institutions": listed.institutions,
        "partners": listed.partners,
        "topics": links.topics_of(article),
        "previous": catalog.previous_article(article),
        "next": catalog.next_article(article),
        "related": links.listing(catalog.related(article)),
        # the timelines this article is on: one per stated institution × stated partner (relations.Pair)
        "pairs": tuple(
            (institution, partner)
            for institution in listed.institutions
            if institution.stated
            for partner in listed.partners
            if partner.stated
        ),
    }
    target = urls.article_target(article)
    return Page("article.html", target, article.title, _describe_article(article), article.date, variables, "article")


def _describe_article(article: Article) -> str:
    text = article.summary.strip() or article.title
    if len(text) > _DESCRIPTION_LIMIT:
        text = text[: _DESCRIPTION_LIMIT - 1].rsplit(" ", 1)[0] + "…"
    return text


def _count_text(count: int, what: str) -> str:
    return f"{format_count(count, 'article')} {what}."
