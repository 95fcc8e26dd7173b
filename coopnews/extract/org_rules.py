"""Extract, organisation rules: the steps that find a story's organisations, in the order they must run.

Each rule reads the story with what earlier rules found masked (`OrgIndex.masked`), records the names it
finds in the index, and returns its doubts: where it chose between candidates, a `Doubt` a person will see.
The order matters because a rule never re-reads a masked name: see the reason beside each rule in `RULES`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from coopnews.extract.doubts import Doubt
from coopnews.extract.lexicon import (
    COMPANY_WORDS,
    DEGREE_WORDS,
    GENERIC_WORDS,
    NOT_ORG_ACRONYMS,
    TECHNICAL_ACRONYMS,
)
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
from coopnews.extract.orgs import MASK, FoundOrg, OrgIndex, canonical_name
from coopnews.extract.people import PeopleFound, find_people
from coopnews.extract.short_names import (
    brand_word,
    counterpart_words,
    headline_names,
    near_duplicate_key,
    standalone_mentions,
    university_word,
)
from coopnews.model import Organization

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
_DEGREE_BEFORE_RE = re.compile(r"\b(?:Master|Bachelor|Doctor)(?:['’]s)?\s+(?:of|in)\s+$")
_CUED_BEFORE_RE = re.compile(r"\b(?:with|from|visited|visit|between)\s+(?:the\s+)?$", re.IGNORECASE)
_CUED_AFTER_RE = re.compile(
    r"['’]s\s+(?:president|chairman|director|manager|ceo|leaders?|delegation|team|representatives?)\b", re.IGNORECASE
)
#: Keywords that name the same kind of body, so "Jiayi Group" can be short for "Xinjiang Jiayi New Energy Co.".
_KEYWORD_FAMILIES = {
    **dict.fromkeys(("group", "company", "corporation", "co", "corp", "ltd", "limited", "inc"), "company"),
    **{word: word for word in ("government", "bureau", "commission", "academy", "institute", "university", "college")},
}


@dataclass
class Story:
    """What the rules read: the index over the story, where its headline ends, and the people once read."""

    index: OrgIndex
    title_end: int
    people: PeopleFound = field(default_factory=lambda: PeopleFound((), frozenset()))


Rule = Callable[[Story], tuple[Doubt, ...]]


def find_organisations(story: Story) -> tuple[Doubt, ...]:
    """Run every rule of RULES in order over `story`; return the doubts they raised."""
    doubts: list[Doubt] = []
    for rule, _why_here in RULES:
        doubts.extend(rule(story))
    return tuple(doubts)


# -- the rules, in order ------------------------------------------------------------------------------------


def add_gazetteer_names(story: Story) -> tuple[Doubt, ...]:
    """Every gazetteer name and alias, unless the text extends it into a longer name: then the longer name is
    another organisation ("State Grid Heilongjiang Electric Power Co., Ltd." is not "State Grid"), and so is
    its short form elsewhere ("State Grid Heilongjiang"). An abbreviation the gazetteer gives to several
    organisations means the one the story spells out in full; if it spells out none or several, it is kept
    under the first entry's name and a doubt says which organisations it could be."""
    index, text = story.index, story.index.story
    found = index.gazetteer.find(text)
    shared = {start for start, end, _ in found if index.gazetteer.is_shared(text[start:end])}
    spelled = {id(entry) for start, _, entry in found if start not in shared}
    plain: list[tuple[int, int, Organization]] = []
    short_forms: dict[str, FoundOrg] = {}
    doubts: list[Doubt] = []
    for start, end, entry in found:
        surface = text[start:end]
        if start in shared:
            candidates = index.gazetteer.candidates(surface)
            chosen = [c for c in candidates if id(c) in spelled]
            if len(chosen) == 1:
                entry = chosen[0]
            else:
                org = index.org_for_entry(entry)
                index.ambiguous[id(org)] = (surface, tuple(c.name for c in candidates))
        longer = extend_name(text, start, end)
        if longer is None:
            plain.append((start, end, entry))
            continue
        name = text[start:longer]
        known = index.gazetteer.lookup_key(name)
        org = index.org_for_entry(known) if known else index.derived_org(name)
        index.mention(org, start, longer)
        head = text[end:longer].split()[0]
        if not known and head[:1].isupper() and not is_keyword(head):
            short_forms.setdefault(f"{text[start:end]} {head}", org)
    for start, end, entry in plain:
        short = next((s for s in short_forms if _starts_word(text, start, s)), None)
        if short is not None:
            index.mention(short_forms[short], start, start + len(short))
        else:
            index.mention(index.org_for_entry(entry), start, end)
    return tuple(doubts)


