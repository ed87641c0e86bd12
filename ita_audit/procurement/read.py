"""Reading a procurement table: an .xlsx workbook (every sheet) or a .csv/.tsv export, into one
normalised :class:`ProcurementTable`.

Workbooks are read with openpyxl in read-only mode with ``data_only=True``: cell *values* only,
as Excel last saved them. Formulas are never evaluated: a formula cell with a cached value
gives that value, and one without (a file written by a program that does not compute them) is
a :class:`~ita_audit.procurement.values.Formula`, unreadable. ``.xlsm`` workbooks are read the
same way: their macros are neither run nor loaded (openpyxl never executes VBA). Encrypted
workbooks and Excel 97–2003 ``.xls`` files are refused with the fix. Text files are decoded as
UTF-8 or cp874 (:func:`ita_audit.util.sources.decode_thai`); the separator is a tab for
``.tsv`` and for a ``.csv`` whose first lines hold more tabs than commas.

In every sheet the header row is looked for among the first :data:`HEADER_SCAN` rows, below
title rows (merged or not): the row naming the most procurement fields
(:mod:`ita_audit.procurement.columns`) that has an item, a method and a price or winner column.
Below it, a row numbering the columns ("(1)", "(2)", …), blank rows, totals rows ("รวม") and
repeated header rows are skipped; a row saying "ไม่มีการจัดซื้อจัดจ้าง" with no amount is kept as
a *no-procurement* row. A sheet with no header row is read as a no-procurement statement when
it says so, ignored when empty, and otherwise skipped (the audit reports it). A file in which
no sheet is a procurement table or a statement is the wrong document: the error names the
columns found and those missing.

Every row keeps its spreadsheet row number (1-based, title and header rows counted, as Excel
shows it), so a finding can be looked up directly. Amounts and dates that cannot be read are
listed in :attr:`ProcurementTable.unreadable` (the audit reports them); the value is absent.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import warnings
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

import numpy as np
import pandas as pd

from ita_audit.errors import InputError, WrongDocumentError
from ita_audit.procurement import columns as cols
from ita_audit.procurement.columns import DOCUMENT
from ita_audit.procurement.values import (
    DateCell,
    DateOrder,
    Formula,
    amount_series,
    clean_text,
    date_series,
    fiscal_year_of_months,
    map_unique,
    method_kind,
    month_year_of_cell,
    months_of_sheet,
    months_stated,
    sheet_month_years,
    split_contract,
    split_supplier_price,
    table_date_order,
    tax_id_digits,
    text_series,
)
from ita_audit.thai import FISCAL_START_MONTH, expand_year
from ita_audit.util.delimited import format_name, numbered_records
from ita_audit.util.sources import decode_thai, wide_as_utf8, wide_encoding

FIX = ("give the agency's procurement table (.xlsx, .csv or .tsv) with its Thai column headers, "
       "e.g. ชื่อรายการของงานที่ซื้อหรือจ้าง, วิธีการจัดซื้อจัดจ้าง, ราคาที่ตกลงซื้อหรือจ้าง")
HEADER_SCAN = 30                 # rows searched for the header row
STATEMENT_SCAN = 60              # rows of a sheet without header searched for a statement
STATEMENT_ROWS = 60              # non-empty rows of a statement sheet, at most (a year of months)
STATEMENT_CHARS = 500            # characters of the statement's cell, at most
MAX_ROWS = 2_000_000             # rows of one sheet (or text file)
MAX_CELLS = 30_000_000           # rows x columns of one sheet read as a rectangle
MAX_BYTES = 1 << 30              # 1 GiB
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")

SheetStatus = Literal["table", "no_procurement", "empty", "skipped"]

#: The columns of :attr:`ProcurementTable.frame`, in order.
TEXT_FIELDS = ("seq", "item", "source_of_funds", "status", "method", "supplier", "tax_id",
               "project_no", "contract_no", "reason", "bidders", "agency_type", "ministry",
               "agency_name", "district", "province")
AMOUNT_FIELDS = ("budget", "reference_price", "agreed_price")
DATE_FIELDS = ("contract_date", "contract_start", "contract_end")
FRAME_COLUMNS = ("sheet", "row", "seq", "item", "budget", "source_of_funds", "status", "method",
                 "method_kind", "reference_price", "agreed_price", "supplier", "tax_id",
                 "project_no", "fiscal_year", "contract_no", "contract_date", "contract_start",
                 "contract_end", "month", "month_year", "month_source", "no_procurement",
                 "reason", "bidders",
                 "agency_type", "ministry", "agency_name", "district", "province")
# Header columns that hold two normalised fields.
_DERIVED = {"supplier_and_price": ("supplier", "agreed_price"),
            "contract_no_date": ("contract_no", "contract_date")}
_HEAD_BYTES = 1 << 21                  # the start of a text file, for its separator and width
_DISTINCT = ("seq", "project_no", "contract_no")      # columns whose values are mostly unique
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
# What a web page's "export to Excel" may be instead of a workbook: markup, after an optional
# XML declaration, comments and whitespace (the first bytes read as UTF-16 with its mark, else
# as UTF-8/ASCII).
_MARKUP_LEAD = re.compile(r"\ufeff?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*", re.S)
_MARKUP_KINDS = (
    (re.compile(r"<(?:workbook|ss:workbook)\b|urn:schemas-microsoft-com:office:spreadsheet",
                re.I), "an Excel 2003 XML spreadsheet (SpreadsheetML)"),
    (re.compile(r"<(?:!doctype\s+html|html|head|body|table|meta)\b", re.I),
     "an HTML page (a web page's 'export to Excel')"),
)


def markup_kind(data: bytes) -> str | None:
    """What a file's first bytes are when they are HTML or Excel 2003 XML, else None."""
    head = data[:2048]
    text = head.decode(wide_encoding(head) or "utf-8", "ignore")
    lead = _MARKUP_LEAD.match(text)
    rest = text[lead.end() if lead else 0:]
    return next((name for pattern, name in _MARKUP_KINDS
                 if rest.startswith("<") and pattern.search(rest[:1024])), None)
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z0-9]+:)?f[ >/]")
_YEAR_IN_TEXT = re.compile(r"(?<![0-9])([0-9]{4}|[0-9]{2})(?![0-9])")


