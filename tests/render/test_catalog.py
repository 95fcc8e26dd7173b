"""Catalog: sorting, grouping, slugs, years, neighbours, related articles and pagination."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from coopnews.catalog import (
    INSTITUTION_NOT_STATED,
    NOT_STATED_SLUG,
    PARTNER_NOT_STATED,
    RELATED_LIMIT,
    Catalog,
    build_catalog,
    paginate,
)
from coopnews.errors import CoopNewsError
from coopnews.model import Article, Organization, Source
from tests.render.render_helpers import make_article

D = dt.date


@pytest.mark.parametrize(
    ("dated", "expected"),
    [
        ([("a", D(2020, 1, 1)), ("b", D(2023, 1, 1)), ("c", D(2021, 6, 1))], ["b", "c", "a"]),
        ([("u2", None), ("x", D(2019, 1, 1)), ("u1", None)], ["x", "u1", "u2"]),
        ([("same-b", D(2022, 2, 2)), ("same-a", D(2022, 2, 2)), ("old", D(2001, 1, 1))], ["same-a", "same-b", "old"]),
        ([], []),
    ],
)
def test_articles_are_newest_first_then_undated_ties_by_slug(
    dated: list[tuple[str, dt.date | None]], expected: list[str]
) -> None:
    catalog = build_catalog([make_article(slug, date) for slug, date in dated], ())
    assert [a.slug for a in catalog.articles] == expected


def test_order_does_not_depend_on_input_order(sample_articles: list[Article]) -> None:
    shuffled = sample_articles[:]
    random.Random(3).shuffle(shuffled)
    first, second = build_catalog(sample_articles, ()), build_catalog(shuffled, ())
    assert first.articles == second.articles
    assert first.institutions == second.institutions
    assert first.partners == second.partners


def test_groups_sorted_by_name_with_not_stated_last(sample_articles: list[Article]) -> None:
    catalog = build_catalog(sample_articles, ())
    assert [g.name for g in catalog.institutions] == [
        "University of Science and Technology Beijing",
        "Wuhan University of Technology",
        INSTITUTION_NOT_STATED,
    ]
    assert [g.name for g in catalog.partners] == ["BAIC Group", "Dongfeng Motor Group Co., Ltd.", PARTNER_NOT_STATED]
    unstated_institution = catalog.institutions[-1]
    assert (unstated_institution.slug, unstated_institution.stated) == (NOT_STATED_SLUG, False)
    assert [a.slug for a in unstated_institution.articles] == ["undated-visit"]
    assert [a.slug for a in catalog.partners[-1].articles] == ["forum-no-partner"]
    wut = catalog.institutions[1]
    assert [a.slug for a in wut.articles] == ["wut-dongfeng", "wut-baic", "forum-no-partner"]


def test_every_article_is_in_exactly_its_groups(sample_articles: list[Article]) -> None:
    catalog = build_catalog(sample_articles, ())
    for article in catalog.articles:
        for groups, named, missing in (
            (catalog.institutions, article.institutions, INSTITUTION_NOT_STATED),
            (catalog.partners, article.partners, PARTNER_NOT_STATED),
        ):
            holding = {g.name for g in groups if article in g.articles}
            assert holding == (set(named) or {missing})


def test_an_organisation_named_like_the_not_stated_group_keeps_its_own_group() -> None:
    named = make_article("named", partners=(PARTNER_NOT_STATED,))
    unnamed = make_article("unnamed")
    catalog = build_catalog([named, unnamed], ())
    assert [(g.slug, g.stated) for g in catalog.partners] == [("partner-not-stated", True), (NOT_STATED_SLUG, False)]
    assert catalog.partner_groups(named) == catalog.partners[:1]
    assert catalog.partner_groups(unnamed) == catalog.partners[1:]


def test_no_not_stated_group_when_every_article_names_one() -> None:
    catalog = build_catalog([make_article("a", institutions=("X",), partners=("Y",))], ())
    assert [g.stated for g in (*catalog.institutions, *catalog.partners)] == [True, True]


def test_aliases_merge_gazetteer_and_text_sorted_unique() -> None:
    gazetteer = (Organization("Wuhan University of Technology", "institution", ("WUT", "Wuhan Tech")),)
    articles = [
        make_article(
            "a",
            institutions=("Wuhan University of Technology",),
            aliases=(("Wuhan University of Technology", ("WUT", "Wuhan University of Technology", "WHUT")),),
        ),
        make_article("b", partners=("BAIC Group",), organizations=("Ministry of Education",)),
    ]
    catalog = build_catalog(articles, gazetteer)
    assert catalog.aliases["Wuhan University of Technology"] == ("WHUT", "WUT", "Wuhan Tech")
    assert catalog.institutions[0].aliases == ("WHUT", "WUT", "Wuhan Tech")
    assert catalog.aliases["BAIC Group"] == ()
    assert catalog.aliases["Ministry of Education"] == ()
    assert list(catalog.aliases) == sorted(catalog.aliases)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (
            ["BAIC Group", "BAIC-Group", "baic group"],
            {"BAIC Group": "baic-group", "baic group": "baic-group-2", "BAIC-Group": "baic-group-3"},
        ),
        (["Not stated", "Not Stated!"], {"Not stated": "not-stated-2", "Not Stated!": "not-stated-3"}),
        (["北京", "!!!"], {"北京": "bei-jing", "!!!": "organization"}),
        (["Café Group", "Cafe Group"], {"Cafe Group": "cafe-group", "Café Group": "cafe-group-2"}),
    ],
)
def test_group_slugs_are_unique_and_stable(names: list[str], expected: dict[str, str]) -> None:
    articles = [make_article(f"a{i}", institutions=(name,)) for i, name in enumerate(names)]
    for attempt in range(3):
        random.Random(attempt).shuffle(articles)
        catalog = build_catalog(articles, ())
        assert {g.name: g.slug for g in catalog.institutions if g.stated} == expected


def test_years_newest_first_and_undated_listed(sample_articles: list[Article]) -> None:
    catalog = build_catalog(sample_articles, ())
    assert [(y.name, [a.slug for a in y.articles]) for y in catalog.years] == [
        ("2023", ["wut-dongfeng", "ustb-baic"]),
        ("2022", ["wut-baic"]),
        ("2021", ["forum-no-partner"]),
    ]
    assert [a.slug for a in catalog.undated] == ["undated-visit"]


def test_previous_and_next_follow_catalog_order(sample_articles: list[Article]) -> None:
    catalog = build_catalog(sample_articles, ())
    order = catalog.articles
    assert catalog.previous_article(order[0]) is None
    assert catalog.next_article(order[-1]) is None
    for index in range(1, len(order)):
        assert catalog.previous_article(order[index]) is order[index - 1]
        assert catalog.next_article(order[index - 1]) is order[index]


def _related_by_definition(catalog: Catalog, article: Article) -> list[str]:
    """The specification, computed the slow way: share a named organisation, nearest in catalog order, newer first."""
    position = {a.slug: i for i, a in enumerate(catalog.articles)}
    shared = [
        other
        for other in catalog.articles
        if other.slug != article.slug
        and (set(other.institutions) & set(article.institutions) or set(other.partners) & set(article.partners))
    ]
    here = position[article.slug]
    shared.sort(key=lambda o: (abs(position[o.slug] - here), position[o.slug]))
    return [o.slug for o in shared[:RELATED_LIMIT]]


def test_related_matches_its_definition_on_a_random_catalog() -> None:
    rng = random.Random(7)
    names = [f"Org {i}" for i in range(6)]
    articles = [
        make_article(
            f"a{i:03}",
            D(2020, 1, 1) + dt.timedelta(days=rng.randrange(60)) if rng.random() < 0.8 else None,
            institutions=tuple(rng.sample(names[:3], rng.choice([0, 1, 1, 2]))),
            partners=tuple(rng.sample(names[3:], rng.choice([0, 1, 2]))),
        )
        for i in range(120)
    ]
    catalog = build_catalog(articles, ())
    for article in catalog.articles:
        related = catalog.related(article)
        assert [a.slug for a in related] == _related_by_definition(catalog, article)
        assert len(related) <= RELATED_LIMIT


def test_related_ignores_not_stated_groups() -> None:
    articles = [make_article("a", D(2020, 1, 1)), make_article("b", D(2020, 1, 2)), make_article("c", partners=("P",))]
    catalog = build_catalog(articles, ())
    assert [catalog.related(a) for a in catalog.articles] == [(), (), ()]


def test_sections_split_a_group_by_the_other_side() -> None:
    articles = [
        make_article("two-partners", D(2022, 1, 1), institutions=("U",), partners=("P1", "P2")),
        make_article("one-partner", D(2021, 1, 1), institutions=("U",), partners=("P2",)),
        make_article("no-partner", D(2020, 1, 1), institutions=("U",)),
    ]
    catalog = build_catalog(articles, ())
    sections = catalog.sections_by_partner(catalog.institutions[0])
    assert [(s.group.name, [a.slug for a in s.articles]) for s in sections] == [
        ("P1", ["two-partners"]),
        ("P2", ["two-partners", "one-partner"]),
        (PARTNER_NOT_STATED, ["no-partner"]),
    ]
    by_institution = catalog.sections_by_institution(catalog.partners[1])
    assert [(s.group.name, [a.slug for a in s.articles]) for s in by_institution] == [
        ("U", ["two-partners", "one-partner"])
    ]


def test_duplicate_slugs_are_refused_naming_both_files() -> None:
    first = make_article("same", source=Source("001.txt", "a"))
    second = make_article("same", source=Source("002.txt", "b"))
    with pytest.raises(CoopNewsError) as caught:
        build_catalog([first, second], ())
    assert "002.txt" in str(caught.value) and "001.txt" in str(caught.value)


@pytest.mark.parametrize(
    ("count", "per_page", "sizes"),
    [(0, 10, [0]), (1, 10, [1]), (10, 10, [10]), (11, 10, [10, 1]), (25, 10, [10, 10, 5]), (3, 1, [1, 1, 1])],
)
def test_paginate(count: int, per_page: int, sizes: list[int]) -> None:
    articles = [make_article(f"a{i:02}") for i in range(count)]
    pages = paginate(articles, per_page)
    assert [len(p.articles) for p in pages] == sizes
    assert [p.number for p in pages] == list(range(1, len(sizes) + 1))
    assert {p.count for p in pages} == {len(sizes)}
    assert [a for p in pages for a in p.articles] == articles


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        pytest.param(
            [("A&B Group", D(2020, 1, 1)), ("A B Group", D(2024, 1, 1))],
            {"A&B Group": "a-b-group", "A B Group": "a-b-group-2"},
            id="ampersand-first",
        ),
        pytest.param(
            [("A B Group", D(2020, 1, 1)), ("A&B Group", D(2024, 1, 1))],
            {"A B Group": "a-b-group", "A&B Group": "a-b-group-2"},
            id="space-first",
        ),
        pytest.param(
            [("Łódź Works", D(2021, 3, 1)), ("Lodz Works", D(2023, 1, 1))],
            {"Łódź Works": "lodz-works", "Lodz Works": "lodz-works-2"},
            id="diacritics-first",
        ),
        pytest.param(
            [("Lodz Works", None), ("Łódź Works", D(2023, 1, 1))],
            {"Łódź Works": "lodz-works", "Lodz Works": "lodz-works-2"},
            id="undated-last",
        ),
        pytest.param(
            [("Łódź Works", D(2022, 1, 1)), ("Lodz Works", D(2022, 1, 1))],
            {"Lodz Works": "lodz-works", "Łódź Works": "lodz-works-2"},
            id="same-date-by-name",
        ),
        pytest.param(
            [("Late Co", D(2024, 1, 1)), ("Late-Co", D(2020, 1, 1)), ("Late Co", D(2019, 1, 1))],
            {"Late Co": "late-co", "Late-Co": "late-co-2"},
            id="earliest-of-several-articles",
        ),
    ],
)
def test_the_organisation_published_first_keeps_its_slug(
    claims: list[tuple[str, dt.date | None]], expected: dict[str, str]
) -> None:
    articles = [make_article(f"a{i}", date, partners=(name,)) for i, (name, date) in enumerate(claims)]
    for attempt in range(4):
        random.Random(attempt).shuffle(articles)
        catalog = build_catalog(articles, ())
        assert {g.name: g.slug for g in catalog.partners} == expected


def test_publishing_a_name_that_spells_the_same_slug_moves_no_url() -> None:
    first = make_article("first", D(2020, 1, 1), institutions=("Łódź Works",), partners=("A&B Group",))
    before = build_catalog([first], ())
    later = [
        make_article(f"later-{i}", D(2024, 1, i + 1), institutions=(name,), partners=(partner,))
        for i, (name, partner) in enumerate([("Lodz Works", "A B Group"), ("LODZ works", "A-B Group")])
    ]
    after = build_catalog([first, *later], ())
    assert [(g.name, g.slug) for g in before.institutions + before.partners] == [
        ("Łódź Works", "lodz-works"),
        ("A&B Group", "a-b-group"),
    ]
    slugs = {g.name: g.slug for g in after.institutions + after.partners}
    assert (slugs["Łódź Works"], slugs["A&B Group"]) == ("lodz-works", "a-b-group")
    assert sorted(slugs.values()) == sorted(set(slugs.values()))


def test_a_slug_clash_is_a_warning_naming_both_names_and_content_files() -> None:
    articles = [
        make_article("old", D(2020, 1, 1), partners=("A&B Group",), content_file="content/old.md"),
        make_article("new", D(2024, 1, 1), partners=("A B Group",), content_file="content/new.md"),
        make_article("other", D(2023, 1, 1), institutions=("Lodz Works", "Łódź Works")),
    ]
    catalog = build_catalog(articles, ())
    assert [str(p) for p in catalog.problems] == [
        "article 'other': warning: institutions: 'Łódź Works' is given the slug 'lodz-works-2': 'lodz-works' belongs "
        "to 'Lodz Works' (named first, in article 'other'); if both are one organisation, spell them the same",
        "content/new.md: warning: partners: 'A B Group' is given the slug 'a-b-group-2': 'a-b-group' belongs to "
        "'A&B Group' (named first, in content/old.md); if both are one organisation, spell them the same",
    ]
    assert all(p.severity == "warning" for p in catalog.problems)


@pytest.mark.parametrize("name", ["Index", "index", "Feed", "Not Stated", "Page", "Search", "Sitemap"])
def test_an_organisation_never_takes_a_section_file_name(name: str) -> None:
    catalog = build_catalog([make_article("a", institutions=(name,), partners=(name,))], ())
    for group in (catalog.institutions[0], catalog.partners[0]):
        assert group.slug == name.lower().replace(" ", "-") + "-2"
    assert catalog.problems == ()


def test_duplicate_slugs_name_the_content_files_when_known() -> None:
    first = make_article("same", source=Source("001.txt", "a"), content_file="content/same.md")
    second = make_article("same", source=Source("002.txt", "b"), content_file="content/copy.md")
    with pytest.raises(CoopNewsError) as caught:
        build_catalog([first, second], ())
    assert str(caught.value) == "content/copy.md: slug: slug 'same' is already used by content/same.md"
