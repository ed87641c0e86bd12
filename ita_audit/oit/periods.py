"""The period rules of the OIT engine (``period:<rule>``).

Each rule judges the periods read from the listed documents' titles against the item's
requirement on a year basis (fiscal or calendar): the basis the report inherits from its plan
(O37 from O36's "ปีงบประมาณ"), else the audit's. On the audit's basis, a match only on the other
basis is ``review`` and a pass that the other basis would not give names both windows. No year
at all is ``review``; a wrong year is ``fail`` and the reason names the years found and required
— unless another document of the item states no year (it may be the right one): ``review``.
A Gregorian year is a calendar span that can overlap two fiscal years: it passes only when it
lies inside the required year; a date in the document's URL may settle it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache, partial

from ita_audit.criteria.model import PeriodRule
from ita_audit.oit.results import Check, Evidence, Inherited, Reason, worded
from ita_audit.thai import Period, first_six_months, thai_date, to_arabic_digits, year_bounds

_COVERAGE_KINDS = {"month", "month_range", "date_range", "quarter", "half", "as_of"}
_BASIS_RULES = ("first_six_months", "monthly")     # where the two bases give other windows


# --- period rules ------------------------------------------------------------------------

def period_check(rule: PeriodRule, evidence: Sequence[Evidence], basis: str, *,
                 inherited: Inherited | None = None) -> Check:
    """Judge a period rule on the inherited basis, else on the audit's basis and then say
    whether the other basis would match.

    Only the listed documents count, not their attachments (a spending annex dated 2565 does not
    make the annual report a 2565 report). The first listed document is taken as the main
    evidence: when it carries no period, a year read from another document (a press release,
    say) is not enough for a pass, and the check is ``review``.

    The outcome (status and the basis matched) depends only on the rule, the bases and what
    :func:`_decisive` takes from each document, which recur across agencies far more than
    titles do; it is memoised on them, and the reason is then worded from these documents when
    asked for.
    """
    evidence = [e for e in evidence if e.level == 1] or list(evidence)
    key: tuple = (rule, basis, None if inherited is None else inherited.basis)
    for ev in evidence:
        key += _decisive(rule, ev)          # one flat tuple: one object for the collector
    known = _OUTCOMES.get(key)
    if known is not None:
        status, matched = known
        return Check(f"period:{rule.rule}", status,
                     lambda: _period_check(rule, evidence, basis, inherited).reason, matched)
    check = _period_check(rule, evidence, basis, inherited)
    if len(_OUTCOMES) >= OUTCOMES_SIZE:
        _OUTCOMES.clear()
    _OUTCOMES[key] = (check.status, check.basis)
    return check


#: Outcomes :func:`period_check` remembers before it forgets them all.
OUTCOMES_SIZE = 1 << 12
_OUTCOMES: dict[tuple, tuple[str, str | None]] = {}


def _decisive(rule: PeriodRule, ev: Evidence) -> tuple:
    """What decides a period rule's outcome in a document: its periods, bare month and URL
    periods, and for a plan the term its title states ("ระยะ 5 ปี"); the rest of it (title,
    line, where the periods were read) only words the reason. As many values for every
    document of a rule, so that the documents' values can stand one after another in a key."""
    if rule.rule != "plan_covering":
        return ev.periods, ev.month, ev.url_periods
    term = _PLAN_TERM.search(to_arabic_digits(ev.title))
    return ev.periods, ev.month, ev.url_periods, int(term.group(1)) if term else None


