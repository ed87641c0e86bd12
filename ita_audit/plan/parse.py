"""Improvement-plan progress reports: the parser.

An agency's ITA improvement plan ("แผนการปรับปรุงคุณภาพ ประสิทธิภาพ และเสริมสร้างคุณธรรมและ
ความโปร่งใส") is reported as a five-column table, exported as tab-separated text with HTML-ish
cells::

    ประเด็นที่ต้องปรับปรุง | แนวทาง/มาตรการ | ระยะเวลา | ผู้รับผิดชอบ | ความก้าวหน้า

Rows come in four kinds: the repeated page header (skipped), tool headings ("… (IIT)"),
indicator headings ("ตัวชี้วัดที่ ๒ การใช้งบประมาณ (คะแนน ๘๒.๓๖)") and data rows. A data row
holds the indicator's objective and issues (column 1; for OIT indicators, the item group the
measure answers, with the 2565 item numbers), one or more measures (column 2), their periods,
owners and progress. The progress cell holds one *status block* per measure: checkboxes
(``<input checked="" type="checkbox"/> ดำเนินการ``, or typed as ``☑``/``☐`` and the Wingdings
boxes of a Word or PDF form) followed by a narrative.

How a row becomes measures (each rule is visible in the parsed :class:`Measure`):

- the number of measures is the larger of the numbered items in column 2 (``๑.`` ``๒.`` …, only
  a run counting up from the indicator's last number) and the status blocks in column 5;
- each of text, period, owners and status is assigned one per measure when its count equals
  the number of measures, shared by all when there is one, and otherwise given whole to every
  measure and marked ``ambiguous`` (the checks report it);
- a row with neither a status block nor a new numbered item continues the previous measure (a
  cell cut by a page break); text before the first checkbox of a cell does too.

Periods are parsed with :func:`ita_audit.thai.extract_periods`. A period cell with text that is
not a month, a month range or a date (garbled abbreviations such as ``จ.ค.๖๔`` or ``๕.ค. ๖๔``)
is *unparseable*: the raw text is kept and no date is guessed. ``ดำเนินการต่อเนื่อง`` is an
ongoing period with no dates.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, NamedTuple

from ita_audit.errors import InputError, WrongDocumentError
from ita_audit.thai import expand_year, extract_periods, parse_number, to_arabic_digits
from ita_audit.util.atomic import atomic_write_text
from ita_audit.util.sources import SourceText, read_source

PeriodStatus = Literal["dated", "ongoing", "missing", "unparseable"]
StatusKind = Literal["done", "not_started", "in_progress", "contradictory", "unmarked"]
TOOLS = ("IIT", "EIT", "OIT")

# Checkbox labels and what ticking them means; longest first so "ยังไม่ได้ดำเนินการ" wins.
STATUS_LABELS: dict[str, StatusKind] = {
    "ยังไม่ได้ดำเนินการ": "not_started",
    "ยังไม่ดำเนินการ": "not_started",
    "อยู่ระหว่างดำเนินการ": "in_progress",
    "ดำเนินการแล้วเสร็จ": "done",
    "ดำเนินการแล้ว": "done",
    "ดำเนินการ": "done",
}
# Period cells that state an open-ended period instead of dates.
ONGOING_PHRASES = ("ดำเนินการต่อเนื่อง", "ต่อเนื่อง", "ตลอดปีงบประมาณ", "ตลอดปี", "ทุกเดือน")
# Generic role words that belong with the unit abbreviation after them ("ผู้บริหาร สป.พม.").
ROLE_WORDS = ("ผู้บริหาร", "หัวหน้า", "ผู้อำนวยการ")

_DATED_KINDS = ("month", "month_range", "date", "date_range")
_HEADER_FIRST = "ประเด็นที่ต้องปรับปรุง"
_BREAK_TAG = re.compile(r"</?(?:p|ul|ol|li|br|div|tr|td)\b[^>]*>", re.IGNORECASE)
_INPUT_TAG = re.compile(r"<input\b([^>]*)>", re.IGNORECASE)
_CHECKED = re.compile(r"(?:^|\s)checked(?=\s*=|\s|/|$)")   # not data-checked, aria-checked
_ANY_TAG = re.compile(r"<[^>]*>")
_BOX = "\x00"                                   # marks a checkbox in a cleaned cell
# Checkboxes typed or extracted as characters: ballot boxes, a white square, and the Wingdings
# boxes that text taken from a Word/PDF form carries in the private-use area (U+F0A8 empty,
# U+F06F empty, U+F0FE ticked, U+F0FD crossed).
_GLYPH_TICKED = "\u2611\u2612\uf0fe\uf0fd"
_GLYPH_EMPTY = "\u2610\u25a1\uf0a8\uf06f"
# only before a status label (a whole word: "ดำเนินการ", not "ดำเนินการจัดประชุม"): a box
# elsewhere ("□ กอง ก.", "□ ครั้งที่ 1", "□ ดำเนินการจัดประชุม") is a bullet
_GLYPH_BOX = re.compile(f"[{_GLYPH_TICKED}{_GLYPH_EMPTY}]"
                        f"(?=\\s*(?:{'|'.join(map(re.escape, STATUS_LABELS))})(?![\u0e01-\u0e4e]))")
_BOX_RE = re.compile(r"\x00([01])\x00")
_SPACE = re.compile(r"[ \t\u00a0\u200b]+")
_TOOL_RE = re.compile(r"\((IIT|EIT|OIT)\)\s*$")
_INDICATOR_RE = re.compile(
    r"^ตัวชี้วัดที่\s*(?P<n>[0-9]+)\s*(?P<name>.*?)\s*"
    r"(?:\(\s*(?P<label>คะแนน(?:รวม)?)?\s*(?P<score>[0-9]+(?:\.[0-9]+)?)\s*\))?\s*$")
_OBJECTIVE_RE = re.compile(r"^วัตถุประสงค์\s*:?\s*")
_ISSUES_LABEL_RE = re.compile(r"ประเด็นที่ต้องปรับปรุง\s*(?:\([^)]*\))?")
_NUMBERED_RE = re.compile(r"(?:^|(?<=\s))(?P<n>[1-9][0-9]?)\.(?=\s|[^\s0-9.])")
_STEP_RE = re.compile(r"\((?P<n>[1-9][0-9]?)\)")
_OIT_ITEM_RE = re.compile(r"(?:^|(?<=\s))(?P<n>[1-9]|[1-3][0-9]|4[0-3])(?:\.|(?=\s))\s*(?=[^\s0-9(])")
_BULLET_RE = re.compile(r"\s*[●•○▪]\s*")
_TITLE_YEAR_RE = re.compile(
    r"ปี\s*(?:งบประมาณ)?\s*(?:พ\.\s?ศ\.)?\s*(?P<y>25[0-9]{2}|(?:19|20)[0-9]{2})(?![0-9])")
_WEEKDAY_RE = re.compile(r"วัน(?P<wd>จันทร์|อังคาร|พุธ|พฤหัสบดี|พฤหัส|ศุกร์|เสาร์|อาทิตย์)(?:ที่)?")
_RESIDUE_RE = re.compile(r"[\s\-–—‐‑−~,/และถึง]+")


@dataclass(frozen=True)
class PlanPeriod:
    """When a measure is to be carried out, as stated and as parsed."""

    raw: str
    status: PeriodStatus
    start: date | None = None
    end: date | None = None
    unparsed: str = ""                  # the text no month or date could be read from

    def label(self) -> str:
        """The raw text, or a dash when nothing was stated."""
        return self.raw or "-"


@dataclass(frozen=True)
class StatusBlock:
    """The checkboxes of one measure and the narrative written after them."""

    ticked: tuple[str, ...]             # labels of the ticked boxes, in order
    unticked: tuple[str, ...]
    narrative: str
    line: int

    @property
    def kind(self) -> StatusKind:
        """done / not_started / in_progress; contradictory when conflicting boxes are ticked;
        unmarked when none is."""
        kinds = {STATUS_LABELS.get(label, "unmarked") for label in self.ticked}
        kinds.discard("unmarked")
        if not kinds:
            return "unmarked"
        return kinds.pop() if len(kinds) == 1 else "contradictory"


@dataclass
class Measure:
    """One measure of the plan, with its own status block (see the module docstring)."""

    id: str                             # "<indicator>.<sequence>", e.g. "2.3"
    indicator: int
    number: int | None                  # the number the plan writes before the text, if any
    text: str
    steps: tuple[str, ...]              # "(๑) …", "(๒) …" sub-steps inside the text
    period: PlanPeriod
    periods: tuple[PlanPeriod, ...]     # all periods assigned (more than one when ambiguous)
    owners: tuple[str, ...]
    status: StatusKind
    ticked: tuple[str, ...]
    narrative: str
    line: int
    subject: str = ""                   # OIT rows: the item group the measure answers
    oit_items: tuple[str, ...] = ()     # 2565 item ids named in the subject ("O23")
    shared: tuple[str, ...] = ()        # fields shared with other measures of the same row
    ambiguous: tuple[str, ...] = ()     # fields whose count did not match the measures
    texts: list[tuple[int, str, str]] = field(default_factory=list)   # (line, field, text)

    @property
    def done(self) -> bool:
        return self.status == "done"


@dataclass
class PlanIndicator:
    """An ITA indicator of the plan, its stated score and its measures."""

    number: int
    name: str
    tool: str | None
    score: Decimal | None
    score_raw: str
    score_label: str                    # "คะแนน", "คะแนนรวม" or "" (bare number)
    line: int
    objective: str = ""
    issues: list[tuple[int, str]] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)


@dataclass(frozen=True)
class LayoutNote:
    """A row the parser had to interpret (shared or ambiguous cells, odd rows)."""

    line: int
    indicator: int | None
    kind: str
    message: str


@dataclass
class PlanReport:
    """A parsed improvement-plan progress report."""

    path: Path
    sha256: str
    encoding: str
    title: str
    agency: str
    plan_year: int | None
    report_date: date | None
    report_date_raw: str
    report_date_line: int | None
    weekday: str | None                 # the weekday the report states for its date
    indicators: list[PlanIndicator]
    notes: list[LayoutNote]
    preamble: list[tuple[int, str]]

    @property
    def measures(self) -> list[Measure]:
        return [m for ind in self.indicators for m in ind.measures]

    def indicator(self, number: int) -> PlanIndicator:
        """The indicator with this number; ``KeyError`` if the report has none."""
        for ind in self.indicators:
            if ind.number == number:
                return ind
        raise KeyError(f"no indicator {number} in {self.path.name}")


# --------------------------------------------------------------------------- cells

def clean_cell(cell: str) -> str:
    """HTML-ish cell -> text: checkboxes become markers, paragraphs become newlines."""
    def box(match: re.Match[str]) -> str:
        attrs = match.group(1).lower()
        if "checkbox" not in attrs:
            return " "
        checked = 1 if _CHECKED.search(attrs) else 0
        return f"{_BOX}{checked}{_BOX}"

    text = _INPUT_TAG.sub(box, cell)
    text = _BREAK_TAG.sub("\n", text)
    text = html.unescape(_ANY_TAG.sub(" ", text))
    lines = (_SPACE.sub(" ", part).strip() for part in text.split("\n"))
    return "\n".join(part for part in lines if part)


def glyph_boxes(cell: str) -> str:
    """A cleaned progress cell with its typed checkboxes (a box character before a status
    label) marked as :func:`clean_cell` marks ``<input>`` boxes."""
    return _GLYPH_BOX.sub(lambda m: f"{_BOX}{1 if m.group() in _GLYPH_TICKED else 0}{_BOX}", cell)


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\n", " ")).strip()


def _status_label(text: str) -> tuple[str, str]:
    """(label, rest) for the text right after a checkbox."""
    stripped = text.lstrip()
    for label in STATUS_LABELS:
        if stripped.startswith(label):
            rest = stripped[len(label):]
            if not rest or not re.match(r"[\u0e01-\u0e4e]", rest):
                return label, rest
    word = stripped.split(maxsplit=1)
    return (word[0], word[1] if len(word) > 1 else "") if word else ("", "")


def status_blocks(cell: str, line: int) -> tuple[str, list[StatusBlock]]:
    """(text before the first checkbox, the status blocks) of a cleaned progress cell.

    A block is a run of checkboxes and the narrative after it; a checkbox after narrative
    text, or repeating a label already in the block, starts the next block.
    """
    parts = _BOX_RE.split(cell)
    lead = _flat(parts[0])
    blocks: list[StatusBlock] = []
    ticked: list[str] = []
    unticked: list[str] = []
    narrative = ""
    for flag, after in zip(parts[1::2], parts[2::2]):
        label, rest = _status_label(after)
        if (ticked or unticked) and (narrative or label in ticked + unticked):
            blocks.append(StatusBlock(tuple(ticked), tuple(unticked), narrative, line))
            ticked, unticked, narrative = [], [], ""
        (ticked if flag == "1" else unticked).append(label)
        narrative = _flat(f"{narrative} {rest}")
    if ticked or unticked:
        blocks.append(StatusBlock(tuple(ticked), tuple(unticked), narrative, line))
    return lead, blocks


def numbered_items(text: str, last: int) -> list[tuple[int | None, str]]:
    """Split a measure cell at ``N.`` markers that continue the count from ``last``.

    A marker counts only if it is the next number (or restarts at 1 at the start of the
    cell), so "สสว.๑ - ๑๑" or a decimal inside a sentence never splits a measure.
    """
    norm = to_arabic_digits(text)
    cuts: list[tuple[int, int]] = []
    expected = last + 1
    for match in _NUMBERED_RE.finditer(norm):
        number = int(match.group("n"))
        at_start = not norm[:match.start()].strip()
        if number == expected or (at_start and number == 1):
            cuts.append((match.start(), number))
            expected = number + 1
    if not cuts:
        return [(None, _flat(text))] if text.strip() else []
    items: list[tuple[int | None, str]] = []
    if norm[:cuts[0][0]].strip():
        items.append((None, _flat(text[:cuts[0][0]])))
    for (start, number), nxt in zip(cuts, [c[0] for c in cuts[1:]] + [len(text)]):
        body = text[start:nxt]
        body = body[body.index(".") + 1:]
        items.append((number, _flat(body)))
    return items


def steps_of(text: str) -> tuple[str, ...]:
    """The ``(๑) …`` ``(๒) …`` sub-steps of a measure text, in order (empty if none)."""
    norm = to_arabic_digits(text)
    marks = [m for m in _STEP_RE.finditer(norm)]
    run: list[re.Match[str]] = []
    for mark in marks:                  # keep the run 1, 2, 3…; "ข้อ (๑) – (๓)" repeats break it
        if int(mark.group("n")) == len(run) + 1:
            run.append(mark)
    ends = [m.start() for m in run[1:]] + [len(text)]
    return tuple(_flat(text[m.end():end]) for m, end in zip(run, ends))


def parse_periods(cell: str) -> list[PlanPeriod]:
    """The periods of a cleaned period cell: one per paragraph, or several in one paragraph
    ("มค. - กพ. ๖๕ มค. ๖๕ มค. ๖๕")."""
    periods: list[PlanPeriod] = []
    for chunk in (part.strip() for part in cell.split("\n")):
        if chunk:
            periods.extend(_chunk_periods(chunk))
    return periods


def _chunk_periods(chunk: str) -> list[PlanPeriod]:
    found = [p for p in extract_periods(chunk) if p.kind in _DATED_KINDS]
    residue = chunk
    for period in found:
        residue = residue.replace(period.text, " ", 1)
    leftover = _RESIDUE_RE.sub(" ", residue).strip()
    if not leftover and found:
        return [PlanPeriod(p.text.strip(), "dated", p.start, p.end) for p in found]
    compact = _SPACE.sub("", chunk)
    if any(compact == phrase or compact.endswith(phrase) for phrase in ONGOING_PHRASES) \
            and not found:
        return [PlanPeriod(chunk, "ongoing")]
    return [PlanPeriod(chunk, "unparseable", unparsed=_flat(residue))]


def parse_owners(cell: str) -> list[list[str]]:
    """Owners per paragraph of a cleaned owner cell; within a paragraph, one per unit
    abbreviation, with a following ``(…)`` kept with its unit and a role word kept with the
    unit after it."""
    paragraphs: list[list[str]] = []
    for chunk in (part.strip() for part in cell.split("\n")):
        if not chunk:
            continue
        owners: list[str] = []
        for token in re.findall(r"\([^)]*\)|[^\s()]+(?:\([^)]*\))?", chunk):
            if owners and (token.startswith("(") or owners[-1] in ROLE_WORDS
                           and token.endswith(".")):
                owners[-1] = f"{owners[-1]} {token}"
            else:
                owners.append(token)
        paragraphs.append(owners)
    return paragraphs


def oit_items(subject: str) -> tuple[str, ...]:
    """2565 OIT item ids named in an indicator 9/10 row ("๒๓. สรุปผล…" -> "O23"), in order."""
    norm = to_arabic_digits(subject)
    numbers: list[int] = []
    for match in _OIT_ITEM_RE.finditer(norm):
        number = int(match.group("n"))
        if not numbers or number > numbers[-1]:
            numbers.append(number)
    return tuple(f"O{n}" for n in numbers)


# --------------------------------------------------------------------------- rows

class _Row(NamedTuple):
    line: int
    cells: list[str]


def _assign(values: list, n: int) -> tuple[list[list], str]:
    """Values per measure and how they were assigned: one each ("own"), one for all
    ("shared"), none ("missing"), or, when the counts do not match, all to each
    ("ambiguous")."""
    if not values:
        return [[]] * n, "missing"
    if len(values) == n:
        return [[v] for v in values], "own"
    if len(values) == 1:
        return [values] * n, "shared"
    return [values] * n, "ambiguous"


class _Parser:
    """Walks the rows of the table and builds indicators and measures."""

    def __init__(self, source: SourceText) -> None:
        self.source = source
        self.indicators: list[PlanIndicator] = []
        self.notes: list[LayoutNote] = []
        self.tool: str | None = None
        self.preamble: list[tuple[int, str]] = []

    # .................................................................. entry

    def parse(self) -> list[PlanIndicator]:
        for row in self._rows():
            self._row(row)
        for ind in self.indicators:
            _split_issues(ind)
        return self.indicators

    def _rows(self) -> Iterator[_Row]:
        in_table = False
        for number, raw in enumerate(self.source.lines, start=1):
            if "\t" not in raw:
                if raw.strip() and not in_table:
                    self.preamble.append((number, _flat(raw)))
                elif raw.strip():
                    self._note(number, "row_without_columns",
                               "บรรทัดในตารางไม่มีช่องแบ่งคอลัมน์ (tab) จึงไม่ได้อ่าน: "
                               f"'{_flat(clean_cell(raw))[:80]}'")
                continue
            in_table = True
            cells = [clean_cell(c) for c in raw.split("\t")]
            if len(cells) != 5:
                self._note(number, "columns", f"แถวมี {len(cells)} ช่อง (คาด 5): "
                           "อ่านเฉพาะ 5 ช่องแรก")
                cells = (cells + [""] * 5)[:5]
            cells[4] = glyph_boxes(cells[4])          # the progress cell
            yield _Row(number, cells)

    def _note(self, line: int, kind: str, message: str) -> None:
        current = self.indicators[-1].number if self.indicators else None
        self.notes.append(LayoutNote(line, current, kind, message))

    # .................................................................. rows

    def _row(self, row: _Row) -> None:
        first, text, period, owner, progress = row.cells
        if first.startswith(_HEADER_FIRST) and text.startswith("แนวทาง"):
            return                                   # the repeated page header
        rest = any((text, period, owner, progress))
        flat_first = _flat(first)
        if not rest and (tool := _TOOL_RE.search(flat_first)):
            self.tool = tool.group(1)
            return
        if not rest and (heading := _INDICATOR_RE.match(to_arabic_digits(flat_first))):
            self._indicator(heading, flat_first, row.line)
            return
        if not self.indicators:
            if any(row.cells):
                self._note(row.line, "orphan", "แถวข้อมูลก่อนหัวข้อตัวชี้วัดแรก: ไม่ได้อ่าน")
            return
        self._data_row(row)

    def _indicator(self, match: re.Match[str], raw: str, line: int) -> None:
        score = parse_number(match.group("score")) if match.group("score") else None
        raw_score = re.search(r"\(([^)]*)\)\s*$", raw)
        self.indicators.append(PlanIndicator(
            number=int(match.group("n")), name=match.group("name").strip(), tool=self.tool,
            score=score, score_raw=raw_score.group(1) if raw_score else "",
            score_label=match.group("label") or "", line=line))

    def _data_row(self, row: _Row) -> None:
        ind = self.indicators[-1]
        first, text, period, owner, progress = row.cells
        lead, blocks = status_blocks(progress, row.line)
        last_number = max((m.number or 0 for m in ind.measures), default=0)
        items = numbered_items(text, last_number) if text else []
        starts_new = bool(blocks) or any(n is not None for n, _ in items)
        previous = ind.measures[-1] if ind.measures else None
        if not starts_new:                      # the narrative continues in _continue
            self._continue(ind, previous, row, first)
            return
        if lead and previous is not None:
            previous.narrative = _flat(f"{previous.narrative} {lead}")
            previous.texts.append((row.line, "narrative", lead))
            lead = ""
        if ind.tool != "OIT" and first:
            ind.issues.append((row.line, first))
        self._measures(ind, row, items, blocks, lead)

    def _continue(self, ind: PlanIndicator, previous: Measure | None, row: _Row,
                  first: str) -> None:
        """A row cut by a page break: its cells extend the previous measure."""
        _, text, period, owner, progress = row.cells
        if first:
            if ind.tool == "OIT" and previous is not None:
                previous.subject = _flat(f"{previous.subject} {first}")
                previous.oit_items = oit_items(previous.subject)
            else:
                ind.issues.append((row.line, first))
        if previous is None:
            if any((text, period, owner, progress)):
                self._note(row.line, "orphan", "ข้อความมาตรการก่อนมาตรการแรกของตัวชี้วัด: ไม่ได้อ่าน")
            return
        for name, value in (("text", text), ("narrative", _BOX_RE.sub(" ", progress))):
            if value:
                previous.texts.append((row.line, name, value))
        if text:
            previous.text = _flat(f"{previous.text} {text}")
            previous.steps = steps_of(previous.text)
        if progress:
            previous.narrative = _flat(f"{previous.narrative} {_BOX_RE.sub(' ', progress)}")
        if period or owner:
            self._note(row.line, "continuation", "แถวต่อเนื่องมีระยะเวลาหรือผู้รับผิดชอบ: "
                       "นำไปต่อท้ายมาตรการก่อนหน้า")
            if owner:
                previous.owners += tuple(o for p in parse_owners(owner) for o in p)

    def _measures(self, ind: PlanIndicator, row: _Row, items: list[tuple[int | None, str]],
                  blocks: list[StatusBlock], lead: str) -> None:
        first, _, period_cell, owner_cell, _ = row.cells
        n = max(len(items), len(blocks), 1)
        texts, text_kind = _assign(items, n)
        statuses, status_kind = _assign(blocks, n)
        found = parse_periods(period_cell)
        periods, period_kind = (_assign(found, n) if found else
                                ([[PlanPeriod(_flat(period_cell), "missing")]] * n, "missing"))
        owners, owner_kind = _owners_for(parse_owners(owner_cell), n)
        kinds = {"text": text_kind, "status": status_kind, "period": period_kind,
                 "owner": owner_kind}
        shared = [name for name, kind in kinds.items() if kind == "shared" and n > 1]
        ambiguous = [name for name, kind in kinds.items() if kind == "ambiguous"]
        if shared or ambiguous:
            self._note(row.line, "alignment",
                       f"แถวนี้มีมาตรการ {n} ข้อ แต่ "
                       + ", ".join(f"{_FIELD_TH[f]}ใช้ร่วมกัน" for f in shared)
                       + (", " if shared and ambiguous else "")
                       + ", ".join(f"{_FIELD_TH[f]}จับคู่ไม่ได้" for f in ambiguous))
        subject = _flat(first) if ind.tool == "OIT" else ""
        for k in range(n):
            measure_items = texts[k]
            # a text shared by several measures keeps its number on the first one only
            number = (measure_items[0][0] if len(measure_items) == 1
                      and ("text" not in shared or k == 0) else None)
            text = " ".join(t for _, t in measure_items)
            status_list: list[StatusBlock] = statuses[k]
            block = status_list[0] if len(status_list) == 1 else None
            narrative = " ".join(b.narrative for b in status_list)
            if k == 0 and lead:
                narrative = _flat(f"{lead} {narrative}")
            assigned = periods[k]
            measure = Measure(
                id=f"{ind.number}.{len(ind.measures) + 1}", indicator=ind.number, number=number,
                text=text, steps=steps_of(text),
                period=assigned[0] if len(assigned) == 1 else _combined(assigned, period_cell),
                periods=tuple(assigned), owners=tuple(owners[k]),
                status=block.kind if block else ("unmarked" if not status_list
                                                 else _joint_kind(status_list)),
                ticked=tuple(label for b in status_list for label in b.ticked),
                narrative=narrative, line=row.line, subject=subject,
                oit_items=oit_items(subject) if subject else (),
                shared=tuple(shared), ambiguous=tuple(ambiguous))
            measure.texts.extend((row.line, name, value) for name, value in
                                 (("text", text), ("period", period_cell),
                                  ("narrative", narrative)) if value)
            ind.measures.append(measure)


_FIELD_TH = {"text": "ข้อความมาตรการ", "period": "ระยะเวลา", "owner": "ผู้รับผิดชอบ",
             "status": "สถานะ"}


def _owners_for(paragraphs: list[list[str]], n: int) -> tuple[list[list[str]], str]:
    """Owners per measure: one paragraph each, one owner each, or all to the single measure."""
    flat = [o for p in paragraphs for o in p]
    if not flat:
        return [[]] * n, "missing"
    if n == 1:
        return [flat], "own"
    if len(paragraphs) == n:
        return paragraphs, "own"
    if len(flat) == n:
        return [[o] for o in flat], "own"
    if len(paragraphs) == 1 and len(flat) == 1:
        return [flat] * n, "shared"
    return [flat] * n, "ambiguous"


def _combined(periods: list[PlanPeriod], cell: str) -> PlanPeriod:
    """One period standing for several that could not be told apart (earliest to latest)."""
    dated = [p for p in periods if p.status == "dated"]
    if len(dated) != len(periods) or not dated:
        bad = next((p for p in periods if p.status != "dated"), periods[0])
        return PlanPeriod(_flat(cell), bad.status, unparsed=bad.unparsed)
    return PlanPeriod(_flat(cell), "dated", min(p.start for p in dated if p.start),
                      max(p.end for p in dated if p.end))


def _joint_kind(blocks: list[StatusBlock]) -> StatusKind:
    kinds = {b.kind for b in blocks}
    return kinds.pop() if len(kinds) == 1 else "contradictory"


def _split_issues(ind: PlanIndicator) -> None:
    """Separate the objective from the issues to improve; split bulleted issues."""
    objective_parts: list[str] = []
    issues: list[tuple[int, str]] = []
    for line, text in ind.issues:
        for paragraph in text.split("\n"):
            paragraph = paragraph.strip()
            if _OBJECTIVE_RE.match(paragraph):
                objective_parts.append(_OBJECTIVE_RE.sub("", paragraph))
                continue
            paragraph = _ISSUES_LABEL_RE.sub("", paragraph).strip()
            for issue in _BULLET_RE.split(paragraph):
                if issue.strip():
                    issues.append((line, issue.strip()))
    ind.objective = " ".join(objective_parts)
    ind.issues = issues


# --------------------------------------------------------------------------- preamble

def _preamble_facts(preamble: list[tuple[int, str]]
                    ) -> tuple[str, str, int | None, date | None, str, int | None, str | None]:
    """(title, agency, plan year, report date, its raw text, its line, stated weekday)."""
    title_lines = []
    report_date = None
    raw_date = ""
    date_line = None
    weekday = None
    for line, text in preamble:
        if report_date is None:
            dated = [p for p in extract_periods(text) if p.kind in ("date", "as_of")]
            if dated:
                day = dated[0].start if dated[0].kind == "date" else dated[0].end
                report_date, raw_date, date_line = day, dated[0].text, line
                if (wd := _WEEKDAY_RE.search(text)) and wd.end() <= text.find(dated[0].text) + 1:
                    weekday = wd.group("wd")
                continue
        if report_date is not None or "รายงาน" in text:
            title_lines.append(text)
    title = " ".join(title_lines)
    year_match = _TITLE_YEAR_RE.search(to_arabic_digits(title))
    plan_year = expand_year(year_match.group("y")) if year_match else None   # CE 2022: 2565
    agency = ""
    if year_match:
        agency = to_arabic_digits(title)[year_match.end():].strip()
        agency = title[len(title) - len(agency):].strip() if agency else ""
    return title, agency, plan_year, report_date, raw_date, date_line, weekday


#: What a progress report is called in messages about a file of another kind.
DOCUMENT = "an ITA improvement-plan progress report"
_CHECKBOX = re.compile(r"<input\b[^>]*type\s*=\s*[\"']?checkbox", re.IGNORECASE)


def looks_like(text: str) -> bool:
    """True for the progress table: its header row (``ประเด็นที่ต้องปรับปรุง`` in a tab-separated
    line), or, when the header was cut, an indicator heading heading a tab-separated row
    (``ตัวชี้วัดที่ 1 … (คะแนน …)``) and status checkboxes."""
    rows = [line.split("\t") for line in text.split("\n") if "\t" in line]
    if any(row[0].strip().startswith(_HEADER_FIRST) for row in rows):
        return True
    scored = (_INDICATOR_RE.match(to_arabic_digits(clean_cell(row[0]))) for row in rows)
    return any(m and m.group("score") for m in scored) and bool(
        _CHECKBOX.search(text) or _GLYPH_BOX.search(html.unescape(text)))


def load_plan_report(path: str | Path) -> PlanReport:
    """Parse a progress report. Unreadable or table-less files raise ``InputError``; a file of
    another kind raises :class:`~ita_audit.errors.WrongDocumentError`."""
    source = read_source(path, what="improvement-plan progress report")
    if not looks_like(source.text):
        raise WrongDocumentError(source.path, DOCUMENT, "no progress table: no header row "
                                 "'ประเด็นที่ต้องปรับปรุง' and no status checkboxes",
                                 fix="export the progress report's five-column table as text "
                                 "with tabs between its columns")
    parser = _Parser(source)
    indicators = parser.parse()
    if not indicators:
        raise InputError(source.path, "no indicator heading (ตัวชี้วัดที่ …) in a tab-separated "
                         "table", fix="export the progress report table as text with tabs "
                         "between its five columns")
    title, agency, plan_year, report_date, raw_date, date_line, weekday = \
        _preamble_facts(parser.preamble)
    return PlanReport(path=source.path, sha256=source.sha256, encoding=source.encoding,
                      title=title, agency=agency, plan_year=plan_year, report_date=report_date,
                      report_date_raw=raw_date, report_date_line=date_line, weekday=weekday,
                      indicators=indicators, notes=parser.notes, preamble=parser.preamble)


MEASURE_COLUMNS = ("id", "indicator", "number", "text", "period", "period_status", "period_start",
                   "period_end", "owners", "status", "ticked", "narrative", "oit_items", "shared",
                   "line")


def measure_record(m: Measure) -> dict[str, Any]:
    """One measure as plain fields (the JSON of ``ita-audit plan`` and the TSV columns)."""
    return {"id": m.id, "indicator": m.indicator, "number": m.number, "text": m.text,
            "steps": list(m.steps), "period": m.period.raw, "period_status": m.period.status,
            "period_start": m.period.start, "period_end": m.period.end,
            "owners": list(m.owners), "status": m.status, "ticked": list(m.ticked),
            "narrative": m.narrative, "oit_items": list(m.oit_items),
            "shared": list(m.shared), "line": m.line}


def _tsv_cell(value: Any) -> str:
    """A TSV cell: lists joined with ``; ``, dates ISO, None empty, no tabs or newlines."""
    if isinstance(value, list):
        value = "; ".join(value)
    elif isinstance(value, date):
        value = value.isoformat()
    text = "" if value is None else str(value)
    return text.replace("\t", " ").replace("\n", " ")


def write_measures(report: PlanReport, path: Path) -> Path:
    """Save every measure as a TSV (the normalised input of ``data/agencies/<agency>/<year>/``),
    one row per measure, dates ISO, lists joined with ``; ``; written atomically."""

    rows = ["\t".join(MEASURE_COLUMNS)]
    for m in report.measures:
        record = measure_record(m)
        rows.append("\t".join(_tsv_cell(record[column]) for column in MEASURE_COLUMNS))
    return atomic_write_text(path, "\n".join(rows) + "\n")
