"""The procurement data audit: reading both layouts from real-looking fixtures
(tests/fixtures/procurement, built by build.py there), every check positive and negative, bad
inputs, the value parsers (property tests), the rules file, synthetic tables with injected
anomalies and a smoke run of the benchmark."""
from __future__ import annotations

import codecs
import csv
import importlib.util
import io
import json
import math
import re
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import csv_field_limit
from hypothesis import given, settings
from hypothesis import strategies as st
from pythainlp.util.date import thai_abbr_months, thai_full_months

from ita_audit.errors import CriteriaError, InputError, WrongDocumentError
from ita_audit.procurement import read as reader
from ita_audit.procurement.audit import (
    RISK_NOTE,
    ProcurementAudit,
    run_procurement_audit,
    write_normalised,
)
from ita_audit.procurement.checks import (
    FISCAL_MONTHS,
    check_procurement,
    item_key,
    reported_months,
    sort_findings,
    statement_months,
)
from ita_audit.procurement.columns import field_of, header_key, map_header
from ita_audit.procurement.read import (
    DOCUMENT,
    FRAME_COLUMNS,
    load_procurement,
    looks_like,
    table_from_sheets,
)
from ita_audit.procurement.report import summary_frame
from ita_audit.procurement.rules import CHECKS
from ita_audit.procurement.synthetic import generate_table
from ita_audit.procurement.thresholds import RULES_FILE, load_thresholds
from ita_audit.procurement.values import (
    DateCell,
    DateOrder,
    amount_series,
    date_series,
    fiscal_year_of_months,
    month_year_of_cell,
    months_of_sheet,
    months_stated,
    numeric_match,
    numeric_order,
    parse_amount,
    parse_thai_date,
    read_amount,
    read_date,
    sheet_month_years,
    split_contract,
    split_supplier_price,
    supplier_key,
    table_date_order,
    tax_id_check_digit,
    tax_id_valid,
)
from ita_audit.thai import to_thai_digits

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "procurement"
ITA = FIXTURES / "ita-2567.xlsx"
SORKHOR1 = FIXTURES / "sorkhor1-2567.csv"
FY = 2567
NOV, OCT, FEB = "พ.ย. 66", "ต.ค. 66", "ก.พ. 67"


@pytest.fixture(scope="module")
def rules():
    return load_thresholds()


@pytest.fixture(scope="module")
def ita():
    return run_procurement_audit(ITA, FY, agency="demo-sao")


@pytest.fixture(scope="module")
def sorkhor1():
    return run_procurement_audit(SORKHOR1, FY)


def where(findings):
    return {(f.check, f.severity, f.sheet, f.row) for f in findings}


def sheet_frame(table, sheet):
    return table.frame[table.frame["sheet"] == sheet].reset_index(drop=True)


# --------------------------------------------------------------------------- the ITA workbook

def test_ita_workbook_sheets_and_headers(ita):
    table = ita.table
    assert table.layout == "ita"
    assert table.sheets == (OCT, NOV, "ธ.ค. 66", FEB)
    info = {s.name: s for s in table.sheet_info}
    assert info[OCT].header_row == 4 and info[NOV].header_row == 1 and info[FEB].header_row == 2
    assert info["ธ.ค. 66"].status == "no_procurement" and info["สรุป"].status == "skipped"
    assert info["สรุป"].found == ("เดือน", "จำนวนโครงการ", "มูลค่ารวม")
    # numbered, multi-line and "(บาท)" headers
    assert info[OCT].columns["budget"] == "3. วงเงินงบประมาณที่ได้รับจัดสรร (บาท)"
    assert info[OCT].missing_core == () and info[OCT].missing_expected == ()
    assert list(table.frame.columns) == list(FRAME_COLUMNS)
    dtypes = table.frame.dtypes
    assert str(dtypes["budget"]) == "float64" and str(dtypes["row"]) == "int64"
    assert str(dtypes["fiscal_year"]) == str(dtypes["month"]) == "Int64"
    assert str(dtypes["contract_start"]) == "datetime64[ns]"
    assert {str(dtypes[c]) for c in ("sheet", "item", "supplier", "reason", "province")} == {
        "object"}


def test_ita_workbook_october_values(ita):
    october = sheet_frame(ita.table, OCT)
    # the column-number row (5), the blank row (11) and the totals row (12) are not data
    assert october["row"].tolist() == [6, 7, 8, 9, 10]
    assert october["budget"].tolist() == [12500.0, 45000.0, 150000.0, 2500000.0, 30000.0]
    assert october["reference_price"].tolist() == [12500.0, 45000.0, 150000.0, 2480000.0,
                                                   30000.0]
    assert october["agreed_price"].tolist()[:4] == [12000.0, 44500.0, 148000.0, 2390000.0]
    assert math.isnan(october["agreed_price"].iloc[4])                  # "-"
    assert october["method_kind"].tolist() == ["specific"] * 3 + ["e_bidding", "specific"]
    # a number cell that lost its leading zero is padded back
    assert october["tax_id"].tolist()[:2] == ["0105556012341", "0105557012345"]
    assert october["fiscal_year"].tolist() == [2567] * 5                 # "๒๕๖๗" too
    assert [d.date() if pd.notna(d) else None for d in october["contract_start"]] == [
        date(2023, 10, 5), date(2023, 10, 11), date(2023, 10, 1), date(2023, 10, 25), None]
    assert [d.date() if pd.notna(d) else None for d in october["contract_end"]] == [
        date(2023, 10, 12), date(2023, 10, 20), date(2024, 9, 30), date(2024, 2, 22), None]
    assert october["month"].tolist() == [10] * 5
    assert october["contract_no"].tolist() == ["", "", "12/2567", "15/2567", ""]
    assert october["supplier"].iloc[3] == "ห้างหุ้นส่วนจำกัด ทรัพย์อนันต์ก่อสร้าง"


def test_ita_workbook_statement_sheet(ita):
    december = sheet_frame(ita.table, "ธ.ค. 66")
    assert december["row"].tolist() == [3]
    assert december["no_procurement"].tolist() == [True]
    assert december["month"].tolist() == [12]
    assert ita.summary()["months_no_procurement"] == [12]


EXPECTED_ITA = {
    ("price_above_budget", "error", NOV, 2), ("price_above_reference", "warning", NOV, 2),
    ("reference_above_budget", "warning", NOV, 3), ("method_threshold", "error", NOV, 4),
    ("no_contract_threshold", "warning", NOV, 6), ("tax_id", "error", NOV, 7),
    ("tax_id", "error", NOV, 8), ("contract_dates", "error", NOV, 9),
    ("contract_dates", "warning", NOV, 10), ("fiscal_year", "warning", NOV, 11),
    ("required_field", "error", NOV, 12), ("amount", "error", NOV, 13),
    ("duplicate", "error", NOV, 16), ("duplicate", "warning", NOV, 17),
    ("split_purchase", "warning", NOV, 18), ("sheet_skipped", "warning", "สรุป", None),
    ("month_missing", "warning", None, None), ("vendor_concentration", "warning", None, None),
    ("year_end_specific", "info", None, None),
}


def test_ita_workbook_findings_are_exactly_the_planted_ones(ita):
    assert where(ita.findings) == EXPECTED_ITA
    by_check = {f.check: f for f in ita.findings}
    assert by_check["month_missing"].month == 1                           # January left out
    split = by_check["split_purchase"]
    assert split.rows == ((NOV, 18), (NOV, 19), (NOV, 20)) and split.actual == 540000.0
    same = [f for f in ita.findings if f.check == "duplicate"]
    assert [f.rows for f in same] == [((NOV, 15), (NOV, 16)), ((NOV, 2), (NOV, 17))]
    assert "650,000.00 บาท" in by_check["method_threshold"].message
    assert by_check["method_threshold"].expected == 500000.0
    tax = [f for f in ita.findings if f.check == "tax_id"]
    assert "ควรเป็น 3" in tax[0].message and "12 หลัก" in tax[1].message
    assert by_check["amount"].actual == "ห้าหมื่นบาท"


def test_ita_workbook_negatives(ita):
    """Rows that look close to a rule but keep it raise nothing: the exception cited in the
    method (row 5), the cancelled purchase without supplier or price (October row 10), the
    same supplier buying another item (row 21), clean rows."""
    rows = {(f.sheet, f.row) for f in ita.findings}
    for clean in [(OCT, r) for r in range(6, 11)] + [(NOV, 5), (NOV, 14), (NOV, 21),
                                                     (FEB, 3), (FEB, 4)]:
        assert clean not in rows, clean


def test_findings_sorted_and_json(ita):
    ranks = [("error", "warning", "info").index(f.severity) for f in ita.findings]
    assert ranks == sorted(ranks)
    assert sort_findings(reversed(ita.findings), ita.table.sheets) == ita.findings
    out = ita.to_json()
    json.dumps(out, ensure_ascii=False)
    assert out["rows"] == 27 and out["sheets"] == [OCT, NOV, "ธ.ค. 66", FEB]
    assert set(out) >= {"rows", "sheets", "findings", "summary", "agency", "fiscal_year",
                        "source", "note"}
    assert out["note"] == f"{RISK_NOTE} (a flag marks a risk, not proof)"
    assert out["source"] == "tests/fixtures/procurement/ita-2567.xlsx"
    first = out["findings"][0]
    assert list(first)[:5] == ["check", "severity", "message", "sheet", "row"]
    group = next(f for f in out["findings"] if f["check"] == "split_purchase")
    assert group["rows"][0] == {"sheet": NOV, "row": 18}
    aggregate = next(f for f in out["findings"] if f["check"] == "month_missing")
    assert aggregate["sheet"] is None and aggregate["row"] is None and aggregate["month"] == 1
    assert "rows" not in aggregate
    assert ita.counts() == {"error": 8, "warning": 10, "info": 1}


def test_summary_and_notebook_frames(ita):
    summary = ita.summary()
    assert summary["rows"] == 27 and summary["layout"] == "ita"
    assert summary["months_reported"] == [10, 11, 12, 2]
    assert summary["skipped_sheets"] == ["สรุป"] and summary["split_groups"] == 1
    assert summary["by_month"]["10"] == {"rows": 5, "amount": 2624500.0}
    assert summary["concentration"]["top_supplier"] == "ห้างหุ้นส่วนจำกัด ทรัพย์อนันต์ก่อสร้าง"
    assert summary["year_end_specific"]["share"] == 0.0
    frame = ita.findings_frame()
    assert list(frame.columns)[:4] == ["ระดับ", "การตรวจ", "แผ่นงาน", "แถว"]
    assert len(frame) == len(ita.findings)
    months = ita.by_month_method()
    # every month of the fiscal year, October first; a month without rows says why
    assert list(months.index) == [
        "ตุลาคม 2566", "พฤศจิกายน 2566", "ธันวาคม 2566", "มกราคม 2567", "กุมภาพันธ์ 2567",
        "มีนาคม 2567", "เมษายน 2567", "พฤษภาคม 2567", "มิถุนายน 2567", "กรกฎาคม 2567",
        "สิงหาคม 2567", "กันยายน 2567"]
    assert months.loc["ตุลาคม 2566", "รวม"] == 2624500.0
    assert months["จำนวนรายการ"].tolist() == [5, 20, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]
    assert months.loc["ธันวาคม 2566", "หมายเหตุ"] == "แจ้งว่าไม่มีการจัดซื้อจัดจ้าง"   # its sheet says so
    assert (months.loc["มกราคม 2567", "หมายเหตุ"], months.loc["มกราคม 2567", "รวม"]) == (
        "ไม่มีรายการ", 0.0)
    assert months.loc["ตุลาคม 2566", "หมายเหตุ"] == ""
    top = ita.top_suppliers(3)
    assert list(top.columns) == ["ผู้ประกอบการ", "จำนวนรายการ", "ราคาที่ตกลงรวม (บาท)",
                                 "สัดส่วน (%)"] and len(top) == 3
    groups = ita.split_groups()
    assert groups["แถว"].tolist() == [18, 19, 20] and groups["กลุ่ม"].tolist() == [1, 1, 1]
    assert groups["วงเงินที่จะซื้อหรือจ้าง (บาท)"].sum() == groups["วงเงินรวมในกลุ่ม (บาท)"].iloc[0]
    assert all(re.fullmatch(r"\d\d/\d\d/25\d\d", day) for day in groups["วันที่"])   # BE
    prices = ita.price_comparison()
    assert {"วงเงินงบประมาณ", "ราคากลาง", "ราคาที่ตกลง"} <= set(prices.columns)
    assert ita.normalised()["sheet"].iloc[0] == OCT


def test_write_normalised_is_deterministic(ita, tmp_path):
    first = write_normalised(ita.table, tmp_path / "a" / "procurement.tsv")
    second = write_normalised(ita.table, tmp_path / "procurement.tsv")
    assert first.read_bytes() == second.read_bytes()
    lines = first.read_text(encoding="utf-8").split("\n")
    assert lines[0].split("\t") == list(FRAME_COLUMNS)
    october = lines[1].split("\t")
    assert october[:5] == [OCT, "6", "1", "จัดซื้อวัสดุสำนักงาน", "12500.00"]
    assert "2023-10-05" in october and "false" in october
    assert not list(tmp_path.glob("**/.procurement.tsv.*"))           # no temporary left


# --------------------------------------------------------------------------- the สขร.1 form

