"""Fingerprints: which code each output depends on, so an edit re-renders what it can change and nothing else."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coopnews.incremental import fingerprints


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A stand-in for the coopnews package: one page module and the search package with a browser script."""
    root = tmp_path / "coopnews"
    (root / "search" / "browser").mkdir(parents=True)
    (root / "render.py").write_text("pages = 1\n", encoding="utf-8")
    (root / "search" / "files.py").write_text("search = 1\n", encoding="utf-8")
    (root / "search" / "browser" / "page.js").write_text("var page = 1;\n", encoding="utf-8")
    monkeypatch.setattr(fingerprints, "_CODE_DIR", root)
    monkeypatch.setattr(fingerprints, "_SEARCH_DIR", root / "search")
    fingerprints.code_digest.cache_clear()
    yield root
    fingerprints.code_digest.cache_clear()


@pytest.mark.parametrize(
    ("edited", "pages_change", "build_runs"),
    [("render.py", True, True), ("search/files.py", False, True), ("search/browser/page.js", False, True)],
)
def test_search_code_is_an_input_of_the_build_but_not_of_the_pages(
    package: Path, edited: str, pages_change: bool, build_runs: bool
) -> None:
    before = (fingerprints.code_digest(), fingerprints.code_digest(pages_only=True))
    path = package / edited
    path.write_text(path.read_text(encoding="utf-8") + "// edited\n", encoding="utf-8")
    fingerprints.code_digest.cache_clear()
    after = (fingerprints.code_digest(), fingerprints.code_digest(pages_only=True))
    assert (before[0] != after[0]) is build_runs
    assert (before[1] != after[1]) is pages_change
