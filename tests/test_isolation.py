"""Isolation: which sources are suspicious, CPython's verdict first, and the child process that
contains libcst's crashes and stalls (timeout, crash, memory, error)."""

from __future__ import annotations

import os
import sys
import time

import pytest

from keraslint import isolation
from keraslint.analysis import analyse
from keraslint.config import Settings
from keraslint.source import SourceFile

HEAD = 'from tensorflow import keras\nmodel = keras.Sequential([keras.layers.Dense(1, activation="softmax")])\n'

needs_fork = pytest.mark.skipif(sys.platform == "win32", reason="fork")


# ------------------------------------------------------------------ what is suspicious


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("y = " + "(" * 101 + "1" + ")" * 101, "brackets nested over 100 deep"),
        ("y = " + "[" * 150 + "1", "unclosed brackets"),
        ("x = 1  # " + "a" * 6000, "a line of"),
        ("if x:\n    pass\n" + "elif x:\n    pass\n" * 301, "elif chain"),
        ("y = (a\n" + "    + a\n" * 301 + ")", "operator chain"),
    ],
    ids=["deep", "unclosed", "long-line", "elif", "operator-chain"],
)
def test_suspicious_shapes(text: str, reason: str) -> None:
    found = isolation.suspicious(text)
    assert found is not None and reason in found


@pytest.mark.parametrize(
    "text",
    [
        HEAD,
        "y = " + "(" * 100 + "1" + ")" * 100,  # at the limit
        '"""Notes:\n' + "1) a point\n" * 500 + '"""\n',  # many unmatched closing brackets
        "x = ':(' \n" * 100,  # a hundred unclosed brackets is still ordinary
    ],
    ids=["model", "depth-100", "closers", "100-unclosed"],
)
def test_ordinary_code_is_not_suspicious(text: str) -> None:
    assert isolation.suspicious(text) is None


# ------------------------------------------------------------------ CPython's verdict first


def test_brackets_deeper_than_python_allows_are_its_syntax_error() -> None:
    text = "from tensorflow import keras\ny = " + "f(" * 1000 + ")" * 1000 + "\n"
    start = time.monotonic()
    [report] = analyse(SourceFile("deep.py", text), Settings()).diagnostics
    assert time.monotonic() - start < 2  # libcst never sees it
    assert (report.code, report.severity.value, report.location.row) == ("KL001", "error", 2)
    assert "too many nested parentheses" in report.message


def test_code_too_complex_for_python_is_not_analysed_at_once() -> None:
    text = "from tensorflow import keras\nx = " + "lambda: " * 3000 + "3\n"  # libcst: ~10 s
    start = time.monotonic()
    [report] = analyse(SourceFile("deep.py", text), Settings()).diagnostics
    assert time.monotonic() - start < 2
    assert (report.code, report.severity.value) == ("KL001", "warning")
    assert "Python's own parser gives up" in report.message


@needs_fork
def test_suspicious_code_python_accepts_is_analysed_in_a_child() -> None:
    text = HEAD + "x = 1  # " + "a" * 6000 + "\n"
    [report] = analyse(SourceFile("long.py", text), Settings()).diagnostics
    assert (report.code, report.location.row) == ("KL101", 2)


@needs_fork
def test_notebook_cells_are_judged_one_by_one() -> None:
    cells = [HEAD, "y = " + "(" * 300 + "1" + ")" * 300 + "\n"]
    from keraslint.source import Cell

    source = SourceFile("n.ipynb", cells=[Cell(text, number) for number, text in enumerate(cells, 1)])
    reports = sorted((d.cell, d.code, d.severity.value) for d in analyse(source, Settings()).diagnostics)
    assert reports == [(1, "KL101", "error"), (2, "KL001", "error")]


# ------------------------------------------------------------------ the child process


def _sleep(seconds: float) -> str:
    time.sleep(seconds)
    return "done"


def _abort() -> None:
    os.abort()  # what a native stack overflow looks like to the parent


def _allocate() -> bytes:
    return b"x" * (isolation.MEMORY_BYTES * 2)


def _raise() -> None:
    raise ValueError("boom")


@needs_fork
def test_child_returns_the_result() -> None:
    assert isolation.run_isolated(_sleep, 0) == ("ok", "done")


@needs_fork
def test_child_timeout() -> None:
    start = time.monotonic()
    assert isolation.run_isolated(_sleep, 30, timeout=0.5) == ("timeout", 0.5)
    assert time.monotonic() - start < 10


@needs_fork
def test_child_crash() -> None:
    status, _code = isolation.run_isolated(_abort)
    assert status == "crashed"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS")
def test_child_memory_limit() -> None:
    assert isolation.run_isolated(_allocate)[0] == "memory"


@needs_fork
def test_child_exception() -> None:
    assert isolation.run_isolated(_raise) == ("error", "ValueError: boom")


@pytest.mark.parametrize(
    ("status", "payload", "words"),
    [
        ("timeout", 15.0, "not analysed: the parser needed more than 15 s"),
        ("memory", None, "not analysed: the parser ran out of memory"),
        ("crashed", -6, "too deeply nested to analyse: the parser crashed"),
    ],
)
def test_child_failures_become_a_kl001_warning(
    monkeypatch: pytest.MonkeyPatch, status: str, payload: object, words: str
) -> None:
    monkeypatch.setattr(isolation, "run_isolated", lambda *args, **kwargs: (status, payload))
    text = HEAD + "x = 1  # " + "a" * 6000 + "\n"
    [report] = analyse(SourceFile("long.py", text), Settings()).diagnostics
    assert (report.code, report.severity.value) == ("KL001", "warning")
    assert report.message.startswith(words) and "a line of 6009 characters" in report.message


def test_child_error_becomes_kl003(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolation, "run_isolated", lambda *args, **kwargs: ("error", "ValueError: boom"))
    text = HEAD + "x = 1  # " + "a" * 6000 + "\n"
    [report] = analyse(SourceFile("long.py", text), Settings()).diagnostics
    assert report.code == "KL003" and "boom" in report.message
