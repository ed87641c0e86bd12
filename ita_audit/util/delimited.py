"""Delimited text (CSV, TSV) read record by record, with the physical line each record begins
on (a quoted cell may span lines), for readers whose errors must name that line."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from ita_audit.errors import InputError

#: The longest cell a record may hold (the csv module's default is 131,072 characters; a
#: disclosure index's pasted wall of text can be longer): raised once, for every reader.
FIELD_LIMIT = 1_000_000
csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))


def format_name(separator: str) -> str:
    """How messages name text with this separator."""
    return "TSV" if separator == "\t" else "CSV"


def numbered_records(path: str | Path | None, text: str,
                     separator: str) -> Iterator[tuple[int, list[str]]]:
    """(line the record begins on, its cells) for each record of ``text``. Lines end as pandas
    ends them (``\\r``, ``\\n`` or both); line ends inside quoted cells are kept. A record the
    csv module refuses (a cell over its size limit) is an :class:`InputError` naming ``path``
    and the line."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    start = 1
    try:
        for record in reader:
            yield start, record
            start = reader.line_num + 1
    except csv.Error as err:
        raise InputError(path, f"malformed {format_name(separator)} record: {err}",
                         where=f"line {start}", fix="close the quotes; keep each cell under "
                         f"{csv.field_size_limit():,} characters") from None
