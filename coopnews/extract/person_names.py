"""Extract, person names: does a capitalised phrase look like a person's name at all?

Context cues ("President of …", "…, Director of …") say where a name may stand; this module checks that
what stands there is shaped like a name, so "Product Line" in "President of the Computing Product Line of
…" or "Accountant" in "Chief Accountant" is not taken for a person. A name is accepted when it has
a Chinese name's shape (a common family name and a given name made of pinyin syllables, in either order),
or a Western name's shape (two or three capitalised words, none of them a role, unit, industry or place word,
nor an English noun by its ending).
"""

from __future__ import annotations

import re
from functools import lru_cache

from coopnews.extract.lexicon import (
    INDUSTRY_WORDS,
    KNOWN_PLACES,
    NOT_NAME_WORDS,
    PERSON_NOUNS,
    SURNAMES,
    UNIT_WORDS,
)

_INITIAL = r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])"
_FINAL = (
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|iao|ian|uai|uan|üan|van|ai|ei|ao|ou|an|en|in|un|ün|vn|ia|ie|iu|ua|uo"
    r"|ui|üe|ve|ue|er|a|o|e|i|u|ü|v)"
)
_SYLLABLE = rf"(?:{_INITIAL}?{_FINAL})"
#: A given name of one to three pinyin syllables, maybe split by an apostrophe or hyphen ("Jia'nan", "Xiao-Ming").
_SYLLABLE_RE = re.compile(_SYLLABLE, re.IGNORECASE)
_PINYIN_RE = re.compile(rf"{_SYLLABLE}(?:['’-]?{_SYLLABLE}){{0,2}}", re.IGNORECASE)
#: Endings of English nouns and adjectives that are rarely a family or given name ("Digital", "Industries").
#: Endings of English nouns and adjectives that are hardly ever a family or given name ("Digital" is caught by
#: the word lists, "Mary", "Lawrence", "Peters" must pass, so "-ary", "-ence", "-ers" are not here).
_COMMON_ENDING_RE = re.compile(
    r"(?:tions?|sions?|ments?|ness|ities|ity|ics|ology|ship|ware|ical|ial|ual|ism|ures?|ous|ience|ants|ents)$",
    re.IGNORECASE,
)
_CJK_RE = re.compile("[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_NAME_SUFFIXES = frozenset(("Jr", "Sr", "II", "III", "IV"))


def is_pinyin(word: str) -> bool:
    """True for a word made of one to three pinyin syllables ("Mingyuan", "Jiayi", "Xiao-Ming")."""
    return _PINYIN_RE.fullmatch(word) is not None


def is_syllable(word: str) -> bool:
    """True for a word that is one pinyin syllable ("Kui", "Ling")."""
    return _SYLLABLE_RE.fullmatch(word) is not None


def is_chinese_name(words: tuple[str, ...]) -> bool:
    """ "Li Peng", "Jiayi Peng", "LIU Minhua": a common family name and a pinyin given name, either order; or
    "Ding Kui Ling": a family name and a given name of two syllables written apart."""
    if len(words) == 3:
        return words[0].casefold() in SURNAMES and is_syllable(words[1]) and is_syllable(words[2])
    if len(words) != 2:
        return False
    first, second = (w.casefold() for w in words)
    return (first in SURNAMES and is_pinyin(second)) or (second in SURNAMES and is_pinyin(first))


@lru_cache(maxsize=8192)
def looks_like_person_name(words: tuple[str, ...]) -> bool:
    """True when `words` (a name as split from its context) could be a person's name.

    One word is a name only if it is a common Chinese family name; names in CJK script always pass.
    """
    if not words:
        return False
    if any(_CJK_RE.match(word) for word in words):
        return True
    if len(words) == 1:
        return words[0].casefold() in SURNAMES
    if is_chinese_name(words):
        return True
    core = [word for word in words if not is_initial(word) and not is_name_suffix(word)]
    return 2 <= len(core) <= 3 and all(_is_western_name_word(word) for word in core)


def is_initial(word: str) -> bool:
    """ "T." in "John T. Casteen": one capital and a period."""
    return len(word) == 2 and word[0].isupper() and word[1] == "."


def is_name_suffix(word: str) -> bool:
    """ "III" in "John T. Casteen III", "Jr." in "Martin Luther King Jr."."""
    return word.rstrip(".,") in _NAME_SUFFIXES


def is_person_noun(word: str) -> bool:
    """A noun that describes a person ("graduate", "junior", "engineer"), for "Li Peng, a 2015 graduate of …"."""
    return word.casefold() in PERSON_NOUNS


def _is_western_name_word(word: str) -> bool:
    folded = word.casefold()
    if len(word) < 2 or not word[0].isupper() or folded in NOT_NAME_WORDS or word in KNOWN_PLACES:
        return False
    if folded in UNIT_WORDS or folded in INDUSTRY_WORDS or folded in PERSON_NOUNS:
        return False
    return folded in SURNAMES or is_pinyin(word) or not _COMMON_ENDING_RE.search(folded)
