"""Synthetic agencies (ita_audit.oit.synthetic): the engine must find exactly the injected defects.

Also: generation is deterministic, the workspace is usable by the params loader, agency ids
are safe slugs, and the engine's shortcuts (pattern hints, the period memo keyed on a title's
tail) give the same periods as running every pattern over the whole text.
"""
from __future__ import annotations

import dataclasses
import importlib.util
import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest
from pythainlp.util import thai_digit_to_arabic_digit

from ita_audit import thai
from ita_audit.cli import build_parser, main
from ita_audit.criteria.files import load_criteria
from ita_audit.oit.audit import run_oit_audit
from ita_audit.oit.engine import audit_oit
from ita_audit.oit.load import load_disclosure
from ita_audit.oit.synthetic import DEFECT_KINDS, VARIANT_KINDS, generate, write_workspace
from ita_audit.run.params import load_params
from ita_audit.util.paths import check_agency

N = 500
SEED = 2566


@pytest.fixture(scope="module")
def criteria():
    return load_criteria(2566)


@pytest.fixture(scope="module")
def agencies(criteria):
    return generate(N, fiscal_year=2566, seed=SEED, criteria=criteria)


def _verdicts(index, criteria, agency: str) -> dict[str, str]:
    audit = audit_oit(index, criteria, agency=agency, year_basis="fiscal")
    return {r.item.id: r.automated_verdict for r in audit.items}


def _differences(agency, got: dict[str, str], urls: bool = False) -> list[str]:
    expected = agency.expected_verdicts(urls=urls)
    assert set(got) == set(expected)
    return [f"{agency.agency} {item}: expected {want}, engine {got[item]} "
            f"({[d.kind for d in agency.defects if d.item == item] or 'clean'})"
            for item, want in expected.items() if got[item] != want]


@pytest.mark.slow
def test_engine_finds_exactly_the_injected_defects(agencies, criteria) -> None:
    """No miss and no false alarm: every item of every agency gets the recorded verdict."""
    wrong: list[str] = []
    for agency in agencies:
        index = agency.parse(valid_items=criteria.item_ids())
        assert index.warnings == [], (agency.agency, index.warnings)
        wrong += _differences(agency, _verdicts(index, criteria, agency.agency))
    assert not wrong, f"{len(wrong)} differing verdicts, e.g. {wrong[:5]}"


def test_every_defect_and_variant_kind_occurs_many_times(agencies) -> None:
    defects = Counter(d.kind for a in agencies for d in a.defects)
    variants = Counter(v.kind for a in agencies for v in a.variants)
    # the 2566 criteria have no merged items with parts and no data-file rule (tests/test_years.py)
    assert set(defects) == set(DEFECT_KINDS) - {"missing_part", "no_data_file"}
    assert set(variants) == set(VARIANT_KINDS)
    for kind in ("missing_item", "empty_item", "wrong_year", "wrong_kind"):
        assert defects[kind] >= 200, defects
    for kind in ("missing_months", "old_and_undated", "ce_year"):
        assert defects[kind] >= 30, defects
    assert min(variants["thai_digits"], variants["item_id_variant"]) >= 500, variants
    assert variants["grouped_heading"] >= 100, variants
    expected = Counter((d.kind, d.expected) for a in agencies for d in a.defects)
    in_force = Counter(d.expected for a in agencies for d in a.defects
                       if d.kind == "wrong_year" and "(in_force)" in d.detail)
    assert in_force["review"] >= 5          # an in_force rule issued in an earlier year
    assert in_force["fail"] >= 5            # a later year, or a term that ended before the year
    assert expected[("wrong_year", "fail")] >= 200
    clean = [a for a in agencies if not a.defects]
    assert len(clean) >= 5                                  # agencies where every item passes
    assert all(set(a.expected_verdicts().values()) == {"pass", "review"}
               and [i for i, v in a.expected_verdicts().items() if v == "review"] == ["O40"]
               for a in clean)                     # O40's criteria give nothing to check


def test_spelling_variants_are_what_the_importer_accepts(agencies) -> None:
    tokens = Counter(v.detail for a in agencies for v in a.variants if v.kind == "item_id_variant")
    spellings = {re.sub(r"[0-9๐-๙]+", "N", token) for token in tokens}
    assert {"ON", "OIT N", "O N", "OITN"} <= spellings
    assert any(re.search("[๐-๙]", token) for token in tokens)
    thai_items = [(a, v.item) for a in agencies for v in a.variants
                  if v.kind == "thai_digits" and v.item not in a.shared]
    a, item = thai_items[0]
    titles = [d.title for d in a.documents() if d.item == item]
    assert any(re.search("[๐-๙]", t) for t in titles) and not any(re.search("[0-9]", t)
                                                                     for t in titles)


