"""Synthetic agency disclosure indexes with injected, recorded defects.

``generate(n, fiscal_year, seed)`` builds ``n`` agencies (``syn-0001``, ``syn-0002``, …), each
with a realistic Thai name and an OIT disclosure index in the seed's text format
(``data/raw/sso-oit-disclosure-index-2566.txt``): group headings, ``oN.`` item headings,
``-``/``*`` bullets, ``ปี 2566`` sub-headings and lines of bare month names. For every item of
the year's criteria a clean agency lists documents whose titles satisfy the item's period rule
on the fiscal-year basis, so the engine passes it. Some items instead carry a defect:

============== ================================================================ ==========
kind           what is injected                                                 verdict
============== ================================================================ ==========
missing_item   the item heading is absent                                       fail
wrong_year     every year in the item's titles is wrong (an earlier year; for   fail
               ``in_force`` items a year of issue before the year is ``review``, (review)
               may still be in force, and a later year or an ended term ``fail``)
missing_months a ``monthly`` item lacks one to three months of the required     fail
               half-year, at least one of them in January–March, so that
               neither year basis is complete
empty_item     the heading is present with no document under it                 review
wrong_kind     every document is clearly of another item's kind (a plan under   fail
               a manual item): ``data/criteria/document-kinds-<year>.yaml``
old_and_undated the main document names an earlier year, another document of   review
               the item's kind names none (it may be the right one)
ce_year        the only document is dated by a Gregorian year that lies only    review
               partly in the fiscal year ("… 2022"); its URL carries a date     (pass with
               inside the year (``news_20221120``), which settles it            URLs)
no_data_file   an item that must include a data file (2568 O12) lists only      review
               PDFs: no spreadsheet, CSV or open-data link                      (the file's
                                                                                ``missing``)
missing_part   a merged item (2568 O1 structure and powers) lists one document  fail
               that names only one of its parts
============== ================================================================ ==========

An item with a ``data_file`` rule lists, when clean, a spreadsheet as well: "<name> ปี <year>
(ไฟล์ Excel)" with an ``.xlsx`` URL.

An item whose criteria give nothing to check (2566 O40) is ``review`` even when clean.

Spelling variants that must not change any verdict are recorded too: ``thai_digits`` (an
item's years, months and numbers in Thai digits, ``๒๕๖๖``), ``item_id_variant`` (the
heading spelled ``O1``, ``O01``, ``O๑``, ``OIT 1``, ``O 1``, … instead of the seed's ``o1.``)
and ``grouped_heading`` (an item's heading stands bare right above the next item's, and its
documents are listed under that one, as SSO lists O19 and O20).

Generation is deterministic: agency ``i`` draws from ``random.Random`` seeded with
``(seed, fiscal_year, i)`` only, never from the global generator, so the first ``k`` agencies of
``generate(n)`` equal ``generate(k)``. Titles carry agency-specific words (the agency's name,
places, document numbers) so that a cache keyed on titles cannot make an engine benchmark
trivially fast.

``write_workspace(agencies, out_dir)`` writes ``raw/<agency>.txt`` (or ``.tsv``),
``params/<year>/<agency>.yaml`` and ``defects.json``; ``ita-audit synthetic --n 50 --out DIR``
does the same from the command line (``--served`` adds the documents behind the links, see
:mod:`ita_audit.oit.served`).
"""
from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from pythainlp.util.date import thai_abbr_months, thai_full_months

from ita_audit.criteria.document_kinds import DocumentKinds, load_document_kinds, squash
from ita_audit.criteria.files import load_criteria
from ita_audit.criteria.model import Criteria, CriteriaItem
from ita_audit.oit.disclosure import DisclosureIndex, Document
from ita_audit.oit.engine import shared_document_items
from ita_audit.oit.import_text import parse_text
from ita_audit.oit.load import check_items
from ita_audit.oit.parts import names_part
from ita_audit.thai import to_thai_digits
from ita_audit.util.sources import SourceText

__all__ = [
    "DEFECT_KINDS", "VARIANT_KINDS", "Defect", "Variant", "SyntheticAgency",
    "generate", "generate_one", "write_workspace", "defects_document", "params_yaml",
    "month_be", "month_url",
]

DEFECT_KINDS = ("missing_item", "wrong_year", "missing_months", "empty_item", "wrong_kind",
                "old_and_undated", "ce_year", "no_data_file", "missing_part")
VARIANT_KINDS = ("thai_digits", "item_id_variant", "grouped_heading")
GROUPED_HEADING_RATE = 0.04       # chance that an item's heading joins the next one's list
DEFAULT_DEFECT_RATE = 0.08        # chance that one item of one agency carries a defect
THAI_DIGIT_RATE = 0.10            # chance that an item's titles use Thai digits
ITEM_ID_VARIANT_RATE = 0.15       # chance that an item heading is not spelled "oN."
MONTHLY_RATE_FACTOR = 2.5         # monthly summaries are the items most often incomplete

FULL_MONTHS = tuple(thai_full_months)       # pythainlp: มกราคม … ธันวาคม
ABBR_MONTHS = tuple(thai_abbr_months)       # pythainlp: ม.ค. … ธ.ค.
FISCAL_MONTHS = (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)


# --- the record of what was injected ------------------------------------------------------

@dataclass(frozen=True)
class Defect:
    """One injected defect and the verdict the engine must reach for its item."""

    agency: str
    item: str
    kind: str             # one of DEFECT_KINDS
    expected: str         # fail or review
    detail: str           # what exactly was done, in words
    expected_with_urls: str | None = None   # when the documents' URLs settle it otherwise

    def to_json(self) -> dict[str, str]:
        data = {"agency": self.agency, "item": self.item, "kind": self.kind,
                "expected": self.expected, "detail": self.detail}
        if self.expected_with_urls is not None:
            data["expected_with_urls"] = self.expected_with_urls
        return data


@dataclass(frozen=True)
class Variant:
    """One spelling variant applied to an item; it must not change the item's verdict."""

    agency: str
    item: str
    kind: str             # one of VARIANT_KINDS
    detail: str

    def to_json(self) -> dict[str, str]:
        return {"agency": self.agency, "item": self.item, "kind": self.kind,
                "detail": self.detail}


class _Entry(NamedTuple):
    """One listed thing under an item: a document, a sub-heading or a line of month names."""

    kind: str                         # doc, context or months
    text: str                         # title, sub-heading text, or the month line as written
    url: str | None = None
    level: int = 1                    # 2 for a "*" attachment of the document above
    months: tuple[str, ...] = ()      # for kind "months": the month names, one document each


class _Block(NamedTuple):
    """One item as listed: its heading spelling and label, and its entries."""

    item: str
    token: str                        # the item id as written (o1, O01, O๑, OIT 1, ...)
    separator: str                    # between the id and the label (". ", ".", ") ", " ")
    label: str
    entries: tuple[_Entry, ...]


