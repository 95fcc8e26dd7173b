"""Render: the catalog as HTML pages, through the Jinja2 templates in templates/, plus the copied assets.

Every page gets a `url(target)` function that links relative to that page, so the site works under any
sub-path and when moved; only 404.html, served at any depth, links from the configured base path.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from coopnews import urls
from coopnews.catalog import Catalog, Group, GroupLink, HomePage, newest_date, paginate
from coopnews.config import Config
from coopnews.errors import CoopNewsError, Location, Problem, relative_path
from coopnews.markdown_body import BodyRenderer
from coopnews.model import Article, OutputFile
from coopnews.source_files import list_source_files

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_DESCRIPTION_LIMIT = 300
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
    """Render every page of the site and copy templates/assets/ into assets/.

    `bodies` may hold already rendered, sanitised article bodies by slug (a build cache); the rest are rendered here.
    Raises CoopNewsError naming the template file and line when a template is broken.
    """
    renderer = PageRenderer(config, bodies or {})
    files = [renderer.render_page(page) for page in (*list_pages(catalog, config), not_found_page())]
    files.extend(copy_assets(config.templates_dir / "assets")[0])
    return files


def format_date(date: dt.date) -> str:
    """A date as readers write it ("19 November 2023"), independent of the machine's locale."""
    return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"


def format_article_date(article: Article) -> Markup:
    """An article's date as a <time> element, or "Date not stated" when the text gives no year."""
    return _format_time(article.date)


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
    return kind.replace("-", " ").capitalize()


