"""Search: build lunr indexes fast, in the exact format lunr.js 2.3.9 loads, and pack them for the browser.

lunr.py builds the same indexes but runs its token pipeline (tokenizer, trimmer, stop words, stemmer) on every one
of millions of tokens; here each distinct word goes through the pipeline once (memoised), and text is split with
str methods rather than character by character, which makes a 10,000-article body index build about ten times
faster. Given a memo of each text's counts (TermCounts), a rebuild tokenises only the texts that changed. The
serialized index equals lunr.py's for the same (normalized) text and the same pipeline, ref for ref and score for
score (tests/search/test_index.py), with one deliberate change: words are stemmed by a port of lunr.js's stemmer,
not lunr.py's, whose stems differ ("railway" -> "railwai" in lunr.py, "railway" in lunr.js), so the browser,
which stems queries with lunr.js, finds every word the index holds.

The packed form the site ships holds term frequencies, not scores: a BM25 score depends on the average field
length and the number of documents, so any edit would change scores all over the index, and every body shard
with them. search.js computes lunr's scores from the frequencies and the index statistics (index_statistics),
which travel in the first index; after a body edit only the shards of the words that changed are new.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, repeat
from operator import sub
from typing import Any

from lunr.stop_word_filter import WORDS as STOP_WORDS

#: The lunr.js version whose serialized format the indexes follow.
LUNR_VERSION = "2.3.9"
#: Appended to an all-capitals stop word ("IT", "US") so the stop word filter keeps it; search.js maps queries alike.
ACRONYM_MARK = "_"

_K1 = 1.2
_B = 0.75
_TF_WEIGHT = _K1 + 1
_TRIMMER = re.compile(r"^\W*?([^\W]+)\W*?$")  # lunr.py's trimmer
_NON_WORD = re.compile(r"[\W\U00010000-\U0010FFFF]+")  # astral characters would count twice in JS strings
_ASCII_NON_WORD = {code: " " for code in range(128) if not (chr(code).isalnum() or chr(code) == "_")}
_DIGITS36 = "0123456789abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class Field:
    """An indexed field and its boost (a match in a boosted field scores that many times higher)."""

    name: str
    boost: float = 1


@dataclass(frozen=True)
class BuiltIndex:
    """An index before serialization: each term's lunr `_index` and its postings, per field, in document order.

    `postings[term][f]` is flat: (gap to the previous document number, term frequency) pairs for field
    `fields[f]`; `lengths[f][n]` is the length of field f of document n, `averages[f]` the mean over documents.
    Document n has the ref `to_ref(n)`. Both serialized forms (lunr's and the packed one) derive from it.
    """

    fields: tuple[str, ...]
    boosts: tuple[float, ...]
    count: int
    term_index: Mapping[str, int]
    postings: Mapping[str, Sequence[Sequence[int]]]
    lengths: Sequence[Sequence[int]]
    averages: Sequence[float]


def to_ref(number: int) -> str:
    """The short ref of document `number`: base 36, as search.js reads it back (`parseInt(ref, 36)`)."""
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = _DIGITS36[digit] + digits
        if not number:
            return digits


def split_words(text: str) -> list[str]:
    """The words of `text` in their original case: NFKC, split at every character that is not a word character.

    Splitting on every non-word character (not only on spaces, as lunr does) makes "XJTU's" and "Co.,Ltd" the
    words a reader types; search.js splits queries the same way.
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


def stem_word(word: str) -> str:
    """Stem `word` exactly as lunr.js 2.3.9's `lunr.stemmer` does (a Porter stemmer with its own quirks)."""
    return _porter_stem(word)


class _WordTerms(dict[str, str | None]):
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


def _count_terms(text: str, terms: _WordTerms) -> TermCounts:
    words = split_words(text)
    counts: Counter[Any] = Counter(map(terms.__getitem__, words))
    length = len(words) - counts.pop(None, 0)
    frequencies = list(counts.values())
    return (
        " ".join(counts),
        bytes(frequencies) if max(frequencies, default=0) < 256 else array("I", frequencies),
        length,
    )


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def build_index(
    documents: Sequence[Mapping[str, str]], fields: Sequence[Field], memo: dict[bytes, TermCounts] | None = None
) -> BuiltIndex:
    """Index `documents` ({field: text}; document n gets ref to_ref(n)) as lunr.py's `lunr()` would index the
    normalize_text of each field with BM25 defaults (k1 1.2, b 0.75).

    Term `_index` numbers follow first occurrence (document, then field, then token order), as in lunr. `memo`
    maps a digest of a text to its TermCounts: a text found there is not tokenised again (the costliest step
    once every score has to be recomputed anyway, as any change to a text changes the average field length), and
    the memo is left holding this call's texts only.
    """
    words = _WordTerms()
    if memo is None:
        counted = [[_count_terms(document.get(field.name) or "", words) for field in fields] for document in documents]
    else:
        fresh: dict[bytes, TermCounts] = {}
        counted = []
        for document in documents:
            row = []
            for field in fields:
                text = document.get(field.name) or ""
                key = _digest(text)
                known = fresh.get(key) or memo.get(key)
                row.append(known if known is not None else _count_terms(text, words))
                fresh[key] = row[-1]
            counted.append(row)
        memo.clear()
        memo.update(fresh)
    rows = [
        [(names.split(" ") if frequencies else [], frequencies, length) for names, frequencies, length in row]
        for row in counted
    ]
    return _index_counted(rows, fields)


#: Changed documents up to which update_index patches an index; beyond, building it afresh is about as quick.
PATCH_LIMIT = 500


def text_key(text: str) -> bytes:
    """The key of a text in a TermCounts memo."""
    return _digest(text)


def text_keys(documents: Sequence[Mapping[str, str]], fields: Sequence[Field]) -> list[tuple[bytes, ...]]:
    """text_key of each field of each document: what update_index compares with the last build's."""
    return [tuple(_digest(document.get(field.name) or "") for field in fields) for document in documents]


def update_index(
    previous: BuiltIndex,
    previous_keys: Sequence[Sequence[bytes]],
    documents: Sequence[Mapping[str, str]],
    keys: Sequence[Sequence[bytes]],
    memo: dict[bytes, TermCounts],
) -> BuiltIndex | None:
    """The index of `documents` made by patching `previous`, the index of the texts `previous_keys` (text_keys,
    in order): only the postings of terms whose frequency changed in a changed field are rebuilt. None when it
    cannot be patched (another number of documents or fields, more than PATCH_LIMIT texts changed, counts missing
    from `memo`); build_index then builds it afresh.

    The postings, lengths and averages equal build_index's, so the packed form is byte for byte the same; `_index`
    numbers may differ (a new term is numbered last), which lunr only needs distinct. `memo` is left holding the
    counts of `documents`' texts, as build_index leaves it.
    """
    width = len(previous.fields)
    if previous.count != len(documents) or len(previous_keys) != len(keys):
        return None
    changed = [
        (number, f)
        for number, (old, new) in enumerate(zip(previous_keys, keys, strict=True))
        for f in range(width)
        if len(old) != width or len(new) != width or old[f] != new[f]
    ]
    if len(changed) > PATCH_LIMIT or any(key not in memo for row in previous_keys for key in row):
        return None
    words = _WordTerms()
    counts = {key: memo[key] for row in previous_keys for key in row}
    deltas: dict[str, dict[tuple[int, int], int]] = {}  # term -> (field, document) -> new frequency (0: gone)
    lengths = [list(field_lengths) for field_lengths in previous.lengths]
    for number, f in changed:
        old = _frequencies(counts[previous_keys[number][f]])
        new_counts = counts.get(keys[number][f]) or memo.get(keys[number][f])
        if new_counts is None:
            new_counts = _count_terms(documents[number].get(previous.fields[f]) or "", words)
        counts[keys[number][f]] = new_counts
        new = _frequencies(new_counts)
        for term in old.keys() | new.keys():
            if old.get(term) != new.get(term):
                deltas.setdefault(term, {})[(f, number)] = new.get(term, 0)
        lengths[f][number] = new_counts[2]
    postings = dict(previous.postings)
    term_index = dict(previous.term_index)
    next_index = max(term_index.values(), default=-1) + 1
    for term in sorted(deltas):
        per_field = list(postings[term]) if term in postings else [[] for _ in range(width)]
        for f in range(width):
            changes = {number: tf for (field, number), tf in deltas[term].items() if field == f}
            if changes:
                per_field[f] = _patch_postings(per_field[f], changes)
        if any(per_field):
            postings[term] = per_field
            if term not in term_index:
                term_index[term], next_index = next_index, next_index + 1
        else:
            postings.pop(term, None)
            term_index.pop(term, None)
    memo.clear()
    memo.update((key, counts[key]) for row in keys for key in row)
    return BuiltIndex(
        fields=previous.fields,
        boosts=previous.boosts,
        count=previous.count,
        term_index=term_index,
        postings=postings,
        lengths=lengths,
        averages=[sum(field_lengths) / previous.count if previous.count else 0.0 for field_lengths in lengths],
    )


def _frequencies(counts: TermCounts) -> dict[str, int]:
    names, frequencies, _length = counts
    return dict(zip(names.split(" "), frequencies, strict=True)) if frequencies else {}


def _patch_postings(flat: Sequence[int], changes: Mapping[int, int]) -> list[int]:
    """Flat (gap, frequency) postings with each document's frequency set as `changes` says (0 removes it)."""
    positions = list(accumulate(flat[::2]))  # document number + 1, ascending
    frequencies = list(flat[1::2])
    for number, frequency in sorted(changes.items()):
        at = bisect_left(positions, number + 1)
        present = at < len(positions) and positions[at] == number + 1
        if present and frequency:
            frequencies[at] = frequency
        elif present:
            del positions[at], frequencies[at]
        elif frequency:
            positions.insert(at, number + 1)
            frequencies.insert(at, frequency)
    result = [0] * (2 * len(positions))
    result[::2] = positions[:1] + list(map(sub, positions[1:], positions))
    result[1::2] = frequencies
    return result


def _index_counted(
    rows: Sequence[Sequence[tuple[list[str], Sequence[int], int]]], fields: Sequence[Field]
) -> BuiltIndex:
    count = len(rows)
    lengths = [[row[f][2] for row in rows] for f in range(len(fields))]
    per_field: list[dict[str, list[int]]]
    if len(fields) == 1:  # the body: a term's list is made at its first occurrence, so the order is lunr's
        per_field = [defaultdict(list)]
    else:
        per_field = [{term: [] for term in dict.fromkeys(_every_term(rows))} for _ in fields]
    for number, row in enumerate(rows):
        for f, (names, frequencies, _length) in enumerate(row):
            if names:
                # postings[term] += (number, frequency) for every term of the field, looped in C.
                lists = map(per_field[f].__getitem__, names)
                deque(map(list.extend, lists, zip(repeat(number), frequencies)), maxlen=0)
    term_index = {term: position for position, term in enumerate(per_field[0])}
    for postings in per_field:  # document numbers -> gaps
        for flat in postings.values():
            numbers = flat[::2]
            flat[2::2] = list(map(sub, numbers[1:], numbers))
            if flat:
                flat[0] += 1
    return BuiltIndex(
        fields=tuple(field.name for field in fields),
        boosts=tuple(field.boost for field in fields),
        count=count,
        term_index=term_index,
        postings={term: [postings[term] for postings in per_field] for term in term_index},
        lengths=lengths,
        averages=[sum(field_lengths) / count if count else 0.0 for field_lengths in lengths],
    )


def _every_term(rows: Sequence[Sequence[tuple[list[str], Sequence[int], int]]]) -> Iterable[str]:
    return chain.from_iterable(names for row in rows for names, _, _ in row)


def scores_x1000(index: BuiltIndex, term: str) -> list[list[int]]:
    """lunr.py's BM25 scores (k1 1.2, b 0.75) of `term`'s postings x 1000, per field, in posting order.

    lunr.py computes idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * length / average) + tf) * boost and rounds it to
    3 places; search.js computes the same in lunr.js's order (see unpackIndex).
    """
    postings = index.postings[term]
    idf = _idf(sum(len(flat) // 2 for flat in postings), index.count)
    result = []
    for f, flat in enumerate(postings):
        lengths, average, boost = index.lengths[f], index.averages[f], index.boosts[f]
        millis = []
        for number, tf in _decode(flat):
            norm = _K1 * (1 - _B + _B * (lengths[number] / average))
            score = idf * (_TF_WEIGHT * tf) / (norm + tf)
            millis.append(round(round(score * boost if boost != 1 else score, 3) * 1000))
        result.append(millis)
    return result


def _idf(documents_with_term: int, count: int) -> float:
    """lunr's inverse document frequency."""
    x = (count - documents_with_term + 0.5) / (documents_with_term + 0.5)
    return math.log(1 + abs(x))


def serialize_index(index: BuiltIndex) -> dict[str, Any]:
    """The index as `lunr.Index.load` reads it, equal to lunr.py's `Index.serialize()` (see build_index)."""
    width = len(index.fields)
    vectors: list[list[tuple[int, float]]] = [[] for _ in range(index.count * width)]
    inverted = []
    for term in sorted(index.postings):
        position = index.term_index[term]
        posting: dict[str, Any] = {}
        for f, (field, millis) in enumerate(zip(index.fields, scores_x1000(index, term), strict=True)):
            refs = posting[field] = {}
            for (number, _tf), milli in zip(_decode(index.postings[term][f]), millis, strict=True):
                refs[to_ref(number)] = {}
                vectors[number * width + f].append((position, milli / 1000))
        posting["_index"] = position
        inverted.append([term, posting])
    field_vectors = [
        [f"{field}/{to_ref(number)}", [value for pair in sorted(vectors[number * width + f]) for value in pair]]
        for number in range(index.count)
        for f, field in enumerate(index.fields)
    ]
    return {
        "version": LUNR_VERSION,
        "fields": list(index.fields),
        "fieldVectors": field_vectors,
        "invertedIndex": inverted,
        "pipeline": ["stemmer"],
    }


def _decode(flat: Sequence[int]) -> Iterable[tuple[int, int]]:
    number = -1
    for position in range(0, len(flat), 2):
        number += flat[position]
        yield number, flat[position + 1]


def pack_index(index: BuiltIndex, terms: Iterable[str] | None = None) -> dict[str, str]:
    """A compact form of the index's postings, or of its `terms` only, that search.js unpacks for `lunr.Index.load`
    with the index's statistics (index_statistics).

    lunr's format spells every ref twice per posting; packed, a posting is two small integers (see BuiltIndex).
    Layout: `{term: "[field number, [gap, tf, ...], ...]"}`, fields without postings left out, each row a JSON
    string: a browser parses a string in a fraction of the time it takes over the numbers, and search.js parses
    only the rows of the terms a query looks up. An index cut down to some terms scores them exactly as the whole
    index does: lunr scores a document by the dot product of the query vector with its field vectors, over the
    query's terms only; so search.js numbers the terms it loads itself (lunr's `_index`) and no row holds one.
    """
    packed: dict[str, str] = {}
    for term in sorted(index.postings if terms is None else terms):
        row: list[Any] = []
        for f, flat in enumerate(index.postings[term]):
            if flat:
                row += (f, flat)
        packed[term] = json.dumps(row, separators=(",", ":"))
    return packed


def index_statistics(index: BuiltIndex) -> dict[str, Any]:
    """What search.js needs besides the postings to compute lunr's scores: fields with their boosts, the number
    of documents, and each field's length in each document and on average."""
    return {
        "fields": list(index.fields),
        "boosts": list(index.boosts),
        "count": index.count,
        "lengths": [list(lengths) for lengths in index.lengths],
        "averages": list(index.averages),
    }


def shard_terms(index: BuiltIndex, limit: int) -> dict[str, list[str]]:
    """Split the index's terms into shards by prefix, each about `limit` postings at most where it can be.

    A term belongs to the shard whose key is the longest key that starts the term; a shard over the limit is split
    by the next character, so search.js, which knows the keys, loads only the shards a query's terms need.
    """
    sizes = {term: 1 + sum(len(flat) for flat in index.postings[term]) // 2 for term in index.postings}
    shards: dict[str, list[str]] = {}
    pending = [("", sorted(sizes))]
    while pending:
        key, members = pending.pop()
        if not members:
            continue
        if sum(sizes[term] for term in members) <= limit or all(len(term) == len(key) for term in members):
            shards[key] = members
            continue
        children: dict[str, list[str]] = {}
        for term in members:
            children.setdefault(term[: len(key) + 1], []).append(term)
        for child, child_terms in children.items():
            if child == key:
                shards[key] = child_terms
            else:
                pending.append((child, child_terms))
    return dict(sorted(shards.items()))


# A line-by-line port of lunr.js 2.3.9's Porter stemmer (lunr.js lib/stemmer.js): keep it that way. The
# str.endswith checks only skip regexes that need that suffix to match, for speed; `\Z` is JS's `$`.
_STEP2 = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "bli": "ble",
    "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate",
    "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous", "aliti": "al",
    "iviti": "ive", "biliti": "ble", "logi": "log",
}  # fmt: skip
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}
_STEP4 = ("al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ou", "ism", "ate", "iti",
          "ous", "ive", "ize")  # fmt: skip
_c = "[^aeiou]"  # consonant
_v = "[aeiouy]"  # vowel
_C = _c + "[^aeiouy]*"  # consonant sequence
_V = _v + "[aeiou]*"  # vowel sequence
_MGR0 = re.compile("^(" + _C + ")?" + _V + _C)  # [C]VC... is m>0
_MEQ1 = re.compile("^(" + _C + ")?" + _V + _C + "(" + _V + ")?\\Z")  # [C]VC[V] is m=1
_MGR1 = re.compile("^(" + _C + ")?" + _V + _C + _V + _C)  # [C]VCVC... is m>1
_S_V = re.compile("^(" + _C + ")?" + _v)  # vowel in stem
_RE_1A = re.compile(r"^(.+?)(ss|i)es\Z")
_RE2_1A = re.compile(r"^(.+?)([^s])s\Z")
_RE_1B = re.compile(r"^(.+?)eed\Z")
_RE2_1B = re.compile(r"^(.+?)(ed|ing)\Z")
_RE2_1B_2 = re.compile(r"(at|bl|iz)\Z")
_RE3_1B_2 = re.compile(r"([^aeiouylsz])\1\Z")
_RE4_1B_2 = re.compile("^" + _C + _v + "[^aeiouwxy]\\Z")
_RE_1C = re.compile(r"^(.+?[^aeiou])y\Z")
_RE_2 = re.compile("^(.+?)(" + "|".join(_STEP2) + ")\\Z")
_RE_3 = re.compile("^(.+?)(" + "|".join(_STEP3) + ")\\Z")
_RE_4 = re.compile("^(.+?)(" + "|".join(_STEP4) + ")\\Z")
_RE2_4 = re.compile(r"^(.+?)(s|t)(ion)\Z")
_RE_5 = re.compile(r"^(.+?)e\Z")
_RE3_5 = re.compile("^" + _C + _v + "[^aeiouwxy]\\Z")
_STEP2_ENDS = tuple(_STEP2)
_STEP3_ENDS = tuple(_STEP3)


def _porter_stem(w: str) -> str:
    if len(w.encode("utf-16-le")) < 6:  # JS measures length in UTF-16 code units
        return w
    firstch = w[0]
    if firstch == "y":
        w = "Y" + w[1:]
    # Step 1a
    if w.endswith("s"):
        if _RE_1A.search(w):
            w = _RE_1A.sub(r"\1\2", w, count=1)
        elif _RE2_1A.search(w):
            w = _RE2_1A.sub(r"\1\2", w, count=1)
    # Step 1b
    if w.endswith("eed") and (fp := _RE_1B.search(w)):
        if _MGR0.search(fp.group(1)):
            w = w[:-1]
    elif w.endswith(("ed", "ing")) and (fp := _RE2_1B.search(w)):
        stem = fp.group(1)
        if _S_V.search(stem):
            w = stem
            if _RE2_1B_2.search(w):
                w += "e"
            elif _RE3_1B_2.search(w):
                w = w[:-1]
            elif _RE4_1B_2.search(w):
                w += "e"
    # Step 1c
    if w.endswith("y") and (fp := _RE_1C.search(w)):
        w = fp.group(1) + "i"
    # Step 2
    if w.endswith(_STEP2_ENDS) and (fp := _RE_2.search(w)) and _MGR0.search(fp.group(1)):
        w = fp.group(1) + _STEP2[fp.group(2)]
    # Step 3
    if w.endswith(_STEP3_ENDS) and (fp := _RE_3.search(w)) and _MGR0.search(fp.group(1)):
        w = fp.group(1) + _STEP3[fp.group(2)]
    # Step 4
    if w.endswith(_STEP4) and (fp := _RE_4.search(w)):
        if _MGR1.search(fp.group(1)):
            w = fp.group(1)
    elif w.endswith("ion") and (fp := _RE2_4.search(w)) and _MGR1.search(fp.group(1) + fp.group(2)):
        w = fp.group(1) + fp.group(2)
    # Step 5
    if w.endswith("e") and (fp := _RE_5.search(w)):
        stem = fp.group(1)
        if _MGR1.search(stem) or (_MEQ1.search(stem) and not _RE3_5.search(stem)):
            w = stem
    if w.endswith("ll") and _MGR1.search(w):
        w = w[:-1]
    if firstch == "y":
        w = "y" + w[1:]
    return w
