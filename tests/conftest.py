"""Shared helpers: run the extractor or the whole engine on a snippet of source."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

import libcst as cst
import pytest
from click.testing import CliRunner, Result

from keraslint.cli import main
from keraslint.config import Settings
from keraslint.diagnostics import Diagnostic
from keraslint.engine import check_source
from keraslint.facts.extract import extract
from keraslint.facts.model import FileFacts
from keraslint.source import SourceFile


def facts_of(code: str) -> FileFacts:
    """The facts the extractor records for a (dedented) snippet."""
    return extract(cst.parse_module(textwrap.dedent(code)))


def lint(code: str, select: Optional[Sequence[str]] = None, path: str = "snippet.py") -> list[Diagnostic]:
    """Run the engine on a (dedented) snippet with the given rules (default: all)."""
    settings = Settings(select=tuple(select) if select else None)
    return check_source(SourceFile(path, textwrap.dedent(code)), settings).diagnostics


def codes(code: str, select: Optional[Sequence[str]] = None) -> list[tuple[str, int]]:
    """(code, row) of every report, sorted."""
    return sorted((d.code, d.location.row) for d in lint(code, select))


@pytest.fixture
def run_lint():
    return lint


def cli_runner() -> CliRunner:
    """A click runner that keeps stderr apart from stdout."""
    try:  # click < 8.2 mixes stderr into output unless told not to
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def invoke(cwd: Path, *args: str, catch: bool = False) -> Result:
    """Run the ``keraslint`` command in-process from ``cwd``."""
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return cli_runner().invoke(main, list(args), catch_exceptions=catch)
    finally:
        os.chdir(old)
