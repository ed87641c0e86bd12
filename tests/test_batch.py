"""Batches, manifests, the index and ``verify``: end to end through the command line, on a
local process pool and on a real Dask LocalCluster bound to loopback."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from ita_audit.records import cross_agency
from ita_audit.records.cross_agency import view_fingerprint
from ita_audit.records.index import RecordEntry, collect_records, render_index
from ita_audit.records.manifest import MANIFEST, read_manifest
from ita_audit.run.batch import BatchReport, JobOutcome, discover, plan_jobs, summary_text

# Every test here runs notebooks, a process pool or a Dask cluster.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SSO_INDEX = ROOT / "data" / "raw" / "sso-oit-disclosure-index-2566.txt"


def cli(*args: str | Path, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ita_audit.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=600, **kwargs)


def oit_params(folder: Path, agency: str, disclosure: Path, name: str = "",
               basis: str = "calendar") -> Path:
    """A params file for an OIT-only audit of ``disclosure`` (absolute path)."""
    path = folder / "2566" / f"{agency}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"agency: {agency}\nagency_name: {json.dumps(name or agency)}\n"
                    f"fiscal_year: 2566\ndisclosure: {disclosure}\nyear_basis: {basis}\n",
                    encoding="utf-8")
    return path


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    """Two good agencies (copies of the SSO index, one with a hostile name) and one whose
    disclosure file is empty, so its audit must fail with exit 2."""
    params = tmp_path / "params"
    for agency in ("alpha", "beta"):
        copy = tmp_path / "raw" / f"{agency}.txt"
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(SSO_INDEX.read_bytes())
        oit_params(params, agency, copy,
                   "<script>alert(1)</script> หน่วยงานเบต้า" if agency == "beta" else "")
    empty = tmp_path / "raw" / "empty.txt"
    empty.write_bytes(b"")
    oit_params(params, "gamma", empty)
    return tmp_path


def batch(ws: Path, *extra: str | Path) -> subprocess.CompletedProcess[str]:
    return cli("batch", ws / "params", "--audits-dir", ws / "audits", "--data-dir",
               ws / "agencies", *extra)


def test_batch_runs_all_reports_failures_and_writes_the_index(workspace: Path) -> None:
    done = batch(workspace, "--workers", "2")
    assert done.returncode == 2, done.stdout + done.stderr          # gamma's input is unusable
    assert "3 agency-years: 2 done, 0 skipped (unchanged), 1 failed" in done.stdout
    failure = next(line for line in done.stdout.splitlines() if line.startswith("2566/gamma"))
    assert "empty.txt" in failure and "fix:" in failure              # names the file and the fix
    assert "[3/3]" in done.stderr                                    # progress, one line per job
    audits = workspace / "audits"
    for agency in ("alpha", "beta"):
        record = audits / "2566" / agency
        assert sorted(p.name for p in record.iterdir()) == [
            MANIFEST, "oit_audit.html", "oit_audit.ipynb", "oit_audit.reviewer.html"]
        manifest = read_manifest(record)
        assert manifest["agency"] == agency and manifest["fiscal_year"] == 2566
        roles = [i["role"] for i in manifest["inputs"]]
        assert roles[:3] == ["params", "disclosure", "criteria"] and "notebook" in roles
        disclosure = next(i for i in manifest["inputs"] if i["role"] == "disclosure")
        assert disclosure == {"role": "disclosure", "path": str(workspace / "raw" / f"{agency}.txt"),
                              "sha256": hashlib.sha256(SSO_INDEX.read_bytes()).hexdigest()}
        assert manifest["criteria"]["path"] == "data/criteria/ita-2566.yaml"
        assert set(manifest["packages"]) >= {"python", "pandas", "papermill", "pythainlp"}
        assert re.fullmatch(r"[0-9a-f]{64}", manifest["code"]["sha256"])
        assert manifest["summary"]["oit"]["oit_score"] == 53.49     # the SSO index, calendar
        assert manifest["summary"]["oit"]["grade"] == "E"
        assert [o["path"] for o in manifest["outputs"]] == [
            "oit_audit.html", "oit_audit.ipynb", "oit_audit.reviewer.html"]
        assert manifest["normalised"][0]["path"].endswith(f"agencies/{agency}/2566/disclosure.tsv")
    assert not (audits / "2566" / "gamma").exists()                  # nothing half-written
    index = (audits / "index.html").read_text(encoding="utf-8")
    assert index.count("<tr data-year=") == 2
    assert 'href="2566/alpha/oit_audit.html"' in index and "53.49" in index
    assert "<script>alert(1)" not in index and "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    cross = audits / "cross-agency"
    assert {p.name for p in cross.iterdir()} == {
        "cross_agency.ipynb", "cross_agency.html", "cross_agency.reviewer.html"}
    assert "รวม 2 หน่วยงาน-ปี" in (cross / "cross_agency.html").read_text(encoding="utf-8")

    # A rerun skips what is current; --force re-executes to byte-identical records.
    # The cross-agency view is made again only when what it reads changed, or with --force.
    snapshot = {p: p.read_bytes() for p in (audits / "2566").rglob("*") if p.is_file()}
    views = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in cross.iterdir()}
    again = batch(workspace, "--workers", "2")
    assert "2 skipped (unchanged), 1 failed" in again.stdout
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in cross.iterdir()} == views
    forced = batch(workspace, "--workers", "1", "--force")
    assert "2 done, 0 skipped" in forced.stdout
    assert {p: p.read_bytes() for p in (audits / "2566").rglob("*") if p.is_file()} == snapshot
    assert {p: p.read_bytes() for p in cross.iterdir()} == {p: b for p, (_, b) in views.items()}
    assert all(p.stat().st_mtime_ns != views[p][0] for p in cross.iterdir())     # made again

    # A changed input makes that agency-year run again, and only that one.
    params = workspace / "params" / "2566" / "alpha.yaml"
    params.write_text(params.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    edited = batch(workspace)
    assert "1 done, 1 skipped (unchanged), 1 failed" in edited.stdout

    # Pages made for the other mode are not current: --self-contained makes both again (not
    # skipped as unchanged), and a rerun in that mode skips them.
    page = audits / "2566" / "alpha" / "oit_audit.html"
    assert "../../_assets/" in page.read_text(encoding="utf-8")
    alone = batch(workspace, "--self-contained")
    assert "2 done, 0 skipped (unchanged), 1 failed" in alone.stdout
    assert "../../_assets/" not in page.read_text(encoding="utf-8")
    assert "page_assets" not in json.loads((page.parent / "manifest.json").read_text("utf-8"))
    assert "2 skipped (unchanged)" in batch(workspace, "--self-contained").stdout


def test_batch_through_a_dask_local_cluster(workspace: Path) -> None:
    """A real distributed LocalCluster on loopback (2 worker processes) runs the batch."""
    distributed = pytest.importorskip("distributed")
    (workspace / "params" / "2566" / "gamma.yaml").unlink()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        done = batch(workspace, "--scheduler", cluster.scheduler_address)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 done, 0 skipped (unchanged), 0 failed" in done.stdout
    assert f"on dask {cluster.scheduler_address} (2 workers)" in done.stdout
    for agency in ("alpha", "beta"):
        assert read_manifest(workspace / "audits" / "2566" / agency)["summary"]["oit"]["grade"] == "E"


def test_batch_with_an_unreachable_scheduler_fails_cleanly(workspace: Path) -> None:
    done = cli("batch", workspace / "params" / "2566" / "alpha.yaml", "--scheduler",
               "tcp://127.0.0.1:9", "--audits-dir", workspace / "audits")
    assert done.returncode == 2 and "tcp://127.0.0.1:9" in done.stderr
    assert "Traceback" not in done.stderr


def test_verify_reproduces_then_names_a_corrupted_input(workspace: Path) -> None:
    (workspace / "params" / "2566" / "gamma.yaml").unlink()
    (workspace / "params" / "2566" / "beta.yaml").unlink()
    assert batch(workspace).returncode == 0
    record = workspace / "audits" / "2566" / "alpha"
    ok = cli("verify", record)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    executed = json.loads((record / "oit_audit.ipynb").read_text(encoding="utf-8"))
    cells = sum(cell["cell_type"] == "code" for cell in executed["cells"])
    assert f"outputs: oit_audit.ipynb: {cells} code cells reproduce" in ok.stdout
    assert ok.stdout.rstrip().endswith("reproduces")

    source = workspace / "raw" / "alpha.txt"
    source.write_bytes(source.read_bytes().replace(b"2566", b"2565", 1))
    bad = cli("verify", record)
    assert bad.returncode == 1
    assert f"DRIFT  input: {source}: disclosure file changed" in bad.stdout
    assert "does NOT reproduce (1 drift)" in bad.stdout


def test_verify_detects_an_edited_record_and_a_missing_manifest(workspace: Path) -> None:
    (workspace / "params" / "2566" / "gamma.yaml").unlink()
    (workspace / "params" / "2566" / "beta.yaml").unlink()
    assert batch(workspace).returncode == 0
    record = workspace / "audits" / "2566" / "alpha"
    html = record / "oit_audit.html"
    html.write_text(html.read_text(encoding="utf-8").replace("53.49", "99.00"), encoding="utf-8")
    notebook = record / "oit_audit.ipynb"
    notebook.write_text(notebook.read_text(encoding="utf-8").replace("53.49", "99.00"),
                        encoding="utf-8")
    done = cli("verify", record)
    assert done.returncode == 1
    assert f"DRIFT  record: {html}: changed since the record was made" in done.stdout
    assert re.search(r"DRIFT  output: .*oit_audit.ipynb: code cell \d+ .*outputs differ",
                     done.stdout)
    (record / MANIFEST).unlink()
    missing = cli("verify", record)
    assert missing.returncode == 2 and "manifest.json" in missing.stderr


def test_killed_batch_leaves_no_half_record_and_a_rerun_completes(tmp_path: Path) -> None:
    """SIGKILL the whole batch (parent, workers, kernels) after the first record lands: every
    record folder is then whole or absent; a rerun skips the finished ones and does the rest."""
    params = tmp_path / "params"
    count = 10               # a worker runs two at once: enough that some are still running
    for n in range(count):
        copy = tmp_path / "raw" / f"a{n}.txt"
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(SSO_INDEX.read_bytes())
        oit_params(params, f"a{n}", copy)
    audits = tmp_path / "audits"
    command = [sys.executable, "-m", "ita_audit.cli", "batch", str(params), "--workers", "1",
               "--audits-dir", str(audits), "--data-dir", str(tmp_path / "agencies")]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and not any(
            (record / MANIFEST).exists() for record in (audits / "2566").glob("a*")):
        time.sleep(0.05)
    time.sleep(0.3)                                  # into the next agencies' notebooks
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    visible = [p for p in (audits / "2566").iterdir() if not p.name.startswith(".")]
    assert visible, "the first record should have landed before the kill"
    for record in visible:                           # whole: every listed file is there
        manifest = read_manifest(record)
        assert manifest is not None, record
        assert {o["path"] for o in manifest["outputs"]} | {MANIFEST} == {
            p.name for p in record.iterdir()}
    finished = len(visible)
    assert finished < count
    rerun = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert f"{count - finished} done, {finished} skipped (unchanged), 0 failed" in rerun.stdout
    assert sorted(p.name for p in (audits / "2566").iterdir()) == [
        f"a{n}" for n in range(count)]


def test_discover_and_plan_jobs_reject_duplicates_and_bad_params(tmp_path: Path) -> None:
    one = oit_params(tmp_path / "p", "same", SSO_INDEX)
    two = tmp_path / "q" / "2566" / "same.yaml"
    two.parent.mkdir(parents=True)
    two.write_text(one.read_text(encoding="utf-8"), encoding="utf-8")
    bad = tmp_path / "p" / "2566" / "zz.yaml"
    bad.write_text("agency: ../etc\nfiscal_year: 2566\n", encoding="utf-8")
    paths = discover([tmp_path / "p", tmp_path / "q"])
    assert paths == [one, bad, two]
    jobs, failed = plan_jobs(paths)
    assert [(j.params, j.agency, j.fiscal_year) for j in jobs] == [(str(one), "same", 2566)]
    assert [f.params for f in failed] == [str(bad), str(two)]
    assert "not a safe slug" in failed[0].reason and failed[0].exit_code == 2
    assert f"also in {one}" in failed[1].reason


def test_discover_leaves_no_params_file_out_unseen(tmp_path: Path) -> None:
    """.yml and upper-case suffixes are params files too, and a link to a file that is gone
    fails as its own job instead of being left out."""
    folder = tmp_path / "p" / "2566"
    folder.mkdir(parents=True)
    for name in ("a.yml", "b.YAML", "c.yaml", "notes.txt"):
        (folder / name).write_text("agency: x\n", encoding="utf-8")
    (folder / "d.yaml").symlink_to(tmp_path / "gone.yaml")
    (folder / ".#c.yaml").symlink_to("user@host.1234:1")       # an editor's lock: hidden
    (tmp_path / "p" / ".old").mkdir()
    (tmp_path / "p" / ".old" / "e.yaml").write_text("agency: x\n", encoding="utf-8")
    paths = discover([tmp_path / "p"])
    assert [p.name for p in paths] == ["a.yml", "b.YAML", "c.yaml", "d.yaml"]
    _, failed = plan_jobs(paths)
    gone = next(f for f in failed if f.params.endswith("d.yaml"))
    assert "params file not found" in gone.reason and gone.exit_code == 2


def test_a_params_folder_with_no_params_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "params" / "2566").mkdir(parents=True)
    done = cli("batch", tmp_path / "params", "--audits-dir", tmp_path / "audits")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"ita-audit: error: {tmp_path / 'params'}: the folder holds no params "
                           "files (*.yaml, *.yml) (fix: pass a folder of params/<year>/<agency>.yaml "
                           "files, e.g. the params folder 'ita-audit synthetic' wrote)\n")
    assert not (tmp_path / "audits").exists()


def test_the_view_fingerprint_follows_what_the_view_reads(tmp_path: Path, monkeypatch) -> None:
    template = ROOT / "notebooks" / "cross_agency.ipynb"
    audits = tmp_path / "audits"
    shutil.copytree(ROOT / "audits", audits)
    first = view_fingerprint(audits, template, True)
    assert view_fingerprint(audits, template, True) == first
    assert view_fingerprint(audits, template, False) != first
    (audits / "2566" / "sso" / "oit_audit.html").write_text("edited", encoding="utf-8")
    assert view_fingerprint(audits, template, True) == first         # not read by the view
    manifest = audits / "2566" / "sso" / MANIFEST
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["summary"]["oit"]["oit_score"] = 1.0
    manifest.write_text(json.dumps(data), encoding="utf-8")
    changed = view_fingerprint(audits, template, True)
    assert changed != first
    shutil.rmtree(audits / "2568")
    fewer = view_fingerprint(audits, template, True)
    assert fewer not in (first, changed)
    criteria = tmp_path / "criteria"                     # an item renamed in the criteria
    shutil.copytree(ROOT / "data" / "criteria", criteria)
    monkeypatch.setenv("ITA_AUDIT_CRITERIA_DIR", str(criteria))
    assert view_fingerprint(audits, template, True) == fewer
    path = criteria / "ita-2566.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert view_fingerprint(audits, template, True) != fewer


def test_the_view_and_the_index_read_the_manifests_once(tmp_path: Path, monkeypatch) -> None:
    """At national scale each reading of 8,325 manifests takes seconds: the batch reads them
    once for the view's fingerprint and the index."""
    from ita_audit.records import index as index_module
    from ita_audit.run import batch

    template = ROOT / "notebooks" / "cross_agency.ipynb"
    audits = tmp_path / "audits"
    shutil.copytree(ROOT / "audits", audits)
    records = len(collect_records(audits))
    reads: list[Path] = []
    real = index_module.read_manifest
    monkeypatch.setattr(index_module, "read_manifest",
                        lambda folder: reads.append(folder) or real(folder))
    seen: dict[str, str] = {}

    def view(root: Path, *, shared_assets: bool, force: bool, entries) -> Path:
        seen["fingerprint"] = view_fingerprint(root, template, shared_assets, entries)
        return root / "cross-agency" / "cross_agency.html"

    monkeypatch.setattr(batch, "run_cross_agency", view)
    report = BatchReport(outcomes=[], engine="local process pool", workers=1, seconds=0.0)
    batch._write_views(report, audits, False, False)
    assert report.extra_failures == [] and report.index == audits / "index.html"
    assert len(reads) == records == 6
    monkeypatch.setattr(index_module, "read_manifest", real)
    assert seen["fingerprint"] == view_fingerprint(audits, template, False)


