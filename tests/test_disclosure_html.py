"""The HTML importer: a saved OIT page (tests/fixtures/oit-page-2565.html), bad pages, --base-url,
the source of a year in the reasons, and a property test (nothing but InputError)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ita_audit import cli
from ita_audit.criteria.files import load_criteria
from ita_audit.errors import InputError
from ita_audit.oit.disclosure import DisclosureIndex
from ita_audit.oit.engine import audit_oit
from ita_audit.oit.import_html import load_html, looks_like_html, parse_html
from ita_audit.oit.load import detect_format, load_disclosure
from ita_audit.util.sources import read_source

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "tests" / "fixtures" / "oit-page-2565.html"
BASE = "https://www.example.go.th/ita/"
ITEMS = [f"O{n}" for n in range(1, 44)]


@pytest.fixture(scope="module")
def page() -> DisclosureIndex:
    return load_disclosure(PAGE, valid_items=ITEMS)


@pytest.fixture(scope="module")
def based() -> DisclosureIndex:
    return load_disclosure(PAGE, valid_items=ITEMS, base_url=BASE)


def _docs(index: DisclosureIndex, item: str) -> list[tuple[str, str | None, int]]:
    return [(d.title, d.url, d.line) for d in index.for_item(item)]


def _write(tmp_path: Path, body: str | bytes, name: str = "page.html") -> Path:
    path = tmp_path / name
    if isinstance(body, str):
        path.write_text(body, encoding="utf-8")
    else:
        path.write_bytes(body)
    return path


# --- detection ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "<!DOCTYPE html>\n<html>", "  \n<html lang='th'>", "<!-- saved from url=(0020)x -->\n<!doctype html>",
    "<table>\n<tr><td>O1</td></tr>", "<ul><li>O1</li></ul>", "\ufeff<div class='oit'>", "<h3>O1</h3>",
])
def test_pages_are_detected_as_html(text: str) -> None:
    assert looks_like_html(text)


@pytest.mark.parametrize("text", [
    "o1. โครงสร้าง\n- แผนผัง", "item\ttitle\turl\nO1\tแผนผัง\t", "<โครงสร้าง>", "ข้อมูล <table>", "<tablet>",
])
def test_text_and_tables_are_not_html(text: str) -> None:
    assert not looks_like_html(text)


def test_the_fixture_is_detected_and_every_item_found(page: DisclosureIndex) -> None:
    assert detect_format(read_source(PAGE)) == "html"
    assert (page.format, page.encoding) == ("html", "utf-8")
    assert page.items() == ITEMS
    assert len(page.documents) == 54
    assert [d.item for d in page.documents if d.is_heading_only] == ["O26"]


# --- item ids and labels -----------------------------------------------------------------

@pytest.mark.parametrize("item, line, label", [
    ("O1", 32, "โครงสร้าง"),                         # <td>O1</td>, label from the next cell
    ("O2", 37, "ข้อมูลผู้บริหาร"),                     # o2
    ("O3", 43, "อำนาจหน้าที่"),                        # OIT 3
    ("O4", 48, "แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน"),    # O๔
    ("O5", 53, "ข้อมูลการติดต่อ"),                     # 05: a bare id filling the first cell
    ("O6", 59, "กฎหมายที่เกี่ยวข้อง"),                  # O 6 (rowspan)
    ("O7", 67, "ข่าวประชาสัมพันธ์"),                   # O07
    ("O10", 84, "แผนดำเนินงานประจำปี"),                # <h4>O10 …</h4>
    ("O12", 97, "รายงานผลการดำเนินงานประจำปี"),         # <p><strong>O12 …</strong></p>
    ("O13", 102, "คู่มือหรือมาตรฐานการปฏิบัติงาน"),      # <dt>
    ("O25", 155, "นโยบายการบริหารทรัพยากรบุคคล"),       # <li>O25 …<ul>
    ("O29", 181, "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"),   # <div>
    ("O36", 209, "การประเมินความเสี่ยงการทุจริตและประพฤติมิชอบประจำปี"),     # 36.
])
def test_id_variants_labels_and_heading_lines(page: DisclosureIndex, item: str, line: int,
                                              label: str) -> None:
    assert page.heading_lines[item] == line
    assert page.labels[item] == label


def test_bare_numbers_in_titles_and_nested_rows_are_not_ids(page: DisclosureIndex) -> None:
    # O38 holds a nested table numbered 1, 2; O42 lists "1. …" and "2. …"; "9.1"/"10.1" head groups.
    assert _docs(page, "O38") == [
        ("อบรมเสริมสร้างวัฒนธรรมองค์กร ปี 2565", None, 216),
        ("กิจกรรมเสริมสร้างวัฒนธรรมสุจริต 12 เดือน", None, 217)]
    assert [d.title for d in page.for_item("O42")] == [
        "1. มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ปี 2565",
        "การวิเคราะห์ผลการประเมิน ITA ปี 2564"]
    assert page.heading_lines["O1"] == 32 and page.heading_lines["O2"] == 37
    assert not any("O9" in w or "O10" in w for w in page.warnings)     # no "listed again"


def test_bare_ids_only_where_a_label_stands(tmp_path: Path) -> None:
    path = _write(tmp_path, "<ol>\n<li>1. โครงสร้าง<ul><li><a href='https://a.go.th/1.pdf'>แผนผัง</a>"
                  "</li></ul></li>\n<li>02 ผู้บริหาร<ul><li><a href='https://a.go.th/2.pdf'>"
                  "ทำเนียบ</a></li></ul></li>\n</ol>\n<h3>3. อำนาจหน้าที่</h3>\n<p>"
                  "<a href='https://a.go.th/3.pdf'>1. กฎกระทรวง</a></p>\n<p>4 ต.ค. 2565 ประกาศ</p>\n")
    index = load_disclosure(path)
    assert [(d.item, d.title) for d in index.documents] == [
        ("O1", "แผนผัง"), ("O2", "ทำเนียบ"), ("O3", "1. กฎกระทรวง")]
    assert index.labels == {"O1": "โครงสร้าง", "O2": "ผู้บริหาร", "O3": "อำนาจหน้าที่"}


# --- documents ---------------------------------------------------------------------------

def test_titles_and_urls_without_base_url(page: DisclosureIndex) -> None:
    assert _docs(page, "O1") == [("แผนผังโครงสร้างองค์กร สำนักงานตัวอย่าง พ.ศ. 2565",   # &nbsp;
                                  "https://www.example.go.th/ita/2565/o1-structure.pdf", 34)]
    assert _docs(page, "O2") == [("ทำเนียบผู้บริหาร สำนักงานตัวอย่าง ปี 2565", None, 39)]  # wrapped
    assert _docs(page, "O8") == [("กระดานถาม – ตอบ (Q&A)", "https://www.example.go.th/qa", 74)]
    assert _docs(page, "O17") == [("ระบบบริการอิเล็กทรอนิกส์ (E-Service)",   # <img alt>
                                   "https://eservice.example.go.th/", 118)]
    assert ("line 39: relative link 'files/o2-executives.pdf' kept without an address (fix: give "
            "--base-url, the page's web address)") in page.warnings
    assert sum("relative link" in w for w in page.warnings) == 42


def test_relative_links_resolve_against_base_url(based: DisclosureIndex) -> None:
    assert _docs(based, "O2") == [("ทำเนียบผู้บริหาร สำนักงานตัวอย่าง ปี 2565",
                                   "https://www.example.go.th/ita/files/o2-executives.pdf", 39)]
    assert _docs(based, "O3")[0][1] == "https://www.example.go.th/law/authority.html"  # unquoted
    assert _docs(based, "O5")[0][1] == "https://www.example.go.th/contact"
    assert _docs(based, "O7")[0][1] == "https://www.example.go.th/ita/news/?year=2565&cat=pr"
    assert _docs(based, "O1")[0][1] == "https://www.example.go.th/ita/2565/o1-structure.pdf"
    assert based.warnings == [
        "line 56: link 'mailto:saraban@example.go.th' ignored: only http(s) links are allowed",
        "line 174: link 'javascript:void(0)' ignored: only http(s) links are allowed",
        "1 link(s) outside any OIT item ignored (line(s) 25)"]
    assert sum(d.url is None for d in based.documents) == 3        # mailto, javascript, O26


def test_javascript_and_mailto_links_lose_their_address_with_a_warning(based) -> None:
    assert _docs(based, "O28") == [("รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล ประจำปี 2564", None, 174)]
    assert _docs(based, "O5")[1] == ("saraban@example.go.th", None, 56)


def test_empty_entries_are_ignored_and_a_linkless_item_is_heading_only(page) -> None:
    assert [d.title for d in page.for_item("O10")] == ["แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2565"]
    assert [d.title for d in page.for_item("O27")] == ["หลักเกณฑ์การสรรหาและคัดเลือกบุคลากร"]
    o26 = page.for_item("O26")
    assert len(o26) == 1 and o26[0].is_heading_only and o26[0].line == 160
    assert page.labels["O26"] == "การดำเนินการตามนโยบายการบริหารทรัพยากรบุคคล"


def test_script_style_nav_footer_and_comments_are_ignored(page: DisclosureIndex) -> None:
    titles = {d.title for d in page.documents}
    assert not titles & {"script text", "not a link", "หน้าหลัก", "เกี่ยวกับเรา", "แผนผังเว็บไซต์",
                         "ไม่ใช้แล้ว", "O5"}
    assert "1 link(s) outside any OIT item ignored (line(s) 25)" in page.warnings   # ระบบ ITAS


def test_sub_heading_text_becomes_context(page: DisclosureIndex) -> None:
    docs = page.for_item("O23")
    assert [(d.title, d.line) for d in docs] == [
        ("ตุลาคม", 140), ("พฤศจิกายน", 141), ("ธันวาคม", 142), ("มกราคม", 143),
        ("กุมภาพันธ์", 144), ("มีนาคม", 145)]
    assert {d.context for d in docs} == {"ปี 2565"}
    assert all(d.context == "" for d in page.documents if d.item != "O23")


def test_a_list_under_a_linked_entry_holds_attachments(page: DisclosureIndex) -> None:
    assert [(d.line, d.level) for d in page.for_item("O11")] == [(91, 1), (93, 2)]
    assert [(d.line, d.level) for d in page.for_item("O15")] == [(109, 1), (110, 1)]  # open <li>


def test_sloppy_markup_unclosed_cells_and_unquoted_attributes(tmp_path: Path) -> None:
    path = _write(tmp_path, "<table>\n<tr><td>O1<td><a href=https://a.go.th/x.pdf>แผน 2565</a>\n"
                  "<tr><td>O2<td><a href=y.pdf title=t>ทำเนียบ</a>\n</table>\n")
    index = load_disclosure(path, base_url="https://a.go.th/ita/index.html")
    assert [(d.item, d.title, d.url, d.line) for d in index.documents] == [
        ("O1", "แผน 2565", "https://a.go.th/x.pdf", 2),
        ("O2", "ทำเนียบ", "https://a.go.th/ita/y.pdf", 3)]


def test_a_base_element_in_the_page_is_honoured(tmp_path: Path) -> None:
    path = _write(tmp_path, "<html><head><base href='https://b.go.th/docs/'></head><body>"
                  "<h3>O1</h3><a href='a.pdf'>ก</a></body></html>")
    assert load_disclosure(path).documents[0].url == "https://b.go.th/docs/a.pdf"


def test_an_item_listed_twice_is_merged_with_a_warning(tmp_path: Path) -> None:
    path = _write(tmp_path, "<h3>O1 โครงสร้าง</h3>\n<a href='https://a.go.th/1.pdf'>ก</a>\n"
                  "<h3>O2</h3>\n<h3>o1</h3>\n<a href='https://a.go.th/2.pdf'>ข</a>\n")
    index = load_disclosure(path)
    assert [(d.item, d.title, d.line) for d in index.documents] == [
        ("O1", "ก", 2), ("O1", "ข", 5), ("O2", "", 3)]
    assert index.warnings == ["line 4: O1 listed again (first at line 1); documents merged"]


def test_a_page_after_a_non_breaking_space_is_still_html(tmp_path: Path) -> None:
    index = load_disclosure(_write(tmp_path, "\u00a0<ul><li>O1 <a href='https://a.go.th/'>ก</a></li></ul>"))
    assert index.format == "html" and index.documents[0].url == "https://a.go.th/"


def test_unknown_items_name_their_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "<ul>\n<li>O1 <a href='https://a.go.th/'>ก</a></li>\n<li>O44 ข</li>\n</ul>")
    with pytest.raises(InputError, match=r"page\.html:line 3: unknown item O44"):
        load_disclosure(path, valid_items=ITEMS)


def test_a_bad_base_url_is_an_input_error() -> None:
    with pytest.raises(InputError, match="--base-url: base URL 'ftp://x.go.th/' is not an absolute"):
        load_disclosure(PAGE, base_url="ftp://x.go.th/")


# --- a 2568 WordPress page (tests/fixtures/oit-page-2568-wordpress.html) -----------------

WP_PAGE = ROOT / "tests" / "fixtures" / "oit-page-2568-wordpress.html"
WP_BASE = "https://www.example-sao.go.th/ita-2568-oit/"
WP_UPLOADS = "https://www.example-sao.go.th/wp-content/uploads/"
ITEMS_2568 = [f"O{n}" for n in range(1, 29)]
WP_GROUPS = ["ข้อมูลพื้นฐาน", "การประชาสัมพันธ์", "แผนการดำเนินงานและงบประมาณ", "การจัดซื้อจัดจ้าง",
             "การป้องกันการทุจริตในประเด็นสินบน / No Gift Policy",
             "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"]


@pytest.fixture(scope="module")
def wordpress() -> DisclosureIndex:
    return load_disclosure(WP_PAGE, valid_items=ITEMS_2568, base_url=WP_BASE)


def test_wordpress_page_items_and_documents_per_item(wordpress: DisclosureIndex) -> None:
    assert detect_format(read_source(WP_PAGE)) == "html"
    assert wordpress.items() == ["O1", "O2", "O3", "O4", "O5", "O6", "O7", "O12", "O13", "O21",
                                 "O28"]
    assert {item: len(wordpress.for_item(item)) for item in wordpress.items()} == {
        "O1": 1, "O2": 1, "O3": 1, "O4": 2, "O5": 1, "O6": 2, "O7": 1, "O12": 2, "O13": 1,
        "O21": 2, "O28": 1}
    assert not any(d.is_heading_only for d in wordpress.documents)
    assert {(d.context, d.level) for d in wordpress.documents} == {("", 1)}
    # O1, O 2, o3., O04, O5, O6. (split over two <strong>), O7, O12, O13 (link), O21, O28
    assert wordpress.heading_lines == {"O1": 38, "O2": 39, "O3": 41, "O4": 47, "O5": 52, "O6": 54,
                                       "O7": 57, "O12": 61, "O13": 65, "O21": 68, "O28": 73}
    assert wordpress.labels == {
        "O1": "โครงสร้างและอำนาจหน้าที่", "O2": "ข้อมูลผู้บริหาร", "O3": "ข้อมูลการติดต่อ",
        "O4": "ข่าวประชาสัมพันธ์", "O5": "แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน",
        "O6": "แผนและความก้าวหน้าในการดำเนินงานและการใช้งบประมาณประจำปี",
        "O7": "รายงานผลการดำเนินงานประจำปี",
        "O12": "รายการการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ และความก้าวหน้าการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ",
        "O13": "รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี",
        "O21": "ประกาศเจตนารมณ์และการสร้างวัฒนธรรม ตามนโยบาย No Gift Policy จากการปฏิบัติหน้าที่",
        "O28": "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"}


def test_wordpress_page_documents(wordpress: DisclosureIndex) -> None:
    up = WP_UPLOADS
    assert [(d.item, d.title, d.url, d.line) for d in wordpress.documents] == [
        ("O1", "โครงสร้างและอำนาจหน้าที่", up + "2025/03/o1.pdf", 38),
        ("O2", "ทำเนียบผู้บริหาร องค์การบริหารส่วนตำบลตัวอย่าง ประจำปีงบประมาณ พ.ศ. 2568",
         up + "2025/01/o2-executives-2568.pdf", 40),                       # relative href
        ("O3", "ข้อมูลการติดต่อ องค์การบริหารส่วนตำบลตัวอย่าง",
         "https://www.example-sao.go.th/contact/", 42),
        ("O4", "ประชาสัมพันธ์กิจกรรมวันเด็กแห่งชาติ ประจำปี พ.ศ. 2568",       # <br>-separated
         "https://www.example-sao.go.th/news/2568-01-15-children-day/", 48),
        ("O4", "ประชาสัมพันธ์การชำระภาษีที่ดินและสิ่งปลูกสร้าง ประจำปี พ.ศ. 2568",
         "https://www.example-sao.go.th/news/2568-03-01-tax/", 49),
        ("O5", "แผนพัฒนาท้องถิ่น (พ.ศ. 2566 – 2570) เพิ่มเติม ฉบับที่ 1 พ.ศ. 2567",
         up + "2024/10/o5-local-development-plan-2566-2570.pdf", 53),     # wp-block-file
        ("O6", "แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2568", up + "2024/10/o6-action-plan-2568.pdf", 55),
        ("O6", "รายงานความก้าวหน้าการดำเนินงานและการใช้งบประมาณ รอบ 6 เดือน ประจำปีงบประมาณ พ.ศ. 2568",
         up + "2025/04/o6-progress-6m-2568.pdf", 56),
        ("O7", "รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2567",
         up + "2024/12/o7-annual-report-2567.pdf", 58),
        ("O12", "รายการการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ ประจำปีงบประมาณ พ.ศ. 2568 (PDF)",
         up + "2025/04/o12-procurement-2568.pdf", 62),
        ("O12", "รายการการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ ประจำปีงบประมาณ พ.ศ. 2568 (Excel)",
         up + "2025/04/o12-procurement-2568.xlsx", 63),
        ("O13", "รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี",
         up + "2024/11/o13-procurement-report-2567.pdf", 65),                # heading is the link
        ("O21", "ประกาศเจตนารมณ์ No Gift Policy ประจำปีงบประมาณ พ.ศ. 2568",
         up + "2024/10/o21-no-gift-2568.pdf", 69),                          # wp-block-file
        ("O21", "กิจกรรมการสร้างวัฒนธรรม No Gift Policy ประจำปีงบประมาณ พ.ศ. 2568",
         up + "2025/02/o21-no-gift-culture-2568.pdf", 70),
        ("O28", "รายงานผลการดำเนินการตามมาตรการ ตามข้อ O27 ประจำปีงบประมาณ พ.ศ. 2568",
         up + "2025/04/o28-integrity-report-2568.pdf", 74)]


def test_wordpress_heading_that_is_the_link_is_the_document(wordpress: DisclosureIndex) -> None:
    # <p><strong><a href>O1 …</a></strong></p> and <p><a href><strong>O13 …</strong></a></p>
    assert _docs(wordpress, "O1") == [("โครงสร้างและอำนาจหน้าที่", WP_UPLOADS + "2025/03/o1.pdf", 38)]
    assert _docs(wordpress, "O13") == [("รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี",
                                        WP_UPLOADS + "2024/11/o13-procurement-report-2567.pdf", 65)]
    assert not any(d.title.upper().startswith("O") for d in wordpress.documents)


def test_wordpress_download_buttons_add_no_document(wordpress: DisclosureIndex) -> None:
    titles = [d.title for d in wordpress.documents]
    assert not {"ดาวน์โหลด", "Download"} & set(titles)
    urls = [d.url for d in wordpress.documents]
    assert len(urls) == len(set(urls)) == 15
    assert [d.title for d in wordpress.for_item("O5")] == [
        "แผนพัฒนาท้องถิ่น (พ.ศ. 2566 – 2570) เพิ่มเติม ฉบับที่ 1 พ.ศ. 2567"]


def test_wordpress_groups_nav_sidebar_and_footer_are_not_documents(wordpress) -> None:
    titles = {d.title for d in wordpress.documents}
    assert not titles & {*WP_GROUPS, "หมายเหตุ", "ระบบ ITAS", "หน้าหลัก", "ITA 2568", "ITA 2567",
                         "แก้ไข", "แผนผังเว็บไซต์", "ระบบ e-GP",
                         "ประชาสัมพันธ์งานประเพณีสงกรานต์ ประจำปี พ.ศ. 2568"}
    assert not set(wordpress.labels.values()) & {*WP_GROUPS, "หมายเหตุ"}
    # the site title (line 17), the intro's ITAS link (34) and the sidebar widget (88) are outside
    # any item: the <h2> widget title ends O28, as each <h4> group ends the item before it
    assert wordpress.warnings == ["3 link(s) outside any OIT item ignored (line(s) 17, 34, 88)"]


def test_wordpress_relative_href_needs_the_base_url() -> None:
    index = load_disclosure(WP_PAGE, valid_items=ITEMS_2568)
    assert _docs(index, "O2") == [("ทำเนียบผู้บริหาร องค์การบริหารส่วนตำบลตัวอย่าง ประจำปีงบประมาณ พ.ศ. 2568",
                                   None, 40)]
    assert index.warnings == [
        "line 40: relative link '/wp-content/uploads/2025/01/o2-executives-2568.pdf' kept without "
        "an address (fix: give --base-url, the page's web address)",
        "3 link(s) outside any OIT item ignored (line(s) 17, 34, 88)"]


@pytest.mark.parametrize("heading", [
    "<p><strong><a href='https://a.go.th/o1.pdf'>O1 โครงสร้างและอำนาจหน้าที่</a></strong></p>",
    "<p><a href='https://a.go.th/o1.pdf'><strong>O1 โครงสร้างและอำนาจหน้าที่</strong></a></p>",
    "<p><b><a href='https://a.go.th/o1.pdf'>O01. โครงสร้างและอำนาจหน้าที่</a></b></p>",
    "<p style='text-align:left'><span style='font-weight:bold'><a href='https://a.go.th/o1.pdf'>"
    "o 1 โครงสร้างและอำนาจหน้าที่</a></span></p>",
], ids=["strong-a", "a-strong", "b-a-O01.", "bold-span-o-1"])
def test_a_heading_that_is_a_link_gives_one_document_without_the_id(tmp_path: Path,
                                                                       heading: str) -> None:
    index = load_disclosure(_write(tmp_path, f"<h4>ข้อมูลพื้นฐาน</h4>\n{heading}\n"
                                   "<p><strong>O2 ข้อมูลผู้บริหาร</strong></p>\n"),
                            valid_items=ITEMS_2568)
    assert [(d.item, d.title, d.url) for d in index.documents] == [
        ("O1", "โครงสร้างและอำนาจหน้าที่", "https://a.go.th/o1.pdf"), ("O2", "", None)]
    assert index.labels == {"O1": "โครงสร้างและอำนาจหน้าที่", "O2": "ข้อมูลผู้บริหาร"}


def test_a_link_holding_only_the_id_is_named_by_its_file(tmp_path: Path) -> None:
    index = load_disclosure(_write(tmp_path, "<p><strong><a href='https://a.go.th/o1-2568.pdf'>O1</a>"
                                   " โครงสร้างและอำนาจหน้าที่</strong></p>\n"))
    assert [(d.item, d.title) for d in index.documents] == [("O1", "o1-2568.pdf")]
    assert index.labels == {"O1": "โครงสร้างและอำนาจหน้าที่"}


def test_an_h4_group_ends_the_item_and_the_next_bold_items_start(tmp_path: Path) -> None:
    path = _write(tmp_path, "<div class='entry-content'>\n<p><strong>O3 ข้อมูลการติดต่อ</strong></p>\n"
                  "<p><a href='https://a.go.th/3.pdf'>ติดต่อ</a></p>\n<h4>การประชาสัมพันธ์</h4>\n"
                  "<p><a href='https://a.go.th/banner.jpg'>แบนเนอร์</a></p>\n"
                  "<p><strong>O4 ข่าวประชาสัมพันธ์</strong></p>\n"
                  "<p><a href='https://a.go.th/4a.pdf'>ข่าว 1</a><br><a href='https://a.go.th/4b.pdf'>"
                  "ข่าว 2</a></p>\n<h4>แผนการดำเนินงานและงบประมาณ</h4>\n<p>&nbsp;</p>\n"
                  "<p><b>O5 แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน</b></p>\n"
                  "<p><a href='https://a.go.th/5.pdf'>แผนพัฒนาท้องถิ่น</a></p>\n</div>\n")
    index = load_disclosure(path, valid_items=ITEMS_2568)
    assert [(d.item, d.title, d.line) for d in index.documents] == [
        ("O3", "ติดต่อ", 3), ("O4", "ข่าว 1", 7), ("O4", "ข่าว 2", 7), ("O5", "แผนพัฒนาท้องถิ่น", 11)]
    assert index.warnings == ["1 link(s) outside any OIT item ignored (line(s) 5)"]


def test_numbered_group_headings_are_not_items(tmp_path: Path) -> None:
    path = _write(tmp_path, "<h4>1. ข้อมูลพื้นฐาน</h4>\n<p><strong>O1 โครงสร้างและอำนาจหน้าที่</strong></p>\n"
                  "<p><a href='https://a.go.th/1.pdf'>แผนผัง</a></p>\n"
                  "<p><strong>O3 ข้อมูลการติดต่อ</strong></p>\n<p><a href='https://a.go.th/3.pdf'>"
                  "ติดต่อ</a></p>\n<h4>3. แผนการดำเนินงานและงบประมาณ</h4>\n"
                  "<p><strong>O5 แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน</strong></p>\n"
                  "<h4>6. การจัดซื้อจัดจ้าง</h4>\n<p>ปี 2568</p>\n"
                  "<p><strong>O12 รายการการจัดซื้อจัดจ้าง</strong></p>\n"
                  "<p><a href='https://a.go.th/12.pdf'>รายการ</a></p>\n")
    index = load_disclosure(path, valid_items=ITEMS_2568)
    assert [(d.item, d.title) for d in index.documents] == [
        ("O1", "แผนผัง"), ("O3", "ติดต่อ"), ("O5", ""), ("O12", "รายการ")]
    assert index.heading_lines == {"O1": 2, "O3": 4, "O5": 7, "O12": 10}
    assert index.labels["O1"] == "โครงสร้างและอำนาจหน้าที่" and "O6" not in index.labels
    assert index.warnings == []                  # "3." is not "O3 listed again"
    # a bare-numbered heading followed by a heading of its own rank is still an item
    index = load_disclosure(_write(tmp_path, "<h4>6. การจัดซื้อจัดจ้าง</h4>\n<h4>O7 รายงาน</h4>\n",
                                   "same-rank.html"))
    assert index.items() == ["O6", "O7"]


def test_a_download_button_repeating_its_link_is_not_a_document(tmp_path: Path) -> None:
    path = _write(tmp_path, "<p><strong>O5 แผนยุทธศาสตร์</strong></p>\n<div class='wp-block-file'>"
                  "<a id='m1' href='files/plan.pdf'>แผนพัฒนาท้องถิ่น พ.ศ. 2566-2570</a>"
                  "<a href='files/plan.pdf' class='wp-block-file__button' download>ไฟล์</a></div>\n"
                  "<p><a href='files/plan.pdf'>แผนพัฒนาท้องถิ่น</a> <a href='files/plan.pdf'>"
                  "คลิกดาวน์โหลด</a></p>\n"
                  "<p>แผนพัฒนาท้องถิ่น เพิ่มเติม <a href='files/plan-2.pdf'>ดาวน์โหลด</a></p>\n")
    index = load_disclosure(path, base_url="https://a.go.th/ita/")
    assert [(d.title, d.url, d.line) for d in index.documents] == [
        ("แผนพัฒนาท้องถิ่น พ.ศ. 2566-2570", "https://a.go.th/ita/files/plan.pdf", 2),
        ("แผนพัฒนาท้องถิ่น", "https://a.go.th/ita/files/plan.pdf", 3),
        ("ดาวน์โหลด", "https://a.go.th/ita/files/plan-2.pdf", 4)]     # a lone button is kept
    assert index.warnings == []


def test_a_bold_note_and_an_id_inside_a_title_start_no_item(tmp_path: Path) -> None:
    path = _write(tmp_path, "<p><strong>O3 ข้อมูลการติดต่อ</strong></p>\n<p><strong>หมายเหตุ</strong></p>\n"
                  "<p><a href='https://a.go.th/3.pdf'>แผนที่ตั้งสำนักงาน</a></p>\n"
                  "<p><strong>O28 รายงานผลการดำเนินการ</strong></p>\n"
                  "<p><a href='https://a.go.th/28.pdf'>รายงานผลตามมาตรการ ตามข้อ O12 และ O27</a></p>\n"
                  "<p><strong>ตามข้อ O12</strong> <a href='https://a.go.th/28b.pdf'>ภาคผนวก</a></p>\n")
    index = load_disclosure(path, valid_items=ITEMS_2568)
    assert [(d.item, d.title) for d in index.documents] == [
        ("O3", "แผนที่ตั้งสำนักงาน"), ("O28", "รายงานผลตามมาตรการ ตามข้อ O12 และ O27"),
        ("O28", "ภาคผนวก")]
    assert index.items() == ["O3", "O28"] and index.warnings == []
    assert index.labels == {"O3": "ข้อมูลการติดต่อ", "O28": "รายงานผลการดำเนินการ"}


# --- bad pages through the command line --------------------------------------------------

OK_BODY = "<body><table><tr><td>O1</td><td><a href='https://a.go.th/a.pdf'>แผน</a></td></tr></table>"
BAD_PAGES = {
    "no-ids": ("<!doctype html><html><body><p>ข่าว <a href='https://a.go.th/'>ก</a></p></body></html>",
               ": this does not look like an OIT disclosure index (no OIT item ids"),
    "cp874": ("<html><head></head>" + OK_BODY + "<p>โครงสร้างองค์กร</p></body></html>").encode("cp874"),
    "meta-charset": ("<html><head><meta charset='windows-874'></head>" + OK_BODY + "</body></html>",
                     "line 1: HTML page declares charset 'windows-874'; pages must be UTF-8"),
    "http-equiv": ("<html><head>\n<meta http-equiv='Content-Type' content='text/html; charset=tis-620'>"
                   "</head>" + OK_BODY + "</body></html>",
                   "line 2: HTML page declares charset 'tis-620'; pages must be UTF-8"),
    "in-tag": ("<html>\n<body><table><tr><td>O1</td><td><a href='https://a.go",
               "line 2: HTML page ends inside a tag or comment; the file looks truncated"),
    "in-comment": ("<html>\n" + OK_BODY + "</body>\n<!-- end of",
                   "line 3: HTML page ends inside a tag or comment"),
    "in-script": ("<html>\n" + OK_BODY + "\n<script>var x = 1;",
                  "line 3: HTML page ends inside <script>"),
    "no-end-html": ("<html>\n" + OK_BODY + "</body>\n",
                    "line 3: HTML page is truncated: <html> (line 1) opened but never closed"),
    "open-table": ("<html><body>\n<table><tr><td>O1</td><td><a href='https://a.go.th/'>ก</a></td></tr>\n",
                   "HTML page is truncated: <html> (line 1), <body> (line 1), <table> (line 2) "
                   "opened but never closed"),
}


@pytest.mark.parametrize("name", BAD_PAGES)
def test_bad_pages_exit_2_naming_the_file(tmp_path: Path, capsys, name: str) -> None:
    spec = BAD_PAGES[name]
    body, expected = (spec, "HTML page is not UTF-8") if isinstance(spec, bytes) else spec
    path = _write(tmp_path, body, f"{name}.html")
    assert cli.main(["oit", "--fiscal-year", "2566", "--disclosure", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"ita-audit: error: {path}:")
    assert expected in err and "(fix: " in err
    if name in ("cp874", "meta-charset", "http-equiv"):
        assert "re-save the page as UTF-8" in err


def test_a_cp874_page_is_refused_not_decoded(tmp_path: Path) -> None:
    path = _write(tmp_path, ("<ul><li>O1 โครงสร้าง <a href='https://a.go.th/'>แผนผัง</a></li></ul>")
                  .encode("cp874"))
    with pytest.raises(InputError, match=r"line 1: HTML page is not UTF-8 \(invalid byte at offset 11;"):
        load_html(path)


def test_a_utf16_page_with_its_mark_is_read_and_a_cut_one_is_incomplete(tmp_path: Path) -> None:
    """A page saved as 'Unicode' (UTF-16 with its mark) is read like the UTF-8 one (it was
    refused with advice to convert from cp874); a page cut inside a Thai letter says it is
    incomplete."""
    page = ("<html><body><ul><li>O1 โครงสร้าง <a href='https://a.go.th/a.pdf'>แผนผัง</a></li>"
            "</ul></body></html>")
    utf8 = _write(tmp_path, page.encode(), "utf8.html")
    utf16 = _write(tmp_path, b"\xff\xfe" + page.encode("utf-16-le"), "utf16.html")
    assert [(d.item, d.title, d.url) for d in load_html(utf16).documents] == \
        [(d.item, d.title, d.url) for d in load_html(utf8).documents] == \
        [("O1", "แผนผัง", "https://a.go.th/a.pdf")]
    data = page.encode()
    cut = _write(tmp_path, data[:data.index("แ".encode()) + 2], "cut.html")
    with pytest.raises(InputError, match=r"cut\.html:line 1: is UTF-8 text cut off in the middle "
                       r"of a character \(the last 2 byte\(s\) of "):
        load_html(cut)


def test_cli_rejects_a_base_url_that_is_not_http(capsys) -> None:
    assert cli.main(["oit", "--fiscal-year", "2566", "--disclosure", str(PAGE),
                     "--base-url", "www.example.go.th/ita/"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ita-audit: error: --base-url: base URL 'www.example.go.th/ita/'")


def test_cli_import_resolves_links_with_base_url(tmp_path: Path, capsys) -> None:
    out = tmp_path / "disclosure.tsv"
    assert cli.main(["import", str(PAGE), "--agency", "example", "--fiscal-year", "2565",
                     "--out", str(out), "--base-url", BASE]) == 0
    captured = capsys.readouterr()
    assert f"{out} (54 rows, format html, utf-8)" in captured.out
    rows = out.read_text("utf-8").splitlines()
    assert rows[0] == "item\ttitle\turl\tcontext\tlevel\tline"
    assert rows[2] == ("O2\tทำเนียบผู้บริหาร สำนักงานตัวอย่าง ปี 2565\t"
                       "https://www.example.go.th/ita/files/o2-executives.pdf\t\t1\t39")


# --- acceptance: the 2565 audit of the saved page ----------------------------------------

def test_oit_2565_on_the_saved_page_gives_a_verdict_for_every_item(capsys) -> None:
    assert cli.main(["oit", "--fiscal-year", "2565", "--disclosure", str(PAGE),
                     "--base-url", BASE, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["fiscal_year"] == 2565 and data["criteria_year"] == 2565
    assert [item["item"] for item in data["items"]] == ITEMS
    assert all(item["verdict"] in ("pass", "fail", "review") for item in data["items"])
    by_id = {item["item"]: item for item in data["items"]}
    assert by_id["O26"]["verdict"] == "review" and by_id["O26"]["evidence"] == []
    o21 = by_id["O21"]["evidence"][0]
    assert o21["url"].endswith("o21-procurement-plan_2022.pdf") and o21["period_source"] == "url"
    assert o21["years"] == [2565]
    assert [e["period_source"] for e in by_id["O23"]["evidence"]] == ["context"] * 6
    assert set(data["indicators"]) == {"9", "10"} and isinstance(data["oit_score"], (int, float))


def test_oit_2566_json_shape_on_the_saved_page(capsys) -> None:
    assert cli.main(["oit", "--fiscal-year", "2566", "--disclosure", str(PAGE),
                     "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["items"]) == 43
    for item in data["items"]:
        assert {"item", "name", "verdict", "score", "evidence", "reasons"} <= set(item)
        for ev in item["evidence"]:
            assert ev["url"] is None or ev["url"].startswith("https://")


# --- where a year comes from, in the reasons ---------------------------------------------

def _period_reason(tmp_path: Path, body: str, item: str, year: int = 2566) -> tuple[str, str]:
    index = load_disclosure(_write(tmp_path, body))
    result = next(r for r in audit_oit(index, load_criteria(year), agency="x").items
                  if r.item.id == item)
    check = next(c for c in result.checks if c.rule.startswith("period:"))
    return check.status, check.reason


def test_a_year_read_only_from_the_url_says_so(tmp_path: Path) -> None:
    # 2566 O36 (anti-corruption plan, plan_covering) with the year only in the file name.
    status, reason = _period_reason(
        tmp_path, "<ul><li>O36 แผน<ul><li><a href='https://a.go.th/plan_2566.pdf'>แผนปฏิบัติการ"
        "ป้องกันการทุจริต</a></li></ul></li></ul>", "O36")
    assert status == "pass"
    assert reason.endswith("(ปีอ่านจาก URL ซึ่งเป็นหลักฐานที่อ่อนกว่าชื่อเอกสาร)")
    # A Gregorian year is January-December: on the fiscal basis it does not cover 2566.
    status, reason = _period_reason(
        tmp_path, "<ul><li>O36 แผน<ul><li><a href='https://a.go.th/plan_2023.pdf'>แผนปฏิบัติการ"
        "ป้องกันการทุจริต</a></li></ul></li></ul>", "O36")
    assert status == "review" and reason.startswith("ไม่ผ่านเมื่อนับปีแบบงบประมาณ")
    status, reason = _period_reason(
        tmp_path, "<ul><li>O36 แผน<ul><li><a href='https://a.go.th/plan_2019.pdf'>แผนปฏิบัติการ"
        "ป้องกันการทุจริต</a></li></ul></li></ul>", "O36")
    assert status == "fail"
    assert reason == "ต้องเป็นแผนที่ครอบคลุมปี 2566 แต่เอกสารระบุ '2019' (จาก URL)"


def test_a_title_year_wins_over_a_different_url_year(tmp_path: Path) -> None:
    status, reason = _period_reason(
        tmp_path, "<ul><li>O36 แผน<ul><li><a href='https://a.go.th/plan_2021.pdf'>แผนปฏิบัติการ"
        "ป้องกันการทุจริต ประจำปี 2566</a></li></ul></li></ul>", "O36")
    assert status == "pass"
    assert reason == ("'แผนปฏิบัติการป้องกันการทุจริต ประจำปี 2566' (บรรทัด 1) มีระยะเวลา 'ปี 2566' "
                      "ครอบคลุมปี 2566 (URL ระบุ '2021' ซึ่งไม่ตรงกับปีในชื่อเอกสาร "
                      "จึงใช้ปีตามชื่อเอกสาร)")
    status, reason = _period_reason(
        tmp_path, "<ul><li>O36 แผน<ul><li><a href='https://a.go.th/plan_2023.pdf'>แผนปฏิบัติการ"
        "ป้องกันการทุจริต ประจำปี 2566</a></li></ul></li></ul>", "O36")
    assert status == "pass" and "URL" not in reason          # 2023 is 2566: no disagreement


def test_a_year_from_the_heading_context_says_so(tmp_path: Path) -> None:
    months = "".join(f"<li><a href='https://a.go.th/{m}.pdf'>{m}</a></li>"
                     for m in ("ตุลาคม", "พฤศจิกายน", "ธันวาคม", "มกราคม", "กุมภาพันธ์", "มีนาคม"))
    status, reason = _period_reason(tmp_path, f"<h3>O21 สรุปผล</h3>\n<p>ปี 2566</p><ul>{months}</ul>",
                                    "O21")
    assert status == "pass"
    assert reason == ("มีข้อมูลรายเดือนครบ 6 เดือน (ต.ค. 65–มี.ค. 66); ปีอ่านจากหัวข้อย่อย 'ปี 2566'; "
                      "นับปีแบบงบประมาณตาม year_basis (ต.ค. 65–มี.ค. 66) ถ้านับแบบปฏิทิน "
                      "ต้องครอบคลุม ม.ค. 66–มิ.ย. 66 ซึ่งชื่อเอกสารไม่ครอบคลุม")


# --- never anything but InputError ------------------------------------------------------

_TOKENS = ["<", ">", "</", "/>", "<!--", "-->", "<![", "<![CDATA[", "]]>", "<!doctype html>", "<?",
           "html", "body", "table", "tr", "td", "th", "ul", "li", "dl", "dt", "p", "div", "h3", "a",
           "br", "script", "style", "nav", "base", " href=", "'", '"', "=", " ", "\n", "O1", "o๒",
           "OIT 3", "01", "1.", "ปี 2565", "ตุลาคม", "&nbsp;", "&amp;", "&#", "javascript:",
           "http://x.go.th/a_2022.pdf", "../a b.pdf", "#", "<meta charset=", "windows-874",
           "<html>", "</html>", "<table>", "</table>", "<tr><td>O2</td><td>", "<li>", "<a href=x>"]
_MARKUP = st.lists(st.one_of(st.sampled_from(_TOKENS), st.text(max_size=4)), max_size=50).map("".join)


@pytest.mark.slow
@settings(max_examples=900, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MARKUP, st.sampled_from([None, BASE]))
def test_parse_html_raises_only_input_errors(text: str, base: str | None) -> None:
    try:
        index = parse_html(text, "page.html", base_url=base)
    except InputError:
        return
    assert index.format == "html" and index.heading_lines
    assert all(d.url is None or d.url.startswith(("http://", "https://")) for d in index.documents)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=200), _MARKUP.map(lambda t: ("<html>" + t).encode("utf-8"))))
def test_load_disclosure_on_any_html_bytes_raises_only_input_errors(tmp_path_factory, data) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "page.html"
    path.write_bytes(b"<!doctype html>" + data)
    try:
        load_disclosure(path)
    except InputError:
        pass


def test_detection_is_linear_in_leading_comments_and_bare_labels(tmp_path):
    """Review: the start-of-page regex backtracked exponentially over comments, and the
    bare-label lookahead was quadratic in the number of siblings."""
    import time

    from ita_audit.oit.import_html import looks_like_html

    assert looks_like_html("<!-- c -->" * 60 + "<table>")
    assert not looks_like_html("<!-- c -->" * 60 + "x")
    page = tmp_path / "many.html"
    rows = "".join(f"<p>{n}. รายการ</p>" for n in range(1, 30001))
    page.write_text(f"<html><body><h3>O1 โครงสร้าง</h3>{rows}</body></html>", encoding="utf-8")
    start = time.perf_counter()
    load_disclosure(page)
    assert time.perf_counter() - start < 30      # about 1 s; quadratic took minutes
