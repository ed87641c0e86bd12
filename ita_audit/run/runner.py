"""Execute the audit notebooks of one agency-year with papermill into ``audits/<year>/<agency>/``.

All inputs are validated before any notebook runs, so bad input fails fast with an InputError
(exit 2). The record is written into a staging folder and swapped into place only when every
notebook executed and rendered: a failed run never leaves a partial record and never touches
an existing good one.
"""
from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ita_audit.criteria.files import criteria_file
from ita_audit.errors import CriteriaError, InputError, WrongDocumentError
from ita_audit.kinds import AuditKind, explain, for_notebooks
from ita_audit.records.cross_agency import view_fingerprint
from ita_audit.records.index import CROSS_AGENCY_DIR, RecordEntry
from ita_audit.records.manifest import (
    build_manifest,
    fingerprint,
    is_current,
    summarise,
    write_manifest,
)
from ita_audit.records.page_assets import assets_href, write_assets
from ita_audit.records.render import prepare_renderers, write_outputs
from ita_audit.run.execute import execute_notebook, scrub
from ita_audit.run.params import AuditParams, load_params
from ita_audit.run.warm_kernels import Focus, start_kernel_server
from ita_audit.util.atomic import (
    atomic_write_all,
    check_replaceable,
    recover_interrupted,
    staged_record,
)
from ita_audit.util.paths import (
    agency_data_dir,
    notebook_template,
    record_dir,
    relative,
    repo_root,
)


@dataclass(frozen=True)
class RunResult:
    """Where one agency-year's record went."""

    params: AuditParams
    record: Path
    files: tuple[Path, ...]
    skipped: bool = False               # the record was current: nothing was executed


def check_inputs(params: AuditParams) -> list[tuple[AuditKind, Any]]:
    """Read and check the input of every notebook of the params file (an unusable one raises
    InputError, a document of another kind says what it looks like); writes nothing."""
    prepared = []
    for kind in for_notebooks(params.notebooks):
        try:
            prepared.append((kind, kind.prepare(params)))
        except WrongDocumentError as err:        # say what the file given looks like instead
            raise explain(err) from None
        except CriteriaError as err:             # the params file's year has none: its key
            if criteria_file(params.fiscal_year).is_file():
                raise
            raise InputError(params.path, err.problem, where="fiscal_year",
                             fix=f"{err.fix}; or give a fiscal_year that has criteria" if err.fix
                             else "give a fiscal_year that has criteria") from None
    return prepared


def preflight(params: AuditParams, data_root: Path | None = None) -> list[Path]:
    """Check every input before any notebook runs (:func:`check_inputs`), then save each kind's
    normalised tables under ``data_root`` (default ``data/agencies``); returns the tables
    written."""
    prepared = check_inputs(params)
    # Everything is valid: only now write the normalised tables.
    folder = agency_data_dir(params.agency, params.fiscal_year, data_root)
    return [path for kind, ready in prepared for path in kind.write_normalised(ready, folder)]


def run(params_path: str | Path, audits_root: Path | None = None, *,
        data_root: Path | None = None, force: bool = True,
        shared_assets: bool = False, years: Sequence[int] = ()) -> RunResult:
    """Validate, execute every notebook of the params file, render the full and the reviewer
    HTML, write ``manifest.json``, and swap the record in.

    With ``force=False`` an agency-year whose record already carries the fingerprint of its
    current inputs, parameters, notebooks, code and package versions is skipped. With
    ``shared_assets`` (a batch's default) the pages link the audits folder's ``_assets/``
    instead of embedding CSS and font (:mod:`ita_audit.records.linked_page`). ``years``: the
    fiscal years of the batch this run belongs to, which the kernel server (if this call
    starts it) warms up; by default this record's year.
    """
    params = load_params(params_path)
    target = record_dir(params.fiscal_year, params.agency, audits_root)
    recover_interrupted(target)
    pages = _assets_href(target, audits_root) if shared_assets else None
    if not force and is_current(target, fingerprint(params), pages):
        return RunResult(params=params, record=target, files=(), skipped=True)
    # its imports overlap the work up to the first notebook
    start_kernel_server(Focus(tuple(years) or (params.fiscal_year,)))
    prepared = check_inputs(params)       # every input valid before any notebook runs
    assets = _assets(target, audits_root) if shared_assets else None
    prepare_renderers(linked=assets is not None,
                      templates=[notebook_template(name) for name in params.notebooks])
    files = []
    # The summary (the same package functions the notebooks call) is computed on a second
    # thread while this one waits for the kernels: in a batch, the core is otherwise idle then.
    with ThreadPoolExecutor(max_workers=1) as summary, staged_record(target) as staged:
        pending = summary.submit(summarise, params)
        # the normalised tables are written beside the record (their bytes hashed into the
        # manifest), their places checked before any notebook runs, and put in place only after
        # the manifest, just before the record is swapped in: a run that fails or is killed on
        # the way leaves the tables the good record lists
        tables = _staged_tables(params, prepared, staged, data_root)
        for name in params.notebooks:
            files.extend(execute(name, params, staged, assets))
        manifest = build_manifest(params, staged, tables, pending.result())
        if assets:
            manifest["page_assets"] = assets
        files.append(write_manifest(manifest, staged))
        _place_tables(tables, staged)
    return RunResult(params=params, record=target,
                     files=tuple(target / f.name for f in files))


