"""Control characters and noncharacters in a content file: rejected as errors of that file, naming line and field.

They used to pass reading and then crash every build in the feed writer ("All strings must be XML compatible")
with a traceback naming no file. Decision: rejected, not stripped, in fields and in the body alike: the file
is skipped with `file:line: field: contains control character U+XXXX; remove it` and the others build.
"""

from __future__ import annotations

import pytest

from coopnews.config import Config
from coopnews.content import parse_article_with_warnings
from coopnews.errors import CoopNewsError
from coopnews.pipeline import build_site, import_articles

FRONT = "---\ntitle: Title\nslug: s\nsummary: Short.\npeople:\n- name: Liu Minhua\n  role: Dean\n---\n\nBody.\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            FRONT.replace("title: Title", "title: Title\uffff"),
            "content/s.md:2: title: contains control character U+FFFF; remove it",
            id="raw-ffff-title",
        ),
        pytest.param(
            FRONT.replace("title: Title", 'title: "Title\\uFFFF"'),
            "content/s.md:2: title: contains control character U+FFFF; remove it",
            id="escaped-ffff-title",
        ),
        pytest.param(
            FRONT.replace("title: Title", "title: Ti\x00tle"),
            "content/s.md:2: title: contains control character U+0000; remove it",
            id="nul-title",
        ),
        pytest.param(
            FRONT.replace("summary: Short.", "summary: >\n  Short\n  and \x01 odd."),
            "content/s.md:6: summary: contains control character U+0001; remove it",
            id="raw-in-folded-summary",
        ),
        pytest.param(
            FRONT.replace("Liu Minhua", '"Liu\\x08 Minhua"'),
            "content/s.md:6: people.0.name: contains control character U+0008; remove it",
            id="escaped-person-name",
        ),
        pytest.param(
            FRONT.replace("role: Dean", 'role: "Dean\\uFFFE"'),
            "content/s.md:7: people.0.role: contains control character U+FFFE; remove it",
            id="noncharacter-role",
        ),
        pytest.param(
            FRONT.replace("summary: Short.", 'date_text: "19 Nov\\x7f"'),
            "content/s.md:4: date_text: contains control character U+007F; remove it",
            id="del-date-text",
        ),
        pytest.param(
            FRONT.replace("summary: Short.", 'institutions: ["A\\uFDD0"]'),
            "content/s.md:4: institutions.0: contains control character U+FDD0; remove it",
            id="noncharacter-institution",
        ),
        pytest.param(
            FRONT.replace("summary: Short.", 'partners: ["P\\U0010FFFF"]'),
            "content/s.md:4: partners.0: contains control character U+10FFFF; remove it",
            id="astral-noncharacter-partner",
        ),
        pytest.param(
            FRONT.replace("summary: Short.", 'aliases:\n  "W\\x1bUT": [Wuhan]'),
            "content/s.md:5: aliases: contains control character U+001B; remove it",
            id="escape-in-alias-name",
        ),
        pytest.param(
            FRONT.replace("Body.", "Body.\n\nSecond \x0c paragraph."),
            "content/s.md:12: body: contains control character U+000C; remove it",
            id="form-feed-body",
        ),
        pytest.param(
            FRONT.replace("Body.", "Body \U0001fffe."),
            "content/s.md:10: body: contains control character U+1FFFE; remove it",
            id="astral-noncharacter-body",
        ),
    ],
)
def test_a_control_character_in_any_field_or_the_body_names_file_line_and_field(text: str, expected: str) -> None:
    with pytest.raises(CoopNewsError) as caught:
        parse_article_with_warnings(text, "content/s.md")
    assert [str(problem) for problem in caught.value.problems] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        FRONT.replace("Body.", "Tab\tseparated,\r\nWindows line ends."),
        FRONT.replace("title: Title", "title: Café 😀 中文 \u00a0 \u200b \ufffd"),
        FRONT.replace("title: Title", 'title: "Emoji \\U0001F600 and \\t tab"'),
    ],
    ids=["tab-crlf", "unicode", "escapes"],
)
def test_tabs_line_ends_and_ordinary_unicode_are_read(text: str) -> None:
    article, problems = parse_article_with_warnings(text, "content/s.md")
    assert problems == []
    assert article.slug == "s"


def test_a_control_character_in_one_title_does_not_stop_the_build(project: Config) -> None:
    import_articles(project)
    text = FRONT.replace("title: Title", "title: Bad \uffff title").replace("slug: s", "slug: bad")
    (project.content_dir / "bad.md").write_text(text, encoding="utf-8")
    (project.content_dir / "bad-body.md").write_text(
        "---\ntitle: Fine title\n---\n\nFirst line.\n\nA bell \x07 here.\n", encoding="utf-8"
    )
    report = build_site(project)
    assert [str(problem) for problem in report.problems] == [
        "content/bad-body.md:7: body: contains control character U+0007; remove it",
        "content/bad.md:2: title: contains control character U+FFFF; remove it",
    ]
    assert report.articles == len(list(project.seeds_dir.glob("*.txt")))
    assert (project.output_dir / "feed.xml").is_file()
    assert not (project.output_dir / "articles" / "bad.html").exists()


def test_a_seed_with_a_noncharacter_in_its_title_breaks_no_build(project: Config) -> None:
    """The import strips what is never text (seeds.py), so the seed's article builds, with every other one, and
    no output holds the character."""
    seed = sorted(project.seeds_dir.glob("*.txt"))[0]
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text.replace(" ", " \uffff", 1), encoding="utf-8")
    import_report = import_articles(project)
    report = build_site(project)
    assert not [p for p in (*import_report.problems, *report.problems) if p.severity == "error"]
    assert report.articles == len(list(project.seeds_dir.glob("*.txt")))
    for path in project.output_dir.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".js", ".json"}:
            assert "\uffff" not in path.read_text(encoding="utf-8"), path
