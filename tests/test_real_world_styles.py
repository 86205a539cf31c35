"""Styles found in real bug reports (Stack Overflow, GitHub issues, tutorials) that the
extractor follows: each with the reports it must give and look-alikes that must stay silent."""

from __future__ import annotations

import pytest

from tests.conftest import codes, lint

SOFTMAX_3 = """\
import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow import keras
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
"""


def fit_with(loss: str, labels: str) -> str:
    """SOFTMAX_3 compiled with `loss` (line 6) and fitted on `labels` (lines 7 on)."""
    return SOFTMAX_3 + f'model.compile(optimizer="adam", loss="{loss}")\n{labels}\nmodel.fit(np.zeros((4, 4)), y)\n'


# ------------------------------------------------------------------ star imports


def test_star_import_does_not_shadow_true_false_none() -> None:
    # `True` once resolved to `tensorflow.keras.layers.True` after a star import
    code = """\
        from tensorflow.keras.layers import *
        import tensorflow as tf
        model = tf.keras.Sequential([Dense(8, activation="relu", input_shape=(4,)), Dense(3, activation="softmax")])
        model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        """
    assert codes(code) == [("KL105", 4)]


def test_star_import_of_keras_utils_gives_to_categorical() -> None:
    code = """\
        import numpy as np
        from keras.models import Sequential
        from keras.layers import Dense
        from keras.utils import *
        y = to_categorical(np.load("y.npy"))
        model = Sequential([Dense(3, activation="softmax", input_dim=4)])
        model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
        model.fit(np.zeros((4, 4)), y)
        """
    assert codes(code) == [("KL201", 7)]


def test_star_import_of_a_legacy_keras_module() -> None:
    code = """\
        from keras.layers.core import *
        from keras.models import Sequential
        model = Sequential([Dense(1, activation="softmax", input_dim=4)])
        """
    assert codes(code) == [("KL101", 3)]


# ------------------------------------------------------------------ labels written in the code


@pytest.mark.parametrize(
    ("loss", "labels", "expected"),
    [
        ("categorical_crossentropy", "y = np.array([2, 0, 1, 1])", [("KL202", 6)]),
        ("categorical_crossentropy", "y = tf.constant([0, 1, 1, 0])", [("KL202", 6)]),
        ("sparse_categorical_crossentropy", "y = np.array([[0, 0, 1], [1, 0, 0]])", [("KL201", 6)]),
        ("sparse_categorical_crossentropy", "y = np.array([[0., 1., 0.], [1., 0., 0.]])", [("KL201", 6)]),
        # literal ids give no class count: 5 may be an `ignore_class`, or be remapped in place
        ("sparse_categorical_crossentropy", "y = np.array([0, 1, 2, 5])", []),
        ("categorical_crossentropy", "y = np.array([[1, 1, 0], [0, 1, 1]])", [("KL204", 5)]),
        # silent: the right encoding, or not known
        ("sparse_categorical_crossentropy", "y = np.array([2, 0, 1, 1])", []),
        ("categorical_crossentropy", "y = np.array([[0, 0, 1], [1, 0, 0]])", []),
        ("categorical_crossentropy", "y = np.array([0.2, 1.5, 3.0])", []),  # not class ids
        ("categorical_crossentropy", "y = np.array([[0, 0, 0], [1, 0, 0]])", []),  # a row of zeros
        ("categorical_crossentropy", "y = np.array([[0, 1], [1, 0, 0]])", []),  # ragged
        ("categorical_crossentropy", "y = np.array([-1, 0, 1])", []),
        ("categorical_crossentropy", "y = np.array(labels)", []),
    ],
)
def test_literal_label_arrays(loss: str, labels: str, expected: list) -> None:
    assert codes(fit_with(loss, labels)) == expected


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ('y = pd.read_csv("d.csv")["label"].map({"cat": 0, "dog": 1, "bird": 2}).values', [("KL202", 6)]),
        ('df = pd.read_csv("d.csv")\ny = df.label.map({1: 0, 2: 1, 3: 2})', [("KL202", 6)]),
        ('y, uniques = pd.factorize(pd.read_csv("d.csv")["label"])', [("KL202", 6)]),
        ('y = pd.factorize(pd.read_csv("d.csv")["label"])[0]', [("KL202", 6)]),
        # silent: a function, duplicate ids, not a dict
        ('y = pd.read_csv("d.csv")["label"].map(lambda s: 0)', []),
        ('y = pd.read_csv("d.csv")["label"].map({"a": 0, "b": 0, "c": 1})', []),
        ('y = pd.read_csv("d.csv")["label"].map(encoding)', []),
        ('y = pd.read_csv("d.csv")["label"].replace({"a": 0, "b": 1, "c": 2})', []),
    ],
)
def test_pandas_class_ids(labels: str, expected: list) -> None:
    assert codes(fit_with("categorical_crossentropy", labels)) == expected


