"""End to end: what the KL2xx (labels), KL3xx (predictions) and KL401 (metrics) reports say,
where they sit, and how serious they are."""

from __future__ import annotations

import pytest

from keraslint.diagnostics import Diagnostic, Severity
from tests.conftest import codes, lint


def only(code: str, select: list[str]) -> Diagnostic:
    """The one report of the selected rules."""
    found = lint(code, select=select)
    assert len(found) == 1, [(d.code, d.location.row, d.message) for d in found]
    return found[0]


def by_row(code: str, select: list[str] | None = None) -> list[Diagnostic]:
    return sorted(lint(code, select=select), key=lambda d: (d.location.row, d.code))


# ------------------------------------------------------------------ KL201


def test_kl201_at_the_loss_names_the_label_line() -> None:
    code = """\
    import numpy as np
    from tensorflow import keras
    (x, y), _ = keras.datasets.mnist.load_data()
    model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
    model.compile(
        optimizer="adam",
        loss=keras.losses.SparseCategoricalCrossentropy(),
    )
    y = keras.utils.to_categorical(y, 10)
    model.fit(x, y)
    """
    d = only(code, ["KL201"])
    assert (d.code, d.location.row, d.name) == ("KL201", 7, "sparse-loss-one-hot-labels")
    assert "`SparseCategoricalCrossentropy`" in d.message
    assert "`to_categorical`" in d.message and "(line 9)" in d.message
    assert "categorical_crossentropy" in d.message
    assert d.severity is Severity.ERROR


def test_kl201_at_an_explicit_class_mode_names_the_loss_line() -> None:
    code = """\
    from tensorflow import keras
    from tensorflow.keras.preprocessing.image import ImageDataGenerator
    model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    train = ImageDataGenerator().flow_from_directory(
        "data/train",
        class_mode="categorical",
    )
    model.fit(train)
    """
    d = only(code, ["KL201"])
    assert d.location.row == 7 and 5 <= d.location.column <= 16  # the argument, not the call on line 5
    assert d.message.startswith('`class_mode="categorical"` ')
    assert "one-hot" in d.message
    assert "`sparse_categorical_crossentropy` (line 4)" in d.message
    assert 'class_mode="sparse"' in d.message  # the fix at the source


def test_kl201_at_a_default_class_mode_names_the_method() -> None:
    code = """\
    from tensorflow import keras
    from tensorflow.keras.preprocessing.image import ImageDataGenerator
    model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    gen = ImageDataGenerator(rescale=1 / 255)
    train = gen.flow_from_dataframe(frame, x_col="path", y_col="label")
    model.fit(train)
    """
    d = only(code, ["KL201"])
    assert d.location.row == 6
    assert "`flow_from_dataframe`" in d.message and 'class_mode="categorical"' in d.message
    assert "(line 4)" in d.message


# ------------------------------------------------------------------ KL202


def test_kl202_at_the_loss_names_the_label_line() -> None:
    code = """\
    from sklearn.preprocessing import LabelEncoder
    from tensorflow import keras
    y = LabelEncoder().fit_transform(["cat", "dog", "bird", "dog"])
    model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    model.fit(None, y)
    """
    d = only(code, ["KL202"])
    assert (d.location.row, d.name) == (5, "categorical-loss-integer-labels")
    assert "`categorical_crossentropy`" in d.message
    assert "`LabelEncoder` (line 3)" in d.message
    assert "sparse_categorical_crossentropy" in d.message and "to_categorical" in d.message


def test_kl202_at_a_default_label_mode_names_the_loader() -> None:
    code = """\
    import tensorflow as tf
    model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(5, activation="softmax")])
    model.compile(optimizer="adam", loss=tf.keras.losses.CategoricalCrossentropy())
    train_ds = tf.keras.utils.text_dataset_from_directory("reviews", batch_size=32)
    model.fit(train_ds)
    """
    d = only(code, ["KL202"])
    assert (d.location.row, d.location.column) == (4, 12)  # the loader call
    assert "`text_dataset_from_directory`" in d.message and 'label_mode="int"' in d.message
    assert "`CategoricalCrossentropy` (line 3)" in d.message
    assert 'label_mode="categorical"' in d.message


