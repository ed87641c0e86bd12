"""``ita-audit verify audits/<year>/<agency>``: does a record still reproduce?

The check has four parts, each reported as ``ok`` or as a drift naming the file:

1. **record files**: every file the manifest lists (notebooks, HTML) still has its SHA-256, so
   nobody edited the record after it was made; so do the normalised tables under
   ``data/agencies/`` the run wrote;
2. **inputs**: every input (params file, source documents, criteria and reference files,
   notebook templates) still has the SHA-256 recorded. A changed input is a drift named by its
   path, and re-execution is skipped: a record cannot reproduce from other inputs;
3. **outputs**: every notebook is re-executed from the params file in a scratch folder, and
   each cell's outputs are compared with the record's after the committed nbval sanitizer
   (``nbval-sanitize.cfg``) masks package versions, exactly as ``make test`` compares them;
   the normalised tables and the manifest's summary are recomputed and compared too;
4. **environment**: a different package version or package code is reported as a note; it is
   a drift only if the outputs differ.

The record reproduces (exit 0) only when there is no drift.
"""
from __future__ import annotations

import configparser
import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ita_audit.errors import ExecutionError, InputError
from ita_audit.records.index import CROSS_AGENCY_DIR
from ita_audit.records.manifest import (
    MANIFEST,
    changed_normalised,
    code_sha256,
    exact_versions,
    read_manifest,
    summarise,
)
from ita_audit.run.execute import execute_notebook, scrub
from ita_audit.run.params import load_params
from ita_audit.run.runner import preflight
from ita_audit.util.paths import notebook_template, repo_root, resolve
from ita_audit.util.sources import sha256_file


@dataclass(frozen=True)
class Drift:
    """One thing that no longer matches the manifest or the record."""

    kind: str                           # record | input | output | normalised | summary
    path: str
    message: str


@dataclass
class Verification:
    """The outcome of verifying one record."""

    record: Path
    drifts: list[Drift] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)    # what held, one line each
    notes: list[str] = field(default_factory=list)

    @property
    def reproduces(self) -> bool:
        return not self.drifts

    def text(self) -> str:
        lines = [f"ok     {line}" for line in self.checked]
        lines += [f"note   {line}" for line in self.notes]
        lines += [f"DRIFT  {d.kind}: {d.path}: {d.message}" for d in self.drifts]
        verdict = ("reproduces" if self.reproduces
                   else f"does NOT reproduce ({len(self.drifts)} drift"
                        f"{'s' if len(self.drifts) != 1 else ''})")
        lines.append(f"verify: {self.record}: {verdict}")
        return "\n".join(lines)


def load_sanitizer(path: Path | None = None) -> list[tuple[re.Pattern[str], str]]:
    """The regex/replace pairs of the committed nbval sanitizer file."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(path or repo_root() / "nbval-sanitize.cfg", encoding="utf-8")
    return [(re.compile(parser[s]["regex"]), parser[s].get("replace", ""))
            for s in parser.sections() if "regex" in parser[s]]


def sanitized_outputs(cell: dict[str, Any], rules: list[tuple[re.Pattern[str], str]]) -> str:
    """A cell's outputs as canonical JSON with the sanitizer applied to every string."""
    text = json.dumps(cell.get("outputs", []), ensure_ascii=False, sort_keys=True)
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    return text


def verify_record(record: str | Path) -> Verification:
    """Verify one record folder; an unusable folder (no manifest) raises InputError."""
    record = Path(record)
    if record.is_file():
        raise InputError(record, "is a file, not a record folder",
                         fix=f"give the folder that holds it, {record.parent}")
    if not record.is_dir():
        raise InputError(record, "no such record folder", fix="give a record folder, "
                         "audits/<year>/<agency>")
    if record.name == CROSS_AGENCY_DIR:
        raise InputError(record, "the cross-agency view is not a record: it has no manifest of "
                         "its own and every batch makes it again from the records' manifests "
                         "(make test re-executes it with nbval)", fix="verify the records it "
                         "reads, audits/<year>/<agency>")
    manifest = read_manifest(record)
    if manifest is None:
        raise InputError(record / MANIFEST, "no readable manifest.json, so there is nothing to "
                         "verify against", fix="make the record with `ita-audit run` or "
                         "`ita-audit batch`")
    result = Verification(record=record)
    _check_record_files(manifest, result)
    _check_normalised_files(manifest, result)
    _check_inputs(manifest, result)
    _check_environment(manifest, result)
    if any(d.kind == "input" for d in result.drifts):
        result.notes.append("re-execution skipped: the inputs are not the ones the record "
                            "was made from")
        return result
    _reexecute(manifest, result)
    return result


def _check_record_files(manifest: dict[str, Any], result: Verification) -> None:
    entries = manifest.get("outputs") or []
    before = len(result.drifts)
    for entry in entries:
        path = result.record / str(entry.get("path"))
        if not path.is_file():
            result.drifts.append(Drift("record", str(path), "listed in the manifest but missing"))
        elif sha256_file(path) != entry.get("sha256"):
            result.drifts.append(Drift("record", str(path), "changed since the record was "
                                       f"made (sha256 {sha256_file(path)[:12]}…, manifest "
                                       f"{str(entry.get('sha256'))[:12]}…)"))
    if len(result.drifts) == before:
        result.checked.append(f"record: {len(entries)} files match the manifest")


