"""The diagnostic type every rule produces and every output format renders."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Optional


class Severity(str, enum.Enum):
    """How serious a report is. Errors are certain bugs; warnings are almost certainly wrong."""

    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


#: The output formats, each rendered by a module of keraslint.output.
OUTPUT_FORMATS = ("full", "concise", "json", "json-lines", "sarif", "github", "gitlab", "junit")


class ExitCode(enum.IntEnum):
    """Process exit status, as Ruff and flake8 use it."""

    SUCCESS = 0  # nothing reported
    REPORTS = 1  # at least one report
    ERROR = 2  # usage, configuration or internal error


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based row and 1-based column (in characters)."""

    row: int
    column: int


@dataclass(frozen=True)
class Diagnostic:
    """One report: a rule, a place, and a message that names the actual values."""

    path: str  # the file as given on the command line, or relative to the working directory
    location: Location
    end_location: Location
    code: str
    name: str
    severity: Severity
    message: str
    cell: Optional[int] = None  # 1-based notebook cell, None for .py files
    url: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (for the cache)."""
        return {
            "path": self.path,
            "location": [self.location.row, self.location.column],
            "end_location": [self.end_location.row, self.end_location.column],
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "cell": self.cell,
            "url": self.url,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Diagnostic:
        """The inverse of :meth:`to_dict` (raises KeyError/TypeError/ValueError on bad data)."""
        row, column = data["location"]
        end_row, end_column = data["end_location"]
        return cls(
            path=str(data["path"]),
            location=Location(int(row), int(column)),
            end_location=Location(int(end_row), int(end_column)),
            code=str(data["code"]),
            name=str(data["name"]),
            severity=Severity(data["severity"]),
            message=str(data["message"]),
            cell=None if data["cell"] is None else int(data["cell"]),
            url=data["url"],
        )

    def sort_key(self) -> tuple[str, int, int, int, str]:
        """Stable report order: by file, cell, position, then code."""
        return (self.path, self.cell or 0, self.location.row, self.location.column, self.code)
