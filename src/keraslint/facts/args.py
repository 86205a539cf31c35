"""Evaluated call arguments, and reading them the way Python binds parameters."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from keraslint.facts.values import UNKNOWN, Value


class CallArgs:
    """The evaluated arguments of one call.

    ``*args`` makes every position from its own onward unknown; ``**kwargs`` makes every
    parameter not passed explicitly unknown (it may be inside the mapping).
    """

    __slots__ = ("dstar", "frame", "keywords", "kw_nodes", "pos_nodes", "positional", "star")

    def __init__(self, frame: Optional[object] = None) -> None:
        self.frame = frame  # the Frame the arguments were evaluated in (None when synthetic)
        self.positional: list[Value] = []
        self.pos_nodes: list[cst.BaseExpression] = []
        self.keywords: dict[str, Value] = {}
        self.kw_nodes: dict[str, cst.BaseExpression] = {}
        self.star = False
        self.dstar = False

    @classmethod
    def of(cls, *values: Value) -> CallArgs:
        """Arguments made by the extractor itself (no source nodes)."""
        args = cls()
        args.positional.extend(values)
        return args

    def get(self, index: Optional[int], *names: str, default: Optional[Value] = None) -> Optional[Value]:
        """The value bound to a parameter, ``default`` when it was not passed, or UNKNOWN.

        ``index`` is the parameter's position (None for keyword-only), ``names`` its keyword
        names (aliases across Keras versions). Returns None when absent without a default.
        """
        for name in names:
            if name in self.keywords:
                return self.keywords[name]
        if index is not None:
            if index < len(self.positional):
                return self.positional[index]
            if self.star:
                return UNKNOWN
        if self.dstar:
            return UNKNOWN
        return default

    def node(self, index: Optional[int], *names: str) -> Optional[cst.BaseExpression]:
        """The source expression passed for a parameter, if it was passed explicitly."""
        for name in names:
            if name in self.kw_nodes:
                return self.kw_nodes[name]
        if index is not None and index < len(self.pos_nodes):
            return self.pos_nodes[index]
        return None

    def given(self, index: Optional[int], *names: str) -> bool:
        """True when the parameter was passed explicitly."""
        return any(n in self.keywords for n in names) or (index is not None and index < len(self.positional))

    def values(self) -> list[Value]:
        """Every evaluated argument value."""
        return [*self.positional, *self.keywords.values()]

    def name_nodes(self) -> list[cst.Name]:
        """Arguments passed as a bare name (which a callee may mutate through)."""
        nodes = [*self.pos_nodes, *self.kw_nodes.values()]
        return [n for n in nodes if isinstance(n, cst.Name)]
