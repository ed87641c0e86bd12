"""The ``ita-audit`` command line.

The audit commands (``oit``, ``hr``, ``plan``, ``policy``, …) come from the registry of audit
kinds (:data:`ita_audit.kinds.KINDS`); ``run``, ``batch`` and ``verify`` work on records of
any kind.

Exit codes: 0 success; 1 audit findings at error level with ``--strict``; 2 unusable input (a
one-line message names the file and the line or key); 3 a notebook failed to execute.

Building the parser imports no audit, report, runner or chart (pandas, matplotlib and the
notebook machinery take about 2 s to import): each command's handler imports what it runs, so
``--help`` and the ``criteria`` commands start at once.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from functools import cache, partial
from pathlib import Path

from ita_audit import __version__
from ita_audit.errors import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    ExecutionError,
    InputError,
    ItaAuditError,
    WrongDocumentError,
    describe_os_error,
)
from ita_audit.kinds import KINDS, explain
from ita_audit.run.pool import JOBS_PER_WORKER
from ita_audit.thai import fiscal_year_problem
from ita_audit.util.paths import relative
from ita_audit.view.text import clip, fixed_width


class _Parser(argparse.ArgumentParser):
    """argparse's parser, but a usage error is one line with its fix (exit 2), like every other
    error of the command line, not the usage block followed by the error."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(EXIT_INPUT, f"{self.prog}: error: {' '.join(message.split())} "
                              f"(fix: see '{self.prog} --help')\n")


