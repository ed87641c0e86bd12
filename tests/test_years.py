"""The current ITA years (2568, 2569): provisional criteria, verbal ratings, merged items with
parts, data files, quarters as months, crosswalks across any two years, synthetic agencies, and
2567 refused."""
from __future__ import annotations

import copy
import json
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import run_cli

from ita_audit.criteria.crosswalk import compose, crosswalk_between, load_crosswalk
from ita_audit.criteria.files import load_criteria, load_criteria_file
from ita_audit.errors import CriteriaError
from ita_audit.evidence.extract import DocumentText, Page
from ita_audit.oit.compare import compare_years
from ita_audit.oit.content import Read
from ita_audit.oit.data_files import data_file_check
from ita_audit.oit.disclosure import DisclosureIndex, Document
from ita_audit.oit.engine import audit_oit
from ita_audit.oit.parts import parts_check
from ita_audit.oit.results import Evidence
from ita_audit.oit.synthetic import generate
from ita_audit.records.index import RecordEntry, render_index
from ita_audit.run.params import load_params
from ita_audit.thai import fiscal_year_problem

ROOT = Path(__file__).resolve().parent.parent
CRITERIA = ROOT / "data" / "criteria"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args)


def ev(title: str, url: str | None = None, line: int = 1, context: str = "") -> Evidence:
    return Evidence(title=title, url=url, line=line, context=context, periods=(),
                    period_source="none")


def index_of(rows: list[tuple[str, str, str | None]], year: int = 2568) -> DisclosureIndex:
    """An index of (item, title, url) rows, one line each."""
    docs = [Document(item=item, title=title, url=url, line=i, context="", level=1)
            for i, (item, title, url) in enumerate(rows, start=1)]
    return DisclosureIndex(path=Path(f"test-{year}.tsv"), format="tsv", encoding="utf-8",
                           sha256="0" * 64, documents=docs, labels={}, heading_lines={},
                           warnings=[])


# ── the criteria files ────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize(("year", "count", "parts", "data_files"), [
    (2568, 28, ["O1", "O6", "O16", "O21"], ["O12", "O13"]),
    (2569, 26, ["O1", "O3", "O6", "O13", "O15"], ["O11", "O12", "O18"]),
])
def test_current_years_are_provisional_with_a_source_for_every_item(year, count, parts,
                                                                     data_files) -> None:
    criteria = load_criteria(year)
    assert criteria.status == "provisional" and criteria.provisional
    assert len(criteria.items) == count and criteria.item_ids()[-1] == f"O{count}"
    assert all(it.source and it.confidence in ("high", "medium", "low") for it in criteria.items)
    assert [it.id for it in criteria.items if it.parts] == parts
    assert [it.id for it in criteria.items if it.data_file] == data_files
    assert criteria.grades == () and criteria.ita_weights is None
    assert [r.label for r in criteria.ratings.labels] == ["ผ่านดี", "ผ่าน"]
    assert criteria.ratings.table == "partial" and criteria.ratings.eit_cap_below == 85
    assert criteria.grade_for(99.0) is None
    assert criteria.level_text(90.0).startswith(f"ไม่ตัดสิน (ปี {year} ใช้ระดับคำ")


def test_2568_periods_from_the_reference_and_inferred_ones_say_so() -> None:
    criteria = load_criteria(2568)
    rules = {it.id: (it.period.rule, it.period.year) if it.period else None
             for it in criteria.items}
    assert rules["O6"] == ("current_year", 2568) and rules["O7"] == ("previous_year_report", 2567)
    assert rules["O5"] == ("plan_covering", 2568) and criteria.item("O5").period.min_years == 2
    assert rules["O22"] == ("first_six_months", 2568)
    assert any("ใช้กฎปี 2566 ของข้อ O33" in n for n in criteria.item("O22").notes)
    assert [p.id for p in criteria.item("O1").parts] == ["structure", "powers"]
    assert criteria.item("O12").exceptions[0].id == "no_procurement_over_500k"


