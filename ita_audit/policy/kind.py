"""What the params file, the runner and the manifest need from the policy-document audit kind:
its option (the items the announcement is evidence for), how its input is checked before any
notebook runs, the notebook's parameters, the summary the index shows and the provenance of a
record."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ita_audit.criteria.files import load_criteria
from ita_audit.criteria.model import normalize_item_id
from ita_audit.criteria.topics import TOPICS_FILE
from ita_audit.errors import InputError
from ita_audit.policy.audit import PolicyAudit, run_policy_audit
from ita_audit.policy.parse import parse_policy_document
from ita_audit.util.paths import resolve

INPUT_KEY = "policy_document"


def read_policy_items(value: Any, path: Path, needed: bool) -> tuple[str, ...]:
    """``policy_items``: the OIT items the announcement is evidence for (e.g. ``[O31]``);
    required when the policy_document notebook is listed."""
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


def prepare(params: Any) -> None:
    """Check that every listed item exists in the year's criteria, and read the announcement."""
    criteria = load_criteria(params.fiscal_year)
    for item in params.options.get("policy_items", ()):
        if item not in criteria.item_ids():
            raise InputError(params.path, f"policy_items: no item {item} in the "
                             f"{params.fiscal_year} criteria", where="policy_items",
                             fix=f"use items of O1..O{len(criteria.items)}")
    parse_policy_document(params.input_path(INPUT_KEY))


def write_normalised(prepared: None, folder: Path) -> list[Path]:
    """An announcement leaves no normalised table."""
    return []


def parameters(params: Any) -> dict[str, Any]:
    """The policy notebook's own parameters (after agency, name and year)."""
    return {INPUT_KEY: params.inputs[INPUT_KEY],
            "policy_items": list(params.options.get("policy_items", ())),
            "year_basis": params.year_basis}


def summary(params: Any) -> dict[str, Any]:
    """The verdict for each listed item."""
    return {"verdicts": {
        item: run_policy_audit(params.inputs[INPUT_KEY], item, params.fiscal_year,
                               agency=params.agency, basis=params.year_basis).verdict
        for item in params.options.get("policy_items", ())}}


def provenance(audits: Sequence[PolicyAudit],
               params_file: str) -> tuple[list[tuple[str, Path]], dict[str, Any]]:
    """The announcement, the year's criteria and the topic list; agency, year, path, items."""
    first = audits[0]
    inputs = [(INPUT_KEY, resolve(first.source)),
              ("criteria", load_criteria(first.fiscal_year).path),
              ("policy_topics", TOPICS_FILE)]
    return inputs, {"agency": first.agency, "fiscal_year": first.fiscal_year,
                    INPUT_KEY: first.source, "params_file": params_file,
                    "policy_items": [a.judgement.item.id for a in audits]}
