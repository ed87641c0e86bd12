"""Tests for ita_audit.criteria.crosswalk and data/criteria/crosswalk-2565-2566.yaml."""
from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from ita_audit.criteria.crosswalk import (
    RELATIONS,
    Crosswalk,
    load_crosswalk,
    map_items,
    normalize_item,
    predecessors,
    successors,
)
from ita_audit.criteria.files import CRITERIA_DIR, load_criteria
from ita_audit.errors import CriteriaError, InputError
from ita_audit.oit.compare import COMPARE_COLUMNS, change_label, compare_years
from ita_audit.oit.engine import audit_oit
from ita_audit.oit.load import load_disclosure
from ita_audit.oit.results import OitAudit, Override

CROSSWALK_NAME = "crosswalk-2565-2566.yaml"
CROSSWALK_PATH = CRITERIA_DIR / CROSSWALK_NAME
_REAL_DOC = yaml.safe_load(CROSSWALK_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def cw() -> Crosswalk:
    return load_crosswalk(2565, 2566)


def _ids(first: int, last: int) -> tuple[str, ...]:
    return tuple(f"O{n}" for n in range(first, last + 1))


# The whole crosswalk: 2565 item -> (relation, 2566 successors).
EXPECTED: dict[str, tuple[str, tuple[str, ...]]] = {
    **{f"O{n}": ("same", (f"O{n}",)) for n in range(1, 10)},
    "O10": ("merged", ("O11",)), "O11": ("merged", ("O12",)), "O12": ("merged", ("O13",)),
    **{f"O{n}": ("moved", (f"O{n + 1}",)) for n in range(13, 18)},
    "O18": ("dropped", ()), "O19": ("dropped", ()), "O20": ("dropped", ()),
    **{f"O{n}": ("moved", (f"O{n - 2}",)) for n in range(21, 32)},
    "O32": ("dropped", ()), "O33": ("moved", ("O30",)),
    "O34": ("split", ("O31", "O32", "O33")), "O35": ("dropped", ()),
    "O36": ("moved", ("O34",)), "O37": ("moved", ("O35",)), "O38": ("dropped", ()),
    "O39": ("moved", ("O36",)), "O40": ("moved", ("O37",)), "O41": ("moved", ("O38",)),
    "O42": ("same", ("O42",)), "O43": ("same", ("O43",)),
}


# ── the real crosswalk ─────────────────────────────────────────────────────────────────────────

def test_every_2565_item_is_mapped_as_the_reference_says(cw: Crosswalk) -> None:
    assert cw.from_year == 2565 and cw.to_year == 2566
    assert {m.from_item: (m.relation, m.to_items) for m in cw.mappings} == EXPECTED
    assert [m.from_item for m in cw.mappings] == list(_ids(1, 43))


def test_new_2566_items(cw: Crosswalk) -> None:
    assert [(n.item, n.name) for n in cw.new_items] == [
        ("O10", "นโยบายคุ้มครองข้อมูลส่วนบุคคล"),
        ("O39", "ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ"),
        ("O40", "การขับเคลื่อนจริยธรรม"),
        ("O41", "การประเมินจริยธรรมเจ้าหน้าที่ของรัฐ")]
    assert cw.is_new("O10") and not cw.is_new("O11")


def test_every_2566_item_is_covered_exactly_once(cw: Crosswalk) -> None:
    targets = {t for m in cw.mappings for t in m.to_items}
    new = [n.item for n in cw.new_items]
    assert targets.isdisjoint(new) and len(new) == len(set(new))
    assert targets | set(new) == set(_ids(1, 43))


def test_key_facts() -> None:
    assert successors("O23") == ("O21",)
    assert successors("O34") == ("O31", "O32", "O33")
    assert successors("O32") == ()
    assert successors("O42") == ("O42",)
    assert predecessors("O21") == ("O23",)
    assert predecessors("O10") == ()
    assert {item: predecessors(item) for item in ("O31", "O32", "O33")} == {
        "O31": ("O34",), "O32": ("O34",), "O33": ("O34",)}


def test_plan_and_budget(cw: Crosswalk) -> None:
    assert [cw.predecessors(i) for i in ("O11", "O12", "O13")] == [("O10",), ("O11",), ("O12",)]
    assert [cw.mapping(i).see for i in ("O18", "O19", "O20")] == [("O11",), ("O12",), ("O13",)]
    assert cw.mapping("O35").see == () and cw.mapping("O38").see == ()


def test_names_match_both_criteria_files(cw: Crosswalk) -> None:
    c2565, c2566 = load_criteria(2565), load_criteria(2566)
    assert all(m.name == c2565.item(m.from_item).name for m in cw.mappings)
    assert all(n.name == c2566.item(n.item).name for n in cw.new_items)
    assert cw.mapping("O23").name == c2566.item("O21").name      # the move keeps the name
    for item in ("O1", "O9", "O42", "O43"):                       # "same" items keep the name
        assert c2565.item(item).name == c2566.item(item).name


def test_unknown_lookups_raise_key_error(cw: Crosswalk) -> None:
    with pytest.raises(KeyError, match="O44"):
        cw.successors("O44")
    with pytest.raises(KeyError, match="O50"):
        cw.predecessors("O50")


@pytest.mark.parametrize("token, expected", [
    ("O23", "O23"), ("o23", "O23"), (" O 23 ", "O23"), ("23", "O23"), ("๒๓", "O23"),
    ("๒๓.", "O23"), (23, "O23"), ("O023", "O23"),
])
def test_normalize_item(token: Any, expected: str) -> None:
    assert normalize_item(token) == expected


@pytest.mark.parametrize("token", ["", "X23", "O", 0, True, "23a"])
def test_normalize_item_rejects(token: Any) -> None:
    with pytest.raises(KeyError):
        normalize_item(token)


def test_map_items_for_plan_citations(cw: Crosswalk) -> None:
    mapped = map_items(["๒๓", "O18", 42, "o34", "O23"], crosswalk=cw)
    assert [(m.from_item, m.relation, m.to_items) for m in mapped] == [
        ("O23", "moved", ("O21",)), ("O18", "dropped", ()), ("O42", "same", ("O42",)),
        ("O34", "split", ("O31", "O32", "O33")), ("O23", "moved", ("O21",))]
    with pytest.raises(KeyError, match="O44"):
        map_items(["O44"], crosswalk=cw)


# ── validation errors ──────────────────────────────────────────────────────────────────────────

@pytest.fixture()
def doc() -> dict[str, Any]:
    return copy.deepcopy(_REAL_DOC)


def _dir_with(tmp_path: Path, document: Any) -> Path:
    """A criteria folder holding both criteria files and the given crosswalk document."""
    for year in (2565, 2566):
        shutil.copy(CRITERIA_DIR / f"ita-{year}.yaml", tmp_path / f"ita-{year}.yaml")
    (tmp_path / CROSSWALK_NAME).write_text(
        yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return tmp_path


def _error(tmp_path: Path, document: Any) -> str:
    with pytest.raises(CriteriaError) as info:
        load_crosswalk(2565, 2566, criteria_dir=_dir_with(tmp_path, document))
    message = str(info.value)
    assert CROSSWALK_NAME in message and "\n" not in message
    assert isinstance(info.value, InputError)
    return message


def _entry(document: dict[str, Any], item: str) -> dict[str, Any]:
    return next(e for e in document["items"] if e["from"] == item)


def test_unmodified_copy_loads(tmp_path: Path, doc: dict[str, Any]) -> None:
    loaded = load_crosswalk(2565, 2566, criteria_dir=_dir_with(tmp_path, doc))
    assert {m.from_item: m.to_items for m in loaded.mappings} == {
        k: v[1] for k, v in EXPECTED.items()}


def test_missing_2565_item(tmp_path: Path, doc: dict[str, Any]) -> None:
    doc["items"] = [e for e in doc["items"] if e["from"] != "O5"]
    assert ": items: 2565 item(s) not mapped: O5 (" in _error(tmp_path, doc)


def test_unknown_2566_id(tmp_path: Path, doc: dict[str, Any]) -> None:
    _entry(doc, "O23")["to"] = ["O99"]
    assert ": items[22].to[0]: unknown item 'O99' in the 2566 criteria" in _error(tmp_path, doc)


def test_unknown_2565_id(tmp_path: Path, doc: dict[str, Any]) -> None:
    doc["items"][4]["from"] = "O50"
    assert ": items[4].from: unknown item 'O50' in the 2565 criteria" in _error(tmp_path, doc)


def test_2566_item_not_covered(tmp_path: Path, doc: dict[str, Any]) -> None:
    doc["new"] = [n for n in doc["new"] if n["item"] != "O10"]
    message = _error(tmp_path, doc)
    assert ": new: 2566 item(s) neither succeed a 2565 item nor are listed as new: O10" in message


def test_new_item_that_also_succeeds(tmp_path: Path, doc: dict[str, Any]) -> None:
    doc["new"].append({"item": "O21", "name": "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน"})
    assert ": new[4].item: O21 is listed as new but succeeds O23" in _error(tmp_path, doc)


def test_item_mapped_twice(tmp_path: Path, doc: dict[str, Any]) -> None:
    doc["items"].append(copy.deepcopy(doc["items"][0]))
    assert ": items[43].from: O1 is mapped twice (also items[0])" in _error(tmp_path, doc)


def test_wrong_name(tmp_path: Path, doc: dict[str, Any]) -> None:
    _entry(doc, "O23")["name"] = "สรุปผลการจัดซื้อจัดจ้าง"
    assert ": items[22].name: name 'สรุปผลการจัดซื้อจัดจ้าง' of O23 differs" in _error(tmp_path, doc)


@pytest.mark.parametrize("item, relation, to, expected", [
    ("O34", "split", ["O31"], "O34 is 'split' but to is [O31]"),
    ("O23", "same", ["O21"], "O23 is 'same' but to is [O21]"),
    ("O23", "moved", ["O21", "O22"], "O23 is 'moved' but to is [O21, O22]"),
    ("O32", "dropped", ["O30"], "O32 is 'dropped' but to is [O30]"),
    ("O23", "renamed", ["O21"], "unknown relation 'renamed' of O23"),
])
def test_relation_must_fit(tmp_path: Path, doc: dict[str, Any], item: str, relation: str,
                           to: list[str], expected: str) -> None:
    entry = _entry(doc, item)
    entry["relation"], entry["to"] = relation, to
    assert expected in _error(tmp_path, doc)


def test_merged_needs_a_partner(tmp_path: Path, doc: dict[str, Any]) -> None:
    del _entry(doc, "O18")["see"]
    assert ("items[9].relation: O10 is 'merged' into O11 but no other item merges into O11"
            in _error(tmp_path, doc))


def test_unknown_key_and_wrong_year(tmp_path: Path, doc: dict[str, Any]) -> None:
    doc["items"][0]["successor"] = ["O1"]
    assert ": items[0].successor: unknown key 'successor'" in _error(tmp_path, doc)
    doc["items"][0].pop("successor")
    doc["to_year"] = 2567
    assert ": to_year: declares 2567 but the file name says 2566" in _error(tmp_path, doc)


def test_missing_crosswalk_file(tmp_path: Path) -> None:
    with pytest.raises(CriteriaError, match=r"no crosswalk from 2565 to 2567; add .*"
                                            r"crosswalk-2565-2567\.yaml"):
        load_crosswalk(2565, 2567, criteria_dir=tmp_path)


def test_relations_constant() -> None:
    assert RELATIONS == ("same", "moved", "split", "merged", "dropped")


# ── comparing two audits ──────────────────────────────────────────────────────────────────────

def _audit(tmp_path: Path, year: int, rows: list[tuple[str, str]], agency: str = "msdhs",
           overrides: dict[str, Override] | None = None) -> OitAudit:
    path = tmp_path / f"index-{year}.tsv"
    path.write_text("item\ttitle\turl\n" + "".join(f"{i}\t{t}\t\n" for i, t in rows),
                    encoding="utf-8")
    criteria = load_criteria(year)
    index = load_disclosure(path, valid_items=criteria.item_ids())
    return audit_oit(index, criteria, agency=agency, year_basis="fiscal", overrides=overrides)


@pytest.fixture()
def audits(tmp_path: Path) -> tuple[OitAudit, OitAudit]:
    old = _audit(tmp_path, 2565, [
        ("O1", "โครงสร้าง"),
        ("O2", "ข้อมูลผู้บริหาร"),
        ("O7", "ข่าวประชาสัมพันธ์ 2563"),                          # wrong year: fail
        ("O12", "รายงานผลการดำเนินงานประจำปี 2564"),
        ("O23", "สรุปผลการจัดซื้อจัดจ้าง ต.ค. 2564 - มี.ค. 2565"),
        ("O32", "ช่องทางการรับฟังความคิดเห็น"),
        ("O34", "ประกาศนโยบายไม่รับของขวัญ No Gift Policy ปี 2565"),
    ])
    new = _audit(tmp_path, 2566, [
        ("O1", "โครงสร้าง"),
        ("O2", "ข้อมูลผู้บริหาร"),
        ("O7", "ข่าวประชาสัมพันธ์ 2566"),
        ("O10", "นโยบายคุ้มครองข้อมูลส่วนบุคคล"),
        ("O13", "รายงานผลการดำเนินงานประจำปี 2563"),               # wrong year: fail
        ("O21", "สรุปผลการจัดซื้อจัดจ้าง ต.ค. 2565 - มี.ค. 2566"),
        ("O31", "ประกาศเจตนารมณ์ No Gift Policy ปี 2566"),
    ], overrides={
        "O5": Override("pass", "ตรวจบนเว็บไซต์แล้ว", "ผู้ตรวจ ก"),
        "O2": Override("review", "รูปถ่ายไม่ครบ", "ผู้ตรวจ ก"),
    })
    return old, new


def _row(frame: pd.DataFrame, old: str | None, new: str | None) -> dict[str, Any]:
    match = frame[(frame["old_item"].fillna("-") == (old or "-"))
                  & (frame["new_item"].fillna("-") == (new or "-"))]
    assert len(match) == 1, (old, new)
    return match.iloc[0].to_dict()


def test_compare_years_rows_and_labels(audits: tuple[OitAudit, OitAudit]) -> None:
    frame = compare_years(*audits)
    assert list(frame.columns) == list(COMPARE_COLUMNS)
    assert len(frame) == 43 + 2 + 4          # O34 split gives 2 extra rows; 4 new items
    triples = {(r["old_item"], r["new_item"]): (r["old_verdict"], r["new_verdict"], r["change"])
               for r in frame.to_dict("records")}
    assert triples[("O1", "O1")] == ("pass", "pass", "คงเดิม")
    assert triples[("O7", "O7")] == ("fail", "pass", "ดีขึ้น")
    assert triples[("O12", "O13")] == ("pass", "fail", "แย่ลง")
    assert triples[("O23", "O21")] == ("pass", "pass", "คงเดิม")
    assert triples[("O34", "O31")] == ("pass", "pass", "คงเดิม")
    assert triples[("O34", "O32")] == ("pass", "fail", "แย่ลง")
    assert triples[("O34", "O33")] == ("pass", "fail", "แย่ลง")
    assert triples[("O5", "O5")] == ("fail", "pass", "ดีขึ้น")          # the override counts
    assert triples[("O2", "O2")] == ("pass", "review", "รอตรวจ")        # so does a review override
    assert triples[("O32", None)] == ("pass", None, "ไม่มีในปีใหม่")
    assert triples[("O18", None)] == ("fail", None, "ไม่มีในปีใหม่")
    assert triples[(None, "O10")] == (None, "pass", "ข้อใหม่")
    assert triples[(None, "O40")] == (None, "fail", "ข้อใหม่")


def test_compare_years_names_relations_and_order(audits: tuple[OitAudit, OitAudit]) -> None:
    frame = compare_years(*audits)
    row = _row(frame, "O23", "O21")
    assert row["old_name"] == row["new_name"] == "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน"
    assert row["relation"] == "moved"
    assert _row(frame, "O10", "O11")["new_name"] == "แผนดำเนินงานและการใช้งบประมาณประจำปี"
    assert _row(frame, "O10", "O11")["relation"] == "merged"
    assert _row(frame, None, "O39")["relation"] == "new"
    assert _row(frame, "O18", None)["relation"] == "dropped"
    assert list(frame["old_item"][:3]) == ["O1", "O2", "O3"]
    assert list(frame["new_item"][-4:]) == ["O10", "O39", "O40", "O41"]
    assert frame["change"].value_counts().to_dict() == {
        "คงเดิม": 33, "ไม่มีในปีใหม่": 6, "ข้อใหม่": 4, "แย่ลง": 3, "ดีขึ้น": 2, "รอตรวจ": 1}


def test_compare_years_orders_swapped_audits_and_rejects_mixed_ones(
        tmp_path: Path, audits: tuple[OitAudit, OitAudit]) -> None:
    old, new = audits
    assert compare_years(new, old).equals(compare_years(old, new))     # newest first: reordered
    cw = load_crosswalk()
    with pytest.raises(InputError, match=r"audit_old uses the 2566 criteria"):
        compare_years(new, old, crosswalk=cw)
    other = _audit(tmp_path, 2566, [("O1", "โครงสร้าง")], agency="sso")
    with pytest.raises(InputError, match="different agencies"):
        compare_years(old, other)


@pytest.mark.parametrize("old, new, label", [
    ("pass", "pass", "คงเดิม"), ("fail", "fail", "คงเดิม"), ("review", "review", "คงเดิม"),
    ("fail", "pass", "ดีขึ้น"), ("pass", "fail", "แย่ลง"), ("review", "pass", "รอตรวจ"),
    ("fail", "review", "รอตรวจ"), ("pass", None, "ไม่มีในปีใหม่"), (None, "fail", "ข้อใหม่"),
])
def test_change_label(old: str | None, new: str | None, label: str) -> None:
    assert change_label(old, new) == label
