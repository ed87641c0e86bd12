"""``ita-audit synthetic --procurement``: a synthetic procurement table for every agency of a
synthetic workspace, added to its params file (``procurement:`` and the procurement notebook),
with the injected anomalies in ``procurement-defects.json``."""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from ita_audit.procurement.kind import INPUT_KEY
from ita_audit.procurement.synthetic import generate_table
from ita_audit.util.atomic import atomic_write_text

NOTEBOOK = "procurement_audit"
DEFECTS = "procurement-defects.json"


def add_procurement_tables(out: Path, fiscal_year: int, seed: int = 0,
                           rows_per_month: int = 20) -> int:
    """Write ``<out>/procurement/<agency>.xlsx`` for each params file under
    ``<out>/params/<year>/`` and add it to the file; return the number of anomalies injected.
    Agency ``i`` (in file-name order) draws from seed ``(seed, i)`` only."""
    out = Path(out)
    folder = out / "procurement"
    folder.mkdir(parents=True, exist_ok=True)
    report: list[dict[str, object]] = []
    for number, params in enumerate(sorted((out / "params" / str(fiscal_year)).glob("*.yaml")),
                                    start=1):
        text = params.read_text(encoding="utf-8")
        comments = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
        data = yaml.safe_load(text)
        table = generate_table(seed * 100_003 + number, fiscal_year,
                               rows_per_month=rows_per_month)
        path = table.write(folder / f"{data['agency']}.xlsx")
        data[INPUT_KEY] = str(path.resolve())
        notebooks = list(data.get("notebooks") or [])
        data["notebooks"] = [*notebooks, NOTEBOOK] if NOTEBOOK not in notebooks else notebooks
        atomic_write_text(params, comments + yaml.safe_dump(data, allow_unicode=True,
                                                            sort_keys=False))
        report.append({"agency": data["agency"], "table": path.name, "seed": table.seed,
                       "rows": table.rows, "defects": table.defects})
    atomic_write_text(out / DEFECTS, json.dumps(
        {"generator": "ita_audit.procurement.synthetic", "fiscal_year": fiscal_year,
         "agencies": report}, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return sum(len(entry["defects"]) for entry in report)           # type: ignore[arg-type]
