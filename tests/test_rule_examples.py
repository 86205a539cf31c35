"""Every rule's embedded examples (Fixit style) and its docs' Example / Use instead code.

Invalid snippets mark each expected report with ``# expect: KLnnn`` on the reported line;
valid snippets must produce no report at all.
"""

from __future__ import annotations

import re

import pytest

from keraslint.rules.registry import Rule, all_rules
from tests.conftest import lint

_EXPECT = re.compile(r"#\s*expect:\s*(KL\d{3})")

CHECKED_RULES = [r for r in all_rules() if r.check is not None]


def _cases(kind: str) -> list:
    out = []
    for rule in CHECKED_RULES:
        for index, code in enumerate(getattr(rule, kind)):
            out.append(pytest.param(rule, code, id=f"{rule.code}-{kind}-{index}"))
    return out


def _expected(rule: Rule, code: str) -> list[int]:
    return sorted(
        number
        for number, line in enumerate(code.splitlines(), start=1)
        for found in _EXPECT.findall(line)
        if found == rule.code
    )


@pytest.mark.parametrize(("rule", "code"), _cases("invalid"))
def test_invalid_examples_are_reported(rule: Rule, code: str) -> None:
    expected = _expected(rule, code)
    assert expected, "an invalid example must mark its expected lines"
    reported = lint(code, select=[rule.code])
    assert sorted(d.location.row for d in reported) == expected
    assert all(d.code == rule.code for d in reported)


@pytest.mark.parametrize(("rule", "code"), _cases("valid"))
def test_valid_examples_are_silent(rule: Rule, code: str) -> None:
    assert lint(code) == []


@pytest.mark.parametrize("rule", CHECKED_RULES, ids=lambda r: r.code)
def test_every_rule_has_three_variants_each_way(rule: Rule) -> None:
    assert len(rule.invalid) >= 3
    assert len(rule.valid) >= 3


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_docs_have_ruff_sections(rule: Rule) -> None:
    for section in ("What it does", "Why is this bad?", "Example", "Use instead"):
        assert rule.section(section), f"{rule.code} docs lack '## {section}'"
    assert re.fullmatch(r"KL\d{3}", rule.code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
