"""Checks on a procurement table (:mod:`ita_audit.procurement.read`), vectorised with pandas.

Every finding names the sheet and the spreadsheet row (header and title rows counted), or the
rows of a group, so an auditor can go straight to them. Severities, thresholds and phrases are
data (:mod:`ita_audit.procurement.thresholds`); the check ids are those of
:mod:`ita_audit.procurement.rules`. A flag marks a risk, not proof.

Rules
=====
- **required_field**: the values each layout requires (``required_fields`` in the rules file)
  are stated; a row lacking core values (item, budget, method, supplier, agreed price) is an
  error, lacking the other published columns a warning; a column the layout requires that the
  sheet lacks is one finding at its header row. Rows whose status says the purchase was
  cancelled or is not yet signed need no supplier, price or contract.
- **amount**: every amount, date and year can be read; a formula without a cached value is
  unreadable (formulas are never evaluated).
- **price_above_budget**, **price_above_reference**, **reference_above_budget**: agreed price
  against budget and reference price, reference price against budget (a tolerance of
  ``price_tolerance`` baht).
- **method_threshold**: the specific method (วิธีเฉพาะเจาะจง) above ``specific_method_limit``
  (the budget, else the agreed price) is an error unless the row's method, reason or item
  states an exception of มาตรา 56 วรรคหนึ่ง (2) (a phrase of the rules file, or the clause
  cited, e.g. "ม.56(2)(ค)").
- **no_contract_threshold**: a purchase above ``no_contract_limit`` (the agreed price, else
  the budget) without a contract or agreement number, where the sheet has that column.
- **split_purchase**: rows of one supplier (its name without legal-form words) and one item
  (pythainlp tokens, without numbering such as "ชุดที่ 2", quantities and purchase verbs), each
  with a value (the budget, วงเงินที่จะซื้อหรือจ้าง, else the agreed price) of at most
  ``split_threshold``, dated (contract date, else start, else the first of the row's
  month) within ``split_window_days`` of the group's first, and together above the
  threshold. Rows are sorted by (key, day) once; the end of each row's window comes from one
  ``searchsorted`` and its total from a cumulative sum, so the grouping is O(n log n); groups
  are taken greedily from the earliest row and do not overlap. One finding per group.
- **tax_id**: a stated tax ID has 13 digits and a valid check digit.
- **duplicate**: the same row twice (every normalised value equal; an error), or one project
  number on different rows (a warning: one e-GP project may have several lots). One finding per
  group, at its second row.
- **contract_dates**: a contract ending before it starts (error); a contract signed (contract
  date, else start) outside the fiscal year audited (warning).
- **fiscal_year**: a row's ปีงบประมาณ is the year audited, and so is the month and year a
  sheet's name gives ("ต.ค. 65" is of 2566); such a sheet's months do not count as reported.
- **month_missing**: each month of the fiscal year, up to the last month reported, has rows or
  a no-procurement statement. A row's month is its sheet's (a sheet named "ต.ค. 67"), its
  เดือน column, or its contract date when that lies in the fiscal year. A sheet named for a
  span of months ("ต.ค.-ธ.ค. 66") is no one month's: its rows take theirs from the column or
  a contract date inside the span; a row left without one reports no month (a missing month
  of the span says that such rows may be its), while a span sheet's no-procurement statement
  reports every month of the span, and a no-procurement line among its purchases the month
  its text names.
- **year_end_specific**: the share of specific-method spending in ``year_end_months``
  (info; a warning above ``year_end_share_warning``).
- **vendor_concentration**: the top supplier's share of agreed spending and the HHI (shares in
  percent, 0–10,000) (info; a warning above either threshold).
- **sheet_skipped**: a non-empty sheet that is neither a table nor a statement.
- **date_order**: one export writes every sheet in one order, so the table's numeric dates
  are read in the order most of its cells take (``values.table_date_order``: a cell that can
  only be read one way gives it two votes; a monthly sheet's contract date that fits both
  gives one vote to the order that puts it in the sheet's month, and a เดือน column's date to
  the order that makes it the first of a month; ties go to day first, as Thai forms write
  dates). A table read month first gets one finding, with a cell that shows it; a table with
  cells of both orders gets one finding, with a cell of the order not taken (those cells are
  unreadable, each reported by ``amount``).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
from pythainlp.tokenize import word_tokenize
from pythainlp.util.date import thai_full_months

from ita_audit.findings import SEVERITIES, jsonable
from ita_audit.procurement.columns import FIELD_LABELS, QUALIFIED_STATEMENT, labels
from ita_audit.procurement.read import SPAN, ProcurementTable, Unreadable
from ita_audit.procurement.thresholds import Thresholds
from ita_audit.procurement.values import (
    DAY_FIRST,
    MONTH_FIRST,
    map_unique,
    months_stated,
    supplier_key,
)
from ita_audit.thai import fiscal_year_bounds, thai_date, to_arabic_digits
from ita_audit.util.text import one_line

FISCAL_MONTHS = (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)
_ROW_SPAN = 10_000_000              # row keys: sheet position × span + row number
_DAY_SPAN = 1_000_000               # split keys: group × span + day number
_LAYOUT_TH = {"ita": "รายการจัดซื้อจัดจ้างแบบ ITA", "sorkhor1": "แบบ สขร.1"}
_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class ProcurementFinding:
    """One flag: which check, how severe, what (in Thai), and where (sheet, row or rows of a
    group, month), with the expected and the actual value."""

    check: str
    severity: str
    message: str
    sheet: str | None = None
    row: int | None = None
    rows: tuple[tuple[str, int], ...] | None = None
    month: int | None = None
    expected: Any = None
    actual: Any = None

    def to_json(self) -> dict[str, Any]:
        """DESIGN.md §3: ``check``, ``severity``, ``message``, ``sheet``, ``row`` always;
        ``rows`` (as ``{"sheet", "row"}`` objects), ``month``, ``expected`` and ``actual``
        when set."""
        out: dict[str, Any] = {"check": self.check, "severity": self.severity,
                               "message": self.message, "sheet": self.sheet, "row": self.row}
        if self.rows is not None:
            out["rows"] = [{"sheet": s, "row": r} for s, r in self.rows]
        for key in ("month", "expected", "actual"):
            value = getattr(self, key)
            if value is not None:
                out[key] = jsonable(value)
        return out


def sort_findings(findings: Iterable[ProcurementFinding],
                  sheets: Sequence[str]) -> list[ProcurementFinding]:
    """Errors, then warnings, then notes; within each, by sheet order (findings on no sheet
    last), row, check and message."""
    order = {name: index for index, name in enumerate(sheets)}

    def key(f: ProcurementFinding) -> tuple[Any, ...]:
        return (_SEVERITY_RANK.get(f.severity, 9), order.get(f.sheet, len(order)) if f.sheet
                is not None else len(order) + 1, f.row if f.row is not None else -1,
                f.month or 0, f.check, f.message)

    return sorted(findings, key=key)


# --------------------------------------------------------------------------- formatting

def baht(value: float | None) -> str:
    """``1,234.50 บาท``; "-" for a missing amount."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "-"
    return f"{value:,.2f} บาท"