def add_defined_names(story: Story) -> tuple[Doubt, ...]:
    """ "Full Name (ABBR)", "ABBR (Full Name)", "Name (hereafter referred to as X)"; then every other occurrence
    of the names and abbreviations so defined."""
    index = story.index
    defined: dict[str, FoundOrg] = {}
    masked = index.masked()
    for match in _PAREN_RE.finditer(index.story):
        inner = match.group(1)
        before = masked[max(0, match.start() - 250) : match.start()]
        hereafter = _HEREAFTER_RE.match(inner)
        alias = hereafter.group("alias").strip() if hereafter else inner
        if not hereafter and not is_abbreviation(alias) and not looks_like_name(alias):
            continue
        if alias in NOT_ORG_ACRONYMS or _names_degree(masked, match.start()):
            continue  # "Master of Business Administration (MBA)", "(PhD)": a degree
        org = _name_before(index, before, match.start(), alias)
        if org is None and not hereafter and _ACRONYM_BEFORE_RE.search(before):
            org = _reversed_definition(index, before, match.start(), inner)
        if org is None:
            continue
        start = match.start(1) + inner.find(alias)
        named = index.spans.get(start)
        if named is not None and named[1] is not org and named[1].derived and named[0] == start + len(alias):
            index.merge(named[1], org)  # "… Division Co., Ltd. (CSCEC 8th Bureau)": one organisation
        index.mention(org, start, start + len(alias))
        if is_abbreviation(alias):
            index.abbreviations.setdefault(alias, org)
            index.ambiguous.pop(id(org), None)  # the text says what its abbreviation means
        for spelling in org.spellings:
            defined.setdefault(spelling, org)
    if defined:
        index.add_literal_mentions(defined)
    return ()


def add_pattern_names(story: Story) -> tuple[Doubt, ...]:
    """Organisation-name patterns ("… University", "… Group Co., Ltd.", "People's Government of …") in what
    the gazetteer and definitions left unnamed."""
    index = story.index
    masked = index.masked()
    for start, end, academic in find_org_names(masked):
        if _follows_mask(masked, start):
            continue  # "CATL Research Institute": a unit of a known organisation, not another one
        if _DEGREE_BEFORE_RE.search(masked, max(0, start - 30), start):
            continue  # "Master of Business Administration": a degree
        name = index.story[start:end].rstrip(",")
        org = index.org_for_name(name, academic=academic)
        index.mention(org, start, start + len(name))
    return ()


def merge_short_names(story: Story) -> tuple[Doubt, ...]:
    """ "Liyan Group" is the short name of "Liyan Information Technology Group Co., Ltd." when exactly one longer
    name holds the brand word and ends with a keyword of the same family; merge the two."""
    index = story.index
    named = [org for org in index.orgs if org.mentions]
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
            index.merge(short, targets[0])
    return ()


def merge_near_duplicates(story: Story) -> tuple[Doubt, ...]:
    """ "Hangzhou Municipal Government" and "Hangzhou Municipal People's Government" are one body: merge names
    read from the text whose words agree but for "People's", "the", "of" (into a gazetteer entry if one of
    them is, else into the first named)."""
    index = story.index
    seen: dict[tuple[str, ...], FoundOrg] = {}
    for org in sorted((o for o in index.orgs if o.mentions), key=lambda o: (o.derived, o.mentions[0][0])):
        key = near_duplicate_key(canonical_name(org))
        first = seen.setdefault(key, org) if len(key) >= 2 else org
        if first is not org and org.derived:
            index.merge(org, first)
    return ()


