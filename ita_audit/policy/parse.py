"""Read a policy announcement (date, signer, topics, cited dates) into a :class:`PolicyDocument`.

**Parsing** (:func:`parse_policy_document`, :func:`parse_policy_text`) reads a policy
announcement exported as text and returns a :class:`PolicyDocument`:

* issuer (``ประกาศ…``) and subject (``เรื่อง …``) lines near the top;
* the announcement date from the last ``ประกาศ ณ วันที่ …`` (or ``สั่ง``/``ให้ไว้ ณ วันที่``)
  line, read with :func:`~ita_audit.thai.parse_thai_date` (Thai or Arabic digits, BE years,
  ``พุทธศักราช`` read as ``พ.ศ.``); failing that, a bare date line in the last lines;
* the signer: the first parenthesised name after the date, e.g. ``(นายสุรเดช วลีอิทธิกุล)``
  (without a date, the name must start with an honorific), and the signer's position: the next
  non-empty line;
* a signature on someone's behalf: ``ปฏิบัติราชการแทน``, ``รักษาราชการแทน`` … (or ``แทน`` as
  the last word) in the signature block only; the body may mention delegation freely;
* every other dated reference in the text (``ลงวันที่ ๑๗ พฤศจิกายน พ.ศ. ๒๕๕๙``, year ranges
  ``(พ.ศ. ๒๕๖๐-๒๕๖๔)``, years of acts) via :func:`~ita_audit.thai.extract_periods`, and
  day-month-year dates that do not exist (``๓๑ กุมภาพันธ์ ๒๕๖๖``).

Missing pieces are ``None``; they become findings when the document is judged, never
exceptions. Only an unreadable, empty or binary file raises :class:`~ita_audit.errors.InputError`.

Limits: a keyword is evidence that a topic is **mentioned**, not that it is adequately covered.
Negation ("ไม่มีผลประโยชน์ทับซ้อน"), quotation of another document, or a unit's name
("กองบริหารทรัพยากรบุคคล") all count as mentions; synonyms not listed are missed. The
verdicts below therefore pass a topic only on core phrases and leave the rest to a reviewer.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pythainlp.util import normalize as thai_normalize

from ita_audit.criteria.topics import (
    LATIN_LETTERS,
    PolicyTopics,
    SignerRules,
    Topic,
    load_policy_topics,
    normalise,
    phrase_pattern,
)
from ita_audit.errors import WrongDocumentError
from ita_audit.thai import (
    Period,
    be_to_ce,
    expand_year,
    extract_periods,
    parse_month,
    parse_thai_date,
    to_arabic_digits,
)
from ita_audit.util.paths import relative
from ita_audit.util.sources import read_source

CLIP = 160                     # characters of a line kept as evidence
_WS = re.compile(r"\s+")
# "พุทธศักราช ๒๕๕๗" is read as "พ.ศ. ๒๕๕๗"; padded to the same length so spans map back.
_ERA_WORD = "พุทธศักราช"
_ERA_SHORT = "พ.ศ." + " " * (len(_ERA_WORD) - len("พ.ศ."))
_HEADING_MARKS = re.compile(r"^[\s#>*\-–•]+")


def _clip(text: str, at: int = 0, width: int = CLIP) -> str:
    """``text`` cut to about ``width`` characters around position ``at``, marked with …."""
    text = text.strip()
    if len(text) <= width:
        return text
    start = max(0, min(at - width // 3, len(text) - width))
    out = text[start:start + width]
    return ("…" if start else "") + out + ("…" if start + width < len(text) else "")


def _strip_marks(line: str) -> str:
    """A line without Markdown heading marks or bullets in front."""
    return _HEADING_MARKS.sub("", line).strip()


def era_normal(line: str) -> str:
    """``พุทธศักราช`` replaced by ``พ.ศ.`` padded to the same length."""
    return line.replace(_ERA_WORD, _ERA_SHORT)


# ── the parsed document ──────────────────────────────────────────────────────────────────────

_PRECISE_KINDS = ("date", "date_range")
_REFERENCE_KINDS = ("date", "date_range", "as_of", "month", "month_range", "year",
                    "year_range", "fiscal_year", "gregorian_year")


@dataclass(frozen=True)
class DatedReference:
    """A date, month or year cited in the text, and the earliest/latest day it can mean."""

    line: int
    text: str                  # as written, e.g. "ลงวันที่ ๑๗ พฤศจิกายน พ.ศ. ๒๕๕๙"
    kind: str                  # a thai.PERIOD_KINDS kind
    start: date | None         # earliest day (a bare BE year is read as its fiscal year)
    end: date | None
    year: int | None           # BE
    end_year: int | None

    @property
    def precise(self) -> bool:
        """True for a day-precise date (or range of days)."""
        return self.kind in _PRECISE_KINDS

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "text": self.text, "kind": self.kind,
                "start": iso_date(self.start), "end": iso_date(self.end), "year": self.year,
                "end_year": self.end_year}


@dataclass(frozen=True)
class BadDate:
    """A day-month-year that does not exist (``๓๑ กุมภาพันธ์ ๒๕๖๖``)."""

    line: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "text": self.text}


@dataclass(frozen=True)
class TopicEvidence:
    """One line that mentions a topic."""

    line: int
    text: str                  # the line (pythainlp-normalised), clipped around the phrase
    phrase: str
    core: bool

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "text": self.text, "phrase": self.phrase, "core": self.core}


@dataclass(frozen=True)
class TopicMatch:
    """Whether a document mentions a topic, and every line that does."""

    topic: str
    label_th: str
    lines: tuple[TopicEvidence, ...]

    @property
    def found(self) -> bool:
        return bool(self.lines)

    @property
    def core_found(self) -> bool:
        return any(ev.core for ev in self.lines)

    @property
    def main(self) -> TopicEvidence | None:
        """The main evidence: the first line with a core phrase, else the first line."""
        return next((ev for ev in self.lines if ev.core), self.lines[0] if self.lines else None)

    def to_json(self) -> dict[str, Any]:
        main = self.main
        return {"topic": self.topic, "label_th": self.label_th, "found": self.found,
                "core_found": self.core_found, "main_line": main.line if main else None,
                "lines": [ev.to_json() for ev in self.lines]}


@dataclass(frozen=True)
class PolicyDocument:
    """What the parser read from one announcement; missing pieces are None."""

    path: str
    sha256: str
    encoding: str
    line_count: int
    issuer: str | None
    issuer_line: int | None
    title: str | None                   # the subject after "เรื่อง"
    title_line: int | None
    date: date | None
    date_text: str | None               # as written after "ณ วันที่"
    date_line: int | None
    signer: str | None
    signer_line: int | None
    position: str | None
    position_line: int | None
    on_behalf: bool
    on_behalf_text: str | None
    on_behalf_line: int | None
    references: tuple[DatedReference, ...]
    bad_dates: tuple[BadDate, ...]
    topics: tuple[TopicMatch, ...]

    @property
    def issuer_org(self) -> str | None:
        """The issuing organisation: the issuer line without ``ประกาศ``."""
        if not self.issuer:
            return None
        org = re.sub(r"^ประกาศ\s*", "", self.issuer).strip()
        return org or None

    def topic(self, topic_id: str) -> TopicMatch:
        """The match for one topic; ``KeyError`` if the topic list has no such topic."""
        for match in self.topics:
            if match.topic == topic_id:
                return match
        raise KeyError(f"no topic {topic_id!r} (topics: {', '.join(t.topic for t in self.topics)})")

    def to_json(self) -> dict[str, Any]:
        """The document facts (the ``document`` object of the policy JSON)."""
        return {"path": self.path, "sha256": self.sha256, "encoding": self.encoding,
                "issuer": self.issuer, "issuer_line": self.issuer_line,
                "title": self.title, "title_line": self.title_line,
                "date": iso_date(self.date), "date_text": self.date_text, "date_line": self.date_line,
                "signer": self.signer, "signer_line": self.signer_line,
                "position": self.position, "position_line": self.position_line,
                "on_behalf": self.on_behalf, "on_behalf_text": self.on_behalf_text,
                "on_behalf_line": self.on_behalf_line,
                "references": [r.to_json() for r in self.references],
                "bad_dates": [b.to_json() for b in self.bad_dates]}


def iso_date(day: date | None) -> str | None:
    return day.isoformat() if day else None


# ── parsing ──────────────────────────────────────────────────────────────────────────────────

_ISSUER = re.compile(r"^ประกาศ(?!\s*ณ)\s*\S")
_SUBJECT = re.compile(r"^เรื่อง\s*(?P<subject>.*)$")
_DATE_LINE = re.compile(r"^(?:ประกาศ|สั่ง|ให้ไว้)\s*ณ\s*วันที่\s*(?P<date>.*)$")
_BARE_DATE_LINE = re.compile(r"^(?:วันที่\s*)?[0-9๐-๙]{1,2}\s*\S+\s*(?:พ\.\s?ศ\.\s*)?[0-9๐-๙]{2,4}$")
_NAME_LINE = re.compile(r"^\(\s*(?P<name>[^()]{2,80}?)\s*\)$")
_HAS_DIGIT = re.compile("[0-9๐-๙]")
_HAS_LETTER = re.compile(f"[\u0e01-\u0e2e{LATIN_LETTERS}]")
ON_BEHALF_TAIL = re.compile(r"(?:^|\s)แทน$")
# day, month word, optional era, year (Arabic digits): candidates for dates that do not exist
_DAY_MONTH_YEAR = re.compile(
    r"(?<![0-9])(?P<day>[0-9]{1,2})\s*(?P<month>[\u0e01-\u0e4e.]+(?:\s[\u0e01-\u0e2e]\.)?)"
    r"\s*(?:พ\.\s?ศ\.)?\s*(?P<year>[0-9]{4}|[0-9]{2})(?![0-9])")
_HEAD_SEARCH = 15          # non-empty lines at the top searched for issuer and subject
_TAIL_SEARCH = 12          # non-empty lines searched for the signature block


#: What an announcement is called in messages about a file of another kind.
DOCUMENT = "a policy announcement"


def looks_like(text: str) -> bool:
    """True when two of the four marks of an announcement are there: an issuer line
    (``ประกาศ…``) and a subject line (``เรื่อง …``) at the top, the date line
    (``ประกาศ ณ วันที่ …``) and a signer's name in parentheses after it; a truncated
    announcement keeps two of them."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    nonempty = [i for i, line in enumerate(lines) if line.strip()]
    issuer_at, title_at = _heading(lines, nonempty)
    date_at = _announcement_date(lines, nonempty)[0]
    signer_at = _signer(lines, nonempty, date_at, load_policy_topics().signer)[0]
    return sum(at is not None for at in (issuer_at, title_at, date_at, signer_at)) >= 2


