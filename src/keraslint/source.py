"""Source text: decoding a file, and the cells it is analysed as (one for a .py file)."""

from __future__ import annotations

import io
import re
import tokenize
import warnings
from ast import PyCF_ONLY_AST
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
            self._lines = split_lines(self.text)
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


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def split_lines(text: str, keepends: bool = False) -> list[str]:
    """Python's lines: split at \\n, \\r\\n and \\r only. (``str.splitlines`` also splits at
    form feeds, \\x1c-\\x1e, NEL and U+2028/9, which Python source treats as ordinary text.)"""
    lines = _LINE.findall(text)
    return lines if keepends else [line.rstrip("\r\n") for line in lines]


def decode(data: bytes) -> str:
    """Decode Python source bytes: PEP 263 coding cookie, UTF-8 BOM, else UTF-8.

    Raises UnicodeDecodeError or SyntaxError (an unknown encoding name) on failure.
    """
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    return text[1:] if text.startswith("\ufeff") else text


def python_syntax_error(text: str, filename: str = "<unknown>") -> Optional[SyntaxError]:
    """CPython's own verdict on a text (parsed to an AST only, a tenth of libcst's cost): None
    when it is valid Python, else the SyntaxError, always with a position. The warnings CPython
    gives about the code (invalid escapes, ``1if``) are not shown: they are not ours to give.

    May raise RecursionError or MemoryError on hostile input.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            compile(text, filename, "exec", PyCF_ONLY_AST, dont_inherit=True)
        except SyntaxError as error:
            if error.lineno is None and "\0" in text:  # 3.11 gives no position
                return _null_byte(text)
            return error
        except ValueError:  # older Pythons: "source code string cannot contain null bytes"
            if "\0" in text:
                return _null_byte(text)
            raise
    return None


def _null_byte(text: str) -> SyntaxError:
    lines = split_lines(text[: text.index("\0") + 1])
    error = SyntaxError("source code cannot contain null bytes")
    error.lineno, error.offset = len(lines), len(lines[-1])
    return error
