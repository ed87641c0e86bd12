"""Presentation of an integrity-plan audit: Thai tables for the record and text for the terminal.

Report text (measures, narratives, owners) is untrusted and HTML-escaped by ``report.show``.
Output is deterministic.
"""
from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd

from ita_audit.criteria.crosswalk import RELATION_TH, load_crosswalk
from ita_audit.criteria.files import load_criteria
from ita_audit.errors import CriteriaError
from ita_audit.plan.audit import PlanAudit
from ita_audit.plan.checks import measures_by_item
from ita_audit.thai import thai_date
from ita_audit.view.numbers import format_number
from ita_audit.view.tables import Html, record_header
from ita_audit.view.tables import findings_frame as _findings_frame
from ita_audit.view.text import clip, fixed_width

STATUS_TH = {"done": "ดำเนินการแล้ว", "not_started": "ยังไม่ได้ดำเนินการ",
             "in_progress": "อยู่ระหว่างดำเนินการ", "contradictory": "ทำเครื่องหมายขัดกัน",
             "unmarked": "ไม่ได้ทำเครื่องหมาย"}
PERIOD_TH = {"dated": "อ่านได้", "ongoing": "ต่อเนื่อง (ไม่มีวันสิ้นสุด)", "missing": "ไม่ระบุ",
             "unparseable": "อ่านไม่ได้"}
_YES_NO = {True: "มี", False: "ไม่มี"}


def header(audit: PlanAudit, agency_name: str = "") -> Html:
    """Agency, plan year, the report's own date and the file audited (all escaped)."""
    esc = html.escape
    r = audit.report
    return record_header(agency_name or r.agency or audit.agency, audit.agency,
                         [("แผนปี", esc(str(r.plan_year or "-"))),
                          ("วันที่ของรายงาน",
                           f"{esc(r.report_date_raw or '-')} (บรรทัด {r.report_date_line or '-'})"),
                          ("ไฟล์", f"<code>{esc(audit.source)}</code>")])


def summary_frame(audit: PlanAudit) -> pd.DataFrame:
    """Checks run and held, findings by severity, measures and completion."""
    c = audit.counts()
    total = audit.completion_rows[-1]
    rows = [("การตรวจทั้งหมด", c["checks"]), ("ผ่าน", c["ok"]), ("การตรวจที่พบข้อผิดปกติ", c["finding"]),
            ("ข้อค้นพบระดับผิดพลาด", c["error"]), ("ข้อค้นพบระดับเตือน", c["warning"]),
            ("ข้อค้นพบระดับข้อสังเกต", c["info"]), ("ตัวชี้วัด", len(audit.report.indicators)),
            ("มาตรการ", total["measures"]), ("มาตรการที่ทำเครื่องหมายว่าดำเนินการแล้ว", total["done"]),
            ("ความสำเร็จตามที่รายงาน (%)", format_number(total["completion"]))]
    return pd.DataFrame(rows, columns=["รายการ", "จำนวน"]).set_index("รายการ")


def summary_sentence(audit: PlanAudit) -> str:
    """One Thai sentence interpreting the result."""
    c = audit.counts()
    total = audit.completion_rows[-1]
    pending = sum(1 for f in audit.findings if f.check == "done_but_pending")
    return (f"แผนมีมาตรการ {total['measures']} ข้อ ทำเครื่องหมายว่าดำเนินการแล้ว {total['done']} ข้อ "
            f"({format_number(total['completion'])}%) แต่ในจำนวนนี้ {pending} ข้อบรรยายว่ายังไม่แล้วเสร็จ; "
            f"ตรวจ {c['checks']} รายการ พบข้อค้นพบ {len(audit.findings)} ข้อ (ผิดพลาด {c['error']} "
            f"เตือน {c['warning']} ข้อสังเกต {c['info']})")


