"""Kills: a build killed at any stage boundary (its main process alone, as the OOM killer does, or its whole
process group) leaves the old or a complete new site, no orphan workers, and a next build equal to a clean one."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.pipeline.conftest import REPO


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
        from coopnews import search_worker
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
