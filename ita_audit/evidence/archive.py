"""The evidence archive: every document fetched for an agency's disclosure index, stored by
content, with a table of what each link returned.

```
DIR/evidence.tsv       one row per (item, url): final URL, status, HTTP status, content type,
                       bytes, SHA-256 and the message
DIR/files/<sha256>     the bytes of each document, named by their SHA-256
DIR/text/<sha256>.json the text read from it, page by page (ita_audit.evidence.extract)
```

Statuses: ``ok`` (a document was fetched), ``broken`` (an HTTP error or a host that does not
answer), ``refused`` (not http(s), or a private, loopback or link-local address), ``too_large``
(over the size cap) and ``error`` (a timeout, a redirect loop, a malformed URL, or missing from
the archive when working offline). Only ``ok`` rows have a file.

The table is untrusted input when read back (it may be edited): every row is checked, and a
SHA-256 must be 64 hex digits before it names a file.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ita_audit.errors import InputError
from ita_audit.util.atomic import atomic_write_bytes, atomic_write_text
from ita_audit.util.sources import decode_utf8

EVIDENCE_TABLE = "evidence.tsv"
FILES = "files"
TEXTS = "text"
STATUSES = ("ok", "broken", "refused", "too_large", "error")
DEFAULT_MAX_BYTES = 50 * 1024 * 1024    # the size cap of one document (over it: too_large)
COLUMNS = ("item", "url", "final_url", "status", "http_status", "content_type", "bytes",
           "sha256", "message")
_SHA256 = re.compile(r"[0-9a-f]{64}\Z")


@dataclass(frozen=True)
class Fetched:
    """What one link of the index returned."""

    item: str
    url: str
    status: str                       # one of STATUSES
    final_url: str | None = None      # after redirects
    http_status: int | None = None
    content_type: str | None = None
    bytes: int | None = None
    sha256: str | None = None         # of the body, ``ok`` rows only
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok" and self.sha256 is not None

    def to_json(self) -> dict[str, Any]:
        """The ``collect --format json`` shape of DESIGN.md §3 (plus the final URL)."""
        return {"item": self.item, "url": self.url, "status": self.status,
                "http_status": self.http_status, "sha256": self.sha256,
                "content_type": self.content_type, "bytes": self.bytes,
                "message": self.message, "final_url": self.final_url}


@dataclass
class Archive:
    """An evidence folder: its table and its content-addressed files."""

    root: Path
    records: list[Fetched] = field(default_factory=list)
    # the documents whose bytes this process has read and found to match their name
    _verified: set[str] = field(default_factory=set, repr=False, compare=False)

    @property
    def table(self) -> Path:
        return self.root / EVIDENCE_TABLE

    def by_url(self, url: str) -> Fetched | None:
        """The row of a URL (the first when several items list it)."""
        for record in self.records:
            if record.url == url:
                return record
        return None

    def file(self, sha256: str) -> Path:
        """Where the bytes of a document are (``files/<sha256>``)."""
        if not _SHA256.match(sha256):
            raise ValueError(f"not a SHA-256: {sha256!r}")
        return self.root / FILES / sha256

    def text_file(self, sha256: str) -> Path:
        """Where the text read from a document is kept (``text/<sha256>.json``)."""
        return self.root / TEXTS / f"{self.file(sha256).name}.json"

    def has(self, sha256: str) -> bool:
        return self.file(sha256).is_file()

    def intact(self, sha256: str) -> bool:
        """Is the document there with the bytes its name says?"""
        try:
            self.read(sha256)
        except InputError:
            return False
        return True

    def store(self, data: bytes) -> str:
        """Keep a document's bytes (once: the name is their SHA-256; a file of that name whose
        bytes were altered is replaced); returns the SHA-256."""
        digest = hashlib.sha256(data).hexdigest()
        if not self.intact(digest):
            atomic_write_bytes(self.file(digest), data)
            self._verified.add(digest)
        return digest

    def read(self, sha256: str) -> bytes:
        """A stored document's bytes, checked against their name."""
        try:
            data = self.file(sha256).read_bytes()
        except FileNotFoundError:
            raise InputError(self.file(sha256), "a document of evidence.tsv is missing from the "
                             "archive", fix="restore files/ from where the archive is kept, or "
                             "collect the evidence again") from None
        if hashlib.sha256(data).hexdigest() != sha256:
            raise InputError(self.file(sha256), "the archived file does not match its SHA-256",
                             fix="collect the evidence again without --offline: it fetches "
                             "the document again and replaces the altered file")
        self._verified.add(sha256)
        return data

    def check(self) -> None:
        """Every ``ok`` row's document is present and matches its SHA-256 (an archive kept
        outside git and restored): InputError naming the first that is not, and the count."""
        wanted = sorted({r.sha256 for r in self.records if r.ok and r.sha256})
        missing = [sha for sha in wanted if not self.has(sha)]
        if missing:
            more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
            raise InputError(self.file(missing[0]), f"a document of evidence.tsv is missing from "
                             f"the archive{more}", fix="restore files/ from where the archive "
                             "is kept, or collect the evidence again")
        for sha in wanted:
            self.read(sha)

    def write_table(self) -> Path:
        """Write ``evidence.tsv`` (atomically), rows sorted by item number and URL."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
        writer.writerow(COLUMNS)
        for record in sorted(self.records, key=lambda r: (_item_number(r.item), r.url)):
            row = asdict(record)
            writer.writerow(["" if row[c] is None else _one_line(str(row[c])) for c in COLUMNS])
        return atomic_write_text(self.table, buffer.getvalue())

    def hashes(self) -> list[tuple[str, str]]:
        """(path relative to the archive, SHA-256) of the table and every stored file; a file
        is read and checked against its name (once per process) before its name is vouched
        for: an InputError names one that is missing or altered."""
        files = [(EVIDENCE_TABLE, hashlib.sha256(self.table.read_bytes()).hexdigest())]
        for sha in sorted({r.sha256 for r in self.records if r.ok and r.sha256}):
            if sha not in self._verified:
                self.read(sha)
            files.append((f"{FILES}/{sha}", sha))
        return files


def _item_number(item: str) -> int:
    return int(item[1:]) if item[1:].isdigit() else 0


def _one_line(text: str) -> str:
    return " ".join(text.split())


def new_archive(root: str | Path) -> Archive:
    """An archive in ``root`` (created), keeping the rows of an existing table."""
    root = Path(root)
    if root.exists() and not root.is_dir():
        raise InputError(root, "exists and is not a folder", fix="give a folder for the archive")
    archive = load_archive(root) if (root / EVIDENCE_TABLE).is_file() else Archive(root)
    (root / FILES).mkdir(parents=True, exist_ok=True)
    return archive


def load_archive(root: str | Path) -> Archive:
    """Read an archive's ``evidence.tsv``; a missing or malformed table is an InputError
    naming the line."""
    root = Path(root)
    table = root / EVIDENCE_TABLE
    if not table.is_file():
        raise InputError(root, f"no {EVIDENCE_TABLE} in the evidence folder",
                         fix="collect it first: ita-audit collect --disclosure … --out DIR")
    text = decode_utf8(table.read_bytes(), table)
    rows = list(csv.reader(io.StringIO(text), delimiter="\t"))
    if not rows or tuple(rows[0]) != COLUMNS:
        raise InputError(table, "the header is not the evidence table's", where="line 1",
                         fix=f"the header must be: {', '.join(COLUMNS)}")
    archive = Archive(root)
    for number, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        archive.records.append(_record(row, table, number))
    return archive


def _record(row: list[str], table: Path, number: int) -> Fetched:
    where = f"line {number}"
    if len(row) != len(COLUMNS):
        raise InputError(table, f"row has {len(row)} fields, the table has {len(COLUMNS)}",
                         where=where, fix="collect the evidence again")
    cells = dict(zip(COLUMNS, row))
    if cells["status"] not in STATUSES:
        raise InputError(table, f"status {cells['status']!r} is unknown", where=where,
                         fix=f"use one of {', '.join(STATUSES)}")
    sha = cells["sha256"] or None
    if (sha is not None and not _SHA256.match(sha)) or (cells["status"] == "ok") != bool(sha):
        raise InputError(table, f"sha256 {sha!r} does not fit status {cells['status']!r}",
                         where=where, fix="an ok row has the 64 hex digits of its file; no "
                         "other row has one")
    try:
        http = int(cells["http_status"]) if cells["http_status"] else None
        size = int(cells["bytes"]) if cells["bytes"] else None
    except ValueError:
        raise InputError(table, "http_status and bytes must be whole numbers", where=where,
                         fix="collect the evidence again") from None
    return Fetched(item=cells["item"], url=cells["url"], status=cells["status"],
                   final_url=cells["final_url"] or None, http_status=http,
                   content_type=cells["content_type"] or None, bytes=size, sha256=sha,
                   message=cells["message"])


def read_json(path: Path) -> dict[str, Any] | None:
    """A JSON object from a file, or None when it is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
