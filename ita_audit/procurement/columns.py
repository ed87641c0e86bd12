"""The columns of a procurement table: their Thai headers, the two layouts and how a header row
is recognised.

Two layouts are known (``../shared/reference``, last section):

- **ita**: the ten-column ITA list (ชื่อรายการของงานที่ซื้อหรือจ้าง, วงเงินงบประมาณที่ได้รับจัดสรร,
  แหล่งที่มาของงบประมาณ, สถานะการจัดซื้อจัดจ้าง, วิธีการจัดซื้อจัดจ้าง, ราคากลาง,
  ราคาที่ตกลงซื้อหรือจ้าง, รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก, เลขที่โครงการ, ปีงบประมาณ), with
  optional tax ID, contract number and dates, and agency columns;
- **sorkhor1**: the monthly สขร.1 form (ลำดับที่, งานที่จัดซื้อหรือจัดจ้าง, วงเงินที่จะซื้อหรือจ้าง,
  ราคากลาง, วิธีซื้อหรือจ้าง, รายชื่อผู้เสนอราคาและราคาที่เสนอ,
  ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง, เหตุผลที่คัดเลือกโดยสรุป,
  เลขที่และวันที่ของสัญญาหรือข้อตกลง), where the winner's name and price share a cell and so do
  the contract number and date.

A header is matched after :func:`header_key`: Thai digits read as Arabic, a leading number
("1.", "(1)") and parentheses ("(บาท)", "(ถ้ามี)") dropped, a trailing "บาท" dropped, "/" read as
"หรือ", and every space and punctuation mark removed. A key equal to an alias names its field;
otherwise the longest alias of at least :data:`MIN_CONTAINED` characters contained in the key
does ("ราคาที่ตกลงซื้อหรือจ้าง รวมภาษีมูลค่าเพิ่ม"), so "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง"
is the สขร.1 cell and not the agreed price.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType

from ita_audit.thai import to_arabic_digits

#: What a procurement table is called in messages about a file of another kind (here, not in
#: the reader, which imports pandas, so that the registry of kinds can name it cheaply).
DOCUMENT = "a procurement table (ITA list or สขร.1 form)"

ITA, SORKHOR1 = "ita", "sorkhor1"
LAYOUTS = (ITA, SORKHOR1)

# Field -> header spellings (as written; header_key normalises them). The first spelling is the
# one messages use for a missing column.
ALIASES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "seq": ("ลำดับที่", "ลำดับ", "ที่"),
    "item": ("ชื่อรายการของงานที่ซื้อหรือจ้าง", "งานที่จัดซื้อหรือจัดจ้าง", "งานที่จัดซื้อจัดจ้าง",
             "รายการของงานที่ซื้อหรือจ้าง", "งานที่ซื้อหรือจ้าง", "ชื่อรายการ", "ชื่อโครงการ",
             "รายการพัสดุ", "รายการที่จัดซื้อจัดจ้าง", "รายการ"),
    "budget": ("วงเงินงบประมาณที่ได้รับจัดสรร", "วงเงินที่จะซื้อหรือจ้าง", "วงเงินที่จะซื้อหรือจัดจ้าง",
               "วงเงินงบประมาณที่ได้รับ", "วงเงินที่ได้รับจัดสรร", "วงเงินงบประมาณ",
               "วงเงินที่จัดซื้อจัดจ้าง", "วงเงินจัดซื้อจัดจ้าง", "วงเงินที่จะซื้อ", "วงเงิน"),
    "source_of_funds": ("แหล่งที่มาของงบประมาณ", "แหล่งที่มาของเงิน", "แหล่งงบประมาณ", "แหล่งเงิน"),
    "status": ("สถานะการจัดซื้อจัดจ้าง", "สถานะโครงการ", "สถานะ"),
    "method": ("วิธีการจัดซื้อจัดจ้าง", "วิธีซื้อหรือจ้าง", "วิธีจัดซื้อจัดจ้าง", "วิธีการซื้อหรือจ้าง",
               "วิธีการจัดหา", "วิธีจัดหา", "วิธีการ", "วิธี"),
    "reference_price": ("ราคากลาง", "ราคากลางอ้างอิง"),
    "agreed_price": ("ราคาที่ตกลงซื้อหรือจ้าง", "ราคาที่ตกลงซื้อหรือจัดจ้าง", "ราคาที่ตกลงซื้อจ้าง",
                     "ราคาที่ตกลง", "ราคาตามสัญญา", "จำนวนเงินตามสัญญา"),
    "supplier": ("รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก", "ผู้ประกอบการที่ได้รับการคัดเลือก",
                 "ชื่อผู้ประกอบการ", "ผู้ขายหรือผู้รับจ้าง", "ผู้ได้รับการคัดเลือก", "คู่สัญญา"),
    "supplier_and_price": ("ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง",
                           "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจัดจ้าง",
                           "ผู้ได้รับคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง",
                           "ผู้ได้รับการคัดเลือกและราคาที่ตกลง"),
    "bidders": ("รายชื่อผู้เสนอราคาและราคาที่เสนอ", "ผู้เสนอราคาและราคาที่เสนอ", "รายชื่อผู้เสนอราคา"),
    "reason": ("เหตุผลที่คัดเลือกโดยสรุป", "เหตุผลที่คัดเลือกโดยสังเขป", "เหตุผลที่คัดเลือก", "เหตุผล"),
    "contract_no_date": ("เลขที่และวันที่ของสัญญาหรือข้อตกลง",
                         "เลขที่และวันที่ของสัญญาหรือข้อตกลงในการซื้อหรือจ้าง",
                         "เลขที่และวันที่ของสัญญา", "เลขที่และวันที่ของข้อตกลง"),
    "contract_no": ("เลขที่สัญญา", "เลขที่สัญญาหรือข้อตกลง", "เลขที่ใบสั่งซื้อหรือสั่งจ้าง",
                    "เลขที่ใบสั่งซื้อ", "เลขที่ข้อตกลง"),
    "contract_date": ("วันที่ทำสัญญา", "วันที่ลงนามในสัญญา", "วันที่ของสัญญา", "วันที่สัญญา",
                      "วันที่จัดซื้อจัดจ้าง", "วันที่ซื้อหรือจ้าง", "วันที่ลงนาม"),
    "contract_start": ("วันที่เริ่มต้นสัญญา", "วันเริ่มต้นสัญญา", "วันที่เริ่มสัญญา"),
    "contract_end": ("วันที่สิ้นสุดสัญญา", "วันสิ้นสุดสัญญา", "วันที่ครบกำหนดสัญญา"),
    "project_no": ("เลขที่โครงการ", "เลขโครงการ", "รหัสโครงการ", "เลขที่โครงการegp"),
    "fiscal_year": ("ปีงบประมาณ", "ปีงบประมาณพศ"),
    "tax_id": ("เลขประจำตัวผู้เสียภาษี", "เลขประจำตัวผู้เสียภาษีอากร", "เลขผู้เสียภาษี",
               "เลขประจำตัวผู้เสียภาษีของผู้ประกอบการ", "เลขประจำตัวผู้เสียภาษีผู้ประกอบการ"),
    "month": ("เดือน", "เดือนที่จัดซื้อจัดจ้าง"),
    "agency_type": ("ประเภทหน่วยงาน",),
    "ministry": ("กระทรวง",),
    "agency_name": ("ชื่อหน่วยงาน", "หน่วยงาน"),
    "district": ("อำเภอ",),
    "province": ("จังหวัด",),
})

#: The Thai name of each field in messages (the header the ITA list or the สขร.1 form uses).
FIELD_LABELS: Mapping[str, str] = MappingProxyType({
    field: names[0] for field, names in ALIASES.items()})

#: Fields the two layouts must have (a sheet without them is not read as that layout) and
#: the rest of each layout's published columns (their absence is a finding, not an error).
CORE: Mapping[str, tuple[str, ...]] = MappingProxyType({
    ITA: ("item", "budget", "method", "agreed_price", "supplier"),
    SORKHOR1: ("item", "budget", "method", "supplier_and_price"),
})
EXPECTED: Mapping[str, tuple[str, ...]] = MappingProxyType({
    ITA: ("source_of_funds", "status", "reference_price", "project_no", "fiscal_year"),
    SORKHOR1: ("seq", "reference_price", "bidders", "reason", "contract_no_date"),
})
# Columns that only the สขร.1 form has.
_SORKHOR1_ONLY = ("supplier_and_price", "bidders", "reason", "contract_no_date")
# A header row needs an item, a method and a price or winner column (three fields at least).
_RECOGNISED_WITH = ("agreed_price", "supplier_and_price", "supplier", "budget")

MIN_CONTAINED = 7          # shorter aliases ("ที่", "วิธี", "รายการ", "วงเงิน") match exactly

_NUMBERING = re.compile(r"^\s*(?:\(\s*[0-9]{1,2}\s*\)|[0-9]{1,2}\s*[.)])\s*")
_PARENS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_TRAILING_BAHT = re.compile(r"(?:หน่วย\s*:?\s*)?บาท\s*$")
_NOT_LETTER = re.compile(r"[^0-9a-z\u0e01-\u0e4e]+")


def header_key(text: object) -> str:
    """A header cell as a matching key (see the module docstring); "" for a non-text cell."""
    if not isinstance(text, str):
        return ""
    key = to_arabic_digits(text).lower().replace("\u200b", "")
    key = _NUMBERING.sub("", key)
    key = _PARENS.sub(" ", key)
    key = key.replace("/", "หรือ")
    key = _TRAILING_BAHT.sub("", key.strip())
    return _NOT_LETTER.sub("", key)


_MILLION = re.compile(r"ล้าน\s*บาท|million", re.IGNORECASE)
_THOUSAND = re.compile(r"พัน\s*บาท|thousand", re.IGNORECASE)


def amount_unit(text: object) -> int:
    """Baht per unit of an amount column by its header: "ราคากลาง (ล้านบาท)" is 1,000,000,
    "(พันบาท)" 1,000, anything else 1 (the key of a header drops its parentheses, and with them
    the unit, so it is read here)."""
    if not isinstance(text, str):
        return 1
    if _MILLION.search(text):
        return 1_000_000
    return 1_000 if _THOUSAND.search(text) else 1


def _alias_keys() -> tuple[dict[str, str], list[tuple[str, str]]]:
    exact: dict[str, str] = {}
    for field, names in ALIASES.items():
        for name in names:
            exact.setdefault(header_key(name), field)
    contained = sorted(((k, f) for k, f in exact.items() if len(k) >= MIN_CONTAINED),
                       key=lambda pair: -len(pair[0]))
    return exact, contained


_EXACT, _CONTAINED = _alias_keys()


@lru_cache(maxsize=4096)
def match_header(header: str) -> tuple[str, bool] | None:
    """(field, exact) for a header cell: the field of an alias equal to its key (exact), else
    of the longest alias contained in it; None when it names no field."""
    key = header_key(header)
    if not key:
        return None
    found = _EXACT.get(key)
    if found is not None:
        return found, True
    return next(((field, False) for alias, field in _CONTAINED if alias in key), None)


def field_of(header: str) -> str | None:
    """The field a header cell names, or None (``"5. ราคากลาง (บาท)"`` -> ``reference_price``)."""
    match = match_header(header) if isinstance(header, str) else None
    return match[0] if match else None


def map_header(cells: Sequence[object]) -> dict[str, int]:
    """Field -> column index for one row of header cells: the first column whose header is
    exactly an alias of the field, else the first that contains one ("จำนวนรายการ" does not
    take the place of "รายการ")."""
    exact: dict[str, int] = {}
    contained: dict[str, int] = {}
    for index, cell in enumerate(cells):
        match = match_header(cell) if isinstance(cell, str) else None
        if match is not None:
            target = exact if match[1] else contained
            target.setdefault(match[0], index)
    taken = set(exact.values())
    for field, index in contained.items():
        if field not in exact and index not in taken:
            exact[field] = index
    return dict(sorted(exact.items(), key=lambda pair: pair[1]))


def is_header(fields: Iterable[str]) -> bool:
    """True when a row's fields make a procurement header: an item, a method and a price or
    winner column."""
    present = set(fields)
    return ("item" in present and "method" in present
            and any(field in present for field in _RECOGNISED_WITH))


def header_score(fields: Mapping[str, int]) -> int:
    """How good a header row is: the number of fields it names (0 when it is not a header)."""
    return len(fields) if is_header(fields) else 0


def layout_of(fields: Iterable[str]) -> str:
    """``sorkhor1`` when a column only the สขร.1 form has is present, else ``ita``."""
    present = set(fields)
    return SORKHOR1 if any(field in present for field in _SORKHOR1_ONLY) else ITA


def missing_columns(layout: str, fields: Iterable[str]) -> tuple[list[str], list[str]]:
    """(core, expected) fields of ``layout`` that a header lacks. The ITA list's supplier and
    agreed price may come from one สขร.1-style cell, and the สขร.1 cell from two ITA columns."""
    present = set(fields)
    if "supplier_and_price" in present:
        present |= {"supplier", "agreed_price"}
    if {"supplier", "agreed_price"} <= present:
        present.add("supplier_and_price")
    if "contract_no_date" in present or "contract_no" in present:
        present |= {"contract_no_date", "contract_no"}
    core = [f for f in CORE[layout] if f not in present]
    expected = [f for f in EXPECTED[layout] if f not in present]
    return core, expected


def labels(fields: Iterable[str]) -> str:
    """The Thai headers of ``fields``, comma-separated."""
    return ", ".join(FIELD_LABELS[f] for f in fields)


# --------------------------------------------------------------------------- special rows

#: A row saying there was no procurement that month ("ไม่มีการจัดซื้อจัดจ้าง", "- ไม่มีการจัดซื้อ -").
NO_PROCUREMENT = re.compile(r"ไม่มี\s*(?:การ|รายการ)?\s*(?:จัด\s*)?(?:ซื้อ|จ้าง)")
#: A no-procurement statement that speaks of some purchases only ("ไม่มีการจัดซื้อจัดจ้างโดยวิธี
#: e-bidding", "…ที่มีวงเงินเกิน 500,000 บาท", "…ประเภทครุภัณฑ์", "…เพิ่มเติม", "…อื่น"): a
#: month it is said of may still have other purchases, so no contradiction is found with them.
QUALIFIED_STATEMENT = re.compile(
    r"วิธี|ประเภท|วงเงิน|มูลค่า|เกิน|ต่ำกว่า|ไม่ถึง|ตั้งแต่|ขึ้นไป|เพิ่มเติม|อื่น|นอกงบ|เงินนอก|"
    r"ที่ปรึกษา|ประกวด|คัดเลือก|เฉพาะเจาะจง|สอบราคา|ครุภัณฑ์|ก่อสร้าง|งบลงทุน|"
    r"e\s*-?\s*(?:bidding|market)", re.IGNORECASE)
#: A totals row at the foot of a table ("รวม", "รวมทั้งสิ้น", "รวมเป็นเงิน", "รวม 2 รายการ").
TOTAL_ROW = re.compile(r"^\s*(?:(?:รวม|ยอดรวม)\s*(?:ทั้งสิ้น|ทั้งหมด|เป็นเงิน|เงิน|ทั้งปี)?"
                       r"\s*(?:[0-9\u0e50-\u0e59,]+\s*(?:รายการ|โครงการ|สัญญา))?|total)\s*:?\s*$",
                       re.IGNORECASE)
# A row of column numbers under the header: "(1)", "(2)", "๓" …
_COLUMN_NUMBER = re.compile(r"^\s*\(?\s*[0-9\u0e50-\u0e59]{1,2}\s*\)?\s*$")


def is_column_numbers(cells: Sequence[object]) -> bool:
    """True for a row that only numbers the columns ("(1)", "(2)", …; three or more)."""
    filled = [c for c in cells if c is not None and str(c).strip()]
    return len(filled) >= 3 and all(
        (isinstance(c, (int, float)) and not isinstance(c, bool) and float(c).is_integer()
         and 0 < c < 100) or (isinstance(c, str) and _COLUMN_NUMBER.match(c)) for c in filled)
