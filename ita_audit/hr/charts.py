"""Charts 3.1-3.8 of the OCSC annual HR report's appendix (ส่วนที่ ๓ ภาคผนวก), from a parsed report.

Years are BE, oldest left. Missing years or values are skipped; a panel with nothing to draw
says "ไม่มีข้อมูลในรายงาน" instead of failing.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullFormatter

from ita_audit.hr.parse import HrReport
from ita_audit.hr.parse import as_float as _num
from ita_audit.view.charts import Chart, new_figure, plain, use_thai_font

NO_DATA = "ไม่มีข้อมูลในรายงาน"
YEAR_AXIS = "ปีงบประมาณ (พ.ศ.)"
WORKFORCE = {"civil_servants": "ข้าราชการ", "permanent_employees": "ลูกจ้างประจำ",
             "temporary_employees": "ลูกจ้างชั่วคราว", "government_employees": "พนักงานราชการ"}
POSTS = {"total": "ภาพรวมของส่วนราชการ", "managerial": "ตำแหน่งประเภทอำนวยการ",
         "academic": "ตำแหน่งประเภทวิชาการ", "general": "ตำแหน่งประเภททั่วไป"}
LOSSES = {"resigned": "ลาออก", "dismissed": "ให้ออก", "retired": "เกษียณอายุ", "other": "อื่น ๆ"}
ENTRIES = {"new_hire": "บรรจุใหม่", "transfer_in": "รับโอน", "reinstated": "บรรจุกลับ",
           "section_56": "เข้ารับราชการตามมาตรา 56"}
COST_ITEMS = {"personnel": "ค่าใช้จ่ายบุคลากร", "training": "ค่าใช้จ่ายด้านการฝึกอบรม",
              "travel": "ค่าใช้จ่ายเดินทาง",
              "materials_utilities": "ค่าตอบแทน ใช้สอย วัสดุ\nและค่าสาธารณูปโภค",
              "depreciation": "ค่าเสื่อมราคาและค่าตัดจำหน่าย",
              "subsidies_other": "ค่าใช้จ่ายเงินอุดหนุน\nและต้นทุนในการผลิตอื่น",
              "unlabelled": "รายการไม่มีชื่อ"}
LEVEL_COLORS = {"ดีเด่น": "#1b5e20", "ดีมาก": "#66bb6a", "ดี": "#fdd835", "พอใช้": "#fb8c00",
                "ต้องปรับปรุง": "#c62828"}
Series = dict[str, list[float | None]]


# ----------------------------------------------------------------------------- helpers

def _years(report: HrReport, table: str) -> list[int]:
    """The table's years, oldest first."""
    return sorted(report.years(table))


def _series(report: HrReport, table: str, keys: dict[str, str], column: str,
            years: Sequence[int], group: str | None = None) -> Series:
    """Thai label -> values per year for the given row keys."""
    return {name: [_num(report.value(table, key, column, y, group)) for y in years]
            for key, name in keys.items()}



def _subtitle(report: HrReport, years: Sequence[int]) -> str:
    """Agency name and the span of fiscal years shown."""
    span = "" if not years else (f"ปีงบประมาณ พ.ศ. {min(years)}" if min(years) == max(years)
                                 else f"ปีงบประมาณ พ.ศ. {min(years)} - {max(years)}")
    return " ".join(part for part in (plain(report.agency_name), span) if part)


def _figure(size: tuple[float, float], nrows: int = 1, ncols: int = 1, **grid: Any) -> tuple[Figure, Any]:
    """A bare Figure (no pyplot) in the Thai font with its axes."""
    use_thai_font()
    fig = new_figure(size)
    return fig, fig.subplots(nrows, ncols, **grid)


def _finish(fig: Figure, title: str, subtitle: str = "",
            rect: tuple[float, float, float, float] = (0, 0, 1, 1)) -> Chart:
    """Put the heading on the only axes (or above all panels), lay out and wrap."""
    heading = f"{title}\n{subtitle}" if subtitle else title
    if len(fig.axes) == 1:
        fig.axes[0].set_title(heading)
    else:
        fig.suptitle(heading)
    fig.tight_layout(rect=rect)
    return Chart(fig, title)


def _no_data(ax: Axes) -> None:
    """Mark a panel as empty."""
    ax.text(0.5, 0.5, NO_DATA, ha="center", va="center", transform=ax.transAxes,
            fontsize=14, color="0.4")
    ax.set_xticks([])
    ax.set_yticks([])


def _legend(ax: Axes, **kw: Any) -> None:
    """Legend right of the axes, clear of the data."""
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, **kw)


