"""Warm kernels: a fresh kernel process for every notebook, forked from a server that has
already imported what the notebooks import (:mod:`ita_audit.run.kernel_server`).

nbclient starts kernels through a jupyter_client kernel manager, and the manager through a
*provisioner*. :class:`WarmKernelManager` is nbclient's ``AsyncKernelManager`` with one
difference: its provisioner (:class:`WarmProvisioner`) asks this process's kernel server to
fork the kernel instead of starting ``python -m ipykernel_launcher`` with ``Popen``. Everything
else (connection file, ports, environment, working folder, interrupt, shutdown, kill) is
jupyter_client's own, so a forked kernel behaves as a launched one: it leads its own process
group, gets the manager's environment and working folder, and is killed with its group.

One server per process (a batch worker, a Dask worker, ``ita-audit run``), started on first
use and ended with the process; a server that died is replaced. A kernel spec other than this
interpreter's ``ipykernel_launcher`` is launched the ordinary way.
"""
from __future__ import annotations

import asyncio
import atexit
import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from queue import Empty
from typing import Any

import zmq
from jupyter_client import AsyncKernelManager
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.provisioning import LocalProvisioner

from ita_audit.util.paths import repo_root

SERVER = "from ita_audit.run.kernel_server import main; main()"
# As ipykernel's own kernel spec starts kernels: debugpy, imported with the kernel, warns on
# stderr when the standard library is frozen.
SERVER_OPTIONS = ["-Xfrozen_modules=off"]
LAUNCHER = ["-m", "ipykernel_launcher"]
# How often a kernel's state is polled while it starts and ends (jupyter_client: 0.1-0.2 s,
# waited once or twice per kernel: a third of a record's wall time). A poll is one line
# to the server and back.
POLL_S = 0.01
# How soon the client's sockets retry a refused connection to a kernel still starting
# (ZeroMQ's default: 100 ms).
RECONNECT_MS = 5


@dataclass(frozen=True)
class Focus:
    """The only fiscal years a kernel server will serve, when known (empty: all of them). The
    server warms up the criteria of those years only; a kernel that needs another year reads
    it itself, so a focus never changes a result, only how soon the server is ready."""

    years: tuple[int, ...] = ()

    def arguments(self) -> list[str]:
        """The server's command-line arguments (:mod:`ita_audit.run.kernel_server`)."""
        return [f"--years={','.join(map(str, self.years))}"] if self.years else []


class KernelServerError(RuntimeError):
    """The kernel server could not be started or stopped answering."""


