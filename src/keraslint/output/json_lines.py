"""JSON Lines: one JSON object per report per line, with the fields of the ``json`` format.

Suited to streaming consumers (``jq -c``, log shippers) that read a report at a time.
"""

from __future__ import annotations

from typing import TextIO

from keraslint.engine import RunResult
from keraslint.output import dumps
from keraslint.output.json import to_dict


def render(result: RunResult, stream: TextIO) -> None:
    """Write one compact JSON object per diagnostic, each on its own line."""
    for d in result.diagnostics:
        stream.write(dumps(to_dict(d)) + "\n")