def _bars(ax: Axes, categories: Sequence[str], series: Series, *, stacked: bool = True,
          fmt: str = "{:,.0f}", colors: dict[str, str] | None = None, offset: float = 0.0,
          width: float = 0.7) -> bool:
    """Stacked (totals on top) or grouped (each bar labelled) bars, None skipped; False if empty."""
    drawn = {k: v for k, v in series.items() if any(x is not None for x in v)}
    step = width if stacked else width / max(len(drawn), 1)
    bottom = [0.0] * len(categories)
    for i, (label, values) in enumerate(drawn.items()):
        pts = [(x, v) for x, v in enumerate(values) if v is not None]
        shift = offset if stacked else offset + (i - (len(drawn) - 1) / 2) * step
        bars = ax.bar([x + shift for x, _ in pts], [v for _, v in pts], step,
                      bottom=[bottom[x] for x, _ in pts] if stacked else 0, label=label,
                      color=(colors or {}).get(label))
        if stacked:
            for x, v in pts:
                bottom[x] += v
        else:
            ax.bar_label(bars, fmt=fmt, padding=2, fontsize=8)
    if stacked:
        for x in sorted({x for vals in drawn.values() for x, v in enumerate(vals) if v is not None}):
            ax.text(x + offset, bottom[x], fmt.format(bottom[x]), ha="center", va="bottom",
                    fontsize=9)
    ax.set_xticks(range(len(categories)), categories)
    return bool(drawn)


def _bar_panel(ax: Axes, categories: Sequence[str], series: Series, *, ylabel: str,
               xlabel: str = YEAR_AXIS, legend: bool = True, drawn: bool = False,
               **bars: Any) -> bool:
    """The common bar chart: bars, axis labels, headroom and legend, or the no-data mark
    (``drawn``: other bars are already on ``ax``)."""
    if not _bars(ax, categories, series, **bars) and not drawn:
        _no_data(ax)
        return False
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.margins(y=0.12)
    if legend:
        _legend(ax, reverse=bars.get("stacked", True))
    return True


# ----------------------------------------------------------------------------- charts

def workforce_chart(report: HrReport) -> Chart:
    """3.1: the workforce by type of staff per year (stacked bars, 2.1.1)."""
    years = _years(report, "2.1.1")
    fig, ax = _figure((9, 5.5))
    _bar_panel(ax, [str(y) for y in years], _series(report, "2.1.1", WORKFORCE, "count", years),
               ylabel="จำนวนบุคลากร (คน)")
    return _finish(fig, "แผนภาพ 3.1 ข้อมูลกำลังคนของส่วนราชการ", _subtitle(report, years))


def establishment_chart(report: HrReport) -> Chart:
    """3.2: civil servants against the establishment, overall and per position type (2.2)."""
    years = _years(report, "2.2")
    fig, axes = _figure((11, 8.5), 2, 2)
    for ax, (key, name) in zip(axes.flat, POSTS.items()):
        est, filled = (_series(report, "2.2", {key: key}, col, years)[key]
                       for col in ("establishment", "filled"))
        labels = [f"{y}\nว่าง {(e - f) * 100 / e:.1f}%" if e and f is not None else str(y)
                  for y, e, f in zip(years, est, filled)]
        _bar_panel(ax, labels, {"กรอบอัตรากำลัง": est, "ข้าราชการที่มีอยู่จริง": filled},
                   ylabel="จำนวนตำแหน่ง", stacked=False, legend=False,
                   colors={"กรอบอัตรากำลัง": "#b0bec5", "ข้าราชการที่มีอยู่จริง": "#1565c0"})
        ax.set_title(name)
    handles, labels = next((ax.get_legend_handles_labels() for ax in axes.flat
                            if ax.get_legend_handles_labels()[0]), ([], []))
    if handles:
        fig.legend(handles, labels, loc="lower center", ncol=2, frameon=False)
    return _finish(fig, "แผนภาพ 3.2 แนวโน้มข้าราชการเมื่อเทียบกับกรอบอัตรากำลัง",
                   _subtitle(report, years), rect=(0, 0.04, 1, 1))


def losses_chart(report: HrReport) -> Chart:
    """3.3: civil servants lost per year by reason (stacked bars, 2.1.2 losses)."""
    years = _years(report, "2.1.2")
    fig, ax = _figure((9, 5.5))
    _bar_panel(ax, [str(y) for y in years],
               _series(report, "2.1.2", LOSSES, "count", years, group="loss"),
               ylabel="จำนวนข้าราชการที่สูญเสีย (คน)")
    return _finish(fig, "แผนภาพ 3.3 การสูญเสียข้าราชการ", _subtitle(report, years))


