"""Predictions: which model (and head) each prediction comes from, argmax over them (ArgmaxUse),
and the removed predict_classes / predict_proba (PredictClassesUse); end to end KL301-KL303.
"""

from __future__ import annotations

import textwrap

import pytest

from tests.conftest import codes, facts_of, lint

# Line 4 builds a 4-unit softmax classifier (rank 2 known); snippets start on line 6.
SOFTMAX = """\
import numpy as np
import tensorflow as tf
from tensorflow import keras
model = keras.Sequential([keras.layers.Dense(4, activation="softmax", input_dim=8)])
x = np.random.rand(100, 8)
"""
# The same with a one-unit sigmoid head.
SIGMOID = SOFTMAX.replace('Dense(4, activation="softmax"', 'Dense(1, activation="sigmoid"')


def argmaxes(code: str) -> list[tuple[object, object, object, bool, str, bool, bool]]:
    """(units, activation, axis, axis_given, library, many, classifier) of every argmax fact."""
    return [
        (u.head.units, u.head.activation, u.axis, u.axis_given, u.library, u.many, u.classifier)
        for u in facts_of(code).argmaxes
    ]


def predict_classes(code: str) -> list[tuple[object, object, str]]:
    return [(u.head.units, u.head.activation, u.method) for u in facts_of(code).predict_classes]


def after(header: str, snippet: str) -> str:
    return header + textwrap.dedent(snippet)


# ------------------------------------------------------------------ where predictions come from


@pytest.mark.parametrize(
    "predict",
    [
        "p = model.predict(x)",
        "p = model.predict(x, batch_size=32, verbose=0)",
        "p = model.predict(x=x)",
        "p = model.predict_on_batch(x)",
        "p = model(x)",
        "p = model(x, training=False)",
        "p = model.predict_generator(gen, steps=10)",
        "p = model.predict(gen)",
        "p = model.predict(ds)",
        "p = model.predict(tf.data.Dataset.from_tensor_slices(x).batch(32))",
        'p = model.predict(keras.utils.image_dataset_from_directory("test"))',
    ],
)
def test_prediction_sources(predict: str) -> None:
    code = after(
        SOFTMAX,
        f"""\
        gen = keras.preprocessing.image.ImageDataGenerator().flow_from_directory("test")
        ds = tf.data.Dataset.from_tensor_slices((x, np.zeros(100))).batch(32)
        {predict}
        c = np.argmax(p)
        """,
    )
    assert argmaxes(code) == [(4, "softmax", None, False, "numpy", True, True)]
    assert codes(code) == [("KL302", 9)]


@pytest.mark.parametrize(
    ("snippet", "row"),
    [
        ("p = model.predict(x)\nq = p\nc = np.argmax(q)", 8),
        ('p = model.predict(x).astype("float64")\nc = np.argmax(p)', 7),
        ("p = model.predict(x)\np = np.asarray(p)\nc = np.argmax(p)", 8),
        ("p = model.predict(x)\nc = np.argmax(np.array(p))", 7),
        ("p = model.predict(x)\nc = tf.argmax(tf.convert_to_tensor(p))", 7),
        ("p = model.predict(x)\nc = np.argmax(p.copy())", 7),
        ("def classify(batch):\n    return model.predict(batch)\nc = np.argmax(classify(x))", 8),
        ("preds = [model.predict(x)]\nc = np.argmax(preds[0])", 7),
    ],
)
def test_predictions_followed_through_names(snippet: str, row: int) -> None:
    code = after(SOFTMAX, snippet + "\n")
    assert [a[:2] for a in argmaxes(code)] == [(4, "softmax")]
    assert codes(code) == [("KL302", row)]


