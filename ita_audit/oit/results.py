"""What the OIT engine concludes: evidence read from each listed document, the checks run on an
item, the item's verdict (and an auditor's override), and the audit of one agency-year with
its scores and the JSON contract of DESIGN.md §3.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ita_audit.criteria.document_kinds import TitleKind
from ita_audit.criteria.model import Criteria, CriteriaItem
from ita_audit.findings import VERDICTS
from ita_audit.thai import Period


@dataclass(frozen=True)
class Evidence:
    """One listed document and the periods read from it."""

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


@dataclass(frozen=True)
class Check:
    """The outcome of one rule on one item."""

    rule: str
    status: str                   # pass, fail, review or n/a
    reason: str
    basis: str | None = None      # the year basis the period check matched on
    blocking: bool = True         # counts toward the item's verdict (a title's period does
    #                               not once the document states its own)

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


@dataclass
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
        reasons = [f"[{check.rule}] {check.reason}" for check in self.checks if check.status != "n/a"]
        if self.override:
            reasons.append(f"[override] {self.override.by}: {self.automated_verdict} -> "
                           f"{self.override.verdict}: {self.override.note}")
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
    source: str
    warnings: list[str] = field(default_factory=list)
    evidence: str | None = None        # the evidence archive the documents were read from

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