def add_short_words(story: Story) -> tuple[Doubt, ...]:
    """ "Siemens" for "Siemens Ltd., China", "Strathclyde" for "University of Strathclyde": the one word that
    names an organisation read from the text, wherever it stands alone (when one organisation only claims it)."""
    index = story.index
    claims: dict[str, FoundOrg | None] = {}
    for org in index.orgs:
        if not org.derived or not org.mentions:
            continue
        name = canonical_name(org)
        word = university_word(name) if org.academic else brand_word(name)
        if word is not None:
            claims[word] = org if claims.get(word, org) is org else None
    masked = index.masked()
    for word, owner in sorted(claims.items()):
        if owner is not None:
            for start, end in standalone_mentions(masked, word):
                # A university's word may be its city's name too ("Shantou"): places still see it.
                index.mention(owner, start, end, weak=owner.academic)
    return ()


def add_headline_short_forms(story: Story) -> tuple[Doubt, ...]:
    """ "Lanshan Robotics" in the headline for "Lanshan Robotics Co., Ltd." in the body: a company's name without
    its legal or company words, where the headline uses it, so the headline's counterpart is known as one."""
    index = story.index
    if not story.title_end:
        return ()
    masked = index.masked()
    headline = masked[: story.title_end]
    short: dict[str, FoundOrg] = {}
    for org in index.named():
        words = canonical_name(org).replace(",", " ").split()
        while len(words) > 1 and words[-1].casefold() in COMPANY_WORDS:
            words.pop()
        form = " ".join(words)
        if len(words) >= 2 and form != canonical_name(org) and form in headline:
            short.setdefault(form, org)
    for form, org in sorted(short.items(), key=lambda item: -len(item[0])):
        for start, end in _whole_words(headline, form):
            index.mention(org, start, end)
    return ()


def add_government_places(story: Story) -> tuple[Doubt, ...]:
    """ "People's Government of Nanning" is also called "Nanning" where the text means the government."""
    index = story.index
    places: dict[str, FoundOrg] = {}
    for org in index.orgs:
        for spelling in org.spellings:
            match = _GOVERNMENT_OF_RE.match(spelling)
            if match and match.group("place")[0].isupper():
                places.setdefault(match.group("place"), org)
    index.add_literal_mentions(places, weak=True)
    return ()


def read_people(story: Story) -> tuple[Doubt, ...]:
    """The people of the story, read around the names found so far (so "Mr. LIU Minhua" is a person)."""
    story.people = find_people(story.index)
    return ()


