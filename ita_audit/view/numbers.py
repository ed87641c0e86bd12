"""The one rule for numbers in every record: counts are whole numbers with thousands
separators (``1,856``), a figure read from a document keeps the precision it was stated with
(``47,011.31``, ``2.50``), and a computed share, score or ratio shows two decimals (``62.79``).
Years, line numbers and other identifiers are labels, shown as they are (``2562``)."""
from __future__ import annotations

import numbers
from decimal import Decimal
from typing import Any

import pandas as pd

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


def _is_number(value: Any) -> bool:
    return isinstance(value, (numbers.Real, Decimal)) and not isinstance(value, bool)
