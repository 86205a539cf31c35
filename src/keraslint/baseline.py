"""A baseline: today's reports, recorded so that only new ones are shown.

Entries match on the file, the rule and the text of the reported line (plus which occurrence of
that text it is), never on line numbers: editing the file elsewhere does not bring recorded
reports back. Entries that match nothing any more are counted so the baseline can be pruned.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from keraslint import __version__
from keraslint.diagnostics import Diagnostic

FORMAT_VERSION = 1


class BaselineError(ValueError):
    """A baseline file that cannot be read."""


@dataclass(frozen=True, order=True)
class Entry:
    """One recorded report."""

    path: str
    code: str
    text: str  # the reported line, stripped
    occurrence: int  # 0 for the first report of this code on this text in this file, ...


LineOf = Callable[[Diagnostic], str]


def entries(diagnostics: Sequence[Diagnostic], line_of: LineOf, root: Optional[Path] = None) -> list[Entry]:
    """Baseline entries for reports (in report order, so occurrences are stable); paths are
    made relative to ``root`` (the project root) when given."""
    from keraslint.config import relative_to_root

    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        path = relative_to_root(d.path, root) if root is not None else d.path.replace("\\", "/")
        key = (path, d.code, line_of(d).strip())
        out.append(Entry(*key, seen[key]))
        seen[key] += 1
    return out


def write(path: Path, recorded: Sequence[Entry]) -> None:
    """Write a baseline file (sorted, so it diffs well)."""
    data = {
        "version": FORMAT_VERSION,
        "tool": f"keraslint {__version__}",
        "entries": [
            {"path": e.path, "code": e.code, "text": e.text, "occurrence": e.occurrence}
            for e in sorted(recorded)
        ],
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def read(path: Path) -> set[Entry]:
    """Read a baseline file (raises BaselineError)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise BaselineError(f"{path}: cannot read the baseline: {error}") from None
    except json.JSONDecodeError as error:
        raise BaselineError(f"{path}:{error.lineno}: invalid JSON: {error.msg}") from None
    if (
        not isinstance(data, dict)
        or data.get("version") != FORMAT_VERSION
        or not isinstance(data.get("entries"), list)
    ):
        raise BaselineError(f"{path}: not a keraslint baseline (version {FORMAT_VERSION})")
    found = set()
    for item in data["entries"]:
        try:
            found.add(Entry(str(item["path"]), str(item["code"]), str(item["text"]), int(item["occurrence"])))
        except (KeyError, TypeError, ValueError):
            raise BaselineError(f"{path}: malformed entry {item!r}") from None
    return found
