"""Charts of an OIT audit.

The chart of the verdicts per sub-indicator has the same labels, axes and legend for every
agency of a criteria year; only the bars and the title change. Those fixed parts are drawn once
per year (:class:`ita_audit.view.charts.Backdrop`, kept by :func:`backdrop`; the warm-kernel
server draws them before it forks a kernel per record, :func:`warm_up`), and each agency's
chart draws only its bars, the spines over them and its title.
"""
from __future__ import annotations

from functools import lru_cache

from matplotlib.patches import Rectangle
from matplotlib.text import Text

from ita_audit.criteria.files import load_criteria
from ita_audit.criteria.model import Criteria
from ita_audit.findings import VERDICT_TH
from ita_audit.oit.results import OitAudit
from ita_audit.view.charts import (
    VERDICT_COLORS,
    Backdrop,
    DrawnChart,
    new_figure,
    use_thai_font,
)

#: The verdicts stacked in each bar, left to right.
STACKED = ("pass", "review", "fail")
#: The title's first words, which the layout makes room for (the agency's name follows them).
TITLE = "ผลการตรวจ OIT รายตัวชี้วัดย่อย"


def verdicts_by_sub_indicator(audit: OitAudit) -> DrawnChart:
    """Stacked horizontal bars: how many items pass, await review or fail per sub-indicator."""
    subs = [sub.id for ind in audit.criteria.indicators for sub in ind.sub_indicators]
    counts = {verdict: [sum(1 for r in audit.items
                            if r.item.sub_indicator == sub and r.verdict == verdict)
                        for sub in subs] for verdict in STACKED}
    drawing = year_backdrop(audit.criteria)
    title = f"{TITLE} — {audit.agency} ปี {audit.fiscal_year}"
    return drawing.backdrop.draw(lambda: drawing.set(counts, title), title)


def sub_indicator_labels(criteria: Criteria) -> tuple[str, ...]:
    """The bars' labels: each sub-indicator's id and name, in the criteria's order."""
    return tuple(f"{sub.id} {sub.name}" for ind in criteria.indicators
                 for sub in ind.sub_indicators)


class YearChart:
    """The backdrop of the chart for one set of labels (a criteria year's) and the artists
    each agency's chart sets on it: the bars of each verdict and the title."""

    def __init__(self, backdrop: Backdrop, bars: dict[str, list[Rectangle]], title: Text) -> None:
        self.backdrop = backdrop
        self.bars = bars
        self.title = title

    def set(self, counts: dict[str, list[int]], title: str) -> None:
        """Each bar's start and length, and the title (shrunk to the figure's width if the
        agency's name makes it wider)."""
        left = [0] * len(next(iter(counts.values()), []))
        for verdict in STACKED:
            for rect, start, count in zip(self.bars[verdict], left, counts[verdict]):
                rect.set_x(start)
                rect.set_width(count)
            left = [a + b for a, b in zip(left, counts[verdict])]
        text = self.title
        text.set_text(title)
        text.set_fontsize(TITLE_SIZE)
        figure = self.backdrop.figure
        renderer = figure.canvas.get_renderer()
        axes = figure.get_axes()[0].get_window_extent(renderer)
        centre = (axes.x0 + axes.x1) / 2                 # the title is centred on the axes
        room = 2 * min(centre, figure.bbox.width - centre) - 2 * TITLE_MARGIN
        width = text.get_window_extent(renderer).width
        if width > room:
            text.set_fontsize(TITLE_SIZE * room / width)


#: The title's size in points (matplotlib's "large"), and the least room left beside it in
#: pixels when a long agency name makes it shrink to the figure's width.
TITLE_SIZE = 12.0
TITLE_MARGIN = 4


@lru_cache(maxsize=16)
def backdrop(labels: tuple[str, ...], xmax: int) -> YearChart:
    """The fixed parts of the chart for these labels and this length of axis, drawn once."""
    use_thai_font()
    fig = new_figure((9, 0.55 * len(labels) + 2.0))
    ax = fig.subplots()
    bars = {verdict: list(ax.barh(labels, [0] * len(labels), color=VERDICT_COLORS[verdict],
                                  label=VERDICT_TH[verdict]))
            for verdict in STACKED}
    ax.invert_yaxis()
    ax.set_xlim(0, xmax)                              # the longest bar does not touch the frame
    ax.set_xlabel("จำนวนข้อ")
    title = ax.set_title(TITLE, fontsize=TITLE_SIZE)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, frameon=False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    moving = [rect for verdict in STACKED for rect in bars[verdict]]
    return YearChart(Backdrop(fig, moving, [*ax.spines.values(), title]), bars, title)


def year_backdrop(criteria: Criteria) -> YearChart:
    """The backdrop of a criteria year's chart: its sub-indicators' labels, and an axis one
    past the most items of a sub-indicator (each item has one verdict, so every agency's
    longest bar ends there)."""
    per_sub = [sum(1 for item in criteria.items if item.sub_indicator == sub.id)
               for ind in criteria.indicators for sub in ind.sub_indicators]
    return backdrop(sub_indicator_labels(criteria), max(per_sub, default=0) + 1)


def warm_up(fiscal_year: int) -> None:
    """Draw the fixed parts of a year's chart, what every agency's chart of that year would
    otherwise draw first."""
    year_backdrop(load_criteria(fiscal_year))
