"""Execute the audit notebooks of one agency-year with papermill into ``audits/<year>/<agency>/``.

All inputs are validated before any notebook runs, so bad input fails fast with an InputError
(exit 2). The record is written into a staging folder and swapped into place only when every
notebook executed and rendered: a failed run never leaves a partial record and never touches
an existing good one.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

# jsonschema (imported by nbformat) loads the optional ``rfc3987_syntax`` when it is installed
# (jupyterlab pulls it in), and that module builds a Lark grammar at import: about 1.3 s per
# process (python-jsonschema/jsonschema#1392). Notebook schemas use no IRI formats, so the
# runner goes without it; jsonschema treats it as absent.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

import nbformat  # noqa: E402

from .criteria import load_criteria
from .disclosure import load_disclosure, write_table
from .documents import parse_policy_document
from .errors import InputError
from .hr import load_hr_report, write_figures
from .plan import load_plan_report, write_measures
from .oit import parse_overrides
from .manifest import build_manifest, fingerprint, is_current, summarise, write_manifest
from .params import AuditParams, load_params
from .paths import (REVIEWER_SUFFIX, agency_data_dir, notebook_template, record_dir, repo_root,
                    resolve)
from .page_fonts import embed_fonts
from .record import atomic_write_text, recover_interrupted, staged_record

KERNEL = "python3"
# The kernel's own log (its "running over TCP without encryption" warning, and the
# "KeyboardInterrupt caught" that jupyter_client's interrupt-before-shutdown provokes) is noise
# on a batch's stderr; cell errors and a dead kernel still reach papermill.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]


def _register_thai_translator() -> None:
    """Make papermill write Thai parameter strings as Thai (``repr``), not ``\\u0e2a`` escapes."""
    from papermill.translators import PythonTranslator, papermill_translators

    class ThaiPythonTranslator(PythonTranslator):
        @classmethod
        def translate_str(cls, val: str) -> str:
            return repr(val)

    papermill_translators.register("python", ThaiPythonTranslator)


class ExecutionError(RuntimeError):
    """A notebook failed while executing; the previous record is untouched."""


@dataclass(frozen=True)
class RunResult:
    """Where one agency-year's record went."""

    params: AuditParams
    record: Path
    files: tuple[Path, ...]
    skipped: bool = False               # the record was current: nothing was executed


def preflight(params: AuditParams, data_root: Path | None = None) -> list[Path]:
    """Validate every input before any notebook runs (an unusable one raises InputError), then
    save the normalised tables (disclosure index, HR figures, plan measures) under
    ``data_root`` (default ``data/agencies``); returns the tables written."""
    criteria = load_criteria(params.fiscal_year) if (
        {"oit_audit", "policy_document"} & set(params.notebooks)) else None
    if "oit_audit" in params.notebooks:
        index = load_disclosure(params.disclosure_path, valid_items=criteria.item_ids(),
                                base_url=params.base_url)
        parse_overrides(params.overrides, criteria, str(params.path))
    if "hr_audit" in params.notebooks:
        figures = load_hr_report(params.hr_report_path)
    if "policy_document" in params.notebooks:
        for item in params.policy_items:
            if item not in criteria.item_ids():
                raise InputError(params.path, f"policy_items: no item {item} in the "
                                 f"{params.fiscal_year} criteria", where="policy_items",
                                 fix=f"use items of O1..O{len(criteria.items)}")
        parse_policy_document(resolve(params.policy_document))
    if "integrity_plan" in params.notebooks:
        plan = load_plan_report(resolve(params.plan_report))
    # Everything is valid: only now write the normalised tables.
    folder = agency_data_dir(params.agency, params.fiscal_year, data_root)
    written = []
    if "oit_audit" in params.notebooks:
        written.append(write_table(index, folder / "disclosure.tsv"))
    if "hr_audit" in params.notebooks:
        written.append(write_figures(figures, folder / "hr_figures.tsv"))
    if "integrity_plan" in params.notebooks:
        written.append(write_measures(plan, folder / "plan_measures.tsv"))
    return written


