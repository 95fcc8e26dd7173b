"""Import: seeds become content files; hand edits are never lost; slugs stay stable, unique and safe."""

from __future__ import annotations

import codecs
import dataclasses
import hashlib
import json
from pathlib import Path

import pytest

import coopnews.importer
from coopnews.config import Config, load_config
from coopnews.content import parse_article
from coopnews.errors import CoopNewsError
from coopnews.extract import Known
from coopnews.importer import ImportReport, import_seeds
from coopnews.model import Article, Organization, RawArticle

FIRST = (
    "USTB Signs Strategic Cooperation Agreement with BAIC Group\n\n"
    "On November 19, 2023, the University of Science and Technology Beijing (USTB) and BAIC Group signed a "
    "strategic cooperation agreement in Beijing.\n\n"
    "Both sides will build a joint laboratory for new energy vehicles.\n"
)
SECOND = (
    "WUT Delegation Visits Dongfeng Motor Group\n\n"
    "On September 2nd, a delegation from Wuhan University of Technology visited Dongfeng Motor Group Co., Ltd. "
    "in Wuhan.\n\n"
    "The two sides discussed talent training and joint research.\n"
)


def make_project(root: Path, seeds: dict[str, bytes | str]) -> Config:
    """A scratch project: config.yaml, seeds/ with the given files, no content/ yet."""
    (root / "seeds").mkdir(parents=True)
    (root / "config.yaml").write_text("paths:\n  seeds: seeds\n  content: content\n", encoding="utf-8")
    for name, data in seeds.items():
        write_seed(root, name, data)
    return load_config(root / "config.yaml")