@dataclass(frozen=True)
class SyntheticAgency:
    """One generated agency-year: its index (text format), defects and variants."""

    agency: str
    agency_name: str
    short_name: str
    fiscal_year: int
    seed: int
    domain: str
    text: str
    defects: tuple[Defect, ...]
    variants: tuple[Variant, ...]
    item_ids: tuple[str, ...]
    blocks: tuple[_Block, ...] = field(repr=False, compare=False)
    # (item, line of its heading, line of each entry) in the text
    layout: tuple[tuple[str, int, tuple[int, ...]], ...] = field(repr=False, compare=False)
    # items whose criteria give nothing to check: review even when clean (2566 O40)
    unjudged: tuple[str, ...] = ()
    # item -> the other items of a run of headings standing together over one list
    shared: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    def expected_verdicts(self, urls: bool = False) -> dict[str, str]:
        """Item -> the automated verdict the engine must reach (pass unless a defect says);
        ``urls``: when the index carries the documents' URLs (TSV), which settle some."""
        expected = dict.fromkeys(self.item_ids, "pass")
        expected.update(dict.fromkeys(self.unjudged, "review"))
        expected.update({d.item: d.expected_with_urls if urls and d.expected_with_urls
                         else d.expected for d in self.defects})
        return expected

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def documents(self, urls: bool = False) -> list[Document]:
        """The documents the text parser reads from :attr:`text`, built directly.

        Line numbers are those of the text; ``urls=True`` attaches each document's http(s) URL
        (the text format has no URLs, the TSV rendering has them)."""
        return _direct_documents(self, urls)

    def index(self, urls: bool = False) -> DisclosureIndex:
        """A :class:`DisclosureIndex` built directly from the generated blocks (no parsing)."""
        return DisclosureIndex(
            path=Path("synthetic") / f"{self.agency}.txt", format="text", encoding="utf-8",
            sha256=self.sha256, documents=self.documents(urls),
            labels={b.item: _clean(b.label) for b in self.blocks},
            heading_lines={item: line for item, line, _ in self.layout}, warnings=[])

    def parse(self, valid_items: Sequence[str] | None = None) -> DisclosureIndex:
        """Parse :attr:`text` with the package's own text-format parser, in memory (what
        ``load_disclosure`` does after reading and decoding a ``.txt`` file)."""
        source = SourceText(path=Path("synthetic") / f"{self.agency}.txt", text=self.text,
                            encoding="utf-8", sha256=self.sha256)
        index = parse_text(source)           # the parser load_disclosure uses
        if valid_items is not None:
            check_items(index, valid_items)
        return index

    def to_tsv(self) -> str:
        """The same index as a canonical TSV (item, title, url, context, level), with URLs."""
        rows = ["item\ttitle\turl\tcontext\tlevel\tshared_with"]
        for block in self.blocks:
            context, listed = "", False
            shared = ",".join(self.shared.get(block.item, ()))
            for entry in block.entries:
                if entry.kind == "context":
                    context = entry.text
                    continue
                titles = entry.months if entry.kind == "months" else (entry.text,)
                for i, title in enumerate(titles):
                    url = entry.url if entry.kind == "doc" else month_url(entry.url, i)
                    rows.append("\t".join((block.token, _clean(title), url or "", context,
                                           str(entry.level), shared)))
                    listed = True
            if not listed:
                rows.append("\t".join((block.token, "", "", "", "1", shared)))
        return "\n".join(rows) + "\n"

    def to_json(self, urls: bool = False,
                expected: Mapping[str, str] | None = None) -> dict[str, object]:
        """What ``defects.json`` records for this agency: ``expected_not_pass`` from
        ``expected`` when given (a served agency's verdicts with its evidence), else from the
        verdicts of its index (``urls``: written as TSV, with the URLs)."""
        expected = self.expected_verdicts(urls=urls) if expected is None else expected
        return {"agency": self.agency, "agency_name": self.agency_name,
                "fiscal_year": self.fiscal_year, "seed": self.seed,
                "defects": [d.to_json() for d in self.defects],
                "variants": [v.to_json() for v in self.variants],
                "expected_not_pass": {item: verdict for item, verdict in expected.items()
                                      if verdict != "pass"}}


# --- agency names ---------------------------------------------------------------------------

# (Thai, romanised for the web domain); romanised names have letters only, so that no URL
# carries a number the period reader could take for a year.
PROVINCES = (
    ("เชียงใหม่", "chiangmai"), ("ลำปาง", "lampang"), ("ขอนแก่น", "khonkaen"),
    ("นครราชสีมา", "korat"), ("อุบลราชธานี", "ubon"), ("สุรินทร์", "surin"),
    ("บุรีรัมย์", "buriram"), ("อุดรธานี", "udon"), ("สกลนคร", "sakon"),
    ("นครพนม", "nakhonphanom"), ("เลย", "loei"), ("พิษณุโลก", "phitsanulok"),
    ("นครสวรรค์", "nakhonsawan"), ("สุโขทัย", "sukhothai"), ("ลพบุรี", "lopburi"),
    ("สระบุรี", "saraburi"), ("ชลบุรี", "chonburi"), ("ระยอง", "rayong"),
    ("จันทบุรี", "chanthaburi"), ("ปราจีนบุรี", "prachinburi"), ("ฉะเชิงเทรา", "chachoengsao"),
    ("นครปฐม", "nakhonpathom"), ("ราชบุรี", "ratchaburi"), ("กาญจนบุรี", "kanchanaburi"),
    ("เพชรบุรี", "phetchaburi"), ("ประจวบคีรีขันธ์", "prachuap"), ("ชุมพร", "chumphon"),
    ("สุราษฎร์ธานี", "suratthani"), ("นครศรีธรรมราช", "nakhonsi"), ("สงขลา", "songkhla"),
    ("ภูเก็ต", "phuket"), ("กระบี่", "krabi"), ("ตรัง", "trang"), ("พัทลุง", "phatthalung"),
    ("น่าน", "nan"), ("แพร่", "phrae"), ("พะเยา", "phayao"), ("เชียงราย", "chiangrai"),
    ("มหาสารคาม", "mahasarakham"), ("ร้อยเอ็ด", "roiet"), ("ศรีสะเกษ", "sisaket"),
    ("ชัยภูมิ", "chaiyaphum"), ("กาฬสินธุ์", "kalasin"), ("ยโสธร", "yasothon"),
)
DISTRICTS = (
    ("ชุมแพ", "chumphae"), ("บ้านไผ่", "banphai"), ("ฝาง", "fang"), ("แม่ริม", "maerim"),
    ("หางดง", "hangdong"), ("สันทราย", "sansai"), ("ปากช่อง", "pakchong"),
    ("โพธาราม", "photharam"), ("บางละมุง", "banglamung"), ("ศรีราชา", "sriracha"),
    ("หาดใหญ่", "hatyai"), ("ทุ่งสง", "thungsong"), ("กันทรลักษ์", "kantharalak"),
    ("เดชอุดม", "detudom"), ("วารินชำราบ", "warin"), ("ท่าบ่อ", "thabo"),
    ("สว่างแดนดิน", "sawangdaendin"), ("แม่สอด", "maesot"), ("บางปะอิน", "bangpain"),
    ("เสนา", "sena"), ("ปากเกร็ด", "pakkret"), ("บางบัวทอง", "bangbuathong"),
    ("สามพราน", "samphran"), ("กำแพงแสน", "kamphaengsaen"), ("ท่าม่วง", "thamuang"),
    ("ชะอำ", "chaam"), ("หัวหิน", "huahin"), ("ปราณบุรี", "pranburi"),
    ("หลังสวน", "langsuan"), ("ท่าศาลา", "thasala"), ("นาทวี", "nathawi"),
    ("พล", "phon"), ("กระนวน", "kranuan"), ("โนนสูง", "nonsung"), ("ด่านขุนทด", "dankhunthot"),
)
SUBDISTRICTS = (
    ("หนองแค", "nongkhae"), ("บ้านใหม่", "banmai"), ("ท่าข้าม", "thakham"), ("นาดี", "nadi"),
    ("โคกสูง", "khoksung"), ("หนองบัว", "nongbua"), ("ดอนแก้ว", "donkaeo"),
    ("บ้านเป็ด", "banpet"), ("ห้วยทราย", "huaisai"), ("คลองหลวง", "khlongluang"),
    ("บางพระ", "bangphra"), ("ท่าทราย", "thasai"), ("หนองปรือ", "nongprue"),
    ("เขาหินซ้อน", "khaohinson"), ("บ่อวิน", "bowin"), ("แม่เหียะ", "maehia"),
    ("สุเทพ", "suthep"), ("ป่าแดด", "padaet"), ("หนองหาร", "nonghan"), ("ดงบัง", "dongbang"),
    ("หนองไผ่", "nongphai"), ("นาป่า", "napa"), ("โพนทอง", "phonthong"), ("ทุ่งกระเต็น", "thungkraten"),
    ("บางเสร่", "bangsare"), ("เวียงชัย", "wiangchai"), ("ศรีภูมิ", "siphum"), ("ท่าโพธิ์", "thapho"),
    ("หัวทะเล", "huathale"), ("บึงนาเรียง", "bungnariang"),
)

