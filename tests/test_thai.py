"""Unit tests for ita_audit.thai, with exact expected values (including real seed lines)."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from ita_audit.thai import (
    Period,
    be_to_ce,
    calendar_year_bounds,
    ce_to_be,
    contains_month_names,
    expand_year,
    extract_periods,
    extract_years,
    first_six_months,
    fiscal_year_bounds,
    fiscal_year_of,
    parse_month,
    parse_thai_date,
    to_arabic_digits,
    to_thai_digits,
    year_bounds,
)

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
SSO_INDEX = (RAW / "sso-oit-disclosure-index-2566.txt").read_text(encoding="utf-8")
MSDHS_PLAN = (RAW / "msdhs-ops-ita-improvement-progress-2565.txt").read_text(encoding="utf-8")


def P(text: str, kind: str, year: int | None, end_year: int | None = None, **fields) -> Period:
    """A Period whose end_year defaults to its year."""
    return Period(text, kind, year, year if end_year is None else end_year, **fields)


def month_range(text: str, year: int, end_year: int, start: date, end: date) -> Period:
    return P(text, "month_range", year, end_year, start=start, end=end, basis="calendar")


def month(text: str, year: int, start: date, end: date) -> Period:
    return P(text, "month", year, start=start, end=end, basis="calendar")


def day(text: str, year: int, when: date) -> Period:
    return P(text, "date", year, start=when, end=when, basis="calendar")


# --------------------------------------------------------------------------- digits and years

def test_digit_conversion():
    assert to_arabic_digits("ปี ๒๕๖๕ (๑๒ ธ.ค.)") == "ปี 2565 (12 ธ.ค.)"
    assert to_thai_digits("ปี 2565 (12 ธ.ค.)") == "ปี ๒๕๖๕ (๑๒ ธ.ค.)"
    assert to_arabic_digits("") == "" and to_thai_digits("abc") == "abc"


def test_era_conversion():
    assert be_to_ce(2566) == 2023
    assert ce_to_be(2023) == 2566
    assert be_to_ce(2400) == 1857 and ce_to_be(2200) == 2743


@pytest.mark.parametrize(("token", "expected"), [
    ("2566", 2566), ("๒๕๖๖", 2566), ("๖๕", 2565), ("65", 2565), ("00", 2500),
    ("2022", 2565), ("1999", 2542), ("2400", 2400), ("2700", 2700), (" 2566 ", 2566),
    ("abc", None), ("", None), ("5", None), ("123", None), ("12345", None),
    ("2300", None), ("1899", None), ("2701", None), ("65.", None), ("๒๕๖๖ก", None),
])
def test_expand_year(token, expected):
    assert expand_year(token) == expected


def test_fiscal_and_calendar_bounds():
    assert fiscal_year_bounds(2566) == (date(2022, 10, 1), date(2023, 9, 30))
    assert calendar_year_bounds(2566) == (date(2023, 1, 1), date(2023, 12, 31))
    assert year_bounds(2566, "fiscal") == fiscal_year_bounds(2566)
    assert year_bounds(2566, "calendar") == calendar_year_bounds(2566)
    with pytest.raises(ValueError):
        year_bounds(2566, "lunar")  # type: ignore[arg-type]


@pytest.mark.parametrize(("when", "expected"), [
    (date(2022, 9, 30), 2565), (date(2022, 10, 1), 2566), (date(2023, 1, 1), 2566),
    (date(2023, 9, 30), 2566), (date(2023, 10, 1), 2567), (date(2023, 12, 31), 2567),
])
def test_fiscal_year_of(when, expected):
    assert fiscal_year_of(when) == expected


def test_first_six_months():
    assert first_six_months(2566, "fiscal") == (date(2022, 10, 1), date(2023, 3, 31))
    assert first_six_months(2566, "calendar") == (date(2023, 1, 1), date(2023, 6, 30))


# --------------------------------------------------------------------------- months and dates

@pytest.mark.parametrize(("token", "expected"), [
    ("มกราคม", 1), ("กุมภาพันธ์", 2), ("มีนาคม", 3), ("เมษายน", 4), ("พฤษภาคม", 5),
    ("มิถุนายน", 6), ("กรกฎาคม", 7), ("สิงหาคม", 8), ("กันยายน", 9), ("ตุลาคม", 10),
    ("พฤศจิกายน", 11), ("ธันวาคม", 12),
    ("ม.ค.", 1), ("ก.พ.", 2), ("มี.ค.", 3), ("เม.ย.", 4), ("พ.ค.", 5), ("มิ.ย.", 6),
    ("ก.ค.", 7), ("ส.ค.", 8), ("ก.ย.", 9), ("ต.ค.", 10), ("พ.ย.", 11), ("ธ.ค.", 12),
    ("มค", 1), ("กพ", 2), ("มีค", 3), ("เมย", 4), ("พค", 5), ("มิย", 6),
    ("กค", 7), ("สค", 8), ("กย", 9), ("ตค", 10), ("พย", 11), ("ธค", 12),
    ("ต. ค.", 10), ("ต.ค", 10), ("มค.", 1), ("กพ.", 2), (" ธันวาคม ", 12), ("เดือนตุลาคม", 10),
])
def test_parse_month_forms(token, expected):
    assert parse_month(token) == expected


@pytest.mark.parametrize("token", ["จ.ค.", "๕.ค.", "5.ค.", "ค.", "", "abc", "ตุลา", "ม.ค.ก", "ธันวาคม 2565"])
def test_parse_month_rejects(token):
    assert parse_month(token) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("29 ธันวาคม 2558", date(2015, 12, 29)),
    ("11 ธ.ค. 56", date(2013, 12, 11)),
    ("๒๙ ธ.ค. ๒๕๕๘", date(2015, 12, 29)),
    ("ประกาศ ณ วันที่ ๒๙ ธันวาคม พ.ศ. ๒๕๕๘", date(2015, 12, 29)),
    ("ลว. 27 ก.พ.60 เรื่อง", date(2017, 2, 27)),
    ("14 กุมภาพันธ์ 2567", date(2024, 2, 14)),
    ("1 ต.ค. 2022", date(2022, 10, 1)),
    ("29 ก.พ. 2567", date(2024, 2, 29)),
    ("29 ก.พ. 2566", None),                   # not a leap year
    ("31 เมษายน 2566", None),
    ("ธันวาคม 2558", None),                   # no day
    ("ไตรมาส 2 มกราคม 2566", None),            # the quarter number is not a day
    ("", None), ("abc", None),
])
def test_parse_thai_date(text, expected):
    assert parse_thai_date(text) == expected


def test_month_names_in_monthly_listing():
    lines = [line.strip() for line in SSO_INDEX.splitlines()]
    start = lines.index("ปี 2566")
    listing = " ".join(lines[start + 1:start + 7])   # three lines of month names
    assert contains_month_names(listing) == [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]


@pytest.mark.parametrize(("text", "expected"), [
    ("ม.ค. - มี.ค.๖๕", [1, 3]),
    ("มค. - กพ. ๖๕ มค. ๖๕ มค. ๖๕", [1, 2, 1, 1]),
    ("ต.ค.64 - มี.ค.65", [10, 3]),
    ("จ.ค.๖๔ - มี.ค. ๖๕", [3]),                # garbled month is not guessed
    ("หนังสือสำนักงาน ก.พ. ที่ นร 1004/ว17 ลว. 11 ธ.ค. 56", [12]),   # ก.พ. = the commission
    ("ประกาศ อ.ก.พ. สำนักงานประกันสังคม", []),
    ("สำนักงาน ก.พ.ร.", []),
    ("ลว. 27 ก.พ.60", [2]),
    ("ก.พ. - มี.ค. 66", [2, 3]),
    ("สรุปผลการจัดซื้อจัดจ้างประจำเดือน ก.พ.", [2]),      # after เดือน: February
    ("เดือนก.พ.", [2]),
    ("ค่าตอบแทนรายเดือน ก.พ. กำหนด", []),          # ... unless the commission acts
    ("กยพ. กพบ. ศปท.", []),                   # unit abbreviations are not months
    ("ไม่มีเดือน", []),
])
def test_contains_month_names(text, expected):
    assert contains_month_names(text) == expected


# --------------------------------------------------------------------------- extract_periods

@pytest.mark.parametrize(("text", "expected"), [
    ("2565", P("2565", "year", 2565)),
    ("๒๕๖๕", P("๒๕๖๕", "year", 2565)),
    ("พ.ศ.2565", P("พ.ศ.2565", "year", 2565)),
    ("พ.ศ. 2565", P("พ.ศ. 2565", "year", 2565)),
    ("ปี 65", P("ปี 65", "year", 2565)),
    ("ปี ๖๕", P("ปี ๖๕", "year", 2565)),
    ("ปี2565", P("ปี2565", "year", 2565)),
    ("ประจำปี 2566", P("ปี 2566", "year", 2566)),
    ("ปีงบประมาณ พ.ศ. 2566", P("ปีงบประมาณ พ.ศ. 2566", "fiscal_year", 2566, basis="fiscal")),
    ("ประจำปีงบประมาณ 2566", P("ปีงบประมาณ 2566", "fiscal_year", 2566, basis="fiscal")),
    ("ปีงบ 66", P("ปีงบ 66", "fiscal_year", 2566, basis="fiscal")),
    ("2566 - 2570", P("2566 - 2570", "year_range", 2566, 2570)),
    ("(พ.ศ.2566 - 2570)", P("พ.ศ.2566 - 2570", "year_range", 2566, 2570)),
    ("(2566-2570)", P("2566-2570", "year_range", 2566, 2570)),
    ("2566–2570", P("2566–2570", "year_range", 2566, 2570)),
    ("ปี 2565-66", P("ปี 2565-66", "year_range", 2565, 2566)),
    ("ปีงบประมาณ 2566 - 2570",
     P("ปีงบประมาณ 2566 - 2570", "year_range", 2566, 2570, basis="fiscal")),
    ("ณ มีนาคม 2566",
     P("ณ มีนาคม 2566", "as_of", 2566, start=date(2023, 3, 1), end=date(2023, 3, 31))),
    ("ณ วันที่ 31 มีนาคม 2566",
     P("ณ วันที่ 31 มีนาคม 2566", "as_of", 2566, start=date(2023, 3, 31), end=date(2023, 3, 31))),
    ("(ณ ธันวาคม 2565)",
     P("ณ ธันวาคม 2565", "as_of", 2565, start=date(2022, 12, 1), end=date(2022, 12, 31))),
    ("ธันวาคม 2565", month("ธันวาคม 2565", 2565, date(2022, 12, 1), date(2022, 12, 31))),
    ("ต.ค. 65", month("ต.ค. 65", 2565, date(2022, 10, 1), date(2022, 10, 31))),
    ("เดือนตุลาคม พ.ศ.2565",
     month("เดือนตุลาคม พ.ศ.2565", 2565, date(2022, 10, 1), date(2022, 10, 31))),
    ("ต.ค.64 - มี.ค.65",
     month_range("ต.ค.64 - มี.ค.65", 2564, 2565, date(2021, 10, 1), date(2022, 3, 31))),
    ("มกราคม – มีนาคม 2566",
     month_range("มกราคม – มีนาคม 2566", 2566, 2566, date(2023, 1, 1), date(2023, 3, 31))),
    ("มค.-กพ. ๖๕",
     month_range("มค.-กพ. ๖๕", 2565, 2565, date(2022, 1, 1), date(2022, 2, 28))),
    ("ตุลาคม 2565 - มีนาคม 2566",
     month_range("ตุลาคม 2565 - มีนาคม 2566", 2565, 2566, date(2022, 10, 1), date(2023, 3, 31))),
    ("ต.ค. - มี.ค. 2566",
     month_range("ต.ค. - มี.ค. 2566", 2565, 2566, date(2022, 10, 1), date(2023, 3, 31))),
    ("ลว. 11 ธ.ค. 56", day("11 ธ.ค. 56", 2556, date(2013, 12, 11))),
    ("1 ต.ค. 2565 - 31 มี.ค. 2566",
     P("1 ต.ค. 2565 - 31 มี.ค. 2566", "date_range", 2565, 2566, start=date(2022, 10, 1),
       end=date(2023, 3, 31))),
    ("๑ ตุลาคม ๒๕๖๕ ถึงวันที่ 31 มีนาคม 2566",
     P("๑ ตุลาคม ๒๕๖๕ ถึงวันที่ 31 มีนาคม 2566", "date_range", 2565, 2566,
       start=date(2022, 10, 1), end=date(2023, 3, 31))),
])
def test_single_period_forms(text, expected):
    assert extract_periods(text) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("ไตรมาส 1", P("ไตรมาส 1", "quarter", None, quarters=(1, 1))),
    ("ไตรมาสที่ 1 - 2", P("ไตรมาสที่ 1 - 2", "quarter", None, quarters=(1, 2))),
    ("ไตรมาส 1-2", P("ไตรมาส 1-2", "quarter", None, quarters=(1, 2))),
    ("ไตรมาส 3 และ 4", P("ไตรมาส 3 และ 4", "quarter", None, quarters=(3, 4))),
    ("รอบ 6 เดือน", P("รอบ 6 เดือน", "half", None)),
    ("รอบ ๖ เดือน", P("รอบ ๖ เดือน", "half", None)),
    ("6 เดือนแรก", P("6 เดือนแรก", "half", None)),
    ("ครึ่งปีแรก", P("ครึ่งปีแรก", "half", None)),
    # pypdf breaks phrases with a space where the PDF placed two text runs
    ("ครึ่งปี งบประมาณแรก", P("ครึ่งปี งบประมาณแรก", "half", None)),
    ("6 เดือน แรก", P("6 เดือน แรก", "half", None)),
])
def test_quarter_and_half_without_year(text, expected):
    assert extract_periods(text) == [expected]


@pytest.mark.parametrize("text", ["ไตรมาส 2-1", "ไตรมาส 5", "รอบ 6 เดือนหลัง", "รอบ 16 เดือน",
                                  "รอบ 6 เดือน หลัง", "6 เดือน หลัง", "รอบ 6 เดือนที่ 2",
                                  "รอบ 6 เดือน ที่ 2", "รอบ 6 เดือน ครั้งที่ 2",
                                  "รอบ 6 เดือน (ครั้งที่ ๒)"])
def test_not_quarters_or_halves(text):
    assert [p.kind for p in extract_periods(text)] == []


@pytest.mark.parametrize("text", ["สขร.1 ต.ค. 65", "สขร. 1 ต.ค. 65", "แบบ สขร1 ต.ค. 65",
                                  "ครั้งที่ 1 ต.ค. 65", "ครั้งที่๑ ต.ค. ๖๕"])
def test_a_form_or_count_number_before_a_month_is_not_a_day(text):
    """สขร.1 is the monthly procurement summary and ครั้งที่ 1 a count: the month is October
    2565, not the first of October."""
    (period,) = extract_periods(text)
    assert (period.kind, period.start, period.end) == ("month", date(2022, 10, 1),
                                                       date(2022, 10, 31))


def test_quarter_takes_year_from_same_text():
    assert extract_periods("ปีงบประมาณ 2566 ไตรมาส 2") == [
        P("ปีงบประมาณ 2566", "fiscal_year", 2566, basis="fiscal"),
        P("ไตรมาส 2", "quarter", 2566, quarters=(2, 2), basis="fiscal"),
    ]
    assert extract_periods("ไตรมาส 1/2566") == [
        P("ไตรมาส 1", "quarter", 2566, quarters=(1, 1)), P("2566", "year", 2566)]


def test_half_takes_year_from_same_text():
    assert extract_periods("รายงานการกำกับติดตาม รอบ 6 เดือน ปี 2566") == [
        P("รอบ 6 เดือน", "half", 2566), P("ปี 2566", "year", 2566)]
    assert extract_periods("ผลการดำเนินงาน 6 เดือนแรก (ต.ค.65 - มี.ค.66)") == [
        P("6 เดือนแรก", "half", 2566),
        month_range("ต.ค.65 - มี.ค.66", 2565, 2566, date(2022, 10, 1), date(2023, 3, 31)),
    ]


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.sso.go.th/files/report_2022.pdf",
     P("2022", "gregorian_year", 2565, basis="calendar", source="url")),
    ("plan-2023-final.pdf", P("2023", "gregorian_year", 2566, basis="calendar", source="url")),
    ("https://example.go.th/uploads/2566/plan.pdf", P("2566", "year", 2566, source="url")),
])
def test_years_in_urls(url, expected):
    assert extract_periods(url, source="url") == [expected]


def test_url_noise_is_not_a_year():
    assert extract_periods("https://x.go.th/file-12345.pdf?id=77", source="url") == []
    assert extract_periods("https://x.go.th/%2566%20plan.pdf", source="url") == []


def test_gregorian_year_in_title():
    assert extract_periods("Annual Report 2022") == [
        P("2022", "gregorian_year", 2565, basis="calendar")]


@pytest.mark.parametrize("text", [
    "Info graphic 36 กระบวนงาน",
    "ขึ้นทะเบียนผู้ประกันตนตามมาตรา 40",
    "ที่ นร 1004/ว17",
    "ระยะ 5 ปี",
    "มูลค่า 2,566,000 บาท ร้อยละ 92.73",
    "แผนดำเนินงานประจำปี ๑๑. รายงานการกำกับติดตาม",   # list number after ประจำปี
    "เวลา ๑๓.๐๐ - ๑๖.๐๐ น.",
    "อัตรา 2566.50 บาท",
    "",
])
def test_numbers_that_are_not_years(text):
    assert extract_periods(text) == []


# --------------------------------------------------------------------------- real seed lines

SSO_CASES = [
    ("แผนปฏิบัติราชการสำนักงานประกันสังคม ระยะ 5 ปี ประจำปี 2566 (พ.ศ.2566 - 2570)", [
        P("ปี 2566", "year", 2566),
        P("พ.ศ.2566 - 2570", "year_range", 2566, 2570),
    ]),
    ("รายงานผลการดำเนินงานตามแผนปฏิบัติราชการสำนักงานประกันสังคม ปี 2566 ไตรมาส 2 "
     "(มกราคม - มิถุนายน 2566)", [
        P("ปี 2566", "year", 2566),
        P("ไตรมาส 2", "quarter", 2566, quarters=(2, 2)),
        month_range("มกราคม - มิถุนายน 2566", 2566, 2566, date(2023, 1, 1), date(2023, 6, 30)),
    ]),
    ("รายงานผลการดำเนินงานตามแผนปฏิบัติราชการสำนักงานประกันสังคม ปี 2566 ไตรมาส 1 "
     "(มกราคม – มีนาคม 2566)", [
        P("ปี 2566", "year", 2566),
        P("ไตรมาส 1", "quarter", 2566, quarters=(1, 1)),
        month_range("มกราคม – มีนาคม 2566", 2566, 2566, date(2023, 1, 1), date(2023, 3, 31)),
    ]),
    ("สรุปรายละเอียดการเบิกจ่ายเงินกองทุนเพื่อบริหารกองทุนเงินทดแทน ปี 2565 (ณ ธันวาคม 2565)", [
        P("ปี 2565", "year", 2565),
        P("ณ ธันวาคม 2565", "as_of", 2565, start=date(2022, 12, 1), end=date(2022, 12, 31)),
    ]),
    ("การดำเนินการตามแผนบริหารทรัพยากรบุคคล ประจำปี 2566 (ณ มีนาคม 2566)", [
        P("ปี 2566", "year", 2566),
        P("ณ มีนาคม 2566", "as_of", 2566, start=date(2023, 3, 1), end=date(2023, 3, 31)),
    ]),
    ("รายงานผลตามแผนป้องกันปราบปรามการทุจริตและประพฤติมิชอบ 2566 (ไตรมาสที่ 1 - 2)", [
        P("2566", "year", 2566),
        P("ไตรมาสที่ 1 - 2", "quarter", 2566, quarters=(1, 2)),
    ]),
    ("สรุปรายการที่มีการจัดซื้อจัดจ้างปี2565 วิธีเฉพาะเจาะจง", [P("ปี2565", "year", 2565)]),
    ("Info graphic 36 กระบวนงาน", []),
    ("ขึ้นทะเบียนผู้ประกันตนตามมาตรา 40", []),
    ("หนังสือสำนักงาน ก.พ. ที่ นร 1004/ว17 ลว. 11 ธ.ค. 56 เรื่อง "
     "การสรรหาโดยการสอบแข่งขันเพื่อบรรจุบุคคลเข้ารับราชการ", [
        day("11 ธ.ค. 56", 2556, date(2013, 12, 11)),
    ]),
    ("ประกาศสำนักงานประกันสังคม ลว. 27 ก.พ.60 เรื่อง", [day("27 ก.พ.60", 2560, date(2017, 2, 27))]),
    ("ประกาศสำนักงานประกันสังคม ลว .17 เม.ย. 62 เรื่อง", [day("17 เม.ย. 62", 2562, date(2019, 4, 17))]),
    ("ประกาศ อ.ก.พ. สำนักงานประกันสังคม ลว. 31 ส.ค. 65 เรื่อง", [
        day("31 ส.ค. 65", 2565, date(2022, 8, 31))]),
    ("ประกาศสำนักงานประกันสังคม ลว. 29 ธ.ค. 65 เรื่อง วินัยและการดำเนินการทางวินัยของพนักงานราชการ "
     "พ.ศ. 2565", [day("29 ธ.ค. 65", 2565, date(2022, 12, 29)), P("พ.ศ. 2565", "year", 2565)]),
    ("คู่มือสำหรับประชาชน ตามพระราชบัญญัติการอำนวยความสะดวกฯ (ฉบับปรับปรุงเดือนตุลาคม พ.ศ.2565)", [
        month("เดือนตุลาคม พ.ศ.2565", 2565, date(2022, 10, 1), date(2022, 10, 31))]),
    ("แผนปฏิบัติการด้านการบริหารทรัพยากรบุคคลฯ ระยะ 5 ปี (2566-2570)", [
        P("2566-2570", "year_range", 2566, 2570)]),
    ("(ITA) ประจำปีงบประมาณ พ.ศ. 2566", [
        P("ปีงบประมาณ พ.ศ. 2566", "fiscal_year", 2566, basis="fiscal")]),
    ("รายงานผลการดำเนินการเพื่อจัดการความเสี่ยงฯ ประจำปีงบประมาณ 2566", [
        P("ปีงบประมาณ 2566", "fiscal_year", 2566, basis="fiscal")]),
    ("o12. รายงานการกำกับติดตามการดำเนินงานและการใช้งบประมาณ ประจำปี รอบ 6 เดือน", [
        P("รอบ 6 เดือน", "half", None)]),
    ("14 กุมภาพันธ์ 2567", [day("14 กุมภาพันธ์ 2567", 2567, date(2024, 2, 14))]),
]


@pytest.mark.parametrize(("line", "expected"), SSO_CASES, ids=[f"sso-{i}" for i in range(len(SSO_CASES))])
def test_sso_index_lines(line, expected):
    assert line in SSO_INDEX, "the example must be a real line of the seed"
    assert extract_periods(line) == expected


MSDHS_CASES = [
    ("มค. - กพ. ๖๕", [month_range("มค. - กพ. ๖๕", 2565, 2565, date(2022, 1, 1), date(2022, 2, 28))]),
    ("ธค. ๖๔ - มค. ๖๕", [
        month_range("ธค. ๖๔ - มค. ๖๕", 2564, 2565, date(2021, 12, 1), date(2022, 1, 31))]),
    ("ธค. ๖๔ - กย. ๖๕", [
        month_range("ธค. ๖๔ - กย. ๖๕", 2564, 2565, date(2021, 12, 1), date(2022, 9, 30))]),
    ("ม.ค. - มี.ค. ๖๕", [
        month_range("ม.ค. - มี.ค. ๖๕", 2565, 2565, date(2022, 1, 1), date(2022, 3, 31))]),
    ("ม.ค. - มี.ค.๖๕", [
        month_range("ม.ค. - มี.ค.๖๕", 2565, 2565, date(2022, 1, 1), date(2022, 3, 31))]),
    ("ธ.ค. ๖๔ - มี.ค. ๖๕", [
        month_range("ธ.ค. ๖๔ - มี.ค. ๖๕", 2564, 2565, date(2021, 12, 1), date(2022, 3, 31))]),
    ("ธ.ค.๖๔-ม.ค.๖๕", [
        month_range("ธ.ค.๖๔-ม.ค.๖๕", 2564, 2565, date(2021, 12, 1), date(2022, 1, 31))]),
    ("พ.ย.-ธ.ค.๖๔", [
        month_range("พ.ย.-ธ.ค.๖๔", 2564, 2564, date(2021, 11, 1), date(2021, 12, 31))]),
    ("พ.ย. ๖๔ -มี.ค. ๖๕", [
        month_range("พ.ย. ๖๔ -มี.ค. ๖๕", 2564, 2565, date(2021, 11, 1), date(2022, 3, 31))]),
    ("พ.ย.๖๔ - มี.ค. ๖๕", [
        month_range("พ.ย.๖๔ - มี.ค. ๖๕", 2564, 2565, date(2021, 11, 1), date(2022, 3, 31))]),
    ("ม.ค.๖๕", [month("ม.ค.๖๕", 2565, date(2022, 1, 1), date(2022, 1, 31))]),
    ("มี.ค. ๖๕", [month("มี.ค. ๖๕", 2565, date(2022, 3, 1), date(2022, 3, 31))]),
    ("มค. - กพ. ๖๕ มค. ๖๕ มค. ๖๕", [
        month_range("มค. - กพ. ๖๕", 2565, 2565, date(2022, 1, 1), date(2022, 2, 28)),
        month("มค. ๖๕", 2565, date(2022, 1, 1), date(2022, 1, 31)),
        month("มค. ๖๕", 2565, date(2022, 1, 1), date(2022, 1, 31)),
    ]),
    ("ตั้งแต่เดือนตุลาคม ๒๕๖๔ - มีนาคม ๒๕๖๕", [
        month_range("เดือนตุลาคม ๒๕๖๔ - มีนาคม ๒๕๖๕", 2564, 2565,
                    date(2021, 10, 1), date(2022, 3, 31))]),
    ("วันพฤหัสบดีที่ ๒๑ มีนาคม ๒๕๖๕ เวลา ๑๓.๐๐ - ๑๖.๐๐ น.", [
        day("๒๑ มีนาคม ๒๕๖๕", 2565, date(2022, 3, 21))]),
    ("ในการดำเนินงานของหน่วยงาน ปี พ.ศ.๒๕๖๕", [P("ปี พ.ศ.๒๕๖๕", "year", 2565)]),
    # Garbled start months are not guessed: only the readable end month remains.
    ("จ.ค.๖๔", []),
    ("๕.ค.๖๔", []),
    ("จ.ค.๖๔ - มี.ค. ๖๕", [month("มี.ค. ๖๕", 2565, date(2022, 3, 1), date(2022, 3, 31))]),
    ("๕.ค. ๖๔ - ม.ค. ๖๕", [month("ม.ค. ๖๕", 2565, date(2022, 1, 1), date(2022, 1, 31))]),
]


@pytest.mark.parametrize(("text", "expected"), MSDHS_CASES,
                         ids=[f"msdhs-{i}" for i in range(len(MSDHS_CASES))])
def test_msdhs_plan_periods(text, expected):
    assert text in MSDHS_PLAN, "the example must be real text of the seed"
    assert extract_periods(text) == expected


def _timing_cells() -> list[str]:
    """The 'ระยะเวลา ดำเนินการ' column of the MSDHS progress report, HTML stripped."""
    cells = []
    for line in MSDHS_PLAN.splitlines():
        columns = line.split("\t")
        if len(columns) >= 3:
            cell = re.sub(r"<[^>]+>", " ", columns[2]).strip()
            if cell and cell not in ("ระยะเวลา ดำเนินการ", "ดำเนินการ ต่อเนื่อง"):
                cells.append(cell)
    return cells


def test_msdhs_timing_column_is_fully_understood():
    cells = _timing_cells()
    assert len(cells) == 37
    garbled_only = {"จ.ค.๖๔", "๕.ค.๖๔"}
    assert garbled_only <= set(cells)
    for cell in cells:
        periods = extract_periods(cell)
        assert bool(periods) == (cell not in garbled_only), cell
        assert {p.kind for p in periods} <= {"month", "month_range"}, cell
        assert all(date(2021, 10, 1) <= p.start <= p.end <= date(2022, 9, 30) for p in periods), cell
        if "จ.ค." in cell or "๕.ค." in cell:   # garbled October: never guessed
            assert all(p.start.month != 10 for p in periods), cell


# --------------------------------------------------------------------------- overlaps, years, windows

def test_range_yields_one_period_not_two_years():
    assert [p.kind for p in extract_periods("แผน 2566 - 2570")] == ["year_range"]
    assert extract_years("แผน 2566 - 2570") == [2566, 2567, 2568, 2569, 2570]


def test_specificity_wins_on_overlap():
    assert [p.kind for p in extract_periods("ณ วันที่ 31 มีนาคม 2566")] == ["as_of"]
    assert [p.kind for p in extract_periods("ลว. 11 ธ.ค. 56")] == ["date"]
    assert [p.kind for p in extract_periods("ต.ค. 2565 - มี.ค. 2566")] == ["month_range"]
    assert [p.kind for p in extract_periods("ปีงบประมาณ 2566")] == ["fiscal_year"]


def test_reversed_month_range_is_two_months():
    assert [p.kind for p in extract_periods("มี.ค. 66 - ต.ค. 65")] == ["month", "month"]


@pytest.mark.parametrize(("text", "years"), [
    ("ปี 2565 (ณ ธันวาคม 2565)", [2565]),
    ("ต.ค.64 - มี.ค.65", [2564, 2565]),
    ("ประจำปี 2566 (พ.ศ.2566 - 2570)", [2566, 2567, 2568, 2569, 2570]),
    ("report_2022.pdf 2566", [2565, 2566]),
    ("ไตรมาส 1", []),
    ("Info graphic 36 กระบวนงาน", []),
])
def test_extract_years(text, years):
    assert extract_years(text) == years


def test_period_source_is_recorded():
    assert {p.source for p in extract_periods("ปี 2566", source="url")} == {"url"}
    assert {p.source for p in extract_periods("ปี 2566")} == {"title"}


WINDOW_CASES = [
    # (period text, fiscal window, calendar window)
    ("ปี 2566", (date(2022, 10, 1), date(2023, 9, 30)), (date(2023, 1, 1), date(2023, 12, 31))),
    ("ปีงบประมาณ 2566", (date(2022, 10, 1), date(2023, 9, 30)), (date(2022, 10, 1), date(2023, 9, 30))),
    ("report_2022", (date(2022, 1, 1), date(2022, 12, 31)), (date(2022, 1, 1), date(2022, 12, 31))),
    ("2566 - 2570", (date(2022, 10, 1), date(2027, 9, 30)), (date(2023, 1, 1), date(2027, 12, 31))),
    ("ต.ค. 65", (date(2022, 10, 1), date(2022, 10, 31)), (date(2022, 10, 1), date(2022, 10, 31))),
    ("ต.ค.65 - มี.ค.66", (date(2022, 10, 1), date(2023, 3, 31)), (date(2022, 10, 1), date(2023, 3, 31))),
    ("ณ มีนาคม 2566", (date(2022, 10, 1), date(2023, 3, 31)), (date(2023, 1, 1), date(2023, 3, 31))),
    ("ณ ธันวาคม 2565", (date(2022, 10, 1), date(2022, 12, 31)), (date(2022, 1, 1), date(2022, 12, 31))),
    ("ณ วันที่ 15 พ.ย. 2565", (date(2022, 10, 1), date(2022, 11, 15)),
     (date(2022, 1, 1), date(2022, 11, 15))),
    ("ลว. 11 ธ.ค. 56", (date(2013, 12, 11), date(2013, 12, 11)), (date(2013, 12, 11), date(2013, 12, 11))),
]


@pytest.mark.parametrize(("text", "fiscal", "calendar_window"), WINDOW_CASES)
def test_windows(text, fiscal, calendar_window):
    (period,) = extract_periods(text)
    assert period.window("fiscal") == fiscal
    assert period.window("calendar") == calendar_window


@pytest.mark.parametrize(("quarters", "fiscal", "calendar_window"), [
    ((1, 1), (date(2022, 10, 1), date(2022, 12, 31)), (date(2023, 1, 1), date(2023, 3, 31))),
    ((2, 2), (date(2023, 1, 1), date(2023, 3, 31)), (date(2023, 4, 1), date(2023, 6, 30))),
    ((4, 4), (date(2023, 7, 1), date(2023, 9, 30)), (date(2023, 10, 1), date(2023, 12, 31))),
    ((1, 2), (date(2022, 10, 1), date(2023, 3, 31)), (date(2023, 1, 1), date(2023, 6, 30))),
])
def test_quarter_windows(quarters, fiscal, calendar_window):
    period = P("ไตรมาส", "quarter", 2566, quarters=quarters)
    assert period.window("fiscal") == fiscal
    assert period.window("calendar") == calendar_window


def test_quarter_window_follows_fiscal_text():
    quarter = extract_periods("ปีงบประมาณ 2566 ไตรมาส 1")[1]
    assert quarter.window("calendar") == (date(2022, 10, 1), date(2022, 12, 31))


def test_half_windows():
    (half, _year) = extract_periods("รอบ 6 เดือน ปี 2566")
    assert half.window("fiscal") == (date(2022, 10, 1), date(2023, 3, 31))
    assert half.window("calendar") == (date(2023, 1, 1), date(2023, 6, 30))


def test_window_without_year_is_none():
    (quarter,) = extract_periods("ไตรมาส 1")
    assert quarter.window("fiscal") is None


def test_window_rejects_unknown_basis():
    with pytest.raises(ValueError):
        P("ปี 2566", "year", 2566).window("lunar")  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [None, 2566, b"2566"])
def test_non_string_input_is_tolerated(value):
    assert extract_periods(value) == []  # type: ignore[arg-type]
    assert extract_years(value) == []  # type: ignore[arg-type]
    assert contains_month_names(value) == []  # type: ignore[arg-type]
    assert parse_thai_date(value) is None  # type: ignore[arg-type]
    assert parse_month(value) is None  # type: ignore[arg-type]
    assert expand_year(value) is None  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the tail memo

def _tail_of(text: str) -> str:
    from ita_audit import thai

    return thai._tail(text, min(pos for _, pos in thai._plan(thai.to_arabic_digits(text))))


def test_texts_differing_only_in_a_name_before_the_date_share_a_tail():
    first = "การประชุมประชาคม อบต.บางพลับ วันที่ 12 ม.ค. 2566"
    second = "กิจกรรมจิตอาสาพัฒนาโรงพยาบาลกันทรลักษ์ วันที่ 12 ม.ค. 2566"
    assert _tail_of(first) == _tail_of(second) == "ฮ วันที่ 12 ม.ค. 2566"
    assert extract_periods(first) == extract_periods(second)


@pytest.mark.parametrize("text, kept", [
    ("รายงาน สพป.ชุมพร เขต 1 ต.ค. 2565", "เขต 1 ต.ค. 2565"),     # เขต 1 is not a day
    ("แบบสรุปผล สขร.1 ต.ค. 65", "สขร.1 ต.ค. 65"),                # nor the form สขร.1
    ("ผลการประชุม ครั้งที่ 1 ต.ค. 65", "ครั้งที่ 1 ต.ค. 65"),        # nor a count
    ("ผลการดำเนินงานไตรมาสที่ 2 มี.ค. 2566", "ไตรมาสที่ 2 มี.ค. 2566"),
    ("Report 2566", "x 2566"),                                    # only "not Thai" is seen
])
def test_a_tail_keeps_what_a_look_behind_can_see(text, kept):
    assert _tail_of(text).endswith(kept)


def test_the_stand_in_characters_are_seen_by_no_pattern():
    from ita_audit import thai

    for stand_in in (thai._OTHER_THAI_LETTER, thai._OTHER_CHARACTER):
        assert stand_in not in thai._LOOKBEHIND_CHARS and not stand_in.isspace()
        assert stand_in not in thai._MONTH_FIRST + thai._MONTH_LAST
        for lead in (thai._MONTH_LEAD, thai._RANGE_LEAD, thai._DATE_LEAD, thai._YEAR_LEAD):
            assert stand_in not in lead
    assert re.fullmatch(f"[{thai._THAI_LETTER}]", thai._OTHER_THAI_LETTER)
    assert not re.fullmatch(f"[{thai._THAI_LETTER}0-9%.]", thai._OTHER_CHARACTER)


def test_periods_of_is_extract_periods_as_the_memos_tuple():
    from ita_audit.thai import periods_of

    text = "รายงานผลการดำเนินงาน ปีงบประมาณ พ.ศ. 2566 (ต.ค. 65 - มี.ค. 66)"
    assert periods_of(text) == tuple(extract_periods(text))
    assert periods_of(text) is periods_of(text)             # shared, not copied
    assert periods_of("https://a.go.th/2566/report.pdf", "url") == tuple(
        extract_periods("https://a.go.th/2566/report.pdf", "url"))
    assert periods_of(None) == () and periods_of("ไม่มีปี") == ()  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "expected"), [
    # a month after เดือน takes the year the title states elsewhere; of a fiscal year,
    # October to December lie in the year before its label
    ("สรุปผลการจัดซื้อจัดจ้าง ประจำเดือนตุลาคม ปีงบประมาณ 2566",
     [("month", "เดือนตุลาคม", 2565, date(2022, 10, 1), date(2022, 10, 31)),
      ("fiscal_year", "ปีงบประมาณ 2566", 2566, None, None)]),
    ("สรุปผลการจัดซื้อจัดจ้าง ปีงบประมาณ ๒๕๖๖ เดือน มีนาคม",
     [("fiscal_year", "ปีงบประมาณ ๒๕๖๖", 2566, None, None),
      ("month", "เดือน มีนาคม", 2566, date(2023, 3, 1), date(2023, 3, 31))]),
    ("ประจำเดือนมกราคม ปี 2566", [("month", "เดือนมกราคม", 2566, date(2023, 1, 1),
                                   date(2023, 1, 31)), ("year", "ปี 2566", 2566, None, None)]),
    # "ปี 2566" on no stated basis: October is 2565 or 2566, so no month is read
    ("ประจำเดือนตุลาคม ปี 2566", [("year", "ปี 2566", 2566, None, None)]),
    # no year anywhere: no period, as before
    ("สรุปผลการจัดซื้อจัดจ้าง ประจำเดือนตุลาคม", []),
    # the start of a range with no year of its own is not one month
    ("เดือนตุลาคม - ธันวาคม ปีงบประมาณ 2566", [("fiscal_year", "ปีงบประมาณ 2566", 2566, None, None)]),
    # a half-year stays one
    ("รอบ 6 เดือน ตุลาคม - มีนาคม ปีงบประมาณ 2566",
     [("half", "รอบ 6 เดือน", 2566, None, None), ("fiscal_year", "ปีงบประมาณ 2566", 2566, None, None)]),
    # a point in time, a count of months, the end of a range: not one month
    ("รายงานการกำกับติดตาม ณ เดือนมีนาคม ปีงบประมาณ 2566",
     [("fiscal_year", "ปีงบประมาณ 2566", 2566, None, None)]),
    ("รอบ 9 เดือน มิถุนายน ปีงบประมาณ 2566", [("fiscal_year", "ปีงบประมาณ 2566", 2566, None, None)]),
    ("ตั้งแต่เดือนตุลาคม 2565 ถึงเดือนกันยายน",
     [("month", "เดือนตุลาคม 2565", 2565, date(2022, 10, 1), date(2022, 10, 31))]),
    ("เดือนธันวาคม 2565 และเดือนมกราคม",
     [("month", "เดือนธันวาคม 2565", 2565, date(2022, 12, 1), date(2022, 12, 31))]),
    # the year comes from a year, never from a date (when it was reported)
    ("ประจำเดือนธันวาคม รายงานวันที่ 5 มกราคม 2567",
     [("date", "วันที่ 5 มกราคม 2567", 2567, date(2024, 1, 5), date(2024, 1, 5))]),
    # ก.พ. after เดือน is February, unless the commission acts ("ก.พ. กำหนด")
    ("สรุปผลการจัดซื้อจัดจ้างรายเดือน ก.พ. ปีงบประมาณ 2566",
     [("month", "เดือน ก.พ.", 2566, date(2023, 2, 1), date(2023, 2, 28)),
      ("fiscal_year", "ปีงบประมาณ 2566", 2566, None, None)]),
    ("ค่าตอบแทนรายเดือน ก.พ. กำหนด ปี 2566", [("year", "ปี 2566", 2566, None, None)]),
    # ณ only as a word (not the end of งบประมาณ); a form, a sequence or a year is no count
    ("รายงานผลการใช้จ่ายงบประมาณเดือนมีนาคม ปีงบประมาณ 2566",
     [("month", "เดือนมีนาคม", 2566, date(2023, 3, 1), date(2023, 3, 31)),
      ("fiscal_year", "ปีงบประมาณ 2566", 2566, None, None)]),
    ("แบบ สขร.1 เดือนตุลาคม ปีงบประมาณ 2566",
     [("month", "เดือนตุลาคม", 2565, date(2022, 10, 1), date(2022, 10, 31)),
      ("fiscal_year", "ปีงบประมาณ 2566", 2566, None, None)]),
    ("สรุปผล ครั้งที่ 1 เดือนมีนาคม ปี 66",
     [("month", "เดือนมีนาคม", 2566, date(2023, 3, 1), date(2023, 3, 31)),
      ("year", "ปี 66", 2566, None, None)]),
    ("ทุก 3 เดือน มีนาคม ปี 2566", [("year", "ปี 2566", 2566, None, None)]),
    # a year before เดือน is no count of months
    ("สรุปผลการจัดซื้อจัดจ้าง ปีงบประมาณ 2566 เดือนตุลาคม",
     [("fiscal_year", "ปีงบประมาณ 2566", 2566, None, None),
      ("month", "เดือนตุลาคม", 2565, date(2022, 10, 1), date(2022, 10, 31))]),
    # a month with its own year is read as before
    ("เดือนตุลาคม 2565 ปีงบประมาณ 2566",
     [("month", "เดือนตุลาคม 2565", 2565, date(2022, 10, 1), date(2022, 10, 31)),
      ("fiscal_year", "ปีงบประมาณ 2566", 2566, None, None)]),
])
def test_a_month_without_its_year_takes_the_titles_year(text, expected):
    got = [(p.kind, p.text, p.year, p.start, p.end) for p in extract_periods(text)]
    assert got == expected


def test_month_names_line_takes_only_a_line_of_month_names() -> None:
    from ita_audit.thai import month_names_line

    assert month_names_line("ต. ค.  พ. ย.  ธ. ค.") == ["ต. ค.", "พ. ย.", "ธ. ค."]
    assert month_names_line(" ธันวาคม\u00a0 พฤศจิกายน ") == ["ธันวาคม", "พฤศจิกายน"]
    assert month_names_line("กพ มีค เมย") == ["กพ", "มีค", "เมย"]
    for other in ("ต.ค. 65", "ข่าว ต. ค.", "ก.พ.ร.", "", "   "):
        assert month_names_line(other) == [], other