class Unreadable(NamedTuple):
    """A cell whose amount or date (or formula) could not be read: where, which field, what."""

    sheet: str
    row: int
    column: str            # the normalised field (``agreed_price``, ``contract_start`` …)
    raw: str


@dataclass(frozen=True)
class SheetInfo:
    """How one sheet was read."""

    name: str
    status: SheetStatus
    layout: str | None = None
    header_row: int | None = None
    columns: Mapping[str, str] = field(default_factory=dict)   # header field -> text as written
    fields: frozenset[str] = frozenset()        # normalised fields the sheet gives
    rows: int = 0                                # data rows read (no-procurement rows included)
    found: tuple[str, ...] = ()                  # header texts seen (for a skipped sheet)
    missing_core: tuple[str, ...] = ()
    missing_expected: tuple[str, ...] = ()
    months: tuple[int, ...] = ()                 # every month the name covers ("ต.ค.-ธ.ค. 66")
    fiscal_year: int | None = None               # of the name's first month, when it has a year
    month_years: tuple[tuple[int, int], ...] = ()   # (BE year, month) of each, when it has one

    @property
    def fiscal_years(self) -> tuple[int, ...]:
        """The fiscal years of the months the name covers, when it writes their year: two for
        a span over the fiscal year's end ("ก.ค.-ธ.ค. 66": 2566 and 2567)."""
        return tuple(sorted({year + (month >= FISCAL_START_MONTH)
                             for year, month in self.month_years}))

    def months_of_year(self, fiscal_year: int) -> tuple[int, ...]:
        """The months the name covers that lie in ``fiscal_year`` (all of them when it writes
        no year)."""
        if not self.month_years:
            return self.months
        return tuple(month for year, month in self.month_years
                     if year + (month >= FISCAL_START_MONTH) == fiscal_year)

    @property
    def month(self) -> int | None:
        """The one month the sheet's name gives (none for a span's name)."""
        return self.months[0] if len(self.months) == 1 else None


#: ``month_source`` of a row of a sheet named for a span of months ("ต.ค.-ธ.ค. 66") whose own
#: month is not known: it is somewhere in the span (:meth:`ProcurementTable.span_rows`).
SPAN = "span"


@dataclass
class ProcurementTable:
    """A procurement table as read: one row per data row, normalised (see :data:`FRAME_COLUMNS`).

    ``layout`` is ``ita``, ``sorkhor1``, ``mixed`` (sheets differ) or ``none`` (only
    no-procurement statements); ``sheets`` are the sheets read (tables and statements) in
    workbook order; ``sheet_info`` describes every sheet, skipped ones included.
    """

    path: Path
    sha256: str
    layout: str
    sheets: tuple[str, ...]
    frame: pd.DataFrame
    unreadable: list[Unreadable] = field(default_factory=list)
    sheet_info: tuple[SheetInfo, ...] = ()
    format: str = "xlsx"
    encoding: str | None = None
    date_order: DateOrder | None = None          # numeric dates not simply read day first

    def info(self, sheet: str) -> SheetInfo:
        """How ``sheet`` was read."""
        return next(s for s in self.sheet_info if s.name == sheet)

    def sheets_of_other_years(self, fiscal_year: int) -> set[str]:
        """The sheets (tables and statements) whose names put them in another fiscal year
        ("ต.ค. 65" in a 2567 table): no month they cover lies in ``fiscal_year`` (a span over
        the fiscal year's end, "ก.ค.-ธ.ค. 66", is partly of 2567)."""
        return {s.name for s in self.sheet_info if s.status in ("table", "no_procurement")
                and s.month_years and fiscal_year not in s.fiscal_years}

    def of_year(self, frame: pd.DataFrame, fiscal_year: int) -> np.ndarray:
        """Mask of ``frame``'s rows of ``fiscal_year``: a row whose month's year is known
        (``month_year``: its sheet's name, its เดือน cell or its contract date writes it) when
        that month lies in the year; any other row unless it is on a sheet whose name puts it
        in another fiscal year ("ต.ค. 65" in a 2567 table). The year's figures (spending by
        month, the year-end share, concentration) are of these rows, and its months are
        reported by them (:func:`~ita_audit.procurement.checks.reporting_rows`). A row's own
        ปีงบประมาณ cell does not decide (its disagreement is a finding)."""
        other = self.sheets_of_other_years(fiscal_year)
        own = (~frame["sheet"].isin(other).to_numpy() if other
               else np.ones(len(frame), dtype=bool))
        year, month = frame["month_year"], frame["month"]
        known = (year.notna() & month.notna()).to_numpy()
        if not known.any():
            return own
        # October to December of BE year y are of fiscal year y + 1
        fiscal = (year.fillna(0) + (month.fillna(0) >= 10).astype(int)).to_numpy(dtype=int)
        return np.where(known, fiscal == fiscal_year, own)

    def span_rows(self, frame: pd.DataFrame, fiscal_year: int) -> dict[str, tuple[int, ...]]:
        """The sheets of ``frame``'s rows that are somewhere in their sheet's span of months
        (``month_source`` :data:`SPAN`), each with the months of its span that lie in
        ``fiscal_year`` (:meth:`SheetInfo.months_of_year`)."""
        sheets = pd.unique(frame.loc[(frame["month_source"] == SPAN).to_numpy(), "sheet"])
        return {str(sheet): self.info(sheet).months_of_year(fiscal_year) for sheet in sheets}

    @property
    def skipped(self) -> list[SheetInfo]:
        """Non-empty sheets that are neither a table nor a statement."""
        return [s for s in self.sheet_info if s.status == "skipped"]

    @property
    def data_rows(self) -> pd.DataFrame:
        """The rows that are purchases (no-procurement statements left out)."""
        return self.frame[~self.frame["no_procurement"]]


