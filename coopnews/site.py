"""Site: write the built files into site/ atomically, keeping unchanged files' bytes and timestamps.

The new tree is built in a hidden sibling folder (`.site-new-XXXX`) and swapped in with renames, so a
build that fails at any point before the swap leaves the previous site/ exactly as it was. A file whose
bytes equal the live site's file is hard-linked from it instead of written: it keeps its modification
time, so an upload that syncs by mtime sends nothing for it.

Creating and deleting folders is the slow part of writing a site (about 0.5 ms per mkdir on this
machine's disk, and a pretty-URL site has one folder per page), so the replaced tree is not deleted:
it is kept as `.site-old-XXXX` and the next build claims it as its staging folder, where the folder
structure already exists and unchanged files are already hard links to the live ones. A file in the
staging tree is never written in place (it may share its inode with the live site): it is unlinked
and created anew.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass
from pathlib import Path

from coopnews.errors import CoopNewsError, Location, Problem
from coopnews.model import OutputFile


@dataclass(frozen=True)
class WriteReport:
    """What write_site did: files written with new bytes, files kept from the old site, stale files removed."""

    written: int
    unchanged: int
    removed: int

    @property
    def total(self) -> int:
        """Files in the new site."""
        return self.written + self.unchanged


@dataclass(frozen=True)
class _Tree:
    """A folder's contents, relative and '/'-separated: files (and symlinks) with size and inode, and folders."""

    files: dict[str, tuple[int, int]]
    folders: set[str]


