"""Fixtures for the render stage: a scratch config using the repository's templates, and sample articles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from coopnews.config import Config, load_config
from coopnews.model import Article, Person, Source
from tests.render.render_helpers import BASE_URL, REPO_TEMPLATES, MakeConfig, make_article


@pytest.fixture
def make_config(tmp_path: Path) -> MakeConfig:
    """Write a config.yaml in tmp_path (templates default to the repository's) and load it."""

    def make(templates: Path = REPO_TEMPLATES, base_url: str = BASE_URL, per_page: int = 3, **gazetteer: Any) -> Config:
        data = {
            "site": {"title": "Coop News", "base_url": base_url, "per_page": per_page, "language": "en"},
            "paths": {"templates": str(templates), "output": "site"},
            "gazetteer": gazetteer
            or {"institutions": [{"name": "Wuhan University of Technology", "aliases": ["WUT"]}]},
        }
        path = tmp_path / "config.yaml"
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
        return load_config(path)

    return make


@pytest.fixture
def sample_articles() -> list[Article]:
    """A small catalog: two institutions, partners shared and missing, one undated article, one with aliases."""
    return [
        make_article(
            "wut-dongfeng",
            dt.date(2023, 11, 19),
            date_text="19 November 2023",
            institutions=("Wuhan University of Technology",),
            partners=("Dongfeng Motor Group Co., Ltd.",),
            aliases=(("Dongfeng Motor Group Co., Ltd.", ("Dongfeng",)),),
            people=(Person("ZHANG Wei", "President", "Wuhan University of Technology"),),
            places=("Wuhan",),
            kind="agreement-signing",
            summary="WUT and Dongfeng sign a framework agreement.",
            source=Source("000_wut.txt", "0" * 64),
        ),
        make_article(
            "ustb-baic",
            dt.date(2023, 5, 2),
            institutions=("University of Science and Technology Beijing",),
            partners=("BAIC Group",),
            kind="visit",
        ),
        make_article(
            "wut-baic", dt.date(2022, 1, 7), institutions=("Wuhan University of Technology",), partners=("BAIC Group",)
        ),
        make_article(
            "forum-no-partner", dt.date(2021, 3, 3), institutions=("Wuhan University of Technology",), kind="forum"
        ),
        make_article("undated-visit", None, date_text="19/11", partners=("BAIC Group",), kind="visit"),
    ]
