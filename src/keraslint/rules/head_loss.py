"""KL1xx: a model's output head does not fit its loss.

Each rule reads :class:`~keraslint.facts.model.ActivationUse` or
:class:`~keraslint.facts.model.LossUse` facts and reports only what is certain: a unit
count, activation or ``from_logits`` that is unknown keeps the rule silent.
"""

from __future__ import annotations

from collections.abc import Iterator

from keraslint.diagnostics import Severity
from keraslint.facts.keras_api import NON_PROBABILITY_ACTIVATIONS
from keraslint.facts.model import FileFacts
from keraslint.rules.registry import Report, rule

#: A cross-entropy can only be written with one of these (losses, functions, tf.nn ops).
LOSS_MARKERS = (b"rossentropy", b"bce", b"BCE", b"cross_entropy", b"with_logits")


def _probability_activation(family: str) -> str:
    return "sigmoid" if family == "bce" else "softmax"


@rule(
    "KL101",
    "softmax-single-unit",
    "softmax over a single unit always outputs 1.0",
    markers=(b"softmax", b"Softmax", b"classes"),
    invalid=[
        """
        from tensorflow import keras
        model = keras.Sequential([
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(1, activation="softmax"),  # expect: KL101
        ])
        """,
        """
        from keras.models import Sequential
        from keras.layers import Dense, Activation
        model = Sequential()
        model.add(Dense(1))
        model.add(Activation("softmax"))  # expect: KL101
        """,
        """
        import tensorflow as tf
        inputs = tf.keras.Input(shape=(8,))
        logits = tf.keras.layers.Dense(1)(inputs)
        probs = tf.nn.softmax(logits)  # expect: KL101
        """,
        """
        from tensorflow.keras import layers
        N_OUT = 1
        def head(x, units):
            return layers.Dense(units, activation="softmax")(x)  # expect: KL101
        out = head(layers.Input((4,)), N_OUT)
        """,
        """
        import tensorflow as tf
        model = tf.keras.applications.MobileNetV2(weights=None, classes=1)  # expect: KL101
        """,
    ],
    valid=[
        """
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        """,
        """
        # Attention pooling: softmax over the time axis, not over the size-1 last axis.
        from tensorflow.keras import layers
        scores = layers.Dense(1)(layers.Input((50, 64)))
        weights = layers.Softmax(axis=1)(scores)
        """,
        """
        from tensorflow.keras.layers import Dense
        def build(n_classes):
            return Dense(n_classes, activation="softmax")
        """,
        """
        from keras.layers import Dense
        doc = "Dense(1, activation='softmax') is always 1.0"  # Dense(1, activation="softmax")
        """,
        """
        from keras.layers import Dense
        def build(n):
            activation = "softmax" if n > 1 else "sigmoid"
            return Dense(1 if n == 2 else n, activation=activation)
        """,
        """
        class Dense:
            def __init__(self, units, activation=None):
                self.units = units
        layer = Dense(1, activation="softmax")
        """,
    ],
)
def softmax_single_unit(facts: FileFacts) -> Iterator[Report]:
    """
    ## What it does
    Checks for a softmax taken over an axis of size 1: `Dense(1, activation="softmax")`,
    `Dense(1)` followed by `Activation("softmax")`, `tf.nn.softmax` on a one-unit output, a
    one-filter convolution with a channel softmax, or a `keras.applications` model built with
    `classes=1` (its `classifier_activation` defaults to softmax).

    ## Why is this bad?
    Softmax normalises its inputs so they sum to 1. Over a single value the result is always
    exactly 1.0, whatever the input: the model cannot learn, its loss gives no useful gradient,
    and accuracy stays at the share of the majority class. Keras does not warn.

    ## Why Keras does not catch it
    Softmax over one value is a valid operation: the model builds, compiles and trains, and
    the loss is a perfectly finite number. Nothing is wrong with any shape, so no check in
    Keras or TensorFlow fires; only the output never changes.

    ## Example
    ```python
    model = keras.Sequential([
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(1, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    ```

    ## Use instead
    ```python
    model = keras.Sequential([
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    ```
    For more than two classes keep softmax and use one unit per class.

    ## References
    - fchollet on keras-team/keras#500: "Softmax on an array of size 1 is always 1."
    """
    for use in facts.activations:
        if use.activation == "softmax" and use.axis_size == 1:
            yield Report(
                use.node,
                '`softmax` over 1 unit always outputs 1.0; use `activation="sigmoid"` for one output unit',
            )


