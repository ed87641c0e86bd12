"""Import a disclosure index in the seed's text format: ``oN.`` item headings, ``-``/``*`` bullets
with ragged indentation (non-breaking spaces included), sub-headings such as ``ปี 2566`` or
``(1) การสรรหา…`` and lines of bare month names (one document per month). Item headings that
stand together with nothing between them ("o19." then "o20.") head one shared list.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple

from ita_audit.errors import WrongDocumentError
from ita_audit.oit.disclosure import (
    CONTEXT_LINE,
    DOCUMENT,
    INDEX_FIX,
    DisclosureIndex,
    Document,
    clean_text,
)
from ita_audit.thai import month_names_line, parse_month, parse_thai_date, to_arabic_digits
from ita_audit.util.sources import SourceText

_HEADING = re.compile(r"^(?:OIT\s*|[Oo]\s*)0*([1-9][0-9]?)(?:\s*[.)]\s*|\s+|$)(.*)$")
_BULLET = re.compile(r"^([-*•·]+)\s*(.*)$")


def parse_text(source: SourceText) -> DisclosureIndex:
    index = DisclosureIndex(path=source.path, format="text", encoding=source.encoding,
                            sha256=source.sha256, documents=[])
    item: str | None = None
    context = ""
    has_docs: set[str] = set()
    runs: list[list[str]] = []            # item headings standing together over one list
    listed_since_heading = True
    headings = index.heading_lines
    lines = [_classify(clean_text(raw)) for raw in source.lines]
    group_heading = _group_heading_flags(lines)
    for number, line in enumerate(lines, start=1):
        if line.kind == "blank":
            continue
        if line.kind == "heading":
            item, context = f"O{int(line.match.group(1))}", ""
            if listed_since_heading:
                runs.append([item])
            elif item not in runs[-1]:
                runs[-1].append(item)
            listed_since_heading = False
            if item in headings:
                index.warnings.append(f"line {number}: {item} listed again (first at line "
                                      f"{headings[item]}); documents merged")
            headings.setdefault(item, number)
            index.labels.setdefault(item, clean_text(line.match.group(2)))
            continue
        listed_since_heading = True
        title = clean_text(line.match.group(2)) if line.kind == "bullet" else ""
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
        raise WrongDocumentError(source.path, DOCUMENT, "no OIT item headings such as 'o1. …'",
                                 fix=INDEX_FIX)
    index.documents = share_runs(index.documents, runs)
    index.documents.sort(key=lambda d: (int(d.item[1:]), d.line))
    return index


def share_runs(documents: list[Document], runs: Sequence[Sequence[str]]) -> list[Document]:
    """Mark the documents under the last of several headings that stand together ("o19." then
    "o20." over one list), and the bare headings of the others, as shared by the run."""
    shared: dict[str, tuple[str, ...]] = {}
    holders = {doc.item for doc in documents if not doc.is_heading_only}
    for run in runs:
        if len(run) > 1 and run[-1] in holders:
            for item in run:
                shared[item] = tuple(other for other in run if other != item)
    if not shared:
        return documents
    return [replace(doc, shared_with=shared[doc.item]) if doc.item in shared else doc
            for doc in documents]


class _Line(NamedTuple):
    """One cleaned line of the text format and what it is."""

    kind: str                         # blank, heading, bullet, months, context or plain
    text: str
    match: re.Match[str] | None = None    # the heading or bullet match
    months: tuple[str, ...] = ()


def count_headings(text: str) -> int:
    """How many distinct OIT item headings (``oN.`` lines) a text has."""
    return len({line.match.group(1) for raw in text.split("\n")
                if (line := _classify(clean_text(raw))).kind == "heading"})


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
    return _Line("context" if CONTEXT_LINE.match(digits) else "plain", line)


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
    if not tokens:
        return []
    if all(parse_month(token) is not None for token in tokens):
        return tokens
    return month_names_line(line)       # abbreviations spaced inside ("ต. ค.")


def _note_preamble(index: DisclosureIndex, line: str) -> None:
    """Take the capture date from the lines before the first item (a bare Thai date)."""
    if index.captured is None:
        found = parse_thai_date(line)
        if found is not None and re.fullmatch(r"[\d\s\u0e00-\u0e7f.]+", line):
            index.captured = found.isoformat()
