"""Evidence: fetching the documents behind an index's links from a server these tests start on
127.0.0.1, archiving them, reading their text, and judging items on what they say."""
from __future__ import annotations

import http.server
import io
import json
import threading
import time
import zipfile
from functools import cache

import pytest
from conftest import ROOT, run_cli

from ita_audit.criteria.elements import load_qualifiers, load_synonyms, wordings
from ita_audit.errors import InputError
from ita_audit.evidence import fetch as fetch_module
from ita_audit.evidence.archive import load_archive
from ita_audit.evidence.collect import Link, collect
from ita_audit.evidence.extract import (
    DocumentText,
    Extractor,
    Page,
    ocr_engine,
    read_bytes,
    repair_thai,
    sniff,
)
from ita_audit.evidence.fetch import USER_AGENT, Policy, address_problem
from ita_audit.evidence.lookup import open_evidence
from ita_audit.oit import served
from ita_audit.oit.content import stated_periods, words_element

HOST = "agency.ita-audit.test"
THAI_TITLE = "รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2566"


def pdf_bytes(lines: list[str]) -> bytes:
    return served._pdf(lines)                           # the synthetic sites' own PDFs


@cache
def scanned_pdf() -> bytes:
    """An image-only PDF: the page is a picture of Thai text, no text layer (drawn once)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from ita_audit.view.charts import use_thai_font

    use_thai_font()
    figure = Figure(figsize=(8, 2), dpi=200)
    figure.text(0.05, 0.5, "ประกาศ ณ วันที่ 15 มกราคม 2566", fontsize=26)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    image = Figure(figsize=(8, 2))
    image.figimage(canvas.buffer_rgba(), resize=True)
    buffer = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 42}):
        image.savefig(buffer, format="pdf", metadata={"Creator": None, "Producer": None,
                                                      "CreationDate": None})
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """A .docx whose document.xml unzips to 300 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(300):
                entry.write(chunk)
    return buffer.getvalue()


class Fixtures(http.server.BaseHTTPRequestHandler):
    """The test site: documents, errors, redirects, slow and oversized answers."""

    routes: dict[str, tuple[int, str, bytes]] = {}
    hits: dict[str, int] = {}
    agents: list[str] = []
    active: dict[str, int] = {}
    peak: dict[str, int] = {}
    lock = threading.Lock()

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        host = (self.headers.get("Host") or "").split(":")[0]
        with self.lock:
            self.hits[self.path] = self.hits.get(self.path, 0) + 1
            self.agents.append(self.headers.get("User-Agent", ""))
            self.active[host] = self.active.get(host, 0) + 1
            self.peak[host] = max(self.peak.get(host, 0), self.active[host])
        try:
            self.answer()
        finally:
            with self.lock:
                self.active[host] -= 1

    def answer(self) -> None:
        path = self.path
        if path.startswith("/redirect/"):
            left = int(path.rsplit("/", 1)[1])
            target = "/a.pdf" if left == 0 else f"/redirect/{left - 1}"
            self.send_response(302)
            self.send_header("Location", target)
            self.end_headers()
        elif path == "/loop":
            self.send_response(301)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif path == "/to-private":
            self.send_response(302)
            self.send_header("Location", "http://10.1.2.3/secret")
            self.end_headers()
        elif path == "/drip":                             # a byte at a time, for ever
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass
        elif path.startswith("/pause"):                    # long enough to overlap
            time.sleep(0.3)
            self._send(200, "text/plain", "รอ".encode())
        elif path.startswith("/slow"):
            time.sleep(1.5)
            self._send(200, "text/plain", "ช้า".encode())
        elif path == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Length", str(10 ** 9))
            self.end_headers()
        elif path == "/big-streamed":
            self.send_response(200)
            self.end_headers()                               # no length: read until the cap
            for _ in range(64):
                self.wfile.write(b"x" * 65536)
        elif path == "/error500":
            self._send(500, "text/plain", b"boom")
        elif path in self.routes:
            self._send(*self.routes[path])
        else:
            self._send(404, "text/plain", b"not found")

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def site():
    from ita_audit.oit.served import _docx, _html, _xlsx

    Fixtures.routes = {
        "/a.pdf": (200, "application/pdf", pdf_bytes(["สำนักงานตัวอย่าง", THAI_TITLE,
                                                      "(1) ผลการดำเนินงาน (2) ปัญหา/อุปสรรค"])),
        "/scan.pdf": (200, "application/pdf", scanned_pdf()),
        "/b.docx": (200, served._CONTENT_TYPES["docx"],
                    _docx(["สำนักงานตัวอย่าง", "คู่มือการปฏิบัติงาน ปี 2566", "ขั้นตอนที่ 1"])),
        "/c.xlsx": (200, served._CONTENT_TYPES["xlsx"],
                    _xlsx(["สรุปผลการจัดซื้อจัดจ้าง ประจำเดือนตุลาคม 2565", "รายการที่ 1"])),
        "/d.html": (200, "text/html", _html(["สำนักงานตัวอย่าง", "ข่าวประชาสัมพันธ์ ปี 2566",
                                              "เนื้อหาข่าว"])),
        "/bomb.docx": (200, served._CONTENT_TYPES["docx"], zip_bomb()),
    }
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Fixtures)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def policy(port: int, **kw) -> Policy:
    defaults = {"allow_private": True, "read_timeout": 0.5, "retries": 1, "backoff": 0.05,
                "max_bytes": 1024 * 1024, "resolve": {HOST: ("127.0.0.1", port)}}
    return Policy(**{**defaults, **kw})


