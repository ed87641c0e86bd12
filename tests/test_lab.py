"""``ita-audit lab``: the parameterised notebook in a JupyterLab bound to 127.0.0.1."""
from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest
from conftest import run_cli
from nbclient import NotebookClient

from ita_audit.run.lab import LOOPBACK, free_port, lab_command, prepare_workspace, start_lab

ROOT = Path(__file__).resolve().parent.parent
SSO_PARAMS = ROOT / "params" / "2566" / "sso.yaml"


def injected(notebook: dict) -> str:
    cell = next(c for c in notebook["cells"]
                if "injected-parameters" in c["metadata"].get("tags", []))
    return "".join(cell["source"])


def test_prepare_writes_the_parameters_and_executes_nothing(tmp_path: Path) -> None:
    workspace = prepare_workspace(SSO_PARAMS, "policy_document", work_root=tmp_path)
    assert workspace.notebook == tmp_path / "2566" / "sso" / "policy_document.ipynb"
    notebook = nbformat.read(workspace.notebook, as_version=4)
    parameters = injected(notebook)
    assert "agency = 'sso'" in parameters and "policy_items = ['O31', 'O39', 'O42']" in parameters
    assert "year_basis = 'calendar'" in parameters
    assert all(not c.get("outputs") and c.get("execution_count") is None
               for c in notebook.cells if c.cell_type == "code")
    assert "papermill" not in notebook.metadata           # scrubbed like a record


def test_bad_params_and_an_unlisted_notebook_exit_2(tmp_path: Path) -> None:
    done = run_cli("lab", SSO_PARAMS, "--notebook", "hr_audit", "--no-browser")
    assert done.returncode == 2 and "not listed in the params file" in done.stderr
    bad = tmp_path / "p.yaml"
    bad.write_text("agency: sso\nfiscal_year: 2566\ncolour: red\n", encoding="utf-8")
    done = run_cli("lab", bad, "--no-browser")
    assert done.returncode == 2 and "p.yaml:colour: unknown key" in done.stderr
    assert not (ROOT / "work" / "2566" / "sso" / "hr_audit.ipynb").exists()


def test_the_server_listens_on_loopback_only() -> None:
    command = lab_command(Path("/tmp"), 8899, token="t", open_browser=False)
    assert "--ServerApp.ip=127.0.0.1" in command and "--no-browser" in command
    assert "--ServerApp.port_retries=0" in command


def get(url: str, token: str) -> dict:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


@pytest.mark.slow
def test_jupyterlab_serves_the_notebook_and_it_executes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    workspace = prepare_workspace(SSO_PARAMS, "oit_audit", work_root=tmp_path / "work")
    port, token = free_port(), "ita-audit-test-token"
    process = start_lab(workspace, port=port, open_browser=False, token=token, wait=False)
    assert isinstance(process, subprocess.Popen)
    base = f"http://{LOOPBACK}:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status = get(f"{base}/api/status", token)
                break
            except (urllib.error.URLError, ConnectionError):
                assert process.poll() is None, "JupyterLab exited"
                assert time.monotonic() < deadline, "JupyterLab did not start in 90 s"
                time.sleep(0.5)
        assert "started" in status
        listing = get(f"{base}/api/contents/", token)
        assert [item["name"] for item in listing["content"]] == ["oit_audit.ipynb"]
        served = get(f"{base}/api/contents/oit_audit.ipynb?content=1", token)
        assert served["type"] == "notebook"
        parameters = injected(served["content"])
        assert "agency = 'sso'" in parameters and "fiscal_year = 2566" in parameters
        assert "'O19': {'verdict': 'fail'" in parameters                 # the auditor's override
        with pytest.raises(urllib.error.HTTPError) as refused:           # no token, no notebook
            urllib.request.urlopen(f"{base}/api/contents/oit_audit.ipynb", timeout=10)
        assert refused.value.code == 403
        notebook = nbformat.reads(json.dumps(served["content"]), as_version=4)
        NotebookClient(notebook, kernel_name="python3", timeout=300,
                       resources={"metadata": {"path": str(workspace.folder)}}).execute()
        outputs = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code"
                          for o in c.outputs if o.output_type == "stream")
        assert "sso ปี 2566" in outputs and "คะแนน OIT 53.49" in outputs
        host = socket.gethostbyname(socket.gethostname())
        if not host.startswith("127."):                                  # not on other addresses
            with pytest.raises(OSError):
                socket.create_connection((host, port), timeout=2).close()
    finally:
        process.terminate()
        process.wait(timeout=30)
