"""The README's rule table and set-up commands stay true."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def _gen_docs():
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rules_table_is_in_sync() -> None:
    assert _gen_docs().updated_readme(README) == README, "run: python scripts/gen_docs.py"


def test_setup_commands_are_present() -> None:
    assert re.search(r"<!-- readme:try -->\n```bash\n.*keraslint check examples/", README)
    assert re.search(r"<!-- readme:test -->\n```bash\n.*pytest", README)
