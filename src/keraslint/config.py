"""Resolved settings for a run.

Issue-sized for now: which rules are enabled. Reading ``[tool.keraslint]`` from
``pyproject.toml`` builds on :class:`Settings`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Optional

from keraslint.rules.registry import Rule, select_rules

#: Rules that are always on: a file keraslint failed on must never pass silently.
ALWAYS_ENABLED = ("KL003",)


@dataclass(frozen=True)
class Settings:
    """What to check and how."""

    select: Optional[tuple[str, ...]] = None  # None: every rule enabled by default
    ignore: tuple[str, ...] = ()
    debug: bool = False
    _rules: list[Rule] = field(default_factory=list, compare=False, repr=False)

    def rules(self) -> list[Rule]:
        """The enabled rules (raises UnknownSelector for a selector that names no rule)."""
        if not self._rules:
            chosen = select_rules(self.select, self.ignore)
            codes = {r.code for r in chosen}
            for code in ALWAYS_ENABLED:
                if code not in codes:
                    chosen.extend(select_rules([code]))
            self._rules.extend(sorted(chosen, key=lambda r: r.code))
        return self._rules


def split_selectors(values: Sequence[str]) -> tuple[str, ...]:
    """Flatten repeated and comma-separated ``--select`` / ``--ignore`` values."""
    out: list[str] = []
    for value in values:
        out.extend(part.strip() for part in value.split(",") if part.strip())
    return tuple(out)
