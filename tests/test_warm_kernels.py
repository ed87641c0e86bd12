"""Warm kernels: every notebook runs in a fresh kernel forked from this process's warm kernel
server (:mod:`ita_audit.run.warm_kernels`, :mod:`ita_audit.run.kernel_server`). Nothing one
notebook does reaches the next, a crashing kernel or a dying server is survived, and a record
is the same whether its kernel was forked or launched the ordinary way."""
from __future__ import annotations

import asyncio
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_raw_cell

from ita_audit.errors import EXIT_EXECUTION, ExecutionError
from ita_audit.run import kernel_server, runner, warm_kernels
from ita_audit.run.batch import run_job
from ita_audit.run.execute import execute_notebook, scrub
from ita_audit.run.params import load_params
from ita_audit.util.paths import notebook_template

ROOT = Path(__file__).resolve().parent.parent
SSO_INDEX = ROOT / "data" / "raw" / "sso-oit-disclosure-index-2566.txt"
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}

# What a kernel reports about itself, as one JSON line (the last cell of every probe notebook).
PROBE = """\
import json, os, random, sys
import numpy
print(json.dumps({"marker": marker, "pid": os.getpid(), "ppid": os.getppid(),
                  "cwd": os.getcwd(), "leaked": "leaked" in globals(),
                  "json_patched": hasattr(json, "LEAK"),
                  "env": os.environ.get("ITA_AUDIT_TEST_LEAK"),
                  "module": "ita_audit_test_leak" in sys.modules,
                  "random": random.random(), "numpy": float(numpy.random.random())}))
"""
LEAK = """\
import json, os, sys, types
leaked = 42
json.LEAK = 1
os.environ["ITA_AUDIT_TEST_LEAK"] = "1"
sys.modules["ita_audit_test_leak"] = types.ModuleType("ita_audit_test_leak")
"""


def write_notebook(path: Path, *sources: str) -> Path:
    """A python3 notebook: a ``parameters`` cell (``marker = ""``), then one code cell per
    source."""
    notebook = new_notebook(metadata={"kernelspec": KERNELSPEC})
    notebook.cells = [new_code_cell('marker = ""', metadata={"tags": ["parameters"]}),
                      *(new_code_cell(source) for source in sources)]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def probe(notebook: nbformat.NotebookNode) -> dict:
    """The JSON line the last cell printed (its only output)."""
    outputs = notebook.cells[-1].outputs
    assert [output.output_type for output in outputs] == ["stream"], outputs
    return json.loads(outputs[0].text)


def run_probe(tmp_path: Path, name: str, *sources: str, warm: bool = True) -> dict:
    """Execute ``sources`` then :data:`PROBE` in ``tmp_path/name`` (its own cwd); the report."""
    cwd = tmp_path / name
    cwd.mkdir()
    template = write_notebook(tmp_path / f"{name}.ipynb", *sources, PROBE)
    return probe(execute_notebook(template, {"marker": name}, cwd, warm=warm))


