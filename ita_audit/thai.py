"""Thai text layer: digits, Buddhist-Era years, fiscal-year math, month names and periods.

Everything here is pure: no I/O and no mutable module state other than bounded memos of pure
functions (``clear_caches`` empties them). Regular expressions are compiled once at import.
The extract/parse functions never raise on ``str`` input; they return an empty list or
``None`` when nothing usable is found.

Years follow DESIGN.md §4: a 4-digit number 2400–2700 is a Buddhist-Era (BE) year and
1900–2200 a Gregorian (CE) year (converted to BE). A 2-digit year (``65``, ``๖๕``) counts
only next to a month name or after ``ปี``/``พ.ศ.``/``ปีงบประมาณ`` and means 25xx. Fiscal
year 2566 runs from 1 Oct 2565 to 30 Sep 2566 (BE), i.e. 2022-10-01 .. 2023-09-30 (CE).
"""
from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Literal, NamedTuple, cast

from pythainlp.util import arabic_digit_to_thai_digit, convert_years, thai_digit_to_arabic_digit
from pythainlp.util.date import thai_abbr_months, thai_full_months

__all__ = [
    "ThaiBasis", "BASES", "Period", "PERIOD_KINDS",
    "to_arabic_digits", "to_thai_digits", "be_to_ce", "ce_to_be", "expand_year",
    "fiscal_year_bounds", "calendar_year_bounds", "year_bounds", "fiscal_year_of",
    "first_six_months", "parse_month", "parse_thai_date",
    "extract_periods", "periods_of", "extract_years", "contains_month_names",
    "parse_number", "is_dash", "parse_number_range", "NumberRange", "clear_caches",
    "DATE_STYLES", "thai_date",
]

ThaiBasis = Literal["fiscal", "calendar"]
#: The two ways a Buddhist-Era year is counted: the fiscal year (1 October to 30 September)
#: or the calendar year.
BASES: tuple[ThaiBasis, ...] = ("fiscal", "calendar")

PERIOD_KINDS = ("year", "fiscal_year", "year_range", "month", "month_range",
                "quarter", "half", "as_of", "date", "date_range", "gregorian_year")

BE_RANGE = (2400, 2700)   # inclusive bounds of a 4-digit Buddhist-Era year
CE_RANGE = (1900, 2200)   # inclusive bounds of a 4-digit Gregorian year
FISCAL_START_MONTH = 10   # the Thai fiscal year starts on 1 October


# Memo for the small pure helpers below (years, year bounds, month spans): few distinct inputs.
# ``typed`` keeps 2566.0 or True from borrowing the result cached for 2566 or 1.
_memo = lru_cache(maxsize=4096, typed=True)


# --------------------------------------------------------------------------- digits

_THAI_DIGIT_RE = re.compile("[\u0e50-\u0e59]")


def to_arabic_digits(text: str) -> str:
    """Replace Thai digits with Arabic ones (``"๒๕๖๖"`` -> ``"2566"``); other text is kept."""
    if isinstance(text, str) and _THAI_DIGIT_RE.search(text) is None:
        return text               # nothing to convert (str.translate costs ~5 µs per title)
    return thai_digit_to_arabic_digit(text)


def to_thai_digits(text: str) -> str:
    """Replace Arabic digits with Thai ones (``"2566"`` -> ``"๒๕๖๖"``); other text is kept."""
    return arabic_digit_to_thai_digit(text)


# --------------------------------------------------------------------------- numbers

# A dash (or en/em dash, minus) alone in a table cell means "none": read as zero, and callers
# record that they did so.
_DASHES = frozenset("-–—‐‑−")
_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|[+-]?\.[0-9]+")
_NUMBER_SPACE_RE = re.compile(r"[\s\u00a0\u200b]+")


def is_dash(text: str) -> bool:
    """True for a cell that holds only a dash (``-``, ``–``, ``—``): "none", i.e. zero."""
    stripped = _NUMBER_SPACE_RE.sub("", text) if isinstance(text, str) else ""
    return len(stripped) == 1 and stripped in _DASHES


def parse_number(text: str) -> Decimal | None:
    """A table number as an exact Decimal, or None when the cell is not one number.

    Thai or Arabic digits, thousands commas in groups of three, a decimal point:
    ``"๔๗,๐๑๑.๓๑"`` -> ``Decimal("47011.31")``. The stated precision is kept
    (``"๒.๕๐"`` -> ``Decimal("2.50")``), so rounding checks can see it. A dash is not a number
    here (see :func:`is_dash`); neither is text with words, several numbers or bad grouping
    (``"1,85,6"``) or inner spaces.
    """
    if not isinstance(text, str):
        return None
    candidate = to_arabic_digits(text).strip(" \t\n\r\u00a0\u200b")
    if not _NUMBER_RE.fullmatch(candidate):          # "๐ ๒๙๕๖" is two numbers, not 2956
        return None
    try:
        return Decimal(candidate.replace(",", ""))
    except InvalidOperation:      # pragma: no cover - the pattern admits only valid literals
        return None


class NumberRange(NamedTuple):
    """A score or percentage band: ``low``..``high``; None is open-ended."""

    low: Decimal | None
    high: Decimal | None
    high_exclusive: bool = False


_RANGE_SPLIT_RE = re.compile(r"^(?P<a>[^-–—~]+?)\s*[-–—~]\s*(?P<b>.+)$")
_OPEN_HIGH_RE = re.compile(r"^(?:ขึ้นไป|ขึ้นไป\.?|และสูงกว่า|or more)$")
_BELOW_RE = re.compile(r"^(?:ต่ำกว่า|น้อยกว่า)\s*(?:ร้อยละ)?\s*(?P<n>.+)$")


def parse_number_range(text: str) -> NumberRange | None:
    """A band such as ``"๗๕.๔๐ - ๘๓.๐๙"``, ``"๘๓.๑๐ - ขึ้นไป"`` (open above) or
    ``"ต่ำกว่าร้อยละ ๖๐"`` (below 60, exclusive). None when the text is not a band."""
    if not isinstance(text, str):
        return None
    norm = _WS.sub(" ", to_arabic_digits(text)).strip()
    below = _BELOW_RE.match(norm)
    if below:
        high = parse_number(below["n"])
        return NumberRange(None, high, True) if high is not None else None
    parts = _RANGE_SPLIT_RE.match(norm)
    if not parts:
        return None
    low = parse_number(parts["a"])
    if low is None:
        return None
    if _OPEN_HIGH_RE.match(parts["b"].strip()):
        return NumberRange(low, None)
    high = parse_number(parts["b"])
    return NumberRange(low, high) if high is not None else None


# --------------------------------------------------------------------------- years

@_memo
def be_to_ce(year_be: int) -> int:
    """Buddhist-Era year to Gregorian year (2566 -> 2023)."""
    return int(convert_years(str(year_be), src="be", target="ad"))


