"""The procurement audit as a kind: the command's JSON contract, the terminal table, the
synthetic workspace with procurement tables, and the committed record."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import run_cli

from ita_audit.kinds import BY_NAME, identify

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "data" / "synthetic" / "2568" / "syn-0001-procurement.xlsx"
DEFECTS = ROOT / "data" / "synthetic" / "2568" / "syn-0001-procurement-defects.json"


def _found(findings: list[dict]) -> set[tuple[str, str, int]]:
    return {(f["check"], f["sheet"], f["row"]) for f in findings if f.get("row") is not None}


def test_json_contract_and_every_injected_anomaly_of_the_committed_table() -> None:
    done = run_cli("procurement", "--data", TABLE, "--fiscal-year", "2568", "--agency",
                   "syn-0001", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) >= {"rows", "sheets", "findings", "summary"}
    assert data["rows"] == 219 and len(data["sheets"]) == 11
    assert all({"check", "severity", "message"} <= set(f) for f in data["findings"])
    found = _found(data["findings"])
    checks = {f["check"] for f in data["findings"]}
    for defect in json.loads(DEFECTS.read_text(encoding="utf-8"))["defects"]:
        if "row" in defect:
            assert (defect["check"], defect["sheet"], defect["row"]) in found, defect
        else:
            assert defect["check"] in checks, defect
    assert "a flag marks a risk, not proof" in data["note"]


def test_strict_exits_1_on_error_findings_and_the_table_names_rows() -> None:
    done = run_cli("procurement", "--data", TABLE, "--fiscal-year", "2568", "--strict")
    assert done.returncode == 1
    assert "split_purchase" in done.stdout and "A flag marks a risk, not proof." in done.stdout


def test_the_kind_is_registered_and_identifies_its_csv() -> None:
    kind = BY_NAME["procurement"]
    assert kind.notebook == "procurement_audit" and kind.input_key == "procurement"
    assert (ROOT / "notebooks" / "procurement_audit.ipynb").is_file()
    csv = (ROOT / "tests" / "fixtures" / "procurement" / "sorkhor1-2567.csv").read_text("utf-8")
    assert identify(csv) == kind.document


@pytest.mark.slow
def test_synthetic_workspace_with_procurement(tmp_path: Path) -> None:
    out = tmp_path / "syn"
    done = subprocess.run([sys.executable, "-m", "ita_audit.cli", "synthetic", "--n", "2",
                           "--fiscal-year", "2568", "--out", str(out), "--procurement"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    params = yaml.safe_load((out / "params" / "2568" / "syn-0002.yaml").read_text("utf-8"))
    assert params["notebooks"] == ["oit_audit", "procurement_audit"]
    assert Path(params["procurement"]) == out / "procurement" / "syn-0002.xlsx"
    report = json.loads((out / "procurement-defects.json").read_text("utf-8"))
    assert [a["agency"] for a in report["agencies"]] == ["syn-0001", "syn-0002"]
    audit = run_cli("procurement", "--data", params["procurement"], "--fiscal-year", "2568",
                    "--format", "json")
    found = _found(json.loads(audit.stdout)["findings"])
    for defect in report["agencies"][1]["defects"]:
        if "row" in defect:
            assert (defect["check"], defect["sheet"], defect["row"]) in found, defect


def test_synthetic_procurement_refuses_served(tmp_path: Path) -> None:
    done = run_cli("synthetic", "--n", "1", "--out", tmp_path / "s", "--served",
                   "--procurement", "--fiscal-year", "2566")
    assert done.returncode == 2 and "--procurement cannot be combined with --served" in done.stderr


def test_committed_record_summary() -> None:
    manifest = json.loads((ROOT / "audits" / "2568" / "syn-0001" / "manifest.json")
                          .read_text(encoding="utf-8"))
    summary = manifest["summary"]["procurement"]
    assert summary["rows"] == 219 and summary["split_groups"] == 1
    assert summary["findings"]["error"] >= 1
    assert (ROOT / "data/agencies/syn-0001/2568/procurement.tsv").is_file()


# --------------------------------------------------------------------------- what the record shows
# The committed table's record, as a reviewer reads it: the figures below are this table's.

@pytest.fixture(scope="module")
def committed():
    from ita_audit.procurement.audit import run_procurement_audit

    return run_procurement_audit(TABLE, 2568, agency="syn-0001")


def test_split_group_total_is_the_sum_of_the_budgets_it_shows(committed) -> None:
    """มาตรา 65's rule adds up each row's budget (วงเงิน), not the agreed price: the table
    shows that column and labels the total as its sum; the finding names both figures."""
    groups = committed.split_groups()
    assert groups["แถว"].tolist() == [24, 25, 26]
    assert groups["วงเงินที่จะซื้อหรือจ้าง (บาท)"].tolist() == [284100.0, 262000.0, 295200.0]
    assert groups["ราคาที่ตกลง (บาท)"].tolist() == [261891.54, 225535.81, 233828.78]
    assert set(groups["วงเงินรวมในกลุ่ม (บาท)"]) == {841300.0}
    assert round(groups["วงเงินที่จะซื้อหรือจ้าง (บาท)"].sum(), 2) == 841300.0
    split = next(f for f in committed.findings if f.check == "split_purchase")
    assert ("วงเงินงบประมาณครั้งละไม่เกิน 500,000.00 บาท แต่รวม 841,300.00 บาท "
            "(ราคาที่ตกลงรวม 721,256.13 บาท)") in split.message
    assert (split.expected, split.actual) == (500000.0, 841300.0)


def test_every_month_of_the_fiscal_year_is_shown(committed, caplog) -> None:
    """December (a sheet saying nothing was bought) and June (nothing at all) are months of
    the table and the chart, whose labels are the short Thai months with the BE year and do
    not overlap."""
    import logging
    import warnings

    from matplotlib.text import Text

    from ita_audit.procurement.charts import NOTHING, spending_by_month

    months = committed.by_month_method()
    assert len(months) == 12 and months.index[0] == "ตุลาคม 2567"
    assert months.index[-1] == "กันยายน 2568"
    assert months.loc["ธันวาคม 2567", ["จำนวนรายการ", "รวม", "หมายเหตุ"]].tolist() == [
        0, 0.0, "แจ้งว่าไม่มีการจัดซื้อจัดจ้าง"]
    assert months.loc["มิถุนายน 2568", ["จำนวนรายการ", "รวม", "หมายเหตุ"]].tolist() == [
        0, 0.0, "ไม่มีรายการ"]
    assert months["จำนวนรายการ"].sum() == 219
    chart = spending_by_month(committed)
    with caplog.at_level(logging.WARNING), warnings.catch_warnings():
        warnings.simplefilter("error")                  # a missing Thai glyph warns
        chart.png()
    assert not [r for r in caplog.records if "glyph" in r.getMessage().lower()]
    ax = chart.figure.axes[0]
    labels = ax.get_xticklabels()
    assert [t.get_text() for t in labels] == [
        "ต.ค. 67", "พ.ย. 67", "ธ.ค. 67", "ม.ค. 68", "ก.พ. 68", "มี.ค. 68", "เม.ย. 68",
        "พ.ค. 68", "มิ.ย. 68", "ก.ค. 68", "ส.ค. 68", "ก.ย. 68"]
    renderer = chart.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert all(a.x1 < b.x0 for a, b in zip(boxes, boxes[1:]))         # readable, side by side
    nothing = [t for t in ax.texts if t.get_text() == NOTHING]
    assert sorted(round(t.get_position()[0]) for t in nothing) == [2, 8]  # ธ.ค. and มิ.ย.
    assert {t.get_fontname() for t in chart.figure.findobj(Text) if t.get_text()} == {"Loma"}


def test_the_two_agreed_totals_say_what_they_cover(committed) -> None:
    """The summary's total is of every row; the concentration's leaves out the row naming no
    supplier (เม.ย. 68 row 8, 83,951.68 baht), and both say so."""
    from ita_audit.procurement.report import summary_frame

    summary = committed.summary()
    assert summary["total_agreed"] == 104568424.08
    concentration = summary["concentration"]
    assert concentration["total"] == 104484472.4
    assert concentration["no_supplier"] == {"rows": 1, "amount": 83951.68}
    assert round(concentration["total"] + concentration["no_supplier"]["amount"], 2) == 104568424.08
    shown = summary_frame(committed)["ค่า"]
    assert shown["ราคาที่ตกลงรวมทุกรายการ (บาท)"] == "104,568,424.08"
    assert shown["ราคาที่ตกลงรวมของรายการที่ระบุผู้ประกอบการ (บาท)"] == "104,484,472.40"
    vendors = next(f for f in committed.findings if f.check == "vendor_concentration")
    assert ("ของราคาที่ตกลงรวม 104,484,472.40 บาท ของรายการที่ระบุผู้ประกอบการ (ไม่นับ 1 รายการ"
            "ที่ไม่ระบุผู้ประกอบการ ราคาที่ตกลง 83,951.68 บาท)") in vendors.message
    assert round(committed.top_suppliers(1)["สัดส่วน (%)"].iloc[0] / 100, 4) == concentration[
        "top_share"]


def test_shares_read_as_thai_percentages_and_stay_fractions_in_the_json(committed) -> None:
    from ita_audit.procurement.report import findings_frame, summary_frame

    frame = findings_frame(committed).set_index("การตรวจ")
    shown = frame.loc["year_end_specific", ["ค่าที่ควรเป็น", "ค่าที่พบ"]].tolist()
    assert shown == ["ร้อยละ 35", "ร้อยละ 29.3"]
    assert "คิดเป็นร้อยละ 29.3 ไม่เกินเกณฑ์ร้อยละ 35" in frame.loc["year_end_specific", "รายละเอียด"]
    assert frame.loc["vendor_concentration", ["ค่าที่ควรเป็น", "ค่าที่พบ"]].tolist() == [
        "รายใหญ่สุด ร้อยละ 50; HHI 2,500", "รายใหญ่สุด ร้อยละ 10.2; HHI 547"]
    summary = summary_frame(committed)["ค่า"]
    assert summary["สัดส่วนวิธีเฉพาะเจาะจงในเดือนท้ายปี"] == "ร้อยละ 29.3"
    assert summary["สัดส่วนผู้ประกอบการรายใหญ่สุด"] == "ร้อยละ 10.2"
    findings = {f["check"]: f for f in committed.to_json()["findings"]}
    assert (findings["year_end_specific"]["expected"], findings["year_end_specific"]["actual"]) == (
        0.35, 0.2932)
    assert findings["vendor_concentration"]["actual"] == {"top_share": 0.1024, "hhi": 547.3}


def test_the_record_is_in_thai(committed) -> None:
    """The risk note under the record's header has no English; the JSON's note keeps it."""
    import re

    from ita_audit.procurement.report import header

    note = re.search(r"<em>(.*?)</em>", header(committed, "หน่วยงานสังเคราะห์").markup).group(1)
    assert note == ("ข้อสังเกตเป็นสัญญาณความเสี่ยงที่ควรตรวจสอบเพิ่มเติม ไม่ใช่หลักฐานว่ามีการทุจริต"
                    "หรือทำผิดระเบียบ")
    assert committed.to_json()["note"].endswith("(a flag marks a risk, not proof)")


def test_each_section_says_what_it_shows(committed) -> None:
    """§5 draws agreed against reference prices and shows no table: its heading is the
    chart's title, its text mentions no table."""
    from ita_audit.procurement.charts import prices

    cells = json.loads((ROOT / "notebooks" / "procurement_audit.ipynb").read_text("utf-8"))["cells"]
    at = next(i for i, c in enumerate(cells) if "charts.prices(audit)" in "".join(c["source"]))
    assert "show(" not in "".join(cells[at]["source"])
    heading, _, words = "".join(cells[at - 1]["source"]).partition("\n")
    title = prices(committed).title
    assert title == "ราคาที่ตกลงเทียบราคากลาง (บาท)"
    assert heading == f"## 5. {title.removesuffix(' (บาท)')}"
    assert "ตาราง" not in words and "ราคากลาง" in words


def test_severities_read_as_in_every_other_record(committed) -> None:
    """The procurement record called them ข้อผิดพลาด / ข้อควรระวัง / ข้อมูล where every other
    record says ผิดพลาด / เตือน / ข้อสังเกต (visual review)."""
    from ita_audit.procurement.report import findings_frame, summary_sentence
    from ita_audit.view.tables import SEVERITY_TH

    audit = committed
    shown = set(findings_frame(audit)["ระดับ"])
    assert shown == {SEVERITY_TH[f.severity] for f in audit.findings} == {"ผิดพลาด", "เตือน",
                                                                          "ข้อสังเกต"}
    assert " ข้อสังเกต " in summary_sentence(audit)