def test_label_binarize_and_label_binarizer() -> None:
    header = "from sklearn.preprocessing import LabelBinarizer, label_binarize\n"
    three = 'y = label_binarize(np.load("y.npy"), classes=[0, 1, 2])'
    assert codes(header + fit_with("sparse_categorical_crossentropy", three)) == [("KL201", 7)]
    fitted = 'y = LabelBinarizer().fit_transform(["a", "b", "c", "a"])'
    assert codes(header + fit_with("sparse_categorical_crossentropy", fitted)) == [("KL201", 7)]
    # two classes: a single 0/1 column, not one-hot; unknown classes: unknown width
    two = 'y = LabelBinarizer().fit_transform(["a", "b", "b", "a"])'
    assert codes(header + fit_with("sparse_categorical_crossentropy", two)) == []
    unknown = 'y = LabelBinarizer().fit_transform(np.load("y.npy"))'
    assert codes(header + fit_with("sparse_categorical_crossentropy", unknown)) == []


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ('y = keras.utils.to_categorical(np.load("y.npy"), 3).reshape(-1, 3)', [("KL201", 6)]),
        ('y = np.reshape(keras.utils.to_categorical(np.load("y.npy"), 3), (-1, 3))', [("KL201", 6)]),
        ('y = keras.utils.to_categorical(np.load("y.npy"), 3).reshape(-1)', []),  # flattened: unknown
        ('y = keras.utils.to_categorical(np.load("y.npy"), 3).reshape(-1, 6)', []),
    ],
)
def test_reshaped_one_hot_labels(labels: str, expected: list) -> None:
    assert codes(fit_with("sparse_categorical_crossentropy", labels)) == expected


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ("(_, y), _ = keras.datasets.mnist.load_data()\ny = y.reshape(-1, 1)", [("KL202", 6)]),
        ("(_, y), _ = keras.datasets.mnist.load_data()\ny = np.reshape(y, (len(y), 1))", [("KL202", 6)]),
        ("(_, y), _ = keras.datasets.mnist.load_data()\ny = y.ravel()", [("KL202", 6)]),
        ("(_, y), _ = keras.datasets.mnist.load_data()\ny = np.squeeze(y)", [("KL202", 6)]),
        ("(_, y), _ = keras.datasets.mnist.load_data()\ny = y.reshape(-1, 2)", []),  # two columns
    ],
)
def test_reshaped_class_ids(labels: str, expected: list) -> None:
    assert codes(fit_with("categorical_crossentropy", labels)) == expected


# ------------------------------------------------------------------ TensorFlow Datasets

TFDS = """\
import tensorflow as tf
import tensorflow_datasets as tfds
{load}
model = tf.keras.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28, 1)), tf.keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit({train})
"""


@pytest.mark.parametrize(
    ("load", "train", "expected"),
    [
        ('ds = tfds.load("mnist", split="train", as_supervised=True).batch(64)', "ds", [("KL202", 5)]),
        (
            '(train, test), info = tfds.load("mnist:3.*.*", split=["train", "test"], as_supervised=True, '
            "with_info=True)\ntrain = train.map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, y)).batch(32)",
            "train, validation_data=test.batch(32)",
            [("KL202", 6)],
        ),
        ('ds = tfds.load("mnist", as_supervised=True)', 'ds["train"].batch(32)', [("KL202", 5)]),
        ('ds = tfds.load("cifar100", split="train", as_supervised=True)', "ds.batch(8)", [("KL202", 5)]),
        # silent: one-hot in a map, no (image, label) pairs, a dataset whose labels we do not know
        (
            'ds = tfds.load("mnist", split="train", as_supervised=True)',
            "ds.map(lambda x, y: (x, tf.one_hot(y, 10))).batch(8)",
            [],
        ),
        ('ds = tfds.load("mnist", split="train")', "ds", []),
        ('ds = tfds.load("coco", split="train", as_supervised=True)', "ds", []),
        ('ds = tfds.load(name, split="train", as_supervised=True)', "ds", []),
        ('ds = tfds.load("mnist", split="train", as_supervised=True, batch_size=-1)', "ds", []),
    ],
)
def test_tfds_load_gives_class_ids(load: str, train: str, expected: list) -> None:
    assert codes(TFDS.format(load=load, train=train)) == expected


