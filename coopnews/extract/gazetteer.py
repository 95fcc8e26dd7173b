"""Extract, gazetteer: find the configured organisations' names and aliases in a text.

The gazetteer may hold thousands of names, so it is compiled once per gazetteer (cached by the tuple)
into one regular expression shaped like a trie: the regex engine then branches on each character
instead of trying every name at every position. All-caps abbreviations ("WUT", "JUST") match
case-sensitively, so the word "just" is not Jiangsu University of Science and Technology; other names
match regardless of (ASCII) case, on a lowercased copy of the text, which is faster than (?i).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from coopnews.model import Organization

_SPACES_RE = re.compile(r"\s+")
_LEGAL_TAIL_RE = re.compile(r"(?:\s+(?:co|company|ltd|limited|inc|corp|llc|gmbh|ag|plc))+$")
_NON_KEY_RE = re.compile(r"[^\w&]+")
_HOST_RE = re.compile(r"^[a-z][a-z0-9+.-]*://")
#: Lowercase ASCII letters only: the fallback when str.lower would change a text's length.
_ASCII_LOWER = str.maketrans({chr(code): chr(code + 32) for code in range(ord("A"), ord("Z") + 1)})


@dataclass(frozen=True)
class GazetteerMatcher:
    """A compiled gazetteer: a trie pattern for the names (matched on lowercased text) and one for the
    abbreviations (matched as written), and the tables that map a match back to its entry."""

    names: re.Pattern[str] | None = None
    abbreviations: re.Pattern[str] | None = None
    exact: dict[str, Organization] = field(default_factory=dict)
    folded: dict[str, Organization] = field(default_factory=dict)
    keys: dict[str, Organization] = field(default_factory=dict)
    #: spellings the gazetteer gives to more than one organisation ("HUST"), by lookup key, with every owner
    shared: dict[str, tuple[Organization, ...]] = field(default_factory=dict)
    #: web hosts ("hit.edu.cn") whose news is about an entry
    hosts: dict[str, Organization] = field(default_factory=dict)

    def find(self, text: str) -> list[tuple[int, int, Organization]]:
        """(start, end, entry) for the gazetteer names in `text`, left to right, longest first, never overlapping."""
        found: list[tuple[int, int, Organization]] = []
        if self.names is not None:
            lowered = _lower(text)
            for match in self.names.finditer(lowered):
                entry = self.folded.get(_normalise(match.group(0)))
                if entry is not None:
                    found.append((match.start(), match.end(), entry))
        if self.abbreviations is not None:
            for match in self.abbreviations.finditer(text):
                entry = self.exact.get(_normalise(match.group(0)))
                if entry is not None:
                    found.append((match.start(), match.end(), entry))
        found.sort(key=lambda item: (item[0], -item[1]))
        kept: list[tuple[int, int, Organization]] = []
        for item in found:
            if not kept or item[0] >= kept[-1][1]:
                kept.append(item)
        return kept

    def lookup(self, surface: str) -> Organization | None:
        """The entry a spelling means, or None: abbreviations by exact case, names regardless of case."""
        key = _normalise(surface)
        return self.exact.get(key) or self.folded.get(_lower(key))

    def lookup_key(self, surface: str) -> Organization | None:
        """The entry a spelling means when case, punctuation and legal suffixes do not count
        ("Huawei Technologies Co." for "Huawei Technologies Co., Ltd."), or None."""
        return self.lookup(surface) or self.keys.get(org_key(surface))

    def entry_for_address(self, url: str) -> Organization | None:
        """The entry whose `hosts` hold this address's host or a domain above it ("en.hit.edu.cn" is under
        "hit.edu.cn"); None if no entry claims it."""
        if not self.hosts:
            return None
        host = _HOST_RE.sub("", url.strip().lower()).split("/", 1)[0].split(":", 1)[0].removeprefix("www.")
        parts = host.split(".")
        return next((self.hosts[d] for i in range(len(parts)) if (d := ".".join(parts[i:])) in self.hosts), None)

    def is_shared(self, surface: str) -> bool:
        """True when the gazetteer gives this spelling to two or more organisations."""
        return bool(self.shared) and _shared_key(surface) in self.shared

    def candidates(self, surface: str) -> tuple[Organization, ...]:
        """Every organisation the gazetteer gives this spelling to (one for most spellings, none if unknown)."""
        owners = self.shared.get(_shared_key(surface))
        if owners:
            return owners
        entry = self.lookup(surface)
        return (entry,) if entry else ()


_LAST: dict[str, tuple[tuple[Organization, ...], GazetteerMatcher]] = {}


def compile_gazetteer(entries: tuple[Organization, ...]) -> GazetteerMatcher:
    """The matcher for `entries`, built once: a build with 10,000 articles passes the same tuple each time,
    so the cache is checked by identity first (hashing thousands of entries per article would cost more
    than matching)."""
    cached = _LAST.get("matcher")
    if cached is not None and cached[0] is entries:
        return cached[1]
    matcher = _build_matcher(entries)
    _LAST["matcher"] = (entries, matcher)
    return matcher


@lru_cache(maxsize=8)
def _build_matcher(entries: tuple[Organization, ...]) -> GazetteerMatcher:
    exact: dict[str, Organization] = {}
    folded: dict[str, Organization] = {}
    keys: dict[str, Organization] = {}
    owners: dict[str, dict[str, Organization]] = {}
    for entry in entries:
        for spelling in (entry.name, *entry.aliases):
            key = _normalise(spelling)
            if not key:
                continue
            owners.setdefault(_shared_key(key), {}).setdefault(entry.name, entry)
            if not _is_abbreviation(key):
                keys.setdefault(org_key(key), entry)
            if _is_abbreviation(key):
                exact.setdefault(key, entry)
            else:
                folded.setdefault(_lower(key), entry)
    return GazetteerMatcher(
        names=_compile_trie(folded) if folded else None,
        abbreviations=_compile_trie(exact) if exact else None,
        exact=exact,
        folded=folded,
        keys=keys,
        shared={key: tuple(named.values()) for key, named in owners.items() if len(named) > 1},
        hosts={host: entry for entry in entries for host in entry.hosts},
    )


def _shared_key(surface: str) -> str:
    """Abbreviations compare as written, names regardless of case."""
    key = _normalise(surface)
    return key if _is_abbreviation(key) else _lower(key)


@lru_cache(maxsize=4096)
def org_key(name: str) -> str:
    """A comparison key: case, punctuation, a leading "the" and legal suffixes ("Co., Ltd.") do not count."""
    key = _NON_KEY_RE.sub(" ", name.replace("’", "'").replace("'s ", "s ").casefold()).strip()
    key = key.removeprefix("the ")
    return _LEGAL_TAIL_RE.sub("", key) or key


def _compile_trie(keys: Iterable[str]) -> re.Pattern[str]:
    keys = list(keys)
    # The leading checks only let word starts that can begin a key reach the trie.
    firsts = re.escape("".join(sorted({key[0] for key in keys})))
    return re.compile(rf"\b(?=[{firsts}])(?<![\w&])(?:{trie_pattern(keys)})(?![\w&]|-\w)")


def _lower(text: str) -> str:
    """Lowercase `text` keeping every offset: str.lower when it keeps the length (almost always), else
    only the ASCII letters."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text.translate(_ASCII_LOWER)


def _is_abbreviation(spelling: str) -> bool:
    return not any(ch.islower() for ch in spelling)


@lru_cache(maxsize=4096)
def _normalise(spelling: str) -> str:
    return _SPACES_RE.sub(" ", spelling.replace("’", "'").replace("‘", "'")).strip()


def trie_pattern(keys: Iterable[str]) -> str:
    """A regex matching exactly `keys`, factored as a trie; longer keys are tried before their prefixes."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for key in keys:
        node = root
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(root)


def _emit(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
    branches = [_char(ch) + _emit(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    if "" not in node:
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{'|'.join(branches)})?"


def _char(ch: str) -> str:
    if ch == " ":
        return r"\s+"
    if ch == "'":
        return "['’‘]"
    return re.escape(ch)
