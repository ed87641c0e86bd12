"""Parse the OCSC annual HR management report (แบบรายงานการบริหารทรัพยากรบุคคล) into tidy tables.

The report is a text extraction of the OCSC form: tab-separated table rows, HTML-ish markup
(``<b>``, ``<p>``), Thai digits, ``-`` for "none" and typos. Parsing never stops at a bad
figure: every number becomes a :class:`Figure` that remembers its raw text and line, and every
problem (a missing table, an unparseable number, a header year out of sequence, a row without
a label) becomes a :class:`~ita_audit.findings.Finding` naming the table and row. Only an
unreadable or empty file is an :class:`~ita_audit.errors.InputError` (exit code 2).

Column years are read from the table headers, never assumed.

Only the tidy tables need pandas (:func:`figures_table` and :func:`build_tables` import it):
reading a report, and the registry of kinds that names :func:`looks_like`, do not.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from ita_audit.errors import WrongDocumentError
from ita_audit.findings import Finding
from ita_audit.thai import (
    NumberRange,
    expand_year,
    is_dash,
    parse_number,
    parse_number_range,
    parse_thai_date,
    to_arabic_digits,
)
from ita_audit.util.atomic import atomic_write_text
from ita_audit.util.sources import SourceText, read_source

if TYPE_CHECKING:
    import pandas as pd

# Table ids are the form's own section numbers; "scorecard" is the summary of ส่วนที่ ๑. The
# names write them in Arabic digits, as the record's messages do (the form writes Thai ones).
TABLE_NAMES = {
    "scorecard": "สรุปผล HR Scorecard",
    "scorecard_detail": "HR Scorecard รายตัวชี้วัด (ส่วนที่ 1)",
    "2.1": "2.1 ข้อมูลกำลังคน", "2.5": "2.5 งบประมาณและต้นทุน", "2.1.1": "2.1.1 อัตรากำลังคน", "2.1.2": "2.1.2 การเคลื่อนไหวของข้าราชการ",
    "2.2": "2.2 กรอบอัตรากำลังข้าราชการ", "2.3": "2.3 โครงสร้างอายุข้าราชการ",
    "2.4": "2.4 บุคลากรของหน่วยบริหารทรัพยากรบุคคล", "2.5.1": "2.5.1 งบประมาณ",
    "2.5.2": "2.5.2 ต้นทุนรวมแยกตามแหล่งเงิน", "2.5.3": "2.5.3 ต้นทุนกิจกรรมย่อยด้านบุคลากร",
    "2.6.2": "2.6.2 ผลการประเมินและการเลื่อนเงินเดือน", "2.7": "2.7 ปัญหาอุปสรรค",
    "2.8": "2.8 นวัตกรรม", "cover": "ปกและหนังสือรับรอง", "appendix": "ส่วนที่ 3 ภาคผนวก",
}
# The section headings that must be present, and the table each one holds.
REQUIRED_SECTIONS = ("2.1", "2.2", "2.3", "2.4", "2.5", "2.6.2", "2.7", "2.8")

# Row vocabulary: (key, words that identify the row label, spaces removed). First match wins.
_ROW_KEYS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "2.1.1": (("total", ("รวม",)), ("civil_servants", ("ข้าราชการ",)),
              ("permanent_employees", ("ลูกจ้างประจำ",)),
              ("temporary_employees", ("ลูกจ้างชั่วคราว",)),
              ("government_employees", ("พนักงานราชการ",))),
    "2.1.2": (("new_hire", ("บรรจุใหม่",)), ("transfer_in", ("รับโอน",)),
              ("reinstated", ("บรรจุกลับ",)), ("section_56", ("มาตรา",)),
              ("resigned", ("ลาออก",)), ("dismissed", ("ให้ออ",)), ("retired", ("เกษียณ",)),
              ("other", ("อื่น",))),
    "2.2": (("total", ("รวม",)), ("executive", ("บริหาร",)), ("managerial", ("อำนวยการ",)),
            ("academic", ("วิชาการ",)), ("general", ("ทั่วไป",))),
    "2.3": (("total", ("รวม",)),),
    "2.4": (("total", ("รวม",)), ("civil_servants", ("ข้าราชการ",)),
            ("government_employees", ("พนักงานราชการ",))),
    "2.5.1": (("total", ("งบประมาณรวม",)), ("personnel", ("งบบุคลากร",))),
    "2.5.2": (("total", ("รวม",)), ("personnel", ("ค่าใช้จ่ายบุคลากร",)),
              ("training", ("ฝึกอบรม",)), ("travel", ("เดินทาง",)),
              ("materials_utilities", ("วัสดุ", "สาธารณูปโภค")),
              ("depreciation", ("เสื่อมราคา",)), ("subsidies_other", ("อุดหนุน", "ผลิตอื่น"))),
    "2.5.3": (("admin_cost_per_head", ("ต่อหน่วยด้านบริหาร",)),
              ("development_cost_per_hour", ("ต่อหน่วยด้านการพัฒนา",)),
              ("admin_cost", ("ต้นทุนรวมด้านบริหาร",)), ("training_hours", ("ชั่วโมง",)),
              ("costing_headcount", ("จำนวนบุคลากร",)), ("development_cost", ("ด้านการพัฒนา",))),
}
# Sub-column vocabulary per table (header words -> column); the first column word that matches.
_COLUMN_KEYS: dict[str, tuple[tuple[str, str], ...]] = {
    "2.1": (("สัดส่วน", "share"), ("จำนวน", "count")),
    "2.2": (("กรอบ", "establishment"), ("ว่าง", "vacant"), ("จำนวน", "filled")),
    "2.3": (("หญิง", "female"), ("ชาย", "male")),
    "2.4": (("จำนวน", "count"),),
    "2.5": (("สัดส่วน", "share"), ("มูลค่า", "value")),
}
MAX_FIGURE = Decimal(10) ** 15      # no figure of an agency report comes near a quadrillion
UNIT_COSTS = {"admin_cost": "ต้นทุนรวมด้านบริหารบุคลากร", "costing_headcount": "จำนวนบุคลากรที่ใช้คำนวณ",
              "admin_cost_per_head": "ต้นทุนต่อหน่วยด้านบริหารบุคลากร",
              "development_cost": "ต้นทุนด้านการพัฒนาทรัพยากรบุคคล",
              "training_hours": "จำนวนชั่วโมง/คนการฝึกอบรม",
              "development_cost_per_hour": "ต้นทุนต่อหน่วยด้านการพัฒนาทรัพยากรบุคคล"}
PERFORMANCE_LEVELS = ("ดีเด่น", "ดีมาก", "ดี", "พอใช้", "ต้องปรับปรุง")

_TAG_RE = re.compile(r"<[^>]*>")
_MD_RE = re.compile(r"\*\*|^#+\s*")
_SPACE_RE = re.compile(r"[ \u00a0\u200b]+")
_HEADING_RE = re.compile(r"^(?:#+\s*)?(?:\*\*)?\s*(2\.[1-8](?:\.[1-9])?)\s+\S")
_APPENDIX_RE = re.compile(r"^ส่วนที่\s*3\s*ภาคผนวก$")
# A year in a header cell: BE as the form writes it ("ปีที่ ๒๕๖๒"), or a Gregorian or 2-digit
# year ("ปี 2019", "ปี ค.ศ. 2019", "ปี 62"), read as BE (:func:`_header_year`).
_YEAR_CELL_RE = re.compile(r"^ปี(?:ที่)?\s*(?:(?P<era>[พค])\.\s?ศ\.\s*)?(?P<y>[0-9]{2,5})$")
_SUBSECTION_RE = re.compile(r"^(2\.[1-8]\.[1-9])\s")
_NUMBERING_RE = re.compile(r"^(?:[0-9]+(?:\.[0-9]+)*[.)]?\s+|[0-9]+\)\s*|[-•]\s*)")
_ROUND_RE = re.compile(r"รอบ\s*(?P<round>[0-9])\s*/?\s*ปี(?:ที่)?\s*(?:(?P<era>[พค])\.\s?ศ\.\s*)?"
                       r"(?P<y>[0-9]{4}|[0-9]{2})(?![0-9])")
# BE, CE, or the BE year's last two digits ("ประจำปี ๖๒")
_REPORT_YEAR_RE = re.compile(r"ประจำปี(?:งบประมาณ)?\s*(?:พ\.\s?ศ\.\s*)?([0-9]{4}|[0-9]{2})(?![0-9])")
_REPORT_DATE_RE = re.compile(r"วัน\s*เดือน\s*ปี\s*ที่ทำ(?:งาน|รายงาน)?\s*(.+)$")
_CHART_RE = re.compile(r"^[-•]?\s*(3\.[1-9])\s+แผนภาพ")
_IMAGE_RE = re.compile(r"!\[|<img\b", re.IGNORECASE)
_LIST_ITEM_RE = re.compile(r"^(?P<num>[0-9]+(?:\.[0-9]+)*)\)\s*(?P<text>.*)$")


def clean(text: str) -> str:
    """Cell text without markup (``<b>``, ``<p>``, ``**``, ``##``), with single spaces."""
    return _SPACE_RE.sub(" ", _MD_RE.sub("", _TAG_RE.sub(" ", text))).strip()


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True)
class Figure:
    """One number of the report, where it stands and what it says.

    ``value`` is exact (``Decimal``) with the stated precision; a ``-`` is read as zero and
    flagged ``dash``; a cell that is neither a number nor a dash has ``value`` None.
    """

    table: str
    group: str            # e.g. "entry"/"loss" in 2.1.2, "1/2562" (round/year) in 2.6.2
    row: str              # the row label as written (markup removed)
    key: str              # canonical row key ("civil_servants", "total", "<=24", ...)
    kind: str             # "part", "total" or "value"
    year: int | None
    column: str           # "count", "share", "establishment", "female", "value", ...
    value: Decimal | None
    raw: str
    dash: bool
    line: int