def test_records_that_cannot_be_collected_are_view_failures_not_a_crash(tmp_path: Path) -> None:
    from ita_audit.run import batch

    folder = tmp_path / "audits" / "\u00b2" / "demo"      # "²".isdigit(), but not a year
    folder.mkdir(parents=True)
    (folder / "hr_audit.ipynb").write_text("{}", encoding="utf-8")
    report = BatchReport(outcomes=[], engine="local process pool", workers=1, seconds=0.0)
    batch._write_views(report, tmp_path / "audits", False, False)
    assert [f.split(":")[0] for f in report.extra_failures] == ["run_cross_agency", "write_index"]
    assert report.index is None


def test_a_batch_with_no_record_makes_no_cross_agency_view(tmp_path: Path, monkeypatch) -> None:
    """Every job failed and the folder has no record: the index (empty) but no kernel for a
    view of nothing; the summary says no job ran."""
    from ita_audit.run import batch

    monkeypatch.setattr(batch, "run_cross_agency", lambda *a, **k: pytest.fail("a view"))
    report = BatchReport(outcomes=[JobOutcome(params="a.yaml", reason="a.yaml: bad",
                                              exit_code=2)],
                         engine="no job to run", workers=0, seconds=0.0)
    batch._write_views(report, tmp_path / "audits", False, False)
    assert report.extra_failures == [] and report.index == tmp_path / "audits" / "index.html"
    assert summary_text(report).splitlines()[0] == (
        "batch: 1 agency-years: 0 done, 0 skipped (unchanged), 1 failed; 0.0 s; no job to run")