# --------------------------------------------------------------------------- entry points

def looks_like(text: str) -> bool:
    """True for CSV/TSV text one of whose first :data:`HEADER_SCAN` records is a procurement
    header row (an item, a method and a price or winner column)."""
    if not isinstance(text, str):
        return False
    head = text.lstrip("\ufeff")[:_HEAD_BYTES]
    separator = "\t" if head.count("\t") > head.count(",") else ","
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(head), delimiter=separator)):
            if number >= HEADER_SCAN:
                break
            if cols.is_header(cols.map_header(cells)):
                return True
    except csv.Error:
        return False
    return False


def load_procurement(path: str | Path) -> ProcurementTable:
    """Read a procurement table from .xlsx/.xlsm (every sheet) or .csv/.tsv; unusable input
    raises :class:`InputError` (:class:`WrongDocumentError` for a file that holds no
    procurement table) naming the file, and the sheet where there is one."""
    path = Path(path)
    data = _read_bytes(path)
    suffix = path.suffix.lower()
    # told apart by their bytes: a web "export to Excel" names .xls what is really an .xlsx
    # (read as one), a CSV/TSV (read as text) or an HTML page (refused)
    if suffix == ".xls" and data[:8] == _OLE_MAGIC:
        raise InputError(path, "is an Excel 97-2003 workbook (.xls), which is not read",
                         fix="save it as .xlsx (Excel: File > Save As > Excel Workbook) or "
                             "export each sheet as CSV")
    markup = markup_kind(data)
    if markup is not None:
        raise InputError(path, f"is {markup}, not a workbook or a CSV table",
                         fix="open it in Excel and save it as .xlsx, or export the table as CSV")
    if suffix in (".ods", ".numbers"):
        raise InputError(path, f"is a {suffix} spreadsheet, which is not read",
                         fix="save it as .xlsx or export it as CSV")
    is_workbook = suffix in WORKBOOK_SUFFIXES or (
        suffix not in TEXT_SUFFIXES and data[:4] == _ZIP_MAGIC)
    if is_workbook:
        grids = _workbook_grids(path, data)
        fmt, encoding = "xlsx", None
    else:
        grid, encoding = _text_grid(path, data)
        grids = [(path.stem, grid, False)]
        fmt = "tsv" if suffix == ".tsv" else "csv"
    return _table(path, hashlib.sha256(data).hexdigest(), grids, fmt, encoding)


def _read_bytes(path: Path) -> bytes:
    if path.is_dir():
        raise InputError(path, "is a directory, not a file", fix="name the procurement file")
    if not path.is_file():
        raise InputError(path, "file not found", fix="check the path")
    size = path.stat().st_size
    if size == 0:
        raise InputError(path, "file is empty", fix=FIX)
    if size > MAX_BYTES:
        raise InputError(path, f"is {size / 2**20:.0f} MB, over the {MAX_BYTES >> 20} MB limit",
                         fix="split the table by fiscal year or month")
    try:
        return path.read_bytes()
    except OSError as err:
        raise InputError(path, f"cannot be read: {err.strerror or err}",
                         fix="check the file's permissions") from None


# --------------------------------------------------------------------------- workbooks

Grid = tuple[str, pd.DataFrame, bool]      # sheet name, cells (row n at index n-1), formulas?


def _workbook_grids(path: Path, data: bytes) -> list[Grid]:
    """Every worksheet's cells (values only), in workbook order."""
    if data[:8] == _OLE_MAGIC:
        raise InputError(path, "is encrypted (password-protected) or an Excel 97-2003 file, "
                         "not an .xlsx workbook", fix="remove the password and save it as .xlsx")
    if data[:4] != _ZIP_MAGIC:
        kind = "they look like text" if _looks_textual(data) else "they are not a zip archive"
        raise InputError(path, f"is not an Excel workbook: its bytes are not .xlsx ({kind})",
                         fix="give the real .xlsx, or name a CSV export .csv")
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    broken = (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError,
              AttributeError, InvalidFileException, SyntaxError, EOFError, zipfile.LargeZipFile)
    try:
        has_formulas = _has_formulas(data)
        with warnings.catch_warnings():     # openpyxl's notes on the file's XML, not findings
            warnings.simplefilter("ignore", UserWarning)
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                                          keep_links=False)
            formulas = (openpyxl.load_workbook(io.BytesIO(data), read_only=True,
                                               data_only=False, keep_links=False)
                        if has_formulas else None)
    except broken as err:
        raise InputError(path, f"is not a readable .xlsx workbook ({type(err).__name__}: "
                         f"{str(err)[:120]})", fix="open it in Excel and save it again as "
                         ".xlsx") from None
    try:
        grids = []
        for sheet in book.worksheets:
            other = formulas[sheet.title] if formulas is not None else None
            try:
                grids.append((sheet.title, _sheet_grid(path, sheet, other), other is not None))
            except InputError:          # the reader's own message (a ValueError too)
                raise
            except broken as err:
                raise InputError(path, f"sheet {sheet.title!r} cannot be read "
                                 f"({type(err).__name__}: {str(err)[:120]})",
                                 fix="open it in Excel and save it again as .xlsx") from None
        if not grids:
            raise InputError(path, "has no worksheets", fix=FIX)
        return grids
    finally:
        book.close()
        if formulas is not None:
            formulas.close()


def _looks_textual(data: bytes) -> bool:
    head = data[:4096]
    return b"\x00" not in head and sum(b < 9 for b in head) == 0