def run(params_path: str | Path, audits_root: Path | None = None, *,
        data_root: Path | None = None, force: bool = True) -> RunResult:
    """Validate, execute every notebook of the params file, render the full and the reviewer
    HTML, write ``manifest.json``, and swap the record in.

    With ``force=False`` an agency-year whose record already carries the fingerprint of its
    current inputs, parameters, notebooks, code and package versions is skipped.
    """
    params = load_params(params_path)
    target = record_dir(params.fiscal_year, params.agency, audits_root)
    recover_interrupted(target)
    if not force and is_current(target, fingerprint(params)):
        return RunResult(params=params, record=target, files=(), skipped=True)
    normalised = preflight(params, data_root)
    files = []
    with staged_record(target) as staged:
        for name in params.notebooks:
            files.extend(execute(name, params, staged))
        manifest = build_manifest(params, staged, normalised, summarise(params))
        files.append(write_manifest(manifest, staged))
    return RunResult(params=params, record=target,
                     files=tuple(target / f.name for f in files))


def execute(name: str, params: AuditParams, out_dir: Path) -> list[Path]:
    """Run one notebook with papermill, scrub volatile metadata, and render its full HTML and
    its reviewer HTML (outputs only, with a table of contents)."""
    notebook = execute_notebook(notebook_template(name), params.notebook_parameters(name),
                                out_dir)
    scrub(notebook)
    return write_outputs(name, notebook, out_dir)


def write_outputs(name: str, notebook: nbformat.NotebookNode, out_dir: Path) -> list[Path]:
    """Write the executed notebook, its full HTML and its reviewer HTML into ``out_dir``."""
    from .reviewer import render_reviewer_html

    output = out_dir / f"{name}.ipynb"
    atomic_write_text(output, nbformat.writes(notebook) + "\n")
    html = out_dir / f"{name}.html"
    atomic_write_text(html, render_html(notebook))
    reviewer = out_dir / f"{name}{REVIEWER_SUFFIX}"
    atomic_write_text(reviewer, render_reviewer_html(notebook))
    return [output, html, reviewer]


def execute_notebook(template: Path, parameters: dict, cwd: Path) -> nbformat.NotebookNode:
    """Execute a notebook in memory with papermill and return it.

    No output path is given, so papermill does not re-serialise the whole notebook before and
    after every cell; the caller writes it once. Raises ExecutionError naming the cell.
    """
    import papermill

    _register_thai_translator()
    try:
        return papermill.execute_notebook(str(template), None, parameters=parameters,
                                          kernel_name=KERNEL, progress_bar=False,
                                          log_output=False, cwd=str(cwd),
                                          extra_arguments=KERNEL_ARGUMENTS)
    except papermill.PapermillExecutionError as err:
        raise ExecutionError(f"{template.name} failed in cell {err.exec_count}: {err.ename}: "
                             f"{err.evalue}") from None


def scrub(notebook: nbformat.NotebookNode) -> None:
    """Drop wall-clock times, absolute paths and random ids that papermill and nbclient add,
    so that re-running unchanged inputs writes a byte-identical record."""
    notebook.metadata.pop("papermill", None)
    for cell in notebook.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"


def render_html(notebook: nbformat.NotebookNode) -> str:
    """The full HTML record (code and outputs) with the Thai font embedded."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name="lab").from_notebook_node(notebook)
    return embed_fonts(body)


def run_cross_agency(audits_root: Path | None = None) -> Path:
    """Execute ``notebooks/cross_agency.ipynb`` over every record of ``audits_root`` into
    ``<audits_root>/cross-agency/`` (staged, then swapped in, like an agency-year record)."""
    from .index import CROSS_AGENCY_DIR
    from .record import relative

    root = audits_root or repo_root() / "audits"
    target = root / CROSS_AGENCY_DIR
    with staged_record(target) as staged:
        notebook = execute_notebook(notebook_template("cross_agency"),
                                    {"audits_dir": relative(root)}, staged)
        scrub(notebook)
        write_outputs("cross_agency", notebook, staged)
    return target / "cross_agency.html"
