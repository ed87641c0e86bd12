"""Cell values of a procurement table: amounts, dates, tax IDs, methods and the combined cells
of the สขร.1 form, one cell at a time and vectorised over a column.

Amounts: ``1,234.50``, ``๑,๒๓๔.๕๐``, ``45,000.-``, ``45,000 บาท``, ``฿45000``, numbers from a
workbook. A blank or a dash alone is *absent*; anything else that is not one number is
*unreadable* (the audit reports it).

Dates (returned as CE :class:`datetime.date`): ``5/10/2567``, ``5-10-67``, ``5 ต.ค. 67``,
``5 ตุลาคม 2567``, ``วันที่ ๕ ต.ค. ๒๕๖๗``, ISO ``2024-10-05``, Excel serial numbers (``45570``, the
1900 date system) and date/datetime objects. A 4-digit year of 2400–2700 is Buddhist Era, of
1900–2200 Gregorian; a 2-digit year is BE 25xx (``67`` -> 2567), as Thai forms write it, except
00–42 (:data:`CE_TWO_DIGITS`), which as BE would be 1957–1999 and as Gregorian are 2000–2042
(``5/10/24``, a workbook exported with Gregorian dates: 5 October 2024), so every 2-digit year
names one day of 2000–2056. A date typed into Excel with its BE year (a cell dated 2567-10-05) is read as 2024-10-05.
A numeric date is day first (``5/10/2567`` is 5 October), as Thai forms write it, unless its
table is month first: :func:`table_date_order` finds a US-ordered export (``10/25/2024``,
``10/25/2024 0:00``) from the cells that can only be read one way and the months of monthly
sheets, and every date of the table is then read month first.
Serial numbers count only between 1950 and 2100 (:data:`SERIAL_RANGE`), so a stray small
number is not a date.

Vectorised versions (:func:`amount_series`, :func:`date_series`, :func:`text_series`) parse
each distinct value once (``pandas.factorize``), so a column of a million cells with a few
thousand distinct dates costs a few thousand parses; clean numeric strings go through
``pandas.to_numeric`` directly.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from pythainlp.util.date import thai_abbr_months, thai_full_months

from ita_audit.thai import FISCAL_START_MONTH, month_mentions, parse_month, to_arabic_digits
from ita_audit.util.text import one_line

# --------------------------------------------------------------------------- text


@dataclass(frozen=True)
class Formula:
    """A workbook cell holding a formula with no cached value: never evaluated, so unreadable."""

    text: str

    def __str__(self) -> str:
        return self.text


_SPACES = re.compile(r"[\s\u00a0\u200b\u200c\u200d\ufeff]+")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def clean_text(value: Any) -> str:
    """A cell as one line of text: whitespace runs (newlines, no-break and zero-width spaces)
    become one space; numbers from a workbook lose a ``.0`` (``670114000123.0`` ->
    ``"670114000123"``); dates become ISO; None, NaN and formulas without a value become ""."""
    if value is None or isinstance(value, Formula):
        return ""
    if isinstance(value, str):
        return one_line(value)
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()[:10] if not isinstance(value, datetime) or (
            value.hour == value.minute == value.second == 0) else value.isoformat(sep=" ")
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return one_line(str(value))


def is_blank(value: Any) -> bool:
    """True for an empty cell, whitespace, or a dash alone ("none")."""
    text = clean_text(value)
    return text == "" or text in _DASHES


def map_unique(series: pd.Series, func: Callable[[Any], Any], *, missing: Any = None,
               dtype: Any = object) -> pd.Series:
    """``series.map(func)`` computing ``func`` once per distinct value (None/NaN cells get
    ``missing`` without calling it); keeps the index."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    results = np.empty(len(uniques) + 1, dtype=object)
    for index, unique in enumerate(uniques):
        results[index] = func(unique)
    results[-1] = missing
    return pd.Series(results[codes], index=series.index, dtype=dtype)  # -1: the last slot


def _clean(value: Any) -> str:
    """:func:`clean_text`, with a quick exit for text that is already one clean line."""
    if (type(value) is str and value.isprintable() and value[:1] != " " and value[-1:] != " "
            and "  " not in value):
        return value          # no tabs, newlines, no-break or zero-width spaces, no runs
    return clean_text(value)


def text_series(series: pd.Series, *, distinct: bool = False) -> pd.Series:
    """:func:`clean_text` over a column (object dtype holding str). Values that repeat
    (items, methods, suppliers) are cleaned once each; ``distinct=True`` says most values are
    unique (project and contract numbers), where counting them first would cost more."""
    if distinct:
        values = series.to_numpy(dtype=object)
        return pd.Series(list(map(_clean, values)), index=series.index, dtype=object)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    cleaned = np.array(list(map(_clean, uniques)) + [""], dtype=object)   # -1 (None, NaN): ""
    return pd.Series(cleaned[codes], index=series.index, dtype=object)


# --------------------------------------------------------------------------- amounts

_DASHES = frozenset("-–—‐‑−")
_CURRENCY = re.compile(r"บาท|บ\.|฿|thb|baht", re.IGNORECASE)
_AMOUNT = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
_TRAILING_DASH = re.compile(r"(?<=[0-9])\.?[-–—]$")        # "45,000.-", "45,000-"


