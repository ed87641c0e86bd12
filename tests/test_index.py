"""audits/index.html in a real browser: it sorts by a clicked column and filters by text, year
and grade from a file:// URL, with no server."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from conftest import headless

from ita_audit.records.index import RecordEntry, render_index

# A test-only page: loads the index in an iframe, clicks headers, types into the filters, and
# writes what the index then shows into its own DOM for --dump-dom.
WRAPPER = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>wrapper</title></head><body>
<pre id="result">pending</pre>
<iframe id="index" src="%s" style="width:1200px;height:900px"></iframe>
<script>
const out = document.getElementById("result"), frame = document.getElementById("index");
frame.addEventListener("load", () => {
  const result = {};
  try {
    const doc = frame.contentDocument;
    const agencies = () => [...doc.querySelectorAll("#records tbody tr")]
      .filter(r => !r.classList.contains("hidden")).map(r => r.cells[1].textContent.split(" ")[0]);
    const th = doc.querySelectorAll("#records thead th");
    result.initial = agencies();
    th[2].click(); result.scoreAsc = agencies(); result.ariaAsc = th[2].getAttribute("aria-sort");
    th[2].click(); result.scoreDesc = agencies();
    th[3].click(); result.gradeAsc = agencies();
    const set = (id, value) => { const el = doc.getElementById(id); el.value = value;
                                 el.dispatchEvent(new Event("input")); };
    set("q", "เบต้า"); result.text = agencies(); result.shownText = doc.getElementById("shown").textContent;
    set("q", ""); set("year", "2565"); result.year = agencies();
    set("year", ""); set("grade", "A"); result.grade = agencies();
    result.shownGrade = doc.getElementById("shown").textContent;
  } catch (e) { result.error = String(e); }
  out.textContent = JSON.stringify(result);
});
</script></body></html>
"""


def entry(year: int, agency: str, name: str, score: float | None, grade: str = "") -> RecordEntry:
    oit = {"oit_score": score, "grade": grade,
           "counts": {"pass": 40, "fail": 3, "review": 0}} if score is not None else {}
    return RecordEntry(fiscal_year=year, agency=agency, agency_name=name,
                       notebooks=("oit_audit",) if oit else ("hr_audit",),
                       summary={"oit": oit} if oit else {"hr": {"findings": {"error": 4}}})


@pytest.mark.slow
def test_index_sorts_and_filters_in_chromium(chromium: str, tmp_path: Path) -> None:
    entries = [entry(2566, "alpha", "หน่วยงานอัลฟา", 62.79, "D"),
               entry(2566, "beta", "หน่วยงานเบต้า", 90.70, "A"),
               entry(2566, "gamma", "หน่วยงานแกมมา", 100.0, "AA"),
               entry(2565, "delta", "หน่วยงานเดลต้า", None)]
    (tmp_path / "index.html").write_text(render_index(entries), encoding="utf-8")
    wrapper = tmp_path / "wrapper.html"
    wrapper.write_text(WRAPPER % "index.html", encoding="utf-8")
    dom = headless(chromium, tmp_path, "--allow-file-access-from-files", "--dump-dom",
                   wrapper.as_uri()).stdout
    match = re.search(r'<pre id="result">(.*?)</pre>', dom, flags=re.S)
    assert match and match.group(1) != "pending", "the wrapper page never reported"
    result = json.loads(html.unescape(match.group(1)))
    assert "error" not in result, result["error"]
    assert result["initial"] == ["alpha", "beta", "gamma", "delta"]       # newest year first
    assert result["scoreAsc"] == ["delta", "alpha", "beta", "gamma"]      # no score sorts low
    assert result["ariaAsc"] == "ascending"
    assert result["scoreDesc"] == ["gamma", "beta", "alpha", "delta"]
    assert result["gradeAsc"] == ["gamma", "beta", "alpha", "delta"]      # AA, A, ..., none
    assert result["text"] == ["beta"] and result["shownText"] == "1"
    assert result["year"] == ["delta"]
    assert result["grade"] == ["beta"] and result["shownGrade"] == "1"


def test_index_headers_are_thai() -> None:
    """Column headers speak Thai; only acronyms (OIT, HR) stay in Latin letters (one read
    "(error / warning)")."""
    page = render_index([entry(2566, "alpha", "หน่วยงานอัลฟา", 62.79, "D")])
    headers = [html.unescape(re.sub(r"<[^>]+>", "", h))
               for h in re.findall(r"<th\b.*?</th>", page, flags=re.S)]
    assert "ข้อค้นพบ HR/แผน/จัดซื้อ (ผิดพลาด / เตือน)" in headers
    assert [h for h in headers if re.search(r"[a-z]{2,}", h)] == []


def test_a_year_without_letter_grades_says_so_in_the_grade_column() -> None:
    """A 2569 record has a score and no grade: the index said only '(เกณฑ์ชั่วคราว)', read as
    the reason (visual review); it says the year has no AA–F grades, and the criteria status
    separately. A 2566 record without a grade gets no such note."""
    late = entry(2569, "late", "หน่วยงาน", 80.0)
    late.summary["oit"]["criteria_status"] = "provisional"
    page = render_index([late, entry(2566, "early", "หน่วยงาน", 80.0)])
    rows = re.findall(r"<tr data-year=.*?</tr>", page)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row)[3] for row in rows]
    assert cells == ['– <span class="note">(ปี 2569 ไม่มีระดับ AA–F: ดูระดับแบบคำในบันทึก)</span>'
                     ' <span class="note">(เกณฑ์ชั่วคราว)</span>', "–"]