def test_sorkhor1_csv_values(sorkhor1):
    table = sorkhor1.table
    assert table.layout == "sorkhor1" and table.sheets == ("sorkhor1-2567",)
    assert table.encoding == "utf-8" and table.info("sorkhor1-2567").header_row == 4
    frame = table.frame
    assert frame["row"].tolist() == [5, 6, 7, 8, 9, 10]
    assert frame["supplier"].tolist() == [
        "ร้านนำชัยเครื่องเขียน", "ห้างหุ้นส่วนจำกัด ศรีสะอาดคลีนนิ่ง", "บริษัท เอ็นเทค คอมพิวเตอร์ จำกัด",
        "ห้างหุ้นส่วนจำกัด ก้าวหน้าการช่าง", "บริษัท ไทยเมดิคอลซัพพลาย จำกัด", "ร้านนำชัยเครื่องเขียน"]
    assert frame["agreed_price"].tolist() == [5800.0, 118000.0, 44500.0, 335000.0, 1195000.0,
                                              29000.0]
    assert frame["budget"].tolist() == [5800.0, 120000.0, 45000.0, 350000.0, 1200000.0, 30000.0]
    assert frame["contract_no"].tolist() == ["1/2567", "2/2567", "3/2567", "", "5/2567",
                                             "6/2567"]
    assert [d.date() if pd.notna(d) else None for d in frame["contract_date"]] == [
        date(2024, 1, 5), date(2024, 1, 8), date(2024, 1, 15), None, date(2024, 1, 20), None]
    assert frame["month"].tolist()[:3] == [1, 1, 1] and pd.isna(frame["month"].iloc[3])
    assert frame["reason"].iloc[4] == "เป็นพัสดุที่ผลิตจำหน่ายโดยผู้ประกอบการรายเดียว"


def test_sorkhor1_findings(sorkhor1):
    assert where(sorkhor1.findings) == {
        ("amount", "error", "sorkhor1-2567", 10),                 # "ลว. 31 ก.พ. 2567"
        ("required_field", "warning", "sorkhor1-2567", 7),        # ราคากลาง "-"
        ("no_contract_threshold", "warning", "sorkhor1-2567", 8),
        ("vendor_concentration", "warning", None, None),
        ("month_missing", "warning", None, None), ("year_end_specific", "info", None, None)}
    assert sorted(f.month for f in sorkhor1.findings if f.check == "month_missing") == [10, 11, 12]
    # 1,200,000 baht by the specific method with the sole-supplier reason stated: no finding
    assert not [f for f in sorkhor1.findings if f.check == "method_threshold"]
    amount = next(f for f in sorkhor1.findings if f.check == "amount")
    assert "เลขที่และวันที่ของสัญญาหรือข้อตกลง" in amount.message


def test_sorkhor1_cp874_and_tsv_read_alike(sorkhor1, tmp_path):
    text = SORKHOR1.read_bytes().decode("utf-8-sig")
    cp874 = tmp_path / "sorkhor1-2567.csv"
    cp874.write_bytes(text.encode("cp874"))
    table = load_procurement(cp874)
    assert table.encoding == "cp874"
    pd.testing.assert_frame_equal(table.frame, sorkhor1.table.frame)
    tsv = tmp_path / "sorkhor1-2567.tsv"
    records = list(csv.reader(io.StringIO(text)))
    tsv.write_text("\n".join("\t".join(c.replace("\n", " ") for c in r) for r in records) + "\n",
                   encoding="utf-8")
    frame = load_procurement(tsv).frame
    assert frame["agreed_price"].tolist() == sorkhor1.table.frame["agreed_price"].tolist()
    assert frame["row"].tolist() == [5, 6, 7, 8, 9, 10]


def test_a_byte_order_mark_is_read_past(sorkhor1, tmp_path):
    # the reader cuts the UTF-8 mark off itself (pandas' own "utf-8-sig" decoding is slower)
    text = SORKHOR1.read_bytes().decode("utf-8-sig")
    for folder, data in (("bom", codecs.BOM_UTF8 + text.encode()), ("plain", text.encode())):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / SORKHOR1.name).write_bytes(data)
        table = load_procurement(tmp_path / folder / SORKHOR1.name)
        assert table.encoding == "utf-8" and table.layout == sorkhor1.table.layout
        pd.testing.assert_frame_equal(table.frame, sorkhor1.table.frame)
    # an editor's mark before cp874 text: the first header cell is read without "๏ปฟ"
    header_first = ",".join(HEADER) + "\n" + ",".join(
        str(v) for v in row(start="2/11/2566", end="10/11/2566")) + "\n"
    (tmp_path / "cp874.csv").write_bytes(codecs.BOM_UTF8 + header_first.encode("cp874"))
    table = load_procurement(tmp_path / "cp874.csv")
    assert table.encoding == "cp874"
    assert list(table.info(table.sheets[0]).columns.values())[0] == HEADER[0]


def test_looks_like():
    assert looks_like(SORKHOR1.read_text(encoding="utf-8-sig"))
    assert looks_like("ชื่อรายการของงานที่ซื้อหรือจ้าง\tวิธีการจัดซื้อจัดจ้าง\tราคาที่ตกลงซื้อหรือจ้าง\n")
    assert not looks_like("ชื่อ,ที่อยู่,เบอร์โทร\nนาย ก,ขอนแก่น,0\n")
    assert not looks_like("o1. โครงสร้าง\nhttps://example.org\n")


# --------------------------------------------------------------------------- formulas

def test_formulas_are_never_evaluated():
    table = load_procurement(FIXTURES / "formulas.xlsx")
    assert table.frame["row"].tolist() == [2, 3]                     # totals row (=SUM) dropped
    assert table.unreadable == [reader.Unreadable("ม.ค. 67", 2, "agreed_price", "=G2*0.98")]
    assert math.isnan(table.frame["agreed_price"].iloc[0])
    assert table.frame["reference_price"].iloc[1] == 20000.0         # the cached value
    findings = check_procurement(table, FY, load_thresholds())
    amount = [f for f in findings if f.check == "amount"]
    assert [(f.sheet, f.row) for f in amount] == [("ม.ค. 67", 2)]
    assert "ไม่มีค่าที่คำนวณไว้" in amount[0].message
    assert not [f for f in findings if f.check == "required_field"]


# --------------------------------------------------------------------------- bad inputs

def one_line(err: Exception) -> str:
    text = str(err)
    assert "\n" not in text
    return text


def test_not_a_procurement_table_names_found_and_missing_columns():
    with pytest.raises(WrongDocumentError) as caught:
        load_procurement(FIXTURES / "not-procurement.xlsx")
    text = one_line(caught.value)
    assert text.startswith(str(FIXTURES / "not-procurement.xlsx") + ": ")
    assert DOCUMENT in text and "sheet 'Sheet1'" in text
    assert "found: ชื่อ, ที่อยู่, เบอร์โทร" in text
    assert "missing: ชื่อรายการของงานที่ซื้อหรือจ้าง, วงเงินงบประมาณที่ได้รับจัดสรร" in text
    assert "(fix: " in text and caught.value.exit_code == 2


def test_csv_without_procurement_header(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text("ชื่อ,ที่อยู่\nนาย ก,ขอนแก่น\n", encoding="utf-8")
    with pytest.raises(WrongDocumentError, match="found: ชื่อ, ที่อยู่; missing: "):
        load_procurement(path)


@pytest.mark.parametrize("name, data, problem", [
    ("empty.xlsx", b"", "file is empty"),
    ("empty.csv", b"", "file is empty"),
    ("blank.csv", b"\n \n", "file is empty"),
    ("text.xlsx", "ชื่อรายการ,วิธี\n".encode(), "not an Excel workbook"),
    ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "encrypted"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "Excel 97-2003"),
    ("zip.csv", b"PK\x03\x04" + b"\0" * 100, "not a text file"),
    ("export.xls", b"<html><body><table><tr><td>1</td></tr></table></body></html>",
     "is an HTML page"),
    ("page.csv", b"\xef\xbb\xbf\n <!-- x --> <!DOCTYPE html><html></html>", "is an HTML page"),
    ("utf16.xls", "<html><body><table></table></body></html>".encode("utf-16"),
     "is an HTML page"),
    ("xhtml.xls", b'<?xml version="1.0"?>\n<!DOCTYPE html>\n<html><body></body></html>',
     "is an HTML page"),
    ("spreadsheetml.xls", b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
     b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>',
     "is an Excel 2003 XML spreadsheet (SpreadsheetML), not a workbook or a CSV table"),
    ("binary.csv", b"\x00\x01\x02garbage", "binary control characters"),
    ("latin.csv", "caf\xe9 na\xefve r\xe9sum\xe9".encode("latin-1"), "not UTF-8"),
])
def test_unusable_files(tmp_path, name, data, problem):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        load_procurement(path)
    text = one_line(caught.value)
    assert problem in text and str(path) in text and caught.value.exit_code == 2


def test_an_xls_name_is_read_by_its_bytes(tmp_path):
    """A web 'export to Excel' names .xls an .xlsx workbook or a CSV table: each is read."""
    renamed = tmp_path / "export.xls"
    renamed.write_bytes(ITA.read_bytes())
    table, original = load_procurement(renamed), load_procurement(ITA)
    assert table.format == "xlsx" and table.sheets == original.sheets
    pd.testing.assert_frame_equal(table.frame, original.frame)
    text = tmp_path / "export-csv.xls"
    text.write_text("ลำดับที่,รายการพัสดุ,วงเงินงบประมาณ,วิธีซื้อหรือจ้าง,ผู้ได้รับการคัดเลือก,"
                    "ราคาที่ตกลงซื้อหรือจ้าง\n1,กระดาษ,5000,เฉพาะเจาะจง,ร้าน ก,4900\n",
                    encoding="utf-8")
    table = load_procurement(text)
    assert table.format == "csv" and table.data_rows["agreed_price"].tolist() == [4900.0]


def test_corrupt_workbook_and_missing_paths(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(ITA.read_bytes()[:3000])
    with pytest.raises(InputError, match="not a readable .xlsx workbook"):
        load_procurement(broken)
    with pytest.raises(InputError, match="file not found"):
        load_procurement(tmp_path / "nothing.xlsx")
    with pytest.raises(InputError, match="is a directory"):
        load_procurement(tmp_path)


def test_statement_sheets_of_a_whole_year_or_a_long_sentence_are_statements(tmp_path):
    """A year sheet listing each month as without procurement (21 rows), and one statement
    naming the agency in full (214 characters), are statements; a long document mentioning
    the phrase in its sentences is not (see the bad-input corpus: the plan report)."""
    import openpyxl
    book = openpyxl.Workbook()
    year = book.active
    year.title = "ปีงบ 2568"
    rows = [["สรุปผลการจัดซื้อจัดจ้าง"], ["ปีงบประมาณ 2568"], ["หน่วยงานสังเคราะห์"], [""]]
    rows += [[f"{name} 256{7 if i < 3 else 8}", "ไม่มีการจัดซื้อจัดจ้าง"] for i, name in enumerate(
        ["ตุลาคม", "พฤศจิกายน", "ธันวาคม", "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน",
         "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน"])]
    rows += [["ลงชื่อ"], ["(นาย ก)"], ["ตำแหน่ง"], ["วันที่ 1 ตุลาคม 2568"], ["หมายเหตุ -"],
             ["จัดทำโดย งานพัสดุ"]]
    for row in rows:
        year.append(row)
    october = book.create_sheet("ต.ค. 67")
    statement = ("สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือนตุลาคม พ.ศ. 2567 ของสำนักงานปลัด"
                 "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์ " * 2 + "สำนักงานฯ ไม่มีการจัดซื้อจัดจ้าง")
    assert 200 < len(statement) <= 500
    october.append([statement])
    path = tmp_path / "statements.xlsx"
    book.save(path)
    table = load_procurement(path)
    assert len([r for r in rows if any(r)]) > 20
    assert [(s.name, s.status) for s in table.sheet_info] == [
        ("ปีงบ 2568", "no_procurement"), ("ต.ค. 67", "no_procurement")]


def test_a_stray_far_cell_is_a_clear_error_not_gigabytes(tmp_path):
    """One value typed at XFD1048576 made the sheet a 2^34-cell rectangle (a 128 GiB array)."""
    import openpyxl
    book = openpyxl.load_workbook(ITA)
    sheet = book.worksheets[0]
    sheet["XFD1048576"] = "x"
    path = tmp_path / "stray.xlsx"
    book.save(path)
    with pytest.raises(InputError) as caught:
        load_procurement(path)
    text = one_line(caught.value)
    assert f"sheet {sheet.title!r} spans 1,048,576 rows by 16,384 columns" in text
    assert "at XFD1048576" in text and caught.value.exit_code == 2 and str(path) in text


def test_workbook_with_only_empty_sheets(tmp_path):
    import openpyxl
    path = tmp_path / "empty-sheets.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(InputError, match="holds no data"):
        load_procurement(path)


def test_row_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 5)
    with pytest.raises(InputError, match="over the 5-row limit"):
        load_procurement(SORKHOR1)
    with pytest.raises(InputError, match="sheet 'ต.ค. 66' has .* over the 5-row limit"):
        load_procurement(ITA)


def test_xlsm_is_read_as_values(tmp_path):
    path = tmp_path / "macros.xlsm"
    shutil.copy(FIXTURES / "formulas.xlsx", path)
    assert load_procurement(path).frame["row"].tolist() == [2, 3]


# --------------------------------------------------------------------------- checks, one by one

HEADER = ["ชื่อรายการของงานที่ซื้อหรือจ้าง", "วงเงินงบประมาณที่ได้รับจัดสรร", "วิธีการจัดซื้อจัดจ้าง",
          "ราคากลาง", "ราคาที่ตกลงซื้อหรือจ้าง", "รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก",
          "เลขประจำตัวผู้เสียภาษี", "เลขที่สัญญา", "วันที่เริ่มต้นสัญญา", "วันที่สิ้นสุดสัญญา"]


