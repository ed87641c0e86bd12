"""Judge a parsed announcement as ITA evidence for one criteria item and year.

**Judging** (:func:`judge_document`) checks the document against one criteria item and year,
one aspect at a time, each with a verdict, a Thai reason and the line it rests on:

* ``date``: the announcement date against the item's period rule (``current_year``: dated in
  the year on the audit's basis, the other basis only gives review, and a date just before the
  year is review if the subject names the year; ``in_force``: in the year passes, earlier is
  review (may still apply); ``previous_year_report``/``results_analysis``/``plan_covering``:
  the subject must state the period, otherwise a plausible date is review (a report may be
  dated up to the end of the year assessed); six-month and monthly reports: a date alone
  is review; no rule: dated by the end of the year). A date after the year fails. **A missing
  (or non-existent) date is review**, not fail: the parser may have missed an unusual layout,
  so a reviewer must open the document (the same rule the OIT engine applies to an undated
  first document).
* ``signer``: a head-of-agency position (head titles are data) passes; a deputy or assistant,
  a signature on someone's behalf, a head of another organisation than the issuer, or an
  unknown title is review; no signer fails. Whether the person held office in the assessed
  year is not checked.
* ``topics``: each topic the item requires (per criteria year, in the YAML) must be core-found;
  related phrases only give review; a missing topic fails. An item without a topic list is
  review.
* ``consistency``: a day-precise date cited in the body that is later than the announcement
  date is an error finding (the document cannot cite what had not happened yet), with a
  summary finding that suggests the year the evidence points to; later months or years are
  warnings (a plan for next year is normal); dates that do not exist are warnings. Later
  day-precise dates make the aspect review.

The verdict is fail if any aspect fails, else review if any is review, else pass.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ita_audit.criteria.files import load_criteria
from ita_audit.criteria.model import Criteria, CriteriaItem, normalize_item_id
from ita_audit.criteria.topics import (
    ItemTopics,
    PolicyTopics,
    SignerRules,
    load_policy_topics,
    normalise,
    phrase_pattern,
)
from ita_audit.errors import InputError
from ita_audit.findings import VERDICT_RANK, VERDICT_TH, CheckLog, Finding, Severity
from ita_audit.policy.parse import (
    ON_BEHALF_TAIL,
    PolicyDocument,
    era_normal,
    iso_date,
    looks_like,
    parse_policy_text,
)
from ita_audit.thai import (
    BASES,
    Period,
    be_to_ce,
    ce_to_be,
    extract_periods,
    first_six_months,
    thai_date,
    year_bounds,
)

ASPECTS = ("date", "signer", "topics", "consistency")
ASPECT_TH = {"date": "วันที่ประกาศ", "signer": "ผู้ลงนาม", "topics": "หัวข้อที่ต้องมี",
             "consistency": "ความสอดคล้องของวันที่"}
TABLE = "announcement"

_BASIS_TH = {"fiscal": "ปีงบประมาณ", "calendar": "ปีปฏิทิน"}


# ── judging ──────────────────────────────────────────────────────────────────────────────────

@dataclass(frozen=True)
class AspectCheck:
    """One aspect of validity: its verdict, a Thai reason and the line it rests on."""

    check: str                  # one of ASPECTS
    verdict: str                # pass, fail or review
    reason: str
    line: int | None

    def to_json(self) -> dict[str, Any]:
        return {"check": self.check, "verdict": self.verdict, "reason": self.reason,
                "line": self.line}


@dataclass
class DocumentVerdict:
    """A document judged as evidence for one item and year."""

    item: CriteriaItem
    fiscal_year: int
    criteria_year: int
    basis: str
    required_topics: tuple[str, ...]
    checks: tuple[AspectCheck, ...]
    log: CheckLog

    @property
    def verdict(self) -> str:
        """fail if any aspect fails, else review if any is review, else pass."""
        return max((c.verdict for c in self.checks), key=VERDICT_RANK.__getitem__, default="review")

    def check(self, aspect: str) -> AspectCheck:
        """The check of one aspect (``date``, ``signer``, ``topics``, ``consistency``)."""
        for check in self.checks:
            if check.check == aspect:
                return check
        raise KeyError(aspect)

    @property
    def findings(self) -> list[Finding]:
        """Findings, errors first, then by line."""
        order = {"error": 0, "warning": 1, "info": 2}
        return sorted(self.log.findings,
                      key=lambda f: (order[f.severity], f.line is None, f.line or 0))


def judge_document(doc: PolicyDocument, item_id: str, fiscal_year: int,
                   criteria: Criteria | None = None, *, basis: str = "fiscal",
                   topics: PolicyTopics | None = None) -> DocumentVerdict:
    """Judge ``doc`` as evidence for ``item_id`` in ``fiscal_year`` (BE).

    ``criteria`` defaults to ``load_criteria(fiscal_year)``; ``basis`` is the year basis
    (``fiscal`` or ``calendar``). An unknown item or basis raises :class:`InputError`."""
    if basis not in BASES:
        raise InputError(None, f"unknown year basis {basis!r}", where="basis",
                         fix="use 'fiscal' or 'calendar'")
    fiscal_year = int(fiscal_year)
    criteria = criteria or load_criteria(fiscal_year)
    item = _criteria_item(criteria, item_id)
    book = topics or load_policy_topics()
    log = CheckLog()
    _structure(doc, log, fiscal_year)
    wanted = book.for_item(criteria.fiscal_year, item.id)
    checks = (_judge_date(doc, item, fiscal_year, basis, log),
              _judge_signer(doc, book.signer, fiscal_year, log),
              _judge_topics(doc, item, wanted, criteria.fiscal_year, book, fiscal_year, log),
              _judge_consistency(doc, fiscal_year, log))
    return DocumentVerdict(item=item, fiscal_year=fiscal_year,
                           criteria_year=criteria.fiscal_year, basis=basis,
                           required_topics=wanted.topics if wanted else (), checks=checks,
                           log=log)


def judge_announcement_text(text: str, item_id: str, fiscal_year: int,
                            basis: str = "fiscal") -> tuple[str, str]:
    """The policy checks on an announcement's text fetched for an OIT item: (verdict, one
    Thai sentence with each aspect's verdict and the reason of the worst). A text that is not
    an announcement is ``review``: the document may still be the evidence, a person decides."""
    if not looks_like(text):
        return "review", ("เนื้อหาไม่มีลักษณะของประกาศ (ไม่พบบรรทัด 'ประกาศ…', 'เรื่อง …' หรือ "
                          "'ประกาศ ณ วันที่ …') จึงตรวจวันที่ ผู้ลงนาม และหัวข้อไม่ได้ "
                          "ต้องเปิดเอกสารตรวจ")
    judged = judge_document(parse_policy_text(text, path="<evidence>"), item_id, fiscal_year,
                            basis=basis)
    aspects = ", ".join(f"{ASPECT_TH[c.check]} {VERDICT_TH[c.verdict]}" for c in judged.checks)
    worst = next((c for c in judged.checks if c.verdict == judged.verdict), judged.checks[0])
    return judged.verdict, f"{aspects}; {worst.reason}"


def _criteria_item(criteria: Criteria, item_id: str) -> CriteriaItem:

    found = normalize_item_id(item_id) if isinstance(item_id, str) else None
    if not found:
        raise InputError(None, f"item id {item_id!r} is not of the form O31", where="item",
                         fix="name a criteria item such as O31")
    try:
        return criteria.item(found)
    except KeyError as err:
        raise InputError(None, str(err.args[0]), where="item",
                         fix=f"use one of O1..O{len(criteria.items)}") from None


def _record(log: CheckLog, result: AspectCheck, *, check: str, year: int | None, expected: Any,
            actual: Any, row: str | None = None, review: Severity = "warning") -> AspectCheck:
    """Log an aspect's outcome: a fail is an error finding, a review a ``review`` finding."""
    if result.verdict == "pass":
        log.check(True, check=check, table=TABLE, year=year, expected=expected, actual=actual,
                  severity="info", message=result.reason, row=row, line=result.line)
    else:
        log.check(False, check=check, table=TABLE, year=year, expected=expected, actual=actual,
                  severity="error" if result.verdict == "fail" else review,
                  message=result.reason, row=row, line=result.line)
    return result


