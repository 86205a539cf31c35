"""Labels: where training targets come from, which encoding they have, and how fit() pairs them
with the compiled outputs (FitUse facts), checked on the facts and end to end (KL201-KL205, KL103).
"""

from __future__ import annotations

import textwrap

import pytest

from tests.conftest import codes, facts_of, lint

# A 10-way softmax compiled with the loss on line 6; snippets start on line 7.
HEADER = """\
import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow import keras
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="{loss}")
"""
LOSS_ROW = 6
HEAD_ROW = 5
SCCE = "sparse_categorical_crossentropy"
CCE = "categorical_crossentropy"


def program(snippet: str, loss: str = SCCE) -> str:
    return HEADER.format(loss=loss) + textwrap.dedent(snippet)


def labels(code: str) -> list[tuple[str, object]]:
    """(encoding, classes) of the labels of every fit() fact."""
    return [(f.labels.encoding, f.labels.classes) for f in facts_of(code).fits]


def details(code: str) -> list[tuple[str, object, int, object, bool]]:
    """(encoding, classes, first_id, columns, at_source) of every fit() fact."""
    return [
        (f.labels.encoding, f.labels.classes, f.labels.first_id, f.labels.columns, f.labels.at_source)
        for f in facts_of(code).fits
    ]


def row_of(code: str, text: str) -> int:
    """The 1-based row of the only line of the (dedented) code containing ``text``."""
    rows = [i for i, line in enumerate(textwrap.dedent(code).splitlines(), 1) if text in line]
    assert len(rows) == 1, (text, rows)
    return rows[0]


# ------------------------------------------------------------------ one-hot label sources

ONE_HOT_FORMS = [
    ('y = keras.utils.to_categorical(np.load("y.npy"), 10)', "`to_categorical`", 10),
    ('y = keras.utils.to_categorical(np.load("y.npy"), num_classes=10)', "`to_categorical`", 10),
    ('y = keras.utils.to_categorical(np.load("y.npy"))', "`to_categorical`", None),
    (
        'from tensorflow.keras.utils import to_categorical\ny = to_categorical(np.load("y.npy"))',
        "`to_categorical`",
        None,
    ),
    (
        'from keras.utils import np_utils\ny = np_utils.to_categorical(np.load("y.npy"), nb_classes=10)',
        "`to_categorical`",
        10,
    ),
    (
        'from keras.utils import np_utils\ny = np_utils.to_categorical(np.load("y.npy"), 10)',
        "`to_categorical`",
        10,
    ),
    (
        'from keras.utils.np_utils import to_categorical\ny = to_categorical(np.load("y.npy"), 10)',
        "`to_categorical`",
        10,
    ),
    ('y = tf.one_hot(np.load("y.npy"), 10)', "`tf.one_hot`", 10),
    ('y = tf.one_hot(np.load("y.npy"), depth=10)', "`tf.one_hot`", 10),
    ('y = np.eye(10)[np.load("y.npy")]', "`np.eye`", 10),
    ('y = np.eye(10, dtype="float32")[np.load("y.npy").reshape(-1)]', "`np.eye`", 10),
    ('y = pd.get_dummies(pd.read_csv("d.csv")["label"])', "`pd.get_dummies`", None),
    ('y = pd.get_dummies(pd.read_csv("d.csv")["label"]).values', "`pd.get_dummies`", None),
    ('y = pd.get_dummies(pd.read_csv("d.csv")["label"]).to_numpy()', "`pd.get_dummies`", None),
    (
        "from sklearn.preprocessing import OneHotEncoder\n"
        'y = OneHotEncoder(sparse_output=False).fit_transform(np.load("y.npy"))',
        "`OneHotEncoder`",
        None,
    ),
    (
        "from sklearn.preprocessing import OneHotEncoder\n"
        "enc = OneHotEncoder()\n"
        'enc.fit(np.load("y.npy"))\n'
        'y = enc.transform(np.load("y.npy")).toarray()',
        "`OneHotEncoder`",
        None,
    ),
]


@pytest.mark.parametrize(("snippet", "source", "classes"), ONE_HOT_FORMS)
def test_one_hot_sources(snippet: str, source: str, classes: object) -> None:
    code = program(snippet + '\nmodel.fit(np.load("x.npy"), y)\n')
    fits = facts_of(code).fits
    assert [(f.labels.encoding, f.labels.classes, f.labels.source, f.labels.at_source) for f in fits] == [
        ("onehot", classes, source, False)
    ]
    assert (fits[0].head.units, fits[0].loss.family if fits[0].loss else None) == (10, "scce")
    # Not from a loader: reported at the loss.
    assert codes(code) == [("KL201", LOSS_ROW)]
    # The matching loss, with as many units as classes: nothing to say.
    assert codes(program(snippet + '\nmodel.fit(np.load("x.npy"), y)\n', loss=CCE)) == []


@pytest.mark.parametrize(
    "snippet",
    [
        'y = np.eye(10, 3)[np.load("y.npy")]',  # not square: not an identity matrix
        'y = np.eye(10, k=1)[np.load("y.npy")]',  # shifted diagonal
        'y = np.load("y.npy")',
        'y = pd.read_csv("d.csv")["label"].values',
        'y = pd.get_dummies(pd.read_csv("d.csv")).sum(axis=1)',
    ],
)
def test_look_alikes_of_one_hot_sources_are_unknown(snippet: str) -> None:
    code = program(snippet + '\nmodel.fit(np.load("x.npy"), y)\n')
    assert labels(code) == []
    assert codes(code) == []


