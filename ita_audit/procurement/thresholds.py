"""The rules file of the procurement audit (``data/criteria/procurement-rules.yaml``): the
thresholds of the Act and this project's own, the phrases that state an exception, the values
each layout requires and the severity of every case of every check, each with its source and
confidence. Validated key by key on load: any problem raises a
:class:`~ita_audit.errors.CriteriaError` naming the file, the key path and the fix.
"""
from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ita_audit.criteria.files import CRITERIA_DIR
from ita_audit.errors import CriteriaError
from ita_audit.findings import SEVERITIES
from ita_audit.procurement.columns import ALIASES, LAYOUTS
from ita_audit.procurement.rules import CHECKS
from ita_audit.util.paths import relative
from ita_audit.util.sources import decode_utf8, load_yaml

RULES_FILE: Path = CRITERIA_DIR / "procurement-rules.yaml"
SCHEMA = "ita-procurement-rules/1"
CONFIDENCES = ("high", "medium", "low")

#: Fields of the normalised table that a required-values list may name.
ROW_FIELDS = frozenset(ALIASES) - {"supplier_and_price", "contract_no_date"}

# Threshold key -> the kind of value it holds (how it is validated).
_THRESHOLDS: Mapping[str, str] = MappingProxyType({
    "specific_method_limit": "amount", "no_contract_limit": "amount", "split_threshold": "amount",
    "split_window_days": "days", "year_end_months": "months", "year_end_share_warning": "share",
    "vendor_top_share_warning": "share", "vendor_hhi_warning": "hhi", "price_tolerance": "amount",
})
_TOP_KEYS = ("schema", "title", "act", "note", "thresholds", "phrases", "required_fields", "checks")
_THAI_CLAUSES = frozenset("กคงจฉชซ")


@dataclass(frozen=True)
class Thresholds:
    """The validated rules file. Amounts are in baht, shares in 0–1, the HHI on 0–10,000."""

    path: Path
    sha256: str
    act: str
    note: str
    specific_method_limit: float
    no_contract_limit: float
    split_threshold: float
    split_window_days: int
    year_end_months: tuple[int, ...]
    year_end_share_warning: float
    vendor_top_share_warning: float
    vendor_hhi_warning: float
    price_tolerance: float
    exception_phrases: Mapping[str, tuple[str, ...]]     # clause (ก, ค…) -> phrases
    exception_citation: re.Pattern[str]
    not_awarded_phrases: tuple[str, ...]
    not_awarded_exempt: frozenset[str]
    split_numbering: tuple[str, ...]
    split_ignore_words: frozenset[str]
    required_fields: Mapping[str, Mapping[str, tuple[str, ...]]]   # layout -> level -> fields
    severities: Mapping[str, Mapping[str, str]]                    # check -> case -> severity
    sources: Mapping[str, str]                # threshold key, phrase list or check id -> source
    confidence: Mapping[str, str]             # threshold key or phrase list -> confidence

    def severity(self, check: str, case: str) -> str:
        """The severity the rules give one case of a check (``duplicate``, ``same_row``)."""
        return self.severities[check][case]

    def all_exception_phrases(self) -> tuple[str, ...]:
        """Every exception phrase, spaces removed, longest first."""
        phrases = {re.sub(r"\s+", "", p) for group in self.exception_phrases.values()
                   for p in group}
        return tuple(sorted(phrases, key=lambda p: (-len(p), p)))

    def describe(self) -> list[dict[str, Any]]:
        """Every threshold with its value, source and confidence (for the record)."""
        return [{"key": key, "value": getattr(self, key), "source": self.sources.get(key, ""),
                 "confidence": self.confidence.get(key, "")} for key in _THRESHOLDS]