def test_tfds_class_count_reaches_kl203() -> None:
    code = """\
        import tensorflow as tf
        import tensorflow_datasets as tfds
        ds = tfds.load("tf_flowers", split="train", as_supervised=True).batch(32)
        model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(3, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(ds)
        """
    found = lint(code)
    assert [(d.code, d.location.row) for d in found] == [("KL203", 4)]
    assert "5 classes" in found[0].message


# ------------------------------------------------------------------ generators


def test_a_generator_function_feeds_its_labels_to_fit() -> None:
    code = """\
        import numpy as np
        from tensorflow import keras
        def batches(x, y, size=32):
            while True:
                idx = np.random.randint(0, len(x), size)
                yield x[idx], keras.utils.to_categorical(y[idx], 3)
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax", input_shape=(4,))])
        model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
        model.fit(batches(np.load("x.npy"), np.load("y.npy")), steps_per_epoch=100)
        """
    assert codes(code) == [("KL201", 8)]


@pytest.mark.parametrize(
    "body",
    [
        # the yields disagree
        "if np.random.rand() > 0.5:\n"
        "                    yield x, keras.utils.to_categorical(y, 3)\n"
        "                else:\n"
        "                    yield x, y",
        "yield from other()",
        "yield x",
    ],
)
def test_generators_whose_labels_are_not_certain_are_silent(body: str) -> None:
    code = f"""\
        import numpy as np
        from tensorflow import keras
        def batches(x, y):
            for _ in range(10):
                {body}
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax", input_shape=(4,))])
        model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
        model.fit(batches(np.load("x.npy"), np.load("y.npy")))
        """
    assert codes(code) == []


# ------------------------------------------------------------------ predictions

SIGMOID_1 = """\
import numpy as np
import tensorflow as tf
model = tf.keras.Sequential([tf.keras.layers.Dense(8, activation="relu", input_shape=(3,)), tf.keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
"""


@pytest.mark.parametrize(
    "snippet",
    [
        "p = model.predict(np.zeros((5, 3)))\nc = np.argmax(p[0])",
        "c = np.argmax(model.predict(np.zeros((1, 3)))[0])",
        "p = model.predict(np.zeros((5, 3)))\nc = np.argmax(p[-1], axis=-1)",
        "p = model.predict(np.zeros((5, 3)))\nc = p[0].argmax()",
        "p = model.predict(np.zeros((5, 3)))\nc = [np.argmax(row) for row in p]",
        "for row in model.predict(np.zeros((5, 3))):\n    print(np.argmax(row))",
    ],
)
def test_argmax_over_one_row_of_a_one_unit_head(snippet: str) -> None:
    rows = [row for code, row in codes(SIGMOID_1 + snippet + "\n") if code == "KL301"]
    assert rows == [len(SIGMOID_1.splitlines()) + len(snippet.splitlines())]


@pytest.mark.parametrize(
    "snippet",
    [
        "p = model.predict(np.zeros((5, 3)))\nc = p[0] > 0.5",
        "p = model.predict(np.zeros((5, 3)))\nc = np.argmax(p[0][0])",  # unknown shape: silent
        "p = model.predict(np.zeros((5, 3)))\nc = np.argmax(p[i])",
    ],
)
def test_row_look_alikes_are_silent(snippet: str) -> None:
    assert codes(SIGMOID_1 + snippet + "\n") == []


