"""The cross-agency view: OIT score distributions and the items most often failed or under
review, across every record of an audits folder.

It reads the same manifests as ``audits/index.html`` (their ``summary``: final verdicts per
item after auditor overrides, scores, grades), so the view, the index and the records agree.
Items are counted per criteria year: an item id means different things in 2565 and 2566.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path

import pandas as pd

from ita_audit.criteria.files import criteria_folder, load_criteria
from ita_audit.records.index import RecordEntry, collect_records, grade_order
from ita_audit.records.manifest import canonical, code_sha256, exact_versions
from ita_audit.util.paths import resolve
from ita_audit.util.sources import sha256_file


def collect(audits_dir: str | Path) -> list[RecordEntry]:
    """Every record of the audits folder (a relative path is relative to the repository),
    read once for all the tables below."""
    return collect_records(resolve(audits_dir))


_FIELDS = fields(RecordEntry)


def view_fingerprint(audits_dir: str | Path, notebook: Path, shared_assets: bool,
                     entries: Sequence[RecordEntry] | None = None) -> str:
    """SHA-256 over what the view is made from: the records as :func:`collect` reads them
    (``entries``, when the caller has just collected them for the index too), the criteria
    files (item names, grade bands), the notebook, the code, the package versions and whether
    the pages link shared assets. Equal fingerprints mean the view would come out the same, so
    a batch need not make it again."""
    folder = criteria_folder()
    criteria = sorted((p.name, sha256_file(p)) for p in folder.glob("*.yaml") if p.is_file()) \
        if folder.is_dir() else []
    records = collect(audits_dir) if entries is None else entries
    # the fields as they are (``asdict`` would deep-copy every summary first: seconds at
    # national scale); the JSON is the same
    basis = {"records": [{f.name: getattr(entry, f.name) for f in _FIELDS} for entry in records],
             "criteria": criteria,
             "notebook": sha256_file(notebook), "code": code_sha256(),
             "packages": exact_versions(), "shared_assets": shared_assets,
             "audits_dir": str(audits_dir)}
    return hashlib.sha256(canonical(basis).encode()).hexdigest()


# The findings of the HR, plan and procurement audits by severity, and the summary's hash.
ERRORS, WARNINGS, SUMMARY_HASH = "ข้อค้นพบผิดพลาด", "ข้อค้นพบเตือน", "SHA-256 ของสรุปผล"


def records_frame(entries: Sequence[RecordEntry]) -> pd.DataFrame:
    """One row per agency-year record: year, agency, name, notebooks, OIT score and grade
    (empty when the record has no OIT audit), verdict counts, the findings of the audits that
    report them (HR, plan, procurement; empty when none does)."""
    rows = []
    for entry in entries:
        oit = entry.oit
        counts = oit.get("counts") or {}
        rows.append({"ปีงบประมาณ": entry.fiscal_year, "หน่วยงาน": entry.agency,
                     "ชื่อหน่วยงาน": entry.agency_name, "บันทึก": ", ".join(entry.notebooks),
                     "คะแนน OIT": oit.get("oit_score"), "ระดับ": oit.get("grade"),
                     "ผ่าน": counts.get("pass"), "ไม่ผ่าน": counts.get("fail"),
                     "รอตรวจ": counts.get("review"),
                     ERRORS: entry.findings["error"] if entry.reports_findings else None,
                     WARNINGS: entry.findings["warning"] if entry.reports_findings else None,
                     SUMMARY_HASH: _summary_hash(entry.summary)})
    columns = ["ปีงบประมาณ", "หน่วยงาน", "ชื่อหน่วยงาน", "บันทึก", "คะแนน OIT", "ระดับ", "ผ่าน",
               "ไม่ผ่าน", "รอตรวจ", ERRORS, WARNINGS, SUMMARY_HASH]
    frame = pd.DataFrame(rows, columns=columns)
    counts = ["ผ่าน", "ไม่ผ่าน", "รอตรวจ", ERRORS, WARNINGS]
    frame[counts] = frame[counts].astype("Int64")       # counts, empty without an OIT audit
    return frame


def item_verdicts(entries: Sequence[RecordEntry]) -> pd.DataFrame:
    """Long table: one row per (year, agency, item) with the item's final verdict."""
    rows = [{"ปีงบประมาณ": e.fiscal_year, "หน่วยงาน": e.agency, "ข้อ": item, "ผล": verdict}
            for e in entries
            for item, verdict in (e.oit.get("items") or {}).items()]
    return pd.DataFrame(rows, columns=["ปีงบประมาณ", "หน่วยงาน", "ข้อ", "ผล"])