def _period_check(rule: PeriodRule, evidence: list[Evidence], basis: str,
                  inherited: Inherited | None) -> Check:
    """:func:`period_check` on the listed documents (attachments only when none is listed)."""
    name = f"period:{rule.rule}"
    if not any(e.periods or e.month for e in evidence):
        return Check(name, "review", f"เกณฑ์กำหนดช่วงเวลาปี {rule.year} ({rule.text}) "
                     "แต่ชื่อเอกสารไม่ระบุปีหรือช่วงเวลา ต้องเปิดเอกสารตรวจ")
    if not any(e.month is not None for e in evidence) and not _dated(evidence, basis):
        labels = ", ".join(sorted({f"'{p.text}'" for e in evidence for p in e.periods}))
        return Check(name, "review", f"เกณฑ์กำหนดช่วงเวลาปี {rule.year} ({rule.text}) "
                     f"แต่ชื่อเอกสารระบุเพียง {labels} โดยไม่ระบุปี ต้องเปิดเอกสารตรวจ")
    judged = basis if inherited is None else inherited.basis
    status, reason, matched = RULES[rule.rule](rule, evidence, judged)
    if status == "pass":
        first = evidence[0]
        if rule.rule != "monthly" and not first.periods:
            return Check(name, "review", lambda: f"ปีอ่านได้จากเอกสารอื่น ({worded(reason)}) "
                         f"แต่เอกสารแรก {first.label()} ซึ่งน่าจะเป็นหลักฐานหลักไม่ระบุปีหรือ"
                         f"ช่วงเวลา ต้องเปิดเอกสารตรวจ{_inherited_note(inherited)}", matched)
        if inherited is None and matched == basis and rule.rule in _BASIS_RULES:
            return Check(name, "pass", lambda: worded(reason)
                         + _other_window(rule, evidence, basis), matched)
        return Check(name, "pass", _with_note(reason, inherited), matched)
    # a document issued before the year may apply in it on either basis: no basis to confirm
    if inherited is None and not (rule.rule == "in_force" and status == "review"):
        other = "calendar" if basis == "fiscal" else "fiscal"
        other_status, other_reason, other_matched = RULES[rule.rule](rule, evidence, other)
        if other_status == "pass":
            return Check(name, "review",
                         lambda: f"ไม่ผ่านเมื่อนับปีแบบ{_BASIS_TH[basis]} ({worded(reason)}) "
                         f"แต่ผ่านเมื่อนับแบบ{_BASIS_TH[other]} ({worded(other_reason)}); "
                         f"หน่วยงานอาจรายงานตามปี{_BASIS_TH[other]} ยืนยันแล้วตั้ง year_basis "
                         "ให้ตรง", other_matched)
    if status == "fail":
        # a document whose title states no year may be the right one; so may one dated only
        # by a date or a year/month folder in its URL, mostly the day of the upload
        undated = [e for e in evidence if e.month is None
                   and (not e.periods or _uploaded(e))]
        if undated:
            return Check(name, "review", lambda: f"{worded(reason)}; แต่ {undated[0].label()}"
                         f"{_more(undated)} ไม่ระบุปี{_upload_note(undated)} "
                         f"อาจเป็นเอกสารของปี {rule.year} "
                         f"ต้องเปิดเอกสารตรวจ{_inherited_note(inherited)}", None)
    return Check(name, status, _with_note(reason, inherited),
                 matched if status != "fail" else None)


def _uploaded(ev: Evidence) -> bool:
    """Is the document dated only by dates or year/month folders of its URL
    (``…/uploads/2023/01/…``, ``news_20221120``): when it was put online, not what it
    covers? (A year in a file name, ``plan_2566.pdf``, names what the file is about.)"""
    return ev.period_source == "url" and all(p.kind in ("date", "month") for p in ev.periods)


def _upload_note(undated: Sequence[Evidence]) -> str:
    """That a URL's date is likely the date of the upload, when a document has only that."""
    if not any(e.periods for e in undated):
        return ""
    return " (ปีใน URL มักเป็นวันที่อัปโหลด ไม่ใช่ช่วงเวลาที่เอกสารครอบคลุม)"


def _with_note(reason: Reason, inherited: Inherited | None) -> Reason:
    """A rule's reason, followed by the basis inherited from a plan when there is one."""
    if inherited is None:
        return reason
    return lambda: worded(reason) + _inherited_note(inherited)


def _more(undated: Sequence[Evidence]) -> str:
    return f" และอีก {len(undated) - 1} รายการ" if len(undated) > 1 else ""


def _inherited_note(inherited: Inherited | None) -> str:
    if inherited is None:
        return ""
    return (f" (นับปีแบบ{_BASIS_TH[inherited.basis]}ตามแผนในข้อ {inherited.item} "
            f"{inherited.evidence.label()} ซึ่งระบุ '{inherited.period}')")


def _other_window(rule: PeriodRule, evidence: Sequence[Evidence], basis: str) -> str:
    """When a pass on the audit's basis would not be one on the other: both windows."""
    other = "calendar" if basis == "fiscal" else "fiscal"
    status, _, _ = RULES[rule.rule](rule, evidence, other)
    if status == "pass":
        return ""
    start, end = first_six_months(rule.year, other)  # type: ignore[arg-type]
    here = first_six_months(rule.year, basis)        # type: ignore[arg-type]
    return (f"; นับปีแบบ{_BASIS_TH[basis]}ตาม year_basis ({thai_date(here[0], 'month')}–"
            f"{thai_date(here[1], 'month')}) ถ้านับแบบ{_BASIS_TH[other]} ต้องครอบคลุม "
            f"{thai_date(start, 'month')}–{thai_date(end, 'month')} ซึ่งชื่อเอกสารไม่ครอบคลุม")


