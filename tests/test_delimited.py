"""Delimited text read record by record (ita_audit.util.delimited), which the disclosure-index
and procurement readers share."""
from __future__ import annotations

import csv

import pytest
from conftest import csv_field_limit

from ita_audit.errors import InputError
from ita_audit.oit.load import load_disclosure
from ita_audit.util.delimited import FIELD_LIMIT, format_name, numbered_records


def test_records_carry_the_line_they_begin_on():
    text = 'a,b\r\n"two\nlines",c\rlast,"x\r\ny"\n'
    assert list(numbered_records("t.csv", text, ",")) == [
        (1, ["a", "b"]), (2, ["two\nlines", "c"]), (4, ["last", "x\r\ny"])]


def test_tabs_and_an_empty_text():
    assert list(numbered_records(None, "ก\tข\n\nค\n", "\t")) == [(1, ["ก", "ข"]), (2, []),
                                                                 (3, ["ค"])]
    assert list(numbered_records(None, "", "\t")) == []
    assert (format_name("\t"), format_name(",")) == ("TSV", "CSV")


def test_the_limit_is_raised_for_every_reader():
    assert csv.field_size_limit() >= FIELD_LIMIT == 1_000_000


@pytest.mark.parametrize("separator, name", [(",", "CSV"), ("\t", "TSV")])
def test_a_cell_over_the_limit_names_the_file_line_and_limit(separator, name):
    text = f"a{separator}b\nok{separator}fine\n\"" + "ก" * 50 + "\n"
    with csv_field_limit(20), pytest.raises(InputError) as caught:
        list(numbered_records("index.csv", text, separator))
    assert str(caught.value) == (f"index.csv:line 3: malformed {name} record: field larger than "
                                 "field limit (20) (fix: close the quotes; keep each cell under "
                                 "20 characters)")


def test_a_disclosure_index_with_a_cell_over_the_limit_is_an_input_error(tmp_path):
    path = tmp_path / "index.tsv"
    path.write_text("item\ttitle\turl\nO1\t" + "ก" * 300 + "\thttps://a.example/x\n",
                    encoding="utf-8")
    with csv_field_limit(100), pytest.raises(InputError) as caught:
        load_disclosure(path)
    assert str(caught.value).startswith(f"{path}:line 2: malformed TSV record: field larger")
    assert str(caught.value).endswith("keep each cell under 100 characters)")
