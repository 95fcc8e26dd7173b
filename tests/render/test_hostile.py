"""A hostile article: markup and script in every field comes out escaped or sanitised in pages, feeds and sitemap."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest

from coopnews.catalog import build_catalog
from coopnews.feeds import render_feeds
from coopnews.model import Article, Person, Source
from coopnews.pages import list_pages
from coopnews.render import render_pages
from coopnews.sitemap import render_sitemap
from tests.render.render_helpers import MakeConfig, make_article, parse_page

TITLE = 'Deal <script>alert("title")</script> & </title><img src=x onerror=alert(1)>'
INSTITUTION = "Uni </script><script>alert(3)</script>"
PARTNER = '<b onmouseover=alert(2)>Evil</b> Corp "quoted" \' & co'
PERSON = "<svg onload=alert(4)>"
PLACE = "javascript:alert(5)"
SUMMARY = "</script><script>alert(6)</script><!--"
BODY = """Intro <script>alert(7)</script> text.

<img src="x" onerror="alert(8)"> [click](javascript:alert(9)) <a href=" javascript:alert(10)">a</a>

<iframe src="https://evil.example/"></iframe> </script><script>alert(11)</script>

<a href="https://ok.example/" onclick="alert(12)">fine link</a>
"""
HOSTILE = make_article(
    "hostile",
    dt.date(2024, 2, 29),
    title=TITLE,
    body=BODY,
    date_text="<script>alert(13)</script>",
    institutions=(INSTITUTION,),
    partners=(PARTNER,),
    aliases=((PARTNER, ("<i>alias</i>",)),),
    people=(Person(PERSON, "<em>role</em>", "<u>org</u>"),),
    places=(PLACE,),
    summary=SUMMARY,
    source=Source("<x>.txt", "0" * 64),
)
UNDATED_HOSTILE = make_article("hostile-undated", None, title=TITLE, date_text="<b>19/11</b>", partners=(PARTNER,))
FORBIDDEN_TAGS = {"img", "iframe", "svg", "b", "i", "u", "em", "object", "embed"}


@pytest.fixture
def site(make_config: MakeConfig) -> dict[str, bytes]:
    config = make_config()
    articles: list[Article] = [
        HOSTILE,
        UNDATED_HOSTILE,
        make_article("plain", dt.date(2020, 1, 1), partners=(PARTNER,)),
    ]
    catalog = build_catalog(articles, config.gazetteer)
    files = [
        *render_pages(catalog, config),
        *render_feeds(catalog, config),
        *render_sitemap(list_pages(catalog, config), config),
    ]
    return {f.path: f.data for f in files}


def test_no_markup_from_the_article_reaches_any_page(site: dict[str, bytes]) -> None:
    pages = {path: data for path, data in site.items() if path.endswith(".html")}
    assert len(pages) > 10
    for path, data in pages.items():
        page = parse_page(data)
        for tag, attrs in page.tags:
            chart = tag == "svg" and path == "network/index.html" and attrs.get("class", "").startswith("chart ")
            assert tag not in FORBIDDEN_TAGS or chart, (path, tag)
            assert not [name for name in attrs if name.startswith("on")], (path, tag, attrs)
            for key in ("href", "src", "action"):
                assert not attrs.get(key, "").strip().lower().startswith("javascript"), (path, tag, attrs)
        for attrs, text in page.scripts:
            # Scripts come from the templates only: local files, or JSON-LD that contains no "<" at all.
            assert not attrs.get("src", "").lower().startswith(("http", "//", "javascript", "data")), (path, attrs)
            assert "alert" not in text or attrs.get("type") == "application/ld+json", path
            assert "<" not in text, path


def test_hostile_text_is_shown_as_text(site: dict[str, bytes]) -> None:
    page = parse_page(site["articles/hostile.html"])
    assert page.title.startswith(TITLE)
    for text in (TITLE, INSTITUTION, PARTNER, PERSON, PLACE, SUMMARY, "<x>.txt", "<em>role</em>"):
        assert text in page.text
    assert page.meta("og:title") == [TITLE]
    assert page.meta("description") == [SUMMARY]
    assert "Intro text." in page.text
    assert "fine link" in page.text and page.find("a", href="https://ok.example/", rel="noopener noreferrer")
    undated = parse_page(site["articles/hostile-undated.html"])
    assert "<b>19/11</b>" in undated.text


def test_chart_labels_are_text(site: dict[str, bytes]) -> None:
    """The network page's SVG is drawn from strings: names in it are escaped like everywhere else."""
    raw = site["network/index.html"].decode("utf-8")
    chart_tags = {tag for tag, _ in parse_page(site["network/index.html"]).tags}
    assert {"svg", "rect", "text"} <= chart_tags
    assert chart_tags.isdisjoint({"script", "img", "iframe", "b", "i", "foreignobject"})
    assert "Uni &lt;/script&gt;&lt;script&gt;alert(3)&lt;/script&gt;" in raw  # the institution, in a <title>
    assert "&lt;b onmouseover=alert(2)&gt;Evil&lt;/b&gt;" in raw


def test_json_ld_cannot_close_its_script_and_round_trips(site: dict[str, bytes]) -> None:
    raw = site["articles/hostile.html"].decode("utf-8")
    start = raw.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    text = raw[start : raw.index("</script>", start)]
    assert "<" not in text and ">" not in text and "&" not in text
    data = json.loads(text)
    assert data["headline"] == TITLE and data["description"] == SUMMARY
    assert [o["name"] for o in data["about"]] == [INSTITUTION, PARTNER]


def test_feeds_and_sitemap_are_well_formed_and_keep_the_text(site: dict[str, bytes]) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feeds = [path for path in site if path.endswith(".xml") and path != "sitemap.xml"]
    assert len(feeds) == 1 + 2 + 1  # the site, the institution and not-stated groups, the one partner
    titles = []
    for path in feeds:
        root = ET.fromstring(site[path])
        titles += [entry.findtext(f"{atom}title") for entry in root.iter(f"{atom}entry")]
        assert b"<script" not in site[path] and b"<img" not in site[path]
    assert TITLE in titles
    partner_feed = ET.fromstring(site["partners/b-onmouseover-alert-2-evil-b-corp-quoted-co.xml"])
    assert PARTNER in (partner_feed.findtext(f"{atom}title") or "")
    sitemap = ET.fromstring(site["sitemap.xml"])
    locs = [loc.text or "" for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(loc.startswith("https://example.org/portal/") and "<" not in loc for loc in locs)