def _summary_hash(summary: dict) -> str:

    return hashlib.sha256(canonical(summary).encode()).hexdigest()[:12]


def oit_records(records: pd.DataFrame) -> pd.DataFrame:
    """Only the records with an OIT audit."""
    return records[records["คะแนน OIT"].notna()]


def score_distribution(records: pd.DataFrame) -> pd.DataFrame:
    """Per fiscal year: how many OIT records, and the mean, median, spread and range of their
    OIT scores (two decimals)."""
    oit = oit_records(records)
    rows = []
    for year, group in oit.groupby("ปีงบประมาณ", sort=True):
        scores = group["คะแนน OIT"].astype(float)
        rows.append({"ปีงบประมาณ": int(year), "จำนวนหน่วยงาน": len(scores),
                     "เฉลี่ย": round(scores.mean(), 2), "มัธยฐาน": round(scores.median(), 2),
                     "ส่วนเบี่ยงเบนมาตรฐาน": round(scores.std(ddof=0), 2),
                     "ต่ำสุด": round(scores.min(), 2), "สูงสุด": round(scores.max(), 2)})
    return pd.DataFrame(rows, columns=["ปีงบประมาณ", "จำนวนหน่วยงาน", "เฉลี่ย", "มัธยฐาน",
                                       "ส่วนเบี่ยงเบนมาตรฐาน", "ต่ำสุด", "สูงสุด"])


def grade_counts(records: pd.DataFrame) -> pd.DataFrame:
    """Per fiscal year, how many records fall in each grade band of that year's criteria
    (every band shown)."""
    oit = oit_records(records)
    grades = grade_order(oit["ปีงบประมาณ"])
    table = pd.crosstab(oit["ปีงบประมาณ"], oit["ระดับ"]).reindex(columns=grades, fill_value=0)
    table.columns.name = None
    return table.reset_index() if len(table) else pd.DataFrame(
        columns=["ปีงบประมาณ", *grades])


def problem_items(verdicts: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """The items most often failed or under review, per fiscal year: counts, the share of
    records, and the item's name from that year's criteria; ties broken by item number."""

    rows = []
    for year, group in verdicts.groupby("ปีงบประมาณ", sort=True):
        names = {item.id: item.name for item in load_criteria(int(year)).items}
        agencies = group["หน่วยงาน"].nunique()
        for item, per_item in group.groupby("ข้อ"):
            fail = int((per_item["ผล"] == "fail").sum())
            review = int((per_item["ผล"] == "review").sum())
            if fail + review:
                rows.append({"ปีงบประมาณ": int(year), "ข้อ": item, "ชื่อ": names.get(item, ""),
                             "ไม่ผ่าน": fail, "รอตรวจ": review,
                             "ร้อยละของหน่วยงาน": round(100 * (fail + review) / agencies, 2),
                             "_n": int(item[1:])})
    frame = pd.DataFrame(rows, columns=["ปีงบประมาณ", "ข้อ", "ชื่อ", "ไม่ผ่าน", "รอตรวจ",
                                        "ร้อยละของหน่วยงาน", "_n"])
    frame["_total"] = frame["ไม่ผ่าน"] + frame["รอตรวจ"]
    frame = frame.sort_values(["ปีงบประมาณ", "_total", "ไม่ผ่าน", "_n"],
                              ascending=[False, False, False, True])
    frame = frame.groupby("ปีงบประมาณ", sort=False).head(top)
    return frame.drop(columns=["_n", "_total"]).reset_index(drop=True)


def summary_sentence(records: pd.DataFrame) -> str:
    """One Thai sentence: how many records, how many with OIT, over which years."""
    oit = oit_records(records)
    years = ", ".join(str(y) for y in sorted(records["ปีงบประมาณ"].unique())) or "–"
    return (f"รวม {len(records)} หน่วยงาน-ปี (ปีงบประมาณ {years}) ในจำนวนนี้มีการตรวจ OIT "
            f"{len(oit)} รายการ")
