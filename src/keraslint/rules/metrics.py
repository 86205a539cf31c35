"""KL4xx: metrics that do not fit the head they measure."""

from __future__ import annotations

from collections.abc import Iterator

from keraslint.facts.model import FileFacts
from keraslint.rules.registry import Report, rule


@rule(
    "KL401",
    "threshold-metric-on-logits",
    "a 0.5-threshold accuracy metric on a one-unit head that outputs logits",
    markers=(b"ccuracy",),
    invalid=[
        """
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
        model.compile(
            optimizer="adam",
            loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
            metrics=["accuracy"],  # expect: KL401
        )
        """,
        """
        from tensorflow import keras
        inputs = keras.Input((764,))
        logits = keras.layers.Dense(1)(inputs)
        model = keras.Model(inputs, logits)
        model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True),
                      metrics=[keras.metrics.BinaryAccuracy()])  # expect: KL401
        """,
        """
        import tensorflow as tf
        from tensorflow import keras
        class LogisticEndpoint(keras.layers.Layer):
            def __init__(self, name=None):
                super().__init__(name=name)
                self.loss_fn = keras.losses.BinaryCrossentropy(from_logits=True)
                self.accuracy_fn = keras.metrics.BinaryAccuracy()
            def call(self, logits, targets):
                self.add_loss(self.loss_fn(targets, logits))
                self.add_metric(self.accuracy_fn(targets, logits))  # expect: KL401
                return tf.nn.sigmoid(logits)
        inputs = keras.Input((10,))
        targets = keras.Input((1,))
        preds = LogisticEndpoint()(keras.layers.Dense(1)(inputs), targets)
        """,
    ],
    valid=[
        """
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
        model.compile(
            loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
            metrics=[tf.keras.metrics.BinaryAccuracy(threshold=0.0)],
        )
        """,
        """
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="sigmoid")])
        model.compile(loss="binary_crossentropy", metrics=["accuracy"])
        """,
        """
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(10)])
        model.compile(
            loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
            metrics=["accuracy"],
        )
        """,
    ],
)
def threshold_metric_on_logits(facts: FileFacts) -> Iterator[Report]:
    """
    ## What it does
    Checks for `"accuracy"`, `"binary_accuracy"` or `BinaryAccuracy()` (all thresholded at 0.5) on
    a one-unit head without activation that is trained with `from_logits=True`.

    ## Why is this bad?
    The head outputs logits: the decision boundary is 0.0, not 0.5. A logit of 0.3 is a positive
    prediction (probability 0.57) that the metric counts as negative, so the reported accuracy is
    wrong, and so is any early stopping or checkpointing based on it.

    ## Why Keras does not catch it
    The metric's arithmetic is valid for any input: Keras cannot know that the numbers it is
    given are logits, so it reports a plausible but wrong accuracy.

    ## Example
    ```python
    model.add(Dense(1))
    model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True), metrics=["accuracy"])
    ```

    ## Use instead
    ```python
    model.add(Dense(1))
    model.compile(
        loss=keras.losses.BinaryCrossentropy(from_logits=True),
        metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)],
    )
    ```
    """
    for use in facts.metrics:
        head = use.head
        if use.threshold != 0.5 or head.units != 1 or not head.is_linear:
            continue
        if not facts.logits_losses_on(head):
            continue
        yield Report(
            use.node,
            f"`{use.name}` thresholds at 0.5, but the one-unit head{{at0}} outputs logits "
            "(its loss has `from_logits=True`); use `BinaryAccuracy(threshold=0.0)`",
            (head.units_node,),
        )
