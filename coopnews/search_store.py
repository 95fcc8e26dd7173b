"""Search: what the index reads of each article, and the document store search results render from.

Document n of the catalog (newest first) has the ref to_ref(n); the index and the store share it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from coopnews import urls
from coopnews.model import Article
from coopnews.search_index import Field, to_ref

#: The first index: small enough to download with the page, and a match here outranks one in the body.
META_FIELDS = (
    Field("title", 10),
    Field("institutions", 6),
    Field("partners", 6),
    Field("people", 4),
    Field("places", 3),
)
#: The full text, indexed apart and cut into shards the page loads per query term.
BODY_FIELDS = (Field("body", 1),)

_SNIPPET_LIMIT = 160
_MARKDOWN_LINK = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)|<https?://[^>]*>|https?://\S+")
_LINK_TEXT = re.compile(r"!?\[([^\]\n]*)\]")
_LINE_MARKUP = re.compile(r"(?m)^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d{1,3}[.)][ \t]+)")
_EMPHASIS = re.compile(r"\*+|`+|(?<!\w)__?|__?(?!\w)")
_SPACES = re.compile(r"\s+")


def meta_documents(articles: Sequence[Article], aliases: Mapping[str, Sequence[str]]) -> list[dict[str, str]]:
    """The META_FIELDS text of each article: list fields are joined into text, organisations with every alias."""
    return [
        {
            "title": article.title,
            "institutions": _organisations_text(article.institutions, article, aliases),
            "partners": _organisations_text(article.partners, article, aliases),
            "people": " ; ".join(person.name for person in article.people),
            "places": " ; ".join(article.places),
        }
        for article in articles
    ]


def body_documents(articles: Sequence[Article]) -> list[dict[str, str]]:
    """The BODY_FIELDS text of each article: the Markdown body without link targets (URLs are not words)."""
    return [{"body": _strip_links(article.body)} for article in articles]


def build_store(articles: Sequence[Article]) -> dict[str, dict[str, Any]]:
    """ref -> what a result shows: u URL from the site root, t title, d ISO date or None, i institutions,
    p partners, k kind. The snippet source `s` comes apart, from build_snippets."""
    return {
        to_ref(number): {
            "u": quote(urls.article_target(article), safe="/"),
            "t": article.title,
            "d": article.date.isoformat() if article.date else None,
            "i": list(article.institutions),
            "p": list(article.partners),
            "k": article.kind,
        }
        for number, article in enumerate(articles)
    }


def build_snippets(articles: Sequence[Article], memo: dict[str, str] | None = None) -> dict[str, str]:
    """ref -> s, the store's snippet source: the summary, or the start of the body, at most _SNIPPET_LIMIT chars.

    Kept out of the store because it is two fifths of it: the page shows the first results without snippets and
    adds them a moment later (search.js merges this into the store's entries). `memo` (source text -> snippet,
    the start of the text only) saves the regular expressions on texts seen before; it is left holding this
    call's texts only.
    """
    fresh: dict[str, str] = {}
    snippets: dict[str, str] = {}
    for number, article in enumerate(articles):
        source = (article.summary or article.body)[: _SNIPPET_LIMIT * 4]
        snippet = fresh.get(source) or (memo.get(source) if memo is not None else None)
        if snippet is None:
            snippet = _snippet(source)
        fresh[source] = snippets[to_ref(number)] = snippet
    if memo is not None:
        memo.clear()
        memo.update(fresh)
    return snippets


def _organisations_text(names: Iterable[str], article: Article, aliases: Mapping[str, Sequence[str]]) -> str:
    """Each name with its aliases (the catalog's and the article's own), so "WUT" finds the university."""
    own = dict(article.aliases)
    spellings: list[str] = []
    for name in names:
        for spelling in (name, *aliases.get(name, ()), *own.get(name, ())):
            if spelling not in spellings:
                spellings.append(spelling)
    return " ; ".join(spellings)


def _strip_links(body: str) -> str:
    if "](" not in body and "http" not in body:  # the regex is slow on megabytes of text without links
        return body
    return _MARKDOWN_LINK.sub("]", body)


def _snippet(text: str) -> str:
    """Plain text of at most _SNIPPET_LIMIT characters, cut at a word boundary: Markdown links, emphasis and
    line markers (headings, quotes, list items) removed, spaces collapsed; search.js shows it as text."""
    markdown = _LINK_TEXT.sub(r"\1", _strip_links(text[: _SNIPPET_LIMIT * 4]))
    plain = _SPACES.sub(" ", _EMPHASIS.sub("", _LINE_MARKUP.sub("", markdown))).strip()
    if len(plain) <= _SNIPPET_LIMIT:
        return plain
    cut = plain[: _SNIPPET_LIMIT - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:") + "…"
