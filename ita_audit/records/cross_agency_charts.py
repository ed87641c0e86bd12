"""Charts of the cross-agency view: OIT score distributions and the items most often failed or
under review.
"""
from __future__ import annotations

import pandas as pd

from ita_audit.findings import VERDICT_TH
from ita_audit.view.charts import VERDICT_COLORS, Chart, new_figure, use_thai_font


def oit_score_histogram(records: pd.DataFrame) -> Chart:
    """OIT scores of every agency-year, one histogram per fiscal year, in 5-point bins with
    the grade thresholds (95, 85, 75, 65, 55, 50) marked."""
    use_thai_font()
    oit = records[records["คะแนน OIT"].notna()]
    fig = new_figure((9, 4.2))
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
    fig = new_figure((9, 0.42 * max(len(labels), 1) + 1.8))
    ax = fig.subplots()
    fail = list(problems["ไม่ผ่าน"])
    review = list(problems["รอตรวจ"])
    ax.barh(labels, fail, color=VERDICT_COLORS["fail"], label=VERDICT_TH["fail"])
    ax.barh(labels, review, left=fail, color=VERDICT_COLORS["review"], label=VERDICT_TH["review"])
    ax.invert_yaxis()
    ax.set_xlabel("จำนวนหน่วยงาน")
    title = "ข้อที่ไม่ผ่านหรือรอตรวจบ่อยที่สุด"
    ax.set_title(title)
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.legend(loc="lower center", ncol=2, frameon=False)      # below the axes, never on a bar
    fig.tight_layout(rect=(0, 0.6 / fig.get_figheight(), 1, 1))
    return Chart(fig, title)
