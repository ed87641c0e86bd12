"""``audits/index.html``: every agency-year record, sortable and filterable without a server.

The index is built from the records' ``manifest.json`` files (their ``summary``), so it shows
exactly what the records say. It is one static page: the Thai font is embedded (or linked from
``_assets/`` when a batch shares its assets), the table is plain HTML (readable with scripts
off), and a small inline script sorts by any column and filters by text, year and grade.
Every text from a manifest is escaped; links are relative paths built from the year, a
validated agency slug and a known notebook name.
"""
from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ita_audit.criteria.files import letter_grades
from ita_audit.findings import VERDICT_TH
from ita_audit.kinds import BY_NOTEBOOK, NOTEBOOKS
from ita_audit.records.manifest import read_manifest
from ita_audit.records.page_assets import ASSETS_DIR, FONTS_CSS
from ita_audit.util.atomic import atomic_write_text
from ita_audit.util.paths import REVIEWER_SUFFIX, is_agency_slug
from ita_audit.view.page_fonts import font_face_css

INDEX = "index.html"
CROSS_AGENCY = "cross_agency"
CROSS_AGENCY_DIR = "cross-agency"


@dataclass(frozen=True)
class RecordEntry:
    """One agency-year record as the index lists it."""

    fiscal_year: int
    agency: str
    agency_name: str = ""
    notebooks: tuple[str, ...] = ()
    summary: dict[str, Any] = field(default_factory=dict)
    has_manifest: bool = True

    @property
    def oit(self) -> dict[str, Any]:
        return self.summary.get("oit") or {}

    @property
    def reports_findings(self) -> bool:
        """Does an audit of the record report findings (HR, plan, procurement)? An OIT-only
        record has none to count: the index shows "–" there, not "0 / 0"."""
        return any(isinstance(part, dict) and isinstance(part.get("findings"), dict)
                   for part in self.summary.values())

    @property
    def findings(self) -> dict[str, int]:
        """Error/warning/info findings of every audit of the record that reports findings
        (HR, plan) together."""
        total = {"error": 0, "warning": 0, "info": 0}
        for part in self.summary.values():
            findings = part.get("findings") if isinstance(part, dict) else None
            for key, value in (findings if isinstance(findings, dict) else {}).items():
                if key in total and isinstance(value, int):
                    total[key] += value
        return total


def collect_records(root: Path) -> list[RecordEntry]:
    """Every ``<root>/<year>/<agency>/`` folder holding a record, newest year first, then by
    agency. Folders whose names are not a year and a slug are not records and are ignored;
    a record without a readable manifest is listed as such."""
    entries: list[RecordEntry] = []
    if not root.is_dir():
        return entries
    for year_dir in sorted(p for p in root.iterdir() if p.is_dir() and p.name.isdigit()):
        for folder in sorted(p for p in year_dir.iterdir() if p.is_dir()):
            if not is_agency_slug(folder.name):
                continue
            notebooks = tuple(n for n in NOTEBOOKS if (folder / f"{n}.ipynb").is_file())
            if not notebooks:
                continue
            manifest = read_manifest(folder)
            if manifest is None:
                entries.append(RecordEntry(int(year_dir.name), folder.name, notebooks=notebooks,
                                           has_manifest=False))
                continue
            entries.append(RecordEntry(
                fiscal_year=int(year_dir.name), agency=folder.name,
                agency_name=str(manifest.get("agency_name") or ""), notebooks=notebooks,
                summary=manifest.get("summary") if isinstance(manifest.get("summary"), dict)
                else {}))
    entries.sort(key=lambda e: (-e.fiscal_year, e.agency))
    return entries


def grade_order(years: Iterable[int]) -> list[str]:
    """The grade bands of these years' criteria files, highest first (bands are data, not
    code); a year without a criteria file adds none."""

    order: list[str] = []
    for year in sorted(set(years)):
        order.extend(grade for grade, _ in letter_grades(year) if grade not in order)
    return order


def _grade_notes(entry: RecordEntry, oit: dict[str, Any],
                 lettered: Mapping[int, bool]) -> list[str]:
    """Why a grade is missing or provisional: a scored year without letter grades (from 2568
    the result is a verbal rating, in the record; ``lettered``: year -> has them), criteria
    still provisional."""
    notes = []
    if oit.get("oit_score") is not None and not oit.get("grade") \
            and not lettered.get(entry.fiscal_year, True):
        notes.append(f"ปี {entry.fiscal_year} ไม่มีระดับ AA–F: ดูระดับแบบคำในบันทึก")
    if oit.get("criteria_status") == "provisional":
        notes.append("เกณฑ์ชั่วคราว")
    return notes


