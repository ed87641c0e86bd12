"""A record's manifest.json edited by hand into another shape is no manifest: the runner makes
the record again, ``verify`` exits 2 saying so, and the index lists the record without one,
instead of any of them failing on a field of the wrong type."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import run_cli

from ita_audit.records.index import collect_records, render_index
from ita_audit.records.manifest import MANIFEST, changed_normalised, is_current, read_manifest
from ita_audit.util.sources import sha256_file

ROOT = Path(__file__).resolve().parent.parent
RECORD = ROOT / "audits" / "2569" / "syn-0001"
HASH = "0" * 64
PAGES = "../../_assets"        # the committed record's pages link the batch's assets

CORRUPTIONS = {
    "outputs-a-string": ("outputs", "oit_audit.html"),
    "outputs-of-numbers": ("outputs", [1, 2]),
    "an-output-out-of-the-folder": ("outputs", [{"path": "../../2566/sso/oit_audit.html",
                                                 "sha256": HASH}]),
    "an-absolute-output": ("outputs", [{"path": "/etc/passwd", "sha256": HASH}]),
    "an-input-without-its-hash": ("inputs", [{"role": "params", "path": "params/x.yaml"}]),
    "normalised-a-mapping": ("normalised", {"path": "x.tsv"}),
    "packages-a-list": ("packages", ["pandas"]),
    "code-a-string": ("code", "abc"),
    "params-file-a-number": ("params_file", 7),
    "a-summary-part-a-string": ("summary", {"oit": "A"}),
    "counts-as-text": ("summary", {"oit": {"counts": {"pass": "many"}}}),
    "items-a-list": ("summary", {"oit": {"items": ["O1"]}}),
    "score-as-text": ("summary", {"oit": {"oit_score": "90"}}),
    "policy-verdicts-of-numbers": ("summary", {"policy": {"verdicts": {"O31": 1}}}),
}


def copy_record(tmp_path: Path) -> Path:
    record = tmp_path / "audits" / "2569" / "syn-0001"
    shutil.copytree(RECORD, record)
    return record


def test_the_committed_manifest_is_well_formed_and_current(tmp_path: Path) -> None:
    record = copy_record(tmp_path)
    manifest = read_manifest(record)
    assert manifest is not None
    assert is_current(record, manifest["fingerprint"], PAGES)
    # pages made for the other mode (self-contained) are not current
    assert not is_current(record, manifest["fingerprint"], None)
    assert [e.has_manifest for e in collect_records(tmp_path / "audits")] == [True]


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_a_manifest_not_shaped_as_written_is_no_manifest(tmp_path: Path, name: str) -> None:
    record = copy_record(tmp_path)
    manifest = json.loads((record / MANIFEST).read_text(encoding="utf-8"))
    key, value = CORRUPTIONS[name]
    manifest[key] = value
    (record / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert read_manifest(record) is None
    assert not is_current(record, manifest["fingerprint"], manifest.get("page_assets"))
    entries = collect_records(tmp_path / "audits")
    assert [e.has_manifest for e in entries] == [False]
    assert "ไม่มี manifest.json" in render_index(entries, False)
    done = run_cli("verify", record)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert f"{record / MANIFEST}: no readable manifest.json" in done.stderr


def test_a_changed_or_missing_normalised_table_makes_the_record_stale(tmp_path: Path) -> None:
    record = copy_record(tmp_path)
    manifest = read_manifest(record)
    table = tmp_path / "disclosure.tsv"
    table.write_text("item\ttitle\turl\n", encoding="utf-8")
    listed = {"path": str(table), "sha256": sha256_file(table)}
    manifest["normalised"] = [listed]
    (record / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert changed_normalised(manifest) == []
    assert is_current(record, manifest["fingerprint"], PAGES)
    table.write_text("item\ttitle\turl\nO1\tแก้ไข\t\n", encoding="utf-8")
    assert changed_normalised(manifest) == [(str(table), listed["sha256"], sha256_file(table))]
    assert not is_current(record, manifest["fingerprint"], PAGES)
    table.unlink()
    assert changed_normalised(manifest) == [(str(table), listed["sha256"], None)]
    assert not is_current(record, manifest["fingerprint"], PAGES)


def test_verify_names_a_normalised_table_overwritten_after_the_record(tmp_path: Path) -> None:
    from ita_audit.run.verify import Verification, _check_normalised_files

    table = tmp_path / "disclosure.tsv"
    table.write_text("item\ttitle\turl\n", encoding="utf-8")
    manifest = {"normalised": [{"path": str(table), "sha256": sha256_file(table)}]}
    result = Verification(record=tmp_path)
    _check_normalised_files(manifest, result)
    assert result.drifts == []
    table.write_text("item\ttitle\turl\nO1\tแก้ไข\t\n", encoding="utf-8")
    _check_normalised_files(manifest, result)
    [drift] = result.drifts
    assert (drift.kind, drift.path) == ("normalised", str(table))
    assert drift.message == (f"normalised table changed (sha256 {sha256_file(table)[:12]}…, "
                            f"manifest {manifest['normalised'][0]['sha256'][:12]}…); re-run the "
                            "audit (ita-audit run) to write it again")


def test_another_years_criteria_leave_the_fingerprint_alone(tmp_path: Path, monkeypatch) -> None:
    """Scaffolding a new year (``criteria new --year 2567``) does not make every record stale;
    a file the record reads (its year's kinds, the synonyms) still does."""
    from ita_audit.records.manifest import fingerprint, input_hashes
    from ita_audit.run.params import load_params

    criteria = tmp_path / "criteria"
    shutil.copytree(ROOT / "data" / "criteria", criteria)
    monkeypatch.setenv("ITA_AUDIT_CRITERIA_DIR", str(criteria))
    params = load_params(ROOT / "params" / "2566" / "sso.yaml")
    before = fingerprint(params)
    names = [Path(i.path).name for i in input_hashes(params) if i.role == "reference"]
    assert names == ["crosswalk-2565-2566.yaml", "crosswalk-2566-2568.yaml",
                     "document-kinds-2566.yaml", "element-synonyms.yaml", "policy-topics.yaml",
                     "procurement-rules.yaml"]
    for name in ("ita-2567.yaml", "document-kinds-2567.yaml", "crosswalk-2567-2568.yaml"):
        shutil.copy(criteria / "ita-2568.yaml", criteria / name)
    (criteria / "ita-2568.yaml").write_text("edited\n", encoding="utf-8")
    assert fingerprint(params) == before
    for name in ("document-kinds-2566.yaml", "element-synonyms.yaml", "crosswalk-2565-2566.yaml"):
        edited = criteria / name
        original = edited.read_bytes()
        edited.write_bytes(original + b"# edited\n")
        assert fingerprint(params) != before, name
        edited.write_bytes(original)
    assert fingerprint(params) == before


def test_verify_given_the_manifest_names_its_folder(tmp_path: Path) -> None:
    record = copy_record(tmp_path)
    done = run_cli("verify", record / MANIFEST)
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert f"{record / MANIFEST}: is a file, not a record folder (fix: give the folder that " \
           f"holds it, {record})" in done.stderr


def test_a_plan_record_depends_on_the_criteria_its_report_names(tmp_path: Path,
                                                                 monkeypatch) -> None:
    """The plan record shows the items of the year its report states and, for a 2565 plan,
    their 2566 successors (the crosswalk and both years' criteria): editing any of them
    makes it stale; another year's file does not."""
    from ita_audit.records.manifest import fingerprint, input_hashes
    from ita_audit.run.params import load_params

    criteria = tmp_path / "criteria"
    shutil.copytree(ROOT / "data" / "criteria", criteria)
    monkeypatch.setenv("ITA_AUDIT_CRITERIA_DIR", str(criteria))
    params = load_params(ROOT / "params" / "2565" / "msdhs-ops.yaml")
    names = {Path(i.path).name for i in input_hashes(params)}
    assert {"ita-2565.yaml", "ita-2566.yaml", "crosswalk-2565-2566.yaml"} <= names
    assert "ita-2568.yaml" not in names
    before = fingerprint(params)
    for name, changes in (("ita-2566.yaml", True), ("crosswalk-2565-2566.yaml", True),
                          ("ita-2568.yaml", False)):
        edited = criteria / name
        original = edited.read_bytes()
        edited.write_bytes(original + b"# edited\n")
        assert (fingerprint(params) != before) is changes, name
        edited.write_bytes(original)
    # a 2566 params file given the 2565 report: the 2565 criteria are an input too
    other = tmp_path / "plan-2566.yaml"
    other.write_text("agency: msdhs-ops\nfiscal_year: 2566\nnotebooks: [integrity_plan]\n"
                     f"plan_report: {ROOT / 'data/raw/msdhs-ops-ita-improvement-progress-2565.txt'}\n",
                     encoding="utf-8")
    inputs = input_hashes(load_params(other))
    roles = {Path(i.path).name: i.role for i in inputs}
    assert roles["ita-2565.yaml"] == "reference" and roles["ita-2566.yaml"] == "criteria"
    assert len({i.path for i in inputs}) == len(inputs)             # each file once
    assert [i.role for i in inputs].count("criteria") == 1             # the record's year's
