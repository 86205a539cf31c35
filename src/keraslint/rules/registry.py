"""The rule registry: every rule's identity, docs, examples and check function.

A rule is a function over :class:`~keraslint.facts.model.FileFacts` that yields
:class:`Report` objects, registered with :func:`rule`. Its docstring is its documentation,
in Ruff's sections (What it does / Why is this bad? / Example / Use instead); the ``invalid``
and ``valid`` snippets are run as tests (lines marked ``# expect: KLnnn`` must be reported,
nothing else may be).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Optional

from keraslint.diagnostics import Severity
from keraslint.facts.model import FileFacts

if TYPE_CHECKING:
    import libcst as cst


@dataclass(frozen=True)
class Report:
    """What a rule found: the node to point at and a one-sentence message.

    ``{at0}``, ``{at1}`` ... in the message become " (line N)" for the ``related`` nodes (where
    the other half of the mistake is) once positions are known, or nothing for a related node
    that is None.
    """

    node: cst.CSTNode
    message: str
    related: tuple[Optional[cst.CSTNode], ...] = ()
    severity: Optional[Severity] = None


Check = Callable[[FileFacts], Iterable[Report]]


@dataclass(frozen=True)
class Rule:
    """A rule's identity and documentation."""

    code: str
    name: str
    summary: str
    severity: Severity
    docs: str
    check: Optional[Check] = None  # None for rules the engine reports itself (KL001-KL003)
    invalid: tuple[str, ...] = ()
    valid: tuple[str, ...] = ()
    default_enabled: bool = True
    # Byte strings of which a file must contain one for the rule to have anything to report
    # (empty: the rule may report on any file). Files with none of the enabled rules' markers
    # are not parsed at all.
    markers: tuple[bytes, ...] = ()

    def section(self, title: str) -> str:
        """The text of one ``## title`` section of the docs ("" when absent)."""
        match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", self.docs, re.M | re.S)
        return match.group(1).strip() if match else ""


RULES: dict[str, Rule] = {}


def register(rule_: Rule) -> Rule:
    """Add a rule to the registry (codes and names must be unique)."""
    if rule_.code in RULES or any(r.name == rule_.name for r in RULES.values()):
        raise ValueError(f"duplicate rule {rule_.code} {rule_.name}")
    RULES[rule_.code] = rule_
    return rule_


def rule(
    code: str,
    name: str,
    summary: str,
    *,
    severity: Severity = Severity.ERROR,
    invalid: Sequence[str] = (),
    valid: Sequence[str] = (),
    default_enabled: bool = True,
    markers: Sequence[bytes] = (),
) -> Callable[[Check], Check]:
    """Register the decorated function as the check of rule ``code``."""

    def decorate(check: Check) -> Check:
        register(
            Rule(
                code=code,
                name=name,
                summary=summary,
                severity=severity,
                docs=inspect.cleandoc(check.__doc__ or ""),
                check=check,
                invalid=tuple(inspect.cleandoc(s) + "\n" for s in invalid),
                valid=tuple(inspect.cleandoc(s) + "\n" for s in valid),
                default_enabled=default_enabled,
                markers=tuple(markers),
            )
        )
        return check

    return decorate


def all_rules() -> list[Rule]:
    """Every registered rule, in code order."""
    _load()
    return [RULES[code] for code in sorted(RULES)]


def get_rule(selector: str) -> Optional[Rule]:
    """A rule by code (``KL101``, any case) or name (``softmax-single-unit``)."""
    _load()
    upper = selector.strip().upper()
    if upper in RULES:
        return RULES[upper]
    for found in RULES.values():
        if found.name == selector.strip().lower():
            return found
    return None


class UnknownSelector(ValueError):
    """A --select / --ignore entry that names no rule."""


def matching(selector: str) -> list[Rule]:
    """Rules a selector names: a code, a code prefix (``KL1``), a name, or ``ALL``."""
    _load()
    text = selector.strip()
    if not text:
        return []
    if text.upper() == "ALL":
        return all_rules()
    exact = get_rule(text)
    if exact is not None:
        return [exact]
    prefix = text.upper()
    found = [r for r in all_rules() if r.code.startswith(prefix)]
    if not found:
        raise UnknownSelector(f"unknown rule selector `{text}`")
    return found


def select_rules(select: Optional[Iterable[str]], ignore: Iterable[str] = ()) -> list[Rule]:
    """The enabled rules: ``select`` (default: every rule enabled by default) minus ``ignore``.

    A rule that is off by default is enabled only when selected by its exact code or name.
    """
    _load()
    if select is None:
        chosen = {r.code for r in all_rules() if r.default_enabled}
    else:
        chosen = set()
        for selector in select:
            for found in matching(selector):
                exact = get_rule(selector) is found
                if found.default_enabled or exact:
                    chosen.add(found.code)
    for selector in ignore:
        for found in matching(selector):
            chosen.discard(found.code)
    return [RULES[code] for code in sorted(chosen)]


def _load() -> None:
    # Rule families register themselves on import.
    from keraslint.rules import families  # noqa: F401