def indicators_frame(audit: PlanAudit) -> pd.DataFrame:
    """The indicators with their stated scores, measures, done and completion."""
    rows = []
    for ind, done in zip(audit.report.indicators, audit.completion_rows):   # same order
        rows.append({"ตัวชี้วัด": ind.number, "ชื่อ": ind.name, "เครื่องมือ": ind.tool or "-",
                     "คะแนนตามรายงาน": ind.score_raw or "-", "คะแนน": format_number(ind.score),
                     "ต่ำกว่า 85": "ใช่" if ind.score is not None and ind.score < 85 else "-",
                     "มาตรการ": done["measures"], "ดำเนินการแล้ว": done["done"],
                     "ความสำเร็จ (%)": format_number(done["completion"]), "บรรทัด": ind.line})
    return pd.DataFrame(rows)


def issues_frame(audit: PlanAudit) -> pd.DataFrame:
    """The issues to improve that the previous assessment raised, per indicator."""
    rows = [{"ตัวชี้วัด": ind.number, "ประเด็นที่ต้องปรับปรุง": text, "บรรทัด": line}
            for ind in audit.report.indicators for line, text in ind.issues]
    return pd.DataFrame(rows, columns=["ตัวชี้วัด", "ประเด็นที่ต้องปรับปรุง", "บรรทัด"])


def measures_frame(audit: PlanAudit, text_width: int = 160) -> pd.DataFrame:
    """Every measure: status, owners, period as written and as read, narrative, line."""
    rows = []
    for m in audit.report.measures:
        rows.append({"มาตรการ": m.id, "แนวทาง/มาตรการ": clip(m.text, text_width),
                     "ระยะเวลา (ตามรายงาน)": m.period.label(),
                     "ระยะเวลา (อ่านได้)": _period(m.period.start, m.period.end, m.period.status),
                     "ผู้รับผิดชอบ": ", ".join(m.owners) or "-",
                     "สถานะ": STATUS_TH[m.status],
                     "ความก้าวหน้า": clip(m.narrative, text_width) or "-",
                     "ข้อ OIT (2565)": ", ".join(m.oit_items) or "-",
                     "ใช้ร่วมกับมาตรการอื่น": ", ".join(_SHARED_TH[s] for s in m.shared) or "-",
                     "บรรทัด": m.line})
    return pd.DataFrame(rows)


_SHARED_TH = {"text": "ข้อความ", "period": "ระยะเวลา", "owner": "ผู้รับผิดชอบ", "status": "สถานะ"}


def findings_frame(audit: PlanAudit) -> pd.DataFrame:
    """Every finding with the indicator, the measure (แถว) and the line it concerns."""
    return _findings_frame(audit.findings, row_label="มาตรการ")


def requirements_frame(audit: PlanAudit) -> pd.DataFrame:
    """O42/O43 per measure: steps, owner, period, monitoring and a reported result."""
    rows = [{"มาตรการ": r["measure"], "ขั้นตอน/วิธีปฏิบัติ": _YES_NO[bool(r["steps"])],
             "จำนวนขั้นตอน": r["step_count"], "ผู้รับผิดชอบ": _YES_NO[bool(r["owner"])],
             "ระยะเวลา": _period_shown(r),
             "การกำกับติดตาม (สถานะ)": _YES_NO[bool(r["monitoring"])],
             "รายงานผลที่แล้วเสร็จ": _YES_NO[bool(r["result"])]}
            for r in audit.requirement_rows]
    return pd.DataFrame(rows)


def _period_shown(row: Mapping[str, Any]) -> str:
    """มี, ไม่มี, or อ่านไม่ได้ for a period written but unreadable (a mistyped month): the
    measure has one, which the audit could not read, not none."""
    return "อ่านไม่ได้" if row.get("period_status") == "unparseable" else _YES_NO[bool(row["period"])]


