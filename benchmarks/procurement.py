"""Throughput of the procurement audit: rows per second for parsing and for the checks, at
10,000 and 1,000,000 rows, as one sheet and as 12 monthly sheets, and the peak memory.

Tables come from ``ita_audit.procurement.synthetic`` (fixed seed, fiscal year 2567, the ITA
layout by default, 1% anomaly rows). For each size, two cases:

1. ``csv``: one sheet written as a UTF-8 CSV and read by ``load_procurement`` (decode, find
   the header, normalise amounts, dates, tax IDs, methods, months);
2. ``sheets12``: a sheet per month of the fiscal year (as the generator writes it: one month
   left out, an anomaly the audit must find, and one a no-procurement statement). Up to ``--xlsx-max`` rows it is written as .xlsx and read
   by ``load_procurement`` (openpyxl, values only); above, the 12 sheets are handed to the
   reader in memory (``table_from_sheets``: everything ``load_procurement`` does after
   openpyxl has decoded the cells), and the line says so (``sheets12_source=memory``). openpyxl
   decodes a few thousand cells per second per core on a slow machine, so a million-row
   workbook takes minutes whatever the reader does with the cells.

Each case is generated and written in one child process, then read and checked in a fresh
one, whose peak resident memory (``ru_maxrss``) is reported: the parse and the checks alone,
with the input (for ``sheets12`` in memory, the decoded cells) held. Every injected anomaly
must be found (``recall``); for tables small enough that the generator keeps clean rows free
of chance split groups (``synthetic.GUARDED_ROWS``) no error or warning may fall on a clean
row (``false_flags``). The bar: 1,000,000 rows parsed and checked in under 30 s (csv case).
Ends with one line ``RESULT key=value …``.

    .venv/bin/python benchmarks/procurement.py [--rows 10000 1000000] [--layout ita]
        [--xlsx-max 120000] [--seed 0] [--inline]
"""
from __future__ import annotations

import argparse
import multiprocessing
import pickle
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ita_audit.procurement.checks import ProcurementFinding, check_procurement
from ita_audit.procurement.read import load_procurement, table_from_sheets
from ita_audit.procurement.synthetic import SyntheticProcurement, generate_table
from ita_audit.procurement.thresholds import load_thresholds

BAR_ROWS, BAR_SECONDS = 1_000_000, 30.0
MONTHS_WITH_ROWS = {"single": 11, "monthly": 10}      # one month left out; one a statement


def peak_mb() -> float:
    """The process's peak resident set (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def recall(table: SyntheticProcurement, findings: Sequence[ProcurementFinding]) -> tuple[int, int]:
    """(injected anomalies found at their sheet and row, or group, or month; anomalies)."""
    at = {(f.check, f.sheet, f.row) for f in findings}
    groups = {(f.check, tuple(sorted(f.rows))) for f in findings if f.rows}
    months = {f.month for f in findings if f.check == "month_missing"}
    found = 0
    for defect in table.defects:
        if defect.get("month"):
            found += defect["month"] in months
        elif "rows" in defect:
            found += (defect["check"], tuple(sorted(map(tuple, defect["rows"])))) in groups
        else:
            found += (defect["check"], defect["sheet"], defect["row"]) in at
    return found, len(table.defects)


def false_flags(table: SyntheticProcurement, findings: Sequence[ProcurementFinding]) -> int:
    """Errors and warnings on clean rows."""
    return sum(1 for f in findings if f.severity in ("error", "warning")
               and (f.sheet, f.row) in table.clean_rows)


def generate_case(rows: int, mode: str, layout: str, seed: int, fiscal_year: int,
                  xlsx_max: int, folder: str) -> dict[str, Any]:
    """Generate one case and write it to ``folder``: its input and the table's answers."""
    sheets = "single" if mode == "csv" else "monthly"
    start = time.perf_counter()
    table = generate_table(seed, fiscal_year, rows_per_month=max(1, rows // MONTHS_WITH_ROWS[
        sheets]), layout=layout, sheets=sheets, anomaly_rate=0.01, workbook=mode != "csv")
    generate_s = time.perf_counter() - start
    start = time.perf_counter()
    base = Path(folder) / f"{mode}-{rows}"
    if mode == "csv":
        source, kind = table.write(base.with_suffix(".csv")), "csv"
    elif table.rows <= xlsx_max:
        source, kind = table.write(base.with_suffix(".xlsx")), "xlsx"
    else:
        source, kind = base.with_suffix(".grids.pkl"), "memory"
        with open(source, "wb") as handle:
            pickle.dump(list(table.grids()), handle, protocol=pickle.HIGHEST_PROTOCOL)
    write_s = time.perf_counter() - start
    answers = base.with_suffix(".answers.pkl")
    with open(answers, "wb") as handle:
        pickle.dump({"defects": table.defects, "clean_rows": table.clean_rows,
                     "guarded": table.guarded}, handle)
    return {"source": str(source), "kind": kind, "answers": str(answers),
            "generate_s": generate_s, "write_s": write_s, "bytes": Path(source).stat().st_size}