@pytest.mark.parametrize(
    "snippet",
    [
        "p = model.predict(x).squeeze()\nc = np.argmax(p)",  # reshaped: rank unknown
        "p = model.predict(x)\nc = np.argmax(p[:1])",
        "p = model.predict(x)\nc = np.argmax(p.mean(axis=0))",
        "p = model.predict(x)\nc = np.argmax(p + 1)",
        "p = np.random.rand(100, 4)\nc = np.argmax(p)",  # not a prediction at all
        "p = model.evaluate(x, np.zeros(100))\nc = np.argmax(p)",
        "p = model.predict(x)\np = load()\nc = np.argmax(p)",
    ],
)
def test_look_alikes_of_predictions_record_nothing(snippet: str) -> None:
    code = after(SOFTMAX, snippet + "\n")
    assert argmaxes(code) == []
    assert codes(code) == []


def test_argmax_over_one_sample_of_a_softmax_head_is_fine() -> None:
    # `np.argmax(p[0])`: the class of the first sample (a row of scores), no report
    code = after(SOFTMAX, "p = model.predict(x)\nc = np.argmax(p[0])\n")
    assert [a[:2] for a in argmaxes(code)] == [(4, "softmax")]
    assert codes(code) == []


# ------------------------------------------------------------------ argmax forms


@pytest.mark.parametrize(
    ("call", "library", "axis", "given"),
    [
        ("np.argmax(p, axis=1)", "numpy", 1, True),
        ("np.argmax(p, 1)", "numpy", 1, True),
        ("np.argmax(p, axis=-1)", "numpy", -1, True),
        ("np.argmax(a=p, axis=-1)", "numpy", -1, True),
        ("np.argmax(p)", "numpy", None, False),
        ("np.argmax(p, axis=None)", "numpy", None, False),
        ("p.argmax(axis=-1)", "numpy", -1, True),
        ("p.argmax(1)", "numpy", 1, True),
        ("p.argmax()", "numpy", None, False),
        ("tf.argmax(p, axis=1)", "tensorflow", 1, True),
        ("tf.argmax(p, 1)", "tensorflow", 1, True),
        ("tf.argmax(input=p, axis=-1)", "tensorflow", -1, True),
        ("tf.argmax(p)", "tensorflow", None, False),
        ("tf.math.argmax(p, axis=-1)", "tensorflow", -1, True),
        ("tf.math.argmax(p)", "tensorflow", None, False),
        ("keras.ops.argmax(p, axis=-1)", "keras", -1, True),
        ("keras.ops.argmax(p)", "keras", None, False),
        ("keras.backend.argmax(p)", "keras", None, False),
    ],
)
def test_argmax_forms(call: str, library: str, axis: object, given: bool) -> None:
    code = after(SOFTMAX, f"p = model.predict(x)\nc = {call}\n")
    assert argmaxes(code) == [(4, "softmax", axis, given, library, True, True)]
    assert codes(code) == ([] if given else [("KL302", 7)])


def test_argmax_with_a_constant_axis_from_a_name() -> None:
    code = after(SOFTMAX, "AXIS = -1\nc = np.argmax(model.predict(x), axis=AXIS)\n")
    assert argmaxes(code) == [(4, "softmax", -1, True, "numpy", True, True)]
    assert codes(code) == []


def test_argmax_with_an_unreadable_axis_records_nothing() -> None:
    code = after(SOFTMAX, "c = np.argmax(model.predict(x), axis=choose_axis())\n")
    assert argmaxes(code) == []
    assert codes(code) == []


@pytest.mark.parametrize(
    "snippet",
    [
        "import keras as k3\nc = k3.ops.argmax(model.predict(x))",
        "from keras import ops\nc = ops.argmax(model.predict(x))",
        "from tensorflow.keras import backend as K\nc = K.argmax(model.predict(x))",
        "from numpy import argmax\nc = argmax(model.predict(x))",
        "import numpy\nc = numpy.argmax(model.predict(x))",
    ],
)
def test_argmax_import_forms(snippet: str) -> None:
    code = after(SOFTMAX, snippet + "\n")
    assert len(argmaxes(code)) == 1
    assert codes(code) == [("KL302", 7)]


