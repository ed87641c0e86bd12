"""``ita-audit policy``: judge a policy announcement as evidence for one OIT item and year
(date, signer, topics).

:func:`run` imports the audit and its report (pandas), so that building the command line
does not."""
from __future__ import annotations

import argparse
from pathlib import Path

from ita_audit.errors import EXIT_FINDINGS, EXIT_OK
from ita_audit.thai import BASES
from ita_audit.view.command import add_output_options, emit


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``ita-audit policy`` options."""
    parser.add_argument("--document", required=True, type=Path,
                        help="the announcement as text")
    parser.add_argument("--item", required=True, help="the OIT item, e.g. O31")
    parser.add_argument("--fiscal-year", type=int, required=True, help="Buddhist-Era year")
    parser.add_argument("--year-basis", choices=BASES, default="fiscal")
    add_output_options(parser, "exit 1 unless the document is valid evidence (verdict pass)")


def run(args: argparse.Namespace) -> int:
    """Judge the document; exit 1 with ``--strict`` unless the verdict is pass."""
    from ita_audit.policy.audit import run_policy_audit
    from ita_audit.policy.report import text_table

    audit = run_policy_audit(args.document.absolute(), args.item, args.fiscal_year,
                             agency=args.agency, basis=args.year_basis)
    emit(audit, args.format, text_table)
    return EXIT_FINDINGS if args.strict and audit.verdict != "pass" else EXIT_OK
