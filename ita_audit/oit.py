"""The OIT rules engine: disclosed documents -> evidence -> checks -> verdicts -> scores.

For each criteria item the engine runs, in order:

* ``presence``: is anything listed? (absent: fail; a bare heading with no document: review)
* ``exception:<id>``: does a title state the item's exception (e.g. "no procurement")?
* ``period:<rule>``: do the titles show the right period? Judged on the audit's year basis
  (fiscal or calendar); a match only on the other basis is ``review``; no year at all is
  ``review``; a wrong year is ``fail`` and the reason names the years found and required.
* ``elements``: required elements "(1)…(n)" cannot be proven from a title, so this check is
  always ``review`` and goes to the reviewer's worklist; it does not block the item verdict.

The item verdict is the worst of presence and period (fail > review > pass).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Iterable, Iterator, Mapping, Sequence

from .criteria import Criteria, CriteriaItem, PeriodRule
from .disclosure import DisclosureIndex, Document
from .errors import InputError
from .record import relative
from .thai import (Period, extract_periods, first_six_months, parse_month, to_arabic_digits,
                   year_bounds)

VERDICTS = ("pass", "fail", "review")
BASES = ("fiscal", "calendar")
_SEVERITY = {"pass": 0, "n/a": 0, "review": 1, "fail": 2}
_COVERAGE_KINDS = {"month", "month_range", "date_range", "quarter", "half", "as_of"}
THAI_MONTH_ABBR = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                   "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")


@dataclass(frozen=True)
class Evidence:
    """One listed document and the periods read from it."""

    title: str
    url: str | None
    line: int
    context: str
    periods: tuple[Period, ...]
    period_source: str            # where the periods came from: title, context, url or none
    level: int = 1                # 2 for an attachment of the document above it
    month: int | None = None      # for bare month-name entries (monthly procurement lines)
    exception: str | None = None  # id of the criteria exception the title states
    url_periods: tuple[Period, ...] = ()  # periods in the URL when the title/context gave them

    @property
    def years(self) -> list[int]:
        """Distinct BE years this document's periods mention."""
        years: set[int] = set()
        for period in self.periods:
            if period.year is not None:
                years.update(range(period.year, (period.end_year or period.year) + 1))
        return sorted(years)

    def label(self) -> str:
        """Quoted title with its line number, for reasons."""
        return f"'{self.title}' (บรรทัด {self.line})"

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "url": self.url, "years": self.years, "line": self.line,
                "context": self.context, "level": self.level,
                "period_source": self.period_source}


@dataclass(frozen=True)
class Check:
    """The outcome of one rule on one item."""

    rule: str
    status: str                   # pass, fail, review or n/a
    reason: str
    basis: str | None = None      # the year basis the period check matched on

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "status": self.status, "reason": self.reason,
                "basis": self.basis}


@dataclass(frozen=True)
class Override:
    """An auditor's decision that replaces the automated verdict."""

    verdict: str
    note: str
    by: str


@dataclass
class ItemResult:
    """Verdict, score, evidence and reasons for one criteria item."""

    item: CriteriaItem
    evidence: list[Evidence]
    checks: list[Check]
    automated_verdict: str
    override: Override | None = None

    @property
    def verdict(self) -> str:
        """The final verdict: the auditor's override if any, else the automated one."""
        return self.override.verdict if self.override else self.automated_verdict

    @property
    def reasons(self) -> list[str]:
        reasons = [f"[{check.rule}] {check.reason}" for check in self.checks if check.status != "n/a"]
        if self.override:
            reasons.append(f"[override] {self.override.by}: {self.automated_verdict} -> "
                           f"{self.override.verdict}: {self.override.note}")
        return reasons

    @property
    def period_basis(self) -> str | None:
        return next((c.basis for c in self.checks if c.rule.startswith("period:")), None)

    def pending_checks(self) -> list[Check]:
        """Checks a reviewer still has to settle by opening the documents."""
        return [check for check in self.checks if check.status == "review"]


