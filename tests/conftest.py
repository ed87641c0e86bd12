"""Shared fixtures: the real seed copies in data/raw and the repository root."""
from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import ita_audit  # noqa: F401  (first: nbformat, imported by test modules, then skips rfc3987_syntax)

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
SSO_INDEX = RAW / "sso-oit-disclosure-index-2566.txt"


@contextlib.contextmanager
def csv_field_limit(limit: int):
    """The csv module's cell-size limit set to ``limit`` for the block, then restored (it is
    process-wide, and the readers raise it once at import)."""
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


@pytest.fixture(scope="session")
def sso_index_path() -> Path:
    return SSO_INDEX


@pytest.fixture()
def sso_copy(tmp_path: Path) -> Path:
    """A writable copy of the SSO 2566 disclosure index."""
    copy = tmp_path / "sso-index.txt"
    copy.write_bytes(SSO_INDEX.read_bytes())
    return copy


# --- the command line, in this process ------------------------------------------------------

@pytest.fixture()
def no_warm_kernels(monkeypatch: pytest.MonkeyPatch) -> None:
    """For a test whose ``run`` stops before any notebook: the run does not start this
    process's warm-kernel server ahead of the notebooks (its imports and warm-up take about 4 s
    of the other core, and the test process would keep it to the end). A notebook that does
    run still gets a server, started when it is needed."""
    from ita_audit.run import runner

    monkeypatch.setattr(runner, "start_kernel_server", lambda focus: None)


def run_cli(*args: str | Path, cwd: Path | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``ita-audit ARGS`` run in this process (``cli.main``), with its exit code, stdout and
    stderr, in ``cwd`` (default: the repository) and with ``env`` added to the environment.
    An exception escaping ``main`` (a traceback for a user) fails the test. The real
    console script is exercised by the tests that start ``python -m ita_audit``."""
    from ita_audit.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_cwd = dict(os.environ), Path.cwd()
    os.environ.update(env or {})
    os.chdir(cwd or ROOT)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main([str(a) for a in args])
            except SystemExit as exit_:        # argparse: --help, usage errors
                code = exit_.code if isinstance(exit_.code, int) else 2
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(["ita-audit", *map(str, args)], code, out.getvalue(),
                                       err.getvalue())


# --- headless Chromium (Debian package `chromium`; .ci/run installs it) ---------------------

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--virtual-time-budget=5000"]


@pytest.fixture(scope="session")
def chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.skip("chromium not installed (apt-get install -y chromium); "
                    "the headless rendering checks need it")
    return path


def headless(chromium: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with a fresh profile; it must exit 0 within 60 s."""
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    result = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    return result
