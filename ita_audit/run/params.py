"""Parameters of one agency-year audit (``params/<year>/<agency>.yaml``), validated up front.

A params file names the agency and the fiscal year, the notebooks to run and, for each, the
document it audits (the kind's input key in :data:`ita_audit.kinds.KINDS`) and the kind's
options; every problem is an :class:`~ita_audit.errors.InputError` naming the key.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ita_audit.errors import InputError
from ita_audit.kinds import BY_NOTEBOOK, KINDS, NOTEBOOKS, for_notebooks
from ita_audit.thai import BASES, fiscal_year_problem, to_arabic_digits
from ita_audit.util.paths import check_agency, relative, repo_root, resolve
from ita_audit.util.sources import load_yaml
from ita_audit.util.text import one_line

_GENERAL_KEYS = ("agency", "agency_name", "fiscal_year", "year_basis", "notebooks")
_REQUIRED = ("agency", "fiscal_year")
_EXAMPLE = "see params/2566/sso.yaml"


def allowed_keys() -> tuple[str, ...]:
    """Every key a params file may hold: the general ones, each kind's input and options."""
    keys = list(_GENERAL_KEYS)
    for kind in KINDS:
        keys += [kind.input_key, *(option.key for option in kind.options)]
    return tuple(dict.fromkeys(keys))


@dataclass(frozen=True)
class AuditParams:
    """One agency-year: who, which year, which notebooks, their inputs and options."""

    path: Path
    agency: str
    fiscal_year: int
    agency_name: str = ""
    year_basis: str = "fiscal"
    notebooks: tuple[str, ...] = ("oit_audit",)
    inputs: Mapping[str, str] = field(default_factory=dict)    # input key -> path as written
    options: Mapping[str, Any] = field(default_factory=dict)   # option key -> checked value

    def input_path(self, key: str) -> Path:
        """The file of an input key (a repo-relative path is relative to the repository)."""
        return resolve(self.inputs[key])

    def notebook_parameters(self, notebook: str) -> dict[str, Any]:
        """The papermill parameters of one notebook (paths stay as written, repo-relative, so
        records are portable)."""
        common = {"agency": self.agency, "agency_name": self.agency_name,
                  "fiscal_year": self.fiscal_year}
        specific = BY_NOTEBOOK[notebook].parameters(self)
        return {**common, **specific, "params_file": relative(self.path)}


def load_params(path: str | Path) -> AuditParams:
    """Read and validate a params file; every problem is an InputError naming the key."""
    path = Path(path)
    if path.is_dir():
        raise InputError(path, "is a folder, not a params file", fix="run every params file "
                         f"under it with 'ita-audit batch {path}', or pass one "
                         "params/<year>/<agency>.yaml")
    if not path.is_file():
        raise InputError(path, "params file not found", fix="pass params/<year>/<agency>.yaml")
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"), path)
    except UnicodeDecodeError:
        raise InputError(path, "params file is not UTF-8", fix="save it as UTF-8") from None
    if not isinstance(raw, dict):
        raise InputError(path, "params file must be a YAML mapping", fix=_EXAMPLE)
    keys = allowed_keys()
    unknown = sorted(str(key) for key in set(raw) - set(keys))
    if unknown:
        raise InputError(path, f"unknown key {unknown[0]!r}", where=unknown[0],
                         fix=f"allowed keys: {', '.join(sorted(keys))}")
    for key in _REQUIRED:
        if key not in raw:
            raise InputError(path, f"missing key {key!r}", where=key, fix=_EXAMPLE)
    agency = check_agency(raw["agency"], path)
    fiscal_year = _fiscal_year(raw["fiscal_year"], path)
    year_basis = raw.get("year_basis", "fiscal")
    if year_basis not in BASES:
        raise InputError(path, f"year_basis {year_basis!r} is unknown", where="year_basis",
                         fix="use fiscal or calendar")
    notebooks = _notebooks(raw, path)
    listed = {kind.name for kind in for_notebooks(notebooks)}
    inputs = {kind.input_key: _input(raw, path, kind.input_key, kind.name in listed)
              for kind in KINDS}
    options = {option.key: option.read(raw.get(option.key), path, kind.name in listed)
               for kind in KINDS for option in kind.options}
    return AuditParams(path=path, agency=agency, fiscal_year=fiscal_year,
                       agency_name=_agency_name(raw.get("agency_name"), path),
                       year_basis=year_basis,
                       notebooks=notebooks,
                       inputs=MappingProxyType({k: v for k, v in inputs.items() if v}),
                       options=MappingProxyType(options))


AGENCY_NAME_CHARS = 300          # the longest Thai agency names are about 120 characters


def _agency_name(value: Any, path: Path) -> str:
    """``agency_name``: text on one line (absent or empty: none), at most
    :data:`AGENCY_NAME_CHARS` characters."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(path, f"agency_name must be text, not {type(value).__name__} "
                         f"{str(value)[:40]!r}", where="agency_name",
                         fix="write the agency's name, e.g. agency_name: สำนักงานประกันสังคม")
    name = one_line(value)
    if len(name) > AGENCY_NAME_CHARS:
        raise InputError(path, f"agency_name is {len(name):,} characters long, over "
                         f"{AGENCY_NAME_CHARS}", where="agency_name",
                         fix="write the agency's name only")
    return name


def _fiscal_year(value: Any, path: Path) -> int:
    """``fiscal_year``: a Buddhist-Era year, written with Arabic or Thai digits."""
    digits = to_arabic_digits(value.strip()) if isinstance(value, str) else ""
    if digits.isascii() and digits.isdigit():
        value = int(digits)
    if not isinstance(value, int) or isinstance(value, bool):
        raise InputError(path, f"fiscal_year {value!r} is not a Buddhist-Era year",
                         where="fiscal_year", fix="write e.g. fiscal_year: 2566")
    problem = fiscal_year_problem(value)
    if problem is not None:
        raise InputError(path, f"fiscal_year {problem[0]}", where="fiscal_year", fix=problem[1])
    return value


def _notebooks(raw: dict[str, Any], path: Path) -> tuple[str, ...]:
    """``notebooks``: names from :data:`ita_audit.kinds.NOTEBOOKS`; by default the notebook of
    every kind whose input key is given (the OIT audit when none is)."""
    default = [kind.notebook for kind in KINDS if kind.input_key in raw] or [KINDS[0].notebook]
    notebooks = raw.get("notebooks") or default
    if isinstance(notebooks, str):
        notebooks = [notebooks]
    if not isinstance(notebooks, list):
        raise InputError(path, f"notebooks must be a list of names, not {notebooks!r}",
                         where="notebooks", fix=f"write notebooks: [{', '.join(NOTEBOOKS)}]")
    for name in notebooks:
        if name not in NOTEBOOKS:
            raise InputError(path, f"unknown notebook {name!r}", where="notebooks",
                             fix=f"use one of {', '.join(NOTEBOOKS)}")
    return tuple(notebooks)


def _input(raw: dict[str, Any], path: Path, key: str, needed: bool) -> str:
    """The path an input key names, checked to exist; ``""`` when absent and not needed."""
    if needed and key not in raw:
        raise InputError(path, f"missing key {key!r} (needed by the notebooks listed)",
                         where=key, fix="see the examples under params/")
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str) or not value:
        raise InputError(path, f"{key} must be a file path, not {value!r}", where=key,
                         fix="give a path relative to the repository root")
    if not resolve(value).is_file():
        raise InputError(path, f"{key} file {value!r} not found", where=key,
                         fix=f"give a path relative to the repository root ({repo_root().name}/)")
    return value