# (full name pattern, short name pattern, domain pattern); {p} province, {d} district,
# {s} subdistrict, {n} an education area number, {pr}/{dr}/{sr} their romanisations.
AGENCY_TYPES = (
    ("องค์การบริหารส่วนตำบล{s} อำเภอ{d} จังหวัด{p}", "อบต.{s}", "{sr}{dr}.go.th"),
    ("เทศบาลตำบล{s} อำเภอ{d} จังหวัด{p}", "เทศบาลตำบล{s}", "tambon{sr}.go.th"),
    ("เทศบาลเมือง{d} จังหวัด{p}", "เทศบาลเมือง{d}", "{dr}city.go.th"),
    ("สำนักงานเขตพื้นที่การศึกษาประถมศึกษา{p} เขต {n}", "สพป.{p} เขต {n}", "{pr}area{n}.go.th"),
    ("โรงพยาบาล{d} จังหวัด{p}", "โรงพยาบาล{d}", "{dr}hospital.go.th"),
    ("สำนักงานสาธารณสุขจังหวัด{p}", "สสจ.{p}", "{pr}.moph.go.th"),
    ("สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด{p}", "สนง.พมจ.{p}", "{pr}.m-society.go.th"),
    ("สำนักงานเกษตรจังหวัด{p}", "สำนักงานเกษตรจังหวัด{p}", "{pr}.doae.go.th"),
    ("สำนักงานที่ดินจังหวัด{p}", "สำนักงานที่ดินจังหวัด{p}", "{pr}.dol.go.th"),
    ("สำนักงานประกันสังคมจังหวัด{p}", "สปส.{p}", "{pr}.sso.go.th"),
    ("ที่ทำการปกครองจังหวัด{p}", "ที่ทำการปกครองจังหวัด{p}", "{pr}.dopa.go.th"),
    ("สำนักงานคลังจังหวัด{p}", "สำนักงานคลังจังหวัด{p}", "{pr}.cgd.go.th"),
)


def _agency_name(rng: random.Random) -> tuple[str, str, str]:
    """(full name, short name used in titles, web domain) of a made-up agency."""
    full, short, domain = rng.choice(AGENCY_TYPES)
    p, pr = rng.choice(PROVINCES)
    d, dr = rng.choice(DISTRICTS)
    s, sr = rng.choice(SUBDISTRICTS)
    values = {"p": p, "d": d, "s": s, "n": str(rng.randint(1, 3)),
              "pr": pr, "dr": dr, "sr": sr}
    # under the reserved .test domain (RFC 2606): a link in a synthetic record that a reviewer
    # clicks can never reach a real agency's site
    return (full.format(**values), short.format(**values),
            "www." + domain.format(**values).replace("-", "") + ".test")


# --- years and months -----------------------------------------------------------------------

def month_be(fiscal_year: int, month: int) -> int:
    """BE calendar year of a month of a BE fiscal year (October–December: the year before)."""
    return fiscal_year - 1 if month >= 10 else fiscal_year


_MONTH_STYLES = ("full", "full_be", "abbr2", "abbr2_tight", "abbr4")


def _month_text(month: int, year_be: int, style: str) -> str:
    """A month with its year as agencies write it: ``ตุลาคม 2565``, ``ต.ค. 65``, ``ต.ค.65``."""
    full, abbr, yy = FULL_MONTHS[month - 1], ABBR_MONTHS[month - 1], f"{year_be % 100:02d}"
    return {"full": f"{full} {year_be}", "full_be": f"{full} พ.ศ. {year_be}",
            "abbr2": f"{abbr} {yy}", "abbr2_tight": f"{abbr}{yy}",
            "abbr4": f"{abbr} {year_be}"}[style]


_LETTERS = "abcdefghijkmnprstuvwxyz"


def _token(rng: random.Random, size: int = 8) -> str:
    """A letters-only document id for URLs (digits in a URL could be read as a year)."""
    return "".join(rng.choice(_LETTERS) for _ in range(size))


# --- item builders --------------------------------------------------------------------------

@dataclass
class _Ctx:
    """What an item builder needs: the item, the agency, the randomness and the defect."""

    rng: random.Random
    item: CriteriaItem
    fiscal_year: int
    agency_name: str
    short_name: str
    domain: str
    shift: int = 0                    # years added to every year of the item (wrong_year)
    missing: frozenset[int] = frozenset()   # months left out (missing_months)
    ended: bool = False               # in_force, shifted back: the title states a term that ended

    @property
    def year(self) -> int:
        """The year the item's period rule asks for, plus the defect's shift."""
        rule = self.item.period
        return (rule.year if rule else self.fiscal_year) + self.shift

    @property
    def fy(self) -> int:
        """The audited fiscal year, plus the defect's shift."""
        return self.fiscal_year + self.shift

    def who(self) -> str:
        """The agency as titles name it: short name, full name or (half the time) nothing; about
        three titles in ten then name the agency, as in the SSO seed index."""
        draw = self.rng.random()
        return self.short_name if draw < 0.35 else self.agency_name if draw < 0.5 else ""

    def of(self) -> str:
        """`` <agency>`` or nothing, to append to a title."""
        who = self.who()
        return f" {who}" if who else ""

    def url(self, *, year: int | None = None, ext: str | None = None) -> str:
        """An http(s) URL on the agency's site; the year in the path when given (as the
        title states it)."""
        rng = self.rng
        scheme = "https" if rng.random() < 0.85 else "http"
        ext = ext or rng.choice(("pdf", "pdf", "pdf", "html", "docx"))
        section = rng.choice(("ita", "oit", "files", "news", "uploads", "doc"))
        folder = f"/{year}" if year is not None and rng.random() < 0.5 else ""
        if ext == "html":
            return f"{scheme}://{self.domain}/{section}{folder}/?page={_token(rng, 6)}"
        return f"{scheme}://{self.domain}/{section}{folder}/{_token(rng)}.{ext}"

    def doc(self, title: str, *, year: int | None = None, level: int = 1,
            ext: str | None = None) -> _Entry:
        return _Entry("doc", title, self.url(year=year, ext=ext), level)

    def name(self) -> str:
        """The item's name as a title begins (Latin names get a Thai lead-in; a year in the
        name, 2569 O12 "… ประจำปีงบประมาณ พ.ศ. 2568", is left to the title's own phrase)."""
        name = bare_name(self.item)
        if re.fullmatch(r"[A-Za-z&\s]+", name):
            return self.rng.choice((f"ช่องทาง {name}", f"ข้อมูล {name}", name))
        return name


_NAMED_YEAR = re.compile(r"\s*ประจำปีงบประมาณ\s*พ\.ศ\.\s*[0-9]{4}\Z")


def bare_name(item: CriteriaItem) -> str:
    """The item's name without a fiscal year it names."""
    return _NAMED_YEAR.sub("", item.name)


def _year_phrase(rng: random.Random, name: str, year: int) -> str:
    """`` ประจำปีงบประมาณ พ.ศ. 2566`` and the like, not repeating ประจำปี after the name."""
    if name.endswith("ประจำปี"):
        return rng.choice((f"งบประมาณ พ.ศ. {year}", f" พ.ศ. {year}", f" {year}",
                           f"งบประมาณ {year}"))
    return rng.choice((f" ประจำปีงบประมาณ พ.ศ. {year}", f" ประจำปีงบประมาณ {year}",
                       f" ประจำปี {year}", f" ปี {year}", f" พ.ศ. {year}",
                       f" ปีงบประมาณ พ.ศ.{year}", f" (ปีงบประมาณ {year})"))


_NEWS = ("โครงการ{a}ร่วมใจพัฒนาชุมชน", "กิจกรรมจิตอาสาพัฒนา{a}", "การประชุมประชาคม{a}",
         "โครงการอบรมให้ความรู้ด้านคุณธรรมจริยธรรม", "กิจกรรมวันต่อต้านคอร์รัปชันสากล",
         "ประชาสัมพันธ์การรับชำระภาษีที่ดินและสิ่งปลูกสร้าง", "โครงการตรวจสุขภาพเคลื่อนที่",
         "ประกาศรับสมัครบุคคลเพื่อสรรหาเป็นพนักงานจ้าง", "กิจกรรมวันเด็กแห่งชาติ")


