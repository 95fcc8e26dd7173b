"""Review stage: `build.py review` lists what waits for a person, newest first, and forgets corrected fields."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from coopnews.cli import main
from coopnews.config import Config, load_config
from coopnews.importer import import_seeds
from coopnews.review import list_review

ROOT = Path(__file__).resolve().parents[2]
#: A yearless date and a bare "HUST", which the gazetteer gives to two universities.
OLDER = (
    "HUST Signs Agreement with Dongfeng Motor Group\n\n"
    "On September 2nd, HUST signed a cooperation agreement with Dongfeng Motor Group Co., Ltd. in Wuhan.\n"
)
#: Dated, but with no headline: the title is derived.
NEWER = (
    "On March 5, 2024, a delegation from Wuhan University of Technology visited Dongfeng Motor Group Co., Ltd. "
    "and toured its factories. The guests visited the test track.\n"
)
GAZETTEER = """
gazetteer:
  institutions:
    - name: Huazhong University of Science and Technology
      aliases: [HUST]
    - name: Harbin University of Science and Technology
      aliases: [HUST]
    - name: Wuhan University of Technology
      aliases: [WUT]
"""


def make_project(root: Path) -> Config:
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "older.txt").write_text(OLDER, encoding="utf-8")
    (root / "seeds" / "newer.txt").write_text(NEWER, encoding="utf-8")
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "config.yaml").write_text("paths:\n  seeds: seeds\n  content: content\n" + GAZETTEER, encoding="utf-8")
    config = load_config(root / "config.yaml")
    assert not import_seeds(config).problems
    return config


def test_review_lists_each_doubt_with_its_reason_newest_first(tmp_path: Path) -> None:
    config = make_project(tmp_path)
    items, problems = list_review(config)
    assert not problems
    listed = [(Path(item.file).stem[:5], item.field, item.reason) for item in items]
    assert listed == [
        ("a-del", "title", "derived from the first sentence; the page has no headline"),
        ("hust-", "date", '"September 2nd" has no year'),
        (
            "hust-",
            "institutions",
            '"HUST" could be Huazhong University of Science and Technology or Harbin University of Science and '
            "Technology",
        ),
    ]


def test_a_corrected_field_is_no_longer_listed_but_the_others_are(tmp_path: Path) -> None:
    config = make_project(tmp_path)
    path = next(config.content_dir.glob("hust-*.md"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("date: null", "date: 2019-09-02", 1), encoding="utf-8")
    fields = [(Path(item.file).stem[:5], item.field) for item in list_review(config)[0]]
    assert fields == [("a-del", "title"), ("hust-", "institutions")]


def test_a_hand_written_plain_list_is_listed_without_reasons(tmp_path: Path) -> None:
    config = make_project(tmp_path)
    (config.content_dir / "by-hand.md").write_text(
        "---\ntitle: By hand\nslug: by-hand\ndate: 2025-01-01\nneeds_review:\n- partners\n---\n\nText.\n",
        encoding="utf-8",
    )
    first = list_review(config)[0][0]
    assert (first.file, first.field, first.reason) == ("content/by-hand.md", "partners", "")


def test_cli_review_text_and_json_and_strict_build_does_not_fail_on_review_items(tmp_path: Path) -> None:
    config = make_project(tmp_path)
    runner = CliRunner()
    text = runner.invoke(main, ["review", "--config", str(config.path)])
    assert text.exit_code == 0, text.output
    assert text.output.splitlines()[0].endswith(": title: derived from the first sentence; the page has no headline")
    assert text.output.splitlines()[-1] == "review: 3 item(s) in 2 file(s)"
    as_json = runner.invoke(main, ["review", "--format", "json", "--config", str(config.path)])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.output)
    assert [item["field"] for item in data] == ["title", "date", "institutions"]
    assert set(data[0]) == {"file", "slug", "date", "field", "reason"}
    build = runner.invoke(main, ["build", "--strict", "--quiet", "--config", str(config.path)])
    assert build.exit_code == 0, build.output
