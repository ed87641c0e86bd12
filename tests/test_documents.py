"""Policy-document checks: the SSO 2558 announcement (real seed) and synthetic announcements."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ita_audit.criteria.files import CRITERIA_DIR, load_criteria
from ita_audit.criteria.topics import TOPICS_FILE, load_policy_topics
from ita_audit.errors import InputError
from ita_audit.policy import report as dr
from ita_audit.policy.audit import run_policy_audit
from ita_audit.policy.judge import judge_document
from ita_audit.policy.parse import parse_policy_document, parse_policy_text
from ita_audit.util.sources import sha256_file

ROOT = Path(__file__).resolve().parent.parent
SSO = ROOT / "data" / "raw" / "sso-anticorruption-measures-2558.txt"


@pytest.fixture(scope="module")
def sso():
    return parse_policy_document(SSO)


@pytest.fixture(scope="module")
def sso_o31():
    return run_policy_audit(SSO, "O31", 2566, agency="sso")


# ── the real seed ───────────────────────────────────────────────────────────────────────────

def test_sso_facts(sso):
    assert sso.path == "data/raw/sso-anticorruption-measures-2558.txt"
    assert sso.sha256 == sha256_file(SSO)
    assert (sso.issuer, sso.issuer_line) == ("ประกาศสำนักงานประกันสังคม", 5)
    assert sso.title.startswith("มาตรการป้องกันและแก้ไขปัญหาการทุจริตประพฤติมิชอบ")
    assert sso.title_line == 7
    assert sso.date == date(2015, 12, 29)
    assert (sso.date_text, sso.date_line) == ("๒๙ ธันวาคม พ.ศ. ๒๕๕๘", 316)
    assert (sso.signer, sso.signer_line) == ("นายสุรเดช วลีอิทธิกุล", 320)
    assert (sso.position, sso.position_line) == ("เลขาธิการสำนักงานประกันสังคม", 322)
    assert sso.on_behalf is False and sso.on_behalf_line is None
    assert sso.bad_dates == ()


def test_sso_dated_references(sso):
    refs = [(r.line, r.text, r.kind, r.start) for r in sso.references]
    assert refs[:6] == [
        (9, "ลงวันที่ ๑๗ พฤศจิกายน พ.ศ. ๒๕๕๙", "date", date(2016, 11, 17)),
        (9, "พ.ศ. ๒๕๖๐-๒๕๖๔", "year_range", date(2016, 10, 1)),
        (9, "เมื่อวันที่ ๑๑ ตุลาคม ๒๕๕๙", "date", date(2016, 10, 11)),
        (9, "พ.ศ. ๒๕๖๐ - ๒๕๖๔", "year_range", date(2016, 10, 1)),
        (9, "๒๕๕๗", "year", date(2013, 10, 1)),
        (9, "ลงวันที่ ๑๘ มิถุนายน พุทธศักราช ๒๕๕๗", "date", date(2014, 6, 18)),
    ]
    assert (119, "เมื่อวันที่ ๒๘ ธันวาคม พ.ศ. ๒๕๔๗", "date", date(2004, 12, 28)) in refs
    assert all(r.line != 316 for r in sso.references)        # the announcement date itself


# topic: (found, core phrase found, first evidence line, main evidence line)
SSO_TOPICS = {
    "gifts": (True, False, 87, 87),
    "conflict_of_interest": (True, True, 87, 87),
    "complaints": (True, True, 32, 32),
    "procurement": (True, True, 30, 30),
    "hr": (True, True, 59, 59),
    "risk": (True, True, 9, 32),
    "ethics": (True, True, 7, 34),
    "disclosure": (True, True, 87, 87),
    "anti_corruption": (True, True, 7, 9),
    "integrity_assessment": (True, True, 77, 270),
    "participation": (True, True, 9, 9),
    "privacy": (False, False, None, None),
}


def test_sso_topics(sso):
    got = {t.topic: (t.found, t.core_found, t.lines[0].line if t.lines else None,
                     t.main.line if t.main else None) for t in sso.topics}
    assert got == SSO_TOPICS
    gifts = sso.topic("gifts")
    assert [(e.line, e.phrase, e.core) for e in gifts.lines] == [(87, "เรียกรับ", False)]
    coi = sso.topic("conflict_of_interest")
    assert [e.line for e in coi.lines if e.core] == [87, 255, 256, 293]
    assert "CONFLICT OF INTERESTS" in coi.lines[0].text
    assert all(len(e.text) <= 162 for t in sso.topics for e in t.lines)   # clipped


def test_sso_o31_2566_fails_on_date(sso_o31):
    j = sso_o31.judgement
    assert sso_o31.verdict == "fail"
    assert j.check("date").verdict == "fail" and j.check("date").line == 316
    assert "29 ธันวาคม 2558" in j.check("date").reason
    assert "ปีงบประมาณ 2566" in j.check("date").reason
    assert j.check("signer").verdict == "pass" and j.check("signer").line == 322
    assert j.check("topics").verdict == "review" and j.check("topics").line == 87
    assert j.check("consistency").verdict == "review" and j.check("consistency").line == 9
    assert j.required_topics == ("gifts",)


def test_sso_consistency_findings(sso_o31):
    findings = sso_o31.findings
    later = [(f.check, f.severity, f.line, f.row, f.actual) for f in findings
             if f.check == "consistency.reference_after_announcement"]
    assert later == [
        ("consistency.reference_after_announcement", "error", 9,
         "ลงวันที่ ๑๗ พฤศจิกายน พ.ศ. ๒๕๕๙", "2016-11-17"),
        ("consistency.reference_after_announcement", "error", 9,
         "เมื่อวันที่ ๑๑ ตุลาคม ๒๕๕๙", "2016-10-11"),
    ]
    ranges = [(f.severity, f.line, f.row) for f in findings
              if f.check == "consistency.period_after_announcement"]
    assert ranges == [("warning", 9, "พ.ศ. ๒๕๖๐-๒๕๖๔"), ("warning", 9, "พ.ศ. ๒๕๖๐ - ๒๕๖๔")]
    summary = [f for f in findings if f.check == "consistency.announcement_date"]
    assert len(summary) == 1
    s = summary[0]
    assert (s.severity, s.line, s.expected, s.actual) == ("error", 316, 2559, 2558)
    assert "น่าจะผิด" in s.message and "(บรรทัด 9)" in s.message
    assert "29 ธันวาคม 2559" in s.message
    date_finding = next(f for f in findings if f.check == "date.current_year")
    assert (date_finding.severity, date_finding.line, date_finding.actual) == ("error", 316,
                                                                               "2015-12-29")
    assert [f.severity for f in findings] == sorted(
        (f.severity for f in findings), key=["error", "warning", "info"].index)
    assert sso_o31.counts() == {"checks": 10, "ok": 3, "finding": 7, "skipped": 0,
                                "error": 4, "warning": 3, "info": 0}


def test_sso_json_shape(sso_o31):
    data = json.loads(json.dumps(sso_o31.to_json(), ensure_ascii=False))
    assert {"agency", "fiscal_year", "item", "document", "topics", "checks", "verdict",
            "findings", "counts"} <= set(data)
    assert (data["agency"], data["fiscal_year"], data["item"], data["verdict"]) == (
        "sso", 2566, "O31", "fail")
    doc = data["document"]
    assert {k: doc[k] for k in ("date", "date_line", "signer", "signer_line", "position",
                                "position_line", "on_behalf")} == {
        "date": "2015-12-29", "date_line": 316, "signer": "นายสุรเดช วลีอิทธิกุล",
        "signer_line": 320, "position": "เลขาธิการสำนักงานประกันสังคม", "position_line": 322,
        "on_behalf": False}
    assert doc["path"] and len(doc["sha256"]) == 64
    gifts = data["topics"][0]
    assert set(gifts) >= {"topic", "label_th", "found", "lines"}
    assert gifts["lines"][0] == {"line": 87, "text": gifts["lines"][0]["text"],
                                 "phrase": "เรียกรับ", "core": False}
    assert [c["check"] for c in data["checks"]] == ["date", "signer", "topics", "consistency"]
    assert [c["verdict"] for c in data["checks"]] == ["fail", "pass", "review", "review"]
    assert set(data["findings"][0]) == {"check", "table", "year", "expected", "actual",
                                        "severity", "message", "row", "line"}
    assert data["findings"][0]["table"] == "announcement"


def test_sso_other_items(sso):
    o39 = judge_document(sso, "O39", 2566)           # code of ethics: no period rule
    assert o39.check("date").verdict == "pass"
    assert o39.check("topics").verdict == "pass" and o39.check("topics").line == 34
    assert o39.verdict == "review"                    # the body dates contradict the date
    o23 = judge_document(sso, "O23", 2566)           # HR policy: in force in 2566
    assert o23.check("date").verdict == "review"
    assert o23.check("topics").verdict == "pass"
    o1 = judge_document(sso, "O1", 2566)             # no topic list for the structure chart
    assert o1.check("topics").verdict == "review"


# ── synthetic announcements ─────────────────────────────────────────────────────────────────

BODY = ("เพื่อให้การปฏิบัติหน้าที่เป็นไปด้วยความซื่อสัตย์ ข้าพเจ้าและเจ้าหน้าที่ทุกคนจะไม่รับของขวัญ"
        "และของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ (No Gift Policy)")


def write(tmp_path: Path, *, issuer: str | None = "ประกาศกรมบัญชีกลาง",
          subject: str | None = "นโยบายไม่รับของขวัญและของกำนัลทุกชนิด (No Gift Policy) "
                                "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
          body: tuple[str, ...] = (BODY,),
          dated: str | None = "ประกาศ ณ วันที่ ๓ ตุลาคม พ.ศ. ๒๕๖๕",
          signature: tuple[str, ...] = ("(นางสาวทดสอบ ตัวอย่าง)", "อธิบดีกรมบัญชีกลาง"),
          name: str = "announcement.txt") -> Path:
    """An announcement with one block per line and a blank line between blocks."""
    blocks = [b for b in (issuer, f"เรื่อง {subject}" if subject else None, *body, dated) if b]
    lines: list[str] = []
    for block in blocks:
        lines += [block, ""]
    lines += ["", *signature]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_valid_no_gift_by_director_general_passes(tmp_path):
    audit = run_policy_audit(write(tmp_path), "O31", 2566)
    doc = audit.document
    assert (doc.date, doc.date_line) == (date(2022, 10, 3), 7)
    assert (doc.signer, doc.signer_line) == ("นางสาวทดสอบ ตัวอย่าง", 10)
    assert (doc.position, doc.position_line) == ("อธิบดีกรมบัญชีกลาง", 11)
    assert {c.check: c.verdict for c in audit.judgement.checks} == {
        "date": "pass", "signer": "pass", "topics": "pass", "consistency": "pass"}
    assert audit.verdict == "pass"
    assert audit.judgement.check("topics").line == 3
    assert [f for f in audit.findings if f.severity != "info"] == []


def test_deputy_signer_is_review(tmp_path):
    path = write(tmp_path, signature=("(นายรอง ทดสอบ)", "รองอธิบดีกรมบัญชีกลาง"))
    audit = run_policy_audit(path, "O31", 2566)
    signer = audit.judgement.check("signer")
    assert (signer.verdict, signer.line) == ("review", 11)
    assert "รอง" in signer.reason
    assert audit.verdict == "review"


def test_assistant_signer_is_review(tmp_path):
    path = write(tmp_path, signature=("(นายผู้ช่วย ทดสอบ)", "ผู้ช่วยเลขาธิการสำนักงานประกันสังคม"))
    assert run_policy_audit(path, "O31", 2566).judgement.check("signer").verdict == "review"


def test_on_behalf_signature_is_review(tmp_path):
    path = write(tmp_path, signature=("(นายรอง ทดสอบ)", "รองอธิบดี ปฏิบัติราชการแทน",
                                      "อธิบดีกรมบัญชีกลาง"))
    audit = run_policy_audit(path, "O31", 2566)
    doc = audit.document
    assert doc.on_behalf is True
    assert (doc.on_behalf_text, doc.on_behalf_line) == ("รองอธิบดี ปฏิบัติราชการแทน", 11)
    assert audit.judgement.check("signer").verdict == "review"
    assert "ลงนามแทน" in audit.judgement.check("signer").reason
    assert audit.verdict == "review"


def test_head_title_with_acting_line_below_is_review(tmp_path):
    path = write(tmp_path, signature=("(นายทดสอบ ตัวอย่าง)", "อธิบดีกรมบัญชีกลาง",
                                      "รักษาราชการแทน"))
    audit = run_policy_audit(path, "O31", 2566)
    assert audit.document.on_behalf_line == 12
    assert audit.judgement.check("signer").verdict == "review"


def test_body_delegation_does_not_count_as_on_behalf(tmp_path):
    body = (BODY, "ให้รายงานผู้ตรวจราชการที่ได้รับมอบอำนาจให้ปฏิบัติราชการแทนอธิบดี")
    audit = run_policy_audit(write(tmp_path, body=body), "O31", 2566)
    assert audit.document.on_behalf is False
    assert audit.verdict == "pass"


def test_head_of_another_organisation_is_review(tmp_path):
    path = write(tmp_path, signature=("(นายทดสอบ ตัวอย่าง)", "ผู้อำนวยการกองบริหารทรัพยากรบุคคล"))
    signer = run_policy_audit(path, "O31", 2566).judgement.check("signer")
    assert signer.verdict == "review"
    assert "กรมบัญชีกลาง" in signer.reason


def test_unknown_position_is_review(tmp_path):
    path = write(tmp_path, signature=("(นายทดสอบ ตัวอย่าง)", "หัวหน้ากลุ่มงานคุ้มครองจริยธรรม"))
    assert run_policy_audit(path, "O31", 2566).judgement.check("signer").verdict == "review"


def test_no_signer_fails(tmp_path):
    audit = run_policy_audit(write(tmp_path, signature=()), "O31", 2566)
    assert audit.document.signer is None and audit.document.position is None
    assert audit.judgement.check("signer").verdict == "fail"
    assert audit.verdict == "fail"
    assert any(f.check == "signer.present" and f.severity == "error" for f in audit.findings)


def test_missing_date_is_review(tmp_path):
    audit = run_policy_audit(write(tmp_path, dated=None), "O31", 2566)
    doc = audit.document
    assert (doc.date, doc.date_text, doc.date_line) == (None, None, None)
    assert doc.signer == "นางสาวทดสอบ ตัวอย่าง"          # found by its honorific
    j = audit.judgement
    assert j.check("date").verdict == "review"
    assert "ไม่พบวันที่ประกาศ" in j.check("date").reason
    assert j.check("consistency").verdict == "review"
    assert audit.verdict == "review"
    finding = next(f for f in audit.findings if f.check == "date.current_year")
    assert finding.severity == "warning"


def test_date_that_does_not_exist(tmp_path):
    path = write(tmp_path, dated="ประกาศ ณ วันที่ ๓๑ กุมภาพันธ์ พ.ศ. ๒๕๖๖")
    audit = run_policy_audit(path, "O31", 2566)
    doc = audit.document
    assert (doc.date, doc.date_text, doc.date_line) == (None, "๓๑ กุมภาพันธ์ พ.ศ. ๒๕๖๖", 7)
    assert [(b.line, b.text) for b in doc.bad_dates] == [(7, "๓๑ กุมภาพันธ์ พ.ศ. ๒๕๖๖")]
    assert audit.judgement.check("date").verdict == "review"
    assert "ไม่ใช่วันที่ที่มีอยู่จริง" in audit.judgement.check("date").reason
    assert any(f.check == "consistency.real_date" and f.line == 7 for f in audit.findings)


def test_an_unreadable_date_is_not_called_impossible(tmp_path):
    """A month split by the PDF's text ("ธัน วาคม") is unreadable, not a date that does not
    exist (a Thai auditor reads that as the agency writing an impossible date)."""
    path = write(tmp_path, dated="ประกาศ ณ วันที่ ๒๙ ธัน วาคม พ.ศ. ๒๕๖๕")
    audit = run_policy_audit(path, "O31", 2566)
    date_check = audit.judgement.check("date")
    assert audit.document.date is None and audit.document.date_text
    assert date_check.verdict == "review" and date_check.reason.startswith("อ่านวันที่ประกาศ '")
    assert "ไม่ใช่วันที่ที่มีอยู่จริง" not in date_check.reason


@pytest.mark.parametrize("dated", ["ประกาศ ณ วันที่ ๓ ตุลาคม พ.ศ. ๒๕๖๕",
                                   "ประกาศ ณ วันที่ 3 ตุลาคม พ.ศ. 2565",
                                   "ประกาศ  ณ  วันที่  3  ต.ค.  2565",
                                   "ประกาศ ณ วันที่ ๓ ตุลาคม พุทธศักราช ๒๕๖๕"])
def test_thai_and_arabic_digit_dates(tmp_path, dated):
    doc = parse_policy_document(write(tmp_path, dated=dated))
    assert (doc.date, doc.date_line) == (date(2022, 10, 3), 7)


def test_bare_date_line_at_the_end(tmp_path):
    doc = parse_policy_document(write(tmp_path, dated="๓ ตุลาคม ๒๕๖๕"))
    assert (doc.date, doc.date_line, doc.signer_line) == (date(2022, 10, 3), 7, 10)


def test_announcement_of_the_wrong_year_fails(tmp_path):
    path = write(tmp_path, subject="นโยบายไม่รับของขวัญ (No Gift Policy)",
                 dated="ประกาศ ณ วันที่ ๕ มกราคม พ.ศ. ๒๕๖๔")
    date_check = run_policy_audit(path, "O31", 2566).judgement.check("date")
    assert (date_check.verdict, date_check.line) == ("fail", 7)


def test_dated_after_the_year_fails(tmp_path):
    path = write(tmp_path, dated="ประกาศ ณ วันที่ ๒ ตุลาคม พ.ศ. ๒๕๖๖")
    assert run_policy_audit(path, "O31", 2566).judgement.check("date").verdict == "fail"


def test_dated_just_before_the_year_for_that_year_is_review(tmp_path):
    path = write(tmp_path, dated="ประกาศ ณ วันที่ ๒๐ กันยายน พ.ศ. ๒๕๖๕")
    audit = run_policy_audit(path, "O31", 2566)
    assert audit.judgement.check("date").verdict == "review"
    # the subject's fiscal year 2566 starts after the date: a forward reference, a warning only
    assert audit.judgement.check("consistency").verdict == "pass"
    assert [f.severity for f in audit.findings
            if f.check == "consistency.period_after_announcement"] == ["warning"]


def test_calendar_year_match_only_is_review(tmp_path):
    path = write(tmp_path, subject="นโยบายไม่รับของขวัญ (No Gift Policy)",
                 dated="ประกาศ ณ วันที่ ๑๕ ตุลาคม พ.ศ. ๒๕๖๖")
    fiscal = run_policy_audit(path, "O31", 2566).judgement.check("date")
    assert fiscal.verdict == "fail"                  # after fiscal 2566 ended
    path = write(tmp_path, subject="นโยบายไม่รับของขวัญ (No Gift Policy)",
                 dated="ประกาศ ณ วันที่ ๑๐ กันยายน พ.ศ. ๒๕๖๖", name="b.txt")
    assert run_policy_audit(path, "O31", 2566).judgement.check("date").verdict == "pass"
    calendar = run_policy_audit(path, "O31", 2566, basis="calendar").judgement
    assert calendar.check("date").verdict == "pass"
    path = write(tmp_path, subject="นโยบายไม่รับของขวัญ (No Gift Policy)",
                 dated="ประกาศ ณ วันที่ ๑๐ พฤศจิกายน พ.ศ. ๒๕๖๕", name="c.txt")
    calendar = run_policy_audit(path, "O31", 2566, basis="calendar").judgement
    assert calendar.check("date").verdict == "review"    # fiscal 2566 yes, calendar 2566 no


@pytest.mark.parametrize(("subject", "dated", "verdict"), [
    # the measures of 2566 from the analysis of the 2565 results, announced in 2566
    ("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
     "ประกาศ ณ วันที่ ๑๖ มกราคม พ.ศ. ๒๕๖๖", "pass"),      # it failed as 'after 2565'
    ("ผลการวิเคราะห์ผลการประเมิน ITA ประจำปี พ.ศ. ๒๕๖๕",
     "ประกาศ ณ วันที่ ๑๖ มกราคม พ.ศ. ๒๕๖๖", "pass"),
    ("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", "ประกาศ ณ วันที่ ๑๖ มกราคม พ.ศ. ๒๕๖๖",
     "review"),                                           # no year stated
    ("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
     "ประกาศ ณ วันที่ ๑๖ ตุลาคม พ.ศ. ๒๕๖๖", "fail"),       # after the year assessed
])
def test_o42_measures_are_dated_in_the_year_assessed(tmp_path, subject, dated, verdict):
    """2566 O42 (results_analysis of 2565): the measures are announced in 2566."""
    path = write(tmp_path, subject=subject, dated=dated)
    assert run_policy_audit(path, "O42", 2566).judgement.check("date").verdict == verdict


def test_body_date_after_announcement_is_an_error(tmp_path):
    body = (BODY, "ตามมติคณะรัฐมนตรีเมื่อวันที่ ๑๐ มกราคม ๒๕๖๖")
    audit = run_policy_audit(write(tmp_path, body=body), "O31", 2566)
    later = [f for f in audit.findings if f.check == "consistency.reference_after_announcement"]
    assert [(f.severity, f.line, f.row) for f in later] == [
        ("error", 7, "เมื่อวันที่ ๑๐ มกราคม ๒๕๖๖")]
    summary = next(f for f in audit.findings if f.check == "consistency.announcement_date")
    assert summary.expected == 2566 and summary.line == 9
    assert audit.judgement.check("consistency").verdict == "review"


def test_missing_required_topic_fails(tmp_path):
    body = ("ให้เจ้าหน้าที่ทุกคนปฏิบัติหน้าที่ด้วยความซื่อสัตย์สุจริต",)
    path = write(tmp_path, subject="แนวทางการปฏิบัติงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๖", body=body)
    topics = run_policy_audit(path, "O31", 2566).judgement.check("topics")
    assert topics.verdict == "fail"
    assert "ไม่พบหัวข้อ" in topics.reason


def test_missing_issuer_and_subject_are_warnings(tmp_path):
    audit = run_policy_audit(write(tmp_path, issuer=None, subject=None), "O31", 2566)
    assert audit.document.issuer is None and audit.document.title is None
    warnings = {f.check for f in audit.findings if f.severity == "warning"}
    assert {"announcement.issuer", "announcement.title"} <= warnings


def test_item_ids_and_bad_arguments(tmp_path, sso):
    assert judge_document(sso, "o031", 2566).item.id == "O31"
    with pytest.raises(InputError, match="O99"):
        judge_document(sso, "O99", 2566)
    with pytest.raises(InputError, match="form O31"):
        judge_document(sso, "31", 2566)
    with pytest.raises(InputError, match="basis"):
        judge_document(sso, "O31", 2566, basis="lunar")
    with pytest.raises(InputError):
        run_policy_audit(SSO, "O31", 2566, agency="../etc")


# ── unusable files ──────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("content", [b"", b"  \n\n\t \n", b"\x00\x01\x02binary\xff\xfe"])
def test_unusable_files_are_input_errors(tmp_path, content):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="bad.txt"):
        parse_policy_document(path)


def test_missing_file_and_directory_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="not found"):
        parse_policy_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        parse_policy_document(tmp_path)


# ── topic matching and the topics file ───────────────────────────────────────────────────────

def test_phrase_matching_normalises_text():
    lines = ["ไม่มีผลประโยชน์ ทับซ้อน",                    # split by a PDF export
             "ประจําปี no-gift",                          # decomposed sara am, not "No Gift"
             "นโยบาย NO  GIFT",                           # case and doubled space
             "capITAl letters",                           # Latin letters around ITA
             "ผล ITA ปี ๒๕๖๕"]
    doc = parse_policy_text("\n".join(lines))
    assert [e.line for e in doc.topic("conflict_of_interest").lines] == [1]
    assert [e.line for e in doc.topic("gifts").lines] == [3]
    assert [e.line for e in doc.topic("integrity_assessment").lines] == [5]


def test_topics_file_matches_the_criteria_item_names():
    book = load_policy_topics()
    for year in (2565, 2566, 2568, 2569):
        if not (CRITERIA_DIR / f"ita-{year}.yaml").exists():
            continue
        criteria = load_criteria(year)
        for item_id, entry in book.item_topics.get(year, {}).items():
            name = criteria.item(item_id).name.replace(" ", "").casefold()
            assert entry.name.replace(" ", "").casefold() in name, (year, item_id)
    assert book.for_item(2566, "O31").topics == ("gifts",)
    assert book.for_item(2565, "O34").topics == ("gifts",)
    # the current years: every item whose 2566 predecessor had topics has them too
    assert sorted(book.item_topics[2568], key=lambda i: int(i[1:])) == [
        f"O{n}" for n in range(12, 29)]
    assert sorted(book.item_topics[2569], key=lambda i: int(i[1:])) == [
        f"O{n}" for n in range(11, 27)]
    assert [i for i, e in book.item_topics[2568].items() if e.announcement] == [
        "O16", "O21", "O27"]


@pytest.mark.parametrize(("year", "item"), [(2568, "O21"), (2569, "O20")])
def test_a_no_gift_announcement_of_the_current_years_is_judged_on_its_topics(tmp_path, year,
                                                                             item):
    subject = f"นโยบายไม่รับของขวัญและของกำนัลทุกชนิด (No Gift Policy) ประจำปีงบประมาณ พ.ศ. {year}"
    dated = f"ประกาศ ณ วันที่ ๓ ตุลาคม พ.ศ. {year - 1}"
    audit = run_policy_audit(write(tmp_path, subject=subject, dated=dated), item, year)
    topics = audit.judgement.check("topics")
    assert topics.verdict == "pass", topics.reason         # it was review: no topics listed
    assert "การไม่รับของขวัญและของกำนัล" in topics.reason
    other = f"แนวทางการปฏิบัติงาน ประจำปีงบประมาณ พ.ศ. {year}"
    bare = run_policy_audit(write(tmp_path, subject=other, dated=dated, body=(
        "ให้เจ้าหน้าที่ทุกคนปฏิบัติหน้าที่ด้วยความซื่อสัตย์สุจริต",)), item, year)
    assert bare.judgement.check("topics").verdict == "fail"


def test_item_map_mismatch_is_review(tmp_path, sso):
    text = TOPICS_FILE.read_text(encoding="utf-8").replace(
        "O39: {topics: [ethics], name: จริยธรรม,", "O39: {topics: [ethics], name: No Gift,")
    path = tmp_path / "topics.yaml"
    path.write_text(text, encoding="utf-8")
    judged = judge_document(sso, "O39", 2566, topics=load_policy_topics(path))
    assert judged.check("topics").verdict == "review"
    assert any(f.check == "topics.item_map" for f in judged.findings)


@pytest.mark.parametrize("old,new,problem", [
    ("schema: ita-policy-topics/1", "schema: other/2", "unsupported schema"),
    ("    label_en: gifts and hospitality (No Gift policy)\n",
     "    label_en: gifts\n    colour: red\n", "unknown key 'colour'"),
    ("O31: {topics: [gifts], name: No Gift,", "O31: {topics: [gift], name: No Gift,",
     "unknown topic 'gift'"),
    ("O31: {topics: [gifts], name: No Gift, announcement: true}",
     "O31: {topics: [gifts], name: No Gift, announcement: yes please}",
     "expected true or false"),
])
def test_topics_file_errors(tmp_path, old, new, problem):
    text = TOPICS_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "topics.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError, match=problem):
        load_policy_topics(path)


# ── presentation ────────────────────────────────────────────────────────────────────────────

def test_thai_tables(sso_o31):
    facts = dr.facts_frame(sso_o31)
    assert list(facts.columns) == ["รายการ", "ค่า", "บรรทัด"]
    row = facts.set_index("รายการ").loc["วันที่ประกาศ"]
    assert row["ค่า"] == "29 ธันวาคม 2558" and row["บรรทัด"] == 316        # BE, no ISO date
    topics = dr.topics_frame(sso_o31)
    assert topics.iloc[0]["ข้อนี้ต้องมี"] == "ต้องมี" and topics.iloc[0]["บรรทัดหลักฐานหลัก"] == 87
    assert topics.iloc[-1]["ผล"] == "ไม่พบ"
    validity = dr.validity_frame(sso_o31)
    assert list(validity["ผล"]) == ["ไม่ผ่าน", "ผ่าน", "รอตรวจ", "รอตรวจ", "ไม่ผ่าน"]
    findings = dr.findings_frame(sso_o31)
    assert len(findings) == 7 and findings.iloc[0]["ระดับ"] == "ผิดพลาด"
    assert facts.set_index("รายการ").loc["ไฟล์"]["บรรทัด"] == "-"
    assert facts.set_index("รายการ").loc["ไฟล์"]["ค่า"] == "data/raw/sso-anticorruption-measures-2558.txt"
    refs = dr.references_frame(sso_o31)
    assert list(refs[refs["หลังวันที่ประกาศ"] == "ใช่"]["บรรทัด"]) == [9, 9, 9, 9]
    assert all(re.fullmatch(r"\d\d/\d\d/25\d\d|-", day) for day in refs["ตั้งแต่"])  # BE
    assert "ไม่ผ่าน" in dr.summary_sentence(sso_o31)
    table = dr.text_table(sso_o31)
    assert "sso O31 2566 (fiscal basis): fail" in table


# ── properties ──────────────────────────────────────────────────────────────────────────────

THAI_PIECES = st.sampled_from([
    "ประกาศ ณ วันที่ ", "๒๙ ธันวาคม พ.ศ. ๒๕๕๘", "(นายทดสอบ ตัวอย่าง)", "เลขาธิการ", "แทน",
    "ปฏิบัติราชการแทน", "เรื่อง ", "ประกาศ", "ของขวัญ", "๓๑ ก.พ. ๖๖", "พุทธศักราช", "(", ")",
    "\n", " ", "2566-2570", "ลงวันที่ ", "No Gift", "\u0e4d\u0e32", "\u200b"])


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), st.lists(st.one_of(THAI_PIECES, st.text(max_size=5)),
                                     max_size=40).map("".join)))
def test_parser_never_raises_on_text(text):
    doc = parse_policy_text(text)
    for match in doc.topics:
        assert all(1 <= ev.line <= doc.line_count for ev in match.lines)
    judge_document(doc, "O31", 2566)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_files_parse_or_raise_input_error(tmp_path, data):
    path = tmp_path / "any.txt"
    path.write_bytes(data)
    try:
        parse_policy_document(path)
    except InputError as err:
        assert "any.txt" in str(err)


# ── command line and params ─────────────────────────────────────────────────────────────────

def test_cli_policy_json_table_and_exit_codes(capsys, tmp_path):
    from ita_audit.cli import main

    args = ["policy", "--document", str(SSO), "--item", "O31", "--fiscal-year", "2566",
            "--agency", "sso"]
    assert main(args + ["--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["item"], out["verdict"], out["document"]["date"]) == ("O31", "fail", "2015-12-29")
    assert [c["check"] for c in out["checks"]] == ["date", "signer", "topics", "consistency"]
    assert main(args + ["--strict"]) == 1
    assert "date         fail     316" in capsys.readouterr().out
    assert main(["policy", "--document", str(SSO), "--item", "O99", "--fiscal-year", "2566"]) == 2
    assert "O99" in capsys.readouterr().err
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert main(["policy", "--document", str(empty), "--item", "O31", "--fiscal-year", "2566"]) == 2
    assert "empty.txt" in capsys.readouterr().err


def test_params_policy_items_are_checked(tmp_path):
    from ita_audit.run.params import load_params
    from ita_audit.run.runner import preflight

    def params(items: str) -> Path:
        path = tmp_path / "p.yaml"
        path.write_text(f"agency: sso\nfiscal_year: 2566\npolicy_document: {SSO}\n"
                        f"{items}notebooks: [policy_document]\n", encoding="utf-8")
        return path

    with pytest.raises(InputError, match="policy_items"):
        load_params(params(""))
    with pytest.raises(InputError, match="not an item id"):
        load_params(params("policy_items: [gifts]\n"))
    with pytest.raises(InputError, match="no item O44"):
        preflight(load_params(params("policy_items: [O44]\n")))
    loaded = load_params(params("policy_items: [o31, O๔๒]\n"))
    assert loaded.options["policy_items"] == ("O31", "O42")
    assert loaded.notebook_parameters("policy_document")["policy_items"] == ["O31", "O42"]


def test_findings_of_every_item_in_one_table_naming_the_item() -> None:
    """The record showed one findings table per item, alike and without a caption."""
    from ita_audit.policy.report import findings_frame, items_findings_frame

    audits = [run_policy_audit(SSO, item, 2566, agency="sso") for item in ("O31", "O39", "O42")]
    frame = items_findings_frame(audits)
    assert list(frame.columns[:3]) == ["ข้อ", "ระดับ", "การตรวจ"]
    assert frame["ข้อ"].tolist() == [a.judgement.item.id for a in audits
                                     for _ in range(len(a.findings))]
    assert len(frame) == sum(len(a.findings) for a in audits) > 0
    assert frame.drop(columns="ข้อ").values.tolist() == [
        row for a in audits for row in findings_frame(a).values.tolist()]
    assert list(items_findings_frame([]).columns) == ["ข้อ", *findings_frame([]).columns]
