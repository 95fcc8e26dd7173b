"""Search: build an index of documents fast, holding what lunr.py's builder would hold for the same text.

lunr.py builds the same indexes but runs its token pipeline (tokenizer, trimmer, stop words, stemmer) on every one
of millions of tokens; here each distinct word goes through the pipeline once (words.WordTerms), and text is split
with str methods rather than character by character, which makes a 10,000-article body index build about ten
times faster. Given a memo of each text's counts (TermCounts), a rebuild tokenises only the texts that changed.
Serialized in lunr's format (lunr_format), the index equals lunr.py's for the same (normalized) text and the same
pipeline, ref for ref and score for score (tests/search/test_index.py), with one deliberate change: words are
stemmed by a port of lunr.js's stemmer (stemmer), not lunr.py's, so the browser finds every word the index holds.

An index holds term frequencies and field lengths, not scores: see pack for why the site ships it that way.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from operator import sub

from coopnews.search.words import TermCounts, WordTerms, count_terms, text_key


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


def build_index(
    documents: Sequence[Mapping[str, str]],
    fields: Sequence[Field],
    memo: dict[bytes, TermCounts] | None = None,
    keys: Sequence[tuple[bytes, ...]] | None = None,
) -> BuiltIndex:
    """Index `documents` ({field: text}; document n gets ref to_ref(n)) as lunr.py's `lunr()` would index the
    normalize_text of each field with BM25 defaults (k1 1.2, b 0.75).

    Term `_index` numbers follow first occurrence (document, then field, then token order), as in lunr. `memo`
    maps a digest of a text to its TermCounts: a text found there is not tokenised again (the costliest step
    once every score has to be recomputed anyway, as any change to a text changes the average field length), and
    the memo is left holding this call's texts only. `keys`, when the caller has them, are the documents'
    text_keys (hashing 10,000 bodies twice costs 0.1 s).
    """
    words = WordTerms()
    if memo is None:
        counted = [[count_terms(document.get(field.name) or "", words) for field in fields] for document in documents]
    else:
        fresh: dict[bytes, TermCounts] = {}
        counted = []
        for number, document in enumerate(documents):
            row = []
            for position, field in enumerate(fields):
                text = document.get(field.name) or ""
                key = keys[number][position] if keys is not None else text_key(text)
                known = fresh.get(key) or memo.get(key)
                row.append(known if known is not None else count_terms(text, words))
                fresh[key] = row[-1]
            counted.append(row)
        memo.clear()
        memo.update(fresh)
    rows = [
        [(names.split(" ") if frequencies else [], frequencies, length) for names, frequencies, length in row]
        for row in counted
    ]
    return _index_counted(rows, fields)


def text_keys(documents: Sequence[Mapping[str, str]], fields: Sequence[Field]) -> list[tuple[bytes, ...]]:
    """text_key of each field of each document: what update_index compares with the last build's."""
    return [tuple(text_key(document.get(field.name) or "") for field in fields) for document in documents]


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
