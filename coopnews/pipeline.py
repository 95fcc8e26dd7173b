"""Pipeline: the whole build, read top to bottom — content → catalog → pages, feeds, search → site."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass

from tqdm import tqdm

from coopnews.cache import BuildCache, load_cache, load_summary, save_cache, site_is_intact, stamp_inputs
from coopnews.catalog import Catalog, build_catalog
from coopnews.config import Config
from coopnews.content import read_content
from coopnews.errors import BuildFailed, Problem
from coopnews.feeds import list_feeds
from coopnews.importer import ImportReport, import_seeds
from coopnews.model import OutputFile
from coopnews.outputs import Chunks, Job, OutputRenderer, Rendered, in_order, job_path, run_chunks
from coopnews.render import PageRenderer, copy_assets, list_pages
from coopnews.search_worker import finish_search, in_background, start_search
from coopnews.site import SiteWriter, WriteReport
from coopnews.sitemap import SITEMAP_FILES, render_sitemap


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
    _check_strict(strict, problems)
    timer.lap("read content")
    catalog = build_catalog(articles, config.gazetteer)
    page_list = list(list_pages(catalog, config))
    jobs: list[Job] = [*page_list, *list_feeds(catalog, config)]
    timer.lap("catalog")
    assets = copy_assets(config.templates_dir / "assets")
    fixed = ["404.html", *(file.path for file in assets), *SITEMAP_FILES]
    writer = SiteWriter(config.output_dir, [*map(job_path, jobs), *fixed])

    def others() -> list[OutputFile]:
        return [PageRenderer(config, {}).render_not_found(), *assets, *render_sitemap(page_list, config)]

    try:
        done, files = _render_outputs(jobs, catalog, config, cache, writer, others, progress=progress)
        timer.lap("pages, feeds and search")
        stamps = {job.path: job.stamp for job in done}
        written = sum(job.written for job in done)
        for file in files:
            stamps[file.path], new = writer.put(file)
            written += new
        report = writer.finish(stamps, written)
    except BaseException:
        writer.abort()
        raise
    timer.lap("other files and swap")
    cache.inputs = inputs
    cache.outputs = report.stamps
    cache.pages = {job.path: job.fingerprint for job in done}
    cache.problems = tuple(problems)
    cache.articles = len(articles)
    save_cache(config, cache)
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
    others: Callable[[], list[OutputFile]],
    *,
    progress: bool,
) -> tuple[list[Rendered], list[OutputFile]]:
    """Every page and feed rendered or kept, and staged; then `others` and the search files, planned in
    `writer` and left to stage. At scale the search is built in a second process, which then renders and
    stages pages beside this one; `others` are made while this process waits for it."""
    renderer = OutputRenderer(config, writer, cache.pages, cache.outputs)
    chunks = Chunks(len(jobs), shared=in_background(catalog))
    with ExitStack() as stack, tqdm(total=len(jobs), desc="pages", unit="page", disable=not progress) as bar:
        search = start_search(stack, catalog, cache, after=lambda: run_chunks(jobs, renderer, chunks))
        mine = run_chunks(jobs, renderer, chunks, on_chunk=bar.update)
        files = others()
        search_files, theirs = finish_search(search, cache)
        bar.update(len(jobs) - bar.n)
    writer.plan([file.path for file in search_files])
    return in_order(len(jobs), mine, theirs), [*files, *search_files]


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
