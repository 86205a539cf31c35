"""The README's rule table and set-up commands stay true."""

from __future__ import annotations

import re
from pathlib import Path

from keraslint.rules.registry import all_rules

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def rules_table() -> str:
    lines = ["| Code | Name | Severity | What it flags |", "|---|---|---|---|"]
    lines += [f"| {r.code} | {r.name} | {r.severity.value} | {r.summary} |" for r in all_rules()]
    return "\n".join(lines)


def test_rules_table_is_in_sync() -> None:
    table = re.search(r"<!-- rules:begin -->\n(.*?)\n<!-- rules:end -->", README, re.S)
    assert table is not None
    assert table.group(1) == rules_table(), "regenerate the README table from the registry"


def test_setup_commands_are_present() -> None:
    assert re.search(r"<!-- readme:try -->\n```bash\n.*keraslint check examples/", README)
    assert re.search(r"<!-- readme:test -->\n```bash\n.*pytest", README)
