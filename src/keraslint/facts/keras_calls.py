"""What Keras and TensorFlow calls do to abstract values, and the facts they produce.

The extractor hands every call of an imported object here (``call_ext``), every call of a
layer instance (``apply_layer``), every method call on a model (``call_method``) and every loss
application. This module builds layers, tensor heads and models, and records
:class:`~keraslint.facts.model.ActivationUse` and :class:`~keraslint.facts.model.LossUse`.
"""

from __future__ import annotations

import builtins
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Optional

import libcst as cst

from keraslint.facts import data_calls
from keraslint.facts import keras_api as api
from keraslint.facts.args import CallArgs
from keraslint.facts.model import UNKNOWN_HEAD, ActivationUse, Head, Labels, LossSpec, LossUse
from keraslint.facts.python_ops import call_builtin
from keraslint.facts.values import (
    UNKNOWN,
    ClassVal,
    Const,
    DataVal,
    ExtRef,
    FunctionVal,
    LabelVal,
    LayerVal,
    LossVal,
    Mapping,
    MethodVal,
    MetricVal,
    ObjState,
    Ref,
    Seq,
    SuperVal,
    TensorVal,
    Value,
    int_value,
    str_value,
)
from keraslint.names import canonical, keras_symbol

if TYPE_CHECKING:
    from keraslint.facts.extract import Extractor, Frame

# Libraries that never add layers to a model passed to them (so the model does not "escape").
_NON_MUTATING_ROOTS = frozenset(
    {
        "keras",
        "tensorflow",
        "numpy",
        "pandas",
        "sklearn",
        "scipy",
        "matplotlib",
        "seaborn",
        "builtins",
        "os",
        "sys",
        "math",
        "random",
        "json",
        "pickle",
        "time",
        "datetime",
        "logging",
        "pathlib",
        "collections",
        "itertools",
        "functools",
        "typing",
        "argparse",
        "copy",
        "re",
        "glob",
        "shutil",
        "warnings",
        "wandb",
        "mlflow",
        "cv2",
        "PIL",
        "tqdm",
        "IPython",
    }
)

_TRANSPARENT_DECORATORS = frozenset(
    {
        "tensorflow.function",
        "functools.wraps",
        "functools.lru_cache",
        "functools.cache",
        "abc.abstractmethod",
        "typing.overload",
        "typing_extensions.overload",
        "tensorflow.autograph.experimental.do_not_convert",
    }
)

_PREDICT_METHODS = frozenset({"predict", "predict_on_batch", "predict_generator", "__call__", "call"})


# --------------------------------------------------------------------------- names


def star_lookup(modules: list[str], name: str) -> Optional[Value]:
    """Resolve a name that only a ``from X import *`` can have bound (last import wins)."""
    for module in reversed(modules):
        symbol = keras_symbol(module)
        if symbol is not None and (symbol.module or symbol.category is not None):
            # `keras.layers`, and legacy sub-modules such as `keras.utils.np_utils`
            if _keras_exports(symbol.category, name):
                return ExtRef(canonical(f"{module}.{name}"))
            continue
        if module in ("numpy", "tensorflow") or module.startswith("tensorflow."):
            continue  # names we care about are never star-imported from these
        return UNKNOWN  # an unknown module may define anything
    return None


def _keras_exports(category: Optional[str], name: str) -> bool:
    if hasattr(builtins, name):
        return False  # `Exception`, `ValueError`...: Keras modules do not re-export builtins
    if category == "layers":
        return name in api.LAYER_KINDS or name in api.INPUT_FACTORIES or name[:1].isupper()
    if category == "models":
        return name in api.SEQUENTIAL_NAMES or name in api.FUNCTIONAL_NAMES
    if category == "losses":
        return name in api.LOSS_CLASSES or name in api.LOSS_FUNCTIONS
    if category == "activations":
        return name in api.ACTIVATION_NAMES
    if category == "applications":
        return name[:1].isupper()
    if category in ("utils", "preprocessing"):
        return name in _STAR_UTILITIES
    return False


_STAR_UTILITIES = frozenset(
    {
        "to_categorical",
        "image_dataset_from_directory",
        "text_dataset_from_directory",
        "audio_dataset_from_directory",
        "ImageDataGenerator",
        "Tokenizer",
    }
)


def is_transparent_decorator(value: Value) -> bool:
    """True for decorators known to return the decorated function unchanged."""
    if not isinstance(value, ExtRef):
        return False
    if value.path in _TRANSPARENT_DECORATORS:
        return True
    symbol = keras_symbol(value.path)
    return symbol is not None and symbol.name == "register_keras_serializable"


#: Libraries whose objects make a user function worth walking (models, tensors, labels).
MODELLING_ROOTS = ("keras", "tensorflow", "numpy", "pandas", "sklearn", "tensorflow_datasets")


def is_modelling_path(path: str) -> bool:
    """An import from Keras, TensorFlow, NumPy, pandas or scikit-learn."""
    return path.split(".")[0] in MODELLING_ROOTS


def is_modelling_value(ex: Extractor, value: Value) -> bool:
    """A value from the modelling world: Keras objects, tensors, losses, or an import from a
    modelling library."""
    if isinstance(value, ExtRef):
        return is_modelling_path(value.path)
    if isinstance(value, Ref):
        state = ex.heap.get(value.oid)
        if state is None:
            return False
        return state.is_model or (
            state.cls is not None and any(map(is_modelling_path, state.cls.external_bases()))
        )
    return isinstance(value, (TensorVal, LayerVal, LossVal, LabelVal, DataVal, MetricVal))


