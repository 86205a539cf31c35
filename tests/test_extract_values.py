"""Values: constants, arithmetic and unpacking feed unit counts and activations; unknowns stay unknown."""

from __future__ import annotations

import textwrap

import pytest

from tests.conftest import codes, facts_of

IMPORT = "from tensorflow.keras.layers import Dense\n"


def with_import(body: str) -> str:
    """``body`` (dedented) after the Dense import: line 1 is the import, line 2 is blank."""
    return IMPORT + textwrap.dedent(body)


def activations(code: str) -> list[tuple[str, object]]:
    """(activation, axis_size) of every recorded activation use."""
    return [(a.activation, a.axis_size) for a in facts_of(code).activations]


# ------------------------------------------------------------------ known unit counts

KNOWN_UNITS = {
    "module-constant": (
        """
        N = 1
        layer = Dense(N, activation="softmax")
        """,
        1,
    ),
    "function-local-constant": (
        """
        def build():
            n = 1
            return Dense(n, activation="softmax")
        """,
        1,
    ),
    "module-constant-read-in-function": (
        """
        N = 1
        def build():
            return Dense(N, activation="softmax")
        """,
        1,
    ),
    "subtraction": (
        """
        n_classes = 2
        layer = Dense(n_classes - 1, activation="softmax")
        """,
        1,
    ),
    "floor-division": (
        """
        num_classes = 10
        layer = Dense(num_classes // 10, activation="softmax")
        """,
        1,
    ),
    "mixed-arithmetic": (
        """
        layer = Dense(2 * 3 - 5, activation="softmax")
        """,
        1,
    ),
    "augmented-assignment": (
        """
        n = 0
        n += 1
        layer = Dense(n, activation="softmax")
        """,
        1,
    ),
    "len-of-literal-list": (
        """
        CLASSES = ["cat"]
        layer = Dense(len(CLASSES), activation="softmax")
        """,
        1,
    ),
    "len-of-two-item-list": (
        """
        CLASSES = ["cat", "dog"]
        layer = Dense(len(CLASSES), activation="softmax")
        """,
        2,
    ),
    "len-of-literal-tuple": (
        """
        LABELS = ("yes",)
        layer = Dense(len(LABELS), activation="softmax")
        """,
        1,
    ),
    "len-of-literal-dict": (
        """
        LABELS = {"yes": 0}
        layer = Dense(len(LABELS), activation="softmax")
        """,
        1,
    ),
    "len-after-append": (
        """
        labels = []
        labels.append("cat")
        layer = Dense(len(labels), activation="softmax")
        """,
        1,
    ),
    "len-after-plus-equals": (
        """
        labels = ["cat"]
        labels += ["dog"]
        layer = Dense(len(labels), activation="softmax")
        """,
        2,
    ),
    "tuple-unpacking": (
        """
        a, b = 1, 10
        layer = Dense(a, activation="softmax")
        """,
        1,
    ),
    "parenthesised-unpacking": (
        """
        (a, b) = (10, 1)
        layer = Dense(b, activation="softmax")
        """,
        1,
    ),
    "starred-unpacking": (
        """
        first, *rest = 1, 2, 3
        layer = Dense(first, activation="softmax")
        """,
        1,
    ),
    "swap": (
        """
        a, b = 10, 1
        a, b = b, a
        layer = Dense(a, activation="softmax")
        """,
        1,
    ),
    "chained-assignment": (
        """
        a = b = 1
        layer = Dense(b, activation="softmax")
        """,
        1,
    ),
    "annotated-assignment": (
        """
        N: int = 1
        layer = Dense(N, activation="softmax")
        """,
        1,
    ),
    "walrus": (
        """
        layer = Dense((n := 1), activation="softmax")
        """,
        1,
    ),
    "dict-entry": (
        """
        CFG = {"units": 1}
        layer = Dense(CFG["units"], activation="softmax")
        """,
        1,
    ),
    "class-attribute": (
        """
        class Config:
            UNITS = 1
        layer = Dense(Config.UNITS, activation="softmax")
        """,
        1,
    ),
    "int-of-literal": (
        """
        layer = Dense(int("1"), activation="softmax")
        """,
        1,
    ),
    "max-of-literals": (
        """
        layer = Dense(max(1, 0), activation="softmax")
        """,
        1,
    ),
    "conditional-expression-with-known-test": (
        """
        BINARY = True
        layer = Dense(1 if BINARY else 10, activation="softmax")
        """,
        1,
    ),
    "rebound-before-use": (
        """
        N = 1
        N = 10
        layer = Dense(N, activation="softmax")
        """,
        10,
    ),
    "rebound-after-use": (
        """
        N = 1
        layer = Dense(N, activation="softmax")
        N = 10
        """,
        1,
    ),
    "function-local-rebinding": (
        """
        def build():
            n = 1
            n = 4
            return Dense(n, activation="softmax")
        """,
        4,
    ),
    "parameter-default-at-call": (
        """
        def head(units=1):
            return Dense(units, activation="softmax")
        layer = head()
        """,
        1,
    ),
    "keyword-argument-at-call": (
        """
        def head(units, act):
            return Dense(units, activation=act)
        layer = head(act="softmax", units=1)
        """,
        1,
    ),
    "function-called-before-global-rebinding": (
        """
        N = 1
        def build():
            return Dense(N, activation="softmax")
        layer = build()
        N = 10
        """,
        1,
    ),
    "function-called-after-global-rebinding": (
        """
        N = 1
        def build():
            return Dense(N, activation="softmax")
        N = 10
        layer = build()
        """,
        10,
    ),
}