@dataclass(frozen=True)
class ScorecardRow:
    """A row of the HR Scorecard summary: a dimension, an item or the grand total."""

    kind: str             # "dimension", "item" or "total"
    dimension: int | None
    item: str             # "1.1", "1.2(2)", "5", ... ("" for dimension and total rows)
    name: str
    weight: Decimal | None
    levels: tuple[Decimal | None, ...]
    score: Decimal | None
    weighted: Decimal | None
    line: int
    raw: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ScorecardDetail:
    """An item as written in the detail pages of ส่วนที่ ๑ (number, weight, self-score)."""

    number_written: str   # the number the detail page gives ("12" for what is item 13)
    item: str             # the summary item it matches
    name: str
    weight: Decimal | None
    score: Decimal | None
    line: int


@dataclass(frozen=True)
class PerformanceBand:
    """One level of one appraisal round in 2.6.2: score band, raise band and head counts."""

    year: int
    round: int
    level: str
    score_range: NumberRange | None
    raise_range: NumberRange | None
    score_raw: str
    raise_raw: str
    counts: dict[str, Decimal | None]
    line: int


@dataclass(frozen=True)
class ListItem:
    """A numbered entry of 2.7 (problems) or 2.8 (innovations)."""

    number: str
    level: int
    text: str
    line: int