# ------------------------------------------------------------------ binding predictions to models


def test_two_models_in_one_file() -> None:
    code = """\
    import numpy as np
    from tensorflow import keras
    clf = keras.Sequential([keras.layers.Dense(1, activation="sigmoid", input_dim=8)])
    multi = keras.Sequential([keras.layers.Dense(4, activation="softmax", input_dim=8)])
    x = np.random.rand(50, 8)
    a = np.argmax(multi.predict(x), axis=1)
    b = np.argmax(clf.predict(x), axis=1)
    c = np.argmax(multi.predict(x))
    d = (clf.predict(x) > 0.5).astype("int32")
    """
    assert [a[:2] for a in argmaxes(code)] == [(4, "softmax"), (1, "sigmoid"), (4, "softmax")]
    assert codes(code) == [("KL301", 7), ("KL302", 8)]


def test_model_rebound_between_predict_calls() -> None:
    code = """\
    import numpy as np
    from tensorflow import keras
    x = np.random.rand(50, 8)
    model = keras.Sequential([keras.layers.Dense(4, activation="softmax", input_dim=8)])
    a = np.argmax(model.predict(x), axis=1)
    model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid", input_dim=8)])
    b = np.argmax(model.predict(x), axis=1)
    model = keras.Sequential([keras.layers.Dense(4, activation="softmax", input_dim=8)])
    c = np.argmax(model.predict(x), axis=1)
    """
    assert [a[:2] for a in argmaxes(code)] == [(4, "softmax"), (1, "sigmoid"), (4, "softmax")]
    assert codes(code) == [("KL301", 7)]


def test_prediction_keeps_the_model_it_came_from_after_rebinding() -> None:
    code = """\
    import numpy as np
    from tensorflow import keras
    x = np.random.rand(50, 8)
    model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid", input_dim=8)])
    p = model.predict(x)
    model = keras.Sequential([keras.layers.Dense(4, activation="softmax", input_dim=8)])
    a = np.argmax(p, axis=1)
    b = np.argmax(model.predict(x), axis=1)
    """
    diagnostics = lint(code)
    assert [(d.code, d.location.row) for d in diagnostics] == [("KL301", 7)]
    assert "(line 4)" in diagnostics[0].message
    # The other way round: the prediction of the softmax model is fine, the new model's is not.
    swapped = """\
    import numpy as np
    from tensorflow import keras
    x = np.random.rand(50, 8)
    model = keras.Sequential([keras.layers.Dense(4, activation="softmax", input_dim=8)])
    p = model.predict(x)
    model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid", input_dim=8)])
    a = np.argmax(p, axis=1)
    b = np.argmax(model.predict(x), axis=1)
    """
    assert codes(swapped) == [("KL301", 8)]


def test_model_changed_in_place_between_predict_calls() -> None:
    code = """\
    import numpy as np
    from tensorflow import keras
    x = np.random.rand(50, 8)
    m = keras.Sequential([keras.layers.Dense(3, activation="softmax", input_dim=8)])
    p1 = m.predict(x)
    m.pop()
    m.add(keras.layers.Dense(1, activation="sigmoid"))
    p2 = m.predict(x)
    a = np.argmax(p1, axis=-1)
    b = np.argmax(p2, axis=-1)
    """
    assert [a[:2] for a in argmaxes(code)] == [(3, "softmax"), (1, "sigmoid")]
    assert codes(code) == [("KL301", 10)]