def plan_basis(evidence: Sequence[Evidence]) -> tuple[str, Evidence, str] | None:
    """The year basis a plan's documents state (``ปีงบประมาณ 2566``: fiscal; a span from
    October to September: fiscal; from January to December: calendar), with the document and
    the words; None when they state none or disagree."""
    found: dict[str, tuple[Evidence, str]] = {}
    for ev in evidence:
        for period in ev.periods:
            stated = _stated_basis(period)
            if stated is not None:
                found.setdefault(stated, (ev, period.text))
    if len(found) != 1:
        return None
    (basis, (ev, text)), = found.items()
    return basis, ev, text


def _stated_basis(period: Period) -> str | None:
    if period.kind == "fiscal_year":
        return "fiscal"
    if period.kind in ("month_range", "date_range") and period.start and period.end:
        if (period.start.month, period.end.month) == (10, 9):
            return "fiscal"
        if (period.start.month, period.end.month) == (1, 12):
            return "calendar"
    return None


_BASIS_TH = {"fiscal": "งบประมาณ", "calendar": "ปฏิทิน"}
#: (status, reason, the basis matched) of a period rule; the reason is worded when asked for.
Outcome = tuple[str, Reason, "str | None"]


Row = tuple[Evidence, Period, date, date, str]


def _dated(evidence: Iterable[Evidence], basis: str) -> list[Row]:
    """(evidence, period, window start, window end, effective basis) for every dated period.

    A year label whose text fixes its own basis (``ปีงบประมาณ 2566`` is fiscal) is compared with
    the requirement on that basis, not the audit's. Periods with explicit dates (months, "ณ
    มีนาคม 2566") are absolute, and so is a Gregorian year (January to December, which on the
    fiscal basis spans two years), so the requirement is taken on the audit's basis.
    """
    return list(_iter_dated(evidence, basis))


def _iter_dated(evidence: Iterable[Evidence], basis: str) -> Iterator[Row]:
    """The rows of :func:`_dated`, one at a time (a rule that passes on the first row need not
    date the others)."""
    for ev in evidence:
        for period in ev.periods:
            window = period.window(basis)  # type: ignore[arg-type]
            if window is not None:
                own = period.basis if period.start is None and not _is_ce(period) else None
                yield ev, period, window[0], window[1], own or basis


def _found(rows: Sequence[Row]) -> str:
    """The period texts found, each followed by where it was read unless from the title."""
    texts = sorted({(row[1].text, _FROM.get(row[0].period_source, "")) for row in rows})
    return ", ".join(f"'{t}'{where}" for t, where in texts) or "ไม่มี"


_FROM = {"context": " (จากหัวข้อย่อย)", "url": " (จาก URL)"}


def _whose(rows: Sequence[Row]) -> str:
    """Who stated the periods of ``rows``: the titles, or the documents (heading context/URL)."""
    return "ชื่อเอกสาร" if all(row[0].period_source == "title" for row in rows) else "เอกสาร"


def _stated(evidence: Sequence[Evidence], basis: str, form: str = "ระบุ {}") -> str:
    """Who stated which periods (every dated period of ``evidence``), for a reason:
    "ชื่อเอกสารระบุ '2565'"."""
    rows = _dated(evidence, basis)
    return _whose(rows) + form.format(_found(rows))


def _coverage(rows: Sequence[Row]) -> list[Row]:
    """Rows that say which months a document covers.

    Explicit months win over quarter or half-year labels of the same document: in
    "ไตรมาส 1 (มกราคม – มีนาคม 2566)" the months show the quarters are calendar quarters.
    """
    explicit = {id(row[0]) for row in rows if row[1].kind in _COVERAGE_KINDS and row[1].start}
    return [row for row in rows if row[1].kind in _COVERAGE_KINDS
            and (row[1].start is not None or id(row[0]) not in explicit)]


