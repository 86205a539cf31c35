"""Models: how heads are built (Sequential, functional, helpers, subclasses, applications) and
how activations fold into them."""

from __future__ import annotations

import textwrap

import pytest

from tests.conftest import codes, facts_of


def activations(code: str) -> list[tuple[str, object]]:
    """(activation, axis_size) of every recorded activation use."""
    return [(a.activation, a.axis_size) for a in facts_of(code).activations]


def heads(code: str) -> list[tuple[str, object, object]]:
    """(loss family, head units, head activation) of every recorded loss use."""
    return [(u.loss.family, u.head.units, u.head.activation) for u in facts_of(code).loss_uses]


# ------------------------------------------------------------------ Sequential


def test_sequential_list() -> None:
    code = """
        from tensorflow import keras
        model = keras.Sequential([
            keras.layers.Dense(8, activation="relu"),
            keras.layers.Dense(3, activation="softmax"),
        ])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", 3, "softmax")]
    assert codes(code) == [("KL103", 7)]


def test_sequential_layers_keyword() -> None:
    code = """
        from tensorflow import keras
        model = keras.Sequential(layers=[keras.layers.Dense(1, activation="softmax")], name="clf")
        """
    assert activations(code) == [("softmax", 1)]
    assert codes(code) == [("KL101", 3)]


def test_sequential_add() -> None:
    code = """
        from tensorflow import keras
        model = keras.Sequential()
        model.add(keras.Input(shape=(4,)))
        model.add(keras.layers.Dense(8, activation="relu"))
        model.add(keras.layers.Dense(3, activation="softmax"))
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", 3, "softmax")]
    assert codes(code) == [("KL103", 7)]


def test_sequential_add_of_layer_built_earlier() -> None:
    code = """
        from tensorflow import keras
        out = keras.layers.Dense(1, activation="softmax")
        model = keras.Sequential()
        model.add(keras.layers.Dense(8))
        model.add(out)
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        """
    [use] = facts_of(code).loss_uses
    assert (use.head.units, use.head.activation) == (1, "softmax")
    assert codes(code) == [("KL101", 3), ("KL102", 7)]


def test_sequential_built_from_a_list_variable() -> None:
    code = """
        from tensorflow import keras
        stack = [keras.layers.Dense(8, activation="relu")]
        stack.append(keras.layers.Dense(4, activation="softmax"))
        model = keras.Sequential(stack)
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", 4, "softmax")]
    assert codes(code) == [("KL103", 6)]


def test_sequential_nested_in_sequential() -> None:
    code = """
        from tensorflow import keras
        head = keras.Sequential([keras.layers.Dense(4, activation="softmax")])
        model = keras.Sequential([keras.layers.Dense(8), head])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", 4, "softmax")]
    assert codes(code) == [("KL103", 5)]


# ------------------------------------------------------------------ functional API

FUNCTIONAL = {
    "keras-Model-positional": """
        from tensorflow import keras
        inputs = keras.Input(shape=(4,))
        x = keras.layers.Dense(16, activation="relu")(inputs)
        x = keras.layers.Dense(5, activation="softmax")(x)
        model = keras.Model(inputs, x)
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """,
    "Model-keywords": """
        from tensorflow.keras import Input, Model
        from tensorflow.keras.layers import Dense
        inputs = Input(shape=(4,))
        x = Dense(16, activation="relu")(inputs)
        outputs = Dense(5, activation="softmax")(x)
        model = Model(inputs=inputs, outputs=outputs)
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """,
    "models-Model": """
        from tensorflow.keras import layers, models
        inputs = layers.Input(shape=(4,))
        outputs = layers.Dense(5, activation="softmax")(inputs)
        model = models.Model(inputs=inputs, outputs=outputs)
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """,
    "tf-keras-Model": """
        import tensorflow as tf
        inputs = tf.keras.Input((4,))
        outputs = tf.keras.layers.Dense(5, activation="softmax")(inputs)
        model = tf.keras.Model(inputs=inputs, outputs=outputs)
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """,
    "keras1-input-output-keywords": """
        from keras.models import Model
        from keras.layers import Input, Dense
        inp = Input(shape=(4,))
        out = Dense(output_dim=5, activation="softmax")(inp)
        model = Model(input=inp, output=out)
        model.compile(loss="binary_crossentropy", optimizer="sgd")
        """,
    "inline-nested-calls": """
        from tensorflow.keras import layers, Model, Input
        inp = Input((12,))
        model = Model(inp, layers.Dense(5, activation="softmax")(layers.Dense(16)(inp)))
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """,
}