def _amount_text(text: str) -> str:
    """The candidate number of an amount string: digits Arabic, currency words, spaces and a
    trailing ".-" removed."""
    text = text.translate(_THAI_DIGITS)
    text = _CURRENCY.sub("", text)
    text = _SPACES.sub("", text)
    return _TRAILING_DASH.sub("", text)


def read_amount(value: Any) -> tuple[float | None, bool]:
    """(amount, readable): ``(None, True)`` for a blank or dash, ``(None, False)`` for a cell
    that is not one amount. Never raises."""
    if value is None or isinstance(value, bool):
        return None, value is None
    if isinstance(value, Formula):
        return None, False
    if isinstance(value, (int, float, Decimal, np.integer, np.floating)):
        number = float(value)
        return (number, True) if math.isfinite(number) else (None, False)
    if not isinstance(value, str):
        return None, False
    stripped = _SPACES.sub("", value)
    if stripped == "" or stripped in _DASHES:
        return None, True
    candidate = _amount_text(value)
    if not _AMOUNT.fullmatch(candidate):
        return None, False
    return float(candidate.replace(",", "")), True


def parse_amount(value: Any) -> float | None:
    """An amount in baht, or None (blank, dash or unreadable; see :func:`read_amount`)."""
    return read_amount(value)[0]


_NAN = float("nan")
_GROUPED = re.compile(r"\s*[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?\s*")
_PLAIN = re.compile(r"\s*[+-]?[0-9]+(?:\.[0-9]+)?\s*")


def _plain_amount(value: Any) -> float:
    """The quick reading of one cell: a number, or a plain or comma-grouped numeric string;
    NaN for anything else (then :func:`read_amount` decides)."""
    kind = type(value)
    if kind is float or kind is int:
        return float(value)
    if kind is not str or "_" in value:
        return _NAN
    if "," in value:                    # commas exactly every three digits: 1,234,567.50
        if _GROUPED.fullmatch(value) is None:
            return _NAN
        value = value.replace(",", "")
    # only what read_amount reads too: float() would also take "1e6" (an amount in scientific
    # notation has lost its last digits), "inf", "nan", "0." and ".5"
    elif _PLAIN.fullmatch(value) is None:
        return _NAN
    try:
        return float(value)
    except ValueError:                  # a space float() does not strip ("\x1c45"): the cell
        return _NAN                     # reader decides


