"""Tests for data/criteria/ita-2565.yaml: the 2565 OIT layout, its period rules, its sources,
and a 2565 audit through the engine and the command line."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
import yaml

from ita_audit import cli
from ita_audit.criteria.files import available_years, load_criteria
from ita_audit.criteria.model import Criteria
from ita_audit.oit.engine import audit_oit
from ita_audit.oit.load import load_disclosure
from ita_audit.thai import to_arabic_digits

REPO = Path(__file__).resolve().parent.parent
YAML_PATH = REPO / "data" / "criteria" / "ita-2565.yaml"
REFERENCE = REPO / "data" / "raw" / "ita-oit-items-2565-vs-2566.md"
SHARED_REFERENCE = Path("/work/shared/reference/ita-oit-items-2565-vs-2566.md")
MSDHS = REPO / "data" / "raw" / "msdhs-ops-ita-improvement-progress-2565.txt"

IDS = tuple(f"O{n}" for n in range(1, 44))


@pytest.fixture(scope="module")
def criteria() -> Criteria:
    return load_criteria(2565)


def _item(criteria: Criteria, item_id: str):
    return criteria.item(item_id)


# ── layout ─────────────────────────────────────────────────────────────────────────────────────

def test_loads_all_43_items_in_order(criteria: Criteria) -> None:
    assert criteria.fiscal_year == 2565 and criteria.tool == "OIT"
    assert criteria.item_ids() == IDS
    assert [item.number for item in criteria.items] == list(range(1, 44))
    assert criteria.title.endswith("ประจำปีงบประมาณ พ.ศ. 2565")


def test_both_years_are_available_and_2566_is_unchanged() -> None:
    assert {2565, 2566} <= set(available_years())
    c2566 = load_criteria(2566)
    assert c2566.item_ids() == IDS
    assert c2566.item("O21").name == "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน"
    assert c2566.item("O21").period.year == 2566


def test_specific_names(criteria: Criteria) -> None:
    expected = {
        "O10": "แผนดำเนินงานประจำปี",
        "O11": "รายงานการกำกับติดตามการดำเนินงานประจำปี รอบ 6 เดือน",
        "O18": "แผนการใช้จ่ายงบประมาณประจำปี",
        "O23": "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน",
        "O32": "ช่องทางการรับฟังความคิดเห็น",
        "O34": "นโยบายไม่รับของขวัญ (No Gift Policy)",
        "O35": "การมีส่วนร่วมของผู้บริหาร",
        "O38": "การเสริมสร้างวัฒนธรรมองค์กร",
        "O41": "รายงานผลการดำเนินการป้องกันการทุจริตประจำปี",
        "O42": "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        "O43": "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    }
    assert {item_id: criteria.item(item_id).name for item_id in expected} == expected


def _reference_layout() -> dict[str, tuple[str, str]]:
    """item id -> (sub-indicator, name), from the reference's "2565 layout" section."""
    section = REFERENCE.read_text(encoding="utf-8").split("## 2565 layout")[1].split("In 2565")[0]
    layout: dict[str, tuple[str, str]] = {}
    for line in section.splitlines():
        match = re.match(r"- (\d+\.\d) [^:]+: (.*)", line)
        if match:
            for part in re.split(r", (?=O\d+ )", match.group(2)):
                item_id, name = part.split(" ", 1)
                layout[item_id] = (match.group(1), name.strip())
    return layout


def test_names_and_sub_indicators_are_the_reference_layout(criteria: Criteria) -> None:
    layout = _reference_layout()
    assert tuple(layout) == IDS
    assert {item.id: (item.sub_indicator, item.name) for item in criteria.items} == layout


