"""Imports and names: which spellings the extractor binds to Keras, and which it must not."""

from __future__ import annotations

import pytest

from tests.conftest import codes, facts_of


def activations(code: str) -> list[tuple[str, object]]:
    """(activation, axis_size) of every recorded activation use."""
    return [(a.activation, a.axis_size) for a in facts_of(code).activations]


# Every snippet builds a one-unit softmax on line 3 (line 1 is the blank line after `"""`).
KERAS_SPELLINGS = {
    "import-keras": """
        import keras
        layer = keras.layers.Dense(1, activation="softmax")
        """,
    "import-tensorflow-as-tf": """
        import tensorflow as tf
        layer = tf.keras.layers.Dense(1, activation="softmax")
        """,
    "from-tensorflow-import-keras": """
        from tensorflow import keras
        layer = keras.layers.Dense(1, activation="softmax")
        """,
    "from-tensorflow-keras-import-layers-models": """
        from tensorflow.keras import layers, models
        model = models.Sequential([layers.Dense(1, activation="softmax")])
        """,
    "from-keras-layers-import-Dense": """
        from keras.layers import Dense, Activation
        layer = Dense(1, activation="softmax")
        """,
    "from-tensorflow-keras-layers-import-Dense-as-D": """
        from tensorflow.keras.layers import Dense as D
        layer = D(1, activation="softmax")
        """,
    "import-tf_keras": """
        import tf_keras
        layer = tf_keras.layers.Dense(1, activation="softmax")
        """,
    "import-tf_keras-as-keras": """
        import tf_keras as keras
        layer = keras.layers.Dense(1, activation="softmax")
        """,
    "from-tensorflow-python-keras": """
        from tensorflow.python.keras.layers import Dense
        layer = Dense(1, activation="softmax")
        """,
    "import-tensorflow-python-keras-dotted": """
        import tensorflow.python.keras
        layer = tensorflow.python.keras.layers.Dense(1, activation="softmax")
        """,
    "from-keras-src-internal-module": """
        from keras.src.layers.core.dense import Dense
        layer = Dense(1, activation="softmax")
        """,
    "keras-src-internal-attribute-path": """
        import keras
        layer = keras.src.layers.core.dense.Dense(1, activation="softmax")
        """,
    "import-tensorflow-keras-as-tfk": """
        import tensorflow.keras as tfk
        layer = tfk.layers.Dense(1, activation="softmax")
        """,
    "from-keras-import-layers-as-L": """
        from keras import layers as L
        layer = L.Dense(1, activation="softmax")
        """,
    "import-keras-layers-binds-keras": """
        import keras.layers
        layer = keras.layers.Dense(1, activation="softmax")
        """,
    "import-keras-layers-as-kl": """
        import keras.layers as kl
        layer = kl.Dense(1, activation="softmax")
        """,
    "tensorflow-compat-v1": """
        import tensorflow.compat.v1 as tf
        layer = tf.keras.layers.Dense(1, activation="softmax")
        """,
    "keras2-layers-core-attribute": """
        import keras
        layer = keras.layers.core.Dense(1, activation="softmax")
        """,
    "keras2-from-layers-core": """
        from keras.layers.core import Dense
        layer = Dense(1, activation="softmax")
        """,
    "keras1-output_dim": """
        from keras.layers import Dense
        layer = Dense(output_dim=1, activation="softmax")
        """,
    "keras1-convolution2d-nb_filter": """
        from keras.layers.convolutional import Convolution2D
        layer = Convolution2D(nb_filter=1, nb_row=3, nb_col=3, activation="softmax")
        """,
    "star-import-from-keras-layers": """
        from keras.layers import *
        layer = Dense(1, activation="softmax")
        """,
    "star-import-from-tensorflow-keras-layers": """
        from tensorflow.keras.layers import *
        layer = Dense(1, activation="softmax")
        """,
}


@pytest.mark.parametrize("code", KERAS_SPELLINGS.values(), ids=KERAS_SPELLINGS.keys())
def test_keras_spelling_is_recognised(code: str) -> None:
    assert activations(code) == [("softmax", 1)]
    assert codes(code) == [("KL101", 3)]


