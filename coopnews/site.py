"""Site: write the built files into site/ atomically, keeping unchanged files' bytes and timestamps.

The new tree is built in a hidden sibling folder (`.site-new-<pid>-XXXX`) and swapped in, so a build that
fails or is killed at any point before the swap leaves the previous site/ exactly as it was. The swap is one
atomic exchange where the OS has it (Linux renameat2), so site/ exists at every moment; elsewhere two
renames. The staging tree of a build that was killed is reused or deleted by the next build. A file whose
bytes equal the live site's file is hard-linked from it instead of written: it keeps its modification
time, so an upload that syncs by mtime sends nothing for it.

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

import contextlib
import ctypes
import errno
import os
import secrets
import shutil
import sys
import time
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_IRWXU, S_IWUSR, S_IXUSR
from typing import Any

from coopnews.errors import CoopNewsError, Location, Problem
from coopnews.model import OutputFile

Stamp = tuple[int, int]  # a file's (size, mtime_ns)

#: The file that marks a folder as made by a build; not an output (no page links to it, no stamp records it).
MARKER = ".coopnews-site"
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
        self._output_dir = output_dir
        self._live = _list_tree(output_dir) if output_dir.is_dir() else _Tree({}, set())
        live_marker = self._live.files.pop(MARKER, None)
        if live_marker is None and (self._live.files or self._live.folders):
            raise CoopNewsError([Problem(Location(str(output_dir)), _NOT_MADE_BY_A_BUILD)])
        self._planned: set[str] = set()
        self._check(paths)
        try:
            self._staging = _claim_staging(output_dir)
        except OSError as error:
            message = (
                f"cannot create the new site beside {output_dir.name}/: {error.strerror}: make this folder writable"
            )
            raise CoopNewsError([Problem(Location(str(output_dir.parent)), message)]) from None
        self._staging_root, self._live_root = str(self._staging), str(output_dir)  # plain strings: faster
        try:
            self._old = _list_tree(self._staging)
            _make_folders_writable(self._staging, self._old.folders)
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
        if _PAUSE_AT is not None:
            pause_point("writing")
        return _write_new(f"{self._staging_root}/{file.path}", file.data, replace=replace), True

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
        _swap_in(self._staging, self._output_dir)
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


#: For the tests that kill builds (tests/pipeline/test_kill.py): the build stage to stop at, from the environment.
_PAUSE_AT = os.environ.get("COOPNEWS_PAUSE_AT") or None


def pause_point(stage: str) -> None:
    """A stage boundary where a test may kill the build: with COOPNEWS_PAUSE_AT=`stage`, say so on stderr and
    wait to be killed. Stages: staged (staging tree made), writing (first new file), cache (first cache file
    written, not yet in place), written (all staged, before the swap), swapped (before the cache is saved)."""
    if stage == _PAUSE_AT:
        print(f"coopnews: paused at {stage} (pid {os.getpid()})", file=sys.stderr, flush=True)
        time.sleep(600)


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


def _sibling_name(output_dir: Path, role: str) -> Path:
    """`.site-new-<pid>-<hex>` (staging: the pid of the build that owns it) or `.site-old-<hex>` (retired)."""
    owner = f"{os.getpid()}-" if role == "new" else ""
    return output_dir.parent / f".{output_dir.name}-{role}-{owner}{secrets.token_hex(4)}"


def _claim_staging(output_dir: Path) -> Path:
    """Take over a tree an earlier build left (renamed, so no one else takes it), or make an empty folder.

    Spare trees are the one the last build retired (`-old-`) and the staging trees of builds killed before
    their swap (`-new-` named with a pid that no longer runs; the build lock keeps a running build's tree
    from being taken). The first is claimed; the others are deleted, so leftovers cannot pile up. A tree
    without the build's marker is not the build's (a folder a version before the marker moved aside, which
    may hold hand-written files): it is left alone.
    """
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    claimed: Path | None = None
    for spare in _spare_trees(output_dir):
        if claimed is None:
            target = _sibling_name(output_dir, "new")
            try:
                spare.rename(target)
            except OSError:
                continue
            claimed = target
        else:
            remove_tree(spare)
    if claimed is not None:
        return claimed
    while True:
        candidate = _sibling_name(output_dir, "new")
        try:
            candidate.mkdir()  # honours the umask, unlike tempfile.mkdtemp's 0o700
        except FileExistsError:
            continue
        return candidate


def _spare_trees(output_dir: Path) -> list[Path]:
    """Trees beside `output_dir` a build may reuse or delete: retired sites, then staging trees of dead builds."""
    prefix = f".{output_dir.name}-"
    old: list[Path] = []
    stale: list[Path] = []
    for entry in sorted(output_dir.parent.iterdir()):
        name = entry.name
        if not name.startswith(prefix) or entry.is_symlink() or not entry.is_dir():
            continue
        role, _, rest = name[len(prefix) :].partition("-")
        spare = role == "old" or (role == "new" and not _owner_runs(rest))
        if spare and ((entry / MARKER).is_file() or not any(entry.iterdir())):
            (old if role == "old" else stale).append(entry)
    return [*old, *stale]


def _owner_runs(suffix: str) -> bool:
    """Whether the build that made a `-new-<pid>-<hex>` staging tree still runs. Names without a pid (builds
    of an older version) count as stale. Where pids cannot be probed safely (Windows, where os.kill
    terminates), the build lock alone says no other build runs."""
    pid_text, _, _ = suffix.partition("-")
    return pid_text.isdigit() and process_runs(int(pid_text))


def process_runs(pid: int) -> bool:
    """Whether process `pid` runs (on POSIX); False on Windows, where the build lock alone must say so."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: running
    return True


