"""Content written by hand, with the habits of other generators: dates with a time, drafts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coopnews.config import Config
from coopnews.content import parse_article_with_warnings, read_content
from coopnews.errors import CoopNewsError
from coopnews.pipeline import build_site, import_articles


def _front(line: str) -> str:
    return f"---\ntitle: T\nslug: t\n{line}\n---\n\nBody.\n"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", dt.date(2024, 3, 5)),
        ("2024-03-05T10:00:00", dt.date(2024, 3, 5)),  # a YAML timestamp
        ("2024-03-05 10:00:00", dt.date(2024, 3, 5)),
        ("2024-03-05 10:00", dt.date(2024, 3, 5)),  # text: YAML wants seconds
        ("2024-03-05T10:00", dt.date(2024, 3, 5)),
        ("2024-03-05T23:30:00-05:00", dt.date(2024, 3, 5)),  # the date as written, not moved to UTC
        ("2024-03-05T00:30:00+08:00", dt.date(2024, 3, 5)),
        ("2024-03-05 10:00:00.5 Z", dt.date(2024, 3, 5)),
        ("'2024-03-05 10:00'", dt.date(2024, 3, 5)),
        ("~", None),
    ],
)
def test_a_date_with_a_time_is_that_date(value: str, expected: dt.date | None) -> None:
    article, problems = parse_article_with_warnings(_front(f"date: {value}"), "content/t.md")
    assert (article.date, problems) == (expected, [])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("19/11", "content/t.md:4: date: expected YYYY-MM-DD, got '19/11'"),
        ("2024-02-30 10:00", "content/t.md:4: date: expected a real date, got '2024-02-30 10:00'"),
        ("2024-03-05T25:00", "content/t.md:4: date: expected a real date, got '2024-03-05T25:00'"),
        ("2024-03-05 at noon", "content/t.md:4: date: expected YYYY-MM-DD, got '2024-03-05 at noon'"),
    ],
)
def test_a_date_that_is_not_one_is_still_an_error(value: str, expected: str) -> None:
    with pytest.raises(CoopNewsError) as caught:
        parse_article_with_warnings(_front(f"date: {value}"), "content/t.md")
    assert str(caught.value).startswith(expected)


@pytest.mark.parametrize(
    ("line", "notes"),
    [
        ("draft: true", ["content/t.md:4: note: draft: not published (draft: true)"]),
        ("draft: yes", ["content/t.md:4: note: draft: not published (draft: true)"]),
        ("draft: false", []),
        ("draft:", []),
        ("kind: visit", []),
    ],
)
def test_draft_is_read_and_said(line: str, notes: list[str]) -> None:
    article, problems = parse_article_with_warnings(_front(line), "content/t.md")
    assert article.slug == "t"
    assert [str(p) for p in problems] == notes
    assert all(p.severity == "note" for p in problems)


def test_draft_must_be_true_or_false() -> None:
    with pytest.raises(CoopNewsError) as caught:
        parse_article_with_warnings(_front("draft: maybe"), "content/t.md")
    assert str(caught.value) == "content/t.md:4: draft: expected true or false, got 'maybe'"


def test_read_content_leaves_drafts_out(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "a.md").write_text(_front("draft: true"), encoding="utf-8")
    (folder / "b.md").write_text(_front("draft: false").replace("slug: t", "slug: b"), encoding="utf-8")
    (folder / "c.md").write_text(_front("date: 2024-03-05T10:00:00").replace("slug: t", "slug: c"), encoding="utf-8")
    articles, problems = read_content(folder)
    assert [a.slug for a in articles] == ["b", "c"]
    assert [str(p) for p in problems] == ["content/a.md:4: note: draft: not published (draft: true)"]


@pytest.mark.parametrize("strict", [False, True])
def test_a_draft_stays_out_of_the_site_and_does_not_fail_strict(project: Config, strict: bool) -> None:
    import_articles(project)
    seeds = len(list(project.seeds_dir.glob("*.txt")))
    (project.content_dir / "wip.md").write_text(_front("draft: true").replace("slug: t", "slug: wip"))
    (project.content_dir / "timed.md").write_text(_front("date: 2024-03-05 10:00").replace("slug: t", "slug: timed"))
    report = build_site(project, strict=strict)
    assert [str(p) for p in report.problems] == ["content/wip.md:4: note: draft: not published (draft: true)"]
    assert (report.articles, report.skipped) == (seeds + 1, 0)
    assert not (project.output_dir / "articles" / "wip.html").exists()
    assert b"/wip.html" not in (project.output_dir / "sitemap.xml").read_bytes()
    timed = (project.output_dir / "articles" / "timed.html").read_text(encoding="utf-8")
    assert "2024-03-05" in timed