def test_kl202_with_binary_class_mode_on_a_multi_class_head() -> None:
    code = """\
    from keras.preprocessing.image import ImageDataGenerator
    from keras.models import Sequential
    from keras.layers import Flatten, Dense
    train = ImageDataGenerator().flow_from_directory("crops/train", class_mode="binary")
    model = Sequential([Flatten(), Dense(2, activation="softmax")])
    model.compile(loss="categorical_crossentropy", optimizer="adam")
    model.fit(train, epochs=10)
    """
    d = only(code, ["KL202"])
    assert d.location.row == 4
    assert d.message.startswith('`class_mode="binary"` ') and "(line 6)" in d.message


def test_kl202_is_left_to_kl102_for_a_one_unit_head() -> None:
    code = """\
    from keras.preprocessing.image import ImageDataGenerator
    from keras.models import Sequential
    from keras.layers import Flatten, Dense
    train = ImageDataGenerator().flow_from_directory("crops/train", class_mode="binary")
    model = Sequential([Flatten(), Dense(1, activation="sigmoid")])
    model.compile(loss="categorical_crossentropy", optimizer="adam")
    model.fit(train, epochs=10)
    """
    assert codes(code, select=["KL202"]) == []


# ------------------------------------------------------------------ a report per wrong loader


def test_validation_generator_with_the_same_wrong_mode_gets_its_own_report() -> None:
    code = """\
    from tensorflow import keras
    from tensorflow.keras.preprocessing.image import ImageDataGenerator
    model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(4, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    datagen = ImageDataGenerator(rescale=1 / 255)
    train = datagen.flow_from_directory("train", class_mode="categorical")
    val = datagen.flow_from_directory("val", class_mode="categorical")
    model.fit(train, validation_data=val, epochs=5)
    """
    found = by_row(code)
    assert [(d.code, d.location.row) for d in found] == [("KL201", 6), ("KL201", 7)]
    assert all("(line 4)" in d.message for d in found)


def test_validation_generator_with_the_default_mode_gets_its_own_report() -> None:
    code = """\
    from tensorflow import keras
    from tensorflow.keras.preprocessing.image import ImageDataGenerator
    model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(4, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    datagen = ImageDataGenerator(rescale=1 / 255)
    train = datagen.flow_from_directory("train", class_mode="sparse")
    val = datagen.flow_from_directory("val")
    model.fit_generator(train, validation_data=val)
    """
    assert codes(code) == [("KL201", 7)]


def test_validation_dataset_with_the_same_wrong_mode_gets_its_own_report() -> None:
    code = """\
    import tensorflow as tf
    model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(5, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    train_ds = tf.keras.utils.image_dataset_from_directory("flowers", validation_split=0.2, subset="training")
    val_ds = tf.keras.utils.image_dataset_from_directory("flowers", validation_split=0.2, subset="validation")
    model.fit(train_ds, validation_data=val_ds, epochs=10)
    """
    assert codes(code) == [("KL202", 4), ("KL202", 5)]
    fixed = code.replace(
        '"flowers", validation_split', '"flowers", label_mode="categorical", validation_split'
    )
    assert codes(fixed) == []


def test_validation_labels_from_another_source_are_reported_at_the_loss() -> None:
    code = """\
    import numpy as np
    from tensorflow import keras
    (x, y), (x_test, y_test) = keras.datasets.mnist.load_data()
    model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    y_test = keras.utils.to_categorical(y_test)
    model.fit(x, y, validation_data=(x_test, y_test))
    """
    d = only(code, ["KL201"])
    assert d.location.row == 5 and "(line 6)" in d.message


