"""Search worker: the search files built in a second process while the pages render, and the memo kept for
the next build in .cache/ (see search.update_search_files). Once the search is built, the worker takes its
share of the pages (see outputs), so neither core waits for the other."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, replace

from coopnews.cache import BuildCache, code_digest
from coopnews.catalog import Catalog
from coopnews.model import OutputFile
from coopnews.outputs import Rendered
from coopnews.search import SearchMemo, update_search_files
from coopnews.search_index import TermCounts

#: Articles from which the search is built in a second process; below, starting one costs more than it saves.
IN_BACKGROUND_FROM = 1_000
_MEMO_KEY = "search"  # key of the search memo in BuildCache.extra

#: Work the worker does after the search: outputs.run_chunks over the build's jobs.
AfterSearch = Callable[[], dict[int, list[Rendered]]]


@dataclass(frozen=True)
class SearchJob:
    """A search build under way: in a worker process (`future`) or, for small sites, left to finish_search."""

    catalog: Catalog
    memo: SearchMemo
    future: Future[_SearchResult] | None

    @property
    def in_background(self) -> bool:
        return self.future is not None


def in_background(catalog: Catalog) -> bool:
    """Whether start_search will build the search in a second process."""
    return len(catalog.articles) >= IN_BACKGROUND_FROM


def start_search(stack: ExitStack, catalog: Catalog, cache: BuildCache, after: AfterSearch) -> SearchJob:
    """Start building the search files; the worker, if any, runs `after` next and is shut down when `stack` closes."""
    memo = _search_memo(cache)
    future = _start_search(stack, catalog, memo, after) if in_background(catalog) else None
    return SearchJob(catalog, memo, future)


def finish_search(job: SearchJob, cache: BuildCache) -> tuple[list[OutputFile], dict[int, list[Rendered]]]:
    """The search files, and what the worker's `after` returned ({} without a worker); the memo this build
    leaves is stored in `cache`."""
    files, memo, done = _finish_search(job.future, job.catalog, job.memo)
    cache.extra[_MEMO_KEY] = (code_digest(), memo)
    return files, done


def _search_memo(cache: BuildCache) -> SearchMemo:
    """The last build's search memo, unless the code that made it has changed since (its counts would be stale)."""
    code, memo = cache.extra.get(_MEMO_KEY, ("", None))
    return memo if code == code_digest() and isinstance(memo, SearchMemo) else SearchMemo()


_Counts = dict[bytes, TermCounts | None]  # a memo's counts, None where the receiving process holds them already
_SearchResult = tuple[list[OutputFile], SearchMemo, _Counts, _Counts, dict[int, list[Rendered]]]
_received_search_inputs: tuple[Catalog, SearchMemo, AfterSearch] | None = None  # set in the search worker only


def _start_search(stack: ExitStack, catalog: Catalog, memo: SearchMemo, after: AfterSearch) -> Future[_SearchResult]:
    """Build the search files in a second process, forked so it inherits its inputs: pickling 10,000 articles
    across would cost this process, which renders the pages meanwhile, a quarter of a second."""
    pool = ProcessPoolExecutor(
        max_workers=1,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_receive_search_inputs,
        initargs=(catalog, memo, after),
    )
    stack.enter_context(pool)
    return pool.submit(_build_received_search)


def _receive_search_inputs(catalog: Catalog, memo: SearchMemo, after: AfterSearch) -> None:
    global _received_search_inputs
    _received_search_inputs = (catalog, memo, after)


def _build_received_search() -> _SearchResult:
    """The search files and memo; the memo's counts come back as None where the parent holds them already, as
    most do: sent whole, they are a third of what would cross between the processes."""
    assert _received_search_inputs is not None, "runs in a worker started by _start_search"
    catalog, memo, after = _received_search_inputs
    known = set(memo.meta_terms), set(memo.body_terms)
    files = update_search_files(catalog.articles, catalog.aliases, memo)
    meta = {key: None if key in known[0] else counts for key, counts in memo.meta_terms.items()}
    body = {key: None if key in known[1] else counts for key, counts in memo.body_terms.items()}
    return files, replace(memo, meta_terms={}, body_terms={}), meta, body, after()


def _finish_search(
    job: Future[_SearchResult] | None, catalog: Catalog, memo: SearchMemo
) -> tuple[list[OutputFile], SearchMemo, dict[int, list[Rendered]]]:
    """The search files, the memo this build leaves, and the worker's other work: from the worker if one was
    started, else the search built here."""
    if job is None:
        return update_search_files(catalog.articles, catalog.aliases, memo), memo, {}
    files, made, meta, body, done = job.result()
    made.meta_terms = {key: memo.meta_terms[key] if counts is None else counts for key, counts in meta.items()}
    made.body_terms = {key: memo.body_terms[key] if counts is None else counts for key, counts in body.items()}
    return files, made, done
