"""Write an executed notebook as a record: the ``.ipynb``, its full HTML (code and outputs) and its
reviewer HTML (outputs only), with the Thai font embedded.
"""
from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

import nbformat

from ita_audit.records.exporters import cached_exporter, page_config, page_exporter
from ita_audit.records.linked_page import render_linked_page, reviewer_stub
from ita_audit.records.reviewer import TOC_CSS, render_reviewer_html, with_toc
from ita_audit.util.atomic import atomic_write_text
from ita_audit.util.paths import REVIEWER_SUFFIX
from ita_audit.view.page_fonts import embed_fonts


def write_outputs(name: str, notebook: nbformat.NotebookNode, out_dir: Path,
                  assets: str | None = None) -> list[Path]:
    """Write the executed notebook, its full HTML and its reviewer HTML into ``out_dir``.

    Self-contained pages by default; with ``assets`` (the relative URL of the audits folder's
    shared assets, in a batch) one page linking them serves both views, and the reviewer HTML
    forwards to its reviewer view (:mod:`ita_audit.records.linked_page`)."""

    output = out_dir / f"{name}.ipynb"
    atomic_write_text(output, nbformat.writes(notebook) + "\n")
    if assets is None:
        page, reviewer_page = render_html(notebook), render_reviewer_html(notebook)
    else:
        page = render_linked_page(notebook, name, assets)
        reviewer_page = reviewer_stub(name, page)
    html = out_dir / f"{name}.html"
    atomic_write_text(html, page)
    reviewer = out_dir / f"{name}{REVIEWER_SUFFIX}"
    atomic_write_text(reviewer, reviewer_page)
    return [output, html, reviewer]


_TEMPLATE_FILE = "ita_full.html.j2"
# The lab template without its CDN scripts (require.js, MathJax, mermaid): a record has no
# widgets and no formulas, works offline, and no '$…$' in an agency's title gets typeset.
_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""


def render_html(notebook: nbformat.NotebookNode) -> str:
    """The full HTML record (code and outputs) with a table of contents and the Thai font
    embedded, like the reviewer HTML."""
    body, _ = cached_exporter("full", _full_exporter).from_notebook_node(notebook)
    body = embed_fonts(with_toc(body))
    return body.replace("</head>", f"<style>\n{TOC_CSS}</style>\n</head>", 1)


def _full_exporter():
    from jinja2 import DictLoader

    return page_exporter(config=page_config(), template_name="lab", template_file=_TEMPLATE_FILE,
                         extra_loaders=[DictLoader({_TEMPLATE_FILE: _TEMPLATE})],
                         language_code="th")


def prepare_renderers(linked: bool, templates: Iterable[Path] = ()) -> None:
    """Compile this thread's page templates now (the first page would otherwise pay for it),
    e.g. while a kernel server is still importing, by rendering the notebook ``templates``
    the records will be executed from: their code cells, the same in every record, are then
    highlighted and remembered before the first page (:mod:`ita_audit.records.exporters`).
    Once per thread and kind of page."""
    kind = "linked" if linked else "self_contained"
    if getattr(_prepared, kind, False):
        return
    notebooks = [nbformat.read(path, as_version=4) for path in templates]
    for notebook in notebooks or [nbformat.v4.new_notebook()]:
        if linked:
            render_linked_page(notebook, "prepare", ".")
        else:
            render_html(notebook)
    if not linked:
        render_reviewer_html(nbformat.v4.new_notebook())      # no code: its template only
    setattr(_prepared, kind, True)


_prepared = threading.local()
