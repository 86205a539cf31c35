"""The command line: exit codes, selection, path handling, rule docs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from keraslint import __version__
from keraslint.cli import main
from tests.conftest import cli_runner

BUGGY = """\
from tensorflow import keras
model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
"""
CLEAN = """\
from tensorflow import keras
model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
"""


def run(*args: str, cwd: Path | None = None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args), catch_exceptions=False)
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "buggy.py").write_text(BUGGY)
    (tmp_path / "clean.py").write_text(CLEAN)
    return tmp_path


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"keraslint {__version__}"


def test_reports_exit_1_in_concise_format(project: Path) -> None:
    result = run("check", "--output-format", "concise", str(project / "buggy.py"))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{project / 'buggy.py'}:2:")
    assert "KL101 [error]" in lines[0]
    assert any("KL102 [error]" in line for line in lines)


def test_clean_file_exit_0(project: Path) -> None:
    result = run("check", "--output-format", "concise", str(project / "clean.py"))
    assert result.exit_code == 0
    assert result.output == ""


def test_default_path_is_current_folder_with_relative_names(project: Path) -> None:
    result = run("check", "--output-format", "concise", cwd=project)
    assert result.exit_code == 1
    assert result.output.startswith("buggy.py:2:")


def test_missing_path_is_a_clear_error(project: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(project / "nope.py")])
    assert result.exit_code == 2
    assert "no such file or folder" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("selector", ["KL101", "kl101", "softmax-single-unit", "KL10"])
def test_select_by_code_name_or_prefix(project: Path, selector: str) -> None:
    result = run("check", "--output-format", "concise", "--select", selector, str(project / "buggy.py"))
    codes = {line.split()[1] for line in result.output.splitlines()}
    assert "KL101" in codes
    if selector != "KL10":
        assert codes == {"KL101"}


def test_ignore_and_comma_lists(project: Path) -> None:
    result = run(
        "check", "--output-format", "concise", "--ignore", "KL101,categorical-loss-single-unit", str(project)
    )
    assert result.exit_code == 0


def test_unknown_selector_is_a_usage_error(project: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--select", "KL999", str(project)])
    assert result.exit_code == 2
    assert "KL999" in result.output


def test_no_cache_is_accepted(project: Path) -> None:
    assert run("check", "--no-cache", "--output-format", "json", str(project / "clean.py")).exit_code == 0


def test_json_output(project: Path) -> None:
    result = run("check", "--output-format", "json", str(project / "buggy.py"))
    data = json.loads(result.output)
    first = data[0]
    assert set(first) == {
        "code", "name", "severity", "message", "filename", "location", "end_location", "cell", "fix", "url",
    }
    assert first["code"] == "KL101"
    assert first["name"] == "softmax-single-unit"
    assert first["location"] == {"row": 2, "column": 60}
    assert first["end_location"] == {"row": 2, "column": 69}
    assert first["cell"] is None and first["fix"] is None


def test_full_output_shows_the_line_and_a_caret(project: Path) -> None:
    result = run("check", "--output-format", "full", str(project / "buggy.py"))
    out = result.output
    assert 'keras.layers.Dense(1, activation="softmax")' in out
    caret_line = next(line for line in out.splitlines() if "^" in line)
    assert "^^^^^^^^^ softmax-single-unit" in caret_line
    assert "Found 2 errors in 1 file (1 file checked)." in out


def test_full_output_for_clean_files(project: Path) -> None:
    result = run("check", "--output-format", "full", str(project / "clean.py"))
    assert result.exit_code == 0
    assert "All checks passed (1 file checked)." in result.output


def test_syntax_error_is_reported_and_the_run_goes_on(project: Path) -> None:
    (project / "broken.py").write_text("import keras\nprint 'hello'\n")
    result = run("check", "--output-format", "concise", str(project))
    assert result.exit_code == 1
    assert any(line.startswith(f"{project / 'broken.py'}:2:") and "KL001" in line for line in result.output.splitlines())
    assert "KL101" in result.output


def test_undecodable_file_is_kl002(project: Path) -> None:
    (project / "latin.py").write_bytes(b"import keras\nx = '\xe9t\xe9'\n")
    result = run("check", "--output-format", "concise", str(project / "latin.py"))
    assert result.exit_code == 1
    assert "KL002" in result.output


def test_folders_skip_virtualenvs_caches_and_build_output(tmp_path: Path) -> None:
    for folder in (".git", "__pycache__", "build", "dist", "node_modules", "site-packages", "env"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "model.py").write_text(BUGGY)
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr\n")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "model.py").write_text(BUGGY)
    (tmp_path / "notes.txt").write_text(BUGGY)
    result = run("check", "--output-format", "json", cwd=tmp_path)
    assert {d["filename"] for d in json.loads(result.output)} == {os.path.join("src", "model.py")}


def test_internal_errors_are_contained(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from keraslint.rules import registry

    original = registry.RULES["KL106"]

    def explode(facts):
        raise RuntimeError("boom")

    monkeypatch.setitem(registry.RULES, "KL106", registry.Rule(**{**original.__dict__, "check": explode}))
    result = cli_runner().invoke(main, ["check", "--output-format", "concise", "--debug", str(project)])
    assert result.exit_code == 2
    assert "KL003" in result.stdout and "RuntimeError: boom" in result.stdout
    assert "KL101" in result.stdout  # the other rules and files still ran
    assert "Traceback" in result.stderr


def test_rule_docs_by_code_and_name() -> None:
    by_code = run("rule", "KL101")
    by_name = run("rule", "softmax-single-unit")
    assert by_code.exit_code == 0 and by_code.output == by_name.output
    assert "# softmax-single-unit (KL101)" in by_code.output
    assert "## Why is this bad?" in by_code.output


def test_unknown_rule_docs() -> None:
    result = CliRunner().invoke(main, ["rule", "KL999"])
    assert result.exit_code == 2


def test_rules_listing() -> None:
    text = run("rules").output
    assert "KL105  from-logits-on-probabilities" in text
    data = json.loads(run("rules", "--output-format", "json").output)
    assert [r["code"] for r in data] == sorted(r["code"] for r in data)
    assert {"code", "name", "severity", "summary", "docs"} <= set(data[0])


def test_python_dash_m(project: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "keraslint", "check", "--output-format", "concise", str(project / "buggy.py")],
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 1
    assert "KL101" in completed.stdout


# ------------------------------------------------------------------ input errors, encodings, paths


def test_syntax_errors_are_reported_whatever_select_says(tmp_path: Path) -> None:
    (tmp_path / "old.py").write_text('import keras\nprint "x"\n')
    result = run("check", "--no-cache", "--output-format", "concise", "--select", "KL1", "old.py", cwd=tmp_path)
    assert result.exit_code == 1
    assert "old.py:2:" in result.output and "KL001" in result.output  # the column differs by Python version
    # ... unless they are ignored by name
    result = run("check", "--no-cache", "--select", "KL1", "--ignore", "KL001", "old.py", cwd=tmp_path)
    assert result.exit_code == 0


def test_file_level_noqa_inside_a_docstring_does_not_skip_the_file(tmp_path: Path) -> None:
    (tmp_path / "doc.py").write_text('"""Usage:\n# keraslint: noqa\n"""\n' + BUGGY)
    result = run("check", "--no-cache", "--output-format", "concise", "doc.py", cwd=tmp_path)
    assert result.exit_code == 1
    (tmp_path / "skipped.py").write_text("# keraslint: noqa\n" + BUGGY)
    assert run("check", "--no-cache", "skipped.py", cwd=tmp_path).exit_code == 0


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_output_in_an_encoding_that_cannot_show_the_source(tmp_path: Path, encoding: str) -> None:
    (tmp_path / "café.py").write_text(BUGGY.replace("model =", "模型 = model ="), encoding="utf-8")
    for fmt in ("concise", "full"):
        completed = subprocess.run(
            [sys.executable, "-m", "keraslint", "check", "--no-cache", "--output-format", fmt, "."],
            cwd=tmp_path,
            capture_output=True,
            env={**os.environ, "PYTHONIOENCODING": encoding},
            check=False,
        )
        assert completed.returncode == 1, completed.stderr
        assert b"Traceback" not in completed.stderr
        assert b"KL101" in completed.stdout


def test_control_characters_in_configuration_are_escaped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.keraslint]\n"\\u001b[31mX\\u0007" = 1\n')
    (tmp_path / "ok.py").write_text(CLEAN)
    result = cli_runner().invoke(main, ["check", "--no-cache", str(tmp_path / "ok.py")])
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\\x1b[31mX\\x07" in result.stderr


def test_sarif_paths_are_relative_to_the_repository_root(tmp_path: Path) -> None:
    from keraslint.output import _repository_root

    (tmp_path / ".git").mkdir()
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "train.py").write_text(BUGGY)
    _repository_root.cache_clear()
    try:
        result = run("check", "--no-cache", "--output-format", "sarif", "..", cwd=tmp_path / "sub")
        gitlab = run("check", "--no-cache", "--output-format", "gitlab", "..", cwd=tmp_path / "sub")
    finally:
        _repository_root.cache_clear()
    locations = json.loads(result.output)["runs"][0]["results"][0]["locations"]
    assert locations[0]["physicalLocation"]["artifactLocation"] == {"uri": "sub/train.py", "uriBaseId": "%SRCROOT%"}
    assert json.loads(gitlab.output)[0]["location"]["path"] == "sub/train.py"
