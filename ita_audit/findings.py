"""Findings: what a consistency check found wrong, in the shape of DESIGN.md §3.

Every check an audit runs is logged, whether it held or not, so a record can say how many
checks ran and which figures each one confirmed. Only a check that does not hold becomes a
:class:`Finding`. Rounding rules are explicit and exact (``Decimal``, half-up, as Thai
government spreadsheets round).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from types import MappingProxyType
from typing import Any, Literal

#: The verdict of a criteria item or of one aspect of a document: it holds, it does not, or a
#: person has to look (a title or a keyword cannot settle it).
Verdict = Literal["pass", "fail", "review"]
VERDICTS: tuple[Verdict, ...] = ("pass", "fail", "review")
#: How bad a verdict is: the verdict of several checks is the worst of them.
VERDICT_RANK = {"pass": 0, "n/a": 0, "review": 1, "fail": 2}
#: A verdict as a Thai report writes it.
VERDICT_TH = {"pass": "ผ่าน", "fail": "ไม่ผ่าน", "review": "รอตรวจ", "n/a": "-"}

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
TWO_PLACES = Decimal("0.01")


def round_half_up(value: Decimal, places: Decimal = TWO_PLACES) -> Decimal:
    """``value`` rounded half away from zero to ``places`` (``Decimal("0.01")``: two decimals).

    Computed with enough precision that no figure the parser accepts can overflow it."""
    with localcontext() as ctx:
        ctx.prec = 80
        return value.quantize(places, rounding=ROUND_HALF_UP)


def share_of(part: Decimal, total: Decimal) -> Decimal | None:
    """``part ÷ total × 100`` rounded to two decimals; None when the total is zero."""
    if total == 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 80
        return round_half_up(part * 100 / total)


def decimals_of(values: Iterable[Decimal]) -> int:
    """The largest number of decimal places stated among ``values``."""
    return max((max(0, -v.as_tuple().exponent) for v in values  # type: ignore[operator]
                if isinstance(v.as_tuple().exponent, int)), default=0)


def sum_tolerance(parts: Sequence[Decimal], total: Decimal) -> Decimal:
    """How far a stated total may differ from the sum of its stated parts through rounding.

    Each of the ``k`` parts and the total may each be off by half a unit of the stated
    precision, so the bound is ``(k + 1) × ½ × 10^-d``. Whole numbers (head counts) must add up
    exactly: the bound is zero.
    """
    places = decimals_of([*parts, total])
    if places == 0:
        return Decimal(0)
    return (len(parts) + 1) * Decimal(5) * Decimal(10) ** -(places + 1)


def jsonable(value: Any) -> Any:
    """Decimals as JSON numbers (int when whole), dates as ISO strings, tuples as lists; other
    values unchanged."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class CheckRule:
    """One check an audit kind runs, as its table of checks declares it.

    ``id`` is the ``check`` of its findings; an id with a ``<part>`` (``period:<rule>``,
    ``topics.<topic>``) names a family whose part is filled in when it runs. ``severity`` lists
    the severities its findings can have (for the OIT rules: the verdicts it can give), and
    ``rule`` says in one line what holds when the check passes.
    """

    id: str
    severity: tuple[str, ...]
    rule: str

    def matches(self, check: str) -> bool:
        """True for this id, or for a member of its family (``period:monthly``)."""
        if "<" not in self.id:
            return check == self.id
        prefix = self.id[: self.id.index("<")]
        return check.startswith(prefix) and len(check) > len(prefix)


def check_table(*rules: CheckRule) -> Mapping[str, CheckRule]:
    """A kind's table of checks, by id (ids must be unique)."""
    table: dict[str, CheckRule] = {}
    for rule in rules:
        if rule.id in table:
            raise ValueError(f"check {rule.id!r} is declared twice")
        table[rule.id] = rule
    return MappingProxyType(table)


def rule_for(table: Mapping[str, CheckRule], check: str) -> CheckRule | None:
    """The rule of ``check`` in a kind's table: its own entry, else its family's; None when the
    table does not declare it."""
    found = table.get(check)
    if found is not None:
        return found
    return next((rule for rule in table.values() if rule.matches(check)), None)


def severity_counts(counts: Mapping[str, int]) -> dict[str, int]:
    """Findings by severity (``error``, ``warning``, ``info``) out of a check log's counts."""
    return {key: int(counts.get(key, 0)) for key in SEVERITIES}


@dataclass(frozen=True)
class Finding:
    """One inconsistency: which check, where (table, row, line, year), expected vs stated."""

    check: str
    table: str
    year: int | None
    expected: Any
    actual: Any
    severity: Severity
    message: str
    row: str | None = None
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The DESIGN.md §3 finding shape, plus ``row`` and ``line``."""
        return {"check": self.check, "table": self.table, "year": self.year,
                "expected": jsonable(self.expected), "actual": jsonable(self.actual),
                "severity": self.severity, "message": self.message,
                "row": self.row, "line": self.line}


@dataclass(frozen=True)
class CheckRun:
    """One check as run: held, found a problem, or could not run (a figure was missing)."""

    check: str
    table: str
    year: int | None
    status: Literal["ok", "finding", "skipped"]
    row: str | None = None


@dataclass
class CheckLog:
    """Every check run by an audit, and the findings of those that did not hold."""

    runs: list[CheckRun] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def check(self, holds: bool, *, check: str, table: str, year: int | None, expected: Any,
              actual: Any, severity: Severity, message: str, row: str | None = None,
              line: int | None = None) -> bool:
        """Log one check; when it does not hold, add a finding with ``message``."""
        self.runs.append(CheckRun(check, table, year, "ok" if holds else "finding", row))
        if not holds:
            self.findings.append(Finding(check, table, year, expected, actual, severity,
                                         message, row, line))
        return holds

    def skip(self, *, check: str, table: str, year: int | None, row: str | None = None) -> None:
        """Log a check that could not run because a figure it needs is missing (the missing
        figure has its own finding)."""
        self.runs.append(CheckRun(check, table, year, "skipped", row))

    def report(self, finding: Finding) -> None:
        """Add a finding that is not the outcome of a comparison (a missing table, a typo)."""
        self.runs.append(CheckRun(finding.check, finding.table, finding.year, "finding",
                                  finding.row))
        self.findings.append(finding)

    def counts(self) -> dict[str, int]:
        """Checks run, held, with findings, skipped; and findings by severity."""
        out = {"checks": len(self.runs)}
        for status in ("ok", "finding", "skipped"):
            out[status] = sum(1 for r in self.runs if r.status == status)
        for severity in SEVERITIES:
            out[severity] = sum(1 for f in self.findings if f.severity == severity)
        return out