def _check_normalised_files(manifest: dict[str, Any], result: Verification) -> None:
    """The normalised tables the run wrote (under data/agencies/) are still the ones the
    manifest lists: a table overwritten by hand or by ``ita-audit import`` is a drift."""
    for shown, listed, actual in changed_normalised(manifest):
        why = "missing" if actual is None else \
            f"changed (sha256 {actual[:12]}…, manifest {listed[:12]}…)"
        result.drifts.append(Drift("normalised", shown, f"normalised table {why}; re-run the "
                                   "audit (ita-audit run) to write it again"))


def _check_inputs(manifest: dict[str, Any], result: Verification) -> None:
    entries = manifest.get("inputs") or []
    before = len(result.drifts)
    for entry in entries:
        path = resolve(str(entry.get("path")))
        shown = str(entry.get("path"))
        if not path.is_file():
            result.drifts.append(Drift("input", shown, f"{entry.get('role')} file is missing"))
            continue
        actual = sha256_file(path)
        if actual != entry.get("sha256"):
            result.drifts.append(Drift("input", shown, f"{entry.get('role')} file changed "
                                       f"(sha256 {actual[:12]}…, manifest "
                                       f"{str(entry.get('sha256'))[:12]}…); restore it or "
                                       "re-run the audit"))
    if len(result.drifts) == before:
        result.checked.append(f"inputs: {len(entries)} files match their SHA-256")


def _check_environment(manifest: dict[str, Any], result: Verification) -> None:
    recorded = manifest.get("packages") or {}
    now = exact_versions()
    changed = [f"{name} {recorded.get(name)} -> {now.get(name)}" for name in sorted(now)
               if recorded.get(name) != now.get(name)]
    if changed:
        result.notes.append("package versions differ from the record: " + ", ".join(changed))
    if (manifest.get("code") or {}).get("sha256") != code_sha256():
        result.notes.append("the ita_audit code differs from the code the record was made "
                            "with; the outputs decide")


def _reexecute(manifest: dict[str, Any], result: Verification) -> None:
    """Re-run every notebook in a scratch folder and compare outputs, normalised tables and
    the summary with the record."""
    import nbformat


    params = load_params(resolve(str(manifest.get("params_file"))))
    rules = load_sanitizer()
    with tempfile.TemporaryDirectory(prefix="ita-verify-") as scratch:
        scratch_dir = Path(scratch)
        try:
            written = preflight(params, data_root=scratch_dir / "agencies")
        except InputError as err:
            result.drifts.append(Drift("input", str(err.path), err.problem))
            return
        for name in params.notebooks:
            recorded_path = result.record / f"{name}.ipynb"
            try:
                fresh = execute_notebook(notebook_template(name),
                                         params.notebook_parameters(name), scratch_dir)
            except ExecutionError as err:
                result.drifts.append(Drift("output", str(recorded_path), str(err)))
                continue
            scrub(fresh)
            recorded = nbformat.read(recorded_path, as_version=4)
            _compare_notebooks(recorded, fresh, recorded_path, rules, result)
        _compare_normalised(manifest, written, result)
    summary = summarise(params)
    if json.dumps(summary, sort_keys=True) != json.dumps(manifest.get("summary"), sort_keys=True):
        result.drifts.append(Drift("summary", str(result.record / MANIFEST),
                                   "the recomputed summary differs from the manifest's"))
    else:
        result.checked.append("summary: the recomputed summary matches the manifest")


def _compare_notebooks(recorded: Any, fresh: Any, path: Path,
                       rules: list[tuple[re.Pattern[str], str]], result: Verification) -> None:
    old = [c for c in recorded.cells if c.cell_type == "code"]
    new = [c for c in fresh.cells if c.cell_type == "code"]
    if len(old) != len(new):
        result.drifts.append(Drift("output", str(path), f"{len(old)} code cells in the record, "
                                   f"{len(new)} on re-execution"))
        return
    differing = 0
    for number, (a, b) in enumerate(zip(old, new), start=1):
        if a.source != b.source:
            result.drifts.append(Drift("output", str(path), f"code cell {number}: the code "
                                       "differs from the notebook template"))
            differing += 1
        elif sanitized_outputs(a, rules) != sanitized_outputs(b, rules):
            first = (a.source.splitlines() or [""])[0][:60]
            result.drifts.append(Drift("output", str(path), f"code cell {number} ({first!r}): "
                                       "outputs differ on re-execution"))
            differing += 1
    if not differing:
        result.checked.append(f"outputs: {path.name}: {len(old)} code cells reproduce")


def _compare_normalised(manifest: dict[str, Any], written: list[Path],
                        result: Verification) -> None:
    fresh = {p.name: sha256_file(p) for p in written}
    entries = manifest.get("normalised") or []
    before = len(result.drifts)
    for entry in entries:
        name = Path(str(entry.get("path"))).name
        if fresh.get(name) != entry.get("sha256"):
            result.drifts.append(Drift("normalised", str(entry.get("path")),
                                       "the table re-imported from the inputs differs"))
    if entries and len(result.drifts) == before:
        result.checked.append(f"normalised: {len(entries)} table{'s' if len(entries) > 1 else ''}"
                              " re-imported identically")
