"""Served-site mode of the synthetic agencies: every document an index links to, as a file an
HTTP server can serve, with content defects injected and recorded.

Each agency's site lives on its own host, ``<agency>.ita-audit.test`` (``.test`` is reserved
and never resolves on the internet; ``ita-audit collect --resolve`` points it at a local
server). The index is a TSV with those URLs. Documents are PDFs drawn with the bundled Thai
font (so their text comes out damaged the way Thai PDFs do), Word and Excel files and HTML
pages with navigation around the main text. Each states its own title (and so its period) in
its first lines; the first document of an item lists the item's required elements; the first
document of an item whose evidence is an announcement (No Gift, the code of ethics, the
integrity measures) is an announcement, signed by the head of the agency.

On top of the index defects of :mod:`ita_audit.oit.synthetic`, items may carry:

======================== ===================================================== ================
kind                     what is injected                                      with evidence
======================== ===================================================== ================
dead_link                every document of the item is missing (HTTP 404)       fail
content_wrong_year       every listed document states a year two years earlier  fail
                         than its title
content_missing_element  the first document leaves out one required element     review
                         that no title of the item words
title_without_year       (a variant) the index title is the bare item name;     pass (title
                         the document still states its period                   alone: review)
======================== ===================================================== ================
"""
from __future__ import annotations

import datetime
import http.server
import io
import json
import random
import re
import threading
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ita_audit.criteria.document_kinds import DocumentKinds, load_document_kinds
from ita_audit.criteria.model import Criteria, CriteriaItem
from ita_audit.criteria.topics import load_policy_topics
from ita_audit.evidence.collect import Link, collect
from ita_audit.evidence.fetch import Policy
from ita_audit.oit.content import words_element
from ita_audit.oit.engine import shared_document_items
from ita_audit.oit.load import load_disclosure
from ita_audit.oit.synthetic import (
    FULL_MONTHS,
    Defect,
    SyntheticAgency,
    Variant,
    defects_document,
    month_be,
    month_url,
    params_yaml,
)
from ita_audit.thai import extract_periods, parse_month, url_periods
from ita_audit.view.charts import use_thai_font