@pytest.mark.parametrize(
    "snippet",
    [
        "p = model.predict(np.zeros((5, 3)))\nc = [np.argmax(row) for row in p]",
        "for row in model.predict(np.zeros((5, 3))):\n    print(np.argmax(row))",
        "c = [np.argmax(b) for b in batches]",
    ],
)
def test_rows_of_a_softmax_head_are_fine(snippet: str) -> None:
    code = SIGMOID_1.replace("Dense(1, activation=\"sigmoid\")", "Dense(3, activation=\"softmax\")")
    assert codes(code.replace("binary_crossentropy", "categorical_crossentropy") + snippet + "\n") == []


def test_argmax_without_axis_over_a_regression_head_is_silent() -> None:
    # the index of the top-scoring sample is what a regression user may want
    code = """\
        import numpy as np
        from tensorflow import keras
        model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        best = np.argmax(model.predict(np.zeros((10, 8))))
        """
    assert codes(code) == []


# ------------------------------------------------------------------ Lambda layers


@pytest.mark.parametrize(
    ("layers", "loss", "expected"),
    [
        ("Dense(1), layers.Lambda(lambda x: tf.nn.softmax(x))", '"binary_crossentropy"', [("KL101", 5)]),
        (
            "Dense(1), layers.Lambda(lambda t: tf.nn.sigmoid(t))",
            "tf.keras.losses.BinaryCrossentropy(from_logits=True)",
            [("KL105", 6)],
        ),
        # silent: what the function does to the scores is not an activation we know
        ("Dense(3), layers.Lambda(lambda x: x / 2.0), layers.Activation('softmax')", '"categorical_crossentropy"', []),
        ("Dense(3), layers.Lambda(lambda x: x / 2.0)", '"categorical_crossentropy"', []),
        ("Dense(3, activation='softmax'), layers.Lambda(lambda x: tf.math.log(x))", '"categorical_crossentropy"', []),
    ],
)
def test_lambda_layers(layers: str, loss: str, expected: list) -> None:
    layers = layers.replace("Dense(", "layers.Dense(")
    code = f"""\
        import tensorflow as tf
        from tensorflow.keras import layers
        model = tf.keras.Sequential([
            layers.Dense(8, activation="relu", input_shape=(4,)),
            {layers}])
        model.compile(optimizer="adam", loss={loss})
        """
    assert codes(code) == expected


# ------------------------------------------------------------------ pretrained classifiers


@pytest.mark.parametrize(
    ("build", "loss", "expected"),
    [
        (
            'TFBertForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=3)',
            "tf.keras.losses.SparseCategoricalCrossentropy()",
            [("KL106", 5)],
        ),
        (
            'TFAutoModelForSequenceClassification.from_pretrained("distilbert-base-uncased")',
            '"sparse_categorical_crossentropy"',
            [("KL106", 5)],
        ),
        ('keras_hub.models.BertTextClassifier.from_preset("bert_tiny_en_uncased", num_classes=4)', '"sparse_categorical_crossentropy"', [("KL106", 5)]),
        ('keras_nlp.models.BertClassifier.from_preset("bert_tiny_en_uncased", num_classes=4)', '"categorical_crossentropy"', [("KL106", 5)]),
        # silent: from_logits, an explicit activation, a saved task that may carry its own
        (
            'TFBertForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=3)',
            "tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)",
            [],
        ),
        ('keras_hub.models.BertTextClassifier.from_preset("bert_tiny_en_uncased", num_classes=4, activation="softmax")', '"sparse_categorical_crossentropy"', []),
        ('keras_hub.models.ImageClassifier.from_preset("kaggle://me/my_classifier")', '"sparse_categorical_crossentropy"', []),
        ('TFBertModel.from_pretrained("bert-base-uncased")', '"sparse_categorical_crossentropy"', []),
    ],
)
def test_pretrained_classifiers_output_logits(build: str, loss: str, expected: list) -> None:
    code = f"""\
        import tensorflow as tf, keras_hub, keras_nlp
        from transformers import TFBertForSequenceClassification, TFAutoModelForSequenceClassification, TFBertModel
        model = {build}
        model.compile(optimizer="adam",
                      loss={loss})
        """
    assert codes(code) == expected


