"""What the params file, the runner and the manifest need from the HR report audit kind: how
its input is checked before any notebook runs, the normalised table it leaves, the notebook's
parameters, the summary the index shows and the provenance of a record.

The registry of kinds imports this module for every command: the audit (pandas) is imported
where it is run."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ita_audit.findings import severity_counts
from ita_audit.hr.parse import HrReport, load_hr_report, write_figures
from ita_audit.util.paths import resolve

if TYPE_CHECKING:
    from ita_audit.hr.audit import HrAudit

INPUT_KEY = "hr_report"
NORMALISED = "hr_figures.tsv"


def prepare(params: Any) -> HrReport:
    """Read and check the HR report."""
    return load_hr_report(params.input_path(INPUT_KEY))


def write_normalised(report: HrReport, folder: Path) -> list[Path]:
    """``hr_figures.tsv``: every figure of the report, tidy, with its raw text and line."""
    return [write_figures(report, folder / NORMALISED)]


def parameters(params: Any) -> dict[str, Any]:
    """The HR notebook's own parameters (after agency, name and year)."""
    return {INPUT_KEY: params.inputs[INPUT_KEY]}


def summary(params: Any) -> dict[str, Any]:
    """Findings by severity."""
    from ita_audit.hr.audit import run_hr_audit

    result = run_hr_audit(params.inputs[INPUT_KEY], params.fiscal_year, agency=params.agency)
    return {"findings": severity_counts(result.counts())}


def provenance(result: HrAudit, params_file: str) -> tuple[list[tuple[str, Path]], dict[str, Any]]:
    """The report; agency, year and the report's path."""
    return ([(INPUT_KEY, resolve(result.source))],
            {"agency": result.agency, "fiscal_year": result.fiscal_year,
             INPUT_KEY: result.source, "params_file": params_file})