def _source_note(ev: Evidence, basis: str = "fiscal") -> str:
    """Where the year of ``ev`` was read, when not from its quoted title, and whether the URL
    disagrees with the title or heading context that gave it (the title wins)."""
    if ev.period_source == "url":
        return " (ปีอ่านจาก URL ซึ่งเป็นหลักฐานที่อ่อนกว่าชื่อเอกสาร)"
    note = f"ปีอ่านจากหัวข้อย่อย '{ev.context}'" if ev.period_source == "context" else ""
    if not ev.url_periods:                       # nothing in the URL to disagree with
        return f" ({note})" if note else ""
    stated = set(ev.years)
    windows = [w for p in ev.periods if (w := p.window(basis)) is not None]  # type: ignore[arg-type]
    disagree = sorted({p.text for p in ev.url_periods
                       if p.year is not None and not _agrees(p, stated, windows, basis)})
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


def _agrees(url_period: Period, stated: set[int], windows: Sequence[tuple[date, date]],
            basis: str) -> bool:
    """A URL's period agrees with the title when its years are the title's, or (a date or a
    month) it falls inside a window the title states."""
    if set(_period_years(url_period)) <= stated:
        return True
    window = url_period.window(basis) if url_period.start else None  # type: ignore[arg-type]
    return window is not None and any(a <= window[0] and window[1] <= b for a, b in windows)


def _period_years(period: Period) -> range:
    start = period.year or 0
    return range(start, (period.end_year or start) + 1)


def _is_ce(period: Period) -> bool:
    return period.kind == "gregorian_year"


def _ce_span(rule: PeriodRule, spans: Sequence[Row], basis: str) -> Outcome:
    """Gregorian years that only partly lie in the required year: a date in the document's
    URL inside the year settles it (pass), one outside too (fail); else review, with both
    windows."""
    start, end = year_bounds(rule.year, basis)  # type: ignore[arg-type]
    for ev, period, p_start, p_end, eff in spans:
        inside = [p for p in _url_dates(ev, p_start, p_end)
                  if start <= p.start and p.end <= end]                  # type: ignore[operator]
        if inside:
            return "pass", partial(_url_inside, rule, ev, period, inside[0]), eff
    for ev, period, p_start, p_end, _ in spans:
        dates = _url_dates(ev, p_start, p_end)
        if dates:
            return "fail", partial(_url_outside, rule, ev, period, dates[0], basis), None
    ev, period, p_start, p_end, _ = spans[0]
    return ("review", lambda: f"{ev.label()} ระบุ ค.ศ. '{period.text}' ({_months(p_start, p_end)}) "
            f"ซึ่งคาบปี {rule.year} ({_months(start, end)}) เพียงบางส่วน "
            "ต้องเปิดเอกสารตรวจว่าเกิดขึ้นเมื่อใด", None)


def _url_inside(rule: PeriodRule, ev: Evidence, period: Period, url_date: Period) -> str:
    return (f"{ev.label()} ระบุ ค.ศ. '{period.text}' ซึ่งคาบสองปีงบประมาณ แต่ URL ระบุวันที่ "
            f"'{url_date.text}' ({thai_date(url_date.start, 'short')}) อยู่ในปี {rule.year} "
            "(URL เป็นหลักฐานที่อ่อนกว่าชื่อเอกสาร)")


def _url_outside(rule: PeriodRule, ev: Evidence, period: Period, url_date: Period,
                 basis: str) -> str:
    start, end = year_bounds(rule.year, basis)  # type: ignore[arg-type]
    return (f"{ev.label()} ระบุ ค.ศ. '{period.text}' และ URL ระบุวันที่ '{url_date.text}' "
            f"({thai_date(url_date.start, 'short')}) ซึ่งอยู่นอกปี {rule.year} "
            f"({_months(start, end)})")


def _url_dates(ev: Evidence, start: date, end: date) -> list[Period]:
    """Dates and months in the document's URL that fall between ``start`` and ``end``."""
    return [p for p in ev.url_periods if p.start and p.end and p.source == "url"
            and start <= p.start and p.end <= end]


def _current_year(rule: PeriodRule, evidence: Sequence[Evidence], basis: str) -> Outcome:
    spans: list[Row] = []       # Gregorian years only partly inside the year
    for row in _iter_dated(evidence, basis):
        ev, period, p_start, p_end, eff = row
        start, end = year_bounds(rule.year, eff)  # type: ignore[arg-type]
        if p_start <= end and p_end >= start:
            if _is_ce(period) and not (start <= p_start and p_end <= end):
                spans.append(row)
                continue
            return "pass", partial(_in_year, rule, ev, period, eff), eff
    if spans:
        return _ce_span(rule, spans, basis)
    return ("fail", lambda: f"เกณฑ์กำหนดปี {rule.year} แต่{_stated(evidence, basis)}", None)


