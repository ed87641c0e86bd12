"""Presentation of an OIT audit: Thai tables for the notebook and text for the terminal.

Untrusted text (document titles, URLs) is always HTML-escaped, and only http(s) links become
anchors. Output is deterministic: no ids, timestamps or memory addresses.
"""
from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import pandas as pd

from ita_audit.findings import VERDICT_TH, VERDICTS
from ita_audit.oit.engine import elements_check
from ita_audit.oit.results import Check, Evidence, ItemResult, OitAudit
from ita_audit.util.urls import safe_url
from ita_audit.view.tables import BASIS_TH, TABLE_CSS, Html, record_header
from ita_audit.view.text import clip, fixed_width

_VERDICT_COLOR = {"pass": "#1b7f3b", "fail": "#b3261e", "review": "#9a6700"}
_VERDICT_CSS = "".join(f".ita-items b.ita-{verdict}{{color:{color}}}"
                       for verdict, color in _VERDICT_COLOR.items())


def header(audit: OitAudit, agency_name: str = "") -> Html:
    """The record's first line: agency, fiscal year, criteria and year basis.

    ``agency_name`` comes from a params file and is escaped like any other untrusted text
    (it is never passed through Markdown, which would keep raw HTML and ``javascript:`` links).
    """
    criteria = audit.criteria
    status = "ฉบับชั่วคราว (provisional)" if criteria.provisional else "ทางการ"
    line = record_header(agency_name or audit.agency, audit.agency,
                         [("ปีงบประมาณ", str(audit.fiscal_year)),
                          ("เกณฑ์", f"ITA {criteria.fiscal_year} {status}"),
                          ("ฐานการนับปี", BASIS_TH[audit.year_basis])])
    banner = provisional_banner(audit)
    return Html(line.markup + banner.markup) if banner else line


def provisional_banner(audit: OitAudit) -> Html | None:
    """A warning box when the year's criteria are provisional (built from secondary sources,
    not the NACC manual), naming the source and the items of low confidence; None otherwise."""
    criteria = audit.criteria
    if not criteria.provisional:
        return None
    low = [it.id for it in criteria.items if it.confidence == "low"]
    check = [it.id for it in criteria.items if it.to_check]
    notes = [f"เกณฑ์ ITA {criteria.fiscal_year} ในไฟล์ <code>{html.escape(criteria.path.name)}"
             "</code> เป็น<strong>ฉบับชั่วคราว</strong>: สร้างจากแหล่งข้อมูลสาธารณะรอง "
             "ไม่ใช่คู่มือการประเมินของ ป.ป.ช. ผลทุกข้อจึงต้องตรวจทานกับคู่มือเมื่อมี"]
    if low:
        notes.append(f"ข้อที่แหล่งที่มามีความเชื่อมั่นต่ำ: {', '.join(low)}")
    if check:
        notes.append(f"ข้อที่ยังไม่ได้ตรวจกับคู่มือ (to_check): {', '.join(check)}")
    if criteria.ratings is not None:
        notes.append(html.escape(criteria.ratings.text))
    return Html('<div class="ita-banner" style="border:2px solid #9a6700;background:#fff8e1;'
                'padding:.5em .8em;margin:.4em 0">' + "<br>".join(notes) + "</div>")


def summary_frame(audit: OitAudit) -> pd.DataFrame:
    """OIT score, grade, indicator scores and verdict counts, in Thai."""
    counts = audit.counts()
    indicators = audit.indicator_scores()
    upper = audit.indicator_scores("pass")
    names = {ind.id: ind.name for ind in audit.criteria.indicators}
    rows: list[tuple[str, Any, Any]] = [
        ("คะแนน OIT", audit.oit_score(), audit.oit_score("pass")),
        ("ระดับผลการประเมิน", audit.criteria.level_text(audit.oit_score()),
         audit.criteria.level_text(audit.oit_score("pass"))),
    ]
    rows += [(f"ตัวชี้วัดที่ {key} {names[key]}" if key.isdigit() else f"ตัวชี้วัด {names[key]}",
              value, upper[key]) for key, value in indicators.items()]
    rows += [(f"จำนวนข้อที่{VERDICT_TH[v]}", counts[v], "") for v in VERDICTS]
    return pd.DataFrame(rows, columns=["รายการ", "ผล (ข้อรอตรวจนับเป็นไม่ผ่าน)",
                                       "ถ้าข้อรอตรวจผ่านทั้งหมด"]).set_index("รายการ")


