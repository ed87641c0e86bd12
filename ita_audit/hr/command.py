"""``ita-audit hr``: check an annual HR report (OCSC form), every total, share and ratio
re-derived.

:func:`run` imports the audit and its report (pandas), so that building the command line
does not."""
from __future__ import annotations

import argparse
from pathlib import Path

from ita_audit.errors import EXIT_FINDINGS, EXIT_OK
from ita_audit.view.command import add_output_options, emit


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``ita-audit hr`` options."""
    parser.add_argument("--report", required=True, type=Path, help="the report as text")
    parser.add_argument("--fiscal-year", type=int, default=None,
                        help="the year the report must be for (default: the year it states)")
    add_output_options(parser, "exit 1 if any finding is an error")


def run(args: argparse.Namespace) -> int:
    """Audit the report; exit 1 with ``--strict`` when a finding is an error."""
    from ita_audit.hr.audit import run_hr_audit
    from ita_audit.hr.report import text_table

    audit = run_hr_audit(args.report.absolute(), args.fiscal_year, agency=args.agency)
    emit(audit, args.format, text_table)
    return EXIT_FINDINGS if args.strict and audit.counts()["error"] else EXIT_OK
