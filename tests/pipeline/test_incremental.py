"""Incremental builds: after each kind of change, a build that reuses .cache/ equals a clean build byte for byte."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from coopnews.config import Config, load_config
from coopnews.pipeline import build_site, import_articles
from tests.pipeline.conftest import read_tree


def _first_content_file(config: Config, offset: int = 0) -> Path:
    return sorted(config.content_dir.glob("*.md"))[offset]


def _edit_body(config: Config) -> None:
    path = _first_content_file(config)
    path.write_text(path.read_text(encoding="utf-8") + "\nA sentence added by hand.\n", encoding="utf-8")


def _edit_partner(config: Config) -> None:
    path = _first_content_file(config, 1)
    text = path.read_text(encoding="utf-8")
    text, count = re.subn(r"^partners:\n(- .*\n)+", "partners:\n- Renamed Partner Ltd.\n", text, count=1, flags=re.M)
    assert count == 1
    path.write_text(text, encoding="utf-8")


def _add_article(config: Config) -> None:
    (config.content_dir / "added-by-hand.md").write_text(
        "---\ntitle: Added by hand\ndate: 2024-05-06\ninstitutions: [Wuhan University of Technology]\n"
        "partners: [New Partner Co., Ltd.]\nkind: visit\n---\n\nA visit written by hand.\n",
        encoding="utf-8",
    )


def _delete_article(config: Config) -> None:
    _first_content_file(config, 2).unlink()


def _change_template(config: Config) -> None:
    path = config.templates_dir / "base.html"
    path.write_text(path.read_text(encoding="utf-8").replace("</footer>", "<p>Changed.</p></footer>"), "utf-8")


def _change_config(config: Config) -> None:
    config.path.write_text(
        config.path.read_text(encoding="utf-8").replace("per_page: 10", "per_page: 2"), encoding="utf-8"
    )


CHANGES: dict[str, Callable[[Config], None]] = {
    "edit body": _edit_body,
    "edit partner": _edit_partner,
    "add article": _add_article,
    "delete article": _delete_article,
    "change template": _change_template,
    "change config": _change_config,
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_incremental_build_equals_clean_build(project: Config, tmp_path: Path, change: str) -> None:
    import_articles(project)
    build_site(project)
    CHANGES[change](project)
    incremental = build_site(load_config(project.path))
    assert not incremental.up_to_date

    assert read_tree(project.output_dir) == _clean_build_of(project, tmp_path)


def _clean_build_of(project: Config, tmp_path: Path) -> dict[str, bytes]:
    """Build a copy of the project with no .cache/ and no site/, and return its files."""
    clean_root = tmp_path / "clean"
    shutil.copytree(project.path.parent, clean_root, ignore=shutil.ignore_patterns(".cache", "site"))
    clean = load_config(clean_root / "config.yaml")
    build_site(clean)
    return read_tree(clean.output_dir)


def test_no_change_rebuild_is_up_to_date_and_keeps_timestamps(project: Config) -> None:
    import_articles(project)
    build_site(project)
    stamps = {p: p.stat().st_mtime_ns for p in project.output_dir.rglob("*") if p.is_file()}
    report = build_site(project)
    assert report.up_to_date
    assert report.rendered == 0
    assert {p: p.stat().st_mtime_ns for p in project.output_dir.rglob("*") if p.is_file()} == stamps


def test_one_edit_rerenders_only_pages_that_show_the_article(project: Config) -> None:
    import_articles(project)
    first = build_site(project)
    before = {p: p.stat().st_mtime_ns for p in project.output_dir.rglob("*") if p.is_file()}
    _edit_body(project)
    report = build_site(project)
    assert 0 < report.rendered < first.rendered
    after = {p: p.stat().st_mtime_ns for p in project.output_dir.rglob("*") if p.is_file()}
    unchanged = [p for p in before if after.get(p) == before[p]]
    assert (project.output_dir / "404.html") in unchanged
    assert (project.output_dir / "assets" / "style.css") in unchanged


def test_site_removed_by_hand_is_rebuilt(project: Config) -> None:
    import_articles(project)
    build_site(project)
    shutil.rmtree(project.output_dir)
    report = build_site(project)
    assert not report.up_to_date
    assert (project.output_dir / "index.html").is_file()


def test_damaged_cache_is_ignored(project: Config, tmp_path: Path) -> None:
    import_articles(project)
    build_site(project)
    (project.path.parent / ".cache" / "build.pickle").write_bytes(b"not a pickle")
    _edit_body(project)
    assert not build_site(project).up_to_date
    assert read_tree(project.output_dir) == _clean_build_of(project, tmp_path)


def test_no_change_rebuild_reads_only_the_summary(project: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole cache is tens of MB at scale; a build with nothing to do must not load it."""
    from coopnews.incremental import cache

    import_articles(project)
    build_site(project)

    def fail(config: Config) -> None:
        raise AssertionError("the whole cache was loaded for a build with nothing to do")

    monkeypatch.setattr(cache, "load_content_memo", fail)
    report = build_site(project)
    assert report.up_to_date
    assert report.articles == 5


def test_an_edit_rewrites_only_the_content_memo_bucket_of_the_edited_file(project: Config) -> None:
    """The content memo (tens of MB at scale) is saved in buckets; an edit rewrites one of them."""
    import_articles(project)
    build_site(project)
    buckets = sorted((project.path.parent / ".cache").glob("content-*.pickle"))
    assert len(buckets) > 1
    before = {path.name: path.stat().st_mtime_ns for path in buckets}
    _edit_body(project)
    build_site(load_config(project.path))
    after = {path.name: path.stat().st_mtime_ns for path in sorted((project.path.parent / ".cache").glob("content-*"))}
    assert after.keys() == before.keys()
    assert sum(after[name] != before[name] for name in before) == 1
