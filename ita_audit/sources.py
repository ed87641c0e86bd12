"""Reading source documents: encoding detection (UTF-8, then cp874/TIS-620) and hashing."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

_THAI_CHAR = re.compile("[\u0e01-\u0e5b]")
# Control characters other than tab/newline/carriage return/form feed betray a binary file.
_BINARY_CHAR = re.compile("[\x00-\x08\x0e-\x1f]")


@dataclass(frozen=True)
class SourceText:
    """A decoded source document and how it was decoded."""

    path: Path
    text: str
    encoding: str
    sha256: str

    @property
    def lines(self) -> list[str]:
        """The text split into lines (line numbers are index + 1)."""
        return self.text.splitlines()


def sha256_file(path: str | Path) -> str:
    """SHA-256 of a file's bytes, hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def decode_thai(data: bytes, path: str | Path) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM allowed) or, failing that, as cp874 (a superset of TIS-620).

    A cp874 reading is accepted only if it yields Thai letters; otherwise the file is rejected
    with a message naming it.
    """
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as err:
        utf8_error = err
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError:
        text = ""
    if text and _THAI_CHAR.search(text) and not _BINARY_CHAR.search(text):
        return text, "cp874"
    line = data[: utf8_error.start].count(b"\n") + 1
    raise InputError(path, f"not UTF-8 text (invalid byte at offset {utf8_error.start}) "
                     "and not Thai cp874/TIS-620 either", where=f"line {line}",
                     fix="save the file as UTF-8")


def read_source(path: str | Path) -> SourceText:
    """Read a source document; reject missing, empty or undecodable files with an InputError."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found", fix="check the path in the parameters")
    data = path.read_bytes()
    if not data.strip():
        raise InputError(path, "file is empty", fix="supply the exported disclosure index")
    text, encoding = decode_thai(data, path)
    if _BINARY_CHAR.search(text):
        line = text[: _BINARY_CHAR.search(text).start()].count("\n") + 1
        raise InputError(path, "contains binary control characters; not a text file",
                         where=f"line {line}", fix="export the document as plain text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(path, "file is empty", fix="supply the exported disclosure index")
    return SourceText(path=path, text=text, encoding=encoding,
                      sha256=hashlib.sha256(data).hexdigest())
