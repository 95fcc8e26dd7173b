"""Benchmark measurement: time a command as a subprocess, its peak memory, and what it left on disk.

Peak memory is reported two ways because they answer different questions:
- `max_rss_mib`: the kernel's ru_maxrss from os.wait4 for the child (the figure `/usr/bin/time -v` prints):
  the peak of the largest single process in the child's tree, exact.
- `tree_rss_mib`: the peak of the summed RSS of the child and all its descendants, sampled every 50 ms from
  /proc: what a ProcessPoolExecutor build really holds at once (workers add up). A sample can miss a short peak.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

_PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
_SAMPLE_SECONDS = 0.05


@dataclass(frozen=True)
class Measurement:
    """One timed run of a command."""

    seconds: float
    cpu_seconds: float  # user + system of the child and its reaped children: steadier than wall time on a busy machine
    max_rss_mib: float
    tree_rss_mib: float
    returncode: int


@dataclass(frozen=True)
class TreeStats:
    """What a build left in a folder: pages, bytes, and a digest of every path and byte."""

    pages: int
    files: int
    bytes: int
    digest: str
    largest_page: str = ""  # the biggest *.html, relative to the root
    largest_page_bytes: int = 0


@dataclass(frozen=True)
class Payload:
    """Bytes of a set of files, as stored and gzipped (level 6, a common server setting)."""

    files: int
    raw: int
    gzipped: int


def run_measured(command: Sequence[str], cwd: Path, log: Path) -> Measurement:
    """Run `command` in `cwd` with output appended to `log`; time it and record its peak memory."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        out.write(f"$ {' '.join(command)}\n".encode())
        out.flush()
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        peak = _TreeSampler(proc.pid)
        peak.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        peak.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; keep Popen from waiting again
        out.write(f"# exit {proc.returncode} after {seconds:.2f} s\n".encode())
    cpu = usage.ru_utime + usage.ru_stime
    return Measurement(seconds, cpu, usage.ru_maxrss / 1024, peak.peak_kib / 1024, proc.returncode)


def stat_tree(root: Path) -> TreeStats:
    """Count pages (*.html), files and bytes under `root`, and digest every relative path with its bytes."""
    digest = hashlib.sha256()
    pages = files = size = 0
    largest, largest_bytes = "", 0
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        rel = path.relative_to(root).as_posix()
        digest.update(f"{rel}\0{len(data)}\0".encode())
        digest.update(data)
        files += 1
        size += len(data)
        if rel.endswith(".html"):
            pages += 1
            if len(data) > largest_bytes:
                largest, largest_bytes = rel, len(data)
    return TreeStats(pages, files, size, digest.hexdigest()[:16], largest, largest_bytes)


def snapshot_mtimes(root: Path) -> dict[str, tuple[int, int]]:
    """(mtime_ns, inode) of every file under `root`, by relative path."""
    result: dict[str, tuple[int, int]] = {}
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            st = path.stat()
            result[path.relative_to(root).as_posix()] = (st.st_mtime_ns, st.st_ino)
    return result


def count_touched(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> int:
    """Files written, added or removed between two snapshots (an upload syncing by mtime would send these)."""
    return sum(1 for path in before.keys() | after.keys() if before.get(path) != after.get(path))


def measure_payload(paths: Sequence[Path]) -> Payload:
    """Total raw and gzipped bytes of `paths` (each file compressed on its own, as a server sends it)."""
    raw = gz = 0
    for path in paths:
        data = path.read_bytes()
        raw += len(data)
        gz += len(gzip.compress(data, compresslevel=6, mtime=0))
    return Payload(len(paths), raw, gz)


def search_files(site: Path) -> list[Path]:
    """Every file of the search feature: site/search/**, site/assets/lunr*.js and site/assets/search*."""
    files = [p for p in (site / "search").rglob("*") if p.is_file()]
    files += [*(site / "assets").glob("lunr*.js"), *(site / "assets").glob("search*")]
    return sorted(files)


def first_search_payload(site: Path) -> list[Path]:
    """What the search page loads before its first result: the page and the scripts its <script src> tags name.

    Scripts added later by code (lazily loaded body shards) are not in the page's tags, so they are left out.
    """
    page = site / "search" / "index.html"
    if not page.is_file():
        return []
    parser = _ScriptSources()
    parser.feed(page.read_text(encoding="utf-8"))
    files = [page]
    for src in parser.sources:
        parts = urlsplit(src)
        if parts.scheme or parts.netloc:
            continue  # not part of the site
        target = (page.parent / parts.path).resolve()
        if target.is_file() and target.is_relative_to(site.resolve()):
            files.append(target)
    return sorted(set(files))


class _ScriptSources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        src = dict(attrs).get("src")
        if tag == "script" and src:
            self.sources.append(src)


class _TreeSampler:
    """Samples the summed RSS of a process and its descendants in a thread, keeping the peak."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_kib = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._done.is_set():
            self.peak_kib = max(self.peak_kib, sum(_rss_kib(pid) for pid in _descendants(self.pid)))
            self._done.wait(_SAMPLE_SECONDS)


def _descendants(pid: int) -> list[int]:
    found = [pid]
    index = 0
    while index < len(found):
        current = found[index]
        index += 1
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    found.extend(int(child) for child in handle.read().split())
            except OSError:
                continue
    return found


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * _PAGE_KIB
    except (OSError, IndexError, ValueError):
        return 0