_TABLES_DIR = ".normalised"      # inside the staging folder (hidden: not a record output)


def _staged_tables(params: AuditParams, prepared: list[tuple[AuditKind, Any]], staged: Path,
                   data_root: Path | None) -> dict[Path, Path]:
    """Each kind's normalised tables written under the staging folder: their final path ->
    the staged file holding their bytes."""
    folder = agency_data_dir(params.agency, params.fiscal_year, data_root)
    scratch = staged / _TABLES_DIR
    tables = {}
    for kind, ready in prepared:
        for written in kind.write_normalised(ready, scratch):
            final = folder / written.relative_to(scratch)
            check_replaceable(final)          # before any notebook runs, not after all of them
            tables[final] = written
    return tables


def _place_tables(tables: dict[Path, Path], staged: Path) -> None:
    """Put the staged tables at their final paths, all or none (:func:`atomic_write_all`: the
    data folder may be on another disk), then drop the scratch folder so that the staging
    folder holds only the record."""
    atomic_write_all({final: written.read_bytes() for final, written in tables.items()})
    shutil.rmtree(staged / _TABLES_DIR, ignore_errors=True)


def execute(name: str, params: AuditParams, out_dir: Path, assets: str | None = None,
            ) -> list[Path]:
    """Run one notebook with papermill, scrub volatile metadata, and render its full HTML and
    its reviewer HTML (outputs only, with a table of contents); with ``assets``, the linked
    batch page and the reviewer page forwarding to it."""
    notebook = execute_notebook(notebook_template(name), params.notebook_parameters(name),
                                out_dir)
    scrub(notebook)
    return write_outputs(name, notebook, out_dir, assets)


def run_cross_agency(audits_root: Path | None = None, *, shared_assets: bool = False,
                     force: bool = True, entries: Sequence[RecordEntry] | None = None) -> Path:
    """Execute ``notebooks/cross_agency.ipynb`` over every record of ``audits_root`` into
    ``<audits_root>/cross-agency/`` (staged, then swapped in, like an agency-year record).
    With ``force=False`` a view made from the same records, notebook, code, packages and page
    mode (its fingerprint, kept in the notebook's metadata) is left as it is. ``entries``: the
    records of ``audits_root`` when the caller has already collected them."""

    root = audits_root or repo_root() / "audits"
    target = root / CROSS_AGENCY_DIR
    template = notebook_template("cross_agency")
    recover_interrupted(target)
    current = view_fingerprint(relative(root), template, shared_assets, entries)
    if not force and _view_fingerprint(target) == current:
        return target / "cross_agency.html"
    assets = _assets(target, root) if shared_assets else None
    with staged_record(target) as staged:
        notebook = execute_notebook(template, {"audits_dir": relative(root)}, staged)
        scrub(notebook)
        notebook.metadata["ita_audit"] = {"view_fingerprint": current}
        write_outputs("cross_agency", notebook, staged, assets)
    return target / "cross_agency.html"


def _view_fingerprint(target: Path) -> str | None:
    """The fingerprint a complete cross-agency view was made with, else None."""
    pages = ("cross_agency.html", "cross_agency.reviewer.html")
    if not all((target / page).is_file() for page in pages):
        return None
    try:
        data = json.loads((target / "cross_agency.ipynb").read_text(encoding="utf-8"))
        found = data["metadata"]["ita_audit"]["view_fingerprint"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return found if isinstance(found, str) else None


def _assets(record: Path, audits_root: Path | None) -> str:
    """The assets folder's URL from ``record``, the folder written (once per process)."""
    _write_assets_once(_audits_root(audits_root))
    return _assets_href(record, audits_root)


def _assets_href(record: Path, audits_root: Path | None) -> str:
    """The assets folder's URL from ``record`` (nothing written)."""
    return assets_href(record.resolve(), _audits_root(audits_root))


def _audits_root(audits_root: Path | None) -> Path:
    return (audits_root or repo_root() / "audits").resolve()


@lru_cache(maxsize=8)
def _write_assets_once(root: Path) -> Path:
    return write_assets(root)
