"""One HR report audit: parse, check, derive indicators; the same object backs the CLI and the
notebook, so ``ita-audit hr --format json`` and the record always agree."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ita_audit.findings import CheckLog, Finding, jsonable
from ita_audit.hr import indicators
from ita_audit.hr.checks import check_report
from ita_audit.hr.parse import HrReport, load_hr_report
from ita_audit.util.paths import check_agency, relative, resolve


@dataclass
class HrAudit:
    """A parsed report, the log of every check run on it and its findings."""

    report: HrReport
    log: CheckLog
    agency: str
    fiscal_year: int | None
    source: str                     # the report path as given (repo-relative in records)

    @property
    def findings(self) -> list[Finding]:
        """Findings, errors first, then in report order (table, year)."""
        order = {"error": 0, "warning": 1, "info": 2}
        return sorted(self.log.findings,
                      key=lambda f: (order[f.severity], f.line is None, f.line or 0))

    def counts(self) -> dict[str, int]:
        return self.log.counts()

    def indicators(self) -> dict[str, pd.DataFrame]:
        """The HR indicators of :mod:`ita_audit.hr.indicators`, by name."""
        r = self.report
        return {"vacancy_rates": indicators.vacancy_rates(r),
                "movements": indicators.movements(r),
                "age_profile": indicators.age_profile(r),
                "hr_unit": indicators.hr_unit(r),
                "costs": indicators.costs(r),
                "scorecard_rederived": indicators.rederived_scores(r)}

    def to_json(self) -> dict[str, Any]:
        """DESIGN.md §3: ``findings`` and ``tables``, plus checks, indicators and notes."""
        tables = {name: _records(frame) for name, frame in self.report.tables().items()}
        return {"report": self.source, "agency": self.agency,
                "fiscal_year": self.report.fiscal_year,
                "report_date": self.report.report_date.isoformat()
                if self.report.report_date else None,
                "checks": self.counts(),
                "findings": [f.to_json() for f in self.findings],
                "tables": tables,
                "indicators": {k: _records(v) for k, v in self.indicators().items()},
                "notes": {"dash_as_zero": self.report.dash_counts()}}


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts (NaN becomes null)."""
    clean = frame.astype(object).where(frame.notna(), None)
    return [jsonable(row) for row in clean.to_dict(orient="records")]


def run_hr_audit(report: str | Path, fiscal_year: int | None = None, *,
                 agency: str = "agency") -> HrAudit:
    """Read an HR report (a repo-relative path works in notebooks) and run every check."""

    check_agency(agency)
    parsed = load_hr_report(resolve(report))
    log = check_report(parsed, fiscal_year)
    return HrAudit(report=parsed, log=log, agency=agency,
                   fiscal_year=fiscal_year if fiscal_year is not None else parsed.fiscal_year,
                   source=relative(resolve(report)))
