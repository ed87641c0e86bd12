"""The audit record: provenance, atomic writes and the rendered HTML.

Provenance is kept stable across machines: paths are repo-relative, hashes are of file bytes,
and package versions are printed as ``v<version>`` so that the committed nbval sanitizer
(``nbval-sanitize.cfg``) can mask exactly those and nothing else.
"""
from __future__ import annotations

import errno
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

from .paths import notebook_template, repo_root, resolve
from .sources import sha256_file

PROVENANCE_PACKAGES = ("ita-audit", "pandas", "matplotlib", "pythainlp", "papermill",
                       "nbconvert", "nbformat", "pyyaml")


@dataclass(frozen=True)
class InputFile:
    """One input of an audit, by repo-relative path and SHA-256."""

    role: str
    path: str
    sha256: str


def relative(path: str | Path) -> str:
    """A path relative to the repository root when it lies inside it, so records of in-repo
    inputs are portable; an input outside the repository keeps its absolute path, so the
    record still names (and hashes) the very file that was audited."""
    path = Path(path).resolve()
    try:
        return path.relative_to(repo_root()).as_posix()
    except ValueError:
        return path.as_posix()


def input_file(role: str, path: str | Path) -> InputFile:
    """Describe one input file for the provenance table."""
    return InputFile(role=role, path=relative(path), sha256=sha256_file(path))


def package_versions(names: Iterable[str] = PROVENANCE_PACKAGES,
                     prefix: str = "v") -> dict[str, str]:
    """Exact installed versions, plus Python's; ``v``-prefixed for the record's provenance
    table (so the nbval sanitizer can mask exactly them), bare with ``prefix=""``."""
    versions = {"python": prefix + ".".join(map(str, sys.version_info[:3]))}
    for name in names:
        try:
            versions[name] = prefix + metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def provenance(inputs: Iterable[InputFile], parameters: Mapping[str, Any]) -> dict[str, Any]:
    """Everything needed to reproduce a record: inputs with hashes, versions, parameters."""
    return {"inputs": [vars(i) for i in inputs], "packages": package_versions(),
            "parameters": dict(parameters)}


# --- atomic writes -----------------------------------------------------------------------

def atomic_write_text(path: Path, text: str) -> Path:
    """Write text via a temporary file in the same folder and an atomic rename.

    Only a regular file (or nothing) may be replaced: renaming over a device or a folder would
    destroy it, so that is an OSError naming the path.
    """
    if path.exists() and not path.is_file():
        raise OSError(errno.EINVAL, "exists and is not a regular file", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)          # mkstemp creates 0600; records are for reviewers to read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def staging_dir(target: Path) -> Path:
    """A fresh temporary folder beside ``target`` (same file system, so renames are atomic)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.staging-"))
    staged.chmod(0o755)
    return staged


def replace_dir(staged: Path, target: Path) -> None:
    """Swap a fully written staging folder into place.

    The old record is moved aside first and removed only after the new one is in place, so a
    crash leaves either the old record or the new one (and a leftover ``.old`` folder that the
    next run cleans up), never a half-written record.
    """
    backup = target.with_name(f".{target.name}.old")
    if backup.exists():
        shutil.rmtree(backup)
    if target.exists():
        os.replace(target, backup)
    os.replace(staged, target)
    if backup.exists():
        shutil.rmtree(backup)


@contextmanager
def staged_record(target: Path) -> Iterator[Path]:
    """Write a record folder atomically: recover an interrupted swap, yield a fresh staging
    folder beside ``target``, and swap it in only when the block finishes; on any error the
    staging folder is removed and ``target`` is untouched."""
    recover_interrupted(target)
    staged = staging_dir(target)
    try:
        yield staged
        replace_dir(staged, target)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise


def recover_interrupted(target: Path) -> None:
    """Restore a record left aside by an interrupted swap and drop stale staging folders."""
    backup = target.with_name(f".{target.name}.old")
    if backup.exists() and not target.exists():
        os.replace(backup, target)
    for stale in target.parent.glob(f".{target.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _params_and_notebook(params_file: str, notebook: str) -> list[InputFile]:
    inputs = [input_file("params", resolve(params_file))] if params_file else []
    return inputs + [input_file("notebook", notebook_template(notebook))]


def audit_provenance(audit: Any, params_file: str = "") -> dict[str, Any]:
    """Provenance of an OIT audit: disclosure, criteria, params and notebook template."""
    inputs = [input_file("disclosure", resolve(audit.source)),
              input_file("criteria", audit.criteria.path),
              *_params_and_notebook(params_file, "oit_audit")]
    parameters = {"agency": audit.agency, "fiscal_year": audit.fiscal_year,
                  "year_basis": audit.year_basis, "disclosure": audit.source,
                  "params_file": params_file,
                  "overrides": {k: vars(v) for k, v in
                                ((r.item.id, r.override) for r in audit.items) if v}}
    return provenance(inputs, parameters)


def hr_provenance(audit: Any, params_file: str = "") -> dict[str, Any]:
    """Provenance of an HR report audit: the report, params and notebook template."""
    return document_provenance("hr_report", audit, "hr_audit", params_file)


def plan_provenance(audit: Any, params_file: str = "") -> dict[str, Any]:
    """Provenance of an integrity-plan audit: the report, the plan year's criteria (item
    names and coverage), params and notebook template."""
    from .criteria import load_criteria

    extra = ([input_file("criteria", load_criteria(audit.criteria_year).path)]
             if audit.criteria_year else [])
    return document_provenance("plan_report", audit, "integrity_plan", params_file, extra)


def document_provenance(role: str, audit: Any, notebook: str, params_file: str = "",
                        extra: Sequence[InputFile] = ()) -> dict[str, Any]:
    """Provenance of an audit of one document (``audit.source``): the document, any other
    inputs, the params file and the notebook template."""
    inputs = [input_file(role, resolve(audit.source)), *extra,
              *_params_and_notebook(params_file, notebook)]
    parameters = {"agency": audit.agency, "fiscal_year": audit.fiscal_year,
                  role: audit.source, "params_file": params_file}
    return provenance(inputs, parameters)


def policy_provenance(audits: Sequence[Any], params_file: str = "") -> dict[str, Any]:
    """Provenance of a policy-document audit (one announcement judged for several items): the
    announcement, the year's criteria, the topic list, params and notebook template."""
    from .criteria import load_criteria
    from .documents import TOPICS_FILE

    first = audits[0]
    extra = [input_file("criteria", load_criteria(first.fiscal_year).path),
             input_file("policy_topics", TOPICS_FILE)]
    prov = document_provenance("policy_document", first, "policy_document", params_file, extra)
    prov["parameters"]["policy_items"] = [a.judgement.item.id for a in audits]
    return prov
