"""Site: write the built files into site/ atomically, keeping unchanged files' bytes and timestamps.

The new tree is built in a hidden sibling folder (`.site-new-<pid>-XXXX`) and swapped in, so a build that
fails or is killed at any point before the swap leaves the previous site/ exactly as it was. The swap is one
atomic exchange where the OS has it (Linux renameat2), so site/ exists at every moment; elsewhere two
renames. The staging tree of a build that was killed is reused or deleted by the next build (see staging).
A file whose bytes equal the live site's file is hard-linked from it instead of written: it keeps its
modification time, so an upload that syncs by mtime sends nothing for it.

Creating and deleting folders is the slow part of writing a site (about 0.5 ms per mkdir on this
machine's disk, and a pretty-URL site has one folder per page), so the replaced tree is not deleted:
it is kept as `.site-old-XXXX` and the next build claims it as its staging folder, where the folder
structure already exists and unchanged files are already hard links to the live ones. A file in the
staging tree is never written in place (it may share its inode with the live site): it is unlinked
and created anew.

Only a folder a build made is ever replaced: every site carries a marker file (`.coopnews-site`), and an
existing, non-empty output folder without it (hand-written docs/, a checkout's tests/) is refused before
anything is touched, since replacing it would move its files away.

SiteWriter writes file by file, so the pages can be written as they are rendered, by this process and by
a worker forked after the writer was made (each file is written by exactly one of them); write_site is the
all-at-once form.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coopnews.errors import CoopNewsError, Location, Problem
from coopnews.model import OutputFile
from coopnews.staging import (
    MARKER,
    claim_staging,
    is_made_by_a_build,
    make_folders_writable,
    pause_point,
    remove_tree,
    swap_in,
)

Stamp = tuple[int, int]  # a file's (size, mtime_ns)

MARKER_TEXT = b"This folder is written by coopnews (python build.py build) and replaced as a whole on every build.\n"


@dataclass(frozen=True)
class WriteReport:
    """What write_site did: files written with new bytes, files kept from the old site, stale files removed."""

    written: int
    unchanged: int
    removed: int
    stamps: dict[str, Stamp] = field(default_factory=dict, compare=False)  # every file of the new site

    @property
    def total(self) -> int:
        """Files in the new site."""
        return self.written + self.unchanged


@dataclass
class _Tree:
    """A folder's contents, relative and '/'-separated: files (and symlinks) with size, inode and mtime, and folders."""

    files: dict[str, tuple[int, int, int]]
    folders: set[str]


def write_site(files: Sequence[OutputFile], output_dir: Path, *, keep: Collection[str] = ()) -> WriteReport:
    """Replace `output_dir` with exactly `files` plus the `keep` files as they are now, atomically; raise
    CoopNewsError before touching it if any path is bad.

    `keep` names files of the live site the caller knows are still right (the build cache says what they were
    rendered from has not changed): they are linked without being read. Invariant: when this raises,
    `output_dir` is as it was and no staging folder is left behind.
    """
    writer = SiteWriter(output_dir, [*(file.path for file in files), *keep])
    try:
        stamps = {path: writer.keep(path) for path in keep}
        written = 0
        for file in sorted(files, key=lambda file: file.path):
            stamps[file.path], new = writer.put(file)
            written += new
        return writer.finish(stamps, written)
    except BaseException:
        writer.abort()
        raise


def stage_files(writer: SiteWriter, files: Iterable[OutputFile]) -> tuple[dict[str, Stamp], int]:
    """Put planned `files` in `writer`: their stamps, and how many got new bytes."""
    stamps: dict[str, Stamp] = {}
    written = 0
    for file in files:
        stamps[file.path], new = writer.put(file)
        written += new
    return stamps, written