def write_index(root: Path, shared_assets: bool = False,
                entries: Sequence[RecordEntry] | None = None) -> Path:
    """Write ``<root>/index.html`` atomically and return its path; with ``shared_assets`` (a
    batch that wrote ``<root>/_assets/``) it links the Thai font there instead of embedding
    it (about 230 KB). ``entries``: the records of ``root`` when the caller has already
    collected them."""

    cross = (root / CROSS_AGENCY_DIR / f"{CROSS_AGENCY}.html").is_file()
    fonts = f"{ASSETS_DIR}/{FONTS_CSS}" if shared_assets else None
    records = collect_records(root) if entries is None else entries
    return atomic_write_text(root / INDEX, render_index(records, cross, fonts))


# --- HTML --------------------------------------------------------------------------------

def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _number(value: Any) -> str:
    return f"{value:.2f}" if isinstance(value, (int, float)) and not isinstance(value, bool) \
        else "–"


def _row(entry: RecordEntry, lettered: Mapping[int, bool]) -> str:
    oit = entry.oit
    counts = oit.get("counts") or {}
    findings = entry.findings
    base = f"{entry.fiscal_year}/{entry.agency}"
    links = []
    for name in entry.notebooks:
        label = BY_NOTEBOOK[name].title if name in BY_NOTEBOOK else name
        links.append(f'<a href="{_e(base)}/{_e(name)}.html">{_e(label)}</a>'
                     f' <a class="rv" href="{_e(base)}/{_e(name)}{REVIEWER_SUFFIX}" '
                     f'title="ฉบับผู้ทบทวน (ไม่แสดงโค้ด)">[ฉบับอ่าน]</a>')
    policy = (entry.summary.get("policy") or {}).get("verdicts") or {}
    notes = []
    if policy:
        # the announcement named in the params, judged on its text by its own record: not
        # the documents the OIT audit judged for these items, nor part of the OIT score
        notes.append("ประกาศที่ตรวจเนื้อหาแยก (ไม่นับในคะแนน OIT): " + ", ".join(
            f"{item} {VERDICT_TH.get(v, v)}" for item, v in policy.items()))
    if not entry.has_manifest:
        notes.append("ไม่มี manifest.json")
    score = oit.get("oit_score")
    cells = [
        (str(entry.fiscal_year), entry.fiscal_year),
        (f'<span class="id">{_e(entry.agency)}</span> {_e(entry.agency_name)}',
         f"{entry.agency} {entry.agency_name}"),
        (_number(score), score if isinstance(score, (int, float)) else -1),
        (_e(oit.get("grade") or "–") + "".join(
            f' <span class="note">({note})</span>' for note in _grade_notes(entry, oit, lettered)),
         oit.get("grade") or ""),
        (str(counts.get("pass", "–")), counts.get("pass", -1)),
        (str(counts.get("fail", "–")), counts.get("fail", -1)),
        (str(counts.get("review", "–")), counts.get("review", -1)),
        (f'{findings["error"]} / {findings["warning"]}', findings["error"] * 10000
         + findings["warning"]) if entry.reports_findings else ("–", -1),
        (" · ".join(links) + (f'<div class="note">{_e("; ".join(notes))}</div>' if notes else ""),
         ""),
    ]
    tds = "".join(f'<td data-v="{_e(sort)}">{shown}</td>' for shown, sort in cells)
    return (f'<tr data-year="{entry.fiscal_year}" data-grade="{_e(oit.get("grade") or "")}">'
            f"{tds}</tr>")


_COLUMNS = (("ปีงบประมาณ", "num"), ("หน่วยงาน", "text"), ("คะแนน OIT", "num"),
            ("ระดับ", "grade"), ("ผ่าน", "num"), ("ไม่ผ่าน", "num"), ("รอตรวจ", "num"),
            ("ข้อค้นพบ HR/แผน/จัดซื้อ (ผิดพลาด / เตือน)", "num"), ("บันทึกการตรวจ", "none"))

_STYLE = """
body{margin:1.5rem;color:#222;font-size:15px}
h1{font-size:1.5rem;margin:0 0 .3rem}
.lead{color:#555;margin:.2rem 0 1rem}
.filters{display:flex;gap:.8rem;flex-wrap:wrap;align-items:center;margin:.6rem 0}
.filters input,.filters select{font:inherit;padding:.2rem .4rem}
.scroll{overflow-x:auto;max-width:100%}
@media (max-width:600px){body{margin:.6rem}}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3;position:sticky;top:0;white-space:nowrap}
th.sortable{cursor:pointer;user-select:none}
th.sortable:after{content:"";display:inline-block;margin-left:.4em;vertical-align:middle;
  border:4px solid transparent;border-top-color:#aaa;border-bottom:0}
th[aria-sort=ascending]:after{border-top:0;border-bottom:5px solid #222}
th[aria-sort=descending]:after{border-top:5px solid #222}
td:nth-child(n+3):nth-child(-n+8){text-align:right}
.id{font-family:monospace;color:#555}
.rv{font-size:.85em;color:#666}
.note{font-size:.85em;color:#666}
tr.hidden{display:none}
"""