@rule(
    "KL102",
    "categorical-loss-single-unit",
    "categorical cross-entropy on a one-unit head",
    markers=LOSS_MARKERS,
    invalid=[
        """
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")  # expect: KL102
        """,
        """
        from tensorflow.keras.models import Sequential
        from tensorflow.keras.layers import Dense
        from tensorflow.keras.losses import CategoricalCrossentropy
        n_outputs = 1
        model = Sequential()
        model.add(Dense(n_outputs, activation="sigmoid"))
        model.compile(loss=CategoricalCrossentropy(), optimizer="sgd")  # expect: KL102
        """,
        """
        import tensorflow as tf
        inputs = tf.keras.Input((10,))
        outputs = tf.keras.layers.Dense(1)(inputs)
        model = tf.keras.Model(inputs=inputs, outputs=outputs)
        model.compile(
            optimizer="adam",
            loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),  # expect: KL102
        )
        """,
    ],
    valid=[
        """
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """,
        """
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        """,
        """
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        """,
        """
        from tensorflow import keras
        def build(units):
            model = keras.Sequential([keras.layers.Dense(units, activation="softmax")])
            model.compile(optimizer="adam", loss="categorical_crossentropy")
            return model
        """,
    ],
)
def categorical_loss_single_unit(facts: FileFacts) -> Iterator[Report]:
    """
    ## What it does
    Checks for `categorical_crossentropy` or `sparse_categorical_crossentropy` (any spelling,
    function or loss object) used on a head with a single unit.

    ## Why is this bad?
    Categorical cross-entropy normalises the predictions over the class axis. With one column
    the normalised prediction is always 1.0 and the loss is constantly 0, so nothing is learned.
    Sparse categorical cross-entropy on one unit only knows class 0: every label 1 is out of
    range. A two-class problem with one output unit needs `binary_crossentropy`.

    ## Why Keras does not catch it
    Categorical cross-entropy over one column is mathematically valid (it is just always 0),
    so Keras trains without complaint. With the sparse loss, an out-of-range label raises on
    CPU but can silently produce NaN or garbage on GPU.

    ## Example
    ```python
    model.add(Dense(1, activation="sigmoid"))
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    ```

    ## Use instead
    ```python
    model.add(Dense(1, activation="sigmoid"))
    model.compile(optimizer="adam", loss="binary_crossentropy")
    ```
    Or use one softmax unit per class with categorical labels.
    """
    for use in facts.loss_uses:
        if use.loss.is_categorical and use.head.units == 1:
            if use.loss.family == "cce":
                why = "the loss is constantly 0"
            else:
                why = "every label except 0 is out of range"
            yield Report(
                use.loss.node,
                f"`{use.loss.name}` on a 1-unit head{{at0}}: {why}; use "
                '`binary_crossentropy` with `activation="sigmoid"`',
                (use.head.units_node or use.head.activation_node,),
            )