def test_helper_building_a_sigmoid_and_a_softmax_model() -> None:
    code = """\
    import numpy as np
    from tensorflow.keras import Input, Model
    from tensorflow.keras.layers import Dense
    def build(units, activation):
        inputs = Input((8,))
        return Model(inputs, Dense(units, activation=activation)(inputs))
    sig = build(1, "sigmoid")
    soft = build(3, "softmax")
    x = np.random.rand(50, 8)
    a = np.argmax(soft.predict(x), axis=1)
    b = np.argmax(sig.predict(x), axis=1)
    c = np.argmax(soft.predict(x))
    d = np.argmax(sig.predict(x))
    """
    assert [a[:2] for a in argmaxes(code)] == [(3, "softmax"), (1, "sigmoid"), (3, "softmax"), (1, "sigmoid")]
    diagnostics = sorted(lint(code), key=lambda d: d.location.row)
    assert [(d.code, d.location.row) for d in diagnostics] == [("KL301", 11), ("KL302", 12), ("KL301", 13)]
    # The head is spelled inside the helper: the messages point there.
    assert "(line 6)" in diagnostics[0].message and "(line 6)" in diagnostics[2].message


def test_predictions_of_a_multi_output_model() -> None:
    code = """\
    import numpy as np
    from tensorflow import keras
    x = np.random.rand(50, 8)
    inp = keras.Input((8,))
    is_cat = keras.layers.Dense(1, activation="sigmoid", name="is_cat")(inp)
    breed = keras.layers.Dense(4, activation="softmax", name="breed")(inp)
    model = keras.Model(inp, [is_cat, breed])
    p_cat, p_breed = model.predict(x)
    a = np.argmax(p_cat, axis=1)
    b = np.argmax(p_breed, axis=1)
    preds = model.predict(x)
    c = np.argmax(preds[1])
    d = np.argmax(preds[0], axis=-1)
    """
    assert [a[:2] for a in argmaxes(code)] == [(1, "sigmoid"), (4, "softmax"), (4, "softmax"), (1, "sigmoid")]
    assert codes(code) == [("KL301", 9), ("KL301", 13), ("KL302", 12)]


def test_model_called_in_a_custom_loop() -> None:
    code = """\
    import numpy as np
    import tensorflow as tf
    from tensorflow import keras
    model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid", input_dim=8)])
    x_train = np.random.rand(64, 8)
    for epoch in range(3):
        with tf.GradientTape() as tape:
            probs = model(x_train, training=True)
        labels = np.argmax(probs, axis=1)
    """
    assert argmaxes(code) == [(1, "sigmoid", 1, True, "numpy", True, True)]
    assert codes(code) == [("KL301", 9)]


# ------------------------------------------------------------------ KL301: one-unit heads


@pytest.mark.parametrize(
    ("head", "call", "expected"),
    [
        ('Dense(1, activation="sigmoid", input_dim=8)', "np.argmax(p, axis=1)", True),
        ('Dense(1, activation="sigmoid", input_dim=8)', "np.argmax(p, axis=-1)", True),
        ('Dense(1, activation="sigmoid", input_dim=8)', "p.argmax(axis=1)", True),
        ('Dense(1, activation="sigmoid", input_dim=8)', "tf.argmax(p, axis=1)", True),
        ('Dense(1, activation="sigmoid", input_dim=8)', "keras.ops.argmax(p, axis=-1)", True),
        ('Dense(1, activation="sigmoid", input_dim=8)', "np.argmax(p)", True),  # flattened
        ('Dense(1, activation="sigmoid", input_dim=8)', "p.argmax()", True),
        ('Dense(1, activation="sigmoid", input_shape=(8,))', "np.argmax(p, axis=1)", True),
        ("Dense(1, input_dim=8)", "np.argmax(p, axis=1)", True),  # one logit
        (
            'Dense(1, activation="sigmoid", input_dim=8)',
            "np.argmax(p, axis=0)",
            False,
        ),  # the top sample, on purpose
        ('Dense(2, activation="softmax", input_dim=8)', "np.argmax(p, axis=1)", False),
        ('Dense(1, activation="sigmoid")', "np.argmax(p, axis=1)", False),  # rank unknown
        ('Dense(1, activation="sigmoid")', "np.argmax(p)", False),
    ],
)
def test_argmax_over_a_one_unit_head(head: str, call: str, expected: bool) -> None:
    code = f"""\
    import numpy as np
    import tensorflow as tf
    from tensorflow import keras
    model = keras.Sequential([keras.layers.{head}])
    p = model.predict(np.random.rand(100, 8))
    c = {call}
    """
    assert codes(code) == ([("KL301", 6)] if expected else [])


