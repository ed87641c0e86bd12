"""The pages of a batch record that link the audits folder's shared assets instead of embedding
them (ita_audit.records.page_assets, ita_audit.records.linked_page).

The fast tests render the committed executed notebook ``audits/2566/sso/oit_audit.ipynb``
(read only; nothing is re-executed). The slow ones execute a notebook through
``ita_audit.run.runner.run`` into a tmp folder, or open pages in a headless Chromium (only where
a ``chromium`` binary is installed, like tests/test_reviewer.py).
"""
from __future__ import annotations

import html
import json
import os
import re
from functools import cache
from pathlib import Path

import nbformat
import pytest
from conftest import headless
from test_reviewer import PNG_IMG, body_of, markdown_headings, notebook

from ita_audit.records.linked_page import render_linked_page, reviewer_stub
from ita_audit.records.page_assets import assets_href, notebook_css, write_assets
from ita_audit.records.render import render_html
from ita_audit.records.reviewer import TOC_TITLE
from ita_audit.view.page_fonts import THAI_FONT_FAMILY

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_FONTS = ROOT / "ita_audit" / "view" / "fonts"
ASSET_NAMES = ["Loma-Bold.ttf", "Loma.ttf", "fonts.css", "notebook.css", "page.css"]
ASSETS = "../../_assets"          # from audits/<year>/<agency>/
NAME = "oit_audit"
REVIEWER_URL = f"{NAME}.html?view=reviewer"
STYLESHEET_LINK = re.compile(r'<link rel="stylesheet" href="([^"]*)">')
# What nbconvert's lab template inlines in its notebook_css block (it must be in notebook.css,
# not in the page): a rule of the lab CSS, a theme variable, the template's own <style>.
LAB_CSS_MARKERS = (".jp-Cell {", "--jp-layout-color0:", "-webkit-print-color-adjust")


@cache
def linked(name: str = "oit") -> str:
    return render_linked_page(notebook(name), NAME, ASSETS)


def stat_ns(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}


# --- the assets folder ---------------------------------------------------------------------

def test_write_assets_writes_the_five_files(tmp_path: Path) -> None:
    folder = write_assets(tmp_path)
    assert folder == tmp_path / "_assets"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_assets"]
    assert sorted(p.name for p in folder.iterdir()) == ASSET_NAMES     # no temporary leftovers
    for font in ("Loma.ttf", "Loma-Bold.ttf"):
        assert (folder / font).read_bytes() == (BUNDLED_FONTS / font).read_bytes()
    fonts = (folder / "fonts.css").read_text(encoding="utf-8")
    assert "src:url(Loma.ttf) format('truetype')" in fonts
    assert "src:url(Loma-Bold.ttf) format('truetype')" in fonts
    assert fonts.count("@font-face{font-family:'Loma'") == 2
    assert "base64" not in fonts and "data:" not in fonts
    assert "--jp-content-font-family:'Loma',sans-serif" in fonts
    notebook_css = (folder / "notebook.css").read_text(encoding="utf-8")
    assert "<style" not in notebook_css and "</style" not in notebook_css
    for marker in LAB_CSS_MARKERS:
        assert marker in notebook_css, marker
    page_css = (folder / "page.css").read_text(encoding="utf-8")
    assert "nav.ita-toc{" in page_css
    assert "html.ita-reviewer .jp-CodeCell .jp-Cell-inputWrapper" in page_css


def test_write_assets_rewrites_only_what_changed(tmp_path: Path) -> None:
    folder = write_assets(tmp_path)
    expected = {p.name: p.read_bytes() for p in folder.iterdir()}
    old = 1_000_000_000 * 10**9                              # 2001, well before any write
    for path in folder.iterdir():
        os.utime(path, ns=(old, old))
    assert write_assets(tmp_path) == folder
    assert stat_ns(folder) == dict.fromkeys(ASSET_NAMES, old)     # nothing rewritten

    (folder / "notebook.css").write_bytes(b"corrupt")
    (folder / "Loma.ttf").write_bytes(b"")
    os.utime(folder / "notebook.css", ns=(old, old))
    os.utime(folder / "Loma.ttf", ns=(old, old))
    write_assets(tmp_path)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == expected
    times = stat_ns(folder)
    assert times["notebook.css"] != old and times["Loma.ttf"] != old
    assert {n: t for n, t in times.items() if n not in ("notebook.css", "Loma.ttf")} == \
        dict.fromkeys(["Loma-Bold.ttf", "fonts.css", "page.css"], old)
    assert sorted(times) == ASSET_NAMES


