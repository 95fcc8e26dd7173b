"""Extract: turn a raw article's text into an Article (TEMPORARY minimal version, being replaced)."""

from __future__ import annotations

from slugify import slugify

from coopnews.model import Article, Organization, RawArticle, Source


def extract_article(raw: RawArticle, gazetteer: tuple[Organization, ...]) -> Article:
    """Extract the fields of one article from its decoded text."""
    lines = [line.strip() for line in raw.text.splitlines() if line.strip()]
    title = lines[0] if lines else raw.file
    body = "\n\n".join(lines[1:])
    return Article(
        slug=slugify(title, max_length=80, word_boundary=True) or "article",
        title=title,
        body=body,
        source=Source(file=raw.file, sha256=raw.sha256),
    )
