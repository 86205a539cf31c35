"""A run: which files to read, the cache, the process pool, and the results.

Reading a file and deciding whether it needs analysis happens here; the analysis itself (parse,
facts, rules) is in :mod:`keraslint.analysis`, imported only when a file needs it. Every failure
is contained: an unreadable file is KL002, and anything that goes wrong while analysing one file
becomes a report for that file only.
"""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Union

from keraslint import baseline, isolation
from keraslint.cache import Cache
from keraslint.config import Settings, relative_to_root
from keraslint.diagnostics import Diagnostic, Location, Severity
from keraslint.rules.input_errors import INTERNAL_ERROR, SYNTAX_ERROR, UNREADABLE_FILE
from keraslint.rules.registry import Rule
from keraslint.source import SourceFile, decode, python_syntax_error

#: Every report needs a Keras model, and so an import spelling one of these. A file without
#: any of them is counted as checked without being parsed (nor reported for syntax errors).
KERAS_MARKERS = (b"keras", b"tensorflow")


@dataclass
class FileResult:
    """The reports for one file, and its text when a renderer may need to show it."""

    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    source: Optional[SourceFile] = None
    tracebacks: list[str] = field(default_factory=list)


@dataclass
class RunResult:
    """Everything a run produced, in a stable order."""

    files: list[FileResult] = field(default_factory=list)
    hidden_by_baseline: int = 0
    stale_baseline: int = 0

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """All reports, sorted by file, position and code."""
        out = [d for f in self.files for d in f.diagnostics]
        return sorted(out, key=Diagnostic.sort_key)

    @property
    def files_checked(self) -> int:
        return len(self.files)

    @property
    def internal_errors(self) -> int:
        return sum(1 for f in self.files for d in f.diagnostics if d.code == INTERNAL_ERROR.code)

    def source(self, path: str) -> Optional[SourceFile]:
        """The text of a checked file, when it was kept."""
        for result in self.files:
            if result.path == path:
                return result.source
        return None

    def line_of(self, diagnostic: Diagnostic) -> str:
        """The text of the line a report points at ("" when the file's text is not kept)."""
        source = self.source(diagnostic.path)
        return source.line(diagnostic.location.row, diagnostic.cell) if source is not None else ""

    def apply_baseline(self, recorded: set[baseline.Entry], root: Optional[Path] = None) -> None:
        """Hide the reports recorded in a baseline (paths relative to ``root``); count the
        entries of the checked files that matched nothing."""
        matched: set[baseline.Entry] = set()
        checked: set[str] = set()
        for result in self.files:
            checked.add(relative_to_root(result.path, root) if root is not None else result.path)
            current = baseline.entries(result.diagnostics, self.line_of, root)
            ordered = sorted(result.diagnostics, key=Diagnostic.sort_key)
            result.diagnostics = [d for d, e in zip(ordered, current) if e not in recorded]
            self.hidden_by_baseline += len(ordered) - len(result.diagnostics)
            matched.update(e for e in current if e in recorded)
        self.stale_baseline = sum(1 for e in recorded - matched if e.path in checked)

    def baseline_entries(self, root: Optional[Path] = None) -> list[baseline.Entry]:
        """Today's reports as baseline entries (paths relative to ``root`` when given)."""
        return [e for r in self.files for e in baseline.entries(r.diagnostics, self.line_of, root)]


def _diagnostic(
    path: str,
    rule: Rule,
    message: str,
    row: int = 1,
    column: int = 1,
    cell: Optional[int] = None,
    severity: Optional[Severity] = None,
) -> Diagnostic:
    location = Location(row, column)
    return Diagnostic(
        path, location, location, rule.code, rule.name, severity or rule.severity, message, cell=cell
    )


def may_use_keras(data: bytes) -> bool:
    """Whether a file's bytes mention Keras at all (cheap test before parsing)."""
    return any(marker in data for marker in KERAS_MARKERS)


def check_file(path: Path, display: str, settings: Settings, cache: Optional[Cache] = None) -> FileResult:
    """Check one file on disk: a Python file, or a notebook (``.ipynb``).

    With a cache, an unchanged file is only read and hashed: its reports come from the cache
    (and its text is decoded again only when it has reports to show).
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return FileResult(display, [_diagnostic(display, UNREADABLE_FILE, "not a regular file")])
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return FileResult(display, [_diagnostic(display, UNREADABLE_FILE, f"cannot read the file: {reason}")])
    if not may_use_keras(data):
        return FileResult(display)
    key = cache.key(display, data) if cache is not None else None
    if cache is not None and key is not None:
        cached = cache.get(key)
        if cached is not None:
            source = _load(path, display, data) if cached else None
            return FileResult(display, cached, source if isinstance(source, SourceFile) else None)
    loaded = _load(path, display, data)
    if isinstance(loaded, FileResult):
        result = loaded
    elif _nothing_to_report(data, loaded, settings):
        result = FileResult(display)
    else:
        result = check_source(loaded, settings)
    if cache is not None and key is not None and not result.tracebacks:
        cache.put(key, result.diagnostics)
    return result


def _nothing_to_report(data: bytes, source: SourceFile, settings: Settings) -> bool:
    """True when no enabled rule can report on this file, so it need not be parsed: none of
    the rules' marker words occur in it, and (when syntax errors are reported) CPython's own
    parser, a tenth of the cost of libcst's, accepts every cell."""
    markers = settings.markers()
    if markers is None or any(marker in data for marker in markers):
        return False
    if any(isolation.too_large(cell.text) for cell in source.cells):
        return False  # the analysis says that it is not analysed
    if any(r.code == SYNTAX_ERROR.code for r in settings.rules()):
        for cell in source.cells:
            try:
                if python_syntax_error(cell.text, source.display) is not None:
                    return False  # let the full analysis say what is wrong (or that libcst reads it)
            except (RecursionError, MemoryError):
                return False
    return True


