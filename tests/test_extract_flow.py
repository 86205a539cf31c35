"""Flow: facts follow statement order, branches join, loops, uncalled code, and text that is not code."""

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


# ------------------------------------------------------------------ statement order


def test_rebound_name_refers_to_the_new_model() -> None:
    code = """
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        """
    assert heads(code) == [("cce", 10, "softmax")]
    assert codes(code) == []


def test_rebound_name_refers_to_the_new_model_when_it_is_the_bad_one() -> None:
    code = """
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        """
    assert heads(code) == [("cce", 1, "sigmoid")]
    assert codes(code) == [("KL102", 5)]


def test_each_compile_sees_the_model_bound_at_that_point() -> None:
    code = """
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("cce", 10, "softmax"), ("bce", 1, "sigmoid")]
    assert codes(code) == []


def test_layers_added_after_compile_do_not_change_the_compiled_head() -> None:
    code = """
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.add(keras.layers.Dense(1, activation="sigmoid"))
        """
    assert heads(code) == [("cce", 10, "softmax")]


def test_several_models_in_one_file_are_independent() -> None:
    code = """
        from tensorflow import keras
        clf = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
        binary = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        reg = keras.Sequential([keras.layers.Dense(1)])
        clf.compile(optimizer="adam", loss="categorical_crossentropy")
        binary.compile(optimizer="adam", loss="categorical_crossentropy")
        reg.compile(optimizer="adam", loss="mse")
        """
    assert heads(code) == [("cce", 10, "softmax"), ("cce", 1, "sigmoid")]
    assert codes(code) == [("KL102", 7)]


def test_model_handed_to_unknown_code_forgets_its_layers() -> None:
    code = """
        from tensorflow import keras
        import mylib
        model = keras.Sequential([keras.layers.Dense(4, activation="relu")])
        mylib.add_head(model)
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", None, None)]
    assert codes(code) == []


def test_model_handed_to_user_helper_that_compiles_it() -> None:
    code = """
        import tensorflow as tf
        def compile_it(m):
            m.compile(loss="binary_crossentropy")
        model = tf.keras.Sequential([tf.keras.layers.Dense(5, activation="softmax")])
        compile_it(model)
        """
    assert heads(code) == [("bce", 5, "softmax")]
    assert codes(code) == [("KL103", 4)]


# ------------------------------------------------------------------ if / else


def test_if_else_disagreeing_on_units_is_silent() -> None:
    code = """
        import sys
        from tensorflow import keras
        if len(sys.argv) > 1:
            n = 1
        else:
            n = 10
        model = keras.Sequential([keras.layers.Dense(n, activation="softmax")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        """
    assert activations(code) == [("softmax", None)]
    assert heads(code) == [("cce", None, "softmax")]
    assert codes(code) == []


def test_if_else_agreeing_on_units_is_reported() -> None:
    code = """
        import sys
        from tensorflow import keras
        if len(sys.argv) > 1:
            n = 1
        else:
            n = 1
        model = keras.Sequential([keras.layers.Dense(n, activation="softmax")])
        """
    assert activations(code) == [("softmax", 1)]
    assert codes(code) == [("KL101", 8)]


def test_if_else_disagreeing_on_activation_is_silent() -> None:
    code = """
        import sys
        from tensorflow import keras
        if len(sys.argv) > 1:
            act = "softmax"
        else:
            act = "sigmoid"
        model = keras.Sequential([keras.layers.Dense(1, activation=act)])
        """
    assert activations(code) == []
    assert codes(code) == []


def test_if_else_agreeing_on_activation_is_reported() -> None:
    code = """
        import sys
        from tensorflow import keras
        if len(sys.argv) > 1:
            act = "softmax"
        else:
            act = "softmax"
        model = keras.Sequential([keras.layers.Dense(1, activation=act)])
        """
    assert activations(code) == [("softmax", 1)]
    assert [c for c, _ in codes(code)] == ["KL101"]


