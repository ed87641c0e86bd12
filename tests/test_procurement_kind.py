"""The procurement audit as a kind: the command's JSON contract, the terminal table, the
synthetic workspace with procurement tables, and the committed record."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import run_cli

from ita_audit.kinds import BY_NAME, identify

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "data" / "synthetic" / "2568" / "syn-0001-procurement.xlsx"
DEFECTS = ROOT / "data" / "synthetic" / "2568" / "syn-0001-procurement-defects.json"


def _found(findings: list[dict]) -> set[tuple[str, str, int]]:
    return {(f["check"], f["sheet"], f["row"]) for f in findings if f.get("row") is not None}


def test_json_contract_and_every_injected_anomaly_of_the_committed_table() -> None:
    done = run_cli("procurement", "--data", TABLE, "--fiscal-year", "2568", "--agency",
                   "syn-0001", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) >= {"rows", "sheets", "findings", "summary"}
    assert data["rows"] == 219 and len(data["sheets"]) == 11
    assert all({"check", "severity", "message"} <= set(f) for f in data["findings"])
    found = _found(data["findings"])
    checks = {f["check"] for f in data["findings"]}
    for defect in json.loads(DEFECTS.read_text(encoding="utf-8"))["defects"]:
        if "row" in defect:
            assert (defect["check"], defect["sheet"], defect["row"]) in found, defect
        else:
            assert defect["check"] in checks, defect
    assert "a flag marks a risk, not proof" in data["note"]


def test_strict_exits_1_on_error_findings_and_the_table_names_rows() -> None:
    done = run_cli("procurement", "--data", TABLE, "--fiscal-year", "2568", "--strict")
    assert done.returncode == 1
    assert "split_purchase" in done.stdout and "A flag marks a risk, not proof." in done.stdout


def test_the_kind_is_registered_and_identifies_its_csv() -> None:
    kind = BY_NAME["procurement"]
    assert kind.notebook == "procurement_audit" and kind.input_key == "procurement"
    assert (ROOT / "notebooks" / "procurement_audit.ipynb").is_file()
    csv = (ROOT / "tests" / "fixtures" / "procurement" / "sorkhor1-2567.csv").read_text("utf-8")
    assert identify(csv) == kind.document


@pytest.mark.slow
def test_synthetic_workspace_with_procurement(tmp_path: Path) -> None:
    out = tmp_path / "syn"
    done = subprocess.run([sys.executable, "-m", "ita_audit.cli", "synthetic", "--n", "2",
                           "--fiscal-year", "2568", "--out", str(out), "--procurement"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    params = yaml.safe_load((out / "params" / "2568" / "syn-0002.yaml").read_text("utf-8"))
    assert params["notebooks"] == ["oit_audit", "procurement_audit"]
    assert Path(params["procurement"]) == out / "procurement" / "syn-0002.xlsx"
    report = json.loads((out / "procurement-defects.json").read_text("utf-8"))
    assert [a["agency"] for a in report["agencies"]] == ["syn-0001", "syn-0002"]
    audit = run_cli("procurement", "--data", params["procurement"], "--fiscal-year", "2568",
                    "--format", "json")
    found = _found(json.loads(audit.stdout)["findings"])
    for defect in report["agencies"][1]["defects"]:
        if "row" in defect:
            assert (defect["check"], defect["sheet"], defect["row"]) in found, defect


def test_synthetic_procurement_refuses_served(tmp_path: Path) -> None:
    done = run_cli("synthetic", "--n", "1", "--out", tmp_path / "s", "--served",
                   "--procurement", "--fiscal-year", "2566")
    assert done.returncode == 2 and "--procurement cannot be combined with --served" in done.stderr


def test_committed_record_summary() -> None:
    manifest = json.loads((ROOT / "audits" / "2568" / "syn-0001" / "manifest.json")
                          .read_text(encoding="utf-8"))
    summary = manifest["summary"]["procurement"]
    assert summary["rows"] == 219 and summary["split_groups"] == 1
    assert summary["findings"]["error"] >= 1
    assert (ROOT / "data/agencies/syn-0001/2568/procurement.tsv").is_file()
