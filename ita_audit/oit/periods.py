"""The period rules of the OIT engine (``period:<rule>``).

Each rule judges the periods read from the listed documents' titles against the item's
requirement on the audit's year basis (fiscal or calendar); a match only on the other basis is
``review``; no year at all is ``review``; a wrong year is ``fail`` and the reason names the
years found and required.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from functools import lru_cache

from ita_audit.criteria.model import PeriodRule
from ita_audit.oit.results import Check, Evidence
from ita_audit.thai import Period, first_six_months, thai_date, to_arabic_digits, year_bounds

_COVERAGE_KINDS = {"month", "month_range", "date_range", "quarter", "half", "as_of"}


# --- period rules ------------------------------------------------------------------------

def period_check(rule: PeriodRule, evidence: Sequence[Evidence], basis: str) -> Check:
    """Judge a period rule on the audit's basis, then say whether the other basis would match.

    Only the listed documents count, not their attachments (a spending annex dated 2565 does not
    make the annual report a 2565 report). The first listed document is taken as the main
    evidence: when it carries no period, a year read from another document (a press release,
    say) is not enough for a pass, and the check is ``review``.
    """
    name = f"period:{rule.rule}"
    evidence = [e for e in evidence if e.level == 1] or list(evidence)
    if not any(e.periods or e.month for e in evidence):
        return Check(name, "review", f"เกณฑ์กำหนดช่วงเวลาปี {rule.year} ({rule.text}) "
                     "แต่ชื่อเอกสารไม่ระบุปีหรือช่วงเวลา ต้องเปิดเอกสารตรวจ")
    status, reason, matched = RULES[rule.rule](rule, evidence, basis)
    if status == "pass":
        first = evidence[0]
        if rule.rule != "monthly" and not first.periods:
            return Check(name, "review", f"ปีอ่านได้จากเอกสารอื่น ({reason}) แต่เอกสารแรก "
                         f"{first.label()} ซึ่งน่าจะเป็นหลักฐานหลักไม่ระบุปีหรือช่วงเวลา "
                         "ต้องเปิดเอกสารตรวจ", matched)
        return Check(name, "pass", reason, matched)
    other = "calendar" if basis == "fiscal" else "fiscal"
    other_status, other_reason, other_matched = RULES[rule.rule](rule, evidence, other)
    if other_status == "pass":
        return Check(name, "review",
                     f"ไม่ผ่านเมื่อนับปีแบบ{_BASIS_TH[basis]} ({reason}) แต่ผ่านเมื่อนับแบบ"
                     f"{_BASIS_TH[other]} ({other_reason}); หน่วยงานอาจรายงานตามปี{_BASIS_TH[other]} "
                     "ยืนยันแล้วตั้ง year_basis ให้ตรง", other_matched)
    return Check(name, status, reason, None)


_BASIS_TH = {"fiscal": "งบประมาณ", "calendar": "ปฏิทิน"}
Outcome = tuple[str, str, "str | None"]


Row = tuple[Evidence, Period, date, date, str]


def _dated(evidence: Iterable[Evidence], basis: str) -> list[Row]:
    """(evidence, period, window start, window end, effective basis) for every dated period.

    A year label whose text fixes its own basis (``ปีงบประมาณ 2566`` is fiscal, a Gregorian year
    in a file name is calendar) is compared with the requirement on that basis, not the audit's.
    Periods with explicit dates (months, "ณ มีนาคม 2566") are absolute, so the requirement is
    taken on the audit's basis.
    """
    return list(_iter_dated(evidence, basis))


def _iter_dated(evidence: Iterable[Evidence], basis: str) -> Iterator[Row]:
    """The rows of :func:`_dated`, one at a time (a rule that passes on the first row need not
    date the others)."""
    for ev in evidence:
        for period in ev.periods:
            window = period.window(basis)  # type: ignore[arg-type]
            if window is not None:
                own = period.basis if period.start is None else None
                yield ev, period, window[0], window[1], own or basis


def _found(rows: Sequence[Row]) -> str:
    """The period texts found, each followed by where it was read unless from the title."""
    texts = sorted({(row[1].text, _FROM.get(row[0].period_source, "")) for row in rows})
    return ", ".join(f"'{t}'{where}" for t, where in texts) or "ไม่มี"


_FROM = {"context": " (จากหัวข้อย่อย)", "url": " (จาก URL)"}


def _whose(rows: Sequence[Row]) -> str:
    """Who stated the periods of ``rows``: the titles, or the documents (heading context/URL)."""
    return "ชื่อเอกสาร" if all(row[0].period_source == "title" for row in rows) else "เอกสาร"


def _coverage(rows: Sequence[Row]) -> list[Row]:
    """Rows that say which months a document covers.

    Explicit months win over quarter or half-year labels of the same document: in
    "ไตรมาส 1 (มกราคม – มีนาคม 2566)" the months show the quarters are calendar quarters.
    """
    explicit = {id(row[0]) for row in rows if row[1].kind in _COVERAGE_KINDS and row[1].start}
    return [row for row in rows if row[1].kind in _COVERAGE_KINDS
            and (row[1].start is not None or id(row[0]) not in explicit)]


def _source_note(ev: Evidence) -> str:
    """Where the year of ``ev`` was read, when not from its quoted title, and whether the URL
    disagrees with the title or heading context that gave it (the title wins)."""
    if ev.period_source == "url":
        return " (ปีอ่านจาก URL ซึ่งเป็นหลักฐานที่อ่อนกว่าชื่อเอกสาร)"
    note = f"ปีอ่านจากหัวข้อย่อย '{ev.context}'" if ev.period_source == "context" else ""
    if not ev.url_periods:                       # nothing in the URL to disagree with
        return f" ({note})" if note else ""
    stated = set(ev.years)
    disagree = sorted({p.text for p in ev.url_periods
                       if p.year is not None and not set(_period_years(p)) <= stated})
    if disagree:
        whose = "หัวข้อย่อย" if ev.period_source == "context" else "ชื่อเอกสาร"
        urls = ", ".join(f"'{t}'" for t in disagree)
        note += ("; " if note else "") + (f"URL ระบุ {urls} ซึ่งไม่ตรงกับปีใน{whose} "
                                          f"จึงใช้ปีตาม{whose}")
    return f" ({note})" if note else ""


def _sources_note(evidence: Iterable[Evidence]) -> str:
    """Where the years of several documents were read: titles, heading contexts, URLs."""
    names: dict[str, None] = {}
    for ev in evidence:
        if ev.period_source == "context":
            names[f"หัวข้อย่อย '{ev.context}'"] = None
        elif ev.period_source in _SOURCE_TH:
            names[_SOURCE_TH[ev.period_source]] = None
    return f"; ปีอ่านจาก{' และ'.join(names)}" if names else ""


_SOURCE_TH = {"title": "ชื่อเอกสาร", "url": "URL (หลักฐานที่อ่อนกว่าชื่อเอกสาร)"}


def _period_years(period: Period) -> range:
    start = period.year or 0
    return range(start, (period.end_year or start) + 1)


def _current_year(rule: PeriodRule, evidence: Sequence[Evidence], basis: str) -> Outcome:
    for ev, period, p_start, p_end, eff in _iter_dated(evidence, basis):
        start, end = year_bounds(rule.year, eff)  # type: ignore[arg-type]
        if p_start <= end and p_end >= start:
            return ("pass", f"{ev.label()} ระบุ '{period.text}' อยู่ในปี {rule.year}"
                    f"{_source_note(ev)}", eff)
    rows = _dated(evidence, basis)
    return ("fail", f"เกณฑ์กำหนดปี {rule.year} แต่{_whose(rows)}ระบุ {_found(rows)}", None)


def _in_force(rule: PeriodRule, evidence: Sequence[Evidence], basis: str) -> Outcome:
    status, reason, matched = _current_year(rule, evidence, basis)
    if status == "pass":
        return status, reason, matched
    earlier = [row for row in _dated(evidence, basis)
               if row[3] < year_bounds(rule.year, row[4])[0]]  # type: ignore[arg-type]
    if earlier:
        ev, period = earlier[0][0], earlier[0][1]
        return ("review", f"{ev.label()} ออกเมื่อ '{period.text}'{_source_note(ev)} ก่อนปี "
                f"{rule.year}; อาจยังใช้บังคับ ต้องยืนยันว่ายังไม่ถูกยกเลิก", None)
    return status, reason, matched


def _previous_year_report(rule: PeriodRule, evidence: Sequence[Evidence], basis: str) -> Outcome:
    for ev, period, p_start, p_end, eff in _iter_dated(evidence, basis):
        start, end = year_bounds(rule.year, eff)  # type: ignore[arg-type]
        if start <= p_start and p_end <= end:
            return ("pass", f"{ev.label()} เป็นรายงานของปี {rule.year} ('{period.text}')"
                    f"{_source_note(ev)}", eff)
    rows = _dated(evidence, basis)
    return ("fail", f"ต้องเป็นรายงานของปี {rule.year} แต่{_whose(rows)}ระบุ {_found(rows)}", None)


_PLAN_TERM = re.compile(r"ระยะ\s*(\d+)\s*ปี")


def _plan_covering(rule: PeriodRule, evidence: Sequence[Evidence], basis: str) -> Outcome:
    """A plan whose period covers the year and lasts at least ``min_years`` (measured on its
    window, so "ต.ค. 2565 - ก.ย. 2566" is one year); the longest plan is cited."""
    rows = sorted(_dated(evidence, basis), key=lambda row: row[2] - row[3])  # longest first
    short: list[Row] = []
    for row in rows:
        ev, period, p_start, p_end, eff = row
        start, end = year_bounds(rule.year, eff)  # type: ignore[arg-type]
        if p_start <= start and end <= p_end:
            if len(full_months(p_start, p_end)) <= 12 * (rule.min_years - 1):
                short.append(row)
                continue
            return ("pass", f"{ev.label()} มีระยะเวลา '{period.text}' ครอบคลุมปี {rule.year}"
                    f"{_source_note(ev)}", eff)
    if short:
        found = _found(short)
        stated = [(ev, term) for ev, *_ in short
                  if (term := _PLAN_TERM.search(to_arabic_digits(ev.title)))
                  and int(term.group(1)) >= rule.min_years]
        if stated:
            ev, term = stated[0]
            quoted = ev.title[term.start():term.end()]      # digit conversion is one-to-one
            where = "ชื่อ" if _whose(short) == "ชื่อเอกสาร" else "เอกสาร"
            return ("review", f"{ev.label()} ระบุ '{quoted}' แต่ช่วงปีใน{where}มีเพียง {found} "
                    f"ต้องเปิดเอกสารตรวจว่าแผนครอบคลุมปี {rule.year}", None)
        return ("fail", f"ต้องเป็นแผนระยะอย่างน้อย {rule.min_years} ปีที่ครอบคลุมปี {rule.year} "
                f"แต่{_whose(short)}ระบุเพียง {found}", None)
    return ("fail", f"ต้องเป็นแผนที่ครอบคลุมปี {rule.year} แต่{_whose(rows)}ระบุ {_found(rows)}",
            None)


def _first_six_months(rule: PeriodRule, evidence: Sequence[Evidence], basis: str) -> Outcome:
    start, end = first_six_months(rule.year, basis)  # type: ignore[arg-type]
    required = f"{thai_date(start, 'month')}–{thai_date(end, 'month')}"
    rows = _dated(evidence, basis)
    coverage = _coverage(rows)
    for ev, period, p_start, p_end, eff in coverage:
        half_start, half_end = first_six_months(rule.year, eff)  # type: ignore[arg-type]
        if p_start <= half_start and half_end <= p_end:
            return ("pass", f"{ev.label()} ครอบคลุม 6 เดือนแรก ({thai_date(half_start, 'month')}–"
                    f"{thai_date(half_end, 'month')}) ด้วย '{period.text}'{_source_note(ev)}", eff)
    if _covers(coverage, start, end):
        return ("pass", f"เอกสารหลายรายการรวมกันครอบคลุม {required}: {_found(coverage)}", basis)
    if coverage and any(row[2] <= end and row[3] >= start for row in coverage):
        return ("fail", f"ต้องครอบคลุม {required} แต่เอกสารครอบคลุมเพียง {_found(coverage)}", None)
    # A document labelled only with the year might cover the months: a reviewer must look.
    # Year labels of documents that state their months (or quarters) do not count.
    year_start, year_end = year_bounds(rule.year, basis)  # type: ignore[arg-type]
    stating = {id(row[0]) for row in coverage}
    year_only = [row for row in rows if id(row[0]) not in stating
                 and row[2] <= year_end and row[3] >= year_start]
    if year_only:
        return ("review", f"{_whose(year_only)}ระบุปี {rule.year} ({_found(year_only)}) "
                f"แต่ไม่ระบุว่าครอบคลุม {required} ต้องเปิดเอกสารตรวจ", None)
    if coverage:
        return ("fail", f"ต้องครอบคลุม {required} แต่เอกสารครอบคลุม {_found(coverage)} "
                "ซึ่งเป็นช่วงอื่น", None)
    return ("fail", f"ต้องครอบคลุม {required} แต่{_whose(rows)}ระบุ {_found(rows)}", None)


def _monthly(rule: PeriodRule, evidence: Sequence[Evidence], basis: str) -> Outcome:
    start, end = first_six_months(rule.year, basis)  # type: ignore[arg-type]
    required = months_between(start, end)
    covered: set[tuple[int, int]] = set()
    dating: list[Evidence] = []           # documents whose months were dated
    for ev in evidence:
        months = _evidence_months(ev, basis)
        covered.update(months)
        if months:
            dating.append(ev)
    note = _sources_note(dating)
    missing = [m for m in required if m not in covered]
    if not missing:
        return ("pass", f"มีข้อมูลรายเดือนครบ {len(required)} เดือน "
                f"({thai_date(start, 'month')}–{thai_date(end, 'month')}){note}", basis)
    if any(m in covered for m in required):
        names = ", ".join(thai_date(date(y, m, 1), 'month') for y, m in missing)
        return ("fail", f"ข้อมูลรายเดือนขาด {len(missing)} เดือน: {names}{note}", None)
    if covered:
        found = ", ".join(thai_date(date(y, m, 1), 'month') for y, m in sorted(covered))
        return ("fail", f"ต้องมีข้อมูลรายเดือน {thai_date(start, 'month')}–{thai_date(end, 'month')} "
                f"แต่พบเดือน {found}{note}", None)
    rows = _dated(evidence, basis)
    return ("review", f"ต้องมีข้อมูลรายเดือน {thai_date(start, 'month')}–{thai_date(end, 'month')} แต่"
            f"{_whose(rows)}ไม่แยกเดือน ({_found(rows)}) ต้องเปิดเอกสารตรวจ", None)


RULES = {
    "current_year": _current_year,
    "in_force": _in_force,
    "previous_year_report": _previous_year_report,
    "plan_covering": _plan_covering,
    "first_six_months": _first_six_months,
    "monthly": _monthly,
}


# --- month arithmetic --------------------------------------------------------------------

@lru_cache(maxsize=4096)
def months_between(start: date, end: date) -> tuple[tuple[int, int], ...]:
    """(year, month) pairs from start's month to end's month (memoised: pure, few inputs)."""
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(months)


@lru_cache(maxsize=4096)
def full_months(start: date, end: date) -> tuple[tuple[int, int], ...]:
    """(year, month) pairs wholly inside start..end: "25 ต.ค. 2565 - 5 มี.ค. 2566" covers
    Nov–Feb, not October or March."""
    months = months_between(start, end)
    if months and start.day != 1:
        months = months[1:]
    if months and (end + timedelta(days=1)).month == end.month:
        months = months[:-1]
    return months


def _covers(rows: Sequence[Row], start: date, end: date) -> bool:
    months = {m for row in rows for m in full_months(row[2], row[3])}
    return all(m in months for m in months_between(start, end))


def _evidence_months(ev: Evidence, basis: str) -> set[tuple[int, int]]:
    """CE (year, month) pairs a document covers: a bare month name under a year sub-heading,
    or the months of its dated periods."""
    if ev.month is not None:
        labels = [p.year for p in ev.periods if p.year is not None]
        if not labels:
            return set()
        year_ce = labels[0] - 543
        if basis == "fiscal" and ev.month >= 10:
            year_ce -= 1
        return {(year_ce, ev.month)}
    months: set[tuple[int, int]] = set()
    for row in _coverage(_dated([ev], basis)):
        months.update(full_months(row[2], row[3]))
    return months
