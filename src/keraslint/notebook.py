"""Jupyter notebooks: the code cells of an nbformat-4 file, with IPython syntax masked.

Each code cell becomes a :class:`~keraslint.source.Cell`; the cells are analysed in order as one
program. IPython-only lines (``%magic``, ``!shell``, ``?help``, ``x = !cmd``) are replaced by
neutral Python of the same line count, so positions stay true; a cell whose ``%%`` magic runs
something other than Python (``%%bash``, ``%%writefile``) is skipped.
"""

from __future__ import annotations

import json
import re
from typing import Any, Optional

from keraslint.source import Cell, SourceFile, split_lines

#: Cell magics whose body is still Python.
PYTHON_CELL_MAGICS = frozenset(
    {"time", "timeit", "capture", "prun", "debug", "memit", "mprun", "tensorflow_version", "autoreload"}
)

_HELP = re.compile(r"^\s*(\?{1,2}[\w.]*|[\w.]+\?{1,2})\s*$")
_ASSIGNED_MAGIC = re.compile(r"^(\s*[\w.]+(?:\s*,\s*[\w.]+)*\s*=\s*)[!%].*$")


class NotebookError(ValueError):
    """A file that is not a valid nbformat-4 notebook."""


def read_notebook(display: str, data: bytes) -> SourceFile:
    """Parse notebook JSON into a SourceFile of code cells (raises NotebookError)."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise NotebookError(f"not UTF-8: {error.reason}") from None
    except json.JSONDecodeError as error:
        raise NotebookError(
            f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    except RecursionError:
        raise NotebookError("the JSON is nested too deeply to read") from None
    if not isinstance(document, dict):
        raise NotebookError("the JSON document is not an object")
    version = document.get("nbformat")
    if version != 4:
        raise NotebookError(f"nbformat {version!r} is not supported (only nbformat 4)")
    raw_cells = document.get("cells")
    if not isinstance(raw_cells, list):
        raise NotebookError("no `cells` list")
    cells: list[Cell] = []
    for number, raw in enumerate(raw_cells, start=1):
        if not isinstance(raw, dict) or not isinstance(raw.get("cell_type"), str):
            raise NotebookError(f"cell {number} has no `cell_type`")
        if raw["cell_type"] != "code":
            continue
        text = _source_text(raw.get("source", ""), number)
        masked = mask_ipython(text)
        if masked is not None:
            cells.append(Cell(masked, number))
    return SourceFile(display, cells=cells)


def _source_text(source: Any, number: int) -> str:
    if isinstance(source, list) and all(isinstance(line, str) for line in source):
        source = "".join(source)
    if not isinstance(source, str):
        raise NotebookError(f"cell {number} has a `source` that is neither a string nor a list of strings")
    try:  # JSON can spell lone surrogates ("\ud800"), which are not text
        source.encode("utf-8")
    except UnicodeEncodeError as error:
        character = error.object[error.start]
        raise NotebookError(f"cell {number} holds {character!r}, which is not a character") from None
    return source


def mask_ipython(text: str) -> Optional[str]:
    """The cell as plain Python with the same lines, or None for a non-Python cell magic."""
    lines = split_lines(text, keepends=True)
    if not lines:
        return text
    first = lines[0].strip()
    if first.startswith("%%"):
        name = first[2:].split(maxsplit=1)[0] if len(first) > 2 else ""
        if name not in PYTHON_CELL_MAGICS:
            return None
        lines[0] = _ending(lines[0])
        start = 1
    else:
        start = 0
    out = lines[:start]
    depth = 0  # open brackets of the Python text so far: magics only start outside them
    quote = ""  # the triple quote of a string still open at the end of the previous line
    continued = False
    joined = False  # the previous Python line ended with a backslash: this one continues it
    for line in lines[start:]:
        if continued:  # the rest of a magic continued with a backslash
            out.append(_ending(line))
            continued = line.rstrip("\r\n").endswith("\\")
            joined = False
            continue
        stripped = line.strip()
        indent = line[: len(line) - len(line.lstrip())]
        starts_statement = not quote and depth == 0 and not joined
        joined = not quote and line.rstrip("\r\n").endswith("\\") and not stripped.startswith("#")
        if starts_statement and (stripped[:1] in ("%", "!") or _HELP.match(line)):
            out.append(f"{indent}pass{_ending(line)}")
            continued = line.rstrip("\r\n").endswith("\\")
            continue
        assigned = _ASSIGNED_MAGIC.match(line.rstrip("\r\n")) if starts_statement else None
        if assigned is not None:
            out.append(f"{assigned.group(1)}None{_ending(line)}")
            continued = line.rstrip("\r\n").endswith("\\")
            continue
        out.append(line)
        balance, quote = _bracket_balance(line, quote)
        depth = max(0, depth + balance)
    return "".join(out)


def _ending(line: str) -> str:
    """The line ending of a line ("" for the last line without one)."""
    stripped = line.rstrip("\r\n")
    return line[len(stripped) :]


def _bracket_balance(line: str, quote: str = "") -> tuple[int, str]:
    """Opened minus closed brackets on a line, ignoring strings and comments (roughly), and the
    triple quote still open at its end (``quote`` is the one open at its start)."""
    balance = 0
    index = 0
    while index < len(line):
        char = line[index]
        if quote:
            if char == "\\":
                index += 2
                continue
            if line.startswith(quote, index):
                index += len(quote)
                quote = ""
                continue
        elif char == "#":
            break
        elif char in "\"'":
            quote = line[index : index + 3] if line[index : index + 3] in ('"""', "'''") else char
            index += len(quote)
            continue
        elif char in "([{":
            balance += 1
        elif char in ")]}":
            balance -= 1
        index += 1
    return balance, quote if len(quote) == 3 else ""
