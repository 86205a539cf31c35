"""Ordinary Python must never crash the extractor: a sample of the standard library is run
through the whole pipeline (without the no-Keras shortcut) and must give no internal error."""

from __future__ import annotations

import sysconfig
from pathlib import Path

import pytest

from keraslint.config import Settings
from keraslint.engine import check_source, may_use_keras
from keraslint.source import SourceFile, decode

STDLIB = Path(sysconfig.get_paths()["stdlib"])


def _sample(count: int = 80) -> list[Path]:
    files = sorted(
        p for p in STDLIB.rglob("*.py")
        if "site-packages" not in p.parts and p.stat().st_size < 150_000
    )
    step = max(1, len(files) // count)
    return files[::step][:count]


@pytest.mark.parametrize("path", _sample(), ids=lambda p: str(p.relative_to(STDLIB)))
def test_stdlib_file_gives_no_internal_error(path: Path) -> None:
    try:
        text = decode(path.read_bytes())
    except (UnicodeDecodeError, SyntaxError, LookupError):
        pytest.skip("not decodable (reported as KL002)")
    result = check_source(SourceFile(str(path), text), Settings())
    assert not [d for d in result.diagnostics if d.code == "KL003"], result.tracebacks


def test_files_without_keras_are_not_parsed() -> None:
    assert not may_use_keras(b"import os\nprint 'python 2'\n")
    assert may_use_keras(b"from tensorflow import keras\n")
    assert may_use_keras(b"import tf_keras as keras\n")
