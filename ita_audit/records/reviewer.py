"""The reviewer version of an audit record: prose and outputs only, with a table of contents.

The executed notebook is rendered with nbconvert's ``lab`` template with every code input left
out (``exclude_input``, ``exclude_input_prompt``, ``exclude_output_prompt``). The papermill
parameter cells (tags ``parameters`` and ``injected-parameters``) are removed with nbconvert's
``TagRemovePreprocessor``, and any other code cell without outputs is dropped by the template,
so no empty box is left behind.

The page is self-contained and deterministic: the fonts are embedded
(:func:`ita_audit.view.page_fonts.embed_fonts`: Loma, and a DejaVu Sans subset for the few
characters Loma lacks); the CDN scripts of
the template (require.js, MathJax, mermaid) are left out, because a record has no widgets,
maths or diagrams and must not look different offline. No timestamps, no random ids.

Table of contents: nbconvert gives each markdown heading an ``id`` that is its text with spaces
turned into ``-`` and everything else percent-encoded (``1.-%E0%B8%AA...``). The ids are read
back from the rendered HTML, and each link is ``#`` followed by that very id, so a browser
matches it literally. A heading without an id, or with the id of an earlier heading, gets a
fresh one (``ita-heading-<n>`` or ``<id>-<n>``).
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote

import nbformat

from ita_audit.records.exporters import cached_exporter, page_config, page_exporter
from ita_audit.view.page_fonts import embed_fonts

HIDDEN_CELL_TAGS = ("parameters", "injected-parameters")
TOC_TITLE = "สารบัญ"
DEFAULT_TITLE = "บันทึกการตรวจ"
TOC_LEVELS = (1, 2, 3)

_TEMPLATE_FILE = "ita_reviewer.html.j2"
# The lab template without its CDN scripts, and without code cells that have no outputs.
_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block codecell -%}{%- if cell.outputs -%}{{ super() }}{%- endif -%}{%- endblock codecell -%}
"""

# Characters a URL parser leaves alone in a fragment (printable ASCII except the fragment
# percent-encode set: space " < > `). Keeping them means href "#<id>" reaches the browser
# unchanged, so it matches the id exactly.
_FRAGMENT_SAFE = "!#$%&'()*+,-./:;=?@[\\]^_{|}~"

TOC_CSS = """
nav.ita-toc{box-sizing:border-box;margin:16px auto 8px;max-width:1200px;padding:12px 18px;
 border:1px solid #c9d1d9;border-radius:6px;background:#f6f8fa;
 font-family:var(--jp-content-font-family);font-size:15px;line-height:1.7;}
nav.ita-toc .ita-toc-title{margin:0 0 4px;font-weight:bold;font-size:16px;}
nav.ita-toc ol{list-style:none;margin:0;padding:0;}
nav.ita-toc li{padding-left:1em;text-indent:-1em;}
nav.ita-toc li.ita-toc-h2{padding-left:2em;}
nav.ita-toc li.ita-toc-h3{padding-left:3em;}
nav.ita-toc a{color:#0a4fa6;text-decoration:none;}
nav.ita-toc a:hover,nav.ita-toc a:focus{text-decoration:underline;}
@media screen and (min-width:1280px){
 nav.ita-toc{position:fixed;top:16px;left:16px;width:280px;max-height:calc(100vh - 32px);
  overflow-y:auto;margin:0;}
 nav.ita-toc + main{margin-left:312px;}
}
@media print{nav.ita-toc{position:static;max-height:none;}}
"""


@dataclass(frozen=True)
class Heading:
    """One markdown heading of the rendered page."""

    level: int
    id: str
    text: str


def render_reviewer_html(notebook: nbformat.NotebookNode, title: str | None = None) -> str:
    """The reviewer HTML of an executed notebook: no code, a table of contents, fonts embedded.

    ``title`` is the page's <title>; by default the notebook's first heading.
    """
    body = embed_fonts(with_toc(_export(notebook), title))
    return body.replace("</head>", f"<style>\n{TOC_CSS}</style>\n</head>", 1)


def with_toc(body: str, title: str | None = None) -> str:
    """A rendered page with unique heading ids, its <title> (``title``, else the first
    heading) and a table of contents before <main>."""
    body, headings = _fix_heading_ids(body)
    page_title = title if title is not None else (headings[0].text if headings
                                                  else DEFAULT_TITLE)
    body = re.sub(r"<title>.*?</title>", lambda _: f"<title>{html.escape(page_title)}</title>",
                  body, count=1, flags=re.S)
    if headings:                                  # no headings, no (empty) table of contents
        nav = toc_html(headings)
        body = (body.replace("<main>", nav + "\n<main>", 1) if "<main>" in body
                else nav + body)
    return body


