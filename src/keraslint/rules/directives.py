"""KL9xx: keraslint's own directives. The engine reports these itself."""

from __future__ import annotations

import inspect

from keraslint.diagnostics import Severity
from keraslint.rules.registry import Rule, register

UNUSED_SUPPRESSION = register(
    Rule(
        code="KL900",
        name="unused-suppression",
        summary="a suppression comment that silences nothing",
        severity=Severity.WARNING,
        default_enabled=False,
        docs=inspect.cleandoc(
            """
            ## What it does
            Reports `# noqa: KLnnn` and `# keraslint: ignore[...]` comments that no longer
            silence any report, so stale suppressions can be removed. Off by default: enable it
            with `--extend-select KL900`. A bare `# noqa`, and `# noqa` comments that only name other
            tools' codes, are left alone.

            ## Why is this bad?
            A suppression that outlived its report hides the next real mistake on that line.

            ## Example
            ```python
            model.add(Dense(1, activation="sigmoid"))  # noqa: KL101
            ```

            ## Use instead
            ```python
            model.add(Dense(1, activation="sigmoid"))
            ```
            """
        ),
    )
)
