"""``manifest.json``: what an audit record was made from, and what it says.

Every record folder ``audits/<year>/<agency>/`` carries a manifest with the SHA-256 of every
input (params file, source documents, the year's criteria and the other reference files), the
parameters each notebook ran with, the notebook templates' hashes, the hash of the package's
own code, exact package versions, the hashes of the files the record consists of and of the
normalised tables the run wrote, and a short summary (OIT score, grade, counts) for the index.

The **fingerprint** hashes everything a record depends on: inputs, parameters, notebook
templates, code and package versions. A batch skips an agency-year whose record carries the
fingerprint it would be made with now. The manifest holds no times and no absolute paths of
in-repo files, so an unchanged run writes it byte for byte again.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ita_audit.criteria.files import criteria_file
from ita_audit.kinds import Params, for_notebooks
from ita_audit.records.provenance import PROVENANCE_PACKAGES, input_file, package_versions
from ita_audit.util.atomic import atomic_write_text
from ita_audit.util.paths import PACKAGE_DIR, notebook_template, relative, resolve
from ita_audit.util.sources import sha256_file

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1


@dataclass(frozen=True)
class FileHash:
    """A file by path (repo-relative when inside the repository) and SHA-256."""

    role: str
    path: str
    sha256: str

    def to_json(self) -> dict[str, str]:
        return {"role": self.role, "path": self.path, "sha256": self.sha256}


@lru_cache(maxsize=1)
def code_sha256() -> str:
    """One hash over the package's source files and bundled fonts (path and bytes of each)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in PACKAGE_DIR.rglob("*")
                       if p.is_file() and p.suffix in (".py", ".ttf", ".tpl", ".j2", ".css")
                       and "__pycache__" not in p.parts):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def input_hashes(params: Params) -> list[FileHash]:
    """Every file the record depends on, in a fixed order: the params file, the documents the
    listed notebooks read (and what each kind adds: the criteria a plan reports on), the
    year's criteria, the other reference files of the criteria folder (the year's document
    kinds, the crosswalks to and from the year, the element synonyms, the policy topics, the
    procurement rules) and the notebook templates. Another year's criteria and document kinds
    are left out: no record reads them, and a new year scaffolded beside them
    (``criteria new``) would otherwise make every record stale."""
    files = [("params", params.path)]
    for kind in for_notebooks(params.notebooks):
        files.append((kind.input_key, params.input_path(kind.input_key)))
        files.extend(kind.extra_inputs(params))
    main = criteria_file(params.fiscal_year)
    if main.is_file():
        files.append(("criteria", main))
    listed = {path for _, path in files}
    for ref in sorted(main.parent.glob("*.yaml")):
        if ref != main and ref not in listed and not _of_other_years(ref.name, params.fiscal_year):
            files.append(("reference", ref))
    files.extend(("notebook", notebook_template(name)) for name in params.notebooks)
    return [FileHash(**vars(input_file(role, path))) for role, path in files]


def _of_other_years(name: str, fiscal_year: int) -> bool:
    """A criteria-folder file named after fiscal years, none of them ``fiscal_year``
    (``ita-2568.yaml``, ``document-kinds-2568.yaml``, ``crosswalk-2566-2568.yaml`` for a 2569
    record); files named after no year (the topics, the rules) are everyone's."""
    years = {int(y) for y in _YEAR_IN_NAME.findall(name)}
    return bool(years) and fiscal_year not in years


_YEAR_IN_NAME = re.compile(r"(?<![0-9])(2[45][0-9]{2})(?![0-9])")


def notebook_parameters(params: Params) -> dict[str, dict[str, Any]]:
    """The papermill parameters of each notebook, as the runner passes them."""
    return {name: params.notebook_parameters(name) for name in params.notebooks}


def exact_versions() -> dict[str, str]:
    """Exact versions of Python and the packages that shape a record (no ``v`` prefix)."""
    return package_versions(PROVENANCE_PACKAGES, prefix="")


def fingerprint(params: Params, inputs: Iterable[FileHash] | None = None) -> str:
    """SHA-256 over inputs, parameters, code and package versions: equal fingerprints mean the
    record would be made from exactly the same things."""
    inputs = input_hashes(params) if inputs is None else list(inputs)
    basis = {"inputs": [i.to_json() for i in inputs], "parameters": notebook_parameters(params),
             "code": code_sha256(), "packages": exact_versions(),
             "manifest_version": MANIFEST_VERSION}
    return hashlib.sha256(canonical(basis).encode()).hexdigest()


