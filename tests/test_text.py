"""Text from agency websites as one line, without invisible characters (util/text.py)."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ita_audit.thai import extract_periods
from ita_audit.util.text import _INVISIBLE, one_line

ROOT = Path(__file__).resolve().parent.parent

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_a_zero_width_space_inside_a_year_is_removed_not_spaced():
    title = one_line("แผนดำเนินงาน\u200bประจำปี\u200b 25\u200b66")
    assert title == "แผนดำเนินงานประจำปี 2566"
    assert [p.year for p in extract_periods(title)] == [2566]   # it was read as ปี 25: 2525


def test_bidirectional_controls_cannot_reverse_the_page():
    assert one_line("แผนยุทธศาสตร์ \u202e0752 - 6652\u202c ฉบับทดสอบ") == \
        "แผนยุทธศาสตร์ 0752 - 6652 ฉบับทดสอบ"
    assert one_line("หน่วยงาน \u2067ทดสอบ\u2069 \u200fปลอม") == "หน่วยงาน ทดสอบ ปลอม"


def test_controls_go_and_whitespace_runs_become_one_space():
    assert one_line(" ข่าว\x7f\x00 ประชา\u00adสัมพันธ์\u00a0\t\n 2566\ufeff ") == \
        "ข่าว ประชาสัมพันธ์ 2566"
    assert one_line("ธรรมดา 2566") == "ธรรมดา 2566"


def test_what_is_removed_is_invisible():
    removed = [chr(c) for c in range(0x30000) if _INVISIBLE.fullmatch(chr(c))]
    assert all(unicodedata.category(ch) in ("Cf", "Cc") and not ch.isspace() for ch in removed)
    assert set(BIDI + "\u200b\u200c\u200d\u2060\ufeff\u00ad") <= set(removed)


@given(st.text(alphabet=st.sampled_from(list("กขปี 25๖\t\n\u00a0\u200b" + BIDI + "\x7f\x01a")),
               max_size=40))
def test_one_line_is_idempotent_and_visible(text):
    line = one_line(text)
    assert one_line(line) == line
    assert line == line.strip() and "  " not in line
    assert not any(ch.isspace() and ch != " " for ch in line)
    assert not set(line) & set(BIDI + "\u200b\x7f\x01")


@pytest.mark.parametrize(("text", "expected"), [
    # cut after the last whole word that fits, not inside "การก่อสร้าง"
    ("ห้างหุ้นส่วนจำกัด ศรีสะเกษวิศวกรรมและการก่อสร้างครบวงจร จำกัด", "ห้างหุ้นส่วนจำกัด ศรีสะเกษวิศวกรรมและ…"),
    ("บริษัท ไทยเครื่องเขียนและอุปกรณ์สำนักงานแห่งประเทศไทย จำกัด", "บริษัท ไทยเครื่องเขียนและอุปกรณ์…"),
    ("บริษัท ก จำกัด", "บริษัท ก จำกัด"),                       # fits: as it is
    ("บริษัท ปตท. น้ำมันและการค้าปลีก จำกัด (มหาชน)", "บริษัท ปตท. น้ำมันและการค้าปลีก จำกัด…"),
    ("ห้างหุ้นส่วนจำกัด ศรีสะเกษ (วิศวกรรมและการก่อสร้าง) จำกัด", "ห้างหุ้นส่วนจำกัด ศรีสะเกษ…"),
    # a bracket that opens the label is not cut to nothing
    ("(ไม่ระบุชื่อ ผู้ประกอบการรายย่อยที่ไม่ได้จดทะเบียนพาณิชย์", "(ไม่ระบุชื่อ ผู้ประกอบการรายย่อยที่ไม่…"),
    ("ราคา $5", "ราคา \\$5"),                                   # literal, not mathtext
])
def test_chart_labels_are_shortened_at_thai_word_boundaries(text, expected):
    from ita_audit.view.charts import short_label

    assert short_label(text, 40) == expected


def test_a_word_longer_than_the_label_keeps_its_marks_with_their_letter():
    from ita_audit.view.charts import short_label

    # the last is one token longer than the label, with a mark where the cut would fall
    for text in ("ก" * 38 + "ิ์" + "ข" * 10, "x" * 38 + "ก" + "ิ์" + "y" * 10,
                 "x" * 39 + "\u0301" + "x" * 10):
        label = short_label(text, 40)
        kept = label[:-1]
        assert len(label) <= 40 and label.endswith("…") and text.startswith(kept)
        # the cut never parts a letter from its marks
        assert unicodedata.category(text[len(kept)]) != "Mn"


def test_labels_that_would_read_the_same_get_more_room():
    from ita_audit.view.charts import short_labels

    names = ["บริษัท ไทยเครื่องเขียนและอุปกรณ์สำนักงาน จำกัด", "บริษัท ไทยเครื่องเขียนและอุปกรณ์ก่อสร้าง จำกัด",
             "ร้าน ก"]
    labels = short_labels(names, 30)
    assert len(set(labels)) == 3 and labels[2] == "ร้าน ก"
    same = ["ห้างหุ้นส่วนจำกัด ก" * 5 + " สาขา 1", "ห้างหุ้นส่วนจำกัด ก" * 5 + " สาขา 2"]
    assert short_labels(same, 30) == same                       # the whole names, at last


@pytest.mark.parametrize("reader", ["hr", "plan", "policy", "procurement"])
def test_a_file_cut_off_inside_a_thai_letter_says_it_is_incomplete(tmp_path, reader) -> None:
    """Every reader: a download cut short ends inside a 3-byte Thai letter; the message says
    the file is incomplete (not 'save it as UTF-8', which it already is)."""
    from conftest import run_cli

    sources = {"hr": "sso-hr-annual-report-2562.txt", "plan":
               "msdhs-ops-ita-improvement-progress-2565.txt",
               "policy": "sso-anticorruption-measures-2558.txt"}
    if reader == "procurement":
        data = "ลำดับที่,รายการพัสดุ,วงเงินงบประมาณ\n1,กระดาษ,5000\n".encode()
    else:
        data = (ROOT / "data" / "raw" / sources[reader]).read_bytes()[:4000]
    cut = data.rindex("ก".encode()[:1]) + 1          # right after the first byte of a letter
    path = tmp_path / ("cut.csv" if reader == "procurement" else "cut.txt")
    path.write_bytes(data[:cut])
    option = {"hr": "--report", "plan": "--report", "policy": "--document",
              "procurement": "--data"}[reader]
    extra = ("--item", "O31") if reader == "policy" else ()
    done = run_cli(reader, option, path, *extra, "--fiscal-year",
                   "2568" if reader == "procurement" else "2566")
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "is UTF-8 text cut off in the middle of a character (the last 1 byte(s) of " \
           f"{cut:,}): the file is incomplete" in done.stderr
    assert "(fix: download or export it again in full)" in done.stderr


@pytest.mark.parametrize("mark", [b"", b"\xef\xbb\xbf"])
def test_decoding_errors_name_the_files_own_offset_and_line(mark) -> None:
    """With or without a byte-order mark, the offset and line are the file's (before, a mark
    shifted the offset by 3 bytes and could put the error on the line before)."""
    from ita_audit.errors import InputError
    from ita_audit.util.sources import decode_thai

    invalid = mark + b"a\nb\n\xff rest\n"
    with pytest.raises(InputError, match=rf"line 3: not UTF-8 text \(invalid byte at offset "
                       rf"{len(mark) + 4}\)"):
        decode_thai(invalid, "f.csv")
    cut = mark + "ก\nข\n".encode() + "ค".encode()[:2]
    with pytest.raises(InputError, match=rf"line 3: is UTF-8 text cut off in the middle of a "
                       rf"character \(the last 2 byte\(s\) of {len(cut)}\)"):
        decode_thai(cut, "f.csv")
    assert decode_thai(mark + "ปีงบประมาณ".encode("cp874"), "f.csv") == ("ปีงบประมาณ", "cp874")
    assert decode_thai(mark + "ปี".encode(), "f.csv") == ("ปี", "utf-8")


def _json_of(*args) -> dict:
    import json

    from conftest import run_cli
    done = run_cli(*args, "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("reader, name, options, before, after", [
    # a tone mark before its vowel, as PDF text often has it: the date line is still found
    ("policy", "sso-anticorruption-measures-2558.txt", ("--item", "O31", "--fiscal-year", "2566"),
     "ประกาศ ณ วันที่", "ประกาศ ณ วันท\u0e48\u0e35"),
    # a zero-width space inside a status word: still a status, not an unmarked measure
    ("plan", "msdhs-ops-ita-improvement-progress-2565.txt", (), "ดำเนินการ",
     "ดำเ\u200bนินการ"),
    ("hr", "sso-hr-annual-report-2562.txt", (), "ข้าราชการ", "ข้า\u200bราช\u200cการ"),
])
def test_pdf_artefacts_in_thai_words_change_no_result(tmp_path, reader, name, options, before,
                                                      after) -> None:
    """The same report with every such word damaged gives the same audit, figures and
    findings (only the file it names differs)."""
    source = ROOT / "data" / "raw" / name
    text = source.read_text(encoding="utf-8")
    assert before in text
    damaged = tmp_path / name
    damaged.write_text(text.replace(before, after), encoding="utf-8")
    option = "--document" if reader == "policy" else "--report"
    clean, repaired = (_json_of(reader, option, path, *options) for path in (source, damaged))
    for result in (clean, repaired):
        for key in ("report", "document", "source", "path"):
            result.pop(key, None)
    assert repaired == clean
