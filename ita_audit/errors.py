"""Errors that mean "this input is unusable" (exit code 2 on the command line)."""
from __future__ import annotations

from pathlib import Path


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
