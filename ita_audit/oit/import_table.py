"""Import a disclosure index given as a canonical TSV or CSV table: a header naming ``item``,
``title`` and ``url`` (optionally ``context``, ``level`` and ``shared_with``, the other items of
a grouped heading), then one row per document; a row with an empty title lists the item
heading alone.
"""
from __future__ import annotations

from ita_audit.criteria.model import normalize_item_id
from ita_audit.errors import InputError
from ita_audit.oit.disclosure import SHARED_COLUMN, DisclosureIndex, Document, clean_text
from ita_audit.util.delimited import numbered_records
from ita_audit.util.sources import SourceText
from ita_audit.util.urls import safe_url


def _read_rows(source: SourceText, sep: str) -> list[tuple[int, list[str]]]:
    """Non-blank records with the physical line each starts on (a quoted title may span
    lines). A malformed record is an InputError naming its line."""
    return [(line, row) for line, row in numbered_records(source.path, source.text, sep)
            if any(cell.strip() for cell in row)]


def parse_table(source: SourceText, sep: str, fmt: str) -> DisclosureIndex:
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
        shared = tuple(dict.fromkeys(
            normalize_item_id(token) or "" for token in cells.get(SHARED_COLUMN, "").split(",")
            if token.strip()))
        if "" in shared or item in shared:
            raise InputError(source.path, f"{SHARED_COLUMN} {cells[SHARED_COLUMN]!r} must list "
                             "other item ids", where=f"line {number}",
                             fix="write the other items of a grouped heading, e.g. O19")
        index.documents.append(Document(item=item, title=clean_text(cells["title"]), url=url,
                                        context=clean_text(cells.get("context", "")), line=number,
                                        level=int(level), shared_with=shared))
    if not index.documents:
        raise InputError(source.path, "table has a header but no rows", where=f"line {header_line}",
                         fix="add one row per disclosed document")
    return index


def _checked_url(index: DisclosureIndex, url: str, line: int) -> str | None:
    checked = safe_url(url)
    if url and checked is None:
        index.warnings.append(f"line {line}: link {url[:80]!r} ignored: only http(s) links are allowed")
    return checked
