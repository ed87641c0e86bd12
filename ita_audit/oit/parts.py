"""Merged items with several required parts (2568 O1: the structure *and* the powers and duties;
O6: the plan *and* its progress): each part needs a document that shows it, and a missing part is
named. A part marked ``dated`` must also meet the item's period rule on its own documents
(:func:`dated_part_documents`; the engine judges them). A word after ตาม names what a document
follows, not what it is: "รายงานผลการดำเนินงานตามแผน…" shows the progress, not the plan.

A part is shown by a document listed under the item (of the item's kind or of unknown kind,
never one clearly of another item's kind: a plan titled "แผนการดำเนินงาน" may be of unknown kind
and still show the plan part) whose title, sub-heading or, when the document was read,
text names one of the part's ``match`` words (``data/criteria/ita-<year>.yaml``, whitespace and
case ignored). Every part shown: pass. A part not shown while some document names no part at
all (its title says only "ข้อมูลพื้นฐาน", it may hold both): review. Otherwise: fail, naming the
missing parts.
"""
from __future__ import annotations

from collections.abc import Sequence

from ita_audit.criteria.document_kinds import squash
from ita_audit.criteria.model import CriteriaItem, Part
from ita_audit.oit.content import Read
from ita_audit.oit.results import Check, Evidence

#: How much of a read document's text is searched for a part's words.
TEXT_CHARS = 20_000


def parts_check(item: CriteriaItem, listed: Sequence[Evidence],
                reads: Sequence[Read] = ()) -> Check | None:
    """Is every required part of a merged item shown by ``listed`` (documents not clearly of
    another item's kind)? None for an item without parts or without such a document."""
    if not item.parts or not listed:
        return None
    texts = {id(r.evidence): squash(r.text.text[:TEXT_CHARS]) for r in reads if r.readable}
    shown: dict[str, str] = {}
    silent: list[Evidence] = []
    for ev in listed:
        where = squash(f"{ev.title} {ev.context}")
        named = [p for p in item.parts if names_part(p, where)]
        for part in named:
            shown.setdefault(part.id, ev.label())
        read = next((t for r in reads if r.evidence.title == ev.title and r.evidence.line == ev.line
                     and (t := texts.get(id(r.evidence)))), None)
        if read:
            for part in item.parts:
                if part.id not in shown and names_part(part, read):
                    shown[part.id] = f"{ev.label()} (เนื้อหาเอกสาร)"
                    named.append(part)
        if not named:
            silent.append(ev)
    found = "; ".join(f"{p.name}: {shown[p.id]}" for p in item.parts if p.id in shown)
    missing = [p for p in item.parts if p.id not in shown]
    if not missing:
        return Check("parts", "pass", f"พบครบทุกส่วนที่ข้อนี้รวมไว้: {found}")
    names = ", ".join(f"'{p.name}'" for p in missing)
    seen = f" (พบ {found})" if found else ""
    if silent:
        unnamed = ", ".join(e.label() for e in silent[:3])
        return Check("parts", "review", f"ข้อนี้ต้องมี {names} ด้วย แต่ไม่พบในชื่อเอกสาร{seen}; "
                     f"{unnamed} ไม่บอกว่ามีส่วนใด ต้องเปิดเอกสารตรวจ")
    return Check("parts", "fail", f"ขาด {names}: ข้อนี้รวมหลายส่วนและต้องมีครบทุกส่วน{seen}")


def dated_part_documents(item: CriteriaItem, counted: Sequence[Evidence]
                         ) -> list[tuple[Part, list[Evidence]]]:
    """For each part of the item that its period rule holds for on its own (``dated``), the
    documents the period rule judges (``counted``) that may show it, in their order: those
    whose title or sub-heading names it and those that name no part (they may hold every part).
    A part no document names is left to :func:`parts_check`."""
    named = [(ev, [p for p in item.parts if names_part(p, squash(f"{ev.title} {ev.context}"))])
             for ev in counted]
    found = []
    for part in item.parts:
        if part.dated and any(part in parts for _, parts in named):
            found.append((part, [ev for ev, parts in named if part in parts or not parts]))
    return found


def names_part(part: Part, flat: str) -> bool:
    """Does a squashed text (:func:`~ita_audit.criteria.document_kinds.squash`) name one of
    the part's words, other than after ตาม? "รายงานผลการดำเนินงานตามแผนปฏิบัติราชการ" reports
    on the plan; it does not show it."""
    for word in part.match:
        word = squash(word)
        at = flat.find(word)
        while at >= 0:
            if not flat.endswith(_ACCORDING_TO, 0, at):
                return True
            at = flat.find(word, at + 1)
    return False


_ACCORDING_TO = "ตาม"
