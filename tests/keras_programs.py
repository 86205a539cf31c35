"""Hypothesis strategies for random Keras-like programs, for property tests of keraslint.

:func:`programs` draws a :class:`Program`: import lines and top-level blocks built from a small
grammar of Keras code as people write it (every import style: ``keras``, ``tf.keras``,
``tf_keras``, sub-module and name imports, aliases; ``Sequential`` lists and ``.add``, the
functional API, helper functions, subclassed models, applications; random layer stacks; heads
with string, ``tf.nn`` / ``keras.activations`` and ``None`` activations or ``Activation`` /
``Softmax`` layers; losses as strings, classes with ``from_logits`` and functions; labels from
``to_categorical``, dataset and directory loaders, ``np.eye``, ``tf.one_hot``, scikit-learn;
``fit``, ``predict``, ``argmax``, custom training loops), with odd but valid Python mixed in
(wrong types, star-arguments, comprehensions, control flow).

A program is printed by :meth:`Program.render` under a :class:`Layout`: compactly, or with
comments, blank lines and line breaks inside brackets, and optionally with unrelated statements
inserted between top-level blocks. The same program under two layouts must get the same reports:
that is what the metamorphic tests in ``test_fuzz.py`` check.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence
from typing import Callable, Optional, Union

from hypothesis import strategies as st

# ------------------------------------------------------------------------------------ syntax


class Node:
    """An expression with brackets, printed on one line or broken over several."""

    def render(self, out: Printer) -> str:
        raise NotImplementedError


Part = Union[str, Node]


def text(part: Part, out: Printer) -> str:
    return part if isinstance(part, str) else part.render(out)


@dataclasses.dataclass
class Bracket(Node):
    """``open item, item close`` (``head`` is printed before the opening bracket)."""

    head: Part
    open: str
    items: Sequence[Part]
    close: str
    tuple_of_one: bool = False

    def render(self, out: Printer) -> str:
        items = [text(i, out) for i in self.items]
        head = text(self.head, out)
        if self.tuple_of_one and len(items) == 1:
            items[0] += ","
        if items and out.breaks():
            pieces = []
            for index, item in enumerate(items):
                last = index == len(items) - 1
                comment = out.inline_comment()
                pieces.append(f"\n    {item}{'' if last else ','}{comment}")
            return f"{head}{self.open}{''.join(pieces)}\n{self.close}"
        return f"{head}{self.open}{', '.join(items)}{self.close}"


@dataclasses.dataclass
class Cat(Node):
    """Parts printed next to each other."""

    parts: Sequence[Part]

    def render(self, out: Printer) -> str:
        return "".join(text(p, out) for p in self.parts)


def call(func: Part, *args: Part) -> Node:
    return Bracket(func, "(", list(args), ")")


def call_kw(func: Part, args: Sequence[Part], kwargs: Sequence[tuple[str, Part]]) -> Node:
    items: list[Part] = list(args)
    items.extend(Cat([f"{k}=", v]) for k, v in kwargs)
    return Bracket(func, "(", items, ")")


def lst(*items: Part) -> Node:
    return Bracket("", "[", items, "]")


def tup(*items: Part) -> Node:
    return Bracket("", "(", items, ")", tuple_of_one=True)


@dataclasses.dataclass
class Line:
    indent: int
    parts: Sequence[Part]


Block = list[Line]  # one top-level statement (a compound one spans several lines)


def stmt(*parts: Part, indent: int = 0) -> Block:
    return [Line(indent, parts)]


def indented(block: Block, by: int = 1) -> Block:
    return [Line(line.indent + by, line.parts) for line in block]


# ------------------------------------------------------------------------------------ layout


@dataclasses.dataclass(frozen=True)
class Layout:
    """How to print a program. ``Layout()`` is compact: one line per statement, no comments."""

    seed: int = 0
    breaks: int = 0  # percent of bracket groups broken over lines
    comments: int = 0  # percent of lines (and broken items) with a comment
    blank_lines: int = 0  # percent of blocks preceded by blank lines


class Printer:
    def __init__(self, layout: Layout = Layout()) -> None:
        self.layout = layout
        self.rng = random.Random(layout.seed)

    def _roll(self, percent: int) -> bool:
        return percent > 0 and self.rng.randrange(100) < percent

    def breaks(self) -> bool:
        return self._roll(self.layout.breaks)

    def inline_comment(self) -> str:
        return "  # note" if self._roll(self.layout.comments) else ""

    def comment_line(self, indent: int) -> str:
        return (
            "    " * indent + "# a comment (with brackets: [ and a quote ')\n"
            if self._roll(self.layout.comments)
            else ""
        )

    def blank(self) -> str:
        return "\n" * self.rng.randint(1, 3) if self._roll(self.layout.blank_lines) else ""


#: Statements that change nothing keraslint looks at.
UNRELATED = ('print("x")', "import os", "z = 1", "_ = [0, 1]", "pass", "note = 'softmax units'")


@dataclasses.dataclass
class Program:
    imports: list[str]
    blocks: list[Block]

    def render(self, layout: Layout = Layout(), inserts: Optional[dict[int, str]] = None) -> str:
        """The program's text; ``inserts`` maps a top-level position (0 = before the first
        import) to an unrelated statement put there."""
        out = Printer(layout)
        inserts = inserts or {}
        chunks: list[str] = []
        everything: list[Block] = [stmt(i) for i in self.imports] + list(self.blocks)
        for position, block in enumerate(everything):
            if position in inserts:
                chunks.append(inserts[position] + "\n")
            chunks.append(out.blank())
            for line in block:
                chunks.append(out.comment_line(line.indent))
                body = "".join(text(p, out) for p in line.parts)
                comment = out.inline_comment() if not body.rstrip().endswith("\\") else ""
                chunks.append("    " * line.indent + body + comment + "\n")
        if len(everything) in inserts:
            chunks.append(inserts[len(everything)] + "\n")
        return "".join(chunks)

    @property
    def positions(self) -> int:
        """How many top-level places an unrelated statement can go."""
        return len(self.imports) + len(self.blocks) + 1


# ------------------------------------------------------------------------------- the grammar

PACKAGES = ("keras", "tensorflow.keras", "tf_keras")


class Api:
    """How this program spells Keras names; records the imports it needs."""

    def __init__(self, draw: Callable[..., object]) -> None:
        self.draw = draw
        self.lines: list[str] = []
        self.styles: list[tuple[str, str]] = []
        self.from_names: dict[str, list[str]] = {}
        count = draw(st.integers(1, 2))
        for _ in range(count):
            self.styles.append(
                draw(
                    st.sampled_from(
                        [
                            ("module", "import keras"),
                            ("module", "from tensorflow import keras"),
                            ("tf", "import tensorflow as tf"),
                            ("module", "import tf_keras as keras"),
                            ("plain", "import tf_keras"),
                            ("alias", "from tensorflow import keras as tfk"),
                            ("alias", "import keras as K"),
                            ("alias", "import tensorflow.keras as tk"),
                            ("submodules", "keras"),
                            ("submodules", "tensorflow.keras"),
                            ("submodules", "tf_keras"),
                            ("names", "keras"),
                            ("names", "tensorflow.keras"),
                            ("names", "tf_keras"),
                        ]
                    )
                )
            )
        self.needs: set[str] = set()

    def _base(self, style: tuple[str, str]) -> str:
        kind, spec = style
        if kind == "module":
            self._add(spec)
            return "keras"
        if kind == "tf":
            self._add(spec)
            return "tf.keras"
        if kind == "plain":
            self._add(spec)
            return "tf_keras"
        if kind == "alias":
            self._add(spec)
            return spec.rsplit(" ", 1)[1]
        raise AssertionError(kind)

    def _add(self, line: str) -> None:
        if line not in self.lines:
            self.lines.append(line)

    def ref(self, category: str, name: str) -> str:
        """A reference to ``keras.<category>.<name>`` in one of the program's styles."""
        style = self.draw(st.sampled_from(self.styles))
        kind, spec = style
        if kind in ("module", "tf", "plain", "alias"):
            base = self._base(style)
            if category == "models" and name in ("Sequential", "Model") and self.draw(st.booleans()):
                return f"{base}.{name}"
            if category == "layers" and name == "Input" and self.draw(st.booleans()):
                return f"{base}.Input"
            return f"{base}.{category}.{name}"
        if kind == "submodules":
            if "." in category:  # from keras.preprocessing import text
                parent, leaf = category.rsplit(".", 1)
                self._add(f"from {spec}.{parent} import {leaf}")
                return f"{leaf}.{name}"
            alias = {"layers": "L"} if self.draw(st.integers(0, 4)) == 0 else {}
            local = alias.get(category, category)
            line = f"from {spec} import {category}" + (f" as {local}" if local != category else "")
            self._add(line)
            return f"{local}.{name}"
        # names: `from keras.layers import Dense`
        module = f"{spec}.{category}"
        if category == "datasets":
            self._add(f"from {spec}.datasets import {name.split('.')[0]}")
            return name
        names = self.from_names.setdefault(module, [])
        if name not in names:
            names.append(name)
        return name

    def module(self, category: str) -> str:
        """The module itself (``keras.datasets``), for attribute chains."""
        style = self.draw(
            st.sampled_from([s for s in self.styles if s[0] != "names"] or [("module", "import keras")])
        )
        kind, spec = style
        if kind == "submodules":
            self._add(f"from {spec} import {category}")
            return category
        return f"{self._base(style)}.{category}"

    def import_lines(self) -> list[str]:
        lines = list(self.lines)
        for module, names in self.from_names.items():
            lines.append(f"from {module} import {', '.join(names)}")
        lines.extend(sorted(self.needs))
        return lines

    def np(self) -> str:
        self.needs.add("import numpy as np")
        return "np"

    def tf(self) -> str:
        self.needs.add("import tensorflow as tf")
        return "tf"


