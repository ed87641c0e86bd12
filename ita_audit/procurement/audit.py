"""One procurement audit: read, check, summarise. The same object backs ``ita-audit
procurement`` and the notebook, so the JSON and the record always agree.

The JSON follows DESIGN.md §3: ``{"rows", "sheets", "findings", "summary"}`` plus the agency,
year, source, layout and the rules used. The notebook's tables come from the ``*_frame``
methods, with Thai column names. A flag marks a risk, not proof; :data:`RISK_NOTE` says so
wherever the findings are shown.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ita_audit.findings import SEVERITIES, jsonable
from ita_audit.procurement.checks import (
    FISCAL_MONTHS,
    ProcurementFinding,
    check_procurement,
    concentration,
    month_name,
    not_awarded_mask,
    percent,
    purchase_days,
    reported_months,
    statement_months,
    year_end_share,
)
from ita_audit.procurement.read import FRAME_COLUMNS, SPAN, ProcurementTable, load_procurement
from ita_audit.procurement.thresholds import Thresholds, load_thresholds
from ita_audit.procurement.values import supplier_key
from ita_audit.util.atomic import atomic_write_text
from ita_audit.util.paths import check_agency, relative, resolve
from ita_audit.view.numbers import format_value

#: What every view of the findings says about them (the record is Thai; the JSON's ``note``
#: adds the English words, as before).
RISK_NOTE = "ข้อสังเกตเป็นสัญญาณความเสี่ยงที่ควรตรวจสอบเพิ่มเติม ไม่ใช่หลักฐานว่ามีการทุจริตหรือทำผิดระเบียบ"
RISK_NOTE_EN = "a flag marks a risk, not proof"
METHOD_TH = {"specific": "เฉพาะเจาะจง", "selection": "คัดเลือก", "e_bidding": "e-bidding",
             "e_market": "e-market", "other": "อื่น ๆ", "": "ไม่ระบุ"}


@dataclass
class ProcurementAudit:
    """A read procurement table, its findings and the rules they were found with."""

    table: ProcurementTable
    findings: list[ProcurementFinding]
    agency: str
    fiscal_year: int
    source: str                          # the table's path, repo-relative when inside the repo
    thresholds: Thresholds

    # ------------------------------------------------------------------ figures

    def counts(self) -> dict[str, int]:
        """Findings by severity."""
        counts = dict.fromkeys(SEVERITIES, 0)
        for finding in self.findings:
            counts[finding.severity] = counts.get(finding.severity, 0) + 1
        return counts

    @property
    def data(self) -> pd.DataFrame:
        """The purchase rows (no-procurement statements left out)."""
        return self.table.data_rows

    @cached_property
    def _amounts(self) -> pd.Series:
        data = self.data
        return data["agreed_price"].fillna(data["budget"])

    @cached_property
    def _of_year(self) -> np.ndarray:
        """The purchase rows of the audited year (:meth:`ProcurementTable.of_year`): the
        year's figures (by month, year-end share, concentration, top suppliers) count these."""
        return self.table.of_year(self.data, self.fiscal_year)

    def _year_data(self) -> tuple[pd.DataFrame, pd.Series]:
        """The purchase rows of the audited year and their amounts (agreed, else budget)."""
        own = self._of_year
        return self.data[own], self._amounts[own]

    def _stated_months(self) -> set[int]:
        """The months no-procurement statements cover: their own, and every month of the span
        a statement of a span sheet ("ต.ค.-ธ.ค. 66") stands for; not those of a sheet named
        for another fiscal year (:func:`statement_months`)."""
        return {month for month, _ in statement_months(self.table, self.fiscal_year)}

    def _span_rows(self, data: pd.DataFrame) -> dict[str, dict[str, Any]]:
        """The purchases of each sheet named for a span of months that give no month of their
        own: the span, the rows and their spending (agreed price, else budget)."""
        out = {}
        undated = (data["month_source"] == SPAN).to_numpy()
        amounts = self._amounts.fillna(0).loc[data.index].to_numpy()
        for sheet, span in self.table.span_rows(data, self.fiscal_year).items():
            mask = undated & (data["sheet"] == sheet).to_numpy()
            out[sheet] = {"months": list(span), "rows": int(mask.sum()),
                          "amount": round(float(amounts[mask].sum()), 2)}
        return out

    def summary(self) -> dict[str, Any]:
        """Rows, sheets, layout, months reported, totals by method and month (and of the rows
        of span sheets that give no month), the year-end
        specific-method share, concentration, split groups and findings by severity."""
        data = self.data
        amounts = self._amounts.fillna(0)
        by_method = {kind or "unknown": {"rows": int(len(group)),
                                         "amount": round(float(group.sum()), 2)}
                     for kind, group in amounts.groupby(data["method_kind"].to_numpy())}
        year, year_amounts = self._year_data()
        year_amounts = year_amounts.fillna(0)
        not_awarded = not_awarded_mask(year, self.thresholds)
        months = year["month"]
        by_month = {}
        for month in FISCAL_MONTHS:
            mask = (months == month).to_numpy(dtype=bool, na_value=False)
            if mask.any():
                by_month[str(month)] = {"rows": int(mask.sum()),
                                        "amount": round(float(year_amounts[mask].sum()), 2)}
        other_year = ~self._of_year
        reported = reported_months(self.table, self.fiscal_year)
        checks: dict[str, int] = {}
        for finding in self.findings:
            checks[finding.check] = checks.get(finding.check, 0) + 1
        return {
            "rows": int(len(data)),
            "sheets": list(self.table.sheets),
            "layout": self.table.layout,
            "skipped_sheets": [s.name for s in self.table.skipped],
            "months_reported": [m for m in FISCAL_MONTHS if m in reported],
            "months_no_procurement": sorted(self._stated_months(),
                                            key=FISCAL_MONTHS.index),
            "total_agreed": round(float(data["agreed_price"].sum()), 2),
            "by_method": by_method,
            "by_month": by_month,
            "span_rows": self._span_rows(year),
            "other_year_rows": {"rows": int(other_year.sum()),
                                "amount": round(float(amounts[other_year].sum()), 2)},
            "year_end_specific": year_end_share(year, self.thresholds.year_end_months,
                                                not_awarded,
                                                self.table.span_rows(year, self.fiscal_year)),
            "concentration": concentration(year, not_awarded),
            "split_groups": sum(1 for f in self.findings if f.check == "split_purchase"),
            "unreadable": len(self.table.unreadable),
            "findings": self.counts(),
            "checks": dict(sorted(checks.items())),
        }

    def to_json(self) -> dict[str, Any]:
        """DESIGN.md §3 (``rows``, ``sheets``, ``findings``, ``summary``) plus the agency, year,
        source, its hash, the layout, the rules file and the risk note."""
        summary = self.summary()
        return jsonable({
            "agency": self.agency, "fiscal_year": self.fiscal_year, "source": self.source,
            "sha256": self.table.sha256, "layout": self.table.layout,
            "rows": summary["rows"], "sheets": summary["sheets"],
            "findings": [f.to_json() for f in self.findings],
            "summary": summary,
            "rules": {"file": relative(self.thresholds.path), "sha256": self.thresholds.sha256,
                      "thresholds": self.thresholds.describe()},
            "note": f"{RISK_NOTE} ({RISK_NOTE_EN})"})

    # ------------------------------------------------------------------ tables for the notebook

    def findings_frame(self) -> pd.DataFrame:
        """Every finding: ระดับ, การตรวจ, แผ่นงาน, แถว, เดือน, รายละเอียด, ค่าที่ควรเป็น, ค่าที่พบ."""
        return pd.DataFrame(
            [{"ระดับ": f.severity, "การตรวจ": f.check, "แผ่นงาน": f.sheet or "",
              "แถว": f.row if f.row is not None else pd.NA,
              "เดือน": month_name(f.month) if f.month else "", "รายละเอียด": f.message,
              "ค่าที่ควรเป็น": _shown(f.check, f.expected), "ค่าที่พบ": _shown(f.check, f.actual)}
             for f in self.findings],
            columns=["ระดับ", "การตรวจ", "แผ่นงาน", "แถว", "เดือน", "รายละเอียด", "ค่าที่ควรเป็น",
                     "ค่าที่พบ"]).astype({"แถว": "Int64"})

    def by_month_method(self) -> pd.DataFrame:
        """Agreed spending (agreed price, else budget) by month and method, every month of the
        fiscal year in order (October to September), with the number of rows, the total of
        each month and, for a month without rows, หมายเหตุ: whether the table states that
        nothing was bought (``แจ้งว่าไม่มีการจัดซื้อจัดจ้าง``), may hold rows of a span sheet
        that give no month of their own (their spending is in :meth:`summary`'s
        ``span_rows``, in no month) or shows nothing (``ไม่มีรายการ``). Empty (no rows) when no
        purchase has a month or a span."""
        data, amounts = self._year_data()
        frame = pd.DataFrame({"month": data["month"].to_numpy(),
                              "method": data["method_kind"].map(METHOD_TH).to_numpy(),
                              "amount": amounts.fillna(0).to_numpy()})
        frame = frame[frame["month"].notna()]
        methods = [METHOD_TH[k] for k in METHOD_TH if METHOD_TH[k] in set(frame["method"])]
        columns = ["จำนวนรายการ", *methods, "รวม", "หมายเหตุ"]
        spans = self.table.span_rows(data, self.fiscal_year)
        if frame.empty and not spans:
            return pd.DataFrame(columns=columns).rename_axis("เดือน")
        months = list(FISCAL_MONTHS)
        if frame.empty:                          # every purchase is somewhere in a span
            table = pd.DataFrame(0.0, index=months, columns=methods)
        else:
            table = frame.pivot_table(index="month", columns="method", values="amount",
                                      aggfunc="sum", fill_value=0.0)
        table = table.reindex(index=months, columns=methods, fill_value=0.0)
        table["รวม"] = table.sum(axis=1)
        counts = frame.groupby("month").size().reindex(months).fillna(0).astype(int)
        table.insert(0, "จำนวนรายการ", counts)
        stated = self._stated_months()
        in_span = {m: [sheet for sheet, span in spans.items() if m in span] for m in months}
        table["หมายเหตุ"] = ["" if counts[m] else "แจ้งว่าไม่มีการจัดซื้อจัดจ้าง" if m in stated
                             else "อาจอยู่ในรายการที่ไม่บอกเดือนของแผ่นงาน " + ", ".join(
                                 f"'{sheet}'" for sheet in in_span[m]) if in_span[m]
                             else "ไม่มีรายการ" for m in months]
        table.index = [month_name(int(m), self.fiscal_year) for m in table.index]
        table.index.name = "เดือน"
        table.columns.name = None
        return table

    def top_suppliers(self, n: int = 10) -> pd.DataFrame:
        """The ``n`` suppliers with the most agreed spending: ผู้ประกอบการ, จำนวนรายการ,
        ราคาที่ตกลงรวม (บาท), สัดส่วน (%) (of the rows :func:`concentration` counts: those
        of the audited year naming a supplier, not cancelled)."""
        data, _ = self._year_data()
        agreed = data["agreed_price"]
        usable = (agreed > 0).to_numpy(dtype=bool, na_value=False) & (data["supplier"] != "").to_numpy()
        usable &= ~not_awarded_mask(data, self.thresholds)      # the rows concentration() counts
        names = data["supplier"][usable]
        frame = pd.DataFrame({"key": names.map(supplier_key).to_numpy(), "name": names.to_numpy(),
                              "amount": agreed[usable].to_numpy()})
        columns = ["ผู้ประกอบการ", "จำนวนรายการ", "ราคาที่ตกลงรวม (บาท)", "สัดส่วน (%)"]
        if frame.empty:
            return pd.DataFrame(columns=columns)
        grouped = frame.groupby("key").agg(name=("name", lambda s: s.mode().iloc[0]),
                                           rows=("amount", "size"), amount=("amount", "sum"))
        grouped["share"] = (grouped["amount"] / grouped["amount"].sum() * 100).round(2)
        grouped = grouped.sort_values(["amount", "name"], ascending=[False, True]).head(n)
        out = grouped[["name", "rows", "amount", "share"]].reset_index(drop=True)
        out.columns = columns
        out.index = range(1, len(out) + 1)
        return out

    def price_comparison(self) -> pd.DataFrame:
        """Rows stating budget, reference and agreed price: the three and the agreed price as a
        share of each."""
        data = self.data
        full = data[data[["budget", "reference_price", "agreed_price"]].notna().all(axis=1)]
        out = pd.DataFrame({
            "แผ่นงาน": full["sheet"].to_numpy(), "แถว": full["row"].to_numpy(),
            "รายการ": full["item"].to_numpy(), "วิธี": full["method_kind"].map(METHOD_TH).to_numpy(),
            "วงเงินงบประมาณ": full["budget"].to_numpy(),
            "ราคากลาง": full["reference_price"].to_numpy(),
            "ราคาที่ตกลง": full["agreed_price"].to_numpy()})
        with np.errstate(divide="ignore", invalid="ignore"):
            out["ตกลง/กลาง (%)"] = (out["ราคาที่ตกลง"] / out["ราคากลาง"] * 100).round(2)
            out["ตกลง/งบ (%)"] = (out["ราคาที่ตกลง"] / out["วงเงินงบประมาณ"] * 100).round(2)
        return out.replace([np.inf, -np.inf], np.nan)

    def split_groups(self) -> pd.DataFrame:
        """Every row of every split-purchase group: กลุ่ม, แผ่นงาน, แถว, ผู้ประกอบการ, รายการ,
        วันที่, วงเงินที่จะซื้อหรือจ้าง (บาท) (what the rule adds up: the budget, else the
        agreed price), ราคาที่ตกลง (บาท), and วงเงินรวมในกลุ่ม (บาท), the sum of the first."""
        columns = ["กลุ่ม", "แผ่นงาน", "แถว", "ผู้ประกอบการ", "รายการ", "วันที่",
                   "วงเงินที่จะซื้อหรือจ้าง (บาท)", "ราคาที่ตกลง (บาท)", "วงเงินรวมในกลุ่ม (บาท)"]
        groups = [f for f in self.findings if f.check == "split_purchase" and f.rows]
        if not groups:
            return pd.DataFrame(columns=columns)
        data = self.data.reset_index(drop=True)
        days = purchase_days(data, self.fiscal_year)
        position = {(s, int(r)): i for i, (s, r) in enumerate(zip(data["sheet"], data["row"]))}
        records = []
        for number, finding in enumerate(groups, start=1):
            for sheet, row in finding.rows or ():
                i = position[(sheet, row)]
                budget, agreed = data.at[i, "budget"], data.at[i, "agreed_price"]
                records.append({"กลุ่ม": number, "แผ่นงาน": sheet, "แถว": row,
                                "ผู้ประกอบการ": data.at[i, "supplier"], "รายการ": data.at[i, "item"],
                                "วันที่": format_value(days.iloc[i].date())     # 06/04/2568
                                if pd.notna(days.iloc[i]) else None,
                                "วงเงินที่จะซื้อหรือจ้าง (บาท)": agreed if pd.isna(budget) else budget,
                                "ราคาที่ตกลง (บาท)": agreed,
                                "วงเงินรวมในกลุ่ม (บาท)": finding.actual})
        return pd.DataFrame(records, columns=columns)

    def normalised(self) -> pd.DataFrame:
        """The table to save (English column names of :data:`FRAME_COLUMNS`)."""
        return normalised_frame(self.table)