@rule(
    "KL103",
    "binary-loss-softmax",
    "binary cross-entropy on a softmax head",
    markers=LOSS_MARKERS,
    invalid=[
        """
        from keras.models import Sequential
        from keras.layers import Dense
        model = Sequential([Dense(64, activation="relu"), Dense(5, activation="softmax")])
        model.compile(loss="binary_crossentropy", optimizer="adam")  # expect: KL103
        """,
        """
        import tensorflow as tf
        model = tf.keras.Sequential()
        model.add(tf.keras.layers.Dense(2))
        model.add(tf.keras.layers.Activation("softmax"))
        model.compile(optimizer="adam", loss="bce")  # expect: KL103
        """,
        """
        import tensorflow as tf
        from tensorflow import keras
        NUM_CLASSES = 10
        inputs = keras.Input((32,))
        outputs = keras.layers.Dense(NUM_CLASSES, activation=tf.nn.softmax)(inputs)
        model = keras.Model(inputs, outputs)
        model.compile("adam", keras.losses.BinaryCrossentropy())  # expect: KL103
        """,
        """
        import numpy as np
        from tensorflow.keras.models import Sequential
        from tensorflow.keras.layers import Dense
        from tensorflow.keras.utils import to_categorical
        ytrain = to_categorical(np.random.randint(0, 19, size=1000))
        model = Sequential([Dense(128, activation="relu"), Dense(19, activation="sigmoid")])
        model.compile(loss="binary_crossentropy", optimizer="adam")  # expect: KL103
        model.fit(np.random.rand(1000, 60), ytrain)
        """,
        """
        from keras.models import Sequential
        from keras.layers import Dense
        def build(n_classes):
            model = Sequential([Dense(n_classes, activation="softmax")])
            model.compile(loss="binary_crossentropy", optimizer="adam")  # expect: KL103
            return model
        """,
    ],
    valid=[
        """
        from keras.models import Sequential
        from keras.layers import Dense
        model = Sequential([Dense(5, activation="sigmoid")])
        model.compile(loss="binary_crossentropy", optimizer="adam")  # multi-label
        """,
        """
        from keras.models import Sequential
        from keras.layers import Dense
        model = Sequential([Dense(2, activation="softmax")])
        model.compile(loss="categorical_crossentropy", optimizer="adam")
        """,
        """
        from keras.models import Sequential
        from keras.layers import Dense
        def build(n_labels):
            model = Sequential([Dense(n_labels, activation="sigmoid")])
            model.compile(loss="binary_crossentropy", optimizer="adam")
            return model
        """,
    ],
)
def binary_loss_softmax(facts: FileFacts) -> Iterator[Report]:
    """
    ## What it does
    Checks for `binary_crossentropy` used on a softmax head (an error for more than two units, a
    warning for exactly two, or when the unit count is only known at run time), and on more
    than two sigmoid units trained on one-hot labels such as those of `to_categorical`, where
    the classes are mutually exclusive.

    ## Why is this bad?
    Binary cross-entropy scores every output column as an independent yes/no label, while
    softmax makes the columns compete for one class. The loss then optimises the wrong
    objective, and the "accuracy" Keras reports for it is per-column binary accuracy, inflated
    far above the real top-1 accuracy. On the TensorFlow backend Keras even rewrites the loss
    into a sigmoid cross-entropy on the pre-softmax values, so results differ between backends.
    With two units it trains, but it is a roundabout way to write a binary classifier.

    ## Why Keras does not catch it
    Keras accepts any loss on any output of the right shape, and both losses expect the same
    shape here. On the TensorFlow backend the loss is even rewritten behind the scenes, so
    nothing is raised and the inflated binary accuracy looks like success.

    ## Example
    ```python
    model.add(Dense(5, activation="softmax"))
    model.compile(optimizer="adam", loss="binary_crossentropy")
    ```

    ## Use instead
    ```python
    model.add(Dense(5, activation="softmax"))
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    ```
    For two classes, prefer `Dense(1, activation="sigmoid")` with `binary_crossentropy`.
    """
    for fit in facts.fits:
        # Sigmoid units trained on one-hot labels: exclusive classes scored as independent ones.
        loss, head, labels = fit.loss, fit.head, fit.labels
        if loss is None or loss.family != "bce" or loss.op or head.activation != "sigmoid":
            continue
        width = head.units if head.units is not None else labels.classes
        if labels.encoding == "onehot" and width is not None and width > 2:
            yield Report(
                loss.node,
                f"`{loss.name}` on {width} sigmoid units trained on one-hot labels from "
                f"{labels.source}{{at0}}: the classes are exclusive; use "
                '`activation="softmax"` with `categorical_crossentropy`',
                (labels.node,),
            )
    for use in facts.loss_uses:
        units = use.head.units
        if use.loss.family != "bce" or use.loss.op or use.head.activation != "softmax":
            continue
        if any(f.labels.encoding == "multihot" and f.head == use.head for f in facts.fits):
            continue  # several labels per sample: the softmax is wrong, not the loss (KL204)
        if units is not None and units > 2:
            yield Report(
                use.loss.node,
                f"`{use.loss.name}` on a {units}-unit softmax head{{at0}} treats "
                "exclusive classes as independent labels; use `categorical_crossentropy`, "
                'or `activation="sigmoid"` if a sample can have several labels',
                (use.head.units_node or use.head.activation_node,),
            )
        elif units == 2:
            yield Report(
                use.loss.node,
                f"`{use.loss.name}` on a 2-unit softmax head{{at0}} scores each "
                "column separately; use one `sigmoid` unit, or `categorical_crossentropy`",
                (use.head.units_node or use.head.activation_node,),
                severity=Severity.WARNING,
            )
        elif units is None:
            # Wrong at any width (1: KL101 too; 2: the warning above; more: an error); how
            # wrong depends on a count known only at run time, so a warning.
            yield Report(
                use.loss.node,
                f"`{use.loss.name}` on a softmax head{{at0}} treats exclusive classes as "
                "independent labels; use `categorical_crossentropy` (or one `sigmoid` unit for "
                "two classes)",
                (use.head.activation_node or use.head.units_node,),
                severity=Severity.WARNING,
            )


