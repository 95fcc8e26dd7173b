"""Fingerprints: digests of what each output is made from, so a build can tell which outputs are unchanged.

A job's fingerprint covers its own values (a page's template, fields and variables; a feed's entries; a
static file's bytes) and what every job shares (the code, the library versions, the templates and the config).
Stages know nothing of this: they hand over plain frozen values, and this module digests them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import operator
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from coopnews.catalog import GroupLink
from coopnews.config import Config
from coopnews.model import Article, Person, Source

_CODE_DIR = Path(__file__).resolve().parent.parent
_SEARCH_DIR = _CODE_DIR / "search"
_PACKAGES = ("Jinja2", "Markdown", "nh3", "lunr", "feedgen", "PyYAML")


@lru_cache(maxsize=2)
def code_digest(*, pages_only: bool = False) -> str:
    """The package's own source and its libraries' versions: a new version of either may change any output.

    `pages_only` leaves the search package out: pages do not depend on it, so editing it re-renders no page.
    """
    digest = hashlib.sha1()
    for path in sorted(_CODE_DIR.rglob("*")):
        if path.suffix not in (".py", ".js") or not path.is_file():
            continue
        if pages_only and _SEARCH_DIR in path.parents:
            continue
        digest.update(path.name.encode() + path.read_bytes())
    for package in _PACKAGES:
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=none".encode())
    return digest.hexdigest()


def templates_digest(config: Config) -> str:
    """Every template's bytes and the config's, and the code pages are made by: a change may change any page.

    templates/assets/ is left out: pages link to the assets but do not hold them, and each asset is a job
    fingerprinted by its own bytes, so editing the stylesheet rewrites the stylesheet alone.
    """
    digest = hashlib.sha1(code_digest(pages_only=True).encode())
    digest.update(config.path.read_bytes())
    assets = config.templates_dir / "assets"
    if config.templates_dir.is_dir():
        for path in sorted(config.templates_dir.rglob("*")):
            if path.is_file() and assets not in path.parents:
                digest.update(str(path.relative_to(config.templates_dir)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class Fingerprinter:
    """Digests of the values a page is rendered from; each dataclass instance and tuple is digested once per build.

    Pages share values (an article appears on its page, in lists, in its groups), so digests are memoised by
    object identity; the memo keeps the objects alive, so an id is never reused while it is in the memo. Unknown
    types raise TypeError rather than fall back to repr(), whose memory addresses would make digests unstable.
    A clean build at 10,000 articles digests 25,000 jobs made of 650,000 values, so the walk is kept tight:
    memo hits (most values) are looked up in the loop itself, without a call each.
    """

    def __init__(self, salt: str, known: Mapping[int, bytes] | None = None) -> None:
        """`known`: id() -> digest of objects digested before (content.memo_digests), kept alive by the caller."""
        self._salt = salt.encode()
        self._memo: dict[int, bytes] = dict(known or {})
        self._alive: list[object] = []  # what the memo's ids refer to, beyond `known`

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
            return known
        if kind is tuple or kind is list:
            items: Any = value
            result = b"[" + self._join(items) + b"]"
            if len(items) > 4:  # lists of articles recur on many pages: keep a short digest of a long list
                result = hashlib.sha1(result).digest()
        elif isinstance(value, Mapping):
            pairs = _sorted_items(value)
            return b"{" + self._join([item for pair in pairs for item in pair]) + b"}"
        elif kind in _REPR_IS_COMPLETE:
            result = hashlib.sha1(repr(value).encode()).digest()
        elif kind is bytes:  # a static file's contents
            result = hashlib.sha1(value).digest()  # type: ignore[arg-type]
        elif hasattr(kind, "__dataclass_fields__"):
            fields = _fields_of(kind)(value)  # type: ignore[arg-type]
            result = hashlib.sha1(b"(" + kind.__name__.encode() + self._join(fields) + b")").digest()
        else:
            raise TypeError(f"cannot fingerprint a {kind.__name__}; give pages plain values or dataclasses")
        self._memo[id(value)] = result
        self._alive.append(value)
        return result

    def _join(self, items: Iterable[object]) -> bytes:
        """The items' bytes one after the other; primitives and memoised values inline (a call each adds up)."""
        primitives, memo = _PRIMITIVES, self._memo
        parts = []
        for item in items:
            if type(item) in primitives:
                parts.append(repr(item).encode() + b";")
            else:
                known = memo.get(id(item))
                parts.append(known if known is not None else self._bytes(item))
        return b"".join(parts)


def _sorted_items(mapping: Mapping[Any, Any]) -> list[tuple[Any, Any]]:
    """Items in key order: plain order for text keys (template variables), by repr otherwise."""
    items = list(mapping.items())
    if all(type(key) is str for key, _ in items):
        return sorted(items, key=_first)
    return sorted(items, key=lambda item: repr(item[0]))


def _first(item: tuple[Any, Any]) -> Any:
    return item[0]


#: Plain values whose dataclass repr() names every field and holds only text, numbers, dates, tuples and each
#: other: a digest of the repr is complete and stable. (Articles read through the content memo come with the
#: digest of their file instead: content.content_digest.)
_REPR_IS_COMPLETE = frozenset({Article, Person, Source, GroupLink})
_PRIMITIVES = frozenset({str, int, float, bool, type(None), dt.date})


@lru_cache(maxsize=64)
def _fields_of(kind: type) -> Callable[[object], tuple[Any, ...]]:
    """A function giving a dataclass instance's field values as a tuple, in field order, at C speed."""
    names = [f.name for f in dataclasses.fields(kind)]
    if len(names) < 2:  # attrgetter of one name gives the value itself, not a tuple
        return lambda value: tuple(getattr(value, name) for name in names)
    return operator.attrgetter(*names)
