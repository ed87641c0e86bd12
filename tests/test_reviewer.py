"""The reviewer version of the committed audit records (ita_audit.records.reviewer).

The records are the committed executed notebooks; nothing is re-executed. The Chromium tests
run only where a ``chromium`` binary is installed (CI installs the Debian package).
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from conftest import headless
from matplotlib.ft2font import FT2Font

from ita_audit.records.reviewer import TOC_TITLE, render_reviewer_html
from ita_audit.view import page_fonts
from ita_audit.view.page_fonts import FONT_DIR, THAI_FONT_FAMILY

ROOT = Path(__file__).resolve().parent.parent
RECORDS = {
    "oit": "audits/2566/sso/oit_audit.ipynb",
    "hr": "audits/2562/sso/hr_audit.ipynb",
    "plan": "audits/2565/msdhs-ops/integrity_plan.ipynb",
    "policy": "audits/2566/sso/policy_document.ipynb",
}
PNG_IMG = re.compile(r'<img\b[^>]*\bsrc="data:image/png;base64,[A-Za-z0-9+/=]{100,}"')
WINDOW = (1400, 2000)


@cache
def notebook(name: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / RECORDS[name], as_version=4)


@cache
def page(name: str) -> str:
    return render_reviewer_html(notebook(name))


def body_of(text: str) -> str:
    match = re.search(r"<body\b.*</body>", text, flags=re.S)
    assert match, "no <body>"
    return match.group(0)


class PageParser(HTMLParser):
    """Ids, headings, TOC links and what lies inside code cells of a rendered page."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.headings: list[dict] = []       # h1-h3 outside the TOC
        self.toc: list[dict] = []            # links of nav.ita-toc
        self.navs: int = 0
        self.code_cell_classes: list[str] = []
        self.stack: list[tuple[str, set[str]]] = []
        self._heading: dict | None = None
        self._link: dict | None = None
        self._anchor_depth = 0

    def _inside(self, cls: str) -> bool:
        return any(cls in classes for _, classes in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        classes = set((attr.get("class") or "").split())
        if attr.get("id"):
            self.ids.append(attr["id"])
        if tag == "nav" and "ita-toc" in classes:
            self.navs += 1
        if self._inside("jp-CodeCell"):
            self.code_cell_classes.extend(classes)
        in_nav = self._inside("ita-toc") or "ita-toc" in classes
        if tag in ("h1", "h2", "h3") and not in_nav:
            self._heading = {"level": int(tag[1]), "id": attr.get("id"), "text": ""}
        elif tag == "a" and self._heading is not None and "anchor-link" in classes:
            self._anchor_depth = 1
        elif tag == "a" and in_nav:
            self._link = {"href": attr.get("href"), "text": "",
                          "level": int(next(c for c in self.stack[-1][1]
                                            if c.startswith("ita-toc-h"))[-1])}
        if tag not in self.VOID:
            self.stack.append((tag, classes))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        if tag == "a" and self._anchor_depth:
            self._anchor_depth = 0
        elif tag == "a" and self._link is not None:
            self.toc.append(self._link)
            self._link = None
        elif tag in ("h1", "h2", "h3") and self._heading is not None:
            self._heading["text"] = " ".join(self._heading["text"].split())
            self.headings.append(self._heading)
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None and not self._anchor_depth:
            self._heading["text"] += data
        if self._link is not None:
            self._link["text"] += data


@cache
def parsed(name: str) -> PageParser:
    parser = PageParser()
    parser.feed(body_of(page(name)))
    parser.close()
    return parser


def markdown_headings(nb: nbformat.NotebookNode) -> list[tuple[int, str]]:
    """(level, text) of the ATX h1-h3 in the markdown cells' sources: an oracle independent
    of nbconvert."""
    found = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        fenced = False
        for line in cell.source.splitlines():
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
            match = None if fenced else re.match(r"^ {0,3}(#{1,3})\s+(.*?)(?:\s+#+)?\s*$", line)
            if match:
                found.append((len(match.group(1)), " ".join(match.group(2).split())))
    return found


def visible_text(text: str) -> str:
    """The text of the <body>, without scripts and styles, entities decoded."""
    body = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", body_of(text), flags=re.S | re.I)
    body = re.sub(r"<!--.*?-->", " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def embedded_fonts(text: str, tmp_path: Path) -> dict[str, set[int]]:
    """family -> code points of every @font-face embedded as a data URL."""
    fonts: dict[str, set[int]] = {}
    rules = re.findall(r"@font-face\{font-family:'([^']+)';[^}]*?"
                       r"url\(data:font/ttf;base64,([A-Za-z0-9+/=]+)\)", text)
    for n, (family, data) in enumerate(rules):
        path = tmp_path / f"font-{n}.ttf"
        path.write_bytes(base64.b64decode(data))
        fonts.setdefault(family, set()).update(FT2Font(str(path)).get_charmap())
    return fonts


def describe(chars) -> str:
    return ", ".join(f"{ch!r} U+{ord(ch):04X} {unicodedata.name(ch, '?')}" for ch in chars)


# --- content -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", RECORDS)
def test_no_code_inputs(name: str) -> None:
    text = page(name)
    body = body_of(text)
    parser = parsed(name)
    markdown_cells = sum(c.cell_type == "markdown" for c in notebook(name).cells)
    # the only input areas left are the markdown cells' own wrappers
    assert body.count('class="jp-InputArea jp-Cell-inputArea"') == markdown_cells
    for cls in ("jp-InputArea", "jp-InputPrompt", "jp-OutputPrompt", "jp-InputArea-editor",
                "cm-editor", "highlight"):
        assert cls not in parser.code_cell_classes, f"{cls} inside a code cell"
    assert "jp-InputPrompt" not in body and "jp-OutputPrompt" not in body
    assert 'class="highlight' not in body and "In&nbsp;[" not in body
    assert "from ita_audit" not in body
    for cell in notebook(name).cells:
        if cell.cell_type != "code":
            continue
        for line in cell.source.splitlines():
            line = line.strip()
            if len(line) >= 12 and not line.startswith("#"):
                assert line not in body and html.escape(line) not in body, line


@pytest.mark.parametrize("name", RECORDS)
def test_parameter_cells_and_empty_code_cells_are_gone(name: str) -> None:
    body = body_of(page(name))
    assert "celltag_parameters" not in body
    assert "celltag_injected-parameters" not in body
    assert 'id="cell-id=injected-parameters"' not in body
    assert "jp-mod-noOutputs" not in body
    shown = [c for c in notebook(name).cells
             if c.cell_type == "markdown" or (c.cell_type == "code" and c.outputs)]
    assert body.count('class="jp-Cell ') == len(shown)


@pytest.mark.parametrize("name", RECORDS)
def test_outputs_tables_and_figures_kept(name: str) -> None:
    body = body_of(page(name))
    outputs = [o for c in notebook(name).cells if c.cell_type == "code" for o in c.outputs]
    pngs = sum("image/png" in o.get("data", {}) for o in outputs)
    tables = sum(o.get("data", {}).get("text/html", "").count("<table") for o in outputs)
    assert tables > 0
    assert len(PNG_IMG.findall(body)) == pngs
    assert body.count("<table") >= tables
    streams = [o.text for o in outputs if o.output_type == "stream"]
    for text in streams:
        first = text.strip().splitlines()[0]
        assert html.escape(first, quote=False) in body


def test_figures_present() -> None:
    assert len(PNG_IMG.findall(body_of(page("oit")))) == 1      # verdicts by sub-indicator
    assert len(PNG_IMG.findall(body_of(page("hr")))) == 8       # appendix charts 3.1-3.8


@pytest.mark.parametrize("name", RECORDS)
def test_toc_lists_every_heading_and_links_resolve(name: str) -> None:
    parser = parsed(name)
    assert parser.navs == 1
    assert f'<nav class="ita-toc" aria-label="{TOC_TITLE}">' in page(name)
    expected = markdown_headings(notebook(name))
    assert expected, "the record has headings"
    assert [(t["level"], t["text"]) for t in parser.toc] == expected
    assert [(h["level"], h["text"]) for h in parser.headings] == expected
    assert len(parser.ids) == len(set(parser.ids)), "duplicate ids"
    by_id = {h["id"]: h for h in parser.headings}
    for link in parser.toc:
        href = link["href"]
        assert href.startswith("#")
        assert href[1:] in parser.ids, f"{href} matches no id"
        assert by_id[href[1:]]["text"] == link["text"]
    assert {t["href"][1:] for t in parser.toc} == {h["id"] for h in parser.headings}


@pytest.mark.parametrize("name", RECORDS)
def test_title_is_first_heading(name: str) -> None:
    first = markdown_headings(notebook(name))[0][1]
    assert re.findall(r"<title>(.*?)</title>", page(name)) == [html.escape(first)]


@pytest.mark.parametrize("name", RECORDS)
def test_self_contained(name: str) -> None:
    text = page(name)
    assert not re.search(r"<script[^>]*\bsrc=", text), "external script"
    assert "cdnjs" not in text and "mathjax" not in text.lower()
    assert '<html lang="th">' in text


@pytest.mark.parametrize("name", RECORDS)
def test_thai_font_embedded(name: str, tmp_path: Path) -> None:
    text = page(name)
    fonts = embedded_fonts(text, tmp_path)
    assert set(FT2Font(str(FONT_DIR / "Loma.ttf")).get_charmap()) <= fonts[THAI_FONT_FAMILY]
    assert text.count(f"@font-face{{font-family:'{THAI_FONT_FAMILY}'") == 2  # regular, bold
    assert "--jp-content-font-family:'Loma'" in text


@pytest.mark.parametrize("name", RECORDS)
def test_every_visible_character_has_a_glyph(name: str, tmp_path: Path) -> None:
    """No tofu: each character is in Loma or in the embedded fallback font declared after it."""
    text = page(name)
    chars = {ch for ch in visible_text(text) if not ch.isspace()}
    fonts = embedded_fonts(text, tmp_path)
    covered = set().union(*fonts.values())
    uncovered = sorted(ch for ch in chars if ord(ch) not in covered)
    assert not uncovered, f"{RECORDS[name]}: no embedded glyph for {describe(uncovered)}"
    outside_loma = sorted(ch for ch in chars if ord(ch) not in fonts[THAI_FONT_FAMILY])
    if outside_loma:
        family = page_fonts.SYMBOL_FONT_FAMILY
        stack = f"--jp-content-font-family:'{THAI_FONT_FAMILY}','{family}',sans-serif"
        assert stack in text, f"{describe(outside_loma)} need the fallback font in the stack"
        ranges = set(re.findall(rf"font-family:'{family}';[^}}]*?unicode-range:([^;]+);", text))
        assert ranges == {",".join(f"U+{ord(ch):04X}" for ch in outside_loma)}
    else:
        assert page_fonts.SYMBOL_FONT_FAMILY not in text


def test_hr_record_needs_the_symbol_fallback() -> None:
    """Loma has no −, ≤, ≥ (from ita_audit/hr_checks.py, hr_indicators.py, hr_report.py)."""
    chars = {ch for ch in visible_text(page("hr")) if not ch.isspace()}
    assert {"−", "≤", "≥"} <= set(page_fonts.missing_from_loma(chars))


@pytest.mark.parametrize("name", RECORDS)
def test_deterministic(name: str) -> None:
    page_fonts._subset.cache_clear()
    assert render_reviewer_html(notebook(name)) == page(name)


@pytest.mark.slow
def test_deterministic_across_processes() -> None:
    """A fresh interpreter (no caches; the font subset rebuilt) writes the same bytes."""
    code = ("import hashlib,sys,nbformat\nfrom ita_audit.records.reviewer import render_reviewer_html\n"
            "nb=nbformat.read(sys.argv[1],as_version=4)\n"
            "print(hashlib.sha256(render_reviewer_html(nb).encode()).hexdigest())")
    out = subprocess.run([sys.executable, "-c", code, str(ROOT / RECORDS["hr"])], cwd=ROOT,
                         capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == hashlib.sha256(page("hr").encode()).hexdigest()


def test_given_title_and_headings_are_escaped() -> None:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]})
    params.outputs = [nbformat.v4.new_output("stream", name="stdout", text="PARAMS-SHOWN\n")]
    shown = nbformat.v4.new_code_cell("print('hi')")
    shown.outputs = [nbformat.v4.new_output("stream", name="stdout", text="ผลลัพธ์\n")]
    nb.cells = [
        nbformat.v4.new_markdown_cell('# หัวเรื่อง & "อัญประกาศ"'),
        params,
        nbformat.v4.new_code_cell("silent = 1"),
        shown,
        nbformat.v4.new_markdown_cell("## ซ้ำ"),
        nbformat.v4.new_markdown_cell("## ซ้ำ"),
        nbformat.v4.new_markdown_cell("### ก<br>ข"),   # not XML: nbconvert gives it no id
        nbformat.v4.new_markdown_cell("#### ไม่อยู่ในสารบัญ"),
    ]
    text = render_reviewer_html(nb, title='<ตรวจ> & "x"')
    assert "<title>&lt;ตรวจ&gt; &amp; &quot;x&quot;</title>" in text
    assert "PARAMS-SHOWN" not in text and "silent = 1" not in text
    assert body_of(text).count('class="jp-Cell ') == 6
    parser = PageParser()
    parser.feed(body_of(text))
    assert [(t["level"], t["text"]) for t in parser.toc] == [
        (1, 'หัวเรื่อง & "อัญประกาศ"'), (2, "ซ้ำ"), (2, "ซ้ำ"), (3, "ก ข")]
    assert len(parser.ids) == len(set(parser.ids))
    assert all(t["href"][1:] in parser.ids for t in parser.toc)
    assert len({t["href"] for t in parser.toc}) == 4
    assert [t["href"] for t in parser.toc][2:] == ["#%E0%B8%8B%E0%B9%89%E0%B8%B3-2",
                                                   "#ita-heading-4"]
    assert "&amp; &quot;อัญประกาศ&quot;</a></li>" in text
    default = render_reviewer_html(nb)
    assert '<title>หัวเรื่อง &amp; &quot;อัญประกาศ&quot;</title>' in default


