"""Write an executed notebook as a record: the ``.ipynb``, its full HTML (code and outputs) and its
reviewer HTML (outputs only), with the Thai font embedded.
"""
from __future__ import annotations

from pathlib import Path

import nbformat

from ita_audit.records.reviewer import render_reviewer_html
from ita_audit.util.atomic import atomic_write_text
from ita_audit.util.paths import REVIEWER_SUFFIX
from ita_audit.view.page_fonts import embed_fonts


def write_outputs(name: str, notebook: nbformat.NotebookNode, out_dir: Path) -> list[Path]:
    """Write the executed notebook, its full HTML and its reviewer HTML into ``out_dir``."""

    output = out_dir / f"{name}.ipynb"
    atomic_write_text(output, nbformat.writes(notebook) + "\n")
    html = out_dir / f"{name}.html"
    atomic_write_text(html, render_html(notebook))
    reviewer = out_dir / f"{name}{REVIEWER_SUFFIX}"
    atomic_write_text(reviewer, render_reviewer_html(notebook))
    return [output, html, reviewer]


def render_html(notebook: nbformat.NotebookNode) -> str:
    """The full HTML record (code and outputs) with the Thai font embedded."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name="lab").from_notebook_node(notebook)
    return embed_fonts(body)
