"""Consistency checks of an HR report: every stated total, share and ratio is re-derived.

Rules (all exact, on the stated figures as ``Decimal``):

* **Totals.** A stated total equals the sum of its parts. Head counts must add up exactly;
  amounts stated with decimals may differ by the rounding of the parts and the total,
  ``(k + 1) × ½`` unit of the last stated decimal (:func:`~ita_audit.findings.sum_tolerance`).
* **Shares.** A stated share is consistent when it equals ``part ÷ total × 100`` rounded half-up
  to two decimals.
* **Ratios.** A stated cost per unit equals cost ÷ units rounded half-up to two decimals; a
  scorecard weighted score equals weight × self-score ÷ the scale's maximum, likewise.
* **Across tables**, per year: civil servants in 2.1 = filled posts in 2.2 = the age total in
  2.3; last year's civil servants + entries − losses = this year's.

A check that holds is only counted; one that does not becomes a finding.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from ita_audit.findings import (
    CheckLog,
    CheckRun,
    Finding,
    decimals_of,
    round_half_up,
    share_of,
    sum_tolerance,
)
from ita_audit.hr.indicators import rederived_scores
from ita_audit.hr.parse import PERFORMANCE_LEVELS, Figure, HrReport, PerformanceBand
from ita_audit.view.numbers import format_number

SUM_TABLES = ("2.1.1", "2.1.2", "2.2", "2.3", "2.4", "2.5.2")
SHARE_TABLES = {"2.1.1": "count", "2.1.2": "count", "2.5.1": "value", "2.5.2": "value"}
COSTING_HEADCOUNT_TOLERANCE = Decimal("0.05")   # beyond 5 % of the workforce: an error


def check_report(report: HrReport, fiscal_year: int | None = None) -> CheckLog:
    """Run every check on a parsed report; parse problems are carried over as findings."""
    log = CheckLog()
    for finding in report.findings:
        log.report(finding)
    _check_report_year(report, fiscal_year, log)
    _check_header_years(report, log)
    _check_sums(report, log)
    _check_shares(report, log)
    _check_vacancies(report, log)
    _check_cross_tables(report, log)
    _check_stock_flow(report, log)
    _check_unit_costs(report, log)
    _check_costing_headcount(report, log)
    _check_training_cost(report, log)
    _check_performance(report, log)
    _check_rated(report, log)
    _check_scorecard(report, log)
    _check_scorecard_detail(report, log)
    _check_self_scores(report, log)
    _check_charts(report, log)
    return log


# ----------------------------------------------------------------------------- report-level

def _check_year_written(report: HrReport, log: CheckLog) -> None:
    """The form writes its year in 4 BE digits ("ประจำปี ๒๕๖๒"); a CE year ("2019") or the BE
    year's last 2 digits ("๖๒") is read as BE all the same, and noted for the auditor, since
    it is a reading of what the agency wrote, not what it wrote."""
    written, year = report.fiscal_year_written, report.fiscal_year
    how = f"ค.ศ. {written}" if len(written) == 4 else f"เลขสองหลัก '{written}'"
    log.check(written == str(year), check="report_year_written", table="cover",
              year=year, expected=f"ประจำปี {year}", actual=written, severity="info",
              message=f"หัวเรื่องเขียนปีของรายงานเป็น{how} จึงอ่านเป็นปี พ.ศ. {year}; แบบรายงานของ "
                      "สำนักงาน ก.พ. ใช้ปี พ.ศ. 4 หลัก ตรวจว่าเป็นปีเดียวกัน")


def _check_report_year(report: HrReport, fiscal_year: int | None, log: CheckLog) -> None:
    if report.fiscal_year is None:
        # without its year, the report date and the tables' years cannot be checked
        log.check(False, check="report_year", table="cover", year=fiscal_year,
                  expected="ประจำปี <ปีงบประมาณ>", actual=None, severity="error",
                  message="อ่านปีของรายงานจากหัวเรื่อง ('ประจำปี …') ไม่ได้"
                          + (f" จึงตรวจเทียบกับปี {fiscal_year} ที่ระบุ" if fiscal_year else
                             " จึงตรวจวันที่ทำรายงานและปีของตารางไม่ได้; ระบุปีที่ตรวจ "
                             "(--fiscal-year หรือ fiscal_year ในไฟล์ params)"))
    elif fiscal_year is not None:
        log.check(report.fiscal_year == fiscal_year, check="report_year", table="cover",
                  year=fiscal_year, expected=fiscal_year, actual=report.fiscal_year,
                  severity="error",
                  message=f"พารามิเตอร์ระบุปี {fiscal_year} แต่รายงานเป็นของปี {report.fiscal_year}")
    if report.fiscal_year is not None:
        _check_year_written(report, log)
    year = report.fiscal_year or fiscal_year
    if year is None:
        return
    if report.report_date is None:
        log.check(False, check="report_date", table="cover", year=year,
                  expected="วันที่ทำรายงาน", actual=report.report_date_raw or None,
                  severity="warning", line=report.report_date_line,
                  message=f"อ่านวันที่ทำรายงาน ('{report.report_date_raw or 'ไม่มี'}') ไม่ได้")
        return
    year_end = date(year - 543, 9, 30)
    log.check(report.report_date > year_end, check="report_date", table="cover", year=year,
              expected=f"หลัง 30 กันยายน {year}", actual=report.report_date_raw,
              severity="error", line=report.report_date_line, row="วัน เดือน ปี ที่ทำงาน",
              message=f"วันที่ทำรายงาน '{report.report_date_raw}' อยู่ก่อนสิ้นปีงบประมาณ {year} "
                      f"(30 กันยายน {year}) ที่รายงานนี้รายงานผล")


def _check_header_years(report: HrReport, log: CheckLog) -> None:
    if report.fiscal_year is not None:
        for table in ("2.1", "2.2", "2.3", "2.4", "2.5"):
            years = report.header_years.get(table)
            if years is None:
                continue
            cell = next(c for c in report.header_cells if c.table == table)
            log.check(report.fiscal_year in years, check="table_years_current", table=table,
                      year=report.fiscal_year, expected=report.fiscal_year, actual=years,
                      severity="error", row="หัวตาราง", line=cell.line,
                      message=f"ตาราง {table} มีข้อมูลปี {', '.join(map(str, years))} แต่ไม่มีปี "
                              f"{report.fiscal_year} ที่รายงานนี้รายงาน (คัดลอกตารางของปีก่อนมาหรือไม่)")
    for cell in report.header_cells:
        log.check(cell.stated == cell.expected, check="header_year_sequence", table=cell.table,
                  year=cell.expected, expected=cell.expected, actual=cell.stated,
                  severity="warning", row="หัวตาราง", line=cell.line,
                  message=f"ตาราง {cell.table}: หัวตารางคอลัมน์ปีที่ {cell.position} เขียน "
                          f"{cell.stated} ผิดลำดับปี จึงอ่านเป็นปี {cell.expected}")


# ----------------------------------------------------------------------------- within a table

def _groups(report: HrReport, table: str) -> dict[tuple[str, int | None, str], list[Figure]]:
    grouped: dict[tuple[str, int | None, str], list[Figure]] = defaultdict(list)
    for figure in report.select(table):
        grouped[(figure.group, figure.year, figure.column)].append(figure)
    return grouped


def _check_sums(report: HrReport, log: CheckLog) -> None:
    missing_totals: dict[tuple[str, str], Figure] = {}
    for table in SUM_TABLES:
        for (group, year, column), figures in _groups(report, table).items():
            if column == "share":
                continue
            totals = [f for f in figures if f.kind == "total"]
            parts = [f for f in figures if f.kind == "part"]
            if not parts:
                continue
            if not totals:
                missing_totals.setdefault((table, group), parts[0])
                log.skip(check="sum", table=table, year=year, row="รวม")
                continue
            where = f"{table}{' ' + group if group else ''}"
            for total in totals:                     # a duplicated total row is checked too
                if total.value is None or any(p.value is None for p in parts):
                    log.skip(check="sum", table=table, year=year, row=total.row)
                    continue
                computed = sum((p.value for p in parts), Decimal(0))  # type: ignore[misc]
                tolerance = sum_tolerance([p.value for p in parts], total.value)  # type: ignore[misc]
                log.check(abs(computed - total.value) <= tolerance, check="sum", table=table,
                          year=year, expected=computed, actual=total.value, severity="error",
                          row=total.row, line=total.line,
                          message=f"ตาราง {where} ปี {year} คอลัมน์ {column}: '{total.row}' ระบุ "
                                  f"{format_number(total.value)} แต่ผลรวมของ {len(parts)} รายการคือ "
                                  f"{format_number(computed)}")
    for (table, group), first in missing_totals.items():
        log.report(Finding(
            "row_missing", table, None, "แถวรวม", None, "error",
            f"ตาราง {table}{' ' + group if group else ''} ไม่มีแถวรวม (หรือแถวหัวกลุ่ม) "
            "จึงตรวจผลรวมไม่ได้", row="รวม", line=first.line))


def _check_shares(report: HrReport, log: CheckLog) -> None:
    for table, base in SHARE_TABLES.items():
        by_row: dict[tuple[str, int | None, str], dict[str, Figure]] = defaultdict(dict)
        for figure in report.select(table):
            by_row[(figure.group, figure.year, figure.row)][figure.column] = figure
        for (group, year, row), columns in by_row.items():
            share, count = columns.get("share"), columns.get(base)
            if share is None:
                continue
            total = next((f for f in report.select(table, column=base, year=year, group=group,
                                                   kind="total")), None)
            if share.value is None or count is None or count.value is None or total is None \
                    or total.value in (None, 0):
                log.skip(check="share", table=table, year=year, row=row)
                continue
            expected = share_of(count.value, total.value)  # type: ignore[arg-type]
            log.check(expected == share.value, check="share", table=table, year=year,
                      expected=expected, actual=share.value,
                      severity="warning" if abs(expected - share.value) <= Decimal("0.05")  # type: ignore[operator]
                      else "error", row=row, line=share.line,
                      message=f"ตาราง {table} ปี {year} '{row}': สัดส่วนระบุ {format_number(share.value)} แต่ "
                              f"{format_number(count.value)} ÷ {format_number(total.value)} × 100 = {expected} "
                              "(ปัดสองตำแหน่ง)")


def _check_vacancies(report: HrReport, log: CheckLog) -> None:
    """2.2: establishment − filled = vacant, row by row and year by year."""
    rows: dict[tuple[str, int | None], dict[str, Figure]] = defaultdict(dict)
    for figure in report.select("2.2"):
        rows[(figure.row, figure.year)][figure.column] = figure
    for (row, year), cols in rows.items():
        est, filled, vacant = (cols.get(c) for c in ("establishment", "filled", "vacant"))
        if not (est and filled and vacant) or None in (est.value, filled.value, vacant.value):
            log.skip(check="vacancy", table="2.2", year=year, row=row)
            continue
        expected = est.value - filled.value  # type: ignore[operator]
        log.check(expected == vacant.value, check="vacancy", table="2.2", year=year,
                  expected=expected, actual=vacant.value, severity="error", row=row,
                  line=vacant.line,
                  message=f"ตาราง 2.2 ปี {year} '{row}': อัตราว่างระบุ {format_number(vacant.value)} แต่กรอบ "
                          f"{format_number(est.value)} − คนครอง {format_number(filled.value)} = {format_number(expected)}")


# ----------------------------------------------------------------------------- across tables

def civil_servants(report: HrReport, year: int) -> dict[str, Decimal | None]:
    """Civil servants of ``year`` as each table states them."""
    female = _total_or_parts(report, "2.3", "female", year)
    male = _total_or_parts(report, "2.3", "male", year)
    return {"2.1.1": report.value("2.1.1", "civil_servants", "count", year),
            "2.2": _total_or_parts(report, "2.2", "filled", year),
            "2.3": None if female is None or male is None else female + male}


def _total_or_parts(report: HrReport, table: str, column: str, year: int) -> Decimal | None:
    """The stated total, or the sum of the parts when the total row is missing."""
    stated = report.value(table, "total", column, year)
    if stated is not None or report.select(table, key="total", column=column, year=year):
        return stated
    parts = report.select(table, column=column, year=year, kind="part")
    if not parts or any(p.value is None for p in parts):
        return None
    return sum((p.value for p in parts), Decimal(0))  # type: ignore[misc]


def _check_cross_tables(report: HrReport, log: CheckLog) -> None:
    for year in report.years("2.1.1"):
        counts = civil_servants(report, year)
        base = counts["2.1.1"]
        for table in ("2.2", "2.3"):
            other = counts[table]
            if base is None or other is None:
                log.skip(check="civil_servants_across_tables", table=table, year=year)
                continue
            what = "ผู้ครองตำแหน่งรวม" if table == "2.2" else "ผลรวมชาย+หญิงของโครงสร้างอายุ"
            line = (report.select(table, key="total", year=year) or [None])[0]
            log.check(base == other, check="civil_servants_across_tables", table=table,
                      year=year, expected=base, actual=other, severity="error", row="รวม",
                      line=line.line if line else None,
                      message=f"ปี {year}: ข้าราชการในตาราง 2.1 มี {format_number(base)} คน แต่{what}ในตาราง "
                              f"{table} คือ {format_number(other)} คน (ต่าง {format_number(other - base)})")


def _check_stock_flow(report: HrReport, log: CheckLog) -> None:
    """Last year's civil servants + entries − losses should give this year's (2.1)."""
    years = report.years("2.1.1")
    for year in years:
        if year - 1 not in years:
            continue
        before = report.value("2.1.1", "civil_servants", "count", year - 1)
        now = report.value("2.1.1", "civil_servants", "count", year)
        entries = report.value("2.1.2", "total", "count", year, group="entry")
        losses = report.value("2.1.2", "total", "count", year, group="loss")
        if None in (before, now, entries, losses):
            log.skip(check="stock_flow", table="2.1", year=year)
            continue
        expected = before + entries - losses  # type: ignore[operator]
        log.check(expected == now, check="stock_flow", table="2.1", year=year,
                  expected=expected, actual=now, severity="warning", row="ข้าราชการ",
                  message=f"ปี {year}: ข้าราชการปี {year - 1} {format_number(before)} + เข้า {format_number(entries)} "
                          f"− ออก {format_number(losses)} = {format_number(expected)} แต่ตาราง 2.1 ระบุ {format_number(now)} "
                          f"(ต่าง {format_number(now - expected)}; อาจมีการเคลื่อนไหวที่ไม่ได้รายงาน)")  # type: ignore[operator]


def _check_unit_costs(report: HrReport, log: CheckLog) -> None:
    ratios = (("admin_cost_per_head", "admin_cost", "costing_headcount",
               "ต้นทุนต่อหน่วยด้านบริหารบุคลากร"),
              ("development_cost_per_hour", "development_cost", "training_hours",
               "ต้นทุนต่อชั่วโมงการฝึกอบรม"))
    for year in report.years("2.5.3"):
        for stated_key, cost_key, unit_key, label in ratios:
            stated = report.value("2.5.3", stated_key, "value", year)
            cost = report.value("2.5.3", cost_key, "value", year)
            units = report.value("2.5.3", unit_key, "value", year)
            if None in (stated, cost, units) or units == 0:
                log.skip(check="unit_cost", table="2.5.3", year=year, row=label)
                continue
            expected = round_half_up(cost / units)  # type: ignore[operator]
            line = report.select("2.5.3", key=stated_key, year=year)[0].line
            log.check(expected == stated, check="unit_cost", table="2.5.3", year=year,
                      expected=expected, actual=stated, severity="error", row=label, line=line,
                      message=f"ตาราง 2.5.3 ปี {year}: {label} ระบุ {format_number(stated)} แต่ {format_number(cost)} ÷ "
                              f"{format_number(units)} = {format_number(expected)}")


def _check_costing_headcount(report: HrReport, log: CheckLog) -> None:
    """The head count behind the HR cost per head should be the workforce of 2.1."""
    for year in report.years("2.5.3"):
        headcount = report.value("2.5.3", "costing_headcount", "value", year)
        workforce = report.value("2.1.1", "total", "count", year)
        if headcount is None or workforce is None or workforce == 0:
            log.skip(check="costing_headcount", table="2.5.3", year=year)
            continue
        gap = (headcount - workforce) / workforce
        severity = "error" if abs(gap) > COSTING_HEADCOUNT_TOLERANCE else "info"
        line = report.select("2.5.3", key="costing_headcount", year=year)[0].line
        log.check(headcount == workforce, check="costing_headcount", table="2.5.3", year=year,
                  expected=workforce, actual=headcount, severity=severity,
                  row="จำนวนบุคลากรที่ใช้คำนวณ", line=line,
                  message=f"ปี {year}: ตาราง 2.5.3 คำนวณต้นทุนจากบุคลากร {format_number(headcount)} คน "
                          f"แต่กำลังคนรวมในตาราง 2.1 คือ {format_number(workforce)} คน (ต่าง "
                          f"{format_number(round_half_up(gap * 100))}%)")


def _check_training_cost(report: HrReport, log: CheckLog) -> None:
    """2.5.2 training expense and 2.5.3 HR development cost: one cannot be nil if the other
    is not (different bases, so only presence is compared)."""
    for year in report.years("2.5.3"):
        training = report.value("2.5.2", "training", "value", year)
        development = report.value("2.5.3", "development_cost", "value", year)
        if training is None or development is None:
            log.skip(check="training_cost_presence", table="2.5.2", year=year)
            continue
        log.check((training == 0) == (development == 0), check="training_cost_presence",
                  table="2.5.2", year=year, expected="มีค่าใช้จ่าย" if development else 0,
                  actual=training, severity="warning", row="ค่าใช้จ่ายด้านการฝึกอบรม",
                  message=f"ปี {year}: ตาราง 2.5.2 ระบุค่าใช้จ่ายด้านการฝึกอบรม {format_number(training)} "
                          f"ล้านบาท แต่ตาราง 2.5.3 ระบุต้นทุนด้านการพัฒนาทรัพยากรบุคคล "
                          f"{format_number(development)} บาท")


# ----------------------------------------------------------------------------- 2.6.2

def _rounds(report: HrReport) -> dict[tuple[int, int], list[PerformanceBand]]:
    """2.6.2's bands grouped by (year, round), in report order."""
    rounds: dict[tuple[int, int], list[PerformanceBand]] = defaultdict(list)
    for band in report.performance:
        rounds[(band.year, band.round)].append(band)
    return rounds


