"""pyproject.toml is the source of truth; environment.yml must mirror it exactly."""
from __future__ import annotations

import re
from pathlib import Path

import tomllib
import yaml

ROOT = Path(__file__).resolve().parent.parent
MISSION_PACKAGES = {"jupyterlab", "papermill", "pandas", "matplotlib", "pythainlp", "nbval"}


def _spec(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.-]+)\s*(.*)$", requirement)
    assert match, requirement
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements.extend(extra)
    return dict(map(_spec, requirements))


def environment_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    specs = [dep for dep in env["dependencies"] if isinstance(dep, str)]
    return {name: spec for name, spec in map(_spec, specs) if name not in ("python", "pip")}


def test_environment_yml_mirrors_pyproject() -> None:
    assert environment_requirements() == pyproject_requirements()


def test_mission_packages_are_declared() -> None:
    assert MISSION_PACKAGES <= set(pyproject_requirements())


def test_environment_installs_the_package_itself() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(dep["pip"] for dep in env["dependencies"] if isinstance(dep, dict))
    assert pip_section == ["-e ."]
