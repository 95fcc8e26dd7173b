"""Pipeline: the whole build, read top to bottom — content → catalog → pages, feeds, search → site."""

from __future__ import annotations

import time
from dataclasses import dataclass

from coopnews.catalog import build_catalog
from coopnews.config import Config
from coopnews.content import read_content
from coopnews.errors import BuildFailed, Problem
from coopnews.feeds import render_feeds
from coopnews.importer import ImportReport, import_seeds
from coopnews.render import render_pages
from coopnews.search import build_search_files
from coopnews.site import WriteReport, write_site
from coopnews.sitemap import render_sitemap


@dataclass(frozen=True)
class BuildReport:
    """What a build did: articles read and skipped, files written, and every problem reported."""

    articles: int
    skipped: int
    pages: int
    files: int
    written: WriteReport
    problems: tuple[Problem, ...]
    seconds: float


def import_articles(config: Config, *, force: bool = False, progress: bool = False) -> ImportReport:
    """Turn every seed into a content file, never overwriting a hand edit (see importer)."""
    return import_seeds(config, force=force, progress=progress)


def build_site(config: Config, *, strict: bool = False) -> BuildReport:
    """Build site/ from content/; a bad content file is skipped, or fails the whole build under `strict`.

    The site is written atomically, so a build that raises leaves the previous site/ as it was.
    """
    started = time.perf_counter()
    articles, problems = read_content(config.content_dir)
    if strict and problems:
        raise BuildFailed([*problems, Problem(problems[0].location, "--strict: build stopped; site/ left unchanged")])
    catalog = build_catalog(articles, config.gazetteer)
    files = [
        *render_pages(catalog, config),
        *render_feeds(catalog, config),
        *render_sitemap(catalog, config),
        *build_search_files(catalog.articles, catalog.aliases),
    ]
    written = write_site(files, config.output_dir)
    skipped = len({p.location.path for p in problems if p.severity == "error"})
    return BuildReport(
        articles=len(articles),
        skipped=skipped,
        pages=sum(1 for f in files if f.path.endswith(".html")),
        files=len(files),
        written=written,
        problems=tuple(problems),
        seconds=time.perf_counter() - started,
    )