def summary_sentence(audit: OitAudit) -> str:
    """One Thai sentence interpreting the result."""
    counts = audit.counts()
    review = ", ".join(audit.review_items()) or "ไม่มี"
    return (f"{audit.agency} ปี {audit.fiscal_year} (นับปีแบบ{BASIS_TH[audit.year_basis]}): "
            f"คะแนน OIT {audit.oit_score():.2f} ระดับ {audit.criteria.level_text(audit.oit_score())} "
            f"ผ่าน {counts['pass']} ข้อ ไม่ผ่าน {counts['fail']} ข้อ รอตรวจ {counts['review']} ข้อ "
            f"({review}); ถ้าข้อรอตรวจผ่านทั้งหมด คะแนนจะเป็น {audit.oit_score('pass'):.2f}")


def items_frame(audit: OitAudit) -> pd.DataFrame:
    """One row per item: automated and final verdicts, score, evidence count, reasons."""
    rows = [{"ข้อ": r.item.id, "ชื่อ": r.item.name, "ตัวชี้วัดย่อย": r.item.sub_indicator,
             "ผลอัตโนมัติ": VERDICT_TH[r.automated_verdict], "ผลสุดท้าย": VERDICT_TH[r.verdict],
             "คะแนน": audit.item_score(r), "เอกสาร": len(r.evidence),
             "ฐานปีที่ตรง": BASIS_TH[r.period_basis], "เหตุผล": " | ".join(r.reasons)}
            for r in audit.items]
    return pd.DataFrame(rows).set_index("ข้อ")


def items_html(audit: OitAudit) -> Html:
    """The 43-item table with evidence (escaped titles, http(s) links only) and reasons."""
    head = ("<tr><th>ข้อ</th><th>ชื่อ</th><th>ผลอัตโนมัติ</th><th>ผลสุดท้าย</th><th>คะแนน</th>"
            "<th>หลักฐาน (ชื่อเอกสาร · ปีที่อ่านได้)</th><th>เหตุผล</th></tr>")
    body = "".join(_item_row(audit, r) for r in audit.items)
    return Html(f"<style>{TABLE_CSS}{_VERDICT_CSS}</style><table class=\"ita-items\">"
                f"<thead>{head}</thead><tbody>{body}</tbody></table>")


def _item_row(audit: OitAudit, result: ItemResult) -> str:
    score = audit.item_score(result)
    evidence = "".join(f"<li>{_link(e.title, e.url)}{_years(e.years)}"
                       f"{' <small>(แนบ)</small>' if e.level == 2 else ''}{_kind(e)}</li>"
                       for e in result.evidence) or "<i>ไม่มี</i>"
    reasons = "".join(f"<li>{_text(reason)}</li>"
                      for reason in result.reasons_worded(lambda check: _in_row(result, check)))
    return (f"<tr><td>{result.item.id}</td><td>{_text(result.item.name)}</td>"
            f"<td>{_verdict(result.automated_verdict)}</td><td>{_verdict(result.verdict)}</td>"
            f"<td>{'-' if score is None else score}</td><td><ul>{evidence}</ul></td>"
            f"<td><ul>{reasons}</ul></td></tr>")


#: How the item table words an element check still to do: the elements themselves are listed
#: once, in the reviewer's worklist (``worklist_frame``), not twice on the page.
ELEMENTS_TO_CHECK = "ต้องเปิดเอกสารตรวจองค์ประกอบ {count} ข้อ ดูรายการงานของผู้ตรวจ"


def _in_row(result: ItemResult, check: Check) -> str:
    """A check's reason as the item table shows it: the title-only element check, which lists
    every element of the criteria and is in the worklist, in short."""
    if check.rule == "elements" and check == elements_check(result.item):
        return ELEMENTS_TO_CHECK.format(count=len(result.item.elements))
    return check.reason


def _kind(evidence: Evidence) -> str:
    """" <small>(ชนิดของข้อ O28: ไม่นับ)</small>" for a document of another item's kind, "(ชนิด
    ไม่ชัด)" for one whose title does not say; nothing for one of the item's kind."""
    kind = evidence.kind
    if kind is None or kind.verdict == "right":
        return ""
    if kind.verdict == "other":
        return f" <small>(ชนิดของข้อ {', '.join(kind.others)}: ไม่นับ)</small>"
    return " <small>(ชื่อไม่บอกชนิด)</small>"