def test_to_categorical_without_count_takes_the_class_count_of_its_input() -> None:
    code = program(
        """\
        (x, y), _ = keras.datasets.cifar100.load_data()
        y = keras.utils.to_categorical(y)
        model.fit(x, y)
        """,
        loss=CCE,
    )
    assert labels(code) == [("onehot", 100)]
    # 100 one-hot columns on a 10-unit head; the count is spelled by the dataset loader (line 7).
    diagnostics = lint(code)
    assert [(d.code, d.location.row) for d in diagnostics] == [("KL203", HEAD_ROW)]
    assert "(line 7)" in diagnostics[0].message and "100 classes" in diagnostics[0].message


def test_to_categorical_of_tokenizer_ids_counts_the_unused_zero_column() -> None:
    code = """\
    import numpy as np
    from tensorflow import keras
    from tensorflow.keras.preprocessing.text import Tokenizer
    names = ["low", "mid", "high"]
    tok = Tokenizer()
    tok.fit_on_texts(names)
    y = keras.utils.to_categorical(tok.texts_to_sequences(names))
    model = keras.Sequential([keras.layers.Dense(4, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    model.fit(np.zeros((3, 8)), y)
    """
    # ids 1..3 -> to_categorical makes max(y) + 1 = 4 columns, which the 4-unit head matches.
    assert labels(code) == [("onehot", 4)]
    assert codes(code) == []
    assert codes(code.replace("Dense(4,", "Dense(3,")) == [("KL203", 8)]


# ------------------------------------------------------------------ integer label sources

INTEGER_FORMS = [
    (
        'from sklearn.preprocessing import LabelEncoder\ny = LabelEncoder().fit_transform(["a", "b", "c", "a"])',
        "`LabelEncoder`",
        3,
    ),
    (
        "from sklearn.preprocessing import LabelEncoder\n"
        "le = LabelEncoder()\n"
        'le.fit(["cat", "dog", "cat"])\n'
        'y = le.transform(["dog", "cat"])',
        "`LabelEncoder`",
        2,
    ),
    (
        "from sklearn.preprocessing import LabelEncoder\n"
        "le = LabelEncoder()\n"
        'y = le.fit(np.load("y.npy")).transform(np.load("y.npy"))',
        "`LabelEncoder`",
        None,
    ),
    ("y = np.random.randint(0, 10, size=(500,))", "`np.random.randint`", None),
    ("y = np.random.randint(10, size=(500, 1))", "`np.random.randint`", None),
]


@pytest.mark.parametrize(("snippet", "source", "classes"), INTEGER_FORMS)
def test_integer_sources(snippet: str, source: str, classes: object) -> None:
    code = program(snippet + '\nmodel.fit(np.load("x.npy"), y)\n', loss=CCE)
    fits = facts_of(code).fits
    assert [(f.labels.encoding, f.labels.classes, f.labels.columns, f.labels.source) for f in fits] == [
        ("int", classes, 1, source)
    ]
    assert codes(code) == [("KL202", LOSS_ROW)]
    assert codes(program(snippet + '\nmodel.fit(np.load("x.npy"), y)\n', loss=SCCE)) == []


def test_label_encoder_ids_to_categorical_take_the_distinct_label_count() -> None:
    code = program(
        """\
        from sklearn.preprocessing import LabelEncoder
        le = LabelEncoder()
        y = keras.utils.to_categorical(le.fit_transform(["a", "b", "c", "b"]))
        model.fit(np.load("x.npy"), y)
        """,
        loss=CCE,
    )
    assert labels(code) == [("onehot", 3)]
    assert codes(code) == [("KL203", HEAD_ROW)]


# ------------------------------------------------------------------ multi-label sources


@pytest.mark.parametrize(
    ("snippet", "classes"),
    [
        (
            "from sklearn.preprocessing import MultiLabelBinarizer\n"
            'y = MultiLabelBinarizer().fit_transform([["a"], ["b", "c"]])',
            None,
        ),
        (
            "from sklearn.preprocessing import MultiLabelBinarizer\n"
            "mlb = MultiLabelBinarizer()\n"
            'mlb.fit([["a"], ["b", "c"]])\n'
            'y = mlb.transform([["a"], ["b", "c"]])',
            None,
        ),
        (
            "from sklearn.datasets import make_multilabel_classification\n"
            "X, y = make_multilabel_classification(n_samples=100, n_classes=10)",
            10,
        ),
        (
            "from sklearn.datasets import make_multilabel_classification\n"
            "X, y = make_multilabel_classification()",  # n_classes defaults to 5
            5,
        ),
        (
            "from sklearn.datasets import make_multilabel_classification\n"
            'X, y = make_multilabel_classification(n_classes=10, return_indicator="sparse")',
            10,
        ),
    ],
)
def test_multi_label_sources(snippet: str, classes: object) -> None:
    code = program(snippet + "\nmodel.fit(None, y)\n", loss="binary_crossentropy")
    assert labels(code) == [("multihot", classes)]
    assert ("KL204", HEAD_ROW) in codes(code, select=["KL204"])
    sigmoid = code.replace('activation="softmax"', 'activation="sigmoid"')
    assert codes(sigmoid, select=["KL204"]) == []


def test_make_multilabel_classification_as_label_lists_is_unknown() -> None:
    code = program(
        """\
        from sklearn.datasets import make_multilabel_classification
        X, y = make_multilabel_classification(n_classes=3, return_indicator=False)
        model.fit(X, y)
        """
    )
    assert labels(code) == []


# ------------------------------------------------------------------ keras.datasets