def test_2569_o11_is_monthly_and_o25_is_new() -> None:
    criteria = load_criteria(2569)
    assert criteria.item("O11").period.rule == "monthly"
    assert criteria.item("O25").period is None and criteria.item("O25").confidence == "low"
    assert load_criteria(2566).status == "official" and load_criteria(2565).provisional


_REAL_2568 = yaml.safe_load((CRITERIA / "ita-2568.yaml").read_text(encoding="utf-8"))


def _edited(tmp_path: Path, edit) -> str:
    document = copy.deepcopy(_REAL_2568)        # a fresh copy of the file, parsed once
    edit(document)
    path = tmp_path / "ita-2568.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")
    with pytest.raises(CriteriaError) as info:
        load_criteria_file(path)
    return str(info.value)


@pytest.mark.parametrize(("edit", "expected"), [
    (lambda d: d["items"][0].pop("confidence"),
     "items[0].confidence: O1 of a provisional file has no confidence"),
    (lambda d: d["items"][0].update(confidence="sure"),
     "items[0].confidence: 'sure' is not one of high, medium, low"),
    (lambda d: d.update(status="draft"), "status: 'draft' is not one of official, provisional"),
    (lambda d: d["items"][0]["parts"][0].update(dated=True),
     "items[0].parts[0].dated: a dated part of an item without a period rule (fix: give the "
     "item a 'period', or remove 'dated')"),
    (lambda d: d["items"][5]["parts"][0].update(dated="yes"),
     "items[5].parts[0].dated: expected true or false, got text 'yes'"),
    (lambda d: d["items"][0].update(parts=d["items"][0]["parts"][:1]),
     "items[0].parts: a single part"),
    (lambda d: d["items"][11]["data_file"].update(formats=[".xlsx"]),
     "items[11].data_file.formats[0]: bad file format '.xlsx'"),
    (lambda d: d["items"][11]["data_file"].update(missing="pass"),
     "items[11].data_file.missing: 'pass' is not one of fail, review"),
    (lambda d: d.pop("ratings"), "grades: list is empty"),
    (lambda d: d["ratings"].update(table="complete"),
     "ratings.table: a complete table with a label without min_total"),
    (lambda d: d["ratings"]["labels"].__setitem__(1, {"label": "ผ่าน", "min_total": 95})
     or d["ratings"]["labels"].__setitem__(0, {"label": "ผ่านดี", "min_total": 90}),
     "ratings.labels[1].min_total: 95 is not below the previous label's 90"),
    (lambda d: d["indicators"][0]["sub_indicators"].append({"id": "G99", "name": "ว่าง"}),
     "indicators[0].sub_indicators[13]: sub-indicator G99 has no item"),
])
def test_broken_2568_files_name_the_key(tmp_path: Path, edit, expected: str) -> None:
    assert expected in _edited(tmp_path, edit)


# ── the rules the new layouts need ────────────────────────────────────────────────────────

def test_parts_all_shown_missing_or_unknown() -> None:
    o1 = load_criteria(2568).item("O1")
    both = parts_check(o1, [ev("แผนผังโครงสร้างส่วนราชการ"), ev("อำนาจหน้าที่ตามกฎหมาย", line=2)])
    assert both.status == "pass" and "โครงสร้าง: 'แผนผังโครงสร้างส่วนราชการ' (บรรทัด 1)" in both.reason
    one = parts_check(o1, [ev("แผนผังโครงสร้างส่วนราชการ")])
    assert one.status == "fail" and one.reason.startswith("ขาด 'หน้าที่และอำนาจ'")
    silent = parts_check(o1, [ev("แผนผังโครงสร้างส่วนราชการ"), ev("ข้อมูลพื้นฐาน", line=2)])
    assert silent.status == "review" and "'ข้อมูลพื้นฐาน' (บรรทัด 2) ไม่บอกว่ามีส่วนใด" in silent.reason
    assert parts_check(o1, []) is None
    assert parts_check(load_criteria(2568).item("O2"), [ev("ทำเนียบผู้บริหาร")]) is None


