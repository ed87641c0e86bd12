"""The ``ita-audit`` executable: starts the warm-kernel server first when the command will
execute notebooks, then hands over to :func:`ita_audit.cli.main`.

The kernel server needs about 2 s to import what the notebooks import, and the runner about
as long. Started first, the server does so on the other core while the command loads, so
``ita-audit run`` waits for neither in turn; it warms up only the years the params files name
(:func:`focus_of`). Other commands import neither the server nor the runner.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ita_audit.run.warm_kernels import Focus

# Commands that execute notebooks in this process (a batch does so in its workers, and here
# only for the cross-agency record, after its jobs).
EXECUTES_NOTEBOOKS = ("run", "verify")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in EXECUTES_NOTEBOOKS and "-h" not in args and "--help" not in args:
        from ita_audit.run.warm_kernels import Focus, start_kernel_server

        start_kernel_server(focus_of(args) if args[0] == "run" else Focus())
    from ita_audit.cli import main as cli_main  # imported after the server has started

    return cli_main(argv)


def focus_of(args: list[str]) -> Focus:
    """The fiscal years ``ita-audit run <params files>`` will audit, read from its params
    files without validating them (the command does that), so that the kernel server warms
    up the criteria of those years only. Anything unclear gives no focus: the server then
    warms up every year, which is only slower."""
    import yaml

    from ita_audit.run.warm_kernels import Focus

    years: set[int] = set()
    for path in (arg for arg in args[1:] if arg.endswith((".yaml", ".yml"))):
        try:
            year = yaml.safe_load(Path(path).read_text(encoding="utf-8"))["fiscal_year"]
        except Exception:                       # unreadable: the command will say why
            return Focus()
        if not isinstance(year, int):
            return Focus()
        years.add(year)
    return Focus(tuple(sorted(years)))
