"""Agency ids are safe slugs: never path fragments, never smuggled whitespace."""
from __future__ import annotations

import pytest

from ita_audit.errors import InputError
from ita_audit.util.paths import check_agency, record_dir


@pytest.mark.parametrize("agency", ["sso", "msdhs-ops", "a", "a1-b2"])
def test_safe_slugs_are_accepted(agency: str) -> None:
    assert check_agency(agency) == agency


@pytest.mark.parametrize("agency", ["../etc", "sso/x", "SSO", "sso\n", "sso ", "-sso", "sso-",
                                    "", ".", "สปส", "a" * 65, "sso\x00"])
def test_unsafe_ids_are_rejected(agency: str) -> None:
    with pytest.raises(InputError, match="not a safe slug"):
        check_agency(agency)


def test_record_dir_is_year_then_agency(tmp_path) -> None:
    assert record_dir(2566, "sso", tmp_path) == tmp_path / "2566" / "sso"