@dataclass
class HrReport:
    """Everything read from one HR report, plus the problems met while reading it."""

    source: SourceText
    fiscal_year: int | None = None
    fiscal_year_written: str = ""       # the year as the title writes it ("2562", "2019", "62")
    agency_name: str = ""
    report_date: date | None = None
    report_date_raw: str = ""
    report_date_line: int | None = None
    figures: list[Figure] = field(default_factory=list)
    scorecard: list[ScorecardRow] = field(default_factory=list)
    scorecard_detail: list[ScorecardDetail] = field(default_factory=list)
    performance: list[PerformanceBand] = field(default_factory=list)
    problems: list[ListItem] = field(default_factory=list)
    innovations: list[ListItem] = field(default_factory=list)
    required_charts: list[str] = field(default_factory=list)
    has_images: bool = False
    header_years: dict[str, list[int]] = field(default_factory=dict)
    header_cells: list[HeaderYear] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.source.path

    # -- lookups used by the checks and indicators -------------------------------------
    def select(self, table: str, *, column: str | None = None, year: int | None = None,
               key: str | None = None, group: str | None = None,
               kind: str | None = None) -> list[Figure]:
        """Figures of ``table`` filtered by column, year, key, group and kind."""
        return [f for f in self.figures if f.table == table
                and (column is None or f.column == column) and (year is None or f.year == year)
                and (key is None or f.key == key) and (group is None or f.group == group)
                and (kind is None or f.kind == kind)]

    def value(self, table: str, key: str, column: str, year: int,
              group: str | None = None) -> Decimal | None:
        """One figure's value (a dash is zero), or None when absent or unparseable.

        A lookup that matches figures of several groups (2.1.2's entries and losses both have a
        ``total``) must name the group: that is a programming error, not a data problem.
        """
        hits = self.select(table, column=column, year=year, key=key, group=group)
        if len({f.group for f in hits}) > 1:
            raise LookupError(f"{table} {key} {column} {year}: several groups match; pass group=")
        return hits[0].value if hits else None

    def years(self, table: str) -> list[int]:
        """The years of ``table`` as read (and, when out of sequence, corrected) from its header."""
        return list(self.header_years.get(table, []))

    def dash_counts(self) -> dict[str, int]:
        """How many ``-`` cells each table had (each read as zero)."""
        counts: dict[str, int] = {}
        for f in self.figures:
            if f.dash:
                counts[f.table] = counts.get(f.table, 0) + 1
        return counts

    def tables(self) -> dict[str, pd.DataFrame]:
        """The report as tidy tables (floats for display; exact values stay in ``figures``)."""
        return build_tables(self)


# ----------------------------------------------------------------------------- reading

@dataclass(frozen=True)
class _Line:
    number: int
    text: str                      # Arabic digits, original layout

    @property
    def cells(self) -> list[str]:
        return [clean(c) for c in self.text.split("\t")]

    @property
    def tabular(self) -> bool:
        return "\t" in self.text


def load_hr_report(path: str | Path) -> HrReport:
    """Read and parse one HR report; only an unreadable or empty file raises InputError."""
    return parse_hr_report(read_source(path, what="HR annual report"))


#: What an HR report is called in messages about a file of another kind.
DOCUMENT = "an annual HR report (OCSC form)"
_FORM_MARKS = ("HR Scorecard", "รายงานการบริหารทรัพยากรบุคคล")


def looks_like(text: str) -> bool:
    """True for the OCSC HR report form: its title or the HR Scorecard; or, when the first
    pages are missing, three of its section headings 2.1–2.8 and its workforce tables
    (อัตรากำลัง). A truncated report qualifies: what is missing becomes findings. Other
    documents number sections 2.1, 2.2 … too, so headings alone are not enough."""
    if any(mark in text for mark in _FORM_MARKS):
        return True
    norm = to_arabic_digits(text)
    headings = {m.group(1)[:3] for line in norm.split("\n") if (m := _HEADING_RE.match(line))}
    return len(headings) >= 3 and "อัตรากำลัง" in norm


def parse_hr_report(source: SourceText) -> HrReport:
    """Parse the report's text into figures, scorecard rows, lists and parse findings; a text
    that is not the OCSC form raises :class:`~ita_audit.errors.WrongDocumentError`."""
    if not looks_like(source.text):
        raise WrongDocumentError(source.path, DOCUMENT, "no HR Scorecard and no section "
                                 "headings 2.1–2.8", fix="give the agency's annual HR report on "
                                 "the OCSC form, exported as text")
    lines = [_Line(i, to_arabic_digits(t)) for i, t in enumerate(source.text.split("\n"), 1)]
    report = HrReport(source=source)
    _read_cover(lines, report)
    sections = _sections(lines)
    for name in REQUIRED_SECTIONS:
        if name not in sections:
            report.findings.append(Finding(
                "table_missing", name, None, f"หัวข้อ {name}", None, "error",
                f"ไม่พบหัวข้อ {name} ({TABLE_NAMES.get(name, name)}) ในรายงาน "
                "จึงตรวจหัวข้อนี้ไม่ได้", row=f"หัวข้อ {name}"))
    grid_tables = {"2.1": _read_workforce, "2.2": _read_simple_grid, "2.3": _read_simple_grid,
                   "2.4": _read_simple_grid, "2.5": _read_budget}
    for name, reader in grid_tables.items():
        if name in sections:
            block = _first_block(sections[name])
            if block is None:
                report.findings.append(Finding(
                    "table_missing", name, None, "ตาราง", None, "error",
                    f"หัวข้อ {name} ไม่มีตารางข้อมูล (แถวที่คั่นด้วย tab)",
                    line=sections[name][0].number))
            else:
                reader(name, block, report)
    if "2.6.2" in sections:
        _read_performance(sections["2.6.2"], report)
    if "2.7" in sections:
        report.problems = _read_list(sections["2.7"][1:])
    if "2.8" in sections:
        report.innovations = _read_list(sections["2.8"][1:])
    _read_appendix(sections.get("appendix", []), lines, report)
    _read_scorecard(lines, report)
    _read_scorecard_detail(lines, report)
    return report


