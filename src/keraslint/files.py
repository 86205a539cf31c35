"""Finding the files to check under the paths given on the command line."""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Callable, Optional

#: Folder names never searched: VCS data, caches, virtualenvs, build output, vendored code.
EXCLUDED_DIRS = frozenset(
    {
        ".bzr",
        ".direnv",
        ".eggs",
        ".git",
        ".hg",
        ".ipynb_checkpoints",
        ".keraslint_cache",
        ".mypy_cache",
        ".nox",
        ".pytest_cache",
        ".ruff_cache",
        ".svn",
        ".tox",
        ".venv",
        "__pycache__",
        "__pypackages__",
        "_build",
        "build",
        "dist",
        "node_modules",
        "site-packages",
        "venv",
    }
)

#: What a folder search picks up: Python files and Jupyter notebooks.
SUFFIXES = (".py", ".pyi", ".ipynb")


class PathNotFound(Exception):
    """A path given on the command line does not exist."""


def display_name(path: Path) -> str:
    """The path relative to the working directory when it is inside it, else as is."""
    text = os.path.normpath(str(path))
    if os.path.isabs(text):
        try:
            relative = os.path.relpath(text)
        except ValueError:  # another drive on Windows
            return text
        if not relative.startswith(".."):
            return relative
    return text


def _regular_or_link(path: str) -> bool:
    """Regular files (and links, so a broken one is reported); FIFOs and devices are skipped
    without being opened, which could block."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return True  # it vanished or cannot be examined: let the check report it
    return stat.S_ISREG(mode) or stat.S_ISLNK(mode)


def _is_virtualenv(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "pyvenv.cfg"))


Excluded = Callable[[str], bool]


def _walk(root: Path, excluded: Excluded, default_excludes: bool = True) -> Iterator[Path]:
    skipped = EXCLUDED_DIRS if default_excludes else frozenset()
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in skipped
            and not _is_virtualenv(os.path.join(folder, d))
            and not excluded(os.path.join(folder, d))
        )
        for name in sorted(files):
            path = os.path.join(folder, name)
            if name.endswith(SUFFIXES) and not excluded(path) and _regular_or_link(path):
                yield Path(folder, name)


def git_ignored(paths: Sequence[Path], cwd: Path) -> set[Path]:
    """The paths git ignores (none when git or a repository is missing)."""
    if not paths:
        return set()
    absolute = {os.path.abspath(p): p for p in paths}
    try:
        completed = subprocess.run(
            # core.fsmonitor would run a command named in the repository's own .git/config
            ["git", "-c", "core.fsmonitor=false", "check-ignore", "--stdin", "-z"],
            input=b"\0".join(map(os.fsencode, absolute)),
            cwd=cwd,
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if completed.returncode not in (0, 1):  # 128: not a repository
        return set()
    ignored = map(os.fsdecode, completed.stdout.split(b"\0"))
    return {absolute[p] for p in ignored if p in absolute}


def discover(
    paths: Sequence[str],
    excluded: Optional[Excluded] = None,
    respect_gitignore: bool = False,
    default_excludes: bool = True,
    excluded_given: Optional[Excluded] = None,
) -> list[tuple[Path, str]]:
    """Every file to check, as (path, display name), in a stable order without duplicates.

    Folders are searched for Python files and notebooks, skipping excluded and (optionally)
    git-ignored ones (``default_excludes``: also the folders of :data:`EXCLUDED_DIRS`); a file
    named explicitly is checked unless ``excluded_given`` says otherwise (``force-exclude``).
    Raises PathNotFound for a path that does not exist (a broken symlink does exist: it is
    reported as unreadable).
    """
    is_excluded = excluded or (lambda _path: False)
    found: list[tuple[Path, str]] = []
    seen: set[str] = set()
    for given in paths:
        path = Path(given)
        if not os.path.lexists(path):
            raise PathNotFound(given)
        if excluded_given is not None and excluded_given(str(path)):
            continue
        if os.path.isdir(path):
            candidates = list(_walk(path, is_excluded, default_excludes))
            if respect_gitignore:
                ignored = git_ignored(candidates, path)
                candidates = [c for c in candidates if c not in ignored]
        else:
            candidates = [path]
        for candidate in candidates:
            key = os.path.normcase(os.path.abspath(candidate))
            if key not in seen:
                seen.add(key)
                found.append((candidate, display_name(candidate)))
    return found