def test_a_word_after_tam_names_what_a_document_follows_not_what_it_is() -> None:
    o6 = load_criteria(2568).item("O6")
    report = parts_check(o6, [ev("รายงานผลการดำเนินงานตามแผนปฏิบัติราชการ รอบ 6 เดือน")])
    assert report.status == "fail"
    assert report.reason.startswith("ขาด 'แผนการดำเนินงานและการใช้งบประมาณประจำปี'")
    both = parts_check(o6, [ev("แผนปฏิบัติราชการ และรายงานผลการดำเนินงานตามแผน รอบ 6 เดือน")])
    assert both.status == "pass"                   # the plan is named on its own too


def test_a_part_named_only_inside_the_document_counts() -> None:
    o1 = load_criteria(2568).item("O1")
    doc = ev("แผนผังโครงสร้างส่วนราชการ")
    text = DocumentText(kind="pdf", status="ok", pages=(Page(1, "หน้าที่และอำนาจของสำนักงาน", ""),))
    check = parts_check(o1, [doc], [Read(doc, None, text)])
    assert check.status == "pass" and "(เนื้อหาเอกสาร)" in check.reason


@pytest.mark.parametrize(("title", "url", "status"), [
    ("รายการจัดซื้อจัดจ้าง", "https://x.go.th/wp-content/uploads/2025/03/o12.xlsx", "pass"),
    ("รายการจัดซื้อจัดจ้าง", "https://x.go.th/files/o12.CSV?download=1", "pass"),
    ("รายการจัดซื้อจัดจ้าง (ไฟล์ Excel)", None, "pass"),
    ("รายการจัดซื้อจัดจ้าง", "https://data.go.th/dataset/procurement-2568", "pass"),
    ("รายการจัดซื้อจัดจ้าง", "https://x.go.th/files/o12.pdf", "review"),
    ("รายการ excelsior", "https://x.go.th/excel/o12.pdf", "review"),
])
def test_data_file_is_looked_for(title: str, url: str | None, status: str) -> None:
    o12 = load_criteria(2568).item("O12")
    check = data_file_check(o12, [ev(title, url)])
    assert check.status == status
    if status == "review":
        assert check.reason.startswith("ไม่พบไฟล์ข้อมูล (.xlsx, .xls, .csv, .ods")


def test_data_file_absence_without_urls_says_so() -> None:
    check = data_file_check(load_criteria(2568).item("O13"), [ev("รายงานผลการจัดซื้อจัดจ้าง 2567")])
    assert check.status == "review" and "(ดัชนีไม่มี URL จึงดูได้เพียงชื่อเอกสาร)" in check.reason


@pytest.mark.parametrize(("quarters", "verdict"), [((1, 2), "pass"), ((1,), "fail")])
def test_2569_o11_monthly_summary_published_per_quarter(quarters, verdict) -> None:
    criteria = load_criteria(2569)
    rows = [("O11", f"สรุปผลการจัดซื้อจัดจ้างรายเดือน ไตรมาส {q} ปีงบประมาณ พ.ศ. 2569",
             f"https://x.go.th/o11-q{q}.xlsx") for q in quarters]
    result = audit_oit(index_of(rows, 2569), criteria, agency="x", year_basis="fiscal")
    o11 = next(r for r in result.items if r.item.id == "O11")
    assert o11.automated_verdict == verdict, o11.reasons
    period = next(c for c in o11.checks if c.rule == "period:monthly")
    if verdict == "fail":
        assert "ข้อมูลรายเดือนขาด 3 เดือน: ม.ค. 69, ก.พ. 69, มี.ค. 69" in period.reason
    assert next(c for c in o11.checks if c.rule == "data_file").status == "pass"


def test_merged_item_with_a_missing_part_fails_in_the_engine() -> None:
    criteria = load_criteria(2568)
    rows = [("O6", "แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2568", "https://x.go.th/plan.pdf")]
    o6 = audit_oit(index_of(rows), criteria, agency="x").items[5]
    assert o6.item.id == "O6" and o6.automated_verdict == "fail"
    assert any(r.startswith("[parts] ขาด 'ความก้าวหน้าในการดำเนินงานและการใช้งบประมาณ'")
               for r in o6.reasons)
    rows.append(("O6", "รายงานความก้าวหน้าการดำเนินงาน รอบ 6 เดือน ปีงบประมาณ 2568",
                 "https://x.go.th/progress.pdf"))
    assert audit_oit(index_of(rows), criteria, agency="x").items[5].automated_verdict == "pass"