def table_of(*sheets):
    """A table from (sheet name, rows) pairs; each sheet gets HEADER on row 1."""
    return table_from_sheets("test.xlsx", [(name, pd.DataFrame([HEADER, *rows], dtype=object))
                                           for name, rows in sheets])


def row(item="จัดซื้อวัสดุสำนักงาน", budget=10000.0, method="เฉพาะเจาะจง", reference=None,
        agreed=None, supplier="ร้านนำชัยเครื่องเขียน", tax="0105556012341", contract="",
        start=datetime(2023, 11, 1), end=datetime(2023, 11, 10)):
    return [item, budget, method, budget if reference is None else reference,
            budget if agreed is None else agreed, supplier, tax, contract, start, end]


def run(*sheets, fiscal_year=FY):
    return check_procurement(table_of(*sheets), fiscal_year, load_thresholds())


def rows_of(findings, check):
    return sorted((f.sheet, f.row) for f in findings if f.check == check)


def test_method_threshold_limits():
    findings = run((NOV, [row(budget=500000.0, contract="1/2567"),
                          row(budget=500000.01, contract="2/2567"),
                          row(budget=900000.0, method="ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)",
                              contract="3/2567"),
                          row(budget=900000.0, method="เฉพาะเจาะจง ม.56(2)(ง) มีความจำเป็นเร่งด่วน",
                              contract="4/2567"),
                          row(item="ซื้อจากหน่วยงานของรัฐ วัคซีน", budget=900000.0,
                              contract="5/2567")]))
    assert rows_of(findings, "method_threshold") == [(NOV, 3)]


def test_no_contract_threshold():
    findings = run((NOV, [row(budget=100000.0), row(budget=100000.5),
                          row(budget=300000.0, contract="9/2567")]))
    assert rows_of(findings, "no_contract_threshold") == [(NOV, 3)]
    without_column = table_from_sheets("t.xlsx", [(NOV, pd.DataFrame(
        [HEADER[:7], row(budget=300000.0)[:7]], dtype=object))])
    assert not rows_of(check_procurement(without_column, FY, load_thresholds()),
                       "no_contract_threshold")


def test_prices_against_budget_and_reference():
    findings = run((NOV, [row(budget=1000.0, reference=1000.0, agreed=1000.004),
                          row(budget=1000.0, reference=900.0, agreed=950.0),
                          row(budget=1000.0, reference=1100.0, agreed=1000.0),
                          row(budget=1000.0, reference=1000.0, agreed=1200.0)]))
    assert rows_of(findings, "price_above_budget") == [(NOV, 5)]
    assert rows_of(findings, "price_above_reference") == [(NOV, 3), (NOV, 5)]
    assert rows_of(findings, "reference_above_budget") == [(NOV, 4)]


def test_amounts_in_millions_or_thousands_are_baht():
    """A header "(ล้านบาท)" lost its unit with its parentheses: 12.75 was read as 12.75 baht and
    a 12.75-million specific-method purchase went unflagged."""
    header = [h + " (ล้านบาท)" if h in ("วงเงินงบประมาณที่ได้รับจัดสรร", "ราคากลาง") else
              h + " (พันบาท)" if h == "ราคาที่ตกลงซื้อหรือจ้าง" else h for h in HEADER]
    table = table_from_sheets("t.xlsx", [(NOV, pd.DataFrame(
        [header, row(budget=12.75, reference=12.7, agreed=12_600.0, contract="1/2567")],
        dtype=object))])
    first = table.frame.iloc[0]
    assert (first["budget"], first["reference_price"], first["agreed_price"]) == (
        12_750_000.0, 12_700_000.0, 12_600_000.0)
    assert rows_of(check_procurement(table, FY, load_thresholds()), "method_threshold") == \
        [(NOV, 2)]


@pytest.mark.parametrize("label", ["รวม", "รวมเป็นเงิน", "รวม 2 รายการ", "ยอดรวมทั้งสิ้น", ""])
def test_totals_rows_are_not_purchases(label):
    """A totals row ("รวม 2 รายการ", "รวมเป็นเงิน", or amounts with no label at all) counted
    as a purchase: the headline total was four times the purchases'."""
    total = [label, 20000.0, "", 20000.0, 20000.0, "", "", "", None, None]
    table = table_of((NOV, [row(contract="1/2567"), row(contract="2/2567"), total]))
    assert len(table.frame) == 2 and table.frame["agreed_price"].sum() == 20000.0


def test_a_negative_amount_is_an_error():
    findings = run((NOV, [row(budget=-600000.0, agreed=-600000.0, reference=1000.0,
                              contract="1/2567")]))
    negative = [f for f in findings if f.check == "amount" and f.actual == -600000.0]
    assert [(f.severity, f.row) for f in negative] == [("error", 2), ("error", 2)]


def test_split_purchase_window_threshold_and_keys():
    day = datetime(2023, 11, 1)
    specific = [row(item=f"จัดซื้อวัสดุก่อสร้าง ชุดที่ {k}", budget=200000.0, supplier="บริษัท ก จำกัด",
                    contract=f"{k}/2567", start=day + timedelta(days=10 * k)) for k in (1, 2, 3)]
    findings = run((NOV, specific))
    assert [f.rows for f in findings if f.check == "split_purchase"] == [
        ((NOV, 2), (NOV, 3), (NOV, 4))]
    # 31 days apart: never within one 30-day window
    apart = [row(budget=300000.0, supplier="บริษัท ก จำกัด", contract="1/2567", start=day),
             row(budget=300000.0, supplier="บริษัท ก จำกัด", contract="2/2567",
                 start=day + timedelta(days=31))]
    assert not rows_of(run((NOV, apart)), "split_purchase")
    # exactly the threshold in total: not above it
    exact = [row(budget=250000.0, supplier="บริษัท ก จำกัด", contract=f"{k}/2567", start=day)
             for k in (1, 2)]
    assert not rows_of(run((NOV, exact)), "split_purchase")
    # another supplier ("บจก. ข" is not "บริษัท ก จำกัด") or another item: no group
    mixed = [row(budget=300000.0, supplier="บริษัท ก จำกัด", contract="1/2567", start=day),
             row(budget=300000.0, supplier="บจก. ข", contract="2/2567", start=day),
             row(item="จ้างซ่อมแซมรถยนต์ราชการ", budget=300000.0, supplier="บริษัท ก จำกัด",
                 contract="3/2567", start=day)]
    assert not rows_of(run((NOV, mixed)), "split_purchase")
    # the same supplier spelt with another legal form, across two monthly sheets
    across = [(NOV, [row(budget=300000.0, supplier="บริษัท ก จำกัด", contract="1/2567",
                         start=datetime(2023, 11, 28))]),
              ("ธ.ค. 66", [row(item="ซื้อวัสดุสำนักงาน จำนวน 20 ชุด", budget=300000.0,
                               supplier="บจก. ก", contract="2/2567",
                               start=datetime(2023, 12, 5))])]
    assert [f.rows for f in run(*across) if f.check == "split_purchase"] == [
        ((NOV, 2), ("ธ.ค. 66", 2))]


def test_item_and_supplier_keys(rules):
    key = item_key("จัดซื้อวัสดุก่อสร้าง ชุดที่ ๒", rules.split_numbering, rules.split_ignore_words)
    assert key == item_key("ซื้อวัสดุก่อสร้าง งวดที่ 1/3", rules.split_numbering,
                           rules.split_ignore_words)
    assert key != item_key("จ้างซ่อมแซมรถยนต์", rules.split_numbering, rules.split_ignore_words)
    assert supplier_key("บริษัท สยามวัสดุ จำกัด") == supplier_key("บจก. สยาม วัสดุ")
    assert supplier_key("ห้างหุ้นส่วนจำกัด ก้าวหน้า") == supplier_key("หจก.ก้าวหน้า")


@pytest.mark.parametrize("tax, case", [("0105556012341", None), ("0994000100230", None),
                                       ("3109900123453", None), ("1234567890121", None),
                                       ("0105556012342", "check_digit"),
                                       ("1234567890123", "check_digit"),
                                       ("010555601234", "length"), ("01055560123411", "length")])
def test_tax_id(tax, case):
    assert tax_id_valid(tax) is (case is None)
    findings = [f for f in run((NOV, [row(tax=tax)])) if f.check == "tax_id"]
    assert len(findings) == (case is not None)
    if case == "length":
        assert "ไม่ใช่ 13 หลัก" in findings[0].message


def test_tax_id_check_digit_formula():
    # sum of d_i × (13 − i) for the first 12 digits, check = (11 − sum mod 11) mod 10
    digits = "123456789012"
    total = sum(int(d) * (13 - i) for i, d in enumerate(digits))
    assert tax_id_check_digit(digits) == (11 - total % 11) % 10 == 1


def test_duplicates_across_sheets():
    same = row(item="จ้างเหมาจัดทำป้ายไวนิล", budget=2500.0)
    findings = run((NOV, [same, row()]), ("ธ.ค. 66", [row(item="จ้างทำตรายาง", budget=800.0),
                                                       list(same)]))
    assert [(f.severity, f.rows) for f in findings if f.check == "duplicate"] == [
        ("error", ((NOV, 2), ("ธ.ค. 66", 3)))]


def test_contract_dates_at_the_year_bounds():
    findings = run((NOV, [row(start=datetime(2023, 10, 1)), row(start=datetime(2024, 9, 30),
                                                                end=datetime(2024, 10, 30)),
                          row(start=datetime(2023, 9, 30)), row(start=datetime(2024, 10, 1),
                                                                end=datetime(2024, 10, 2)),
                          row(start=datetime(2023, 11, 2), end=datetime(2023, 11, 2))]))
    assert [(f.severity, f.row) for f in findings if f.check == "contract_dates"] == [
        ("warning", 4), ("warning", 5)]


def test_month_first_contract_dates_are_read_month_first_and_said():
    # a US-ordered export: 11/25/2023 can only be 25 November; so 11/5/2023 is 5 November
    us = [row(start="11/25/2023", end="12/5/2023"), row(start="11/5/2023", end="11/9/2023")]
    table = table_of((NOV, us))
    assert [d.date() for d in table.frame["contract_start"]] == [date(2023, 11, 25),
                                                                  date(2023, 11, 5)]
    assert [d.date() for d in table.frame["contract_end"]] == [date(2023, 12, 5),
                                                                date(2023, 11, 9)]
    assert table.date_order == DateOrder("month_first", "month_first", "only", DateCell(
        NOV, 11, 2, "contract_start", "11/25/2023"))
    findings = check_procurement(table, FY, load_thresholds())
    (said,) = [f for f in findings if f.check == "date_order"]
    assert (said.severity, said.sheet, said.row, said.actual) == ("warning", NOV, 2, "11/25/2023")
    assert said.message == (
        f"วันที่ในไฟล์นี้เขียนแบบเดือนก่อนวัน: '11/25/2023' (แผ่นงาน '{NOV}' แถว 2 คอลัมน์ "
        "วันที่เริ่มต้นสัญญา) อ่านแบบวัน/เดือน/ปีไม่ได้ และวันที่ส่วนใหญ่ไม่ขัดกับแบบนั้น จึงอ่านวันที่"
        "ทั้งไฟล์แบบเดือน/วัน/ปี: ตรวจกับเอกสารต้นฉบับว่าอ่านถูก")
    assert said.expected == "วัน/เดือน/ปี"
    assert not [f for f in findings if f.check in ("amount", "contract_dates")]
    # read day first, the same rows were an unreadable date and a contract ending before it began
    day_first = check_procurement(table_of((NOV, [row(start="25/11/2566", end="5/12/2566"),
                                                  row(start="5/11/2566", end="9/11/2566")])),
                                  FY, load_thresholds())
    assert not [f for f in day_first if f.check in ("date_order", "amount", "contract_dates")]


def test_one_order_for_every_sheet_and_the_sheet_month_tells():
    # the October sheet of a US export has no day above 12: the November sheet and its own
    # month (10/5/2023 is in October only when read month first) say how to read it
    table = table_of((OCT, [row(start="10/5/2023", end="10/12/2023"),
                            row(start="10/9/2023", end="10/11/2023")]),
                     (NOV, [row(start="11/20/2023", end="11/28/2023")]))
    assert [d.date() for d in table.frame["contract_start"]] == [
        date(2023, 10, 5), date(2023, 10, 9), date(2023, 11, 20)]
    findings = check_procurement(table, FY, load_thresholds())
    assert [(f.check, f.sheet, f.row) for f in findings
            if f.check in ("date_order", "amount", "contract_dates")] == [
        ("date_order", NOV, 2)]
    # with no day above 12 anywhere, the sheet's month alone tells, and the message says so
    alone = table_of((OCT, [row(start="10/5/2023"), row(start="10/9/2023")]))
    assert alone.date_order == DateOrder("month_first", "month_first", "sheet", DateCell(
        OCT, 10, 2, "contract_start", "10/5/2023"))
    (said,) = [f for f in check_procurement(alone, FY, load_thresholds())
               if f.check == "date_order"]
    assert "ตรงกับเดือนของชื่อแผ่นงาน (หรืออยู่ในช่วงเดือนที่ชื่อแผ่นงานระบุ) เมื่ออ่านแบบเดือน/วัน/ปีเท่านั้น" \
        in said.message
    # a Thai sheet with one transposed cell stays day first, and the cell is named
    typo = table_of((OCT, [row(start="2/10/2566", end="9/10/2566"),
                           row(start="5/10/2566", end="10/20/2566")]))
    assert [d.date() for d in typo.frame["contract_start"]] == [date(2023, 10, 2),
                                                                 date(2023, 10, 5)]
    assert typo.date_order == DateOrder("mixed", "day_first", "only", DateCell(
        OCT, 10, 3, "contract_end", "10/20/2566"), tie=True)      # 2 sheet votes, 2 for one cell
    assert [(f.check, f.row) for f in check_procurement(typo, FY, load_thresholds())
            if f.check in ("date_order", "amount", "contract_dates")] == [
        ("amount", 3), ("date_order", 3)]
    # a quarter's sheet ("ต.ค.-ธ.ค. 66") names no one month: its 10/11/2566 does not vote
    quarter = table_of(("ต.ค.-ธ.ค. 66", [row(start="5/10/2566"), row(start="10/11/2566"),
                                          row(start="10/12/2566"), row(start="3/11/2566")]))
    assert quarter.date_order is None
    assert [d.date() for d in quarter.frame["contract_start"]] == [
        date(2023, 10, 5), date(2023, 11, 10), date(2023, 12, 10), date(2023, 11, 3)]
    # a cell that reads one way only outweighs a date that falls in the sheet's month: Thai
    # contracts signed on the 11th of earlier months, listed under November (three votes for
    # month first), stay day first against two cells that can only be day first (four votes)
    signed_before = table_of((NOV, [row(start="11/10/2566"), row(start="11/9/2566"),
                                    row(start="11/8/2566"), row(start="30/10/2566"),
                                    row(start="25/10/2566")]))
    assert signed_before.date_order is None
    assert [(d.day, d.month) for d in signed_before.frame["contract_start"]] == [
        (11, 10), (11, 9), (11, 8), (30, 10), (25, 10)]