def _read_cover(lines: list[_Line], report: HrReport) -> None:
    for line in lines[:120]:
        text = clean(line.text)
        if report.fiscal_year is None and (m := _REPORT_YEAR_RE.search(text)):
            report.fiscal_year = expand_year(m.group(1))     # "2019" (CE) is 2562
            report.fiscal_year_written = m.group(1)
        if not report.agency_name and text.startswith("สำนักงาน") and "\t" not in line.text:
            report.agency_name = text.split(" กระทรวง")[0]
        if report.report_date_line is None and (m := _REPORT_DATE_RE.search(text)):
            report.report_date_raw = m.group(1).strip()
            report.report_date = parse_thai_date(report.report_date_raw)
            report.report_date_line = line.number


def _sections(lines: list[_Line]) -> dict[str, list[_Line]]:
    """Section id -> its lines (heading first), for the 2.x headings and the appendix."""
    starts: list[tuple[str, int]] = []
    for index, line in enumerate(lines):
        if line.tabular:
            continue
        text = line.text.strip()
        if m := _HEADING_RE.match(text):
            starts.append((m.group(1), index))
        elif _APPENDIX_RE.match(clean(text)):
            starts.append(("appendix", index))
    sections: dict[str, list[_Line]] = {}
    for (name, start), nxt in zip(starts, [*starts[1:], ("", len(lines))]):
        sections.setdefault(name, lines[start:nxt[1]])
    return sections


def _blocks(lines: Iterable[_Line]) -> Iterator[list[_Line]]:
    """Runs of consecutive tab-separated lines (the tables)."""
    block: list[_Line] = []
    for line in lines:
        if line.tabular:
            block.append(line)
        elif block:
            yield block
            block = []
    if block:
        yield block


def _first_block(section: list[_Line]) -> list[_Line] | None:
    return next(_blocks(section[1:]), None)


def _row_key(table: str, label: str) -> str:
    compact = _compact(label)
    for key, words in _ROW_KEYS.get(table, ()):
        if any(w in compact for w in words):
            return key
    return _NUMBERING_RE.sub("", label).strip() or label


def _cell_figure(report: HrReport, *, table: str, group: str, row: str, key: str, kind: str,
                 year: int | None, column: str, raw: str, line: int) -> Figure | None:
    """A Figure for one cell; blank cells give None; a non-number is a finding."""
    if raw == "":
        return None
    dash = is_dash(raw)
    value = Decimal(0) if dash else parse_number(raw)
    if value is not None and abs(value) >= MAX_FIGURE:
        report.findings.append(Finding(
            "implausible_number", table, year, f"< {MAX_FIGURE:,}", raw, "error",
            f"ตาราง {table} แถว '{row}' ปี {year} คอลัมน์ {column}: '{raw}' ใหญ่เกินกว่าจะเป็นตัวเลข"
            "ในรายงานนี้ จึงไม่นำมาคำนวณ", row=row, line=line))
        value = None
    elif value is None:
        report.findings.append(Finding(
            "unparseable_number", table, year, "ตัวเลข", raw, "error",
            f"ตาราง {table} แถว '{row}' ปี {year} คอลัมน์ {column}: อ่าน '{raw}' เป็นตัวเลขไม่ได้ "
            "จึงไม่นำมาคำนวณ", row=row, line=line))
    figure = Figure(table, group, row, key, kind, year, column, value, raw, dash, line)
    report.figures.append(figure)
    return figure


def _header_year(match: re.Match[str]) -> int:
    """The BE year of a header's year: 4 digits BE, or Gregorian converted; 2 digits BE ("๖๒":
    2562). Any other number (a typo, "๓๕๖๑", "๒๕๖", "๒๕๖๑๑"; "ค.ศ. 19", which could be 2019 or
    1919) as written: the column keeps its place, takes the year its position implies, and the
    sequence check names it."""
    digits = match.group("y")
    if len(digits) == 2 and match.group("era") == "ค":
        return int(digits)
    return expand_year(digits) or int(digits)


@dataclass(frozen=True)
class _Grid:
    years: list[int]
    columns: list[tuple[int, int, str]]     # (cell index, year index, column name)
    data: list[_Line]


