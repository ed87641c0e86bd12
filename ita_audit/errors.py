"""The errors every command can end with, and their exit codes.

One base, :class:`ItaAuditError`, under which :class:`InputError` (unusable input: exit 2),
its kind :class:`CriteriaError` (an unusable criteria file or request: exit 2) and
:class:`ExecutionError` (a notebook failed to execute: exit 3). ``str(err)`` is the one line the
command line prints; ``err.exit_code`` is the code it exits with. ``cli.main`` catches the base
once.
"""
from __future__ import annotations

from pathlib import Path

# Exit codes of every command: success, error-level findings with --strict, unusable input,
# a notebook that failed to execute.
EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_EXECUTION = 0, 1, 2, 3


def describe_os_error(err: OSError, default: str = "<output>") -> str:
    """``<file>: <reason>`` for an OSError (the second file of a rename when there is one)."""
    return f"{err.filename2 or err.filename or default}: {err.strerror or err}"


class ItaAuditError(Exception):
    """The base of every error this package raises on purpose; ``exit_code`` says how the
    command line ends."""

    exit_code = EXIT_EXECUTION

    def __str__(self) -> str:
        """One line, whatever a library's message or a file name holds: their line breaks
        become spaces (they would split the line the command line prints, or forge a line of
        a log)."""
        return " ".join(super().__str__().splitlines())


class InputError(ItaAuditError, ValueError):
    """Unusable input: names the file, the line or key, the problem and the fix.

    ``str(err)`` is the one-line message the CLI prints before exiting with code 2.
    """

    exit_code = EXIT_INPUT

    def __init__(self, path: str | Path | None, problem: str, *, where: str | None = None,
                 fix: str | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.where = where
        self.problem = problem
        self.fix = fix
        super().__init__(self._message())

    def _message(self) -> str:
        location = self.path or "<input>"
        if self.where:
            location = f"{location}:{self.where}"
        message = f"{location}: {self.problem}"
        if self.fix:
            message += f" (fix: {self.fix})"
        return message


class WrongDocumentError(InputError):
    """A reader was given a document of another kind: an OIT disclosure index where an HR report
    belongs, say. The message says what the file looks like instead when that is known
    (:meth:`identified`), else what the expected document lacks, and the fix."""

    def __init__(self, path: str | Path | None, expected: str, missing: str, *, fix: str,
                 looks_like: str | None = None) -> None:
        self.expected = expected
        self.missing = missing
        self.looks_like = looks_like
        problem = (f"this looks like {looks_like}, not {expected}" if looks_like
                   else f"this does not look like {expected} ({missing})")
        super().__init__(path, problem, fix=fix)

    def identified(self, looks_like: str) -> WrongDocumentError:
        """The same error, saying what the file looks like instead."""
        return WrongDocumentError(self.path, self.expected, self.missing, fix=self.fix or "",
                                  looks_like=looks_like)


class CriteriaError(InputError):
    """An unusable criteria or crosswalk file, or a request for a year without criteria.

    ``str(err)`` reads ``"<file>: <key path>: <problem> (fix: <fix>)"``.
    """

    def _message(self) -> str:
        parts = [part for part in (self.path, self.where) if part]
        message = ": ".join([*parts, self.problem])
        return f"{message} (fix: {self.fix})" if self.fix else message


class ExecutionError(ItaAuditError, RuntimeError):
    """A notebook failed while executing; the previous record is untouched."""

    exit_code = EXIT_EXECUTION
