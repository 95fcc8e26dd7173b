"""lunr.js under Node against lunr.py and our builder: same stems, same words, same index, same results."""

from __future__ import annotations

import re
from typing import Any

import pytest
from lunr.index import Index
from lunr.query import QueryPresence

from coopnews.model import Article
from coopnews.search.contract import ACRONYM_MARK
from coopnews.search.documents import BODY_FIELDS, META_FIELDS, body_documents, meta_documents
from coopnews.search.index import BuiltIndex, build_index
from coopnews.search.lunr_format import serialize_index
from coopnews.search.pack import index_statistics, pack_index
from coopnews.search.stemmer import stem_word
from coopnews.search.words import STOP_WORDS, normalize_word, split_words
from tests.search.conftest import REPO, NodeRunner

pytestmark = pytest.mark.node

#: Words where Porter stemmers tend to differ, beside every word of the seeds and dev articles.
_TRICKY = """railway survey key valley play lay try cry by say sky yes yield yelling eed ed ing agreed feed hopping
filling hoped generalization cooperating cooperation ies sses ss s al ion sion tion e ll alll y yyy it_"""
TRICKY_WORDS = tuple(re.findall(r"\S+", _TRICKY))

#: Queries as clause lists (all usePipeline false, as the engine makes them): stems, prefixes, boosts, misses.
QUERIES: list[list[dict[str, Any]]] = [
    [{"term": "cooper"}],
    [{"term": "wut"}, {"term": "agreement"}],
    [{"term": "dongf", "wildcard": "trailing", "boost": 0.5}],
    [{"term": "guangxi"}, {"term": "guan", "wildcard": "trailing", "boost": 0.5}],
    [{"term": "zzzqqq"}],
    [{"term": "it_"}, {"term": "us_"}],
    [{"term": "xin"}, {"term": "sijin"}, {"term": "beij"}],
]


def _corpus_words() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted((REPO / "seeds").glob("*.txt"))]
    texts += [path.read_text(encoding="utf-8") for path in sorted((REPO / "tests/data/dev-articles").glob("*.txt"))]
    return sorted({word.lower() for text in texts for word in split_words(text)} | set(TRICKY_WORDS))


def _lunr_py_results(serialized: dict[str, Any], clauses: list[dict[str, Any]]) -> list[tuple[str, float]]:
    index = Index.load(serialized)
    query = index.create_query()
    for clause in clauses:
        query.term(
            clause["term"],
            use_pipeline=False,
            boost=clause.get("boost", 1),
            wildcard=query.WILDCARD_TRAILING if clause.get("wildcard") else query.WILDCARD_NONE,
            presence=QueryPresence.OPTIONAL,
        )
    return [(result["ref"], result["score"]) for result in index.query(query)]


def _canonical(results: list[Any]) -> list[tuple[str, float]]:
    """Results by score then ref, scores to 9 places: lunr orders equal scores by object key order, which differs."""
    return sorted(((ref, round(score, 9)) for ref, score in results), key=lambda item: (-item[1], item[0]))


def test_stemmer_port_matches_lunr_js_on_every_corpus_word(run_node: NodeRunner) -> None:
    words = _corpus_words()
    assert len(words) > 1000
    assert run_node("stem", words=words) == [stem_word(word) for word in words]


@pytest.mark.parametrize(
    "text",
    [
        "WUT: agreement",
        "Cooperating with IT and US firms",
        "XJTU's R&D (Co.,Ltd) “Belt and Road”",
        "ＷＵＴ Guangxi~ agreement^ +strategy -visit *",
        "Café naïve ΣΟΦΙΑ 中文 😀emoji",
    ],
)
def test_search_js_normalizes_like_the_index(run_node: NodeRunner, text: str) -> None:
    [answer] = run_node("words", texts=[text])
    words = split_words(text)
    assert answer["indexTerms"] == [_index_term(word) for word in words]
    # A query's stop word can only mean an acronym ("it" -> "it_"), whatever its case.
    query_terms = [lower + ACRONYM_MARK if lower in STOP_WORDS else stem_word(lower) for lower in map(str.lower, words)]
    assert answer["terms"] == list(dict.fromkeys(query_terms))


def _index_term(word: str) -> str | None:
    token = normalize_word(word)
    return None if token in STOP_WORDS else stem_word(token)


def _by_term(serialized: dict[str, Any]) -> tuple[dict[str, Any], dict[str, dict[str, float]]]:
    """An index's postings and vectors keyed by term instead of lunr's `_index` (the engine numbers the terms it
    loads itself), empty vectors left out."""
    names = {posting["_index"]: term for term, posting in serialized["invertedIndex"]}
    postings = {
        term: {k: v for k, v in posting.items() if k != "_index"} for term, posting in serialized["invertedIndex"]
    }
    vectors = {
        ref: {names[position]: score for position, score in zip(values[::2], values[1::2], strict=True)}
        for ref, values in serialized["fieldVectors"]
        if values
    }
    return postings, vectors


def _seed_index(part: str, seed_articles: list[Article], seed_aliases: dict[str, list[str]]) -> BuiltIndex:
    """The seeds' first index ("meta") or body index ("body")."""
    if part == "meta":
        return build_index(meta_documents(seed_articles, seed_aliases), META_FIELDS)
    return build_index(body_documents(seed_articles), BODY_FIELDS)


@pytest.mark.parametrize("part", ["meta", "body"])
def test_unpacked_index_equals_the_serialized_index(
    run_node: NodeRunner, seed_articles: list[Article], seed_aliases: dict[str, list[str]], part: str
) -> None:
    """The engine scores the packed term frequencies as lunr.py scored them when it built the index."""
    index = _seed_index(part, seed_articles, seed_aliases)
    serialized = serialize_index(index)
    unpacked = run_node("unpack", packed={"terms": pack_index(index)}, stats=index_statistics(index))
    assert _by_term(unpacked) == _by_term(serialized)
    assert [term for term, _ in unpacked["invertedIndex"]] == [term for term, _ in serialized["invertedIndex"]]
    assert {key: unpacked[key] for key in ("version", "fields", "pipeline")} == {
        key: serialized[key] for key in ("version", "fields", "pipeline")
    }


@pytest.mark.parametrize("part", ["meta", "body"])
def test_lunr_js_gives_lunr_py_results(
    run_node: NodeRunner, seed_articles: list[Article], seed_aliases: dict[str, list[str]], part: str
) -> None:
    index = _seed_index(part, seed_articles, seed_aliases)
    serialized = serialize_index(index)
    expected = [_canonical(_lunr_py_results(serialized, clauses)) for clauses in QUERIES]
    assert any(expected) and not all(expected)  # the queries find something, and not always
    from_json = run_node("lunr", index=serialized, queries=QUERIES)
    from_packed = run_node(
        "packed", packed={"terms": pack_index(index)}, stats=index_statistics(index), queries=QUERIES
    )
    for clauses, want, got, from_packed_index in zip(QUERIES, expected, from_json, from_packed, strict=True):
        assert _canonical(got) == want, clauses
        assert _canonical(from_packed_index["whole"]) == want, clauses
        assert _canonical(from_packed_index["subset"]) == want, clauses


@pytest.mark.parametrize("script", ["engine.js", "page.js"])
def test_search_scripts_have_no_lunr_syntax_or_markup_sinks(script: str) -> None:
    """Queries are built with idx.query(), and data reaches the page through textContent only."""
    source = (REPO / "coopnews/search/browser" / script).read_text(encoding="utf-8")
    assert not re.search(r"\.search\(|innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(", source)
