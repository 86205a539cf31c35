"""A JSON array of reports, with Ruff's field names plus `name` and `severity`."""

from __future__ import annotations

from typing import Any, TextIO

from keraslint.diagnostics import Diagnostic
from keraslint.engine import RunResult
from keraslint.output import dumps


def to_dict(d: Diagnostic) -> dict[str, Any]:
    """One diagnostic as a JSON-ready dict (rows and columns are 1-based)."""
    return {
        "code": d.code,
        "name": d.name,
        "severity": d.severity.value,
        "message": d.message,
        "filename": d.path,
        "location": {"row": d.location.row, "column": d.location.column},
        "end_location": {"row": d.end_location.row, "column": d.end_location.column},
        "cell": d.cell,
        "fix": None,
        "url": d.url,
    }


def render(result: RunResult, stream: TextIO) -> None:
    """Write the whole run as one JSON array."""
    stream.write(dumps([to_dict(d) for d in result.diagnostics], indent=2))
    stream.write("\n")
