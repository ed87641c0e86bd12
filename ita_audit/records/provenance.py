"""Provenance of a record: every input with its SHA-256, the exact package versions and the
parameters a notebook ran with.

Provenance is kept stable across machines: paths are repo-relative, hashes are of file bytes,
and package versions are printed as ``v<version>`` so that the committed nbval sanitizer
(``nbval-sanitize.cfg``) can mask exactly those and nothing else.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from ita_audit.kinds import BY_NAME
from ita_audit.util.paths import notebook_template, relative, resolve
from ita_audit.util.sources import sha256_file

PROVENANCE_PACKAGES = ("ita-audit", "pandas", "matplotlib", "pythainlp", "papermill",
                       "nbconvert", "nbformat", "pyyaml")


@dataclass(frozen=True)
class InputFile:
    """One input of an audit, by repo-relative path and SHA-256."""

    role: str
    path: str
    sha256: str


def input_file(role: str, path: str | Path) -> InputFile:
    """Describe one input file for the provenance table."""
    return InputFile(role=role, path=relative(path), sha256=sha256_file(path))


def package_versions(names: Iterable[str] = PROVENANCE_PACKAGES,
                     prefix: str = "v") -> dict[str, str]:
    """Exact installed versions, plus Python's; ``v``-prefixed for the record's provenance
    table (so the nbval sanitizer can mask exactly them), bare with ``prefix=""``."""
    return dict(_versions(tuple(names), prefix))


@lru_cache(maxsize=8)
def _versions(names: tuple[str, ...], prefix: str) -> tuple[tuple[str, str], ...]:
    """Looked up once per process: reading the installed packages' metadata walks every
    distribution folder, and a process does not change its packages while it runs."""
    versions = {"python": prefix + ".".join(map(str, sys.version_info[:3]))}
    for name in names:
        try:
            versions[name] = prefix + metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return tuple(versions.items())


def provenance(inputs: Iterable[InputFile], parameters: Mapping[str, Any]) -> dict[str, Any]:
    """Everything needed to reproduce a record: inputs with hashes, versions, parameters."""
    return {"inputs": [vars(i) for i in inputs], "packages": package_versions(),
            "parameters": dict(parameters)}


def record_provenance(kind_name: str, audit: Any, params_file: str = "") -> dict[str, Any]:
    """Provenance of a record of one kind (``oit``, ``hr``, …): the inputs the kind names for
    this audit, the params file and the notebook template, each with its SHA-256; the exact
    package versions; the parameters the kind shows."""
    kind = BY_NAME[kind_name]
    roles, parameters = kind.provenance(audit, params_file)
    inputs = [input_file(role, path) for role, path in roles]
    if params_file:
        inputs.append(input_file("params", resolve(params_file)))
    inputs.append(input_file("notebook", notebook_template(kind.notebook)))
    return provenance(inputs, parameters)