@pytest.mark.parametrize(
    "snippet",
    [
        # argmax over a two-column stack built from the one column
        "p = model.predict(x)[:, 0]\nc = np.argmax(np.stack([1 - p, p], axis=1), axis=1)",
        "p = model.predict(x)\nc = np.argmax(np.hstack([1 - p, p]), axis=1)",
        "p = model.predict(x)\nc = np.argmax(np.concatenate([1 - p, p], axis=-1), axis=-1)",
        # argmax over the labels, not the predictions
        "y = keras.utils.to_categorical(np.random.randint(0, 2, 100), 2)\nc = np.argmax(y, axis=1)",
        "y = np.eye(2)[np.random.randint(0, 2, 100)]\nc = y.argmax(axis=1)",
        "y = np.random.randint(0, 2, (100, 1))\nc = np.argmax(y, axis=1)",
        # thresholding, the right way
        'c = (model.predict(x) > 0.5).astype("int32")',
        "c = np.round(model.predict(x))",
        "c = np.where(model.predict(x) > 0.5, 1, 0)",
    ],
)
def test_one_unit_look_alikes_are_silent(snippet: str) -> None:
    code = after(SIGMOID, snippet + "\n")
    assert argmaxes(code) == []
    assert codes(code) == []


@pytest.mark.parametrize(
    ("layers", "shape"),
    [
        # per-timestep outputs: axis 1 is time, so argmax over it picks a step
        (
            'keras.layers.LSTM(16, return_sequences=True, input_shape=(20, 4)), keras.layers.Dense(1, activation="sigmoid")',
            "(5, 20, 4)",
        ),
        ('keras.layers.Conv1D(1, 3, activation="sigmoid", input_shape=(20, 4))', "(5, 20, 4)"),
        ('keras.layers.Dense(1, activation="sigmoid", input_shape=(20, 4))', "(5, 20, 4)"),
        ('keras.layers.Conv2D(1, 3, activation="sigmoid", input_shape=(28, 28, 1))', "(5, 28, 28, 1)"),
    ],
)
def test_argmax_over_time_of_per_timestep_outputs(layers: str, shape: str) -> None:
    code = f"""\
    import numpy as np
    from tensorflow import keras
    model = keras.Sequential([{layers}])
    best = np.argmax(model.predict(np.random.rand{shape}), axis=1)
    cls = np.argmax(model.predict(np.random.rand{shape}), axis=-1)
    """
    assert all(a[:2] == (1, "sigmoid") for a in argmaxes(code)) and len(argmaxes(code)) == 2
    assert codes(code) == [("KL301", 5)]  # only the one over the single channel


def test_argmax_over_time_of_a_functional_sequence_model() -> None:
    code = """\
    import numpy as np
    from tensorflow import keras
    inp = keras.Input((20, 8))
    h = keras.layers.LSTM(16, return_sequences=True)(inp)
    model = keras.Model(inp, keras.layers.Dense(1, activation="sigmoid")(h))
    steps = np.argmax(model.predict(np.random.rand(4, 20, 8)), axis=1)
    """
    assert codes(code) == []
    last = code.replace("return_sequences=True", "return_sequences=False")
    assert codes(last) == [("KL301", 6)]


def test_argmax_axis_1_over_a_sequential_that_starts_with_an_input() -> None:
    code = """\
    import numpy as np
    from tensorflow import keras
    model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(1, activation="sigmoid")])
    c = np.argmax(model.predict(np.random.rand(100, 8)), axis=1)
    """
    assert codes(code) == [("KL301", 4)]