def _has_formulas(data: bytes) -> bool:
    """True when any worksheet part holds a formula element (read in 1 MB chunks)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            with archive.open(name) as part:
                tail = b""
                while chunk := part.read(1 << 20):
                    if _FORMULA_TAG.search(tail + chunk):
                        return True
                    tail = chunk[-16:]
    return False


def _sheet_grid(path: Path, sheet: Any, formulas: Any) -> pd.DataFrame:
    """One worksheet's values as a DataFrame (row n of the sheet at index n-1); formula cells
    without a cached value become :class:`Formula`."""
    declared = getattr(sheet, "max_row", None)
    if declared and declared > MAX_ROWS:
        _too_many_rows(path, sheet.title, declared)
    sheet.reset_dimensions()          # declared dimensions may be wrong: read what is there
    rows: list[tuple[Any, ...]] = []
    if formulas is None:
        for values in sheet.iter_rows(values_only=True):
            rows.append(_trimmed(values))
            if len(rows) > MAX_ROWS:
                _too_many_rows(path, sheet.title, len(rows))
    else:
        formulas.reset_dimensions()
        for values, written in zip(sheet.iter_rows(values_only=True),
                                   formulas.iter_rows(values_only=True)):
            rows.append(_trimmed(_with_formulas(values, written)))
            if len(rows) > MAX_ROWS:
                _too_many_rows(path, sheet.title, len(rows))
    while rows and not any(v is not None and v != "" for v in rows[-1]):
        rows.pop()                    # trailing empty rows
    _check_area(path, sheet.title, rows)
    return _frame_of(rows)


def _check_area(path: Path, sheet: str, rows: list[tuple[Any, ...]]) -> None:
    """Refuse a sheet whose cells, as one rectangle, are over :data:`MAX_CELLS`: a value
    typed far from the table (``XFD1048576``) would make it billions of cells. Names the
    farthest cell."""
    if not rows:
        return
    widest = max(range(len(rows)), key=lambda r: len(rows[r]))
    width = len(rows[widest])
    if len(rows) * width <= MAX_CELLS:
        return
    from openpyxl.utils import get_column_letter

    far = get_column_letter(width) + str(widest + 1)
    raise InputError(path, f"sheet {sheet!r} spans {len(rows):,} rows by {width:,} columns "
                     f"({len(rows) * width:,} cells, over the {MAX_CELLS:,}-cell limit): a value "
                     f"lies far from the table, at {far} or row {len(rows):,}",
                     fix="delete the stray cells beyond the table (Ctrl+End shows "
                     "the last one), or copy the table to a new sheet")


def _frame_of(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    """Rows of unequal length as one object DataFrame (short rows padded with None)."""
    if not rows:
        return pd.DataFrame(dtype=object)
    width = max(len(r) for r in rows)
    padding = (None,) * width
    return pd.DataFrame([r if len(r) == width else tuple(r) + padding[len(r):] for r in rows],
                        dtype=object)


def _trimmed(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """A row without its trailing empty cells (formatted but empty cells reach column XFD in
    some workbooks)."""
    if not values or values[-1] is not None:
        return values
    end = len(values)
    while end and values[end - 1] is None:
        end -= 1
    return values[:end]


def _with_formulas(values: tuple[Any, ...], written: tuple[Any, ...]) -> tuple[Any, ...]:
    """A row's values with every formula that has no cached value marked as such."""
    if not any(v is not None and not isinstance(v, (str, int, float)) or
               isinstance(v, str) and v.startswith("=") for v in written):
        return values
    out = list(values) + [None] * max(0, len(written) - len(values))
    for index, text in enumerate(written):
        formula = getattr(text, "text", text)        # ArrayFormula / DataTableFormula
        if isinstance(formula, str) and formula.startswith("=") and out[index] is None:
            out[index] = Formula(formula)
    return tuple(out)


def _too_many_rows(path: Path, sheet: str, rows: int) -> None:
    raise InputError(path, f"sheet {sheet!r} has {rows:,} rows, over the {MAX_ROWS:,}-row limit",
                     fix="split the table by fiscal year or month")


# --------------------------------------------------------------------------- text files

def _text_grid(path: Path, data: bytes) -> tuple[pd.DataFrame, str]:
    """A CSV/TSV file's cells as strings (row n at index n-1) and its encoding."""
    if data[:4] == _ZIP_MAGIC or data[:8] == _OLE_MAGIC:
        raise InputError(path, "is a workbook or archive, not a text file",
                         fix="name an .xlsx workbook .xlsx")
    raw, data = data, wide_as_utf8(data, path)
    if re.search(rb"[\x00-\x08\x0e-\x1f]", data[:65536]):
        raise InputError(path, "contains binary control characters; not a text file",
                         fix="export the table as CSV (UTF-8)")
    if not data.strip():
        raise InputError(path, "file is empty", fix=FIX)
    # pandas decodes while it parses (twice as fast as parsing decoded text again): UTF-8
    # first; a file that is not UTF-8 is decoded by decode_thai (cp874) or refused. A byte-order
    # mark is cut off here: with the codec "utf-8-sig" pandas decodes through Python's codec,
    # 40 % slower than its own UTF-8 reading (a million-row CSV: 11.2 s against 8.0 s).
    encoding = "utf-8"
    body = data.removeprefix(codecs.BOM_UTF8)
    head = body[:_HEAD_BYTES].decode("utf-8", errors="ignore")
    try:
        grid = _parse_text(path, body, head, "utf-8")
    except UnicodeDecodeError:
        text, encoding = decode_thai(data, path)
        grid = _parse_text(path, body, text[:_HEAD_BYTES], encoding)
    if len(grid) > MAX_ROWS:
        raise InputError(path, f"has {len(grid):,} rows, over the {MAX_ROWS:,}-row limit",
                         fix="split the table by fiscal year or month")
    while len(grid) and (grid.iloc[-1].fillna("") == "").all():
        grid = grid.iloc[:-1]          # a trailing newline makes an empty last row
    return grid, (wide_encoding(raw) or encoding) if data is not raw else encoding


