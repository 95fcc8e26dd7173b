"""Import: seeds/*.txt → content/*.md, never losing what a person wrote in content/.

A ledger, content/.import-ledger.json, remembers for each seed file the slug it was imported as, the seed's
checksum and the checksum of the content file as the importer wrote it. That tells a hand-edited content file
(its checksum moved) from one the importer may replace, and keeps each seed's slug stable across re-imports.
The seed's checksum also recognises a seed under a new name, and every content file names its seed in its
`source` field, which finds a content file renamed by hand and rebuilds what a lost ledger knew.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Generator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
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
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$", re.DOTALL | re.MULTILINE)
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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
#: Slugs the importer makes are at most this many bytes, "-2" included, so content/<slug>.md and the pages named
#: after it stay far below the 255 bytes a file name may have (a 300-character title used to fail the build).
MAX_SLUG_BYTES = 80


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
    #: content files deleted by hand, whose seeds are not imported again (until --restore or --force)
    deleted: tuple[str, ...] = ()
    #: seeds not imported because another seed has the same text (each also has a warning in `problems`)
    copies: tuple[str, ...] = ()
    #: the copies --force made of hand-edited files before re-importing over them
    backups: tuple[str, ...] = ()
    #: one line for each thing done or left that is not a problem: a seed or content file renamed, a file
    #: deleted by hand left deleted, a hand-edited file backed up
    notes: tuple[Problem, ...] = ()

    def summary(self) -> str:
        """One line: how many content files were written, kept and skipped, and where backups went."""
        line = (
            f"import: {len(self.imported)} new, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
            f"{len(self.protected)} hand-edited kept, {len(self.problems)} problem(s)"
        )
        skipped = []
        if self.deleted:
            skipped.append(f"{len(self.deleted)} deleted by hand (import --restore writes them again)")
        if self.copies:
            skipped.append(f"{len(self.copies)} seed(s) with the same text as another seed")
        if skipped:
            line += "; skipped " + " and ".join(skipped)
        if self.backups:
            folders = sorted({str(Path(backup).parent) for backup in self.backups})
            line += f"; {len(self.backups)} hand-edited file(s) backed up to {', '.join(folders)}/"
        return line


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


def import_seeds(config: Config, *, force: bool = False, restore: bool = False, progress: bool = False) -> ImportReport:
    """Import every seed into config.content_dir; with `force`, re-import all, backing up hand edits first.

    Rules: a new seed is imported under a slug no other file has; an unchanged seed whose content file is
    as written is skipped; a changed seed is re-imported under its old slug; a content file edited by hand is
    never overwritten (with `force` it is copied to content/.backup/ first); a content file the ledger does not
    know was written by hand, so a new article takes another slug rather than overwrite it.
    A person's renames and deletions stand: a seed renamed keeps its article (found by its text); a seed with
    the same text as another is skipped; a content file renamed by hand keeps its new name (found by its
    `source`); a content file deleted by hand stays deleted unless `restore` (or `force`) is given; and when the
    ledger is lost, the content files' `source` fields say which seed each holds, so none is imported twice.
    """
    content_dir = config.content_dir
    root = config.path.parent
    raws, problems = read_seeds(config.seeds_dir)
    content_dir.mkdir(parents=True, exist_ok=True)
    ledger_path = content_dir / LEDGER_NAME
    ledger = _read_ledger(ledger_path, relative_path(ledger_path, root))
    owned = {entry.slug for entry in ledger.values()}
    on_disk = {p.stem.lower() for p in content_dir.glob("*.md") if not p.name.startswith(".")}
    slugs = _Slugs(owned=owned, unowned=on_disk - owned)
    finder = _Finder(raws, ledger, slugs, content_dir)
    notes: list[Problem] = []
    backups: list[str] = []
    # (seed position, file shown) per outcome, so the report lists files in seed order
    outcomes: dict[str, list[tuple[int, str]]] = {
        **{name: [] for name in ("imported", "updated", "unchanged", "protected", "deleted", "copies")}
    }
    try:
        pending: list[_Pending] = []
        for position, raw in enumerate(raws):
            found = finder.find(raw)
            notes.extend(_found_notes(found, raw, config))
            decided = _decide(raw, found, config, force=force, restore=restore)
            if isinstance(decided, _Pending):
                pending.append(dataclasses.replace(decided, position=position))
            else:
                outcome, shown, seed_problems = decided
                outcomes[outcome].append((position, shown))
                problems.extend(p for p in seed_problems if p.severity != "note")
                notes.extend(p for p in seed_problems if p.severity == "note")
        # Each article is written as its extraction comes in, while the workers extract the next ones.
        with closing(_extract_all([item.raw for item in pending], config, progress=progress)) as extracted:
            for item, result in zip(pending, extracted, strict=True):
                if isinstance(result, Article):
                    outcome, shown, backup = _write_article(item, result, config, ledger, slugs, force=force)
                    outcomes[outcome].append((item.position, shown))
                    if outcome == "protected" and item.entry and item.entry.seed_sha256 != item.raw.sha256:
                        problems.append(_edited_warning(shown, relative_path(config.seeds_dir / item.raw.file, root)))
                    if backup is not None:
                        backups.append(backup)
                        notes.append(Problem(Location(shown), f"edited by hand; copied to {backup}", severity="note"))
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
        deleted=tuple(shown for _, shown in sorted(outcomes["deleted"])),
        copies=tuple(shown for _, shown in sorted(outcomes["copies"])),
        backups=tuple(backups),
        notes=tuple(notes),
    )


@dataclass(frozen=True)
class _Found:
    """What is known of a seed: its ledger entry, found by its name or its text, or None for a new article.

    `renamed_from` is the seed name the ledger knew the text under; `moved_from` the slug of a content file
    the person renamed to `entry.slug`; `adopted` marks an entry rebuilt from a content file's `source` (the
    ledger was lost), so the file is compared with what would be written before anything is decided;
    `copy_of` names an earlier seed with the same text.
    """

    entry: _Entry | None
    renamed_from: str | None = None
    moved_from: str | None = None
    adopted: bool = False
    copy_of: str | None = None


class _Finder:
    """Finds each seed's ledger entry by what it holds, not only by its file name; updates ledger and slugs.

    Seeds must be passed in seed order: of two seeds with the same text, the one the ledger knows by name
    holds it, else the first.
    """

    def __init__(self, raws: list[RawArticle], ledger: dict[str, _Entry], slugs: _Slugs, content_dir: Path) -> None:
        self._ledger = ledger
        self._slugs = slugs
        self._content_dir = content_dir
        names = {raw.file for raw in raws}
        # the seed holding each text: those the ledger knows by name, then new seeds as they come
        self._holders = {raw.sha256: raw.file for raw in reversed(raws) if raw.file in ledger}
        # entries whose seed file is gone, by the text they were imported from: a new seed with it is renamed
        self._gone: dict[str, str] = {}
        for seed in sorted(ledger, reverse=True):
            if seed not in names:
                self._gone[ledger[seed].seed_sha256] = seed
        self._sources: dict[str, Source] | None = None  # unowned content files' `source`, read when needed

    def find(self, raw: RawArticle) -> _Found:
        entry, renamed_from = self._ledger.get(raw.file), None
        if entry is None:
            holder = self._holders.setdefault(raw.sha256, raw.file)
            if holder != raw.file:
                return _Found(None, copy_of=holder)
            renamed_from = self._gone.pop(raw.sha256, None)
            if renamed_from is None:
                slug, source = self._claim_holder(raw.file, {raw.sha256})
                if slug is None:
                    return _Found(None)
                return _Found(_Entry(slug, source.sha256 if source else raw.sha256, ""), adopted=True)
            entry = self._ledger.pop(renamed_from)
            self._ledger[raw.file] = entry
        if (self._content_dir / f"{entry.slug}.md").exists():
            return _Found(entry, renamed_from=renamed_from)
        slug, _source = self._claim_holder(raw.file, {entry.seed_sha256, raw.sha256})
        if slug is None:
            return _Found(entry, renamed_from=renamed_from)  # deleted by hand
        moved = _Entry(slug, entry.seed_sha256, entry.content_sha256)
        self._ledger[raw.file] = moved
        return _Found(moved, renamed_from=renamed_from, moved_from=entry.slug)

    def _claim_holder(self, seed: str, texts: set[str]) -> tuple[str | None, Source | None]:
        """The content file no ledger entry owns whose `source` is one of `texts`, else names `seed`; now owned."""
        if self._sources is None:
            self._sources = {}
            for slug in sorted(self._slugs.unowned):
                if not SLUG_PATTERN.match(slug):  # "My Article.md": the ledger only takes safe slugs
                    continue
                source = _read_source(self._content_dir / f"{slug}.md")
                if source is not None:
                    self._sources[slug] = source
        matches = [slug for slug, source in self._sources.items() if source.sha256 in texts]
        matches = matches or [slug for slug, source in self._sources.items() if source.file == seed]
        if not matches:
            return None, None
        slug = matches[0]
        source = self._sources.pop(slug)
        self._slugs.unowned.discard(slug)
        self._slugs.owned.add(slug)
        return slug, source


def _read_source(path: Path) -> Source | None:
    """The `source` a content file's front matter names, or None when it has none or cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    front = _FRONT_MATTER.match(text.removeprefix("\ufeff"))
    if front is None:
        return None
    try:  # a safe load only: aliases stay references, and only two strings are looked at
        data = yaml.load(front.group(1), Loader=_SafeLoader)
    except yaml.YAMLError:
        return None
    source = data.get("source") if isinstance(data, dict) else None
    if not isinstance(source, dict) or not isinstance(source.get("sha256"), str):
        return None
    file = source.get("file")
    return Source(file=file if isinstance(file, str) else "", sha256=source["sha256"])


