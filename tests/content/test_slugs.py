"""Slugs: bounded in bytes, never a section's own file name, and kept by the organisation published first."""

from __future__ import annotations

import pytest

from coopnews.config import Config
from coopnews.content import parse_article_with_warnings
from coopnews.errors import CoopNewsError
from coopnews.pipeline import build_site, import_articles
from coopnews.slugs import (
    MAX_ENTITY_SLUG_BYTES,
    MAX_SLUG_BYTES,
    RESERVED_SLUGS,
    SlugClash,
    article_slug_problem,
    assign_entity_slugs,
    cut_slug,
)

LONG_NAME = "Guangxi " + " ".join(["Advanced Materials and Intelligent Manufacturing Industry"] * 6)  # > 300


@pytest.mark.parametrize(
    ("slug", "problem"),
    [
        ("ustb-baic", None),
        ("a" * MAX_SLUG_BYTES, None),
        ("a" * (MAX_SLUG_BYTES + 1), f"101 bytes long, over 100; shorten it, e.g. to {'a' * 100!r}"),
        ("word-" * 59 + "end", "298 bytes long, over 100; shorten it, e.g. to " + repr("-".join(["word"] * 20))),
        ("USTB", "expected a safe slug (lowercase letters, digits and single hyphens, e.g. ustb-signs-agreement)"),
        ("../x", "expected a safe slug (no '/' or '..', e.g. ustb-signs-agreement), got '../x'"),
    ],
    ids=["plain", "at-bound", "one-over", "long-words", "capitals", "traversal"],
)
def test_article_slug_problem(slug: str, problem: str | None) -> None:
    found = article_slug_problem(slug)
    if problem is None:
        assert found is None
    else:
        assert found is not None and found.startswith(problem), found


@pytest.mark.parametrize(
    ("slug", "limit", "expected"),
    [
        ("abc-def-ghi", 20, "abc-def-ghi"),
        ("abc-def-ghi", 7, "abc-def"),
        ("abc-def-ghi", 8, "abc-def"),
        ("abc-def-ghi", 5, "abc"),
        ("abcdefghij", 4, "abcd"),
    ],
)
def test_cut_slug_cuts_at_a_hyphen_in_reach(slug: str, limit: int, expected: str) -> None:
    assert cut_slug(slug, limit) == expected


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("slug: " + "a" * 300, "content/x.md:3: slug: 300 bytes long, over 100; shorten it"),
        ("slug: " + "-".join(["cooperation"] * 25), "content/x.md:3: slug: 299 bytes long, over 100; shorten it"),
    ],
)
def test_an_over_long_slug_is_an_error_of_its_file(front: str, expected: str) -> None:
    with pytest.raises(CoopNewsError) as caught:
        parse_article_with_warnings(f"---\ntitle: T\n{front}\n---\n\nBody.\n", "content/x.md")
    (problem,) = caught.value.problems
    assert str(problem).startswith(expected)


def test_an_over_long_file_name_without_a_slug_is_an_error_of_its_file() -> None:
    with pytest.raises(CoopNewsError) as caught:
        parse_article_with_warnings("---\ntitle: T\n---\n\nBody.\n", "content/" + "b" * 200 + ".md")
    assert "slug: missing, and the file name is not a safe slug: 200 bytes long, over 100" in str(caught.value)


def test_long_organisation_names_get_bounded_unique_slugs() -> None:
    names = [LONG_NAME, LONG_NAME + " Co., Ltd.", LONG_NAME + " Group", "x" * 300]
    slugs, clashes = assign_entity_slugs(names)
    assert all(len(slug.encode()) <= MAX_ENTITY_SLUG_BYTES for slug in slugs.values())
    assert len(set(slugs.values())) == len(names)
    cut = "guangxi-advanced-materials-and-intelligent-manufacturing-industry-advanced"  # + "-materials" > 80
    assert slugs[LONG_NAME] == cut
    assert slugs[LONG_NAME + " Co., Ltd."] == cut + "-2"
    assert slugs[LONG_NAME + " Group"] == cut + "-3"
    assert slugs["x" * 300] == "x" * MAX_ENTITY_SLUG_BYTES
    assert [(c.name, c.owner) for c in clashes] == [
        (LONG_NAME + " Co., Ltd.", LONG_NAME),
        (LONG_NAME + " Group", LONG_NAME),
    ]


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Index"], {"Index": "index-2"}),
        (["Feed", "Feed 2"], {"Feed": "feed-2", "Feed 2": "feed-2-2"}),
        (["Feed 2", "Feed"], {"Feed 2": "feed-2", "Feed": "feed-3"}),
        (
            ["Not Stated", "Search", "Page", "Sitemap", "404"],
            {n: f"{n.lower().replace(' ', '-')}-2" for n in ["Not Stated", "Search", "Page", "Sitemap", "404"]},
        ),
    ],
)
def test_reserved_slugs_get_a_suffix(names: list[str], expected: dict[str, str]) -> None:
    slugs, _clashes = assign_entity_slugs(names)
    assert slugs == expected
    assert not set(slugs.values()) & RESERVED_SLUGS