def test_direct_documents_equal_the_parsed_ones(agencies, criteria) -> None:
    for agency in agencies[:200]:
        parsed = agency.parse(valid_items=criteria.item_ids())
        built = agency.index()
        assert built.documents == parsed.documents, agency.agency
        assert built.heading_lines == parsed.heading_lines
        assert built.labels == parsed.labels


@pytest.mark.slow
def test_tsv_with_urls_gives_the_same_verdicts(agencies, criteria, tmp_path) -> None:
    """The TSV rendering carries http(s) URLs (some with the title's year): same verdicts."""
    subset = agencies[:120]
    out = write_workspace(subset, tmp_path, fmt="tsv")
    wrong = []
    for agency in subset:
        index = load_disclosure(out / "raw" / f"{agency.agency}.tsv",
                                valid_items=criteria.item_ids())
        assert index.format == "tsv" and index.warnings == []
        urls = [d.url for d in index.documents if d.title]
        assert urls and all(u and re.match(r"https?://", u) for u in urls)
        wrong += _differences(agency, _verdicts(index, criteria, agency.agency), urls=True)
        assert _verdicts(agency.index(urls=True), criteria, agency.agency) == \
            _verdicts(index, criteria, agency.agency)
    assert not wrong, wrong[:5]
    # defects.json of the TSV workspace says the verdicts with the URLs
    entries = json.loads((out / "defects.json").read_text(encoding="utf-8"))["agencies"]
    settled = 0
    for agency, entry in zip(subset, entries, strict=True):
        with_urls = agency.expected_verdicts(urls=True)
        assert entry["expected_not_pass"] == {i: v for i, v in with_urls.items() if v != "pass"}
        settled += with_urls != agency.expected_verdicts()
    assert settled > 0                      # some verdicts differ without the URLs


def test_generation_is_deterministic(criteria) -> None:
    first = generate(25, seed=7, criteria=criteria)
    again = generate(25, seed=7, criteria=criteria)
    assert [a.text for a in first] == [a.text for a in again]
    assert [a.defects for a in first] == [a.defects for a in again]
    assert [a.variants for a in first] == [a.variants for a in again]
    assert [a.text for a in generate(5, seed=7, criteria=criteria)] == [a.text for a in first[:5]]
    other = generate(25, seed=8, criteria=criteria)
    assert [a.text for a in other] != [a.text for a in first]


def test_agency_ids_are_safe_unique_slugs(agencies) -> None:
    ids = [a.agency for a in agencies]
    assert len(set(ids)) == len(ids)
    for agency_id in ids:
        assert re.fullmatch(r"syn-[0-9]{4}", agency_id)
        assert check_agency(agency_id) == agency_id
    assert all(re.search("[ก-๙]", a.agency_name) for a in agencies)
    assert len({a.agency_name for a in agencies}) > N // 2


def test_write_workspace(agencies, criteria, tmp_path) -> None:
    subset = agencies[:30]
    out = write_workspace(subset, tmp_path / "ws")
    data = json.loads((out / "defects.json").read_text(encoding="utf-8"))
    assert [a["agency"] for a in data["agencies"]] == [a.agency for a in subset]
    assert len(data["defects"]) == sum(len(a.defects) for a in subset)
    assert "ไม่มีหัวข้อ" in (out / "defects.json").read_text(encoding="utf-8")  # not \\u escapes
    for agency in subset:
        raw = out / "raw" / f"{agency.agency}.txt"
        assert raw.read_text(encoding="utf-8") == agency.text
        params = load_params(out / "params" / "2566" / f"{agency.agency}.yaml")
        assert (params.agency, params.fiscal_year, params.year_basis) == (agency.agency, 2566,
                                                                           "fiscal")
        assert params.agency_name == agency.agency_name
        assert params.notebooks == ("oit_audit",)
        assert Path(params.inputs["disclosure"]).is_absolute()
        assert params.input_path("disclosure") == raw
    first = subset[0]
    params = load_params(out / "params" / "2566" / f"{first.agency}.yaml")
    audit = run_oit_audit(params.inputs["disclosure"], params.fiscal_year, agency=params.agency,
                          year_basis=params.year_basis)
    assert {r.item.id: r.automated_verdict for r in audit.items} == first.expected_verdicts()


def test_command_line_writes_a_workspace(tmp_path, capsys) -> None:
    assert main(["synthetic", "--n", "3", "--out", str(tmp_path), "--seed", "1"]) == 0
    assert sorted(p.name for p in (tmp_path / "raw").iterdir()) == [
        "syn-0001.txt", "syn-0002.txt", "syn-0003.txt"]
    assert (tmp_path / "params" / "2566" / "syn-0003.yaml").is_file()
    assert "3 agencies" in capsys.readouterr().out
    args = build_parser().parse_args(["synthetic", "--n", "2", "--out", "x", "--fiscal-year",
                                      "2565"])
    assert (args.n, args.fiscal_year, args.seed) == (2, 2565, 0)


