"""Search: the documents — what the indexes read of each article, and the store and snippets results show.

Document n of the catalog (newest first) has the ref to_ref(n) in the indexes and is entry n of the store and of
the snippets (contract).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from coopnews import urls
from coopnews.model import Article
from coopnews.search.contract import STORE_COLUMNS
from coopnews.search.index import Field

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


def build_store(articles: Sequence[Article]) -> dict[str, Any]:
    """What a result shows, column by column (contract.STORE_COLUMNS): entry n of each column is document n of the
    catalog: URL from the site root, title, ISO date or None, institutions, partners and topics (tags) as numbers
    into `names`, kind as a number into `kinds`. The snippets come apart, from build_snippets.

    Columns, and organisations named once, because the page parses the store before it can show a result: at
    10,000 articles an entry per article with every name spelt out was 3.0 MB and 35 ms of a phone-class CPU;
    columns are 1.7 MB and parse in about a third of the time (bench/search_scale.py).
    """
    names = sorted({name for article in articles for name in (*article.institutions, *article.partners, *article.tags)})
    kinds = sorted({article.kind for article in articles})
    name_ids = {name: number for number, name in enumerate(names)}
    kind_ids = {kind: number for number, kind in enumerate(kinds)}
    columns: dict[str, Any] = {
        "names": names,
        "kinds": kinds,
        "url": [quote(urls.article_target(article), safe="/") for article in articles],
        "title": [article.title for article in articles],
        "date": [article.date.isoformat() if article.date else None for article in articles],
        "institutions": [[name_ids[name] for name in article.institutions] for article in articles],
        "partners": [[name_ids[name] for name in article.partners] for article in articles],
        "tags": [[name_ids[name] for name in dict.fromkeys(article.tags)] for article in articles],
        "kind": [kind_ids[article.kind] for article in articles],
    }
    return {STORE_COLUMNS[column]: values for column, values in columns.items()}


def build_snippets(articles: Sequence[Article], memo: dict[str, str] | None = None) -> list[str]:
    """The snippet of each article (document n of the catalog is entry n): the summary, or the start of the body,
    at most _SNIPPET_LIMIT characters.

    Kept out of the store because they are half of it: the page shows the first results without snippets and
    adds them a moment later. `memo` (source text -> snippet, the start of the text only) saves the regular
    expressions on texts seen before; it is left holding this call's texts only.
    """
    fresh: dict[str, str] = {}
    snippets: list[str] = []
    for article in articles:
        source = (article.summary or article.body)[: _SNIPPET_LIMIT * 4]
        snippet = fresh.get(source) or (memo.get(source) if memo is not None else None)
        if snippet is None:
            snippet = _snippet(source)
        fresh[source] = snippet
        snippets.append(snippet)
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
    line markers (headings, quotes, list items) removed, spaces collapsed; the page shows it as text."""
    markdown = _LINK_TEXT.sub(r"\1", _strip_links(text[: _SNIPPET_LIMIT * 4]))
    plain = _SPACES.sub(" ", _EMPHASIS.sub("", _LINE_MARKUP.sub("", markdown))).strip()
    if len(plain) <= _SNIPPET_LIMIT:
        return plain
    cut = plain[: _SNIPPET_LIMIT - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:") + "…"