# --------------------------------------------------------------------------- activations


def activation_from_value(value: Optional[Value]) -> Optional[str]:
    """The canonical activation a value names: a string, a function, a layer, or None."""
    if value is None:
        return None
    if isinstance(value, Const):
        if value.value is None:
            return "linear"
        if isinstance(value.value, str):
            return api.ACTIVATION_NAMES.get(value.value)
        return None
    if isinstance(value, ExtRef):
        symbol = keras_symbol(value.path)
        if symbol is None:
            return api.TF_ACTIVATION_FUNCTIONS.get(value.path)
        return api.activation_of_path(value.path, symbol.category, symbol.name)
    if isinstance(value, LayerVal):
        kind = api.LAYER_KINDS.get(value.kind)
        if kind is not None and kind.group == "fixed":
            return kind.fixed_activation
        if kind is not None and kind.group == "activation":
            return value.activation
    return None


def apply_activation_function(ex: Extractor, activation: str, args: CallArgs, node: cst.CSTNode) -> Value:
    """``tf.nn.softmax(x)``, ``keras.activations.sigmoid(x)``, ``K.relu(x)`` ..."""
    x = args.get(0, "x", "logits", "features", "inputs")
    head = x.head if isinstance(x, TensorVal) else UNKNOWN_HEAD
    if activation in ("softmax", "log_softmax"):
        axis_value = args.get(1, "axis", "dim", default=Const(-1))
        axis = -1 if axis_value == Const(None) else int_value(axis_value or UNKNOWN)
        if axis != -1:
            return TensorVal(Head(head.units, None, head.units_node))
    ex.record_activation(ActivationUse(activation, head.units, node, head.units_node))
    return TensorVal(Head(head.units, activation, head.units_node, node))


# --------------------------------------------------------------------------- layers


def make_layer(ex: Extractor, class_name: str, args: CallArgs, node: cst.CSTNode) -> Value:
    """A layer constructor call: ``Dense(10, activation="softmax")`` and friends."""
    kind = api.LAYER_KINDS.get(class_name)
    name = str_value(args.get(None, "name") or UNKNOWN)
    input_rank = _input_rank(args)
    if kind is None:
        fixed_rank = api.RANK_AFTER.get(class_name)
        if class_name == "Reshape":
            target = args.get(0, "target_shape")
            fixed_rank = len(target.items) + 1 if isinstance(target, Seq) else None
        keepdims = args.get(None, "keepdims", default=Const(False))
        if class_name.startswith("Global") and keepdims != Const(False):
            fixed_rank = None
        function = None
        if class_name == "Lambda" and not args.given(None, "arguments") and not args.dstar:
            function = args.get(0, "function")  # with `arguments=`, called with other values
        encodes = None
        if class_name in _ENCODING_LAYERS:
            mode = str_value(args.get(None, "output_mode", default=Const("int")) or UNKNOWN)
            encodes = {"multi_hot": "multihot", "one_hot": "onehot"}.get(mode or "")
        return LayerVal(
            class_name,
            node,
            name=name,
            input_rank=input_rank,
            rank=fixed_rank,
            function=function,
            encodes=encodes,
        )
    units: Optional[int] = None
    if kind.units_params:
        units = int_value(args.get(0, *kind.units_params) or UNKNOWN)
    # Keras 0: `Dense(input_dim, output_dim)`, two positional ints (since Keras 1 the second
    # positional parameter is `init`, then `activation`: never an int).
    keras0 = (
        kind.activation_index == 1
        and len(args.positional) >= 2
        and int_value(args.positional[1]) is not None
        and int_value(args.positional[0]) is not None
    )
    if keras0:
        units = int_value(args.positional[1])
    activation: Optional[str] = None
    activation_node: Optional[cst.CSTNode] = None
    axis: Optional[int] = -1
    channels_last = True
    inner: Optional[LayerVal] = None
    group = kind.group
    if group in ("dense", "conv", "rnn"):
        index = None if keras0 else kind.activation_index
        value = args.get(index, "activation", default=Const(kind.default_activation))
        activation = activation_from_value(value)
        activation_node = _spelled_at(value, args.node(index, "activation"))
        if group != "dense":
            channels_last = _channels_last(args)
    elif group == "activation":
        value = args.get(0, "activation")
        activation = activation_from_value(value)
        activation_node = _spelled_at(value, args.node(0, "activation")) or node
    elif group == "softmax":
        axis = int_value(args.get(0, "axis", default=Const(-1)) or UNKNOWN)
    elif group == "fixed":
        activation = kind.fixed_activation
        activation_node = node
    elif group in ("wrapper", "bidirectional"):
        wrapped = args.get(0, "layer")
        inner = wrapped if isinstance(wrapped, LayerVal) else None
    rank: Optional[int] = None
    if group == "conv":
        rank = api.conv_rank(class_name)
    elif group == "rnn" and kind.units_params[0] == "units":
        sequences = args.get(None, "return_sequences", default=Const(False))
        rank = 3 if sequences == Const(True) else 2 if sequences == Const(False) else None
    elif group == "bidirectional" and inner is not None:
        rank = inner.rank
    layer = LayerVal(
        class_name,
        node,
        units,
        activation,
        activation_node,
        axis,
        channels_last,
        name,
        inner,
        input_rank,
        rank,
    )
    if group in ("dense", "conv", "rnn") and activation not in (None, "linear"):
        ex.record_activation(
            ActivationUse(activation, units if channels_last else None, activation_node or node, node)
        )
    return layer


