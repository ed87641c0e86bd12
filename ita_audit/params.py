"""Parameters of one agency-year audit (``params/<year>/<agency>.yaml``), validated up front."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .sources import load_yaml
from .paths import check_agency, repo_root, resolve

# Each notebook and the input key it needs in the params file.
NOTEBOOK_INPUTS = {"oit_audit": "disclosure", "hr_audit": "hr_report",
                   "integrity_plan": "plan_report", "policy_document": "policy_document"}
NOTEBOOKS = tuple(NOTEBOOK_INPUTS)
_INPUT_KEYS = ("disclosure", "hr_report", "plan_report", "policy_document")
_KEYS = {"agency", "agency_name", "fiscal_year", *_INPUT_KEYS, "policy_items", "year_basis",
         "base_url", "notebooks", "overrides"}
_REQUIRED = ("agency", "fiscal_year")


@dataclass(frozen=True)
class AuditParams:
    """One agency-year: who, which year, which inputs, and the auditor's overrides."""

    path: Path
    agency: str
    fiscal_year: int
    disclosure: str = ""                  # repo-relative (or absolute) path as written
    hr_report: str = ""                   # likewise, for the HR annual report
    plan_report: str = ""                 # likewise, for an improvement-plan progress report
    policy_document: str = ""             # likewise, for a policy announcement
    policy_items: tuple[str, ...] = ()    # the OIT items the announcement is evidence for
    agency_name: str = ""
    year_basis: str = "fiscal"
    base_url: str | None = None           # resolves relative links of a saved HTML index page
    notebooks: tuple[str, ...] = ("oit_audit",)
    overrides: dict[str, Any] = field(default_factory=dict)

    @property
    def disclosure_path(self) -> Path:
        return resolve(self.disclosure)

    @property
    def hr_report_path(self) -> Path:
        return resolve(self.hr_report)

    def notebook_parameters(self, notebook: str = "oit_audit") -> dict[str, Any]:
        """The papermill parameters of one notebook (paths stay repo-relative so records are
        portable)."""
        from .record import relative

        common = {"agency": self.agency, "agency_name": self.agency_name,
                  "fiscal_year": self.fiscal_year}
        if notebook == "hr_audit":
            specific: dict[str, Any] = {"hr_report": self.hr_report}
        elif notebook == "integrity_plan":
            specific = {"plan_report": self.plan_report}
        elif notebook == "policy_document":
            specific = {"policy_document": self.policy_document,
                        "policy_items": list(self.policy_items), "year_basis": self.year_basis}
        else:
            specific = {"disclosure": self.disclosure, "year_basis": self.year_basis,
                        "overrides": self.overrides, "base_url": self.base_url}
        return {**common, **specific, "params_file": relative(self.path)}


