"""Checks on a parsed improvement-plan progress report (:mod:`ita_audit.plan.parse`).

Every check is logged in a :class:`~ita_audit.findings.CheckLog`; a check that does not hold
becomes a finding that names the indicator (``table``), the measure (``row``) and the line.

Rules
=====
- **Report date** (``report_date``, ``weekday``): the report must state its date; a stated
  weekday ("วันพฤหัสบดีที่ …") must be the weekday of that date.
- **Every indicator** (``indicator_missing``): indicators 1 to the last of the plan year's
  criteria (or to the last the report has) each have a heading; a missing one is an error (an
  unread heading gives its measures to the indicator before; a report cut short loses its
  last indicators).
- **Indicators** (``indicator_score``, ``indicator_below_target``, ``indicator_measures``,
  ``indicator_issues``): each indicator states its score; below :data:`TARGET_SCORE` is a
  finding that says how many measures address the indicator and how many are done; an
  indicator without measures, and an IIT/EIT indicator without the issues the previous
  assessment raised, are findings too. "คะแนนรวม ๑๐๐" may be the maximum rather than a
  result, so it is reported as a note.
- **Measures** (``owner``, ``period``, ``period_in_plan_year``, ``status``, ``overdue``,
  ``narrative``): every measure needs a responsible unit and a readable period (garbled month
  abbreviations are reported with the raw text, never guessed); dated periods must fall in
  the plan's fiscal year; exactly one status must be ticked; a measure not done whose period
  ended before the report date is overdue; a measure ticked done needs a narrative.
- **Done but pending** (``done_but_pending``): a measure ticked done whose narrative contains
  a phrase from :data:`PENDING_PHRASES`. The narrative is tokenised with pythainlp
  (``word_tokenize``, newmm) and a phrase counts only where it starts and ends on token
  boundaries, so "รอ" never matches inside "รอบ". Phrases saying work is still under way or
  not finished are errors; phrases saying the unit is still waiting for others' data are
  warnings.
- **Dates in the text** (``date_after_report``, ``date_before_plan``): every date, month or
  year written in the measures, narratives and issues is compared with the report date. Any
  later than the report date is an error (a report cannot describe the future as done); a
  narrative date before the plan's fiscal year began is a warning (progress on a 2565 plan
  dated 2564 is usually a typo). Periods (planned windows) are exempt from the first rule.
- **Layout** (``alignment``, ``numbering``): rows whose text, period, owner or status had to
  be shared by several measures are notes; fields that could not be matched are warnings;
  gaps or repeats in the plan's own measure numbering are notes.
- **OIT coverage** (``oit_coverage``): for plans that list OIT items, each item of the plan
  year's criteria should have a measure; missing items are notes.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from ita_audit.findings import CheckLog, Finding, Severity
from ita_audit.plan.parse import Measure, PlanIndicator, PlanReport
from ita_audit.thai import Period, extract_periods, fiscal_year_bounds, thai_date

TARGET_SCORE = Decimal("85")
SMALL_TEXT = 3000        # characters; see token_boundaries

# Phrases that contradict a "done" tick, by what they say (documented in the module docstring).
PENDING_PHRASES: dict[str, tuple[str, ...]] = {
    "still_under_way": ("อยู่ระหว่าง", "อยู่ในระหว่าง", "ระหว่างดำเนินการ", "ระหว่างการดำเนินการ",
                        "อยู่ในขั้นตอน", "ยังไม่แล้วเสร็จ", "ยังไม่เสร็จ", "ยังไม่ได้", "ยังไม่มี",
                        "รอการอนุมัติ", "รอเสนอ", "รอผล", "จะได้", "จะดำเนินการ", "จะจัดทำ"),
    "awaiting_others": ("ขอความร่วมมือส่ง", "ขอให้ส่ง", "รอข้อมูล", "รอการตอบกลับ"),
}
_PENDING_SEVERITY: dict[str, Severity] = {"still_under_way": "error", "awaiting_others": "warning"}
_PENDING_TH = {"still_under_way": "ยังดำเนินการไม่แล้วเสร็จ", "awaiting_others": "ยังรอข้อมูลจากผู้อื่น"}
WEEKDAYS_TH = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")
_DAY_KINDS = ("date", "date_range")
_MONTH_KINDS = ("month", "month_range")
_YEAR_KINDS = ("year", "fiscal_year", "gregorian_year", "year_range")
_FIELD_TH = {"text": "ข้อความมาตรการ", "narrative": "ผลการดำเนินการ", "issue": "ประเด็นที่ต้องปรับปรุง"}


HEADER_TABLE = "ส่วนหัวรายงาน"


def table_of(indicator: int | None) -> str:
    """The ``table`` of a finding: the indicator it concerns, or the report header."""
    return f"ตัวชี้วัดที่ {indicator}" if indicator is not None else HEADER_TABLE


# --------------------------------------------------------------------------- entry point

def check_plan(report: PlanReport, oit_item_count: int | None = None, *,
               fiscal_year: int | None = None, indicator_count: int | None = None) -> CheckLog:
    """Run every check on a parsed report; ``oit_item_count`` enables the OIT coverage check,
    ``indicator_count`` (the ITA indicators of the plan year, 10 until 2566) the check that
    every indicator is there. A report whose title states no plan year is checked against
    ``fiscal_year``, the year audited (the caller reports the missing year:
    :func:`plan_year_missing`)."""
    if report.plan_year is None and fiscal_year is not None:
        report = replace(report, plan_year=fiscal_year)
    log = CheckLog()
    _check_report_date(report, log)
    _check_indicators_present(report, indicator_count, log)
    for ind in report.indicators:
        _check_indicator(report, ind, log)
        for measure in ind.measures:
            _check_measure(report, measure, log)
        _check_numbering(ind, log)
    _check_layout(report, log)
    _check_dates(report, log)
    if oit_item_count:
        _check_oit_coverage(report, oit_item_count, log)
    return log


# --------------------------------------------------------------------------- header

def plan_year_missing(fiscal_year: int | None) -> Finding:
    """The finding of a report whose title states no plan year: what was checked instead."""
    if fiscal_year is None:
        then = ("จึงตรวจไม่ได้ว่าวันที่รายงานและระยะเวลาของมาตรการอยู่ในปีของแผน; "
                "ระบุปีที่ตรวจ (--fiscal-year หรือ fiscal_year ในไฟล์ params)")
    else:
        then = (f"จึงยืนยันไม่ได้ว่าเป็นแผนปี {fiscal_year} ที่ตรวจ; วันที่รายงานและระยะเวลาของ"
                f"มาตรการตรวจเทียบกับปีงบประมาณ {fiscal_year} แทน")
    return Finding("plan_year", HEADER_TABLE, fiscal_year, "ปีของแผนในชื่อรายงาน", None, "error",
                   "ชื่อรายงานไม่ระบุปีของแผน (เช่น 'ประจำปีงบประมาณ พ.ศ. 2566') " + then)


def _check_report_date(report: PlanReport, log: CheckLog) -> None:
    if not log.check(report.report_date is not None, check="report_date", table=table_of(None),
                     year=report.plan_year, expected="วันที่ของรายงาน", actual=None,
                     severity="error", message="ไม่พบวันที่ของรายงาน จึงตรวจวันที่ในเนื้อหาไม่ได้"):
        return
    day = report.report_date
    assert day is not None
    if report.weekday is not None:
        actual = WEEKDAYS_TH[day.weekday()]
        stated = "พฤหัสบดี" if report.weekday == "พฤหัส" else report.weekday
        nearest = _nearest_weekday(day, WEEKDAYS_TH.index(stated))
        log.check(stated == actual, check="weekday", table=table_of(None), year=report.plan_year,
                  expected=f"วัน{actual}", actual=f"วัน{stated}", severity="warning",
                  line=report.report_date_line,
                  message=f"รายงานระบุ 'วัน{stated}ที่ {report.report_date_raw}' แต่วันที่ "
                          f"{thai_date(day, 'numeric')} เป็นวัน{actual}; วัน{stated}ที่ใกล้ที่สุดคือ "
                          + " หรือ ".join(thai_date(d, 'numeric') for d in nearest)
                          + " วันที่หรือวันในสัปดาห์จึงผิดอย่างใดอย่างหนึ่ง"
                          + _consistent_day_hint(report, WEEKDAYS_TH.index(stated)))
    if report.plan_year is not None:
        start, end = fiscal_year_bounds(report.plan_year)
        log.check(start <= day <= end, check="report_in_plan_year", table=table_of(None),
                  year=report.plan_year, expected=f"{thai_date(start, 'numeric')}–{thai_date(end, 'numeric')}",
                  actual=thai_date(day, 'numeric'), severity="warning", line=report.report_date_line,
                  message=f"วันที่รายงาน {thai_date(day, 'numeric')} อยู่นอกปีงบประมาณ {report.plan_year} "
                          "ของแผน")


def _consistent_day_hint(report: PlanReport, weekday: int) -> str:
    """If the text cites days after the stated date, the first day with the stated weekday
    on or after the latest of them (within four weeks): the date the report was probably
    written."""
    day = report.report_date
    assert day is not None
    cited = [m.period.start for m in mentions(report)
             if m.period.kind in _DAY_KINDS and m.period.start and day < m.period.start
             <= day + timedelta(days=28)]
    if not cited:
        return ""
    latest = max(cited)
    candidate = latest + timedelta(days=(weekday - latest.weekday()) % 7)
    return (f"; เนื้อหาอ้างวันที่ถึง {thai_date(latest, 'numeric')} ถ้ารายงานจัดทำวัน{WEEKDAYS_TH[weekday]}ที่ "
            f"{thai_date(candidate, 'numeric')} วันที่ในเนื้อหาจะไม่เลยวันที่รายงาน")


def _nearest_weekday(day: date, weekday: int) -> list[date]:
    """The dates with ``weekday`` just before and just after ``day``."""
    back = (day.weekday() - weekday) % 7 or 7
    ahead = (weekday - day.weekday()) % 7 or 7
    return [day - timedelta(days=back), day + timedelta(days=ahead)]


# --------------------------------------------------------------------------- indicators

def _check_indicator(report: PlanReport, ind: PlanIndicator, log: CheckLog) -> None:
    table, year = table_of(ind.number), report.plan_year
    measures = ind.measures
    done = sum(1 for m in measures if m.done)
    if not log.check(ind.score is not None, check="indicator_score", table=table, year=year,
                     expected="คะแนนของตัวชี้วัด", actual=ind.score_raw or None,
                     severity="warning", line=ind.line,
                     message=f"ตัวชี้วัดที่ {ind.number} ไม่ระบุคะแนน"):
        pass
    elif ind.score_label == "คะแนนรวม":
        log.report(Finding("indicator_score", table, year, "คะแนนที่ได้", ind.score_raw, "info",
                           f"ตัวชี้วัดที่ {ind.number} เขียนว่า '{ind.score_raw}' ซึ่งอาจเป็นคะแนนเต็ม "
                           "ไม่ใช่ผลคะแนนปีก่อน ควรเทียบกับผลประเมิน ITA ปีก่อน",
                           line=ind.line))
    if ind.score is not None:
        log.check(ind.score >= TARGET_SCORE, check="indicator_below_target", table=table,
                  year=year, expected=f">= {TARGET_SCORE}", actual=ind.score,
                  severity="warning", line=ind.line,
                  message=f"ตัวชี้วัดที่ {ind.number} {ind.name} ได้ {ind.score} ต่ำกว่า "
                          f"{TARGET_SCORE}: มีมาตรการ {len(measures)} ข้อ ทำแล้ว {done} ข้อ")
    below = ind.score is not None and ind.score < TARGET_SCORE
    log.check(bool(measures), check="indicator_measures", table=table, year=year,
              expected="อย่างน้อย 1 มาตรการ", actual=0, severity="error" if below else "warning",
              line=ind.line, message=f"ตัวชี้วัดที่ {ind.number} ไม่มีมาตรการ")
    if ind.tool in ("IIT", "EIT"):
        log.check(bool(ind.issues), check="indicator_issues", table=table, year=year,
                  expected="ประเด็นที่ต้องปรับปรุงจากผลประเมินปีก่อน", actual=None,
                  severity="info", line=ind.line,
                  message=f"ตัวชี้วัดที่ {ind.number} ไม่ระบุประเด็นที่ต้องปรับปรุงจากผลประเมินปีก่อน")


def _check_indicators_present(report: PlanReport, indicator_count: int | None,
                              log: CheckLog) -> None:
    """Indicators 1 to the last of the plan year (or, without it, to the last the report
    has) each have their heading: a heading the reader could not read (a damaged word) would
    otherwise hand its measures to the indicator before, and a report cut short would lose
    its last indicators, both with a clean completion figure."""
    numbers = sorted({ind.number for ind in report.indicators})
    last = max(indicator_count or 0, numbers[-1] if numbers else 0)
    missing = sorted(set(range(1, last + 1)) - set(numbers))
    listed = ", ".join(map(str, missing))
    log.check(not missing, check="indicator_missing", table=HEADER_TABLE, year=report.plan_year,
              expected=list(range(1, last + 1)), actual=numbers, severity="error",
              message=f"ไม่พบหัวข้อตัวชี้วัดที่ {listed} ในรายงาน (ควรมีตัวชี้วัด 1–{last}): "
                      "หัวข้อที่อ่านไม่ได้ทำให้มาตรการของตัวชี้วัดนั้นไปรวมกับตัวชี้วัดก่อนหน้า "
                      "หรือรายงานไม่ครบ ร้อยละความสำเร็จจึงเชื่อไม่ได้")


def _check_numbering(ind: PlanIndicator, log: CheckLog) -> None:
    numbers = [m.number for m in ind.measures if m.number is not None]
    unique = sorted(set(numbers))
    expected = list(range(1, len(unique) + 1))
    log.check(unique == expected and len(numbers) == len(unique), check="numbering",
              table=table_of(ind.number), year=None, expected=expected, actual=numbers,
              severity="info", line=ind.line,
              message=f"ลำดับเลขมาตรการของตัวชี้วัดที่ {ind.number} ขาดหรือซ้ำ: {numbers}")


# --------------------------------------------------------------------------- measures

def _check_measure(report: PlanReport, m: Measure, log: CheckLog) -> None:
    table, year, row, line = table_of(m.indicator), report.plan_year, m.id, m.line
    log.check(bool(m.owners), check="owner", table=table, year=year, expected="หน่วยงานรับผิดชอบ",
              actual=None, severity="warning", row=row, line=line,
              message=f"มาตรการ {m.id} ไม่ระบุผู้รับผิดชอบ")
    _check_period(report, m, log)
    _check_status(report, m, log)
    if m.done:
        log.check(bool(m.narrative.strip()), check="narrative", table=table, year=year,
                  expected="ผลการดำเนินการ", actual=None, severity="warning", row=row, line=line,
                  message=f"มาตรการ {m.id} ทำเครื่องหมายว่าดำเนินการแล้ว แต่ไม่บรรยายผล")
        hits = pending_phrases(m.narrative)
        worst = _worst(hits)
        log.check(not hits, check="done_but_pending", table=table, year=year,
                  expected="ผลที่แล้วเสร็จ", actual=[phrase for phrase, _ in hits],
                  severity=_PENDING_SEVERITY.get(worst, "warning"), row=row, line=line,
                  message=f"มาตรการ {m.id} ทำเครื่องหมาย 'ดำเนินการ' แต่ผลการดำเนินการ"
                          f"{_PENDING_TH.get(worst, '')}: "
                          + "; ".join(f"'…{_context(m.narrative, phrase)}…'"
                                      for phrase, _ in hits))


def _check_period(report: PlanReport, m: Measure, log: CheckLog) -> None:
    table, year, row, line = table_of(m.indicator), report.plan_year, m.id, m.line
    period = m.period
    if not log.check(period.status != "missing", check="period", table=table, year=year,
                     expected="ระยะเวลาดำเนินการ", actual=None, severity="warning", row=row,
                     line=line, message=f"มาตรการ {m.id} ไม่ระบุระยะเวลาดำเนินการ"):
        return
    if not log.check(period.status != "unparseable", check="period", table=table, year=year,
                     expected="เดือนและปี เช่น 'ต.ค. ๖๔ - มี.ค. ๖๕'", actual=period.raw,
                     severity="warning", row=row, line=line,
                     message=f"มาตรการ {m.id} ระบุระยะเวลา '{period.raw}' ซึ่งอ่านไม่ได้ "
                             f"(ส่วนที่อ่านไม่ได้: '{period.unparsed}') จึงไม่ได้เดาวันที่"):
        return
    if period.status != "dated" or report.plan_year is None or not period.start or not period.end:
        return
    start, end = fiscal_year_bounds(report.plan_year)
    log.check(start <= period.start and period.end <= end, check="period_in_plan_year",
              table=table, year=year, expected=f"{thai_date(start, 'numeric')}–{thai_date(end, 'numeric')}",
              actual=period.raw, severity="warning", row=row, line=line,
              message=f"ระยะเวลาของมาตรการ {m.id} '{period.raw}' อยู่นอกปีงบประมาณ "
                      f"{report.plan_year} ของแผน")


def _check_status(report: PlanReport, m: Measure, log: CheckLog) -> None:
    table, year, row, line = table_of(m.indicator), report.plan_year, m.id, m.line
    log.check(m.status not in ("unmarked", "contradictory"), check="status", table=table,
              year=year, expected="ทำเครื่องหมายสถานะหนึ่งช่อง", actual=list(m.ticked),
              severity="error", row=row, line=line,
              message=f"มาตรการ {m.id} " + ("ไม่ได้ทำเครื่องหมายสถานะ" if m.status == "unmarked"
                                            else f"ทำเครื่องหมายสถานะที่ขัดกัน: {list(m.ticked)}"))
    if m.done or m.period.status != "dated" or m.period.end is None or report.report_date is None:
        return
    log.check(m.period.end >= report.report_date, check="overdue", table=table, year=year,
              expected=f"แล้วเสร็จภายใน {thai_date(m.period.end, 'numeric')}", actual=m.status,
              severity="warning", row=row, line=line,
              message=f"มาตรการ {m.id} ยังไม่แล้วเสร็จ ทั้งที่ระยะเวลา '{m.period.raw}' สิ้นสุดก่อน"
                      f"วันที่รายงาน {thai_date(report.report_date, 'numeric')}")


# --------------------------------------------------------------------------- pending phrases

@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


def token_boundaries(text: str) -> set[int]:
    """Offsets in ``text`` where a pythainlp (newmm) token starts or ends.

    newmm can only match dictionary words that occur in the text, so the trie is built from
    those words alone: the same tokens as the default dictionary (a test checks this on the
    real report) without building a 60,000-word trie in every process (~0.6 s).
    """
    from pythainlp.tokenize import word_tokenize
    from pythainlp.util import Trie

    # The word filter costs (dictionary size x text length); past a few thousand characters
    # the default trie, built once per process, is cheaper.
    words = Trie([word for word in _dictionary() if word in text]) \
        if len(text) <= SMALL_TEXT else None
    bounds = {0}
    offset = 0
    for token in word_tokenize(text, custom_dict=words, engine="newmm", keep_whitespace=True):
        offset += len(token)
        bounds.add(offset)
    return bounds


def pending_phrases(narrative: str) -> list[tuple[str, str]]:
    """(phrase, category) of every :data:`PENDING_PHRASES` entry found on token boundaries,
    in list order; a phrase overlapping one already found ("ระหว่างดำเนินการ" inside
    "อยู่ระหว่างดำเนินการ") is not counted twice."""
    if not narrative:
        return []
    bounds: set[int] | None = None
    spans: list[tuple[int, int]] = []
    hits: list[tuple[str, str]] = []
    for category, phrases in PENDING_PHRASES.items():
        for phrase in phrases:
            start = narrative.find(phrase)
            while start >= 0:
                end = start + len(phrase)
                if bounds is None:
                    bounds = token_boundaries(narrative)
                if start in bounds and end in bounds:
                    if not any(a < end and start < b for a, b in spans):
                        spans.append((start, end))
                        hits.append((phrase, category))
                    break
                start = narrative.find(phrase, start + 1)
    return hits


def _worst(hits: list[tuple[str, str]]) -> str:
    categories = [category for _, category in hits]
    return next((c for c in PENDING_PHRASES if c in categories), "")


def _context(text: str, phrase: str, width: int = 30) -> str:
    at = text.find(phrase)
    return text[max(0, at - width): at + len(phrase) + width].strip()


# --------------------------------------------------------------------------- dates in text

class Mention(NamedTuple):
    """A dated mention in the report's text, and the measures whose text holds it."""

    line: int
    field: str
    period: Period
    indicator: int | None
    measures: tuple[str, ...]