def _structure(doc: PolicyDocument, log: CheckLog, year: int) -> None:
    """Issuer and subject lines: their absence is a warning, not a verdict."""
    log.check(doc.issuer is not None, check="announcement.issuer", table=TABLE, year=year,
              expected="บรรทัด 'ประกาศ…' ที่หัวเอกสาร", actual=doc.issuer, severity="warning",
              message="ไม่พบบรรทัดชื่อผู้ออกประกาศ ('ประกาศ…') ที่หัวเอกสาร", line=doc.issuer_line)
    log.check(doc.title is not None, check="announcement.title", table=TABLE, year=year,
              expected="บรรทัด 'เรื่อง …'", actual=doc.title, severity="warning",
              message="ไม่พบบรรทัดชื่อเรื่อง ('เรื่อง …') ที่หัวเอกสาร", line=doc.title_line)


def _window_text(start: date, end: date) -> str:
    return f"{thai_date(start, 'short')} – {thai_date(end, 'short')}"


def _stated_years(doc: PolicyDocument) -> list[Period]:
    """Periods the issuer and subject lines state ("ประจำปีงบประมาณ พ.ศ. ๒๕๖๖")."""
    text = " ".join(t for t in (doc.issuer, doc.title) if t)
    return [p for p in extract_periods(era_normal(text)) if p.year is not None]