@pytest.mark.parametrize(("plan", "progress", "verdict", "part"), [
    ("แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2568", "รายงานความก้าวหน้า รอบ 6 เดือน ปีงบประมาณ 2568",
     "pass", None),
    # last year's plan beside this year's progress report: this year's plan is not shown
    ("แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2567", "รายงานความก้าวหน้า รอบ 6 เดือน ปีงบประมาณ 2568",
     "fail", "แผนการดำเนินงานและการใช้งบประมาณประจำปี"),
    ("แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2568", "รายงานความก้าวหน้า รอบ 6 เดือน ปีงบประมาณ 2567",
     "fail", "ความก้าวหน้าในการดำเนินงานและการใช้งบประมาณ"),
    # a part whose only document states no year may be this year's: review
    ("แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2568", "รายงานความก้าวหน้าการดำเนินงาน", "review",
     "ความก้าวหน้าในการดำเนินงานและการใช้งบประมาณ"),
    # a report "ตามแผน…" follows the plan, it does not show it: the plan is last year's
    ("แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2567",
     "รายงานผลการดำเนินงานตามแผนปฏิบัติราชการ รอบ 6 เดือน ปีงบประมาณ 2568", "fail",
     "แผนการดำเนินงานและการใช้งบประมาณประจำปี"),
    # a document that is this year's plan and its progress shows the plan of the year
    ("แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2567",
     "แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2568 และรายงานความก้าวหน้า รอบ 6 เดือน", "pass", None),
])
def test_each_dated_part_of_a_merged_item_must_be_of_the_year(plan, progress, verdict,
                                                                part) -> None:
    criteria = load_criteria(2568)
    rows = [("O6", plan, "https://x.go.th/plan.pdf"), ("O6", progress, "https://x.go.th/p.pdf")]
    o6 = audit_oit(index_of(rows), criteria, agency="x").items[5]
    period = next(c for c in o6.checks if c.rule == "period:current_year")
    assert (o6.automated_verdict, period.status) == (verdict, verdict)
    if part is not None:
        assert period.reason.startswith(f"ส่วน '{part}' ของข้อนี้: ")
    else:
        assert not period.reason.startswith("ส่วน")


def test_dated_parts_hold_when_the_documents_text_decides() -> None:
    """With an evidence archive the documents' text decides the period (content_period): each
    dated part is judged on its own documents' text there too."""
    from ita_audit.oit.content import content_period_check
    from ita_audit.oit.engine import dated_parts_content
    from ita_audit.thai import periods_of

    o6 = load_criteria(2568).item("O6")

    def read(title: str, text: str, line: int) -> Read:
        evidence = Evidence(title=title, url=None, line=line, context="",
                            periods=periods_of(title), period_source="title")
        return Read(evidence, None, DocumentText(kind="pdf", status="ok",
                                                 pages=(Page(1, text, ""),)))

    reads = [read("แผนปฏิบัติราชการ", "แผนปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. 2567", 1),
             read("รายงานความก้าวหน้า รอบ 6 เดือน",
                  "รายงานความก้าวหน้า รอบ 6 เดือน ปีงบประมาณ พ.ศ. 2568", 2)]
    whole = content_period_check(o6, reads, None, "fiscal")
    assert whole is not None and whole.status == "pass"        # one document is of 2568
    check = dated_parts_content(o6, reads, whole, "fiscal", None)
    assert (check.rule, check.status) == ("content_period", "fail")
    assert check.reason.startswith("ส่วน 'แผนการดำเนินงานและการใช้งบประมาณประจำปี' ของข้อนี้: ")
    reads[0] = read("แผนปฏิบัติราชการ", "แผนปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. 2568", 1)
    whole = content_period_check(o6, reads, None, "fiscal")
    assert dated_parts_content(o6, reads, whole, "fiscal", None) is whole


