"""Read an agency's OIT disclosure index, whatever its format (detected, not declared):

* the seed's text format (:mod:`ita_audit.oit.import_text`);
* a canonical TSV or CSV table (:mod:`ita_audit.oit.import_table`);
* a saved OIT web page, HTML in UTF-8 (:mod:`ita_audit.oit.import_html`); relative links need
  ``base_url``.

Every item id is normalised (``o1``, ``O 1``, ``O01``, ``O๑``, ``OIT 1`` -> ``O1``).
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ita_audit.criteria.files import CRITERIA_TEXT, looks_like_criteria_text
from ita_audit.errors import InputError, WrongDocumentError
from ita_audit.oit import import_html
from ita_audit.oit.disclosure import DOCUMENT, INDEX_FIX, DisclosureIndex
from ita_audit.oit.import_html import looks_like_html
from ita_audit.oit.import_table import parse_table
from ita_audit.oit.import_text import count_headings, parse_text
from ita_audit.util.sources import SourceText, read_source


def load_disclosure(path: str | Path, valid_items: Sequence[str] | None = None,
                    base_url: str | None = None) -> DisclosureIndex:
    """Read and normalise a disclosure index, detecting its format.

    ``valid_items`` (the criteria's item ids) turns unknown items into an InputError that names
    the line. ``base_url`` (an http(s) URL: the address the page was saved from) resolves the
    relative links of an HTML page. Raises InputError for empty, undecodable or malformed files.
    """

    import_html.check_base_url(base_url)
    # HTML is sniffed on the bytes first, so that a page in another encoding is refused
    # (pages must be UTF-8) rather than decoded as cp874 like a text index.
    source = None if import_html.sniff_html_file(Path(path)) else read_source(path)
    if source is not None and looks_like_criteria_text(source.text):
        raise WrongDocumentError(source.path, DOCUMENT, "", fix=f"{INDEX_FIX}; the criteria of "
                                 "each year are data/criteria/ita-<year>.yaml",
                                 looks_like=CRITERIA_TEXT)
    fmt = "html" if source is None else detect_format(source)
    if source is None or fmt == "html":
        index = import_html.load_html(path, base_url=base_url)
    elif fmt in ("tsv", "csv"):
        index = parse_table(source, "\t" if fmt == "tsv" else ",", fmt)
    else:
        index = parse_text(source)
    if valid_items is not None:
        check_items(index, valid_items)
    return index


TABLE_HEADER_WORDS = frozenset(("item", "title", "url", "context", "level"))


def detect_format(source: SourceText) -> str:
    """``html`` when the text opens with a doctype or an HTML tag (comments skipped);
    ``tsv``/``csv`` when the first non-empty line is a header naming columns of the table
    (``item``, or two of item, title, url …; a header that lacks one is then refused, naming
    it, rather than read as text with a tab or a comma in it); else ``text``."""
    if looks_like_html(source.text):
        return "html"
    first = next((line for line in source.lines if line.strip()), "")
    for fmt, sep in (("tsv", "\t"), ("csv", ",")):
        header = {cell.strip().lower() for cell in first.split(sep)}
        if sep in first and ("item" in header or len(header & TABLE_HEADER_WORDS) >= 2):
            return fmt
    return "text"


def looks_like(text: str) -> bool:
    """True for a disclosure index: two or more ``oN.`` item headings, a table header naming
    its columns, or an HTML page (whose ids are checked when it is read); never the criteria
    text, which lists items too."""
    if looks_like_criteria_text(text):
        return False
    source = SourceText(path=Path("<text>"), text=text, encoding="utf-8", sha256="")
    return detect_format(source) != "text" or count_headings(text) >= 2


def check_items(index: DisclosureIndex, valid_items: Sequence[str]) -> None:
    valid = set(valid_items)
    for doc in index.documents:
        if doc.item not in valid:
            line = index.heading_lines.get(doc.item, doc.line)
            raise InputError(index.path, f"unknown item {doc.item}", where=f"line {line}",
                             fix=f"use one of {valid_items[0]}…{valid_items[-1]} of the criteria")