def requirements_summary(audit: PlanAudit) -> pd.DataFrame:
    """The O42/O43 elements over the whole plan: how many measures meet each."""
    view = audit.requirement_rows
    n = len(view)
    analysed = sum(1 for ind in audit.report.indicators if ind.issues)
    people = [ind for ind in audit.report.indicators if ind.tool in ("IIT", "EIT")]
    rows = [("O42 (1) วิเคราะห์ผลการประเมินปีก่อน: ตัวชี้วัด IIT/EIT ที่ระบุประเด็นที่ต้องปรับปรุง",
             f"{analysed} จาก {len(people)}")]
    for key, label in (("steps", "O42 (2) ขั้นตอนหรือวิธีปฏิบัติ"), ("owner", "O42 (2) ผู้รับผิดชอบ"),
                       ("period", "O42 (2) ระยะเวลา"), ("monitoring", "O42 (2) การกำกับติดตาม (สถานะ)"),
                       ("result", "O43 ผลการดำเนินการที่แล้วเสร็จ")):
        unread = sum(1 for r in view if r.get("period_status") == "unparseable") \
            if key == "period" else 0
        rows.append((label, f"{sum(1 for r in view if r[key])} จาก {n} มาตรการ"
                     + (f" (อีก {unread} มาตรการเขียนไว้แต่อ่านไม่ได้)" if unread else "")))
    return pd.DataFrame(rows, columns=["องค์ประกอบ", "มาตรการที่มี"]).set_index("องค์ประกอบ")


#: The plan year whose items the record maps to their successors (the crosswalk's from-year).
CROSSWALK_FROM = 2565


def oit_items_frame(audit: PlanAudit) -> pd.DataFrame:
    """The 2565 OIT items and the plan's indicator 9–10 measures naming each, with the item's
    2566 successors from the crosswalk (``data/criteria/crosswalk-2565-2566.yaml``)."""
    names = _criteria_names(audit.criteria_year)
    crosswalk = load_crosswalk() if audit.criteria_year == CROSSWALK_FROM else None
    by_item = measures_by_item(audit.report)
    rows = []
    for number in range(1, (len(names) or 43) + 1):
        item = f"O{number}"
        row = {"ข้อ (2565)": item, "ชื่อ": names.get(item, "-"),
               "มาตรการในแผน": ", ".join(by_item.get(item, [])) or "ไม่มี"}
        if crosswalk is not None:
            mapping = crosswalk.mapping(item)
            row["ความสัมพันธ์กับเกณฑ์ 2566"] = RELATION_TH.get(mapping.relation, mapping.relation)
            row["ข้อในเกณฑ์ 2566"] = ", ".join(mapping.to_items) or (
                f"- (เนื้อหาไปรวมใน {', '.join(mapping.see)})" if mapping.see else "-")
        rows.append(row)
    return pd.DataFrame(rows)


def _criteria_names(year: int | None) -> dict[str, str]:

    if year is None:
        return {}
    try:
        return {item.id: item.name for item in load_criteria(year).items}
    except CriteriaError:
        return {}


def text_table(audit: PlanAudit) -> str:
    """The terminal view: indicators, then findings (one line each)."""
    lines = [f"{audit.report.agency or audit.agency} · แผนปี {audit.report.plan_year or '-'} · "
             f"รายงานวันที่ {audit.report.report_date_raw or '-'}", ""]
    ind = indicators_frame(audit)
    lines += fixed_width(["ตัวชี้วัด", "ชื่อ", "คะแนน", "มาตรการ", "ดำเนินการแล้ว"],
                         [[str(r["ตัวชี้วัด"]), r["ชื่อ"], r["คะแนน"], str(r["มาตรการ"]),
                           str(r["ดำเนินการแล้ว"])] for _, r in ind.iterrows()])
    lines.append("")
    lines += fixed_width(["ระดับ", "การตรวจ", "มาตรการ", "บรรทัด", "รายละเอียด"],
                         [[f.severity, f.check, f.row or "-", str(f.line or "-"),
                           clip(f.message, 110)] for f in audit.findings])
    lines += ["", summary_sentence(audit)]
    return "\n".join(lines)


def _period(start: date | None, end: date | None, status: str) -> str:
    if status != "dated":
        return PERIOD_TH[status]
    return f"{thai_date(start, 'numeric')}–{thai_date(end, 'numeric')}"
