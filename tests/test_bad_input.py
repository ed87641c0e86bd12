"""The bad-input corpus: every command and the params file, given what a user might give by
mistake. Each case must exit 2 with one line on stderr that names the file (or the option) and
says how to fix it, never a traceback; a failing run leaves an existing record byte for byte.
"""
from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
INDEX = RAW / "sso-oit-disclosure-index-2566.txt"
HR = RAW / "sso-hr-annual-report-2562.txt"
PLAN = RAW / "msdhs-ops-ita-improvement-progress-2565.txt"
POLICY = RAW / "sso-anticorruption-measures-2558.txt"
CRITERIA_TEXT = RAW / "ita-2566-oit-criteria.txt"

INDEX_TEXT = INDEX.read_text(encoding="utf-8")
# every run here fails before its notebooks
pytestmark = pytest.mark.usefixtures("no_warm_kernels")
GOOD_PARAMS = (f"agency: sso\nfiscal_year: 2566\ndisclosure: {INDEX}\n"
               "notebooks: [oit_audit]\n")
HUGE_LINE = ("ข้อมูล " * 400_000).encode("utf-8")       # 8.4 MB, one line, no heading (made once)


def contents(tmp: Path) -> dict[str, bytes | Path]:
    """Named inputs: bytes to write to a file, or an existing path."""
    return {
        "empty": b"",
        "whitespace": b"  \n\t\n   \n",
        "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01",
        "xlsx": b"PK\x03\x04\x14\x00\x06\x00\x08\x00[Content_Types].xml",
        "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
        "utf16": INDEX_TEXT[:400].encode("utf-16-le"),            # no byte-order mark
        "truncated_utf8": INDEX_TEXT.encode("utf-8")[:301],       # cut inside a Thai letter
        "latin1": "o1. Café résumé 2565\n- déjà vu\n".encode("latin-1"),
        "huge_line": HUGE_LINE,
        "directory": tmp,
        "missing": tmp / "no-such-file.txt",
        "hr_report": HR, "plan_report": PLAN, "announcement": POLICY, "index": INDEX,
        "criteria_text": CRITERIA_TEXT,
        "tsv_without_title": b"item\turl\nO1\thttps://a.go.th/1.pdf\n",
        "tsv_without_item": b"title\turl\n\xe0\xb8\x81\thttps://a.go.th/1.pdf\n",
        "tsv_other_names": b"item\tname\tlink\nO1\t\xe0\xb8\x81\thttps://a.go.th/1.pdf\n",
        "csv_other_names": b"item,name,link\nO1,\xe0\xb8\x81,https://a.go.th/1.pdf\n",
        "csv_duplicate_column": b"item,title,title,url\nO1,a,b,\n",
        "unknown_item": "o1. โครงสร้าง\n- ผัง\no99. ไม่มีข้อนี้\n- เอกสาร\n".encode(),
        "cp874_html": ("<html><body><table><tr><td>O1</td><td><a href='https://a.go.th/a.pdf'>"
                       "โครงสร้าง</a></td></tr></table></body></html>").encode("cp874"),
        "html_without_ids": ("<!doctype html><html><body><p>ข่าว <a href='javascript:alert(1)'>"
                             "<script>alert(1)</script></a></p></body></html>").encode(),
    }


def write(tmp: Path, name: str, suffix: str = ".txt") -> Path:
    value = contents(tmp)[name]
    if isinstance(value, Path):
        return value
    path = tmp / f"{name}{suffix}"
    path.write_bytes(value)
    return path


def params(tmp: Path, text: str | bytes) -> Path:
    path = tmp / "params.yaml"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


Case = Callable[[Path], tuple[list[str | Path], str, str]]
# Each case builds (argv, the file or option the message must name, a phrase of the message).
CASES: dict[str, Case] = {}


def case(name: str):
    def register(build: Case) -> Case:
        CASES[name] = build
        return build
    return register