def _dated_titles(ctx: _Ctx, count: int) -> list[tuple[str, int]]:
    """News-like titles dated inside the item's fiscal year: ``… วันที่ 12 มกราคม 2566``."""
    rng = ctx.rng
    style = rng.choice(("full", "abbr4", "abbr2"))
    out = []
    for month in rng.sample(FISCAL_MONTHS, count):
        year_be = month_be(ctx.fy, month)
        subject = rng.choice(_NEWS).format(a=ctx.short_name)
        day = rng.randint(1, 28)
        form = rng.random()
        if form < 0.6:
            title = f"{subject} วันที่ {day} {_month_text(month, year_be, style)}"
        else:
            title = f"{subject} ประจำเดือน{_month_text(month, year_be, 'full')}"
        out.append((title, year_be))
    return out


def _plain(ctx: _Ctx) -> list[_Entry]:
    """Items without a period rule: 1–6 documents, years optional (they are not judged)."""
    rng, name = ctx.rng, ctx.name()
    pools = [pool for key, pool in _TOPICAL.items() if key in ctx.item.name]
    pool = pools[0] if pools else ()
    titles = [rng.choice((f"{name}{ctx.of()}", f"{name}", f"ประกาศ{ctx.short_name} เรื่อง {name}",
                          f"{name}ของ{ctx.agency_name}"))]
    extra = rng.randint(0, 5 if pool else 2)
    for _ in range(extra):
        if pool and rng.random() < 0.8:
            titles.append(rng.choice(pool).format(a=ctx.short_name, y=ctx.fiscal_year,
                                                  n=rng.randint(2, 9)))
        else:
            titles.append(f"{name} ({rng.choice(('ฉบับปรับปรุง', 'เพิ่มเติม', 'ภาพรวม', 'Infographic'))})")
    entries = [ctx.doc(titles[0])]
    for title in dict.fromkeys(titles[1:]):
        if title != titles[0]:
            entries.append(ctx.doc(title, level=2 if rng.random() < 0.15 else 1))
    return entries


_TOPICAL = {
    "กฎหมาย": ("พระราชบัญญัติสภาตำบลและองค์การบริหารส่วนตำบล พ.ศ. 2537",
               "พระราชบัญญัติเทศบาล พ.ศ. 2496", "พระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. 2540",
               "พระราชบัญญัติการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560",
               "พระราชบัญญัติการอำนวยความสะดวกในการพิจารณาอนุญาตของทางราชการ พ.ศ. 2558",
               "ระเบียบกระทรวงมหาดไทยว่าด้วยการรับเงิน การเบิกจ่ายเงิน พ.ศ. 2566",
               "กฎกระทรวง", "ประกาศ", "ระเบียบ", "พระราชกฤษฎีกา"),
    "โครงสร้าง": ("แผนผังโครงสร้างส่วนราชการ{a}", "โครงสร้างอัตรากำลัง{a}",
                  "แผนภูมิโครงสร้างการแบ่งส่วนราชการ", "โครงสร้างฝ่ายการเมืองและฝ่ายประจำ"),
    "ผู้บริหาร": ("ทำเนียบผู้บริหาร{a}", "นายกองค์การและรองนายก", "ปลัดและรองปลัด",
                  "หัวหน้าส่วนราชการ", "คณะผู้บริหาร{a}"),
    "อำนาจหน้าที่": ("อำนาจหน้าที่ตามกฎหมาย", "ภารกิจและหน้าที่ความรับผิดชอบของ{a}"),
    "ติดต่อ": ("ที่อยู่ {a} หมู่ที่ {n}", "แผนที่ตั้ง{a}", "หมายเลขโทรศัพท์และโทรสาร",
               "E-mail สารบรรณ{a}"),
    "Q&A": ("กระดานถามตอบ (Q&A)", "Live Chat", "คำถามที่พบบ่อย (FAQ)", "ช่องทางถามตอบผ่าน Line Official"),
    "Social": ("Facebook {a}", "Youtube", "Line Official Account", "Instagram", "Tiktok",
               "Twitter"),
    "คุ้มครองข้อมูลส่วนบุคคล": ("ประกาศ{a} เรื่อง นโยบายคุ้มครองข้อมูลส่วนบุคคล",
                               "แนวปฏิบัติการคุ้มครองข้อมูลส่วนบุคคล",
                               "Privacy Policy {a}"),
    "คู่มือ": ("คู่มือการปฏิบัติงาน{a}", "คู่มือสำหรับประชาชน", "คู่มือการปฏิบัติงานด้านการเงินและบัญชี",
               "มาตรฐานการให้บริการ {n} กระบวนงาน", "คู่มือการปฏิบัติงานด้านพัสดุ"),
    "E-Service": ("ระบบขออนุญาตก่อสร้างออนไลน์", "ระบบยื่นคำร้องออนไลน์ {a}",
                  "ระบบแจ้งซ่อมไฟฟ้าสาธารณะ", "ระบบนัดหมายออนไลน์", "Google Form รับเรื่องร้องเรียน"),
    "ร้องเรียน": ("คู่มือการจัดการเรื่องร้องเรียนการทุจริต{a}", "แผนผังขั้นตอนการจัดการเรื่องร้องเรียน",
                  "ช่องทางแจ้งเรื่องร้องเรียนและเบาะแส", "แบบฟอร์มร้องเรียนการทุจริต",
                  "ตู้รับเรื่องร้องเรียน ศูนย์ดำรงธรรม"),
    "จริยธรรม": ("ประมวลจริยธรรมข้าราชการ{a}", "ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ",
                 "คณะกรรมการจริยธรรมประจำ{a}", "แนวทางประพฤติปฏิบัติตน Dos & Don'ts",
                 "ข้อกำหนดจริยธรรม{a}"),
}


def _current_year(ctx: _Ctx) -> list[_Entry]:
    """``current_year``: the first document states the year; others may be dated inside it."""
    rng, name, year = ctx.rng, ctx.name(), ctx.year
    entries: list[_Entry] = []
    if "ข่าว" in ctx.item.name:
        for title, year_be in _dated_titles(ctx, rng.randint(1, 5)):
            entries.append(ctx.doc(f"{name} {title}" if not entries else title, year=year_be))
        return entries
    form = rng.random()
    if form < 0.55:
        title = f"{name}{ctx.of()}{_year_phrase(rng, name, year)}"
    elif form < 0.75:
        title = f"ประกาศ{ctx.short_name} เรื่อง {name}{_year_phrase(rng, name, year)}"
    elif form < 0.9:
        title = f"{name} ครั้งที่ {rng.randint(1, 4)}/{year}{ctx.of()}"
    else:
        month = rng.choice(FISCAL_MONTHS[:9])
        title = (f"{name}{ctx.of()} ลงวันที่ {rng.randint(1, 28)} "
                 f"{_month_text(month, month_be(year, month), 'full')}")
    entries.append(ctx.doc(title, year=year))
    for _ in range(rng.randint(0, 3)):
        form = rng.random()
        if form < 0.4:
            if ctx.shift:                    # a wrong year stays wrong on every document
                continue
            entries.append(ctx.doc(f"ภาพกิจกรรม{name}{ctx.of()}"))
        elif form < 0.7:
            title, year_be = _dated_titles(ctx, 1)[0]
            entries.append(ctx.doc(title, year=year_be))
        else:
            entries.append(ctx.doc(f"รายละเอียด{name} ปี {year}", year=year,
                                   level=2 if rng.random() < 0.5 else 1))
    return entries