@pytest.mark.parametrize(
    ("dataset", "encoding", "classes"),
    [
        ("mnist", "int", 10),
        ("fashion_mnist", "int", 10),
        ("cifar10", "int", 10),
        ("cifar100", "int", 100),
        ("reuters", "int", 46),
        ("imdb", "binary", 2),
    ],
)
def test_keras_datasets(dataset: str, encoding: str, classes: int) -> None:
    code = program(
        f"""\
        (x_train, y_train), (x_test, y_test) = keras.datasets.{dataset}.load_data()
        model.fit(x_train, y_train)
        """
    )
    fits = facts_of(code).fits
    assert [(f.labels.encoding, f.labels.classes, f.labels.columns) for f in fits] == [(encoding, classes, 1)]
    assert fits[0].labels.source == f"`keras.datasets.{dataset}.load_data()`"
    # Integer ids with a 10-unit sparse head: only too many classes is wrong.
    assert codes(code) == ([("KL203", HEAD_ROW)] if classes > 10 else [])
    # The same ids with the one-hot loss.
    assert codes(code.replace(SCCE, CCE)) == [("KL202", LOSS_ROW)]


def test_keras_datasets_regression_loader_is_unknown() -> None:
    code = program(
        """\
        (x_train, y_train), _ = keras.datasets.boston_housing.load_data()
        model.fit(x_train, y_train)
        """,
        loss=CCE,
    )
    assert labels(code) == []
    assert codes(code) == []


@pytest.mark.parametrize(
    "snippet",
    [
        "from keras.datasets import mnist\n(x, y), (x_t, y_t) = mnist.load_data()\nmodel.fit(x, y)",
        "from tensorflow.keras.datasets import mnist\ntrain, test = mnist.load_data()\nx, y = train\nmodel.fit(x, y)",
        "(x, y), _ = tf.keras.datasets.mnist.load_data()\nmodel.fit(x, y)",
        "(_, _), (x_t, y_t) = keras.datasets.mnist.load_data()\nmodel.fit(x_t, y_t)",
        "data = keras.datasets.mnist.load_data()\n(x, y), _ = data\nmodel.fit(x, y)",
    ],
)
def test_keras_dataset_unpacking_forms(snippet: str) -> None:
    assert labels(program(snippet, loss=CCE)) == [("int", 10)]


@pytest.mark.parametrize(
    ("call", "classes"),
    [
        ("keras.datasets.imdb.load_data(num_words=10000)", 2),
        ("keras.datasets.reuters.load_data(num_words=10000, test_split=0.2)", 46),
        ('keras.datasets.cifar100.load_data("coarse")', 20),
        ('keras.datasets.cifar100.load_data(label_mode="fine")', 100),
        ("keras.datasets.cifar100.load_data(label_mode=MODE)", None),
    ],
)
def test_keras_dataset_loader_arguments(call: str, classes: object) -> None:
    code = program(f"(x, y), _ = {call}\nmodel.fit(x, y)\n")
    assert [c for _, c in labels(code)] == [classes]


def test_cifar100_coarse_labels_have_20_classes() -> None:
    code = program(
        """\
        from keras.datasets import cifar100
        (x, y), _ = cifar100.load_data(label_mode="coarse")
        model.fit(x, y)
        """
    )
    assert labels(code) == [("int", 20)]
    assert codes(code) == [("KL203", HEAD_ROW)]  # 20 ids, 10 units
    assert codes(code.replace("Dense(10,", "Dense(20,")) == []


# ------------------------------------------------------------------ directory loaders

LOADER = """\
import tensorflow as tf
from tensorflow import keras
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="{loss}")
"""


def loader_program(snippet: str, loss: str) -> str:
    return LOADER.format(loss=loss) + textwrap.dedent(snippet)


@pytest.mark.parametrize(
    "loader",
    [
        "keras.utils.image_dataset_from_directory",
        "keras.utils.text_dataset_from_directory",
        "tf.keras.preprocessing.image_dataset_from_directory",
    ],
)
def test_directory_loader_default_is_int_reported_at_the_call(loader: str) -> None:
    code = loader_program(f'ds = {loader}("data")\nmodel.fit(ds, epochs=3)\n', CCE)
    assert details(code) == [("int", None, 0, 1, True)]
    assert facts_of(code).fits[0].labels.source.startswith(f"`{loader.rsplit('.', 1)[1]}`")
    assert codes(code) == [("KL202", 5)]
    assert codes(loader_program(f'ds = {loader}("data")\nmodel.fit(ds)\n', SCCE)) == []


@pytest.mark.parametrize(
    ("call", "encoding", "classes"),
    [
        ('keras.utils.image_dataset_from_directory("d", label_mode="int")', "int", None),
        ('keras.utils.image_dataset_from_directory("d", "inferred", "int")', "int", None),
        ('keras.utils.image_dataset_from_directory("d", label_mode="binary")', "binary", None),
        ('keras.utils.image_dataset_from_directory("d", label_mode="categorical")', "onehot", None),
        ('keras.utils.image_dataset_from_directory("d", "inferred", "categorical")', "onehot", None),
        (
            'keras.utils.image_dataset_from_directory("d", label_mode="categorical", class_names=["a", "b", "c"])',
            "onehot",
            3,
        ),
        ('keras.utils.image_dataset_from_directory("d", "inferred", "int", ["a", "b", "c", "d"])', "int", 4),
        ('keras.utils.text_dataset_from_directory("d", label_mode="categorical")', "onehot", None),
    ],
)
def test_directory_loader_explicit_modes(call: str, encoding: str, classes: object) -> None:
    code = loader_program(f"ds = {call}\nmodel.fit(ds)\n", SCCE)
    fits = facts_of(code).fits
    assert [(f.labels.encoding, f.labels.classes, f.labels.at_source) for f in fits] == [
        (encoding, classes, True)
    ]
    if "label_mode" in call or '"inferred", "' in call:
        mode = {"int": "int", "binary": "binary", "onehot": "categorical"}[encoding]
        assert fits[0].labels.source == f'`label_mode="{mode}"`'


