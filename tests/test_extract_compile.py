"""compile(): which loss is configured, with which from_logits, and which head it is paired with."""

from __future__ import annotations

import textwrap

import pytest

from tests.conftest import codes, facts_of

# Line 1 imports tf, line 2 keras, line 3 builds the model; the snippet starts on line 4.
SOFTMAX_5 = """\
import tensorflow as tf
from tensorflow import keras
model = keras.Sequential([keras.layers.Dense(5, activation="softmax")])
"""
SIGMOID_1 = """\
import tensorflow as tf
from tensorflow import keras
model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
"""
LINEAR_1 = """\
import tensorflow as tf
from tensorflow import keras
model = keras.Sequential([keras.layers.Dense(1)])
"""


def losses(code: str) -> list[tuple[str, str, object]]:
    """(family, name, from_logits) of every recorded loss use."""
    return [(u.loss.family, u.loss.name, u.loss.from_logits) for u in facts_of(code).loss_uses]


def heads(code: str) -> list[tuple[str, object, object]]:
    """(loss family, head units, head activation) of every recorded loss use."""
    return [(u.loss.family, u.head.units, u.head.activation) for u in facts_of(code).loss_uses]


def after(model: str, snippet: str) -> str:
    return model + textwrap.dedent(snippet)


# ------------------------------------------------------------------ where the loss is passed


@pytest.mark.parametrize(
    "call",
    [
        'model.compile(optimizer="adam", loss="binary_crossentropy")',
        'model.compile(loss="binary_crossentropy", optimizer="adam")',
        'model.compile("adam", "binary_crossentropy")',
        'model.compile("adam", loss="binary_crossentropy")',
    ],
    ids=["keyword", "keyword-first", "positional", "optimizer-positional"],
)
def test_loss_keyword_or_positional(call: str) -> None:
    code = after(SOFTMAX_5, call)
    assert heads(code) == [("bce", 5, "softmax")]
    assert codes(code) == [("KL103", 4)]


def test_loss_from_keyword_dict() -> None:
    code = after(SOFTMAX_5, """
        cfg = {"optimizer": "adam", "loss": "binary_crossentropy"}
        model.compile(**cfg)
        """)
    assert heads(code) == [("bce", 5, "softmax")]


def test_loss_string_through_a_module_constant_is_reported_where_used() -> None:
    code = after(SOFTMAX_5, """
        LOSS = "binary_crossentropy"
        model.compile("adam", loss=LOSS)
        """)
    assert heads(code) == [("bce", 5, "softmax")]
    assert codes(code) == [("KL103", 6)]


def test_a_constant_shared_by_two_models_is_reported_at_the_wrong_use_only() -> None:
    code = """
        from tensorflow import keras
        LOSS = "binary_crossentropy"
        ok = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        ok.compile(optimizer="adam", loss=LOSS)
        bad = keras.Sequential([keras.layers.Dense(5, activation="softmax")])
        bad.compile(optimizer="adam", loss=LOSS)
        ACT = "softmax"
        wide = keras.Sequential([keras.layers.Dense(10, activation=ACT)])
        narrow = keras.Sequential([keras.layers.Dense(1, activation=ACT)])
        silenced = keras.Sequential([keras.layers.Dense(5, activation="softmax")])
        silenced.compile(optimizer="adam", loss=LOSS)  # noqa: KL103
        """
    assert codes(code) == [("KL101", 10), ("KL103", 7)]


def test_a_local_constant_is_reported_where_spelled() -> None:
    # inside a function the assignment is next to its use; a helper's argument is spelled
    # at the call site, where it differs between calls
    code = """
        from tensorflow import keras
        def build(units, act):
            loss = "binary_crossentropy"
            model = keras.Sequential([keras.layers.Dense(units, activation=act)])
            model.compile(optimizer="adam", loss=loss)
            return model
        a = build(1, "sigmoid")
        b = build(5, "softmax")
        """
    assert codes(code) == [("KL103", 4)]


def test_optimizer_alone_configures_no_loss() -> None:
    code = after(SOFTMAX_5, 'model.compile("adam")')
    assert losses(code) == []


def test_loss_none() -> None:
    code = after(SOFTMAX_5, 'model.compile("adam", loss=None)')
    assert losses(code) == []
    assert codes(code) == []


# ------------------------------------------------------------------ string identifiers

