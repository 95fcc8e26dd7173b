"""Ranking at scale (the engine's searchWords under Node): lunr ranks the results the page shows, and the
postings pick which articles lunr scores. Whatever the limit or the facet filter, the first results are those lunr
gives when it scores every match."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench.search_scale import generate_articles
from coopnews.search import make_search_files
from tests.conftest import write_outputs
from tests.search.conftest import NodeRunner

pytestmark = pytest.mark.node

#: Broad words (most articles), a typed prefix, two-word queries, a word of a few articles.
QUERIES = ["university", "cooperation", "univ", "university cooperation", "students technology", "group", "Wuhan"]


@pytest.fixture(scope="module")
def corpus_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The search files of 800 generated articles (bench/search_scale.py's generator)."""
    articles, aliases = generate_articles(800, seed=7)
    site = tmp_path_factory.mktemp("ranking-site")
    write_outputs(site, make_search_files(articles, aliases).files)
    return site / "search"


def _search(run_node: NodeRunner, folder: Path, **request: Any) -> list[dict[str, Any]]:
    answers: list[dict[str, Any]] = run_node("search", folder=str(folder), queries=QUERIES, **request)
    return answers


@pytest.mark.parametrize("limit", [1, 20, 45])
def test_the_first_results_are_lunrs_whatever_the_limit(run_node: NodeRunner, corpus_folder: Path, limit: int) -> None:
    everything = _search(run_node, corpus_folder)
    limited = _search(run_node, corpus_folder, limit=limit)
    for full, answer in zip(everything, limited, strict=True):
        assert full["exact"] == len(full["refs"]), full["query"]
        assert sorted(answer["refs"]) == sorted(full["refs"]), full["query"]
        assert answer["exact"] >= min(limit, len(full["refs"])), full["query"]
        assert answer["refs"][:limit] == full["refs"][:limit], full["query"]
    university = limited[QUERIES.index("university")]
    assert len(university["refs"]) == 800 and university["exact"] < 100, "lunr scored every match"


def test_filtered_results_are_ranked_among_themselves(run_node: NodeRunner, corpus_folder: Path) -> None:
    everything = _search(run_node, corpus_folder)
    keep = sorted({ref for answer in everything for ref in answer["refs"][5::3]})
    kept = set(keep)
    filtered = _search(run_node, corpus_folder, limit=20, keep=keep)
    for full, answer in zip(everything, filtered, strict=True):
        expected = [ref for ref in full["refs"] if ref in kept]
        assert answer["refs"][:20] == expected[:20], full["query"]
        assert sorted(answer["refs"]) == sorted(expected), full["query"]
        assert sorted(answer["matches"]) == sorted(full["matches"]), "facets count every match, filtered or not"


def test_a_long_session_of_queries_gives_the_same_results(run_node: NodeRunner, corpus_folder: Path) -> None:
    """The page forgets remembered query words now and then (each holds arrays as long as the catalog)."""
    queries = ["university cooperation", *(f"word{number}" for number in range(100)), "university cooperation"]
    answers: list[dict[str, Any]] = run_node("search", folder=str(corpus_folder), queries=queries, limit=20)
    assert answers[0]["refs"] and answers[-1]["refs"] == answers[0]["refs"]
    assert answers[-1]["exact"] == answers[0]["exact"]
