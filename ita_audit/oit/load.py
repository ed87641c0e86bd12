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

from ita_audit.errors import InputError
from ita_audit.oit import import_html
from ita_audit.oit.disclosure import DisclosureIndex
from ita_audit.oit.import_html import looks_like_html
from ita_audit.oit.import_table import parse_table
from ita_audit.oit.import_text import parse_text
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


def detect_format(source: SourceText) -> str:
    """``html`` when the text opens with a doctype or an HTML tag (comments skipped);
    ``tsv``/``csv`` when the first non-empty line is a header naming item and title; else
    ``text``."""

    if looks_like_html(source.text):
        return "html"
    first = next((line for line in source.lines if line.strip()), "")
    for fmt, sep in (("tsv", "\t"), ("csv", ",")):
        header = [cell.strip().lower() for cell in first.split(sep)]
        if "item" in header and "title" in header:
            return fmt
    return "text"


def check_items(index: DisclosureIndex, valid_items: Sequence[str]) -> None:
    valid = set(valid_items)
    for doc in index.documents:
        if doc.item not in valid:
            line = index.heading_lines.get(doc.item, doc.line)
            raise InputError(index.path, f"unknown item {doc.item}", where=f"line {line}",
                             fix=f"use one of {valid_items[0]}…{valid_items[-1]} of the criteria")