@_memo
def ce_to_be(year_ce: int) -> int:
    """Gregorian year to Buddhist-Era year (2023 -> 2566)."""
    return int(convert_years(str(year_ce), src="ad", target="be"))


def _in_range(value: int, bounds: tuple[int, int]) -> bool:
    return bounds[0] <= value <= bounds[1]


def fiscal_year_problem(year: int) -> tuple[str, str] | None:
    """Why ``year`` cannot be an ITA fiscal year, which is Buddhist Era, and the fix; None
    when it can (``BE_RANGE``). A year in ``CE_RANGE`` is a Gregorian year given by mistake:
    the fix names its BE year (2023 -> 2566)."""
    if _in_range(year, CE_RANGE):
        return (f"{year} looks like a Gregorian (CE) year; ITA fiscal years are Buddhist Era",
                f"give the fiscal year in BE: CE {year} is {ce_to_be(year)}")
    if not _in_range(year, BE_RANGE):
        return (f"{year} is not a Buddhist-Era year",
                f"give a BE year between {BE_RANGE[0]} and {BE_RANGE[1]}, e.g. 2566")
    return None


def _year_from_digits(digits: str) -> int | None:
    """BE year for a run of 2 or 4 ASCII digits (2-digit -> 25xx; CE -> BE), else None."""
    if len(digits) == 2:
        return 2500 + int(digits)
    if len(digits) == 4:
        value = int(digits)
        if _in_range(value, BE_RANGE):
            return value
        if _in_range(value, CE_RANGE):
            return ce_to_be(value)
    return None


def _is_ce_digits(digits: str) -> bool:
    """True for a 4-digit Gregorian year such as ``"2022"``."""
    return len(digits) == 4 and _in_range(int(digits), CE_RANGE)


_YEAR_TOKEN_RE = re.compile(r"[0-9]{2}|[0-9]{4}")


def expand_year(token: str) -> int | None:
    """A year token as a BE year: "2566"->2566, "๖๕"->2565, "65"->2565, "2022"->2565, else None."""
    if not isinstance(token, str):
        return None
    digits = to_arabic_digits(token.strip())
    if not _YEAR_TOKEN_RE.fullmatch(digits):
        return None
    return _year_from_digits(digits)


# --------------------------------------------------------------------------- fiscal math

def _last_day(year_ce: int, month: int) -> date:
    return date(year_ce, month, calendar.monthrange(year_ce, month)[1])


def _check_basis(basis: str) -> None:
    if basis not in BASES:
        raise ValueError(f"unknown year basis {basis!r} (expected 'fiscal' or 'calendar')")


@_memo
def fiscal_year_bounds(fy_be: int) -> tuple[date, date]:
    """First and last day of a BE fiscal year: 2566 -> (2022-10-01, 2023-09-30)."""
    year_ce = be_to_ce(fy_be)
    return date(year_ce - 1, FISCAL_START_MONTH, 1), date(year_ce, FISCAL_START_MONTH - 1, 30)


@_memo
def calendar_year_bounds(year_be: int) -> tuple[date, date]:
    """First and last day of a BE calendar year: 2566 -> (2023-01-01, 2023-12-31)."""
    year_ce = be_to_ce(year_be)
    return date(year_ce, 1, 1), date(year_ce, 12, 31)


def year_bounds(year_be: int, basis: ThaiBasis) -> tuple[date, date]:
    """Bounds of a BE year on the given basis ("fiscal" or "calendar")."""
    _check_basis(basis)
    return fiscal_year_bounds(year_be) if basis == "fiscal" else calendar_year_bounds(year_be)


def fiscal_year_of(d: date) -> int:
    """The BE fiscal year containing ``d`` (2022-10-01 -> 2566, 2022-09-30 -> 2565)."""
    return ce_to_be(d.year + (1 if d.month >= FISCAL_START_MONTH else 0))


def _basis_year_of(d: date, basis: ThaiBasis) -> int:
    """The BE year (fiscal or calendar) containing ``d``."""
    _check_basis(basis)
    return fiscal_year_of(d) if basis == "fiscal" else ce_to_be(d.year)


