"""The schema of a criteria file (``ita-criteria/1``), checked key by key: every problem is a
:class:`~ita_audit.errors.CriteriaError` naming the file, the key path and the fix.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ita_audit.criteria.model import (
    CONFIDENCES,
    DATA_FILE_MISSING,
    PERIOD_RULES,
    STATUSES,
    Criteria,
    CriteriaItem,
    DataFileRule,
    ExceptionRule,
    Indicator,
    Part,
    PeriodRule,
    RatingLabel,
    Ratings,
    SubIndicator,
)
from ita_audit.errors import CriteriaError

SCHEMA = "ita-criteria/1"
AGGREGATION_METHODS = ("mean",)
_ITEM_ID = re.compile(r"^O[1-9][0-9]*\Z")
# "ตามข้อ O42", "ในข้อ O11", and the seeds' "ข้อ 034" (a zero for the letter O)
_ITEM_REFERENCE = re.compile(r"ข้อ\s*[O0]([1-9][0-9]?)(?![0-9])")
_SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*\Z")
_SHA256 = re.compile(r"^[0-9a-f]{64}\Z")

_TOP_KEYS = ("schema", "fiscal_year", "tool", "title", "status", "source", "indicators",
             "aggregation", "ita_weights", "grades", "items")
_TOP_OPTIONAL = ("pass_labels", "ratings", "notes")
_ITEM_KEYS = ("id", "name", "group", "sub_indicator", "description", "elements", "period",
              "exceptions", "notes")
_ITEM_OPTIONAL = ("source", "confidence", "parts", "data_file", "to_check")
_FORMAT = re.compile(r"^[a-z0-9]{2,5}\Z")


# ── validation ───────────────────────────────────────────────────────────────────────────────

def _freeze(value: Any) -> Any:
    """A read-only deep copy: dicts become mapping proxies, lists become tuples."""
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def _is_number(value: Any) -> bool:
    """True for ints and finite floats (not bools)."""
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


class CriteriaValidator:
    """Checks a parsed criteria document; every failure is a :class:`CriteriaError`."""

    def __init__(self, shown: str) -> None:
        self.shown = shown

    def fail(self, where: str, problem: str, fix: str) -> CriteriaError:
        """An error for ``where`` (a key path) in this file."""
        return CriteriaError(self.shown, problem, where=where, fix=fix)

    # generic shape checks ------------------------------------------------------------------

    def mapping(self, node: Any, where: str, required: Sequence[str],
                optional: Sequence[str] = ()) -> dict[str, Any]:
        """A mapping with exactly the required keys plus any of the optional ones."""
        if not isinstance(node, dict):
            raise self.fail(where or "<top level>", f"expected a mapping, got {_kind(node)}",
                            f"write it as 'key: value' lines with keys {', '.join(required)}")
        prefix = f"{where}." if where else ""
        for key in node:
            if key not in required and key not in optional:
                allowed = ", ".join([*required, *optional])
                raise self.fail(f"{prefix}{key}", f"unknown key {key!r}",
                                f"remove it or use one of: {allowed}")
        for key in required:
            if key not in node:
                raise self.fail(f"{prefix}{key}", "missing required key", f"add '{key}:'")
        return node

    def sequence(self, node: Any, where: str, *, allow_empty: bool = True) -> list[Any]:
        """A list (empty allowed unless told otherwise)."""
        if not isinstance(node, list):
            raise self.fail(where, f"expected a list, got {_kind(node)}",
                            "write it as '- entry' lines or [a, b]")
        if not allow_empty and not node:
            raise self.fail(where, "list is empty", "add at least one entry")
        return node

    def text(self, node: Any, where: str) -> str:
        """A non-empty string (quote ids such as "9.1" so YAML keeps them strings)."""
        if not isinstance(node, str):
            raise self.fail(where, f"expected text, got {_kind(node)} {node!r}",
                            "quote the value, e.g. \"9.1\"")
        if not node.strip():
            raise self.fail(where, "empty text", "write the text or remove the entry")
        return node

    def texts(self, node: Any, where: str) -> tuple[str, ...]:
        """A list of non-empty strings."""
        entries = self.sequence(node, where)
        return tuple(self.text(entry, f"{where}[{i}]") for i, entry in enumerate(entries))

    def integer(self, node: Any, where: str) -> int:
        """An int (not a bool, not a quoted number)."""
        if isinstance(node, bool) or not isinstance(node, int):
            raise self.fail(where, f"expected a whole number, got {_kind(node)} {node!r}",
                            "write a year such as 2566 without quotes")
        return node

    def number(self, node: Any, where: str) -> float:
        """An int or finite float."""
        if not _is_number(node):
            raise self.fail(where, f"expected a number, got {_kind(node)} {node!r}",
                            "write a number such as 85")
        return node

    # sections --------------------------------------------------------------------------------

    def criteria(self, document: Any, path: Path, sha256: str) -> Criteria:
        """The whole document."""
        top = self.mapping(document, "", _TOP_KEYS, _TOP_OPTIONAL)
        if top["schema"] != SCHEMA:
            raise self.fail("schema", f"unsupported schema {top['schema']!r}",
                            f"use '{SCHEMA}'")
        fiscal_year = self.integer(top["fiscal_year"], "fiscal_year")
        status = self.choice(top["status"], "status", STATUSES)
        self.source(top["source"])
        indicators = self.indicators(top["indicators"])
        subs = {sub.id: sub for ind in indicators for sub in ind.sub_indicators}
        items = self.items(top["items"], subs, fiscal_year)
        if status == "provisional":
            self.sourced(top["items"], items)
        ratings = self.ratings(top["ratings"]) if "ratings" in top else None
        grades = self.grades(top["grades"], has_ratings=ratings is not None)
        self.groups_cover(indicators, items)
        return Criteria(
            fiscal_year=fiscal_year,
            tool=self.text(top["tool"], "tool"),
            title=self.text(top["title"], "title"),
            path=path,
            sha256=sha256,
            indicators=indicators,
            items=items,
            aggregation=_freeze(self.aggregation(top["aggregation"])),
            grades=grades,
            pass_labels=_freeze(self.pass_labels(top["pass_labels"]))
            if "pass_labels" in top else (),
            ita_weights=None if top["ita_weights"] is None
            else _freeze(self.weights(top["ita_weights"])),
            status=status,
            ratings=ratings,
            notes=self.texts(top["notes"], "notes") if "notes" in top else (),
        )

    def choice(self, node: Any, where: str, allowed: Sequence[str]) -> str:
        """One of ``allowed``."""
        if node not in allowed:
            raise self.fail(where, f"{node!r} is not one of {', '.join(allowed)}",
                            f"write one of: {', '.join(allowed)}")
        return node

    def sourced(self, raw_items: list[Any], items: Sequence[CriteriaItem]) -> None:
        """A provisional file names a source and a confidence for every item."""
        for i, item in enumerate(items):
            for key in ("source", "confidence"):
                if getattr(item, key) is None:
                    raise self.fail(f"items[{i}].{key}", f"{item.id} of a provisional file has "
                                    f"no {key}", f"add '{key}:' (where the item's wording comes "
                                    "from; high, medium or low)")

    def groups_cover(self, indicators: Sequence[Indicator],
                     items: Sequence[CriteriaItem]) -> None:
        """Every declared sub-indicator has at least one item (items name theirs on load)."""
        used = {item.sub_indicator for item in items}
        for i, indicator in enumerate(indicators):
            for j, sub in enumerate(indicator.sub_indicators):
                if sub.id not in used:
                    raise self.fail(f"indicators[{i}].sub_indicators[{j}]",
                                    f"sub-indicator {sub.id} has no item",
                                    "give it an item (sub_indicator: …) or remove it")

    def source(self, node: Any) -> None:
        """``source: {file, sha256}`` of the seed text the file was built from."""
        source = self.mapping(node, "source", ("file", "sha256"))
        self.text(source["file"], "source.file")
        if not isinstance(source["sha256"], str) or not _SHA256.match(source["sha256"]):
            raise self.fail("source.sha256", "not a SHA-256 hex digest",
                            "write the 64 lower-case hex digits of `sha256sum <source file>`")

    def indicators(self, node: Any) -> tuple[Indicator, ...]:
        """Indicators and their sub-indicators; ids are unique strings."""
        result: list[Indicator] = []
        seen: set[str] = set()
        for i, entry in enumerate(self.sequence(node, "indicators", allow_empty=False)):
            where = f"indicators[{i}]"
            ind = self.mapping(entry, where, ("id", "name", "sub_indicators"))
            ind_id = self.unique(self.text(ind["id"], f"{where}.id"), seen, f"{where}.id")
            subs = self.sub_indicators(ind["sub_indicators"], f"{where}.sub_indicators",
                                       ind_id, seen)
            result.append(Indicator(ind_id, self.text(ind["name"], f"{where}.name"), subs))
        return tuple(result)

    def sub_indicators(self, node: Any, where: str, indicator: str,
                       seen: set[str]) -> tuple[SubIndicator, ...]:
        """The sub-indicators of one indicator; ids unique across all indicators."""
        result = []
        for j, entry in enumerate(self.sequence(node, where, allow_empty=False)):
            sub = self.mapping(entry, f"{where}[{j}]", ("id", "name"))
            sub_id = self.unique(self.text(sub["id"], f"{where}[{j}].id"), seen, f"{where}[{j}].id")
            result.append(SubIndicator(sub_id, self.text(sub["name"], f"{where}[{j}].name"),
                                       indicator))
        return tuple(result)

    def unique(self, value: str, seen: set[str], where: str) -> str:
        """``value``, after checking it was not seen before (and recording it)."""
        if value in seen:
            raise self.fail(where, f"duplicate id {value!r}", "give each entry its own id")
        seen.add(value)
        return value

    def items(self, node: Any, subs: Mapping[str, SubIndicator],
              fiscal_year: int) -> tuple[CriteriaItem, ...]:
        """All items: unique ids, numbered O1..On in order."""
        entries = self.sequence(node, "items", allow_empty=False)
        seen: set[str] = set()
        items = []
        for i, entry in enumerate(entries):
            item = self.item(entry, f"items[{i}]", subs, fiscal_year)
            self.unique(item.id, seen, f"items[{i}].id")
            items.append(item)
        for i, item in enumerate(items):
            if item.number != i + 1:
                raise self.fail(f"items[{i}].id", f"expected O{i + 1}, found {item.id}",
                                "number the items O1..On contiguously, in order")
        for i, item in enumerate(items):
            self.references(item, f"items[{i}]", len(items))
        return tuple(items)

    def references(self, item: CriteriaItem, where: str, count: int) -> None:
        """What an item asks for names only items of the same year ("ตามข้อ O42" copied into
        a year of 28 items points an assessor nowhere); notes may speak of other years."""
        texts = [(f"description[{j}]", t) for j, t in enumerate(item.description)]
        texts += [(f"elements[{j}]", t) for j, t in enumerate(item.elements)]
        if item.period is not None:
            texts.append(("period.text", item.period.text))
        for key, text in texts:
            for match in _ITEM_REFERENCE.finditer(text):
                if int(match.group(1)) > count:
                    raise self.fail(f"{where}.{key}", f"{item.id} refers to '{match.group()}', "
                                    f"but this year has only O1..O{count}",
                                    "name this year's item (the crosswalk gives the successor "
                                    "of an earlier year's item)")

    def item(self, node: Any, where: str, subs: Mapping[str, SubIndicator],
             fiscal_year: int) -> CriteriaItem:
        """One item."""
        raw = self.mapping(node, where, _ITEM_KEYS, _ITEM_OPTIONAL)
        item_id = self.text(raw["id"], f"{where}.id")
        if not _ITEM_ID.match(item_id):
            raise self.fail(f"{where}.id", f"bad item id {item_id!r}",
                            "write 'O' and the number without leading zeros, e.g. O4")
        sub_id = self.text(raw["sub_indicator"], f"{where}.sub_indicator")
        if sub_id not in subs:
            raise self.fail(f"{where}.sub_indicator", f"sub-indicator {sub_id!r} of {item_id} "
                            "is not declared", f"use one of: {', '.join(subs)}")
        period = raw["period"]
        raw = {**{"source": None, "confidence": None, "parts": [], "data_file": None,
                  "to_check": False}, **raw}
        return CriteriaItem(
            id=item_id,
            number=int(item_id[1:]),
            name=self.text(raw["name"], f"{where}.name"),
            group=self.text(raw["group"], f"{where}.group"),
            indicator=subs[sub_id].indicator,
            sub_indicator=sub_id,
            description=self.texts(raw["description"], f"{where}.description"),
            elements=self.texts(raw["elements"], f"{where}.elements"),
            period=None if period is None else self.period(period, f"{where}.period",
                                                           item_id, fiscal_year),
            exceptions=self.exceptions(raw["exceptions"], f"{where}.exceptions"),
            notes=self.texts(raw["notes"], f"{where}.notes"),
            source=None if raw["source"] is None else self.text(raw["source"], f"{where}.source"),
            confidence=None if raw["confidence"] is None
            else self.choice(raw["confidence"], f"{where}.confidence", CONFIDENCES),
            parts=self.parts(raw["parts"], f"{where}.parts", dated_ok=period is not None),
            data_file=None if raw["data_file"] is None
            else self.data_file(raw["data_file"], f"{where}.data_file"),
            to_check=self.flag(raw["to_check"], f"{where}.to_check"),
        )

    def flag(self, node: Any, where: str) -> bool:
        """true or false."""
        if not isinstance(node, bool):
            raise self.fail(where, f"expected true or false, got {_kind(node)} {node!r}",
                            "write true or false")
        return node

    def parts(self, node: Any, where: str, *, dated_ok: bool) -> tuple[Part, ...]:
        """Required parts of a merged item: two or more, unique snake_case ids, match words;
        ``dated: true`` on a part of an item with a period rule (``dated_ok``)."""
        entries = self.sequence(node, where)
        if len(entries) == 1:
            raise self.fail(where, "a single part", "list two or more parts, or remove 'parts'")
        seen: set[str] = set()
        result = []
        for i, entry in enumerate(entries):
            raw = self.mapping(entry, f"{where}[{i}]", ("id", "name", "match"), ("dated",))
            part_id = self.text(raw["id"], f"{where}[{i}].id")
            if not _SNAKE_CASE.match(part_id):
                raise self.fail(f"{where}[{i}].id", f"part id {part_id!r} is not snake_case",
                                "use lower-case words joined by '_', e.g. structure")
            self.unique(part_id, seen, f"{where}[{i}].id")
            match = self.texts(self.sequence(raw["match"], f"{where}[{i}].match",
                                             allow_empty=False), f"{where}[{i}].match")
            dated = self.flag(raw.get("dated", False), f"{where}[{i}].dated")
            if dated and not dated_ok:
                raise self.fail(f"{where}[{i}].dated", "a dated part of an item without a period "
                                "rule", "give the item a 'period', or remove 'dated'")
            result.append(Part(part_id, self.text(raw["name"], f"{where}[{i}].name"), match,
                               dated))
        return tuple(result)

    def data_file(self, node: Any, where: str) -> DataFileRule:
        """``{formats: [xlsx, …], text, missing: review|fail}``."""
        raw = self.mapping(node, where, ("formats", "text"), ("missing",))
        formats = self.texts(self.sequence(raw["formats"], f"{where}.formats",
                                           allow_empty=False), f"{where}.formats")
        for i, fmt in enumerate(formats):
            if not _FORMAT.match(fmt):
                raise self.fail(f"{where}.formats[{i}]", f"bad file format {fmt!r}",
                                "write a lower-case extension without the dot, e.g. xlsx")
        missing = self.choice(raw.get("missing", "review"), f"{where}.missing",
                              DATA_FILE_MISSING)
        return DataFileRule(formats, self.text(raw["text"], f"{where}.text"), missing)

    def ratings(self, node: Any) -> Ratings:
        """Verbal ratings: labels highest first (``min_total`` a number or null), whether the
        table is complete, and the EIT cap."""
        raw = self.mapping(node, "ratings", ("labels", "table", "text"), ("eit_cap",))
        labels = []
        last: float | None = None
        for i, entry in enumerate(self.sequence(raw["labels"], "ratings.labels",
                                                allow_empty=False)):
            where = f"ratings.labels[{i}]"
            label = self.mapping(entry, where, ("label", "min_total"))
            minimum = label["min_total"]
            if minimum is not None:
                minimum = self.number(minimum, f"{where}.min_total")
                if last is not None and minimum >= last:
                    raise self.fail(f"{where}.min_total", f"{minimum} is not below the "
                                    f"previous label's {last}", "list the labels highest first")
                last = minimum
            labels.append(RatingLabel(self.text(label["label"], f"{where}.label"), minimum))
        table = self.choice(raw["table"], "ratings.table", ("complete", "partial"))
        if table == "complete" and any(r.min_total is None for r in labels):
            raise self.fail("ratings.table", "a complete table with a label without min_total",
                            "give every label its min_total, or write table: partial")
        below, note = None, ""
        if "eit_cap" in raw:
            cap = self.mapping(raw["eit_cap"], "ratings.eit_cap", ("below", "text"))
            below = self.number(cap["below"], "ratings.eit_cap.below")
            note = self.text(cap["text"], "ratings.eit_cap.text")
        return Ratings(tuple(labels), table, self.text(raw["text"], "ratings.text"), below, note)

    def period(self, node: Any, where: str, item_id: str, fiscal_year: int) -> PeriodRule:
        """A period rule: known rule name, year in fiscal_year-1..fiscal_year, seed sentence."""
        raw = self.mapping(node, where, ("rule", "year", "text"), ("min_years",))
        rule = raw["rule"]
        if rule not in PERIOD_RULES:
            raise self.fail(f"{where}.rule", f"unknown rule {rule!r} in {item_id}",
                            f"use one of {', '.join(PERIOD_RULES)}, or period: null")
        year = self.integer(raw["year"], f"{where}.year")
        if not fiscal_year - 1 <= year <= fiscal_year:
            raise self.fail(f"{where}.year", f"year {year} of {item_id} is outside "
                            f"{fiscal_year - 1}..{fiscal_year}",
                            f"use {fiscal_year} or {fiscal_year - 1} (BE)")
        min_years = 1
        if "min_years" in raw:
            min_years = self.integer(raw["min_years"], f"{where}.min_years")
            if rule != "plan_covering" or not 2 <= min_years <= 20:
                raise self.fail(f"{where}.min_years", f"min_years {min_years} of {item_id} is "
                                "only for plan_covering, from 2 to 20 years",
                                "e.g. min_years: 2 for a plan 'ระยะมากกว่า 1 ปี'")
        return PeriodRule(rule, year, self.text(raw["text"], f"{where}.text"), min_years)

    def exceptions(self, node: Any, where: str) -> tuple[ExceptionRule, ...]:
        """Exceptions with unique snake_case ids and at least one phrase each."""
        result = []
        seen: set[str] = set()
        for i, entry in enumerate(self.sequence(node, where)):
            ex_where = f"{where}[{i}]"
            raw = self.mapping(entry, ex_where, ("id", "text", "phrases"))
            ex_id = self.text(raw["id"], f"{ex_where}.id")
            if not _SNAKE_CASE.match(ex_id):
                raise self.fail(f"{ex_where}.id", f"exception id {ex_id!r} is not snake_case",
                                "use lower-case words joined by '_', e.g. no_complaints")
            self.unique(ex_id, seen, f"{ex_where}.id")
            phrases = self.texts(self.sequence(raw["phrases"], f"{ex_where}.phrases",
                                               allow_empty=False), f"{ex_where}.phrases")
            result.append(ExceptionRule(ex_id, self.text(raw["text"], f"{ex_where}.text"), phrases))
        return tuple(result)

    def aggregation(self, node: Any) -> dict[str, Any]:
        """``item_score: {pass, fail}``, ``indicators`` and ``oit`` methods (only "mean")."""
        agg = self.mapping(node, "aggregation", ("item_score", "indicators", "oit"))
        score = self.mapping(agg["item_score"], "aggregation.item_score", ("pass", "fail"))
        for key in ("pass", "fail"):
            self.number(score[key], f"aggregation.item_score.{key}")
        for level in ("indicators", "oit"):
            method = self.mapping(agg[level], f"aggregation.{level}", ("method",))["method"]
            if method not in AGGREGATION_METHODS:
                raise self.fail(f"aggregation.{level}.method", f"unsupported method {method!r}",
                                f"use one of: {', '.join(AGGREGATION_METHODS)}")
        return agg

    def grades(self, node: Any, has_ratings: bool = False) -> tuple[tuple[str, float], ...]:
        """Grade bands, strictly descending minimums, the lowest starting at 0; an empty list
        only in a year with verbal ratings."""
        bands: list[tuple[str, float]] = []
        if self.sequence(node, "grades") == [] and has_ratings:
            return ()
        for i, entry in enumerate(self.sequence(node, "grades", allow_empty=False)):
            band = self.mapping(entry, f"grades[{i}]", ("grade", "min"))
            grade = self.text(band["grade"], f"grades[{i}].grade")
            minimum = self.number(band["min"], f"grades[{i}].min")
            if bands and minimum >= bands[-1][1]:
                raise self.fail(f"grades[{i}].min", f"{minimum} is not below the previous "
                                f"band's {bands[-1][1]}", "list the bands highest first")
            bands.append((grade, minimum))
        if bands[-1][1] != 0:
            raise self.fail(f"grades[{len(bands) - 1}].min", "the lowest band must start at 0",
                            "end the list with a band whose min is 0")
        return tuple(bands)

    def pass_labels(self, node: Any) -> list[dict[str, Any]]:
        """Pass labels: ``label``, ``min_total`` and optionally ``min_each_tool``."""
        labels = self.sequence(node, "pass_labels", allow_empty=False)
        for i, entry in enumerate(labels):
            where = f"pass_labels[{i}]"
            label = self.mapping(entry, where, ("label", "min_total"), ("min_each_tool",))
            self.text(label["label"], f"{where}.label")
            for key in ("min_total", "min_each_tool"):
                if key in label:
                    self.number(label[key], f"{where}.{key}")
        return labels

    def weights(self, node: Any) -> dict[str, float]:
        """ITA tool weights (IIT, EIT, OIT), numbers."""
        weights = self.mapping(node, "ita_weights", ("IIT", "EIT", "OIT"))
        for key, value in weights.items():
            self.number(value, f"ita_weights.{key}")
        return weights


def _kind(value: Any) -> str:
    """A YAML-ish name for the type of a parsed value."""
    names = {type(None): "null", bool: "boolean", int: "number", float: "number", str: "text",
             list: "list", dict: "mapping"}
    return names.get(type(value), type(value).__name__)
