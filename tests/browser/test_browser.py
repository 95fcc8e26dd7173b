"""Real-browser tests: Chromium browses the seed site under /portal/ like a reader on a phone and a desktop."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import ConsoleMessage, Page, Request, Response, expect

if TYPE_CHECKING:
    from tests.conftest import ServedSite

SCREENSHOTS = Path(__file__).resolve().parents[1] / "output" / "screenshots"
WIDTHS = {"phone": 390, "desktop": 1280}
TIMEOUT_MS = 15_000


def _first_page_in(output: Path, folder: str) -> str:
    """The target ("articles/x.html") of the first page below `folder` by name, preferring a stated group."""
    pages = sorted(path.stem for path in (output / folder).glob("*.html") if path.name != "index.html")
    assert pages, f"no pages built under {folder}/"
    stated = [name for name in pages if name != "not-stated"]
    return f"{folder}/{(stated or pages)[0]}.html"


@pytest.fixture(scope="session")
def targets(served_seed_site: ServedSite) -> dict[str, str]:
    """One page of each kind, as a path relative to base_url."""
    output = served_seed_site.config.output_dir
    return {
        "home": "",
        "article": _first_page_in(output, "articles"),
        "institution": _first_page_in(output, "institutions"),
        "partner": _first_page_in(output, "partners"),
        "institutions": "institutions/",
        "archive": "archive/",
        "search": "search/?q=cooperation",
        "404": "404.html",
    }


@pytest.fixture
def problems(page: Page) -> Iterator[list[str]]:
    """Console errors, uncaught exceptions, failed requests and error responses seen by `page`."""
    seen: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            seen.append(f"console error: {message.text} ({message.location.get('url')})")

    def on_failed(request: Request) -> None:
        seen.append(f"request failed: {request.url} ({request.failure})")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            seen.append(f"HTTP {response.status}: {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: seen.append(f"uncaught: {error}"))
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    yield seen


def _words(text: str) -> str:
    return " ".join(text.split())


def _follow(page: Page, link_selector: str) -> str:
    """Click the first link matching `link_selector` inside <main>; return its text once the next page has loaded."""
    link = page.locator("main").locator(link_selector).first
    expect(link).to_be_visible(timeout=TIMEOUT_MS)
    text = _words(link.inner_text())
    with page.expect_navigation(timeout=TIMEOUT_MS):
        link.click()
    return text


@pytest.mark.parametrize(("section", "group_folder"), [("Institutions", "institutions"), ("Partners", "partners")])
def test_reader_follows_a_group_then_an_article(page: Page, base_url: str, section: str, group_folder: str) -> None:
    page.goto(base_url)
    expect(page.locator("h1")).to_have_count(1)
    page.get_by_role("navigation", name="Main").get_by_role("link", name=section).click()
    expect(page).to_have_url(f"{base_url}{group_folder}/")
    expect(page.locator("h1")).to_have_text(section)
    group = _follow(page, f"a[href*='{group_folder}/']")
    assert page.url.startswith(f"{base_url}{group_folder}/") and page.url != f"{base_url}{group_folder}/"
    expect(page.locator("h1")).to_contain_text(re.sub(r"\s*\(\d+\)$", "", group))
    title = _follow(page, "a[href*='articles/']")
    assert page.url.startswith(f"{base_url}articles/")
    assert _words(page.locator("h1").inner_text()) == title


def test_reader_opens_an_article_from_the_home_page(page: Page, base_url: str) -> None:
    page.goto(base_url)
    title = _follow(page, "a[href*='articles/']")
    assert page.url.startswith(f"{base_url}articles/")
    assert _words(page.locator("h1").inner_text()) == title
    assert page.locator("main").inner_text().strip() != title


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("kind", ["home", "article", "institution", "partner", "search"])
def test_page_fits_the_width_with_nav_and_search_visible(
    page: Page, base_url: str, targets: dict[str, str], kind: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
    page.goto(base_url + targets[kind])
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert overflow[0] <= overflow[1], f"page is {overflow[0]} px wide in a {overflow[1]} px window"
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.locator("header input[type=search]")).to_be_visible()
    if kind in ("home", "article"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{kind}-{width}.png"), full_page=True)
        page.screenshot(path=str(SCREENSHOTS / f"{kind}-{width}-first-screen.png"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", ["home", "article", "institution", "search"])
def test_no_serious_accessibility_violations(
    page: Page, base_url: str, targets: dict[str, str], kind: str, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(base_url + targets[kind])
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    serious = [
        f"{violation['impact']} {violation['id']}: {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == []


@pytest.mark.parametrize(
    "kind", ["home", "article", "institution", "partner", "institutions", "archive", "search", "404"]
)
def test_no_console_errors(page: Page, base_url: str, targets: dict[str, str], problems: list[str], kind: str) -> None:
    page.goto(base_url + targets[kind])
    page.wait_for_load_state("networkidle")
    assert problems == []
