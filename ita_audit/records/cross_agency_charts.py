"""Charts of the cross-agency view: OIT score distributions and the items most often failed or
under review.
"""
from __future__ import annotations

import pandas as pd

from ita_audit.criteria.files import letter_grades
from ita_audit.findings import VERDICT_TH
from ita_audit.view.charts import VERDICT_COLORS, Chart, new_figure, use_thai_font
from ita_audit.view.text import clip_words


def oit_score_histogram(records: pd.DataFrame) -> Chart:
    """OIT scores of every agency-year, one histogram per fiscal year, in 5-point bins, with
    the letter-grade thresholds (AA 95 … E 50) of the years that have them marked and named;
    from 2568 the result is a verbal rating (no bands here), and the title says which years
    the lines are for when both kinds are shown."""
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
    graded = {year: grades for year in years if (grades := letter_grades(int(year)))}
    bands = next(iter(graded.values()), ())
    for grade, minimum in bands:
        if minimum > 0:
            ax.axvline(minimum, color="#999", linewidth=0.8, linestyle="--")
            ax.annotate(grade, (minimum, 1), xycoords=("data", "axes fraction"),
                        xytext=(2, -2), textcoords="offset points", va="top", fontsize=8,
                        color="#666")
    ax.set_xlim(0, 100)
    ax.set_xlabel("คะแนน OIT (ข้อที่รอตรวจนับเป็นไม่ผ่าน)")
    ax.set_ylabel("จำนวนหน่วยงาน")
    title = f"การกระจายของคะแนน OIT ({len(oit)} หน่วยงาน-ปี)"
    if bands and len(graded) < len(years):
        title += f"; เส้นประ: ระดับ AA–F ของปี {', '.join(map(str, graded))} เท่านั้น"
    ax.set_title(title)
    ax.yaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    return Chart(fig, title)


def problem_items_chart(problems: pd.DataFrame) -> Chart:
    """Horizontal bars of the items most often failed or under review (stacked fail/review),
    labelled with year, item and name."""
    use_thai_font()
    labels = [f"{y} {i} {clip_words(n, 28)}" for y, i, n in
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
