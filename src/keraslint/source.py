"""Source text: decoding a file, and the cells it is analysed as (one for a .py file)."""

from __future__ import annotations

import io
import tokenize
from dataclasses import dataclass, field
from typing import Optional


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
