"""The relationship pages in Chromium: an entity page, a pair page, the network page and the people directory —
accessibility (axe) at phone and desktop widths in both colour schemes, fit, the reader's paths between them, and
the charts without JavaScript and in print. On a generated office-shaped site (tests/office_site.py): the five seed
articles have no pair of two articles, so no pair page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.conftest import ServedSite
from tests.office_site import served_office_site

WIDTHS = {"phone": 390, "desktop": 1280}
TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    with served_office_site(tmp_path_factory.mktemp("office-site")) as site:
        yield site


@pytest.fixture(scope="module")
def office_url(office: ServedSite) -> str:
    """The office site's home page, http://127.0.0.1:<port>/portal/."""
    return office.url


@pytest.fixture(scope="module")
def portal_targets(office: ServedSite) -> dict[str, str]:
    """One page of each relationship kind, relative to base_url: the institution with the most pairs, one of
    its pair pages, the network page, the people directory and a person's page."""
    output = office.config.output_dir
    pairs = sorted(path.name for path in (output / "pairs").glob("*.html"))
    assert pairs, "no pair pages built"
    institutions = [name.split("--")[0] for name in pairs]
    busiest = max(sorted(set(institutions)), key=institutions.count)
    people = sorted(path.name for path in (output / "people").glob("*-*.html"))
    assert people, "no person pages built"
    return {
        "entity": f"institutions/{busiest}.html",
        "pair": f"pairs/{pairs[0]}",
        "network": "network/",
        "people": "people/",
        "person": f"people/{people[0]}",
    }


def _serious(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['impact']} {violation['id']}: {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("kind", ["entity", "pair", "network", "people", "person"])
def test_no_serious_accessibility_violations_and_the_page_fits(
    page: Page, office_url: str, portal_targets: dict[str, str], kind: str, width: int, scheme: str
) -> None:
    page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(office_url + portal_targets[kind])
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert overflow[0] <= overflow[1], f"page is {overflow[0]} px wide in a {overflow[1]} px window"
    assert _serious(page) == []


def test_reader_goes_from_an_entity_to_a_pair_to_an_article(
    page: Page, office_url: str, portal_targets: dict[str, str]
) -> None:
    page.goto(office_url + portal_targets["entity"])
    row = page.locator("table.counterparts tbody tr").first
    partner = row.locator("th a").inner_text()
    with page.expect_navigation(timeout=TIMEOUT_MS):
        row.locator("th a").click()
    assert "/pairs/" in page.url
    expect(page.locator("h1")).to_contain_text(partner)
    title = page.locator(".timeline h2 a").first.inner_text()
    with page.expect_navigation(timeout=TIMEOUT_MS):
        page.locator(".timeline h2 a").first.click()
    expect(page.locator("h1")).to_have_text(title)


def test_reader_goes_from_an_article_to_a_person(page: Page, office_url: str, portal_targets: dict[str, str]) -> None:
    page.goto(office_url + portal_targets["pair"])
    with page.expect_navigation(timeout=TIMEOUT_MS):
        page.locator(".timeline h2 a").first.click()
    person = page.locator("ul.people a").first
    name = person.inner_text()
    with page.expect_navigation(timeout=TIMEOUT_MS):
        person.click()
    assert "/people/" in page.url
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator("main ol.compact-list a").first).to_be_visible()


def test_a_heat_map_cell_leads_to_its_pair(page: Page, office_url: str) -> None:
    page.goto(office_url + "network/")
    cell = page.locator("svg.chart-heat a[href*='pairs/']").first
    with page.expect_navigation(timeout=TIMEOUT_MS):
        cell.click()
    assert "/pairs/" in page.url
    expect(page.locator("ol.timeline li").first).to_be_visible()


def test_charts_show_without_javascript_and_in_print(browser: Browser, office_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(office_url + "network/")
        charts = page.locator("svg.chart")
        expect(charts).to_have_count(4)
        for index in range(4):
            box = charts.nth(index).bounding_box()
            assert box is not None and box["width"] > 100 and box["height"] > 20
        page.emulate_media(media="print")
        expect(charts.first).to_be_visible()
        expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
        fill = page.evaluate("getComputedStyle(document.querySelector('svg .chart-bar')).fill")
        assert fill in ("rgb(51, 51, 51)", "#333")
    finally:
        context.close()
