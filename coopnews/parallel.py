"""Parallel: map a pure function over many items on all cores, when there are enough to pay for the workers.

Extraction, front matter parsing and Markdown are each about a millisecond an item and independent, so at
thousands of items two processes nearly halve them; below `minimum` items starting the workers costs more.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MAX_WORKERS = 4


def map_on_cores(
    function: Callable[[T], R],
    items: Sequence[T],
    *,
    minimum: int,
    chunksize: int,
    on_each: Callable[[], object] | None = None,
) -> list[R]:
    """`[function(item) for item in items]`, in order, in worker processes when there are at least `minimum`.

    `function` must be a module-level function (it is pickled); `on_each` runs in this process after each
    result, e.g. to advance a progress bar.
    """
    return list(iter_on_cores(function, items, minimum=minimum, chunksize=chunksize, on_each=on_each))


def iter_on_cores(
    function: Callable[[T], R],
    items: Sequence[T],
    *,
    minimum: int,
    chunksize: int,
    on_each: Callable[[], object] | None = None,
) -> Generator[R, None, None]:
    """map_on_cores, yielding each result as soon as it and those before it are in: the caller can work on
    them (write files, say) while the workers go on. Closing the iterator early cancels the work not started."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if workers < 2 or len(items) < minimum:
        for item in items:
            result = function(item)
            if on_each is not None:
                on_each()
            yield result
        return
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        for result in pool.map(function, items, chunksize=chunksize):
            if on_each is not None:
                on_each()
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