def _parse_text(path: Path, data: bytes, head: str, codec: str) -> pd.DataFrame:
    separator = _separator(path, head)
    try:
        return _read_csv(data, codec, separator, _shape(path, head, separator, 200)[0])
    except pd.errors.ParserError:
        text = data.decode(codec, errors="replace")
    width, last_line = _shape(path, text, separator, None)   # a longer record further down, or …
    try:
        return _read_csv(data, codec, separator, width)
    except pd.errors.ParserError as err:              # … a quoted cell never closed
        kind = format_name(separator)
        if "EOF inside string" in str(err):           # the last record holds the rest of the file
            raise InputError(path, f"malformed {kind}: the quoted cell that begins on this line "
                             "is never closed", where=f"line {last_line}",
                             fix="close the quote, or export the table again as CSV "
                             "(UTF-8)") from None
        raise InputError(path, f"malformed {kind}: {str(err).strip()}",
                         fix="export the table again as CSV (UTF-8)") from None


def _separator(path: Path, text: str) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    head = [line for line in text.split("\n", 40)[:40] if line.strip()]
    tabs = sum(line.count("\t") for line in head)
    commas = sum(line.count(",") for line in head)
    return "\t" if tabs > commas else ","


def _shape(path: Path, text: str, separator: str, lines: int | None) -> tuple[int, int]:
    """The most fields on a record among the first ``lines`` records (all when None), and the
    line the last record read begins on."""
    widest = last = 1
    for number, (start, record) in enumerate(numbered_records(path, text, separator)):
        widest, last = max(widest, len(record)), start
        if lines is not None and number >= lines:
            break
    return widest, last


def _read_csv(data: bytes, codec: str, separator: str, width: int) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), sep=separator, header=None, names=range(width),
                       dtype=object, keep_default_na=False, na_filter=False,
                       skip_blank_lines=False, engine="c", encoding=codec)


# --------------------------------------------------------------------------- sheets

def table_from_sheets(path: str | Path, sheets: Sequence[tuple[str, pd.DataFrame]], *,
                      sha256: str = "", fmt: str = "xlsx") -> ProcurementTable:
    """A table from sheets already in memory (name, cells with row n at index n-1): what
    :func:`load_procurement` does after reading the file (benchmarks, tests)."""
    grids = [(name, grid.reset_index(drop=True), False) for name, grid in sheets]
    return _table(Path(path), sha256, grids, fmt, None)


def _table(path: Path, sha256: str, grids: Sequence[Grid], fmt: str,
           encoding: str | None) -> ProcurementTable:
    infos: list[SheetInfo] = []
    frames: list[pd.DataFrame] = []
    unreadable: list[Unreadable] = []
    headers = [_header(grid) for _, grid, _ in grids]       # each sheet's, found once
    month_first, order = table_date_order(
        (cell for (name, grid, _), header in zip(grids, headers, strict=True)
         for cell in _date_cells(name, grid, header)),
        in_text=frozenset({"contract_no_date"}))
    for (name, grid, formulas), header in zip(grids, headers, strict=True):
        info, frame, bad = _read_sheet(name, grid, formulas, header, month_first)
        infos.append(info)
        if frame is not None:
            frames.append(frame)
        unreadable.extend(bad)
    read = [i for i in infos if i.status in ("table", "no_procurement")]
    if not read:
        _no_table(path, infos, fmt)
    layouts = {i.layout for i in read if i.status == "table"}
    layout = layouts.pop() if len(layouts) == 1 else ("mixed" if layouts else "none")
    frame = _text_as_object(pd.concat(frames, ignore_index=True) if frames else _empty_frame())
    return ProcurementTable(path=path, sha256=sha256, layout=layout,
                            sheets=tuple(i.name for i in read), frame=frame,
                            unreadable=unreadable, sheet_info=tuple(infos), format=fmt,
                            encoding=encoding, date_order=order)


#: The fields whose cells may hold a numeric date (the เดือน column and the สขร.1 contract
#: cell too), for :func:`_date_cells`.
_DATED = (*DATE_FIELDS, "month", "contract_no_date")


def _date_cells(name: str, grid: pd.DataFrame, header: Header) -> Iterator[DateCell]:
    """The distinct text cells of a sheet's date fields (``header``: its :func:`_header`), for
    the table's date order."""
    index, fields, _ = header
    if index is None:
        return
    months = months_of_sheet(name)    # a span's ("ต.ค.-ธ.ค. 66") votes when one order lies in it
    month, span = (months[0], ()) if len(months) == 1 else (None, months)
    body = grid.iloc[index + 1:]
    for field_name in _DATED:
        if field_name in fields:
            column = body[body.columns[fields[field_name]]].drop_duplicates()
            for row, value in column.items():
                if isinstance(value, str):
                    yield DateCell(name, month, int(row) + 1, field_name, value, span)


_TEXT_COLUMNS = (*TEXT_FIELDS, "sheet", "method_kind", "month_source")