# --- ita-audit oit ------------------------------------------------------------------------
for _name, _phrase in [("empty", "file is empty"), ("whitespace", "file is empty"),
                       ("binary", "is a PNG image, not a text file"), ("utf16", "looks like UTF-16 text without a byte-order mark"),
                       ("xlsx", "is a ZIP file (an Excel .xlsx, Word .docx or OpenDocument "
                        "file is one), not a text file (fix: export the disclosure index as "
                        "text"),
                       ("pdf", "is a PDF document, not a text file"),
                       ("truncated_utf8", "UTF-8 text cut off in the middle of a character"), ("latin1", "not Thai cp874"),
                       ("huge_line", "does not look like an OIT disclosure index"),
                       ("directory", "is a directory"), ("missing", "file not found"),
                       ("hr_report", "looks like an annual HR report (OCSC form), not an OIT"),
                       ("plan_report", "looks like an ITA improvement-plan progress report"),
                       ("announcement", "looks like a policy announcement, not an OIT"),
                       ("criteria_text", "looks like the ITA OIT criteria text"),
                       ("tsv_without_title", "header lacks column(s) title"),
                       ("tsv_without_item", "header lacks column(s) item"),
                       ("tsv_other_names", "line 1: header lacks column(s) title, url"),
                       ("csv_other_names", "line 1: header lacks column(s) title, url"),
                       ("csv_duplicate_column", "column 'title' appears more than once"),
                       ("unknown_item", "unknown item O99"),
                       ("cp874_html", "HTML page is not UTF-8"),
                       ("html_without_ids", "does not look like an OIT disclosure index")]:
    def _oit(tmp: Path, name: str = _name, phrase: str = _phrase):
        path = write(tmp, name, ".html" if "html" in name else ".txt")
        return (["oit", "--fiscal-year", "2566", "--disclosure", path], path.name, phrase)
    case(f"oit-{_name}")(_oit)


@case("oit-unknown-year")
def _(tmp):
    return (["oit", "--fiscal-year", "2567", "--disclosure", INDEX], "ita-2567.yaml",
            "no criteria for fiscal year 2567")


@case("oit-unsafe-agency-id")
def _(tmp):
    return (["oit", "--fiscal-year", "2566", "--disclosure", INDEX, "--agency", "../<script>"],
            "agency", "is not a safe slug")


@case("oit-javascript-base-url")
def _(tmp):
    return (["oit", "--fiscal-year", "2566", "--disclosure", INDEX, "--base-url",
             "javascript:alert(1)"], "--base-url", "not an absolute http(s) URL")


# --- ita-audit oit --evidence, ita-audit collect ------------------------------------------------
SYN_INDEX = ROOT / "data" / "synthetic" / "2566" / "syn-0001.tsv"
SYN_EVIDENCE = ROOT / "data" / "agencies" / "syn-0001" / "2566" / "evidence"


def damaged_archive(tmp: Path, damage: str) -> Path:
    """A copy of the committed evidence archive with one kind of damage."""
    import shutil

    archive = tmp / "evidence"
    shutil.copytree(SYN_EVIDENCE, archive)
    first = sorted((archive / "files").iterdir())[0]
    if damage == "missing_file":
        first.unlink()
        (archive / "text" / f"{first.name}.json").unlink()
    elif damage == "altered_file":
        first.write_bytes(first.read_bytes() + b"tampered")
        (archive / "text" / f"{first.name}.json").unlink()
    elif damage == "altered_after_reading":         # its text, read before, is still there
        first.write_bytes(first.read_bytes() + b"tampered")
    elif damage == "bad_table":
        table = archive / "evidence.tsv"
        table.write_text(table.read_text(encoding="utf-8").replace("\tok\t", "\tstolen\t", 1),
                         encoding="utf-8")
    return archive


for _damage, _where, _phrase in [
        ("missing_file", "files/", "a document of evidence.tsv is missing from the archive"),
        ("altered_file", "files/", "does not match its SHA-256"),
        ("altered_after_reading", "files/", "does not match its SHA-256"),
        ("bad_table", "evidence.tsv", "status 'stolen' is unknown")]:
    def _oit_evidence(tmp: Path, damage: str = _damage, where: str = _where,
                      phrase: str = _phrase):
        return (["oit", "--fiscal-year", "2566", "--disclosure", SYN_INDEX, "--evidence",
                 damaged_archive(tmp, damage)], where, phrase)
    case(f"oit-evidence-{_damage}")(_oit_evidence)

    def _collect_offline(tmp: Path, damage: str = _damage, where: str = _where,
                         phrase: str = _phrase):
        return (["collect", "--disclosure", SYN_INDEX, "--fiscal-year", "2566", "--out",
                 damaged_archive(tmp, damage), "--offline"], where, phrase)
    case(f"collect-offline-{_damage}")(_collect_offline)