def test_if_elif_else_all_agreeing() -> None:
    code = """
        import sys
        from tensorflow import keras
        mode = sys.argv[1]
        if mode == "a":
            act = "relu"
        elif mode == "b":
            act = "relu"
        else:
            act = "relu"
        model = keras.Sequential([keras.layers.Dense(1, activation=act)])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", 1, "relu")]
    assert codes(code) == [("KL107", 12)]


def test_if_without_else_joins_with_the_value_before() -> None:
    code = """
        import sys
        from tensorflow import keras
        n = 10
        if len(sys.argv) > 1:
            n = 1
        model = keras.Sequential([keras.layers.Dense(n, activation="softmax")])
        """
    assert activations(code) == [("softmax", None)]
    assert codes(code) == []


def test_if_with_known_false_condition_is_not_taken() -> None:
    code = """
        from tensorflow import keras
        DEBUG = False
        n = 10
        if DEBUG:
            n = 1
        model = keras.Sequential([keras.layers.Dense(n, activation="softmax")])
        """
    assert activations(code) == [("softmax", 10)]
    assert codes(code) == []


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ('"sigmoid"', '"softmax"', []),
        ('"softmax"', '"softmax"', [("KL101", 4)]),  # a module constant: at its use
    ],
    ids=["disagree", "agree"],
)
def test_conditional_expression(first: str, second: str, expected: list) -> None:
    code = f"""import sys
act = {first} if len(sys.argv) > 1 else {second}
from tensorflow import keras
model = keras.Sequential([keras.layers.Dense(1, activation=act)])
"""
    assert codes(code) == expected


def test_layers_added_in_disagreeing_arms_are_silent() -> None:
    code = """
        import sys
        from tensorflow import keras
        model = keras.Sequential()
        if len(sys.argv) > 1:
            model.add(keras.layers.Dense(1, activation="sigmoid"))
        else:
            model.add(keras.layers.Dense(10, activation="softmax"))
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        """
    assert heads(code) == [("cce", None, None)]
    assert codes(code) == []


def test_layers_added_in_agreeing_arms_are_reported() -> None:
    code = """
        import sys
        from tensorflow import keras
        model = keras.Sequential()
        if len(sys.argv) > 1:
            model.add(keras.layers.Dense(3, activation="softmax"))
        else:
            model.add(keras.layers.Dense(3, activation="softmax"))
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", 3, "softmax")]
    assert codes(code) == [("KL103", 9)]