def write_site(
    files: Sequence[OutputFile], output_dir: Path, *, known_unchanged: Set[str] = frozenset()
) -> WriteReport:
    """Replace `output_dir` with exactly `files`, atomically; raise CoopNewsError before touching it if any path is bad.

    `known_unchanged` names files the caller has just read from `output_dir` and checked, so their bytes are
    not compared again (at 10,000 articles that is most of the site). Invariant: when this raises,
    `output_dir` is as it was and no staging folder is left behind.
    """
    ordered = _check_paths(files)
    if output_dir.is_symlink() or (output_dir.exists() and not output_dir.is_dir()):
        raise CoopNewsError([Problem(Location(str(output_dir)), "the output path exists and is not a plain folder")])
    live = _list_tree(output_dir) if output_dir.is_dir() else _Tree({}, set())
    staging = _claim_staging(output_dir)
    try:
        written, unchanged = _fill_staging(ordered, staging, output_dir, live, known_unchanged)
        _swap_in(staging, output_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    removed = len(live.files.keys() - {file.path for file in ordered})
    return WriteReport(written=written, unchanged=unchanged, removed=removed)


def _check_paths(files: Sequence[OutputFile]) -> list[OutputFile]:
    """Return the files sorted by path; refuse unsafe paths and two outputs claiming one path (or file vs folder)."""
    problems: list[Problem] = []
    claimed: dict[str, int] = {}
    for index, file in enumerate(files):
        reason = _unsafe_reason(file.path)
        if reason:
            problems.append(Problem(Location(file.path or "<empty path>"), f"unsafe output path: {reason}"))
        elif file.path in claimed:
            first = claimed[file.path]
            problems.append(
                Problem(
                    Location(file.path),
                    f"two output files claim this path: output #{first} ({len(files[first].data)} bytes) "
                    f"and output #{index} ({len(file.data)} bytes)",
                )
            )
        else:
            claimed[file.path] = index
    for path in sorted(_folders_of(claimed) & claimed.keys()):
        problems.append(Problem(Location(path), "output path is a file, but other output files need it as a folder"))
    if problems:
        raise CoopNewsError(problems)
    return sorted(files, key=lambda file: file.path)


def _unsafe_reason(path: str) -> str | None:
    """Say why `path` could escape or confuse the output folder, or None when it is a plain relative path."""
    if not path:
        return "empty"
    if "\\" in path:
        return f"backslash in {path!r}; use '/'"
    if path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        return f"absolute path {path!r}; expected a path relative to the site root"
    if "\0" in path:
        return f"NUL character in {path!r}"
    for part in path.split("/"):
        if part == "":
            return f"empty part in {path!r}"
        if part in (".", ".."):
            return f"{part!r} part in {path!r}"
    return None


def _folders_of(paths: Iterable[str]) -> set[str]:
    """Every folder the given '/'-separated file paths need, parents included."""
    folders: set[str] = set()
    for path in paths:
        parts = path.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            folders.add("/".join(parts[:depth]))
    return folders


def _list_tree(root: Path) -> _Tree:
    """List `root` recursively without following symlinks (a symlink counts as a file to replace)."""
    files: dict[str, tuple[int, int]] = {}
    folders: set[str] = set()
    pending = [(str(root), "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                relative = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.add(relative)
                    pending.append((entry.path, relative + "/"))
                elif entry.is_file(follow_symlinks=False):
                    files[relative] = (entry.stat(follow_symlinks=False).st_size, entry.inode())
                else:
                    files[relative] = (-1, entry.inode())  # symlink or special file: never reused
    return _Tree(files, folders)


def _sibling_name(output_dir: Path, role: str) -> Path:
    return output_dir.parent / f".{output_dir.name}-{role}-{secrets.token_hex(4)}"


def _claim_staging(output_dir: Path) -> Path:
    """Take over the tree the previous build replaced (renamed, so no one else takes it), or make an empty folder.

    Extra leftovers from interrupted builds are deleted so they cannot pile up.
    """
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    claimed: Path | None = None
    for spare in sorted(output_dir.parent.glob(f".{output_dir.name}-old-*")):
        if not spare.is_dir() or spare.is_symlink():
            continue
        if claimed is None:
            target = _sibling_name(output_dir, "new")
            try:
                spare.rename(target)
            except OSError:
                continue
            claimed = target
        else:
            shutil.rmtree(spare, ignore_errors=True)
    if claimed is not None:
        return claimed
    while True:
        candidate = _sibling_name(output_dir, "new")
        try:
            candidate.mkdir()  # honours the umask, unlike tempfile.mkdtemp's 0o700
        except FileExistsError:
            continue
        return candidate


def _fill_staging(
    files: list[OutputFile], staging: Path, live_dir: Path, live: _Tree, known_unchanged: Set[str]
) -> tuple[int, int]:
    """Make `staging` hold exactly `files`, hard-linking those whose bytes equal the live site's; return counts."""
    old = _list_tree(staging)
    wanted_files = {file.path for file in files}
    wanted_folders = _folders_of(wanted_files)
    for path in sorted(old.files.keys() - wanted_files):
        os.unlink(staging / path)
    for path in sorted(old.folders - wanted_folders, reverse=True):
        shutil.rmtree(staging / path, ignore_errors=True)
    for path in sorted(wanted_folders - old.folders):
        os.makedirs(staging / path, exist_ok=True)
    written = unchanged = 0
    staging_root, live_root = str(staging), str(live_dir)  # plain strings: pathlib costs add up over 10,000 files
    for file in files:
        target = f"{staging_root}/{file.path}"
        source = f"{live_root}/{file.path}"
        staged = old.files.get(file.path)
        size, inode = live.files.get(file.path, (-1, -1))
        if size == len(file.data) and (file.path in known_unchanged or _read_equals(source, file.data)):
            unchanged += 1
            if staged is None or staged[1] != inode:
                _link_or_copy(source, target, replace=staged is not None)
            continue
        _write_new(target, file.data, replace=staged is not None)
        written += 1
    return written, unchanged


def _read_equals(path: str, data: bytes) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False


def _write_new(target: str, data: bytes, *, replace: bool) -> None:
    """Create `target` as a new file: unlinked first, since the old one may be the live site's inode."""
    if replace:
        os.unlink(target)
    with open(target, "xb") as handle:
        handle.write(data)


def _link_or_copy(source: str, target: str, *, replace: bool) -> None:
    """Hard-link `source` to `target` (same inode, same mtime); copy with metadata where links are refused."""
    if replace:
        os.unlink(target)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _swap_in(staging: Path, output_dir: Path) -> None:
    """Move the live site aside (kept as the next build's staging tree) and the new one in; undo if the move fails."""
    if not output_dir.exists():
        os.rename(staging, output_dir)
        return
    retired = _sibling_name(output_dir, "old")
    os.rename(output_dir, retired)
    try:
        os.rename(staging, output_dir)
    except BaseException:
        os.rename(retired, output_dir)
        raise
