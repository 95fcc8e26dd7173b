"""Sitemap: the text writer gives exactly what ElementTree gives, for any targets and dates."""

from __future__ import annotations

import datetime as dt

import pytest

from coopnews.sitemap import Sitemap, render_sitemap_tree, render_sitemap_xml
from tests.render.render_helpers import MakeConfig


@pytest.mark.parametrize(
    "entries",
    [
        (),
        (("", dt.date(2023, 1, 2)),),
        (("", None), ("articles/a&b<c>'\".html", dt.date(2020, 2, 29)), ("partners/ü ß.html", None)),
    ],
)
def test_text_sitemap_equals_the_tree(make_config: MakeConfig, entries: tuple[tuple[str, dt.date | None], ...]) -> None:
    config = make_config(base_url="https://example.org/a&b/")
    sitemap = Sitemap(entries)
    assert render_sitemap_xml(sitemap, config) == render_sitemap_tree(sitemap, config)
