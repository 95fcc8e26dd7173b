"""Build cache: what the last build read and wrote, kept in .cache/, so unchanged inputs cost almost nothing.

Three levels, from cheapest to finest:
- the inputs' stamp (names, sizes and modification times of content files and templates, the config's bytes,
  the code): equal to the last build's, and the site on disk as it was written, means there is nothing to do;
- content files parsed, keyed by file stamp;
- each page's and feed's fingerprint (a digest of its template, fields and variables): unchanged, and its
  file in site/ still as the last build wrote it, means the file is kept instead of rendered again.
The cache only saves work: deleting .cache/ gives the same site, byte for byte, just slower.

One file per stage (summary, build, content, search; see save_cache and save_memo), so a build with nothing
to do reads only the summary, and the search worker loads and saves the search memo itself while this
process renders pages.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import io
import os
import pickle
import re
import sys
import tempfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from coopnews.config import Config
from coopnews.content import ContentMemo
from coopnews.errors import Problem
from coopnews.staging import pause_point, process_runs

_FORMAT = 4  # bump when the cache's layout changes; an older cache is then ignored
_CODE_DIR = Path(__file__).resolve().parent
_MODEL_MODULE = "coopnews.model"
_PACKAGES = ("Jinja2", "Markdown", "nh3", "lunr", "feedgen", "PyYAML")


@dataclass
class BuildCache:
    """Mutable on purpose: the build updates it as it goes, then saves it once the site is written."""

    inputs: str = ""
    outputs: dict[str, tuple[int, int]] = field(default_factory=dict)  # path -> (size, mtime_ns) as written
    problems: tuple[Problem, ...] = ()
    articles: int = 0  # articles read by the last build, for the report of a build with nothing to do
    content: ContentMemo = field(default_factory=dict)  # saved in content-NN.pickle (save_content_memo)
    content_loaded: dict[int, str] = field(default_factory=dict)  # each content bucket's fingerprint as loaded
    pages: dict[str, str] = field(default_factory=dict)  # output path -> fingerprint of what it was rendered from


def cache_dir(config: Config) -> Path:
    """The cache lives beside the config file, so each project (and each test's scratch project) has its own."""
    return config.path.parent / ".cache"


_SUMMARY_FIELDS = ("inputs", "outputs", "problems", "articles")


def load_summary(config: Config) -> BuildCache | None:
    """The last build's stamp and manifest alone (a small file): all a build with nothing to do needs.

    The content memo holds every parsed article, tens of MB at 10,000 articles; loading it would cost a
    no-change build most of its time.
    """
    data = _read_pickle(cache_dir(config) / "summary.pickle")
    if not isinstance(data, dict) or not set(_SUMMARY_FIELDS) <= data.keys():
        return None
    return BuildCache(**{key: data[key] for key in _SUMMARY_FIELDS})


def load_cache(config: Config) -> BuildCache:
    """The last build's cache; an empty one when there is none or it cannot be read (it is only a speed-up)."""
    data = _read_pickle(cache_dir(config) / "build.pickle")
    if not isinstance(data, dict) or not isinstance(data.get("cache"), BuildCache):
        return BuildCache()
    cache: BuildCache = data["cache"]
    cache.content, cache.content_loaded = load_content_memo(config)
    return cache


def save_cache(config: Config, cache: BuildCache) -> None:
    """Write the cache, then its summary, each atomically; failing to write them is not a failure of the build.

    The content memo is not in it: the build saves it with save_content_memo, from whichever process is free.
    """
    folder = cache_dir(config)
    kept = dataclasses.replace(cache, content={}, content_loaded={})
    _write_pickle(folder, "build.pickle", {"format": _FORMAT, "cache": kept})
    summary = {key: getattr(cache, key) for key in _SUMMARY_FIELDS}
    _write_pickle(folder, "summary.pickle", {"format": _FORMAT, **summary})


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


_code_digest: str | None = None


def code_digest() -> str:
    """The package's own source and its libraries' versions: a new version of either may change every page."""
    global _code_digest
    if _code_digest is None:
        digest = hashlib.sha1()
        for path in sorted(_CODE_DIR.rglob("*.py")):
            digest.update(path.name.encode() + path.read_bytes())
        for package in _PACKAGES:
            try:
                digest.update(f"{package}={metadata.version(package)}".encode())
            except metadata.PackageNotFoundError:
                digest.update(f"{package}=none".encode())
        _code_digest = digest.hexdigest()
    return _code_digest


def templates_digest(config: Config) -> str:
    """Every template's bytes and the config's: a change to either may change any page."""
    digest = hashlib.sha1(code_digest().encode())
    digest.update(config.path.read_bytes())
    if config.templates_dir.is_dir():
        for path in sorted(config.templates_dir.rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(config.templates_dir)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


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


class Fingerprinter:
    """Digests of the values a page is rendered from; each dataclass instance is digested once per build.

    Pages share values (an article appears on its page, in lists, in its groups), so digests are memoised by
    object identity; the memo holds the objects, so an id is never reused while it lives. Unknown types
    raise TypeError rather than fall back to repr(), whose memory addresses would make digests unstable.
    """

    def __init__(self, salt: str, known: Mapping[int, bytes] | None = None) -> None:
        """`known`: id() -> digest of objects digested before (content.memo_digests), kept alive by the caller."""
        self._salt = salt.encode()
        self._memo: dict[int, tuple[object, bytes]] = {}
        self._known = known or {}

    def digest(self, value: object) -> str:
        """A hex digest of `value`, equal across builds exactly when the value is equal."""
        return hashlib.sha1(self._salt + self._bytes(value)).hexdigest()

    def _bytes(self, value: object) -> bytes:
        kind = type(value)
        if kind in _PRIMITIVES:
            # repr() tells the types apart ('1' and 1) and quotes strings, so joined reprs cannot run together
            return repr(value).encode() + b";"
        known = self._memo.get(id(value))
        if known is not None:
            return known[1]
        preset = self._known.get(id(value))
        if preset is not None:
            return preset
        if kind is tuple or kind is list:
            items: Any = value
            if len(items) <= 4:
                return b"[" + self._join(items) + b"]"
            # lists of articles recur on many pages: digest each once
            result = hashlib.sha1(b"[" + self._join(items) + b"]").digest()
        elif isinstance(value, Mapping):
            pairs = _sorted_items(value)
            return b"{" + self._join([item for pair in pairs for item in pair]) + b"}"
        elif _repr_is_complete(kind):  # type: ignore[arg-type]
            # Article, Person, Source and GroupLink hold only text, numbers, dates, tuples and each other, so
            # their generated repr() is a complete, stable description (as content.article_digest uses).
            result = hashlib.sha1(repr(value).encode()).digest()
        elif hasattr(kind, "__dataclass_fields__"):
            names = _field_names(kind)  # type: ignore[arg-type]
            fields = [getattr(value, name) for name in names]
            result = hashlib.sha1(b"(" + kind.__name__.encode() + self._join(fields) + b")").digest()
        else:
            raise TypeError(f"cannot fingerprint a {kind.__name__}; give pages plain values or dataclasses")
        self._memo[id(value)] = (value, result)
        return result

    def _join(self, items: Iterable[object]) -> bytes:
        """The items' bytes one after the other; primitives inline (most items are, and a call each adds up)."""
        primitives = _PRIMITIVES
        return b"".join(
            [repr(item).encode() + b";" if type(item) in primitives else self._bytes(item) for item in items]
        )


def _sorted_items(mapping: Mapping[Any, Any]) -> list[tuple[Any, Any]]:
    """Items in key order: plain order for text keys (template variables), by repr otherwise."""
    items = list(mapping.items())
    if all(type(key) is str for key, _ in items):
        return sorted(items, key=_first)
    return sorted(items, key=lambda item: repr(item[0]))


def _first(item: tuple[Any, Any]) -> Any:
    return item[0]


@lru_cache(maxsize=64)
def _repr_is_complete(kind: type) -> bool:
    """The model's dataclasses, and GroupLink: plain values whose dataclass repr() names every field."""
    return hasattr(kind, "__dataclass_fields__") and (kind.__module__ == _MODEL_MODULE or kind.__name__ == "GroupLink")


_PRIMITIVES = frozenset({str, int, float, bool, type(None), dt.date})


@lru_cache(maxsize=64)
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))