def mentions(report: PlanReport) -> list[Mention]:
    """Every date, month or year written in measures, narratives and issues (periods and the
    header excluded), once per line and text even when several measures share the text."""
    seen: dict[tuple[int, str, str], list[str]] = {}
    order: list[tuple[int, str, str, int | None]] = []
    for ind in report.indicators:
        for line, text in ind.issues:
            key = (line, "issue", text)
            if key not in seen:
                seen[key] = []
                order.append((*key, ind.number))
        for m in ind.measures:
            for line, field, text in m.texts:
                if field == "period":
                    continue
                key = (line, field, text)
                if key not in seen:
                    seen[key] = []
                    order.append((*key, ind.number))
                if m.id not in seen[key]:
                    seen[key].append(m.id)
    out: list[Mention] = []
    for line, field, text, indicator in order:
        for period in extract_periods(text):
            out.append(Mention(line, field, period, indicator, tuple(seen[(line, field, text)])))
    return out


def _mention_start(period: Period) -> tuple[date | None, int | None]:
    """(first day, BE year) a mention refers to; a year's first day is the start of its
    window (1 October of the year before for a fiscal year: "ปีงบประมาณ ๒๕๖๖" in November
    2565 is not in the future)."""
    if period.kind in _DAY_KINDS + _MONTH_KINDS + ("as_of",):
        return period.start, None
    if period.kind in _YEAR_KINDS and period.year is not None:
        window = period.window("fiscal")
        return (window[0] if window else None), period.year
    return None, None