def test_dense_and_activation_imported_together_fold_into_one_head() -> None:
    code = """
        from keras.models import Sequential
        from keras.layers import Dense, Activation
        model = Sequential([Dense(1), Activation("softmax")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        """
    facts = facts_of(code)
    assert [(a.activation, a.axis_size) for a in facts.activations] == [("softmax", 1)]
    [use] = facts.loss_uses
    assert (use.head.units, use.head.activation) == (1, "softmax")
    assert codes(code) == [("KL101", 4), ("KL102", 5)]


def test_keras1_script_with_np_utils() -> None:
    code = """
        from keras.models import Sequential
        from keras.layers.core import Dense, Activation
        from keras.utils import np_utils
        y = np_utils.to_categorical([0, 1, 1])
        model = Sequential()
        model.add(Dense(output_dim=64, input_dim=100, init="uniform"))
        model.add(Activation("relu"))
        model.add(Dense(output_dim=1, init="uniform"))
        model.add(Activation("softmax"))
        model.compile(loss="categorical_crossentropy", optimizer="sgd")
        """
    [use] = facts_of(code).loss_uses
    assert (use.loss.family, use.head.units, use.head.activation) == ("cce", 1, "softmax")
    assert codes(code) == [("KL101", 10), ("KL102", 11)]


def test_keras1_to_categorical_width_is_unknown() -> None:
    code = """
        from keras.utils import np_utils
        from keras.layers import Dense
        y = np_utils.to_categorical([0, 1, 2])
        layer = Dense(y.shape[1], activation="softmax")
        """
    assert activations(code) == [("softmax", None)]
    assert codes(code) == []


def test_keras1_channels_first_convolution_is_not_a_channel_softmax() -> None:
    code = """
        from keras.layers.convolutional import Convolution2D
        layer = Convolution2D(nb_filter=1, nb_row=3, nb_col=3, activation="softmax", dim_ordering="th")
        """
    assert activations(code) == [("softmax", None)]
    assert codes(code) == []


def test_star_imports_of_models_and_layers() -> None:
    code = """
        from keras.models import *
        from keras.layers import *
        model = Sequential()
        model.add(Dense(3))
        model.compile(loss="categorical_crossentropy")
        """
    [use] = facts_of(code).loss_uses
    assert (use.loss.family, use.head.units, use.head.activation) == ("cce", 3, "linear")
    assert codes(code) == [("KL106", 6)]


def test_explicit_import_after_unknown_star_import_is_keras() -> None:
    code = """
        from mylib import *
        from keras.layers import Dense
        layer = Dense(1, activation="softmax")
        """
    assert codes(code) == [("KL101", 4)]


# ------------------------------------------------------------------ try/except imports


def test_try_tensorflow_keras_except_import_keras() -> None:
    code = """
        try:
            from tensorflow import keras
        except ImportError:
            import keras
        layer = keras.layers.Dense(1, activation="softmax")
        """
    assert activations(code) == [("softmax", 1)]
    assert codes(code) == [("KL101", 6)]


def test_keras_imported_in_both_arms_of_if() -> None:
    code = """
        import sys
        if sys.version_info >= (3, 9):
            import keras
        else:
            from tensorflow import keras
        layer = keras.layers.Dense(1, activation="softmax")
        """
    assert codes(code) == [("KL101", 7)]


@pytest.mark.parametrize(
    "fallback",
    ["keras = None", "import mylib as keras"],
    ids=["fallback-none", "fallback-other-module"],
)
def test_try_import_with_non_keras_fallback_is_unknown(fallback: str) -> None:
    code = f"""
try:
    from tensorflow import keras
except ImportError:
    {fallback}
layer = keras.layers.Dense(1, activation="softmax")
"""
    assert activations(code) == []
    assert codes(code) == []


# ------------------------------------------------------------------ imports inside functions


def test_import_inside_called_function() -> None:
    code = """
        def build():
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="softmax")])
            return model
        model = build()
        """
    assert activations(code) == [("softmax", 1)]
    assert codes(code) == [("KL101", 4)]


def test_import_inside_function_never_called() -> None:
    code = """
        def build():
            from keras.layers import Dense
            return Dense(1, activation="softmax")
        """
    assert codes(code) == [("KL101", 4)]


def test_import_inside_function_does_not_leak_to_module_or_other_functions() -> None:
    code = """
        def build():
            from keras.layers import Dense
            return Dense(10, activation="softmax")
        def other():
            return Dense(1, activation="softmax")
        layer = Dense(1, activation="softmax")
        """
    assert activations(code) == [("softmax", 10)]
    assert codes(code) == []