class KernelServer:
    """The client end of one kernel server process (requests are serialised with a lock, so
    threads of a Dask worker can share it)."""

    def __init__(self, notebooks: Path | None = None, focus: Focus = Focus()) -> None:
        folder = notebooks or repo_root() / "notebooks"
        env = dict(os.environ, OPENBLAS_NUM_THREADS=os.environ.get("OPENBLAS_NUM_THREADS", "1"))
        self._lock = threading.Lock()
        self.process = subprocess.Popen([sys.executable, *SERVER_OPTIONS, "-c", SERVER,
                                         str(folder), *focus.arguments()],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        env=env, text=True, encoding="utf-8", bufsize=1,
                                        start_new_session=True)
        self._ready = False

    def _request(self, request: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            if not self._ready:
                self._read()                         # {"ready": pid}: the imports are done
                self._ready = True
            try:
                self.process.stdin.write(json.dumps(request) + "\n")
                self.process.stdin.flush()
            except (OSError, ValueError) as err:          # a broken pipe, or closed by us
                raise KernelServerError(f"the kernel server is gone ({err})") from None
            answer = self._read()
        if "error" in answer:
            raise KernelServerError(f"kernel server: {answer['error']}")
        return answer

    def _read(self) -> dict[str, Any]:
        try:
            line = self.process.stdout.readline()
        except (OSError, ValueError):
            line = ""
        if not line:
            code = self.process.poll()
            raise KernelServerError(f"the kernel server ended (exit code {code})")
        return json.loads(line)

    def alive(self) -> bool:
        return self.process.poll() is None

    def start_kernel(self, argv: list[str], cwd: str, env: dict[str, str]) -> int:
        """Fork a kernel; its pid."""
        return int(self._request({"op": "start", "argv": argv, "cwd": cwd, "env": env})["pid"])

    def poll(self, pid: int) -> int | None:
        """None while the kernel runs, then its exit code (negative: the signal)."""
        return self._request({"op": "poll", "pid": pid})["status"]

    def close(self) -> None:
        """End the server (its kernels, if any are left, exit when they see it gone). Never
        raises: a server that died may have left a request unsent in the pipe."""
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()                      # end of input: the server ends
            except (OSError, ValueError):
                pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


_server: KernelServer | None = None
_server_lock = threading.Lock()


def kernel_server(focus: Focus = Focus()) -> KernelServer:
    """This process's kernel server, started (or restarted, if it died) on demand; ``focus``
    applies to a server started now."""
    global _server
    with _server_lock:
        if _server is None or not _server.alive():
            if _server is not None:
                _server.close()
            _server = KernelServer(focus=focus)
        return _server


def start_kernel_server(focus: Focus = Focus()) -> None:
    """Start this process's kernel server now, so that its imports overlap other work."""
    kernel_server(focus)


@atexit.register
def stop_kernel_server() -> None:
    """End this process's kernel server, if it has one."""
    global _server
    with _server_lock:
        if _server is not None:
            _server.close()
            _server = None


class ForkedKernel:
    """The ``Popen``-like handle jupyter_client's provisioner keeps for a forked kernel."""

    stdin = stdout = stderr = None

    def __init__(self, server: KernelServer, pid: int) -> None:
        self.server = server
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                self.returncode = self.server.poll(self.pid)
            except KernelServerError:      # the server is gone: its kernels end with it
                self.returncode = None if _exists(self.pid) else -signal.SIGKILL
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            time.sleep(POLL_S)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class WarmProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, launching by fork from the kernel server."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        argv = _launcher_argv(cmd)
        if argv is None:                             # another kernel: launch it as usual
            return await super().launch_kernel(cmd, **kwargs)
        server = kernel_server()
        cwd = str(kwargs.get("cwd") or os.getcwd())
        env = {str(k): str(v) for k, v in (kwargs.get("env") or os.environ).items()}
        self.process = ForkedKernel(server, server.start_kernel(argv, cwd, env))
        self.pid = self.pgid = self.process.pid       # the kernel leads its process group
        self.cwd = cwd
        return self.connection_info

    async def wait(self) -> int | None:
        """As jupyter_client's, polling every :data:`POLL_S` rather than 0.1 s."""
        if isinstance(self.process, ForkedKernel):
            while await self.poll() is None:
                await asyncio.sleep(POLL_S)
            code, self.process = self.process.returncode, None
            return code
        return await super().wait()


def _launcher_argv(cmd: list[str]) -> list[str] | None:
    """The kernel's own arguments when ``cmd`` is this interpreter's ipykernel launcher.

    Interpreter ``-X`` options before ``-m`` are those of the server: ipykernel's spec passes
    ``-Xfrozen_modules=off``, and so does :class:`KernelServer`; others are not applied."""
    if not cmd or not _same_python(cmd[0]):
        return None
    rest = list(cmd[1:])
    while rest and rest[0].startswith("-X") and rest[0] != "-X":
        rest.pop(0)
    return rest[2:] if rest[:2] == LAUNCHER else None


def _same_python(executable: str) -> bool:
    """``executable`` is this interpreter of this environment: the same file in the same
    folder (a virtual environment's ``python`` links to its base interpreter, which is the
    same file but not the same environment); a bare ``python`` is this interpreter, as
    jupyter_client reads it."""
    major, minor = sys.version_info[:2]
    if executable in ("python", f"python{major}", f"python{major}.{minor}"):
        return True
    try:
        return (os.path.samefile(executable, sys.executable)
                and os.path.samefile(os.path.dirname(os.path.abspath(executable)),
                                     os.path.dirname(os.path.abspath(sys.executable))))
    except OSError:
        return False


class WarmKernelClient(AsyncKernelClient):
    """nbclient's kernel client, quicker to see a kernel ready."""

    def _context_default(self):
        """The client's own ZeroMQ context, whose sockets retry a refused connection after
        :data:`RECONNECT_MS` rather than ZeroMQ's 100 ms: the client connects while the forked
        kernel is still starting, so its first connection is refused, and every record would
        wait out the interval."""
        context = super()._context_default()
        context.setsockopt(zmq.RECONNECT_IVL, RECONNECT_MS)
        return context

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """jupyter_client's handshake (a kernel_info reply on shell, a message on IOPub to show
        it is connected, then drain IOPub), with the IOPub waits shortened: jupyter_client
        drains until IOPub has been quiet for 0.2 s, which every record would wait. A late
        IOPub message is harmless: nbclient ignores those of other requests."""
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:
                    await self.iopub_channel.get_msg(timeout=0.2)   # IOPub is connected
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(reply)
                    break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
        while True:
            try:
                await self.iopub_channel.get_msg(timeout=POLL_S)
            except Empty:
                break


class WarmKernelManager(AsyncKernelManager):
    """nbclient's kernel manager, with kernels forked from the warm kernel server."""

    client_class = "ita_audit.run.warm_kernels.WarmKernelClient"
    client_factory = WarmKernelClient

    async def _async_pre_start_kernel(self, **kw: Any):
        if self.provisioner is None:
            import uuid

            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = WarmProvisioner(kernel_id=self.kernel_id,
                                               kernel_spec=self.kernel_spec, parent=self)
        return await super()._async_pre_start_kernel(**kw)

    async def _async_finish_shutdown(self, waittime: float | None = None,
                                     pollinterval: float = POLL_S, restart: bool = False):
        """As jupyter_client's, polling every :data:`POLL_S` rather than 0.1 s."""
        return await super()._async_finish_shutdown(waittime, pollinterval, restart)
