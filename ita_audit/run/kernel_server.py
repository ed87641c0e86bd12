"""The warm-kernel server: one process that imports what the notebooks import, once, and then
forks a fresh IPython kernel for every notebook (``python -c 'from ita_audit.run.kernel_server
import main; main()'``, started by :mod:`ita_audit.run.warm_kernels`).

Why: a record's floor was a fresh kernel process (~0.4 s of one core) plus importing pandas,
matplotlib, pythainlp and the package (~1.5 s) plus their first-call work (fonts, criteria
files; ~0.5 s). Forking a process that has done all of that costs a few milliseconds, and the
child is still a fresh process: every notebook gets its own kernel, forked from the same
pristine server, never from a kernel that ran another record. Nothing a notebook does (a name
it defines, a module it patches, a crash) can reach the next one.

Its arguments: the notebooks folder, and optionally ``--years 2566,...``, the only fiscal years
it will serve (``ita-audit run`` knows them from its params files): the criteria of other years
are not warmed up, which only makes a kernel that needs them read them itself.

The server never starts a kernel, a thread or a ZeroMQ context itself, so forking it is safe.
It reads one JSON request per line on stdin and answers one JSON line on stdout:

* ``{"op": "start", "argv": [...], "cwd": "...", "env": {...}}`` forks a kernel started as
  ``python -m ipykernel_launcher <argv>`` would be, in ``cwd`` with exactly ``env``; answers
  ``{"pid": N}`` (the kernel leads its own process group, like a launched one);
* ``{"op": "poll", "pid": N}`` answers ``{"status": null}`` while the kernel runs, then its
  exit code (negative: killed by that signal), as ``Popen.poll`` would.

Children are reaped on SIGCHLD. End of input (the client closed the pipe or died) ends the
server; the kernels it forked then notice that their parent is gone and exit too.
"""
from __future__ import annotations

import argparse
import ast
import gc
import importlib
import importlib.util
import json
import os
import signal
import sys
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path

# What ipykernel imports while a kernel starts (its shell, its debugger: debugpy; psutil,
# through which jupyter_client lists this machine's addresses; its logger and fault handler)
# and while it runs a record (pandas' HTML formatter, ZeroMQ's zero-copy collector), on top of
# what the notebooks import. Not matplotlib's inline backend (with pyplot, half a second): the
# charts are bare figures shown through their PNG, and a kernel running any record never
# imports it. (Which modules a kernel still imports itself: compare ``sys.modules`` before
# and after ``IPKernelApp.launch_instance`` in ``_kernel``.)
KERNEL_MODULES = ("ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger",
                  "IPython.core.debugger", "IPython.core.completerlib", "IPython.core.oinspect",
                  "IPython.core.logger", "IPython.extensions.storemagic",
                  "tornado.platform.asyncio", "tornado.queues", "sqlite3", "faulthandler",
                  "resource", "psutil", "jupyter_client.localinterfaces", "zmq.utils.garbage",
                  "pandas.io.formats.html")
_exited: dict[int, int] = {}


def notebook_imports(folder: Path) -> list[str]:
    """The modules the code cells of the notebooks in ``folder`` import (sorted, unique)."""
    modules: set[str] = set()
    for node in _imports(folder):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif node.module:
            modules.add(node.module)
    return sorted(modules)


def imported_names(folder: Path) -> list[str]:
    """``c.d`` for each ``from c import d`` of the notebooks in ``folder`` (sorted, unique):
    ``d`` may be a submodule, which importing ``c`` does not import."""
    return sorted({f"{node.module}.{alias.name}" for node in _imports(folder)
                   if isinstance(node, ast.ImportFrom) and node.module
                   for alias in node.names if alias.name != "*"})


def _imports(folder: Path) -> Iterator[ast.Import | ast.ImportFrom]:
    """The absolute import statements of the code cells of the notebooks in ``folder``
    (relative ones, and cells that do not parse, are skipped)."""
    for path in sorted(folder.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook.get("cells", []):
            if cell.get("cell_type") != "code":
                continue
            try:
                tree = ast.parse("".join(cell.get("source", [])))
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import) or (isinstance(node, ast.ImportFrom)
                                                    and not node.level):
                    yield node


