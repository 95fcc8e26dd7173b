"""The search page in Chromium: typing, facets (named with any character), links, shareable URLs, history, junk
queries and file://."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import quote

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from coopnews.model import Article
from coopnews.search import make_search_files
from tests.conftest import serve_folder, write_outputs

if TYPE_CHECKING:
    from tests.conftest import ServedSite

TIMEOUT_MS = 15_000
JUNK = ["WUT: agreement", "Guangxi~", "agreement^", "+", "-", "*", '"Dongfeng', "agreement'", "x" * 2000]


@pytest.fixture
def errors(page: Page) -> Iterator[list[str]]:
    """Console errors and uncaught exceptions on `page` (the browser's own favicon request aside)."""
    seen: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and not message.location.get("url", "").endswith("favicon.ico"):
            seen.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: seen.append(f"uncaught: {error}"))
    yield seen


def _results(page: Page) -> list[str]:
    return page.locator("#search-results .teaser-title a").all_inner_texts()


def _status(page: Page) -> str:
    return page.locator("#search-status").inner_text()


def _count(page: Page) -> int:
    """The result count the live region announces, once body shards and snippets are in (they may add matches)."""
    page.wait_for_function("() => window.COOPNEWS_SEARCH_TIMING.complete !== undefined", timeout=TIMEOUT_MS)
    expect(page.locator("#search-status")).to_contain_text(re.compile(r"\d+ results? for"), timeout=TIMEOUT_MS)
    return int(_status(page).split()[0])


def test_typing_shows_results_with_highlights_and_announces_the_count(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}search/")
    box = page.get_by_label("Search the news")
    box.fill("cooperation")
    count = _count(page)
    assert count == page.locator("#search-results li.teaser").count() > 0
    expect(page.locator("#search-results mark").first).to_have_text(re.compile("cooperation", re.IGNORECASE))
    expect(page.locator("#search-results .teaser-summary")).to_have_count(count, timeout=TIMEOUT_MS)
    assert page.locator("#search-status").get_attribute("aria-live") == "polite"
    assert page.locator("main #search-results").count() == 1


def test_a_query_url_runs_on_load_and_survives_a_reload(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}search/?q=agreement")
    count = _count(page)
    titles = _results(page)
    page.reload()
    assert _count(page) == count and _results(page) == titles
    expect(page.get_by_label("Search the news")).to_have_value("agreement")


def test_submitting_records_history_and_back_restores_the_previous_query(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}search/?q=agreement")
    first = (_count(page), _results(page))
    box = page.get_by_label("Search the news")
    box.fill("Dongfeng")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"\?q=Dongfeng$"))
    second = (_count(page), _results(page))
    assert second != first
    page.go_back()
    expect(page).to_have_url(re.compile(r"\?q=agreement$"))
    expect(page.get_by_label("Search the news")).to_have_value("agreement")
    assert (_count(page), _results(page)) == first


def test_a_facet_filters_the_results_from_the_keyboard(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}search/?q=cooperation")
    total = _count(page)
    partners = page.locator("#search-facets section", has=page.get_by_role("heading", name="Partner"))
    facet = partners.locator("button.facet-value").first
    name = facet.locator(".facet-name").inner_text()
    expected = int(facet.locator(".facet-count").inner_text())
    facet.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"partner=" + re.escape(quote(name, safe="").replace("%20", "+"))))
    assert _count(page) == expected <= total
    for line in page.locator("#search-results .teaser-meta").all_inner_texts():
        assert name in line
    pressed = partners.locator("button[aria-pressed=true]")
    expect(pressed).to_have_count(1)
    expect(pressed).to_be_focused()
    page.keyboard.press(" ")
    assert _count(page) == total


def test_a_result_link_opens_its_article(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}search/?q=cooperation")
    link = page.locator("#search-results .teaser-title a").first
    title = " ".join(link.inner_text().split())
    with page.expect_navigation(timeout=TIMEOUT_MS):
        link.click()
    assert page.url.startswith(f"{base_url}articles/")
    assert " ".join(page.locator("h1").inner_text().split()) == title


def test_no_results_explains_and_suggests(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}search/?q=zzqxv")
    expect(page.locator("#search-status")).to_have_text("No results for “zzqxv”.", timeout=TIMEOUT_MS)
    empty = page.locator("#search-results .search-empty")
    expect(empty).to_contain_text("No articles match")
    expect(empty.get_by_role("link", name="institutions")).to_have_attribute("href", "../institutions/")


@pytest.mark.parametrize("junk", JUNK, ids=lambda text: text[:20])
def test_junk_queries_never_throw(page: Page, base_url: str, errors: list[str], junk: str) -> None:
    page.goto(f"{base_url}search/?q={quote(junk)}")
    expect(page.locator("#search-status")).not_to_be_empty(timeout=TIMEOUT_MS)
    page.get_by_label("Search the news").fill(junk + " agreement")
    page.get_by_label("Search the news").press("Enter")
    expect(page.locator("#search-status")).to_contain_text("agreement", timeout=TIMEOUT_MS)
    page.wait_for_load_state("networkidle")
    assert errors == []


