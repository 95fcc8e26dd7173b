"""Pipeline: import + build of the sample project end to end — golden files, determinism, atomicity, bad input."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from coopnews.config import Config
from coopnews.errors import BuildFailed
from coopnews.pipeline import build_site, import_articles
from tests.pipeline.conftest import read_tree

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "seed-site"


def _import_and_build(config: Config) -> dict[str, bytes]:
    report = import_articles(config)
    assert not report.problems
    build = build_site(config)
    assert build.problems == ()
    return read_tree(config.output_dir)


def test_seed_site_matches_golden_files(project: Config) -> None:
    """Set UPDATE_GOLDEN=1 to rewrite tests/golden/seed-site, then review the diff before committing.

    assets/ is left out of the golden files: it is templates/assets/ and lunr.js copied as they are, which
    test_assets_are_copied_as_they_are checks against their sources.
    """
    built = {path: data for path, data in _import_and_build(project).items() if not path.startswith("assets/")}
    if os.environ.get("UPDATE_GOLDEN") == "1":
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for path, data in built.items():
            target = GOLDEN / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    golden = read_tree(GOLDEN)
    assert sorted(built) == sorted(golden), "set of files differs from tests/golden/seed-site (UPDATE_GOLDEN=1)"
    for path in sorted(golden):
        assert built[path] == golden[path], f"{path} differs from the golden file (UPDATE_GOLDEN=1 to review)"


def test_two_builds_are_byte_identical(project: Config, tmp_path: Path) -> None:
    first = _import_and_build(project)
    other = replace(project, output_dir=tmp_path / "other-site")
    build_site(other)
    assert read_tree(other.output_dir) == first


def test_bad_content_file_is_skipped_and_named(project: Config) -> None:
    import_articles(project)
    bad = project.content_dir / "broken.md"
    bad.write_text("---\ntitle: Broken\ndate: 19/11\n---\nBody.\n", encoding="utf-8")
    report = build_site(project)
    assert report.skipped == 1
    assert any("broken.md:3" in str(p) and "date" in str(p) for p in report.problems)
    assert report.articles == 5
    assert (project.output_dir / "index.html").exists()


def test_strict_build_fails_and_keeps_previous_site(project: Config) -> None:
    before = _import_and_build(project)
    (project.content_dir / "broken.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as caught:
        build_site(project, strict=True)
    assert "broken.md:3: invalid YAML" in str(caught.value)
    assert "started on line 2" in str(caught.value)
    assert read_tree(project.output_dir) == before


def test_template_error_keeps_previous_site(project: Config) -> None:
    before = _import_and_build(project)
    base = project.templates_dir / "base.html"
    base.write_text(base.read_text(encoding="utf-8") + "\n{% if %}\n", encoding="utf-8")
    with pytest.raises(Exception) as caught:
        build_site(project)
    assert "base.html" in str(caught.value)
    assert read_tree(project.output_dir) == before


def test_removed_article_disappears_from_site(project: Config) -> None:
    before = _import_and_build(project)
    article_pages = sorted(p for p in before if p.startswith("articles/") and p.endswith(".html"))
    slug = article_pages[0].split("/")[1].removesuffix(".html")
    (project.content_dir / f"{slug}.md").unlink()
    build_site(project)
    after = read_tree(project.output_dir)
    assert f"articles/{slug}.html" not in after
    assert not any(
        f"articles/{slug}.html" in data.decode("utf-8", "replace") for p, data in after.items() if p.endswith(".html")
    )


def test_assets_are_copied_as_they_are(project: Config) -> None:
    built = _import_and_build(project)
    sources = read_tree(project.templates_dir / "assets")
    assert {path: built[f"assets/{path}"] for path in sources} == sources
    lunr = Path(__file__).resolve().parents[2] / "node_modules" / "lunr" / "lunr.min.js"
    assert built["assets/lunr.min.js"] == lunr.read_bytes()
