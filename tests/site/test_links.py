"""Site stage, whole site: crawl the seed site served under /portal/ and check every internal link answers 200.

Also: no internal link leaves the sub-path, every #fragment names an id on its page, every built page is
reachable from the home page, and the sitemap and feeds list only live URLs under base_url.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from tests.conftest import ServedSite

_LINK_ATTRIBUTES = {
    ("a", "href"),
    ("link", "href"),
    ("area", "href"),
    ("img", "src"),
    ("script", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("form", "action"),
}
_URL_META = {"og:url", "og:image", "twitter:image"}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
_ATOM = "{http://www.w3.org/2005/Atom}"
_SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class _PageParser(HTMLParser):
    """Collect the URLs a page refers to (href, src, srcset, form action, URL-valued meta) and the ids it defines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in ("id", "name") if tag == "a" else ("id",):
            if name in values:
                self.ids.add(values[name])
        for name, value in values.items():
            if (tag, name) in _LINK_ATTRIBUTES:
                self.links.append(value)
            elif name == "srcset":
                self.links.extend(part.split()[0] for part in value.split(",") if part.strip())
        if tag == "meta" and values.get("property", values.get("name")) in _URL_META:
            self.links.append(values.get("content", ""))


@dataclass
class _Crawl:
    """What the crawl found: each fetched URL's status, the ids of each HTML page, and every link seen."""

    status: dict[str, int] = field(default_factory=dict)
    ids: dict[str, set[str]] = field(default_factory=dict)
    links: list[tuple[str, str]] = field(default_factory=list)  # (page it is on, link resolved, fragment kept)
    bodies: dict[str, bytes] = field(default_factory=dict)


def _fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, "", b""


def _is_internal(url: str, site: str) -> bool:
    return urlsplit(url).netloc == urlsplit(site).netloc


def _crawl(site: str) -> _Crawl:
    """Fetch every internal URL reachable from `site` (HTML pages, stylesheets, feeds), breadth first."""
    crawl = _Crawl()
    queue = deque([site])
    while queue:
        url = queue.popleft()
        if url in crawl.status:
            continue
        status, kind, body = _fetch(url)
        crawl.status[url] = status
        crawl.bodies[url] = body
        found: list[str] = []
        if status == 200 and kind == "text/html":
            parser = _PageParser()
            parser.feed(body.decode("utf-8"))
            crawl.ids[url] = parser.ids
            found = parser.links
        elif status == 200 and kind == "text/css":
            found = _CSS_URL.findall(body.decode("utf-8"))
        elif status == 200 and body.lstrip().startswith(b"<?xml") and url.endswith(".xml"):
            found = _feed_links(body)
        for link in found:
            resolved = urljoin(url, link.strip())
            crawl.links.append((url, resolved))
            target, _ = urldefrag(resolved)
            if _is_internal(target, site) and target.startswith(site) and target not in crawl.status:
                queue.append(target)
    return crawl


def _feed_links(body: bytes) -> list[str]:
    """Links of an Atom feed; a sitemap's <loc> URLs are checked by their own test."""
    root = ET.fromstring(body)
    return [link.get("href", "") for link in root.iter(f"{_ATOM}link")]


@pytest.fixture(scope="module")
def crawl(served_seed_site: ServedSite) -> _Crawl:
    return _crawl(served_seed_site.url)


def test_every_internal_link_answers_200(crawl: _Crawl, served_seed_site: ServedSite) -> None:
    broken = sorted(
        f"{page} -> {url}: {crawl.status[url]}" for url, page in _first_pages(crawl).items() if crawl.status[url] != 200
    )
    assert len(crawl.status) > 10, "the crawl found almost nothing; is the home page linked up?"
    assert broken == []


def test_no_internal_link_leaves_the_sub_path(crawl: _Crawl, served_seed_site: ServedSite) -> None:
    escaping = sorted(
        f"{page} -> {url}"
        for page, url in crawl.links
        if _is_internal(url, served_seed_site.url) and not url.startswith(served_seed_site.url)
    )
    assert escaping == []


def test_no_link_uses_a_scheme_the_site_should_not_need(crawl: _Crawl) -> None:
    odd = sorted(f"{page} -> {url}" for page, url in crawl.links if urlsplit(url).scheme not in ("http", "https"))
    assert odd == []


def test_every_fragment_names_an_id_on_its_page(crawl: _Crawl, served_seed_site: ServedSite) -> None:
    missing = []
    for page, url in crawl.links:
        target, fragment = urldefrag(url)
        if fragment and target in crawl.ids and fragment not in crawl.ids[target]:
            missing.append(f"{page} -> {url}")
    assert sorted(set(missing)) == []