@pytest.mark.parametrize("code", FUNCTIONAL.values(), ids=FUNCTIONAL.keys())
def test_functional_model(code: str) -> None:
    assert heads(code) == [("bce", 5, "softmax")]
    assert [c for c, _ in codes(code)] == ["KL103"]


def test_functional_model_end_to_end_row() -> None:
    assert codes(FUNCTIONAL["Model-keywords"]) == [("KL103", 8)]


def test_functional_later_layer_replaces_earlier_head() -> None:
    code = """
        from tensorflow import keras
        inp = keras.Input((4,))
        x = keras.layers.Dense(1, activation="sigmoid")(inp)
        x = keras.layers.Dense(10, activation="softmax")(x)
        model = keras.Model(inp, x)
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        """
    assert heads(code) == [("cce", 10, "softmax")]
    assert codes(code) == []


def test_sequential_model_called_inside_functional_model() -> None:
    code = """
        from tensorflow import keras
        inp = keras.Input((4,))
        sub = keras.Sequential([keras.layers.Dense(4, activation="softmax")])
        model = keras.Model(inp, sub(inp))
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", 4, "softmax")]
    assert codes(code) == [("KL103", 6)]


# ------------------------------------------------------------------ multi-output models


def test_multi_output_list_with_matching_loss_list() -> None:
    code = """
        from tensorflow import keras
        inp = keras.Input((8,))
        a = keras.layers.Dense(1, activation="sigmoid", name="a")(inp)
        b = keras.layers.Dense(4, activation="softmax", name="b")(inp)
        model = keras.Model(inputs=inp, outputs=[a, b])
        model.compile(optimizer="adam", loss=["binary_crossentropy", "categorical_crossentropy"])
        """
    assert heads(code) == [("bce", 1, "sigmoid"), ("cce", 4, "softmax")]
    assert codes(code) == []


def test_multi_output_list_with_swapped_loss_list() -> None:
    code = """
        from tensorflow import keras
        inp = keras.Input((8,))
        a = keras.layers.Dense(1, activation="sigmoid", name="a")(inp)
        b = keras.layers.Dense(4, activation="softmax", name="b")(inp)
        model = keras.Model(inputs=inp, outputs=[a, b])
        model.compile(optimizer="adam", loss=["categorical_crossentropy", "binary_crossentropy"])
        """
    assert heads(code) == [("cce", 1, "sigmoid"), ("bce", 4, "softmax")]
    assert codes(code) == [("KL102", 7), ("KL103", 7)]


def test_multi_output_dict_outputs_with_loss_dict() -> None:
    code = """
        from tensorflow import keras
        inp = keras.Input((8,))
        a = keras.layers.Dense(1, activation="sigmoid")(inp)
        b = keras.layers.Dense(4, activation="softmax")(inp)
        model = keras.Model(inp, {"is_cat": a, "breed": b})
        model.compile(
            optimizer="adam",
            loss={"breed": "binary_crossentropy", "is_cat": "binary_crossentropy"},
        )
        """
    # Keyed by output name, whatever the order of the loss dict.
    assert heads(code) == [("bce", 1, "sigmoid"), ("bce", 4, "softmax")]
    assert codes(code) == [("KL103", 9)]


def test_multi_output_list_named_layers_with_loss_dict() -> None:
    code = """
        from tensorflow import keras
        inp = keras.Input((8,))
        a = keras.layers.Dense(1, activation="sigmoid", name="is_cat")(inp)
        b = keras.layers.Dense(4, activation="softmax", name="breed")(inp)
        model = keras.Model(inp, [a, b])
        model.compile(optimizer="adam", loss={"is_cat": "binary_crossentropy", "breed": "categorical_crossentropy"})
        """
    facts = facts_of(code)
    assert [(u.head.name, u.loss.family) for u in facts.loss_uses] == [("is_cat", "bce"), ("breed", "cce")]
    assert codes(code) == []


def test_multi_output_single_loss_applies_to_every_output() -> None:
    code = """
        from tensorflow import keras
        inp = keras.Input((8,))
        a = keras.layers.Dense(1, activation="sigmoid")(inp)
        b = keras.layers.Dense(4, activation="softmax")(inp)
        model = keras.Model(inp, [a, b])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", 1, "sigmoid"), ("bce", 4, "softmax")]
    assert codes(code) == [("KL103", 7)]


