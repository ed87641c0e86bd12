"""Matplotlib figures with Thai labels in the bundled Loma font (TLWG; no tofu boxes)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import io

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure

from .oit import VERDICTS, OitAudit
from .report import VERDICT_TH

FONT_DIR = Path(__file__).resolve().parent / "fonts"
THAI_FONT = "Loma"
_COLORS = {"pass": "#2e7d32", "review": "#f9a825", "fail": "#c62828"}


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


def verdicts_by_sub_indicator(audit: OitAudit) -> Chart:
    """Stacked horizontal bars: how many items pass, await review or fail per sub-indicator."""
    use_thai_font()
    subs = [sub for ind in audit.criteria.indicators for sub in ind.sub_indicators]
    counts = {v: [sum(1 for r in audit.items if r.item.sub_indicator == sub.id and r.verdict == v)
                  for sub in subs] for v in VERDICTS}
    labels = [f"{sub.id} {sub.name}" for sub in subs]
    # A bare Figure (no pyplot): nothing global to close, and pyplot's import cost is avoided.
    fig = Figure(figsize=(9, 0.55 * len(subs) + 2.0))
    ax = fig.subplots()
    left = [0] * len(subs)
    for verdict in ("pass", "review", "fail"):
        ax.barh(labels, counts[verdict], left=left, color=_COLORS[verdict],
                label=VERDICT_TH[verdict])
        left = [a + b for a, b in zip(left, counts[verdict])]
    ax.invert_yaxis()
    ax.set_xlim(0, max(left, default=0) + 1)          # the longest bar does not touch the frame
    ax.set_xlabel("จำนวนข้อ")
    title = f"ผลการตรวจ OIT รายตัวชี้วัดย่อย — {audit.agency} ปี {audit.fiscal_year}"
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, frameon=False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    return Chart(fig, title)