def test_hugging_face_predictions_are_not_arrays() -> None:
    # `predict` returns a ModelOutput: its rows are not followed
    code = """\
        import numpy as np
        from transformers import TFBertForSequenceClassification
        model = TFBertForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=1)
        out = model.predict(batch)
        best = np.argmax(out[0])
        """
    assert codes(code) == []


# ------------------------------------------------------------------ notebooks saved as .py


def test_ipython_lines_in_a_py_file_are_a_syntax_error_and_the_rest_is_checked() -> None:
    code = """\
        !pip install -q tensorflow
        %matplotlib inline
        from tensorflow import keras
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="softmax")])
        """
    found = lint(code)
    assert [(d.code, d.location.row) for d in found] == [("KL001", 1), ("KL101", 4)]
    assert "IPython syntax" in found[0].message


def test_other_syntax_errors_stop_the_analysis() -> None:
    code = """\
        !pip install -q tensorflow
        from tensorflow import keras
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="softmax")]
        """
    found = lint(code)
    assert [d.code for d in found] == ["KL001"]
    assert "IPython" not in found[0].message


# ------------------------------------------------------------------ look-alikes of the above


def test_literal_rows_on_a_sequence_head_are_per_step_targets() -> None:
    code = """\
        import numpy as np
        from tensorflow import keras
        x = np.random.rand(2, 5, 3)
        y = np.array([[0, 1, 1, 0, 1], [1, 0, 0, 1, 0]])
        model = keras.Sequential([
            keras.Input((5, 3)),
            keras.layers.Bidirectional(keras.layers.LSTM(16, return_sequences=True)),
            keras.layers.Dense(1, activation="sigmoid"),
        ])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(x, y)
        """
    assert codes(code) == []


def test_an_autoencoder_on_one_hot_rows_is_not_a_classifier() -> None:
    code = """\
        import numpy as np
        from tensorflow import keras
        X = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])
        model = keras.Sequential([
            keras.Input((4,)),
            keras.layers.Dense(2, activation="sigmoid"),
            keras.layers.Dense(4, activation="sigmoid"),
        ])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(X, X, validation_data=(X, X))
        """
    assert codes(code) == []


def test_ids_remapped_in_place_lose_their_class_count() -> None:
    code = """\
        import numpy as np
        from tensorflow import keras
        (x, y), _ = keras.datasets.cifar100.load_data()
        y[y >= 10] = 9
        model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(x, y)
        """
    assert codes(code) == []


def test_a_lambda_with_arguments_is_not_folded() -> None:
    code = """\
        import tensorflow as tf
        from tensorflow.keras import layers
        def attention(x, axis=-1):
            return tf.nn.softmax(x, axis=axis)
        inputs = tf.keras.Input((20, 8))
        scores = layers.Dense(1, activation="tanh")(inputs)
        weights = layers.Lambda(attention, arguments={"axis": 1})(scores)
        model = tf.keras.Model(inputs, weights)
        """
    assert codes(code) == []


def test_one_output_given_as_a_list_predicts_a_list_in_keras_3() -> None:
    code = """\
        import numpy as np
        from tensorflow import keras
        inp = keras.Input((4,))
        model = keras.Model(inputs=[inp], outputs=[keras.layers.Dense(1, activation="sigmoid")(inp)])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        top = np.argmax(model.predict(np.zeros((8, 4)))[0])
        """
    assert codes(code) == []


def test_a_saved_kerashub_classifier_may_carry_its_activation() -> None:
    code = """\
        import keras_hub
        model = keras_hub.models.BertTextClassifier.from_preset("bert_intent_classifier")
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        """
    assert codes(code) == []


def test_keras_0_dense_takes_input_and_output_dims() -> None:
    code = """\
        from keras.models import Sequential
        from keras.layers.core import Dense, Activation
        from keras.utils import np_utils
        model = Sequential()
        model.add(Dense(128, 10, init="lecun_uniform"))
        model.add(Activation("softmax"))
        model.compile(loss="categorical_crossentropy", optimizer="rmsprop")
        model.fit(X_train, np_utils.to_categorical(y_train, 10))
        broken = Sequential()
        broken.add(Dense(64, 1, activation="softmax"))
        """
    assert codes(code) == [("KL101", 10)]


