"""Configuration files and command-line overrides, through the command line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import invoke

BUGGY = """\
from tensorflow import keras
model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
"""
KL101_AT = "2:60"
KL102_AT = "3:38"


def run(cwd: Path, *args: str) -> Result:
    return invoke(cwd, *args)


def reports(cwd: Path, *args: str) -> tuple[int, list[tuple[str, str]]]:
    """Exit code and (file:row:col, code) of each concise report."""
    result = run(cwd, "check", "--output-format", "concise", *args)
    found = []
    for line in result.stdout.splitlines():
        place, rest = line.split(": ", 1)
        found.append((place, rest.split(" ", 1)[0]))
    return result.exit_code, found


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def p(*parts: str) -> str:
    return os.path.join(*parts)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path / "m.py", BUGGY)
    return tmp_path


# --------------------------------------------------------------------------- where settings come from


def test_no_config_reports_every_default_rule(project: Path) -> None:
    assert reports(project, "m.py") == (1, [(f"m.py:{KL101_AT}", "KL101"), (f"m.py:{KL102_AT}", "KL102")])


def test_pyproject_tool_keraslint(project: Path) -> None:
    write(project / "pyproject.toml", '[project]\nname = "x"\n\n[tool.keraslint]\nignore = ["KL101"]\n')
    assert reports(project, "m.py") == (1, [(f"m.py:{KL102_AT}", "KL102")])


def test_keraslint_toml_top_level(project: Path) -> None:
    write(project / "keraslint.toml", 'select = ["KL101"]\n')
    assert reports(project, "m.py") == (1, [(f"m.py:{KL101_AT}", "KL101")])


def test_dot_keraslint_toml_top_level(project: Path) -> None:
    write(project / ".keraslint.toml", 'select = ["categorical-loss-single-unit"]\n')
    assert reports(project, "m.py") == (1, [(f"m.py:{KL102_AT}", "KL102")])


def test_precedence_in_one_folder(project: Path) -> None:
    write(project / "pyproject.toml", '[tool.keraslint]\nselect = ["KL101", "KL102"]\n')
    assert reports(project, "m.py")[1] == [(f"m.py:{KL101_AT}", "KL101"), (f"m.py:{KL102_AT}", "KL102")]
    write(project / "keraslint.toml", 'select = ["KL102"]\n')
    assert reports(project, "m.py")[1] == [(f"m.py:{KL102_AT}", "KL102")]
    write(project / ".keraslint.toml", 'select = ["KL101"]\n')
    assert reports(project, "m.py")[1] == [(f"m.py:{KL101_AT}", "KL101")]


def test_closest_config_above_the_checked_paths_wins(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.keraslint]\nselect = ["KL102"]\n')
    write(tmp_path / "a" / "keraslint.toml", 'select = ["KL101"]\n')
    write(tmp_path / "a" / "b" / "m.py", BUGGY)
    write(tmp_path / "c" / "m.py", BUGGY)
    ab = p("a", "b", "m.py")
    cm = p("c", "m.py")
    # a/b/m.py: a/keraslint.toml is the closest.
    assert reports(tmp_path, ab) == (1, [(f"{ab}:{KL101_AT}", "KL101")])
    # c/m.py: only the top pyproject.toml is above it.
    assert reports(tmp_path, cm) == (1, [(f"{cm}:{KL102_AT}", "KL102")])
    # Both: the common folder is the top one, whose configuration applies to both.
    assert reports(tmp_path, ab, cm)[1] == [(f"{ab}:{KL102_AT}", "KL102"), (f"{cm}:{KL102_AT}", "KL102")]
    # From inside a/b with no path: the current folder.
    assert reports(tmp_path / "a" / "b")[1] == [(f"m.py:{KL101_AT}", "KL101")]


def test_config_is_looked_for_above_the_paths_not_the_working_directory(tmp_path: Path) -> None:
    write(tmp_path / "proj" / "keraslint.toml", 'select = ["KL102"]\n')
    write(tmp_path / "proj" / "m.py", BUGGY)
    write(tmp_path / "elsewhere" / "keraslint.toml", 'select = ["KL101"]\n')
    path = str(tmp_path / "proj" / "m.py")
    assert reports(tmp_path / "elsewhere", path) == (1, [(f"{path}:{KL102_AT}", "KL102")])


def test_pyproject_without_tool_keraslint_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / "keraslint.toml", 'select = ["KL102"]\n')
    write(tmp_path / "sub" / "pyproject.toml", '[tool.black]\nline-length = 100\n\n[tool.ruff]\nselect = ["E"]\n')
    write(tmp_path / "sub" / "m.py", BUGGY)
    assert reports(tmp_path / "sub", "m.py") == (1, [(f"m.py:{KL102_AT}", "KL102")])
    shown = json.loads(run(tmp_path / "sub", "check", "--show-settings", "m.py").stdout)
    assert shown["config-file"] == str(tmp_path / "keraslint.toml")


def test_config_option_names_the_file(tmp_path: Path) -> None:
    write(tmp_path / "keraslint.toml", 'select = ["KL102"]\n')
    write(tmp_path / "other" / "custom.toml", 'select = ["KL101"]\n')
    write(tmp_path / "m.py", BUGGY)
    assert reports(tmp_path, "--config", p("other", "custom.toml"), "m.py") == (
        1,
        [(f"m.py:{KL101_AT}", "KL101")],
    )


def test_config_option_with_a_pyproject(tmp_path: Path) -> None:
    write(tmp_path / "cfg" / "pyproject.toml", '[tool.keraslint]\nignore = ["KL102"]\n')
    write(tmp_path / "m.py", BUGGY)
    assert reports(tmp_path, "--config", p("cfg", "pyproject.toml"), "m.py")[1] == [(f"m.py:{KL101_AT}", "KL101")]


def test_config_option_with_a_missing_file_exits_2(tmp_path: Path) -> None:
    write(tmp_path / "m.py", BUGGY)
    result = run(tmp_path, "check", "--config", "nope.toml", "m.py")
    assert result.exit_code == 2
    assert "nope.toml" in result.stderr
    assert "cannot read the configuration file" in result.stderr
    assert result.stdout == ""


# --------------------------------------------------------------------------- keys


def test_select_with_prefix(project: Path) -> None:
    write(project / "keraslint.toml", 'select = ["KL2", "KL3"]\n')
    assert reports(project, "m.py") == (0, [])


def test_extend_select(project: Path) -> None:
    write(project / "keraslint.toml", 'select = ["KL101"]\nextend-select = ["KL102"]\n')
    assert reports(project, "m.py")[1] == [(f"m.py:{KL101_AT}", "KL101"), (f"m.py:{KL102_AT}", "KL102")]


def test_extend_select_enables_an_opt_in_rule(project: Path) -> None:
    write(project / "m.py", BUGGY.replace('"softmax")])', '"softmax")])  # noqa: KL105'))
    write(project / "keraslint.toml", 'extend-select = ["unused-suppression"]\n')
    assert reports(project, "m.py")[1] == [
        (f"m.py:{KL101_AT}", "KL101"),
        ("m.py:2:74", "KL900"),
        (f"m.py:{KL102_AT}", "KL102"),
    ]


def test_ignore_by_name(project: Path) -> None:
    write(project / "keraslint.toml", 'ignore = ["softmax-single-unit"]\n')
    assert reports(project, "m.py")[1] == [(f"m.py:{KL102_AT}", "KL102")]


def test_per_file_ignores(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[tool.keraslint]\nper-file-ignores = { "experiments/*" = ["KL1"], "legacy_*.py" = ["softmax-single-unit"] }\n',
    )
    write(tmp_path / "experiments" / "e.py", BUGGY)
    write(tmp_path / "legacy_model.py", BUGGY)
    write(tmp_path / "main.py", BUGGY)
    assert reports(tmp_path, ".")[1] == [
        (f"legacy_model.py:{KL102_AT}", "KL102"),
        (f"main.py:{KL101_AT}", "KL101"),
        (f"main.py:{KL102_AT}", "KL102"),
    ]


def test_per_file_ignores_as_a_table_relative_to_the_config_file(tmp_path: Path) -> None:
    write(
        tmp_path / "proj" / "keraslint.toml",
        '[per-file-ignores]\n"pkg/*.py" = ["KL101"]\n"*.ipynb" = ["KL102"]\n',
    )
    write(tmp_path / "proj" / "pkg" / "m.py", BUGGY)
    write(tmp_path / "proj" / "top.py", BUGGY)
    # Run from outside the project: globs with "/" are relative to the configuration file.
    pm = p("proj", "pkg", "m.py")
    top = p("proj", "top.py")
    assert reports(tmp_path, "proj")[1] == [
        (f"{pm}:{KL102_AT}", "KL102"),
        (f"{top}:{KL101_AT}", "KL101"),
        (f"{top}:{KL102_AT}", "KL102"),
    ]


def test_per_file_ignores_glob_for_a_dot_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.keraslint]\nper-file-ignores = { ".config/*.py" = ["KL101"] }\n')
    write(tmp_path / ".config" / "m.py", BUGGY)
    dm = p(".config", "m.py")
    assert reports(tmp_path, ".")[1] == [(f"{dm}:{KL102_AT}", "KL102")]


def test_per_file_ignores_glob_with_leading_dot_slash(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.keraslint]\nper-file-ignores = { "./pkg/*.py" = ["KL101"] }\n')
    write(tmp_path / "pkg" / "m.py", BUGGY)
    pm = p("pkg", "m.py")
    assert reports(tmp_path, ".")[1] == [(f"{pm}:{KL102_AT}", "KL102")]


def test_per_file_ignores_through_a_symlinked_folder(tmp_path: Path) -> None:
    write(tmp_path / "real" / "pyproject.toml", '[tool.keraslint]\nper-file-ignores = { "exp/*" = ["KL101"] }\n')
    write(tmp_path / "real" / "exp" / "m.py", BUGGY)
    try:
        (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    except (OSError, NotImplementedError):
        pytest.skip("symlinks are not available")
    assert reports(tmp_path, "real")[1] == [(f"{p('real', 'exp', 'm.py')}:{KL102_AT}", "KL102")]
    assert reports(tmp_path, "link")[1] == [(f"{p('link', 'exp', 'm.py')}:{KL102_AT}", "KL102")]


def test_exclude_and_extend_exclude(tmp_path: Path) -> None:
    write(tmp_path / "keraslint.toml", 'exclude = ["generated"]\nextend-exclude = ["scratch/*.py", "old_*.py"]\n')
    write(tmp_path / "generated" / "g.py", BUGGY)
    write(tmp_path / "pkg" / "generated" / "g.py", BUGGY)  # a name without "/" matches at any depth
    write(tmp_path / "scratch" / "s.py", BUGGY)
    write(tmp_path / "old_model.py", BUGGY)
    write(tmp_path / "keep.py", BUGGY)
    write(tmp_path / "build" / "b.py", BUGGY)  # `exclude` replaces the built-in list (as in Ruff)
    write(tmp_path / "venv" / "pyvenv.cfg", "")
    write(tmp_path / "venv" / "v.py", BUGGY)  # a virtualenv is always skipped
    assert reports(tmp_path, ".", "--select", "KL101")[1] == [
        (f"{p('build', 'b.py')}:{KL101_AT}", "KL101"),
        (f"keep.py:{KL101_AT}", "KL101"),
    ]


def test_extend_exclude_keeps_the_built_in_list(tmp_path: Path) -> None:
    write(tmp_path / "keraslint.toml", 'extend-exclude = ["scratch"]\n')
    write(tmp_path / "scratch" / "s.py", BUGGY)
    write(tmp_path / "build" / "b.py", BUGGY)
    write(tmp_path / "keep.py", BUGGY)
    assert reports(tmp_path, ".", "--select", "KL101")[1] == [(f"keep.py:{KL101_AT}", "KL101")]


def test_force_exclude_applies_to_files_named_on_the_command_line(tmp_path: Path) -> None:
    write(tmp_path / "keraslint.toml", 'extend-exclude = ["third_party", "old_*.py"]\n')
    named = ["third_party/lib/a.py", "old_model.py", "build/b.py", "keep.py"]
    for name in named:
        write(tmp_path / name, BUGGY)
    args = [p(*name.split("/")) for name in named]
    # named files are checked whatever the excludes say ...
    assert len(reports(tmp_path, *args, "--select", "KL101")[1]) == 4
    # ... unless --force-exclude (the pre-commit hook's default) or `force-exclude = true`
    assert reports(tmp_path, *args, "--select", "KL101", "--force-exclude")[1] == [
        (f"keep.py:{KL101_AT}", "KL101")
    ]
    write(tmp_path / "keraslint.toml", 'extend-exclude = ["third_party", "old_*.py"]\nforce-exclude = true\n')
    assert reports(tmp_path, *args, "--select", "KL101")[1] == [(f"keep.py:{KL101_AT}", "KL101")]
    assert len(reports(tmp_path, *args, "--select", "KL101", "--no-force-exclude")[1]) == 4


def test_excluded_file_named_explicitly_is_checked(tmp_path: Path) -> None:
    write(tmp_path / "keraslint.toml", 'exclude = ["generated"]\n')
    write(tmp_path / "generated" / "g.py", BUGGY)
    g = p("generated", "g.py")
    assert reports(tmp_path, g, "--select", "KL101")[1] == [(f"{g}:{KL101_AT}", "KL101")]


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not available")
    completed = subprocess.run(["git", "init", "-q", str(tmp_path)], capture_output=True, check=False)
    if completed.returncode != 0:
        pytest.skip("git init failed")
    write(tmp_path / ".gitignore", "ignored/\nscratch_*.py\n")
    write(tmp_path / "ignored" / "i.py", BUGGY)
    write(tmp_path / "scratch_1.py", BUGGY)
    write(tmp_path / "kept.py", BUGGY)
    return tmp_path


def test_gitignored_files_are_skipped_by_default(git_repo: Path) -> None:
    assert reports(git_repo, ".", "--select", "KL101")[1] == [(f"kept.py:{KL101_AT}", "KL101")]


def test_respect_gitignore_false_in_config(git_repo: Path) -> None:
    write(git_repo / "keraslint.toml", "respect-gitignore = false\n")
    assert reports(git_repo, ".", "--select", "KL101")[1] == [
        (f"{p('ignored', 'i.py')}:{KL101_AT}", "KL101"),
        (f"kept.py:{KL101_AT}", "KL101"),
        (f"scratch_1.py:{KL101_AT}", "KL101"),
    ]
    # The flag overrides the file.
    assert reports(git_repo, ".", "--select", "KL101", "--respect-gitignore")[1] == [
        (f"kept.py:{KL101_AT}", "KL101")
    ]


def test_no_respect_gitignore_flag(git_repo: Path) -> None:
    write(git_repo / "keraslint.toml", "respect-gitignore = true\n")
    assert len(reports(git_repo, ".", "--select", "KL101", "--no-respect-gitignore")[1]) == 3


def test_gitignored_file_named_explicitly_is_checked(git_repo: Path) -> None:
    assert reports(git_repo, "scratch_1.py", "--select", "KL101")[1] == [(f"scratch_1.py:{KL101_AT}", "KL101")]


def test_output_format_in_config(project: Path) -> None:
    write(project / "keraslint.toml", 'output-format = "json"\n')
    result = run(project, "check", "m.py")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [(d["code"], d["location"]["row"]) for d in data] == [("KL101", 2), ("KL102", 3)]


def test_output_format_flag_replaces_config(project: Path) -> None:
    write(project / "keraslint.toml", 'output-format = "json"\n')
    result = run(project, "check", "--output-format", "concise", "m.py")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"m.py:{KL101_AT}: KL101 [error] ")


def test_severity_override(project: Path) -> None:
    write(project / "pyproject.toml", '[tool.keraslint]\nseverity = { KL101 = "warning" }\n')
    result = run(project, "check", "--output-format", "concise", "m.py")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"m.py:{KL101_AT}: KL101 [warning] `softmax` over 1 unit")
    assert lines[1].startswith(f"m.py:{KL102_AT}: KL102 [error] ")
    data = json.loads(run(project, "check", "--output-format", "json", "m.py").stdout)
    assert [d["severity"] for d in data] == ["warning", "error"]
    full = run(project, "check", "--output-format", "full", "m.py").stdout
    assert "Found 1 error and 1 warning in 1 file (1 file checked)." in full


def test_severity_override_by_name_and_prefix_as_table(project: Path) -> None:
    write(project / "keraslint.toml", '[severity]\nKL1 = "warning"\n')
    data = json.loads(run(project, "check", "--output-format", "json", "m.py").stdout)
    assert [(d["code"], d["severity"]) for d in data] == [("KL101", "warning"), ("KL102", "warning")]
    write(project / "keraslint.toml", '[severity]\ncategorical-loss-single-unit = "warning"\n')
    data = json.loads(run(project, "check", "--output-format", "json", "m.py").stdout)
    assert [(d["code"], d["severity"]) for d in data] == [("KL101", "error"), ("KL102", "warning")]


# --------------------------------------------------------------------------- flags override the file


def test_select_flag_replaces_config_select(project: Path) -> None:
    write(project / "keraslint.toml", 'select = ["KL102"]\n')
    assert reports(project, "--select", "KL101", "m.py")[1] == [(f"m.py:{KL101_AT}", "KL101")]


def test_ignore_flag_adds_to_config_ignore(project: Path) -> None:
    write(project / "keraslint.toml", 'ignore = ["KL102"]\n')
    assert reports(project, "m.py")[1] == [(f"m.py:{KL101_AT}", "KL101")]
    assert reports(project, "--ignore", "KL101", "m.py") == (0, [])


def test_extend_select_flag_adds_to_config(project: Path) -> None:
    write(project / "keraslint.toml", 'select = ["KL101"]\n')
    assert reports(project, "--extend-select", "KL102", "m.py")[1] == [
        (f"m.py:{KL101_AT}", "KL101"),
        (f"m.py:{KL102_AT}", "KL102"),
    ]


def test_comma_separated_and_repeated_flags(project: Path) -> None:
    assert reports(project, "--select", "KL101,KL102", "--ignore", "KL101", "m.py")[1] == [
        (f"m.py:{KL102_AT}", "KL102")
    ]
    assert reports(project, "--select", "KL101", "--select", "KL102", "m.py")[1] == [
        (f"m.py:{KL101_AT}", "KL101"),
        (f"m.py:{KL102_AT}", "KL102"),
    ]


def test_unknown_selector_on_the_command_line_exits_2(project: Path) -> None:
    result = run(project, "check", "--select", "KL999", "m.py")
    assert result.exit_code == 2
    assert "KL999" in result.stderr


# --------------------------------------------------------------------------- problems in the file


def test_unknown_key_warns_and_the_run_goes_on(project: Path) -> None:
    write(project / "pyproject.toml", '[tool.keraslint]\nignore = ["KL102"]\nfrobnicate = 3\n')
    result = run(project, "check", "--output-format", "concise", "m.py")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"m.py:{KL101_AT}: KL101 ")
    assert "KL102" not in result.stdout
    warning = f"keraslint: warning: {project / 'pyproject.toml'}:3: unknown configuration key `frobnicate`"
    assert warning in result.stderr
    assert "(ignored)" in result.stderr


def test_unknown_key_in_keraslint_toml_names_the_top_level(project: Path) -> None:
    write(project / "keraslint.toml", 'select = ["KL101"]\n\nline-length = 100\n')
    result = run(project, "check", "--output-format", "concise", "m.py")
    assert result.exit_code == 1
    assert f"{project / 'keraslint.toml'}:3: unknown configuration key `line-length` in the top level" in result.stderr


def test_unknown_key_line_is_the_line_in_tool_keraslint(project: Path) -> None:
    write(project / "pyproject.toml", '[tool.other]\nfrobnicate = 1\n\n[tool.keraslint]\nfrobnicate = 3\n')
    result = run(project, "check", "--output-format", "concise", "m.py")
    assert f"{project / 'pyproject.toml'}:5: unknown configuration key `frobnicate`" in result.stderr


def test_invalid_toml_exits_2_naming_file_and_line(project: Path) -> None:
    write(project / "pyproject.toml", '[tool.keraslint]\nselect = = ["KL101"]\n')
    result = run(project, "check", "m.py")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"keraslint: error: {project / 'pyproject.toml'}: invalid TOML: ")
    assert "line 2" in result.stderr


@pytest.mark.parametrize(
    ("toml", "line", "message"),
    [
        ('select = "KL101"\n', 2, "`select` must be a list of strings"),
        ("ignore = [1, 2]\n", 2, "`ignore` must be a list of strings"),
        ('select = ["KL101"]\nignore = ["KL999"]\n', 3, "`ignore` names no rule: `KL999`"),
        ('extend-select = ["no-such-rule"]\n', 2, "`extend-select` names no rule: `no-such-rule`"),
        ('respect-gitignore = "yes"\n', 2, "`respect-gitignore` must be true or false"),
        ("output-format = 3\n", 2, "`output-format` must be a string"),
        ('output-format = "grouped"\n', 2, "`output-format` must be one of full, concise, json, json-lines, sarif, github, gitlab, junit, not 'grouped'"),
        ('per-file-ignores = ["x"]\n', 2, "`per-file-ignores` must be a table of glob = [rules]"),
        ('per-file-ignores = { "a/*" = "KL101" }\n', 2, "`per-file-ignores` entry `a/*` must be a list"),
        ('per-file-ignores = { "a/*" = ["KL777"] }\n', 2, "`per-file-ignores` entry `a/*` names no rule: `KL777`"),
        ('severity = { KL101 = "fatal" }\n', 2, "`severity` `KL101` must be \"error\" or \"warning\", not 'fatal'"),
        ('severity = { KL888 = "warning" }\n', 2, "`severity` names no rule: `KL888`"),
        ('severity = "warning"\n', 2, "`severity` must be a table"),
        ("baseline = 1\n", 2, "`baseline` must be a path string"),
        ('exclude = "build"\n', 2, "`exclude` must be a list of strings"),
    ],
)
def test_wrong_values_exit_2_naming_file_and_line(project: Path, toml: str, line: int, message: str) -> None:
    write(project / "pyproject.toml", "[tool.keraslint]\n" + toml)
    result = run(project, "check", "m.py")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"keraslint: error: {project / 'pyproject.toml'}:{line}: {message}" in result.stderr


def test_wrong_value_in_a_sub_table_names_its_line(project: Path) -> None:
    write(project / "keraslint.toml", 'select = ["KL1"]\n\n[per-file-ignores]\n"a/*" = ["KL777"]\n')
    result = run(project, "check", "m.py")
    assert result.exit_code == 2
    assert f"{project / 'keraslint.toml'}:3: `per-file-ignores` entry `a/*` names no rule: `KL777`" in result.stderr


def test_wrong_value_line_is_the_line_in_tool_keraslint(project: Path) -> None:
    write(project / "pyproject.toml", '[tool.ruff]\nselect = ["E"]\n\n[tool.keraslint]\nselect = "KL101"\n')
    result = run(project, "check", "m.py")
    assert result.exit_code == 2
    assert f"{project / 'pyproject.toml'}:5: `select` must be a list of strings" in result.stderr


# --------------------------------------------------------------------------- --show-settings


def test_show_settings_prints_resolved_json(project: Path) -> None:
    write(
        project / "pyproject.toml",
        "[tool.keraslint]\n"
        'select = ["KL1"]\n'
        'ignore = ["KL105"]\n'
        'per-file-ignores = { "tests/*" = ["KL2"] }\n'
        'extend-exclude = ["scratch"]\n'
        'severity = { KL101 = "warning" }\n'
        'output-format = "json"\n'
        'baseline = "base.json"\n'
        "respect-gitignore = false\n",
    )
    result = run(project, "check", "--show-settings", "--ignore", "KL106", "--extend-select", "KL900")
    assert result.exit_code == 0
    shown = json.loads(result.stdout)
    assert shown["config-file"] == str(project / "pyproject.toml")
    assert shown["root"] == str(project)
    assert shown["select"] == ["KL1"]
    assert shown["extend-select"] == ["KL900"]
    assert shown["ignore"] == ["KL105", "KL106"]
    assert shown["rules"] == ["KL001", "KL002", "KL003", "KL101", "KL102", "KL103", "KL104", "KL107", "KL900"]
    assert shown["per-file-ignores"] == {"tests/*": ["KL2"]}
    assert shown["exclude"] is None  # the built-in list
    assert shown["extend-exclude"] == ["scratch"]
    assert shown["severity"] == {"KL101": "warning"}
    assert shown["output-format"] == "json"
    assert shown["baseline"] == str(project / "base.json")
    assert shown["respect-gitignore"] is False


def test_show_settings_without_config(project: Path) -> None:
    result = run(project, "check", "--show-settings", "--select", "KL101", "--output-format", "concise")
    assert result.exit_code == 0
    shown = json.loads(result.stdout)
    assert shown["config-file"] is None
    assert shown["select"] == ["KL101"]
    assert shown["rules"] == ["KL001", "KL002", "KL003", "KL101"]
    assert shown["output-format"] == "concise"
    assert shown["respect-gitignore"] is True


def test_show_settings_still_warns_about_unknown_keys(project: Path) -> None:
    write(project / "keraslint.toml", "colour = true\n")
    result = run(project, "check", "--show-settings")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["config-file"] == str(project / "keraslint.toml")
    assert "unknown configuration key `colour`" in result.stderr


def test_config_search_survives_folders_it_may_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # as root a chmod 000 folder is still readable, so the refusal is simulated
    from keraslint import config

    closed = tmp_path / "closed"
    real_stat = os.stat

    def stat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).startswith(str(closed)):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    assert config.find_config([str(closed / "ok.py")]) is None
