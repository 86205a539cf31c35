"""SARIF 2.1.0, the static-analysis interchange format GitHub code scanning and IDEs read.

One run: the tool with every registered rule (its summary and documentation), then one result
per report. Paths are relative to the repository's root, against ``%SRCROOT%`` (the checkout
root for GitHub code scanning); columns count Unicode code points, as keraslint's do. Notebook
reports point at the start of the ``.ipynb`` file and name the cell and line in the message.
Each result carries a ``partialFingerprints`` entry that does not depend on line numbers (see
the baseline).
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote

from keraslint import __version__
from keraslint.diagnostics import Diagnostic, Severity
from keraslint.engine import RunResult
from keraslint.output import dumps, fingerprinted, repository_path, where
from keraslint.output.text import clean
from keraslint.rules.registry import Rule, all_rules

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/keraslint/"
SRCROOT = "%SRCROOT%"
#: The key of keraslint's entry in ``partialFingerprints``.
FINGERPRINT_KEY = "keraslint/v1"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    """A ``reportingDescriptor`` for one rule."""
    full = rule.section("What it does") or rule.summary
    docs = rule.docs or rule.summary
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": full},
        "help": {"text": docs, "markdown": docs},
        "defaultConfiguration": {"level": _LEVEL[rule.severity], "enabled": rule.default_enabled},
    }


def artifact_location(path: str) -> dict[str, str]:
    """The file as a URI: relative to ``%SRCROOT%`` as given, or a ``file:`` URI when absolute."""
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": pure.as_uri()}
    # Percent-encode what a URI reference cannot hold (spaces, `#`, `%`, a `:` that would read
    # as a scheme, control characters); keep `/` as the separator.
    uri = quote(path.replace("\\", "/"), safe="/!$&'()*+,;=@~", errors="surrogateescape")
    return {"uri": uri, "uriBaseId": SRCROOT}


def region(d: Diagnostic) -> dict[str, int]:
    """The reported span (1-based, end column exclusive); the file's start for a notebook."""
    if d.cell is not None:
        return {"startLine": 1, "startColumn": 1}
    return {
        "startLine": d.location.row,
        "startColumn": d.location.column,
        "endLine": d.end_location.row,
        "endColumn": d.end_location.column,
    }


def sarif_result(d: Diagnostic, fingerprint: str, index: dict[str, int]) -> dict[str, Any]:
    """One report as a SARIF ``result``."""
    out: dict[str, Any] = {"ruleId": d.code}
    if d.code in index:
        out["ruleIndex"] = index[d.code]
    out["level"] = _LEVEL[d.severity]
    out["message"] = {"text": clean(where(d) + d.message)}
    artifact = artifact_location(repository_path(d.path))
    out["locations"] = [{"physicalLocation": {"artifactLocation": artifact, "region": region(d)}}]
    out["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint}
    return out


def to_sarif(result: RunResult) -> dict[str, Any]:
    """The whole run as a SARIF log."""
    rules = all_rules()
    index = {rule.code: i for i, rule in enumerate(rules)}
    driver = {
        "name": "keraslint",
        "version": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [rule_descriptor(rule) for rule in rules],
    }
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "columnKind": "unicodeCodePoints",
                "results": [sarif_result(d, fp, index) for d, fp in fingerprinted(result)],
            }
        ],
    }


def render(result: RunResult, stream: TextIO) -> None:
    """Write the run as one SARIF document."""
    stream.write(dumps(to_sarif(result), indent=2) + "\n")