def test_softmax_of_run_time_width_with_a_binary_loss_is_a_warning() -> None:
    code = """\
        from keras.layers import Dense, Input
        from keras.models import Model
        labels_index = {}
        for name in names:
            labels_index[name] = len(labels_index)
        inp = Input((100,))
        model = Model(inp, Dense(len(labels_index), activation="softmax")(inp))
        model.compile(loss="binary_crossentropy", optimizer="rmsprop")
        """
    found = lint(code)
    assert [(d.code, d.location.row, d.severity.value) for d in found] == [("KL103", 8, "warning")]


# ------------------------------------------------------------------ more label sources


@pytest.mark.parametrize(
    ("source", "loss", "expected"),
    [
        ("iris = load_iris()\nX, y = iris.data, iris.target", "categorical_crossentropy", [("KL202", 9)]),
        ("X, y = load_iris(return_X_y=True)", "categorical_crossentropy", [("KL202", 9)]),
        ("X, y = load_digits(return_X_y=True)", "sparse_categorical_crossentropy", [("KL203", 7)]),
        ("X, y = make_classification(n_samples=100, n_classes=4, n_informative=4)", "sparse_categorical_crossentropy", [("KL203", 7)]),
        # np.where: a 0/1 column only if the condition is 1-D, which is not known
        ('y = np.where(pd.read_csv("d.csv")["label"] == "yes", 1, 0)', "categorical_crossentropy", []),
        # silent: the right loss, one-hot, a data frame, other values
        ("X, y = load_iris(return_X_y=True)", "sparse_categorical_crossentropy", []),
        ("X, y = load_iris(return_X_y=True)\ny = to_categorical(y)", "categorical_crossentropy", []),
        ("X, y = load_iris(return_X_y=True, as_frame=True)", "categorical_crossentropy", []),
        ('y = np.where(pd.read_csv("d.csv")["label"] == "yes", 1.5, 0)', "categorical_crossentropy", []),
    ],
)
def test_scikit_learn_datasets_and_np_where(source: str, loss: str, expected: list) -> None:
    code = f"""\
import numpy as np
import pandas as pd
from sklearn.datasets import load_iris, load_digits, make_classification
from tensorflow import keras
from tensorflow.keras.utils import to_categorical
{source}
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam",
              loss="{loss}")
model.fit(X, y)
"""
    code = code.replace("model.fit(X, y)", "model.fit(np.zeros((4, 4)), y)") if "X" not in source else code
    shift = source.count("\n")  # rows are given for a one-line source
    assert codes(code) == [(c, r + shift) for c, r in expected]


def test_labels_through_dataset_zip() -> None:
    code = """\
        import tensorflow as tf
        image_ds = tf.data.Dataset.from_tensor_slices(paths).map(load_image)
        label_ds = tf.data.Dataset.from_tensor_slices(labels).map(lambda l: tf.one_hot(l, 5))
        ds = tf.data.Dataset.zip((image_ds, label_ds)).shuffle(100).batch(32)
        model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(5, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(ds)
        ok = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(5, activation="softmax")])
        ok.compile(optimizer="adam", loss="categorical_crossentropy")
        ok.fit(tf.data.Dataset.zip((image_ds, label_ds)).batch(32))
        pairs = tf.data.Dataset.from_tensor_slices((paths, labels)).map(lambda p, l: (p, tf.one_hot(l, 5)))
        ok.fit(tf.data.Dataset.zip((image_ds, pairs)))  # elements (image, (path, label)): not labels
        """
    assert codes(code) == [("KL201", 6)]


def test_ids_assigned_in_place_stay_class_ids() -> None:
    # keras-team/keras#5113: a third class added to the IMDB labels by slice assignment
    code = """\
        from tensorflow import keras
        (x_train, y_train), _ = keras.datasets.imdb.load_data(num_words=20000)
        y_train[22000:] = 2
        model = keras.Sequential([keras.layers.Embedding(20000, 8), keras.layers.GlobalAveragePooling1D(),
                                  keras.layers.Dense(3, activation="softmax")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(x_train, y_train)
        """
    assert codes(code) == [("KL202", 6)]