# ------------------------------------------------------------------ KL203


@pytest.mark.parametrize(
    ("count", "line"),
    [
        ("num_classes=NUM_CLASSES", 7),  # where the module constant is used
        ("num_classes=10", 7),  # the literal, not the call
        ("10", 7),
    ],
)
def test_kl203_names_the_line_where_the_class_count_is_spelled(count: str, line: int) -> None:
    code = f"""\
    import numpy as np
    from tensorflow import keras
    NUM_CLASSES = 10
    (x, y), _ = keras.datasets.cifar10.load_data()
    y = keras.utils.to_categorical(
        y,
        {count},
    )
    model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(100, activation="softmax")])
    model.compile(loss="categorical_crossentropy", optimizer="adam")
    model.fit(x, y)
    """
    d = only(code, ["KL203"])
    assert (d.location.row, d.name) == (9, "units-classes-mismatch")
    assert d.message == (
        f"the head has 100 units but the labels from `to_categorical` (line {line}) have 10 classes; use 10 units"
    )


def test_kl203_with_loader_class_names() -> None:
    code = """\
    import tensorflow as tf
    train = tf.keras.utils.image_dataset_from_directory(
        "pets",
        class_names=["cat", "dog", "bird", "fish"],
    )
    inputs = tf.keras.Input((64, 64, 3))
    x = tf.keras.layers.Flatten()(inputs)
    outputs = tf.keras.layers.Dense(3, activation="softmax")(x)
    model = tf.keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(train)
    """
    d = only(code, ["KL203"])
    assert d.location.row == 8
    assert "3 units" in d.message and "4 classes" in d.message and "(line 4)" in d.message
    assert d.message.endswith("use 4 units")
    # Sparse ids need at least as many units as classes; more is wasteful but works.
    assert codes(code.replace("Dense(3,", "Dense(6,")) == []


def test_kl203_reports_at_the_layer_constructor_not_where_it_is_applied() -> None:
    code = """\
    import numpy as np
    from keras.models import Sequential
    from keras.layers import Dense, Activation
    from keras.utils import np_utils
    y = np_utils.to_categorical(np.load("y.npy"), nb_classes=10)
    model = Sequential()
    model.add(Dense(output_dim=64, input_dim=20))
    model.add(Dense(output_dim=8))
    model.add(Activation("softmax"))
    model.compile(loss="categorical_crossentropy", optimizer="sgd")
    model.fit(np.load("x.npy"), y, nb_epoch=5)
    """
    d = only(code, ["KL203"])
    assert d.location.row == 8
    assert "8 units" in d.message and "10 classes" in d.message and "(line 5)" in d.message


# ------------------------------------------------------------------ KL204


@pytest.mark.parametrize(
    ("head", "row"),
    [
        ('out = tf.keras.layers.Dense(3, activation="softmax")(inp)', 5),
        ("out = tf.keras.layers.Dense(3, activation=tf.nn.softmax)(inp)", 5),
        ("h = tf.keras.layers.Dense(3)(inp)\nout = tf.nn.softmax(h)", 6),
        ("h = tf.keras.layers.Dense(3)(inp)\nout = tf.keras.activations.softmax(h)", 6),
        ("h = tf.keras.layers.Dense(3)(inp)\nout = tf.keras.layers.Softmax()(h)", 6),
        ('h = tf.keras.layers.Dense(3)(inp)\nout = tf.keras.layers.Activation("softmax")(h)', 6),
    ],
)
def test_kl204_sits_at_the_softmax(head: str, row: int) -> None:
    code = (
        "import tensorflow as tf\n"
        "from sklearn.preprocessing import MultiLabelBinarizer\n"
        'Y = MultiLabelBinarizer().fit_transform([["a"], ["b", "c"], ["c"]])\n'
        "inp = tf.keras.Input((20,))\n" + head + "\nmodel = tf.keras.Model(inp, out)\n"
        'model.compile(optimizer="adam", loss="binary_crossentropy")\n'
        "model.fit(None, Y)\n"
    )
    d = only(code, ["KL204"])
    assert (d.location.row, d.name) == (row, "softmax-multi-label-targets")
    assert "`MultiLabelBinarizer` (line 3)" in d.message
    assert 'activation="sigmoid"' in d.message and "binary_crossentropy" in d.message


