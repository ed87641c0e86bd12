"""Items whose evidence must include a data file (2568 O12/O13, 2569 O11/O12/O18 were published
as PDF *and* Excel): a spreadsheet, a CSV or an open-data link is looked for among the item's
listed documents, and its absence is reported with the verdict the criteria file gives
(``data_file.missing``, ``review`` unless the year's manual says more).

A document is a data file when its URL path ends in one of the rule's formats (``.xlsx``,
``.csv`` …), its URL is on an open-data portal, its title names the format ("ไฟล์ Excel",
"(.xlsx)"), or, with the evidence archive, what was read from it is a spreadsheet or CSV.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import unquote, urlsplit

from ita_audit.criteria.model import CriteriaItem
from ita_audit.oit.results import Check, Evidence

#: Hosts of open-data portals whose links count as a data file.
OPEN_DATA_HOSTS = ("data.go.th", "gdcatalog.go.th", "opendata.")
#: Read document kinds (``ita_audit.evidence.extract``) that are data files.
DATA_KINDS = ("xlsx", "xls", "csv", "ods")
_TITLE_FORMAT = re.compile(r"(?<![a-z])(?:excel|xlsx|xls|csv|ods|open\s*data)(?![a-z])|ไฟล์ข้อมูล|"
                           r"ข้อมูลเปิด", re.IGNORECASE)


def data_file_check(item: CriteriaItem, listed: Sequence[Evidence]) -> Check | None:
    """Is one of the item's documents a data file? None for an item without the rule or
    without a listed document."""
    rule = item.data_file
    if rule is None or not listed:
        return None
    candidates = [e for e in listed if not e.of_other_kind]
    for ev in candidates:
        how = _data_file(ev, rule.formats)
        if how:
            return Check("data_file", "pass", f"มีไฟล์ข้อมูล: {ev.label()} ({how})")
    formats = ", ".join(f".{f}" for f in rule.formats)
    no_urls = "" if any(e.url for e in listed) else " (ดัชนีไม่มี URL จึงดูได้เพียงชื่อเอกสาร)"
    return Check("data_file", rule.missing,
                 f"ไม่พบไฟล์ข้อมูล ({formats} หรือลิงก์ข้อมูลเปิด) ในเอกสาร {len(listed)} รายการ"
                 f"ของข้อนี้{no_urls}: {rule.text}")


def _data_file(ev: Evidence, formats: Sequence[str]) -> str:
    """How a document shows it is a data file, or ``""``."""
    read = (ev.found or {}).get("read") or {}
    if read.get("kind") in DATA_KINDS:
        return f"อ่านได้เป็น {read['kind']}"
    if ev.url:
        parts = urlsplit(ev.url)
        path = unquote(parts.path).lower()
        ext = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
        if ext in formats:
            return f"ไฟล์ .{ext}"
        host = (parts.hostname or "").lower()
        if any(h in host for h in OPEN_DATA_HOSTS):
            return f"ลิงก์ข้อมูลเปิด {host}"
    match = _TITLE_FORMAT.search(ev.title)
    return f"ชื่อเอกสารระบุ '{match.group(0)}'" if match else ""
