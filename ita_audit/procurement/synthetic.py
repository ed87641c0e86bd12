"""Synthetic procurement tables with injected anomalies, for tests and benchmarks.

:func:`generate_table` builds one fiscal year of an agency's purchases in either layout (the
ITA list or the สขร.1 form), as one sheet per month ("ต.ค. 67", a merged title row above the
header) or one sheet, with realistic Thai items and suppliers whose tax IDs are valid. Amounts
and dates are written in the mixed styles real tables use (numbers and "12,345.00" strings,
Thai digits; workbook dates, "5/10/2567", "5 ต.ค. 67", "5 ตุลาคม 2567", ISO). One month is a
no-procurement statement (monthly sheets only) and one month is left out.

Anomalies are injected into their own rows and listed in :attr:`SyntheticProcurement.defects`
(``{"check", "sheet", "row"}``, ``"rows"`` for a group, ``"month"`` for a month left out, and a
``"detail"``): every check of :mod:`ita_audit.procurement.rules` except the info-only
aggregates, ``date_order`` (a property of a whole sheet, not of a row: every table here writes
its dates day first or as workbook dates) and the checks a layout has no column for (the สขร.1
form has no contract end date, no ปีงบประมาณ and no project number). Clean rows are kept free
of findings: tables of up to :data:`GUARDED_ROWS` rows (12 × ``rows_per_month``) make sure no
clean rows of one supplier and item add up to a split purchase; larger ones (benchmarks) do
not, and may hold split groups by chance (:attr:`SyntheticProcurement.guarded` says which).

Deterministic: every draw comes from one ``random.Random(seed)``.
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd

from ita_audit.procurement.values import tax_id_check_digit
from ita_audit.thai import be_to_ce, fiscal_year_bounds, thai_date, to_thai_digits

GUARDED_ROWS = 50_000
SPECIFIC_LIMIT = 500_000.0
NO_CONTRACT_LIMIT = 100_000.0
SPLIT_WINDOW = 30
FISCAL_MONTHS = (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)
NO_PROCUREMENT = "ไม่มีการจัดซื้อจัดจ้าง"

ITA_HEADER = ("ลำดับที่", "ชื่อรายการของงานที่ซื้อหรือจ้าง", "วงเงินงบประมาณที่ได้รับจัดสรร (บาท)",
              "แหล่งที่มาของงบประมาณ", "สถานะการจัดซื้อจัดจ้าง", "วิธีการจัดซื้อจัดจ้าง",
              "ราคากลาง (บาท)", "ราคาที่ตกลงซื้อหรือจ้าง (บาท)",
              "รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก", "เลขประจำตัวผู้เสียภาษี", "เลขที่โครงการ",
              "เลขที่สัญญา", "วันที่เริ่มต้นสัญญา", "วันที่สิ้นสุดสัญญา", "ปีงบประมาณ")
SORKHOR1_HEADER = ("ลำดับที่", "งานที่จัดซื้อหรือจัดจ้าง", "วงเงินที่จะซื้อหรือจ้าง (บาท)",
                   "ราคากลาง (บาท)", "วิธีซื้อหรือจ้าง", "รายชื่อผู้เสนอราคาและราคาที่เสนอ",
                   "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง", "เหตุผลที่คัดเลือกโดยสรุป",
                   "เลขที่และวันที่ของสัญญาหรือข้อตกลง")

SUPPLIERS = (
    "บริษัท สยามวัสดุภัณฑ์ จำกัด", "ห้างหุ้นส่วนจำกัด ก้าวหน้าการช่าง", "ร้านรุ่งเรืองพาณิชย์",
    "บริษัท ไทยออฟฟิศซัพพลาย จำกัด", "ห้างหุ้นส่วนจำกัด เจริญทรัพย์คอนสตรัคชั่น",
    "บริษัท เอ็นเทค คอมพิวเตอร์ จำกัด", "ร้านสมใจการพิมพ์", "บริษัท ปตท. น้ำมันและการค้าปลีก จำกัด (มหาชน)",
    "ห้างหุ้นส่วนจำกัด ศรีสะอาดคลีนนิ่ง", "บริษัท ซีพี ออลล์ จำกัด (มหาชน)", "ร้านบุญมีการค้า",
    "บริษัท โตโยต้าเมืองทอง จำกัด", "ห้างหุ้นส่วนจำกัด ทรัพย์อนันต์ก่อสร้าง", "นายสมชาย ใจดี",
    "บริษัท แสงทองอิเล็กทริค จำกัด", "ร้านนำชัยเครื่องเขียน", "บริษัท ไทยเมดิคอลซัพพลาย จำกัด",
    "ห้างหุ้นส่วนจำกัด พิษณุโลกยนต์", "บริษัท กรีนการ์เดนแลนด์สเคป จำกัด", "นางสาวมาลี ศรีสุข",
    "บริษัท ดิจิทัลโซลูชั่น จำกัด", "ร้านเพชรรุ่งเรืองเฟอร์นิเจอร์", "บริษัท อินเตอร์ฟู้ดเซอร์วิส จำกัด",
    "ห้างหุ้นส่วนจำกัด ยิ่งเจริญวัสดุ", "บริษัท ริโก้ (ประเทศไทย) จำกัด", "ร้านแม่บ้านอาหารว่าง",
    "บริษัท ไทยประกันภัย จำกัด (มหาชน)", "ห้างหุ้นส่วนจำกัด อุดรแอร์เซอร์วิส",
    "บริษัท บางกอกการ์ดเซอร์วิส จำกัด", "ร้านสุขใจการไฟฟ้า",
)
# (item, kind of purchase): kinds decide the method and the size.
ITEMS = (
    "จัดซื้อวัสดุสำนักงาน", "จัดซื้อวัสดุคอมพิวเตอร์", "จัดซื้อน้ำมันเชื้อเพลิงและหล่อลื่น",
    "จ้างซ่อมแซมรถยนต์ราชการ", "จ้างเหมาบริการทำความสะอาดอาคาร", "จัดซื้อวัสดุงานบ้านงานครัว",
    "จ้างถ่ายเอกสารและเข้าเล่ม", "จัดซื้อครุภัณฑ์สำนักงาน เก้าอี้ทำงาน", "จ้างเหมาจัดทำป้ายไวนิล",
    "จัดซื้อวัสดุไฟฟ้าและวิทยุ", "จ้างซ่อมบำรุงเครื่องปรับอากาศ", "จัดซื้อหมึกพิมพ์เลเซอร์",
    "จ้างเหมาจัดอาหารว่างและเครื่องดื่มการประชุม", "จัดซื้อวัสดุการแพทย์", "จ้างเหมารักษาความปลอดภัย",
    "จัดซื้อวัสดุเชื้อเพลิงสำหรับเครื่องกำเนิดไฟฟ้า", "จ้างปรับปรุงภูมิทัศน์สำนักงาน",
    "จัดซื้อวัสดุการเกษตร", "จ้างเหมาบริการดูแลระบบเครือข่าย", "จัดซื้อวัสดุยานพาหนะและขนส่ง",
    "จัดซื้อแบบพิมพ์และกระดาษ", "จ้างทำตรายางและเครื่องหมาย", "จัดซื้อวัสดุก่อสร้าง",
    "จ้างซ่อมแซมอาคารสำนักงาน", "จัดซื้อครุภัณฑ์คอมพิวเตอร์ เครื่องคอมพิวเตอร์โน้ตบุ๊ก",
)
LARGE_ITEMS = (
    "จ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก", "จัดซื้อรถยนต์บรรทุก ขนาด 1 ตัน", "จ้างก่อสร้างอาคารอเนกประสงค์",
    "จัดซื้อระบบกล้องโทรทัศน์วงจรปิด", "จ้างปรับปรุงระบบประปาหมู่บ้าน", "จัดซื้อครุภัณฑ์การแพทย์",
    "จ้างพัฒนาระบบสารสนเทศ", "จ้างก่อสร้างรางระบายน้ำคอนกรีต",
)
SOURCES = ("เงินงบประมาณ", "พ.ร.บ. งบประมาณรายจ่ายประจำปี", "เงินนอกงบประมาณ")
REASONS = ("ราคาต่ำสุดและคุณสมบัติครบถ้วน", "เป็นผู้ประกอบการที่มีคุณสมบัติตรงตามเงื่อนไขและราคาเหมาะสม",
           "เสนอราคาต่ำสุด")
METHOD_TEXT = {"specific": "เฉพาะเจาะจง", "selection": "คัดเลือก",
               "e_bidding": "ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)", "e_market": "e-market"}
EXCEPTION_METHOD = "เฉพาะเจาะจง (ม.56(2)(ค) ผู้ประกอบการรายเดียว)"
EXCEPTION_REASON = "เป็นพัสดุที่ผลิตจำหน่ายโดยผู้ประกอบการรายเดียว"
ANOMALIES = ("required_field", "amount", "price_above_budget", "price_above_reference",
             "reference_above_budget", "method_threshold", "no_contract_threshold",
             "split_purchase", "tax_id", "duplicate", "duplicate_project", "contract_dates",
             "contract_outside_year", "fiscal_year")
_NOT_IN_SORKHOR1 = ("contract_dates", "fiscal_year", "duplicate_project")


def _supplier_pool(rows: int) -> tuple[str, ...]:
    """The suppliers of a table: the named ones, and for large tables (one supplier per 200
    rows) their branches ("… สาขา 12"), so that a large agency's purchases spread as a real
    one's do."""
    wanted = max(len(SUPPLIERS), rows // 200)
    if wanted == len(SUPPLIERS):
        return SUPPLIERS
    return tuple(f"{name} สาขา {k}" if k else name
                 for k in range(wanted // len(SUPPLIERS) + 1) for name in SUPPLIERS)[:wanted]


def valid_tax_id(rng: random.Random) -> str:
    """A juristic person's 13-digit tax ID (leading 0) with its check digit."""
    first = "0" + "".join(str(rng.randrange(10)) for _ in range(11))
    return first + str(tax_id_check_digit(first))


@dataclass
class _Purchase:
    """One row before it is written: its values, the month it belongs to, its anomaly."""

    month: int
    item: str
    kind: str
    budget: float
    reference: float
    agreed: float
    supplier: str
    tax_id: str
    project_no: str
    contract_no: str
    start: date
    end: date
    status: str
    source: str
    reason: str
    fiscal_year: int
    method_text: str = ""
    cells: dict[str, Any] = field(default_factory=dict)   # overrides of written cells
    anomaly: str | None = None


@dataclass
class SyntheticProcurement:
    """A generated table: its sheets (cells as written, header and title not included), the
    defects injected, and how to write it."""

    seed: int
    fiscal_year: int
    layout: str
    sheets_mode: str
    sheets: dict[str, pd.DataFrame]              # name -> data rows (columns: the header)
    statements: dict[str, str]                   # name -> the no-procurement statement
    titles: dict[str, str]
    defects: list[dict[str, Any]]
    clean_rows: set[tuple[str, int]]
    header: tuple[str, ...]
    guarded: bool = True            # clean rows kept free of chance split groups

    @property
    def rows(self) -> int:
        """Data rows written (statements not counted)."""
        return sum(len(frame) for frame in self.sheets.values())

    FIRST_DATA_ROW: ClassVar[int] = 3          # row 1: title (merged), row 2: header

    def grids(self) -> Iterator[tuple[str, pd.DataFrame]]:
        """Each sheet as written: title row, header row, data rows (or the statement)."""
        width = len(self.header)
        for name, frame in self.sheets.items():
            title = [self.titles[name]] + [None] * (width - 1)
            rows: list[list[Any]] = [title, list(self.header)]
            if name in self.statements:
                rows.append([self.statements[name]] + [None] * (width - 1))
            else:
                rows.extend(frame.itertuples(index=False, name=None))
            yield name, pd.DataFrame(rows, dtype=object)

    def rename_sheet(self, old: str, new: str) -> None:
        """Rename a sheet, in the defects and clean rows too."""
        if old == new:
            return
        self.sheets = {new if k == old else k: v for k, v in self.sheets.items()}
        self.titles = {new if k == old else k: v for k, v in self.titles.items()}
        self.statements = {new if k == old else k: v for k, v in self.statements.items()}
        self.clean_rows = {(new if s == old else s, r) for s, r in self.clean_rows}
        for defect in self.defects:
            if defect.get("sheet") == old:
                defect["sheet"] = new
            if "rows" in defect:
                defect["rows"] = [[new if s == old else s, r] for s, r in defect["rows"]]

    def write(self, path: str | Path) -> Path:
        """Write the table: ``.xlsx`` (a sheet per month or one sheet, a merged title row) or
        ``.csv`` (one sheet only, UTF-8). A CSV file's one sheet is named after the file stem,
        as the reader names it, so the sheet is renamed here (defects included)."""
        path = Path(path)
        if path.suffix.lower() == ".csv":
            if len(self.sheets) != 1:
                raise ValueError("a CSV file holds one sheet: generate with sheets='single'")
            self.rename_sheet(next(iter(self.sheets)), path.stem)
            name, grid = next(self.grids())
            frame = grid.map(lambda v: "" if v is None else _csv_cell(v))
            frame.to_csv(path, header=False, index=False, encoding="utf-8", lineterminator="\n")
            return path
        if path.suffix.lower() != ".xlsx":
            raise ValueError(f"write .xlsx or .csv, not {path.suffix!r}")
        _write_workbook(path, list(self.grids()), len(self.header), self.rows)
        return path


def _csv_cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    return str(value)


def _write_workbook(path: Path, grids: list[tuple[str, pd.DataFrame]], width: int,
                    rows: int) -> None:
    import openpyxl

    big = rows > 100_000
    book = openpyxl.Workbook(write_only=big)
    if not big:
        book.remove(book.active)
    for name, grid in grids:
        sheet = book.create_sheet(name)
        for values in grid.itertuples(index=False, name=None):
            sheet.append(list(values))
        if not big:
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
            if len(grid) == 3 and grid.iat[2, 0] == NO_PROCUREMENT:
                sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=width)
    book.save(path)


# --------------------------------------------------------------------------- generation

class _Generator:
    def __init__(self, seed: int, fiscal_year: int, layout: str, rows_per_month: int,
                 anomaly_rate: float, monthly: bool) -> None:
        if layout not in ("ita", "sorkhor1"):
            raise ValueError(f"layout must be 'ita' or 'sorkhor1', not {layout!r}")
        self.rng = random.Random(seed)
        self.fy = fiscal_year
        self.layout = layout
        self.rows_per_month = rows_per_month
        self.anomaly_rate = anomaly_rate
        self.monthly = monthly
        self.suppliers = _supplier_pool(rows_per_month * 12)
        self.tax = {name: valid_tax_id(self.rng) for name in self.suppliers}
        self.counter = 0
        self.guarded = rows_per_month * 12 <= GUARDED_ROWS
        self.window: dict[tuple[str, str], dict[int, float]] = {}
        self.first, self.last = fiscal_year_bounds(fiscal_year)

    # ------------------------------------------------------------------ dates and numbers

    def day_in(self, month: int) -> date:
        year = be_to_ce(self.fy) - (1 if month >= 10 else 0)
        last = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
        return date(year, month, self.rng.randint(1, last))

    def money(self, low: float, high: float) -> float:
        value = self.rng.uniform(low, high)
        return round(value, -2) if value > 10_000 else round(value, 2)

    def project_no(self, month: int) -> str:
        self.counter += 1
        return f"{self.fy % 100:02d}{month:02d}{self.counter:07d}"

    # ------------------------------------------------------------------ split guard

    def _fits(self, supplier: str, item: str, day: date, amount: float) -> bool:
        """False when adding this purchase (its budget) could make clean rows look like a
        split purchase."""
        if not self.guarded or amount > SPECIFIC_LIMIT:
            return True
        days = self.window.get((supplier, item), {})
        ordinal = day.toordinal()
        near = sum(v for d, v in days.items() if abs(d - ordinal) <= SPLIT_WINDOW)
        return near + amount <= SPECIFIC_LIMIT * 0.9

    def _keep(self, purchase: _Purchase) -> None:
        if self.guarded and purchase.budget <= SPECIFIC_LIMIT:
            days = self.window.setdefault((purchase.supplier, purchase.item), {})
            ordinal = purchase.start.toordinal()
            days[ordinal] = days.get(ordinal, 0.0) + purchase.budget

    # ------------------------------------------------------------------ purchases

    def purchase(self, month: int, kind: str | None = None, budget: float | None = None,
                 item: str | None = None, supplier: str | None = None,
                 day: date | None = None) -> _Purchase:
        rng = self.rng
        if kind is None:
            kind = rng.choices(("specific", "selection", "e_bidding", "e_market"),
                               (75, 5, 14, 6))[0]
        if budget is None:
            if kind == "specific":
                band = rng.random()
                budget = (self.money(2_000, 50_000) if band < 0.6 else
                          self.money(50_000, 100_000) if band < 0.9 else
                          self.money(100_000, 400_000))
            elif kind == "selection":
                budget = self.money(300_000, 2_000_000)
            else:
                budget = self.money(600_000, 5_000_000)
        reference = round(budget * rng.uniform(0.9, 1.0), 2)
        agreed = round(reference * rng.uniform(0.85, 1.0), 2)
        pool = LARGE_ITEMS if budget > SPECIFIC_LIMIT else ITEMS
        day = day or self.day_in(month)
        for _ in range(30):
            chosen_item = item or rng.choice(pool)
            chosen = supplier or rng.choice(self.suppliers)
            if self._fits(chosen, chosen_item, day, budget) or (item and supplier):
                break
        else:                   # every pair is busy around that day: a distinct item
            self.counter += 1
            chosen_item = f"{chosen_item} อาคาร {self.counter}"
        end = day + timedelta(days=rng.randint(7, 120))
        contract = (f"{rng.randint(1, 400)}/{self.fy}" if agreed > NO_CONTRACT_LIMIT or
                    rng.random() < 0.5 else "")
        status = "สิ้นสุดสัญญา" if end <= self.last else "อยู่ระหว่างระยะสัญญา"
        purchase = _Purchase(month=month, item=chosen_item, kind=kind, budget=budget,
                             reference=reference, agreed=agreed, supplier=chosen,
                             tax_id=self.tax[chosen], project_no=self.project_no(month),
                             contract_no=contract, start=day, end=end, status=status,
                             source=rng.choice(SOURCES), reason=rng.choice(REASONS),
                             fiscal_year=self.fy, method_text=METHOD_TEXT[kind])
        if self.layout == "sorkhor1" and not purchase.contract_no:
            purchase.contract_no = f"ใบสั่งซื้อเลขที่ {rng.randint(1, 900)}/{self.fy}"
        self._keep(purchase)
        return purchase

    # ------------------------------------------------------------------ anomalies

    def anomalies(self, months: list[int], count: int) -> list[list[_Purchase]]:
        kinds = [k for k in ANOMALIES
                 if not (self.layout == "sorkhor1" and k in _NOT_IN_SORKHOR1)]
        plan = [kinds[i % len(kinds)] for i in range(max(count, len(kinds)))]
        return [self.anomaly(kind, self.rng.choice(months), number)
                for number, kind in enumerate(plan)]

    def anomaly(self, kind: str, month: int, number: int) -> list[_Purchase]:
        rng = self.rng
        if kind == "split_purchase":
            item = f"จ้างซ่อมแซมอาคารเรียนหลังที่ {number + 1}"
            supplier = rng.choice(self.suppliers)
            start = self.day_in(month)
            start = start - timedelta(days=max(0, start.day - 10))
            group = [self.purchase(month, "specific", self.money(200_000, 300_000),
                                   f"{item} ชุดที่ {k}", supplier, start + timedelta(days=5 * k))
                     for k in (1, 2, 3)]
            for p in group:
                p.anomaly = kind
            return group
        if kind in ("duplicate", "duplicate_project"):
            original = self.purchase(month, "e_bidding")
            other = (_Purchase(**{**original.__dict__, "cells": dict(original.cells)})
                     if kind == "duplicate" else self.purchase(month, "e_bidding"))
            if kind == "duplicate_project":
                other.project_no = original.project_no
            original.anomaly = other.anomaly = kind
            return [original, other]
        if kind == "method_threshold":
            p = self.purchase(month, "specific", self.money(520_000, 900_000),
                              rng.choice(LARGE_ITEMS))
        elif kind == "no_contract_threshold":
            p = self.purchase(month, "specific", self.money(150_000, 400_000))
            p.contract_no = ""
        else:
            p = self.purchase(month, "specific", self.money(20_000, 90_000))
        p.anomaly = kind
        if kind == "required_field":
            if self.layout == "ita":
                p.supplier, p.tax_id = "", ""
            else:
                p.item = ""
        elif kind == "amount":
            p.cells["budget"] = rng.choice(("ห้าหมื่นบาท", "12,5OO.00", "ประมาณ 3,000"))
        elif kind == "price_above_budget":
            p.reference = round(p.budget * 0.95, 2)
            p.agreed = round(p.budget * 1.1, 2)
        elif kind == "price_above_reference":
            p.reference = round(p.budget * 0.9, 2)
            p.agreed = round(p.budget * 0.95, 2)
        elif kind == "reference_above_budget":
            p.reference = round(p.budget * 1.05, 2)
            p.agreed = round(p.budget * 0.9, 2)
        elif kind == "tax_id":
            good = p.tax_id
            p.tax_id = good[:12] + str((int(good[12]) + rng.randint(1, 9)) % 10)
        elif kind == "contract_dates":
            p.end = p.start - timedelta(days=rng.randint(5, 30))
        elif kind == "contract_outside_year":
            p.start = self.first - timedelta(days=rng.randint(40, 80))
            p.end = p.start + timedelta(days=30)
        elif kind == "fiscal_year":
            p.fiscal_year = self.fy - 1
        return [p]

    # ------------------------------------------------------------------ cells

    def amount_cell(self, value: float, workbook: bool) -> Any:
        style = self.rng.random()
        if workbook and style < 0.8:
            return value
        text = f"{value:,.2f}" if style < 0.93 or not workbook and style < 0.95 else f"{value:.2f}"
        return to_thai_digits(text) if style > 0.97 else text

    def date_cell(self, day: date, workbook: bool) -> Any:
        style = self.rng.random()
        if workbook and style < 0.6:
            return datetime(day.year, day.month, day.day)
        if style < 0.75:
            return f"{day.day}/{day.month}/{day.year + 543}"
        if style < 0.87:
            return f"{day.day} {thai_date(day, 'short').split(' ', 1)[1][:-5]} {(day.year + 543) % 100:02d}"
        if style < 0.95:
            return thai_date(day, "long")
        return day.isoformat()

    def ita_cells(self, p: _Purchase, seq: int, workbook: bool) -> list[Any]:
        cells = [seq, p.item, self.amount_cell(p.budget, workbook), p.source, p.status,
                 p.method_text, self.amount_cell(p.reference, workbook),
                 self.amount_cell(p.agreed, workbook), p.supplier, p.tax_id, p.project_no,
                 p.contract_no, self.date_cell(p.start, workbook),
                 self.date_cell(p.end, workbook), p.fiscal_year]
        if "budget" in p.cells:
            cells[2] = p.cells["budget"]
        return cells

    def sorkhor1_cells(self, p: _Purchase, seq: int, workbook: bool) -> list[Any]:
        rng = self.rng
        price = f"{p.agreed:,.2f} บาท"
        winner = (f"{p.supplier} (เลขประจำตัวผู้เสียภาษี {p.tax_id}) "
                  + rng.choice(("", "ราคา ", "/ ")) + price) if p.supplier else ""
        bidders = f"{p.supplier} / {price}" if p.supplier else ""
        if p.contract_no:
            when = rng.choice((thai_date(p.start, "short"), thai_date(p.start, "numeric"),
                               f"{p.start.day}/{p.start.month}/{p.start.year + 543}"))
            contract = rng.choice((f"{p.contract_no} ลงวันที่ {when}",
                                   f"สัญญาเลขที่ {p.contract_no} ลว. {when}"))
        else:
            contract = ""
        method = p.method_text
        reason = p.reason
        if p.kind == "specific" and p.budget > SPECIFIC_LIMIT and p.anomaly is None:
            reason = EXCEPTION_REASON
        cells = [seq, p.item, self.amount_cell(p.budget, workbook),
                 self.amount_cell(p.reference, workbook), method, bidders, winner, reason,
                 contract]
        if "budget" in p.cells:
            cells[2] = p.cells["budget"]
        return cells


def generate_table(seed: int, fiscal_year: int, *, rows_per_month: int = 20,
                   layout: str = "ita", sheets: str = "monthly",
                   anomaly_rate: float = 0.05, workbook: bool | None = None
                   ) -> SyntheticProcurement:
    """One fiscal year of synthetic purchases with injected anomalies (module docstring).

    ``workbook`` says whether cells will be written to a workbook (numbers and dates as
    values) or to CSV (every cell text); by default a workbook for ``sheets="monthly"``."""
    if sheets not in ("monthly", "single"):
        raise ValueError(f"sheets must be 'monthly' or 'single', not {sheets!r}")
    monthly = sheets == "monthly"
    workbook = monthly if workbook is None else workbook
    gen = _Generator(seed, fiscal_year, layout, rows_per_month, anomaly_rate, monthly)
    rng = gen.rng
    missing_month = FISCAL_MONTHS[rng.randint(1, 9)]
    empty_month = (rng.choice([m for m in FISCAL_MONTHS[1:10] if m != missing_month])
                   if monthly else None)
    months = [m for m in FISCAL_MONTHS if m not in (missing_month, empty_month)]
    by_month: dict[int, list[_Purchase]] = {m: [] for m in months}
    for month in months:
        by_month[month] = [gen.purchase(month) for _ in range(rows_per_month)]
    exception = gen.purchase(months[0], "specific", 650_000.0, LARGE_ITEMS[0])
    if layout == "ita":
        exception.method_text = EXCEPTION_METHOD
    by_month[months[0]].insert(rng.randint(0, len(by_month[months[0]])), exception)
    count = round(anomaly_rate * rows_per_month * len(months))
    for group in gen.anomalies(months, count):
        target = by_month[group[0].month]
        at = rng.randint(0, len(target))
        if group[0].anomaly == "split_purchase":
            at = len(target)
        target[at:at] = group
    table = _assemble(gen, by_month, missing_month, empty_month, workbook)
    table.seed = seed
    return table


def _assemble(gen: _Generator, by_month: dict[int, list[_Purchase]], missing_month: int, empty_month: int | None,
              workbook: bool) -> SyntheticProcurement:
    header = ITA_HEADER if gen.layout == "ita" else SORKHOR1_HEADER
    render = gen.ita_cells if gen.layout == "ita" else gen.sorkhor1_cells
    first_row = SyntheticProcurement.FIRST_DATA_ROW
    fy = gen.fy
    sheets: dict[str, pd.DataFrame] = {}
    statements: dict[str, str] = {}
    titles: dict[str, str] = {}
    placed: list[tuple[_Purchase, str, int]] = []
    single = "ข้อมูลการจัดซื้อจัดจ้าง"
    rows_single: list[list[Any]] = []
    for month in FISCAL_MONTHS:
        if month == missing_month:
            continue
        name = thai_date(gen.day_in(month).replace(day=1), "month") if gen.monthly else single
        title = (f"สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน "
                 f"{thai_date(gen.day_in(month), 'month')}" if gen.monthly else
                 f"รายการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ ประจำปีงบประมาณ พ.ศ. {fy}")
        titles[name] = title
        if month == empty_month:
            statements[name] = NO_PROCUREMENT
            sheets[name] = pd.DataFrame(columns=list(header))
            continue
        rows = rows_single if not gen.monthly else []
        for purchase in by_month[month]:
            rows.append(render(purchase, len(rows) + 1, workbook))
            placed.append((purchase, name, first_row + len(rows) - 1))
        if gen.monthly:
            sheets[name] = pd.DataFrame(rows, columns=list(header), dtype=object)
    if not gen.monthly:
        sheets[single] = pd.DataFrame(rows_single, columns=list(header), dtype=object)
    defects, clean = _defects(placed, missing_month, fy)
    return SyntheticProcurement(seed=0, fiscal_year=fy, layout=gen.layout,
                                sheets_mode="monthly" if gen.monthly else "single",
                                sheets=sheets, statements=statements, titles=titles,
                                defects=defects, clean_rows=clean, header=header,
                                guarded=gen.guarded)


_CHECK_OF = {"duplicate_project": "duplicate", "contract_outside_year": "contract_dates"}
_DETAIL = {
    "required_field": "a required value left blank", "amount": "an amount that cannot be read",
    "price_above_budget": "agreed price above the budget",
    "price_above_reference": "agreed price above the reference price",
    "reference_above_budget": "reference price above the budget",
    "method_threshold": "specific method above 500,000 baht with no exception stated",
    "no_contract_threshold": "above 100,000 baht with no contract number",
    "split_purchase": "three purchases of one item from one supplier within 15 days",
    "tax_id": "a wrong check digit", "duplicate": "the same row twice",
    "duplicate_project": "one project number on two rows",
    "contract_dates": "a contract ending before it starts",
    "contract_outside_year": "a contract signed before the fiscal year",
    "fiscal_year": "the previous fiscal year in ปีงบประมาณ",
}


def _defects(placed: list[tuple[_Purchase, str, int]], missing_month: int,
             fy: int) -> tuple[list[dict[str, Any]], set[tuple[str, int]]]:
    defects: list[dict[str, Any]] = []
    clean: set[tuple[str, int]] = set()
    for purchase, sheet, row in placed:
        if purchase.anomaly is None:
            clean.add((sheet, row))
            continue
        if purchase.anomaly in ("split_purchase", "duplicate", "duplicate_project"):
            continue
        defects.append({"check": _CHECK_OF.get(purchase.anomaly, purchase.anomaly),
                        "sheet": sheet, "row": row, "detail": _DETAIL[purchase.anomaly]})
    by_kind: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for purchase, sheet, row in placed:
        if purchase.anomaly in ("duplicate", "duplicate_project"):
            by_kind.setdefault((purchase.anomaly, purchase.project_no), []).append((sheet, row))
        elif purchase.anomaly == "split_purchase":
            by_kind.setdefault(("split_purchase", purchase.item.rsplit(" ชุดที่", 1)[0]),
                               []).append((sheet, row))
    for (kind, _), rows in by_kind.items():
        rows = sorted(rows)
        defects.append({"check": _CHECK_OF.get(kind, kind), "sheet": rows[0][0],
                        "row": rows[-1][1] if kind != "split_purchase" else rows[0][1],
                        "rows": [list(r) for r in rows], "detail": _DETAIL[kind]})
    defects.append({"check": "month_missing", "sheet": None, "month": missing_month,
                    "detail": f"month {missing_month} of fiscal year {fy} left out"})
    return defects, clean
