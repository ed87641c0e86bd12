"""Reading the text of an archived document, page by page, safely.

Kinds, told by their bytes (then the declared content type and the URL): PDF (pypdf), Word
(``.docx``, python-docx), Excel (``.xlsx``, openpyxl: cached values only, formulas never
evaluated, macros never run), CSV, HTML (the main text: scripts, styles, navigation, headers,
footers and forms left out) and plain text. A PDF without a text layer is ``scanned``: with
Tesseract and its Thai data installed (Debian ``tesseract-ocr``, ``tesseract-ocr-tha``) its
page images are read by OCR, without them the status says so. Images linked directly are OCRed
the same way.

Every document is read in a separate worker process with a memory limit and a time limit
(:class:`Extractor`): a malicious PDF or a zip bomb inside a ``.docx``/``.xlsx`` can neither
hang the audit nor exhaust its memory; it ends as ``timeout``, ``too_large`` or ``error``.
Zip archives are checked before they are opened (total uncompressed size, compression ratio,
number of entries).

Text from Thai PDFs is often damaged: a vowel or tone mark and its consonant doubled or
tripled ("ดำดำดำเนินินงาน"). :func:`repair_thai` undoes that and pythainlp's normalisation
fixes doubled or misordered marks; the raw text is kept beside the repaired one, and digits
and years, which survive, are read from the repaired text.
"""
from __future__ import annotations

import io
import json
import re
import select
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from pythainlp.util import normalize as thai_normalize

from ita_audit.evidence.archive import Archive, read_json
from ita_audit.util.atomic import atomic_write_text
from ita_audit.util.sources import decode_thai

STATUSES = ("ok", "ocr", "scanned", "empty", "unsupported", "too_large", "timeout", "error")
TEXT_VERSION = 1                       # of the cached text files; a change re-reads them
MAX_BYTES = 50 * 1024 * 1024           # documents larger than this are not read
MAX_PAGES = 300                        # PDF pages read
MAX_OCR_PAGES = 10                     # scanned pages read by OCR
TIMEOUT = 120.0                        # seconds per document
MEMORY = 2 * 1024 ** 3                 # bytes of address space for the reading worker
ZIP_MAX_TOTAL = 200 * 1024 * 1024      # uncompressed bytes of a .docx/.xlsx
ZIP_MAX_RATIO = 200                    # uncompressed / compressed, per entry
ZIP_MAX_ENTRIES = 5000
OCR_LANGUAGES = "tha+eng"


@dataclass(frozen=True)
class Page:
    """One page (a sheet of a workbook, the whole of an HTML or Word document)."""

    number: int
    text: str                          # repaired and normalised
    raw: str                           # as extracted


@dataclass(frozen=True)
class DocumentText:
    """What was read from one document."""

    kind: str                          # pdf, docx, xlsx, csv, html, text, image, unknown
    status: str                        # one of STATUSES
    pages: tuple[Page, ...] = ()
    method: str = ""                   # the library (and OCR engine) that read it
    message: str = ""

    @property
    def readable(self) -> bool:
        return self.status in ("ok", "ocr") and any(p.text.strip() for p in self.pages)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)

    def to_json(self) -> dict[str, Any]:
        return {"version": TEXT_VERSION, "kind": self.kind, "status": self.status,
                "method": self.method, "message": self.message,
                "pages": [{"number": p.number, "text": p.text, "raw": p.raw}
                          for p in self.pages]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocumentText | None:
        if data.get("version") != TEXT_VERSION:
            return None
        try:
            pages = tuple(Page(int(p["number"]), str(p["text"]), str(p["raw"]))
                          for p in data.get("pages", []))
            return cls(str(data["kind"]), str(data["status"]), pages, str(data["method"]),
                       str(data["message"]))
        except (KeyError, TypeError, ValueError):
            return None


# --- Thai repair ---------------------------------------------------------------------------

# A consonant with its vowel and tone marks, repeated right after itself: how Thai text drawn
# cluster by cluster comes out of a PDF ("ดำดำดำ", "นินิน", "ที่ที่").
_REPEATED_CLUSTER = re.compile("([\u0e01-\u0e2e][\u0e31\u0e33-\u0e3a\u0e47-\u0e4e]+)\\1+")


def repair_thai(raw: str) -> str:
    """Undo the repeated clusters of PDF extraction, then pythainlp's ``normalize`` (doubled
    or misordered marks, zero-width characters)."""
    return thai_normalize(_REPEATED_CLUSTER.sub(r"\1", raw))


def _page(number: int, raw: str) -> Page:
    return Page(number, repair_thai(raw), raw)


# --- telling kinds -------------------------------------------------------------------------

_CONTENT_TYPES = {"application/pdf": "pdf", "text/html": "html", "text/csv": "csv",
                  "text/plain": "text",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
                  "image/png": "image", "image/jpeg": "image", "image/tiff": "image"}
_EXTENSIONS = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".csv": "csv", ".txt": "text",
               ".html": "html", ".htm": "html", ".png": "image", ".jpg": "image",
               ".jpeg": "image", ".tif": "image", ".tiff": "image"}