def test_sub_indicator_membership(criteria: Criteria) -> None:
    def span(first: int, last: int) -> tuple[str, ...]:
        return tuple(f"O{n}" for n in range(first, last + 1))

    expected = {"9.1": span(1, 9), "9.2": span(10, 17), "9.3": span(18, 24),
                "9.4": span(25, 28), "9.5": span(29, 33), "10.1": span(34, 41),
                "10.2": span(42, 43)}
    assert {sub: tuple(i.id for i in criteria.items_for(sub)) for sub in expected} == expected
    assert tuple(i.id for i in criteria.items_for("9")) == span(1, 33)
    assert tuple(i.id for i in criteria.items_for("10")) == span(34, 43)
    names = {sub.id: sub.name for ind in criteria.indicators for sub in ind.sub_indicators}
    assert names == {"9.1": "ข้อมูลพื้นฐาน", "9.2": "การบริหารงาน",
                     "9.3": "การบริหารเงินงบประมาณ", "9.4": "การบริหารและพัฒนาทรัพยากรบุคคล",
                     "9.5": "การส่งเสริมความโปร่งใส",
                     "10.1": "การดำเนินการเพื่อป้องกันการทุจริต",
                     "10.2": "มาตรการภายในเพื่อป้องกันการทุจริต"}
    assert [(i.id, i.name) for i in criteria.indicators] == [("9", "การเปิดเผยข้อมูล"),
                                                             ("10", "การป้องกันการทุจริต")]


def test_groups(criteria: Criteria) -> None:
    assert criteria.item("O7").group == "การประชาสัมพันธ์"
    assert {criteria.item(f"O{n}").group for n in (18, 19, 20)} == {"แผนการใช้จ่ายงบประมาณประจำปี"}
    assert {criteria.item(f"O{n}").group for n in (34, 35)} == {"เจตจำนงสุจริตของผู้บริหาร"}
    assert criteria.item("O38").group == "การเสริมสร้างวัฒนธรรมองค์กร"


# ── period rules: the 2566 rule shifted back a year ────────────────────────────────────────────

_PERIODS = {
    "O4": ("plan_covering", 2565), "O7": ("current_year", 2565), "O10": ("current_year", 2565),
    "O11": ("first_six_months", 2565), "O12": ("previous_year_report", 2564),
    "O15": ("first_six_months", 2565), "O16": ("previous_year_report", 2564),
    "O18": ("current_year", 2565), "O19": ("first_six_months", 2565),
    "O20": ("previous_year_report", 2564), "O21": ("current_year", 2565),
    "O22": ("current_year", 2565), "O23": ("monthly", 2565),
    "O24": ("previous_year_report", 2564), "O25": ("in_force", 2565),
    "O26": ("first_six_months", 2565), "O27": ("in_force", 2565),
    "O28": ("previous_year_report", 2564), "O31": ("first_six_months", 2565),
    "O33": ("current_year", 2565), "O34": ("current_year", 2565),
    "O35": ("current_year", 2565), "O36": ("current_year", 2565),
    "O37": ("current_year", 2565), "O38": ("current_year", 2565),
    "O39": ("plan_covering", 2565), "O40": ("first_six_months", 2565),
    "O41": ("previous_year_report", 2564), "O42": ("results_analysis", 2564),
    "O43": ("current_year", 2565),
}


def test_period_rules_per_item(criteria: Criteria) -> None:
    actual = {item.id: (item.period.rule, item.period.year)
              for item in criteria.items if item.period is not None}
    assert actual == _PERIODS
    assert [i.id for i in criteria.items if i.period is None] == [
        "O1", "O2", "O3", "O5", "O6", "O8", "O9", "O13", "O14", "O17", "O29", "O30", "O32"]


def test_period_text_names_the_rule_year(criteria: Criteria) -> None:
    for item in criteria.items:
        if item.period is not None:
            assert str(item.period.year) in item.period.text, item.id


def test_o23_monthly_first_half_of_2565(criteria: Criteria) -> None:
    o23 = criteria.item("O23")
    assert (o23.period.rule, o23.period.year) == ("monthly", 2565)
    assert o23.period.text == ("เป็นข้อมูลแบบรายเดือน ที่มีข้อมูลครอบคลุมในระยะเวลา 6 เดือนแรกของปี "
                               "พ.ศ. 2565")
    assert [e.id for e in o23.exceptions] == ["no_procurement_this_month"]


def test_o41_is_the_2564_report(criteria: Criteria) -> None:
    o41 = criteria.item("O41")
    assert (o41.period.rule, o41.period.year) == ("previous_year_report", 2564)
    assert o41.period.text == "เป็นรายงานผลของปี พ.ศ. 2564"
    assert o41.elements == ("ผลการดำเนินการโครงการหรือกิจกรรม", "ผลการใช้จ่ายงบประมาณ",
                            "ปัญหา/อุปสรรค", "ข้อเสนอแนะ")


