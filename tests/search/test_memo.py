"""make_search_files with the memo of the last build: the same files as without it, less work, the memo a value."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

import coopnews.search.files
from coopnews.model import Article, OutputFile
from coopnews.search import SearchMemo, make_search_files
from coopnews.search.documents import BODY_FIELDS, META_FIELDS, body_documents, meta_documents
from coopnews.search.index import build_index
from coopnews.search.words import TermCounts

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


def _clean(articles: list[Article], aliases: dict[str, list[str]]) -> tuple[OutputFile, ...]:
    return make_search_files(articles, aliases).files


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_files_from_a_memo_equal_a_clean_build(
    seed_articles: list[Article], seed_aliases: dict[str, list[str]], change: str
) -> None:
    first = make_search_files(seed_articles, seed_aliases, SearchMemo())
    assert first.files == _clean(seed_articles, seed_aliases)
    changed = CHANGES[change](seed_articles)
    assert make_search_files(changed, seed_aliases, first.memo).files == _clean(changed, seed_aliases)


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_the_memo_given_is_left_as_it_was(
    seed_articles: list[Article], seed_aliases: dict[str, list[str]], change: str
) -> None:
    """A memo is a value: a build that used it can be run again from it, with the same result."""
    memo = make_search_files(seed_articles, seed_aliases).memo
    before = pickle.dumps(memo)
    changed = CHANGES[change](seed_articles)
    once = make_search_files(changed, seed_aliases, memo)
    assert pickle.dumps(memo) == before
    assert make_search_files(changed, seed_aliases, memo).files == once.files


@pytest.mark.parametrize(
    ("change", "meta_reused", "body_reused"),
    [("no change", True, True), ("edit body", True, False), ("edit partner", False, True)],
)
def test_an_index_whose_documents_are_unchanged_is_reused(
    seed_articles: list[Article], seed_aliases: dict[str, list[str]], change: str, meta_reused: bool, body_reused: bool
) -> None:
    first = make_search_files(seed_articles, seed_aliases).memo
    second = make_search_files(CHANGES[change](seed_articles), seed_aliases, first).memo
    assert (second.meta_index is first.meta_index, second.body_files is first.body_files) == (meta_reused, body_reused)


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
    memo = make_search_files(seed_articles[:1], {}).memo
    documents = meta_documents(seed_articles, seed_aliases)
    assert build_index(documents, META_FIELDS, dict(memo.meta_terms)) == build_index(documents, META_FIELDS)
    assert make_search_files(seed_articles, seed_aliases, memo).files == _clean(seed_articles, seed_aliases)


def test_a_body_edit_packs_again_only_the_shards_of_words_whose_postings_changed(
    seed_articles: list[Article], seed_aliases: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shards hold frequencies, not scores, so the new average length and document lengths leave them alone."""
    monkeypatch.setattr(coopnews.search.files, "SHARD_POSTINGS", 40)
    first = make_search_files(seed_articles, seed_aliases)
    before = {file.path: file for file in first.files}
    edited = [replace(seed_articles[0], body=seed_articles[0].body + "\n\nZebra zebra quagga."), *seed_articles[1:]]
    after = {file.path: file for file in make_search_files(edited, seed_aliases, first.memo).files}
    shards_before = {path for path in before if path.startswith("search/body/")}
    shards_after = {path for path in after if path.startswith("search/body/")}
    assert len(shards_before) > 20
    new = shards_after - shards_before
    assert 1 <= len(new) <= 2  # "zebra" and "quagga": their shards only
    for path in shards_after - new:
        assert after[path] is before[path], "reused from the memo, not packed again"
    assert after["search/meta.js"] != before["search/meta.js"]  # the body's lengths and average live there
    assert after == {file.path: file for file in _clean(edited, seed_aliases)}


def test_edits_patch_the_indexes_instead_of_building_them(
    seed_articles: list[Article], seed_aliases: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    memo = make_search_files(seed_articles, seed_aliases).memo
    built: list[tuple[str, ...]] = []
    real = coopnews.search.files.build_index

    def recording(documents: Any, fields: Any, counts: Any = None) -> Any:
        built.append(tuple(field.name for field in fields))
        return real(documents, fields, counts)

    monkeypatch.setattr(coopnews.search.files, "build_index", recording)
    edited = _edit_partner(_edit_body(seed_articles))
    files = make_search_files(edited, seed_aliases, memo).files
    assert built == []  # both indexes patched from the memo
    monkeypatch.undo()
    assert files == _clean(edited, seed_aliases)
