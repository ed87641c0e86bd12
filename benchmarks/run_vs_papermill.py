"""Wall time of ``ita-audit run`` against the papermill + nbconvert a user would script by hand.

Both sides execute the OIT notebook (``notebooks/oit_audit.ipynb``) of one agency-year, each as
subprocesses started from this environment's ``bin/`` folder, from the repository root:

* **run**: ``ita-audit run <params> --audits-dir <tmp>/audits --data-dir <tmp>/data``, which
  checks the inputs, writes the normalised tables, executes the notebook (kernel forked from its
  warm kernel server), and writes the scrubbed ``.ipynb``, the full HTML, the reviewer HTML and
  ``manifest.json``. The params file must list only ``oit_audit``; if ``--params`` lists other
  notebooks too, a temporary copy listing only ``oit_audit`` is run instead.
* **plain**: ``papermill notebooks/oit_audit.ipynb <tmp>/out.ipynb -f <tmp>/params.yaml
  -k python3 --cwd <tmp>`` (papermill's defaults otherwise: it saves the notebook after every
  cell), then ``jupyter nbconvert --to html <tmp>/out.ipynb``. ``params.yaml`` holds exactly
  the parameters the run injects, ``load_params(path).notebook_parameters("oit_audit")``.

Every repetition of either side gets a fresh temporary folder (``ita-audit run`` re-executes
an existing record anyway; the fresh folder keeps the two sides alike). One untimed warm-up of
each comes first (file-system cache, byte-code), then the two alternate ``--repeat`` times.
A subprocess that exits non-zero ends the benchmark with the last lines of its stderr.

    .venv/bin/python benchmarks/run_vs_papermill.py [--repeat 5]
        [--params params/2566/syn-0001.yaml] [--bin .venv/bin]

Printed, one line per measurement, then the summary and
``RESULT run_s=… plain_s=… ratio=… run_min_s=… plain_min_s=… ratio_min=… run_cpu_s=…
plain_cpu_s=… run_bytes=… plain_bytes=… repeat=…``:

* ``run_s``, ``plain_s``: median wall seconds of one repetition (for plain, papermill plus
  nbconvert); ``ratio``: ``run_s / plain_s``. ``*_min_s`` and ``ratio_min``: the same for the
  minima (kernel start-up now and then stalls for seconds, on either side).
* ``run_cpu_s``, ``plain_cpu_s``: median CPU seconds (user + system) of the repetition's process
  tree, ``getrusage(RUSAGE_CHILDREN)`` before and after; it counts only descendants that were
  waited for (papermill's kernel is; ``ita-audit run``'s kernel server waits for the kernels it
  forks and is waited for on exit).
* ``run_bytes``, ``plain_bytes``: bytes written by one repetition (every file under its
  temporary folder except plain's ``params.yaml``); each file is printed once with its size.

Timings are of one run on this machine; another process running at the same time (a test
suite, say) makes them larger.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from ita_audit.run.params import load_params
from ita_audit.util.paths import notebook_template, repo_root

NOTEBOOK = "oit_audit"
KERNEL = "python3"
STDERR_LINES = 20


def children_cpu() -> float:
    """User + system CPU seconds of the children waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def oit_only(params: Path, folder: Path) -> Path:
    """``params`` if it lists only the OIT notebook, else a copy in ``folder`` that does."""
    if load_params(params).notebooks == (NOTEBOOK,):
        return params
    raw = yaml.safe_load(params.read_text(encoding="utf-8"))
    raw["notebooks"] = [NOTEBOOK]
    copy = folder / params.name
    copy.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    load_params(copy)                            # still valid with one notebook
    return copy


def call(argv: list[str], env: dict[str, str]) -> None:
    """Run one subprocess from the repository root; a failure ends the benchmark."""
    done = subprocess.run(argv, cwd=repo_root(), env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, encoding="utf-8",
                          errors="replace")
    if done.returncode != 0:
        tail = "\n".join(done.stderr.splitlines()[-STDERR_LINES:])
        raise SystemExit(f"{' '.join(argv)}\nexited with {done.returncode}:\n{tail}")


def measured(commands: list[list[str]], env: dict[str, str]) -> tuple[float, float, list[float]]:
    """Wall seconds and process-tree CPU seconds of ``commands`` run one after the other, and
    the wall seconds of each."""
    cpu = children_cpu()
    start = time.perf_counter()
    steps = []
    for argv in commands:
        call(argv, env)
        steps.append(time.perf_counter() - start - sum(steps))
    return time.perf_counter() - start, children_cpu() - cpu, steps


