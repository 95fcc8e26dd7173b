"""Render: where each page lives in the site, and links between pages that work under any sub-path.

A "target" is a URL path relative to the site root ("articles/ustb-baic.html", "partners/", "" for the home);
pages link to targets relative to themselves, so the site works wherever it is served or copied.

Each article, group and home page is a plain `.html` file and only the few section indexes are folders
(`partners/` is `partners/index.html`). Why not one folder per page: a `.html` link works on every static
host as it is (S3 and CloudFront without index-document rewriting, file://), and creating a folder costs ext4
several times what creating a file does: at 10,000 articles the folders alone took 2.4-4 s of a clean build.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from coopnews.catalog import Group, GroupLink
from coopnews.model import Article

#: The URL folder of each group kind.
INSTITUTIONS = "institutions/"
PARTNERS = "partners/"
ARCHIVE = "archive/"
TOPICS = "topics/"
UNDATED = "archive/undated.html"
SEARCH = "search/"
FEED = "feed.xml"
PAIRS = "pairs/"
NETWORK = "network/"
PEOPLE = "people/"
DATA = "data/"


def article_target(article: Article) -> str:
    """The target of an article page."""
    return f"articles/{article.slug}.html"


def group_target(folder: str, group: Group | GroupLink) -> str:
    """The target of a group page: `folder` is INSTITUTIONS, PARTNERS or ARCHIVE (for a year)."""
    return f"{folder}{group.slug}.html"


def numbered_target(first: str, number: int) -> str:
    """Page `number` of a paginated list whose first page is the file target `first`:
    "partners/baic-group.html" -> "partners/baic-group/2.html" (a folder only for lists longer than a page)."""
    return first if number == 1 else f"{first.removesuffix('.html')}/{number}.html"


def pair_target(institution: Group | GroupLink, partner: Group | GroupLink) -> str:
    """The page of one institution × partner relationship; slugs never hold "--", so the two stay apart."""
    return f"{PAIRS}{institution.slug}--{partner.slug}.html"


def home_target(number: int) -> str:
    """The target of home page `number` (1 is the site root)."""
    return "" if number == 1 else f"page/{number}.html"


def group_feed_target(folder: str, group: Group | GroupLink) -> str:
    """The target of a group's Atom feed, beside its page: "partners/baic.xml"."""
    return f"{folder}{group.slug}.xml"


def file_path(target: str) -> str:
    """The output file of a target: folders get their index.html."""
    return f"{target}index.html" if target == "" or target.endswith("/") else target


def relative_url(page_path: str, target: str) -> str:
    """Link from the page written at `page_path` (a file path such as "articles/x.html") to `target`.

    Climbs to the site root and descends again, so the result never depends on where the root is served.
    """
    url = "../" * page_path.count("/") + _quote(target)
    return url or "./"


def rooted_url(base_path: str, target: str) -> str:
    """Link to `target` from the site's base path ("/portal/"): for pages served at any depth, like 404.html."""
    return base_path + _quote(target)


def absolute_url(base_url: str, target: str) -> str:
    """The public URL of `target` for canonical links, feeds, the sitemap and JSON-LD (`base_url` ends with "/")."""
    return base_url + _quote(target)


@lru_cache(maxsize=65536)
def _quote(target: str) -> str:
    """Percent-encode a target for use in a URL; cached because every page links to the same few thousand."""
    return quote(target, safe="/")