@rule(
    "KL104",
    "categorical-loss-sigmoid",
    "categorical cross-entropy on a multi-unit sigmoid head",
    markers=LOSS_MARKERS,
    invalid=[
        """
        from keras.models import Sequential
        from keras.layers import Dense
        model = Sequential([Dense(8, activation="relu"), Dense(3, activation="sigmoid")])  # expect: KL104
        model.compile(loss="categorical_crossentropy", optimizer="adam")
        """,
        """
        import tensorflow as tf
        from tensorflow.keras import layers
        inputs = tf.keras.Input((12,))
        outputs = layers.Dense(4, activation=tf.nn.sigmoid)(layers.Dense(16)(inputs))  # expect: KL104
        model = tf.keras.Model(inputs, outputs)
        model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy())
        """,
        """
        from tensorflow.keras.models import Sequential
        from tensorflow.keras.layers import Dense
        def baseline_model():
            model = Sequential()
            model.add(Dense(8, input_dim=4, activation="relu"))
            model.add(Dense(3, activation="sigmoid"))  # expect: KL104
            model.compile(loss="categorical_crossentropy", optimizer="adam")
            return model
        clf = baseline_model()
        """,
    ],
    valid=[
        """
        from keras.models import Sequential
        from keras.layers import Dense
        model = Sequential([Dense(3, activation="softmax")])
        model.compile(loss="categorical_crossentropy", optimizer="adam")
        """,
        """
        from keras.models import Sequential
        from keras.layers import Dense
        model = Sequential([Dense(3, activation="sigmoid")])
        model.compile(loss="binary_crossentropy", optimizer="adam")
        """,
        """
        from keras.models import Sequential
        from keras.layers import Dense
        def build(activation):
            model = Sequential([Dense(3, activation=activation)])
            model.compile(loss="categorical_crossentropy", optimizer="adam")
            return model
        """,
    ],
)
def categorical_loss_sigmoid(facts: FileFacts) -> Iterator[Report]:
    """
    ## What it does
    Checks for `categorical_crossentropy` or `sparse_categorical_crossentropy` used on a head
    of several sigmoid units. The report points at the sigmoid: for one label per sample, the
    fix is a softmax there.

    ## Why is this bad?
    Sigmoid units are independent: their outputs do not sum to 1, so they are not the class
    distribution categorical cross-entropy expects. Keras renormalises them silently and the
    model learns a distorted objective. A single-label problem wants softmax; a multi-label
    problem (several classes true at once) wants `binary_crossentropy`.

    ## Why Keras does not catch it
    The categorical loss renormalises its input instead of checking that it is a
    distribution, so sigmoid outputs are accepted as they are.

    ## Example
    ```python
    model.add(Dense(3, activation="sigmoid"))
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    ```

    ## Use instead
    ```python
    model.add(Dense(3, activation="softmax"))
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    ```
    """
    for use in facts.loss_uses:
        units = use.head.units
        if use.loss.is_categorical and not use.loss.op and use.head.activation == "sigmoid" and units != 1:
            # Reported on the activation: for one label per sample the fix is softmax there.
            where = use.head.activation_node or use.loss.node
            size = f"{units} " if units is not None else ""
            yield Report(
                where,
                f"{size}sigmoid units trained with `{use.loss.name}`{{at0}} do not sum to 1; "
                'use `activation="softmax"` for one label per sample, or `binary_crossentropy` '
                "for multi-label",
                (use.loss.node,),
            )