def test_an_area_number_is_not_a_day() -> None:
    """Found by the generator: "สพป.ขอนแก่น เขต 1 เดือน ต.ค. 2565" is October 2565; the area
    number was read as the day (1 October), so a monthly item was never covered."""
    for text in ("สรุปผลการจัดซื้อจัดจ้าง สพป.ขอนแก่น เขต 1 เดือน ต.ค. 2565",
                 "สรุปผลการจัดซื้อจัดจ้าง สพป.ขอนแก่น เขต ๑ เดือน ต.ค. ๒๕๖๕"):
        (period,) = thai.extract_periods(text)
        assert period.kind == "month" and period.year == 2565
        assert (period.start.isoformat(), period.end.isoformat()) == ("2022-10-01", "2022-10-31")
    assert thai.parse_thai_date("เขต 1 ต.ค. 2565") is None
    assert thai.parse_thai_date("วันที่ 1 ต.ค. 2565").isoformat() == "2022-10-01"


def _plain_periods(text: str, source: str = "title") -> list[thai.Period]:
    """extract_periods without shortcuts: every pattern over the whole text, no memo."""
    if not isinstance(text, str) or not thai._PERIOD_HINT_RE.search(text):
        return []
    norm = thai_digit_to_arabic_digit(text)
    hits = thai._resolve([hit for matcher in thai._MATCHERS for hit in matcher(norm)])
    hits = thai._attach_years(thai._join_date_ranges(hits, norm))
    return [dataclasses.replace(h.period, text=text[h.start:h.end], source=source) for h in hits]


_FRAGMENTS = (
    "ต.ค.", "ต. ค.", "ตค", "มี.ค.", "ก.พ.", "มกราคม", "ธันวาคม", "กุมภาพันธ์", "พฤศจิกายน",
    "พ.ศ.", "พ.ศ. ", "ปี", "ปีงบประมาณ", "ปีงบฯ", "ณ", "วันที่", "สิ้น", "ถึง", "-", "–", "~",
    " ", "  ", "\u00a0", "6", "65", "66", "2565", "2566", "๒๕๖๖", "๖๕", "2022", "1", "31",
    "ไตรมาส", "ไตรมาสที่", "และ", ",", "รอบ", "เดือน", "แรก", "ครึ่งปี", "หลัง", "เขต", "%",
    ".", "/", "(", ")", "แผน", "ม", "น", "ค", "พ", "ย", "์", "เดือนต.ค.", "แต่", "อ.ก.พ.",
    "12", "2570", "1/2566", "ก.ย.", "ส.ค.65", "ลงวันที่", "สำนักงานเขตพื้นที่การศึกษา", "ประจำปี",
    # what _tail makes of the text before a period: another letter or character, a name
    "ฮ", "x", "ก", "ท", "ั", "Q", "จังหวัดขอนแก่น", "เทศบาลเมือง",
    # what a month without its year looks at around it
    "ประจำเดือน", "รายเดือน", "มีนาคม", "ตุลาคม", "ก.พ.", "กำหนด", "ประมาณ", "9", "ตั้งแต่", "ล", "ะ")


@pytest.mark.slow
def test_period_shortcuts_match_the_plain_algorithm(agencies) -> None:
    """Hints, start positions and the tail memo never change what extract_periods returns."""
    thai.clear_caches()
    texts = {text for a in agencies[:200] for d in a.documents(urls=True)
             for text in (d.title, d.context, d.url or "")}
    rng = random.Random(0)
    texts |= {"".join(rng.choice(_FRAGMENTS) for _ in range(rng.randint(1, 14)))
              for _ in range(15_000)}
    for text in sorted(texts):
        for source in ("title", "url"):
            assert thai.extract_periods(text, source) == _plain_periods(text, source), text
        assert thai.to_arabic_digits(text) == thai_digit_to_arabic_digit(text)
    assert thai._tail_periods.cache_info().hits > 0       # the memo was exercised


@pytest.mark.slow     # runs the engine benchmark (2 s)
def test_engine_benchmark_reports_its_split(capsys) -> None:
    """benchmarks/engine.py runs, finds exactly the injected defects, and its memo-resident
    pass meets no title it has to read again (else ``resident_ms`` would not be the engine's
    cost without reading titles)."""
    spec = importlib.util.spec_from_file_location(
        "engine_bench", Path(__file__).resolve().parents[1] / "benchmarks" / "engine.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main(["--n", "12", "--workers", "1", "--no-freeze"]) == 0
    out = capsys.readouterr().out.strip().split("\n")
    assert any("(0 misses)" in line and "x 12 again" in line for line in out)
    result = dict(pair.split("=") for pair in out[-1].split()[1:])
    assert out[-1].startswith("RESULT ") and result["agencies"] == "12"
    assert result["mismatches"] == "0" and result["gc_freeze"] == "no"
    resident, new = float(result["resident_ms"]), float(result["new_titles_ms"])
    assert resident > 0 and resident + new == pytest.approx(float(result["per_agency_ms"]),
                                                            abs=0.002)
