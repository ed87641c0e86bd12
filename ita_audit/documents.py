"""Policy-document checks: read an announcement, find its topics, judge it as ITA evidence.

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

**Topics** come from ``data/criteria/policy-topics.yaml`` (data, not code). Each line is
normalised the same way as each phrase: pythainlp ``normalize`` (zero-width characters, doubled
or misordered marks, decomposed sara am), Thai digits read as Arabic, case ignored. A phrase
matches when its characters occur in order with only whitespace between them, so text that a
PDF export split ("ผลประโยชน์ ทับซ้อน") still matches; a phrase that starts or ends with a
Latin letter must not touch another Latin letter there. A topic is *found* on any phrase and
*core-found* on one of its core phrases (``related`` phrases only touch on it). Every matching
line is evidence; the first line with a core phrase (else the first line) is the main evidence.

Limits: a keyword is evidence that a topic is **mentioned**, not that it is adequately covered.
Negation ("ไม่มีผลประโยชน์ทับซ้อน"), quotation of another document, or a unit's name
("กองบริหารทรัพยากรบุคคล") all count as mentions; synonyms not listed are missed. The
verdicts below therefore pass a topic only on core phrases and leave the rest to a reviewer.

**Judging** (:func:`judge_document`) checks the document against one criteria item and year,
one aspect at a time, each with a verdict, a Thai reason and the line it rests on:

* ``date``: the announcement date against the item's period rule (``current_year``: dated in
  the year on the audit's basis, the other basis only gives review, and a date just before the
  year is review if the subject names the year; ``in_force``: in the year passes, earlier is
  review (may still apply); ``previous_year_report``/``plan_covering``: the subject must state
  the period, otherwise a plausible date is review; six-month and monthly reports: a date alone
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

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping, Sequence

from pythainlp.util import normalize as thai_normalize
from pythainlp.util.date import thai_abbr_months, thai_full_months

from .criteria import CRITERIA_DIR, Criteria, CriteriaItem, load_criteria
from .errors import InputError
from .findings import CheckLog, Finding, Severity
from .sources import load_yaml, read_source
from .thai import (Period, be_to_ce, ce_to_be, expand_year, extract_periods, first_six_months,
                   parse_month, parse_thai_date, to_arabic_digits, year_bounds)

__all__ = [
    "TOPICS_FILE", "ASPECTS", "VERDICTS",
    "Topic", "ItemTopics", "SignerRules", "PolicyTopics", "load_policy_topics",
    "DatedReference", "BadDate", "TopicEvidence", "TopicMatch", "PolicyDocument",
    "parse_policy_document", "parse_policy_text", "match_topics",
    "AspectCheck", "DocumentVerdict", "judge_document", "PolicyAudit", "run_policy_audit",
    "thai_date",
]

TOPICS_FILE: Path = CRITERIA_DIR / "policy-topics.yaml"
TOPICS_SCHEMA = "ita-policy-topics/1"
ASPECTS = ("date", "signer", "topics", "consistency")
VERDICTS = ("pass", "fail", "review")
BASES = ("fiscal", "calendar")
TABLE = "announcement"
CLIP = 160                     # characters of a line kept as evidence

_RANK = {"pass": 0, "review": 1, "fail": 2}
_BASIS_TH = {"fiscal": "ปีงบประมาณ", "calendar": "ปีปฏิทิน"}


# ── the topic list (data/criteria/policy-topics.yaml) ───────────────────────────────────────

@dataclass(frozen=True)
class Topic:
    """A policy topic: core phrases prove a mention, related phrases only touch on it."""

    id: str
    label_th: str
    label_en: str
    phrases: tuple[str, ...]
    related: tuple[str, ...]
    _patterns: tuple[tuple[str, bool, re.Pattern[str]], ...] = field(
        init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        patterns = [(p, True, _phrase_pattern(p)) for p in self.phrases]
        patterns += [(p, False, _phrase_pattern(p)) for p in self.related]
        object.__setattr__(self, "_patterns", tuple(patterns))

    def match(self, normalised_line: str) -> tuple[str, bool, int] | None:
        """The first core phrase (else related phrase) on a normalised line: (phrase, core, at)."""
        for phrase, core, pattern in self._patterns:
            found = pattern.search(normalised_line)
            if found:
                return phrase, core, found.start()
        return None


@dataclass(frozen=True)
class ItemTopics:
    """Topics one criteria item requires, and a phrase its criteria name must contain."""

    item: str
    topics: tuple[str, ...]
    name: str


@dataclass(frozen=True)
class SignerRules:
    """How the signature block is judged (all lists are data in the topics YAML)."""

    head_titles: tuple[str, ...]
    deputy_prefixes: tuple[str, ...]
    on_behalf: tuple[str, ...]
    honorifics: tuple[str, ...]


@dataclass(frozen=True)
class PolicyTopics:
    """The validated topics file."""

    path: str
    sha256: str
    topics: tuple[Topic, ...]
    signer: SignerRules
    item_topics: Mapping[int, Mapping[str, ItemTopics]]

    def topic(self, topic_id: str) -> Topic:
        """The topic with this id; ``KeyError`` if undeclared."""
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        raise KeyError(f"no topic {topic_id!r} in {self.path}")

    def for_item(self, criteria_year: int, item_id: str) -> ItemTopics | None:
        """The topics an item requires in a criteria year, or None when none are listed."""
        return self.item_topics.get(criteria_year, {}).get(item_id)


def load_policy_topics(path: str | Path | None = None) -> PolicyTopics:
    """Load and validate the topics file (default ``data/criteria/policy-topics.yaml``).

    A problem raises :class:`InputError` naming the file and the key."""
    path = Path(path) if path is not None else TOPICS_FILE
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(path, f"cannot be read: {err.strerror or err}",
                         fix="check the policy topics file path") from None
    return _load_topics(str(path), data)


@lru_cache(maxsize=8)
def _load_topics(shown: str, data: bytes) -> PolicyTopics:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(shown, f"not UTF-8 (invalid byte at offset {err.start})",
                         fix="save the file as UTF-8") from None
    raw = load_yaml(text, shown)
    return _TopicsValidator(shown).policy_topics(raw, hashlib.sha256(data).hexdigest())


class _TopicsValidator:
    """Checks a parsed topics file; every failure is an :class:`InputError` with the key."""

    def __init__(self, shown: str) -> None:
        self.shown = shown

    def fail(self, where: str, problem: str, fix: str) -> InputError:
        return InputError(self.shown, problem, where=where, fix=fix)

    def mapping(self, node: Any, where: str, required: Sequence[str],
                optional: Sequence[str] = ()) -> dict[Any, Any]:
        if not isinstance(node, dict):
            raise self.fail(where, "expected a mapping", f"write keys {', '.join(required)}")
        for key in node:
            if key not in (*required, *optional):
                raise self.fail(f"{where}.{key}", f"unknown key {key!r}",
                                f"use one of: {', '.join((*required, *optional))}")
        for key in required:
            if key not in node:
                raise self.fail(f"{where}.{key}", "missing required key", f"add '{key}:'")
        return node

    def text(self, node: Any, where: str) -> str:
        if not isinstance(node, str) or not node.strip():
            raise self.fail(where, f"expected non-empty text, got {node!r}", "write the text")
        return node.strip()

    def texts(self, node: Any, where: str, *, allow_empty: bool = True) -> tuple[str, ...]:
        if not isinstance(node, list) or (not node and not allow_empty):
            raise self.fail(where, "expected a non-empty list" if not allow_empty
                            else "expected a list", "write [a, b] or '- a' lines")
        return tuple(self.text(entry, f"{where}[{i}]") for i, entry in enumerate(node))

    def policy_topics(self, raw: Any, sha256: str) -> PolicyTopics:
        top = self.mapping(raw, "<top level>", ("schema", "topics", "signer", "item_topics"))
        if top["schema"] != TOPICS_SCHEMA:
            raise self.fail("schema", f"unsupported schema {top['schema']!r}",
                            f"use '{TOPICS_SCHEMA}'")
        topics = self.topics(top["topics"])
        known = {t.id for t in topics}
        signer = self.mapping(top["signer"], "signer",
                              ("head_titles", "deputy_prefixes", "on_behalf", "honorifics"))
        rules = SignerRules(*(self.texts(signer[k], f"signer.{k}", allow_empty=False)
                              for k in ("head_titles", "deputy_prefixes", "on_behalf",
                                        "honorifics")))
        return PolicyTopics(path=self.shown, sha256=sha256, topics=topics, signer=rules,
                            item_topics=self.item_topics(top["item_topics"], known))

    def topics(self, node: Any) -> tuple[Topic, ...]:
        if not isinstance(node, list) or not node:
            raise self.fail("topics", "expected a non-empty list", "list the topics")
        result: list[Topic] = []
        for i, entry in enumerate(node):
            where = f"topics[{i}]"
            entry = self.mapping(entry, where, ("id", "label_th", "label_en", "phrases"),
                                 ("related",))
            topic_id = self.text(entry["id"], f"{where}.id")
            if topic_id in {t.id for t in result}:
                raise self.fail(f"{where}.id", f"duplicate topic {topic_id!r}",
                                "give each topic its own id")
            result.append(Topic(topic_id, self.text(entry["label_th"], f"{where}.label_th"),
                                self.text(entry["label_en"], f"{where}.label_en"),
                                self.texts(entry["phrases"], f"{where}.phrases",
                                           allow_empty=False),
                                self.texts(entry.get("related", []), f"{where}.related")))
        return tuple(result)

    def item_topics(self, node: Any, known: set[str]) -> Mapping[int, Mapping[str, ItemTopics]]:
        if not isinstance(node, dict):
            raise self.fail("item_topics", "expected a mapping of criteria years",
                            "write '2566:' with items below it")
        years: dict[int, Mapping[str, ItemTopics]] = {}
        for year, items in node.items():
            where = f"item_topics.{year}"
            if isinstance(year, bool) or not isinstance(year, int):
                raise self.fail(where, "a criteria year must be a number such as 2566",
                                "write the year without quotes")
            if not isinstance(items, dict):
                raise self.fail(where, "expected a mapping of item ids", "write 'O31: {…}'")
            entries: dict[str, ItemTopics] = {}
            for item_id, spec in items.items():
                at = f"{where}.{item_id}"
                if not isinstance(item_id, str) or not _ITEM_ID.fullmatch(item_id):
                    raise self.fail(at, f"{item_id!r} is not an item id", "write ids as O31")
                spec = self.mapping(spec, at, ("topics", "name"))
                names = self.texts(spec["topics"], f"{at}.topics", allow_empty=False)
                for name in names:
                    if name not in known:
                        raise self.fail(f"{at}.topics", f"unknown topic {name!r}",
                                        f"use one of: {', '.join(sorted(known))}")
                entries[item_id] = ItemTopics(item_id, names, self.text(spec["name"], f"{at}.name"))
            years[year] = MappingProxyType(entries)
        return MappingProxyType(years)


# ── text normalisation ───────────────────────────────────────────────────────────────────────

_ITEM_ID = re.compile(r"O[1-9][0-9]*")
_LATIN = "A-Za-z"
_WS = re.compile(r"\s+")
# "พุทธศักราช ๒๕๕๗" is read as "พ.ศ. ๒๕๕๗"; padded to the same length so spans map back.
_ERA_WORD = "พุทธศักราช"
_ERA_SHORT = "พ.ศ." + " " * (len(_ERA_WORD) - len("พ.ศ."))
_HEADING_MARKS = re.compile(r"^[\s#>*\-–•]+")


def normalise(text: str) -> str:
    """A line for matching: pythainlp ``normalize``, Arabic digits (same length)."""
    return to_arabic_digits(thai_normalize(text))


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A phrase as a regex: its characters in order, whitespace allowed between any two, case
    ignored; a Latin first/last letter must not touch another Latin letter."""
    chars = [c for c in normalise(phrase) if not c.isspace()]
    body = r"\s*".join(re.escape(c) for c in chars)
    left = f"(?<![{_LATIN}])" if chars and re.match(f"[{_LATIN}]", chars[0]) else ""
    right = f"(?![{_LATIN}])" if chars and re.match(f"[{_LATIN}]", chars[-1]) else ""
    return re.compile(f"{left}{body}{right}", re.IGNORECASE)


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


