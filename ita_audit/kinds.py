"""The registry of audit kinds: one entry per kind, read by the params file, the runner, the
manifest, the provenance tables, the index and the command line, so that none of them names a
kind.

Adding a kind means a package (``ita_audit/<kind>/`` with its parser, checks, audit, report and
``kind.py``), a notebook template (``notebooks/<notebook>.ipynb``) and one entry in
:data:`KINDS`.

Every command reads the registry (the command line lists the kinds' sub-commands from it), so
an entry names only modules that import neither pandas nor matplotlib (about 1 s): a kind's
``kind.py`` and ``command.py`` import its audit, report and charts where they use them, its
parser imports pandas only to build tables, and :attr:`AuditKind.view` is imported when asked
for. ``tests/test_cli.py`` checks that the command line starts without either.
"""
from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from importlib import import_module
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import Any, Protocol

from ita_audit.criteria.files import CRITERIA_TEXT, looks_like_criteria_text
from ita_audit.errors import InputError, WrongDocumentError
from ita_audit.findings import CheckRule
from ita_audit.hr import command as hr_command
from ita_audit.hr import kind as hr_kind
from ita_audit.hr import parse as hr_parse
from ita_audit.hr import rules as hr_rules
from ita_audit.oit import command as oit_command
from ita_audit.oit import disclosure as oit_disclosure
from ita_audit.oit import kind as oit_kind
from ita_audit.oit import load as oit_load
from ita_audit.oit import rules as oit_rules
from ita_audit.plan import command as plan_command
from ita_audit.plan import kind as plan_kind
from ita_audit.plan import parse as plan_parse
from ita_audit.plan import rules as plan_rules
from ita_audit.policy import command as policy_command
from ita_audit.policy import kind as policy_kind
from ita_audit.policy import parse as policy_parse
from ita_audit.policy import rules as policy_rules
from ita_audit.policy.judge import judge_announcement_text
from ita_audit.procurement import columns as procurement_columns
from ita_audit.procurement import command as procurement_command
from ita_audit.procurement import kind as procurement_kind
from ita_audit.procurement import rules as procurement_rules
from ita_audit.util.sources import read_source


class Params(Protocol):
    """What a kind reads from a params file (:class:`ita_audit.run.params.AuditParams`)."""

    path: Path
    agency: str
    agency_name: str
    fiscal_year: int
    year_basis: str
    notebooks: tuple[str, ...]
    inputs: Mapping[str, str]
    options: Mapping[str, Any]

    def input_path(self, key: str) -> Path: ...

    def notebook_parameters(self, notebook: str) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Option:
    """A params key a kind reads besides its input file: ``read(value, params_path, needed)``
    checks the raw value (None when absent; ``needed`` when the kind's notebook is listed) and
    raises :class:`~ita_audit.errors.InputError` naming the key."""

    key: str
    read: Callable[[Any, Path, bool], Any]


@dataclass(frozen=True)
class Command:
    """A sub-command of ``ita-audit`` a kind contributes."""

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


@dataclass(frozen=True)
class AuditKind:
    """One audit kind, as everything outside its package sees it."""

    name: str                   # also the key of its part of a manifest's summary
    notebook: str               # notebooks/<notebook>.ipynb
    title: str                  # the record's label in the index
    input_key: str              # the params key naming the document it audits
    document: str               # what that document is called in messages
    looks_like: Callable[[str], bool]   # does a text look like that document?
    prepare: Callable[[Params], Any]          # read and check the input before any notebook
    write_normalised: Callable[[Any, Path], list[Path]]   # tables left under data/agencies/
    parameters: Callable[[Params], dict[str, Any]]        # the notebook's own parameters
    summary: Callable[[Params], dict[str, Any]]           # what the manifest and index show
    provenance: Callable[[Any, str], tuple[list[tuple[str, Path]], dict[str, Any]]]
    checks: Mapping[str, CheckRule]
    commands: tuple[Command, ...] = ()
    options: tuple[Option, ...] = field(default=())
    # files besides the input a record of this kind rests on: (role, path), fixed order
    extra_inputs: Callable[[Params], list[tuple[str, Path]]] = lambda params: []
    # what the kind's notebook would otherwise do first for a fiscal year, done by the
    # warm-kernel server before it forks kernels (e.g. draw the fixed parts of a chart)
    warm_up: Callable[[int], None] = lambda fiscal_year: None

    @property
    def view(self) -> ModuleType:
        """The kind's Thai tables and terminal table, ``ita_audit/<name>/report.py`` (imported
        when asked for: it imports pandas)."""
        return import_module(f"ita_audit.{self.name}.report")


