"""Content write: an Article as a content file, deterministic so re-importing the same article gives the same bytes.

A fixed key order (fields.FIELDS), no line wrapping and no &anchors; `draft` is never written (a person sets it).
"""

from __future__ import annotations

from typing import Any

import yaml

from coopnews.model import Article, Source

_SafeDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_SafeDumper):  # type: ignore[misc]
    """The safe dumper, never writing &anchors.

    libyaml's CSafeDumper (bundled in PyYAML's wheels, pinned in requirements.txt) is 8x faster than the
    pure-Python one, which matters at 10,000 articles; it escapes characters outside the BMP ("\\U0001F600")
    where the pure one writes them raw, so both read back the same, but bytes differ between the two.
    """

    def ignore_aliases(self, data: Any) -> bool:
        return True


def format_article(article: Article) -> str:
    """Render `article` as a content file: front matter in FIELDS order, a blank line, the body.

    Invariant: parse_article(format_article(a), path) == a for every valid Article.
    Aliases listed twice under one canonical name are merged (a mapping cannot repeat a key).
    """
    aliases: dict[str, list[str]] = {}
    for canonical, names in article.aliases:
        aliases.setdefault(canonical, []).extend(names)
    data: dict[str, Any] = {
        "title": article.title,
        "slug": article.slug,
        "date": article.date,
        "date_text": article.date_text,
        "institutions": list(article.institutions),
        "partners": list(article.partners),
        "organizations": list(article.organizations),
        "aliases": aliases,
        "people": [{"name": p.name, "role": p.role, "organization": p.organization} for p in article.people],
        "places": list(article.places),
        **({"tags": list(article.tags)} if article.tags else {}),  # a hand-written key: imports stay as they were
        "kind": article.kind,
        "summary": article.summary,
        "source": source_record(article.source),
        "needs_review": list(article.needs_review),
    }
    front = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=2**31 - 1,
    )
    return f"---\n{front}---\n\n{article.body}\n"


def source_record(source: Source | None) -> dict[str, str] | None:
    """The source mapping: file and sha256, and the address only when the seed gave one (older files stay as
    they were)."""
    if source is None:
        return None
    record = {"file": source.file, "sha256": source.sha256}
    if source.url:
        record["url"] = source.url
    return record