def parse_policy_document(path: str | Path, topics: PolicyTopics | None = None) -> PolicyDocument:
    """Read and parse an announcement file; unusable files raise :class:`InputError`, a file
    of another kind :class:`~ita_audit.errors.WrongDocumentError`."""
    source = read_source(path, what="policy announcement")
    if not looks_like(source.text):
        raise WrongDocumentError(source.path, DOCUMENT, "no issuer line 'ประกาศ…', subject "
                                 "line 'เรื่อง …' or date line 'ประกาศ ณ วันที่ …'",
                                 fix="give the announcement itself, exported as text")
    return parse_policy_text(source.text, path=relative(source.path), sha256=source.sha256,
                             encoding=source.encoding, topics=topics)


def parse_policy_text(text: str, *, path: str = "<text>", sha256: str | None = None,
                      encoding: str = "utf-8", topics: PolicyTopics | None = None
                      ) -> PolicyDocument:
    """Parse an announcement already read as text (lines split at ``\\n``). Never raises on
    ``str`` input."""
    book = topics or load_policy_topics()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if sha256 is None:
        sha256 = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    nonempty = [i for i, line in enumerate(lines) if line.strip()]

    issuer_at, title_at = _heading(lines, nonempty)
    date_at, date_text, day = _announcement_date(lines, nonempty)
    signer_at, signer = _signer(lines, nonempty, date_at, book.signer)
    position_at = _next_nonempty(nonempty, signer_at) if signer_at is not None else None
    behalf_at = _on_behalf(lines, nonempty, date_at, signer_at, position_at, book.signer)

    title = None
    if title_at is not None:
        subject = _SUBJECT.match(_strip_marks(lines[title_at]))
        title = subject["subject"].strip() or None if subject else None
    return PolicyDocument(
        path=path, sha256=sha256, encoding=encoding, line_count=len(lines),
        issuer=_strip_marks(lines[issuer_at]) if issuer_at is not None else None,
        issuer_line=_number(issuer_at),
        title=title, title_line=_number(title_at),
        date=day, date_text=date_text, date_line=_number(date_at),
        signer=signer, signer_line=_number(signer_at),
        position=_strip_marks(lines[position_at]) if position_at is not None else None,
        position_line=_number(position_at),
        on_behalf=behalf_at is not None,
        on_behalf_text=_strip_marks(lines[behalf_at]) if behalf_at is not None else None,
        on_behalf_line=_number(behalf_at),
        references=tuple(_references(lines, skip=date_at)),
        bad_dates=tuple(_bad_dates(lines)),
        topics=match_topics(lines, book.topics),
    )


