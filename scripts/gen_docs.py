#!/usr/bin/env python3
"""Regenerate the documentation that comes from the rule registry.

Writes the rule table in README.md and docs/index.md, and one page per rule in docs/rules/
(its docs, plus the report keraslint really gives on the rule's first tested example).

Usage: python scripts/gen_docs.py          (rewrite the files)
       python scripts/gen_docs.py --check  (exit 1 if any of them is out of date)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from keraslint.config import Settings
from keraslint.engine import check_source
from keraslint.rules.registry import Rule, all_rules
from keraslint.source import SourceFile

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
INDEX = ROOT / "docs" / "index.md"
RULE_PAGES = ROOT / "docs" / "rules"
_TABLE = re.compile(r"(<!-- rules:begin -->\n).*?(\n<!-- rules:end -->)", re.S)
_EXPECT = re.compile(r"\s*# expect: KL\d{3}")


def rules_table(link: str = "") -> str:
    """The rule table; ``link`` prefixes a link to each rule's page (e.g. "docs/rules/")."""
    lines = ["| Code | Name | Severity | What it flags |", "|---|---|---|---|"]
    for r in all_rules():
        code = f"[{r.code}]({link}{r.code}.md)" if link else r.code
        flag = r.summary + ("" if r.default_enabled else " (off by default)")
        lines.append(f"| {code} | {r.name} | {r.severity.value} | {flag} |")
    return "\n".join(lines)


def with_table(text: str, link: str) -> str:
    """Text with its generated rule table replaced."""
    return _TABLE.sub(lambda m: m.group(1) + rules_table(link) + m.group(2), text)


def _example_report(rule: Rule) -> str:
    """The first tested invalid example of a rule and what keraslint reports on it."""
    if not rule.invalid:
        return ""
    code = _EXPECT.sub("", rule.invalid[0])
    result = check_source(SourceFile("example.py", code), Settings(select=(rule.code,)))
    reports = "\n".join(
        f"example.py:{d.location.row}:{d.location.column}: {d.code} [{d.severity}] {d.message}"
        for d in sorted(result.diagnostics, key=lambda d: d.sort_key())
    )
    return (
        "## What keraslint reports\n"
        "On this program (one of the rule's test cases):\n\n"
        f"```python\n{code.rstrip()}\n```\n\n"
        f"```console\n$ keraslint check example.py\n{reports}\n```\n"
    )


def rule_page(rule: Rule) -> str:
    """The documentation page of one rule."""
    enabled = (
        "on by default"
        if rule.default_enabled
        else f"off by default: enable it with `--extend-select {rule.code}`"
    )
    parts = [
        f"# {rule.code}: {rule.name}\n",
        f"Flags: {rule.summary}. Severity: **{rule.severity.value}**; {enabled}.\n",
        rule.docs.strip() + "\n",
    ]
    example = _example_report(rule)
    if example:
        parts.append(example)
    parts.append(_silencing(rule))
    return "\n".join(parts)


def _silencing(rule: Rule) -> str:
    config = "see [configuration](../configuration.md)"
    if rule.code == "KL003":
        return (
            "## Silencing it\n"
            "It cannot be switched off: an internal error always makes the run exit with status 2,\n"
            f"so that CI notices. Exclude the file with `extend-exclude` until it is fixed ({config}).\n"
        )
    if rule.code in ("KL001", "KL002"):
        return (
            "## Silencing it\n"
            "Comments in a file that cannot be read or parsed are not trusted, so `# noqa` does not\n"
            f'apply. Exclude the file with `extend-exclude`, or set `ignore = ["{rule.code}"]` in\n'
            f"`[tool.keraslint]` ({config}).\n"
        )
    return (
        "## Silencing it\n"
        f"`# noqa: {rule.code}` or `# keraslint: ignore[{rule.name}]` on the reported line, or\n"
        f'`ignore = ["{rule.code}"]` in `[tool.keraslint]` ({config}).\n'
    )


def generated() -> dict[Path, str]:
    """Every generated file and its wanted content."""
    files = {
        README: with_table(README.read_text(), "docs/rules/"),
        INDEX: with_table(INDEX.read_text(), "rules/"),
    }
    for rule in all_rules():
        files[RULE_PAGES / f"{rule.code}.md"] = rule_page(rule)
    return files


def main(argv: list[str]) -> int:
    stale = []
    for path, content in generated().items():
        current = path.read_text() if path.exists() else None
        if current != content:
            stale.append(path)
            if "--check" not in argv:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content)
    extra = {p for p in RULE_PAGES.glob("KL*.md")} - {RULE_PAGES / f"{r.code}.md" for r in all_rules()}
    if "--check" in argv:
        for path in [*stale, *sorted(extra)]:
            print(f"out of date: {path.relative_to(ROOT)} (run python scripts/gen_docs.py)", file=sys.stderr)
        return 1 if stale or extra else 0
    for path in extra:
        path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