def _input_rank(args: CallArgs) -> Optional[int]:
    """The input rank a first layer declares with ``input_dim`` / ``input_shape``."""
    if args.given(None, "input_dim"):
        return 2
    shape = args.get(None, "input_shape")
    if isinstance(shape, Seq):
        return len(shape.items) + 1
    shape = args.get(None, "batch_input_shape")
    if isinstance(shape, Seq):
        return len(shape.items)
    if args.given(None, "input_length"):  # Keras 1/2 Embedding: (batch, input_length)
        return 2
    return None


def _spelled_at(value: Optional[Value], passed: Optional[cst.CSTNode]) -> Optional[cst.CSTNode]:
    """Where a constant argument is written: the literal itself (possibly at the call site
    of a helper that forwards it), else the argument expression."""
    if isinstance(value, Const) and value.node is not None:
        return value.node
    return passed


def _channels_last(args: CallArgs) -> bool:
    data_format = args.get(None, "data_format", default=Const(None))
    if data_format == Const(None) or data_format == Const("channels_last"):
        ordering = args.get(None, "dim_ordering", default=Const(None))  # Keras 1
        return ordering == Const(None) or ordering == Const("tf")
    return False


def layer_output(ex: Extractor, layer: LayerVal, inp: Head) -> Head:
    """The head of ``layer(tensor)`` given the input tensor's head."""
    kind = api.LAYER_KINDS.get(layer.kind)
    group = kind.group if kind is not None else "opaque"
    in_rank = inp.rank if inp.rank is not None else layer.input_rank
    if group in ("dense", "conv", "rnn"):
        return Head(
            units=layer.units if layer.channels_last else None,
            activation=layer.activation,
            units_node=layer.node,
            activation_node=layer.activation_node or layer.node,
            name=layer.name,
            rank=in_rank if group == "dense" else layer.rank,
        )
    if group == "activation":
        if layer.activation == "linear":
            return replace(inp, name=layer.name, rank=in_rank)
        if layer.activation is not None and layer.activation_node is not None:
            ex.record_activation(
                ActivationUse(layer.activation, inp.units, layer.activation_node, inp.units_node)
            )
        return Head(inp.units, layer.activation, inp.units_node, layer.activation_node, layer.name, in_rank)
    if group == "softmax":
        if layer.axis == -1:
            ex.record_activation(ActivationUse("softmax", inp.units, layer.node, inp.units_node))
            return Head(inp.units, "softmax", inp.units_node, layer.node, layer.name, in_rank)
        return Head(inp.units, None, inp.units_node, None, layer.name, in_rank)
    if group == "fixed":
        return Head(inp.units, layer.activation, inp.units_node, layer.node, layer.name, in_rank)
    if group == "transparent":
        return replace(inp, name=layer.name, rank=in_rank)
    if group == "normalise":
        return Head(inp.units, None, inp.units_node, None, layer.name, in_rank)
    if group == "wrapper" and layer.inner is not None:
        return replace(layer_output(ex, layer.inner, inp), name=layer.name, rank=in_rank)
    if isinstance(layer.function, FunctionVal):
        # `Lambda(lambda x: tf.nn.softmax(x))`: what the function does to the head
        result = ex.call(layer.function, CallArgs.of(TensorVal(inp, symbolic=True)), layer.node)
        if isinstance(result, TensorVal):
            return replace(result.head, name=layer.name)
    if layer.kind in api.RANK_KEEPING:
        return Head(name=layer.name, rank=in_rank)
    if layer.kind == "Embedding":
        return Head(name=layer.name, rank=in_rank + 1 if in_rank is not None else None)
    return Head(name=layer.name, rank=layer.rank)


_ENCODING_LAYERS = frozenset({"StringLookup", "IntegerLookup", "CategoryEncoding"})


def _ragged(node: Optional[cst.BaseExpression]) -> bool:
    """``tf.ragged.constant(...)``: a list of terms per sample."""
    return (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "constant"
        and isinstance(node.func.value, cst.Attribute)
        and node.func.value.attr.value == "ragged"
    )


def apply_layer(ex: Extractor, layer: LayerVal, args: CallArgs, node: cst.CSTNode) -> Value:
    """``Dense(10)(x)``: a layer instance called on a tensor."""
    inp = args.get(0, "inputs")
    # `StringLookup(output_mode="multi_hot")(terms)` outside a model: encoded targets. Multi-hot
    # only when each sample is a list of terms (a ragged tensor); of one label per sample it is
    # one-hot, and which one is not known.
    outside = layer.encodes is not None and not (isinstance(inp, TensorVal) and inp.symbolic)
    if outside and (layer.encodes == "onehot" or _ragged(args.node(0, "inputs"))):
        return LabelVal(Labels(layer.encodes or "", layer.node, f"`{layer.kind}`"))
    head = inp.head if isinstance(inp, TensorVal) else UNKNOWN_HEAD
    symbolic = isinstance(inp, TensorVal) and inp.symbolic
    return TensorVal(layer_output(ex, layer, head), symbolic=symbolic)


def apply_to_head(ex: Extractor, item: Value, head: Head, node: cst.CSTNode) -> Head:
    """One step of a Sequential model: a layer, a nested model or a custom layer."""
    if isinstance(item, LayerVal):
        return layer_output(ex, item, head)
    if isinstance(item, TensorVal) and item.symbolic:
        return item.head  # keras.Input(...) as the first entry: it fixes the rank
    if isinstance(item, Ref):
        result = call_object(ex, item, CallArgs.of(TensorVal(head, symbolic=True)), node)
        if isinstance(result, TensorVal):
            return result.head
    return UNKNOWN_HEAD


