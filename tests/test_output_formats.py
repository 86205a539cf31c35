"""Every output format, on one small project run through the real engine.

The project is ``tests/fixtures/report_project``: ``model.py`` (three reports, one of them a
warning), ``analysis.ipynb`` (a report in its third cell, about a compile call in the fifth)
and ``clean.py`` (nothing to report). Each format's output is compared with
``tests/snapshots/<format>.txt``; the SARIF snapshot has the keraslint version replaced by
``<version>`` so that releases do not break it.

After an intended change of output (or of a rule's message or documentation), regenerate the
snapshots and review the diff::

    KERASLINT_UPDATE_SNAPSHOTS=1 python -m pytest -q tests/test_output_formats.py
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from keraslint.config import Settings
from keraslint.diagnostics import Diagnostic, Location, Severity
from keraslint.engine import RunResult, check_paths
from keraslint.files import discover
from keraslint.output import FORMATS, dumps, renderer
from keraslint.output.github import command, escape_data, escape_property
from keraslint.output.json import to_dict
from keraslint.rules.registry import all_rules

HERE = Path(__file__).resolve().parent
PROJECT = HERE / "fixtures" / "report_project"
SNAPSHOTS = HERE / "snapshots"
SARIF_SCHEMA = HERE / "sarif-schema-2.1.0.json"
UPDATE = os.environ.get("KERASLINT_UPDATE_SNAPSHOTS") == "1"
VERSION_PLACEHOLDER = "<version>"

#: What must never reach the output raw (as output.text.clean escapes it), except "\n" and "\t".
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def run_engine(root: Path, paths: Sequence[str] = (".",), **settings: Any) -> RunResult:
    """Check ``paths`` from inside ``root`` (so display paths are relative and stable)."""
    old = os.getcwd()
    os.chdir(root)
    try:
        return check_paths(discover(list(paths)), Settings(**settings))
    finally:
        os.chdir(old)


def render(fmt: str, result: RunResult) -> str:
    stream = io.StringIO()
    renderer(fmt)(result, stream)
    return stream.getvalue()


@pytest.fixture
def plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """No environment variable may make rich write colours into a StringIO."""
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "CLICOLOR_FORCE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def project() -> RunResult:
    return run_engine(PROJECT)


def test_fixture_project_reports(project: RunResult) -> None:
    """The fixture still produces what the snapshots are meant to show."""
    reported = [(d.path, d.code, d.severity, d.cell) for d in project.diagnostics]
    assert project.files_checked == 3
    assert reported == [
        ("analysis.ipynb", "KL104", Severity.ERROR, 3),
        ("model.py", "KL101", Severity.ERROR, None),
        ("model.py", "KL103", Severity.WARNING, None),
        ("model.py", "KL106", Severity.ERROR, None),
    ]


def test_formats_are_registered() -> None:
    assert FORMATS == ("full", "concise", "json", "json-lines", "sarif", "github", "gitlab", "junit")
    with pytest.raises(ValueError):
        renderer("xml")


# --- snapshots ---------------------------------------------------------------------------


def _without_version(sarif_text: str) -> str:
    document = json.loads(sarif_text)
    assert dumps(document, indent=2) + "\n" == sarif_text  # re-serialising changes nothing else
    driver = document["runs"][0]["tool"]["driver"]
    driver["version"] = VERSION_PLACEHOLDER
    return dumps(document, indent=2) + "\n"


@pytest.mark.parametrize("fmt", FORMATS)
def test_snapshot(fmt: str, project: RunResult, plain_terminal: None) -> None:
    output = render(fmt, project)
    if fmt == "sarif":
        output = _without_version(output)
    snapshot = SNAPSHOTS / f"{fmt}.txt"
    if UPDATE:
        snapshot.parent.mkdir(exist_ok=True)
        with open(snapshot, "w", encoding="utf-8", newline="") as f:
            f.write(output)
    assert snapshot.exists(), f"no snapshot {snapshot}; create it with KERASLINT_UPDATE_SNAPSHOTS=1"
    with open(snapshot, encoding="utf-8", newline="") as f:
        expected = f.read()
    assert output == expected, (
        f"{fmt} output differs from {snapshot.name}; if the change is intended, "
        "regenerate with KERASLINT_UPDATE_SNAPSHOTS=1 and review the diff"
    )


# --- SARIF -------------------------------------------------------------------------------


def _validate_sarif(document: Any) -> None:
    import jsonschema  # test dependency (the `test` extra)

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)  # Draft 4, from its $schema
    assert validator is jsonschema.Draft4Validator
    validator.check_schema(schema)
    validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)


def test_sarif_validates_against_the_schema(project: RunResult) -> None:
    _validate_sarif(json.loads(render("sarif", project)))


def test_sarif_of_an_empty_run_validates() -> None:
    document = json.loads(render("sarif", RunResult()))
    _validate_sarif(document)
    assert document["runs"][0]["results"] == []


def test_sarif_contents(project: RunResult) -> None:
    from keraslint import __version__

    run = json.loads(render("sarif", project))["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "keraslint"
    assert driver["version"] == __version__
    assert driver["informationUri"] == "https://pypi.org/project/keraslint/"
    assert [r["id"] for r in driver["rules"]] == [r.code for r in all_rules()]
    kl101 = next(r for r in driver["rules"] if r["id"] == "KL101")
    assert kl101["name"] == "softmax-single-unit"
    assert kl101["fullDescription"]["text"].startswith("Checks for")
    assert "## Why is this bad?" in kl101["help"]["markdown"]
    assert kl101["defaultConfiguration"]["level"] == "error"
    assert run["columnKind"] == "unicodeCodePoints"

    results = run["results"]
    assert len(results) == len(project.diagnostics)
    for result, d in zip(results, project.diagnostics):
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"] == d.code
        assert result["level"] == d.severity.value
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {"uri": d.path, "uriBaseId": "%SRCROOT%"}
    notebook = results[0]
    assert notebook["locations"][0]["physicalLocation"]["region"] == {"startLine": 1, "startColumn": 1}
    assert notebook["message"]["text"].startswith("cell 3, line 3: 20 sigmoid units")
    region = results[1]["locations"][0]["physicalLocation"]["region"]
    d = project.diagnostics[1]
    assert region == {
        "startLine": d.location.row,
        "startColumn": d.location.column,
        "endLine": d.end_location.row,
        "endColumn": d.end_location.column,
    }
    fingerprints = [r["partialFingerprints"]["keraslint/v1"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)


def test_sarif_paths_become_uris(tmp_path: Path) -> None:
    """Relative paths are percent-encoded URI references; absolute ones are file: URIs."""
    folder = tmp_path / "my project"
    folder.mkdir()
    shutil.copy(PROJECT / "model.py", folder / "model #1.py")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    relative = run_engine(tmp_path, ["my project"])
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in _results(relative)}
    assert uris == {"my%20project/model%20%231.py"}
    absolute = run_engine(elsewhere, [str(folder)])
    document = json.loads(render("sarif", absolute))
    _validate_sarif(document)
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in _results(absolute)]
    assert locations and all(loc == {"uri": (folder / "model #1.py").as_uri()} for loc in locations)


def _results(result: RunResult) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = json.loads(render("sarif", result))["runs"][0]["results"]
    return results


# --- GitHub ------------------------------------------------------------------------------


def test_github_escapes_data() -> None:
    assert escape_data("100% sure\r\nnext: a, b") == "100%25 sure%0D%0Anext: a, b"
    assert escape_data("%0A") == "%250A"  # already-escaped looking text stays literal


def test_github_escapes_properties() -> None:
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    assert escape_property("keraslint (KL101)") == "keraslint (KL101)"


def _diagnostic(path: str, message: str, cell: int | None = None) -> Diagnostic:
    return Diagnostic(
        path,
        Location(3, 5),
        Location(4, 9),
        "KL101",
        "softmax-single-unit",
        Severity.WARNING,
        message,
        cell=cell,
    )


def test_github_command_escapes_path_and_message() -> None:
    line = command(_diagnostic("dir,1/a:b%.py", "50% of it,\nreally: yes"))
    assert line == (
        "::warning file=dir%2C1/a%3Ab%25.py,line=3,col=5,endLine=4,endColumn=9,"
        "title=keraslint (KL101)::50%25 of it,%0Areally: yes"
    )


def test_github_notebook_reports_point_at_the_file() -> None:
    line = command(_diagnostic("nb.ipynb", "bad head", cell=7))
    assert line == "::warning file=nb.ipynb,line=1,col=1,title=keraslint (KL101)::cell 7, line 3: bad head"


def test_github_windows_paths_use_forward_slashes() -> None:
    assert command(_diagnostic("src\\m.py", "x")).startswith("::warning file=src/m.py,line=3,")


def test_github_one_command_per_report(project: RunResult) -> None:
    lines = render("github", project).splitlines()
    assert len(lines) == len(project.diagnostics)
    assert [line.split(" ", 1)[0] for line in lines] == ["::error", "::error", "::warning", "::error"]


# --- GitLab ------------------------------------------------------------------------------


def test_gitlab_issues(project: RunResult) -> None:
    issues = json.loads(render("gitlab", project))
    assert [i["check_name"] for i in issues] == [d.code for d in project.diagnostics]
    assert [i["severity"] for i in issues] == ["major", "major", "minor", "major"]
    assert issues[0]["location"] == {"path": "analysis.ipynb", "lines": {"begin": 1}}
    assert issues[0]["description"].startswith("KL104 cell 3, line 3: ")
    assert issues[1]["location"] == {
        "path": "model.py",
        "lines": {"begin": project.diagnostics[1].location.row},
    }
    assert all(re.fullmatch(r"[0-9a-f]{64}", i["fingerprint"]) for i in issues)
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_fingerprints_survive_inserted_lines(tmp_path: Path) -> None:
    """Lines (and cells) inserted above the reports move them, but keep their fingerprints."""
    before_dir, after_dir = tmp_path / "before", tmp_path / "after"
    shutil.copytree(PROJECT, before_dir)
    shutil.copytree(PROJECT, after_dir)
    model = after_dir / "model.py"
    model.write_text("# a new first line\n\n" + model.read_text(encoding="utf-8"), encoding="utf-8")
    notebook_path = after_dir / "analysis.ipynb"
    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    notebook["cells"][2]["source"].insert(0, "# a new first line in the cell\n")
    notebook["cells"].insert(
        0, {"cell_type": "markdown", "id": "new", "metadata": {}, "source": ["New cell"]}
    )
    notebook_path.write_text(json.dumps(notebook), encoding="utf-8")

    before, after = run_engine(before_dir), run_engine(after_dir)
    old, new = json.loads(render("gitlab", before)), json.loads(render("gitlab", after))
    assert [i["location"]["lines"]["begin"] + 2 for i in old[1:]] == [
        i["location"]["lines"]["begin"] for i in new[1:]
    ]
    assert [d.cell for d in after.diagnostics if d.cell is not None] == [4]
    assert [i["fingerprint"] for i in old] == [i["fingerprint"] for i in new]
    old_sarif = [r["partialFingerprints"] for r in _results(before)]
    assert old_sarif == [r["partialFingerprints"] for r in _results(after)]
    assert [r["keraslint/v1"] for r in old_sarif] == [i["fingerprint"] for i in old]


def test_fingerprints_tell_repeated_lines_apart(tmp_path: Path) -> None:
    line = 'model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])\n'
    (tmp_path / "twice.py").write_text("from tensorflow import keras\n" + line + line, encoding="utf-8")
    issues = json.loads(render("gitlab", run_engine(tmp_path)))
    assert [i["location"]["lines"]["begin"] for i in issues] == [2, 3]
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]


# --- JUnit -------------------------------------------------------------------------------


def test_junit_counts(project: RunResult) -> None:
    root = ET.fromstring(render("junit", project))
    total = len(project.diagnostics)
    assert root.tag == "testsuites"
    assert root.get("name") == "keraslint"
    assert root.get("tests") == root.get("failures") == str(total)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["analysis.ipynb", "model.py"]
    for suite in suites:
        cases = suite.findall("testcase")
        assert suite.get("tests") == suite.get("failures") == str(len(cases))
        assert all(case.get("classname") == suite.get("name") for case in cases)
        assert all(case.find("failure") is not None for case in cases)
    assert len(root.findall("./testsuite/testcase/failure")) == total
    case = suites[1].findall("testcase")[0]
    d = project.diagnostics[1]
    assert case.get("name") == f"KL101 model.py:{d.location.row}:{d.location.column}"
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("type") == "KL101"
    assert failure.get("message") == d.message
    assert failure.text == f"model.py:{d.location.row}:{d.location.column}: KL101 [error] {d.message}"


def test_junit_without_reports_shows_one_passing_case() -> None:
    result = run_engine(PROJECT, ["clean.py"])
    assert result.files_checked == 1 and not result.diagnostics
    root = ET.fromstring(render("junit", result))
    assert root.get("tests") == "1" and root.get("failures") == "0"
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "keraslint"
    (case,) = suite.findall("testcase")
    assert case.get("name") == "keraslint"
    assert list(case) == []


# --- JSON Lines --------------------------------------------------------------------------


def test_json_lines_one_object_per_line(project: RunResult) -> None:
    output = render("json-lines", project)
    lines = output.splitlines()
    assert output.endswith("\n")
    assert len(lines) == len(project.diagnostics)
    assert [json.loads(line) for line in lines] == [to_dict(d) for d in project.diagnostics]
    assert json.loads(render("json", project)) == [json.loads(line) for line in lines]


def test_json_lines_of_an_empty_run_is_empty() -> None:
    assert render("json-lines", RunResult()) == ""


# --- control characters ------------------------------------------------------------------

ANSI_SOURCE = (
    "from tensorflow import keras\n"
    'model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])  # \x1b[31mred\x1b[0m\n'
    "x = 1  # noqa: KL102 \x1b]0;title\x07\x1b[2J\n"  # KL900 quotes the directive in its message
)


def _assert_no_control(fmt: str, output: str) -> None:
    found = sorted({f"U+{ord(c):04X}" for c in CONTROL.findall(output)})
    assert not found, f"{fmt} writes control characters {found}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_control_characters_from_ansi_source(fmt: str, tmp_path: Path, plain_terminal: None) -> None:
    (tmp_path / "ansi.py").write_text(ANSI_SOURCE, encoding="utf-8")
    result = run_engine(tmp_path, extend_select=("KL900",))
    assert [d.code for d in result.diagnostics] == ["KL101", "KL900"]
    assert "\x1b" in result.diagnostics[1].message
    _assert_no_control(fmt, render(fmt, result))


NEW_FORMATS = ("json-lines", "sarif", "github", "gitlab", "junit")


@pytest.mark.skipif(
    sys.platform == "win32", reason="control characters are not allowed in Windows file names"
)
@pytest.mark.parametrize("fmt", NEW_FORMATS)
def test_no_control_characters_from_file_names(fmt: str, tmp_path: Path) -> None:
    """Also C1 controls and bidi overrides, and in the file name, which every format shows."""
    name = "evil\x1b[2J\u202e\x9b.py"
    source = ANSI_SOURCE.replace("\x1b[0m", "\x1b[0m \u202e \x9b")
    (tmp_path / name).write_text(source, encoding="utf-8")
    result = run_engine(tmp_path, extend_select=("KL900",))
    assert [d.path for d in result.diagnostics] == [name, name]
    output = render(fmt, result)
    _assert_no_control(fmt, output)
    if fmt == "json-lines":  # JSON escapes are lossless: the real name and message come back
        records = [json.loads(line) for line in output.splitlines()]
        assert [r["filename"] for r in records] == [name, name]
        assert records[1]["message"] == result.diagnostics[1].message
    if fmt == "gitlab":  # the path must match the file for GitLab to link it
        assert [i["location"]["path"] for i in json.loads(output)] == [name, name]
    if fmt == "junit":
        ET.fromstring(output)  # still well-formed XML
    if fmt == "sarif":
        _validate_sarif(json.loads(output))
