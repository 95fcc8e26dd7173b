"""Helpers for the render tests: Article values stating only the fields a test checks, and a page parser."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from coopnews.config import Config
from coopnews.model import Article

REPO_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
BASE_URL = "https://example.org/portal/"

#: The make_config fixture: make_config(templates=..., base_url=..., per_page=..., **gazetteer) -> Config.
MakeConfig = Callable[..., Config]


def make_article(slug: str, date: dt.date | None = None, **fields: Any) -> Article:
    """An Article with a title and body derived from its slug, so tests state only what they check."""
    fields.setdefault("title", f"Title of {slug}")
    fields.setdefault("body", f"Body of {slug}.")
    return Article(slug=slug, date=date, **fields)


@dataclass
class ParsedPage:
    """What the render tests look at in an HTML page: every tag's attributes, scripts, title and text."""

    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    scripts: list[tuple[dict[str, str], str]] = field(default_factory=list)
    title: str = ""
    text: str = ""

    def links(self) -> list[str]:
        """Every href, src and form action in the page."""
        return [attrs[key] for _tag, attrs in self.tags for key in ("href", "src", "action") if key in attrs]

    def meta(self, key: str) -> list[str]:
        """The content of <meta name=key> or <meta property=key> elements."""
        return [
            attrs.get("content", "")
            for tag, attrs in self.tags
            if tag == "meta" and key in (attrs.get("name"), attrs.get("property"))
        ]

    def find(self, tag: str, **wanted: str) -> list[dict[str, str]]:
        """Attributes of the `tag` elements whose attributes include `wanted` (use class_ for class)."""
        wanted = {key.rstrip("_"): value for key, value in wanted.items()}
        return [attrs for name, attrs in self.tags if name == tag and wanted.items() <= attrs.items()]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._script: dict[str, str] | None = None
        self._in_title = False
        self._chunks: list[str] = []
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.page.tags.append((tag, values))
        if tag == "script":
            self._script, self._chunks = values, []
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.page.scripts.append((self._script, "".join(self._chunks)))
            self._script = None
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._chunks.append(data)
        elif self._in_title:
            self.page.title += data
        else:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self.page.text = " ".join(" ".join(self._text).split())


def parse_page(data: bytes) -> ParsedPage:
    """Parse a rendered page with the standard library's HTML parser (as forgiving as a browser's tokenizer)."""
    parser = _Parser()
    parser.feed(data.decode("utf-8"))
    parser.close()
    return parser.page