KINDS: tuple[AuditKind, ...] = (
    AuditKind(
        name="oit", notebook="oit_audit", title="OIT", input_key=oit_kind.INPUT_KEY,
        document=oit_disclosure.DOCUMENT, looks_like=oit_load.looks_like,
        prepare=oit_kind.prepare, write_normalised=oit_kind.write_normalised,
        parameters=oit_kind.parameters,
        # an item that asks for an announcement gets the policy checks on its text
        summary=partial(oit_kind.summary, announcements=judge_announcement_text),
        provenance=oit_kind.provenance, checks=oit_rules.CHECKS,
        options=(Option("overrides", oit_kind.read_overrides),
                 Option("base_url", oit_kind.read_base_url),
                 Option("evidence", oit_kind.read_evidence)),
        extra_inputs=oit_kind.extra_inputs, warm_up=oit_kind.warm_up,
        commands=(
            Command("oit", "audit one disclosure index against the OIT criteria",
                    oit_command.add_arguments,
                    partial(oit_command.run, announcements=judge_announcement_text)),
            Command("collect", "fetch every document an index links to into an evidence "
                    "archive (content-addressed files, evidence.tsv) and read its text",
                    oit_command.add_collect_arguments, oit_command.run_collect),
            Command("import", "normalise a disclosure index into a TSV table",
                    oit_command.add_import_arguments, oit_command.run_import),
            Command("synthetic", "write N synthetic agency disclosure indexes with recorded "
                    "defects, and their params files (--served: their documents too)",
                    oit_command.add_synthetic_arguments, oit_command.run_synthetic))),
    AuditKind(
        name="hr", notebook="hr_audit", title="HR", input_key=hr_kind.INPUT_KEY,
        document=hr_parse.DOCUMENT, looks_like=hr_parse.looks_like,
        prepare=hr_kind.prepare, write_normalised=hr_kind.write_normalised,
        parameters=hr_kind.parameters, summary=hr_kind.summary,
        provenance=hr_kind.provenance, checks=hr_rules.CHECKS,
        commands=(Command("hr", "check an annual HR report (OCSC form): every total, share "
                          "and ratio re-derived", hr_command.add_arguments, hr_command.run),)),
    AuditKind(
        name="plan", notebook="integrity_plan", title="แผนยกระดับ",
        input_key=plan_kind.INPUT_KEY, document=plan_parse.DOCUMENT,
        looks_like=plan_parse.looks_like,
        prepare=plan_kind.prepare, write_normalised=plan_kind.write_normalised,
        parameters=plan_kind.parameters, summary=plan_kind.summary,
        provenance=plan_kind.provenance, checks=plan_rules.CHECKS,
        extra_inputs=plan_kind.extra_inputs,
        commands=(Command("plan", "check an ITA improvement-plan progress report: indicators, "
                          "measures, periods, owners and status",
                          plan_command.add_arguments, plan_command.run),)),
    AuditKind(
        name="procurement", notebook="procurement_audit", title="จัดซื้อจัดจ้าง",
        input_key=procurement_kind.INPUT_KEY, document=procurement_columns.DOCUMENT,
        looks_like=procurement_kind.looks_like,
        prepare=procurement_kind.prepare,
        write_normalised=procurement_kind.write_normalised_table,
        parameters=procurement_kind.parameters, summary=procurement_kind.summary,
        provenance=procurement_kind.provenance, checks=procurement_rules.CHECKS,
        commands=(Command("procurement", "check a procurement table (ITA list or สขร.1 form, "
                          ".xlsx/.csv): prices, thresholds, split purchases, tax ids, months",
                          procurement_command.add_arguments, procurement_command.run),)),
    AuditKind(
        name="policy", notebook="policy_document", title="ประกาศนโยบาย",
        input_key=policy_kind.INPUT_KEY, document=policy_parse.DOCUMENT,
        looks_like=policy_parse.looks_like,
        prepare=policy_kind.prepare, write_normalised=policy_kind.write_normalised,
        parameters=policy_kind.parameters, summary=policy_kind.summary,
        provenance=policy_kind.provenance, checks=policy_rules.CHECKS,
        options=(Option("policy_items", policy_kind.read_policy_items),),
        commands=(Command("policy", "judge a policy announcement as evidence for one OIT item "
                          "and year: date, signer, topics",
                          policy_command.add_arguments, policy_command.run),)),
)

BY_NAME: Mapping[str, AuditKind] = MappingProxyType({k.name: k for k in KINDS})
BY_NOTEBOOK: Mapping[str, AuditKind] = MappingProxyType({k.notebook: k for k in KINDS})
NOTEBOOKS: tuple[str, ...] = tuple(k.notebook for k in KINDS)


def kind(name: str) -> AuditKind:
    """The kind called ``name`` (``oit``, ``hr``, …) or whose notebook is ``name``."""
    found = BY_NAME.get(name) or BY_NOTEBOOK.get(name)
    if found is None:
        raise InputError(None, f"unknown audit kind {name!r}", where="kind",
                         fix=f"use one of {', '.join(BY_NAME)}")
    return found


def for_notebooks(notebooks: Sequence[str]) -> list[AuditKind]:
    """The kinds of these notebooks, in the order given."""
    return [BY_NOTEBOOK[name] for name in notebooks]


def identify(text: str, exclude: str | None = None) -> str | None:
    """What a text looks like: the document of the first kind (other than the one called
    ``exclude``) whose signature it has, or the ITA criteria text; None when nothing fits."""
    if looks_like_criteria_text(text):
        return CRITERIA_TEXT
    return next((k.document for k in KINDS if k.document != exclude and k.looks_like(text)), None)


def explain(err: WrongDocumentError) -> WrongDocumentError:
    """The error, saying what the file looks like instead when another signature fits."""
    if err.looks_like or not err.path:
        return err
    try:
        text = read_source(err.path).text
    except InputError:
        return err
    found = identify(text, exclude=err.expected)
    return err.identified(found) if found else err