def amount_series(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(amounts as float64 with NaN, unreadable mask) for a column. Numbers, plain numeric
    strings and comma-grouped ones are read in one pass; the rest (blanks, dashes, Thai digits,
    "บาท", garbage) once per distinct value with :func:`read_amount`."""
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        values = np.array(series.to_numpy(dtype=float, na_value=np.nan), dtype=float, copy=True)
    else:
        values = np.fromiter(map(_plain_amount, series.to_numpy(dtype=object)), dtype=float,
                             count=len(series))
    unreadable = np.zeros(len(series), dtype=bool)
    todo = ~np.isfinite(values)
    if todo.any():
        codes, uniques = pd.factorize(series[todo], use_na_sentinel=True)
        parsed = [read_amount(u) for u in uniques] + [(None, True)]
        amounts = np.array([np.nan if v is None else v for v, _ in parsed], dtype=float)
        bad = np.array([not ok for _, ok in parsed], dtype=bool)
        values[todo] = amounts[codes]
        unreadable[todo] = bad[codes]
    return (pd.Series(values, index=series.index, dtype=float),
            pd.Series(unreadable, index=series.index, dtype=bool))


# --------------------------------------------------------------------------- dates

EXCEL_EPOCH = date(1899, 12, 30)         # serial 1 = 1900-01-01 (after Excel's 1900 leap bug)
SERIAL_RANGE = (18264, 73051)            # 1950-01-01 .. 2100-01-01
BE_YEARS = (2400, 2700)
CE_YEARS = (1900, 2200)
CE_TWO_DIGITS = 42                       # 2-digit years up to this are Gregorian (2000–2042)

_MONTH_NAMES = sorted({*thai_full_months, *thai_abbr_months,
                       *(abbr.replace(".", "") for abbr in thai_abbr_months)}, key=len, reverse=True)
_MONTH_WORD = "|".join(
    r"\.?\s?".join(re.escape(part) for part in name.split(".") if part) + r"\.?"
    for name in _MONTH_NAMES)
_PREFIX = re.compile(r"^(?:ลง\s*วันที่|ลว\.?|วันที่|ณ\s*วันที่|ณ)\s*")
_ISO = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[ T][0-9:.]+)?$")
# the time a date may carry: an export's ("11/25/2023 0:00", "… 12:00:00 AM") or the Thai way
# ("5 ต.ค. 2567 เวลา 10.00 น.", "… 14:30 น."); the day is what is read. A time written with
# dots needs เวลา or น. (a bare "10.00" after a date may be an amount).
_HOUR, _MINUTE = r"(?:[01]?[0-9]|2[0-3])", r"[0-5][0-9]"
_TIME = (rf"(?:\s+(?:เวลา\s*{_HOUR}[:.]{_MINUTE}(?:[:.]{_MINUTE})?(?:\s*น\.?)?"
         rf"|{_HOUR}:{_MINUTE}(?::{_MINUTE})?(?:\s*(?:[AaPp]\.?[Mm]\.?|น\.?))?"
         rf"|{_HOUR}\.{_MINUTE}(?:\.{_MINUTE})?\s*น\.?))?")
_NUMERIC = re.compile(r"^([0-9]{1,2})\s*([/.-])\s*([0-9]{1,2})\s*\2\s*([0-9]{4}|[0-9]{2})"
                      rf"{_TIME}$")
_THAI = re.compile(rf"^([0-9]{{1,2}})\s*(?:เดือน\s*)?({_MONTH_WORD})\s*(?:พ\.?\s?ศ\.?\s*)?"
                   rf"([0-9]{{4}}|[0-9]{{2}}){_TIME}$")
_SERIAL = re.compile(r"^[0-9]{5}(?:\.[0-9]+)?$")
# The same forms inside a longer text (the สขร.1 contract cell).
_THAI_IN_TEXT = re.compile(rf"(?<![0-9])([0-9]{{1,2}})\s*(?:เดือน\s*)?({_MONTH_WORD})\s*"
                           r"(?:พ\.?\s?ศ\.?\s*)?([0-9]{4}|[0-9]{2})(?![0-9])")
_NUMERIC_IN_TEXT = re.compile(r"(?<![0-9/.-])([0-9]{1,2})\s*([/.-])\s*([0-9]{1,2})\s*\2\s*"
                              r"([0-9]{4}|[0-9]{2})(?![0-9/.-])")


def ce_year(digits: str) -> int | None:
    """The CE year of a written year: 4 digits BE (2400–2700) or CE (1900–2200); 2 digits BE
    25xx, or CE 20xx up to :data:`CE_TWO_DIGITS` (no procurement table dates from BE
    2500–2542)."""
    year = int(digits)
    if len(digits) == 2:
        return 2000 + year if year <= CE_TWO_DIGITS else 2500 + year - 543
    if BE_YEARS[0] <= year <= BE_YEARS[1]:
        return year - 543
    if CE_YEARS[0] <= year <= CE_YEARS[1]:
        return year
    return None


def _make_date(year: int | None, month: int | None, day: int) -> date | None:
    if year is None or month is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def from_serial(number: float) -> date | None:
    """An Excel serial day number (1900 system) as a date, inside :data:`SERIAL_RANGE`."""
    if not math.isfinite(number) or not SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
        return None
    return EXCEL_EPOCH + timedelta(days=int(number))


def _from_datetime(value: date) -> date | None:
    """A workbook date; a BE year typed as a date (2567-10-05) is moved back 543 years."""
    day = value.date() if isinstance(value, datetime) else value
    if BE_YEARS[0] <= day.year <= BE_YEARS[1]:
        return _make_date(day.year - 543, day.month, day.day)
    return day


def _from_match(match: re.Match[str], thai: bool, month_first: bool = False) -> date | None:
    if thai:
        return _make_date(ce_year(match.group(3)), parse_month(match.group(2)),
                          int(match.group(1)))
    first, second = int(match.group(1)), int(match.group(3))
    day, month = (second, first) if month_first else (first, second)
    return _make_date(ce_year(match.group(4)), month, day)


def _cell_text(value: Any) -> str | None:
    """A text cell as the date patterns read it (Arabic digits, one space, no "ลงวันที่"
    label); None when it is no text or too long to be a date."""
    if not isinstance(value, str):
        return None
    text = _PREFIX.sub("", _SPACES.sub(" ", value.translate(_THAI_DIGITS)).strip())
    return text if len(text) <= 40 else None


def parse_thai_date(value: Any, month_first: bool = False) -> date | None:
    """A whole cell as a CE date in any form of the module docstring, else None. Never
    raises. ``month_first``: read a numeric date as month/day/year (a table that
    :func:`table_date_order` found to be so)."""
    if value is None or isinstance(value, (bool, Formula)):
        return None
    if isinstance(value, (datetime, date)):
        try:
            return None if pd.isna(value) else _from_datetime(value)
        except (TypeError, ValueError):
            return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return from_serial(float(value))
    text = _cell_text(value)
    if text is None:
        return None
    if (found := _ISO.match(text)) is not None:
        year = int(found.group(1))
        year = year - 543 if BE_YEARS[0] <= year <= BE_YEARS[1] else year
        return _make_date(year if CE_YEARS[0] <= year <= CE_YEARS[1] else None,
                          int(found.group(2)), int(found.group(3)))
    if (found := _NUMERIC.match(text)) is not None:
        return _from_match(found, thai=False, month_first=month_first)
    if (found := _THAI.match(text)) is not None:
        return _from_match(found, thai=True)
    if _SERIAL.match(text):
        return from_serial(float(text))
    return None


def read_date(value: Any, month_first: bool = False) -> tuple[date | None, bool]:
    """(date, readable): blank or dash -> ``(None, True)``; an unreadable cell ``(None, False)``."""
    if is_blank(value) and not isinstance(value, Formula):
        return None, True
    found = parse_thai_date(value, month_first)
    return found, found is not None


#: How a cell's numeric date can be read (:func:`numeric_order`), and a table whose cells
#: are read both ways (:class:`DateOrder`).
EITHER, DAY_FIRST, MONTH_FIRST, MIXED = "either", "day_first", "month_first", "mixed"
#: The date fields whose day a monthly sheet's name tells: a contract is signed (or starts) in
#: the month the sheet reports (the สขร.1 contract cell holds its signing date); it may end in
#: any later one.
SHEET_MONTH_FIELDS = frozenset({"contract_date", "contract_start", "contract_no_date"})
#: The votes of a cell that can be read only one way (proof), against the one vote of a date
#: that falls in its sheet's month one way only (circumstance).
ONLY_WEIGHT = 2


class DateCell(NamedTuple):
    """A cell that may hold a numeric date, where it is: the sheet (and the month its name
    gives), its first row holding this value, the field; ``sheet_months``: every month the
    sheet's name covers (a span's, "ต.ค.-ธ.ค. 66"), when not only ``sheet_month``."""

    sheet: str
    sheet_month: int | None
    row: int
    field: str
    value: Any
    sheet_months: tuple[int, ...] = ()


class DateOrder(NamedTuple):
    """How a table's numeric dates were read when not simply day first, as Thai forms write
    them: ``order`` is ``month_first`` (the table was read month first) or ``mixed`` (its
    cells can only be read one way or the other; it was read in ``read``, the order most
    cells take, and the cells of the other order are unreadable); ``example`` is a cell that
    tells (the first that can only be read month first, else one whose month matches its
    sheet's only when read month first (``why`` = ``sheet``); for ``mixed``, one of the order
    not taken)."""

    order: str
    read: str
    why: str                  # ``only``: it can only be read that way; ``sheet``; ``first_day``
    example: DateCell
    tie: bool = False         # as many votes each way (read day first)


def numeric_match(value: Any, in_text: bool = False) -> re.Match[str] | None:
    """The numeric date (``d/m/y`` or ``m/d/y``) of a cell, or inside a text cell."""
    if in_text:
        return _NUMERIC_IN_TEXT.search(value.translate(_THAI_DIGITS)) \
            if isinstance(value, str) and len(value) <= 400 else None
    text = _cell_text(value)
    return _NUMERIC.match(text) if text is not None else None


def numeric_order(found: re.Match[str] | None) -> str | None:
    """The order a numeric date can be read in: EITHER, DAY_FIRST, MONTH_FIRST, or None."""
    if found is None:
        return None
    first, second = int(found.group(1)), int(found.group(3))
    if first <= 12 and second <= 12:          # a day of 1-12 exists in every month
        return EITHER if first and second and ce_year(found.group(4)) is not None else None
    if second <= 12:
        return DAY_FIRST if _from_match(found, thai=False) is not None else None
    if first <= 12:
        return MONTH_FIRST if _from_match(found, thai=False, month_first=True) else None
    return None


def table_date_order(cells: Iterable[DateCell], in_text: frozenset[str] = frozenset()
                     ) -> tuple[bool, DateOrder | None]:
    """(read month first?, what to report) for the date cells of one table (each distinct
    value of a sheet's column once): one export writes every sheet in one order. A cell that
    can only be read day first (``25/11/2566``) gives day first :data:`ONLY_WEIGHT` votes, one
    only month first (``11/25/2023``) month first; in a monthly sheet a contract's signing or
    start date that fits both gives one vote to the order in which its month is the sheet's
    (``10/5/2023`` in sheet "ต.ค. 66": month first; in a span's sheet, "ต.ค.-ธ.ค. 66", the order
    in which only it lies in the span), and a date in the เดือน column (``month``)
    that fits both gives one vote to the order that makes it the first of its month, as a
    month column's dates are (``10/1/2023``: month first). The table is read month first when
    month first has more votes, else day first (ties included). ``in_text``: fields whose cells
    hold the date inside a text (the สขร.1 contract cell)."""
    votes = {DAY_FIRST: 0, MONTH_FIRST: 0}
    only: dict[str, DateCell] = {}
    told_by: tuple[str, DateCell] | None = None          # the first circumstantial month vote
    for cell in cells:
        found = numeric_match(cell.value, cell.field in in_text)
        order = numeric_order(found)
        if order in votes:
            votes[order] += ONLY_WEIGHT
            only.setdefault(order, cell)
        elif order == EITHER:
            assert found is not None
            first, second = int(found.group(1)), int(found.group(3))
            if first == second:
                continue
            if cell.field == "month" and 1 in (first, second):
                told, why = (MONTH_FIRST if second == 1 else DAY_FIRST), "first_day"
            elif cell.field in SHEET_MONTH_FIELDS and (first in (span := cell.sheet_months or (
                    cell.sheet_month,))) != (second in span):
                told, why = (MONTH_FIRST if first in span else DAY_FIRST), "sheet"
            else:
                continue
            votes[told] += 1
            if told == MONTH_FIRST and told_by is None:
                told_by = (why, cell)
    month_first = votes[MONTH_FIRST] > votes[DAY_FIRST]
    read = MONTH_FIRST if month_first else DAY_FIRST
    other = DAY_FIRST if month_first else MONTH_FIRST
    if other in only:                                     # cells of the order not taken
        return month_first, DateOrder(MIXED, read, "only", only[other],
                                      votes[MONTH_FIRST] == votes[DAY_FIRST])
    if not month_first:
        return False, None
    if MONTH_FIRST in only:
        return True, DateOrder(MONTH_FIRST, read, "only", only[MONTH_FIRST])
    assert told_by is not None
    return True, DateOrder(MONTH_FIRST, read, *told_by)


def date_series(series: pd.Series, month_first: bool = False) -> tuple[pd.Series, pd.Series]:
    """(dates as datetime64[ns] with NaT, unreadable mask) for a column, each distinct value
    parsed once; ``month_first``: numeric dates are month/day/year (:func:`table_date_order`)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    parsed = [read_date(u, month_first) for u in uniques] + [(None, True)]
    days = np.array([np.datetime64(d, "D") if d is not None else np.datetime64("NaT", "D")
                     for d, _ in parsed], dtype="datetime64[D]")
    bad = np.array([not ok for _, ok in parsed], dtype=bool)
    return (pd.Series(days[codes].astype("datetime64[ns]"), index=series.index),
            pd.Series(bad[codes], index=series.index, dtype=bool))


def find_date(text: str, month_first: bool = False
              ) -> tuple[date | None, tuple[int, int] | None]:
    """The first date written inside a text (Thai month or d/m/y, m/d/y with ``month_first``),
    with its span; an ISO date counts too. (None, None) when there is none."""
    norm = text.translate(_THAI_DIGITS)
    best: tuple[date, tuple[int, int]] | None = None
    for pattern, thai in ((_THAI_IN_TEXT, True), (_NUMERIC_IN_TEXT, False)):
        for match in pattern.finditer(norm):
            day = _from_match(match, thai, month_first)
            if day is not None:
                if best is None or match.start() < best[1][0]:
                    best = (day, match.span())
                break
    iso = re.search(r"(?<![0-9])([0-9]{4})-([0-9]{2})-([0-9]{2})(?![0-9])", norm)
    if iso is not None and (best is None or iso.start() < best[1][0]):
        day = parse_thai_date(iso.group())
        if day is not None:
            best = (day, iso.span())
    return (best[0], best[1]) if best else (None, None)


# --------------------------------------------------------------------------- สขร.1 cells

_CONTRACT_LABELS = re.compile(
    r"^(?:สัญญา|ใบสั่ง(?:ซื้อ|จ้าง)(?:หรือ(?:ใบ)?สั่ง(?:ซื้อ|จ้าง))?|ข้อตกลง|po|บันทึกตกลง(?:ซื้อ|จ้าง)?)?"
    r"\s*(?:เลขที่|ที่|no\.?)\s*:?\s*", re.IGNORECASE)
_DATE_LABEL = re.compile(r"(?:ลง\s*วันที่|ลว\.)\s*\S")
_DATE_LABEL_TAIL = re.compile(r"[\s,;:/(]*(?:ลง\s*วันที่|ลว\.?|วันที่|ลงวันที่)?[\s,;:(]*$")


def split_contract(value: Any, month_first: bool = False) -> tuple[str, date | None, bool]:
    """The สขร.1 cell "เลขที่และวันที่ของสัญญาหรือข้อตกลง" as (contract number, date, readable).

    ``"สัญญาเลขที่ 12/2567 ลงวันที่ 5 ต.ค. 2567"`` -> ``("12/2567", 2024-10-05, True)``; a cell with
    a date-like text that is not a date (``"ลว. 31 ก.พ. 67"``) is unreadable; a cell with no date
    is a number alone. Workbook dates in the cell are a date with no number. ``month_first``:
    a numeric date is m/d/y (:func:`table_date_order`)."""
    if isinstance(value, (datetime, date)):
        return "", _from_datetime(value), True
    text = clean_text(value)
    if not text or text in _DASHES:
        return "", None, not isinstance(value, Formula)
    day, span = find_date(text, month_first)
    readable = True
    if span is not None:
        number = text[: span[0]]
        rest = text[span[1]:].strip(" ,;)")
        if not number.strip(" ,;:") and rest:
            number = rest
    else:                  # "… ลว. 31 ก.พ. 67": a date was meant but cannot be read
        label = _DATE_LABEL.search(text)
        number = text[: label.start()] if label else text
        readable = label is None
    number = _DATE_LABEL_TAIL.sub("", number)
    number = _CONTRACT_LABELS.sub("", number.strip()).strip(" ,;:")
    return number, day, readable


_PRICE_AT_END = re.compile(
    r"(?P<label>ราคา(?:ที่ตกลง(?:ซื้อ|จ้าง)?(?:หรือ(?:จัด)?จ้าง)?)?|เป็นเงิน|จำนวนเงิน|วงเงิน)?"
    r"\s*(?P<sep>[:=/])?\s*"
    r"(?P<amount>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)\s*"
    r"(?P<unit>บาท|บ\.|\.-|-)?\s*$")
_TRAILING_NOTE = re.compile(r"\s*\((?:[^()]*(?:vat|ภาษี|รวม)[^()]*)\)\s*$", re.IGNORECASE)
_NAME_TAIL = re.compile(r"[\s/,;:\-–]+$")
_TAX_IN_TEXT = re.compile(r"\(?\s*(?:เลขประจำตัวผู้เสียภาษี(?:อากร)?|เลขผู้เสียภาษี|tax\s*id)\s*:?\s*"
                          r"([0-9][0-9 -]{11,20}[0-9])\s*\)?", re.IGNORECASE)


def _is_price(match: re.Match[str], body: str) -> bool:
    """A number ending the cell is the price when something says so: a label ("ราคา"), a unit
    ("บาท", ".-"), a separator ("/", ":"), grouping commas or decimals, or a line of its own; a
    bare small number may be part of the name ("ร้านเจริญ 2")."""
    amount, at = match.group("amount"), match.start("amount")
    return bool(match.group("label") or match.group("unit") or match.group("sep")
                or "," in amount or "." in amount or not body[:at].strip()
                or body[at - 1].isspace() and float(amount) >= 100)


def split_supplier_price(value: Any) -> tuple[str, float | None, str]:
    """The สขร.1 cell "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง" as (name, price, tax ID).

    ``"บริษัท ก จำกัด / 45,000.00 บาท"`` and ``"หจก. ข ราคา 12,500 บาท (รวม VAT)"`` give the name
    and the price written last; a tax ID labelled in the cell is taken out of the name. A cell
    with no price at its end is a name alone (price None)."""
    text = clean_text(value).translate(_THAI_DIGITS)
    if not text or text in _DASHES:
        return "", None, ""
    tax = ""
    labelled = _TAX_IN_TEXT.search(text)
    if labelled:
        tax = re.sub(r"[^0-9]", "", labelled.group(1))
        text = _SPACES.sub(" ", text[: labelled.start()] + " " + text[labelled.end():]).strip()
    body = _TRAILING_NOTE.sub("", text)
    match = _PRICE_AT_END.search(body)
    if match is None or not _is_price(match, body):
        return _NAME_TAIL.sub("", text).strip(), None, tax
    name = _NAME_TAIL.sub("", body[: match.start()]).strip()
    return name, float(match.group("amount").replace(",", "")), tax


# --------------------------------------------------------------------------- tax IDs

def tax_id_digits(value: Any) -> str:
    """The digits of a tax-ID cell ("0-1055-56012-34-5" -> "0105556012345"). A number from a
    workbook lost its leading zero: 12 digits are padded back to 13."""
    if value is None or isinstance(value, (bool, Formula)):
        return ""
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        if not math.isfinite(number) or not number.is_integer() or number < 0:
            return ""
        digits = str(int(number))
        return digits.zfill(13) if len(digits) == 12 else digits
    return re.sub(r"[^0-9]", "", clean_text(value).translate(_THAI_DIGITS))


def tax_id_check_digit(first12: str) -> int:
    """The check digit of a Thai 13-digit ID: ``(11 - Σ d_i × (13 - i) mod 11) mod 10``."""
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12[:12]))
    return (11 - total % 11) % 10


