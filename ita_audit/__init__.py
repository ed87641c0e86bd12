"""ita-audit: reproducible audit notebooks for Thailand's Integrity and Transparency Assessment.

The public API is listed in ``__all__`` and loaded on first use, so that importing one module
(``ita_audit.thai``, say) does not import every audit kind::

    from ita_audit import load_criteria, run_oit_audit
    audit = run_oit_audit("data/raw/sso-oit-disclosure-index-2566.txt", 2566, agency="sso")

``python -m ita_audit`` is the ``ita-audit`` command line.
"""
from __future__ import annotations

import importlib
import sys
from typing import Any

__version__ = "0.1.0"

# jsonschema (imported by nbformat) loads the optional ``rfc3987_syntax`` when it is installed
# (jupyterlab pulls it in), and that module builds a Lark grammar at import: about 1.3 s per
# process (python-jsonschema/jsonschema#1392). Notebook schemas use no IRI formats, so the
# package goes without it, whichever of its modules imports nbformat first; jsonschema treats
# it as absent.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

_API = {
    # errors and exit codes
    "ItaAuditError": "errors", "InputError": "errors", "CriteriaError": "errors",
    "ExecutionError": "errors",
    # criteria
    "load_criteria": "criteria.files", "available_years": "criteria.files",
    "Criteria": "criteria.model", "load_crosswalk": "criteria.crosswalk",
    # the audit kinds
    "KINDS": "kinds", "load_disclosure": "oit.load", "run_oit_audit": "oit.audit",
    "audit_oit": "oit.engine", "compare_years": "oit.compare",
    "run_hr_audit": "hr.audit", "run_plan_audit": "plan.audit",
    "run_policy_audit": "policy.audit",
    # records and runs
    "load_params": "run.params", "run_batch": "run.batch",
    "verify_record": "run.verify",
}
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    """Load a name of the public API from its module on first use (PEP 562)."""
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'ita_audit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"ita_audit.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