def percent(share: float) -> str:
    """A share (a fraction, as the JSON keeps it) as the record writes it: ``ร้อยละ 29.3``
    (one decimal, none for a whole number: ``ร้อยละ 35``)."""
    return f"ร้อยละ {share * 100:.1f}".removesuffix(".0")


def where(sheet: str, row: int) -> str:
    """``แผ่นงาน 'ต.ค. 67' แถว 5``."""
    return f"แผ่นงาน '{sheet}' แถว {row}"


def month_name(month: int, fiscal_year: int | None = None) -> str:
    """``ตุลาคม 2566`` (the month's BE calendar year within the fiscal year), or the bare name."""
    name = thai_full_months[month - 1]
    if fiscal_year is None:
        return name
    return f"{name} {fiscal_year - 1 if month >= 10 else fiscal_year}"


def _rows_text(rows: Sequence[tuple[str, int]]) -> str:
    by_sheet: dict[str, list[int]] = {}
    for sheet, row in rows:
        by_sheet.setdefault(sheet, []).append(row)
    return "; ".join(f"แผ่นงาน '{s}' แถว {', '.join(map(str, r))}" for s, r in by_sheet.items())


def _day(value: Any) -> date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()


def _int(value: Any) -> int | None:
    return None if pd.isna(value) else int(value)


# --------------------------------------------------------------------------- context

def not_awarded_mask(data: pd.DataFrame, thresholds: Thresholds) -> np.ndarray:
    """Rows whose status says the purchase was cancelled or is not yet signed (the rules'
    ``not_awarded`` phrases): no winner or price is expected of them."""
    pattern = re.compile("|".join(re.escape(p) for p in thresholds.not_awarded_phrases))
    return map_unique(data["status"], lambda s: bool(pattern.search(s)),
                      missing=False).to_numpy(dtype=bool)


class _Context:
    """The table, the year, the rules and the masks several checks share."""

    def __init__(self, table: ProcurementTable, fiscal_year: int, thresholds: Thresholds):
        self.table = table
        self.fy = fiscal_year
        self.t = thresholds
        self.data = table.frame[~table.frame["no_procurement"].to_numpy()].reset_index(drop=True)
        self.sheet_pos = {name: index for index, name in enumerate(table.sheets)}

    @cached_property
    def keys(self) -> np.ndarray:
        """One int64 per data row: its sheet's position × span + its row number."""
        positions = self.data["sheet"].map(self.sheet_pos).to_numpy(dtype=np.int64)
        return positions * _ROW_SPAN + self.data["row"].to_numpy(dtype=np.int64)

    def key_of(self, sheet: str, row: int) -> int:
        return self.sheet_pos.get(sheet, -1) * _ROW_SPAN + row

    @cached_property
    def not_awarded(self) -> np.ndarray:
        """Rows whose status says cancelled or not yet signed."""
        return not_awarded_mask(self.data, self.t)

    @cached_property
    def of_year(self) -> np.ndarray:
        """Data rows of the audited year (:meth:`ProcurementTable.of_year`)."""
        return self.table.of_year(self.data, self.fy)

    def year_data(self) -> tuple[pd.DataFrame, np.ndarray, str]:
        """The data rows of the audited year, their not-awarded mask, and what a finding on
        them says of the rows left out ("" when none is)."""
        own = self.of_year
        if own.all():
            return self.data, self.not_awarded, ""
        return (self.data[own], self.not_awarded[own],
                f" (ไม่นับ {int((~own).sum()):,} รายการของปีงบประมาณอื่น)")

    @cached_property
    def unreadable_by_field(self) -> dict[str, np.ndarray]:
        """Field -> mask of data rows whose value of that field could not be read."""
        found: dict[str, list[int]] = {}
        for entry in self.table.unreadable:
            found.setdefault(entry.column, []).append(self.key_of(entry.sheet, entry.row))
        return {f: np.isin(self.keys, np.array(k, dtype=np.int64)) for f, k in found.items()}

    @cached_property
    def _key_index(self) -> tuple[np.ndarray, np.ndarray]:
        order = np.argsort(self.keys, kind="stable")
        return order, self.keys[order]

    def position_of(self, sheet: str, row: int) -> int | None:
        """The data-row position of a sheet and row (None when it is not a data row)."""
        order, ordered = self._key_index
        key = self.key_of(sheet, row)
        at = int(np.searchsorted(ordered, key))
        return int(order[at]) if at < len(order) and ordered[at] == key else None

    def month_at(self, sheet: str, row: int) -> int | None:
        position = self.position_of(sheet, row)
        return None if position is None else _int(self.column("month")[position])

    def sheet_has(self, field: str) -> np.ndarray:
        """Mask of data rows whose sheet has a column giving ``field``."""
        having = [info.name for info in self.table.sheet_info if field in info.fields]
        return self.data["sheet"].isin(having).to_numpy()

    @cached_property
    def purchase_amount(self) -> np.ndarray:
        """The value of a purchase for the method limit: the budget, else the agreed price."""
        return self.data["budget"].fillna(self.data["agreed_price"]).to_numpy(dtype=float)

    @cached_property
    def spent(self) -> np.ndarray:
        """The value actually agreed: the agreed price, else the budget."""
        return self.data["agreed_price"].fillna(self.data["budget"]).to_numpy(dtype=float)

    @cached_property
    def _arrays(self) -> dict[str, np.ndarray]:
        return {column: self.data[column].to_numpy() for column in self.data.columns}

    def column(self, name: str) -> np.ndarray:
        """One column of the data rows as an array."""
        return self._arrays[name]

    def row(self, index: int) -> dict[str, Any]:
        """Data row ``index`` as a dict (cheaper than ``DataFrame.iloc`` one row at a time)."""
        return {column: values[index] for column, values in self._arrays.items()}

    def finding(self, check: str, case: str, message: str, index: int | None = None,
                **extra: Any) -> ProcurementFinding:
        """A finding on data row ``index`` (sheet, row and month filled in), or on none."""
        if index is not None:
            row = self.row(index)
            extra.setdefault("sheet", row["sheet"])
            extra.setdefault("row", int(row["row"]))
            extra.setdefault("month", _int(row["month"]))
        return ProcurementFinding(check, self.t.severity(check, case), message, **extra)


def check_procurement(table: ProcurementTable, fiscal_year: int,
                      thresholds: Thresholds) -> list[ProcurementFinding]:
    """Run every check on a table read for ``fiscal_year`` (BE) with the given rules; the
    findings sorted by severity, sheet and row."""
    ctx = _Context(table, int(fiscal_year), thresholds)
    findings: list[ProcurementFinding] = []
    for check in (_skipped_sheets, _missing_columns, _date_order, _required_values, _unreadable,
                  _negative_amounts, _prices,
                  _method_threshold, _no_contract, _tax_ids, _duplicates, _contract_dates,
                  _fiscal_years, _split_purchases, _months, _statements_with_rows, _year_end,
                  _concentration):
        findings.extend(check(ctx))
    return sort_findings(findings, table.sheets)


