"""Dependencies: ranges in pyproject.toml, exact versions with hashes in requirements.lock (what
`make` installs), and environment.yml generated from both for conda users."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import tomllib
import yaml
from packaging.markers import Marker
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
MISSION_PACKAGES = {"jupyterlab", "papermill", "pandas", "matplotlib", "pythainlp", "nbval"}
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)(?:\s*;\s*(.*?))?\s*\\$")

sys.path.insert(0, str(ROOT / "tools"))
import sync_environment  # noqa: E402


def pyproject_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements.extend(extra)
    return [Requirement(r) for r in requirements]


def lock_entries() -> list[tuple[str, str, str | None, list[str]]]:
    """(name, version, marker, hashes) of every pin of the lock."""
    entries: list[tuple[str, str, str | None, list[str]]] = []
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        pin = PIN.match(line)
        if pin:
            entries.append((pin.group(1), pin.group(2), pin.group(3), []))
        elif line.strip().startswith("--hash=sha256:") and entries:
            entries[-1][3].append(line.strip())
    return entries


def test_mission_packages_are_declared() -> None:
    assert MISSION_PACKAGES <= {sync_environment.canonical(r.name) for r in pyproject_requirements()}


def test_every_pin_of_the_lock_has_hashes() -> None:
    entries = lock_entries()
    assert len(entries) > 100
    assert [name for name, _, _, hashes in entries if not hashes] == []


def test_locked_versions_satisfy_the_ranges_of_pyproject() -> None:
    locked = sync_environment.locked_versions()
    for requirement in pyproject_requirements():
        version = locked[sync_environment.canonical(requirement.name)]
        assert requirement.specifier.contains(version), (requirement, version)


def test_environment_yml_is_generated_from_the_lock() -> None:
    assert (ROOT / "environment.yml").read_text(encoding="utf-8") == sync_environment.render()
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(dep["pip"] for dep in env["dependencies"] if isinstance(dep, dict))
    assert pip_section[-1] == "-e ."
    assert f"python={sync_environment.TARGET_PYTHON}" in env["dependencies"]
    named = {Requirement(spec).name for spec in pip_section[:-1]}
    assert named == {r.name for r in pyproject_requirements()}


def test_this_environment_has_exactly_the_locked_versions() -> None:
    """What `make` installs is the lock: every pin that applies here is the installed version
    (a record names these versions; a different one would make it drift)."""
    wrong = []
    for name, version, marker, _ in lock_entries():
        if marker and not Marker(marker).evaluate():
            continue
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            wrong.append(f"{name}: locked {version}, installed {installed}")
    assert wrong == [], "run `make clean-venv install`"


def test_the_lock_check_of_sync_environment_passes() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "sync_environment.py"), "--check"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout


def test_the_package_goes_without_rfc3987_syntax_and_notebooks_still_validate() -> None:
    """Importing the package first keeps jsonschema (imported by nbformat) from loading
    rfc3987_syntax, which builds Lark parsers at import (seconds per process): jsonschema then
    has no IRI format checker, which no notebook schema uses, and a notebook still validates
    (an invalid one is still refused). The slow module is installed, so the test can fail."""
    assert metadata.version("rfc3987-syntax")
    script = """
import sys
import ita_audit
import jsonschema, nbformat
assert sys.modules["rfc3987_syntax"] is None, "rfc3987_syntax was loaded"
assert "iri" not in jsonschema.FormatChecker.checkers
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
nbformat.validate(nb)
del nb.cells[0]["source"]
try:
    nbformat.validate(nb)
except nbformat.ValidationError:
    print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "ok\n", done.stdout


def test_make_compiles_the_package_beside_it_before_running_it() -> None:
    """`ita-audit` run outside make, where PYTHONDONTWRITEBYTECODE is set, reads the byte-code
    that make compiled beside the package (an editable install is not compiled by pip), and make
    lets Python write byte-code caches where it looks for them by default."""
    compile_step = ".venv/bin/python -m compileall -q ita_audit"
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    for target in ("install", "audit", "test", "test-fast"):
        done = subprocess.run(["make", "--no-print-directory", "-n", target], cwd=ROOT, env=env,
                              capture_output=True, text=True, check=True)
        commands = done.stdout.splitlines()
        assert compile_step in commands, (target, commands)
        assert "PYTHONPYCACHEPREFIX" not in done.stdout
        assert not any(c.startswith((".venv/bin/ita-audit", ".venv/bin/python -m pytest"))
                       for c in commands[:commands.index(compile_step)]), (target, commands)
        if target != "install":
            assert commands[-1].startswith((".venv/bin/ita-audit", ".venv/bin/python -m pytest"))
