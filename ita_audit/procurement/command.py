"""``ita-audit procurement``: check an agency's procurement table (ITA list or สขร.1 form) row by
row and as a whole.

:func:`run` imports the audit and its report (pandas), so that building the command line
does not."""
from __future__ import annotations

import argparse
from pathlib import Path

from ita_audit.errors import EXIT_FINDINGS, EXIT_OK
from ita_audit.view.command import add_output_options, emit


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``ita-audit procurement`` options."""
    parser.add_argument("--data", required=True, type=Path,
                        help="the table: .xlsx (every sheet), .csv or .tsv")
    parser.add_argument("--fiscal-year", required=True, type=int,
                        help="the fiscal year (BE) the table reports, e.g. 2568")
    add_output_options(parser, "exit 1 if any finding is an error")


def run(args: argparse.Namespace) -> int:
    """Audit the table; exit 1 with ``--strict`` when a finding is an error."""
    from ita_audit.procurement.audit import run_procurement_audit
    from ita_audit.procurement.report import text_table

    audit = run_procurement_audit(args.data.absolute(), args.fiscal_year, agency=args.agency)
    emit(audit, args.format, text_table)
    return EXIT_FINDINGS if args.strict and audit.counts()["error"] else EXIT_OK