def _text_as_object(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text column as object dtype holding str (pandas 3 infers its str dtype for some
    of them), so that all tables have the same dtypes."""
    for column in _TEXT_COLUMNS:
        if frame[column].dtype != object:
            frame[column] = pd.Series(frame[column].to_numpy(dtype=object, na_value=""),
                                      index=frame.index, dtype=object)
    return frame


def _no_table(path: Path, infos: list[SheetInfo], fmt: str) -> None:
    skipped = [i for i in infos if i.status == "skipped"]
    if not skipped:
        raise InputError(path, "holds no data (every sheet is empty)" if fmt == "xlsx"
                         else "holds no data", fix=FIX)
    first = skipped[0]
    where = f"sheet {first.name!r}: " if fmt == "xlsx" else ""
    found = ", ".join(first.found) if first.found else "no header texts"
    raise WrongDocumentError(path, DOCUMENT, f"{where}no procurement columns (found: {found}; "
                             f"missing: {cols.labels(first.missing_core)})", fix=FIX)


#: A sheet's header row: (index, fields, cells), as :func:`_header` finds it.
Header = tuple[int | None, dict[str, int], list[object]]


def _header(grid: pd.DataFrame) -> Header:
    """(index, fields, cells) of the best header row among the first rows; index None when
    no row qualifies (cells are then those of the row with the most text)."""
    best: tuple[int, int] | None = None
    best_fields: dict[str, int] = {}
    fallback: list[object] = []
    for index in range(min(HEADER_SCAN, len(grid))):
        cells = grid.iloc[index].tolist()
        fields = cols.map_header(cells)
        score = cols.header_score(fields)
        if score and (best is None or score > best[1]):
            best, best_fields = (index, score), fields
        texts = [c for c in cells if isinstance(c, str) and c.strip()]
        if len(texts) > len([c for c in fallback if isinstance(c, str) and c.strip()]):
            fallback = cells
    if best is None:
        return None, {}, fallback
    return best[0], best_fields, grid.iloc[best[0]].tolist()


def _read_sheet(name: str, grid: pd.DataFrame, formulas: bool, header: Header,
                month_first: bool = False
                ) -> tuple[SheetInfo, pd.DataFrame | None, list[Unreadable]]:
    """One sheet read, its header row (``header``, :func:`_header`) already found."""
    months = months_of_sheet(name)
    dated = sheet_month_years(name)         # (BE year, month) of each, when the name writes it
    index, fields, cells = header
    if index is None:
        return _headerless(name, grid, cells, months, dated)
    layout = cols.layout_of(fields)
    core, expected = cols.missing_columns(layout, fields)
    available = set(fields)
    for combined, parts in _DERIVED.items():
        if combined in available:
            available |= set(parts)
    body = grid.iloc[index + 1:]
    while len(body) and cols.is_column_numbers(body.iloc[0].tolist()):
        body = body.iloc[1:]
    frame, unreadable = _normalise(name, body, fields, months, formulas, month_first, dated)
    for field_name in AMOUNT_FIELDS:              # "ราคากลาง (ล้านบาท)": amounts in millions
        if field_name in fields and (unit := cols.amount_unit(cells[fields[field_name]])) > 1:
            frame[field_name] = frame[field_name] * unit
    frame = _drop_noise(frame, body, fields, cells)
    if len(months) > 1:
        _span_statements(frame, dated)
    info = SheetInfo(name=name, status="table", layout=layout, header_row=index + 1,
                     columns={f: clean_text(cells[c]) for f, c in fields.items()},
                     fields=frozenset(available), rows=len(frame), missing_core=tuple(core),
                     missing_expected=tuple(expected), months=months,
                     fiscal_year=fiscal_year_of_months(dated), month_years=dated)
    if unreadable:                       # cells of dropped rows (a totals row's =SUM) go too
        kept = set(frame["row"].tolist())
        unreadable = [u for u in unreadable if u.row in kept]
    return info, frame, unreadable


def _headerless(name: str, grid: pd.DataFrame, cells: list[object], months: tuple[int, ...],
                dated: tuple[tuple[int, int], ...]
                ) -> tuple[SheetInfo, pd.DataFrame | None, list[Unreadable]]:
    """A sheet with no header row: a no-procurement statement, empty, or skipped
    (``months``: those its name covers; ``dated``: their years, when it writes them)."""
    found = tuple(dict.fromkeys(clean_text(c) for c in cells if clean_text(c)))
    # a statement sheet is short (a title, the statement, a signature), and so is the
    # statement: a long document that mentions "ไม่มีการจัดซื้อจัดจ้าง" in a sentence (a plan
    # report's "กรณีไม่มีการจัดซื้อจัดจ้างในรอบเดือนใด…") is no procurement report at all
    filled = int(grid.map(lambda v: bool(clean_text(v))).any(axis=1).sum()) if len(grid) else 0
    for index in range(min(len(grid), STATEMENT_SCAN) if filled <= STATEMENT_ROWS else 0):
        for value in grid.iloc[index].tolist():
            text = clean_text(value)
            if text and len(text) <= STATEMENT_CHARS and cols.NO_PROCUREMENT.search(text):
                frame = _statement_frame(name, index + 1, text, months, dated)
                return (SheetInfo(name=name, status="no_procurement", rows=1, found=found,
                                  months=months, fiscal_year=fiscal_year_of_months(dated),
                                  month_years=dated), frame, [])
    empty = not any(clean_text(v) for v in grid.to_numpy().ravel()) if len(grid) else True
    core, _ = cols.missing_columns(cols.ITA, ())
    return (SheetInfo(name=name, status="empty" if empty else "skipped", found=found,
                      missing_core=tuple(core), months=months), None, [])


def _statement_frame(name: str, row: int, text: str, months: tuple[int, ...],
                     dated: tuple[tuple[int, int], ...]) -> pd.DataFrame:
    """A no-procurement statement: its sheet's month, or for a sheet named for a span of
    months ("ต.ค.-ธ.ค. 66") no one month but the span (``month_source`` ``span``, see
    :meth:`ProcurementTable.span_rows`)."""
    frame = _empty_frame(1)
    frame["sheet"] = [name]
    frame["row"] = [row]
    frame["item"] = [text]
    frame["no_procurement"] = [True]
    frame["month"] = pd.array([months[0] if len(months) == 1 else None], dtype="Int64")
    year = dated[0][0] if dated and len(months) == 1 else None
    frame["month_year"] = pd.array([year], dtype="Int64")
    frame["month_source"] = ["sheet" if len(months) == 1 else SPAN if months else ""]
    return frame


def _empty_column(column: str, rows: int) -> Any:
    """An empty column of :data:`FRAME_COLUMNS`: NaN, NaT, <NA>, 0, False or ""."""
    if column in AMOUNT_FIELDS:
        return np.full(rows, np.nan)
    if column in DATE_FIELDS:
        return np.full(rows, np.datetime64("NaT"), dtype="datetime64[ns]")
    if column in ("fiscal_year", "month", "month_year"):
        return pd.arrays.IntegerArray(np.zeros(rows, dtype=np.int64), np.ones(rows, dtype=bool))
    if column == "row":
        return np.zeros(rows, dtype=np.int64)
    if column == "no_procurement":
        return np.zeros(rows, dtype=bool)
    return np.full(rows, "", dtype=object)


def _empty_frame(rows: int = 0, given: dict[str, Any] | None = None) -> pd.DataFrame:
    """A frame of :data:`FRAME_COLUMNS` with ``rows`` rows: the ``given`` columns, the
    others empty."""
    given = given or {}
    return pd.DataFrame({column: given[column] if column in given
                         else _empty_column(column, rows) for column in FRAME_COLUMNS},
                        index=range(rows))


def _fiscal_year(value: Any) -> tuple[int | None, bool]:
    """A ปีงบประมาณ cell as a BE year (2567, "๒๕๖๗", "ปีงบประมาณ 2567", 2024 -> 2567)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
        if number.is_integer():
            year = expand_year(str(int(number)))
            return year, year is not None
        return None, False
    text = clean_text(value)
    if not text or text in "-–—":
        return None, True
    found = _YEAR_IN_TEXT.findall(clean_text(text).translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙",
                                                                            "0123456789")))
    year = expand_year(found[-1]) if found else None
    return year, year is not None


