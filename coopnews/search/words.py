"""Search: text as the index sees it — words, their normalized form, their terms, and each text's term counts.

The engine (browser/engine.js, queryWords and indexTerm) normalizes a query the same way in the browser: a
second copy, in JavaScript, because the index is built here and queried there; neither side can ask the other.
tests/search/test_node.py checks that the two agree word for word, and that the stemmer port (stemmer) equals
lunr.js's.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from array import array
from collections import Counter
from typing import Any

from lunr.stop_word_filter import WORDS as STOP_WORDS

from coopnews.search.contract import ACRONYM_MARK
from coopnews.search.stemmer import stem_word

__all__ = ["STOP_WORDS", "TermCounts", "WordTerms", "count_terms", "normalize_text", "normalize_word", "split_words"]

_TRIMMER = re.compile(r"^\W*?([^\W]+)\W*?$")  # lunr.py's trimmer
_NON_WORD = re.compile(r"[\W\U00010000-\U0010FFFF]+")  # astral characters would count twice in JS strings
_ASCII_NON_WORD = {code: " " for code in range(128) if not (chr(code).isalnum() or chr(code) == "_")}


def split_words(text: str) -> list[str]:
    """The words of `text` in their original case: NFKC, split at every character that is not a word character.

    Splitting on every non-word character (not only on spaces, as lunr does) makes "XJTU's" and "Co.,Ltd" the
    words a reader types; the engine splits queries the same way.
    """
    text = unicodedata.normalize("NFKC", text)
    spaced = text.translate(_ASCII_NON_WORD) if text.isascii() else _NON_WORD.sub(" ", text)
    return spaced.split()


def normalize_word(word: str) -> str:
    """A word as the index holds it before stemming: lowercase; an all-capitals stop word gets ACRONYM_MARK."""
    lower = word.lower()
    if lower in STOP_WORDS and len(word) > 1 and word.isupper():
        return lower + ACRONYM_MARK
    return lower


def normalize_text(text: str) -> str:
    """The text lunr.py would have to index to produce build_index's index: normalized words, one space apart."""
    return " ".join(normalize_word(word) for word in split_words(text))


class WordTerms(dict[str, str | None]):
    """A word of split_words -> its index term, or None for a stop word: lunr's pipeline, memoised per word."""

    def __missing__(self, word: str) -> str | None:
        token = normalize_word(word)
        match = _TRIMMER.match(token)  # lunr's trimmer: a no-op except on the rare word lowercase turns odd
        trimmed = match.group(1) if match else token
        term = None if trimmed in STOP_WORDS else stem_word(trimmed)
        self[word] = term
        return term


#: A text's terms as build_index counts them: the distinct terms in first-occurrence order joined by spaces (a
#: term holds no space), their frequencies (bytes while they fit), and the field length. Strings and bytes keep a
#: memo of 10,000 articles' counts small and quick to save and load.
TermCounts = tuple[str, "bytes | array[int]", int]


def count_terms(text: str, terms: WordTerms) -> TermCounts:
    """The TermCounts of `text`, its words mapped to terms through `terms`."""
    words = split_words(text)
    counts: Counter[Any] = Counter(map(terms.__getitem__, words))
    length = len(words) - counts.pop(None, 0)
    frequencies = list(counts.values())
    return (
        " ".join(counts),
        bytes(frequencies) if max(frequencies, default=0) < 256 else array("I", frequencies),
        length,
    )


def text_key(text: str) -> bytes:
    """The key of a text in a TermCounts memo: a digest of its bytes."""
    return hashlib.blake2b(text.encode(), digest_size=16).digest()
