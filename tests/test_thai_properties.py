"""Property tests (hypothesis) for ita_audit.thai."""
from __future__ import annotations

import calendar
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from pythainlp.util.date import thai_abbr_months, thai_full_months

from ita_audit.thai import (
    PERIOD_KINDS,
    be_to_ce,
    ce_to_be,
    contains_month_names,
    expand_year,
    extract_periods,
    extract_years,
    fiscal_year_bounds,
    fiscal_year_of,
    parse_month,
    parse_thai_date,
    to_arabic_digits,
    to_thai_digits,
)

FAST = settings(max_examples=150, deadline=None)
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"


def month_forms(number: int) -> list[str]:
    """Every spelling of a month: full, dotted, dotted with a space, undotted (+ trailing dot)."""
    full, abbr = thai_full_months[number - 1], thai_abbr_months[number - 1]
    undotted = abbr.replace(".", "")
    spaced = abbr[:-1].replace(".", ". ") + "."
    return [full, abbr, spaced, abbr.rstrip("."), undotted, undotted + "."]


ALL_FORMS = [(form, number) for number in range(1, 13) for form in month_forms(number)]


def render_digits(value: str, thai: bool) -> str:
    return to_thai_digits(value) if thai else value


@st.composite
def year_text(draw, year_be: int) -> str:
    """A BE year written with 2 or 4 digits (2 only for 25xx), Thai or Arabic, maybe after พ.ศ."""
    digits = str(year_be)[2:] if 2500 <= year_be <= 2599 and draw(st.booleans()) else str(year_be)
    prefix = draw(st.sampled_from(["", "พ.ศ.", "พ.ศ. "])) if len(digits) == 4 else ""
    return prefix + render_digits(digits, draw(st.booleans()))


# --------------------------------------------------------------------------- round trips

@FAST
@given(st.text())
def test_digit_round_trip(text):
    assert to_thai_digits(to_arabic_digits(text)) == to_thai_digits(text)
    assert to_arabic_digits(to_thai_digits(text)) == to_arabic_digits(text)
    assert len(to_thai_digits(text)) == len(text) == len(to_arabic_digits(text))


@FAST
@given(st.integers(min_value=1, max_value=9000))
def test_era_round_trip(year):
    assert ce_to_be(be_to_ce(year)) == year
    assert be_to_ce(ce_to_be(year)) == year
    assert ce_to_be(year) - year == 543


@FAST
@given(st.sampled_from(ALL_FORMS), st.sampled_from(["", " ", "  "]), st.sampled_from(["", " "]))
def test_parse_month_every_form(form_and_number, before, after):
    form, number = form_and_number
    assert parse_month(before + form + after) == number


def test_contains_month_names_every_form():
    for form, number in ALL_FORMS:
        assert contains_month_names(f"({form} 66)") == [number], form


@FAST
@given(st.integers(min_value=2400, max_value=2700), st.booleans())
def test_expand_year_four_digits(year_be, thai):
    assert expand_year(render_digits(str(year_be), thai)) == year_be
    assert expand_year(render_digits(str(be_to_ce(year_be)), thai)) == (
        year_be if 1900 <= be_to_ce(year_be) <= 2200 else None)


@FAST
@given(st.integers(min_value=0, max_value=99), st.booleans())
def test_expand_year_two_digits(short, thai):
    assert expand_year(render_digits(f"{short:02d}", thai)) == 2500 + short


# --------------------------------------------------------------------------- fiscal years

@FAST
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2150, 12, 31)))
def test_fiscal_year_of_is_consistent_with_bounds(when):
    first, last = fiscal_year_bounds(fiscal_year_of(when))
    assert first <= when <= last
    assert (last - first).days in (364, 365)


@FAST
@given(st.integers(min_value=2400, max_value=2700))
def test_fiscal_years_tile_the_calendar(year_be):
    first, last = fiscal_year_bounds(year_be)
    next_first, _ = fiscal_year_bounds(year_be + 1)
    assert (next_first - last).days == 1
    assert fiscal_year_of(first) == fiscal_year_of(last) == year_be


# --------------------------------------------------------------------------- format, then parse

@st.composite
def month_ranges(draw):
    """(text, start, end) for a generated month range such as ``ต.ค.64 - มี.ค.65``."""
    end_year = draw(st.integers(min_value=2401, max_value=2700))
    end_month = draw(st.integers(min_value=1, max_value=12))
    start_year = draw(st.sampled_from([end_year - 1, end_year]))
    start_month = draw(st.integers(min_value=1, max_value=12 if start_year < end_year else end_month))
    implied_year = end_year - (1 if start_month > end_month else 0)
    space = draw(st.sampled_from(["", " "]))
    start_text = draw(st.sampled_from(month_forms(start_month)))
    if start_year != implied_year or draw(st.booleans()):
        start_text += space + draw(year_text(start_year))
    dash = draw(st.sampled_from(["-", " - ", " – ", "–", " ถึง "]))
    end_text = draw(st.sampled_from(month_forms(end_month))) + space + draw(year_text(end_year))
    start = date(be_to_ce(start_year), start_month, 1)
    last = calendar.monthrange(be_to_ce(end_year), end_month)[1]
    return start_text + dash + end_text, start, date(be_to_ce(end_year), end_month, last)


@FAST
@given(month_ranges(), st.sampled_from(["", "รายงานผล ", "("]))
def test_month_range_format_then_parse(generated, prefix):
    text, start, end = generated
    (period,) = extract_periods(prefix + text)
    assert (period.kind, period.start, period.end, period.text) == ("month_range", start, end, text)
    assert (period.year, period.end_year) == (ce_to_be(start.year), ce_to_be(end.year))


