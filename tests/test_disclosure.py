"""The disclosure importer on the real SSO 2566 index, the canonical TSV/CSV, and bad input."""
from __future__ import annotations

from pathlib import Path

import pytest

from ita_audit.criteria.model import normalize_item_id
from ita_audit.errors import InputError
from ita_audit.oit.disclosure import write_table
from ita_audit.oit.load import load_disclosure
from ita_audit.util.urls import safe_url

ITEMS = [f"O{n}" for n in range(1, 44)]


@pytest.fixture(scope="module")
def sso(sso_index_path: Path):
    return load_disclosure(sso_index_path, valid_items=ITEMS)


@pytest.mark.parametrize("token", ["o1", "O1", "O 1", "O01", "O๑", "OIT 1", "oit1", " O1 ", "O-1"])
def test_item_id_variants_normalise(token: str) -> None:
    assert normalize_item_id(token) == "O1"


@pytest.mark.parametrize("token", ["O0", "Q1", "O", "1", "O1a", "OO1", ""])
def test_non_item_ids_are_rejected(token: str) -> None:
    assert normalize_item_id(token) is None


def test_every_item_heading_is_found_in_order(sso) -> None:
    assert sso.format == "text" and sso.encoding == "utf-8"
    assert sso.items() == ITEMS
    assert sso.captured == "2024-02-14"          # "14 กุมภาพันธ์ 2567" in the preamble


def test_o4_plan_titles_and_lines(sso) -> None:
    docs = sso.for_item("O4")
    assert [(d.title, d.line, d.level) for d in docs] == [
        ("แผนปฏิบัติราชการสำนักงานประกันสังคม ระยะ 5 ปี ประจำปี 2566 (พ.ศ.2566 - 2570)", 21, 1),
        ("Infographic แผนปฏิบัติราชการสำนักงานประกันสังคม ระยะ 5 ปี (พ.ศ. 2566 - 2570)", 23, 1),
    ]


def test_star_bullets_are_attachments_of_the_document_above(sso) -> None:
    docs = sso.for_item("O13")
    assert [(d.line, d.level) for d in docs] == [(92, 1), (94, 2), (96, 2)]
    assert docs[0].title == "รายงานผลการดำเนินงานประจำปี 2565"


def test_o19_is_a_heading_without_documents(sso) -> None:
    docs = sso.for_item("O19")
    assert len(docs) == 1 and docs[0].is_heading_only and docs[0].line == 140
    assert sso.labels["O19"] == "แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ"


def test_month_lines_become_one_document_per_month_under_the_year_heading(sso) -> None:
    docs = sso.for_item("O21")
    assert [d.title for d in docs] == [
        "ธันวาคม", "พฤศจิกายน", "ตุลาคม", "กันยายน", "สิงหาคม", "กรกฎาคม",
        "มิถุนายน", "พฤษภาคม", "เมษายน", "มีนาคม", "กุมภาพันธ์", "มกราคม"]
    assert {d.context for d in docs} == {"ปี 2566"}
    assert [d.line for d in docs] == [166] * 4 + [168] * 4 + [170] * 4


def test_numbered_sub_headings_become_context(sso) -> None:
    docs = sso.for_item("O25")
    assert docs[0].context == "" and docs[0].line == 194
    assert docs[1].context == "(1) การสรรหาและคัดเลือกบุคลากร"
    assert docs[-1].context == "(5) การให้คุณให้โทษและการสร้างขวัญกำลังใจ"
    assert len(docs) == 26


def test_ragged_indentation_and_nbsp_are_normalised(sso) -> None:
    assert [d.title for d in sso.for_item("O9")] == [
        "Facebook", "Youtube", "Twitter", "Instagram", "Line", "Tiktok"]
    assert sso.labels["O14"] == "คู่มือหรือมาตรฐานการปฏิบัติงาน"
    assert sso.labels["O6"] == "กฎหมายที่ เกี่ยวข้อง"


def test_document_count(sso) -> None:
    real = [d for d in sso.documents if not d.is_heading_only]
    headings_only = sorted((d.item for d in sso.documents if d.is_heading_only),
                           key=lambda i: int(i[1:]))
    assert headings_only == ["O1", "O2", "O3", "O5", "O19"]
    assert len(real) == 115          # 103 bullets + 12 month names