def test_kl204_is_silent_for_sigmoid_and_for_one_hot_targets() -> None:
    sigmoid = """\
    from sklearn.datasets import make_multilabel_classification
    from tensorflow import keras
    X, Y = make_multilabel_classification(n_classes=4)
    model = keras.Sequential([keras.layers.Dense(4, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(X, Y)
    """
    assert codes(sigmoid) == []
    one_hot = """\
    import numpy as np
    from tensorflow import keras
    Y = np.eye(4)[np.load("y.npy")]
    model = keras.Sequential([keras.layers.Dense(4, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    model.fit(None, Y)
    """
    assert codes(one_hot) == []


# ------------------------------------------------------------------ KL205


def test_kl205_names_the_id_range_and_both_fixes() -> None:
    code = """\
    import numpy as np
    from tensorflow import keras
    from tensorflow.keras.preprocessing.text import Tokenizer
    labels = ["sport", "tech", "business", "sport", "politics", "entertainment"]
    tok = Tokenizer()
    tok.fit_on_texts(labels)
    y = np.array(tok.texts_to_sequences(labels))
    model = keras.Sequential([keras.layers.Dense(5, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(np.zeros((6, 8)), y)
    """
    d = only(code, ["KL205"])
    assert (d.location.row, d.name) == (8, "label-ids-out-of-range")
    assert d.message == (
        "the labels from `Tokenizer.texts_to_sequences` (line 7) run 1..5, but a 5-unit head covers ids 0..4; "
        "subtract 1 from the labels, or use 6 units"
    )
    assert codes(code.replace("Dense(5,", "Dense(6,")) == []
    assert codes(code.replace("texts_to_sequences(labels))", "texts_to_sequences(labels)) - 1")) == []


def test_kl205_is_only_about_sparse_losses() -> None:
    code = """\
    import numpy as np
    from tensorflow import keras
    from tensorflow.keras.preprocessing.text import Tokenizer
    labels = ["low", "mid", "high"]
    tok = Tokenizer()
    tok.fit_on_texts(labels)
    y = np.array(tok.texts_to_sequences(labels))
    model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="mse")
    model.fit(np.zeros((3, 8)), y)
    """
    assert codes(code, select=["KL205"]) == []


# ------------------------------------------------------------------ KL103 (one-hot labels on sigmoid units)


def test_kl103_on_sigmoid_units_fed_one_hot_labels_names_the_label_line() -> None:
    code = """\
    import numpy as np
    from tensorflow.keras.models import Sequential
    from tensorflow.keras.layers import Dense
    from tensorflow.keras.utils import to_categorical
    ytrain = to_categorical(np.random.randint(0, 19, size=1000))
    model = Sequential([Dense(128, activation="relu"), Dense(19, activation="sigmoid")])
    model.compile(loss="binary_crossentropy", optimizer="adam")
    model.fit(np.random.rand(1000, 60), ytrain)
    """
    d = only(code, ["KL103"])
    assert d.location.row == 7
    assert "19 sigmoid units" in d.message and "`to_categorical` (line 5)" in d.message
    assert 'activation="softmax"' in d.message and "categorical_crossentropy" in d.message


# ------------------------------------------------------------------ KL301 / KL302


def test_kl301_names_the_head_line_and_the_sigmoid_threshold() -> None:
    code = """\
    import numpy as np
    from tensorflow import keras
    model = keras.Sequential([
        keras.layers.Dense(16, activation="relu", input_dim=30),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    y_pred = model.predict(np.random.rand(200, 30))
    classes = np.argmax(y_pred, axis=1)
    """
    d = only(code, ["KL301"])
    assert (d.location.row, d.name) == (8, "argmax-single-column")
    assert "(line 5)" in d.message and "always 0" in d.message
    assert d.message.endswith('`(p > 0.5).astype("int32")`')


