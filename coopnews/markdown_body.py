"""Render: article bodies from Markdown to HTML that is safe to put in a page.

Article text comes from pasted web pages and hand edits, so raw HTML in it is never trusted:
Python-Markdown converts, then nh3 keeps only a short list of harmless tags and attributes.
"""

from __future__ import annotations

import markdown
import nh3

_TAGS = {
    "p", "a", "em", "strong", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "code", "pre", "br", "hr",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href"}}
_URL_SCHEMES = {"http", "https", "mailto"}


class BodyRenderer:
    """Converts article bodies; one instance per build so Markdown and the sanitiser are set up once.

    Not thread-safe (Python-Markdown keeps state between `reset()` calls); use one per thread or process.
    """

    def __init__(self) -> None:
        self._markdown = markdown.Markdown(extensions=["tables"], output_format="html")
        self._cleaner = nh3.Cleaner(
            tags=_TAGS,
            attributes=_ATTRIBUTES,
            url_schemes=_URL_SCHEMES,
            link_rel="noopener noreferrer",
            strip_comments=True,
        )

    def render(self, text: str) -> str:
        """Markdown `text` as sanitised HTML: no script, no event handlers, no javascript: links."""
        html = self._markdown.reset().convert(text)
        return self._cleaner.clean(html)