def _in_force(ctx: _Ctx) -> list[_Entry]:
    """``in_force``: a policy or plan of the year (or a range covering it); older rules may
    follow, except when a later wrong year must fail."""
    rng, name, year = ctx.rng, ctx.name(), ctx.year
    if ctx.shift < 0 and rng.random() < 0.5:       # issued in an earlier year: may still apply
        title = f"{name.removesuffix('ประจำปี')}{ctx.of()} พ.ศ. {year}"
        ctx.ended = False
    elif rng.random() < 0.6:
        phrase = _year_phrase(rng, name, year)
        title = f"{name}{ctx.of()}{phrase}"
        # "ประจำปี(งบประมาณ) 2565" is the year the policy is for, "พ.ศ. 2565" the year of issue
        ctx.ended = name.endswith("ประจำปี") or not phrase.startswith(" พ.ศ.")
    else:
        ctx.ended = True
        span = rng.choice((3, 4))
        if ctx.shift < 0:                               # expired before the year
            start = year - span
        elif ctx.shift > 0:                             # begins after the year
            start = year
        else:
            start = year - rng.randint(0, 2)
        plan = name if name.startswith("แผน") else f"แผน{name}"
        title = f"{plan}{ctx.of()} (พ.ศ. {start} - {start + span})"
    entries = [ctx.doc(title, year=year)]
    if ctx.shift == 0:                  # older rules, issued before the year, still apply
        for _ in range(rng.randint(0, 3)):
            old = rng.randint(ctx.fiscal_year - 12, ctx.fiscal_year - 2)   # before the year
            entries.append(ctx.doc(rng.choice((
                f"ระเบียบ{ctx.short_name}ว่าด้วยการบริหารงานบุคคล พ.ศ. {old}",
                f"ประกาศหลักเกณฑ์และเงื่อนไขการสรรหาพนักงานจ้าง พ.ศ. {old}",
                f"หนังสือสำนักงาน ก.พ. ที่ นร 1008/ว{rng.randint(2, 30)} ลงวันที่ "
                f"{rng.randint(1, 28)} {_month_text(rng.randint(1, 12), old, 'abbr2')}",
                "หลักเกณฑ์การประเมินผลการปฏิบัติงาน")), year=old))
    if rng.random() < 0.3:
        entries.insert(1, _Entry("context", f"({rng.randint(1, 5)}) {rng.choice(_HR_TOPICS)}"))
    return entries


_HR_TOPICS = ("การสรรหาและคัดเลือกบุคลากร", "การบรรจุและแต่งตั้งบุคลากร", "การพัฒนาบุคลากร",
              "การประเมินผลการปฏิบัติราชการ", "การให้คุณให้โทษและการสร้างขวัญกำลังใจ")


def _previous_year_report(ctx: _Ctx) -> list[_Entry]:
    """``previous_year_report``: a report of the previous year (never a publication date,
    which would fall after it)."""
    rng, name, year = ctx.rng, ctx.name(), ctx.year
    form = rng.random()
    if form < 0.6:
        title = f"{name}{ctx.of()}{_year_phrase(rng, name, year)}"
    elif form < 0.8:
        style = rng.choice(("abbr2", "full", "abbr2_tight"))
        title = (f"{name}{ctx.of()} ({_month_text(10, year - 1, style)} - "
                 f"{_month_text(9, year, style)})")
    else:
        title = f"สรุป{name} ปี {year}{ctx.of()}"
    entries = [ctx.doc(title, year=year)]
    for _ in range(rng.randint(0, 2)):
        entries.append(ctx.doc(rng.choice((f"ภาคผนวก{name} ปี {year}",
                                           f"สรุปผลการวิเคราะห์ปัญหาและอุปสรรค ปี {year}",
                                           f"{name} (ฉบับย่อ) ปีงบประมาณ {year}")),
                               year=year, level=rng.choice((1, 2))))
    return entries


def _plan_covering(ctx: _Ctx) -> list[_Entry]:
    """``plan_covering``: a multi-year plan covering the year (one year suffices when the
    criteria ask for no more); a wrong plan ended before the year."""
    rng, name = ctx.rng, ctx.name()
    rule = ctx.item.period
    required = rule.year if rule else ctx.fiscal_year
    min_years = rule.min_years if rule else 1
    span = rng.choice((3, 4, 4, 4))
    if ctx.shift:                                           # expired: ended before the year
        end = required - rng.choice((1, 1, 2))
        start = end - span
    else:
        start = required - rng.randint(0, span)
        end = start + span
    form = rng.random()
    if min_years <= 1 and form < 0.4:
        year = required + ctx.shift
        title = f"{name}{ctx.of()}{_year_phrase(rng, name, year)}"
        years = year
    elif form < 0.55:
        title = f"{name}{ctx.of()} ระยะ {span + 1} ปี (พ.ศ. {start} - {end})"
        years = start
    elif form < 0.7:
        title = f"{name}{ctx.of()} ปี {start % 100:02d}-{end % 100:02d}"
        years = start
    elif form < 0.85:
        title = f"{name} ({start}–{end}){ctx.of()}"
        years = start
    else:
        title = f"{name}{ctx.of()} พ.ศ. {start} - {end % 100:02d}"
        years = start
    entries = [ctx.doc(title, year=years)]
    if rng.random() < 0.5:
        entries.append(ctx.doc(f"Infographic {name} (พ.ศ. {start} - {end})", year=start))
    if rng.random() < 0.3:
        entries.append(ctx.doc(f"ประกาศใช้{name}", level=2))
    return entries


def _first_six_months(ctx: _Ctx) -> list[_Entry]:
    """``first_six_months``: coverage of October–March of the fiscal year, stated as a
    half-year, quarters 1–2, a month range, a date range or "as of 31 March"."""
    rng, name, year = ctx.rng, ctx.name(), ctx.year
    half = "" if "6 เดือน" in name else rng.choice((" รอบ 6 เดือน", " รอบ 6 เดือนแรก",
                                                     " 6 เดือนแรก", " ครึ่งปีงบประมาณแรก"))
    form = rng.random()
    if form < 0.3 and (half or "6 เดือน" in name):
        title = f"{name}{half}{ctx.of()} ประจำปีงบประมาณ พ.ศ. {year}"
        if rng.random() < 0.5:
            title = f"{name}{half} ปี {year}{ctx.of()}"
        entries = [ctx.doc(title, year=year)]
    elif form < 0.45:
        style = rng.choice(("abbr2", "full", "abbr4", "abbr2_tight"))
        title = (f"{name}{ctx.of()} ({_month_text(10, year - 1, style)} - "
                 f"{_month_text(3, year, style)})")
        entries = [ctx.doc(title, year=year)]
    elif form < 0.6:
        title = (f"{name}{ctx.of()} (1 ต.ค. {year - 1} - 31 มี.ค. {year})"
                 if rng.random() < 0.5 else
                 f"{name}{ctx.of()} ตั้งแต่วันที่ 1 ตุลาคม {year - 1} ถึงวันที่ 31 มีนาคม {year}")
        entries = [ctx.doc(title, year=year)]
    elif form < 0.75:
        title = f"{name}{ctx.of()} ปีงบประมาณ {year} ณ วันที่ 31 มีนาคม {year}"
        entries = [ctx.doc(title, year=year)]
    elif form < 0.88:
        title = f"{name}{ctx.of()} ไตรมาสที่ 1 - 2 ประจำปีงบประมาณ พ.ศ. {year}"
        entries = [ctx.doc(title, year=year)]
    else:
        entries = [ctx.doc(f"{name}{ctx.of()} ไตรมาสที่ {q} ปีงบประมาณ {year}", year=year)
                   for q in (1, 2)]
    if rng.random() < 0.3:
        entries.append(ctx.doc(f"บันทึกข้อความรายงานผู้บริหาร {name}", level=2))
    return entries


def _monthly(ctx: _Ctx) -> list[_Entry]:
    """``monthly``: one document per month from October, bare month names under ``ปี 2566``
    (as in the seed) or one dated title per month; ``ctx.missing`` months are left out."""
    rng, name, fy = ctx.rng, ctx.name(), ctx.fy
    count = rng.choice((6, 7, 8, 9, 12, 12, 12))
    months = [m for m in FISCAL_MONTHS[:count] if m not in ctx.missing]
    entries: list[_Entry] = []
    if rng.random() < 0.5:
        if rng.random() < 0.3:
            entries.append(ctx.doc(f"{name}{ctx.of()} ประจำปีงบประมาณ พ.ศ. {fy}", year=fy))
        entries.append(_Entry("context", rng.choice((f"ปี {fy}", f"ปีงบประมาณ {fy}",
                                                     f"ปีงบประมาณ พ.ศ. {fy}"))))
        forms = FULL_MONTHS if rng.random() < 0.7 else ABBR_MONTHS
        written = [forms[m - 1] for m in months]
        if rng.random() < 0.5:
            written.reverse()                         # newest first, as in the seed
        for row in range(0, len(written), 4):
            chunk = tuple(written[row:row + 4])
            url = f"https://{ctx.domain}/procurement/{_token(rng, 6)}"
            entries.append(_Entry("months", "    ".join(chunk), url, 1, chunk))
        return entries
    style = rng.choice(_MONTH_STYLES)
    lead = rng.choice((f"{name} ประจำเดือน", "สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน",
                       "แบบ สขร.1 ประจำเดือน", f"{name}{ctx.of()} เดือน "))
    if lead.endswith("เดือน") and style.startswith("abbr"):
        lead += " "
    for month in months:
        when = _month_text(month, month_be(fy, month), style)
        title = f"{lead}{when}"
        if rng.random() < 0.08:
            title = f"{lead}{when} (ไม่มีการจัดซื้อจัดจ้างในเดือนนี้)"
        entries.append(ctx.doc(title, year=month_be(fy, month)))
    return entries