def _normalise(name: str, body: pd.DataFrame, fields: dict[str, int], months: tuple[int, ...],
               formulas: bool, month_first: bool = False,
               dated_span: tuple[tuple[int, int], ...] = ()
               ) -> tuple[pd.DataFrame, list[Unreadable]]:
    """The normalised columns of one sheet's data rows (before noise rows are dropped) and
    the cells that could not be read; ``months``: those the sheet's name covers, and for a
    span's name ``dated_span``, their (BE year, month) when it writes the year;
    ``month_first``: numeric dates are m/d/y."""
    rows = np.asarray(body.index, dtype=np.int64) + 1
    n = len(body)
    frame = _empty_frame(n)
    frame["sheet"] = pd.Series([name] * n, dtype=object)
    frame["row"] = rows
    unreadable: list[Unreadable] = []

    def raw(field_name: str) -> pd.Series:
        return body[body.columns[fields[field_name]]].reset_index(drop=True)

    def note(field_name: str, series: pd.Series, bad: pd.Series) -> None:
        if bad.any():
            unreadable.extend(Unreadable(name, int(r), field_name, str(v) if isinstance(v, Formula)
                                         else clean_text(v))
                              for r, v in zip(rows[bad.to_numpy()], series[bad.to_numpy()]))

    for field_name in TEXT_FIELDS:
        if field_name in fields and field_name != "tax_id":
            frame[field_name] = text_series(raw(field_name), distinct=field_name in _DISTINCT)
    for field_name in AMOUNT_FIELDS:
        if field_name in fields:
            values, bad = amount_series(raw(field_name))
            frame[field_name] = values
            note(field_name, raw(field_name), bad)
    for field_name in DATE_FIELDS:
        if field_name in fields:
            values, bad = date_series(raw(field_name), month_first)
            frame[field_name] = values
            note(field_name, raw(field_name), bad)
    if "tax_id" in fields:
        frame["tax_id"] = map_unique(raw("tax_id"), tax_id_digits, missing="")
    if "supplier_and_price" in fields:
        _supplier_and_price(frame, raw("supplier_and_price"), fields)
    if "contract_no_date" in fields:
        cell = raw("contract_no_date")
        parts = map_unique(cell, lambda value: split_contract(value, month_first),
                           missing=("", None, True))
        if "contract_no" not in fields:
            frame["contract_no"] = pd.Series([p[0] for p in parts], dtype=object)
        if "contract_date" not in fields:
            frame["contract_date"] = pd.to_datetime(pd.Series([p[1] for p in parts],
                                                              dtype=object)).astype(
                "datetime64[ns]")
            note("contract_date", cell, pd.Series([not p[2] for p in parts], dtype=bool))
    if "fiscal_year" in fields:
        years = map_unique(raw("fiscal_year"), _fiscal_year, missing=(None, True))
        frame["fiscal_year"] = pd.array([y for y, _ in years], dtype="Int64")
        note("fiscal_year", raw("fiscal_year"), pd.Series([not ok for _, ok in years],
                                                          dtype=bool))
    frame["method_kind"] = map_unique(frame["method"], method_kind, missing="")
    _months(frame, months, raw("month") if "month" in fields else None, month_first,
            dated_span)
    if formulas:
        _formula_cells(name, body, fields, rows, unreadable)
    frame["no_procurement"] = _statements(frame, body)
    return frame, unreadable


def _supplier_and_price(frame: pd.DataFrame, cell: pd.Series, fields: dict[str, int]) -> None:
    """The สขร.1 winner cell into supplier, agreed price and (when labelled) tax ID."""
    parts = map_unique(cell, split_supplier_price, missing=("", None, ""))
    if "supplier" not in fields:
        frame["supplier"] = pd.Series([p[0] for p in parts], dtype=object)
    if "agreed_price" not in fields:
        frame["agreed_price"] = np.array([np.nan if p[1] is None else p[1] for p in parts],
                                         dtype=float)
    if "tax_id" not in fields:
        frame["tax_id"] = pd.Series([p[2] for p in parts], dtype=object)


def _months(frame: pd.DataFrame, span: tuple[int, ...], column: pd.Series | None,
            month_first: bool = False, dated_span: tuple[tuple[int, int], ...] = ()) -> None:
    """Month of each row: the sheet name's when it names one (``span``: the months it names),
    else a เดือน column's (a numeric date in it m/d/y when ``month_first``), else the contract
    date's (or the contract start's); in a sheet named for a span of months ("ต.ค.-ธ.ค. 66")
    a date counts only inside the span (its months, and their years when the name writes them:
    ``dated_span``, BE year and month), and a row left with no month is somewhere in the span
    (``month_source`` ``span``)."""
    if len(span) == 1:
        frame["month"] = pd.array([span[0]] * len(frame), dtype="Int64")
        frame["month_year"] = pd.array([dated_span[0][0] if dated_span else None] * len(frame),
                                       dtype="Int64")
        frame["month_source"] = "sheet"
        return
    months = pd.array([pd.NA] * len(frame), dtype="Int64")
    years = pd.array([pd.NA] * len(frame), dtype="Int64")
    source = np.full(len(frame), "", dtype=object)
    if column is not None:
        found = map_unique(column, lambda value: month_year_of_cell(value, month_first),
                           missing=(None, None)).tolist()
        months = pd.array([month for month, _ in found], dtype="Int64")
        years = pd.array([year for _, year in found], dtype="Int64")
        source[~pd.isna(months)] = "column"
    for date_field in ("contract_date", "contract_start"):
        dated = frame[date_field]
        fill = pd.isna(months) & dated.notna().to_numpy()
        if dated_span:
            keys = (dated.dt.year + 543) * 100 + dated.dt.month
            fill &= keys.isin([year * 100 + month for year, month in dated_span]).to_numpy()
        elif span:
            fill &= dated.dt.month.isin(span).to_numpy()
        if fill.any():
            months[fill] = dated[fill].dt.month.to_numpy()
            years[fill] = dated[fill].dt.year.to_numpy() + 543
            source[fill] = "date"
    if span:
        source[pd.isna(months)] = SPAN
    frame["month"] = months
    frame["month_year"] = _years_from_span(months, years, dated_span)
    frame["month_source"] = source


