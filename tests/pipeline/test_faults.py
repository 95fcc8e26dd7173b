"""Faults: two builds at once, stale leftovers, a damaged cache, a full disk or read-only folder — each ends in
the previous site or a complete new one equal to a clean build, and a one-line message, never a traceback."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from coopnews.config import Config, load_config
from coopnews.lock import build_lock, lock_path
from coopnews.pipeline import build_site, import_articles
from coopnews.site import Stamp
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


def _cache_files(project: Config) -> list[Path]:
    return sorted((project.path.parent / ".cache").glob("*.pickle"))


def _body_word(project: Config) -> str:
    """The longest word of the last content file's body (retitle edits the first)."""
    last = sorted(project.content_dir.glob("*.md"))[-1]
    body = last.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    return max(body.split(), key=len)


def test_a_flipped_byte_in_the_content_memo_is_never_published(project: Config, tmp_path: Path) -> None:
    """Issue 12, item 12: bits flipped in a content-NN.pickle made the build publish text that is in no content
    file (and later builds kept it while the file's stamp was unchanged)."""
    import_articles(project)
    build_site(project)
    word = _body_word(project)
    altered = word[:-1] + ("X" if word[-1] != "X" else "Y")
    flipped = []
    for bucket in _cache_files(project):
        data = bucket.read_bytes()
        if word.encode() in data:
            bucket.write_bytes(data.replace(word.encode(), altered.encode()))
            flipped.append(bucket.name)
    assert any(name.startswith("content-") for name in flipped)
    retitle(project, "Another article edited, so the build reads the memo")
    build_site(load_config(project.path))
    published = b"".join(read_tree(project.output_dir).values())
    assert altered.encode() not in published
    assert read_tree(project.output_dir) == clean_build_of(project, tmp_path)


def test_bytes_flipped_anywhere_in_any_cache_file_give_a_clean_build(project: Config, tmp_path: Path) -> None:
    import_articles(project)
    build_site(project)
    pristine = {path: path.read_bytes() for path in _cache_files(project)}
    empty_buckets = sorted(
        path for path, data in pristine.items() if path.name.startswith("content-") and len(data) < 200
    )
    damaged_files = sorted(set(pristine) - set(empty_buckets[1:]))  # every file with entries, and one empty bucket
    assert {"summary.pickle", "build.pickle", "search.pickle"} <= {path.name for path in damaged_files}
    clean: dict[str, dict[str, bytes]] = {}
    for round, path in enumerate(damaged_files):
        data = pristine[path]
        for saved, saved_data in pristine.items():
            saved.write_bytes(saved_data)
        damaged = bytearray(data)
        for offset in (len(data) // 3, len(data) // 2, len(data) - 2):  # header, pickle framing or values
            damaged[offset] ^= 0x5A
        path.write_bytes(bytes(damaged))
        title = f"Edit {round % 2}"  # the build must read the cache, not stop at "up to date"
        retitle(project, title)
        report = build_site(load_config(project.path))
        assert not report.up_to_date
        if title not in clean:
            clean[title] = clean_build_of(project, tmp_path)
        assert read_tree(project.output_dir) == clean[title], f"{path.name} damaged at three bytes"


_CRAFTED = b"""cos
system
(S'touch %s'
tR."""


def test_a_crafted_cache_file_runs_no_code(project: Config, tmp_path: Path) -> None:
    """A cache restored from an untrusted build (a CI cache shared with pull requests) must not run code."""
    import hashlib

    from coopnews.incremental import cache

    import_articles(project)
    build_site(project)
    proof = tmp_path / "code-ran"
    payload = _CRAFTED % str(proof).encode()
    for path in _cache_files(project):  # with a valid digest: the attacker can compute one
        path.write_bytes(cache._MAGIC + hashlib.sha256(payload).digest() + payload)
    retitle(project, "Built after the cache was replaced")
    build_site(load_config(project.path))
    assert not proof.exists()
    assert read_tree(project.output_dir) == clean_build_of(project, tmp_path)


def test_the_cache_refuses_globals_other_than_dates_and_the_packages_dataclasses(tmp_path: Path) -> None:
    import datetime as dt
    import pickle

    from coopnews.incremental import cache
    from coopnews.model import Person

    allowed = {"format": cache._FORMAT, "value": [Person("Liu Minhua", "dean", None), dt.date(2024, 1, 2)]}
    cache._write_pickle(tmp_path, "ok.pickle", allowed)
    assert cache._read_pickle(tmp_path / "ok.pickle") == allowed
    for refused in (os.getcwd, shutil.rmtree, cache.code_digest, cache._DataOnlyUnpickler):
        cache._write_pickle(tmp_path, "bad.pickle", {"format": cache._FORMAT, "value": refused})
        assert cache._read_pickle(tmp_path / "bad.pickle") is None, refused
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert pickle.loads((tmp_path / "ok.pickle").read_bytes()[len(cache._MAGIC) + 32 :]) == allowed


def _cli(*args: str) -> tuple[int, str, str]:
    from click.testing import CliRunner

    from coopnews.cli import main

    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _staging_trees(project: Config) -> list[str]:
    return sorted(p.name for p in project.output_dir.parent.iterdir() if p.name.startswith(".site-new-"))


def _fail_writes(monkeypatch: pytest.MonkeyPatch, project: Config) -> str:
    import coopnews.site as site_module

    real = site_module._write_new
    calls: list[str] = []

    def full_disk(target: str, data: bytes, *, replace: bool) -> Stamp:
        calls.append(target)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), target)
        return real(target, data, replace=replace)

    monkeypatch.setattr(site_module, "_write_new", full_disk)
    return f": {os.strerror(errno.ENOSPC)}: the disk is full: free some space, then run the command again"


