"""update_search_files: with a memo from the last build it writes what build_search_files writes, and reuses work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

import coopnews.search
from coopnews.model import Article
from coopnews.search import SearchMemo, build_search_files, update_search_files
from coopnews.search_index import TermCounts, build_index
from coopnews.search_store import BODY_FIELDS, META_FIELDS, body_documents, meta_documents

Change = Callable[[list[Article]], list[Article]]


def _edit_body(articles: list[Article]) -> list[Article]:
    return [replace(articles[0], body=articles[0].body + "\n\nA railway sentence added by hand."), *articles[1:]]


def _edit_partner(articles: list[Article]) -> list[Article]:
    return [articles[0], replace(articles[1], partners=("Renamed Partner Ltd.",)), *articles[2:]]


def _add_article(articles: list[Article]) -> list[Article]:
    added = replace(articles[-1], slug="added-by-hand", title="Added by hand", body="A visit to a new laboratory.")
    return [added, *articles]


def _delete_article(articles: list[Article]) -> list[Article]:
    return articles[:2] + articles[3:]


CHANGES: dict[str, Change] = {
    "no change": list,
    "edit body": _edit_body,
    "edit partner": _edit_partner,
    "add article": _add_article,
    "delete article": _delete_article,
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_files_from_a_memo_equal_a_clean_build(
    seed_articles: list[Article], seed_aliases: dict[str, list[str]], change: str
) -> None:
    memo = SearchMemo()
    assert update_search_files(seed_articles, seed_aliases, memo) == build_search_files(seed_articles, seed_aliases)
    changed = CHANGES[change](seed_articles)
    assert update_search_files(changed, seed_aliases, memo) == build_search_files(changed, seed_aliases)


@pytest.mark.parametrize(
    ("change", "meta_reused", "body_reused"),
    [("no change", True, True), ("edit body", True, False), ("edit partner", False, True)],
)
def test_an_index_whose_documents_are_unchanged_is_reused(
    seed_articles: list[Article], seed_aliases: dict[str, list[str]], change: str, meta_reused: bool, body_reused: bool
) -> None:
    memo = SearchMemo()
    update_search_files(seed_articles, seed_aliases, memo)
    meta_index, body_files = memo.meta_index, memo.body_files
    update_search_files(CHANGES[change](seed_articles), seed_aliases, memo)
    assert (memo.meta_index is meta_index, memo.body_files is body_files) == (meta_reused, body_reused)


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_counts_from_a_memo_index_as_fresh_counts_and_the_memo_keeps_only_current_texts(
    seed_articles: list[Article], seed_aliases: dict[str, list[str]], change: str
) -> None:
    memo: dict[bytes, TermCounts] = {}
    build_index(body_documents(seed_articles), BODY_FIELDS, memo)
    changed = CHANGES[change](seed_articles)
    documents = body_documents(changed)
    assert build_index(documents, BODY_FIELDS, memo) == build_index(documents, BODY_FIELDS)
    assert len(memo) == len({document["body"] for document in documents})


def test_a_memo_of_other_texts_changes_nothing(
    seed_articles: list[Article], seed_aliases: dict[str, list[str]]
) -> None:
    memo = SearchMemo()
    update_search_files(seed_articles[:1], {}, memo)
    documents = meta_documents(seed_articles, seed_aliases)
    assert build_index(documents, META_FIELDS, memo.meta_terms) == build_index(documents, META_FIELDS)
    assert update_search_files(seed_articles, seed_aliases, memo) == build_search_files(seed_articles, seed_aliases)


def test_a_body_edit_packs_again_only_the_shards_of_words_whose_postings_changed(
    seed_articles: list[Article], seed_aliases: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shards hold frequencies, not scores, so the new average length and document lengths leave them alone."""
    monkeypatch.setattr(coopnews.search, "SHARD_POSTINGS", 40)
    memo = SearchMemo()
    before = {file.path: file for file in update_search_files(seed_articles, seed_aliases, memo)}
    edited = [replace(seed_articles[0], body=seed_articles[0].body + "\n\nZebra zebra quagga."), *seed_articles[1:]]
    after = {file.path: file for file in update_search_files(edited, seed_aliases, memo)}
    shards_before = {path for path in before if path.startswith("search/body/")}
    shards_after = {path for path in after if path.startswith("search/body/")}
    assert len(shards_before) > 20
    new = shards_after - shards_before
    assert 1 <= len(new) <= 2  # "zebra" and "quagga": their shards only
    for path in shards_after - new:
        assert after[path] is before[path], "reused from the memo, not packed again"
    assert after["search/meta.js"] != before["search/meta.js"]  # the body's lengths and average live there
    assert after == {file.path: file for file in build_search_files(edited, seed_aliases)}


def test_edits_patch_the_indexes_instead_of_building_them(
    seed_articles: list[Article], seed_aliases: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    memo = SearchMemo()
    update_search_files(seed_articles, seed_aliases, memo)
    built: list[tuple[str, ...]] = []
    real = coopnews.search.build_index

    def recording(documents: Any, fields: Any, counts: Any = None) -> Any:
        built.append(tuple(field.name for field in fields))
        return real(documents, fields, counts)

    monkeypatch.setattr(coopnews.search, "build_index", recording)
    edited = _edit_partner(_edit_body(seed_articles))
    files = update_search_files(edited, seed_aliases, memo)
    assert built == []  # both indexes patched from the memo
    assert files == build_search_files(edited, seed_aliases)
