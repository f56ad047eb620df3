"""Errors contractkit raises; the CLI turns each into exit code 2 and one located line."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class ContractkitError(Exception):
    """Base class: something the user can fix, described in their terms."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        """The message as the lines the CLI prints."""
        return [self.message]


class InputError(ContractkitError):
    """An input file that cannot be used: unreadable, malformed, or of the wrong shape."""

    def __init__(self, *, file: str | Path, line: int | None = None, message: str, field: str | None = None) -> None:
        self.file = str(file)
        self.line = line
        self.field = field  # the dotted path of the value concerned, where the problem is one value's
        where = f"{self.file}:{line}" if line else self.file
        super().__init__(f"{where}: {message}")


class CellError(InputError):
    """A cell of a workbook that cannot be used, located as ``FILE.xlsx:Sheet!C12: message``."""

    def __init__(self, *, file: str | Path, sheet: str, cell: str, message: str) -> None:
        self.file = str(file)
        self.line = None
        self.sheet = sheet
        self.cell = cell
        ContractkitError.__init__(self, f"{self.file}:{sheet}!{cell}: {message}")


class InputErrors(ContractkitError):
    """Several located problems in one input file, reported together so one run shows them all."""

    def __init__(self, errors: Iterable[InputError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(e.message for e in self.errors))

    def lines(self) -> list[str]:
        return [e.message for e in self.errors]


class UsageError(ContractkitError):
    """A command asked for something that cannot be done as asked."""


class OutputError(ContractkitError):
    """An output that cannot be written (exists without --force, or the folder is not writable)."""


class Refusal(ContractkitError):
    """A command refused on the merits: the input is readable but the request cannot be honoured."""

    exit_code = 1