def preload(folder: Path, years: Iterable[int] = ()) -> list[str]:
    """Import the kernel and the notebooks' modules, then do the first-call work of
    :mod:`ita_audit.run.kernel_warm_up` (for ``years`` only, if given); returns what failed to
    import (a notebook importing a missing module fails in its own kernel, as it would)."""
    import ipykernel.kernelapp  # noqa: F401  (the kernel itself)

    missing = []
    for name in (*KERNEL_MODULES, *notebook_imports(folder)):
        try:
            importlib.import_module(name)
        except Exception:
            missing.append(name)
    for name in imported_names(folder):     # "from ita_audit.oit import report": a module
        try:
            if importlib.util.find_spec(name) is not None:
                importlib.import_module(name)
        except Exception:                    # a function or class, or a module of a module
            continue
    try:
        # what a kernel's connection file asks of jupyter_client first (psutil's list of
        # this machine's addresses, read once per process): read once, here
        from jupyter_client.localinterfaces import local_ips
        local_ips()
    except Exception:
        pass
    from ita_audit.run.kernel_warm_up import warm_up

    warm_up(years)
    return missing


def _reap(signum: int, frame: object) -> None:
    """Collect every child that has exited (SIGCHLD), keeping its exit code."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        _exited[pid] = os.waitstatus_to_exitcode(status)


def _kernel(argv: list[str], cwd: str, env: dict[str, str]) -> None:
    """In the forked child: become a kernel process like ``python -m ipykernel_launcher``."""
    code = 1
    try:
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        quiet = os.open(os.devnull, os.O_RDWR)
        os.dup2(quiet, 0)
        os.dup2(quiet, 1)
        os.close(quiet)
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        # ipykernel ends a kernel whose parent goes away; launch_kernel names the launching
        # process, a forked kernel's parent is the server. (ipykernel read the variable when
        # the server imported it, so the setting is passed as an argument too.)
        os.environ["JPY_PARENT_PID"] = str(os.getppid())
        argv = [*argv, f"--IPKernelApp.parent_handle={os.getppid()}"]
        if "numpy" in sys.modules:                  # its global generator is not reseeded
            sys.modules["numpy"].random.seed()
        from ipykernel.kernelapp import IPKernelApp

        IPKernelApp.launch_instance(argv=argv)
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        try:
            sys.stderr.flush()
        finally:
            os._exit(code)


def _answer(request: dict) -> dict:
    if request.get("op") == "poll":
        pid = int(request["pid"])
        return {"status": _exited.get(pid)}
    if request.get("op") == "start":
        argv = [str(a) for a in request["argv"]]
        cwd, env = str(request["cwd"]), {str(k): str(v) for k, v in request["env"].items()}
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _kernel(argv, cwd, env)
        return {"pid": pid}
    return {"error": f"unknown request {request!r}"}


def serve(requests, answers) -> None:
    """Answer each request line until end of input."""
    for line in requests:
        try:
            answer = _answer(json.loads(line))
        except Exception as err:                        # a bad request, not a dead server
            answer = {"error": f"{type(err).__name__}: {err}"}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


def _options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kernel_server")
    parser.add_argument("folder", type=Path, nargs="?", default=Path.cwd() / "notebooks")
    parser.add_argument("--years", type=lambda text: [int(y) for y in text.split(",")],
                        default=[])
    return parser.parse_args(argv)


def main() -> None:
    # As ipykernel_launcher does: the current folder is not on the path while importing.
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    options = _options(sys.argv[1:])
    preload(options.folder, options.years)
    gc.collect()
    gc.freeze()           # kernels share the imported objects' pages instead of copying them
    signal.signal(signal.SIGCHLD, _reap)
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C reaches the batch, which ends us
    answers = sys.stdout
    sys.stdout = sys.stderr                          # nothing else may write on the channel
    try:
        print(json.dumps({"ready": os.getpid()}), file=answers, flush=True)
        serve(sys.stdin, answers)
    except BrokenPipeError:
        # The client is gone, e.g. a run whose input failed its checks while this server was
        # still importing: end quietly (no traceback on the terminal after the run's one-line
        # error), the channel pointed at /dev/null so that exiting flushes nothing into it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), answers.fileno())


if __name__ == "__main__":
    main()