def url(path: str) -> str:
    return f"http://{HOST}{path}"


# --- addresses --------------------------------------------------------------------------------

@pytest.mark.parametrize("address, problem", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"),
    ("192.168.1.5", "private"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("::ffff:10.0.0.1", "private"), ("0.0.0.0", "unspecified"), ("224.0.0.1", "multicast"),
    ("100.64.0.1", "non-public"), ("8.8.8.8", None), ("2001:4860:4860::8888", None),
])
def test_private_loopback_and_link_local_addresses_are_named(address, problem):
    found = address_problem(address)
    assert (found is None) if problem is None else (problem in found)


# --- collecting -------------------------------------------------------------------------------

@pytest.mark.slow     # a web server and three command-line runs (4 s)
def test_collect_stores_documents_by_content_and_names_every_failure(site, tmp_path):
    links = [Link("O1", url(p)) for p in ("/a.pdf", "/missing", "/error500", "/redirect/4",
                                           "/redirect/7", "/loop", "/big-declared",
                                           "/big-streamed", "/slow")]
    links += [Link("O2", "ftp://files.example/x.pdf"), Link("O3", url("/a.pdf"))]
    start = time.monotonic()
    archive = collect(links, tmp_path / "ev", policy(site), progress=False)
    assert time.monotonic() - start < 20                       # never a hang
    rows = {(r.item, r.url.replace(f"http://{HOST}", "")): r for r in archive.records}
    ok = rows[("O1", "/a.pdf")]
    assert (ok.status, ok.http_status, ok.content_type) == ("ok", 200, "application/pdf")
    assert (tmp_path / "ev" / "files" / ok.sha256).read_bytes() == Fixtures.routes["/a.pdf"][2]
    assert rows[("O3", "/a.pdf")].sha256 == ok.sha256             # one file, two items
    assert (rows[("O1", "/missing")].status, rows[("O1", "/missing")].http_status) == (
        "broken", 404)
    assert rows[("O1", "/error500")].status == "broken"
    assert Fixtures.hits["/error500"] == 2                          # retried once
    chain = rows[("O1", "/redirect/4")]                     # 5 redirects: the most followed
    assert chain.status == "ok" and chain.final_url == url("/a.pdf")
    assert "after 5 redirect(s)" in chain.message
    assert rows[("O1", "/redirect/7")].message == "more than 5 redirects"
    assert rows[("O1", "/loop")].message.startswith("redirect loop")
    assert rows[("O1", "/big-declared")].status == "too_large"
    assert "declares 1,000,000,000 bytes" in rows[("O1", "/big-declared")].message
    assert rows[("O1", "/big-streamed")].status == "too_large"
    assert rows[("O1", "/slow")].status == "error" and "timed out" in rows[("O1", "/slow")].message
    assert rows[("O2", "ftp://files.example/x.pdf")].status == "refused"
    assert all(agent == USER_AGENT for agent in Fixtures.agents)
    table = (tmp_path / "ev" / "evidence.tsv").read_text(encoding="utf-8").splitlines()
    assert table[0].split("\t") == ["item", "url", "final_url", "status", "http_status",
                                    "content_type", "bytes", "sha256", "message"]
    assert len(table) == len(links) + 1
    text = json.loads(next((tmp_path / "ev" / "text").glob("*.json")).read_text())
    assert THAI_TITLE in text["pages"][0]["text"]               # repaired from the PDF's layer


