"""Cache: what the last build read and wrote, kept in .cache/, so unchanged inputs cost almost nothing.

Three levels, from cheapest to finest:
- the inputs' stamp (names, sizes and modification times of content files and templates, the config's bytes,
  the code): equal to the last build's, and the site on disk as it was written, means there is nothing to do;
- content files parsed, keyed by file stamp (the content memo);
- each output's fingerprint (see fingerprints): unchanged, and its file in site/ still as the last build wrote
  it, means the file is kept instead of rendered again.
The cache only saves work: deleting .cache/ gives the same site, byte for byte, just slower.

One file per stage (summary, build, content, search; see save_cache and save_memo), so a build with nothing
to do reads only the summary, and the search worker loads and saves the search memo itself while this
process renders pages.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import os
import pickle
import re
import sys
import tempfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coopnews.config import Config
from coopnews.content import ContentMemo
from coopnews.errors import Problem
from coopnews.incremental.fingerprints import code_digest
from coopnews.site import Stamp
from coopnews.staging import pause_point, process_runs

_FORMAT = 5  # bump when the cache's layout changes; an older cache is then ignored


@dataclass(frozen=True)
class BuildCache:
    """The last build's record, as this build loaded it (load_cache), or this build's, to save (save_cache).

    `inputs` is the stamp of the inputs the record is for: when loaded, this build's own inputs, and
    `up_to_date` says whether the last build already made the site from exactly them. The content memo is a
    working store: read_content updates it in place, and the build saves the buckets that changed.
    """

    inputs: str = ""
    up_to_date: bool = False
    outputs: Mapping[str, Stamp] = field(default_factory=dict)  # path -> (size, mtime_ns) as written
    problems: tuple[Problem, ...] = ()
    articles: int = 0  # articles read, for the report of a build with nothing to do
    pages: Mapping[str, str] = field(default_factory=dict)  # output path -> fingerprint of what it was made from
    content: ContentMemo = field(default_factory=dict)
    content_loaded: Mapping[int, str] = field(default_factory=dict)  # each content bucket's fingerprint as loaded


def cache_dir(config: Config) -> Path:
    """The cache lives beside the config file, so each project (and each test's scratch project) has its own."""
    return config.path.parent / ".cache"


def load_cache(config: Config) -> BuildCache:
    """The last build's record, checked against this build's inputs; the memos are loaded only when the
    site is not up to date (the content memo holds every parsed article, tens of MB at 10,000 articles, and
    loading it would cost a no-change build most of its time). A missing or unreadable cache is empty."""
    inputs = stamp_inputs(config)
    summary = _read_pickle(cache_dir(config) / "summary.pickle")
    if (
        isinstance(summary, dict)
        and summary.get("inputs") == inputs
        and site_is_intact(config.output_dir, summary.get("outputs") or {})
    ):
        return BuildCache(inputs, True, summary["outputs"], tuple(summary["problems"]), summary["articles"])
    build = _read_pickle(cache_dir(config) / "build.pickle")
    last_outputs = summary.get("outputs") if isinstance(summary, dict) else None
    last_pages = build.get("pages") if isinstance(build, dict) else None
    if not isinstance(last_outputs, dict) or not isinstance(last_pages, dict):
        last_outputs, last_pages = {}, {}
    content, loaded = load_content_memo(config)
    return BuildCache(inputs, False, last_outputs, (), 0, last_pages, content, loaded)


def save_cache(config: Config, cache: BuildCache) -> None:
    """Write the record of a build, then its summary, each atomically; failing to write them is not a failure
    of the build. The content memo is not in it: the build saves it with save_content_memo (at scale from the
    search worker, while this process renders)."""
    folder = cache_dir(config)
    _write_pickle(folder, "build.pickle", {"format": _FORMAT, "pages": dict(cache.pages)})
    summary = {"inputs": cache.inputs, "outputs": dict(cache.outputs), "problems": list(cache.problems)}
    _write_pickle(folder, "summary.pickle", {"format": _FORMAT, **summary, "articles": cache.articles})


#: The content memo is saved in this many files by a hash of the file name, and a build writes only those whose
#: entries changed: after a one-article edit, one or two of 16 (saving all 50 MB at 10,000 took 0.35 s).
CONTENT_BUCKETS = 16


def load_content_memo(config: Config) -> tuple[ContentMemo, dict[int, str]]:
    """The content memo, and the fingerprint of each bucket as loaded (for save_content_memo)."""
    memo: dict[str, Any] = {}
    loaded: dict[int, str] = {}
    for bucket in range(CONTENT_BUCKETS):
        part = load_memo(config, f"content-{bucket:02d}")
        if isinstance(part, dict):
            memo.update(part)
            loaded[bucket] = _bucket_fingerprint(part)
    return memo, loaded


def save_content_memo(config: Config, memo: ContentMemo, loaded: Mapping[int, str]) -> None:
    """Write the buckets of `memo` whose entries differ from what was loaded (names and file stamps)."""
    buckets: dict[int, dict[str, Any]] = {bucket: {} for bucket in range(CONTENT_BUCKETS)}
    for name, entry in memo.items():
        buckets[zlib.crc32(name.encode()) % CONTENT_BUCKETS][name] = entry
    for bucket, part in buckets.items():
        if loaded.get(bucket) != _bucket_fingerprint(part):
            save_memo(config, f"content-{bucket:02d}", part)


def _bucket_fingerprint(part: Mapping[str, Any]) -> str:
    """Names and file stamps: an entry is what parsing its file gave, so equal stamps mean equal entries."""
    return hashlib.sha1(repr(sorted((name, entry[0]) for name, entry in part.items())).encode()).hexdigest()


def load_memo(config: Config, stage: str) -> Any:
    """A stage's memo as save_memo left it, if the same code wrote it (its contents may depend on the code)."""
    data = _read_pickle(cache_dir(config) / f"{stage}.pickle")
    if not isinstance(data, dict) or data.get("code") != code_digest():
        return None
    return data.get("memo")


def save_memo(config: Config, stage: str, memo: object) -> None:
    """Write a stage's memo to .cache/<stage>.pickle, atomically; from any process of the build."""
    _write_pickle(cache_dir(config), f"{stage}.pickle", {"format": _FORMAT, "code": code_digest(), "memo": memo})


#: Every cache file starts with this line and a SHA-256 digest of the pickle that follows it.
_MAGIC = b"coopnews cache\n"
_DIGEST_SIZE = 32


def _read_pickle(path: Path) -> Any:
    """What _write_pickle stored at `path`, or None when it is missing, from another format, damaged (its digest
    does not match: a flipped bit must cost a rebuild, never a page of text that is in no content file), or
    refers to anything but plain values and the package's dataclasses (see _DataOnlyUnpickler)."""
    try:
        with path.open("rb") as stream:
            data = stream.read()
    except OSError:
        return None
    start = len(_MAGIC) + _DIGEST_SIZE
    if not data.startswith(_MAGIC) or hashlib.sha256(memoryview(data)[start:]).digest() != data[len(_MAGIC) : start]:
        return None
    payload = io.BytesIO(data)
    payload.seek(start)
    try:
        value = _DataOnlyUnpickler(payload).load()
    except Exception:  # a file that passed its digest was made by hand to fail: the cache is only a speed-up
        return None
    return value if isinstance(value, dict) and value.get("format") == _FORMAT else None


class _DataOnlyUnpickler(pickle.Unpickler):
    """Unpickles plain values (containers, text, numbers, bytes), dates and the package's own dataclasses, and
    refuses every other global, so a crafted .cache/ file cannot name a function (os.system, say) to call.

    Pickle is kept over a data-only format because the memos hold nested dataclasses by the tens of
    thousands and pickle restores them at C speed; the digest catches damage, this class catches a file made
    to run code. .cache/ must still only ever come from builds of the same project on the same machine or
    CI job (never a cache restored from a pull request's build into a trusted one): a crafted file can still
    make the build publish whatever text it holds.
    """

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED_GLOBALS:
            return super().find_class(module, name)
        if module.startswith("coopnews.") and name.isidentifier():
            value = getattr(sys.modules.get(module), name, None)  # loaded modules only: nothing is imported
            if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == module:
                return value
        raise pickle.UnpicklingError(f"the cache may not refer to {module}.{name}")


_ALLOWED_GLOBALS = frozenset(
    {("datetime", "date"), ("datetime", "datetime"), ("builtins", "set"), ("builtins", "frozenset")}
)


def _write_pickle(folder: Path, name: str, data: dict[str, Any]) -> None:
    """Store `data` as `folder/name` atomically, after a digest of its pickle (see _read_pickle); a cache that
    cannot be written (a full disk) is only a slower next build, and leaves no temporary file behind."""
    temporary: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(folder)
        payload = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-{os.getpid()}-", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(_MAGIC)
            stream.write(hashlib.sha256(payload).digest())
            stream.write(payload)
        pause_point("cache")
        os.replace(temporary, folder / name)
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _remove_stale_temporaries(folder: Path) -> None:
    """Delete temporary files that killed builds left in `folder` (their names hold the writer's pid)."""
    for stale in folder.glob(".*.tmp"):
        writer = _TEMPORARY_NAME.match(stale.name)
        if writer is None or not process_runs(int(writer[1])):
            with contextlib.suppress(OSError):
                stale.unlink()


_TEMPORARY_NAME = re.compile(r"^\..+\.pickle-(\d+)-[^-]*\.tmp$")  # see _write_pickle


def stamp_inputs(config: Config) -> str:
    """A digest of everything a build reads; equal stamps mean a build would write the same site.

    Content files and templates count by name, size and modification time (as make does); the config by
    its bytes; the code by its bytes and the versions of the libraries that shape the output.
    """
    digest = hashlib.sha1(code_digest().encode())
    digest.update(config.path.read_bytes())
    for folder in (config.content_dir, config.templates_dir):
        digest.update(f"\0{folder}".encode())
        for relative, stat in _walk_stats(str(folder)):
            digest.update(f"\0{relative}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _walk_stats(root: str, prefix: str = "") -> list[tuple[str, os.stat_result]]:
    """Every entry below `root` (folders too), sorted by relative path, with its stat; scandir, not pathlib:
    at 10,000 content files pathlib's objects cost more than the stat calls."""
    found: list[tuple[str, os.stat_result]] = []
    try:
        entries = sorted(os.scandir(root), key=lambda entry: entry.name)
    except OSError:
        return found
    for entry in entries:
        relative = prefix + entry.name
        try:
            found.append((relative, entry.stat(follow_symlinks=True)))
        except OSError:
            continue  # vanished, or a broken link: it is not an input
        if entry.is_dir(follow_symlinks=True):
            found.extend(_walk_stats(entry.path, relative + "/"))
    return found


def site_is_intact(output_dir: Path, outputs: Mapping[str, tuple[int, int]]) -> bool:
    """The site on disk still has every file the last build wrote, at its size and modification time."""
    if not outputs or not output_dir.is_dir():
        return False
    root = str(output_dir)
    return all(file_is_as_written(f"{root}/{path}", stamp) for path, stamp in outputs.items())


def file_is_as_written(path: str, stamp: tuple[int, int]) -> bool:
    """`path` still has the (size, mtime_ns) the build recorded, as make and rsync judge a file unchanged:
    reading 11,000 pages back to compare them would cost an edit build a second."""
    try:
        stat = os.stat(path)
    except OSError:
        return False
    return (stat.st_size, stat.st_mtime_ns) == stamp