def replacement_chart(report: HrReport) -> Chart:
    """3.4: entries by type (stacked) beside total losses per year, with the replacement ratio."""
    years = _years(report, "2.1.2")
    fig, ax = _figure((10, 5.5))
    entries = _series(report, "2.1.2", ENTRIES, "count", years, group="entry")
    losses = _series(report, "2.1.2", {"total": "การสูญเสียรวม"}, "count", years, group="loss")
    labels = []
    for i, y in enumerate(years):                    # replacement ratio = entries / losses
        made = [v[i] for v in entries.values() if v[i] is not None]
        out = losses["การสูญเสียรวม"][i]
        labels.append(f"{y}\nทดแทน {sum(made) / out:.2f} เท่า" if made and out else str(y))
    lost = _bars(ax, labels, losses, offset=0.19, width=0.36, colors={"การสูญเสียรวม": "#9e9e9e"})
    _bar_panel(ax, labels, entries, offset=-0.19, width=0.36, drawn=lost,
               xlabel=f"{YEAR_AXIS} (ซ้าย: บรรจุและแต่งตั้ง, ขวา: สูญเสีย)",
               ylabel="จำนวนข้าราชการ (คน)")
    return _finish(fig, "แผนภาพ 3.4 การบรรจุและแต่งตั้งข้าราชการเพื่อทดแทนการสูญเสีย",
                   _subtitle(report, years))


def _band_label(band: str) -> str:
    """``"<=24"`` -> ``"ไม่เกิน 24"``, ``">=55"`` -> ``"55 ขึ้นไป"``, others as they are."""
    band = plain(band)
    if band.startswith("<="):
        return f"ไม่เกิน {band[2:]}"
    return f"{band[2:]} ขึ้นไป" if band.startswith(">=") else band


def age_pyramid_chart(report: HrReport) -> Chart:
    """3.5: age pyramid of civil servants in the newest year with data (women left, men right)."""
    year = next((y for y in report.years("2.3") if any(
        f.value is not None for f in report.select("2.3", year=y, kind="part"))), None)
    bands = list(dict.fromkeys(f.key for f in report.select("2.3", year=year, kind="part"))
                 ) if year else []
    fig, ax = _figure((9, 6))
    widest = 0.0
    for column, name, sign, color in (("female", "หญิง", -1, "#d81b60"), ("male", "ชาย", 1, "#1e88e5")):
        pts = [(i, float(v)) for i, band in enumerate(bands)
               if (v := report.value("2.3", band, column, year)) is not None]  # type: ignore[arg-type]
        if pts:
            bars = ax.barh([i for i, _ in pts], [sign * v for _, v in pts], 0.8, color=color,
                           label=name)
            ax.bar_label(bars, labels=[f"{v:,.0f}" for _, v in pts], padding=3, fontsize=9)
            widest = max(widest, *(v for _, v in pts))
    if bands and ax.patches:
        ax.set_yticks(range(len(bands)), [_band_label(b) for b in bands])
        ax.set_xlim(-widest * 1.2 - 1, widest * 1.2 + 1)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{abs(v):,.0f}"))
        ax.axvline(0, color="0.3", linewidth=0.8)
        ax.set(xlabel="จำนวนข้าราชการ (คน)", ylabel="ช่วงอายุ (ปี)")
        _legend(ax)
    else:
        _no_data(ax)
    title = "แผนภาพ 3.5 พีรามิดข้าราชการ จำแนกตามช่วงอายุ"
    return _finish(fig, title, _subtitle(report, [year] if year else []))


def hr_unit_share_chart(report: HrReport) -> Chart:
    """3.6: HR-unit staff (2.4) as a percentage of the whole workforce (2.1.1) per year."""
    years = _years(report, "2.4")
    fig, ax = _figure((9, 5.5))
    pts = [(x, float(staff), float(whole)) for x, y in enumerate(years)
           if (staff := report.value("2.4", "total", "count", y)) is not None
           and (whole := report.value("2.1.1", "total", "count", y))]
    if pts:
        bars = ax.bar([x for x, _, _ in pts], [s * 100 / w for _, s, w in pts], 0.6, color="#00897b")
        ax.bar_label(bars, labels=[f"{s * 100 / w:.2f}%\n({s:,.0f} จาก {w:,.0f} คน)"
                                   for _, s, w in pts], padding=3, fontsize=9)
        ax.set_xticks(range(len(years)), [str(y) for y in years])
        ax.set(xlabel=YEAR_AXIS, ylabel="ร้อยละของบุคลากรทั้งหมด")
        ax.margins(y=0.25)
    else:
        _no_data(ax)
    return _finish(fig, "แผนภาพ 3.6 สัดส่วนบุคลากรของหน่วยการเจ้าหน้าที่ต่อบุคลากรทั้งหมด",
                   _subtitle(report, years))


