"""Presentation of a policy-document audit: Thai tables for the notebook, text for the terminal.

Every table is a plain ``pandas.DataFrame`` with Thai column headers (show it with
:func:`ita_audit.view.tables.show`, which HTML-escapes document text). Missing values are None
(shown as "-"). Output is deterministic.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import pandas as pd

from ita_audit.findings import VERDICT_TH, Finding
from ita_audit.policy.audit import PolicyAudit
from ita_audit.policy.judge import ASPECT_TH, DocumentVerdict
from ita_audit.policy.parse import PolicyDocument
from ita_audit.thai import thai_date
from ita_audit.view.tables import findings_frame as report_findings
from ita_audit.view.text import clip, fixed_width

KIND_TH = {"date": "วันที่", "date_range": "ช่วงวันที่", "as_of": "ณ วันที่", "month": "เดือน",
           "month_range": "ช่วงเดือน", "year": "ปี", "year_range": "ช่วงปี",
           "fiscal_year": "ปีงบประมาณ", "gregorian_year": "ปี ค.ศ."}
YES_NO = {True: "ใช่", False: "ไม่ใช่"}
FOUND_TH = {True: "พบ", False: "ไม่พบ"}


def _frame(rows: Iterable[Sequence[object]], columns: Sequence[str]) -> pd.DataFrame:
    """A table that keeps line numbers as integers (no float NaN); missing values show "-"."""
    frame = pd.DataFrame(list(rows), columns=list(columns), dtype=object)
    return frame.where(frame.notna(), "-")


def _date_th(day: date | None) -> str | None:
    return thai_date(day) if day else None               # "29 ธันวาคม 2558": BE, in Thai


def _document(source: PolicyDocument | PolicyAudit) -> PolicyDocument:
    return source.document if isinstance(source, PolicyAudit) else source


def facts_frame(source: PolicyDocument | PolicyAudit) -> pd.DataFrame:
    """What the parser read: issuer, subject, date, signer, position, on-behalf, file."""
    doc = _document(source)
    behalf = (f"ใช่: {doc.on_behalf_text}" if doc.on_behalf else "ไม่ใช่")
    rows = [("ผู้ออกประกาศ", doc.issuer, doc.issuer_line),
            ("เรื่อง", doc.title, doc.title_line),
            ("วันที่ประกาศ (ตามที่เขียน)", doc.date_text, doc.date_line),
            ("วันที่ประกาศ", _date_th(doc.date), doc.date_line),
            ("ผู้ลงนาม", doc.signer, doc.signer_line),
            ("ตำแหน่ง", doc.position, doc.position_line),
            ("ลงนามแทน", behalf, doc.on_behalf_line),
            ("ไฟล์", source.source if isinstance(source, PolicyAudit) else doc.path, None),
            ("SHA-256", doc.sha256, None)]
    return _frame(rows, ["รายการ", "ค่า", "บรรทัด"])


def topics_frame(source: PolicyDocument | PolicyAudit,
                 required: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per topic: found, core phrase found, required by the item, main evidence."""
    doc = _document(source)
    if required is None and isinstance(source, PolicyAudit):
        required = source.judgement.required_topics
    wanted = set(required or ())
    rows = []
    for match in doc.topics:
        main = match.main
        rows.append((match.label_th, FOUND_TH[match.found],
                     YES_NO[match.core_found] if match.found else None,
                     "ต้องมี" if match.topic in wanted else None,
                     main.line if main else None, main.phrase if main else None,
                     main.text if main else None, len(match.lines),
                     ", ".join(str(ev.line) for ev in match.lines) or None))
    return _frame(rows, ["หัวข้อ", "ผล", "พบคำหลัก", "ข้อนี้ต้องมี", "บรรทัดหลักฐานหลัก",
                         "คำที่พบ", "ข้อความหลักฐาน", "จำนวนบรรทัด", "บรรทัดที่พบทั้งหมด"])


