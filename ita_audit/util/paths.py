"""Where things live: the repository root and the standard data and record folders."""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from ita_audit.errors import InputError

#: The ``ita_audit`` package folder; the repository is its parent (editable install).
PACKAGE_DIR = Path(__file__).resolve().parents[1]
_AGENCY_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\Z")


def repo_root() -> Path:
    """The repository root (the package is installed in editable mode from it).

    ``ITA_AUDIT_ROOT`` overrides it, for running against another checkout.
    """
    return _root(os.environ.get("ITA_AUDIT_ROOT"))


@lru_cache(maxsize=8)
def _root(override: str | None) -> Path:
    """Resolved once per value of ``ITA_AUDIT_ROOT`` (the engine asks for it per audit)."""
    return Path(override).resolve() if override else PACKAGE_DIR.parent


REVIEWER_SUFFIX = ".reviewer.html"      # the reviewer version beside <notebook>.html


def notebook_template(name: str) -> Path:
    """``notebooks/<name>.ipynb``, the template a record is executed from."""
    return repo_root() / "notebooks" / f"{name}.ipynb"


def is_agency_slug(text: str) -> bool:
    """True for a safe agency id (the rule :func:`check_agency` enforces)."""
    return isinstance(text, str) and bool(_AGENCY_SLUG.match(text))


def relative(path: str | Path) -> str:
    """A path relative to the repository root when it lies inside it, so records of in-repo
    inputs are portable; an input outside the repository keeps its absolute path, so the
    record still names (and hashes) the very file that was audited."""
    path = Path(path).resolve()
    try:
        return path.relative_to(repo_root()).as_posix()
    except ValueError:
        return path.as_posix()


def resolve(path: str | Path, base: Path | None = None) -> Path:
    """A path as given if absolute, else relative to ``base`` (default: the repository root)."""
    path = Path(path)
    return path if path.is_absolute() else (base or repo_root()) / path


def check_agency(agency: str, source: str | Path | None = None) -> str:
    """Validate an agency id: a lower-case slug (a–z, 0–9, hyphen), never a path fragment."""
    if not is_agency_slug(agency):
        raise InputError(source, f"agency id {agency!r} is not a safe slug", where="agency",
                         fix="use lower-case letters, digits and hyphens, e.g. 'sso' or 'msdhs-ops'")
    return agency


def record_dir(fiscal_year: int, agency: str, audits_root: Path | None = None) -> Path:
    """``audits/<year>/<agency>/`` for one agency-year."""
    return (audits_root or repo_root() / "audits") / str(int(fiscal_year)) / check_agency(agency)


def agency_data_dir(agency: str, fiscal_year: int, root: Path | None = None) -> Path:
    """``data/agencies/<agency>/<year>/`` where the importers put normalised inputs (``root``,
    or else ``$ITA_AUDIT_AGENCIES_DIR``, replaces ``data/agencies``, e.g. for a scratch run)."""
    root = root or Path(os.environ.get("ITA_AUDIT_AGENCIES_DIR")
                        or repo_root() / "data" / "agencies")
    return root / check_agency(agency) / str(int(fiscal_year))