def _check_performance(report: HrReport, log: CheckLog) -> None:
    """Per round: score and raise bands of consecutive levels must meet without gaps; the
    people rated should not exceed the civil servants who could be rated."""
    for (year, round_no), bands in _rounds(report).items():
        ordered = sorted(bands, key=lambda b: PERFORMANCE_LEVELS.index(b.level)
                         if b.level in PERFORMANCE_LEVELS else len(PERFORMANCE_LEVELS))
        for upper, lower in zip(ordered, ordered[1:]):
            for what, hi_raw, lo_raw, hi_range, lo_range in (
                    ("ช่วงคะแนน", upper.score_raw, lower.score_raw, upper.score_range,
                     lower.score_range),
                    ("ช่วงร้อยละการเลื่อนเงินเดือน", upper.raise_raw, lower.raise_raw,
                     upper.raise_range, lower.raise_range)):
                if not any(ch.isdigit() for ch in hi_raw) or \
                        not any(ch.isdigit() for ch in lo_raw):
                    continue                        # "ไม่ได้เลื่อน": no band to compare
                if hi_range is None or lo_range is None or hi_range.low is None \
                        or lo_range.high is None:
                    log.skip(check="band_contiguity", table="2.6.2", year=year,
                             row=f"รอบ {round_no} {lower.level}")
                    continue
                places = decimals_of([lo_range.high, hi_range.low])
                step = Decimal(0) if lo_range.high_exclusive else Decimal(10) ** -places
                expected = lo_range.high + step
                log.check(hi_range.low == expected, check="band_contiguity", table="2.6.2",
                          year=year, expected=expected, actual=hi_range.low, severity="warning",
                          row=f"รอบ {round_no}/{year} {upper.level}", line=upper.line,
                          message=f"ตาราง 2.6.2 รอบ {round_no}/{year}: {what}ระดับ'{upper.level}' "
                                  f"({hi_raw}) ไม่ต่อกับระดับ'{lower.level}' ({lo_raw}); "
                                  f"ควรเริ่มที่ {format_number(expected)}")


