"""Render: article bodies from Markdown to HTML that is safe to put in a page.

Article text comes from pasted web pages and hand edits, so raw HTML in it is never trusted:
Python-Markdown converts, then nh3 keeps only a short list of harmless tags and attributes. Python-Markdown
has inputs whose time grows with the square of their size (every "[" searches for its partner, so 8,000 "!["
take 13 s) and recursion that nesting exhausts; `body_limit_problem` bounds each body before it is rendered, so
one hostile file cannot make every build slow.
"""

from __future__ import annotations

import re
from typing import Any

import nh3

_TAGS = {
    "p", "a", "em", "strong", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "code", "pre", "br", "hr",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href"}}
_URL_SCHEMES = {"http", "https", "mailto"}


#: Bounds on one body, each far above what a news article needs and low enough that the worst body within all
#: of them renders in well under a second (measured: 1,000 "[" 0.15 s, 1,000 "<a " 0.07 s, 2,000 list items
#: 0.13 s, 500,000 characters of ordinary Markdown 0.75 s).
MAX_BODY_CHARACTERS = 500_000
MAX_OPEN_BRACKETS = 1_000
MAX_TAG_OPENINGS = 1_000
MAX_LIST_ITEMS = 2_000
MAX_LINE_PREFIX = 128  # leading spaces, ">" and list markers of one line: 32 levels of four-space nesting

_UNESCAPED_BRACKET = re.compile(r"(?<!\\)\[")
_TAG_OPENING = re.compile(r"<[A-Za-z/!?]")
_LIST_ITEM = re.compile(r"^[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]", re.MULTILINE)
_LONG_PREFIX = re.compile(rf"^(?:[ \t>]|(?:[-*+]|\d{{1,9}}[.)])(?=[ \t])){{{MAX_LINE_PREFIX}}}", re.MULTILINE)


def body_limit_problem(text: str) -> tuple[str, int] | None:
    """Why `text` is too big or too deeply nested to render safely, and the line (of the body) where; or None.

    The cheap counts (str.count, in C) come first; the exact ones only run when a cheap one is over its bound.
    """
    if len(text) > MAX_BODY_CHARACTERS:
        return f"the body is {len(text):,} characters, over {MAX_BODY_CHARACTERS:,}; split it into articles", 1
    if text.count("[") > MAX_OPEN_BRACKETS:
        brackets = list(_UNESCAPED_BRACKET.finditer(text))
        if len(brackets) > MAX_OPEN_BRACKETS:
            where = _line_at(text, brackets[MAX_OPEN_BRACKETS].start())
            return f"more than {MAX_OPEN_BRACKETS:,} '[' (links); write a literal bracket as '\\['", where
    if text.count("<") > MAX_TAG_OPENINGS:
        tags = list(_TAG_OPENING.finditer(text))
        if len(tags) > MAX_TAG_OPENINGS:
            where = _line_at(text, tags[MAX_TAG_OPENINGS].start())
            return f"more than {MAX_TAG_OPENINGS:,} HTML tags; write a literal '<' as '&lt;'", where
    if text.count("\n") > MAX_LIST_ITEMS:
        items = list(_LIST_ITEM.finditer(text))
        if len(items) > MAX_LIST_ITEMS:
            return f"more than {MAX_LIST_ITEMS:,} list items", _line_at(text, items[MAX_LIST_ITEMS].start())
    deep = _LONG_PREFIX.search(text)
    if deep is not None:
        message = f"a line starts with more than {MAX_LINE_PREFIX} characters of indentation, '>' and list markers"
        return message + " (nested too deep to render)", _line_at(text, deep.start())
    return None


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


class BodyRenderer:
    """Converts article bodies; one instance per process, so Markdown and the sanitiser are set up once.

    Not thread-safe (Python-Markdown keeps state between `reset()` calls); use one per thread or process.
    """

    def __init__(self) -> None:
        self._markdown: Any = None  # Python-Markdown, made for the first body that is more than paragraphs
        self._cleaner = nh3.Cleaner(
            tags=_TAGS,
            attributes=_ATTRIBUTES,
            url_schemes=_URL_SCHEMES,
            link_rel="noopener noreferrer",
            strip_comments=True,
        )

    def _converter(self) -> Any:
        """Python-Markdown, imported and set up on first use: most imported bodies never need it (36 ms)."""
        if self._markdown is None:
            import markdown

            self._markdown = markdown.Markdown(extensions=["tables"], output_format="html")
        return self._markdown

    def render(self, text: str) -> str:
        """Markdown `text` as sanitised HTML: no script, no event handlers, no javascript: links."""
        plain = render_plain_paragraphs(text)
        html = plain if plain is not None else self._converter().reset().convert(text)
        return self._cleaner.clean(html)


# Characters, line starts and line ends that mean something to Markdown (or that it escapes); text with none of
# them is plain paragraphs, which Python-Markdown would only wrap in <p> elements.
_MARKUP_CHARACTERS = "\\`*_[]<>&#|\t\r" + "\v\f\x1c\x1d\x1e\x85\u2028\u2029"  # then what splitlines() breaks at
_MARKUP_LINE_STARTS = "-+="  # and decimal digits (lists, headings, rules); and spaces at either end of a line
_PARAGRAPH_BREAK = re.compile(r"\n{2,}")


def render_plain_paragraphs(text: str) -> str | None:
    """The HTML Python-Markdown gives for text that is nothing but paragraphs, or None if it may be more.

    Imported bodies are plain paragraphs, and Python-Markdown spends about 1 ms on each: at 10,000 articles
    that was the largest cost of a build. tests/render/test_markdown_fast_path.py checks that this gives
    exactly Python-Markdown's output on real and generated bodies. The checks are str methods (memchr in C),
    not one regular expression: that took 150 us per 4 kB body, a tenth of a clean build's page rendering.
    """
    stripped = text.strip("\n")
    if not stripped:
        return None
    for character in _MARKUP_CHARACTERS:
        if character in stripped:
            return None
    for line in stripped.split("\n"):
        if line and (line[0] in _MARKUP_LINE_STARTS or line[0].isdecimal() or line[0].isspace() or line[-1].isspace()):
            return None
    paragraphs = _PARAGRAPH_BREAK.split(stripped) if "\n\n\n" in stripped else stripped.split("\n\n")
    return "\n".join([f"<p>{paragraph}</p>" for paragraph in paragraphs])
