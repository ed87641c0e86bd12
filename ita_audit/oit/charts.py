"""Charts of an OIT audit.
"""
from __future__ import annotations

from ita_audit.findings import VERDICTS
from ita_audit.oit.results import OitAudit
from ita_audit.view.charts import VERDICT_COLORS, Chart, new_figure, use_thai_font
from ita_audit.view.tables import VERDICT_TH


def verdicts_by_sub_indicator(audit: OitAudit) -> Chart:
    """Stacked horizontal bars: how many items pass, await review or fail per sub-indicator."""
    use_thai_font()
    subs = [sub for ind in audit.criteria.indicators for sub in ind.sub_indicators]
    counts = {v: [sum(1 for r in audit.items if r.item.sub_indicator == sub.id and r.verdict == v)
                  for sub in subs] for v in VERDICTS}
    labels = [f"{sub.id} {sub.name}" for sub in subs]
    fig = new_figure((9, 0.55 * len(subs) + 2.0))
    ax = fig.subplots()
    left = [0] * len(subs)
    for verdict in ("pass", "review", "fail"):
        ax.barh(labels, counts[verdict], left=left, color=VERDICT_COLORS[verdict],
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
