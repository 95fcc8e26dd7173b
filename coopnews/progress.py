"""Progress: a tqdm bar on a terminal, and nothing at all otherwise.

tqdm takes 70 ms to import (it reads package metadata), a sixth of a build with nothing to do; builds run by
scripts and CI show no bar, so they do not import it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Bar(Protocol):
    """What the stages use of a progress bar."""

    n: float

    def update(self, n: float = 1) -> bool | None: ...


class _NoBar:
    def __init__(self) -> None:
        self.n: float = 0

    def update(self, n: float = 1) -> None:
        self.n += n


@contextmanager
def progress_bar(total: int, desc: str, unit: str, *, enabled: bool) -> Iterator[Bar]:
    """A bar counting to `total`, shown only when `enabled` (the CLI enables it on a terminal)."""
    if not enabled:
        yield _NoBar()
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=desc, unit=unit) as bar:
        yield bar
