"""Fixtures for reading content/: a scratch project (seeds, templates, config) in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopnews.config import Config
from tests.pipeline.conftest import make_project


@pytest.fixture
def project(tmp_path: Path) -> Config:
    return make_project(tmp_path / "project")