def test_assets_href(tmp_path: Path) -> None:
    root = tmp_path / "audits"
    assert assets_href(root / "2566" / "sso", root) == "../../_assets"
    assert assets_href(root / "cross-agency", root) == "../_assets"


# --- the linked page -----------------------------------------------------------------------

def test_linked_page_links_the_stylesheets_in_order() -> None:
    page = linked()
    head = page[:page.index("</head>")]
    assert STYLESHEET_LINK.findall(page) == [
        "../../_assets/notebook.css", "../../_assets/fonts.css", "../../_assets/page.css"]
    assert len(STYLESHEET_LINK.findall(head)) == 3                  # all three in <head>
    assert ('<link rel="stylesheet" href="../../_assets/notebook.css">\n'
            '<link rel="stylesheet" href="../../_assets/fonts.css">\n'
            '<link rel="stylesheet" href="../../_assets/page.css">') in head
    assert '<html lang="th">' in page


def test_linked_page_embeds_no_font_and_no_lab_css() -> None:
    page = linked()
    assert "font/ttf;base64" not in page and "@font-face{font-family:'Loma'" not in page
    # the only base64 data are the record's PNG figure(s)
    assert page.count("base64,") == page.count("data:image/png;base64,") == 1
    for marker in LAB_CSS_MARKERS:
        assert marker not in page, marker
    # Pygments' code highlighting (nbconvert's resources.inlining.css) is in notebook.css too:
    # no text/css block is left, only the tables' own small <style> in the outputs.
    assert re.findall(r'<style type="text/css">', page) == []
    assert ".highlight .hll" not in page and ".highlight .hll" in notebook_css()
    assert len(page) < len(render_html(notebook("oit"))) / 2


def test_linked_page_has_toc_switch_code_and_outputs() -> None:
    page = linked()
    nb = notebook("oit")
    assert page.count(f'<nav class="ita-toc" aria-label="{TOC_TITLE}">') == 1
    toc = re.search(r'<nav class="ita-toc".*?</nav>', page, re.S).group(0)
    assert [html.unescape(t) for t in re.findall(r'<a href="#[^"]*">(.*?)</a>', toc)] == \
        [text for _, text in markdown_headings(nb)]
    assert ('<main>\n<nav class="ita-view"><a class="ita-to-reviewer" '
            'href="oit_audit.html?view=reviewer">ฉบับอ่าน (ซ่อนโค้ด)</a><a class="ita-to-full" '
            'href="oit_audit.html">ฉบับเต็ม (แสดงโค้ด)</a></nav>') in page
    assert page.index('<nav class="ita-toc"') < page.index("<main>")
    assert re.findall(r"<title>(.*?)</title>", page) == [
        html.escape(markdown_headings(nb)[0][1])]
    # every cell is there, code included (the reviewer view hides it with CSS)
    body = body_of(page)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert body.count('class="jp-Cell jp-CodeCell') == len(code_cells)
    assert body.count('class="jp-Cell jp-MarkdownCell') == len(nb.cells) - len(code_cells)
    assert "celltag_parameters" in body and "celltag_injected-parameters" in body
    code = html.unescape(re.sub(r"<[^>]+>", "", body))     # the highlighted code, as text
    assert "audit = run_oit_audit(disclosure," in code
    for cell in code_cells:
        for line in cell.source.splitlines():
            assert line.strip() in code, line
    # the outputs: the tables and the figure
    outputs = [o for c in code_cells for o in c.outputs]
    tables = sum(o.get("data", {}).get("text/html", "").count("<table") for o in outputs)
    assert tables > 0 and body.count("<table") >= tables
    assert len(PNG_IMG.findall(body)) == 1
    # the reviewer view's script is inline; nothing from a CDN
    assert not re.search(r"<script[^>]*\bsrc=", page)
    assert "cdnjs" not in page and "mathjax" not in page.lower() and "require.js" not in page
    assert re.findall(r"<script[^>]*>", page) == ["<script>"]


