"""Import: seeds/*.txt → content/*.md, never losing what a person wrote in content/.

A ledger, content/.import-ledger.json, remembers for each seed file the slug it was imported as, the seed's
checksum and the checksum of the content file as the importer wrote it. That tells a hand-edited content file
(its checksum moved) from one the importer may replace, and keeps each seed's slug stable across re-imports.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from collections.abc import Generator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slugify import slugify

from coopnews.config import Config
from coopnews.content import SLUG_PATTERN, format_article
from coopnews.errors import CoopNewsError, Location, Problem, relative_path
from coopnews.extract import Known, extract_article
from coopnews.model import Article, Organization, RawArticle, Source
from coopnews.parallel import iter_on_cores
from coopnews.progress import progress_bar
from coopnews.review import review_digests
from coopnews.seeds import read_seeds

LEDGER_NAME = ".import-ledger.json"
_PARALLEL_MIN = 200  # below this, starting worker processes costs more than it saves
_CHUNK = 64
BACKUP_DIR = ".backup"


@dataclass(frozen=True)
class ImportReport:
    """What an import did; each tuple lists content files as shown to the user (e.g. "content/x.md").

    `protected` lists hand-edited files left as they were; when their seed changed, `problems` also holds a
    warning saying so. `problems` holds every seed rejected or failing extraction.
    """

    imported: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]
    protected: tuple[str, ...]
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class _Entry:
    """One ledger line: the slug a seed was imported as, and the checksums of the seed and of what was written."""

    slug: str
    seed_sha256: str
    content_sha256: str
    #: (field, digest of its value as imported) for each field under needs_review: tells a corrected field
    review: tuple[tuple[str, str], ...] = ()


@dataclass
class _Slugs:
    """Slugs in use: `owned` by a seed in the ledger, `unowned` by a content file the ledger does not know
    (written by hand, never overwritten); `next_number` remembers where each base slug's -N search got to.
    """

    owned: set[str]
    unowned: set[str]
    next_number: dict[str, int] = field(default_factory=dict)


def import_seeds(config: Config, *, force: bool = False, progress: bool = False) -> ImportReport:
    """Import every seed into config.content_dir; with `force`, re-import all, backing up hand edits first.

    Rules: a new seed is imported under a slug no other file has; an unchanged seed whose content file is
    as written is skipped; a changed seed is re-imported under its old slug; a content file edited by hand is
    never overwritten (with `force` it is copied to content/.backup/ first); a content file the ledger does not
    know was written by hand, so a new article takes another slug rather than overwrite it.
    """
    content_dir = config.content_dir
    raws, problems = read_seeds(config.seeds_dir)
    content_dir.mkdir(parents=True, exist_ok=True)
    ledger_path = content_dir / LEDGER_NAME
    ledger = _read_ledger(ledger_path, relative_path(ledger_path, config.path.parent))
    owned = {entry.slug for entry in ledger.values()}
    on_disk = {p.stem.lower() for p in content_dir.glob("*.md") if not p.name.startswith(".")}
    slugs = _Slugs(owned=owned, unowned=on_disk - owned)
    # (seed position, content file) per outcome, so the report lists files in seed order
    outcomes: dict[str, list[tuple[int, str]]] = {"imported": [], "updated": [], "unchanged": [], "protected": []}
    try:
        pending: list[_Pending] = []
        for position, raw in enumerate(raws):
            decided = _check_seed(raw, config, ledger, force=force)
            if isinstance(decided, _Pending):
                pending.append(dataclasses.replace(decided, position=position))
            else:
                outcome, shown, seed_problems = decided
                outcomes[outcome].append((position, shown))
                problems.extend(seed_problems)
        # Each article is written as its extraction comes in, while the workers extract the next ones.
        with closing(_extract_all([item.raw for item in pending], config, progress=progress)) as extracted:
            for item, result in zip(pending, extracted, strict=True):
                if isinstance(result, Article):
                    outcome, shown = _write_article(item, result, config, ledger, slugs)
                    outcomes[outcome].append((item.position, shown))
                else:
                    problems.extend(result)
    finally:  # what was written stays recorded even if something unexpected stops the loop
        _write_ledger(ledger_path, ledger)
    return ImportReport(
        imported=tuple(shown for _, shown in sorted(outcomes["imported"])),
        updated=tuple(shown for _, shown in sorted(outcomes["updated"])),
        unchanged=tuple(shown for _, shown in sorted(outcomes["unchanged"])),
        protected=tuple(shown for _, shown in sorted(outcomes["protected"])),
        problems=tuple(problems),
    )


@dataclass(frozen=True)
class _Pending:
    """A seed that must be (re-)extracted: its ledger entry, and the content file's bytes and state now."""

    raw: RawArticle
    entry: _Entry | None
    current: bytes | None
    edited: bool
    position: int = 0