def test_search_works_from_the_file_system(page: Page, served_seed_site: ServedSite, errors: list[str]) -> None:
    search_page = served_seed_site.config.output_dir / "search" / "index.html"
    page.goto(f"{search_page.as_uri()}?q=cooperation")
    assert _count(page) > 0
    page.locator("#search-facets button.facet-value").first.click()
    page.get_by_label("Search the news").fill("agreement")
    page.get_by_label("Search the news").press("Enter")
    assert _count(page) > 0
    href = page.locator("#search-results .teaser-title a").first.get_attribute("href")
    assert href and href.startswith("../articles/")
    with page.expect_navigation(timeout=TIMEOUT_MS):
        page.locator("#search-results .teaser-title a").first.click()
    assert page.url.startswith((served_seed_site.config.output_dir / "articles").as_uri())
    assert errors == []


def test_the_page_has_a_message_for_readers_without_javascript(page: Page, base_url: str) -> None:
    """Chromium with JavaScript off still parses <noscript> as text, so read the element rather than the screen."""
    page.goto(f"{base_url}search/")
    message = page.locator("main noscript")
    expect(message).to_have_count(1)
    text = message.text_content() or ""
    assert "Search needs JavaScript" in text and 'href="../institutions/"' in text


#: Partner names a selector built from them would break on (issue 12: a newline threw from querySelector).
HOSTILE_NAMES = [
    "Line\nbreak Works",
    'Quote " Works',
    "Bracket ] [x] Works",
    "Back\\slash Works",
    "All '\"]\\\n\t} Works",
]


@pytest.fixture(scope="module")
def hostile_names_url(served_seed_site: ServedSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed site's search page and assets with the search data of one article per HOSTILE_NAMES partner."""
    built = served_seed_site.config.output_dir
    root = tmp_path_factory.mktemp("hostile-names")
    shutil.copytree(built / "assets", root / "assets")
    (root / "search").mkdir()
    shutil.copy(built / "search" / "index.html", root / "search" / "index.html")
    articles = [
        Article(
            slug=f"hostile-{number}",
            title=f"Joint laboratory opened with partner {number}",
            body="The laboratory will train engineers.",
            institutions=("Hubei University",),
            partners=(name,),
            kind="joint-lab",
        )
        for number, name in enumerate(HOSTILE_NAMES)
    ]
    write_outputs(root, make_search_files(articles, {}).files)
    with serve_folder(root) as url:
        yield url


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=repr)
def test_a_facet_named_with_any_character_filters_and_keeps_the_focus(
    page: Page, hostile_names_url: str, errors: list[str], name: str
) -> None:
    page.goto(f"{hostile_names_url}search/?q=laboratory")
    assert _count(page) == len(HOSTILE_NAMES)
    partners = page.locator("#search-facets section", has=page.get_by_role("heading", name="Partner"))
    buttons = partners.locator("button.facet-value")
    expect(buttons).to_have_count(len(HOSTILE_NAMES))
    [facet] = [button for button in buttons.all() if button.locator(".facet-name").text_content() == name]
    facet.focus()
    page.keyboard.press("Enter")
    assert _count(page) == 1
    pressed = partners.locator("button[aria-pressed=true]")
    expect(pressed).to_have_count(1)
    expect(pressed).to_be_focused()
    assert pressed.locator(".facet-name").text_content() == name
    page.keyboard.press("Enter")
    assert _count(page) == len(HOSTILE_NAMES)
    expect(partners.locator("button[aria-pressed=false]").filter(has_text=name.split()[0]).first).to_be_focused()
    assert errors == []


@pytest.fixture(scope="module")
def tagged_url(served_seed_site: ServedSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed site's search page and assets with the search data of three articles, two of them tagged."""
    built = served_seed_site.config.output_dir
    root = tmp_path_factory.mktemp("tagged")
    shutil.copytree(built / "assets", root / "assets")
    (root / "search").mkdir()
    shutil.copy(built / "search" / "index.html", root / "search" / "index.html")
    tags: list[tuple[str, ...]] = [("hydrogen", "internships"), ("hydrogen",), ()]
    articles = [
        Article(
            slug=f"tagged-{number}",
            title=f"Joint laboratory number {number}",
            body="The laboratory will train engineers.",
            institutions=("Hubei University",),
            partners=("Dongfang Electric",),
            tags=topics,
        )
        for number, topics in enumerate(tags)
    ]
    write_outputs(root, make_search_files(articles, {}).files)
    with serve_folder(root) as url:
        yield url


def test_the_topic_facet_counts_tagged_articles_and_filters(page: Page, tagged_url: str, errors: list[str]) -> None:
    page.goto(f"{tagged_url}search/?q=laboratory")
    assert _count(page) == 3
    topics = page.locator("#search-facets section", has=page.get_by_role("heading", name="Topic"))
    names = [text.strip() for text in topics.locator("button.facet-value .facet-name").all_text_contents()]
    counts = [text.strip() for text in topics.locator("button.facet-value .facet-count").all_text_contents()]
    assert list(zip(names, counts, strict=True)) == [("hydrogen", "2"), ("internships", "1")]  # no "Not stated"
    topics.locator("button.facet-value", has_text="hydrogen").click()
    assert _count(page) == 2
    assert "topic=hydrogen" in page.url
    assert errors == []