def _cost_items(ax: Axes, report: HrReport, years: Sequence[int]) -> None:
    """3.7 (a): cost per item and year in million baht, horizontal bars on a log scale."""
    parts = [f for f in report.select("2.5.2", column="value", kind="part") if f.year in years]
    items = {f.key: COST_ITEMS.get(f.key, plain(f.row)) for f in parts}
    positive = [float(f.value) for f in parts if f.value is not None and f.value > 0]
    ax.set_title("(ก) ค่าใช้จ่ายในภาพรวม จำแนกตามรายการ")
    if not positive:
        _no_data(ax)
        return
    ax.set_xscale("log")
    height = 0.8 / len(years)
    for j, year in enumerate(years):
        pts = [(i + (j - (len(years) - 1) / 2) * height, v) for i, key in enumerate(items)
               if (v := _num(report.value("2.5.2", key, "value", year))) is not None]
        bars = ax.barh([y for y, v in pts if v > 0], [v for _, v in pts if v > 0], height,
                       label=str(year))
        ax.bar_label(bars, labels=[f"{v:,.2f}" for _, v in pts if v > 0], padding=3, fontsize=7)
        for y, _ in (p for p in pts if p[1] <= 0):
            ax.text(0.01, y, "0", va="center", fontsize=7, transform=ax.get_yaxis_transform())
    ax.set_xlim(min(positive) / 3, max(positive) * 12)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,g}"))   # no mathtext minus
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_yticks(range(len(items)), list(items.values()))
    ax.invert_yaxis()
    ax.set_xlabel("ล้านบาท (สเกลลอการิทึม)")
    _legend(ax, title=YEAR_AXIS)


def spending_chart(report: HrReport) -> Chart:
    """3.7: (a) spending by item per year (2.5.2) and (b) HR-unit activity costs (2.5.3)."""
    years = _years(report, "2.5.2")
    fig, (top, bottom) = _figure((11, 11), 2, 1, height_ratios=[2.3, 1])
    _cost_items(top, report, years)
    unit_years = _years(report, "2.5.3")
    unit = {name: [None if v is None else v / 1e6 for v in values] for name, values in _series(
        report, "2.5.3", {"admin_cost": "ต้นทุนด้านบริหารบุคลากร",
                          "development_cost": "ต้นทุนด้านการพัฒนาทรัพยากรบุคคล"},
        "value", unit_years).items()}
    _bar_panel(bottom, [str(y) for y in unit_years], unit, ylabel="ล้านบาท", stacked=False,
               fmt="{:,.2f}")
    bottom.set_title("(ข) ต้นทุนกิจกรรมของหน่วยการเจ้าหน้าที่")
    return _finish(fig, "แผนภาพ 3.7 การใช้จ่ายงบประมาณ",
                   _subtitle(report, sorted({*years, *unit_years})))


def appraisal_chart(report: HrReport) -> Chart:
    """3.8: civil servants per appraisal level in each round (all groups, grouped bars, 2.6.2)."""
    rounds = sorted({(b.year, b.round) for b in report.performance})
    levels = list(dict.fromkeys([*LEVEL_COLORS, *(b.level for b in report.performance)]))
    counts: dict[tuple[int, int, str], float | None] = {}
    for b in report.performance:
        known = [float(v) for v in b.counts.values() if v is not None]
        counts[(b.year, b.round, b.level)] = sum(known) if known else None
    series = {plain(level): [counts.get((y, r, level)) for y, r in rounds] for level in levels}
    fig, ax = _figure((11, 5.5))
    _bar_panel(ax, [f"รอบ {r}/{y}" for y, r in rounds], series, colors=LEVEL_COLORS,
               stacked=False, width=0.85, ylabel="จำนวนข้าราชการ (คน)", xlabel="รอบการประเมิน")
    return _finish(fig, "แผนภาพ 3.8 ผลการปฏิบัติราชการ จำแนกตามระดับผลการประเมิน",
                   _subtitle(report, sorted({y for y, _ in rounds})))


CHARTS = (workforce_chart, establishment_chart, losses_chart, replacement_chart,
          age_pyramid_chart, hr_unit_share_chart, spending_chart, appraisal_chart)


def all_charts(report: HrReport) -> list[Chart]:
    """The eight appendix charts 3.1-3.8, in order."""
    return [chart(report) for chart in CHARTS]