def _text(text: str) -> str:
    """Text content escaped (``<``, ``>``, ``&``); quotes need escaping only in attributes,
    and each ``&#x27;`` costs five bytes in every copy of a record."""
    return html.escape(text, quote=False)


def _link(title: str, url: str | None) -> str:
    text = _text(title)
    url = safe_url(url)
    return f'<a href="{html.escape(url, quote=True)}" rel="noopener noreferrer">{text}</a>' if url else text


def _years(years: Sequence[int]) -> str:
    """" · ปี 2566–2570" for a contiguous run, else the years listed."""
    if not years:
        return ""
    contiguous = len(years) > 2 and list(years) == list(range(years[0], years[-1] + 1))
    text = f"{years[0]}–{years[-1]}" if contiguous else ", ".join(map(str, years))
    return f" · ปี {text}"


def _verdict(verdict: str) -> str:
    return f'<b class="ita-{verdict}">{VERDICT_TH[verdict]}</b>'


def worklist_frame(audit: OitAudit) -> pd.DataFrame:
    """What a reviewer still has to check by hand: review verdicts first, then element checks."""
    rows = []
    for r in sorted(audit.items, key=lambda r: (r.verdict != "review", r.item.number)):
        for check in r.pending_checks():
            rows.append({"ข้อ": r.item.id, "ผลสุดท้าย": VERDICT_TH[r.verdict], "กฎ": check.rule,
                         "สิ่งที่ต้องตรวจ": check.reason})
    return pd.DataFrame(rows, columns=["ข้อ", "ผลสุดท้าย", "กฎ", "สิ่งที่ต้องตรวจ"])


def overrides_frame(audit: OitAudit) -> pd.DataFrame:
    """Automated and auditor verdicts side by side, for overridden items."""
    rows = [{"ข้อ": r.item.id, "ผลอัตโนมัติ": VERDICT_TH[r.automated_verdict],
             "ผลของผู้ตรวจ": VERDICT_TH[r.override.verdict], "ผู้ตรวจ": r.override.by,
             "บันทึก": r.override.note}
            for r in audit.items if r.override]
    return pd.DataFrame(rows, columns=["ข้อ", "ผลอัตโนมัติ", "ผลของผู้ตรวจ", "ผู้ตรวจ", "บันทึก"])


def warnings_frame(audit: OitAudit) -> pd.DataFrame:
    """Problems found while importing the index, and items the criteria give nothing to
    check (each is a finding about the data or the criteria)."""
    return pd.DataFrame({"ข้อสังเกต": audit.warnings or ["ไม่มี"]})


STATUS_TH = {"ok": "ใช้ได้", "broken": "ลิงก์เสีย", "refused": "ปฏิเสธ", "too_large": "ใหญ่เกิน",
             "error": "ผิดพลาด"}
READ_TH = {"ok": "อ่านได้", "ocr": "อ่านด้วย OCR", "scanned": "ภาพสแกน (ไม่ได้อ่าน)",
           "empty": "ไม่มีข้อความ", "unsupported": "ไม่รองรับ", "too_large": "ใหญ่เกิน",
           "timeout": "อ่านนานเกิน", "error": "อ่านไม่ได้"}
EVIDENCE_COLUMNS = ["ข้อ", "เอกสาร", "ลิงก์", "ชนิด", "หน้า", "ปีที่เอกสารระบุ", "ข้อความที่อ่านได้"]


def evidence_sentence(audit: OitAudit) -> str:
    """One Thai sentence on the evidence read, or that there was none."""
    if not audit.evidence:
        return ("บันทึกนี้ตัดสินจากชื่อเอกสารในดัชนีเท่านั้น ไม่ได้เปิดเอกสารตามลิงก์ "
                "(ใช้ ita-audit collect แล้วระบุ evidence: ในไฟล์พารามิเตอร์)")
    found = [e.found for r in audit.items for e in r.evidence if e.found]
    fetched = [f["fetch"] for f in found if "fetch" in f]
    working = sum(f["status"] == "ok" for f in fetched)
    read = sum(1 for f in found if f.get("read", {}).get("status") in ("ok", "ocr"))
    before = sum((r.title_verdict or r.automated_verdict) == "review" for r in audit.items)
    after = sum(r.automated_verdict == "review" for r in audit.items)
    changed = sum((r.title_verdict or r.automated_verdict) != r.automated_verdict
                  for r in audit.items)
    return (f"คลังหลักฐาน {audit.evidence}: ลิงก์ {len(fetched)} รายการ ใช้ได้ {working} อ่านข้อความได้ "
            f"{read} เอกสาร; ผลอัตโนมัติเปลี่ยนจากการตัดสินด้วยชื่อเอกสาร {changed} ข้อ; "
            f"ข้อที่รอตรวจ {before} ข้อเมื่อดูเฉพาะชื่อ เหลือ {after} ข้อเมื่ออ่านเอกสาร")


