"""Open data: the catalog as files others can load — data/articles.json (every article's front-matter fields and
URL), data/cooperations.csv (one row per article × institution × partner) and data/datapackage.json, a
Frictionless Data Package describing both, with each file's size and SHA-256.

Deterministic like every other output: catalog order, sorted keys, no timestamps. The CSV starts with a UTF-8
byte order mark, so a spreadsheet opened on it reads the names' accents and dashes right. `pandas.read_csv` with
its default arguments drops the mark (checked with pandas 3.1.1, C and Python engines: the header is exactly the
field names); Python's csv module needs `encoding="utf-8-sig"`, or the mark stays in the first column's name.
tests/site/test_open_data_loads.py loads a built site's files with pandas and checks them with the frictionless
validator against the descriptor (bytes, SHA-256, row count, field types and enums).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coopnews import urls
from coopnews.catalog import Catalog
from coopnews.config import Config
from coopnews.content.write import source_record
from coopnews.model import KINDS, Article, OutputFile
from coopnews.relations import PARTNER_TYPES, partner_type, stated_types

ARTICLES = f"{urls.DATA}articles.json"
COOPERATIONS = f"{urls.DATA}cooperations.csv"
DATAPACKAGE = f"{urls.DATA}datapackage.json"
#: Every file render_open_data writes, for the build to plan them.
PATHS = (ARTICLES, COOPERATIONS, DATAPACKAGE)

#: The CSV's columns with their Table Schema type and meaning; the descriptor is made from this list.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("date", "date", "Date of the article, when its text states the year (ISO 8601); empty otherwise"),
    ("date_text", "string", "The date as the article words it, with or without a year"),
    ("kind", "string", "Kind of cooperation"),
    ("institution", "string", "Canonical name of the institution; empty when the article names none"),
    ("partner", "string", "Canonical name of the partner; empty when the article names none"),
    ("partner_type", "string", "Type of the partner: from the gazetteer, else from the shape of its name"),
    ("title", "string", "Title of the article"),
    ("url", "string", "Address of the article's page"),
)


@dataclass(frozen=True)
class OpenDataFile:
    """One open-data file to write (`path`, one of PATHS): what all three are made from, the articles in catalog
    order and each partner's type. The data package describes the other two (size and digest), so it is made
    with them."""

    path: str
    articles: tuple[Article, ...]
    partner_types: tuple[tuple[str, str], ...]


def list_open_data(catalog: Catalog, config: Config) -> list[OpenDataFile]:
    """The three open-data files of the site built from `catalog`."""
    stated = stated_types(config.gazetteer)
    types = tuple((group.name, partner_type(group.name, stated.get(group.name))) for group in catalog.partners)
    return [OpenDataFile(path, catalog.articles, types) for path in PATHS]


def render_open_data_file(job: OpenDataFile, config: Config) -> OutputFile:
    """One of data/articles.json, data/cooperations.csv and data/datapackage.json."""
    if job.path == ARTICLES:
        return OutputFile(ARTICLES, _LAST_ARTICLES_JSON.of(job.articles, config))
    cooperations = _cooperations_csv(job.articles, config, dict(job.partner_types))
    if job.path == COOPERATIONS:
        return OutputFile(COOPERATIONS, cooperations)
    articles = _LAST_ARTICLES_JSON.of(job.articles, config)
    return OutputFile(DATAPACKAGE, _datapackage(config, articles, cooperations, _row_count(job.articles)))


class _LastJson:
    """articles.json for the last (articles, config) asked for in this process, by identity.

    The data package needs that file's bytes (for its size and digest) and is rendered right after it, by the
    same process in the same chunk of jobs: making the JSON again would cost 0.4 s at 10,000 articles. Both
    inputs are held, so their ids cannot be reused while the bytes are kept.
    """

    def __init__(self) -> None:
        self._last: tuple[Sequence[Article], Config, bytes] | None = None

    def of(self, articles: Sequence[Article], config: Config) -> bytes:
        last = self._last
        if last is not None and last[0] is articles and last[1] is config:
            return last[2]
        data = _articles_json(articles, config)
        self._last = (articles, config, data)
        return data


_LAST_ARTICLES_JSON = _LastJson()


def render_open_data(catalog: Catalog, config: Config) -> list[OutputFile]:
    """data/articles.json, data/cooperations.csv and data/datapackage.json describing them."""
    return [render_open_data_file(job, config) for job in list_open_data(catalog, config)]


def _article_url(config: Config, article: Article) -> str:
    return urls.absolute_url(config.base_url, urls.article_target(article))


def _articles_json(articles: Sequence[Article], config: Config) -> bytes:
    records = [
        {
            "slug": article.slug,
            "title": article.title,
            "date": article.date.isoformat() if article.date else None,
            "date_text": article.date_text,
            "institutions": list(article.institutions),
            "partners": list(article.partners),
            "organizations": list(article.organizations),
            "aliases": {name: list(spellings) for name, spellings in article.aliases},
            "people": [
                {"name": person.name, "role": person.role, "organization": person.organization}
                for person in article.people
            ],
            "places": list(article.places),
            "tags": list(article.tags),
            "kind": article.kind,
            "summary": article.summary,
            "source": source_record(article.source),  # as the content file writes it
            "needs_review": list(article.needs_review),
            "url": _article_url(config, article),
        }
        for article in articles
    ]
    # One article a line: readable, diffable, and written by json's C encoder (indent= falls back to Python's,
    # five times slower at 10,000 articles).
    lines = [json.dumps(record, ensure_ascii=False, sort_keys=True) for record in records]
    return ("[\n" + ",\n".join(lines) + ("\n]\n" if lines else "]\n")).encode("utf-8")


def _rows(article: Article) -> list[tuple[str, str]]:
    """(institution, partner) for each row of one article: every pair, and a side left empty when not stated."""
    return [(i, p) for i in article.institutions or ("",) for p in article.partners or ("",)]


def _row_count(articles: Sequence[Article]) -> int:
    return sum(len(_rows(article)) for article in articles)


def _cooperations_csv(articles: Sequence[Article], config: Config, types: dict[str, str]) -> bytes:
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([name for name, _type, _doc in COLUMNS])
    for article in articles:
        date = article.date.isoformat() if article.date else ""
        url = _article_url(config, article)
        for institution, partner in _rows(article):
            kind = types.get(partner, "") if partner else ""
            writer.writerow(
                [date, article.date_text or "", article.kind, institution, partner, kind, article.title, url]
            )
    return "\ufeff".encode() + stream.getvalue().encode("utf-8")


def _datapackage(config: Config, articles: bytes, cooperations: bytes, rows: int) -> bytes:
    fields: list[dict[str, Any]] = [{"name": name, "type": kind, "description": doc} for name, kind, doc in COLUMNS]
    constraints = {"kind": {"enum": list(KINDS)}, "partner_type": {"enum": ["", *PARTNER_TYPES]}}
    for item in fields:
        if item["name"] in constraints:
            item["constraints"] = constraints[item["name"]]
        if item["name"] == "url":
            item["format"] = "uri"
    package = {
        "profile": "data-package",  # not "tabular-data-package": articles.json is not a table
        "name": "cooperation-news",
        "title": config.title,
        "description": config.description,
        "homepage": config.base_url,
        "resources": [
            {
                "name": "cooperations",
                "path": "cooperations.csv",
                "profile": "tabular-data-resource",
                "title": "One row per article, institution and partner",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "bytes": len(cooperations),
                "hash": "sha256:" + hashlib.sha256(cooperations).hexdigest(),
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "header": True},
                "schema": {"fields": fields, "missingValues": [""]},
                "rows": rows,
            },
            {
                "name": "articles",
                "path": "articles.json",
                "profile": "data-resource",
                "title": "Every article's front-matter fields and its URL",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "bytes": len(articles),
                "hash": "sha256:" + hashlib.sha256(articles).hexdigest(),
            },
        ],
    }
    return (json.dumps(package, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")
