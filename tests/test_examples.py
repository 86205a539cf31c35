"""The bundled examples: each buggy script reports its mistakes, each fixed twin reports none."""

from __future__ import annotations

from pathlib import Path

import pytest

from keraslint.config import Settings
from keraslint.engine import check_file

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BUGGY = sorted(EXAMPLES.glob("*.py"))

EXPECTED = {
    "cifar_custom_loop.py": {("KL105", 18)},
    "fake_news_predictions.py": {("KL301", 26), ("KL303", 27), ("KL302", 31)},
    "flowers_directory_loader.py": {("KL203", 22), ("KL202", 29)},
    "news_topics_functional.py": {("KL103", 24), ("KL104", 18)},
    "reviews_logits_metric.py": {("KL401", 17)},
    "sentiment_sequential.py": {("KL101", 17)},
    "topic_labels.py": {("KL205", 18), ("KL201", 24), ("KL204", 29)},
    "transfer_learning_heads.py": {("KL106", 11), ("KL102", 16), ("KL107", 21)},
}


def reports(path: Path) -> set[tuple[str, int]]:
    result = check_file(path, path.name, Settings())
    return {(d.code, d.location.row) for d in result.diagnostics}


def test_every_example_is_listed() -> None:
    assert {p.name for p in BUGGY} == set(EXPECTED)


@pytest.mark.parametrize("path", BUGGY, ids=lambda p: p.name)
def test_buggy_example(path: Path) -> None:
    assert reports(path) == EXPECTED[path.name]


@pytest.mark.parametrize("path", BUGGY, ids=lambda p: p.name)
def test_fixed_twin_is_clean(path: Path) -> None:
    twin = EXAMPLES / "fixed" / path.name
    assert twin.exists()
    assert reports(twin) == set()