def _fail_swap(monkeypatch: pytest.MonkeyPatch, project: Config) -> str:
    import coopnews.site as site_module

    def read_only(staging: Path, output_dir: Path) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(staging), None, str(output_dir))

    monkeypatch.setattr(site_module, "swap_in", read_only)
    return f"{project.output_dir}: {os.strerror(errno.EROFS)}: that file system is read-only"


def _fail_staging(monkeypatch: pytest.MonkeyPatch, project: Config) -> str:
    real = os.mkdir

    def read_only_parent(path: str | Path, mode: int = 0o777, *, dir_fd: int | None = None) -> None:
        if Path(path).name.startswith(".site-new-"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        real(path, mode, dir_fd=dir_fd)

    monkeypatch.setattr(os, "mkdir", read_only_parent)
    return f"{project.output_dir.parent}: cannot create the new site beside site/: {os.strerror(errno.EACCES)}"


@pytest.mark.parametrize("fault", [_fail_writes, _fail_swap, _fail_staging], ids=["full-disk", "read-only", "no-room"])
def test_a_system_error_is_one_line_and_the_previous_site_stays(
    project: Config, monkeypatch: pytest.MonkeyPatch, fault: Any
) -> None:
    """Issue 12, item 15: a full disk or a read-only folder ended in a raw traceback."""
    import_articles(project)
    build_site(project)
    before = read_tree(project.output_dir)
    retitle(project, "Edited before the disk filled up")
    expected = fault(monkeypatch, project)
    code, _, err = _cli("build", "--config", str(project.path))
    monkeypatch.undo()
    assert code == 1
    assert expected in err.splitlines()[0]
    assert "Traceback" not in err and len(err.splitlines()) <= 2  # the line, and the usual "stopped" summary
    assert read_tree(project.output_dir) == before
    assert _staging_trees(project) == []


def test_an_unwritable_import_ledger_is_one_line(project: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    from coopnews.import_ledger import LEDGER_NAME

    real = os.replace

    def refuse_ledger(source: str | Path, target: str | Path, **kwargs: Any) -> None:
        if Path(target).name == LEDGER_NAME:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(source), None, str(target))
        real(source, target, **kwargs)

    monkeypatch.setattr(os, "replace", refuse_ledger)
    code, _, err = _cli("import", "--config", str(project.path))
    monkeypatch.undo()
    assert code == 1
    ledger = project.content_dir / LEDGER_NAME
    advice = "make that folder writable for this user, or point the config's paths elsewhere, then run again"
    assert err == f"{ledger}: {os.strerror(errno.EACCES)}: {advice}\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_parent_folder_is_one_line(project: Config) -> None:
    parent = project.path.parent
    parent.chmod(0o555)
    try:
        code, _, err = _cli("build", "--config", str(project.path))
    finally:
        parent.chmod(0o755)
    assert code == 1
    assert err.startswith(f"{parent}: cannot create the new site beside site/: {os.strerror(errno.EACCES)}")
    assert not project.output_dir.exists()


def test_temporary_cache_files_of_killed_builds_are_removed(tmp_path: Path) -> None:
    from coopnews.incremental import cache

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    killed = tmp_path / f".content-03.pickle-{dead.pid}-k1ll3d_x.tmp"
    older_version = tmp_path / ".search.pickle-abcd1234.tmp"
    running = tmp_path / f".build.pickle-{os.getppid()}-w0rk1ng_.tmp"  # a live process is writing it
    for path in (killed, older_version, running):
        path.write_bytes(b"partial")
    cache._write_pickle(tmp_path, "summary.pickle", {"format": cache._FORMAT})
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([running.name, "summary.pickle"])
