"""Matplotlib figures with Thai labels in the bundled Loma font (TLWG; no tofu boxes), rendered
deterministically.
"""
from __future__ import annotations

import io
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

import matplotlib
from matplotlib import font_manager
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.text import Text

from ita_audit.view.page_fonts import FONT_DIR

if TYPE_CHECKING:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

THAI_FONT = "Loma"
DPI = 100
PNG_COLORS = 128          # enough for the verdict colours and the anti-aliased Thai text
VERDICT_COLORS = {"pass": "#2e7d32", "review": "#f9a825", "fail": "#c62828"}


def plain(text: str) -> str:
    """Document text as literal chart text: a ``$`` would start Matplotlib mathtext."""
    return str(text).replace("$", r"\$")


def short_label(text: str, limit: int) -> str:
    """``text`` (made :func:`plain`) in at most ``limit`` characters for a chart label: cut
    after the last whole Thai word that fits (pythainlp's newmm tokenizer; Thai writes no
    spaces between words), never inside one nor between a letter and its vowel or tone
    marks, the cut marked with ``…``."""
    text = plain(text)
    if len(text) <= limit:
        return text
    from pythainlp.tokenize import word_tokenize

    kept = ""
    for word in word_tokenize(text[:limit * 2], engine="newmm"):
        if len(kept) + len(word) > limit - 1:
            break
        kept += word
    if not kept.strip():                # one word longer than the label: cut inside it
        kept = text[:limit - 1]
    while kept and unicodedata.category(text[len(kept)]) == "Mn":
        kept = kept[:-1]                # keep a letter and its marks together
    if kept.count("(") > kept.count(")") and kept[:kept.rfind("(")].strip():
        kept = kept[:kept.rfind("(")]               # no bracket left open
    return kept.rstrip().rstrip("\"'“‘").rstrip() + "…"


def short_labels(texts: Sequence[str], limit: int) -> list[str]:
    """:func:`short_label` of each text, longer where two would read the same (two suppliers
    "บริษัท ไทยเครื่องเขียนและอุปกรณ์…" are two bars): such labels get twice the room, then
    their whole text."""
    labels = [short_label(text, limit) for text in texts]
    for room in (2 * limit, None):
        seen = Counter(labels)
        if len(seen) == len(labels):
            break
        labels = [label if seen[label] == 1 else
                  plain(text) if room is None else short_label(text, room)
                  for label, text in zip(labels, texts, strict=True)]
    return labels


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
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        self.figure.set_dpi(DPI)
        canvas = self.figure.canvas
        if not isinstance(canvas, FigureCanvasAgg):
            canvas = FigureCanvasAgg(self.figure)
        canvas.draw()
        return _png(canvas)

    def _repr_png_(self) -> bytes:
        return self.png()

    def __repr__(self) -> str:
        return f"<แผนภูมิ: {self.title}>"


def _png(canvas: FigureCanvasAgg) -> bytes:
    """What a drawn Agg canvas shows, as :meth:`Chart.png` writes it."""
    import numpy
    from PIL import Image

    rgb = Image.fromarray(numpy.asarray(canvas.buffer_rgba()), "RGBA").convert("RGB")
    palette = rgb.quantize(PNG_COLORS, method=Image.Quantize.FASTOCTREE,
                           dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, format="PNG", compress_level=6)
    return out.getvalue()


class DrawnChart:
    """A chart already drawn: its PNG and its title, shown by Jupyter as :class:`Chart` is."""

    def __init__(self, png: bytes, title: str) -> None:
        self._png = png
        self.title = title

    def png(self) -> bytes:
        return self._png

    def _repr_png_(self) -> bytes:
        return self._png

    def __repr__(self) -> str:
        return f"<แผนภูมิ: {self.title}>"


class Backdrop:
    """A figure whose fixed parts are drawn once and kept as pixels, for charts that differ
    only in a few artists (the bars and the title of one agency's chart).

    Drawing a chart's Thai labels is most of its cost (matplotlib shapes every string with
    FreeType, about 2 ms each), and a year's sub-indicator labels, ticks, legend and axis
    label are the same for every agency. The backdrop draws the figure once with the
    artists that change hidden: ``moving`` (drawn first, e.g. the bars) and ``over`` (what a
    full draw paints after them and over them: the spines, the title; a text is hidden by
    emptying it, so that an Axes places its title as it would with a text). Each chart then sets
    the moving artists (``update``), restores those pixels and draws ``moving`` then ``over``,
    in the order a full draw would. Nothing else of the figure may overlap them, so the chart
    is the full draw of the same figure, pixel for pixel (tests compare the two).

    One chart at a time (a lock): the artists are shared.
    """

    def __init__(self, figure: Figure, moving: Sequence[Artist], over: Sequence[Artist]) -> None:
        self.figure = figure
        self.moving = tuple(moving)
        self.over = tuple(over)
        self._lock = threading.Lock()
        # hidden while the rest is drawn: a text by emptying it (an Axes places a title
        # that has a text above everything, and an invisible one would be moved off the
        # figure), any other artist by making it invisible
        texts = [artist for artist in (*self.moving, *self.over) if isinstance(artist, Text)]
        others = [artist for artist in (*self.moving, *self.over) if not isinstance(artist, Text)]
        words = [text.get_text() for text in texts]
        shown = [artist.get_visible() for artist in others]
        for text in texts:
            text.set_text("")
        for artist in others:
            artist.set_visible(False)
        canvas = figure.canvas
        canvas.draw()
        self._pixels = canvas.copy_from_bbox(figure.bbox)
        for text, word in zip(texts, words):
            text.set_text(word)
        for artist, visible in zip(others, shown):
            artist.set_visible(visible)

    def draw(self, update: Callable[[], None], title: str) -> DrawnChart:
        """The chart after ``update()`` has set the moving artists (and the title's text)."""
        with self._lock:
            update()
            canvas = self.figure.canvas
            renderer = canvas.get_renderer()
            canvas.restore_region(self._pixels)
            for artist in (*self.moving, *self.over):
                artist.draw(renderer)
            return DrawnChart(_png(canvas), title)