@cache
def build_parser() -> argparse.ArgumentParser:
    """The parser of every sub-command, built once per process (about 10 ms): parsing leaves
    it unchanged, and the tests run the command line in one process hundreds of times."""
    parser = _Parser(prog="ita-audit", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"ita-audit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for kind in KINDS:
        for command in kind.commands:
            sub = commands.add_parser(command.name, help=command.help)
            command.add_arguments(sub)
            sub.set_defaults(handler=command.run)

    run_cmd = commands.add_parser("run", help="execute the audit notebooks of params files; one "
                                  "failing agency-year never stops the others")
    run_cmd.add_argument("params", type=Path, nargs="+", help="params/<year>/<agency>.yaml ...")
    run_cmd.add_argument("--shared-assets", action="store_true",
                         help="link the CSS and font of the audits folder's _assets/, as a batch "
                         "does, instead of embedding them in each page")
    run_cmd.set_defaults(handler=_run)

    batch = commands.add_parser("batch", help="audit many agency-years on a local process pool "
                                "or a Dask cluster; writes audits/index.html")
    batch.add_argument("params_dirs", type=Path, nargs="+", metavar="PARAMS_DIR",
                       help="folders of params/<year>/<agency>.yaml files (or single files)")
    batch.add_argument("--workers", type=int, default=None,
                       help="local worker processes (default: one per CPU core)")
    batch.add_argument("--jobs-per-worker", type=int, default=JOBS_PER_WORKER,
                       dest="jobs_per_worker", metavar="N",
                       help="agency-years each local worker runs at once (default: "
                       f"{JOBS_PER_WORKER}: one renders while another's kernel runs)")
    batch.add_argument("--scheduler", default=None, metavar="ADDRESS",
                       help="run on this Dask distributed scheduler, e.g. tcp://10.0.0.5:8786")
    batch.add_argument("--force", action="store_true",
                       help="re-run agency-years whose record is current")
    batch.add_argument("--self-contained", action="store_true",
                       help="embed the CSS and font in every page, as `run` does, instead of "
                       "linking the audits folder's _assets/ (about 470 KB more per page)")
    batch.set_defaults(handler=_batch)
    for command in (run_cmd, batch):
        command.add_argument("--audits-dir", type=Path, default=None,
                             help="where records (and a batch's index) go (default: audits/)")
        command.add_argument("--data-dir", type=Path, default=None,
                             help="where normalised tables go (default: data/agencies/)")

    lab = commands.add_parser("lab", help="open an agency-year's notebook in JupyterLab (on "
                              "127.0.0.1) with its parameters injected, to run cell by cell")
    lab.add_argument("params", type=Path, help="params/<year>/<agency>.yaml")
    lab.add_argument("--notebook", default=None,
                     help="which of the params file's notebooks (default: the first)")
    lab.add_argument("--no-browser", action="store_true", help="do not open a browser")
    lab.add_argument("--port", type=int, default=None, help="default: a free port")
    lab.set_defaults(handler=_lab)

    synthetic = commands.choices.get("synthetic")
    if synthetic is not None:                   # the OIT kind's generator, plus procurement
        synthetic.add_argument("--procurement", action="store_true",
                               help="also write a synthetic procurement table per agency, with "
                               "injected anomalies (procurement-defects.json)")
        synthetic.set_defaults(handler=partial(_synthetic, synthetic.get_default("handler")))

    verify = commands.add_parser("verify", help="re-execute records and report any drift in "
                                 "inputs or outputs; exit 0 only if every record reproduces")
    verify.add_argument("records", type=Path, nargs="+", help="audits/<year>/<agency> ...")
    verify.set_defaults(handler=_verify)
    _add_criteria(commands)
    return parser


def _add_criteria(commands: argparse._SubParsersAction) -> None:
    """``criteria new|check|show``: scaffold, validate and list a year's criteria
    (docs/criteria.md)."""
    criteria = commands.add_parser("criteria", help="scaffold, check and list a year's criteria "
                                   "files (data/criteria/ita-<year>.yaml; docs/criteria.md)")
    actions = criteria.add_subparsers(dest="criteria_command", required=True,
                                      metavar="{new,check,show}")
    new = actions.add_parser("new", help="write a provisional scaffold of a year from another "
                             "year's criteria, every item to_check")
    new.add_argument("--year", type=int, required=True, help="the year to scaffold (BE)")
    new.add_argument("--from", dest="from_year", type=int, required=True,
                     help="the existing year to copy (BE)")
    new.add_argument("--out", type=Path, default=None,
                     help="where to write (default: ita-<year>.yaml in the criteria folder)")
    new.add_argument("--force", action="store_true", help="replace an existing file")
    new.set_defaults(handler=_criteria_new)
    check = actions.add_parser("check", help="validate a criteria file, its file name and the "
                               "crosswalks beside it")
    check.add_argument("file", type=Path, help="data/criteria/ita-<year>.yaml")
    check.set_defaults(handler=_criteria_check)
    show = actions.add_parser("show", help="list a year's items and their rules")
    show.add_argument("--year", type=int, required=True, help="the fiscal year (BE)")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(handler=_criteria_show)


def _criteria_new(args: argparse.Namespace) -> int:
    """Write the scaffold; print where and how many items."""
    from ita_audit.criteria.authoring import scaffold

    done = scaffold(args.year, args.from_year, args.out, force=args.force)
    print(f"wrote {relative(done.path)}: {done.items} items, scaffold of {done.year} from "
          f"ita-{done.from_year}.yaml (status provisional, every item to_check)")
    return EXIT_OK


def _criteria_check(args: argparse.Namespace) -> int:
    """Check the file; print one line."""
    from ita_audit.criteria.authoring import check_file

    print(check_file(args.file).text())
    return EXIT_OK


def _criteria_show(args: argparse.Namespace) -> int:
    """List the year's items as JSON or as a table."""
    from ita_audit.criteria.authoring import show_document
    from ita_audit.criteria.files import load_criteria

    document = show_document(load_criteria(args.year))
    if args.format == "json":
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return EXIT_OK
    rows = [[entry["item"], clip(entry["name"], 48), clip(entry["group"], 28),
             " ".join(entry["rules"]) or "-"] for entry in document["items"]]
    print(f"ITA {document['year']} OIT criteria: {len(rows)} items, status {document['status']}")
    print("\n".join(fixed_width(["item", "name", "group", "rules"], rows)))
    return EXIT_OK


def on_command_line(err: InputError) -> str:
    """The message of an error in a value that came from no file: at the command line, that
    value is an option's, so the option is named (``--agency: agency id 'a/b' is not…``)."""
    if err.path is not None or not err.where or "." in err.where:
        return str(err)
    option = err.where if err.where.startswith("--") else "--" + err.where.replace("_", "-")
    return f"{option}: {err.problem}" + (f" (fix: {err.fix})" if err.fix else "")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    for option, year in (("--fiscal-year", getattr(args, "fiscal_year", None)),
                         ("--year", getattr(args, "year", None)),
                         ("--from", getattr(args, "from_year", None))):
        problem = fiscal_year_problem(year) if isinstance(year, int) else None
        if problem is not None:
            print(f"ita-audit: error: {option}: {problem[0]} (fix: {problem[1]})",
                  file=sys.stderr)
            return EXIT_INPUT
    try:
        return handler(args)
    except WrongDocumentError as err:
        print(f"ita-audit: error: {explain(err)}", file=sys.stderr)
        return err.exit_code
    except InputError as err:
        print(f"ita-audit: error: {on_command_line(err)}", file=sys.stderr)
        return err.exit_code
    except ItaAuditError as err:
        print(f"ita-audit: error: {err}", file=sys.stderr)
        return err.exit_code
    except BrokenPipeError:         # the reader stopped early (`... | head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as err:          # e.g. --out names a directory, or a folder is read-only
        print(f"ita-audit: error: {describe_os_error(err)} (fix: choose a writable file path)",
              file=sys.stderr)
        return EXIT_INPUT


def _synthetic(oit_synthetic: Callable[[argparse.Namespace], int],
               args: argparse.Namespace) -> int:
    """``ita-audit synthetic``: the OIT workspace, then (``--procurement``) a procurement table
    per agency added to its params file."""
    from ita_audit.procurement.workspace import add_procurement_tables

    if args.procurement and args.served:
        raise InputError(None, "--procurement cannot be combined with --served",
                         where="--procurement", fix="run the two separately")
    code = oit_synthetic(args)
    if code == EXIT_OK and args.procurement:
        count = add_procurement_tables(Path(args.out), args.fiscal_year, args.seed)
        print(f"{Path(args.out).resolve() / 'procurement'}: procurement tables, {count} injected "
              "anomalies (procurement-defects.json)")
    return code


def _run(args: argparse.Namespace) -> int:
    """Run each params file in turn; report every failure and return the worst exit code."""
    from ita_audit.run.runner import run

    worst = EXIT_OK
    for params in args.params:
        try:
            result = run(params, audits_root=args.audits_dir, data_root=args.data_dir,
                         shared_assets=args.shared_assets)
        except (ItaAuditError, OSError) as err:
            if len(args.params) == 1 and not isinstance(err, ExecutionError):
                raise
            print(f"ita-audit: {_describe(err)}", file=sys.stderr)
            worst = max(worst, getattr(err, "exit_code", EXIT_INPUT))
            continue
        for path in result.files:
            print(path)
    return worst


def _batch(args: argparse.Namespace) -> int:
    """Run a batch, print the summary; exit non-zero if any agency-year failed."""
    from ita_audit.run.batch import run_batch, summary_text

    if args.workers is not None and args.workers < 1:
        raise InputError(None, f"--workers {args.workers} must be at least 1", where="--workers",
                         fix="give a positive number of worker processes")
    if args.jobs_per_worker < 1:
        raise InputError(None, f"--jobs-per-worker {args.jobs_per_worker} must be at least 1",
                         where="--jobs-per-worker", fix="give a positive number, e.g. 2")
    report = run_batch(args.params_dirs, workers=args.workers, scheduler=args.scheduler,
                       audits_root=args.audits_dir, data_root=args.data_dir, force=args.force,
                       shared_assets=not args.self_contained,
                       jobs_per_worker=args.jobs_per_worker)
    print(summary_text(report))
    return report.exit_code


def _verify(args: argparse.Namespace) -> int:
    """Verify each record; 0 only if every one reproduces (1 drift, 2 no manifest)."""
    from ita_audit.run.verify import verify_record

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


def _lab(args: argparse.Namespace) -> int:
    """Prepare the notebook in work/<year>/<agency>/ and run JupyterLab on it until stopped."""
    from ita_audit.run.lab import prepare_workspace, start_lab

    workspace = prepare_workspace(args.params, args.notebook)
    code = start_lab(workspace, port=args.port, open_browser=not args.no_browser)
    return int(code) if isinstance(code, int) else EXIT_OK


def _describe(err: Exception) -> str:
    """The line ``run`` prints for a params file that failed."""
    if isinstance(err, ExecutionError):
        return f"execution failed: {err}; the previous record is untouched"
    return "error: " + (describe_os_error(err) if isinstance(err, OSError) else str(err))


if __name__ == "__main__":
    sys.exit(main())
