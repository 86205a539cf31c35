"""The result cache: one small JSON file per checked file.

An entry is keyed by the keraslint version, the settings that change results (enabled rules,
per-file ignores, severity overrides) and the file's path and content hash, so a warm run over
unchanged files only reads and hashes them. Entries are written to a temporary file and renamed
into place, so concurrent runs never read half-written ones; an entry that cannot be read is
ignored and rewritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any, Optional

from keraslint import __version__
from keraslint.diagnostics import Diagnostic

CACHE_DIR_NAME = ".keraslint_cache"
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by keraslint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


def default_directory(root: Path) -> Path:
    """Where the cache lives when no `cache-dir` is configured."""
    return root / CACHE_DIR_NAME


class Cache:
    """Cached results of one keraslint version under one settings fingerprint."""

    def __init__(self, directory: Path, settings_key: str) -> None:
        self.root = directory
        self.directory = directory / f"v{__version__}" / settings_key[:16]
        self.settings_key = settings_key
        self._prepared = False

    def key(self, display: str, data: bytes) -> str:
        """The entry name for one file's path and bytes."""
        digest = hashlib.sha256()
        for part in (self.settings_key.encode(), display.encode("utf-8", "surrogateescape"), data):
            digest.update(len(part).to_bytes(8, "little"))
            digest.update(part)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def get(self, key: str) -> Optional[list[Diagnostic]]:
        """The cached reports of a file, or None (missing, foreign or corrupt entry)."""
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("key") != key:
                return None
            return [Diagnostic.from_dict(item) for item in data["diagnostics"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, diagnostics: list[Diagnostic]) -> None:
        """Store a file's reports (atomically; failures to write are ignored)."""
        path = self._path(key)
        payload = json.dumps({"key": key, "diagnostics": [d.to_dict() for d in diagnostics]}).encode()
        # Unique per process and entry, so concurrent writers never share a temporary file.
        temporary = path.with_name(f".{key}.{os.getpid()}.tmp")
        try:
            self._prepare()
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            try:
                os.write(handle, payload)
            finally:
                os.close(handle)
            os.replace(temporary, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)  # a read-only or full disk only costs speed

    def _prepare(self) -> None:
        if self._prepared:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", "# Created by keraslint\n*\n"), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
            marker = self.root / name
            if not marker.exists():
                marker.write_text(text, encoding="utf-8")
        self._prepared = True


def settings_key(fields: Any) -> str:
    """A fingerprint of the settings that change results."""
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()


def clean(directory: Path) -> bool:
    """Remove a cache directory; True when there was one."""
    if not (directory / "CACHEDIR.TAG").exists():
        return False  # never delete a folder keraslint did not create
    shutil.rmtree(directory, ignore_errors=True)
    return True
