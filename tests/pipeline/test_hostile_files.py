"""Hostile files in the source folders: links out of them and pipes (alias bombs and slow bodies: tests/content).

Each case is planted in a scratch project; the build must name the file, leave it out, and build the others.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from coopnews.config import Config
from coopnews.pipeline import build_site, import_articles
from coopnews.source_files import list_source_files
from tests.pipeline.conftest import read_tree

SECRET = "TOP-SECRET-cafebabe-do-not-publish"


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    """A file outside the project that no build may publish."""
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text(f"Tsinghua University signs with Huawei\n\n{SECRET} {SECRET}\n", encoding="utf-8")
    return path


def _published(config: Config) -> bytes:
    return b"".join(read_tree(config.output_dir).values())


def test_links_out_of_seeds_content_and_assets_are_refused_and_never_published(
    project: Config, secret_file: Path
) -> None:
    (project.seeds_dir / "leak.txt").symlink_to(secret_file)
    import_report = import_articles(project)
    assert any(
        str(p).startswith("seeds/leak.txt: refused: a link to") and "outside seeds/" in str(p)
        for p in import_report.problems
    )
    project.content_dir.mkdir(exist_ok=True)
    (project.content_dir / "leak.md").symlink_to(secret_file)
    (project.templates_dir / "assets" / "leak.css").symlink_to(secret_file)
    (project.templates_dir / "assets" / "linked-folder").symlink_to(secret_file.parent, target_is_directory=True)
    report = build_site(project)
    messages = [str(p) for p in report.problems]
    assert any(m.startswith("content/leak.md: refused: a link to") for m in messages), messages
    assert any(m.startswith("templates/assets/leak.css: refused: a link to") for m in messages), messages
    assert any(m.startswith("templates/assets/linked-folder: refused: a link to") for m in messages), messages
    assert report.articles == len(list(project.seeds_dir.glob("*.txt"))) - 1  # every real seed is built
    assert SECRET.encode() not in _published(project)


def test_a_link_inside_its_folder_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "a.md").write_text("x", encoding="utf-8")
    (folder / "b.md").symlink_to(folder / "a.md")
    listing = list_source_files(folder, ".md", shown_root=tmp_path)
    assert [p.name for p in listing.files] == ["a.md", "b.md"]
    assert listing.problems == ()


def test_a_pipe_and_an_upper_case_ending_are_named_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    os.mkfifo(folder / "x.md")
    (folder / "upper.MD").write_text("---\ntitle: T\n---\n", encoding="utf-8")
    started = time.monotonic()
    listing = list_source_files(folder, ".md", shown_root=tmp_path)
    assert time.monotonic() - started < 5  # a FIFO opened for reading would block forever
    assert listing.files == ()
    assert [str(p) for p in listing.problems] == [
        "content/upper.MD: warning: ignored: only files ending in '.md' are read; rename it to end in '.md'",
        "content/x.md: refused: not a regular file (a pipe, socket or device)",
    ]
