"""Errors that mean "this input is unusable" (exit code 2 on the command line)."""
from __future__ import annotations

from pathlib import Path


# Exit codes of every command: success, error-level findings with --strict, unusable input,
# a notebook that failed to execute.
EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_EXECUTION = 0, 1, 2, 3


def describe_os_error(err: OSError, default: str = "<output>") -> str:
    """``<file>: <reason>`` for an OSError (the second file of a rename when there is one)."""
    return f"{err.filename2 or err.filename or default}: {err.strerror or err}"


class InputError(ValueError):
    """Unusable input: names the file, the line or key, the problem and the fix.

    ``str(err)`` is the one-line message the CLI prints before exiting with code 2.
    """

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