# --------------------------------------------------------------------------- models


def new_sequential(ex: Extractor, args: CallArgs, node: cst.CSTNode) -> Value:
    """``Sequential([...])`` or ``Sequential()`` (layers added later with ``.add``)."""
    layers = args.get(0, "layers")
    head = UNKNOWN_HEAD
    if isinstance(layers, Seq):
        for item in layers.items:
            head = apply_to_head(ex, item, head, node)
    oid = ex.new_oid(node)
    ex.store(oid, ObjState("sequential", node, outputs=(head,), output_names=(head.name,)))
    return Ref(oid)


def outputs_from_value(
    value: Optional[Value],
) -> tuple[Optional[tuple[Head, ...]], Optional[tuple[Optional[str], ...]]]:
    """Model outputs given as a tensor, a list of tensors or a dict of tensors."""
    if isinstance(value, TensorVal):
        return (value.head,), (value.head.name,)
    if isinstance(value, Seq) and value.items:
        heads = tuple(v.head if isinstance(v, TensorVal) else UNKNOWN_HEAD for v in value.items)
        return heads, tuple(h.name for h in heads)
    if isinstance(value, Mapping) and value.items:
        keys = [str_value(k) for k, _ in value.items]
        if all(k is not None for k in keys):
            heads = tuple(v.head if isinstance(v, TensorVal) else UNKNOWN_HEAD for _, v in value.items)
            return heads, tuple(keys)
    return None, None


def new_functional(ex: Extractor, args: CallArgs, node: cst.CSTNode) -> Value:
    """``Model(inputs, outputs)`` (also Keras 1's ``Model(input=..., output=...)``)."""
    given = args.get(1, "outputs", "output")
    heads, names = outputs_from_value(given)
    oid = ex.new_oid(node)
    listed = isinstance(given, Seq) and len(given.items) == 1
    ex.store(oid, ObjState("functional", node, outputs=heads, output_names=names, one_output_list=listed))
    return Ref(oid)


def new_application(ex: Extractor, args: CallArgs, node: cst.CSTNode) -> Value:
    """A ``keras.applications`` constructor: with its top, the head is ``classes`` softmax units."""
    oid = ex.new_oid(node)
    include_top = args.get(None, "include_top", default=Const(True))
    if args.positional and not args.given(None, "include_top"):
        include_top = UNKNOWN  # positional parameter order differs between applications
    heads: Optional[tuple[Head, ...]] = None
    if include_top == Const(True):
        classes = int_value(
            args.get(None, "classes", default=Const(api.APPLICATION_DEFAULT_CLASSES)) or UNKNOWN
        )
        activation = activation_from_value(
            args.get(None, "classifier_activation", default=Const(api.APPLICATION_DEFAULT_ACTIVATION))
        )
        classes_node = args.node(None, "classes") or node
        activation_node = args.node(None, "classifier_activation") or node
        heads = (Head(classes, activation, classes_node, activation_node),)
        if activation not in (None, "linear"):
            ex.record_activation(ActivationUse(activation, classes, classes_node, classes_node))
    elif include_top == Const(False):
        heads = (UNKNOWN_HEAD,)
    ex.store(oid, ObjState("application", node, outputs=heads, output_names=None))
    return Ref(oid)


_PRETRAINED_ROOTS = ("transformers.", "keras_nlp.", "keras_hub.")
_HF_LOGITS_MODELS = re.compile(r"TF\w*For(?:\w*Classification|MultipleChoice)")
# KerasHub's own text presets name their language (`bert_base_en_uncased`,
# `xlm_roberta_base_multi`): their classifier head is built with the default activation (None:
# logits). A local folder, a Kaggle handle or an image preset (`resnet_50_imagenet`, saved as a
# whole classifier) may carry its own activation.
_REGISTRY_PRESET = re.compile(r"^[a-z0-9_]+_(?:en|multi|zh)(?:_[a-z0-9_]+)?$")


def pretrained_classifier(ex: Extractor, path: str, args: CallArgs, node: cst.CSTNode) -> Value:
    """Pretrained classifiers that output logits: Hugging Face ``TF...ForSequenceClassification
    .from_pretrained(...)``, and KerasHub / KerasNLP ``...Classifier.from_preset(...)`` without
    an ``activation``. A cross-entropy loss on them needs ``from_logits=True``."""
    parts = path.split(".")
    if len(parts) < 3:
        return UNKNOWN
    owner, method = parts[-2], parts[-1]
    if parts[0] == "transformers":
        if method != "from_pretrained" or not _HF_LOGITS_MODELS.fullmatch(owner):
            return UNKNOWN
        units = int_value(args.get(None, "num_labels") or UNKNOWN)
        units_node = args.node(None, "num_labels")
    else:
        preset = str_value(args.get(0, "preset") or UNKNOWN)
        if (
            method != "from_preset"
            or not owner.endswith("Classifier")
            or preset is None
            or not _REGISTRY_PRESET.search(preset)  # a saved task may carry its own activation
            or args.given(None, "activation")
            or len(args.positional) > 1
            or args.dstar
        ):
            return UNKNOWN
        units = int_value(args.get(None, "num_classes") or UNKNOWN)
        units_node = args.node(None, "num_classes")
    oid = ex.new_oid(node)
    head = Head(units, "linear", units_node or node, node, rank=2)
    # Hugging Face models predict a `ModelOutput`, not an array: their predictions are not followed.
    kind = "hf_pretrained" if parts[0] == "transformers" else "application"
    ex.store(oid, ObjState(kind, node, outputs=(head,), output_names=None))
    return Ref(oid)