@dataclass
class OitAudit:
    """The OIT audit of one agency-year."""

    agency: str
    fiscal_year: int
    year_basis: str
    criteria: Criteria
    items: list[ItemResult]
    source: str
    warnings: list[str] = field(default_factory=list)

    def item_score(self, result: ItemResult) -> float | None:
        """Score per the criteria's aggregation: pass/fail scores; review has none."""
        return self.criteria.aggregation["item_score"].get(result.verdict)

    def indicator_scores(self, review_as: str = "fail") -> dict[str, float]:
        """Mean item score per indicator; items under review count as ``review_as``."""
        return {ind.id: self._mean([r for r in self.items if r.item.indicator == ind.id], review_as)
                for ind in self.criteria.indicators}

    def oit_score(self, review_as: str = "fail") -> float:
        """Mean of all item scores (the aggregation declared in the criteria file)."""
        return self._mean(self.items, review_as)

    def _mean(self, results: Sequence[ItemResult], review_as: str) -> float:
        scores = self.criteria.aggregation["item_score"]
        values = [scores[review_as] if r.verdict == "review" else scores[r.verdict] for r in results]
        return round(sum(values) / len(values), 2) if values else 0.0

    def counts(self) -> dict[str, int]:
        return {verdict: sum(r.verdict == verdict for r in self.items) for verdict in VERDICTS}

    def review_items(self) -> list[str]:
        return [r.item.id for r in self.items if r.verdict == "review"]

    def to_json(self) -> dict[str, Any]:
        """The DESIGN.md §3 contract, plus extra fields."""
        oit = self.oit_score()
        return {
            "agency": self.agency,
            "fiscal_year": self.fiscal_year,
            "criteria_year": self.criteria.fiscal_year,
            "year_basis": self.year_basis,
            "source": self.source,
            "items": [self._item_json(r) for r in self.items],
            "indicators": self.indicator_scores(),
            "oit_score": oit,
            "grade": self.criteria.grade_for(oit),
            "counts": self.counts(),
            "review_items": self.review_items(),
            "if_reviews_pass": {"indicators": self.indicator_scores("pass"),
                                "oit_score": self.oit_score("pass")},
            "warnings": list(self.warnings),
        }

    def _item_json(self, r: ItemResult) -> dict[str, Any]:
        data = {"item": r.item.id, "name": r.item.name, "verdict": r.verdict,
                "score": self.item_score(r),
                "evidence": [e.to_json() for e in r.evidence],
                "reasons": r.reasons,
                "indicator": r.item.indicator, "sub_indicator": r.item.sub_indicator,
                "automated_verdict": r.automated_verdict,
                "period_basis": r.period_basis,
                "checks": [c.to_json() for c in r.checks]}
        if r.override:
            data["override"] = {"verdict": r.override.verdict, "note": r.override.note,
                                "by": r.override.by}
        return data


# --- running the audit -------------------------------------------------------------------

def audit_oit(index: DisclosureIndex, criteria: Criteria, *, agency: str,
              year_basis: str = "fiscal",
              overrides: Mapping[str, Override] | None = None) -> OitAudit:
    """Judge every criteria item against the disclosure index."""
    if year_basis not in BASES:
        raise InputError(None, f"year basis {year_basis!r} is unknown", where="year_basis",
                         fix="use 'fiscal' or 'calendar'")
    overrides = overrides or {}
    by_item: dict[str, list[Document]] = {}          # index.for_item for every item, in one pass
    for doc in index.documents:
        by_item.setdefault(doc.item, []).append(doc)
    results = []
    for item in criteria.items:
        result = judge_item(item, by_item.get(item.id, []), year_basis)
        result.override = overrides.get(item.id)
        results.append(result)
    return OitAudit(agency=agency, fiscal_year=criteria.fiscal_year, year_basis=year_basis,
                    criteria=criteria, items=results, source=relative(index.path),
                    warnings=list(index.warnings))


def judge_item(item: CriteriaItem, documents: Sequence[Document], basis: str) -> ItemResult:
    """Run the presence, exception, period and element rules on one item."""
    evidence = [read_evidence(doc, item) for doc in documents if not doc.is_heading_only]
    presence = presence_check(item, documents, evidence)
    checks = [presence]
    if item.exceptions:
        checks.extend(exception_checks(item, evidence))
    verdict = presence.status
    if item.period is not None and evidence:
        period = period_check(item.period, evidence, basis)
        checks.append(period)
        if _SEVERITY[period.status] > _SEVERITY[verdict]:
            verdict = period.status
    checks.append(elements_check(item))
    # The verdict is the worst of the blocking checks, presence and period.
    return ItemResult(item=item, evidence=evidence, checks=checks,
                      automated_verdict="pass" if verdict == "n/a" else verdict)


