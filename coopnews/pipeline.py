"""Pipeline: the whole build, read top to bottom — content → catalog → pages, feeds, search → site."""

from __future__ import annotations

import hashlib
import time
from contextlib import ExitStack
from dataclasses import dataclass

from tqdm import tqdm

from coopnews import urls
from coopnews.cache import (
    BuildCache,
    Fingerprinter,
    load_cache,
    load_summary,
    save_cache,
    sha1_of,
    site_is_intact,
    stamp_inputs,
    templates_digest,
)
from coopnews.catalog import Catalog, build_catalog
from coopnews.config import Config
from coopnews.content import read_content
from coopnews.errors import BuildFailed, Problem
from coopnews.feeds import render_feeds
from coopnews.importer import ImportReport, import_seeds
from coopnews.markdown_body import render_bodies
from coopnews.model import OutputFile
from coopnews.render import Page, PageRenderer, copy_assets, list_pages
from coopnews.search_worker import finish_search, start_search
from coopnews.site import WriteReport, write_site
from coopnews.sitemap import render_sitemap


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
    timer.lap("catalog")
    with ExitStack() as stack:
        search = start_search(stack, catalog, cache)  # at scale, in a second process while pages render
        bodies = _convert_bodies(catalog, cache)
        timer.lap("markdown")
        page_list = list(list_pages(catalog, config))
        pages, rendered, reused = _render_pages(page_list, config, bodies, cache, progress=progress)
        timer.lap("pages")
        files = [*pages, *render_feeds(catalog, config), *render_sitemap(page_list, config)]
        timer.lap("feeds and sitemap")
        files += finish_search(search, cache)
        timer.lap("search index (rest)" if search.in_background else "search index")
    written = write_site(files, config.output_dir, known_unchanged=reused)
    timer.lap("write site")
    cache.inputs = inputs
    cache.outputs = {f.path: (len(f.data), sha1_of(f.data)) for f in files}
    cache.problems = tuple(problems)
    cache.articles = len(articles)
    save_cache(config, cache)
    timer.lap("save cache")
    return BuildReport(
        articles=len(articles),
        skipped=_count_skipped(problems),
        pages=sum(1 for f in files if f.path.endswith(".html")),
        rendered=rendered,
        files=len(files),
        written=written,
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
    if strict and problems:
        raise BuildFailed([*problems, Problem(problems[0].location, "--strict: build stopped; site/ left unchanged")])


def _render_pages(
    page_list: list[Page], config: Config, bodies: dict[str, str], cache: BuildCache, *, progress: bool = False
) -> tuple[list[OutputFile], int, set[str]]:
    """Every page, 404.html and the assets; a page whose fingerprint is unchanged reuses its last output.

    Returns the files, how many pages were rendered, and the paths reused as they are in site/ now.
    """
    renderer = PageRenderer(config, bodies)
    fingerprints = Fingerprinter(templates_digest(config))
    files: list[OutputFile] = []
    seen: dict[str, str] = {}
    rendered = 0
    reused: set[str] = set()
    for page in tqdm(page_list, desc="pages", unit="page", disable=not progress):
        fingerprint = fingerprints.digest(page)  # the body's HTML follows from the article and the code
        path = urls.file_path(page.target)
        data = _reuse_output(config, cache, path) if cache.pages.get(path) == fingerprint else None
        if data is None:
            data = renderer.render_page(page).data
            rendered += 1
        else:
            reused.add(path)
        seen[path] = fingerprint
        files.append(OutputFile(path, data))
    cache.pages = seen
    files.append(renderer.render_not_found())
    files.extend(copy_assets(config.templates_dir / "assets"))
    return files, rendered, reused


def _convert_bodies(catalog: Catalog, cache: BuildCache) -> dict[str, str]:
    """Every article body as sanitised HTML, by slug; only bodies the cache has not seen are converted."""
    keys = {article.slug: hashlib.sha1(article.body.encode()).hexdigest() for article in catalog.articles}
    missing = sorted({key for key in keys.values() if key not in cache.bodies})
    by_key = {keys[article.slug]: article.body for article in catalog.articles}
    for key, html in zip(missing, render_bodies([by_key[key] for key in missing]), strict=True):
        cache.bodies[key] = html
    cache.bodies = {key: cache.bodies[key] for key in sorted(set(keys.values()))}
    return {slug: cache.bodies[key] for slug, key in keys.items()}


def _reuse_output(config: Config, cache: BuildCache, path: str) -> bytes | None:
    """The last build's output for `path`, if it is still on disk exactly as written."""
    recorded = cache.outputs.get(path)
    if recorded is None:
        return None
    try:
        data = (config.output_dir / path).read_bytes()
    except OSError:
        return None
    return data if len(data) == recorded[0] and sha1_of(data) == recorded[1] else None


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