def test_linked_page_is_deterministic() -> None:
    again = render_linked_page(nbformat.read(ROOT / "audits/2566/sso/oit_audit.ipynb",
                                             as_version=4), NAME, ASSETS)
    assert again == linked()
    assert render_linked_page(notebook("oit"), NAME, ASSETS) == linked()


def test_linked_page_other_assets_url() -> None:
    page = render_linked_page(notebook("oit"), NAME, "../_assets")
    assert STYLESHEET_LINK.findall(page) == [
        "../_assets/notebook.css", "../_assets/fonts.css", "../_assets/page.css"]


# --- the reviewer stub ---------------------------------------------------------------------

def test_reviewer_stub_forwards_to_the_reviewer_view() -> None:
    page = linked()
    stub = reviewer_stub(NAME, page)
    assert f'<meta http-equiv="refresh" content="0; url={REVIEWER_URL}">' in stub
    assert f'<a href="{REVIEWER_URL}">' in stub
    assert re.findall(r"<title>(.*?)</title>", stub) == re.findall(r"<title>(.*?)</title>",
                                                                     page)
    assert re.findall(r"<title>(.*?)</title>", stub) == [
        "บันทึกการตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)"]
    assert '<html lang="th">' in stub and '<meta charset="utf-8">' in stub
    assert len(stub.encode("utf-8")) < 2048
    assert "<script" not in stub and "<link" not in stub


def test_reviewer_stub_title_escaped_once() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell('# ตรวจ <&> "x"'),
                nbformat.v4.new_markdown_cell("ข้อความ")]
    page = render_linked_page(nb, "a&b", ASSETS)
    assert re.findall(r"<title>(.*?)</title>", page) == ["ตรวจ &lt;&amp;&gt; &quot;x&quot;"]
    stub = reviewer_stub("a&b", page)
    assert "<title>ตรวจ &lt;&amp;&gt; &quot;x&quot;</title>" in stub
    assert "&amp;lt;" not in stub and "&amp;amp;" not in stub
    assert 'content="0; url=a&amp;b.html?view=reviewer"' in stub
    assert '<a href="a&amp;b.html?view=reviewer">' in stub
    # a page without a title gets the default one
    assert "<title>บันทึกการตรวจ</title>" in reviewer_stub(NAME, "<html></html>")


# --- through the runner (executes a notebook) ----------------------------------------------

# The committed params file with one notebook that executes fastest (about 5 s).
PARAMS = ROOT / "params" / "2565" / "msdhs-ops.yaml"
RUN_NAME = "integrity_plan"


