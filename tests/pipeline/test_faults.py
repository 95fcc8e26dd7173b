"""Faults: two builds at once, stale leftovers, a damaged cache, a full disk or read-only folder — each ends in
the previous site or a complete new one equal to a clean build, and a one-line message, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from coopnews.config import Config, load_config
from coopnews.lock import build_lock, lock_path
from coopnews.pipeline import build_site, import_articles
from tests.pipeline.conftest import REPO, read_tree


def clean_build_of(project: Config, tmp_path: Path) -> dict[str, bytes]:
    """Build a copy of the project with no .cache/, no site/ and no leftovers, and return its files."""
    clean_root = tmp_path / "clean"
    shutil.rmtree(clean_root, ignore_errors=True)
    shutil.copytree(project.path.parent, clean_root, ignore=shutil.ignore_patterns(".cache", "site", ".site-*"))
    clean = load_config(clean_root / "config.yaml")
    build_site(clean)
    return read_tree(clean.output_dir)


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """`python build.py ARGS` in its own process group (so a test can kill the whole group)."""
    return subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        start_new_session=True,
    )


def retitle(project: Config, title: str) -> None:
    """Change the title of the first content file (its size changes too, so the stamp does)."""
    first = sorted(project.content_dir.glob("*.md"))[0]
    lines = first.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[index] = f"title: {title}\n"
    first.write_text("".join(lines), encoding="utf-8")


def test_a_second_build_waits_for_the_first_and_then_builds_what_is_on_disk(project: Config, tmp_path: Path) -> None:
    """Issue 12, item 14: a build started while another ran said "up to date"; the older one then swapped in
    a site of content no longer on disk. Now the second waits, saying for whom, then builds the newer content."""
    import_articles(project)
    build_site(project)
    with build_lock(project):  # a first build is running (this process plays it)
        retitle(project, "Edited while another build ran")
        second = run_cli("build", "--config", str(project.path))
        assert second.stderr is not None
        waiting = second.stderr.readline()
        assert waiting == f"build: waiting for another build or import of this project to finish (pid {os.getpid()})\n"
        time.sleep(0.3)
        assert second.poll() is None, "the second build must wait while the lock is held"
    out, err = second.communicate(timeout=60)
    assert second.returncode == 0, err
    assert "up to date" not in out
    assert b"Edited while another build ran" in b"".join(read_tree(project.output_dir).values())
    assert read_tree(project.output_dir) == clean_build_of(project, tmp_path)


def test_the_lock_is_free_again_when_its_holder_is_killed(project: Config) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(project.path)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    assert holder.stdout.readline() == "locked\n"
    holder.kill()
    holder.communicate()
    acquired = threading.Event()

    def take() -> None:
        with build_lock(project):
            acquired.set()

    thread = threading.Thread(target=take)
    thread.start()
    thread.join(timeout=10)
    assert acquired.is_set()
    assert lock_path(project).read_text().strip() == str(os.getpid())


_HOLD_LOCK = """
import sys, time
from pathlib import Path
from coopnews.config import load_config
from coopnews.lock import build_lock
with build_lock(load_config(Path(sys.argv[1]))):
    print("locked", flush=True)
    time.sleep(60)
"""