HOST_SUFFIX = "ita-audit.test"
CONTENT_DEFECT_KINDS = ("dead_link", "content_wrong_year", "content_missing_element")
CONTENT_VARIANT_KINDS = ("title_without_year",)
CONTENT_DEFECT_RATE = 0.06
TITLE_WITHOUT_YEAR_RATE = 0.08
_YEAR_RULES = ("current_year", "previous_year_report", "results_analysis")
_FORMATS = (("html", 3), ("docx", 2), ("xlsx", 1))
_CONTENT_TYPES = {
    "pdf": "application/pdf", "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
_BE_YEAR = re.compile(r"(?<![0-9])25[0-9]{2}(?![0-9])")
_YEAR_FOLDER = re.compile(r"/(?:19|20|25)[0-9]{2}/")
_FILLER = ("หน่วยงานได้ดำเนินการตามแผนที่กำหนดไว้ และรายงานผลต่อผู้บริหารเพื่อทราบ",
           "รายละเอียดเพิ่มเติมติดต่อได้ที่งานบริหารทั่วไป ในวันและเวลาราชการ",
           "ข้อมูลนี้เผยแพร่เพื่อให้ประชาชนตรวจสอบการดำเนินงานของหน่วยงานได้")


@dataclass(frozen=True)
class SiteFile:
    """One document of a site."""

    path: str                          # the URL's path (and query)
    content_type: str
    body: bytes


@dataclass(frozen=True)
class ServedAgency:
    """A synthetic agency with its site: the index (TSV with the site's URLs), the files,
    and the content defects and variants injected."""

    agency: SyntheticAgency
    index_tsv: str
    files: Mapping[str, SiteFile] = field(repr=False)
    defects: tuple[Defect, ...] = ()
    variants: tuple[Variant, ...] = ()

    @property
    def host(self) -> str:
        return site_host(self.agency.agency)

    def expected(self, evidence: bool) -> dict[str, str]:
        """Item -> the automated verdict the engine must reach from the titles alone, or with
        the documents read too."""
        expected = self.agency.expected_verdicts(urls=True)
        for variant in self.variants:
            if variant.kind == "title_without_year":
                expected[variant.item] = "pass" if evidence else "review"
        if evidence:
            expected.update({d.item: d.expected for d in self.defects})
        return expected

    def to_json(self) -> dict[str, object]:
        return {"agency": self.agency.agency, "host": self.host,
                "content_defects": [d.to_json() for d in self.defects],
                "content_variants": [v.to_json() for v in self.variants],
                "expected_title_only": self.expected(False),
                "expected_with_evidence": self.expected(True)}


def site_host(agency: str) -> str:
    return f"{agency}.{HOST_SUFFIX}"


def _site_url(host: str, url: str) -> tuple[str, str]:
    """The URL moved onto the site's host (http), and its path with the query."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    return f"http://{host}{path}", path


def serve(agency: SyntheticAgency, criteria: Criteria, *, seed: int = 0,
          defect_rate: float = CONTENT_DEFECT_RATE,
          title_rate: float = TITLE_WITHOUT_YEAR_RATE) -> ServedAgency:
    """The agency's site and index, with content defects drawn from its own seed."""
    rng = random.Random(f"ita-served/{seed}/{agency.fiscal_year}/{agency.agency}")
    host = site_host(agency.agency)
    base_defects = {d.item for d in agency.defects}
    thai_digits = {v.item for v in agency.variants if v.kind == "thai_digits"}
    topics = load_policy_topics()
    kinds = load_document_kinds(criteria.fiscal_year)
    renderer = _Renderer(agency)
    rows = ["item\ttitle\turl\tcontext\tlevel\tshared_with"]
    files: dict[str, SiteFile] = {}
    defects: list[Defect] = []
    variants: list[Variant] = []
    shared_lists = set(agency.shared)          # a list two headings share keeps its documents
    for block in agency.blocks:
        item = criteria.item(block.item)
        shared = ",".join(agency.shared.get(block.item, ()))
        wanted = topics.for_item(criteria.fiscal_year, item.id)
        omissible = _omissible_elements(item, block)
        kind = _content_defect(rng, item, block, base_defects | thai_digits | shared_lists,
                               defect_rate,
                               announcement=wanted is not None and wanted.announcement,
                               omissible=bool(omissible), all_dated=_all_dated(block))
        bare = (kind is None and block.item not in base_defects | thai_digits | shared_lists
                and item.period is not None and item.period.rule in (*_YEAR_RULES, "in_force")
                and rng.random() < title_rate and _first_doc(block) is not None)
        missing = rng.choice(omissible) if kind == "content_missing_element" else None
        context, listed, seen = "", False, set()
        for entry in block.entries:
            if entry.kind == "context":
                context = entry.text
                continue
            titles = entry.months if entry.kind == "months" else (entry.text,)
            for i, title in enumerate(titles):
                source = month_url(entry.url, i) if entry.kind == "months" else entry.url
                url, path = _site_url(host, source or f"https://x/{block.item}/{i}")
                shown = " ".join(title.split())
                first = block.item not in seen
                if bare and first and entry.kind == "doc":     # no year in the URL either
                    url, path = (_YEAR_FOLDER.sub("/", part) for part in (url, path))
                stated = shown
                if entry.kind == "months":
                    month = parse_month(shown)                  # ตุลาคม or ต.ค.
                    year = _context_year(context, agency.fiscal_year)
                    stated = (f"สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน{shown} "
                              f"{month_be(year, month) if month else year}")
                if kind == "content_wrong_year" and entry.level == 1:
                    stated = _years_back(stated, 2)
                index_title = shown
                if bare and first and entry.kind == "doc":
                    index_title = item.name
                # a list two headings share holds the documents of both: each is drawn as a
                # document of the item the engine will give it to
                owner = _owner(kinds, block.item, agency.shared.get(block.item, ()), shown) \
                    if entry.kind == "doc" else block.item
                own, own_topic = criteria.item(owner), topics.for_item(criteria.fiscal_year,
                                                                        owner)
                first = owner not in seen
                role = ("announcement" if first and own_topic is not None
                        and own_topic.announcement
                        else "elements" if first and own.elements else "plain")
                if kind != "dead_link":
                    body = renderer.render(path, stated, own, role, missing,
                                           pdf=first or entry.level == 1 and rng.random() < 0.3,
                                           rng=rng)
                    files[path] = body
                rows.append("\t".join((block.token, index_title, url, context,
                                       str(entry.level), shared)))
                listed = True
                seen.add(owner)
        if not listed:
            rows.append("\t".join((block.token, "", "", "", "1", shared)))
        if kind is not None:
            defects.append(Defect(agency.agency, item.id, kind, _EXPECTED[kind],
                                  _DETAIL[kind](item, missing)))
        if bare:
            variants.append(Variant(agency.agency, item.id, "title_without_year",
                                    f"ชื่อในดัชนีเหลือเพียง '{item.name}'"))
    return ServedAgency(agency, "\n".join(rows) + "\n", files, tuple(defects), tuple(variants))


_EXPECTED = {"dead_link": "fail", "content_wrong_year": "fail",
             "content_missing_element": "review"}
_DETAIL = {
    "dead_link": lambda item, _: "ลิงก์ทุกรายการของข้อนี้ตอบ 404",
    "content_wrong_year": lambda item, _: "เนื้อหาระบุปีก่อนปีในชื่อเอกสาร 2 ปี",
    "content_missing_element": lambda item, k: f"เอกสารไม่มีองค์ประกอบ ({k + 1}) "
                                               f"{item.elements[k]}",
}


def _first_doc(block) -> object | None:
    return next((e for e in block.entries if e.kind == "doc"), None)


def _omissible_elements(item: CriteriaItem, block) -> list[int]:
    """The elements a document can leave out so that the item truly lacks them: those no title
    of the item words (a link titled "E-mail" covers the e-mail element whatever it says)."""
    titles = [t for e in block.entries if e.kind in ("doc", "months", "context")
              for t in (e.months if e.kind == "months" else (e.text,))]
    return [k for k, element in enumerate(item.elements)
            if not any(words_element(element, title) for title in titles)]


def _all_dated(block) -> bool:
    """Does every listed (level 1) document of the block state a period in its title?"""
    return all(extract_periods(e.text) for e in block.entries
               if e.kind == "doc" and e.level == 1)


def _owner(kinds: DocumentKinds | None, holder: str, others: Sequence[str], title: str) -> str:
    """The item the engine gives a document of a shared list to (ita_audit.oit.engine)."""
    targets = shared_document_items(kinds, holder, others, title) if kinds is not None else []
    return targets[0] if targets else holder


def _content_defect(rng: random.Random, item: CriteriaItem, block, excluded: set[str],
                    rate: float, *, announcement: bool, omissible: bool,
                    all_dated: bool) -> str | None:
    """A content defect for an item, or None. A wrong year inside the documents needs every
    listed document to state a year: one that states none might be the right one (review)."""
    if item.id in excluded or not any(e.kind in ("doc", "months") for e in block.entries) \
            or rng.random() >= rate:
        return None
    kinds = ["dead_link"]
    if item.period is not None and item.period.rule in _YEAR_RULES and all_dated:
        kinds.append("content_wrong_year")
    if omissible and _first_doc(block) is not None and not announcement:
        kinds.append("content_missing_element")
    return rng.choice(kinds)


#: A two-digit year after a month abbreviation or ปี/พ.ศ. ("ต.ค. 64", "ก.ย.65", "ปี 65").
_YY = re.compile(r"(?:(?<=\.)|(?<=ปี)|(?<=พ\.ศ\.))(\s?)([0-9]{2})(?![0-9])")


def _years_back(text: str, years: int) -> str:
    """Every year of a title moved ``years`` back, four-digit and two-digit ones."""
    text = _BE_YEAR.sub(lambda m: str(int(m.group()) - years), text)
    return _YY.sub(lambda m: f"{m.group(1)}{(int(m.group(2)) - years) % 100:02d}", text)


def _context_year(context: str, fiscal_year: int) -> int:
    found = re.search(r"(25[0-9]{2})", context)
    return int(found.group(1)) if found else fiscal_year


# --- rendering documents ----------------------------------------------------------------------

@dataclass
class _Renderer:
    agency: SyntheticAgency

    def render(self, path: str, title: str, item: CriteriaItem, role: str,
               missing: int | None, *, pdf: bool, rng: random.Random) -> SiteFile:
        lines = self.lines(title, item, role, missing, rng, path)
        if pdf or role == "announcement":
            fmt = "pdf"
        else:
            fmt = _pick(rng, _FORMATS)
        body = {"pdf": _pdf, "html": _html, "docx": _docx, "xlsx": _xlsx}[fmt](lines)
        return SiteFile(path, _CONTENT_TYPES[fmt], body)

    def lines(self, title: str, item: CriteriaItem, role: str, missing: int | None,
              rng: random.Random, path: str = "") -> list[str]:
        agency = self.agency
        if role == "announcement":
            return self.announcement(title, item, rng, path)
        lines = [agency.agency_name, title, ""]
        if role == "elements":
            lines += _elements(item, missing, rng)
        lines.append(rng.choice(_FILLER))
        return lines

    def announcement(self, title: str, item: CriteriaItem, rng: random.Random,
                     path: str = "") -> list[str]:
        """An announcement the policy checks pass: issuer, subject, the item's topics, a date
        in the item's year, the head of the agency as signer."""
        agency = self.agency
        topics = load_policy_topics()
        wanted = topics.for_item(agency.fiscal_year, item.id)
        phrases = [topics.topic(t).phrases[0] for t in (wanted.topics if wanted else ())]
        # dated on the date the title states ("ลงวันที่ 7 มีนาคม 2566"), else in the latest year
        # it states (the year a defect gave it too, in Thai digits or not), January to March,
        # where the calendar and the fiscal year agree
        periods = extract_periods(title)
        dated = next((p.start for p in periods if p.kind == "date" and p.start), None)
        # a title dated only by a Gregorian year spanning two fiscal years: the date the URL
        # carries (the day the announcement was published) dates it
        published = next((p.start for p in url_periods(path) if p.start), None)
        if dated is None and published is not None and any(
                p.kind == "gregorian_year" for p in periods):
            dated = published
        years = [y for p in periods for y in (p.year, p.end_year) if y is not None]
        rule = item.period
        year = max(years) if years else rule.year if rule else agency.fiscal_year
        body = (f"{agency.agency_name}ได้กำหนด{item.name} เพื่อให้การปฏิบัติหน้าที่เป็นไปด้วย"
                f"ความโปร่งใส โดยยึดหลัก{' และ'.join(phrases) or 'คุณธรรม'} ให้บุคลากรทุกคน"
                "ถือปฏิบัติอย่างเคร่งครัด")
        elements = _elements(item, None, rng)
        day, month = (dated.day, dated.month - 1) if dated else (rng.randint(1, 28),
                                                                  rng.randint(0, 2))
        if dated:
            year = dated.year + 543
        return [f"ประกาศ{agency.agency_name}", f"เรื่อง {title}", "", body, "", *elements,
                f"ประกาศ ณ วันที่ {day} {FULL_MONTHS[month]} พ.ศ. {year}",
                "", f"({rng.choice(_PEOPLE)})", _head_title(agency)]


def _elements(item: CriteriaItem, missing: int | None, rng: random.Random) -> list[str]:
    """The item's required elements, one numbered line each (but the one left out)."""
    if not item.elements:
        return []
    lines = ["ข้อมูลประกอบด้วย"]
    for number, element in enumerate(item.elements, start=1):
        if number - 1 != missing:
            lines.append(f"({number}) {element.split(':', 1)[-1].strip()}: "
                         f"{rng.choice(_FILLER)}")
    return [*lines, ""]


_PEOPLE = ("นายสมชาย ใจดี", "นางสาวสุภาพร ทองคำ", "นายวิทยา ศรีสุข", "นางมาลี บุญมา")


def _head_title(agency: SyntheticAgency) -> str:
    """The position of the head of a synthetic agency, as it signs."""
    name = agency.agency_name.split(" อำเภอ")[0]
    if name.startswith("องค์การบริหารส่วน"):
        return "นายก" + name
    if name.startswith("เทศบาล"):
        return "นายกเทศมนตรี" + name[len("เทศบาล"):]
    return "ผู้อำนวยการ" + name


def _pick(rng: random.Random, weighted) -> str:
    total = sum(w for _, w in weighted)
    point = rng.random() * total
    for value, weight in weighted:
        point -= weight
        if point < 0:
            return value
    return weighted[-1][0]


def _pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF with the lines drawn in the bundled Thai font (TrueType embedded, so
    the text layer comes out as Thai PDFs' does, clusters doubled)."""
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    use_thai_font()
    buffer = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(
            buffer, metadata={"Creator": None, "Producer": None, "CreationDate": None}) as pdf:
        figure = Figure(figsize=(8.27, 11.69))
        for number, line in enumerate(lines):
            figure.text(0.08, 0.94 - 0.028 * number, line, fontsize=11)
        pdf.savefig(figure)
    return buffer.getvalue()


def _html(lines: list[str]) -> bytes:
    import html

    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)
    return ("<!doctype html><html><head><meta charset='utf-8'><title>"
            f"{html.escape(lines[1])}</title></head><body><nav><a href='/'>หน้าแรก</a> | "
            "<a href='/ita'>ITA</a></nav><header>เว็บไซต์หน่วยงาน</header>"
            f"<main>{body}</main><footer>สงวนลิขสิทธิ์ 2566</footer></body></html>"
            ).encode()


def _docx(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    core = document.core_properties        # deterministic: fixed times, no author
    core.created = core.modified = _EPOCH
    core.author = core.last_modified_by = ""
    core.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue())


def _xlsx(lines: list[str]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.properties.created = workbook.properties.modified = _EPOCH
    workbook.properties.creator = ""
    sheet = workbook.active
    for line in lines:
        sheet.append([line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _stable_zip(buffer.getvalue())


_EPOCH = datetime.datetime(2020, 1, 1)
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*)>[^<]*<")


def _stable_zip(data: bytes) -> bytes:
    """The same zip archive with every entry's time fixed, so generating it twice gives the
    same bytes (and the same SHA-256 in an evidence archive)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":        # openpyxl stamps the save time
                data = _STAMP.sub(rb"\1>2020-01-01T00:00:00Z<", data)
            target.writestr(fixed, data)
    return buffer.getvalue()


# --- serving ----------------------------------------------------------------------------------

class SiteServer:
    """The sites of served agencies over HTTP on 127.0.0.1 only (a free port), by Host header;
    a path not on a site is 404. Use as a context manager; ``resolve()`` gives the
    ``--resolve`` mapping that points each site's host at it."""

    def __init__(self, sites: Mapping[str, Mapping[str, SiteFile]]) -> None:
        self.sites = sites
        handler = _handler(sites)
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()

    def resolve(self) -> dict[str, tuple[str, int]]:
        return {host: ("127.0.0.1", self.port) for host in self.sites}


def _handler(sites: Mapping[str, Mapping[str, SiteFile]]) -> type:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:          # quiet
            pass

        def do_GET(self) -> None:
            host = (self.headers.get("Host") or "").split(":")[0].lower()
            found = sites.get(host, {}).get(self.path)
            if found is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", found.content_type)
            self.send_header("Content-Length", str(len(found.body)))
            self.end_headers()
            self.wfile.write(found.body)
    return Handler


def write_served_workspace(agencies: Sequence[SyntheticAgency], criteria: Criteria,
                           out_dir: str | Path, *, seed: int = 0) -> list[ServedAgency]:
    """Serve every agency's site on loopback, collect each one's evidence with the real
    collector into ``<out>/evidence/<agency>/``, and write ``raw/<agency>.tsv``,
    ``params/<year>/<agency>.yaml`` (with ``evidence:``) and ``defects.json`` (with the
    content defects and both sets of expected verdicts)."""
    out = Path(out_dir).resolve()
    served = [serve(agency, criteria, seed=seed) for agency in agencies]
    raw = out / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    with SiteServer({s.host: s.files for s in served}) as server:
        policy = Policy(allow_private=True, resolve=server.resolve())
        for site in served:
            index = raw / f"{site.agency.agency}.tsv"
            index.write_text(site.index_tsv, encoding="utf-8")
            links = [Link(d.item, d.url) for d in load_disclosure(index).documents if d.url]
            collect(links, out / "evidence" / site.agency.agency, policy, progress=False)
    for site in served:
        params = out / "params" / str(site.agency.fiscal_year)
        params.mkdir(parents=True, exist_ok=True)
        (params / f"{site.agency.agency}.yaml").write_text(
            params_yaml(site.agency, raw / f"{site.agency.agency}.tsv",
                        evidence=out / "evidence" / site.agency.agency), encoding="utf-8")
    # the batch reads every agency's evidence: its verdicts are those with the evidence
    document = defects_document(agencies, urls=True, expected={
        s.agency.agency: s.expected(True) for s in served})
    for site, entry in zip(served, document["agencies"], strict=True):
        entry["content_defects"] = [d.to_json() for d in site.defects]
        for defect in site.defects:
            document["counts"][defect.kind] = document["counts"].get(defect.kind, 0) + 1
    document["served"] = [s.to_json() for s in served]
    (out / "defects.json").write_text(json.dumps(document, ensure_ascii=False, sort_keys=True,
                                                 indent=1) + "\n", encoding="utf-8")
    return served
