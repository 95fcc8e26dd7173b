"""The search files in a whole build: the browser scripts are copied among them, and editing one re-renders no page
(they live beside the package, not in templates/, so no page's fingerprint holds them)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import coopnews.search.files
from coopnews.config import load_config
from coopnews.pipeline import build_site, import_articles
from coopnews.search.contract import ENGINE_JS, FIRST_PAYLOAD, PAGE_JS
from tests.pipeline.conftest import make_project, read_tree
from tests.search.conftest import REPO


@pytest.mark.parametrize("script", ["engine.js", "page.js"])
def test_editing_a_search_script_re_renders_no_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str
) -> None:
    project = make_project(tmp_path / "project")
    import_articles(project)
    build_site(project)
    before = read_tree(project.output_dir)
    assert {path for path in FIRST_PAYLOAD if path.startswith("assets/")} <= set(before)
    browser = tmp_path / "browser"
    shutil.copytree(REPO / "coopnews/search/browser", browser)
    edited = (browser / script).read_bytes() + b"// edited\n"
    (browser / script).write_bytes(edited)
    monkeypatch.setattr(coopnews.search.files, "BROWSER_DIR", browser)
    # The up-to-date check sees edits to the package's own scripts (incremental.fingerprints.code_digest); this
    # copy lies outside the package, so a content file is touched (same bytes) to make the next build run.
    content = sorted(project.content_dir.glob("*.md"))[0]
    os.utime(content, ns=(content.stat().st_atime_ns, content.stat().st_mtime_ns + 10**9))
    report = build_site(load_config(project.path))
    assert not report.up_to_date and report.rendered == 0
    after = read_tree(project.output_dir)
    changed = {path for path in after if after[path] != before.get(path)}
    assert changed == {ENGINE_JS if script == "engine.js" else PAGE_JS}
    assert after[ENGINE_JS if script == "engine.js" else PAGE_JS] == edited
