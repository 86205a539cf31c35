"""GitHub Actions workflow commands: one ``::error`` / ``::warning`` annotation per report.

``::error file=model.py,line=8,col=38,endLine=8,endColumn=52,title=keraslint (KL101)::message``

Values are escaped as the Actions runner expects: ``%``, CR and LF in the message, and also
``:`` and ``,`` in property values. Notebook reports point at the start of the ``.ipynb`` file
(the runner cannot address a cell) and name the cell and line in the message.
"""

from __future__ import annotations

from typing import TextIO

from keraslint.diagnostics import Diagnostic
from keraslint.engine import RunResult
from keraslint.output import where
from keraslint.output.text import clean


def escape_data(text: str) -> str:
    """Escape a command's message (the text after ``::``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command property value (``file=...``, ``title=...``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(d: Diagnostic) -> str:
    """The workflow command annotating one report (no trailing newline)."""
    path = clean(d.path.replace("\\", "/"))
    if d.cell is None:
        position = (
            f"line={d.location.row},col={d.location.column},"
            f"endLine={d.end_location.row},endColumn={d.end_location.column}"
        )
    else:
        position = "line=1,col=1"
    title = f"keraslint ({d.code})"
    message = clean(where(d) + d.message)
    return (
        f"::{d.severity.value} file={escape_property(path)},{position},"
        f"title={escape_property(title)}::{escape_data(message)}"
    )


def render(result: RunResult, stream: TextIO) -> None:
    """Write one workflow command per diagnostic."""
    for d in result.diagnostics:
        stream.write(command(d) + "\n")
