"""KL2xx: the labels fed to ``fit()`` do not fit the loss or the head.

Rules read :class:`~keraslint.facts.model.FitUse` facts: the labels that reach one output of a
compiled model, with their encoding and where it was decided. A report sits where the fix goes:
at a loader's mode (``class_mode=``, ``label_mode=``) when the labels come from a loader, else at
the loss; the message names the line of the other side.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Callable

from keraslint.facts.model import FileFacts, FitUse
from keraslint.rules.head_loss import LOSS_MARKERS
from keraslint.rules.registry import Report, rule


def _mode(param: str | None, value: str) -> str:
    """The loader argument that fixes the encoding: `class_mode="categorical"`."""
    return f'`{param or "label_mode"}="{value}"`'


def _fix_at_source(fit: FitUse, facts: FileFacts, wrong: Callable[[FitUse], bool]) -> bool:
    """Report at a loader's mode only when every model trained from it is wrong the same way;
    a loader shared with a model whose loss fits it is not where the fix goes."""
    if not fit.labels.at_source:
        return False
    return all(wrong(other) for other in facts.fits if other.labels.node is fit.labels.node)


@rule(
    "KL201",
    "sparse-loss-one-hot-labels",
    "sparse categorical cross-entropy fed one-hot labels",
    markers=LOSS_MARKERS,
    invalid=[
        """
        import keras
        from keras import layers
        num_classes = 10
        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        y_train = keras.utils.to_categorical(y_train, num_classes)
        model = keras.Sequential([layers.Flatten(), layers.Dense(num_classes, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")  # expect: KL201
        model.fit(x_train, y_train, epochs=15)
        """,
        """
        import tensorflow as tf
        from tensorflow.keras.preprocessing.image import ImageDataGenerator
        from tensorflow.keras import layers
        datagen = ImageDataGenerator(rescale=1 / 255)
        gen = datagen.flow_from_directory("data/train", target_size=(64, 64))  # expect: KL201
        model = tf.keras.Sequential([layers.Flatten(), layers.Dense(3, activation="softmax")])
        model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy())
        model.fit(gen, epochs=5)
        """,
        """
        import numpy as np
        import pandas as pd
        from tensorflow import keras
        frame = pd.read_csv("iris.csv")
        y = pd.get_dummies(frame["species"]).values
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        model.compile("adam", "sparse_categorical_crossentropy")  # expect: KL201
        model.fit(np.asarray(frame.iloc[:, :4]), y)
        """,
    ],
    valid=[
        """
        import keras
        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
        model.fit(x_train, y_train)
        """,
        """
        import keras
        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        y_train = keras.utils.to_categorical(y_train, 10)
        model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
        model.compile(loss="categorical_crossentropy", optimizer="adam")
        model.fit(x_train, y_train)
        """,
        """
        from tensorflow.keras.preprocessing.image import ImageDataGenerator
        from tensorflow import keras
        gen = ImageDataGenerator().flow_from_directory("data/train", class_mode="sparse")
        model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(3, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(gen)
        """,
    ],
)
def sparse_loss_one_hot_labels(facts: FileFacts) -> Iterator[Report]:
    """
    ## What it does
    Checks for `sparse_categorical_crossentropy` trained on one-hot labels: from
    `to_categorical`, `tf.one_hot`, `pd.get_dummies`, `np.eye(k)[y]`, a `OneHotEncoder`, or a
    generator whose `class_mode` is "categorical" (the default of `flow_from_directory`).

    ## Why is this bad?
    The sparse loss expects one integer class id per sample. Given one-hot rows it either fails
    with a shape error or, where the shapes happen to line up, reads the 0/1 columns as class
    ids and trains on nonsense.

    ## Why Keras does not catch it
    When the shapes happen to be compatible the labels are silently misread; otherwise the
    error comes only from `fit()`, after the data pipeline has been built and loaded.

    ## Example
    ```python
    y_train = keras.utils.to_categorical(y_train, 10)
    model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
    model.fit(x_train, y_train)
    ```

    ## Use instead
    ```python
    y_train = keras.utils.to_categorical(y_train, 10)
    model.compile(loss="categorical_crossentropy", optimizer="adam")
    model.fit(x_train, y_train)
    ```
    Or keep the sparse loss and drop `to_categorical`.

    ## References
    - keras-team/keras-io#916: switching the MNIST example to the sparse loss without dropping
      `to_categorical`.
    """
    for fit in facts.fits:
        loss, labels = fit.loss, fit.labels
        if not _sparse_loss_with_one_hot(fit):
            continue
        assert loss is not None
        if _fix_at_source(fit, facts, _sparse_loss_with_one_hot):
            yield Report(
                labels.node,
                f"{labels.source} yields one-hot labels but the loss is `{loss.name}`{{at0}}; use "
                f"{_mode(labels.mode_param, 'sparse' if labels.mode_param == 'class_mode' else 'int')}, "
                "or `categorical_crossentropy`",
                (loss.node,),
            )
        else:
            yield Report(
                loss.node,
                f"`{loss.name}` expects class ids but gets one-hot labels from {labels.source}"
                "{at0}; use `categorical_crossentropy`, or keep the ids",
                (labels.node,),
            )


def _one_hot_on_one_unit(fit: FitUse) -> bool:
    return (
        fit.labels.encoding == "onehot"
        and fit.head.units == 1
        and fit.loss is not None
        and fit.loss.family == "bce"
        and fit.labels.classes != 1
    )


def _sparse_loss_with_one_hot(fit: FitUse) -> bool:
    return fit.loss is not None and fit.loss.family == "scce" and fit.labels.encoding == "onehot"


def _integer_labels_with_categorical_loss(fit: FitUse) -> bool:
    loss, labels = fit.loss, fit.labels
    return (
        loss is not None
        and loss.family == "cce"
        and not loss.op
        and labels.is_integer
        and fit.head.units != 1  # one unit: KL102 says what is wrong
    )


@rule(
    "KL202",
    "categorical-loss-integer-labels",
    "categorical cross-entropy fed integer class labels",
    markers=LOSS_MARKERS,
    invalid=[
        """
        import tensorflow as tf
        from tensorflow.keras import layers
        train_ds = tf.keras.utils.image_dataset_from_directory("flowers")  # expect: KL202
        model = tf.keras.Sequential([layers.Flatten(), layers.Dense(5, activation="softmax")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(train_ds, epochs=10)
        """,
        """
        from keras.preprocessing.image import ImageDataGenerator
        from keras.models import Sequential
        from keras.layers import Flatten, Dense
        train = ImageDataGenerator().flow_from_directory("crops/train", class_mode="binary")  # expect: KL202
        model = Sequential([Flatten(), Dense(3, activation="softmax")])
        model.compile(loss="categorical_crossentropy", optimizer="adam")
        model.fit(train, epochs=10)
        """,
        """
        import numpy as np
        import tensorflow as tf
        sequences = np.random.randint(1, 1200, size=(453, 12))
        X, Y = sequences[:, :-1], sequences[:, -1:]
        model = tf.keras.Sequential([tf.keras.layers.Embedding(1200, 64), tf.keras.layers.LSTM(32),
                                     tf.keras.layers.Dense(1200, activation="softmax")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")  # expect: KL202
        model.fit(X, Y, epochs=500)
        """,
    ],
    valid=[
        """
        import tensorflow as tf
        from tensorflow.keras import layers
        train_ds = tf.keras.utils.image_dataset_from_directory("flowers", label_mode="categorical")
        model = tf.keras.Sequential([layers.Flatten(), layers.Dense(5, activation="softmax")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(train_ds, epochs=10)
        """,
        """
        import tensorflow as tf
        from tensorflow.keras import layers
        train_ds = tf.keras.utils.image_dataset_from_directory("flowers")
        model = tf.keras.Sequential([layers.Flatten(), layers.Dense(5, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(train_ds, epochs=10)
        """,
        """
        from keras.preprocessing.image import ImageDataGenerator
        from keras.models import Sequential
        from keras.layers import Flatten, Dense
        train = ImageDataGenerator().flow_from_directory("data/train", class_mode="binary")
        model = Sequential([Flatten(), Dense(1, activation="sigmoid")])
        model.compile(loss="binary_crossentropy", optimizer="rmsprop")
        model.fit(train, epochs=10)
        """,
    ],
)
def categorical_loss_integer_labels(facts: FileFacts) -> Iterator[Report]:
    """
    ## What it does
    Checks for (non-sparse) `categorical_crossentropy` trained on integer class ids: labels from
    `image_dataset_from_directory` / `text_dataset_from_directory` (whose `label_mode` defaults
    to "int"), a generator with `class_mode="binary"` or "sparse", a `LabelEncoder`, the
    `keras.datasets` loaders, or an integer array with one column.

    ## Why is this bad?
    Categorical cross-entropy expects one one-hot row per sample, as wide as the softmax. Integer
    ids fail with "Shapes (None, 1) and (None, 5) are incompatible" at best; a `class_mode="binary"`
    generator feeding a multi-class softmax is a classic way to end up there.

    ## Why Keras does not catch it
    The shape error surfaces only inside `fit()`, after loading the data, as a low-level
    message ("Shapes (None, 1) and (None, 5) are incompatible") that does not name the
    loader's default `label_mode`.

    ## Example
    ```python
    train_ds = keras.utils.image_dataset_from_directory("flowers")  # label_mode="int"
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    ```

    ## Use instead
    ```python
    train_ds = keras.utils.image_dataset_from_directory("flowers", label_mode="categorical")
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    ```
    Or keep integer labels and use `sparse_categorical_crossentropy`.
    """
    for fit in facts.fits:
        if not _integer_labels_with_categorical_loss(fit):
            continue
        loss, labels = fit.loss, fit.labels
        assert loss is not None
        if _fix_at_source(fit, facts, _integer_labels_with_categorical_loss):
            yield Report(
                labels.node,
                f"{labels.source} yields integer labels but the loss is `{loss.name}`{{at0}}, "
                f"which needs one-hot rows; use {_mode(labels.mode_param, 'categorical')}, "
                "or `sparse_categorical_crossentropy`",
                (loss.node,),
            )
        else:
            yield Report(
                loss.node,
                f"`{loss.name}` needs one-hot labels but gets class ids from {labels.source}"
                "{at0}; use `sparse_categorical_crossentropy`, or `to_categorical` the labels",
                (labels.node,),
            )


@rule(
    "KL203",
    "units-classes-mismatch",
    "the head's unit count differs from the statically known number of classes",
    markers=LOSS_MARKERS,
    invalid=[
        """
        import keras
        (x_train, y_train), _ = keras.datasets.cifar10.load_data()
        y_train = keras.utils.to_categorical(y_train, 10)
        model = keras.Sequential()
        model.add(keras.layers.Flatten())
        model.add(keras.layers.Dense(100, activation="softmax"))  # expect: KL203
        model.compile(loss="categorical_crossentropy", optimizer="adam")
        model.fit(x_train, y_train)
        """,
        """
        import tensorflow as tf
        train = tf.keras.utils.image_dataset_from_directory(
            "pets", class_names=["cat", "dog", "bird"], label_mode="categorical")
        head = tf.keras.layers.Dense(2, activation="softmax")  # expect: KL203
        model = tf.keras.Sequential([tf.keras.layers.Flatten(), head])
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(train)
        """,
        """
        from tensorflow import keras
        (x, y), _ = keras.datasets.mnist.load_data()
        inputs = keras.Input((28, 28))
        outputs = keras.layers.Dense(5, activation="softmax")(keras.layers.Flatten()(inputs))  # expect: KL203
        model = keras.Model(inputs, outputs)
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(x, y)
        """,
        """
        from keras.preprocessing.image import ImageDataGenerator
        from keras.models import Sequential
        from keras.layers import Flatten, Dense
        train = ImageDataGenerator(rescale=1 / 255).flow_from_directory("cats_dogs/train")  # expect: KL203
        model = Sequential([Flatten(), Dense(1, activation="sigmoid")])
        model.compile(loss="binary_crossentropy", optimizer="rmsprop")
        model.fit(train, epochs=5)
        """,
    ],
    valid=[
        """
        import keras
        (x_train, y_train), _ = keras.datasets.cifar10.load_data()
        y_train = keras.utils.to_categorical(y_train, 10)
        model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
        model.compile(loss="categorical_crossentropy", optimizer="adam")
        model.fit(x_train, y_train)
        """,
        """
        from tensorflow import keras
        (x, y), _ = keras.datasets.imdb.load_data()
        model = keras.Sequential([keras.layers.Embedding(10000, 16), keras.layers.GlobalAveragePooling1D(),
                                  keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(x, y)
        """,
        """
        import numpy as np
        from tensorflow import keras
        y = keras.utils.to_categorical(np.random.randint(0, 4, size=(100,)))
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(np.random.rand(100, 8), y)
        """,
    ],
)
def units_classes_mismatch(facts: FileFacts) -> Iterator[Report]:
    """
    ## What it does
    Checks that a classifier head has as many units as there are classes, when the class count
    is written in the code: `to_categorical(y, k)`, `tf.one_hot(y, k)`, `np.eye(k)[y]`, a literal
    `class_names=[...]` / `classes=[...]` list given to a loader, or a `keras.datasets` loader
    with a known number of classes. One-hot labels (a column per class, so two at least) fed to a
    single sigmoid unit with `binary_crossentropy` are reported too: it is what
    `flow_from_directory`'s default `class_mode="categorical"` does to a binary model.

    ## Why is this bad?
    One-hot labels wider or narrower than the softmax fail with a shape error after the data is
    loaded. With sparse labels it is worse: ids at or above the unit count are out of range, which
    raises on CPU but can silently produce NaN losses on GPU.

    ## Why Keras does not catch it
    One-hot labels of the wrong width fail only inside `fit()`; sparse labels past the last
    unit raise on CPU but can silently produce NaN losses on GPU.

    ## Example
    ```python
    y_train = keras.utils.to_categorical(y_train, 10)
    model.add(Dense(100, activation="softmax"))
    ```

    ## Use instead
    ```python
    y_train = keras.utils.to_categorical(y_train, 10)
    model.add(Dense(10, activation="softmax"))
    ```
    """
    for fit in facts.fits:
        labels, head, loss = fit.labels, fit.head, fit.loss
        if head.units is None or head.units_node is None or loss is None:
            continue
        if labels.encoding == "onehot" and head.units == 1 and loss.family == "bce" and labels.classes != 1:
            # One column per class, two at least, against one sigmoid unit: the classic
            # `flow_from_directory` default (`class_mode="categorical"`) on a binary model.
            fix = _mode(labels.mode_param, "binary") if labels.at_source else "integer 0/1 labels"
            yield Report(
                labels.node if _fix_at_source(fit, facts, _one_hot_on_one_unit) else head.units_node,
                f"one-hot labels from {labels.source}{{at0}} have a column per class, but the "
                f"head has 1 unit trained with `{loss.name}`; use {fix}, or one softmax unit per class",
                (head.units_node if labels.at_source else labels.node,),
            )
            continue
        if labels.classes is None:
            continue
        k, units = labels.classes, head.units
        if labels.encoding in ("onehot", "multihot"):
            wrong = (
                units != k
                and loss.family in ("cce", "bce")
                and not (labels.encoding == "onehot" and units == 1)
            )
        elif labels.encoding in ("int", "binary") and labels.first_id == 0:
            wrong = loss.family == "scce" and units < k
        else:
            wrong = False
        if wrong:
            yield Report(
                head.units_node,
                f"the head has {units} units but the labels from {labels.source}{{at0}} have "
                f"{k} classes; use {k} units",
                (labels.classes_node or labels.node,),
            )


@rule(
    "KL204",
    "softmax-multi-label-targets",
    "a softmax head trained on multi-label targets",
    markers=(b"softmax", b"Softmax"),
    invalid=[
        """
        from sklearn.datasets import make_multilabel_classification
        from keras.models import Sequential
        from keras.layers import Dense, Activation
        X, Y = make_multilabel_classification(n_samples=600, n_features=20, n_classes=3)
        model = Sequential([Dense(20, activation="relu"), Dense(3)])
        model.add(Activation("softmax"))  # expect: KL204
        model.compile(loss="binary_crossentropy", optimizer="sgd")
        model.fit(X, Y)
        """,
        """
        from sklearn.preprocessing import MultiLabelBinarizer
        from tensorflow import keras
        tags = [["python", "keras"], ["keras"], ["numpy", "python"]]
        Y = MultiLabelBinarizer().fit_transform(tags)
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])  # expect: KL204
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(None, Y)
        """,
        """
        from sklearn.datasets import make_multilabel_classification
        from sklearn.model_selection import train_test_split
        import tensorflow as tf
        X, Y = make_multilabel_classification(n_classes=5)
        X_train, X_test, y_train, y_test = train_test_split(X, Y, test_size=0.2)
        inp = tf.keras.Input((20,))
        out = tf.keras.layers.Dense(5, activation=tf.nn.softmax)(inp)  # expect: KL204
        model = tf.keras.Model(inp, out)
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(X_train, y_train, validation_data=(X_test, y_test))
        """,
    ],
    valid=[
        """
        from sklearn.datasets import make_multilabel_classification
        from keras.models import Sequential
        from keras.layers import Dense
        X, Y = make_multilabel_classification(n_classes=3)
        model = Sequential([Dense(3, activation="sigmoid")])
        model.compile(loss="binary_crossentropy", optimizer="adam")
        model.fit(X, Y)
        """,
        """
        import numpy as np
        from keras.models import Sequential
        from keras.layers import Dense
        from keras.utils import to_categorical
        Y = to_categorical(np.random.randint(0, 3, 100), 3)
        model = Sequential([Dense(3, activation="softmax")])
        model.compile(loss="categorical_crossentropy", optimizer="adam")
        model.fit(np.random.rand(100, 4), Y)
        """,
        """
        import numpy as np
        from keras.models import Sequential
        from keras.layers import Dense
        Y = np.load("targets.npy")
        model = Sequential([Dense(3, activation="softmax")])
        model.compile(loss="categorical_crossentropy", optimizer="adam")
        model.fit(np.random.rand(100, 4), Y)
        """,
    ],
)
def softmax_multi_label_targets(facts: FileFacts) -> Iterator[Report]:
    """
    ## What it does
    Checks for a softmax head trained on multi-label targets (several classes true for one
    sample), such as those of `MultiLabelBinarizer` or `make_multilabel_classification`.

    ## Why is this bad?
    Softmax makes the outputs compete and sum to 1: when a sample has two true labels, the best
    the model can do is 0.5 for each, and thresholding at 0.5 never predicts both. Multi-label
    problems want one independent sigmoid per class and `binary_crossentropy`.

    ## Why Keras does not catch it
    Multi-hot targets have exactly the shape a softmax head expects, so everything runs; the
    model just cannot represent several labels at once.

    ## Example
    ```python
    X, Y = make_multilabel_classification(n_classes=3)
    model.add(Dense(3, activation="softmax"))
    ```

    ## Use instead
    ```python
    X, Y = make_multilabel_classification(n_classes=3)
    model.add(Dense(3, activation="sigmoid"))
    model.compile(loss="binary_crossentropy", optimizer="adam")
    ```
    """
    for fit in facts.fits:
        head, labels = fit.head, fit.labels
        if labels.encoding == "multihot" and head.activation == "softmax" and head.units != 1:
            where = head.activation_node or head.units_node
            if where is None:
                continue
            yield Report(
                where,
                "`softmax` makes the outputs compete, but the targets from "
                f"{labels.source}{{at0}} can have several classes per sample; use "
                '`activation="sigmoid"` with `binary_crossentropy`',
                (labels.node,),
            )


@rule(
    "KL205",
    "label-ids-out-of-range",
    "integer labels that run past the head's last unit",
    markers=LOSS_MARKERS,
    invalid=[
        """
        import numpy as np
        import tensorflow as tf
        from tensorflow.keras.preprocessing.text import Tokenizer
        labels = ["sport", "tech", "business", "sport", "politics"]
        label_tokenizer = Tokenizer()
        label_tokenizer.fit_on_texts(labels)
        y = np.array(label_tokenizer.texts_to_sequences(labels))
        model = tf.keras.Sequential([tf.keras.layers.Dense(4, activation="softmax")])  # expect: KL205
        model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
        model.fit(np.zeros((5, 8)), y)
        """,
        """
        from keras.preprocessing.text import Tokenizer
        from keras.models import Sequential
        from keras.layers import Dense
        names = ["low", "mid", "high"] * 10
        tok = Tokenizer()
        tok.fit_on_texts(names)
        ids = tok.texts_to_sequences(names)
        model = Sequential()
        model.add(Dense(3, activation="softmax"))  # expect: KL205
        model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
        model.fit(None, ids)
        """,
        """
        import numpy as np
        from tensorflow import keras
        from tensorflow.keras.preprocessing.text import Tokenizer
        LABELS = ["cat", "dog"] * 50
        tokenizer = Tokenizer(oov_token=None)
        tokenizer.fit_on_texts(LABELS)
        y = np.array(tokenizer.texts_to_sequences(LABELS)).astype("int32")
        inputs = keras.Input((16,))
        outputs = keras.layers.Dense(2, activation="softmax")(inputs)  # expect: KL205
        model = keras.Model(inputs, outputs)
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(np.zeros((100, 16)), y)
        """,
    ],
    valid=[
        """
        import numpy as np
        import tensorflow as tf
        from tensorflow.keras.preprocessing.text import Tokenizer
        labels = ["sport", "tech", "business", "sport", "politics"]
        label_tokenizer = Tokenizer()
        label_tokenizer.fit_on_texts(labels)
        y = np.array(label_tokenizer.texts_to_sequences(labels)) - 1
        model = tf.keras.Sequential([tf.keras.layers.Dense(4, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
        model.fit(np.zeros((5, 8)), y)
        """,
        """
        import numpy as np
        import tensorflow as tf
        from tensorflow.keras.preprocessing.text import Tokenizer
        labels = ["sport", "tech", "business", "sport", "politics"]
        label_tokenizer = Tokenizer()
        label_tokenizer.fit_on_texts(labels)
        y = np.array(label_tokenizer.texts_to_sequences(labels))
        model = tf.keras.Sequential([tf.keras.layers.Dense(5, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
        model.fit(np.zeros((5, 8)), y)
        """,
        """
        import numpy as np
        import tensorflow as tf
        from tensorflow.keras.preprocessing.text import Tokenizer
        texts = load_texts()
        tokenizer = Tokenizer()
        tokenizer.fit_on_texts(texts)
        y = np.array(tokenizer.texts_to_sequences(texts))
        model = tf.keras.Sequential([tf.keras.layers.Dense(4, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
        model.fit(np.zeros((5, 8)), y)
        """,
    ],
)
def label_ids_out_of_range(facts: FileFacts) -> Iterator[Report]:
    """
    ## What it does
    Checks for integer labels whose ids are known to run from 1 (or higher) up to the number of
    classes, such as the ids a Keras `Tokenizer` gives label strings, trained with a sparse
    categorical loss on a head with one unit per class.

    ## Why is this bad?
    A `Tokenizer` numbers words from 1 (0 is reserved for padding), so five label strings become
    ids 1..5. A five-unit head covers ids 0..4: id 5 is out of range, which raises on CPU or gives
    NaN losses on GPU, and the unit for id 0 is never trained.

    ## Why Keras does not catch it
    An id equal to the unit count raises on CPU, but on GPU the sparse loss can silently
    return NaN or garbage; and with one spare unit everything runs while unit 0 is never
    trained.

    ## Example
    ```python
    label_tokenizer.fit_on_texts(labels)
    y = np.array(label_tokenizer.texts_to_sequences(labels))
    model.add(Dense(5, activation="softmax"))
    ```

    ## Use instead
    ```python
    y = np.array(label_tokenizer.texts_to_sequences(labels)) - 1
    model.add(Dense(5, activation="softmax"))
    ```
    Or give the head one more unit.
    """
    for fit in facts.fits:
        labels, head, loss = fit.labels, fit.head, fit.loss
        if (
            loss is None
            or loss.family != "scce"
            or labels.encoding != "int"
            or labels.classes is None
            or labels.first_id < 1
            or head.units is None
            or head.units_node is None
        ):
            continue
        last = labels.first_id + labels.classes - 1
        if last >= head.units:
            yield Report(
                head.units_node,
                f"the labels from {labels.source}{{at0}} run {labels.first_id}..{last}, but "
                f"a {head.units}-unit head covers ids 0..{head.units - 1}; subtract "
                f"{labels.first_id} from the labels, or use {last + 1} units",
                (labels.node,),
            )