@rule(
    "KL105",
    "from-logits-on-probabilities",
    "`from_logits=True` on a head that already applies softmax or sigmoid",
    markers=LOSS_MARKERS,
    invalid=[
        """
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
        model.compile(
            optimizer="adam",
            loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),  # expect: KL105
        )
        """,
        """
        import tensorflow as tf
        loss_fn = tf.keras.losses.BinaryCrossentropy(from_logits=True)  # expect: KL105
        model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss=loss_fn)
        """,
        """
        import tensorflow as tf
        net = tf.keras.Sequential([tf.keras.layers.Dense(10, activation=tf.nn.softmax)])
        def train_step(images, labels):
            with tf.GradientTape() as tape:
                probs = net(images, training=True)
                loss = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=probs)  # expect: KL105
            return loss
        """,
        """
        import tensorflow as tf
        from tensorflow.keras.layers import Dense, Input
        def build(n_out):
            inp = Input((16,))
            return tf.keras.Model(inp, Dense(n_out, activation="softmax")(inp))
        model = build(6)
        loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)  # expect: KL105
        for step in range(10):
            preds = model(None, training=True)
            loss = loss_fn(None, preds)
        """,
    ],
    valid=[
        """
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(10)])
        model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        """,
        """
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
        model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=False))
        """,
        """
        from tensorflow import keras
        def compile_model(model, logits):
            model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=logits))
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        """,
    ],
)
def from_logits_on_probabilities(facts: FileFacts) -> Iterator[Report]:
    """
    ## What it does
    Checks for a loss with `from_logits=True`, or a `tf.nn.*_with_logits` op, applied to a head
    that already ends in softmax or sigmoid.

    ## Why is this bad?
    `from_logits=True` tells the loss to apply softmax (or sigmoid) itself. After an activation
    it is applied twice: the outputs are squashed into a narrow range, gradients shrink and
    training stalls well below the accuracy the model could reach.

    ## Why Keras does not catch it
    Only some Keras versions on the TensorFlow backend log a warning ("received
    `from_logits=True`, but the `output` argument was produced by a Softmax activation"),
    once, at run time, and training goes on. Custom training loops and other backends say
    nothing.

    ## Example
    ```python
    model.add(Dense(10, activation="softmax"))
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    ```

    ## Use instead
    ```python
    model.add(Dense(10))  # logits
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    ```
    Or keep the softmax and set `from_logits=False`.
    """
    for use in facts.loss_uses:
        activation = use.head.activation
        if use.loss.from_logits is not True or activation not in ("softmax", "sigmoid"):
            continue
        if use.loss.op:
            message = (
                f"`{use.loss.name}` expects logits but gets the output of `{activation}`"
                f"{{at0}}; pass the values before the activation"
            )
        else:
            message = (
                f"`from_logits=True` but the head{{at0}} already applies "
                f"`{activation}`; use `from_logits=False` or remove the activation"
            )
        yield Report(use.loss.node, message, (use.head.activation_node or use.head.units_node,))


@rule(
    "KL106",
    "logits-without-from-logits",
    "a linear head with a loss that expects probabilities",
    markers=LOSS_MARKERS,
    invalid=[
        """
        import tensorflow as tf
        prediction_layer = tf.keras.layers.Dense(1)
        model = tf.keras.Sequential([tf.keras.layers.GlobalAveragePooling2D(), prediction_layer])
        model.compile(optimizer="rmsprop", loss="binary_crossentropy")  # expect: KL106
        """,
        """
        import keras
        model = keras.Sequential()
        model.add(keras.layers.Dense(10, input_shape=(5, 6)))
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")  # expect: KL106
        """,
        """
        from tensorflow.keras import Input, Model, layers, losses
        inp = Input((20,))
        out = layers.Dense(4, activation=None)(inp)
        model = Model(inputs=inp, outputs=out)
        model.compile(optimizer="adam", loss=losses.CategoricalCrossentropy())  # expect: KL106
        """,
    ],
    valid=[
        """
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        """,
        """
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(10)])
        model.compile(loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        """,
        """
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(3), tf.keras.layers.Activation("softmax")])
        model.compile(loss="categorical_crossentropy")
        """,
        """
        import tensorflow as tf
        def my_loss(y_true, y_pred):
            return tf.reduce_mean(tf.square(y_true - y_pred))
        model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
        model.compile(loss=my_loss)
        """,
    ],
)
def logits_without_from_logits(facts: FileFacts) -> Iterator[Report]:
    """
    ## What it does
    Checks for a cross-entropy loss with `from_logits=False` (the default, and the only choice
    for a loss given as a string) on a head with no activation.

    ## Why is this bad?
    A `Dense` layer without an activation outputs raw scores (logits) anywhere on the real line.
    A loss that expects probabilities clips them into `[1e-7, 1 - 1e-7]` and takes their log, so
    most of the signal is cut off: training is slow or stuck, and accuracy thresholds at 0.5 are
    wrong.

    ## Why Keras does not catch it
    The loss clips its input into [eps, 1 - eps] instead of checking it, so raw scores are
    accepted and the training curve simply looks poor.

    ## Example
    ```python
    model.add(Dense(1))
    model.compile(optimizer="adam", loss="binary_crossentropy")
    ```

    ## Use instead
    ```python
    model.add(Dense(1))
    model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))
    ```
    Or add `activation="sigmoid"` (binary) / `activation="softmax"` (categorical) to the head.

    ## References
    - tensorflow/tensorflow#28718: the transfer-learning tutorial used a logit head with
      `loss="binary_crossentropy"`.
    """
    for use in facts.loss_uses:
        loss = use.loss
        if loss.is_cross_entropy and not loss.op and loss.from_logits is False and use.head.is_linear:
            suggestion = _probability_activation(loss.family)
            yield Report(
                loss.node,
                f"`{loss.name}` expects probabilities but the head{{at0}} has no "
                f'activation; use `from_logits=True` or `activation="{suggestion}"`',
                (use.head.units_node or use.head.activation_node,),
            )


