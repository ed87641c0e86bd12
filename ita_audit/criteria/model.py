"""The criteria of one ITA year as Python objects: indicators, items, period rules, exceptions,
aggregation and grade bands (built by :mod:`ita_audit.criteria.schema`).
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ita_audit.thai import to_arabic_digits

#: current_year: happens/is published in the year; in_force: applies in the year (a rule issued
#: earlier may still apply); previous_year_report: a report of that year; plan_covering: a plan
#: whose term covers the year; first_six_months / monthly: coverage of the first half-year.
_ITEM_ID_VARIANT = re.compile(r"^\s*(?:OIT|O)\s*[-_.]?\s*0*([1-9][0-9]*)\s*$", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u200b\ufeff]+")

PERIOD_RULES = (
    "current_year", "in_force", "previous_year_report", "plan_covering", "first_six_months",
    "monthly",
)


# ── the model ────────────────────────────────────────────────────────────────────────────────

@dataclass(frozen=True)
class PeriodRule:
    """Which period a disclosure must cover: a rule from :data:`PERIOD_RULES` and a BE year."""

    rule: str
    year: int
    text: str
    min_years: int = 1            # plan_covering: the plan must span at least this many years


@dataclass(frozen=True)
class ExceptionRule:
    """A case the criteria allow (e.g. "no complaints"), and title phrases that announce it."""

    id: str
    text: str
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class CriteriaItem:
    """One OIT item (O1…On)."""

    id: str
    number: int
    name: str
    group: str
    indicator: str
    sub_indicator: str
    description: tuple[str, ...]
    elements: tuple[str, ...]
    period: PeriodRule | None
    exceptions: tuple[ExceptionRule, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class SubIndicator:
    """A sub-indicator such as 9.1, belonging to ``indicator`` ("9")."""

    id: str
    name: str
    indicator: str


@dataclass(frozen=True)
class Indicator:
    """An indicator ("9", "10") and its sub-indicators, in order."""

    id: str
    name: str
    sub_indicators: tuple[SubIndicator, ...]


@dataclass(frozen=True)
class Criteria:
    """One fiscal year's validated criteria for one tool (OIT)."""

    fiscal_year: int
    tool: str
    title: str
    path: Path
    sha256: str                       # of the YAML file's bytes
    indicators: tuple[Indicator, ...]
    items: tuple[CriteriaItem, ...]
    aggregation: Mapping[str, Any]
    grades: tuple[tuple[str, float], ...]
    pass_labels: tuple[Mapping[str, Any], ...]
    ita_weights: Mapping[str, float]
    _by_id: Mapping[str, CriteriaItem] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", MappingProxyType({it.id: it for it in self.items}))

    def item(self, item_id: str) -> CriteriaItem:
        """The item with this id; ``KeyError`` if the year has no such item."""
        try:
            return self._by_id[item_id]
        except KeyError:
            raise KeyError(f"no item {item_id!r} in the {self.fiscal_year} criteria "
                           f"(items: O1..O{len(self.items)})") from None

    def item_ids(self) -> tuple[str, ...]:
        """All item ids in order (O1, O2, …)."""
        return tuple(it.id for it in self.items)

    def items_for(self, group_id: str) -> tuple[CriteriaItem, ...]:
        """The items of an indicator ("9") or a sub-indicator ("9.1"), in order."""
        return tuple(it for it in self.items if group_id in (it.indicator, it.sub_indicator))

    def sub_indicator(self, sub_id: str) -> SubIndicator:
        """The sub-indicator with this id; ``KeyError`` if undeclared."""
        for indicator in self.indicators:
            for sub in indicator.sub_indicators:
                if sub.id == sub_id:
                    return sub
        raise KeyError(f"no sub-indicator {sub_id!r} in the {self.fiscal_year} criteria")

    def grade_for(self, score: float) -> str:
        """The grade band (AA…F) of a score; ``ValueError`` for NaN or a score below every band."""
        if isinstance(score, bool) or not isinstance(score, (int, float)) or math.isnan(score):
            raise ValueError(f"score must be a number, got {score!r}")
        for grade, minimum in self.grades:
            if score >= minimum:
                return grade
        raise ValueError(f"score {score} is below the lowest grade band ({self.grades[-1][1]})")


def normalize_item_id(token: str) -> str | None:
    """``o1``, ``O 1``, ``O01``, ``O๑``, ``OIT 1`` -> ``O1``; anything else -> None."""
    match = _ITEM_ID_VARIANT.match(to_arabic_digits(_SPACES.sub(" ", token)))
    return f"O{int(match.group(1))}" if match else None
