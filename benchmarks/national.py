"""National scale: what N synthetic OIT agency-years cost, projected to every agency (8,325).

Generates N synthetic agency-years (fiscal year 2566, ``syn-0001`` …) into a temporary
workspace and runs the whole record path of each on the local process pool (``--workers``,
default 2) into an empty audits folder: preflight, papermill, full and reviewer HTML, summary,
manifest, atomic swap. The index and the cross-agency record are not part of the timed batch.
Prints each figure as it is measured and ends with
``RESULT agencies=… workers=… wall_s=… per_record_core_s=… per_record_wall_s=…
projected_national_s=… record_bytes=… index_s=… cross_agency_frame_s=… view_fingerprint_s=…
jobs_per_worker=…``.

    .venv/bin/python benchmarks/national.py --n N [--workers 2] [--jobs-per-worker 2]
        [--keep DIR] [--index-n 8325] [--seed 7]

The figures:

* ``wall_s``: wall time of the batch (``run_batch``, index off), all N jobs done, each worker
  running ``--jobs-per-worker`` of them at once (the batch's default: 2).
* ``per_record_core_s``: CPU seconds (user + system) of the batch's child processes (pool
  workers and, through them, their notebook kernels; ``getrusage(RUSAGE_CHILDREN)`` before and
  after; it counts only children that were waited for) divided by N: the core time one record
  costs, whatever the number of workers.
* ``per_record_wall_s``: ``wall_s / N``.
* ``projected_national_s``: ``wall_s / N * 8325``, a *linear* projection from this N and this
  number of workers (it ignores everything that grows faster than linearly).
* ``record_bytes``: mean size in bytes of one record folder ``audits/<year>/<agency>/`` (all
  its files); the mean size of each file kind (``.ipynb``, ``.html``, ``.reviewer.html``,
  ``manifest.json``) is printed on its own line.
* ``index_s``: ``write_index`` (collect the manifests, render, write ``index.html`` linking the
  shared font, as a batch does) over a fake audits tree of ``--index-n`` records: one real
  record's ``manifest.json`` copied with the agency id changed (``nat-00001`` …), beside an
  empty ``oit_audit.ipynb`` placeholder (the index lists a folder only if it holds a
  notebook); nothing else is copied.
* ``cross_agency_frame_s``: on the same fake tree, ``cross_agency.collect`` plus
  ``cross_agency.records_frame``, the table the cross-agency notebook starts from (the two
  are also printed apart); the notebook itself is not executed.
* ``view_fingerprint_s``: on the same tree, the fingerprint by which a batch decides whether
  to make the cross-agency view again, from the records the index read (the batch reads the
  manifests once for both); without them it would read them again (printed beside it).

The parent's peak RSS (``ru_maxrss``) is printed too. Timings are of one run on this machine;
another process running at the same time (a test suite, say) makes them larger.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from ita_audit.oit.synthetic import generate, write_workspace
from ita_audit.records import cross_agency
from ita_audit.records.index import write_index
from ita_audit.records.manifest import MANIFEST
from ita_audit.run.batch import JOBS_PER_WORKER, run_batch
from ita_audit.util.paths import REVIEWER_SUFFIX

NATIONAL = 8325
KINDS = (".ipynb", ".html", REVIEWER_SUFFIX, MANIFEST)
PLACEHOLDER = "oit_audit.ipynb"


def children_cpu() -> float:
    """User + system CPU seconds of the children waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_batch(workspace: Path, workers: int, jobs_per_worker: int,
                ) -> tuple[Path, float, float]:
    """Audits folder, wall seconds and children CPU seconds of one batch from an empty audits
    folder; every job must succeed."""
    audits = workspace / "audits"
    shutil.rmtree(audits, ignore_errors=True)
    cpu = children_cpu()
    with open(os.devnull, "w") as quiet:
        start = time.perf_counter()
        report = run_batch([workspace / "params"], audits_root=audits,
                           data_root=workspace / "agencies", stream=quiet, index=False,
                           workers=workers, jobs_per_worker=jobs_per_worker)
        seconds = time.perf_counter() - start
    cpu = children_cpu() - cpu
    if report.failed:
        raise SystemExit(f"{len(report.failed)} failed, e.g. {report.failed[0].reason}")
    n = len(report.outcomes)
    print(f"batch: {n} agency-years in {seconds:.1f} s = {n / seconds:.2f} agency-years/s "
          f"({report.engine}, workers: {report.workers}, {jobs_per_worker} job(s) at once on "
          f"each); children CPU {cpu:.1f} s",
          flush=True)
    return audits, seconds, cpu


def kind(path: Path) -> str:
    """The file kind a record file is counted under."""
    if path.name == MANIFEST:
        return MANIFEST
    if path.name.endswith(REVIEWER_SUFFIX):
        return REVIEWER_SUFFIX
    return path.suffix if path.suffix in KINDS else "other"


def record_sizes(audits: Path) -> tuple[list[Path], float, dict[str, float]]:
    """Record folders, their mean total size and the mean size per file kind (per record)."""
    records = sorted(p for p in audits.glob("[0-9]*/*") if p.is_dir())
    totals: list[int] = []
    kinds: dict[str, int] = {}
    for record in records:
        files = [f for f in record.rglob("*") if f.is_file()]
        totals.append(sum(f.stat().st_size for f in files))
        for f in files:
            kinds[kind(f)] = kinds.get(kind(f), 0) + f.stat().st_size
    n = max(1, len(records))
    return records, statistics.fmean(totals) if totals else 0.0, {k: v / n for k, v in
                                                                  kinds.items()}


