"""``ita-audit criteria new|check|show``: scaffolding a year, checking a criteria file (schema,
file name, crosswalks beside it) and listing a year's items (docs/criteria.md)."""
from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import run_cli

from ita_audit.criteria.authoring import shift_years
from ita_audit.criteria.files import load_criteria, load_criteria_file

ROOT = Path(__file__).resolve().parent.parent
CRITERIA = ROOT / "data" / "criteria"
YEARS = (2565, 2566, 2568, 2569)


def cli(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli("criteria", *args, env=env)


def one_error_line(done: subprocess.CompletedProcess[str]) -> str:
    """The single line an exit 2 prints (nothing on stdout)."""
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("ita-audit: error: ")
    return done.stderr.strip()


@cache
def _real_document(year: int) -> dict[str, Any]:
    """The real criteria document of ``year``, parsed once (callers change a deep copy)."""
    return yaml.safe_load((CRITERIA / f"ita-{year}.yaml").read_text(encoding="utf-8"))


def copy_year(folder: Path, year: int, name: str | None = None,
              change: Callable[[dict[str, Any]], None] | None = None) -> Path:
    """The real criteria of ``year`` in ``folder`` (as ``name``), changed by ``change``."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (name or f"ita-{year}.yaml")
    if change is None:
        shutil.copyfile(CRITERIA / f"ita-{year}.yaml", target)
        return target
    document = copy.deepcopy(_real_document(year))
    change(document)
    target.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False),
                      encoding="utf-8")
    return target


# ── show ─────────────────────────────────────────────────────────────────────────────────────

def test_show_2568_json_follows_the_contract() -> None:
    done = cli("show", "--year", "2568", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert list(data) == ["year", "status", "items"]
    assert data["year"] == 2568 and data["status"] == "provisional"
    assert [entry["item"] for entry in data["items"]] == [f"O{n}" for n in range(1, 29)]
    criteria = load_criteria(2568)
    for entry in data["items"]:
        assert list(entry) == ["item", "name", "group", "rules"]
        item = criteria.item(entry["item"])
        assert (entry["name"], entry["group"]) == (item.name, item.group)
        assert all(isinstance(rule, str) and rule for rule in entry["rules"])
    rules = {entry["item"]: entry["rules"] for entry in data["items"]}
    assert "parts:structure,powers" in rules["O1"]
    assert "parts:plan,progress dated=plan,progress" in rules["O6"]
    assert rules["O4"][0] == "period:current_year 2568"
    assert "period:plan_covering 2568 min_years=2" in rules["O5"]
    assert "period:previous_year_report 2567" in rules["O7"]
    assert "elements:6" in rules["O2"]
    assert any(rule.startswith("data_file:") and "xlsx" in rule for rule in rules["O12"])
    assert not any("to_check" in r for rules_ in rules.values() for r in rules_)


def test_show_2566_lists_exceptions_and_official_status() -> None:
    data = json.loads(cli("show", "--year", "2566", "--format", "json").stdout)
    assert data["status"] == "official" and len(data["items"]) == 43
    with_exceptions = [e for e in data["items"] if any(r.startswith("exceptions:")
                                                       for r in e["rules"])]
    assert with_exceptions
    item = load_criteria(2566).item(with_exceptions[0]["item"])
    assert f"exceptions:{','.join(ex.id for ex in item.exceptions)}" in with_exceptions[0]["rules"]


def test_show_2569_lists_26_items() -> None:
    done = cli("show", "--year", "2569", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["year"] == 2569 and len(data["items"]) == 26


def test_show_text_is_a_table() -> None:
    done = cli("show", "--year", "2568")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "ITA 2568 OIT criteria: 28 items, status provisional"
    assert lines[1].split() == ["item", "name", "group", "rules"]
    assert len(lines) == 2 + 28
    o1 = next(line for line in lines if line.startswith("O1 "))
    assert o1.endswith("parts:structure,powers")


def test_show_an_unknown_year_says_how_to_add_it() -> None:
    """Through the real module entry point, as a user runs it."""
    done = subprocess.run([sys.executable, "-m", "ita_audit.cli", "criteria", "show", "--year",
                           "2567"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    line = one_error_line(done)
    assert "no criteria for fiscal year 2567" in line
    assert "criteria new --year 2567" in line


# ── check: the real files ────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("year", YEARS)
def test_check_accepts_every_real_file(year: int) -> None:
    done = cli("check", f"data/criteria/ita-{year}.yaml")
    assert done.returncode == 0, done.stderr
    items = len(load_criteria(year).items)
    assert done.stdout.startswith(f"ok: data/criteria/ita-{year}.yaml: {items} items, status ")


def test_check_names_the_crosswalks_it_checked() -> None:
    done = cli("check", "data/criteria/ita-2568.yaml")
    assert done.stdout == ("ok: data/criteria/ita-2568.yaml: 28 items, status provisional, "
                           "crosswalks 2566->2568, 2568->2569 checked\n")


# ── check: broken copies ─────────────────────────────────────────────────────────────────────

def _duplicate_id(doc: dict[str, Any]) -> None:
    doc["items"][1]["id"] = "O1"


def _unknown_key(doc: dict[str, Any]) -> None:
    doc["items"][3]["colour"] = "red"


def _bad_period_rule(doc: dict[str, Any]) -> None:
    assert doc["items"][3]["period"]["rule"] == "current_year"           # O4
    doc["items"][3]["period"]["rule"] = "yearly"


def _period_year_outside(doc: dict[str, Any]) -> None:
    doc["items"][3]["period"]["year"] = 2566


def _no_confidence(doc: dict[str, Any]) -> None:
    del doc["items"][5]["confidence"]


def _empty_sub_indicator(doc: dict[str, Any]) -> None:
    doc["indicators"][0]["sub_indicators"].append({"id": "G14", "name": "หมวดที่ไม่มีข้อ"})


def _bad_status(doc: dict[str, Any]) -> None:
    doc["status"] = "draft"


@pytest.mark.parametrize("change, where, problem", [
    (_duplicate_id, "items[1].id", "duplicate id 'O1'"),
    (_unknown_key, "items[3].colour", "unknown key 'colour'"),
    (_bad_period_rule, "items[3].period.rule", "unknown rule 'yearly' in O4"),
    (_period_year_outside, "items[3].period.year", "year 2566 of O4 is outside 2567..2568"),
    (_no_confidence, "items[5].confidence", "O6 of a provisional file has no confidence"),
    (_empty_sub_indicator, "indicators[0].sub_indicators[13]", "sub-indicator G14 has no item"),
    (_bad_status, "status", "'draft' is not one of official, provisional"),
])
def test_check_names_the_key_path_of_a_broken_copy(tmp_path: Path, change: Any, where: str,
                                                    problem: str) -> None:
    path = copy_year(tmp_path, 2568, change=change)
    line = one_error_line(cli("check", path))
    assert line.startswith(f"ita-audit: error: {path.resolve()}: {where}: {problem} (fix: ")


def test_an_unchanged_copy_passes(tmp_path: Path) -> None:
    """The copies above fail because of their change, not because they were copied."""
    path = copy_year(tmp_path, 2568, change=lambda doc: None)
    done = cli("check", path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (f"ok: {path.resolve()}: 28 items, status provisional, "
                           "no crosswalk to check\n")


def test_check_refuses_a_year_other_than_the_file_name(tmp_path: Path) -> None:
    path = copy_year(tmp_path, 2568, name="ita-2567.yaml")
    line = one_error_line(cli("check", path))
    assert f"{path.resolve()}: fiscal_year: declares 2568 but the file name says 2567" in line


def test_check_accepts_another_file_name_without_crosswalks(tmp_path: Path) -> None:
    path = copy_year(tmp_path, 2568, name="draft.yaml")
    done = cli("check", path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (f"ok: {path.resolve()}: 28 items, status provisional, no crosswalk "
                           "to check; not named ita-2568.yaml, so no audit reads it and its "
                           "crosswalks were not looked for: save it as "
                           "data/criteria/ita-2568.yaml\n")


def test_check_refuses_yaml_with_a_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "ita-2568.yaml"
    path.write_text("schema: ita-criteria/1\nfiscal_year: 2568\nitems: [O1\n", encoding="utf-8")
    line = one_error_line(cli("check", path))
    assert f"{path.resolve()}: line 4, column 1: YAML syntax error" in line


def test_check_refuses_a_text_that_is_not_yaml(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("ข้อ O1: โครงสร้าง\nkey: value: more\n", encoding="utf-8")
    line = one_error_line(cli("check", path))
    assert f"{path.resolve()}: this does not look like a criteria file" in line
    assert "not YAML: line 2" in line


def test_check_refuses_a_list(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- O1\n- O2\n", encoding="utf-8")
    line = one_error_line(cli("check", path))
    assert "does not look like a criteria file" in line and "not a mapping" in line


def test_check_refuses_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "ita-2568.yaml"
    path.write_text("", encoding="utf-8")
    assert "the file is empty" in one_error_line(cli("check", path))


@pytest.mark.parametrize("name, what", [
    ("crosswalk-2568-2569.yaml", "a crosswalk between two years' items (schema ita-crosswalk/1)"),
    ("document-kinds-2568.yaml", "a document-kinds file (schema ita-document-kinds/1)"),
])
def test_check_refuses_another_kind_of_project_file(name: str, what: str) -> None:
    line = one_error_line(cli("check", f"data/criteria/{name}"))
    assert line.startswith(f"ita-audit: error: data/criteria/{name}: schema: this is {what}, "
                           "not a criteria file (ita-criteria/1)")


def test_check_refuses_any_other_data_file_of_the_project(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("schema: ita-procurement-rules/1\nact: x\n", encoding="utf-8")
    line = one_error_line(cli("check", path))
    assert f"{path.resolve()}: schema: this is a procurement-rules file " \
        "(schema ita-procurement-rules/1), not a criteria file" in line


def test_check_refuses_a_missing_file_and_a_folder(tmp_path: Path) -> None:
    missing = tmp_path / "ita-2570.yaml"
    assert f"{missing.resolve()}: file not found" in one_error_line(cli("check", missing))
    assert "is a folder, not a criteria file" in one_error_line(cli("check", tmp_path))


# ── check: crosswalks beside the file ────────────────────────────────────────────────────────

def test_check_validates_the_crosswalks_beside_the_file(tmp_path: Path) -> None:
    copy_year(tmp_path, 2568)
    path = copy_year(tmp_path, 2569)
    shutil.copyfile(CRITERIA / "crosswalk-2568-2569.yaml", tmp_path / "crosswalk-2568-2569.yaml")
    done = cli("check", path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("26 items, status provisional, crosswalks 2568->2569 checked\n")


def test_check_fails_when_a_crosswalk_no_longer_fits(tmp_path: Path) -> None:
    """2568 O1 renamed: the 2568 -> 2569 crosswalk names it otherwise."""
    copy_year(tmp_path, 2569)

    def rename(doc: dict[str, Any]) -> None:
        doc["items"][0]["name"] = "โครงสร้างองค์กร"
    path = copy_year(tmp_path, 2568, change=rename)
    walk = tmp_path / "crosswalk-2568-2569.yaml"
    shutil.copyfile(CRITERIA / "crosswalk-2568-2569.yaml", walk)
    line = one_error_line(cli("check", path))
    assert line.startswith(f"ita-audit: error: {walk.resolve()}: items[0].name: name ")
    assert "differs from the 2568 criteria ('โครงสร้างองค์กร')" in line


def test_check_skips_a_crosswalk_whose_other_year_is_missing(tmp_path: Path) -> None:
    path = copy_year(tmp_path, 2569)
    shutil.copyfile(CRITERIA / "crosswalk-2568-2569.yaml", tmp_path / "crosswalk-2568-2569.yaml")
    done = cli("check", path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("no crosswalk to check; not checked: crosswalk-2568-2569.yaml "
                                "(no ita-2568.yaml)\n")


# ── new ──────────────────────────────────────────────────────────────────────────────────────

def test_new_scaffolds_a_year_that_checks_and_shows(tmp_path: Path) -> None:
    out = tmp_path / "ita-2570.yaml"
    done = cli("new", "--year", "2570", "--from", "2569", "--out", out)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"wrote {out.resolve()}: 26 items")
    checked = cli("check", out)
    assert checked.returncode == 0, checked.stderr
    assert "26 items (26 to_check), status provisional" in checked.stdout
    shown = cli("show", "--year", "2570", "--format", "json",
                env={"ITA_AUDIT_CRITERIA_DIR": str(tmp_path)})
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["year"] == 2570 and data["status"] == "provisional"
    assert len(data["items"]) == 26
    assert all(entry["rules"][-1] == "to_check" for entry in data["items"])
    rules = {entry["item"]: entry["rules"] for entry in data["items"]}
    assert rules["O4"][0] == "period:current_year 2570"
    assert rules["O7"][0] == "period:previous_year_report 2569"
    assert "parts:structure,powers" in rules["O1"]


def test_the_scaffold_copies_the_source_and_marks_every_item(tmp_path: Path) -> None:
    out = tmp_path / "ita-2570.yaml"
    assert cli("new", "--year", "2570", "--from", "2569", "--out", out).returncode == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# ITA 2570 — OIT criteria, SCAFFOLD (status: provisional).")
    assert "Check against the NACC manual of 2570" in text
    new, old = yaml.safe_load(text), yaml.safe_load(
        (CRITERIA / "ita-2569.yaml").read_text(encoding="utf-8"))
    assert list(new) == list(old)                               # key order kept
    assert new["fiscal_year"] == 2570 and new["status"] == "provisional"
    assert new["source"]["file"] == "data/criteria/ita-2569.yaml"
    assert "พ.ศ. 2570" in new["title"] and "2569" not in new["title"]
    assert new["notes"][1:] == old["notes"] and "to_check" in new["notes"][0]
    for key in ("indicators", "aggregation", "grades", "ratings", "ita_weights"):
        assert new[key] == old[key], key
    for before, after in zip(old["items"], new["items"], strict=True):
        assert after["source"] == ("scaffold from ita-2569.yaml: check against the NACC "
                                   "manual of 2570")
        assert after["confidence"] == "low" and after["to_check"] is True
        unchanged = {k: v for k, v in before.items()
                     if k not in ("source", "confidence", "period", "description", "elements")}
        assert {k: after[k] for k in unchanged} == unchanged
        if before["period"] is not None:
            assert after["period"]["year"] == before["period"]["year"] + 1
            assert after["period"]["rule"] == before["period"]["rule"]
    criteria = load_criteria_file(out)
    assert criteria.fiscal_year == 2570 and all(item.to_check for item in criteria.items)


def test_the_scaffold_moves_recent_years_in_texts_but_not_a_law_year(tmp_path: Path) -> None:
    """2566 O19 cites the procurement act of พ.ศ. 2560; O42 the assessment of 2565."""
    out = tmp_path / "ita-2567.yaml"
    assert cli("new", "--year", "2567", "--from", "2566", "--out", out).returncode == 0
    items = {item.id: item for item in load_criteria_file(out).items}
    assert any("พ.ศ. 2560" in line for line in items["O19"].description)
    assert any(line.endswith("ในปี พ.ศ. 2566") for line in items["O42"].description)
    assert items["O42"].period.year == 2566 and items["O42"].period.text.endswith("2566")
    assert items["O4"].period.min_years == 2


def test_shift_years_keeps_digits_and_ignores_longer_numbers() -> None:
    assert shift_years("ปี พ.ศ.2565 และ ๒๕๖๔ ถึง 2566", 2, 2564, 2567) == \
        "ปี พ.ศ.2567 และ ๒๕๖๖ ถึง 2568"
    assert shift_years("พ.ศ. 2560, เลขที่ 25650, ปี 2568", 1, 2564, 2567) == \
        "พ.ศ. 2560, เลขที่ 25650, ปี 2568"
    assert shift_years("ปี 2565", -1, 2564, 2567) == "ปี 2564"


def test_new_writes_into_the_criteria_folder_by_default(tmp_path: Path) -> None:
    copy_year(tmp_path, 2569)
    done = cli("new", "--year", "2570", "--from", "2569",
               env={"ITA_AUDIT_CRITERIA_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert load_criteria(2570, tmp_path).fiscal_year == 2570
    assert not (CRITERIA / "ita-2570.yaml").exists()


def test_new_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "ita-2570.yaml"
    out.write_text("# hand-edited, keep\n", encoding="utf-8")
    line = one_error_line(cli("new", "--year", "2570", "--from", "2569", "--out", out))
    assert f"{out.resolve()}: already exists" in line and "--force" in line
    assert out.read_text(encoding="utf-8") == "# hand-edited, keep\n"
    done = cli("new", "--year", "2570", "--from", "2569", "--out", out, "--force")
    assert done.returncode == 0, done.stderr
    assert load_criteria_file(out).fiscal_year == 2570


def test_new_refuses_a_year_without_criteria_to_copy(tmp_path: Path) -> None:
    out = tmp_path / "ita-2570.yaml"
    line = one_error_line(cli("new", "--year", "2570", "--from", "2599", "--out", out))
    assert "no criteria of 2599 to scaffold from (available: 2565, 2566, 2568, 2569)" in line
    assert not out.exists()


@pytest.mark.parametrize("year, from_year, out, expected", [
    ("2027", "2569", "ita-2027.yaml", "2027 looks like a Gregorian (CE) year"),
    ("2570", "2570", "ita-2570.yaml", "--year and --from are both 2570"),
    ("2570", "2569", "ita-2571.yaml", "the file name says 2571 but the scaffold is for 2570"),
])
def test_new_refuses_bad_years_and_names(tmp_path: Path, year: str, from_year: str, out: str,
                                         expected: str) -> None:
    line = one_error_line(cli("new", "--year", year, "--from", from_year,
                              "--out", tmp_path / out))
    assert expected in line
    assert list(tmp_path.iterdir()) == []


# ── docs/criteria.md ─────────────────────────────────────────────────────────────────────────

def test_the_annotated_item_of_the_guide_validates(tmp_path: Path) -> None:
    """The example item of docs/criteria.md, put in place of 2568 O12, checks and shows."""
    guide = (ROOT / "docs" / "criteria.md").read_text(encoding="utf-8")
    block = guide.split("### An annotated item", 1)[1].split("```yaml\n", 1)[1].split("```")[0]
    example = yaml.safe_load(block)["items"][0]

    def replace(doc: dict[str, Any]) -> None:
        assert doc["items"][11]["id"] == example["id"] == "O12"
        doc["items"][11] = example
    path = copy_year(tmp_path, 2568, change=replace)
    done = cli("check", path)
    assert done.returncode == 0, done.stderr
    shown = json.loads(cli("show", "--year", "2568", "--format", "json",
                           env={"ITA_AUDIT_CRITERIA_DIR": str(tmp_path)}).stdout)
    assert shown["items"][11]["rules"] == [
        "period:current_year 2568", "elements:3", "exceptions:no_procurement_over_500k",
        "parts:plan,progress dated=plan", "data_file:xlsx,xls,csv,ods", "to_check"]


def test_a_missing_sub_command_is_named_as_the_user_types_it() -> None:
    done = run_cli("criteria")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ("ita-audit criteria: error: the following arguments are required: "
                           "{new,check,show} (fix: see 'ita-audit criteria --help')\n")
    done = run_cli()
    assert done.stderr == ("ita-audit: error: the following arguments are required: COMMAND "
                           "(fix: see 'ita-audit --help')\n")


@pytest.mark.parametrize("args, line", [
    (["oit", "--fiscal-year", "abc", "--disclosure", "x.txt"],
     "ita-audit oit: error: argument --fiscal-year: invalid int value: 'abc' "
     "(fix: see 'ita-audit oit --help')"),
    (["hr", "--fiscal-year", "2562"],
     "ita-audit hr: error: the following arguments are required: --report "
     "(fix: see 'ita-audit hr --help')"),
    (["oit", "--fiscal-year", "2566", "--disclosure", "x", "--format", "xml"],
     "ita-audit oit: error: argument --format: invalid choice: 'xml' (choose from 'json', "
     "'table') (fix: see 'ita-audit oit --help')"),
])
def test_a_usage_error_is_one_line_with_its_fix(args, line) -> None:
    done = run_cli(*args)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", line + "\n")