def _read_grid(table: str, block: list[_Line], report: HrReport) -> _Grid | None:
    """Find the header line with the years, the sub-column names and the data lines."""
    for index, line in enumerate(block[:3]):  # noqa: B007 - index is read after the loop
        positions = [(i, _header_year(m)) for i, cell in enumerate(line.cells)
                     if (m := _YEAR_CELL_RE.match(cell))]
        if len(positions) >= 2:
            break
    else:
        report.findings.append(Finding(
            "header_years_missing", table, None, "ปีในหัวตาราง", None, "error",
            f"ตาราง {table}: หาหัวตารางที่ระบุปี (เช่น 'ปีที่ ๒๕๖๒') ไม่พบ จึงอ่านตัวเลขตามปีไม่ได้",
            line=block[0].number))
        return None
    stated = [year for _, year in positions]
    years = _checked_years(table, stated, line.number, report)
    span = positions[1][0] - positions[0][0]
    data_start = index + 1
    sub_cells: list[str] = []
    if data_start < len(block):
        nxt = block[data_start].cells
        if nxt and nxt[0] == "" and not any(parse_number(c) is not None for c in nxt):
            sub_cells, data_start = nxt, data_start + 1
    vocabulary = _COLUMN_KEYS[table]
    columns = []
    for year_index, (position, _) in enumerate(positions):
        for offset in range(span):
            cell = position + offset
            name = sub_cells[cell] if cell < len(sub_cells) else ""
            if not name and span == 1:
                name = " ".join(block[0].cells[1:2])
            column = next((key for word, key in vocabulary if word in _compact(name)), None)
            if column is None:
                column = f"column{offset + 1}"
            columns.append((cell, year_index, column))
    report.header_years[table] = years
    return _Grid(years=years, columns=columns, data=block[data_start:])


@dataclass(frozen=True)
class HeaderYear:
    """One year cell of a table header: as written, and as its position implies."""

    table: str
    position: int
    stated: int
    expected: int
    line: int


def _checked_years(table: str, stated: list[int], line: int, report: HrReport) -> list[int]:
    """The years a table's columns stand for, read from its header.

    Stated years that run one year apart (newest first, as the form has them, or oldest first)
    are used as written. When a cell breaks the run (``ปี ๒๕๕๑`` between 2562 and 2560), the run
    most cells agree on (preferring the one ending at the report year) decides, and the odd
    cell takes the year its position implies; ``report.header_cells`` keeps both, and the
    checks report the difference.
    """
    count = len(stated)
    candidates: list[tuple[int, int, list[int]]] = []
    for step in (-1, 1):
        for index, year in enumerate(stated):
            run = [year + step * (i - index) for i in range(count)]
            agree = sum(a == b for a, b in zip(run, stated))
            current = report.fiscal_year in run
            candidates.append((agree, current, run))
    _, _, years = max(candidates, key=lambda c: (c[0], c[1]))
    report.header_cells.extend(HeaderYear(table, index + 1, year, expected, line)
                               for index, (year, expected) in enumerate(zip(stated, years)))
    return years


def _row_cells(table: str, line: _Line, report: HrReport) -> tuple[str, list[str]]:
    """The label and the cells of a data row; a row whose label is a number lost its label."""
    cells = line.cells
    label = cells[0]
    if label and (parse_number(label) is not None or is_dash(label)):
        report.findings.append(Finding(
            "row_without_label", table, None, "ชื่อรายการ", None, "warning",
            f"ตาราง {table} บรรทัด {line.number}: แถว '{' | '.join(c for c in cells if c)}' ไม่มีชื่อรายการ "
            "(ชื่อน่าจะถูกรวมไว้ในแถวก่อนหน้า) อ่านค่าเป็นของปีแรกและนับรวมในผลรวม",
            row=f"บรรทัด {line.number}", line=line.number))
        return f"(ไม่มีชื่อ บรรทัด {line.number})", [""] + cells
    return label, cells


def _emit_row(table: str, grid: _Grid, line: _Line, report: HrReport, *, label: str,
              cells: list[str], key: str, kind: str, group: str = "") -> None:
    for cell, year_index, column in grid.columns:
        raw = cells[cell] if cell < len(cells) else ""
        _cell_figure(report, table=table, group=group, row=label, key=key, kind=kind,
                     year=grid.years[year_index], column=column, raw=raw, line=line.number)


def _has_values(grid: _Grid, cells: list[str]) -> bool:
    return any(c < len(cells) and cells[c] for c, _, _ in grid.columns)


def _data_rows(table: str, grid: _Grid, report: HrReport,
               first: str | None = None) -> Iterator[tuple[str, _Line, str, list[str]]]:
    """The rows of a grid that carry values, each with the sub-table it belongs to. With
    ``first`` given, a label row such as ``2.5.2 ข้อมูลรายงานต้นทุนรวม`` starts the next sub-table
    (``first`` until then); without it, the grid has none and every row is ``table``'s."""
    sub = first or table
    for line in grid.data:
        label, cells = _row_cells(table, line, report)
        if first is not None and (m := _SUBSECTION_RE.match(label)):
            sub = m.group(1)
        elif label and _has_values(grid, cells):
            yield sub, line, label, cells


def _read_simple_grid(table: str, block: list[_Line], report: HrReport) -> None:
    """2.2, 2.3, 2.4: numbered parts and a ``รวม`` total row."""
    grid = _read_grid(table, block, report)
    if grid is None:
        return
    for _, line, label, cells in _data_rows(table, grid, report):
        key = _row_key(table, label)
        if table == "2.3" and key != "total":
            key = _compact(label)
        _emit_row(table, grid, line, report, label=label, cells=cells, key=key,
                  kind="total" if key == "total" else "part")


def _read_workforce(table: str, block: list[_Line], report: HrReport) -> None:
    """2.1: 2.1.1 workforce by type, 2.1.2 entries and losses with their reasons."""
    grid = _read_grid(table, block, report)
    if grid is None:
        return
    group = ""
    for sub, line, label, cells in _data_rows(table, grid, report, "2.1.1"):
        if sub == "2.1.1":
            key = _row_key("2.1.1", label)
            _emit_row("2.1.1", grid, line, report, label=label, cells=cells, key=key,
                      kind="total" if key == "total" else "part")
        elif re.match(r"^[0-9]+\)", label):           # a movement group: its row is the total
            compact = _compact(label)
            group = "loss" if ("สูญเสีย" in compact or "ออก" in compact) else "entry"
            _emit_row("2.1.2", grid, line, report, label=label, cells=cells, key="total",
                      kind="total", group=group)
        else:
            _emit_row("2.1.2", grid, line, report, label=label, cells=cells,
                      key=_row_key("2.1.2", label), kind="part", group=group or "entry")
    report.header_years["2.1.1"] = report.header_years["2.1.2"] = grid.years
    _civil_servants_row(block, report)