def tax_id_valid(digits: str) -> bool:
    """True for 13 digits whose last is the check digit of the first twelve."""
    return (len(digits) == 13 and digits.isascii() and digits.isdigit()
            and tax_id_check_digit(digits) == int(digits[12]))


# --------------------------------------------------------------------------- methods

METHOD_KINDS = ("specific", "selection", "e_bidding", "e_market", "other", "")
_METHOD_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("specific", re.compile(r"เฉพาะ\s*เจาะจง|specific", re.IGNORECASE)),
    ("e_market", re.compile(r"e\s*-?\s*market|ตลาด\s*อิเล็ก", re.IGNORECASE)),
    ("e_bidding", re.compile(r"e\s*-?\s*bidding|ประกวด\s*ราคา|ประกาศ\s*เชิญ\s*ชวน", re.IGNORECASE)),
    ("selection", re.compile(r"คัด\s*เลือก|selection", re.IGNORECASE)),
)


def method_kind(value: Any) -> str:
    """``specific`` (วิธีเฉพาะเจาะจง), ``selection`` (วิธีคัดเลือก), ``e_bidding``,
    ``e_market``, ``other`` (e.g. the old ตกลงราคา/สอบราคา), or "" for an empty cell."""
    text = clean_text(value)
    if not text or text in _DASHES:
        return ""
    for kind, pattern in _METHOD_PATTERNS:
        if pattern.search(text):
            return kind
    return "other"


