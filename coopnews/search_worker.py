"""Search worker: the search files built in a second process while the pages render, written straight into the
staging site, with the memo kept for the next build in .cache/search.pickle (see search.update_search_files).
Once the search is built, the worker takes its share of the pages (see outputs), so neither core waits for
the other.

The worker is forked, so it inherits the catalog and the site writer instead of receiving them pickled, and
it loads and saves the search memo itself: the memo (about 30 MB at 10,000 articles) never crosses between
the processes, and this process spends no time on it.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass

from coopnews.cache import load_memo, save_memo
from coopnews.catalog import Catalog
from coopnews.config import Config
from coopnews.outputs import Rendered
from coopnews.parallel import exit_with_parent
from coopnews.search import SearchMemo, update_search_files
from coopnews.site import SiteWriter, Stamp, stage_files

#: Articles from which the search is built in a second process; below, starting one costs more than it saves.
IN_BACKGROUND_FROM = 1_000
_MEMO = "search"  # .cache/search.pickle

#: Work the worker does after the search: outputs.run_chunks over the build's jobs.
AfterSearch = Callable[[], dict[int, list[Rendered]]]


@dataclass(frozen=True)
class StagedSearch:
    """The search files staged in the writer: each path's stamp and how many got new bytes; and what the
    worker's `after` returned ({} when the search was built in this process)."""

    stamps: dict[str, Stamp]
    written: int
    done: dict[int, list[Rendered]]


@dataclass(frozen=True)
class SearchJob:
    """A search build under way: in a worker process (`future`) or, for small sites, left to finish_search."""

    catalog: Catalog
    config: Config
    writer: SiteWriter
    future: Future[StagedSearch] | None

    @property
    def in_background(self) -> bool:
        return self.future is not None


def in_background(catalog: Catalog) -> bool:
    """Whether start_search will build the search in a second process."""
    return len(catalog.articles) >= IN_BACKGROUND_FROM


def start_search(
    stack: ExitStack, catalog: Catalog, config: Config, writer: SiteWriter, after: AfterSearch
) -> SearchJob:
    """Start building and staging the search files; the worker, if any, runs `after` next and is shut down when
    `stack` closes."""
    future = None
    if in_background(catalog):
        pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_receive_search_inputs,
            initargs=(catalog, config, writer, after),
        )
        stack.enter_context(pool)
        future = pool.submit(_build_received_search)
    return SearchJob(catalog, config, writer, future)


def finish_search(job: SearchJob) -> StagedSearch:
    """Wait for the worker, or build the search here; either way the search files end up planned in this
    process's writer (the worker's copy planned and wrote them)."""
    if job.future is None:
        stamps, written, memo = _stage_search(job.catalog, job.config, job.writer)
        save_memo(job.config, _MEMO, memo)
        return StagedSearch(stamps, written, done={})
    staged = job.future.result()
    job.writer.plan(staged.stamps, made=True)
    return staged


def _stage_search(catalog: Catalog, config: Config, writer: SiteWriter) -> tuple[dict[str, Stamp], int, SearchMemo]:
    """Build the search files from the last build's memo and stage them in `writer`; the memo this build leaves,
    to save once the pages are done (the other process may be waiting for this one's help meanwhile)."""
    memo = load_memo(config, _MEMO)
    if not isinstance(memo, SearchMemo):
        memo = SearchMemo()
    files = update_search_files(catalog.articles, catalog.aliases, memo)
    writer.plan([file.path for file in files])
    return (*stage_files(writer, files), memo)


_received_search_inputs: tuple[Catalog, Config, SiteWriter, AfterSearch] | None = None  # in the search worker only


def _receive_search_inputs(catalog: Catalog, config: Config, writer: SiteWriter, after: AfterSearch) -> None:
    global _received_search_inputs
    exit_with_parent()
    _received_search_inputs = (catalog, config, writer, after)


def _build_received_search() -> StagedSearch:
    assert _received_search_inputs is not None, "runs in a worker started by start_search"
    catalog, config, writer, after = _received_search_inputs
    stamps, written, memo = _stage_search(catalog, config, writer)
    done = after()
    save_memo(config, _MEMO, memo)
    return StagedSearch(stamps, written, done)