def references_frame(source: PolicyDocument | PolicyAudit) -> pd.DataFrame:
    """Dates and periods cited in the text, and whether each starts after the announcement."""
    doc = _document(source)
    rows = []
    for ref in doc.references:
        later = None if doc.date is None or ref.start is None else YES_NO[ref.start > doc.date]
        rows.append((ref.line, ref.text, KIND_TH.get(ref.kind, ref.kind),
                     thai_date(ref.start, "numeric"), thai_date(ref.end, "numeric"),
                     later))
    return _frame(rows, ["บรรทัด", "ข้อความ", "ชนิด", "ตั้งแต่", "ถึง", "หลังวันที่ประกาศ"])


def validity_frame(source: DocumentVerdict | PolicyAudit) -> pd.DataFrame:
    """One row per aspect (date, signer, topics, consistency) and the overall verdict."""
    verdict = source.judgement if isinstance(source, PolicyAudit) else source
    rows = [(ASPECT_TH.get(c.check, c.check), VERDICT_TH[c.verdict], c.reason, c.line)
            for c in verdict.checks]
    rows.append(("สรุป", VERDICT_TH[verdict.verdict],
                 f"ข้อ {verdict.item.id} {verdict.item.name} ปี {verdict.fiscal_year}", None))
    return _frame(rows, ["ด้าน", "ผล", "เหตุผล", "บรรทัด"])


def findings_frame(source: Sequence[Finding] | DocumentVerdict | PolicyAudit) -> pd.DataFrame:
    """Findings (errors first), in the table every record uses (see ``report.findings_frame``)."""
    if isinstance(source, (PolicyAudit, DocumentVerdict)):
        findings: Sequence[Finding] = source.findings
    else:
        findings = source
    return report_findings(findings)


def items_findings_frame(audits: Sequence[PolicyAudit]) -> pd.DataFrame:
    """The findings of the announcement judged for each item, in one table whose first column
    names the item (one table per item had the same header and no caption)."""
    frames = [findings_frame(audit).assign(ข้อ=audit.judgement.item.id) for audit in audits]
    frame = pd.concat(frames, ignore_index=True) if frames else findings_frame([]).assign(ข้อ=[])
    return frame[["ข้อ", *[c for c in frame.columns if c != "ข้อ"]]]


def summary_sentence(audit: PolicyAudit) -> str:
    """One Thai sentence: the item, the year, the verdict and the failing aspects."""
    j = audit.judgement
    open_aspects = [ASPECT_TH[c.check] for c in j.checks if c.verdict != "pass"]
    tail = f" ประเด็นที่ไม่ผ่านหรือรอตรวจ: {', '.join(open_aspects)}" if open_aspects else ""
    counts = audit.counts()
    return (f"ประกาศนี้ในฐานะหลักฐานข้อ {j.item.id} ปี {j.fiscal_year}: "
            f"{VERDICT_TH[audit.verdict]}.{tail} (ข้อผิดพลาด {counts['error']}, "
            f"คำเตือน {counts['warning']})")


def text_table(audit: PolicyAudit, reason_width: int = 100) -> str:
    """A fixed-width summary for ``ita-audit policy --format table``."""
    doc = audit.document
    j = audit.judgement
    rows = [[c.check, c.verdict, "-" if c.line is None else str(c.line), clip(c.reason, reason_width)]
            for c in j.checks]
    lines = [f"{audit.source or doc.path}: date {doc.date.isoformat() if doc.date else '-'} (line "
             f"{doc.date_line or '-'}), signer {doc.signer or '-'}, position {doc.position or '-'}"
             f"{', on behalf' if doc.on_behalf else ''}", ""]
    lines += fixed_width(["check", "verdict", "line", "reason"], rows)
    lines.append("")
    counts = audit.counts()
    lines.append(f"{audit.agency} {j.item.id} {j.fiscal_year} ({j.basis} basis): {audit.verdict}; "
                 f"findings: error {counts['error']}, warning {counts['warning']}")
    return "\n".join(lines)
