"""Tests of the benchmark runner's housekeeping (bench/run.py): what a timed run starts from."""

from __future__ import annotations

from pathlib import Path

import pytest

import bench.run
from bench.run import clean_build_state, empty_trash, set_aside


@pytest.fixture
def trash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "trash"
    monkeypatch.setattr(bench.run, "TRASH", folder)
    return folder


def test_a_clean_state_moves_the_site_and_caches_aside_until_the_trash_is_emptied(tmp_path: Path, trash: Path) -> None:
    """Outputs are moved, not deleted, before a timed run (deleting 25,000 files just before a build made each
    file the build creates cost 20 times more on the bench machine); they are deleted after the timings."""
    corpus = tmp_path / "n10"
    for name in ("site/articles", ".cache", ".site-old-1234/articles"):
        (corpus / name).mkdir(parents=True)
    (corpus / "site" / "articles" / "a.html").write_text("page", encoding="utf-8")
    (corpus / "content").mkdir()
    clean_build_state(corpus)
    assert sorted(path.name for path in corpus.iterdir()) == ["content"]
    moved = sorted(path.name for path in trash.iterdir())
    assert [name.rsplit("-", 1)[0] for name in moved] == ["n10-.cache", "n10-.site-old-1234", "n10-site"]
    assert (trash / moved[2] / "articles" / "a.html").read_text(encoding="utf-8") == "page"
    set_aside(corpus / "content")
    set_aside(corpus / "missing")  # nothing there: nothing to do
    assert not any(corpus.iterdir()) and len(list(trash.iterdir())) == 4
    empty_trash()
    assert not trash.exists()
