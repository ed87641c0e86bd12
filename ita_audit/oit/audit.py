"""One OIT audit of one agency-year, as the CLI, the notebook and the runner start it: criteria,
disclosure index, the auditor's overrides, then the engine.
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ita_audit.criteria.files import load_criteria
from ita_audit.criteria.model import Criteria, normalize_item_id
from ita_audit.errors import InputError
from ita_audit.evidence.lookup import open_evidence
from ita_audit.findings import VERDICTS
from ita_audit.oit.content import AnnouncementJudge
from ita_audit.oit.engine import audit_oit
from ita_audit.oit.load import load_disclosure
from ita_audit.oit.results import OitAudit, Override
from ita_audit.util.paths import check_agency, resolve


def parse_overrides(raw: Any, criteria: Criteria, source: str | None = None) -> dict[str, Override]:
    """Validate the ``overrides`` mapping of a params file; unknown items are an error."""
    if raw in (None, {}):
        return {}
    if not isinstance(raw, Mapping):
        raise InputError(source, "overrides must be a mapping of item id to decision",
                         where="overrides", fix="write overrides: {O19: {verdict: pass, note: …, by: …}}")
    valid = set(criteria.item_ids())
    overrides = {}
    for key, decision in raw.items():
        where = f"overrides.{key}"
        item = normalize_item_id(key) if isinstance(key, str) else None    # o19, O 19 -> O19
        if item not in valid:
            raise InputError(source, f"override for unknown item {key!r}", where=where,
                             fix=f"use an item id of the {criteria.fiscal_year} criteria (O1…O{len(valid)})")
        if item in overrides:
            raise InputError(source, f"a second override for {item} ({key!r})", where=where,
                             fix=f"keep one decision for {item}")
        if not isinstance(decision, Mapping):
            raise InputError(source, "override must be a mapping", where=where,
                             fix="give verdict, note and by")
        unknown = set(decision) - {"verdict", "note", "by"}
        if unknown:
            raise InputError(source, f"unknown key(s) {sorted(unknown)}", where=where,
                             fix="only verdict, note and by are allowed")
        verdict, note, by = decision.get("verdict"), decision.get("note"), decision.get("by")
        if verdict not in VERDICTS:
            raise InputError(source, f"verdict {verdict!r} is not one of {', '.join(VERDICTS)}",
                             where=f"{where}.verdict", fix="use pass, fail or review")
        for name, value in (("note", note), ("by", by)):
            if not isinstance(value, str) or not value.strip():
                raise InputError(source, f"{name} is required", where=f"{where}.{name}",
                                 fix="say why and who decided")
        overrides[item] = Override(verdict=verdict, note=note.strip(), by=by.strip())
    return overrides


# --- one call for the CLI and the notebook -----------------------------------------------

def run_oit_audit(disclosure: str | Any, fiscal_year: int, *, agency: str,
                  year_basis: str = "fiscal", overrides: Any = None,
                  params_file: str | None = None, base_url: str | None = None,
                  evidence: str | Path | None = None,
                  announcements: AnnouncementJudge | None = None) -> OitAudit:
    """Load the criteria and the disclosure index, validate overrides, and audit.

    ``base_url`` is the web address a saved HTML index came from (resolves relative links);
    ``evidence`` a folder collected by ``ita-audit collect`` (a repo-relative path works in
    notebooks): the documents behind the links are judged too, offline; ``announcements``
    judges the text of an item that asks for an announcement (see
    :mod:`ita_audit.oit.content`)."""

    check_agency(agency, params_file)
    criteria = load_criteria(int(fiscal_year))
    index = load_disclosure(resolve(disclosure), valid_items=criteria.item_ids(),
                            base_url=base_url)
    decided = parse_overrides(overrides, criteria, params_file)
    archive = open_evidence(resolve(evidence)) if evidence else None
    try:
        return audit_oit(index, criteria, agency=agency, year_basis=year_basis,
                         overrides=decided, evidence=archive, announcements=announcements)
    finally:
        if archive is not None:
            archive.close()
