"""Outputs: the pages, feeds and sitemap a build renders from the catalog, each kept from the last build when what it is
rendered from has not changed, with the work handed out in chunks to this process and the search worker.

Every job is fingerprinted (its template or feed fields, the variables, the templates and config, the code);
a job whose fingerprint equals the last build's, and whose file in site/ still has the size and modification
time that build gave it, is kept without being rendered or read. At 10,000 articles a clean build renders
11,700 pages and 700 feeds; after a one-article edit about 30 of them change.

Chunks go to whichever process asks next, so the work balances itself: the search worker joins in once
the search files are built, and rendering ends on both cores at about the same time. Each process writes
what it renders straight into the staging site (see site.SiteWriter), so writing is shared out too and
no page's bytes cross between the processes.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from coopnews import urls
from coopnews.cache import Fingerprinter, file_is_as_written, templates_digest
from coopnews.config import Config
from coopnews.feeds import Feed, render_feed
from coopnews.model import OutputFile
from coopnews.render import Page, PageRenderer
from coopnews.site import SiteWriter, Stamp
from coopnews.sitemap import Sitemap, render_sitemap_xml

Job = Page | Feed | Sitemap

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


def job_path(job: Job) -> str:
    """The file a job writes, relative to the site root."""
    return urls.file_path(job.target) if isinstance(job, Page) else job.path


class OutputRenderer:
    """Renders or keeps jobs; one per process, since it holds a Jinja environment and memoised digests."""

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
        self._root = str(config.output_dir)

    def render_not_found(self) -> OutputFile:
        """404.html, from the same templates as the pages."""
        return self._pages.render_not_found()

    def run(self, job: Job) -> Rendered:
        path = job_path(job)
        fingerprint = self._fingerprinter.digest(job)
        stamp = self._stamps.get(path)
        if (
            stamp is not None
            and self._fingerprints.get(path) == fingerprint
            and file_is_as_written(f"{self._root}/{path}", stamp)
        ):
            return Rendered(path, fingerprint, self._writer.keep(path), rendered=False, written=False)
        if isinstance(job, Page):
            output = self._pages.render_page(job)
        elif isinstance(job, Feed):
            output = render_feed(job, self._config)
        else:
            output = render_sitemap_xml(job, self._config)
        stamp, written = self._writer.put(output)
        return Rendered(path, fingerprint, stamp, rendered=True, written=written)


class _Counter(Protocol):
    def take(self) -> int | None: ...

    def stop(self) -> None: ...


class Chunks:
    """Hands out the start of the next chunk of `total` jobs; with `shared`, across processes forked after it.

    A lock-protected integer in shared memory: the cheapest way for two processes to split a list whose
    items they both already hold.
    """

    def __init__(self, total: int, *, shared: bool) -> None:
        self.total = total
        self._next = multiprocessing.get_context("fork").Value("q", 0) if shared else None
        self._local = 0

    def take(self) -> int | None:
        """The first index of the next chunk, or None when every chunk has been taken."""
        if self._next is None:
            start, self._local = self._local, self._local + CHUNK
        else:
            with self._next.get_lock():
                start = self._next.value
                self._next.value = start + CHUNK
        return start if start < self.total else None

    def stop(self) -> None:
        """Hand out no more chunks (this process failed: the other should not go on rendering for nothing)."""
        if self._next is None:
            self._local = self.total
        else:
            with self._next.get_lock():
                self._next.value = self.total


class Once:
    """A task that whichever process is free first does, once: `claim()` is True for one caller only.

    Shared across processes forked after it, like Chunks; used for saving the content memo, which the search
    worker does at scale while this process renders, unless this one runs out of pages first.
    """

    def __init__(self, *, shared: bool) -> None:
        self._claimed = multiprocessing.get_context("fork").Value("b", 0) if shared else None
        self._local = False

    def claim(self) -> bool:
        if self._claimed is None:
            claimed, self._local = self._local, True
            return not claimed
        with self._claimed.get_lock():
            claimed = bool(self._claimed.value)
            self._claimed.value = 1
        return not claimed


def run_chunks(
    jobs: Sequence[Job], renderer: OutputRenderer, chunks: _Counter, on_chunk: Callable[[int], object] | None = None
) -> dict[int, list[Rendered]]:
    """Take chunks until none are left; the jobs done, by the index of their chunk's first job."""
    done: dict[int, list[Rendered]] = {}
    try:
        while (start := chunks.take()) is not None:
            batch = jobs[start : start + CHUNK]
            done[start] = [renderer.run(job) for job in batch]
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
