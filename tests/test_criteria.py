"""Tests for ita_audit.criteria (files, schema, model) and data/criteria/ita-2566.yaml."""
from __future__ import annotations

import copy
import dataclasses
import hashlib
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from ita_audit.criteria.files import (
    CRITERIA_DIR,
    available_years,
    load_criteria,
    load_criteria_file,
)
from ita_audit.criteria.model import PERIOD_RULES, Criteria
from ita_audit.errors import CriteriaError

REPO = Path(__file__).resolve().parent.parent
YAML_PATH = REPO / "data" / "criteria" / "ita-2566.yaml"
SEED_PATH = REPO / "data" / "raw" / "ita-2566-oit-criteria.txt"


@pytest.fixture(scope="module")
def criteria() -> Criteria:
    return load_criteria(2566)


@pytest.fixture()
def doc() -> dict[str, Any]:
    """A fresh, mutable copy of the real criteria document."""
    return copy.deepcopy(_REAL_DOC)


_REAL_DOC = yaml.safe_load(YAML_PATH.read_text(encoding="utf-8"))


def write(tmp_path: Path, document: Any, name: str = "ita-2566.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with pytest.raises(CriteriaError) as info:
        load_criteria_file(path)
    return str(info.value)


# ── the real 2566 file ─────────────────────────────────────────────────────────────────────────

def test_loads_all_43_items_in_order(criteria: Criteria) -> None:
    assert criteria.fiscal_year == 2566
    assert criteria.tool == "OIT"
    assert len(criteria.items) == 43
    assert criteria.item_ids() == tuple(f"O{n}" for n in range(1, 44))
    assert [item.number for item in criteria.items] == list(range(1, 44))


def test_default_dir_and_available_years() -> None:
    assert CRITERIA_DIR == REPO / "data" / "criteria"
    assert 2566 in available_years()


def test_o4_plan_covering(criteria: Criteria) -> None:
    item = criteria.item("O4")
    assert item.name == "แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน"
    assert item.group == "ข้อมูลพื้นฐาน"
    assert (item.indicator, item.sub_indicator) == ("9", "9.1")
    assert item.description == ("แสดงแผนการดำเนินภารกิจของหน่วยงานที่มีระยะมากกว่า 1 ปี",
                                "มีข้อมูลรายละเอียดของแผนฯ อย่างน้อยประกอบด้วย")
    assert item.elements == ("ยุทธศาสตร์หรือแนวทาง", "เป้าหมาย", "ตัวชี้วัด")
    assert item.period is not None
    assert (item.period.rule, item.period.year) == ("plan_covering", 2566)
    assert item.period.text == "เป็นแผนที่มีระยะเวลาบังคับใช้ครอบคลุมปี พ.ศ. 2566"
    assert criteria.item("O36").period.rule == "plan_covering"


def test_o13_previous_year_report(criteria: Criteria) -> None:
    period = criteria.item("O13").period
    assert (period.rule, period.year, period.text) == (
        "previous_year_report", 2565, "เป็นรายงานผลของปี พ.ศ. 2565")
    assert criteria.item("O42").period.rule == "results_analysis"
    assert criteria.item("O42").period.year == 2565


def test_o21_monthly_with_exception(criteria: Criteria) -> None:
    item = criteria.item("O21")
    assert (item.period.rule, item.period.year) == ("monthly", 2566)
    assert [ex.id for ex in item.exceptions] == ["no_procurement_this_month"]
    exception = item.exceptions[0]
    assert exception.text == ("กรณีไม่มีการจัดซื้อจัดจ้างในรอบเดือนใดให้เผยแพร่ว่า"
                              "ไม่มีการจัดซื้อจัดจ้างในเดือนนั้น")
    assert "ไม่มีการจัดซื้อจัดจ้างในเดือน" in exception.phrases
    assert "ไม่มีการจัดซื้อจัดจ้าง" in exception.phrases


def test_o19_exception(criteria: Criteria) -> None:
    item = criteria.item("O19")
    assert [ex.id for ex in item.exceptions] == ["no_procurement_over_500k"]
    exception = item.exceptions[0]
    assert exception.text.startswith("กรณีไม่มีการจัดจ้างที่มีวงเงินเกิน 5 แสนบาท")
    assert exception.text.endswith("หรือเผยแพร่ว่าไม่มีการจัดซื้อจัดจ้างในกรณีดังกล่าว")
    assert {"ไม่มีการจัดซื้อจัดจ้าง", "ไม่มีการจัดจ้างที่มีวงเงินเกิน"} <= set(exception.phrases)
    assert (item.period.rule, item.period.year) == ("current_year", 2566)


def test_o29_exception(criteria: Criteria) -> None:
    item = criteria.item("O29")
    assert [ex.id for ex in item.exceptions] == ["no_complaints"]
    assert item.exceptions[0].text == "กรณีไม่มีเรื่องร้องเรียนให้เผยแพร่ว่าไม่มีเรื่องร้องเรียน"
    assert "ไม่มีเรื่องร้องเรียน" in item.exceptions[0].phrases
    assert item.period.rule == "first_six_months"


def test_only_o19_o21_o29_have_exceptions(criteria: Criteria) -> None:
    assert [item.id for item in criteria.items if item.exceptions] == ["O19", "O21", "O29"]


def test_o43_qr_code_note(criteria: Criteria) -> None:
    item = criteria.item("O43")
    assert any("OR code" in line for line in item.description)          # seed kept verbatim
    assert any("QR code" in note and "EIT" in note and "typo" in note for note in item.notes)


def test_o25_elements_and_central_hr_note(criteria: Criteria) -> None:
    item = criteria.item("O25")
    assert len(item.elements) == 5
    assert item.elements[0] == "การสรรหาและคัดเลือกบุคลากร"
    assert item.elements[-1] == "การให้คุณให้โทษและการสร้างขวัญกำลังใจ"
    assert any(note.startswith("กรณีมีองค์กรกลางบริหารงานบุคคล") for note in item.notes)


def test_o24_and_o35_typo_notes(criteria: Criteria) -> None:
    assert any("023" in note and "O23" in note for note in criteria.item("O24").notes)
    assert any("034" in note and "O34" in note for note in criteria.item("O35").notes)


def test_o40_has_no_description(criteria: Criteria) -> None:
    item = criteria.item("O40")
    assert item.name == "การขับเคลื่อนจริยธรรม"
    assert item.description == () and item.elements == () and item.period is None
    assert any("no description" in note for note in item.notes)


def test_o2_two_element_lists_flattened(criteria: Criteria) -> None:
    elements = criteria.item("O2").elements
    assert len(elements) == 6
    assert elements[0].endswith("ผู้บริหารสูงสุด") and elements[1].endswith("รองผู้บริหารสูงสุด")
    assert elements[2].endswith("ชื่อ-นามสกุล") and elements[5].endswith("ช่องทางการติดต่อ")
    assert len({element.split(":")[0] for element in elements}) == 2


def test_local_government_remarks_are_notes(criteria: Criteria) -> None:
    for item_id in ("O1", "O2"):
        notes = criteria.item(item_id).notes
        assert any(note.startswith("กรณีองค์กรปกครองส่วนท้องถิ่น") for note in notes)


def test_location_hints_are_notes(criteria: Criteria) -> None:
    assert any("(อยู่หน้าแรก ด้านล่างสุด)" in n for n in criteria.item("O7").notes)
    assert any("(แสดงเป็น QR CODE อยู่หน้าแรกด้านขวามือ)" in n for n in criteria.item("O28").notes)


def test_items_without_period(criteria: Criteria) -> None:
    assert [item.id for item in criteria.items if item.period is None] == [
        "O1", "O2", "O3", "O5", "O6", "O8", "O9", "O10", "O14", "O15", "O18", "O27", "O28",
        "O39", "O40"]


def test_period_rules_per_item(criteria: Criteria) -> None:
    rules = {item.id: (item.period.rule, item.period.year)
             for item in criteria.items if item.period}
    assert rules == {
        "O4": ("plan_covering", 2566), "O7": ("current_year", 2566),
        "O11": ("current_year", 2566), "O12": ("first_six_months", 2566),
        "O13": ("previous_year_report", 2565), "O16": ("first_six_months", 2566),
        "O17": ("previous_year_report", 2565), "O19": ("current_year", 2566),
        "O20": ("current_year", 2566), "O21": ("monthly", 2566),
        "O22": ("previous_year_report", 2565), "O23": ("in_force", 2566),
        "O24": ("first_six_months", 2566), "O25": ("in_force", 2566),
        "O26": ("previous_year_report", 2565), "O29": ("first_six_months", 2566),
        "O30": ("current_year", 2566), "O31": ("current_year", 2566),
        "O32": ("current_year", 2566), "O33": ("first_six_months", 2566),
        "O34": ("current_year", 2566), "O35": ("current_year", 2566),
        "O36": ("plan_covering", 2566), "O37": ("first_six_months", 2566),
        "O38": ("previous_year_report", 2565), "O41": ("current_year", 2566),
        "O42": ("results_analysis", 2565), "O43": ("current_year", 2566),
    }


def test_sub_indicator_membership(criteria: Criteria) -> None:
    counts = {sub.id: len(criteria.items_for(sub.id))
              for ind in criteria.indicators for sub in ind.sub_indicators}
    assert counts == {"9.1": 10, "9.2": 8, "9.3": 4, "9.4": 4, "9.5": 4, "10.1": 11, "10.2": 2}
    assert len(criteria.items_for("9")) == 30 and len(criteria.items_for("10")) == 13
    assert [i.id for i in criteria.items_for("10.2")] == ["O42", "O43"]
    assert criteria.sub_indicator("9.3").name == "การจัดซื้อจัดจ้างหรือการจัดหาพัสดุ"
    assert criteria.sub_indicator("10.1").indicator == "10"


def test_indicator_is_derived_from_sub_indicator(criteria: Criteria) -> None:
    for item in criteria.items:
        assert item.indicator == item.sub_indicator.split(".")[0]


def test_source_sha256_matches_seed() -> None:
    declared = _REAL_DOC["source"]
    assert declared["file"] == "data/raw/ita-2566-oit-criteria.txt"
    assert declared["sha256"] == hashlib.sha256(SEED_PATH.read_bytes()).hexdigest()


def test_file_sha256_and_path(criteria: Criteria) -> None:
    assert criteria.path == YAML_PATH
    assert criteria.sha256 == hashlib.sha256(YAML_PATH.read_bytes()).hexdigest()


def test_aggregation_weights_grades_labels(criteria: Criteria) -> None:
    assert criteria.aggregation["item_score"] == {"pass": 100, "fail": 0}
    assert criteria.aggregation["indicators"]["method"] == "mean"
    assert criteria.aggregation["oit"]["method"] == "mean"
    assert dict(criteria.ita_weights) == {"IIT": 30, "EIT": 30, "OIT": 40}
    assert [g for g, _ in criteria.grades] == ["AA", "A", "B", "C", "D", "E", "F"]
    assert [label["label"] for label in criteria.pass_labels] == [
        "ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน", "ต้องปรับปรุง", "ต้องปรับปรุงโดยด่วน"]
    assert criteria.pass_labels[0]["min_each_tool"] == 95
    assert "min_each_tool" not in criteria.pass_labels[2]


@pytest.mark.parametrize("score, grade", [
    (100, "AA"), (95, "AA"), (94.99, "A"), (85, "A"), (84.99, "B"), (75, "B"), (65, "C"),
    (55, "D"), (50, "E"), (49.99, "F"), (0, "F")])
def test_grade_for(criteria: Criteria, score: float, grade: str) -> None:
    assert criteria.grade_for(score) == grade


@pytest.mark.parametrize("score", [-0.01, float("nan")])
def test_grade_for_rejects(criteria: Criteria, score: float) -> None:
    with pytest.raises(ValueError):
        criteria.grade_for(score)


def test_unknown_item_and_sub_indicator(criteria: Criteria) -> None:
    with pytest.raises(KeyError, match="O44"):
        criteria.item("O44")
    with pytest.raises(KeyError, match="9.9"):
        criteria.sub_indicator("9.9")


def test_criteria_are_read_only(criteria: Criteria) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        criteria.item("O1").name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        criteria.aggregation["oit"] = {}  # type: ignore[index]
    assert isinstance(criteria.item("O1").notes, tuple)


def test_every_period_rule_has_an_engine_implementation() -> None:
    from ita_audit.oit.periods import RULES

    assert PERIOD_RULES == ("current_year", "in_force", "previous_year_report",
                            "results_analysis", "plan_covering", "first_six_months", "monthly")
    assert set(PERIOD_RULES) == set(RULES)


# ── faithfulness to the seed text ─────────────────────────────────────────────────────────────

_SEED_MARKERS = re.compile(r"ㆍ|(?:^|\s)\.\s|\*|\(\d+\)")


def _squash(text: str) -> str:
    """Whitespace removed and decomposed sara am composed, for comparing with the seed."""
    return re.sub(r"\s+", "", text).replace("\u0e4d\u0e32", "\u0e33")


def _seed_blocks(groups: set[str]) -> dict[str, tuple[str | None, list[str]]]:
    """item id -> (group heading above it, its lines), from the seed (debris at the end cut)."""
    lines = SEED_PATH.read_text(encoding="utf-8").splitlines()
    blocks: dict[str, tuple[str | None, list[str]]] = {}
    group: str | None = None
    current: list[str] | None = None
    for line in lines[3:]:
        heading = re.match(r"^O(\d+)[. ]", line)
        if line.strip() in groups:
            group, current = line.strip(), None
        elif heading:
            current = [line[heading.end():]]
            blocks[f"O{heading.group(1)}"] = (group, current)
        elif current is not None:
            if line.lstrip().startswith("•"):
                break
            current.append(line)
    return blocks


def _item_blob(item: dict[str, Any]) -> str:
    period = item["period"] or {}
    parts = [item["name"], *item["description"], *item["elements"], period.get("text", ""),
             *(ex["text"] for ex in item["exceptions"]), *item["notes"]]
    return _squash(" ".join(parts))


def test_every_seed_fragment_is_transcribed() -> None:
    groups = {item["group"] for item in _REAL_DOC["items"]}
    blocks = _seed_blocks(groups)
    assert list(blocks) == [f"O{n}" for n in range(1, 44)]
    for item in _REAL_DOC["items"]:
        group, lines = blocks[item["id"]]
        assert item["group"] == group, item["id"]
        blob = _item_blob(item)
        for n, line in enumerate(lines):
            fragments = _SEED_MARKERS.split(line)
            if n == 0:   # name glued to the link text
                head = _squash(fragments.pop(0))
                if item["id"] != "O37":   # O37's name column has a typo; the name follows the link
                    assert head.startswith(_squash(item["name"])), item["id"]
            for fragment in fragments:
                assert _squash(fragment) in blob, (item["id"], fragment)


def test_transcribed_text_comes_from_the_seed() -> None:
    seed = _squash(SEED_PATH.read_text(encoding="utf-8"))
    for item in _REAL_DOC["items"]:
        period = item["period"] or {}
        texts = [item["name"], item["group"], *item["description"], period.get("text", ""),
                 *(ex["text"] for ex in item["exceptions"]),
                 *(element.split(": ", 1)[-1] for element in item["elements"])]
        for text in texts:
            assert _squash(text) in seed, (item["id"], text)
        for exception in item["exceptions"]:
            for phrase in exception["phrases"]:
                assert re.fullmatch(r"[\u0e00-\u0e7f]+", phrase), (item["id"], phrase)


# ── validation errors ──────────────────────────────────────────────────────────────────────────

def test_unmodified_copy_loads(tmp_path: Path, doc: dict[str, Any]) -> None:
    loaded = load_criteria_file(write(tmp_path, doc))
    assert loaded.item_ids() == load_criteria(2566).item_ids()


def test_unknown_top_level_key(tmp_path: Path, doc: dict[str, Any]) -> None:
    doc["weights"] = {}
    path = write(tmp_path, doc)
    assert load_error(path) == (
        f"{path}: weights: unknown key 'weights' (fix: remove it or use one of: schema, fiscal_year, "
        "tool, title, status, source, indicators, aggregation, ita_weights, grades, items, "
            "pass_labels, ratings, notes)")


def test_unknown_item_key(tmp_path: Path, doc: dict[str, Any]) -> None:
    doc["items"][3]["colour"] = "red"
    message = load_error(write(tmp_path, doc))
    assert ": items[3].colour: unknown key 'colour'" in message


def test_unknown_nested_key(tmp_path: Path, doc: dict[str, Any]) -> None:
    doc["items"][20]["period"]["months"] = 6
    assert ": items[20].period.months: unknown key" in load_error(write(tmp_path, doc))


def test_missing_key(tmp_path: Path, doc: dict[str, Any]) -> None:
    del doc["items"][0]["group"]
    message = load_error(write(tmp_path, doc))
    assert ": items[0].group: missing required key (fix: add 'group:')" in message


def test_duplicate_item_id(tmp_path: Path, doc: dict[str, Any]) -> None:
    doc["items"][5]["id"] = "O5"
    assert ": items[5].id: duplicate id 'O5'" in load_error(write(tmp_path, doc))


@pytest.mark.parametrize("bad_id", ["O04", "o4", "4", "O-4", "O0"])
def test_malformed_item_id(tmp_path: Path, doc: dict[str, Any], bad_id: str) -> None:
    doc["items"][3]["id"] = bad_id
    assert f": items[3].id: bad item id '{bad_id}'" in load_error(write(tmp_path, doc))


def test_items_not_contiguous(tmp_path: Path, doc: dict[str, Any]) -> None:
    del doc["items"][10]
    assert ": items[10].id: expected O11, found O12" in load_error(write(tmp_path, doc))


def test_malformed_rule(tmp_path: Path, doc: dict[str, Any]) -> None:
    doc["items"][3]["period"]["rule"] = "yearly"
    path = write(tmp_path, doc)
    message = load_error(path)
    assert message.startswith(
        f"{path}: items[3].period.rule: unknown rule 'yearly' in O4 (fix: use one of")
    assert "current_year" in message and "monthly" in message


def test_repo_relative_path_in_messages() -> None:
    error = CriteriaError("data/criteria/ita-2566.yaml", "unknown rule 'yearly'",
                          where="items[3].period.rule", fix="use one of ...")
    assert str(error) == ("data/criteria/ita-2566.yaml: items[3].period.rule: "
                          "unknown rule 'yearly' (fix: use one of ...)")
    assert isinstance(error, ValueError)


@pytest.mark.parametrize("year", [2564, 2567, "2566", 2566.0, True])
def test_bad_period_year(tmp_path: Path, doc: dict[str, Any], year: Any) -> None:
    doc["items"][3]["period"]["year"] = year
    assert ": items[3].period.year: " in load_error(write(tmp_path, doc))


def test_o4_requires_a_plan_of_more_than_one_year(criteria: Criteria) -> None:
    assert criteria.item("O4").period.min_years == 2
    assert criteria.item("O36").period.min_years == 1


@pytest.mark.parametrize("index, value", [(3, 1), (3, 21), (3, "2"), (12, 2)])
def test_bad_min_years(tmp_path: Path, doc: dict[str, Any], index: int, value: Any) -> None:
    doc["items"][index]["period"]["min_years"] = value          # items[12] is O13, not a plan
    assert f": items[{index}].period.min_years: " in load_error(write(tmp_path, doc))


def test_undeclared_sub_indicator(tmp_path: Path, doc: dict[str, Any]) -> None:
    doc["items"][0]["sub_indicator"] = "9.9"
    assert ": items[0].sub_indicator: sub-indicator '9.9'" in load_error(write(tmp_path, doc))


def test_unquoted_sub_indicator(tmp_path: Path, doc: dict[str, Any]) -> None:
    doc["items"][0]["sub_indicator"] = 9.1
    assert ": items[0].sub_indicator: expected text" in load_error(write(tmp_path, doc))


def test_aggregation_method(tmp_path: Path, doc: dict[str, Any]) -> None:
    doc["aggregation"]["oit"]["method"] = "weighted"
    message = load_error(write(tmp_path, doc))
    assert ": aggregation.oit.method: unsupported method 'weighted'" in message


def test_grades_not_descending(tmp_path: Path, doc: dict[str, Any]) -> None:
    doc["grades"][2]["min"] = 90
    assert ": grades[2].min: 90 is not below" in load_error(write(tmp_path, doc))


def test_empty_element(tmp_path: Path, doc: dict[str, Any]) -> None:
    doc["items"][3]["elements"][1] = ""
    assert ": items[3].elements[1]: empty text" in load_error(write(tmp_path, doc))


def test_exception_without_phrases(tmp_path: Path, doc: dict[str, Any]) -> None:
    doc["items"][28]["exceptions"][0]["phrases"] = []
    assert ": items[28].exceptions[0].phrases: list is empty" in load_error(write(tmp_path, doc))


@pytest.mark.parametrize(("key", "text"), [
    ("description", "ตามข้อ O44"),
    ("description", "ตามข้อ 099"),             # the seeds write a zero for the letter O
    ("elements", "รายงานตามข้อ O50"),
])
def test_an_item_refers_only_to_items_of_its_year(tmp_path: Path, doc: dict[str, Any],
                                                   key: str, text: str) -> None:
    doc["items"][36][key][0] = text
    assert load_error(write(tmp_path, doc)).endswith(
        f": items[36].{key}[0]: O37 refers to '{text.split('ตาม')[-1]}', but this year has only "
        "O1..O43 (fix: name this year's item (the crosswalk gives the successor of an earlier "
        "year's item))")


def test_the_seeds_zero_for_o_names_an_item_of_the_year(tmp_path: Path,
                                                        doc: dict[str, Any]) -> None:
    doc["items"][36]["description"][0] = "ตามข้อ 036"           # 2566 O35 writes 'ข้อ 034'
    load_criteria_file(write(tmp_path, doc))


def test_unknown_fiscal_year() -> None:
    with pytest.raises(CriteriaError) as info:
        load_criteria(2599)
    assert str(info.value) == (
        "data/criteria/ita-2599.yaml: no criteria for fiscal year 2599 in the project "
        "(available: 2565, 2566, 2568, 2569) (fix: scaffold it with 'ita-audit criteria new "
        "--year 2599 --from 2569', fill it in from the NACC manual of that year "
        "(docs/criteria.md) and check it with 'ita-audit criteria check "
        "data/criteria/ita-2599.yaml')")


@pytest.mark.parametrize(("year", "said"), [
    (2023, "no criteria for fiscal year 2023: 2023 looks like a Gregorian (CE) year; ITA fiscal "
           "years are Buddhist Era (available: 2565, 2566, 2568, 2569) (fix: give the fiscal year "
           "in BE: CE 2023 is 2566)"),
    (99999, "no criteria for fiscal year 99999: 99999 is not a Buddhist-Era year (available: "
            "2565, 2566, 2568, 2569) (fix: give a BE year between 2400 and 2700, e.g. 2566)"),
])
def test_fiscal_year_that_is_no_be_year(year: int, said: str) -> None:
    """A Gregorian or impossible year is named as such (the rule every command applies), not
    offered a criteria file to scaffold."""
    with pytest.raises(CriteriaError) as info:
        load_criteria(year)
    assert str(info.value) == f"data/criteria/ita-{year}.yaml: {said}"


def test_unknown_fiscal_year_in_empty_dir(tmp_path: Path) -> None:
    with pytest.raises(CriteriaError, match=r"fiscal year 2566 in the project \(available: none\)"):
        load_criteria(2566, criteria_dir=tmp_path)


def test_fiscal_year_must_match_file_name(tmp_path: Path, doc: dict[str, Any]) -> None:
    write(tmp_path, doc, name="ita-2567.yaml")
    with pytest.raises(CriteriaError, match=r"ita-2567.yaml: fiscal_year: declares 2566"):
        load_criteria(2567, criteria_dir=tmp_path)


def test_env_var_overrides_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(YAML_PATH, tmp_path / "ita-2566.yaml")
    (tmp_path / "notes.yaml").write_text("x: 1\n", encoding="utf-8")
    monkeypatch.setenv("ITA_AUDIT_CRITERIA_DIR", str(tmp_path))
    assert available_years() == [2566]
    assert load_criteria(2566).path == (tmp_path / "ita-2566.yaml").resolve()


def _line_of(text: str, line: str) -> int:
    return text.splitlines().index(line) + 1


def test_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    text = YAML_PATH.read_text(encoding="utf-8")
    line = _line_of(text, "tool: OIT")
    path = tmp_path / "ita-2566.yaml"
    path.write_text(text.replace("tool: OIT\n", "tool: OIT: bad\n", 1), encoding="utf-8")
    message = load_error(path)
    assert message.startswith(f"{path}: line {line}, column ")
    assert "YAML syntax error" in message


def test_duplicate_yaml_key_names_line(tmp_path: Path) -> None:
    text = YAML_PATH.read_text(encoding="utf-8")
    line = _line_of(text, "tool: OIT")
    path = tmp_path / "ita-2566.yaml"
    path.write_text(text.replace("tool: OIT\n", "tool: OIT\ntool: IIT\n", 1), encoding="utf-8")
    message = load_error(path)
    assert f": line {line + 1}, column 1: " in message and "duplicate key 'tool'" in message


def test_non_utf8_names_line(tmp_path: Path) -> None:
    data = YAML_PATH.read_bytes()
    line = _line_of(data.decode("utf-8"), "tool: OIT")
    path = tmp_path / "ita-2566.yaml"
    path.write_bytes(data.replace(b"tool: OIT\n", b"tool: OIT \xff\xfe\n", 1))
    message = load_error(path)
    assert message.startswith(f"{path}: line {line}: not UTF-8")
    assert message.endswith("(fix: save the file as UTF-8)")


def test_top_level_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "ita-2566.yaml"
    path.write_text("- just a list\n", encoding="utf-8")
    assert "<top level>: expected a mapping" in load_error(path)