def test_normalised_table_round_trips(sso, tmp_path: Path) -> None:
    out = write_table(sso, tmp_path / "disclosure.tsv")
    again = load_disclosure(out, valid_items=ITEMS)
    assert again.format == "tsv"
    assert [(d.item, d.title, d.context, d.level) for d in again.documents] == \
        [(d.item, d.title, d.context, d.level) for d in sso.documents]


def test_committed_normalised_table_is_current(sso, tmp_path: Path) -> None:
    committed = Path(__file__).parent.parent / "data/agencies/sso/2566/disclosure.tsv"
    fresh = write_table(sso, tmp_path / "disclosure.tsv")
    assert committed.read_text(encoding="utf-8") == fresh.read_text(encoding="utf-8")


def test_csv_and_tsv_are_detected(tmp_path: Path) -> None:
    csv_file = tmp_path / "index.csv"
    csv_file.write_text('item,title,url\nO๑,"แผน, ฉบับที่ 1 2566",https://example.go.th/a.pdf\n'
                        "OIT 4,แผนยุทธศาสตร์ 2566-2570,\n", encoding="utf-8")
    index = load_disclosure(csv_file, valid_items=ITEMS)
    assert index.format == "csv"
    assert [(d.item, d.title, d.url) for d in index.documents] == [
        ("O1", "แผน, ฉบับที่ 1 2566", "https://example.go.th/a.pdf"),
        ("O4", "แผนยุทธศาสตร์ 2566-2570", None)]


def test_non_http_links_are_dropped_with_a_warning(tmp_path: Path) -> None:
    tsv = tmp_path / "index.tsv"
    tsv.write_text("item\ttitle\turl\nO1\tโครงสร้าง\tjavascript:alert(1)\n", encoding="utf-8")
    index = load_disclosure(tsv)
    assert index.documents[0].url is None
    assert "only http(s) links" in index.warnings[0] and "line 2" in index.warnings[0]
    assert safe_url("https://a.go.th/x?y=1") == "https://a.go.th/x?y=1"
    assert safe_url('http://a.go.th/"><script>') is None


def test_cp874_file_is_read_like_utf8(tmp_path: Path, sso_index_path: Path, sso) -> None:
    legacy = tmp_path / "index-tis620.txt"
    text = sso_index_path.read_text(encoding="utf-8").replace("\u00a0", " ")
    legacy.write_bytes(text.encode("cp874"))
    index = load_disclosure(legacy, valid_items=ITEMS)
    assert index.encoding == "cp874"
    assert [d.title for d in index.documents] == [d.title for d in sso.documents]
    # an editor's UTF-8 byte-order mark before the cp874 text is not read as "๏ปฟ"
    marked = tmp_path / "index-bom-tis620.txt"
    marked.write_bytes(b"\xef\xbb\xbf" + text.encode("cp874"))
    again = load_disclosure(marked, valid_items=ITEMS)
    assert again.encoding == "cp874" and again.warnings == index.warnings
    assert [(d.item, d.title, d.context, d.line) for d in again.documents] == \
        [(d.item, d.title, d.context, d.line) for d in index.documents]


@pytest.mark.parametrize("content, message, where", [
    (b"", "file is empty", None),
    (b"  \n\n \t\n", "file is empty", None),
    (b"\xff\xfe\x00\xd8a\x00", "is not valid UTF-16 text (byte 2)", None),   # a lone surrogate
    ("ข้อมูลพื้นฐาน\nไม่มีหัวข้อ\n".encode(), "does not look like an OIT disclosure index (no OIT "
     "item headings", None),
    ("item\ttitle\turl\nO1\tโครงสร้าง\n".encode(), "row has 2 field(s), header has 3", "line 2"),
    ("item\ttitle\turl\nX7\tโครงสร้าง\t\n".encode(), "'X7' is not an OIT item id", "line 2"),
    ("o1. โครงสร้าง\no99. ไม่มีข้อนี้\n- เอกสาร\n".encode(), "unknown item O99", "line 2"),
    ("Café résumé 2565\no1. x\n".encode("latin-1"), "not Thai cp874/TIS-620", "line 1"),
    (b"item\titem\ttitle\turl\nO1\tO2\tx\t\n", "column 'item' appears more than once",
     "line 1"),
    ('item,title,url\nO1,"ผัง\nองค์กร\nปี 2566",\nO99,x,\n'.encode(), "unknown item O99", "line 5"),
    ("item,title,url\nO1,\"ผัง\n".encode(), "row has 2 field(s), header has 3", "line 2"),
    ("o1. ผัง\n- ผัง\u2028องค์กร\no99. x\n".encode(), "unknown item O99", "line 3"),
])
def test_bad_input_names_file_and_line(tmp_path: Path, content: bytes, message: str,
                                       where: str | None) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    with pytest.raises(InputError) as err:
        load_disclosure(bad, valid_items=ITEMS)
    text = str(err.value)
    assert text.startswith(str(bad)) and message in text and "\n" not in text
    if where:
        assert f"{bad}:{where}:" in text


