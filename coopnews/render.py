"""Render: the catalog as HTML pages, through the Jinja2 templates in templates/, plus the copied assets.

Every page gets a `url(target)` function that links relative to that page, so the site works under any
sub-path and when moved; only 404.html, served at any depth, links from the configured base path.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from coopnews import urls
from coopnews.catalog import Catalog, Group, GroupLink, newest_date, paginate
from coopnews.charts import bar_chart, heat_map
from coopnews.config import Config
from coopnews.errors import CoopNewsError, Location, Problem, relative_path
from coopnews.markdown_body import BodyRenderer
from coopnews.model import Article, OutputFile, Person
from coopnews.network import build_network
from coopnews.open_data import render_open_data
from coopnews.people_directory import PERSON_PAGE, Directory, Row, build_directory, letter_target
from coopnews.relations import (
    PARTNER_TYPES,
    Counterpart,
    Pair,
    build_profile,
    build_relations,
    count_kinds,
    kind_label,
    kinds_text,
    partner_type,
    stated_types,
    timeline,
    type_anchor,
)
from coopnews.source_files import list_source_files

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_DESCRIPTION_LIMIT = 300
#: Articles per page of a year or the undated list of the archive: a reader browses these rather than reads
#: them (so more than the home page's per_page), and 50 teasers stay near 60 kB.
ARCHIVE_PAGE = 50
_JSON_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


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


def render_pages(catalog: Catalog, config: Config, *, bodies: Mapping[str, str] | None = None) -> list[OutputFile]:
    """Render every page of the site, copy templates/assets/ into assets/, and write the open data files.

    `bodies` may hold already rendered, sanitised article bodies by slug (a build cache); the rest are rendered here.
    Raises CoopNewsError naming the template file and line when a template is broken.
    """
    renderer = PageRenderer(config, bodies or {})
    files = [renderer.render_page(page) for page in (*list_pages(catalog, config), not_found_page())]
    files.extend(copy_assets(config.templates_dir / "assets")[0])
    files.extend(render_open_data(catalog, config))
    return files


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
    return Markup(text.translate(_JSON_SCRIPT_ESCAPES))


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
        if pair.has_page:
            yield _pair_page(pair)
    network = build_network(catalog, relations)
    description = "Who cooperates with whom: institutions and their most frequent partners, articles by year and kind."
    yield Page("network.html", urls.NETWORK, "Cooperation network", description, newest, {"network": network})
    yield from _people_pages(directory, config)
    description = "Cooperation news by year, and the articles whose date is not stated."
    years = tuple((links.to(year), len(year.articles)) for year in catalog.years)
    variables = {"years": years, "undated": len(catalog.undated)}
    yield Page("archive.html", urls.ARCHIVE, "Archive", description, newest, variables)
    for year in catalog.years:
        title = f"News of {year.name}"
        description = _count_text(len(year.articles), f"from {year.name}")
        first = urls.group_target(urls.ARCHIVE, year)
        yield from _list_pages(first, title, description, year.articles, links, config, newest_date(year.articles))
    if catalog.undated:
        title = "Articles with no stated date"
        description = _count_text(len(catalog.undated), "whose text does not state the year")
        yield from _list_pages(urls.UNDATED, title, description, catalog.undated, links, config, None)
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


def _list_pages(
    first: str,
    title: str,
    description: str,
    articles: Sequence[Article],
    links: _Links,
    config: Config,
    updated: dt.date | None,
) -> Iterator[Page]:
    """A list of articles (a year, the undated ones) as pages of ARCHIVE_PAGE, the first at `first`."""
    for number, count, chunk in _chunks(articles, ARCHIVE_PAGE):
        pager = _pager(number, count, partial(urls.numbered_target, first))
        heading = title if number == 1 else f"{title}, page {number} of {count}"
        variables = {"heading": heading, "total": len(articles), "articles": links.listing(chunk), "pager": pager}
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
        "previous": catalog.previous_article(article),
        "next": catalog.next_article(article),
        "related": links.listing(catalog.related(article)),
    }
    target = urls.article_target(article)
    return Page("article.html", target, article.title, _describe_article(article), article.date, variables, "article")


def _describe_article(article: Article) -> str:
    text = article.summary.strip() or article.title
    if len(text) > _DESCRIPTION_LIMIT:
        text = text[: _DESCRIPTION_LIMIT - 1].rsplit(" ", 1)[0] + "…"
    return text


def _news_article_data(article: Article, config: Config, meta: PageMeta) -> dict[str, Any]:
    """schema.org NewsArticle: what search engines read; the date is given only when the text states it."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": meta.description,
        "url": meta.canonical,
        "mainEntityOfPage": meta.canonical,
        "inLanguage": config.language,
        "publisher": {"@type": "Organization", "name": config.title, "url": config.base_url},
    }
    if article.date is not None:
        data["datePublished"] = article.date.isoformat()
    organizations = [*article.institutions, *article.partners]
    if organizations:
        data["about"] = [{"@type": "Organization", "name": name} for name in organizations]
    return data


