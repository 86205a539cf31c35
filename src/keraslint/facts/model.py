"""Facts: what the extractor learned about one file, as plain frozen dataclasses.

Rules read only these types. Every fact keeps the CST nodes it came from so a report can point at
exact code; ``None`` in any field means "unknown", and a rule must stay silent on unknowns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

# Activations whose outputs are probabilities in [0, 1].
PROBABILITY_ACTIVATIONS = frozenset({"softmax", "sigmoid", "hard_sigmoid"})


@dataclass(frozen=True)
class Head:
    """A tensor's last axis: how many units it has and which activation produced it.

    Used both for symbolic tensors while a model is built and for the outputs of a model.
    ``activation`` is a canonical name ("softmax", "sigmoid", "relu", "linear", ...).
    """

    units: Optional[int] = None
    activation: Optional[str] = None
    units_node: Optional[cst.CSTNode] = field(default=None, repr=False)  # the layer call
    activation_node: Optional[cst.CSTNode] = field(default=None, repr=False)  # where spelled
    name: Optional[str] = None  # the output layer's `name=`, for per-output losses

    @property
    def is_linear(self) -> bool:
        """True when the head certainly outputs raw scores (no activation)."""
        return self.activation == "linear"

    @property
    def is_probability(self) -> bool:
        """True when the head certainly outputs probabilities."""
        return self.activation in PROBABILITY_ACTIVATIONS

    @property
    def node(self) -> Optional[cst.CSTNode]:
        """The most specific node that defines this head."""
        return self.units_node or self.activation_node


UNKNOWN_HEAD = Head()


@dataclass(frozen=True)
class LossSpec:
    """A loss as configured: its cross-entropy family and `from_logits`.

    ``family`` is "bce", "cce" or "scce" for the cross-entropies (focal variants included) and
    "other" for a known loss that is not a cross-entropy (mse, hinge, ...).
    """

    family: str
    name: str  # how the user spelled it, for messages ("binary_crossentropy", "BinaryCrossentropy")
    from_logits: Optional[bool]
    node: cst.CSTNode = field(repr=False)  # where spelled: string, constructor or op call
    op: bool = False  # a `tf.nn.*_with_logits` op rather than a Keras loss

    @property
    def is_cross_entropy(self) -> bool:
        """True for binary, categorical and sparse categorical cross-entropy."""
        return self.family in ("bce", "cce", "scce")

    @property
    def is_categorical(self) -> bool:
        """True for categorical and sparse categorical cross-entropy."""
        return self.family in ("cce", "scce")


@dataclass(frozen=True)
class ActivationUse:
    """An activation applied to a tensor whose normalised axis size may be known."""

    activation: str
    axis_size: Optional[int]  # size of the axis the activation normalises over (softmax)
    node: cst.CSTNode = field(repr=False)  # where the activation is spelled
    units_node: Optional[cst.CSTNode] = field(default=None, repr=False)  # fixed the axis size


@dataclass(frozen=True)
class LossUse:
    """A loss applied to a head: at ``compile()`` or by calling the loss on a prediction."""

    loss: LossSpec
    head: Head
    site: cst.CSTNode = field(repr=False)  # the compile() call or the loss call


@dataclass(frozen=True)
class FileFacts:
    """Everything the extractor recorded for one file, in source order of discovery."""

    activations: tuple[ActivationUse, ...] = ()
    loss_uses: tuple[LossUse, ...] = ()
    notes: tuple[str, ...] = field(default=())  # analysis limits hit (budget, depth); for --debug
