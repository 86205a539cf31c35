"""``path:row:col: CODE [severity] message``: one line per report, for editors and grep."""

from __future__ import annotations

from typing import TextIO

from keraslint.engine import RunResult
from keraslint.output.text import clean


def render(result: RunResult, stream: TextIO) -> None:
    """Write one line per diagnostic."""
    for d in result.diagnostics:
        place = f"{d.path}:cell {d.cell}:" if d.cell is not None else f"{d.path}:"
        row = f"{place}{d.location.row}:{d.location.column}"
        stream.write(f"{clean(row)}: {d.code} [{d.severity}] {clean(d.message)}\n")
