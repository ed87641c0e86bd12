"""The OIT commands: ``ita-audit oit`` (audit one disclosure index), ``ita-audit import``
(normalise one into a TSV table), ``ita-audit collect`` (fetch the documents an index links to)
and ``ita-audit synthetic`` (generate agencies).

The report (pandas), the collector (httpx) and the served workspace (matplotlib) are imported
by the commands that use them, so that building the command line does not import them."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ita_audit.criteria.files import load_criteria
from ita_audit.errors import EXIT_FINDINGS, EXIT_OK, InputError
from ita_audit.evidence.archive import DEFAULT_MAX_BYTES, EVIDENCE_TABLE, STATUSES, load_archive
from ita_audit.oit.audit import run_oit_audit
from ita_audit.oit.content import AnnouncementJudge
from ita_audit.oit.disclosure import table_text
from ita_audit.oit.load import load_disclosure
from ita_audit.oit.synthetic import DEFAULT_DEFECT_RATE, generate, write_workspace
from ita_audit.thai import BASES
from ita_audit.util.atomic import atomic_write_text
from ita_audit.util.paths import agency_data_dir, check_agency
from ita_audit.view.command import add_output_options, emit
from ita_audit.view.text import clip, fixed_width

if TYPE_CHECKING:
    from ita_audit.evidence.collect import Link

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
    parser.add_argument("--evidence", type=Path, default=None, metavar="DIR",
                        help="judge the documents behind the links too, from the archive "
                             "ita-audit collect wrote (offline)")
    add_output_options(parser, "exit 1 if any item fails")


def run(args: argparse.Namespace, announcements: AnnouncementJudge | None = None) -> int:
    """Audit the index; exit 1 with ``--strict`` when an item fails."""
    from ita_audit.oit.report import text_table

    # A path typed on the command line is relative to the working directory, not the repo.
    audit = run_oit_audit(args.disclosure.absolute(), args.fiscal_year, agency=args.agency,
                          year_basis=args.year_basis, base_url=args.base_url,
                          evidence=args.evidence.absolute() if args.evidence else None,
                          announcements=announcements)
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
    parser.add_argument("--force", action="store_true",
                        help="replace an existing table that differs (a record may list it)")


def run_import(args: argparse.Namespace) -> int:
    """Write the normalised table; print its path, row count, format and encoding. An existing
    table with other contents (a record's manifest may list it) is replaced only with
    ``--force``."""
    check_agency(args.agency)             # a safe slug, whether or not it names the --out
    criteria = load_criteria(args.fiscal_year)
    index = load_disclosure(args.disclosure, valid_items=criteria.item_ids(),
                            base_url=args.base_url)
    out = args.out or agency_data_dir(args.agency, args.fiscal_year) / "disclosure.tsv"
    text = table_text(index)
    if not args.force and out.is_file() and out.read_bytes() != text.encode("utf-8"):
        raise InputError(out, "a different normalised table is already there (a record made "
                         "from the agency-year may list it)", fix="give another --out, or "
                         "--force to replace it and then re-run the agency-year's audit")
    atomic_write_text(out, text)
    for warning in index.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"{out} ({len(index.documents)} rows, format {index.format}, {index.encoding})")
    return EXIT_OK


def add_collect_arguments(parser: argparse.ArgumentParser) -> None:
    """``ita-audit collect`` options."""
    parser.add_argument("--disclosure", required=True, type=Path,
                        help="disclosure index (seed text, TSV, CSV or a saved HTML page)")
    parser.add_argument("--fiscal-year", type=int, required=True,
                        help="Buddhist-Era year, e.g. 2566")
    parser.add_argument("--base-url", default=None, help=BASE_URL_HELP)
    parser.add_argument("--out", required=True, type=Path, metavar="DIR",
                        help="the evidence folder (files/, text/, evidence.tsv)")
    parser.add_argument("--allow-private", action="store_true",
                        help="fetch from private, loopback and link-local addresses too")
    parser.add_argument("--offline", action="store_true",
                        help="use the archive only; fetch nothing")
    parser.add_argument("--resolve", action="append", default=[], metavar="HOST=ADDRESS:PORT",
                        help="fetch HOST from ADDRESS:PORT (like curl --resolve); repeatable")
    parser.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                        help="largest document fetched (default 50 MB)")
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="seconds to wait for a server's answer (default 30)")
    parser.add_argument("--format", choices=("json", "table"), default="table")
    parser.add_argument("--force", action="store_true",
                        help="collect into a folder whose table lists links this index does "
                             "not have (they are dropped from it)")


def run_collect(args: argparse.Namespace) -> int:
    """Fetch, archive and read every linked document; print the table or the JSON."""
    from ita_audit.evidence.collect import collect, links_of
    from ita_audit.evidence.fetch import Policy

    criteria = load_criteria(args.fiscal_year)
    index = load_disclosure(args.disclosure.absolute(), valid_items=criteria.item_ids(),
                            base_url=args.base_url)
    if args.max_bytes < 1 or args.timeout <= 0:
        raise InputError(None, "--max-bytes and --timeout must be positive",
                         where="--max-bytes/--timeout", fix="give e.g. --max-bytes 52428800")
    policy = Policy(allow_private=args.allow_private, max_bytes=args.max_bytes,
                    read_timeout=args.timeout, resolve=parse_resolve(args.resolve))
    links = links_of(index.documents)
    if not args.force:
        kept_links(links, args.out)
    archive = collect(links, args.out, policy, offline=args.offline)
    if args.format == "json":
        print(json.dumps({"documents": [r.to_json() for r in archive.records]},
                         ensure_ascii=False, indent=2))
    else:
        rows = [[r.item, r.status, str(r.http_status or "-"), r.content_type or "-",
                 str(r.bytes) if r.bytes is not None else "-", clip(r.url, 60),
                 clip(r.message, 50)] for r in archive.records]
        print("\n".join(fixed_width(["item", "status", "http", "type", "bytes", "url",
                                      "message"], rows)))
        counts = {s: sum(r.status == s for r in archive.records) for s in STATUSES}
        print(f"\n{len(archive.records)} links: " + ", ".join(f"{n} {s}" for s, n in
                                                             counts.items() if n)
              + f"; archive {archive.root}")
    return EXIT_OK


def kept_links(links: Sequence[Link], folder: Path) -> None:
    """Refuse to collect into an archive whose table lists links this index does not have:
    the new table would drop them (a record made with the archive lists its table). Collecting
    the same index again, or one with more links, refreshes it."""
    if not (folder / EVIDENCE_TABLE).is_file():
        return
    listed = {(r.item, r.url) for r in load_archive(folder).records}
    dropped = sorted(listed - {(link.item, link.url) for link in links})
    if dropped:
        item, url = dropped[0]
        raise InputError(folder / EVIDENCE_TABLE, f"lists {len(dropped)} link(s) this index "
                         f"does not have (e.g. {item} {url}); collecting would drop them from "
                         "the table", fix="give another --out folder, or --force to keep only "
                         "this index's links")


def parse_resolve(entries: list[str]) -> dict[str, tuple[str, int]]:
    """``HOST=ADDRESS:PORT`` options as a mapping; a malformed one is an InputError."""
    out: dict[str, tuple[str, int]] = {}
    for entry in entries:
        host, _, target = entry.partition("=")
        address, _, port = target.rpartition(":")
        if not host or not address or not port.isascii() or not port.isdigit() \
                or not 1 <= int(port) <= 65535:
            raise InputError(None, f"--resolve {entry!r} is not HOST=ADDRESS:PORT",
                             where="--resolve", fix="write e.g. --resolve "
                             "www.example.go.th=127.0.0.1:8080")
        out[host.lower()] = (address.strip("[]"), int(port))
    return out


def add_synthetic_arguments(parser: argparse.ArgumentParser) -> None:
    """``ita-audit synthetic`` options."""
    parser.add_argument("--n", type=int, required=True, help="number of agencies")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fiscal-year", type=int, default=2566, dest="fiscal_year")
    parser.add_argument("--defect-rate", type=float, default=DEFAULT_DEFECT_RATE,
                        dest="defect_rate", help="chance that an item carries a defect")
    parser.add_argument("--format", choices=("text", "tsv"), default="text", dest="fmt",
                        help="disclosure file format (tsv carries URLs)")
    parser.add_argument("--served", action="store_true",
                        help="also make every linked document (with content defects), serve "
                             "them on 127.0.0.1 and collect each agency's evidence archive")


def run_synthetic(args: argparse.Namespace) -> int:
    """Generate and write the workspace the arguments describe, and say how to audit it. Bad
    options raise InputError (exit 2)."""
    if args.n < 1:
        raise InputError(None, f"--n {args.n} must be at least 1", where="--n",
                         fix="ask for one or more agencies")
    if not 0.0 <= args.defect_rate <= 1.0:
        raise InputError(None, f"--defect-rate {args.defect_rate} must be between 0 and 1",
                         where="--defect-rate", fix="give a probability such as 0.08")
    out_dir = Path(args.out)
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        # a second run into one folder would leave the first's params and indexes beside
        # this run's, and a defects.json that describes only this run
        raise InputError(out_dir, "is not an empty folder (a workspace of an earlier run, or "
                         "other files: the batch would audit them with this run's)",
                         where="--out", fix="give a new or empty --out folder")
    criteria = load_criteria(args.fiscal_year)
    agencies = generate(args.n, fiscal_year=args.fiscal_year, seed=args.seed,
                        defect_rate=args.defect_rate, criteria=criteria)
    if args.served:
        from ita_audit.oit.served import write_served_workspace

        served = write_served_workspace(agencies, criteria, args.out, seed=args.seed)
        out = Path(args.out).resolve()
        defects = sum(len(a.defects) for a in agencies) + sum(len(s.defects) for s in served)
    else:
        out = Path(write_workspace(agencies, args.out, fmt=args.fmt))
        defects = sum(len(a.defects) for a in agencies)
    print(f"{out}: {len(agencies)} agencies, {defects} injected defects (defects.json); "
          f"audit them with: ita-audit batch {out / 'params'} --audits-dir {out / 'audits'} "
          f"--data-dir {out / 'agencies'}")
    return EXIT_OK
