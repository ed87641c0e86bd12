"""Shared fixtures: the real seed copies in data/raw and the repository root."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
SSO_INDEX = RAW / "sso-oit-disclosure-index-2566.txt"


@pytest.fixture(scope="session")
def sso_index_path() -> Path:
    return SSO_INDEX


@pytest.fixture()
def sso_copy(tmp_path: Path) -> Path:
    """A writable copy of the SSO 2566 disclosure index."""
    copy = tmp_path / "sso-index.txt"
    copy.write_bytes(SSO_INDEX.read_bytes())
    return copy
