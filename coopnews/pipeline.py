"""Pipeline: the whole build, read top to bottom — content → catalog → pages, feeds, search → site."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coopnews.cache import (
    BuildCache,
    load_cache,
    load_summary,
    save_cache,
    save_content_memo,
    site_is_intact,
    stamp_inputs,
)
from coopnews.catalog import Catalog, build_catalog
from coopnews.config import Config
from coopnews.content import memo_digests, read_content
from coopnews.errors import BuildFailed, Problem
from coopnews.feeds import list_feeds
from coopnews.open_data import PATHS as OPEN_DATA
from coopnews.open_data import render_open_data
from coopnews.outputs import Chunks, Job, Once, OutputRenderer, Rendered, in_order, job_path, run_chunks
from coopnews.progress import progress_bar
from coopnews.render import copy_assets, list_pages
from coopnews.search_worker import StagedSearch, finish_search, in_background, start_search
from coopnews.site import SiteWriter, Stamp, WriteReport, stage_files
from coopnews.sitemap import ROBOTS, list_sitemap, render_robots

if TYPE_CHECKING:
    from coopnews.importer import ImportReport


@dataclass(frozen=True)
class BuildReport:
    """What a build did: articles read and skipped, pages rendered or reused, files written, every problem."""

    articles: int
    skipped: int
    pages: int
    rendered: int
    files: int
    written: WriteReport
    problems: tuple[Problem, ...]
    seconds: float
    up_to_date: bool = False
    stages: tuple[tuple[str, float], ...] = ()


def import_articles(config: Config, *, force: bool = False, progress: bool = False) -> ImportReport:
    """Turn every seed into a content file, never overwriting a hand edit (see importer)."""
    from coopnews.importer import import_seeds  # the extractor's imports cost a build 0.1 s for nothing

    return import_seeds(config, force=force, progress=progress)


def build_site(config: Config, *, strict: bool = False, progress: bool = False) -> BuildReport:
    """Build site/ from content/; a bad content file is skipped, or fails the whole build under `strict`.

    The site is written atomically, so a build that raises leaves the previous site/ as it was. What the
    last build did is reused through .cache/ (see cache); the output is the same as a build without it.
    """
    timer = _StageTimer()
    summary = load_summary(config)
    inputs = stamp_inputs(config)
    if summary is not None and summary.inputs == inputs and site_is_intact(config.output_dir, summary.outputs):
        _check_strict(strict, list(summary.problems))
        return _up_to_date_report(summary, timer)
    cache = load_cache(config)
    timer.lap("check inputs")
    articles, problems = read_content(config.content_dir, cache.content)
    timer.lap("read content")
    catalog = build_catalog(articles, config.gazetteer)
    page_list = list(list_pages(catalog, config))
    jobs: list[Job] = [*page_list, *list_feeds(catalog, config), list_sitemap(page_list)]
    timer.lap("catalog")
    assets, asset_problems = copy_assets(config.templates_dir / "assets")
    problems.extend(asset_problems)
    _check_strict(strict, problems)
    fixed = ["404.html", *(file.path for file in assets), ROBOTS, *OPEN_DATA]
    writer = SiteWriter(config.output_dir, [*map(job_path, jobs), *fixed])

    def stage_others(renderer: OutputRenderer) -> tuple[dict[str, Stamp], int]:
        others = [renderer.render_not_found(), *assets, render_robots(config), *render_open_data(catalog, config)]
        return stage_files(writer, others)

    background = in_background(catalog)
    try:
        done, search, (stamps, written) = _render_outputs(
            jobs, catalog, config, cache, writer, stage_others, background=background, progress=progress
        )
        timer.lap("pages, feeds, search and the rest")
        stamps.update({job.path: job.stamp for job in done})
        stamps.update(search.stamps)
        written += sum(job.written for job in done) + search.written
        report = writer.finish(stamps, written)
    except BaseException:
        writer.abort()
        raise
    timer.lap("swap")
    cache.inputs = inputs
    cache.outputs = report.stamps
    cache.pages = {job.path: job.fingerprint for job in done}
    cache.problems = tuple(problems)
    cache.articles = len(articles)
    save_cache(config, cache)  # the content memo was saved by _render_outputs
    timer.lap("save cache")
    rendered = sum(1 for job in done[: len(page_list)] if job.rendered)
    return BuildReport(
        articles=len(articles),
        skipped=_count_skipped(problems),
        pages=sum(1 for path in report.stamps if path.endswith(".html")),
        rendered=rendered,
        files=len(report.stamps),
        written=report,
        problems=tuple(problems),
        seconds=timer.total(),
        stages=tuple(timer.laps),
    )


def _render_outputs(
    jobs: list[Job],
    catalog: Catalog,
    config: Config,
    cache: BuildCache,
    writer: SiteWriter,
    while_waiting: Callable[[OutputRenderer], tuple[dict[str, Stamp], int]],
    *,
    background: bool,
    progress: bool,
) -> tuple[list[Rendered], StagedSearch, tuple[dict[str, Stamp], int]]:
    """Every page and feed rendered or kept, and staged in `writer`, and the search files staged. With
    `background`, the search is built in a second process, which then renders and stages pages beside this
    one. The content memo is saved by whichever process runs out of work first; this process runs
    `while_waiting` (with its renderer, whose templates are compiled already) when no page is left to take."""
    renderer = OutputRenderer(config, writer, cache.pages, cache.outputs, memo_digests(cache.content))
    chunks = Chunks(len(jobs), shared=background)
    content_saved = Once(shared=background)

    def save_content() -> None:
        if content_saved.claim():
            save_content_memo(config, cache.content, cache.content_loaded)

    def after_search() -> dict[int, list[Rendered]]:
        done = run_chunks(jobs, renderer, chunks)
        save_content()
        return done

    with ExitStack() as stack, progress_bar(len(jobs), "pages", "page", enabled=progress) as bar:
        search = start_search(stack, catalog, config, writer, after=after_search)
        mine = run_chunks(jobs, renderer, chunks, on_chunk=bar.update)
        save_content()
        rest = while_waiting(renderer)
        staged = finish_search(search)
        bar.update(len(jobs) - bar.n)
    return in_order(len(jobs), mine, staged.done), staged, rest


class _StageTimer:
    """Seconds spent in each stage, for `build --timings` and the benchmark."""

    def __init__(self) -> None:
        self._started = self._last = time.perf_counter()
        self.laps: list[tuple[str, float]] = []

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps.append((stage, now - self._last))
        self._last = now

    def total(self) -> float:
        return time.perf_counter() - self._started


def _check_strict(strict: bool, problems: list[Problem]) -> None:
    if strict and problems:
        raise BuildFailed([*problems, Problem(problems[0].location, "--strict: build stopped; site/ left unchanged")])


def _count_skipped(problems: list[Problem]) -> int:
    return len({p.location.path for p in problems if p.severity == "error"})


def _up_to_date_report(cache: BuildCache, timer: _StageTimer) -> BuildReport:
    return BuildReport(
        articles=cache.articles,
        skipped=_count_skipped(list(cache.problems)),
        pages=sum(1 for path in cache.outputs if path.endswith(".html")),
        rendered=0,
        files=len(cache.outputs),
        written=WriteReport(written=0, unchanged=len(cache.outputs), removed=0),
        problems=cache.problems,
        seconds=timer.total(),
        up_to_date=True,
    )
