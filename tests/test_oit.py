"""The OIT rules engine on the real SSO 2566 index: verdicts, reasons, bases and scores."""
from __future__ import annotations

from pathlib import Path

import pytest

from ita_audit.criteria.files import load_criteria
from ita_audit.errors import InputError
from ita_audit.oit.audit import parse_overrides, run_oit_audit
from ita_audit.oit.engine import audit_oit
from ita_audit.oit.load import load_disclosure
from ita_audit.oit.results import Override


@pytest.fixture(scope="module")
def criteria():
    return load_criteria(2566)


def _audit(path: Path, criteria, basis: str):
    index = load_disclosure(path, valid_items=criteria.item_ids())
    return audit_oit(index, criteria, agency="sso", year_basis=basis)


@pytest.fixture(scope="module", params=["calendar", "fiscal"])
def sso(request, criteria, sso_index_path):
    return _audit(sso_index_path, criteria, request.param)


def _item(audit, item_id):
    return next(r for r in audit.items if r.item.id == item_id)


def _check(result, prefix):
    return next(c for c in result.checks if c.rule.startswith(prefix))


def test_every_item_appears_exactly_once(sso) -> None:
    assert [r.item.id for r in sso.items] == [f"O{n}" for n in range(1, 44)]


def test_o4_passes_because_the_plan_covers_2566(sso) -> None:
    o4 = _item(sso, "O4")
    assert o4.verdict == "pass"
    period = _check(o4, "period:plan_covering")
    assert period.status == "pass"
    assert "มีระยะเวลา 'พ.ศ.2566 - 2570' ครอบคลุมปี 2566" in period.reason   # the range, not 'ปี 2566'
    assert period.basis == sso.year_basis
    assert _check(o4, "elements").status == "review"      # titles cannot prove (1)…(3)


def test_o13_passes_as_the_2565_annual_report(sso) -> None:
    o13 = _item(sso, "O13")
    assert o13.verdict == "pass"
    period = _check(o13, "period:previous_year_report")
    assert "รายงานผลการดำเนินงานประจำปี 2565" in period.reason and "2565" in period.reason


def test_o19_takes_the_plan_from_the_list_it_shares_with_o20(sso) -> None:
    """'o19.' and 'o20.' stand together over one list: the procurement plan is O19's."""
    o19, o20 = _item(sso, "O19"), _item(sso, "O20")
    assert [e.title for e in o19.evidence] == ["แผนจัดซื้อจัดจ้าง"]
    assert "แผนจัดซื้อจัดจ้าง" not in [e.title for e in o20.evidence]
    assert o19.verdict == o20.verdict == "review"
    assert "หัวข้อ O19, O20 อยู่ติดกันเหนือรายการเดียว" in _check(o19, "presence").reason


def test_a_rule_needing_a_year_with_no_year_in_titles_is_review(sso) -> None:
    for item_id in ("O7", "O16", "O30", "O32"):
        result = _item(sso, item_id)
        assert result.verdict == "review", item_id
        assert "ไม่ระบุปี" in _check(result, "period:").reason, item_id


def test_o13_from_2563_fails_naming_found_and_required_years(criteria, sso_copy) -> None:
    text = sso_copy.read_text(encoding="utf-8")
    sso_copy.write_text(text.replace("รายงานผลการดำเนินงานประจำปี 2565",
                                     "รายงานผลการดำเนินงานประจำปี 2563"), encoding="utf-8")
    o13 = _item(_audit(sso_copy, criteria, "fiscal"), "O13")
    assert o13.verdict == "fail"
    reason = _check(o13, "period:previous_year_report").reason
    assert "2565" in reason and "2563" in reason


def test_calendar_quarters_match_only_on_the_calendar_basis(criteria, sso_index_path) -> None:
    calendar = _item(_audit(sso_index_path, criteria, "calendar"), "O12")
    fiscal = _item(_audit(sso_index_path, criteria, "fiscal"), "O12")
    assert calendar.verdict == "pass" and calendar.period_basis == "calendar"
    assert fiscal.verdict == "review" and fiscal.period_basis == "calendar"
    assert "ปีปฏิทิน" in _check(fiscal, "period:").reason


