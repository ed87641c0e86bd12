"""Matplotlib figures with Thai labels in the bundled Loma font (TLWG; no tofu boxes), rendered
deterministically.
"""
from __future__ import annotations

import io
from functools import lru_cache
from typing import TYPE_CHECKING

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure

from ita_audit.view.page_fonts import FONT_DIR

if TYPE_CHECKING:
    pass

THAI_FONT = "Loma"
VERDICT_COLORS = {"pass": "#2e7d32", "review": "#f9a825", "fail": "#c62828"}


def plain(text: str) -> str:
    """Document text as literal chart text: a ``$`` would start Matplotlib mathtext."""
    return str(text).replace("$", r"\$")


@lru_cache(maxsize=1)
def use_thai_font() -> str:
    """Register the bundled Thai font (which also covers Latin) and make it the default."""
    for font in sorted(FONT_DIR.glob("*.ttf")):
        font_manager.fontManager.addfont(str(font))
    matplotlib.rcParams["font.family"] = [THAI_FONT, "DejaVu Sans"]
    matplotlib.rcParams["svg.hashsalt"] = "ita-audit"
    return THAI_FONT


class Chart:
    """A figure that Jupyter shows as PNG, rendered deterministically (no timestamps or
    software versions in the PNG metadata, fixed DPI)."""

    def __init__(self, figure: Figure, title: str) -> None:
        self.figure = figure
        self.title = title

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
        return buffer.getvalue()

    def _repr_png_(self) -> bytes:
        return self.png()

    def __repr__(self) -> str:
        return f"<แผนภูมิ: {self.title}>"