def _check_rated(report: HrReport, log: CheckLog) -> None:
    """Each round should rate every civil servant of its year (2.1), and no more managers than
    hold executive and managerial posts (2.2). One finding per check lists every round."""
    under: list[str] = []
    over: list[str] = []
    oversize: list[str] = []
    for (year, round_no), bands in _rounds(report).items():
        rated = sum((v for b in bands for v in b.counts.values() if v is not None), Decimal(0))
        servants = report.value("2.1.1", "civil_servants", "count", year)
        if not servants:
            log.skip(check="rated_coverage", table="2.6.2", year=year)
        else:
            log.runs.append(CheckRun("rated_coverage", "2.6.2", year,
                                     "ok" if rated == servants else "finding", f"รอบ {round_no}"))
            if rated != servants:
                (under if rated < servants else over).append(
                    f"รอบ {round_no}/{year} {format_number(rated)} คน จากข้าราชการ {format_number(servants)} คน "
                    f"({format_number(round_half_up(rated * 100 / servants))}%)")
        groups = [g for g in bands[0].counts if "อำนวยการ" in g]
        posts = [report.value("2.2", k, "filled", year) for k in ("executive", "managerial")]
        if not groups or any(p is None for p in posts):
            continue
        managers = sum((b.counts.get(g) or Decimal(0) for b in bands for g in groups), Decimal(0))
        filled = sum(posts, Decimal(0))  # type: ignore[arg-type]
        log.runs.append(CheckRun("rated_group_size", "2.6.2", year,
                                 "ok" if managers <= filled else "finding", f"รอบ {round_no}"))
        if managers > filled:
            oversize.append(f"รอบ {round_no}/{year} {format_number(managers)} คน (ครองตำแหน่ง {format_number(filled)})")
    for rounds_found, word, severity in ((under, "น้อยกว่า", "warning"),
                                         (over, "มากกว่า", "error")):
        if rounds_found:
            log.findings.append(Finding(
                "rated_coverage", "2.6.2", None, "ข้าราชการทุกคนในตาราง 2.1",
                "; ".join(rounds_found), severity,  # type: ignore[arg-type]
                f"ตาราง 2.6.2 นับผู้ได้รับการประเมิน{word}ข้าราชการในตาราง 2.1: "
                + "; ".join(rounds_found), row="จำนวนข้าราชการ"))
    if oversize:
        log.findings.append(Finding(
            "rated_group_size", "2.6.2", None, "ไม่เกินผู้ครองตำแหน่งบริหาร+อำนวยการ (ตาราง 2.2)",
            "; ".join(oversize), "warning",
            "ตาราง 2.6.2 ประเมินกลุ่มอำนวยการมากกว่าผู้ครองตำแหน่งประเภทบริหารและอำนวยการในตาราง "
            "2.2: " + "; ".join(oversize), row="อำนวยการ"))