def test_monthly_procurement_covers_six_months_on_both_bases(sso) -> None:
    o21 = _item(sso, "O21")
    assert o21.verdict == "pass"
    assert "6 เดือน" in _check(o21, "period:monthly").reason


def test_monthly_procurement_missing_months_fail(criteria, sso_copy) -> None:
    text = sso_copy.read_text(encoding="utf-8")
    sso_copy.write_text(text.replace("กุมภาพันธ์", "").replace("มีนาคม", ""), encoding="utf-8")
    o21 = _item(_audit(sso_copy, criteria, "calendar"), "O21")
    assert o21.verdict == "fail"
    assert "ขาด 2 เดือน: ก.พ. 66, มี.ค. 66" in _check(o21, "period:monthly").reason


def test_as_of_march_covers_the_first_half_only_on_the_fiscal_basis(criteria, sso_index_path) -> None:
    fiscal = _item(_audit(sso_index_path, criteria, "fiscal"), "O24")
    assert fiscal.verdict == "pass" and "ณ มีนาคม 2566" in _check(fiscal, "period:").reason


def test_old_regulations_may_still_be_in_force(sso) -> None:
    o25 = _item(sso, "O25")
    assert o25.verdict in ("pass", "review")
    assert o25.verdict != "fail"


def test_exception_statement_counts_as_evidence(criteria, sso_copy) -> None:
    text = sso_copy.read_text(encoding="utf-8")
    sso_copy.write_text(text.replace(
        "o19. แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ",
        "o19. แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ\n- ประกาศ ไม่มีการจัดซื้อจัดจ้างที่มีวงเงินเกิน 5 แสนบาท ปี 2566"),
        encoding="utf-8")
    o19 = _item(_audit(sso_copy, criteria, "calendar"), "O19")
    assert o19.verdict == "pass"
    assert _check(o19, "exception:").status == "pass"


def test_scores_follow_the_declared_aggregation(sso) -> None:
    counts = sso.counts()
    assert sum(counts.values()) == 43
    assert sso.oit_score() == round(100 * counts["pass"] / 43, 2)
    assert sso.oit_score("pass") == round(100 * (counts["pass"] + counts["review"]) / 43, 2)
    nine = [r for r in sso.items if r.item.indicator == "9"]
    assert sso.indicator_scores()["9"] == round(100 * sum(r.verdict == "pass" for r in nine) / len(nine), 2)


def test_json_contract(sso) -> None:
    data = sso.to_json()
    assert {"agency", "fiscal_year", "criteria_year", "items", "indicators", "oit_score"} <= set(data)
    assert data["fiscal_year"] == data["criteria_year"] == 2566
    assert set(data["indicators"]) == {"9", "10"}
    for item in data["items"]:
        assert {"item", "name", "verdict", "score", "evidence", "reasons"} <= set(item)
        assert item["verdict"] in ("pass", "fail", "review")
        assert item["score"] in (0, 100, None)
        for ev in item["evidence"]:
            assert set(ev) >= {"title", "url", "years"} and all(isinstance(y, int) for y in ev["years"])
        assert item["reasons"] and all(r.startswith("[") for r in item["reasons"])


