"""Output formats: one renderer per module, all reading the same RunResult.

The helpers below are shared by the machine-readable formats: a stable fingerprint per report
(from its baseline entry, so it survives edits elsewhere in the file), JSON that never carries
a raw control character. Text for logs and XML goes through :func:`keraslint.output.text.clean`.
"""

from __future__ import annotations

import functools
import hashlib
import json as jsonlib  # not `json`: the `json` output module would shadow it here
import os
import re
from typing import Any, Callable, Optional, TextIO

from keraslint import baseline
from keraslint.diagnostics import OUTPUT_FORMATS, Diagnostic
from keraslint.engine import RunResult

Renderer = Callable[[RunResult, TextIO], None]

FORMATS = OUTPUT_FORMATS


def renderer(name: str) -> Renderer:
    """The render function of an output format (imported lazily: rich only for `full`)."""
    if name == "full":
        from keraslint.output.full import render
    elif name == "concise":
        from keraslint.output.concise import render
    elif name == "json":
        from keraslint.output.json import render
    elif name == "json-lines":
        from keraslint.output.json_lines import render
    elif name == "sarif":
        from keraslint.output.sarif import render
    elif name == "github":
        from keraslint.output.github import render
    elif name == "gitlab":
        from keraslint.output.gitlab import render
    elif name == "junit":
        from keraslint.output.junit import render
    else:
        raise ValueError(f"unknown output format {name!r}")
    return render


def fingerprint(entry: baseline.Entry) -> str:
    """A stable identity for a report: the sha256 (hex) of its path, code, line text and occurrence.

    Line numbers are not part of it, so inserting lines above a report keeps its fingerprint.
    """
    data = jsonlib.dumps([entry.path, entry.code, entry.text, entry.occurrence], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()


def fingerprinted(result: RunResult) -> list[tuple[Diagnostic, str]]:
    """Every report of the run (in report order) with its fingerprint."""
    diagnostics = result.diagnostics
    # entries() keeps report order and counts occurrences per file, so the two lists align.
    entries = baseline.entries(diagnostics, result.line_of)
    return [(d, fingerprint(e)) for d, e in zip(diagnostics, entries)]


# Characters JSON may carry raw but a terminal or a browser should never see: C1 controls, DEL,
# line separators, bidi overrides, and lone surrogates (from undecodable file names).
_UNSAFE_IN_JSON = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def dumps(data: Any, indent: Optional[int] = None) -> str:
    """JSON text (non-ASCII kept readable) in which every control character is a ``\\uXXXX`` escape.

    ``json.dumps`` already escapes C0 controls; the rest are escaped here. These characters
    only ever occur inside JSON strings, so the escaping is lossless.
    """
    text = jsonlib.dumps(data, indent=indent, ensure_ascii=False)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def repository_path(path: str) -> str:
    """A reported path relative to the repository's root (the closest folder above the working
    directory holding ``.git``), as code scanning and GitLab resolve paths; the path as
    reported when there is no repository or the file lies outside it. Never absolute unless
    the path was given absolute."""
    root = _repository_root()
    if root is None or os.path.isabs(path):
        return path
    relative = os.path.relpath(os.path.abspath(path), root)
    return path if relative.startswith("..") else relative


@functools.lru_cache(maxsize=1)
def _repository_root() -> Optional[str]:
    try:
        folder = os.getcwd()
    except OSError:
        return None
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def where(d: Diagnostic) -> str:
    """``cell N, line L: `` for a notebook report (whose position is given as the file's start),
    else ""."""
    return f"cell {d.cell}, line {d.location.row}: " if d.cell is not None else ""
