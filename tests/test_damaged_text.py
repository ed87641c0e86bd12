"""Text damaged the way PDF extraction damages it reads as the clean text does."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SARA_AM_SPLIT = ("\u0e33", "\u0e4d\u0e32")           # ำ written as ํ + า


def _json(command: str, option: str, path: Path) -> dict:
    done = subprocess.run([sys.executable, "-m", "ita_audit", command, option, str(path),
                           "--format", "json"], capture_output=True, text=True, cwd=ROOT,
                          check=True)
    return json.loads(done.stdout.replace(json.dumps(str(path))[1:-1], "REPORT"))


@pytest.mark.slow
@pytest.mark.parametrize(("command", "option", "seed"), [
    ("plan", "--report", "msdhs-ops-ita-improvement-progress-2565.txt"),
    ("hr", "--report", "sso-hr-annual-report-2562.txt"),
])
def test_a_split_sara_am_changes_nothing(tmp_path, command, option, seed):
    """pdftotext writes ำ as ํ + า: the plan read 0 of 46 measures as ticked ("ดําเนินการ") and
    the HR report lost its year, both silently. Read through pythainlp's reorder_vowels."""
    source = ROOT / "data" / "raw" / seed
    damaged = tmp_path / seed
    damaged.write_text(source.read_text("utf-8").replace(*SARA_AM_SPLIT), "utf-8")
    assert "\u0e4d\u0e32" in damaged.read_text("utf-8")
    copy = tmp_path / "clean" / seed
    copy.parent.mkdir()
    copy.write_text(source.read_text("utf-8"), "utf-8")
    assert _json(command, option, damaged) == _json(command, option, copy)


def _procurement_csv_is_read(folder, codec):
    """A two-row procurement CSV saved in ``codec`` (with its mark) reads its price."""
    from ita_audit.procurement.read import load_procurement

    table = folder / "p.csv"
    table.write_text("ชื่อรายการของงานที่ซื้อหรือจ้าง,วงเงินงบประมาณที่ได้รับจัดสรร,วิธีการจัดซื้อจัดจ้าง,"
                     "ราคาที่ตกลงซื้อหรือจ้าง,รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก\n"
                     "ซื้อวัสดุ,1000,เฉพาะเจาะจง,1000,ร้าน ก\n", encoding=codec)
    read = load_procurement(table)
    assert (read.encoding, read.frame["agreed_price"].tolist()) == (codec, [1000.0])


def test_utf16_with_a_byte_order_mark_is_read(tmp_path):
    """Excel's "Unicode Text" is UTF-16 with a BOM: read it (it was 'binary control
    characters' or 'not UTF-8'); its SHA-256 is of the file as it is."""
    from ita_audit.util.sources import read_source

    seed = ROOT / "data" / "raw" / "sso-hr-annual-report-2562.txt"
    path = tmp_path / "hr.txt"
    path.write_text(seed.read_text("utf-8"), encoding="utf-16")
    source = read_source(path)
    assert source.text == read_source(seed).text and source.encoding == "utf-16"
    assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    _procurement_csv_is_read(tmp_path, "utf-16")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_named(tmp_path, codec):
    from ita_audit.errors import InputError
    from ita_audit.procurement.read import load_procurement
    from ita_audit.util.sources import read_source

    path = tmp_path / "t.csv"
    path.write_bytes("ชื่อรายการ,ราคา\nซื้อวัสดุ,1000\n".encode(codec))
    for read in (read_source, load_procurement):
        with pytest.raises(InputError) as info:
            read(path)
        assert str(info.value) == (f"{path}: looks like UTF-16 text without a byte-order mark "
                                   "(fix: save the file as UTF-8)")


@pytest.mark.parametrize(("command", "seed", "old", "new"), [
    ("hr", "sso-hr-annual-report-2562.txt", "ประจำปี ๒๕๖๒", "ประจำปี 2019"),
    ("plan", "msdhs-ops-ita-improvement-progress-2565.txt", "ปี พ.ศ.๒๕๖๕ สำนักงาน",
     "ปี 2022 สำนักงาน"),
])
def test_a_gregorian_year_in_a_reports_title_is_its_be_year(tmp_path, command, seed, old, new):
    """A report titled with a CE year ("ประจำปี 2019") was filed under 2019 (HR) or lost its
    plan year and 92 checks (plan), silently: it is read as the BE year."""
    from ita_audit.hr.parse import parse_hr_report
    from ita_audit.plan.parse import load_plan_report
    from ita_audit.util.sources import read_source

    text = (ROOT / "data" / "raw" / seed).read_text("utf-8")
    assert old in text
    path = tmp_path / seed
    path.write_text(text.replace(old, new, 1), "utf-8")
    if command == "hr":
        assert parse_hr_report(read_source(path)).fiscal_year == 2562
    else:
        assert load_plan_report(path).plan_year == 2565


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-be"])
def test_utf32_with_a_byte_order_mark_is_read(tmp_path, codec):
    """UTF-32 with its mark is read like UTF-16 (it was 'binary control characters': its
    little-endian mark begins with UTF-16's, so it was decoded as UTF-16)."""
    from ita_audit.oit.load import load_disclosure
    from ita_audit.util.sources import read_source

    seed = ROOT / "data" / "raw" / "sso-oit-disclosure-index-2566.txt"
    data = seed.read_text("utf-8").encode(codec)
    path = tmp_path / "index.txt"
    path.write_bytes(data if codec == "utf-32" else b"\x00\x00\xfe\xff" + data)
    source = read_source(path)
    assert (source.text, source.encoding) == (read_source(seed).text, "utf-32")
    docs = [(d.item, d.title, d.line) for d in load_disclosure(path).documents]
    assert docs == [(d.item, d.title, d.line) for d in load_disclosure(seed).documents]
    assert len(docs) == 120
    page = tmp_path / "index.html"
    page.write_bytes("<html><body><h3>o1 โครงสร้าง</h3><ul><li><a href='https://a.go.th/s.pdf'>"
                     "แผนผังโครงสร้าง</a></li></ul></body></html>".encode("utf-32"))
    assert [d.title for d in load_disclosure(page).documents] == ["แผนผังโครงสร้าง"]
    _procurement_csv_is_read(tmp_path, "utf-32")


def test_utf32_that_is_not_utf32_is_named(tmp_path):
    from ita_audit.errors import InputError
    from ita_audit.util.sources import read_source

    path = tmp_path / "t.txt"
    path.write_bytes(b"\xff\xfe\x00\x00" + b"\x00\x00\x11\x00")      # beyond U+10FFFF
    with pytest.raises(InputError) as info:
        read_source(path)
    assert str(info.value) == f"{path}: is not valid UTF-32 text (byte 4) (fix: save the file as UTF-8)"
