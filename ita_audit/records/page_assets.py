"""The shared assets of an audits folder: ``<audits>/_assets/`` holds, once, what every page of
a batch would otherwise embed (about 470 KB a page: nbconvert's JupyterLab CSS and the Thai
font), and the pages link them relatively (``../../_assets/notebook.css``).

Files:

* ``notebook.css``: the CSS nbconvert's ``lab`` template inlines in every page (the code
  highlighting and its ``notebook_css`` block, rendered by nbconvert itself, so it follows
  the installed version);
* ``fonts.css`` with ``Loma.ttf`` and ``Loma-Bold.ttf``: the bundled Thai font
  (:func:`ita_audit.view.page_fonts.font_face_css`, loading the files beside it);
* ``page.css``: the table of contents and the two views of a batch page (full, reviewer).

Written by the batch before its jobs, each file atomically and only when its bytes changed, so
records made earlier keep working and an unchanged folder is not touched. A page's one
page-specific font piece (the DejaVu subset for the few symbols Loma lacks) stays inline.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat

from ita_audit.records.reviewer import TOC_CSS
from ita_audit.util.atomic import atomic_write_bytes
from ita_audit.view.page_fonts import FONT_DIR, FONT_FILES, font_face_css

ASSETS_DIR = "_assets"
NOTEBOOK_CSS = "notebook.css"
FONTS_CSS = "fonts.css"
PAGE_CSS = "page.css"
STYLESHEETS = (NOTEBOOK_CSS, FONTS_CSS, PAGE_CSS)     # in cascade order

# The reviewer view of a batch page hides what the reviewer HTML leaves out: code inputs and
# prompts, the parameter cells and code cells without outputs.
VIEW_CSS = """
html.ita-reviewer .jp-CodeCell .jp-Cell-inputWrapper,html.ita-reviewer .jp-InputPrompt,
html.ita-reviewer .jp-OutputPrompt,html.ita-reviewer .jp-mod-noOutputs,
html.ita-reviewer .celltag_parameters,html.ita-reviewer .celltag_injected-parameters{display:none}
nav.ita-view{box-sizing:border-box;padding:4px 0 4px 64px;
 font-family:var(--jp-content-font-family);font-size:15px;}
nav.ita-view a{color:#0a4fa6;}
html.ita-reviewer .ita-to-reviewer,html:not(.ita-reviewer) .ita-to-full{display:none}
@media print{nav.ita-view{display:none}}
"""

_CSS_TEMPLATE = "ita_notebook_css.j2"
_CSS_MARK = "ita-notebook-css"
# The CSS a lab page inlines, between two marks: the code highlighting (Pygments, which
# nbconvert's CSSHTMLHeaderPreprocessor adds) and the template's notebook_css block.
_CSS_SOURCE = ("{%- extends 'index.html.j2' -%}"
               "{%- block header -%}<" + _CSS_MARK + ">"
               "{% for css in resources.inlining.css %}<style>{{ css }}</style>{% endfor %}"
               "{{ self.notebook_css() }}</" + _CSS_MARK + ">{%- endblock header -%}"
               "{%- block body_header -%}{%- endblock -%}{%- block body_footer -%}{%- endblock -%}"
               "{%- block footer -%}{%- endblock -%}")


def notebook_css() -> str:
    """The CSS the lab template would inline in a page, as one stylesheet."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", template_file=_CSS_TEMPLATE,
                            extra_loaders=[DictLoader({_CSS_TEMPLATE: _CSS_SOURCE})])
    page, _ = exporter.from_notebook_node(nbformat.v4.new_notebook())
    block = re.search(f"<{_CSS_MARK}>(.*)</{_CSS_MARK}>", page, re.S)
    if block is None:                                     # a template this code does not know
        raise RuntimeError("nbconvert's lab template has no notebook_css block")
    sheets = re.findall(r"<style[^>]*>(.*?)</style>", block.group(1), re.S)
    return "\n".join(sheet.strip() for sheet in sheets) + "\n"


def asset_files() -> dict[str, bytes]:
    """Every file of the assets folder, by name."""
    files = {NOTEBOOK_CSS: notebook_css().encode("utf-8"),
             FONTS_CSS: (font_face_css({name: name for name in FONT_FILES}) + "\n").encode(),
             PAGE_CSS: (TOC_CSS + VIEW_CSS).encode("utf-8")}
    files.update({name: (FONT_DIR / name).read_bytes() for name in FONT_FILES})
    return files


def write_assets(audits_root: Path) -> Path:
    """Write ``<audits_root>/_assets/`` (only the files whose bytes differ); the folder."""
    folder = audits_root / ASSETS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in asset_files().items():
        target = folder / name
        if not target.is_file() or target.read_bytes() != data:
            atomic_write_bytes(target, data)
    return folder


def assets_href(record: Path, audits_root: Path) -> str:
    """The relative URL of the assets folder from a record folder (``../../_assets``)."""
    return Path(os.path.relpath(audits_root / ASSETS_DIR, record)).as_posix()
