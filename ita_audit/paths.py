"""Where things live: the repository root and the standard data and record folders."""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from .errors import InputError

_AGENCY_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\Z")


def repo_root() -> Path:
    """The repository root (the package is installed in editable mode from it).

    ``ITA_AUDIT_ROOT`` overrides it, for running against another checkout.
    """
    return _root(os.environ.get("ITA_AUDIT_ROOT"))


@lru_cache(maxsize=8)
def _root(override: str | None) -> Path:
    """Resolved once per value of ``ITA_AUDIT_ROOT`` (the engine asks for it per audit)."""
    return Path(override).resolve() if override else Path(__file__).resolve().parent.parent


REVIEWER_SUFFIX = ".reviewer.html"      # the reviewer version beside <notebook>.html


def notebook_template(name: str) -> Path:
    """``notebooks/<name>.ipynb``, the template a record is executed from."""
    return repo_root() / "notebooks" / f"{name}.ipynb"


def is_agency_slug(text: str) -> bool:
    """True for a safe agency id (the rule :func:`check_agency` enforces)."""
    return isinstance(text, str) and bool(_AGENCY_SLUG.match(text))


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
