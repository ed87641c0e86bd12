"""Import an agency's OIT disclosure index into one normalised table.

Supported inputs (the format is detected, not declared):

* the seed's text format: ``oN.`` item headings, ``-``/``*`` bullets with ragged indentation
  (non-breaking spaces included), sub-headings such as ``ปี 2566`` or ``(1) การสรรหา…`` and lines
  of bare month names (one document per month);
* a canonical TSV or CSV with a header containing ``item``, ``title`` and ``url`` (optionally
  ``context``): one row per document, a row with an empty title lists the item heading alone;
* a saved OIT web page (HTML, UTF-8): table rows or sections carrying the item ids, one document
  per link (see :mod:`ita_audit.disclosure_html`); relative links need ``base_url``.

Every item id is normalised (``o1``, ``O 1``, ``O01``, ``O๑``, ``OIT 1`` -> ``O1``).
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Sequence

import pandas as pd

from .errors import InputError
from .sources import SourceText, read_source
from .thai import parse_month, parse_thai_date, to_arabic_digits

TABLE_COLUMNS = ["item", "title", "url", "context", "level", "line"]

_ITEM_ID = re.compile(r"^\s*(?:OIT|O)\s*[-_.]?\s*0*([1-9][0-9]*)\s*$", re.IGNORECASE)
_HEADING = re.compile(r"^(?:OIT\s*|[Oo]\s*)0*([1-9][0-9]?)(?:\s*[.)]\s*|\s+|$)(.*)$")
_BULLET = re.compile(r"^([-*•·]+)\s*(.*)$")
_CONTEXT = re.compile(r"^(?:ปี\s*(?:งบประมาณ\s*)?(?:พ\.ศ\.\s*)?\d{2,4}\b.*|\(\d+\)\s*\S.*)$")
_SPACES = re.compile(r"[\s\u00a0\u200b\ufeff]+")


@dataclass(frozen=True)
class Document:
    """One disclosed document (or a bare item heading when ``title`` is empty)."""

    item: str
    title: str
    url: str | None
    context: str
    line: int
    level: int = 1        # 2 for an attachment listed under the preceding document (``*`` bullet)

    @property
    def is_heading_only(self) -> bool:
        """True for a row that lists the item heading without any document under it."""
        return not self.title


@dataclass
class DisclosureIndex:
    """The normalised disclosure index of one agency."""

    path: Path
    format: str
    encoding: str
    sha256: str
    documents: list[Document]
    labels: dict[str, str] = field(default_factory=dict)   # item -> the agency's own heading text
    heading_lines: dict[str, int] = field(default_factory=dict)  # item -> line of its heading
    warnings: list[str] = field(default_factory=list)
    captured: str | None = None                               # capture date stated in the file, ISO

    def items(self) -> list[str]:
        """Item ids in the order they appear."""
        seen: dict[str, None] = {}
        for doc in self.documents:
            seen.setdefault(doc.item, None)
        return list(seen)

    def for_item(self, item: str) -> list[Document]:
        """Documents listed under an item, heading-only rows included."""
        return [doc for doc in self.documents if doc.item == item]

    def to_frame(self) -> pd.DataFrame:
        """The canonical table (columns: item, title, url, context, level, line)."""
        rows = [[d.item, d.title, d.url or "", d.context, d.level, d.line] for d in self.documents]
        return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def normalize_item_id(token: str) -> str | None:
    """``o1``, ``O 1``, ``O01``, ``O๑``, ``OIT 1`` -> ``O1``; anything else -> None."""
    match = _ITEM_ID.match(to_arabic_digits(_SPACES.sub(" ", token)))
    return f"O{int(match.group(1))}" if match else None


def safe_url(url: str | None) -> str | None:
    """Return the URL if it is an absolute http(s) URL, else None."""
    if not url:
        return None
    url = url.strip()
    return url if re.match(r"^https?://[^\s<>\"']+\Z", url, re.IGNORECASE) else None


def load_disclosure(path: str | Path, valid_items: Sequence[str] | None = None,
                    base_url: str | None = None) -> DisclosureIndex:
    """Read and normalise a disclosure index, detecting its format.

    ``valid_items`` (the criteria's item ids) turns unknown items into an InputError that names
    the line. ``base_url`` (an http(s) URL: the address the page was saved from) resolves the
    relative links of an HTML page. Raises InputError for empty, undecodable or malformed files.
    """
    from . import disclosure_html    # local import: disclosure_html builds on this module

    disclosure_html.check_base_url(base_url)
    # HTML is sniffed on the bytes first, so that a page in another encoding is refused
    # (pages must be UTF-8) rather than decoded as cp874 like a text index.
    source = None if disclosure_html.sniff_html_file(Path(path)) else read_source(path)
    fmt = "html" if source is None else detect_format(source)
    if source is None or fmt == "html":
        index = disclosure_html.load_html(path, base_url=base_url)
    elif fmt in ("tsv", "csv"):
        index = _parse_table(source, "\t" if fmt == "tsv" else ",", fmt)
    else:
        index = _parse_text(source)
    if valid_items is not None:
        _check_items(index, valid_items)
    return index


def detect_format(source: SourceText) -> str:
    """``html`` when the text opens with a doctype or an HTML tag (comments skipped);
    ``tsv``/``csv`` when the first non-empty line is a header naming item and title; else
    ``text``."""
    from .disclosure_html import looks_like_html

    if looks_like_html(source.text):
        return "html"
    first = next((line for line in source.lines if line.strip()), "")
    for fmt, sep in (("tsv", "\t"), ("csv", ",")):
        header = [cell.strip().lower() for cell in first.split(sep)]
        if "item" in header and "title" in header:
            return fmt
    return "text"


def _check_items(index: DisclosureIndex, valid_items: Sequence[str]) -> None:
    valid = set(valid_items)
    for doc in index.documents:
        if doc.item not in valid:
            line = index.heading_lines.get(doc.item, doc.line)
            raise InputError(index.path, f"unknown item {doc.item}", where=f"line {line}",
                             fix=f"use one of {valid_items[0]}…{valid_items[-1]} of the criteria")


# --- canonical TSV/CSV -------------------------------------------------------------------

def _read_rows(source: SourceText, sep: str) -> list[tuple[int, list[str]]]:
    """Non-blank records with the physical line each starts on (a quoted title may span
    lines). A malformed record is an InputError naming its line."""
    reader = csv.reader(io.StringIO(source.text), delimiter=sep)
    rows, start = [], 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as err:
        raise InputError(source.path, f"malformed {'TSV' if sep == chr(9) else 'CSV'} record: {err}",
                         where=f"line {start}", fix="close the quotes; keep each field "
                         f"under {_FIELD_LIMIT:,} characters") from None
    return rows


_FIELD_LIMIT = 1_000_000
csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT))


def _parse_table(source: SourceText, sep: str, fmt: str) -> DisclosureIndex:
    rows = _read_rows(source, sep)
    header_line, header = rows[0]
    columns = [cell.strip().lower() for cell in header]
    repeated = sorted({name for name in columns if name and columns.count(name) > 1})
    if repeated:
        raise InputError(source.path, f"column {repeated[0]!r} appears more than once in the header",
                         where=f"line {header_line}", fix="keep one column of each name")
    missing = [name for name in ("item", "title", "url") if name not in columns]
    if missing:
        raise InputError(source.path, f"header lacks column(s) {', '.join(missing)}",
                         where=f"line {header_line}", fix="the header must be: item, title, url")
    index = DisclosureIndex(path=source.path, format=fmt, encoding=source.encoding,
                            sha256=source.sha256, documents=[])
    for number, row in rows[1:]:
        if len(row) != len(columns):
            raise InputError(source.path, f"row has {len(row)} field(s), header has {len(columns)}",
                             where=f"line {number}", fix="quote titles that contain the separator")
        cells = dict(zip(columns, (cell.strip() for cell in row)))
        item = normalize_item_id(cells["item"])
        if item is None:
            raise InputError(source.path, f"item id {cells['item']!r} is not an OIT item id",
                             where=f"line {number}", fix="write item ids as O1…O43")
        url = _checked_url(index, cells["url"], number)
        level = cells.get("level") or "1"
        if level not in ("1", "2"):
            raise InputError(source.path, f"level {level!r} must be 1 or 2", where=f"line {number}",
                             fix="1 for a document, 2 for an attachment of the row above")
        index.documents.append(Document(item=item, title=_clean(cells["title"]), url=url,
                                        context=_clean(cells.get("context", "")), line=number,
                                        level=int(level)))
    if not index.documents:
        raise InputError(source.path, "table has a header but no rows", where=f"line {header_line}",
                         fix="add one row per disclosed document")
    return index


def _checked_url(index: DisclosureIndex, url: str, line: int) -> str | None:
    checked = safe_url(url)
    if url and checked is None:
        index.warnings.append(f"line {line}: link {url[:80]!r} ignored: only http(s) links are allowed")
    return checked


# --- seed text format --------------------------------------------------------------------

def _clean(text: str) -> str:
    if "\u200b" in text or "\ufeff" in text:
        return _SPACES.sub(" ", text).strip()
    # The same without the regex: str.split() splits at exactly the characters \s matches
    # (str.isspace), the no-break space included; only U+200B and U+FEFF need the pattern.
    return " ".join(text.split())


def _parse_text(source: SourceText) -> DisclosureIndex:
    index = DisclosureIndex(path=source.path, format="text", encoding=source.encoding,
                            sha256=source.sha256, documents=[])
    item: str | None = None
    context = ""
    has_docs: set[str] = set()
    headings = index.heading_lines
    lines = [_classify(_clean(raw)) for raw in source.lines]
    group_heading = _group_heading_flags(lines)
    for number, line in enumerate(lines, start=1):
        if line.kind == "blank":
            continue
        if line.kind == "heading":
            item, context = f"O{int(line.match.group(1))}", ""
            if item in headings:
                index.warnings.append(f"line {number}: {item} listed again (first at line "
                                      f"{headings[item]}); documents merged")
            headings.setdefault(item, number)
            index.labels.setdefault(item, _clean(line.match.group(2)))
            continue
        title = _clean(line.match.group(2)) if line.kind == "bullet" else ""
        if item is None:                      # before the first item heading
            if title:
                index.warnings.append(f"line {number}: document {title[:60]!r} stands before "
                                      "any oN. item and is ignored (fix: move it under its item "
                                      "heading)")
            else:
                _note_preamble(index, line.text)
            continue
        if line.kind == "bullet":
            if title:
                attachment = line.match.group(1).startswith("*") and item in has_docs
                index.documents.append(Document(item, title, None, context, number,
                                                level=2 if attachment else 1))
                has_docs.add(item)
        elif line.kind == "months":
            for month in line.months:
                index.documents.append(Document(item, month, None, context, number))
            has_docs.add(item)
        elif line.kind == "context":
            context = line.text
        elif group_heading[number - 1]:
            context = ""                      # a group heading; an item heading follows
        else:
            # Not a group heading (those stand right before an item heading): a document whose
            # bullet was lost in the export. Keep it, and say so.
            index.documents.append(Document(item, line.text, None, context, number))
            has_docs.add(item)
            index.warnings.append(f"line {number}: line without a bullet read as a document of "
                                  f"{item}: {line.text[:60]!r}")
    for heading_item, number in headings.items():
        if heading_item not in has_docs:
            index.documents.append(Document(heading_item, "", None, "", number))
    if not headings:
        raise InputError(source.path, "no OIT item headings found (expected lines such as 'o1. …')",
                         where="line 1", fix="export the index with its oN. headings, or use a "
                         "TSV with columns item, title, url")
    index.documents.sort(key=lambda d: (int(d.item[1:]), d.line))
    return index


class _Line(NamedTuple):
    """One cleaned line of the text format and what it is."""

    kind: str                         # blank, heading, bullet, months, context or plain
    text: str
    match: re.Match[str] | None = None    # the heading or bullet match
    months: tuple[str, ...] = ()


def _classify(line: str) -> _Line:
    """Tell what a cleaned line is, once (the parser and the group-heading pass share it)."""
    if not line:
        return _Line("blank", line)
    digits = to_arabic_digits(line)
    if heading := _HEADING.match(digits):
        return _Line("heading", line, heading)
    if bullet := _BULLET.match(line):
        return _Line("bullet", line, bullet)
    if months := _month_line(line):
        return _Line("months", line, months=tuple(months))
    return _Line("context" if _CONTEXT.match(digits) else "plain", line)


def _group_heading_flags(lines: Sequence[_Line]) -> list[bool]:
    """For each line: would a plain line here belong to a group heading? True when the plain
    lines after it (a heading may wrap onto several) end right before an ``oN.`` item heading.
    At the end of the text there is no item to head, so False. One backward pass."""
    flags = [False] * len(lines)
    ahead = False                     # the answer for the text after the current line
    for index in range(len(lines) - 1, -1, -1):
        flags[index] = ahead
        if lines[index].kind == "heading":
            ahead = True
        elif lines[index].kind in ("bullet", "months", "context"):
            ahead = False
    return flags


def _month_line(line: str) -> list[str]:
    """Month names when the line consists only of month names, else []."""
    tokens = line.split()
    if not tokens or any(parse_month(token) is None for token in tokens):
        return []
    return tokens


def _note_preamble(index: DisclosureIndex, line: str) -> None:
    """Take the capture date from the lines before the first item (a bare Thai date)."""
    if index.captured is None:
        found = parse_thai_date(line)
        if found is not None and re.fullmatch(r"[\d\s\u0e00-\u0e7f.]+", line):
            index.captured = found.isoformat()


def write_table(index: DisclosureIndex, path: str | Path) -> Path:
    """Write the normalised table as TSV (atomically)."""
    from .record import atomic_write_text   # local import: record depends on heavier modules

    buffer = io.StringIO()
    index.to_frame().to_csv(buffer, sep="\t", index=False, lineterminator="\n")
    return atomic_write_text(Path(path), buffer.getvalue())
