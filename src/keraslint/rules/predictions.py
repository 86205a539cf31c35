"""KL3xx: what is done with a model's predictions.

Rules read :class:`~keraslint.facts.model.ArgmaxUse` and
:class:`~keraslint.facts.model.PredictClassesUse` facts. Each prediction is bound to the model
it came from at that point of the file, so a name re-bound to another model is followed.
"""

from __future__ import annotations

from collections.abc import Iterator

from keraslint.facts.model import FileFacts, Head
from keraslint.rules.registry import Report, rule


def _threshold(head: Head) -> str:
    """The replacement for argmax over a single column."""
    cut = "0" if head.is_linear else "0.5"
    return f'`(p > {cut}).astype("int32")`'


@rule(
    "KL301",
    "argmax-single-column",
    "argmax over the predictions of a one-unit head",
    markers=(b"argmax",),
    invalid=[
        """
        import numpy as np
        from tensorflow.keras.models import Sequential
        from tensorflow.keras.layers import Dense
        model = Sequential([Dense(32, activation="relu", input_dim=30), Dense(1, activation="sigmoid")])
        model.compile(loss="binary_crossentropy", optimizer="adam")
        y_pred = model.predict(np.random.rand(200, 30))
        classes = np.argmax(y_pred, axis=1)  # expect: KL301
        """,
        """
        import numpy as np
        from tensorflow import keras
        model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        labels = model.predict(np.random.rand(10, 8)).argmax(axis=-1)  # expect: KL301
        """,
        """
        import numpy as np
        from tensorflow.keras.layers import Dense, Flatten, Input
        from tensorflow.keras.models import Model
        def create_model(n_out, activation):
            inputs = Input(shape=(9, 19))
            x = Flatten()(inputs)
            return Model(inputs, Dense(n_out, activation=activation)(x))
        softmax_model = create_model(2, "softmax")
        sigmoid_model = create_model(1, "sigmoid")
        ok = np.argmax(softmax_model.predict(np.random.rand(300, 9, 19)), axis=1)
        predictions = sigmoid_model.predict(np.random.rand(300, 9, 19))
        y_pred = np.argmax(predictions)  # expect: KL301
        """,
    ],
    valid=[
        """
        import numpy as np
        from tensorflow import keras
        model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
        y_pred = (model.predict(np.random.rand(10, 8)) > 0.5).astype("int32")
        """,
        """
        import numpy as np
        from tensorflow import keras
        clf = keras.Sequential([keras.Input((5,)), keras.layers.Dense(1, activation="sigmoid")])
        p = clf.predict(np.random.rand(20, 5))[:, 0]
        labels = np.argmax(np.stack([1 - p, p], axis=1), axis=1)
        """,
        """
        import numpy as np
        from tensorflow import keras
        model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
        y_onehot = np.eye(2)[np.random.randint(0, 2, 20)]
        y = y_onehot.argmax(axis=1)
        """,
        """
        import numpy as np
        from tensorflow.keras import Input, Model, layers
        inputs = Input((50, 64))
        scores = layers.Dense(1)(inputs)
        model = Model(inputs, scores)
        best_step = np.argmax(model.predict(np.random.rand(4, 50, 64)), axis=1)
        """,
    ],
)
def argmax_single_column(facts: FileFacts) -> Iterator[Report]:
    """
    ## What it does
    Checks for `argmax` (`np.argmax`, `.argmax()`, `tf.argmax`, `keras.ops.argmax`) over the class
    axis of a one-unit model's predictions, or over the whole flattened array.

    ## Why is this bad?
    A one-unit head (sigmoid, or one logit) has a single column; the index of its largest value
    along that axis is always 0, so every sample is predicted as class 0. Without `axis`,
    `np.argmax` returns the position of the highest-scoring sample instead of a class.
    This is what people reach for when `predict_classes` disappears in TensorFlow 2.6.

    ## Why Keras does not catch it
    This happens after training, in NumPy or TensorFlow code that knows nothing about the
    model: an argmax over a one-column array is valid and returns zeros.

    ## Example
    ```python
    y_pred = model.predict(x_test)  # model ends in Dense(1, activation="sigmoid")
    classes = np.argmax(y_pred, axis=1)
    ```

    ## Use instead
    ```python
    classes = (model.predict(x_test) > 0.5).astype("int32")
    ```
    (Threshold at 0 instead of 0.5 when the head outputs logits.)
    """
    for use in facts.argmaxes:
        head = use.head
        if head.units != 1:
            continue
        over_classes = use.axis_given and (use.axis == -1 or (use.axis == 1 and head.rank == 2))
        if head.rank == 1 and use.axis in (None, 0, -1):
            # one sample's row, `np.argmax(model.predict(x)[0])`: a single entry
            yield Report(
                use.node,
                "`argmax` over a row of a one-unit head's predictions{at0} is always 0; "
                f"threshold instead: {_threshold(head)}",
                (head.units_node,),
            )
            continue
        # Without axis numpy and keras flatten the array, tf.argmax works over axis 0: either
        # way a one-column batch gives the position of a sample, not a class.
        flattened = not use.axis_given and head.rank == 2 and use.classifier  # regression: may be meant
        if over_classes:
            yield Report(
                use.node,
                "`argmax` over the single column of a one-unit head's predictions{at0} is "
                f"always 0; threshold instead: {_threshold(head)}",
                (head.units_node,),
            )
        elif flattened:
            yield Report(
                use.node,
                "`argmax` without `axis` over a one-unit head's predictions{at0} returns "
                f"the index of the top sample, not a class; threshold instead: {_threshold(head)}",
                (head.units_node,),
            )