# --------------------------------------------------------------------------- sheets, columns

def _skipped_sheets(ctx: _Context) -> Iterator[ProcurementFinding]:
    for info in ctx.table.skipped:
        found = ", ".join(info.found[:8]) or "ไม่มี"
        yield ctx.finding("sheet_skipped", "skipped",
                          f"แผ่นงาน '{info.name}' ไม่ใช่ตารางจัดซื้อจัดจ้างและไม่มีข้อความว่าไม่มีการจัดซื้อ"
                          f"จัดจ้าง จึงไม่ได้ตรวจ (ข้อความหัวตารางที่พบ: {found})", sheet=info.name,
                          expected="ตารางจัดซื้อจัดจ้าง", actual=list(info.found[:8]))


def _missing_columns(ctx: _Context) -> Iterator[ProcurementFinding]:
    for info in ctx.table.sheet_info:
        if info.status != "table" or info.layout is None:
            continue
        for level in ("core", "secondary"):
            missing = [f for f in ctx.t.required_fields[info.layout][level]
                       if f not in info.fields]
            if missing:
                yield ctx.finding(
                    "required_field", level,
                    f"แผ่นงาน '{info.name}' ไม่มีคอลัมน์ {labels(missing)} ที่{_LAYOUT_TH[info.layout]}"
                    " ต้องมี จึงตรวจค่าในคอลัมน์นั้นไม่ได้", sheet=info.name, row=info.header_row,
                    expected=[FIELD_LABELS[f] for f in missing], actual=None)


def _blank(ctx: _Context, field: str) -> np.ndarray:
    """Data rows with no value in ``field`` (an unreadable value is not blank)."""
    values = ctx.data[field]
    if values.dtype == object:
        blank = (values == "").to_numpy()
    else:
        blank = values.isna().to_numpy()
    bad = ctx.unreadable_by_field.get(field)
    return blank & ~bad if bad is not None else blank


def _required_values(ctx: _Context) -> Iterator[ProcurementFinding]:
    layouts = {info.name: info.layout for info in ctx.table.sheet_info if info.status == "table"}
    sheet_layout = ctx.data["sheet"].map(layouts).to_numpy()
    for level in ("core", "secondary"):
        fields: list[str] = sorted({f for layout in set(layouts.values()) if layout
                                    for f in ctx.t.required_fields[layout][level]},
                                   key=list(FIELD_LABELS).index)
        masks = []
        for field in fields:
            applies = np.zeros(len(ctx.data), dtype=bool)
            for layout in {lay for lay in layouts.values() if lay}:
                if field in ctx.t.required_fields[layout][level]:
                    applies |= sheet_layout == layout
            applies &= ctx.sheet_has(field)
            if field in ctx.t.not_awarded_exempt:
                applies &= ~ctx.not_awarded
            masks.append(applies & _blank(ctx, field))
        if not masks:
            continue
        stacked = np.vstack(masks)
        for index in np.flatnonzero(stacked.any(axis=0)):
            missing = [fields[i] for i in np.flatnonzero(stacked[:, index])]
            row = ctx.row(index)
            yield ctx.finding("required_field", level,
                              f"{where(row['sheet'], int(row['row']))}: ไม่มีค่าในคอลัมน์ "
                              f"{labels(missing)}", index,
                              expected=[FIELD_LABELS[f] for f in missing], actual=None)


_ORDER_TH = {DAY_FIRST: "วัน/เดือน/ปี", MONTH_FIRST: "เดือน/วัน/ปี"}


def _date_order(ctx: _Context) -> Iterator[ProcurementFinding]:
    said = ctx.table.date_order
    if said is None:
        return
    cell = said.example
    shown = f"'{one_line(cell.value)}' ({where(cell.sheet, cell.row)} คอลัมน์ " \
            f"{_header_text(ctx, cell.sheet, cell.field)})"
    if said.order == MONTH_FIRST:
        why = {"only": "อ่านแบบวัน/เดือน/ปีไม่ได้",
               "sheet": "ตรงกับเดือนของชื่อแผ่นงาน (หรืออยู่ในช่วงเดือนที่ชื่อแผ่นงานระบุ) "
                        "เมื่ออ่านแบบเดือน/วัน/ปีเท่านั้น",
               "first_day": "เป็นวันที่ 1 ของเดือนอย่างวันที่ในคอลัมน์เดือนเมื่ออ่านแบบเดือน/วัน/ปีเท่านั้น",
               }[said.why]
        message = (f"วันที่ในไฟล์นี้เขียนแบบเดือนก่อนวัน: {shown} {why} และวันที่ส่วนใหญ่ไม่ขัดกับแบบนั้น "
                   "จึงอ่านวันที่ทั้งไฟล์แบบเดือน/วัน/ปี: ตรวจกับเอกสารต้นฉบับว่าอ่านถูก")
        expected = _ORDER_TH[DAY_FIRST]
    else:
        how = (" และไม่มีแบบใดมากกว่า จึงอ่านทั้งไฟล์แบบวัน/เดือน/ปีตามแบบฟอร์ม" if said.tie else
               f" วันที่ส่วนใหญ่เป็นแบบ{_ORDER_TH[said.read]} จึงอ่านทั้งไฟล์แบบนั้น")
        message = (f"ไฟล์นี้มีวันที่ทั้งแบบวันก่อนเดือนและแบบเดือนก่อนวัน{how} ค่าที่อ่านแบบนั้นไม่ได้ "
                   f"(เช่น {shown}) รายงานแยกเป็นรายแถว และวันที่อื่นอาจสลับวันกับเดือน: "
                   "ตรวจกับเอกสารต้นฉบับ")
        expected = _ORDER_TH[said.read]
    yield ctx.finding("date_order", said.order, message, sheet=cell.sheet, row=cell.row,
                      expected=expected, actual=one_line(cell.value))


def _unreadable(ctx: _Context) -> Iterator[ProcurementFinding]:
    for entry in ctx.table.unreadable:
        yield _unreadable_finding(ctx, entry)


def _negative_amounts(ctx: _Context) -> Iterator[ProcurementFinding]:
    """A negative budget or price ("-600000") is no price: it would lower the totals."""
    for field in ("budget", "reference_price", "agreed_price"):
        values = ctx.data[field].to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            negative = np.flatnonzero(values < 0)
        for index in negative:
            row = ctx.row(index)
            label = _header_text(ctx, row["sheet"], field)
            yield ctx.finding("amount", "negative", f"{where(row['sheet'], int(row['row']))}: "
                              f"{label} {baht(values[index])} ติดลบ ไม่ใช่ราคาหรือวงเงิน",
                              index, expected="จำนวนเงินไม่ติดลบ", actual=float(values[index]))


