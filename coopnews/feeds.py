"""Feeds: Atom feeds for the whole site and for each institution and partner, built with feedgen.

Every timestamp comes from article dates (never the clock), so two builds of the same content give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from coopnews import urls
from coopnews.catalog import Catalog, newest_date
from coopnews.config import Config
from coopnews.model import Article, OutputFile

#: How many articles each feed carries, newest first.
FEED_LIMIT = 20
#: The timestamp of undated articles, and of a feed with no dated article: fixed, so output stays reproducible.
UNDATED = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class Feed:
    """One Atom feed to write: its target, the HTML page it mirrors, its title and its newest articles.

    Everything the feed's bytes depend on besides the config, so the build cache can tell when to write it again.
    """

    target: str
    page: str
    title: str
    articles: tuple[Article, ...]
    updated: dt.date | None

    @property
    def path(self) -> str:
        return self.target


def render_feeds(catalog: Catalog, config: Config) -> list[OutputFile]:
    """feed.xml for the site, then institutions/<slug>.xml and partners/<slug>.xml, in catalog order."""
    return [render_feed(feed, config) for feed in list_feeds(catalog, config)]


def list_feeds(catalog: Catalog, config: Config) -> Iterator[Feed]:
    """Every feed of the site, in the order of render_feeds."""
    yield _feed(urls.FEED, "", config.title, catalog.articles)
    for folder, groups in ((urls.INSTITUTIONS, catalog.institutions), (urls.PARTNERS, catalog.partners)):
        for group in groups:
            page = urls.group_target(folder, group)
            title = f"{group.name} · {config.title}"
            yield _feed(urls.group_feed_target(folder, group), page, title, group.articles)


def _feed(target: str, page: str, title: str, articles: tuple[Article, ...]) -> Feed:
    return Feed(target, page, title, articles[:FEED_LIMIT], newest_date(articles))


def render_feed(spec: Feed, config: Config) -> OutputFile:
    """One Atom feed: its id is the feed's own URL, `page` is the HTML page it mirrors."""
    target, page, title, latest = spec.target, spec.page, spec.title, spec.articles
    from feedgen.feed import FeedGenerator  # with lxml, 60 ms to import: only when a feed is written

    feed = FeedGenerator()
    feed.id(urls.absolute_url(config.base_url, target))
    feed.title(title)
    feed.subtitle(config.description)
    feed.link(href=urls.absolute_url(config.base_url, target), rel="self", type="application/atom+xml")
    feed.link(href=urls.absolute_url(config.base_url, page), rel="alternate", type="text/html")
    feed.language(config.language)
    feed.generator("coopnews")
    feed.updated(_timestamp(spec.updated))
    # feedgen prepends by default; appending keeps catalog order, newest first.
    for article in latest:
        entry = feed.add_entry(order="append")
        url = urls.absolute_url(config.base_url, urls.article_target(article))
        entry.id(url)
        entry.title(article.title)
        entry.link(href=url, rel="alternate", type="text/html")
        entry.updated(_timestamp(article.date))
        if article.date is not None:
            entry.published(_timestamp(article.date))
        if article.summary:
            entry.summary(article.summary)
        for name in article.institutions:
            entry.category(term=name, label=name, scheme=urls.absolute_url(config.base_url, urls.INSTITUTIONS))
        for name in article.partners:
            entry.category(term=name, label=name, scheme=urls.absolute_url(config.base_url, urls.PARTNERS))
    return OutputFile(target, feed.atom_str(pretty=True, encoding="UTF-8"))


def _timestamp(date: dt.date | None) -> dt.datetime:
    """Midnight UTC of `date`, or of UNDATED: Atom requires a full timestamp with a zone."""
    day = date or UNDATED
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
