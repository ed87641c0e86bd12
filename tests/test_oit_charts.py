"""The OIT chart of verdicts per sub-indicator, drawn over its year's backdrop: it is the full
draw of the same figure pixel for pixel, nothing of one agency's chart is left in the next, the
backdrop drawn ahead (as the warm-kernel server does) changes nothing, the bars are the counts,
and the Thai text renders in Loma."""
from __future__ import annotations

import logging
from dataclasses import replace

import pytest
from matplotlib.text import Text

from ita_audit.criteria.files import load_criteria
from ita_audit.findings import VERDICTS
from ita_audit.oit import charts, engine
from ita_audit.oit.synthetic import generate
from ita_audit.run.kernel_warm_up import warm_up
from ita_audit.view.charts import Chart

YEAR = 2566


@pytest.fixture(scope="module")
def audits() -> list:
    criteria = load_criteria(YEAR)
    return [engine.audit_oit(a.parse(criteria.item_ids()), criteria, agency=a.agency)
            for a in generate(4, fiscal_year=YEAR, seed=3, criteria=criteria)]


def drawing(audit):
    """The backdrop the audit's chart was drawn over."""
    return charts.year_backdrop(audit.criteria)


def test_chart_is_the_full_draw_of_its_figure(audits: list) -> None:
    for audit in audits:
        chart = charts.verdicts_by_sub_indicator(audit)
        full = Chart(drawing(audit).backdrop.figure, "full").png()   # draws every artist
        assert chart.png() == full


def test_nothing_of_one_agency_is_left_in_the_next(audits: list) -> None:
    first = charts.verdicts_by_sub_indicator(audits[0]).png()
    others = {charts.verdicts_by_sub_indicator(a).png() for a in audits[1:]}
    assert first not in others and len(others) == len(audits) - 1
    assert charts.verdicts_by_sub_indicator(audits[0]).png() == first


@pytest.mark.slow
def test_a_backdrop_drawn_ahead_changes_nothing(audits: list) -> None:
    charts.backdrop.cache_clear()
    cold = [charts.verdicts_by_sub_indicator(a).png() for a in audits]
    charts.backdrop.cache_clear()
    warm_up([YEAR])                          # what the kernel server does before forking
    assert charts.backdrop.cache_info().currsize == 1
    assert [charts.verdicts_by_sub_indicator(a).png() for a in audits] == cold
    assert charts.backdrop.cache_info().misses == 1


def test_bars_are_the_counts_of_each_verdict(audits: list) -> None:
    audit = audits[1]
    chart = charts.verdicts_by_sub_indicator(audit)
    drawn = drawing(audit)
    subs = [label.split(" ", 1)[0] for label in charts.sub_indicator_labels(audit.criteria)]
    for verdict in VERDICTS:
        want = [sum(1 for r in audit.items if r.item.sub_indicator == sub and r.verdict == verdict)
                for sub in subs]
        assert [rect.get_width() for rect in drawn.bars[verdict]] == want
    # stacked left to right: pass, then review, then fail
    for i in range(len(subs)):
        passed, review, fail = (drawn.bars[v][i] for v in charts.STACKED)
        assert review.get_x() == passed.get_width() and fail.get_x() == review.get_x() + \
            review.get_width()
    assert chart.title == f"ผลการตรวจ OIT รายตัวชี้วัดย่อย — {audit.agency} ปี {YEAR}"
    assert drawn.title.get_text() == chart.title
    assert sum(sum(rect.get_width() for rect in drawn.bars[v]) for v in VERDICTS) == \
        len(audit.criteria.items)


def test_a_long_name_shrinks_the_title_to_the_figure(audits: list) -> None:
    audit = replace(audits[0], agency="หน่วยงานที่มีชื่อยาวมาก" * 8)
    charts.verdicts_by_sub_indicator(audit)
    title = drawing(audit).title
    figure = drawing(audit).backdrop.figure
    box = title.get_window_extent(figure.canvas.get_renderer())
    assert title.get_fontsize() < charts.TITLE_SIZE
    assert 0 <= box.x0 and box.x1 <= figure.bbox.width
    charts.verdicts_by_sub_indicator(audits[0])                  # a short name: full size again
    assert drawing(audits[0]).title.get_fontsize() == charts.TITLE_SIZE