def _years_from_span(months: Any, years: Any, dated_span: tuple[tuple[int, int], ...]) -> Any:
    """``years`` with the year of each month the sheet's name dates filled in where the row's
    own cell wrote none ("ต.ค." in a เดือน column of sheet "ก.ค.-ธ.ค. 66": 2566)."""
    year_of = {month: year for year, month in dated_span}
    if not year_of:
        return years
    missing = np.flatnonzero(pd.isna(years) & ~pd.isna(months))
    for position in missing:
        found = year_of.get(int(months[position]))
        if found is not None:
            years[position] = found
    return years


def _span_statements(frame: pd.DataFrame, dated: tuple[tuple[int, int], ...] = ()) -> None:
    """The month of a no-procurement line in a sheet named for a span of months, which the
    span gave none: the one month its text names ("เดือนพฤศจิกายน 2566 ไม่มีการจัดซื้อจัดจ้าง",
    ``month_source`` ``text``; its year the text's, else the one the sheet's name gives it,
    ``dated``); naming several, it stays ``span`` and covers those
    (:func:`~ita_audit.procurement.checks.statement_months`); with none named, the whole span
    when the sheet lists no purchase (it stays ``span``), else no month (a line among
    purchases says nothing of the other months)."""
    stated = np.flatnonzero(frame["no_procurement"].to_numpy()
                            & (frame["month_source"] == SPAN).to_numpy())
    if not len(stated):
        return
    purchases = not frame["no_procurement"].all()
    year_of = {month: year for year, month in dated}
    for position in stated:
        named = months_stated(frame["item"].iat[position])
        if len(named) == 1:
            month, year = named[0]
            frame.iat[position, frame.columns.get_loc("month")] = month
            frame.iat[position, frame.columns.get_loc("month_year")] = (
                year if year is not None else year_of.get(month, pd.NA))
            frame.iat[position, frame.columns.get_loc("month_source")] = "text"
        elif purchases and not named:
            frame.iat[position, frame.columns.get_loc("month_source")] = ""


def _formula_cells(name: str, body: pd.DataFrame, fields: dict[str, int], rows: np.ndarray,
                   unreadable: list[Unreadable]) -> None:
    """Formulas without a value in text columns (amount and date columns report their own)."""
    for field_name, column in fields.items():
        if field_name in AMOUNT_FIELDS or field_name in DATE_FIELDS:
            continue
        series = body[body.columns[column]]
        for position, value in enumerate(series.tolist()):
            if isinstance(value, Formula):
                unreadable.append(Unreadable(name, int(rows[position]), field_name, value.text))


def _statements(frame: pd.DataFrame, body: pd.DataFrame) -> np.ndarray:
    """Rows saying there was no procurement and stating no amount."""
    no_amount = (frame["budget"].isna() & frame["agreed_price"].isna()
                 & frame["reference_price"].isna()).to_numpy()
    flags = np.zeros(len(frame), dtype=bool)
    candidates = np.flatnonzero(no_amount & (frame["method_kind"].to_numpy() == ""))
    if not len(candidates):
        return flags
    values = body.to_numpy(dtype=object)
    for position in candidates:
        text = " ".join(clean_text(v) for v in values[position] if v is not None)
        if cols.NO_PROCUREMENT.search(text):
            flags[position] = True
            if not frame.at[position, "item"]:
                frame.at[position, "item"] = clean_text(text)
    return flags


def _drop_noise(frame: pd.DataFrame, body: pd.DataFrame, fields: dict[str, int],
                header: list[object]) -> pd.DataFrame:
    """Drop blank rows, totals rows and repeated header rows."""
    given = {f: frame[f].to_numpy(dtype=object).astype(bool)          # "" is False
             for f in ("seq", "item", "source_of_funds", "status", "method", "supplier",
                       "tax_id", "project_no", "contract_no", "reason", "bidders")}
    given.update((f, frame[f].notna().to_numpy()) for f in (*AMOUNT_FIELDS, *DATE_FIELDS))
    filled = np.logical_or.reduce(list(given.values()))
    filled |= frame["no_procurement"].to_numpy()
    filled |= frame["fiscal_year"].notna().to_numpy()
    label = frame["item"].where(frame["item"] != "", frame["seq"])
    unnamed = ~np.logical_or.reduce([given[f] for f in (     # amounts and nothing else: a sum
        "seq", "item", "tax_id", "project_no", "contract_no", *DATE_FIELDS)])
    totals = ((map_unique(label, lambda t: bool(cols.TOTAL_ROW.match(t)), missing=False)
               .to_numpy(dtype=bool) | unnamed) & ~given["method"] & ~given["supplier"])
    repeated = np.zeros(len(frame), dtype=bool)
    if "item" in fields and "method" in fields:
        repeated = ((frame["item"] == clean_text(header[fields["item"]]))
                    & (frame["method"] == clean_text(header[fields["method"]]))).to_numpy()
    keep = filled & ~totals & ~repeated
    if keep.all():
        return frame
    return frame[keep].reset_index(drop=True)
