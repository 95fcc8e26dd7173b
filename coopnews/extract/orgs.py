"""Extract, organisations: find every organisation a story names, and where, under one canonical name.

Names come, in this order, from (1) the gazetteer, unless the text extends a gazetteer name into a longer
one ("State Grid Heilongjiang Electric Power Co., Ltd." is not "State Grid"), (2) definitions in parentheses
("Full Name (ABBR)", "ABBR (Full Name)", "(hereafter referred to as X)"), (3) organisation-name patterns
("… University", "… Group Co., Ltd.", "People's Government of …", "… Bureau", "… Chamber of …"), with
their short forms ("Siemens", "Strathclyde") and near-duplicate spellings merged, then, once people are
known (so "LIU" in "Mr. LIU Minhua" is not taken for one), (4) abbreviations nothing expands ("SGMW") and
(5) one-word counterparts ("signed … with ScottishPower"). Each stage masks what it found, so later stages
never split or re-read a known name. Deciding which organisations are institutions or partners is
`roles.py`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coopnews.extract.gazetteer import GazetteerMatcher, org_key
from coopnews.extract.lexicon import GENERIC_WORDS, NOT_ORG_ACRONYMS, TECHNICAL_ACRONYMS
from coopnews.extract.names import (
    extend_name,
    find_org_names,
    fit_abbreviation,
    fit_pattern,
    is_abbreviation,
    is_academic_name,
    is_keyword,
    looks_like_name,
    words_before_parenthesis,
)
from coopnews.extract.short_names import (
    brand_word,
    counterpart_words,
    headline_names,
    near_duplicate_key,
    standalone_mentions,
    university_word,
)
from coopnews.model import Organization

MASK = "\0"

_PAREN_RE = re.compile(r"[(（]\s*([^()（）\n]{1,150}?)\s*[)）]")
_HEREAFTER_RE = re.compile(
    r"^(?:here(?:in)?after(?:\s+(?:referred\s+to\s+as|called|abbreviated\s+as|as))?|also\s+known\s+as|"
    r"abbreviated\s+as|short\s+for|referred\s+to\s+as)\s*[:,]?\s*[\"“'‘]?(?P<alias>[^\"”'’]+?)[\"”'’]?$",
    re.IGNORECASE,
)
_ACRONYM_BEFORE_RE = re.compile(r"(?<![\w&])[A-Z][A-Z0-9&]{1,7}[ ]?$")
_ACRONYM_RE = re.compile(r"(?<![\w&.'’-])[A-Z][A-Z0-9&]*[A-Z0-9](?![\w&]|-\d|\.\w)")
_GOVERNMENT_OF_RE = re.compile(r"^(?:The )?(?:People['’]s )?Government of (?:the )?(?P<place>.+)$")

_ROMAN_RE = re.compile(r"^[IVXLC]+$")
_CUED_BEFORE_RE = re.compile(r"\b(?:with|from|visited|visit|between)\s+(?:the\s+)?$", re.IGNORECASE)
_CUED_AFTER_RE = re.compile(
    r"['’]s\s+(?:president|chairman|director|manager|ceo|leaders?|delegation|team|representatives?)\b", re.IGNORECASE
)
#: Keywords that name the same kind of body, so "Jiayi Group" can be short for "Xinjiang Jiayi New Energy Co.".
_KEYWORD_FAMILIES = {
    **dict.fromkeys(("group", "company", "corporation", "co", "corp", "ltd", "limited", "inc"), "company"),
    **{word: word for word in ("government", "bureau", "commission", "academy", "institute", "university", "college")},
}


def _head_family(name: str) -> str | None:
    """The kind of body a name's last keyword says it is: "… Group Co., Ltd." a company, "Shantou University
    Medical College" a college (so "Shantou University" is not its short name)."""
    words = name.replace(",", " ").replace(".", " ").casefold().split()
    return next((_KEYWORD_FAMILIES[word] for word in reversed(words) if word in _KEYWORD_FAMILIES), None)


