"""Presentation of an HR report audit: Thai tables for the record and text for the terminal.

Report text (row labels, list entries) is untrusted and always HTML-escaped (``report.show``
escapes every cell). Output is deterministic.
"""
from __future__ import annotations

import html
from typing import Any

import pandas as pd

from ita_audit.hr.audit import HrAudit
from ita_audit.hr.parse import TABLE_NAMES, HrReport, figures_table
from ita_audit.view.numbers import format_number
from ita_audit.view.tables import SEVERITY_TH, Html, record_header, show
from ita_audit.view.tables import findings_frame as report_findings
from ita_audit.view.text import clip, fixed_width

COLUMN_TH = {"count": "จำนวน", "share": "สัดส่วน (%)", "establishment": "กรอบ",
             "filled": "คนครอง", "vacant": "อัตราว่าง", "female": "หญิง", "male": "ชาย",
             "value": "มูลค่า"}
INDICATOR_TH = {
    "year": "ปี", "position_type": "ประเภทตำแหน่ง", "establishment": "กรอบ", "filled": "คนครอง",
    "vacant": "ว่าง", "vacancy_rate": "อัตราว่าง (%)", "civil_servants": "ข้าราชการ",
    "entries": "เข้า", "losses": "ออก", "net": "สุทธิ", "turnover_pct": "อัตราการสูญเสีย (%)",
    "retirement_loss_pct": "เกษียณ/การสูญเสีย (%)", "replacement_ratio": "อัตราทดแทน (เข้า÷ออก)",
    "aged_55_plus": "อายุ ≥ 55", "aged_55_plus_pct": "อายุ ≥ 55 (%)", "women": "หญิง",
    "women_pct": "หญิง (%)", "hr_staff": "บุคลากรหน่วย HR", "workforce": "กำลังคนรวม",
    "staff_per_hr_officer": "กำลังคนต่อเจ้าหน้าที่ HR 1 คน", "hr_share_pct": "สัดส่วนหน่วย HR (%)",
    "personnel_budget_pct": "งบบุคลากร/งบรวม (%)", "personnel_cost_pct": "ค่าใช้จ่ายบุคลากร/ต้นทุนรวม (%)",
    "training_cost_per_hour": "ต้นทุนพัฒนาต่อชั่วโมงอบรม (บาท)",
    "training_hours_per_person": "ชั่วโมงอบรมต่อกำลังคน",
    "admin_cost_per_workforce_head": "ต้นทุนบริหารบุคคลต่อกำลังคน (บาท)", "item": "ตัวชี้วัด",
    "rule": "เกณฑ์", "data": "ข้อมูลในรายงาน", "derived": "คะแนนจากข้อมูล",
    "self_score": "คะแนนประเมินตนเอง", "basis": "ที่มา"}


def header(audit: HrAudit, agency_name: str = "") -> Html:
    """Agency, the report's fiscal year, its date and the file audited (all escaped)."""
    esc = html.escape
    r = audit.report
    return record_header(agency_name or r.agency_name or audit.agency, audit.agency,
                         [("รายงานประจำปีงบประมาณ", esc(str(r.fiscal_year or "-"))),
                          ("วันที่ทำรายงานตามเอกสาร", esc(r.report_date_raw or "-")),
                          ("ไฟล์", f"<code>{esc(audit.source)}</code>")])


def summary_frame(audit: HrAudit) -> pd.DataFrame:
    """How many checks ran, held, found something or could not run; findings by severity."""
    c = audit.counts()
    rows = [("การตรวจทั้งหมด", c["checks"]), ("ผ่าน (ตัวเลขสอดคล้อง)", c["ok"]),
            ("การตรวจที่พบข้อผิดปกติ", c["finding"]), ("ตรวจไม่ได้ (ขาดตัวเลข)", c["skipped"]),
            *((f"ข้อค้นพบระดับ{SEVERITY_TH[s]}", c[s]) for s in ("error", "warning", "info"))]
    return pd.DataFrame(rows, columns=["รายการ", "จำนวน"]).set_index("รายการ")


def summary_sentence(audit: HrAudit) -> str:
    """One Thai sentence interpreting the result."""
    c = audit.counts()
    found = len(audit.findings)
    joined = (f"; การตรวจ {c['finding']} รายการที่พบข้อผิดปกติรวมเป็นข้อค้นพบ {found} ข้อ "
              "เพราะข้อค้นพบหนึ่งข้อรวมทุกรอบหรือทุกปีของการตรวจเดียวกัน"
              if c["finding"] != found else "")
    return (f"ตรวจ {c['checks']} รายการ ตัวเลขสอดคล้อง {c['ok']} รายการ พบข้อค้นพบ "
            f"{found} ข้อ (ผิดพลาด {c['error']} เตือน {c['warning']} ข้อสังเกต "
            f"{c['info']}) และตรวจไม่ได้เพราะขาดตัวเลข {c['skipped']} รายการ{joined}")


def findings_frame(audit: HrAudit) -> pd.DataFrame:
    """Every finding with its source table, year, row and line, expected and stated values."""
    return report_findings(audit.findings, table_names=TABLE_NAMES)


