"""``ita-audit lab``: an agency-year's notebook in JupyterLab, for the auditor to run cell by cell.

The params file is checked as ``ita-audit run`` checks it (every input read, nothing written),
then papermill's prepare-only step writes the notebook with the agency's parameters injected
and nothing executed into ``work/<year>/<agency>/`` (git-ignored), and JupyterLab starts on
that folder, bound to 127.0.0.1. The auditor works there, edits the overrides in the params
file, and renders the record with ``ita-audit run``: the notebook in ``work/`` is a scratch
copy, never the record.
"""
from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ita_audit.errors import InputError
from ita_audit.run.execute import prepare_notebook
from ita_audit.run.params import AuditParams, load_params
from ita_audit.run.runner import check_inputs
from ita_audit.util.paths import notebook_template, repo_root

LOOPBACK = "127.0.0.1"
WORK_DIR = "work"


@dataclass(frozen=True)
class Workspace:
    """A prepared notebook and the folder JupyterLab serves."""

    params: AuditParams
    folder: Path
    notebook: Path


def prepare_workspace(params_path: str | Path, notebook: str | None = None,
                      work_root: Path | None = None) -> Workspace:
    """Check the params file and its inputs, then write ``<notebook>.ipynb`` with the
    agency's parameters injected (nothing executed) into ``work/<year>/<agency>/``."""
    params = load_params(params_path)
    name = notebook or params.notebooks[0]
    if name not in params.notebooks:
        raise InputError(params.path, f"notebook {name!r} is not listed in the params file",
                         where="notebooks", fix=f"use one of {', '.join(params.notebooks)}")
    check_inputs(params)                  # every input is read and checked; nothing is written
    folder = (work_root or repo_root() / WORK_DIR) / str(params.fiscal_year) / params.agency
    folder.mkdir(parents=True, exist_ok=True)
    target = prepare_notebook(notebook_template(name), params.notebook_parameters(name),
                              folder / f"{name}.ipynb")
    return Workspace(params=params, folder=folder, notebook=target)


def free_port() -> int:
    """A TCP port free on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def lab_command(folder: Path, port: int, *, token: str | None = None,
                open_browser: bool = True) -> list[str]:
    """The ``jupyter lab`` command serving ``folder`` on 127.0.0.1 only."""
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.ip={LOOPBACK}",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
               f"--ServerApp.root_dir={folder}"]
    if token is not None:
        command.append(f"--IdentityProvider.token={token}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Jupyter refuses to run as root unless told to (containers and CI often are root);
        # the server still listens on loopback only and asks for the token.
        command.append("--ServerApp.allow_root=True")
    if not open_browser:
        command.append("--no-browser")
    return command


def start_lab(workspace: Workspace, *, port: int | None = None, open_browser: bool = True,
              token: str | None = None, wait: bool = True) -> subprocess.Popen[bytes] | int:
    """Start JupyterLab on the workspace; with ``wait`` block until it stops and return its exit
    code, else return the running process (the caller stops it)."""
    port = port or free_port()
    token = token if token is not None else secrets.token_hex(16)
    command = lab_command(workspace.folder, port, token=token, open_browser=open_browser)
    print(f"ita-audit lab: {workspace.notebook.name} for {workspace.params.fiscal_year}/"
          f"{workspace.params.agency} at http://{LOOPBACK}:{port}/lab/tree/"
          f"{workspace.notebook.name}?token={token}", file=sys.stderr, flush=True)
    process = subprocess.Popen(command, cwd=workspace.folder, env=dict(os.environ))
    if not wait:
        return process
    try:
        return process.wait()
    except KeyboardInterrupt:                   # Ctrl-C: JupyterLab shuts down on its own
        return process.wait()
