"""The OIT commands: ``ita-audit oit`` (audit one disclosure index), ``ita-audit import``
(normalise one into a TSV table) and ``ita-audit synthetic`` (generate agencies)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ita_audit.criteria.files import load_criteria
from ita_audit.errors import EXIT_FINDINGS, EXIT_OK
from ita_audit.oit.audit import run_oit_audit
from ita_audit.oit.disclosure import write_table
from ita_audit.oit.load import load_disclosure
from ita_audit.oit.report import text_table
from ita_audit.thai import BASES
from ita_audit.util.paths import agency_data_dir
from ita_audit.view.command import add_output_options, emit

BASE_URL_HELP = ("web address of a saved HTML index page (HTML pages are detected too); "
                 "resolves its relative links")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``ita-audit oit`` options."""
    parser.add_argument("--fiscal-year", type=int, required=True,
                        help="Buddhist-Era year, e.g. 2566")
    parser.add_argument("--disclosure", required=True, type=Path,
                        help="disclosure index (seed text, TSV, CSV or a saved HTML page; "
                             "detected)")
    parser.add_argument("--year-basis", choices=BASES, default="fiscal")
    parser.add_argument("--base-url", default=None, help=BASE_URL_HELP)
    add_output_options(parser, "exit 1 if any item fails")


def run(args: argparse.Namespace) -> int:
    """Audit the index; exit 1 with ``--strict`` when an item fails."""
    # A path typed on the command line is relative to the working directory, not the repo.
    audit = run_oit_audit(args.disclosure.absolute(), args.fiscal_year, agency=args.agency,
                          year_basis=args.year_basis, base_url=args.base_url)
    emit(audit, args.format, text_table)
    return EXIT_FINDINGS if args.strict and audit.counts()["fail"] else EXIT_OK


def add_import_arguments(parser: argparse.ArgumentParser) -> None:
    """``ita-audit import`` options."""
    parser.add_argument("disclosure", type=Path)
    parser.add_argument("--agency", required=True)
    parser.add_argument("--fiscal-year", type=int, required=True)
    parser.add_argument("--out", type=Path, default=None,
                        help="default: data/agencies/<agency>/<year>/disclosure.tsv")
    parser.add_argument("--base-url", default=None, help=BASE_URL_HELP)


def run_import(args: argparse.Namespace) -> int:
    """Write the normalised table; print its path, row count, format and encoding."""
    criteria = load_criteria(args.fiscal_year)
    index = load_disclosure(args.disclosure, valid_items=criteria.item_ids(),
                            base_url=args.base_url)
    out = args.out or agency_data_dir(args.agency, args.fiscal_year) / "disclosure.tsv"
    write_table(index, out)
    for warning in index.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"{out} ({len(index.documents)} rows, format {index.format}, {index.encoding})")
    return EXIT_OK
