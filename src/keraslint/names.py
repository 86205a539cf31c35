"""Canonical dotted names for imported objects.

Keras is importable under many spellings: ``keras``, ``tensorflow.keras``, ``tf_keras``,
``tensorflow.python.keras``, ``keras.src`` internals, ``tensorflow.compat.v1.keras`` and so on.
The extractor binds every imported name to its dotted path; :func:`canonical` folds all Keras
spellings into one ``keras.*`` namespace so that rules and the API tables see a single name,
and :func:`keras_symbol` splits a canonical Keras path into its category and symbol name.
"""

from __future__ import annotations

from typing import NamedTuple, Optional

# Prefixes (as tuples of path components) under which the Keras API lives.
_KERAS_ROOTS: tuple[tuple[str, ...], ...] = (
    ("tensorflow", "python", "keras"),
    ("tensorflow", "compat", "v1", "keras"),
    ("tensorflow", "compat", "v2", "keras"),
    ("tensorflow", "contrib", "keras"),
    ("tensorflow", "keras"),
    ("tf_keras",),
    ("keras",),
)

# Internal packages that sit between ``keras`` and the public module names.
_KERAS_INTERNAL: frozenset[str] = frozenset({"src", "api", "_v1", "_v2", "_tf_keras", "python"})

# First path component after ``keras`` that names the public sub-package.
KERAS_CATEGORIES: frozenset[str] = frozenset(
    {
        "activations",
        "applications",
        "backend",
        "callbacks",
        "datasets",
        "engine",
        "layers",
        "losses",
        "metrics",
        "models",
        "ops",
        "optimizers",
        "preprocessing",
        "utils",
        "wrappers",
    }
)


def canonical(path: str) -> str:
    """Return the canonical spelling of a dotted import path.

    Every Keras spelling becomes ``keras.<rest>`` with internal packages (``src``, ``api``,
    ``_v2.keras`` ...) removed; other paths are returned unchanged.

    >>> canonical("tensorflow.keras.layers.Dense")
    'keras.layers.Dense'
    >>> canonical("keras.src.layers.core.dense.Dense")
    'keras.layers.core.dense.Dense'
    """
    parts = tuple(path.split("."))
    for root in _KERAS_ROOTS:
        if parts[: len(root)] == root:
            rest = list(parts[len(root) :])
            # keras.api._v2.keras.layers / keras._tf_keras.keras.layers / keras.src.layers
            while rest and (rest[0] in _KERAS_INTERNAL or rest[0] == "keras"):
                rest.pop(0)
            return ".".join(["keras", *rest])
    if parts[:3] in (("tensorflow", "compat", "v1"), ("tensorflow", "compat", "v2")):
        return ".".join(("tensorflow", *parts[3:]))
    return path


class KerasSymbol(NamedTuple):
    """A canonical Keras path split into the public sub-package and the symbol name."""

    category: Optional[str]  # "layers", "losses", ...; None for top-level names (keras.Model)
    name: str
    module: bool  # True when the path names a module rather than an object in it


def keras_symbol(path: str) -> Optional[KerasSymbol]:
    """Classify a canonical path inside the Keras namespace, or return None outside it.

    ``keras.layers.core.Dense`` -> ``("layers", "Dense")``; ``keras.Model`` -> ``(None, "Model")``.
    Legacy module paths (``keras.utils.np_utils.to_categorical``) keep their category.
    """
    parts = path.split(".")
    if parts[0] != "keras":
        return None
    rest = parts[1:]
    if not rest:
        return KerasSymbol(None, "keras", True)
    if rest[0] in KERAS_CATEGORIES:
        if len(rest) == 1:
            return KerasSymbol(rest[0], rest[0], True)
        return KerasSymbol(rest[0], rest[-1], False)
    if len(rest) == 1:
        return KerasSymbol(None, rest[0], False)
    return KerasSymbol(None, rest[-1], False)