@_memo
def _quarter_bounds(year_be: int, first: int, last: int, basis: ThaiBasis) -> tuple[date, date]:
    """Start of quarter ``first`` .. end of quarter ``last`` (1..4) of a BE year on ``basis``.

    Fiscal Q1 is October–December of the previous CE year; calendar Q1 is January–March.
    """
    start = year_bounds(year_be, basis)[0]
    first_index = start.month - 1 + 3 * (first - 1)    # 0-based month counted from start.year
    last_index = start.month - 1 + 3 * last - 1
    return (date(start.year + first_index // 12, first_index % 12 + 1, 1),
            _last_day(start.year + last_index // 12, last_index % 12 + 1))


def first_six_months(year_be: int, basis: ThaiBasis) -> tuple[date, date]:
    """First half of a BE year: fiscal 2566 -> Oct 2022..Mar 2023; calendar -> Jan..Jun 2023."""
    return _quarter_bounds(year_be, 1, 2, basis)


# --------------------------------------------------------------------------- months

_THAI_LETTER = "\u0e01-\u0e4e"     # Thai letters, vowels and tone marks (not digits)
_WS = re.compile(r"\s+")


def _abbr_segments(abbr: str) -> list[str]:
    """``"มี.ค."`` -> ``["มี", "ค"]``."""
    return [part for part in abbr.split(".") if part]


def _month_lookup() -> dict[str, int]:
    """Every accepted spelling (without whitespace) -> month number."""
    lookup: dict[str, int] = {}
    for number, (full, abbr) in enumerate(zip(thai_full_months, thai_abbr_months, strict=True), start=1):
        undotted = "".join(_abbr_segments(abbr))
        for form in (full, abbr, abbr.rstrip("."), undotted, undotted + "."):
            lookup[form] = number
    return lookup


_MONTHS: dict[str, int] = _month_lookup()


def parse_month(token: str) -> int | None:
    """Month number (1..12) of a Thai month name or abbreviation, else None.

    Accepts full names (``มกราคม``), dotted abbreviations (``ต.ค.``, ``ต. ค.``, ``ต.ค``),
    undotted ones (``ตค``, ``มค.``) and an optional ``เดือน`` prefix.
    """
    if not isinstance(token, str):
        return None
    number = _MONTHS.get(token)          # fast path: a bare spelling (keys hold no whitespace)
    if number is not None:
        return number
    key = "".join(token.split())         # = _WS.sub("", token): str.split and \s agree on spaces
    if key.startswith("เดือน"):
        key = key[len("เดือน"):]
    return _MONTHS.get(key)


def _abbr_pattern(abbr: str) -> list[str]:
    """Regex bodies for the dotted (spaces allowed) and undotted forms of an abbreviation."""
    segments = [re.escape(part) for part in _abbr_segments(abbr)]
    return [r"\.\s?".join(segments), "".join(segments)]


def _month_alternation() -> str:
    """One regex matching any month name or abbreviation, with Thai word boundaries."""
    full = "|".join(re.escape(name) for name in sorted(thai_full_months, key=len, reverse=True))
    bodies = [body for abbr in thai_abbr_months for body in _abbr_pattern(abbr)]
    abbrs = "|".join(sorted(bodies, key=len, reverse=True))
    # An abbreviation must not sit inside a Thai word (``กยพ.``, ``อ.ก.พ.``, ``ก.พ.ร.``),
    # except right after words that introduce a month (``เดือนต.ค.``, ``ถึงมี.ค.``).
    left = rf"(?:(?<=เดือน)|(?<=ถึง)|(?<=แต่)|(?<![{_THAI_LETTER}.]))"
    right = rf"(?:\.?(?=ถึง|พ\.\s?ศ\.)|\.(?![{_THAI_LETTER}])|(?![{_THAI_LETTER}.]))"
    return rf"(?:{full}|{left}(?:{abbrs}){right})"


_MONTH = _month_alternation()
_MONTH_TOKEN_RE = re.compile(_MONTH)


def month_names_line(line: str) -> list[str]:
    """The month names a line consists of, in order (full names and abbreviations, dotted,
    undotted or spaced as PDF text writes them: ``ต. ค.  พ. ย.``); [] when anything else
    stands on it."""
    found: list[str] = []
    pos = 0
    for match in _MONTH_TOKEN_RE.finditer(line):
        if line[pos:match.start()].strip():
            return []
        found.append(match.group().strip())
        pos = match.end()
    return found if found and not line[pos:].strip() else []

# "ก.พ." is also the Civil Service Commission ("สำนักงาน ก.พ. ที่ นร ..."); it counts as a month
# name only next to a number or a range dash, or after "เดือน" unless the commission acts
# ("ค่าตอบแทนรายเดือน ก.พ. กำหนด").
_COMMISSION_ABBR = thai_abbr_months[1]
_DATE_CONTEXT_AFTER_RE = re.compile(r"\s*(?:[0-9]|พ\.\s?ศ\.|[-–—‐‑−~]|ถึง)")
_DATE_CONTEXT_BEFORE_RE = re.compile(r"(?:[0-9]|[-–—‐‑−~]|ถึง)\s*$")
_MONTH_WORD_BEFORE_RE = re.compile(r"เดือน\s*$")


def _is_commission_abbr(token: str) -> bool:
    """Is a month token ``ก.พ.`` (spaces and dots aside), which may name the commission?"""
    return _WS.sub("", token).rstrip(".") == _COMMISSION_ABBR.rstrip(".")


def _is_month_mention(norm: str, match: re.Match[str]) -> bool:
    """False when an ambiguous ``ก.พ.`` stands alone (then it names the commission)."""
    if not _is_commission_abbr(match.group()):
        return True
    before = norm[max(0, match.start() - 8):match.start()]
    return bool(_DATE_CONTEXT_AFTER_RE.match(norm, match.end())
                or _DATE_CONTEXT_BEFORE_RE.search(before)
                or (_MONTH_WORD_BEFORE_RE.search(before)
                    and not _COMMISSION_AFTER_RE.match(norm, match.end())))


def month_mentions(text: str, *, commission: bool = True) -> list[tuple[int, int, int]]:
    """(month number, start, end) of each month name in ``text`` (Thai digits read as Arabic,
    which keeps positions); with ``commission=False`` (a text that names a month, such as a
    monthly sheet's name) every ``ก.พ.`` is February, never the Civil Service Commission."""
    if not isinstance(text, str):
        return []
    norm = to_arabic_digits(text)
    found = []
    for match in _MONTH_TOKEN_RE.finditer(norm):
        if commission and not _is_month_mention(norm, match):
            continue
        month = parse_month(match.group())
        if month is not None:
            found.append((month, match.start(), match.end()))
    return found


def contains_month_names(text: str) -> list[int]:
    """Month numbers of the month names/abbreviations in ``text``, in order of appearance.

    Every occurrence is listed (duplicates kept). A bare ``ก.พ.`` not attached to a number
    or a range dash, nor after "เดือน", is read as the Civil Service Commission and skipped
    (:func:`month_mentions` with ``commission=False`` reads every ``ก.พ.`` as February).
    """
    return [month for month, _, _ in month_mentions(text)]


# --------------------------------------------------------------------------- regex pieces

_DASH = r"\s*(?:[-–—‐‑−~]|ถึง)\s*"
_BE = r"พ\.\s?ศ\.\s*"
_Y4 = r"(?<![0-9%])(?:19[0-9]{2}|2[01][0-9]{2}|2200|2[4-6][0-9]{2}|2700)(?![0-9])(?!\.[0-9])"
_Y2 = r"(?<![0-9])[0-9]{2}(?![0-9])(?!\.[0-9])"
# A 2-digit year after ปี/พ.ศ. must not be a list number ("ประจำปี ๑๑. รายงาน...").
_Y2_AFTER_CONTEXT = rf"{_Y2}(?!\.)"
_YEAR_CONTEXT = rf"(?:ปีงบประมาณ|ปีงบฯ?|ปี)\s*(?:{_BE})?|{_BE}"
# A quarter number (ไตรมาส 2), an area number (สพป.ขอนแก่น เขต 1), a form number (สขร.1, the
# monthly procurement summary) or a count (ครั้งที่ 1) is not a day: "เขต 1 เดือน ต.ค. 2565" and
# "สขร.1 ต.ค. 65" are October, not 1 October.
_DAY = (r"(?<![0-9])(?<!ไตรมาส)(?<!ไตรมาสที่)(?<!ไตรมาส )(?<!ไตรมาสที่ )(?<!เขต)(?<!เขต )"
        r"(?<!สขร\.)(?<!สขร\. )(?<!สขร)(?<!สขร )(?<!ครั้งที่)(?<!ครั้งที่ )"
        r"(?P<day>[0-3]?[0-9])(?![0-9])")


def _month_year(month: str, year: str) -> str:
    """A month followed by its (2- or 4-digit) year, optionally with ``พ.ศ.`` between."""
    return rf"(?:เดือน\s*)?(?P<{month}>{_MONTH})\s*(?:{_BE})?(?P<{year}>{_Y4}|{_Y2})"


_MONTH_RANGE_RE = re.compile(
    rf"(?:เดือน\s*)?(?P<m1>{_MONTH})(?:\s*(?:{_BE})?(?P<y1>{_Y4}|{_Y2}))?"
    rf"{_DASH}{_month_year('m2', 'y2')}")
_AS_OF_RE = re.compile(
    rf"ณ\s*(?:วันที่\s*)?(?:{_DAY}\s*)?(?:สิ้น\s*)?{_month_year('month', 'year')}")
_DATE_RE = re.compile(rf"(?:วันที่\s*)?{_DAY}\s*{_month_year('month', 'year')}")
_MONTH_RE = re.compile(_month_year("month", "year"))
_QUARTER_RE = re.compile(
    r"ไตรมาส(?:ที่)?\s*(?P<q1>[1-4])(?![0-9])"
    r"(?:\s*(?:[-–—‐‑−~,]|และ|ถึง)\s*(?:ไตรมาส(?:ที่)?\s*)?(?P<q2>[1-4])(?![0-9]))?")
_HALF_RE = re.compile(
    # PDF text often breaks a phrase with a space ("ครึ่งปี งบประมาณแรก"): allow one anywhere;
    # "รอบ 6 เดือนหลัง", "รอบ 6 เดือนที่ 2" and "รอบ 6 เดือน (ครั้งที่ 2)" are the second half
    r"รอบ\s*6\s*เดือน(?!\s*(?:หลัง|ที่\s*2|\(?\s*ครั้งที่\s*2))(?:\s*แรก)?|(?<![0-9])6\s*เดือน\s*แรก"
    r"|ครึ่งปี\s*(?:งบ\s*ประมาณ\s*)?แรก")
# A month after "เดือน" with no year of its own and not the start of a range ("สรุปผลการจัดซื้อ
# จัดจ้างประจำเดือนตุลาคม ปีงบประมาณ 2566"): it takes the year the title states elsewhere
# (``_attach_years``), or is no period at all.
_BARE_MONTH_RE = re.compile(
    rf"เดือน\s*(?P<month>{_MONTH})(?!\s*(?:{_BE})?[0-9])(?!\s*(?:[-–—‐‑−~]|ถึง|และ|,))")
# What the Civil Service Commission (ก.พ.) does, after its name: "ก.พ. กำหนด", "ก.พ. ว่าด้วย".
_COMMISSION_AFTER_RE = re.compile(r"\s*(?:กำหนด|ว่าด้วย|ที่\s*นร|รับรอง|อนุมัติ|มีมติ)")
# What may not stand right before one (looked for in the _LOOKBEHIND characters before
# "เดือน", where ``_plan`` has the tail of the text begin): the word ณ (not the end of
# งบประมาณ), สิ้น, ถึง, (ตั้ง)แต่, และ, a dash, or a count of months ("รอบ 9 เดือน", "ระยะ 6
# เดือน", "ทุก 3 เดือน"; a year, a form or a sequence number before it is no count).
_BARE_MONTH_NOT_AFTER_RE = re.compile(
    r"(?:(?<![\u0e01-\u0e4e])ณ|สิ้น|ถึง|แต่|และ|[-–—‐‑−~]|(?:รอบ|ระยะ|ทุก)\s{0,3}[0-9]{1,2})\s{0,3}\Z")
_YEAR_RANGE_RE = re.compile(
    rf"(?P<ctx>{_YEAR_CONTEXT})?(?P<y1>{_Y4}|(?(ctx){_Y2_AFTER_CONTEXT}|(?!)))"
    rf"{_DASH}(?:{_BE})?(?P<y2>{_Y4}|{_Y2})")
_YEAR_RE = re.compile(rf"(?P<ctx>{_YEAR_CONTEXT})?(?P<y>{_Y4}|(?(ctx){_Y2_AFTER_CONTEXT}|(?!)))")


# --------------------------------------------------------------------------- periods

@dataclass(frozen=True)
class Period:
    """A period a title or URL refers to (see ``extract_periods``)."""

    text: str                  # the raw matched text
    kind: str                  # one of PERIOD_KINDS
    year: int | None           # BE year label (start year); None only for quarter/half w/o year
    end_year: int | None       # BE end year label (== year except for ranges)
    start: date | None = None  # exact CE dates when the text fixes them
    end: date | None = None
    quarters: tuple[int, int] | None = None
    basis: str | None = None   # "fiscal", "calendar", or None (the audit's basis decides)
    source: str = "title"      # "title" or "url"

    def window(self, basis: ThaiBasis) -> tuple[date, date] | None:
        """CE date window this period covers under ``basis`` (self.basis wins if set).

        None if the period has no year.
        """
        _check_basis(basis)
        if self.year is None:
            return None
        effective = cast(ThaiBasis, self.basis) if self.basis in BASES else basis
        if self.kind in _EXACT_KINDS and self.start and self.end:
            return self.start, self.end
        if self.kind == "as_of" and self.end is not None:
            return year_bounds(_basis_year_of(self.end, effective), effective)[0], self.end
        if self.kind == "quarter":
            first, last = self.quarters or (1, 4)
            return _quarter_bounds(self.year, first, last, effective)
        if self.kind == "half":
            return first_six_months(self.year, effective)
        end_year = self.end_year if self.end_year is not None else self.year
        return year_bounds(self.year, effective)[0], year_bounds(end_year, effective)[1]


class _Hit(NamedTuple):
    """A candidate period and where it sits in the text."""

    start: int
    end: int
    period: Period


# Most specific first; overlapping candidates are resolved in this order.
_RANK = {"month_range": 0, "as_of": 1, "date": 2, "month": 3, "quarter": 4, "half": 4,
         "bare_month": 5, "year_range": 5, "fiscal_year": 6, "year": 7, "gregorian_year": 7}
_EXACT_KINDS = ("month", "month_range", "date", "date_range")   # start and end are the window
_EXPLICIT_KINDS = (*_EXACT_KINDS, "as_of")
# Between two dates of one range: "1 ต.ค. 2565 - 31 มี.ค. 2566", "… ถึงวันที่ …" (a date
# match takes its own leading วันที่).
_DATE_RANGE_GAP_RE = re.compile(_DASH)


def _hit(match: re.Match[str], **fields: Any) -> _Hit:
    """A hit spanning ``match``; the period text is replaced by the raw text later."""
    return _Hit(match.start(), match.end(), Period(text=match.group(), **fields))


def _safe_date(year_ce: int, month: int, day: int) -> date | None:
    """``date(...)`` or None when the day does not exist."""
    try:
        return date(year_ce, month, day)
    except ValueError:
        return None


@_memo
def _month_span(year_be: int, month: int) -> tuple[date, date]:
    year_ce = be_to_ce(year_be)
    return date(year_ce, month, 1), _last_day(year_ce, month)


def _month_year_values(match: re.Match[str], month: str, year: str) -> tuple[int, int] | None:
    """(BE year, month number) from two named groups, or None."""
    number = parse_month(match.group(month))
    year_be = _year_from_digits(match.group(year))
    return None if number is None or year_be is None else (year_be, number)


def _month_range_hits(norm: str, pos: int = 0) -> Iterator[_Hit]:
    """``ต.ค.64 - มี.ค.65``, ``มกราคม – มีนาคม 2566``, ``ต.ค. - มี.ค. 2566`` (start in 2565)."""
    for match in _MONTH_RANGE_RE.finditer(norm, pos):
        end_value = _month_year_values(match, "m2", "y2")
        first_month = parse_month(match.group("m1"))
        if end_value is None or first_month is None:
            continue
        end_year, end_month = end_value
        start_year = (_year_from_digits(match.group("y1")) if match.group("y1")
                      else end_year - (1 if first_month > end_month else 0))
        if start_year is None or (start_year, first_month) > (end_year, end_month):
            continue
        yield _hit(match, kind="month_range", year=start_year, end_year=end_year,
                   start=_month_span(start_year, first_month)[0],
                   end=_month_span(end_year, end_month)[1], basis="calendar")


def _day_span(match: re.Match[str]) -> tuple[int, date, date] | None:
    """(BE year, first day, last day) of a matched day or month; None if it does not exist."""
    value = _month_year_values(match, "month", "year")
    if value is None:
        return None
    year_be, month = value
    if match.group("day") is None:
        return (year_be, *_month_span(year_be, month))
    day = _safe_date(be_to_ce(year_be), month, int(match.group("day")))
    return None if day is None else (year_be, day, day)


def _day_hits(norm: str, pattern: re.Pattern[str], kind: str, pos: int = 0) -> Iterator[_Hit]:
    """Dates (``11 ธ.ค. 56``) and as-of points (``ณ มีนาคม 2566``, ``ณ วันที่ 31 มี.ค. 66``).

    ``pos``: where to start looking (a caller that knows no match starts earlier)."""
    for match in pattern.finditer(norm, pos):
        span = _day_span(match)
        if span is not None:
            year_be, start, end = span
            yield _hit(match, kind=kind, year=year_be, end_year=year_be, start=start, end=end,
                       basis="calendar" if kind == "date" else None)


def _as_of_hits(norm: str, pos: int = 0) -> Iterator[_Hit]:
    """``ณ มีนาคม 2566``, ``(ณ ธันวาคม 2565)``, ``ณ วันที่ 31 มีนาคม 2566``."""
    return _day_hits(norm, _AS_OF_RE, "as_of", pos)


def _date_hits(norm: str, pos: int = 0) -> Iterator[_Hit]:
    """``29 ธันวาคม 2558``, ``11 ธ.ค. 56``, ``วันที่ ๑ ต.ค. ๒๕๖๕``."""
    return _day_hits(norm, _DATE_RE, "date", pos)


def _month_hits(norm: str, pos: int = 0) -> Iterator[_Hit]:
    """A single month with its year: ``ธันวาคม 2565``, ``ต.ค. 65``, ``เดือนตุลาคม พ.ศ.2565``."""
    for match in _MONTH_RE.finditer(norm, pos):
        value = _month_year_values(match, "month", "year")
        if value is not None:
            start, end = _month_span(*value)
            yield _hit(match, kind="month", year=value[0], end_year=value[0],
                       start=start, end=end, basis="calendar")


def _bare_month_hits(norm: str, pos: int = 0) -> Iterator[_Hit]:
    """``เดือนตุลาคม`` with no year: a ``bare_month`` until ``_attach_years`` gives it the year
    stated elsewhere in the text (or drops it). Less specific than a half-year, so "รอบ 6
    เดือน ตุลาคม - มีนาคม" stays a half-year. Not a month of its own: a point in time or the
    end of a range ("ณ เดือนมีนาคม", "ถึงเดือนกันยายน", "… และเดือนมกราคม"), a count of months
    ("รอบ 9 เดือน มิถุนายน"), nor ก.พ. standing for the Civil Service Commission (followed by
    what the commission does: "ก.พ. กำหนด", "ก.พ. ว่าด้วย"; after เดือน it is otherwise February)."""
    for match in _BARE_MONTH_RE.finditer(norm, pos):
        if _BARE_MONTH_NOT_AFTER_RE.search(norm, max(0, match.start() - _LOOKBEHIND),
                                           match.start()):
            continue
        if _COMMISSION_AFTER_RE.match(norm, match.end()) and \
                _is_commission_abbr(match.group("month")):
            continue                    # "รายเดือน ก.พ. กำหนด": the commission
        if parse_month(match.group("month")) is not None:
            yield _hit(match, kind="bare_month", year=None, end_year=None)


def _quarter_hits(norm: str, pos: int = 0) -> Iterator[_Hit]:
    """``ไตรมาส 1``, ``ไตรมาสที่ 1 - 2``, ``ไตรมาส 1-2`` (the year is attached later)."""
    for match in _QUARTER_RE.finditer(norm, pos):
        first = int(match.group("q1"))
        last = int(match.group("q2")) if match.group("q2") else first
        if first <= last:
            yield _hit(match, kind="quarter", year=None, end_year=None, quarters=(first, last))


def _half_hits(norm: str, pos: int = 0) -> Iterator[_Hit]:
    """``รอบ 6 เดือน``, ``6 เดือนแรก``, ``ครึ่งปีแรก`` (the year is attached later)."""
    for match in _HALF_RE.finditer(norm, pos):
        yield _hit(match, kind="half", year=None, end_year=None)


def _context_basis(context: str | None, ce: bool) -> str | None:
    """Basis implied by the words before a year: ปีงบ... -> fiscal; a CE year -> calendar."""
    if context and context.startswith("ปีงบ"):
        return "fiscal"
    return "calendar" if ce else None


def _range_end(start_digits: str, end_digits: str) -> int | None:
    """BE end year of a year range, or None if the pair is not a plausible range."""
    start = _year_from_digits(start_digits)
    if start is None or _is_ce_digits(start_digits) != _is_ce_digits(end_digits):
        return None
    if len(end_digits) == 2 and len(start_digits) == 4:
        end: int | None = start - start % 100 + int(end_digits)
    else:
        end = _year_from_digits(end_digits)
    return end if end is not None and end > start else None


def _year_range_hits(norm: str, pos: int = 0) -> Iterator[_Hit]:
    """``2566 - 2570``, ``(พ.ศ.2566 - 2570)``, ``2566–2570``, ``ปี 65-66``: one period each."""
    for match in _YEAR_RANGE_RE.finditer(norm, pos):
        first, last = match.group("y1"), match.group("y2")
        end = _range_end(first, last)
        if end is None:
            continue
        yield _hit(match, kind="year_range", year=_year_from_digits(first), end_year=end,
                   basis=_context_basis(match.group("ctx"), _is_ce_digits(first)))


_YEAR_KINDS = {"fiscal": "fiscal_year", "calendar": "gregorian_year"}


def _year_hits(norm: str, pos: int = 0) -> Iterator[_Hit]:
    """Single years: ``2565``, ``ปี 65``, ``ปีงบประมาณ พ.ศ. 2566``, ``report_2022.pdf``."""
    for match in _YEAR_RE.finditer(norm, pos):
        digits, context = match.group("y", "ctx")
        year_be = _year_from_digits(digits)
        if year_be is None:
            continue
        basis = _context_basis(context, _is_ce_digits(digits))
        kind = _YEAR_KINDS.get(basis or "", "year")
        yield _Hit(match.start(), match.end(),
                   Period(match.group(), kind, year_be, year_be, basis=basis))


# Every period needs a digit (a year, a quarter number, "6 เดือน") or the word ครึ่งปี.
_PERIOD_HINT_RE = re.compile("[0-9\u0e50-\u0e59]|ครึ่งปี")
_ANY_DIGIT_RE = re.compile("[0-9\u0e50-\u0e59]")      # the same test, split for speed

# Cheap necessary conditions, checked before the costly patterns: a pattern runs only when its
# necessary text is present, and only from the first place one of its matches can begin, so the
# hits are those of running every pattern over the whole text (tests/test_synthetic.py
# compares them). Where a match can begin:
#  * a month with its year (in month ranges, as-of points, dates and months) has the month's
#    last letter, ม/น/์ (full names) or ค/พ/ย (abbreviations), an optional dot, spaces, an
#    optional พ.ศ. and a digit; the month began at most 9 letters before that last letter
#    (กุมภาพันธ์), after an optional "เดือน" and spaces;
#  * a month range has a dash (or ถึง) followed by a month; before the dash come spaces, the
#    first month's optional year (digits, พ.ศ.), the first month (at most 11 characters, its
#    dot included) and an optional "เดือน" and spaces;
#  * a date's day is a digit followed by spaces, an optional เดือน and a month's first letter;
#    the date begins at that digit or at a "วันที่" and spaces before it;
#  * an as-of point begins with ณ, a quarter with ไตรมาส, a half-year with รอบ, 6 or ครึ่งปี;
#  * a year or a year range begins at its first digit or at the ปี/ปีงบประมาณ/พ.ศ. and spaces
#    before it; a year range has a digit, a dash and a digit.
_MONTH_FIRST = "".join(sorted({name[0] for name in (*thai_full_months, *thai_abbr_months)}))
_MONTH_LAST = "".join(sorted({name[-1] for name in thai_full_months}
                             | {_abbr_segments(abbr)[-1][-1] for abbr in thai_abbr_months}))
_MONTH_LEN = max(len(name) for name in (*thai_full_months, *thai_abbr_months))
_DIGIT_RE = re.compile("[0-9]")
_MONTH_YEAR_HINT_RE = re.compile(rf"[{_MONTH_LAST}]\.?\s*(?:{_BE})?[0-9]")
_DATE_HINT_RE = re.compile(rf"[0-9]\s*(?:เดือน\s*)?[{_MONTH_FIRST}]")
_MONTH_RANGE_HINT_RE = re.compile(rf"(?:[-–—‐‑−~]|ถึง)\s*(?:เดือน\s*)?[{_MONTH_FIRST}]")
_YEAR_RANGE_HINT_RE = re.compile(rf"[0-9]{_DASH}(?:{_BE})?[0-9]")
_MONTH_LEAD = frozenset("เดือน")
_RANGE_LEAD = frozenset("0123456789พ.ศ")
_DATE_LEAD = frozenset("วันที่")
_YEAR_LEAD = frozenset("ปีงบประมาณฯพ.ศ")
# The patterns look at most this far behind where a match begins (``(?<!ไตรมาสที่ )``, and the
# 8 characters _is_month_mention reads), so the text from there on decides the periods.
_LOOKBEHIND = 12
# What those look-behinds test there: the letters of the words they look for (ไตรมาสที่, เขต,
# สขร, ครั้งที่, เดือน, ถึง, แต่), digits, whitespace, dashes, '%' and '.'; of any other character, only
# whether it is a Thai letter (``(?<![ก-ฮ.])``). "ฮ" and "x" stand for the two classes: neither
# is such a character, nor one a pattern, a hint or ``_back`` moves over.
_LOOKBEHIND_CHARS = frozenset("ไตรมาสที่เขตเดือนถึงแต่สขรครั้ง0123456789๐๑๒๓๔๕๖๗๘๙-–—‐‑−~%.")
_OTHER_THAI_LETTER, _OTHER_CHARACTER = "ฮ", "x"

_Plan = list[tuple[Callable[..., Iterator["_Hit"]], int]]


def _back(norm: str, pos: int, lead: frozenset[str]) -> int:
    """``pos`` moved left over the characters of ``lead`` and whitespace."""
    while pos and (norm[pos - 1] in lead or norm[pos - 1].isspace()):
        pos -= 1
    return pos


def _plan(norm: str) -> _Plan:
    """The matchers of ``_MATCHERS`` that can match ``norm``, in that order, each with the
    position before which none of its matches begins (see the hints above)."""
    digit = _DIGIT_RE.search(norm)
    if digit is None:                     # no digit: only ครึ่งปีแรก can be a period
        return [(_half_hits, 0)]
    first = digit.start()
    plan: _Plan = []
    month_year = _MONTH_YEAR_HINT_RE.search(norm)
    if month_year is not None:
        dash = _MONTH_RANGE_HINT_RE.search(norm)
        if dash is not None:
            before = max(0, _back(norm, dash.start(), _RANGE_LEAD) - (_MONTH_LEN + 1))
            plan.append((_month_range_hits, _back(norm, before, _MONTH_LEAD)))
        if "ณ" in norm:
            plan.append((_as_of_hits, norm.index("ณ")))
        if _DATE_HINT_RE.search(norm, first):
            plan.append((_date_hits, _back(norm, first, _DATE_LEAD)))
        before = max(0, month_year.start() - (_MONTH_LEN - 1))
        plan.append((_month_hits, _back(norm, before, _MONTH_LEAD)))
    if "ไตรมาส" in norm:
        plan.append((_quarter_hits, norm.index("ไตรมาส")))
    if "เดือน" in norm or "ครึ่งปี" in norm:
        starts = [at for at in (first, norm.find("รอบ"), norm.find("ครึ่งปี")) if at >= 0]
        plan.append((_half_hits, min(starts)))
    if "เดือน" in norm and (bare := _BARE_MONTH_RE.search(norm)) is not None:
        # what it may not follow is read in the _LOOKBEHIND characters before it: from there
        plan.append((_bare_month_hits, max(0, bare.start() - _LOOKBEHIND)))
    if _YEAR_RANGE_HINT_RE.search(norm, first):
        plan.append((_year_range_hits, _back(norm, first, _YEAR_LEAD)))
    plan.append((_year_hits, _back(norm, first, _YEAR_LEAD)))
    return plan


def _candidates(norm: str, plan: _Plan | None = None) -> list[_Hit]:
    """The hits of every matcher of ``_MATCHERS`` over ``norm``, in that order."""
    hits: list[_Hit] = []
    for matcher, pos in _plan(norm) if plan is None else plan:
        hits.extend(matcher(norm, pos))
    return hits


_MATCHERS: tuple[Callable[[str], Iterator[_Hit]], ...] = (
    _month_range_hits, _as_of_hits, _date_hits, _month_hits, _quarter_hits, _half_hits,
    _bare_month_hits, _year_range_hits, _year_hits)


def _resolve(hits: list[_Hit]) -> list[_Hit]:
    """Keep the most specific (then longest, then leftmost) of overlapping hits, in text order.

    The chosen spans never overlap, so sorted by start they are sorted by end too, and one
    bisection finds the only chosen span that could overlap a candidate (O(n log n), so a
    pasted wall of years cannot stall an import).
    """
    if len(hits) < 2:
        return hits
    starts: list[int] = []
    chosen: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (_RANK[h.period.kind], h.start - h.end, h.start)):
        at = bisect.bisect_left(starts, hit.end)      # chosen[at:] start at or after hit.end
        if at and chosen[at - 1].end > hit.start:
            continue
        starts.insert(at, hit.start)
        chosen.insert(at, hit)
    return chosen


def _join_date_ranges(hits: list[_Hit], norm: str) -> list[_Hit]:
    """Two dates joined by a dash or ถึง become one ``date_range`` from the first to the second."""
    if len(hits) < 2:
        return hits
    joined: list[_Hit] = []
    for hit in hits:
        prev = joined[-1] if joined else None
        if (prev is not None and prev.period.kind == hit.period.kind == "date"
                and _DATE_RANGE_GAP_RE.fullmatch(norm[prev.end:hit.start])
                and prev.period.start and hit.period.end and prev.period.start <= hit.period.end):
            joined[-1] = _Hit(prev.start, hit.end, Period(
                text=norm[prev.start:hit.end], kind="date_range", year=prev.period.year,
                end_year=hit.period.end_year, start=prev.period.start, end=hit.period.end))
        else:
            joined.append(hit)
    return joined


def _label_year(period: Period) -> int | None:
    """The year a quarter/half borrows from ``period`` (end year of month-based periods)."""
    return period.end_year if period.kind in _EXPLICIT_KINDS else period.year


def _year_source(hits: list[_Hit], index: int) -> Period | None:
    """Nearest period with a year: single years first, else any dated period; ties go left."""
    target = hits[index]

    def key(hit: _Hit) -> tuple[int, int, int]:
        tier = 0 if hit.period.kind in ("year", "fiscal_year", "gregorian_year") else 1
        distance = max(hit.start - target.end, target.start - hit.end, 0)
        return tier, distance, 0 if hit.start < target.start else 1

    candidates = [hit for i, hit in enumerate(hits) if i != index and hit.period.year is not None]
    return min(candidates, key=key).period if candidates else None


def _attach_years(hits: list[_Hit]) -> list[_Hit]:
    """Give quarters, halves and bare months the year stated elsewhere in the same text; a
    bare month that gets none is dropped."""
    if not any(hit.period.kind in ("quarter", "half", "bare_month") for hit in hits):
        return hits
    result: list[_Hit | None] = list(hits)
    for index, hit in enumerate(hits):
        period = hit.period
        if period.kind == "bare_month":
            result[index] = _dated_month(hit, _year_source(hits, index))
            continue
        if period.kind not in ("quarter", "half") or period.year is not None:
            continue
        source = _year_source(hits, index)
        if source is None:
            continue
        year = _label_year(source)
        basis = source.basis if source.kind in ("fiscal_year", "gregorian_year") else period.basis
        result[index] = hit._replace(period=replace(period, year=year, end_year=year, basis=basis))
    return [hit for hit in result if hit is not None]


_YEAR_SOURCE_KINDS = ("year", "fiscal_year", "gregorian_year")


def _dated_month(hit: _Hit, source: Period | None) -> _Hit | None:
    """A bare month as the ``month`` of the year ``source`` states: of a fiscal year, October
    to December lie in the year before its label ("เดือนตุลาคม ปีงบประมาณ 2566": October
    2565); of a year on no stated basis ("ปี 2566"), October to December are ambiguous and
    the month is dropped, like one with no year at all."""
    found = _MONTH_TOKEN_RE.search(hit.period.text)
    month = parse_month(found.group()) if found else None
    # only a year ("ปีงบประมาณ 2566", "ปี 2566", "2022"), never a date or another month, which
    # may be when the month was reported on or the start of a range
    if source is None or month is None or source.kind not in _YEAR_SOURCE_KINDS:
        return None
    year = source.year
    if year is None:
        return None
    if source.basis == "fiscal":
        year -= 1 if month >= 10 else 0
    elif source.basis is None and month >= 10:
        return None
    start, end = _month_span(year, month)
    return hit._replace(period=Period(text=hit.period.text, kind="month", year=year,
                                      end_year=year, start=start, end=end, basis="calendar"))


def extract_periods(text: str, source: str = "title") -> list[Period]:
    """All periods a title (or URL, with ``source="url"``) refers to, in text order.

    Overlapping matches are resolved so each piece of text yields one period, the most
    specific one (month_range > as_of > date > month > quarter/half > year_range >
    fiscal_year > year); two dates joined by a dash or ถึง become one ``date_range``. Never
    raises; returns [] for non-``str`` input.
    """
    return list(periods_of(text, source))


def periods_of(text: str, source: str = "title") -> tuple[Period, ...]:
    """:func:`extract_periods` as a tuple, the memo's own (immutable, so shared rather than
    copied): for callers that keep the periods, such as the engine's memo of documents."""
    if not isinstance(text, str):
        return ()
    return _extract_periods(text, source)


# Titles recur across indexes (``ปี 2566``, ``ข่าวประชาสัมพันธ์``, month names), so the periods
# of the most recent title tails are kept; Periods are immutable, and callers get a new list.
PERIOD_CACHE_SIZE = 1 << 15


def _extract_periods(text: str, source: str) -> tuple[Period, ...]:
    """:func:`extract_periods` of a ``str``.

    No period begins before the first place a pattern can match (see ``_plan``), and the
    patterns look at most ``_LOOKBEHIND`` characters behind it, so a title's periods are those
    of its tail (:func:`_tail`): titles that differ only before it (the subject, the agency's
    name) share one computation, memoised (``_tail_periods``). Whole texts are not memoised
    here: most recur with another name or date in front, and callers that see the same text
    again (the engine, per document) keep their own memo."""
    if _ANY_DIGIT_RE.search(text) is None and "ครึ่งปี" not in text:    # = _PERIOD_HINT_RE
        return ()
    return _tail_periods(_tail(text, min(pos for _, pos in _plan(to_arabic_digits(text)))),
                         source)


def _tail(text: str, start: int) -> str:
    """The text from ``start``, the first place a pattern can match, preceded by what the
    look-behinds of matches from there can see: the ``_LOOKBEHIND`` characters before it,
    of which only the run of ``_LOOKBEHIND_CHARS`` (and whitespace) that ends at ``start`` is
    kept as it is; the characters before that run, which no looked-for word can cross, become
    one character of the class of the last of them. Texts that differ only there (an agency's
    name before a date) share a tail, and their periods are those of the tail: the matches,
    the hints and ``_back`` see the same characters from the run on, and one that stops the
    run stops them too."""
    cut = max(0, start - _LOOKBEHIND)
    kept = start
    while kept > cut and (text[kept - 1] in _LOOKBEHIND_CHARS or text[kept - 1].isspace()):
        kept -= 1
    if kept == cut:
        return text[cut:] if cut else text
    stop = _OTHER_THAI_LETTER if "\u0e01" <= text[kept - 1] <= "\u0e4e" else _OTHER_CHARACTER
    return stop + text[kept:]


@lru_cache(maxsize=PERIOD_CACHE_SIZE)
def _tail_periods(tail: str, source: str) -> tuple[Period, ...]:
    """The periods of a text's tail (see ``_tail``), memoised."""
    norm = to_arabic_digits(tail)
    return _periods(tail, norm, _plan(norm), source)


def _periods(text: str, norm: str, plan: _Plan, source: str) -> tuple[Period, ...]:
    """Run the planned matchers, resolve overlaps, join date ranges and attach years."""
    hits = _resolve(_candidates(norm, plan))
    hits = _attach_years(_join_date_ranges(hits, norm))
    if norm is text and source == "title":      # the matched text is already the raw text
        return tuple(hit.period for hit in hits)
    return tuple(replace(hit.period, text=text[hit.start:hit.end], source=source) for hit in hits)


def clear_caches() -> None:
    """Empty the memo of :func:`extract_periods` (and of the small date helpers), e.g. to
    time a cold run."""
    for cached in (_tail_periods, _url_periods, be_to_ce, ce_to_be,
                   fiscal_year_bounds, calendar_year_bounds, _quarter_bounds, _month_span):
        cached.cache_clear()


# --------------------------------------------------------------------------- dates in URLs

# A date written in a URL: 20221120, 2022-11-20, 2022_11_20, 2022/11/20 (CE or BE years); and
# the year/month folders of content systems (wp-content/uploads/2022/11/).
_URL_DATE_RE = re.compile(r"(?<![0-9])(?P<y>(?:19|20|25|26)[0-9]{2})(?P<sep>[-_/.]?)"
                          r"(?P<m>0[1-9]|1[0-2])(?P=sep)(?P<d>0[1-9]|[12][0-9]|3[01])(?![0-9])")
_URL_MONTH_RE = re.compile(r"/(?P<y>(?:19|20|25|26)[0-9]{2})/(?P<m>0[1-9]|1[0-2])(?=/)")
_URL_CE_YEARS = (1990, 2100)
_URL_BE_YEARS = (2533, 2643)


def _url_year_ce(digits: str) -> int | None:
    """The CE year of a 4-digit year in a URL (BE years converted), or None if implausible."""
    year = int(digits)
    if _in_range(year, _URL_BE_YEARS):
        return year - 543
    return year if _in_range(year, _URL_CE_YEARS) else None


def _url_date_hits(url: str) -> Iterator[_Hit]:
    for match in _URL_DATE_RE.finditer(url):
        year = _url_year_ce(match.group("y"))
        day = _safe_date(year, int(match.group("m")), int(match.group("d"))) if year else None
        if day is not None:
            yield _Hit(match.start(), match.end(), Period(
                match.group(), "date", ce_to_be(day.year), ce_to_be(day.year), start=day,
                end=day, basis="calendar", source="url"))
    for match in _URL_MONTH_RE.finditer(url):
        year = _url_year_ce(match.group("y"))
        if year is not None:
            start, end = _month_span(ce_to_be(year), int(match.group("m")))
            yield _Hit(match.start() + 1, match.end(), Period(
                match.group()[1:], "month", ce_to_be(year), ce_to_be(year), start=start,
                end=end, basis="calendar", source="url"))


@lru_cache(maxsize=PERIOD_CACHE_SIZE)
def _url_periods(url: str) -> tuple[Period, ...]:
    dated = _resolve(list(_url_date_hits(url)))
    spans = [(hit.start, hit.end) for hit in dated]
    rest = [period for period in _extract_periods(url, "url")
            if not any(period.text in url[a:b] for a, b in spans)]
    found = [hit.period for hit in dated] + rest
    return tuple(sorted(found, key=lambda p: url.find(p.text)))


def url_periods(url: str | None) -> list[Period]:
    """The periods a URL refers to: dates and year/month folders written with digits
    (``news_20221120.html``, ``…/2022/11/…``, ``2566-03-15``; CE or BE years), then the years
    and periods :func:`extract_periods` reads in it. A URL is weaker evidence than a title:
    callers say so."""
    if not isinstance(url, str) or not url:
        return []
    return list(_url_periods(url))


def extract_years(text: str) -> list[int]:
    """Sorted distinct BE years covered by the periods in ``text`` (year..end_year of each)."""
    years = {year
             for period in extract_periods(text)
             if period.year is not None
             for year in range(period.year, (period.end_year or period.year) + 1)}
    return sorted(years)


def parse_thai_date(text: str) -> date | None:
    """The first valid day-month-year date in ``text`` as a CE date, else None.

    ``"29 ธันวาคม 2558"`` -> 2015-12-29; ``"11 ธ.ค. 56"`` -> 2013-12-11; Thai digits work
    too. Invalid days (``31 ก.พ. 2566``) give None.
    """
    if not isinstance(text, str):
        return None
    for hit in _date_hits(to_arabic_digits(text)):
        return hit.period.start
    return None


# --------------------------------------------------------------------------- writing dates

#: How :func:`thai_date` writes a date: ``long`` "29 ธันวาคม 2558", ``short`` "29 ธ.ค. 2558",
#: ``numeric`` "29/12/2558", ``month`` "ธ.ค. 58" (the month and the BE year's last two digits).
DATE_STYLES = ("long", "short", "numeric", "month")


def thai_date(day: date | None, style: str = "long", missing: str = "-") -> str:
    """A (CE) date written the Thai way with its Buddhist-Era year, in one of
    :data:`DATE_STYLES` (pythainlp's month names); ``missing`` for None."""
    if day is None:
        return missing
    year_be = day.year + 543
    if style == "long":
        return f"{day.day} {thai_full_months[day.month - 1]} {year_be}"
    if style == "short":
        return f"{day.day} {thai_abbr_months[day.month - 1]} {year_be}"
    if style == "numeric":
        return f"{day.day:02d}/{day.month:02d}/{year_be}"
    if style == "month":
        return f"{thai_abbr_months[day.month - 1]} {str(year_be)[-2:]}"
    raise ValueError(f"unknown date style {style!r} (expected one of {', '.join(DATE_STYLES)})")