def _found_notes(found: _Found, raw: RawArticle, config: Config) -> list[Problem]:
    """Lines saying how a seed was recognised when not by its own name and file."""
    root = config.path.parent
    seed_shown = relative_path(config.seeds_dir / raw.file, root)
    notes = []
    if found.entry is not None and found.renamed_from is not None:
        old = relative_path(config.seeds_dir / found.renamed_from, root)
        message = f"same text as {old}, which is gone: taken as that seed renamed; its article keeps its slug"
        notes.append(Problem(Location(seed_shown), message, severity="note"))
    if found.entry is not None and found.moved_from is not None:
        shown = relative_path(config.content_dir / f"{found.entry.slug}.md", root)
        old = relative_path(config.content_dir / f"{found.moved_from}.md", root)
        message = f"holds {seed_shown} (renamed by hand from {old}); kept under its new name"
        notes.append(Problem(Location(shown), message, severity="note"))
    return notes


def _decide(
    raw: RawArticle, found: _Found, config: Config, *, force: bool, restore: bool
) -> _Pending | tuple[str, str, list[Problem]]:
    """The import rules about names: copies and deletions are skipped, adopted files compared after extraction."""
    root = config.path.parent
    seed_shown = relative_path(config.seeds_dir / raw.file, root)
    if found.copy_of is not None:
        first = relative_path(config.seeds_dir / found.copy_of, root)
        message = f"same text as {first}; not imported again (delete one of the two seeds)"
        return "copies", seed_shown, [Problem(Location(seed_shown), message, severity="warning")]
    entry = found.entry
    if entry is None:
        return _Pending(raw, None, None, False)
    path = config.content_dir / f"{entry.slug}.md"
    if found.adopted:
        current = _read_bytes(path)
        return _Pending(raw, entry, current, current is not None, adopted=True)
    if not path.exists() and not (force or restore):
        shown = relative_path(path, root)
        message = f"deleted by hand, so {seed_shown} is not imported again; import --restore writes it again"
        return "deleted", shown, [Problem(Location(shown), message, severity="note")]
    return _check_seed(raw, entry, config, force=force, renamed=found.renamed_from is not None)


