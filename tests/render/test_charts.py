"""Charts and the network page: SVG marks link where the table links, numbers match, output is deterministic."""

from __future__ import annotations

import datetime as dt
import random

from coopnews.catalog import build_catalog
from coopnews.charts import Bar, HeatMap, bar_chart, heat_map
from coopnews.model import Article
from coopnews.network import build_network
from coopnews.relations import build_relations
from coopnews.render import render_pages
from tests.render.render_helpers import MakeConfig, make_article, parse_page


def _url(target: str) -> str:
    return "../" + target


def test_bar_chart_scales_to_the_largest_and_links_each_bar() -> None:
    svg = str(bar_chart([Bar("2023", 4, "archive/2023.html"), Bar("2024", 2, None), Bar("<x>", 0)], _url))
    assert svg.count("<rect") == 3
    assert 'width="190.0"' in svg and 'width="95.0"' in svg and 'width="0.0"' in svg
    assert '<a href="../archive/2023.html" tabindex="-1">' in svg and svg.count("<a ") == 1
    assert "&lt;x&gt;" in svg and "<x>" not in svg
    assert 'aria-hidden="true"' in svg


def test_heat_map_shades_by_count_and_links_only_existing_pairs() -> None:
    heat = HeatMap(
        rows=(Bar("A Uni", 5, "institutions/a.html"),),
        columns=(Bar("P1", 4, "partners/p1.html"), Bar("P2", 0, "partners/p2.html")),
        counts=((4, 0),),
        targets=(("pairs/a--p1.html", None),),
    )
    svg = str(heat_map(heat, _url))
    assert 'href="../pairs/a--p1.html"' in svg and "a--p2" not in svg
    assert 'fill-opacity="1.00"' in svg and 'class="chart-empty"' in svg
    assert "<title>A Uni and P1: 4</title>" in svg and "<title>A Uni and P2: 0</title>" in svg


def test_network_numbers(sample_articles: list[Article]) -> None:
    catalog = build_catalog(sample_articles, ())
    network = build_network(catalog, build_relations(catalog, {}))
    assert [bar.label for bar in network.heat.rows] == [
        "Wuhan University of Technology",
        "University of Science and Technology Beijing",
    ]
    assert [bar.label for bar in network.heat.columns] == ["BAIC Group", "Dongfeng Motor Group Co., Ltd."]
    assert network.heat.counts == ((1, 1), (1, 0))
    assert network.heat.targets[1] == ("pairs/university-of-science-and-technology-beijing--baic-group.html", None)
    assert [(bar.label, bar.value, bar.target) for bar in network.years] == [
        ("2021", 1, "archive/2021.html"),
        ("2022", 1, "archive/2022.html"),
        ("2023", 2, "archive/2023.html"),
        ("Year not stated", 1, "archive/undated.html"),
    ]
    assert sum(bar.value for bar in network.kinds) == len(sample_articles)
    assert [(bar.label, bar.value, bar.target) for bar in network.types] == [
        ("Enterprise", 2, "partners/#type-enterprise")
    ]
    assert network.pairs == 3


def test_network_page_links_each_mark_to_a_built_page(sample_articles: list[Article], make_config: MakeConfig) -> None:
    config = make_config()
    site = {f.path: f.data for f in render_pages(build_catalog(sample_articles, config.gazetteer), config)}
    page = parse_page(site["network/index.html"])
    anchors = [attrs for tag, attrs in page.tags if tag == "a" and "href" in attrs]
    chart_links = {attrs["href"] for attrs in anchors if attrs.get("tabindex") == "-1"}
    table_links = {attrs["href"] for attrs in anchors if "tabindex" not in attrs}
    assert chart_links and chart_links <= table_links  # every chart link is also in a table, reachable by keyboard
    assert "../partners/#type-enterprise" in chart_links
    for href in chart_links:
        target = href.removeprefix("../").split("#")[0]
        assert (target if not target.endswith("/") else target + "index.html") in site, href
    partners = parse_page(site["partners/index.html"])
    assert partners.find("h2", id="type-enterprise")


def test_network_page_is_deterministic(make_config: MakeConfig) -> None:
    articles = [
        make_article(
            f"a{i}", dt.date(2020 + i % 4, 1, 1), institutions=(f"Uni {i % 3}",), partners=(f"P{i % 7} Group",)
        )
        for i in range(40)
    ]
    config = make_config()
    first = {f.path: f.data for f in render_pages(build_catalog(articles, config.gazetteer), config)}
    random.Random(3).shuffle(articles)
    second = {f.path: f.data for f in render_pages(build_catalog(articles, config.gazetteer), config)}
    assert first["network/index.html"] == second["network/index.html"]
