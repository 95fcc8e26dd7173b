"""Import: seeds/*.txt → content/*.md, never losing what a person wrote in content/.

Each seed is recognised through the import ledger (see import_ledger: by name, by its text under a new name,
or through a content file renamed by hand), the rules decide whether it is imported, skipped or kept as a
person edited it, and the seeds that must be are extracted (on all cores) and written, their text escaped so
that it stays text on the page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Generator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from slugify import slugify

from coopnews.config import Config
from coopnews.content import SLUG_PATTERN, format_article
from coopnews.errors import CoopNewsError, Location, Problem, relative_path
from coopnews.extract import Known, extract_article
from coopnews.import_ledger import (
    LEDGER_NAME,
    LedgerEntry,
    Recognised,
    SeedFinder,
    SlugsInUse,
    read_bytes,
    read_ledger,
    sha256_hex,
    write_atomic,
    write_ledger,
)
from coopnews.markdown_body import escape_markdown
from coopnews.model import Article, Organization, RawArticle, Source
from coopnews.parallel import iter_on_cores
from coopnews.progress import progress_bar
from coopnews.review import review_digests
from coopnews.seeds import read_seeds
from coopnews.slugs import IMPORTED_SLUG_BYTES, cut_slug, numbered_slug

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
    ledger = read_ledger(ledger_path, relative_path(ledger_path, root))
    owned = {entry.slug for entry in ledger.values()}
    on_disk = {p.stem.lower() for p in content_dir.glob("*.md") if not p.name.startswith(".")}
    slugs = SlugsInUse(owned=owned, unowned=on_disk - owned)
    finder = SeedFinder(raws, ledger, slugs, content_dir)
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
        write_ledger(ledger_path, ledger)
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


def _found_notes(found: Recognised, raw: RawArticle, config: Config) -> list[Problem]:
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
    raw: RawArticle, found: Recognised, config: Config, *, force: bool, restore: bool
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
        current = read_bytes(path)
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
    entry: LedgerEntry | None
    current: bytes | None
    edited: bool
    position: int = 0
    adopted: bool = False


def _check_seed(
    raw: RawArticle, entry: LedgerEntry, config: Config, *, force: bool, renamed: bool
) -> _Pending | tuple[str, str, list[Problem]]:
    """Apply the import rules that need no extraction: a decided (outcome, content file, problems), or _Pending.

    A renamed seed's article is written again when it is as imported, so its `source` names the seed's new file.
    """
    root = config.path.parent
    path = config.content_dir / f"{entry.slug}.md"
    shown = relative_path(path, root)
    current = read_bytes(path)
    edited = current is not None and sha256_hex(current) != entry.content_sha256
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
    item: _Pending, article: Article, config: Config, ledger: dict[str, LedgerEntry], slugs: SlugsInUse, *, force: bool
) -> tuple[str, str, str | None]:
    """Place an extracted article under its slug and write it; update `ledger`.

    Returns (outcome, content file, backup of the hand-edited file it replaced or None). An adopted file (see
    Recognised) that differs from what would be written counts as edited by hand: kept, or backed up with `force`.
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
    ledger[raw.file] = LedgerEntry(article.slug, raw.sha256, sha256_hex(data), review_digests(article))
    if current == data:
        return "unchanged", shown, None
    if item.adopted and not force:
        return "protected", shown, None
    backup = None
    if current is not None and item.edited:
        backup_path = config.content_dir / BACKUP_DIR / f"{article.slug}.{sha256_hex(current)[:12]}.md"
        write_atomic(backup_path, current)
        backup = relative_path(backup_path, config.path.parent)
    write_atomic(path, data)
    return ("imported" if current is None else "updated"), shown, backup


def _place_new_article(
    article: Article, raw: RawArticle, content_dir: Path, slugs: SlugsInUse
) -> tuple[Article, bytes | None]:
    """Give a seed new to the ledger a slug no other file has: the extractor's, else with -2, -3 ... appended.

    A file the ledger does not know that holds exactly what would be written (an import interrupted before
    its ledger was saved) is adopted rather than stepped around. Returns the article and the file's bytes.
    """
    base = cut_slug(_safe_slug(article.slug), IMPORTED_SLUG_BYTES)
    number = slugs.next_number.get(base, 1)
    while True:
        slug = numbered_slug(base, number, IMPORTED_SLUG_BYTES)
        number += 1
        if slug in slugs.owned:
            continue
        placed = _with_provenance(article, slug, raw)
        current = read_bytes(content_dir / f"{slug}.md") if slug in slugs.unowned else None
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
    return slugify(candidate, max_length=IMPORTED_SLUG_BYTES, word_boundary=True) or "article"


def _with_provenance(article: Article, slug: str, raw: RawArticle) -> Article:
    """The importer owns the slug and the source: it decides one and knows the other."""
    url = article.source.url if article.source else None
    return dataclasses.replace(article, slug=slug, source=Source(file=raw.file, sha256=raw.sha256, url=url))
