"""Reading source documents: encoding detection (UTF-8, then cp874/TIS-620) and hashing."""
from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ita_audit.errors import InputError

_THAI_CHAR = re.compile("[\u0e01-\u0e5b]")
# Thai vowel and tone marks that sit above or below a consonant; after a non-Thai character
# they show that bytes were decoded with the wrong code page (Latin-1 "é" is cp874 "้").
_THAI_MARK_AFTER_NON_THAI = re.compile("(?:^|[^\u0e01-\u0e4e])[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]",
                                       re.MULTILINE)
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
        """The text split into lines at ``\n`` only (line numbers are index + 1), so that
        U+2028 or U+0085 inside a title does not shift the line numbers an editor shows."""
        return self.text.split("\n")


def sha256_file(path: str | Path) -> str:
    """SHA-256 of a file's bytes, hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def cut_off(data: bytes, path: str | Path, err: UnicodeDecodeError) -> InputError | None:
    """The error for UTF-8 bytes that are valid up to a character their last bytes only
    begin (a file cut short, inside a 3-byte Thai letter); None for any other decoding
    error."""
    if err.reason != "unexpected end of data":
        return None
    line = data[: err.start].count(b"\n") + 1
    return InputError(path, f"is UTF-8 text cut off in the middle of a character (the last "
                      f"{len(data) - err.start} byte(s) of {len(data):,}): the file is "
                      "incomplete", where=f"line {line}", fix="download or export it again "
                      "in full")


def decode_thai(data: bytes, path: str | Path) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM allowed) or, failing that, as cp874 (a superset of TIS-620).

    A cp874 reading is accepted only if it yields Thai letters and hardly any Thai vowel or tone
    mark stands after a non-Thai character (more than 1 in 20 is what a Latin-1 or other 8-bit
    file looks like through cp874; a stray typo is not); otherwise the file is rejected with a
    message naming it.
    """
    body = data.removeprefix(codecs.BOM_UTF8)   # a mark before cp874 text (an editor's) would read "๏ปฟ"
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:   # where it is in the file, the mark included
        shift = len(data) - len(body)
        utf8_error = UnicodeDecodeError(err.encoding, data, err.start + shift, err.end + shift,
                                        err.reason)
    try:
        text = body.decode("cp874")
    except UnicodeDecodeError:
        text = ""
    if (text and _THAI_CHAR.search(text) and not _BINARY_CHAR.search(text)
            and len(_THAI_MARK_AFTER_NON_THAI.findall(text)) * 20 <= len(_THAI_CHAR.findall(text))):
        return text, "cp874"
    line = data[: utf8_error.start].count(b"\n") + 1
    cut = cut_off(data, path, utf8_error)
    if cut is not None:
        raise cut
    raise InputError(path, f"not UTF-8 text (invalid byte at offset {utf8_error.start}) "
                     "and not Thai cp874/TIS-620 either", where=f"line {line}",
                     fix="save the file as UTF-8")