def test_kl301_on_logits_thresholds_at_zero() -> None:
    code = """\
    import numpy as np
    import tensorflow as tf
    inputs = tf.keras.Input((30,))
    logits = tf.keras.layers.Dense(1)(inputs)
    model = tf.keras.Model(inputs, logits)
    model.compile(optimizer="adam", loss=tf.keras.losses.BinaryCrossentropy(from_logits=True))
    classes = tf.argmax(model.predict(np.random.rand(200, 30)), axis=-1)
    """
    d = only(code, ["KL301"])
    assert d.location.row == 7 and "(line 4)" in d.message
    assert d.message.endswith('`(p > 0).astype("int32")`')


def test_kl301_without_axis_says_it_returns_the_top_sample() -> None:
    code = """\
    import numpy as np
    from tensorflow import keras
    model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid", input_dim=8)])
    top = model.predict(np.random.rand(50, 8)).argmax()
    """
    d = only(code, ["KL301", "KL302"])
    assert (d.code, d.location.row) == ("KL301", 4)
    assert "without `axis`" in d.message and "top sample" in d.message and "(line 3)" in d.message


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        ("tf.argmax(p)", "`tf.argmax` without `axis` works over axis 0"),
        ("tf.math.argmax(p)", "`tf.argmax` without `axis` works over axis 0"),
        ("np.argmax(p)", "flattens the batch"),
        ("p.argmax()", "flattens the batch"),
        ("keras.ops.argmax(p)", "flattens the batch"),
    ],
)
def test_kl302_message_depends_on_the_library(call: str, fragment: str) -> None:
    code = f"""\
    import numpy as np
    import tensorflow as tf
    from tensorflow import keras
    model = keras.Sequential([keras.layers.Dense(4, activation="softmax", input_dim=8)])
    p = model.predict(np.random.rand(50, 8))
    c = {call}
    """
    d = only(code, ["KL302"])
    assert (d.location.row, d.name) == (6, "argmax-without-axis")
    assert fragment in d.message and d.message.endswith("use `axis=-1`")


# ------------------------------------------------------------------ KL401


@pytest.mark.parametrize(
    ("metrics", "name", "row"),
    [
        ('metrics=["accuracy"]', "accuracy", 7),
        ('metrics=["acc"]', "accuracy", 7),
        ('metrics=["binary_accuracy"]', "binary_accuracy", 7),
        ("metrics=[keras.metrics.BinaryAccuracy()]", "binary_accuracy", 7),
        ("metrics=[keras.metrics.BinaryAccuracy(threshold=0.5)]", "binary_accuracy", 7),
        ('metrics=[tf.keras.metrics.BinaryAccuracy(name="acc")]', "binary_accuracy", 7),
        ('metrics=[\n        keras.metrics.AUC(),\n        "accuracy",\n    ]', "accuracy", 9),
    ],
)
def test_kl401_sits_at_the_metric(metrics: str, name: str, row: int) -> None:
    code = f"""\
    import tensorflow as tf
    from tensorflow import keras
    model = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])
    model.compile(
        optimizer="adam",
        loss=keras.losses.BinaryCrossentropy(from_logits=True),
        {metrics},
    )
    """
    d = only(code, ["KL401"])
    assert (d.location.row, d.name) == (row, "threshold-metric-on-logits")
    assert d.message == (
        f"`{name}` thresholds at 0.5, but the one-unit head (line 3) outputs logits "
        "(its loss has `from_logits=True`); use `BinaryAccuracy(threshold=0.0)`"
    )