def _check_dates(report: PlanReport, log: CheckLog) -> None:
    day = report.report_date
    if day is None:
        return
    report_year = day.year + 543
    plan_start = fiscal_year_bounds(report.plan_year)[0] if report.plan_year else None
    for mention in mentions(report):
        start, year = _mention_start(mention.period)
        if start is None and year is None:
            continue
        later = start > day if start is not None else year > report_year   # type: ignore[operator]
        if mention.period.kind in _YEAR_KINDS:
            start = None                    # report the year itself, not its window
        table = table_of(mention.indicator)
        row = ", ".join(mention.measures) or None
        where = _FIELD_TH.get(mention.field, mention.field)
        text = mention.period.text.strip()
        log.check(not later, check="date_after_report", table=table,
                  year=year if start is None else start.year + 543,
                  expected=f"ไม่เกิน {thai_date(day, 'numeric')}", actual=text, severity="error", row=row,
                  line=mention.line,
                  message=f"{where}อ้าง '{text}' ซึ่งเลยวันที่รายงาน {thai_date(day, 'numeric')}"
                          + _typo_hint(year, report_year)
                          + _year_slip_hint(report, mention, day))
        if mention.field == "narrative" and start is not None and plan_start is not None \
                and mention.period.end is not None:
            log.check(mention.period.end >= plan_start, check="date_before_plan", table=table,
                      year=mention.period.end.year + 543,
                      expected=f"ตั้งแต่ {thai_date(plan_start, 'numeric')}", actual=text,
                      severity="warning", row=row, line=mention.line,
                      message=f"ผลการดำเนินการอ้าง '{text}' ซึ่งก่อนปีงบประมาณ {report.plan_year} "
                              "ของแผนจะเริ่ม อาจพิมพ์ปีผิด")


