"""Abstract values the extractor binds to names while it walks a file.

The domain is deliberately flat: a value is either known exactly or :data:`UNKNOWN`. Where two
control-flow paths disagree, :func:`join` returns :data:`UNKNOWN` (tensor heads are joined field
by field, so two branches that agree on the unit count keep it). Mutable things, models and user
objects, live in a heap keyed by :data:`ObjId`; values only hold references to them, so a
``model.add(...)`` in one branch is joined like any other binding.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Optional, Union

import libcst as cst

from keraslint.facts.model import UNKNOWN_HEAD, Head, Labels, LossSpec

if TYPE_CHECKING:
    from keraslint.facts.extract import Frame

# Heap identity: the id of the creating node plus the chain of inlined call sites, so walking
# the same code twice (loop fixpoints) allocates the same object.
ObjId = tuple[int, ...]


class Value:
    """Base class of all abstract values."""

    __slots__ = ()


@dataclass(frozen=True)
class Unknown(Value):
    """Anything the extractor cannot know."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = Unknown()


@dataclass(frozen=True)
class Const(Value):
    """A literal int, float, str, bool or None (the node it was spelled at, when known)."""

    value: Union[int, float, str, bool, None]
    node: Optional[cst.CSTNode] = field(default=None, compare=False, hash=False)

    # `True == 1` in Python; two constants are the same only if their types match too.
    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Const) and type(other.value) is type(self.value) and other.value == self.value
        )

    def __hash__(self) -> int:
        return hash((type(self.value), self.value))


@dataclass(frozen=True)
class Seq(Value):
    """A list or tuple whose length is known (items may be unknown)."""

    items: tuple[Value, ...]


@dataclass(frozen=True)
class Mapping(Value):
    """A dict with known keys (keys are constants)."""

    items: tuple[tuple[Value, Value], ...]

    def get(self, key: Value) -> Value:
        """Return the value stored under ``key``, or UNKNOWN."""
        for k, v in self.items:
            if k == key:
                return v
        return UNKNOWN


@dataclass(frozen=True)
class ExtRef(Value):
    """An imported module, class or function, by canonical dotted path."""

    path: str


@dataclass(frozen=True)
class LayerVal(Value):
    """A Keras layer instance that has not been applied to a tensor yet."""

    kind: str  # the class name, e.g. "Dense"
    node: cst.CSTNode  # the constructor call
    units: Optional[int] = None
    activation: Optional[str] = None
    activation_node: Optional[cst.CSTNode] = None
    axis: Optional[int] = -1
    channels_last: bool = True
    name: Optional[str] = None
    inner: Optional[LayerVal] = None  # the wrapped layer of TimeDistributed / Bidirectional
    input_rank: Optional[int] = None  # from input_shape= / input_dim= on a first layer
    rank: Optional[int] = None  # rank of the output when it does not depend on the input
    function: Optional[Value] = field(default=None, compare=False, hash=False)  # of a Lambda layer
    encodes: Optional[str] = None  # "multihot" / "onehot": a lookup layer's `output_mode`


@dataclass(frozen=True)
class TensorVal(Value):
    """A symbolic or eager tensor, or an array, summarised by its last axis.

    ``prediction`` marks a model's predictions (``predict()`` or ``model(x)``); ``many`` says
    the array certainly holds more than one sample; ``classifier`` says the predictions come
    from a head that certainly outputs class scores.
    """

    head: Head = UNKNOWN_HEAD
    prediction: bool = False
    many: bool = False
    classifier: bool = False
    symbolic: bool = False  # certainly a graph tensor (from an Input or a layer applied to one)


@dataclass(frozen=True)
class LabelVal(Value):
    """Training targets with a known encoding (see :class:`~keraslint.facts.model.Labels`)."""

    labels: Labels
    many: bool = True


@dataclass(frozen=True)
class DataVal(Value):
    """A generator or ``tf.data`` dataset of ``(x, y)`` batches (``y`` may be UNKNOWN)."""

    x: Value
    y: Value
    single: bool = False  # elements are one tensor (``x``), not ``(x, y)`` pairs


