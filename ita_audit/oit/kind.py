"""What the params file, the runner and the manifest need from the OIT audit kind: its options,
how its input is checked before any notebook runs, the normalised table it leaves, the
notebook's parameters, the summary the index shows, the provenance of a record and what the
warm-kernel server does first.

The registry of kinds imports this module for every command: the chart (matplotlib) is
imported where it is drawn."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ita_audit.criteria.files import load_criteria
from ita_audit.errors import InputError
from ita_audit.evidence.archive import EVIDENCE_TABLE, FILES, TEXTS, load_archive
from ita_audit.oit.audit import parse_overrides, run_oit_audit
from ita_audit.oit.content import AnnouncementJudge
from ita_audit.oit.disclosure import DisclosureIndex, write_table
from ita_audit.oit.load import load_disclosure
from ita_audit.oit.results import OitAudit
from ita_audit.util.paths import resolve
from ita_audit.util.urls import safe_url

INPUT_KEY = "disclosure"
NORMALISED = "disclosure.tsv"


def _unused(key: str, value: Any, path: Path, needed: bool) -> None:
    """An OIT option in a params file that does not run the OIT audit would be silently
    ignored (an auditor's override with no effect): refused."""
    if value is not None and not needed:
        raise InputError(path, f"{key} is for the OIT audit only, which this params file "
                         "does not run", where=key,
                         fix="add oit_audit to notebooks, or remove " + key)


def read_overrides(value: Any, path: Path, needed: bool) -> dict[str, Any]:
    """``overrides``: a mapping of item id to the auditor's decision (its items are checked
    against the year's criteria before the notebook runs)."""
    _unused("overrides", value, path, needed)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(path, "overrides must be a mapping of item id to decision",
                         where="overrides",
                         fix="write overrides: {O19: {verdict: fail, note: …, by: …}}")
    return dict(value)


def read_base_url(value: Any, path: Path, needed: bool) -> str | None:
    """``base_url``: an absolute http(s) address, or absent."""
    _unused("base_url", value, path, needed)
    if value is None:
        return None
    if not isinstance(value, str) or safe_url(value) is None:
        raise InputError(path, f"base_url {value!r} is not an absolute http(s) address",
                         where="base_url",
                         fix="write e.g. base_url: https://www.example.go.th/ita/")
    return value


def read_evidence(value: Any, path: Path, needed: bool) -> str | None:
    """``evidence``: a folder collected by ``ita-audit collect`` (holding ``evidence.tsv``),
    or absent."""
    _unused("evidence", value, path, needed)
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise InputError(path, f"evidence must be a folder path, not {value!r}", where="evidence",
                         fix="give the folder ita-audit collect wrote, e.g. data/agencies/sso/2566/evidence")
    if not (resolve(value) / EVIDENCE_TABLE).is_file():
        raise InputError(path, f"evidence folder {value!r} has no {EVIDENCE_TABLE}",
                         where="evidence", fix="collect it first: ita-audit collect "
                         "--disclosure … --fiscal-year … --out " + value)
    return value


def prepare(params: Any) -> DisclosureIndex:
    """Read and check the disclosure index, the overrides against the year's criteria and the
    evidence archive (its table, and each document against its SHA-256)."""
    criteria = load_criteria(params.fiscal_year)
    index = load_disclosure(params.input_path(INPUT_KEY), valid_items=criteria.item_ids(),
                            base_url=params.options.get("base_url"))
    parse_overrides(params.options.get("overrides"), criteria, str(params.path))
    if params.options.get("evidence"):       # every document present and as collected
        load_archive(resolve(params.options["evidence"])).check()
    return index


def extra_inputs(params: Any) -> list[tuple[str, Path]]:
    """The evidence archive's table, documents and texts (what a record with evidence rests
    on), in a fixed order."""
    folder = params.options.get("evidence")
    if not folder:
        return []
    root = resolve(folder)
    files = [("evidence", root / EVIDENCE_TABLE)]
    for sub, role in ((FILES, "evidence_file"), (TEXTS, "evidence_text")):
        files.extend((role, p) for p in sorted((root / sub).glob("*")) if p.is_file())
    return files


def write_normalised(index: DisclosureIndex, folder: Path) -> list[Path]:
    """``disclosure.tsv``: the index as one normalised table."""
    return [write_table(index, folder / NORMALISED)]


def parameters(params: Any) -> dict[str, Any]:
    """The OIT notebook's own parameters (after agency, name and year)."""
    return {"disclosure": params.inputs[INPUT_KEY], "year_basis": params.year_basis,
            "overrides": params.options.get("overrides") or {},
            "base_url": params.options.get("base_url"),
            "evidence": params.options.get("evidence")}


def warm_up(fiscal_year: int) -> None:
    """Draw the fixed parts of the year's chart, which every OIT notebook of the year shows
    (:func:`ita_audit.oit.charts.warm_up`)."""
    from ita_audit.oit.charts import warm_up as draw_backdrop

    draw_backdrop(fiscal_year)


def audit(params: Any, announcements: AnnouncementJudge | None = None) -> OitAudit:
    """The audit the notebook makes, from the params."""
    return run_oit_audit(params.inputs[INPUT_KEY], params.fiscal_year, agency=params.agency,
                         year_basis=params.year_basis,
                         overrides=params.options.get("overrides") or {},
                         params_file=str(params.path), base_url=params.options.get("base_url"),
                         evidence=params.options.get("evidence"), announcements=announcements)


def summary(params: Any, announcements: AnnouncementJudge | None = None) -> dict[str, Any]:
    """OIT score (review counted as fail, as the record's headline), grade, the score if every
    review item passed, indicator scores, counts by verdict and each item's final verdict."""
    result = audit(params, announcements)
    score = result.oit_score()
    return {"oit_score": score, "grade": result.criteria.grade_for(score),
            "criteria_status": result.criteria.status,
            "oit_score_if_reviews_pass": result.oit_score("pass"),
            "indicators": result.indicator_scores(), "counts": result.counts(),
            "items": {r.item.id: r.verdict for r in result.items},
            "overrides": sum(1 for r in result.items if r.override)}


def provenance(result: OitAudit, params_file: str) -> tuple[list[tuple[str, Path]], dict[str, Any]]:
    """The record's inputs (role, file) besides the params file and the notebook, and the
    parameters it shows: disclosure and criteria; agency, year, basis, overrides."""
    inputs = [("disclosure", resolve(result.source)), ("criteria", result.criteria.path)]
    if result.evidence:
        inputs.append(("evidence", resolve(result.evidence) / EVIDENCE_TABLE))
    parameters = {"agency": result.agency, "fiscal_year": result.fiscal_year,
                  "year_basis": result.year_basis, "disclosure": result.source,
                  "params_file": params_file, **({"evidence": result.evidence}
                                                  if result.evidence else {}),
                  "overrides": {k: vars(v) for k, v in
                                ((r.item.id, r.override) for r in result.items) if v}}
    return inputs, parameters