def test_a_column_of_both_date_orders_is_read_day_first_and_said():
    table = table_of((NOV, [row(start="25/11/2566"), row(start="11/26/2566"),
                            row(start="5/11/2566")]))
    assert table.date_order == DateOrder("mixed", "day_first", "only", DateCell(
        NOV, 11, 3, "contract_start", "11/26/2566"))
    assert [None if pd.isna(d) else d.date() for d in table.frame["contract_start"]] == [
        date(2023, 11, 25), None, date(2023, 11, 5)]
    findings = check_procurement(table, FY, load_thresholds())
    assert [(f.check, f.severity, f.actual) for f in findings
            if f.check in ("date_order", "amount")] == [
        ("amount", "error", "11/26/2566"), ("date_order", "warning", "11/26/2566")]
    (said,) = [f for f in findings if f.check == "date_order"]
    assert said.message == (
        "ไฟล์นี้มีวันที่ทั้งแบบวันก่อนเดือนและแบบเดือนก่อนวัน วันที่ส่วนใหญ่เป็นแบบวัน/เดือน/ปี จึงอ่านทั้งไฟล์"
        f"แบบนั้น ค่าที่อ่านแบบนั้นไม่ได้ (เช่น '11/26/2566' (แผ่นงาน '{NOV}' แถว 3 คอลัมน์ "
        "วันที่เริ่มต้นสัญญา)) รายงานแยกเป็นรายแถว และวันที่อื่นอาจสลับวันกับเดือน: ตรวจกับเอกสารต้นฉบับ")
    assert said.expected == "วัน/เดือน/ปี"
    # one cell each way: a tie, read day first as the forms write dates, and said so
    tie = check_procurement(table_of(("Sheet1", [row(start="25/11/2566"),
                                                 row(start="11/26/2023")])), FY, load_thresholds())
    (said,) = [f for f in tie if f.check == "date_order"]
    assert said.message.startswith("ไฟล์นี้มีวันที่ทั้งแบบวันก่อนเดือนและแบบเดือนก่อนวัน และไม่มีแบบใด"
                                   "มากกว่า จึงอ่านทั้งไฟล์แบบวัน/เดือน/ปีตามแบบฟอร์ม ค่าที่อ่านแบบนั้น"
                                   "ไม่ได้ (เช่น '11/26/2023'")
    # most cells month first: the expected order is the one the table was read in
    us = check_procurement(table_of(("Sheet1", [row(start="25/11/2566"), row(start="11/26/2023"),
                                                row(start="11/27/2023")])), FY, load_thresholds())
    (said,) = [f for f in us if f.check == "date_order"]
    assert (said.expected, said.actual) == ("เดือน/วัน/ปี", "25/11/2566")


@pytest.mark.parametrize(("cell", "order"), [
    ("5/10/2567", "either"), ("12/1/2567", "either"),         # either order fits: Thai practice
    ("25/10/2567", "day_first"), ("๕/๑๐/๒๕๖๗".translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙",
                                                                "0123456789")), "either"),
    ("10/25/2024", "month_first"), ("10/25/2024 0:00", "month_first"),
    ("10/26/2024 12:00:00 AM", "month_first"),
    ("5 ต.ค. 67", None), ("2024-10-25", None), (45570, None), (None, None),
    ("31/2/2567", None), ("13/13/2567", None)])
def test_the_orders_a_cells_numeric_date_can_be_read_in(cell, order):
    assert numeric_order(numeric_match(cell)) == order


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 40), st.integers(0, 40), st.sampled_from(["2566", "2023", "66", "24", "1800"]),
       st.sampled_from(["/", "-", "."]))
def test_a_cells_order_is_the_readings_it_has(first, second, year, sep):
    text = f"{first}{sep}{second}{sep}{year}"
    day, month = parse_thai_date(text) is not None, parse_thai_date(text, True) is not None
    want = {(True, True): "either", (True, False): "day_first", (False, True): "month_first",
            (False, False): "no_numeric"}[day, month]
    assert (numeric_order(numeric_match(text)) or "no_numeric") == want


def date_cells(*values, field="contract_start", sheet="s", month=None):
    return [DateCell(sheet, month, row, field, value) for row, value in enumerate(values, 2)]


def test_table_date_order():
    us, thai = date_cells("10/25/2024", "10/5/2024"), date_cells("25/10/2024",
                                                                  field="contract_end")
    assert table_date_order(us) == (True, DateOrder("month_first", "month_first", "only",
                                                    us[0]))
    assert table_date_order([*us, us[0], *thai]) == (True, DateOrder(
        "mixed", "month_first", "only", thai[0]))                  # 4 votes against 2
    tie = date_cells("10/25/2024", "25/10/2024")
    assert table_date_order(tie) == (False, DateOrder("mixed", "day_first", "only", tie[0],
                                                      tie=True))
    # two dates in the sheet's month one way only outweigh one cell that reads the other way
    assert table_date_order([*date_cells("10/5/2023", "10/9/2023", month=10),
                             *date_cells("25/10/2023", field="contract_end")])[0] is False
    assert table_date_order(date_cells("10/5/2023", "10/9/2023", "10/7/2023", "25/10/2023",
                                       month=10))[0] is True
    assert table_date_order(date_cells("5/10/2567", "12/1/2567")) == (False, None)
    # the sheet's month votes only for signing and start dates, and only when it tells
    october = date_cells("10/5/2023", month=10)
    assert table_date_order(october) == (True, DateOrder("month_first", "month_first",
                                                         "sheet", october[0]))
    assert table_date_order(date_cells("10/5/2023", month=10, field="contract_end")) == (
        False, None)
    assert table_date_order(date_cells("10/10/2023", "3/5/2023", month=10)) == (False, None)
    assert table_date_order(date_cells("5/10/2566", month=10)) == (False, None)
    # a เดือน column's date is the first of its month: 10/1/2023 tells month first
    months = date_cells("10/1/2023", "11/1/2023", "1/1/2024", field="month")
    assert table_date_order(months) == (True, DateOrder("month_first", "month_first",
                                                        "first_day", months[0]))
    assert table_date_order(date_cells("1/10/2566", "1/11/2566", field="month")) == (False, None)
    # a date inside the สขร.1 contract cell counts where the field is named
    text = date_cells("สัญญาเลขที่ 1/2567 ลว. 11/25/2023", field="contract_no_date")
    assert table_date_order(text) == (False, None)
    assert table_date_order(text, in_text=frozenset({"contract_no_date"}))[0] is True
    # ... and its signing date votes with the sheet's month
    signed = date_cells("สัญญาเลขที่ 1/2567 ลว. 10/5/2023", field="contract_no_date", month=10)
    assert table_date_order(signed, in_text=frozenset({"contract_no_date"})) == (
        True, DateOrder("month_first", "month_first", "sheet", signed[0]))


def test_a_us_month_column_alone_tells_the_order():
    # Excel's month column exported on a US machine: the first of each month, month first
    header = [*HEADER, "เดือน"]
    rows = [[*row(start=datetime(2023, 10, 2)), "10/1/2023"],
            [*row(start=datetime(2023, 11, 3)), "11/1/2023"],
            [*row(start=datetime(2023, 12, 4)), "12/1/2023"]]
    table = table_from_sheets("t.csv", [("Sheet1", pd.DataFrame([header, *rows], dtype=object))])
    assert table.frame["month"].tolist() == [10, 11, 12]
    findings = check_procurement(table, FY, load_thresholds())
    (said,) = [f for f in findings if f.check == "date_order"]
    assert "'10/1/2023' (แผ่นงาน 'Sheet1' แถว 2 คอลัมน์ เดือน) เป็นวันที่ 1 ของเดือน" in said.message
    assert not [f for f in findings if f.check == "month_missing" and f.severity == "warning"
                and f.month in (10, 11, 12)]


def test_month_first_reaches_every_date_a_table_holds():
    assert parse_thai_date("11/25/2023 0:00", month_first=True) == date(2023, 11, 25)
    assert parse_thai_date("25/11/2023 12:00:00 AM") == date(2023, 11, 25)
    assert parse_thai_date("11/25/2023 0:00") is None
    assert split_contract("สัญญาเลขที่ 1/2567 ลว. 11/5/2023", month_first=True) == (
        "1/2567", date(2023, 11, 5), True)
    assert split_contract("สัญญาเลขที่ 1/2567 ลว. 11/5/2023")[1] == date(2023, 5, 11)
    assert month_year_of_cell("11/5/2023", month_first=True) == (11, 2566)
    assert month_year_of_cell("11/5/2023") == (5, 2566)


@pytest.mark.parametrize("text", [
    "5/10/2567 10.00 น.", "5/10/2567 เวลา 10.00 น.", "05/10/2567 10.30.00 น.", "5/10/2567 14:30น.",
    "5/10/2567 เวลา 9.30", "5/10/2567 23:59:59", "5/10/2567 10:00 AM",
    "5 ต.ค. 2567 10.00 น.", "5 ตุลาคม 2567 เวลา 14:30 น.", "๕ ต.ค. ๒๕๖๗ เวลา ๑๐.๐๐ น."])
def test_a_date_with_a_thai_time_is_its_day(text):
    # before: a time written the Thai way made the cell an unreadable date (an error finding)
    assert parse_thai_date(text) == date(2024, 10, 5)
    assert read_date(text) == (date(2024, 10, 5), True)


@pytest.mark.parametrize("text", ["5/10/2567 10.00 บาท", "5/10/2567 100.00", "5/10/2567 10",
                                  "5 ต.ค. 2567 เวลา", "5/10/2567 25.000 น.", "5/10/2567 25.00 น.",
                                  "5/10/2567 10.60 น.", "5/10/2567 12.50", "5/10/2567 1.00",
                                  "05/10/2567 10.30.00", "5/10/2567 10:61", "5/10/2567 24:59"])
def test_a_date_followed_by_something_else_is_not_read(text):
    # an amount after a date ("12.50"), or no time there is: dots need เวลา or น.
    assert parse_thai_date(text) is None


def test_missing_column_message_reads_as_thai():
    table = table_from_sheets("t.xlsx", [(NOV, pd.DataFrame([HEADER[:7], row()[:7]],
                                                            dtype=object))])
    (missing,) = [f for f in check_procurement(table, FY, load_thresholds())
                  if f.check == "required_field" and f.severity == "warning"]
    assert missing.message.endswith("ที่รายการจัดซื้อจัดจ้างแบบ ITA ต้องมี จึงตรวจค่าในคอลัมน์นั้นไม่ได้")


def test_required_fields_and_exempt_statuses():
    header = [*HEADER, "สถานะการจัดซื้อจัดจ้าง"]
    rows = [row(supplier="", agreed="-", tax="") + ["ยกเลิกการดำเนินการ"],
            row(supplier="", tax="") + ["สิ้นสุดสัญญา"],
            row(item="  ") + ["สิ้นสุดสัญญา"]]
    table = table_from_sheets("t.xlsx", [(NOV, pd.DataFrame([header, *rows], dtype=object))])
    findings = check_procurement(table, FY, load_thresholds())
    required = {(f.severity, f.row): f for f in findings if f.check == "required_field"}
    # the table lacks secondary ITA columns: one warning at its header row
    assert "แหล่งที่มาของงบประมาณ" in required[("warning", 1)].message
    assert ("error", 2) not in required                              # cancelled
    assert "รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก" in required[("error", 3)].message
    assert "ชื่อรายการของงานที่ซื้อหรือจ้าง" in required[("error", 4)].message


def test_months_missing_and_unknown():
    findings = run(("ต.ค. 66", [row(start=datetime(2023, 10, 2))]),
                   ("ธ.ค. 66", [row(start=datetime(2023, 12, 2))]))
    assert [f.month for f in findings if f.check == "month_missing"] == [11]
    single = table_from_sheets("t.xlsx", [("Sheet1", pd.DataFrame(
        [HEADER[:7], row()[:7]], dtype=object))])
    unknown = [f for f in check_procurement(single, FY, load_thresholds())
               if f.check == "month_missing"]
    assert [(f.severity, f.month) for f in unknown] == [("info", None)]