_BUILDERS: dict[str | None, Callable[[_Ctx], list[_Entry]]] = {
    None: _plain, "current_year": _current_year, "in_force": _in_force,
    "previous_year_report": _previous_year_report, "results_analysis": _previous_year_report,
    "plan_covering": _plan_covering,
    "first_six_months": _first_six_months, "monthly": _monthly,
}


# --- defects and variants -------------------------------------------------------------------

def _defect_kinds(item: CriteriaItem, kinds: DocumentKinds | None) -> list[tuple[str, int]]:
    """(kind, weight) of the defects that make sense for an item."""
    found = [("missing_item", 2), ("empty_item", 2)]
    if kinds is not None and kinds.rule(item.id) is not None and not _is_monthly(item):
        found.append(("wrong_kind", 2))
    if item.period is not None:
        found.append(("wrong_year", 3))
        if item.period.rule == "monthly":
            found.append(("missing_months", 8))
        if item.period.rule in ("current_year", "previous_year_report", "results_analysis"):
            found.append(("old_and_undated", 2))
        if item.period.rule == "current_year" and item.data_file is None:
            found.append(("ce_year", 2))
    if item.data_file is not None:
        found.append(("no_data_file", 3))
    if item.parts:
        found.append(("missing_part", 3))
    return found


def _unjudged(item: CriteriaItem, kinds: DocumentKinds | None) -> bool:
    """Do the criteria give nothing to check for the item (the engine's ``requirement``)?"""
    return (item.period is None and not item.elements and not item.exceptions
            and not item.parts and item.data_file is None
            and (kinds is None or kinds.rule(item.id) is None))


def _titles(entries: Sequence[_Entry]) -> list[str]:
    return [e.text for e in entries if e.kind == "doc"]


def _is_right(kinds: DocumentKinds, item: str, title: str, *, strong: bool = False) -> bool:
    found = kinds.classify(item, _clean(title))
    return found is not None and found.verdict == "right" and (found.strong or not strong)


def _wrong_kind(ctx: _Ctx, criteria: Criteria, kinds: DocumentKinds) -> list[_Entry] | None:
    """Documents of another item (a donor, not a neighbour), each clearly of the donor's kind
    and not of this item's; None when no donor's titles qualify."""
    item = ctx.item
    donors = [d for d in criteria.items if kinds.rule(d.id) is not None
              and abs(d.number - item.number) > 1 and not _is_monthly(d)]
    ctx.rng.shuffle(donors)
    for donor in donors[:6]:
        entries = _BUILDERS[donor.period.rule if donor.period else None](
            replace(ctx, item=donor))
        entries = [e for e in entries if e.kind == "doc"]
        if entries and all((found := kinds.classify(item.id, _clean(t))) is not None
                           and found.verdict == "other" for t in _titles(entries)):
            return entries
    return None


def _old_and_undated(ctx: _Ctx, kinds: DocumentKinds | None) -> list[_Entry] | None:
    """The item's documents two years early, then one of its kind that names no year."""
    ctx.shift = -2
    entries = _BUILDERS[ctx.item.period.rule](ctx)            # type: ignore[union-attr]
    name = ctx.name()
    for title in (f"{name} (ฉบับย่อ)", f"ภาพกิจกรรม{name}", f"รายละเอียด{name}"):
        if kinds is None or _is_right(kinds, ctx.item.id, title):
            return [*entries, ctx.doc(title)]
    return None


def _ce_year(ctx: _Ctx) -> tuple[list[_Entry], str]:
    """One document dated only by a Gregorian year that lies partly in the fiscal year, its
    URL carrying a date inside both (the year in words, the date in the file name or folder)."""
    rng, name = ctx.rng, ctx.name()
    first_ce = ctx.fiscal_year - 544                   # October–December of the fiscal year
    ce = rng.choice((first_ce, first_ce + 1))
    month = rng.choice((10, 11, 12)) if ce == first_ce else rng.randint(1, 9)
    day = rng.randint(1, 28)
    title = rng.choice((f"{name}{ctx.of()} {ce}", f"{name} ปี ค.ศ. {ce}{ctx.of()}"))
    stamp = rng.choice((f"{ce}{month:02d}{day:02d}", f"{ce}-{month:02d}-{day:02d}", None))
    path = (f"news_{stamp}_{_token(rng, 5)}.pdf" if stamp else
            f"wp-content/uploads/{ce}/{month:02d}/{_token(rng)}.pdf")
    return [_Entry("doc", title, f"https://{ctx.domain}/{path}")], f"{ce}-{month:02d}-{day:02d}"


def _data_file(ctx: _Ctx) -> _Entry:
    """The spreadsheet copy of an item's data, dated like the item's other documents."""
    year = ctx.fy if _is_monthly(ctx.item) else ctx.year
    return ctx.doc(f"{bare_name(ctx.item)} ปี {year} (ไฟล์ Excel)", year=year, ext="xlsx")


def _missing_part(ctx: _Ctx, kinds: DocumentKinds | None) -> tuple[list[_Entry], str] | None:
    """One document of the item's kind that names only one of its parts (the first whose
    title does); None when no part's name qualifies."""
    rng, item = ctx.rng, ctx.item
    for part in rng.sample(item.parts, len(item.parts)):
        title = part.name + (_year_phrase(rng, part.name, ctx.year) if item.period else "")
        named = [p for p in item.parts if names_part(p, squash(title))]
        if named == [part] and (kinds is None or _is_right(kinds, item.id, title)):
            missing = ", ".join(p.name for p in item.parts if p is not part)
            return [ctx.doc(title, year=ctx.year if item.period else None)], missing
    return None


def _is_monthly(item: CriteriaItem) -> bool:
    return item.period is not None and item.period.rule == "monthly"


def _pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    total = sum(weight for _, weight in weighted)
    point = rng.random() * total
    for kind, weight in weighted:
        point -= weight
        if point < 0:
            return kind
    return weighted[-1][0]


def _id_tokens(number: int) -> tuple[str, ...]:
    """Item id spellings the text and TSV importers both accept, the seed's ``o1`` first."""
    thai = to_thai_digits(str(number))
    return (f"o{number}", f"O{number}", f"O{number:02d}", f"O{thai}", f"OIT {number}",
            f"O {number}", f"OIT{number}", f"o{number:02d}")


# --- generating -----------------------------------------------------------------------------

