"""Charts of a procurement audit: spending by month and method, the top suppliers, and agreed
prices against the budget and the reference price. Supplier names are drawn as literal text."""
from __future__ import annotations

from datetime import date

import numpy as np
from matplotlib.figure import Figure

from ita_audit.procurement.audit import ProcurementAudit
from ita_audit.procurement.checks import FISCAL_MONTHS
from ita_audit.thai import thai_date
from ita_audit.view.charts import Chart, new_figure, plain, short_labels, use_thai_font

NO_DATA = "ไม่มีข้อมูลในตาราง"
_COLORS = ("#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a", "#9e9e9e", "#c62828")


NOTHING = "ไม่มี"               # over a month in which nothing was bought


def month_labels(fiscal_year: int) -> list[str]:
    """The fiscal year's months as the axis shows them, October first: ``ต.ค. 67`` … ``ก.ย. 68``
    (abbreviation and the BE year's last two digits, as the tables' sheets are named)."""
    return [thai_date(date(fiscal_year - 543 - (m >= 10), m, 1), "month") for m in FISCAL_MONTHS]


def _empty(fig: Figure, ax, title: str) -> Chart:
    ax.text(0.5, 0.5, NO_DATA, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    ax.set_title(title)
    return Chart(fig, title)


def spending_by_month(audit: ProcurementAudit) -> Chart:
    """Stacked bars: agreed spending (million baht) in each of the twelve months of the fiscal
    year (October to September, abbreviated: ``ต.ค. 67``), by method; ``ไม่มี`` over a month
    without purchases."""
    use_thai_font()
    full = audit.by_month_method()
    table = full.drop(columns=["จำนวนรายการ", "รวม", "หมายเหตุ"], errors="ignore")
    fig = new_figure((9, 4.2))
    ax = fig.subplots()
    title = f"มูลค่าการจัดซื้อจัดจ้างรายเดือนตามวิธี — {audit.agency} ปีงบประมาณ {audit.fiscal_year}"
    if table.empty:
        return _empty(fig, ax, title)
    x = np.arange(len(table))
    bottom = np.zeros(len(table))
    for color, method in zip(_COLORS * 3, table.columns):
        values = table[method].to_numpy(dtype=float) / 1e6
        ax.bar(x, values, bottom=bottom, color=color, label=plain(method))
        bottom += values
    ax.set_xticks(x, month_labels(audit.fiscal_year))
    for position in np.flatnonzero(full["จำนวนรายการ"].to_numpy() == 0):
        ax.text(position, 0, NOTHING, ha="center", va="bottom", fontsize=9, color="#616161")
    ax.set_ylabel("ล้านบาท")
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=min(len(table.columns), 5),
              frameon=False)
    fig.tight_layout()
    return Chart(fig, title)


def top_suppliers(audit: ProcurementAudit, n: int = 10) -> Chart:
    """Horizontal bars: the suppliers with the most agreed spending and their shares."""
    use_thai_font()
    table = audit.top_suppliers(n)
    fig = new_figure((9, 0.45 * max(len(table), 1) + 1.8))
    ax = fig.subplots()
    title = f"ผู้ประกอบการที่ได้รับงานมูลค่าสูงสุด {n} ราย"
    if table.empty:
        return _empty(fig, ax, title)
    names = short_labels(list(table["ผู้ประกอบการ"]), 40)
    values = table["ราคาที่ตกลงรวม (บาท)"].to_numpy(dtype=float) / 1e6
    # by position, with the names as tick labels: two names alike must not share one bar
    bars = ax.barh(range(len(names)), values, color=_COLORS[0])
    ax.set_yticks(range(len(names)), names)
    for bar, share in zip(bars, table["สัดส่วน (%)"]):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {share:.1f}%",
                va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, values.max() * 1.18)
    ax.set_xlabel("ราคาที่ตกลงรวม (ล้านบาท)")
    ax.set_title(title)
    fig.tight_layout()
    return Chart(fig, title)


def prices(audit: ProcurementAudit) -> Chart:
    """Scatter: agreed price against the reference price (log scales) with the line where
    they are equal; points above it are agreed above the reference price."""
    use_thai_font()
    table = audit.price_comparison()
    fig = new_figure((7.5, 6))
    ax = fig.subplots()
    title = "ราคาที่ตกลงเทียบราคากลาง (บาท)"
    usable = table[(table["ราคากลาง"] > 0) & (table["ราคาที่ตกลง"] > 0)]
    if usable.empty:
        return _empty(fig, ax, title)
    reference = usable["ราคากลาง"].to_numpy(dtype=float)
    agreed = usable["ราคาที่ตกลง"].to_numpy(dtype=float)
    above = agreed > reference
    ax.scatter(reference[~above], agreed[~above], s=14, color=_COLORS[0], label="ไม่เกินราคากลาง")
    ax.scatter(reference[above], agreed[above], s=24, color="#c62828", label="เกินราคากลาง")
    low, high = min(reference.min(), agreed.min()), max(reference.max(), agreed.max())
    ax.plot([low, high], [low, high], color="#616161", linewidth=1, label="ราคาที่ตกลง = ราคากลาง")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("ราคากลาง (บาท)")
    ax.set_ylabel("ราคาที่ตกลง (บาท)")
    ax.set_title(title)
    ax.legend(frameon=False)
    fig.tight_layout()
    return Chart(fig, title)