def process_state(pid: int) -> str:
    """The kernel's ``/proc`` state letter (``Z``: a zombie), or ``gone``."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except (FileNotFoundError, ProcessLookupError):
        return "gone"
    return status.split("State:")[1].split()[0]


# --- a notebook cannot reach the next one --------------------------------------------------

@pytest.mark.slow
def test_nothing_a_notebook_defines_or_patches_reaches_the_next_one(tmp_path: Path) -> None:
    """Two notebooks in one process: the first defines a global, patches ``json``, sets an
    environment variable and registers a module; the second sees none of it. They ran in two
    different kernels, both forked by this process's one warm server (parent pid), each in its
    own cwd, with differently seeded ``random`` and ``numpy.random``."""
    server = warm_kernels.kernel_server()
    first = run_probe(tmp_path, "one", LEAK)
    second = run_probe(tmp_path, "two")
    assert warm_kernels.kernel_server() is server and server.alive()
    # The leak was real in its own kernel, so the second kernel's answers mean something.
    assert (first["marker"], first["leaked"], first["json_patched"], first["env"],
            first["module"]) == ("one", True, True, "1", True)
    assert (second["marker"], second["leaked"], second["json_patched"], second["env"],
            second["module"]) == ("two", False, False, None, False)
    assert first["pid"] != second["pid"]
    assert first["ppid"] == second["ppid"] == server.process.pid      # the warm path was used
    assert first["pid"] != os.getpid() and first["ppid"] != os.getpid()
    assert (first["cwd"], second["cwd"]) == (str(tmp_path / "one"), str(tmp_path / "two"))
    assert first["random"] != second["random"]
    assert first["numpy"] != second["numpy"]                  # the server reseeds numpy per fork


# --- a crashing kernel ---------------------------------------------------------------------

CRASH = """\
import os, signal
from pathlib import Path
Path("crashed.pid").write_text(str(os.getpid()))
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.slow
def test_a_kernel_that_kills_itself_fails_its_notebook_and_not_the_next(tmp_path: Path) -> None:
    """A cell that SIGKILLs its own kernel makes ``execute_notebook`` raise our ExecutionError
    saying that the kernel died (nbclient's DeadKernelError is not a cell error). The
    server reaped the kernel (exit code -9), lives on, and the next notebook runs at once on a
    new kernel forked by the same server."""
    server = warm_kernels.kernel_server()
    crash_dir = tmp_path / "crash"
    crash_dir.mkdir()
    template = write_notebook(tmp_path / "crash.ipynb", CRASH, "print('unreachable')")
    with pytest.raises(ExecutionError) as caught:
        execute_notebook(template, {}, crash_dir)
    assert str(caught.value) == ("crash.ipynb: its kernel died while running it (killed, or "
                                 "out of memory)")
    crashed = int((crash_dir / "crashed.pid").read_text())
    assert server.poll(crashed) == -signal.SIGKILL
    assert warm_kernels.kernel_server() is server and server.alive()

    after = run_probe(tmp_path, "after")
    assert after["marker"] == "after"
    assert after["ppid"] == server.process.pid and after["pid"] != crashed


def oit_params(folder: Path, agency: str) -> Path:
    """An OIT-only params file for a copy of the SSO 2566 disclosure index."""
    copy = folder / "raw" / f"{agency}.txt"
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes(SSO_INDEX.read_bytes())
    path = folder / "params" / "2566" / f"{agency}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"agency: {agency}\nagency_name: {agency}\nfiscal_year: 2566\n"
                    f"disclosure: {copy}\nyear_basis: calendar\n", encoding="utf-8")
    return path


