"""Search: the index in lunr's own serialized format, scored by lunr.py's builder — the oracle, not the build.

The build never calls this module: the site ships term frequencies (pack), and the engine computes lunr's scores
in the browser (browser/engine.js, collectPostings). This is what lunr.py writes for an index with the same
counts, so tests compare the fast builder with lunr.py's own builder run on the text (tests/search/test_index.py),
and the engine's unpacking with it (tests/search/test_node.py).

lunr.py's builder computes the scores here, from our counts, so the BM25 formula is written once outside lunr:
in the engine, which must compute it because the shards hold frequencies. lunr.js has it too, in lunr.Builder,
which the page never runs (it loads serialized indexes).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from lunr.builder import Builder
from lunr.field_ref import FieldRef

from coopnews.search.contract import LUNR_VERSION, to_ref
from coopnews.search.index import BuiltIndex


def serialize_index(index: BuiltIndex) -> dict[str, Any]:
    """The index as `lunr.Index.load` reads it, equal to lunr.py's `Index.serialize()` for the same text (see
    build_index): lunr.py's builder, given the index's term frequencies, field lengths and term numbers, scores
    it. Needs at least one document (lunr.py divides by the number)."""
    builder = Builder()
    for name, boost in zip(index.fields, index.boosts, strict=True):
        builder.field(name, boost)
    frequencies: list[list[dict[str, int]]] = [[{} for _ in index.fields] for _ in range(index.count)]
    for term in sorted(index.term_index, key=index.term_index.__getitem__):  # as lunr.py adds them
        posting: dict[str, Any] = {field: {} for field in index.fields}
        posting["_index"] = index.term_index[term]
        for f, flat in enumerate(index.postings[term]):
            for number, tf in _decode(flat):
                posting[index.fields[f]][to_ref(number)] = {}
                frequencies[number][f][term] = tf
        builder.inverted_index[term] = posting
    for number in range(index.count):
        ref = to_ref(number)
        builder._documents[ref] = {}
        for f, field in enumerate(index.fields):
            builder.field_term_frequencies[str(FieldRef(ref, field))] = frequencies[number][f]
            builder.field_lengths[str(FieldRef(ref, field))] = index.lengths[f][number]
    builder.document_count = index.count
    serialized: dict[str, Any] = builder.build().serialize()
    return {**serialized, "version": LUNR_VERSION, "pipeline": ["stemmer"]}


def _decode(flat: Sequence[int]) -> Iterable[tuple[int, int]]:
    number = -1
    for position in range(0, len(flat), 2):
        number += flat[position]
        yield number, flat[position + 1]
