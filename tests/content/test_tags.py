"""Tags: topics a person writes by hand, in the list form or Pelican's comma-separated line."""

from __future__ import annotations

import pytest

from coopnews.content import format_article, parse_article
from coopnews.errors import CoopNewsError


@pytest.mark.parametrize(
    ("line", "tags"),
    [
        ("tags: [hydrogen, internships]", ("hydrogen", "internships")),
        ("tags:\n- hydrogen\n- internships", ("hydrogen", "internships")),
        ("tags: hydrogen, internships", ("hydrogen", "internships")),
        ("tags: hydrogen", ("hydrogen",)),
        ("tags: ' , '", ()),
        ("tags: []", ()),
        ("tags:", ()),
    ],
)
def test_tags_are_read_as_a_list_or_a_comma_separated_line(line: str, tags: tuple[str, ...]) -> None:
    article = parse_article(f"---\ntitle: T\n{line}\n---\n\nBody.\n", "content/t.md")
    assert article.tags == tags


def test_tags_round_trip_and_an_article_without_tags_is_written_as_before() -> None:
    tagged = parse_article("---\ntitle: T\ntags: [hydrogen]\n---\n\nBody.\n", "content/t.md")
    assert parse_article(format_article(tagged), "content/t.md") == tagged
    plain = parse_article("---\ntitle: T\n---\n\nBody.\n", "content/t.md")
    assert "tags" not in format_article(plain)


def test_a_tag_that_is_not_text_names_its_line() -> None:
    with pytest.raises(CoopNewsError) as caught:
        parse_article("---\ntitle: T\ntags:\n- hydrogen\n- [nested]\n---\n\nBody.\n", "content/t.md")
    assert [str(p) for p in caught.value.problems] == ["content/t.md:5: tags.1: expected text, got ['nested']"]
