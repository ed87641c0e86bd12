"""The appendix charts 3.1-3.8 drawn from the real SSO 2562 HR report, and from damaged copies."""
from __future__ import annotations

import dataclasses
import logging
import warnings
from pathlib import Path

import pytest
from matplotlib.text import Text

from ita_audit.hr import charts as hr_charts
from ita_audit.hr.charts import NO_DATA, all_charts
from ita_audit.hr.parse import HrReport, load_hr_report

HR_REPORT = Path(__file__).resolve().parent.parent / "data" / "raw" / "sso-hr-annual-report-2562.txt"


@pytest.fixture(scope="module")
def report() -> HrReport:
    return load_hr_report(HR_REPORT)


@pytest.fixture(scope="module")
def charts(report: HrReport) -> list:
    return all_charts(report)


def fresh_report() -> HrReport:
    """A report the test may mutate."""
    return load_hr_report(HR_REPORT)


def bars(ax) -> dict[str, dict[str, float]]:
    """Bar heights by legend label and the first line of the x tick label under each bar."""
    ticks = {round(t): label.get_text().split("\n")[0]
             for t, label in zip(ax.get_xticks(), ax.get_xticklabels())}
    out: dict[str, dict[str, float]] = {}
    for container in ax.containers:
        for patch in container.patches:
            x = round(patch.get_x() + patch.get_width() / 2)
            out.setdefault(container.get_label(), {})[ticks[x]] = patch.get_height()
    return out


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def render_clean(chart, caplog: pytest.LogCaptureFixture) -> bytes:
    """Render with every warning an error and no glyph complaint logged (mathtext logs them)."""
    with caplog.at_level(logging.WARNING), warnings.catch_warnings():
        warnings.simplefilter("error")
        png = chart.png()
    assert not [r for r in caplog.records if "glyph" in r.getMessage().lower()]
    return png


# ----------------------------------------------------------------------------- all charts

def test_eight_charts_in_order(charts: list) -> None:
    assert [c.title.split()[1] for c in charts] == [f"3.{n}" for n in range(1, 9)]
    assert all(c.title.startswith(f"แผนภาพ 3.{n}") for n, c in enumerate(charts, 1))


@pytest.mark.parametrize("n", range(1, 9))
def test_renders_png_without_tofu(charts: list, n: int, caplog: pytest.LogCaptureFixture) -> None:
    png = render_clean(charts[n - 1], caplog)
    assert png.startswith(b"\x89PNG")
    assert len(png) > 10_000


@pytest.mark.parametrize("n", range(1, 9))
def test_text_is_set_in_loma(charts: list, n: int) -> None:
    fig = charts[n - 1].figure
    assert fig.axes[0].title.get_fontname() == "Loma"
    heading = fig.axes[0].title if len(fig.axes) == 1 else fig._suptitle
    assert heading.get_text().startswith(f"แผนภาพ 3.{n}")
    assert {t.get_fontname() for t in fig.findobj(Text) if t.get_text()} == {"Loma"}


@pytest.mark.parametrize("n", range(1, 9))
def test_rendering_is_deterministic(charts: list, n: int) -> None:
    chart = charts[n - 1]
    assert chart.png() == chart.png()


@pytest.mark.parametrize("n", range(1, 9))
def test_no_pyplot_and_no_empty_marker(charts: list, n: int) -> None:
    fig = charts[n - 1].figure
    assert fig.canvas.manager is None        # a bare Figure, not registered with pyplot
    assert NO_DATA not in texts(fig)


# ----------------------------------------------------------------------------- data per chart

def test_workforce_by_type(charts: list) -> None:
    ax = charts[0].figure.axes[0]
    got = bars(ax)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2560", "2561", "2562"]
    assert [got[name]["2562"] for name in ("ข้าราชการ", "ลูกจ้างประจำ", "ลูกจ้างชั่วคราว",
                                           "พนักงานราชการ")] == [1856, 208, 0, 171]
    assert got["ข้าราชการ"] == {"2560": 1866, "2561": 1871, "2562": 1856}
    assert {"2,261", "2,267", "2,235"} <= set(texts(charts[0].figure))   # stack totals


def test_establishment_panels(charts: list) -> None:
    axes = charts[1].figure.axes
    assert [ax.get_title() for ax in axes] == list(hr_charts.POSTS.values())
    overall, managerial, academic, general = (bars(ax) for ax in axes)
    assert overall["กรอบอัตรากำลัง"]["2562"] == 2041
    assert overall["ข้าราชการที่มีอยู่จริง"]["2562"] == 1856
    assert academic["กรอบอัตรากำลัง"]["2560"] == 1524
    assert managerial["ข้าราชการที่มีอยู่จริง"] == {"2560": 93, "2561": 94, "2562": 87}
    assert general["ข้าราชการที่มีอยู่จริง"]["2561"] == 362
    assert "2562\nว่าง 22.3%" in [t.get_text() for t in axes[1].get_xticklabels()]  # 25/112


def test_losses_by_reason(charts: list) -> None:
    got = bars(charts[2].figure.axes[0])
    assert {name: got[name]["2562"] for name in hr_charts.LOSSES.values()} == {
        "ลาออก": 46, "ให้ออก": 22, "เกษียณอายุ": 47, "อื่น ๆ": 3}
    assert {"112", "105", "118"} <= set(texts(charts[2].figure))


