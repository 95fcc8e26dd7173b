"""Pipeline: the whole build, read top to bottom — content → catalog → plan (pages, feeds, sitemap, search,
static files) → site."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coopnews import incremental
from coopnews.catalog import build_catalog
from coopnews.config import Config
from coopnews.content import read_content
from coopnews.errors import BuildFailed, Problem
from coopnews.plan import plan_site
from coopnews.site import WriteReport

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


def import_articles(
    config: Config, *, force: bool = False, restore: bool = False, progress: bool = False
) -> ImportReport:
    """Turn every seed into a content file, never overwriting a hand edit (see importer)."""
    from coopnews.importer import import_seeds  # the extractor's imports cost a build 0.1 s for nothing

    return import_seeds(config, force=force, restore=restore, progress=progress)


def build_site(config: Config, *, strict: bool = False, progress: bool = False) -> BuildReport:
    """Build site/ from content/; a bad content file is skipped, or fails the whole build under `strict`.

    The steps are those of any static site generator: read the content, sort and group it (the catalog),
    list every output (the plan), then render and write them. The last step goes through the speed layer
    (coopnews.incremental), which renders only what changed since the last build, on both cores at scale,
    and swaps the new site in atomically: a build that raises leaves the previous site/ as it was.
    """
    timer = _StageTimer()
    previous = incremental.load_cache(config)
    if previous.up_to_date:
        _check_strict(strict, list(previous.problems))
        return _up_to_date_report(previous, timer)
    timer.lap("check inputs")
    articles, problems = read_content(config.content_dir, previous.content)
    timer.lap("read content")
    catalog = build_catalog(articles, config.gazetteer)
    plan = plan_site(catalog, config)
    problems = [*problems, *catalog.problems, *plan.problems]
    _check_strict(strict, problems)
    timer.lap("catalog and plan")
    published = incremental.publish_site(
        plan, config, previous, articles=len(articles), problems=tuple(problems), progress=progress
    )
    timer.lap("pages, feeds, search; swap")
    return BuildReport(
        articles=len(articles),
        skipped=_count_skipped(problems),
        pages=sum(1 for path in published.written.stamps if path.endswith(".html")),
        rendered=published.rendered,
        files=len(published.written.stamps),
        written=published.written,
        problems=tuple(problems),
        seconds=timer.total(),
        stages=tuple(timer.laps),
    )


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
    """Under `strict`, fail on any problem but notes (a draft left out is not a problem)."""
    if strict and any(problem.severity != "note" for problem in problems):
        raise BuildFailed([*problems, Problem(problems[0].location, "--strict: build stopped; site/ left unchanged")])


def _count_skipped(problems: list[Problem]) -> int:
    return len({p.location.path for p in problems if p.severity == "error"})


def _up_to_date_report(cache: incremental.BuildCache, timer: _StageTimer) -> BuildReport:
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
