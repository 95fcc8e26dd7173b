"""Background: the second process of a big build, which builds the search while this one renders pages.

At 1,000 articles and more, the search files are built in a forked worker and written straight into the
staging site; the worker saves its memo and then takes its share of the pages (chunks handed out by a counter
in shared memory), so neither core waits for the other. The worker is forked, so it inherits the plan and the
site writer instead of receiving them pickled, and it loads and saves the search memo itself: the memo (about
30 MB at 10,000 articles) never crosses between the processes.

Where the platform cannot fork (Windows, and macOS where spawn is the default), everything runs in this
process, in the same order, and gives the same site.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

from coopnews.config import Config
from coopnews.incremental import jobs
from coopnews.incremental.cache import load_memo, save_memo
from coopnews.incremental.jobs import Rendered
from coopnews.parallel import exit_with_parent
from coopnews.plan import SearchInput
from coopnews.search import SearchMemo, make_search_files
from coopnews.site import SiteWriter, Stamp, stage_files

#: Articles from which the search is built in a second process; below, starting one costs more than it saves.
IN_BACKGROUND_FROM = 1_000
_MEMO = "search"  # .cache/search.pickle

#: Work the worker does after the search and its memo: save the content memo, then jobs.run_chunks.
AfterSearch = Callable[[], dict[int, list[Rendered]]]


def can_fork() -> bool:
    """Whether this platform can fork a worker that inherits this process's memory."""
    return "fork" in multiprocessing.get_all_start_methods()


def use_background(articles: int) -> bool:
    """Whether a build of `articles` builds its search in a second process."""
    return articles >= IN_BACKGROUND_FROM and can_fork()


class Chunks:
    """Hands out the start of the next chunk of `total` jobs, last chunk first; with `shared`, across processes
    forked after it.

    Last first because the plan ends with the whole-site files (feeds, the sitemap, the open data: about a
    second at 10,000 articles, most of what an edit rebuilds): this process takes them at once, while the
    worker builds the search, and neither process is left finishing them alone at the end. A lock-protected
    count in shared memory: the cheapest way for two processes to split a list whose items they both hold.
    """

    def __init__(self, total: int, *, shared: bool) -> None:
        self._chunks = -(-total // jobs.CHUNK)  # ceiling
        self._taken: Any = multiprocessing.get_context("fork").Value("q", 0) if shared else None
        self._local = 0

    def take(self) -> int | None:
        """The first index of the next chunk, or None when every chunk has been taken."""
        if self._taken is None:
            taken, self._local = self._local, self._local + 1
        else:
            with self._taken.get_lock():
                taken = self._taken.value
                self._taken.value = taken + 1
        return (self._chunks - 1 - taken) * jobs.CHUNK if taken < self._chunks else None

    def stop(self) -> None:
        """Hand out no more chunks (this process failed: the other should not go on rendering for nothing)."""
        if self._taken is None:
            self._local = self._chunks
        else:
            with self._taken.get_lock():
                self._taken.value = self._chunks


@dataclass(frozen=True)
class StagedSearch:
    """The search files staged in the writer: each path's stamp and how many got new bytes; and what the
    worker's `after` returned ({} when the search was built in this process)."""

    stamps: dict[str, Stamp]
    written: int
    done: dict[int, list[Rendered]]


@dataclass(frozen=True)
class SearchTask:
    """A search build under way: in a worker process (`future`), or left to finish_search in this one."""

    search: SearchInput
    config: Config
    writer: SiteWriter
    future: Future[StagedSearch] | None


def start_search(
    stack: ExitStack, search: SearchInput, config: Config, writer: SiteWriter, *, background: bool, after: AfterSearch
) -> SearchTask:
    """Start building and staging the search files in a worker when `background`; the worker runs `after`
    next and is shut down when `stack` closes."""
    future = None
    if background:
        pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_receive_search_inputs,
            initargs=(search, config, writer, after),
        )
        stack.enter_context(pool)
        future = pool.submit(_build_received_search)
    return SearchTask(search, config, writer, future)


def finish_search(task: SearchTask) -> StagedSearch:
    """Wait for the worker, or build the search here; either way the search files end up planned in this
    process's writer (the worker's copy planned and wrote them)."""
    if task.future is None:
        stamps, written, memo = _stage_search(task.search, task.config, task.writer)
        save_memo(task.config, _MEMO, memo)
        return StagedSearch(stamps, written, done={})
    staged = task.future.result()
    task.writer.plan(staged.stamps, made=True)
    return staged


def _stage_search(search: SearchInput, config: Config, writer: SiteWriter) -> tuple[dict[str, Stamp], int, SearchMemo]:
    """Build the search files from the last build's memo and stage them in `writer`; and the memo this build
    leaves."""
    memo = load_memo(config, _MEMO)
    made = make_search_files(search.articles, search.aliases, memo if isinstance(memo, SearchMemo) else None)
    writer.plan([file.path for file in made.files])
    return (*stage_files(writer, made.files), made.memo)


_received_search_inputs: tuple[SearchInput, Config, SiteWriter, AfterSearch] | None = None  # in the worker only


def _receive_search_inputs(search: SearchInput, config: Config, writer: SiteWriter, after: AfterSearch) -> None:
    global _received_search_inputs
    exit_with_parent()
    _received_search_inputs = (search, config, writer, after)


def _build_received_search() -> StagedSearch:
    assert _received_search_inputs is not None, "runs in a worker started by start_search"
    search, config, writer, after = _received_search_inputs
    stamps, written, memo = _stage_search(search, config, writer)
    save_memo(config, _MEMO, memo)
    return StagedSearch(stamps, written, after())
