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
# TensorFlow Datasets whose `as_supervised=True` label is a class id, and their class counts.
TFDS_CLASSES = {
    "mnist": 10,
    "fashion_mnist": 10,
    "kmnist": 10,
    "cifar10": 10,
    "cifar100": 100,
    "svhn_cropped": 10,
    "stl10": 10,
    "imagenette": 10,
    "eurosat": 10,
    "imdb_reviews": 2,
    "yelp_polarity_reviews": 2,
    "ag_news_subset": 4,
    "cats_vs_dogs": 2,
    "horses_or_humans": 2,
    "malaria": 2,
    "patch_camelyon": 2,
    "rock_paper_scissors": 3,
    "beans": 3,
    "tf_flowers": 5,
    "cassava": 5,
    "citrus_leaves": 4,
    "colorectal_histology": 8,
    "deep_weeds": 9,
    "uc_merced": 21,
    "oxford_iiit_pet": 37,
    "plant_village": 38,
    "food101": 101,
    "oxford_flowers102": 102,
    "caltech101": 102,
    "stanford_dogs": 120,
    "cars196": 196,
    "imagenet2012": 1000,
}

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
_SHORT_MODULES = {"numpy": "np", "tensorflow": "tf"}
_NUMPY_MUTATORS = frozenset({"numpy.place", "numpy.putmask", "numpy.put", "numpy.copyto"})
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
    "LabelBinarizer": "onehot",  # one column per class, but a single 0/1 column for two
    "OneHotEncoder": "onehot",
    "MultiLabelBinarizer": "multihot",
}
_SKLEARN_ROW_TRANSFORMERS = frozenset(
    {"StandardScaler", "MinMaxScaler", "MaxAbsScaler", "RobustScaler", "Normalizer", "PCA"}
)
_COUNTING_ENCODERS = frozenset({"LabelEncoder", "LabelBinarizer"})  # classes from a literal
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


def literal_labels(value: Seq, node: cst.CSTNode, function: str) -> Optional[LabelVal]:
    """The encoding of an array spelled out in the code: ``np.array([2, 0, 1])`` holds class
    ids, ``np.array([[0, 1], [1, 0]])`` one-hot rows; None unless every entry is a literal."""
    items = value.items
    if not items:
        return None
    ids = [int_value(item) for item in items]
    if all(i is not None and i >= 0 for i in ids):
        largest = max(i for i in ids if i is not None)
        if largest <= 1:
            return _labels("binary", node, f"`{function}` of literal 0/1 labels", columns=1)
        # No class count: the largest id may be an `ignore_class`, or be remapped in place.
        return _labels("int", node, f"`{function}` of literal class ids", columns=1)
    rows = [item.items if isinstance(item, Seq) else () for item in items]
    width = len(rows[0])
    if width == 0 or any(len(row) != width for row in rows):
        return None
    bits = [[_bit(cell) for cell in row] for row in rows]
    if any(bit is None for row in bits for bit in row):
        return None
    source = f"`{function}` of literal"
    if width == 1:
        return _labels("binary", node, f"{source} 0/1 labels", columns=1, rows=True)
    sums = {sum(bit or 0 for bit in row) for row in bits}
    if sums == {1}:
        return _labels("onehot", node, f"{source} one-hot rows", classes=width, rows=True)
    if max(sums) > 1:
        return _labels("multihot", node, f"{source} multi-hot rows", classes=width, rows=True)
    return None


