"""Lock: one build or import of a project at a time, so two never write one site or one content folder at once.

Without it, a build started while another runs on older content saw the older build's cache, said "up to
date", and the older build then swapped in a site of content no longer on disk. The second command waits
(saying for whom) instead of failing: it then runs on what is on disk when its turn comes, which is what
the person who started it wants, and an editor's `serve` rebuilding on save never makes a manual build fail.

The lock is an flock(2) on `.cache/build.lock` (beside the config, like the cache it protects), holding the
holder's pid for the waiting message. The kernel drops it when the holder's last descriptor closes, so a
killed build never leaves a stale lock; the build's forked workers share the descriptor, so a worker still
writing into the staging tree keeps it held. Where flock is missing (Windows) msvcrt's byte lock is used.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from coopnews.config import Config
from coopnews.errors import CoopNewsError, Location, Problem

LOCK_NAME = "build.lock"


def lock_path(config: Config) -> Path:
    """.cache/build.lock beside the config (see cache.cache_dir)."""
    return config.path.parent / ".cache" / LOCK_NAME


@contextmanager
def build_lock(config: Config, on_wait: Callable[[int | None], object] = lambda pid: None) -> Iterator[None]:
    """Hold the project's build lock for the body; when another process holds it, call `on_wait` with its pid
    (None when unknown) and wait for it."""
    path = lock_path(config)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as error:
        message = f"cannot open the build lock: {error.strerror}: make {path.parent} writable"
        raise CoopNewsError([Problem(Location(str(path)), message)]) from None
    try:
        if not _try_lock(descriptor):
            on_wait(_holder(descriptor))
            _wait_for_lock(descriptor)
        _record_holder(descriptor)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _holder(descriptor: int) -> int | None:
    try:
        os.lseek(descriptor, 0, os.SEEK_SET)
        text = os.read(descriptor, 32).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _record_holder(descriptor: int) -> None:
    try:
        os.ftruncate(descriptor, 0)
        os.lseek(descriptor, 0, os.SEEK_SET)
        os.write(descriptor, f"{os.getpid()}\n".encode())
    except OSError:
        pass  # only the waiting message of another build needs it


if sys.platform == "win32":
    import msvcrt

    def _try_lock(descriptor: int) -> bool:
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _wait_for_lock(descriptor: int) -> None:
        while not _try_lock(descriptor):
            time.sleep(0.2)

else:
    import fcntl

    def _try_lock(descriptor: int) -> bool:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _wait_for_lock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