def fake_tree(source: Path, root: Path, count: int) -> Path:
    """``root/<year>/nat-00001 …``: ``count`` copies of ``source``'s manifest with the agency
    id changed, each beside an empty notebook placeholder."""
    manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    year = root / source.parent.name
    for i in range(1, count + 1):
        slug = f"nat-{i:05d}"
        manifest["agency"] = slug
        for parameters in (manifest.get("parameters") or {}).values():
            if isinstance(parameters, dict) and "agency" in parameters:
                parameters["agency"] = slug
        folder = year / slug
        folder.mkdir(parents=True)
        (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2,
                                                  sort_keys=True) + "\n", encoding="utf-8")
        (folder / PLACEHOLDER).touch()
    return root


def views(source: Path, root: Path, count: int) -> tuple[float, float, float]:
    """Seconds of ``write_index``, of collect + ``records_frame`` and of the view's
    fingerprint (from the collected records) over the fake tree."""
    start = time.perf_counter()
    fake_tree(source, root, count)
    print(f"fake audits tree: {count} manifests in {time.perf_counter() - start:.1f} s "
          f"(not timed below)", flush=True)
    start = time.perf_counter()
    index = write_index(root, shared_assets=True)        # as the batch writes it
    index_s = time.perf_counter() - start
    print(f"index over {count} records: {index_s:.2f} s ({index.stat().st_size} bytes)",
          flush=True)
    start = time.perf_counter()
    entries = cross_agency.collect(root)
    collect_s = time.perf_counter() - start
    start = time.perf_counter()
    frame = cross_agency.records_frame(entries)
    frame_s = time.perf_counter() - start
    if len(frame) != count:
        raise SystemExit(f"cross-agency frame has {len(frame)} rows, expected {count}")
    print(f"cross-agency frame over {count} records: {collect_s + frame_s:.2f} s "
          f"(collect {collect_s:.2f} s, records_frame {frame_s:.2f} s)", flush=True)
    template = Path(__file__).resolve().parent.parent / "notebooks" / "cross_agency.ipynb"
    start = time.perf_counter()
    cross_agency.view_fingerprint(root, template, True, entries)
    fingerprint_s = time.perf_counter() - start
    start = time.perf_counter()
    cross_agency.view_fingerprint(root, template, True)
    alone_s = time.perf_counter() - start
    print(f"view fingerprint over {count} records: {fingerprint_s:.2f} s from the records the "
          f"index read ({alone_s:.2f} s reading them again)", flush=True)
    return index_s, collect_s + frame_s, fingerprint_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--jobs-per-worker", type=int, default=JOBS_PER_WORKER,
                        dest="jobs_per_worker")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--index-n", type=int, default=NATIONAL)
    parser.add_argument("--keep", type=Path, default=None, help="keep the workspace here")
    args = parser.parse_args()
    if min(args.n, args.workers, args.index_n, args.jobs_per_worker) < 1:
        parser.error("--n, --workers, --jobs-per-worker and --index-n must be at least 1")
    workspace = args.keep or Path(tempfile.mkdtemp(prefix="ita-national-bench-"))
    try:
        write_workspace(generate(args.n, 2566, seed=args.seed), workspace)
        print(f"workspace: {workspace} ({args.n} synthetic agencies, cpus={os.cpu_count()}, "
              f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})", flush=True)
        audits, wall, cpu = timed_batch(workspace, args.workers, args.jobs_per_worker)
        core = cpu / args.n
        per_wall = wall / args.n
        national = per_wall * NATIONAL
        print(f"per record: {core:.3f} core-s (children CPU / N), {per_wall:.3f} wall-s "
              f"(wall / N)")
        print(f"projected national ({NATIONAL} agency-years): {national:.0f} s = "
              f"{national / 3600:.2f} h; a linear projection from N={args.n} at "
              f"{args.workers} worker(s)")
        records, mean_bytes, kinds = record_sizes(audits)
        print(f"record folder: mean {mean_bytes:.0f} bytes over {len(records)} records "
              f"(national: {mean_bytes * NATIONAL / 1e9:.2f} GB)")
        for name in (*KINDS, *sorted(set(kinds) - set(KINDS))):
            print(f"  {name}: mean {kinds.get(name, 0.0):.0f} bytes")
        index_s, frame_s, fingerprint_s = views(records[0], workspace / "audits-index",
                                                args.index_n)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(f"peak RSS: parent {rss / 1024:.0f} MiB, largest child {child_rss / 1024:.0f} MiB")
        print(f"RESULT agencies={args.n} workers={args.workers} wall_s={wall:.2f} "
              f"per_record_core_s={core:.3f} per_record_wall_s={per_wall:.3f} "
              f"projected_national_s={national:.2f} record_bytes={round(mean_bytes)} "
              f"index_s={index_s:.3f} cross_agency_frame_s={frame_s:.3f} "
              f"view_fingerprint_s={fingerprint_s:.3f} "
              f"jobs_per_worker={args.jobs_per_worker}")
    finally:
        if args.keep is None:
            shutil.rmtree(workspace, ignore_errors=True)


if __name__ == "__main__":
    main()