def _check_seed(
    raw: RawArticle, config: Config, ledger: dict[str, _Entry], *, force: bool
) -> _Pending | tuple[str, str, list[Problem]]:
    """Apply the import rules that need no extraction: a decided (outcome, content file, problems), or _Pending."""
    root = config.path.parent
    entry = ledger.get(raw.file)
    if not entry:
        return _Pending(raw, None, None, False)
    path = config.content_dir / f"{entry.slug}.md"
    shown = relative_path(path, root)
    current = _read_bytes(path)
    edited = current is not None and _sha256(current) != entry.content_sha256
    if edited and not force:
        if raw.sha256 == entry.seed_sha256:
            return "protected", shown, []
        seed_shown = relative_path(config.seeds_dir / raw.file, root)
        message = (
            f"was edited by hand since import; kept it, so the changes to {seed_shown} are not imported. "
            "Use --force to re-import (the edited file is backed up to content/.backup/ first)"
        )
        return "protected", shown, [Problem(Location(shown), message, severity="warning")]
    if current is not None and raw.sha256 == entry.seed_sha256 and not force:
        return "unchanged", shown, []
    return _Pending(raw, entry, current, edited)


def _extract_all(
    raws: list[RawArticle], config: Config, *, progress: bool
) -> Generator[Article | list[Problem], None, None]:
    """Extract every seed, in seed order, on all cores when there are enough to pay for the worker processes."""
    root = config.path.parent
    jobs = [
        (
            raw,
            config.gazetteer,
            Known(config.institution_for(raw.file)),
            relative_path(config.seeds_dir / raw.file, root),
        )
        for raw in raws
    ]
    with progress_bar(len(jobs), "import", "seed", enabled=progress) as bar:
        yield from iter_on_cores(_extract_one, jobs, minimum=_PARALLEL_MIN, chunksize=_CHUNK, on_each=bar.update)


def _extract_one(job: tuple[RawArticle, tuple[Organization, ...], Known, str]) -> Article | list[Problem]:
    """Extract one seed; an extraction failure becomes a Problem naming the seed, so the others go on."""
    raw, gazetteer, known, seed_shown = job
    try:
        article = extract_article(raw, gazetteer, known)
    except CoopNewsError as error:
        article_or_problems: Article | list[Problem] = error.problems
    except Exception as error:  # one seed's extraction bug must not stop the other seeds
        message = f"extraction failed ({type(error).__name__}: {error}); please report it with this seed"
        article_or_problems = [Problem(Location(seed_shown), message)]
    else:
        article_or_problems = article
    return article_or_problems


def _write_article(
    item: _Pending, article: Article, config: Config, ledger: dict[str, _Entry], slugs: _Slugs
) -> tuple[str, str]:
    """Place an extracted article under its slug and write it; update `ledger`. Returns (outcome, content file)."""
    raw, current = item.raw, item.current
    if item.entry:
        article = _with_provenance(article, item.entry.slug, raw)
    else:
        article, current = _place_new_article(article, raw, config.content_dir, slugs)
    path = config.content_dir / f"{article.slug}.md"
    shown = relative_path(path, config.path.parent)
    data = format_article(article).encode("utf-8")
    ledger[raw.file] = _Entry(article.slug, raw.sha256, _sha256(data), review_digests(article))
    if current == data:
        return "unchanged", shown
    if current is not None and item.edited:
        _write_atomic(config.content_dir / BACKUP_DIR / f"{article.slug}.{_sha256(current)[:12]}.md", current)
    _write_atomic(path, data)
    return ("imported" if current is None else "updated"), shown