@st.composite
def thai_dates(draw):
    """(text, date) for a generated Thai date such as ``๑๑ ธ.ค. ๕๖``."""
    year_be = draw(st.integers(min_value=2400, max_value=2700))
    month = draw(st.integers(min_value=1, max_value=12))
    day = draw(st.integers(min_value=1, max_value=calendar.monthrange(be_to_ce(year_be), month)[1]))
    day_text = render_digits(draw(st.sampled_from([str(day), f"{day:02d}"])), draw(st.booleans()))
    space = draw(st.sampled_from(["", " "]))
    month_text = draw(st.sampled_from(month_forms(month)))
    text = f"{day_text}{space}{month_text} {draw(year_text(year_be))}"
    return draw(st.sampled_from(["", "วันที่ ", "ลว. "])) + text, date(be_to_ce(year_be), month, day)


@FAST
@given(thai_dates())
def test_date_format_then_parse(generated):
    text, expected = generated
    assert parse_thai_date(text) == expected
    assert [(p.kind, p.start, p.end) for p in extract_periods(text)] == [("date", expected, expected)]


@FAST
@given(st.integers(min_value=2400, max_value=2699), st.integers(min_value=1, max_value=30),
       st.sampled_from(["-", " - ", "–", " ถึง "]), st.booleans())
def test_year_range_format_then_parse(first, span, dash, thai):
    last = min(first + span, 2700)
    text = render_digits(f"{first}{dash}{last}", thai)
    assert [(p.kind, p.year, p.end_year) for p in extract_periods(text)] == [
        ("year_range", first, last)]
    assert extract_years(text) == list(range(first, last + 1))


# --------------------------------------------------------------------------- never crashes

THAI_BLOCK = st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F)
FRAGMENTS = st.sampled_from(
    [form for form, _ in ALL_FORMS] + list(THAI_DIGITS) + list("0123456789")
    + ["ปี", "ปีงบ", "ปีงบประมาณ", "พ.ศ.", "ณ", "วันที่", "เดือน", "ไตรมาส", "ไตรมาสที่", "รอบ",
       "6 เดือน", "แรก", "หลัง", "ครึ่งปีแรก", "ถึง", "และ", " ", "-", "–", ".", "/", "%", "(", ")",
       "2566", "2022", "65", "31", "29", "00", "2700", "2200", "1899", "_"])
TEXTS = st.one_of(st.text(), st.text(alphabet=THAI_BLOCK),
                  st.lists(FRAGMENTS, max_size=25).map("".join))


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.sampled_from(["title", "url"]))
def test_extract_periods_never_crashes(text, source):
    periods = extract_periods(text, source=source)
    for period in periods:
        assert period.kind in PERIOD_KINDS
        assert period.text and period.text in text
        assert period.source == source
        assert period.year is not None or period.kind in ("quarter", "half")
        if period.year is not None:
            assert period.end_year is not None and period.year <= period.end_year
            for basis in ("fiscal", "calendar"):
                first, last = period.window(basis)
                assert first <= last
        if period.start is not None:
            assert period.end is not None and period.start <= period.end
    assert extract_years(text) == sorted(set(extract_years(text)))


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_parsers_never_crash(text):
    assert parse_thai_date(text) is None or isinstance(parse_thai_date(text), date)
    assert parse_month(text) is None or 1 <= parse_month(text) <= 12
    assert expand_year(text) is None or 2400 <= expand_year(text) <= 2743
    assert all(1 <= number <= 12 for number in contains_month_names(text))


# --------------------------------------------------------------------------- table numbers

from decimal import Decimal  # noqa: E402

from ita_audit.thai import is_dash, parse_number, parse_number_range  # noqa: E402

AMOUNTS = st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False,
                      allow_infinity=False)


@given(AMOUNTS, st.booleans(), st.booleans(), st.sampled_from(["", " ", "\u00a0"]))
def test_parse_number_round_trips_grouped_thai_or_arabic(value: Decimal, grouped: bool,
                                                         thai: bool, pad: str) -> None:
    text = f"{value:,.2f}" if grouped else f"{value:.2f}"
    text = to_thai_digits(text) if thai else text
    parsed = parse_number(pad + text + pad)
    assert parsed == value
    assert parsed.as_tuple().exponent == -2          # the stated precision is kept


@given(st.integers(min_value=0, max_value=10**9))
def test_integers_parse_exactly(value: int) -> None:
    assert parse_number(to_thai_digits(f"{value:,}")) == Decimal(value)


@given(st.text())
def test_parse_number_never_raises_and_dashes_are_not_numbers(text: str) -> None:
    parsed = parse_number(text)
    assert parsed is None or isinstance(parsed, Decimal)
    if is_dash(text):
        assert parsed is None


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=99))
def test_two_numbers_with_a_space_are_not_one(a: int, b: int) -> None:
    assert parse_number(to_thai_digits(f"{a} {b}")) is None


@given(AMOUNTS, AMOUNTS, st.sampled_from(["-", " - ", "–", " ~ "]), st.booleans())
def test_number_ranges(low: Decimal, high: Decimal, dash: str, thai: bool) -> None:
    text = f"{low:.2f}{dash}{high:.2f}"
    band = parse_number_range(to_thai_digits(text) if thai else text)
    assert band is not None and (band.low, band.high, band.high_exclusive) == (low, high, False)
    assert parse_number_range(f"{low:.2f} - ขึ้นไป") == (low, None, False)
    assert parse_number_range(f"ต่ำกว่าร้อยละ {to_thai_digits(str(high))}") == (None, high, True)


@given(st.text())
def test_parse_number_range_never_raises(text: str) -> None:
    assert parse_number_range(text) is None or parse_number_range(text).low is None \
        or isinstance(parse_number_range(text).low, Decimal)