def _load(path: Path, display: str, data: bytes) -> Union[SourceFile, FileResult]:
    """The decoded source of a file, or a KL002 result when it cannot be decoded."""
    if path.suffix.lower() == ".ipynb":
        from keraslint.notebook import NotebookError, read_notebook

        try:
            return read_notebook(display, data)
        except NotebookError as error:
            message = f"not a valid Jupyter notebook: {error}"
            return FileResult(display, [_diagnostic(display, UNREADABLE_FILE, message)])
    try:
        return SourceFile(display, decode(data))
    except (UnicodeDecodeError, SyntaxError, LookupError) as error:
        message = f"cannot decode the file: {_short(error)}"
        return FileResult(display, [_diagnostic(display, UNREADABLE_FILE, message)])


def check_source(source: SourceFile, settings: Settings, isolated: bool = False) -> FileResult:
    """Check already-decoded source (see :func:`keraslint.analysis.analyse`).

    libcst is imported only here, when some file really has to be parsed: a run whose files
    all come from the cache, or mention no Keras, never pays for it.
    """
    from keraslint.analysis import analyse

    return analyse(source, settings, isolated)


def _not_analysed(display: str, message: str, cell: Optional[int] = None) -> Diagnostic:
    """KL001 as a warning: the code may be valid, keraslint just could not read it."""
    return _diagnostic(display, SYNTAX_ERROR, message, cell=cell, severity=Severity.WARNING)


def _internal_error(display: str, stage: str, error: BaseException) -> Diagnostic:
    message = (
        f"internal error while {stage}: {type(error).__name__}: {_short(error)}; this is a "
        "keraslint bug, please report it (rerun with --debug for the traceback)"
    )
    return _diagnostic(display, INTERNAL_ERROR, message)


def _short(error: BaseException, limit: int = 200) -> str:
    text = str(error).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 3] + "..."


#: Fewer files than this are checked in-process: a pool would cost more than it saves.
POOL_MIN_FILES = 24

_worker_settings: Optional[Settings] = None
_worker_cache: Optional[Cache] = None


def _init_worker(settings: Settings, cache: Optional[Cache]) -> None:
    global _worker_settings, _worker_cache
    _worker_settings, _worker_cache = settings, cache
    _quiet_collector()


def _quiet_collector() -> None:
    """Everything imported so far lives as long as the run: keep the garbage collector from
    scanning it again and again, and from running every 700 allocations while the parser
    allocates millions of nodes (a parsed tree has no reference cycles; reference counting
    frees it). About a sixth of the parse time on Keras-heavy code."""
    gc.freeze()
    gc.set_threshold(50_000, 50, 50)


def _check_in_worker(item: tuple[Path, str]) -> FileResult:
    assert _worker_settings is not None
    return check_file(item[0], item[1], _worker_settings, _worker_cache)


def check_paths(
    files: Sequence[tuple[Path, str]],
    settings: Settings,
    progress: Optional[Callable[[], None]] = None,
    jobs: int = 1,
    cache: Optional[Cache] = None,
) -> RunResult:
    """Check every (path, display name) pair; results keep the order of ``files``.

    With ``jobs`` > 1 and enough files, a process pool checks them in chunks. ``progress`` is
    called after each file.
    """
    run = RunResult()
    _quiet_collector()
    if jobs <= 1 or len(files) < POOL_MIN_FILES:
        for path, display in files:
            run.files.append(check_file(path, display, settings, cache))
            if progress is not None:
                progress()
        return run
    run.files.extend(_check_in_pool(files, settings, progress, jobs, cache))
    return run


def _check_in_pool(
    files: Sequence[tuple[Path, str]],
    settings: Settings,
    progress: Optional[Callable[[], None]],
    jobs: int,
    cache: Optional[Cache],
) -> list[FileResult]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    method = "fork" if os.name == "posix" and "fork" in multiprocessing.get_all_start_methods() else "spawn"
    chunk = max(1, min(32, len(files) // (jobs * 8)))
    results: list[FileResult] = []
    try:
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context(method),
            initializer=_init_worker,
            initargs=(settings, cache),
        ) as pool:
            for result in pool.map(_check_in_worker, files, chunksize=chunk):
                results.append(result)
                if progress is not None:
                    progress()
    except BrokenProcessPool:
        # A worker died (it should not: risky files are isolated). Check the rest one by one,
        # each in its own child process, so that one file cannot take the run down.
        for path, display in files[len(results) :]:
            status, payload = isolation.run_isolated(check_file, path, display, settings, cache)
            if status == "ok":
                results.append(payload)
            else:
                results.append(
                    FileResult(display, [_not_analysed(display, f"not analysed: the check {status}")])
                )
            if progress is not None:
                progress()
    return results


def severity_counts(diagnostics: Iterable[Diagnostic]) -> dict[Severity, int]:
    """How many reports of each severity."""
    counts = {Severity.ERROR: 0, Severity.WARNING: 0}
    for diagnostic in diagnostics:
        counts[diagnostic.severity] += 1
    return counts
