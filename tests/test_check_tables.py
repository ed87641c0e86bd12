"""Check ids are declared in code, one table per audit kind (``<kind>/rules.py``); the README's
check tables list exactly those ids, and every finding an audit of the real seeds reports
carries a declared id."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from ita_audit.findings import CheckRule, check_table, rule_for
from ita_audit.kinds import BY_NAME, KINDS

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
RAW = ROOT / "data" / "raw"


def readme_tables() -> dict[str, set[str]]:
    """Kind -> the ids in the first column of the table after ``<!-- checks: kind -->``."""
    tables: dict[str, set[str]] = {}
    lines = README.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        marker = re.fullmatch(r"<!-- checks: (\w+) -->", line.strip())
        if not marker:
            continue
        ids: set[str] = set()
        for row in lines[number + 3:]:           # skip the header and the --- line
            if not row.startswith("|"):
                break
            first = row.split("|")[1]
            ids.update(re.findall(r"`([^`]+)`", first))
        tables[marker.group(1)] = ids
    return tables


def test_every_kind_has_a_readme_table_with_exactly_its_ids():
    tables = readme_tables()
    assert set(tables) == {kind.name for kind in KINDS}
    for kind in KINDS:
        assert tables[kind.name] == set(kind.checks), kind.name


def test_every_rule_is_one_line_with_known_severities():
    allowed = {"error", "warning", "info", "pass", "fail", "review"}
    for kind in KINDS:
        for rule in kind.checks.values():
            assert rule.rule and "\n" not in rule.rule
            assert rule.severity and set(rule.severity) <= allowed, rule


def test_families_match_their_members_only():
    table = check_table(CheckRule("period:<rule>", ("fail",), "r"), CheckRule("sum", ("error",), "r"))
    assert rule_for(table, "period:monthly").id == "period:<rule>"
    assert rule_for(table, "period:") is None and rule_for(table, "summary") is None
    assert rule_for(table, "sum").id == "sum"
    with pytest.raises(ValueError, match="declared twice"):
        check_table(CheckRule("sum", ("error",), "a"), CheckRule("sum", ("error",), "b"))


def _literal_check_ids(package: str) -> set[str]:
    """Check ids written as literals in a kind's code: ``check="…"``, ``Finding("…", …)``,
    ``Check("…", …)``, a parser's ``_note(line, "…", …)``; an f-string gives its prefix."""
    found: set[str] = set()
    for path in sorted((ROOT / "ita_audit" / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            values = [kw.value for kw in node.keywords if kw.arg == "check"]
            if name in ("Finding", "Check") and node.args:
                values.append(node.args[0])
            if name == "_note" and len(node.args) > 1:
                values.append(node.args[1])
            for value in values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found.add(value.value)
                elif isinstance(value, ast.JoinedStr) and isinstance(value.values[0], ast.Constant):
                    found.add(value.values[0].value + "x")      # a member of a family
    return found


@pytest.mark.parametrize("kind", [k.name for k in KINDS])
def test_every_check_id_in_the_code_is_declared(kind):
    table = BY_NAME[kind].checks
    undeclared = sorted(c for c in _literal_check_ids(kind) if rule_for(table, c) is None)
    assert undeclared == []


def test_findings_of_the_real_seeds_carry_declared_ids():
    from ita_audit.hr.audit import run_hr_audit
    from ita_audit.oit.audit import run_oit_audit
    from ita_audit.plan.audit import run_plan_audit
    from ita_audit.policy.audit import run_policy_audit

    seen = {
        "hr": {f.check for f in run_hr_audit(RAW / "sso-hr-annual-report-2562.txt").findings},
        "plan": {f.check for f in run_plan_audit(
            RAW / "msdhs-ops-ita-improvement-progress-2565.txt").findings},
        "policy": {f.check for item in ("O31", "O39", "O42") for f in run_policy_audit(
            RAW / "sso-anticorruption-measures-2558.txt", item, 2566).findings},
        "oit": {c.rule for r in run_oit_audit(RAW / "sso-oit-disclosure-index-2566.txt", 2566,
                                              agency="sso").items for c in r.checks},
    }
    for kind, checks in seen.items():
        assert checks, kind
        assert [c for c in checks if rule_for(BY_NAME[kind].checks, c) is None] == [], kind
