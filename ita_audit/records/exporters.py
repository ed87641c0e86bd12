"""nbconvert's HTML exporters, built once per thread and reused for every page it renders.

Building an exporter is cheap, but its first page compiles the Jinja templates, which costs
more than rendering a record's page. nbconvert's own command line converts many notebooks
with one exporter; a batch worker (or a Dask worker thread) does the same. Exporters are kept
per thread because one holds per-conversion state while it renders.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nbconvert import HTMLExporter

_local = threading.local()


def cached_exporter(key: str, build: Callable[[], HTMLExporter]) -> HTMLExporter:
    """This thread's exporter for ``key``, built by ``build()`` on first use."""
    exporters = _local.__dict__.setdefault("exporters", {})
    if key not in exporters:
        exporters[key] = build()
    return exporters[key]
