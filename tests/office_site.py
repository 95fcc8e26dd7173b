"""A generated office-shaped site (bench/generate.py: one university and its partners) built in a scratch project
and served under a sub-path: unlike the five seed articles, it has pairs with timelines, paginated entity pages
and people named in many articles. Used by the link checker and the browser tests of the relationship pages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from tests.conftest import REPO, SUB_PATH, ServedSite, serve_folder

#: Articles in the generated site: enough for pairs of several articles and entity pages of several pages.
ARTICLES = 60


@contextmanager
def served_office_site(root: Path) -> Iterator[ServedSite]:
    """Generate, import and build the office corpus under `root`, served at http://127.0.0.1:<port>/portal/."""
    from bench.generate import write_corpus
    from coopnews.config import load_config
    from coopnews.pipeline import build_site, import_articles

    www = root / "www"
    www.mkdir(parents=True)
    with serve_folder(www) as server_url:
        url = f"{server_url}{SUB_PATH}/"
        write_corpus(root, ARTICLES, 1, REPO / "templates", shape="office")
        data = yaml.safe_load((root / "config.yaml").read_text(encoding="utf-8"))
        data["site"]["base_url"] = url
        data["paths"]["output"] = f"www/{SUB_PATH}"
        (root / "config.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        config = load_config(root / "config.yaml")
        import_articles(config)
        report = build_site(config)
        assert not [p for p in report.problems if p.severity == "error"], report.problems
        yield ServedSite(url=url, config=config, report=report)