def _in_force(rule: PeriodRule, evidence: Sequence[Evidence], basis: str) -> Outcome:
    status, reason, matched = _current_year(rule, evidence, basis)
    if status == "pass":
        return status, reason, matched
    earlier = [row for row in _dated(evidence, basis)
               if row[3] < year_bounds(rule.year, row[4])[0]]  # type: ignore[arg-type]
    issued = [row for row in earlier if not _is_term(row[1])]
    if issued:               # "ระเบียบ… พ.ศ. 2558": the year it was issued; it may still apply
        ev, period = issued[0][0], issued[0][1]
        return ("review", lambda: f"{ev.label()} ออกเมื่อ '{period.text}'{_source_note(ev)} "
                f"ก่อนปี {rule.year}; อาจยังใช้บังคับ ต้องยืนยันว่ายังไม่ถูกยกเลิก", None)
    if earlier:              # "แผน… ปีงบประมาณ 2565", "พ.ศ. 2563-2565": a term that has ended
        ev, period, _, end, _ = earlier[0]
        return ("fail", lambda: f"{ev.label()} มีระยะเวลา '{period.text}'{_source_note(ev)} "
                f"ซึ่งสิ้นสุด {thai_date(end, 'short')} ก่อนปี {rule.year} จึงไม่ใช่ฉบับที่ใช้บังคับ"
                f"ในปี {rule.year}", None)
    return status, reason, matched


def _is_term(period: Period) -> bool:
    """Does the period state a term (what a plan or policy is for: "ปีงบประมาณ 2565",
    "ประจำปี 2565", "พ.ศ. 2563-2565", months), not the year or day it was issued ("พ.ศ. 2558"
    after a regulation's name, a date)?"""
    return period.kind in _TERM_KINDS or (period.kind == "year"
                                          and period.text.lstrip().startswith("ปี"))


_TERM_KINDS = ("fiscal_year", "year_range", "month_range", "date_range")


def _previous_year_report(rule: PeriodRule, evidence: Sequence[Evidence], basis: str) -> Outcome:
    spans: list[Row] = []       # Gregorian years only partly inside the year
    for row in _iter_dated(evidence, basis):
        ev, period, p_start, p_end, eff = row
        start, end = year_bounds(rule.year, eff)  # type: ignore[arg-type]
        if start <= p_start and p_end <= end:
            return "pass", partial(_report_of_year, rule, ev, period, eff), eff
        if _is_ce(period) and p_start <= end and p_end >= start:
            spans.append(row)
    if spans:
        return _ce_span(rule, spans, basis)
    return ("fail", lambda: f"ต้องเป็นรายงานของปี {rule.year} แต่{_stated(evidence, basis)}",
            None)


def _results_analysis(rule: PeriodRule, evidence: Sequence[Evidence], basis: str) -> Outcome:
    """The analysis of the ITA results of ``rule.year`` (2566 O42: of 2565): agencies title it
    by the year analysed or as the measures of the next year, the year assessed ("มาตรการ…
    ประจำปีงบประมาณ พ.ศ. 2566"); a document of either year passes."""
    status, reason, matched = _previous_year_report(rule, evidence, basis)
    if status == "pass":
        return status, reason, matched
    measures = replace(rule, year=rule.year + 1)
    next_status, next_reason, next_matched = _current_year(measures, evidence, basis)
    if next_status == "pass":
        return ("pass", lambda: f"{worded(next_reason)} เป็นมาตรการจากผลการประเมินปี "
                f"{rule.year}", next_matched)
    if status != "fail":
        return status, reason, matched
    return ("fail", lambda: f"ต้องเป็นการวิเคราะห์ผลการประเมินปี {rule.year} หรือมาตรการของปี "
            f"{rule.year + 1} แต่{_stated(evidence, basis)}", None)


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
            return "pass", partial(_plan_covers, rule, ev, period), eff
    if short:
        stated = [(ev, term) for ev, *_ in short
                  if (term := _PLAN_TERM.search(to_arabic_digits(ev.title)))
                  and int(term.group(1)) >= rule.min_years]
        if stated:
            return ("review", lambda: _short_term(rule, short, *stated[0]), None)
        return ("fail", lambda: f"ต้องเป็นแผนระยะอย่างน้อย {rule.min_years} ปีที่ครอบคลุมปี "
                f"{rule.year} แต่{_whose(short)}ระบุเพียง {_found(short)}", None)
    return ("fail", lambda: f"ต้องเป็นแผนที่ครอบคลุมปี {rule.year} แต่{_whose(rows)}ระบุ "
            f"{_found(rows)}", None)