@rule(
    "KL302",
    "argmax-without-axis",
    "argmax without axis over a classifier's batch predictions",
    markers=(b"argmax",),
    invalid=[
        """
        import numpy as np
        from tensorflow import keras
        model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        predicted = np.argmax(model.predict(np.random.rand(100, 8)))  # expect: KL302
        """,
        """
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(10)])
        model.compile(loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        test_ds = tf.keras.utils.image_dataset_from_directory("test")
        classes = tf.argmax(model.predict(test_ds))  # expect: KL302
        """,
        """
        import numpy as np
        import keras
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
        preds = model.predict(x_test)
        print(keras.ops.argmax(preds))  # expect: KL302
        """,
    ],
    valid=[
        """
        import numpy as np
        from tensorflow import keras
        model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4, activation="softmax")])
        predicted = np.argmax(model.predict(np.random.rand(100, 8)), axis=-1)
        """,
        """
        import numpy as np
        from tensorflow import keras
        model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4, activation="softmax")])
        image = np.random.rand(8)
        predicted = np.argmax(model.predict(np.expand_dims(image, 0)))
        """,
        """
        import numpy as np
        from tensorflow import keras
        model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4)])
        model.compile(optimizer="adam", loss="mse")
        peak = np.argmax(model.predict(np.random.rand(100, 8)))
        """,
    ],
)
def argmax_without_axis(facts: FileFacts) -> Iterator[Report]:
    """
    ## What it does
    Checks for `argmax` without an `axis` over the predictions a classifier makes for a batch of
    several samples. Regression heads are left alone: the position of the largest output can be
    what is wanted there.

    ## Why is this bad?
    `np.argmax` and `keras.ops.argmax` without `axis` flatten the `(samples, classes)` array and
    return one index for the whole batch; `tf.argmax` without `axis` works over axis 0, the
    samples, and returns for each class the sample that scores highest. Neither is the class of
    each sample.

    ## Why Keras does not catch it
    Flattening argmax is valid NumPy, and `tf.argmax` over axis 0 is its documented default:
    both return an index, just not per sample.

    ## Example
    ```python
    predicted = np.argmax(model.predict(x_test))
    ```

    ## Use instead
    ```python
    predicted = np.argmax(model.predict(x_test), axis=-1)
    ```
    """
    for use in facts.argmaxes:
        if use.axis_given or not use.many or not use.classifier or use.head.units == 1:
            continue
        if use.library == "tensorflow":
            message = (
                "`tf.argmax` without `axis` works over axis 0, the samples, not the classes; use `axis=-1`"
            )
        else:
            message = (
                "`argmax` without `axis` flattens the batch of predictions and returns one index "
                "for all samples; use `axis=-1`"
            )
        yield Report(use.node, message)


@rule(
    "KL303",
    "predict-classes-removed",
    "Sequential.predict_classes / predict_proba, removed in TensorFlow 2.6",
    markers=(b"predict_classes", b"predict_proba"),
    invalid=[
        """
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        classes = model.predict_classes(None)  # expect: KL303
        """,
        """
        from keras.models import Sequential
        from keras.layers import Dense
        model = Sequential()
        model.add(Dense(10, activation="softmax"))
        print(model.predict_classes(None, verbose=0))  # expect: KL303
        """,
        """
        import keras
        model = keras.models.load_model("model.h5")
        probabilities = model.predict_proba(None)  # expect: KL303
        """,
    ],
    valid=[
        """
        import numpy as np
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
        classes = np.argmax(model.predict(None), axis=-1)
        """,
        """
        from scikeras.wrappers import KerasClassifier
        clf = KerasClassifier(model=None)
        proba = clf.predict_proba(None)
        """,
        """
        class Wrapper:
            def predict_classes(self, x):
                return x
        w = Wrapper()
        w.predict_classes(None)
        """,
    ],
)
def predict_classes_removed(facts: FileFacts) -> Iterator[Report]:
    """
    ## What it does
    Checks for calls of `model.predict_classes()` and `model.predict_proba()` on Keras models.
    The message gives the replacement for this model's head.

    ## Why is this bad?
    Both methods were deprecated in TensorFlow 2.3 and removed in 2.6: the call fails with
    `AttributeError`. Their replacements depend on the head, and the most common hand-written
    replacement, `np.argmax(..., axis=1)`, is wrong for a one-unit sigmoid head.

    ## Why Keras does not catch it
    The call fails with `AttributeError` only when it is reached, typically after training
    has finished.

    ## Example
    ```python
    classes = model.predict_classes(x_test)
    ```

    ## Use instead
    ```python
    classes = (model.predict(x_test) > 0.5).astype("int32")  # one sigmoid unit
    classes = np.argmax(model.predict(x_test), axis=-1)      # softmax
    ```
    """
    for use in facts.predict_classes:
        head = use.head
        if use.method == "predict_proba":
            replacement = "`model.predict(x)`"
        elif head.units == 1 and head.activation in ("sigmoid", "linear"):
            cut = "0" if head.activation == "linear" else "0.5"
            replacement = f'`(model.predict(x) > {cut}).astype("int32")`'
        elif head.activation == "softmax" or (head.units is not None and head.units > 1):
            replacement = "`np.argmax(model.predict(x), axis=-1)`"
        else:
            replacement = (
                "`np.argmax(model.predict(x), axis=-1)` for a softmax head, or "
                '`(model.predict(x) > 0.5).astype("int32")` for one sigmoid unit'
            )
        yield Report(
            use.node,
            f"`{use.method}` was removed in TensorFlow 2.6; use {replacement}",
        )
