"""Review: what waits for a person in content/, newest first: file, field and the reason the importer gave.

The importer writes a `needs_review` entry, "field: reason", for every field it guessed or chose between
candidates, and records in its ledger a digest of each such field's value as written. A field whose value has
changed since (a person corrected it) is no longer listed; nor is an entry a person deleted. Hand-written files
may list bare field names; they are listed with no reason. Review items are never build errors.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

from coopnews.config import Config
from coopnews.content import parse_article
from coopnews.errors import CoopNewsError, Problem, relative_path
from coopnews.extract.doubts import review_entry
from coopnews.import_ledger import imported_files
from coopnews.model import Article

#: needs_review fields that name no Article attribute, and the attribute that holds what they are about.
_FIELD_VALUES = {"partners": "partners", "people": "people"}


@dataclass(frozen=True)
class ReviewItem:
    """One thing a person should check: in which file, which field, and why."""

    file: str
    slug: str
    date: str | None  # the article's ISO date, None when undated
    field: str
    reason: str


def review_digests(article: Article) -> tuple[tuple[str, str], ...]:
    """(field, digest of its value) for each field of `article` under needs_review, as the ledger keeps them."""
    fields = sorted({review_entry(entry)[0] for entry in article.needs_review})
    return tuple((field, _field_digest(article, field)) for field in fields)


def list_review(config: Config) -> tuple[list[ReviewItem], list[Problem]]:
    """Every review item of config.content_dir, newest article first (undated last), then by file and field.

    A file that cannot be read is skipped with its problems (the build reports them in full).
    """
    imported = imported_files(config)
    items: list[ReviewItem] = []
    problems: list[Problem] = []
    root = config.path.parent
    for path in sorted(config.content_dir.glob("*.md")) if config.content_dir.is_dir() else []:
        if path.name.startswith("."):
            continue
        shown = relative_path(path, root)
        data = path.read_bytes()
        try:
            article = parse_article(data.decode("utf-8"), shown)
        except (CoopNewsError, UnicodeDecodeError) as error:
            problems.extend(error.problems if isinstance(error, CoopNewsError) else [])
            continue
        written, digests = imported.get(path.stem, ("", {}))
        edited = hashlib.sha256(data).hexdigest() != written
        for entry in article.needs_review:
            field, reason = review_entry(entry)
            if edited and field in digests and digests[field] != _field_digest(article, field):
                continue  # a person corrected this field since import
            date = article.date.isoformat() if article.date else None
            items.append(ReviewItem(shown, article.slug, date, field, reason))
    items.sort(key=lambda item: (item.date is None, _descending(item.date or ""), item.file))
    return items, problems


def format_review(items: list[ReviewItem]) -> str:
    """One line per item, "file: field: reason", and a count; the text `build.py review` prints."""
    lines = [
        f"{item.file}: {item.field}: {item.reason}" if item.reason else f"{item.file}: {item.field}" for item in items
    ]
    files = len({item.file for item in items})
    lines.append(f"review: {len(items)} item(s) in {files} file(s)")
    return "\n".join(lines)


def format_review_json(items: list[ReviewItem]) -> str:
    """The items as a JSON list of {file, slug, date, field, reason}, in the same order (for scripts)."""
    return json.dumps([asdict(item) for item in items], ensure_ascii=False, indent=1, sort_keys=True)


def _field_digest(article: Article, field: str) -> str:
    value = getattr(article, _FIELD_VALUES.get(field, field), None)
    if field == "date":
        value = (article.date, article.date_text)
    text = json.dumps(value, default=lambda v: asdict(v) if hasattr(v, "__dataclass_fields__") else str(v))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _descending(text: str) -> str:
    """A key that sorts ISO dates newest first."""
    return "".join(chr(0x10FFFF - ord(ch)) for ch in text)
