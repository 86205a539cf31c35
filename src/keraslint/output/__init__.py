"""Output formats: one renderer per module, all reading the same RunResult."""

from __future__ import annotations

from typing import Callable, TextIO

from keraslint.engine import RunResult

Renderer = Callable[[RunResult, TextIO], None]

FORMATS = ("full", "concise", "json")


def renderer(name: str) -> Renderer:
    """The render function of an output format (imported lazily: rich only for `full`)."""
    if name == "full":
        from keraslint.output.full import render
    elif name == "concise":
        from keraslint.output.concise import render
    elif name == "json":
        from keraslint.output.json import render
    else:
        raise ValueError(f"unknown output format {name!r}")
    return render