@case("oit-evidence-not-an-archive")
def _(tmp):
    return (["oit", "--fiscal-year", "2566", "--disclosure", SYN_INDEX, "--evidence", tmp],
            "evidence.tsv", "no evidence.tsv")


@case("collect-out-is-a-file")
def _(tmp):
    return (["collect", "--disclosure", SYN_INDEX, "--fiscal-year", "2566", "--out", SYN_INDEX,
             "--offline"], SYN_INDEX.name, "")


@case("collect-wrong-kind")
def _(tmp):
    return (["collect", "--disclosure", HR, "--fiscal-year", "2566", "--out", tmp / "ev"],
            HR.name, "looks like an annual HR report")


@case("collect-resolve-port-out-of-range")
def _(tmp):
    return (["collect", "--disclosure", SYN_INDEX, "--fiscal-year", "2566", "--out", tmp / "ev",
             "--resolve", "a.go.th=1.2.3.4:99999"], "--resolve", "HOST=ADDRESS:PORT")


@case("collect-bad-resolve")
def _(tmp):
    return (["collect", "--disclosure", SYN_INDEX, "--fiscal-year", "2566", "--out", tmp / "ev",
             "--resolve", "no-port"], "--resolve", "HOST=ADDRESS:PORT")


# --- ita-audit import ---------------------------------------------------------------------
@case("import-out-is-a-directory")
def _(tmp):
    return (["import", INDEX, "--agency", "sso", "--fiscal-year", "2566", "--out", tmp],
            str(tmp), "")


@case("import-unsafe-agency-with-out")
def _(tmp):
    return (["import", INDEX, "--agency", "../x", "--fiscal-year", "2566", "--out", tmp / "o.tsv"],
            "--agency", "agency id '../x' is not a safe slug")


@case("import-wrong-kind")
def _(tmp):
    return (["import", HR, "--agency", "sso", "--fiscal-year", "2566", "--out", tmp / "o.tsv"],
            HR.name, "looks like an annual HR report")


# --- ita-audit hr, plan, policy ------------------------------------------------------------
for _cmd, _flag, _cases in [
        ("hr", "--report", [("empty", "file is empty"),
                            ("binary", "is a PNG image, not a text file (fix: export the "
                             "HR annual report as text"),
                            ("utf16", "looks like UTF-16 text without a byte-order mark"), ("directory", "is a directory"),
                            ("missing", "file not found"),
                            ("index", "looks like an OIT disclosure index, not an annual HR"),
                            ("announcement", "looks like a policy announcement, not an annual"),
                            ("criteria_text", "looks like the ITA OIT criteria text")]),
        ("plan", "--report", [("empty", "file is empty"), ("utf16", "looks like UTF-16 text without a byte-order mark"),
                              ("hr_report", "looks like an annual HR report (OCSC form), not an "
                                            "ITA improvement-plan"),
                              ("index", "looks like an OIT disclosure index, not an ITA"),
                              ("huge_line", "does not look like an ITA improvement-plan")]),
        ("policy", "--document", [("empty", "file is empty"), ("binary", "is a PNG image, not a text file"),
                                  ("hr_report", "looks like an annual HR report (OCSC form), "
                                                "not a policy announcement"),
                                  ("index", "looks like an OIT disclosure index, not a policy"),
                                  ("plan_report", "looks like an ITA improvement-plan progress "
                                                  "report, not a policy")])]:
    for _name, _phrase in _cases:
        def _doc(tmp: Path, cmd: str = _cmd, flag: str = _flag, name: str = _name,
                 phrase: str = _phrase):
            path = write(tmp, name)
            extra = ["--item", "O31", "--fiscal-year", "2566"] if cmd == "policy" else []
            return ([cmd, flag, path, *extra], path.name, phrase)
        case(f"{_cmd}-{_name}")(_doc)


