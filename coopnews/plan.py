"""Plan: every file a build makes, listed from the catalog as plain values, and how each one is rendered.

The plan is what the build is: pages (404 among them), feeds, the sitemap, the search and the static files
(assets, robots.txt). Nothing here knows about caches or processes; the speed layer (coopnews.incremental)
takes a plan and decides which jobs to render and where, calling `render_job` for each, and `render_plan` is
the same work done plainly, in one process, in order: the oracle the fast path is tested against.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from coopnews import urls
from coopnews.catalog import Catalog
from coopnews.config import Config
from coopnews.errors import Problem
from coopnews.feeds import Feed, list_feeds, render_feed
from coopnews.model import Article, OutputFile
from coopnews.open_data import OpenDataFile, list_open_data, render_open_data_file
from coopnews.pages import Page, list_pages, not_found_page
from coopnews.render import PageRenderer, copy_assets
from coopnews.search import make_search_files
from coopnews.sitemap import Sitemap, list_sitemap, render_robots, render_sitemap_xml

#: One output file: a page to render from a template, a feed, the sitemap, an open-data file, or a file whose
#: bytes are known.
Job = Page | Feed | Sitemap | OpenDataFile | OutputFile


@dataclass(frozen=True)
class SearchInput:
    """What the search files are made from: the articles in catalog order and every organisation's aliases."""

    articles: tuple[Article, ...]
    aliases: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class SitePlan:
    """Every output of a build: `jobs` in a fixed order (pages first, in list_pages order, then 404, feeds, the
    sitemap, the open data and the static files), the search's input, and the problems found while listing
    (bad assets)."""

    jobs: tuple[Job, ...]
    pages: int  # how many of the first jobs are the sitemap's pages
    search: SearchInput
    problems: tuple[Problem, ...]


def plan_site(catalog: Catalog, config: Config) -> SitePlan:
    """List every output of the site built from `catalog`."""
    pages = tuple(list_pages(catalog, config))
    assets, problems = copy_assets(config.templates_dir / "assets")
    jobs: tuple[Job, ...] = (
        *pages,
        not_found_page(),
        *list_feeds(catalog, config),
        list_sitemap(pages),
        *list_open_data(catalog, config),
        *assets,
        render_robots(config),
    )
    return SitePlan(jobs, len(pages), SearchInput(catalog.articles, catalog.aliases), tuple(problems))


def job_path(job: Job) -> str:
    """The file a job writes, relative to the site root."""
    return urls.file_path(job.target) if isinstance(job, Page) else job.path


def render_job(job: Job, pages: PageRenderer, config: Config) -> OutputFile:
    """One output's bytes; `pages` holds the compiled templates (one renderer per process)."""
    if isinstance(job, Page):
        return pages.render_page(job)
    if isinstance(job, Feed):
        return render_feed(job, config)
    if isinstance(job, Sitemap):
        return render_sitemap_xml(job, config)
    if isinstance(job, OpenDataFile):
        return render_open_data_file(job, config)
    return job


def render_search(search: SearchInput) -> list[OutputFile]:
    """The search files (lunr.js and the page scripts, first index, body shards, store), built from nothing."""
    return list(make_search_files(search.articles, search.aliases).files)


def render_plan(plan: SitePlan, config: Config) -> list[OutputFile]:
    """Every file of the site, rendered in this process from nothing: what the fast path must equal."""
    pages = PageRenderer(config, {})
    return [*(render_job(job, pages, config) for job in plan.jobs), *render_search(plan.search)]
