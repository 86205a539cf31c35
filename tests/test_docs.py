"""Generated documentation (README and docs/index.md rule tables, docs/rules/*.md pages) stays
in sync with the registry, and the README's set-up commands stay present."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from keraslint.rules.registry import all_rules

ROOT = Path(__file__).resolve().parent.parent


def _gen_docs():
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_docs_are_up_to_date() -> None:
    stale = [
        str(path.relative_to(ROOT))
        for path, content in _gen_docs().generated().items()
        if not path.exists() or path.read_text() != content
    ]
    assert not stale, f"run: python scripts/gen_docs.py ({stale})"


def test_every_rule_has_a_page_with_its_sections() -> None:
    for rule in all_rules():
        page = (ROOT / "docs" / "rules" / f"{rule.code}.md").read_text()
        assert page.startswith(f"# {rule.code}: {rule.name}")
        for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
            assert section in page
        if rule.check is not None:
            assert "## Why Keras does not catch it" in page
            assert "example.py:" in page and rule.code in page.split("## What keraslint reports")[1]


def test_setup_commands_are_present() -> None:
    readme = (ROOT / "README.md").read_text()
    assert re.search(r"<!-- readme:try -->\n```bash\n.*keraslint check examples/", readme)
    assert re.search(r"<!-- readme:test -->\n```bash\n.*pytest", readme)
