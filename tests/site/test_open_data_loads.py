"""Open data as others load it: a really built site's data/ read by pandas and checked by the frictionless validator.

tests/render/test_open_data.py checks the descriptor against the files by hand; here the tools a reader would use
do it, on the seed site plus one hand-written article whose title and names are hostile to CSV and to ASCII.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import frictionless
import pandas as pd
import pytest

from coopnews.config import Config
from coopnews.pipeline import build_site, import_articles
from tests.pipeline.conftest import make_project

BASE_URL = "https://example.org/portal/"
HOSTILE_TITLE = 'A "quoted", comma; title\nover two lines'
INSTITUTIONS = ("Université de Montréal", "Üniversity, of Commas")
PARTNERS = ("Zürich Instruments AG", "北京汽车集团有限公司")
HOSTILE = (
    "---\n"
    f"title: {json.dumps(HOSTILE_TITLE)}\n"
    "slug: hostile\n"
    "date: 2024-02-29\n"
    f"institutions: {json.dumps(list(INSTITUTIONS), ensure_ascii=False)}\n"
    f"partners: {json.dumps(list(PARTNERS), ensure_ascii=False)}\n"
    "kind: joint-lab\n"
    "---\n\nA joint lab whose names and title a careless CSV writer would break.\n"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Config:
    """The seeds imported and built once for the module, with the hostile article added to content/."""
    config = make_project(tmp_path_factory.mktemp("open-data") / "project", base_url=BASE_URL)
    import_articles(config)
    (config.content_dir / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    report = build_site(config)
    assert report.problems == () and report.articles == len(list(config.seeds_dir.glob("*.txt"))) + 1
    return config


def _data(config: Config) -> Path:
    return config.output_dir / "data"


def _resource(config: Config, name: str) -> dict[str, Any]:
    package = json.loads((_data(config) / "datapackage.json").read_text(encoding="utf-8"))
    [resource] = [r for r in package["resources"] if r["name"] == name]
    return dict(resource)


def _errors(report: frictionless.Report) -> list[tuple[str, str]]:
    return [(error_type, note) for error_type, note in report.flatten(["type", "note"])]


def test_the_frictionless_validator_finds_the_package_valid(built: Config) -> None:
    report = frictionless.validate(str(_data(built) / "datapackage.json"))
    assert report.valid, _errors(report)
    assert report.stats["errors"] == 0 and report.stats["warnings"] == 0
    tasks = {task.name: task for task in report.tasks}
    assert sorted(tasks) == ["articles", "cooperations"]  # both files were read, not just the descriptor
    table = tasks["cooperations"]
    assert table.type == "table" and table.stats["rows"] == _resource(built, "cooperations")["rows"]


def _change_one_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    at = data.index("Zürich".encode())
    data[at] = ord("S")  # same length, still valid UTF-8 and a valid row: only the digest can tell
    path.write_bytes(bytes(data))


def _drop_last_row(path: Path) -> None:
    lines = path.read_bytes().split(b"\r\n")
    assert lines[-1] == b"" and b"hostile" not in lines[-2]  # the last row is an ordinary one-line row
    path.write_bytes(b"\r\n".join([*lines[:-2], b""]))


def _rewrite_and_rehash(old: bytes, new: bytes) -> Callable[[Path], None]:
    """Replace `old` in the CSV and restate its bytes and hash, so only the schema can catch the change."""

    def damage(path: Path) -> None:
        data = path.read_bytes()
        assert old in data
        data = data.replace(old, new, 1)
        path.write_bytes(data)
        descriptor = path.parent / "datapackage.json"
        package = json.loads(descriptor.read_text(encoding="utf-8"))
        [resource] = [r for r in package["resources"] if r["path"] == path.name]
        resource["bytes"], resource["hash"] = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
        descriptor.write_text(json.dumps(package), encoding="utf-8")

    return damage


@pytest.mark.parametrize(
    ("file", "damage", "expected"),
    [
        ("cooperations.csv", _change_one_byte, {"hash-count"}),
        ("articles.json", _change_one_byte, {"hash-count"}),
        ("cooperations.csv", _drop_last_row, {"hash-count", "byte-count", "row-count"}),
        ("cooperations.csv", _rewrite_and_rehash(b",joint-lab,", b",joint-lap,"), {"constraint-error"}),
        ("cooperations.csv", _rewrite_and_rehash(b"2024-02-29,", b"2024-02-30,"), {"type-error"}),
    ],
    ids=["csv-byte", "json-byte", "csv-row", "csv-kind-not-in-enum", "csv-impossible-date"],
)
def test_the_validator_fails_a_damaged_copy(
    built: Config, tmp_path: Path, file: str, damage: Callable[[Path], None], expected: set[str]
) -> None:
    """The descriptor is really checked (bytes, hash, rows, enums, types): damage a copy and it is caught."""
    copy = tmp_path / "data"
    shutil.copytree(_data(built), copy)
    damage(copy / file)
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert {error_type for error_type, _note in _errors(report)} == expected, _errors(report)


@pytest.mark.parametrize("options", [{}, {"engine": "python"}], ids=["defaults", "python-engine"])
def test_pandas_reads_the_csv_without_options(built: Config, options: dict[str, str]) -> None:
    path = _data(built) / "cooperations.csv"
    resource = _resource(built, "cooperations")
    assert path.read_bytes().startswith("\ufeff".encode())  # the mark spreadsheets need is there...
    frame = pd.read_csv(path, **options)
    # ...and pandas drops it: the header is exactly the schema's field names
    assert list(frame.columns) == [field["name"] for field in resource["schema"]["fields"]]
    assert len(frame) == resource["rows"]
    hostile = frame[frame["url"] == BASE_URL + "articles/hostile.html"]
    assert set(hostile["title"]) == {HOSTILE_TITLE}
    assert sorted(zip(hostile["institution"], hostile["partner"], strict=True)) == sorted(
        (institution, partner) for institution in INSTITUTIONS for partner in PARTNERS
    )
    kinds = next(field for field in resource["schema"]["fields"] if field["name"] == "kind")
    assert set(frame["kind"]) <= set(kinds["constraints"]["enum"])


def test_pandas_and_json_read_one_record_per_article_with_its_url(built: Config) -> None:
    path = _data(built) / "articles.json"
    frame = pd.read_json(path)
    records = json.loads(path.read_text(encoding="utf-8"))
    pages = sorted((built.output_dir / "articles").glob("*.html"))
    assert len(frame) == len(records) == len(pages)
    assert list(frame["url"]) == [record["url"] for record in records]
    assert sorted(frame["url"]) == sorted(BASE_URL + "articles/" + page.name for page in pages)
    hostile = records[[record["slug"] for record in records].index("hostile")]
    assert (hostile["title"], hostile["institutions"], hostile["partners"]) == (
        HOSTILE_TITLE,
        list(INSTITUTIONS),
        list(PARTNERS),
    )
