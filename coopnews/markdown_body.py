"""Markdown bodies: seed text escaped as Markdown at import, and bodies rendered to HTML safe to put in a page.

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
        """Markdown `text` as sanitised HTML: no script, no event handlers, no javascript: links.

        Plain paragraphs hold no tag but <p> and none of "<", ">", "&", CR (render_plain_paragraphs); of all other
        characters the sanitiser changes only NUL and the no-break space (it writes "&nbsp;"), so without those it
        would return them unchanged, and is skipped (28 µs a body). tests/render/test_markdown_fast_path.py checks
        both claims, the second over every Unicode character.
        """
        plain = render_plain_paragraphs(text)
        if plain is not None and "\x00" not in plain and "\xa0" not in plain:
            return plain
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


# Markdown escaping of seed text (Python-Markdown with tables, as the build renders bodies): the characters that
# start inline markup anywhere, and the markers that start a block at the beginning of a line. "<" and an "&"
# that would begin an entity (named with its ";", numeric with or without) have no backslash escape in
# Python-Markdown: they become "&lt;" and "&amp;".
_INLINE_MARKUP = re.compile(r"[\\`*_\[|]|<|&(?=#|[a-zA-Z0-9]+;)")
_INLINE_ESCAPES = {"<": "&lt;", "&": "&amp;"}
_LEADING_SPACE = re.compile(r"^[ \t]+", re.MULTILINE)  # four spaces would make a code block; HTML shows none
_BLOCK_MARKER = re.compile(r"^(?:[#>+-]|[0-9]+(?=\.(?:[ \t]|$)))", re.MULTILINE)
_MARKUP_SIGNS = "\\`*_[|<&"  # any of these, or a line starting with one of _LINE_START_SIGN, may need escaping
_LINE_START_SIGN = re.compile(r"^[ \t#>+=0-9-]", re.MULTILINE)
_SETEXT_EQUALS = re.compile(r"^=(?=[=-]*[ \t]*$)", re.MULTILINE)  # "===" under a line makes it a heading


def escape_markdown(text: str) -> str:
    """Plain text as Markdown that renders to the same visible text: every character stays a character.

    Seeds are plain text, so "the tag <b>", "a_b_c" or a line starting "2023. " must not become markup.
    Only what Python-Markdown would read as markup is escaped, so most bodies stay as they were, and bodies
    with none of these characters still take the build's plain-paragraph path. Leading spaces and tabs of a
    line are dropped (HTML shows none, and four would start a code block).
    """
    if not any(character in text for character in _MARKUP_SIGNS) and not _LINE_START_SIGN.search(text):
        return text  # most bodies: str.__contains__ is memchr in C, far quicker than the substitutions below
    text = _LEADING_SPACE.sub("", text)
    text = _INLINE_MARKUP.sub(lambda m: _INLINE_ESCAPES.get(m.group(), "\\" + m.group()), text)
    text = _BLOCK_MARKER.sub(lambda m: m.group() + "\\" if m.group()[0].isdigit() else "\\" + m.group(), text)
    return _SETEXT_EQUALS.sub("&#61;", text)
