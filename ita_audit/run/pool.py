"""A local pool of worker processes, each running a few jobs at once on threads.

A batch job alternates between its worker's core (checking inputs, rendering the pages, the
manifest) and its notebook kernel's (another process). With one job per worker, a core idles
whenever the job waits for its kernel or the kernel for the job. With two jobs per worker,
one job's pages render while the other job's kernel runs, so two workers keep two cores busy.

Each worker is a ``spawn``ed process (it inherits nothing from the parent) with a pipe of its
own. The parent keeps ``jobs_per_worker`` jobs in flight on each worker and sends the next job
when one comes back. No lock is shared between processes, so a worker that dies (killed, out of
memory) takes only its own jobs with it. Each of those is retried once, alone on its worker (so
a job that was only beside the culprit is not blamed twice), and fails with that reason if its
worker dies again; the other workers go on.
"""
from __future__ import annotations

import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

Done = Callable[[str, Any], None]          # (job, what the function returned)
Failed = Callable[[str, str], None]        # (job, why it failed: without the job's name)
DIED_TWICE = "the worker process died twice while running it (killed or out of memory)"
# Jobs a local worker runs at once (threads): two keep its core and its kernel's core busy.
JOBS_PER_WORKER = 2


@dataclass
class _Worker:
    process: Any                           # multiprocessing's SpawnProcess
    pipe: Connection
    in_flight: set[str] = field(default_factory=set)
    stopping: bool = False


def run_pool(function: Callable[..., Any], jobs: Sequence[str], workers: int,
             jobs_per_worker: int, done: Done, failed: Failed, **options: Any) -> None:
    """Call ``function(job, **options)`` for every job on ``workers`` spawned processes,
    ``jobs_per_worker`` at a time on each; report each result with ``done(job, result)`` as it
    arrives, or ``failed(job, reason)`` when the function raised or its worker died twice.
    ``function`` must be importable by name (it is pickled to the workers)."""

    context = multiprocessing.get_context("spawn")
    pending = deque(jobs)
    deaths: dict[str, int] = {}
    live: list[_Worker] = []

    def start() -> None:
        ours, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(theirs, function, jobs_per_worker,
                                                       options), daemon=True)
        process.start()
        theirs.close()
        live.append(_Worker(process, ours))

    def feed(worker: _Worker) -> None:
        while pending and len(worker.in_flight) < jobs_per_worker:
            if worker.in_flight & deaths.keys():
                break                                    # a job being retried runs alone
            if worker.in_flight:
                job = next((job for job in pending if job not in deaths), None)
                if job is None:
                    break
                pending.remove(job)
            else:
                job = pending.popleft()
            worker.in_flight.add(job)
            worker.pipe.send(job)
        if not pending and not worker.in_flight and not worker.stopping:
            worker.pipe.send(None)                       # no more work: end when idle
            worker.stopping = True

    def receive(worker: _Worker) -> None:
        kind, job, value = worker.pipe.recv()
        worker.in_flight.discard(job)
        (done if kind == "done" else failed)(job, value)

    def bury(worker: _Worker) -> None:
        """The worker's process has ended: collect what it sent, retry what it lost."""
        live.remove(worker)
        try:
            while worker.pipe.poll():
                receive(worker)
        except (EOFError, OSError):
            pass
        worker.pipe.close()
        worker.process.join()
        for job in sorted(worker.in_flight):
            deaths[job] = deaths.get(job, 0) + 1
            if deaths[job] > 1:
                failed(job, DIED_TWICE)
            else:
                pending.appendleft(job)
        if pending and len(live) < workers:
            start()
            feed(live[-1])

    try:
        for _ in range(min(workers, len(pending))):
            start()
        for worker in list(live):
            feed(worker)
        while live:
            by_handle: dict[Any, _Worker] = {}
            for worker in live:
                by_handle[worker.pipe] = by_handle[worker.process.sentinel] = worker
            for handle in wait(list(by_handle)):
                worker = by_handle[handle]
                if worker not in live:
                    continue
                if handle is worker.pipe:
                    try:
                        receive(worker)
                    except (EOFError, OSError):       # the process is ending: its sentinel
                        bury(worker)                  # says so too, but act once
                        continue
                    feed(worker)
                else:
                    bury(worker)
    finally:                                          # Ctrl-C, SIGTERM, a failing report
        for worker in live:
            if worker.process.is_alive():
                worker.process.terminate()
        for worker in live:
            worker.process.join()
            worker.pipe.close()


def _serve(pipe: Connection, function: Callable[..., Any], jobs_per_worker: int,
           options: dict[str, Any]) -> None:
    """A worker: run each job received on ``pipe`` on one of ``jobs_per_worker`` threads and
    send back ``("done", job, result)`` or ``("failed", job, reason)``; end on ``None``.
    Ctrl-C is the parent's to handle: it ends the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sending = threading.Lock()

    def one(job: str) -> None:
        try:
            answer = ("done", job, function(job, **options))
        except BaseException as err:       # even SystemExit: the parent waits for an answer
            answer = ("failed", job, f"{type(err).__name__}: {err}")
        with sending:
            pipe.send(answer)

    with ThreadPoolExecutor(max_workers=jobs_per_worker) as threads:
        while True:
            try:
                job = pipe.recv()
            except (EOFError, OSError):               # the parent is gone
                break
            if job is None:
                break
            threads.submit(one, job)
