"""Text for a terminal: display widths of Thai text (combining marks take no column), clipping
and fixed-width tables.
"""
from __future__ import annotations

import unicodedata


def _columns(ch: str) -> int:
    """Terminal columns of one character: Thai combining marks take none."""
    return 0 if unicodedata.combining(ch) or unicodedata.category(ch) == "Mn" else 1


def _width(text: str) -> int:
    """Display width in a terminal: Thai combining marks take no column."""
    return sum(map(_columns, text))


def _pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal columns."""
    return text + " " * max(0, width - _width(text))


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal columns, the cut marked with ``…``."""
    used = 0
    for end, ch in enumerate(text):
        used += _columns(ch)
        if used > width:
            return text[:max(0, end - 1)] + "…"
    return text


def fixed_width(header: list[str], rows: list[list[str]]) -> list[str]:
    """Rows as terminal lines, columns padded to their widest cell (Thai marks take no column)."""
    widths = [max(_width(row[i]) for row in rows + [header]) for i in range(len(header))]
    return ["  ".join(_pad(cell, w) for cell, w in zip(row, widths)).rstrip()
            for row in [header] + rows]


def clip_words(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` terminal columns at a word boundary (pythainlp's
    word segmentation: Thai writes no spaces between words), the cut marked with ``…``; a
    first word longer than ``width`` is cut inside, as :func:`clip` does."""
    if _width(text) <= width:
        return text
    from pythainlp.tokenize import word_tokenize

    kept, used = [], 0
    for word in word_tokenize(text, keep_whitespace=True):
        used += _width(word)
        if used > width - 1:                       # room for the mark
            break
        kept.append(word)
    head = "".join(kept).rstrip()
    return f"{head}…" if head else clip(text, width)