def test_summary_text_lists_failures_with_reasons() -> None:
    report = BatchReport(outcomes=[
        JobOutcome(params="a.yaml", agency="a", fiscal_year=2566, status="done"),
        JobOutcome(params="b.yaml", agency="b", fiscal_year=2566, status="skipped"),
        JobOutcome(params="c.yaml", reason="c.yaml: disclosure file 'x' not found", exit_code=2),
        JobOutcome(params="d.yaml", agency="d", fiscal_year=2566, reason="boom", exit_code=3)],
        engine="local process pool", workers=2, seconds=1.5)
    text = summary_text(report)
    assert text.splitlines()[0] == ("batch: 4 agency-years: 1 done, 1 skipped (unchanged), "
                                    "2 failed; 1.5 s on local process pool (2 workers)")
    assert text.splitlines()[1:] == ["failures:", "agency-year  exit  reason",
                                     "c.yaml       2     c.yaml: disclosure file 'x' not found",
                                     "2566/d       3     boom"]
    assert report.exit_code == 3


def test_index_escapes_and_links_only_to_known_record_files() -> None:
    entry = RecordEntry(fiscal_year=2566, agency="x-1", agency_name='<img src=x onerror=1>"',
                        notebooks=("oit_audit",),
                        summary={"oit": {"oit_score": 90.7, "grade": "A<b>",
                                         "counts": {"pass": 39, "fail": 4, "review": 0}}})
    page = render_index([entry])
    assert "<img src=x" not in page and "&lt;img src=x onerror=1&gt;&quot;" in page
    assert "A&lt;b&gt;" in page and "A<b>" not in page
    hrefs = re.findall(r'href="([^"]+)"', page)
    assert hrefs == ["2566/x-1/oit_audit.html", "2566/x-1/oit_audit.reviewer.html"]
    assert "90.70" in page and 'data-v="39"' in page
    cells = re.findall(r'<td data-v="[^"]*">(.*?)</td>', page, re.S)
    assert cells[7] == "–"                                 # an OIT-only record has no findings