@pytest.mark.parametrize(
    "metrics",
    [
        "metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)]",
        'metrics=[keras.metrics.BinaryAccuracy("acc", None, 0.0)]',
        "metrics=[keras.metrics.AUC(from_logits=True)]",
        "metrics=[]",
    ],
)
def test_kl401_silent_for_a_zero_threshold_or_other_metrics(metrics: str) -> None:
    code = f"""\
    from tensorflow import keras
    model = keras.Sequential([keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True), {metrics})
    """
    assert codes(code) == []


def test_kl401_silent_without_from_logits() -> None:
    # No from_logits: the linear head is KL106's business, not a metric threshold problem.
    code = """\
    from tensorflow import keras
    model = keras.Sequential([keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])
    """
    assert codes(code) == []


def test_kl401_metric_object_in_a_variable_and_called_on_logits() -> None:
    code = """\
    import numpy as np
    import tensorflow as tf
    from tensorflow import keras
    model = keras.Sequential([keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))
    acc = keras.metrics.BinaryAccuracy()
    logits = model(np.random.rand(4, 3))
    acc.update_state(np.zeros(4), logits)
    acc.update_state(np.zeros(4), tf.sigmoid(logits))
    """
    d = only(code, ["KL401"])
    assert d.location.row == 8 and "(line 4)" in d.message


# ------------------------------------------------------------------ severity


@pytest.mark.parametrize(
    ("code", "rule", "row"),
    [
        (
            """\
            from tensorflow import keras
            import numpy as np
            m = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
            m.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            m.fit(None, keras.utils.to_categorical(np.load("y.npy"), 3))
            """,
            "KL201",
            4,
        ),
        (
            """\
            from tensorflow import keras
            (x, y), _ = keras.datasets.mnist.load_data()
            m = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
            m.compile(optimizer="adam", loss="categorical_crossentropy")
            m.fit(x, y)
            """,
            "KL202",
            4,
        ),
        (
            """\
            from tensorflow import keras
            (x, y), _ = keras.datasets.cifar100.load_data()
            m = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
            m.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            m.fit(x, y)
            """,
            "KL203",
            3,
        ),
        (
            """\
            from sklearn.datasets import make_multilabel_classification
            from tensorflow import keras
            X, Y = make_multilabel_classification(n_classes=3)
            m = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
            m.compile(optimizer="adam", loss="categorical_crossentropy")
            m.fit(X, Y)
            """,
            "KL204",
            4,
        ),
        (
            """\
            from tensorflow import keras
            from tensorflow.keras.preprocessing.text import Tokenizer
            names = ["a", "b"]
            t = Tokenizer()
            t.fit_on_texts(names)
            m = keras.Sequential([keras.layers.Dense(2, activation="softmax")])
            m.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            m.fit(None, t.texts_to_sequences(names))
            """,
            "KL205",
            6,
        ),
        (
            """\
            import numpy as np
            from tensorflow import keras
            m = keras.Sequential([keras.layers.Dense(1, activation="sigmoid", input_dim=4)])
            c = np.argmax(m.predict(np.zeros((9, 4))), axis=1)
            """,
            "KL301",
            4,
        ),
        (
            """\
            import numpy as np
            from tensorflow import keras
            m = keras.Sequential([keras.layers.Dense(3, activation="softmax", input_dim=4)])
            c = np.argmax(m.predict(np.random.rand(9, 4)))
            """,
            "KL302",
            4,
        ),
        (
            """\
            from tensorflow import keras
            m = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
            m.predict_classes(None)
            """,
            "KL303",
            3,
        ),
        (
            """\
            from tensorflow import keras
            m = keras.Sequential([keras.layers.Dense(1)])
            m.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True), metrics=["accuracy"])
            """,
            "KL401",
            3,
        ),
    ],
)
def test_data_rules_are_errors(code: str, rule: str, row: int) -> None:
    found = lint(code)
    assert [(d.code, d.location.row) for d in found] == [(rule, row)]
    assert found[0].severity is Severity.ERROR