def test_head_tensors_built_in_agreeing_arms_are_reported() -> None:
    code = """
        import sys
        from tensorflow import keras
        inp = keras.Input((4,))
        if len(sys.argv) > 1:
            out = keras.layers.Dense(10, activation="softmax")(inp)
        else:
            out = keras.layers.Dense(10, activation="softmax")(keras.layers.Dense(8)(inp))
        model = keras.Model(inp, out)
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", 10, "softmax")]
    assert codes(code) == [("KL103", 10)]


def test_models_built_in_agreeing_arms_are_reported() -> None:
    code = """
        import sys
        from tensorflow import keras
        if len(sys.argv) > 1:
            model = keras.Sequential([keras.layers.Dense(32, activation="relu"), keras.layers.Dense(10, activation="softmax")])
        else:
            model = keras.Sequential([keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10, activation="softmax")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", 10, "softmax")]
    assert codes(code) == [("KL103", 8)]


def test_models_built_in_disagreeing_arms_are_silent() -> None:
    code = """
        import sys
        from tensorflow import keras
        if len(sys.argv) > 1:
            model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        else:
            model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert codes(code) == []


def test_losses_chosen_in_disagreeing_arms_are_silent() -> None:
    code = """
        import sys
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
        if len(sys.argv) > 1:
            loss = "binary_crossentropy"
        else:
            loss = "categorical_crossentropy"
        model.compile(optimizer="adam", loss=loss)
        """
    assert heads(code) == []
    assert codes(code) == []


def test_compile_in_each_arm_is_checked_separately() -> None:
    code = """
        import sys
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
        if len(sys.argv) > 1:
            model.compile(optimizer="adam", loss="binary_crossentropy")
        else:
            model.compile(optimizer="adam", loss="categorical_crossentropy")
        """
    assert heads(code) == [("bce", 10, "softmax"), ("cce", 10, "softmax")]
    assert codes(code) == [("KL103", 6)]


@pytest.mark.parametrize(("argument", "expected"), [("True", [("KL102", 10)]), ("False", [])])
def test_branch_on_known_helper_argument(argument: str, expected: list) -> None:
    code = f"""
from tensorflow import keras
def build(binary):
    if binary:
        units, act = 1, "sigmoid"
    else:
        units, act = 10, "softmax"
    return keras.Sequential([keras.layers.Dense(units, activation=act)])
model = build({argument})
model.compile(optimizer="adam", loss="categorical_crossentropy")
"""
    assert codes(code) == expected


def test_early_returns_on_unknown_condition_are_silent() -> None:
    code = """
        import sys
        from tensorflow import keras
        def build(binary):
            if binary:
                return keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
            return keras.Sequential([keras.layers.Dense(10, activation="softmax")])
        model = build(len(sys.argv) > 1)
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert codes(code) == []


def test_match_arms_disagreeing_are_silent() -> None:
    code = """
        import sys
        from tensorflow import keras
        match sys.argv[1]:
            case "binary":
                n = 1
            case _:
                n = 10
        model = keras.Sequential([keras.layers.Dense(n, activation="softmax")])
        """
    assert activations(code) == [("softmax", None)]


# ------------------------------------------------------------------ loops


def test_hidden_layers_added_in_a_loop_then_head() -> None:
    code = """
        from tensorflow import keras
        model = keras.Sequential()
        for units in [64, 32]:
            model.add(keras.layers.Dense(units, activation="relu"))
        model.add(keras.layers.Dense(5, activation="softmax"))
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", 5, "softmax")]
    assert codes(code) == [("KL103", 7)]


def test_head_added_in_a_loop() -> None:
    code = """
        from tensorflow import keras
        model = keras.Sequential()
        for i in range(3):
            model.add(keras.layers.Dense(8, activation="relu"))
            model.add(keras.layers.Dense(1, activation="softmax"))
        """
    assert codes(code) == [("KL101", 6)]


def test_loop_over_hidden_sizes_leaves_last_hidden_unknown() -> None:
    code = """
        from tensorflow import keras
        model = keras.Sequential()
        for units in [64, 32]:
            model.add(keras.layers.Dense(units, activation="relu"))
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", None, None)]
    assert codes(code) == []


def test_loop_over_unknown_iterable() -> None:
    code = """
        import sys
        from tensorflow import keras
        model = keras.Sequential()
        for units in sys.argv[1:]:
            model.add(keras.layers.Dense(int(units), activation="relu"))
        model.add(keras.layers.Dense(1, activation="sigmoid"))
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        """
    assert heads(code) == [("cce", 1, "sigmoid")]
    assert codes(code) == [("KL102", 8)]


def test_functional_layers_in_a_loop() -> None:
    code = """
        from tensorflow import keras
        x = inp = keras.Input((4,))
        for units in (64, 32):
            x = keras.layers.Dense(units, activation="relu")(x)
        out = keras.layers.Dense(1, activation="sigmoid")(x)
        model = keras.Model(inp, out)
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        """
    assert heads(code) == [("cce", 1, "sigmoid")]
    assert codes(code) == [("KL102", 8)]


def test_models_built_in_a_loop_over_differing_sizes_are_unknown() -> None:
    code = """
        from tensorflow import keras
        for n in [2, 5, 10]:
            model = keras.Sequential([keras.layers.Dense(n, activation="softmax")])
            model.compile(optimizer="adam", loss="categorical_crossentropy")
        """
    assert heads(code) == [("cce", None, "softmax")]
    assert codes(code) == []


def test_blocks_of_nested_loops_then_head() -> None:
    code = """
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential()
        for block in range(3):
            for j in range(2):
                for k in range(2):
                    for m in range(2):
                        model.add(layers.Conv2D(32, 3, activation="relu"))
                model.add(layers.BatchNormalization())
            model.add(layers.MaxPooling2D())
        model.add(layers.Flatten())
        model.add(layers.Dense(10, activation="softmax"))
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert codes(code) == [("KL103", 14)]


def test_name_rebound_in_deeply_nested_loops_is_unknown_after_them() -> None:
    # x is 1 after the first walk of the innermost body, 2 only from its second iteration on:
    # loops nested deep inside dry walks forget what they write.
    code = """
        from tensorflow import keras
        n, x = 1, 1
        for a in range(2):
            for b in range(2):
                for c in range(2):
                    for d in range(2):
                        x = n
                        n = 2
        model = keras.Sequential([keras.layers.Dense(x, activation="softmax")])
        """
    assert codes(code) == []


def test_many_nested_loops_are_walked_in_bounded_time() -> None:
    depth = 19
    body = "".join("    " * i + f"for i{i} in range(3):\n" for i in range(depth)) + "    " * depth + "x = 1\n"
    code = "from tensorflow import keras\n" + body + 'keras.Sequential([keras.layers.Dense(1, activation="softmax")])\n'
    assert codes(code) == [("KL101", depth + 3)]


def test_for_else() -> None:
    code = """
        from tensorflow import keras
        for i in range(3):
            pass
        else:
            model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])
        """
    assert codes(code) == [("KL101", 6)]


def test_while_with_unknown_condition() -> None:
    code = """
        import sys
        from tensorflow import keras
        model = keras.Sequential()
        while len(model.layers) < int(sys.argv[1]):
            model.add(keras.layers.Dense(8, activation="relu"))
        model.add(keras.layers.Dense(4, activation="softmax"))
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", 4, "softmax")]
    assert codes(code) == [("KL103", 8)]