def test_a_quarters_sheet_is_no_one_months():
    # before: every row of "ต.ค.-ธ.ค. 66" was October's, so November and December were
    # reported missing and a July-September sheet's spending all fell in July
    quarters = run(("ต.ค.-ธ.ค. 66", [row(start=datetime(2023, 10, 2), contract="1"),
                                      row(start=datetime(2023, 11, 6), contract="2"),
                                      row(start=datetime(2023, 12, 4), contract="3")]),
                   ("ม.ค. - มี.ค. 67", [row(start=datetime(2024, 1, 8), contract="4"),
                                        row(start=datetime(2024, 3, 4), contract="5")]))
    assert [(f.severity, f.month) for f in quarters if f.check == "month_missing"] == [
        ("warning", 2)]
    table = table_of(("ต.ค.-ธ.ค. 66", [row(start=datetime(2023, 11, 6))]))
    assert table.frame["month"].tolist() == [11] and table.frame["month_source"].tolist() == [
        "date"]
    assert [(s.month, s.months) for s in table.sheet_info] == [(None, (10, 11, 12))]


def test_a_row_of_a_span_with_no_month_of_its_own_reports_no_month():
    undated = [row(start=None, end=None, contract=str(n)) for n in range(3)]
    table = table_of(("ต.ค. 66", [row(start=datetime(2023, 10, 2), contract="9")]),
                     ("ม.ค.-มี.ค. 67", [*undated, row(start=datetime(2024, 2, 5), contract="6")]),
                     # a date outside the span (its month, or its year: a typo) is no month of
                     # the row's
                     ("เม.ย.-มิ.ย. 67", [row(start=datetime(2023, 9, 28), contract="8"),
                                        row(start=datetime(2023, 5, 8), contract="5"),
                                        row(start=datetime(2024, 5, 6), contract="7")]))
    assert table.frame["month_source"].tolist() == ["sheet", "span", "span", "span", "date",
                                                    "span", "span", "date"]
    assert [None if pd.isna(m) else m for m in table.frame["month"].tolist()[4:]] == [
        2, None, None, 5]
    assert table.span_rows(table.frame, FY) == {"ม.ค.-มี.ค. 67": (1, 2, 3),
                                            "เม.ย.-มิ.ย. 67": (4, 5, 6)}
    findings = check_procurement(table, FY, load_thresholds())
    missing = {f.month: f for f in findings if f.check == "month_missing"}
    # undated rows hide no gap: every month without a row of its own is said, and a month
    # of a span says that the span's undated rows may be its
    assert sorted(missing, key=FISCAL_MONTHS.index) == [11, 12, 1, 3, 4]   # up to May
    assert all(f.severity == "warning" for f in missing.values())
    assert "แผ่นงาน 'ม.ค.-มี.ค. 67' (ช่วงมกราคม–มีนาคม) มี 3 รายการที่ไม่บอกเดือน" in missing[1].message
    assert "แผ่นงาน 'เม.ย.-มิ.ย. 67'" in missing[4].message and "แผ่นงาน" not in missing[11].message
    audit = ProcurementAudit(table=table, findings=findings, agency="t", fiscal_year=FY,
                             source="t.xlsx", thresholds=load_thresholds())
    spans = audit.summary()["span_rows"]
    assert spans == {"ม.ค.-มี.ค. 67": {"months": [1, 2, 3], "rows": 3, "amount": 30000.0},
                     "เม.ย.-มิ.ย. 67": {"months": [4, 5, 6], "rows": 2, "amount": 20000.0}}
    remarks = audit.by_month_method()["หมายเหตุ"]
    assert remarks["มีนาคม 2567"] == "อาจอยู่ในรายการที่ไม่บอกเดือนของแผ่นงาน 'ม.ค.-มี.ค. 67'"
    assert remarks["พฤศจิกายน 2566"] == "ไม่มีรายการ" and remarks["กุมภาพันธ์ 2567"] == ""


def test_a_quarterly_workbook_of_undated_rows_still_has_a_monthly_table():
    table = table_of(("ต.ค.-ธ.ค. 66", [row(start=None, end=None)]))
    audit = ProcurementAudit(table=table, findings=check_procurement(table, FY, load_thresholds()),
                             agency="t", fiscal_year=FY, source="t.xlsx",
                             thresholds=load_thresholds())
    months = audit.by_month_method()
    assert len(months) == 12 and months["จำนวนรายการ"].sum() == 0
    assert months["หมายเหตุ"].tolist()[:3] == ["อาจอยู่ในรายการที่ไม่บอกเดือนของแผ่นงาน 'ต.ค.-ธ.ค. 66'"] * 3


def test_a_us_ordered_table_of_span_sheets_is_read_month_first():
    # before: span sheets gave no vote, so 1/8/2024 was read as 1 August, silently
    header = [*HEADER[:8], "วันที่ทำสัญญา"]
    sheets = [("Oct-Dec 2023", ["10/2/2023", "11/6/2023", "12/4/2023"]),
              ("Jan-Mar 2024", ["1/8/2024", "2/5/2024", "3/4/2024"])]
    table = table_from_sheets("t.xlsx", [(name, pd.DataFrame(
        [header, *[[*row()[:7], str(n), day] for n, day in enumerate(days)]], dtype=object))
        for name, days in sheets])
    assert table.date_order is not None and table.date_order.order == "month_first"
    assert table.frame["month"].tolist() == [10, 11, 12, 1, 2, 3]
    assert set(table.frame["month_source"]) == {"date"}


def test_a_span_within_the_year_end_months_is_year_end_spending():
    # before: the undated rows of "ส.ค.-ก.ย. 67" fell in August (when the sheet was read as
    # one month) or in no month at all: the year-end risk vanished
    table = table_of(("ต.ค. 66", [row(budget=100000.0, start=datetime(2023, 10, 2),
                                      contract="1")]),
                     ("ส.ค.-ก.ย. 67", [row(budget=400000.0, start=None, end=None, contract="2",
                                          supplier="ร้าน ข")]),
                     # undated rows of a span only partly in the year-end months: unknown
                     # month, in neither figure (they would dilute the share)
                     ("ก.ค.-ก.ย. 67", [row(budget=300000.0, start=None, end=None, contract="3",
                                          supplier="ร้าน ค")]))
    audit = ProcurementAudit(table=table, findings=check_procurement(table, FY, load_thresholds()),
                             agency="t", fiscal_year=FY, source="t.xlsx",
                             thresholds=load_thresholds())
    share = audit.summary()["year_end_specific"]
    assert (share["amount"], share["total"], share["share"]) == (400000.0, 500000.0, 0.8)
    (flag,) = [f for f in audit.findings if f.check == "year_end_specific"]
    assert flag.severity == "warning" and flag.actual == 0.8


def test_a_no_procurement_line_among_a_spans_purchases_is_its_own_months():
    # before: the line gave the whole span, hiding December, which nobody said anything of
    table = table_of(("ต.ค.-ธ.ค. 66", [row(start=datetime(2023, 10, 2)),
                                       ["เดือนพฤศจิกายน 2566 ไม่มีการจัดซื้อจัดจ้าง"]
                                       + [None] * (len(HEADER) - 1),
                                       ["ไม่มีการจัดซื้อจัดจ้าง"] + [None] * (len(HEADER) - 1)]),
                     ("ม.ค. 67", [row(start=datetime(2024, 1, 8), contract="2")]))
    assert table.frame["month_source"].tolist() == ["date", "text", "", "sheet"]
    findings = check_procurement(table, FY, load_thresholds())
    assert [f.month for f in findings if f.check == "month_missing"] == [12]
    audit = ProcurementAudit(table=table, findings=findings, agency="t", fiscal_year=FY,
                             source="t.xlsx", thresholds=load_thresholds())
    assert audit.summary()["months_no_procurement"] == [11]


def test_a_span_sheets_statement_covers_its_months():
    stated = table_from_sheets("t.xlsx", [
        ("ต.ค.-ธ.ค. 66", pd.DataFrame([["รายงานสรุปผลการจัดซื้อจัดจ้าง"],
                                       ["ไม่มีการจัดซื้อจัดจ้าง"]], dtype=object)),
        ("ม.ค.-มี.ค. 67", pd.DataFrame([HEADER, ["ไม่มีการจัดซื้อจัดจ้างในไตรมาสนี้"]
                                         + [None] * (len(HEADER) - 1)], dtype=object)),
        ("เม.ย. 67", pd.DataFrame([HEADER, row(start=datetime(2024, 4, 8))], dtype=object))])
    assert len(stated.frame) == 3 and stated.info("ต.ค.-ธ.ค. 66").rows == 1   # one row each
    findings = check_procurement(stated, FY, load_thresholds())
    assert not [f for f in findings if f.check == "month_missing"]
    audit = ProcurementAudit(table=stated, findings=findings, agency="t", fiscal_year=FY,
                             source="t.xlsx", thresholds=load_thresholds())
    assert audit.summary()["months_no_procurement"] == [10, 11, 12, 1, 2, 3]
    remarks = audit.by_month_method()["หมายเหตุ"]
    assert remarks["พฤศจิกายน 2566"] == "แจ้งว่าไม่มีการจัดซื้อจัดจ้าง"


def statement(text):
    return [text] + [None] * (len(HEADER) - 1)


def statements_said(table):
    return [(f.severity, f.sheet, f.row, f.month, f.rows, f.actual)
            for f in check_procurement(table, FY, load_thresholds())
            if f.check == "month_statement"]


def test_a_month_stated_to_have_no_procurement_but_with_purchases_is_a_contradiction():
    table = table_from_sheets("t.xlsx", [
        (OCT, pd.DataFrame([HEADER, row(contract="1", start=datetime(2023, 10, 2)),
                            statement("ไม่มีการจัดซื้อจัดจ้างในเดือนนี้")],   # a footer: not said
                           dtype=object)),
        (NOV, pd.DataFrame([HEADER, row(contract="2"),
                            statement("ไม่มีการจัดซื้อจัดจ้างโดยวิธี e-bidding")], dtype=object)),
        ("ธ.ค. 66 - ม.ค. 67", pd.DataFrame([["ไม่มีการจัดซื้อจัดจ้าง"]], dtype=object)),
        ("ม.ค. 67", pd.DataFrame([HEADER, row(contract="3", start=datetime(2024, 1, 8)),
                                  row(contract="4", start=datetime(2024, 1, 9))],
                                 dtype=object)),
        (FEB, pd.DataFrame([["ไม่มีการจัดซื้อจัดจ้าง"]], dtype=object)),
        ("Sheet5", pd.DataFrame([HEADER, row(contract="6", start=datetime(2024, 2, 5),
                                             end=datetime(2024, 2, 9))], dtype=object)),
        ("ต.ค. 65", pd.DataFrame([HEADER, row(contract="5", start=None, end=None),
                                  statement("ไม่มีการจัดซื้อจัดจ้าง")], dtype=object))])
    said = statements_said(table)
    assert said == [("warning", "ธ.ค. 66 - ม.ค. 67", 1, 1,
                     (("ม.ค. 67", 2), ("ม.ค. 67", 3)), 2),
                    ("warning", FEB, 1, 2, (("Sheet5", 2),), 1)]
    (february,) = [f for f in check_procurement(table, FY, load_thresholds())
                   if f.check == "month_statement" and f.month == 2]
    assert february.message.startswith(
        f"แผ่นงาน '{FEB}' แถว 1 แจ้งว่า 'ไม่มีการจัดซื้อจัดจ้าง' แต่เดือนกุมภาพันธ์ 2567 "
        "มีรายการจัดซื้อจัดจ้าง 1 รายการ (แผ่นงาน 'Sheet5' แถว 2)")


@pytest.mark.parametrize("text", [
    "ไม่มีการจัดซื้อจัดจ้างเพิ่มเติม", "ไม่มีรายการจัดซื้อจัดจ้างอื่น", "ไม่มีการจัดจ้าง",
    "ไม่มีการจัดซื้อจัดจ้างที่มีมูลค่า 100,000 บาทขึ้นไป", "ไม่มีการจัดซื้อจัดจ้างจากเงินนอกงบประมาณ",
    "ไม่มีการจัดจ้างที่ปรึกษา", "ไม่มีการจัดซื้อจัดจ้างประเภทครุภัณฑ์"])
def test_a_statement_of_some_purchases_only_is_no_contradiction(text):
    table = table_from_sheets("t.xlsx", [
        (NOV, pd.DataFrame([[text]], dtype=object)),
        ("Sheet2", pd.DataFrame([HEADER, row()], dtype=object))])      # dated 1 November
    assert statements_said(table) == []
    # and the sheet's name may say what the statement is of
    named = table_from_sheets("t.xlsx", [
        (f"e-bidding {NOV}", pd.DataFrame([["ไม่มีการจัดซื้อจัดจ้าง"]], dtype=object)),
        (f"เฉพาะเจาะจง {NOV}", pd.DataFrame([HEADER, row()], dtype=object))])
    assert statements_said(named) == []


def test_the_months_a_statement_names_are_the_months_it_covers():
    # a span sheet's statement naming part of the span covers that part only
    part = table_from_sheets("t.xlsx", [
        ("ต.ค.-ธ.ค. 66", pd.DataFrame([HEADER, statement("ต.ค.-พ.ย. 66 ไม่มีการจัดซื้อจัดจ้าง"),
                                        row(contract="1", start=datetime(2023, 12, 5))],
                                       dtype=object))])
    assert statement_months(part, FY) == [(10, 0), (11, 0)]
    assert statements_said(part) == []
    assert reported_months(part, FY) == {10, 11, 12}
    # a table of no monthly sheets: the month its text names (before: none, so a
    # month_missing warning said November had no statement)
    single = table_from_sheets("t.xlsx", [
        ("Sheet1", pd.DataFrame([HEADER, row(contract="1", start=datetime(2023, 10, 2)),
                                 statement("เดือนพฤศจิกายน 2566 ไม่มีการจัดซื้อจัดจ้าง"),
                                 row(contract="2", start=datetime(2023, 12, 4))],
                                dtype=object))])
    findings = check_procurement(single, FY, load_thresholds())
    assert not [f for f in findings if f.check == "month_missing"]
    assert reported_months(single, FY) == {10, 11, 12}
    # ... of its own year only; and a month it names, with purchases, contradicts it there too
    other = table_from_sheets("t.xlsx", [
        ("Sheet1", pd.DataFrame([HEADER, statement("เดือนพฤศจิกายน 2565 ไม่มีการจัดซื้อจัดจ้าง"),
                                 statement("เดือนตุลาคม 2566 ไม่มีการจัดซื้อจัดจ้าง"),
                                 row(contract="1", start=datetime(2023, 10, 2))],
                                dtype=object))])
    assert statement_months(other, FY) == [(10, 1)]
    assert statements_said(other) == [("warning", "Sheet1", 3, 10, (("Sheet1", 4),), 1)]