def _shown(check: str, value: Any) -> str:
    """A finding's expected or found value as the record shows it: the shares of the
    year-end and concentration checks (fractions in the JSON) as the message writes them,
    ``ร้อยละ 29.3``; anything else by :func:`format_value`."""
    if check == "year_end_specific" and isinstance(value, float):
        return percent(value)
    if check == "vendor_concentration" and isinstance(value, dict):
        return f"รายใหญ่สุด {percent(value['top_share'])}; HHI {value['hhi']:,.0f}"
    return format_value(value)


# --------------------------------------------------------------------------- saving

def normalised_frame(table: ProcurementTable) -> pd.DataFrame:
    """The table's frame in :data:`FRAME_COLUMNS` order, rows in sheet and row order."""
    frame = table.frame.loc[:, list(FRAME_COLUMNS)]
    order = {name: index for index, name in enumerate(table.sheets)}
    position = frame["sheet"].map(order).to_numpy()
    return frame.iloc[np.lexsort((frame["row"].to_numpy(), position))].reset_index(drop=True)


def write_normalised(table: ProcurementTable, path: Path) -> Path:
    """Write the normalised table as UTF-8 TSV, atomically and deterministically: no index,
    amounts with two decimals, ISO dates, empty cells for missing values, ``true``/``false``
    for the no-procurement flag; tabs and newlines inside cells become spaces."""
    frame = normalised_frame(table).copy()
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].astype(str).str.replace(r"[\t\r\n]+", " ", regex=True)
    frame["no_procurement"] = np.where(frame["no_procurement"].to_numpy(), "true", "false")
    text = frame.to_csv(sep="\t", index=False, float_format="%.2f", date_format="%Y-%m-%d",
                        lineterminator="\n", na_rep="", quoting=csv.QUOTE_MINIMAL)
    return atomic_write_text(Path(path), text)


# --------------------------------------------------------------------------- entry point

def run_procurement_audit(path: str | Path, fiscal_year: int, *, agency: str = "agency",
                          thresholds: Thresholds | None = None) -> ProcurementAudit:
    """Read a procurement table (a repo-relative path works in notebooks) and run every check
    for ``fiscal_year`` (BE)."""
    check_agency(agency)
    rules = thresholds or load_thresholds()
    table = load_procurement(resolve(path))
    findings = check_procurement(table, int(fiscal_year), rules)
    return ProcurementAudit(table=table, findings=findings, agency=agency,
                            fiscal_year=int(fiscal_year), source=relative(resolve(path)),
                            thresholds=rules)