@pytest.mark.parametrize(
    "call",
    [
        'keras.utils.image_dataset_from_directory("d", labels=None)',
        'keras.utils.image_dataset_from_directory("d", None)',
        'keras.utils.image_dataset_from_directory("d", labels=[0, 1, 2])',
        'keras.utils.image_dataset_from_directory("d", label_mode=None)',
        'keras.utils.image_dataset_from_directory("d", label_mode=MODE)',
    ],
)
def test_directory_loader_without_known_labels_is_unknown(call: str) -> None:
    code = loader_program(f"ds = {call}\nmodel.fit(ds)\n", CCE)
    assert labels(code) == []
    assert codes(code) == []


def test_directory_loader_report_sits_at_the_mode_argument_line() -> None:
    code = loader_program(
        """\
        train_ds = keras.utils.image_dataset_from_directory(
            "flowers",
            validation_split=0.2,
            subset="training",
            label_mode="int",
            image_size=(180, 180),
        )
        model.fit(train_ds)
        """,
        CCE,
    )
    assert codes(code) == [("KL202", 9)]
    assert codes(code.replace('label_mode="int"', 'label_mode="categorical"')) == []


def test_directory_loader_mapped_to_one_hot_is_no_longer_at_source() -> None:
    code = loader_program(
        """\
        train = keras.utils.image_dataset_from_directory("flowers")
        train = train.map(lambda x, y: (x, tf.one_hot(y, 3)))
        model.fit(train)
        """,
        SCCE,
    )
    assert details(code) == [("onehot", 3, 0, None, False)]
    assert codes(code) == [("KL201", 4)]  # the loss, not the loader: the map decided the encoding
    assert codes(code.replace(SCCE, CCE)) == []


# ------------------------------------------------------------------ ImageDataGenerator

GENERATOR = """\
import numpy as np
from tensorflow import keras
from tensorflow.keras.preprocessing.image import ImageDataGenerator
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="{loss}")
datagen = ImageDataGenerator(rescale=1 / 255)
"""


def generator_program(snippet: str, loss: str) -> str:
    return GENERATOR.format(loss=loss) + textwrap.dedent(snippet)


@pytest.mark.parametrize(
    ("call", "encoding", "classes"),
    [
        ('datagen.flow_from_directory("train")', "onehot", None),
        ('datagen.flow_from_directory("train", class_mode="categorical")', "onehot", None),
        ('datagen.flow_from_directory("train", (64, 64), "rgb", None, "categorical")', "onehot", None),
        ('datagen.flow_from_directory("train", class_mode="sparse")', "int", None),
        ('datagen.flow_from_directory("train", class_mode="binary")', "binary", None),
        ('datagen.flow_from_directory("train", classes=["a", "b", "c"])', "onehot", 3),
        ('datagen.flow_from_directory("train", (64, 64), "rgb", ["a", "b"], "sparse")', "int", 2),
        ('datagen.flow_from_dataframe(df, x_col="f", y_col="c")', "onehot", None),
        ('datagen.flow_from_dataframe(df, x_col="f", y_col="c", class_mode="sparse")', "int", None),
        (
            'datagen.flow_from_dataframe(df, class_mode="categorical", classes=["a", "b", "c", "d"])',
            "onehot",
            4,
        ),
        ('ImageDataGenerator().flow_from_directory("train", class_mode="sparse")', "int", None),
    ],
)
def test_generator_modes(call: str, encoding: str, classes: object) -> None:
    code = generator_program(f"gen = {call}\nmodel.fit(gen)\n", SCCE)
    fits = facts_of(code).fits
    assert [(f.labels.encoding, f.labels.classes, f.labels.at_source) for f in fits] == [
        (encoding, classes, True)
    ]
    if "class_mode=" in call or '"rgb", None, "' in call or '"rgb", ["a", "b"], "' in call:
        mode = {"int": "sparse", "binary": "binary", "onehot": "categorical"}[encoding]
        assert fits[0].labels.source == f'`class_mode="{mode}"`'
    else:  # the default mode: the message names the method
        assert fits[0].labels.source.startswith(f"`{call.split('.')[-1].split('(')[0]}`")
        assert 'class_mode="categorical"' in fits[0].labels.source


@pytest.mark.parametrize("mode", ["None", '"input"', '"raw"', '"multi_output"', "MODE"])
def test_generator_modes_without_class_labels_are_unknown(mode: str) -> None:
    code = generator_program(
        f'gen = datagen.flow_from_directory("train", class_mode={mode})\nmodel.fit(gen)\n', SCCE
    )
    assert labels(code) == []
    assert codes(code) == []


def test_generator_default_mode_reported_at_the_call_explicit_mode_at_the_argument() -> None:
    default = generator_program(
        """\
        train = datagen.flow_from_directory(
            "data/train",
            target_size=(64, 64),
        )
        model.fit(train)
        """,
        SCCE,
    )
    assert codes(default) == [("KL201", 7)]
    explicit = generator_program(
        """\
        train = datagen.flow_from_directory(
            "data/train",
            target_size=(64, 64),
            class_mode="categorical",
        )
        model.fit(train)
        """,
        SCCE,
    )
    assert codes(explicit) == [("KL201", 10)]
    assert codes(explicit.replace('"categorical"', '"sparse"')) == []
    assert codes(explicit.replace(SCCE, CCE)) == []


def test_generator_flow_carries_the_labels_given_to_it() -> None:
    code = generator_program(
        """\
        y = keras.utils.to_categorical(np.load("y.npy"), 3)
        model.fit(datagen.flow(np.load("x.npy"), y, batch_size=32), epochs=5)
        """,
        SCCE,
    )
    assert details(code) == [("onehot", 3, 0, None, False)]
    assert codes(code) == [("KL201", 5)]
    unknown = generator_program('model.fit(datagen.flow(np.load("x.npy"), np.load("y.npy")))\n', SCCE)
    assert labels(unknown) == []


