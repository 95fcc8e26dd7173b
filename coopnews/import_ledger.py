"""Import ledger: what each seed was imported as, and how a seed or a content file is recognised under a new name.

The ledger, content/.import-ledger.json, remembers for each seed file the slug it was imported as, the seed's
checksum and the checksum of the content file as the importer wrote it. That tells a hand-edited content file
(its checksum moved) from one the importer may replace, and keeps each seed's slug stable across re-imports.
The seed's checksum also recognises a seed under a new name, and every content file names its seed in its
`source` field, which finds a content file renamed by hand and rebuilds what a lost ledger knew. The file
helpers at the end (atomic writes with the umask's permissions) serve the ledger and the content files alike.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coopnews.config import Config
from coopnews.content import SLUG_PATTERN
from coopnews.errors import CoopNewsError, Location, Problem, relative_path
from coopnews.model import RawArticle, Source

LEDGER_NAME = ".import-ledger.json"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$", re.DOTALL | re.MULTILINE)
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class LedgerEntry:
    """One ledger line: the slug a seed was imported as, and the checksums of the seed and of what was written."""

    slug: str
    seed_sha256: str
    content_sha256: str
    #: (field, digest of its value as imported) for each field under needs_review: tells a corrected field
    review: tuple[tuple[str, str], ...] = ()


@dataclass
class SlugsInUse:
    """Slugs in use: `owned` by a seed in the ledger, `unowned` by a content file the ledger does not know
    (written by hand, never overwritten); `next_number` remembers where each base slug's -N search got to.
    """

    owned: set[str]
    unowned: set[str]
    next_number: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Recognised:
    """What is known of a seed: its ledger entry, found by its name or its text, or None for a new article.

    `renamed_from` is the seed name the ledger knew the text under; `moved_from` the slug of a content file
    the person renamed to `entry.slug`; `adopted` marks an entry rebuilt from a content file's `source` (the
    ledger was lost), so the file is compared with what would be written before anything is decided;
    `copy_of` names an earlier seed with the same text.
    """

    entry: LedgerEntry | None
    renamed_from: str | None = None
    moved_from: str | None = None
    adopted: bool = False
    copy_of: str | None = None


class SeedFinder:
    """Finds each seed's ledger entry by what it holds, not only by its file name; updates ledger and slugs.

    Seeds must be passed in seed order: of two seeds with the same text, the one the ledger knows by name
    holds it, else the first.
    """

    def __init__(
        self, raws: list[RawArticle], ledger: dict[str, LedgerEntry], slugs: SlugsInUse, content_dir: Path
    ) -> None:
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

    def find(self, raw: RawArticle) -> Recognised:
        entry, renamed_from = self._ledger.get(raw.file), None
        if entry is None:
            holder = self._holders.setdefault(raw.sha256, raw.file)
            if holder != raw.file:
                return Recognised(None, copy_of=holder)
            renamed_from = self._gone.pop(raw.sha256, None)
            if renamed_from is None:
                slug, source = self._claim_holder(raw.file, {raw.sha256})
                if slug is None:
                    return Recognised(None)
                return Recognised(LedgerEntry(slug, source.sha256 if source else raw.sha256, ""), adopted=True)
            entry = self._ledger.pop(renamed_from)
            self._ledger[raw.file] = entry
        if (self._content_dir / f"{entry.slug}.md").exists():
            return Recognised(entry, renamed_from=renamed_from)
        slug, _source = self._claim_holder(raw.file, {entry.seed_sha256, raw.sha256})
        if slug is None:
            return Recognised(entry, renamed_from=renamed_from)  # deleted by hand
        moved = LedgerEntry(slug, entry.seed_sha256, entry.content_sha256)
        self._ledger[raw.file] = moved
        return Recognised(moved, renamed_from=renamed_from, moved_from=entry.slug)

    def _claim_holder(self, seed: str, texts: set[str]) -> tuple[str | None, Source | None]:
        """The content file no ledger entry owns whose `source` is one of `texts`, else names `seed`; now owned."""
        if self._sources is None:
            self._sources = {}
            for slug in sorted(self._slugs.unowned):
                if not SLUG_PATTERN.match(slug):  # "My Article.md": the ledger only takes safe slugs
                    continue
                source = read_source(self._content_dir / f"{slug}.md")
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


def read_source(path: Path) -> Source | None:
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


def read_ledger(path: Path, shown: str) -> dict[str, LedgerEntry]:
    """Read the ledger; a damaged one stops the import, since without it every file would look hand-written."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CoopNewsError([Problem(Location(shown), _ledger_damaged(str(error)))]) from None
    ledger: dict[str, LedgerEntry] = {}
    if not isinstance(data, dict):
        raise CoopNewsError([Problem(Location(shown), _ledger_damaged("expected a JSON object"))])
    for seed, item in data.items():
        try:
            review = item.get("review") or {}
            entry = LedgerEntry(
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
    ledger = read_ledger(path, relative_path(path, config.path.parent))
    return {entry.slug: (entry.content_sha256, dict(entry.review)) for entry in ledger.values()}


def _ledger_record(entry: LedgerEntry) -> dict[str, Any]:
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


def write_ledger(path: Path, ledger: dict[str, LedgerEntry]) -> None:
    """Write the ledger (sorted keys, one space indent, final newline), unless it already says the same."""
    data = {seed: _ledger_record(entry) for seed, entry in ledger.items()}
    text = (json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    if read_bytes(path) != text:
        write_atomic(path, text)


def read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
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
