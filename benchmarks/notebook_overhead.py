"""Wall time of an audit notebook against an empty notebook, measured in the same run.

Both are executed by papermill on the same kernel spec (python3 of this environment), each on
a fresh kernel forked from the warm kernel server as ``ita-audit run`` does, the server
focused on the params file's fiscal year as ``ita-audit run`` starts it (``--cold``: each
kernel launched the ordinary way), alternately, REPEAT times each; the medians (and the
minima) are compared. Prints one line per measurement and ends with ``RESULT audit_s=…
empty_s=… ratio=… audit_min_s=… empty_min_s=… ratio_min=… kernels=warm|launched``.

    .venv/bin/python benchmarks/notebook_overhead.py [--repeat 5] [--params params/2562/sso.yaml]
        [--notebook policy_document] [--cold]

The notebook is ``--notebook``, else the first one the params file lists (default: the SSO 2566
OIT audit).
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import nbformat

from ita_audit.run.execute import KERNEL, execute_notebook
from ita_audit.run.params import load_params
from ita_audit.run.warm_kernels import Focus, start_kernel_server
from ita_audit.util.paths import notebook_template, repo_root


def empty_notebook(folder: Path) -> Path:
    """A notebook with one trivial code cell and a parameters cell, like the template."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("x = 1")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("x")]
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3", "language": "python"}
    path = folder / "empty.ipynb"
    nbformat.write(nb, path)
    return path


def timed(source: Path, folder: Path, parameters: dict, warm: bool = True) -> float:
    """Wall time of one execution, the way ``ita-audit run`` executes notebooks (on a kernel
    forked from the warm kernel server; ``warm=False``: a kernel launched the ordinary way)."""
    start = time.perf_counter()
    execute_notebook(source, parameters, folder, warm=warm)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--params", type=Path, default=repo_root() / "params" / "2566" / "sso.yaml")
    parser.add_argument("--notebook", default=None, help="one of the notebooks the params list")
    parser.add_argument("--cold", action="store_true",
                        help="launch every kernel the ordinary way (no warm kernel server)")
    args = parser.parse_args()
    audit_params = load_params(args.params)
    if args.notebook is not None and args.notebook not in audit_params.notebooks:
        parser.error(f"{args.params} does not list notebook {args.notebook!r}")
    notebook = args.notebook or audit_params.notebooks[0]
    params = audit_params.notebook_parameters(notebook)
    if not args.cold:
        start_kernel_server(Focus((audit_params.fiscal_year,)))    # as ita-audit run does
    audit_times, empty_times = [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        empty = empty_notebook(folder)
        for run in range(args.repeat):
            empty_times.append(timed(empty, folder, {"x": run}, warm=not args.cold))
            audit_times.append(timed(notebook_template(notebook), folder, params,
                                     warm=not args.cold))
            print(f"run {run + 1}: empty {empty_times[-1]:.2f} s, audit {audit_times[-1]:.2f} s")
    # Medians, plus minima: kernel start-up now and then stalls for ~3 s (either notebook).
    audit_s, empty_s = statistics.median(audit_times), statistics.median(empty_times)
    audit_min, empty_min = min(audit_times), min(empty_times)
    print(f"RESULT audit_s={audit_s:.2f} empty_s={empty_s:.2f} ratio={audit_s / empty_s:.2f} "
          f"audit_min_s={audit_min:.2f} empty_min_s={empty_min:.2f} "
          f"ratio_min={audit_min / empty_min:.2f} repeat={args.repeat} notebook={notebook} "
          f"kernels={'launched' if args.cold else 'warm'}")


if __name__ == "__main__":
    main()