def test_tf_argmax_without_axis_over_a_one_unit_head() -> None:
    code = """\
    import numpy as np
    import tensorflow as tf
    from tensorflow import keras
    model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid", input_dim=8)])
    c = tf.argmax(model.predict(np.random.rand(100, 8)))
    """
    # tf.argmax works over axis 0: it returns the index of the top-scoring sample, not a class.
    assert [code for code, row in codes(code) if row == 5] in (["KL301"], ["KL302"])


# ------------------------------------------------------------------ KL302: single samples and regression


@pytest.mark.parametrize(
    "predict",
    [
        "model.predict(x[:1])",
        "model.predict(x[0:1])",
        "model.predict(np.expand_dims(img, 0))",
        "model.predict(np.expand_dims(img, axis=0))",
        "model.predict(img[np.newaxis])",
        "model.predict(img[None, :])",
        "model.predict(img.reshape(1, -1))",
        "model.predict(np.array([img]))",
        "model(tf.expand_dims(img, 0))",
        "model.predict_on_batch(img[None])",
        "model.predict(load_one())",
    ],
)
def test_single_sample_predictions_are_silent_for_kl302(predict: str) -> None:
    code = after(SOFTMAX, f"img = np.random.rand(8)\nc = np.argmax({predict})\nd = tf.argmax({predict})\n")
    assert all(not a[5] for a in argmaxes(code))  # never certainly many
    assert codes(code) == []


@pytest.mark.parametrize(
    ("head", "compile_", "expected"),
    [
        ("Dense(3, input_dim=8)", 'model.compile(optimizer="adam", loss="mse")', False),
        ("Dense(3, input_dim=8)", "", False),  # no loss, no activation: could be anything
        ('Dense(3, activation="relu", input_dim=8)', 'model.compile(optimizer="adam", loss="mae")', False),
        (
            "Dense(3, input_dim=8)",
            'model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))',
            True,
        ),
        ("Dense(3, input_dim=8)", 'model.compile(optimizer="adam", loss="categorical_crossentropy")', True),
        ('Dense(3, activation="sigmoid", input_dim=8)', "", True),
        ('Dense(3, activation="softmax", input_dim=8)', 'model.compile(optimizer="adam", loss="mse")', True),
    ],
)
def test_regression_heads_are_silent_for_kl302(head: str, compile_: str, expected: bool) -> None:
    code = f"""\
    import numpy as np
    from tensorflow import keras
    model = keras.Sequential([keras.layers.{head}])
    {compile_}
    peak = np.argmax(model.predict(np.random.rand(100, 8)))
    """
    assert [a[6] for a in argmaxes(code)] == [expected]
    assert codes(code, select=["KL302"]) == ([("KL302", 5)] if expected else [])


# ------------------------------------------------------------------ KL303: predict_classes / predict_proba