def _short_term(rule: PeriodRule, short: Sequence[Row], ev: Evidence, term: re.Match[str]
                ) -> str:
    """The reason of a plan whose title states a long enough term but whose years span less."""
    quoted = ev.title[term.start():term.end()]      # digit conversion is one-to-one
    where = "ชื่อ" if _whose(short) == "ชื่อเอกสาร" else "เอกสาร"
    return (f"{ev.label()} ระบุ '{quoted}' แต่ช่วงปีใน{where}มีเพียง {_found(short)} "
            f"ต้องเปิดเอกสารตรวจว่าแผนครอบคลุมปี {rule.year}")


def _first_six_months(rule: PeriodRule, evidence: Sequence[Evidence], basis: str) -> Outcome:
    start, end = first_six_months(rule.year, basis)  # type: ignore[arg-type]
    rows = _dated(evidence, basis)
    coverage = _coverage(rows)
    for ev, period, p_start, p_end, eff in coverage:
        half_start, half_end = first_six_months(rule.year, eff)  # type: ignore[arg-type]
        if p_start <= half_start and half_end <= p_end:
            return "pass", partial(_covers_half, rule, ev, period, p_end, eff), eff
    if _covers(coverage, start, end):
        return ("pass", lambda: f"เอกสารหลายรายการรวมกันครอบคลุม {_months(start, end)}: "
                f"{_found(coverage)}", basis)
    if coverage and any(row[2] <= end and row[3] >= start for row in coverage):
        cumulative = [row for row in coverage if row[1].kind == "quarter"
                      and row[1].start is None and row[3] == end and row[2] > start]
        if cumulative:          # "ไตรมาส 2" alone: a report to the end of Q2 is often cumulative
            q2 = cumulative[0]
            return ("review", lambda: f"ต้องครอบคลุม {_months(start, end)}; {q2[0].label()} "
                    f"ระบุ '{q2[1].text}' ซึ่งสิ้นสุดพร้อม 6 เดือนแรก อาจเป็นรายงานสะสมตั้งแต่ต้นปี "
                    "ต้องเปิดเอกสารตรวจ", None)
        points = [row for row in coverage if row[1].kind == "as_of" and row[3] < end]
        if points:
            point = points[0]
            return ("fail", lambda: f"ต้องครอบคลุม {_months(start, end)} แต่ {point[0].label()} "
                    f"เป็นความก้าวหน้า '{point[1].text}' คือ ณ {thai_date(point[3], 'long')} "
                    "ยังไม่ถึงสิ้นสุด 6 เดือนแรก", None)
        return ("fail", lambda: f"ต้องครอบคลุม {_months(start, end)} แต่เอกสารครอบคลุมเพียง "
                f"{_found(coverage)}", None)
    # A document labelled only with the year might cover the months: a reviewer must look.
    # Year labels of documents that state their months (or quarters) do not count.
    year_start, year_end = year_bounds(rule.year, basis)  # type: ignore[arg-type]
    stating = {id(row[0]) for row in coverage}
    year_only = [row for row in rows if id(row[0]) not in stating
                 and row[2] <= year_end and row[3] >= year_start]
    if year_only:               # the months on the basis the label states ("ปีงบประมาณ")
        stated = {row[4] for row in year_only}
        half = first_six_months(rule.year, stated.pop()) if len(stated) == 1 \
            else (start, end)  # type: ignore[arg-type]
        return ("review", lambda: f"{_whose(year_only)}ระบุปี {rule.year} ({_found(year_only)}) "
                f"แต่ไม่ระบุว่าครอบคลุม {_months(*half)} ต้องเปิดเอกสารตรวจ", None)
    if coverage:
        return ("fail", lambda: f"ต้องครอบคลุม {_months(start, end)} แต่เอกสารครอบคลุม "
                f"{_found(coverage)} ซึ่งเป็นช่วงอื่น", None)
    return ("fail", lambda: f"ต้องครอบคลุม {_months(start, end)} แต่{_whose(rows)}ระบุ "
            f"{_found(rows)}", None)