def remove_tree(path: Path | str) -> None:
    """Delete a tree this build owns, read-only folders included (a staging tree copied a read-only site's
    modes); what still cannot be deleted is left for the next build."""

    def make_writable_and_retry(function: Any, failed: str, _error: Any) -> None:
        parent = os.path.dirname(failed)
        try:
            os.chmod(parent, os.stat(parent).st_mode | S_IWUSR | S_IXUSR)
            if os.path.isdir(failed) and not os.path.islink(failed):
                os.chmod(failed, os.stat(failed).st_mode | S_IRWXU)
                shutil.rmtree(failed, ignore_errors=True)
            else:
                function(failed)
        except OSError:
            pass

    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=make_writable_and_retry)
    else:
        shutil.rmtree(path, onerror=make_writable_and_retry)


def _make_folders_writable(root: Path, folders: Iterable[str]) -> None:
    """Give the owner write access to the staging tree's folders: a tree retired from a site made read-only
    by hand keeps its modes, and files are replaced by unlinking them, which needs the folder writable."""
    for folder in [".", *folders]:
        path = os.path.join(root, folder)
        mode = os.stat(path).st_mode
        if mode & (S_IWUSR | S_IXUSR) != S_IWUSR | S_IXUSR:
            os.chmod(path, mode | S_IWUSR | S_IXUSR)


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


def _swap_in(staging: Path, output_dir: Path) -> None:
    """Put the staged site in place of the live one, which is kept as the next build's staging tree.

    Where the OS can exchange two paths in one step (Linux renameat2 RENAME_EXCHANGE), there is no moment
    without `output_dir`; elsewhere, two renames, the first undone if the second fails.
    """
    if not output_dir.exists():
        os.rename(staging, output_dir)
        return
    retired = _sibling_name(output_dir, "old")
    if _exchange(str(staging), str(output_dir)):
        with contextlib.suppress(OSError):  # if refused, the next build finds the old site as a stale staging tree
            os.rename(staging, retired)  # the staging name now holds the old site
        return
    os.rename(output_dir, retired)
    try:
        os.rename(staging, output_dir)
    except BaseException:
        os.rename(retired, output_dir)
        raise


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _load_renameat2() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    except OSError:
        return None
    if function is not None:
        function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
        function.restype = ctypes.c_int
    return function


_renameat2 = _load_renameat2()


def _exchange(first: str, second: str) -> bool:
    """Swap two existing paths atomically; False where the OS or the filesystem cannot (nothing was moved)."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(error, os.strerror(error), first, None, second)