def test_overrides_replace_the_verdict_and_keep_the_automated_one(criteria, sso_index_path) -> None:
    index = load_disclosure(sso_index_path, valid_items=criteria.item_ids())
    decided = parse_overrides({"O19": {"verdict": "pass", "note": "ตรวจบนเว็บแล้ว", "by": "สมชาย"}},
                              criteria, "params/x.yaml")
    assert decided == {"O19": Override("pass", "ตรวจบนเว็บแล้ว", "สมชาย")}
    audit = audit_oit(index, criteria, agency="sso", year_basis="calendar", overrides=decided)
    o19 = _item(audit, "O19")
    assert (o19.automated_verdict, o19.verdict) == ("review", "pass")
    assert o19.reasons[-1] == "[override] สมชาย: รอตรวจ -> ผ่าน: ตรวจบนเว็บแล้ว"
    assert audit.to_json()["items"][18]["override"]["by"] == "สมชาย"
    # the item id as indexes write it (o19, O 19, O๑๙) is O19
    for written in ("o19", "O 19", "O๑๙", "O019"):
        assert parse_overrides({written: {"verdict": "pass", "note": "ตรวจบนเว็บแล้ว",
                                          "by": "สมชาย"}}, criteria) == decided


@pytest.mark.parametrize("raw, where", [
    ({"O99": {"verdict": "pass", "note": "x", "by": "y"}}, "overrides.O99"),
    ({19: {"verdict": "pass", "note": "x", "by": "y"}}, "overrides.19"),
    ({"O19": {"verdict": "ok", "note": "x", "by": "y"}}, "overrides.O19.verdict"),
    ({"O19": {"verdict": "pass", "note": "x"}}, "overrides.O19.by"),
    ({"O19": {"verdict": "pass", "note": "x", "by": "y", "when": "now"}}, "overrides.O19"),
    (["O19"], "overrides"),
])
def test_bad_overrides_name_the_key(criteria, raw, where) -> None:
    with pytest.raises(InputError) as err:
        parse_overrides(raw, criteria, "params/2566/sso.yaml")
    assert str(err.value).startswith(f"params/2566/sso.yaml:{where}:")


def test_run_oit_audit_rejects_unsafe_agency_ids(sso_index_path) -> None:
    with pytest.raises(InputError, match="safe slug"):
        run_oit_audit(sso_index_path, 2566, agency="../etc")


def _audit_rows(tmp_path: Path, criteria, rows: list[tuple[str, str]], basis: str = "fiscal"):
    index = tmp_path / "index.tsv"
    index.write_text("item\ttitle\turl\n" + "".join(f"{i}\t{t}\t\n" for i, t in rows),
                     encoding="utf-8")
    return _audit(index, criteria, basis)


def test_a_one_year_plan_is_not_a_multi_year_plan_for_o4(tmp_path: Path, criteria) -> None:
    o4 = _item(_audit_rows(tmp_path, criteria, [("O4", "แผนปฏิบัติราชการ ประจำปี 2566")]), "O4")
    assert o4.verdict == "fail"
    assert _check(o4, "period:").reason == ("ต้องเป็นแผนระยะอย่างน้อย 2 ปีที่ครอบคลุมปี 2566 "
                                           "แต่ชื่อเอกสารระบุเพียง 'ปี 2566'")
    o36 = _item(_audit_rows(tmp_path, criteria, [("O36", "แผนป้องกันการทุจริต ประจำปี 2566")]), "O36")
    assert o36.verdict == "pass"                          # an annual action plan is enough for O36


def test_a_year_from_a_secondary_document_is_not_enough(tmp_path: Path, criteria) -> None:
    """The progress report (listed first) has no year; the 2566 comes from another report."""
    o43 = _item(_audit_rows(tmp_path, criteria, [
        ("O43", "รายงานผลการดำเนินการตามมาตรการเพื่อส่งเสริมคุณธรรมและความโปร่งใส"),
        ("O43", "รายงานความก้าวหน้าการดำเนินการตามมาตรการ ประจำปีงบประมาณ 2566")]), "O43")
    period = _check(o43, "period:")
    assert period.status == "review"
    assert "เอกสารแรก 'รายงานผลการดำเนินการตามมาตรการเพื่อส่งเสริมคุณธรรมและความโปร่งใส' " \
           "(บรรทัด 2) ซึ่งน่าจะเป็นหลักฐานหลักไม่ระบุปี" in period.reason