# --------------------------------------------------------------------------- suppliers, months

_COMPANY_WORDS = re.compile(
    r"บริษัท|บจก\.?|บมจ\.?|จำกัด|\(?มหาชน\)?|ห้างหุ้นส่วนจำกัด|ห้างหุ้นส่วนสามัญ|ห้างหุ้นส่วน|หจก\.?|"
    r"หสม\.?|ร้าน|นางสาว|นาย|นาง|น\.ส\.|co\.?,?\s*ltd\.?|company|limited", re.IGNORECASE)
_KEY_DROP = re.compile(r"[^0-9a-z\u0e01-\u0e4e]+")


def supplier_key(name: str) -> str:
    """A supplier's name as a grouping key: legal-form words (บริษัท … จำกัด, หจก., ร้าน, นาย),
    spaces and punctuation dropped, Thai digits read as Arabic, case ignored."""
    text = to_arabic_digits(name).lower()
    return _KEY_DROP.sub("", _COMPANY_WORDS.sub(" ", text))


_SHEET_NUMBER = re.compile(r"^(?:เดือน\s*)?([0-9]{1,2})(?:\s*[-/._ ]\s*[0-9]{2,4})?$")


#: What may stand between the two months of a span in a sheet name: the first month's year
#: (and its dot), a dash, ถึง or "to", and the last day ("ต.ค.-ธ.ค. 66", "ต.ค.66 - มี.ค.67",
#: "1 ต.ค. - 31 ธ.ค. 66", "Oct to Dec").
_SPAN_GAP = re.compile(r"\.?\s*(?:พ\.?\s?ศ\.?\s*)?(?:[0-9]{2,4})?\s*(?:[-–—‐‑−~]|ถึง|to)\s*"
                       r"(?:[0-9]{1,2}\s*)?\Z", re.IGNORECASE)