LOSS_STRINGS = [
    ("binary_crossentropy", "bce"),
    ("bce", "bce"),
    ("BCE", "bce"),
    ("BinaryCrossentropy", "bce"),
    ("binary_focal_crossentropy", "bce"),
    ("categorical_crossentropy", "cce"),
    ("CategoricalCrossentropy", "cce"),
    ("sparse_categorical_crossentropy", "scce"),
    ("SparseCategoricalCrossentropy", "scce"),
]


@pytest.mark.parametrize(("name", "family"), LOSS_STRINGS, ids=[n for n, _ in LOSS_STRINGS])
def test_loss_string(name: str, family: str) -> None:
    code = after(SIGMOID_1, f'model.compile("adam", "{name}")')
    assert losses(code) == [(family, name, False)]
    expected = [] if family == "bce" else [("KL102", 4)]
    assert codes(code) == expected


@pytest.mark.parametrize("name", ["mse", "mae", "hinge", "kld", "my_custom_loss", "binary crossentropy"])
def test_non_cross_entropy_or_unknown_string_records_nothing(name: str) -> None:
    code = after(SOFTMAX_5, f'model.compile("adam", "{name}")')
    assert losses(code) == []
    assert codes(code) == []


# ------------------------------------------------------------------ loss functions

LOSS_FUNCTIONS = {
    "keras-losses": ("", "keras.losses.binary_crossentropy", "binary_crossentropy"),
    "tf-keras-losses": ("", "tf.keras.losses.binary_crossentropy", "binary_crossentropy"),
    "tf-losses": ("", "tf.losses.binary_crossentropy", "binary_crossentropy"),
    "tf-keras-metrics": ("", "tf.keras.metrics.binary_crossentropy", "binary_crossentropy"),
    "imported-function": (
        "from tensorflow.keras.losses import binary_crossentropy\n",
        "binary_crossentropy",
        "binary_crossentropy",
    ),
    "imported-module": ("from tensorflow.keras import losses\n", "losses.binary_crossentropy", "binary_crossentropy"),
}


@pytest.mark.parametrize(("imports", "spelling", "name"), LOSS_FUNCTIONS.values(), ids=LOSS_FUNCTIONS.keys())
def test_loss_function(imports: str, spelling: str, name: str) -> None:
    code = SOFTMAX_5 + imports + f'model.compile("adam", loss={spelling})\n'
    assert losses(code) == [("bce", name, False)]
    assert [c for c, _ in codes(code)] == ["KL103"]


def test_categorical_loss_function_on_one_unit() -> None:
    code = after(SIGMOID_1, 'model.compile("adam", loss=tf.keras.losses.categorical_crossentropy)')
    assert heads(code) == [("cce", 1, "sigmoid")]
    assert codes(code) == [("KL102", 4)]


# ------------------------------------------------------------------ loss objects and from_logits


@pytest.mark.parametrize(
    ("constructor", "from_logits"),
    [
        ("keras.losses.CategoricalCrossentropy(from_logits=True)", True),
        ("keras.losses.CategoricalCrossentropy(from_logits=False)", False),
        ("keras.losses.CategoricalCrossentropy()", False),
        ("keras.losses.CategoricalCrossentropy(True)", True),
        ("tf.keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1)", True),
    ],
    ids=["true", "false", "default", "positional-true", "with-other-arguments"],
)
def test_loss_object_from_logits(constructor: str, from_logits: bool) -> None:
    code = after(SOFTMAX_5, f'model.compile("adam", loss={constructor})')
    assert losses(code) == [("cce", "CategoricalCrossentropy", from_logits)]
    assert codes(code) == ([("KL105", 4)] if from_logits else [])


def test_from_logits_from_known_variable() -> None:
    code = after(SOFTMAX_5, """
        logits = True
        model.compile("adam", loss=keras.losses.CategoricalCrossentropy(from_logits=logits))
        """)
    assert losses(code) == [("cce", "CategoricalCrossentropy", True)]
    assert codes(code) == [("KL105", 6)]  # at the loss object (line 4 is blank)


def test_from_logits_from_unknown_variable_is_silent() -> None:
    code = after(SOFTMAX_5, """
        import sys
        logits = "--logits" in sys.argv
        model.compile("adam", loss=keras.losses.CategoricalCrossentropy(from_logits=logits))
        """)
    assert losses(code) == [("cce", "CategoricalCrossentropy", None)]
    assert codes(code) == []


def test_from_logits_from_unknown_parameter_in_uncalled_function_is_silent() -> None:
    code = after(SIGMOID_1, """
        def compile_model(m, logits):
            m.compile(loss=keras.losses.BinaryCrossentropy(from_logits=logits))
        """)
    assert codes(code) == []