def read_evidence(doc: Document, item: CriteriaItem) -> Evidence:
    """Periods from the title; else from the sub-heading context; else from the URL.

    A year in the URL is the weakest evidence: it counts only when neither the title nor the
    context states one. When they do, the URL's periods are kept so that a reason can say the
    URL disagrees (the title still wins).
    """
    month, periods, period_source, url_periods = _read_periods(doc.title, doc.context, doc.url)
    exception = next((exc.id for exc in item.exceptions
                      if any(phrase in doc.title for phrase in exc.phrases)),
                     None) if item.exceptions else None
    return Evidence(title=doc.title, url=doc.url, line=doc.line, context=doc.context,
                    periods=periods, period_source=period_source, level=doc.level, month=month,
                    exception=exception, url_periods=url_periods)


@lru_cache(maxsize=1 << 15)
def _read_periods(title: str, context: str, url: str | None
                  ) -> tuple[int | None, tuple[Period, ...], str, tuple[Period, ...]]:
    """(month, periods, period source, URL periods) of a document: a pure function of its
    title, context and URL, memoised because the same documents recur across indexes."""
    month = parse_month(title)
    url_periods = tuple(extract_periods(url, source="url")) if url else ()
    for name, text in (("title", title), ("context", context)):
        if text and (found := extract_periods(text, source="title")):
            return month, tuple(found), name, url_periods
    if url_periods:
        return month, url_periods, "url", ()
    return month, (), "none", url_periods


def presence_check(item: CriteriaItem, documents: Sequence[Document],
                   evidence: Sequence[Evidence]) -> Check:
    """Something must be listed under the item."""
    if evidence:
        return Check("presence", "pass", f"มีเอกสาร {len(evidence)} รายการ เช่น {evidence[0].label()}")
    if documents:
        line = documents[0].line
        return Check("presence", "review",
                     f"มีหัวข้อ {item.id} ในดัชนี (บรรทัด {line}) แต่ไม่มีเอกสารใดอยู่ใต้หัวข้อ; "
                     "หัวข้ออาจเป็นลิงก์เอง ต้องเปิดตรวจบนเว็บไซต์")
    return Check("presence", "fail", f"ไม่พบ {item.id} ในดัชนีการเปิดเผยข้อมูลของหน่วยงาน")


def exception_checks(item: CriteriaItem, evidence: Sequence[Evidence]) -> list[Check]:
    """One passing check per exception a title states (e.g. "ไม่มีการจัดซื้อจัดจ้าง")."""
    checks = []
    for exc in item.exceptions:
        stating = [e for e in evidence if e.exception == exc.id]
        if stating:
            checks.append(Check(f"exception:{exc.id}", "pass",
                                f"เอกสาร {stating[0].label()} แจ้งกรณียกเว้นตามเกณฑ์: {exc.text}"))
    return checks


def elements_check(item: CriteriaItem) -> Check:
    """Required elements cannot be read from titles: always a reviewer's task."""
    return _elements_check(item.elements)