def test_a_field_over_the_csv_default_limit_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.tsv"
    big.write_text("item\ttitle\turl\nO1\t" + "ก" * 200_000 + "\t\n", encoding="utf-8")
    assert len(load_disclosure(big, valid_items=ITEMS).documents[0].title) == 200_000


def test_a_line_without_bullet_inside_an_item_is_a_document_with_a_warning(tmp_path: Path) -> None:
    text = tmp_path / "wrapped.txt"
    text.write_text("o13. รายงาน\n- รายงานประจำปี 2563\nรายงานผลการดำเนินงานประจำปี\n"
                    "- รายงานผลการดำเนินงานประจำปี 2565\nการปฏิบัติงาน\no14. คู่มือ\n- คู่มือ\n",
                    encoding="utf-8")
    index = load_disclosure(text, valid_items=ITEMS)
    assert [(d.item, d.title, d.line) for d in index.for_item("O13")] == [
        ("O13", "รายงานประจำปี 2563", 2), ("O13", "รายงานผลการดำเนินงานประจำปี", 3),
        ("O13", "รายงานผลการดำเนินงานประจำปี 2565", 4)]
    assert index.warnings == ["line 3: line without a bullet read as a document of O13: "
                              "'รายงานผลการดำเนินงานประจำปี'"]
    assert [d.title for d in index.for_item("O14")] == ["คู่มือ"]   # line 5 was a group heading


def test_a_bullet_before_the_first_item_is_reported_not_dropped_silently(tmp_path: Path) -> None:
    text = tmp_path / "orphan.txt"
    text.write_text("แบบตรวจ OIT\n14 กุมภาพันธ์ 2567\n- เอกสารหลงหัวข้อ\n\no1. ผัง\n- ผัง\n",
                    encoding="utf-8")
    index = load_disclosure(text, valid_items=ITEMS)
    assert [d.title for d in index.documents] == ["ผัง"]
    assert index.captured == "2024-02-14"
    assert len(index.warnings) == 1 and index.warnings[0].startswith(
        "line 3: document 'เอกสารหลงหัวข้อ' stands before any oN. item")


def test_a_group_heading_may_wrap_and_a_last_plain_line_is_a_document(tmp_path: Path) -> None:
    text = tmp_path / "wrap.txt"
    text.write_text("-----------\no3. อำนาจหน้าที่\nการประชาสัมพันธ์และ\nการปฏิสัมพันธ์ข้อมูล\n\n"
                    "o7. ข่าว\n - ข่าว 2566\nรายการท้ายไฟล์\n", encoding="utf-8")
    index = load_disclosure(text, valid_items=ITEMS)
    assert [(d.item, d.title) for d in index.documents] == [
        ("O3", ""), ("O7", "ข่าว 2566"), ("O7", "รายการท้ายไฟล์")]
    assert index.warnings == ["line 8: line without a bullet read as a document of O7: "
                              "'รายการท้ายไฟล์'"]


def test_month_abbreviations_spaced_as_pdf_text_writes_them(tmp_path: Path, sso_index_path: Path,
                                                           sso) -> None:
    """A line of month abbreviations with a space inside each ("ต. ค.  พ. ย.") is still one
    document per month: O21 lost its 12 monthly documents and its verdict."""
    from pythainlp.util.date import thai_abbr_months, thai_full_months

    text = sso_index_path.read_text(encoding="utf-8")
    spaced = text
    for full, abbr in zip(thai_full_months, thai_abbr_months, strict=True):   # ธันวาคม: ธ. ค.
        spaced = spaced.replace(full, abbr.replace(".", ". ").strip())
    assert "ธ. ค." in spaced
    path = tmp_path / "spaced.txt"
    path.write_text(spaced, encoding="utf-8")
    index = load_disclosure(path, valid_items=ITEMS)
    months = [d.title for d in index.documents if d.item == "O21"]
    assert len(months) == len([d for d in sso.documents if d.item == "O21"]) == 12
    assert any(". " in title for title in months)