def test_loopback_is_refused_unless_allowed_and_every_redirect_is_checked(site, tmp_path,
                                                                          monkeypatch):
    strict = policy(site, allow_private=False)
    archive = collect([Link("O1", url("/a.pdf")), Link("O2", "http://localhost:9/x")],
                      tmp_path / "a", strict, progress=False)
    assert [r.status for r in archive.records] == ["refused", "refused"]
    assert "loopback address 127.0.0.1" in archive.records[0].message
    # As if 127.0.0.1 were a public address: the first hop is fetched, its redirect to a
    # private address is refused.
    real = fetch_module.address_problem
    monkeypatch.setattr(fetch_module, "address_problem",
                        lambda a: None if a == "127.0.0.1" else real(a))
    archive = collect([Link("O1", url("/to-private"))], tmp_path / "b", strict, progress=False)
    record = archive.records[0]
    assert record.status == "refused" and "private address 10.1.2.3" in record.message
    assert record.final_url == "http://10.1.2.3/secret"


def test_a_server_that_trickles_bytes_is_cut_off(site, tmp_path):
    start = time.monotonic()
    archive = collect([Link("O1", url("/drip"))], tmp_path / "ev",
                      policy(site, total_timeout=0.5, retries=0), progress=False)
    assert time.monotonic() - start < 5
    (record,) = archive.records
    assert record.status == "error" and "took more than 0.5 s" in record.message


def test_two_requests_at_most_per_host(site, tmp_path):
    deadline = time.monotonic() + 10
    while Fixtures.active.get(HOST) and time.monotonic() < deadline:   # earlier slow answers
        time.sleep(0.05)
    Fixtures.peak.clear()
    links = [Link("O1", url(f"/pause/{i}")) for i in range(6)]
    collect(links, tmp_path / "ev", policy(site, read_timeout=5), progress=False)
    assert Fixtures.peak[HOST] == 2


def test_a_rerun_fetches_nothing_archived_and_offline_fetches_nothing(site, tmp_path):
    links = [Link("O1", url("/b.docx")), Link("O2", url("/missing"))]
    collect(links, tmp_path / "ev", policy(site), progress=False)
    before = dict(Fixtures.hits)
    again = collect(links, tmp_path / "ev", policy(site), progress=False)
    assert Fixtures.hits["/b.docx"] == before["/b.docx"]           # archived: not fetched
    assert Fixtures.hits["/missing"] == before["/missing"] + 1     # a failure is tried again
    assert [r.status for r in again.records] == ["ok", "broken"]
    offline = collect(links + [Link("O3", url("/c.xlsx"))], tmp_path / "ev", policy(site),
                      offline=True, progress=False)
    assert Fixtures.hits.get("/c.xlsx", 0) == before.get("/c.xlsx", 0)
    assert [r.status for r in offline.records] == ["ok", "broken", "error"]   # rows as collected
    assert offline.records[1].http_status == 404
    assert offline.records[2].message == "not in the archive (collected offline)"


