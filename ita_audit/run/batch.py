"""Audit many agency-years: a local process pool, or a Dask distributed cluster.

Each agency-year is one job: ``runner.run`` on its params file. A job never raises: whatever
goes wrong becomes a failed outcome with its reason, so one agency never stops the others.
Records are written by the runner into a staging folder and renamed into place, so a batch
killed at any moment leaves each record either whole (old or new) or absent; the next batch
skips every record whose fingerprint (inputs, parameters, notebooks, code, package versions)
is current and completes the rest. After the jobs, the batch rewrites ``audits/index.html``
and the cross-agency record (``audits/cross-agency/``) from the records' manifests.

With Dask (``--scheduler tcp://host:8786``) the workers must see the repository and the
audits folder at the same paths as the client (a shared file system), and have the package
installed.
"""
from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from ita_audit.errors import (
    EXIT_EXECUTION,
    EXIT_INPUT,
    EXIT_OK,
    ExecutionError,
    InputError,
    describe_os_error,
)
from ita_audit.records.index import CROSS_AGENCY_DIR, RecordEntry, collect_records, write_index
from ita_audit.records.page_assets import write_assets
from ita_audit.run.params import load_params
from ita_audit.run.pool import JOBS_PER_WORKER, run_pool
from ita_audit.run.runner import run, run_cross_agency
from ita_audit.util.paths import repo_root
from ita_audit.view.text import fixed_width


@dataclass(frozen=True)
class JobOutcome:
    """What happened to one agency-year."""

    params: str                         # the params file as given
    agency: str = ""
    fiscal_year: int | None = None
    status: str = "failed"              # done | skipped | failed (pending while planned)
    reason: str = ""                    # why it failed (one line, names the file)
    exit_code: int = EXIT_OK
    seconds: float = 0.0
    record: str = ""

    @property
    def label(self) -> str:
        return f"{self.fiscal_year}/{self.agency}" if self.agency else self.params


