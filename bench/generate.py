#!/usr/bin/env python3
"""Generate a synthetic repository for the benchmark: Keras training scripts in mixed styles,
and ordinary (non-Keras) Python modules, in a chosen proportion.

Usage: python bench/generate.py OUT_DIR [--files N] [--keras-share 0.3] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
import textwrap
from pathlib import Path

IMPORTS = [
    "import tensorflow as tf\nfrom tensorflow import keras\nfrom tensorflow.keras import layers\n",
    "import keras\nfrom keras import layers\n",
    (
        "from tensorflow.keras.models import Sequential, Model\n"
        "from tensorflow.keras.layers import Dense, Dropout, Input, Flatten, Conv2D, LSTM\n"
        "from tensorflow import keras\nfrom tensorflow.keras import layers\n"
    ),
    "import tf_keras as keras\nfrom tf_keras import layers\n",
]
ACTIVATIONS = ["relu", "tanh", "gelu", "elu"]
HEADS = [
    ('layers.Dense({k}, activation="softmax")', '"sparse_categorical_crossentropy"'),
    ('layers.Dense(1, activation="sigmoid")', '"binary_crossentropy"'),
    ("layers.Dense({k})", "keras.losses.SparseCategoricalCrossentropy(from_logits=True)"),
    ("layers.Dense(1)", '"mse"'),
]


def keras_script(rng: random.Random, index: int) -> str:
    """A training script in one of several styles (all correct, so nothing is reported)."""
    k = rng.choice([2, 3, 5, 10, 100])
    head, loss = rng.choice(HEADS)
    head = head.format(k=k)
    hidden = [
        f'layers.Dense({rng.choice([32, 64, 128, 256])}, activation="{rng.choice(ACTIVATIONS)}")'
        for _ in range(rng.randint(1, 4))
    ]
    style = rng.randrange(4)
    lines: list[str] = []
    if style == 0:
        lines += ["model = keras.Sequential([", f"    keras.Input(shape=({rng.randint(4, 64)},)),"]
        lines += [f"    {layer}," for layer in hidden]
        lines += ["    layers.Dropout(0.2),", f"    {head},", "])"]
    elif style == 1:
        lines += ["model = keras.Sequential()"]
        lines += [f"model.add({layer})" for layer in hidden]
        lines += [f"model.add({head})"]
    elif style == 2:
        lines += [
            "def build_model(units, rate=0.3):",
            "    inputs = keras.Input(shape=(28, 28, 1))",
            '    x = layers.Conv2D(32, 3, activation="relu")(inputs)',
            "    x = layers.MaxPooling2D()(x)",
            "    x = layers.Flatten()(x)",
            '    x = layers.Dense(units, activation="relu")(x)',
            "    x = layers.Dropout(rate)(x)",
            f"    outputs = {head}(x)",
            f'    return keras.Model(inputs, outputs, name="model_{index}")',
            "",
            f"model = build_model({rng.choice([64, 128])})",
        ]
    else:
        lines += [
            "class Classifier(keras.Model):",
            "    def __init__(self, units):",
            "        super().__init__()",
            '        self.hidden = layers.Dense(units, activation="relu")',
            "        self.dropout = layers.Dropout(0.25)",
            f"        self.head = {head}",
            "",
            "    def call(self, inputs, training=False):",
            "        return self.head(self.dropout(self.hidden(inputs), training=training))",
            "",
            f"model = Classifier({rng.choice([64, 128])})",
        ]
    samples = rng.randint(100, 2000)
    lines += [
        "",
        "import numpy as np",
        "",
        f"x_train = np.random.rand({samples}, 32)",
        f"y_train = np.random.randint(0, {k}, size=({samples},))",
        f'model.compile(optimizer="adam", loss={loss}, metrics=["accuracy"])',
        f"history = model.fit(x_train, y_train, epochs={rng.randint(1, 20)}, batch_size=32,",
        "                    validation_split=0.1)",
        'for epoch, value in enumerate(history.history.get("loss", [])):',
        '    print(f"epoch {epoch}: {value:.4f}")',
        "predictions = model.predict(x_train[:100])",
    ]
    helpers = plain_module(rng, index, functions=rng.randint(1, 4))
    return rng.choice(IMPORTS) + "\n".join(lines) + "\n\n" + helpers


def plain_module(rng: random.Random, index: int, functions: int = 12) -> str:
    """Ordinary Python: data classes, string handling, loops and branches."""
    parts = [f'"""Utility module {index}."""\n\nimport os\nimport json\nfrom dataclasses import dataclass\n']
    for n in range(functions):
        parts.append(
            textwrap.dedent(
                f'''
                @dataclass
                class Record{n}:
                    name: str
                    size: int = {rng.randint(0, 99)}

                    def describe(self) -> str:
                        return f"{{self.name}} ({{self.size}})"


                def load_{n}(path, limit={rng.randint(10, 1000)}):
                    """Read records from a JSON file, skipping bad lines."""
                    records = []
                    if not os.path.exists(path):
                        return records
                    with open(path) as handle:
                        for number, line in enumerate(handle):
                            if number >= limit:
                                break
                            try:
                                data = json.loads(line)
                            except ValueError:
                                continue
                            if data.get("size", 0) > {rng.randint(1, 50)}:
                                records.append(Record{n}(data["name"], data["size"]))
                            elif "name" in data:
                                records.append(Record{n}(data["name"]))
                    return sorted(records, key=lambda r: (r.size, r.name))
                '''
            )
        )
    return "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=400)
    parser.add_argument("--keras-share", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    keras_files = round(args.files * args.keras_share)
    for index in range(args.files):
        folder = args.out / f"pkg{index // 50}"
        folder.mkdir(parents=True, exist_ok=True)
        if index < keras_files:
            (folder / f"train_{index}.py").write_text(keras_script(rng, index))
        else:
            (folder / f"util_{index}.py").write_text(plain_module(rng, index))


if __name__ == "__main__":
    main()