# --- ita-audit procurement ----------------------------------------------------------------
PROCUREMENT_FIXTURES = ROOT / "tests" / "fixtures" / "procurement"
for _name, _suffix, _phrase in [
        ("empty", ".xlsx", "file is empty"), ("binary", ".csv", "binary control characters"),
        ("latin1", ".xlsx", "is not an Excel workbook"), ("directory", "", "is a directory"),
        ("missing", "", "file not found"),
        ("hr_report", "", "looks like an annual HR report (OCSC form), not a procurement table"),
        ("index", "", "looks like an OIT disclosure index, not a procurement table"),
        # it mentions "กรณีไม่มีการจัดซื้อจัดจ้าง…", which passed as a no-procurement statement
        ("plan_report", "", "looks like an ITA improvement-plan progress report, not a "
         "procurement table"),
        ("announcement", "", "looks like a policy announcement, not a procurement table")]:
    def _procurement(tmp: Path, name: str = _name, suffix: str = _suffix,
                     phrase: str = _phrase):
        path = write(tmp, name, suffix) if suffix else write(tmp, name)
        return (["procurement", "--data", path, "--fiscal-year", "2568"], path.name, phrase)
    case(f"procurement-{_name}")(_procurement)


@case("procurement-not-a-table")
def _(tmp):
    path = PROCUREMENT_FIXTURES / "not-procurement.xlsx"
    return (["procurement", "--data", path, "--fiscal-year", "2568"], path.name,
            "no procurement columns (found: ชื่อ, ที่อยู่, เบอร์โทร; missing:")


@case("procurement-unclosed-quote")
def _(tmp):
    path = tmp / "unclosed.csv"
    path.write_text('ลำดับที่,งานที่จัดซื้อหรือจัดจ้าง,วงเงิน\n1,"จัดซื้อวัสดุ,5000\n2,จ้างเหมา,100\n',
                    encoding="utf-8")
    return (["procurement", "--data", path, "--fiscal-year", "2568"], f"{path.name}:line 2",
            "the quoted cell that begins on this line is never closed")


@case("procurement-broken-styles")
def _(tmp):
    """openpyxl's message for it runs over two lines; the error stays one."""
    path = tmp / "styles.xlsx"
    with zipfile.ZipFile(PROCUREMENT_FIXTURES / "ita-2567.xlsx") as source, \
            zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/styles.xml":
                data = data.replace(b'patternType="gray125"', b'patternType="bogus"')
            target.writestr(info, data)
    return (["procurement", "--data", path, "--fiscal-year", "2568"], path.name,
            "is not a readable .xlsx workbook (ValueError: Unable to read workbook: could not "
            "read stylesheet from None. This is")


@case("policy-unknown-item")
def _(tmp):
    return (["policy", "--document", POLICY, "--item", "O99", "--fiscal-year", "2566"], "item",
            "no item 'O99'")