def _number(index: int | None) -> int | None:
    """A 0-based index as a 1-based line number."""
    return None if index is None else index + 1


def _next_nonempty(nonempty: Sequence[int], index: int) -> int | None:
    return next((i for i in nonempty if i > index), None)


def _heading(lines: Sequence[str], nonempty: Sequence[int]) -> tuple[int | None, int | None]:
    """Indexes of the issuer line (``ประกาศ…``) and the subject line (``เรื่อง …``)."""
    head = nonempty[:_HEAD_SEARCH]
    issuer = next((i for i in head if _ISSUER.match(_strip_marks(lines[i]))), None)
    after = [i for i in head if issuer is None or i > issuer]
    title = next((i for i in after if _SUBJECT.match(_strip_marks(lines[i]))), None)
    return issuer, title


def _announcement_date(lines: Sequence[str], nonempty: Sequence[int]
                       ) -> tuple[int | None, str | None, date | None]:
    """(index, text as written, date) of the last ``ประกาศ ณ วันที่ …`` line; failing that, of a
    bare date line among the last lines. The date is None when the text is not a real date."""
    for i in reversed(nonempty):
        found = _DATE_LINE.match(_strip_marks(lines[i]))
        if found:
            written = found["date"].strip()
            return i, written or None, parse_thai_date(era_normal(written))
    for i in reversed(nonempty[-_TAIL_SEARCH:]):
        candidate = _strip_marks(lines[i])
        if _BARE_DATE_LINE.match(era_normal(candidate)):
            day = parse_thai_date(era_normal(candidate))
            if day is not None:
                return i, candidate, day
    return None, None, None