def load_params(path: str | Path) -> AuditParams:
    """Read and validate a params file; every problem is an InputError naming the key."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "params file not found", fix="pass params/<year>/<agency>.yaml")
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"), path)
    except UnicodeDecodeError:
        raise InputError(path, "params file is not UTF-8", fix="save it as UTF-8") from None
    if not isinstance(raw, dict):
        raise InputError(path, "params file must be a YAML mapping", fix="see params/2566/sso.yaml")
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise InputError(path, f"unknown key {unknown[0]!r}", where=unknown[0],
                         fix=f"allowed keys: {', '.join(sorted(_KEYS))}")
    for key in _REQUIRED:
        if key not in raw:
            raise InputError(path, f"missing key {key!r}", where=key, fix="see params/2566/sso.yaml")
    agency = check_agency(raw["agency"], path)
    fiscal_year = raw["fiscal_year"]
    if not isinstance(fiscal_year, int) or isinstance(fiscal_year, bool):
        raise InputError(path, f"fiscal_year {fiscal_year!r} is not a Buddhist-Era year",
                         where="fiscal_year", fix="write e.g. fiscal_year: 2566")
    year_basis = raw.get("year_basis", "fiscal")
    if year_basis not in ("fiscal", "calendar"):
        raise InputError(path, f"year_basis {year_basis!r} is unknown", where="year_basis",
                         fix="use fiscal or calendar")
    default = [n for n, key in NOTEBOOK_INPUTS.items() if key in raw] or ["oit_audit"]
    notebooks = raw.get("notebooks") or default
    if isinstance(notebooks, str):
        notebooks = [notebooks]
    if not isinstance(notebooks, list):
        raise InputError(path, f"notebooks must be a list of names, not {notebooks!r}",
                         where="notebooks", fix=f"write notebooks: [{', '.join(NOTEBOOKS)}]")
    notebooks = tuple(notebooks)
    for name in notebooks:
        if name not in NOTEBOOKS:
            raise InputError(path, f"unknown notebook {name!r}", where="notebooks",
                             fix=f"use one of {', '.join(NOTEBOOKS)}")
    overrides = raw.get("overrides") or {}
    if not isinstance(overrides, dict):
        raise InputError(path, "overrides must be a mapping of item id to decision",
                         where="overrides", fix="write overrides: {O19: {verdict: fail, note: …, by: …}}")
    inputs = {}
    for key in _INPUT_KEYS:
        needed = any(NOTEBOOK_INPUTS[n] == key for n in notebooks)
        if needed and key not in raw:
            raise InputError(path, f"missing key {key!r} (needed by the notebooks listed)",
                             where=key, fix="see the examples under params/")
        value = raw.get(key)
        if value is None:
            inputs[key] = ""
            continue
        if not isinstance(value, str) or not value:
            raise InputError(path, f"{key} must be a file path, not {value!r}", where=key,
                             fix="give a path relative to the repository root")
        if not resolve(value).is_file():
            raise InputError(path, f"{key} file {value!r} not found", where=key,
                             fix=f"give a path relative to the repository root ({repo_root().name}/)")
        inputs[key] = value
    return AuditParams(path=path, agency=agency, fiscal_year=fiscal_year,
                       disclosure=inputs["disclosure"], hr_report=inputs["hr_report"],
                       plan_report=inputs["plan_report"],
                       policy_document=inputs["policy_document"],
                       policy_items=_policy_items(raw, path, "policy_document" in notebooks),
                       agency_name=str(raw.get("agency_name") or ""),
                       year_basis=year_basis, base_url=_base_url(raw, path), notebooks=notebooks,
                       overrides=dict(overrides))


def _policy_items(raw: dict[str, Any], path: Path, needed: bool) -> tuple[str, ...]:
    """The ``policy_items`` list (e.g. ``[O31]``); required by the policy_document notebook."""
    from .disclosure import normalize_item_id

    value = raw.get("policy_items")
    if value is None:
        if needed:
            raise InputError(path, "missing key 'policy_items' (needed by policy_document)",
                             where="policy_items", fix="write e.g. policy_items: [O31]")
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise InputError(path, f"policy_items must be a list of item ids, not {value!r}",
                         where="policy_items", fix="write e.g. policy_items: [O31]")
    items = []
    for entry in value:
        item = normalize_item_id(entry) if isinstance(entry, str) else None
        if item is None:
            raise InputError(path, f"policy_items: {entry!r} is not an item id",
                             where="policy_items", fix="write ids such as O31")
        items.append(item)
    return tuple(items)


def _base_url(raw: dict[str, Any], path: Path) -> str | None:
    """``base_url``: an absolute http(s) address, or absent."""
    from .disclosure import safe_url

    value = raw.get("base_url")
    if value is None:
        return None
    if not isinstance(value, str) or safe_url(value) is None:
        raise InputError(path, f"base_url {value!r} is not an absolute http(s) address",
                         where="base_url", fix="write e.g. base_url: https://www.example.go.th/ita/")
    return value
