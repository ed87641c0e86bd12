"""One policy-document audit: an announcement judged for one item and year, ready for JSON or
Thai tables; the same object backs ``ita-audit policy`` and the notebook.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ita_audit.criteria.model import Criteria
from ita_audit.criteria.topics import PolicyTopics, load_policy_topics
from ita_audit.findings import Finding
from ita_audit.policy.judge import DocumentVerdict, judge_document
from ita_audit.policy.parse import PolicyDocument, parse_policy_document
from ita_audit.util.paths import check_agency, relative, resolve


@dataclass
class PolicyAudit:
    """One announcement judged for one item and year, ready for JSON or Thai tables."""

    agency: str
    fiscal_year: int
    document: PolicyDocument
    judgement: DocumentVerdict
    source: str = ""                    # the document path as given (repo-relative in records)

    @property
    def verdict(self) -> str:
        return self.judgement.verdict

    @property
    def findings(self) -> list[Finding]:
        return self.judgement.findings

    def counts(self) -> dict[str, int]:
        """Checks run, held, with findings, skipped; findings by severity."""
        return self.judgement.log.counts()

    def to_json(self) -> dict[str, Any]:
        """The ``ita-audit policy --format json`` shape."""
        doc = self.document
        j = self.judgement
        return {"agency": self.agency, "fiscal_year": self.fiscal_year,
                "criteria_year": j.criteria_year, "basis": j.basis,
                "item": j.item.id, "item_name": j.item.name,
                "required_topics": list(j.required_topics),
                "document": {**doc.to_json(), "path": self.source or doc.to_json()["path"]},
                "topics": [t.to_json() for t in doc.topics],
                "checks": [c.to_json() for c in j.checks],
                "verdict": self.verdict,
                "findings": [f.to_json() for f in self.findings],
                "counts": self.counts()}


def run_policy_audit(path: str | Path, item_id: str, fiscal_year: int, *,
                     agency: str = "agency", basis: str = "fiscal",
                     criteria: Criteria | None = None,
                     topics: PolicyTopics | None = None) -> PolicyAudit:
    """Read an announcement (a repo-relative path works in notebooks) and judge it for one item
    and year. Unusable input raises :class:`InputError` (exit code 2 on the command line)."""

    check_agency(agency)
    book = topics or load_policy_topics()
    doc = parse_policy_document(resolve(path), topics=book)
    judged = judge_document(doc, item_id, int(fiscal_year), criteria, basis=basis, topics=book)
    return PolicyAudit(agency=agency, fiscal_year=int(fiscal_year), document=doc,
                       judgement=judged, source=relative(resolve(path)))
