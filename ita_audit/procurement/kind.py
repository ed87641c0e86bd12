"""What the params file, the runner and the manifest need from the procurement audit kind: how
its input is checked before any notebook runs, the normalised table it leaves, the notebook's
parameters, the summary the index shows and the provenance of a record.

The registry of kinds imports this module for every command: the reader and the audit
(pandas) are imported where they are used."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ita_audit.util.paths import resolve

if TYPE_CHECKING:
    from ita_audit.procurement.audit import ProcurementAudit
    from ita_audit.procurement.read import ProcurementTable

INPUT_KEY = "procurement"
NORMALISED = "procurement.tsv"


def looks_like(text: str) -> bool:
    """Does a text look like a procurement table (:func:`ita_audit.procurement.read.looks_like`)?"""
    from ita_audit.procurement.read import looks_like

    return looks_like(text)


def prepare(params: Any) -> ProcurementTable:
    """Read and check the procurement table."""
    from ita_audit.procurement.read import load_procurement

    return load_procurement(params.input_path(INPUT_KEY))


def write_normalised_table(table: ProcurementTable, folder: Path) -> list[Path]:
    """``procurement.tsv``: every row of every sheet, normalised."""
    from ita_audit.procurement.audit import write_normalised

    return [write_normalised(table, folder / NORMALISED)]


def parameters(params: Any) -> dict[str, Any]:
    """The procurement notebook's own parameters (after agency, name and year)."""
    return {INPUT_KEY: params.inputs[INPUT_KEY]}


def summary(params: Any) -> dict[str, Any]:
    """Findings by severity, rows, sheets and split groups."""
    from ita_audit.procurement.audit import run_procurement_audit

    result = run_procurement_audit(params.inputs[INPUT_KEY], params.fiscal_year,
                                   agency=params.agency)
    s = result.summary()
    return {"findings": s["findings"], "rows": s["rows"], "sheets": len(s["sheets"]),
            "split_groups": s["split_groups"], "total_agreed": s["total_agreed"]}


def provenance(result: ProcurementAudit,
               params_file: str) -> tuple[list[tuple[str, Path]], dict[str, Any]]:
    """The table and the rules file; agency, year and the table's path."""
    return ([(INPUT_KEY, resolve(result.source)), ("rules", result.thresholds.path)],
            {"agency": result.agency, "fiscal_year": result.fiscal_year,
             INPUT_KEY: result.source, "params_file": params_file})