def test_a_clash_names_both_organisations() -> None:
    slugs, clashes = assign_entity_slugs(["A&B Group", "A B Group"])
    assert slugs == {"A&B Group": "a-b-group", "A B Group": "a-b-group-2"}
    assert clashes == [SlugClash("A B Group", "a-b-group-2", "a-b-group", "A&B Group")]


def test_long_names_and_slugs_do_not_stop_the_build(project: Config) -> None:
    import_articles(project)
    seeds = len(list(project.seeds_dir.glob("*.txt")))
    (project.content_dir / "long-slug.md").write_text(f"---\ntitle: Long\nslug: {'a' * 300}\n---\n\nBody.\n")
    (project.content_dir / "long-names.md").write_text(
        f"---\ntitle: Long names\ninstitutions: [{LONG_NAME}]\npartners: ['{'Ž' * 300}', '{LONG_NAME}']\n---\n\nB.\n"
    )
    report = build_site(project)
    assert [str(p) for p in report.problems] == [
        f"content/long-slug.md:3: slug: 300 bytes long, over 100; shorten it, e.g. to {'a' * 100!r}"
    ]
    assert report.articles == seeds + 1
    names = [path.name for path in project.output_dir.rglob("*")]
    # the longest file name is a pair page's: two organisation slugs joined by "--"; well under the 255 bytes
    # file systems allow
    assert max(len(name.encode()) for name in names) <= 2 * MAX_ENTITY_SLUG_BYTES + len("--.html")
    assert (project.output_dir / "partners" / ("z" * MAX_ENTITY_SLUG_BYTES + ".html")).is_file()


def test_organisations_named_like_section_files_build(project: Config) -> None:
    import_articles(project)
    (project.content_dir / "odd-names.md").write_text(
        "---\ntitle: Odd names\ndate: 2024-01-01\ninstitutions: [Index, Feed]\npartners: [Index, Feed, Not Stated]\n"
        "---\n\nBody.\n"
    )
    report = build_site(project)
    assert report.problems == ()
    site = project.output_dir
    assert "Odd names" not in (site / "institutions" / "index.html").read_text()  # still the section's index
    for folder in ("institutions", "partners"):
        assert "Odd names" in (site / folder / "index-2.html").read_text()
        assert "Odd names" in (site / folder / "feed-2.html").read_text()
        assert (site / folder / "index-2.xml").is_file()
    assert "Odd names" in (site / "partners" / "not-stated-2.html").read_text()


def test_a_slug_clash_is_a_warning_naming_both_names_and_files(project: Config) -> None:
    project.content_dir.mkdir()
    (project.content_dir / "first.md").write_text("---\ntitle: First\ndate: 2020-05-01\npartners: [A&B Group]\n---\n")
    (project.content_dir / "later.md").write_text("---\ntitle: Later\ndate: 2024-05-01\npartners: [A B Group]\n---\n")
    report = build_site(project)
    assert [str(p) for p in report.problems] == [
        "content/later.md: warning: partners: 'A B Group' is given the slug 'a-b-group-2': 'a-b-group' belongs to "
        "'A&B Group' (named first, in content/first.md); if both are one organisation, spell them the same"
    ]
    assert "First" in (project.output_dir / "partners" / "a-b-group.html").read_text()
    assert "Later" in (project.output_dir / "partners" / "a-b-group-2.html").read_text()
