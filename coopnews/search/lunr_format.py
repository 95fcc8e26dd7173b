"""Search: the index in lunr's own serialized format, with lunr's BM25 scores — the oracle, not the build.

The build never calls this module: the site ships term frequencies (pack), and the engine computes lunr's scores
in the browser (browser/engine.js, collectPostings). This is the Python statement of what lunr.py writes for the
same text, so tests compare the fast builder with lunr.py's own builder (tests/search/test_index.py) and the
engine's unpacking with it (tests/search/test_node.py), with no Node needed for the first.

Why the BM25 formula is written twice outside lunr: lunr.js computes it only in lunr.Builder, which the page never
runs (it loads serialized indexes); the engine must compute it because the shards hold frequencies; and this
oracle must, to say what a correct score is without a browser. lunr.py (the reference builder the tests run) and
lunr.js (which the Node tests run on both forms) are the judges of both copies.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from coopnews.search.contract import LUNR_VERSION, to_ref
from coopnews.search.index import BuiltIndex

_K1 = 1.2
_B = 0.75
_TF_WEIGHT = _K1 + 1


def scores_x1000(index: BuiltIndex, term: str) -> list[list[int]]:
    """lunr.py's BM25 scores (k1 1.2, b 0.75) of `term`'s postings x 1000, per field, in posting order.

    lunr.py computes idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * length / average) + tf) * boost and rounds it to
    3 places; the engine computes the same in lunr.js's order (collectPostings).
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