def coverage_frame(audit: HrAudit) -> pd.DataFrame:
    """Per table: figures read, checks that held, checks with findings, checks skipped."""
    figures: dict[str, int] = {}
    for f in audit.report.figures:
        figures[f.table] = figures.get(f.table, 0) + 1
    figures["scorecard"] = sum(1 for r in audit.report.scorecard
                               for v in (r.weight, r.score, r.weighted, *r.levels) if v is not None)
    dashes = audit.report.dash_counts()
    rows = []
    others = dict.fromkeys(r.table for r in audit.log.runs if r.table not in figures)
    for table in [*figures, *others]:
        runs = [r for r in audit.log.runs if r.table == table]
        rows.append({"ตาราง": TABLE_NAMES.get(table, table), "ตัวเลขที่อ่านได้": figures.get(table, 0),
                     "ตรวจผ่าน": sum(r.status == "ok" for r in runs),
                     "พบข้อผิดปกติ": sum(r.status == "finding" for r in runs),
                     "ตรวจไม่ได้": sum(r.status == "skipped" for r in runs),
                     "ช่อง '-' ที่อ่านเป็น 0": dashes.get(table, 0)})
    return pd.DataFrame(rows)


def figures_frame(report: HrReport, table: str) -> pd.DataFrame:
    """A table of the report as stated, one column per (year, measure), rows in report order."""
    frame = figures_table(report, table)
    if frame.empty:
        return pd.DataFrame({"ข้อมูล": ["ไม่มีในรายงาน"]})
    frame = frame.assign(label=frame["group"].map({"entry": "เข้า: ", "loss": "ออก: "}).fillna("")
                         + frame["row"], column=frame["column"].map(COLUMN_TH).fillna(frame["column"]))
    rows = list(dict.fromkeys(frame["label"]))
    wide = frame.pivot_table(index="label", columns=["year", "column"], values="raw",
                             aggfunc="first", sort=False)
    wide = wide.reindex(rows)
    wide = wide[sorted(wide.columns, key=lambda c: -int(c[0]))] if len(wide.columns) else wide
    wide.index.name = "รายการ"
    wide.columns = [f"{year} {column}" for year, column in wide.columns]
    return wide.fillna("")


def scorecard_frame(report: HrReport) -> pd.DataFrame:
    """The scorecard summary as stated (dimension rows, items, grand total)."""
    rows = [{"มิติ/ตัวชี้วัด": (f"มิติที่ {r.dimension} {r.name}" if r.kind == "dimension"
                               else r.name if r.kind == "total" else f"{r.item} {r.name}"),
             "น้ำหนัก": format_number(r.weight), "เกณฑ์": " / ".join(format_number(v) for v in r.levels),
             "คะแนนที่ได้": format_number(r.score), "คะแนนถ่วงน้ำหนัก": format_number(r.weighted), "บรรทัด": r.line}
            for r in report.scorecard]
    return pd.DataFrame(rows)


def indicator_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """An indicator table with Thai column names."""
    return frame.rename(columns=INDICATOR_TH)


def list_frame(report: HrReport, section: str) -> pd.DataFrame:
    """2.7 problems or 2.8 innovations as a numbered list (text shortened to 300 characters)."""
    items = report.problems if section == "2.7" else report.innovations
    rows = [{"ข้อ": "  " * (i.level - 1) + i.number, "เนื้อหา": clip(i.text, 300),
             "บรรทัด": i.line} for i in items]
    return pd.DataFrame(rows, columns=["ข้อ", "เนื้อหา", "บรรทัด"])


def text_table(audit: HrAudit, width: int = 100) -> str:
    """``ita-audit hr --format table``: findings one per line, then the counts."""
    header = ["severity", "check", "table", "year", "line", "message"]
    rows = [[f.severity, f.check, f.table, str(f.year or "-"), str(f.line or "-"),
             clip(f.message, width)] for f in audit.findings]
    lines = fixed_width(header, rows)
    c = audit.counts()
    lines.append("")
    lines.append(f"{audit.agency} HR report {audit.report.fiscal_year}: {c['checks']} checks, "
                 f"{c['ok']} held, {c['skipped']} skipped; findings: {c['error']} error, "
                 f"{c['warning']} warning, {c['info']} info")
    return "\n".join(lines)


STATED_TABLES = ("2.1.1", "2.1.2", "2.2", "2.3", "2.4", "2.5.1", "2.5.2", "2.5.3")


def stated_tables(report: HrReport) -> list[Html]:
    """Tables 2.1–2.5 as the report states them, each under its Thai caption ('-' kept)."""

    return [Html(f"<h4>{html.escape(TABLE_NAMES[t])}</h4>{show(figures_frame(report, t), index=True).markup}")
            for t in STATED_TABLES]


def indicators_sentence(audit: HrAudit) -> str:
    """One Thai sentence on the newest year's main indicators."""
    ind = audit.indicators()
    year = audit.report.fiscal_year

    def pick(name: str, column: str, **where: Any) -> str:
        frame = ind[name]
        for key, value in {"year": year, **where}.items():
            frame = frame[frame[key] == value]
        value = frame[column].iloc[0] if len(frame) else None
        return "-" if value is None or pd.isna(value) else f"{value:,.2f}"

    return (f"ปี {year}: อัตราว่างรวม {pick('vacancy_rates', 'vacancy_rate', position_type='รวม')}% "
            f"อัตราการสูญเสียข้าราชการ {pick('movements', 'turnover_pct')}% อัตราทดแทน "
            f"{pick('movements', 'replacement_ratio')} ข้าราชการอายุ 55 ปีขึ้นไป "
            f"{pick('age_profile', 'aged_55_plus_pct')}% ผู้หญิง {pick('age_profile', 'women_pct')}% "
            f"กำลังคนต่อเจ้าหน้าที่ HR 1 คน {pick('hr_unit', 'staff_per_hr_officer')} คน "
            f"และต้นทุนพัฒนาบุคลากรต่อชั่วโมงอบรม {pick('costs', 'training_cost_per_hour')} บาท")
