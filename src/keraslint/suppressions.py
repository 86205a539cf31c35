"""Suppression comments.

* ``# noqa`` / ``# noqa: KL101, KL105`` on the reported line (flake8-compatible; a bare
  ``# noqa`` silences every rule on the line, as flake8 does);
* ``# keraslint: ignore[KL101]`` or ``# keraslint: ignore[softmax-single-unit]`` on the reported
  line, or alone on the line above it;
* ``# keraslint: noqa`` on a line of its own (conventionally at the top): the whole file is
  skipped.

A report inside a call that spans several lines counts as being on every line of that call, so
the comment can sit on any of them (usually the last). Comments are found with ``tokenize``, only
for files that have reports.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field
from typing import Optional

from keraslint.diagnostics import Diagnostic, Location
from keraslint.rules.registry import UnknownSelector, matching
from keraslint.source import Cell

_NOQA = re.compile(r"#\s*noqa\b(?::\s*(?P<codes>[\w-]+(?:[\s,]+[\w-]+)*))?", re.IGNORECASE)
_IGNORE = re.compile(r"#\s*keraslint:\s*ignore\b(?:\[(?P<codes>[^\]]*)\])?", re.IGNORECASE)
_LAYOUT = (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
_FILE = re.compile(r"^[ \t]*#\s*keraslint:\s*noqa[ \t]*$", re.IGNORECASE | re.MULTILINE)


def skips_file(text: str) -> bool:
    """Whether a ``# keraslint: noqa`` comment, alone on its line, asks to skip the whole file
    (the same text inside a string or docstring does not)."""
    if not _FILE.search(text):
        return False
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT and _FILE.match(token.line.rstrip("\r\n")):
                return True
    except (tokenize.TokenError, SyntaxError):
        return True  # not Python anyway: trust the line
    return False


@dataclass
class Directive:
    """One suppression comment."""

    row: int
    column: int  # 1-based column of the ``#``
    text: str  # the comment as written
    codes: Optional[frozenset[str]]  # rule codes; None = every rule
    own_line: bool  # the comment is alone on its line
    keraslint: bool  # a ``# keraslint: ignore`` (else a ``# noqa``)
    foreign: bool = False  # names codes of other tools only (``# noqa: E501``)
    used: set[str] = field(default_factory=set)


def _codes(raw: Optional[str]) -> tuple[Optional[frozenset[str]], bool]:
    """Resolve the codes listed in a directive; the second value is True when none of them
    is a keraslint rule (a directive for another tool)."""
    if raw is None or not raw.strip():
        return None, False
    codes: set[str] = set()
    foreign = True
    for part in re.split(r"[\s,]+", raw.strip()):
        if not part:
            continue
        try:
            found = matching(part)
        except UnknownSelector:
            continue
        if part.upper().startswith("KL") or any(r.name == part.lower() for r in found):
            foreign = False
            codes.update(r.code for r in found)
    return frozenset(codes), foreign


class CellDirectives:
    """The suppression comments of one cell and the extent of its calls."""

    def __init__(self, cell: Cell) -> None:
        self.directives: list[Directive] = []
        self.calls: list[tuple[int, int]] = []  # (first row, last row) of multi-line calls
        self._scan(cell.text)

    def _scan(self, text: str) -> None:
        stack: list[tuple[int, bool]] = []
        previous: Optional[tokenize.TokenInfo] = None
        code_rows: set[int] = set()
        try:
            tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
        except (tokenize.TokenError, SyntaxError, IndentationError):
            tokens = []
        for token in tokens:
            if token.type == tokenize.COMMENT:
                self._comment(
                    token.string, token.start[0], token.start[1] + 1, token.start[0] not in code_rows
                )
            elif token.type == tokenize.OP and token.string in "([{":
                is_call = (
                    token.string == "("
                    and previous is not None
                    and (previous.type == tokenize.NAME or previous.string in (")", "]"))
                )
                stack.append((token.start[0], is_call))
            elif token.type == tokenize.OP and token.string in ")]}" and stack:
                first, is_call = stack.pop()
                if is_call and token.start[0] > first:
                    self.calls.append((first, token.start[0]))
            if token.type not in (
                tokenize.COMMENT,
                tokenize.NL,
                tokenize.NEWLINE,
                tokenize.INDENT,
                tokenize.DEDENT,
            ):
                code_rows.update(range(token.start[0], token.end[0] + 1))
            if token.type not in (tokenize.NL, tokenize.COMMENT):
                previous = token

    def _comment(self, text: str, row: int, column: int, own_line: bool) -> None:
        for pattern, is_keraslint in ((_IGNORE, True), (_NOQA, False)):
            match = pattern.search(text)
            if match is not None:
                codes, foreign = _codes(match.group("codes"))
                self.directives.append(Directive(row, column, text, codes, own_line, is_keraslint, foreign))
                return

    def rows_of(self, d: Diagnostic) -> range:
        """The lines a report counts as being on: its own, and every line of each multi-line
        call around it (so the closing line of an enclosing `compile(` counts)."""
        first, last = d.location.row, d.end_location.row
        for start, end in self.calls:
            if start <= d.location.row <= end:
                first, last = min(first, start), max(last, end)
        return range(first, last + 1)

    def suppressor(self, d: Diagnostic) -> Optional[Directive]:
        """The directive that silences a report, if any."""
        rows = self.rows_of(d)
        for directive in self.directives:
            on_line = directive.row in rows
            above = directive.keraslint and directive.own_line and directive.row == rows.start - 1
            if (on_line or above) and (directive.codes is None or d.code in directive.codes):
                return directive
        return None


ENGINE_CODES = frozenset({"KL001", "KL002", "KL003"})  # about the file itself: not suppressible
_MARKERS = ("noqa", "keraslint")  # looked for in the lower-cased text


def filter_reports(
    diagnostics: list[Diagnostic], cells: list[Cell]
) -> tuple[list[Diagnostic], list[tuple[Optional[int], Directive]]]:
    """Drop the reports a comment suppresses. Also return every directive (with its cell and
    what it silenced), for the unused-suppression rule. Only cells that mention a directive
    are tokenized."""
    scanned = {
        cell.number: CellDirectives(cell) for cell in cells if any(m in cell.text.lower() for m in _MARKERS)
    }
    kept: list[Diagnostic] = []
    for d in diagnostics:
        directives = scanned.get(d.cell)
        found = directives.suppressor(d) if directives is not None and d.code not in ENGINE_CODES else None
        if found is None:
            kept.append(d)
        else:
            found.used.add(d.code)
    return kept, [(number, directive) for number, ds in scanned.items() for directive in ds.directives]


def is_unused(directive: Directive) -> bool:
    """A keraslint directive that silenced nothing (bare and other tools' ``noqa`` excluded)."""
    if directive.used or directive.foreign:
        return False
    return directive.keraslint or directive.codes is not None


def location(directive: Directive) -> tuple[Location, Location]:
    """Where a directive's comment is."""
    start = Location(directive.row, directive.column)
    return start, Location(directive.row, directive.column + len(directive.text))