def test_the_index_says_the_announcement_verdicts_are_not_the_oit_ones() -> None:
    entry = RecordEntry(fiscal_year=2566, agency="sso", notebooks=("oit_audit", "policy_document"),
                        summary={"oit": {"oit_score": 53.49, "items": {"O31": "pass"}},
                                 "policy": {"verdicts": {"O31": "fail", "O39": "review"}}})
    page = render_index([entry])
    assert "ประกาศที่ตรวจเนื้อหาแยก (ไม่นับในคะแนน OIT): O31 ไม่ผ่าน, O39 รอตรวจ" in page


def test_the_index_counts_findings_only_of_audits_that_report_them() -> None:
    hr = RecordEntry(fiscal_year=2562, agency="sso", notebooks=("hr_audit",), summary={
        "hr": {"findings": {"error": 0, "warning": 0, "info": 2}}})
    both = RecordEntry(fiscal_year=2568, agency="syn", notebooks=("oit_audit",), summary={
        "oit": {"oit_score": 50}, "procurement": {"findings": {"error": 3, "warning": 7}}})
    oit = RecordEntry(fiscal_year=2566, agency="x", notebooks=("oit_audit",),
                      summary={"oit": {"oit_score": 50}})
    assert [e.reports_findings for e in (hr, both, oit)] == [True, True, False]
    page = render_index([hr, both, oit])
    rows = re.findall(r"<tr data-year=.*?</tr>", page, re.S)
    assert [re.findall(r'<td data-v="([^"]*)">(.*?)</td>', row, re.S)[7] for row in rows] == [
        ("0", "0 / 0"), ("30007", "3 / 7"), ("-1", "–")]
    frame = cross_agency.records_frame([hr, both, oit])
    errors = frame[cross_agency.ERRORS]
    assert errors.tolist()[:2] == [0, 3] and pd.isna(errors.iloc[2])
    assert frame[cross_agency.WARNINGS].tolist()[:2] == [0, 7]
    assert not [c for c in frame.columns if re.fullmatch(r"[a-z_0-9]+", c)]     # Thai headers