def test_an_undated_part_is_not_judged_on_its_own() -> None:
    """2569 O13: the HR criteria may be years old; only the plan must cover 2569."""
    criteria = load_criteria(2569)
    assert [p.dated for p in criteria.item("O13").parts] == [False, True]
    rows = [("O13", "หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล พ.ศ. 2560", "https://x.go.th/c.pdf"),
            ("O13", "แผนการบริหารและพัฒนาทรัพยากรบุคคล พ.ศ. 2566-2570", "https://x.go.th/p.pdf")]
    o13 = audit_oit(index_of(rows, 2569), criteria, agency="x").items[12]
    assert o13.item.id == "O13"
    assert next(c for c in o13.checks if c.rule.startswith("period:")).status == "pass"
    rows[1] = ("O13", "แผนการบริหารและพัฒนาทรัพยากรบุคคล พ.ศ. 2561-2565", "https://x.go.th/p.pdf")
    o13 = audit_oit(index_of(rows, 2569), criteria, agency="x").items[12]
    check = next(c for c in o13.checks if c.rule.startswith("period:"))
    assert check.status == "fail" and "2561-2565" in check.reason


@pytest.mark.parametrize(("months", "verdict"), [(6, "pass"), (5, "fail")])
def test_monthly_titles_naming_the_month_and_the_fiscal_year(months: int, verdict: str) -> None:
    """"ประจำเดือนตุลาคม ปีงบประมาณ 2566": the month is read (it was 'titles do not
    separate the months', review)."""
    criteria = load_criteria(2566)
    names = ["ตุลาคม", "พฤศจิกายน", "ธันวาคม", "มกราคม", "กุมภาพันธ์", "มีนาคม"][:months]
    rows = [("O21", f"สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน{m} ปีงบประมาณ 2566", None) for m in names]
    o21 = audit_oit(index_of(rows, 2566), criteria, agency="x").items[20]
    assert o21.item.id == "O21" and o21.item.period.rule == "monthly"
    check = next(c for c in o21.checks if c.rule == "period:monthly")
    assert check.status == verdict, check.reason
    if verdict == "fail":
        assert check.reason.startswith("ข้อมูลรายเดือนขาด 1 เดือน: มี.ค. 66")


# ── JSON, record and index ────────────────────────────────────────────────────────────────

def test_oit_json_of_a_2569_agency_carries_status_and_rating() -> None:
    done = cli("oit", "--fiscal-year", "2569", "--disclosure", "data/synthetic/2569/syn-0001.tsv",
               "--agency", "syn-0001", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["criteria_year"] == 2569 and data["criteria_status"] == "provisional"
    assert data["grade"] is None and data["rating"]["table"] == "partial"
    assert [i["item"] for i in data["items"]] == [f"O{n}" for n in range(1, 27)]
    expected = json.loads((ROOT / "data/synthetic/2569/syn-0001-defects.json").read_text("utf-8"))
    wanted = expected["agencies"][0]["expected_not_pass"]
    got = {i["item"]: i["verdict"] for i in data["items"] if i["verdict"] != "pass"}
    assert got == wanted == {"O1": "fail", "O3": "fail", "O12": "review", "O24": "review"}


@pytest.mark.parametrize("year", ["2567", "2570"])
def test_a_year_without_criteria_exits_2_and_says_how_to_add_it(year: str) -> None:
    done = cli("oit", "--fiscal-year", year, "--disclosure",
               "data/raw/sso-oit-disclosure-index-2566.txt")
    assert done.returncode == 2 and done.stdout == ""
    line = done.stderr.strip()
    assert "\n" not in line and f"no criteria for fiscal year {year} in the project" in line
    assert f"ita-audit criteria new --year {year} --from" in line


def test_a_gregorian_year_is_named_as_such_with_its_buddhist_era_year() -> None:
    done = cli("oit", "--fiscal-year", "2023", "--disclosure",
               "data/raw/sso-oit-disclosure-index-2566.txt")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (
        "ita-audit: error: --fiscal-year: 2023 looks like a Gregorian (CE) year; ITA fiscal years "
        "are Buddhist Era (fix: give the fiscal year in BE: CE 2023 is 2566)\n")


@pytest.mark.parametrize("command", [
    ["hr", "--report", "data/raw/x.txt", "--fiscal-year", "2019"],
    ["plan", "--report", "data/raw/x.txt", "--fiscal-year", "2022"],
    ["procurement", "--data", "data/raw/x.csv", "--fiscal-year", "2025"],
    ["policy", "--document", "data/raw/x.txt", "--item", "O1", "--fiscal-year", "2023"],
    ["criteria", "show", "--year", "2023"],
    ["criteria", "new", "--year", "2570", "--from", "2025"],
])
def test_every_command_refuses_a_gregorian_year_before_reading_anything(command) -> None:
    done = cli(*command)
    year = int(command[-1])
    assert (done.returncode, done.stdout) == (2, "")
    option = command[-2]
    assert done.stderr == (
        f"ita-audit: error: {option}: {year} looks like a Gregorian (CE) year; ITA fiscal years "
        f"are Buddhist Era (fix: give the fiscal year in BE: CE {year} is {year + 543})\n")


@pytest.mark.parametrize("year", ["-5", "0", "99999", "543"])
def test_a_year_that_is_no_buddhist_era_year_is_refused(year) -> None:
    done = cli("oit", "--fiscal-year", year, "--disclosure", "x.txt")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"ita-audit: error: --fiscal-year: {int(year)} is not a Buddhist-Era "
                           "year (fix: give a BE year between 2400 and 2700, e.g. 2566)\n")