def test_a_press_release_is_no_evidence_for_o43(sso) -> None:
    """SSO's O43 lists a press release inviting people to the ITA survey: an O7 document."""
    o43 = _item(sso, "O43")
    assert "ไม่นับ 'ข่าวประชาสัมพันธ์ ขอเชิญผู้มารับบริการ" in _check(o43, "kind").reason
    assert "เป็นเอกสารของข้อ O7" in _check(o43, "kind").reason
    assert _check(o43, "period:").reason.startswith("เกณฑ์กำหนดช่วงเวลาปี 2566")


@pytest.mark.parametrize("title", ["รายงานผลการป้องกันการทุจริต เมษายน - กันยายน 2566",
                                   "รายงานผลการป้องกันการทุจริต ไตรมาส 3-4 ปีงบประมาณ 2566"])
def test_the_wrong_half_of_the_year_fails(tmp_path: Path, criteria, title: str) -> None:
    o37 = _item(_audit_rows(tmp_path, criteria, [("O37", title)]), "O37")
    assert o37.verdict == "fail"
    reason = _check(o37, "period:").reason
    assert reason.startswith("ต้องครอบคลุม ต.ค. 65–มี.ค. 66 แต่เอกสารครอบคลุม") and "ช่วงอื่น" in reason


@pytest.mark.parametrize("title", ["รายงานผลการป้องกันการทุจริต 1 ต.ค. 2565 - 31 มี.ค. 2566",
                                   "รายงานผลการป้องกันการทุจริต ๑ ตุลาคม ๒๕๖๕ ถึงวันที่ ๓๑ มีนาคม ๒๕๖๖"])
def test_a_date_range_covering_the_first_half_passes(tmp_path: Path, criteria, title: str) -> None:
    o37 = _item(_audit_rows(tmp_path, criteria, [("O37", title)]), "O37")
    assert o37.verdict == "pass", o37.reasons


@pytest.mark.parametrize("basis", ["fiscal", "calendar"])
@pytest.mark.parametrize("title", ["แผนปฏิบัติราชการ ประจำปีงบประมาณ 2566 (ต.ค. 2565 - ก.ย. 2566)",
                                   "แผนปฏิบัติราชการ (1 ต.ค. 2565 - 30 ก.ย. 2566)"])
def test_a_one_year_window_is_not_a_multi_year_plan(tmp_path: Path, criteria, title: str,
                                                     basis: str) -> None:
    o4 = _item(_audit_rows(tmp_path, criteria, [("O4", title)], basis), "O4")
    assert o4.verdict == "fail", o4.reasons


def test_a_stated_multi_year_term_without_a_range_is_review(tmp_path: Path, criteria) -> None:
    o4 = _item(_audit_rows(tmp_path, criteria,
                           [("O4", "แผนยุทธศาสตร์สำนักงาน ระยะ ๕ ปี ฉบับปรับปรุง ปี 2566")]), "O4")
    assert o4.verdict == "review"
    assert "ระบุ 'ระยะ ๕ ปี' แต่ช่วงปีในชื่อมีเพียง 'ปี 2566'" in _check(o4, "period:").reason


@pytest.mark.parametrize("item, title", [
    ("O12", "รายงานการกำกับติดตาม (25 ต.ค. 2565 - 5 มี.ค. 2566)"),
    ("O21", "สรุปผลการจัดซื้อจัดจ้าง 31 ต.ค. 2565 - 1 มี.ค. 2566"),
])
def test_a_range_that_cuts_months_short_does_not_cover_them(tmp_path: Path, criteria, item: str,
                                                            title: str) -> None:
    result = _item(_audit_rows(tmp_path, criteria, [(item, title)]), item)
    assert result.verdict != "pass", result.reasons