def _place_new_article(
    article: Article, raw: RawArticle, content_dir: Path, slugs: _Slugs
) -> tuple[Article, bytes | None]:
    """Give a seed new to the ledger a slug no other file has: the extractor's, else with -2, -3 ... appended.

    A file the ledger does not know that holds exactly what would be written (an import interrupted before
    its ledger was saved) is adopted rather than stepped around. Returns the article and the file's bytes.
    """
    base = _safe_slug(article.slug)
    number = slugs.next_number.get(base, 1)
    while True:
        slug = base if number == 1 else f"{base}-{number}"
        number += 1
        if slug in slugs.owned:
            continue
        placed = _with_provenance(article, slug, raw)
        current = _read_bytes(content_dir / f"{slug}.md") if slug in slugs.unowned else None
        if slug in slugs.unowned and current != format_article(placed).encode("utf-8"):
            continue
        slugs.unowned.discard(slug)
        slugs.owned.add(slug)
        slugs.next_number[base] = number
        return placed, current


def _safe_slug(candidate: str) -> str:
    """The extractor's slug if safe, else a slugified version of it; never empty."""
    if SLUG_PATTERN.match(candidate):
        return candidate
    return slugify(candidate, max_length=80, word_boundary=True) or "article"


def _with_provenance(article: Article, slug: str, raw: RawArticle) -> Article:
    """The importer owns the slug and the source: it decides one and knows the other."""
    url = article.source.url if article.source else None
    return dataclasses.replace(article, slug=slug, source=Source(file=raw.file, sha256=raw.sha256, url=url))


def _read_ledger(path: Path, shown: str) -> dict[str, _Entry]:
    """Read the ledger; a damaged one stops the import, since without it every file would look hand-written."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CoopNewsError([Problem(Location(shown), _ledger_damaged(str(error)))]) from None
    ledger: dict[str, _Entry] = {}
    if not isinstance(data, dict):
        raise CoopNewsError([Problem(Location(shown), _ledger_damaged("expected a JSON object"))])
    for seed, item in data.items():
        try:
            review = item.get("review") or {}
            entry = _Entry(
                str(item["slug"]),
                str(item["seed_sha256"]),
                str(item["content_sha256"]),
                tuple((str(field), str(digest)) for field, digest in sorted(review.items())),
            )
        except (TypeError, KeyError, AttributeError) as error:
            raise CoopNewsError([Problem(Location(shown), _ledger_damaged(f"entry {seed!r}: {error}"))]) from None
        if not SLUG_PATTERN.match(entry.slug):
            raise CoopNewsError([Problem(Location(shown), _ledger_damaged(f"unsafe slug {entry.slug!r}"))])
        ledger[seed] = entry
    return ledger


def imported_files(config: Config) -> dict[str, tuple[str, dict[str, str]]]:
    """For each content file the importer wrote, by slug: the checksum it wrote and, for each field it put under
    review, the digest of that field's value then. A damaged ledger raises CoopNewsError."""
    path = config.content_dir / LEDGER_NAME
    ledger = _read_ledger(path, relative_path(path, config.path.parent))
    return {entry.slug: (entry.content_sha256, dict(entry.review)) for entry in ledger.values()}


def _ledger_record(entry: _Entry) -> dict[str, Any]:
    """One ledger entry as JSON; "review" only when the article had fields under review."""
    record: dict[str, Any] = {"slug": entry.slug, "seed_sha256": entry.seed_sha256}
    record["content_sha256"] = entry.content_sha256
    if entry.review:
        record["review"] = dict(entry.review)
    return record


def _ledger_damaged(why: str) -> str:
    return (
        f"the import ledger is damaged ({why}); restore it from git, or delete it "
        "(then every existing content file counts as hand-written and is kept)"
    )


def _write_ledger(path: Path, ledger: dict[str, _Entry]) -> None:
    """Write the ledger (sorted keys, one space indent, final newline), unless it already says the same."""
    data = {seed: _ledger_record(entry) for seed, entry in ledger.items()}
    text = (json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    if _read_bytes(path) != text:
        _write_atomic(path, text)


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and os.replace: readers see the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; content files are ordinary files
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
