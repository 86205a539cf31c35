"""Jupyter notebooks through the command line: cells, numbering, IPython masking, bad files."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Union

import pytest
from click.testing import Result

from tests.conftest import invoke

IMPORT = "from tensorflow import keras\n"
SOFTMAX_1 = 'model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])\n'
COMPILE = 'model.compile(optimizer="adam", loss="categorical_crossentropy")\n'
KL101_COL = SOFTMAX_1.index('"softmax"') + 1  # 60
KL102_COL = COMPILE.index('"categorical_crossentropy"') + 1  # 38

Source = Union[str, list[str]]


def run(cwd: Path, *args: str) -> Result:
    return invoke(cwd, *args)


def concise(cwd: Path, *args: str):
    return run(cwd, "check", "--output-format", "concise", *args)


def cell(source: Source, cell_type: str = "code") -> dict[str, Any]:
    data: dict[str, Any] = {"cell_type": cell_type, "metadata": {}, "source": source}
    if cell_type == "code":
        data["outputs"] = []
        data["execution_count"] = None
    return data


def write_nb(path: Path, cells: list[Any], nbformat: int = 4) -> Path:
    """Write an nbformat JSON file; plain strings/lists are code cells."""
    built = [c if isinstance(c, dict) else cell(c) for c in cells]
    document = {
        "cells": built,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": nbformat,
        "nbformat_minor": 5,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=1)
    return path


def md(source: Source) -> dict[str, Any]:
    return cell(source, "markdown")


def out_lines(result) -> list[str]:
    return result.stdout.splitlines()


def kl101_line(name: str, cell_number: int, row: int, col: int = KL101_COL) -> str:
    return (
        f"{name}:cell {cell_number}:{row}:{col}: KL101 [error] `softmax` over 1 unit always outputs 1.0; "
        'use `activation="sigmoid"` for one output unit'
    )


# --------------------------------------------------------------------------- sources


def test_source_as_a_string(tmp_path: Path) -> None:
    write_nb(tmp_path / "nb.ipynb", [IMPORT + SOFTMAX_1 + COMPILE])
    result = concise(tmp_path, "nb.ipynb")
    assert result.exit_code == 1
    lines = out_lines(result)
    assert lines[0] == kl101_line("nb.ipynb", 1, 2)
    assert lines[1].startswith(f"nb.ipynb:cell 1:3:{KL102_COL}: KL102 [error] ")
    assert len(lines) == 2


def test_source_as_a_list_of_lines(tmp_path: Path) -> None:
    write_nb(tmp_path / "nb.ipynb", [[IMPORT, SOFTMAX_1, COMPILE.rstrip("\n")]])
    result = concise(tmp_path, "nb.ipynb")
    assert result.exit_code == 1
    lines = out_lines(result)
    assert lines[0] == kl101_line("nb.ipynb", 1, 2)
    assert lines[1].startswith(f"nb.ipynb:cell 1:3:{KL102_COL}: KL102 [error] ")
    assert len(lines) == 2


def test_string_and_list_sources_give_the_same_reports(tmp_path: Path) -> None:
    text = IMPORT + "x = 1\n" + SOFTMAX_1 + COMPILE
    write_nb(tmp_path / "a.ipynb", [md("# A"), text])
    write_nb(tmp_path / "b.ipynb", [md(["# A"]), text.splitlines(keepends=True)])
    a = concise(tmp_path, "a.ipynb")
    b = concise(tmp_path, "b.ipynb")
    assert a.exit_code == b.exit_code == 1
    assert [line.replace("a.ipynb", "") for line in out_lines(a)] == [
        line.replace("b.ipynb", "") for line in out_lines(b)
    ]
    assert out_lines(a)[0] == kl101_line("a.ipynb", 2, 3)


def test_clean_notebook_exits_0(tmp_path: Path) -> None:
    write_nb(
        tmp_path / "nb.ipynb",
        [IMPORT, 'model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])\n',
         'model.compile(optimizer="adam", loss="binary_crossentropy")\n'],
    )
    result = concise(tmp_path, "nb.ipynb")
    assert result.exit_code == 0
    assert result.stdout == ""


# --------------------------------------------------------------------------- cells


def test_model_in_one_cell_compiled_in_a_later_cell_is_linked(tmp_path: Path) -> None:
    write_nb(
        tmp_path / "nb.ipynb",
        [
            md("# Model"),
            IMPORT + SOFTMAX_1,
            md(["Now we compile\n", "it."]),
            "x = 1\n" + COMPILE,
        ],
    )
    result = concise(tmp_path, "nb.ipynb")
    assert result.exit_code == 1
    lines = out_lines(result)
    assert lines == [
        kl101_line("nb.ipynb", 2, 2),
        f"nb.ipynb:cell 4:2:{KL102_COL}: KL102 [error] `categorical_crossentropy` on a 1-unit head "
        '(cell 2, line 2): the loss is constantly 0; use `binary_crossentropy` with `activation="sigmoid"`',
    ]


def test_related_line_in_the_same_cell_is_named_without_cell(tmp_path: Path) -> None:
    write_nb(tmp_path / "nb.ipynb", [md("intro"), IMPORT + SOFTMAX_1 + COMPILE])
    result = concise(tmp_path, "nb.ipynb")
    kl102 = [line for line in out_lines(result) if " KL102 " in line]
    assert len(kl102) == 1
    assert kl102[0].startswith(f"nb.ipynb:cell 2:3:{KL102_COL}: KL102 ")
    assert "(line 2)" in kl102[0]
    assert "cell 2, line" not in kl102[0]


def test_markdown_and_raw_cells_count_in_the_numbering(tmp_path: Path) -> None:
    write_nb(
        tmp_path / "nb.ipynb",
        [md("# Title"), cell("raw text", "raw"), md(["more\n", "text"]), IMPORT, "\n\n" + SOFTMAX_1],
    )
    result = concise(tmp_path, "nb.ipynb")
    assert result.exit_code == 1
    assert out_lines(result) == [kl101_line("nb.ipynb", 5, 3)]


def test_json_output_has_cell_and_row_within_the_cell(tmp_path: Path) -> None:
    write_nb(tmp_path / "nb.ipynb", [md("# T"), IMPORT + SOFTMAX_1, md("m"), "y = 2\nz = 3\n" + COMPILE])
    result = run(tmp_path, "check", "--output-format", "json", "nb.ipynb")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [(d["code"], d["cell"], d["location"]["row"], d["location"]["column"]) for d in data] == [
        ("KL101", 2, 2, KL101_COL),
        ("KL102", 4, 3, KL102_COL),
    ]
    assert all(d["filename"] == "nb.ipynb" for d in data)
    assert data[0]["end_location"] == {"row": 2, "column": KL101_COL + len('"softmax"')}
    assert "(cell 2, line 2)" in data[1]["message"]


def test_full_output_shows_the_line_of_the_cell(tmp_path: Path) -> None:
    write_nb(tmp_path / "nb.ipynb", [md("# T"), IMPORT + SOFTMAX_1])
    result = run(tmp_path, "check", "--output-format", "full", "nb.ipynb")
    assert result.exit_code == 1
    assert f"nb.ipynb:cell 2:2:{KL101_COL}: KL101 [error]" in result.stdout
    assert SOFTMAX_1.rstrip("\n") in result.stdout
    assert "softmax-single-unit" in result.stdout


# --------------------------------------------------------------------------- IPython syntax


@pytest.mark.parametrize(
    "magic",
    [
        "%matplotlib inline\n",
        "!pip install x \\\n    --upgrade\n",
        "?keras\n",
        "??keras.layers\n",
        "keras.layers.Dense?\n",
        "keras.Sequential??\n",
        "x = !ls\n",
        "first, rest = !ls -1\n",
        "%time y = 1\n",
        "%timeit -n 1 y = 1\n",
        "r = %env\n",
        "%load_ext autoreload\n%autoreload 2\n",
        "if True:\n    %time y = 1\n    !echo hi\n",
    ],
)
def test_ipython_syntax_is_masked_keeping_line_numbers(tmp_path: Path, magic: str) -> None:
    write_nb(tmp_path / "nb.ipynb", [IMPORT, "a = 1\n" + magic + SOFTMAX_1])
    result = concise(tmp_path, "nb.ipynb")
    assert result.exit_code == 1
    row = 2 + magic.count("\n")
    assert out_lines(result) == [kl101_line("nb.ipynb", 2, row)]


def test_all_ipython_forms_in_one_cell(tmp_path: Path) -> None:
    source = [
        "%matplotlib inline\n",
        "!pip install x \\\n",
        "    more-stuff\n",
        "?keras\n",
        "keras?\n",
        "x = !ls\n",
        "%time y = 1\n",
        IMPORT,
        SOFTMAX_1,
        COMPILE,
    ]
    write_nb(tmp_path / "nb.ipynb", [source])
    result = concise(tmp_path, "nb.ipynb")
    assert result.exit_code == 1
    lines = out_lines(result)
    assert lines[0] == kl101_line("nb.ipynb", 1, 9)
    assert lines[1].startswith(f"nb.ipynb:cell 1:10:{KL102_COL}: KL102 [error] ")
    assert len(lines) == 2


def test_magic_inside_brackets_is_left_alone(tmp_path: Path) -> None:
    # A line starting with "%" inside an open bracket is Python (a continued modulo).
    write_nb(tmp_path / "nb.ipynb", [IMPORT + "v = (7\n% 3)\n" + SOFTMAX_1])
    result = concise(tmp_path, "nb.ipynb")
    assert out_lines(result) == [kl101_line("nb.ipynb", 1, 4)]


def test_magic_after_a_backslash_continuation_is_python(tmp_path: Path) -> None:
    # `r = a \` then `% b`: a continued modulo (IPython leaves it alone too)
    write_nb(tmp_path / "nb.ipynb", [IMPORT + "v = 7 \\\n    % 3\n" + SOFTMAX_1])
    result = concise(tmp_path, "nb.ipynb")
    assert out_lines(result) == [kl101_line("nb.ipynb", 1, 4)]


def test_a_magic_continued_with_a_backslash_is_masked_whole(tmp_path: Path) -> None:
    write_nb(tmp_path / "nb.ipynb", [IMPORT + "!pip install \\\n    tensorflow\n%matplotlib inline\n" + SOFTMAX_1])
    result = concise(tmp_path, "nb.ipynb")
    assert out_lines(result) == [kl101_line("nb.ipynb", 1, 5)]


def test_magic_after_a_closed_multiline_bracket_is_masked(tmp_path: Path) -> None:
    write_nb(tmp_path / "nb.ipynb", [IMPORT + "v = (1 +\n  2)\n%matplotlib inline\n" + SOFTMAX_1])
    result = concise(tmp_path, "nb.ipynb")
    assert out_lines(result) == [kl101_line("nb.ipynb", 1, 5)]


def test_paren_inside_a_multiline_string_does_not_unmask_magics(tmp_path: Path) -> None:
    source = IMPORT + 'doc = """\nan open paren (\n"""\n%matplotlib inline\n' + SOFTMAX_1
    write_nb(tmp_path / "nb.ipynb", [source])
    result = concise(tmp_path, "nb.ipynb")
    assert out_lines(result) == [kl101_line("nb.ipynb", 1, 6)]


@pytest.mark.parametrize("magic", ["%%time", "%%capture", "%%capture captured", "%%timeit -n 3"])
def test_python_cell_magics_are_still_analysed(tmp_path: Path, magic: str) -> None:
    write_nb(tmp_path / "nb.ipynb", [IMPORT, f"{magic}\nx = 1\n" + SOFTMAX_1])
    result = concise(tmp_path, "nb.ipynb")
    assert result.exit_code == 1
    assert out_lines(result) == [kl101_line("nb.ipynb", 2, 3)]


@pytest.mark.parametrize("magic", ["%%bash", "%%writefile model.py", "%%html", "%%sh"])
def test_non_python_cell_magics_are_skipped(tmp_path: Path, magic: str) -> None:
    write_nb(
        tmp_path / "nb.ipynb",
        [IMPORT, f"{magic}\n" + SOFTMAX_1 + "echo $((1 + \n", "x = 1\n" + SOFTMAX_1],
    )
    result = concise(tmp_path, "nb.ipynb")
    assert result.exit_code == 1
    # Nothing from cell 2 (not even a syntax error); cell 3 is analysed.
    assert out_lines(result) == [kl101_line("nb.ipynb", 3, 2)]


def test_skipped_writefile_cell_alone_gives_no_report(tmp_path: Path) -> None:
    write_nb(tmp_path / "nb.ipynb", [IMPORT, "%%writefile model.py\n" + SOFTMAX_1])
    result = concise(tmp_path, "nb.ipynb")
    assert result.exit_code == 0
    assert result.stdout == ""


# --------------------------------------------------------------------------- bad cells and files


def test_syntax_error_cell_gets_kl001_and_later_cells_are_analysed(tmp_path: Path) -> None:
    write_nb(tmp_path / "nb.ipynb", [IMPORT, md("text"), "x = 1\ndef f(:\n    pass\n", SOFTMAX_1])
    result = concise(tmp_path, "nb.ipynb")
    assert result.exit_code == 1
    lines = out_lines(result)
    assert lines[0].startswith("nb.ipynb:cell 3:2:7: KL001 [error] syntax error")
    assert lines[1:] == [kl101_line("nb.ipynb", 4, 1)]


def test_syntax_error_cell_in_json(tmp_path: Path) -> None:
    write_nb(tmp_path / "nb.ipynb", [IMPORT, "y = 2\n\nprint 'hello'\n"])
    result = run(tmp_path, "check", "--output-format", "json", "nb.ipynb")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert len(data) == 1
    assert data[0]["code"] == "KL001"
    assert data[0]["cell"] == 2
    assert data[0]["location"]["row"] == 3
    assert "Python 2" in data[0]["message"]


INVALID = {
    "invalid-json": ('{"nbformat": 4, "cells": [ "import keras"', "invalid JSON at line"),
    "not-an-object": ('["import keras"]', "the JSON document is not an object"),
    "no-cells": ('{"nbformat": 4, "metadata": {"k": "keras"}}', "no `cells` list"),
    "cells-not-a-list": ('{"nbformat": 4, "cells": {"keras": 1}}', "no `cells` list"),
    "source-is-a-number": (
        '{"nbformat": 4, "metadata": {"k": "keras"}, "cells": [{"cell_type": "code", "source": 3}]}',
        "cell 1 has a `source` that is neither a string nor a list of strings",
    ),
    "source-list-with-a-number": (
        '{"nbformat": 4, "cells": [{"cell_type": "code", "source": ["import keras\\n", 3]}]}',
        "cell 1 has a `source` that is neither a string nor a list of strings",
    ),
    "cell-without-cell-type": (
        '{"nbformat": 4, "cells": [{"cell_type": "markdown", "source": ""}, {"source": "import keras"}]}',
        "cell 2 has no `cell_type`",
    ),
    "nbformat-3": (
        '{"nbformat": 3, "nbformat_minor": 0, "worksheets": [{"cells": '
        '[{"cell_type": "code", "input": "import keras"}]}]}',
        "nbformat 3 is not supported",
    ),
    "no-nbformat": ('{"cells": [{"cell_type": "code", "source": "import keras"}]}', "nbformat None"),
}


@pytest.mark.parametrize("key", sorted(INVALID))
def test_invalid_notebook_is_kl002_and_the_run_goes_on(tmp_path: Path, key: str) -> None:
    text, fragment = INVALID[key]
    (tmp_path / "bad.ipynb").write_text(text, encoding="utf-8")
    (tmp_path / "z.py").write_text(IMPORT + SOFTMAX_1, encoding="utf-8")
    result = concise(tmp_path, "bad.ipynb", "z.py")
    assert result.exit_code == 1
    lines = out_lines(result)
    assert len(lines) == 2
    assert lines[0].startswith("bad.ipynb:1:1: KL002 [error] not a valid Jupyter notebook: ")
    assert fragment in lines[0]
    assert lines[1].startswith(f"z.py:2:{KL101_COL}: KL101 [error] `softmax` over 1 unit")


def test_invalid_notebook_that_never_mentions_keras_is_not_reported(tmp_path: Path) -> None:
    (tmp_path / "bad.ipynb").write_text('{"nbformat": 4, "cells": [', encoding="utf-8")
    result = run(tmp_path, "check", "--output-format", "full", "bad.ipynb")
    assert result.exit_code == 0
    assert "All checks passed (1 file checked)." in result.stdout


def test_invalid_notebook_in_a_folder_search_alongside_a_good_one(tmp_path: Path) -> None:
    (tmp_path / "a_bad.ipynb").write_text('{"nbformat": 3, "keras": true}', encoding="utf-8")
    write_nb(tmp_path / "b_good.ipynb", [IMPORT, SOFTMAX_1])
    result = concise(tmp_path, ".")
    assert result.exit_code == 1
    lines = out_lines(result)
    assert lines[0].startswith("a_bad.ipynb:1:1: KL002 [error] not a valid Jupyter notebook: nbformat 3")
    assert lines[1:] == [kl101_line("b_good.ipynb", 2, 1)]


def test_empty_notebook_is_fine(tmp_path: Path) -> None:
    (tmp_path / "empty.ipynb").write_text(
        json.dumps({"cells": [], "metadata": {"k": "keras"}, "nbformat": 4, "nbformat_minor": 5})
    )
    result = concise(tmp_path, "empty.ipynb")
    assert result.exit_code == 0
    assert result.stdout == ""


# --------------------------------------------------------------------------- discovery


def test_folders_are_searched_for_notebooks(tmp_path: Path) -> None:
    write_nb(tmp_path / "proj" / "sub" / "train.ipynb", [md("x"), IMPORT + SOFTMAX_1])
    write_nb(tmp_path / "proj" / "sub" / ".ipynb_checkpoints" / "train-checkpoint.ipynb", [IMPORT + SOFTMAX_1])
    (tmp_path / "proj" / "model.py").write_text(IMPORT + SOFTMAX_1, encoding="utf-8")
    (tmp_path / "proj" / "notes.txt").write_text(IMPORT + SOFTMAX_1, encoding="utf-8")
    result = concise(tmp_path, "proj")
    assert result.exit_code == 1
    expected_py = f"{os.path.join('proj', 'model.py')}:2:{KL101_COL}: KL101 [error] "
    lines = out_lines(result)
    assert len(lines) == 2
    assert lines[0].startswith(expected_py)
    assert lines[1] == kl101_line(os.path.join("proj", "sub", "train.ipynb"), 2, 2)


def test_default_path_finds_notebooks(tmp_path: Path) -> None:
    write_nb(tmp_path / "nb.ipynb", [IMPORT + SOFTMAX_1])
    result = run(tmp_path, "check", "--output-format", "full")
    assert result.exit_code == 1
    assert f"nb.ipynb:cell 1:2:{KL101_COL}: KL101 [error]" in result.stdout
    assert "Found 1 error in 1 file (1 file checked)." in result.stdout