# --- ita-audit run: the params file ---------------------------------------------------------
PARAMS_CASES = {
    "empty": ("", "must be a YAML mapping"),
    "a-list": ("- agency: sso\n", "must be a YAML mapping"),
    "cp874": ("agency: sso\nagency_name: สำนักงานประกันสังคม\nfiscal_year: 2566\n".encode("cp874"),
              "not UTF-8"),
    "yaml-syntax": ("agency: sso\nfiscal_year: [2566\n", "YAML syntax error"),
    "python-tag": ("agency: !!python/object/apply:os.system ['true']\nfiscal_year: 2566\n",
                   "could not determine a constructor"),
    "alias": ("agency: &a sso\nagency_name: *a\nfiscal_year: 2566\n",
              "YAML aliases (*name) are not allowed"),
    "duplicate-key": ("agency: sso\nagency: sso\nfiscal_year: 2566\n", "duplicate key 'agency'"),
    "unknown-key": ("agency: sso\nfiscal_year: 2566\ncolour: red\n", "unknown key 'colour'"),
    "missing-agency": ("fiscal_year: 2566\n", "missing key 'agency'"),
    "unsafe-agency": ("agency: ../../etc\nfiscal_year: 2566\n", "is not a safe slug"),
    "year-as-words": ("agency: sso\nfiscal_year: สองห้าหกหก\n", "is not a Buddhist-Era year"),
    "year-gregorian": (GOOD_PARAMS.replace("2566", "2023", 1),
                       "fiscal_year 2023 looks like a Gregorian (CE) year; ITA fiscal years are "
                       "Buddhist Era (fix: give the fiscal year in BE: CE 2023 is 2566)"),
    "year-out-of-range": ("agency: sso\nfiscal_year: 25666\n",
                          "fiscal_year 25666 is not a Buddhist-Era year"),
    # the params file's key is at fault, not the criteria file that is not there
    "unknown-year": (GOOD_PARAMS.replace("2566", "2567", 1),
                     "params.yaml:fiscal_year: no criteria for fiscal year 2567"),
    "agency-name-a-list": (GOOD_PARAMS + "agency_name: [a, b]\n",
                           "params.yaml:agency_name: agency_name must be text, not list"),
    "agency-name-binary": (GOOD_PARAMS + "agency_name: !!binary c3Nv\n",
                           "agency_name must be text, not bytes"),
    "agency-name-huge": (GOOD_PARAMS + "agency_name: " + "ก" * 301 + "\n",
                         "agency_name is 301 characters long, over 300"),
    "bad-basis": (GOOD_PARAMS + "year_basis: lunar\n", "year_basis 'lunar' is unknown"),
    "unknown-notebook": ("agency: sso\nfiscal_year: 2566\nnotebooks: [plan_audit]\n",
                         "unknown notebook 'plan_audit'"),
    "missing-input": ("agency: sso\nfiscal_year: 2566\nnotebooks: [hr_audit]\n",
                      "missing key 'hr_report'"),
    "input-not-found": (GOOD_PARAMS.replace(str(INDEX), "data/raw/nothing.txt"),
                        "disclosure file 'data/raw/nothing.txt' not found"),
    "wrong-kind-input": (f"agency: sso\nfiscal_year: 2562\nhr_report: {INDEX}\n",
                         "looks like an OIT disclosure index, not an annual HR report",
                         INDEX.name),
    "overrides-not-a-mapping": (GOOD_PARAMS + "overrides: [O19]\n", "overrides must be a mapping"),
    "override-unknown-item": (GOOD_PARAMS + "overrides: {O99: {verdict: pass, note: n, by: b}}\n",
                              "override for unknown item 'O99'"),
    "override-twice": (GOOD_PARAMS + "overrides: {O19: {verdict: pass, note: n, by: b}, "
                       "o19: {verdict: fail, note: n, by: b}}\n",
                       "a second override for O19 ('o19')"),
    "override-bad-verdict": (GOOD_PARAMS + "overrides: {O19: {verdict: ok, note: n, by: b}}\n",
                             "verdict 'ok' is not one of"),
    "policy-items-not-ids": (f"agency: sso\nfiscal_year: 2566\npolicy_document: {POLICY}\n"
                             "policy_items: [gifts]\n", "'gifts' is not an item id"),
    "javascript-base-url": (GOOD_PARAMS + "base_url: javascript:alert(1)\n",
                            "is not an absolute http(s) address"),
    # an override with no OIT audit to apply to had no effect, silently
    "overrides-without-oit": (f"agency: sso\nfiscal_year: 2566\npolicy_document: {POLICY}\n"
                              "policy_items: [O31]\nnotebooks: [policy_document]\n"
                              "overrides: {O99: {verdict: fial, note: x}}\n",
                              "overrides is for the OIT audit only, which this params file does "
                              "not run (fix: add oit_audit to notebooks, or remove overrides)"),
    "evidence-without-oit": (f"agency: sso\nfiscal_year: 2566\npolicy_document: {POLICY}\n"
                             "policy_items: [O31]\nnotebooks: [policy_document]\n"
                             "evidence: data/agencies/syn-0001/2566/evidence\n",
                             "evidence is for the OIT audit only"),
}
for _name, (_text, _phrase, *_named) in PARAMS_CASES.items():
    def _params(tmp: Path, text: str | bytes = _text, phrase: str = _phrase,
                named: list[str] = _named):
        path = params(tmp, text)        # the message names the params file, or the file it
        return (["run", path, "--audits-dir", tmp / "audits", "--data-dir", tmp / "agencies"],
                named[0] if named else path.name, phrase)      # names that is at fault
    case(f"params-{_name}")(_params)


# --- ita-audit batch, verify, synthetic ---------------------------------------------------------
@case("params-a-folder")
def _(tmp):
    folder = tmp / "params"
    folder.mkdir()
    return (["run", folder], "params", "is a folder, not a params file (fix: run every params "
            f"file under it with 'ita-audit batch {folder}'")


