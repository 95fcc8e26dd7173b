"""Jobs: each output of the plan rendered, or kept from the last build when what it is made from is unchanged.

A job whose fingerprint (see fingerprints) equals the last build's, and whose file in site/ still has the size
and modification time that build gave it (as the writer listed site/ when this build started: no second stat),
is kept without being rendered or read. At 10,000 articles a clean build renders 24,400 pages and 700 feeds;
after a one-article edit about 45 files change. Rendering itself is the plan's own `render_job`: this module
only decides whether to call it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from coopnews.config import Config
from coopnews.incremental.fingerprints import Fingerprinter, templates_digest
from coopnews.plan import Job, job_path, render_job
from coopnews.render import PageRenderer
from coopnews.site import SiteWriter, Stamp

#: Jobs per chunk: 20-50 ms of rendering when all are rendered; small, so both processes finish close together
#: even when a chunk of big group pages comes last.
CHUNK = 64


@dataclass(frozen=True)
class Rendered:
    """A job done: its path and fingerprint, the (size, mtime_ns) of its staged file, whether it was rendered
    (False: the file in site/ is kept as it is), and whether new bytes were written."""

    path: str
    fingerprint: str
    stamp: Stamp
    rendered: bool
    written: bool


class JobRunner:
    """Renders or keeps jobs, staging each in the writer; one per process (it holds compiled templates and
    memoised digests)."""

    def __init__(
        self,
        config: Config,
        writer: SiteWriter,
        fingerprints: Mapping[str, str],
        stamps: Mapping[str, Stamp],
        digests: Mapping[int, bytes] | None = None,
    ) -> None:
        """`fingerprints` and `stamps` are the last build's: each path's fingerprint and (size, mtime_ns);
        `digests` are the articles' digests kept in the content memo (content.memo_digests)."""
        self._config = config
        self._writer = writer
        self._pages = PageRenderer(config, {})
        self._fingerprinter = Fingerprinter(templates_digest(config), digests)
        self._fingerprints = fingerprints
        self._stamps = stamps

    def run(self, job: Job) -> Rendered:
        path = job_path(job)
        fingerprint = self._fingerprinter.digest(job)
        stamp = self._stamps.get(path)
        if stamp is not None and self._fingerprints.get(path) == fingerprint and self._writer.live_stamp(path) == stamp:
            return Rendered(path, fingerprint, self._writer.keep(path), rendered=False, written=False)
        stamp, written = self._writer.put(render_job(job, self._pages, self._config))
        return Rendered(path, fingerprint, stamp, rendered=True, written=written)


class Counter(Protocol):
    """Hands out the start of the next chunk (see background.Chunks)."""

    def take(self) -> int | None: ...

    def stop(self) -> None: ...


def run_chunks(
    jobs: Sequence[Job], runner: JobRunner, chunks: Counter, on_chunk: Callable[[int], object] | None = None
) -> dict[int, list[Rendered]]:
    """Take chunks until none are left; the jobs done, by the index of their chunk's first job."""
    done: dict[int, list[Rendered]] = {}
    try:
        while (start := chunks.take()) is not None:
            batch = jobs[start : start + CHUNK]
            done[start] = [runner.run(job) for job in batch]
            if on_chunk is not None:
                on_chunk(len(batch))
    except BaseException:
        chunks.stop()
        raise
    return done


def in_order(total: int, *parts: Mapping[int, list[Rendered]]) -> list[Rendered]:
    """The chunks done by each process, put back in job order; raises if a chunk is missing."""
    merged: dict[int, list[Rendered]] = {}
    for part in parts:
        merged.update(part)
    result: list[Rendered] = []
    for start in range(0, total, CHUNK):
        result.extend(merged[start])
    return result
