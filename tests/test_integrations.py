"""pre-commit hook manifest and the GitHub Action."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
yaml = pytest.importorskip("yaml")  # installed with pre-commit


def _pre_commit() -> list[str]:
    pytest.importorskip("pre_commit")
    return [sys.executable, "-m", "pre_commit"]


def test_hook_manifest_validates() -> None:
    completed = subprocess.run(
        [*_pre_commit(), "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["entry"] == "keraslint check"
    assert hook["language"] == "python"
    assert hook["types_or"] == ["python", "jupyter"]
    assert hook["require_serial"] is True


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_try_repo_fails_on_a_buggy_file(tmp_path: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("needs the keraslint checkout to be a git repository")
    untracked = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard", "src"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    if untracked.strip():
        pytest.skip("pre-commit installs only tracked files; src/ has untracked ones")
    repo = tmp_path / "project"
    repo.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_CONFIG_GLOBAL": os.devnull}
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True, env=env)
    (repo / "train.py").write_text(
        "from tensorflow import keras\n"
        'model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])\n'
    )
    subprocess.run([*git, "add", "train.py"], cwd=repo, check=True, env=env)
    completed = subprocess.run(
        [*_pre_commit(), "try-repo", str(ROOT), "keraslint", "--all-files"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    output = completed.stdout + completed.stderr
    if completed.returncode != 1 and "Failed" not in output and ("pip" in output or "network" in output):
        pytest.skip(f"could not install the hook environment here: {output[-300:]}")
    assert completed.returncode == 1, output
    assert "train.py:2:60: KL101 [error]" in output


def test_action_runs_the_github_format_and_optional_sarif() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {"paths", "args", "sarif"}
    scripts = "\n".join(step["run"] for step in action["runs"]["steps"])
    assert '"$GITHUB_ACTION_PATH"' in scripts  # installs from the action's own checkout
    assert "--output-format github" in scripts
    assert "--output-format sarif --exit-zero" in scripts
    # Inputs reach the shell through the environment, never spliced into the script.
    assert "${{ inputs" not in scripts