def test_unknown_from_logits_still_allows_unit_checks() -> None:
    code = after(SIGMOID_1, """
        import sys
        model.compile("adam", loss=keras.losses.CategoricalCrossentropy(from_logits=len(sys.argv) > 1))
        """)
    assert losses(code) == [("cce", "CategoricalCrossentropy", None)]
    assert codes(code) == [("KL102", 6)]


def test_loss_object_stored_in_a_variable_is_reported_where_built() -> None:
    code = after(SOFTMAX_5, """
        loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        model.compile("adam", loss=loss_fn)
        """)
    assert losses(code) == [("scce", "SparseCategoricalCrossentropy", True)]
    assert codes(code) == [("KL105", 5)]


@pytest.mark.parametrize(
    ("loss", "expected"),
    [
        ("keras.losses.BinaryCrossentropy()", [("KL106", 4)]),
        ("keras.losses.BinaryCrossentropy(from_logits=True)", []),
        ("'binary_crossentropy'", [("KL106", 4)]),
        ("keras.losses.MeanSquaredError()", []),
    ],
    ids=["object-default", "object-from-logits", "string", "mse-object"],
)
def test_linear_head(loss: str, expected: list) -> None:
    assert codes(after(LINEAR_1, f'model.compile("adam", loss={loss})')) == expected


def test_focal_loss_object() -> None:
    code = after(SOFTMAX_5, 'model.compile("adam", loss=keras.losses.BinaryFocalCrossentropy(from_logits=True))')
    assert losses(code) == [("bce", "BinaryFocalCrossentropy", True)]
    assert codes(code) == [("KL103", 4), ("KL105", 4)]


def test_non_cross_entropy_loss_object_records_nothing() -> None:
    code = after(SOFTMAX_5, 'model.compile("adam", loss=keras.losses.Huber())')
    assert losses(code) == []


def test_loss_object_called_on_a_prediction() -> None:
    code = """
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(10, activation="softmax")])
        loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        predictions = model(None)
        loss = loss_fn(None, predictions)
        """
    assert heads(code) == [("scce", 10, "softmax")]
    assert codes(code) == [("KL105", 4)]


def test_loss_object_called_on_logits_is_silent() -> None:
    code = """
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(10)])
        loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        loss = loss_fn(None, model(None))
        """
    assert heads(code) == [("scce", 10, "linear")]
    assert codes(code) == []


# ------------------------------------------------------------------ per-output losses

TWO_OUTPUTS = """\
from tensorflow import keras
inp = keras.Input((8,))
tags = keras.layers.Dense(3, activation="sigmoid", name="tags")(inp)
cls = keras.layers.Dense(4, name="cls")(inp)
model = keras.Model(inp, [tags, cls])
"""


@pytest.mark.parametrize(
    "loss",
    [
        '["binary_crossentropy", "sparse_categorical_crossentropy"]',
        '("binary_crossentropy", "sparse_categorical_crossentropy")',
        '{"cls": "sparse_categorical_crossentropy", "tags": "binary_crossentropy"}',
    ],
    ids=["list", "tuple", "dict-by-layer-name"],
)
def test_per_output_losses_are_matched_to_their_heads(loss: str) -> None:
    code = TWO_OUTPUTS + f'model.compile("adam", loss={loss})\n'
    pairs = sorted((u.head.name, u.loss.family, u.head.units, u.head.activation) for u in facts_of(code).loss_uses)
    assert pairs == [("cls", "scce", 4, "linear"), ("tags", "bce", 3, "sigmoid")]
    assert codes(code) == [("KL106", 6)]


def test_per_output_loss_dict_with_only_some_outputs() -> None:
    code = TWO_OUTPUTS + 'model.compile("adam", loss={"cls": "sparse_categorical_crossentropy"})\n'
    assert [(u.head.name, u.loss.family) for u in facts_of(code).loss_uses] == [("cls", "scce")]


def test_per_output_loss_dict_with_unknown_names_records_nothing() -> None:
    code = TWO_OUTPUTS + 'model.compile("adam", loss={"out_1": "categorical_crossentropy"})\n'
    assert losses(code) == []


def test_per_output_loss_list_of_wrong_length_records_nothing() -> None:
    code = TWO_OUTPUTS + 'model.compile("adam", loss=["categorical_crossentropy"])\n'
    assert losses(code) == []


