"""Finding the files to check under the paths given on the command line."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

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

PYTHON_SUFFIXES = (".py", ".pyi", ".ipynb")


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


def _is_virtualenv(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "pyvenv.cfg"))


def _walk(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(
            d for d in dirs if d not in EXCLUDED_DIRS and not _is_virtualenv(os.path.join(folder, d))
        )
        for name in sorted(files):
            if name.endswith(PYTHON_SUFFIXES):
                yield Path(folder, name)


def discover(paths: Sequence[str]) -> list[tuple[Path, str]]:
    """Every file to check, as (path, display name), in a stable order without duplicates.

    Folders are searched for Python files and notebooks; a file named explicitly is always
    checked.
    Raises PathNotFound for a path that does not exist (a broken symlink does exist: it is
    reported as unreadable).
    """
    found: list[tuple[Path, str]] = []
    seen: set[str] = set()
    for given in paths:
        path = Path(given)
        if not os.path.lexists(path):
            raise PathNotFound(given)
        candidates = _walk(path) if path.is_dir() else iter([path])
        for candidate in candidates:
            key = os.path.normcase(os.path.abspath(candidate))
            if key not in seen:
                seen.add(key)
                found.append((candidate, display_name(candidate)))
    return found