class _Validator:
    """Checks the parsed rules document; every failure is a :class:`CriteriaError`."""

    def __init__(self, shown: str) -> None:
        self.shown = shown

    def fail(self, where: str, problem: str, fix: str) -> CriteriaError:
        return CriteriaError(self.shown, problem, where=where, fix=fix)

    def mapping(self, value: Any, where: str, keys: tuple[str, ...] | None = None,
                optional: tuple[str, ...] = ()) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"must be a mapping, got {type(value).__name__}",
                            "write it as 'key: value' lines")
        if keys is not None:
            missing = [k for k in keys if k not in value]
            extra = [str(k) for k in value if k not in keys and k not in optional]
            if missing:
                raise self.fail(where, f"missing key(s): {', '.join(missing)}",
                                "add them (see the shipped procurement-rules.yaml)")
            if extra:
                raise self.fail(where, f"unknown key(s): {', '.join(extra)}",
                                f"use only {', '.join((*keys, *optional))}")
        return value

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, "must be a non-empty text", "write the text")
        return value.strip()

    def texts(self, value: Any, where: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            raise self.fail(where, "must be a non-empty list", "write it as [a, b, …]")
        return tuple(self.text(v, f"{where}[{i}]") for i, v in enumerate(value))

    def number(self, value: Any, where: str, kind: str) -> Any:
        if kind == "months":
            if (not isinstance(value, list) or not value or
                    any(not isinstance(m, int) or isinstance(m, bool) or not 1 <= m <= 12
                        for m in value)):
                raise self.fail(where, f"must be a list of month numbers 1-12, got {value!r}",
                                "write e.g. [8, 9]")
            return tuple(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise self.fail(where, f"must be a number, got {value!r}", "write a number")
        if kind == "days" and (not isinstance(value, int) or value < 1):
            raise self.fail(where, f"must be a whole number of days >= 1, got {value!r}",
                            "write e.g. 30")
        if kind == "share" and not 0 < value <= 1:
            raise self.fail(where, f"must be a share between 0 and 1, got {value!r}",
                            "write e.g. 0.5 for half")
        if kind == "hhi" and not 0 < value <= 10000:
            raise self.fail(where, f"must be an HHI between 0 and 10000, got {value!r}",
                            "write e.g. 2500")
        if kind == "amount" and value < 0:
            raise self.fail(where, f"must not be negative, got {value!r}", "write an amount")
        return int(value) if kind == "days" else float(value)

    def confidence(self, value: Any, where: str) -> str:
        if value not in CONFIDENCES:
            raise self.fail(where, f"must be one of {', '.join(CONFIDENCES)}, got {value!r}",
                            "say how sure the source is")
        return str(value)


def _thresholds(v: _Validator, doc: dict[str, Any], out: dict[str, Any]) -> None:
    block = v.mapping(doc["thresholds"], "thresholds", tuple(_THRESHOLDS))
    for key, kind in _THRESHOLDS.items():
        where = f"thresholds.{key}"
        entry = v.mapping(block[key], where, ("value", "source", "confidence"), ("unit",))
        out[key] = v.number(entry["value"], f"{where}.value", kind)
        out["sources"][key] = v.text(entry["source"], f"{where}.source")
        out["confidence"][key] = v.confidence(entry["confidence"], f"{where}.confidence")


def _phrases(v: _Validator, doc: dict[str, Any], out: dict[str, Any]) -> None:
    block = v.mapping(doc["phrases"], "phrases",
                      ("specific_exceptions", "not_awarded", "split_ignore"))
    exc = v.mapping(block["specific_exceptions"], "phrases.specific_exceptions",
                    ("source", "confidence", "citation_pattern", "by_clause"))
    clauses = v.mapping(exc["by_clause"], "phrases.specific_exceptions.by_clause")
    for clause in clauses:
        if clause not in _THAI_CLAUSES:
            raise v.fail(f"phrases.specific_exceptions.by_clause.{clause}",
                         "is not an exception clause of มาตรา 56 วรรคหนึ่ง (2)",
                         "use ก, ค, ง, จ, ฉ, ช or ซ ((ข) is the value limit itself)")
    out["exception_phrases"] = MappingProxyType({
        str(c): v.texts(p, f"phrases.specific_exceptions.by_clause.{c}")
        for c, p in clauses.items()})
    pattern = v.text(exc["citation_pattern"], "phrases.specific_exceptions.citation_pattern")
    try:
        out["exception_citation"] = re.compile(pattern)
    except re.error as err:
        raise v.fail("phrases.specific_exceptions.citation_pattern",
                     f"is not a regular expression: {err}", "fix the pattern") from None
    out["sources"]["specific_exceptions"] = v.text(exc["source"],
                                                   "phrases.specific_exceptions.source")
    out["confidence"]["specific_exceptions"] = v.confidence(
        exc["confidence"], "phrases.specific_exceptions.confidence")
    award = v.mapping(block["not_awarded"], "phrases.not_awarded",
                      ("source", "confidence", "status_phrases", "exempt"))
    out["not_awarded_phrases"] = v.texts(award["status_phrases"],
                                         "phrases.not_awarded.status_phrases")
    exempt = v.texts(award["exempt"], "phrases.not_awarded.exempt")
    _known_fields(v, exempt, "phrases.not_awarded.exempt")
    out["not_awarded_exempt"] = frozenset(exempt)
    out["sources"]["not_awarded"] = v.text(award["source"], "phrases.not_awarded.source")
    out["confidence"]["not_awarded"] = v.confidence(award["confidence"],
                                                    "phrases.not_awarded.confidence")
    split = v.mapping(block["split_ignore"], "phrases.split_ignore",
                      ("source", "confidence", "numbering", "words"))
    out["split_numbering"] = tuple(sorted(v.texts(split["numbering"],
                                                  "phrases.split_ignore.numbering"),
                                          key=len, reverse=True))
    out["split_ignore_words"] = frozenset(v.texts(split["words"], "phrases.split_ignore.words"))
    out["sources"]["split_ignore"] = v.text(split["source"], "phrases.split_ignore.source")
    out["confidence"]["split_ignore"] = v.confidence(split["confidence"],
                                                     "phrases.split_ignore.confidence")


def _known_fields(v: _Validator, fields: tuple[str, ...], where: str) -> None:
    for index, field in enumerate(fields):
        if field not in ROW_FIELDS:
            raise v.fail(f"{where}[{index}]", f"unknown field {field!r}",
                         f"use one of {', '.join(sorted(ROW_FIELDS))}")


def _required(v: _Validator, doc: dict[str, Any], out: dict[str, Any]) -> None:
    block = v.mapping(doc["required_fields"], "required_fields", LAYOUTS)
    required: dict[str, Mapping[str, tuple[str, ...]]] = {}
    for layout in LAYOUTS:
        levels = v.mapping(block[layout], f"required_fields.{layout}", ("core", "secondary"))
        for level in ("core", "secondary"):
            _known_fields(v, v.texts(levels[level], f"required_fields.{layout}.{level}"),
                          f"required_fields.{layout}.{level}")
        required[layout] = MappingProxyType({lvl: tuple(levels[lvl]) for lvl in levels})
    out["required_fields"] = MappingProxyType(required)


def _checks(v: _Validator, doc: dict[str, Any], out: dict[str, Any]) -> None:
    block = v.mapping(doc["checks"], "checks", tuple(CHECKS))
    severities: dict[str, Mapping[str, str]] = {}
    for check, rule in CHECKS.items():
        where = f"checks.{check}"
        entry = v.mapping(block[check], where, ("severity", "source"))
        cases = v.mapping(entry["severity"], f"{where}.severity")
        if not cases:
            raise v.fail(f"{where}.severity", "names no case", "give each case a severity")
        for case, severity in cases.items():
            if severity not in SEVERITIES or severity not in rule.severity:
                raise v.fail(f"{where}.severity.{case}",
                             f"severity {severity!r} is not one the check declares",
                             f"use one of {', '.join(rule.severity)} (rules.py)")
        severities[check] = MappingProxyType({str(k): str(s) for k, s in cases.items()})
        out["sources"][check] = v.text(entry["source"], f"{where}.source")
    out["severities"] = MappingProxyType(severities)


_CASES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "required_field": ("core", "secondary"), "amount": ("unreadable",),
    "date_order": ("month_first", "mixed"),
    "price_above_budget": ("above",), "price_above_reference": ("above",),
    "reference_above_budget": ("above",), "method_threshold": ("above_limit",),
    "no_contract_threshold": ("no_contract",), "split_purchase": ("group",),
    "tax_id": ("length", "check_digit"), "duplicate": ("same_row", "same_project"),
    "contract_dates": ("end_before_start", "outside_year"), "fiscal_year": ("other_year", "sheet_year"),
    "month_missing": ("missing", "unknown"), "month_statement": ("with_rows",),
    "year_end_specific": ("within", "above"),
    "vendor_concentration": ("within", "above"), "sheet_skipped": ("skipped",),
})


