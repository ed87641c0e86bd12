"""The one rule for numbers in records (ita_audit.view.numbers)."""
from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from decimal import Decimal as D
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ita_audit.view.numbers import format_frame, format_number, format_value
from ita_audit.view.tables import show

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("value, shown", [
    (1856, "1,856"), (0, "0"), (-33, "-33"), (np.int64(2235), "2,235"),
    (D("1856"), "1,856"), (D("47011.31"), "47,011.31"), (D("2.50"), "2.50"), (D("-20"), "-20"),
    (62.79, "62.79"), (100.0, "100.00"), (0.5, "0.50"), (np.float64(1234.5), "1,234.50"),
    (None, "-"), (float("nan"), "-"), (pd.NA, "-"), (True, "True"), ("ข้อความ", "ข้อความ"),
])
def test_format_number(value, shown):
    assert format_number(value) == shown


def test_format_frame_keeps_labels_and_formats_each_kind_of_column():
    frame = pd.DataFrame({"ปีงบประมาณ": [2562, 2561], "บรรทัด": [1234, 56],
                          "จำนวน": [1856, 2235], "คะแนน": [62.79, 100.0],
                          "ตามรายงาน": [D("47011.31"), D("2.50")],
                          "ผ่าน": pd.array([27, None], dtype="Int64"),
                          "ปน": ["D", 17]})
    shown = format_frame(frame)
    assert shown.to_dict(orient="list") == {
        "ปีงบประมาณ": [2562, 2561], "บรรทัด": [1234, 56], "จำนวน": ["1,856", "2,235"],
        "คะแนน": ["62.79", "100.00"], "ตามรายงาน": ["47,011.31", "2.50"], "ผ่าน": ["27", "-"],
        "ปน": ["D", "17"]}
    assert frame["จำนวน"].tolist() == [1856, 2235]            # the caller's frame is untouched
    assert "<td>1,856</td>" in show(frame).markup and "<td>2562</td>" in show(frame).markup


def test_the_hr_record_prints_counts_as_whole_numbers_with_separators():
    notebook = json.loads((ROOT / "audits" / "2562" / "sso" / "hr_audit.ipynb").read_text())
    html = "".join("".join(o["data"]["text/html"]) for c in notebook["cells"]
                   for o in c.get("outputs", []) if "text/html" in o.get("data", {}))
    cells = re.findall(r"<td>([^<]*)</td>", html)
    assert not [c for c in cells if re.fullmatch(r"-?[0-9,]+\.0", c)]     # no 1856.0
    assert not [c for c in cells if re.fullmatch(r"[0-9]{5,}(\.[0-9]+)?", c)]   # no 47011.31
    assert "1,856" in cells and "2,235" in cells


def test_a_table_without_rows_can_be_a_sentence_instead():
    empty = pd.DataFrame(columns=["ข้อ", "ชื่อ"])
    assert show(empty, empty="ไม่มี <ข้อ>").markup == "<p>ไม่มี &lt;ข้อ&gt;</p>"
    assert "<table" in show(empty).markup                         # asked for no sentence
    assert "<table" in show(pd.DataFrame({"ข้อ": ["O1"]}), empty="ไม่มี").markup


@pytest.mark.parametrize("value, shown", [
    (84200.0, "84,200"), (1234.5, "1,234.50"), (0.4567, "0.46"), (Decimal("1234.50"), "1,234.50"),
    (2566, "2566"), (3, "3"), (None, ""), (True, "True"),
    (date(2025, 4, 20), "20/04/2568"),
    ((date(2024, 10, 1), date(2025, 9, 30)), "01/10/2567–30/09/2568"),     # a range
    ([date(2024, 10, 1), date(2025, 9, 30)], "01/10/2567, 30/09/2568"),     # two dates
    ("2366-10-01", "2366-10-01"),            # a cell's raw text is never rewritten as a date
    ("1..3 ...", "1..3 ..."),
    (["รายชื่อผู้ประกอบการ", "วงเงิน"], "รายชื่อผู้ประกอบการ, วงเงิน"),
    ((date(2025, 1, 2), 5000.0), "02/01/2568, 5,000"),
    ({"top_share": 0.5, "hhi": 0.25}, "top_share 0.50; hhi 0.25"),
    ("ไม่ซ้ำ", "ไม่ซ้ำ"),
])
def test_format_value_writes_a_finding_value_as_a_reader_reads_it(value, shown):
    assert format_value(value) == shown


def test_a_named_index_heads_its_column_in_the_one_header_row():
    frame = pd.DataFrame({"ผล": [1, 2]}, index=pd.Index(["คะแนน OIT", "ระดับ"], name="รายการ"))
    markup = show(frame, index=True).markup
    assert markup.count("<tr") == 3                     # one header row, two rows of data
    assert "<thead><tr style=\"text-align: right;\"><th>รายการ</th><th>ผล</th></tr></thead>" \
        in markup
    assert frame.index.name == "รายการ" and frame.columns.name is None     # the caller's frame
    two = pd.DataFrame({"ผล": [1]}, index=pd.MultiIndex.from_tuples([("a", "b")], names=["x", "y"]))
    assert "<th>x</th>" in show(two, index=True).markup                   # left as pandas has it


def test_the_parameters_table_reads_as_a_params_file() -> None:
    """A record's parameters as an auditor wrote them (it showed Python: "{'O19': {'verdict':
    'fail', …}}" and "'sso'"): one row per key of a mapping, lists joined, nothing as "-"."""
    from ita_audit.view.tables import provenance_frames

    frame = provenance_frames({"inputs": [], "packages": {}, "parameters": {
        "agency": "sso", "fiscal_year": 2566, "params_file": "", "evidence": None,
        "policy_items": ["O31", "O39"], "overrides": {"O19": {"verdict": "fail", "note": "ไม่มี",
                                                             "by": "ผู้ตรวจ"}},
        "thresholds": {}}})["parameters"]
    assert frame.values.tolist() == [
        ["agency", "sso"], ["fiscal_year", "2566"], ["params_file", "-"], ["evidence", "-"],
        ["policy_items", "O31, O39"], ["overrides.O19.verdict", "fail"],
        ["overrides.O19.note", "ไม่มี"], ["overrides.O19.by", "ผู้ตรวจ"], ["thresholds", "-"]]


def test_finding_dates_read_in_buddhist_era() -> None:
    """The dates the checks record (ISO, for the JSON) show as BE dates in the findings table
    (the policy record showed '<= 2015-12-29' beside 'ประกาศ ณ วันที่ 29 ธันวาคม 2558')."""
    from ita_audit.findings import Finding
    from ita_audit.view.tables import findings_frame, thai_dates

    assert thai_dates("<= 2015-12-29") == "ไม่หลัง 29/12/2558"
    assert thai_dates("2023-01-01..2023-12-31") == "01/01/2566 ถึง 31/12/2566"
    assert thai_dates("ปี 2566, 5 ต.ค. 67") == "ปี 2566, 5 ต.ค. 67"
    assert thai_dates("2016-02-30") == "2016-02-30"                 # no such day: as it is
    frame = findings_frame([Finding("date.fiscal_year", "announcement", 2566,
                                    "2022-10-01..2023-09-30", "2016-11-17", "error", "ก่อนปี")])
    assert frame[["ค่าที่ควรเป็น", "ค่าที่รายงาน"]].values.tolist() == [
        ["01/10/2565 ถึง 30/09/2566", "17/11/2559"]]
