"""GitLab Code Quality: the Code Climate JSON array GitLab shows in merge requests.

Each issue's ``fingerprint`` is the sha256 of its file, rule, line text and occurrence (the
baseline entry), never of its line number, so GitLab does not see a report as fixed and new
again when lines are inserted above it. Notebook reports point at line 1 of the ``.ipynb`` file
and name the cell and line in the description.
"""

from __future__ import annotations

from typing import Any, TextIO

from keraslint.diagnostics import Diagnostic, Severity
from keraslint.engine import RunResult
from keraslint.output import dumps, fingerprinted, repository_path, where
from keraslint.output.text import clean

#: Code Climate severities: info, minor, major, critical, blocker.
SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def issue(d: Diagnostic, fingerprint: str) -> dict[str, Any]:
    """One report as a Code Quality issue."""
    return {
        "description": f"{d.code} {clean(where(d) + d.message)}",
        "check_name": d.code,
        "fingerprint": fingerprint,
        "severity": SEVERITY[d.severity],
        "location": {
            "path": repository_path(d.path).replace("\\", "/"),  # GitLab resolves it from the root
            "lines": {"begin": d.location.row if d.cell is None else 1},
        },
    }


def render(result: RunResult, stream: TextIO) -> None:
    """Write the whole run as one JSON array of issues."""
    stream.write(dumps([issue(d, fp) for d, fp in fingerprinted(result)], indent=2) + "\n")