class SiteWriter:
    """A new site/ filled file by file in a staging folder, then swapped in by finish(), or dropped by abort().

    Every path must be planned (checked, its folders made) before it is put; planning the whole list at once
    refuses bad paths and clashes before anything is written. Invariant: until finish() returns, the live
    site is untouched, and after finish() or abort() no staging folder is left.
    """

    def __init__(self, output_dir: Path, paths: Collection[str]) -> None:
        if output_dir.is_symlink() or (output_dir.exists() and not output_dir.is_dir()):
            problem = Problem(Location(str(output_dir)), "the output path exists and is not a plain folder")
            raise CoopNewsError([problem])
        if output_dir.is_dir() and not is_made_by_a_build(output_dir):  # before listing it: it may be huge
            raise CoopNewsError([Problem(Location(str(output_dir)), _NOT_MADE_BY_A_BUILD)])
        self._output_dir = output_dir
        self._live = _list_tree(output_dir) if output_dir.is_dir() else _Tree({}, set())
        live_marker = self._live.files.pop(MARKER, None)
        self._planned: set[str] = set()
        self._check(paths)
        try:
            self._staging = claim_staging(output_dir)
        except OSError as error:
            message = (
                f"cannot create the new site beside {output_dir.name}/: {error.strerror}: make this folder writable"
            )
            raise CoopNewsError([Problem(Location(str(output_dir.parent)), message)]) from None
        self._staging_root, self._live_root = str(self._staging), str(output_dir)  # plain strings: faster
        try:
            self._old = _list_tree(self._staging)
            make_folders_writable(self._staging, self._old.folders)
            self._stage_marker(live_marker, self._old.files.pop(MARKER, None))
            self.plan(paths)
            pause_point("staged")
        except BaseException:
            self.abort()
            raise

    def _stage_marker(self, live: tuple[int, int, int] | None, staged: tuple[int, int, int] | None) -> None:
        """Put the marker in the staging tree: the live site's own (same inode: an mtime-syncing upload skips it)
        when it has the marker's size (its text says what it is; only its presence matters), else a new file."""
        target = f"{self._staging_root}/{MARKER}"
        live_path = f"{self._live_root}/{MARKER}"
        if live is not None and live[0] == len(MARKER_TEXT):
            if staged is None or staged[1] != live[1]:
                _link(live_path, target, replace=staged is not None)
            return
        _write_new(target, MARKER_TEXT, replace=staged is not None)

    def plan(self, paths: Collection[str], *, made: bool = False) -> None:
        """Check more paths against each other and those planned, and make their folders in the staging tree.

        `made`: another process's copy of this writer planned and staged them already (a forked worker); this
        one only takes note, so finish() expects and keeps them.
        """
        self._check(paths)
        self._planned.update(paths)
        if made:
            for path in paths:
                self._old.files.pop(path, None)  # whatever was staged there before is not ours to remove
            self._old.folders.update(_folders_of(paths))
            return
        old = self._old
        for folder in sorted(_folders_of(paths) - old.folders):
            if folder in old.files:  # the last site had a file where this one needs a folder
                os.unlink(f"{self._staging_root}/{folder}")
                del old.files[folder]
            os.makedirs(f"{self._staging_root}/{folder}", exist_ok=True)
            old.folders.add(folder)
        for path in sorted(set(paths) & old.folders):  # and a folder where this one needs a file
            shutil.rmtree(f"{self._staging_root}/{path}")
            inside = path + "/"
            old.folders -= {f for f in old.folders if f == path or f.startswith(inside)}
            for stale in [f for f in old.files if f.startswith(inside)]:
                del old.files[stale]

    def put(self, file: OutputFile) -> tuple[Stamp, bool]:
        """Stage `file`, hard-linked from the live site when its bytes are the same; its stamp, and whether it
        was written (True) or linked (False)."""
        size = self._live.files.get(file.path, (-1, -1, 0))[0]
        if size == len(file.data) and _read_equals(f"{self._live_root}/{file.path}", file.data):
            return self.keep(file.path), False
        self._require_planned(file.path)
        replace = file.path in self._old.files
        pause_point("writing")
        return _write_new(f"{self._staging_root}/{file.path}", file.data, replace=replace), True

    def live_stamp(self, path: str) -> Stamp | None:
        """The (size, mtime_ns) the live site's file at `path` had when this writer listed it, or None."""
        entry = self._live.files.get(path)
        return None if entry is None or entry[0] < 0 else (entry[0], entry[2])

    def keep(self, path: str) -> Stamp:
        """Stage the live site's file at `path` as it is (same inode, same mtime); its stamp."""
        self._require_planned(path)
        size, inode, mtime = self._live.files.get(path, (-1, -1, 0))
        if size < 0:
            raise CoopNewsError([Problem(Location(path), "a file to keep is missing from the site; build again")])
        staged = self._old.files.get(path)
        if staged is not None and staged[1] == inode:
            return size, mtime
        target = f"{self._staging_root}/{path}"
        if _link(f"{self._live_root}/{path}", target, replace=staged is not None):
            return size, mtime
        return _stamp(os.stat(target))

    def finish(self, stamps: dict[str, Stamp], written: int) -> WriteReport:
        """Swap the staged site in. `stamps` must hold every planned path (what put and keep returned)."""
        missing = self._planned - stamps.keys()
        if missing:
            raise CoopNewsError([Problem(Location(min(missing)), "planned but never written (a bug in the build)")])
        old = self._old
        for path in sorted(old.files.keys() - self._planned):
            os.unlink(f"{self._staging_root}/{path}")
        for folder in sorted(old.folders - _folders_of(self._planned), reverse=True):
            shutil.rmtree(f"{self._staging_root}/{folder}", ignore_errors=True)
        pause_point("written")
        swap_in(self._staging, self._output_dir)
        pause_point("swapped")
        removed = len(self._live.files.keys() - self._planned)
        return WriteReport(written=written, unchanged=len(stamps) - written, removed=removed, stamps=stamps)

    def abort(self) -> None:
        """Drop the staging tree; the live site stays as it was."""
        remove_tree(self._staging)

    def _check(self, paths: Collection[str]) -> None:
        """Refuse unsafe paths, two outputs claiming one path, and a file where another path needs a folder."""
        problems = _path_problems([*sorted(self._planned), *paths])
        if problems:
            raise CoopNewsError(problems)

    def _require_planned(self, path: str) -> None:
        if path not in self._planned:
            raise CoopNewsError([Problem(Location(path), "written without being planned (a bug in the build)")])


