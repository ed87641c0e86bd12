"""Batch throughput: N synthetic agency-years (OIT notebook each) with 1 and with 2 local
workers, and with 2 workers of a Dask LocalCluster on loopback.

Every configuration starts from an empty audits folder (nothing to skip) and runs the whole
record path: preflight, papermill, full and reviewer HTML, summary, manifest, atomic swap.
The index and the cross-agency record are written after the timed part (reported apart).
Prints one line per configuration and ends with
``RESULT n=… one_worker_s=… two_workers_s=… ratio=… dask_two_workers_s=… dask_ratio=…``.

    .venv/bin/python benchmarks/batch.py [--n 200] [--no-dask] [--keep DIR]
"""
from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from ita_audit.oit.synthetic import generate, write_workspace
from ita_audit.run.batch import run_batch


def timed_batch(workspace: Path, label: str, **options: object) -> float:
    """Wall time of one batch into a fresh audits folder; every job must succeed."""
    audits = workspace / f"audits-{label}"
    shutil.rmtree(audits, ignore_errors=True)
    with open(os.devnull, "w") as quiet:
        start = time.perf_counter()
        report = run_batch([workspace / "params"], audits_root=audits,
                           data_root=workspace / f"agencies-{label}", stream=quiet,
                           index=False, **options)
        seconds = time.perf_counter() - start
    if report.failed:
        raise SystemExit(f"{label}: {len(report.failed)} failed, e.g. {report.failed[0].reason}")
    n = len(report.outcomes)
    print(f"{label}: {n} agency-years in {seconds:.1f} s = {n / seconds:.2f} agency-years/s "
          f"({report.engine}, workers: {report.workers})", flush=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--keep", type=Path, default=None, help="keep the workspace here")
    args = parser.parse_args()
    workspace = args.keep or Path(tempfile.mkdtemp(prefix="ita-batch-bench-"))
    try:
        write_workspace(generate(args.n, fiscal_year=2566, seed=args.seed), workspace)
        print(f"workspace: {workspace} ({args.n} synthetic agencies, cpus={os.cpu_count()})")
        one = timed_batch(workspace, "1-worker", workers=1)
        two = timed_batch(workspace, "2-workers", workers=2)
        result = (f"RESULT n={args.n} one_worker_s={one:.1f} two_workers_s={two:.1f} "
                  f"ratio={one / two:.2f}")
        if not args.no_dask:
            from distributed import LocalCluster

            with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                              host="127.0.0.1", dashboard_address=None) as cluster:
                dask = timed_batch(workspace, "dask-2-workers",
                                   scheduler=cluster.scheduler_address)
            result += f" dask_two_workers_s={dask:.1f} dask_ratio={one / dask:.2f}"
        start = time.perf_counter()
        from ita_audit.records.index import write_index
        from ita_audit.run.runner import run_cross_agency

        run_cross_agency(workspace / "audits-2-workers")
        write_index(workspace / "audits-2-workers")
        views = time.perf_counter() - start
        print(f"index + cross-agency record over {args.n} records: {views:.1f} s")
        print(result + f" views_s={views:.1f}")
    finally:
        if args.keep is None:
            shutil.rmtree(workspace, ignore_errors=True)


if __name__ == "__main__":
    main()