@pytest.mark.parametrize(
    ("build", "head", "replacement"),
    [
        (
            'model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid", input_dim=8)])',
            (1, "sigmoid"),
            '`(model.predict(x) > 0.5).astype("int32")`',
        ),
        (
            "model = keras.Sequential([keras.layers.Dense(1, input_dim=8)])",
            (1, "linear"),
            '`(model.predict(x) > 0).astype("int32")`',
        ),
        (
            "model = keras.Sequential([keras.layers.Dense(3, input_dim=8)])",
            (3, "linear"),
            "`np.argmax(model.predict(x), axis=-1)`",
        ),
        (
            "model = keras.Sequential()\n"
            "model.add(keras.layers.Dense(16, input_dim=8))\n"
            'model.add(keras.layers.Dense(5))\nmodel.add(keras.layers.Activation("softmax"))',
            (5, "softmax"),
            "`np.argmax(model.predict(x), axis=-1)`",
        ),
        (
            'inp = keras.Input((8,))\nmodel = keras.Model(inp, keras.layers.Dense(5, activation="softmax")(inp))',
            (5, "softmax"),
            "`np.argmax(model.predict(x), axis=-1)`",
        ),
        (
            'inp = keras.Input((8,))\nmodel = keras.Model(inputs=inp, outputs=keras.layers.Dense(1, activation="sigmoid")(inp))',
            (1, "sigmoid"),
            '`(model.predict(x) > 0.5).astype("int32")`',
        ),
        (
            'model = keras.models.load_model("model.h5")',
            (None, None),
            '`np.argmax(model.predict(x), axis=-1)` for a softmax head, or `(model.predict(x) > 0.5).astype("int32")` '
            "for one sigmoid unit",
        ),
        (
            'from keras.models import load_model\nmodel = load_model("model.h5")',
            (None, None),
            "for one sigmoid unit",
        ),
        (
            'model = tf.keras.models.load_model("saved_model")',
            (None, None),
            "for one sigmoid unit",
        ),
    ],
)
def test_predict_classes_names_the_replacement_for_the_head(
    build: str, head: tuple, replacement: str
) -> None:
    code = (
        "import numpy as np\nimport tensorflow as tf\nfrom tensorflow import keras\nx = np.random.rand(10, 8)\n"
        + build
        + "\nclasses = model.predict_classes(x, verbose=0)\n"
    )
    row = code.count("\n")
    assert predict_classes(code) == [(*head, "predict_classes")]
    diagnostics = lint(code)
    assert [(d.code, d.location.row) for d in diagnostics] == [("KL303", row)]
    assert diagnostics[0].message.startswith("`predict_classes` was removed in TensorFlow 2.6; use ")
    assert replacement in diagnostics[0].message


@pytest.mark.parametrize(
    "build",
    [
        'model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid", input_dim=8)])',
        'inp = keras.Input((8,))\nmodel = keras.Model(inp, keras.layers.Dense(5, activation="softmax")(inp))',
        'model = keras.models.load_model("model.h5")',
    ],
)
def test_predict_proba_is_replaced_by_predict(build: str) -> None:
    code = (
        "import numpy as np\nfrom tensorflow import keras\n"
        + build
        + "\nproba = model.predict_proba(np.zeros((2, 8)))\n"
    )
    diagnostics = lint(code)
    assert [(d.code, d.location.row) for d in diagnostics] == [("KL303", code.count("\n"))]
    assert diagnostics[0].message == "`predict_proba` was removed in TensorFlow 2.6; use `model.predict(x)`"


def test_predict_classes_after_training() -> None:
    code = """\
    import numpy as np
    from keras.models import Sequential
    from keras.layers import Dense
    model = Sequential()
    model.add(Dense(12, input_dim=8, activation="relu"))
    model.add(Dense(1, activation="sigmoid"))
    model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
    model.fit(np.zeros((10, 8)), np.zeros(10), epochs=150, batch_size=10)
    predictions = model.predict_classes(np.zeros((10, 8)))
    """
    assert predict_classes(code) == [(1, "sigmoid", "predict_classes")]
    assert codes(code) == [("KL303", 9)]


@pytest.mark.parametrize(
    "snippet",
    [
        'import joblib\nmodel = joblib.load("model.pkl")\nmodel.predict_classes(x)',
        "from sklearn.linear_model import LogisticRegression\n"
        "model = LogisticRegression().fit(x, np.zeros(10))\nmodel.predict_proba(x)",
        "from scikeras.wrappers import KerasClassifier\nclf = KerasClassifier(model=None)\nclf.predict_proba(x)",
        "model = get_model()\nmodel.predict_classes(x)",
        "def run(m):\n    return m.predict_classes(x)",
    ],
)
def test_predict_classes_on_things_that_are_not_keras_models(snippet: str) -> None:
    code = "import numpy as np\nx = np.zeros((10, 8))\n" + snippet + "\n"
    assert predict_classes(code) == []
    assert codes(code) == []
