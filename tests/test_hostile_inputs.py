"""Hostile inputs: whatever a file or a folder holds, the command line never shows a traceback,
never hangs, exits 0/1 (2 only for a missing path, a bad configuration or an internal error),
and says what happened with the right code (KL001 syntax, KL002 unreadable, KL003 internal).

Every fixture is generated in ``tmp_path``. docs/reliability.md lists the bugs these tests
found (all fixed).
"""

from __future__ import annotations

import ast
import dataclasses
import json
import os
import re
import subprocess
import sys
import textwrap
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Optional

import pytest

from keraslint.cli import main
from tests.conftest import cli_runner

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "keraslint"

#: One KL101 at 2:60 (the string "softmax").
BUGGY = (
    "from tensorflow import keras\n"
    'model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])\n'
)
MODEL_LINE = 'model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])'
FORMATS = ("full", "concise", "json", "json-lines", "sarif", "github", "gitlab", "junit")
#: Raw characters a report must never carry from a file to a terminal or a log.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
REPORT = re.compile(r"^(?P<path>.+?):(?:cell (?P<cell>\d+):)?(?P<row>\d+):(?P<col>\d+): (?P<code>KL\d{3}) \[(?P<sev>\w+)\] (?P<msg>.*)$")


@dataclasses.dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def reports(self) -> list[dict[str, Any]]:
        """The concise-format report lines, parsed."""
        out = []
        for line in self.stdout.splitlines():
            match = REPORT.match(line)
            assert match, f"not a report line: {line!r}"
            out.append(match.groupdict())
        return out

    def codes(self) -> list[tuple[str, str]]:
        """(path, code) of every report."""
        return [(r["path"], r["code"]) for r in self.reports()]


def cli(*args: str, cwd: Optional[Path] = None, fmt: Optional[str] = "concise") -> Run:
    """Run ``keraslint check`` in-process (so monkeypatches apply); no traceback may escape."""
    argv = ["check", "--no-cache", *(["--output-format", fmt] if fmt else []), *args]
    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = cli_runner().invoke(main, argv, catch_exceptions=True)
    finally:
        os.chdir(old)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        trace = "".join(traceback.format_exception(*result.exc_info))  # type: ignore[misc]
        pytest.fail(f"keraslint raised {type(result.exception).__name__}:\n{trace}")
    run = Run(result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in run.stdout + run.stderr, run
    return run


def cli_process(
    *args: str, cwd: Path, fmt: str = "concise", timeout: float = 60, env: Optional[dict[str, str]] = None
) -> Run:
    """Run ``python -m keraslint check`` in a subprocess (real streams, real hangs)."""
    command = [sys.executable, "-m", "keraslint", "check", "--no-cache", "--output-format", fmt, *args]
    completed = subprocess.run(
        command, cwd=cwd, capture_output=True, timeout=timeout, env={**os.environ, **(env or {})}
    )
    run = Run(
        completed.returncode,
        completed.stdout.decode("utf-8", "replace"),
        completed.stderr.decode("utf-8", "replace"),
    )
    assert "Traceback" not in run.stdout + run.stderr, run.stderr
    return run


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def only(run: Run, code: str, path: Optional[str] = None) -> dict[str, Any]:
    """The single report of a run, which must have this code (and path)."""
    reports = run.reports()
    assert len(reports) == 1, run.stdout
    report = reports[0]
    assert report["code"] == code, run.stdout
    if path is not None:
        assert report["path"] == path
    return report


def notebook(*sources: str, **extra: Any) -> str:
    cells = [
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": s}
        for s in sources
    ]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5, **extra})


# =============================================================================== syntax errors