# ----------------------------------------------------------------------------- scorecard

def scale_maximum(levels: tuple[Decimal | None, ...]) -> tuple[Decimal | None, bool]:
    """The top of an item's scoring scale, and whether the stated levels are well formed
    (strictly increasing). Malformed levels (``1 1 1``) fall back to the form's 1..n scale."""
    stated = [v for v in levels if v is not None]
    if len(stated) < 2:
        return (Decimal(len(levels)) if levels else None), False
    ok = all(a < b for a, b in zip(stated, stated[1:])) and stated[-1] > 0
    return (stated[-1] if ok else Decimal(len(levels))), ok


def _check_scorecard(report: HrReport, log: CheckLog) -> None:
    rows = report.scorecard
    if not rows:
        return
    table = "scorecard"
    dimensions = [r for r in rows if r.kind == "dimension"]
    items = [r for r in rows if r.kind == "item"]
    for item in items:
        maximum, well_formed = scale_maximum(item.levels)
        levels_text = " ".join("-" if v is None else format_number(v) for v in item.levels)
        log.check(well_formed, check="scorecard_levels", table=table, year=None,
                  expected="เกณฑ์เรียงจากน้อยไปมาก", actual=levels_text, severity="warning",
                  row=f"ตัวชี้วัด {item.item}", line=item.line,
                  message=f"HR Scorecard ตัวชี้วัด {item.item}: เกณฑ์การให้คะแนน '{levels_text}' "
                          f"ไม่ครบหรือไม่เรียงจากน้อยไปมาก (น่าจะพิมพ์ผิด) จึงใช้สเกล 1–{format_number(maximum)}")
        if item.score is None or maximum is None:
            log.skip(check="scorecard_score_range", table=table, year=None, row=item.item)
            continue
        log.check(item.score <= maximum, check="scorecard_score_range", table=table, year=None,
                  expected=f"≤ {format_number(maximum)}", actual=item.score, severity="error",
                  row=f"ตัวชี้วัด {item.item}", line=item.line,
                  message=f"HR Scorecard ตัวชี้วัด {item.item}: คะแนนที่ได้ {format_number(item.score)} "
                          f"เกินคะแนนเต็มของเกณฑ์ ({format_number(maximum)})")
        if item.weight is None or item.weighted is None:
            log.skip(check="scorecard_weighted", table=table, year=None, row=item.item)
            continue
        expected = round_half_up(item.weight * min(item.score, maximum) / maximum)
        log.check(expected == item.weighted, check="scorecard_weighted", table=table, year=None,
                  expected=expected, actual=item.weighted, severity="error",
                  row=f"ตัวชี้วัด {item.item}", line=item.line,
                  message=f"HR Scorecard ตัวชี้วัด {item.item}: คะแนนถ่วงน้ำหนักระบุ "
                          f"{format_number(item.weighted)} แต่ {format_number(item.weight)} × {format_number(item.score)} ÷ "
                          f"{format_number(maximum)} = {format_number(expected)}")
    for dim in dimensions:
        members = [i for i in items if i.dimension == dim.dimension]
        _check_total(log, f"มิติที่ {dim.dimension} น้ำหนัก", dim.weight,
                     [i.weight for i in members], dim.line)
        subtotal = dim.weighted if dim.weighted is not None else dim.score
        log.check(dim.weighted is not None or dim.score is None, check="scorecard_layout",
                  table=table, year=None, expected="คอลัมน์คะแนนถ่วงน้ำหนัก",
                  actual="คอลัมน์ค่าคะแนนที่ได้", severity="info", row=f"มิติที่ {dim.dimension}",
                  line=dim.line,
                  message=f"HR Scorecard มิติที่ {dim.dimension}: คะแนนรวมของมิติ ({format_number(subtotal)}) "
                          "อยู่ในคอลัมน์ 'ค่าคะแนนที่ได้' แทนคอลัมน์ 'คะแนนถ่วงน้ำหนัก'")
        _check_total(log, f"มิติที่ {dim.dimension} คะแนนถ่วงน้ำหนัก", subtotal,
                     [i.weighted for i in members], dim.line)
    for total in (r for r in rows if r.kind == "total"):
        _check_total(log, "น้ำหนักรวม", total.weight, [d.weight for d in dimensions], total.line)
        _check_total(log, "คะแนนรวม (รายตัวชี้วัด)", total.weighted, [i.weighted for i in items],
                     total.line)
        subtotals = [d.weighted if d.weighted is not None else d.score for d in dimensions]
        _check_total(log, "คะแนนรวม (รายมิติ)", total.weighted, subtotals, total.line)


