"""Parallel: map_on_cores and iter_on_cores give the results in order, in this process or in workers, and an
iterator closed early stops the workers instead of waiting for every item."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from coopnews.parallel import iter_on_cores, map_on_cores


def _square_and_pid(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


def _slow_and_recorded(job: tuple[str, int]) -> int:
    folder, number = job
    time.sleep(0.02)
    Path(folder, str(number)).touch()
    return number


@pytest.mark.parametrize("minimum", [1, 1_000])
def test_results_come_in_order_in_workers_or_here(minimum: int) -> None:
    items = list(range(200))
    results = map_on_cores(_square_and_pid, items, minimum=minimum, chunksize=7)
    assert [square for square, _ in results] == [number * number for number in items]
    in_workers = {pid for _, pid in results} - {os.getpid()}
    if minimum == 1 and (os.cpu_count() or 1) > 1:
        assert in_workers, "at least `minimum` items should go to worker processes"
    else:
        assert not in_workers


def test_each_result_is_yielded_before_the_last_is_done(tmp_path: Path) -> None:
    """The importer writes each article while the workers extract the next: the first result must not wait for
    the last. Closing the iterator then cancels what no worker has started."""
    if (os.cpu_count() or 1) < 2:
        pytest.skip("needs two cores for worker processes")
    jobs = [(str(tmp_path), number) for number in range(500)]
    results = iter_on_cores(_slow_and_recorded, jobs, minimum=1, chunksize=1)
    assert next(results) == 0
    assert len(list(tmp_path.iterdir())) < len(jobs)
    results.close()
    done = len(list(tmp_path.iterdir()))
    time.sleep(0.3)
    assert len(list(tmp_path.iterdir())) == done < len(jobs), "work went on after the iterator was closed"
