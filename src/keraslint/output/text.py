"""Making file-derived text safe for a terminal, and the run summary sentence."""

from __future__ import annotations

import re
from collections import Counter

from keraslint.diagnostics import Severity
from keraslint.engine import RunResult, severity_counts

# Control characters, line/paragraph separators, bidi overrides, and lone surrogates (from file
# names that are not UTF-8), which a strict UTF-8 stream cannot even write.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def clean(text: str) -> str:
    """Replace control characters (escape sequences, bidi overrides) and lone surrogates with
    visible escapes."""
    return _CONTROL.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}", text
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(result: RunResult) -> str:
    """``Found 3 errors and 1 warning in 2 files (10 files checked).`` or ``All checks passed``,
    and what a baseline hid."""
    diagnostics = result.diagnostics
    checked = _plural(result.files_checked, "file")
    if not diagnostics:
        text = f"All checks passed ({checked} checked)."
    else:
        counts = severity_counts(diagnostics)
        parts = []
        if counts[Severity.ERROR]:
            parts.append(_plural(counts[Severity.ERROR], "error"))
        if counts[Severity.WARNING]:
            parts.append(_plural(counts[Severity.WARNING], "warning"))
        files = len({d.path for d in diagnostics})
        text = f"Found {' and '.join(parts)} in {_plural(files, 'file')} ({checked} checked)."
    if result.hidden_by_baseline:
        text += f" {_plural(result.hidden_by_baseline, 'report')} hidden by the baseline."
    if result.stale_baseline:
        stale = result.stale_baseline
        entries = (
            "1 baseline entry no longer matches"
            if stale == 1
            else f"{stale} baseline entries no longer match"
        )
        text += f" {entries} (prune them with --write-baseline)."
    return text


def statistics_table(result: RunResult) -> str:
    """Reports per rule, most frequent first: ``3  KL101  softmax-single-unit``."""
    counts = Counter((d.code, d.name) for d in result.diagnostics)
    if not counts:
        return "No reports."
    width = len(str(max(counts.values())))
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return "\n".join(f"{count:>{width}}  {code}  {name}" for (code, name), count in rows)