@dataclass(frozen=True)
class _Pending:
    """A seed that must be (re-)extracted: its ledger entry, and the content file's bytes and state now."""

    raw: RawArticle
    entry: _Entry | None
    current: bytes | None
    edited: bool
    position: int = 0
    adopted: bool = False


def _check_seed(
    raw: RawArticle, entry: _Entry, config: Config, *, force: bool, renamed: bool
) -> _Pending | tuple[str, str, list[Problem]]:
    """Apply the import rules that need no extraction: a decided (outcome, content file, problems), or _Pending.

    A renamed seed's article is written again when it is as imported, so its `source` names the seed's new file.
    """
    root = config.path.parent
    path = config.content_dir / f"{entry.slug}.md"
    shown = relative_path(path, root)
    current = _read_bytes(path)
    edited = current is not None and _sha256(current) != entry.content_sha256
    if edited and not force:
        if raw.sha256 == entry.seed_sha256:
            return "protected", shown, []
        return "protected", shown, [_edited_warning(shown, relative_path(config.seeds_dir / raw.file, root))]
    if current is not None and raw.sha256 == entry.seed_sha256 and not force and not renamed:
        return "unchanged", shown, []
    return _Pending(raw, entry, current, edited)


def _edited_warning(shown: str, seed_shown: str) -> Problem:
    message = (
        f"was edited by hand since import; kept it, so the changes to {seed_shown} are not imported. "
        "Use --force to re-import (the edited file is backed up to content/.backup/ first)"
    )
    return Problem(Location(shown), message, severity="warning")


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
    item: _Pending, article: Article, config: Config, ledger: dict[str, _Entry], slugs: _Slugs, *, force: bool
) -> tuple[str, str, str | None]:
    """Place an extracted article under its slug and write it; update `ledger`.

    Returns (outcome, content file, backup of the hand-edited file it replaced or None). An adopted file (see
    _Found) that differs from what would be written counts as edited by hand: kept, or backed up with `force`.
    """
    raw, current = item.raw, item.current
    article = dataclasses.replace(article, body=escape_markdown(article.body))  # seed text stays text
    if item.entry:
        article = _with_provenance(article, item.entry.slug, raw)
    else:
        article, current = _place_new_article(article, raw, config.content_dir, slugs)
    path = config.content_dir / f"{article.slug}.md"
    shown = relative_path(path, config.path.parent)
    data = format_article(article).encode("utf-8")
    ledger[raw.file] = _Entry(article.slug, raw.sha256, _sha256(data), review_digests(article))
    if current == data:
        return "unchanged", shown, None
    if item.adopted and not force:
        return "protected", shown, None
    backup = None
    if current is not None and item.edited:
        backup_path = config.content_dir / BACKUP_DIR / f"{article.slug}.{_sha256(current)[:12]}.md"
        _write_atomic(backup_path, current)
        backup = relative_path(backup_path, config.path.parent)
    _write_atomic(path, data)
    return ("imported" if current is None else "updated"), shown, backup


