"""URLs: relative links from every page depth, the 404's rooted links, absolute URLs and output paths."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from coopnews import urls

PAGE_LINKS = [
    # (page written at, target, expected href)
    ("index.html", "", "./"),
    ("index.html", "partners/baic-group/", "partners/baic-group/"),
    ("index.html", "assets/style.css", "assets/style.css"),
    ("page/2/index.html", "", "../../"),
    ("page/2/index.html", "page/3/", "../../page/3/"),
    ("articles/ustb-baic/index.html", "partners/baic-group/", "../../partners/baic-group/"),
    ("articles/ustb-baic/index.html", "assets/style.css", "../../assets/style.css"),
    ("institutions/index.html", "institutions/wut/", "../institutions/wut/"),
    ("institutions/wut/index.html", "institutions/wut/feed.xml", "../../institutions/wut/feed.xml"),
    ("archive/undated/index.html", "archive/", "../../archive/"),
    ("search/index.html", "", "../"),
    ("index.html", "articles/a b#c/", "articles/a%20b%23c/"),
]


@pytest.mark.parametrize(("page", "target", "expected"), PAGE_LINKS)
def test_relative_url(page: str, target: str, expected: str) -> None:
    assert urls.relative_url(page, target) == expected


@pytest.mark.parametrize("base", ["https://example.org/", "https://example.org/portal/", "file:///home/me/site/"])
@pytest.mark.parametrize(("page", "target", "_expected"), PAGE_LINKS)
def test_relative_url_resolves_to_the_target_under_any_base(page: str, target: str, _expected: str, base: str) -> None:
    resolved = urljoin(base + page, urls.relative_url(page, target))
    assert resolved == base + urls.absolute_url("", target)


@pytest.mark.parametrize(
    ("base_path", "target", "expected"),
    [
        ("/", "", "/"),
        ("/portal/", "", "/portal/"),
        ("/portal/", "search/", "/portal/search/"),
        ("/a/b/", "feed.xml", "/a/b/feed.xml"),
    ],
)
def test_rooted_url(base_path: str, target: str, expected: str) -> None:
    assert urls.rooted_url(base_path, target) == expected


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("", "index.html"),
        ("articles/x/", "articles/x/index.html"),
        ("feed.xml", "feed.xml"),
        ("page/2/", "page/2/index.html"),
    ],
)
def test_file_path(target: str, expected: str) -> None:
    assert urls.file_path(target) == expected


def test_absolute_url_keeps_the_sub_path() -> None:
    assert urls.absolute_url("https://example.org/portal/", "articles/x/") == "https://example.org/portal/articles/x/"
