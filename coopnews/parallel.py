"""Parallel: map a pure function over many items on all cores, when there are enough to pay for the workers.

Extraction, front matter parsing and Markdown are each about a millisecond an item and independent, so at
thousands of items two processes nearly halve them; below `minimum` items starting the workers costs more.

Workers exit when the process that started them dies (see exit_with_parent): a build killed by the OOM killer
or `kill -9` must not leave workers blocked forever on a queue whose other end is gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
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
    pool = ProcessPoolExecutor(max_workers=workers, initializer=exit_with_parent, initargs=(os.getpid(),))
    try:
        for result in pool.map(function, items, chunksize=chunksize):
            if on_each is not None:
                on_each()
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


#: Seconds between the portable check that the parent still lives.
PARENT_POLL = 0.5
_PR_SET_PDEATHSIG = 1


def exit_with_parent(parent: int | None = None) -> None:
    """Make this worker process exit as soon as `parent` (default: its parent now) dies; a worker initializer.

    On Linux the kernel sends SIGKILL at once (prctl PR_SET_PDEATHSIG); everywhere, a daemon thread also
    checks os.getppid() every PARENT_POLL seconds, which covers other systems and the case the kernel does
    not (the death signal follows the parent's thread that forked, not the whole process).
    """
    if parent is None:
        parent = os.getppid()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # without it, the polling thread still watches
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # died before the death signal was set
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="watch-parent", daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL)
    os._exit(1)