def _signer(lines: Sequence[str], nonempty: Sequence[int], date_at: int | None,
            rules: SignerRules) -> tuple[int | None, str | None]:
    """(index, name) of the signer: the first parenthesised name after the date; without a
    date, a parenthesised name starting with an honorific among the last lines; after a date, an
    unbracketed line starting with an honorific also counts."""
    after = [i for i in nonempty if date_at is not None and i > date_at][:_TAIL_SEARCH]
    candidates = after if date_at is not None else nonempty[-_TAIL_SEARCH:]
    for i in candidates:
        found = _NAME_LINE.match(_strip_marks(lines[i]))
        if found and _looks_like_name(found["name"]):
            name = _WS.sub(" ", found["name"]).strip()
            if date_at is not None or _has_honorific(name, rules):
                return i, name
    for i in after:
        text = _WS.sub(" ", _strip_marks(lines[i]))
        if (_has_honorific(text, rules) and len(text) <= 60 and len(text.split()) <= 5
                and _looks_like_name(text)):
            return i, text
    return None, None


def _looks_like_name(text: str) -> bool:
    """Letters, spaces and dots only: no digits, no sentence."""
    return (bool(_HAS_LETTER.search(text)) and not _HAS_DIGIT.search(text)
            and len(text.split()) <= 6)