def test_o4_plan_of_more_than_one_year(criteria: Criteria) -> None:
    assert criteria.item("O4").period.min_years == 2
    assert criteria.item("O39").period.min_years == 1


def test_o42_analyses_ita_2564(criteria: Criteria) -> None:
    o42 = criteria.item("O42")
    assert (o42.period.rule, o42.period.year) == ("results_analysis", 2564)
    assert o42.description[0].endswith("ในปี พ.ศ. 2564")
    assert len(o42.elements) == 5


def test_exceptions(criteria: Criteria) -> None:
    assert {i.id: [e.id for e in i.exceptions] for i in criteria.items if i.exceptions} == {
        "O21": ["no_procurement_over_500k"], "O23": ["no_procurement_this_month"],
        "O31": ["no_complaints"]}


def test_o5_follows_msdhs_with_fax(criteria: Criteria) -> None:
    assert criteria.item("O5").elements == ("ที่อยู่หน่วยงาน", "หมายเลขโทรศัพท์", "หมายเลขโทรสาร",
                                            "ที่อยู่ไปรษณีย์อิเล็กทรอนิกส์", "แผนที่ตั้งหน่วยงาน")


def test_o38_invents_no_requirement(criteria: Criteria) -> None:
    o38 = criteria.item("O38")
    assert o38.description == () and o38.elements == ()
    assert any("No source gives O38's requirements" in note for note in o38.notes)


def test_o43_has_no_2566_qr_code_requirement(criteria: Criteria) -> None:
    assert not any("QR" in text or "OR code" in text for text in criteria.item("O43").description)


# ── sources and discrepancies ──────────────────────────────────────────────────────────────────

def test_source_is_the_reference_copy() -> None:
    doc = yaml.safe_load(YAML_PATH.read_text(encoding="utf-8"))
    assert doc["source"]["file"] == "data/raw/ita-oit-items-2565-vs-2566.md"
    assert doc["source"]["sha256"] == hashlib.sha256(REFERENCE.read_bytes()).hexdigest()


def test_raw_reference_is_a_byte_identical_copy() -> None:
    if not SHARED_REFERENCE.is_file():
        pytest.skip("the shared reference is not on this machine")
    assert REFERENCE.read_bytes() == SHARED_REFERENCE.read_bytes()


def test_header_cites_msdhs_with_its_hash() -> None:
    text = YAML_PATH.read_text(encoding="utf-8")
    assert "data/raw/msdhs-ops-ita-improvement-progress-2565.txt" in text
    assert hashlib.sha256(MSDHS.read_bytes()).hexdigest() in text


def test_discrepancies_with_msdhs_are_recorded(criteria: Criteria) -> None:
    flagged = [i.id for i in criteria.items if any(n.startswith("Discrepancy:") for n in i.notes)]
    assert flagged == ["O5", "O15", "O16", "O18", "O19", "O20", "O21", "O22", "O23", "O24",
                       "O26", "O31", "O33"]
    o18 = " ".join(criteria.item("O18").notes)
    assert "ปี พ.ศ. ๒๕๖๔" in o18 and "reference rule" in o18
    assert "๒๕๖๓" in " ".join(criteria.item("O15").notes)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", to_arabic_digits(text))


_MSDHS_TEXT = _squash(MSDHS.read_text(encoding="utf-8"))


def _pieces(text: str) -> list[str]:
    """``text`` cut greedily into the longest runs that occur in the MSDHS report."""
    text, pieces, i = _squash(text), [], 0
    while i < len(text):
        lo, hi = i, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if text[i:mid] in _MSDHS_TEXT:
                lo = mid
            else:
                hi = mid - 1
        if lo == i:
            raise AssertionError(f"{text[i]!r} at {i} of {text!r} is not in MSDHS")
        pieces.append(text[i:lo])
        i = lo
    return pieces


