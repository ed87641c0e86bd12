"""What the OIT engine concludes: evidence read from each listed document, the checks run on an
item, the item's verdict (and an auditor's override), and the audit of one agency-year with
its scores and the JSON contract of DESIGN.md §3.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ita_audit.criteria.document_kinds import TitleKind
from ita_audit.criteria.model import Criteria, CriteriaItem
from ita_audit.findings import VERDICT_TH, VERDICTS
from ita_audit.thai import Period
from ita_audit.util.paths import relative


@dataclass(slots=True, unsafe_hash=True)
class Evidence:
    """One listed document and the periods read from it.

    Immutable by convention, hashable as a frozen dataclass would be, but not frozen: one is
    built per listed document, and a frozen dataclass's guarded attribute writes cost more than
    everything else the engine does for a document it has seen before.
    """

    title: str
    url: str | None
    line: int
    context: str
    periods: tuple[Period, ...]
    period_source: str            # where the periods came from: title, context, url or none
    level: int = 1                # 2 for an attachment of the document above it
    month: int | None = None      # for bare month-name entries (monthly procurement lines)
    exception: str | None = None  # id of the criteria exception the title states
    url_periods: tuple[Period, ...] = ()  # periods in the URL when the title/context gave them
    label_text: str | None = None  # how reasons name it, when not by its title and line
    kind: TitleKind | None = None  # of the item's kind, clearly another's, or unknown
    shared: tuple[str, ...] = ()   # the other items of a grouped heading it was listed under
    # what its link returned and what was read from it (:func:`ita_audit.oit.content.describe`)
    found: Mapping[str, Any] | None = field(default=None, compare=False, hash=False)

    @property
    def of_other_kind(self) -> bool:
        """Is the document clearly of another item's kind (never evidence for this item)?"""
        return self.kind is not None and self.kind.verdict == "other"

    @property
    def years(self) -> list[int]:
        """Distinct BE years this document's periods mention."""
        years: set[int] = set()
        for period in self.periods:
            if period.year is not None:
                years.update(range(period.year, (period.end_year or period.year) + 1))
        return sorted(years)

    def label(self) -> str:
        """Quoted title with its line number (or what the document itself says), for
        reasons."""
        return self.label_text or f"'{self.title}' (บรรทัด {self.line})"

    @property
    def counts(self) -> bool:
        """Of the item's kind, or the item has no kind rule."""
        return self.kind is None or self.kind.verdict == "right"

    def to_json(self) -> dict[str, Any]:
        data = {"title": self.title, "url": self.url, "years": self.years, "line": self.line,
                "context": self.context, "level": self.level,
                "period_source": self.period_source}
        if self.kind is not None:
            data["kind"] = {"verdict": self.kind.verdict, "pattern": self.kind.pattern,
                            "other_items": list(self.kind.others)}
        if self.shared:
            data["shared_with"] = list(self.shared)
        if self.found:
            data.update(self.found)
        return data


#: The words of a check's reason, or a function that words them: most reasons of a batch run are
#: never read, so a rule may leave the wording (quoting titles, writing dates) until asked.
Reason = str | Callable[[], str]


def worded(reason: Reason) -> str:
    """The text of a reason, worded now if it was left for later."""
    return reason if isinstance(reason, str) else reason()


class Check:
    """The outcome of one rule on one item; immutable by convention (engines share some).

    ``reason`` is worded on first use and kept, so equality, hashing, ``repr`` and the JSON
    see exactly the text a rule would have written at once.
    """

    __slots__ = ("rule", "status", "_reason", "basis", "blocking")

    def __init__(self, rule: str, status: str, reason: Reason, basis: str | None = None,
                 blocking: bool = True) -> None:
        self.rule = rule
        self.status = status          # pass, fail, review or n/a
        self._reason = reason
        self.basis = basis            # the year basis the period check matched on
        self.blocking = blocking      # counts toward the item's verdict (a title's period does
        #                               not once the document states its own)

    @property
    def reason(self) -> str:
        reason = self._reason
        if not isinstance(reason, str):
            reason = self._reason = reason()
        return reason

    def replace(self, *, status: str | None = None, reason: Reason | None = None,
                blocking: bool | None = None) -> Check:
        """A copy with another status, reason or blocking (a reason left for later stays so)."""
        return Check(self.rule, self.status if status is None else status,
                     self._reason if reason is None else reason, self.basis,
                     self.blocking if blocking is None else blocking)

    def _fields(self) -> tuple[str, str, str, str | None, bool]:
        return self.rule, self.status, self.reason, self.basis, self.blocking

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Check:
            return NotImplemented
        return self._fields() == other._fields()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (f"Check(rule={self.rule!r}, status={self.status!r}, reason={self.reason!r}, "
                f"basis={self.basis!r}, blocking={self.blocking!r})")

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "status": self.status, "reason": self.reason,
                "basis": self.basis, "blocking": self.blocking}


@dataclass(frozen=True)
class Inherited:
    """The year basis a report takes from the plan it reports on (O37 from O36)."""

    basis: str                    # fiscal or calendar
    item: str                     # the plan item
    evidence: Evidence            # the plan's document that states the basis
    period: str                   # the words that state it ("ปีงบประมาณ พ.ศ. 2566")

    def to_json(self) -> dict[str, Any]:
        return {"basis": self.basis, "from_item": self.item, "title": self.evidence.title,
                "line": self.evidence.line, "stated_by": self.period}


@dataclass(frozen=True)
class Override:
    """An auditor's decision that replaces the automated verdict."""

    verdict: str
    note: str
    by: str