def test_while_true_with_break() -> None:
    code = """
        from tensorflow import keras
        while True:
            if input():
                break
        model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])
        """
    assert codes(code) == [("KL101", 6)]


def test_code_inside_while_body() -> None:
    code = """
        from tensorflow import keras
        while True:
            model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])
            break
        """
    assert codes(code) == [("KL101", 4)]


def test_while_else() -> None:
    code = """
        import sys
        from tensorflow import keras
        k = int(sys.argv[1])
        while k > 0:
            k -= 1
        else:
            model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])
        """
    assert codes(code) == [("KL101", 8)]


def test_while_with_counter_then_model() -> None:
    code = """
        from tensorflow import keras
        i = 0
        while i < 3:
            i += 1
        model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])
        """
    assert codes(code) == [("KL101", 6)]


def test_while_with_counter_adding_layers() -> None:
    code = """
        from tensorflow import keras
        model = keras.Sequential()
        n = 0
        while n < 2:
            model.add(keras.layers.Dense(8, activation="relu"))
            n += 1
        model.add(keras.layers.Dense(4, activation="softmax"))
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", 4, "softmax")]
    assert codes(code) == [("KL103", 9)]


# ------------------------------------------------------------------ try / with


def test_model_built_and_compiled_inside_try() -> None:
    code = """
        from tensorflow import keras
        try:
            model = keras.Sequential([keras.layers.Dense(4, activation="softmax")])
            model.compile(optimizer="adam", loss="binary_crossentropy")
        except Exception:
            pass
        """
    assert heads(code) == [("bce", 4, "softmax")]
    assert codes(code) == [("KL103", 5)]


def test_try_load_except_build_is_unknown_after_the_try() -> None:
    code = """
        from tensorflow import keras
        try:
            model = keras.models.load_model("model.h5")
        except OSError:
            model = keras.Sequential([keras.layers.Dense(4, activation="softmax")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == []
    assert codes(code) == []


def test_try_that_does_not_touch_the_model() -> None:
    code = """
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(4, activation="softmax")])
        try:
            model.load_weights("weights.h5")
        except OSError:
            print("no weights")
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", 4, "softmax")]
    assert codes(code) == [("KL103", 8)]


def test_try_finally() -> None:
    code = """
        from tensorflow import keras
        try:
            model = keras.Sequential([keras.layers.Dense(4, activation="softmax")])
        finally:
            print("done")
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert codes(code) == [("KL103", 7)]


def test_try_inside_helper_function() -> None:
    code = """
        from tensorflow import keras
        def build():
            try:
                model = keras.Sequential([keras.layers.Dense(4, activation="softmax")])
            except ValueError:
                raise
            model.compile(optimizer="adam", loss="binary_crossentropy")
            return model
        """
    assert codes(code) == [("KL103", 8)]


def test_with_block_body() -> None:
    code = """
        import tensorflow as tf
        from tensorflow import keras
        strategy = tf.distribute.MirroredStrategy()
        with strategy.scope():
            model = keras.Sequential([keras.layers.Dense(4, activation="softmax")])
            model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == [("bce", 4, "softmax")]
    assert codes(code) == [("KL103", 7)]


def test_with_block_bindings_survive_the_block() -> None:
    code = """
        import tensorflow as tf
        from tensorflow import keras
        with tf.device("/gpu:0"), open("log.txt") as log:
            model = keras.Sequential([keras.layers.Dense(4, activation="softmax")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert codes(code) == [("KL103", 6)]


def test_with_as_rebinds_the_name_to_unknown() -> None:
    code = """
        import contextlib
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(4, activation="softmax")])
        with contextlib.nullcontext() as model:
            model.compile(optimizer="adam", loss="binary_crossentropy")
        """
    assert heads(code) == []
    assert codes(code) == []


# ------------------------------------------------------------------ code that is never called


def test_uncalled_function_without_parameters_is_checked() -> None:
    code = """
        from tensorflow import keras
        def build():
            model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
            model.compile(optimizer="adam", loss="categorical_crossentropy")
            return model
        """
    assert heads(code) == [("cce", 1, "sigmoid")]
    assert codes(code) == [("KL102", 5)]


def test_uncalled_function_depending_on_parameters_is_silent() -> None:
    code = """
        from tensorflow import keras
        def build(n_classes, loss):
            model = keras.Sequential([keras.layers.Dense(n_classes, activation="softmax")])
            model.compile(optimizer="adam", loss=loss)
            return model
        """
    assert heads(code) == []
    assert codes(code) == []


def test_uncalled_function_with_fixed_head_and_free_hidden_size() -> None:
    code = """
        from tensorflow import keras
        def build(hidden):
            model = keras.Sequential([
                keras.layers.Dense(hidden, activation="relu"),
                keras.layers.Dense(5, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="binary_crossentropy")
            return model
        """
    assert heads(code) == [("bce", 5, "softmax")]
    assert codes(code) == [("KL103", 8)]


def test_uncalled_method_of_uninstantiated_class_is_checked() -> None:
    code = """
        from tensorflow import keras
        class Experiment:
            def build(self):
                model = keras.Sequential([keras.layers.Dense(5, activation="softmax")])
                model.compile(optimizer="adam", loss="binary_crossentropy")
                return model
        """
    assert codes(code) == [("KL103", 6)]


def test_function_under_main_guard() -> None:
    code = """
        from tensorflow import keras
        def build(n):
            return keras.Sequential([keras.layers.Dense(n, activation="softmax")])
        if __name__ == "__main__":
            model = build(1)
        """
    assert codes(code) == [("KL101", 4)]


WRAPPER_CLASS = textwrap.dedent("""
    import tensorflow as tf
    class Trainer:
        def __init__(self):
            self.model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
        def predict(self, x):
            return tf.nn.softmax(self.model(x))
    """)


def test_uncalled_method_of_uninstantiated_wrapper_class() -> None:
    assert codes(WRAPPER_CLASS) == [("KL101", 7)]


def test_uncalled_method_of_instantiated_wrapper_class() -> None:
    code = WRAPPER_CLASS + "trainer = Trainer()\n"
    assert codes(code) == [("KL101", 7)]


@pytest.mark.parametrize("usage", ["", "trainer = Trainer()\ntrainer.fit()\n"], ids=["uncalled", "called"])
def test_wrapper_method_compiling_self_model(usage: str) -> None:
    code = textwrap.dedent("""
    import tensorflow as tf
    class Trainer:
        def __init__(self):
            self.model = tf.keras.Sequential([tf.keras.layers.Dense(5, activation="softmax")])
        def fit(self):
            self.model.compile(optimizer="adam", loss="binary_crossentropy")
    """) + usage
    assert heads(code) == [("bce", 5, "softmax")]
    assert codes(code) == [("KL103", 7)]


# ------------------------------------------------------------------ text that is not code

NOT_CODE = {
    "string": """
        from tensorflow import keras
        s = "keras.Sequential([keras.layers.Dense(1, activation='softmax')])"
        """,
    "bytes": """
        from tensorflow import keras
        b = b"keras.layers.Dense(1, activation='softmax')"
        """,
    "comment": """
        from tensorflow import keras
        # model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])
        """,
    "trailing-comment": """
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(2, activation="softmax")])  # Dense(1, activation="softmax")
        """,
    "module-docstring": '''
        """Example:

        model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])
        model.compile(loss="categorical_crossentropy")
        """
        from tensorflow import keras
        ''',
    "function-docstring": '''
        from tensorflow import keras
        def f():
            """
            model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])
            model.compile(loss="categorical_crossentropy")
            """
        ''',
    "class-docstring": '''
        from tensorflow import keras
        class Net(keras.Model):
            """Do not write keras.layers.Dense(1, activation="softmax")."""
        ''',
    "exec-string": """
        from tensorflow import keras
        exec("keras.layers.Dense(1, activation='softmax')")
        """,
}


@pytest.mark.parametrize("code", NOT_CODE.values(), ids=NOT_CODE.keys())
def test_text_is_never_code(code: str) -> None:
    assert ("softmax", 1) not in activations(code)
    assert facts_of(code).loss_uses == ()
    assert codes(code) == []


def test_expression_inside_fstring_is_code() -> None:
    code = """
        from tensorflow import keras
        message = f"{keras.layers.Dense(1, activation='softmax')}"
        """
    assert codes(code) == [("KL101", 3)]
