"""Source folders: the files a person put in seeds/, content/ or templates/assets/, and nothing else.

Files reach these folders by copy-paste and pull request, so a folder can hold a link to any file the build
machine can read (`ln -s /etc/passwd seeds/x.txt`, a CI secret) or a named pipe that blocks a reader forever.
Every stage lists its folder through `list_source_files`: a link whose target lies outside the folder, and
anything that is not a regular file, is refused with one line naming it, so its bytes never reach a page, a
feed or the search data. Links that stay inside the folder are fine (an editor's alias of one article).
A file whose name differs from the expected ending only by case (`upper.MD`) is named as ignored, not skipped
without a word.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from coopnews.errors import Location, Problem, relative_path


@dataclass(frozen=True)
class SourceListing:
    """The readable files of a source folder, sorted by relative path, and a Problem for each one refused."""

    files: tuple[Path, ...]
    problems: tuple[Problem, ...]


def list_source_files(folder: Path, suffix: str, *, shown_root: Path, depth: int | None = 0) -> SourceListing:
    """Regular files named `*suffix` in `folder` and in its sub-folders down to `depth` levels (None: all),
    hidden names left out, sorted by their path relative to `folder` ("a.txt" < "b/c.txt").

    A file (or a folder, when sub-folders are read) that is a link pointing outside `folder`, or that is not a
    regular file (a FIFO, a socket, a device), gives an error Problem and is left out; a name whose ending
    matches `suffix` only when case is ignored gives a warning. Messages name paths relative to `shown_root`.
    """
    root = Path(os.path.realpath(folder))
    found: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    for relative, entry in _walk(folder, depth):
        # DirEntry answers is_symlink, is_dir and is_file from the directory listing itself: no system call per
        # file but for links (pathlib's would cost a fifth of a second at 10,000 files)
        path = Path(entry.path)
        is_dir = entry.is_dir()
        if not is_dir and not entry.name.endswith(suffix):
            if entry.name.lower().endswith(suffix.lower()):
                message = f"ignored: only files ending in {suffix!r} are read; rename it to end in {suffix!r}"
                problems.append(Problem(Location(relative_path(path, shown_root)), message, severity="warning"))
            continue
        if entry.is_symlink() and not _is_inside(Path(os.path.realpath(path)), root):
            message = (
                f"refused: a link to {os.readlink(path)!r}, outside {relative_path(folder, shown_root)}/; "
                "copy the file into the folder instead (links out of it could publish any file of this machine)"
            )
            problems.append(Problem(Location(relative_path(path, shown_root)), message))
            continue
        if is_dir:
            continue
        problem = _not_a_regular_file(entry)
        if problem:
            problems.append(Problem(Location(relative_path(path, shown_root)), problem))
            continue
        found.append((relative, path))
    found.sort(key=itemgetter(0))
    return SourceListing(tuple(path for _relative, path in found), tuple(problems))


def _not_a_regular_file(entry: os.DirEntry[str]) -> str | None:
    """Why the file `entry` names cannot be read as a source file, or None."""
    try:
        if entry.is_file():
            return None
        mode = entry.stat().st_mode
    except OSError as error:
        return f"cannot read the file: {error.strerror or error}"
    if not stat.S_ISREG(mode):
        return "refused: not a regular file (a pipe, socket or device)"
    return None


def _walk(folder: Path, depth: int | None, prefix: str = "") -> list[tuple[str, os.DirEntry[str]]]:
    """Every non-hidden entry below `folder`, `depth` levels down, with its '/'-separated path relative to the
    folder first listed; links to folders are listed, not entered."""
    found: list[tuple[str, os.DirEntry[str]]] = []
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return found
    for entry in entries:
        if entry.name.startswith("."):
            continue
        relative = prefix + entry.name
        found.append((relative, entry))
        if (depth is None or depth > 0) and entry.is_dir(follow_symlinks=False):
            found.extend(_walk(Path(entry.path), None if depth is None else depth - 1, relative + "/"))
    return found


def _is_inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents
