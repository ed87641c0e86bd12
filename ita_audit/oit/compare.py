"""Two OIT audits of one agency, one per criteria year, side by side item by item through the
crosswalk between the years (:mod:`ita_audit.criteria.crosswalk`).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ita_audit.criteria.crosswalk import Crosswalk, crosswalk_between
from ita_audit.errors import InputError
from ita_audit.oit.results import OitAudit

#: Change labels of :func:`compare_years`.
CHANGE_SAME = "คงเดิม"
CHANGE_BETTER = "ดีขึ้น"
CHANGE_WORSE = "แย่ลง"
CHANGE_PENDING = "รอตรวจ"
CHANGE_DROPPED = "ไม่มีในปีใหม่"
CHANGE_NEW = "ข้อใหม่"
COMPARE_COLUMNS = ("old_item", "old_name", "old_verdict", "relation", "new_item", "new_name",
                   "new_verdict", "change", "note")
_RANK = {"fail": 0, "pass": 1}


# ── comparing two audits ─────────────────────────────────────────────────────────────────────

def change_label(old_verdict: str | None, new_verdict: str | None) -> str:
    """Thai label of a verdict change: คงเดิม, ดีขึ้น, แย่ลง, รอตรวจ, ไม่มีในปีใหม่ or ข้อใหม่.

    An item still under review on either side gets ``รอตรวจ`` unless both verdicts are the
    same: review is not a score, so it is neither better nor worse than pass or fail.
    """
    if new_verdict is None:
        return CHANGE_DROPPED
    if old_verdict is None:
        return CHANGE_NEW
    if old_verdict == new_verdict:
        return CHANGE_SAME
    if "review" in (old_verdict, new_verdict):
        return CHANGE_PENDING
    return CHANGE_BETTER if _RANK[new_verdict] > _RANK[old_verdict] else CHANGE_WORSE


def compare_years(audit_old: OitAudit, audit_new: OitAudit,
                  crosswalk: Crosswalk | None = None) -> pd.DataFrame:
    """Item by item, the older and newer audits of one agency side by side, for any two years
    the crosswalks connect (2565, 2566, 2568, 2569: chained through the years between).

    One row per (older item, successor) pair in older-item order — a split item gives several
    rows, a dropped item one row without a newer item — then one row per new item. Verdicts are
    the final ones (an auditor's override wins). Columns: :data:`COMPARE_COLUMNS`; ``relation``
    is one of :data:`RELATIONS` or ``"new"``, ``change`` a Thai label (:func:`change_label`);
    the missing side of a dropped or new item is ``None``.
    """
    import pandas as pd

    old_year, new_year = audit_old.criteria.fiscal_year, audit_new.criteria.fiscal_year
    if crosswalk is None:
        if old_year > new_year:                      # given newest first: put them in order
            audit_old, audit_new = audit_new, audit_old
            old_year, new_year = new_year, old_year
        crosswalk = crosswalk_between(old_year, new_year)
    for key, year, expected in (("audit_old", old_year, crosswalk.from_year),
                                ("audit_new", new_year, crosswalk.to_year)):
        if year != expected:
            raise InputError(None, f"{key} uses the {year} criteria but the crosswalk is "
                             f"{crosswalk.from_year} -> {crosswalk.to_year}", where=key,
                             fix=f"pass the {crosswalk.from_year} audit first and the "
                             f"{crosswalk.to_year} audit second")
    if audit_old.agency != audit_new.agency:
        raise InputError(None, f"the audits are of different agencies ({audit_old.agency!r} "
                         f"and {audit_new.agency!r})", where="agency",
                         fix="compare two audits of the same agency")
    old_results = {r.item.id: r for r in audit_old.items}
    new_results = {r.item.id: r for r in audit_new.items}

    def verdict(results: Mapping[str, Any], item: str) -> str | None:
        result = results.get(item)
        return None if result is None else result.verdict

    rows = []
    for mapping in crosswalk.mappings:
        old_verdict = verdict(old_results, mapping.from_item)
        for target in mapping.to_items or (None,):
            new_verdict = None if target is None else verdict(new_results, target)
            rows.append({
                "old_item": mapping.from_item, "old_name": mapping.name,
                "old_verdict": old_verdict, "relation": mapping.relation,
                "new_item": target,
                "new_name": None if target is None else crosswalk.new.item(target).name,
                "new_verdict": new_verdict,
                "change": change_label(old_verdict, new_verdict) if target else CHANGE_DROPPED,
                "note": mapping.note})
    for new_item in crosswalk.new_items:
        rows.append({"old_item": None, "old_name": None, "old_verdict": None,
                     "relation": "new", "new_item": new_item.item, "new_name": new_item.name,
                     "new_verdict": verdict(new_results, new_item.item), "change": CHANGE_NEW,
                     "note": new_item.note})
    # object dtype keeps None for a missing side (pandas would otherwise turn it into NaN)
    return pd.DataFrame(rows, columns=list(COMPARE_COLUMNS), dtype=object)