# ------------------------------------------------------------------ helper functions


def test_helper_returning_a_layer_is_bound_per_call() -> None:
    code = """
        from tensorflow.keras import layers, Sequential
        def head(n, act):
            return layers.Dense(n, activation=act)
        good = Sequential([head(10, "softmax")])
        bad = Sequential([head(1, "softmax")])
        """
    assert activations(code) == [("softmax", 10), ("softmax", 1)]
    assert codes(code) == [("KL101", 6)]  # the literal "softmax" of the bad call


def test_helper_returning_a_tensor_is_bound_per_call() -> None:
    code = """
        from tensorflow.keras import layers, Model, Input
        def head(x, n, act):
            return layers.Dense(n, activation=act)(x)
        inp = Input((4,))
        good = Model(inp, head(inp, 10, "softmax"))
        good.compile(optimizer="adam", loss="categorical_crossentropy")
        bad = Model(inp, head(inp, 1, "sigmoid"))
        bad.compile(optimizer="adam", loss="categorical_crossentropy")
        """
    assert heads(code) == [("cce", 10, "softmax"), ("cce", 1, "sigmoid")]
    assert codes(code) == [("KL102", 9)]


def test_helper_building_and_compiling_a_whole_model() -> None:
    code = """
        from tensorflow.keras import layers, Sequential
        def build(n, act):
            model = Sequential([layers.Dense(16, activation="relu"), layers.Dense(n, activation=act)])
            model.compile(optimizer="adam", loss="categorical_crossentropy")
            return model
        good = build(10, "softmax")
        bad = build(3, "sigmoid")
        """
    assert heads(code) == [("cce", 10, "softmax"), ("cce", 3, "sigmoid")]
    assert codes(code) == [("KL104", 8)]  # the "sigmoid" of the bad call


def test_helper_model_compiled_by_the_caller() -> None:
    code = """
        from tensorflow.keras import layers, Sequential
        def build(n, act):
            return Sequential([layers.Dense(n, activation=act)])
        good = build(10, "softmax")
        good.compile(optimizer="adam", loss="categorical_crossentropy")
        bad = build(1, "sigmoid")
        bad.compile(optimizer="adam", loss="categorical_crossentropy")
        """
    assert heads(code) == [("cce", 10, "softmax"), ("cce", 1, "sigmoid")]
    assert codes(code) == [("KL102", 8)]


def test_helper_called_with_unknown_arguments_is_silent() -> None:
    code = """
        import sys
        from tensorflow.keras import layers, Sequential
        def build(n, act):
            model = Sequential([layers.Dense(n, activation=act)])
            model.compile(optimizer="adam", loss="categorical_crossentropy")
            return model
        model = build(int(sys.argv[1]), sys.argv[2])
        """
    assert heads(code) == [("cce", None, None)]
    assert codes(code) == []


def test_nested_helper_functions() -> None:
    code = """
        from tensorflow import keras
        def outer():
            def inner(n):
                return keras.layers.Dense(n, activation="softmax")
            return keras.Sequential([inner(1)])
        model = outer()
        """
    assert activations(code) == [("softmax", 1)]
    assert codes(code) == [("KL101", 5)]


# ------------------------------------------------------------------ subclassed models