#: English month names and abbreviations, as a workbook exported in an English locale names
#: its sheets ("Oct 2023", "Feb-24", "November"); a word of its own, so that "Summary" holds
#: no March. (Not the locale's: ``calendar.month_abbr`` follows it.)
_ENGLISH_MONTH = re.compile(
    r"(?<![a-z])(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?![a-z])", re.IGNORECASE)
_ENGLISH_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                   "dec")


def _mentions(text: str) -> tuple[list[tuple[int, int, int]], bool]:
    """(month, start, end) of the month names of a sheet name: Thai ones (ก.พ. is February
    there, never the commission), else English ones; and whether they are Thai."""
    thai = month_mentions(text, commission=False)
    return thai or [
        (_ENGLISH_MONTHS.index(found.group(1)[:3].lower()) + 1, found.start(), found.end())
        for found in _ENGLISH_MONTH.finditer(text)], bool(thai)


def months_of_sheet(name: str) -> tuple[int, ...]:
    """The months a sheet name covers: its first month ("ต.ค. 67", "ตุลาคม 2567", "เดือน ต.ค.",
    "ก.พ. (2567)", "Oct 2023"; "10", "10-2567"), or, when the next month name follows it
    across a dash, ถึง or "to" (the first month's year may stand between), every month of that
    span ("ต.ค.-ธ.ค. 66": October to December; "พ.ย. - ม.ค." runs over the new year). A month
    named later for another reason ("ต.ค. 66 (ส่ง พ.ย.)", "ต.ค. 66 แก้ไข 5 พ.ย.") is no part
    of it. Empty for "Sheet1" and other names."""
    text = to_arabic_digits(clean_text(name))
    return _months_named(text, _mentions(text)[0])


