"""Baselines: --write-baseline records today's reports, --baseline hides them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import Result

from keraslint import __version__, baseline
from keraslint.config import resolve
from keraslint.engine import RunResult, check_paths
from keraslint.files import discover
from keraslint.output.text import summary
from tests.conftest import invoke

IMPORT = "from tensorflow import keras"
SOFTMAX = 'model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])'
COMPILE = 'model.compile(optimizer="adam", loss="categorical_crossentropy")'
SIGMOID = 'model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])'
BINARY = 'model.compile(optimizer="adam", loss="binary_crossentropy")'
OTHER = 'other = keras.Sequential([keras.layers.Dense(1, activation="softmax")])'


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


BUGGY = lines(IMPORT, SOFTMAX, COMPILE)


def run(cwd: Path, *args: str, catch: bool = False) -> Result:
    return invoke(cwd, *args, catch=catch)


def concise(cwd: Path, *args: str) -> tuple[int, list[str]]:
    result = run(cwd, "check", "--output-format", "concise", *args)
    return result.exit_code, [line.split(" [")[0] for line in result.stdout.splitlines()]


def full_summary(cwd: Path, *args: str) -> tuple[int, str]:
    result = run(cwd, "check", "--output-format", "full", *args)
    return result.exit_code, result.stdout.rstrip("\n").splitlines()[-1]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path / "m.py", BUGGY)
    result = run(tmp_path, "check", "--write-baseline", "base.json", "m.py")
    assert result.exit_code == 0
    return tmp_path


def in_process(cwd: Path, monkeypatch: pytest.MonkeyPatch, *paths: str, baseline_file: str = "base.json") -> RunResult:
    monkeypatch.chdir(cwd)
    settings = resolve(list(paths))
    result = check_paths(discover(list(paths), settings.excluded, settings.respect_gitignore), settings)
    result.apply_baseline(baseline.read(Path(baseline_file)))
    return result


# --------------------------------------------------------------------------- writing


def test_write_baseline_records_reports_and_exits_0(tmp_path: Path) -> None:
    write(tmp_path / "m.py", BUGGY)
    result = run(tmp_path, "check", "--write-baseline", "base.json", "m.py")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "keraslint: recorded 2 reports in base.json" in result.stderr
    data = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert data["tool"] == f"keraslint {__version__}"
    assert data["entries"] == [
        {"path": "m.py", "code": "KL101", "text": SOFTMAX, "occurrence": 0},
        {"path": "m.py", "code": "KL102", "text": COMPILE, "occurrence": 0},
    ]


def test_write_baseline_for_a_folder_uses_slash_paths_and_sorts(tmp_path: Path) -> None:
    write(tmp_path / "pkg" / "b.py", BUGGY)
    write(tmp_path / "a.py", lines(IMPORT, SOFTMAX))
    result = run(tmp_path, "check", "--write-baseline", "base.json", ".")
    assert result.exit_code == 0
    entries = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))["entries"]
    assert [(e["path"], e["code"]) for e in entries] == [
        ("a.py", "KL101"),
        ("pkg/b.py", "KL101"),
        ("pkg/b.py", "KL102"),
    ]


def test_write_baseline_with_no_reports(tmp_path: Path) -> None:
    write(tmp_path / "m.py", lines(IMPORT, SIGMOID, BINARY))
    result = run(tmp_path, "check", "--write-baseline", "base.json", "m.py")
    assert result.exit_code == 0
    assert "recorded 0 reports in base.json" in result.stderr
    assert json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))["entries"] == []


def test_write_baseline_into_a_missing_folder_exits_2(tmp_path: Path) -> None:
    write(tmp_path / "m.py", BUGGY)
    result = run(tmp_path, "check", "--write-baseline", os.path.join("nowhere", "base.json"), "m.py", catch=True)
    assert result.exit_code == 2
    assert "keraslint: error:" in result.stderr
    assert "base.json" in result.stderr


# --------------------------------------------------------------------------- reading


def test_baseline_hides_recorded_reports(project: Path) -> None:
    assert concise(project, "--baseline", "base.json", "m.py") == (0, [])
    assert full_summary(project, "--baseline", "base.json", "m.py") == (
        0,
        "All checks passed (1 file checked). 2 reports hidden by the baseline.",
    )


def test_without_the_baseline_reports_come_back(project: Path) -> None:
    assert concise(project, "m.py") == (1, ["m.py:2:60: KL101", "m.py:3:38: KL102"])


def test_baseline_shows_a_new_report(project: Path) -> None:
    write(project / "m.py", lines(IMPORT, SOFTMAX, COMPILE, OTHER))
    assert concise(project, "--baseline", "base.json", "m.py") == (1, ["m.py:4:60: KL101"])
    assert full_summary(project, "--baseline", "base.json", "m.py") == (
        1,
        "Found 1 error in 1 file (1 file checked). 2 reports hidden by the baseline.",
    )


def test_baseline_shows_a_new_rule_on_a_recorded_line(tmp_path: Path) -> None:
    write(tmp_path / "m.py", lines(IMPORT, SOFTMAX, BINARY))
    assert run(tmp_path, "check", "--write-baseline", "base.json", "m.py").exit_code == 0
    # Same model line, but now a categorical loss: KL102 is new, KL101 stays hidden.
    write(tmp_path / "m.py", lines(IMPORT, SOFTMAX, COMPILE))
    assert concise(tmp_path, "--baseline", "base.json", "m.py") == (1, ["m.py:3:38: KL102"])


def test_baseline_survives_lines_inserted_above(project: Path) -> None:
    write(project / "m.py", lines('"""Docs."""', "", "import os", IMPORT, "", "x = 1", SOFTMAX, COMPILE))
    assert concise(project, "m.py") == (1, ["m.py:7:60: KL101", "m.py:8:38: KL102"])
    assert concise(project, "--baseline", "base.json", "m.py") == (0, [])


def test_baseline_ignores_a_change_of_indentation(project: Path) -> None:
    write(project / "m.py", lines(IMPORT, "if True:", "    " + SOFTMAX, "    " + COMPILE))
    assert concise(project, "--baseline", "base.json", "m.py") == (0, [])


def test_baseline_does_not_match_a_changed_line(project: Path) -> None:
    write(project / "m.py", lines(IMPORT, SOFTMAX.replace("Dense(1,", "Dense(units=1,"), COMPILE))
    assert concise(project, "--baseline", "base.json", "m.py") == (1, ["m.py:2:66: KL101"])


def test_baseline_is_per_file(project: Path) -> None:
    write(project / "copy.py", BUGGY)
    assert concise(project, "--baseline", "base.json", "m.py", "copy.py") == (
        1,
        ["copy.py:2:60: KL101", "copy.py:3:38: KL102"],
    )


def test_identical_lines_are_matched_by_occurrence(tmp_path: Path) -> None:
    write(tmp_path / "m.py", lines(IMPORT, SOFTMAX, "x = 1", SOFTMAX))
    assert run(tmp_path, "check", "--write-baseline", "base.json", "m.py").exit_code == 0
    entries = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))["entries"]
    assert [(e["code"], e["text"], e["occurrence"]) for e in entries] == [
        ("KL101", SOFTMAX, 0),
        ("KL101", SOFTMAX, 1),
    ]
    assert concise(tmp_path, "--baseline", "base.json", "m.py") == (0, [])
    # A third copy: two are recorded, one is new.
    write(tmp_path / "m.py", lines(IMPORT, SOFTMAX, "x = 1", SOFTMAX, SOFTMAX))
    assert concise(tmp_path, "--baseline", "base.json", "m.py") == (1, ["m.py:5:60: KL101"])
    assert full_summary(tmp_path, "--baseline", "base.json", "m.py")[1] == (
        "Found 1 error in 1 file (1 file checked). 2 reports hidden by the baseline."
    )
    # Only one copy left: one entry matches, the other no longer does.
    write(tmp_path / "m.py", lines(IMPORT, "x = 1", SOFTMAX))
    code, last = full_summary(tmp_path, "--baseline", "base.json", "m.py")
    assert code == 0
    # ("match" or "matches": the singular wording is checked by its own test)
    assert last.startswith(
        "All checks passed (1 file checked). 1 report hidden by the baseline. 1 baseline entry no longer match"
    )
    assert last.endswith(" (prune them with --write-baseline).")


def test_stale_entries_are_counted_in_the_full_summary(project: Path) -> None:
    write(project / "m.py", lines(IMPORT, SIGMOID, BINARY))
    assert full_summary(project, "--baseline", "base.json", "m.py") == (
        0,
        "All checks passed (1 file checked). 2 baseline entries no longer match (prune them with --write-baseline).",
    )


def test_stale_entries_in_summary_of_a_run_result(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project / "m.py", lines(IMPORT, SOFTMAX, BINARY))  # KL102 fixed, KL101 still there
    result = in_process(project, monkeypatch, "m.py")
    assert result.hidden_by_baseline == 1
    assert result.stale_baseline == 1
    assert result.diagnostics == []
    text = summary(result)
    assert text.startswith(
        "All checks passed (1 file checked). 1 report hidden by the baseline. 1 baseline entry no longer match"
    )
    assert text.endswith(" (prune them with --write-baseline).")


def test_summary_of_a_run_result_with_new_and_stale(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project / "m.py", lines(IMPORT, SIGMOID, BINARY, OTHER))
    result = in_process(project, monkeypatch, "m.py")
    assert [(d.code, d.location.row) for d in result.diagnostics] == [("KL101", 4)]
    assert summary(result) == (
        "Found 1 error in 1 file (1 file checked). 2 baseline entries no longer match "
        "(prune them with --write-baseline)."
    )


def test_one_stale_entry_message_is_grammatical(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project / "m.py", lines(IMPORT, SOFTMAX, BINARY))
    assert "1 baseline entry no longer matches" in summary(in_process(project, monkeypatch, "m.py"))


def test_entries_of_files_not_checked_are_not_stale(tmp_path: Path) -> None:
    write(tmp_path / "a.py", BUGGY)
    write(tmp_path / "b.py", BUGGY)
    assert run(tmp_path, "check", "--write-baseline", "base.json", ".").exit_code == 0
    assert full_summary(tmp_path, "--baseline", "base.json", "a.py") == (
        0,
        "All checks passed (1 file checked). 2 reports hidden by the baseline.",
    )


# --------------------------------------------------------------------------- configuration


def test_baseline_in_the_config_file(project: Path) -> None:
    write(project / "pyproject.toml", '[tool.keraslint]\nbaseline = "base.json"\n')
    assert concise(project, "m.py") == (0, [])
    write(project / "m.py", lines(IMPORT, SOFTMAX, COMPILE, OTHER))
    assert concise(project, "m.py") == (1, ["m.py:4:60: KL101"])


def test_baseline_in_the_config_file_is_relative_to_it(tmp_path: Path) -> None:
    write(tmp_path / "m.py", BUGGY)
    (tmp_path / "ci").mkdir(exist_ok=True)
    assert run(tmp_path, "check", "--write-baseline", os.path.join("ci", "base.json"), "m.py").exit_code == 0
    write(tmp_path / "ci" / "keraslint.toml", 'baseline = "base.json"\n')
    assert concise(tmp_path, "--config", os.path.join("ci", "keraslint.toml"), "m.py") == (0, [])


def test_baseline_flag_overrides_the_config_file(project: Path) -> None:
    write(project / "keraslint.toml", 'baseline = "missing.json"\n')
    assert concise(project, "--baseline", "base.json", "m.py") == (0, [])


def test_config_baseline_matches_when_run_from_a_subfolder(tmp_path: Path) -> None:
    write(tmp_path / "pkg" / "m.py", BUGGY)
    write(tmp_path / "pyproject.toml", '[tool.keraslint]\nbaseline = "base.json"\n')
    assert run(tmp_path, "check", "--write-baseline", "base.json", ".").exit_code == 0
    assert concise(tmp_path) == (0, [])
    assert concise(tmp_path / "pkg") == (0, [])


# --------------------------------------------------------------------------- notebooks


def test_baseline_with_a_notebook(tmp_path: Path) -> None:
    def nb(sources: list[str]) -> None:
        cells = [{"cell_type": "markdown", "metadata": {}, "source": "# T"}] + [
            {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": s}
            for s in sources
        ]
        with (tmp_path / "nb.ipynb").open("w", encoding="utf-8") as handle:
            json.dump({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, handle)

    nb([IMPORT + "\n", SOFTMAX + "\n", COMPILE + "\n"])
    assert run(tmp_path, "check", "--write-baseline", "base.json", "nb.ipynb").exit_code == 0
    entries = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))["entries"]
    assert [(e["path"], e["code"], e["text"]) for e in entries] == [
        ("nb.ipynb", "KL101", SOFTMAX),
        ("nb.ipynb", "KL102", COMPILE),
    ]
    # Cells moved around and a new one inserted: still hidden.
    nb(["%matplotlib inline\n" + IMPORT + "\n", "x = 1\n" + SOFTMAX + "\n", COMPILE + "\n", OTHER + "\n"])
    assert concise(tmp_path, "--baseline", "base.json", "nb.ipynb") == (1, ["nb.ipynb:cell 5:1:60: KL101"])


# --------------------------------------------------------------------------- bad baseline files


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"version": 1, "entries": [\n', "base.json:2: invalid JSON: "),
        ("not json at all", "base.json:1: invalid JSON: "),
        ('{"version": 2, "entries": []}', "base.json: not a keraslint baseline (version 1)"),
        ('{"entries": []}', "base.json: not a keraslint baseline (version 1)"),
        ('{"version": 1, "entries": {}}', "base.json: not a keraslint baseline (version 1)"),
        ("[]", "base.json: not a keraslint baseline (version 1)"),
        ('{"version": 1, "entries": [{"path": "m.py"}]}', "base.json: malformed entry {'path': 'm.py'}"),
        (
            '{"version": 1, "entries": [{"path": "m.py", "code": "KL101", "text": "x", "occurrence": "first"}]}',
            "base.json: malformed entry ",
        ),
        ('{"version": 1, "entries": [3]}', "base.json: malformed entry 3"),
    ],
)
def test_corrupt_baseline_exits_2(tmp_path: Path, text: str, message: str) -> None:
    write(tmp_path / "m.py", BUGGY)
    write(tmp_path / "base.json", text)
    result = run(tmp_path, "check", "--output-format", "concise", "--baseline", "base.json", "m.py")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"keraslint: error: {message}")


def test_missing_baseline_exits_2(tmp_path: Path) -> None:
    write(tmp_path / "m.py", BUGGY)
    result = run(tmp_path, "check", "--baseline", "nope.json", "m.py")
    assert result.exit_code == 2
    assert "keraslint: error: nope.json: cannot read the baseline" in result.stderr


def test_corrupt_baseline_named_in_config_exits_2(tmp_path: Path) -> None:
    write(tmp_path / "m.py", BUGGY)
    write(tmp_path / "base.json", "{oops")
    write(tmp_path / "keraslint.toml", 'baseline = "base.json"\n')
    result = run(tmp_path, "check", "m.py")
    assert result.exit_code == 2
    assert f"keraslint: error: {tmp_path / 'base.json'}:1: invalid JSON: " in result.stderr
