"""Incremental builds and the search memo in .cache/: reused in this process or in the search worker, a stale one
ignored, the site always equal to a clean build byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

import coopnews.incremental.background
import coopnews.incremental.cache
from coopnews.config import Config, load_config
from coopnews.incremental.cache import load_memo, save_memo
from coopnews.pipeline import build_site, import_articles
from coopnews.search import SearchMemo
from tests.pipeline.conftest import read_tree
from tests.pipeline.test_incremental import _clean_build_of, _edit_body, _edit_partner


@pytest.mark.parametrize("background_from", [1, 10**9], ids=["search worker", "one process"])
def test_edits_rebuilt_with_the_search_memo_equal_a_clean_build(
    project: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, background_from: int
) -> None:
    monkeypatch.setattr(coopnews.incremental.background, "IN_BACKGROUND_FROM", background_from)
    import_articles(project)
    build_site(project)
    memo = load_memo(project, "search")
    assert isinstance(memo, SearchMemo) and memo.body_terms and memo.meta_terms
    _edit_body(project)
    _edit_partner(project)
    build_site(load_config(project.path))
    assert read_tree(project.output_dir) == _clean_build_of(project, tmp_path)
    kept = load_memo(project, "search")
    assert set(kept.body_terms) != set(memo.body_terms) and len(kept.body_terms) == len(memo.body_terms)


def test_a_memo_left_by_other_code_is_ignored(project: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import_articles(project)
    build_site(project)
    memo = load_memo(project, "search")
    memo.meta_terms = {key: ("wrong", b"\x01", 1) for key in memo.meta_terms}
    memo.body_terms = {key: ("wrong", b"\x01", 1) for key in memo.body_terms}
    monkeypatch.setattr(coopnews.incremental.cache, "code_digest", lambda: "other code")
    save_memo(project, "search", memo)
    monkeypatch.undo()
    _edit_body(project)
    _edit_partner(project)
    build_site(load_config(project.path))
    assert read_tree(project.output_dir) == _clean_build_of(project, tmp_path)
