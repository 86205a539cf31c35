"""What data-handling calls do: where labels come from and what encoding they have, datasets and
generators, ``fit()``, ``predict()``, argmax over predictions, and metrics.

Label sources (``to_categorical``, loaders and their modes, scikit-learn encoders, Keras datasets,
a ``Tokenizer`` fitted on label strings ...) become :class:`~keraslint.facts.values.LabelVal`;
``fit()`` pairs them with the compiled heads as :class:`~keraslint.facts.model.FitUse` facts.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Optional

import libcst as cst

from keraslint.facts.args import CallArgs
from keraslint.facts.model import (
    UNKNOWN_HEAD,
    ArgmaxUse,
    FitUse,
    Head,
    Labels,
    LossSpec,
    MetricUse,
    PredictClassesUse,
)
from keraslint.facts.values import (
    UNKNOWN,
    Const,
    DataVal,
    FunctionVal,
    LabelVal,
    Mapping,
    MetricVal,
    ObjState,
    Ref,
    Seq,
    TensorVal,
    Value,
    int_value,
    str_value,
)
from keraslint.names import KerasSymbol

if TYPE_CHECKING:
    from keraslint.facts.extract import Extractor

#: Class counts of the classification datasets in ``keras.datasets``.
KERAS_DATASETS = {"mnist": 10, "fashion_mnist": 10, "cifar10": 10, "cifar100": 100, "imdb": 2, "reuters": 46}

_LOADERS = ("image_dataset_from_directory", "text_dataset_from_directory", "audio_dataset_from_directory")
_LABEL_MODES = {"int": "int", "categorical": "onehot", "binary": "binary"}
_CLASS_MODES = {"categorical": "onehot", "binary": "binary", "sparse": "int"}
_DATASET_PASSTHROUGH = frozenset(
    {
        "batch",
        "shuffle",
        "prefetch",
        "cache",
        "repeat",
        "take",
        "skip",
        "unbatch",
        "padded_batch",
        "with_options",
        "filter",
        "shard",
        "rebatch",
        "ignore_errors",
        "apply_options",
    }
)
_ARRAY_PASSTHROUGH = frozenset({"astype", "copy", "toarray", "to_numpy", "numpy", "todense"})
_NUMPY_PASSTHROUGH = frozenset(
    {
        "numpy.array",
        "numpy.asarray",
        "numpy.asanyarray",
        "numpy.ascontiguousarray",
        "numpy.copy",
        "tensorflow.convert_to_tensor",
        "tensorflow.constant",
        "tensorflow.cast",
        "tensorflow.identity",
    }
)
_NUMPY_RANDOM_ARRAYS = {
    # path -> index of the argument whose first entry is the number of samples, and its name
    "numpy.random.rand": (0, ""),
    "numpy.random.randn": (0, ""),
    "numpy.random.random": (0, "size"),
    "numpy.random.random_sample": (0, "size"),
    "numpy.random.uniform": (2, "size"),
    "numpy.random.normal": (2, "size"),
    "numpy.random.standard_normal": (0, "size"),
    "numpy.zeros": (0, "shape"),
    "numpy.ones": (0, "shape"),
    "numpy.empty": (0, "shape"),
    "numpy.full": (0, "shape"),
}
_SKLEARN_ENCODERS = {
    "LabelEncoder": "int",
    "OneHotEncoder": "onehot",
    "MultiLabelBinarizer": "multihot",
}
_ARGMAX_PATHS = {
    "numpy.argmax": "numpy",
    "tensorflow.argmax": "tensorflow",
    "tensorflow.math.argmax": "tensorflow",
}
_THRESHOLD_METRICS = {"BinaryAccuracy": 2}  # class name -> positional index of `threshold`
_ACCURACY_STRINGS = {"accuracy": "accuracy", "acc": "accuracy", "binary_accuracy": "binary_accuracy"}
_TOKENIZER_FILTERS = re.compile(r"[!\"#$%&()*+,\-./:;<=>?@\[\\\]^_`{|}~\t\n]")


def _labels(encoding: str, node: cst.CSTNode, source: str, **fields: object) -> LabelVal:
    return LabelVal(Labels(encoding, node, source, **fields))  # type: ignore[arg-type]


def _samples(value: Optional[Value]) -> Optional[int]:
    """The first dimension of a shape given as an int or a tuple."""
    if value is None:
        return None
    if isinstance(value, Seq) and value.items:
        return int_value(value.items[0])
    return int_value(value)


def _columns(size: Optional[Value]) -> Optional[int]:
    """Columns per sample of an array of the given shape (1 for 1-D)."""
    if size is None:
        return None
    if int_value(size) is not None:
        return 1
    if isinstance(size, Seq):
        if len(size.items) == 1:
            return 1
        if len(size.items) == 2:
            return int_value(size.items[1])
    return None


# --------------------------------------------------------------------------- dispatch


def call_data(
    ex: Extractor, path: str, symbol: Optional[KerasSymbol], args: CallArgs, node: cst.CSTNode
) -> Optional[Value]:
    """A call of an imported data function or class; None when it is not one."""
    if symbol is not None:
        return _keras_call(ex, path, symbol, args, node)
    if path in _NUMPY_PASSTHROUGH:
        first = args.get(0, "object", "value", "x", "a")
        if isinstance(first, (LabelVal, TensorVal)):
            return first
        return UNKNOWN
    if path in _ARGMAX_PATHS:
        return argmax(ex, _ARGMAX_PATHS[path], args.get(0, "a", "input"), args, node, axis_index=1)
    if path == "tensorflow.one_hot":
        depth = args.get(1, "depth")
        return _labels(
            "onehot",
            node,
            "`tf.one_hot`",
            classes=int_value(depth or UNKNOWN),
            classes_node=args.node(1, "depth"),
        )
    if path in ("numpy.eye", "numpy.identity"):
        size = args.get(0, "N", "n")
        if args.given(1, "M") or args.given(2, "k"):
            return UNKNOWN
        return _labels(
            "onehot",
            node,
            "`np.eye`",
            classes=int_value(size or UNKNOWN),
            classes_node=args.node(0, "N", "n"),
        )
    if path == "numpy.random.randint":
        return _randint(args, node)
    if path in _NUMPY_RANDOM_ARRAYS:
        index, keyword = _NUMPY_RANDOM_ARRAYS[path]
        first = args.get(index, keyword) if keyword else args.get(index)
        samples = _samples(first)
        return TensorVal(many=samples is not None and samples > 1)
    if path.startswith("tensorflow.data.Dataset.from_tensor"):
        data = args.get(0, "tensors")
        if isinstance(data, Seq) and len(data.items) >= 2:
            return DataVal(data.items[0], data.items[1])
        return DataVal(data or UNKNOWN, UNKNOWN)
    if path == "pandas.get_dummies":
        return _labels("onehot", node, "`pd.get_dummies`")
    if path.startswith("sklearn."):
        return _sklearn_call(ex, path, args, node)
    return None


def _keras_call(
    ex: Extractor, path: str, symbol: KerasSymbol, args: CallArgs, node: cst.CSTNode
) -> Optional[Value]:
    category, name = symbol.category, symbol.name
    if name == "to_categorical":
        return _to_categorical(args, node)
    if name in _LOADERS:
        return _directory_loader(name, args, node)
    if category == "datasets" and name == "load_data":
        return _load_data(path, args, node)
    if name == "ImageDataGenerator" or (name == "Tokenizer" and category == "preprocessing"):
        oid = ex.new_oid(node)
        state = ObjState("external", node, ext=name)
        if name == "Tokenizer":
            oov = args.get(None, "oov_token", default=Const(None))
            # With an OOV token, index 1 is taken by it and words start at 2.
            state = state.with_attr(
                "first", Const(2) if oov != Const(None) else Const(1) if oov is not None else UNKNOWN
            )
        ex.store(oid, state)
        return Ref(oid)
    if name == "argmax" and category in ("ops", "backend", "numpy"):
        return argmax(ex, "keras", args.get(0, "x"), args, node, axis_index=1)
    if category == "metrics" and name in _THRESHOLD_METRICS:
        threshold = args.get(_THRESHOLD_METRICS[name], "threshold", default=Const(0.5))
        value = (
            threshold.value
            if isinstance(threshold, Const) and isinstance(threshold.value, (int, float))
            else None
        )
        return MetricVal("binary_accuracy", None if value is None else float(value), node)
    if category == "models" and name == "load_model":
        oid = ex.new_oid(node)
        ex.store(oid, ObjState("loaded", node))
        return Ref(oid)
    return None


def _to_categorical(args: CallArgs, node: cst.CSTNode) -> Value:
    y = args.get(0, "y")
    count = args.get(1, "num_classes", "nb_classes")
    classes = int_value(count) if count is not None else None
    classes_node = None
    if classes is not None:
        classes_node = (
            count.node
            if isinstance(count, Const) and count.node is not None
            else args.node(1, "num_classes", "nb_classes")
        )
    elif (
        count is None
        and isinstance(y, LabelVal)
        and y.labels.encoding in ("int", "binary")
        and y.labels.classes is not None
    ):
        classes = y.labels.classes + y.labels.first_id  # to_categorical uses max(y) + 1 columns
        classes_node = y.labels.classes_node or y.labels.node
    return _labels("onehot", node, "`to_categorical`", classes=classes, classes_node=classes_node)


def _randint(args: CallArgs, node: cst.CSTNode) -> Value:
    size = args.get(2, "size")
    columns = _columns(size)
    if columns is None:
        return UNKNOWN
    samples = _samples(size)
    low = int_value(args.get(0, "low") or UNKNOWN)
    high = args.get(1, "high", default=Const(None))
    first = 0 if high == Const(None) else low
    return LabelVal(
        Labels("int", node, "`np.random.randint`", columns=columns, first_id=first or 0),
        many=samples is not None and samples > 1,
    )


def _directory_loader(name: str, args: CallArgs, node: cst.CSTNode) -> Value:
    """``image_dataset_from_directory`` and friends: ``label_mode`` defaults to "int"."""
    x = TensorVal(many=True)
    labels_arg = args.get(1, "labels", default=Const("inferred"))
    if labels_arg != Const("inferred"):
        return DataVal(x, UNKNOWN)
    mode_value = args.get(2, "label_mode", default=Const("int"))
    mode = str_value(mode_value or UNKNOWN)
    encoding = _LABEL_MODES.get(mode or "")
    if encoding is None:
        return DataVal(x, UNKNOWN)
    given = args.given(2, "label_mode")
    source = f'`label_mode="{mode}"`' if given else f'`{name}` with its default `label_mode="int"`'
    names = args.get(3, "class_names")
    classes = len(names.items) if isinstance(names, Seq) else None
    where = args.node(2, "label_mode") if given else node
    return DataVal(
        x,
        _labels(
            encoding,
            where or node,
            source,
            classes=classes,
            classes_node=args.node(3, "class_names"),
            columns=1 if encoding != "onehot" else None,
            at_source=True,
            mode_param="label_mode",
        ),
    )


def _load_data(path: str, args: CallArgs, node: cst.CSTNode) -> Value:
    """``(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()``."""
    dataset = path.split(".")[-2]
    classes = KERAS_DATASETS.get(dataset)
    if classes is None:
        return UNKNOWN  # regression datasets, or not a dataset we know
    if dataset == "cifar100" and args.get(0, "label_mode", default=Const("fine")) != Const("fine"):
        classes = 20 if args.get(0, "label_mode") == Const("coarse") else None
    encoding = "binary" if classes == 2 else "int"
    y = _labels(encoding, node, f"`keras.datasets.{dataset}.load_data()`", classes=classes, columns=1)
    x = TensorVal(many=True)
    return Seq((Seq((x, y)), Seq((x, y))))


def _sklearn_call(ex: Extractor, path: str, args: CallArgs, node: cst.CSTNode) -> Optional[Value]:
    name = path.rsplit(".", 1)[-1]
    if name == "train_test_split":
        if args.star:
            return UNKNOWN
        test_size = args.get(None, "test_size")
        parts: list[Value] = []
        for array in args.positional:
            train = array if isinstance(array, (LabelVal, TensorVal)) else UNKNOWN
            test = train
            if isinstance(test, TensorVal) and int_value(test_size or UNKNOWN) == 1:
                test = replace(test, many=False)
            parts.extend((train, test))
        return Seq(tuple(parts))
    if name in _SKLEARN_ENCODERS:
        oid = ex.new_oid(node)
        ex.store(oid, ObjState("external", node, ext=name))
        return Ref(oid)
    if name == "make_multilabel_classification":
        if args.get(None, "return_indicator", default=Const("dense")) not in (
            Const("dense"),
            Const("sparse"),
            Const(True),
        ):
            return UNKNOWN
        classes = int_value(args.get(None, "n_classes", default=Const(5)) or UNKNOWN)
        return Seq(
            (
                TensorVal(many=True),
                _labels("multihot", node, "`make_multilabel_classification`", classes=classes),
            )
        )
    return None


# --------------------------------------------------------------------------- methods


def call_external_method(
    ex: Extractor, ref: Ref, state: ObjState, name: str, args: CallArgs, node: cst.CSTNode
) -> Value:
    """Methods of the library objects we model: generators, Tokenizer, scikit-learn encoders."""
    kind = state.ext
    if kind == "ImageDataGenerator":
        if name in ("flow_from_directory", "flow_from_dataframe"):
            return _flow_from(name, args, node)
        if name == "flow":
            return DataVal(args.get(0, "x") or UNKNOWN, args.get(1, "y") or UNKNOWN)
        return UNKNOWN
    if kind == "Tokenizer":
        if name == "fit_on_texts":
            ex.store(ref.oid, state.with_attr("texts", args.get(0, "texts") or UNKNOWN))
            return Const(None)
        if name == "texts_to_sequences":
            return _tokenized_labels(state, args.get(0, "texts") or UNKNOWN, node)
        return UNKNOWN
    if kind in _SKLEARN_ENCODERS:
        if name in ("fit", "fit_transform"):
            y = args.get(0, "y", "X") or UNKNOWN
            ex.store(ref.oid, state.with_attr("fitted", y))
            if name == "fit":
                return ref
        if name in ("fit_transform", "transform"):
            fitted = ex.heap[ref.oid].attr("fitted")
            classes = _distinct(fitted) if kind == "LabelEncoder" and fitted is not None else None
            return _labels(
                _SKLEARN_ENCODERS[kind],
                node,
                f"`{kind}`",
                classes=classes,
                columns=1 if kind == "LabelEncoder" else None,
            )
    return UNKNOWN


def _flow_from(name: str, args: CallArgs, node: cst.CSTNode) -> Value:
    """``flow_from_directory`` / ``flow_from_dataframe``: ``class_mode`` defaults to "categorical"."""
    directory = name == "flow_from_directory"
    mode_value = args.get(4 if directory else None, "class_mode", default=Const("categorical"))
    mode = str_value(mode_value or UNKNOWN)
    encoding = _CLASS_MODES.get(mode or "")
    x = TensorVal(many=True)
    if encoding is None:
        return DataVal(x, UNKNOWN)
    given = args.given(4 if directory else None, "class_mode")
    source = f'`class_mode="{mode}"`' if given else f'`{name}` with its default `class_mode="categorical"`'
    classes_value = args.get(3 if directory else None, "classes")
    classes = len(classes_value.items) if isinstance(classes_value, Seq) else None
    where = args.node(4 if directory else None, "class_mode") if given else node
    return DataVal(
        x,
        _labels(
            encoding,
            where or node,
            source,
            classes=classes,
            classes_node=args.node(3 if directory else None, "classes"),
            columns=1 if encoding != "onehot" else None,
            at_source=True,
            mode_param="class_mode",
        ),
    )


def _distinct(value: Value) -> Optional[int]:
    if isinstance(value, Seq) and value.items and all(isinstance(v, Const) for v in value.items):
        return len(set(value.items))
    return None


def _tokenized_labels(state: ObjState, texts: Value, node: cst.CSTNode) -> Value:
    """Ids from a Tokenizer fitted on these very label strings, one word each: 1..k."""
    fitted = state.attr("texts")
    if fitted is None or fitted != texts or not isinstance(texts, Seq) or not texts.items:
        return UNKNOWN
    words: set[str] = set()
    for item in texts.items:
        text = str_value(item)
        if text is None:
            return UNKNOWN
        tokens = _TOKENIZER_FILTERS.sub(" ", text.lower()).split()
        if len(tokens) != 1:
            return UNKNOWN
        words.add(tokens[0])
    first = state.attr("first")
    if not isinstance(first, Const) or not isinstance(first.value, int):
        return UNKNOWN
    return _labels(
        "int", node, "`Tokenizer.texts_to_sequences`", classes=len(words), first_id=first.value, columns=1
    )


def call_value_method(ex: Extractor, receiver: Value, name: str, args: CallArgs, node: cst.CSTNode) -> Value:
    """Methods of labels, datasets and prediction arrays."""
    if isinstance(receiver, DataVal):
        if name in _DATASET_PASSTHROUGH:
            return receiver
        if name == "map":
            fn = args.get(0, "map_func")
            if isinstance(fn, FunctionVal):
                result = ex.call(fn, CallArgs.of(receiver.x, receiver.y), node)
                if isinstance(result, Seq) and len(result.items) >= 2:
                    return DataVal(result.items[0], result.items[1])
            return DataVal(UNKNOWN, UNKNOWN)
        return UNKNOWN
    if isinstance(receiver, LabelVal):
        if name in _ARRAY_PASSTHROUGH:
            return receiver
        if name == "reshape" and receiver.labels.is_integer:
            return receiver
        return UNKNOWN
    if isinstance(receiver, TensorVal):
        if name == "argmax" and receiver.prediction:
            return argmax(ex, "numpy", receiver, args, node, axis_index=0)
        if name in _ARRAY_PASSTHROUGH:
            return receiver
        return UNKNOWN
    if isinstance(receiver, MetricVal) and name in ("update_state", "__call__"):
        return apply_metric(ex, receiver, args, node)
    return UNKNOWN


def subscript_labels(
    labels: LabelVal, rows: bool, column: Optional[tuple[Optional[int], Optional[int]]]
) -> Value:
    """``y[rows]`` keeps the labels; ``y[:, j]`` and ``y[:, a:b]`` pick columns of an integer
    array (``column`` is ``(j, None)`` or ``(a, b)`` with b the stop); anything else is unknown."""
    if rows:
        return labels
    found = labels.labels
    if column is None or found.encoding != "int" or found.columns is None:
        return UNKNOWN
    start, stop = column
    if stop is None and start is not None:
        return replace(labels, labels=replace(found, columns=1))
    width = len(range(found.columns)[slice(start, stop)])
    return replace(labels, labels=replace(found, columns=width)) if width else UNKNOWN


def shift_labels(labels: LabelVal, op: str, amount: Value) -> Value:
    """``y - 1`` / ``y + 1`` on class ids moves the smallest id; other arithmetic is unknown."""
    step = int_value(amount)
    if labels.labels.encoding != "int" or step is None or op not in ("Add", "Subtract"):
        return UNKNOWN
    first = labels.labels.first_id + (step if op == "Add" else -step)
    return replace(labels, labels=replace(labels.labels, first_id=first))


def get_attribute(value: Value, name: str) -> Value:
    """``labels.values`` (pandas) keeps the labels; anything else about them is unknown."""
    if isinstance(value, LabelVal) and name == "values":
        return value
    return UNKNOWN


# --------------------------------------------------------------------------- models


def fit(ex: Extractor, ref: Ref, state: ObjState, name: str, args: CallArgs, node: cst.CSTNode) -> Value:
    """``fit`` / ``fit_generator`` / ``train_on_batch``: record the labels each output is fed."""
    if name == "fit_generator":
        data = args.get(0, "generator")
        targets: Optional[Value] = data.y if isinstance(data, DataVal) else None
    else:
        x = args.get(0, "x")
        targets = x.y if isinstance(x, DataVal) else args.get(1, "y")
    feeds = [targets]
    if name != "train_on_batch":
        validation = args.get(None, "validation_data")
        if isinstance(validation, DataVal):
            feeds.append(validation.y)
        elif isinstance(validation, Seq) and len(validation.items) >= 2:
            feeds.append(validation.items[1])
    ex.trained.add(ref.oid)
    compiled = state.compiled
    if compiled is None:
        return UNKNOWN
    for feed in feeds:
        if feed is None:
            continue
        for (head, loss), labels in _per_output(compiled, state.output_names, feed):
            ex.record_fit(FitUse(head, loss, labels, node))
    return UNKNOWN


def _per_output(
    compiled: tuple[tuple[Head, Optional[LossSpec]], ...],
    names: Optional[tuple[Optional[str], ...]],
    targets: Value,
) -> list[tuple[tuple[Head, Optional[LossSpec]], Labels]]:
    """Pair each output with its labels: one array for one output, a list by position, a dict by name."""
    if isinstance(targets, LabelVal):
        return [(compiled[0], targets.labels)] if len(compiled) == 1 else []
    pairs = []
    if isinstance(targets, Seq) and len(targets.items) == len(compiled):
        for output, item in zip(compiled, targets.items):
            if isinstance(item, LabelVal):
                pairs.append((output, item.labels))
    elif isinstance(targets, Mapping) and names is not None:
        for output, output_name in zip(compiled, names):
            item = targets.get(Const(output_name)) if output_name is not None else UNKNOWN
            if isinstance(item, LabelVal):
                pairs.append((output, item.labels))
    return pairs


def is_classifier(head: Head, loss: Optional[LossSpec]) -> bool:
    """Whether a head certainly outputs class scores."""
    return head.activation in ("softmax", "sigmoid") or (loss is not None and loss.is_cross_entropy)


def predictions(state: ObjState, outputs: Optional[tuple[Head, ...]], x: Optional[Value]) -> Value:
    """What ``model.predict(x)`` or ``model(x)`` returns."""
    if outputs is None:
        return TensorVal(prediction=True)
    many = isinstance(x, DataVal) or (isinstance(x, (TensorVal, LabelVal)) and x.many)
    compiled = state.compiled or ()
    results = []
    for index, head in enumerate(outputs):
        loss = compiled[index][1] if index < len(compiled) else None
        results.append(TensorVal(head, prediction=True, many=many, classifier=is_classifier(head, loss)))
    return results[0] if len(results) == 1 else Seq(tuple(results))


def predict_classes(
    ex: Extractor, outputs: Optional[tuple[Head, ...]], name: str, node: cst.CSTNode
) -> Value:
    """The removed ``predict_classes`` / ``predict_proba``."""
    head = outputs[0] if outputs is not None and len(outputs) == 1 else UNKNOWN_HEAD
    ex.record_predict_classes(PredictClassesUse(head, node, name))
    return UNKNOWN


def argmax(
    ex: Extractor, library: str, array: Optional[Value], args: CallArgs, node: cst.CSTNode, axis_index: int
) -> Value:
    """``np.argmax(p, axis=...)``, ``p.argmax(...)``, ``tf.argmax``, ``keras.ops.argmax``."""
    if not isinstance(array, TensorVal) or not array.prediction:
        return UNKNOWN
    axis_value = args.get(axis_index, "axis", "dimension")
    given = axis_value is not None and axis_value != Const(None)
    axis = int_value(axis_value) if given and axis_value is not None else None
    if given and axis is None:
        return UNKNOWN  # an axis we cannot read
    ex.record_argmax(ArgmaxUse(array.head, axis, given, library, node, array.many, array.classifier))
    return UNKNOWN


# --------------------------------------------------------------------------- metrics


def compile_metrics(
    ex: Extractor,
    ref: Ref,
    outputs: tuple[Head, ...],
    names: Optional[tuple[Optional[str], ...]],
    metrics: Optional[Value],
    hint: Optional[cst.CSTNode],
) -> None:
    """``compile(metrics=[...])``: the metrics of every output (a list applies to each)."""
    if metrics is None:
        return
    per_output: list[tuple[Head, Value, Optional[cst.CSTNode]]] = []
    if isinstance(metrics, Seq):
        for head in outputs:
            for index, item in enumerate(metrics.items):
                per_output.append((head, item, _element(hint, index)))
    elif isinstance(metrics, Mapping) and names is not None:
        for head, output_name in zip(outputs, names):
            if output_name is None:
                continue
            item = metrics.get(Const(output_name))
            items = item.items if isinstance(item, Seq) else (item,)
            per_output.extend((head, i, None) for i in items)
    for head, item, element_node in per_output:
        _record_metric(ex, ref, head, item, element_node)


def _element(node: Optional[cst.CSTNode], index: int) -> Optional[cst.CSTNode]:
    if isinstance(node, (cst.List, cst.Tuple)) and index < len(node.elements):
        return node.elements[index].value
    return None


def _record_metric(
    ex: Extractor, ref: Ref, head: Head, item: Value, element_node: Optional[cst.CSTNode]
) -> None:
    if isinstance(item, MetricVal):
        ex.record_metric(MetricUse(item.name, item.threshold, head, item.node, ref.oid))
        return
    text = str_value(item)
    if text is None or text not in _ACCURACY_STRINGS:
        return
    where = item.node if isinstance(item, Const) and item.node is not None else element_node
    if where is None:
        return
    name = _ACCURACY_STRINGS[text]
    # "accuracy" means binary accuracy (threshold 0.5) for a one-unit output.
    threshold = 0.5 if name == "binary_accuracy" or head.units == 1 else None
    ex.record_metric(MetricUse(name, threshold, head, where, ref.oid))


def apply_metric(ex: Extractor, metric: MetricVal, args: CallArgs, node: cst.CSTNode) -> Value:
    """A metric object called on a prediction: ``acc(y_true, y_pred)``."""
    prediction = args.get(1, "y_pred")
    if isinstance(prediction, TensorVal):
        ex.record_metric(MetricUse(metric.name, metric.threshold, prediction.head, node))
    return UNKNOWN
