"""nbconvert's HTML exporters, built once per thread and reused for every page it renders.

Building an exporter is cheap, but its first page compiles the Jinja templates, which costs
more than rendering a record's page. nbconvert's own command line converts many notebooks
with one exporter; a batch worker (or a Dask worker thread) does the same. Exporters are kept
per thread because one holds per-conversion state while it renders.

Every record page is rendered by :func:`page_exporter`: nbconvert's HTMLExporter with the
remembered filters below, which adds what nbconvert adds after rendering (focusable cells,
images' alternative text) on the page's text instead of parsing and re-serialising the whole
page with BeautifulSoup (half of a page's rendering time); parsed, the two pages are the same
document (``tests/test_linked_pages.py`` compares them on every record).
"""
from __future__ import annotations

import re
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


# --- nbconvert's page, without its BeautifulSoup pass ------------------------------------

_INPUT_WRAPPER = '<div class="jp-Cell-inputWrapper">'
_OUTPUT_DIV = re.compile(r'<div ([^>]*\bclass="[^"]*\bjp-OutputArea-output\b[^"]*"[^>]*)>')
_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\balt=)")
NO_ALT = "No description has been provided for this image"


def accessible(page: str) -> str:
    """What nbconvert's HTMLExporter adds after rendering, done on the text: every input
    wrapper and output area focusable (``tabindex="0"``), every image without ``alt`` given
    nbconvert's placeholder."""
    page = page.replace(_INPUT_WRAPPER, '<div class="jp-Cell-inputWrapper" tabindex="0">')
    page = _OUTPUT_DIV.sub(lambda m: m.group(0) if "tabindex=" in m.group(1)
                           else f'<div {m.group(1)} tabindex="0">', page)
    return _IMG_WITHOUT_ALT.sub(f'<img alt="{NO_ALT}"', page)


def page_exporter(**options: Any) -> HTMLExporter:
    """nbconvert's HTMLExporter (``options`` as its own) rendering the template with the
    remembered highlighter, then :func:`accessible` instead of its BeautifulSoup pass."""
    return _page_exporter_class()(**options)


@lru_cache(maxsize=1)
def _page_exporter_class() -> type[HTMLExporter]:
    """The exporter class of :func:`page_exporter`: the steps of HTMLExporter's
    ``from_notebook_node`` before its BeautifulSoup pass, then :func:`accessible`."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class PageExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            language = nb.metadata.get("language_info", {})
            lexer = language.get("pygments_lexer", language.get("name", None))
            self.register_filter("highlight_code", self.filters.get(
                "highlight_code", highlighter(lexer or "ipython3")))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return accessible(page), resources

    return PageExporter
