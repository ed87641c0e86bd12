"""What every audit command shares: the ``--agency``, ``--format`` and ``--strict`` options, and
printing an audit as the JSON contract (DESIGN.md §3) or as the terminal table."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any


def add_output_options(parser: argparse.ArgumentParser, strict: str) -> None:
    """``--agency``, ``--format json|table`` and ``--strict`` (``strict`` says when it exits 1)."""
    parser.add_argument("--agency", default="unnamed-agency",
                        help="agency id (a slug such as 'sso'; default: unnamed-agency)")
    parser.add_argument("--format", choices=("json", "table"), default="table")
    parser.add_argument("--strict", action="store_true", help=strict)


def emit(audit: Any, fmt: str, text_table: Callable[[Any], str]) -> None:
    """Print an audit as the JSON contract or as the terminal table; with the table, the
    audit's warnings (which the JSON carries) go to standard error, one line each."""
    if fmt == "json":
        print(json.dumps(audit.to_json(), ensure_ascii=False, indent=2))
        return
    print(text_table(audit))
    for warning in getattr(audit, "warnings", None) or ():
        print(f"ita-audit: warning: {' '.join(str(warning).split())}", file=sys.stderr)