@dataclass
class BatchReport:
    """Every outcome in params order, and how the batch ran."""

    outcomes: list[JobOutcome]
    engine: str
    workers: int | None
    seconds: float
    index: Path | None = None
    extra_failures: list[str] = field(default_factory=list)   # index / cross-agency problems

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def failed(self) -> list[JobOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def exit_code(self) -> int:
        """0 when every job succeeded; else the worst exit code (2 input, 3 execution)."""
        codes = [o.exit_code for o in self.failed] + [EXIT_EXECUTION] * len(self.extra_failures)
        return max(codes, default=EXIT_OK)


# --- one job -----------------------------------------------------------------------------

def run_job(params_path: str, audits_root: str | None = None, data_root: str | None = None,
            force: bool = False, shared_assets: bool = True,
            years: tuple[int, ...] = ()) -> JobOutcome:
    """Run one agency-year and describe the outcome; never raises (runs in a worker).
    ``years``: the fiscal years of the whole batch, for the worker's kernel server."""

    start = time.perf_counter()
    outcome = JobOutcome(params=params_path)
    try:
        result = run(params_path, Path(audits_root) if audits_root else None,
                     data_root=Path(data_root) if data_root else None, force=force,
                     shared_assets=shared_assets, years=years)
        outcome = replace(outcome, agency=result.params.agency,
                          fiscal_year=result.params.fiscal_year,
                          status="skipped" if result.skipped else "done",
                          record=str(result.record))
    except InputError as err:
        outcome = replace(outcome, reason=str(err), exit_code=EXIT_INPUT)
    except ExecutionError as err:
        outcome = replace(outcome, reason=f"{params_path}: {err}; the previous record is "
                          "untouched", exit_code=EXIT_EXECUTION)
    except OSError as err:
        outcome = replace(outcome, reason=describe_os_error(err, params_path),
                          exit_code=EXIT_INPUT)
    except Exception as err:     # a defect must not stop the batch: report it with its type
        outcome = replace(outcome, reason=f"{params_path}: {type(err).__name__}: {err}",
                          exit_code=EXIT_EXECUTION)
    return replace(outcome, seconds=round(time.perf_counter() - start, 2))


# --- which jobs --------------------------------------------------------------------------

PARAMS_SUFFIXES = (".yaml", ".yml")


def _hidden(relative: Path) -> bool:
    """A hidden file or folder (an editor's lock ``.#name.yaml``, a backup, ``.git``): no
    params file of the batch."""
    return any(part.startswith(".") for part in relative.parts)


def discover(sources: Iterable[str | Path]) -> list[Path]:
    """Params files: a folder gives every ``*.yaml`` or ``*.yml`` under it, in any case (hidden
    files and folders left out), and a link to a file that is gone (it fails as its own job rather than being left out unseen);
    sorted; a folder with none is an InputError: a batch over nothing is a mistaken path,
    not a success. A file is itself."""
    found: list[Path] = []
    for source in sources:
        source = Path(source)
        if source.is_dir():
            files = sorted(p for p in source.rglob("*") if p.suffix.lower() in PARAMS_SUFFIXES
                           and not _hidden(p.relative_to(source))
                           and (p.is_file() or p.is_symlink() and not p.exists()))
            if not files:
                raise InputError(source, "the folder holds no params files (*.yaml, *.yml)",
                                 fix="pass a folder of params/<year>/<agency>.yaml files, e.g. "
                                 "the params folder 'ita-audit synthetic' wrote")
            found.extend(files)
        elif source.is_file():
            found.append(source)
        else:
            raise InputError(source, "no such params folder or file",
                             fix="pass a folder of params/<year>/<agency>.yaml files")
    return found


def plan_jobs(paths: Sequence[Path]) -> tuple[list[JobOutcome], list[JobOutcome]]:
    """Validate every params file up front: unusable ones and a second file for the same
    agency-year (two records cannot share one folder) fail at once; the rest become jobs
    (outcomes-to-be that already carry the agency-year)."""

    jobs: list[JobOutcome] = []
    failed: list[JobOutcome] = []
    seen: dict[tuple[int, str], Path] = {}
    for path in paths:
        try:
            params = load_params(path)
        except InputError as err:
            failed.append(JobOutcome(params=str(path), reason=str(err), exit_code=EXIT_INPUT))
            continue
        key = (params.fiscal_year, params.agency)
        if key in seen:
            failed.append(JobOutcome(
                params=str(path), agency=params.agency, fiscal_year=params.fiscal_year,
                reason=f"{path}: agency-year {key[0]}/{key[1]} is also in {seen[key]} "
                       "(fix: keep one params file per agency-year)", exit_code=EXIT_INPUT))
            continue
        seen[key] = path
        jobs.append(JobOutcome(params=str(path), agency=params.agency,
                               fiscal_year=params.fiscal_year, status="pending"))
    return jobs, failed


# --- engines -----------------------------------------------------------------------------

Report = Callable[[JobOutcome], None]


def run_local(jobs: Sequence[str], workers: int, report: Report,
              jobs_per_worker: int = JOBS_PER_WORKER, **options: object) -> None:
    """Run jobs on ``workers`` local processes, ``jobs_per_worker`` at a time on each
    (:mod:`ita_audit.run.pool`: one job's pages render while another's kernel runs). A job
    whose worker dies is retried once, alone on its worker, and fails with that reason if it
    dies again."""

    def failed(job: str, reason: str) -> None:
        report(JobOutcome(params=job, reason=f"{job}: {reason}", exit_code=EXIT_EXECUTION))

    run_pool(run_job, jobs, workers, jobs_per_worker, lambda job, outcome: report(outcome),
             failed, **options)


def run_dask(jobs: Sequence[str], scheduler: str, report: Report, **options: object) -> int:
    """Run jobs on a Dask distributed cluster; returns how many workers it had. A job lost
    with its worker fails with Dask's reason; the others go on."""
    from distributed import Client, as_completed

    try:
        client = Client(scheduler, timeout="10s")
    except (OSError, ValueError, TypeError) as err:
        raise InputError(scheduler, f"cannot reach the Dask scheduler ({type(err).__name__}: "
                         f"{err})", fix="start one with `dask scheduler` and pass its "
                         "tcp://host:port address") from None
    with client:
        workers = len(client.scheduler_info().get("workers", {}))
        futures = {client.submit(run_job, job, pure=False, **options): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                report(future.result())
            except Exception as err:   # KilledWorker, CommClosedError, ...
                report(JobOutcome(params=job, reason=f"{job}: dask: {type(err).__name__}: "
                                  f"{err}", exit_code=EXIT_EXECUTION))
    return workers


# --- progress ----------------------------------------------------------------------------

class Progress:
    """A progress bar on a terminal (tqdm), otherwise one line per finished agency-year, on
    stderr so that stdout carries only the summary."""

    def __init__(self, total: int, stream=None) -> None:
        self.total = total
        self.done = 0
        self.failed = 0
        self.stream = stream or sys.stderr
        self.bar = None
        if total and getattr(self.stream, "isatty", lambda: False)():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="agency-year", file=self.stream,
                            dynamic_ncols=True)

    def __call__(self, outcome: JobOutcome) -> None:
        self.done += 1
        self.failed += outcome.status == "failed"
        if self.bar is not None:
            self.bar.set_postfix_str(f"failed {self.failed}, last {outcome.label}")
            self.bar.update(1)
        else:
            print(f"ita-audit batch: [{self.done}/{self.total}] {outcome.status:<7} "
                  f"{outcome.label} ({outcome.seconds:.1f} s)", file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# --- the batch ---------------------------------------------------------------------------

def run_batch(sources: Iterable[str | Path], *, workers: int | None = None,
              scheduler: str | None = None, audits_root: Path | None = None,
              data_root: Path | None = None, force: bool = False,
              stream=None, index: bool = True, shared_assets: bool = True,
              jobs_per_worker: int = JOBS_PER_WORKER) -> BatchReport:
    """Run every params file under ``sources``; then rewrite the index and the cross-agency
    record of ``audits_root``. Never raises for a failing agency-year.

    With ``shared_assets`` (the default) the records' pages link ``<audits_root>/_assets/``
    (written here, before the jobs) instead of each embedding the CSS and the font."""

    start = time.perf_counter()
    paths = discover(sources)
    planned, outcomes = plan_jobs(paths)
    jobs = [job.params for job in planned]
    labels = {job.params: job for job in planned}
    root = (audits_root or repo_root() / "audits").resolve()
    options = {"audits_root": str(root), "data_root": str(data_root.resolve()) if data_root
               else None, "force": force, "shared_assets": shared_assets,
               "years": tuple(sorted({job.fiscal_year for job in planned}))}
    if shared_assets and jobs:
        write_assets(root)
    progress = Progress(len(paths), stream)
    for outcome in outcomes:
        progress(outcome)
    finished: dict[str, JobOutcome] = {}

    def record(outcome: JobOutcome) -> None:
        if not outcome.agency:                  # failed before it knew: use the plan's label
            known = labels[outcome.params]
            outcome = replace(outcome, agency=known.agency, fiscal_year=known.fiscal_year)
        finished[outcome.params] = outcome
        progress(outcome)

    previous = signal.signal(signal.SIGTERM, _interrupt)  # SIGTERM: stop like Ctrl-C
    try:
        if not jobs:
            engine, used = "no job to run", 0
        elif scheduler:
            engine = f"dask {scheduler}"
            used = run_dask(jobs, scheduler, record, **options)
        else:
            used = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
            engine = "local process pool"
            run_local(jobs, used, record, jobs_per_worker, **options)
    finally:
        signal.signal(signal.SIGTERM, previous)
        progress.close()
    order = {str(p): i for i, p in enumerate(paths)}
    outcomes = sorted(outcomes + list(finished.values()), key=lambda o: order.get(o.params, 0))
    report = BatchReport(outcomes=outcomes, engine=engine, workers=used, seconds=0.0)
    if index:
        _write_views(report, root, shared_assets, force)
    report.seconds = round(time.perf_counter() - start, 1)
    return report


def _write_views(report: BatchReport, root: Path, shared_assets: bool, force: bool) -> None:
    """The cross-agency record (made again only when what it reads changed, or with
    ``force``), then the index, both from one reading of the records' manifests (at national
    scale, 8,325 of them, each reading takes seconds); a problem there is a failure, not a
    crash."""

    try:
        entries: list[RecordEntry] | None = collect_records(root)
    except Exception:                   # each step reads them itself again
        entries = None                  # and reports the problem as its failure
    steps = (("run_cross_agency", partial(run_cross_agency, shared_assets=shared_assets,
                                          force=force, entries=entries)),
             ("write_index", partial(write_index, shared_assets=shared_assets,
                                     entries=entries)))
    for name, step in steps:
        if name == "run_cross_agency" and entries == [] and \
                not (root / CROSS_AGENCY_DIR).exists():
            continue                    # no record to show (every job failed): no kernel
        try:
            path = step(root)
        except Exception as err:
            report.extra_failures.append(f"{name}: {type(err).__name__}: {err}")
            continue
        if name == "write_index":
            report.index = path


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def summary_text(report: BatchReport) -> str:
    """The summary printed after a batch: counts, then every failure with its reason."""
    total = len(report.outcomes)
    lines = [f"batch: {total} agency-years: {report.count('done')} done, "
             f"{report.count('skipped')} skipped (unchanged), {report.count('failed')} failed; "
             f"{report.seconds:.1f} s" + (f" on {report.engine}" if report.workers else
                                          f"; {report.engine}")
             + (f" ({report.workers} worker{'s' if report.workers > 1 else ''})"
                if report.workers else "")]
    if report.index:
        lines.append(f"index: {report.index}")
    if report.failed or report.extra_failures:

        rows = [[o.label, str(o.exit_code), o.reason] for o in report.failed]
        rows += [["(views)", str(EXIT_EXECUTION), reason] for reason in report.extra_failures]
        lines.append("failures:")
        lines.extend(fixed_width(["agency-year", "exit", "reason"], rows))
    return "\n".join(lines)