def test_offline_checks_a_restored_archive_document_by_document(site, tmp_path):
    links = [Link("O1", url("/b.docx")), Link("O2", url("/a.pdf"))]
    archive = collect(links, tmp_path / "ev", policy(site), progress=False)
    table = archive.table.read_bytes()
    kept = sorted((tmp_path / "ev" / "files").iterdir())
    kept[0].write_bytes(kept[0].read_bytes() + b"x")                     # altered
    with pytest.raises(InputError, match="does not match its SHA-256"):
        collect(links, tmp_path / "ev", offline=True, progress=False)
    kept[0].unlink()
    kept[1].unlink()                                                      # files/ not restored
    with pytest.raises(InputError, match=r"missing from the archive \(and 1 more\)") as err:
        collect(links, tmp_path / "ev", offline=True, progress=False)
    assert "restore files/" in str(err.value)
    assert archive.table.read_bytes() == table                            # nothing lost


def test_collect_online_replaces_an_altered_document(site, tmp_path):
    links = [Link("O1", url("/b.docx")), Link("O2", url("/a.pdf"))]
    collect(links, tmp_path / "ev", policy(site), progress=False)
    kept = sorted((tmp_path / "ev" / "files").iterdir())
    good = kept[0].read_bytes()
    kept[0].write_bytes(good + b"tampered")
    with pytest.raises(InputError, match="does not match its SHA-256"):
        open_evidence(tmp_path / "ev")
    collect(links, tmp_path / "ev", policy(site), progress=False)        # fetched again
    assert kept[0].read_bytes() == good
    assert sorted((tmp_path / "ev" / "files").iterdir()) == kept
    open_evidence(tmp_path / "ev")                                        # intact again


# --- reading ----------------------------------------------------------------------------------

def test_each_kind_is_read_page_by_page(site, tmp_path):
    archive = collect([Link("O1", url(p)) for p in ("/a.pdf", "/b.docx", "/c.xlsx", "/d.html",
                                                    "/bomb.docx")],
                      tmp_path / "ev", policy(site, max_bytes=10 ** 7), progress=False)
    texts = {r.url.rsplit("/", 1)[1]: json.loads(
        (tmp_path / "ev" / "text" / f"{r.sha256}.json").read_text()) for r in archive.records}
    assert texts["a.pdf"]["kind"] == "pdf" and texts["a.pdf"]["method"].startswith("pypdf")
    assert "ดำดำ" in texts["a.pdf"]["pages"][0]["raw"]          # the damage, kept raw
    assert "ดำดำ" not in texts["a.pdf"]["pages"][0]["text"]
    assert "คู่มือการปฏิบัติงาน ปี 2566" in texts["b.docx"]["pages"][0]["text"]
    assert texts["c.xlsx"]["kind"] == "xlsx"
    assert "ประจำเดือนตุลาคม 2565" in texts["c.xlsx"]["pages"][0]["text"]
    html_text = texts["d.html"]["pages"][0]["text"]
    assert "ข่าวประชาสัมพันธ์ ปี 2566" in html_text
    assert "หน้าแรก" not in html_text and "สงวนลิขสิทธิ์" not in html_text   # no navigation
    assert texts["bomb.docx"]["status"] == "too_large" and "zip bomb" in \
        texts["bomb.docx"]["message"]


@pytest.mark.slow
def test_a_scanned_pdf_is_read_by_ocr_or_says_why_not():
    document = read_bytes(scanned_pdf(), "pdf")
    if ocr_engine() is None:
        assert document.status == "scanned" and "Tesseract" in document.message
    else:
        assert document.status == "ocr" and "tesseract" in document.method
        assert "2566" in document.text                           # digits survive OCR


def test_an_xlsx_formula_is_never_evaluated():
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "=WEBSERVICE(\"http://127.0.0.1:9/steal\")"
    workbook.active["A2"] = "ค่าคงที่"
    buffer = io.BytesIO()
    workbook.save(buffer)
    document = read_bytes(buffer.getvalue(), "xlsx")
    assert document.status == "ok" and "WEBSERVICE" not in document.text
    assert "ค่าคงที่" in document.text


