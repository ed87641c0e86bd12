"""The OIT rules engine: disclosed documents -> evidence -> checks -> verdicts.

For each criteria item the engine runs, in order:

* ``presence``: is anything listed? (absent: fail; a bare heading with no document: review)
* ``exception:<id>``: does a title state the item's exception (e.g. "no procurement")?
* ``period:<rule>``: do the titles show the right period? (:mod:`ita_audit.oit.periods`)
* ``elements``: required elements "(1)…(n)" cannot be proven from a title, so this check is
  always ``review`` and goes to the reviewer's worklist; it does not block the item verdict.

The item verdict is the worst of presence and period (fail > review > pass).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

from ita_audit.criteria.model import Criteria, CriteriaItem
from ita_audit.errors import InputError
from ita_audit.evidence.lookup import EvidenceArchive
from ita_audit.findings import VERDICT_RANK
from ita_audit.oit.content import (
    AnnouncementJudge,
    announcement_check,
    content_period_check,
    describe,
    link_check,
    read_documents,
)
from ita_audit.oit.content import elements_check as content_elements_check
from ita_audit.oit.disclosure import DisclosureIndex, Document
from ita_audit.oit.periods import full_months, months_between, period_check
from ita_audit.oit.results import Check, Evidence, ItemResult, OitAudit, Override
from ita_audit.thai import BASES, Period, extract_periods, parse_month
from ita_audit.thai import clear_caches as thai_clear_caches
from ita_audit.util.paths import relative


def audit_oit(index: DisclosureIndex, criteria: Criteria, *, agency: str,
              year_basis: str = "fiscal",
              overrides: Mapping[str, Override] | None = None,
              evidence: EvidenceArchive | None = None,
              announcements: AnnouncementJudge | None = None) -> OitAudit:
    """Judge every criteria item against the disclosure index (and, with an evidence archive,
    against what the documents behind its links say; ``announcements`` judges the text of an
    item that asks for an announcement)."""
    if year_basis not in BASES:
        raise InputError(None, f"year basis {year_basis!r} is unknown", where="year_basis",
                         fix="use 'fiscal' or 'calendar'")
    overrides = overrides or {}
    by_item: dict[str, list[Document]] = {}          # index.for_item for every item, in one pass
    for doc in index.documents:
        by_item.setdefault(doc.item, []).append(doc)
    results = []
    for item in criteria.items:
        result = judge_item(item, by_item.get(item.id, []), year_basis, evidence=evidence,
                            announcements=announcements, criteria_year=criteria.fiscal_year)
        result.override = overrides.get(item.id)
        results.append(result)
    return OitAudit(agency=agency, fiscal_year=criteria.fiscal_year, year_basis=year_basis,
                    criteria=criteria, items=results, source=relative(index.path),
                    warnings=list(index.warnings),
                    evidence=relative(evidence.root) if evidence is not None else None)


def judge_item(item: CriteriaItem, documents: Sequence[Document], basis: str, *,
               evidence: EvidenceArchive | None = None,
               announcements: AnnouncementJudge | None = None,
               criteria_year: int | None = None) -> ItemResult:
    """Run the presence, exception, period and element rules on one item; with an evidence
    archive, the content checks too (:mod:`ita_audit.oit.content`)."""
    listed = [read_evidence(doc, item) for doc in documents if not doc.is_heading_only]
    presence = presence_check(item, documents, listed)
    checks = [presence]
    if item.exceptions:
        checks.extend(exception_checks(item, listed))
    title_period = period_check(item.period, listed, basis) \
        if item.period is not None and listed else None
    if title_period is not None:
        checks.append(title_period)
    title_verdict = worst(c for c in checks if c.blocking)
    if evidence is None or not listed:
        checks.append(elements_check(item))
        return ItemResult(item=item, evidence=listed, checks=checks,
                          automated_verdict=title_verdict)
    reads = read_documents(listed, evidence)
    listed = [replace(r.evidence, found=describe(r)) for r in reads]
    content_checks = [link_check(reads)]
    content_period = content_period_check(item, reads, title_period, basis)
    if content_period is not None and title_period is not None:   # the document wins
        checks[checks.index(title_period)] = replace(title_period, blocking=False)
    content_checks.append(content_period)
    content_checks.append(content_elements_check(item, reads) or elements_check(item))
    content_checks.append(announcement_check(item, criteria_year or 0, reads, announcements,
                                             basis))
    checks.extend(c for c in content_checks if c is not None)
    return ItemResult(item=item, evidence=listed, checks=checks,
                      automated_verdict=worst(c for c in checks if c.blocking),
                      title_verdict=title_verdict)


def worst(checks: Iterable[Check]) -> str:
    """The verdict of several checks: the worst of theirs (an item with none passes)."""
    verdict = "pass"
    for check in checks:
        if check.status != "n/a" and VERDICT_RANK[check.status] > VERDICT_RANK[verdict]:
            verdict = check.status
    return verdict


def read_evidence(doc: Document, item: CriteriaItem) -> Evidence:
    """Periods from the title; else from the sub-heading context; else from the URL.

    A year in the URL is the weakest evidence: it counts only when neither the title nor the
    context states one. When they do, the URL's periods are kept so that a reason can say the
    URL disagrees (the title still wins).
    """
    month, periods, period_source, url_periods = read_periods(doc.title, doc.context, doc.url)
    exception = next((exc.id for exc in item.exceptions
                      if any(phrase in doc.title for phrase in exc.phrases)),
                     None) if item.exceptions else None
    return Evidence(title=doc.title, url=doc.url, line=doc.line, context=doc.context,
                    periods=periods, period_source=period_source, level=doc.level, month=month,
                    exception=exception, url_periods=url_periods)


@lru_cache(maxsize=1 << 15)
def read_periods(title: str, context: str, url: str | None
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
                 f"ชื่อเอกสารพิสูจน์องค์ประกอบไม่ได้ ต้องเปิดเอกสารตรวจว่ามี {listed}",
                 blocking=False)


def clear_caches() -> None:
    """Empty the engine's memos (documents' periods, element checks, month spans) and those of
    :mod:`ita_audit.thai`, e.g. to time a cold run."""
    for cached in (read_periods, _elements_check, months_between, full_months):
        cached.cache_clear()
    thai_clear_caches()