@rule(
    "KL107",
    "non-probability-output",
    "a cross-entropy loss on a head whose activation is not a probability",
    markers=LOSS_MARKERS,
    invalid=[
        """
        from keras.models import Sequential
        from keras.layers import Dense
        model = Sequential([Dense(32, activation="relu"), Dense(1, activation="relu")])
        model.compile(loss="binary_crossentropy", optimizer="adam")  # expect: KL107
        """,
        """
        import tensorflow as tf
        model = tf.keras.Sequential()
        model.add(tf.keras.layers.Dense(10, activation=tf.nn.tanh))
        model.compile(optimizer="adam", loss=tf.keras.losses.CategoricalCrossentropy())  # expect: KL107
        """,
        """
        from tensorflow.keras import layers, Model, Input
        inp = Input((8,))
        out = layers.LeakyReLU()(layers.Dense(5)(inp))
        model = Model(inp, out)
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")  # expect: KL107
        """,
    ],
    valid=[
        """
        from keras.models import Sequential
        from keras.layers import Dense
        model = Sequential([Dense(1, activation="relu")])
        model.compile(loss="mse", optimizer="adam")
        """,
        """
        from keras.models import Sequential
        from keras.layers import Dense
        model = Sequential([Dense(1, activation="hard_sigmoid")])
        model.compile(loss="binary_crossentropy", optimizer="adam")
        """,
        """
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(10, activation="relu")])
        model.compile(loss=tf.keras.losses.CategoricalCrossentropy(from_logits=True))
        """,
    ],
)
def non_probability_output(facts: FileFacts) -> Iterator[Report]:
    """
    ## What it does
    Checks for a cross-entropy loss with `from_logits=False` on a head whose activation does not
    output probabilities: relu, tanh, elu, selu, softplus, swish, gelu, leaky relu, and so on.

    ## Why is this bad?
    These activations produce values outside `[0, 1]` (negative, or above 1). The loss clips
    them into `[1e-7, 1 - 1e-7]` before taking the log, so large parts of the output range have
    zero gradient and learning breaks down.

    ## Why Keras does not catch it
    The loss clips its input into [eps, 1 - eps] instead of checking it, so outputs outside
    [0, 1] are accepted silently.

    ## Example
    ```python
    model.add(Dense(1, activation="relu"))
    model.compile(optimizer="adam", loss="binary_crossentropy")
    ```

    ## Use instead
    ```python
    model.add(Dense(1, activation="sigmoid"))
    model.compile(optimizer="adam", loss="binary_crossentropy")
    ```
    """
    for use in facts.loss_uses:
        loss, activation = use.loss, use.head.activation
        if (
            loss.is_cross_entropy
            and not loss.op
            and loss.from_logits is False
            and activation in NON_PROBABILITY_ACTIVATIONS
        ):
            suggestion = _probability_activation(loss.family)
            yield Report(
                loss.node,
                f"`{loss.name}` expects probabilities but the head{{at0}} applies "
                f'`{activation}`, whose outputs leave [0, 1]; use `activation="{suggestion}"`',
                (use.head.units_node or use.head.activation_node,),
            )
