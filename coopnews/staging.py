"""Staging: the hidden trees beside site/ that builds fill and swap in — claimed from earlier builds or made anew,
swapped in atomically, and cleaned up after builds that were killed.

A tree is named `.site-new-<pid>-XXXX` while a build fills it and `.site-old-XXXX` once retired; a `-new-` tree
whose pid no longer runs is a killed build's. Only trees carrying the build's marker are ever reused or
deleted. pause_point marks the stage boundaries where the tests kill builds.
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
from collections.abc import Iterable
from pathlib import Path
from stat import S_IRWXU, S_ISREG, S_IWUSR, S_IXUSR
from typing import Any

#: The file that marks a folder as made by a build; not an output (no page links to it, no stamp records it).
MARKER = ".coopnews-site"

#: For the tests that kill builds (tests/pipeline/test_kill.py): the build stage to stop at, from the environment.
_PAUSE_AT = os.environ.get("COOPNEWS_PAUSE_AT") or None


def pause_point(stage: str) -> None:
    """A stage boundary where a test may kill the build: with COOPNEWS_PAUSE_AT=`stage`, say so on stderr and
    wait to be killed. Stages: staged (staging tree made), writing (first new file), cache (first cache file
    written, not yet in place), written (all staged, before the swap), swapped (before the cache is saved)."""
    if stage == _PAUSE_AT:
        print(f"coopnews: paused at {stage} (pid {os.getpid()})", file=sys.stderr, flush=True)
        time.sleep(600)


def _sibling_name(output_dir: Path, role: str) -> Path:
    """`.site-new-<pid>-<hex>` (staging: the pid of the build that owns it) or `.site-old-<hex>` (retired)."""
    owner = f"{os.getpid()}-" if role == "new" else ""
    return output_dir.parent / f".{output_dir.name}-{role}-{owner}{secrets.token_hex(4)}"


def claim_staging(output_dir: Path) -> Path:
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
        if spare and is_made_by_a_build(entry):
            (old if role == "old" else stale).append(entry)
    return [*old, *stale]


def is_made_by_a_build(folder: Path) -> bool:
    """`folder` holds the build's marker (a plain file, not a link), or nothing at all; False if unreadable."""
    try:
        if S_ISREG(os.lstat(folder / MARKER).st_mode):
            return True
    except OSError:
        pass
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is None
    except OSError:
        return False


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
        pass  # another user's process
    return not _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    """A process that has exited and waits to be reaped (Linux; elsewhere False): it writes nothing any more."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    except (OSError, IndexError):
        return False


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


def make_folders_writable(root: Path, folders: Iterable[str]) -> None:
    """Give the owner write access to the staging tree's folders: a tree retired from a site made read-only
    by hand keeps its modes, and files are replaced by unlinking them, which needs the folder writable."""
    for folder in [".", *folders]:
        path = os.path.join(root, folder)
        mode = os.stat(path).st_mode
        if mode & (S_IWUSR | S_IXUSR) != S_IWUSR | S_IXUSR:
            os.chmod(path, mode | S_IWUSR | S_IXUSR)


def swap_in(staging: Path, output_dir: Path) -> None:
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