@pytest.mark.slow
def test_a_job_whose_kernel_dies_fails_alone(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Two agency-years through ``run_job`` in this process (as a batch worker runs them):
    the first one's notebook kills its kernel, so that job fails with exit code 3 and a reason
    naming its params file and the dead kernel, and writes no record; the second, run right
    after on the same warm server, is done."""
    alpha, beta = oit_params(tmp_path, "alpha"), oit_params(tmp_path, "beta")
    crash = write_notebook(tmp_path / "crash.ipynb", CRASH)
    real = runner.notebook_template
    monkeypatch.setattr(runner, "notebook_template",
                        lambda name: crash if crashing else real(name))
    audits, data = tmp_path / "audits", tmp_path / "agencies"
    server = warm_kernels.kernel_server()

    crashing = True
    failed = run_job(str(alpha), str(audits), str(data))
    crashing = False
    done = run_job(str(beta), str(audits), str(data))

    assert (failed.status, failed.exit_code, failed.reason) == (
        "failed", EXIT_EXECUTION, f"{alpha}: crash.ipynb: its kernel died while running it "
        "(killed, or out of memory); the previous record is untouched")
    assert (done.status, done.exit_code, done.reason, done.record) == (
        "done", 0, "", str(audits / "2566" / "beta"))
    assert sorted(p.name for p in (audits / "2566").iterdir()) == ["beta"]
    assert warm_kernels.kernel_server() is server and server.alive()


# --- the same record either way ------------------------------------------------------------

@pytest.mark.slow
def test_a_warm_kernel_writes_the_same_record_as_a_launched_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The OIT notebook of ``params/2566/sso.yaml`` executed on a forked kernel and on a
    kernel launched the ordinary way gives byte-identical notebooks once scrubbed; the first
    really was forked by the warm server (one start request), the second was not (none)."""
    started: list[int] = []
    start_kernel = warm_kernels.KernelServer.start_kernel

    def spy(self: warm_kernels.KernelServer, *args: object) -> int:
        started.append(start_kernel(self, *args))
        return started[-1]

    monkeypatch.setattr(warm_kernels.KernelServer, "start_kernel", spy)
    params = load_params(ROOT / "params" / "2566" / "sso.yaml")
    texts = {}
    for warm in (True, False):
        cwd = tmp_path / ("warm" if warm else "cold")
        cwd.mkdir()
        notebook = execute_notebook(notebook_template("oit_audit"),
                                    params.notebook_parameters("oit_audit"), cwd, warm=warm)
        scrub(notebook)
        texts[warm] = nbformat.writes(notebook)
        assert len(started) == 1                       # forked for warm, not for cold
    assert texts[True] == texts[False]


@pytest.mark.slow
def test_a_run_refused_while_its_server_starts_prints_one_line(tmp_path: Path) -> None:
    """An input refused after the kernel server was started (it imports while the run checks
    the inputs): the run exits 2 with its one line, and the server, whose client is gone by the
    time it is ready, ends without a traceback on the same terminal."""
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    params = tmp_path / "p.yaml"
    params.write_text(f"agency: a\nfiscal_year: 2566\ndisclosure: {empty}\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "ita_audit", "run", str(params),
                           "--audits-dir", str(tmp_path / "audits"),
                           "--data-dir", str(tmp_path / "data")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    # capture_output reads stderr to its end: until the server, which shares it, has exited
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == f"ita-audit: error: {empty}: file is empty (fix: supply the " \
                          "exported disclosure index as text)\n"


def test_scrub_joins_printed_text_that_arrived_in_pieces() -> None:
    """Where the kernel's output thread cuts a cell's printed text depends on timing (a
    ``print`` may arrive as its text, then its newline): the record keeps one piece per run of
    the same stream, so the bytes do not depend on it."""
    from nbformat.v4 import new_output

    def cell(*outputs: dict) -> nbformat.NotebookNode:
        code = new_code_cell("print('ผ่าน'); print('x', file=sys.stderr); display(1); print(2)")
        code["id"] = "printed"
        code.outputs = [new_output(**o) for o in outputs]
        return code

    pieces = cell({"output_type": "stream", "name": "stdout", "text": "ผ่าน"},
                  {"output_type": "stream", "name": "stdout", "text": "\n"},
                  {"output_type": "stream", "name": "stderr", "text": "x\n"},
                  {"output_type": "display_data", "data": {"text/plain": "1"}},
                  {"output_type": "stream", "name": "stdout", "text": "2"},
                  {"output_type": "stream", "name": "stdout", "text": "\n"})
    whole = cell({"output_type": "stream", "name": "stdout", "text": "ผ่าน\n"},
                 {"output_type": "stream", "name": "stderr", "text": "x\n"},
                 {"output_type": "display_data", "data": {"text/plain": "1"}},
                 {"output_type": "stream", "name": "stdout", "text": "2\n"})
    texts = []
    for code in (pieces, whole):
        notebook = new_notebook(cells=[code])
        scrub(notebook)
        texts.append(nbformat.writes(notebook))
    assert texts[0] == texts[1]
    assert [o.get("text") for o in nbformat.reads(texts[0], 4).cells[0].outputs] == \
        ["ผ่าน\n", "x\n", None, "2\n"]


# --- the server itself dying ---------------------------------------------------------------

@pytest.mark.slow
def test_a_killed_server_is_replaced(tmp_path: Path) -> None:
    """SIGKILL the idle warm server: the next notebook still runs, on a kernel forked by a new
    server (another pid), which is now this process's server."""
    old = warm_kernels.kernel_server()
    old.process.send_signal(signal.SIGKILL)
    assert old.process.wait(timeout=10) == -signal.SIGKILL
    report = run_probe(tmp_path, "after")
    new = warm_kernels.kernel_server()
    assert new is not old and new.alive()
    assert new.process.pid != old.process.pid
    assert report["ppid"] == new.process.pid


KILL_SERVER = """\
import os, signal, time
os.kill(os.getppid(), signal.SIGKILL)
time.sleep(0.5)
"""


@pytest.mark.slow
def test_a_server_dying_under_a_running_kernel_is_replaced(tmp_path: Path) -> None:
    """The server dies (SIGKILL) while one of its kernels runs a notebook: that notebook still
    completes, and the next notebook runs on a kernel forked by a new server."""
    old = warm_kernels.kernel_server()
    cwd = tmp_path / "killer"
    cwd.mkdir()
    execute_notebook(write_notebook(tmp_path / "killer.ipynb", KILL_SERVER), {}, cwd)
    assert old.process.wait(timeout=10) == -signal.SIGKILL
    report = run_probe(tmp_path, "after")
    assert report["ppid"] == warm_kernels.kernel_server().process.pid != old.process.pid


@pytest.mark.slow
def test_a_kernel_ends_when_its_server_ends(tmp_path: Path) -> None:
    """As the server's docstring says: when the server ends (end of its input, as when the
    client dies), a kernel it forked notices and exits within a few seconds."""
    async def scenario() -> tuple[int, int, str]:
        manager = warm_kernels.WarmKernelManager(kernel_name="python3")
        await manager.start_kernel(cwd=str(tmp_path))
        pid = manager.provisioner.pid
        try:
            client = manager.client()
            client.start_channels()
            await client.wait_for_ready(timeout=60)
            client.stop_channels()
            server = warm_kernels.kernel_server().process.pid
            warm_kernels.stop_kernel_server()            # closes the server's input
            deadline = time.monotonic() + 10
            while process_state(pid) not in ("gone", "Z") and time.monotonic() < deadline:
                await asyncio.sleep(0.2)
            return pid, server, process_state(pid)
        finally:
            if process_state(pid) not in ("gone", "Z"):
                os.killpg(pid, signal.SIGKILL)           # the kernel leads its own group
            await manager.cleanup_resources()

    pid, server, state = asyncio.run(scenario())
    assert pid != server
    assert state in ("gone", "Z"), f"kernel {pid} still running ({state}) 10 s after its server"


@pytest.mark.slow
def test_a_kernel_of_a_closed_server_polls_as_dead() -> None:
    """A kernel handle whose server was closed polls as a kernel of a dead server: -9 when
    the process is gone (never an exception out of ``poll``)."""
    server = warm_kernels.KernelServer()
    try:
        assert server.poll(os.getpid()) is None            # ready and answering
    finally:
        server.close()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()                                             # reaped: the pid is free
    assert warm_kernels.ForkedKernel(server, gone.pid).poll() == -signal.SIGKILL


# --- which kernels are forked --------------------------------------------------------------

def test_only_this_interpreters_ipykernel_launcher_is_forked() -> None:
    """``_launcher_argv`` returns the kernel's own arguments for this interpreter's
    ``-m ipykernel_launcher`` (dropping ``-X`` options before ``-m``) and None for anything
    else, which is then launched the ordinary way."""
    argv = warm_kernels._launcher_argv
    assert argv([sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f",
                 "x.json"]) == ["-f", "x.json"]
    assert argv([sys.executable, "-m", "ipykernel_launcher", "-f", "x.json",
                 "--IPKernelApp.log_level=CRITICAL"]) == [
        "-f", "x.json", "--IPKernelApp.log_level=CRITICAL"]
    assert argv(["python", "-m", "ipykernel_launcher", "-f", "x.json"]) == ["-f", "x.json"]
    assert argv(["/usr/bin/R", "--slave", "-e", "IRkernel::main()", "--args", "x.json"]) is None
    assert argv([sys.executable, "-m", "other"]) is None
    assert argv([sys.executable, "-X", "frozen_modules=off", "-m", "ipykernel_launcher"]) is None
    assert argv([sys.executable, "-c", "import ipykernel_launcher"]) is None
    assert argv([]) is None


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="needs a virtual environment")
def test_the_base_interpreter_of_a_venv_is_not_this_interpreter() -> None:
    """A kernel spec naming the interpreter the venv's python links to runs without the venv's
    packages when launched, so it is not forked from this venv's server."""
    base = os.path.realpath(sys.executable)
    assert base != sys.executable
    assert warm_kernels._launcher_argv([base, "-m", "ipykernel_launcher", "-f", "x.json"]) is None


# --- the server's own parts, without kernels -----------------------------------------------

def test_notebook_imports_lists_absolute_imports_of_code_cells(tmp_path: Path) -> None:
    """``notebook_imports`` collects, over every ``*.ipynb`` of the folder, the modules that
    code cells import (``import a.b`` -> ``a.b``, ``from c import d`` -> ``c``), sorted and
    unique; relative imports, markdown and raw cells, cells that do not parse and other files
    are ignored."""
    first = new_notebook(metadata={"kernelspec": KERNELSPEC})
    first.cells = [
        new_markdown_cell("import markdown_only"),
        new_code_cell("import a.b\nfrom c import d\nfrom . import e\nfrom .f import g"),
        new_code_cell("import z, y as why\nif True:\n    import nested.inner"),
        new_code_cell("import broken\ndef (:"),
        new_raw_cell("import raw_only"),
    ]
    nbformat.write(first, tmp_path / "first.ipynb")
    second = new_notebook(metadata={"kernelspec": KERNELSPEC})
    second.cells = [new_code_cell("from c import other\nimport a.b\nimport pandas as pd")]
    nbformat.write(second, tmp_path / "second.ipynb")
    (tmp_path / "notes.py").write_text("import not_a_notebook\n", encoding="utf-8")
    assert kernel_server.notebook_imports(tmp_path) == [
        "a.b", "c", "nested.inner", "pandas", "y", "z"]


def test_imported_names_are_the_names_of_from_imports(tmp_path: Path) -> None:
    """``imported_names`` gives ``c.d`` for every ``from c import d`` (a submodule the server
    must import itself: importing ``c`` does not), sorted and unique; plain imports, star
    imports and relative imports give none."""
    notebook = new_notebook(metadata={"kernelspec": KERNELSPEC})
    notebook.cells = [
        new_code_cell("import a.b\nfrom c import d, e as f\nfrom . import g\nfrom h import *"),
        new_code_cell("from c import d\nfrom i.j import k"),
        new_markdown_cell("from markdown import only"),
    ]
    nbformat.write(notebook, tmp_path / "one.ipynb")
    assert kernel_server.imported_names(tmp_path) == ["c.d", "c.e", "i.j.k"]


@pytest.mark.slow
def test_the_server_preloads_every_module_a_record_imports() -> None:
    """What an OIT record's kernel would import (its notebook's ``from ita_audit.oit import
    charts, report``, and what ipykernel itself imports on starting: psutil, faulthandler,
    resource) is imported by ``preload``, in a fresh interpreter, so that no kernel imports it
    again; nothing the real notebooks import is missing."""
    modules = ["ita_audit.oit.report", "ita_audit.oit.charts", "psutil", "faulthandler",
               "resource", "IPython.core.logger", "zmq.utils.garbage"]
    code = ("import sys; from pathlib import Path; from ita_audit.run import kernel_server; "
            f"missing = kernel_server.preload(Path({str(ROOT / 'notebooks')!r}), [2566]); "
            f"print(missing, [m for m in {modules!r} if m not in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True, timeout=120).stdout
    assert out.strip().splitlines()[-1] == "[] []"


def test_notebook_imports_of_the_repository_notebooks_include_the_package() -> None:
    """The real notebooks import the package, so the server preloads it."""
    modules = kernel_server.notebook_imports(ROOT / "notebooks")
    assert modules == sorted(set(modules))
    assert "ita_audit.oit.audit" in modules


def test_the_server_answers_each_request_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """``serve`` answers one JSON line per request line, in order: a running (unknown) pid
    polls as null, an exited one as its exit code; a line that is not JSON, a request
    without its pid and an unknown op get an ``error`` answer naming the problem, and the
    server goes on answering."""
    monkeypatch.setitem(kernel_server._exited, 23456, -9)
    requests = io.StringIO("\n".join([
        json.dumps({"op": "poll", "pid": 12345}),
        "not json",
        json.dumps({"op": "poll"}),
        json.dumps({"op": "fly"}),
        json.dumps({"op": "poll", "pid": 23456}),
    ]) + "\n")
    answers = io.StringIO()
    kernel_server.serve(requests, answers)
    assert answers.getvalue().splitlines() == [
        '{"status": null}',
        '{"error": "JSONDecodeError: Expecting value: line 1 column 1 (char 0)"}',
        '{"error": "KeyError: \'pid\'"}',
        '{"error": "unknown request {\'op\': \'fly\'}"}',
        '{"status": -9}',
    ]


def test_the_client_retries_a_refused_connection_quickly() -> None:
    """A forked kernel binds its ports a few ms after the client connects; ZeroMQ's default
    100 ms retry would be waited by every record."""
    import zmq

    client = warm_kernels.WarmKernelClient()
    socket = client.context.socket(zmq.DEALER)
    try:
        assert socket.getsockopt(zmq.RECONNECT_IVL) == warm_kernels.RECONNECT_MS < 100
    finally:
        socket.close(linger=0)
        client.context.term()


# --- a server focused on the years `ita-audit run` will audit ------------------------------

def test_focus_of_reads_the_years_of_run_params(tmp_path: Path) -> None:
    from ita_audit.launcher import focus_of

    def params(name: str, text: str) -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    a = params("a.yaml", "agency: a\nfiscal_year: 2568\nnotebooks: [oit_audit]\n")
    b = params("b.yaml", "agency: b\nfiscal_year: 2562\n")
    thai_year = params("d.yaml", "agency: d\nfiscal_year: '๒๕๖๖'\n")
    broken = params("e.yaml", "agency: [\n")
    Focus = warm_kernels.Focus
    assert focus_of(["run", a, "--force"]) == Focus((2568,))
    assert focus_of(["run", a, b, a]) == Focus((2562, 2568))
    for unclear in (thai_year, broken, str(tmp_path / "missing.yaml")):
        assert focus_of(["run", a, unclear]) == Focus()
    assert focus_of(["run"]) == Focus()
    assert Focus((2566, 2568)).arguments() == ["--years=2566,2568"]
    assert Focus().arguments() == []


@pytest.mark.slow
def test_a_kernel_of_a_focused_server_reads_the_years_left_out(tmp_path: Path) -> None:
    from ita_audit.criteria import files

    warm_kernels.stop_kernel_server()
    warm_kernels.start_kernel_server(warm_kernels.Focus((2566,)))
    try:
        template = write_notebook(tmp_path / "focused.ipynb", "\n".join([
            "import json",
            "from ita_audit.criteria import files",
            "from ita_audit.oit import charts",
            "warm = files._validated.cache_info().currsize",
            "drawn = charts.backdrop.cache_info().currsize",
            "year = files.load_criteria(2568).fiscal_year",
            "print(json.dumps({'warm': warm, 'year': year, 'drawn': drawn, "
            "'read': files._validated.cache_info().currsize}))"]))
        notebook = execute_notebook(template, {}, tmp_path)
    finally:
        warm_kernels.stop_kernel_server()
    # The server had read one year's criteria (not all of them) and drawn the fixed parts of
    # that year's OIT chart; 2568 was read by the kernel.
    assert len(files.available_years()) > 2
    assert json.loads(notebook.cells[-1].outputs[0].text) == {"warm": 1, "year": 2568,
                                                               "drawn": 1, "read": 2}


def test_a_run_focuses_the_server_it_starts_on_its_batch_or_its_own_year(
        monkeypatch: pytest.MonkeyPatch) -> None:
    started = []

    class Started(Exception):
        pass

    def start(focus: warm_kernels.Focus) -> None:
        started.append(focus)
        raise Started

    monkeypatch.setattr(runner, "start_kernel_server", start)
    params = notebook_template("oit_audit").parents[1] / "params" / "2566" / "sso.yaml"
    with pytest.raises(Started):
        runner.run(params, force=True)
    with pytest.raises(Started):
        runner.run(params, force=True, years=(2566, 2568))
    assert started == [warm_kernels.Focus((2566,)), warm_kernels.Focus((2566, 2568))]