def test_collect_records_ignores_non_records(tmp_path: Path) -> None:
    (tmp_path / "2566" / "ok").mkdir(parents=True)
    (tmp_path / "2566" / "ok" / "oit_audit.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "2566" / "Bad_Name").mkdir()
    (tmp_path / "2566" / "Bad_Name" / "oit_audit.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "2566" / ".ok.staging-1").mkdir()
    (tmp_path / "notes").mkdir()
    entries = collect_records(tmp_path)
    assert [(e.fiscal_year, e.agency, e.has_manifest) for e in entries] == [(2566, "ok", False)]
    assert "ไม่มี manifest.json" in render_index(entries)


def test_synthetic_workspace_through_the_batch_matches_the_injected_defects(
        tmp_path: Path) -> None:
    """`ita-audit synthetic` then `ita-audit batch`: every record's final verdicts (in its
    manifest) are exactly the verdicts the generator recorded, and the index lists them all."""
    from ita_audit.oit.synthetic import generate

    made = cli("synthetic", "--n", "4", "--seed", "11", "--out", tmp_path)
    assert made.returncode == 0, made.stderr
    assert f"ita-audit batch {tmp_path / 'params'}" in made.stdout
    done = cli("batch", tmp_path / "params", "--audits-dir", tmp_path / "audits",
               "--data-dir", tmp_path / "agencies")
    assert done.returncode == 0, done.stdout + done.stderr
    agencies = generate(4, fiscal_year=2566, seed=11)
    assert sum(len(a.defects) for a in agencies) > 0
    for agency in agencies:
        manifest = read_manifest(tmp_path / "audits" / "2566" / agency.agency)
        assert manifest["summary"]["oit"]["items"] == agency.expected_verdicts()
    index = (tmp_path / "audits" / "index.html").read_text(encoding="utf-8")
    assert index.count("<tr data-year=") == 4


def test_synthetic_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    """A second run into one folder would mix two workspaces under one defects.json."""
    assert cli("synthetic", "--n", "1", "--out", tmp_path / "w").returncode == 0
    before = {p: p.read_bytes() for p in (tmp_path / "w").rglob("*") if p.is_file()}
    again = cli("synthetic", "--n", "1", "--fiscal-year", "2568", "--out", tmp_path / "w")
    assert again.returncode == 2 and again.stderr.count("\n") == 1
    assert f"{tmp_path / 'w'}:--out: is not an empty folder" in again.stderr
    assert {p: p.read_bytes() for p in (tmp_path / "w").rglob("*") if p.is_file()} == before
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert cli("synthetic", "--n", "1", "--out", tmp_path / "file").returncode == 2


def test_synthetic_rejects_a_non_positive_count(tmp_path: Path) -> None:
    done = cli("synthetic", "--n", "0", "--out", tmp_path / "w")
    assert done.returncode == 2 and "--n 0 must be at least 1" in done.stderr
    assert not (tmp_path / "w").exists()
