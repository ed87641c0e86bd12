"""The one rule for numbers in every record: counts are whole numbers with thousands
separators (``1,856``), a figure read from a document keeps the precision it was stated with
(``47,011.31``, ``2.50``), and a computed share, score or ratio shows two decimals (``62.79``).
Years, line numbers and other identifiers are labels, shown as they are (``2562``)."""
from __future__ import annotations

import numbers
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd

from ita_audit.thai import thai_date

#: Columns that hold identifiers (years, line numbers, item and indicator numbers), never
#: grouped with thousands separators.
LABEL_COLUMNS = frozenset({"ปี", "ปีงบประมาณ", "year", "บรรทัด", "line", "ลำดับ", "ข้อ",
                           "ตัวชี้วัด", "รอบ", "item", "มาตรการ", "แถว"})
MISSING = "-"


def format_number(value: Any) -> str:
    """A number as a record shows it: an int (a count) with thousands separators; a Decimal (a
    stated figure) with its own decimals; a float (a computed share or score) with two
    decimals; None and NaN as ``-``. Anything else as ``str``."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return MISSING
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, numbers.Integral):          # int, numpy's integers
        return f"{int(value):,}"
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        exponent = value.as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
        return f"{value:,.{places}f}"
    if isinstance(value, numbers.Real):              # float, numpy's floats
        return f"{float(value):,.2f}"
    return str(value)


def format_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every number written by :func:`format_number` (counts with gaps belong
    in a nullable ``Int64`` column, not in floats); label columns (:data:`LABEL_COLUMNS`) are
    left as they are."""
    out = frame.copy()
    for position, name in enumerate(frame.columns):
        column = frame.iloc[:, position]
        if str(name) in LABEL_COLUMNS or pd.api.types.is_bool_dtype(column):
            continue
        if pd.api.types.is_numeric_dtype(column):
            shown = column.map(format_number, na_action=None)
        elif column.map(_is_number).any():
            shown = column.map(lambda v: format_number(v) if _is_number(v) else v)
        else:
            continue
        out.isetitem(position, shown.astype(object))
    return out


def format_value(value: Any) -> str:
    """A value a finding expected or found, as a reader reads it: an int as it is (a year, a
    count of rows); other numbers by :func:`format_number` (a whole float, an amount, with
    thousands separators: ``84,200``); a date in the Thai way with its BE year
    (``20/04/2568``), and a pair of dates (a tuple) as the range ``01/10/2567–30/09/2568``;
    other lists joined by commas, mappings as ``key value`` pairs; None as empty; text as it
    is (a cell's raw text is never rewritten: '2366-10-01' stays what the table says)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return thai_date(value, "numeric")
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return str(int(value))                  # a year, a row count: a label as it is
    if isinstance(value, float) and value.is_integer():
        return format_number(int(value))        # an amount read as a float
    if _is_number(value):
        return format_number(value)
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, date) for v in value):
        return "–".join(format_value(v) for v in value)
    if isinstance(value, (list, tuple)):
        return ", ".join(format_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k} {format_value(v)}" for k, v in value.items())
    return str(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (numbers.Real, Decimal)) and not isinstance(value, bool)
