"""Suppression comments (`# noqa`, `# keraslint: ignore[...]`, `# keraslint: noqa`) and KL900."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.conftest import invoke

IMPORT = "from tensorflow import keras\n"
SOFTMAX = 'model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])'
COMPILE = 'model.compile(optimizer="adam", loss="categorical_crossentropy")'
SIGMOID = 'model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])'
BINARY = 'model.compile(optimizer="adam", loss="binary_crossentropy")'


def run(cwd: Path, *args: str) -> Result:
    return invoke(cwd, *args)


def check(tmp_path: Path, source: str, *args: str, name: str = "m.py") -> tuple[int, list[tuple[str, int]]]:
    """Exit code and sorted (code, row) of the reports for one file."""
    (tmp_path / name).write_text(source, encoding="utf-8")
    result = run(tmp_path, "check", "--output-format", "json", *args, name)
    data = json.loads(result.stdout)
    return result.exit_code, [(d["code"], d["location"]["row"]) for d in data]


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


# --------------------------------------------------------------------------- baseline behaviour


def test_unsuppressed_reports(tmp_path: Path) -> None:
    assert check(tmp_path, lines(IMPORT.rstrip(), SOFTMAX, COMPILE)) == (1, [("KL101", 2), ("KL102", 3)])


# --------------------------------------------------------------------------- noqa


@pytest.mark.parametrize(
    "comment",
    [
        "# noqa",
        "# noqa: KL101",
        "# noqa:KL101",
        "#noqa: KL101",
        "# noqa: KL101, KL102",
        "# noqa:KL101,KL102",
        "# noqa: KL102 KL101",
        "# NOQA",
        "# NOQA: KL101",
        "# NOQA:KL101,KL102",
        "# noqa: kl101",
        "# noqa: KL1",
        "# noqa: softmax-single-unit",
        "# noqa: E501, KL101",
        "# type: ignore  # noqa: KL101",
    ],
)
def test_noqa_silences_the_line(tmp_path: Path, comment: str) -> None:
    source = lines(IMPORT.rstrip(), f"{SOFTMAX}  {comment}", COMPILE)
    assert check(tmp_path, source) == (1, [("KL102", 3)])


@pytest.mark.parametrize(
    "comment",
    ["# noqa: E501", "# noqa: E501,W291", "# noqa: KL102", "# noqa: KL2", "# noqa: binary-loss-softmax", "# noqa: F401"],
)
def test_noqa_for_other_codes_does_not_silence(tmp_path: Path, comment: str) -> None:
    source = lines(IMPORT.rstrip(), f"{SOFTMAX}  {comment}", COMPILE)
    assert check(tmp_path, source) == (1, [("KL101", 2), ("KL102", 3)])


def test_mixed_case_noqa_silences(tmp_path: Path) -> None:
    source = lines(IMPORT.rstrip(), f"{SOFTMAX}  # NoQA: KL101", COMPILE)
    assert check(tmp_path, source) == (1, [("KL102", 3)])


def test_mixed_case_keraslint_ignore_silences(tmp_path: Path) -> None:
    source = lines(IMPORT.rstrip(), f"{SOFTMAX}  # KerasLint: ignore[KL101]", COMPILE)
    assert check(tmp_path, source) == (1, [("KL102", 3)])


def test_noqa_with_both_codes_on_one_line(tmp_path: Path) -> None:
    source = lines(
        IMPORT.rstrip(),
        f"{SOFTMAX}; {COMPILE}  # noqa:KL101,KL102",
        f"{SOFTMAX}; {COMPILE}  # NOQA: KL102",
    )
    assert check(tmp_path, source) == (1, [("KL101", 3)])


def test_bare_noqa_silences_every_rule_on_its_line(tmp_path: Path) -> None:
    source = lines(IMPORT.rstrip(), f"{SOFTMAX}; {COMPILE}  # noqa")
    assert check(tmp_path, source) == (0, [])


def test_noqa_on_the_line_above_does_not_silence(tmp_path: Path) -> None:
    source = lines(IMPORT.rstrip(), "# noqa: KL101", SOFTMAX, COMPILE)
    assert check(tmp_path, source) == (1, [("KL101", 3), ("KL102", 4)])


def test_noqa_inside_a_string_does_not_silence(tmp_path: Path) -> None:
    source = lines(IMPORT.rstrip(), SOFTMAX + '; note = "# noqa: KL101"', COMPILE)
    assert check(tmp_path, source) == (1, [("KL101", 2), ("KL102", 3)])


def test_noqa_silences_only_its_own_line(tmp_path: Path) -> None:
    source = lines(IMPORT.rstrip(), f"{SOFTMAX}  # noqa", COMPILE, "x = 1  # noqa: KL102")
    assert check(tmp_path, source) == (1, [("KL102", 3)])


# --------------------------------------------------------------------------- keraslint: ignore


@pytest.mark.parametrize(
    "comment",
    [
        "# keraslint: ignore[KL101]",
        "# keraslint: ignore[softmax-single-unit]",
        "# keraslint:ignore[KL101, KL102]",
        "# keraslint: ignore[KL1]",
        "# keraslint: ignore",
    ],
)
def test_keraslint_ignore_on_the_reported_line(tmp_path: Path, comment: str) -> None:
    source = lines(IMPORT.rstrip(), f"{SOFTMAX}  {comment}", COMPILE)
    assert check(tmp_path, source) == (1, [("KL102", 3)])


@pytest.mark.parametrize("comment", ["# keraslint: ignore[KL101]", "# keraslint: ignore[softmax-single-unit]"])
def test_keraslint_ignore_alone_on_the_line_above(tmp_path: Path, comment: str) -> None:
    source = lines(IMPORT.rstrip(), comment, SOFTMAX, COMPILE)
    assert check(tmp_path, source) == (1, [("KL102", 4)])


def test_keraslint_ignore_above_applies_to_the_next_line_only(tmp_path: Path) -> None:
    source = lines(IMPORT.rstrip(), "# keraslint: ignore[KL101]", "", SOFTMAX, COMPILE)
    assert check(tmp_path, source) == (1, [("KL101", 4), ("KL102", 5)])


def test_keraslint_ignore_after_code_on_the_line_above_does_not_count(tmp_path: Path) -> None:
    source = lines(IMPORT.rstrip(), "x = 1  # keraslint: ignore[KL101]", SOFTMAX, COMPILE)
    assert check(tmp_path, source) == (1, [("KL101", 3), ("KL102", 4)])


@pytest.mark.parametrize(
    "comment",
    ["# keraslint: ignore[KL102]", "# keraslint: ignore[binary-loss-softmax]", "# keraslint: ignore[KL2]"],
)
def test_keraslint_ignore_for_another_rule_does_not_silence(tmp_path: Path, comment: str) -> None:
    assert check(tmp_path, lines(IMPORT.rstrip(), f"{SOFTMAX}  {comment}", COMPILE)) == (
        1,
        [("KL101", 2), ("KL102", 3)],
    )
    assert check(tmp_path, lines(IMPORT.rstrip(), comment, SOFTMAX, COMPILE)) == (1, [("KL101", 3), ("KL102", 4)])


# --------------------------------------------------------------------------- multi-line calls


MULTILINE_COMPILE = [
    "model.compile(",
    '    optimizer="adam",',
    '    loss="categorical_crossentropy",',
    ")",
]


@pytest.mark.parametrize("row", [0, 1, 2, 3])
def test_report_in_a_multiline_call_silenced_from_any_line_of_it(tmp_path: Path, row: int) -> None:
    body = list(MULTILINE_COMPILE)
    body[row] += "  # noqa: KL102"
    source = lines(IMPORT.rstrip(), SOFTMAX, *body)
    assert check(tmp_path, source) == (1, [("KL101", 2)])


def test_report_in_a_multiline_call_silenced_by_keraslint_ignore_above(tmp_path: Path) -> None:
    source = lines(IMPORT.rstrip(), SOFTMAX, "# keraslint: ignore[categorical-loss-single-unit]", *MULTILINE_COMPILE)
    assert check(tmp_path, source) == (1, [("KL101", 2)])


def test_multiline_call_not_silenced_by_another_code(tmp_path: Path) -> None:
    body = list(MULTILINE_COMPILE)
    body[3] += "  # noqa: KL101"
    source = lines(IMPORT.rstrip(), SOFTMAX, *body)
    assert check(tmp_path, source) == (1, [("KL101", 2), ("KL102", 5)])


def test_comment_after_the_multiline_call_does_not_count(tmp_path: Path) -> None:
    source = lines(IMPORT.rstrip(), SOFTMAX, *MULTILINE_COMPILE, "x = 1  # noqa: KL102")
    assert check(tmp_path, source) == (1, [("KL101", 2), ("KL102", 5)])


def test_comment_in_a_different_call_of_the_same_statement_does_not_count(tmp_path: Path) -> None:
    source = lines(
        IMPORT.rstrip(),
        SOFTMAX,
        "steps = (",
        "    print(",
        '        "compiling",  # noqa: KL102',
        "    ),",
        "    model.compile(",
        '        optimizer="adam",',
        '        loss="categorical_crossentropy",',
        "    ),",
        ")",
    )
    assert check(tmp_path, source) == (1, [("KL101", 2), ("KL102", 9)])


def test_report_in_a_multiline_layer_call_silenced_on_its_closing_line(tmp_path: Path) -> None:
    source = lines(
        IMPORT.rstrip(),
        "model = keras.Sequential([",
        "    keras.layers.Dense(",
        "        1,",
        '        activation="softmax",',
        "    ),  # keraslint: ignore[KL101]",
        "])",
    )
    assert check(tmp_path, source) == (0, [])


def test_closing_line_of_compile_silences_a_report_on_a_nested_multiline_loss(tmp_path: Path) -> None:
    source = lines(
        IMPORT.rstrip(),
        SOFTMAX + "  # noqa: KL101",
        "model.compile(",
        '    optimizer="adam",',
        "    loss=keras.losses.CategoricalCrossentropy(",
        "        from_logits=False,",
        "    ),",
        ")  # noqa: KL102",
    )
    assert check(tmp_path, source) == (0, [])


def test_closing_line_of_sequential_silences_a_report_in_a_nested_multiline_layer(tmp_path: Path) -> None:
    source = lines(
        IMPORT.rstrip(),
        "model = keras.Sequential([",
        "    keras.layers.Dense(",
        '        1, activation="softmax"),',
        "])  # noqa: KL101",
    )
    assert check(tmp_path, source) == (0, [])


# --------------------------------------------------------------------------- whole file


@pytest.mark.parametrize("directive", ["# keraslint: noqa", "#keraslint:noqa", "  # KERASLINT: NOQA"])
def test_keraslint_noqa_on_its_own_line_skips_the_file(tmp_path: Path, directive: str) -> None:
    source = lines(directive, IMPORT.rstrip(), SOFTMAX, COMPILE, "def broken(:")
    (tmp_path / "m.py").write_text(source, encoding="utf-8")
    result = run(tmp_path, "check", "--output-format", "full", "m.py")
    assert result.exit_code == 0
    assert "All checks passed (1 file checked)." in result.stdout


def test_keraslint_noqa_further_down_also_skips_the_file(tmp_path: Path) -> None:
    assert check(tmp_path, lines(IMPORT.rstrip(), SOFTMAX, "# keraslint: noqa", COMPILE)) == (0, [])


def test_keraslint_noqa_after_code_does_not_skip_the_file(tmp_path: Path) -> None:
    source = lines(IMPORT.rstrip() + "  # keraslint: noqa", SOFTMAX, COMPILE)
    assert check(tmp_path, source) == (1, [("KL101", 2), ("KL102", 3)])


def test_keraslint_noqa_skips_only_that_file(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(lines("# keraslint: noqa", IMPORT.rstrip(), SOFTMAX), encoding="utf-8")
    (tmp_path / "b.py").write_text(lines(IMPORT.rstrip(), SOFTMAX), encoding="utf-8")
    result = run(tmp_path, "check", "--output-format", "concise", ".")
    assert result.exit_code == 1
    assert [line.split(": ")[0] for line in result.stdout.splitlines()] == ["b.py:2:60"]


def test_suppression_does_not_silence_syntax_errors(tmp_path: Path) -> None:
    assert check(tmp_path, lines(IMPORT.rstrip(), "def f(:  # noqa")) == (1, [("KL001", 2)])


# --------------------------------------------------------------------------- KL900


def test_kl900_is_off_by_default(tmp_path: Path) -> None:
    source = lines(IMPORT.rstrip(), f"{SIGMOID}  # noqa: KL101", f"{BINARY}  # keraslint: ignore[KL102]")
    assert check(tmp_path, source) == (0, [])


UNUSED = lines(
    IMPORT.rstrip(),
    f"{SIGMOID}  # noqa: KL101",  # 2: unused
    f"{BINARY}  # noqa",  # 3: bare, never reported
    "x = 1  # noqa: E501",  # 4: another tool's, never reported
    "# keraslint: ignore[softmax-single-unit]",  # 5: unused
    "y = 2",
    "z = 3  # keraslint: ignore[KL102]",  # 7: unused
    "w = 4  # noqa: E501, W291",  # 8: other tools' codes only
)


@pytest.mark.parametrize("flag", ["--select", "--extend-select"])
def test_kl900_reports_unused_suppressions(tmp_path: Path, flag: str) -> None:
    assert check(tmp_path, UNUSED, flag, "KL900") == (1, [("KL900", 2), ("KL900", 5), ("KL900", 7)])


def test_kl900_report_details(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(UNUSED, encoding="utf-8")
    result = run(tmp_path, "check", "--output-format", "json", "--select", "KL900", "m.py")
    data: list[dict[str, Any]] = json.loads(result.stdout)
    first = data[0]
    assert first["code"] == "KL900"
    assert first["name"] == "unused-suppression"
    assert first["severity"] == "warning"
    assert first["location"] == {"row": 2, "column": len(SIGMOID) + 3}
    assert first["message"] == "unused suppression `# noqa: KL101`: nothing it names is reported here"
    assert data[1]["location"] == {"row": 5, "column": 1}
    assert "`# keraslint: ignore[softmax-single-unit]`" in data[1]["message"]


def test_kl900_by_name_in_config(tmp_path: Path) -> None:
    (tmp_path / "keraslint.toml").write_text('extend-select = ["unused-suppression"]\n', encoding="utf-8")
    assert check(tmp_path, UNUSED) == (1, [("KL900", 2), ("KL900", 5), ("KL900", 7)])


def test_kl900_does_not_report_used_suppressions(tmp_path: Path) -> None:
    source = lines(
        IMPORT.rstrip(),
        f"{SOFTMAX}  # noqa: KL101",
        "# keraslint: ignore[KL102]",
        COMPILE,
        f"m2 = {SOFTMAX[len('model = '):]}  # keraslint: ignore[softmax-single-unit]",
    )
    assert check(tmp_path, source, "--extend-select", "KL900") == (0, [])


def test_kl900_reports_a_suppression_naming_the_wrong_rule(tmp_path: Path) -> None:
    source = lines(IMPORT.rstrip(), f"{SOFTMAX}  # noqa: KL102", COMPILE)
    assert check(tmp_path, source, "--extend-select", "KL900") == (
        1,
        [("KL101", 2), ("KL900", 2), ("KL102", 3)],
    )


def test_kl900_can_be_ignored_again(tmp_path: Path) -> None:
    assert check(tmp_path, UNUSED, "--extend-select", "KL900", "--ignore", "KL900") == (0, [])


# --------------------------------------------------------------------------- notebooks


def write_nb(path: Path, sources: list[str]) -> None:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "# Notes"}]
    cells += [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": s} for s in sources
    ]
    with path.open("w", encoding="utf-8") as handle:
        json.dump({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, handle)


def nb_reports(tmp_path: Path, sources: list[str], *args: str) -> tuple[int, list[tuple[str, int, int]]]:
    write_nb(tmp_path / "nb.ipynb", sources)
    result = run(tmp_path, "check", "--output-format", "json", *args, "nb.ipynb")
    return result.exit_code, [(d["code"], d["cell"], d["location"]["row"]) for d in json.loads(result.stdout)]


def test_suppressions_in_notebook_cells(tmp_path: Path) -> None:
    sources = [IMPORT, f"%matplotlib inline\n{SOFTMAX}  # noqa: KL101\n", f"# keraslint: ignore[KL102]\n{COMPILE}\n"]
    assert nb_reports(tmp_path, sources) == (0, [])


def test_suppression_in_one_cell_does_not_reach_another(tmp_path: Path) -> None:
    # A comment alone on the last line of cell 2 is not "the line above" cell 3's first line.
    sources = [IMPORT, f"{SOFTMAX}\n# keraslint: ignore[KL102]\n", f"{COMPILE}\n"]
    assert nb_reports(tmp_path, sources) == (1, [("KL101", 3, 1), ("KL102", 4, 1)])


def test_noqa_row_in_a_cell_is_matched_within_that_cell(tmp_path: Path) -> None:
    # Row 2 of cell 2 carries the noqa; row 2 of cell 3 does not.
    sources = [IMPORT, f"a = 1\n{SOFTMAX}  # noqa\n", f"b = 1\n{SOFTMAX}\n"]
    assert nb_reports(tmp_path, sources) == (1, [("KL101", 4, 2)])


def test_keraslint_noqa_in_any_cell_skips_the_notebook(tmp_path: Path) -> None:
    sources = [IMPORT + SOFTMAX + "\n", COMPILE + "\n", "# keraslint: noqa\n"]
    assert nb_reports(tmp_path, sources) == (0, [])


def test_kl900_in_a_notebook_names_the_cell(tmp_path: Path) -> None:
    sources = [IMPORT, f"x = 1\n{SIGMOID}  # noqa: KL101\n"]
    assert nb_reports(tmp_path, sources, "--select", "KL900") == (1, [("KL900", 3, 2)])
