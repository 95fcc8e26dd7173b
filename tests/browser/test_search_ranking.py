"""The search page in Chromium on hundreds of matches: the first page, "Show more" and a facet list the articles in
the order lunr.js gives when it scores every match (tests/search/lunr_node.js runs the same engine under Node,
without a limit), although the page has lunr score only the articles it can show."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Page, expect

from bench.search_scale import generate_articles
from coopnews.model import Article
from coopnews.search import make_search_files
from coopnews.search.contract import browser_contract, to_ref
from tests.conftest import REPO, serve_folder, write_outputs

if TYPE_CHECKING:
    from tests.conftest import ServedSite

TIMEOUT_MS = 15_000
QUERY = "university"  # every generated article's institution is a university
PAGE_SIZE = 20


@dataclass(frozen=True)
class LargeSearch:
    url: str  # the site root
    search_folder: Path  # its search/ folder
    articles: list[Article]  # document n is articles[n]


@pytest.fixture(scope="module")
def large_search(served_seed_site: ServedSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LargeSearch]:
    """The seed site's search page and assets with the search data of 600 generated articles, served over HTTP."""
    built = served_seed_site.config.output_dir
    root = tmp_path_factory.mktemp("large-search")
    shutil.copytree(built / "assets", root / "assets")
    (root / "search").mkdir()
    shutil.copy(built / "search" / "index.html", root / "search" / "index.html")
    articles, aliases = generate_articles(600, seed=11)
    write_outputs(root, make_search_files(articles, aliases).files)
    with serve_folder(root) as url:
        yield LargeSearch(url, root / "search", articles)


def _lunr_ranking(site: LargeSearch, keep: list[int] | None = None) -> list[str]:
    """The result links (as the page writes them) for QUERY when lunr scores every match, under Node; only the
    documents numbered in `keep` if given."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("needs Node")
    request: dict[str, Any] = {
        "mode": "search",
        "contract": browser_contract(),
        "folder": str(site.search_folder),
        "queries": [QUERY],
    }
    if keep is not None:
        request["keep"] = [to_ref(number) for number in keep]
    completed = subprocess.run(
        [node, str(REPO / "tests/search/lunr_node.js")],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    [answer] = json.loads(completed.stdout)
    return [f"../{path}" for path in answer["urls"]]


def _links(page: Page) -> list[str]:
    return [link.get_attribute("href") or "" for link in page.locator("#search-results .teaser-title a").all()]


def _wait_complete(page: Page) -> None:
    page.wait_for_function("() => window.COOPNEWS_SEARCH_TIMING.complete !== undefined", timeout=TIMEOUT_MS)


def test_show_more_continues_lunrs_order(page: Page, large_search: LargeSearch) -> None:
    expected = _lunr_ranking(large_search)
    assert len(expected) == len(large_search.articles)
    page.goto(f"{large_search.url}search/?q={QUERY}")
    _wait_complete(page)
    expect(page.locator("#search-status")).to_contain_text(f"{len(expected)} results")
    assert _links(page) == expected[:PAGE_SIZE]
    for shown in (2 * PAGE_SIZE, 3 * PAGE_SIZE):
        page.get_by_role("button", name="Show more results").click()
        expect(page.locator("#search-results li.teaser")).to_have_count(shown)
        assert _links(page) == expected[:shown]
        expect(page.locator("#search-results li.teaser a").nth(shown - PAGE_SIZE)).to_be_focused()


def test_a_facet_ranks_its_articles_in_lunrs_order(page: Page, large_search: LargeSearch) -> None:
    year = large_search.articles[len(large_search.articles) // 2].date
    assert year is not None
    in_year = [
        number
        for number, article in enumerate(large_search.articles)
        if article.date and article.date.year == year.year
    ]
    expected = _lunr_ranking(large_search, keep=in_year)
    assert PAGE_SIZE < len(expected) < len(large_search.articles)
    page.goto(f"{large_search.url}search/?q={QUERY}")
    _wait_complete(page)
    page.locator(f'#search-facets button[data-facet-id="y:{year.year}"]').click()
    expect(page.locator("#search-status")).to_contain_text(f"{len(expected)} results")
    assert _links(page) == expected[:PAGE_SIZE]
