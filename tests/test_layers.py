"""The package's structure (DESIGN.md §2): layers, audit kinds that never import each other,
no import cycles, no private names imported across modules, and the registry of kinds."""
from __future__ import annotations

import ast
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from ita_audit import kinds

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "ita_audit"
SHARED_TOOL = ROOT.parent / "shared" / "tools" / "import_layers.py"
KIND_PACKAGES = {"oit", "evidence", "hr", "plan", "policy", "procurement"}
ALLOWED = {("oit", "evidence")}       # the OIT audit reads evidence through its lookup interface
# Each module's layer; a module may import its own layer and the layers below.
LAYERS = {"errors": 0, "thai": 0, "findings": 0, "util": 0, "criteria": 1, "view": 2,
          **{name: 3 for name in KIND_PACKAGES}, "kinds": 4, "records": 5, "run": 6,
          "cli": 7, "launcher": 7, "__main__": 7, "__init__": 7}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


@cache
def imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, module, names) of every ``from ita_audit… import`` and ``import ita_audit…``,
    inside functions too (each file parsed once for all the tests below)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ita_audit"):
            out.append((node.lineno, node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.ImportFrom) and node.level:
            out.append((node.lineno, "." * node.level + (node.module or ""), []))
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name, []) for a in node.names if a.name.startswith("ita_audit")]
    return out


def layer_of(module: str) -> int:
    parts = module.split(".")
    return LAYERS[parts[1] if len(parts) > 1 else "__init__"]


def test_the_shared_layering_tool_prints_nothing():
    if not SHARED_TOOL.is_file():
        pytest.skip("../shared/tools/import_layers.py is not beside the repository")
    done = subprocess.run([sys.executable, str(SHARED_TOOL)], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    assert done.stdout == "" and done.returncode == 0, done.stdout


def test_imports_are_absolute_and_point_down_the_layers():
    problems = []
    for name, path in modules().items():
        for line, target, _ in imports(path):
            where = f"{path.relative_to(ROOT)}:{line}"
            if target.startswith("."):
                problems.append(f"{where}: relative import {target}")
                continue
            if target == "ita_audit":
                continue
            if layer_of(target) > layer_of(name):
                problems.append(f"{where}: {name} (layer {layer_of(name)}) imports {target} "
                                f"(layer {layer_of(target)})")
    assert problems == []


def test_audit_kinds_never_import_each_other():
    problems = []
    for name, path in modules().items():
        own = name.split(".")[1] if name.count(".") else ""
        for line, target, _ in imports(path):
            other = target.split(".")[1] if target.count(".") else ""
            if own in KIND_PACKAGES and other in KIND_PACKAGES and own != other \
                    and (own, other) not in ALLOWED:
                problems.append(f"{path.relative_to(ROOT)}:{line}: {name} imports {target}")
    assert problems == []


def test_no_private_name_is_imported_across_modules():
    problems = [f"{path.relative_to(ROOT)}:{line}: {target}.{n}"
                for path in [*modules().values(), *sorted((ROOT / "benchmarks").glob("*.py"))]
                for line, target, names in imports(path)
                for n in names if n.startswith("_") and not n.startswith("__")]
    assert problems == []


def test_the_registry_names_a_package_a_notebook_and_checks_for_every_kind():
    assert [k.name for k in kinds.KINDS] == ["oit", "hr", "plan", "procurement", "policy"]
    for kind in kinds.KINDS:
        assert (PACKAGE / kind.name / "__init__.py").is_file()
        assert (ROOT / "notebooks" / f"{kind.notebook}.ipynb").is_file()
        assert kind.checks and all(rule.id == key for key, rule in kind.checks.items())
        assert kind.view.__name__ == f"ita_audit.{kind.name}.report"
        assert kinds.kind(kind.name) is kind and kinds.kind(kind.notebook) is kind
    commands = [c.name for k in kinds.KINDS for c in k.commands]
    assert len(commands) == len(set(commands))


def test_public_api_and_module_entry_point():
    import ita_audit

    assert ita_audit.__version__ == "0.1.0"
    for name in ita_audit.__all__:
        assert getattr(ita_audit, name) is not None
    done = subprocess.run([sys.executable, "-m", "ita_audit", "--help"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0 and "usage: ita-audit" in done.stdout
    for kind in kinds.KINDS:
        for command in kind.commands:
            assert command.name in done.stdout