def test_reading_that_takes_too_long_is_stopped_and_the_next_one_works():
    with Extractor(timeout=0.0001) as slow:
        assert slow.read(("ข้อความ " * 200_000).encode(), "text").status == "timeout"
        slow.timeout = 60
        assert slow.read("ปี 2566".encode(), "text").text == "ปี 2566"


@pytest.mark.parametrize("data", [b"", b"%PDF-1.7\n%garbage", b"PK\x03\x04broken",
                                  b"\x00\xff" * 50, b"<html><p>"])
def test_hostile_bytes_never_crash_a_reader(data):
    kind = sniff(data)
    assert read_bytes(data, kind).status in ("ok", "empty", "error", "unsupported", "scanned")


def test_repair_undoes_doubled_clusters():
    assert repair_thai("สำสำสำนันักงานประกักันสัสังคม ประจำจำจำปีปี") == "สำนักงานประกันสังคม ประจำปี"
    assert repair_thai("ปี 2566") == "ปี 2566"


def test_sniff_goes_by_the_bytes_first():
    assert sniff(b"%PDF-1.4 ...", "text/html") == "pdf"
    assert sniff(b"<!DOCTYPE html><html>", None) == "html"
    assert sniff(b"plain", "application/pdf") == "pdf"
    assert sniff(b"plain", None, "http://x/y.csv") == "csv"


# --- the archive table as input -----------------------------------------------------------------

@pytest.mark.parametrize("table, problem", [
    ("item\turl\n", "the header is not the evidence table's"),
    ("item\turl\tfinal_url\tstatus\thttp_status\tcontent_type\tbytes\tsha256\tmessage\n"
     "O1\thttp://x\t\tstolen\t\t\t\t\t\n", "status 'stolen' is unknown"),
    ("item\turl\tfinal_url\tstatus\thttp_status\tcontent_type\tbytes\tsha256\tmessage\n"
     "O1\thttp://x\t\tok\t200\t\t1\t../../etc/passwd\t\n", "does not fit status 'ok'"),
])
def test_a_damaged_evidence_table_is_refused(tmp_path, table, problem):
    (tmp_path / "evidence.tsv").write_text(table, encoding="utf-8")
    with pytest.raises(InputError, match=problem):
        load_archive(tmp_path)
    with pytest.raises(InputError, match="no evidence.tsv"):
        load_archive(tmp_path / "nothing")


# --- judging with the evidence ------------------------------------------------------------------

@pytest.mark.slow     # three command-line runs (3 s)
def test_oit_with_evidence_judges_what_the_documents_say(site, tmp_path):
    index = tmp_path / "index.tsv"
    index.write_text("item\ttitle\turl\n"
                     f"O13\tรายงานผลการดำเนินงานประจำปี 2565\t{url('/a.pdf')}\n"
                     f"O4\tแผนยุทธศาสตร์\t{url('/missing')}\n", encoding="utf-8")
    done = run_cli("collect", "--disclosure", index, "--fiscal-year", "2566", "--out",
                   tmp_path / "ev", "--allow-private", "--resolve", f"{HOST}=127.0.0.1:{site}",
                   "--format", "json")
    assert done.returncode == 0, done.stderr
    documents = json.loads(done.stdout)["documents"]
    assert {(d["item"], d["status"], d["http_status"]) for d in documents} == {
        ("O13", "ok", 200), ("O4", "broken", 404)}
    assert set(documents[0]) >= {"item", "url", "status", "http_status", "sha256",
                                 "content_type", "bytes", "message"}
    done = run_cli("oit", "--fiscal-year", "2566", "--disclosure", index, "--evidence",
                   tmp_path / "ev", "--format", "json")
    assert done.returncode == 0, done.stderr
    items = {i["item"]: i for i in json.loads(done.stdout)["items"]}
    o13 = items["O13"]                     # the title says 2565 (right), the document 2566
    checks = {c["rule"]: c for c in o13["checks"]}
    assert o13["title_only_verdict"] == "pass" and o13["verdict"] == "fail"
    assert checks["content_period"]["status"] == "fail"
    assert "ชื่อเอกสารระบุปี 2565 แต่เนื้อหาระบุปี 2566" in checks["content_period"]["reason"]
    assert checks["period:previous_year_report"]["blocking"] is False
    assert o13["evidence"][0]["fetch"]["status"] == "ok"
    assert o13["evidence"][0]["read"]["years"] == [2566]
    o4 = items["O4"]
    assert o4["verdict"] == "fail" and "HTTP 404" in {c["rule"]: c for c in o4["checks"]}[
        "link"]["reason"]
    offline = run_cli("collect", "--disclosure", index, "--fiscal-year", "2566", "--out",
                      tmp_path / "ev", "--offline")
    assert offline.returncode == 0 and "1 ok" in offline.stdout