def _has_honorific(name: str, rules: SignerRules) -> bool:
    return any(name.startswith(h) for h in rules.honorifics)


def _on_behalf(lines: Sequence[str], nonempty: Sequence[int], date_at: int | None,
               signer_at: int | None, position_at: int | None, rules: SignerRules
               ) -> int | None:
    """Index of the first signature-block line that says the signature is on someone's behalf.

    The block runs from the date (or the signer) to three non-empty lines after the position."""
    anchor = date_at if date_at is not None else signer_at
    if anchor is None:
        return None
    last = position_at if position_at is not None else signer_at if signer_at is not None else anchor
    tail = [i for i in nonempty if i > last][:3]
    block = [i for i in nonempty if anchor <= i <= last] + tail
    markers = [phrase_pattern(m) for m in rules.on_behalf]
    for i in block:
        text = normalise(_strip_marks(lines[i]))
        if any(m.search(text) for m in markers) or ON_BEHALF_TAIL.search(text):
            return i
    return None


def _references(lines: Sequence[str], skip: int | None) -> Iterable[DatedReference]:
    """Every dated period in the text except on the announcement-date line."""
    for i, line in enumerate(lines):
        if i == skip or not line.strip():
            continue
        norm = era_normal(line)
        cursor = 0
        for period in extract_periods(norm):
            at = norm.find(period.text, cursor)
            if at < 0:                                 # pragma: no cover - spans are exact
                continue
            cursor = at + len(period.text)
            if period.kind not in _REFERENCE_KINDS or period.year is None:
                continue
            start, end = _reference_window(period)
            begin = at
            if line.startswith("วันที่", at):
                lead = re.search(r"(?:ลง|เมื่อ)$", line[:at])
                begin = lead.start() if lead else at
            yield DatedReference(line=i + 1, text=line[begin:cursor].strip(), kind=period.kind,
                                 start=start, end=end, year=period.year,
                                 end_year=period.end_year)


def _reference_window(period: Period) -> tuple[date | None, date | None]:
    """Earliest and latest day a cited period can mean (a bare year on the fiscal reading,
    which starts three months before the calendar year)."""
    if period.kind == "as_of":
        return period.end, period.end
    window = period.window("fiscal")
    return window if window else (None, None)


def _bad_dates(lines: Sequence[str]) -> Iterable[BadDate]:
    """Day-month-year texts with a real month and year whose day does not exist."""
    for i, line in enumerate(lines):
        if not _HAS_DIGIT.search(line):
            continue
        norm = to_arabic_digits(era_normal(line))
        for found in _DAY_MONTH_YEAR.finditer(norm):
            month_word = re.sub(r"พ\.\s?ศ\.$", "", found["month"])
            month = parse_month(month_word)
            year = expand_year(found["year"])
            day = int(found["day"])
            if month is None or year is None or not 1 <= day <= 31:
                continue
            try:
                date(be_to_ce(year), month, day)
            except ValueError:
                yield BadDate(line=i + 1, text=line[found.start():found.end()].strip())


def match_topics(lines: Sequence[str], topics: Sequence[Topic]) -> tuple[TopicMatch, ...]:
    """For each topic, every line that mentions it (normalised; see the module docstring)."""
    shown = [thai_normalize(line) if line.strip() else "" for line in lines]
    matched = [to_arabic_digits(text) for text in shown]      # same length: offsets agree
    result = []
    for topic in topics:
        evidence = []
        for i, text in enumerate(matched):
            hit = topic.match(text) if text else None
            if hit:
                phrase, core, at = hit
                stripped = len(text) - len(text.lstrip())
                evidence.append(TopicEvidence(i + 1, _clip(shown[i], at - stripped), phrase, core))
        result.append(TopicMatch(topic.id, topic.label_th, tuple(evidence)))
    return tuple(result)
