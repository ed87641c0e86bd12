"""The batch's local pool (ita_audit.run.pool): several jobs at once per worker process, a
raising job fails alone, a worker that dies takes only its own jobs, which are retried once."""
from __future__ import annotations

from pathlib import Path

import pool_jobs
import pytest

from ita_audit.run.pool import DIED_TWICE, run_pool


def pool(function, jobs, tmp_path: Path, workers: int, per_worker: int):
    done: dict[str, object] = {}
    failed: dict[str, str] = {}
    run_pool(function, jobs, workers, per_worker, done.__setitem__, failed.__setitem__,
             folder=str(tmp_path))
    return done, failed


@pytest.mark.slow
def test_a_worker_runs_its_jobs_at_once_on_threads(tmp_path: Path) -> None:
    jobs = [f"job-{i}" for i in range(6)]
    done, failed = pool(pool_jobs.sleepy, jobs, tmp_path, workers=2, per_worker=2)
    assert failed == {} and sorted(done) == jobs
    pids = {r["pid"] for r in done.values()}
    assert len(pids) == 2                                    # two worker processes
    for pid in pids:
        mine = sorted((r["start"], r["end"]) for r in done.values() if r["pid"] == pid)
        overlapping = any(b[0] < a[1] for a, b in zip(mine, mine[1:]))
        assert overlapping, "a worker should run two jobs at the same time"


@pytest.mark.slow
def test_one_job_at_a_time_when_asked(tmp_path: Path) -> None:
    done, failed = pool(pool_jobs.sleepy, ["a", "b", "c"], tmp_path, workers=1, per_worker=1)
    runs = sorted((r["start"], r["end"]) for r in done.values())
    assert failed == {} and len(runs) == 3
    assert all(b[0] >= a[1] for a, b in zip(runs, runs[1:]))


@pytest.mark.slow
def test_a_raising_job_fails_alone_and_a_dead_worker_loses_only_its_jobs(
        tmp_path: Path) -> None:
    jobs = ["raise", "die-once", "die", "a", "b", "exit", "c", "d"]
    done, failed = pool(pool_jobs.troubled, jobs, tmp_path, workers=2, per_worker=2)
    assert failed == {"raise": "ValueError: no such agency", "die": DIED_TWICE,
                      "exit": "SystemExit: 3"}
    # 'die-once' killed its worker once and succeeded on a fresh one; the jobs that were in
    # flight beside a dying job were retried too.
    assert done == {job: f"{job} ok" for job in ("die-once", "a", "b", "c", "d")}
    assert (tmp_path / "die-once.tried").exists()


def test_no_jobs_start_no_workers(tmp_path: Path) -> None:
    assert pool(pool_jobs.sleepy, [], tmp_path, workers=2, per_worker=2) == ({}, {})
