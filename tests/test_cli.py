"""The ita-audit command line: JSON and table output, exit codes, bad input, atomic records."""
from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_cli

from ita_audit.errors import ExecutionError
from ita_audit.run import runner

ROOT = Path(__file__).resolve().parent.parent
SSO_PARAMS = ROOT / "params" / "2566" / "sso.yaml"


def cli(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env=env)


def test_oit_json_follows_the_contract(sso_index_path: Path) -> None:
    done = cli("oit", "--fiscal-year", "2566", "--disclosure", sso_index_path, "--agency", "sso",
               "--year-basis", "calendar", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["agency"] == "sso" and data["year_basis"] == "calendar"
    verdicts = {item["item"]: item["verdict"] for item in data["items"]}
    assert len(verdicts) == 43
    assert verdicts["O4"] == "pass" and verdicts["O13"] == "pass" and verdicts["O19"] != "pass"
    assert data["items"][0]["evidence"] == []          # O1 lists a heading only


@pytest.mark.slow
def test_oit_disclosure_path_is_relative_to_the_working_directory(tmp_path: Path,
                                                                    sso_index_path: Path) -> None:
    """A changed copy beside the user (O13's year 2565 -> 2563) is found and fails O13."""
    lines = sso_index_path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[91].strip() == "- รายงานผลการดำเนินงานประจำปี 2565"
    lines[91] = lines[91].replace("2565", "2563")
    (tmp_path / "copy.txt").write_text("".join(lines), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "ita_audit", "oit", "--fiscal-year", "2566",
                           "--disclosure", "copy.txt", "--format", "json"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    o13 = next(item for item in json.loads(done.stdout)["items"] if item["item"] == "O13")
    assert o13["verdict"] == "fail"
    assert any("ต้องเป็นรายงานของปี 2565 แต่ชื่อเอกสารระบุ 'ปี 2563'" in reason
               for reason in o13["reasons"])


def test_oit_table_is_readable(sso_index_path: Path) -> None:
    done = cli("oit", "--fiscal-year", "2566", "--disclosure", sso_index_path, "--format", "table")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["item", "verdict", "score", "basis", "docs", "name", "deciding",
                                "reason"]
    assert lines[4].startswith("O4 ") and " pass " in lines[4]
    # a passing item shows the most specific rule it met, not an element rule that does not apply
    assert "[period:plan_covering] 'แผนปฏิบัติราชการสำนักงานประกันสังคม ระยะ 5 ปี" in lines[4]
    assert not any(" pass " in line and "[elements]" in line for line in lines)
    assert "OIT" in lines[-1] and "indicator 9" in lines[-1]
    # the warnings the JSON carries are on standard error, one line each
    assert done.stderr == ("ita-audit: warning: O40: เกณฑ์ปี 2566 ไม่กำหนดข้อกำหนดที่ตรวจได้ (ไม่มี"
                           "คำอธิบาย ช่วงเวลา องค์ประกอบ หรือชนิดเอกสาร) ผลอัตโนมัติจึงเป็น 'รอตรวจ' "
                           "เสมอ: ตรวจกับคู่มือการประเมินของปีนั้น\n")


def test_oit_table_names_the_index_warnings_on_stderr() -> None:
    page = Path(__file__).resolve().parent / "fixtures" / "oit-page-2565.html"
    done = cli("oit", "--fiscal-year", "2565", "--disclosure", page, "--format", "table")
    assert done.returncode == 0, done.stderr
    warnings = done.stderr.splitlines()
    assert ("ita-audit: warning: line 39: relative link 'files/o2-executives.pdf' kept without an "
            "address (fix: give --base-url, the page's web address)") in warnings
    assert sum("relative link" in w for w in warnings) == 42
    assert all(w.startswith("ita-audit: warning: ") for w in warnings)
    assert "relative link" not in done.stdout


def test_strict_exits_1_when_items_fail(tmp_path: Path) -> None:
    index = tmp_path / "index.tsv"
    index.write_text("item\ttitle\turl\nO13\tรายงานผลการดำเนินงานประจำปี 2563\t\n", encoding="utf-8")
    done = cli("oit", "--fiscal-year", "2566", "--disclosure", index, "--strict", "--format", "json")
    assert done.returncode == 1
    data = json.loads(done.stdout)
    o13 = data["items"][12]
    assert o13["verdict"] == "fail" and any("2563" in r and "2565" in r for r in o13["reasons"])


@pytest.mark.parametrize("name, content, expected", [
    ("empty.txt", b"", "file is empty"),
    ("o99.txt", "o1. โครงสร้าง\n- ผัง\no99. ไม่มีข้อนี้\n- เอกสาร\n".encode(), ":line 3: unknown item O99"),
    ("bad.tsv", "item\ttitle\turl\nO1\tผัง\nO2\tผู้บริหาร\t\n".encode(), ":line 2: row has 2 field(s)"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "is a PNG image, not a text file"),
])
def test_bad_disclosure_exits_2_with_one_line(tmp_path: Path, name: str, content: bytes,
                                              expected: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    done = cli("oit", "--fiscal-year", "2566", "--disclosure", bad)
    assert done.returncode == 2
    assert done.stdout == ""
    message = done.stderr.strip()
    assert "\n" not in message and str(bad) in message and expected in message


def test_unknown_fiscal_year_exits_2(sso_index_path: Path) -> None:
    done = cli("oit", "--fiscal-year", "2599", "--disclosure", sso_index_path)
    assert done.returncode == 2
    assert "2599" in done.stderr and "\n" not in done.stderr.strip()


@pytest.mark.parametrize("args, expected", [
    (("oit", "--agency", "sso/hq"),
     "ita-audit: error: --agency: agency id 'sso/hq' is not a safe slug"),
    (("synthetic", "--n", "1", "--defect-rate", "1.5"),
     "ita-audit: error: --defect-rate: --defect-rate 1.5 must be between 0 and 1"),
])
def test_a_bad_option_value_names_the_option(sso_index_path: Path, tmp_path: Path, args,
                                             expected) -> None:
    from ita_audit import cli as command

    extra = (("--fiscal-year", "2566", "--disclosure", sso_index_path) if args[0] == "oit"
             else ("--out", tmp_path / "out"))
    done = cli(*args, *extra)
    assert done.returncode == 2 and done.stderr.startswith(expected), done.stderr
    assert done.stderr.count("\n") == 1 and "<input>" not in done.stderr
    # an error that names its file keeps the file; a params key with a dot is no option
    from ita_audit.errors import InputError
    assert command.on_command_line(InputError("p.yaml", "bad", where="agency")) == \
        "p.yaml:agency: bad"
    assert command.on_command_line(InputError(None, "bad", where="overrides.O1")) == \
        "<input>:overrides.O1: bad"


def test_a_device_is_no_disclosure_file() -> None:
    done = cli("oit", "--fiscal-year", "2566", "--disclosure", "/dev/null")
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "/dev/null: is not a regular file" in done.stderr


@pytest.mark.usefixtures("no_warm_kernels")
def test_run_with_bad_params_writes_nothing(tmp_path: Path) -> None:
    params = tmp_path / "bad.yaml"
    params.write_text(SSO_PARAMS.read_text(encoding="utf-8").replace("O19:", "O99:"),
                      encoding="utf-8")
    audits = tmp_path / "audits"
    done = cli("run", params, "--audits-dir", audits)
    assert done.returncode == 2
    assert "overrides.O99" in done.stderr and str(params) in done.stderr
    assert not audits.exists()


@pytest.mark.parametrize("edit, key", [
    (("fiscal_year: 2566", "fiscal_year: 2599"), "2599"),
    (("agency: sso", "agency: ../../etc"), "agency"),
    (("year_basis: calendar", "year_basis: lunar"), "year_basis"),
    (("notebooks: [oit_audit, policy_document]", "notebooks: [oit_audit]\ncolour: red"), "colour"),
    (("notebooks: [oit_audit, policy_document]", "notebooks: 5"), ":notebooks: notebooks must be a list"),
    (("notebooks: [oit_audit, policy_document]", "notebooks: [oit_audit]\n? [a, b]\n: 1"),
     ":line 16, column 3: YAML syntax error: a list cannot be a key"),
    (("overrides:\n", "overrides:\n  O19: {verdict: pass, note: x, by: y}\n"),
     ":line 18, column 3: YAML syntax error: duplicate key 'O19'"),
    (("notebooks: [oit_audit, policy_document]", "notebooks: [plan_audit]"),
     ":notebooks: unknown notebook 'plan_audit'"),
    (("notebooks: [oit_audit, policy_document]", "notebooks: [hr_audit]"), ":hr_report: missing key 'hr_report'"),
    (("notebooks: [oit_audit, policy_document]", "notebooks: [oit_audit]\nhr_report: [x]"),
     ":hr_report: hr_report must be a file path"),
])
@pytest.mark.usefixtures("no_warm_kernels")
def test_bad_params_name_the_key(tmp_path: Path, edit: tuple[str, str], key: str) -> None:
    params = tmp_path / "bad.yaml"
    params.write_text(SSO_PARAMS.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    done = cli("run", params, "--audits-dir", tmp_path / "audits")
    assert done.returncode == 2 and key in done.stderr
    assert not (tmp_path / "audits").exists()


@pytest.mark.parametrize("value", ["[1]", "abc"])
def test_overrides_that_are_not_a_mapping_exit_2(tmp_path: Path, value: str) -> None:
    params = tmp_path / "bad.yaml"
    text = SSO_PARAMS.read_text(encoding="utf-8")
    params.write_text(text[:text.index("overrides:")] + f"overrides: {value}\n", encoding="utf-8")
    done = cli("run", params, "--audits-dir", tmp_path / "audits")
    assert done.returncode == 2
    assert f"{params}:overrides: overrides must be a mapping" in done.stderr


@pytest.mark.usefixtures("no_warm_kernels")
def test_failed_run_leaves_the_good_record_untouched(tmp_path: Path, monkeypatch) -> None:
    record = tmp_path / "audits" / "2566" / "sso"
    record.mkdir(parents=True)
    (record / "oit_audit.ipynb").write_text("good record", encoding="utf-8")

    def half_then_crash(name, params, out_dir, assets=None):
        (out_dir / f"{name}.ipynb").write_text("half-written", encoding="utf-8")
        raise ExecutionError("boom")

    # the normalised table the good record lists stays as it is too (it was written before
    # the notebooks ran, so a failed or killed run had already replaced it)
    table = tmp_path / "agencies" / "sso" / "2566" / "disclosure.tsv"
    table.parent.mkdir(parents=True)
    table.write_text("good table", encoding="utf-8")
    monkeypatch.setattr(runner, "execute", half_then_crash)
    with pytest.raises(ExecutionError):
        runner.run(SSO_PARAMS, audits_root=tmp_path / "audits", data_root=tmp_path / "agencies")
    assert (record / "oit_audit.ipynb").read_text(encoding="utf-8") == "good record"
    assert sorted(p.name for p in record.parent.iterdir()) == ["sso"]
    assert table.read_text(encoding="utf-8") == "good table"
    assert sorted(p.name for p in table.parent.iterdir()) == ["disclosure.tsv"]


@pytest.mark.usefixtures("no_warm_kernels")
def test_an_unwritable_table_place_fails_before_any_notebook_and_writes_no_table(
        tmp_path: Path, monkeypatch) -> None:
    """Two kinds' tables: the second's place is a folder. The run fails before a kernel
    starts, and the first table (which the good record lists) is not replaced."""
    params = tmp_path / "x3.yaml"
    params.write_text(f"agency: x3\nfiscal_year: 2566\nnotebooks: [oit_audit, integrity_plan]\n"
                      f"disclosure: {ROOT / 'data/raw/sso-oit-disclosure-index-2566.txt'}\n"
                      f"plan_report: {ROOT / 'data/raw/msdhs-ops-ita-improvement-progress-2565.txt'}\n",
                      encoding="utf-8")
    folder = tmp_path / "agencies" / "x3" / "2566"
    (folder / "plan_measures.tsv").mkdir(parents=True)
    (folder / "disclosure.tsv").write_text("old", encoding="utf-8")
    monkeypatch.setattr(runner, "execute", lambda *a, **k: pytest.fail("a notebook ran"))
    with pytest.raises(OSError, match="exists and is not a regular file"):
        runner.run(params, audits_root=tmp_path / "audits", data_root=tmp_path / "agencies")
    assert (folder / "disclosure.tsv").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in folder.iterdir()) == ["disclosure.tsv", "plan_measures.tsv"]
    assert not (tmp_path / "audits" / "2566" / "x3").exists()


def test_placing_tables_is_all_or_none(tmp_path: Path, monkeypatch) -> None:
    """A copy that fails half-way leaves every final table as it was, and no temporary file."""
    staged = tmp_path / "staged"
    (staged / ".normalised").mkdir(parents=True)
    tables = {}
    for name in ("a.tsv", "b.tsv"):
        (staged / ".normalised" / name).write_text(f"new {name}", encoding="utf-8")
        (tmp_path / name).write_text(f"old {name}", encoding="utf-8")
        tables[tmp_path / name] = staged / ".normalised" / name
    real = Path.read_bytes

    def failing(path: Path) -> bytes:
        if path.name == "b.tsv":
            raise OSError(28, "No space left on device")
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", failing)
    with pytest.raises(OSError, match="No space left"):
        runner._place_tables(tables, staged)
    monkeypatch.setattr(Path, "read_bytes", real)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.tsv", "b.tsv", "staged"]
    assert (tmp_path / "a.tsv").read_text(encoding="utf-8") == "old a.tsv"
    runner._place_tables(tables, staged)
    assert (tmp_path / "a.tsv").read_text(encoding="utf-8") == "new a.tsv"
    assert (tmp_path / "b.tsv").read_text(encoding="utf-8") == "new b.tsv"
    assert not (staged / ".normalised").exists()
    # readable by reviewers, as every other file a run writes (mkstemp alone makes 0600)
    assert {(tmp_path / n).stat().st_mode & 0o777 for n in ("a.tsv", "b.tsv")} == {0o644}


def test_interrupted_swap_is_recovered(tmp_path: Path) -> None:
    from ita_audit.util.atomic import recover_interrupted

    target = tmp_path / "sso"
    backup = tmp_path / ".sso.old"
    backup.mkdir()
    (backup / "oit_audit.ipynb").write_text("good", encoding="utf-8")
    (tmp_path / ".sso.staging-abc").mkdir()
    recover_interrupted(target)
    assert (target / "oit_audit.ipynb").read_text(encoding="utf-8") == "good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sso"]


def test_import_never_replaces_a_different_table_unless_forced(tmp_path: Path,
                                                               sso_index_path: Path) -> None:
    out = tmp_path / "disclosure.tsv"
    args = ("import", sso_index_path, "--agency", "sso", "--fiscal-year", "2566", "--out", out)
    assert cli(*args).returncode == 0
    assert cli(*args).returncode == 0                     # the same table again: nothing lost
    made = out.read_bytes()
    page = Path(__file__).resolve().parent / "fixtures" / "oit-page-2565.html"
    other = ("import", page, "--agency", "sso", "--fiscal-year", "2566", "--out", out)
    done = cli(*other)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines()[-1] == (
        f"ita-audit: error: {out}: a different normalised table is already there (a record "
        "made from the agency-year may list it) (fix: give another --out, or --force to replace "
        "it and then re-run the agency-year's audit)")
    assert out.read_bytes() == made
    assert cli(*other, "--force").returncode == 0
    assert out.read_bytes() != made


def test_import_writes_the_normalised_table(tmp_path: Path, sso_index_path: Path) -> None:
    out = tmp_path / "disclosure.tsv"
    done = cli("import", sso_index_path, "--agency", "sso", "--fiscal-year", "2566", "--out", out)
    assert done.returncode == 0, done.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "item\ttitle\turl\tcontext\tlevel\tline\tshared_with"
    assert lines[1] == "O1\t\t\t\t1\t13\tO2,O3,O4"        # o1.–o4. head one list


@pytest.mark.slow
def test_run_writes_a_reproducible_record(tmp_path: Path) -> None:
    """End to end: papermill record + HTML; a second run writes byte-identical files."""
    audits = tmp_path / "audits"
    first = cli("run", SSO_PARAMS, "--audits-dir", audits)
    assert first.returncode == 0, first.stderr
    record = audits / "2566" / "sso"
    assert sorted(p.name for p in record.iterdir()) == [
        "manifest.json", "oit_audit.html", "oit_audit.ipynb", "oit_audit.reviewer.html",
        "policy_document.html", "policy_document.ipynb", "policy_document.reviewer.html"]
    snapshot = {p.name: p.read_bytes() for p in record.iterdir()}
    html = snapshot["oit_audit.html"].decode("utf-8")
    assert "@font-face{font-family:'Loma'" in html               # Thai renders without system fonts
    assert "O1–O43 ในปี 2565–2566" in html
    for content in snapshot.values():                      # no absolute paths in the record
        assert str(ROOT) not in content.decode("utf-8") and str(tmp_path) not in content.decode()
    assert "นายสุรเดช วลีอิทธิกุล" in snapshot["policy_document.html"].decode("utf-8")
    second = cli("run", SSO_PARAMS, "--audits-dir", audits)
    assert second.returncode == 0, second.stderr
    assert {p.name: p.read_bytes() for p in record.iterdir()} == snapshot


HOSTILE_ROWS = [
    ("item", "title", "url"),
    ("O1", "<script>alert(1)</script> โครงสร้าง 2566", "javascript:alert(2)"),
    ("O2", '"><img src=x onerror=alert(3)> ผู้บริหาร', 'https://example.org/a?b="c"&d=<e>'),
    ("O3", "อำนาจหน้าที่", "data:text/html,<script>alert(4)</script>"),
]


@pytest.fixture
def hostile_agency() -> Iterator[str]:
    """An agency id whose normalised table ``run`` writes under data/agencies/; removed after."""
    agency = "zz-test-hostile"
    yield agency
    shutil.rmtree(ROOT / "data" / "agencies" / agency, ignore_errors=True)


@pytest.mark.slow
def test_run_escapes_agency_text_in_the_record(tmp_path: Path, hostile_agency: str) -> None:
    """Titles, URLs, the agency name and override notes come from outside: none of them may
    reach the HTML record as markup or as a non-http(s) link."""
    disclosure = tmp_path / "hostile.tsv"
    with disclosure.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter="\t").writerows(HOSTILE_ROWS)
    params = tmp_path / "hostile.yaml"
    params.write_text(
        f"agency: {hostile_agency}\n"
        "agency_name: \"<script>alert('name')</script> [clk](javascript:alert('md'))\"\n"
        f"fiscal_year: 2566\ndisclosure: {disclosure}\n"
        "overrides: {O3: {verdict: fail, note: '<b onmouseover=alert(5)>x</b>', by: '<i>me</i>'}}\n",
        encoding="utf-8")
    done = cli("run", params, "--audits-dir", tmp_path / "audits")
    assert done.returncode == 0, done.stderr
    record = tmp_path / "audits" / "2566" / hostile_agency
    for page in ("oit_audit.html", "oit_audit.reviewer.html"):     # full and reviewer versions
        html = (record / page).read_text("utf-8")
        for raw in ("<script>alert", "<img src=x", "<b onmouseover", "<i>me</i>"):
            assert raw not in html, (page, raw)
        assert not re.search(r"href=[\"']?\s*(?:javascript|data):", html, re.IGNORECASE)
        assert "&lt;script&gt;alert(1)&lt;/script&gt; โครงสร้าง 2566" in html
        assert "หน่วยงาน:</strong> &lt;script&gt;alert(" in html              # the header line
        assert 'href="https://example.org/a?b=&quot;c&quot;&amp;d=&lt;e&gt;"' not in html


def test_import_into_a_directory_exits_2(tmp_path: Path, sso_index_path: Path) -> None:
    done = cli("import", sso_index_path, "--agency", "sso", "--fiscal-year", "2566",
               "--out", tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"ita-audit: error: {tmp_path}: ")


def test_import_never_replaces_a_special_file(tmp_path: Path, sso_index_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    done = cli("import", sso_index_path, "--agency", "sso", "--fiscal-year", "2566", "--out", fifo)
    assert done.returncode == 2 and "exists and is not a regular file" in done.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.slow
def test_params_outside_the_repository_keep_absolute_provenance(tmp_path: Path,
                                                                hostile_agency: str) -> None:
    """A params file and input outside the repo are named (and hashed) as the files they are."""
    disclosure = tmp_path / "README.md"             # same name as a repo file, other content
    disclosure.write_text("item\ttitle\turl\nO1\tโครงสร้าง 2566\t\n", encoding="utf-8")
    params = tmp_path / "p.yaml"
    params.write_text(f"agency: {hostile_agency}\nfiscal_year: 2566\ndisclosure: {disclosure}\n",
                      encoding="utf-8")
    done = cli("run", params, "--audits-dir", tmp_path / "audits")
    assert done.returncode == 0, done.stderr
    record = (tmp_path / "audits" / "2566" / hostile_agency / "oit_audit.ipynb").read_text("utf-8")
    digest = hashlib.sha256(disclosure.read_bytes()).hexdigest()
    assert f"{disclosure.as_posix()}" in record and digest in record
    assert hashlib.sha256((ROOT / "README.md").read_bytes()).hexdigest() not in record


# ----------------------------------------------------------------------------- hr

SSO_HR = ROOT / "data" / "raw" / "sso-hr-annual-report-2562.txt"


def test_hr_json_follows_the_contract() -> None:
    done = cli("hr", "--report", SSO_HR, "--format", "json", "--agency", "sso")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["fiscal_year"] == 2562 and data["agency"] == "sso"
    keys = {"check", "table", "year", "expected", "actual", "severity", "message"}
    assert all(keys <= set(f) for f in data["findings"])
    assert {"2.1.1", "2.2", "2.3", "2.4", "2.5.1", "2.5.2", "2.5.3", "2.6.2",
            "scorecard"} <= set(data["tables"])
    share = [f for f in data["findings"] if f["check"] == "share" and f["year"] == 2560]
    assert share[0]["expected"] == 2.27 and share[0]["actual"] == 2.03


def test_hr_table_and_strict() -> None:
    done = cli("hr", "--report", SSO_HR)
    assert done.returncode == 0
    assert "civil_servants_across_tables" in done.stdout and "4 error" in done.stdout
    assert cli("hr", "--report", SSO_HR, "--strict").returncode == 1


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00bad"])
def test_hr_unusable_report_exits_2_with_one_line(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "hr.txt"
    path.write_bytes(content)
    done = cli("hr", "--report", path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and str(path) in done.stderr and "fix:" in done.stderr


def test_hr_params_need_the_report_key(tmp_path: Path) -> None:
    params = tmp_path / "p.yaml"
    params.write_text("agency: sso\nfiscal_year: 2562\nnotebooks: [hr_audit]\n", encoding="utf-8")
    done = cli("run", params, "--audits-dir", tmp_path / "audits")
    assert done.returncode == 2 and "hr_report" in done.stderr
    assert not (tmp_path / "audits").exists()


@pytest.mark.slow
def test_run_continues_after_a_failing_params_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("agency: ../x\nfiscal_year: 2562\n", encoding="utf-8")
    good = tmp_path / "hr.yaml"
    good.write_text((ROOT / "params" / "2562" / "sso.yaml").read_text(encoding="utf-8"),
                    encoding="utf-8")
    audits = tmp_path / "audits"
    done = cli("run", bad, good, "--audits-dir", audits)
    assert done.returncode == 2
    assert "bad.yaml" in done.stderr
    record = audits / "2562" / "sso"
    assert (record / "hr_audit.ipynb").is_file() and (record / "hr_audit.html").is_file()


@pytest.mark.slow
def test_run_audits_a_saved_html_page_with_base_url(tmp_path: Path) -> None:
    """A params file may name a saved HTML OIT page and its base URL (2565 criteria)."""
    page = ROOT / "tests" / "fixtures" / "oit-page-2565.html"
    params = tmp_path / "demo.yaml"
    params.write_text(f"agency: demo\nfiscal_year: 2565\ndisclosure: {page}\n"
                      "base_url: https://www.example.go.th/ita/\n", encoding="utf-8")
    scratch = {"ITA_AUDIT_AGENCIES_DIR": str(tmp_path / "agencies")}
    done = cli("run", params, "--audits-dir", tmp_path / "audits", env=scratch)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "agencies" / "demo" / "2565" / "disclosure.tsv").is_file()
    assert not (ROOT / "data" / "agencies" / "demo").exists()
    notebook = (tmp_path / "audits" / "2565" / "demo" / "oit_audit.ipynb").read_text("utf-8")
    assert "https://www.example.go.th/ita/" in notebook and "O1–O43 ในปี 2565–2566" in notebook
    params.write_text(params.read_text("utf-8").replace("https://www", "ftp://www"), "utf-8")
    bad = cli("run", params, "--audits-dir", tmp_path / "audits2", env=scratch)
    assert bad.returncode == 2 and ":base_url:" in bad.stderr


def test_commands_that_run_no_audit_import_neither_pandas_nor_matplotlib(tmp_path: Path) -> None:
    """The command line starts at once: building it (the registry of kinds included) and the
    ``criteria`` commands import neither pandas nor matplotlib (about 1 s); the audits, reports,
    charts and the runner are imported by the commands that use them."""
    script = "\n".join((
        "import contextlib, io, sys",
        "from ita_audit.launcher import main",
        "with contextlib.redirect_stdout(io.StringIO()):",
        "    with contextlib.suppress(SystemExit):",
        "        main(['--help'])",
        "    assert main(['criteria', 'show', '--year', '2568']) == 0",
        "    assert main(['criteria', 'check', 'data/criteria/ita-2568.yaml']) == 0",
        f"    assert main(['criteria', 'new', '--year', '2570', '--from', '2569', "
        f"'--out', {str(tmp_path / 'ita-2570.yaml')!r}]) == 0",
        "print(sorted({name.split('.')[0] for name in sys.modules} & {'pandas', 'matplotlib'}))",
    ))
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[]\n"