def test_every_built_page_is_reachable_from_the_home_page(crawl: _Crawl, served_seed_site: ServedSite) -> None:
    output = served_seed_site.config.output_dir
    built = {
        served_seed_site.url + path.relative_to(output).as_posix().removesuffix("index.html")
        for path in output.rglob("*.html")
        if path.name != "404.html"
    }
    assert len(built) > 1
    assert sorted(built - set(crawl.status)) == []


def test_sitemap_lists_live_pages_under_base_url(served_seed_site: ServedSite) -> None:
    status, _, body = _fetch(served_seed_site.url + "sitemap.xml")
    assert status == 200
    locations = [loc.text or "" for loc in ET.fromstring(body).iter(f"{_SITEMAP}loc")]
    assert served_seed_site.url in locations
    assert len(locations) == len(set(locations))
    outside = [loc for loc in locations if not loc.startswith(served_seed_site.url)]
    dead = [f"{loc}: {code}" for loc in locations if (code := _fetch(loc)[0]) != 200]
    assert (outside, dead) == ([], [])


def test_robots_txt_points_to_the_sitemap(served_seed_site: ServedSite) -> None:
    status, _, body = _fetch(served_seed_site.url + "robots.txt")
    assert status == 200
    assert f"Sitemap: {served_seed_site.url}sitemap.xml" in body.decode("utf-8")


def test_feed_ids_and_links_stay_under_base_url(crawl: _Crawl, served_seed_site: ServedSite) -> None:
    feeds = [url for url, body in crawl.bodies.items() if url.endswith(".xml") and b"<feed" in body]
    assert served_seed_site.url + "feed.xml" in feeds
    outside = []
    for url in feeds:
        root = ET.fromstring(crawl.bodies[url])
        outside += [
            f"{url}: link {link.get('href')}"
            for link in root.iter(f"{_ATOM}link")
            if _is_internal(link.get("href", ""), served_seed_site.url)
            and not link.get("href", "").startswith(served_seed_site.url)
        ]
        outside += [
            f"{url}: id {node.text}"
            for node in root.iter(f"{_ATOM}id")
            if (node.text or "").startswith("http")
            and not (node.text or "").startswith(served_seed_site.url)
            and _is_internal(node.text or "", served_seed_site.url)
        ]
    assert outside == []


def _first_pages(crawl: _Crawl) -> dict[str, str]:
    """Each fetched URL with the first page that linked to it (the home page links to itself)."""
    first: dict[str, str] = {}
    for page, url in crawl.links:
        first.setdefault(urldefrag(url)[0], page)
    return {url: first.get(url, "(start)") for url in crawl.status}


@pytest.mark.parametrize("missing", ["nothing-here", "articles/gone.html", "a/b/c/d/e/"])
def test_404_page_links_work_at_any_depth(served_seed_site: ServedSite, missing: str) -> None:
    """A static host serves 404.html at the URL that was missed, so its links must not depend on the page's depth."""
    status, _, body = _fetch(served_seed_site.url + "404.html")
    assert status == 200
    parser = _PageParser()
    parser.feed(body.decode("utf-8"))
    page = served_seed_site.url + missing
    internal = [urldefrag(urljoin(page, link))[0] for link in parser.links if not link.startswith("#")]
    internal = [url for url in internal if _is_internal(url, served_seed_site.url)]
    assert internal, "404.html links nowhere inside the site"
    broken = [url for url in internal if not url.startswith(served_seed_site.url) or _fetch(url)[0] != 200]
    assert broken == []


@pytest.fixture(scope="module")
def office_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[_Crawl, ServedSite]]:
    """The generated office site (pairs with timelines, paginated entity and person pages) crawled under /portal/."""
    from tests.office_site import served_office_site

    with served_office_site(tmp_path_factory.mktemp("office-site")) as site:
        yield _crawl(site.url), site


def test_office_site_links_answer_200_and_reach_every_page(office_crawl: tuple[_Crawl, ServedSite]) -> None:
    crawl, site = office_crawl
    broken = sorted(
        f"{page} -> {url}: {crawl.status[url]}" for url, page in _first_pages(crawl).items() if crawl.status[url] != 200
    )
    assert broken == []
    escaping = sorted(
        f"{page} -> {url}" for page, url in crawl.links if _is_internal(url, site.url) and not url.startswith(site.url)
    )
    assert escaping == []
    missing = sorted(
        {
            f"{page} -> {url}"
            for page, url in crawl.links
            if (parts := urldefrag(url))[1] and parts[0] in crawl.ids and parts[1] not in crawl.ids[parts[0]]
        }
    )
    assert missing == []
    output = site.config.output_dir
    built = {site.url + p.relative_to(output).as_posix().removesuffix("index.html") for p in output.rglob("*.html")}
    unreached = sorted(built - set(crawl.status) - {site.url + "404.html"})
    assert unreached == []
    kinds = {url.removeprefix(site.url).split("/")[0] for url in crawl.status}
    assert {"pairs", "people", "network", "data", "institutions", "partners"} <= kinds
