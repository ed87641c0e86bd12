"""Authoring criteria files: scaffold a new year from an existing one, check a file (schema,
file name, crosswalks beside it) and list a year's items with their rules.

The command line (``ita-audit criteria new|check|show``) is a thin layer over
:func:`scaffold`, :func:`check_file` and :func:`show_document`; ``docs/criteria.md`` is the
auditor's guide to the schema and this workflow.

Scaffold (``criteria new --year Y --from X``): the parsed YAML of ``ita-X.yaml`` (not the frozen
model, so key order and every optional key survive) with

* ``fiscal_year: Y``, ``status: provisional``, ``source`` naming ``ita-X.yaml`` and its SHA-256,
  and a first note saying it is a scaffold;
* every item ``to_check: true``, ``source: "scaffold from ita-X.yaml: check against the NACC
  manual of Y"`` and ``confidence: low``;
* ``period.year`` of every item moved by ``Y - X``;
* in the title and in every item's description, elements and ``period.text``, each four-digit
  Buddhist-era year ``v`` (Arabic or Thai digits) with ``X - 2 <= v <= X + 1`` replaced by
  ``v + (Y - X)`` in the same digits. Years outside that window, such as the year of a law
  (พ.ร.บ. … พ.ศ. 2560), are kept; so are notes, exceptions, parts, data_file and ratings texts
  (notes record where the wording came from).

Everything else (indicators, groups, aggregation, grades, ratings, weights, pass labels, item
ids, names, elements, exceptions, parts, data files) is copied as it is.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ita_audit.criteria.crosswalk import SCHEMA as CROSSWALK_SCHEMA
from ita_audit.criteria.crosswalk import crosswalk_years, load_crosswalk
from ita_audit.criteria.document_kinds import SCHEMA as DOCUMENT_KINDS_SCHEMA
from ita_audit.criteria.files import (
    CRITERIA_TEXT,
    available_years,
    criteria_file,
    criteria_folder,
    load_criteria,
    load_criteria_file,
    looks_like_criteria_text,
)
from ita_audit.criteria.model import Criteria, CriteriaItem
from ita_audit.criteria.schema import SCHEMA, CriteriaValidator
from ita_audit.errors import CriteriaError, WrongDocumentError
from ita_audit.thai import fiscal_year_problem, to_arabic_digits, to_thai_digits
from ita_audit.util.atomic import atomic_write_text
from ita_audit.util.paths import relative
from ita_audit.util.sources import decode_utf8, load_yaml

#: ``ita-<year>.yaml``: the name a criteria file must have for ``load_criteria``.
CRITERIA_NAME = re.compile(r"^ita-([0-9]{4})\.yaml\Z")
#: Years shifted by a scaffold: from two years before the source year to one year after it.
SHIFT_BEFORE, SHIFT_AFTER = 2, 1
#: The confidence of every scaffold item.
SCAFFOLD_CONFIDENCE = "low"

_FOUR_DIGITS = re.compile(r"(?<![0-9\u0e50-\u0e59])([0-9\u0e50-\u0e59]{4})(?![0-9\u0e50-\u0e59])")
_OTHER_SCHEMAS = {
    CROSSWALK_SCHEMA: "a crosswalk between two years' items",
    DOCUMENT_KINDS_SCHEMA: "a document-kinds file",
    "ita-element-synonyms/1": "the element synonyms",
    "ita-policy-topics/1": "the policy topic list",
}
_PROJECT_SCHEMA = re.compile(r"^ita-[a-z0-9-]+/[0-9]+\Z")     # a data file of this project
_EXPECTED = f"a criteria file (schema: {SCHEMA})"


def scaffold_source(year: int, from_year: int) -> str:
    """The ``source`` every item of the scaffold of ``year`` names."""
    return f"scaffold from ita-{from_year}.yaml: check against the NACC manual of {year}"


# ── the scaffold ─────────────────────────────────────────────────────────────────────────────

@dataclass(frozen=True)
class Scaffold:
    """What ``criteria new`` wrote."""

    path: Path
    year: int
    from_year: int
    items: int


def shift_years(text: str, shift: int, lowest: int, highest: int) -> str:
    """``text`` with every four-digit year ``lowest <= v <= highest`` (Arabic or Thai digits,
    not part of a longer number) replaced by ``v + shift``, written in the same digits."""
    def replace(match: re.Match[str]) -> str:
        digits = match.group(1)
        arabic = to_arabic_digits(digits)
        value = int(arabic)
        if not lowest <= value <= highest:
            return digits
        moved = str(value + shift)
        return to_thai_digits(moved) if arabic != digits else moved
    return _FOUR_DIGITS.sub(replace, text)


def check_year(year: int, option: str) -> int:
    """A Buddhist-era fiscal year (:func:`ita_audit.thai.fiscal_year_problem`, the rule every
    command applies); a Gregorian year is an error saying the BE."""
    problem = fiscal_year_problem(year)
    if problem is not None:
        raise CriteriaError(None, problem[0], where=option, fix=problem[1])
    return year


def scaffold(year: int, from_year: int, out: Path | None = None, *, force: bool = False,
             criteria_dir: Path | None = None) -> Scaffold:
    """Write the scaffold of ``year`` built from ``from_year``'s criteria file (module
    docstring) to ``out`` (default ``<criteria folder>/ita-<year>.yaml``), atomically.

    An existing ``out`` is replaced only with ``force``. The text is validated as a criteria
    file of ``year`` before anything is written."""
    check_year(year, "--year")
    check_year(from_year, "--from")
    if year == from_year:
        raise CriteriaError(None, f"--year and --from are both {year}", where="--from",
                            fix="scaffold a new year from an existing one, e.g. "
                            f"--year {year + 1} --from {year}")
    folder = criteria_folder(criteria_dir)
    source_path = criteria_file(from_year, folder)
    if not source_path.is_file():
        years = ", ".join(map(str, available_years(folder))) or "none"
        raise CriteriaError(relative(source_path), f"no criteria of {from_year} to scaffold "
                            f"from (available: {years})", where="--from",
                            fix="give --from one of the available years")
    out = Path(out) if out is not None else criteria_file(year, folder)
    named = CRITERIA_NAME.match(out.name)
    if named and int(named.group(1)) != year:
        raise CriteriaError(relative(out), f"the file name says {named.group(1)} but the "
                            f"scaffold is for {year}", where="--out",
                            fix=f"name it ita-{year}.yaml")
    if out.exists() and not force:
        raise CriteriaError(relative(out), "already exists",
                            fix="choose another --out, or add --force to replace it")
    load_criteria(from_year, folder)                 # never scaffold from a broken file
    data = source_path.read_bytes()
    shown = relative(source_path)
    document = load_yaml(decode_utf8(data, shown, CriteriaError), shown, error=CriteriaError)
    built = scaffold_document(document, year, from_year, relative(source_path),
                              hashlib.sha256(data).hexdigest())
    text = scaffold_header(year, from_year, shown) + dump_document(built)
    parsed = load_yaml(text, relative(out), error=CriteriaError)
    criteria = CriteriaValidator(relative(out)).criteria(
        parsed, out.resolve(), hashlib.sha256(text.encode("utf-8")).hexdigest())
    atomic_write_text(out, text)
    return Scaffold(out, year, from_year, len(criteria.items))


def scaffold_document(document: dict[str, Any], year: int, from_year: int, source_file: str,
                      source_sha256: str) -> dict[str, Any]:
    """The scaffold of ``year`` as plain data, from the parsed criteria of ``from_year``
    (key order kept; the argument is not changed)."""
    shift = year - from_year
    low, high = from_year - SHIFT_BEFORE, from_year + SHIFT_AFTER

    def moved(text: Any) -> Any:
        return shift_years(text, shift, low, high) if isinstance(text, str) else text

    note = (f"โครงร่างปี {year} สร้างจาก ita-{from_year}.yaml ด้วย 'ita-audit criteria new': "
            f"ทุกข้อยังไม่ได้ตรวจกับคู่มือการประเมิน ITA ปี {year} ของ ป.ป.ช. (to_check: true)")
    replaced = {
        "fiscal_year": year,
        "title": moved(document["title"]),
        "status": "provisional",
        "source": {"file": source_file, "sha256": source_sha256},
        "notes": [note, *(document.get("notes") or [])],
        "items": [scaffold_item(item, year, from_year, moved) for item in document["items"]],
    }
    return _with(document, replaced, after="source")


def scaffold_item(item: dict[str, Any], year: int, from_year: int,
                  moved: Callable[[Any], Any]) -> dict[str, Any]:
    """One item of the scaffold: years moved, source/confidence/to_check set."""
    replaced: dict[str, Any] = {
        "description": [moved(line) for line in item["description"]],
        "elements": [moved(line) for line in item["elements"]],
        "source": scaffold_source(year, from_year),
        "confidence": SCAFFOLD_CONFIDENCE,
        "to_check": True,
    }
    period = item.get("period")
    if isinstance(period, dict):
        replaced["period"] = {**period, "year": period["year"] + (year - from_year),
                              "text": moved(period["text"])}
    return _with(item, replaced, after="exceptions")


def _with(original: dict[str, Any], replaced: dict[str, Any], after: str) -> dict[str, Any]:
    """``original`` with the values of ``replaced`` in place of its own, in its key order; keys
    it lacks come right after ``after`` (or at the end)."""
    missing = {k: v for k, v in replaced.items() if k not in original}
    result: dict[str, Any] = {}
    for key, value in original.items():
        result[key] = replaced.get(key, value)
        if key == after:
            result.update(missing)
            missing = {}
    result.update(missing)
    return result


def dump_document(document: dict[str, Any]) -> str:
    """YAML for a criteria document: block style, Unicode as is, key order kept, a blank line
    before each item (only when the text still parses to the same document)."""
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=1000)
    spaced = re.sub(r"(?m)^(- id: O[0-9]+)$", r"\n\1", text)
    spaced = re.sub(r"(?m)^(indicators|aggregation|ita_weights|grades|ratings|pass_labels|"
                    r"items|notes):", r"\n\1:", spaced).replace("items:\n\n- id", "items:\n- id")
    try:
        same = yaml.safe_load(spaced) == document
    except yaml.YAMLError:
        same = False
    return spaced if same else text


def scaffold_header(year: int, from_year: int, source: str) -> str:
    """The comment at the top of a scaffold: what it is and what must be checked."""
    shift = year - from_year
    low, high = from_year - SHIFT_BEFORE, from_year + SHIFT_AFTER
    lines = [
        f"ITA {year} — OIT criteria, SCAFFOLD (status: provisional). Written by",
        f"`ita-audit criteria new --year {year} --from {from_year}` from {source}.",
        f"Nothing in it comes from the NACC manual of {year} yet. Schema and workflow:",
        "docs/criteria.md.",
        "",
        "What the scaffold changed: fiscal_year, status, source and a first note; in every",
        f"item period.year ({shift:+d}), source, confidence: {SCAFFOLD_CONFIDENCE} and to_check:",
        "true; in the title and every item's description, elements and period.text, each",
        f"year {low}..{high} by {shift:+d} (other years, such as a law's พ.ศ. 2560, are kept).",
        "",
        f"Check against the NACC manual of {year}, item by item:",
        "- the items: ids O1..On in the manual's order, names, groups, sub_indicator; add, drop,",
        "  merge (parts) or split items where the manual differs, numbering O1..On again;",
        "- description and elements: the manual's bullets and '(1)…(n)' lists, verbatim;",
        "- period: the rule and its year (previous_year_report is the year before), its text;",
        "- exceptions (what the agency may publish instead), parts, data_file;",
        "- when an item is checked: source: the manual's page, confidence: high, and remove",
        "  to_check: true.",
        "And for the whole file: title, indicators and sub_indicators, aggregation, grades or",
        "ratings, ita_weights, pass_labels. When every item is checked, write status: official",
        "and source: the manual's file and its sha256; drop the scaffold note.",
        "",
        "Then: `ita-audit criteria check <this file>`; add the crosswalk from the year before",
        f"(crosswalk-{year - 1}-{year}.yaml, or from the latest earlier year with criteria) and,",
        f"if the OIT engine should tell document kinds, document-kinds-{year}.yaml.",
    ]
    return "".join(f"# {line}".rstrip() + "\n" for line in lines) + "\n"


# ── checking a file ──────────────────────────────────────────────────────────────────────────

@dataclass(frozen=True)
class CheckResult:
    """A criteria file that passed every check."""

    shown: str
    criteria: Criteria
    crosswalks: tuple[tuple[int, int], ...]          # checked, (from, to)
    skipped: tuple[tuple[int, int, int], ...]        # (from, to, the year without a file)
    named: bool = True                # named ita-<year>.yaml, as audits look criteria up

    def text(self) -> str:
        """The one line ``criteria check`` prints."""
        criteria = self.criteria
        to_check = sum(item.to_check for item in criteria.items)
        count = f"{len(criteria.items)} items" + (f" ({to_check} to_check)" if to_check else "")
        walks = (f"crosswalks {', '.join(f'{a}->{b}' for a, b in self.crosswalks)} checked"
                 if self.crosswalks else "no crosswalk to check")
        line = f"ok: {self.shown}: {count}, status {criteria.status}, {walks}"
        if self.skipped:
            line += "; not checked: " + ", ".join(
                f"crosswalk-{a}-{b}.yaml (no ita-{missing}.yaml)" for a, b, missing in self.skipped)
        if not self.named:
            year = self.criteria.fiscal_year
            line += (f"; not named ita-{year}.yaml, so no audit reads it and its crosswalks "
                     f"were not looked for: save it as data/criteria/ita-{year}.yaml")
        return line


def check_file(path: Path) -> CheckResult:
    """Check one criteria file: it is a criteria document, it validates, its file name (when
    ``ita-<year>.yaml``) matches ``fiscal_year``, and every crosswalk beside it that names its
    year, whose other year has a criteria file there too, validates against both years.
    The first problem raises :class:`CriteriaError` (or :class:`WrongDocumentError`)."""
    path = Path(path)
    shown = relative(path)
    if path.is_dir():
        raise CriteriaError(shown, "is a folder, not a criteria file",
                            fix="name the file, e.g. data/criteria/ita-2568.yaml")
    if not path.is_file():
        raise CriteriaError(shown, "file not found", fix="check the path")
    identify(path.read_bytes(), shown)
    criteria = load_criteria_file(path)
    named = CRITERIA_NAME.match(path.name)
    if named is None:
        return CheckResult(shown, criteria, (), (), named=False)
    if int(named.group(1)) != criteria.fiscal_year:
        raise CriteriaError(shown, f"declares {criteria.fiscal_year} but the file name says "
                            f"{named.group(1)}", where="fiscal_year",
                            fix="make fiscal_year match the file name, or rename the file")
    folder = path.parent
    year = criteria.fiscal_year
    checked, skipped = [], []
    for from_year, to_year in crosswalk_years(folder):
        if year not in (from_year, to_year):
            continue
        other = to_year if from_year == year else from_year
        if not criteria_file(other, folder).is_file():
            skipped.append((from_year, to_year, other))
            continue
        load_crosswalk(from_year, to_year, folder)
        checked.append((from_year, to_year))
    return CheckResult(shown, criteria, tuple(checked), tuple(skipped))


def identify(data: bytes, shown: str) -> None:
    """Raise when the bytes are not a criteria document: not UTF-8, the NACC criteria text,
    not YAML (a file naming the criteria schema gets the line of its syntax error instead),
    empty, not a mapping, another ``ita-…/n`` schema of this project, or a mapping with neither
    ``schema`` nor ``items``."""
    text = decode_utf8(data, shown, CriteriaError)
    fix = "name a criteria file, data/criteria/ita-<year>.yaml (docs/criteria.md)"
    if looks_like_criteria_text(text):
        raise WrongDocumentError(shown, _EXPECTED, "", looks_like=CRITERIA_TEXT,
                                 fix="transcribe it into ita-<year>.yaml (docs/criteria.md)")
    try:
        document = load_yaml(text, shown, error=CriteriaError)
    except CriteriaError as err:
        if SCHEMA in text:                           # a criteria file with a typo: its line
            raise
        raise WrongDocumentError(shown, _EXPECTED, f"not YAML: {err.where}: {err.problem}",
                                 fix=fix) from None
    if document is None:
        raise CriteriaError(shown, "the file is empty", fix=fix)
    if not isinstance(document, dict):
        raise WrongDocumentError(shown, _EXPECTED, "its YAML is not a mapping of keys such as "
                                 "schema, fiscal_year and items", fix=fix)
    schema = document.get("schema")
    if (isinstance(schema, str) and _PROJECT_SCHEMA.match(schema)
            and not schema.startswith("ita-criteria/")):
        what = _OTHER_SCHEMAS.get(schema, f"a {schema.split('/')[0].removeprefix('ita-')} file")
        raise CriteriaError(shown, f"this is {what} (schema {schema}), not a criteria file "
                            f"({SCHEMA})", where="schema",
                            fix="check the criteria file ita-<year>.yaml; `criteria check` "
                            "validates the crosswalks beside it")
    if "schema" not in document and "items" not in document:
        raise WrongDocumentError(shown, _EXPECTED, f"no 'schema: {SCHEMA}' and no items",
                                 fix=fix)


# ── listing a year ───────────────────────────────────────────────────────────────────────────

def item_rules(item: CriteriaItem) -> list[str]:
    """What an item requires, in this order (each only when the item has it):
    ``period:<rule> <year>`` (``min_years=<n>`` appended for plan_covering with n > 1),
    ``elements:<count>``, ``exceptions:<id>,…``, ``parts:<id>,…`` (`` dated=<id>,…`` appended
    when the period rule holds for those parts' documents on their own),
    ``data_file:<format>,…`` (`` missing=fail`` appended when a missing file fails the item),
    ``to_check``."""
    rules = []
    if item.period is not None:
        rule = f"period:{item.period.rule} {item.period.year}"
        if item.period.min_years > 1:
            rule += f" min_years={item.period.min_years}"
        rules.append(rule)
    if item.elements:
        rules.append(f"elements:{len(item.elements)}")
    if item.exceptions:
        rules.append("exceptions:" + ",".join(ex.id for ex in item.exceptions))
    if item.parts:
        rule = "parts:" + ",".join(part.id for part in item.parts)
        if any(part.dated for part in item.parts):
            rule += " dated=" + ",".join(part.id for part in item.parts if part.dated)
        rules.append(rule)
    if item.data_file is not None:
        rule = "data_file:" + ",".join(item.data_file.formats)
        if item.data_file.missing != "review":
            rule += f" missing={item.data_file.missing}"
        rules.append(rule)
    if item.to_check:
        rules.append("to_check")
    return rules


def show_document(criteria: Criteria) -> dict[str, Any]:
    """``{"year", "status", "items": [{"item", "name", "group", "rules"}]}`` of a year."""
    return {"year": criteria.fiscal_year, "status": criteria.status,
            "items": [{"item": item.id, "name": item.name, "group": item.group,
                       "rules": item_rules(item)} for item in criteria.items]}
