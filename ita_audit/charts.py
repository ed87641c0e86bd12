"""Matplotlib figures with Thai labels in the bundled Loma font (TLWG; no tofu boxes)."""
from __future__ import annotations

import io
from functools import lru_cache
from typing import TYPE_CHECKING

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure

from .oit import VERDICTS, OitAudit
from .page_fonts import FONT_DIR
from .report import VERDICT_TH

if TYPE_CHECKING:
    import pandas as pd

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


def oit_score_histogram(records: pd.DataFrame) -> Chart:
    """OIT scores of every agency-year, one histogram per fiscal year, in 5-point bins with
    the grade thresholds (95, 85, 75, 65, 55, 50) marked."""
    use_thai_font()
    oit = records[records["คะแนน OIT"].notna()]
    fig = Figure(figsize=(9, 4.2))
    ax = fig.subplots()
    years = sorted(oit["ปีงบประมาณ"].unique())
    bins = list(range(0, 105, 5))
    if years:
        ax.hist([oit.loc[oit["ปีงบประมาณ"] == y, "คะแนน OIT"].astype(float) for y in years],
                bins=bins, label=[f"ปี {y}" for y in years], stacked=True,
                color=["#1565c0", "#ef6c00", "#6a1b9a", "#00838f"][:len(years)])
        ax.legend(frameon=False)
    for threshold in (95, 85, 75, 65, 55, 50):
        ax.axvline(threshold, color="#999", linewidth=0.8, linestyle="--")
    ax.set_xlim(0, 100)
    ax.set_xlabel("คะแนน OIT (ข้อที่รอตรวจนับเป็นไม่ผ่าน)")
    ax.set_ylabel("จำนวนหน่วยงาน")
    title = f"การกระจายของคะแนน OIT ({len(oit)} หน่วยงาน-ปี)"
    ax.set_title(title)
    ax.yaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    return Chart(fig, title)


def problem_items_chart(problems: pd.DataFrame) -> Chart:
    """Horizontal bars of the items most often failed or under review (stacked fail/review),
    labelled with year, item and name."""
    use_thai_font()
    labels = [f"{y} {i} {n[:28]}" for y, i, n in
              zip(problems["ปีงบประมาณ"], problems["ข้อ"], problems["ชื่อ"])]
    fig = Figure(figsize=(9, 0.42 * max(len(labels), 1) + 1.8))
    ax = fig.subplots()
    fail = list(problems["ไม่ผ่าน"])
    review = list(problems["รอตรวจ"])
    ax.barh(labels, fail, color=_COLORS["fail"], label=VERDICT_TH["fail"])
    ax.barh(labels, review, left=fail, color=_COLORS["review"], label=VERDICT_TH["review"])
    ax.invert_yaxis()
    ax.set_xlabel("จำนวนหน่วยงาน")
    title = "ข้อที่ไม่ผ่านหรือรอตรวจบ่อยที่สุด"
    ax.set_title(title)
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.legend(loc="lower center", ncol=2, frameon=False)      # below the axes, never on a bar
    fig.tight_layout(rect=(0, 0.6 / fig.get_figheight(), 1, 1))
    return Chart(fig, title)
