"""Job functions for tests/test_pool.py (importable by name in the pool's spawned workers)."""
from __future__ import annotations

import os
import time
from pathlib import Path


def sleepy(job: str, folder: str) -> dict:
    """Sleep a little, say which process ran the job and when."""
    start = time.monotonic()
    time.sleep(0.4)
    return {"job": job, "pid": os.getpid(), "start": start, "end": time.monotonic()}


def troubled(job: str, folder: str) -> str:
    """``raise``: raise; ``exit``: raise SystemExit; ``die-once``: kill the worker the first
    time; ``die``: always."""
    if job == "raise":
        raise ValueError("no such agency")
    if job == "exit":
        raise SystemExit(3)
    marker = Path(folder) / f"{job}.tried"
    if job == "die" or (job == "die-once" and not marker.exists()):
        marker.touch()
        time.sleep(0.2)                   # let the worker's other job start first
        os._exit(9)
    time.sleep(0.3)
    return f"{job} ok"