def _place_new_article(
    article: Article, raw: RawArticle, content_dir: Path, slugs: _Slugs
) -> tuple[Article, bytes | None]:
    """Give a seed new to the ledger a slug no other file has: the extractor's, else with -2, -3 ... appended.

    A file the ledger does not know that holds exactly what would be written (an import interrupted before
    its ledger was saved) is adopted rather than stepped around. Returns the article and the file's bytes.
    """
    base = _bounded_slug(_safe_slug(article.slug))
    number = slugs.next_number.get(base, 1)
    while True:
        slug = base if number == 1 else _bounded_slug(base, f"-{number}")
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
    return slugify(candidate, max_length=MAX_SLUG_BYTES, word_boundary=True) or "article"


def _bounded_slug(base: str, suffix: str = "") -> str:
    """`base` + `suffix` in at most MAX_SLUG_BYTES, `base` cut at a hyphen (its word boundary) when it must be.

    A safe slug is ASCII, so bytes are characters; a single word longer than the room is cut where it must be.
    """
    room = MAX_SLUG_BYTES - len(suffix.encode("utf-8"))
    if len(base.encode("utf-8")) <= room:
        return base + suffix
    cut = base.encode("utf-8")[:room].decode("utf-8", "ignore")
    if base[len(cut) : len(cut) + 1] != "-" and "-" in cut:
        cut = cut.rsplit("-", 1)[0]
    return cut.strip("-") + suffix


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