@dataclass(slots=True)
class ItemResult:
    """Verdict, score, evidence and reasons for one criteria item."""

    item: CriteriaItem
    evidence: list[Evidence]
    checks: list[Check]
    automated_verdict: str
    override: Override | None = None
    title_verdict: str | None = None   # from the titles alone, when documents were read too
    inherited: Inherited | None = None  # the year basis taken from the plan item

    @property
    def verdict(self) -> str:
        """The final verdict: the auditor's override if any, else the automated one."""
        return self.override.verdict if self.override else self.automated_verdict

    @property
    def reasons(self) -> list[str]:
        return self.reasons_worded()

    def reasons_worded(self, word: Callable[[Check], str] = lambda check: check.reason
                       ) -> list[str]:
        """``[rule] reason`` of every check that applies (``word`` gives a check's words),
        then the auditor's override."""
        reasons = [f"[{check.rule}] {word(check)}" for check in self.checks if check.status != "n/a"]
        if self.override:
            reasons.append(f"[override] {self.override.by}: {VERDICT_TH[self.automated_verdict]} "
                           f"-> {VERDICT_TH[self.override.verdict]}: {self.override.note}")
        return reasons

    @property
    def period_basis(self) -> str | None:
        return next((c.basis for c in self.checks if c.blocking
                     and (c.rule.startswith("period:") or c.rule == "content_period")), None)

    def pending_checks(self) -> list[Check]:
        """Checks a reviewer still has to settle by opening the documents (a title's period
        that a document's own period settled is not one of them)."""
        return [check for check in self.checks if check.status == "review"
                and (check.blocking or check.rule == "elements")]


@dataclass
class OitAudit:
    """The OIT audit of one agency-year."""

    agency: str
    fiscal_year: int
    year_basis: str
    criteria: Criteria
    items: list[ItemResult]
    index_path: Path                   # the disclosure index audited (absolute)
    warnings: list[str] = field(default_factory=list)
    evidence: str | None = None        # the evidence archive the documents were read from

    @cached_property
    def source(self) -> str:
        """The disclosure index as records name it (repository-relative when inside it);
        resolved when first asked for, not by the engine."""
        return relative(self.index_path)

    def item_score(self, result: ItemResult) -> float | None:
        """Score per the criteria's aggregation: pass/fail scores; review has none."""
        return self.criteria.aggregation["item_score"].get(result.verdict)

    def indicator_scores(self, review_as: str = "fail") -> dict[str, float]:
        """Mean item score per indicator; items under review count as ``review_as``."""
        return {ind.id: self._mean([r for r in self.items if r.item.indicator == ind.id], review_as)
                for ind in self.criteria.indicators}

    def oit_score(self, review_as: str = "fail") -> float:
        """Mean of all item scores (the aggregation declared in the criteria file)."""
        return self._mean(self.items, review_as)

    def _mean(self, results: Sequence[ItemResult], review_as: str) -> float:
        scores = self.criteria.aggregation["item_score"]
        values = [scores[review_as] if r.verdict == "review" else scores[r.verdict] for r in results]
        return round(sum(values) / len(values), 2) if values else 0.0

    def counts(self) -> dict[str, int]:
        return {verdict: sum(r.verdict == verdict for r in self.items) for verdict in VERDICTS}

    def review_items(self) -> list[str]:
        return [r.item.id for r in self.items if r.verdict == "review"]

    def to_json(self) -> dict[str, Any]:
        """The DESIGN.md §3 contract, plus extra fields."""
        oit = self.oit_score()
        return {
            "agency": self.agency,
            "fiscal_year": self.fiscal_year,
            "criteria_year": self.criteria.fiscal_year,
            "criteria_status": self.criteria.status,
            "year_basis": self.year_basis,
            "source": self.source,
            "items": [self._item_json(r) for r in self.items],
            "indicators": self.indicator_scores(),
            "oit_score": oit,
            "grade": self.criteria.grade_for(oit),
            "rating": self._rating_json(),
            "counts": self.counts(),
            "review_items": self.review_items(),
            "if_reviews_pass": {"indicators": self.indicator_scores("pass"),
                                "oit_score": self.oit_score("pass")},
            "warnings": list(self.warnings),
            "evidence_archive": self.evidence,
        }

    def _rating_json(self) -> dict[str, Any] | None:
        """The year's verbal ratings (from 2568) as far as they are known; None for a year of
        letter grades."""
        ratings = self.criteria.ratings
        if ratings is None:
            return None
        return {"labels": [{"label": r.label, "min_total": r.min_total} for r in ratings.labels],
                "table": ratings.table, "eit_cap_below": ratings.eit_cap_below,
                "note": ratings.text}

    def _item_json(self, r: ItemResult) -> dict[str, Any]:
        data = {"item": r.item.id, "name": r.item.name, "verdict": r.verdict,
                "score": self.item_score(r),
                "evidence": [e.to_json() for e in r.evidence],
                "reasons": r.reasons,
                "indicator": r.item.indicator, "sub_indicator": r.item.sub_indicator,
                "automated_verdict": r.automated_verdict,
                "title_only_verdict": r.title_verdict or r.automated_verdict,
                "period_basis": r.period_basis,
                "basis_inherited": r.inherited.to_json() if r.inherited else None,
                "checks": [c.to_json() for c in r.checks]}
        if r.override:
            data["override"] = {"verdict": r.override.verdict, "note": r.override.note,
                                "by": r.override.by}
        return data
