"""The pages of a record made in a batch: one page that is both the full record and the
reviewer version, linking the audits folder's shared assets (:mod:`ita_audit.records.page_assets`).

A record made by ``ita-audit run`` has two self-contained pages (``<name>.html`` with code,
``<name>.reviewer.html`` without), each embedding ~470 KB of CSS and font and each carrying
the same outputs. At national scale that is most of a record's bytes, and most of its
rendering time. So a batch record renders the notebook once:

* ``<name>.html`` links ``notebook.css``, ``fonts.css`` and ``page.css`` relatively, has the
  reviewer page's table of contents, and shows code and outputs (the full record). Opened as
  ``<name>.html?view=reviewer`` a one-line script marks the page, and ``page.css`` then hides
  what the reviewer HTML leaves out (code, prompts, parameter cells, code cells without
  outputs). A link at the top switches between the two views.
* ``<name>.reviewer.html`` is a short page that forwards to ``<name>.html?view=reviewer``
  (``<meta http-equiv="refresh">``, with a plain link too), so every link to a reviewer page
  keeps working.

Deterministic like the self-contained pages: no timestamps, no random ids, no CDN scripts.
"""
from __future__ import annotations

import html
import re

import nbformat

from ita_audit.records.exporters import cached_exporter, page_config, page_exporter
from ita_audit.records.page_assets import STYLESHEETS
from ita_audit.records.reviewer import DEFAULT_TITLE, with_toc
from ita_audit.view.page_fonts import fallback_css

REVIEWER_VIEW = "view=reviewer"
_TEMPLATE_FILE = "ita_linked.html.j2"
_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}
<script>if(/(^|[?&])view=reviewer(&|$)/.test(location.search))document.documentElement.classList.add('ita-reviewer');</script>
{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block notebook_css -%}
{%- for sheet in resources.ita_stylesheets %}
<link rel="stylesheet" href="{{ sheet | e }}">
{%- endfor %}
{%- endblock notebook_css -%}
"""


def render_linked_page(notebook: nbformat.NotebookNode, name: str, assets: str) -> str:
    """The batch page of an executed notebook ``<name>.ipynb``, linking the assets folder at
    the relative URL ``assets``."""
    resources = {"ita_stylesheets": [f"{assets}/{sheet}" for sheet in STYLESHEETS]}
    body, _ = cached_exporter("linked", _linked_exporter).from_notebook_node(
        notebook, resources=resources)
    body = with_toc(body)
    switch = (f'<nav class="ita-view"><a class="ita-to-reviewer" href="{html.escape(name)}.html?'
              f'{REVIEWER_VIEW}">ฉบับอ่าน (ซ่อนโค้ด)</a><a class="ita-to-full" '
              f'href="{html.escape(name)}.html">ฉบับเต็ม (แสดงโค้ด)</a></nav>')
    body = body.replace("<main>", "<main>\n" + switch, 1)
    # The few glyphs Loma lacks, if any: every character of the page is a cheap superset of
    # its visible text (the page links its CSS, so there is little else).
    symbols = fallback_css({ch for ch in set(body) if not ch.isspace()})
    if symbols:
        body = body.replace("</head>", f"<style>\n{symbols}</style>\n</head>", 1)
    return body


def reviewer_stub(name: str, page: str) -> str:
    """``<name>.reviewer.html`` of a batch record, whose page is ``page``: forwards to the
    reviewer view, under the page's title."""
    found = re.search(r"<title>(.*?)</title>", page, re.S)
    title = found.group(1) if found else html.escape(DEFAULT_TITLE)   # already escaped
    target = html.escape(f"{name}.html?{REVIEWER_VIEW}")
    return ('<!DOCTYPE html>\n<html lang="th">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="refresh" content="0; url={target}">\n'
            f"<title>{title}</title>\n</head>\n<body>\n"
            f'<p><a href="{target}">ฉบับอ่าน: {html.escape(name)}.html</a></p>\n'
            "</body>\n</html>\n")


def _linked_exporter():
    from jinja2 import DictLoader

    config = page_config()
    config.CSSHTMLHeaderPreprocessor.enabled = False     # its code highlighting is in the assets
    return page_exporter(config=config, template_name="lab", template_file=_TEMPLATE_FILE,
                         extra_loaders=[DictLoader({_TEMPLATE_FILE: _TEMPLATE})],
                         language_code="th")