def test_a_remembered_period_outcome_words_its_own_documents(tmp_path: Path, criteria) -> None:
    """Two agencies whose O4 plans state the same periods share the rule's outcome, but each
    reason names its own document; the plan's stated term decides too ("ระยะ 3 ปี": review)."""
    from ita_audit.oit import engine, periods

    engine.clear_caches()
    assert not periods._OUTCOMES
    first = _item(_audit_rows(tmp_path, criteria, [("O4", "แผนพัฒนา ก (พ.ศ. 2566 - 2570)")]), "O4")
    assert periods._OUTCOMES
    second = _item(_audit_rows(tmp_path, criteria, [("O4", "แผนพัฒนา ข (พ.ศ. 2566 - 2570)")]), "O4")
    short = _item(_audit_rows(tmp_path, criteria, [("O4", "แผนพัฒนา ประจำปี 2566")]), "O4")
    stated = _item(_audit_rows(tmp_path, criteria, [("O4", "แผนพัฒนา ระยะ 3 ปี ประจำปี 2566")]),
                   "O4")
    assert first.verdict == second.verdict == "pass"
    assert short.verdict == "fail" and stated.verdict == "review"
    assert "แผนพัฒนา ข" in _check(second, "period:").reason
    assert "แผนพัฒนา ก" not in _check(second, "period:").reason
    engine.clear_caches()
    assert not periods._OUTCOMES
    for result in (first, second, short, stated):
        again = periods.period_check(result.item.period, result.evidence, "fiscal")
        assert _check(result, "period:") == again


def test_the_item_table_lists_the_elements_once_on_the_page(sso) -> None:
    """The title-only element check lists every element of the criteria; the worklist shows it
    in full, so the item table says it in short (it had every list twice on each page, a
    seventh of a record's bytes); the JSON's reasons are unchanged."""
    import re

    from ita_audit.oit.report import ELEMENTS_TO_CHECK, items_html, worklist_frame

    o4 = _item(sso, "O4")
    full = _check(o4, "elements").reason
    assert full == ("ชื่อเอกสารพิสูจน์องค์ประกอบไม่ได้ ต้องเปิดเอกสารตรวจว่ามี (1) ยุทธศาสตร์หรือแนวทาง "
                    "(2) เป้าหมาย (3) ตัวชี้วัด")
    assert f"[elements] {full}" in o4.reasons
    page = items_html(sso).markup
    row = re.search(r"<tr><td>O4</td>.*?</tr>", page).group()
    assert f"<li>[elements] {ELEMENTS_TO_CHECK.format(count=3)}</li>" in row
    assert "ยุทธศาสตร์หรือแนวทาง" not in page and page.count("[elements]") == sum(
        any(c.rule == "elements" and c.status != "n/a" for c in r.checks) for r in sso.items)
    worklist = worklist_frame(sso)
    assert worklist[(worklist["ข้อ"] == "O4") & (worklist["กฎ"] == "elements")][
        "สิ่งที่ต้องตรวจ"].tolist() == [full]


def test_summary_rows_name_the_indicators_as_the_year_does() -> None:
    """2566 has numbered indicators (9, 10); from 2568 one 'OIT' indicator, which the summary
    called 'ตัวชี้วัดที่ OIT แบบวัด…' (visual review); the grade row was half English."""
    from ita_audit.oit.report import summary_frame
    from ita_audit.oit.synthetic import generate

    labels = {}
    for year in (2566, 2569):
        criteria = load_criteria(year)
        agency = generate(1, year, criteria=criteria)[0]
        audit = audit_oit(agency.parse(criteria.item_ids()), criteria, agency=agency.agency)
        labels[year] = [label for label in summary_frame(audit).index if "ตัวชี้วัด" in label]
    assert [label.split(" ", 2)[:2] for label in labels[2566]] == [["ตัวชี้วัดที่", "9"],
                                                                  ["ตัวชี้วัดที่", "10"]]
    assert labels[2569] == ["ตัวชี้วัด แบบวัดการเปิดเผยข้อมูลสาธารณะ (หมวดตามที่เผยแพร่ "
                            "ไม่ใช่ตัวชี้วัด 9 และ 10)"]
    assert "ระดับผลการประเมิน" in summary_frame(audit).index