def _cpython_position(text: str) -> tuple[int, int]:
    try:
        compile(text, "f.py", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as error:
        return error.lineno or 1, error.offset or 1
    raise AssertionError("the snippet is valid Python")


SYNTAX_ERRORS = {
    "first-line": "def (:\nimport keras\n",
    "middle": "import keras\nx = 1\ny = (2 +\n     * 3)\nz = 4\n",
    "last-line-unclosed": "import keras\nmodel = keras.Sequential([\n    keras.layers.Dense(1),\n",
    "nested-def": "import keras\n\ndef f():\n    if True:\n        return = 1\n",
    "bad-indent": "import keras\nif True:\n    x = 1\n  y = 2\n",
    "unterminated-string": "import keras\nx = 'abc\n",
    "unterminated-triple": "import keras\nx = 1\ny = '''abc\n\n",
    "f-string": "import keras\nx = f'{a!x}'\n",
    "walrus-statement": "import keras\na := 1\n",
    "keyword-assign": "import keras\nNone = 1\n",
    "bad-number": "import keras\nx = 0b2\n",
    "trailing-backslash": "import keras\nx = \\",
}


@pytest.mark.parametrize("text", SYNTAX_ERRORS.values(), ids=SYNTAX_ERRORS.keys())
def test_syntax_errors_anywhere_give_kl001_at_the_error(tmp_path: Path, text: str) -> None:
    write(tmp_path / "bad.py", text)
    write(tmp_path / "good.py", BUGGY)
    run = cli(".", cwd=tmp_path)
    assert run.exit_code == 1
    reports = {r["path"]: r for r in run.reports()}
    assert reports["good.py"]["code"] == "KL101"  # the run went on
    bad = reports["bad.py"]
    assert (bad["code"], bad["sev"]) == ("KL001", "error")
    assert (int(bad["row"]), int(bad["col"])) == _cpython_position(text)
    assert bad["msg"].startswith("syntax error: ")


def test_syntax_error_in_a_notebook_cell_names_the_cell(tmp_path: Path) -> None:
    write(tmp_path / "nb.ipynb", notebook("import keras\n", "x = 1\ny = (1,\n", BUGGY))
    run = cli("nb.ipynb", cwd=tmp_path)
    reports = run.reports()
    row, column = _cpython_position("x = 1\ny = (1,\n")  # (2, 5) on 3.11; 3.9 says (2, 8)
    assert [(r["code"], r["cell"], r["row"], r["col"]) for r in reports] == [
        ("KL001", "2", str(row), str(column)),
        ("KL101", "3", "2", "60"),
    ]


PYTHON2 = {
    "print": "import keras\nprint 'training'\n",
    "except-comma": "import keras\ntry:\n    pass\nexcept ValueError, e:\n    pass\n",
    "backticks": "import keras\nx = `1`\n",
    "diamond": "import keras\nif 1 <> 2:\n    pass\n",
    "exec": "import keras\nexec 'x = 1'\n",
    "print-chevron-comma": "import keras\nprint 'a', 'b'\n",
    "long-literal": "import keras\nx = 10L\n",
    "ur-string": "import keras\nx = ur'a'\n",
}

@pytest.mark.parametrize(
    "text",
    [pytest.param(t, id=k, marks=[]) for k, t in PYTHON2.items()],
)
def test_python2_code_gives_kl001_naming_python2(tmp_path: Path, text: str) -> None:
    write(tmp_path / "old.py", text)
    run = cli("old.py", cwd=tmp_path)
    assert run.exit_code == 1
    report = only(run, "KL001", "old.py")
    assert report["sev"] == "error"
    assert (int(report["row"]), int(report["col"])) == _cpython_position(text)
    assert "Python 2" in report["msg"]


def test_mixing_bytes_and_str_literals_is_a_syntax_error_not_a_crash(tmp_path: Path) -> None:
    write(tmp_path / "mixed.py", "import keras\nx = 'a' b'b'\n")
    write(tmp_path / "other.py", BUGGY)
    run = cli(".", cwd=tmp_path)
    assert run.exit_code == 1
    assert sorted(run.codes()) == [("mixed.py", "KL001"), ("other.py", "KL101")]


def test_non_ascii_bytes_literal_is_a_syntax_error(tmp_path: Path) -> None:
    text = "import keras\nx = b'caf\u00e9'\n"
    write(tmp_path / "b.py", text)
    report = only(cli("b.py", cwd=tmp_path), "KL001")
    assert (int(report["row"]), int(report["col"])) == _cpython_position(text)  # (2, 5) on 3.11


def test_warnings_about_the_checked_code_never_reach_stderr(tmp_path: Path) -> None:
    write(tmp_path / "w.py", 'import keras\nx = [0x1for i in range(3)]\ny = 1if x else 2\nz = "\\d"\n')
    write(tmp_path / "w2.py", 'import keras\nx = 1if True else 2\nprint "old"\n')
    run = cli_process("w.py", "w2.py", cwd=tmp_path, fmt="json")
    assert run.exit_code == 1
    assert run.stderr == ""


# =================================================================================== encodings


def test_pep263_latin1_file_is_decoded_and_analysed(tmp_path: Path) -> None:
    data = (
        b"# -*- coding: latin-1 -*-\n"
        b"from tensorflow import keras\n"
        b"# caf\xe9 cr\xe8me br\xfbl\xe9e\n"
        b'model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])  # \xe9t\xe9\n'
    )
    write(tmp_path / "latin.py", data)
    run = cli("latin.py", cwd=tmp_path)
    report = only(run, "KL101")
    assert (report["row"], report["col"]) == ("4", "60")
    full = cli("latin.py", cwd=tmp_path, fmt="full")
    assert "# \u00e9t\u00e9" in full.stdout  # the line is shown decoded


def test_utf8_bom_file_is_analysed_with_true_columns(tmp_path: Path) -> None:
    write(tmp_path / "bom.py", b"\xef\xbb\xbf" + BUGGY.encode())
    report = only(cli("bom.py", cwd=tmp_path), "KL101")
    assert (report["row"], report["col"]) == ("2", "60")
    # the BOM on line 1 does not shift a report there either
    write(tmp_path / "bom1.py", b"\xef\xbb\xbf" + MODEL_LINE.encode() + b"  # keras\n")
    assert cli("bom1.py", cwd=tmp_path, fmt="json").exit_code in (0, 1)


@pytest.mark.parametrize(
    "data",
    [
        b"from tensorflow import keras\n# \xff\xfe not UTF-8\n",
        b"# -*- coding: ascii -*-\nimport keras\nx = '\xe9'\n",
        b"# -*- coding: no-such-codec -*-\nimport keras\n",
        b"\xef\xbb\xbf# -*- coding: latin-1 -*-\nimport keras\n",  # BOM and a conflicting cookie
    ],
    ids=["invalid-utf8", "not-ascii", "unknown-codec", "bom-and-latin1"],
)
def test_undecodable_bytes_give_kl002(tmp_path: Path, data: bytes) -> None:
    write(tmp_path / "bad.py", data)
    write(tmp_path / "good.py", BUGGY)
    run = cli(".", cwd=tmp_path)
    assert run.exit_code == 1
    assert sorted(run.codes()) == [("bad.py", "KL002"), ("good.py", "KL101")]
    assert "cannot decode" in run.reports()[0]["msg"]


def test_nul_bytes_give_kl001(tmp_path: Path) -> None:
    write(tmp_path / "nul.py", b"from tensorflow import keras\nx = 1\x00\n")
    write(tmp_path / "good.py", BUGGY)
    run = cli(".", cwd=tmp_path)
    assert run.exit_code == 1
    assert sorted(run.codes()) == [("good.py", "KL101"), ("nul.py", "KL001")]


def test_nul_byte_is_reported_where_it_is(tmp_path: Path) -> None:
    write(tmp_path / "nul.py", b"from tensorflow import keras\nx = 1\x00\n")
    report = only(cli("nul.py", cwd=tmp_path), "KL001")
    assert (report["row"], report["col"]) == ("2", "6")


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"], ids=["crlf", "cr", "lf"])
def test_line_endings_keep_rows(tmp_path: Path, newline: str) -> None:
    text = f"from tensorflow import keras{newline}{newline}# comment{newline}{MODEL_LINE}{newline}"
    write(tmp_path / "eol.py", text)
    report = only(cli("eol.py", cwd=tmp_path), "KL101")
    assert (report["row"], report["col"]) == ("4", "60")
    full = cli("eol.py", cwd=tmp_path, fmt="full").stdout
    assert f"4 | {MODEL_LINE}" in full


def test_tabs_keep_columns_in_characters(tmp_path: Path) -> None:
    line = '\tmodel = keras.Sequential([keras.layers.Dense(1,\tactivation="softmax")])'
    write(tmp_path / "tabs.py", f"from tensorflow import keras\nif True:\n{line}\n")
    report = only(cli("tabs.py", cwd=tmp_path), "KL101")
    assert (report["row"], int(report["col"])) == ("3", line.index('"softmax"') + 1)
    full = cli("tabs.py", cwd=tmp_path, fmt="full").stdout
    shown = next(x for x in full.splitlines() if x.startswith("3 | "))
    caret = next(x for x in full.splitlines() if "^" in x)
    assert shown.index('"softmax"') == caret.index("^")  # the caret is under the value


def test_form_feed_keeps_rows(tmp_path: Path) -> None:
    write(tmp_path / "ff.py", f"from tensorflow import keras\n\x0c\n{MODEL_LINE}\n")
    report = only(cli("ff.py", cwd=tmp_path), "KL101")
    assert (report["row"], report["col"]) == ("3", "60")



@pytest.mark.parametrize("separator", ["\x0c\n", "# a \x85 b\n", "# a \u2028 b\n", "x = '\x1c'\n"], ids=["ff", "nel", "ls", "fs"])
def test_full_format_shows_the_reported_line_after_unicode_line_breaks(tmp_path: Path, separator: str) -> None:
    write(tmp_path / "u.py", f"from tensorflow import keras\n{separator}{MODEL_LINE}\n")
    full = cli("u.py", cwd=tmp_path, fmt="full").stdout
    assert f"3 | {MODEL_LINE}" in full


def test_empty_file(tmp_path: Path) -> None:
    write(tmp_path / "empty.py", b"")
    write(tmp_path / "empty.ipynb", b"")  # no keras: not even read as JSON
    run = cli(".", cwd=tmp_path)
    assert (run.exit_code, run.stdout) == (0, "")


def test_comments_only_file(tmp_path: Path) -> None:
    write(tmp_path / "c.py", "# a keras model will go here\n# import tensorflow\n\n   # indented comment")
    run = cli("c.py", cwd=tmp_path)
    assert (run.exit_code, run.stdout) == (0, "")


# ============================================================================== size and depth


def _peak_child_rss(command: Sequence[str], cwd: Path, timeout: float) -> tuple[subprocess.CompletedProcess[bytes], int, float]:
    """Run a command through a wrapper process whose only child it is: its exit, the child's
    peak RSS in bytes (Linux), and the wall time."""
    wrapper = textwrap.dedent(
        """
        import json, resource, subprocess, sys, time
        start = time.monotonic()
        done = subprocess.run(sys.argv[1:], capture_output=True)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        json.dump([done.returncode, done.stdout.decode(), done.stderr.decode(), peak, time.monotonic() - start], sys.stdout)
        """
    )
    done = subprocess.run([sys.executable, "-c", wrapper, *command], cwd=cwd, capture_output=True, timeout=timeout)
    code, out, err, peak, elapsed = json.loads(done.stdout)
    factor = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return subprocess.CompletedProcess(command, code, out.encode(), err.encode()), peak * factor, elapsed


_BIG_LINES = {
    # mentions a rule's marker word (softmax), so the file must be parsed: the size limit applies
    "with-markers": "x{0} = keras.layers.Dense({0}, activation='softmax')  # padding padding\n",
    # no marker word: only CPython's parser would run, which must not bypass the size limit
    "without-markers": "x{0} = keras.layers.Dense({0}, activation='relu')  # padding padding padding\n",
}

@pytest.mark.skipif(sys.platform == "win32", reason="resource is POSIX-only")
@pytest.mark.parametrize("line", [pytest.param(_BIG_LINES["with-markers"], id="with-markers"), pytest.param(_BIG_LINES["without-markers"], id="without-markers")])
def test_ten_megabyte_file_is_skipped_quickly_with_bounded_memory(tmp_path: Path, line: str) -> None:
    text = "from tensorflow import keras\n" + "".join(line.format(i) for i in range(135_000))
    assert len(text) > 10_000_000
    write(tmp_path / "big.py", text)
    write(tmp_path / "buggy.py", BUGGY)
    command = [sys.executable, "-m", "keraslint", "check", "--no-cache", "--output-format", "concise", "."]
    done, peak, elapsed = _peak_child_rss(command, tmp_path, timeout=120)
    run = Run(done.returncode, done.stdout.decode(), done.stderr.decode())
    assert "Traceback" not in run.stderr
    assert run.exit_code == 1
    reports = {r["path"]: r for r in run.reports()}
    assert reports["buggy.py"]["code"] == "KL101"
    assert "big.py" in reports, run.stdout
    big = reports["big.py"]
    assert (big["code"], big["sev"]) == ("KL001", "warning")
    assert "not analysed" in big["msg"]
    assert elapsed < 5, elapsed
    assert peak < 1024**3, f"peak RSS {peak / 1e6:.0f} MB"


DEEP = {
    "plus-chain-10k": "y = " + "+".join(["a"] * 10_000) + "\n",
    "elif-10k": "x = 1\nif x == 0:\n    pass\n" + "".join(f"elif x == {i}:\n    pass\n" for i in range(1, 10_000)),
    "unary-minus-20k": "y = " + "-" * 20_000 + "1\n",
}


@pytest.mark.parametrize("body", DEEP.values(), ids=DEEP.keys())
def test_pathological_shapes_give_a_kl001_warning_and_the_run_goes_on(tmp_path: Path, body: str) -> None:
    # (a rule's marker word, so that the file is parsed even where CPython accepts the shape)
    write(tmp_path / "deep.py", "from tensorflow import keras  # softmax\n" + body)
    write(tmp_path / "other.py", BUGGY)
    start = time.monotonic()
    run = cli_process(".", cwd=tmp_path, timeout=120)
    assert time.monotonic() - start < 60  # the child process is stopped after 15 s
    assert run.exit_code == 1
    reports = {r["path"]: r for r in run.reports()}
    assert reports["other.py"]["code"] == "KL101"
    deep = reports["deep.py"]
    assert (deep["code"], deep["sev"]) == ("KL001", "warning"), deep


@pytest.mark.parametrize(
    "body",
    ["y = " + "(" * 1500 + "1" + ")" * 1500 + "\n", "y = " + "[" * 1500 + "1" + "]" * 1500 + "\n", "y = f(" * 1000 + ")" * 1000 + "\n"],
    ids=["parens-1500", "brackets-1500", "calls-1000"],
)
def test_brackets_nested_deeper_than_python_allows_are_a_syntax_error(tmp_path: Path, body: str) -> None:
    # CPython refuses more than 200 nested brackets: its verdict is taken without parsing the
    # file with libcst (which could crash, or take minutes), so this is quick.
    write(tmp_path / "deep.py", "from tensorflow import keras\n" + body)
    write(tmp_path / "other.py", BUGGY)
    start = time.monotonic()
    run = cli_process(".", cwd=tmp_path, timeout=120)
    assert time.monotonic() - start < 10
    assert run.exit_code == 1
    reports = {r["path"]: r for r in run.reports()}
    assert reports["other.py"]["code"] == "KL101"
    deep = reports["deep.py"]
    assert (deep["code"], deep["sev"], deep["row"]) == ("KL001", "error", "2"), deep
    assert "too many nested parentheses" in deep["msg"]


def test_thousands_of_unclosed_brackets_do_not_crash_the_run(tmp_path: Path) -> None:
    write(tmp_path / "unclosed.py", "from tensorflow import keras\ny = " + "(" * 3000 + "1\n")
    write(tmp_path / "other.py", BUGGY)
    run = cli_process(".", cwd=tmp_path, timeout=120)  # never in-process: it would take pytest down
    assert run.exit_code == 1
    reports = {r["path"]: r for r in run.reports()}
    assert reports["other.py"]["code"] == "KL101"
    assert reports["unclosed.py"]["code"] == "KL001"


def test_deeply_nested_loops_are_analysed_in_bounded_time(tmp_path: Path) -> None:
    depth = 19  # CPython compiles up to 20 nested blocks
    body = "".join("    " * i + f"for i{i} in range(3):\n" for i in range(depth)) + "    " * depth + "x = 1\n"
    write(tmp_path / "loops.py", BUGGY + body)
    compile(body, "loops.py", "exec")
    run = cli_process("loops.py", cwd=tmp_path, timeout=5)  # raises TimeoutExpired while the bug lasts
    assert run.codes() == [("loops.py", "KL101")]


# ============================================================================= files and paths


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file_chmod(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.py", BUGGY)
    write(tmp_path / "other.py", BUGGY)
    path.chmod(0)
    try:
        run = cli(".", cwd=tmp_path)
    finally:
        path.chmod(0o644)
    assert sorted(run.codes()) == [("other.py", "KL101"), ("secret.py", "KL002")]


def test_unreadable_file_permission_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "secret.py", BUGGY)
    write(tmp_path / "other.py", BUGGY)
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "secret.py":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    run = cli(".", cwd=tmp_path)
    assert run.exit_code == 1
    assert sorted(run.codes()) == [("other.py", "KL101"), ("secret.py", "KL002")]
    assert "Permission denied" in run.reports()[1]["msg"]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_broken_symlink_gives_kl002(tmp_path: Path) -> None:
    (tmp_path / "broken.py").symlink_to(tmp_path / "nowhere.py")
    write(tmp_path / "other.py", BUGGY)
    explicit = cli("broken.py", cwd=tmp_path)
    assert explicit.exit_code == 1
    only(explicit, "KL002", "broken.py")
    searched = cli(".", cwd=tmp_path)
    assert sorted(searched.codes()) == [("broken.py", "KL002"), ("other.py", "KL101")]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_symlink_loop_given_explicitly_gives_kl002(tmp_path: Path) -> None:
    (tmp_path / "a.py").symlink_to(tmp_path / "b.py")
    (tmp_path / "b.py").symlink_to(tmp_path / "a.py")
    run = cli("a.py", cwd=tmp_path)
    assert run.exit_code == 1
    only(run, "KL002", "a.py")


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_symlink_loop_in_a_searched_folder_gives_kl002(tmp_path: Path) -> None:
    (tmp_path / "a.py").symlink_to(tmp_path / "b.py")
    (tmp_path / "b.py").symlink_to(tmp_path / "a.py")
    write(tmp_path / "other.py", BUGGY)
    run = cli(".", cwd=tmp_path)
    assert run.exit_code == 1
    assert sorted(run.codes()) == [("a.py", "KL002"), ("b.py", "KL002"), ("other.py", "KL101")]


def test_folder_named_like_a_python_file(tmp_path: Path) -> None:
    write(tmp_path / "x.py" / "inner.py", BUGGY)
    write(tmp_path / "y.ipynb" / "nb.py", BUGGY)
    searched = cli(".", cwd=tmp_path)
    assert sorted(searched.codes()) == [("x.py/inner.py", "KL101"), ("y.ipynb/nb.py", "KL101")]
    explicit = cli("x.py", cwd=tmp_path)  # a folder given explicitly is searched, not read
    assert explicit.codes() == [("x.py/inner.py", "KL101")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_fifo_in_a_searched_folder_is_skipped_without_hanging(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.py")
    os.mkfifo(tmp_path / "pipe.ipynb")
    write(tmp_path / "other.py", BUGGY)
    run = cli_process(".", cwd=tmp_path, timeout=30)
    assert run.exit_code == 1
    assert run.codes() == [("other.py", "KL101")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_fifo_given_explicitly_gives_kl002_without_hanging(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.py")
    write(tmp_path / "other.py", BUGGY)
    run = cli_process("pipe.py", "other.py", cwd=tmp_path, timeout=30)
    assert run.exit_code == 1
    assert sorted(run.codes()) == [("other.py", "KL101"), ("pipe.py", "KL002")]


@pytest.mark.parametrize("name", ["with space/my model.py", "mod\u00e8le_\u00e9.py", "\u6a21\u578b/\u8bad\u7ec3.py", "-dash.py"])
def test_paths_with_spaces_and_non_ascii_names(tmp_path: Path, name: str) -> None:
    from urllib.parse import quote

    write(tmp_path / name, BUGGY)
    searched = cli_process(".", cwd=tmp_path)
    assert searched.codes() == [(name, "KL101")]
    explicit = cli_process("--", name, cwd=tmp_path)
    assert explicit.codes() == [(name, "KL101")]
    spellings = {
        "json": json.dumps(name, ensure_ascii=False),
        "sarif": quote(name, safe="/!$&'()*+,;=@~"),
        "gitlab": json.dumps(name, ensure_ascii=False),
        "github": f"file={name},",
    }
    for fmt, spelled in spellings.items():
        assert spelled in cli(".", cwd=tmp_path, fmt=fmt).stdout, fmt
    import xml.etree.ElementTree as ET

    suites = ET.fromstring(cli(".", cwd=tmp_path, fmt="junit").stdout).findall("testsuite")
    assert [s.get("name") for s in suites] == [name]


@pytest.mark.skipif(sys.platform != "linux", reason="undecodable file names")
def test_undecodable_file_name_in_a_searched_folder(tmp_path: Path) -> None:
    (tmp_path / os.fsdecode(b"bad\xffname.py")).write_text(BUGGY)
    run = cli_process(".", cwd=tmp_path)
    assert run.exit_code == 1
    assert [code for _, code in run.codes()] == ["KL101"]


@pytest.mark.skipif(sys.platform != "linux", reason="undecodable file names")
def test_undecodable_file_name_with_strict_utf8_stdout(tmp_path: Path) -> None:
    name = os.fsdecode(b"bad\xffname.py")
    (tmp_path / name).write_text(BUGGY)
    for fmt in ("concise", "full"):
        run = cli_process(name, cwd=tmp_path, fmt=fmt, env={"PYTHONIOENCODING": "utf-8"})
        assert run.exit_code == 1
        assert "KL101" in run.stdout


def test_nonexistent_path_exits_2_with_a_message(tmp_path: Path) -> None:
    write(tmp_path / "other.py", BUGGY)
    run = cli("other.py", "no such.py", cwd=tmp_path)
    assert run.exit_code == 2
    assert "no such file or folder: no such.py" in run.stderr
    assert run.stdout == ""


# =================================================================================== notebooks


BAD_NOTEBOOKS = {
    "invalid-json": '{"cells": [ {"cell_type": "code", "source": "import keras"',
    "not-an-object": json.dumps(["import keras"]),
    "missing-cells": json.dumps({"nbformat": 4, "metadata": {"kernel": "keras"}}),
    "cells-not-a-list": json.dumps({"nbformat": 4, "cells": {"keras": 1}}),
    "source-is-a-number": json.dumps({"nbformat": 4, "metadata": {"k": "keras"}, "cells": [{"cell_type": "code", "source": 5}]}),
    "source-list-of-mixed": json.dumps({"nbformat": 4, "cells": [{"cell_type": "code", "source": ["import keras\n", 3]}]}),
    "source-null": json.dumps({"nbformat": 4, "metadata": {"k": "keras"}, "cells": [{"cell_type": "code", "source": None}]}),
    "cell-without-type": json.dumps({"nbformat": 4, "cells": [{"source": "import keras"}]}),
    "cell-type-a-number": json.dumps({"nbformat": 4, "cells": [{"cell_type": 3, "source": "import keras"}]}),
    "cell-not-an-object": json.dumps({"nbformat": 4, "cells": ["import keras"]}),
    "nbformat-3": json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": [{"cell_type": "code", "input": "import keras", "outputs": []}]}]}),
    "nbformat-string": json.dumps({"nbformat": "4", "cells": [], "metadata": {"k": "keras"}}),
    "latin1-bytes": b'{"nbformat": 4, "cells": [{"cell_type": "code", "source": "import keras # caf\xe9"}]}',
}


@pytest.mark.parametrize("content", BAD_NOTEBOOKS.values(), ids=BAD_NOTEBOOKS.keys())
def test_malformed_notebooks_give_kl002(tmp_path: Path, content: str | bytes) -> None:
    write(tmp_path / "bad.ipynb", content)
    write(tmp_path / "good.ipynb", notebook(BUGGY))
    run = cli(".", cwd=tmp_path)
    assert run.exit_code == 1
    reports = {r["path"]: r for r in run.reports()}
    assert reports["bad.ipynb"]["code"] == "KL002"
    assert reports["bad.ipynb"]["msg"].startswith("not a valid Jupyter notebook")
    assert reports["good.ipynb"]["code"] == "KL101"


def test_deeply_nested_notebook_json_gives_kl002(tmp_path: Path) -> None:
    write(tmp_path / "deep.ipynb", '{"metadata": "keras", "x": ' + "[" * 100_000 + "]" * 100_000 + "}")
    write(tmp_path / "good.py", BUGGY)
    run = cli(".", cwd=tmp_path)
    assert sorted(run.codes()) == [("deep.ipynb", "KL002"), ("good.py", "KL101")]


def test_notebook_with_a_lone_surrogate_escape(tmp_path: Path) -> None:
    write(tmp_path / "sur.ipynb", '{"nbformat": 4, "cells": [{"cell_type": "code", "source": "import keras\\nx = 1  # \\ud800\\n"}]}')
    write(tmp_path / "good.py", BUGGY)
    run = cli(".", cwd=tmp_path)
    assert run.exit_code in (0, 1)
    assert ("good.py", "KL101") in run.codes()
    assert [code for path, code in run.codes() if path == "sur.ipynb"] in ([], ["KL001"], ["KL002"])


def test_notebook_with_huge_outputs_is_analysed_quickly(tmp_path: Path) -> None:
    blob = "0123456789abcdef" * 400_000  # 6.4 MB of output text, and as much again as an image
    document = json.loads(notebook(BUGGY))
    document["cells"][0]["outputs"] = [
        {"output_type": "stream", "name": "stdout", "text": [blob]},
        {"output_type": "display_data", "metadata": {}, "data": {"image/png": blob, "text/plain": ["<Figure>"]}},
    ]
    document["cells"].insert(0, {"cell_type": "markdown", "metadata": {}, "source": ["# keras " * 10_000]})
    write(tmp_path / "big.ipynb", json.dumps(document))
    start = time.monotonic()
    run = cli("big.ipynb", cwd=tmp_path)
    assert time.monotonic() - start < 10
    report = only(run, "KL101")
    assert (report["cell"], report["row"], report["col"]) == ("2", "2", "60")


# ====================================================================================== config


def test_invalid_toml_exits_2_naming_the_file_and_line(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.keraslint\nselect = ["KL1"]\n')
    write(tmp_path / "a.py", BUGGY)
    run = cli("a.py", cwd=tmp_path)
    assert run.exit_code == 2
    assert "pyproject.toml" in run.stderr and "invalid TOML" in run.stderr
    assert "line 4" in run.stderr
    assert run.stdout == ""


WRONG_TYPES = {
    "select-int": ("select = 1", "select"),
    "ignore-string": ('ignore = "KL1"', "ignore"),
    "exclude-ints": ("exclude = [1, 2]", "exclude"),
    "per-file-ignores-list": ('per-file-ignores = ["x"]', "per-file-ignores"),
    "per-file-ignores-value": ('per-file-ignores = { "a/*" = "KL1" }', "per-file-ignores"),
    "severity-int": ("severity = { KL101 = 3 }", "severity"),
    "severity-table": ('severity = "error"', "severity"),
    "gitignore-string": ('respect-gitignore = "yes"', "respect-gitignore"),
    "format-unknown": ('output-format = "xml"', "output-format"),
    "format-int": ("output-format = 3", "output-format"),
    "baseline-list": ("baseline = []", "baseline"),
    "unknown-rule": ('select = ["KL999"]', "select"),
}


@pytest.mark.parametrize("setting,key", WRONG_TYPES.values(), ids=WRONG_TYPES.keys())
@pytest.mark.parametrize("file_name", ["pyproject.toml", "keraslint.toml"])
def test_wrong_value_types_exit_2_naming_file_and_line(tmp_path: Path, setting: str, key: str, file_name: str) -> None:
    header = '[project]\nname = "x"\n\n[tool.keraslint]\n' if file_name == "pyproject.toml" else "# settings\n\n\n\n"
    write(tmp_path / file_name, f"{header}extend-select = []\n{setting}\n")
    write(tmp_path / "a.py", BUGGY)
    run = cli("a.py", cwd=tmp_path)
    assert run.exit_code == 2
    assert f"{file_name}:6: `{key}`" in run.stderr, run.stderr
    assert run.stdout == ""


def test_tool_key_that_is_not_a_table(tmp_path: Path) -> None:
    write(tmp_path / "keraslint.toml", "tool = 3\n")
    write(tmp_path / "a.py", BUGGY)
    run = cli("a.py", cwd=tmp_path)
    assert run.exit_code == 2
    assert "keraslint.toml:1" in run.stderr


def test_keraslint_table_of_the_wrong_type_names_the_line(tmp_path: Path) -> None:
    write(tmp_path / "settings.toml", "# mine\n[tool]\nkeraslint = 3\n")
    write(tmp_path / "a.py", BUGGY)
    run = cli("--config", "settings.toml", "a.py", cwd=tmp_path)
    assert run.exit_code == 2
    assert "settings.toml:3" in run.stderr


def test_missing_or_unreadable_config_exits_2(tmp_path: Path) -> None:
    write(tmp_path / "a.py", BUGGY)
    (tmp_path / "folder.toml").mkdir()
    write(tmp_path / "binary.toml", b"\xff\xfe\x00select")
    for config in ("missing.toml", "folder.toml", "binary.toml"):
        run = cli("--config", config, "a.py", cwd=tmp_path)
        assert run.exit_code == 2, config
        assert config in run.stderr


# ========================================================================= contained failures


def _argmax_user() -> str:
    return BUGGY + "import numpy as np\np = model.predict(x)\nlabels = np.argmax(p, axis=1)\n"


def test_a_crashing_rule_is_kl003_for_that_file_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from keraslint.rules import registry

    registry.all_rules()  # loads the rule modules
    original = registry.RULES["KL302"]

    def boom(facts: Any) -> Any:
        if facts.argmaxes:
            raise ZeroDivisionError("injected")
        return original.check(facts) if original.check else ()

    monkeypatch.setitem(registry.RULES, "KL302", dataclasses.replace(original, check=boom))
    write(tmp_path / "a_crash.py", _argmax_user())
    write(tmp_path / "b_fine.py", BUGGY)
    run = cli(".", cwd=tmp_path)
    assert run.exit_code == 2
    reports = run.reports()
    crash = [r for r in reports if r["code"] == "KL003"]
    assert [r["path"] for r in crash] == ["a_crash.py"]
    assert "ZeroDivisionError" in crash[0]["msg"] and "report" in crash[0]["msg"]
    assert "--debug" in crash[0]["msg"]
    # the other rules still ran on that file, and the other file was checked
    assert ("a_crash.py", "KL101") in run.codes() and ("b_fine.py", "KL101") in run.codes()
    assert "Traceback" not in run.stderr
    debug = cli_runner().invoke(main, ["check", "--no-cache", "--debug", "--output-format", "concise", str(tmp_path)])
    assert debug.exit_code == 2
    assert "Traceback (most recent call last)" in debug.stderr and "ZeroDivisionError: injected" in debug.stderr
    assert "Traceback" not in debug.stdout


def test_a_crashing_extractor_is_kl003_for_that_file_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from keraslint.facts import extract

    original = extract.Extractor.run

    def run_or_fail(self: Any) -> Any:
        facts = original(self)
        if facts.argmaxes:
            raise KeyError("injected")
        return facts

    monkeypatch.setattr(extract.Extractor, "run", run_or_fail)
    write(tmp_path / "a_crash.ipynb", notebook(_argmax_user()))
    write(tmp_path / "b_fine.py", BUGGY)
    run = cli(".", cwd=tmp_path)
    assert run.exit_code == 2
    assert sorted(run.codes()) == [("a_crash.ipynb", "KL003"), ("b_fine.py", "KL101")]
    message = run.reports()[0]["msg"]
    assert "KeyError" in message and "please report" in message
    debug = cli_runner().invoke(main, ["check", "--no-cache", "--debug", "--output-format", "json", str(tmp_path)])
    assert debug.exit_code == 2
    assert "Traceback (most recent call last)" in debug.stderr
    json.loads(debug.stdout)  # the traceback does not corrupt machine-readable output


def test_internal_error_exit_2_even_with_exit_zero(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from keraslint.facts import extract

    def fail(self: Any) -> Any:
        raise IndexError("injected")

    monkeypatch.setattr(extract.Extractor, "run", fail)
    write(tmp_path / "a.py", BUGGY)
    run = cli("--exit-zero", "a.py", cwd=tmp_path)
    assert run.exit_code == 2
    only(run, "KL003")


# ==================================================================================== security


_FORBIDDEN_CALLS = {"eval", "exec", "__import__", "compile", "execfile", "breakpoint"}


def _forbidden_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + ([node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            if any(n.split(".")[0] in ("importlib", "runpy", "code", "pickle", "marshal") for n in names):
                found.append(f"{where}: imports {names}")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "builtins" else None
            if name == "compile" and any("PyCF_ONLY_AST" in ast.dump(a) for a in node.args):
                continue  # parses only: no code object is ever made
            if name in _FORBIDDEN_CALLS:
                found.append(f"{where}: calls {name}()")
            if any(k.arg == "shell" and not (isinstance(k.value, ast.Constant) and k.value.value is False) for k in node.keywords):
                found.append(f"{where}: shell=")
        elif isinstance(node, ast.Name) and node.id in ("importlib", "__builtins__"):
            found.append(f"{where}: uses {node.id}")
    return found


def test_source_never_runs_user_code() -> None:
    files = sorted(SRC.rglob("*.py"))
    assert len(files) > 10
    found = [use for path in files for use in _forbidden_uses(path)]
    assert not found, found
    # and the grep the brief asks for, on the raw text (comments and strings included)
    pattern = re.compile(r"(?<![\w.])(?<!def )(eval|exec|__import__)\(|importlib")
    raw = [f"{p.relative_to(ROOT)}:{n}" for p in files for n, line in enumerate(p.read_text().splitlines(), 1) if pattern.search(line)]
    assert not raw, raw


HOSTILE_LINE = MODEL_LINE + "  # \x1b[31mRED\x1b[0m \u202egnp.exe\u202c \u2066x\u2069 \x07\x08 \x9b \u2028"


@pytest.mark.parametrize("fmt", FORMATS)
def test_reports_never_echo_raw_control_characters(tmp_path: Path, fmt: str) -> None:
    write(tmp_path / "ctl.py", f"from tensorflow import keras\n{HOSTILE_LINE}\n")
    write(tmp_path / "ctl.ipynb", notebook(f"from tensorflow import keras\n{HOSTILE_LINE}\n"))
    write(tmp_path / "syn.py", "import keras\nx = '\x1b]0;title\x07\u202e' +\n")
    if sys.platform == "linux":
        write(tmp_path / "name\x1b[2J\u202e.py", BUGGY)
    run = cli_process(".", cwd=tmp_path, fmt=fmt)
    assert run.exit_code == 1
    assert "KL101" in run.stdout and "KL001" in run.stdout
    bad = sorted({repr(c) for c in CONTROL.findall(run.stdout + run.stderr)})
    assert not bad, bad
    if fmt == "full":
        assert "\\x1b[31mRED" in run.stdout  # shown, escaped


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_paths_are_relative_to_the_working_directory(tmp_path: Path, fmt: str) -> None:
    write(tmp_path / "project" / "sub" / "m.py", BUGGY)
    write(tmp_path / "project" / "nb.ipynb", notebook(BUGGY))
    run = cli_process(str(tmp_path / "project"), cwd=tmp_path, fmt=fmt)
    assert run.exit_code == 1
    assert str(tmp_path) not in run.stdout
    assert "project/sub/m.py" in run.stdout and "project/nb.ipynb" in run.stdout