def test_replacement(charts: list) -> None:
    ax = charts[3].figure.axes[0]
    got = bars(ax)
    assert got["บรรจุใหม่"]["2562"] == 93 and got["รับโอน"]["2562"] == 5
    assert got["การสูญเสียรวม"] == {"2560": 112, "2561": 105, "2562": 118}
    assert [t.get_text().split("\n")[1] for t in ax.get_xticklabels()] == [
        "ทดแทน 0.71 เท่า", "ทดแทน 1.04 เท่า", "ทดแทน 0.83 เท่า"]


def test_age_pyramid(charts: list) -> None:
    fig = charts[4].figure
    ax = fig.axes[0]
    women, men = ax.containers
    assert [p.get_width() for p in women] == [-1, -38, -130, -189, -266, -299, -341, -244]
    assert [p.get_width() for p in men] == [1, 12, 38, 51, 65, 66, 53, 62]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "ไม่เกิน 24" and labels[-1] == "55 ขึ้นไป"     # young at the bottom
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert ticks and not any(t.startswith(("-", "\u2212")) for t in ticks)
    assert "2562" in fig.axes[0].get_title()


def test_hr_unit_share(charts: list) -> None:
    ax = charts[5].figure.axes[0]
    heights = [p.get_height() for p in ax.patches]
    assert heights == pytest.approx([27 * 100 / 2261, 26 * 100 / 2267, 27 * 100 / 2235])
    assert "1.21%\n(27 จาก 2,235 คน)" in texts(charts[5].figure)


def test_spending(charts: list) -> None:
    items, unit = charts[6].figure.axes
    assert items.get_xscale() == "log"
    widths = {round(p.get_width(), 2) for p in items.patches}
    assert {46108.60, 1025.52, 10.14, 5.97} <= widths
    assert "46,108.60" in texts(charts[6].figure)
    got = bars(unit)
    assert got["ต้นทุนด้านบริหารบุคลากร"]["2562"] == pytest.approx(7.00027434)
    assert got["ต้นทุนด้านการพัฒนาทรัพยากรบุคคล"]["2561"] == pytest.approx(13.8631668)


def test_appraisal(charts: list) -> None:
    ax = charts[7].figure.axes[0]
    got = bars(ax)
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "รอบ 1/2560", "รอบ 2/2560", "รอบ 1/2561", "รอบ 2/2561", "รอบ 1/2562", "รอบ 2/2562"]
    assert list(got) == ["ดีเด่น", "ดีมาก", "ดี", "พอใช้", "ต้องปรับปรุง"]
    assert got["ดีเด่น"]["รอบ 1/2562"] == 98 + 400            # อำนวยการ + วิชาการและทั่วไป
    assert got["ต้องปรับปรุง"]["รอบ 2/2561"] == 1


# ----------------------------------------------------------------------------- missing data

@pytest.mark.slow
@pytest.mark.parametrize("lines", [20, 100, 250])
def test_trimmed_report_does_not_crash(tmp_path: Path, lines: int,
                                       caplog: pytest.LogCaptureFixture) -> None:
    text = HR_REPORT.read_text(encoding="utf-8").splitlines(keepends=True)[:lines]
    path = tmp_path / "trimmed.txt"
    path.write_text("".join(text), encoding="utf-8")
    charts = all_charts(load_hr_report(path))
    assert len(charts) == 8
    for n, chart in enumerate(charts, 1):
        assert chart.title.startswith(f"แผนภาพ 3.{n}")
        assert render_clean(chart, caplog).startswith(b"\x89PNG")
    if lines <= 100:                            # no table survives: every chart says so
        assert all(NO_DATA in texts(c.figure) for c in charts)


@pytest.mark.slow
def test_missing_value_and_year_are_skipped() -> None:
    report = fresh_report()
    report.figures = [
        dataclasses.replace(f, value=None)
        if f.table == "2.1.1" and f.key == "permanent_employees" and f.year == 2562 else f
        for f in report.figures
        if not (f.table == "2.1.2" and f.year == 2561)]
    got = bars(hr_charts.workforce_chart(report).figure.axes[0])
    assert "2562" not in got["ลูกจ้างประจำ"] and got["ลูกจ้างประจำ"]["2561"] == 222
    assert got["ข้าราชการ"]["2562"] == 1856
    losses = hr_charts.losses_chart(report)
    assert set(bars(losses.figure.axes[0])["ลาออก"]) == {"2560", "2562"}
    assert all(c.png().startswith(b"\x89PNG") for c in all_charts(report))


def test_missing_appraisal_counts_and_pyramid_year() -> None:
    report = fresh_report()
    report.performance = [dataclasses.replace(b, counts={g: None for g in b.counts})
                          if b.year == 2562 else b for b in report.performance]
    report.figures = [f for f in report.figures if not (f.table == "2.3" and f.year == 2562)]
    got = bars(hr_charts.appraisal_chart(report).figure.axes[0])
    assert set(got["ดีเด่น"]) == {"รอบ 1/2560", "รอบ 2/2560", "รอบ 1/2561", "รอบ 2/2561"}
    pyramid = hr_charts.age_pyramid_chart(report)       # falls back to the newest year with data
    assert "2561" in pyramid.figure.axes[0].get_title()
    assert [p.get_width() for p in pyramid.figure.axes[0].containers[1]][0] == 0


def test_nothing_at_all_shows_the_empty_marker() -> None:
    report = fresh_report()
    report.figures, report.performance, report.header_years = [], [], {}
    for chart in all_charts(report):
        assert NO_DATA in texts(chart.figure)
        assert chart.png().startswith(b"\x89PNG")