@dataclass(frozen=True)
class MetricVal(Value):
    """A Keras metric object, with the decision threshold of thresholded metrics."""

    name: str
    threshold: Optional[float]
    node: cst.CSTNode = field(compare=False, hash=False)


@dataclass(frozen=True)
class Ref(Value):
    """A reference to a heap object: a model or an instance of a user class."""

    oid: ObjId


@dataclass(frozen=True)
class LossVal(Value):
    """A Keras loss object, loss function or tf.nn loss op, with its configuration."""

    spec: LossSpec


@dataclass(frozen=True)
class FunctionVal(Value):
    """A user function or lambda, with the frame it closes over."""

    node: Union[cst.FunctionDef, cst.Lambda]
    closure: Frame = field(compare=False, hash=False)
    bound_self: Optional[Value] = None  # for bound methods
    owner: Optional[ClassVal] = None  # the class that defines a method (for super())
    defaults: tuple[tuple[str, Value], ...] = ()  # parameter defaults, evaluated at `def`

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, FunctionVal) and other.node is self.node and other.bound_self == self.bound_self
        )

    def __hash__(self) -> int:
        return hash((id(self.node), self.bound_self))


@dataclass(frozen=True)
class ClassVal(Value):
    """A user class: its bases and the names its body binds."""

    node: cst.ClassDef
    bases: tuple[Value, ...]
    namespace: dict[str, Value] = field(compare=False, hash=False)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ClassVal) and other.node is self.node

    def __hash__(self) -> int:
        return id(self.node)

    def lookup(self, name: str, _depth: int = 0) -> Value:
        """Find ``name`` in this class or its user-defined bases (left to right)."""
        if name in self.namespace:
            return self.namespace[name]
        if _depth < 8:
            for base in self.bases:
                if isinstance(base, ClassVal):
                    found = base.lookup(name, _depth + 1)
                    if found is not UNKNOWN:
                        return found
        return UNKNOWN

    def owner_of(self, name: str, _depth: int = 0) -> ClassVal:
        """The class in this user-defined hierarchy that defines ``name`` (for ``super()``)."""
        if name not in self.namespace and _depth < 8:
            for base in self.bases:
                if isinstance(base, ClassVal) and base.lookup(name) is not UNKNOWN:
                    return base.owner_of(name, _depth + 1)
        return self

    def external_bases(self, _depth: int = 0) -> tuple[str, ...]:
        """Canonical paths of the imported classes this class derives from."""
        out: list[str] = []
        if _depth < 8:
            for base in self.bases:
                if isinstance(base, ExtRef):
                    out.append(base.path)
                elif isinstance(base, ClassVal):
                    out.extend(base.external_bases(_depth + 1))
        return tuple(out)


@dataclass(frozen=True)
class MethodVal(Value):
    """``receiver.name`` where the receiver has built-in methods (models, losses, tensors)."""

    receiver: Value
    name: str


@dataclass(frozen=True)
class SuperVal(Value):
    """``super()`` inside a method: the instance and the class whose bases to search."""

    instance: Value
    cls: Optional[ClassVal]


@dataclass(frozen=True)
class ObjState:
    """The mutable part of a heap object, replaced (never mutated) on every change."""

    kind: str  # "sequential", "functional", "subclass", "application", "hf_pretrained", "instance"
    node: cst.CSTNode  # where it was created
    outputs: Optional[tuple[Head, ...]] = None  # model outputs, None when unknown
    output_names: Optional[tuple[Optional[str], ...]] = None
    cls: Optional[ClassVal] = None
    attrs: tuple[tuple[str, Value], ...] = ()
    compiled: Optional[tuple[tuple[Head, Optional[LossSpec]], ...]] = None  # per output
    ext: Optional[str] = None  # path of a modelled library class (Tokenizer, encoders ...)
    # `Model(inputs, outputs=[head])`: Keras 3 predicts a one-element list, tf.keras an array
    one_output_list: bool = False
    # attributes set by `setattr` or through `__dict__`: a class attribute may be shadowed
    dynamic: bool = False

    @property
    def is_model(self) -> bool:
        """True for Keras models of any style."""
        return self.kind not in ("instance", "external")

    def attr(self, name: str) -> Optional[Value]:
        """The instance attribute ``name``, or None when it was never set."""
        for key, value in self.attrs:
            if key == name:
                return value
        return None

    def with_attr(self, name: str, value: Value) -> ObjState:
        """A copy with ``name`` set to ``value``."""
        attrs = (*((k, v) for k, v in self.attrs if k != name), (name, value))
        return replace(self, attrs=attrs)


