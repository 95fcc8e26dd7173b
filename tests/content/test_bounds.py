"""Content files that would take the build's time: YAML alias bombs, deep nesting, bodies that render slowly.

Each is rejected at once as an error of its file, naming the line; the others build (moved from
tests/pipeline/test_hostile_files.py with the content reader's split).
"""

from __future__ import annotations

import time

import pytest

from coopnews.config import Config
from coopnews.content import parse_article_with_warnings
from coopnews.errors import CoopNewsError
from coopnews.pipeline import build_site, import_articles


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
