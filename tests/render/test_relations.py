"""Relations: partner types, pairs and counterparts, pair pages, and entity pages that stay small at any size."""

from __future__ import annotations

import datetime as dt

import pytest

from coopnews.catalog import build_catalog
from coopnews.model import Article, Person
from coopnews.relations import build_relations, partner_type
from coopnews.render import render_pages
from tests.render.render_helpers import MakeConfig, make_article, parse_page


@pytest.mark.parametrize(
    ("name", "stated", "expected"),
    [
        ("People's Government of Nanning", None, "government"),
        ("Jinzhou State-owned Assets Supervision and Administration Commission", None, "government"),
        ("Wuhan Municipal Bureau of Science and Technology", None, "government"),
        ("Dongfeng Motor Group Co., Ltd.", None, "enterprise"),
        ("BAIC Group", None, "enterprise"),
        ("Siemens GmbH", None, "enterprise"),
        ("Tsinghua University", None, "university"),
        ("Wuhan Vocational College", None, "university"),
        ("Beijing Institute of Technology", None, "university"),
        ("Chinese Academy of Sciences", None, "research institute"),
        ("Institute of Metal Research", None, "research institute"),
        ("Union Hospital", None, "hospital"),
        ("SGMW", None, "other"),
        ("SGMW", "enterprise", "enterprise"),
        ("BAIC Group", "Government", "government"),  # the gazetteer's type wins over the name's shape
        ("BAIC Group", "spaceship", "enterprise"),  # an unknown stated type falls back to the shape
    ],
)
def test_partner_type(name: str, stated: str | None, expected: str) -> None:
    assert partner_type(name, stated) == expected


def test_relations_pair_each_article_once_in_date_order(sample_articles: list[Article]) -> None:
    extra = make_article(
        "wut-baic-undated", None, institutions=("Wuhan University of Technology",), partners=("BAIC Group",)
    )
    extra_2 = make_article(
        "wut-baic-old", dt.date(2019, 1, 1), institutions=("Wuhan University of Technology",), partners=("BAIC Group",)
    )
    catalog = build_catalog([*sample_articles, extra, extra_2], ())
    relations = build_relations(catalog, {"BAIC Group": "government"})
    pairs = {pair.target: pair for pair in relations.pairs}
    assert set(pairs) == {
        "pairs/university-of-science-and-technology-beijing--baic-group.html",
        "pairs/wuhan-university-of-technology--baic-group.html",
        "pairs/wuhan-university-of-technology--dongfeng-motor-group-co-ltd.html",
    }
    wut_baic = pairs["pairs/wuhan-university-of-technology--baic-group.html"]
    assert [a.slug for a in wut_baic.articles] == ["wut-baic-old", "wut-baic", "wut-baic-undated"]
    rows = relations.by_institution["wuhan-university-of-technology"]
    assert [(row.other.name, row.articles, row.first, row.last, row.pair) for row in rows] == [
        ("BAIC Group", 3, dt.date(2019, 1, 1), dt.date(2022, 1, 7), wut_baic.target),
        (
            "Dongfeng Motor Group Co., Ltd.",
            1,
            dt.date(2023, 11, 19),
            dt.date(2023, 11, 19),
            "pairs/wuhan-university-of-technology--dongfeng-motor-group-co-ltd.html",
        ),
    ]
    assert [row.other.name for row in relations.by_partner["baic-group"]] == [
        "Wuhan University of Technology",
        "University of Science and Technology Beijing",
    ]
    assert relations.types["BAIC Group"] == "government"
    assert relations.types["Dongfeng Motor Group Co., Ltd."] == "enterprise"


def test_pair_page_is_a_timeline_with_people_on_each_side(make_config: MakeConfig) -> None:
    people = (
        Person("Zhang Wei", "President", "WUT"),
        Person("Li Na", "Chairman", "Dongfeng Motor Group Co., Ltd."),
        Person("Wang Fang", "Mayor", None),
    )
    both = {"institutions": ("Wuhan University of Technology",), "partners": ("Dongfeng Motor Group Co., Ltd.",)}
    articles = [
        make_article("new", dt.date(2023, 5, 1), people=people, kind="visit", **both),
        make_article("old", dt.date(2020, 5, 1), kind="forum", **both),
        make_article("undated", None, date_text="3 May", **both),
    ]
    config = make_config()
    site = {f.path: f.data for f in render_pages(build_catalog(articles, config.gazetteer), config)}
    page = parse_page(site["pairs/wuhan-university-of-technology--dongfeng-motor-group-co-ltd.html"])
    order = [a["href"] for a in page.find("a") if a.get("href", "").startswith("../articles/")]
    assert order == ["../articles/old.html", "../articles/new.html", "../articles/undated.html"]
    assert "3 May, year not stated" in page.text
    assert "Wuhan University of Technology Zhang Wei, President" in page.text
    assert "Dongfeng Motor Group Co., Ltd. Li Na, Chairman" in page.text
    assert "Also named Wang Fang, Mayor" in page.text
    assert page.find("a", href="../institutions/wuhan-university-of-technology.html")
    assert page.find("a", href="../partners/dongfeng-motor-group-co-ltd.html")


def _office(n: int) -> list[Article]:
    """`n` articles of one university with five partners, as a cooperation office's own news."""
    return [
        make_article(
            f"a{i:04d}",
            dt.date(2015 + i % 10, 1 + i % 12, 1 + i % 28) if i % 3 else None,
            date_text=None if i % 3 else f"{1 + i % 28} May",
            institutions=("Wuhan University of Technology",),
            partners=(f"Partner {i % 5} Co., Ltd.",),
            summary="A summary sentence of moderate length, as the importer writes them for every article. " * 3,
        )
        for i in range(n)
    ]


def test_entity_and_archive_pages_do_not_grow_with_the_article_count(make_config: MakeConfig) -> None:
    """At 10x the articles, the largest page outside pairs/ is no larger: every list is paginated (entity pages by
    per_page, archive pages by 50).
    Pair pages hold a whole relationship (one short line per article, no summary)."""
    sizes = {}
    for n in (150, 1500):
        config = make_config(per_page=10)
        files = render_pages(build_catalog(_office(n), config.gazetteer), config)
        pages = {f.path: f.data for f in files if f.path.endswith(".html")}
        sizes[n] = max(len(data) for path, data in pages.items() if not path.startswith("pairs/"))
        first = parse_page(pages["institutions/wuhan-university-of-technology.html"])
        listed = [a["href"] for a in first.find("a") if a.get("href", "").startswith("../articles/")]
        assert len(listed) == 10
        count = -(-n // 10)
        assert f"institutions/wuhan-university-of-technology/{count}.html" in pages
        assert f"institutions/wuhan-university-of-technology/{count + 1}.html" not in pages
        all_listed = [
            a["href"].rsplit("/", 1)[-1]
            for number in range(1, count + 1)
            for a in parse_page(
                pages["institutions/wuhan-university-of-technology" + (".html" if number == 1 else f"/{number}.html")]
            ).find("a")
            if "/articles/" in a.get("href", "")
        ]
        assert len(all_listed) == n == len(set(all_listed))  # each article once
        pair = pages["pairs/wuhan-university-of-technology--partner-0-co-ltd.html"]
        assert len(pair) < 4000 + 700 * (n // 5)
    assert sizes[1500] <= sizes[150] * 1.1