def class_kind(cls: ClassVal) -> str:
    """The heap kind of an instance of a user class, from its Keras base classes."""
    for path in cls.external_bases():
        symbol = keras_symbol(path)
        if symbol is None or symbol.category not in api.MODEL_CATEGORIES:
            continue
        if symbol.name in api.SEQUENTIAL_NAMES:
            return "sequential"
        if symbol.name in api.FUNCTIONAL_NAMES:
            return "subclass"
    return "instance"


def _keras_base(cls: Optional[ClassVal], names: frozenset[str]) -> bool:
    if cls is None:
        return False
    for path in cls.external_bases():
        symbol = keras_symbol(path)
        if symbol is not None and symbol.name in names:
            return True
    return False


_BATCH_BASES = frozenset({"Sequence", "PyDataset"})


def sequence_batches(ex: Extractor, value: Optional[Value], node: cst.CSTNode) -> Optional[Value]:
    """An instance of a user ``keras.utils.Sequence`` / ``PyDataset`` subclass given to
    ``fit()``: the ``(x, y)`` batches its ``__getitem__`` returns; any other value unchanged."""
    if not isinstance(value, Ref):
        return value
    state = ex.heap.get(value.oid)
    if state is None or state.cls is None or not _keras_base(state.cls, _BATCH_BASES):
        return value
    method = state.cls.lookup("__getitem__")
    if not isinstance(method, FunctionVal):
        return value
    result = ex.call(_bind(method, value, state.cls, "__getitem__"), CallArgs.of(UNKNOWN), node)
    if isinstance(result, Seq) and len(result.items) in (2, 3):  # (x, y) or (x, y, sample_weight)
        return DataVal(result.items[0], result.items[1])
    return DataVal(UNKNOWN, UNKNOWN)


def initial_outputs(kind: str) -> Optional[tuple[Head, ...]]:
    """A fresh subclassed Sequential has an (unknown) stack; other kinds start unknown."""
    return (UNKNOWN_HEAD,) if kind == "sequential" else None


def forget_layers(state: ObjState) -> ObjState:
    """The state of a Sequential model after code we cannot see may have added layers."""
    return replace(state, outputs=(UNKNOWN_HEAD,), output_names=(None,))


def forget_head(state: ObjState) -> ObjState:
    """A model whose layers were changed from outside (``model.layers[-1].activation = ...``)."""
    if state.kind == "sequential":
        return forget_layers(state)
    return replace(state, outputs=None, output_names=None)


def model_outputs(ex: Extractor, ref: Ref) -> Optional[tuple[Head, ...]]:
    """A model's output heads; a subclassed model's come from walking its ``call``."""
    state = ex.heap.get(ref.oid)
    if state is None or not state.is_model:
        return None
    if state.kind == "subclass" and state.outputs is None and state.cls is not None:
        call = state.cls.lookup("call")
        if isinstance(call, FunctionVal):
            bound = FunctionVal(call.node, call.closure, ref, state.cls.owner_of("call"), call.defaults)
            heads, _names = outputs_from_value(ex.inline(bound, CallArgs.of(TensorVal()), state.node))
            return heads
    return state.outputs


def _model_result(ex: Extractor, ref: Ref) -> Value:  # the symbolic output of `model.output`
    outputs = model_outputs(ex, ref)
    if outputs is None:
        return UNKNOWN
    if len(outputs) == 1:
        return TensorVal(outputs[0])
    return Seq(tuple(TensorVal(h) for h in outputs))


def call_object(ex: Extractor, ref: Ref, args: CallArgs, node: cst.CSTNode) -> Value:
    """``obj(...)`` for a heap object: a model, a custom layer, a custom loss."""
    state = ex.heap.get(ref.oid)
    if state is None:
        return UNKNOWN
    cls = state.cls
    if cls is not None:
        method = cls.lookup("__call__")
        if isinstance(method, FunctionVal):
            return ex.call(_bind(method, ref, cls, "__call__"), args, node)
    if state.is_model:
        x = args.get(0, "inputs", "x")
        if _symbolic(x):
            ex.nested.add(ref.oid)  # used as a layer of another model
            outputs = model_outputs(ex, ref)
            if outputs is not None and len(outputs) == 1:
                return TensorVal(outputs[0], symbolic=True)
            return UNKNOWN
        return data_calls.predictions(state, model_outputs(ex, ref), x)
    if cls is not None:
        method = cls.lookup("call")
        if isinstance(method, FunctionVal):
            if _keras_base(cls, frozenset({"Loss", "LossFunctionWrapper"})):
                args = CallArgs.of(args.get(0, "y_true") or UNKNOWN, args.get(1, "y_pred") or UNKNOWN)
            return ex.call(_bind(method, ref, cls, "call"), args, node)
    return UNKNOWN


def _symbolic(value: Optional[Value]) -> bool:
    """A graph tensor, or a list/dict of them (the inputs of a nested model)."""
    if isinstance(value, TensorVal):
        return value.symbolic
    if isinstance(value, Seq):
        return any(_symbolic(v) for v in value.items)
    if isinstance(value, Mapping):
        return any(_symbolic(v) for _, v in value.items)
    return False