def _year_slip_hint(report: PlanReport, mention: Mention, day: date) -> str:
    """A hint when the same day one year earlier falls in the measure's own period (a
    narrative "๙ ธันวาคม ๒๕๖๕" under a measure planned for ธ.ค. ๖๔ – มี.ค. ๖๕)."""
    start = mention.period.start
    if start is None or mention.period.kind not in _DAY_KINDS or start <= day:
        return ""
    try:
        earlier = start.replace(year=start.year - 1)
    except ValueError:                      # 29 February
        return ""
    for m in report.measures:
        if m.id in mention.measures and m.period.start and m.period.end \
                and m.period.start <= earlier <= m.period.end:
            return (f" (ถ้าเป็นปี {earlier.year + 543} จะอยู่ในระยะเวลาของมาตรการ {m.id} "
                    f"'{m.period.raw}' อาจพิมพ์ปีผิด)")
    return ""


def _typo_hint(year: int | None, report_year: int) -> str:
    """A hint when a year looks like a mistyped digit of the report's year (๒๖๖๕ for ๒๕๖๕)."""
    if year is None or year - report_year < 10:
        return ""
    candidates = [y for y in (year - 100, year - 10, year - 1000) if abs(y - report_year) <= 1]
    return f" (ปี {year} ไม่น่าเป็นไปได้ อาจพิมพ์ผิดจาก {candidates[0]})" if candidates else ""


