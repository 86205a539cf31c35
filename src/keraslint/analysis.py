"""Analysing one file: parse each cell once, walk the cells as one program, apply the rules,
locate the reports, apply suppression comments.

A cell that does not parse is KL001 (the other cells are still analysed); any exception inside
the extractor or a rule becomes a KL003 report for that file only; sources too large or too
oddly shaped for the parser are handled by :mod:`keraslint.isolation`.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Sequence
from dataclasses import replace
from typing import Optional, Union

import libcst as cst
from libcst._position import CodeRange

from keraslint import isolation
from keraslint.config import Settings
from keraslint.diagnostics import Diagnostic, Location, Severity
from keraslint.engine import FileResult, _diagnostic, _internal_error, _not_analysed
from keraslint.facts.extract import extract
from keraslint.notebook import mask_ipython
from keraslint.positions import locate
from keraslint.rules.directives import UNUSED_SUPPRESSION
from keraslint.rules.input_errors import INTERNAL_ERROR, SYNTAX_ERROR
from keraslint.rules.registry import Report, Rule
from keraslint.source import Cell, SourceFile, python_syntax_error, split_lines
from keraslint.suppressions import Directive, filter_reports, is_unused, location, skips_file


def analyse(source: SourceFile, settings: Settings, isolated: bool = False) -> FileResult:
    """Check already-decoded source: parse each cell, walk them as one program, apply rules.

    Very large sources are not analysed; sources whose shape could crash or stall the parser
    are analysed in a child process (``isolated`` is True there).
    """
    display = source.display
    if any(skips_file(cell.text) for cell in source.cells):
        return FileResult(display)  # `# keraslint: noqa`: the whole file is skipped
    for cell in source.cells:
        if isolation.too_large(cell.text):
            size = len(cell.text) / 1e6
            limit = isolation.MAX_CHARS / 1e6
            message = f"not analysed: {size:.1f} MB of code is more than the {limit:.1f} MB keraslint reads"
            return FileResult(display, [_not_analysed(display, message, cell.number)])
    # Suspicious cells go to CPython's parser first (it has its own limits, and never crashes):
    # what it rejects or gives up on is never given to libcst. The rest go to a child process.
    verdicts: dict[int, str] = {}
    for cell in source.cells:
        reason = isolation.suspicious(cell.text)
        if reason is None:
            continue
        verdict = _python_verdict(cell.text)
        if verdict is not None:
            verdicts[id(cell)] = verdict
        elif not isolated:
            return _check_in_child(source, settings, reason)
    ignored = settings.ignored_for(display)
    rules = [r for r in settings.rules() if r.code not in ignored or r.code == INTERNAL_ERROR.code]
    enabled = {r.code for r in rules}
    result = FileResult(display, source=source)
    parsed: list[tuple[Cell, cst.Module]] = []
    for cell in source.cells:
        verdict = verdicts.get(id(cell))
        if verdict is not None:
            if SYNTAX_ERROR.code in enabled and verdict == "rejected":
                result.diagnostics.append(_syntax_error(display, cell, None))
            elif SYNTAX_ERROR.code in enabled:
                message = "too deeply nested to analyse: Python's own parser gives up on it"
                result.diagnostics.append(_not_analysed(display, message, cell.number))
            continue
        try:
            module = cst.parse_module(cell.text)
            _reject_what_python_rejects(cell.text)
            parsed.append((cell, module))
        except (cst.ParserSyntaxError, cst.CSTValidationError) as error:
            exported = _exported_notebook(cell)
            if SYNTAX_ERROR.code in enabled:
                diagnostic = _syntax_error(display, cell, error)
                if exported is not None:
                    diagnostic = replace(
                        diagnostic,
                        message=f"{diagnostic.message} (IPython syntax in a .py file; the rest "
                        "of the file is checked as a notebook would be)",
                    )
                result.diagnostics.append(diagnostic)
            if exported is not None:
                parsed.append(exported)
        except RecursionError:
            if SYNTAX_ERROR.code in enabled:
                result.diagnostics.append(_not_analysed(display, "too deeply nested to parse", cell.number))
    if not parsed:
        return _finish(result, settings, enabled)

    try:
        facts = extract([module for _, module in parsed], source.text)
    except RecursionError:
        if SYNTAX_ERROR.code in enabled:
            result.diagnostics.append(_not_analysed(display, "too deeply nested to analyse"))
        return _finish(result, settings, enabled)
    except Exception as error:  # contained: one file's failure must not stop the run
        result.diagnostics.append(_internal_error(display, "extracting facts", error))
        result.tracebacks.append(traceback.format_exc())
        return _finish(result, settings, enabled)
    reports: list[tuple[Rule, Report]] = []
    for rule in rules:
        if rule.check is None:
            continue
        try:
            reports.extend((rule, report) for report in rule.check(facts))
        except Exception as error:  # contained, as above
            result.diagnostics.append(_internal_error(display, f"running {rule.code}", error))
            result.tracebacks.append(traceback.format_exc())
    try:
        result.diagnostics.extend(_to_diagnostics(parsed, display, reports))
    except RecursionError:
        result.diagnostics.append(_not_analysed(display, "too deeply nested to locate the reports"))
    except Exception as error:  # contained, as above
        result.diagnostics.append(_internal_error(display, "locating reports", error))
        result.tracebacks.append(traceback.format_exc())
    return _finish(result, settings, enabled)


def _check_in_child(source: SourceFile, settings: Settings, reason: str) -> FileResult:
    """Analyse a suspicious source in a child process; a crash or timeout costs only it."""
    status, payload = isolation.run_isolated(analyse, source, settings, True)
    if status == "ok":
        result: FileResult = payload
        return result
    display = source.display
    if status == "timeout":
        message = f"not analysed: the parser needed more than {payload:.0f} s ({reason})"
    elif status == "memory":
        message = f"not analysed: the parser ran out of memory ({reason})"
    elif status == "crashed":
        message = f"too deeply nested to analyse: the parser crashed ({reason})"
    else:
        return FileResult(
            display, [_internal_error(display, "analysing in a child process", Exception(payload))]
        )
    return FileResult(display, [_not_analysed(display, message)])


def _finish(result: FileResult, settings: Settings, enabled: set[str]) -> FileResult:
    """Apply severity overrides and suppression comments; keep the text only when reported."""
    if settings.severity:
        result.diagnostics = [
            replace(d, severity=settings.severity_of(d.code, d.severity)) for d in result.diagnostics
        ]
    if (result.source is not None and result.diagnostics) or UNUSED_SUPPRESSION.code in enabled:
        cells = result.source.cells if result.source is not None else []
        kept, directives = filter_reports(result.diagnostics, cells)
        if UNUSED_SUPPRESSION.code in enabled:
            kept.extend(_unused(result.path, number, d) for number, d in directives if is_unused(d))
        result.diagnostics = kept
    if not result.diagnostics:
        result.source = None  # only reported files are shown again
    return result


def _unused(path: str, cell: Optional[int], directive: Directive) -> Diagnostic:
    start, end = location(directive)
    rule = UNUSED_SUPPRESSION
    message = f"unused suppression `{directive.text.strip()}`: nothing it names is reported here"
    return Diagnostic(path, start, end, rule.code, rule.name, rule.severity, message, cell=cell)


def _to_diagnostics(
    parsed: Sequence[tuple[Cell, cst.Module]], display: str, reports: Sequence[tuple[Rule, Report]]
) -> list[Diagnostic]:
    """Locate the reported nodes (only those) and build diagnostics; one per rule and node."""
    unique: dict[tuple[str, int], tuple[Rule, Report]] = {}
    for rule, report in reports:
        unique.setdefault((rule.code, id(report.node)), (rule, report))
    if not unique:
        return []
    wanted: dict[int, cst.CSTNode] = {}
    for _rule, report in unique.values():
        for node in (report.node, *report.related):
            if node is not None:
                wanted[id(node)] = node
    # Where each node is: (cell, range). Cells are searched in order until all are found.
    places: dict[int, tuple[Cell, CodeRange]] = {}
    for cell, module in parsed:
        remaining = [n for key, n in wanted.items() if key not in places]
        if not remaining:
            break
        for key, span in locate(module, remaining).items():
            places[key] = (cell, span)
    out: list[Diagnostic] = []
    for rule, report in unique.values():
        found = places.get(id(report.node))
        if found is None:
            continue
        cell, span = found
        message = report.message
        if report.related:
            message = message.format(**{f"at{i}": _at(places, cell, n) for i, n in enumerate(report.related)})
        start, end = span.start, span.end
        out.append(
            Diagnostic(
                path=display,
                location=Location(start.line, start.column + 1),
                end_location=Location(end.line, end.column + 1),
                code=rule.code,
                name=rule.name,
                severity=report.severity or rule.severity,
                message=message,
                cell=cell.number,
            )
        )
    return out


def _at(places: dict[int, tuple[Cell, CodeRange]], here: Cell, node: Optional[cst.CSTNode]) -> str:
    """ " (line N)" for a related node, naming its cell when it is in another one."""
    if node is None or id(node) not in places:
        return ""
    cell, span = places[id(node)]
    line = span.start.line
    if cell is not here and cell.number is not None:
        return f" (cell {cell.number}, line {line})"
    return f" (line {line})"


def _exported_notebook(cell: Cell) -> Optional[tuple[Cell, cst.Module]]:
    """A ``.py`` file that is only invalid because of IPython lines (``!pip install``,
    ``%matplotlib inline``: a notebook saved as a script) is still analysed with those lines
    masked, as in a notebook; its syntax error is reported all the same."""
    if cell.number is not None:
        return None
    masked = mask_ipython(cell.text)
    if masked is None or masked == cell.text:
        return None
    try:
        module = cst.parse_module(masked)
        _reject_what_python_rejects(masked)
    except (cst.ParserSyntaxError, cst.CSTValidationError, RecursionError):
        return None
    return Cell(masked), module


def _python_verdict(text: str) -> Optional[str]:
    """What CPython's parser says: "rejected" for a syntax error (over 200 nested brackets is
    one), "too complex" when it gives up (a MemoryError is its parser's stack overflow, a
    RecursionError its depth limit: Python cannot run such code either), None when it accepts
    the code."""
    try:
        return None if python_syntax_error(text) is None else "rejected"
    except (MemoryError, RecursionError):
        return "too complex"


def _syntax_error(
    display: str, cell: Cell, error: Union[cst.ParserSyntaxError, cst.CSTValidationError, None]
) -> Diagnostic:
    """KL001 with CPython's own message and position, which are more precise than libcst's
    (and name the Python 2 constructs common in old Keras code)."""
    try:
        python_error = python_syntax_error(cell.text, display)
    except (RecursionError, MemoryError):
        return _diagnostic(display, SYNTAX_ERROR, "too deeply nested to parse", cell=cell.number)
    if python_error is not None:
        row = python_error.lineno or 1
        column = max(python_error.offset or 1, 1)
        message = f"syntax error: {python_error.msg.rstrip('.')}"
        if _looks_like_python2(cell.line(row), column):
            message += " (Python 2 code?)"
        return _diagnostic(display, SYNTAX_ERROR, message, row, column, cell.number)
    # Python accepts it, libcst does not: a parser gap, not a mistake in the code.
    row, column = (1, 1)
    if isinstance(error, cst.ParserSyntaxError):
        row, column = error.raw_line, error.raw_column + 1
    message = (
        f"keraslint's parser cannot read line {row}, although Python accepts it; "
        "the code was not analysed (please report this)"
    )
    return _diagnostic(display, SYNTAX_ERROR, message, row, column, cell.number, Severity.WARNING)


# What libcst accepts and CPython rejects: Python 2's `except E, e:` (read as Python 3.14's
# `except (E, e):`, which CPython < 3.14 rejects) and non-ASCII characters in a bytes literal.
_PYTHON2_EXCEPT = re.compile(r"^[ \t]*except[ \t]+[\w.]+[ \t]*,[ \t]*\w+[ \t]*:", re.MULTILINE)
_NON_ASCII_BYTES = re.compile(r"""\b(?:[bB][rR]?|[rR][bB])(['"])(?:(?!\1)[^\n])*?[^\x00-\x7f]""")


def _reject_what_python_rejects(text: str) -> None:
    """Raise a ParserSyntaxError for the code libcst reads but CPython rejects."""
    if not (_PYTHON2_EXCEPT.search(text) or (not text.isascii() and _NON_ASCII_BYTES.search(text))):
        return
    try:
        error = python_syntax_error(text)
    except (RecursionError, MemoryError):
        return
    if error is not None:
        raise cst.ParserSyntaxError(
            error.msg, lines=split_lines(text), raw_line=error.lineno or 1, raw_column=(error.offset or 1) - 1
        )


_PYTHON2 = re.compile(r"^\s*(print\s+[^\s(=]|exec\s+[\"']|except\s+[\w.]+\s*,\s*\w+\s*:)|\d+L\b|\bur[\"']")


def _looks_like_python2(line: str, column: int) -> bool:
    """Whether the line where CPython stopped (1-based column) looks like Python 2 code."""
    here = line[column - 1 : column + 1]
    return here.startswith("`") or here == "<>" or bool(_PYTHON2.search(line))