def canonical(data: Any) -> str:
    """Deterministic JSON (sorted keys, Thai kept as Thai)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def build_manifest(params: Params, record: Path, normalised: Iterable[Path] | Mapping[Path, Path],
                   summary: Mapping[str, Any]) -> dict[str, Any]:
    """The manifest of a fully written record folder (``record`` may be the staging folder:
    output paths are relative to it). ``normalised``: the normalised tables, or a mapping of
    each table's path to the file that holds its bytes for now (staged beside the record)."""
    tables = dict(normalised) if isinstance(normalised, Mapping) else {p: p for p in normalised}
    inputs = input_hashes(params)
    criteria = next((i for i in inputs if i.role == "criteria"), None)
    outputs = sorted(p for p in record.iterdir() if p.is_file() and p.name != MANIFEST
                     and not p.name.startswith("."))
    return {
        "manifest_version": MANIFEST_VERSION,
        "agency": params.agency,
        "agency_name": params.agency_name,
        "fiscal_year": params.fiscal_year,
        "params_file": relative(params.path),
        "notebooks": list(params.notebooks),
        "parameters": notebook_parameters(params),
        "inputs": [i.to_json() for i in inputs],
        "criteria": criteria.to_json() if criteria else None,
        "code": {"package": "ita_audit", "sha256": code_sha256()},
        "packages": exact_versions(),
        "fingerprint": fingerprint(params, inputs),
        "outputs": [{"path": p.name, "sha256": sha256_file(p)} for p in outputs],
        "normalised": [{"path": relative(p), "sha256": sha256_file(now)}
                       for p, now in tables.items()],
        "summary": dict(summary),
    }


def write_manifest(manifest: Mapping[str, Any], record: Path) -> Path:
    """Write ``manifest.json`` (pretty, sorted, trailing newline) atomically."""

    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return atomic_write_text(record / MANIFEST, text)


def read_manifest(record: Path) -> dict[str, Any] | None:
    """The manifest of a record folder, or None when it has none, it is unreadable or it is
    not shaped as :func:`write_manifest` writes it (:func:`well_formed`; a record edited by
    hand): such a record is made again, and ``verify`` and the index say it has no readable
    manifest."""
    path = record / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and well_formed(data) else None


def well_formed(manifest: Mapping[str, Any]) -> bool:
    """Do the keys that the runner, ``verify``, the index and the cross-agency view read have
    the types a manifest is written with? File lists of ``{path, sha256}`` (a record's own
    files by a plain name inside its folder), mappings for the packages, the code and the
    summary, and in the summary what the index shows: OIT counts, items, score and grade."""
    files = [manifest.get(key, []) for key in ("outputs", "inputs", "normalised")]
    if not all(isinstance(entries, list) and all(
            isinstance(e, dict) and isinstance(e.get("path"), str)
            and isinstance(e.get("sha256"), str) for e in entries) for entries in files):
        return False
    if not all(_own_file(e["path"]) for e in files[0]):
        return False
    if not all(isinstance(manifest.get(key, {}), dict) for key in ("packages", "code", "summary")):
        return False
    if not isinstance(manifest.get("params_file", ""), str):
        return False
    summary = manifest.get("summary", {})
    if not all(isinstance(part, dict) for part in summary.values()):
        return False
    oit = summary.get("oit", {})
    counts, items = oit.get("counts", {}), oit.get("items", {})
    verdicts = summary.get("policy", {}).get("verdicts", {})
    return (isinstance(counts, dict) and all(_is_int(v) for v in counts.values())
            and all(isinstance(m, dict) and all(isinstance(v, str) for v in m.values())
                    for m in (items, verdicts))
            and (oit.get("oit_score") is None or _is_number(oit.get("oit_score")))
            and all(isinstance(oit.get(key) or "", str) for key in ("grade", "criteria_status")))


def _own_file(path: str) -> bool:
    """A plain file name of the record's folder (not a path out of it)."""
    return bool(path) and "/" not in path and "\\" not in path and path not in (".", "..")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_current(record: Path, expected_fingerprint: str, page_assets: str | None) -> bool:
    """True when the record exists, carries this fingerprint, has its pages in the mode asked
    for (``page_assets``: the URL of the shared assets folder its pages link, as the manifest
    names it; None: self-contained pages), and its files and the normalised tables it lists
    are intact (so a record edited by hand or half-deleted, a table overwritten, or pages made
    for the other mode, is made again rather than skipped)."""
    manifest = read_manifest(record)
    if not manifest or manifest.get("fingerprint") != expected_fingerprint:
        return False
    if manifest.get("page_assets") != page_assets:
        return False
    for entry in manifest.get("outputs", []):
        path = record / str(entry.get("path", ""))
        if not path.is_file() or sha256_file(path) != entry.get("sha256"):
            return False
    if changed_normalised(manifest):
        return False
    return bool(manifest.get("outputs"))


def changed_normalised(manifest: Mapping[str, Any]) -> list[tuple[str, str, str | None]]:
    """(path as listed, SHA-256 listed, SHA-256 now or None when missing) of each normalised
    table of the manifest that is no longer the one the record was made with."""
    changed = []
    for entry in manifest.get("normalised", []):
        path = resolve(str(entry.get("path", "")))
        actual = sha256_file(path) if path.is_file() else None
        if actual != entry.get("sha256"):
            changed.append((str(entry.get("path")), str(entry.get("sha256")), actual))
    return changed


# --- the summary the index shows ---------------------------------------------------------

def summarise(params: Params) -> dict[str, Any]:
    """Headline figures of each notebook of the record, by kind, computed by the same package
    functions the notebooks call (so the index and the records agree)."""
    return {kind.name: kind.summary(params) for kind in for_notebooks(params.notebooks)}