_NOT_MADE_BY_A_BUILD = (
    f"the output folder holds files and no {MARKER}, so no build made it, and a build replaces all of it: "
    "move those files away, or set paths.output to a new folder (a site built before the marker existed: delete it)"
)


def output_folder_clash(output_dir: Path, inputs: Mapping[str, Path]) -> str | None:
    """Why `output_dir` (absolute, resolved) must not be the output folder, or None.

    A build replaces the whole output folder, so it must not be, contain or lie inside any of `inputs` (name ->
    folder or file: the project, config, content, seeds, templates), nor lie inside a .git folder.
    """
    if ".git" in output_dir.parts:
        return "the output folder is replaced on every build; it must not be inside a .git folder"
    for name, path in inputs.items():
        if output_dir == path or output_dir in path.parents:
            return f"the output folder is replaced on every build; it must not be or contain the {name} ({path})"
        if name != "project" and path in output_dir.parents:
            return f"the output folder is replaced on every build; it must not be inside the {name} folder ({path})"
    return None


def _path_problems(paths: Sequence[str]) -> list[Problem]:
    """What is wrong with the paths: unsafe ones, two outputs claiming one path, a file where a folder is needed."""
    problems: list[Problem] = []
    claimed: dict[str, int] = {}
    for index, path in enumerate(paths):
        reason = _unsafe_reason(path) or (f"{MARKER} is the build's own marker file" if path == MARKER else None)
        if reason:
            problems.append(Problem(Location(path or "<empty path>"), f"unsafe output path: {reason}"))
        elif path in claimed:
            message = f"two output files claim this path: output #{claimed[path]} and output #{index}"
            problems.append(Problem(Location(path), message))
        else:
            claimed[path] = index
    for path in sorted(_folders_of(claimed) & claimed.keys()):
        problems.append(Problem(Location(path), "output path is a file, but other output files need it as a folder"))
    return problems


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
    files: dict[str, tuple[int, int, int]] = {}
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
                    stat = entry.stat(follow_symlinks=False)
                    files[relative] = (stat.st_size, entry.inode(), stat.st_mtime_ns)
                else:
                    files[relative] = (-1, entry.inode(), 0)  # symlink or special file: never reused
    return _Tree(files, folders)


def _read_equals(path: str, data: bytes) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False


def _stamp(stat: os.stat_result) -> tuple[int, int]:
    return stat.st_size, stat.st_mtime_ns


def _write_new(target: str, data: bytes, *, replace: bool) -> tuple[int, int]:
    """Create `target` as a new file (unlinked first: the old one may be the live site's inode); its stamp."""
    if replace:
        os.unlink(target)
    # os-level calls, not open(): no buffered file object for a single write, 13,900 times in a build
    descriptor = os.open(target, _CREATE_FLAGS, 0o666)  # as open("xb"): the umask applies
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
        return _stamp(os.fstat(descriptor))
    finally:
        os.close(descriptor)


_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _link(source: str, target: str, *, replace: bool) -> bool:
    """Hard-link `source` to `target` (same inode, same mtime); copy with metadata where links are refused.

    Returns whether it linked: a copy's mtime may differ from the source's in its last digits."""
    if replace:
        os.unlink(target)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
        return False
    return True