def _civil_servants_row(block: list[_Line], report: HrReport) -> None:
    """Table 2.1.1 must have its civil-servant row: the checks across tables, of the flow in
    and out and of the appraisal coverage start from it, and would otherwise be skipped with no
    finding to say why. A row whose label was not recognised (damaged text: "ขา้ราชการ") is
    named, and the finding points at the first of them."""
    if report.select("2.1.1", key="civil_servants"):
        return
    known = {key for key, _ in _ROW_KEYS["2.1.1"]}
    others = [f for f in report.select("2.1.1") if f.key not in known]
    unread = list(dict.fromkeys(f.row for f in others))
    named = f"; แถวที่อ่านชื่อไม่ออก: {', '.join(repr(r) for r in unread)}" if unread else ""
    report.findings.append(Finding(
        "row_missing", "2.1.1", None, "ข้าราชการ", unread or None, "error",
        "ตาราง 2.1.1 ไม่มีแถว 'ข้าราชการ' จึงตรวจจำนวนข้าราชการเทียบกับตาราง 2.2 และ 2.3 "
        f"การเข้า-ออก (2.1.2) และความครอบคลุมของการประเมิน (2.6.2) ไม่ได้{named}",
        row="ข้าราชการ", line=others[0].line if others else block[0].number))


def _read_budget(table: str, block: list[_Line], report: HrReport) -> None:
    """2.5: budget (2.5.1), cost by source (2.5.2) and HR activity costs (2.5.3)."""
    grid = _read_grid(table, block, report)
    if grid is None:
        return
    for sub, line, label, cells in _data_rows(table, grid, report, "2.5.1"):
        key = _row_key(sub, label)
        if label.startswith("(ไม่มีชื่อ"):
            key = "unlabelled"
        kind = "total" if key == "total" else ("value" if sub == "2.5.3" else "part")
        _emit_row(sub, grid, line, report, label=label, cells=cells, key=key, kind=kind)
    for sub in ("2.5.1", "2.5.2", "2.5.3"):
        report.header_years[sub] = grid.years
    present = {f.key for f in report.select("2.5.3")}
    for key, label in UNIT_COSTS.items():
        if key not in present:
            report.findings.append(Finding(
                "row_missing", "2.5.3", None, label, None, "error",
                f"ตาราง 2.5.3 ไม่มีแถว '{label}' จึงตรวจต้นทุนต่อหน่วยที่เกี่ยวข้องไม่ได้",
                row=label, line=block[0].number))


def _read_performance(section: list[_Line], report: HrReport) -> None:
    """2.6.2: per appraisal round, each level's score band, raise band and counts by group."""
    years: list[int] = []
    for block in _blocks(section[1:]):
        header = [c for c in block[0].cells]
        if not any("ระดับผล" in _compact(c) for c in header):
            continue
        groups_line = block[1].cells if len(block) > 1 else []
        groups = [c for c in groups_line[4:] if c] or ["จำนวน"]
        current: tuple[int, int] | None = None
        for line in block[2:]:
            cells = line.cells + [""] * 8
            if m := _ROUND_RE.search(cells[0]):
                current = (_header_year(m), int(m.group("round")))
                if current[0] not in years:
                    years.append(current[0])
            if current is None or not cells[1]:
                continue
            year, round_no = current
            counts: dict[str, Decimal | None] = {}
            for offset, group in enumerate(groups):
                figure = _cell_figure(
                    report, table="2.6.2", group=f"{round_no}/{year}", row=cells[1],
                    key=cells[1], kind="part", year=year, column=group,
                    raw=cells[4 + offset], line=line.number)
                counts[group] = figure.value if figure else None
            report.performance.append(PerformanceBand(
                year=year, round=round_no, level=cells[1],
                score_range=parse_number_range(cells[2]), raise_range=parse_number_range(cells[3]),
                score_raw=cells[2], raise_raw=cells[3], counts=counts, line=line.number))
    if not report.performance:
        report.findings.append(Finding(
            "table_missing", "2.6.2", None, "ตารางผลการประเมิน", None, "error",
            "หัวข้อ 2.6.2 ไม่มีตารางผลการประเมิน (รอบ/ระดับผล/ช่วงคะแนน/จำนวนข้าราชการ)",
            line=section[0].number))
    report.header_years["2.6.2"] = years


def _read_list(lines: list[_Line]) -> list[ListItem]:
    """Numbered entries ``1)``, ``2.1)`` and ``-`` bullets, each with its nesting level."""
    items: list[ListItem] = []
    for line in lines:
        text = clean(line.text)
        if not text:
            continue
        if m := _LIST_ITEM_RE.match(text):
            items.append(ListItem(m["num"], m["num"].count(".") + 1, m["text"].strip(), line.number))
        elif text.startswith("-"):
            parent = next((i.level for i in reversed(items) if i.number != "-"), 0)
            items.append(ListItem("-", parent + 1,
                                  text.lstrip("- ").strip(), line.number))
        elif items:                                        # a paragraph continuing an entry
            last = items[-1]
            items[-1] = ListItem(last.number, last.level, f"{last.text} {text}", last.line)
    return items