@dataclass(eq=False)
class FoundOrg:
    """One organisation of a story: its canonical name, the spellings used, and every mention's span."""

    name: str
    role: str | None  # the gazetteer's "institution"/"partner", or None when the text alone names it
    academic: bool
    spellings: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    derived: bool = False  # its name was read from the text, so the longest spelling becomes canonical


class OrgIndex:
    """The organisations a story names and the spans that name them (spans never overlap)."""

    def __init__(self, story: str, gazetteer: GazetteerMatcher) -> None:
        self.story = story
        self.gazetteer = gazetteer
        self.orgs: list[FoundOrg] = []
        self.spans: dict[int, tuple[int, FoundOrg]] = {}  # start -> (end, org)
        self._keys: dict[str, FoundOrg] = {}
        self._heads: dict[str, FoundOrg] = {}  # "University Science Park" for "University Science Park of …"
        self._covered = bytearray(len(story))
        self._weak: set[int] = set()  # starts of spans that name a place as much as an organisation
        self._abbreviations: dict[str, FoundOrg] = {}  # defined in parentheses: "TU Berlin", "GLISG"
        self._masked: dict[bool, tuple[int, str]] = {}

    # -- stages ---------------------------------------------------------------------------------------
    def add_gazetteer_names(self) -> None:
        """Stage 1: every gazetteer name and alias, unless the text extends it into a longer name: then the
        longer name is another organisation ("State Grid Heilongjiang Electric Power Co., Ltd." is not "State
        Grid"), and so is its short form elsewhere ("State Grid Heilongjiang")."""
        plain: list[tuple[int, int, Organization]] = []
        short_forms: dict[str, FoundOrg] = {}
        for start, end, entry in self.gazetteer.find(self.story):
            longer = extend_name(self.story, start, end)
            if longer is None:
                plain.append((start, end, entry))
                continue
            name = self.story[start:longer]
            known = self.gazetteer.lookup_key(name)
            org = self._entry_org(known) if known else self._derived_org(name)
            self._mention(org, start, longer)
            head = self.story[end:longer].split()[0]
            if not known and head[:1].isupper() and not is_keyword(head):
                short_forms.setdefault(f"{self.story[start:end]} {head}", org)
        for start, end, entry in plain:
            short = next((text for text in short_forms if _starts_word(self.story, start, text)), None)
            if short is not None:
                self._mention(short_forms[short], start, start + len(short))
            else:
                self._mention(self._entry_org(entry), start, end)

    def add_defined_names(self) -> None:
        """Stage 2: "Full Name (ABBR)", "ABBR (Full Name)", "Name (hereafter referred to as X)"; then every
        other occurrence of the names and abbreviations so defined."""
        defined: dict[str, FoundOrg] = {}
        masked = self.masked()
        for match in _PAREN_RE.finditer(self.story):
            inner = match.group(1)
            before = masked[max(0, match.start() - 250) : match.start()]
            hereafter = _HEREAFTER_RE.match(inner)
            alias = hereafter.group("alias").strip() if hereafter else inner
            if not hereafter and not is_abbreviation(alias) and not looks_like_name(alias):
                continue
            org = self._name_before(before, match.start(), alias)
            if org is None and not hereafter and _ACRONYM_BEFORE_RE.search(before):
                org = self._reversed_definition(before, match.start(), inner)
            if org is None:
                continue
            start = match.start(1) + inner.find(alias)
            named = self.spans.get(start)
            if named is not None and named[1] is not org and named[1].derived and named[0] == start + len(alias):
                self._merge(named[1], org)  # "… Division Co., Ltd. (CSCEC 8th Bureau)": one organisation
            self._mention(org, start, start + len(alias))
            if is_abbreviation(alias):
                self._abbreviations.setdefault(alias, org)
            for spelling in org.spellings:
                defined.setdefault(spelling, org)
        if defined:
            self._add_literal_mentions(defined)

    def add_pattern_names(self) -> None:
        """Stage 3: organisation-name patterns in what the gazetteer and definitions left unnamed."""
        masked = self.masked()
        for start, end, academic in find_org_names(masked):
            if _follows_mask(masked, start):
                continue  # "CATL Research Institute": a unit of a known organisation, not another one
            name = self.story[start:end].rstrip(",")
            org = self._org_for_name(name, academic=academic)
            self._mention(org, start, start + len(name))
        self._merge_short_names()
        self._merge_near_duplicates()
        self._add_short_words()
        self._add_government_places()

    def add_acronyms(self, not_names: set[str]) -> None:
        """Stage 4: abbreviations no stage expanded are kept as organisations ("SGMW"), except people's
        capitalised surnames (`not_names`), roman numerals and common non-organisation abbreviations."""
        masked = self.masked()
        # "TU" where the text defined "TU Berlin": the same organisation.
        heads: dict[str, FoundOrg | None] = {
            text.split(" ")[0]: org for text, org in self._abbreviations.items() if " " in text
        }
        for match in _ACRONYM_RE.finditer(masked):
            word = match.group(0)
            if word in NOT_ORG_ACRONYMS or word in not_names or _ROMAN_RE.match(word) or _in_shouting(masked, match):
                continue
            technical = word in TECHNICAL_ACRONYMS or any(ch.isdigit() for ch in word)  # "MRI", "ARJ21"
            if technical and word not in heads and not _org_cued(masked, match.start(), match.end()):
                continue
            if sum(ch.isupper() for ch in word) < 2 or len(word) > 8 or (len(word) < 3 and word not in heads):
                continue  # two letters are too often not a name ("AG", "HR"), unless the text defined them
            if word not in heads:
                heads[word] = self._abbreviated(word)
            org = heads[word] or self._org_for_name(word, academic=False)
            self._register(org, word)
            self._mention(org, match.start(), match.end())

    def add_counterpart_words(self, not_names: set[str], title_end: int) -> None:
        """Stage 5: one-word names nothing else found that the story treats as a counterpart ("signed … with
        ScottishPower"); `not_names` are people's names (upper-cased), `title_end` where the headline ends."""
        masked = self.masked()
        for word in counterpart_words(masked, title_end, not_names):
            org = self._org_for_name(word, academic=False)
            for start, end in standalone_mentions(masked, word):
                self._mention(org, start, end)

    def add_headline_names(self, title_end: int) -> None:
        """Stage 5b: names the headline presents as a party and the body repeats ("… Signs Agreement with China
        Southern Airlines"), which neither the gazetteer nor a name pattern knows."""
        masked = self.masked()
        names = {name: self._org_for_name(name, academic=False) for name in headline_names(masked, title_end)}
        if names:
            self._add_literal_mentions(names)

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

    def resolve(self, text: str) -> str:
        """The canonical name for an organisation as a sentence states it, or the text itself if unknown."""
        org = self._keys.get(org_key(text))
        if org is None:
            entry = self.gazetteer.lookup(text)
            org = self._keys.get(org_key(entry.name)) if entry else None
        return canonical_name(org) if org else text

    # -- helpers ----------------------------------------------------------------------------------------
    def _mention(self, org: FoundOrg, start: int, end: int, *, weak: bool = False) -> None:
        if start >= end or any(self._covered[start:end]):
            return
        self._covered[start:end] = b"\1" * (end - start)
        self.spans[start] = (end, org)
        if weak:
            self._weak.add(start)
        org.mentions.append((start, end))
        spelling = " ".join(self.story[start:end].split())
        if spelling not in org.spellings:
            org.spellings.append(spelling)

    def _entry_org(self, entry: Organization) -> FoundOrg:
        key = org_key(entry.name)
        org = self._keys.get(key)
        if org is None:
            org = FoundOrg(entry.name, entry.role, is_academic_name(entry.name))
            self._register(org, entry.name)
            for alias in entry.aliases:
                self._keys.setdefault(org_key(alias), org)
        return org

    def _derived_org(self, name: str) -> FoundOrg:
        """The organisation a name read from the text means, looked up by its exact key only."""
        org = self._keys.get(org_key(name))
        if org is None:
            org = FoundOrg(name, None, is_academic_name(name), derived=True)
        self._register(org, name)
        return org

    def _org_for_name(self, name: str, *, academic: bool) -> FoundOrg:
        """The organisation `name` means: a gazetteer entry, one already found, or a new one."""
        entry = self.gazetteer.lookup(name)
        if entry is not None:
            return self._entry_org(entry)
        key = org_key(name)
        org = self._keys.get(key) or self._heads.get(key)
        if org is None and " of " in name:
            org = self._keys.get(org_key(name.split(" of ", 1)[0]))
        if org is None and " " in key:
            org = self._shortened(key)
        if org is None:
            org = FoundOrg(name, None, academic, derived=True)
        self._register(org, name)
        return org

    def _abbreviated(self, acronym: str) -> FoundOrg | None:
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

    def _register(self, org: FoundOrg, name: str) -> None:
        if not any(known is org for known in self.orgs):
            self.orgs.append(org)
        self._keys.setdefault(org_key(name), org)
        if " of " in name:
            self._heads.setdefault(org_key(name.split(" of ", 1)[0]), org)

    def _name_before(self, before: str, paren_start: int, alias: str) -> FoundOrg | None:
        """The organisation whose name ends right before a parenthesis holding `alias`, if it is one."""
        covering = self.org_at(paren_start - 1) or self.org_at(paren_start - 2)
        if covering is not None:
            return covering
        words = words_before_parenthesis(before)
        if words is None:
            return None
        name = fit_abbreviation(words, alias) if is_abbreviation(alias) else None
        if name is None:
            name = fit_pattern(" ".join(words))
        if name is None:
            return None
        stripped = before.rstrip(" ")
        start = paren_start - len(before) + stripped.rfind(name)
        alias_entry = self.gazetteer.lookup(alias)
        if alias_entry is not None:
            org = self._entry_org(alias_entry)
            self._register(org, name)
        else:
            org = self._org_for_name(name, academic=is_academic_name(name))
        self._mention(org, start, start + len(name))
        return org

    def _reversed_definition(self, before: str, paren_start: int, inner: str) -> FoundOrg | None:
        """ "SASAC (State-owned Assets Supervision and Administration Commission)": the inner text names it."""
        acronym = _ACRONYM_BEFORE_RE.search(before)
        if acronym is None:
            return None
        short = acronym.group(0).strip()
        words = inner.split(" ")
        if len(words) < 2 or (fit_abbreviation(words, short) != inner and fit_pattern(inner) != inner):
            return None
        entry = self.gazetteer.lookup(short)
        org = self._entry_org(entry) if entry else self._org_for_name(inner, academic=is_academic_name(inner))
        self._register(org, inner)
        start = paren_start - len(before) + acronym.start()
        self._mention(org, start, start + len(short))
        return org

    def _merge_short_names(self) -> None:
        """ "Liyan Group" is the short name of "Liyan Information Technology Group Co., Ltd." when exactly one
        longer name holds the brand word and ends with a keyword of the same family; merge the two."""
        named = [org for org in self.orgs if org.mentions]
        for short in named:
            words = short.name.split()
            if not short.derived or len(words) != 2 or words[0].casefold() in GENERIC_WORDS:
                continue
            family = _KEYWORD_FAMILIES.get(words[1].rstrip(".").casefold())
            targets = [
                org
                for org in named
                if org is not short
                and org.mentions
                and words[0] in org.name.replace(",", " ").split()
                and family == _head_family(org.name)
            ]
            if family is not None and len(targets) == 1:
                self._merge(short, targets[0])

    def _merge(self, source: FoundOrg, target: FoundOrg) -> None:
        for start, _ in source.mentions:
            self.spans[start] = (self.spans[start][0], target)
        target.mentions = sorted(target.mentions + source.mentions)
        target.spellings += [s for s in source.spellings if s not in target.spellings]
        source.mentions = []
        for key, org in list(self._keys.items()):
            if org is source:
                self._keys[key] = target

    def _merge_near_duplicates(self) -> None:
        """ "Hangzhou Municipal Government" and "Hangzhou Municipal People's Government" are one body: merge
        names read from the text whose words agree but for "People's", "the", "of" (into a gazetteer entry
        if one of them is, else into the first named)."""
        seen: dict[tuple[str, ...], FoundOrg] = {}
        for org in sorted((o for o in self.orgs if o.mentions), key=lambda o: (o.derived, o.mentions[0][0])):
            key = near_duplicate_key(canonical_name(org))
            first = seen.setdefault(key, org) if len(key) >= 2 else org
            if first is not org and org.derived:
                self._merge(org, first)

    def _add_short_words(self) -> None:
        """ "Siemens" for "Siemens Ltd., China", "Strathclyde" for "University of Strathclyde": the one word
        that names an organisation read from the text, wherever it stands alone (when one organisation only
        claims it)."""
        claims: dict[str, FoundOrg | None] = {}
        for org in self.orgs:
            if not org.derived or not org.mentions:
                continue
            name = canonical_name(org)
            word = university_word(name) if org.academic else brand_word(name)
            if word is not None:
                claims[word] = org if claims.get(word, org) is org else None
        masked = self.masked()
        for word, owner in sorted(claims.items()):
            if owner is not None:
                for start, end in standalone_mentions(masked, word):
                    # A university's word may be its city's name too ("Shantou"): places still see it.
                    self._mention(owner, start, end, weak=owner.academic)

    def _add_government_places(self) -> None:
        """ "People's Government of Nanning" is also called "Nanning" where the text means the government."""
        places: dict[str, FoundOrg] = {}
        for org in self.orgs:
            for spelling in org.spellings:
                match = _GOVERNMENT_OF_RE.match(spelling)
                if match and match.group("place")[0].isupper():
                    places.setdefault(match.group("place"), org)
        self._add_literal_mentions(places, weak=True)

    def _add_literal_mentions(self, names: dict[str, FoundOrg], *, weak: bool = False) -> None:
        """Every whole-word occurrence of `names` not yet covered (longest names first)."""
        masked = self.masked()
        for text in sorted((t for t in names if t), key=len, reverse=True):
            position = masked.find(text)
            while position >= 0:
                end = position + len(text)
                before = masked[position - 1 : position] if position else ""
                after = masked[end : end + 1]
                if not (before.isalnum() or before in "_&") and not (after.isalnum() or after in "_&"):
                    self._mention(names[text], position, end, weak=weak)
                position = masked.find(text, end)