def test_function_local_import_of_other_module_shadows_nothing_keras() -> None:
    code = """
        def build():
            import mylib as keras
            return keras.layers.Dense(1, activation="softmax")
        build()
        """
    assert activations(code) == []


# ------------------------------------------------------------------ look-alikes that are not Keras

NOT_KERAS = {
    "no-import-at-all": """
        layer = Dense(1, activation="softmax")
        """,
    "from-unknown-module": """
        from mylib.layers import Dense
        layer = Dense(1, activation="softmax")
        """,
    "keras-from-unknown-package": """
        from mypkg import keras
        layer = keras.layers.Dense(1, activation="softmax")
        """,
    "unknown-module-aliased-as-keras": """
        import mylib.keras as keras
        layer = keras.layers.Dense(1, activation="softmax")
        """,
    "relative-import": """
        from . import keras
        layer = keras.layers.Dense(1, activation="softmax")
        """,
    "star-from-unknown-module": """
        from mylib import *
        layer = Dense(1, activation="softmax")
        """,
    "unknown-star-import-after-keras-star": """
        from keras.layers import *
        from mylib import *
        layer = Dense(1, activation="softmax")
        """,
    "rebound-by-later-import": """
        from keras.layers import Dense
        from mylib import Dense
        layer = Dense(1, activation="softmax")
        """,
    "local-def-shadows": """
        from keras.layers import Dense
        def Dense(units, activation=None):
            return None
        layer = Dense(1, activation="softmax")
        """,
    "local-def-shadows-star-import": """
        from keras.layers import *
        def Dense(units, activation=None):
            return None
        layer = Dense(1, activation="softmax")
        """,
    "local-class-shadows": """
        from keras.layers import Dense
        class Dense:
            def __init__(self, units, activation=None):
                self.units = units
        layer = Dense(1, activation="softmax")
        """,
    "assignment-shadows-with-lambda": """
        from keras.layers import Dense
        Dense = lambda *args, **kwargs: None
        layer = Dense(1, activation="softmax")
        """,
    "assignment-shadows-with-other-library": """
        from keras.layers import Dense
        import mylib
        Dense = mylib.Dense
        layer = Dense(1, activation="softmax")
        """,
    "assignment-shadows-keras-module": """
        import keras
        from types import SimpleNamespace
        keras = SimpleNamespace()
        layer = keras.layers.Dense(1, activation="softmax")
        """,
    "parameter-shadows": """
        from keras.layers import Dense
        def build(Dense):
            return Dense(1, activation="softmax")
        """,
    "parameter-named-keras": """
        import keras
        def build(keras):
            return keras.layers.Dense(1, activation="softmax")
        """,
    "function-local-assignment-shadows": """
        from keras.layers import Dense
        import mylib
        def build():
            Dense = mylib.Dense
            return Dense(1, activation="softmax")
        build()
        """,
    "for-target-shadows": """
        from keras.layers import Dense
        import mylib
        for Dense in mylib.factories:
            layer = Dense(1, activation="softmax")
        """,
    "comprehension-target-shadows": """
        from keras.layers import Dense
        import mylib
        layers = [Dense(1, activation="softmax") for Dense in mylib.factories]
        """,
    "method-named-like-keras-class": """
        from keras.layers import Dense
        class Factory:
            def Dense(self, units, activation=None):
                return units
        layer = Factory().Dense(1, activation="softmax")
        """,
    "attribute-of-self-named-keras": """
        class Builder:
            def build(self):
                return self.keras.layers.Dense(1, activation="softmax")
        """,
}


@pytest.mark.parametrize("code", NOT_KERAS.values(), ids=NOT_KERAS.keys())
def test_look_alike_is_not_keras(code: str) -> None:
    assert activations(code) == []
    assert codes(code) == []


def test_shadowing_applies_only_from_the_point_of_definition() -> None:
    code = """
        from keras.layers import Dense
        before = Dense(1, activation="softmax")
        def Dense(*args, **kwargs):
            return None
        after = Dense(1, activation="softmax")
        """
    assert activations(code) == [("softmax", 1)]
    assert codes(code) == [("KL101", 3)]