# Texts the file says are transcribed from MSDHS: (item, field). At most 3 runs each: a year
# cut out into period.text, a page break, or a corrected typo splits a sentence.
_FROM_MSDHS = [("O5", "elements"), ("O7", "period"), ("O10", "period"), ("O18", "description"),
               ("O19", "description"), ("O20", "description"), ("O25", "description"),
               ("O25", "period"), ("O26", "description"), ("O27", "description"),
               ("O27", "elements"), ("O27", "period"), ("O32", "description"),
               ("O33", "description"), ("O35", "description"), ("O35", "period"),
               ("O36", "period"), ("O37", "description"), ("O37", "period")]


@pytest.mark.parametrize("item_id, part", _FROM_MSDHS)
def test_transcribed_text_comes_from_msdhs(criteria: Criteria, item_id: str, part: str) -> None:
    item = criteria.item(item_id)
    texts = [item.period.text] if part == "period" else list(getattr(item, part))
    assert texts
    for text in texts:
        pieces = _pieces(text)
        assert len(pieces) <= 3 and all(len(p) >= 5 for p in pieces), (item_id, pieces)


def test_o36_first_bullet_is_msdhs_verbatim(criteria: Criteria) -> None:
    assert _pieces(criteria.item("O36").description[0]) == [
        _squash(criteria.item("O36").description[0])]


# ── the engine and the command line on 2565 ───────────────────────────────────────────────────

def _index(tmp_path: Path, rows: list[tuple[str, str]]) -> Path:
    path = tmp_path / "index.tsv"
    path.write_text("item\ttitle\turl\n" + "".join(f"{i}\t{t}\t\n" for i, t in rows),
                    encoding="utf-8")
    return path


def _verdicts(tmp_path: Path, criteria: Criteria, rows: list[tuple[str, str]]) -> dict[str, str]:
    index = load_disclosure(_index(tmp_path, rows), valid_items=criteria.item_ids())
    audit = audit_oit(index, criteria, agency="msdhs", year_basis="fiscal")
    return {r.item.id: r.verdict for r in audit.items}


def test_engine_applies_the_2565_periods(tmp_path: Path, criteria: Criteria) -> None:
    verdicts = _verdicts(tmp_path, criteria, [
        ("O12", "รายงานผลการดำเนินงานประจำปี 2564"),
        ("O23", "สรุปผลการจัดซื้อจัดจ้าง ต.ค. 2564 - มี.ค. 2565"),
        ("O24", "รายงานผลการจัดซื้อจัดจ้างประจำปี 2565"),
        ("O41", "รายงานผลการดำเนินการป้องกันการทุจริตประจำปี 2564"),
        ("O39", "แผนปฏิบัติการป้องกันการทุจริต ประจำปี 2565"),
        ("O10", "แผนดำเนินงานประจำปี 2566"),
    ])
    assert len(verdicts) == 43
    assert {k: verdicts[k] for k in ("O12", "O23", "O24", "O41", "O39", "O10")} == {
        "O12": "pass", "O23": "pass", "O24": "fail", "O41": "pass", "O39": "pass",
        "O10": "fail"}


def test_o23_needs_every_month_of_the_first_half(tmp_path: Path, criteria: Criteria) -> None:
    verdicts = _verdicts(tmp_path, criteria, [
        ("O23", "สรุปผลการจัดซื้อจัดจ้าง ต.ค. 2565 - มี.ค. 2566")])   # the 2566 months
    assert verdicts["O23"] == "fail"


def test_cli_oit_2565_returns_43_items(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index = _index(tmp_path, [("O1", "โครงสร้าง"), ("O23", "สรุปผลการจัดซื้อจัดจ้าง ต.ค. 2564 - มี.ค. 2565")])
    code = cli.main(["oit", "--fiscal-year", "2565", "--disclosure", str(index),
                     "--agency", "msdhs", "--format", "json"])
    out = capsys.readouterr().out
    assert code == 0
    data = json.loads(out)
    assert data["fiscal_year"] == 2565 and data["criteria_year"] == 2565
    assert [item["item"] for item in data["items"]] == list(IDS)
    assert {item["item"]: item["verdict"] for item in data["items"]}["O23"] == "pass"
    assert data["items"][22]["name"] == "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน"
    assert data["oit_score"] == round(200 / 43, 2) and data["grade"] == "F"
    assert set(data["indicators"]) == {"9", "10"}