@pytest.mark.parametrize("year, problem", [
    (2566, None), (2400, None), (2700, None),
    (2023, ("2023 looks like a Gregorian (CE) year; ITA fiscal years are Buddhist Era",
            "give the fiscal year in BE: CE 2023 is 2566")),
    (1900, ("1900 looks like a Gregorian (CE) year; ITA fiscal years are Buddhist Era",
            "give the fiscal year in BE: CE 1900 is 2443")),
    (2399, ("2399 is not a Buddhist-Era year", "give a BE year between 2400 and 2700, e.g. 2566")),
    (2701, ("2701 is not a Buddhist-Era year", "give a BE year between 2400 and 2700, e.g. 2566")),
])
def test_fiscal_year_problem(year, problem) -> None:
    assert fiscal_year_problem(year) == problem


@pytest.mark.parametrize("written", ["2562", "๒๕๖๒", " 2562 "])
def test_a_params_file_may_write_the_year_as_text_or_in_thai_digits(tmp_path, written) -> None:
    path = tmp_path / "p.yaml"
    path.write_text((ROOT / "params/2562/sso.yaml").read_text(encoding="utf-8").replace(
        "fiscal_year: 2562", f"fiscal_year: '{written}'"), encoding="utf-8")
    assert load_params(path).fiscal_year == 2562


def test_the_index_shows_no_grade_and_the_provisional_note() -> None:
    entry = RecordEntry(fiscal_year=2569, agency="a", agency_name="ก",
                        notebooks=("oit_audit",), summary={"oit": {
                            "oit_score": 84.62, "grade": None, "criteria_status": "provisional",
                            "counts": {"pass": 22, "fail": 2, "review": 2}}})
    page = render_index([entry], False)
    assert ('<td data-v="">– <span class="note">(ปี 2569 ไม่มีระดับ AA–F: ดูระดับแบบคำในบันทึก)'
            '</span> <span class="note">(เกณฑ์ชั่วคราว)</span></td>') in page
    assert "None" not in page


# ── crosswalks across the years ───────────────────────────────────────────────────────────

def test_crosswalks_2566_2568_2569() -> None:
    a = load_crosswalk(2566, 2568)
    assert a.mapping("O1").relation == "merged" and a.successors("O3") == ("O1",)
    assert a.successors("O6") == () and a.predecessors("O12") == ("O19", "O20", "O21")
    assert a.new_items == ()
    b = load_crosswalk(2568, 2569)
    assert [n.item for n in b.new_items] == ["O25"] and b.successors("O27") == ()
    assert b.predecessors("O20") == ("O21", "O22")