def _bit(value: Value) -> Optional[int]:
    """0 or 1 spelled as an int or a float, else None."""
    if isinstance(value, Const) and type(value.value) in (int, float) and value.value in (0, 1):
        return int(value.value)
    return None


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
    if path == "numpy.expand_dims":
        array = args.get(0, "a")
        axis = int_value(args.get(1, "axis") or UNKNOWN)
        if isinstance(array, TensorVal) and array.many and not array.prediction and axis not in (None, 0):
            return TensorVal(many=True)  # a new axis after the samples
        return UNKNOWN
    if path in ("numpy.reshape", "numpy.ravel", "numpy.squeeze"):
        array = args.get(0, "a")
        if isinstance(array, TensorVal) and path == "numpy.reshape":
            many = array.many and not array.prediction and _keeps_rows(args.get(1, "newshape", "shape"))
            return TensorVal(many=True) if many else UNKNOWN
        if not isinstance(array, LabelVal):
            return UNKNOWN
        if path == "numpy.reshape":
            return reshape_labels(array, args.get(1, "newshape", "shape"))
        return array if array.labels.is_integer else UNKNOWN
    if path.startswith("numpy.") and args.given(None, "out"):
        ex.forget_labels(args.get(None, "out"), args.frame)  # `np.clip(y, 0, 1, out=y)`
    if path in _NUMPY_MUTATORS:
        # `np.place(y, y == 2, 1)`: the array changes in place
        ex.forget_labels(args.get(0, "arr", "a", "dst"), args.frame)
        return UNKNOWN
    if path in _NUMPY_PASSTHROUGH:
        first = args.get(0, "object", "value", "x", "a")
        if isinstance(first, (LabelVal, TensorVal)):
            return first
        reshaped = (
            len(args.positional) > 2
            or args.star
            or args.dstar
            or any(key not in ("dtype", "name", "copy") for key in args.keywords)
        )
        if isinstance(first, Seq) and not reshaped:  # `tf.constant([0, 1], shape=(1, 2))` is one row
            module, _, function = path.rpartition(".")
            spelled = f"{_SHORT_MODULES.get(module, module)}.{function}"
            return literal_labels(first, node, spelled) or UNKNOWN
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
        return DataVal(data or UNKNOWN, UNKNOWN, single=not isinstance(data, (Seq, Mapping)))
    if path == "tensorflow.data.Dataset.zip":
        # `Dataset.zip((images, labels))`: pairs from two single-tensor datasets
        parts = args.get(0, "datasets")
        if isinstance(parts, Seq) and len(parts.items) == 2:
            x, y = parts.items
            if isinstance(y, DataVal) and y.single:  # the labels' dataset decides the labels
                return DataVal(x.x if isinstance(x, DataVal) and x.single else UNKNOWN, y.x)
        return UNKNOWN
    if path == "tensorflow_datasets.load":
        return _tfds_load(args, node)
    if path == "pandas.factorize":  # (codes, uniques)
        return Seq((_labels("int", node, "`pd.factorize`", columns=1), UNKNOWN))
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
    """``image_dataset_from_directory`` and friends: ``label_mode`` defaults to "int";
    ``subset="both"`` returns the training and the validation datasets."""
    subset = args.get(None, "subset", default=Const(None)) or UNKNOWN
    data = _directory_data(name, args, node)
    if subset == Const("both"):
        return Seq((data, data))
    if subset == Const(None) or str_value(subset) is not None:
        return data
    return UNKNOWN  # a subset we cannot read may be "both"


def _directory_data(name: str, args: CallArgs, node: cst.CSTNode) -> Value:
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


# scikit-learn's toy datasets whose `target` is a class id, and their class counts.
_SKLEARN_DATASETS = {"load_iris": 3, "load_wine": 3, "load_digits": 10, "load_breast_cancer": 2}


def _sklearn_dataset(ex: Extractor, name: str, args: CallArgs, node: cst.CSTNode) -> Value:
    """``load_iris()`` (a Bunch with ``.data`` and ``.target``) or ``load_iris(return_X_y=True)``."""
    classes = _SKLEARN_DATASETS[name]
    if name == "load_digits":
        classes = int_value(args.get(0, "n_class", default=Const(10)) or UNKNOWN) or 0
    if classes < 2 or args.get(None, "as_frame", default=Const(False)) != Const(False):
        return UNKNOWN
    labels = _labels("binary" if classes == 2 else "int", node, f"`{name}`", classes=classes, columns=1)
    data = TensorVal(many=True)
    split = args.get(None, "return_X_y", default=Const(False))
    if split == Const(True):
        return Seq((data, labels))
    if split != Const(False):
        return UNKNOWN
    oid = ex.new_oid(node)
    ex.store(oid, ObjState("external", node, ext="Bunch").with_attr("data", data).with_attr("target", labels))
    return Ref(oid)


