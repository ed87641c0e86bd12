"""Matplotlib figures with Thai labels in the bundled Loma font (TLWG; no tofu boxes), rendered
deterministically.
"""
from __future__ import annotations

import io
from functools import lru_cache

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure

from ita_audit.view.page_fonts import FONT_DIR

THAI_FONT = "Loma"
DPI = 100
PNG_COLORS = 128          # enough for the verdict colours and the anti-aliased Thai text
VERDICT_COLORS = {"pass": "#2e7d32", "review": "#f9a825", "fail": "#c62828"}


def plain(text: str) -> str:
    """Document text as literal chart text: a ``$`` would start Matplotlib mathtext."""
    return str(text).replace("$", r"\$")


def new_figure(figsize: tuple[float, float]) -> Figure:
    """A bare figure (no pyplot: nothing global to close) at :data:`DPI`, on the Agg canvas
    :meth:`Chart.png` draws with: ``tight_layout`` then measures the texts with the renderer
    that draws them, and the drawing reuses those measurements (Thai text layout is most of
    a chart's cost) instead of measuring every label again."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = Figure(figsize=figsize, dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


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
        """The figure drawn at :data:`DPI` dpi as a palette PNG of :data:`PNG_COLORS` colours (fast
        octree, no dithering: deterministic), a quarter of the size of matplotlib's RGBA PNG
        and alike to the eye; no metadata (so no timestamp or software version)."""
        import numpy
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from PIL import Image

        self.figure.set_dpi(DPI)
        canvas = self.figure.canvas
        if not isinstance(canvas, FigureCanvasAgg):
            canvas = FigureCanvasAgg(self.figure)
        canvas.draw()
        rgb = Image.fromarray(numpy.asarray(canvas.buffer_rgba()), "RGBA").convert("RGB")
        palette = rgb.quantize(PNG_COLORS, method=Image.Quantize.FASTOCTREE,
                               dither=Image.Dither.NONE)
        out = io.BytesIO()
        palette.save(out, format="PNG", compress_level=6)
        return out.getvalue()

    def _repr_png_(self) -> bytes:
        return self.png()

    def __repr__(self) -> str:
        return f"<แผนภูมิ: {self.title}>"