def _text(*lines: str) -> DocumentText:
    return DocumentText("pdf", "ok", (Page(1, "\n".join(lines), "\n".join(lines)),))


def test_what_a_document_is_about_beats_when_it_was_signed():
    about = _text("ประกาศองค์การบริหารส่วนตำบลแม่เหียะ",
                  "เรื่อง มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ ๒๕๖๓",
                  "ประกาศ ณ วันที่ 9 กุมภาพันธ์ พ.ศ. 2565")
    periods, where = stated_periods(about)
    assert [p.year for p in periods] == [2563] and "๒๕๖๓" in where[1]
    signed_only = _text("ประกาศองค์การบริหารส่วนตำบลแม่เหียะ", "เรื่อง นโยบาย No Gift Policy",
                        "ประกาศ ณ วันที่ 9 กุมภาพันธ์ พ.ศ. 2565")
    periods, where = stated_periods(signed_only)
    assert [(p.kind, p.year) for p in periods] == [("as_of", 2565)]
    as_of_data = _text("รายงานสถิติการให้บริการ", "ข้อมูล ณ วันที่ 31 มีนาคม 2566")
    assert [p.year for p in stated_periods(as_of_data)[0]] == [2566]   # not a signing line


@pytest.mark.parametrize("line, found", [
    ("(1) ผู้บริหารสูงสุด: นายสมชาย ใจดี", True),
    ("(2) รองผู้บริหารสูงสุด: นายวิทยา ศรีสุข", False),              # the deputy
    ("รอง ผู้บริหารสูงสุด", False),
    ("ผู้บริหารสูงสุดและรองผู้บริหารสูงสุด", True),
])
def test_a_deputy_is_not_the_head(line, found):
    assert words_element("ผู้บริหารที่ต้องแสดง: ผู้บริหารสูงสุด", line) is found


def test_an_element_is_worded_without_its_group_each_slash_reading_and_its_synonyms():
    assert wordings("ข้อมูลผู้บริหารแต่ละคน: ชื่อ-นามสกุล") == (
        "ชื่อ-นามสกุล", "ชื่อ นามสกุล", "ชื่อและนามสกุล", "ชื่อ-สกุล")
    assert wordings("ความก้าวหน้าการดำเนินการแต่ละโครงการ/กิจกรรม")[1:] == (
        "ความก้าวหน้าการดำเนินการแต่ละโครงการ", "ความก้าวหน้าการดำเนินการแต่ละกิจกรรม")
    assert load_qualifiers() == ("รอง", "ผู้ช่วย")


@pytest.mark.parametrize("text, where", [
    ("terms: {}\n", "<top level>"),
    ("schema: ita-element-synonyms/1\nterms: {a: [b]}\nextra: 1\n", "<top level>"),
    ("schema: ita-element-synonyms/1\nterms: [a]\n", "terms"),
    ("schema: ita-element-synonyms/1\nterms: {a: []}\n", "terms.a"),
    ("schema: ita-element-synonyms/1\nterms: {a: [b]}\nqualifiers: รอง\n", "qualifiers"),
])
def test_a_malformed_synonyms_file_is_refused_naming_the_key(tmp_path, text, where):
    path = tmp_path / "element-synonyms.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_synonyms(path)
        load_qualifiers(path)
    assert err.value.where == where and str(path) in str(err.value)