def _bind(method: FunctionVal, ref: Ref, cls: ClassVal, name: str) -> FunctionVal:
    return FunctionVal(method.node, method.closure, ref, cls.owner_of(name), method.defaults)


# --------------------------------------------------------------------------- losses


def loss_object(class_name: str, args: CallArgs, node: cst.CSTNode) -> Value:
    """``BinaryCrossentropy(from_logits=True)`` and the other loss classes."""
    info = api.LOSS_CLASSES[class_name]
    axis = args.get(None, "axis")
    if axis is not None and int_value(axis) != -1:
        return UNKNOWN  # a loss over another axis: unit counts do not apply
    if info.from_logits_index is None and len(args.positional) >= 2 and "from_logits" not in args.keywords:
        from_logits_value: Value = UNKNOWN
    else:
        from_logits_value = args.get(info.from_logits_index, "from_logits", default=Const(False)) or UNKNOWN
    return LossVal(LossSpec(info.family, class_name, _bool(from_logits_value), node))


def _bool(value: Value) -> Optional[bool]:
    if isinstance(value, Const) and isinstance(value.value, bool):
        return value.value
    return None


def loss_spec_of(value: Value, node: Optional[cst.CSTNode]) -> Optional[LossSpec]:
    """The loss a ``compile(loss=...)`` value names: a string, a function or an object."""
    if isinstance(value, LossVal):
        return value.spec
    if isinstance(value, Const) and isinstance(value.value, str):
        family = api.LOSS_STRINGS.get(value.value)
        where = value.node or node
        if family is None or where is None:
            return None
        return LossSpec(family, value.value, False, where)
    if isinstance(value, ExtRef) and node is not None:
        symbol = keras_symbol(_tf2_losses(value.path))
        if symbol is not None and symbol.category in api.LOSS_FUNCTION_CATEGORIES:
            info = api.LOSS_FUNCTIONS.get(symbol.name)
            if info is not None:
                return LossSpec(info.family, symbol.name, False, node)
    return None


def _tf2_losses(path: str) -> str:
    """``tf.losses.X`` / ``tf.metrics.X`` are the Keras ones in TensorFlow 2."""
    for prefix in ("tensorflow.losses.", "tensorflow.metrics."):
        if path.startswith(prefix):
            name = path[len(prefix) :]
            if name in api.LOSS_CLASSES or name in api.LOSS_FUNCTIONS:
                return "keras." + prefix.split(".")[1] + "." + name
    return path


def apply_loss(
    ex: Extractor,
    value: Value,
    head: Head,
    site: cst.CSTNode,
    hint: Optional[cst.CSTNode],
    model: Optional[Ref] = None,
) -> None:
    """Apply a compiled loss to one output head (custom losses are walked with it)."""
    spec = loss_spec_of(value, hint)
    if spec is not None:
        if spec.family != "other":
            ex.record_loss_use(LossUse(spec, head, site, model.oid if model is not None else None))
        return
    prediction = CallArgs.of(UNKNOWN, TensorVal(head))
    if isinstance(value, FunctionVal):
        ex.inline(value, prediction, site)
    elif isinstance(value, Ref):
        call_object(ex, value, prediction, site)


def call_loss(ex: Extractor, loss: LossVal, args: CallArgs, node: cst.CSTNode) -> Value:
    """``loss_fn(y_true, y_pred)`` for a loss object."""
    prediction = args.get(1, "y_pred")
    if isinstance(prediction, TensorVal) and loss.spec.family != "other":
        ex.record_loss_use(LossUse(loss.spec, prediction.head, node))
    return TensorVal()


def call_loss_function(ex: Extractor, name: str, args: CallArgs, node: cst.CSTNode) -> Value:
    """``keras.losses.categorical_crossentropy(y, p, from_logits=True)`` and backend variants."""
    info = api.LOSS_FUNCTIONS[name]
    if info.from_logits_index is None and len(args.positional) > 2 and "from_logits" not in args.keywords:
        from_logits: Optional[bool] = None
    else:
        from_logits = _bool(args.get(info.from_logits_index, "from_logits", default=Const(False)) or UNKNOWN)
    prediction = args.get(1, "y_pred", "output")
    if isinstance(prediction, TensorVal) and info.family != "other":
        spec = LossSpec(info.family, name, from_logits, node)
        ex.record_loss_use(LossUse(spec, prediction.head, node))
    return TensorVal()


def call_logits_op(ex: Extractor, path: str, args: CallArgs, node: cst.CSTNode) -> Value:
    """``tf.nn.softmax_cross_entropy_with_logits(labels=..., logits=...)`` and friends."""
    family, index = api.TF_LOGITS_OPS[path]
    logits = args.get(index, "logits")
    if isinstance(logits, TensorVal):
        spec = LossSpec(family, path.replace("tensorflow.", "tf."), True, node, op=True)
        ex.record_loss_use(LossUse(spec, logits.head, node))
    return TensorVal()