def _read_appendix(section: list[_Line], lines: list[_Line], report: HrReport) -> None:
    charts = []
    for line in section:
        if m := _CHART_RE.match(clean(line.text)):
            if m.group(1) not in charts:
                charts.append(m.group(1))
    report.required_charts = charts
    report.has_images = any(_IMAGE_RE.search(line.text) for line in lines)


# ----------------------------------------------------------------------------- scorecard

_DIMENSION_RE = re.compile(r"^(?:มิติ|มติ)(?:ที่|นี้)?\s*([0-9])\s*(.*)$")
_ITEM_RE = re.compile(r"^(?:(?P<sub>[0-9]\.[0-9])|(?P<num>[0-9]+)\))\s*(?P<name>.*)$")
_WEIGHT_RE = re.compile(r"\(น้ำหนักร้อยละ\s*([0-9.]+)\s*\)")


def _scorecard_columns(header: list[_Line]) -> dict[str, int | list[int]]:
    """Column positions of weight, scoring levels, self-score and weighted score."""
    top, sub = header[0].cells, header[1].cells if len(header) > 1 else []
    weight = next((i for i, c in enumerate(top) if "น้ำหนัก" in _compact(c)), 1)
    levels = [i for i, c in enumerate(sub) if parse_number(c) is not None]
    score = next((i for i, c in enumerate(sub) if "ที่ได้" in _compact(c)), 5)
    weighted = next((i for i, c in enumerate(sub) if "ถ่วง" in _compact(c)), 6)
    return {"weight": weight, "levels": levels or [2, 3, 4], "score": score, "weighted": weighted}


def _read_scorecard(lines: list[_Line], report: HrReport) -> None:
    """The summary table of ส่วนที่ ๑: dimensions, items, weights, levels, scores."""
    start = next((i for i, line in enumerate(lines) if line.tabular
                  and "ตัวชี้วัดการบริหารทรัพยากรบุคคล" in _compact(line.cells[0])), None)
    if start is None:
        report.findings.append(Finding(
            "table_missing", "scorecard", None, "ตารางสรุป HR Scorecard", None, "error",
            "ไม่พบตารางสรุปผล HR Scorecard (แถวหัว 'ตัวชี้วัดการบริหารทรัพยากรบุคคล')"))
        return
    block = next(_blocks(lines[start:]))
    cols = _scorecard_columns(block[:2])
    dimension: int | None = None
    group = ""
    for line in block[2:]:
        cells = line.cells + [""] * 8
        label = cells[0]
        raw = {"weight": cells[cols["weight"]], "score": cells[cols["score"]],  # type: ignore[index]
               "weighted": cells[cols["weighted"]]}                              # type: ignore[index]
        numbers = {k: _scorecard_number(report, v, label, k, line.number) for k, v in raw.items()}
        levels = tuple(_scorecard_number(report, cells[i], label, "levels", line.number)
                       for i in cols["levels"])  # type: ignore[union-attr]
        if m := _DIMENSION_RE.match(label):
            dimension, group = int(m.group(1)), ""
            report.scorecard.append(ScorecardRow("dimension", dimension, "", m.group(2).strip(),
                                                 numbers["weight"], (), numbers["score"],
                                                 numbers["weighted"], line.number, raw))
        elif "น้ำหนักรวม" in _compact(label):
            tail = [parse_number(c) for c in cells[cols["weight"] + 1:]]  # type: ignore[operator]
            total = next((v for v in reversed(tail) if v is not None), None)
            report.scorecard.append(ScorecardRow("total", None, "", label, numbers["weight"], (),
                                                 None, total, line.number, raw))
        elif m := _ITEM_RE.match(label):
            if m["sub"] and not any(raw.values()):
                group = m["sub"]                            # "1.2 การบริหารจัดการอัตรากำลัง"
                continue
            item = m["sub"] or (f"{group}({m['num']})" if group else m["num"])
            report.scorecard.append(ScorecardRow("item", dimension, item, m["name"].strip(),
                                                 numbers["weight"], levels, numbers["score"],
                                                 numbers["weighted"], line.number, raw))


def _scorecard_number(report: HrReport, raw: str, row: str, column: str,
                      line: int) -> Decimal | None:
    """A scorecard cell as a number; text that is not a label ("ค่าคะแนนที่ได้") is a finding."""
    if raw == "":
        return None
    if is_dash(raw):
        return Decimal(0)
    value = parse_number(raw)
    if value is not None and abs(value) >= MAX_FIGURE:
        value = None
    if value is None and "คะแนน" not in raw:
        report.findings.append(Finding(
            "unparseable_number", "scorecard", None, "ตัวเลข", raw, "error",
            f"HR Scorecard แถว '{row}' คอลัมน์ {column}: อ่าน '{raw}' เป็นตัวเลขไม่ได้",
            row=row, line=line))
    return value


