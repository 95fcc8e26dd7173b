"""Open data: the descriptor matches the files it describes — names, types, enums, row count, bytes, hash."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import random
from typing import Any

import pytest

from coopnews.catalog import build_catalog
from coopnews.model import Article
from coopnews.open_data import render_open_data
from tests.render.render_helpers import BASE_URL, MakeConfig, make_article


@pytest.fixture
def files(sample_articles: list[Article], make_config: MakeConfig) -> dict[str, bytes]:
    hostile = make_article(
        "quotes",
        dt.date(2024, 2, 29),
        title='A "quoted", comma; title\nover two lines',
        institutions=("Wuhan University of Technology", "Üniversity, of Commas"),
        partners=("BAIC Group", "People's Government of Nanning"),
    )
    config = make_config()
    catalog = build_catalog([*sample_articles, hostile], config.gazetteer)
    return {f.path: f.data for f in render_open_data(catalog, config)}


def _check_value(value: str, field: dict[str, Any], missing: list[str]) -> None:
    if value in missing:
        return
    if field["type"] == "date":
        dt.date.fromisoformat(value)
    if "enum" in field.get("constraints", {}):
        assert value in field["constraints"]["enum"], (field["name"], value)
    if field.get("format") == "uri":
        assert value.startswith(BASE_URL), value


def test_descriptor_matches_the_csv(files: dict[str, bytes]) -> None:
    package = json.loads(files["data/datapackage.json"])
    [resource] = [r for r in package["resources"] if r["name"] == "cooperations"]
    data = files["data/" + resource["path"]]
    assert data.startswith("\ufeff".encode()) and resource["encoding"] == "utf-8-sig"
    assert resource["bytes"] == len(data)
    assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    header, *rows = list(reader)
    fields = resource["schema"]["fields"]
    assert header == [field["name"] for field in fields]
    assert len(rows) == resource["rows"]
    for row in rows:
        assert len(row) == len(fields)
        for value, field in zip(row, fields, strict=True):
            _check_value(value, field, resource["schema"]["missingValues"])
    # one row per article × institution × partner; a side the article does not state is left empty
    quotes = [row for row in rows if row[-1].endswith("articles/quotes.html")]
    assert len(quotes) == 4 and quotes[0][6] == 'A "quoted", comma; title\nover two lines'
    assert {(row[3], row[4], row[5]) for row in quotes} >= {("Üniversity, of Commas", "BAIC Group", "enterprise")}
    assert ("Wuhan University of Technology", "People's Government of Nanning", "government") in {
        (row[3], row[4], row[5]) for row in quotes
    }
    undated = [row for row in rows if row[-1].endswith("articles/undated-visit.html")]
    assert undated == [["", "19/11", "visit", "", "BAIC Group", "enterprise", "Title of undated-visit", undated[0][-1]]]
    no_partner = [row for row in rows if row[-1].endswith("articles/forum-no-partner.html")]
    assert [row[4:6] for row in no_partner] == [["", ""]]


def test_descriptor_matches_the_json(files: dict[str, bytes]) -> None:
    package = json.loads(files["data/datapackage.json"])
    [resource] = [r for r in package["resources"] if r["name"] == "articles"]
    data = files["data/" + resource["path"]]
    assert resource["bytes"] == len(data)
    assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    records = json.loads(data)
    assert [record["slug"] for record in records][:2] == ["quotes", "wut-dongfeng"]
    first = next(record for record in records if record["slug"] == "wut-dongfeng")
    assert first["url"] == BASE_URL + "articles/wut-dongfeng.html"
    assert first["people"] == [
        {"name": "ZHANG Wei", "role": "President", "organization": "Wuhan University of Technology"}
    ]
    assert first["date"] == "2023-11-19" and first["aliases"] == {"Dongfeng Motor Group Co., Ltd.": ["Dongfeng"]}
    assert {"title", "date_text", "institutions", "partners", "kind", "summary", "source", "needs_review"} <= set(first)


def test_open_data_is_deterministic(sample_articles: list[Article], make_config: MakeConfig) -> None:
    config = make_config()
    first = render_open_data(build_catalog(sample_articles, config.gazetteer), config)
    shuffled = sample_articles[:]
    random.Random(1).shuffle(shuffled)
    assert render_open_data(build_catalog(shuffled, config.gazetteer), config) == first