_SCRIPT = """
(function(){
  var table=document.getElementById('records'), body=table.tBodies[0];
  var rows=Array.prototype.slice.call(body.rows);
  var grades=%s;
  function key(row,col,type){
    var v=row.cells[col].getAttribute('data-v');
    if(type==='num'){var n=parseFloat(v);return isNaN(n)?-Infinity:n;}
    if(type==='grade'){var i=grades.indexOf(v);return i<0?grades.length:i;}
    return v.toLowerCase();
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,col){
    var type=th.getAttribute('data-type'); if(type==='none')return;
    th.classList.add('sortable'); th.tabIndex=0;
    function sort(){
      var asc=th.getAttribute('aria-sort')!=='ascending';
      Array.prototype.forEach.call(table.tHead.rows[0].cells,function(o){o.removeAttribute('aria-sort');});
      th.setAttribute('aria-sort',asc?'ascending':'descending');
      rows.sort(function(a,b){var x=key(a,col,type),y=key(b,col,type);
        return (x<y?-1:x>y?1:0)*(asc?1:-1);});
      rows.forEach(function(r){body.appendChild(r);});
    }
    th.addEventListener('click',sort);
    th.addEventListener('keydown',function(e){if(e.key==='Enter')sort();});
  });
  var text=document.getElementById('q'), year=document.getElementById('year'),
      grade=document.getElementById('grade'), shown=document.getElementById('shown');
  function filter(){
    var q=text.value.trim().toLowerCase(), y=year.value, g=grade.value, n=0;
    rows.forEach(function(r){
      var ok=(!q||r.textContent.toLowerCase().indexOf(q)>=0)&&(!y||r.getAttribute('data-year')===y)
        &&(!g||r.getAttribute('data-grade')===g);
      r.classList.toggle('hidden',!ok); if(ok)n++;
    });
    shown.textContent=n;
  }
  [text,year,grade].forEach(function(el){el.addEventListener('input',filter);});
  filter();
})();
"""


def _fonts(href: str | None) -> str:
    """The font's rules: a link to ``href``, or embedded."""
    if href is not None:
        return f'<link rel="stylesheet" href="{_e(href)}">\n'
    return f"<style>\n{font_face_css()}\n</style>\n"


def _options(values: list[Any]) -> str:
    return "".join(f'<option value="{_e(v)}">{_e(v)}</option>' for v in values)


def render_index(entries: list[RecordEntry], cross_agency: bool = False,
                 fonts_href: str | None = None) -> str:
    """The index page (deterministic: the same records give the same bytes), embedding the
    Thai font, or linking the stylesheet at ``fonts_href`` that declares it."""

    years = sorted({e.fiscal_year for e in entries}, reverse=True)
    grades = grade_order(years)
    present = [g for g in grades if any(e.oit.get("grade") == g for e in entries)]
    header = "".join(f'<th data-type="{t}" scope="col">{_e(name)}</th>' for name, t in _COLUMNS)
    lettered = {year: bool(grade_order([year])) for year in {e.fiscal_year for e in entries}}
    body = "\n".join(_row(e, lettered) for e in entries)
    page = f"{CROSS_AGENCY_DIR}/{CROSS_AGENCY}"
    cross = (f'<p><a href="{page}.html">ภาพรวมข้ามหน่วยงาน</a> '
             f'(<a href="{page}{REVIEWER_SUFFIX}">ฉบับอ่าน</a>): การกระจายของคะแนนและข้อที่ไม่ผ่าน'
             "หรือรอตรวจบ่อยที่สุด</p>") if cross_agency else ""
    return f"""<!DOCTYPE html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ดัชนีบันทึกการตรวจ ITA</title>
{_fonts(fonts_href)}<style>
{_STYLE}
</style>
</head>
<body>
<h1>ดัชนีบันทึกการตรวจ ITA</h1>
<p class="lead">บันทึกการตรวจทั้งหมด {len(entries)} หน่วยงาน-ปี คะแนน OIT นับข้อที่รอตรวจเป็นไม่ผ่าน
ระดับคำนวณจากคะแนน OIT ตามช่วงคะแนนในไฟล์เกณฑ์ คลิกหัวคอลัมน์เพื่อเรียงลำดับ</p>
{cross}
<div class="filters">
<label>ค้นหา <input id="q" type="search" placeholder="รหัสหรือชื่อหน่วยงาน"></label>
<label>ปีงบประมาณ <select id="year"><option value="">ทุกปี</option>{_options(years)}</select></label>
<label>ระดับ <select id="grade"><option value="">ทุกระดับ</option>{_options(present)}</select></label>
<span>แสดง <span id="shown">{len(entries)}</span> จาก {len(entries)}</span>
</div>
<div class="scroll">
<table id="records">
<thead><tr>{header}</tr></thead>
<tbody>
{body}
</tbody>
</table>
</div>
<script>{_SCRIPT % json.dumps(grades)}</script>
</body>
</html>
"""