def _judge_date(doc: PolicyDocument, item: CriteriaItem, fiscal_year: int, basis: str,
                log: CheckLog) -> AspectCheck:
    rule = item.period
    year = rule.year if rule else fiscal_year
    start, end = year_bounds(year, basis)  # type: ignore[arg-type]
    expected = f"{start.isoformat()}..{end.isoformat()}"
    check = f"date.{rule.rule if rule else 'no_rule'}"
    if doc.date is None:
        if doc.date_text and any(b.line == doc.date_line for b in doc.bad_dates):
            reason = (f"วันที่ประกาศ '{doc.date_text}' (บรรทัด {doc.date_line}) "
                      "ไม่ใช่วันที่ที่มีอยู่จริง "
                      "ต้องเปิดเอกสารตรวจวันที่ที่ถูกต้อง")
        elif doc.date_text:       # a word split by the PDF's text ("ธัน วาคม"), a d/m/y date
            reason = (f"อ่านวันที่ประกาศ '{doc.date_text}' (บรรทัด {doc.date_line}) ไม่ได้ "
                      "ต้องเปิดเอกสารตรวจวันที่")
        else:
            reason = ("ไม่พบวันที่ประกาศ ('ประกาศ ณ วันที่ …') จึงตรวจช่วงเวลาไม่ได้ "
                      "ต้องเปิดเอกสารตรวจ (ประกาศที่ไม่ลงวันที่ไม่ใช่หลักฐานที่สมบูรณ์)")
        return _record(log, AspectCheck("date", "review", reason, doc.date_line), check=check,
                       year=year, expected=expected, actual=doc.date_text)
    day = doc.date
    said = f"ประกาศลงวันที่ {thai_date(day)} (บรรทัด {doc.date_line})"
    label = f"{_BASIS_TH[basis]} {year} ({_window_text(start, end)})"
    verdict, reason = _date_outcome(doc, item, fiscal_year, basis, day, said, label)
    return _record(log, AspectCheck("date", verdict, reason, doc.date_line), check=check,
                   year=year, expected=expected, actual=day.isoformat())


