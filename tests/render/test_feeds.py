"""Feeds and sitemap: valid XML, the right entries and URLs, timestamps from article dates only."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from coopnews.catalog import build_catalog
from coopnews.feeds import FEED_LIMIT, render_feeds
from coopnews.model import Article
from coopnews.pages import list_pages
from coopnews.render import render_pages
from coopnews.sitemap import render_sitemap
from tests.render.render_helpers import BASE_URL, MakeConfig, make_article

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _feeds(articles: list[Article], make_config: MakeConfig) -> dict[str, ET.Element]:
    config = make_config()
    files = render_feeds(build_catalog(articles, config.gazetteer), config)
    return {f.path: ET.fromstring(f.data) for f in files}


def _entry_ids(feed: ET.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}id") or "" for entry in feed.iter(f"{ATOM}entry")]


def test_site_feed_carries_the_latest_articles_newest_first(make_config: MakeConfig) -> None:
    articles = [make_article(f"a{i:02}", dt.date(2020, 1, 1) + dt.timedelta(days=i)) for i in range(FEED_LIMIT + 5)]
    articles.append(make_article("undated"))
    feed = _feeds(articles, make_config)["feed.xml"]
    newest = sorted(articles[:-1], key=lambda a: a.date or dt.date.min, reverse=True)[:FEED_LIMIT]
    assert _entry_ids(feed) == [f"{BASE_URL}articles/{a.slug}.html" for a in newest]
    assert feed.findtext(f"{ATOM}id") == f"{BASE_URL}feed.xml"
    assert feed.findtext(f"{ATOM}updated") == "2020-01-25T00:00:00+00:00"
    self_links = [link.get("href") for link in feed.iter(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_links == [f"{BASE_URL}feed.xml"]


def test_one_feed_per_group_with_its_articles(sample_articles: list[Article], make_config: MakeConfig) -> None:
    config = make_config()
    catalog = build_catalog(sample_articles, config.gazetteer)
    feeds = {f.path: ET.fromstring(f.data) for f in render_feeds(catalog, config)}
    expected = {"feed.xml"}
    for folder, groups in (("institutions", catalog.institutions), ("partners", catalog.partners)):
        for group in groups:
            path = f"{folder}/{group.slug}.xml"
            expected.add(path)
            assert _entry_ids(feeds[path]) == [f"{BASE_URL}articles/{a.slug}.html" for a in group.articles]
            assert group.name in (feeds[path].findtext(f"{ATOM}title") or "")
    assert set(feeds) == expected


@pytest.mark.parametrize(
    ("dates", "feed_updated"),
    [
        ([None, None], "1970-01-01T00:00:00+00:00"),
        ([dt.date(2021, 5, 6), None], "2021-05-06T00:00:00+00:00"),
        ([dt.date(2019, 1, 2), dt.date(2023, 12, 31)], "2023-12-31T00:00:00+00:00"),
    ],
)
def test_timestamps_come_from_article_dates(
    make_config: MakeConfig, dates: list[dt.date | None], feed_updated: str
) -> None:
    articles = [make_article(f"a{i}", date) for i, date in enumerate(dates)]
    feed = _feeds(articles, make_config)["feed.xml"]
    assert feed.findtext(f"{ATOM}updated") == feed_updated
    entries = {e.findtext(f"{ATOM}id"): e.findtext(f"{ATOM}updated") for e in feed.iter(f"{ATOM}entry")}
    for article in articles:
        day = article.date or dt.date(1970, 1, 1)
        assert entries[f"{BASE_URL}articles/{article.slug}.html"] == f"{day.isoformat()}T00:00:00+00:00"


def test_feeds_are_byte_identical_across_runs(sample_articles: list[Article], make_config: MakeConfig) -> None:
    config = make_config()
    catalog = build_catalog(sample_articles, config.gazetteer)
    assert render_feeds(catalog, config) == render_feeds(build_catalog(sample_articles[::-1], config.gazetteer), config)


def test_sitemap_lists_every_page_once(sample_articles: list[Article], make_config: MakeConfig) -> None:
    config = make_config()
    catalog = build_catalog(sample_articles, config.gazetteer)
    pages = [f.path for f in render_pages(catalog, config) if f.path.endswith(".html") and f.path != "404.html"]
    sitemap, robots = render_sitemap(list_pages(catalog, config), config)
    assert (sitemap.path, robots.path) == ("sitemap.xml", "robots.txt")
    root = ET.fromstring(sitemap.data)
    locs = [url.findtext(f"{SITEMAP}loc") for url in root.iter(f"{SITEMAP}url")]
    assert sorted(locs) == sorted(BASE_URL + path.removesuffix("index.html") for path in pages)
    assert len(locs) == len(set(locs))
    lastmod = {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root.iter(f"{SITEMAP}url")}
    for article in sample_articles:
        expected = article.date.isoformat() if article.date else None
        assert lastmod[f"{BASE_URL}articles/{article.slug}.html"] == expected
    assert lastmod[BASE_URL] == "2023-11-19"
    assert f"Sitemap: {BASE_URL}sitemap.xml" in robots.data.decode("utf-8").splitlines()
