"""Content checks: what the documents behind the links say, from a collected evidence archive
(:mod:`ita_audit.evidence.lookup`, the one interface the OIT audit reads evidence through).

* ``link``: a document whose link is broken, refused or too large is not evidence; an item
  whose links all failed fails, naming each URL and its HTTP status.
* ``content_period``: the periods a document states in its title block (its first lines:
  "ประจำปีงบประมาณ พ.ศ. 2566", "ประกาศ ณ วันที่ …", date ranges) judged by the item's period
  rule, exactly as titles are. The document wins over its title: when a document states a
  period, the item's period verdict is this check's, and a title that says another year is
  reported as a contradiction.
* ``elements``: each required element "(1)…(n)" searched in the text of the item's documents
  (:mod:`ita_audit.criteria.elements`: a line holding one of its wordings or synonyms,
  whitespace ignored, or every content word of one, pythainlp tokens); all found: pass; some
  missing: review, naming them.
* ``announcement``: an item whose evidence is an announcement (``announcement: true`` in
  ``policy-topics.yaml``) gets the policy-document checks (date, signer, topics) on the text
  of its first document, through a judge the caller hands in (the OIT package does not import
  the policy package).

Every reason names the document, the page and a short quote.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from ita_audit.criteria.elements import load_qualifiers, wordings
from ita_audit.criteria.model import CriteriaItem
from ita_audit.criteria.topics import load_policy_topics
from ita_audit.evidence.archive import Fetched
from ita_audit.evidence.extract import DocumentText, first_lines
from ita_audit.evidence.lookup import EvidenceArchive
from ita_audit.findings import VERDICT_TH
from ita_audit.oit.periods import period_check
from ita_audit.oit.results import Check, Evidence, Inherited
from ita_audit.thai import Period, extract_periods

#: ``judge(text, item_id, fiscal_year, basis) -> (verdict, reason)``: the policy checks of an
#: announcement's text for one item (``ita_audit.policy.judge.judge_announcement_text``).
AnnouncementJudge = Callable[[str, str, int, str], tuple[str, str]]
TITLE_BLOCK_LINES = 15
SNIPPET = 90


@dataclass(frozen=True)
class Read:
    """One listed document with what its link returned and what was read from it."""

    evidence: Evidence
    fetched: Fetched | None
    text: DocumentText | None

    @property
    def working(self) -> bool:
        return self.fetched is not None and self.fetched.ok

    @property
    def readable(self) -> bool:
        return self.text is not None and self.text.readable


def read_documents(evidence: Sequence[Evidence], archive: EvidenceArchive) -> list[Read]:
    """What the archive holds for each listed document with a URL."""
    reads = []
    for ev in evidence:
        fetched = archive.fetched(ev.url) if ev.url else None
        text = archive.text(fetched) if fetched is not None and fetched.ok else None
        reads.append(Read(ev, fetched, text))
    return reads


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET else text[:SNIPPET - 1] + "…"


def _status(fetched: Fetched) -> str:
    return f"HTTP {fetched.http_status}" if fetched.http_status else fetched.status


# --- link ------------------------------------------------------------------------------------

def link_check(reads: Sequence[Read]) -> Check | None:
    """Do the links work? None when no listed document has a URL in the archive."""
    linked = [r for r in reads if r.fetched is not None]
    if not linked:
        return None
    broken = [r for r in linked if not r.working]
    if not broken:
        return Check("link", "pass", f"ลิงก์ใช้งานได้ทั้ง {len(linked)} รายการ")
    listed = "; ".join(f"{r.fetched.url} ({r.fetched.message or _status(r.fetched)})"  # type: ignore[union-attr]
                       for r in broken[:5]) + (" …" if len(broken) > 5 else "")
    if len(broken) == len(linked):
        return Check("link", "fail", f"ลิงก์ทั้ง {len(linked)} รายการใช้ไม่ได้ จึงไม่มีหลักฐาน: "
                     f"{listed}")
    return Check("link", "pass", f"ลิงก์ใช้งานได้ {len(linked) - len(broken)} จาก {len(linked)} "
                 f"รายการ; ใช้ไม่ได้: {listed}")


# --- content_period ----------------------------------------------------------------------------

#: A line that dates the signing of a document ("ประกาศ ณ วันที่ …", "สั่ง ณ วันที่ …", "ให้ไว้ ณ
#: วันที่ …"): when it was signed, not what period it is about.
SIGNING_LINE = re.compile(r"^\s*(?:ประกาศ|สั่ง|ให้ไว้)\s*ณ")


def stated_periods(text: DocumentText) -> tuple[tuple[Period, ...], tuple[int, str] | None]:
    """The periods a document states in its title block, and the (page, line) that stated the
    first of them. What the document is about ("เรื่อง มาตรการ … ประจำปีงบประมาณ 2563") beats
    when it was signed ("ประกาศ ณ วันที่ 9 กุมภาพันธ์ 2565"): the signing date counts only when
    the block states no other period."""
    stated: list[tuple[Period, ...] | None] = [None, None]      # subject, signing
    where: list[tuple[int, str] | None] = [None, None]
    for page, line in first_lines(text, TITLE_BLOCK_LINES):
        periods = tuple(p for p in extract_periods(line) if p.year is not None or p.kind == "half")
        if not periods:
            continue
        slot = 1 if SIGNING_LINE.match(line) else 0
        stated[slot] = (stated[slot] or ()) + periods
        where[slot] = where[slot] or (page, line)
    slot = 0 if stated[0] else 1
    return stated[slot] or (), where[slot]


def content_evidence(read: Read) -> Evidence | None:
    """The document as evidence of its own period (its title block), or None when it states
    none."""
    if not read.readable:
        return None
    periods, where = stated_periods(read.text)       # type: ignore[arg-type]
    if not periods or where is None:
        return None
    page, line = where
    label = f"เอกสาร '{read.evidence.title}' หน้า {page}: '{_quote(line)}'"
    ev = read.evidence
    in_url = ev.url_periods or (ev.periods if ev.period_source == "url" else ())
    return replace(ev, periods=periods, period_source="document", month=None,
                   url_periods=in_url, label_text=label)


def content_period_check(item: CriteriaItem, reads: Sequence[Read], title_check: Check | None,
                         basis: str, inherited: Inherited | None = None) -> Check | None:
    """The item's period rule on what the documents state, or None when no document read
    states a period (then the titles decide). A fail is review when another document read
    states no period in its text (it may be the right one)."""
    if item.period is None:
        return None
    main = [r for r in reads if r.evidence.level == 1]
    stated = [ev for r in main if (ev := content_evidence(r))]
    if not stated:
        return None
    judged = period_check(item.period, stated, basis, inherited=inherited)
    reason = judged.reason
    silent = [r for r in main if r.readable and content_evidence(r) is None]
    if judged.status == "fail" and silent:
        more = f" และอีก {len(silent) - 1} รายการ" if len(silent) > 1 else ""
        judged = judged.replace(status="review")
        reason += (f"; แต่เอกสาร '{silent[0].evidence.title}'{more} ไม่ระบุปีในเนื้อหา "
                   f"อาจเป็นเอกสารของปี {item.period.year} ต้องเปิดเอกสารตรวจ")
    title_years = sorted({y for r in reads if r.evidence.level == 1 for y in r.evidence.years})
    document_years = sorted({y for ev in stated for y in ev.years})
    if title_years and document_years and not set(title_years) & set(document_years):
        reason += (f"; ชื่อเอกสารระบุปี {', '.join(map(str, title_years))} แต่เนื้อหาระบุปี "
                   f"{', '.join(map(str, document_years))} จึงถือตามเนื้อหา")
    elif title_check is not None and title_check.status != judged.status:
        reason += f"; ผลตามชื่อเอกสารคือ '{VERDICT_TH[title_check.status]}' จึงถือตามเนื้อหา"
    return Check("content_period", judged.status, reason, judged.basis)


# --- elements ------------------------------------------------------------------------------

#: Words that carry no meaning of their own in an element's wording ("ที่", "และ", "อย่างไร").
#: Deliberately short: pythainlp's stop-word list also drops words such as "แล้วเสร็จ", which
#: tell "จำนวนเรื่องที่ดำเนินการแล้วเสร็จ" from "จำนวนเรื่องที่อยู่ระหว่างดำเนินการ".
FUNCTION_WORDS = frozenset("ที่ และ หรือ ของ ใน การ ความ แต่ละ เช่น เป็นต้น ใด อย่างไร ได้ ให้ "
                           "ว่า ซึ่ง โดย เป็น มี จะ ต้อง ต่อ กับ".split())


@lru_cache(maxsize=4096)
def _content_words(wording: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize

    words = (w.strip() for w in word_tokenize(wording, engine="newmm", keep_whitespace=False))
    return tuple(w for w in words if len(w) > 1 and w not in FUNCTION_WORDS
                 and any(ch.isalnum() for ch in w))


def _squash(text: str) -> str:
    return "".join(text.split()).casefold()


@lru_cache(maxsize=8192)
def _boundaries(flat: str) -> frozenset[int]:
    """Offsets in ``flat`` (a line without whitespace) where pythainlp (newmm) puts a word
    boundary: Thai has no spaces, so "แผนที่" inside "ตามแผนที่กำหนด" (according to the plan
    that …) is not the word "map"."""
    from pythainlp.tokenize import word_tokenize

    offsets, at = {0}, 0
    for token in word_tokenize(flat, engine="newmm", keep_whitespace=False):
        at += len(token)
        offsets.add(at)
    # newmm keeps a run of Latin letters, digits and punctuation as one token ("(3)e-mail:"):
    # a change between Thai, Latin letters or digits, and anything else is a boundary too
    kinds = [_char_kind(ch) for ch in flat]
    offsets.update(i for i in range(1, len(flat)) if kinds[i] != kinds[i - 1])
    return frozenset(offsets)


def _char_kind(ch: str) -> int:
    if "\u0e00" <= ch <= "\u0e7f":
        return 0
    return 1 if ch.isalnum() else 2


def _has_word(flat: str, word: str) -> bool:
    """``word`` occurs in ``flat`` starting and ending on word boundaries, and not right after
    a qualifier ("รอง" + "ผู้บริหารสูงสุด" is the deputy, not the head)."""
    start = flat.find(word)
    while start >= 0:
        bounds = _boundaries(flat)
        if start in bounds and start + len(word) in bounds and not any(
                flat.endswith(q, 0, start) and start - len(q) in bounds for q in _qualifiers()):
            return True
        start = flat.find(word, start + 1)
    return False


@lru_cache(maxsize=1)
def _qualifiers() -> tuple[str, ...]:
    return tuple(_squash(q) for q in load_qualifiers())


def find_element(element: str, reads: Sequence[Read]) -> tuple[str, int, str] | None:
    """(document title, page, line) of the first line that words an element: one of its
    wordings, or every content word of one, on word boundaries and whitespace ignored; None
    when no line does."""
    for read in reads:
        if not read.readable:
            continue
        for page in read.text.pages:                       # type: ignore[union-attr]
            for line in page.text.split("\n"):
                if words_element(element, line):
                    return read.evidence.title, page.number, _quote(line)
    return None


@lru_cache(maxsize=256)
def _element_options(element: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((_squash(w), tuple(_squash(x) for x in _content_words(w)))
                 for w in wordings(element))


def words_element(element: str, line: str) -> bool:
    """Does one line word the element: one of its wordings, or every content word of one, on
    word boundaries, whitespace ignored?"""
    flat = _squash(line)
    return bool(flat) and any(_has_word(flat, whole)
                              or (words and all(_has_word(flat, w) for w in words))
                              for whole, words in _element_options(element))


def elements_check(item: CriteriaItem, reads: Sequence[Read]) -> Check | None:
    """Are the required elements in the documents? None when the item has none or no
    document was read."""
    if not item.elements or not any(r.readable for r in reads):
        return None
    found, missing = [], []
    for number, element in enumerate(item.elements, start=1):
        where = find_element(element, reads)
        (found if where else missing).append((number, element, where))
    if not missing:
        first = found[0][2]
        return Check("elements", "pass", f"พบองค์ประกอบครบ {len(found)} รายการในเอกสาร เช่น "
                     f"({found[0][0]}) ใน '{first[0]}' หน้า {first[1]}: '{first[2]}'")
    named = " ".join(f"({n}) {e}" for n, e, _ in missing)
    return Check("elements", "review", f"ไม่พบองค์ประกอบ {len(missing)} จาก {len(item.elements)} "
                 f"รายการในเนื้อหาเอกสาร: {named}; ต้องเปิดเอกสารตรวจ")


# --- announcements -------------------------------------------------------------------------

def announcement_check(item: CriteriaItem, criteria_year: int, reads: Sequence[Read],
                       judge: AnnouncementJudge | None, basis: str) -> Check | None:
    """The policy-document checks on the first readable document of an item that asks for an
    announcement; None when the item asks for none, no judge was given or nothing was read."""
    wanted = load_policy_topics().for_item(criteria_year, item.id)
    if judge is None or wanted is None or not wanted.announcement:
        return None
    read = next((r for r in reads if r.readable), None)
    if read is None:
        return None
    verdict, reason = judge(read.text.text, item.id, criteria_year, basis)  # type: ignore[union-attr]
    return Check("announcement", verdict, f"ประกาศ '{read.evidence.title}': {reason}")


def describe(read: Read) -> dict[str, object]:
    """What a link returned and what was read, for the JSON and the record."""
    fetched, text = read.fetched, read.text
    out: dict[str, object] = {}
    if fetched is not None:
        out["fetch"] = {"status": fetched.status, "http_status": fetched.http_status,
                        "final_url": fetched.final_url, "content_type": fetched.content_type,
                        "bytes": fetched.bytes, "sha256": fetched.sha256,
                        "message": fetched.message}
    if text is not None:
        periods, where = stated_periods(text) if text.readable else ((), None)
        years = sorted({y for p in periods if p.year is not None
                        for y in range(p.year, (p.end_year or p.year) + 1)})
        out["read"] = {"kind": text.kind, "status": text.status, "pages": len(text.pages),
                       "method": text.method, "message": text.message, "years": years,
                       "snippet": _quote(where[1]) if where else
                       _quote(" / ".join(line for _, line in first_lines(text, 2)))
                       if text.readable else None}
    return out
