"""Render: pages as HTML through the Jinja2 templates in templates/, and the assets copied beside them.

Every page gets a `url(target)` function that links relative to that page, so the site works under any
sub-path and when moved; only 404.html, served at any depth, links from the configured base path.
"""

from __future__ import annotations

import os
import traceback
import types
from collections.abc import Callable, Mapping, MutableMapping
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from markupsafe import Markup, escape

from coopnews import urls
from coopnews.catalog import Catalog
from coopnews.charts import bar_chart, heat_map
from coopnews.config import Config
from coopnews.errors import CoopNewsError, Location, Problem, relative_path
from coopnews.formatting import (
    escape_json_for_script,
    format_article_date,
    format_count,
    format_date,
    format_kind,
    format_maybe_date,
    format_people,
)
from coopnews.markdown_body import BodyRenderer, escape_markdown
from coopnews.model import Article, OutputFile
from coopnews.open_data import render_open_data
from coopnews.pages import Listed, Page, PageMeta, list_pages, not_found_page
from coopnews.relations import (
    kinds_text,
    timeline,
    type_anchor,
)
from coopnews.source_files import list_source_files


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
            summary_opens_body=summary_opens_body,
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


def summary_opens_body(article: Article) -> bool:
    """Whether the body starts with the summary (the importer's summary is the first sentence), so the page
    need not show it twice; the body's copy may be escaped for Markdown ("a\\_b" for "a_b")."""
    return article.body.startswith(article.summary) or article.body.startswith(escape_markdown(article.summary))


#: What a template calls most: plain functions, bound methods (renderer's teaser) and builtins.
_PLAIN_CALLABLES = frozenset({types.FunctionType, types.MethodType, types.BuiltinFunctionType})


class _Context(jinja2.runtime.Context):
    """A Jinja2 context that calls plain functions straight away.

    Every call in a template (`url(...)`, `teaser(...)`, 680,000 of them at 10,000 articles) goes through
    Context.call, which asks the callable, twice, whether it wants the context or the environment passed in
    (functions marked with jinja2.pass_context and the like): 0.8 µs a call. A plain function carries no such mark
    unless it has the attribute; those, and every other callable (macros, classes), take Jinja2's own path.
    """

    @jinja2.utils.internalcode
    # "__self" and "__obj", as Jinja2 names them, so that a template may pass keyword arguments "self" and "obj"
    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if type(__obj) not in _PLAIN_CALLABLES or hasattr(__obj, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)  # what Jinja2 passes for pass_context callables only
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:  # as Context.call
            return __self.environment.undefined("value was undefined because a callable raised a StopIteration")


#: MarkupSafe's own escaper of a plain string (its C speedup; MarkupSafe is pinned in requirements.txt), or the
#: same through the public escape should a release drop it.
_escape_inner: Callable[[str], str] = getattr(markupsafe, "_escape_inner", lambda text: str(escape(text)))


def escape_output(value: Any) -> str:
    """What a template outputs for `{{ value }}`: MarkupSafe's escape, without wrapping the result in Markup.

    Jinja2 passes every value a template outputs (1.4 million at 10,000 articles) through markupsafe.escape,
    which checks for __html__, calls str() and builds a Markup around the result: 0.3 µs, where escaping the
    common plain string alone takes 0.04 µs. An output is only joined into the page, so a plain string serves;
    Markup is already safe; anything else (numbers, Undefined) takes markupsafe.escape as before.
    """
    if type(value) is str:
        return _escape_inner(value)
    if type(value) is Markup:
        return value
    return escape(value)


class _Template(jinja2.Template):
    """A template whose outputs go through escape_output (the `escape` its compiled code calls by name)."""

    @classmethod
    def from_code(cls, environment: jinja2.Environment, code: types.CodeType, *args: Any, **kwargs: Any) -> Any:
        template = super().from_code(environment, code, *args, **kwargs)
        template.root_render_func.__globals__["escape"] = escape_output  # the namespace of all its functions
        return template


class _Environment(jinja2.Environment):
    """A Jinja2 environment whose templates see its globals through a plain dict, call through _Context and
    escape through escape_output.

    Jinja2 gives each template a ChainMap over the environment's globals (so that a global added later still
    shows), and copies it, key by key in Python, into the context of every render and every import: 1.1 s of the
    6.7 s that rendering takes at 10,000 articles. A dict copies in C. PageRenderer sets every global before it
    loads the first template, so a snapshot taken at loading sees each of them.
    """

    context_class = _Context
    template_class = _Template

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


def _make_environment(templates_dir: Path) -> jinja2.Environment:
    return _Environment(
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
