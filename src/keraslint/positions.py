"""Locating reported nodes in the source.

Positions are computed only for the nodes that are reported: a partial code generation with
position tracking runs from the top of the module and stops as soon as every requested node has
been seen, instead of libcst's whole-tree metadata (several times the cost of the parse).
"""

from __future__ import annotations

from collections.abc import Iterable

import libcst as cst
from libcst._position import CodeRange
from libcst.metadata.position_provider import PositionProvidingCodegenState


class _Done(Exception):
    """Raised inside code generation once every requested node has a position."""


class _Positions:
    """Stands in for libcst's position provider: it only needs a `_computed` dict."""

    __slots__ = ("_computed",)

    def __init__(self) -> None:
        self._computed: dict[cst.CSTNode, CodeRange] = {}


class _LocatingState(PositionProvidingCodegenState):
    """Code generation that tracks positions and stops when all targets are found."""

    __slots__ = ("_remaining", "finished")
    _remaining: set[int]
    finished: bool

    def after_codegen(self, node: cst.CSTNode) -> None:
        super().after_codegen(node)
        remaining: set[int] = self._remaining
        if id(node) in remaining:
            remaining.discard(id(node))
            if not remaining:
                self.finished = True
                raise _Done


def locate(module: cst.Module, nodes: Iterable[cst.CSTNode]) -> dict[int, CodeRange]:
    """Source ranges (1-based lines, 0-based columns) of ``nodes``, keyed by ``id(node)``."""
    wanted = {id(n): n for n in nodes}
    if not wanted:
        return {}
    provider = _Positions()
    state = _LocatingState(
        default_indent=module.default_indent,
        default_newline=module.default_newline,
        provider=provider,  # type: ignore[arg-type]
    )
    state._remaining = set(wanted)
    state.finished = False
    try:
        module._codegen(state)
    except _Done:
        pass
    except KeyError:
        # Stopping mid-generation can leave an enclosing node's recorder without its end;
        # that only happens after every requested node was found.
        if not state.finished:
            raise
    computed = provider._computed
    return {key: computed[node] for key, node in wanted.items() if node in computed}