def sniff(data: bytes, content_type: str | None = None, url: str | None = None) -> str:
    """The kind of a document: its magic bytes first, then the content type, then the URL."""
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError):
            return "unknown"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "unknown"
    if head[:8] in (b"\x89PNG\r\n\x1a\n",) or head[:3] == b"\xff\xd8\xff" \
            or head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image"
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered:
        return "html"
    if content_type in _CONTENT_TYPES:
        return _CONTENT_TYPES[content_type]
    if url:
        path = url.split("?")[0].lower()
        for ext, kind in _EXTENSIONS.items():
            if path.endswith(ext):
                return kind
    return "text"


# --- readers (run in the worker) -----------------------------------------------------------

class _Unreadable(Exception):
    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _check_zip(data: bytes) -> None:
    """Refuse zip bombs before opening a .docx/.xlsx."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError) as err:
        raise _Unreadable("error", f"not a valid zip archive ({err})") from None
    if len(infos) > ZIP_MAX_ENTRIES:
        raise _Unreadable("too_large", f"{len(infos)} entries in the archive (limit "
                          f"{ZIP_MAX_ENTRIES})")
    total = sum(info.file_size for info in infos)
    if total > ZIP_MAX_TOTAL:
        raise _Unreadable("too_large", f"{total:,} bytes once unzipped (limit "
                          f"{ZIP_MAX_TOTAL:,}): a zip bomb or too big to read")
    for info in infos:
        if info.compress_size and info.file_size / info.compress_size > ZIP_MAX_RATIO:
            raise _Unreadable("too_large", f"{info.filename} unzips {info.file_size:,} bytes "
                              f"from {info.compress_size:,}: a zip bomb")


def _read_pdf(data: bytes) -> DocumentText:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception as err:
            raise _Unreadable("error", f"encrypted PDF ({err})") from None
    pages = []
    for number, page in enumerate(reader.pages[:MAX_PAGES], start=1):
        pages.append(_page(number, page.extract_text() or ""))
    method = f"pypdf {pypdf.__version__}"
    note = f"; first {MAX_PAGES} of {len(reader.pages)} pages" if len(reader.pages) > MAX_PAGES \
        else ""
    if any(p.raw.strip() for p in pages):
        return DocumentText("pdf", "ok", tuple(pages), method, f"{len(pages)} pages{note}")
    images = []
    for number, page in enumerate(reader.pages[:MAX_OCR_PAGES], start=1):
        try:
            images.extend((number, image.image) for image in page.images)
        except Exception:
            continue
    return _ocr("pdf", images, method, len(reader.pages))


def _ocr(kind: str, images: list[tuple[int, Any]], method: str, total: int) -> DocumentText:
    """Read page images with Tesseract when it is installed."""
    engine = ocr_engine()
    if engine is None:
        return DocumentText(kind, "scanned", (), method, f"{total} page(s) without a text "
                            "layer; Tesseract with Thai data is not installed, so it was not "
                            "read (apt-get install tesseract-ocr tesseract-ocr-tha)")
    import pytesseract

    texts: dict[int, list[str]] = {}
    for number, image in images:
        texts.setdefault(number, []).append(
            pytesseract.image_to_string(image, lang=OCR_LANGUAGES, timeout=60))
    pages = tuple(_page(n, "\n".join(parts)) for n, parts in sorted(texts.items()))
    status = "ocr" if any(p.raw.strip() for p in pages) else "scanned"
    return DocumentText(kind, status, pages, f"{method}; {engine}",
                        f"{total} page(s) without a text layer, read by OCR"
                        + (f" (first {MAX_OCR_PAGES})" if total > MAX_OCR_PAGES else ""))


def ocr_engine() -> str | None:
    """``tesseract X.Y (tha+eng)`` when Tesseract and its Thai data are installed, else None."""
    if shutil.which("tesseract") is None:
        return None
    try:
        import pytesseract

        if "tha" not in pytesseract.get_languages(config=""):
            return None
        return f"tesseract {pytesseract.get_tesseract_version()} ({OCR_LANGUAGES})"
    except Exception:
        return None


def _read_docx(data: bytes) -> DocumentText:
    _check_zip(data)
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return DocumentText("docx", "ok", (_page(1, "\n".join(lines)),), "python-docx", "1 page")


def _read_xlsx(data: bytes) -> DocumentText:
    _check_zip(data)
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                                      keep_links=False)
    pages = []
    try:
        for number, sheet in enumerate(workbook.worksheets, start=1):
            rows = ("\t".join("" if v is None else str(v) for v in row)
                    for row in sheet.iter_rows(values_only=True))
            pages.append(_page(number, "\n".join(r for r in rows if r.strip())))
    finally:
        workbook.close()
    return DocumentText("xlsx", "ok", tuple(pages), f"openpyxl {openpyxl.__version__} "
                        "(cached values; formulas not evaluated)", f"{len(pages)} sheet(s)")


class _MainText(HTMLParser):
    """The text of an HTML page without scripts, styles, navigation, headers, footers, asides
    and forms; ``<main>``/``<article>`` when the page has one."""

    SKIP = frozenset("script style noscript template nav header footer aside form head "
                     "button select svg".split())
    BLOCK = frozenset("p div br li tr h1 h2 h3 h4 h5 h6 td th section article main table "
                      "ul ol dd dt".split())

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.main = 0
        self.parts: list[str] = []
        self.main_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skip += 1
        elif tag in ("main", "article"):
            self.main += 1
        if tag in self.BLOCK:
            self._add("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        elif tag in ("main", "article") and self.main:
            self.main -= 1
        if tag in self.BLOCK:
            self._add("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self._add(data)

    def _add(self, text: str) -> None:
        self.parts.append(text)
        if self.main:
            self.main_parts.append(text)

    def text(self) -> str:
        chosen = "".join(self.main_parts) if "".join(self.main_parts).strip() else "".join(self.parts)
        lines = (" ".join(line.split()) for line in chosen.split("\n"))
        return "\n".join(line for line in lines if line)


def _decode(data: bytes) -> str:
    try:
        return decode_thai(data, "<document>")[0]
    except ValueError:
        return data.decode("utf-8", errors="replace")


def _read_html(data: bytes) -> DocumentText:
    parser = _MainText()
    parser.feed(_decode(data))
    parser.close()
    return DocumentText("html", "ok", (_page(1, parser.text()),), "html.parser", "main text")


def _read_text(data: bytes, kind: str) -> DocumentText:
    chunks = _decode(data).replace("\r\n", "\n").split("\f")
    pages = tuple(_page(i, chunk) for i, chunk in enumerate(chunks, start=1))
    return DocumentText(kind, "ok", pages, "text", f"{len(pages)} page(s)")


def _read_image(data: bytes) -> DocumentText:
    from PIL import Image

    return _ocr("image", [(1, Image.open(io.BytesIO(data)))], "Pillow", 1)


_READERS = {"pdf": _read_pdf, "docx": _read_docx, "xlsx": _read_xlsx, "html": _read_html,
            "image": _read_image}


def read_bytes(data: bytes, kind: str) -> DocumentText:
    """Read a document in this process (the worker calls it; tests may too)."""
    if len(data) > MAX_BYTES:
        return DocumentText(kind, "too_large", (), "", f"{len(data):,} bytes, over the "
                            f"{MAX_BYTES:,} that are read")
    try:
        if kind in _READERS:
            document = _READERS[kind](data)
        elif kind in ("text", "csv"):
            document = _read_text(data, kind)
        else:
            return DocumentText(kind, "unsupported", (), "", "not a document kind that is read")
    except _Unreadable as err:
        return DocumentText(kind, err.status, (), "", err.message)
    except MemoryError:
        return DocumentText(kind, "too_large", (), "", "reading it needed more memory than "
                            "the limit")
    except RecursionError:
        return DocumentText(kind, "error", (), "", "nested too deeply to read")
    except Exception as err:
        return DocumentText(kind, "error", (), "", f"cannot be read: {type(err).__name__}: "
                            f"{str(err)[:200]}")
    if document.status == "ok" and not any(p.raw.strip() for p in document.pages):
        return DocumentText(kind, "empty", document.pages, document.method, "no text")
    return document


# --- the worker ------------------------------------------------------------------------------

def _limit_resources(memory: int) -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ImportError, ValueError, OSError):   # not on this platform: the timeout remains
        pass


def serve(memory: int = MEMORY) -> None:
    """The worker's loop (``python -m ita_audit.evidence.extract MEMORY``): read a header line
    ``<kind> <length>`` and that many bytes from stdin, answer one JSON line on stdout."""
    _limit_resources(memory)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        header = stdin.readline()
        if not header:
            return
        kind, length = header.decode("ascii").split()
        data = stdin.read(int(length))
        answer = read_bytes(data, kind).to_json()
        stdout.write(json.dumps(answer, ensure_ascii=False).encode("utf-8") + b"\n")
        stdout.flush()


@dataclass
class Extractor:
    """Reads documents one at a time in a worker process (``python -m
    ita_audit.evidence.extract``) with a memory limit; a document that takes longer than
    ``timeout`` seconds kills the worker (a fresh one takes over)."""

    timeout: float = TIMEOUT
    memory: int = MEMORY
    _process: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def worker_pid(self) -> int | None:
        """The reading worker's process id while it runs (for measuring it)."""
        return self._process.pid if self._process and self._process.poll() is None else None

    def _start(self) -> subprocess.Popen[bytes]:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "ita_audit.evidence.extract", str(self.memory)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        return self._process

    def close(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        try:
            process.stdin.close()                 # type: ignore[union-attr]
            process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            process.kill()
            process.wait()

    def _kill(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.wait()

    def read(self, data: bytes, kind: str) -> DocumentText:
        """Read one document within the limits."""
        if kind not in _READERS and kind not in ("text", "csv"):
            return read_bytes(data, kind)               # nothing to parse: no worker needed
        if len(data) > MAX_BYTES:
            return read_bytes(data, kind)               # refused before it is sent
        process = self._process if self._process and self._process.poll() is None \
            else self._start()
        try:
            process.stdin.write(f"{kind} {len(data)}\n".encode("ascii") + data)  # type: ignore[union-attr]
            process.stdin.flush()                                                # type: ignore[union-attr]
            ready, _, _ = select.select([process.stdout], [], [], self.timeout)
            if not ready:
                self._kill()
                return DocumentText(kind, "timeout", (), "", f"reading took more than "
                                    f"{self.timeout:g} s; stopped")
            line = process.stdout.readline()                                     # type: ignore[union-attr]
        except (OSError, ValueError):
            line = b""
        if not line:
            self._kill()
            return DocumentText(kind, "error", (), "", "the reading process died (out of "
                                "memory or killed)")
        try:
            result = DocumentText.from_json(json.loads(line))
        except ValueError:
            result = None
        return result or DocumentText(kind, "error", (), "", "unreadable result")


def read_archived(archive: Archive, sha256: str, extractor: Extractor | None = None,
                  content_type: str | None = None, url: str | None = None) -> DocumentText:
    """The text of an archived document: from ``text/<sha256>.json`` when it was read before,
    else read now (and kept there when the archive is writable)."""
    cached = read_json(archive.text_file(sha256))
    if cached is not None and (document := DocumentText.from_json(cached)) is not None:
        return document
    record = next((r for r in archive.records if r.sha256 == sha256), None)
    data = archive.read(sha256)
    kind = sniff(data, content_type or (record.content_type if record else None),
                 url or (record.final_url or record.url if record else None))
    if extractor is None:
        with Extractor() as own:
            document = own.read(data, kind)
    else:
        document = extractor.read(data, kind)
    try:
        atomic_write_text(archive.text_file(sha256),
                          json.dumps(document.to_json(), ensure_ascii=False, indent=1) + "\n")
    except OSError:                       # a read-only archive: read again next time
        pass
    return document


def first_lines(document: DocumentText, count: int = 15) -> list[tuple[int, str]]:
    """(page, line) of the first non-empty lines: the title block a document states its
    period in."""
    out: list[tuple[int, str]] = []
    for page in document.pages:
        for line in page.text.split("\n"):
            if line.strip():
                out.append((page.number, line.strip()))
                if len(out) >= count:
                    return out
    return out


def find(document: DocumentText, needles: Iterable[str]) -> tuple[int, str] | None:
    """The first (page, line) holding any of ``needles``, whitespace ignored (PDF text splits
    words), or None."""
    squashed = ["".join(n.split()) for n in needles if n.strip()]
    for page in document.pages:
        for line in page.text.split("\n"):
            flat = "".join(line.split())
            if any(n in flat for n in squashed):
                return page.number, line.strip()
    return None


if __name__ == "__main__":
    serve(int(sys.argv[1]) if len(sys.argv) > 1 else MEMORY)
