"""Kills: a build killed at any stage boundary (its main process alone, as the OOM killer does, or its whole
process group) leaves the old or a complete new site, no orphan workers, and a next build equal to a clean one."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from coopnews.config import load_config
from coopnews.pipeline import build_site, import_articles
from tests.pipeline.conftest import REPO, make_project, read_tree
from tests.pipeline.test_faults import retitle, run_cli


def _gone(pid: int) -> bool:
    """The process has exited (a zombie waiting for a reaper counts as exited)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def _wait_until(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


_POOL_PARENT = """
import os, sys, time
from concurrent.futures import ProcessPoolExecutor
import multiprocessing
from pathlib import Path

folder = Path(sys.argv[2])

def record_and_block(number):
    (folder / f"{number}-{os.getpid()}").touch()
    time.sleep(120)
    return number

if __name__ == "__main__":
    if sys.argv[1] == "iter_on_cores":
        from coopnews.parallel import iter_on_cores
        list(iter_on_cores(record_and_block, list(range(2)), minimum=1, chunksize=1))
    else:  # the search worker's pool, with its own initializer
        from coopnews.incremental import background as search_worker
        pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("fork"),
            initializer=search_worker._receive_search_inputs,
            initargs=(None, None, None, None),
        )
        pool.submit(record_and_block, 0).result()
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="iter_on_cores starts no workers on one core")
@pytest.mark.parametrize("pool", ["iter_on_cores", "search_worker"])
def test_workers_exit_when_the_main_process_is_killed(tmp_path: Path, pool: str) -> None:
    """Issue 12, item 13: killing only the main process left its workers blocked forever."""
    script = tmp_path / "parent.py"
    script.write_text(_POOL_PARENT)
    pids = tmp_path / "pids"
    pids.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    parent = subprocess.Popen([sys.executable, str(script), pool, str(pids)], env=env, start_new_session=True)
    try:
        assert _wait_until(lambda: any(pids.iterdir()), 30), "no worker started"
        workers = [int(path.name.split("-")[1]) for path in pids.iterdir()]
        assert parent.pid not in workers
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        assert _wait_until(lambda: all(_gone(pid) for pid in workers), 5), "workers outlived their parent"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(parent.pid, signal.SIGKILL)
        parent.wait()


@dataclass(frozen=True)
class _Versions:
    """A project built at content A (site/, .cache/ and all), and the clean builds of A and of B (A retitled)."""

    built: Path
    clean_a: dict[str, bytes]
    clean_b: dict[str, bytes]


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> _Versions:
    root = tmp_path_factory.mktemp("kill")
    project = make_project(root / "a")
    import_articles(project)
    build_site(project)
    clean_a = read_tree(project.output_dir)
    shutil.copytree(root / "a", root / "b", ignore=shutil.ignore_patterns(".cache", "site"))
    b = load_config(root / "b" / "config.yaml")
    retitle(b, "Version B of this article")
    build_site(b)
    return _Versions(root / "a", clean_a, read_tree(b.output_dir))


#: Every stage boundary of staging.pause_point, killed as the OOM killer does (the main process) or as Ctrl-C
#: in a shell and CI timeouts do (the whole group). "worker": the build runs the search worker beside the main
#: process (from one article on, instead of 1,000), and the main process alone is killed; whichever of the two
#: reaches the stage first stops there.
KILLS = [
    ("staged", "main-only"),
    ("writing", "main-only"),
    ("writing", "group"),
    ("cache", "group"),
    ("written", "main-only"),
    ("swapped", "group"),
    ("writing", "worker"),
    ("cache", "worker"),
]

_BUILD_WITH_WORKER = (
    "import sys; import coopnews.incremental.background as worker; worker.IN_BACKGROUND_FROM = 1; "
    "from coopnews.cli import main; main()"
)


def _group(pgid: int) -> list[int]:
    """The live processes of process group `pgid` (zombies excluded)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


@pytest.mark.parametrize(("stage", "kill"), KILLS, ids=[f"{stage}-{kill}" for stage, kill in KILLS])
def test_a_build_killed_at_a_stage_boundary_is_repaired_by_the_next(
    versions: _Versions, tmp_path: Path, stage: str, kill: str
) -> None:
    """Build B is killed with SIGKILL at `stage`: no process of it is left, site/ is all of A or all of B, and
    the next build equals a clean build of B byte for byte, leaving no staging tree (issue 12, items 13, 16)."""
    shutil.copytree(versions.built, tmp_path / "p")
    project = load_config(tmp_path / "p" / "config.yaml")
    retitle(project, "Version B of this article")
    args = ["build", "--config", str(project.path)]
    env = {"COOPNEWS_PAUSE_AT": stage, "PYTHONPATH": str(REPO)}
    build = run_cli(*args, env=env) if kill != "worker" else _run_with_worker(args, env)
    try:
        assert build.stderr is not None
        line = build.stderr.readline()
        assert line.startswith(f"coopnews: paused at {stage} "), line + build.stderr.read()
        if kill == "worker":
            assert len(_group(build.pid)) == 2, "the build should run its search worker"
        if kill == "group":
            os.killpg(build.pid, signal.SIGKILL)
        else:
            build.send_signal(signal.SIGKILL)
        build.communicate(timeout=30)
        assert _wait_until(lambda: _group(build.pid) == [], 5), "a process of the killed build is still running"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(build.pid, signal.SIGKILL)
    live = read_tree(project.output_dir)
    assert live == (versions.clean_b if stage == "swapped" else versions.clean_a)
    report = build_site(load_config(project.path))
    assert not report.up_to_date
    assert read_tree(project.output_dir) == versions.clean_b
    assert [p.name for p in project.path.parent.iterdir() if p.name.startswith(".site-new-")] == []
    assert [p.name for p in (project.path.parent / ".cache").iterdir() if p.name.endswith(".tmp")] == []
    assert build_site(load_config(project.path)).up_to_date


def _run_with_worker(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _BUILD_WITH_WORKER, *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
        start_new_session=True,
    )
