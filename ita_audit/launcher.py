"""The ``ita-audit`` executable: starts the warm-kernel server first when the command will
execute notebooks, then hands over to :func:`ita_audit.cli.main`.

Importing the command line imports every audit kind (about 2 s); the kernel server needs
about as long to import what the notebooks import. Started first, it does so on the other
core while the command line loads, so ``ita-audit run`` waits for neither in turn.
"""
from __future__ import annotations

import sys

from ita_audit.run.warm_kernels import start_kernel_server

# Commands that execute notebooks in this process (a batch does so in its workers, and here
# only for the cross-agency record, after its jobs).
EXECUTES_NOTEBOOKS = ("run", "verify")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in EXECUTES_NOTEBOOKS and "-h" not in args and "--help" not in args:
        start_kernel_server()
    from ita_audit.cli import main as cli_main  # imported after the server has started

    return cli_main(argv)