def _era_normal(line: str) -> str:
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
                "start": _iso(self.start), "end": _iso(self.end), "year": self.year,
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
                "date": _iso(self.date), "date_text": self.date_text, "date_line": self.date_line,
                "signer": self.signer, "signer_line": self.signer_line,
                "position": self.position, "position_line": self.position_line,
                "on_behalf": self.on_behalf, "on_behalf_text": self.on_behalf_text,
                "on_behalf_line": self.on_behalf_line,
                "references": [r.to_json() for r in self.references],
                "bad_dates": [b.to_json() for b in self.bad_dates]}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


# ── parsing ──────────────────────────────────────────────────────────────────────────────────

_ISSUER = re.compile(r"^ประกาศ(?!\s*ณ)\s*\S")
_SUBJECT = re.compile(r"^เรื่อง\s*(?P<subject>.*)$")
_DATE_LINE = re.compile(r"^(?:ประกาศ|สั่ง|ให้ไว้)\s*ณ\s*วันที่\s*(?P<date>.*)$")
_BARE_DATE_LINE = re.compile(r"^(?:วันที่\s*)?[0-9๐-๙]{1,2}\s*\S+\s*(?:พ\.\s?ศ\.\s*)?[0-9๐-๙]{2,4}$")
_NAME_LINE = re.compile(r"^\(\s*(?P<name>[^()]{2,80}?)\s*\)$")
_HAS_DIGIT = re.compile("[0-9๐-๙]")
_HAS_LETTER = re.compile(f"[\u0e01-\u0e2e{_LATIN}]")
_ALONE_THAN = re.compile(r"(?:^|\s)แทน$")
# day, month word, optional era, year (Arabic digits): candidates for dates that do not exist
_DAY_MONTH_YEAR = re.compile(
    r"(?<![0-9])(?P<day>[0-9]{1,2})\s*(?P<month>[\u0e01-\u0e4e.]+(?:\s[\u0e01-\u0e2e]\.)?)"
    r"\s*(?:พ\.\s?ศ\.)?\s*(?P<year>[0-9]{4}|[0-9]{2})(?![0-9])")