def test_a_phone_number_line_words_the_phone_element_and_planning_words_no_map():
    assert words_element("หมายเลขโทรศัพท์", "โทร. 0 2956 2345")
    assert not words_element("แผนที่ตั้ง", "หน่วยงานได้ดำเนินการตามแผนที่กำหนดไว้")


@pytest.mark.slow
def test_served_synthetic_agencies_match_their_injected_content_defects(tmp_path):
    """Every verdict, from titles alone and with the documents read, is the one the injected
    index and content defects call for (the review share before and after is measured by
    benchmarks/evidence.py)."""
    from ita_audit.criteria.files import load_criteria
    from ita_audit.oit.audit import run_oit_audit
    from ita_audit.oit.synthetic import generate
    from ita_audit.policy.judge import judge_announcement_text

    criteria = load_criteria(2566)
    sites = served.write_served_workspace(generate(4, 2566, seed=11, defect_rate=0.1),
                                          criteria, tmp_path, seed=11)
    kinds = {d.kind for s in sites for d in s.defects} | {v.kind for s in sites
                                                         for v in s.variants}
    assert kinds >= {"dead_link", "content_missing_element", "title_without_year"}
    # defects.json says, for each agency, what its audit (the batch reads the evidence) finds
    document = json.loads((tmp_path / "defects.json").read_text(encoding="utf-8"))
    entries = {entry["agency"]: entry for entry in document["agencies"]}
    for site_ in sites:
        name = site_.agency.agency
        for evidence in (False, True):
            audit = run_oit_audit(tmp_path / "raw" / f"{name}.tsv", 2566, agency=name,
                                  evidence=tmp_path / "evidence" / name if evidence else None,
                                  announcements=judge_announcement_text)
            got = {r.item.id: r.automated_verdict for r in audit.items}
            assert got == site_.expected(evidence), (name, evidence)
        assert entries[name]["expected_not_pass"] == {
            item: verdict for item, verdict in got.items() if verdict != "pass"}, name
        assert entries[name]["content_defects"] == [d.to_json() for d in site_.defects]
    assert sum(document["counts"].get(k, 0) for k in ("dead_link", "content_missing_element")) \
        == sum(d.kind in ("dead_link", "content_missing_element") for s in sites for d in s.defects)


# --- an archive restored with an altered document --------------------------------------------

SYN_ARCHIVE = ROOT / "data" / "agencies" / "syn-0001" / "2566" / "evidence"


def _altered_archive(tmp_path):
    """A copy of the committed syn-0001 archive (its texts already read) with one document
    altered after its text was read: (folder, altered file)."""
    import shutil
    folder = tmp_path / "evidence"
    shutil.copytree(SYN_ARCHIVE, folder)
    altered = sorted((folder / "files").iterdir())[0]
    altered.write_bytes(altered.read_bytes() + b"tampered")
    return folder, altered


def test_an_altered_document_is_never_vouched_for_by_name(tmp_path):
    folder, altered = _altered_archive(tmp_path)
    archive = load_archive(folder)
    with pytest.raises(InputError, match="does not match its SHA-256") as err:
        archive.hashes()
    assert str(altered) in str(err.value)
    intact = load_archive(SYN_ARCHIVE).hashes()
    assert len(intact) == 1 + len(list((SYN_ARCHIVE / "files").iterdir()))


def test_oit_refuses_an_archive_with_an_altered_document(tmp_path):
    folder, altered = _altered_archive(tmp_path)
    done = run_cli("oit", "--fiscal-year", "2566", "--disclosure",
                   "data/synthetic/2566/syn-0001.tsv", "--evidence", str(folder))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"ita-audit: error: {altered}: the archived file does not match its "
                           "SHA-256 (fix: collect the evidence again without --offline: it "
                           "fetches the document again and replaces the altered file)\n")
    done = run_cli("oit", "--fiscal-year", "2566", "--disclosure",
                   "data/synthetic/2566/syn-0001.tsv", "--evidence", str(SYN_ARCHIVE))
    assert done.returncode == 0, done.stderr