def test_per_output_loss_objects_keep_their_from_logits() -> None:
    code = TWO_OUTPUTS + textwrap.dedent("""\
        model.compile(
            "adam",
            loss=[
                keras.losses.BinaryCrossentropy(from_logits=True),
                keras.losses.SparseCategoricalCrossentropy(),
            ],
        )
        """)
    assert [(u.head.name, u.loss.from_logits) for u in facts_of(code).loss_uses] == [("tags", True), ("cls", False)]
    assert codes(code) == [("KL105", 9), ("KL106", 10)]


def test_single_element_loss_list_on_single_output_model() -> None:
    code = after(SOFTMAX_5, 'model.compile("adam", loss=["binary_crossentropy"])')
    assert heads(code) == [("bce", 5, "softmax")]


# ------------------------------------------------------------------ custom losses


def test_custom_loss_function_without_known_loss_is_silent() -> None:
    code = after(LINEAR_1, """
        def my_loss(y_true, y_pred):
            return tf.reduce_mean(tf.square(y_true - y_pred))
        model.compile("adam", loss=my_loss)
        """)
    assert losses(code) == []
    assert codes(code) == []


def test_custom_loss_function_applying_known_loss_to_y_pred() -> None:
    code = after(SOFTMAX_5, """
        def my_loss(y_true, y_pred):
            return keras.losses.binary_crossentropy(y_true, y_pred)
        model.compile("adam", loss=my_loss)
        """)
    assert heads(code) == [("bce", 5, "softmax")]
    assert codes(code) == [("KL103", 6)]


def test_custom_loss_function_with_from_logits() -> None:
    code = after(SOFTMAX_5, """
        def my_loss(y_true, y_pred):
            return keras.losses.categorical_crossentropy(y_true, y_pred, from_logits=True)
        model.compile("adam", loss=my_loss)
        """)
    assert losses(code) == [("cce", "categorical_crossentropy", True)]
    assert codes(code) == [("KL105", 6)]


def test_custom_loss_function_applying_known_loss_to_something_else_is_silent() -> None:
    code = after(SOFTMAX_5, """
        def my_loss(y_true, y_pred):
            return keras.losses.categorical_crossentropy(y_pred, y_true, from_logits=True)
        model.compile("adam", loss=my_loss)
        """)
    assert losses(code) == []


def test_custom_loss_function_transforming_y_pred_first_is_silent() -> None:
    code = after(SOFTMAX_5, """
        def my_loss(y_true, y_pred):
            return keras.losses.binary_crossentropy(y_true, 1.0 - y_pred)
        model.compile("adam", loss=my_loss)
        """)
    assert codes(code) == []


def test_custom_loss_from_a_factory_closure() -> None:
    code = after(SOFTMAX_5, """
        def make_loss(weight):
            def loss(y_true, y_pred):
                return weight * keras.losses.binary_crossentropy(y_true, y_pred)
            return loss
        model.compile("adam", loss=make_loss(2.0))
        """)
    assert heads(code) == [("bce", 5, "softmax")]
    assert codes(code) == [("KL103", 7)]


def test_custom_loss_lambda() -> None:
    code = after(SOFTMAX_5, 'model.compile("adam", loss=lambda y, p: keras.losses.binary_crossentropy(y, p))')
    assert heads(code) == [("bce", 5, "softmax")]


def test_custom_loss_class_without_known_loss_is_silent() -> None:
    code = after(SOFTMAX_5, """
        class MyLoss(keras.losses.Loss):
            def call(self, y_true, y_pred):
                return tf.reduce_mean(tf.square(y_true - y_pred))
        model.compile("adam", loss=MyLoss())
        """)
    assert losses(code) == []
    assert codes(code) == []


def test_custom_loss_class_applying_known_loss_in_call() -> None:
    code = after(SOFTMAX_5, """
        class MyLoss(keras.losses.Loss):
            def call(self, y_true, y_pred):
                return keras.losses.categorical_crossentropy(y_true, y_pred, from_logits=True)
        model.compile("adam", loss=MyLoss())
        """)
    assert losses(code) == [("cce", "categorical_crossentropy", True)]
    assert codes(code) == [("KL105", 7)]


def test_custom_loss_class_wrapping_a_loss_object() -> None:
    code = after(SOFTMAX_5, """
        class MyLoss(keras.losses.Loss):
            def __init__(self):
                super().__init__()
                self.ce = keras.losses.CategoricalCrossentropy(from_logits=True)
            def call(self, y_true, y_pred):
                return self.ce(y_true, y_pred)
        model.compile("adam", loss=MyLoss())
        """)
    assert losses(code) == [("cce", "CategoricalCrossentropy", True)]
    assert codes(code) == [("KL105", 8)]