# ------------------------------------------------------------------ Tokenizer on label strings

TOKENIZER = """\
import numpy as np
from tensorflow import keras
from tensorflow.keras.preprocessing.text import Tokenizer
labels = ["sport", "tech", "business", "sport", "politics"]
tok = Tokenizer()
tok.fit_on_texts(labels)
model = keras.Sequential([keras.layers.Dense(4, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
"""


@pytest.mark.parametrize(
    ("snippet", "first_id"),
    [
        ("y = tok.texts_to_sequences(labels)", 1),
        ("y = np.array(tok.texts_to_sequences(labels))", 1),
        ("y = np.asarray(tok.texts_to_sequences(labels)).reshape(-1)", 1),
        ('y = np.array(tok.texts_to_sequences(labels)).astype("int32")', 1),
        ("y = np.array(tok.texts_to_sequences(labels)) - 1", 0),
        ("y = np.array(tok.texts_to_sequences(labels))\ny = y - 1", 0),
        ("y = np.array(tok.texts_to_sequences(labels)) + 1", 2),
    ],
)
def test_tokenizer_ids_start_at_one(snippet: str, first_id: int) -> None:
    code = TOKENIZER + snippet + "\nmodel.fit(np.zeros((5, 8)), y)\n"
    assert details(code) == [("int", 4, first_id, 1, False)]
    # 4 label words on a 4-unit head: ids 0..3 fit, ids 1..4 or 2..5 do not.
    assert codes(code) == ([] if first_id == 0 else [("KL205", 7)])
    # One more unit covers ids 1..4.
    assert codes(code.replace("Dense(4,", "Dense(5,")) == ([] if first_id < 2 else [("KL205", 7)])


@pytest.mark.parametrize(
    "snippet",
    [
        'y = tok.texts_to_sequences(["sport", "tech"])',  # not the texts it was fitted on
        "y = tok.texts_to_sequences(labels[:2])",
        "y = np.array(tok.texts_to_sequences(labels)) * 2",
    ],
)
def test_tokenizer_look_alikes_are_unknown(snippet: str) -> None:
    code = TOKENIZER + snippet + "\nmodel.fit(np.zeros((5, 8)), y)\n"
    assert labels(code) == []
    assert codes(code) == []


def test_tokenizer_on_multi_word_texts_is_unknown() -> None:
    code = TOKENIZER.replace('"sport", "tech"', '"hot sport", "tech"') + (
        "y = np.array(tok.texts_to_sequences(labels))\nmodel.fit(np.zeros((5, 8)), y)\n"
    )
    assert labels(code) == []
    assert codes(code) == []


def test_tokenizer_normalises_case_and_punctuation_before_counting() -> None:
    code = TOKENIZER.replace(
        '"sport", "tech", "business", "sport", "politics"', '"Sport", "sport!", "Tech"'
    ) + ("y = np.array(tok.texts_to_sequences(labels))\nmodel.fit(np.zeros((3, 8)), y)\n")
    assert details(code) == [("int", 2, 1, 1, False)]  # "sport" and "tech": ids 1..2
    assert codes(code.replace("Dense(4,", "Dense(2,")) == [("KL205", 7)]
    assert codes(code.replace("Dense(4,", "Dense(3,")) == []


def test_tokenizer_with_oov_token_ids_start_at_two() -> None:
    code = TOKENIZER.replace("Tokenizer()", 'Tokenizer(oov_token="<OOV>")') + (
        "y = np.array(tok.texts_to_sequences(labels))\nmodel.fit(np.zeros((5, 8)), y)\n"
    )
    # 4 words get ids 2..5: a 4-unit head (ids 0..3) is out of range by two.
    assert details(code) == [("int", 4, 2, 1, False)]
    assert codes(code.replace("Dense(4,", "Dense(5,")) == [("KL205", 7)]


# ------------------------------------------------------------------ propagation


@pytest.mark.parametrize(
    "snippet",
    [
        "y2 = y\nmodel.fit(x, y2)",
        "model.fit(x, y[:100])",
        "model.fit(x[:100], y[:100])",
        "idx = np.random.permutation(len(y))\nmodel.fit(x[idx], y[idx])",
        'model.fit(x, y.astype("float32"))',
        "model.fit(x, np.array(y))",
        "model.fit(x, np.asarray(y))",
        "model.fit(x, tf.convert_to_tensor(y))",
        "model.fit(x, tf.constant(y))",
        "model.fit(x, y.copy())",
        "a, b = y, x\nmodel.fit(b, a)",
        "(a, b) = (x, y)\nmodel.fit(a, b)",
        "[a, b] = [x, y]\nmodel.fit(a, b)",
        "pairs = {'y': y}\nmodel.fit(x, pairs['y'])",
    ],
)
def test_one_hot_labels_followed_through_python(snippet: str) -> None:
    code = program(
        textwrap.dedent(
            """\
            x = np.load("x.npy")
            y = keras.utils.to_categorical(np.load("y.npy"), 10)
            """
        )
        + snippet
        + "\n"
    )
    assert labels(code) == [("onehot", 10)]
    assert codes(code) == [("KL201", LOSS_ROW)]