def _date_outcome(doc: PolicyDocument, item: CriteriaItem, fiscal_year: int, basis: str,
                  day: date, said: str, label: str) -> tuple[str, str]:
    """(verdict, reason) of the date aspect for each period rule (see the module docstring)."""
    rule = item.period
    if rule is None:
        _, year_end = year_bounds(fiscal_year, basis)  # type: ignore[arg-type]
        if day <= year_end:
            return "pass", (f"เกณฑ์ข้อ {item.id} ไม่กำหนดช่วงเวลา; {said} "
                            f"ก่อนสิ้น{_BASIS_TH[basis]} {fiscal_year}")
        return "fail", f"{said} หลังสิ้น{_BASIS_TH[basis]} {fiscal_year} ที่ประเมิน"
    start, end = year_bounds(rule.year, basis)  # type: ignore[arg-type]
    criterion = f"ตามเกณฑ์ '{rule.text}'"
    # the years the subject may state: the rule's, and for an analysis of the ITA results of
    # that year also the next, whose measures it sets
    years = {rule.year, rule.year + 1} if rule.rule == "results_analysis" else {rule.year}
    stated = [p for p in _stated_years(doc) if p.year is not None
              and any(p.year <= y <= (p.end_year or p.year) for y in years)]
    stated_text = ", ".join(f"'{p.text.strip()}'" for p in stated)
    reported = rule.rule in ("previous_year_report", "results_analysis")
    if reported:              # a report of a year comes out after it, by the year assessed
        assessed = max(rule.year + 1, fiscal_year)
        if day > year_bounds(assessed, basis)[1]:  # type: ignore[arg-type]
            return "fail", (f"{said} หลังสิ้น{_BASIS_TH[basis]} {assessed} ที่ประเมิน "
                            f"{criterion}")
    elif day > end:
        return "fail", f"{said} หลังสิ้น{label} {criterion}"
    if rule.rule == "current_year":
        if day >= start:
            return "pass", f"{said} อยู่ใน{label} {criterion}"
        other = "calendar" if basis == "fiscal" else "fiscal"
        o_start, o_end = year_bounds(rule.year, other)  # type: ignore[arg-type]
        if o_start <= day <= o_end:
            return "review", (f"{said} ไม่อยู่ใน{label} แต่อยู่ใน{_BASIS_TH[other]} {rule.year}; "
                              f"ยืนยันฐานการนับปีของหน่วยงาน {criterion}")
        if stated and day.year >= start.year - 1:
            return "review", (f"{said} ก่อนเริ่ม{label} แต่ชื่อเรื่องระบุ {stated_text} "
                              f"ต้องยืนยันว่าเป็นประกาศสำหรับปี {rule.year} {criterion}")
        gap = rule.year - (ce_to_be(day.year) if basis == "calendar" else _fiscal_be(day))
        return "fail", (f"{said} ไม่อยู่ใน{label} (เก่ากว่าปีที่ประเมิน {gap} ปี) {criterion}")
    if rule.rule == "in_force":
        if day >= start:
            return "pass", f"{said} อยู่ใน{label} {criterion}"
        return "review", (f"{said} ออกก่อน{label}; อาจยังใช้บังคับ ต้องยืนยันว่ายังไม่ถูกยกเลิก"
                          f"หรือแทนที่ {criterion}")
    if reported:
        report_start = year_bounds(rule.year, basis)[0]  # type: ignore[arg-type]
        _, assessed_end = year_bounds(max(rule.year + 1, fiscal_year), basis)  # type: ignore[arg-type]
        if not report_start <= day <= assessed_end:
            return "fail", f"{said} ไม่อยู่ในช่วงที่รายงานของปี {rule.year} จะออกได้ {criterion}"
        if stated:
            return "pass", f"ชื่อเรื่องระบุ {stated_text} และ{said} {criterion}"
        return "review", (f"{said} อยู่ในช่วงที่เป็นไปได้ แต่ชื่อเรื่องไม่ระบุปี {rule.year} "
                          f"ต้องเปิดเอกสารตรวจ {criterion}")
    if rule.rule == "plan_covering":
        covering = [p for p in _stated_years(doc) if _covers(p, start, end, basis)]
        if covering:
            texts = ", ".join(f"'{p.text.strip()}'" for p in covering)
            return "pass", f"ชื่อเรื่องระบุช่วง {texts} ครอบคลุม{label} และ{said} {criterion}"
        return "review", (f"{said} แต่ชื่อเรื่องไม่ระบุช่วงเวลาที่ครอบคลุม{label} "
                          f"ต้องเปิดเอกสารตรวจ {criterion}")
    half_start, _ = first_six_months(rule.year, basis)  # type: ignore[arg-type]
    if day < half_start:
        return "fail", f"{said} ก่อนเริ่มช่วงที่ต้องรายงาน ({thai_date(half_start, 'short')}) {criterion}"
    return "review", (f"{said} อยู่ในช่วงที่เป็นไปได้ แต่วันที่ประกาศอย่างเดียวแสดงไม่ได้ว่า"
                      f"ครอบคลุมช่วงที่เกณฑ์กำหนด ต้องเปิดเอกสารตรวจ {criterion}")


