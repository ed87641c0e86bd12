"""The HR report parser and checks against the real SSO 2562 report (data/raw), both ways:
the inconsistencies it has are found, and the totals that hold are not flagged."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import RAW

from ita_audit.errors import InputError
from ita_audit.findings import CheckLog, share_of, sum_tolerance
from ita_audit.hr import indicators as hr_indicators
from ita_audit.hr.audit import HrAudit, run_hr_audit
from ita_audit.hr.parse import load_hr_report

SSO_HR = RAW / "sso-hr-annual-report-2562.txt"
D = Decimal


@pytest.fixture(scope="module")
def audit() -> HrAudit:
    return run_hr_audit(SSO_HR, 2562, agency="sso")


def findings(audit: HrAudit, check: str) -> list:
    return [f for f in audit.findings if f.check == check]


def keyed(audit: HrAudit) -> set[tuple]:
    return {(f.check, f.table, f.year) for f in audit.findings}


# ----------------------------------------------------------------------------- parsing

def test_cover_year_agency_and_date(audit: HrAudit) -> None:
    r = audit.report
    assert (r.fiscal_year, r.agency_name) == (2562, "สำนักงานประกันสังคม")
    assert (r.report_date, r.report_date_raw, r.report_date_line) == \
        (date(2017, 4, 11), "11 เมษายน 2560", 60)


def test_header_years_are_read_and_the_2551_typo_is_placed_by_position(audit: HrAudit) -> None:
    r = audit.report
    for table in ("2.1.1", "2.2", "2.3", "2.4", "2.5.1", "2.5.3", "2.6.2"):
        assert r.years(table) == [2562, 2561, 2560], table
    stated = [(c.table, c.position, c.stated, c.expected) for c in r.header_cells
              if c.stated != c.expected]
    assert stated == [("2.5", 2, 2551, 2561)]


def test_workforce_figures_with_thai_digits_and_dashes(audit: HrAudit) -> None:
    r = audit.report
    assert r.value("2.1.1", "civil_servants", "count", 2562) == D(1856)
    assert r.value("2.1.1", "civil_servants", "share", 2561) == D("82.53")
    assert r.value("2.1.1", "total", "count", 2560) == D(2261)
    temp = r.select("2.1.1", key="temporary_employees", year=2562, column="count")[0]
    assert (temp.value, temp.raw, temp.dash, temp.line) == (D(0), "-", True, 176)
    assert r.value("2.1.2", "total", "count", 2562, group="entry") == D(98)
    assert r.value("2.1.2", "total", "count", 2562, group="loss") == D(118)
    assert r.value("2.1.2", "dismissed", "count", 2560, group="loss") == D(34)   # "ให้ออน" typo
    assert r.dash_counts() == {"2.1.1": 6, "2.1.2": 12, "2.3": 1, "2.4": 3, "2.5.2": 10,
                               "2.6.2": 19}


def test_positions_age_hr_unit_and_budget(audit: HrAudit) -> None:
    r = audit.report
    assert [r.value("2.2", k, "establishment", 2562) for k in
            ("executive", "managerial", "academic", "general", "total")] == \
        [D(4), D(112), D(1528), D(397), D(2041)]
    assert r.value("2.3", ">=55", "female", 2562) == D(244)
    assert r.value("2.3", "<=24", "male", 2561) == D(0)
    assert r.value("2.4", "total", "count", 2561) == D(26)
    assert r.value("2.5.1", "total", "value", 2561) == D("43515.71")      # header said 2551
    assert r.value("2.5.2", "total", "value", 2562) == D("47141.50")
    assert r.value("2.5.2", "unlabelled", "value", 2562) == D("0.01")
    assert r.value("2.5.3", "costing_headcount", "value", 2560) == D("3343.00")
    assert r.value("2.5.3", "development_cost_per_hour", "value", 2562) == D("37.66")


def test_scorecard_rows(audit: HrAudit) -> None:
    rows = {r.item: r for r in audit.report.scorecard if r.kind == "item"}
    assert list(rows) == ["1.1", "1.2(1)", "1.2(2)", "1.2(3)", "1.2(4)", "5", "6", "7", "8",
                          "9", "10", "11", "12", "13"]
    assert (rows["1.1"].weight, rows["1.1"].levels, rows["1.1"].score, rows["1.1"].weighted) == \
        (D("5.00"), (D(0), None, D(5)), D(5), D("5.00"))
    assert (rows["1.2(2)"].score, rows["1.2(2)"].weighted) == (D(2), D("2.50"))
    assert rows["11"].levels == (D(1), D(1), D(1))
    dims = [r for r in audit.report.scorecard if r.kind == "dimension"]
    assert [(d.dimension, d.weight, d.score, d.weighted) for d in dims][:2] == \
        [(1, D("20.00"), D("17.50"), None), (2, D("20.00"), None, D("20.00"))]
    total = [r for r in audit.report.scorecard if r.kind == "total"][0]
    assert (total.weight, total.weighted) == (D("100.00"), D("97.50"))


def test_scorecard_detail_pages_match_items_even_when_misnumbered(audit: HrAudit) -> None:
    detail = {d.item: d for d in audit.report.scorecard_detail}
    assert detail["13"].number_written == "12" and detail["13"].score == D(5)
    assert detail["9"].score == D(3)            # the score sits on the "(ต่อ)" continuation row
    assert detail["11"].weight == D(10)


def test_performance_bands_and_lists(audit: HrAudit) -> None:
    bands = audit.report.performance
    assert len(bands) == 30
    first = bands[0]
    assert (first.year, first.round, first.level, first.score_range.low,
            first.score_range.high) == (2562, 1, "ดีเด่น", D("83.10"), None)
    assert first.counts == {"อำนวยการ": D(98), "วิชาการและ ทั่วไป": D(400)}
    assert [i.number for i in audit.report.problems][:3] == ["1", "2", "2.1"]
    assert len(audit.report.innovations) == 4
    assert audit.report.required_charts == [f"3.{n}" for n in range(1, 9)]
    assert audit.report.has_images is False


# ----------------------------------------------------------------------------- findings

def test_the_inconsistencies_in_the_real_report_are_found(audit: HrAudit) -> None:
    found = keyed(audit)
    expected = {
        ("report_date", "cover", 2562),                       # dated 11 Apr 2560
        ("header_year_sequence", "2.5", 2561),                # ปี ๒๕๕๑
        ("row_without_label", "2.5", None),                   # "๐.๐๑ ๐.๐๐"
        ("share", "2.1.2", 2562),                             # resigned 38.99 vs 38.98
        ("share", "2.5.1", 2560),                             # 2.03 vs 2.27
        ("share", "2.5.2", 2561),                             # 0.01 vs 0.00
        ("civil_servants_across_tables", "2.3", 2561),        # 1,878 vs 1,871
        ("stock_flow", "2.1", 2562), ("stock_flow", "2.1", 2561),
        ("costing_headcount", "2.5.3", 2560), ("costing_headcount", "2.5.3", 2561),
        ("costing_headcount", "2.5.3", 2562),
        ("training_cost_presence", "2.5.2", 2562), ("training_cost_presence", "2.5.2", 2561),
        ("band_contiguity", "2.6.2", 2561), ("band_contiguity", "2.6.2", 2560),
        ("rated_coverage", "2.6.2", None), ("rated_group_size", "2.6.2", None),
        ("scorecard_levels", "scorecard", None), ("scorecard_layout", "scorecard", None),
        ("scorecard_numbering", "scorecard_detail", None), ("charts_present", "appendix", None),
    }
    assert found == expected
    share = findings(audit, "share")
    assert {(f.year, f.expected, f.actual, f.severity) for f in share} == {
        (2562, D("38.98"), D("38.99"), "warning"), (2560, D("2.27"), D("2.03"), "error"),
        (2561, D("0.00"), D("0.01"), "warning")}
    age = findings(audit, "civil_servants_across_tables")[0]
    assert (age.expected, age.actual, age.line) == (D(1871), D(1878), 221)
    cost = {f.year: (f.expected, f.actual, f.severity) for f in findings(audit, "costing_headcount")}
    assert cost[2560] == (D(2261), D("3343.00"), "error")
    assert cost[2562][2] == "info"
    flow = {f.year: (f.expected, f.actual) for f in findings(audit, "stock_flow")}
    assert flow == {2562: (D(1851), D(1856)), 2561: (D(1870), D(1871))}


def test_consistent_totals_are_not_flagged(audit: HrAudit) -> None:
    flagged = keyed(audit)
    for year in (2562, 2561, 2560):
        assert ("sum", "2.1.1", year) not in flagged        # 1,856 + 208 + 0 + 171 = 2,235
        assert ("sum", "2.2", year) not in flagged          # establishment/filled/vacant totals
        assert ("sum", "2.3", year) not in flagged          # women and men columns add up
        assert ("sum", "2.5.2", year) not in flagged        # 47,141.50 with the unlabelled 0.01
        assert ("vacancy", "2.2", year) not in flagged
        assert ("unit_cost", "2.5.3", year) not in flagged  # 7,000,274.34 / 2,257 = 3,101.58
        assert ("civil_servants_across_tables", "2.2", year) not in flagged
    assert ("civil_servants_across_tables", "2.3", 2562) not in flagged
    assert not findings(audit, "scorecard_weighted")          # 3.75 × 2 / 3 = 2.50 etc.
    assert not findings(audit, "scorecard_sum")               # 6.67 × 3 = 20.01 within rounding
    assert not findings(audit, "self_score")                  # vacancy 9.06 % > 6 %: 2 points


def test_counts_of_checks(audit: HrAudit) -> None:
    counts = audit.counts()
    assert counts["checks"] == counts["ok"] + counts["finding"] + counts["skipped"]
    assert counts["ok"] >= 250
    assert (counts["error"], counts["warning"], counts["info"]) == (4, 15, 3)


def test_findings_have_the_design_shape(audit: HrAudit) -> None:
    payload = audit.to_json()
    assert set(payload) >= {"findings", "tables"}
    for finding in payload["findings"]:
        assert set(finding) >= {"check", "table", "year", "expected", "actual", "severity",
                                "message"}
        assert finding["severity"] in ("error", "warning", "info")
    assert payload["tables"]["2.1.1"][0]["value"] == 1856
    assert payload["notes"]["dash_as_zero"]["2.4"] == 3


# ----------------------------------------------------------------------------- indicators

def test_indicators(audit: HrAudit) -> None:
    r = audit.report
    vac = hr_indicators.vacancy_rates(r).set_index(["year", "position_type"])
    # Exact figures: stated counts stay whole, shares and ratios keep two decimals.
    assert vac.loc[(2562, "รวม"), "vacancy_rate"] == D("9.06")
    assert str(vac.loc[(2560, "บริหาร"), "vacancy_rate"]) == "50.00"
    assert str(vac.loc[(2562, "รวม"), "filled"]) == "1856"
    moves = hr_indicators.movements(r).set_index("year")
    assert (moves.loc[2562, "turnover_pct"], moves.loc[2562, "replacement_ratio"]) == (
        D("6.36"), D("0.83"))
    age = hr_indicators.age_profile(r).set_index("year")
    assert (age.loc[2562, "aged_55_plus"], age.loc[2562, "aged_55_plus_pct"]) == (306, D("16.49"))
    assert age.loc[2562, "women_pct"] == D("81.25")
    unit = hr_indicators.hr_unit(r).set_index("year")
    assert unit.loc[2562, "staff_per_hr_officer"] == D("82.78")
    costs = hr_indicators.costs(r).set_index("year")
    assert (costs.loc[2560, "personnel_budget_pct"], costs.loc[2562, "training_cost_per_hour"]) \
        == (D("2.27"), D("37.66"))
    score = hr_indicators.rederived_scores(r).iloc[0]
    assert (score["item"], score["derived"], score["self_score"]) == ("1.2(2)", 2, 2)


# ----------------------------------------------------------------------------- rules

def test_share_and_tolerance_rules() -> None:
    assert share_of(D(46), D(118)) == D("38.98")
    assert share_of(D(1), D(8)) == D("12.50")
    assert share_of(D(1), D(0)) is None
    assert sum_tolerance([D(1), D(2)], D(3)) == 0
    assert sum_tolerance([D("6.67")] * 3, D("20.00")) == D("0.020")


def test_check_log_counts() -> None:
    log = CheckLog()
    log.check(True, check="x", table="t", year=None, expected=1, actual=1, severity="error",
              message="m")
    log.check(False, check="x", table="t", year=None, expected=1, actual=2, severity="error",
              message="m")
    log.skip(check="x", table="t", year=None)
    assert log.counts() == {"checks": 3, "ok": 1, "finding": 1, "skipped": 1, "error": 1,
                            "warning": 0, "info": 0}


# ----------------------------------------------------------------------------- bad input

def _variant(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = SSO_HR.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "variant.txt"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def test_unparseable_number_is_a_finding_naming_table_row_and_line(tmp_path: Path) -> None:
    path = _variant(tmp_path, "๑) ข้าราชการ\t๑,๘๕๖", "๑) ข้าราชการ\t๑,๘๕x")
    audit = run_hr_audit(path, 2562)
    bad = findings(audit, "unparseable_number")
    assert [(f.table, f.year, f.actual, f.line) for f in bad] == [("2.1.1", 2562, "1,85x", 174)]
    assert "1) ข้าราชการ" in bad[0].message
    assert ("sum", "2.1.1", 2562) not in keyed(audit)           # skipped, not guessed
    assert any(r.status == "skipped" and r.table == "2.1.1" for r in audit.log.runs)


@pytest.mark.parametrize("years", [("2019", "2018", "2017"), ("ค.ศ. 2019", "ค.ศ. 2018", "ค.ศ. 2017"),
                                   ("๖๒", "๖๑", "๖๐")])
def test_gregorian_or_two_digit_header_years_read_as_the_form_s(tmp_path: Path, audit: HrAudit,
                                                                years) -> None:
    """'ปี 2019' in a table header was read as the BE year 2019, so no figure of the table
    stood for 2562 (and 'ปี ๖๒' as no year at all); the audit now reads the same figures."""
    text = SSO_HR.read_text(encoding="utf-8")
    for stated, year in zip(years, ("๒๕๖๒", "๒๕๖๑", "๒๕๖๐"), strict=True):
        text = text.replace(f"ปีที่ {year}", f"ปี {stated}").replace(f"/ ปี {year}", f"/ ปี {stated}")
    assert "ปีที่ ๒๕๖" not in text
    path = tmp_path / "variant.txt"
    path.write_text(text, encoding="utf-8")
    variant = run_hr_audit(path, 2562)
    assert variant.report.header_years == audit.report.header_years
    assert variant.report.years("2.1.1") == [2562, 2561, 2560]
    assert len(variant.report.figures) == len(audit.report.figures)
    assert keyed(variant) == keyed(audit)


@pytest.mark.parametrize("typo", ["ปีที่ ๓๕๖๑", "ปีที่ 3000", "ปีที่ ๒๕๖", "ปีที่ ๒๕๖๑๑", "ปี ค.ศ. 18"])
def test_a_header_year_that_is_no_year_keeps_its_column(tmp_path: Path, typo: str) -> None:
    """A typo no year rule reads keeps its place: the column takes the year its position
    implies and the sequence check names the typo (the columns must not shift)."""
    variant = run_hr_audit(_variant(tmp_path, "ปีที่ ๒๕๖๑", typo, -1), 2562)
    assert variant.report.years("2.1.1") == [2562, 2561, 2560]
    sequence = [f for f in findings(variant, "header_year_sequence") if f.table != "2.5"]
    assert {f.table for f in sequence} == {"2.1", "2.2", "2.3"}    # 2.5: the seed's own typo
    assert all(f.year == 2561 and "จึงอ่านเป็นปี 2561" in f.message for f in sequence)
    assert not findings(variant, "sum")


def test_a_damaged_civil_servant_label_is_a_finding_not_silent_skips(tmp_path: Path,
                                                                     audit: HrAudit) -> None:
    """The checks that start from 2.1.1's civil servants were skipped with no finding (and
    the findings they had made vanished): the missing row is now an error naming the row the
    label of which could not be read."""
    path = _variant(tmp_path, "๑) ข้าราชการ\t", "๑) ขา้ราชการ\t")
    variant = run_hr_audit(path, 2562)
    missing = findings(variant, "row_missing")
    assert [(f.table, f.severity, f.actual, f.line) for f in missing] == [
        ("2.1.1", "error", ["1) ขา้ราชการ"], 174)]
    assert "ความครอบคลุมของการประเมิน (2.6.2)" in missing[0].message
    assert "'1) ขา้ราชการ'" in missing[0].message
    assert not findings(audit, "row_missing")                # the seed has the row
    skipped = {r.check for r in variant.log.runs if r.status == "skipped"}
    assert {"civil_servants_across_tables", "rated_coverage", "stock_flow"} <= skipped


def test_a_changed_total_is_found(tmp_path: Path) -> None:
    path = _variant(tmp_path, "ผลรวมกำลังคน\t๒,๒๓๕", "ผลรวมกำลังคน\t๒,๒๓๖")
    sums = [f for f in run_hr_audit(path, 2562).findings if f.check == "sum"]
    assert [(f.table, f.year, f.expected, f.actual) for f in sums] == \
        [("2.1.1", 2562, D(2235), D(2236))]


def test_a_missing_table_is_a_finding(tmp_path: Path) -> None:
    path = _variant(tmp_path, "## ๒.๔ จำนวนบุคลากร", "## จำนวนบุคลากร")
    audit = run_hr_audit(path, 2562)
    assert ("table_missing", "2.4", None) in keyed(audit)
    assert audit.report.select("2.4") == []


def test_wrong_year_requested_is_a_finding() -> None:
    audit = run_hr_audit(SSO_HR, 2563)
    assert ("report_year", "cover", 2563) in keyed(audit)


@pytest.mark.parametrize("content", [b"", b"  \n\n", b"\x00\x01binary"])
def test_empty_or_unreadable_report_is_an_input_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        load_hr_report(path)
    assert str(path) in str(err.value)


@pytest.mark.parametrize("cut", [50, 200, 2000, 9000, 20000, 40000])
def test_truncated_reports_never_crash(tmp_path: Path, cut: int) -> None:
    path = tmp_path / "cut.txt"
    path.write_text(SSO_HR.read_text(encoding="utf-8")[:cut], encoding="utf-8")
    audit = run_hr_audit(path)
    audit.to_json()
    assert audit.counts()["checks"] >= 1


# ----------------------------------------------------------------------------- review fixes

def test_blank_scale_cell_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    path = _variant(tmp_path, "\t๕.๐๐\t๐\t\t๕\t๕\t๕.๐๐", "\t๕.๐๐\t๐\t\t\t๕\t๕.๐๐")
    audit = run_hr_audit(path, 2562)
    levels = [f for f in audit.findings if f.check == "scorecard_levels"]
    assert {f.row for f in levels} == {"ตัวชี้วัด 1.1", "ตัวชี้วัด 11"}


def test_absurdly_large_number_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    path = _variant(tmp_path, "๑) ข้าราชการ\t๑,๘๕๖", "๑) ข้าราชการ\t1" + "0" * 28)
    audit = run_hr_audit(path, 2562)
    audit.to_json()
    bad = findings(audit, "implausible_number")
    assert [(f.table, f.year, f.line) for f in bad] == [("2.1.1", 2562, 174)]


def test_notebook_helpers_survive_tables_without_years(tmp_path: Path) -> None:
    from ita_audit.hr import report as view

    path = _variant(tmp_path, "## ๒.๔ จำนวนบุคลากร", "## จำนวนบุคลากร")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "รายการ\tปีที่ ๒๕๖๒\t\tปีที่ ๒๕๖๑\t\tปีที่ ๒๕๖๐\t", "รายการ\tx\t\tx\t\tx\t", 1),
        encoding="utf-8")
    audit = run_hr_audit(path, 2562)
    assert ("header_years_missing", "2.1", None) in keyed(audit)
    assert "อัตราการสูญเสียข้าราชการ -%" in view.indicators_sentence(audit)


def test_dollar_signs_in_report_text_are_literal_in_charts(tmp_path: Path) -> None:
    from ita_audit.hr import charts as hr_charts

    path = _variant(tmp_path, "<= ๒๔\t", "$x^$\t")
    report = run_hr_audit(path, 2562).report
    assert hr_charts.age_pyramid_chart(report).png().startswith(b"\x89PNG")


def test_oldest_first_header_years_are_read_as_written(tmp_path: Path) -> None:
    text = SSO_HR.read_text(encoding="utf-8")
    lines = text.split("\n")
    start = next(i for i, text in enumerate(lines) if text.startswith("รายการ\tปีที่ ๒๕๖๒\t\t\t"))
    def swap(line: str) -> str:
        cells = line.split("\t")
        return "\t".join([cells[0], *cells[7:10], *cells[4:7], *cells[1:4]])
    for i in range(start, start + 7):
        lines[i] = swap(lines[i]) if i != start else \
            "รายการ\tปีที่ ๒๕๖๐\t\t\tปีที่ ๒๕๖๑\t\t\tปีที่ ๒๕๖๒\t\t"
    path = tmp_path / "ordered.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    audit = run_hr_audit(path, 2562)
    assert audit.report.years("2.2") == [2560, 2561, 2562]
    assert audit.report.value("2.2", "total", "filled", 2562) == D(1856)
    assert not [f for f in audit.findings if f.table == "2.2" or
                f.check == "civil_servants_across_tables" and f.table == "2.2"]


def test_last_years_table_is_kept_as_written_and_flagged(tmp_path: Path) -> None:
    path = _variant(tmp_path, "รายการ\tปีที่ ๒๕๖๒\t\tปีที่ ๒๕๖๑\t\tปีที่ ๒๕๖๐\t",
                    "รายการ\tปีที่ ๒๕๖๑\t\tปีที่ ๒๕๖๐\t\tปีที่ ๒๕๕๙\t")
    audit = run_hr_audit(path, 2562)
    assert audit.report.years("2.1.1") == [2561, 2560, 2559]
    assert ("table_years_current", "2.1", 2562) in keyed(audit)


@pytest.mark.parametrize("line, table", [("ผลรวมกำลังคน\t", "2.1.1"), ("รวม\t๒,๐๔๑", "2.2"),
                                         ("รวม\t๑,๕๐๘", "2.3")])
def test_a_missing_total_row_is_a_finding(tmp_path: Path, line: str, table: str) -> None:
    text = SSO_HR.read_text(encoding="utf-8").split("\n")
    path = tmp_path / "nototal.txt"
    path.write_text("\n".join(t for t in text if not t.startswith(line)), encoding="utf-8")
    audit = run_hr_audit(path, 2562)
    assert ("row_missing", table, None) in keyed(audit)
    if table == "2.3":                               # still compared, from the parts
        assert ("civil_servants_across_tables", "2.3", 2561) in keyed(audit)


def test_over_counted_ratings_are_an_error(tmp_path: Path) -> None:
    path = _variant(tmp_path, "\tดีมาก\t๗๕.๔๐ - ๘๓.๐๙\t๒.๘๕ - ๒.๘๙\t๕\t๑๔๘",
                    "\tดีมาก\t๗๕.๔๐ - ๘๓.๐๙\t๒.๘๕ - ๒.๘๙\t๕\t๕,๐๐๐")
    over = [f for f in run_hr_audit(path, 2562).findings
            if f.check == "rated_coverage" and f.severity == "error"]
    assert len(over) == 1 and "มากกว่า" in over[0].message and "1/2562" in over[0].message


def test_duplicated_total_rows_are_each_checked(tmp_path: Path) -> None:
    path = _variant(tmp_path, "ผลรวมกำลังคน\t๒,๒๓๕", "ผลรวมกำลังคน\t๒,๒๓๕\t๑๐๐\t๒,๒๖๗\t๑๐๐\t"
                    "๒,๒๖๑\t๑๐๐\nผลรวมกำลังคน\t๒,๒๓๙")
    sums = [f for f in run_hr_audit(path, 2562).findings if f.check == "sum"]
    assert [(f.table, f.year, f.actual) for f in sums] == [("2.1.1", 2562, D(2239))]


def test_a_directory_is_not_a_report(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        load_hr_report(tmp_path)


def test_figures_are_saved_as_a_tidy_tsv(tmp_path: Path, audit: HrAudit) -> None:
    import csv

    from ita_audit.hr.parse import write_figures

    path = write_figures(audit.report, tmp_path / "hr_figures.tsv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert len(rows) == len(audit.report.figures)
    first = rows[0]
    assert (first["table"], first["key"], first["year"], first["value"], first["raw"],
            first["line"]) == ("2.1.1", "civil_servants", "2562", "1856", "1,856", "174")
    assert sum(r["dash_as_zero"] == "1" for r in rows) == 51


def test_a_two_digit_report_year_is_read_and_a_missing_one_is_an_error(tmp_path: Path) -> None:
    """'ประจำปี ๖๒' is 2562 (it was no year, and the report-date error went with it); a title
    with no year at all is an error saying what could not be checked."""
    import re

    text = (RAW / "sso-hr-annual-report-2562.txt").read_text(encoding="utf-8")
    stated = re.compile(r"(ประจำปี(?:งบประมาณ)?\s*(?:พ\.\s?ศ\.\s*)?)๒๕(๖๒)")
    assert len(stated.findall(text)) >= 5
    short = tmp_path / "short.txt"
    short.write_text(stated.sub(r"\1\2", text), encoding="utf-8")
    audit = run_hr_audit(short)
    assert audit.report.fiscal_year == 2562
    assert any(f.check == "report_date" and f.severity == "error" for f in audit.findings)
    none = tmp_path / "none.txt"
    none.write_text(stated.sub(r"\1", text), encoding="utf-8")
    audit = run_hr_audit(none)
    [finding] = [f for f in audit.findings if f.check == "report_year"]
    assert finding.severity == "error"
    assert finding.message.startswith("อ่านปีของรายงานจากหัวเรื่อง ('ประจำปี …') ไม่ได้ จึงตรวจ"
                                      "วันที่ทำรายงานและปีของตารางไม่ได้")


@pytest.mark.parametrize(("written", "how"), [("2019", "ค.ศ. 2019"), ("๖๒", "เลขสองหลัก '62'")])
def test_a_report_year_not_written_in_be_is_read_and_noted(tmp_path: Path, written: str,
                                                           how: str) -> None:
    """'ประจำปี 2019' and 'ประจำปี ๖๒' are read as 2562 (same findings otherwise) and noted
    as info, the reading being the audit's, not the agency's (before: silent)."""
    text = (RAW / "sso-hr-annual-report-2562.txt").read_text(encoding="utf-8")
    path = tmp_path / "variant.txt"
    path.write_text(text.replace("ประจำปี ๒๕๖๒", f"ประจำปี {written}", 1), encoding="utf-8")
    seed, variant = run_hr_audit(RAW / "sso-hr-annual-report-2562.txt"), run_hr_audit(path)
    assert variant.report.fiscal_year == 2562 and not findings(seed, "report_year_written")
    [note] = findings(variant, "report_year_written")
    assert (note.table, note.year, note.expected, note.actual, note.severity) == \
        ("cover", 2562, "ประจำปี 2562", written.replace("๖๒", "62"), "info")
    assert note.message == (f"หัวเรื่องเขียนปีของรายงานเป็น{how} จึงอ่านเป็นปี พ.ศ. 2562; แบบรายงาน"
                            "ของ สำนักงาน ก.พ. ใช้ปี พ.ศ. 4 หลัก ตรวจว่าเป็นปีเดียวกัน")
    assert keyed(variant) - keyed(seed) == {("report_year_written", "cover", 2562)}
    assert keyed(seed) <= keyed(variant)


def test_the_summary_explains_why_findings_are_fewer_than_failed_checks() -> None:
    """The record read '32 checks found something' beside '22 findings' with no word on why
    (visual review): one finding joins every round or year of one check."""
    from ita_audit.hr.report import summary_sentence

    audit = run_hr_audit(RAW / "sso-hr-annual-report-2562.txt", 2562)
    assert summary_sentence(audit).endswith(
        "; การตรวจ 32 รายการที่พบข้อผิดปกติรวมเป็นข้อค้นพบ 22 ข้อ เพราะข้อค้นพบหนึ่งข้อรวมทุกรอบ"
        "หรือทุกปีของการตรวจเดียวกัน")


def test_table_names_write_digits_as_the_messages_do() -> None:
    """A findings row read '๒.๕.๑ งบประมาณ' beside 'ตาราง 2.5.1 …' (visual review): table
    names use Arabic digits, as every message does."""
    import re

    from ita_audit.hr.report import findings_frame

    frame = findings_frame(run_hr_audit(RAW / "sso-hr-annual-report-2562.txt", 2562))
    share = frame[frame["การตรวจ"] == "share"].iloc[0]
    assert share["ตาราง"] == "2.5.1 งบประมาณ" and share["รายละเอียด"].startswith("ตาราง 2.5.1 ")
    assert not [name for name in frame["ตาราง"] if re.search("[๐-๙]", name)]
