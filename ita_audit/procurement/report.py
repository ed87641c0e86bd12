"""Presentation of a procurement audit: Thai tables for the record and text for the terminal.

Item names, suppliers and sheet names come from the agency's table: they are untrusted and
``view.tables.show`` escapes them. Output is deterministic.
"""
from __future__ import annotations

import html

import pandas as pd

from ita_audit.procurement.audit import METHOD_TH, RISK_NOTE, ProcurementAudit
from ita_audit.procurement.checks import percent
from ita_audit.view.numbers import format_number
from ita_audit.view.tables import SEVERITY_TH, Html, record_header
from ita_audit.view.text import clip, fixed_width

LAYOUT_TH = {"ita": "ตาราง ITA (10 คอลัมน์)", "sorkhor1": "แบบ สขร.1", "mixed": "หลายแบบ"}


def header(audit: ProcurementAudit, agency_name: str = "") -> Html:
    """Agency, fiscal year, the table's layout and file, and the risk note (all escaped)."""
    esc = html.escape
    line = record_header(agency_name or audit.agency, audit.agency,
                         [("ปีงบประมาณ", str(audit.fiscal_year)),
                          ("รูปแบบตาราง", esc(LAYOUT_TH.get(audit.table.layout,
                                                            audit.table.layout))),
                          ("ไฟล์", f"<code>{esc(audit.source)}</code>")])
    return Html(line.markup + f'<p><em>{esc(RISK_NOTE)}</em></p>')


def summary_frame(audit: ProcurementAudit) -> pd.DataFrame:
    """Rows, sheets, months, totals (and the rows of another fiscal year, which the year's
    figures leave out, when there are), year-end specific-method share, concentration and
    findings by severity."""
    s = audit.summary()
    year_end = s["year_end_specific"] or {}
    concentration = s["concentration"] or {}
    rows = [
        ("จำนวนรายการจัดซื้อจัดจ้าง", format_number(s["rows"])),
        ("แผ่นงานที่อ่าน", ", ".join(s["sheets"])),
        ("เดือนที่รายงาน", str(len(s["months_reported"]))),
        ("เดือนที่แจ้งว่าไม่มีการจัดซื้อจัดจ้าง", str(len(s["months_no_procurement"]))),
        ("ราคาที่ตกลงรวมทุกรายการ (บาท)", format_number(s["total_agreed"])),
        *([("รายการของปีงบประมาณอื่น ไม่นับในตัวเลขรายเดือน ปลายปี และการกระจุกตัว",
            f"{format_number(other['rows'])} รายการ {format_number(other['amount'])} บาท")]
          if (other := s["other_year_rows"])["rows"] else []),
        ("สัดส่วนวิธีเฉพาะเจาะจงในเดือนท้ายปี", _percent(year_end.get("share"))),
        ("ราคาที่ตกลงรวมของรายการที่ระบุผู้ประกอบการ (บาท)",
         format_number(concentration.get("total"))),
        ("สัดส่วนผู้ประกอบการรายใหญ่สุด", _percent(concentration.get("top_share"))),
        ("ดัชนีการกระจุกตัว HHI (0–10,000)", format_number(concentration.get("hhi"))),
        ("กลุ่มที่อาจแบ่งซื้อแบ่งจ้าง", str(s["split_groups"])),
        ("ค่าที่อ่านไม่ได้", str(s["unreadable"])),
        *[(f"ข้อค้นพบระดับ{SEVERITY_TH[k]}", str(v)) for k, v in s["findings"].items()],
    ]
    return pd.DataFrame(rows, columns=["รายการ", "ค่า"]).set_index("รายการ")


def _percent(value: float | None) -> str:
    """A share as the findings write it (``ร้อยละ 29.3``); ``-`` when absent."""
    return "-" if value is None else percent(float(value))


def summary_sentence(audit: ProcurementAudit) -> str:
    """One Thai sentence interpreting the result."""
    s = audit.summary()
    c = s["findings"]
    return (f"{audit.agency} ปีงบประมาณ {audit.fiscal_year}: {format_number(s['rows'])} รายการ "
            f"ใน {len(s['sheets'])} แผ่นงาน ราคาที่ตกลงรวม {format_number(s['total_agreed'])} บาท; "
            f"ข้อค้นพบ ผิดพลาด {c['error']} เตือน {c['warning']} ข้อสังเกต {c['info']} "
            f"(กลุ่มที่อาจแบ่งซื้อ {s['split_groups']} กลุ่ม) — ข้อค้นพบเป็นสัญญาณความเสี่ยง ไม่ใช่หลักฐาน")


def findings_frame(audit: ProcurementAudit) -> pd.DataFrame:
    """Every finding with its sheet and row, severities in Thai."""
    frame = audit.findings_frame()
    frame["ระดับ"] = frame["ระดับ"].map(SEVERITY_TH)
    frame["แถว"] = [str(int(v)) if pd.notna(v) else "-" for v in frame["แถว"]]
    frame["แผ่นงาน"] = frame["แผ่นงาน"].replace("", "-")
    return frame


def methods_frame(audit: ProcurementAudit) -> pd.DataFrame:
    """Rows and agreed spending by method."""
    by_method = audit.summary()["by_method"]
    rows = [(METHOD_TH.get(k, k), v["rows"], v["amount"]) for k, v in by_method.items()]
    return pd.DataFrame(rows, columns=["วิธี", "จำนวนรายการ", "จำนวนเงิน (บาท)"]).set_index("วิธี")


def text_table(audit: ProcurementAudit, message_width: int = 90) -> str:
    """The terminal view: one line per finding, then a summary line."""
    rows = [[f.severity, f.check, clip(f.sheet or "-", 14), "-" if f.row is None else str(f.row),
             clip(f.message, message_width)] for f in audit.findings]
    lines = fixed_width(["severity", "check", "sheet", "row", "message"], rows)
    s = audit.summary()
    c = s["findings"]
    lines.append("")
    lines.append(f"{audit.agency} {audit.fiscal_year}: {s['rows']} rows in {len(s['sheets'])} "
                 f"sheet(s), agreed total {s['total_agreed']:,.2f} baht; error {c['error']}, "
                 f"warning {c['warning']}, info {c['info']}. A flag marks a risk, not proof.")
    return "\n".join(lines)
