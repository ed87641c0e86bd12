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
#: earlier may still apply); previous_year_report: a report of that year; results_analysis: the
#: analysis of that year's ITA results, published as the measures of the next year (a document
#: of either year); plan_covering: a plan whose term covers the year; first_six_months /
#: monthly: coverage of the first half-year.
_ITEM_ID_VARIANT = re.compile(r"^\s*(?:OIT|O)\s*[-_.]?\s*0*([1-9][0-9]*)\s*$", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u200b\ufeff]+")

PERIOD_RULES = (
    "current_year", "in_force", "previous_year_report", "results_analysis", "plan_covering",
    "first_six_months", "monthly",
)
#: official: transcribed from the NACC manual of the year; provisional: built from secondary
#: public sources (each item then names its ``source`` and a ``confidence``).
STATUSES = ("official", "provisional")
CONFIDENCES = ("high", "medium", "low")
#: What a missing data file (spreadsheet) makes of an item.
DATA_FILE_MISSING = ("fail", "review")


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
class Part:
    """One required part of a merged item (2568 O1: the structure, the powers and duties): a
    title or a document text that names one of ``match`` shows the part."""

    id: str
    name: str
    match: tuple[str, ...]
    # the item's period rule holds for this part's documents on their own (2568 O6: the plan
    # and the progress report are both of the year; a plan of last year does not pass beside
    # this year's progress report)
    dated: bool = False


@dataclass(frozen=True)
class DataFileRule:
    """The item's evidence must include a data file (a spreadsheet or an open-data link)."""

    formats: tuple[str, ...]          # file extensions, lower case: xlsx, xls, csv, …
    text: str                         # what the criteria (or the source) say
    missing: str = "review"           # the verdict when none is found (DATA_FILE_MISSING)


@dataclass(frozen=True)
class RatingLabel:
    """One verbal rating (ผ่าน, ผ่านดี, …) and, when known, the lowest ITA total it needs."""

    label: str
    min_total: float | None


@dataclass(frozen=True)
class Ratings:
    """The verbal ratings of a year (from 2568): labels highest first, whether the band table is
    complete, and the EIT cap (an EIT below ``eit_cap_below`` caps the rating)."""

    labels: tuple[RatingLabel, ...]
    table: str                        # complete | partial
    text: str
    eit_cap_below: float | None = None
    eit_cap_note: str = ""

    def known(self) -> str:
        """The labels as one Thai phrase, with the bands that are known."""
        shown = [f"{r.label} (≥ {r.min_total:g})" if r.min_total is not None else r.label
                 for r in self.labels]
        tail = "" if self.table == "complete" else ", …"
        return ", ".join(shown) + tail


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
    source: str | None = None         # where the item's wording comes from (provisional files)
    confidence: str | None = None     # CONFIDENCES
    parts: tuple[Part, ...] = ()      # required parts of a merged item
    data_file: DataFileRule | None = None
    to_check: bool = False            # a scaffold item not yet checked against the manual


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
    ita_weights: Mapping[str, float] | None
    status: str = "official"          # STATUSES
    ratings: Ratings | None = None
    notes: tuple[str, ...] = ()
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

    @property
    def provisional(self) -> bool:
        """True when the file was built from secondary sources, not the NACC manual."""
        return self.status == "provisional"

    def level_text(self, score: float) -> str:
        """The grade of a score, or, in a year of verbal ratings, why none is given here."""
        grade = self.grade_for(score)
        if grade is not None:
            return grade
        known = self.ratings.known() if self.ratings else "ไม่ทราบ"
        return f"ไม่ตัดสิน (ปี {self.fiscal_year} ใช้ระดับคำจากคะแนน ITA รวม: {known})"

    def grade_for(self, score: float) -> str | None:
        """The grade band (AA…F) of a score; None for a year without letter grades (from 2568
        the result is a verbal rating, :attr:`ratings`); ``ValueError`` for NaN or a score
        below every band."""
        if isinstance(score, bool) or not isinstance(score, (int, float)) or math.isnan(score):
            raise ValueError(f"score must be a number, got {score!r}")
        if not self.grades:
            return None
        for grade, minimum in self.grades:
            if score >= minimum:
                return grade
        raise ValueError(f"score {score} is below the lowest grade band ({self.grades[-1][1]})")


def normalize_item_id(token: str) -> str | None:
    """``o1``, ``O 1``, ``O01``, ``O๑``, ``OIT 1`` -> ``O1``; anything else -> None."""
    match = _ITEM_ID_VARIANT.match(to_arabic_digits(_SPACES.sub(" ", token)))
    return f"O{int(match.group(1))}" if match else None
