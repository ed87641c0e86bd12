"""Thai tables for the notebooks: escaped HTML fragments, the record header, findings and
provenance tables shared by every audit kind.

Untrusted text (document titles, URLs, agency names) is always HTML-escaped. Output is
deterministic: no ids, timestamps or memory addresses.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd

from ita_audit.findings import Finding
from ita_audit.thai import thai_date
from ita_audit.view.numbers import format_frame, format_number

BASIS_TH = {"fiscal": "ปีงบประมาณ", "calendar": "ปีปฏิทิน", None: "-"}


class Html:
    """A bare HTML fragment that Jupyter displays (avoids IPython display objects' ids)."""

    def __init__(self, markup: str) -> None:
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return f"<{len(self.markup)} characters of HTML>"


def show(frame: pd.DataFrame, index: bool = False, *, empty: str | None = None) -> Html:
    """A table as escaped, left-aligned HTML with full cell text (pandas would truncate at 50)
    and every number written by the one rule of :mod:`ita_audit.view.numbers`; a table with no
    rows is the sentence ``empty`` instead, when one is given."""
    if empty is not None and frame.empty:
        return Html(f"<p>{html.escape(empty)}</p>")
    if index and frame.index.nlevels == frame.columns.nlevels == 1 and \
            frame.index.name is not None and frame.columns.name is None:
        # the index's name heads its column, in the one header row (pandas would add a
        # second header row holding only that name)
        frame = frame.rename_axis(index=None, columns=frame.index.name)
    shown = format_frame(frame)
    label, nowrap = _label_columns(shown, index)
    with pd.option_context("display.max_colwidth", None):
        table = shown.to_html(index=index, escape=True, border=0,
                              classes=["ita-table", *([label] if label else [])], na_rep="-")
    # pandas indents every tag on its own line; the layout is the same without (cell text is
    # escaped, so only the space between tags goes), and a record holds each table 2-3 times.
    return Html(f"<style>{TABLE_CSS}{nowrap}</style>{_BETWEEN_TAGS.sub('><', table)}")


#: A cell this short without a space is a label ("ไม่ผ่าน", "รอตรวจ", "ผิดพลาด"): a browser
#: would break it between its Thai words in a narrow column ("ไม่ / ผ่าน"), and the second
#: line alone reads as the opposite verdict.
LABEL_CHARS = 10


def _label_columns(frame: pd.DataFrame, index: bool) -> tuple[str, str]:
    """(a class naming the table's columns of short labels, the CSS keeping them on one
    line): derived from the columns' positions, so the same table gives the same bytes."""
    columns = [frame.index.to_series()] if index else []
    columns += [frame.iloc[:, i] for i in range(frame.shape[1])]
    numbers = [n for n, column in enumerate(columns, start=1) if len(column) and all(
        isinstance(v, str) and 0 < len(v) <= LABEL_CHARS and " " not in v for v in column)]
    if not numbers:
        return "", ""
    label = "ita-nw" + "-".join(map(str, numbers))
    cells = ",".join(f".{label} td:nth-child({n})" for n in numbers)
    return label, f"{cells}{{white-space:nowrap}}"


_BETWEEN_TAGS = re.compile(r">\n\s*<")


def record_header(agency_name: str, agency: str, facts: Sequence[tuple[str, str]]) -> Html:
    """A record's first line: the agency (name and id, escaped here), then ``facts`` as
    (label, HTML) pairs whose values the caller has already escaped."""
    esc = html.escape
    parts = [("หน่วยงาน", f"{esc(agency_name)} (<code>{esc(agency)}</code>)"), *facts]
    return Html("<p>" + " · ".join(f"<strong>{label}:</strong> {value}" for label, value in parts)
                + "</p>")


TABLE_CSS = (":is(.ita-items,.ita-table) :is(td,th){text-align:left!important;vertical-align:top}"
             ".ita-items td:not(:nth-child(2)):nth-child(-n+5){white-space:nowrap}"
             # an agency's title or URL without a space must not widen the whole table
             ".ita-items td:nth-child(n+6){overflow-wrap:anywhere;min-width:12em}"
             ".ita-items ul{margin:0;padding-left:1.1em}")   # in every table: kept short


_ISO_DATE = re.compile(r"(?<![0-9])([0-9]{4})-([0-9]{2})-([0-9]{2})(?![0-9])")
_ISO_BOUNDS = re.compile(r"^<= |(?<=[0-9])\.\.(?=[0-9])")


def thai_dates(text: str) -> str:
    """A finding's value as a Thai reader reads it: the ISO dates the checks record
    (``2015-12-29``) as Buddhist-Era dates (``29/12/2558``), a range ``a..b`` as ``a ถึง b``
    and a bound ``<= a`` as ``ไม่หลัง a``; other text as it is."""
    if _ISO_DATE.search(text) is None:
        return text

    def day(match: re.Match[str]) -> str:
        try:
            return thai_date(date(*map(int, match.groups())), "numeric")
        except ValueError:
            return match.group()

    text = _ISO_BOUNDS.sub(lambda m: "ไม่หลัง " if m.group() == "<= " else " ถึง ", text)
    return _ISO_DATE.sub(day, text)


SEVERITY_TH = {"error": "ผิดพลาด", "warning": "เตือน", "info": "ข้อสังเกต"}
FINDING_COLUMNS = ["ระดับ", "การตรวจ", "ตาราง", "ปี", "แถว", "บรรทัด", "ค่าที่ควรเป็น",
                   "ค่าที่รายงาน", "รายละเอียด"]


def findings_frame(findings: Sequence[Finding], *, table_names: Mapping[str, str] | None = None,
                   row_label: str = "แถว") -> pd.DataFrame:
    """Findings (HR, plan, policy) as one Thai table: severity, check, source table, year, row
    (``row_label`` names what a row is, e.g. the measure), line, expected, stated, message."""
    names = table_names or {}

    def shown(v: Any) -> str:
        if v is None:
            return "-"
        if isinstance(v, (list, tuple)):
            return ", ".join(map(str, v)) or "(ไม่มี)"
        if isinstance(v, Decimal):
            return format_number(v)                                     # figures as stated
        return thai_dates(str(v))

    rows = [[SEVERITY_TH[f.severity], f.check, names.get(f.table, f.table), f.year or "-",
             f.row or "-", f.line or "-", shown(f.expected), shown(f.actual), f.message]
            for f in findings]
    columns = [row_label if c == "แถว" else c for c in FINDING_COLUMNS]
    return pd.DataFrame(rows, columns=columns)


def provenance_frames(prov: Mapping[str, Any]) -> dict[str, pd.DataFrame]:
    """Provenance as three tables: inputs, packages, parameters."""
    inputs = pd.DataFrame(prov["inputs"]).rename(columns={"role": "บทบาท", "path": "ไฟล์",
                                                          "sha256": "SHA-256"})
    packages = pd.DataFrame(sorted(prov["packages"].items()), columns=["แพ็กเกจ", "รุ่น"])
    parameters = pd.DataFrame(list(parameter_rows(prov["parameters"])),
                              columns=["พารามิเตอร์", "ค่า"])
    return {"inputs": inputs, "packages": packages, "parameters": parameters}


def parameter_rows(parameters: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    """(key, value) rows of a record's parameters as a params file writes them: a mapping one
    row per key (``overrides.O19.verdict``; an empty one "-"), a list its items joined by
    commas, text as it is (no quotes, no Python ``repr``), nothing "-"."""
    for key, value in parameters.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            yield from parameter_rows(value, f"{name}.")
        elif isinstance(value, (list, tuple)):
            yield name, ", ".join(map(str, value)) or "-"
        elif value is None or (isinstance(value, Mapping) and not value) or value == "":
            yield name, "-"
        else:
            yield name, str(value)
