"""What the params file, the runner and the manifest need from the integrity-plan audit kind:
how its input is checked before any notebook runs, the normalised table it leaves, the
notebook's parameters, the summary the index shows and the provenance of a record.

The registry of kinds imports this module for every command: the report (pandas) is imported
where its crosswalk year is needed."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ita_audit.criteria.crosswalk import crosswalk_path
from ita_audit.criteria.files import criteria_file, load_criteria
from ita_audit.errors import InputError
from ita_audit.findings import severity_counts
from ita_audit.plan.audit import PlanAudit, run_plan_audit
from ita_audit.plan.parse import PlanReport, load_plan_report, write_measures
from ita_audit.util.paths import resolve

INPUT_KEY = "plan_report"
NORMALISED = "plan_measures.tsv"


def prepare(params: Any) -> PlanReport:
    """Read and check the progress report."""
    return load_plan_report(params.input_path(INPUT_KEY))


def extra_inputs(params: Any) -> list[tuple[str, Path]]:
    """The criteria files the record reads besides its own year's: those of the year the
    report states, whose item names and count it shows (and whose absence it shows too), and,
    for a plan of :data:`~ita_audit.plan.report.CROSSWALK_FROM`, the crosswalk to the next
    year and that year's criteria. An unreadable report adds nothing (the run refuses it)."""
    from ita_audit.plan.report import CROSSWALK_FROM

    try:
        year = load_plan_report(params.input_path(INPUT_KEY)).plan_year
    except InputError:
        return []
    files = []
    if year is not None and year != params.fiscal_year:
        files.append(("reference", criteria_file(year)))
    if year == CROSSWALK_FROM:
        # load_crosswalk() reads the crosswalk and the criteria of both its years
        files.extend(("reference", path) for path in (
            crosswalk_path(CROSSWALK_FROM, CROSSWALK_FROM + 1), criteria_file(CROSSWALK_FROM),
            criteria_file(CROSSWALK_FROM + 1)))
    seen = {criteria_file(params.fiscal_year)}         # listed by the manifest already
    kept = []
    for role, path in files:
        if path.is_file() and path not in seen:
            seen.add(path)
            kept.append((role, path))
    return kept


def write_normalised(report: PlanReport, folder: Path) -> list[Path]:
    """``plan_measures.tsv``: every measure of the plan, parsed."""
    return [write_measures(report, folder / NORMALISED)]


def parameters(params: Any) -> dict[str, Any]:
    """The plan notebook's own parameters (after agency, name and year)."""
    return {INPUT_KEY: params.inputs[INPUT_KEY]}


def summary(params: Any) -> dict[str, Any]:
    """Findings by severity and the number of measures."""
    result = run_plan_audit(params.inputs[INPUT_KEY], params.fiscal_year, agency=params.agency)
    return {"findings": severity_counts(result.counts()),
            "measures": len(result.report.measures)}


def provenance(result: PlanAudit,
               params_file: str) -> tuple[list[tuple[str, Path]], dict[str, Any]]:
    """The report and the plan year's criteria (item names and coverage); agency, year, path."""
    inputs = [(INPUT_KEY, resolve(result.source))]
    if result.criteria_year:
        inputs.append(("criteria", load_criteria(result.criteria_year).path))
    return inputs, {"agency": result.agency, "fiscal_year": result.fiscal_year,
                    INPUT_KEY: result.source, "params_file": params_file}
