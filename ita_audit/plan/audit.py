"""One integrity-plan audit: parse, check, summarise. The same object backs ``ita-audit plan``
and the notebook, so the JSON and the record always agree."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ita_audit.criteria.files import load_criteria
from ita_audit.errors import CriteriaError
from ita_audit.findings import CheckLog, Finding, jsonable
from ita_audit.plan.checks import (
    HEADER_TABLE,
    check_plan,
    completion,
    iter_findings,
    plan_year_missing,
    requirement_view,
)
from ita_audit.plan.parse import PlanReport, load_plan_report, measure_record
from ita_audit.util.paths import check_agency, relative, resolve


@dataclass
class PlanAudit:
    """A parsed progress report, the log of every check and the plan year's criteria size."""

    report: PlanReport
    log: CheckLog
    agency: str
    fiscal_year: int | None
    source: str                         # the report path as given (repo-relative in records)
    criteria_year: int | None           # the OIT criteria the plan's item numbers follow

    @property
    def findings(self) -> list[Finding]:
        """Findings, errors first, then by line."""
        return list(iter_findings(self.log))

    def counts(self) -> dict[str, int]:
        return self.log.counts()

    @cached_property
    def completion_rows(self) -> list[dict[str, Any]]:
        """Completion per indicator and overall (computed once; every table reads it)."""
        return completion(self.report)

    @cached_property
    def requirement_rows(self) -> list[dict[str, Any]]:
        """The O42/O43 view per measure (computed once: it re-reads every narrative)."""
        return requirement_view(self.report)

    def indicator_rows(self) -> list[dict[str, Any]]:
        """DESIGN.md §3: number, name, score, measures, done; plus tool and the raw score."""
        return [{"number": ind.number, "name": ind.name, "tool": ind.tool,
                 "score": ind.score, "score_raw": ind.score_raw,
                 "measures": len(ind.measures), "done": sum(1 for m in ind.measures if m.done),
                 "line": ind.line}
                for ind in self.report.indicators]

    def measure_rows(self) -> list[dict[str, Any]]:
        """Every measure with its status, owners, period (raw and parsed) and narrative."""
        return [measure_record(m) for m in self.report.measures]

    def to_json(self) -> dict[str, Any]:
        """DESIGN.md §3 (``indicators``, ``findings``) plus the report facts, every measure,
        completion, the O42/O43 requirement view and the check counts."""
        r = self.report
        return jsonable({
            "report": self.source, "agency": self.agency, "fiscal_year": self.fiscal_year,
            "title": r.title, "plan_agency": r.agency, "plan_year": r.plan_year,
            "report_date": r.report_date.isoformat() if r.report_date else None,
            "report_date_line": r.report_date_line, "criteria_year": self.criteria_year,
            "checks": self.counts(),
            "indicators": self.indicator_rows(),
            "findings": [f.to_json() for f in self.findings],
            "measures": self.measure_rows(),
            "completion": self.completion_rows,
            "requirements": self.requirement_rows})


def _oit_item_count(year: int | None) -> tuple[int | None, int | None, int | None]:
    """(criteria year, number of OIT items, number of ITA indicators) for the plan's year,
    when its criteria exist; the ITA indicators are numbered up to the OIT's last one (10 until
    2566), unknown when the criteria number them otherwise."""

    if year is None:
        return None, None, None
    try:
        criteria = load_criteria(year)
    except CriteriaError:
        return None, None, None
    numbered = [int(ind.id) for ind in criteria.indicators if ind.id.isdigit()]
    return criteria.fiscal_year, len(criteria.items), max(numbered) if numbered else None


def run_plan_audit(report: str | Path, fiscal_year: int | None = None, *,
                   agency: str = "agency") -> PlanAudit:
    """Read a progress report (a repo-relative path works in notebooks) and run every check.

    ``fiscal_year`` is the plan year the auditor expects; when given and the report states
    another, that is an error finding.
    """

    check_agency(agency)
    parsed = load_plan_report(resolve(report))
    criteria_year, item_count, indicators = _oit_item_count(parsed.plan_year or fiscal_year)
    log = check_plan(parsed, item_count, fiscal_year=fiscal_year, indicator_count=indicators)
    if parsed.plan_year is None:
        log.report(plan_year_missing(fiscal_year))
    elif fiscal_year is not None:
        log.check(parsed.plan_year == fiscal_year, check="plan_year", table=HEADER_TABLE,
                  year=fiscal_year, expected=fiscal_year, actual=parsed.plan_year,
                  severity="error", message=f"รายงานเป็นแผนปี {parsed.plan_year} ไม่ใช่ปี "
                                            f"{fiscal_year} ที่ตรวจ")
    return PlanAudit(report=parsed, log=log, agency=agency,
                     fiscal_year=fiscal_year if fiscal_year is not None else parsed.plan_year,
                     source=relative(resolve(report)), criteria_year=criteria_year)
