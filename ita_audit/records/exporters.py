"""nbconvert's HTML exporters, built once per thread and reused for every page it renders.

Building an exporter is cheap, but its first page compiles the Jinja templates, which costs
more than rendering a record's page. nbconvert's own command line converts many notebooks
with one exporter; a batch worker (or a Dask worker thread) does the same. Exporters are kept
per thread because one holds per-conversion state while it renders.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nbconvert import HTMLExporter
    from traitlets.config import Config

_local = threading.local()


def cached_exporter(key: str, build: Callable[[], HTMLExporter]) -> HTMLExporter:
    """This thread's exporter for ``key``, built by ``build()`` on first use."""
    exporters = _local.__dict__.setdefault("exporters", {})
    if key not in exporters:
        exporters[key] = build()
    return exporters[key]


# --- what every page of a batch repeats --------------------------------------------------
# Every record of a notebook has the same code cells (only the injected parameters differ),
# and nbconvert highlights each (Pygments) and sanitises the result (bleach's HTML parser)
# for every page: a third of a page's rendering. Both filters are pure functions of their
# text, so a worker remembers their last 256 results (the code cells of every notebook kind
# fit) and renders the same bytes.

@lru_cache(maxsize=256)
def clean_html(element: str | bytes) -> str:
    """nbconvert's ``clean_html`` filter, remembered."""
    from nbconvert.filters.strings import clean_html as sanitise

    return sanitise(element)


@lru_cache(maxsize=256)
def _highlighted(lexer: str, source: str, language: str | None, magics: str | None) -> str:
    from nbconvert.filters.highlight import Highlight2HTML

    metadata = {"magics_language": magics} if magics else None
    return Highlight2HTML(pygments_lexer=lexer)(source, language, metadata)


def highlighter(lexer: str) -> Callable[..., str]:
    """nbconvert's ``highlight_code`` filter for notebooks in ``lexer``, remembered (it reads
    only the ``magics_language`` of the cell's metadata)."""

    def highlight_code(source: str, language: str | None = None,
                       metadata: Mapping[str, Any] | None = None) -> str:
        magics = metadata.get("magics_language") if metadata else None
        return _highlighted(lexer, source, language, magics)

    return highlight_code


def page_config() -> Config:
    """Configuration every record exporter starts from: the remembered :func:`clean_html`, and
    the notebook validated once, after all preprocessors (nbconvert's
    ``optimistic_validation``), not after each of them; the notebook was validated when it was
    read or executed."""
    from traitlets.config import Config

    config = Config()
    config.Exporter.optimistic_validation = True
    config.TemplateExporter.filters = {"clean_html": clean_html}
    return config
