"""The speed machinery must never change what is reported: the no-Keras and rule-marker
shortcuts, the process pool and the cache give the same reports as a plain serial run.
Also: the cache's layout and robustness, and what start-up imports. (No timed tests: speed
is measured by bench/run.py.)"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from keraslint import engine
from keraslint.cache import Cache, clean, settings_key
from keraslint.cli import main
from keraslint.config import Settings
from keraslint.engine import check_paths
from keraslint.files import discover
from keraslint.rules.registry import all_rules

ROOT = Path(__file__).resolve().parent.parent
SHARED_CASES = ROOT.parent / "shared" / "cases"
_EXPECT = re.compile(r"\s*# expect: KL\d{3}")


def _corpus(tmp_path: Path) -> Path:
    """Every example, fixture and rule example, plus the dev cases when they are present."""
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "examples", corpus / "examples")
    shutil.copytree(ROOT / "tests" / "fixtures", corpus / "fixtures")
    for rule in all_rules():
        for index, code in enumerate((*rule.invalid, *rule.valid)):
            target = corpus / "rules" / f"{rule.code}_{index}.py"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_EXPECT.sub("", code))
    if SHARED_CASES.is_dir():
        for folder in ("bugs", "clean", "seeds"):
            shutil.copytree(SHARED_CASES / folder, corpus / "cases" / folder)
    return corpus


def _reports(result: engine.RunResult) -> list[tuple[str, str, int, int, str]]:
    return [(d.path, d.code, d.location.row, d.location.column, d.message) for d in result.diagnostics]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, str]]:
    return discover([str(_corpus(tmp_path_factory.mktemp("speed")))])


@pytest.fixture(scope="module")
def serial(corpus: list[tuple[Path, str]]) -> list[tuple[str, str, int, int, str]]:
    return _reports(check_paths(corpus, Settings()))


def test_the_corpus_has_reports(serial: list[tuple[str, str, int, int, str]]) -> None:
    assert len({code for _, code, *_ in serial}) >= 15


def test_shortcuts_lose_no_reports(
    corpus: list[tuple[Path, str]], serial: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "may_use_keras", lambda data: True)
    monkeypatch.setattr(engine, "_nothing_to_report", lambda data, source, settings: False)
    assert _reports(check_paths(corpus, Settings())) == serial


def test_pool_gives_the_same_reports_in_the_same_order(corpus: list, serial: list) -> None:
    assert len(corpus) >= engine.POOL_MIN_FILES
    assert _reports(check_paths(corpus, Settings(), jobs=2)) == serial


def test_cache_gives_the_same_reports_cold_and_warm(tmp_path: Path, corpus: list, serial: list) -> None:
    cache = Cache(tmp_path / "cache", settings_key(Settings().cache_key_fields()))
    assert _reports(check_paths(corpus, Settings(), cache=cache)) == serial
    warm = check_paths(corpus, Settings(), cache=cache)
    assert _reports(warm) == serial
    reported = {d.path for d in warm.diagnostics}
    assert all(warm.source(path) is not None for path in reported)  # text back for `full` output


def _project(tmp_path: Path) -> Path:
    (tmp_path / "model.py").write_text(
        "from tensorflow import keras\n"
        'model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])\n'
    )
    return tmp_path


def _run(cwd: Path, *args: str):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


def test_cache_folder_is_marked_and_ignored(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert _run(project, "check", "--output-format", "concise").exit_code == 1
    cache = project / ".keraslint_cache"
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (cache / ".gitignore").read_text().strip().endswith("*")
    assert list(cache.rglob("*.json"))


def test_no_cache_writes_nothing(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert _run(project, "check", "--no-cache", "--output-format", "concise").exit_code == 1
    assert not (project / ".keraslint_cache").exists()


def test_cache_dir_option_and_setting(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _run(project, "check", "--cache-dir", "elsewhere", "--output-format", "concise")
    assert (project / "elsewhere" / "CACHEDIR.TAG").exists()
    (project / "keraslint.toml").write_text('cache-dir = "from-config"\n')
    _run(project, "check", "--output-format", "concise")
    assert (project / "from-config" / "CACHEDIR.TAG").exists()


def test_corrupt_and_foreign_entries_are_ignored_and_rewritten(tmp_path: Path) -> None:
    project = _project(tmp_path)
    first = _run(project, "check", "--output-format", "concise").output
    entries = list((project / ".keraslint_cache").rglob("*.json"))
    assert entries
    for number, entry in enumerate(entries):
        entry.write_text(["{not json", '{"key": "someone else", "diagnostics": []}', "[]"][number % 3])
    assert _run(project, "check", "--output-format", "concise").output == first
    assert json.loads(entries[0].read_text())["diagnostics"]  # rewritten


def test_changed_file_or_settings_miss_the_cache(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert "KL101" in _run(project, "check", "--output-format", "concise").output
    assert _run(project, "check", "--ignore", "KL101", "--output-format", "concise").output == ""
    (project / "model.py").write_text((project / "model.py").read_text().replace("softmax", "sigmoid"))
    assert _run(project, "check", "--output-format", "concise").output == ""


def test_clean_removes_the_cache_and_only_a_cache(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _run(project, "check", "--output-format", "concise")
    assert (project / ".keraslint_cache").exists()
    assert _run(project, "clean").exit_code == 0
    assert not (project / ".keraslint_cache").exists()
    (project / "notes").mkdir()
    assert not clean(project / "notes")  # no CACHEDIR.TAG: not ours to delete
    assert (project / "notes").exists()


def test_unwritable_cache_only_costs_speed(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "blocked").write_text("a file where the cache folder should be")
    result = _run(project, "check", "--cache-dir", "blocked", "--output-format", "concise")
    assert result.exit_code == 1 and "KL101" in result.output


def _imported_modules(*args: str) -> set[str]:
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['keraslint', *{list(args)!r}]\n"
        "try:\n"
        "    runpy.run_module('keraslint', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return set(completed.stderr.split())


def test_version_imports_neither_libcst_nor_rich() -> None:
    modules = _imported_modules("--version")
    assert "libcst" not in modules and "rich" not in modules and "keraslint.engine" not in modules


def test_checking_one_file_imports_no_rich_and_no_pool(tmp_path: Path) -> None:
    project = _project(tmp_path)
    modules = _imported_modules("check", "--no-cache", "--output-format", "concise", str(project / "model.py"))
    assert "libcst" in modules
    assert "rich" not in modules and "concurrent.futures.process" not in modules


def test_a_warm_run_does_not_import_libcst(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _run(project, "check", "--output-format", "concise")
    old = os.getcwd()
    os.chdir(project)
    try:
        modules = _imported_modules("check", "--output-format", "concise")
    finally:
        os.chdir(old)
    assert "libcst" not in modules
