#!/usr/bin/env python3
"""Regenerate the parts of the documentation that come from the rule registry.

Usage: python scripts/gen_docs.py          (rewrite README.md's rule table)
       python scripts/gen_docs.py --check  (exit 1 if it is out of date)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from keraslint.rules.registry import all_rules

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
_TABLE = re.compile(r"(<!-- rules:begin -->\n).*?(\n<!-- rules:end -->)", re.S)


def rules_table() -> str:
    """The README's rule table, from the registry."""
    lines = ["| Code | Name | Severity | What it flags |", "|---|---|---|---|"]
    for r in all_rules():
        flag = r.summary + ("" if r.default_enabled else " (off by default)")
        lines.append(f"| {r.code} | {r.name} | {r.severity.value} | {flag} |")
    return "\n".join(lines)


def updated_readme(text: str) -> str:
    """README text with the rule table replaced."""
    return _TABLE.sub(lambda m: m.group(1) + rules_table() + m.group(2), text)


def main(argv: list[str]) -> int:
    current = README.read_text()
    wanted = updated_readme(current)
    if "--check" in argv:
        if current != wanted:
            print("README.md rule table is out of date: run python scripts/gen_docs.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(wanted)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
