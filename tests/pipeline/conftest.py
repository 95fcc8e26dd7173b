"""Fixtures for whole-pipeline tests: a scratch copy of the sample project in tmp_path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coopnews.config import Config, load_config

REPO = Path(__file__).resolve().parents[2]


def make_project(root: Path, base_url: str = "https://example.org/portal/") -> Config:
    """Copy seeds/, templates/ and config.yaml into `root` (never the repository's own folders)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "seeds", root / "seeds")
    shutil.copytree(REPO / "templates", root / "templates")
    text = (REPO / "config.yaml").read_text(encoding="utf-8")
    text = text.replace("base_url: https://example.org/portal/", f"base_url: {base_url}")
    (root / "config.yaml").write_text(text, encoding="utf-8")
    return load_config(root / "config.yaml")


@pytest.fixture
def project(tmp_path: Path) -> Config:
    return make_project(tmp_path / "project")


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` by relative path, for byte-for-byte comparisons."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