# --- Chromium ----------------------------------------------------------------------------


# A test-only page that loads a record in an iframe, waits for its fonts, then reports the
# state of every @font-face and clicks every TOC link, noting which element became :target.
# The record itself is untouched. Needs --allow-file-access-from-files (file:// frames are
# otherwise cross-origin to each other).
WRAPPER = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>wrapper</title></head><body>
<pre id="result">pending</pre>
<iframe id="record" src="%s" style="width:1200px;height:900px"></iframe>
<script>
const out = document.getElementById("result");
const frame = document.getElementById("record");
frame.addEventListener("load", async () => {
  const result = {};
  try {
    const win = frame.contentWindow, doc = win.document;
    await doc.fonts.ready;
    result.faces = [...doc.fonts].map(f => [f.family.replace(/["']/g, ""), f.weight, f.status]);
    result.links = [];
    for (const a of doc.querySelectorAll("nav.ita-toc a")) {
      a.click();
      const t = doc.querySelector(":target");
      const anchor = t ? t.querySelector("a.anchor-link") : null;
      const text = t ? t.textContent.slice(0, t.textContent.length -
                                            (anchor ? anchor.textContent.length : 0)) : null;
      result.links.push({href: a.getAttribute("href"), hash: win.location.hash,
                         tag: t ? t.tagName : null, target: text, text: a.textContent});
    }
  } catch (e) { result.error = String(e); }
  out.textContent = JSON.stringify(result);
});
</script></body></html>
"""


@pytest.mark.slow
def run_chromium(chromium: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return headless(chromium, tmp_path, f"--window-size={WINDOW[0]},{WINDOW[1]}", *args)


def write_record(name: str, tmp_path: Path) -> Path:
    path = tmp_path / f"{name}.html"
    path.write_text(page(name), encoding="utf-8")
    return path


@pytest.mark.slow
def test_chromium_screenshot(chromium: str, tmp_path: Path) -> None:
    from matplotlib.image import imread

    record = write_record("oit", tmp_path)
    shot = tmp_path / "shot.png"
    run_chromium(chromium, tmp_path, f"--screenshot={shot}", record.as_uri())
    assert shot.is_file()
    pixels = imread(shot)[..., :3]
    assert pixels.shape[:2] == (WINDOW[1], WINDOW[0])
    ink = (pixels.min(axis=2) < 0.8).mean()      # share of clearly non-white pixels
    assert pixels.std() > 0.05 and ink > 0.02, \
        f"blank screenshot? std={pixels.std():.3f} ink={ink:.3f}"
    # the TOC sidebar (left of the content on a 1400 px wide window) has text in it
    assert (pixels[:300, :280].min(axis=2) < 0.5).mean() > 0.01
    if os.environ.get("REVIEWER_SCREENSHOT"):
        shutil.copyfile(shot, os.environ["REVIEWER_SCREENSHOT"])


@pytest.mark.slow
def test_chromium_dom(chromium: str, tmp_path: Path) -> None:
    record = write_record("oit", tmp_path)
    dom = run_chromium(chromium, tmp_path, "--dump-dom", record.as_uri()).stdout
    assert '<nav class="ita-toc" aria-label="สารบัญ">' in dom
    assert TOC_TITLE in dom
    for _, heading in markdown_headings(notebook("oit")):
        assert html.escape(heading, quote=False) in dom


@pytest.mark.slow
@pytest.mark.parametrize("name", ["oit", "hr"])
def test_chromium_fonts_load_and_toc_links_land(name: str, chromium: str,
                                                tmp_path: Path) -> None:
    record = write_record(name, tmp_path)
    wrapper = tmp_path / "wrapper.html"
    wrapper.write_text(WRAPPER % record.name, encoding="utf-8")
    dom = run_chromium(chromium, tmp_path, "--allow-file-access-from-files", "--dump-dom",
                       wrapper.as_uri()).stdout
    match = re.search(r'<pre id="result">(.*?)</pre>', dom, flags=re.S)
    assert match and match.group(1) != "pending", "the wrapper page never reported"
    result = json.loads(html.unescape(match.group(1)))
    assert "error" not in result, result.get("error")
    faces = {(family, weight): status for family, weight, status in result["faces"]}
    assert faces[(THAI_FONT_FAMILY, "1 599")] == "loaded", faces
    assert faces[(THAI_FONT_FAMILY, "600 1000")] == "loaded", faces   # <strong>, <th>
    assert "error" not in faces.values(), faces
    if name == "hr":      # −, ≤ and ≥ are drawn from the embedded fallback
        assert faces[(page_fonts.SYMBOL_FONT_FAMILY, "1 599")] == "loaded", faces
    expected = [text for _, text in markdown_headings(notebook(name))]
    assert [link["text"] for link in result["links"]] == expected
    for link in result["links"]:
        assert link["hash"] == link["href"], link
        assert link["tag"] in ("H1", "H2", "H3") and link["target"] == link["text"], link


def test_full_record_embeds_the_symbol_fallback_too() -> None:
    """The full HTML record (code and outputs) gets the same fonts: Loma and, for the HR
    record's −, ≤ and ≥, the embedded DejaVu subset after it."""
    from ita_audit.records.render import render_html

    full = render_html(notebook("hr"))
    assert f"font-family:'{page_fonts.SYMBOL_FONT_FAMILY}'" in full
    assert "unicode-range:U+2212,U+2264,U+2265;" in full
    assert page_fonts.SYMBOL_FONT_FAMILY not in render_html(notebook("oit"))


def test_the_self_contained_full_page_loads_nothing_and_has_a_toc() -> None:
    """``ita-audit run`` writes the full page with code: like the reviewer page it loads no
    CDN script (require.js, MathJax: a '$…$' title would be typeset), is Thai and has a table
    of contents."""
    from ita_audit.records.render import render_html

    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# บันทึกการตรวจ\n\n## ผลรายข้อ"),
        nbformat.v4.new_markdown_cell("ชื่อเอกสาร $\\href{javascript:alert(1)}{x}$"),
        nbformat.v4.new_code_cell("1 + 1")])
    page = render_html(notebook)
    assert not re.search(r"<script[^>]+src=|cdnjs|mathjax|mermaid", page, re.I)
    assert '<html lang="th"' in page and f">{TOC_TITLE}<" in page
    assert "<title>บันทึกการตรวจ</title>" in page and "1 + 1" in html.unescape(
        re.sub(r"<[^>]+>", "", page))


@pytest.mark.slow
def test_short_labels_stay_on_one_line_in_a_narrow_column(chromium: str, tmp_path: Path) -> None:
    """In a narrow column Chromium broke 'ไม่ผ่าน' between its words, leaving 'ผ่าน' alone on
    the second line (the policy record's verdicts, visual review); a label column stays on
    one line, while long text still wraps."""
    import html as html_lib
    import re

    import pandas as pd

    from ita_audit.view.page_fonts import font_face_css
    from ita_audit.view.tables import show

    table = show(pd.DataFrame({"ด้าน": ["วันที่ประกาศ", "ผู้ลงนาม"], "ผล": ["ไม่ผ่าน", "รอตรวจ"],
                               "เหตุผล": ["ประกาศลงวันที่ 29 ธันวาคม 2558 ไม่อยู่ในปีปฏิทิน 2566 "
                                          "(1 ม.ค. 2566 – 31 ธ.ค. 2566) ตามเกณฑ์ของข้อ"] * 2}))
    page = tmp_path / "table.html"
    page.write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{font_face_css()}"
        "body{font-family:Loma;width:260px;font-size:14px}</style></head><body>"
        f"{table.markup}<pre id='out'></pre><script>"
        "document.fonts.ready.then(() => { const rows = [...document.querySelectorAll('tbody tr')];"
        "const lines = c => { const range = document.createRange(); range.selectNodeContents(c);"
        "return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; };"
        "document.getElementById('out').textContent = JSON.stringify(rows.map(r => [...r.cells]"
        ".map(lines)));});</script></body></html>",
        encoding="utf-8")
    dom = run_chromium(chromium, tmp_path, "--dump-dom", page.as_uri()).stdout
    lines = json.loads(html_lib.unescape(re.search(r"<pre id=\"out\">(.*?)</pre>", dom).group(1)))
    assert [row[1] for row in lines] == [1, 1]           # the verdicts: one line each
    assert all(row[2] > 2 for row in lines)              # the reason still wraps