def _check_total(log: CheckLog, what: str, stated: Decimal | None,
                 parts: list[Decimal | None], line: int) -> None:
    if stated is None or not parts or any(p is None for p in parts):
        log.skip(check="scorecard_sum", table="scorecard", year=None, row=what)
        return
    computed = sum(parts, Decimal(0))  # type: ignore[arg-type]
    tolerance = sum_tolerance(parts, stated)  # type: ignore[arg-type]
    log.check(abs(computed - stated) <= tolerance, check="scorecard_sum", table="scorecard",
              year=None, expected=computed, actual=stated, severity="error", row=what, line=line,
              message=f"HR Scorecard {what}: ระบุ {format_number(stated)} แต่ผลรวมของ {len(parts)} รายการคือ "
                      f"{format_number(computed)} (ยอมให้ต่างจากการปัดเศษได้ {format_number(tolerance)})")


def _check_scorecard_detail(report: HrReport, log: CheckLog) -> None:
    """Detail pages against the summary: the same number, weight and self-score per item."""
    summary = {r.item: r for r in report.scorecard if r.kind == "item"}
    for detail in report.scorecard_detail:
        row = summary.get(detail.item)
        where = f"ตัวชี้วัด {detail.item}"
        log.check(detail.number_written == detail.item, check="scorecard_numbering",
                  table="scorecard_detail", year=None, expected=detail.item,
                  actual=detail.number_written, severity="warning", row=where, line=detail.line,
                  message=f"รายละเอียด HR Scorecard บรรทัด {detail.line}: '{detail.name}' ใส่เลข "
                          f"{detail.number_written}) แต่ในตารางสรุปคือตัวชี้วัด {detail.item}")
        if row is None:
            continue
        for what, stated, summary_value in (("น้ำหนัก", detail.weight, row.weight),
                                            ("คะแนนที่ได้", detail.score, row.score)):
            if stated is None or summary_value is None:
                log.skip(check="scorecard_detail_agrees", table="scorecard_detail", year=None,
                         row=where)
                continue
            log.check(stated == summary_value, check="scorecard_detail_agrees",
                      table="scorecard_detail", year=None, expected=summary_value, actual=stated,
                      severity="error", row=where, line=detail.line,
                      message=f"HR Scorecard {where}: {what}ในหน้ารายละเอียด {format_number(stated)} ไม่ตรงกับ"
                              f"ตารางสรุป {format_number(summary_value)}")