def test_subclassed_model_call_returns_layer_stored_in_init() -> None:
    code = """
        import tensorflow as tf
        class Net(tf.keras.Model):
            def __init__(self):
                super().__init__()
                self.hidden = tf.keras.layers.Dense(16, activation="relu")
                self.out = tf.keras.layers.Dense(5, activation="softmax")
            def call(self, x):
                return self.out(self.hidden(x))
        model = Net()
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", 5, "softmax")]
    assert codes(code) == [("KL103", 11)]


def test_subclassed_model_constructor_arguments_bound_per_instance() -> None:
    code = """
        from keras import Model
        from keras.layers import Dense
        class Net(Model):
            def __init__(self, n_classes):
                super().__init__()
                self.head = Dense(n_classes, activation="softmax")
            def call(self, inputs):
                return self.head(inputs)
        good = Net(5)
        good.compile(optimizer="adam", loss="categorical_crossentropy")
        bad = Net(1)
        bad.compile(optimizer="adam", loss="categorical_crossentropy")
        """
    assert heads(code) == [("cce", 5, "softmax"), ("cce", 1, "softmax")]
    assert codes(code) == [("KL101", 7), ("KL102", 13)]


def test_subclassed_model_with_unknown_constructor_argument_is_silent() -> None:
    code = """
        import sys
        from keras import Model
        from keras.layers import Dense
        class Net(Model):
            def __init__(self, n_classes):
                super().__init__()
                self.head = Dense(n_classes, activation="softmax")
            def call(self, inputs):
                return self.head(inputs)
        model = Net(int(sys.argv[1]))
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        """
    assert heads(code) == [("cce", None, "softmax")]
    assert codes(code) == []


def test_custom_layer_inside_sequential() -> None:
    code = """
        from tensorflow import keras
        class Head(keras.layers.Layer):
            def __init__(self):
                super().__init__()
                self.dense = keras.layers.Dense(4, activation="softmax")
            def call(self, x):
                return self.dense(x)
        model = keras.Sequential([keras.layers.Dense(8), Head()])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", 4, "softmax")]
    assert codes(code) == [("KL103", 10)]


SOFTMAX_IN_CALL = textwrap.dedent("""
    import tensorflow as tf
    class Net(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.out = tf.keras.layers.Dense(1)
        def call(self, x):
            return tf.nn.softmax(self.out(x))
    """)


@pytest.mark.parametrize(
    "usage",
    ["", "model = Net()\ny = model(None)\n", "model = Net()\nmodel.compile(loss='categorical_crossentropy')\n"],
    ids=["class-only", "called", "compiled"],
)
def test_subclassed_model_softmax_in_call(usage: str) -> None:
    code = SOFTMAX_IN_CALL + usage
    assert ("KL101", 8) in codes(code)


def test_subclassed_model_softmax_in_call_instantiated_only() -> None:
    code = SOFTMAX_IN_CALL + "model = Net()\n"
    assert codes(code) == [("KL101", 8)]


# ------------------------------------------------------------------ TimeDistributed


def test_time_distributed_single_unit_softmax() -> None:
    code = """
        from tensorflow.keras import layers, Sequential
        model = Sequential([
            layers.LSTM(8, return_sequences=True),
            layers.TimeDistributed(layers.Dense(1, activation="softmax")),
        ])
        """
    assert ("softmax", 1) in activations(code)
    assert codes(code) == [("KL101", 5)]


def test_time_distributed_passes_the_wrapped_head_to_the_loss() -> None:
    code = """
        from tensorflow.keras import layers, Sequential
        model = Sequential([
            layers.LSTM(8, return_sequences=True),
            layers.TimeDistributed(layers.Dense(5, activation="softmax")),
        ])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", 5, "softmax")]
    assert codes(code) == [("KL103", 7)]


# ------------------------------------------------------------------ pretrained bases


def test_pretrained_base_output_with_new_logit_head() -> None:
    code = """
        import tensorflow as tf
        base = tf.keras.applications.MobileNetV2(include_top=False, weights="imagenet")
        x = base.output
        x = tf.keras.layers.GlobalAveragePooling2D()(x)
        out = tf.keras.layers.Dense(1)(x)
        model = tf.keras.Model(base.input, out)
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", 1, "linear")]
    assert codes(code) == [("KL106", 8)]


def test_pretrained_base_with_sigmoid_head_is_silent() -> None:
    code = """
        import tensorflow as tf
        base = tf.keras.applications.MobileNetV2(input_shape=(160, 160, 3), include_top=False)
        base.trainable = False
        x = tf.keras.layers.GlobalAveragePooling2D()(base.output)
        out = tf.keras.layers.Dense(1, activation="sigmoid")(x)
        model = tf.keras.Model(inputs=base.input, outputs=out)
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", 1, "sigmoid")]
    assert codes(code) == []


def test_pretrained_base_called_on_inputs() -> None:
    code = """
        import tensorflow as tf
        base = tf.keras.applications.MobileNetV2(include_top=False)
        inputs = tf.keras.Input((160, 160, 3))
        x = base(inputs, training=False)
        x = tf.keras.layers.GlobalAveragePooling2D()(x)
        outputs = tf.keras.layers.Dense(1)(x)
        model = tf.keras.Model(inputs, outputs)
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", 1, "linear")]
    assert codes(code) == [("KL106", 9)]