def _count_text(count: int, what: str) -> str:
    return f"{format_count(count, 'article')} {what}."


class PageRenderer:
    """One Jinja2 environment per build, templates fetched once, site-wide values computed once."""

    def __init__(self, config: Config, bodies: Mapping[str, str]) -> None:
        self._config = config
        self._bodies = bodies
        self._body_renderer: BodyRenderer | None = None
        self._environment = _make_environment(config.templates_dir)
        self._site = {"title": config.title, "description": config.description, "language": config.language}
        self._environment.globals.update(
            site=self._site,
            article_target=urls.article_target,
            institution_target=lambda group: urls.group_target(urls.INSTITUTIONS, group),
            partner_target=lambda group: urls.group_target(urls.PARTNERS, group),
            year_target=lambda group: urls.group_target(urls.ARCHIVE, group),
            undated_target=urls.UNDATED,
            group_target=urls.group_target,
            pair_target=urls.pair_target,
            person_target=lambda link: link.target,
            type_anchor=type_anchor,
            timeline=timeline,
            bar_chart=bar_chart,
            heat_map=heat_map,
            teaser=self._render_teaser,
            compact_row=self._render_compact_row,
            site_header=self._render_header,
            site_footer=self._render_footer,
        )
        self._environment.filters.update(
            format_date=format_date,
            format_kind=format_kind,
            article_date=format_article_date,
            count=format_count,
            kinds=kinds_text,
            maybe_date=format_maybe_date,
            people=format_people,
        )
        self._templates: dict[str, jinja2.Template] = {}
        self._teasers: dict[tuple[str, int, str], Markup] = {}
        self._marked_teasers: dict[str, str] = {}
        self._rows: dict[tuple[str, str], Markup] = {}
        self._chrome: dict[tuple[str, ...], Markup] = {}

    def render_page(self, page: Page) -> OutputFile:
        path = urls.file_path(page.target)
        if page.rooted:
            base_path = self._config.base_path
            meta = PageMeta(page.title, page.description, None, page.og_type)
            linker: Callable[[str], str] = lambda target: urls.rooted_url(base_path, target)  # noqa: E731
        else:
            canonical = urls.absolute_url(self._config.base_url, page.target)
            meta = PageMeta(page.title, page.description, canonical, page.og_type)
            linker = _relative_linker(path)
        context = {**page.variables, "page": meta, "target": page.target, "url": linker}
        if "article" in page.variables:
            article = page.variables["article"]
            context["body"] = Markup(self._render_body(article))
            context["json_ld"] = escape_json_for_script(_news_article_data(article, self._config, meta))
        return OutputFile(path, self._render(page.template, path, context))

    def _render_body(self, article: Article) -> str:
        cached = self._bodies.get(article.slug)
        if cached is not None:
            return cached
        if self._body_renderer is None:
            self._body_renderer = BodyRenderer()
        return self._body_renderer.render(article.body)

    def _render_teaser(self, item: Listed, url: Callable[[str], str], level: int = 2) -> Markup:
        """partials/teaser.html for `item`, rendered once, then fitted to each heading level and folder depth.

        An article appears in many lists (home, groups, years, related; headings h2 or h3, at depths 0 to 2); its
        links to groups are the same on every page of one build, and a relative link differs between depths only
        by the "../" in front (urls.relative_url). So the teaser is rendered once with markers for the heading
        level and the link prefix, which are then replaced: the same HTML the template would give for each level
        and depth, for one render instead of up to six. The markers cannot come from an article: its text is
        escaped, so '"' and '<' in it never reach the output as such.
        """
        prefix = url("")
        key = (item.article.slug, level, prefix)
        html = self._teasers.get(key)
        if html is None:
            marked = self._marked_teasers.get(item.article.slug)
            if marked is None:
                template = self._template("partials/teaser.html")
                marked = template.render(item=item, article=item.article, url=_marked_url, level=_LEVEL_MARKER)
                self._marked_teasers[item.article.slug] = marked
            moved = (
                marked.replace(_LINK_MARKER, 'href="' + ("" if prefix == "./" else prefix))
                .replace("<h" + _LEVEL_MARKER, f"<h{level}")
                .replace("</h" + _LEVEL_MARKER, f"</h{level}")
            )
            html = self._teasers[key] = Markup(moved)
        return html

    def _render_compact_row(self, article: Article, url: Callable[[str], str]) -> Markup:
        """partials/compact_row.html for `article` (a person's list): rendered once per article and folder depth,
        like a teaser; it depends on the article and the depth alone."""
        key = (article.slug, url(""))
        html = self._rows.get(key)
        if html is None:
            template = self._template("partials/compact_row.html")
            html = self._rows[key] = Markup(template.render(article=article, url=url))
        return html

    def _render_header(self, url: Callable[[str], str], target: str) -> Markup:
        """partials/site_header.html, once per folder depth and nav state: every page has one, and it depends
        on nothing else (the nav marks the section whose top-level folder holds `target`)."""
        folder = target.split("/", 1)[0] + "/" if "/" in target else target
        key = ("header", url(""), folder, str(target == folder))
        html = self._chrome.get(key)
        if html is None:
            template = self._template("partials/site_header.html")
            html = self._chrome[key] = Markup(template.render(url=url, target=target, site=self._site))
        return html

    def _render_footer(self, url: Callable[[str], str]) -> Markup:
        """partials/site_footer.html, once per folder depth."""
        key = ("footer", url(""))
        html = self._chrome.get(key)
        if html is None:
            template = self._template("partials/site_footer.html")
            html = self._chrome[key] = Markup(template.render(url=url, site=self._site))
        return html

    def _template(self, name: str) -> jinja2.Template:
        template = self._templates.get(name)
        if template is None:
            template = self._templates[name] = self._environment.get_template(name)
        return template

    def _render(self, name: str, path: str, context: dict[str, Any]) -> bytes:
        try:
            return self._template(name).render(context).encode("utf-8")
        except Exception as exc:
            raise _template_problem(exc, self._config, name, path) from exc


