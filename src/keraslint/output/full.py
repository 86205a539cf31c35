"""The default terminal format: each report with its source line, a caret and the rule name."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.text import Text

from keraslint.diagnostics import Diagnostic, Severity
from keraslint.engine import RunResult
from keraslint.output.text import clean, summary
from keraslint.source import SourceFile

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow"}


def _frame(d: Diagnostic, source: SourceFile) -> Text:
    """The reported line with a caret under the reported span (first line of it)."""
    line = source.line(d.location.row, d.cell)
    start = d.location.column - 1
    end = d.end_location.column - 1 if d.end_location.row == d.location.row else len(line)
    prefix = clean(line[:start].expandtabs())
    marked = clean(line[start : max(end, start + 1)].expandtabs())
    shown = clean(line.expandtabs())
    gutter = " " * len(str(d.location.row))
    text = Text()
    text.append(f"{gutter} |\n", style="blue")
    text.append(f"{d.location.row} | ", style="blue")
    text.append(shown + "\n")
    text.append(f"{gutter} | ", style="blue")
    text.append(" " * len(prefix))
    text.append("^" * max(1, len(marked)), style=_STYLE[d.severity])
    text.append(f" {d.name}", style=_STYLE[d.severity])
    text.append(f"\n{gutter} |", style="blue")
    return text


def render(result: RunResult, stream: TextIO) -> None:
    """Write every report with its code frame, then the summary line."""
    console = Console(file=stream, highlight=False, soft_wrap=True, emoji=False)
    for d in result.diagnostics:
        place = f"{d.path}:cell {d.cell}:" if d.cell is not None else f"{d.path}:"
        header = Text()
        header.append(clean(f"{place}{d.location.row}:{d.location.column}"), style="bold")
        header.append(": ")
        header.append(d.code, style=_STYLE[d.severity])
        header.append(f" [{d.severity}] ")
        header.append(clean(d.message))
        console.print(header)
        source = result.source(d.path)
        if source is not None and source.line(d.location.row, d.cell):
            console.print(_frame(d, source))
        console.print()
    console.print(Text(summary(result), style="bold"))
