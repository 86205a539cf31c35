"""Locating reported nodes in the source.

Positions are computed only for the nodes that are reported: a code generation that tracks the
current line and column runs from the top of the module, records a range only for the requested
nodes, and stops as soon as every one of them has been seen. libcst's whole-tree position
metadata records every node and costs several times the parse; this costs about as much as
printing the code up to the last reported node.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from typing import Any, Optional

import libcst as cst
from libcst._nodes.internal import CodegenState
from libcst._position import CodePosition, CodeRange

# What libcst counts as a line break when it tracks positions.
_NEWLINE = re.compile(r"\r\n?|\n")
_NOTHING = contextlib.nullcontext()


class _Done(Exception):
    """Raised inside code generation once every requested node has a position."""


class _LocatingState(CodegenState):
    """Code generation that tracks the position, and records ranges only for wanted nodes."""

    __slots__ = ("_aux", "_remaining", "_starts", "column", "computed", "line")

    _remaining: set[int]
    _aux: set[int]  # children whose range a wanted node's range is hoisted from
    _starts: dict[int, CodePosition]
    computed: dict[int, CodeRange]
    line: int
    column: int

    def setup(self, wanted: Iterable[int]) -> None:
        self._remaining = set(wanted)
        self._aux = set()
        self._starts = {}
        self.computed = {}
        self.line = 1
        self.column = 0

    def _move(self, value: str) -> None:
        if "\n" in value or "\r" in value:
            segments = _NEWLINE.split(value)
            self.line += len(segments) - 1
            self.column = len(segments[-1])
        else:
            self.column += len(value)

    def add_indent_tokens(self) -> None:
        self.tokens.extend(self.indent_tokens)
        for token in self.indent_tokens:
            self._move(token)

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        self._move(value)

    def _wanted(self, key: int) -> bool:
        return key in self._remaining or key in self._aux

    def before_codegen(self, node: cst.CSTNode) -> None:
        key = id(node)
        if self._wanted(key):
            self._starts[key] = CodePosition(self.line, self.column)

    def after_codegen(self, node: cst.CSTNode) -> None:
        key = id(node)
        if not self._wanted(key):
            return
        if key not in self.computed:  # a syntactic range, when recorded, wins
            self.computed[key] = CodeRange(self._starts[key], CodePosition(self.line, self.column))
        if key in self._remaining:
            self._remaining.discard(key)
            if not self._remaining:
                raise _Done

    def record_syntactic_position(
        self,
        node: cst.CSTNode,
        *,
        start_node: Optional[cst.CSTNode] = None,
        end_node: Optional[cst.CSTNode] = None,
    ) -> Any:
        if not self._wanted(id(node)):
            return _NOTHING
        return self._syntactic(node, start_node, end_node)

    @contextlib.contextmanager
    def _syntactic(
        self, node: cst.CSTNode, start_node: Optional[cst.CSTNode], end_node: Optional[cst.CSTNode]
    ) -> Iterator[None]:
        for child in (start_node, end_node):
            if child is not None:
                self._aux.add(id(child))
        start = CodePosition(self.line, self.column)
        yield
        end = CodePosition(self.line, self.column)
        if start_node is not None:
            start = self.computed[id(start_node)].start
        if end_node is not None:
            end = self.computed[id(end_node)].end
        self.computed[id(node)] = CodeRange(start, end)


def locate(module: cst.Module, nodes: Iterable[cst.CSTNode]) -> dict[int, CodeRange]:
    """Source ranges (1-based lines, 0-based columns) of ``nodes``, keyed by ``id(node)``."""
    wanted = {id(n) for n in nodes}
    if not wanted:
        return {}
    state = _LocatingState(default_indent=module.default_indent, default_newline=module.default_newline)
    state.setup(wanted)
    with contextlib.suppress(_Done):
        module._codegen(state)
    return {key: state.computed[key] for key in wanted if key in state.computed}
