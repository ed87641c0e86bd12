"""The integrity-plan parser and checks, against the real MSDHS 2565 progress report."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pythainlp.util.date import thai_abbr_months

from ita_audit.cli import main
from ita_audit.errors import InputError
from ita_audit.plan.audit import run_plan_audit
from ita_audit.plan.checks import check_plan, completion, pending_phrases, requirement_view
from ita_audit.plan.parse import (
    clean_cell,
    load_plan_report,
    numbered_items,
    oit_items,
    parse_owners,
    parse_periods,
    status_blocks,
    steps_of,
    write_measures,
)
from ita_audit.thai import to_thai_digits

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "data" / "raw" / "msdhs-ops-ita-improvement-progress-2565.txt"
HEADER = "ประเด็นที่ต้องปรับปรุง\tแนวทาง/มาตรการ การดำเนินการ\tระยะเวลา ดำเนินการ\tผู้รับผิดชอบ\tความก้าวหน้าผลการดำเนินการ"
DONE = '<input type="checkbox"/> ยังไม่ได้ดำเนินการ <input checked="" type="checkbox"/> ดำเนินการ'
TODO = '<input checked="" type="checkbox"/> ยังไม่ได้ดำเนินการ <input type="checkbox"/> ดำเนินการ'


@pytest.fixture(scope="module")
def seed():
    return load_plan_report(SEED)


@pytest.fixture(scope="module")
def audit():
    return run_plan_audit(SEED, 2565, agency="msdhs-ops")


def _write(tmp_path: Path, rows: list[str], preamble: str = "วันพุธที่ ๑๖ มีนาคม ๒๕๖๕\n"
           "รายงานความก้าวหน้า ปี พ.ศ.๒๕๖๕ กรมตัวอย่าง\n") -> Path:
    path = tmp_path / "plan.txt"
    path.write_text(preamble + "\n" + HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the real report

def test_report_facts(seed):
    assert seed.plan_year == 2565
    assert seed.report_date == date(2022, 3, 21)
    assert seed.report_date_raw == "๒๑ มีนาคม ๒๕๖๕"
    assert seed.report_date_line == 4
    assert seed.weekday == "พฤหัสบดี"
    assert seed.agency == "สำนักงานปลัดกระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์"


def test_all_ten_indicators_with_stated_scores(seed):
    assert [i.number for i in seed.indicators] == list(range(1, 11))
    assert [i.score for i in seed.indicators] == [Decimal(s) for s in (
        "91.75", "82.36", "86.46", "83.64", "84.03", "89.46", "88.55", "85.26", "100", "100")]
    assert [i.tool for i in seed.indicators] == ["IIT"] * 5 + ["EIT"] * 3 + ["OIT"] * 2
    assert [i.line for i in seed.indicators] == [11, 16, 25, 34, 40, 49, 55, 60, 68, 94]
    assert [i.name for i in seed.indicators][:3] == ["การปฏิบัติหน้าที่", "การใช้งบประมาณ",
                                                     "การใช้อำนาจ"]
    assert seed.indicator(9).score_label == "คะแนนรวม"
    assert seed.indicator(3).score_raw == "๘๖.๔๖"


def test_every_measure_is_read(seed):
    assert [len(i.measures) for i in seed.indicators] == [4, 5, 5, 2, 5, 3, 4, 3, 11, 4]
    assert all(m.status == "done" for m in seed.measures)
    assert [m.id for m in seed.indicator(5).measures] == ["5.1", "5.2", "5.3", "5.4", "5.5"]


def test_one_numbered_text_with_three_status_blocks(seed):
    m1, m2, m3, m4 = seed.indicator(1).measures
    assert (m1.period.start, m1.period.end) == (date(2022, 1, 1), date(2022, 2, 28))
    assert (m2.period.start, m3.period.end) == (date(2022, 1, 1), date(2022, 1, 31))
    assert [m.owners for m in (m1, m2, m3)] == [("กตร. (ศูนย์ ๑๓๐๐)",), ("กพบ.",), ("ศปท.",)]
    assert m1.text == m2.text == m3.text and m1.shared == ("text",)
    assert (m1.number, m2.number, m4.number) == (1, None, None)
    assert m2.narrative.endswith("ช่วงต้นเดือนมกราคม ๒๕๖๔")
    assert m4.text == "ขับเคลื่อนนโยบาย No Gift Policy ในการปฏิบัติหน้าที่" and m4.line == 15


def test_two_numbered_measures_share_one_status(seed):
    m1, m2 = seed.indicator(5).measures[:2]
    assert (m1.number, m2.number) == (1, 2)
    assert m1.text == "มีการประกาศนโยบายต่อต้านการทุจริตของผู้บริหารสูงสุด"
    assert set(m2.shared) == {"status", "period", "owner"}
    assert m1.narrative == m2.narrative == "ดำเนินการเรียบร้อยแล้วเมื่อเดือนธันวาคม ๒๕๖๔"


def test_page_break_continuations_join_the_previous_measure(seed):
    m23 = seed.indicator(2).measures[2]
    assert "สถานคุ้มครองผู้เสียหายจากการค้ำมนุษย์ ทั้ง ๘ แห่ง" in m23.narrative
    assert (20, "narrative") in {(line, f) for line, f, _ in m23.texts}
    m35 = seed.indicator(3).measures[4]
    assert m35.narrative.startswith("- มีการประกาศเจตนารมณ์ต่อต้านการทุจริต")
    m62 = seed.indicator(6).measures[1]
    assert m62.narrative.endswith("ระบบการใช้ความช่วยเหลือผู้ประสบปัญหาทางสังคม")
    assert seed.indicator(6).measures[2].narrative == "มีคู่มือแสดงบนเว็บไซต์กระทรวงฯ"


def test_periods_missing_garbled_and_ongoing(seed):
    assert seed.indicator(5).measures[4].period.status == "missing"
    garbled = {m.id: m.period.raw for m in seed.measures if m.period.status == "unparseable"}
    assert garbled == {"9.1": "๕.ค. ๖๔ - ม.ค. ๖๕", "9.2": "๕.ค.๖๔", "9.3": "จ.ค.๖๔",
                       "9.4": "จ.ค.๖๔ - มี.ค. ๖๕", "9.5": "จ.ค.๖๔ - มี.ค. ๖๕",
                       "9.6": "จ.ค.๖๔ - มี.ค. ๖๕", "10.3": "จ.ค.๖๔ - มี.ค. ๖๕"}
    assert seed.indicator(9).measures[0].period.start is None
    ongoing = seed.indicator(10).measures[0]
    assert ongoing.period.status == "ongoing"
    assert ongoing.owners == ("ผู้บริหาร สป.พม.", "ศปท.", "ทุกหน่วยงาน")


def test_oit_rows_name_their_2565_items(seed):
    items = {m.id: m.oit_items for m in seed.indicator(9).measures + seed.indicator(10).measures}
    assert items["9.1"] == ("O1", "O2", "O3", "O4", "O5", "O6")
    assert items["9.7"] == ("O18", "O19", "O20")        # O20 is on the continuation row
    assert items["9.8"] == ("O21", "O22", "O23", "O24")
    assert items["10.4"] == ("O42", "O43")
    assert len(seed.indicator(10).measures[3].steps) == 3


def test_issues_from_the_previous_assessment(seed):
    issues = seed.indicator(2).issues
    assert len(issues) == 4
    assert issues[1] == (20, "เพิ่มกลไกกำกับหน่วยงานของท่าน โดยให้มีการจัดซื้อจัดจ้าง/การจัดหา พัสดุ "
                             "และการตรวจรับพัสดุที่โปร่งใสตรวจสอบได้ ไม่เอื้อประโยชน์ให้ผู้ประกอบการรายใดรายหนึ่ง")
    assert seed.indicator(2).objective.startswith("ประเมินการรับรู้ของบุคลากรในหน่วยงาน")
    assert seed.indicator(9).issues == []


def test_findings_on_the_real_report(audit):
    errors = [(f.check, f.row, f.line) for f in audit.findings if f.severity == "error"]
    assert errors == [("date_after_report", "2.3", 20), ("date_after_report", "3.2", 27),
                      ("date_after_report", "3.5", 33), ("date_after_report", "8.2", 62),
                      ("done_but_pending", "10.3", 100), ("date_after_report", "10.4", 101)]
    counts = audit.counts()
    assert (counts["error"], counts["warning"], counts["info"]) == (6, 14, 5)
    by_check = {(f.check, f.row): f for f in audit.findings}
    assert by_check[("done_but_pending", "10.3")].actual == ["อยู่ในระหว่าง", "จะได้"]
    assert by_check[("done_but_pending", "8.2")].severity == "warning"
    assert "อาจพิมพ์ผิดจาก 2565" in by_check[("date_after_report", "8.2")].message
    assert "ถ้าเป็นปี 2564" in by_check[("date_after_report", "3.5")].message
    weekday = by_check[("weekday", None)]
    assert (weekday.expected, weekday.actual, weekday.line) == ("วันจันทร์", "วันพฤหัสบดี", 4)
    assert "31/03/2565" in weekday.message
    assert by_check[("date_before_plan", "1.2")].actual == "เดือนมกราคม ๒๕๖๔"
    assert by_check[("period", "5.5")].line == 47
    assert by_check[("oit_coverage", "O38")].severity == "info"
    below = sorted(f.table for f in audit.findings if f.check == "indicator_below_target")
    assert below == ["ตัวชี้วัดที่ 2", "ตัวชี้วัดที่ 4", "ตัวชี้วัดที่ 5"]


def test_every_measure_finding_points_at_a_measure(audit):
    ids = {m.id for m in audit.report.measures}
    for f in audit.findings:
        if f.check in ("owner", "period", "status", "done_but_pending", "date_after_report"):
            assert f.row and set(f.row.split(", ")) <= ids and f.line


def test_completion_and_requirements(seed):
    total = completion(seed)[-1]
    assert (total["measures"], total["done"], total["completion"]) == (46, 46, Decimal("100.00"))
    view = {r["measure"]: r for r in requirement_view(seed)}
    assert view["10.3"]["result"] is False and view["10.4"]["result"] is True
    assert view["5.5"]["period"] is False and view["10.1"]["period"] is True


def test_json_contract(audit):
    out = audit.to_json()
    assert set(out["indicators"][0]) >= {"number", "name", "score", "measures", "done"}
    second = out["indicators"][1]
    assert (second["number"], second["score"], second["measures"], second["done"]) == (2, 82.36, 5, 5)
    finding = out["findings"][0]
    assert set(finding) >= {"check", "table", "year", "expected", "actual", "severity", "message"}
    assert len(out["measures"]) == 46 and out["report_date"] == "2022-03-21"
    json.dumps(out, ensure_ascii=False)


def test_measures_table_is_written(seed, tmp_path):
    path = write_measures(seed, tmp_path / "plan_measures.tsv")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 47
    assert lines[1].split("\t")[:2] == ["1.1", "1"]


# --------------------------------------------------------------------------- the CLI

def test_cli_json_strict_and_bad_input(tmp_path, capsys):
    assert main(["plan", "--report", str(SEED), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [i["score"] for i in out["indicators"]][:2] == [91.75, 82.36]
    assert main(["plan", "--report", str(SEED), "--strict"]) == 1
    capsys.readouterr()
    assert main(["plan", "--report", str(SEED), "--fiscal-year", "2566", "--format", "json"]) == 0
    assert any(f["check"] == "plan_year" for f in json.loads(capsys.readouterr().out)["findings"])
    bad = tmp_path / "notes.txt"
    bad.write_text("ไม่ใช่ตาราง\n", encoding="utf-8")
    assert main(["plan", "--report", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "notes.txt" in err and "does not look like an ITA improvement-plan progress report" in err
    assert main(["plan", "--report", str(tmp_path / "missing.txt")]) == 2


# --------------------------------------------------------------------------- synthetic reports

def test_status_problems_and_overdue(tmp_path):
    both = '<input checked="" type="checkbox"/> ยังไม่ได้ดำเนินการ <input checked="" type="checkbox"/> ดำเนินการ'
    none = '<input type="checkbox"/> ยังไม่ได้ดำเนินการ <input type="checkbox"/> ดำเนินการ'
    path = _write(tmp_path, [
        "ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ (คะแนน ๘๐.๐๐)\t\t\t\t",
        f"ประเด็น\t๑. ทำสิ่งแรก\tต.ค. ๖๔\tกอง ก.\t{TODO}",
        f"\t๒. ทำสิ่งที่สอง\tเม.ย. ๖๕\t\t{both} ทำแล้ว",
        f"\t๓. ทำสิ่งที่สาม\tม.ค. ๖๕\tกอง ข.\t{none}",
        f"\t๔. ทำสิ่งที่สี่\tต.ค. ๖๕\tกอง ค.\t{DONE} อยู่ระหว่างดำเนินการ",
    ])
    audit = run_plan_audit(path, agency="demo")
    got = {(f.check, f.row) for f in audit.findings}
    assert ("overdue", "1.1") in got            # not started, period ended Oct 2564
    assert ("status", "1.2") in got and ("owner", "1.2") in got
    assert ("status", "1.3") in got
    assert ("done_but_pending", "1.4") in got
    assert ("period_in_plan_year", "1.4") in got   # ต.ค. ๖๕ is fiscal 2566
    assert ("weekday", None) not in got          # 16 March 2565 was a Wednesday
    statuses = [m.status for m in audit.report.measures]
    assert statuses == ["not_started", "contradictory", "unmarked", "done"]


def test_title_without_plan_year_is_a_finding_and_the_audited_year_stands_in(tmp_path):
    rows = ["ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ (คะแนน ๘๐.๐๐)\t\t\t\t",
            f"ประเด็น\t๑. ทำสิ่งแรก\tต.ค. ๖๕\tกอง ก.\t{DONE} ทำแล้ว"]
    path = _write(tmp_path, rows, preamble="วันพุธที่ ๑๖ มีนาคม ๒๕๖๕\nรายงานความก้าวหน้า กรมตัวอย่าง\n")
    audit = run_plan_audit(path, 2565, agency="demo")
    assert audit.report.plan_year is None and audit.fiscal_year == 2565
    year = [f for f in audit.findings if f.check == "plan_year"]
    assert [(f.severity, f.year, f.actual) for f in year] == [("error", 2565, None)]
    assert "ไม่ระบุปีของแผน" in year[0].message and "None" not in year[0].message
    assert "ปีงบประมาณ 2565 แทน" in year[0].message
    # the measure's period (ต.ค. ๖๕, fiscal 2566) is checked against the audited year
    assert ("period_in_plan_year", "1.1") in {(f.check, f.row) for f in audit.findings}
    assert audit.to_json()["plan_year"] is None

    alone = run_plan_audit(path, agency="demo")      # no year to stand in: said so
    year = [f for f in alone.findings if f.check == "plan_year"]
    assert [(f.severity, f.year) for f in year] == [("error", None)]
    assert "--fiscal-year" in year[0].message
    assert "period_in_plan_year" not in {f.check for f in alone.findings}

    stated = run_plan_audit(_write(tmp_path, rows), 2565, agency="demo")   # ปี พ.ศ.๒๕๖๕
    assert "plan_year" not in {f.check for f in stated.findings}


@pytest.mark.parametrize(("done", "todo"), [
    ("☐ ยังไม่ได้ดำเนินการ ☑ ดำเนินการ", "☑ ยังไม่ได้ดำเนินการ ☐ ดำเนินการ"),
    ("\uf0a8 ยังไม่ได้ดำเนินการ \uf0fe ดำเนินการ", "\uf0fe ยังไม่ได้ดำเนินการ \uf0a8 ดำเนินการ"),
    ("&#9744; ยังไม่ได้ดำเนินการ &#9745; ดำเนินการ", "&#9745; ยังไม่ได้ดำเนินการ &#9744; ดำเนินการ"),
])
def test_checkboxes_typed_as_characters_are_read(tmp_path, done, todo):
    """A report typed in Word or taken from a PDF has ☑/☐ (or Wingdings boxes), not <input>."""
    path = _write(tmp_path, [
        "ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ (คะแนน ๘๐.๐๐)\t\t\t\t",
        f"ประเด็น\t๑. ทำสิ่งแรก\tต.ค. ๖๔\tกอง ก.\t{done} จัดอบรมแล้ว",
        f"\t๒. ทำสิ่งที่สอง\tมี.ค. ๖๕\tกอง ข.\t{todo}",
    ])
    audit = run_plan_audit(path, 2565, agency="demo")
    assert [m.status for m in audit.report.measures] == ["done", "not_started"]
    assert "status" not in {f.check for f in audit.findings}


def test_a_box_character_that_is_no_checkbox_stays_text(tmp_path):
    """□ as a bullet (owners, narrative) is not a status box: one measure, done."""
    path = _write(tmp_path, [
        "ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ (คะแนน ๘๐.๐๐)\t\t\t\t",
        f"ประเด็น\t๑. ทำสิ่งแรก\tต.ค. ๖๔\t□ กอง ก. □ กอง ข.\t{DONE} จัดอบรมแล้ว □ ครั้งที่ 1 "
        "ธ.ค. ๖๔ □ ดำเนินการจัดประชุมครั้งที่ 2 ก.พ. ๖๕",
    ])
    audit = run_plan_audit(path, 2565, agency="demo")
    measures = audit.report.measures
    assert [m.status for m in measures] == ["done"]
    assert "\x00" not in repr(measures[0].owners) + measures[0].narrative
    assert "□ ครั้งที่ 1" in measures[0].narrative
    assert not {"status", "overdue"} & {f.check for f in audit.findings}


def test_a_report_without_its_header_row_is_known_by_typed_checkboxes_too(tmp_path):
    body = ("วันพุธที่ ๑๖ มีนาคม ๒๕๖๕\nรายงานความก้าวหน้า ปี พ.ศ.๒๕๖๕ กรมตัวอย่าง\n\n"
            "ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ (คะแนน ๘๐.๐๐)\t\t\t\t\n"
            "ประเด็น\t๑. ทำสิ่งแรก\tต.ค. ๖๔\tกอง ก.\t☐ ยังไม่ได้ดำเนินการ ☑ ดำเนินการ จัดอบรมแล้ว\n")
    path = tmp_path / "plan.txt"
    path.write_text(body, encoding="utf-8")
    assert [m.status for m in run_plan_audit(path, 2565, agency="demo").report.measures] == ["done"]


def test_no_table_is_an_input_error(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("รายงาน\nไม่มีตาราง\n", encoding="utf-8")
    with pytest.raises(InputError, match="empty.txt"):
        load_plan_report(path)


# --------------------------------------------------------------------------- cell readers

def test_period_cells():
    three = parse_periods("มค. - กพ. ๖๕ มค. ๖๕ มค. ๖๕")
    assert [(p.start, p.end) for p in three] == [(date(2022, 1, 1), date(2022, 2, 28)),
                                                 (date(2022, 1, 1), date(2022, 1, 31)),
                                                 (date(2022, 1, 1), date(2022, 1, 31))]
    garbled = parse_periods("จ.ค.๖๔ - มี.ค. ๖๕")
    assert [(p.status, p.unparsed, p.start) for p in garbled] == [("unparseable", "จ.ค.๖๔ -", None)]
    assert parse_periods("") == []
    assert parse_periods("ดำเนินการ ต่อเนื่อง")[0].status == "ongoing"
    assert [p.raw for p in parse_periods(clean_cell("<p>ธค. ๖๔ - กย. ๖๕</p> <p>ม.ค.๖๕</p>"))] \
        == ["ธค. ๖๔ - กย. ๖๕", "ม.ค.๖๕"]


def test_owner_cells():
    assert parse_owners("กตร. (ศูนย์ ๑๓๐๐) กพบ. ศปท.") == [["กตร. (ศูนย์ ๑๓๐๐)", "กพบ.", "ศปท."]]
    assert parse_owners("กตร.(ศูนย์ ๑๓๐๐) กคม.") == [["กตร.(ศูนย์ ๑๓๐๐)", "กคม."]]
    assert parse_owners(clean_cell("<p>ศทส. ปชส.</p> <p>ศทส.</p>")) == [["ศทส.", "ปชส."], ["ศทส."]]


def test_status_blocks_and_lead_text():
    lead, blocks = status_blocks(clean_cell(f"<p>ต่อจากหน้าก่อน</p> {DONE} ผลหนึ่ง {TODO}"), 7)
    assert lead == "ต่อจากหน้าก่อน"
    assert [(b.kind, b.narrative, b.line) for b in blocks] == [("done", "ผลหนึ่ง", 7),
                                                               ("not_started", "", 7)]


def test_numbered_items_only_count_up():
    items = numbered_items("๑. แรก สสว.๑ - ๑๑ และ ๒. สอง ๕. ไม่ใช่", 0)
    assert items == [(1, "แรก สสว.๑ - ๑๑ และ"), (2, "สอง ๕. ไม่ใช่")]
    assert numbered_items("๔. ต่อจากเดิม", 3) == [(4, "ต่อจากเดิม")]
    assert numbered_items("(๑) ขั้นแรก (๒) ขั้นสอง", 0) == [(None, "(๑) ขั้นแรก (๒) ขั้นสอง")]
    assert steps_of("(๑) ขั้นแรก (๒) ขั้นสอง") == ("ขั้นแรก", "ขั้นสอง")
    assert steps_of("(๑) ก (๒) ข ตามข้อ (๒)") == ("ก", "ข ตามข้อ (๒)")
    assert steps_of("ไม่มีขั้นตอน") == ()
    assert oit_items("การให้บริการ ๑๔ คู่มือ ๑๕ ข้อมูล ๑๖. รายงาน ๑๗. E-service") \
        == ("O14", "O15", "O16", "O17")


def test_pending_phrases_use_token_boundaries():
    assert pending_phrases("ประเมินรอบ ๖ เดือนแล้วเสร็จ") == []          # "รอ" inside "รอบ"
    assert pending_phrases("อยู่ระหว่างดำเนินการจัดทำ") == [("อยู่ระหว่าง", "still_under_way")]
    assert pending_phrases("ยังไม่แล้วเสร็จ") == [("ยังไม่แล้วเสร็จ", "still_under_way")]
    assert pending_phrases("ดำเนินการเรียบร้อยแล้ว") == []
    assert pending_phrases("") == []


# --------------------------------------------------------------------------- properties

_MONTHS = st.sampled_from(list(enumerate(thai_abbr_months, start=1)))
_YY = st.integers(min_value=60, max_value=69)


@settings(max_examples=150, deadline=None)
@given(_MONTHS, _YY, st.booleans(), st.booleans())
def test_property_month_year_period(month, yy, thai_digits, undotted):
    number, abbr = month
    text = f"{abbr.replace('.', '') if undotted else abbr} {yy}"
    if thai_digits:
        text = to_thai_digits(text)
    (period,) = parse_periods(text)
    assert period.status == "dated"
    assert (period.start.year, period.start.month) == (2500 + yy - 543, number)


@settings(max_examples=150, deadline=None)
@given(_MONTHS, _MONTHS, _YY)
def test_property_month_ranges_are_ordered(first, last, yy):
    text = f"{first[1]} {yy} - {last[1]} {yy + 1}"
    (period,) = parse_periods(text)
    assert period.status == "dated" and period.start <= period.end


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("กขคจตมยพธ.๑๒๓๔๕๖ -\n<p>/")), max_size=60))
def test_property_period_cells_never_crash(text):
    for period in parse_periods(text):
        assert period.status in ("dated", "ongoing", "unparseable")
        if period.status == "dated":
            assert period.start <= period.end
        else:
            assert period.start is None


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="กขค ", min_size=1, max_size=8), min_size=1, max_size=5))
def test_property_numbered_items_keep_every_measure(texts):
    cell = " ".join(f"{to_thai_digits(str(i))}. {t}" for i, t in enumerate(texts, start=1))
    items = numbered_items(cell, 0)
    assert [n for n, _ in items] == list(range(1, len(texts) + 1))
    assert [t for _, t in items] == [" ".join(t.split()) for t in texts]


def test_check_plan_is_deterministic(seed):
    a, b = check_plan(seed, 43), check_plan(seed, 43)
    assert [f.to_json() for f in a.findings] == [f.to_json() for f in b.findings]


_PIECES = st.sampled_from(list("ตัวชี้วดที่๑๒๓ (คะแน).-<p>/ \t\nดำเนินการยังไม่ได้ม.ค.๖๕")
                         + ['<input checked="" type="checkbox"/>', '<input type="checkbox"/>',
                            "ตัวชี้วัดที่ ๑ ก (คะแนน ๘๐)", "(IIT)", "๑. ", "(๑) ", "\t\t\t\t"])
_CELL = st.lists(_PIECES, max_size=80).map("".join)


@settings(max_examples=150, deadline=None)
@given(_CELL)
def test_property_parser_never_crashes(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("fuzz") / "plan.txt"
    path.write_text(text + "\n", encoding="utf-8")
    try:
        report = load_plan_report(path)
    except InputError:
        return
    log = check_plan(report, 43)
    assert all(f.severity in ("error", "warning", "info") for f in log.findings)


def test_token_boundaries_match_the_default_dictionary(seed):
    from pythainlp.tokenize import word_tokenize

    from ita_audit.plan.checks import token_boundaries

    for m in seed.measures[::3]:
        tokens = word_tokenize(m.narrative, engine="newmm", keep_whitespace=True)
        ends = {0, *(sum(len(t) for t in tokens[:k + 1]) for k in range(len(tokens)))}
        assert token_boundaries(m.narrative) == ends


def test_review_regressions(tmp_path):
    """Fixes from the review: continuation narratives once, fiscal years in November are not
    'after the report', ปีงบประมาณ titles, 'ณ วันที่' report dates, data-checked, untabbed
    lines reported, and the plan's own year picks the criteria."""
    rows = ["ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ (คะแนน ๙๐.๐๐)\t\t\t\t",
            f"ประเด็น\t๑. จัดทำแผนปีงบประมาณ ๒๕๖๖\tพ.ย. ๖๕\tกอง ก.\t{DONE} เริ่มแล้ว",
            "\t\t\t\tต่อจากหน้าก่อน",
            "บรรทัดที่ตกหล่น ไม่มีแท็บ",
            '\t๒. ทำสิ่งที่สอง\tพ.ย. ๖๕\tกอง ข.\t<input type="checkbox" data-checked="x"/> ดำเนินการ']
    path = _write(tmp_path, rows, preamble="ข้อมูล ณ วันที่ ๒๘ พฤศจิกายน ๒๕๖๕\n"
                  "รายงานความก้าวหน้า ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ กรมตัวอย่าง\n")
    audit = run_plan_audit(path, 2566, agency="demo")
    report = audit.report
    assert (report.plan_year, report.report_date) == (2566, date(2022, 11, 28))
    m1, m2 = report.measures
    assert m1.narrative == "เริ่มแล้ว ต่อจากหน้าก่อน"
    assert m2.status == "unmarked"
    checks = {(f.check, f.row) for f in audit.findings}
    assert not any(check == "date_after_report" for check, _ in checks)
    assert ("row_without_columns", None) in checks
    assert run_plan_audit(SEED, 2566, agency="x").criteria_year == 2565