@pytest.mark.parametrize(("body", "units"), KNOWN_UNITS.values(), ids=KNOWN_UNITS.keys())
def test_known_unit_count(body: str, units: int) -> None:
    code = with_import(body)
    assert activations(code) == [("softmax", units)]
    reported = codes(code)
    if units == 1:
        assert [c for c, _ in reported] == ["KL101"]
    else:
        assert reported == []


def test_module_constant_end_to_end() -> None:
    code = with_import("""
        N = 1
        layer = Dense(N, activation="softmax")
        """)
    assert codes(code) == [("KL101", 4)]


def test_unpacking_binds_each_name() -> None:
    code = with_import("""
        a, b = 1, 10
        small = Dense(a, activation="softmax")
        large = Dense(b, activation="softmax")
        """)
    assert activations(code) == [("softmax", 1), ("softmax", 10)]
    assert codes(code) == [("KL101", 4)]


def test_arithmetic_unit_count_reaches_the_loss() -> None:
    code = """
        from tensorflow import keras
        n_classes = 2
        model = keras.Sequential([keras.layers.Dense(n_classes - 1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        """
    [use] = facts_of(code).loss_uses
    assert (use.head.units, use.head.activation) == (1, "sigmoid")
    assert codes(code) == [("KL102", 5)]


# ------------------------------------------------------------------ known activations

KNOWN_ACTIVATIONS = {
    "module-constant": (
        """
        ACT = "softmax"
        layer = Dense(1, activation=ACT)
        """,
        "softmax",
    ),
    "function-local-constant": (
        """
        def build():
            act = "softmax"
            return Dense(1, activation=act)
        """,
        "softmax",
    ),
    "rebound-constant": (
        """
        ACT = "softmax"
        ACT = "sigmoid"
        layer = Dense(1, activation=ACT)
        """,
        "sigmoid",
    ),
    "unpacked-with-units": (
        """
        units, act = 1, "softmax"
        layer = Dense(units, activation=act)
        """,
        "softmax",
    ),
    "string-concatenation": (
        """
        layer = Dense(1, activation="soft" + "max")
        """,
        "softmax",
    ),
    "dict-entry": (
        """
        CFG = {"act": "softmax"}
        layer = Dense(1, activation=CFG["act"])
        """,
        "softmax",
    ),
    "keyword-arguments-from-dict": (
        """
        cfg = dict(units=1, activation="softmax")
        layer = Dense(**cfg)
        """,
        "softmax",
    ),
}


@pytest.mark.parametrize(("body", "activation"), KNOWN_ACTIVATIONS.values(), ids=KNOWN_ACTIVATIONS.keys())
def test_known_activation(body: str, activation: str) -> None:
    assert activations(with_import(body)) == [(activation, 1)]


def test_activation_constant_end_to_end() -> None:
    code = with_import("""
        ACT = "softmax"
        layer = Dense(1, activation=ACT)
        """)
    assert codes(code) == [("KL101", 4)]  # a module constant: reported where it is used


def test_rebound_activation_constant_is_silent() -> None:
    code = with_import("""
        ACT = "softmax"
        ACT = "sigmoid"
        layer = Dense(1, activation=ACT)
        """)
    assert codes(code) == []


# ------------------------------------------------------------------ unknown values