def test_pretrained_base_inside_sequential() -> None:
    code = """
        from tensorflow.keras.applications import VGG16
        from tensorflow.keras import layers, models
        base = VGG16(include_top=False, input_shape=(224, 224, 3))
        model = models.Sequential([base, layers.Flatten(), layers.Dense(5, activation="softmax")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", 5, "softmax")]
    assert codes(code) == [("KL103", 6)]


def test_headless_pretrained_base_alone_is_unknown() -> None:
    code = """
        import tensorflow as tf
        base = tf.keras.applications.MobileNetV2(include_top=False)
        model = tf.keras.Model(base.input, base.output)
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", None, None)]
    assert codes(code) == []


def test_application_with_its_default_top() -> None:
    code = """
        import tensorflow as tf
        model = tf.keras.applications.ResNet50()
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", 1000, "softmax")]
    assert codes(code) == [("KL103", 4)]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [("", [("KL101", 3)]), (', classifier_activation="sigmoid"', [])],
    ids=["default-softmax", "sigmoid"],
)
def test_application_with_one_class(extra: str, expected: list) -> None:
    code = f"""
import tensorflow as tf
model = tf.keras.applications.ResNet50(weights=None, classes=1{extra})
"""
    assert codes(code) == expected


# ------------------------------------------------------------------ activation folding

ONE_UNIT_SOFTMAX = {
    "Dense-then-Activation-layer": """
        from keras.models import Sequential
        from keras.layers import Dense, Activation
        model = Sequential([Dense(1), Activation("softmax")])
        """,
    "Dense-then-Softmax-layer": """
        from keras.models import Sequential
        from keras.layers import Dense, Softmax
        model = Sequential([Dense(1), Softmax()])
        """,
    "Activation-of-tf-nn-softmax": """
        import tensorflow as tf
        from tensorflow.keras import layers
        model = tf.keras.Sequential([layers.Dense(1), layers.Activation(tf.nn.softmax)])
        """,
    "Activation-of-keras-activations-softmax": """
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(1), keras.layers.Activation(keras.activations.softmax)])
        """,
    "functional-Activation": """
        from tensorflow.keras import layers, Input
        x = layers.Dense(1)(Input((4,)))
        y = layers.Activation("softmax")(x)
        """,
    "functional-Softmax": """
        from tensorflow.keras import layers, Input
        x = layers.Dense(1)(Input((4,)))
        y = layers.Softmax()(x)
        """,
    "tf-nn-softmax-call": """
        import tensorflow as tf
        logits = tf.keras.layers.Dense(1)(tf.keras.Input((3,)))
        probs = tf.nn.softmax(logits)
        """,
    "keras-activations-softmax-call": """
        import tensorflow as tf
        logits = tf.keras.layers.Dense(1)(tf.keras.Input((3,)))
        probs = tf.keras.activations.softmax(logits)
        """,
    "keras-ops-softmax-call": """
        import keras
        logits = keras.layers.Dense(1)(keras.Input((3,)))
        probs = keras.ops.softmax(logits)
        """,
    "Dense-with-string": """
        from tensorflow import keras
        x = keras.layers.Dense(1, activation="softmax")
        """,
    "Dense-with-positional-string": """
        from tensorflow import keras
        x = keras.layers.Dense(1, "softmax")
        """,
    "Dense-with-tf-nn-softmax": """
        import tensorflow as tf
        x = tf.keras.layers.Dense(1, activation=tf.nn.softmax)
        """,
    "Dense-with-keras-activations-softmax": """
        from tensorflow import keras
        x = keras.layers.Dense(1, activation=keras.activations.softmax)
        """,
    "Dense-with-imported-softmax-function": """
        from keras.activations import softmax
        from keras.layers import Dense
        x = Dense(1, activation=softmax)
        """,
    "Conv2D-with-one-filter": """
        from tensorflow import keras
        x = keras.layers.Conv2D(1, 3, activation="softmax")
        """,
    "LSTM-with-one-unit": """
        from tensorflow import keras
        x = keras.layers.LSTM(1, activation="softmax")
        """,
}


@pytest.mark.parametrize("code", ONE_UNIT_SOFTMAX.values(), ids=ONE_UNIT_SOFTMAX.keys())
def test_one_unit_softmax_is_recorded(code: str) -> None:
    assert ("softmax", 1) in activations(code)
    assert [c for c, _ in codes(code)] == ["KL101"]


def test_activation_layer_is_reported_where_softmax_is_spelled() -> None:
    code = """
        from keras.models import Sequential
        from keras.layers import Dense, Activation
        model = Sequential()
        model.add(Dense(1))
        model.add(Activation("softmax"))
        """
    assert codes(code) == [("KL101", 6)]


SOFTMAX_NOT_OVER_ONE_UNIT = {
    "Softmax-over-another-axis": """
        from tensorflow.keras import layers
        scores = layers.Dense(1)(layers.Input((50, 64)))
        weights = layers.Softmax(axis=1)(scores)
        """,
    "tf-nn-softmax-over-another-axis": """
        import tensorflow as tf
        scores = tf.keras.layers.Dense(1)(tf.keras.Input((5, 4)))
        weights = tf.nn.softmax(scores, axis=1)
        """,
    "channels-first-convolution": """
        from tensorflow import keras
        x = keras.layers.Conv2D(1, 3, activation="softmax", data_format="channels_first")
        """,
    "Dense-then-sigmoid-Activation": """
        from keras.models import Sequential
        from keras.layers import Dense, Activation
        model = Sequential([Dense(1), Activation("sigmoid")])
        """,
    "two-units": """
        from keras.models import Sequential
        from keras.layers import Dense, Activation
        model = Sequential([Dense(2), Activation("softmax")])
        """,
}


@pytest.mark.parametrize("code", SOFTMAX_NOT_OVER_ONE_UNIT.values(), ids=SOFTMAX_NOT_OVER_ONE_UNIT.keys())
def test_softmax_look_alike_is_silent(code: str) -> None:
    assert ("softmax", 1) not in activations(code)
    assert codes(code) == []


HEAD_ACTIVATION = {
    "string": ('activation="softmax"', "softmax"),
    "tf-nn-function": ("activation=tf.nn.softmax", "softmax"),
    "keras-activations-function": ("activation=tf.keras.activations.softmax", "softmax"),
    "tf-nn-sigmoid": ("activation=tf.nn.sigmoid", "sigmoid"),
    "tanh-string": ('activation="tanh"', "tanh"),
    "None-is-linear": ("activation=None", "linear"),
    "omitted-is-linear": ("", "linear"),
    "linear-string": ('activation="linear"', "linear"),
}


@pytest.mark.parametrize(("argument", "activation"), HEAD_ACTIVATION.values(), ids=HEAD_ACTIVATION.keys())
def test_head_activation_spelling(argument: str, activation: str) -> None:
    comma = ", " if argument else ""
    code = f"""