def canonical_name(org: FoundOrg) -> str:
    """The gazetteer's name, or for a name read from the text its fullest spelling that is not an acronym."""
    if not org.derived:
        return org.name
    names = [s for s in org.spellings if any(ch.islower() for ch in s)]
    return max(names, key=len) if names else org.name


def _starts_word(text: str, start: int, word: str) -> bool:
    """True when `word` stands in `text` at `start` as whole words."""
    end = start + len(word)
    return text.startswith(word, start) and not (text[end : end + 1].isalnum() or text[end : end + 1] in "_&")


def _follows_mask(masked: str, start: int) -> bool:
    before = masked[max(0, start - 2) : start]
    return before.endswith(MASK) or before == MASK + " "


def _org_cued(masked: str, start: int, end: int) -> bool:
    """ "signed with ARJ21", "visited MRI", "ARJ21's president": the text treats the word as an organisation."""
    return bool(_CUED_BEFORE_RE.search(masked, max(0, start - 20), start) or _CUED_AFTER_RE.match(masked, end))


def _in_shouting(masked: str, match: re.Match[str]) -> bool:
    """True inside an all-caps stretch ("USTB SIGNS AGREEMENT"), where capitals say nothing."""
    window = masked[max(0, match.start() - 40) : match.end() + 40]
    letters = sum(map(str.isalpha, window))
    return letters > 20 and sum(map(str.isupper, window)) > 0.7 * letters