SEQUENCE = """\
import numpy as np
import keras

class Batches(keras.utils.Sequence):
    def __init__(self, ids, labels, batch_size=32, n_classes=10):
        self.ids, self.labels = ids, labels
        self.batch_size, self.n_classes = batch_size, n_classes

    def __len__(self):
        return len(self.ids) // self.batch_size

    def __getitem__(self, index):
        ids = self.ids[index * self.batch_size:(index + 1) * self.batch_size]
        return self.__load(ids)

    def __load(self, ids):
        X = np.empty((self.batch_size, 32))
        y = np.empty((self.batch_size,), dtype=int)
        for i, key in enumerate(ids):
            X[i] = np.load(key)
            y[i] = self.labels[key]
        return X, {labels}

train = Batches(ids["train"], labels, **{{"batch_size": 64, "n_classes": 6}})
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(6, activation="softmax")])
model.compile(optimizer="adam", loss="{loss}")
model.fit(train, validation_data=Batches(ids["val"], labels, n_classes=6), epochs=5)
"""


@pytest.mark.parametrize(
    ("labels", "loss", "expected"),
    [
        ("keras.utils.to_categorical(y, num_classes=self.n_classes)", "sparse_categorical_crossentropy", [("KL201", 26)]),
        ("keras.utils.to_categorical(y, num_classes=self.n_classes)", "categorical_crossentropy", []),
        ("y", "sparse_categorical_crossentropy", []),
        ("y", "categorical_crossentropy", []),  # ids from np.empty: not known to be labels
    ],
)
def test_a_keras_sequence_subclass_feeds_its_batches_to_fit(labels: str, loss: str, expected: list) -> None:
    assert codes(SEQUENCE.format(labels=labels, loss=loss)) == expected


@pytest.mark.parametrize(
    ("prepared", "reported"),
    [
        ("x_test / 255.0", True),
        ("(x_test.astype('float32') - 127.5) / 127.5", True),
        ("x_test.reshape(-1, 784) / 255.0", True),
        ("np.reshape(x_test, (-1, 784))", True),
        ("np.expand_dims(x_test, -1)", True),
        ("x_test[..., None]", True),
        ("x_test[:500]", True),
        # one sample, or not known to be several
        ("x_test[:1]", False),
        ("x_test[0:1] / 255.0", False),
        ("np.expand_dims(x_test[0], 0)", False),
        ("x_test.reshape(1, 784)", False),
        ("x_test[-5:]", False),
    ],
)
def test_samples_survive_ordinary_preprocessing(prepared: str, reported: bool) -> None:
    code = f"""\
import numpy as np
from tensorflow import keras
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
x = {prepared}
label = np.argmax(model.predict(x))
"""
    assert codes(code) == ([("KL302", 7)] if reported else [])


@pytest.mark.parametrize(
    "prepare",
    [
        "X, y = X[y != 2], y[y != 2]",  # the binary iris
        "X, y = X[:100], y[:100]",
        "y[y == 2] = 1",
        "np.place(y, y == 2, 1)",
        "np.putmask(y, y == 2, 1)",
        "np.clip(y, 0, 1, out=y)",
        "merge(y)",  # a helper that changes its argument in place
    ],
)
def test_a_class_count_does_not_survive_subsets_and_in_place_changes(prepare: str) -> None:
    code = f"""\
import numpy as np
from sklearn.datasets import load_iris
from tensorflow import keras
def merge(labels):
    labels[labels == 2] = 1
X, y = load_iris(return_X_y=True)
{prepare}
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(X, y)
"""
    assert codes(code) == []
    untouched = code.replace(prepare, "pass")
    assert codes(untouched) == [("KL203", 8)]


def test_an_attribute_changed_in_place() -> None:
    code = """\
        from sklearn.datasets import load_iris
        from tensorflow import keras
        iris = load_iris()
        iris.target[iris.target == 2] = 1
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(iris.data, iris.target)
        """
    assert codes(code) == []


def test_make_blobs_makes_one_blob_per_size() -> None:
    code = """\
        from sklearn.datasets import make_blobs
        from tensorflow import keras
        X, y = make_blobs(n_samples=[500, 50], random_state=0)
        model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(X, y)
        """
    assert codes(code) == []
    assert codes(code.replace("n_samples=[500, 50]", "n_samples=550")) == [("KL203", 4)]