def write_seed(root: Path, name: str, data: bytes | str) -> None:
    (root / "seeds" / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def content_files(config: Config) -> dict[str, bytes]:
    """Every file under content/ (dotfiles included), by path relative to it."""
    return {
        str(path.relative_to(config.content_dir)): path.read_bytes()
        for path in sorted(config.content_dir.rglob("*"))
        if path.is_file()
    }


def article_of(config: Config, report_path: str) -> Article:
    path = config.path.parent / report_path
    return parse_article(path.read_text(encoding="utf-8"), report_path)


def ledger_of(config: Config) -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = json.loads((config.content_dir / ".import-ledger.json").read_text("utf-8"))
    return data


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def counts(report: ImportReport) -> tuple[int, int, int, int, int]:
    return (
        len(report.imported),
        len(report.updated),
        len(report.unchanged),
        len(report.protected),
        len(report.problems),
    )


def test_import_writes_one_content_file_per_seed_and_a_ledger(tmp_path: Path) -> None:
    config = make_project(tmp_path, {"b.txt": SECOND, "a.txt": FIRST})
    report = import_seeds(config)
    assert counts(report) == (2, 0, 0, 0, 0)
    first, second = (article_of(config, path) for path in report.imported)
    assert first.source is not None and second.source is not None
    assert (first.source.file, second.source.file) == ("a.txt", "b.txt")
    assert first.source.sha256 == sha(FIRST.encode("utf-8"))
    assert "joint laboratory for new energy vehicles" in first.body
    ledger_text = (config.content_dir / ".import-ledger.json").read_text("utf-8")
    ledger = json.loads(ledger_text)
    assert ledger_text == json.dumps(ledger, sort_keys=True, indent=1) + "\n"
    for seed, path, article in (("a.txt", report.imported[0], first), ("b.txt", report.imported[1], second)):
        assert ledger[seed]["slug"] == article.slug
        assert path == f"content/{article.slug}.md"
        assert ledger[seed]["content_sha256"] == sha((config.path.parent / path).read_bytes())
        assert ledger[seed]["seed_sha256"] == article.source.sha256  # type: ignore[union-attr]
    assert not [name for name in content_files(config) if name.endswith(".tmp")]


def test_a_second_import_changes_nothing(tmp_path: Path) -> None:
    config = make_project(tmp_path, {"a.txt": FIRST, "b.txt": SECOND})
    first_report = import_seeds(config)
    before = content_files(config)
    report = import_seeds(config)
    assert counts(report) == (0, 0, 2, 0, 0)
    assert report.unchanged == first_report.imported
    assert content_files(config) == before


def test_the_same_seeds_always_give_the_same_bytes(tmp_path: Path) -> None:
    seeds: dict[str, bytes | str] = {"a.txt": FIRST, "b.txt": SECOND, "c.txt": FIRST}
    one, two = make_project(tmp_path / "one", seeds), make_project(tmp_path / "two", seeds)
    import_seeds(one)
    import_seeds(two, progress=True)
    assert content_files(one) == content_files(two)


def test_a_changed_seed_is_reimported_under_the_slug_it_already_has(tmp_path: Path) -> None:
    config = make_project(tmp_path, {"a.txt": FIRST, "b.txt": SECOND})
    path = import_seeds(config).imported[0]
    changed = FIRST.replace("USTB Signs", "USTB and BAIC Sign").replace("vehicles.", "vehicles and batteries.")
    write_seed(tmp_path, "a.txt", changed)
    report = import_seeds(config)
    assert counts(report) == (0, 1, 1, 0, 0)
    assert report.updated == (path,)
    article = article_of(config, path)
    assert "new energy vehicles and batteries" in article.body
    assert article.source is not None and article.source.sha256 == sha(changed.encode("utf-8"))
    assert ledger_of(config)["a.txt"]["seed_sha256"] == article.source.sha256


def test_a_seed_added_later_is_imported_and_the_others_are_left_alone(tmp_path: Path) -> None:
    config = make_project(tmp_path, {"b.txt": SECOND})
    import_seeds(config)
    before = content_files(config)
    write_seed(tmp_path, "a.txt", FIRST)
    report = import_seeds(config)
    assert counts(report) == (1, 0, 1, 0, 0)
    after = content_files(config)
    assert {name: data for name, data in after.items() if name in before and not name.startswith(".")} == {
        name: data for name, data in before.items() if not name.startswith(".")
    }
    assert set(ledger_of(config)) == {"a.txt", "b.txt"}


def test_a_hand_edit_is_kept_and_reported_when_its_seed_changes(tmp_path: Path) -> None:
    config = make_project(tmp_path, {"a.txt": FIRST, "b.txt": SECOND})
    path = import_seeds(config).imported[0]
    content = config.path.parent / path
    edited = content.read_text("utf-8").replace("joint laboratory", "joint laboratory (edited by hand)")
    content.write_text(edited, encoding="utf-8")

    report = import_seeds(config)  # seed unchanged: nothing to say, the edit stays
    assert counts(report) == (0, 0, 1, 1, 0)
    assert report.protected == (path,)

    write_seed(tmp_path, "a.txt", FIRST + "\nA sentence added to the seed.\n")
    report = import_seeds(config)
    assert counts(report) == (0, 0, 1, 1, 1)
    assert [str(p) for p in report.problems] == [
        f"{path}: warning: was edited by hand since import; kept it, so the changes to seeds/a.txt are not "
        "imported. Use --force to re-import (the edited file is backed up to content/.backup/ first)"
    ]
    assert content.read_text("utf-8") == edited


def test_force_reimports_a_hand_edited_file_after_backing_it_up(tmp_path: Path) -> None:
    config = make_project(tmp_path, {"a.txt": FIRST, "b.txt": SECOND})
    path = import_seeds(config).imported[0]
    content = config.path.parent / path
    original = content.read_bytes()
    edited = original.replace(b"joint laboratory", b"joint laboratory (edited by hand)")
    content.write_bytes(edited)

    report = import_seeds(config, force=True)
    assert counts(report) == (0, 1, 1, 0, 0)
    assert content.read_bytes() == original
    slug = Path(path).stem
    backup = config.content_dir / ".backup" / f"{slug}.{sha(edited)[:12]}.md"
    assert backup.read_bytes() == edited
    assert ledger_of(config)["a.txt"]["content_sha256"] == sha(original)


def test_a_deleted_content_file_is_written_again(tmp_path: Path) -> None:
    config = make_project(tmp_path, {"a.txt": FIRST})
    path = import_seeds(config).imported[0]
    original = (config.path.parent / path).read_bytes()
    (config.path.parent / path).unlink()
    assert import_seeds(config).imported == (path,)
    assert (config.path.parent / path).read_bytes() == original


def test_seeds_with_the_same_title_get_distinct_slugs_in_seed_name_order(tmp_path: Path) -> None:
    config = make_project(tmp_path, {"c.txt": FIRST, "a.txt": FIRST, "b.txt": FIRST + "\nOne more sentence.\n"})
    report = import_seeds(config)
    slug = Path(report.imported[0]).stem
    assert report.imported == (f"content/{slug}.md", f"content/{slug}-2.md", f"content/{slug}-3.md")
    ledger = ledger_of(config)
    assert [ledger[name]["slug"] for name in ("a.txt", "b.txt", "c.txt")] == [slug, f"{slug}-2", f"{slug}-3"]
    assert counts(import_seeds(config)) == (0, 0, 3, 0, 0)  # stable on re-import


def test_a_hand_written_file_is_never_overwritten_the_article_takes_another_slug(tmp_path: Path) -> None:
    probe = make_project(tmp_path / "probe", {"a.txt": FIRST})
    slug = Path(import_seeds(probe).imported[0]).stem
    config = make_project(tmp_path / "project", {"a.txt": FIRST})
    config.content_dir.mkdir()
    hand = config.content_dir / f"{slug}.md"
    hand.write_text("---\ntitle: Written by hand\n---\n\nMine.\n", encoding="utf-8")
    assert import_seeds(config).imported == (f"content/{slug}-2.md",)
    for force in (False, True):
        import_seeds(config, force=force)
        assert hand.read_text("utf-8") == "---\ntitle: Written by hand\n---\n\nMine.\n"
    assert ledger_of(config)["a.txt"]["slug"] == f"{slug}-2"


def test_an_unsafe_slug_from_the_extractor_is_made_safe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = coopnews.importer.extract_article

    def unsafe(raw: RawArticle, gazetteer: tuple[Organization, ...], known: Known | None = None) -> Article:
        return dataclasses.replace(real(raw, gazetteer, known), slug="../../Etc/Passwd")

    monkeypatch.setattr(coopnews.importer, "extract_article", unsafe)
    config = make_project(tmp_path, {"a.txt": FIRST})
    assert import_seeds(config).imported == ("content/etc-passwd.md",)


def test_a_seed_whose_extraction_fails_is_reported_and_the_others_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = coopnews.importer.extract_article

    def fragile(raw: RawArticle, gazetteer: tuple[Organization, ...], known: Known | None = None) -> Article:
        if raw.file == "b.txt":
            raise IndexError("list index out of range")
        return real(raw, gazetteer, known)

    monkeypatch.setattr(coopnews.importer, "extract_article", fragile)
    config = make_project(tmp_path, {"a.txt": FIRST, "b.txt": SECOND, "c.txt": SECOND + "\nMore.\n"})
    report = import_seeds(config)
    assert counts(report) == (2, 0, 0, 0, 1)
    assert [str(p) for p in report.problems] == [
        "seeds/b.txt: extraction failed (IndexError: list index out of range); please report it with this seed"
    ]
    assert set(ledger_of(config)) == {"a.txt", "c.txt"}


def test_a_damaged_ledger_stops_the_import_before_anything_is_written(tmp_path: Path) -> None:
    config = make_project(tmp_path, {"a.txt": FIRST})
    config.content_dir.mkdir()
    (config.content_dir / ".import-ledger.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(CoopNewsError, match=r"^content/\.import-ledger\.json: the import ledger is damaged"):
        import_seeds(config)
    assert list(content_files(config)) == [".import-ledger.json"]


HTML = "<html><body><h1>WUT Delegation Visits Dongfeng</h1><p>On September 2nd, the visit took place.</p></body></html>"

# Every bad-input case of the issue, each beside a good seed: (seed bytes, phrase the content must hold).
IMPORTED = [
    pytest.param(codecs.BOM_UTF16_LE + SECOND.encode("utf-16-le"), "joint research", id="utf-16 LE"),
    pytest.param(codecs.BOM_UTF16_BE + SECOND.encode("utf-16-be"), "joint research", id="utf-16 BE"),
    pytest.param(codecs.BOM_UTF8 + SECOND.encode("utf-8"), "joint research", id="utf-8 BOM"),
    pytest.param(SECOND.replace("Wuhan.", "武汉 “Wuhan”.").encode("gb18030"), "武汉 “Wuhan”", id="gb18030"),
    pytest.param(SECOND.replace("Wuhan.", "武汉 “Wuhan”.").encode("gbk"), "武汉 “Wuhan”", id="gbk"),
    pytest.param(SECOND.replace("Wuhan.", "Wuhan’s “café”.").encode("cp1252"), "Wuhan’s “café”", id="cp1252"),
    pytest.param(SECOND.replace("Wuhan.", "Wuhan, Zoë.").encode("latin-1"), "Wuhan, Zoë", id="latin-1"),
    pytest.param(SECOND.replace("\n", "\r\n").encode("utf-8"), "talent training", id="CRLF"),
    pytest.param(SECOND.replace("\n", "\r").encode("utf-8"), "talent training", id="CR"),
    pytest.param(HTML.encode("utf-8"), "the visit took place", id="HTML"),
]


@pytest.mark.parametrize(("data", "phrase"), IMPORTED)
def test_odd_but_readable_seeds_are_imported(tmp_path: Path, data: bytes, phrase: str) -> None:
    config = make_project(tmp_path, {"a.txt": FIRST, "b.txt": data})
    report = import_seeds(config)
    assert counts(report) == (2, 0, 0, 0, 0)
    article = article_of(config, report.imported[1])
    text = "\n".join([article.title, article.summary, article.body])
    assert phrase in text
    assert "\r" not in text and "<" not in text


REJECTED = [
    pytest.param(b"", "the file is empty", id="empty"),
    pytest.param(b"  \n\t \r\n", "only whitespace", id="whitespace"),
    pytest.param(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00", "NUL bytes", id="binary"),
    pytest.param(b"\x01\x02\x03\x04\x05\x06" * 100, "mostly control bytes", id="control bytes"),
    pytest.param(b" " * (10 * 1024 * 1024), "10.0 MB, over the 2 MB limit", id="10 MB"),
]


@pytest.mark.parametrize(("data", "reason"), REJECTED)
def test_unreadable_seeds_are_rejected_in_one_line_and_the_others_import(
    tmp_path: Path, data: bytes, reason: str
) -> None:
    config = make_project(tmp_path, {"a.txt": FIRST, "b.txt": data, "c.txt": SECOND})
    report = import_seeds(config)
    assert counts(report) == (2, 0, 0, 0, 1)
    (problem,) = report.problems
    assert str(problem).startswith("seeds/b.txt: ")
    assert reason in str(problem)
    assert set(ledger_of(config)) == {"a.txt", "c.txt"}


def test_files_written_before_the_ledger_was_lost_are_adopted_not_duplicated(tmp_path: Path) -> None:
    config = make_project(tmp_path, {"a.txt": FIRST, "b.txt": FIRST})
    first = import_seeds(config)
    ledger = (config.content_dir / ".import-ledger.json").read_bytes()
    (config.content_dir / ".import-ledger.json").unlink()  # as if the import had been killed before saving it
    report = import_seeds(config)
    assert counts(report) == (0, 0, 2, 0, 0)
    assert report.unchanged == first.imported
    assert (config.content_dir / ".import-ledger.json").read_bytes() == ledger