def test_a_month_cells_year_decides_whether_its_row_is_of_the_year():
    # before: "ต.ค. 65" in a เดือน column was October, of whatever year, so last October's
    # purchase counted in this October, and contradicted this October's statement
    header = [*HEADER, "เดือน"]
    table = table_from_sheets("t.xlsx", [
        ("Sheet1", pd.DataFrame([header, [*row(contract="1", start=None, end=None), "ต.ค. 65"],
                                 [*row(contract="2", start=None, end=None), "พ.ย. 66"],
                                 [*row(contract="3", start=None, end=None), "12"]],
                                dtype=object)),
        (OCT, pd.DataFrame([["ไม่มีการจัดซื้อจัดจ้าง"]], dtype=object))])
    frame = table.frame
    assert frame["month"].tolist() == [10, 11, 12, 10]
    assert [None if pd.isna(y) else y for y in frame["month_year"]] == [2565, 2566, None, 2566]
    assert table.of_year(frame, FY).tolist() == [False, True, True, True]
    assert statements_said(table) == []
    rules = load_thresholds()
    said = [(f.severity, f.sheet, f.row, f.actual, f.message)
            for f in check_procurement(table, FY, rules) if f.check == "fiscal_year"]
    assert said == [("warning", "Sheet1", 2, 2566, "แผ่นงาน 'Sheet1' แถว 2: เดือน ตุลาคม 2565 "
                     "เป็นของปีงบประมาณ 2566 ไม่ใช่ปี 2567 ที่ตรวจ จึงไม่นับในตัวเลขของปี")]
    audit = ProcurementAudit(table=table, findings=[], agency="t", fiscal_year=FY,
                             source="t.xlsx", thresholds=rules)
    summary = audit.summary()
    assert summary["months_reported"] == [10, 11, 12]        # October by its statement only
    assert sorted(summary["by_month"]) == ["11", "12"]
    assert summary["other_year_rows"] == {"rows": 1, "amount": 10000.0}
    # for 2566: last year's October, and December, whose cell writes no year (taken to be of
    # the year audited, as a sheet's name without one is)
    assert reported_months(table, 2566) == {10, 12}


def test_a_span_over_the_fiscal_years_end_counts_for_both_years():
    # before: "ก.ค.-ธ.ค. 66" was of 2566 by its first month, so in a 2567 table its
    # statement covered none of October to December, and the sheet was said to be last year's
    table = table_from_sheets("t.xlsx", [
        ("ก.ค.-ธ.ค. 66", pd.DataFrame([["ไม่มีการจัดซื้อจัดจ้าง"]], dtype=object)),
        ("ม.ค. 67", pd.DataFrame([HEADER, row(start=datetime(2024, 1, 8))], dtype=object))])
    (half,) = [s for s in table.sheet_info if s.name == "ก.ค.-ธ.ค. 66"]
    assert half.fiscal_years == (2566, 2567) and half.months_of_year(FY) == (10, 11, 12)
    assert table.sheets_of_other_years(FY) == set()
    assert table.sheets_of_other_years(2566) == {"ม.ค. 67"}
    assert table.sheets_of_other_years(2568) == {"ก.ค.-ธ.ค. 66", "ม.ค. 67"}
    assert statement_months(table, FY) == [(10, 0), (11, 0), (12, 0)]
    assert statement_months(table, 2566) == [(7, 0), (8, 0), (9, 0)]
    assert reported_months(table, FY) == {10, 11, 12, 1}
    findings = check_procurement(table, FY, load_thresholds())
    assert not [f for f in findings if f.check in ("fiscal_year", "month_missing")]


def test_the_months_of_a_span_over_the_fiscal_years_end_keep_their_years():
    rules = load_thresholds()

    def summary(table, fiscal_year):
        return ProcurementAudit(table=table, findings=check_procurement(table, fiscal_year, rules),
                                agency="t", fiscal_year=fiscal_year, source="t.xlsx",
                                thresholds=rules).summary()

    # a เดือน cell without a year takes the year the sheet's name gives its month
    cells = table_from_sheets("t.xlsx", [("ก.ค.-ธ.ค. 66", pd.DataFrame([
        [*HEADER, "เดือน"], [*row(contract="1", budget=400000.0, start=None, end=None), "ก.ค."],
        [*row(contract="2", start=None, end=None), "ต.ค."]], dtype=object))])
    assert cells.frame["month_year"].tolist() == [2566, 2566]
    assert list(summary(cells, FY)["by_month"]) == ["10"]
    assert list(summary(cells, 2566)["by_month"]) == ["7"]
    # a statement whose text names such a span covers each year's own months
    text = table_from_sheets("t.xlsx", [("Sheet1", pd.DataFrame(
        [["ก.ค.-ธ.ค. 66 ไม่มีการจัดซื้อจัดจ้าง"]], dtype=object))])
    assert [m for m, _ in statement_months(text, 2566)] == [7, 8, 9]
    assert [m for m, _ in statement_months(text, FY)] == [10, 11, 12]
    # a month a span sheet's statement names is of the year the sheet gives it
    july = table_from_sheets("t.xlsx", [
        ("ก.ค.-ธ.ค. 66", pd.DataFrame([HEADER, row(contract="1", start=datetime(2023, 8, 3),
                                                   end=None),
                                       statement("เดือนกรกฎาคม ไม่มีการจัดซื้อจัดจ้าง")],
                                      dtype=object)),
        ("ก.ค. 67", pd.DataFrame([HEADER, row(contract="3", start=datetime(2024, 7, 8),
                                              end=None)], dtype=object))])
    assert july.frame["month_year"].tolist()[:2] == [2566, 2566]
    assert statements_said(july) == [] and summary(july, FY)["months_no_procurement"] == []
    assert summary(july, 2566)["months_no_procurement"] == [7]
    # a row of no month of its own is somewhere in the span's months of the year audited
    undated = table_from_sheets("t.xlsx", [
        ("ก.ค.-ธ.ค. 66", pd.DataFrame([HEADER, row(contract="1", start=None, end=None)],
                                      dtype=object)),
        ("ม.ค. 67", pd.DataFrame([HEADER, row(contract="3", start=datetime(2024, 1, 8),
                                              end=None)], dtype=object))])
    assert summary(undated, FY)["span_rows"]["ก.ค.-ธ.ค. 66"]["months"] == [10, 11, 12]
    assert summary(undated, 2566)["span_rows"]["ก.ค.-ธ.ค. 66"]["months"] == [7, 8, 9]
    hints = [f.month for f in check_procurement(undated, FY, rules)
             if f.check == "month_missing" and "ก.ค.-ธ.ค. 66" in f.message]
    assert hints == [10, 11, 12]
    # audited for a third year, the sheet is said to be of both of its years
    (said,) = [f for f in check_procurement(undated, 2568, rules) if f.sheet == "ก.ค.-ธ.ค. 66"
               and f.check == "fiscal_year"]
    assert "เป็นของปีงบประมาณ 2566 และ 2567 ไม่ใช่ปี 2568" in said.message


@pytest.mark.parametrize(("text", "stated"), [
    ("เดือนตุลาคมและพฤศจิกายน 2566 ไม่มีการจัดซื้อจัดจ้าง", ((10, 2566), (11, 2566))),
    ("ต.ค. 66, พ.ย. 66 ไม่มีการจัดซื้อจัดจ้าง", ((10, 2566), (11, 2566))),
    ("เดือน ธ.ค. และ ม.ค. 67 ไม่มีการจัดซื้อจัดจ้าง", ((12, 2566), (1, 2567))),
    ("ต.ค./พ.ย. ไม่มีการจัดซื้อจัดจ้าง", ((10, None), (11, None))),
    ("ต.ค.-ธ.ค. ๖๖ ไม่มีการจัดซื้อจัดจ้าง", ((10, 2566), (11, 2566), (12, 2566))),
    ("ไม่มีการจัดซื้อจัดจ้างในเดือนตุลาคม (รายงาน ณ 5 พ.ย. 66)", ((10, None),)),
    ("ต.ค. 66 และ พ.ย. ไม่มีการจัดซื้อจัดจ้าง", ((10, 2566), (11, 2566))),
    # a month after a day's number is the date the statement was made or sent
    ("ไม่มีการจัดซื้อจัดจ้าง (รายงาน ณ วันที่ 5 ม.ค. 67)", ()),
    ("รายงาน ณ วันที่ 3 พ.ย. 66 เดือนตุลาคม 2566 ไม่มีการจัดซื้อจัดจ้าง", ((10, 2566),)),
    ("1", ()), ("ไม่มีการจัดซื้อจัดจ้าง", ()), ("", ())])
def test_the_months_a_statement_states(text, stated):
    assert months_stated(text) == stated


def test_a_statement_listing_months_covers_each():
    # before: only the first of "ตุลาคมและพฤศจิกายน", so November was said to be missing
    table = table_from_sheets("t.xlsx", [("Sheet1", pd.DataFrame([
        HEADER, statement("เดือนตุลาคมและพฤศจิกายน 2566 ไม่มีการจัดซื้อจัดจ้าง"),
        row(contract="1", start=datetime(2023, 12, 4))], dtype=object))])
    assert reported_months(table, FY) == {10, 11, 12}
    assert not [f for f in check_procurement(table, FY, load_thresholds())
                if f.check == "month_missing"]
    assert reported_months(table, 2566) == set()      # October and November 2566 are of 2567


def test_a_span_sheets_statement_covers_its_own_months_of_the_year():
    january = ("ม.ค. 67", [HEADER, row(contract="9", start=datetime(2024, 1, 8), end=None)])

    def table(*sheets):
        return table_from_sheets("t.xlsx", [(n, pd.DataFrame(r, dtype=object)) for n, r in sheets])

    # months listed, or the span again, without a year: the years the sheet's name gives them
    listed = table(("ก.ค.-ธ.ค. 66", [HEADER, row(contract="1", start=datetime(2023, 9, 3),
                                                 end=None),
                                     statement("เดือนกรกฎาคมและสิงหาคม ไม่มีการจัดซื้อจัดจ้าง"),
                                     statement("เดือนตุลาคมและพฤศจิกายน ไม่มีการจัดซื้อจัดจ้าง")]))
    assert reported_months(listed, FY) == {10, 11}
    assert reported_months(listed, 2566) == {7, 8, 9}
    again = table(("ก.ค.-ธ.ค. 66", [["ก.ค.-ธ.ค. ไม่มีการจัดซื้อจัดจ้าง"]]), january)
    assert [m for m, _ in statement_months(again, FY)] == [10, 11, 12]
    # a statement sheet naming one month without a year: of the sheet's year
    july = table(("ก.ค.-ธ.ค. 66", [["เดือนกรกฎาคม ไม่มีการจัดซื้อจัดจ้าง"]]), january)
    assert statement_months(july, FY) == [] and statement_months(july, 2566) == [(7, 0)]
    # a report date is not the month stated, nor is a month outside the sheet's span
    dated = table(("ต.ค.-ธ.ค. 66", [["ไม่มีการจัดซื้อจัดจ้าง (รายงาน ณ วันที่ 5 ม.ค. 67)"]]),
                  january)
    assert [m for m, _ in statement_months(dated, FY)] == [10, 11, 12]
    assert statements_said(dated) == []
    outside = table(("ต.ค.-ธ.ค. 66", [["ไม่มีการจัดซื้อจัดจ้าง (ส่ง ม.ค. 67)"]]), january)
    assert [m for m, _ in statement_months(outside, FY)] == [10, 11, 12]


def test_a_cancelled_purchase_does_not_contradict_a_statement():
    header = [*HEADER, "สถานะการจัดซื้อจัดจ้าง"]
    cancelled = [*row(), "ยกเลิกการดำเนินการ"]
    table = table_from_sheets("t.xlsx", [
        (NOV, pd.DataFrame([["ไม่มีการจัดซื้อจัดจ้าง"]], dtype=object)),
        ("Sheet2", pd.DataFrame([header, cancelled], dtype=object))])
    assert statements_said(table) == []
    awarded = table_from_sheets("t.xlsx", [
        (NOV, pd.DataFrame([["ไม่มีการจัดซื้อจัดจ้าง"]], dtype=object)),
        ("Sheet2", pd.DataFrame([header, [*row(), "ลงนามในสัญญาแล้ว"]], dtype=object))])
    assert [s[3] for s in statements_said(awarded)] == [11]


