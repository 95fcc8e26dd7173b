"""Extract, short names: the shorter ways a story refers to an organisation it named in full, and one-word names.

Pure functions over strings, used by `orgs.py`: a company's brand word ("Siemens" for "Siemens Ltd.,
China", "Changan" for "Chongqing Changan Automobile Company Limited"), a university's distinctive word
("Strathclyde" for "University of Strathclyde"), where such a word stands alone in the text (not inside
another capitalised name), one-word names the text treats as a counterpart ("signed … with ScottishPower"),
and a key under which two spellings of one body meet ("Hangzhou Municipal Government" and "Hangzhou
Municipal People's Government").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from coopnews.extract.lexicon import (
    BREAK_WORDS,
    COMPANY_WORDS,
    COUNTRIES,
    FUNCTION_WORDS,
    GENERIC_WORDS,
    INDUSTRY_WORDS,
    KNOWN_PLACES,
    MONTHS_AND_DAYS,
    NOT_NAME_WORDS,
    PERSON_NOUNS,
    SURNAMES,
    UNIT_WORDS,
)

_UNIVERSITY_RE = re.compile(r"^(?:The )?(?:University of (?P<after>\S+)|(?P<before>\S+) University)$")
_CAMEL_WORD_RE = re.compile(r"[A-Z](?<![\w&'’.-][A-Z])[a-z]+[A-Z][A-Za-z]*(?![\w&-])")
#: A capitalised word after which a name is the counterpart of a cooperation: "signed … with X", "visited X".
_CUED_WORD_RE = re.compile(
    r"[ \n](?:with|visit(?:ed|s|ing)?|between|partner(?:ed|ing)|join(?:ed|s)?|welcomed|hosted)"
    r"[ ]([A-Z][A-Za-z]{2,})(?![\w&-])"
)
_NEAR_DUPLICATE_DROP = frozenset(("the", "of", "s", "people", "peoples"))
_NEAR_DUPLICATE_STEMS = {"provincial": "province", "municipal": "municipality", "city": "municipality"}
_NOT_DISTINCTIVE = NOT_NAME_WORDS | GENERIC_WORDS | INDUSTRY_WORDS | UNIT_WORDS | PERSON_NOUNS | BREAK_WORDS
_PLACES = KNOWN_PLACES | frozenset(COUNTRIES)


def brand_word(name: str) -> str | None:
    """The word that alone names a company called `name`: its first word after place names, if distinctive."""
    words = name.replace(",", " ").split()
    if not any(word.casefold() in COMPANY_WORDS for word in words[1:]):
        return None
    for word in words:
        if word in _PLACES:
            continue
        return word if _is_distinctive(word) and word.casefold() not in SURNAMES else None
    return None


def university_word(name: str) -> str | None:
    """The word that alone names a university: "Strathclyde" for "University of Strathclyde", "Tongji" for
    "Tongji University"; None when that word is a place ("Wuhan University") or not distinctive."""
    match = _UNIVERSITY_RE.match(name)
    if match is None:
        return None
    word = match.group("after") or match.group("before")
    return word if word not in _PLACES and _is_distinctive(word) else None


def standalone_mentions(masked: str, word: str) -> Iterator[tuple[int, int]]:
    """Where `word` stands alone in `masked`: not inside another capitalised name ("Siemens" in "with
    Siemens", not in "Werner Siemens"); a unit or industry word may follow ("Siemens Digital Industries")."""
    position = masked.find(word)
    while position >= 0:
        end = position + len(word)
        if _alone(masked, position, end):
            yield position, end
        position = masked.find(word, end)


def counterpart_words(masked: str, title_end: int, not_names: set[str]) -> list[str]:
    """One-word names the story treats as a counterpart: a CamelCase word ("ScottishPower") named at least
    twice and once in the headline or after "with"/"visited", or any capitalised word named so twice."""
    cued = Counter(_CUED_WORD_RE.findall(masked))
    camel = {match.group(0) for match in _CAMEL_WORD_RE.finditer(masked)}
    found = []
    for word in sorted(camel | {word for word, count in cued.items() if count >= 2}):
        if word.upper() in not_names or word in _PLACES or not _is_distinctive(word):
            continue
        if word not in camel and re.search(rf"(?<![\w-]){word.lower()}(?![\w-])", masked):
            continue  # a common word that a sentence happens to start with
        mentions = list(standalone_mentions(masked, word))
        titled = bool(mentions) and mentions[0][0] < title_end
        wanted = cued[word] >= 2 or (word in camel and (cued[word] > 0 or titled))
        if len(mentions) >= 2 and wanted:
            found.append(word)
    return found


#: A capitalised run in a headline cued as a counterpart: after "with"/"and" or a known name and "and", or
#: before "and", "Delegation", "Visits", "Signs" ("Xidian University and Baidu Launch …", "… Signs Agreement
#: with China Southern Airlines", "China Southern Airlines Delegation Visits NWPU").
_HEADLINE_RUN_RE = re.compile(r"[A-Z][\w&'’-]*(?:[ ](?:of[ ]|and[ ](?=[A-Z][a-z]+[ ][A-Z]))?[A-Z][\w&'’-]*){0,6}")
_HEADLINE_CUE_BEFORE_RE = re.compile(r"\b(?:with|With|and|&)[ ](?:the[ ])?$")
_HEADLINE_CUE_AFTER_RE = re.compile(r"^[ ](?:and|&|Delegation|Visits?|Signs?|Launch(?:es)?|Sets?|Jointly)\b")


def headline_names(masked: str, title_end: int) -> list[str]:
    """Multi-word or one-word names the headline presents as a party ("with China Southern Airlines") and the
    body names again verbatim: the counterpart of an article whose partner no pattern or gazetteer knows."""
    found: list[str] = []
    title = masked[:title_end]
    for match in _HEADLINE_RUN_RE.finditer(title):
        words = match.group(0).split(" ")
        while words and words[0].casefold() in BREAK_WORDS:
            words.pop(0)
        cut = next((i for i, word in enumerate(words) if i and word.casefold() in BREAK_WORDS - {"of", "and"}), None)
        words = words[:cut]
        while words and words[-1] in ("of", "and"):
            words.pop()
        if not words or all(not _is_distinctive(word) and word not in _PLACES for word in words):
            continue
        if len(words) == 1 and not _is_distinctive(words[0]):
            continue
        name = " ".join(words)
        start = match.start() + match.group(0).find(name)
        before = title[max(0, start - 12) : start].replace("\0", "X")
        after = title[start + len(name) : start + len(name) + 12]
        cued = _HEADLINE_CUE_BEFORE_RE.search(before) or _HEADLINE_CUE_AFTER_RE.match(after)
        if cued and name not in found and any(True for _ in standalone_mentions(masked[title_end:], name)):
            found.append(name)
    return found


def near_duplicate_key(name: str) -> tuple[str, ...]:
    """Words that make a body's name, in any order, without "People's", "the", "of": "Hebei Provincial
    Government" and "People's Government of Hebei Province" share a key."""
    words = re.findall(r"\w+", name.replace("’", "'").replace("'s", "").casefold())
    return tuple(sorted(_NEAR_DUPLICATE_STEMS.get(w, w) for w in words if w not in _NEAR_DUPLICATE_DROP))


def _is_distinctive(word: str) -> bool:
    folded = word.casefold()
    return (
        len(word) >= 3
        and word[0].isupper()
        and not word.isupper()
        and word.replace("-", "").isalpha()
        and folded not in _NOT_DISTINCTIVE
        and folded not in MONTHS_AND_DAYS
        and folded not in COMPANY_WORDS
    )


def _alone(masked: str, start: int, end: int) -> bool:
    """True when no other capitalised word (nor a masked name) stands right before or after start:end."""
    before, after = masked[start - 1 : start] if start else " ", masked[end : end + 1] or " "
    if before.isalnum() or before in "_&-'’." or after.isalnum() or after in "_&-":
        return False
    if after == " ":
        following = masked[end + 1 : end + 40].split(" ", 1)[0].rstrip(",.;:")
        named = following[:1].isupper() or following[:1] == "\0"
        if named and following.casefold() not in _FOLLOWERS:
            return False
    if before == " ":
        previous = masked[max(0, start - 40) : start - 1].rsplit(" ", 1)[-1]
        if previous[:1] == "\0" or (previous[:1].isupper() and previous.casefold() not in _STARTERS):
            return False
    return True


#: Capitalised words that may stand before a name at a sentence's start without being part of it.
_STARTERS = BREAK_WORDS | FUNCTION_WORDS
#: Words that may follow a brand without making a longer name of it: "Siemens Digital Industries".
_FOLLOWERS = UNIT_WORDS | INDUSTRY_WORDS