def written(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, int]:
    """Size of every file under ``folder`` (relative path -> bytes), but those in ``skip``."""
    return {path.relative_to(folder).as_posix(): path.stat().st_size
            for path in sorted(folder.rglob("*"))
            if path.is_file() and path.relative_to(folder).as_posix() not in skip}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--params", type=Path,
                        default=repo_root() / "params" / "2566" / "syn-0001.yaml")
    parser.add_argument("--bin", type=Path, default=Path(sys.prefix) / "bin",
                        help="folder of ita-audit, papermill and jupyter (default: this "
                             "environment's)")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    params_path = args.params.resolve()
    audit_params = load_params(params_path)
    if NOTEBOOK not in audit_params.notebooks:
        parser.error(f"{args.params} does not list notebook {NOTEBOOK!r}")
    for tool in ("ita-audit", "papermill", "jupyter", "jupyter-nbconvert"):
        if not (args.bin / tool).is_file():
            parser.error(f"{args.bin / tool} not found")
    env = dict(os.environ, PATH=f"{args.bin}{os.pathsep}{os.environ.get('PATH', '')}")
    template = notebook_template(NOTEBOOK)

    run_times, plain_times, run_cpus, plain_cpus = [], [], [], []
    run_files: dict[str, int] = {}
    plain_files: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as shared:
        params_file = oit_only(params_path, Path(shared))
        parameters = load_params(params_file).notebook_parameters(NOTEBOOK)
        copied = "" if params_file == params_path else f" (OIT-only copy of {params_path})"
        print(f"params {params_file}{copied}")
        print(f"parameters {parameters}")

        def one_run() -> tuple[float, float, dict[str, int], str]:
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                seconds, cpu, _ = measured([[str(args.bin / "ita-audit"), "run", str(params_file),
                                          "--audits-dir", str(folder / "audits"),
                                          "--data-dir", str(folder / "data")]], env)
                return seconds, cpu, written(folder), ""

        def one_plain() -> tuple[float, float, dict[str, int], str]:
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                values = folder / "params.yaml"
                values.write_text(yaml.safe_dump(parameters, allow_unicode=True),
                                  encoding="utf-8")
                out = folder / "out.ipynb"
                seconds, cpu, steps = measured([
                    [str(args.bin / "papermill"), str(template), str(out), "-f", str(values),
                     "-k", KERNEL, "--cwd", str(folder)],
                    [str(args.bin / "jupyter"), "nbconvert", "--to", "html", str(out)],
                ], env)
                split = f", papermill {steps[0]:.2f} s + nbconvert {steps[1]:.2f} s"
                return seconds, cpu, written(folder, skip=(values.name,)), split

        seconds, _, run_files, _ = one_run()
        print(f"warm-up: run {seconds:.2f} s", flush=True)
        seconds, _, plain_files, split = one_plain()
        print(f"warm-up: plain {seconds:.2f} s{split}", flush=True)
        for name, size in run_files.items():
            print(f"run writes {name}: {size} bytes")
        for name, size in plain_files.items():
            print(f"plain writes {name}: {size} bytes")
        for rep in range(args.repeat):
            seconds, cpu, _, _ = one_run()
            run_times.append(seconds)
            run_cpus.append(cpu)
            print(f"rep {rep + 1}: run {seconds:.2f} s (cpu {cpu:.2f} s)", flush=True)
            seconds, cpu, _, split = one_plain()
            plain_times.append(seconds)
            plain_cpus.append(cpu)
            print(f"rep {rep + 1}: plain {seconds:.2f} s (cpu {cpu:.2f} s{split})", flush=True)

    run_s, plain_s = statistics.median(run_times), statistics.median(plain_times)
    run_min, plain_min = min(run_times), min(plain_times)
    run_cpu, plain_cpu = statistics.median(run_cpus), statistics.median(plain_cpus)
    run_bytes, plain_bytes = sum(run_files.values()), sum(plain_files.values())
    print(f"run: median {run_s:.2f} s, min {run_min:.2f} s, cpu {run_cpu:.2f} s, "
          f"{run_bytes} bytes in {len(run_files)} files")
    print(f"plain: median {plain_s:.2f} s, min {plain_min:.2f} s, cpu {plain_cpu:.2f} s, "
          f"{plain_bytes} bytes in {len(plain_files)} files")
    print(f"RESULT run_s={run_s:.2f} plain_s={plain_s:.2f} ratio={run_s / plain_s:.2f} "
          f"run_min_s={run_min:.2f} plain_min_s={plain_min:.2f} "
          f"ratio_min={run_min / plain_min:.2f} run_cpu_s={run_cpu:.2f} "
          f"plain_cpu_s={plain_cpu:.2f} run_bytes={run_bytes} plain_bytes={plain_bytes} "
          f"repeat={args.repeat}")


if __name__ == "__main__":
    main()