# --------------------------------------------------------------------------- layout, OIT

def _check_layout(report: PlanReport, log: CheckLog) -> None:
    for note in report.notes:
        severity: Severity = "warning" if "จับคู่ไม่ได้" in note.message or note.kind != "alignment" \
            else "info"
        rows = [m.id for ind in report.indicators for m in ind.measures if m.line == note.line]
        log.report(Finding(note.kind, table_of(note.indicator), report.plan_year, None, None,
                           severity, note.message, row=", ".join(rows) or None, line=note.line))


def _check_oit_coverage(report: PlanReport, item_count: int, log: CheckLog) -> None:
    covered = {item for m in report.measures for item in m.oit_items}
    if not covered:
        return
    for number in range(1, item_count + 1):
        item = f"O{number}"
        log.check(item in covered, check="oit_coverage", table="OIT", year=report.plan_year,
                  expected=item, actual=None, severity="info", row=item,
                  message=f"ไม่มีมาตรการใดในตัวชี้วัดที่ 9–10 ที่ระบุข้อ {item}")


# --------------------------------------------------------------------------- summaries

def completion(report: PlanReport) -> list[dict[str, object]]:
    """Per indicator: measures, done, not started, in progress, unmarked, completion %."""
    rows: list[dict[str, object]] = []
    for ind in report.indicators:
        rows.append(_completion_row(ind.number, ind.name, ind.measures))
    rows.append(_completion_row(None, "รวมทั้งแผน", report.measures))
    return rows