def generate_one(number: int, criteria: Criteria, *, seed: int = 0,
                 defect_rate: float = DEFAULT_DEFECT_RATE) -> SyntheticAgency:
    """Agency ``syn-<number>`` (1-based) of a run: its name, index, defects and variants."""
    fiscal_year = criteria.fiscal_year
    kinds = load_document_kinds(fiscal_year)
    rng = random.Random(f"ita-synthetic/{seed}/{fiscal_year}/{number}")
    agency = f"syn-{number:04d}"
    agency_name, short_name, domain = _agency_name(rng)
    defects: list[Defect] = []
    variants: list[Variant] = []
    blocks: list[_Block] = []
    groups: dict[str, str] = {}
    for item in criteria.items:
        ctx = _Ctx(rng, item, fiscal_year, agency_name, short_name, domain)
        rate = defect_rate * MONTHLY_RATE_FACTOR if _is_monthly(item) else defect_rate
        kind = _pick(rng, _defect_kinds(item, kinds)) if rng.random() < min(rate, 1.0) else None
        entries: list[_Entry] = []
        if kind == "wrong_kind":
            entries = _wrong_kind(ctx, criteria, kinds) or []     # type: ignore[arg-type]
            if entries:
                defects.append(Defect(agency, item.id, kind, "fail", "เอกสารทุกรายการเป็นชนิดของ"
                                      "ข้ออื่น: " + "; ".join(_titles(entries))[:120]))
            else:
                kind = None
        elif kind == "old_and_undated":
            entries = _old_and_undated(ctx, kinds) or []
            if entries:
                defects.append(Defect(agency, item.id, kind, "review", "เอกสารหลักระบุปีก่อน 2 ปี "
                                      "และมีเอกสารชนิดเดียวกันที่ไม่ระบุปี"))
            else:
                kind, ctx.shift = None, 0
        elif kind == "ce_year":
            entries, stamp = _ce_year(ctx)
            defects.append(Defect(agency, item.id, kind, "review", f"ปีในชื่อเอกสารเป็น ค.ศ. "
                                  f"คาบสองปีงบประมาณ; URL ระบุวันที่ {stamp}",
                                  expected_with_urls="pass"))
        elif kind == "missing_part":
            made = _missing_part(ctx, kinds)
            if made:
                entries = made[0]
                defects.append(Defect(agency, item.id, kind, "fail", f"ขาดส่วน {made[1]}"))
            else:
                kind = None
        elif kind == "no_data_file":
            entries = _BUILDERS[item.period.rule if item.period else None](ctx)
            defects.append(Defect(agency, item.id, kind,
                                  item.data_file.missing,         # type: ignore[union-attr]
                                  "ไม่มีไฟล์ข้อมูล (Excel/CSV) มีแต่ PDF"))
        if kind == "missing_item":
            defects.append(Defect(agency, item.id, kind, "fail",
                                  f"ไม่มีหัวข้อ {item.id} ในดัชนี"))
            continue
        if kind in ("wrong_kind", "old_and_undated", "ce_year", "missing_part", "no_data_file"):
            pass
        elif kind == "wrong_year":
            rule = item.period.rule                          # type: ignore[union-attr]
            ctx.shift = rng.choice((-1, -1, -2)) if rule != "in_force" else rng.choice((-1, -2, 1))
            entries = _BUILDERS[rule](ctx)
            # in force: a rule issued before the year may still apply; a term that ended not
            expected = "review" if rule == "in_force" and ctx.shift < 0 and not ctx.ended \
                else "fail"
            defects.append(Defect(agency, item.id, kind, expected,
                                  f"ปีในชื่อเอกสารเลื่อน {ctx.shift:+d} ปี ({rule})"))
        elif kind == "missing_months":
            first_half = FISCAL_MONTHS[:6]
            dropped = {rng.choice((1, 2, 3))}
            dropped.update(rng.sample(first_half, rng.randint(0, 2)))
            ctx.missing = frozenset(dropped)
            entries = _BUILDERS["monthly"](ctx)
            names = ", ".join(FULL_MONTHS[m - 1] for m in first_half if m in dropped)
            defects.append(Defect(agency, item.id, kind, "fail",
                                  f"ขาดเดือน {names} ({len(dropped)} เดือน)"))
        elif kind == "empty_item":
            defects.append(Defect(agency, item.id, kind, "review",
                                  f"มีหัวข้อ {item.id} แต่ไม่มีเอกสาร"))
        else:
            entries = _BUILDERS[item.period.rule if item.period else None](ctx)
        if item.data_file is not None and entries and kind in (
                None, "wrong_year", "old_and_undated", "missing_months"):
            entries = [*entries, _data_file(ctx)]
        if entries and kind != "ce_year" and rng.random() < THAI_DIGIT_RATE and any(
                ch.isdigit() for e in entries for ch in e.text):
            entries = [e._replace(text=to_thai_digits(e.text)) for e in entries]
            variants.append(Variant(agency, item.id, "thai_digits", "ตัวเลขไทยในชื่อเอกสาร"))
        tokens = _id_tokens(item.number)
        token = tokens[0]
        if rng.random() < ITEM_ID_VARIANT_RATE:
            token = rng.choice(tokens[1:])
            variants.append(Variant(agency, item.id, "item_id_variant", token))
        separator = rng.choice((". ", ". ", ". ", ".", " ", ") "))
        label = item.name if rng.random() < 0.8 else _label_variant(rng, item.name)
        blocks.append(_Block(item.id, token, separator, label, tuple(entries)))
        groups[item.id] = item.group
    if kinds is not None:
        _group_headings(blocks, groups, defects, variants, kinds, rng, agency)
        _keep_empty_headings_empty(blocks, groups, defects, kinds)
    text, layout = _render_text(agency_name, fiscal_year, blocks, groups, rng)
    return SyntheticAgency(
        agency=agency, agency_name=agency_name, short_name=short_name, fiscal_year=fiscal_year,
        seed=seed, domain=domain, text=text, defects=tuple(defects), variants=tuple(variants),
        item_ids=criteria.item_ids(), blocks=tuple(blocks), layout=layout,
        unjudged=tuple(i.id for i in criteria.items if _unjudged(i, kinds)),
        shared=_shared(blocks, groups))