def test_chained_crosswalk_2565_to_2569() -> None:
    walk = crosswalk_between(2565, 2569)
    assert (walk.from_year, walk.to_year) == (2565, 2569)
    assert walk.mapping("O10").relation == "merged" and walk.successors("O10") == ("O6",)
    assert walk.mapping("O2").relation == "same" and walk.mapping("O4").relation == "moved"
    assert walk.successors("O8") == ()                   # Q&A dropped in 2568
    assert [n.item for n in walk.new_items] == ["O15", "O25"]   # ethics: new in 2566 already
    assert walk.mapping("O10").note.startswith("2565->2566: ")
    with pytest.raises(CriteriaError, match="cannot chain 2566->2568 with 2566->2568"):
        compose(load_crosswalk(2566, 2568), load_crosswalk(2566, 2568))
    with pytest.raises(CriteriaError, match="no crosswalk from 2569 to 2570"):
        crosswalk_between(2569, 2570)


def test_compare_years_2566_and_2569_in_either_order() -> None:
    old = audit_oit(index_of([("O1", "แผนผังโครงสร้าง", None)], 2566), load_criteria(2566),
                    agency="x")
    new = audit_oit(index_of([("O1", "โครงสร้างและหน้าที่และอำนาจ", None)], 2569),
                    load_criteria(2569), agency="x")
    frame = compare_years(old, new)
    assert frame.equals(compare_years(new, old))
    first = frame.iloc[0]
    assert (first["old_item"], first["new_item"], first["relation"]) == ("O1", "O1", "merged")
    assert (first["old_verdict"], first["new_verdict"]) == ("pass", "pass")
    assert list(frame[frame["relation"] == "new"]["new_item"]) == ["O25"]   # O15: 2566 O39+O40


# ── synthetic agencies of the current years ───────────────────────────────────────────────

@pytest.mark.slow
@pytest.mark.parametrize("year", [2568, 2569])
def test_engine_finds_the_injected_defects_of_the_current_years(year: int) -> None:
    criteria = load_criteria(year)
    agencies = generate(150, year, seed=year, criteria=criteria)
    kinds = Counter(d.kind for a in agencies for d in a.defects)
    assert min(kinds["missing_part"], kinds["no_data_file"], kinds["wrong_kind"]) >= 5, kinds
    wrong = []
    for agency in agencies:
        for urls in (False, True):
            index = agency.index(urls=True) if urls else agency.parse(criteria.item_ids())
            result = audit_oit(index, criteria, agency=agency.agency, year_basis="fiscal")
            expected = agency.expected_verdicts(urls=urls)
            wrong += [(agency.agency, r.item.id, urls, expected[r.item.id], r.automated_verdict)
                      for r in result.items if r.automated_verdict != expected[r.item.id]]
    assert not wrong, wrong[:5]


def test_oit_2568_on_a_wordpress_page() -> None:
    """The HTML importer's 2568 WordPress layout, judged on the 2568 criteria."""
    done = cli("oit", "--fiscal-year", "2568", "--disclosure",
               "tests/fixtures/oit-page-2568-wordpress.html", "--base-url",
               "https://www.example.go.th/ita/", "--format", "json")
    assert done.returncode == 0, done.stderr
    items = {i["item"]: i for i in json.loads(done.stdout)["items"]}
    listed = {k: v["verdict"] for k, v in items.items() if v["evidence"]}
    assert listed == {"O1": "pass", "O2": "pass", "O3": "pass", "O4": "pass", "O5": "pass",
                      "O6": "pass", "O7": "pass", "O12": "pass", "O13": "review",
                      "O21": "pass", "O28": "fail"}
    assert any(r.startswith("[data_file] มีไฟล์ข้อมูล") and "(ไฟล์ .xlsx)" in r
               for r in items["O12"]["reasons"])
    assert any(r.startswith("[period:previous_year_report] ต้องเป็นรายงานของปี 2567")
               for r in items["O28"]["reasons"])