@pytest.mark.slow
def test_run_with_shared_assets(tmp_path: Path) -> None:
    from ita_audit.run.runner import run

    audits = tmp_path / "audits"
    result = run(PARAMS, audits, data_root=tmp_path / "data", shared_assets=True)
    record = audits / "2565" / "msdhs-ops"
    assert result.record == record
    assert sorted(p.name for p in record.iterdir()) == [
        f"{RUN_NAME}.html", f"{RUN_NAME}.ipynb", f"{RUN_NAME}.reviewer.html", "manifest.json"]
    assert sorted(p.name for p in (audits / "_assets").iterdir()) == ASSET_NAMES
    assert sorted(p.name for p in audits.iterdir()) == ["2565", "_assets"]
    page = (record / f"{RUN_NAME}.html").read_text(encoding="utf-8")
    assert STYLESHEET_LINK.findall(page) == [
        "../../_assets/notebook.css", "../../_assets/fonts.css", "../../_assets/page.css"]
    assert "font/ttf;base64" not in page
    assert f'href="{RUN_NAME}.html?view=reviewer"' in page
    stub = (record / f"{RUN_NAME}.reviewer.html").read_bytes()
    assert len(stub) < 2048
    assert (f'<meta http-equiv="refresh" content="0; url={RUN_NAME}.html?view=reviewer">'
            .encode() in stub)
    assert stub.decode("utf-8") == reviewer_stub(RUN_NAME, page)
    manifest = json.loads((record / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["page_assets"] == "../../_assets"
    assert [o["path"] for o in manifest["outputs"]] == [
        f"{RUN_NAME}.html", f"{RUN_NAME}.ipynb", f"{RUN_NAME}.reviewer.html"]
    # the page is the linked rendering of the record's own notebook
    executed = nbformat.read(record / f"{RUN_NAME}.ipynb", as_version=4)
    assert render_linked_page(executed, RUN_NAME, "../../_assets") == page


@pytest.mark.slow
def test_run_self_contained_by_default(tmp_path: Path) -> None:
    from ita_audit.records.reviewer import render_reviewer_html
    from ita_audit.run.runner import run

    audits = tmp_path / "audits"
    run(PARAMS, audits, data_root=tmp_path / "data")
    record = audits / "2565" / "msdhs-ops"
    assert sorted(p.name for p in audits.iterdir()) == ["2565"]        # no _assets
    page = (record / f"{RUN_NAME}.html").read_text(encoding="utf-8")
    reviewer = (record / f"{RUN_NAME}.reviewer.html").read_text(encoding="utf-8")
    for text in (page, reviewer):
        assert f"@font-face{{font-family:'{THAI_FONT_FAMILY}'" in text
        assert "url(data:font/ttf;base64," in text
        assert "<link rel=\"stylesheet\"" not in text and "_assets" not in text
        assert ".jp-Cell {" in text
    assert len(reviewer.encode("utf-8")) > 100_000
    manifest = json.loads((record / "manifest.json").read_text(encoding="utf-8"))
    assert "page_assets" not in manifest
    executed = nbformat.read(record / f"{RUN_NAME}.ipynb", as_version=4)
    assert render_html(executed) == page
    assert render_reviewer_html(executed) == reviewer


# --- Chromium ------------------------------------------------------------------------------

# A test-only page beside the record (in the audits folder) that loads the full view, the
# reviewer view and the reviewer stub in three iframes, waits until each has loaded (the stub:
# until it has forwarded) and its fonts are ready, then reports what is displayed. Needs
# --allow-file-access-from-files (file:// frames are otherwise cross-origin to each other).
WRAPPER = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>wrapper</title></head><body>
<pre id="result">pending</pre>
<iframe id="full" src="2566/sso/oit_audit.html" style="width:1400px;height:900px"></iframe>
<iframe id="reviewer" src="2566/sso/oit_audit.html?view=reviewer"
        style="width:1400px;height:900px"></iframe>
<iframe id="stub" src="2566/sso/oit_audit.reviewer.html" style="width:1400px;height:900px">
</iframe>
<script>
const sleep = ms => new Promise(r => setTimeout(r, ms));
// the frame's window once it shows `page` (with `search`) and has loaded
async function ready(id, page, search) {
  const frame = document.getElementById(id);
  for (let i = 0; i < 100; i++) {
    const win = frame.contentWindow;      // about:blank until the navigation commits
    if (win.location.pathname.endsWith(page) && win.location.search === search &&
        win.document.readyState === "complete") return win;
    await sleep(50);
  }
  throw new Error(id + " never loaded: " + frame.contentWindow.location.href);
}
async function state(win) {
  const doc = win.document;
  await doc.fonts.ready;
  const display = el => win.getComputedStyle(el).display;
  const all = sel => [...doc.querySelectorAll(sel)];
  const paragraph = all(".jp-RenderedMarkdown p").find(p => /[\\u0E00-\\u0E7F]/.test(p.textContent));
  return {
    href: win.location.href,
    htmlClass: doc.documentElement.className,
    faces: [...doc.fonts].map(f => [f.family.replace(/["']/g, ""), f.weight, f.status]),
    sheets: [...doc.styleSheets].filter(s => s.href).map(s => [
      s.href.split("/").slice(-2).join("/"), s.cssRules.length]),
    thaiFont: win.getComputedStyle(paragraph).fontFamily,
    codeInputs: all(".jp-CodeCell .jp-Cell-inputWrapper").map(display),
    markdownInputs: all(".jp-MarkdownCell .jp-Cell-inputWrapper").map(display),
    headingsShown: all(".jp-RenderedMarkdown h1, .jp-RenderedMarkdown h2")
                     .map(h => h.getClientRects().length > 0),
    tablesShown: all(".jp-OutputArea-output table").map(t => t.getClientRects().length > 0),
    anchorLink: display(doc.querySelector("a.anchor-link")),
    toReviewer: display(doc.querySelector("a.ita-to-reviewer")),
    toFull: display(doc.querySelector("a.ita-to-full")),
  };
}
(async () => {
  const result = {};
  try {
    result.full = await state(await ready("full", "/oit_audit.html", ""));
    result.reviewer = await state(await ready("reviewer", "/oit_audit.html", "?view=reviewer"));
    const stub = await ready("stub", "/oit_audit.html", "?view=reviewer");
    result.stub = {href: stub.location.href, htmlClass: stub.document.documentElement.className};
  } catch (e) { result.error = String(e); }
  document.getElementById("result").textContent = JSON.stringify(result);
})();
</script></body></html>
"""


def chromium_views(chromium: str, tmp_path: Path) -> dict:
    audits = tmp_path / "audits"
    write_assets(audits)
    record = audits / "2566" / "sso"
    record.mkdir(parents=True)
    page = linked()
    (record / f"{NAME}.html").write_text(page, encoding="utf-8")
    (record / f"{NAME}.reviewer.html").write_text(reviewer_stub(NAME, page), encoding="utf-8")
    wrapper = audits / "wrapper.html"
    wrapper.write_text(WRAPPER, encoding="utf-8")
    dom = headless(chromium, tmp_path, "--window-size=1500,1000",
                   "--allow-file-access-from-files", "--dump-dom", wrapper.as_uri()).stdout
    match = re.search(r'<pre id="result">(.*?)</pre>', dom, flags=re.S)
    assert match and match.group(1) != "pending", "the wrapper page never reported"
    result = json.loads(html.unescape(match.group(1)))
    assert "error" not in result, result["error"]
    return result


@pytest.fixture(scope="module")
def views(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """What Chromium shows of the linked page (both views) and the stub, opened from a
    written audits folder; one browser run for the module."""
    return chromium_views(chromium, tmp_path_factory.mktemp("linked"))


@pytest.mark.slow
def test_chromium_loads_the_shared_assets(views: dict) -> None:
    for view in ("full", "reviewer"):
        state = views[view]
        # the three linked stylesheets loaded, from the folder's _assets (a failed one has no
        # rules); fonts.css: two @font-face, the :root font stacks, the body font
        sheets = dict(state["sheets"])
        assert list(sheets) == ["_assets/notebook.css", "_assets/fonts.css", "_assets/page.css"]
        assert sheets["_assets/notebook.css"] > 500 and sheets["_assets/page.css"] > 0, sheets
        assert sheets["_assets/fonts.css"] == 4, sheets
        faces = {(family, weight): status for family, weight, status in state["faces"]}
        assert faces[(THAI_FONT_FAMILY, "1 599")] == "loaded", faces
        assert faces[(THAI_FONT_FAMILY, "600 1000")] == "loaded", faces    # <strong>, <th>
        assert "error" not in faces.values(), faces
        assert state["thaiFont"].startswith("Loma"), state["thaiFont"]
        assert state["anchorLink"] == "none"               # a rule of notebook.css applies


@pytest.mark.slow
def test_chromium_reviewer_view_hides_code(views: dict) -> None:
    full, reviewer = views["full"], views["reviewer"]
    code_cells = sum(c.cell_type == "code" for c in notebook("oit").cells)
    assert full["htmlClass"] == "" and reviewer["htmlClass"] == "ita-reviewer"
    assert len(full["codeInputs"]) == len(reviewer["codeInputs"]) == code_cells
    assert "none" not in full["codeInputs"]
    assert set(reviewer["codeInputs"]) == {"none"}
    assert full["toReviewer"] != "none" and full["toFull"] == "none"
    assert reviewer["toReviewer"] == "none" and reviewer["toFull"] != "none"
    assert full["tablesShown"] and all(full["tablesShown"])
    assert reviewer["tablesShown"] == full["tablesShown"]       # the outputs stay


@pytest.mark.slow
def test_chromium_reviewer_view_keeps_markdown(views: dict) -> None:
    full, reviewer = views["full"], views["reviewer"]
    assert full["headingsShown"] and all(full["headingsShown"])
    assert "none" not in full["markdownInputs"]
    assert reviewer["headingsShown"] == full["headingsShown"]
    assert "none" not in reviewer["markdownInputs"]


@pytest.mark.slow
def test_chromium_reviewer_stub_forwards(views: dict) -> None:
    stub = views["stub"]
    assert stub["href"].endswith(f"/2566/sso/{REVIEWER_URL}"), stub["href"]
    assert stub["htmlClass"] == "ita-reviewer"


# --- remembered filters ------------------------------------------------------------------

def test_remembered_highlighter_gives_nbconverts_html_for_each_cell_of_a_record():
    from nbconvert.filters.highlight import Highlight2HTML

    from ita_audit.records.exporters import highlighter

    cells = [c for c in notebook("oit").cells if c.cell_type == "code"]
    assert len(cells) > 5
    remembered, fresh = highlighter("ipython3"), Highlight2HTML(pygments_lexer="ipython3")
    for cell in cells:
        expected = fresh(cell.source, metadata=cell.metadata)
        assert remembered(cell.source, metadata=cell.metadata) == expected
        assert remembered(cell.source, metadata=cell.metadata) == expected    # from the memo
    # The cell's magics language still chooses the lexer, and the notebook's lexer is a key.
    magics = {"magics_language": "bash"}
    assert remembered("ls -l", metadata=magics) == fresh("ls -l", metadata=magics)
    assert remembered("ls -l", metadata=magics) != remembered("ls -l")
    assert highlighter("bash")("ls -l") == Highlight2HTML(pygments_lexer="bash")("ls -l")


def test_remembered_clean_html_still_sanitises():
    from nbconvert.filters.strings import clean_html as nbconvert_clean_html

    from ita_audit.records.exporters import clean_html

    hostile = '<p onclick="x()">ก<script>alert(1)</script><a href="javascript:x()">y</a></p>'
    for _ in range(2):
        cleaned = clean_html(hostile)
        assert cleaned == nbconvert_clean_html(hostile)
        assert "<script" not in cleaned and "<p onclick" not in cleaned
        assert 'href="javascript:' not in cleaned


# Every committed record's pages (slow: about 13 s in all); the smallest OIT record's also in
# make test-fast.
FAST_RECORD = ROOT / "audits/2569/syn-0001/oit_audit.ipynb"
RECORDS = [path if path == FAST_RECORD else pytest.param(path, marks=pytest.mark.slow)
           for path in sorted(ROOT.glob("audits/[0-9]*/*/*.ipynb"))]


@pytest.mark.slow     # nbconvert renders every record again (4 s)
@pytest.mark.parametrize("path", RECORDS, ids=lambda p: "/".join(p.parts[-3:]))
def test_every_page_is_nbconverts_page_without_its_reparse(path: Path,
                                                          monkeypatch: pytest.MonkeyPatch):
    """The full, reviewer and linked pages of every committed record, parsed and written
    again by BeautifulSoup as nbconvert's HTMLExporter does after rendering, are exactly what
    that exporter gives with the same options: the text pass adds what its pass adds."""
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    from ita_audit.records import exporters, linked_page, render, reviewer

    record = nbformat.read(path, as_version=4)
    builders = (render._full_exporter, reviewer._reviewer_exporter, linked_page._linked_exporter)
    ours = [build().from_notebook_node(record)[0] for build in builders]
    monkeypatch.setattr(exporters, "_page_exporter_class", lambda: HTMLExporter)
    theirs = [build().from_notebook_node(record)[0] for build in builders]
    for page, expected in zip(ours, theirs, strict=True):
        assert page != expected                     # not re-serialised: the text pass's own
        assert str(BeautifulSoup(page, features="html.parser")) == expected
        assert page.count('tabindex="0"') == expected.count('tabindex="0"') > 0


def test_the_index_of_a_batch_links_the_shared_font(tmp_path: Path) -> None:
    from ita_audit.records.index import write_index

    write_assets(tmp_path)
    linked = write_index(tmp_path, shared_assets=True).read_text(encoding="utf-8")
    hrefs = STYLESHEET_LINK.findall(linked)
    assert hrefs == ["_assets/fonts.css"] and (tmp_path / hrefs[0]).is_file()
    assert "data:font/ttf" not in linked and THAI_FONT_FAMILY not in linked
    embedded = write_index(tmp_path).read_text(encoding="utf-8")
    assert STYLESHEET_LINK.findall(embedded) == [] and "data:font/ttf;base64," in embedded
    assert len(embedded) - len(linked) > 100_000
