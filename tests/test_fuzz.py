"""Property tests: keraslint never raises and never reports an internal error (KL003), on random
valid Python (hypothesmith) and on random Keras-like programs (tests/keras_programs.py); and its
reports are invariant under edits that cannot matter (unrelated statements between top-level
statements; comments, blank lines and line breaks inside brackets; the no-Keras / rule-marker
shortcuts that skip parsing; a program split into notebook cells). Plus a short run of the
mutation fuzzer (scripts/fuzz.py).

Runs are deterministic (``derandomize=True``, no example database) and take a few seconds. For a
long session: ``KERASLINT_FUZZ_SCALE=200 pytest tests/test_fuzz.py`` (200 times the examples, a
random seed each run) and ``scripts/fuzz.py --minutes N``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
import tempfile
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

hypothesis = pytest.importorskip("hypothesis", minversion="6.93")
hypothesmith = pytest.importorskip("hypothesmith", minversion="0.3.3")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from keraslint.config import Settings  # noqa: E402
from keraslint.diagnostics import Diagnostic  # noqa: E402
from keraslint.engine import FileResult, check_file, check_source  # noqa: E402
from keraslint.source import Cell, SourceFile  # noqa: E402
from tests.keras_programs import Layout, Program, insertions, layouts, programs  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = Settings()
#: KERASLINT_FUZZ_SCALE=N runs N times more examples, with a random seed (for a long session).
SCALE = int(os.environ.get("KERASLINT_FUZZ_SCALE", "1"))


def fast(examples: int) -> settings:
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        derandomize=SCALE == 1,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


def analyse(text: str, path: str = "program.py") -> FileResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)  # CPython's, about the generated code
        return check_source(SourceFile(path, text), SETTINGS)


def assert_contained(result: FileResult, text: str) -> None:
    internal = [d for d in result.diagnostics if d.code == "KL003"]
    assert not internal, f"{internal}\n{''.join(result.tracebacks)}\n--- program:\n{text}"


# ------------------------------------------------------------------------ never raise, never KL003


@fast(40)
@given(hypothesmith.from_grammar())
def test_random_valid_python_never_crashes(code: str) -> None:
    text = "import keras\n" + code  # mention Keras, so that the file is analysed
    assert_contained(analyse(text), text)


@pytest.mark.filterwarnings("ignore::SyntaxWarning")  # hypothesmith compiles what it generates
@fast(5)
@given(hypothesmith.from_node())
def test_random_libcst_trees_never_crash(code: str) -> None:
    text = "import tensorflow as tf\n" + code
    assert_contained(analyse(text), text)


@fast(80)
@given(programs())
def test_keras_programs_never_crash(program: Program) -> None:
    text = program.render()
    result = analyse(text)
    assert_contained(result, text)
    # the grammar only makes valid Python that libcst reads: any KL001/KL002 is a bug somewhere
    assert not [d for d in result.diagnostics if d.code in ("KL001", "KL002")], (result.diagnostics, text)


# ------------------------------------------------------------------------------- metamorphic

_LINE_REFERENCE = re.compile(r" ?\((?:cell \d+, )?line \d+\)")


def _message(d: Diagnostic) -> str:
    return _LINE_REFERENCE.sub("", d.message)


def by_line_text(text: str, diagnostics: Iterable[Diagnostic]) -> list[tuple[str, str, str, str]]:
    """Reports without positions: code, name, message (line references removed), reported line."""
    lines = text.split("\n")
    return sorted((d.code, d.name, _message(d), lines[d.location.row - 1].strip()) for d in diagnostics)


def _span(text: str, d: Diagnostic) -> str:
    """The reported source text, comments and whitespace removed."""
    lines = text.split("\n")
    (r1, c1), (r2, c2) = (d.location.row, d.location.column), (d.end_location.row, d.end_location.column)
    if r1 == r2:
        span = lines[r1 - 1][c1 - 1 : c2 - 1]
    else:
        span = "\n".join([lines[r1 - 1][c1 - 1 :], *lines[r1 : r2 - 1], lines[r2 - 1][: c2 - 1]])
    return re.sub(r"\s+", "", re.sub(r"#[^\n]*", "", span))


def by_span(text: str, diagnostics: Iterable[Diagnostic]) -> list[tuple[str, str, str, str]]:
    """Reports without positions: code, name, message, and the reported code itself."""
    return sorted((d.code, d.name, _message(d), _span(text, d)) for d in diagnostics)


@fast(40)
@given(st.data())
def test_unrelated_statements_do_not_change_reports(data: Any) -> None:
    program = data.draw(programs(), label="program")
    inserted = data.draw(insertions(program), label="inserted")
    before = program.render()
    after = program.render(inserts=inserted)
    assert by_line_text(before, analyse(before).diagnostics) == by_line_text(after, analyse(after).diagnostics), after


@fast(40)
@given(programs(), layouts())
def test_formatting_does_not_change_reports(program: Program, layout: Layout) -> None:
    compact = program.render()
    formatted = program.render(layout)
    assert by_span(compact, analyse(compact).diagnostics) == by_span(formatted, analyse(formatted).diagnostics), formatted


@fast(30)
@given(programs(), st.booleans())
def test_parse_skipping_shortcuts_do_not_change_reports(program: Program, notebook: bool) -> None:
    """check_file skips files without Keras or without any enabled rule's marker words; the
    full analysis of the same text must then report nothing either."""
    text = program.render()
    with tempfile.TemporaryDirectory() as folder:
        if notebook:
            path = Path(folder, "program.ipynb")
            cell = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": text}
            path.write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
        else:
            path = Path(folder, "program.py")
            path.write_text(text)
        via_file = check_file(path, path.name, SETTINGS)
    direct = check_source(SourceFile(path.name, cells=[Cell(text, 1 if notebook else None)]), SETTINGS)
    assert sorted(map(repr, via_file.diagnostics)) == sorted(map(repr, direct.diagnostics)), text


def test_parse_skipping_shortcut_sees_a_softmax_layer(tmp_path: Path) -> None:
    text = "from tensorflow import keras\nmodel = keras.Sequential([keras.layers.Dense(1), keras.layers.Softmax()])\n"
    path = tmp_path / "m.py"
    path.write_text(text)
    assert [d.code for d in analyse(text, "m.py").diagnostics] == ["KL101"]
    assert [d.code for d in check_file(path, "m.py", SETTINGS).diagnostics] == ["KL101"]


@fast(30)
@given(st.data())
def test_notebook_cells_are_one_program(data: Any) -> None:
    """A program split into notebook cells at top-level statements gets the same reports."""
    program = data.draw(programs(), label="program")
    statements = [*program.imports, *(Program([], [b]).render() for b in program.blocks)]
    cuts = data.draw(st.lists(st.integers(1, max(1, len(statements) - 1)), max_size=4, unique=True), label="cuts")
    cells, start = [], 0
    for cut in [*sorted(cuts), len(statements)]:
        if cut > start:
            cells.append("".join(s if s.endswith("\n") else s + "\n" for s in statements[start:cut]))
            start = cut
    whole = "".join(s if s.endswith("\n") else s + "\n" for s in statements)
    assert whole == program.render()
    as_file = analyse(whole)
    as_notebook = check_source(SourceFile("n.ipynb", cells=[Cell(c, i + 1) for i, c in enumerate(cells)]), SETTINGS)
    assert_contained(as_notebook, whole)

    def keyed(diagnostics: Iterable[Diagnostic], source: SourceFile) -> list[tuple[str, str, str, str]]:
        return sorted((d.code, d.name, _message(d), source.line(d.location.row, d.cell).strip()) for d in diagnostics)

    notebook_source = SourceFile("n.ipynb", cells=[Cell(c, i + 1) for i, c in enumerate(cells)])
    assert keyed(as_file.diagnostics, SourceFile("program.py", whole)) == keyed(as_notebook.diagnostics, notebook_source), cells


# --------------------------------------------------------------------------- mutation fuzzing


def _fuzz_module() -> Any:
    spec = importlib.util.spec_from_file_location("keraslint_fuzz", ROOT / "scripts" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_mutation_fuzzer_bounded_run(tmp_path: Path) -> None:
    fuzz = _fuzz_module()
    assert len(fuzz.corpus()) >= 15
    summary = fuzz.fuzz(seed=20261122, max_inputs=200, out=tmp_path, slow=5.0, abort_after=30.0)
    assert summary.tried == 200
    assert sum(summary.reports.values()) > 50  # the mutants are analysed, not all rejected
    problems = [f"[{f.kind}] {f.signature} from {f.source_name} via {f.mutations}" for f in summary.unique.values()]
    assert not problems, "\n".join(problems) + f"\n(inputs saved in {tmp_path})"
