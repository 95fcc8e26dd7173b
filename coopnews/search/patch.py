"""Search: patch the last build's index for the texts that changed, instead of building it afresh.

The memo path of make_search_files: equal, posting for posting, to build_index on the same documents
(tests/search/test_index.py compares the two on every kind of edit).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from itertools import accumulate
from operator import sub

from coopnews.search.index import BuiltIndex
from coopnews.search.words import TermCounts, WordTerms, count_terms

#: Changed documents up to which update_index patches an index; beyond, building it afresh is about as quick.
PATCH_LIMIT = 500


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
    words = WordTerms()
    counts = {key: memo[key] for row in previous_keys for key in row}
    deltas: dict[str, dict[tuple[int, int], int]] = {}  # term -> (field, document) -> new frequency (0: gone)
    lengths = [list(field_lengths) for field_lengths in previous.lengths]
    for number, f in changed:
        old = _frequencies(counts[previous_keys[number][f]])
        new_counts = counts.get(keys[number][f]) or memo.get(keys[number][f])
        if new_counts is None:
            new_counts = count_terms(documents[number].get(previous.fields[f]) or "", words)
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