def compile_model(ex: Extractor, ref: Ref, args: CallArgs, node: cst.CSTNode) -> Value:
    """``model.compile(optimizer, loss, ...)``: pair each output head with its loss and metrics."""
    state = ex.heap.get(ref.oid)
    if state is None:
        return UNKNOWN
    loss = args.get(1, "loss")
    outputs = model_outputs(ex, ref)
    if outputs is None:
        ex.store(ref.oid, replace(state, compiled=None))
        return Const(None)
    hint = args.node(1, "loss")
    names = state.output_names
    pairs: list[tuple[Head, Optional[Value], Optional[cst.CSTNode]]] = [(h, None, None) for h in outputs]
    if loss is None or loss == Const(None):
        pass
    elif isinstance(loss, Seq):
        if len(loss.items) == len(outputs):
            pairs = [
                (h, item, _element_node(hint, i) or hint)
                for i, (h, item) in enumerate(zip(outputs, loss.items))
            ]
    elif isinstance(loss, Mapping):
        for i, head in enumerate(outputs):
            name = names[i] if names is not None and i < len(names) else None
            item = loss.get(Const(name)) if name is not None else UNKNOWN
            if item is not UNKNOWN:
                pairs[i] = (head, item, _element_node(hint, name) or hint)
    else:
        pairs = [(h, loss, hint) for h in outputs]
    compiled = []
    for head, given, given_hint in pairs:
        spec = loss_spec_of(given, given_hint) if given is not None else None
        if given is not None:
            apply_loss(ex, given, head, node, given_hint, ref)
        compiled.append((head, spec))
    ex.store(ref.oid, replace(state, compiled=tuple(compiled)))
    data_calls.compile_metrics(ex, ref, outputs, names, args.get(None, "metrics"), args.node(None, "metrics"))
    return Const(None)


def _element_node(node: Optional[cst.CSTNode], key: object) -> Optional[cst.CSTNode]:
    """The expression for one element of a literal list or dict argument."""
    if isinstance(node, (cst.List, cst.Tuple)) and isinstance(key, int) and key < len(node.elements):
        return node.elements[key].value
    if isinstance(node, cst.Dict) and isinstance(key, str):
        for element in node.elements:
            if (
                isinstance(element, cst.DictElement)
                and isinstance(element.key, cst.SimpleString)
                and element.key.evaluated_value == key
            ):
                return element.value
    return None


# --------------------------------------------------------------------------- dispatch


def call_ext(ex: Extractor, path: str, args: CallArgs, node: cst.CSTNode) -> Value:
    """A call of an imported function or class, by canonical path."""
    if path.startswith("builtins."):
        return call_builtin(ex, path[len("builtins.") :], args)
    activation = api.TF_ACTIVATION_FUNCTIONS.get(path)
    if activation is not None:
        return apply_activation_function(ex, activation, args, node)
    if path in api.TF_LOGITS_OPS:
        return call_logits_op(ex, path, args, node)
    if path.startswith(_PRETRAINED_ROOTS):
        return pretrained_classifier(ex, path, args, node)
    symbol = keras_symbol(_tf2_losses(path))
    data = data_calls.call_data(ex, path, symbol, args, node)
    if data is not None:
        return data
    if symbol is None:
        if path.split(".")[0] not in _NON_MUTATING_ROOTS:
            ex.escape(args)
        return UNKNOWN
    category, name = symbol.category, symbol.name
    if symbol.module:
        return UNKNOWN
    if name == "get" and category in ("losses", "activations"):
        # keras.losses.get("categorical_crossentropy") / keras.activations.get("softmax")
        # resolve an identifier to what the identifier itself names for keraslint.
        identifier = args.get(0, "identifier")
        return identifier if isinstance(identifier, (Const, ExtRef, LossVal)) else UNKNOWN
    if name in api.INPUT_FACTORIES and category in api.MODEL_CATEGORIES:
        shape = args.get(0, "shape", "input_shape")
        if isinstance(shape, Seq):
            return TensorVal(Head(rank=len(shape.items) + 1), symbolic=True)
        batch_shape = args.get(None, "batch_shape", "batch_input_shape")
        rank = len(batch_shape.items) if isinstance(batch_shape, Seq) else None
        return TensorVal(Head(rank=rank), symbolic=True)
    if name in api.SEQUENTIAL_NAMES and category in api.MODEL_CATEGORIES:
        return new_sequential(ex, args, node)
    if name in api.FUNCTIONAL_NAMES and category in api.MODEL_CATEGORIES:
        return new_functional(ex, args, node)
    if category == "layers":
        if name[:1].isupper():
            return make_layer(ex, name, args, node)
        return TensorVal()  # functional helpers: concatenate(), add(), ...
    if category == "applications" and name[:1].isupper():
        return new_application(ex, args, node)
    if category == "losses" and name in api.LOSS_CLASSES:
        return loss_object(name, args, node)
    if category in api.LOSS_FUNCTION_CATEGORIES and name in api.LOSS_FUNCTIONS:
        return call_loss_function(ex, name, args, node)
    activation = api.activation_of_path(path, category, name)
    if activation is not None:
        return apply_activation_function(ex, activation, args, node)
    return UNKNOWN