@lru_cache(maxsize=1024)
def _elements_check(elements: tuple[str, ...]) -> Check:
    """:func:`elements_check` of an item's elements (the same immutable Check each time)."""
    if not elements:
        return Check("elements", "n/a", "เกณฑ์ไม่กำหนดองค์ประกอบขั้นต่ำ")
    listed = " ".join(f"({i}) {e}" for i, e in enumerate(elements, start=1))
    return Check("elements", "review",
                 f"ชื่อเอกสารพิสูจน์องค์ประกอบไม่ได้ ต้องเปิดเอกสารตรวจว่ามี {listed}")


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
            if len(_full_months(p_start, p_end)) <= 12 * (rule.min_years - 1):
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
    required = f"{_month_label(start)}–{_month_label(end)}"
    rows = _dated(evidence, basis)
    coverage = _coverage(rows)
    for ev, period, p_start, p_end, eff in coverage:
        half_start, half_end = first_six_months(rule.year, eff)  # type: ignore[arg-type]
        if p_start <= half_start and half_end <= p_end:
            return ("pass", f"{ev.label()} ครอบคลุม 6 เดือนแรก ({_month_label(half_start)}–"
                    f"{_month_label(half_end)}) ด้วย '{period.text}'{_source_note(ev)}", eff)
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
    required = _months_between(start, end)
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
                f"({_month_label(start)}–{_month_label(end)}){note}", basis)
    if any(m in covered for m in required):
        names = ", ".join(_month_label(date(y, m, 1)) for y, m in missing)
        return ("fail", f"ข้อมูลรายเดือนขาด {len(missing)} เดือน: {names}{note}", None)
    if covered:
        found = ", ".join(_month_label(date(y, m, 1)) for y, m in sorted(covered))
        return ("fail", f"ต้องมีข้อมูลรายเดือน {_month_label(start)}–{_month_label(end)} "
                f"แต่พบเดือน {found}{note}", None)
    rows = _dated(evidence, basis)
    return ("review", f"ต้องมีข้อมูลรายเดือน {_month_label(start)}–{_month_label(end)} แต่"
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

def _month_label(day: date) -> str:
    return f"{THAI_MONTH_ABBR[day.month - 1]} {str(day.year + 543)[-2:]}"


@lru_cache(maxsize=4096)
def _months_between(start: date, end: date) -> tuple[tuple[int, int], ...]:
    """(year, month) pairs from start's month to end's month (memoised: pure, few inputs)."""
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(months)


@lru_cache(maxsize=4096)
def _full_months(start: date, end: date) -> tuple[tuple[int, int], ...]:
    """(year, month) pairs wholly inside start..end: "25 ต.ค. 2565 - 5 มี.ค. 2566" covers
    Nov–Feb, not October or March."""
    months = _months_between(start, end)
    if months and start.day != 1:
        months = months[1:]
    if months and (end + timedelta(days=1)).month == end.month:
        months = months[:-1]
    return months


def _covers(rows: Sequence[Row], start: date, end: date) -> bool:
    months = {m for row in rows for m in _full_months(row[2], row[3])}
    return all(m in months for m in _months_between(start, end))


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
        months.update(_full_months(row[2], row[3]))
    return months


# --- overrides ---------------------------------------------------------------------------

def parse_overrides(raw: Any, criteria: Criteria, source: str | None = None) -> dict[str, Override]:
    """Validate the ``overrides`` mapping of a params file; unknown items are an error."""
    if raw in (None, {}):
        return {}
    if not isinstance(raw, Mapping):
        raise InputError(source, "overrides must be a mapping of item id to decision",
                         where="overrides", fix="write overrides: {O19: {verdict: pass, note: …, by: …}}")
    valid = set(criteria.item_ids())
    overrides = {}
    for key, decision in raw.items():
        where = f"overrides.{key}"
        if key not in valid:
            raise InputError(source, f"override for unknown item {key!r}", where=where,
                             fix=f"use an item id of the {criteria.fiscal_year} criteria (O1…O{len(valid)})")
        if not isinstance(decision, Mapping):
            raise InputError(source, "override must be a mapping", where=where,
                             fix="give verdict, note and by")
        unknown = set(decision) - {"verdict", "note", "by"}
        if unknown:
            raise InputError(source, f"unknown key(s) {sorted(unknown)}", where=where,
                             fix="only verdict, note and by are allowed")
        verdict, note, by = decision.get("verdict"), decision.get("note"), decision.get("by")
        if verdict not in VERDICTS:
            raise InputError(source, f"verdict {verdict!r} is not one of {', '.join(VERDICTS)}",
                             where=f"{where}.verdict", fix="use pass, fail or review")
        for name, value in (("note", note), ("by", by)):
            if not isinstance(value, str) or not value.strip():
                raise InputError(source, f"{name} is required", where=f"{where}.{name}",
                                 fix="say why and who decided")
        overrides[key] = Override(verdict=verdict, note=note.strip(), by=by.strip())
    return overrides


# --- one call for the CLI and the notebook -----------------------------------------------

def run_oit_audit(disclosure: str | Any, fiscal_year: int, *, agency: str,
                  year_basis: str = "fiscal", overrides: Any = None,
                  params_file: str | None = None, base_url: str | None = None) -> OitAudit:
    """Load the criteria and the disclosure index, validate overrides, and audit.

    ``base_url`` is the web address a saved HTML index came from (resolves relative links)."""
    from .criteria import load_criteria
    from .disclosure import load_disclosure
    from .paths import check_agency, resolve

    check_agency(agency, params_file)
    criteria = load_criteria(int(fiscal_year))
    index = load_disclosure(resolve(disclosure), valid_items=criteria.item_ids(),
                            base_url=base_url)
    decided = parse_overrides(overrides, criteria, params_file)
    return audit_oit(index, criteria, agency=agency, year_basis=year_basis, overrides=decided)