import tensorflow as tf
model = tf.keras.Sequential([tf.keras.layers.Dense(4{comma}{argument})])
model.compile(optimizer="adam", loss="categorical_crossentropy")
"""
    assert heads(code) == [("cce", 4, activation)]


def test_unknown_activation_string_leaves_activation_unknown() -> None:
    code = """
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(3, activation="my_activation")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        """
    assert heads(code) == [("cce", 3, None)]
    assert codes(code) == []


def test_linear_activation_layer_keeps_the_softmax_before_it() -> None:
    code = """
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(4, activation="softmax"), keras.layers.Activation("linear")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", 4, "softmax")]


def test_sigmoid_activation_layer_folds_into_multi_unit_head() -> None:
    code = """
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(4), keras.layers.Activation("sigmoid")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        """
    assert heads(code) == [("cce", 4, "sigmoid")]
    assert codes(code) == [("KL104", 3)]


# ------------------------------------------------------------------ layers after the head


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        ("keras.layers.Dropout(0.5)", ("bce", 4, "softmax")),
        ("keras.layers.BatchNormalization()", ("bce", 4, None)),
        ("keras.layers.Flatten()", ("bce", None, None)),
        ("keras.layers.Lambda(lambda t: t * 2)", ("bce", None, None)),
    ],
    ids=["Dropout-is-transparent", "BatchNormalization-drops-activation", "Flatten-is-unknown", "Lambda-is-unknown"],
)
def test_layer_after_the_head(after: str, expected: tuple) -> None:
    code = f"""
from tensorflow import keras
model = keras.Sequential([keras.layers.Dense(4, activation="softmax"), {after}])
model.compile(optimizer="adam", loss="binary_crossentropy")
"""
    assert heads(code) == [expected]
    assert [c for c, _ in codes(code)] == (["KL103"] if expected[2] == "softmax" else [])