def _months(start: date, end: date) -> str:
    """"ต.ค. 65–มี.ค. 66": a span of months, for reasons."""
    return f"{thai_date(start, 'month')}–{thai_date(end, 'month')}"


def _monthly(rule: PeriodRule, evidence: Sequence[Evidence], basis: str) -> Outcome:
    # bare month names under "ปีงบประมาณ พ.ศ. 2566" are months of that fiscal year, whatever the
    # audit's basis: the heading fixes it, as a year label does for the other rules
    stated = {_label_basis(ev) for ev in evidence if ev.month is not None}
    if len(stated) == 1 and (own := stated.pop()) is not None:
        basis = own
    start, end = first_six_months(rule.year, basis)  # type: ignore[arg-type]
    required = months_between(start, end)
    covered: set[tuple[int, int]] = set()
    dating: list[Evidence] = []           # documents whose months were dated
    for ev in evidence:
        months = _evidence_months(ev, basis)
        covered.update(months)
        if months:
            dating.append(ev)
    missing = [m for m in required if m not in covered]
    if not missing:
        return ("pass", lambda: f"มีข้อมูลรายเดือนครบ {len(required)} เดือน "
                f"({_months(start, end)}){_sources_note(dating)}", basis)
    if any(m in covered for m in required):
        return ("fail", lambda: f"ข้อมูลรายเดือนขาด {len(missing)} เดือน: "
                f"{_month_names(missing)}{_sources_note(dating)}", None)
    if covered:
        return ("fail", lambda: f"ต้องมีข้อมูลรายเดือน {_months(start, end)} แต่พบเดือน "
                f"{_month_names(sorted(covered))}{_sources_note(dating)}", None)
    return ("review", lambda: f"ต้องมีข้อมูลรายเดือน {_months(start, end)} แต่"
            f"{_stated(evidence, basis, 'ไม่แยกเดือน ({})')} ต้องเปิดเอกสารตรวจ", None)


def _month_names(months: Iterable[tuple[int, int]]) -> str:
    return ", ".join(thai_date(date(y, m, 1), 'month') for y, m in months)


def _in_year(rule: PeriodRule, ev: Evidence, period: Period, basis: str) -> str:
    return f"{ev.label()} ระบุ '{period.text}' อยู่ในปี {rule.year}{_source_note(ev, basis)}"


def _report_of_year(rule: PeriodRule, ev: Evidence, period: Period, basis: str) -> str:
    return (f"{ev.label()} เป็นรายงานของปี {rule.year} ('{period.text}')"
            f"{_source_note(ev, basis)}")


def _plan_covers(rule: PeriodRule, ev: Evidence, period: Period) -> str:
    return f"{ev.label()} มีระยะเวลา '{period.text}' ครอบคลุมปี {rule.year}{_source_note(ev)}"


def _covers_half(rule: PeriodRule, ev: Evidence, period: Period, end: date, basis: str) -> str:
    window = f"({_months(*first_six_months(rule.year, basis))})"  # type: ignore[arg-type]
    if period.kind == "as_of":
        return (f"{ev.label()} รายงานความก้าวหน้า '{period.text}' คือ ณ "
                f"{thai_date(end, 'long')} ซึ่งถึงสิ้นสุด 6 เดือนแรก {window}"
                f"{_source_note(ev, basis)}")
    return (f"{ev.label()} ครอบคลุม 6 เดือนแรก {window} ด้วย '{period.text}'"
            f"{_source_note(ev, basis)}")


RULES = {
    "current_year": _current_year,
    "in_force": _in_force,
    "previous_year_report": _previous_year_report,
    "results_analysis": _results_analysis,
    "plan_covering": _plan_covering,
    "first_six_months": _first_six_months,
    "monthly": _monthly,
}


def clear_caches() -> None:
    """Empty the memos of this module (outcomes of period rules, month spans)."""
    _OUTCOMES.clear()
    months_between.cache_clear()
    full_months.cache_clear()


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


def _label_basis(ev: Evidence) -> str | None:
    """The basis the year label of a bare month entry states (``ปีงบประมาณ 2566``: fiscal),
    None when it states none (``ปี 2566``)."""
    labels = [p for p in ev.periods if p.year is not None]
    return labels[0].basis if labels and labels[0].kind == "fiscal_year" else None


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