class Gen:
    """The drawing state of one program: the Api, names defined so far, blocks."""

    def __init__(self, draw: Callable[..., object]) -> None:
        self.draw = draw
        self.api = Api(draw)
        self.blocks: list[Block] = []
        self.models: list[str] = []
        self.labels: list[str] = ["y"]
        self.inputs: list[str] = ["x"]
        self.predictions: list[str] = []
        self.losses: list[str] = []
        self.counter = 0
        self.compiled = False

    # -- helpers
    def pick(self, options: Sequence[object]) -> object:
        return self.draw(st.sampled_from(list(options)))

    def chance(self, percent: int) -> bool:
        return self.draw(st.integers(0, 99)) < percent

    def fresh(self, stem: str) -> str:
        self.counter += 1
        return f"{stem}{self.counter}"

    def layer(self, name: str) -> str:
        return self.api.ref("layers", name)

    # -- values
    def units(self) -> Part:
        common = ["1", "1", "2", "3", "10", "NUM_CLASSES", "len(CLASSES)", "n_classes"]
        odd = [
            "None",
            "0",
            "-1",
            "1.5",
            "'10'",
            "10 ** 30",
            "True",
            "x.shape[1]",
            "y.shape[-1]",
            "int(NUM_CLASSES)",
            "NUM_CLASSES - 1",
            "2 * 5",
            "units",
            "(n := 4)",
            "[1][0]",
            "-(-1)",
            "y_train.shape[1]",
            "len(set(y))",
            "max(y) + 1",
            "1 if multi else 10",
            "sum([1, 2])",
        ]
        return self.pick(common) if self.chance(80) else self.pick(odd)

    def activation_value(self) -> Part:
        strings = [
            '"softmax"',
            '"sigmoid"',
            '"relu"',
            '"linear"',
            '"tanh"',
            "None",
            '"log_softmax"',
            '"hard_sigmoid"',
            '"Softmax"',
            '"swish"',
            "'softmax'",
        ]
        functions = [
            lambda: f"{self.api.tf()}.nn.softmax",
            lambda: f"{self.api.tf()}.nn.sigmoid",
            lambda: f"{self.api.tf()}.nn.relu",
            lambda: f"{self.api.tf()}.math.sigmoid",
            lambda: self.api.ref("activations", self.pick(["softmax", "sigmoid", "relu", "linear"])),
            lambda: call(self.layer("Activation"), '"softmax"'),
            lambda: call(self.layer("Softmax")),
        ]
        odd = [
            "3",
            '["softmax"]',
            "lambda t: t",
            "act",
            '"soft" + "max"',
            'f"{act}"',
            '"softmax" if multi else "sigmoid"',
            "getattr(tf.nn, 'softmax')",
            "{}",
            "...",
            "b'softmax'",
        ]
        roll = self.draw(st.integers(0, 9))
        if roll < 6:
            return self.pick(strings)
        if roll < 9:
            return self.pick(functions)()
        return self.pick(odd)

    def dense(
        self, units: Optional[Part] = None, activation: Optional[Part] = None, head: bool = False
    ) -> Node:
        units = units if units is not None else self.units()
        how = self.draw(st.integers(0, 5))
        act = activation if activation is not None else self.activation_value()
        name = self.layer("Dense")
        if how == 0:
            return call(name, units)
        if how == 1:
            return call(name, units, act)
        if how == 2:
            return call_kw(name, [], [("units", units), ("activation", act)])
        if how == 3 and not head:
            return call_kw(name, [units], [("activation", act), ("kernel_initializer", '"he_normal"')])
        if how == 4 and self.chance(30):
            return call(name, "*dense_args") if self.chance(50) else call(name, units, "**cfg")
        return call_kw(name, [units], [("activation", act)])

    def hidden_layer(self, depth: int = 0) -> Part:
        options: list[Callable[[], Part]] = [
            lambda: self.dense(
                self.pick(["64", "128", "32", "units"]), self.pick(['"relu"', '"tanh"', "None"])
            ),
            lambda: call(self.layer("Dropout"), self.pick(["0.5", "0.2", "rate"])),
            lambda: call_kw(self.layer("Conv2D"), ["32", "3"], [("activation", '"relu"')]),
            lambda: call(self.layer("MaxPooling2D")),
            lambda: call(self.layer("Flatten")),
            lambda: call(self.layer("LSTM"), self.pick(["64", "32"])),
            lambda: call_kw(self.layer("LSTM"), ["64"], [("return_sequences", "True")]),
            lambda: call(self.layer("Embedding"), "1000", "16"),
            lambda: call(self.layer("GlobalAveragePooling1D")),
            lambda: call(self.layer("GlobalAveragePooling2D")),
            lambda: call(self.layer("BatchNormalization")),
            lambda: call(self.layer("Activation"), self.activation_value()),
            lambda: call(self.layer("ReLU")),
            lambda: call(self.layer("LeakyReLU")),
            lambda: call(self.layer("Bidirectional"), call(self.layer("LSTM"), "32")),
            lambda: call(self.layer("TimeDistributed"), self.dense("3")),
            lambda: call(self.layer("Lambda"), "lambda t: t * 2"),
            lambda: call(
                self.layer("Reshape"),
                tup(
                    "-1",
                ),
            ),
            lambda: call_kw(self.layer("Input"), [], [("shape", tup(self.pick(["20", "None", "28, 28"])))]),
            lambda: call_kw(self.layer("Dense"), ["64"], [("input_shape", tup("20"))]),
        ]
        if depth < 2:
            options.append(
                lambda: call(self.api.ref("models", "Sequential"), lst(*self.layer_stack(depth + 1)))
            )
            options.append(lambda: self.pick(self.models) if self.models else "base_model")
        return self.pick(options)()

    def head(self) -> list[Part]:
        roll = self.draw(st.integers(0, 9))
        units = self.units()
        if roll < 6:
            return [self.dense(units, head=True)]
        if roll < 8:
            return [
                self.dense(units, '"linear"' if self.chance(30) else "None", head=True),
                call(self.layer("Activation"), self.activation_value()),
            ]
        if roll < 9:
            return [self.dense(units, head=True), call(self.layer("Softmax"))]
        return [
            self.dense(units, head=True),
            self.pick([call(self.layer("Dropout"), "0.1"), call(self.layer("Flatten"))]),
        ]

    def layer_stack(self, depth: int = 0) -> list[Part]:
        hidden = [self.hidden_layer(depth) for _ in range(self.draw(st.integers(0, 3)))]
        return hidden + self.head()

    def loss(self) -> Part:
        strings = [
            '"binary_crossentropy"',
            '"categorical_crossentropy"',
            '"sparse_categorical_crossentropy"',
            '"mse"',
            '"bce"',
            '"BinaryCrossentropy"',
            '"categorical_hinge"',
            '"kld"',
        ]
        roll = self.draw(st.integers(0, 11))
        if roll < 5:
            return self.pick(strings)
        if roll < 8:
            cls = self.pick(
                [
                    "BinaryCrossentropy",
                    "CategoricalCrossentropy",
                    "SparseCategoricalCrossentropy",
                    "BinaryFocalCrossentropy",
                    "MeanSquaredError",
                    "CategoricalFocalCrossentropy",
                ]
            )
            name = self.api.ref("losses", cls)
            form = self.draw(st.integers(0, 3))
            if form == 0:
                return call(name)
            if form == 1:
                return call_kw(name, [], [("from_logits", self.pick(["True", "False", "logits", "1"]))])
            if form == 2:
                return call(name, self.pick(["True", "False"]))
            return call_kw(name, [], [("from_logits", "True"), ("label_smoothing", "0.1")])
        if roll < 10:
            return self.api.ref(
                "losses",
                self.pick(
                    [
                        "binary_crossentropy",
                        "categorical_crossentropy",
                        "sparse_categorical_crossentropy",
                        "mse",
                    ]
                ),
            )
        if self.losses and self.chance(70):
            return self.pick(self.losses)
        return self.pick(
            [
                "None",
                "3",
                "my_loss",
                '["binary_crossentropy", "mse"]',
                '{"out": "categorical_crossentropy"}',
                "lambda a, b: (a - b) ** 2",
                "loss_fn",
            ]
        )

    def metrics(self) -> Part:
        options = [
            lambda: lst('"accuracy"'),
            lambda: lst('"acc"'),
            lambda: lst(call(self.api.ref("metrics", "BinaryAccuracy"))),
            lambda: lst(
                call_kw(
                    self.api.ref("metrics", "BinaryAccuracy"), [], [("threshold", self.pick(["0.0", "0.5"]))]
                )
            ),
            lambda: lst('"accuracy"', call(self.api.ref("metrics", "AUC"))),
            lambda: lst(call(self.api.ref("metrics", "SparseCategoricalAccuracy"))),
            lambda: '"accuracy"',
            lambda: "None",
        ]
        return self.pick(options)()

    # -- blocks
    def emit(self, block: Block) -> None:
        """Add a block, sometimes wrapped in control flow."""
        roll = self.draw(st.integers(0, 19))
        if roll == 0:
            self.blocks.append(
                [Line(0, ["if FLAG:"]), *indented(block), Line(0, ["else:"]), Line(1, ["pass"])]
            )
        elif roll == 1:
            self.blocks.append([Line(0, ["for epoch in range(2):"]), *indented(block)])
        elif roll == 2:
            self.blocks.append(
                [Line(0, ["try:"]), *indented(block), Line(0, ["except Exception:"]), Line(1, ["raise"])]
            )
        elif roll == 3:
            self.blocks.append(
                [Line(0, [call(f"with {self.api.tf()}.device", '"/cpu:0"'), ":"]), *indented(block)]
            )
        elif roll == 4:
            self.blocks.append([Line(0, ['if __name__ == "__main__":']), *indented(block)])
        else:
            self.blocks.append(block)

    def constants(self) -> None:
        k = self.pick(["2", "3", "10", "1"])
        self.blocks.append(stmt(f"NUM_CLASSES = {k}"))
        if self.chance(50):
            self.blocks.append(
                stmt("CLASSES = ", lst(*[f'"c{i}"' for i in range(self.draw(st.integers(1, 5)))]))
            )
        if self.chance(30):
            self.blocks.append(stmt(f"n_classes = {self.pick(['NUM_CLASSES', '5', 'len(CLASSES)'])}"))
        if self.chance(20):
            self.blocks.append(stmt(f"multi = {self.pick(['True', 'False'])}"))
        if self.chance(20):
            self.blocks.append(
                stmt("cfg = ", Bracket("", "{", ['"units": 1', '"activation": "softmax"'], "}"))
            )

    def data(self) -> None:
        np = self.api.np()
        x = self.fresh("x") if self.chance(30) else "x"
        self.inputs.append(x)
        self.emit(stmt(f"{x} = ", call(f"{np}.random.rand", self.pick(["100", "N"]), "20")))
        y = self.fresh("y") if self.chance(40) else "y"
        self.labels.append(y)
        k = self.pick(["NUM_CLASSES", "2", "10", "n_classes", "1"])
        options: list[Callable[[], Block]] = [
            lambda: stmt(f"{y} = ", call_kw(f"{np}.random.randint", ["0", k], [("size", tup("100"))])),
            lambda: stmt(f"{y} = ", call_kw(f"{np}.random.randint", [k], [("size", "100")])),
            lambda: stmt(f"{y} = ", call(self.api.ref("utils", "to_categorical"), self.pick(self.labels), k)),
            lambda: stmt(
                f"{y} = ",
                call_kw(
                    self.api.ref("utils", "to_categorical"), [self.pick(self.labels)], [("num_classes", k)]
                ),
            ),
            lambda: stmt(f"{y} = ", call(self.api.ref("utils", "to_categorical"), self.pick(self.labels))),
            lambda: stmt(f"{y} = ", call(f"{self.api.tf()}.one_hot", self.pick(self.labels), k)),
            lambda: stmt(f"{y} = ", call(f"{np}.eye", k), f"[{self.pick(self.labels)}]"),
            lambda: stmt(f"{y} = ", call(f"{np}.array", lst("0", "1", "2", "1"))),
            lambda: stmt(f"{y} = ", call(f"{np}.array", lst(lst("0", "1"), lst("1", "0")))),
            lambda: stmt(f"{y} = {self.pick(self.labels)} - 1"),
            lambda: stmt(f"{y} = {self.pick(self.labels)}[:50]"),
            lambda: stmt(f"{y} = ", call(f"({self.pick(self.labels)} > 0.5).astype", '"float32"')),
        ]
        self.emit(self.pick(options)())
        if self.chance(30):
            dataset = self.pick(["mnist", "cifar10", "cifar100", "imdb", "reuters", "fashion_mnist"])
            module = self.api.module("datasets") if self.chance(70) else None
            loader = (
                f"{module}.{dataset}.load_data"
                if module
                else f"{self.api.ref('datasets', dataset)}.load_data"
            )
            self.labels.extend(["y_train", "y_test"])
            self.inputs.extend(["x_train", "x_test"])
            self.emit(stmt("(x_train, y_train), (x_test, y_test) = ", call(loader)))
        if self.chance(20):
            loader = self.pick(["image_dataset_from_directory", "text_dataset_from_directory"])
            mode = self.pick(['"int"', '"categorical"', '"binary"', "None", "mode"])
            self.inputs.append("train_ds")
            self.emit(
                stmt(
                    "train_ds = ",
                    call_kw(
                        self.api.ref("utils", loader),
                        ['"data/train"'],
                        [("label_mode", mode), ("batch_size", "32")],
                    ),
                )
            )
        if self.chance(15):
            self.api.needs.add("from sklearn.preprocessing import LabelEncoder")
            self.emit(
                stmt(f"{y} = ", call(call("LabelEncoder").render(Printer()) + ".fit_transform", "names"))
            )
        if self.chance(10):
            self.api.needs.add("from sklearn.model_selection import train_test_split")
            self.emit(
                stmt(
                    "x_train, x_test, y_train, y_test = ",
                    call_kw("train_test_split", [x, y], [("test_size", "0.2")]),
                )
            )
            self.labels.extend(["y_train", "y_test"])
        if self.chance(10):
            self.api.needs.add("from sklearn.datasets import make_multilabel_classification")
            self.emit(stmt(f"X, {y} = ", call_kw("make_multilabel_classification", [], [("n_classes", k)])))
        if self.chance(10):
            tok = self.api.ref("preprocessing.text", "Tokenizer")
            self.emit(stmt("tokenizer = ", call(tok)))
            self.emit(stmt(call("tokenizer.fit_on_texts", "names")))
            self.emit(stmt(f"{y} = ", call(f"{np}.array", call("tokenizer.texts_to_sequences", "names"))))
        if self.chance(10):
            self.emit(
                stmt(
                    "ds = ", call(f"{self.api.tf()}.data.Dataset.from_tensor_slices", tup(x, y)), ".batch(32)"
                )
            )
            self.inputs.append("ds")

    def model(self) -> None:
        name = self.fresh("model") if self.models and self.chance(60) else "model"
        style = self.draw(st.integers(0, 8))
        seq = self.api.ref("models", "Sequential")
        if style <= 1:
            stack = self.layer_stack()
            if self.chance(15):
                self.emit(stmt("stack = ", lst(*stack)))
                self.emit(stmt(f"{name} = ", call(seq, "stack")))
            elif self.chance(10):
                self.emit(stmt(f"{name} = ", call(seq, lst("*hidden", *stack[-1:]))))
            else:
                kwargs = [("name", '"net"')] if self.chance(20) else []
                self.emit(stmt(f"{name} = ", call_kw(seq, [lst(*stack)], kwargs)))
        elif style == 2:
            self.emit(stmt(f"{name} = ", call(seq)))
            for layer in self.layer_stack():
                self.emit(stmt(call(f"{name}.add", layer)))
        elif style in (3, 4):
            inp = self.api.ref("layers", "Input")
            self.emit(
                stmt("inputs = ", call_kw(inp, [], [("shape", tup(self.pick(["20", "28, 28, 1", "None"])))]))
            )
            current = "inputs"
            for layer in self.layer_stack()[:-1]:
                var = self.pick(["x", "h", "features"])
                self.emit(stmt(f"{var} = ", call(layer, current)))
                current = var
            outputs = []
            for _ in range(self.draw(st.integers(1, 2))):
                out = self.fresh("out")
                head = self.head()
                expr: Part = current
                for layer in head:
                    expr = call(layer, expr)
                self.emit(stmt(f"{out} = ", expr))
                outputs.append(out)
            model_cls = self.api.ref("models", "Model")
            outs: Part = outputs[0] if len(outputs) == 1 else lst(*outputs)
            if self.chance(50):
                self.emit(stmt(f"{name} = ", call(model_cls, "inputs", outs)))
            else:
                self.emit(
                    stmt(f"{name} = ", call_kw(model_cls, [], [("inputs", "inputs"), ("outputs", outs)]))
                )
        elif style == 5:
            fn = self.fresh("build_model")
            params = self.pick(
                ["n_classes", "n_classes, act", "n_classes=NUM_CLASSES, act='softmax'", "*args, **kwargs"]
            )
            body: Block = [Line(0, [f"def {fn}({params}):"])]
            inner = self.dense(
                self.pick(["n_classes", "units", "1"]),
                self.pick(["act", '"softmax"', '"sigmoid"', "None"]),
                head=True,
            )
            if self.chance(50):
                body.append(
                    Line(
                        1,
                        [
                            "m = ",
                            call(
                                seq,
                                lst(
                                    *[self.hidden_layer(1) for _ in range(self.draw(st.integers(0, 2)))],
                                    inner,
                                ),
                            ),
                        ],
                    )
                )
                if self.chance(30):
                    body.append(
                        Line(1, [call_kw("m.compile", [], [("optimizer", "'adam'"), ("loss", self.loss())])])
                    )
                body.append(Line(1, ["return m"]))
            else:
                body.append(
                    Line(
                        1, ["inputs = ", call_kw(self.api.ref("layers", "Input"), [], [("shape", tup("20"))])]
                    )
                )
                body.append(Line(1, ["outputs = ", call(inner, "inputs")]))
                body.append(Line(1, ["return ", call(self.api.ref("models", "Model"), "inputs", "outputs")]))
            self.blocks.append(body)
            args = self.pick(
                [lst(self.units()), lst(self.units(), self.activation_value()), lst(), lst("*sizes")]
            )
            self.emit(
                stmt(f"{name} = ", Bracket(fn, "(", args.items if isinstance(args, Bracket) else [], ")"))
            )
        elif style == 6:
            cls = self.fresh("Net")
            base = self.api.ref("models", "Model")
            block: Block = [
                Line(0, [f"class {cls}({base}):"]),
                Line(1, ["def __init__(self, n=NUM_CLASSES):"]),
                Line(2, ["super().__init__()"]),
                Line(2, ["self.hidden = ", self.dense("64", '"relu"')]),
                Line(2, ["self.out = ", self.dense(self.pick(["n", "1", "10"]), head=True)]),
                Line(1, ["def call(self, inputs, training=False):"]),
                Line(2, ["return ", call("self.out", call("self.hidden", "inputs"))]),
            ]
            self.blocks.append(block)
            self.emit(stmt(f"{name} = ", call(cls, *([self.units()] if self.chance(50) else []))))
        elif style == 7:
            app = self.pick(["MobileNetV2", "ResNet50", "VGG16", "EfficientNetB0"])
            self.emit(
                stmt(
                    "base_model = ",
                    call_kw(
                        self.api.ref("applications", app), [], [("include_top", "False"), ("weights", "None")]
                    ),
                )
            )
            self.emit(stmt("base_model.trainable = False"))
            self.emit(stmt("feat = ", call(call(self.layer("GlobalAveragePooling2D")), "base_model.output")))
            head: Part = "feat"
            for layer in self.head():
                head = call(layer, head)
            self.emit(stmt("pred = ", head))
            self.emit(stmt(f"{name} = ", call(self.api.ref("models", "Model"), "base_model.input", "pred")))
        else:
            other = self.pick(self.models) if self.models else "model"
            self.emit(
                self.pick(
                    [
                        stmt(f"{name} = ", call(self.api.ref("models", "load_model"), '"model.h5"')),
                        stmt(f"{name} = ", call(self.api.ref("models", "clone_model"), other)),
                        stmt(f"{name} = ", call(seq, lst(other, self.dense(self.units(), head=True)))),
                        stmt(f"{other}.layers[-1].activation = ", self.activation_value()),
                        stmt(call(f"{other}.pop")),
                        stmt(f"{name} = {other}"),
                        stmt(f"{name} = None"),
                        stmt(f"del {other}"),
                        stmt(f"{name} = ", call(seq, lst(Cat(["*", lst(*self.layer_stack())])))),
                        stmt(
                            f"{name} = ",
                            call(
                                seq,
                                Bracket(
                                    "",
                                    "[",
                                    [Cat([call(self.layer("Dense"), "n"), " for n in (64, 32, 1)"])],
                                    "]",
                                ),
                            ),
                        ),
                    ]
                )
            )
        if name not in self.models:
            self.models.append(name)

    def compile(self) -> None:
        model = self.pick(self.models) if self.models else "model"
        loss = self.loss()
        if self.chance(15):
            var = self.fresh("loss_fn")
            self.emit(stmt(f"{var} = ", loss))
            self.losses.append(var)
            loss = var
        form = self.draw(st.integers(0, 4))
        if form == 0:
            node = call(f"{model}.compile", '"adam"', loss)
        elif form == 1:
            node = call_kw(
                f"{model}.compile", [], [("loss", loss), ("optimizer", '"adam"'), ("metrics", self.metrics())]
            )
        elif form == 2:
            node = call_kw(
                f"{model}.compile",
                [],
                [("optimizer", call(self.api.ref("optimizers", "Adam"), "1e-3")), ("loss", loss)],
            )
        elif form == 3:
            node = call_kw(
                f"{model}.compile",
                ['"sgd"'],
                [("loss", Bracket("", "[", [loss], "]")), ("metrics", self.metrics())],
            )
        else:
            node = call_kw(
                f"{model}.compile",
                [],
                [("optimizer", '"rmsprop"'), ("loss", loss), ("loss_weights", "[1.0]")],
            )
        self.emit(stmt(node))
        self.compiled = True
        if self.chance(10):
            self.blocks.append(
                [
                    Line(0, ["def my_loss(y_true, y_pred):"]),
                    Line(
                        1,
                        ["return ", call(self.api.ref("losses", "binary_crossentropy"), "y_true", "y_pred")],
                    ),
                ]
            )

    def fit(self) -> None:
        model = self.pick(self.models) if self.models else "model"
        x = self.pick(self.inputs)
        y = self.pick(self.labels)
        options = [
            lambda: stmt(call_kw(f"{model}.fit", [x, y], [("epochs", "2"), ("batch_size", "32")])),
            lambda: stmt(call_kw(f"{model}.fit", [], [("x", x), ("y", y), ("validation_split", "0.1")])),
            lambda: stmt(call(f"{model}.fit", "train_ds")),
            lambda: stmt(call_kw(f"{model}.fit", ["ds"], [("epochs", "3")])),
            lambda: stmt("history = ", call(f"{model}.fit", x, y)),
            lambda: stmt(call(f"{model}.train_on_batch", x, y)),
            lambda: stmt(call(f"{model}.fit_generator", "gen")),
            lambda: stmt(call(f"{model}.fit", "*fit_args")),
            lambda: stmt(call(f"{model}.fit", x, Bracket("", "[", [y, y], "]"))),
            lambda: stmt(call_kw(f"{model}.fit", [x], [("y", Bracket("", "{", [f'"out": {y}'], "}"))])),
        ]
        self.emit(self.pick(options)())

    def predict(self) -> None:
        model = self.pick(self.models) if self.models else "model"
        np = self.api.np()
        p = self.fresh("p") if self.chance(40) else "p"
        x = self.pick(self.inputs)
        self.emit(
            stmt(
                f"{p} = ",
                self.pick(
                    [
                        call(f"{model}.predict", x),
                        call(model, x),
                        call_kw(model, [x], [("training", "False")]),
                    ]
                ),
            )
        )
        self.predictions.append(p)
        options = [
            lambda: stmt("labels = ", call(f"{np}.argmax", p)),
            lambda: stmt(
                "labels = ", call_kw(f"{np}.argmax", [p], [("axis", self.pick(["1", "-1", "0", "None"]))])
            ),
            lambda: stmt("labels = ", call(f"{p}.argmax", "-1")),
            lambda: stmt("labels = ", call(f"{p}.argmax")),
            lambda: stmt("labels = ", call_kw(f"{self.api.tf()}.argmax", [p], [("axis", "-1")])),
            lambda: stmt("labels = ", call(self.api.ref("ops", "argmax"), p)),
            lambda: stmt("labels = ", call(f"({p} > 0.5).astype", "int")),
            lambda: stmt("labels = ", call(f"{model}.predict_classes", x)),
            lambda: stmt("probs = ", call(f"{model}.predict_proba", x)),
            lambda: stmt(
                "labels = ", call_kw(f"{np}.argmax", [call(f"{model}.predict", x)], [("axis", "-1")])
            ),
            lambda: stmt("labels = ", call(f"{np}.argmax", f"{p}[0]")),
            lambda: stmt("best = ", call(f"{np}.argmax", call(f"{model}.predict", x))),
        ]
        self.emit(self.pick(options)())

    def training_loop(self) -> None:
        model = self.pick(self.models) if self.models else "model"
        tf = self.api.tf()
        loss = self.loss()
        self.emit(stmt("loss_object = ", loss))
        decorator = [Line(0, [f"@{tf}.function"])] if self.chance(50) else []
        self.blocks.append(
            [
                *decorator,
                Line(0, ["def train_step(images, labels):"]),
                Line(1, [f"with {tf}.GradientTape() as tape:"]),
                Line(2, ["probs = ", call_kw(model, ["images"], [("training", "True")])]),
                Line(2, ["loss = ", call("loss_object", "labels", "probs")]),
                Line(1, ["grads = ", call("tape.gradient", "loss", f"{model}.trainable_variables")]),
                Line(1, ["optimizer.apply_gradients(zip(grads, ", f"{model}.trainable_variables))"]),
                Line(1, ["return loss"]),
            ]
        )
        self.blocks.append(
            [
                Line(0, ["for start in range(0, 100, 10):"]),
                Line(
                    1,
                    [
                        call(
                            "train_step",
                            f"{self.pick(self.inputs)}[start:start + 10]",
                            f"{self.pick(self.labels)}[start:start + 10]",
                        )
                    ],
                ),
            ]
        )

    def noise(self) -> None:
        """Odd but valid Python at the top level."""
        options = [
            lambda: stmt("units = 64"),
            lambda: stmt("units += 1"),
            lambda: stmt("act = ", self.activation_value()),
            lambda: stmt("hidden = ", lst(*[self.hidden_layer(1) for _ in range(2)])),
            lambda: stmt("sizes = ", tup("64", "32")),
            lambda: stmt("dense_args = ", tup(self.units(), self.activation_value())),
            lambda: stmt("fit_args = ", tup("x", "y")),
            lambda: stmt("FLAG = ", self.pick(["True", "False", "len(sys.argv) > 1"])),
            lambda: stmt("rate = 0.5"),
            lambda: stmt("mode = ", self.pick(['"int"', '"categorical"'])),
            lambda: stmt("optimizer = ", call(self.api.ref("optimizers", "Adam"))),
            lambda: stmt(f"{self.pick(self.labels)}[0] = 2"),
            lambda: stmt("global_var: int = 3"),
            lambda: [Line(0, ["for layer in model.layers:"]), Line(1, ["layer.trainable = False"])],
            lambda: [Line(0, ["while False:"]), Line(1, ["model = None"])],
            lambda: [
                Line(0, ["match NUM_CLASSES:"]),
                Line(1, ["case 2:"]),
                Line(2, ["act = 'sigmoid'"]),
                Line(1, ["case _:"]),
                Line(2, ["act = 'softmax'"]),
            ],
            lambda: [
                Line(0, ["with open('f') as fh, open('g') as gh:"]),
                Line(1, ["names = fh.read().split()"]),
            ],
            lambda: stmt("names = ", lst('"a"', '"b"', '"a"')),
            lambda: stmt("lambda_fn = lambda *a, **k: ", call(self.layer("Dense"), "*a", "**k")),
            lambda: stmt("comp = ", Bracket("", "{", ["k: v for k, v in cfg.items()"], "}")),
            lambda: stmt("assert model is not None, ", '"no model"'),
            lambda: stmt("x, *rest = ", lst("1", "2", "3")),
            lambda: stmt("print(f'{model!r:>10}')"),
            lambda: stmt(
                "gen = ",
                call_kw(
                    call(self.api.ref("preprocessing.image", "ImageDataGenerator")).render(Printer())
                    + ".flow_from_directory",
                    ['"data"'],
                    [("class_mode", self.pick(['"categorical"', '"binary"', '"sparse"']))],
                ),
            ),
        ]
        self.emit(self.pick(options)())