# Which check explains a changed verdict best, first to last.
_DECIDING = {"content_period": 0, "announcement": 1, "elements": 2, "link": 3}


def verdict_changes_frame(audit: OitAudit) -> pd.DataFrame:
    """Items whose automated verdict changed once the documents were read, with the reason of
    the check that decided."""
    rows = []
    for r in audit.items:
        title = r.title_verdict or r.automated_verdict
        if title == r.automated_verdict:
            continue
        deciding = [c for c in r.checks if c.blocking and c.status == r.automated_verdict]
        decided = min(deciding or [c for c in r.checks if c.blocking],
                      key=lambda c: _DECIDING.get(c.rule, len(_DECIDING)))
        rows.append({"ข้อ": r.item.id, "ชื่อ": r.item.name, "จากชื่อเอกสาร": VERDICT_TH[title],
                     "เมื่ออ่านเอกสาร": VERDICT_TH[r.automated_verdict],
                     "เหตุผล": f"[{decided.rule}] {decided.reason}"})
    return pd.DataFrame(rows, columns=["ข้อ", "ชื่อ", "จากชื่อเอกสาร", "เมื่ออ่านเอกสาร", "เหตุผล"])


def evidence_frame(audit: OitAudit, text_width: int = 100) -> pd.DataFrame:
    """Per listed document with a link: what the link returned and what was read."""
    rows = []
    for r in audit.items:
        for e in r.evidence:
            if not e.found:
                continue
            fetch, read = e.found.get("fetch", {}), e.found.get("read", {})
            link = STATUS_TH.get(fetch.get("status"), "-")
            if fetch.get("http_status"):
                link += f" (HTTP {fetch['http_status']})"
            if fetch.get("status") not in (None, "ok") and fetch.get("message"):
                link += f": {fetch['message']}"
            years = read.get("years") or []
            rows.append({"ข้อ": r.item.id, "เอกสาร": clip(e.title, 60), "ลิงก์": clip(link, 80),
                         "ชนิด": read.get("kind") or fetch.get("content_type") or "-",
                         "หน้า": read.get("pages"),
                         "ปีที่เอกสารระบุ": ", ".join(map(str, years)) or "-",
                         "ข้อความที่อ่านได้": clip(read.get("snippet") or
                                                   READ_TH.get(read.get("status"), "-"),
                                                   text_width)})
    frame = pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)
    frame["หน้า"] = frame["หน้า"].astype("Int64")
    return frame


def deciding_check(result: ItemResult) -> Check:
    """The check a reader looks at first: the first blocking one that failed or needs review;
    for a passing item the last blocking check that passed (the most specific rule met, e.g.
    the period, rather than an element rule that does not apply)."""
    blocking = [c for c in result.checks if c.blocking and not c.rule.startswith("exc")]
    return (next((c for c in blocking if c.status in ("fail", "review")), None)
            or next((c for c in reversed(blocking) if c.status == "pass"), None)
            or (blocking or result.checks)[-1])


def text_table(audit: OitAudit, reason_width: int = 90) -> str:
    """A readable fixed-width table for ``ita-audit oit --format table``."""
    header = ["item", "verdict", "score", "basis", "docs", "name", "deciding reason"]
    rows = []
    for r in audit.items:
        score = audit.item_score(r)
        first = deciding_check(r)
        rows.append([r.item.id, r.verdict, "-" if score is None else f"{score:g}",
                     r.period_basis or "-", str(len(r.evidence)), clip(r.item.name, 28),
                     clip(f"[{first.rule}] {first.reason}", reason_width)])
    lines = fixed_width(header, rows)
    counts = audit.counts()
    indicators = audit.indicator_scores()
    lines.append("")
    lines.append(f"{audit.agency} {audit.fiscal_year} ({audit.year_basis} basis): "
                 f"OIT {audit.oit_score():.2f} ({audit.criteria.grade_for(audit.oit_score()) or 'no grade'}), "
                 + ", ".join(f"indicator {k} {v:.2f}" for k, v in indicators.items())
                 + f"; pass {counts['pass']}, fail {counts['fail']}, review {counts['review']}")
    return "\n".join(lines)