def _completion_row(number: int | None, name: str, measures: list[Measure]) -> dict[str, object]:
    counts = {kind: sum(1 for m in measures if m.status == kind)
              for kind in ("done", "in_progress", "not_started", "unmarked", "contradictory")}
    share = (Decimal(counts["done"] * 100) / len(measures)).quantize(Decimal("0.01")) \
        if measures else None
    return {"indicator": number, "name": name, "measures": len(measures), **counts,
            "completion": share}


def requirement_view(report: PlanReport) -> list[dict[str, object]]:
    """O42/O43 per measure: steps, owner, period, monitoring (a status) and a reported result."""
    rows = []
    for m in report.measures:
        rows.append({"measure": m.id, "steps": bool(m.text.strip()),
                     "step_count": len(m.steps) or (1 if m.text.strip() else 0),
                     "owner": bool(m.owners), "period": m.period.status == "dated"
                     or m.period.status == "ongoing", "period_status": m.period.status,
                     "monitoring": m.status not in ("unmarked", "contradictory"),
                     "result": m.done and bool(m.narrative.strip()) and not pending_phrases(
                         m.narrative)})
    return rows


def iter_findings(log: CheckLog) -> Iterator[Finding]:
    """Findings, errors first, then by line."""
    order = {"error": 0, "warning": 1, "info": 2}
    yield from sorted(log.findings, key=lambda f: (order[f.severity], f.line is None, f.line or 0))


def measures_by_item(report: PlanReport) -> dict[str, list[str]]:
    """2565 OIT item id -> the measures naming it."""
    out: dict[str, list[str]] = {}
    for m in report.measures:
        for item in m.oit_items:
            out.setdefault(item, []).append(m.id)
    return out

