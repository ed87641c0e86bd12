"""The OIT rules engine: disclosed documents -> evidence -> checks -> verdicts.

For each criteria item the engine runs, in order:

* ``presence``: is anything listed? (absent: fail; a bare heading with no document: review)
* ``kind``: is a listed document of the kind the item asks for
  (``data/criteria/document-kinds-<year>.yaml``)? Of the kind: pass; no title says: review;
  every document clearly of another item's kind: fail. Only documents of the item's kind (or,
  when none is, those of unknown kind) are evidence for the rules below.
* ``requirement``: an item whose criteria give nothing to check (no period, elements,
  exception or kind) is review, never a pass on presence alone.
* ``parts``: a merged item (2568 O1 structure and powers) needs every part shown; a missing
  part is named (:mod:`ita_audit.oit.parts`).
* ``data_file``: an item published as PDF and Excel needs a spreadsheet, CSV or open-data
  link among its documents (:mod:`ita_audit.oit.data_files`).
* ``exception:<id>``: does a title state the item's exception (e.g. "no procurement")?
* ``period:<rule>``: do the titles show the right period? (:mod:`ita_audit.oit.periods`); a
  report inherits the year basis of the plan it reports on (O37 from O36).
* ``elements``: required elements "(1)…(n)" cannot be proven from a title, so this check is
  always ``review`` and goes to the reviewer's worklist; it does not block the item verdict.

Headings that stand together over one list ("o19." and "o20.") share it: a document that is not
of the last heading's kind goes to the item whose kind it clearly is. The item verdict is the
worst of the blocking checks (fail > review > pass).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from ita_audit.criteria.document_kinds import DocumentKinds, ItemKind, load_document_kinds
from ita_audit.criteria.document_kinds import clear_caches as kinds_clear_caches
from ita_audit.criteria.model import Criteria, CriteriaItem, ExceptionRule, Part
from ita_audit.errors import InputError
from ita_audit.evidence.lookup import EvidenceArchive
from ita_audit.findings import VERDICT_RANK
from ita_audit.oit.content import (
    AnnouncementJudge,
    Read,
    announcement_check,
    content_period_check,
    describe,
    link_check,
    read_documents,
)
from ita_audit.oit.content import elements_check as content_elements_check
from ita_audit.oit.data_files import data_file_check
from ita_audit.oit.disclosure import DisclosureIndex, Document
from ita_audit.oit.parts import dated_part_documents, parts_check
from ita_audit.oit.periods import clear_caches as periods_clear_caches
from ita_audit.oit.periods import period_check, plan_basis
from ita_audit.oit.results import (
    Check,
    Evidence,
    Inherited,
    ItemResult,
    OitAudit,
    Override,
    Reason,
)
from ita_audit.thai import BASES, Period, parse_month, periods_of, url_periods
from ita_audit.thai import clear_caches as thai_clear_caches
from ita_audit.util.paths import relative

#: ``audit_oit(kinds=...)``: load the criteria year's document kinds (the default).
YEAR_KINDS = object()


def audit_oit(index: DisclosureIndex, criteria: Criteria, *, agency: str,
              year_basis: str = "fiscal",
              overrides: Mapping[str, Override] | None = None,
              evidence: EvidenceArchive | None = None,
              announcements: AnnouncementJudge | None = None,
              kinds: DocumentKinds | None | object = YEAR_KINDS) -> OitAudit:
    """Judge every criteria item against the disclosure index (and, with an evidence archive,
    against what the documents behind its links say; ``announcements`` judges the text of an
    item that asks for an announcement). ``kinds``: the document kinds (default: the criteria
    year's file; None: no kind rules)."""
    if year_basis not in BASES:
        raise InputError(None, f"year basis {year_basis!r} is unknown", where="year_basis",
                         fix="use 'fiscal' or 'calendar'")
    if kinds is YEAR_KINDS:
        kinds = load_document_kinds(criteria.fiscal_year)
    assert kinds is None or isinstance(kinds, DocumentKinds)
    overrides = overrides or {}
    by_item: dict[str, list[Document]] = {}          # index.for_item for every item, in one pass
    for doc in index.documents:
        listing = by_item.get(doc.item)
        if listing is None:
            by_item[doc.item] = [doc]
        else:
            listing.append(doc)
    share_grouped_lists(by_item, kinds)
    listed = {item.id: item_evidence(item, by_item.get(item.id, []), kinds)
              for item in criteria.items}
    results = []
    warnings = list(index.warnings)
    for item in criteria.items:
        rule = kinds.rule(item.id) if kinds is not None else None
        inherited = inherited_basis(rule, listed) if rule is not None and rule.basis_from \
            else None
        result = judge_item(item, by_item.get(item.id, []), year_basis, evidence=evidence,
                            announcements=announcements, criteria_year=criteria.fiscal_year,
                            kind_rule=rule, listed=listed[item.id], inherited=inherited)
        result.override = overrides.get(item.id)
        results.append(result)
        if any(c is _REQUIREMENT for c in result.checks):   # nothing the criteria can check
            warnings.append(f"{item.id}: เกณฑ์ปี {criteria.fiscal_year} ไม่กำหนดข้อกำหนดที่ตรวจได้ "
                            "(ไม่มีคำอธิบาย ช่วงเวลา องค์ประกอบ หรือชนิดเอกสาร) ผลอัตโนมัติจึงเป็น "
                            "'รอตรวจ' เสมอ: ตรวจกับคู่มือการประเมินของปีนั้น")
    return OitAudit(agency=agency, fiscal_year=criteria.fiscal_year, year_basis=year_basis,
                    criteria=criteria, items=results, index_path=Path(index.path).absolute(),
                    warnings=warnings,
                    evidence=relative(evidence.root) if evidence is not None else None)


def share_grouped_lists(by_item: dict[str, list[Document]], kinds: DocumentKinds | None) -> None:
    """Headings that stand together over one list share it: a document of the list that is
    not of the kind of the item it was listed under (the last heading) goes to each other item
    of the group whose kind it clearly is (a ``match`` pattern, not only ``also``); every other
    document stays. A bare heading over the next item's list may be a link of its own, so
    nothing that fits the next item is taken from it. Without kind rules nothing moves."""
    if kinds is None:
        return
    groups = {(doc.item, *doc.shared_with) for docs in by_item.values() for doc in docs
              if doc.shared_with and not doc.is_heading_only}
    for group in sorted(groups):
        holder = group[0]
        kept, moved = [], {item: [] for item in group}
        for doc in by_item.get(holder, []):
            if doc.is_heading_only:
                kept.append(doc)
                continue
            targets = shared_document_items(kinds, holder, group[1:], doc.title)
            if not targets:
                kept.append(doc)
            for item in targets:
                if item != holder:
                    moved[item].append(replace(doc, item=item, shared_with=tuple(
                        other for other in group if other != item)))
        by_item[holder] = kept
        for item, docs in moved.items():
            if docs:
                by_item[item] = [d for d in by_item.get(item, []) if not d.is_heading_only] + docs


def shared_document_items(kinds: DocumentKinds, holder: str, others: Sequence[str],
                          title: str) -> list[str]:
    """The items of a shared list a document listed under ``holder`` goes to instead: none
    when it is of the holder's kind, else those of ``others`` whose kind it clearly is."""
    own = kinds.classify(holder, title)
    if own is not None and own.verdict == "right":
        return []
    return [item for item in others if (found := kinds.classify(item, title)) is not None
            and found.verdict == "right" and found.strong]


def item_evidence(item: CriteriaItem, documents: Sequence[Document],
                  kinds: DocumentKinds | None) -> list[Evidence]:
    """The listed documents of an item (not its bare heading) as evidence, each with its
    kind."""
    return [read_evidence(doc, item, kinds) for doc in documents if not doc.is_heading_only]


def inherited_basis(rule: ItemKind | None,
                    listed: Mapping[str, Sequence[Evidence]]) -> Inherited | None:
    """The year basis a report takes from the first of its plan items whose document of the
    plan's kind states one ("ประจำปีงบประมาณ พ.ศ. 2566": fiscal)."""
    for plan in rule.basis_from if rule is not None else ():
        stated = plan_basis([e for e in listed.get(plan, []) if e.counts and e.level == 1])
        if stated is not None:
            basis, ev, period = stated
            return Inherited(basis, plan, ev, period)
    return None


def judge_item(item: CriteriaItem, documents: Sequence[Document], basis: str, *,
               evidence: EvidenceArchive | None = None,
               announcements: AnnouncementJudge | None = None,
               criteria_year: int | None = None,
               kind_rule: ItemKind | None = None,
               listed: Sequence[Evidence] | None = None,
               inherited: Inherited | None = None) -> ItemResult:
    """Run the presence, kind, requirement, exception, period and element rules on one item;
    with an evidence archive, the content checks too (:mod:`ita_audit.oit.content`)."""
    if listed is None:
        listed = [read_evidence(doc, item, None) for doc in documents
                  if not doc.is_heading_only]
    listed = list(listed)
    checks = [presence_check(item, documents, listed)]
    if listed:
        if kind_rule is not None:
            checks.append(kind_check(kind_rule, listed))   # type: ignore[arg-type]
        elif unjudged(item, kind_rule):
            checks.append(_REQUIREMENT)
    if item.exceptions:
        checks.extend(exception_checks(item, listed))
    title_period = None
    if item.period is not None:
        counted = counted_evidence(listed)
        if counted:
            title_period = period_check(item.period, counted, basis, inherited=inherited)
            if item.parts:
                title_period = dated_parts_period(item, counted, title_period, basis, inherited)
            checks.append(title_period)
    title_parts = parts_check(item, [e for e in listed if not e.of_other_kind]) \
        if item.parts else None
    if title_parts is not None:
        checks.append(title_parts)
    if item.data_file is not None:
        data_file = data_file_check(item, listed)
        if data_file is not None:
            checks.append(data_file)
    title_verdict = worst(c for c in checks if c.blocking)
    if evidence is None or not listed:
        checks.append(elements_check(item))
        return ItemResult(item=item, evidence=listed, checks=checks,
                          automated_verdict=title_verdict, inherited=inherited)
    reads = read_documents(listed, evidence)
    listed = [replace(r.evidence, found=describe(r)) for r in reads]
    content_checks = [link_check(reads)]
    kept = counted_evidence([r.evidence for r in reads])
    counted_reads = [r for r in reads if any(r.evidence is e for e in kept)]
    if title_parts is not None and title_parts.status != "pass":    # the document may show it
        readable = [r for r in reads if not r.evidence.of_other_kind]
        checks[checks.index(title_parts)] = parts_check(  # type: ignore[assignment]
            item, [r.evidence for r in readable], readable)
    data_file = next((c for c in checks if c.rule == "data_file"), None)
    if data_file is not None and data_file.status != "pass":         # read as a spreadsheet
        checks[checks.index(data_file)] = data_file_check(item, listed)  # type: ignore[assignment]
    content_period = content_period_check(item, counted_reads, title_period, basis, inherited)
    if content_period is not None and item.parts:
        content_period = dated_parts_content(item, counted_reads, content_period, basis,
                                             inherited)
    if content_period is not None and title_period is not None:   # the document wins
        checks[checks.index(title_period)] = title_period.replace(blocking=False)
    content_checks.append(content_period)
    content_checks.append(content_elements_check(item, reads) or elements_check(item))
    content_checks.append(announcement_check(item, criteria_year or 0, reads, announcements,
                                             basis))
    checks.extend(c for c in content_checks if c is not None)
    return ItemResult(item=item, evidence=listed, checks=checks,
                      automated_verdict=worst(c for c in checks if c.blocking),
                      title_verdict=title_verdict, inherited=inherited)


def dated_parts_period(item: CriteriaItem, counted: Sequence[Evidence], whole: Check,
                       basis: str, inherited: Inherited | None) -> Check:
    """The period check of a merged item whose parts must each meet its period rule (2568 O6:
    a plan of last year beside this year's progress report is not this year's plan): the
    worst of the check on all its documents (``whole``) and the checks on each dated part's
    documents, the part named in the reason."""
    rule = item.period
    assert rule is not None
    return _worst_part(whole, ((part, period_check(rule, documents, basis, inherited=inherited))
                               for part, documents in dated_part_documents(item, counted)))


def dated_parts_content(item: CriteriaItem, reads: Sequence[Read], whole: Check,
                        basis: str, inherited: Inherited | None) -> Check:
    """:func:`dated_parts_period` on what the documents state (the archive's ``content_period``,
    which then decides instead of the titles): each dated part on its documents' text, or on
    their titles when no text of theirs states a period."""
    rule = item.period
    assert rule is not None

    def judged(documents: list[Evidence]) -> Check:
        ids = {id(ev) for ev in documents}
        own = [r for r in reads if id(r.evidence) in ids]
        return (content_period_check(item, own, None, basis, inherited)
                or period_check(rule, documents, basis, inherited=inherited))

    return _worst_part(whole, ((part, judged(documents)) for part, documents
                               in dated_part_documents(item, [r.evidence for r in reads])))


def _worst_part(whole: Check, parts: Iterable[tuple[Part, Check]]) -> Check:
    """``whole``, or the worse check of a part under ``whole``'s rule, naming the part."""
    found, part = whole, None
    for dated, check in parts:
        if VERDICT_RANK[check.status] > VERDICT_RANK[found.status]:
            found, part = check, dated
    if part is None:
        return whole
    return Check(whole.rule, found.status, _part_reason(part, found), found.basis)


def _part_reason(part: Part, check: Check) -> Reason:
    """The reason of a part's period check, worded when asked for."""
    return lambda: f"ส่วน '{part.name}' ของข้อนี้: {check.reason}"


def unjudged(item: CriteriaItem, kind_rule: ItemKind | None) -> bool:
    """Do the criteria give nothing to check for the item (no period, elements, exception,
    kind, parts or data file)? Then a listed document alone is not a pass."""
    return (item.period is None and not item.elements and not item.exceptions
            and kind_rule is None and not item.parts and item.data_file is None)


_REQUIREMENT = Check("requirement", "review",
                     "เกณฑ์ไม่กำหนดข้อกำหนดที่ตรวจได้สำหรับข้อนี้ (ไม่มีคำอธิบาย ช่วงเวลา "
                     "องค์ประกอบ หรือชนิดเอกสาร) การมีเอกสารอย่างเดียวจึงไม่พอให้ผ่าน "
                     "ต้องตรวจกับคู่มือการประเมิน")


def _how(ev: Evidence) -> str:
    """How a title shows its kind, for a reason."""
    kind = ev.kind
    if kind is None:
        return ""
    if kind.via == "month":
        return " (รายการชื่อเดือนใต้หัวข้อรายเดือน)"
    if kind.via == "exception":
        return " (แจ้งกรณียกเว้นตามเกณฑ์)"
    words = " และ ".join(f"'{w}'" for w in (kind.pattern or "").split(" + ") if w)
    return f" (พบคำว่า {words})" if words else ""


def counted_evidence(listed: Sequence[Evidence]) -> list[Evidence]:
    """What the period rules judge: documents of the item's kind (attachments included);
    when no listed document is, those of unknown kind; never one clearly of another kind."""
    right = [e for e in listed if e.counts]
    if any(e.level == 1 for e in right):
        return right
    return [e for e in listed if not e.of_other_kind]


def kind_check(rule: ItemKind | None, listed: Sequence[Evidence]) -> Check | None:
    """Is a listed document of the kind the item asks for? None without a kind rule."""
    if rule is None:
        return None
    top = [e for e in listed if e.level == 1] or list(listed)
    right, other, unknown = [], [], []
    for e in top:
        verdict = "right" if e.kind is None else e.kind.verdict
        (right if verdict == "right" else other if verdict == "other" else unknown).append(e)
    if right:
        return Check("kind", "pass", lambda: f"{_strongest(right).label()} เป็น{rule.kind}"
                     f"{_how(_strongest(right))}{_not_counted(other)}")
    if unknown:
        return Check("kind", "review", lambda: _unknown_kind(rule, unknown, other))
    return Check("kind", "fail", lambda: f"ข้อนี้ต้องการ{rule.kind} แต่เอกสารที่ระบุเป็นชนิดอื่น"
                 f"ทั้งหมด{_not_counted(other)}")


def _strongest(right: Sequence[Evidence]) -> Evidence:
    """The first document of the item's kind met by a ``match`` pattern, else the first."""
    return min(right, key=lambda e: 0 if e.kind is None or e.kind.strong else 1)


def _not_counted(other: Sequence[Evidence]) -> str:
    """The documents of another item's kind a kind check does not count, for its reason."""
    if not other:
        return ""
    shown = "; ".join(f"{e.label()} เป็นเอกสารของข้อ {', '.join(e.kind.others)}"
                      for e in other[:3])                            # type: ignore[union-attr]
    more = f" และอีก {len(other) - 3} รายการ" if len(other) > 3 else ""
    return f"; ไม่นับ {shown}{more}"


def _unknown_kind(rule: ItemKind, unknown: Sequence[Evidence],
                  other: Sequence[Evidence]) -> str:
    """The reason of a kind check whose documents do not say their kind."""
    bare = [e for e in unknown if e.kind and e.kind.bare_label]
    named = ", ".join(e.label() for e in (bare or unknown)[:3])
    why = "เป็นเพียงชื่อหมวด" if bare else "ไม่บอกว่าเป็นเอกสารชนิดใด"
    return f"ข้อนี้ต้องการ{rule.kind} แต่ชื่อเอกสาร {named} {why} ต้องเปิดเอกสารตรวจ" \
           f"{_not_counted(other)}"


def worst(checks: Iterable[Check]) -> str:
    """The verdict of several checks: the worst of theirs (an item with none passes)."""
    verdict = "pass"
    for check in checks:
        if check.status != "n/a" and VERDICT_RANK[check.status] > VERDICT_RANK[verdict]:
            verdict = check.status
    return verdict


def read_evidence(doc: Document, item: CriteriaItem,
                  kinds: DocumentKinds | None = None) -> Evidence:
    """Periods from the title; else from the sub-heading context; else from the URL; and the
    document's kind for the item.

    A year or date in the URL is the weakest evidence: it counts only when neither the title
    nor the context states one. When they do, the URL's periods are kept so that a reason can
    say the URL disagrees (the title still wins), or settle a Gregorian year that spans two
    fiscal years.
    """
    title, url, context = doc.title, doc.url, doc.context
    month, periods, period_source, in_url = read_periods(title, context, url)
    exception = next((exc.id for exc in item.exceptions
                      if any(phrase in title for phrase in exc.phrases)),
                     None) if item.exceptions else None
    kind = kinds.classify(item.id, title, month=month is not None,
                          exception=exception is not None) if kinds is not None else None
    # positional: in the order of Evidence's fields (title, url, line, context, periods,
    # period_source, level, month, exception, url_periods, label_text, kind, shared)
    return Evidence(title, url, doc.line, context, periods, period_source, doc.level, month,
                    exception, in_url, None, kind, doc.shared_with)



@lru_cache(maxsize=1 << 15)
def read_periods(title: str, context: str, url: str | None
                  ) -> tuple[int | None, tuple[Period, ...], str, tuple[Period, ...]]:
    """(month, periods, period source, URL periods) of a document: a pure function of its
    title, context and URL, memoised because the same documents recur across indexes."""
    month = parse_month(title)
    in_url = tuple(url_periods(url)) if url else ()
    for name, text in (("title", title), ("context", context)):
        if text and (found := periods_of(text)):
            return month, found, name, in_url
    if in_url:
        return month, in_url, "url", ()
    return month, (), "none", in_url


def presence_check(item: CriteriaItem, documents: Sequence[Document],
                   evidence: Sequence[Evidence]) -> Check:
    """Something must be listed under the item."""
    if evidence:
        return Check("presence", "pass", lambda: f"มีเอกสาร {len(evidence)} รายการ เช่น "
                     f"{evidence[0].label()}{_shared_note(item, documents)}")
    if documents:
        return Check("presence", "review", lambda: f"มีหัวข้อ {item.id} ในดัชนี (บรรทัด "
                     f"{documents[0].line}) แต่ไม่มีเอกสารใดอยู่ใต้หัวข้อ"
                     f"{_shared_note(item, documents)}; หัวข้ออาจเป็นลิงก์เอง "
                     "ต้องเปิดตรวจบนเว็บไซต์")
    return Check("presence", "fail", f"ไม่พบ {item.id} ในดัชนีการเปิดเผยข้อมูลของหน่วยงาน")


def _shared_note(item: CriteriaItem, documents: Sequence[Document]) -> str:
    """That the item's heading stood with others over one list, for a presence reason."""
    group = next((doc.shared_with for doc in documents if doc.shared_with), ())
    if not group:
        return ""
    return (f" (หัวข้อ {', '.join(sorted((item.id, *group), key=lambda i: int(i[1:])))} "
            "อยู่ติดกันเหนือรายการเดียว จึงจัดเอกสารให้แต่ละข้อตามชนิดเอกสาร)")


def exception_checks(item: CriteriaItem, evidence: Sequence[Evidence]) -> list[Check]:
    """One passing check per exception a title states (e.g. "ไม่มีการจัดซื้อจัดจ้าง")."""
    checks = []
    for exc in item.exceptions:
        stating = [e for e in evidence if e.exception == exc.id]
        if stating:
            checks.append(Check(f"exception:{exc.id}", "pass", _stating(stating[0], exc)))
    return checks


def _stating(ev: Evidence, exc: ExceptionRule) -> Reason:
    """The reason of an exception check, worded when asked for."""
    return lambda: f"เอกสาร {ev.label()} แจ้งกรณียกเว้นตามเกณฑ์: {exc.text}"


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
    """Empty the engine's memos (documents' periods, element checks), those of the period
    rules (outcomes, month spans) and of :mod:`ita_audit.thai`, e.g. to time a cold run."""
    for cached in (read_periods, _elements_check):
        cached.cache_clear()
    periods_clear_caches()
    kinds_clear_caches()
    thai_clear_caches()