_HEAD_SEARCH = 15          # non-empty lines at the top searched for issuer and subject
_TAIL_SEARCH = 12          # non-empty lines searched for the signature block


def parse_policy_document(path: str | Path, topics: PolicyTopics | None = None) -> PolicyDocument:
    """Read and parse an announcement file; unusable files raise :class:`InputError`."""
    from .record import relative

    source = read_source(path, what="policy announcement")
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
            return i, written or None, parse_thai_date(_era_normal(written))
    for i in reversed(nonempty[-_TAIL_SEARCH:]):
        candidate = _strip_marks(lines[i])
        if _BARE_DATE_LINE.match(_era_normal(candidate)):
            day = parse_thai_date(_era_normal(candidate))
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
    markers = [_phrase_pattern(m) for m in rules.on_behalf]
    for i in block:
        text = normalise(_strip_marks(lines[i]))
        if any(m.search(text) for m in markers) or _ALONE_THAN.search(text):
            return i
    return None


def _references(lines: Sequence[str], skip: int | None) -> Iterable[DatedReference]:
    """Every dated period in the text except on the announcement-date line."""
    for i, line in enumerate(lines):
        if i == skip or not line.strip():
            continue
        norm = _era_normal(line)
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
        norm = to_arabic_digits(_era_normal(line))
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
        return max((c.verdict for c in self.checks), key=_RANK.__getitem__, default="review")

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


