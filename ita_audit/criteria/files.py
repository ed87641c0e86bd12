"""Where criteria files live and how one year's file is loaded (``data/criteria/ita-<year>.yaml``).

The criteria file declares the indicators and sub-indicators, the items (O1…On) with their
requirement bullets, required elements, period rule and exceptions, and the aggregation, grade
bands and pass labels. Everything is validated on load (:mod:`ita_audit.criteria.schema`); any
problem raises a :class:`~ita_audit.errors.CriteriaError` naming the file, the key path (or
line) and the fix.
"""
from __future__ import annotations

import hashlib
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from ita_audit.criteria.model import Criteria
from ita_audit.criteria.schema import CriteriaValidator
from ita_audit.errors import CriteriaError
from ita_audit.thai import fiscal_year_problem
from ita_audit.util.paths import PACKAGE_DIR, relative
from ita_audit.util.sources import decode_utf8, load_yaml

#: Default criteria folder, next to the package; ``ITA_AUDIT_CRITERIA_DIR`` overrides it.
CRITERIA_DIR: Path = PACKAGE_DIR.parent / "data" / "criteria"
CRITERIA_DIR_ENV = "ITA_AUDIT_CRITERIA_DIR"

_FILE_NAME = re.compile(r"^ita-([0-9]{4})\.yaml\Z")


# ── locating and loading ─────────────────────────────────────────────────────────────────────

#: What the criteria text is called in messages about it given in the wrong place.
CRITERIA_TEXT = "the ITA OIT criteria text"


def looks_like_criteria_text(text: str) -> bool:
    """True for the NACC's criteria text (``data/raw/ita-2566-oit-criteria.txt``): item after
    item of required elements ("อย่างน้อยประกอบด้วย") in ㆍ bullets, or its table header."""
    return ("ข้อข้อมูลการเชื่อมโยงคำอธิบาย" in text
            or (text.count("อย่างน้อยประกอบด้วย") >= 3 and text.count("ㆍ") >= 3))


def criteria_file(fiscal_year: int, criteria_dir: Path | None = None) -> Path:
    """Where the criteria of one fiscal year live (``<folder>/ita-<year>.yaml``)."""
    return criteria_folder(criteria_dir) / f"ita-{int(fiscal_year)}.yaml"


def criteria_folder(folder: Path | None = None) -> Path:
    """The folder to use: the argument, else ``$ITA_AUDIT_CRITERIA_DIR``, else the default."""
    if folder is not None:
        return Path(folder)
    override = os.environ.get(CRITERIA_DIR_ENV)
    return Path(override) if override else CRITERIA_DIR


def available_years(criteria_dir: Path | None = None) -> list[int]:
    """Fiscal years that have a criteria file (``ita-<year>.yaml``), ascending."""
    folder = criteria_folder(criteria_dir)
    if not folder.is_dir():
        return []
    years = (_FILE_NAME.match(p.name) for p in folder.iterdir() if p.is_file())
    return sorted(int(m.group(1)) for m in years if m)


def load_criteria(fiscal_year: int, criteria_dir: Path | None = None) -> Criteria:
    """Load and validate the criteria of one fiscal year (BE), e.g. ``load_criteria(2566)``."""
    if isinstance(fiscal_year, bool) or not isinstance(fiscal_year, int):
        raise CriteriaError(None, f"fiscal year must be an int such as 2566, got {fiscal_year!r}")
    folder = criteria_folder(criteria_dir)
    path = criteria_file(fiscal_year, folder)
    if not path.is_file():
        years = ", ".join(map(str, available_years(folder))) or "none"
        problem = fiscal_year_problem(fiscal_year)
        if problem is not None:                          # 2023 for 2566: not a BE year
            message, fix = problem
            raise CriteriaError(relative(path), f"no criteria for fiscal year {fiscal_year}: "
                                f"{message} (available: {years})", fix=fix)
        raise CriteriaError(relative(path), f"no criteria for fiscal year {fiscal_year} in the "
                            f"project (available: {years})",
                            fix=f"scaffold it with 'ita-audit criteria new --year {fiscal_year} "
                            f"--from {_nearest(fiscal_year, folder)}', fill it in from the NACC "
                            "manual of that year (docs/criteria.md) and check it with "
                            f"'ita-audit criteria check {relative(path)}'")
    criteria = load_criteria_file(path)
    if criteria.fiscal_year != fiscal_year:
        raise CriteriaError(relative(path), f"declares {criteria.fiscal_year} but the file name "
                            f"says {fiscal_year}", where="fiscal_year",
                            fix="make fiscal_year match the file name")
    return criteria


def _nearest(fiscal_year: int, folder: Path) -> int | str:
    """The available year closest to ``fiscal_year`` (the later one on a tie), to scaffold
    from; ``X`` when there is none."""
    years = available_years(folder)
    return min(years, key=lambda y: (abs(y - fiscal_year), -y)) if years else "X"


def letter_grades(fiscal_year: int) -> tuple[tuple[str, float], ...]:
    """The year's letter-grade bands, best first (AA 95 … F 0); none for a year of verbal
    ratings (from 2568) or one the project has no criteria for."""
    try:
        return load_criteria(int(fiscal_year)).grades
    except CriteriaError:
        return ()


def load_criteria_file(path: Path) -> Criteria:
    """Load and validate one criteria file."""
    path = Path(path)
    shown = relative(path)
    if not path.is_file():
        raise CriteriaError(shown, "file not found", fix="check the path")
    data = path.read_bytes()
    return _validated(data, hashlib.sha256(data).hexdigest(), path.resolve(), shown)


@lru_cache(maxsize=64)
def _validated(data: bytes, sha256: str, path: Path, shown: str) -> Criteria:
    """The validated criteria of these bytes at this path. Memoised on the bytes themselves
    (``Criteria`` is immutable), so an edited file is parsed again and an unchanged one, asked
    for by every agency of a batch, is parsed once per process."""
    document = _parse_yaml(decode_utf8(data, shown, CriteriaError), shown)
    return CriteriaValidator(shown).criteria(document, path, sha256)


def _parse_yaml(text: str, shown: str) -> Any:
    """Parse YAML safely, rejecting duplicate keys; a syntax error names its line and column."""
    return load_yaml(text, shown, error=CriteriaError)