def escape_json_for_script(data: object) -> Markup:
    """JSON for a <script> element: sorted keys, and "<", ">", "&" escaped so no text can close the element."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.translate(_JSON_SCRIPT_ESCAPES))


def list_pages(catalog: Catalog, config: Config) -> Iterator[Page]:
    """Every page except 404.html, in a fixed order; the one list both the renderer and the sitemap use.

    Invariant: a page's HTML is a function of its template, its fields and `variables` alone (no catalog-wide
    template globals), so the build cache can tell from them whether a page must be rendered again.
    """
    newest = newest_date(catalog.articles)
    overview = {
        "institutions": len(catalog.institutions),
        "partners": len(catalog.partners),
        "years": tuple(map(GroupLink.to, catalog.years)),
        "undated": bool(catalog.undated),
    }
    for home in paginate(catalog.articles, config.per_page):
        title = config.title if home.number == 1 else f"Latest news, page {home.number} of {home.count}"
        variables = {"home": home, "pager": _pager(home), "overview": overview if home.number == 1 else None}
        yield Page("index.html", urls.home_target(home.number), title, config.description, newest, variables)
    links = _Links()
    for article in catalog.articles:
        yield _article_page(catalog, article, links)
    for folder, groups, role, other, other_folder in (
        (urls.INSTITUTIONS, catalog.institutions, "institution", "partner", urls.PARTNERS),
        (urls.PARTNERS, catalog.partners, "partner", "institution", urls.INSTITUTIONS),
    ):
        heading = f"{role.capitalize()}s"
        description = f"Every {role} in the cooperation news, with its number of articles and other names."
        variables = {
            "groups": groups,
            "folder": folder,
            "role": role,
            "heading": heading,
            "article_count": len(catalog.articles),
        }
        yield Page("groups.html", folder, heading, description, newest, variables)
        for group in groups:
            split = catalog.sections_by_partner if role == "institution" else catalog.sections_by_institution
            description = _count_text(len(group.articles), f"about cooperation with {group.name}")
            variables = {
                "group": group,
                "sections": split(group),
                "role": role,
                "other_role": other,
                "other_folder": other_folder,
                "feed": urls.group_feed_target(folder, group),
            }
            target = urls.group_target(folder, group)
            yield Page("group.html", target, group.name, description, newest_date(group.articles), variables)
    description = "Cooperation news by year, and the articles whose date is not stated."
    variables = {"years": catalog.years, "undated": catalog.undated}
    yield Page("archive.html", urls.ARCHIVE, "Archive", description, newest, variables)
    for year in catalog.years:
        title = f"News of {year.name}"
        description = _count_text(len(year.articles), f"from {year.name}")
        variables = {"heading": title, "articles": year.articles}
        target = urls.group_target(urls.ARCHIVE, year)
        yield Page("archive_list.html", target, title, description, newest_date(year.articles), variables)
    if catalog.undated:
        title = "Articles with no stated date"
        description = _count_text(len(catalog.undated), "whose text does not state the year")
        variables = {"heading": title, "articles": catalog.undated}
        yield Page("archive_list.html", urls.UNDATED, title, description, None, variables)
    yield Page("search.html", urls.SEARCH, "Search", f"Search {config.title}.", None, {})


def not_found_page() -> Page:
    """404.html: served for missing paths at any depth, so its links start at the base path."""
    return Page(
        "404.html", "404.html", "Page not found", "The page you asked for does not exist.", None, {}, rooted=True
    )


class _Links:
    """One GroupLink per group in a list_pages call, so the build cache digests each once, not once per page."""

    def __init__(self) -> None:
        self._made: dict[int, GroupLink] = {}  # by id() of groups the catalog keeps alive meanwhile

    def to(self, group: Group) -> GroupLink:
        link = self._made.get(id(group))
        if link is None:
            link = self._made[id(group)] = GroupLink.to(group)
        return link


def _article_page(catalog: Catalog, article: Article, links: _Links) -> Page:
    variables = {
        "article": article,
        "institutions": tuple(map(links.to, catalog.institution_groups(article))),
        "partners": tuple(map(links.to, catalog.partner_groups(article))),
        "previous": catalog.previous_article(article),
        "next": catalog.next_article(article),
        "related": catalog.related(article),
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


def _pager(home: HomePage) -> dict[str, str | None]:
    return {
        "newer": urls.home_target(home.number - 1) if home.number > 1 else None,
        "older": urls.home_target(home.number + 1) if home.number < home.count else None,
    }


class PageRenderer:
    """One Jinja2 environment per build, templates fetched once, site-wide values computed once."""

    def __init__(self, config: Config, bodies: Mapping[str, str]) -> None:
        self._config = config
        self._bodies = bodies
        self._body_renderer: BodyRenderer | None = None
        self._environment = _make_environment(config.templates_dir)
        self._environment.globals.update(
            site={"title": config.title, "description": config.description, "language": config.language},
            article_target=urls.article_target,
            institution_target=lambda group: urls.group_target(urls.INSTITUTIONS, group),
            partner_target=lambda group: urls.group_target(urls.PARTNERS, group),
            year_target=lambda group: urls.group_target(urls.ARCHIVE, group),
            undated_target=urls.UNDATED,
            group_target=urls.group_target,
            teaser=self._render_teaser,
        )
        self._environment.filters.update(
            format_date=format_date, format_kind=format_kind, article_date=format_article_date, count=format_count
        )
        self._templates: dict[str, jinja2.Template] = {}
        self._teasers: dict[tuple[str, int, str], Markup] = {}

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

    def _render_teaser(self, article: Article, url: Callable[[str], str], level: int = 2) -> Markup:
        """partials/teaser.html for `article`, rendered once per heading level and folder depth.

        An article appears in many lists (home, groups, years, related); `url("")` names the depth,
        and links depend on nothing else, so the cached HTML is the same the template would give.
        """
        key = (article.slug, level, url(""))
        html = self._teasers.get(key)
        if html is None:
            template = self._template("partials/teaser.html")
            html = self._teasers[key] = Markup(template.render(article=article, url=url, level=level))
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


def _relative_linker(page_path: str) -> Callable[[str], str]:
    def url(target: str) -> str:
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