def toc_html(headings: Iterable[Heading]) -> str:
    """The <nav> listing the headings, each linking to its id."""
    items = "\n".join(
        f'<li class="ita-toc-h{h.level}"><a href="{html.escape(fragment_href(h.id))}">'
        f"{html.escape(h.text)}</a></li>" for h in headings)
    return (f'<nav class="ita-toc" aria-label="{TOC_TITLE}">\n'
            f'<p class="ita-toc-title">{TOC_TITLE}</p>\n<ol>\n{items}\n</ol>\n</nav>')


def fragment_href(element_id: str) -> str:
    """``#`` + the id, percent-encoding only what a URL parser would encode anyway."""
    return "#" + quote(element_id, safe=_FRAGMENT_SAFE)


def _export(notebook: nbformat.NotebookNode) -> str:
    """nbconvert's lab HTML without code inputs, prompts or parameter cells."""
    body, _ = cached_exporter("reviewer", _reviewer_exporter).from_notebook_node(notebook)
    return body                                   # (nbconvert works on a deep copy)


def _reviewer_exporter():
    from jinja2 import DictLoader

    config = page_config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = set(HIDDEN_CELL_TAGS)
    return page_exporter(config=config, template_name="lab", template_file=_TEMPLATE_FILE,
                         extra_loaders=[DictLoader({_TEMPLATE_FILE: _TEMPLATE})],
                         exclude_input=True, exclude_input_prompt=True,
                         exclude_output_prompt=True, language_code="th")


class _HeadingParser(HTMLParser):
    """Finds the h1–h3 of markdown cells, with their start tags' offsets and their text
    (without nbconvert's hidden ``¶`` anchor link)."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.in_markdown_cell = False
        self.found: list[dict] = []
        self._current: dict | None = None
        self._skip = 0

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "div" and "jp-Cell" in classes:        # a new cell begins
            self.in_markdown_cell = "jp-MarkdownCell" in classes
        elif (tag in {f"h{n}" for n in TOC_LEVELS} and self.in_markdown_cell
              and self._current is None):
            start = self._offset()
            self._current = {"level": int(tag[1]), "attrs": attrs, "start": start,
                             "end": start + len(self.get_starttag_text() or ""), "text": []}
        elif self._current is not None and (self._skip or
                                            (tag == "a" and "anchor-link" in classes)):
            self._skip += 1
        elif self._current is not None and tag == "br":
            self._current["text"].append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._current is None:
            return
        if tag == f"h{self._current['level']}":
            self.found.append(self._current)
            self._current = None
            self._skip = 0
        elif self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._current is not None and not self._skip:
            self._current["text"].append(data)


_CELL_START = re.compile(r'<div\b[^>]*\bclass="jp-Cell[ "]')


def _markdown_headings(body: str) -> list[dict]:
    """The headings of the page's markdown cells, offsets into ``body``: only the markdown
    cells are parsed (a page is mostly outputs, and parsing those would be wasted time)."""
    starts = [m.start() for m in _CELL_START.finditer(body)] + [len(body)]
    found: list[dict] = []
    for start, end in zip(starts, starts[1:]):
        chunk = body[start:end]
        if "jp-MarkdownCell" not in chunk[:chunk.find(">")]:
            continue
        parser = _HeadingParser(chunk)
        parser.feed(chunk)
        parser.close()
        for heading in parser.found:
            heading["start"] += start
            heading["end"] += start
            found.append(heading)
    return found


def _fix_heading_ids(body: str) -> tuple[str, list[Heading]]:
    """The page's markdown headings; a missing or repeated id is replaced by a fresh one."""
    used: set[str] = set()
    headings: list[Heading] = []
    edits: list[tuple[int, int, str]] = []
    for n, found in enumerate(_markdown_headings(body), 1):
        attrs = dict(found["attrs"])
        element_id = attrs.get("id") or ""
        new_id = element_id or f"ita-heading-{n}"
        suffix = 1
        while new_id in used:
            suffix += 1
            new_id = f"{element_id or 'ita-heading'}-{suffix}"
        used.add(new_id)
        if new_id != element_id:
            attrs["id"] = new_id
            tag = "".join(f' {k}="{html.escape(v or "")}"' for k, v in attrs.items())
            edits.append((found["start"], found["end"], f"<h{found['level']}{tag}>"))
        text = " ".join("".join(found["text"]).split())
        headings.append(Heading(level=found["level"], id=new_id, text=text))
    for start, end, tag in reversed(edits):
        body = body[:start] + tag + body[end:]
    return body, headings