#: The first bytes of file formats that are given by mistake where text is read, and what they
#: are called in a message.
_MAGIC = ((b"PK\x03\x04", "a ZIP file (an Excel .xlsx, Word .docx or OpenDocument file is one)"),
          (b"%PDF-", "a PDF document"),
          (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (.xls or .doc)"),
          (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
          (b"GIF8", "a GIF image"), (b"\x00\x01\x00\x00\x00", "a TrueType font"),
          (b"OTTO", "an OpenType font"), (b"wOFF", "a WOFF font"), (b"wOF2", "a WOFF2 font"),
          (b"\x1f\x8b", "a gzip archive"))


# Byte-order marks of the wide encodings a text may be saved in, longest first: UTF-32's
# little-endian mark begins with UTF-16's.
_WIDE_MARKS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
               (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def wide_encoding(data: bytes) -> str | None:
    """``utf-16`` or ``utf-32`` when the bytes begin with that encoding's byte-order mark."""
    return next((codec for mark, codec in _WIDE_MARKS if data.startswith(mark)), None)


def wide_as_utf8(data: bytes, path: str | Path) -> bytes:
    """UTF-16 text with its byte-order mark (what Excel saves as "Unicode Text"), or UTF-32
    with its mark, as UTF-8 bytes; any other bytes as they are. UTF-16 without a mark (every
    other byte NUL) is refused by name rather than as binary."""
    codec = wide_encoding(data)
    if codec is not None:
        try:
            return data.decode(codec).encode("utf-8")
        except UnicodeError as err:
            at = f" (byte {err.start})" if isinstance(err, UnicodeDecodeError) else ""
            raise InputError(path, f"is not valid {codec.upper()} text{at}",
                             fix="save the file as UTF-8") from None
    sample = data[:4096]
    for high in (sample[1::2], sample[0::2]):   # the high bytes of Latin and Thai: 0x00, 0x0E
        if len(high) >= 4 and high.count(0) and \
                (high.count(0) + high.count(0x0E)) * 10 >= len(high) * 9:
            raise InputError(path, "looks like UTF-16 text without a byte-order mark",
                             fix="save the file as UTF-8")
    return data


def binary_kind(data: bytes) -> str | None:
    """What a file of a known binary format is (by its first bytes), else None."""
    return next((name for magic, name in _MAGIC if data.startswith(magic)), None)


def read_source(path: str | Path, what: str = "disclosure index") -> SourceText:
    """Read a source document; reject missing, empty or undecodable files with an InputError
    whose fix names ``what`` the file should hold."""
    path = Path(path)
    if path.is_dir():
        raise InputError(path, "is a directory, not a file", fix=f"name the {what} file itself")
    if path.exists() and not path.is_file():
        raise InputError(path, "is not a regular file (a device, a pipe or a socket)",
                         fix=f"name the {what} file itself")
    if not path.is_file():
        raise InputError(path, "file not found", fix="check the path")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(path, f"cannot be read: {err.strerror or err}",
                         fix="check the file's permissions") from None
    if not data.strip():
        raise InputError(path, "file is empty", fix=f"supply the exported {what} as text")
    kind = binary_kind(data)
    if kind is not None:
        raise InputError(path, f"is {kind}, not a text file", fix=f"export the {what} as text "
                         "(plain text, or a TSV/CSV table, in UTF-8)")
    raw, data = data, wide_as_utf8(data, path)
    text, encoding = decode_thai(data, path)
    if data is not raw:
        encoding = wide_encoding(raw) or encoding
    if _BINARY_CHAR.search(text):
        line = text[: _BINARY_CHAR.search(text).start()].count("\n") + 1
        raise InputError(path, "contains binary control characters; not a text file",
                         where=f"line {line}", fix="export the document as plain text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceText(path=path, text=repair_thai(text, path, what), encoding=encoding,
                      sha256=hashlib.sha256(raw).hexdigest())


# What text taken from PDFs and typed by hand does to Thai and pythainlp repairs: ำ written as
# ํ + า ("ทําเครื่องหมาย"), a tone mark before its upper vowel ("ท่ี" for ที่), and zero-width
# spaces inside words ("ดำเ\u200bนินการ"); each hides a word from every reader.
_NEEDS_REORDER = re.compile("\u0e4d|[\u0e48-\u0e4b][\u0e31\u0e34-\u0e37\u0e47]")
_ZERO_WIDTH = re.compile("[\u200b\u200c]")


def repair_thai(text: str, path: str | Path, what: str) -> str:
    """``text`` with the PDF and typing artefacts above repaired (pythainlp's
    ``reorder_vowels`` and ``remove_zw``, only where one occurs, so clean text is untouched);
    text that is empty after that is an InputError."""
    if _NEEDS_REORDER.search(text) or _ZERO_WIDTH.search(text):
        from pythainlp.util import remove_zw, reorder_vowels

        text = reorder_vowels(remove_zw(text))
    if not text.strip():
        raise InputError(path, "file is empty", fix=f"supply the exported {what} as text")
    return text


class _UniqueKeys:
    """Rejects duplicate mapping keys instead of keeping the last one (an auditor's second
    ``O19:`` override must not silently replace the first)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, f"a {type(key).__name__} cannot be a key",
                    key_node.start_mark) from None
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _UniqueKeyLoader(_UniqueKeys, yaml.SafeLoader):
    """``yaml.SafeLoader`` that rejects duplicate mapping keys and aliases (``*name``): no
    file the product reads needs them, and nested aliases can expand a small file into
    gigabytes (the "billion laughs")."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "YAML aliases (*name) are not allowed",
                                              event.start_mark)
        return super().compose_node(parent, index)


# libyaml's parser (when PyYAML has it), for text that cannot hold an alias: an alias is `*`
# and a name, where a node may start (after a space, a line start or a flow indicator).
_FastUniqueKeyLoader = (type("_FastUniqueKeyLoader", (_UniqueKeys, yaml.CSafeLoader), {})
                        if yaml.__with_libyaml__ else None)
_MAY_HOLD_ALIAS = re.compile(r"(?:^|[\s\[\]{},:?-])\*[^\s\[\]{},]")


def decode_utf8(data: bytes, shown: str | Path, error: type[InputError] = InputError) -> str:
    """Bytes of a data file (criteria, crosswalk, topic list) as UTF-8 text (a BOM allowed);
    anything else raises ``error`` naming the line of the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise error(shown, f"not UTF-8 (invalid byte at offset {err.start})",
                    where=f"line {line}", fix="save the file as UTF-8") from None


def load_yaml(text: str, shown: str | Path, error: type[InputError] = InputError) -> Any:
    """Parse YAML safely, rejecting duplicate keys; a problem raises ``error`` naming the line
    and column."""
    if _FastUniqueKeyLoader is not None and not _MAY_HOLD_ALIAS.search(text):
        try:                                   # ten times faster; same values
            return yaml.load(text, Loader=_FastUniqueKeyLoader)
        except yaml.YAMLError:
            pass                               # the loader below words the error, as always
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise error(shown, f"YAML syntax error: {problem}", where=where,
                    fix="fix the YAML at that line") from None
