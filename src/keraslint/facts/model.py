"""Facts: what the extractor learned about one file, as plain frozen dataclasses.

Rules read only these types. Every fact keeps the CST nodes it came from so a report can point at
exact code; ``None`` in any field means "unknown", and a rule must stay silent on unknowns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    import libcst as cst


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
    rank: Optional[int] = None  # number of axes including the batch axis, when known

    @property
    def is_linear(self) -> bool:
        """True when the head certainly outputs raw scores (no activation)."""
        return self.activation == "linear"

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
    model: Optional[tuple[int, ...]] = field(default=None, repr=False)  # compiled model (heap id)


@dataclass(frozen=True)
class Labels:
    """Training targets whose encoding is known, and where that encoding was decided."""

    encoding: str  # "onehot", "int" (class ids), "binary" (one 0/1 column), "multihot"
    node: cst.CSTNode = field(repr=False)  # the call or argument that decides the encoding
    source: str  # how messages name it: "`to_categorical`", '`class_mode="binary"`'
    classes: Optional[int] = None  # number of classes, when statically known
    classes_node: Optional[cst.CSTNode] = field(default=None, repr=False)  # where it is spelled
    first_id: int = 0  # smallest class id (1 for ids from a Tokenizer)
    columns: Optional[int] = None  # columns per sample of an integer array (1 for (N,), (N, 1))
    at_source: bool = False  # a loader mode: the fix is at the source, so report there
    mode_param: Optional[str] = None  # the loader parameter that sets the encoding
    rows: bool = False  # rows spelled out in the code: they are per-sample labels only for a 2-D head

    @property
    def is_integer(self) -> bool:
        """Class ids in a single column (integers, or a binary 0/1 column)."""
        return self.encoding in ("int", "binary") and self.columns in (None, 1)


@dataclass(frozen=True)
class FitUse:
    """Labels reaching one output of a compiled model through fit() (or validation data)."""

    head: Head
    loss: Optional[LossSpec]  # None when compiled with something unknown or custom
    labels: Labels
    site: cst.CSTNode = field(repr=False)  # the fit() call


@dataclass(frozen=True)
class ArgmaxUse:
    """An argmax over a model's predictions."""

    head: Head  # the predictions' head
    axis: Optional[int]  # the axis argument (None when not given)
    axis_given: bool
    library: str  # "numpy", "tensorflow" or "keras": their default axes differ
    node: cst.CSTNode = field(repr=False)  # the argmax call
    many: bool = False  # the predictions certainly cover more than one sample
    classifier: bool = False  # the head certainly outputs class scores (not a regression)


@dataclass(frozen=True)
class PredictClassesUse:
    """A call of the removed ``Sequential.predict_classes``."""

    head: Head
    node: cst.CSTNode = field(repr=False)  # the call
    method: str = "predict_classes"  # or "predict_proba"


@dataclass(frozen=True)
class MetricUse:
    """A metric applied to a head: in compile(metrics=...) or called on a prediction."""

    name: str  # canonical: "accuracy", "binary_accuracy", ...
    threshold: Optional[float]  # the decision threshold, when it is a thresholded metric
    head: Head
    node: cst.CSTNode = field(repr=False)  # where the metric is spelled or called
    model: Optional[tuple[int, ...]] = field(default=None, repr=False)  # compiled model (heap id)


@dataclass(frozen=True)
class FileFacts:
    """Everything the extractor recorded for one file, in source order of discovery."""

    activations: tuple[ActivationUse, ...] = ()
    loss_uses: tuple[LossUse, ...] = ()
    fits: tuple[FitUse, ...] = ()
    argmaxes: tuple[ArgmaxUse, ...] = ()
    predict_classes: tuple[PredictClassesUse, ...] = ()
    metrics: tuple[MetricUse, ...] = ()
    notes: tuple[str, ...] = field(default=())  # analysis limits hit (budget, depth); for --debug

    def logits_losses_on(self, head: Head) -> bool:
        """Whether some loss with `from_logits=True` is applied to this very head."""
        return any(u.loss.from_logits is True and _same_head(u.head, head) for u in self.loss_uses)


def _same_head(a: Head, b: Head) -> bool:
    return a.units_node is not None and a.units_node is b.units_node and a.activation == b.activation