def _criteria_item(criteria: Criteria, item_id: str) -> CriteriaItem:
    from .disclosure import normalize_item_id

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


def thai_date(day: date) -> str:
    """``2015-12-29`` -> ``"29 ธันวาคม 2558"`` (pythainlp's Thai month names, BE year)."""
    return f"{day.day} {thai_full_months[day.month - 1]} {ce_to_be(day.year)}"


def _short_date(day: date) -> str:
    return f"{day.day} {thai_abbr_months[day.month - 1]} {ce_to_be(day.year)}"


def _window_text(start: date, end: date) -> str:
    return f"{_short_date(start)} – {_short_date(end)}"


def _stated_years(doc: PolicyDocument) -> list[Period]:
    """Periods the issuer and subject lines state ("ประจำปีงบประมาณ พ.ศ. ๒๕๖๖")."""
    text = " ".join(t for t in (doc.issuer, doc.title) if t)
    return [p for p in extract_periods(_era_normal(text)) if p.year is not None]


def _judge_date(doc: PolicyDocument, item: CriteriaItem, fiscal_year: int, basis: str,
                log: CheckLog) -> AspectCheck:
    rule = item.period
    year = rule.year if rule else fiscal_year
    start, end = year_bounds(year, basis)  # type: ignore[arg-type]
    expected = f"{start.isoformat()}..{end.isoformat()}"
    check = f"date.{rule.rule if rule else 'no_rule'}"
    if doc.date is None:
        if doc.date_text:
            reason = (f"วันที่ประกาศ '{doc.date_text}' (บรรทัด {doc.date_line}) "
                      "ไม่ใช่วันที่ที่มีอยู่จริง "
                      "ต้องเปิดเอกสารตรวจวันที่ที่ถูกต้อง")
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
    stated = [p for p in _stated_years(doc)
              if p.year is not None and p.year <= rule.year <= (p.end_year or p.year)]
    stated_text = ", ".join(f"'{p.text.strip()}'" for p in stated)
    if day > end:
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
    if rule.rule == "previous_year_report":
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
        return "fail", f"{said} ก่อนเริ่มช่วงที่ต้องรายงาน ({_short_date(half_start)}) {criterion}"
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
        title = _phrase_pattern(marker).split(title)[0]
    title = _ALONE_THAN.sub("", title).strip()
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
    return _WS.sub("", text)


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
    verdict = max((p.verdict for p in parts), key=_RANK.__getitem__)
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
                  year=ref.year, expected=f"<= {day.isoformat()}", actual=_iso(ref.start),
                  severity="error", row=ref.text, line=ref.line,
                  message=(f"เนื้อหาอ้างถึง '{ref.text}' (บรรทัด {ref.line}) "
                           f"ซึ่งเป็นวันที่หลังวันที่ประกาศ {thai_date(day)} "
                           f"(บรรทัด {doc.date_line}) ประกาศอ้างถึงเหตุการณ์ที่ยังไม่เกิดไม่ได้"))
    for ref in rough:
        log.check(False, check="consistency.period_after_announcement", table=TABLE,
                  year=ref.year, expected=f"<= {day.isoformat()}", actual=_iso(ref.start),
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


# ── one call for the CLI and the notebook ───────────────────────────────────────────────────

@dataclass
class PolicyAudit:
    """One announcement judged for one item and year, ready for JSON or Thai tables."""

    agency: str
    fiscal_year: int
    document: PolicyDocument
    judgement: DocumentVerdict
    source: str = ""                    # the document path as given (repo-relative in records)

    @property
    def verdict(self) -> str:
        return self.judgement.verdict

    @property
    def findings(self) -> list[Finding]:
        return self.judgement.findings

    def counts(self) -> dict[str, int]:
        """Checks run, held, with findings, skipped; findings by severity."""
        return self.judgement.log.counts()

    def to_json(self) -> dict[str, Any]:
        """The ``ita-audit policy --format json`` shape."""
        doc = self.document
        j = self.judgement
        return {"agency": self.agency, "fiscal_year": self.fiscal_year,
                "criteria_year": j.criteria_year, "basis": j.basis,
                "item": j.item.id, "item_name": j.item.name,
                "required_topics": list(j.required_topics),
                "document": {**doc.to_json(), "path": self.source or doc.to_json()["path"]},
                "topics": [t.to_json() for t in doc.topics],
                "checks": [c.to_json() for c in j.checks],
                "verdict": self.verdict,
                "findings": [f.to_json() for f in self.findings],
                "counts": self.counts()}


def run_policy_audit(path: str | Path, item_id: str, fiscal_year: int, *,
                     agency: str = "agency", basis: str = "fiscal",
                     criteria: Criteria | None = None,
                     topics: PolicyTopics | None = None) -> PolicyAudit:
    """Read an announcement (a repo-relative path works in notebooks) and judge it for one item
    and year. Unusable input raises :class:`InputError` (exit code 2 on the command line)."""
    from .paths import check_agency, resolve
    from .record import relative

    check_agency(agency)
    book = topics or load_policy_topics()
    doc = parse_policy_document(resolve(path), topics=book)
    judged = judge_document(doc, item_id, int(fiscal_year), criteria, basis=basis, topics=book)
    return PolicyAudit(agency=agency, fiscal_year=int(fiscal_year), document=doc,
                       judgement=judged, source=relative(resolve(path)))
