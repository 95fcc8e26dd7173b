"""Site stage: leftovers of killed builds are cleaned by the next one, and site/ exists at every moment of a swap."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import coopnews.staging as staging
from coopnews.model import OutputFile
from coopnews.site import MARKER, SiteWriter, write_site

PAGES = [OutputFile("index.html", b"<h1>home</h1>"), OutputFile("articles/a.html", b"<h1>a</h1>")]


def _siblings(parent: Path) -> list[str]:
    return sorted(path.name for path in parent.iterdir())


def _dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _abandon_staging(output: Path, files: list[OutputFile]) -> Path:
    """Stage `files` as a build would, then stop as a killed build does: no finish, no abort."""
    writer = SiteWriter(output, [file.path for file in files])
    for file in files:
        writer.put(file)
    return writer._staging


def test_staging_trees_of_killed_builds_are_removed_by_the_next_build(tmp_path: Path) -> None:
    output = tmp_path / "site"
    write_site(PAGES, output)
    write_site(PAGES, output)  # leaves a retired tree
    pid = _dead_pid()
    staged = _abandon_staging(output, [OutputFile("index.html", b"killed")])  # claims the retired tree
    killed = [tmp_path / f".site-new-{pid}-0000000{n}" for n in range(3)]
    staged.rename(killed[0])
    for copy in killed[1:]:  # as if three builds had been killed after staging began
        shutil.copytree(killed[0], copy)
    assert _siblings(tmp_path) == [*(path.name for path in killed), "site"]
    write_site([OutputFile("index.html", b"after")], output)
    retired = [name for name in _siblings(tmp_path) if name.startswith(".site-old-")]
    assert _siblings(tmp_path) == [*retired, "site"] and len(retired) == 1  # one spare, reused next time
    assert (output / "index.html").read_bytes() == b"after"


def test_a_running_builds_staging_tree_is_left_alone(tmp_path: Path) -> None:
    output = tmp_path / "site"
    write_site(PAGES, output)
    running = tmp_path / f".site-new-{os.getppid()}-0badcafe"  # owned by a live process (pytest's parent)
    running.mkdir()
    (running / MARKER).write_text("staging of another build")
    write_site(PAGES, output)
    write_site(PAGES, output)
    assert running.is_dir() and (running / MARKER).read_text() == "staging of another build"


def test_a_spare_tree_without_the_marker_is_never_deleted(tmp_path: Path) -> None:
    """A folder an older version moved aside (hand-written docs, say) is not the build's to delete."""
    output = tmp_path / "docs"
    write_site(PAGES, output)
    moved_aside = tmp_path / ".docs-old-12345678"
    moved_aside.mkdir()
    (moved_aside / "notes.md").write_text("hand-written")
    for _ in range(3):
        write_site(PAGES, output)
    assert (moved_aside / "notes.md").read_text() == "hand-written"


def test_site_exists_at_every_step_of_the_swap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if staging._renameat2 is None:
        pytest.skip("no renameat2 here: the two-rename swap has a moment without site/")
    output = tmp_path / "site"
    write_site(PAGES, output)
    real_rename = os.rename
    renames: list[str] = []

    def checked_rename(source: str | Path, target: str | Path) -> None:
        assert output.is_dir(), "site/ missing before a rename"
        real_rename(source, target)
        renames.append(Path(target).name)
        assert output.is_dir(), f"site/ missing after renaming to {target}"

    monkeypatch.setattr(staging.os, "rename", checked_rename)
    for text in (b"1", b"2", b"3"):
        write_site([OutputFile("index.html", text)], output)
        assert (output / "index.html").read_bytes() == text
    assert renames  # the claim of the retired tree, and the retiring of the replaced site


def test_a_read_only_retired_tree_is_reused_and_no_read_only_staging_is_left(tmp_path: Path) -> None:
    output = tmp_path / "site"
    write_site(PAGES, output)
    for folder in (output, output / "articles"):
        folder.chmod(0o555)  # site/ made read-only by hand
    write_site(PAGES, output)  # retires the read-only tree
    write_site([OutputFile("index.html", b"new"), OutputFile("articles/b.html", b"b")], output)
    assert (output / "articles" / "b.html").read_bytes() == b"b"
    # the claimed tree was given back its owner's write access (observable even when running as root, whom
    # read-only modes do not stop; for anyone else the build would have failed on them)
    assert all(folder.stat().st_mode & 0o300 == 0o300 for folder in (output, output / "articles"))
    assert _siblings(tmp_path) == sorted([*(n for n in _siblings(tmp_path) if n.startswith(".site-old-")), "site"])
    assert not [n for n in _siblings(tmp_path) if n.startswith(".site-new-")]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="zombies are told by /proc")
def test_a_killed_process_not_yet_reaped_does_not_count_as_running(tmp_path: Path) -> None:
    """A killed build's worker may wait as a zombie for a reaper; its staging and temporary files are stale."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        deadline = time.monotonic() + 10
        while staging.process_runs(child.pid) and time.monotonic() < deadline:
            time.sleep(0.02)  # exited but not waited for: a zombie
        assert not staging.process_runs(child.pid)
        assert Path(f"/proc/{child.pid}").exists()
    finally:
        child.wait()
    assert staging.process_runs(os.getpid())