def test_thai_renders_in_loma_without_missing_glyphs(audits: list,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        png = charts.verdicts_by_sub_indicator(audits[2]).png()
    assert png.startswith(b"\x89PNG") and len(png) > 5_000
    assert not [r for r in caplog.records if "glyph" in r.getMessage().lower()]
    figure = drawing(audits[2]).backdrop.figure
    assert {t.get_fontname() for t in figure.findobj(Text) if t.get_text()} == {"Loma"}
    assert repr(charts.verdicts_by_sub_indicator(audits[2])).startswith("<แผนภูมิ: ผลการตรวจ")


@pytest.mark.slow     # starts the chart server twice (2 s)
def test_a_failing_warm_up_leaves_the_server_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """A kind's warm-up that fails does not stop the kernel server's warm-up (the notebook
    meets the same failure in its own record); the other kinds still warm up."""
    from ita_audit.run import kernel_warm_up

    def broken(year: int) -> None:
        raise RuntimeError("no backdrop")

    oit, *others = kernel_warm_up.KINDS
    monkeypatch.setattr(kernel_warm_up, "KINDS", (replace(oit, warm_up=broken), oit, *others))
    charts.backdrop.cache_clear()
    warm_up([YEAR])
    assert charts.backdrop.cache_info().currsize == 1          # the next kind's warm-up ran


def test_cross_agency_grade_lines_only_for_years_of_letter_grades() -> None:
    """The histogram drew the AA–E lines over 2569 scores, a year of verbal ratings (visual
    review): the lines are those of the years with letter grades, named, and the title says
    which years when both kinds are shown."""
    import pandas as pd

    from ita_audit.records.cross_agency_charts import oit_score_histogram

    def lines(years: list[int]) -> tuple[list[float], list[str], str]:
        records = pd.DataFrame({"ปีงบประมาณ": years, "คะแนน OIT": [80.0] * len(years)})
        chart = oit_score_histogram(records)
        ax = chart.figure.axes[0]
        dashed = [line.get_xdata()[0] for line in ax.get_lines() if line.get_linestyle() == "--"]
        return dashed, [t.get_text() for t in ax.texts], chart.title

    assert lines([2566, 2569]) == ([95, 85, 75, 65, 55, 50], ["AA", "A", "B", "C", "D", "E"],
                                   "การกระจายของคะแนน OIT (2 หน่วยงาน-ปี); เส้นประ: ระดับ AA–F "
                                   "ของปี 2566 เท่านั้น")
    assert lines([2568, 2569]) == ([], [], "การกระจายของคะแนน OIT (2 หน่วยงาน-ปี)")
    assert lines([2565, 2566])[2] == "การกระจายของคะแนน OIT (2 หน่วยงาน-ปี)"


def test_problem_item_labels_are_cut_between_words() -> None:
    """Bar labels were cut inside a word with no mark ('จัดซื้อจัดจ้า'); now at a word
    boundary (pythainlp), marked with '…'."""
    import pandas as pd

    from ita_audit.records.cross_agency_charts import problem_items_chart
    from ita_audit.view.text import clip_words

    name = "การเปิดโอกาสให้เกิดการมีส่วนร่วมของผู้มีส่วนได้ส่วนเสีย"
    assert clip_words(name, 28) == "การเปิดโอกาสให้เกิดการมีส่วนร่วม…"
    assert clip_words("ข้อมูลผู้บริหาร", 28) == "ข้อมูลผู้บริหาร"
    chart = problem_items_chart(pd.DataFrame({"ปีงบประมาณ": [2566], "ข้อ": ["O30"], "ชื่อ": [name],
                                              "ไม่ผ่าน": [2], "รอตรวจ": [1]}))
    labels = [t.get_text() for t in chart.figure.axes[0].get_yticklabels()]
    assert labels == ["2566 O30 การเปิดโอกาสให้เกิดการมีส่วนร่วม…"]