def _fiscal_be(day: date) -> int:
    return ce_to_be(day.year + (1 if day.month >= 10 else 0))


def _covers(period: Period, start: date, end: date, basis: str) -> bool:
    window = period.window(basis)  # type: ignore[arg-type]
    return window is not None and window[0] <= start and end <= window[1]


def _judge_signer(doc: PolicyDocument, rules: SignerRules, year: int,
                  log: CheckLog) -> AspectCheck:
    line = doc.position_line or doc.signer_line
    who = f"'{doc.signer}' (บรรทัด {doc.signer_line})" if doc.signer else ""
    if doc.signer is None and doc.position is None:
        result = AspectCheck("signer", "fail", "ไม่พบผู้ลงนาม (ชื่อในวงเล็บหลังวันที่ประกาศ) "
                             "ประกาศที่ไม่มีผู้ลงนามไม่ใช่ประกาศอย่างเป็นทางการ", None)
        return _record(log, result, check="signer.present", year=year,
                       expected="ชื่อและตำแหน่งผู้ลงนาม", actual=None)
    if doc.position is None:
        result = AspectCheck("signer", "review", f"พบผู้ลงนาม {who} แต่ไม่พบบรรทัดตำแหน่ง "
                             "ต้องเปิดเอกสารตรวจว่าเป็นผู้บริหารสูงสุด", line)
        return _record(log, result, check="signer.position", year=year,
                       expected="ตำแหน่งผู้บริหารสูงสุด", actual=None)
    position = doc.position
    said = f"ผู้ลงนาม {who} ตำแหน่ง '{position}' (บรรทัด {doc.position_line})"
    verdict, reason = _signer_outcome(doc, rules, said)
    return _record(log, AspectCheck("signer", verdict, reason, line), check="signer.head_of_agency",
                   year=year, expected="ผู้บริหารสูงสุดของหน่วยงาน", actual=position,
                   row=doc.signer)


def _signer_outcome(doc: PolicyDocument, rules: SignerRules, said: str) -> tuple[str, str]:
    """(verdict, reason) for a signer whose position line was found."""
    title = normalise(doc.position or "")
    for marker in rules.on_behalf:
        title = phrase_pattern(marker).split(title)[0]
    title = ON_BEHALF_TAIL.sub("", title).strip()
    if doc.on_behalf:
        return "review", (f"{said} ลงนามแทน ('{doc.on_behalf_text}' บรรทัด {doc.on_behalf_line}) "
                          "เกณฑ์ต้องการประกาศที่ลงนามโดยผู้บริหารสูงสุด ต้องยืนยันว่าการลงนามแทนใช้ได้")
    deputy = next((p for p in rules.deputy_prefixes if title.startswith(p)), None)
    if deputy:
        return "review", (f"{said} เป็นรองหรือผู้ช่วย ('{deputy}…') ไม่ใช่ผู้บริหารสูงสุด "
                          "ต้องยืนยันว่าได้รับมอบอำนาจ")
    head = next((h for h in sorted(rules.head_titles, key=len, reverse=True)
                 if title.startswith(normalise(h))), None)
    if head is None:
        return "review", (f"{said} ไม่ตรงกับตำแหน่งหัวหน้าหน่วยงานที่รู้จัก "
                          f"({', '.join(rules.head_titles[:5])} …) ต้องเปิดเอกสารตรวจ")
    org = _squash(title[len(normalise(head)):])
    issuer = _squash(normalise(doc.issuer_org or ""))
    if org and issuer and org not in issuer and issuer not in org:
        return "review", (f"{said} เป็นหัวหน้าของ '{title[len(normalise(head)):].strip()}' "
                          f"ซึ่งไม่ใช่หน่วยงานผู้ออกประกาศ '{doc.issuer_org}' "
                          "อาจเป็นหัวหน้าหน่วยงานย่อย ต้องยืนยัน")
    return "pass", (f"{said} เป็นผู้บริหารสูงสุดของหน่วยงาน ('{head}…'); "
                    "ไม่ได้ตรวจว่าบุคคลนี้ดำรงตำแหน่งในปีที่ประเมิน")


