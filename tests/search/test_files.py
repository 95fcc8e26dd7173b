"""make_search_files: the files it makes, their determinism, the store, the browser scripts and the lunr.js it
copies."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from coopnews.errors import CoopNewsError
from coopnews.model import Article
from coopnews.search import make_search_files
from coopnews.search.contract import (
    CONTRACT_GLOBAL,
    CONTRACT_JS,
    ENGINE_JS,
    FIRST_PAYLOAD,
    LUNR_JS,
    PAGE_JS,
    SNIPPETS_JS,
    browser_contract,
    to_ref,
)
from tests.conftest import write_outputs
from tests.search.conftest import REPO, NodeRunner


def _script_data(script: bytes) -> Any:
    """The data a search script sets: `name=JSON.parse('...');`, the string with only \\ and \\' escaped."""
    text = script.decode("ascii")
    quoted = text[text.index("JSON.parse('") + len("JSON.parse('") : text.rindex("');")]
    return json.loads(re.sub(r"\\(.)", r"\1", quoted))


def _by_path(articles: list[Article], aliases: dict[str, list[str]]) -> dict[str, bytes]:
    return {output.path: output.data for output in make_search_files(articles, aliases).files}


def test_files_are_lunr_the_first_payload_and_body_shards(
    seed_articles: list[Article], seed_aliases: dict[str, list[str]]
) -> None:
    files = _by_path(seed_articles, seed_aliases)
    assert set(FIRST_PAYLOAD) <= set(files)
    assert files[LUNR_JS] == (REPO / "node_modules/lunr/lunr.min.js").read_bytes()
    shards = [path for path in files if path.startswith("search/body/")]
    assert shards and set(files) == {*FIRST_PAYLOAD, SNIPPETS_JS, *shards}
    listed = _script_data(files["search/meta.js"])["shards"]
    assert sorted(f"search/{name}" for name in listed.values()) == sorted(shards)


def test_builds_are_byte_identical(seed_articles: list[Article], seed_aliases: dict[str, list[str]]) -> None:
    assert _by_path(seed_articles, seed_aliases) == _by_path(seed_articles, seed_aliases)


def test_the_browser_scripts_are_copied_as_they_are_with_the_contract_they_read(
    seed_articles: list[Article], seed_aliases: dict[str, list[str]]
) -> None:
    files = _by_path(seed_articles, seed_aliases)
    browser = REPO / "coopnews/search/browser"
    assert (files[ENGINE_JS], files[PAGE_JS]) == (
        (browser / "engine.js").read_bytes(),
        (browser / "page.js").read_bytes(),
    )
    assert files[CONTRACT_JS].startswith(f"self.{CONTRACT_GLOBAL}=".encode())
    assert _script_data(files[CONTRACT_JS]) == browser_contract()


def test_the_search_page_loads_the_first_payload_in_order() -> None:
    """templates/search.html names the first payload's scripts, the data before the scripts that read it."""
    template = (REPO / "templates/search.html").read_text(encoding="utf-8")
    assert re.findall(r"<script src=\"\{\{ url\('([^']+)'\) \}\}\"></script>", template) == list(FIRST_PAYLOAD)


def test_an_empty_catalog_builds(seed_aliases: dict[str, list[str]]) -> None:
    files = _by_path([], seed_aliases)
    assert set(files) == {*FIRST_PAYLOAD, SNIPPETS_JS}
    store = _script_data(files["search/store.js"])
    assert store == {"d": [], "g": [], "i": [], "k": [], "kinds": [], "names": [], "p": [], "t": [], "u": []}


@pytest.mark.parametrize(
    ("summary", "snippet"),
    [
        (
            '**Bold** and `code` with [a link](https://example.org/x "t") and snake_case',
            "Bold and code with a link and snake_case",
        ),
        ("# Heading\n\n> quoted\n- item one\n2. item two", "Heading quoted item one item two"),
        ("Home > News > Content: 3 < 4", "Home > News > Content: 3 < 4"),
        ("word " * 100, ("word " * 31).strip() + "…"),
    ],
)
def test_snippets_are_plain_text(seed_articles: list[Article], summary: str, snippet: str) -> None:
    article = replace(seed_articles[0], summary=summary)
    snippets = _script_data(_by_path([article], {})[SNIPPETS_JS])
    assert snippets == [snippet]


@pytest.mark.node
def test_store_holds_what_a_result_shows(
    run_node: NodeRunner, search_folder: Path, seed_articles: list[Article]
) -> None:
    store = run_node("store", folder=str(search_folder))
    assert len(store) == len(seed_articles)
    for number, article in enumerate(seed_articles):
        entry = store[to_ref(number)]
        assert entry["u"] == f"articles/{article.slug}.html"
        assert (entry["t"], entry["i"], entry["p"], entry["k"]) == (
            article.title,
            list(article.institutions),
            list(article.partners),
            article.kind,
        )
        assert entry["d"] == (article.date.isoformat() if article.date else None)
        assert 0 < len(entry["s"]) <= 160
        assert " ".join((article.summary or article.body).split()).startswith(entry["s"].rstrip("…"))


@pytest.mark.node
def test_hostile_text_reaches_the_page_unchanged(
    run_node: NodeRunner, tmp_path: Path, seed_articles: list[Article]
) -> None:
    title = "It's a \\ 'quote' \"test\" </script><script>alert(1)</script> \u2028 line \u2029 para \u00e9 \u4e2d 😀"
    article = replace(seed_articles[0], title=title, summary=title)
    write_outputs(tmp_path, make_search_files([article], {}).files)
    store = run_node("store", folder=str(tmp_path / "search"))
    assert store["0"]["t"] == title
    assert store["0"]["s"] == " ".join(title.split())


def test_missing_lunr_asks_for_make_setup(
    tmp_path: Path, seed_articles: list[Article], seed_aliases: dict[str, list[str]]
) -> None:
    with pytest.raises(CoopNewsError, match="make setup"):
        make_search_files(seed_articles, seed_aliases, node_modules=tmp_path)


def test_another_lunr_version_is_refused(tmp_path: Path, seed_articles: list[Article]) -> None:
    package = tmp_path / "lunr"
    package.mkdir()
    (package / "package.json").write_text('{"version": "2.3.8"}', encoding="utf-8")
    (package / "lunr.min.js").write_text("/* lunr */", encoding="utf-8")
    with pytest.raises(CoopNewsError, match=r"expected lunr\.js 2\.3\.9, found 2\.3\.8"):
        make_search_files(seed_articles, {}, node_modules=tmp_path)
