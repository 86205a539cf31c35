"""Reading, decoding and parsing one file, and locating reported nodes in it.

Positions are computed only for the nodes that are reported: a partial code generation with
position tracking runs from the top of the module and stops as soon as every requested node has
been seen, instead of libcst's whole-tree metadata (several times the cost of the parse).
"""

from __future__ import annotations

import io
import tokenize
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Optional

import libcst as cst
from libcst._position import CodeRange
from libcst.metadata.position_provider import PositionProvidingCodegenState


@dataclass
class Cell:
    """Python text parsed on its own: a whole ``.py`` file, or one notebook code cell."""

    text: str
    number: Optional[int] = None  # 1-based position among all notebook cells; None for .py
    _lines: Optional[list[str]] = field(default=None, repr=False)

    @property
    def lines(self) -> list[str]:
        """The text split into lines (without line endings)."""
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines

    def line(self, row: int) -> str:
        """Line ``row`` (1-based), or "" past the end."""
        lines = self.lines
        return lines[row - 1] if 0 < row <= len(lines) else ""


class SourceFile:
    """One file to check, as the name it is shown under and its cells (one for a .py file)."""

    __slots__ = ("cells", "display")

    def __init__(self, display: str, text: str = "", cells: Optional[list[Cell]] = None) -> None:
        self.display = display
        self.cells = cells if cells is not None else [Cell(text)]

    @property
    def is_notebook(self) -> bool:
        return not (len(self.cells) == 1 and self.cells[0].number is None)

    @property
    def text(self) -> str:
        """All the Python text (cells joined), for quick textual checks."""
        return "\n".join(cell.text for cell in self.cells)

    def cell(self, number: Optional[int]) -> Optional[Cell]:
        """The cell with this notebook number (None: the .py file's only cell)."""
        for cell in self.cells:
            if cell.number == number:
                return cell
        return None

    def line(self, row: int, cell: Optional[int] = None) -> str:
        """Line ``row`` of a cell (1-based), or ""."""
        found = self.cell(cell)
        return found.line(row) if found is not None else ""


def decode(data: bytes) -> str:
    """Decode Python source bytes: PEP 263 coding cookie, UTF-8 BOM, else UTF-8.

    Raises UnicodeDecodeError or SyntaxError (an unknown encoding name) on failure.
    """
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    return text[1:] if text.startswith("\ufeff") else text


class _Done(Exception):
    """Raised inside code generation once every requested node has a position."""


class _Positions:
    """Stands in for libcst's position provider: it only needs a `_computed` dict."""

    __slots__ = ("_computed",)

    def __init__(self) -> None:
        self._computed: dict[cst.CSTNode, CodeRange] = {}


class _LocatingState(PositionProvidingCodegenState):
    """Code generation that tracks positions and stops when all targets are found."""

    __slots__ = ("_remaining", "finished")
    _remaining: set[int]
    finished: bool

    def after_codegen(self, node: cst.CSTNode) -> None:
        super().after_codegen(node)
        remaining: set[int] = self._remaining
        if id(node) in remaining:
            remaining.discard(id(node))
            if not remaining:
                self.finished = True
                raise _Done


def locate(module: cst.Module, nodes: Iterable[cst.CSTNode]) -> dict[int, CodeRange]:
    """Source ranges (1-based lines, 0-based columns) of ``nodes``, keyed by ``id(node)``."""
    wanted = {id(n): n for n in nodes}
    if not wanted:
        return {}
    provider = _Positions()
    state = _LocatingState(
        default_indent=module.default_indent,
        default_newline=module.default_newline,
        provider=provider,  # type: ignore[arg-type]
    )
    state._remaining = set(wanted)
    state.finished = False
    try:
        module._codegen(state)
    except _Done:
        pass
    except KeyError:
        # Stopping mid-generation can leave an enclosing node's recorder without its end;
        # that only happens after every requested node was found.
        if not state.finished:
            raise
    computed = provider._computed
    return {key: computed[node] for key, node in wanted.items() if node in computed}