@pytest.mark.parametrize(
    "init",
    [
        "self.__dict__.update(kwargs)",
        "for key, value in kwargs.items():\n            setattr(self, key, value)",
        'setattr(self, "n_classes", kwargs["n_classes"])',
    ],
)
def test_class_attributes_overridden_at_run_time_are_unknown(init: str) -> None:
    code = f"""\
import numpy as np
from tensorflow import keras
class Batches(keras.utils.Sequence):
    n_classes = 10
    def __init__(self, x, y, **kwargs):
        self.x, self.y = x, y
        {init}
    def __getitem__(self, i):
        return self.x[i], keras.utils.to_categorical(self.y[i], self.n_classes)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(Batches(np.zeros((8, 4)), np.zeros(8), n_classes=3))
"""
    assert codes(code) == []


def test_a_head_changed_through_model_layers_is_unknown() -> None:
    code = """\
        from tensorflow import keras
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5, activation="softmax")])
        model.layers[-1].activation = keras.activations.sigmoid
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert codes(code) == []


def test_an_image_classifier_preset_is_a_saved_classifier() -> None:
    code = """\
        import keras_hub
        model = keras_hub.models.ImageClassifier.from_preset("resnet_v2_50_imagenet", num_classes=2)
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        """
    assert codes(code) == []


def test_samples_survive_a_scikit_learn_scaler() -> None:
    code = """\
        import numpy as np
        import tensorflow as tf
        from sklearn.datasets import load_wine
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import StandardScaler
        X, y = load_wine(return_X_y=True)
        X = StandardScaler().fit_transform(X)
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3)
        model = tf.keras.Sequential([tf.keras.Input((13,)), tf.keras.layers.Dense(3, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        y_hat = np.argmax(model.predict(X_test))
        """
    assert codes(code) == [("KL302", 11)]


def test_subset_both_returns_two_datasets() -> None:
    code = """\
        import keras
        train_ds, val_ds = keras.utils.image_dataset_from_directory(
            "data", validation_split=0.2, subset="both", seed=1, label_mode="categorical"
        )
        model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(4, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(train_ds, validation_data=val_ds)
        """
    assert codes(code) == [("KL201", 3)]


@pytest.mark.parametrize(
    ("layer", "terms", "activation", "loss", "expected"),
    [
        ('StringLookup(output_mode="multi_hot")', "tf.ragged.constant(df['terms'].values)", "softmax", "binary_crossentropy", [("KL204", 8)]),
        ('StringLookup(output_mode="multi_hot")', "tf.ragged.constant(df['terms'].values)", "sigmoid", "binary_crossentropy", []),
        ('StringLookup(output_mode="one_hot")', "df['label'].values", "softmax", "sparse_categorical_crossentropy", [("KL201", 9)]),
        # one term per sample: multi-hot is one-hot, which is not known
        ('StringLookup(output_mode="multi_hot")', "df['label'].values", "softmax", "categorical_crossentropy", []),
        ("StringLookup()", "df['label'].values", "softmax", "sparse_categorical_crossentropy", []),
    ],
)
def test_lookup_layers_encode_targets(layer: str, terms: str, activation: str, loss: str, expected: list) -> None:
    code = f"""\
import pandas as pd
import tensorflow as tf
from tensorflow.keras import layers
df = pd.read_csv("d.csv")
lookup = layers.{layer}
lookup.adapt(df["terms"])
y = lookup({terms}).numpy()
model = tf.keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(10, activation="{activation}")])
model.compile(optimizer="adam", loss="{loss}")
model.fit(df["text"].values, y)
"""
    assert codes(code) == expected


def test_a_literal_given_another_shape_is_not_read_as_ids() -> None:
    code = """\
        import tensorflow as tf
        x = tf.keras.layers.Input(shape=(2,))
        model = tf.keras.Model(x, tf.keras.layers.Dense(2, activation="softmax")(x))
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        y = tf.constant([0, 1], shape=(1, 2))
        model.fit(tf.zeros((1, 2)), y)
        """
    assert codes(code) == []
    assert codes(code.replace(", shape=(1, 2)", "")) == [("KL202", 4)]