def _header_text(ctx: _Context, sheet: str, field: str) -> str:
    """The header of ``field`` as the sheet writes it (the สขร.1 cell that holds it), else the
    field's usual Thai name."""
    columns = ctx.table.info(sheet).columns
    for name in (field, *(combined for combined, parts in _COMBINED.items() if field in parts)):
        if name in columns:
            return columns[name]
    return FIELD_LABELS.get(field, field)


_COMBINED = {"supplier_and_price": ("supplier", "agreed_price"),
             "contract_no_date": ("contract_no", "contract_date")}


def _unreadable_finding(ctx: _Context, entry: Unreadable) -> ProcurementFinding:
    label = _header_text(ctx, entry.sheet, entry.column)
    if entry.raw.startswith("="):
        what = f"เป็นสูตร '{entry.raw}' ที่ไม่มีค่าที่คำนวณไว้ในไฟล์ (โปรแกรมไม่คำนวณสูตร)"
    else:
        what = f"'{entry.raw}' ไม่ใช่{'วันที่' if 'date' in entry.column or 'contract_' in entry.column else 'ปี' if entry.column == 'fiscal_year' else 'จำนวนเงิน'}ที่อ่านได้"
    return ctx.finding("amount", "unreadable", f"{where(entry.sheet, entry.row)}: ค่าในคอลัมน์ "
                       f"{label} {what}", sheet=entry.sheet, row=entry.row,
                       month=ctx.month_at(entry.sheet, entry.row), expected=label,
                       actual=entry.raw)


# --------------------------------------------------------------------------- prices, method

def _prices(ctx: _Context) -> Iterator[ProcurementFinding]:
    tol = ctx.t.price_tolerance
    budget = ctx.data["budget"].to_numpy(dtype=float)
    reference = ctx.data["reference_price"].to_numpy(dtype=float)
    agreed = ctx.data["agreed_price"].to_numpy(dtype=float)
    pairs = (("price_above_budget", agreed, budget, "ราคาที่ตกลงซื้อหรือจ้าง", "วงเงินงบประมาณ"),
             ("price_above_reference", agreed, reference, "ราคาที่ตกลงซื้อหรือจ้าง", "ราคากลาง"),
             ("reference_above_budget", reference, budget, "ราคากลาง", "วงเงินงบประมาณ"))
    for check, high, limit, high_th, limit_th in pairs:
        with np.errstate(invalid="ignore"):
            flagged = np.flatnonzero(high > limit + tol)
        for index in flagged:
            row = ctx.row(index)
            yield ctx.finding(check, "above",
                              f"{where(row['sheet'], int(row['row']))}: {high_th} "
                              f"{baht(high[index])} สูงกว่า{limit_th} {baht(limit[index])}",
                              index, expected=float(limit[index]), actual=float(high[index]))


def _normalised_text(text: str) -> str:
    return re.sub(r"\s+", "", to_arabic_digits(text))


def _method_threshold(ctx: _Context) -> Iterator[ProcurementFinding]:
    limit = ctx.t.specific_method_limit
    specific = (ctx.data["method_kind"] == "specific").to_numpy()
    with np.errstate(invalid="ignore"):
        over = specific & (ctx.purchase_amount > limit)
    phrases = ctx.t.all_exception_phrases()
    for index in np.flatnonzero(over):
        row = ctx.row(index)
        text = _normalised_text(" ".join((row["method"], row["reason"], row["item"])))
        if ctx.t.exception_citation.search(text) or any(p in text for p in phrases):
            continue
        basis = "วงเงินงบประมาณ" if not pd.isna(row["budget"]) else "ราคาที่ตกลงซื้อหรือจ้าง"
        yield ctx.finding("method_threshold", "above_limit",
                          f"{where(row['sheet'], int(row['row']))}: ใช้วิธีเฉพาะเจาะจงกับ{basis} "
                          f"{baht(ctx.purchase_amount[index])} เกิน {baht(limit)} โดยไม่ระบุเหตุยกเว้น"
                          "ตามมาตรา 56 วรรคหนึ่ง (2) (ก) (ค)–(ซ)", index, expected=limit,
                          actual=float(ctx.purchase_amount[index]))


def _no_contract(ctx: _Context) -> Iterator[ProcurementFinding]:
    limit = ctx.t.no_contract_limit
    with np.errstate(invalid="ignore"):
        over = ctx.spent > limit
    flagged = (over & ctx.sheet_has("contract_no") & ~ctx.not_awarded
               & (ctx.data["contract_no"] == "").to_numpy())
    if "contract_date" in ctx.unreadable_by_field:
        flagged &= ~ctx.unreadable_by_field["contract_date"]
    for index in np.flatnonzero(flagged):
        row = ctx.row(index)
        yield ctx.finding("no_contract_threshold", "no_contract",
                          f"{where(row['sheet'], int(row['row']))}: จัดซื้อจัดจ้าง "
                          f"{baht(ctx.spent[index])} เกิน {baht(limit)} แต่ไม่ระบุเลขที่สัญญาหรือ"
                          "ข้อตกลง", index, expected="เลขที่สัญญาหรือข้อตกลง",
                          actual=float(ctx.spent[index]))


# --------------------------------------------------------------------------- tax IDs, duplicates