@st.composite
def programs(draw: Callable[..., object], max_blocks: int = 12) -> Program:
    """A random Keras-like program (see the module docstring)."""
    gen = Gen(draw)
    if gen.chance(80):
        gen.constants()
    steps = draw(
        st.lists(
            st.sampled_from(["data", "model", "model", "compile", "fit", "predict", "noise", "loop"]),
            min_size=1,
            max_size=max_blocks,
        )
    )
    if "model" not in steps:
        steps.insert(0, "model")
    for step in steps:
        if step == "data":
            gen.data()
        elif step == "model":
            gen.model()
        elif step == "compile":
            gen.compile()
        elif step == "fit":
            gen.fit()
        elif step == "predict":
            gen.predict()
        elif step == "loop":
            gen.training_loop()
        else:
            gen.noise()
    if not gen.compiled and gen.chance(70):
        gen.compile()
    imports = gen.api.import_lines()
    if gen.chance(20):
        imports.reverse()
    if not any(("keras" in line or "tensorflow" in line) for line in imports):
        imports.insert(0, "import keras")
    return Program(imports, gen.blocks)


def layouts() -> st.SearchStrategy[Layout]:
    """A non-compact layout: comments, blank lines, broken brackets."""
    return st.builds(
        Layout,
        seed=st.integers(0, 2**16),
        breaks=st.integers(0, 100),
        comments=st.integers(0, 100),
        blank_lines=st.integers(0, 100),
    )


@st.composite
def insertions(draw: Callable[..., object], program: Program) -> dict[int, str]:
    """Unrelated statements at random top-level positions of a program."""
    positions = draw(st.lists(st.integers(0, program.positions - 1), min_size=1, max_size=5, unique=True))
    return {p: draw(st.sampled_from(UNRELATED)) for p in positions}
