"""The ``ita-audit`` command line.

Exit codes: 0 success; 1 audit findings at error level with ``--strict``; 2 unusable input (a
one-line message names the file and the line or key); 3 a notebook failed to execute.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

from .errors import (EXIT_EXECUTION, EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, InputError,
                     describe_os_error)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ita-audit", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    oit = commands.add_parser("oit", help="audit one disclosure index against the OIT criteria")
    oit.add_argument("--fiscal-year", type=int, required=True, help="Buddhist-Era year, e.g. 2566")
    oit.add_argument("--disclosure", required=True, type=Path,
                     help="disclosure index (seed text, TSV, CSV or a saved HTML page; detected)")
    oit.add_argument("--agency", default="agency", help="agency id (a slug such as 'sso')")
    oit.add_argument("--year-basis", choices=("fiscal", "calendar"), default="fiscal")
    oit.add_argument("--format", choices=("json", "table"), default="table")
    oit.add_argument("--strict", action="store_true", help="exit 1 if any item fails")
    oit.add_argument("--base-url", default=None, help="web address of a saved HTML index page "
                     "(HTML pages are detected too); resolves its relative links")

    for name, about in (("hr", "check an annual HR report (OCSC form): every total, share and "
                                "ratio re-derived"),
                        ("plan", "check an ITA improvement-plan progress report: indicators, "
                                 "measures, periods, owners and status")):
        report = commands.add_parser(name, help=about)
        report.add_argument("--report", required=True, type=Path, help="the report as text")
        report.add_argument("--fiscal-year", type=int, default=None,
                            help="the year the report must be for (default: the year it states)")
        report.add_argument("--agency", default="agency", help="agency id (a slug such as 'sso')")
        report.add_argument("--format", choices=("json", "table"), default="table")
        report.add_argument("--strict", action="store_true",
                            help="exit 1 if any finding is an error")

    policy = commands.add_parser("policy", help="judge a policy announcement as evidence for "
                                 "one OIT item and year: date, signer, topics")
    policy.add_argument("--document", required=True, type=Path, help="the announcement as text")
    policy.add_argument("--item", required=True, help="the OIT item, e.g. O31")
    policy.add_argument("--fiscal-year", type=int, required=True, help="Buddhist-Era year")
    policy.add_argument("--agency", default="agency", help="agency id (a slug such as 'sso')")
    policy.add_argument("--year-basis", choices=("fiscal", "calendar"), default="fiscal")
    policy.add_argument("--format", choices=("json", "table"), default="table")
    policy.add_argument("--strict", action="store_true",
                        help="exit 1 unless the document is valid evidence (verdict pass)")

    run = commands.add_parser("run", help="execute the audit notebooks of params files; one "
                              "failing agency-year never stops the others")
    run.add_argument("params", type=Path, nargs="+", help="params/<year>/<agency>.yaml ...")

    batch = commands.add_parser("batch", help="audit many agency-years on a local process pool "
                                "or a Dask cluster; writes audits/index.html")
    batch.add_argument("params_dirs", type=Path, nargs="+", metavar="PARAMS_DIR",
                       help="folders of params/<year>/<agency>.yaml files (or single files)")
    batch.add_argument("--workers", type=int, default=None,
                       help="local worker processes (default: one per CPU core)")
    batch.add_argument("--scheduler", default=None, metavar="ADDRESS",
                       help="run on this Dask distributed scheduler, e.g. tcp://10.0.0.5:8786")
    batch.add_argument("--force", action="store_true",
                       help="re-run agency-years whose record is current")
    for command in (run, batch):
        command.add_argument("--audits-dir", type=Path, default=None,
                             help="where records (and a batch's index) go (default: audits/)")
        command.add_argument("--data-dir", type=Path, default=None,
                             help="where normalised tables go (default: data/agencies/)")

    verify = commands.add_parser("verify", help="re-execute records and report any drift in "
                                 "inputs or outputs; exit 0 only if every record reproduces")
    verify.add_argument("records", type=Path, nargs="+", help="audits/<year>/<agency> ...")

    synthetic = commands.add_parser("synthetic", help="write N synthetic agency disclosure "
                                    "indexes with recorded defects, and their params files")
    from .synthetic import build_parser as synthetic_options
    synthetic_options(synthetic)

    imp = commands.add_parser("import", help="normalise a disclosure index into a TSV table")
    imp.add_argument("disclosure", type=Path)
    imp.add_argument("--agency", required=True)
    imp.add_argument("--fiscal-year", type=int, required=True)
    imp.add_argument("--out", type=Path, default=None,
                     help="default: data/agencies/<agency>/<year>/disclosure.tsv")
    imp.add_argument("--base-url", default=None, help="web address of a saved HTML index page; "
                     "resolves its relative links")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    from .criteria import CriteriaError

    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (InputError, CriteriaError) as err:
        print(f"ita-audit: error: {err}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:         # the reader stopped early (`... | head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as err:          # e.g. --out names a directory, or a folder is read-only
        print(f"ita-audit: error: {describe_os_error(err)} (fix: choose a writable file path)",
              file=sys.stderr)
        return EXIT_INPUT


def _emit(audit: Any, fmt: str, text_table: Callable[[Any], str]) -> None:
    """Print an audit as the JSON contract or as the terminal table."""
    if fmt == "json":
        print(json.dumps(audit.to_json(), ensure_ascii=False, indent=2))
    else:
        print(text_table(audit))


def _oit(args: argparse.Namespace) -> int:
    from .oit import run_oit_audit
    from .report import text_table

    # A path typed on the command line is relative to the working directory, not the repo.
    audit = run_oit_audit(args.disclosure.absolute(), args.fiscal_year, agency=args.agency,
                          year_basis=args.year_basis, base_url=args.base_url)
    _emit(audit, args.format, text_table)
    return EXIT_FINDINGS if args.strict and audit.counts()["fail"] else EXIT_OK


def _hr(args: argparse.Namespace) -> int:
    from .hr_audit import run_hr_audit
    from .hr_report import text_table

    audit = run_hr_audit(args.report.absolute(), args.fiscal_year, agency=args.agency)
    _emit(audit, args.format, text_table)
    return EXIT_FINDINGS if args.strict and audit.counts()["error"] else EXIT_OK


def _plan(args: argparse.Namespace) -> int:
    from .plan_audit import run_plan_audit
    from .plan_report import text_table

    audit = run_plan_audit(args.report.absolute(), args.fiscal_year, agency=args.agency)
    _emit(audit, args.format, text_table)
    return EXIT_FINDINGS if args.strict and audit.counts()["error"] else EXIT_OK


def _policy(args: argparse.Namespace) -> int:
    from .document_report import text_table
    from .documents import run_policy_audit

    audit = run_policy_audit(args.document.absolute(), args.item, args.fiscal_year,
                             agency=args.agency, basis=args.year_basis)
    _emit(audit, args.format, text_table)
    return EXIT_FINDINGS if args.strict and audit.verdict != "pass" else EXIT_OK


def _run(args: argparse.Namespace) -> int:
    """Run each params file in turn; report every failure and return the worst exit code."""
    from .runner import ExecutionError, run

    worst = EXIT_OK
    for params in args.params:
        try:
            result = run(params, audits_root=args.audits_dir, data_root=args.data_dir)
        except ExecutionError as err:
            print(f"ita-audit: execution failed: {err}; the previous record is untouched",
                  file=sys.stderr)
            worst = max(worst, EXIT_EXECUTION)
            continue
        except (InputError, OSError) as err:
            if len(args.params) == 1:
                raise
            print(f"ita-audit: error: {_describe(err)}", file=sys.stderr)
            worst = max(worst, EXIT_INPUT)
            continue
        for path in result.files:
            print(path)
    return worst


def _batch(args: argparse.Namespace) -> int:
    """Run a batch, print the summary; exit non-zero if any agency-year failed."""
    from .batch import run_batch, summary_text

    if args.workers is not None and args.workers < 1:
        raise InputError(None, f"--workers {args.workers} must be at least 1", where="--workers",
                         fix="give a positive number of worker processes")
    report = run_batch(args.params_dirs, workers=args.workers, scheduler=args.scheduler,
                       audits_root=args.audits_dir, data_root=args.data_dir, force=args.force)
    print(summary_text(report))
    return report.exit_code


def _verify(args: argparse.Namespace) -> int:
    """Verify each record; 0 only if every one reproduces (1 drift, 2 no manifest)."""
    from .verify import verify_record

    worst = EXIT_OK
    for record in args.records:
        try:
            outcome = verify_record(record)
        except InputError as err:
            print(f"ita-audit: error: {err}", file=sys.stderr)
            worst = max(worst, EXIT_INPUT)
            continue
        print(outcome.text())
        if not outcome.reproduces:
            worst = max(worst, EXIT_FINDINGS)
    return worst


def _synthetic(args: argparse.Namespace) -> int:
    """Write a synthetic workspace (raw/, params/<year>/, defects.json)."""
    from .synthetic import run as write_synthetic

    return write_synthetic(args)


def _describe(err: Exception) -> str:
    return describe_os_error(err) if isinstance(err, OSError) else str(err)


def _import(args: argparse.Namespace) -> int:
    from .criteria import load_criteria
    from .disclosure import load_disclosure, write_table
    from .paths import agency_data_dir

    criteria = load_criteria(args.fiscal_year)
    index = load_disclosure(args.disclosure, valid_items=criteria.item_ids(),
                            base_url=args.base_url)
    out = args.out or agency_data_dir(args.agency, args.fiscal_year) / "disclosure.tsv"
    write_table(index, out)
    for warning in index.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"{out} ({len(index.documents)} rows, format {index.format}, {index.encoding})")
    return EXIT_OK


COMMANDS = {"oit": _oit, "hr": _hr, "plan": _plan, "policy": _policy, "run": _run,
            "batch": _batch, "verify": _verify, "synthetic": _synthetic, "import": _import}

if __name__ == "__main__":
    sys.exit(main())