@pytest.mark.parametrize(
    ("split", "fit"),
    [
        ("X_tr, X_te, Y_tr, Y_te = train_test_split(x, Y, test_size=0.2)", "model.fit(X_tr, Y_tr)"),
        ("X_tr, X_te, Y_tr, Y_te = train_test_split(x, Y, test_size=0.2)", "model.fit(X_te, Y_te)"),
        (
            "X_tr, X_te, Y_tr, Y_te = train_test_split(x, Y, test_size=0.25, random_state=42, stratify=Y)",
            "model.fit(X_tr, Y_tr, validation_data=(X_te, Y_te))",
        ),
        ("X_tr, X_te, Y_tr, Y_te = train_test_split(x, Y)", "model.fit(X_tr, Y_tr)"),
    ],
)
def test_train_test_split_keeps_the_labels(split: str, fit: str) -> None:
    code = program(
        f"""\
        from sklearn.model_selection import train_test_split
        x = np.load("x.npy")
        Y = keras.utils.to_categorical(np.load("y.npy"), 10)
        {split}
        {fit}
        """
    )
    assert set(labels(code)) == {("onehot", 10)}
    assert codes(code) == [("KL201", LOSS_ROW)]


def test_train_test_split_pairs_each_array_with_its_own_halves() -> None:
    code = program(
        """\
        from sklearn.model_selection import train_test_split
        (x, y), _ = keras.datasets.mnist.load_data()
        Y = keras.utils.to_categorical(y, 10)
        x_tr, x_te, y_tr, y_te, Y_tr, Y_te = train_test_split(x, y, Y, test_size=0.1)
        model.fit(x_tr, y_tr, validation_data=(x_te, y_te))
        """
    )
    assert labels(code) == [("int", 10)]
    assert codes(code) == []


@pytest.mark.parametrize(
    ("snippet", "columns"),
    [
        ("model.fit(seq[:, :-1], seq[:, -1:])", 1),
        ("model.fit(seq[:, :-1], seq[:, -1])", 1),
        ("model.fit(seq[:, :-1], seq[:, 5])", 1),
        ("model.fit(seq[:, :-1], seq[:, 5:6])", 1),
        ("X, Y = seq[:, :-1], seq[:, -1:]\nmodel.fit(X, Y)", 1),
        ("model.fit(seq[:, :-1], seq[:, -1:].reshape(-1))", 1),
        ('model.fit(seq[:, :-1], seq[:, -1].astype("int64"))', 1),
        ("model.fit(seq[:, :-1], seq[:, 4:])", 2),
        ("model.fit(seq[:, :-1], seq[:, 1:])", 5),
        ("model.fit(seq[:, :-1], seq)", 6),
    ],
)
def test_column_slices_of_integer_arrays(snippet: str, columns: int) -> None:
    code = program("seq = np.random.randint(0, 10, size=(200, 6))\n" + snippet + "\n", loss=CCE)
    assert [(f.labels.encoding, f.labels.columns) for f in facts_of(code).fits] == [("int", columns)]
    # One column of ids is what categorical cross-entropy cannot take; several columns may be a
    # multi-hot matrix.
    assert codes(code) == ([("KL202", LOSS_ROW)] if columns == 1 else [])


def test_column_slice_of_one_hot_labels_is_unknown() -> None:
    code = program(
        """\
        y = keras.utils.to_categorical(np.load("y.npy"), 10)
        model.fit(None, y[:, 0])
        """
    )
    assert labels(code) == []
    assert codes(code) == []


# ------------------------------------------------------------------ tf.data pipelines


@pytest.mark.parametrize(
    "snippet",
    [
        "ds = tf.data.Dataset.from_tensor_slices((x, keras.utils.to_categorical(y, 10)))\nmodel.fit(ds)",
        "ds = tf.data.Dataset.from_tensor_slices((x, keras.utils.to_categorical(y, 10)))\n"
        "ds = ds.shuffle(1000).batch(32).prefetch(tf.data.AUTOTUNE)\nmodel.fit(ds, epochs=3)",
        "ds = tf.data.Dataset.from_tensor_slices((x, keras.utils.to_categorical(y, 10))).cache().repeat().batch(8)\n"
        "model.fit(ds, steps_per_epoch=10)",
        "ds = tf.data.Dataset.from_tensors((x, keras.utils.to_categorical(y, 10)))\nmodel.fit(ds)",
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).map(lambda a, b: (a, tf.one_hot(b, 10))).batch(32)\n"
        "model.fit(ds)",
        "ds = tf.data.Dataset.from_tensor_slices((x, y))\n"
        "ds = ds.map(lambda a, b: (a, tf.one_hot(b, depth=10)), num_parallel_calls=tf.data.AUTOTUNE)\nmodel.fit(ds)",
        "def encode(image, label):\n    return image / 255.0, tf.one_hot(label, 10)\n"
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).map(encode).batch(32)\nmodel.fit(ds)",
        "def encode(image, label):\n    label = tf.one_hot(label, 10)\n    return image, label\n"
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(10).map(encode)\nmodel.fit(ds)",
    ],
)
def test_tf_data_pipelines_carry_one_hot_labels(snippet: str) -> None:
    code = program("(x, y), _ = keras.datasets.mnist.load_data()\n" + snippet + "\n")
    assert labels(code) == [("onehot", 10)]
    assert codes(code) == [("KL201", LOSS_ROW)]


@pytest.mark.parametrize(
    "snippet",
    [
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(100).batch(32)\nmodel.fit(ds)",
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).map(lambda a, b: (a / 255, b))\nmodel.fit(ds)",
        "def scale(image, label):\n    return image / 255.0, label\n"
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).map(scale)\nmodel.fit(ds)",
    ],
)
def test_tf_data_pipelines_keep_integer_labels(snippet: str) -> None:
    code = program("(x, y), _ = keras.datasets.mnist.load_data()\n" + snippet + "\n")
    assert labels(code) == [("int", 10)]
    assert codes(code) == []
    assert codes(code.replace(SCCE, CCE)) == [("KL202", LOSS_ROW)]