def add_acronyms(story: Story) -> tuple[Doubt, ...]:
    """Abbreviations no rule expanded are kept as organisations ("SGMW"), except people's capitalised surnames,
    roman numerals and common non-organisation abbreviations ("PhD", "CEO")."""
    index = story.index
    not_names = set(story.people.capitalised_words)
    masked = index.masked()
    # "TU" where the text defined "TU Berlin": the same organisation.
    heads: dict[str, FoundOrg | None] = {
        text.split(" ")[0]: org for text, org in index.abbreviations.items() if " " in text
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
            heads[word] = index.abbreviated(word)
        org = heads[word] or index.org_for_name(word, academic=False)
        index.register(org, word)
        index.mention(org, match.start(), match.end())
    return ()


def add_counterpart_words(story: Story) -> tuple[Doubt, ...]:
    """One-word names nothing else found that the story treats as a counterpart ("signed … with ScottishPower")."""
    index = story.index
    masked = index.masked()
    for word in counterpart_words(masked, story.title_end, set(story.people.capitalised_words)):
        org = index.org_for_name(word, academic=False)
        for start, end in standalone_mentions(masked, word):
            index.mention(org, start, end)
    return ()


def add_headline_names(story: Story) -> tuple[Doubt, ...]:
    """Names the headline presents as a party and the body repeats ("… Signs Agreement with China Southern
    Airlines"), which neither the gazetteer nor a name pattern knows."""
    index = story.index
    masked = index.masked()
    names = {name: index.org_for_name(name, academic=False) for name in headline_names(masked, story.title_end)}
    if names:
        index.add_literal_mentions(names)
    return ()


#: The rules in the order they run, each with the reason it runs there. A rule never re-reads what an
#: earlier one masked, so the more certain a source of names, the earlier it runs.
RULES: tuple[tuple[Rule, str], ...] = (
    (add_gazetteer_names, "first: names a person configured are the surest; nothing may split them"),
    (
        add_defined_names,
        "after the gazetteer, whose names a definition may abbreviate; before patterns, since a "
        "definition says exactly where a name starts",
    ),
    (add_pattern_names, "after definitions: patterns guess where a name starts, so they read only what is left"),
    (merge_short_names, "once all full names are known: a two-word short name needs its one longer name"),
    (merge_near_duplicates, "after short names merged, so near-duplicates compare canonical names"),
    (add_short_words, "after merging, so one brand word is claimed by one organisation only"),
    (add_headline_short_forms, "once full names are merged: the headline shortens a name the body gives in full"),
    (add_government_places, "last of the full-name rules: a place name is masked only where a government is named"),
    (read_people, "after every full name is masked, before abbreviations: 'LIU' in 'Mr. LIU Minhua' is a surname"),
    (add_acronyms, "after people, whose capitalised surnames are not organisations"),
    (add_counterpart_words, "after acronyms and people: a lone capitalised word is a name only if nothing else is"),
    (add_headline_names, "last: headline words are a name only where no other rule explains them"),
)


# -- helpers ------------------------------------------------------------------------------------------------


def _name_before(index: OrgIndex, before: str, paren_start: int, alias: str) -> FoundOrg | None:
    """The organisation whose name ends right before a parenthesis holding `alias`, if it is one."""
    covering = index.org_at(paren_start - 1) or index.org_at(paren_start - 2)
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
    alias_entry = index.gazetteer.lookup(alias)
    if alias_entry is not None and not index.gazetteer.is_shared(alias):
        org = index.org_for_entry(alias_entry)
        index.register(org, name)
    else:
        org = index.org_for_name(name, academic=is_academic_name(name))
    index.mention(org, start, start + len(name))
    return org


def _reversed_definition(index: OrgIndex, before: str, paren_start: int, inner: str) -> FoundOrg | None:
    """ "SASAC (State-owned Assets Supervision and Administration Commission)": the inner text names it."""
    acronym = _ACRONYM_BEFORE_RE.search(before)
    if acronym is None:
        return None
    short = acronym.group(0).strip()
    words = inner.split(" ")
    if len(words) < 2 or (fit_abbreviation(words, short) != inner and fit_pattern(inner) != inner):
        return None
    entry = index.gazetteer.lookup(short)
    if entry is not None and not index.gazetteer.is_shared(short):
        org = index.org_for_entry(entry)
    else:
        org = index.org_for_name(inner, academic=is_academic_name(inner))
    index.register(org, inner)
    start = paren_start - len(before) + acronym.start()
    index.mention(org, start, start + len(short))
    return org


def _names_degree(masked: str, paren_start: int) -> bool:
    """True when the words before a parenthesis name a degree: "… Master of Engineering (MEng)"."""
    before = masked[max(0, paren_start - 80) : paren_start]
    clause = re.split(r"[,;:.()\n]|\b(?:and|the|a|an|in|at|with|for|to)\b", before)[-1]
    words = clause.split()
    return bool(words) and words[0].casefold() in DEGREE_WORDS


def _head_family(name: str) -> str | None:
    """The kind of body a name's last keyword says it is: "… Group Co., Ltd." a company, "Shantou University
    Medical College" a college (so "Shantou University" is not its short name)."""
    words = name.replace(",", " ").replace(".", " ").casefold().split()
    return next((_KEYWORD_FAMILIES[word] for word in reversed(words) if word in _KEYWORD_FAMILIES), None)


def _whole_words(text: str, words: str) -> list[tuple[int, int]]:
    """(start, end) of each occurrence of `words` in `text` that is not part of a longer word."""
    found = []
    position = text.find(words)
    while position >= 0:
        end = position + len(words)
        before = text[position - 1 : position] if position else " "
        after = text[end : end + 1] or " "
        if not (before.isalnum() or before in "_&") and not (after.isalnum() or after in "_&"):
            found.append((position, end))
        position = text.find(words, end)
    return found


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