@case("batch-empty-folder")
def _(tmp):
    (tmp / "params").mkdir()
    return (["batch", tmp / "params", "--audits-dir", tmp / "audits"], "params",
            "the folder holds no params files (*.yaml, *.yml)")


@case("batch-missing-folder")
def _(tmp):
    return (["batch", tmp / "no-such-params", "--audits-dir", tmp / "audits"], "no-such-params",
            "no such params folder or file")


@case("batch-zero-workers")
def _(tmp):
    return (["batch", tmp, "--workers", "0"], "--workers", "must be at least 1")


@case("batch-zero-jobs-per-worker")
def _(tmp):
    return (["batch", tmp, "--jobs-per-worker", "0"], "--jobs-per-worker", "must be at least 1")


@case("verify-missing-folder")
def _(tmp):
    return (["verify", tmp / "2566" / "nobody"], "nobody", "no such record folder")


@case("verify-the-cross-agency-view")
def _(tmp):
    return (["verify", ROOT / "audits" / "cross-agency"], "cross-agency",
            "the cross-agency view is not a record")


@case("verify-no-manifest")
def _(tmp):
    return (["verify", tmp], "manifest.json", "no readable manifest.json")


@case("synthetic-no-agencies")
def _(tmp):
    return (["synthetic", "--n", "0", "--out", tmp / "syn"], "--n", "must be at least 1")


def test_the_corpus_is_large_and_covers_every_command():
    assert len(CASES) >= 40
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"holds a corpus of {len(CASES)} such cases" in readme
    commands = {name.split("-")[0] for name in CASES}
    assert commands >= {"oit", "collect", "import", "hr", "plan", "policy", "procurement",
                        "params", "batch", "verify", "synthetic"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_exits_2_with_one_line_naming_the_file(tmp_path: Path, name: str) -> None:
    argv, names, phrase = CASES[name](tmp_path)
    done = run_cli(*argv, cwd=tmp_path)
    assert done.returncode == 2, (done.stdout[-500:], done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert lines[0].startswith("ita-audit: error: "), lines[0]
    assert str(names) in lines[0], lines[0]
    assert phrase in lines[0], lines[0]
    assert "fix:" in lines[0] or name.startswith(("import-out", "batch-zero", "verify")), lines[0]


def test_a_failing_run_leaves_the_existing_record_byte_identical(tmp_path: Path) -> None:
    record = tmp_path / "audits" / "2566" / "sso"
    record.mkdir(parents=True)
    files = {"oit_audit.ipynb": b'{"cells": []}\n', "oit_audit.html": "<p>ผล</p>".encode(),
             "manifest.json": json.dumps({"fingerprint": "x"}).encode()}
    for name, data in files.items():
        (record / name).write_bytes(data)
    for text, *_ in PARAMS_CASES.values():
        path = params(tmp_path, text)
        done = run_cli("run", path, "--audits-dir", tmp_path / "audits",
                       "--data-dir", tmp_path / "agencies", cwd=tmp_path)
        assert done.returncode == 2
        assert {p.name: p.read_bytes() for p in record.iterdir()} == files
        assert not (tmp_path / "agencies").exists()      # nothing normalised either


def test_hostile_titles_are_audited_not_refused(tmp_path: Path) -> None:
    """Titles and links from agency websites are data: a title holding <script> and a
    javascript: link are kept as text (the link dropped, with a warning), never executed."""
    index = tmp_path / "hostile.tsv"
    index.write_text("item\ttitle\turl\nO1\t<script>alert(1)</script> โครงสร้าง 2566\t"
                     "javascript:alert(1)\n", encoding="utf-8")
    done = run_cli("oit", "--fiscal-year", "2566", "--disclosure", index, "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    evidence = data["items"][0]["evidence"][0]
    assert evidence["title"].startswith("<script>") and evidence["url"] is None
    assert any("javascript:alert(1)" in w and "only http(s)" in w for w in data["warnings"])


def test_a_line_break_in_a_file_name_does_not_split_the_error(tmp_path: Path) -> None:
    """A file name is untrusted text too: its line break would forge a second line."""
    path = tmp_path / "table\nita-audit: error: forged.csv"
    path.write_bytes(b"")
    done = run_cli("procurement", "--data", path, "--fiscal-year", "2568", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.count("ita-audit: error:") == 2
    assert "table ita-audit: error: forged.csv: file is empty" in done.stderr