def _read_scorecard_detail(lines: list[_Line], report: HrReport) -> None:
    """Item rows of the detail pages (``รายการ | คะแนน | เกณฑ์การให้คะแนน``): number, weight
    and self-score, matched to the summary items by number and, when numbers repeat, by name."""
    summary = {row.item: row for row in report.scorecard if row.kind == "item"}
    merged: dict[tuple[str, str, str], dict] = {}
    group = ""
    for line in lines:
        if not line.tabular:
            text = clean(line.text)
            if re.match(r"^1\.2\s", text):
                group = "1.2"
            elif _DIMENSION_RE.match(text) and not text.startswith(("มิติที่ 1", "มติที่ 1")):
                group = ""
            continue
        cells = line.cells + ["", ""]
        m = re.match(r"^([0-9]+)\)\s*(.*)$", cells[0])
        if not m or len(line.text.split("\t")) != 3:
            continue
        number, name = m.group(1), m.group(2)
        weight = _WEIGHT_RE.search(name)
        score = parse_number(cells[1])
        key = (group, number, _compact(name)[:12])
        entry = merged.setdefault(key, {"name": re.sub(r"\s*\(ต่อ\)\s*$", "", _WEIGHT_RE.sub("", name)).strip(),
                                        "weight": None, "score": None, "line": line.number,
                                        "group": group, "number": number})
        if weight and entry["weight"] is None:
            entry["weight"] = parse_number(weight.group(1))
        if score is not None and entry["score"] is None:
            entry["score"] = score
    # Continuation rows ("(ต่อ)") repeat the number with a shortened name: fold them in.
    entries: list[dict] = []
    for entry in merged.values():
        prior = next((e for e in entries if e["group"] == entry["group"]
                      and e["number"] == entry["number"]
                      and _same_item(e["name"], entry["name"])), None)
        if prior:
            prior["weight"] = prior["weight"] if prior["weight"] is not None else entry["weight"]
            prior["score"] = prior["score"] if prior["score"] is not None else entry["score"]
        else:
            entries.append(entry)
    for entry in entries:
        written = f"{entry['group']}({entry['number']})" if entry["group"] else entry["number"]
        item = written
        if written not in summary or not _same_item(summary[written].name, entry["name"]):
            match = next((k for k, row in summary.items() if _same_item(row.name, entry["name"])),
                         None)
            item = match or written
        report.scorecard_detail.append(ScorecardDetail(written, item, entry["name"],
                                                       entry["weight"], entry["score"],
                                                       entry["line"]))


def _same_item(a: str, b: str) -> bool:
    """Two item names are the same item when most of the shorter one's opening matches."""
    from difflib import SequenceMatcher

    a, b = _compact(a)[:24], _compact(b)[:24]
    n = min(len(a), len(b))
    return n > 0 and SequenceMatcher(None, a[:n], b[:n]).ratio() >= 0.75


# ----------------------------------------------------------------------------- tables

def figures_table(report: HrReport, table: str) -> pd.DataFrame:
    """One grid table as tidy rows: one per figure, in report order."""
    import pandas as pd

    return pd.DataFrame(
        [{"group": f.group, "row": f.row, "key": f.key, "kind": f.kind, "year": f.year,
          "column": f.column, "value": as_float(f.value), "raw": f.raw, "dash_as_zero": f.dash,
          "line": f.line} for f in report.select(table)],
        columns=["group", "row", "key", "kind", "year", "column", "value", "raw",
                 "dash_as_zero", "line"])


def build_tables(report: HrReport) -> dict[str, pd.DataFrame]:
    """Tidy tables keyed by section: one row per figure for the grids, plus the scorecard,
    the appraisal bands and the text lists."""
    import pandas as pd

    tables = {table: figures_table(report, table) for table in
              ("2.1.1", "2.1.2", "2.2", "2.3", "2.4", "2.5.1", "2.5.2", "2.5.3", "2.6.2")}
    tables["scorecard"] = pd.DataFrame(
        [{"kind": r.kind, "dimension": r.dimension, "item": r.item, "name": r.name,
          "weight": as_float(r.weight), "levels": "/".join("" if v is None else str(v) for v in r.levels),
          "score": as_float(r.score), "weighted": as_float(r.weighted), "line": r.line}
         for r in report.scorecard],
        columns=["kind", "dimension", "item", "name", "weight", "levels", "score", "weighted",
                 "line"])
    tables["scorecard_detail"] = pd.DataFrame(
        [{"item": d.item, "number_written": d.number_written, "name": d.name,
          "weight": as_float(d.weight), "score": as_float(d.score), "line": d.line}
         for d in report.scorecard_detail],
        columns=["item", "number_written", "name", "weight", "score", "line"])
    tables["2.6.2_bands"] = pd.DataFrame(
        [{"year": b.year, "round": b.round, "level": b.level, "score_range": b.score_raw,
          "score_low": as_float(b.score_range.low if b.score_range else None),
          "score_high": as_float(b.score_range.high if b.score_range else None),
          "raise_range": b.raise_raw,
          "raise_low": as_float(b.raise_range.low if b.raise_range else None),
          "raise_high": as_float(b.raise_range.high if b.raise_range else None),
          **{f"count: {g}": as_float(v) for g, v in b.counts.items()}, "line": b.line}
         for b in report.performance])
    for name, items in (("2.7", report.problems), ("2.8", report.innovations)):
        tables[name] = pd.DataFrame([vars(i) for i in items],
                                    columns=["number", "level", "text", "line"])
    return tables


def write_figures(report: HrReport, path: Path) -> Path:
    """Save every figure as a tidy TSV (exact values as written, one row per figure), the
    normalised input of ``data/agencies/<agency>/<year>/``; written atomically."""

    rows = ["\t".join(("table", "group", "row", "key", "kind", "year", "column", "value", "raw",
                       "dash_as_zero", "line"))]
    for f in report.figures:
        cells = (f.table, f.group, f.row, f.key, f.kind, "" if f.year is None else str(f.year),
                 f.column, "" if f.value is None else str(f.value), f.raw,
                 "1" if f.dash else "0", str(f.line))
        rows.append("\t".join(c.replace("\t", " ") for c in cells))
    return atomic_write_text(path, "\n".join(rows) + "\n")


def as_float(value: Decimal | None) -> float | None:
    """An exact figure as a float for tables and charts; None stays None."""
    return float(value) if value is not None else None