def parse_thresholds(doc: Any, shown: str, path: Path, sha256: str) -> Thresholds:
    """Validate a parsed rules document and build :class:`Thresholds`."""
    v = _Validator(shown)
    doc = v.mapping(doc, "(top level)", _TOP_KEYS)
    if doc["schema"] != SCHEMA:
        raise v.fail("schema", f"unknown schema {doc['schema']!r}", f"write '{SCHEMA}'")
    out: dict[str, Any] = {"sources": {}, "confidence": {}}
    _thresholds(v, doc, out)
    _phrases(v, doc, out)
    _required(v, doc, out)
    _checks(v, doc, out)
    for check, cases in _CASES.items():
        missing = [c for c in cases if c not in out["severities"][check]]
        if missing:
            raise v.fail(f"checks.{check}.severity", f"missing case(s): {', '.join(missing)}",
                         f"give a severity to each of {', '.join(cases)}")
    return Thresholds(path=path, sha256=sha256, act=v.text(doc["act"], "act"),
                      note=v.text(doc["note"], "note"),
                      sources=MappingProxyType(out.pop("sources")),
                      confidence=MappingProxyType(out.pop("confidence")), **out)


def load_thresholds(path: str | Path | None = None) -> Thresholds:
    """Read and validate the rules file (default: ``data/criteria/procurement-rules.yaml``);
    a missing, unreadable or invalid file raises :class:`CriteriaError` with the key path."""
    target = Path(path) if path is not None else RULES_FILE
    try:
        stat = target.stat()
    except OSError as err:
        raise CriteriaError(relative(target), f"cannot be read: {err.strerror or err}",
                            fix="give the path of a procurement rules file") from None
    return _load(target.resolve(), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int, size: int) -> Thresholds:
    """:func:`load_thresholds`, memoised while the file is unchanged."""
    shown = relative(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CriteriaError(shown, f"cannot be read: {err.strerror or err}",
                            fix="give the path of a procurement rules file") from None
    doc = load_yaml(decode_utf8(data, shown, CriteriaError), shown, error=CriteriaError)
    return parse_thresholds(doc, shown, path, hashlib.sha256(data).hexdigest())