def call_method(
    ex: Extractor, method: MethodVal, args: CallArgs, node: cst.CSTNode, frame: Optional[Frame]
) -> Value:
    """Built-in methods: ``model.add/compile/predict``, ``super().__init__``, ``list.append``."""
    receiver, name = method.receiver, method.name
    if isinstance(receiver, Ref):
        state = ex.heap.get(receiver.oid)
        if state is None:
            return UNKNOWN
        if state.kind == "external":
            return data_calls.call_external_method(ex, receiver, state, name, args, node)
        if not state.is_model:
            return UNKNOWN
        if name in ("fit", "fit_generator", "train_on_batch"):
            return data_calls.fit(ex, receiver, state, name, args, node)
        if name in ("predict_classes", "predict_proba"):
            return data_calls.predict_classes(ex, model_outputs(ex, receiver), name, node)
        if name == "add" and state.kind == "sequential" and state.outputs is not None:
            layer = args.get(0, "layer") or UNKNOWN
            head = apply_to_head(ex, layer, state.outputs[0], node)
            ex.store(receiver.oid, replace(state, outputs=(head,), output_names=(head.name,)))
            return Const(None)
        if name == "pop" and state.kind == "sequential":
            ex.store(receiver.oid, forget_layers(state))
            return UNKNOWN
        if name == "compile":
            return compile_model(ex, receiver, args, node)
        if name in _PREDICT_METHODS:
            return data_calls.predictions(state, model_outputs(ex, receiver), args.get(0, "x", "inputs"))
        return UNKNOWN
    if isinstance(receiver, (LabelVal, DataVal, TensorVal, MetricVal)) or receiver is UNKNOWN:
        return data_calls.call_value_method(ex, receiver, name, args, node)
    if isinstance(receiver, SuperVal):
        return _call_super(ex, receiver, name, args, node)
    if isinstance(receiver, (Seq, Mapping)) and frame is not None:
        target = (
            node.func.value if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) else None
        )
        if name not in ("get", "keys", "values", "items", "index", "count", "copy"):
            # Mutated in place: aliases of this very object no longer know its content.
            ex.forget_container(receiver, frame)
            if isinstance(target, cst.Name):
                if isinstance(receiver, Seq) and name == "append" and len(args.positional) == 1:
                    ex.bind(target.value, Seq((*receiver.items, args.positional[0])), frame)
                elif isinstance(receiver, Seq) and name == "extend" and isinstance(args.get(0), Seq):
                    extra = args.get(0)
                    assert isinstance(extra, Seq)
                    ex.bind(target.value, Seq(receiver.items + extra.items), frame)
        if isinstance(receiver, Mapping) and name == "get":
            key = args.get(0)
            if isinstance(key, Const):
                found = receiver.get(key)
                return (
                    found
                    if found is not UNKNOWN or any(k == key for k, _ in receiver.items)
                    else (args.get(1) or Const(None))
                )
        return UNKNOWN
    return UNKNOWN


def _call_super(ex: Extractor, sup: SuperVal, name: str, args: CallArgs, node: cst.CSTNode) -> Value:
    """``super().name(...)``: a user base's method, or Keras Model's constructor."""
    if sup.cls is None:
        return UNKNOWN
    for base in sup.cls.bases:
        if isinstance(base, ClassVal):
            method = base.lookup(name)
            if isinstance(method, FunctionVal) and isinstance(sup.instance, Ref):
                return ex.call(_bind(method, sup.instance, base, name), args, node)
        elif isinstance(base, ExtRef) and name == "__init__" and isinstance(sup.instance, Ref):
            symbol = keras_symbol(base.path)
            state = ex.heap.get(sup.instance.oid)
            if symbol is None or state is None:
                continue
            if symbol.name in api.FUNCTIONAL_NAMES and args.given(1, "outputs", "output"):
                heads, names = outputs_from_value(args.get(1, "outputs", "output"))
                ex.store(
                    sup.instance.oid, replace(state, kind="functional", outputs=heads, output_names=names)
                )
            elif symbol.name in api.SEQUENTIAL_NAMES:
                layers = args.get(0, "layers")
                head = UNKNOWN_HEAD
                if isinstance(layers, Seq):
                    for item in layers.items:
                        head = apply_to_head(ex, item, head, node)
                ex.store(sup.instance.oid, replace(state, outputs=(head,), output_names=(head.name,)))
    return UNKNOWN


def get_attribute(ex: Extractor, owner: Value, name: str) -> Value:
    """``owner.name``."""
    if isinstance(owner, ExtRef):
        return ExtRef(canonical(f"{owner.path}.{name}"))
    if isinstance(owner, Ref):
        state = ex.heap.get(owner.oid)
        if state is None:
            return UNKNOWN
        if name == "__dict__":
            ex.mark_dynamic(owner)  # `self.__dict__.update(kwargs)`
            return UNKNOWN
        value = state.attr(name)
        if value is not None:
            return value
        if state.cls is not None:
            found = state.cls.lookup(name)
            if isinstance(found, FunctionVal):
                return _bind(found, owner, state.cls, name)
            if state.dynamic:
                return UNKNOWN  # a class attribute an instance attribute may shadow
            if found is not UNKNOWN:
                return found
        if state.is_model:
            if name == "output":
                result = _model_result(ex, owner)
                return replace(result, symbolic=True) if isinstance(result, TensorVal) else UNKNOWN
            if name == "outputs":
                outputs = model_outputs(ex, owner)
                return UNKNOWN if outputs is None else Seq(tuple(TensorVal(h) for h in outputs))
            if name in ("input", "inputs"):
                return TensorVal(symbolic=True)
        return MethodVal(owner, name)
    if isinstance(owner, ClassVal):
        return owner.lookup(name)
    if isinstance(owner, (SuperVal, Seq, Mapping)):
        return MethodVal(owner, name)
    if isinstance(owner, TensorVal):
        return UNKNOWN if name in ("shape", "dtype") else MethodVal(owner, name)
    if isinstance(owner, (LabelVal, DataVal, MetricVal)):
        attribute = data_calls.get_attribute(owner, name)
        return attribute if attribute is not UNKNOWN else MethodVal(owner, name)
    if owner is UNKNOWN and name in data_calls.UNKNOWN_RECEIVER_METHODS:
        return MethodVal(owner, name)  # `df["label"].map({"cat": 0, "dog": 1})`
    return UNKNOWN