def _tfds_load(args: CallArgs, node: cst.CSTNode) -> Value:
    """``tfds.load("mnist", split="train", as_supervised=True)``: ``(image, class id)`` batches.

    A list of splits gives a list of datasets, no split a dict of them, and ``with_info=True``
    a ``(datasets, info)`` pair. Only datasets whose label is known to be a class id count."""
    name = str_value(args.get(0, "name") or UNKNOWN)
    if name is None or args.get(None, "as_supervised") != Const(True) or args.given(None, "batch_size"):
        return UNKNOWN
    dataset = name.split(":")[0]
    classes = TFDS_CLASSES.get(dataset) or TFDS_CLASSES.get(dataset.split("/")[0])
    if classes is None:
        return UNKNOWN
    encoding = "binary" if classes == 2 else "int"
    labels = _labels(encoding, node, f'`tfds.load("{dataset}")`', classes=classes, columns=1)
    data = DataVal(TensorVal(many=True), labels)
    split = args.get(None, "split")
    result: Value
    if split is None:
        result = Mapping(tuple((Const(key), data) for key in ("train", "test", "validation")))
    elif isinstance(split, Seq):
        result = Seq(tuple(data for _ in split.items))
    elif str_value(split) is not None:
        result = data
    else:
        return UNKNOWN
    if args.get(None, "with_info", default=Const(False)) != Const(False):
        return Seq((result, UNKNOWN)) if args.get(None, "with_info") == Const(True) else UNKNOWN
    return result


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
    if name in _SKLEARN_ENCODERS or name in _SKLEARN_ROW_TRANSFORMERS:
        oid = ex.new_oid(node)
        ex.store(oid, ObjState("external", node, ext=name))
        return Ref(oid)
    if name in _SKLEARN_DATASETS:
        return _sklearn_dataset(ex, name, args, node)
    if name in ("make_classification", "make_blobs", "make_moons", "make_circles"):
        if name == "make_classification":
            count = args.get(None, "n_classes", default=Const(2))
        elif name == "make_blobs":
            count = args.get(2, "centers", default=Const(None))
            samples = args.get(0, "n_samples")
            if isinstance(count, Seq):  # the centres' coordinates
                count = Const(len(count.items))
            elif count == Const(None):  # one blob per entry of a list of sizes, else 3
                count = Const(len(samples.items)) if isinstance(samples, Seq) else Const(3)
        else:
            count = Const(2)
        classes = int_value(count or UNKNOWN)
        if classes is None or classes < 2:
            return UNKNOWN
        labels = _labels("binary" if classes == 2 else "int", node, f"`{name}`", classes=classes, columns=1)
        return Seq((TensorVal(many=True), labels))
    if name == "label_binarize":
        # one column per class, except for two classes: a single 0/1 column
        listed = args.get(None, "classes")
        if not isinstance(listed, Seq) or len(listed.items) < 2:
            return UNKNOWN
        if len(listed.items) == 2:
            return _labels("binary", node, "`label_binarize`", columns=1)
        return _labels(
            "onehot",
            node,
            "`label_binarize`",
            classes=len(listed.items),
            classes_node=args.node(None, "classes"),
        )
    if name == "make_multilabel_classification":
        if args.get(None, "return_indicator", default=Const("dense")) not in (
            Const("dense"),
            Const("sparse"),
            Const(True),
        ):
            return UNKNOWN
        n_classes = int_value(args.get(None, "n_classes", default=Const(5)) or UNKNOWN)
        return Seq(
            (
                TensorVal(many=True),
                _labels("multihot", node, "`make_multilabel_classification`", classes=n_classes),
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
    if kind in _SKLEARN_ROW_TRANSFORMERS:
        # `StandardScaler().fit_transform(x)`: one output row per sample
        if name == "fit":
            return ref
        if name in ("fit_transform", "transform"):
            x = args.get(0, "X")
            return (
                TensorVal(many=True) if isinstance(x, TensorVal) and x.many and not x.prediction else UNKNOWN
            )
        return UNKNOWN
    if kind in _SKLEARN_ENCODERS:
        if name in ("fit", "fit_transform"):
            y = args.get(0, "y", "X") or UNKNOWN
            ex.store(ref.oid, state.with_attr("fitted", y))
            if name == "fit":
                return ref
        if name in ("fit_transform", "transform"):
            fitted = ex.heap[ref.oid].attr("fitted")
            classes = _distinct(fitted) if kind in _COUNTING_ENCODERS and fitted is not None else None
            if kind == "LabelBinarizer":
                if classes is None or classes < 2:
                    return UNKNOWN
                if classes == 2:
                    return _labels("binary", node, f"`{kind}`", columns=1)
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
                elements = CallArgs.of(receiver.x) if receiver.single else CallArgs.of(receiver.x, receiver.y)
                result = ex.call(fn, elements, node)
                if isinstance(result, Seq) and len(result.items) >= 2:
                    return DataVal(result.items[0], result.items[1])
                if receiver.single and not isinstance(result, (Seq, Mapping)):
                    return DataVal(result, UNKNOWN, single=True)
            return DataVal(UNKNOWN, UNKNOWN)
        return UNKNOWN
    if isinstance(receiver, LabelVal):
        if name in _ARRAY_PASSTHROUGH:
            return receiver
        if name == "reshape":
            shape = args.get(0, "shape") if len(args.positional) == 1 else Seq(tuple(args.positional))
            return reshape_labels(receiver, shape)
        if name in _FLATTENING and receiver.labels.is_integer:
            return receiver
        return UNKNOWN
    if isinstance(receiver, TensorVal):
        if name == "argmax" and receiver.prediction:
            return argmax(ex, "numpy", receiver, args, node, axis_index=0)
        if name in _ARRAY_PASSTHROUGH:
            return receiver
        if name == "reshape" and receiver.many and not receiver.prediction:
            shape = args.get(0, "shape") if len(args.positional) == 1 else Seq(tuple(args.positional))
            return TensorVal(many=True) if _keeps_rows(shape) else UNKNOWN
        return UNKNOWN
    if isinstance(receiver, MetricVal) and name in ("update_state", "__call__"):
        return apply_metric(ex, receiver, args, node)
    if receiver is UNKNOWN and name in UNKNOWN_RECEIVER_METHODS:
        table = args.get(0, "arg")
        if len(args.positional) + len(args.keywords) == 1 and isinstance(table, Mapping):
            return _mapped_labels(table, node, name)
    return UNKNOWN


# Methods worth following on an object we know nothing about: only pandas' `Series.map` takes
# a dict, so a dict of class ids makes the result class ids (one column).
UNKNOWN_RECEIVER_METHODS = frozenset({"map"})


def _mapped_labels(table: Mapping, node: cst.CSTNode, method: str) -> Value:
    """``series.map({"cat": 0, "dog": 1})``: class ids when every key is a literal and every
    value a distinct literal int from 0 up."""
    if not table.items or not all(isinstance(key, Const) for key, _ in table.items):
        return UNKNOWN
    ids = [int_value(value) for _, value in table.items]
    if any(i is None or i < 0 for i in ids) or len(set(ids)) != len(ids):
        return UNKNOWN
    largest = max(i for i in ids if i is not None)
    if largest <= 1:
        return _labels("binary", node, f"`.{method}` of a dict", columns=1)
    return _labels("int", node, f"`.{method}` of a dict", columns=1)  # no class count, as above


_FLATTENING = frozenset({"flatten", "ravel", "squeeze"})


def _keeps_rows(shape: Optional[Value]) -> bool:
    """A new shape that keeps the samples on the first axis: ``(-1, 784)``, ``(-1, 28, 28, 1)``."""
    return isinstance(shape, Seq) and len(shape.items) >= 2 and int_value(shape.items[0]) == -1


def reshape_labels(labels: LabelVal, shape: Optional[Value]) -> Value:
    """``y.reshape(...)`` keeps class ids in one column, and one-hot rows reshaped to
    ``(-1, k)`` with k their width; any other shape is unknown."""
    found = labels.labels
    if shape is None:
        return UNKNOWN
    sizes = [int_value(item) for item in shape.items] if isinstance(shape, Seq) else [int_value(shape)]
    if not sizes or len(sizes) > 2 or (sizes[-1] is None and len(sizes) == 2):
        return UNKNOWN  # the number of rows may be unknown, the width must not
    if found.is_integer and (len(sizes) == 1 or sizes[1] == 1):
        return labels  # (-1,) or (-1, 1)
    if found.encoding in ("onehot", "multihot") and len(sizes) == 2 and sizes[1] == found.classes:
        return labels
    return UNKNOWN


def subscript_labels(
    labels: LabelVal, rows: bool, column: Optional[tuple[Optional[int], Optional[int]]]
) -> Value:
    """``y[rows]`` keeps the labels; ``y[:, j]`` and ``y[:, a:b]`` pick columns of an integer
    array (``column`` is ``(j, None)`` or ``(a, b)`` with b the stop); anything else is unknown."""
    found = labels.labels
    if rows:
        if found.encoding in ("int", "binary") and found.classes is not None:
            # `y[y != 2]`, `y[:100]`: the same ids, but maybe not every class any more
            return replace(labels, labels=replace(found, classes=None, classes_node=None))
        return labels
    if column is None or found.encoding != "int" or found.columns is None:
        return UNKNOWN
    start, stop = column
    if stop is None and start is not None:
        return replace(labels, labels=replace(found, columns=1))
    width = len(range(found.columns)[slice(start, stop)])
    return replace(labels, labels=replace(found, columns=width)) if width else UNKNOWN


def without_class_count(labels: LabelVal) -> Value:
    """Class ids whose values may have changed: still ids, count unknown; anything else unknown."""
    found = labels.labels
    if not found.is_integer:
        return UNKNOWN
    return replace(labels, labels=replace(found, encoding="int", classes=None, classes_node=None))


def assign_into_labels(labels: LabelVal, value: Value) -> Value:
    """``y[mask] = 2`` / ``y[y == 10] = 0``: class ids stay class ids, but how many there are,
    and the smallest, are no longer known; anything else makes the labels unknown."""
    found = labels.labels
    new_id = int_value(value)
    if not found.is_integer or new_id is None or new_id < 0:
        return UNKNOWN
    remapped = replace(
        found, encoding="int", classes=None, classes_node=None, first_id=min(found.first_id, new_id)
    )
    return replace(labels, labels=remapped)


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
    from keraslint.facts.keras_calls import sequence_batches

    if name == "fit_generator":
        data = sequence_batches(ex, args.get(0, "generator"), node)
        inputs: Optional[Value] = data.x if isinstance(data, DataVal) else None
        targets: Optional[Value] = data.y if isinstance(data, DataVal) else None
    else:
        x = sequence_batches(ex, args.get(0, "x"), node)
        inputs = x.x if isinstance(x, DataVal) else x
        targets = x.y if isinstance(x, DataVal) else args.get(1, "y")
    feeds = [_labels_unless_inputs(inputs, targets)]
    if name != "train_on_batch":
        validation = sequence_batches(ex, args.get(None, "validation_data"), node)
        if isinstance(validation, DataVal):
            feeds.append(_labels_unless_inputs(validation.x, validation.y))
        elif isinstance(validation, Seq) and len(validation.items) >= 2:
            feeds.append(_labels_unless_inputs(validation.items[0], validation.items[1]))
    ex.trained.add(ref.oid)
    compiled = state.compiled
    if compiled is None:
        return UNKNOWN
    for feed in feeds:
        if feed is None:
            continue
        for (head, loss), labels in _per_output(compiled, state.output_names, feed):
            if labels.rows and head.rank != 2:
                continue  # literal rows may be per-time-step targets of a sequence head
            ex.record_fit(FitUse(head, loss, labels, node))
    return UNKNOWN


def _labels_unless_inputs(inputs: Optional[Value], targets: Optional[Value]) -> Optional[Value]:
    """The targets, unless they are the inputs themselves (``fit(x, x)``: an autoencoder
    reconstructs its input, which says nothing about classes)."""
    if targets is None or inputs is targets:
        return None
    return targets


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
    if state.kind == "hf_pretrained":
        return UNKNOWN
    if outputs is None or state.one_output_list:  # a list or an array, depending on the version
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
