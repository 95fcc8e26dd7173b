"""People directory: one entry per name and organisation (aliases counted as the organisation), roles as stated."""

from __future__ import annotations

import datetime as dt

from coopnews.catalog import build_catalog
from coopnews.model import Person
from coopnews.people_directory import build_directory, letter_of
from coopnews.render import render_pages
from tests.render.render_helpers import MakeConfig, make_article, parse_page

WUT = "Wuhan University of Technology"
ARTICLES = [
    make_article(
        "one",
        dt.date(2023, 5, 1),
        institutions=(WUT,),
        partners=("BAIC Group",),
        aliases=((WUT, ("WUT",)),),
        people=(Person("Zhang Wei", "President", "WUT"), Person("Zhang Wei", "Chairman", "BAIC Group")),
    ),
    make_article(
        "two",
        dt.date(2022, 5, 1),
        institutions=(WUT,),
        people=(Person("Zhang Wei", "Secretary of the Party Committee", WUT), Person("Li <b>Na</b>")),
    ),
]


def test_one_entry_per_name_and_organisation() -> None:
    directory = build_directory(build_catalog(ARTICLES, ()))
    rows = [(e.link.name, e.link.organization, e.roles, [a.slug for a in e.articles]) for e in directory.entries]
    assert rows == [
        ("Li <b>Na</b>", None, (), ["two"]),
        ("Zhang Wei", "BAIC Group", ("Chairman",), ["one"]),
        ("Zhang Wei", WUT, ("President", "Secretary of the Party Committee"), ["one", "two"]),
    ]
    wut_entry = directory.entries[2]
    assert wut_entry.spellings == ("WUT", WUT)
    assert wut_entry.organization_page == "institutions/wuhan-university-of-technology.html"
    assert len({entry.link.slug for entry in directory.entries}) == 3
    people = directory.people_of(ARTICLES[0])
    assert [link.organization for link in people] == [WUT, "BAIC Group"]


def test_letters() -> None:
    assert [letter_of(name) for name in ("zhang", "Ölfa", "1st", "")] == ["Z", "#", "#", "#"]


def test_directory_pages(make_config: MakeConfig) -> None:
    config = make_config()
    site = {f.path: f.data for f in render_pages(build_catalog(ARTICLES, config.gazetteer), config)}
    index = parse_page(site["people/index.html"])
    assert "3 people named in the news" in index.text
    assert index.find("a", href="../people/l.html") and index.find("a", href="../people/z.html")
    letter = parse_page(site["people/z.html"])
    person_links = [a["href"] for a in letter.find("a") if a.get("href", "").startswith("../people/zhang")]
    assert len(person_links) == 2
    person = parse_page(site["people/zhang-wei-wuhan-university-of-technology.html"])
    assert "Roles as stated President; Secretary of the Party Committee" in person.text
    assert "Organisation as written WUT; Wuhan University of Technology" in person.text
    assert person.find("a", href="../institutions/wuhan-university-of-technology.html")
    assert [a["href"] for a in person.find("a") if "/articles/" in a.get("href", "")] == [
        "../articles/one.html",
        "../articles/two.html",
    ]
    article = parse_page(site["articles/two.html"])
    assert article.find("a", href="../people/li-b-na-b.html")
    assert "Li <b>Na</b>" in parse_page(site["people/li-b-na-b.html"]).text