def test_the_years_figures_leave_out_the_rows_of_a_sheet_of_another_fiscal_year():
    # before: last August's sheet ("ส.ค. 66" in a 2567 table) counted in this year's August
    # (by_month, the year-end share) and in concentration, where it made its supplier the top
    table = table_of(
        ("ส.ค. 66", [row(budget=400000.0, supplier="ร้านปีก่อน", tax="0105556012350",
                         contract="9/2566", start=datetime(2023, 8, 2),
                         end=datetime(2023, 8, 9))]),
        (OCT, [row(budget=10000.0, supplier="ร้านเอ", contract="1/2567",
                   start=datetime(2023, 10, 2), end=datetime(2023, 10, 9))]),
        ("ส.ค. 67", [row(budget=20000.0, supplier="ร้านบี", tax="0105556012368",
                         contract="2/2567", start=datetime(2024, 8, 1),
                         end=datetime(2024, 8, 8))]))
    assert table.of_year(table.data_rows, FY).tolist() == [False, True, True]
    rules = load_thresholds()
    findings = check_procurement(table, FY, rules)
    audit = ProcurementAudit(table=table, findings=findings, agency="t", fiscal_year=FY,
                             source="test.xlsx", thresholds=rules)
    summary = audit.summary()
    assert summary["rows"] == 3 and summary["total_agreed"] == 430000.0    # the whole table
    assert summary["other_year_rows"] == {"rows": 1, "amount": 400000.0}
    assert summary["by_month"] == {"10": {"rows": 1, "amount": 10000.0},
                                   "8": {"rows": 1, "amount": 20000.0}}
    assert summary["year_end_specific"] == {"months": [8, 9], "amount": 20000.0,
                                            "total": 30000.0, "share": 0.6667}
    held = summary["concentration"]
    assert (held["suppliers"], held["total"], held["top_supplier"]) == (2, 30000.0, "ร้านบี")
    (late,) = [f for f in findings if f.check == "year_end_specific"]
    (vendors,) = [f for f in findings if f.check == "vendor_concentration"]
    assert late.actual == 0.6667 and vendors.actual["top_share"] == 0.6667
    for finding in (late, vendors):
        assert finding.message.endswith("(ไม่นับ 1 รายการของปีงบประมาณอื่น)")
    assert audit.by_month_method().loc["สิงหาคม 2567", "จำนวนรายการ"] == 1
    assert "ร้านปีก่อน" not in set(audit.top_suppliers()["ผู้ประกอบการ"])
    shown = summary_frame(audit)["ค่า"]
    assert shown["รายการของปีงบประมาณอื่น ไม่นับในตัวเลขรายเดือน ปลายปี และการกระจุกตัว"] \
        == "1 รายการ 400,000.00 บาท"
    # a sheet named for no month: a row whose contract date is of another year is not of
    # this one either (before: by_month["8"] held it, while months_reported left it out)
    single = table_from_sheets("t.xlsx", [("Sheet1", pd.DataFrame([
        HEADER, row(budget=400000.0, supplier="ร้านปีก่อน", tax="0105556012350", contract="9",
                    start=datetime(2023, 8, 2), end=datetime(2023, 8, 9)),
        row(supplier="ร้านเอ", contract="1", start=datetime(2023, 10, 2))], dtype=object))])
    alone = ProcurementAudit(table=single, findings=[], agency="t", fiscal_year=FY,
                             source="t.xlsx", thresholds=rules).summary()
    assert alone["months_reported"] == [10]
    assert alone["by_month"] == {"10": {"rows": 1, "amount": 10000.0}}
    assert alone["other_year_rows"] == {"rows": 1, "amount": 400000.0}
    assert alone["concentration"]["top_supplier"] == "ร้านเอ"
    # the same table audited for 2566: only the August 2566 sheet is of that year
    for_2566 = ProcurementAudit(table=table, findings=[], agency="t", fiscal_year=2566,
                                source="test.xlsx", thresholds=rules).summary()
    assert for_2566["by_month"] == {"8": {"rows": 1, "amount": 400000.0}}
    assert for_2566["other_year_rows"] == {"rows": 2, "amount": 30000.0}


def test_a_sheet_named_for_another_fiscal_year_is_said_and_reports_no_month():
    # before: last year's "ต.ค. 65 - ก.ย. 66" statement (or a sheet "ต.ค. 65") counted as this
    # year's months, hiding the months this year's table leaves out
    table = table_from_sheets("t.xlsx", [
        ("ต.ค. 65 - ก.ย. 66", pd.DataFrame([["ไม่มีการจัดซื้อจัดจ้าง"]], dtype=object)),
        ("ต.ค. 65", pd.DataFrame([HEADER, row(start=None, end=None)], dtype=object)),
        ("ต.ค. 66", pd.DataFrame([HEADER, row(start=datetime(2023, 10, 2), contract="2")],
                                 dtype=object)),
        ("ธ.ค. 66", pd.DataFrame([HEADER, row(start=datetime(2023, 12, 4), contract="3")],
                                 dtype=object))])
    assert [s.fiscal_year for s in table.sheet_info] == [2566, 2566, 2567, 2567]
    assert table.sheets_of_other_years(FY) == {"ต.ค. 65 - ก.ย. 66", "ต.ค. 65"}
    findings = check_procurement(table, FY, load_thresholds())
    said = [(f.severity, f.sheet, f.actual) for f in findings if f.check == "fiscal_year"]
    assert said == [("warning", "ต.ค. 65 - ก.ย. 66", 2566), ("warning", "ต.ค. 65", 2566)]
    # every sheet of another year: one finding says so (not "the names are no months")
    last_year = check_procurement(table_of(("ต.ค. 65", [row(start=None, end=None)])), FY,
                                  load_thresholds())
    (wrong,) = [f for f in last_year if f.check == "month_missing"]
    assert wrong.severity == "warning" and "ทุกแผ่นงานเป็นของปีงบประมาณอื่น" in wrong.message
    assert [f.month for f in findings if f.check == "month_missing"] == [11]
    audit = ProcurementAudit(table=table, findings=findings, agency="t", fiscal_year=FY,
                             source="t.xlsx", thresholds=load_thresholds())
    assert audit.summary()["months_no_procurement"] == []
    assert reported_months(table, 2566) == set(range(1, 13))     # the same table for 2566


def test_the_fiscal_year_a_sheet_name_gives():
    cases = {"ต.ค. 66": 2567, "ต.ค.-ธ.ค. 66": 2567, "ม.ค. 67": 2567, "Jan 2024": 2567,
             "พ.ย. - ม.ค. 67": 2567, "ต.ค. 65 - ก.ย. 66": 2566, "ตุลาคม 2566": 2567,
             "ต.ค. พ.ศ. 2566": 2567, "Oct-23": 2567, "ต.ค.66-มี.ค.67": 2567, "ก.ย. 67": 2567,
             "สขร.1 ต.ค.๖๖": 2567, "ต.ค. 66 (2)": 2567, "ต.ค.(66)": 2567, "ก.พ. (2567)": 2567,
             "ต.ค. ปี 2566": 2567, "ต.ค.-ธ.ค. (66)": 2567,
             "ต.ค.": None, "Sheet1": None, "10-2567": None, "ต.ค. 9999": None,
             # a day or a count after a Thai month is no (Gregorian) year
             "ต.ค. 16-31": None, "มี.ค. 31": None, "ต.ค. 10 รายการ": None, "ต.ค. 25/66": None}
    assert {name: fiscal_year_of_months(sheet_month_years(name)) for name in cases} == cases


def month_of_sheet(name):
    """The one month a sheet's name gives (None for none, or a span's several)."""
    months = months_of_sheet(name)
    return months[0] if len(months) == 1 else None


def test_months_a_sheet_name_covers():
    assert months_of_sheet("ต.ค.-ธ.ค. 66") == (10, 11, 12)
    assert months_of_sheet("ตุลาคม ถึง ธันวาคม 2566") == (10, 11, 12)
    assert months_of_sheet("พ.ย. - ม.ค.") == (11, 12, 1)                 # over the new year
    assert months_of_sheet("ต.ค.66-มี.ค.67") == (10, 11, 12, 1, 2, 3)
    assert months_of_sheet("1 ต.ค. - 31 ธ.ค. 66") == (10, 11, 12)
    assert months_of_sheet("ไตรมาส 1 (ต.ค.-ธ.ค.66)") == (10, 11, 12)
    assert months_of_sheet("ต.ค. 67") == (10,) and months_of_sheet("10-2567") == (10,)
    assert months_of_sheet("Sheet1") == () and months_of_sheet("") == ()
    # a month named later for another reason is no part of the sheet's months
    for name in ("ต.ค.66 (ส่ง พ.ย.)", "ต.ค.66 แก้ไข 5 พ.ย.", "ต.ค.66 (มีนาคม)", "ต.ค. พ.ย.",
                 "Oct-23, Dec-23"):
        assert months_of_sheet(name) == (10,), name
    assert months_of_sheet("ต.ค.-ธ.ค.66 (ส่ง ม.ค.67)") == (10, 11, 12)
    assert month_of_sheet("ต.ค.-ธ.ค. 66") is None and month_of_sheet("ต.ค.66 (ส่ง พ.ย.)") == 10
    # an English-locale export's sheets (before: no month, so every month was "unknown")
    assert [month_of_sheet(n) for n in ("Oct 2023", "Feb-24", "November", "Sept. 2024",
                                        "SEP66", "May")] == [10, 2, 11, 9, 9, 5]
    assert months_of_sheet("Oct-Dec 2023") == months_of_sheet("Oct to Dec") == (10, 11, 12)
    assert [months_of_sheet(n) for n in ("Summary", "Mayor", "Decimal", "Marine")] == [()] * 4
    assert month_of_sheet("ต.ค. 67 (Nov)") == 10                   # a Thai name comes first
    assert month_year_of_cell("Oct") == (10, None)
    english = run(("Oct 2023", [row(start=None, end=None)]),       # the sheet's month alone
                  ("Dec 2023", [row(start=None, end=None, contract="2")]))
    assert [(f.severity, f.month) for f in english if f.check == "month_missing"] == [
        ("warning", 11)]


def test_year_end_share_and_concentration_thresholds():
    late = [row(budget=100000.0, start=datetime(2024, 9, 1), supplier="ร้าน ก", contract="1")]
    early = [row(budget=100000.0, start=datetime(2023, 10, 2), supplier="ร้าน ข", contract="2")]
    findings = run(("ก.ย. 67", late), ("ต.ค. 66", early))
    year_end = next(f for f in findings if f.check == "year_end_specific")
    assert (year_end.severity, year_end.actual) == ("warning", 0.5)
    vendors = next(f for f in findings if f.check == "vendor_concentration")
    assert vendors.severity == "warning" and vendors.actual == {"top_share": 0.5, "hhi": 5000.0}
    spread = [(f"{m} ร้าน", [row(budget=10000.0, supplier=f"ร้าน {m}", contract="x")])
              for m in ("ต.ค. 66", "พ.ย. 66", "ธ.ค. 66", "ม.ค. 67", "ก.พ. 67")]
    calm = run(*spread)
    assert next(f for f in calm if f.check == "vendor_concentration").severity == "info"
    assert next(f for f in calm if f.check == "year_end_specific").severity == "info"


# --------------------------------------------------------------------------- rules file

def test_rules_file_and_check_table(rules):
    assert set(CHECKS) == set(rules.severities)
    for check, cases in rules.severities.items():
        assert set(cases.values()) <= set(CHECKS[check].severity)
    assert rules.specific_method_limit == 500000 and rules.no_contract_limit == 100000
    assert rules.split_window_days == 30 and rules.year_end_months == (8, 9)
    assert "มาตรา 56 วรรคหนึ่ง (2)(ข)" in rules.sources["specific_method_limit"]
    assert "มาตรา 96 วรรคสอง" in rules.sources["no_contract_limit"]
    assert rules.confidence["split_window_days"] == "low"
    assert {"ก", "ค", "ง", "จ", "ฉ"} <= set(rules.exception_phrases)


@pytest.mark.parametrize("edit, where", [
    (lambda d: d["thresholds"]["vendor_top_share_warning"].update(value=1.5),
     "thresholds.vendor_top_share_warning.value"),
    (lambda d: d["thresholds"].pop("split_window_days"), "thresholds"),
    (lambda d: d["checks"]["tax_id"]["severity"].update(length="info"),
     "checks.tax_id.severity.length"),
    (lambda d: d["checks"]["duplicate"]["severity"].pop("same_row"),
     "checks.duplicate.severity"),
    (lambda d: d["required_fields"]["ita"].update(core=["item", "colour"]),
     "required_fields.ita.core[1]"),
    (lambda d: d["phrases"]["specific_exceptions"]["by_clause"].update({"ข": ["x"]}),
     "phrases.specific_exceptions.by_clause.ข"),
])
def test_bad_rules_file_names_the_key(tmp_path, edit, where):
    document = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    edit(document)
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CriteriaError) as caught:
        load_thresholds(path)
    assert f": {where}: " in one_line(caught.value)


# --------------------------------------------------------------------------- value parsers