@pytest.mark.usefixtures("no_warm_kernels")
def test_run_refuses_an_archive_with_an_altered_document_and_writes_nothing(tmp_path):
    folder, altered = _altered_archive(tmp_path)
    params = tmp_path / "syn.yaml"
    params.write_text((ROOT / "params" / "2566" / "syn-0001.yaml").read_text(encoding="utf-8")
                      .replace("data/agencies/syn-0001/2566/evidence", str(folder)),
                      encoding="utf-8")
    done = run_cli("run", str(params), "--audits-dir", str(tmp_path / "audits"),
                   "--data-dir", str(tmp_path / "agencies"))
    assert (done.returncode, done.stdout) == (2, "")
    assert "the archived file does not match its SHA-256" in done.stderr
    assert done.stderr.count("\n") == 1
    assert not (tmp_path / "audits").exists()


def test_collect_never_drops_the_links_an_archive_lists_unless_forced(tmp_path):
    """Collecting another index into an archive would have rewritten its table (102 rows to
    7): refused; the same index again refreshes it; --force keeps only the new links."""
    import shutil
    folder = tmp_path / "evidence"
    shutil.copytree(SYN_ARCHIVE, folder)
    table = folder / "evidence.tsv"
    before = table.read_bytes()
    other = tmp_path / "other.tsv"
    other.write_text("item\ttitle\turl\nO1\tโครงสร้าง\thttps://a.go.th.test/x.pdf\n",
                     encoding="utf-8")
    done = run_cli("collect", "--disclosure", other, "--fiscal-year", "2566", "--out", folder,
                   "--offline")
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert f"{table}: lists " in done.stderr and "collecting would drop them" in done.stderr
    assert table.read_bytes() == before
    same = run_cli("collect", "--disclosure", ROOT / "data/synthetic/2566/syn-0001.tsv",
                   "--fiscal-year", "2566", "--out", folder, "--offline")
    assert same.returncode == 0, same.stderr
    assert table.read_bytes() == before
    forced = run_cli("collect", "--disclosure", other, "--fiscal-year", "2566", "--out", folder,
                     "--offline", "--force")
    assert forced.returncode == 0 and table.read_text(encoding="utf-8").count("\n") == 2


@pytest.mark.slow
def test_reasons_with_the_documents_read_are_thai(tmp_path):
    """The reasons of the committed syn-0001 record (archive read, announcements judged) write
    verdicts in Thai: they read 'วันที่ประกาศ pass, ผู้ลงนาม pass' and 'ผลตามชื่อเอกสารคือ
    review' (visual review of the rendered records)."""
    import re

    from ita_audit.oit.audit import run_oit_audit
    from ita_audit.policy.judge import judge_announcement_text

    audit = run_oit_audit(ROOT / "data" / "synthetic" / "2566" / "syn-0001.tsv", 2566,
                          agency="syn-0001", evidence=SYN_ARCHIVE,
                          announcements=judge_announcement_text)
    reasons = [reason.split("] ", 1)[1] for r in audit.items for reason in r.reasons]
    assert not [reason for reason in reasons if re.search(r"\b(?:pass|fail|review)\b", reason)]
    announced = [reason for reason in reasons if reason.startswith("ประกาศ '")]
    assert len(announced) == 3 and all(
        "': วันที่ประกาศ ผ่าน, ผู้ลงนาม ผ่าน, " in reason for reason in announced)
    assert any("ผลตามชื่อเอกสารคือ 'รอตรวจ' จึงถือตามเนื้อหา" in reason for reason in reasons)
    assert not [w for w in audit.warnings if re.search(r"\b(?:pass|fail|review)\b", w)]