def _make_environment(templates_dir: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


_LINK_MARKER = 'href="\x00'
_LEVEL_MARKER = "\x01"


def _marked_url(target: str) -> str:
    """A link from the site root with a marker in front, for teasers; see PageRenderer._render_teaser."""
    return "\x00" + urls.relative_url("index.html", target)


def _relative_linker(page_path: str) -> Callable[[str], str]:
    def url(target: str) -> str:
        if "#" in target:  # a section of a page ("partners/#type-enterprise"); slugs never hold "#"
            page, fragment = target.split("#", 1)
            return urls.relative_url(page_path, page) + "#" + fragment
        return urls.relative_url(page_path, target)

    return url


def _template_problem(exc: Exception, config: Config, name: str, page: str) -> Exception:
    """Turn an error raised by a template into a message naming the template file and line.

    Errors that come from no template frame (bugs in Python code) are returned unchanged.
    """
    root = config.path.parent
    if isinstance(exc, jinja2.TemplateSyntaxError):
        shown = relative_path(Path(exc.filename or config.templates_dir / name), root)
        message = f"template syntax error: {exc.message}"
        return CoopNewsError([Problem(Location(shown, exc.lineno), message)])
    templates = str(config.templates_dir) + os.sep
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(templates)]
    if isinstance(exc, jinja2.TemplateNotFound) and not frames:
        shown = relative_path(config.templates_dir / name, root)
        return CoopNewsError([Problem(Location(shown), f"template not found while rendering {page}")])
    if not frames:
        return exc
    frame = frames[-1]
    what = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else f"{type(exc).__name__}: {exc}"
    shown = relative_path(Path(frame.filename), root)
    return CoopNewsError([Problem(Location(shown, frame.lineno), f"template error: {what} (rendering {page})")])


def copy_assets(assets_dir: Path) -> tuple[list[OutputFile], list[Problem]]:
    """templates/assets/** -> assets/**, sorted; hidden files (editor swap files, .DS_Store) are left out, and so
    are links out of the folder and files that are not regular (each with a Problem; see source_files)."""
    listing = list_source_files(assets_dir, "", shown_root=assets_dir.parent.parent, depth=None)
    files = [
        OutputFile(f"assets/{path.relative_to(assets_dir).as_posix()}", path.read_bytes()) for path in listing.files
    ]
    return files, list(listing.problems)