@pytest.mark.parametrize(
    "snippet",
    [
        "ds = tf.data.Dataset.from_tensor_slices(x)\nmodel.fit(ds)",
        'ds = tf.data.Dataset.from_tensor_slices({"image": x, "label": y})\nmodel.fit(ds)',
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).map(transform)\nmodel.fit(ds)",
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).map(lambda a, b: a)\nmodel.fit(ds)",
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).zip(other)\nmodel.fit(ds)",
    ],
)
def test_tf_data_pipelines_that_lose_the_labels(snippet: str) -> None:
    code = program("(x, y), _ = keras.datasets.mnist.load_data()\n" + snippet + "\n", loss=CCE)
    assert labels(code) == []
    assert codes(code) == []


# ------------------------------------------------------------------ how fit() receives the labels


@pytest.mark.parametrize(
    "snippet",
    [
        "model.fit(x, y, epochs=3)",
        "model.fit(x=x, y=y, epochs=3)",
        "model.fit(x, y=y)",
        "model.fit(x, y, 32, 3)",
        "model.train_on_batch(x, y)",
        "model.train_on_batch(x=x, y=y)",
        "model.fit(datagen.flow(x, y))",
        "model.fit(x=datagen.flow(x, y))",
        "model.fit_generator(datagen.flow(x, y), steps_per_epoch=10)",
        "model.fit_generator(generator=datagen.flow(x, y))",
        "model.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(32))",
        "model.fit(x0, y0, validation_data=(x, y))",
        "model.fit(x0, y0, validation_data=(x, y, None))",
        "model.fit(x0, y0, validation_data=datagen.flow(x, y))",
        "model.fit_generator(datagen.flow(x0, y0), validation_data=datagen.flow(x, y))",
        "model.fit(x0, y0, validation_data=tf.data.Dataset.from_tensor_slices((x, y)).batch(8))",
    ],
)
def test_fit_forms(snippet: str) -> None:
    code = program(
        textwrap.dedent(
            """\
            from tensorflow.keras.preprocessing.image import ImageDataGenerator
            datagen = ImageDataGenerator()
            x, x0, y0 = np.load("x.npy"), np.load("x0.npy"), np.load("y0.npy")
            y = keras.utils.to_categorical(np.load("y.npy"), 10)
            """
        )
        + snippet
        + "\n"
    )
    assert labels(code) == [("onehot", 10)]
    assert codes(code) == [("KL201", LOSS_ROW)]


@pytest.mark.parametrize(
    "snippet",
    [
        "model.fit(x, validation_data=(x, y))",  # no training labels: still the validation ones
        "model.train_on_batch(x0, y0, validation_data=(x, y))",  # train_on_batch has no validation
        "model.evaluate(x, y)",
        "model.test_on_batch(x, y)",
        "model.predict(x)",
    ],
)
def test_calls_that_do_not_train_on_the_labels(snippet: str) -> None:
    code = program(
        textwrap.dedent(
            """\
            x, x0, y0 = np.load("x.npy"), np.load("x0.npy"), np.load("y0.npy")
            y = keras.utils.to_categorical(np.load("y.npy"), 10)
            """
        )
        + snippet
        + "\n"
    )
    expected = [("onehot", 10)] if "validation_data" in snippet and "train_on_batch" not in snippet else []
    assert labels(code) == expected
    assert codes(code) == ([("KL201", LOSS_ROW)] if expected else [])


def test_fit_before_compile_records_nothing() -> None:
    code = """\
    import numpy as np
    from tensorflow import keras
    y = keras.utils.to_categorical(np.load("y.npy"), 10)
    model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
    model.fit(None, y)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    """
    assert labels(code) == []
    assert codes(code) == []


def test_validation_labels_are_checked_on_their_own() -> None:
    code = program(
        """\
        (x, y), (x_t, y_t) = keras.datasets.mnist.load_data()
        model.fit(x, y, validation_data=(x_t, keras.utils.to_categorical(y_t, 10)))
        """
    )
    assert labels(code) == [("int", 10), ("onehot", 10)]
    diagnostics = lint(code)
    assert [(d.code, d.location.row) for d in diagnostics] == [("KL201", LOSS_ROW)]
    assert "(line 8)" in diagnostics[0].message


# ------------------------------------------------------------------ multi-output models

MULTI = """\
import numpy as np
from tensorflow import keras
inp = keras.Input((16,))
color = keras.layers.Dense(5, activation="softmax", name="color")(inp)
shape = keras.layers.Dense(3, activation="softmax", name="shape")(inp)
model = keras.Model(inp, [color, shape])
model.compile("adam", loss={loss})
ya = keras.utils.to_categorical(np.load("a.npy"), 5)
yb = keras.utils.to_categorical(np.load("b.npy"), 3)
"""


def multi(loss: str, fit: str) -> str:
    return MULTI.format(loss=loss) + fit + "\n"


def per_output(code: str) -> list[tuple[object, object, str, object]]:
    """(head units, loss family, label encoding, label classes) of every fit() fact."""
    return [
        (f.head.units, f.loss.family if f.loss else None, f.labels.encoding, f.labels.classes)
        for f in facts_of(code).fits
    ]


@pytest.mark.parametrize(
    "fit",
    [
        "model.fit(None, [ya, yb])",
        "model.fit(None, (ya, yb))",
        "model.fit(x=None, y=[ya, yb])",
        'model.fit(None, {"color": ya, "shape": yb})',
        'model.fit(None, {"shape": yb, "color": ya})',
        "model.fit(None, dict(color=ya, shape=yb))",
    ],
)
def test_multi_output_labels_by_position_or_name(fit: str) -> None:
    code = multi('["categorical_crossentropy", "sparse_categorical_crossentropy"]', fit)
    assert sorted(per_output(code)) == [(3, "scce", "onehot", 3), (5, "cce", "onehot", 5)]
    assert codes(code) == [("KL201", 7)]
    fine = multi('{"color": "categorical_crossentropy", "shape": "categorical_crossentropy"}', fit)
    assert codes(fine) == []


