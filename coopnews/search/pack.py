"""Search: pack an index for the browser — term frequencies by term, the statistics that score them, shards.

The packed form the site ships holds term frequencies, not scores: a BM25 score depends on the average field
length and the number of documents, so any edit would change scores all over the index, and every body shard
with them. The engine (browser/engine.js) computes lunr's scores from the frequencies and the index statistics
(index_statistics), which travel in the first index; after a body edit only the shards of the words that
changed are new. The layout is the data contract's (contract).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from coopnews.search.index import BuiltIndex


def pack_index(index: BuiltIndex, terms: Iterable[str] | None = None) -> dict[str, str]:
    """A compact form of the index's postings, or of its `terms` only, that the engine unpacks for `lunr.Index.load`
    with the index's statistics (index_statistics).

    lunr's format spells every ref twice per posting; packed, a posting is two small integers (see BuiltIndex).
    Layout: `{term: "[field number, [gap, tf, ...], ...]"}`, fields without postings left out, each row a JSON
    string: a browser parses a string in a fraction of the time it takes over the numbers, and the engine parses
    only the rows of the terms a query looks up. An index cut down to some terms scores them exactly as the whole
    index does: lunr scores a document by the dot product of the query vector with its field vectors, over the
    query's terms only; so the engine numbers the terms it loads itself (lunr's `_index`) and no row holds one.
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
    """What the engine needs besides the postings to compute lunr's scores: fields with their boosts, the number
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
    by the next character, so the engine, which knows the keys, loads only the shards a query's terms need.
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