def _check_self_scores(report: HrReport, log: CheckLog) -> None:
    """Self-scores that the report's own data can re-derive (see ita_audit.hr.indicators)."""
    for row in rederived_scores(report).itertuples(index=False):
        if row.derived is None or row.self_score is None:
            log.skip(check="self_score", table="scorecard", year=row.year, row=row.item)
            continue
        log.check(row.derived == row.self_score, check="self_score", table="scorecard",
                  year=row.year, expected=row.derived, actual=row.self_score, severity="warning",
                  row=f"ตัวชี้วัด {row.item}",
                  message=f"HR Scorecard ตัวชี้วัด {row.item}: ประเมินตนเอง {row.self_score} คะแนน "
                          f"แต่ข้อมูลในรายงานให้ {row.derived} คะแนน ({row.basis})")


def _check_charts(report: HrReport, log: CheckLog) -> None:
    if not report.required_charts:
        return
    log.check(report.has_images, check="charts_present", table="appendix", year=None,
              expected=report.required_charts, actual=[], severity="warning",
              row="ภาคผนวก",
              message=f"ภาคผนวกกำหนดแผนภาพ {', '.join(report.required_charts)} แต่ไม่มีภาพใดในรายงาน "
                      "(บันทึกนี้วาดให้จากตัวเลขในรายงาน)")