def test_multi_output_labels_in_the_wrong_order() -> None:
    code = multi('"categorical_crossentropy"', "model.fit(None, [yb, ya])")
    assert per_output(code) == [(5, "cce", "onehot", 3), (3, "cce", "onehot", 5)]
    assert codes(code) == [("KL203", 4), ("KL203", 5)]


@pytest.mark.parametrize(
    "fit",
    [
        "model.fit(None, ya)",  # one array for two outputs
        "model.fit(None, [ya])",  # too few
        "model.fit(None, [ya, yb, ya])",  # too many
        'model.fit(None, {"colour": ya, "form": yb})',  # names that are not the outputs'
    ],
)
def test_multi_output_labels_that_do_not_pair_up(fit: str) -> None:
    code = multi('"sparse_categorical_crossentropy"', fit)
    assert per_output(code) == []
    assert codes(code) == []


# ------------------------------------------------------------------ flow sensitivity


@pytest.mark.parametrize(
    "snippet",
    [
        # the one-hot copy is never trained on
        "y_cat = keras.utils.to_categorical(y, 10)\nmodel.fit(x, y)",
        # converted after training
        "model.fit(x, y)\ny = keras.utils.to_categorical(y, 10)",
        # converted back to ids
        "y1 = keras.utils.to_categorical(y, 10)\nmodel.fit(x, np.argmax(y1, axis=1))",
        "y1 = keras.utils.to_categorical(y, 10)\nmodel.fit(x, y1.argmax(axis=-1))",
        "y1 = tf.one_hot(y, 10)\nmodel.fit(x, tf.argmax(y1, axis=1))",
    ],
)
def test_sparse_loss_on_integer_labels_is_silent(snippet: str) -> None:
    code = program("(x, y), _ = keras.datasets.mnist.load_data()\n" + snippet + "\n")
    assert all(encoding == "int" for encoding, _ in labels(code))
    assert codes(code) == []


def test_labels_from_one_branch_only_are_unknown() -> None:
    code = program(
        """\
        import sys
        (x, y), _ = keras.datasets.mnist.load_data()
        if len(sys.argv) > 1:
            y = keras.utils.to_categorical(y, 10)
        model.fit(x, y)
        """
    )
    assert labels(code) == []
    assert codes(code) == []


# ------------------------------------------------------------------ unknown stays unknown


@pytest.mark.parametrize(
    "snippet",
    [
        'y = np.load("labels.npy")\nmodel.fit(np.load("x.npy"), y)',
        'df = pd.read_csv("train.csv")\nmodel.fit(df.drop(columns=["label"]).values, df["label"].values)',
        'df = pd.read_csv("train.csv")\nmodel.fit(df.iloc[:, :-1], df.iloc[:, -1])',
        "def train(m, xs, ys):\n    m.fit(xs, ys)",
        "def train(xs, ys):\n    model.fit(xs, ys)\ntrain(load_x(), load_y())",
        "model.fit(load_x(), load_y())",
        'y = pickle.load(open("y.pkl", "rb"))\nmodel.fit(None, y)',
        "model.fit(None, np.zeros((100, 10)))",
    ],
)
def test_unknown_labels_stay_silent(snippet: str) -> None:
    for loss in (SCCE, CCE):
        code = program("import pickle\n" + snippet + "\n", loss=loss)
        assert labels(code) == []
        assert codes(code) == []


# ------------------------------------------------------------------ KL103: sigmoid units on one-hot labels


@pytest.mark.parametrize(
    ("labels_code", "units", "expected"),
    [
        ('keras.utils.to_categorical(np.load("y.npy"), 4)', 4, True),
        ('tf.one_hot(np.load("y.npy"), 4)', 4, True),
        ('np.eye(4)[np.load("y.npy")]', 4, True),
        (
            'keras.utils.to_categorical(np.load("y.npy"), 2)',
            2,
            False,
        ),  # two columns: still a fair binary setup
        ("np.random.randint(0, 2, size=(100, 4))", 4, False),  # 0/1 columns: possibly multi-label
    ],
)
def test_binary_loss_on_sigmoid_units_fed_one_hot_labels(
    labels_code: str, units: int, expected: bool
) -> None:
    code = f"""\
    import numpy as np
    import tensorflow as tf
    from tensorflow import keras
    y = {labels_code}
    model = keras.Sequential([keras.layers.Dense({units}, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(np.load("x.npy"), y)
    """
    assert codes(code) == ([("KL103", 6)] if expected else [])


def test_binary_loss_on_sigmoid_units_fed_a_default_categorical_generator() -> None:
    code = """\
    from tensorflow import keras
    from tensorflow.keras.preprocessing.image import ImageDataGenerator
    gen = ImageDataGenerator().flow_from_directory("photos")
    model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(6, activation="sigmoid")])
    model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy())
    model.fit(gen)
    """
    diagnostics = lint(code)
    assert [(d.code, d.location.row) for d in diagnostics] == [("KL103", 5)]
    assert "6 sigmoid units" in diagnostics[0].message and "(line 3)" in diagnostics[0].message
    assert codes(code.replace('"photos"', '"photos", class_mode="binary"')) == []


def test_binary_loss_on_sigmoid_units_fed_multi_hot_labels_is_fine() -> None:
    code = """\
    from sklearn.preprocessing import MultiLabelBinarizer
    from tensorflow import keras
    y = MultiLabelBinarizer().fit_transform([["a"], ["b", "c"], ["d"]])
    model = keras.Sequential([keras.layers.Dense(4, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(None, y)
    """
    assert codes(code) == []