def _runs(blocks: Sequence[_Block], groups: dict[str, str]) -> list[list[int]]:
    """Indexes of blocks whose headings stand together over one list, as the text parser sees
    them: bare headings right above the next heading of the same topic group (a topic heading
    between them is a line of its own and ends the run)."""
    runs: list[list[int]] = []
    for index, block in enumerate(blocks):
        previous = blocks[index - 1] if index else None
        if (runs and previous is not None and not previous.entries
                and groups[previous.item] == groups[block.item]):
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def _shared(blocks: Sequence[_Block], groups: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """Item -> the other items of its run, for runs whose last heading has documents."""
    shared: dict[str, tuple[str, ...]] = {}
    for run in _runs(blocks, groups):
        items = [blocks[i].item for i in run]
        if len(run) > 1 and blocks[run[-1]].entries:
            for item in items:
                shared[item] = tuple(other for other in items if other != item)
    return shared


def _group_headings(blocks: list[_Block], groups: dict[str, str], defects: Sequence[Defect],
                    variants: list[Variant], kinds: DocumentKinds, rng: random.Random,
                    agency: str) -> None:
    """Now and then list a clean item's documents under the next item's heading, its own
    heading left bare above it (SSO's o19./o20.), when the engine can tell them apart: each of
    its documents is clearly its kind and not the next item's, and no document of the next
    item would leave it."""
    touched = {d.item for d in defects}
    for index in range(len(blocks) - 1):
        first, second = blocks[index], blocks[index + 1]
        previous = blocks[index - 1] if index else None
        if (first.item in touched or second.item in touched or not first.entries
                or not second.entries or groups[first.item] != groups[second.item]
                or (previous is not None and not previous.entries)
                or any(e.kind != "doc" for e in first.entries)
                or rng.random() >= GROUPED_HEADING_RATE):
            continue
        if all(_is_right(kinds, first.item, t, strong=True)
               and not _is_right(kinds, second.item, t) for t in _titles(first.entries)) \
                and not any(_moves(kinds, second.item, first.item, t)
                            for t in _titles(second.entries)):
            blocks[index] = first._replace(entries=())
            blocks[index + 1] = second._replace(entries=first.entries + second.entries)
            variants.append(Variant(agency, first.item, "grouped_heading",
                                    f"หัวข้อ {first.item} อยู่ติดเหนือรายการของ {second.item}"))
            touched.update((first.item, second.item))


def _moves(kinds: DocumentKinds, holder: str, other: str, title: str) -> bool:
    """Would the engine move a document listed under ``holder`` to ``other`` of its run?"""
    return bool(shared_document_items(kinds, holder, (other,), _clean(title)))


def _keep_empty_headings_empty(blocks: list[_Block], groups: dict[str, str],
                               defects: Sequence[Defect], kinds: DocumentKinds) -> None:
    """An empty item right above another item's list would take the documents of its own kind
    that are not of the other item's kind: drop those, so the empty item stays empty."""
    empty = {d.item for d in defects if d.kind == "empty_item"}
    for run in _runs(blocks, groups):
        holder = blocks[run[-1]]
        bare = [blocks[i].item for i in run[:-1] if blocks[i].item in empty]
        if bare and holder.entries:
            kept = tuple(e for e in holder.entries if e.kind != "doc" or not any(
                _moves(kinds, holder.item, item, e.text) for item in bare))
            blocks[run[-1]] = holder._replace(entries=kept)


_THAI_STARTS = frozenset("กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮเแโใไ")


def _label_variant(rng: random.Random, name: str) -> str:
    """The agency's own heading text: the item name with a stray space (before a consonant or
    a leading vowel, never before a mark) or a suffix."""
    cuts = [i for i in range(3, len(name) - 2)
            if name[i] in _THAI_STARTS and name[i - 1] not in "เแโใไ"]
    if cuts and rng.random() < 0.5:
        cut = rng.choice(cuts)
        return f"{name[:cut]} {name[cut:]}"
    return f"{name} (ITA)"


def generate(n: int, fiscal_year: int = 2566, seed: int = 0,
             defect_rate: float = DEFAULT_DEFECT_RATE,
             criteria: Criteria | None = None) -> list[SyntheticAgency]:
    """``n`` synthetic agencies (``syn-0001`` …) for a fiscal year's criteria."""
    if n < 0:
        raise ValueError("n must be >= 0")
    if not 0.0 <= defect_rate <= 1.0:
        raise ValueError("defect_rate must be between 0 and 1")
    criteria = criteria or load_criteria(int(fiscal_year))
    return [generate_one(i, criteria, seed=seed, defect_rate=defect_rate)
            for i in range(1, n + 1)]


# --- rendering ------------------------------------------------------------------------------

_WS = re.compile(r"[\s\u00a0\u200b\ufeff]+")


def _clean(text: str) -> str:
    """Whitespace as the importers normalise it."""
    return _WS.sub(" ", text).strip()


def month_url(url: str | None, index: int) -> str | None:
    return f"{url}{'abcdefghijkl'[index]}" if url else None


def _preamble(agency_name: str, fiscal_year: int, rng: random.Random) -> list[str]:
    """The lines before the first item: the project title, the capture date, the agency."""
    month = rng.choice((1, 2, 3, 4, 5, 6))
    year = fiscal_year + 1 if rng.random() < 0.3 else fiscal_year
    return [f"โครงการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) "
            f"ประจำปีงบประมาณ พ.ศ. {fiscal_year}", "",
            f"{rng.randint(1, 28)} {FULL_MONTHS[month - 1]} {year}", "", agency_name, "",
            "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (Open Data Integrity and Transparency Assessment: OIT)",
            ""]


def _render_text(agency_name: str, fiscal_year: int, blocks: Sequence[_Block],
                 groups: dict[str, str], rng: random.Random
                 ) -> tuple[str, tuple[tuple[str, int, tuple[int, ...]], ...]]:
    """The seed's text format: group headings, ``oN.`` headings, bullets, sub-headings and
    month lines, ragged indentation (non-breaking spaces included) and blank lines. Returns
    the text and, per item, the line numbers of its heading and of each entry."""
    lines = _preamble(agency_name, fiscal_year, rng)
    layout = []
    last_group = None
    airy = rng.random() < 0.7                          # a blank line after every line
    for block in blocks:
        group = groups[block.item]
        if group != last_group:                        # only groups with an item listed
            lines += [group, ""]
            last_group = group
        indent = rng.choice(("", "   ", "    ", " ", "\u00a0\u00a0 "))
        lines.append(f"{indent}{block.token}{block.separator}{block.label}")
        heading = len(lines)
        if airy:
            lines.append("")
        numbers = []
        for entry in block.entries:
            pad = rng.choice(("         ", "        ", "     ", "\t", "\u00a0" * 4))
            if entry.kind == "doc":
                bullet = "*" if entry.level == 2 else rng.choice(("-", "-", "-", "•"))
                lines.append(f"{pad}{bullet} {entry.text}")
            else:
                lines.append(f"{pad}{entry.text}")
            numbers.append(len(lines))
            if airy:
                lines.append("")
        layout.append((block.item, heading, tuple(numbers)))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n", tuple(layout)


def _direct_documents(agency: SyntheticAgency, urls: bool) -> list[Document]:
    """The documents of the text, as the text parser reads them, without parsing."""
    documents: list[Document] = []
    for block, (item, heading, numbers) in zip(agency.blocks, agency.layout, strict=True):
        context, listed = "", False
        shared = agency.shared.get(item, ())
        for entry, number in zip(block.entries, numbers, strict=True):
            if entry.kind == "context":
                context = _clean(entry.text)
                continue
            if entry.kind == "months":
                for i, month in enumerate(entry.months):
                    documents.append(Document(item, month,
                                              month_url(entry.url, i) if urls else None,
                                              context, number, shared_with=shared))
            else:
                documents.append(Document(item, _clean(entry.text),
                                          entry.url if urls else None, context, number,
                                          level=entry.level, shared_with=shared))
            listed = True
        if not listed:
            documents.append(Document(item, "", None, "", heading, shared_with=shared))
    documents.sort(key=lambda d: (int(d.item[1:]), d.line))
    return documents


# --- the workspace ----------------------------------------------------------------------------

def params_yaml(agency: SyntheticAgency, disclosure: Path, evidence: Path | None = None) -> str:
    """A params file in the repository's format (absolute paths)."""
    import yaml

    data = {"agency": agency.agency, "agency_name": agency.agency_name,
            "fiscal_year": agency.fiscal_year, "disclosure": str(disclosure),
            "year_basis": "fiscal", "notebooks": ["oit_audit"]}
    if evidence is not None:
        data["evidence"] = str(evidence)
    header = (f"# Synthetic agency {agency.agency} (ita_audit.oit.synthetic, seed {agency.seed}): "
              f"{len(agency.defects)} injected defect(s), see defects.json\n")
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def defects_document(agencies: Sequence[SyntheticAgency], urls: bool = False,
                     expected: Mapping[str, Mapping[str, str]] | None = None
                     ) -> dict[str, object]:
    """The content of ``defects.json``: every agency's defects and variants, and the verdicts
    that are not ``pass`` (``urls``: the indexes carry URLs; ``expected``: agency -> the
    verdicts its audit must reach, when its documents are read too)."""
    years = sorted({a.fiscal_year for a in agencies})
    seeds = sorted({a.seed for a in agencies})
    counts: dict[str, int] = {}
    for agency in agencies:
        for record in (*agency.defects, *agency.variants):
            counts[record.kind] = counts.get(record.kind, 0) + 1
    expected = expected or {}
    return {"generator": "ita_audit.oit.synthetic", "fiscal_years": years, "seeds": seeds,
            "agencies": [a.to_json(urls, expected.get(a.agency)) for a in agencies],
            "counts": counts, "defects": [d.to_json() for a in agencies for d in a.defects]}


def write_workspace(agencies: Sequence[SyntheticAgency], out_dir: str | Path,
                    fmt: str = "text") -> Path:
    """Write ``raw/<agency>.txt`` (``fmt="tsv"``: ``.tsv`` with URLs),
    ``params/<year>/<agency>.yaml`` and ``defects.json`` under ``out_dir``; returns it."""
    if fmt not in ("text", "tsv"):
        raise ValueError("fmt must be 'text' or 'tsv'")
    out = Path(out_dir).resolve()
    raw = out / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for agency in agencies:
        suffix = "txt" if fmt == "text" else "tsv"
        disclosure = raw / f"{agency.agency}.{suffix}"
        disclosure.write_text(agency.text if fmt == "text" else agency.to_tsv(), encoding="utf-8")
        params = out / "params" / str(agency.fiscal_year)
        params.mkdir(parents=True, exist_ok=True)
        (params / f"{agency.agency}.yaml").write_text(params_yaml(agency, disclosure),
                                                      encoding="utf-8")
    (out / "defects.json").write_text(
        json.dumps(defects_document(agencies, urls=fmt == "tsv"), ensure_ascii=False,
                   sort_keys=True, indent=1) + "\n", encoding="utf-8")
    return out