def _missing(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    audit = run_plan_audit(path, 2565, agency="msdhs-ops")
    return [f.message for f in audit.findings if f.check == "indicator_missing"]


def test_every_indicator_of_the_plan_year_has_its_heading(tmp_path: Path) -> None:
    """An unreadable heading (a tone mark doubled) handed indicator 5's measures to
    indicator 4, and a report cut in half lost indicators 7-10, each with a clean completion
    figure: both are now an error naming the indicators."""
    text = SEED.read_text(encoding="utf-8")
    assert _missing(tmp_path, text) == []
    damaged = text.replace("ตัวชี้วัดที่ ๕", "ตัวชี้วัดที่้ ๕")
    assert damaged != text
    [message] = _missing(tmp_path, damaged)
    assert message.startswith("ไม่พบหัวข้อตัวชี้วัดที่ 5 ในรายงาน (ควรมีตัวชี้วัด 1–10)")
    lines = text.splitlines(keepends=True)
    cut = "".join(lines[:len(lines) // 2])
    [message] = _missing(tmp_path, cut)
    assert message.startswith("ไม่พบหัวข้อตัวชี้วัดที่ 7, 8, 9, 10 ในรายงาน")


def test_an_unreadable_period_is_not_shown_as_none(audit):
    """Measures 9.1–9.6 and 10.3 write a period with a mistyped month ('จ.ค.๖๔'): the record
    said 'ไม่มี' (none) beside a finding quoting it (visual review); it says 'อ่านไม่ได้', and
    the O42 count says how many were written but unread. 5.5 has none at all."""
    from ita_audit.plan.report import requirements_frame, requirements_summary

    frame = requirements_frame(audit).set_index("มาตรการ")["ระยะเวลา"]
    unread = ["9.1", "9.2", "9.3", "9.4", "9.5", "9.6", "10.3"]
    assert frame[frame == "อ่านไม่ได้"].index.tolist() == unread
    assert frame["5.5"] == "ไม่มี" and frame["1.1"] == "มี"
    assert requirements_summary(audit).loc["O42 (2) ระยะเวลา", "มาตรการที่มี"] == \
        "38 จาก 46 มาตรการ (อีก 7 มาตรการเขียนไว้แต่อ่านไม่ได้)"


def test_a_dropped_2565_item_names_where_its_content_went(audit):
    """O18–O20 (budget) read 'ตัดออก' with '-', while O10–O12 were merged into O11–O13 'whose
    title includes the budget' (visual review): a dropped item now names the crosswalk's
    ``see`` items."""
    from ita_audit.plan.report import oit_items_frame

    frame = oit_items_frame(audit).set_index("ข้อ (2565)")
    rows = frame.loc[["O10", "O18", "O19", "O20", "O38"],
                     ["ความสัมพันธ์กับเกณฑ์ 2566", "ข้อในเกณฑ์ 2566"]].values.tolist()
    assert rows == [["รวมข้อ", "O11"], ["ตัดออก", "- (เนื้อหาไปรวมใน O11)"],
                    ["ตัดออก", "- (เนื้อหาไปรวมใน O12)"], ["ตัดออก", "- (เนื้อหาไปรวมใน O13)"],
                    ["ตัดออก", "-"]]