def audit_case(source: str, kind: str, answers: str, fiscal_year: int) -> dict[str, Any]:
    """Parse and check one written case; timings, findings, recall and peak memory."""
    thresholds = load_thresholds()
    grids = None
    if kind == "memory":
        with open(source, "rb") as handle:
            grids = pickle.load(handle)
    with open(answers, "rb") as handle:
        truth = pickle.load(handle)
    start = time.perf_counter()
    table = (table_from_sheets(source, grids) if grids is not None
             else load_procurement(Path(source)))
    parse_s = time.perf_counter() - start
    start = time.perf_counter()
    findings = check_procurement(table, fiscal_year, thresholds)
    check_s = time.perf_counter() - start
    synthetic = SyntheticProcurement(seed=0, fiscal_year=fiscal_year, layout="", sheets_mode="",
                                     sheets={}, statements={}, titles={},
                                     defects=truth["defects"], clean_rows=truth["clean_rows"],
                                     header=())
    found, injected = recall(synthetic, findings)
    severities = {s: sum(1 for f in findings if f.severity == s)
                  for s in ("error", "warning", "info")}
    return {"rows": int(len(table.frame)), "sheets": len(table.sheets), "parse_s": parse_s,
            "check_s": check_s, "findings": len(findings), **severities, "found": found,
            "injected": injected, "false_flags": false_flags(synthetic, findings),
            "guarded": truth["guarded"], "peak_mb": peak_mb()}


def _in_child(function: Any, *args: Any) -> Any:
    """``function(*args)`` in a fresh (spawned) process, so its peak memory is its own."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(function, args)


def run_case(rows: int, mode: str, *, layout: str = "ita", seed: int = 0,
             fiscal_year: int = 2567, xlsx_max: int = 120_000, inline: bool = True,
             folder: str | None = None) -> dict[str, Any]:
    """One case, generated and audited (in child processes unless ``inline``)."""
    with tempfile.TemporaryDirectory(prefix="ita-procurement-bench-") as tmp:
        where = folder or tmp
        run = (lambda f, *a: f(*a)) if inline else _in_child
        written = run(generate_case, rows, mode, layout, seed, fiscal_year, xlsx_max, where)
        result = run(audit_case, written["source"], written["kind"], written["answers"],
                     fiscal_year)
    result.update(mode=mode, kind=written["kind"], generate_s=written["generate_s"],
                  write_s=written["write_s"], bytes=written["bytes"])
    result["total_s"] = result["parse_s"] + result["check_s"]
    for step in ("parse", "check", "total"):
        result[f"{step}_rps"] = result["rows"] / result[f"{step}_s"] if result[f"{step}_s"] else 0
    return result


def _label(rows: int) -> str:
    return f"{rows // 1_000_000}m" if rows % 1_000_000 == 0 else (
        f"{rows // 1000}k" if rows % 1000 == 0 else str(rows))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 1_000_000],
                        help="table sizes (rows of a fiscal year)")
    parser.add_argument("--layout", choices=("ita", "sorkhor1"), default="ita")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fiscal-year", type=int, default=2567, dest="fiscal_year")
    parser.add_argument("--xlsx-max", type=int, default=120_000, dest="xlsx_max",
                        help="largest 12-sheet table written and read as .xlsx")
    parser.add_argument("--inline", action="store_true",
                        help="run in this process (peak memory then covers every case)")
    args = parser.parse_args(argv)
    fields: list[str] = [f"rows={','.join(map(str, args.rows))}", f"layout={args.layout}"]
    worst_recall, false_total, bar_met = 1.0, 0, None
    for rows in args.rows:
        for mode in ("csv", "sheets12"):
            r = run_case(rows, mode, layout=args.layout, seed=args.seed,
                         fiscal_year=args.fiscal_year, xlsx_max=args.xlsx_max,
                         inline=args.inline)
            print(f"{mode:8s} {r['rows']:>9,} rows ({r['kind']}, {r['sheets']} sheets, "
                  f"{r['bytes'] / 2**20:.1f} MB; generated in {r['generate_s']:.1f} s, written "
                  f"in {r['write_s']:.1f} s, not counted): parse {r['parse_s']:.2f} s "
                  f"({r['parse_rps']:,.0f} rows/s), checks {r['check_s']:.2f} s "
                  f"({r['check_rps']:,.0f} rows/s), total {r['total_s']:.2f} s "
                  f"({r['total_rps']:,.0f} rows/s); findings {r['findings']:,} "
                  f"(error {r['error']:,}, warning {r['warning']:,}, info {r['info']:,}); "
                  f"injected found {r['found']}/{r['injected']}; "
                  + (f"errors/warnings on clean rows {r['false_flags']}; " if r["guarded"]
                     else "clean rows unguarded at this size; ")
                  + f"peak {r['peak_mb']:.0f} MB")
            key = f"{mode}_{_label(rows)}"
            fields += [f"{key}_parse_s={r['parse_s']:.2f}", f"{key}_check_s={r['check_s']:.2f}",
                       f"{key}_rows_per_s={r['total_rps']:.0f}",
                       f"{key}_peak_mb={r['peak_mb']:.0f}"]
            if mode == "sheets12":
                fields.append(f"{key}_source={r['kind']}")
            worst_recall = min(worst_recall, r["found"] / r["injected"] if r["injected"] else 1)
            false_total += r["false_flags"] if r["guarded"] else 0
            if mode == "csv" and rows >= BAR_ROWS:
                bar_met = r["total_s"] * BAR_ROWS / r["rows"] < BAR_SECONDS
    if bar_met is not None:
        print(f"bar: {BAR_ROWS:,} rows parsed and checked in under {BAR_SECONDS:.0f} s (csv): "
              f"{'met' if bar_met else 'NOT met'}")
    fields += [f"recall={worst_recall:.3f}", f"false_flags={false_total}"]
    print("RESULT " + " ".join(fields))
    return 0 if worst_recall == 1.0 and false_total == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