def join_heads(a: Head, b: Head) -> Head:
    """Field-wise join: keep what both heads agree on."""
    if a == b:
        return a
    units = a.units if a.units == b.units else None
    activation = a.activation if a.activation == b.activation else None
    return Head(
        units=units,
        activation=activation,
        units_node=a.units_node if units is not None and a.units_node is b.units_node else None,
        activation_node=(
            a.activation_node if activation is not None and a.activation_node is b.activation_node else None
        ),
        name=a.name if a.name == b.name else None,
        rank=a.rank if a.rank == b.rank else None,
    )


def join(a: Value, b: Value) -> Value:
    """The value both paths agree on, or UNKNOWN."""
    if a is b or a == b:
        return a
    if isinstance(a, TensorVal) and isinstance(b, TensorVal):
        return TensorVal(join_heads(a.head, b.head))
    if isinstance(a, Seq) and isinstance(b, Seq) and len(a.items) == len(b.items):
        return Seq(tuple(join(x, y) for x, y in zip(a.items, b.items)))
    if isinstance(a, DataVal) and isinstance(b, DataVal):
        return DataVal(join(a.x, b.x), join(a.y, b.y), a.single) if a.single == b.single else UNKNOWN
    if isinstance(a, LabelVal) and isinstance(b, LabelVal):
        return _join_labels(a, b)
    return UNKNOWN


def _join_labels(a: LabelVal, b: LabelVal) -> Value:
    """Both branches encode the labels the same way (from two different calls): keep the
    encoding, forget what differs. The report then sits at the loss, not at either source."""
    x, y = a.labels, b.labels
    if x.encoding != y.encoding or x.first_id != y.first_id:
        return UNKNOWN
    same_source = x.node is y.node
    return LabelVal(
        Labels(
            encoding=x.encoding,
            node=x.node,
            source=x.source if x.source == y.source else "both branches",
            classes=x.classes if x.classes == y.classes else None,
            classes_node=x.classes_node if x.classes_node is y.classes_node else None,
            first_id=x.first_id,
            columns=x.columns if x.columns == y.columns else None,
            at_source=x.at_source and same_source,
            mode_param=x.mode_param if same_source else None,
        ),
        many=a.many and b.many,
    )


def join_states(a: ObjState, b: ObjState) -> ObjState:
    """Join two versions of the same heap object."""
    if a == b:
        return a
    outputs: Optional[tuple[Head, ...]] = None
    if a.outputs is not None and b.outputs is not None and len(a.outputs) == len(b.outputs):
        outputs = tuple(join_heads(x, y) for x, y in zip(a.outputs, b.outputs))
    names = a.output_names if a.output_names == b.output_names else None
    keys = [k for k, _ in a.attrs if b.attr(k) is not None]
    attrs = tuple((k, join(a.attr(k) or UNKNOWN, b.attr(k) or UNKNOWN)) for k in keys)
    compiled = a.compiled if a.compiled == b.compiled else None
    return replace(
        a,
        outputs=outputs,
        output_names=names,
        attrs=attrs,
        compiled=compiled,
        one_output_list=a.one_output_list or b.one_output_list,
        dynamic=a.dynamic or b.dynamic,
    )


def const_value(value: Value) -> Any:
    """The Python value of a constant, or raise LookupError."""
    if isinstance(value, Const):
        return value.value
    raise LookupError


def int_value(value: Value) -> Optional[int]:
    """The value as an int (bools excluded), or None."""
    if isinstance(value, Const) and type(value.value) is int:
        return value.value
    return None


def str_value(value: Value) -> Optional[str]:
    """The value as a str, or None."""
    if isinstance(value, Const) and isinstance(value.value, str):
        return value.value
    return None
