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
    PERIOD_RULES,
    Criteria,
    CriteriaItem,
    ExceptionRule,
    Indicator,
    PeriodRule,
    SubIndicator,
)
from ita_audit.errors import CriteriaError

SCHEMA = "ita-criteria/1"
AGGREGATION_METHODS = ("mean",)
_ITEM_ID = re.compile(r"^O[1-9][0-9]*\Z")
_SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*\Z")
_SHA256 = re.compile(r"^[0-9a-f]{64}\Z")

_TOP_KEYS = ("schema", "fiscal_year", "tool", "title", "source", "indicators", "aggregation",
             "ita_weights", "grades", "pass_labels", "items")
_ITEM_KEYS = ("id", "name", "group", "sub_indicator", "description", "elements", "period",
              "exceptions", "notes")


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
        top = self.mapping(document, "", _TOP_KEYS)
        if top["schema"] != SCHEMA:
            raise self.fail("schema", f"unsupported schema {top['schema']!r}",
                            f"use '{SCHEMA}'")
        fiscal_year = self.integer(top["fiscal_year"], "fiscal_year")
        self.source(top["source"])
        indicators = self.indicators(top["indicators"])
        subs = {sub.id: sub for ind in indicators for sub in ind.sub_indicators}
        return Criteria(
            fiscal_year=fiscal_year,
            tool=self.text(top["tool"], "tool"),
            title=self.text(top["title"], "title"),
            path=path,
            sha256=sha256,
            indicators=indicators,
            items=self.items(top["items"], subs, fiscal_year),
            aggregation=_freeze(self.aggregation(top["aggregation"])),
            grades=self.grades(top["grades"]),
            pass_labels=_freeze(self.pass_labels(top["pass_labels"])),
            ita_weights=_freeze(self.weights(top["ita_weights"])),
        )

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
        return tuple(items)

    def item(self, node: Any, where: str, subs: Mapping[str, SubIndicator],
             fiscal_year: int) -> CriteriaItem:
        """One item."""
        raw = self.mapping(node, where, _ITEM_KEYS)
        item_id = self.text(raw["id"], f"{where}.id")
        if not _ITEM_ID.match(item_id):
            raise self.fail(f"{where}.id", f"bad item id {item_id!r}",
                            "write 'O' and the number without leading zeros, e.g. O4")
        sub_id = self.text(raw["sub_indicator"], f"{where}.sub_indicator")
        if sub_id not in subs:
            raise self.fail(f"{where}.sub_indicator", f"sub-indicator {sub_id!r} of {item_id} "
                            "is not declared", f"use one of: {', '.join(subs)}")
        period = raw["period"]
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
        )

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

    def grades(self, node: Any) -> tuple[tuple[str, float], ...]:
        """Grade bands, strictly descending minimums, the lowest starting at 0."""
        bands: list[tuple[str, float]] = []
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
