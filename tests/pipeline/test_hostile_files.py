"""Hostile files in the source folders: links out of them, pipes, alias bombs and bodies that render slowly.

Each case is planted in a scratch project; the build must name the file, leave it out, and build the others.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from coopnews.config import Config
from coopnews.content import parse_article_with_warnings
from coopnews.errors import CoopNewsError
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


def _alias_bomb(levels: int = 7, width: int = 30) -> str:
    lines = ["---", "title: Bomb", "slug: bomb", "a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels + 1)]
    return "\n".join([*lines, "---", "", "Body.", ""])


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (_alias_bomb(), 6, "aliases expand the front matter past 10,000 values"),
        (_alias_bomb().replace("a7: &a7", "partners: &a7"), 6, "aliases expand the front matter past 10,000 values"),
        ("---\ntitle: T\npartners: &p [*p]\n---\n", 3, "an alias refers to a value that contains it"),
        ("---\ntitle: T\nplaces: " + "[" * 500 + "]" * 500 + "\n---\n", 3, "values nested more than 32 levels deep"),
    ],
    ids=["unknown-keys", "known-key", "cycle", "deep"],
)
def test_front_matter_whose_aliases_or_nesting_explode_is_rejected_at_once(text: str, line: int, message: str) -> None:
    started = time.monotonic()
    with pytest.raises(CoopNewsError) as caught:
        parse_article_with_warnings(text, "content/bomb.md")
    assert time.monotonic() - started < 2
    (problem,) = caught.value.problems
    assert problem.location.line == line
    assert message in problem.message


def test_aliases_within_the_bound_still_read() -> None:
    text = "---\ntitle: T\nslug: t\ninstitutions: &i [Tsinghua University]\npartners: *i\n---\n\nBody.\n"
    article, warnings = parse_article_with_warnings(text, "content/t.md")
    assert article.partners == ("Tsinghua University",)
    assert warnings == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[" * 20_000, "more than 1,000 '[' (links)"),
        ("[a](" * 20_000, "more than 1,000 '[' (links)"),
        ("![" * 8_000, "more than 1,000 '[' (links)"),
        ("<a " * 8_000, "more than 1,000 HTML tags"),
        ("\n".join(" " * (4 * depth) + "- item" for depth in range(300)), "nested too deep to render"),
        ("\n".join("- item" for _ in range(8_000)), "more than 2,000 list items"),
        (">" * 1_000 + " deep quote", "nested too deep to render"),
        ("word " * 120_000, "the body is 600,000 characters, over 500,000"),
    ],
    ids=["brackets", "links", "images", "tags", "nested-list", "long-list", "nested-quote", "huge"],
)
def test_a_body_that_would_render_slowly_names_its_file_and_line(body: str, message: str) -> None:
    text = "---\ntitle: T\nslug: t\n---\n\n" + body + "\n"
    started = time.monotonic()
    with pytest.raises(CoopNewsError) as caught:
        parse_article_with_warnings(text, "content/t.md")
    assert time.monotonic() - started < 2
    (problem,) = caught.value.problems
    assert problem.field == "body"
    assert message in problem.message
    assert problem.location.path == "content/t.md"
    assert problem.location.line is not None and problem.location.line >= 6


def test_escaped_brackets_and_ordinary_markdown_stay_within_the_bounds() -> None:
    body = "\\[note\\] " * 3_000 + "\n\n" + "\n".join(f"- [item {n}](https://example.org/{n})" for n in range(500))
    article, _ = parse_article_with_warnings("---\ntitle: T\nslug: t\n---\n\n" + body + "\n", "content/t.md")
    assert article.body == body


def test_a_hostile_body_does_not_stop_the_build_of_the_others(project: Config) -> None:
    import_articles(project)
    (project.content_dir / "slow.md").write_text("---\ntitle: Slow\n---\n\n" + "[" * 20_000 + "\n", encoding="utf-8")
    started = time.monotonic()
    report = build_site(project)
    assert time.monotonic() - started < 30
    assert [str(p) for p in report.problems] == [
        "content/slow.md:5: body: more than 1,000 '[' (links); write a literal bracket as '\\['"
    ]
    assert report.articles == len(list(project.seeds_dir.glob("*.txt")))