def _squash(text: str) -> str:
    return "".join(text.split())


def _judge_topics(doc: PolicyDocument, item: CriteriaItem, wanted: ItemTopics | None,
                  criteria_year: int, book: PolicyTopics, year: int,
                  log: CheckLog) -> AspectCheck:
    if wanted is None:
        result = AspectCheck("topics", "review",
                             f"ไม่มีรายการหัวข้อที่ข้อ {item.id} ({criteria_year}) ต้องมีใน "
                             "policy-topics.yaml ต้องเปิดเอกสารตรวจเนื้อหา", None)
        return _record(log, result, check="topics.required", year=year, expected=None,
                       actual=None, review="info")
    if _squash(normalise(wanted.name)).casefold() not in _squash(normalise(item.name)).casefold():
        result = AspectCheck("topics", "review",
                             f"policy-topics.yaml กำหนดหัวข้อของ {item.id} โดยคาดว่าชื่อข้อมีคำว่า "
                             f"'{wanted.name}' แต่เกณฑ์ปี {criteria_year} ชื่อข้อ '{item.name}' "
                             "รายการหัวข้ออาจใช้เลขข้อของปีอื่น ต้องแก้ไฟล์หัวข้อ", None)
        return _record(log, result, check="topics.item_map", year=year, expected=wanted.name,
                       actual=item.name)
    parts: list[AspectCheck] = []
    for topic_id in wanted.topics:
        topic = book.topic(topic_id)
        match = doc.topic(topic_id)
        main = match.main
        if match.core_found and main:
            part = AspectCheck("topics", "pass", f"พบหัวข้อ '{topic.label_th}' (คำว่า '{main.phrase}' "
                               f"บรรทัด {main.line}; รวม {len(match.lines)} บรรทัด)", main.line)
        elif main:
            part = AspectCheck("topics", "review",
                               f"หัวข้อ '{topic.label_th}' พบเพียงคำที่เกี่ยวข้อง '{main.phrase}' "
                               f"(บรรทัด {main.line}) ไม่พบคำหลัก ({', '.join(topic.phrases)}) "
                               "ต้องเปิดเอกสารตรวจว่าครอบคลุมเรื่องนี้", main.line)
        else:
            part = AspectCheck("topics", "fail", f"ไม่พบหัวข้อ '{topic.label_th}' ที่ข้อ {item.id} "
                               f"ต้องมี (ค้นคำ: {', '.join(topic.phrases + topic.related)})", None)
        _record(log, part, check=f"topics.{topic_id}", year=year, expected=topic.phrases,
                actual=main.phrase if main else None, row=topic_id)
        parts.append(part)
    verdict = max((p.verdict for p in parts), key=VERDICT_RANK.__getitem__)
    line = next((p.line for p in parts if p.verdict == verdict and p.line), None)
    return AspectCheck("topics", verdict, "; ".join(p.reason for p in parts), line)