def tax_id_checks(ids: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(wrong length, wrong check digit) masks over a column of digit strings ("" = none)."""
    lengths = ids.str.len().to_numpy()
    stated = lengths > 0
    wrong_length = stated & (lengths != 13)
    thirteen = np.flatnonzero(lengths == 13)
    wrong_digit = np.zeros(len(ids), dtype=bool)
    if len(thirteen):
        joined = "".join(ids.iloc[thirteen].tolist()).encode("ascii", "replace")
        digits = (np.frombuffer(joined, dtype=np.uint8).reshape(-1, 13).astype(np.int64) - 48)
        bad_char = ((digits < 0) | (digits > 9)).any(axis=1)
        weights = np.arange(13, 1, -1, dtype=np.int64)
        check = (11 - (digits[:, :12] * weights).sum(axis=1) % 11) % 10
        wrong_digit[thirteen] = bad_char | (check != digits[:, 12])
    return wrong_length, wrong_digit


def _tax_ids(ctx: _Context) -> Iterator[ProcurementFinding]:
    ids = ctx.data["tax_id"].astype(str)
    wrong_length, wrong_digit = tax_id_checks(ids)
    for index in np.flatnonzero(wrong_length | wrong_digit):
        row = ctx.row(index)
        value = row["tax_id"]
        if wrong_length[index]:
            case, what = "length", f"มี {len(value)} หลัก ไม่ใช่ 13 หลัก"
        else:
            case, what = "check_digit", f"เลขตรวจสอบ (หลักที่ 13) ผิด ควรเป็น {_check_digit(value)}"
        supplier = f" ของ '{row['supplier']}'" if row["supplier"] else ""
        yield ctx.finding("tax_id", case, f"{where(row['sheet'], int(row['row']))}: เลขประจำตัว"
                          f"ผู้เสียภาษี {value}{supplier} {what}", index,
                          expected="13 หลัก เลขตรวจสอบถูกต้อง", actual=value)


def _check_digit(value: str) -> str:
    total = sum(int(d) * (13 - i) for i, d in enumerate(value[:12]))
    return str((11 - total % 11) % 10)


_DUPLICATE_COLUMNS = ("item", "budget", "source_of_funds", "status", "method", "reference_price",
                      "agreed_price", "supplier", "tax_id", "project_no", "fiscal_year",
                      "contract_no", "contract_date", "contract_start", "contract_end")


def _groups(codes: np.ndarray, members: np.ndarray) -> list[np.ndarray]:
    """Positions grouped by code (only ``members``), each group in position order."""
    positions = np.flatnonzero(members)
    if not len(positions):
        return []
    order = np.argsort(codes[positions], kind="stable")
    sorted_pos, sorted_codes = positions[order], codes[positions][order]
    cuts = np.flatnonzero(np.diff(sorted_codes)) + 1
    return np.split(sorted_pos, cuts)


def _same_rows(data: pd.DataFrame) -> np.ndarray:
    """A code per row, equal for rows whose every value of :data:`_DUPLICATE_COLUMNS` is equal,
    -1 for rows equal to no other. Rows can only be equal where a cheap key (item, amounts,
    project) repeats, so every value is hashed only there."""
    codes = np.full(len(data), -1, dtype=np.int64)
    quick = pd.util.hash_pandas_object(data[["item", "budget", "agreed_price", "project_no"]],
                                       index=False)
    maybe = quick.duplicated(keep=False).to_numpy()
    if maybe.any():
        full = pd.util.hash_pandas_object(data.loc[maybe, list(_DUPLICATE_COLUMNS)],
                                          index=False)
        repeated = full.duplicated(keep=False).to_numpy()
        found, _ = pd.factorize(full[repeated])
        codes[np.flatnonzero(maybe)[repeated]] = found
    return codes


def _duplicates(ctx: _Context) -> Iterator[ProcurementFinding]:
    data = ctx.data
    if len(data) < 2:
        return
    sheets, numbers = ctx.column("sheet"), ctx.column("row")
    same = _same_rows(data)
    for group in _groups(same, same >= 0):
        rows = [(sheets[i], int(numbers[i])) for i in group]
        yield ctx.finding("duplicate", "same_row",
                          f"{where(*rows[1])}: ซ้ำกับ{_rows_text(rows[:1])} ทุกค่า "
                          f"('{data.at[group[0], 'item']}', {baht(data.at[group[0], 'agreed_price'])})"
                          + (f" รวม {len(rows)} แถว: {_rows_text(rows)}" if len(rows) > 2 else ""),
                          int(group[1]), rows=tuple(rows), expected="ไม่ซ้ำ", actual=len(rows))
    later_copy = np.zeros(len(data), dtype=bool)
    later_copy[same >= 0] = pd.Series(same[same >= 0]).duplicated(keep="first").to_numpy()
    projects = data["project_no"].to_numpy(dtype=object)
    stated = ~later_copy & projects.astype(bool)
    if not stated.any():
        return
    codes, _ = pd.factorize(pd.Series(projects))
    counts = np.bincount(codes[stated], minlength=int(codes.max()) + 1)
    repeated = stated & (counts[codes] > 1)
    for group in _groups(codes, repeated):
        rows = [(sheets[i], int(numbers[i])) for i in group]
        number = projects[group[0]]
        yield ctx.finding("duplicate", "same_project",
                          f"{where(*rows[1])}: เลขที่โครงการ {number} ซ้ำกับแถวอื่น "
                          f"({len(rows)} แถว: {_rows_text(rows)})", int(group[1]),
                          rows=tuple(rows), expected="เลขที่โครงการไม่ซ้ำ", actual=number)


# --------------------------------------------------------------------------- dates, years

def _contract_dates(ctx: _Context) -> Iterator[ProcurementFinding]:
    start, end = ctx.data["contract_start"], ctx.data["contract_end"]
    backwards = (end < start).to_numpy()
    for index in np.flatnonzero(backwards):
        row = ctx.row(index)
        yield ctx.finding("contract_dates", "end_before_start",
                          f"{where(row['sheet'], int(row['row']))}: วันที่สิ้นสุดสัญญา "
                          f"{thai_date(_day(row['contract_end']), 'numeric')} อยู่ก่อนวันที่เริ่มต้นสัญญา "
                          f"{thai_date(_day(row['contract_start']), 'numeric')}", index,
                          expected=_day(row["contract_start"]),   # the earliest end
                          actual=_day(row["contract_end"]))
    first, last = fiscal_year_bounds(ctx.fy)
    signed = ctx.data["contract_date"].fillna(ctx.data["contract_start"])
    outside = (signed.notna() & ((signed < pd.Timestamp(first))
                                 | (signed > pd.Timestamp(last)))).to_numpy()
    for index in np.flatnonzero(outside):
        row = ctx.row(index)
        day = _day(signed.iloc[index])
        label = "วันที่ทำสัญญา" if not pd.isna(row["contract_date"]) else "วันที่เริ่มต้นสัญญา"
        yield ctx.finding("contract_dates", "outside_year",
                          f"{where(row['sheet'], int(row['row']))}: {label} "
                          f"{thai_date(day, 'numeric')} อยู่นอกปีงบประมาณ {ctx.fy} "
                          f"({thai_date(first, 'numeric')}–{thai_date(last, 'numeric')})", index,
                          expected=(first, last), actual=day)


def _fiscal_years(ctx: _Context) -> Iterator[ProcurementFinding]:
    other = ctx.table.sheets_of_other_years(ctx.fy)
    for sheet in ctx.table.sheet_info:
        if sheet.name in other:
            years = " และ ".join(map(str, sheet.fiscal_years))
            yield ctx.finding("fiscal_year", "sheet_year",
                              f"แผ่นงาน '{sheet.name}' เป็นของปีงบประมาณ {years} ไม่ใช่ปี "
                              f"{ctx.fy} ที่ตรวจ (ตามเดือนและปีในชื่อแผ่นงาน) จึงไม่นับเดือนของ"
                              "แผ่นงานนี้ว่ารายงานแล้ว", sheet=sheet.name, expected=ctx.fy,
                              actual=sheet.fiscal_years[0] if len(sheet.fiscal_years) == 1
                              else list(sheet.fiscal_years))
    years = ctx.data["fiscal_year"]
    other = (years.notna() & (years != ctx.fy)).to_numpy(dtype=bool, na_value=False)
    for index in np.flatnonzero(other):
        row = ctx.row(index)
        yield ctx.finding("fiscal_year", "other_year",
                          f"{where(row['sheet'], int(row['row']))}: ปีงบประมาณ {int(row['fiscal_year'])} "
                          f"ไม่ใช่ปี {ctx.fy} ที่ตรวจ", index, expected=ctx.fy,
                          actual=int(row["fiscal_year"]))
    # a เดือน cell of another fiscal year ("ต.ค. 65" in a 2567 table), not said above
    cell = ((ctx.data["month_source"] == "column").to_numpy() & ~ctx.of_year & ~other
            & ctx.data["month_year"].notna().to_numpy())
    for index in np.flatnonzero(cell):
        row = ctx.row(index)
        month, year = int(row["month"]), int(row["month_year"])
        fiscal = year + (month >= 10)
        yield ctx.finding("fiscal_year", "other_year",
                          f"{where(row['sheet'], int(row['row']))}: เดือน {month_name(month)} "
                          f"{year} เป็นของปีงบประมาณ {fiscal} ไม่ใช่ปี {ctx.fy} ที่ตรวจ "
                          "จึงไม่นับในตัวเลขของปี", index, expected=ctx.fy, actual=fiscal)


# --------------------------------------------------------------------------- split purchases

def item_key(text: str, numbering: Sequence[str], ignore: frozenset[str]) -> str:
    """An item as a grouping key: numbering ("ชุดที่ 2", "งวดที่ 1/3", "(2/3)") and quantities
    ("จำนวน 10 ชุด") removed, pythainlp newmm tokens without purchase verbs and fillers,
    sorted."""
    norm = to_arabic_digits(text).lower()
    if numbering:
        words = "|".join(re.escape(w) for w in numbering)
        norm = re.sub(rf"(?:{words})\s*[0-9]+(?:\s*/\s*[0-9]+)?", " ", norm)
    norm = re.sub(r"\(\s*[0-9]+\s*/\s*[0-9]+\s*\)", " ", norm)
    norm = re.sub(r"จำนวน\s*[0-9][0-9,.]*\s*\S*", " ", norm)
    tokens = word_tokenize(norm, engine="newmm", keep_whitespace=False)
    kept = {t.strip() for t in tokens if t.strip() and t.strip() not in ignore
            and re.search(r"[0-9a-z\u0e01-\u0e4e]", t)}
    return " ".join(sorted(kept))


@dataclass(frozen=True)
class SplitGroup:
    """Purchases that may split one purchase: their data-row positions, in date order."""

    positions: tuple[int, ...]
    total: float
    first: date
    last: date


def purchase_days(data: pd.DataFrame, fiscal_year: int) -> pd.Series:
    """The date of each purchase: contract date, else start, else the first of its month."""
    days = data["contract_date"].fillna(data["contract_start"])
    missing = days.isna() & data["month"].notna()
    if missing.any():
        months = data.loc[missing, "month"].astype(int)
        years = np.where(months >= 10, fiscal_year - 544, fiscal_year - 543)
        days.loc[missing] = pd.to_datetime(pd.DataFrame({"year": years, "month": months,
                                                         "day": 1})).to_numpy()
    return days


def split_groups(data: pd.DataFrame, fiscal_year: int, thresholds: Thresholds,
                 not_awarded: np.ndarray | None = None) -> list[SplitGroup]:
    """The split-purchase groups of :func:`check_procurement` (positions in ``data``)."""
    limit, window = thresholds.split_threshold, thresholds.split_window_days
    amount = data["budget"].fillna(data["agreed_price"]).to_numpy(dtype=float)
    days = purchase_days(data, fiscal_year)
    with np.errstate(invalid="ignore"):
        candidate = ((amount > 0) & (amount <= limit) & days.notna().to_numpy()
                     & (data["supplier"] != "").to_numpy())
    if not_awarded is not None:
        candidate &= ~not_awarded
    positions = np.flatnonzero(candidate)
    if len(positions) < 2:
        return []
    suppliers = map_unique(data["supplier"].iloc[positions], supplier_key, missing="")
    supplier_codes, _ = pd.factorize(suppliers)
    repeated = np.bincount(supplier_codes)[supplier_codes] > 1
    positions, supplier_codes = positions[repeated], supplier_codes[repeated]
    if len(positions) < 2:
        return []
    items = map_unique(data["item"].iloc[positions],
                       lambda t: item_key(t, thresholds.split_numbering,
                                          thresholds.split_ignore_words), missing="")
    keep = (items != "").to_numpy()
    positions, supplier_codes, items = positions[keep], supplier_codes[keep], items[keep]
    item_codes, _ = pd.factorize(items)
    codes = supplier_codes.astype(np.int64) * (int(item_codes.max(initial=0)) + 1) + item_codes
    all_days = days.to_numpy(dtype="datetime64[D]")
    day_numbers = all_days[positions].astype(np.int64) + 200_000   # >= 0 after the year 1420
    order = np.lexsort((day_numbers, codes))
    sorted_pos = positions[order]
    value = codes[order] * _DAY_SPAN + day_numbers[order]
    ends = np.searchsorted(value, value + window, side="right")
    totals = np.concatenate(([0.0], np.cumsum(amount[sorted_pos])))
    sums = totals[ends] - totals[np.arange(len(value))]
    starts = np.flatnonzero((ends - np.arange(len(value)) >= 2) & (sums > limit))
    groups: list[SplitGroup] = []
    free = 0
    for start in starts:
        if start < free:
            continue
        members = sorted_pos[start:ends[start]]
        free = int(ends[start])
        member_days = all_days[members]
        groups.append(SplitGroup(tuple(int(m) for m in members), float(sums[start]),
                                 member_days.min().astype(date), member_days.max().astype(date)))
    return groups


def _split_purchases(ctx: _Context) -> Iterator[ProcurementFinding]:
    limit = ctx.t.split_threshold
    for group in split_groups(ctx.data, ctx.fy, ctx.t, ctx.not_awarded):
        first = ctx.row(group.positions[0])
        sheets, numbers = ctx.column("sheet"), ctx.column("row")
        rows = tuple((sheets[p], int(numbers[p])) for p in group.positions)
        span = (group.last - group.first).days + 1
        members = list(group.positions)
        budgets = ctx.data["budget"].iloc[members]
        agreed = ctx.data["agreed_price"].iloc[members]
        # the rule adds up each row's budget (วงเงิน), else its agreed price: name which
        figure = ("วงเงินงบประมาณ" if budgets.notna().all()
                  else "วงเงินงบประมาณ (ถ้าไม่ระบุใช้ราคาที่ตกลง)")
        agreed_total = (f" (ราคาที่ตกลงรวม {baht(round(float(agreed.sum()), 2))})"
                        if agreed.notna().all() else "")
        yield ctx.finding("split_purchase", "group",
                          f"{where(first['sheet'], int(first['row']))}: ซื้อหรือจ้าง '{first['item']}' "
                          f"จาก '{first['supplier']}' {len(rows)} ครั้งใน {span} วัน "
                          f"({thai_date(group.first, 'numeric')}–{thai_date(group.last, 'numeric')}) "
                          f"{figure}ครั้งละไม่เกิน {baht(limit)} แต่รวม {baht(group.total)}"
                          f"{agreed_total} อาจเป็นการแบ่งซื้อ"
                          f"แบ่งจ้าง (มาตรา 65): {_rows_text(rows)}", group.positions[0],
                          rows=rows, expected=limit, actual=round(group.total, 2))


# --------------------------------------------------------------------------- months

def reported_months(table: ProcurementTable, fiscal_year: int) -> set[int]:
    """Months with rows or a no-procurement statement: a sheet's, column's or statement's
    month, or a contract date's month when that date lies in the fiscal year, and every month
    a statement covers (:func:`statement_months`: "ต.ค.-ธ.ค. 66: ไม่มีการจัดซื้อจัดจ้าง" covers
    three); a sheet named for a month of another fiscal year counts only by such dates. A
    purchase row of a span sheet with no month of its own reports no month."""
    frame = table.frame
    months = frame["month"].to_numpy(dtype=object)[reporting_rows(table, frame, fiscal_year)]
    return ({int(m) for m in pd.unique(months) if not pd.isna(m)}
            | {month for month, _ in statement_months(table, fiscal_year)})


def reporting_rows(table: ProcurementTable, frame: pd.DataFrame, fiscal_year: int
                   ) -> np.ndarray:
    """Mask of ``frame``'s rows (the table's, or some of them) that report their month for
    :func:`reported_months`: rows of the year (:meth:`ProcurementTable.of_year`) whose month
    is their sheet's, their เดือน column's, their text's or their contract date's."""
    source = frame["month_source"].to_numpy(dtype=object)
    return (table.of_year(frame, fiscal_year)
            & np.isin(source, ("sheet", "column", "text", "date")))


def statement_months(table: ProcurementTable, fiscal_year: int) -> list[tuple[int, int]]:
    """(month, position in the table's frame) of every month a no-procurement statement
    covers: its own month (its sheet's, or the one its text names in a span sheet); else the
    months its text names (:func:`~ita_audit.procurement.values.months_stated`: "ต.ค.-พ.ย. 66
    ไม่มีการจัดซื้อจัดจ้าง", "เดือนตุลาคมและพฤศจิกายน 2566 …"; in a span sheet, those of its
    span, dated by its name when the text writes no year); else each month of its span
    sheet's span. Only months of the audited year; not the statements of a sheet named for
    another fiscal year."""
    frame = table.frame
    stated = frame["no_procurement"].to_numpy() & ~frame["sheet"].isin(
        table.sheets_of_other_years(fiscal_year)).to_numpy()
    months, sources = frame["month"], frame["month_source"].to_numpy(dtype=object)
    years = frame["month_year"]
    found: list[tuple[int, int]] = []
    for position in np.flatnonzero(stated):
        month = months.iat[position]
        if not pd.isna(month):
            year = years.iat[position]
            if pd.isna(year) or int(year) + (int(month) >= 10) == fiscal_year:
                found.append((int(month), int(position)))
            continue
        info = table.info(frame["sheet"].iat[position])
        named = months_stated(str(frame["item"].iat[position]))
        if info.months:                        # a span sheet's: the months of its span
            named = tuple((m, y) for m, y in named if m in info.months)
        if named:                              # each of the year (the sheet's, if not its own)
            year_of = {month: year for year, month in info.month_years}
            dated = ((m, y if y is not None else year_of.get(m)) for m, y in named)
            found.extend((m, int(position)) for m, y in dated
                         if y is None or y + (m >= 10) == fiscal_year)
        elif sources[position] == SPAN:        # the span's months of the year
            found.extend((m, int(position)) for m in info.months_of_year(fiscal_year))
    return found


def _statements_with_rows(ctx: _Context) -> Iterator[ProcurementFinding]:
    """A statement contradicted by purchases of a month it covers (awarded ones, of the
    year); a statement on a month's own sheet (a footer under its purchases, "ไม่มีการจัดซื้อ
    จัดจ้างเพิ่มเติม") only by purchases on other sheets; a statement of some purchases only
    (:data:`QUALIFIED_STATEMENT`, in its text or its sheet's name, or of hires only) never."""
    frame = ctx.table.frame
    counted = reporting_rows(ctx.table, ctx.data, ctx.fy) & ~ctx.not_awarded
    sheets, numbers = ctx.column("sheet"), ctx.column("row")
    sources = frame["month_source"].to_numpy(dtype=object)
    for month, position in statement_months(ctx.table, ctx.fy):
        text = one_line(str(frame["item"].iat[position]))
        sheet, number = str(frame["sheet"].iat[position]), int(frame["row"].iat[position])
        if qualified_statement(text, sheet):
            continue
        rows = counted & ctx.data["month"].eq(month).to_numpy(dtype=bool, na_value=False)
        if sources[position] == "sheet":
            rows &= sheets != sheet
        if not rows.any():
            continue
        found = tuple((sheets[p], int(numbers[p])) for p in np.flatnonzero(rows))
        yield ctx.finding("month_statement", "with_rows",
                          f"{where(sheet, number)} แจ้งว่า '{text}' แต่เดือน"
                          f"{month_name(month, ctx.fy)} มีรายการจัดซื้อจัดจ้าง {len(found):,} "
                          f"รายการ ({_rows_text(found[:5])}{' และอื่น ๆ' if len(found) > 5 else ''})"
                          " ข้อมูลไม่สอดคล้องกัน ตรวจว่าเดือนนี้มีการจัดซื้อจัดจ้างหรือไม่",
                          sheet=sheet, row=number, month=month, rows=found,
                          expected=0, actual=len(found))


def qualified_statement(text: str, sheet: str) -> bool:
    """Does a no-procurement statement speak of some purchases only: a method, a type, an
    amount or "more" in its text or its sheet's name (:data:`QUALIFIED_STATEMENT`), or hires
    only ("ไม่มีการจัดจ้าง")?"""
    return (QUALIFIED_STATEMENT.search(text) is not None
            or QUALIFIED_STATEMENT.search(sheet) is not None or "ซื้อ" not in text)


def _months(ctx: _Context) -> Iterator[ProcurementFinding]:
    reported = reported_months(ctx.table, ctx.fy)
    other = ctx.table.sheets_of_other_years(ctx.fy)
    if not reported:
        if other and not (~ctx.table.frame["sheet"].isin(other)).any():
            yield ctx.finding("month_missing", "missing",
                              f"ไม่มีเดือนใดของปีงบประมาณ {ctx.fy}: ทุกแผ่นงานเป็นของปีงบประมาณอื่น "
                              f"ตามชื่อแผ่นงาน ({', '.join(repr(s) for s in sorted(other))}) "
                              "ตรวจว่านำเข้าตารางของปีที่ถูกต้อง",
                              expected=f"ตารางของปีงบประมาณ {ctx.fy}", actual=sorted(other))
        elif len(ctx.table.frame):
            yield ctx.finding("month_missing", "unknown",
                              "ไม่ทราบเดือนของรายการ (ชื่อแผ่นงานไม่ใช่ชื่อเดือนและไม่มีวันที่ทำสัญญา"
                              f"ในปีงบประมาณ {ctx.fy}) จึงตรวจไม่ได้ว่ารายงานครบทุกเดือนหรือไม่",
                              expected="เดือนของรายการ", actual=None)
        return
    spans = ctx.table.span_rows(ctx.data[~ctx.data["sheet"].isin(other).to_numpy()], ctx.fy)
    undated = ctx.data["month_source"].to_numpy(dtype=object) == SPAN
    last = max(FISCAL_MONTHS.index(m) for m in reported)
    for month in FISCAL_MONTHS[: last + 1]:
        if month not in reported:
            maybe = "".join(
                f"; แผ่นงาน '{sheet}' (ช่วง{month_name(span[0])}–{month_name(span[-1])}) มี "
                f"{int((undated & (ctx.data['sheet'] == sheet).to_numpy()).sum())} รายการที่ไม่บอก"
                "เดือน (ไม่มีคอลัมน์เดือน และวันที่ทำสัญญาไม่อยู่ในช่วง) ซึ่งอาจเป็นของเดือนนี้"
                for sheet, span in spans.items() if month in span)
            yield ctx.finding("month_missing", "missing",
                              f"เดือน{month_name(month, ctx.fy)} ไม่มีรายการจัดซื้อจัดจ้างและไม่มีข้อความว่า"
                              f"ไม่มีการจัดซื้อจัดจ้าง{maybe}", month=month,
                              expected="รายการหรือข้อความว่าไม่มีการจัดซื้อจัดจ้าง", actual=None)


# --------------------------------------------------------------------------- aggregates

def year_end_share(data: pd.DataFrame, months: Sequence[int],
                   not_awarded: np.ndarray | None = None,
                   spans: Mapping[str, tuple[int, ...]] | None = None) -> dict[str, Any]:
    """Specific-method spending (agreed price, else budget) in ``months`` and in all, and the
    share: of the rows whose month is known. ``spans``: the sheets whose rows lie somewhere in
    a span of months (:meth:`ProcurementTable.span_rows`); such a row is known to be in
    ``months`` when its whole span is (a July-September sheet's), else its month is unknown."""
    late_sheets = [sheet for sheet, span in (spans or {}).items() if set(span) <= set(months)]
    in_late_span = ((data["month_source"] == SPAN).to_numpy()
                    & data["sheet"].isin(late_sheets).to_numpy())
    specific = ((data["method_kind"] == "specific").to_numpy()
                & (data["month"].notna().to_numpy() | in_late_span))
    if not_awarded is not None:
        specific &= ~not_awarded
    amount = data["agreed_price"].fillna(data["budget"]).fillna(0).to_numpy(dtype=float)
    in_months = data["month"].isin(list(months)).to_numpy(dtype=bool) | in_late_span
    total = float(amount[specific].sum())
    late = float(amount[specific & in_months].sum())
    return {"months": list(months), "amount": round(late, 2), "total": round(total, 2),
            "share": round(late / total, 4) if total > 0 else None}


def _year_end(ctx: _Context) -> Iterator[ProcurementFinding]:
    if not len(ctx.data):
        return
    data, not_awarded, left_out = ctx.year_data()
    result = year_end_share(data, ctx.t.year_end_months, not_awarded,
                            ctx.table.span_rows(data, ctx.fy))
    threshold = ctx.t.year_end_share_warning
    names = " และ ".join(month_name(m) for m in ctx.t.year_end_months)
    if result["share"] is None:
        yield ctx.finding("year_end_specific", "within",
                          "ไม่มีรายการวิธีเฉพาะเจาะจงที่ทราบเดือน จึงไม่มีสัดส่วนช่วงปลายปีงบประมาณ"
                          f"{left_out}",
                          expected=threshold, actual=None)
        return
    above = result["share"] > threshold
    yield ctx.finding("year_end_specific", "above" if above else "within",
                      f"วิธีเฉพาะเจาะจงในเดือน{names} {baht(result['amount'])} จาก "
                      f"{baht(result['total'])} คิดเป็น{percent(result['share'])}"
                      f"{' เกิน' if above else ' ไม่เกิน'}เกณฑ์{percent(threshold)}{left_out}",
                      expected=threshold, actual=result["share"])


def concentration(data: pd.DataFrame, not_awarded: np.ndarray | None = None) -> dict[str, Any]:
    """Agreed spending by supplier (name without legal-form words): the top supplier, its
    share, the HHI (shares in percent squared, 0–10,000) and the number of suppliers. The
    total is of the rows with an agreed price that name a supplier (and are not cancelled or
    unsigned); ``no_supplier`` counts the agreed rows left out for naming none, and their
    amount."""
    amount = data["agreed_price"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        agreed = amount > 0
    named = (data["supplier"] != "").to_numpy()
    usable = agreed & named
    if not_awarded is not None:
        usable &= ~not_awarded
        agreed &= ~not_awarded
    left_out = agreed & ~named
    no_supplier = {"rows": int(left_out.sum()), "amount": round(float(amount[left_out].sum()), 2)}
    if not usable.any():
        return {"suppliers": 0, "total": 0.0, "top_supplier": None, "top_share": None,
                "hhi": None, "no_supplier": no_supplier}
    names = data["supplier"][usable]
    keys = map_unique(names, supplier_key, missing="")
    spend = pd.Series(amount[usable]).groupby(keys.to_numpy()).sum()
    total = float(spend.sum())
    shares = spend / total
    top_key = shares.idxmax()
    top_name = names[(keys == top_key).to_numpy()].mode().iloc[0]
    return {"suppliers": int(len(spend)), "total": round(total, 2), "top_supplier": top_name,
            "top_share": round(float(shares.max()), 4),
            "hhi": round(float(((shares * 100) ** 2).sum()), 1), "no_supplier": no_supplier}


def _concentration(ctx: _Context) -> Iterator[ProcurementFinding]:
    data, not_awarded, other_years = ctx.year_data()
    result = concentration(data, not_awarded)
    if result["top_share"] is None:
        return
    top, hhi = ctx.t.vendor_top_share_warning, ctx.t.vendor_hhi_warning
    above = result["top_share"] > top or result["hhi"] > hhi
    left_out = result["no_supplier"]
    # the total is of the rows naming a supplier: say which rows it leaves out
    base = ("" if not left_out["rows"] else
            f" ของรายการที่ระบุผู้ประกอบการ (ไม่นับ {left_out['rows']:,} รายการที่ไม่ระบุผู้ประกอบการ"
            f" ราคาที่ตกลง {baht(left_out['amount'])})")
    yield ctx.finding("vendor_concentration", "above" if above else "within",
                      f"ผู้ประกอบการ {result['suppliers']} ราย: '{result['top_supplier']}' ได้"
                      f"{percent(result['top_share'])} ของราคาที่ตกลงรวม {baht(result['total'])}{base} "
                      f"(เกณฑ์{percent(top)}), HHI {result['hhi']:,.0f} (เกณฑ์ {hhi:,.0f})"
                      f"{' เกินเกณฑ์' if above else ''}{other_years}",
                      expected={"top_share": top, "hhi": hhi},
                      actual={"top_share": result["top_share"], "hhi": result["hhi"]})