UNKNOWN_UNITS = {
    "parameter-without-call": """
        def build(n):
            return Dense(n, activation="softmax")
        """,
    "parameter-default-without-call": """
        def build(n=1):
            return Dense(n, activation="softmax")
        """,
    "int-of-argv": """
        import sys
        n = int(sys.argv[1])
        layer = Dense(n, activation="softmax")
        """,
    "len-of-argv": """
        import sys
        layer = Dense(len(sys.argv), activation="softmax")
        """,
    "argparse-attribute": """
        import argparse
        parser = argparse.ArgumentParser()
        args = parser.parse_args()
        layer = Dense(args.units, activation="softmax")
        """,
    "environment-variable": """
        import os
        n = int(os.environ["N_CLASSES"])
        layer = Dense(n, activation="softmax")
        """,
    "input": """
        n = int(input())
        layer = Dense(n, activation="softmax")
        """,
    "np-load": """
        import numpy as np
        n = np.load("n.npy")
        layer = Dense(n, activation="softmax")
        """,
    "np-load-shape": """
        import numpy as np
        y = np.load("y.npy")
        layer = Dense(y.shape[1], activation="softmax")
        """,
    "len-of-np-unique": """
        import numpy as np
        y = np.load("y.npy")
        layer = Dense(len(np.unique(y)), activation="softmax")
        """,
    "pandas-nunique": """
        import pandas as pd
        df = pd.read_csv("data.csv")
        layer = Dense(df["label"].nunique(), activation="softmax")
        """,
    "to-categorical-shape": """
        from tensorflow.keras.utils import to_categorical
        y = to_categorical([0, 1, 0])
        layer = Dense(y.shape[-1], activation="softmax")
        """,
    "attribute-of-unknown-module": """
        import config
        layer = Dense(config.UNITS, activation="softmax")
        """,
    "unpacked-from-unknown-call": """
        import numpy as np
        def load():
            return np.zeros((10, 4)), np.zeros((10, 1))
        x, y = load()
        layer = Dense(y.shape[1], activation="softmax")
        """,
    "list-extended-with-unknown": """
        import sys
        labels = ["a"]
        labels.extend(sys.argv)
        layer = Dense(len(labels), activation="softmax")
        """,
    "float-units": """
        layer = Dense(1.0, activation="softmax")
        """,
    "bool-units": """
        layer = Dense(True, activation="softmax")
        """,
}


@pytest.mark.parametrize("body", UNKNOWN_UNITS.values(), ids=UNKNOWN_UNITS.keys())
def test_unknown_unit_count_is_silent(body: str) -> None:
    code = with_import(body)
    assert activations(code) == [("softmax", None)]
    assert codes(code) == []


UNKNOWN_ACTIVATIONS = {
    "parameter-without-call": """
        def build(act):
            return Dense(1, activation=act)
        """,
    "argv": """
        import sys
        layer = Dense(1, activation=sys.argv[1])
        """,
    "unknown-method-result": """
        ACT = "SOFTMAX".lower()
        layer = Dense(1, activation=ACT)
        """,
}


@pytest.mark.parametrize("body", UNKNOWN_ACTIVATIONS.values(), ids=UNKNOWN_ACTIVATIONS.keys())
def test_unknown_activation_is_silent(body: str) -> None:
    code = with_import(body)
    assert activations(code) == []
    assert codes(code) == []


def test_unknown_units_keep_loss_rules_silent() -> None:
    code = """
        import sys
        from tensorflow import keras
        n = int(sys.argv[1])
        model = keras.Sequential([keras.layers.Dense(n, activation="softmax")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        """
    [use] = facts_of(code).loss_uses
    assert (use.head.units, use.head.activation) == (None, "softmax")
    assert codes(code) == []


# ------------------------------------------------------------------ values changed behind the extractor's back


def test_global_rebound_in_helper_function() -> None:
    code = with_import("""
        N = 1
        def configure():
            global N
            N = 10
        configure()
        layer = Dense(N, activation="softmax")
        """)
    assert codes(code) == []


def test_list_appended_to_by_helper_function() -> None:
    code = with_import("""
        LABELS = ["cat"]
        def add_label(labels):
            labels.append("dog")
        add_label(LABELS)
        layer = Dense(len(LABELS), activation="softmax")
        """)
    assert codes(code) == []


def test_list_appended_to_through_alias() -> None:
    code = with_import("""
        LABELS = ["cat"]
        alias = LABELS
        alias.append("dog")
        layer = Dense(len(LABELS), activation="softmax")
        """)
    assert codes(code) == []


def test_dict_item_set_by_helper_function() -> None:
    code = with_import("""
        CFG = {"units": 1}
        def configure(cfg):
            cfg["units"] = 10
        configure(CFG)
        layer = Dense(CFG["units"], activation="softmax")
        """)
    assert codes(code) == []