def _judge_consistency(doc: PolicyDocument, year: int, log: CheckLog) -> AspectCheck:
    for bad in doc.bad_dates:
        log.report(Finding("consistency.real_date", TABLE, year, "a date that exists", bad.text,
                           "warning", f"'{bad.text}' (บรรทัด {bad.line}) ไม่ใช่วันที่ที่มีอยู่จริง",
                           row=bad.text, line=bad.line))
    if doc.date is None:
        log.skip(check="consistency.reference_dates", table=TABLE, year=year)
        return AspectCheck("consistency", "review", "ไม่มีวันที่ประกาศ จึงเทียบกับวันที่ที่อ้างถึงใน"
                           "เนื้อหาไม่ได้", doc.date_line)
    day = doc.date
    precise = [r for r in doc.references if r.precise and r.start and r.start > day]
    rough = [r for r in doc.references if not r.precise and r.start and r.start > day]
    for ref in precise:
        log.check(False, check="consistency.reference_after_announcement", table=TABLE,
                  year=ref.year, expected=f"<= {day.isoformat()}", actual=iso_date(ref.start),
                  severity="error", row=ref.text, line=ref.line,
                  message=(f"เนื้อหาอ้างถึง '{ref.text}' (บรรทัด {ref.line}) "
                           f"ซึ่งเป็นวันที่หลังวันที่ประกาศ {thai_date(day)} "
                           f"(บรรทัด {doc.date_line}) ประกาศอ้างถึงเหตุการณ์ที่ยังไม่เกิดไม่ได้"))
    for ref in rough:
        log.check(False, check="consistency.period_after_announcement", table=TABLE,
                  year=ref.year, expected=f"<= {day.isoformat()}", actual=iso_date(ref.start),
                  severity="warning", row=ref.text, line=ref.line,
                  message=(f"เนื้อหาอ้างถึงช่วง '{ref.text}' (บรรทัด {ref.line}) "
                           "ซึ่งเริ่มหลังวันที่ประกาศ "
                           f"{thai_date(day)} อาจเป็นแผนล่วงหน้า หรือวันที่ประกาศผิด"))
    if not precise:
        if not rough:
            log.check(True, check="consistency.reference_dates", table=TABLE, year=year,
                      expected=None, actual=None, severity="info", message="")
        note = (f" (มีช่วงเวลาที่เริ่มหลังวันที่ประกาศ {len(rough)} รายการ เช่น '{rough[0].text}' "
                f"บรรทัด {rough[0].line} ซึ่งอาจเป็นแผนล่วงหน้า)" if rough else "")
        return AspectCheck("consistency", "pass",
                           f"ไม่มีวันที่ในเนื้อหาที่อยู่หลังวันที่ประกาศ {thai_date(day)}{note}",
                           rough[0].line if rough else doc.date_line)
    suggested = _suggest_year(day, max(r.start for r in precise if r.start))
    cited = "; ".join(f"'{r.text}' (บรรทัด {r.line})" for r in precise)
    periods = "; ".join(f"'{r.text}' (บรรทัด {r.line})" for r in rough)
    message = (f"วันที่ประกาศ {thai_date(day)} (บรรทัด {doc.date_line}) น่าจะผิด: เนื้อหาอ้างถึง {cited}"
               + (f" และช่วงเวลา {periods}" if periods else "")
               + f" ซึ่งอยู่หลังวันที่ประกาศ หลักฐานชี้ว่าประกาศออกในปี พ.ศ. {suggested} หรือหลังจากนั้น"
               f" (ถ้าผิดเฉพาะปี วันที่น่าจะเป็น {thai_date(_same_day(day, be_to_ce(suggested)))})")
    log.check(False, check="consistency.announcement_date", table=TABLE,
              year=ce_to_be(day.year), expected=suggested, actual=ce_to_be(day.year),
              severity="error", message=message, row=doc.date_text, line=doc.date_line)
    return AspectCheck("consistency", "review", message, precise[0].line)


def _same_day(day: date, year_ce: int) -> date:
    """The same day and month in another year (29 Feb becomes 28 Feb)."""
    try:
        return day.replace(year=year_ce)
    except ValueError:
        return day.replace(year=year_ce, day=28)


def _suggest_year(day: date, latest: date) -> int:
    """The first BE year in which the announcement's day and month fall on or after ``latest``."""
    year = day.year
    while _same_day(day, year) < latest:
        year += 1
    return ce_to_be(year)