def test_amount_and_date_examples():
    assert parse_amount("๔๕,๐๐๐.๐๐") == 45000.0 and parse_amount("45,000.-") == 45000.0
    assert parse_amount("150,000.00 บาท") == 150000.0 and parse_amount("฿1,200") == 1200.0
    assert parse_amount("-") is None and parse_amount("") is None
    assert parse_amount("1,23,456") is None and parse_amount("ห้าหมื่น") is None
    assert parse_thai_date("5/10/2567") == parse_thai_date("5 ต.ค. 67") == date(2024, 10, 5)
    assert parse_thai_date("๕ ตุลาคม ๒๕๖๗") == parse_thai_date("2024-10-05") == date(2024, 10, 5)
    assert parse_thai_date(45570) == parse_thai_date("45570") == date(2024, 10, 5)
    assert parse_thai_date(datetime(2567, 10, 5)) == date(2024, 10, 5)     # a BE year typed in
    assert parse_thai_date("31/2/2567") is None and parse_thai_date(2567) is None
    # a 2-digit year up to 42 is Gregorian (a workbook exported with CE dates), above it BE
    assert parse_thai_date("5/10/24") == parse_thai_date("5/10/67") == date(2024, 10, 5)
    assert parse_thai_date("5 ต.ค. 24") == date(2024, 10, 5)
    assert parse_thai_date("1/1/00") == date(2000, 1, 1) == parse_thai_date("1/1/43")
    assert parse_thai_date("31/12/42") == date(2042, 12, 31)
    assert parse_thai_date("31/12/99") == date(2056, 12, 31)
    assert split_contract("สัญญาเลขที่ 12/2567 ลงวันที่ 5 ต.ค. 2567") == ("12/2567",
                                                                         date(2024, 10, 5), True)
    assert split_supplier_price("หจก. ข ราคา 12,500 บาท (รวม VAT)") == ("หจก. ข", 12500.0, "")
    assert split_supplier_price("ร้านเจริญ 2") == ("ร้านเจริญ 2", None, "")
    assert month_of_sheet("ต.ค. 67") == 10 and month_of_sheet("ตุลาคม 2567") == 10
    assert month_of_sheet("10") == 10 and month_of_sheet("Sheet1") is None
    # a sheet (or เดือน cell) named only "ก.พ." is February, not the commission
    assert month_of_sheet("ก.พ.") == month_of_sheet("เดือน ก.พ.") == month_year_of_cell("ก. พ.")[0] == 2
    assert month_of_sheet("อ.ก.พ.") is None and month_of_sheet("ก.พ.ร.") is None
    assert month_of_sheet("ก.พ. (2567)") == month_of_sheet("สขร ก.พ.") == 2
    assert month_of_sheet("ก.พ. ปี 67") == 2
    assert field_of("1. ลำดับที่") == "seq" and field_of("ราคาที่ตกลงซื้อหรือจ้าง(บาท)") == "agreed_price"
    assert field_of("ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง") == "supplier_and_price"
    assert header_key("(3) วงเงินงบประมาณ\n(บาท)") == "วงเงินงบประมาณ"
    assert field_of("จำนวนรายการ") is None and field_of("วงเงิน (บาท)") == "budget"
    assert map_header(["จำนวนรายการที่ซื้อ", "รายการ", "วิธีซื้อ/จ้าง"]) == {"item": 1, "method": 2}


amounts = st.decimals(min_value=0, max_value=10**10, places=2, allow_nan=False,
                      allow_infinity=False)
AMOUNT_STYLES = (lambda v: f"{v:,.2f}", lambda v: f"{v:.2f}", lambda v: f"{v:,.2f} บาท",
                 lambda v: to_thai_digits(f"{v:,.2f}"), lambda v: f" {v:,.2f}\u00a0",
                 lambda v: f"฿{v:,.2f}", lambda v: float(v))


@settings(max_examples=150, deadline=None)
@given(amounts, st.sampled_from(AMOUNT_STYLES))
def test_formatted_amounts_round_trip(value, style):
    written = style(value)
    assert parse_amount(written) == pytest.approx(float(value), abs=1e-6)
    series, bad = amount_series(pd.Series([written, "-", None], dtype=object))
    assert series.iloc[0] == pytest.approx(float(value), abs=1e-6) and not bad.any()


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_whole_amounts_with_dash_round_trip(value):
    assert parse_amount(f"{value:,}.-") == value


days = st.dates(min_value=date(1958, 1, 1), max_value=date(2099, 12, 31))
DATE_STYLES = (
    lambda d: f"{d.day}/{d.month}/{d.year + 543}",
    lambda d: f"{d.day}-{d.month}-{d.year}",
    lambda d: f"{d.day} {thai_full_months[d.month - 1]} {d.year + 543}",
    lambda d: f"วันที่ {d.day} {thai_full_months[d.month - 1]} พ.ศ. {d.year + 543}",
    lambda d: to_thai_digits(f"{d.day} {thai_abbr_months[d.month - 1]} {d.year + 543}"),
    lambda d: d.isoformat(),
    lambda d: datetime(d.year, d.month, d.day, 13, 30),
    lambda d: (d - date(1899, 12, 30)).days,
)
# A 2-digit year names one day of 2000-2056: 43-99 are BE (2543-2599), 00-42 CE (2000-2042).
be_two_digit_days = st.dates(min_value=date(2000, 1, 1), max_value=date(2056, 12, 31))
ce_two_digit_days = st.dates(min_value=date(2000, 1, 1), max_value=date(2042, 12, 31))
BE_TWO_DIGIT_STYLES = (
    lambda d: f"{d.day:02d}/{d.month:02d}/{(d.year + 543) % 100:02d}",
    lambda d: f"{d.day} {thai_abbr_months[d.month - 1]} {(d.year + 543) % 100:02d}",
)
CE_TWO_DIGIT_STYLES = (
    lambda d: f"{d.day}/{d.month}/{d.year % 100:02d}",
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}",
)


def assert_reads_back(day: date, written: object) -> None:
    assert parse_thai_date(written) == day
    series, bad = date_series(pd.Series([written, None], dtype=object))
    assert series.iloc[0].date() == day and not bad.any()
    assert numeric_order(numeric_match(written)) in ("day_first", "either", None)


@settings(max_examples=200, deadline=None)
@given(days, st.sampled_from(DATE_STYLES))
def test_formatted_dates_round_trip(day, style):
    assert_reads_back(day, style(day))


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.tuples(be_two_digit_days, st.sampled_from(BE_TWO_DIGIT_STYLES)),
                 st.tuples(ce_two_digit_days, st.sampled_from(CE_TWO_DIGIT_STYLES))))
def test_two_digit_years_round_trip(case):
    day, style = case
    assert_reads_back(day, style(day))


@settings(max_examples=100, deadline=None)
@given(st.lists(days, min_size=1, max_size=6), days.filter(lambda d: d.day > 12))
def test_month_first_columns_round_trip(column, telling):
    written = [f"{d.month}/{d.day}/{d.year + 543}" for d in (*column, telling)]
    first = next(i for i, d in enumerate((*column, telling)) if d.day > 12)
    orders = [numeric_order(numeric_match(text)) for text in written]
    assert "day_first" not in orders and orders[first] == "month_first"
    series, bad = date_series(pd.Series(written, dtype=object), month_first=True)
    assert [d.date() for d in series] == [*column, telling] and not bad.any()


garbage = st.one_of(st.text(max_size=60), st.binary(max_size=20), st.integers(),
                    st.floats(allow_nan=True, allow_infinity=True), st.none(), st.booleans(),
                    st.dates(), st.lists(st.integers(), max_size=3))


@settings(max_examples=300, deadline=None)
@given(garbage)
def test_parsers_never_raise(value):
    parse_amount(value)
    parse_thai_date(value)
    split_contract(value)
    split_supplier_price(value)
    if not isinstance(value, list):
        amount_series(pd.Series([value], dtype=object))
        date_series(pd.Series([value], dtype=object))
        numeric_order(numeric_match(value))


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.text(alphabet="0123456789,.-+eEinfaINFAty ๑๒_\x1c\x1f\u00a0\u200b", max_size=12),
    st.sampled_from(["1e6", "1.5E+06", "inf", "-Infinity", "nan", "NaN", "1_000", " 45 ",
                     "๑๒๓", "2,500.00", "12,34", "\x1c45", "1,234\x1f"])))
def test_the_column_reader_agrees_with_the_cell_reader(text):
    """amount_series reads plain numbers in one pass; whatever it reads, read_amount reads
    the same ("1e6" and "inf" were amounts to the one and unreadable to the other)."""
    value, readable = read_amount(text)
    series, bad = amount_series(pd.Series([text], dtype=object))
    assert bool(bad.iloc[0]) == (not readable)
    if value is None:
        assert pd.isna(series.iloc[0])
    else:
        assert series.iloc[0] == pytest.approx(value)


# --------------------------------------------------------------------------- synthetic tables

def found(defect, findings):
    if defect.get("month"):
        return any(f.check == "month_missing" and f.month == defect["month"] for f in findings)
    if "rows" in defect:
        return any(f.check == defect["check"] and f.rows is not None
                   and sorted(map(list, f.rows)) == sorted(defect["rows"]) for f in findings)
    return any((f.check, f.sheet, f.row) == (defect["check"], defect["sheet"], defect["row"])
               for f in findings)


@pytest.mark.parametrize("layout, sheets, suffix", [("ita", "monthly", ".xlsx"),
                                                    ("sorkhor1", "monthly", ".xlsx"),
                                                    ("ita", "single", ".csv"),
                                                    ("sorkhor1", "single", ".csv")])
def test_synthetic_anomalies_found_and_clean_rows_quiet(tmp_path, layout, sheets, suffix):
    table = generate_table(7, FY, layout=layout, sheets=sheets, anomaly_rate=0.05)
    path = table.write(tmp_path / f"synthetic{suffix}")
    audit = run_procurement_audit(path, FY)
    checks = {d["check"] for d in table.defects}
    expected = set(CHECKS) - {"year_end_specific", "vendor_concentration", "sheet_skipped",
                              "date_order",        # a sheet's property, tested on its own
                              "month_statement"}   # not injected: tested on its own
    if layout == "sorkhor1":
        expected -= {"fiscal_year"}
    assert checks == expected
    missed = [d for d in table.defects if not found(d, audit.findings)]
    assert missed == []
    noisy = [f for f in audit.findings if f.severity in ("error", "warning")
             and (f.sheet, f.row) in table.clean_rows]
    assert noisy == []
    assert audit.summary()["rows"] == table.rows


def test_synthetic_is_deterministic():
    first = generate_table(3, FY, rows_per_month=5, layout="sorkhor1")
    second = generate_table(3, FY, rows_per_month=5, layout="sorkhor1")
    assert first.defects == second.defects
    assert all(first.sheets[name].equals(second.sheets[name]) for name in first.sheets)
    assert generate_table(4, FY, rows_per_month=5).defects != first.defects


def test_synthetic_workbook_layout(tmp_path):
    import openpyxl
    path = generate_table(1, FY, rows_per_month=3).write(tmp_path / "s.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    assert sheet.title == "ต.ค. 66" and "A1:O1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A2"].value == "ลำดับที่" and len(book.worksheets) == 11
    with pytest.raises(ValueError, match="one sheet"):
        generate_table(1, FY, rows_per_month=3).write(tmp_path / "s.csv")


# --------------------------------------------------------------------------- benchmark smoke

@pytest.mark.slow     # runs the procurement benchmark (1 s)
def test_benchmark_smoke(capsys):
    spec = importlib.util.spec_from_file_location("procurement_bench",
                                                  ROOT / "benchmarks" / "procurement.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    result = bench.run_case(600, "csv", inline=True)
    assert result["found"] == result["injected"] > 0 and result["false_flags"] == 0
    assert result["rows"] >= 600 and result["parse_rps"] > 0
    assert bench.main(["--rows", "300", "--inline"]) == 0
    last = capsys.readouterr().out.strip().split("\n")[-1]
    assert last.startswith("RESULT rows=300 ") and "csv_300_parse_s=" in last
    assert "sheets12_300_source=xlsx" in last and "recall=1.000" in last


def test_no_frame_columns_lost_in_a_round_trip(ita, tmp_path):
    path = write_normalised(ita.table, tmp_path / "p.tsv")
    back = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    assert list(back.columns) == list(FRAME_COLUMNS) and len(back) == len(ita.table.frame)
    assert np.array_equal(back["row"].astype(int).to_numpy(),
                          ita.normalised()["row"].to_numpy())


def test_a_quote_never_closed_names_the_line_it_opens(tmp_path):
    text = SORKHOR1.read_text(encoding="utf-8-sig").rstrip("\n") + "\n"
    path = tmp_path / "unclosed.csv"
    path.write_text(text + '9,จัดซื้อวัสดุ,"1,000\n10,จ้างเหมา,2000\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_procurement(path)
    message = one_line(caught.value)
    line = text.count("\n") + 1
    assert message.startswith(f"{path}:line {line}: malformed CSV: the quoted cell")
    assert "never closed" in message and caught.value.exit_code == 2


def test_carriage_returns_end_lines_as_in_pandas(tmp_path, sorkhor1):
    """Old Mac line ends (a lone CR) end records, also for the width the reader counts."""
    path = tmp_path / SORKHOR1.name
    path.write_bytes(SORKHOR1.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    frame, want = load_procurement(path).frame, sorkhor1.table.frame
    assert len(frame) == len(want) == 6
    assert frame.equals(want)


def test_a_cell_over_the_csv_limit_is_an_input_error(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("ลำดับที่,งานที่จัดซื้อ\n1," + "ก" * 2000 + "\n", encoding="utf-8")
    with csv_field_limit(1000), pytest.raises(InputError) as caught:
        load_procurement(path)
    message = one_line(caught.value)
    assert message.startswith(f"{path}:line 2: malformed CSV record: field larger than")
    assert "under 1,000 characters" in message


def test_contract_date_findings_carry_dates_shown_the_thai_way():
    audit = run_procurement_audit(ROOT / "data/synthetic/2568/syn-0001-procurement.xlsx", 2568,
                                  agency="syn-0001")
    found = [f for f in audit.findings if f.check == "contract_dates"]
    shown = audit.findings_frame()
    shown = shown[shown["การตรวจ"] == "contract_dates"][["ค่าที่ควรเป็น", "ค่าที่พบ"]]
    assert shown.values.tolist() == [["03/05/2568", "20/04/2568"],
                                     ["01/10/2567–30/09/2568", "27/07/2567"]]
    assert sorted(json.dumps(f.to_json()["expected"]) for f in found) == [
        '"2025-05-03"', '["2024-10-01", "2025-09-30"]']