def _months_named(text: str, found: list[tuple[int, int, int]]) -> tuple[int, ...]:
    """:func:`months_of_sheet` of a cleaned name ``text`` whose month names are ``found``."""
    if len(found) >= 2 and _SPAN_GAP.match(text[found[0][2]:found[1][1]]):
        first, last = found[0][0], found[1][0]
        return tuple((first - 1 + step) % 12 + 1 for step in range((last - first) % 12 + 1))
    if found:
        return (found[0][0],)
    bare = _SHEET_NUMBER.match(text)
    if bare and 1 <= int(bare.group(1)) <= 12:
        return (int(bare.group(1)),)
    return ()


#: A year right after a month name in a sheet name: "ต.ค. 66", "ตุลาคม 2566", "ต.ค. พ.ศ. 2566",
#: "ต.ค. ปี 66", "ก.พ. (2567)", "Oct 2023", "Oct-23", "Oct'23".
_NAME_YEAR = re.compile(r"\.?[\s(]*(?:ปี\s*)?(?:พ\.?\s?ศ\.?\s*)?[-/'’]?\s*([0-9]{4}|[0-9]{2})"
                        r"(?![0-9])")


def _name_year(text: str, at: int, thai: bool) -> int | None:
    """The BE year written right after position ``at`` of a sheet name, or None. After a Thai
    month name a 2-digit year is BE 25xx, and 42 or less is a day or a count, not a year ("ต.ค.
    16-31", "ต.ค. 10 รายการ"); after an English one it may be Gregorian ("Oct-23")."""
    found = _NAME_YEAR.match(text, at)
    if found is None or (thai and len(found.group(1)) == 2 and int(found.group(1)) <= CE_TWO_DIGITS):
        return None
    written = ce_year(found.group(1))
    return None if written is None else written + 543


