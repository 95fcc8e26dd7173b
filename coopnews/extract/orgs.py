"""Extract, organisations: the index of a story's organisations, their mentions' spans, masking and resolution.

`OrgIndex` only records: which organisation each span of the story names (spans never overlap), the story
with known names masked (so a later rule never splits or re-reads a name), and which organisation a
spelling means. What counts as a name, and in which order the rules look, is `org_rules.py`'s job;
deciding which organisations are institutions or partners is `roles.py`'s.
"""

from __future__ import annotations

from bisect import insort
from dataclasses import dataclass, field

from coopnews.extract.gazetteer import GazetteerMatcher, org_key
from coopnews.extract.names import fit_abbreviation, is_academic_name
from coopnews.model import Organization

MASK = "\0"


@dataclass(eq=False)
class FoundOrg:
    """One organisation of a story: its canonical name, the spellings used, and every mention's span."""

    name: str
    role: str | None  # the gazetteer's "institution"/"partner", or None when the text alone names it
    academic: bool
    spellings: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    derived: bool = False  # its name was read from the text, so the longest spelling becomes canonical
    entry: Organization | None = None  # the gazetteer entry, when it is one


class OrgIndex:
    """The organisations a story names and the spans that name them (spans never overlap)."""

    def __init__(self, story: str, gazetteer: GazetteerMatcher) -> None:
        self.story = story
        self.gazetteer = gazetteer
        self.orgs: list[FoundOrg] = []
        self.spans: dict[int, tuple[int, FoundOrg]] = {}  # start -> (end, org)
        self.abbreviations: dict[str, FoundOrg] = {}  # defined in parentheses: "TU Berlin", "GLISG"
        #: organisations named only by an abbreviation the gazetteer gives to several: (spelling, candidates)
        self.ambiguous: dict[int, tuple[str, tuple[str, ...]]] = {}  # id(org) -> ...
        self._keys: dict[str, FoundOrg] = {}
        self._heads: dict[str, FoundOrg] = {}  # "University Science Park" for "University Science Park of …"
        self._covered = bytearray(len(story))
        self._weak: set[int] = set()  # starts of spans that name a place as much as an organisation
        self._masked: dict[bool, tuple[int, str]] = {}

    # -- queries ----------------------------------------------------------------------------------------
    def masked(self, *, keep_places: bool = False) -> str:
        """The story with every organisation mention replaced by NUL characters (same length and offsets)."""
        cached = self._masked.get(keep_places)
        if cached is not None and cached[0] == len(self.spans):
            return cached[1]
        pieces: list[str] = []
        position = 0
        for start in sorted(self.spans):
            if keep_places and start in self._weak:
                continue
            end = self.spans[start][0]
            pieces.append(self.story[position:start])
            pieces.append(MASK * (end - start))
            position = end
        pieces.append(self.story[position:])
        masked = "".join(pieces)
        self._masked[keep_places] = (len(self.spans), masked)  # spans only ever grow
        return masked

    def named(self) -> list[FoundOrg]:
        """The organisations with at least one mention, in order of first mention."""
        return sorted((org for org in self.orgs if org.mentions), key=lambda org: org.mentions[0][0])

    def org_at(self, position: int) -> FoundOrg | None:
        """The organisation whose mention covers `position` (scanning back to the span's start)."""
        start = position
        while start >= 0 and self._covered[start]:
            if start in self.spans:
                return self.spans[start][1]
            start -= 1
        return None

    def is_known(self, text: str) -> bool:
        """True if `text` is a spelling of an organisation the story names."""
        return org_key(text) in self._keys

    def known(self, text: str) -> FoundOrg | None:
        """The organisation of the story that `text` spells, if any."""
        return self._keys.get(org_key(text))

    def resolve(self, text: str) -> str:
        """The canonical name for an organisation as a sentence states it, or the text itself if unknown."""
        org = self._keys.get(org_key(text))
        if org is None:
            entry = self.gazetteer.lookup(text)
            org = self._keys.get(org_key(entry.name)) if entry else None
        return canonical_name(org) if org else text

    # -- recording ----------------------------------------------------------------------------------------
    def mention(self, org: FoundOrg, start: int, end: int, *, weak: bool = False) -> None:
        """Record that story[start:end] names `org`, unless part of it already names something."""
        if start >= end or any(self._covered[start:end]):
            return
        self._covered[start:end] = b"\1" * (end - start)
        self.spans[start] = (end, org)
        if weak:
            self._weak.add(start)
        insort(org.mentions, (start, end))  # in text order: the first mention says where it is first named
        spelling = " ".join(self.story[start:end].split())
        if spelling not in org.spellings:
            org.spellings.append(spelling)

    def add_literal_mentions(self, names: dict[str, FoundOrg], *, weak: bool = False) -> None:
        """Every whole-word occurrence of `names` not yet covered (longest names first)."""
        masked = self.masked()
        for text in sorted((t for t in names if t), key=len, reverse=True):
            position = masked.find(text)
            while position >= 0:
                end = position + len(text)
                before = masked[position - 1 : position] if position else " "
                after = masked[end : end + 1] or " "  # the text's ends are word boundaries
                if not (before.isalnum() or before in "_&") and not (after.isalnum() or after in "_&"):
                    self.mention(names[text], position, end, weak=weak)
                position = masked.find(text, end)

    def merge(self, source: FoundOrg, target: FoundOrg) -> None:
        """`source` is another spelling of `target`: its mentions and spellings become the target's."""
        for start, _ in source.mentions:
            self.spans[start] = (self.spans[start][0], target)
        target.mentions = sorted(target.mentions + source.mentions)
        target.spellings += [s for s in source.spellings if s not in target.spellings]
        source.mentions = []
        for key, org in list(self._keys.items()):
            if org is source:
                self._keys[key] = target

    def register(self, org: FoundOrg, name: str) -> None:
        """Make `name` a spelling that resolves to `org`."""
        if not any(known is org for known in self.orgs):
            self.orgs.append(org)
        self._keys.setdefault(org_key(name), org)
        if " of " in name:
            self._heads.setdefault(org_key(name.split(" of ", 1)[0]), org)

    # -- resolution ---------------------------------------------------------------------------------------
    def org_for_entry(self, entry: Organization) -> FoundOrg:
        """The organisation a gazetteer entry means in this story (one per entry)."""
        key = org_key(entry.name)
        org = self._keys.get(key)
        if org is None:
            org = FoundOrg(entry.name, entry.role, is_academic_name(entry.name), entry=entry)
            self.register(org, entry.name)
            for alias in entry.aliases:
                self._keys.setdefault(org_key(alias), org)
        return org

    def derived_org(self, name: str) -> FoundOrg:
        """The organisation a name read from the text means, looked up by its exact key only."""
        org = self._keys.get(org_key(name))
        if org is None:
            org = FoundOrg(name, None, is_academic_name(name), derived=True)
        self.register(org, name)
        return org

    def org_for_name(self, name: str, *, academic: bool) -> FoundOrg:
        """The organisation `name` means: a gazetteer entry, one already found, or a new one."""
        entry = self.gazetteer.lookup(name)
        if entry is not None and not self.gazetteer.is_shared(name):
            return self.org_for_entry(entry)
        key = org_key(name)
        org = self._keys.get(key) or self._heads.get(key)
        if org is None and " of " in name:
            org = self._keys.get(org_key(name.split(" of ", 1)[0]))
        if org is None and " " in key:
            org = self._shortened(key)
        if org is None:
            org = FoundOrg(name, None, academic, derived=True)
        self.register(org, name)
        return org

    def abbreviated(self, acronym: str) -> FoundOrg | None:
        """The one named organisation whose full name `acronym` abbreviates ("SASAC" for "Sichuan
        State-owned Assets Supervision and Administration Commission"), though the text never defined it."""
        if len(acronym) < 3:
            return None
        matches = {
            id(org): org
            for org in self.orgs
            if org.mentions
            for spelling in org.spellings
            if " " in spelling
            and (fit := fit_abbreviation(spelling.split(" "), acronym)) is not None
            and len(fit.split(" ")) >= len(spelling.split(" ")) - 1
        }
        return next(iter(matches.values())) if len(matches) == 1 else None

    def _shortened(self, key: str) -> FoundOrg | None:
        """The one organisation read from the text whose name ends with, or is the end of, `key`
        ("Senior University" for "China-Japan Friendship Senior University"); None if none or several."""
        matches = {
            id(org): org
            for known, org in self._keys.items()
            if org.derived and " " in known and (known.endswith(f" {key}") or key.endswith(f" {known}"))
        }
        return next(iter(matches.values())) if len(matches) == 1 else None


def canonical_name(org: FoundOrg) -> str:
    """The gazetteer's name, or for a name read from the text its fullest spelling that is not an acronym."""
    if not org.derived:
        return org.name
    names = [s for s in org.spellings if any(ch.islower() for ch in s)]
    return max(names, key=len) if names else org.name