def sheet_month_years(name: str) -> tuple[tuple[int, int], ...]:
    """(BE year, month) of every month a sheet's name covers (:func:`months_of_sheet`), when
    the name writes a year after its first month ("ต.ค. 66": October 2566) or after the last
    month of its span ("ต.ค.-ธ.ค. 66", "พ.ย. - ม.ค. 67": November 2566 to January 2567);
    empty when it writes none."""
    text = to_arabic_digits(clean_text(name))
    found, thai = _mentions(text)
    return _dated_months(text, found, thai, _months_named(text, found))


def _dated_months(text: str, found: list[tuple[int, int, int]], thai: bool,
                  months: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
    """:func:`sheet_month_years` of a cleaned ``text`` whose month names are ``found`` and
    which covers ``months`` (:func:`_months_named`)."""
    if not months or not found:
        return ()
    year = _name_year(text, found[0][2], thai)
    if year is None and len(months) > 1:
        last = _name_year(text, found[1][2], thai)
        year = None if last is None else last - (1 if months[0] > months[-1] else 0)
    if year is None:
        return ()
    pairs = []
    for index, month in enumerate(months):
        if index and month < months[index - 1]:
            year += 1                                     # over the new year
        pairs.append((year, month))
    return tuple(pairs)


#: Between two month names a statement lists together, after the first one's optional year:
#: "ตุลาคม และพฤศจิกายน", "ต.ค. 66, พ.ย. 66", "ต.ค./พ.ย.", "ตุลาคม 2566 และเดือนพฤศจิกายน".
_LIST_GAP = re.compile(r"\.?\s*(?:พ\.?\s?ศ\.?\s*)?(?:[0-9]{2,4})?\s*(?:,|และ|/|&)\s*(?:เดือน\s*)?\Z")


def months_stated(text: str) -> tuple[tuple[int, int | None], ...]:
    """(month, BE year or None) of each month a no-procurement statement names: a span's
    (:func:`months_of_sheet`, with the years :func:`sheet_month_years` gives), else month
    names listed with และ, a comma or a slash ("เดือนตุลาคมและพฤศจิกายน 2566": October and
    November 2566; a month without a year of its own takes the next one written, the year
    before when it comes later in the year: "ธ.ค. และ ม.ค. 67" is December 2566; else the
    one before it), else its one month. A month after a day's number is a date the statement
    was made or sent on ("ณ วันที่ 5 ม.ค. 67", "(ส่ง 5 พ.ย. 66)"), not a month it covers; a
    bare number is no month. Empty when it names none."""
    clean = to_arabic_digits(clean_text(text))
    found, thai = _mentions(clean)
    found = [f for f in found if not _DAY_BEFORE.search(clean, 0, f[1])]
    if not found:
        return ()
    months = _months_named(clean, found)
    listed = found[:1]
    if len(months) == 1:
        for before, after in zip(found, found[1:]):
            if not _LIST_GAP.match(clean, before[2], after[1]):
                break
            listed.append(after)
    if len(listed) < 2:
        dated = _dated_months(clean, found, thai, months)
        return tuple((m, y) for y, m in dated) if dated else tuple((m, None) for m in months)
    years: list[int | None] = [_name_year(clean, end, thai) for _, _, end in listed]
    for index in range(len(listed) - 2, -1, -1):        # from the next month dated
        if years[index] is None and years[index + 1] is not None:
            years[index] = years[index + 1] - (listed[index][0] > listed[index + 1][0])
    for index in range(1, len(listed)):                 # else from the one before
        if years[index] is None and years[index - 1] is not None:
            years[index] = years[index - 1] + (listed[index][0] < listed[index - 1][0])
    return tuple((month, year) for (month, _, _), year in zip(listed, years))


#: A day's number right before a month name: the month is a date's ("5 ม.ค. 67").
_DAY_BEFORE = re.compile(r"(?<![0-9])(?:0?[1-9]|[12][0-9]|3[01])\s*\Z")


def fiscal_year_of_months(pairs: tuple[tuple[int, int], ...]) -> int | None:
    """The fiscal year (BE) of the first of ``pairs`` ((BE year, month), as
    :func:`sheet_month_years` gives them), None when there are none."""
    if not pairs:
        return None
    year, month = pairs[0]
    return year + 1 if month >= FISCAL_START_MONTH else year


def month_year_of_cell(value: Any, month_first: bool = False) -> tuple[int | None, int | None]:
    """(month, BE year) of a "เดือน" cell: a month name (one month, as a sheet's name gives
    it: :func:`months_of_sheet`; a span's, "ต.ค.-ธ.ค. 66", is no one month's), a number 1–12,
    or a date (``month_first``: a numeric date is m/d/y, :func:`table_date_order`); the year
    when the cell writes one, a date's or the one after a month name ("ต.ค. 65": October
    2565), else None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (int(value) if float(value).is_integer() and 1 <= value <= 12 else None), None
    day = parse_thai_date(value, month_first)
    if day is not None:
        return day.month, day.year + 543
    text = to_arabic_digits(clean_text(value))
    found, thai = _mentions(text) if text else ([], False)
    months = _months_named(text, found) if text else ()
    if len(months) != 1:                  # none, or a span's
        return None, None
    written = _dated_months(text, found, thai, months)
    return months[0], (written[0][0] if written else None)
