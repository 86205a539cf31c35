"""What plain Python operations do to abstract values: arithmetic, comparisons, indexing,
comprehensions and the few builtins that matter for unit counts (``len``, ``range`` ...).

Every function answers UNKNOWN (or None for a truth value) rather than guess.
"""

from __future__ import annotations

import operator
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Callable, Optional, Union

import libcst as cst

from keraslint.facts.args import CallArgs
from keraslint.facts.values import (
    UNKNOWN,
    ClassVal,
    Const,
    ExtRef,
    FunctionVal,
    LabelVal,
    LayerVal,
    LossVal,
    Mapping,
    MethodVal,
    Ref,
    Seq,
    TensorVal,
    Value,
    join,
)

if TYPE_CHECKING:
    from keraslint.facts.extract import Extractor, Frame

MAX_ITEMS = 512
MAX_INT_BITS = 64
MAX_STR = 10_000

_ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "Add": operator.add,
    "Subtract": operator.sub,
    "Multiply": operator.mul,
    "Divide": operator.truediv,
    "FloorDivide": operator.floordiv,
    "Modulo": operator.mod,
    "Power": operator.pow,
}

_CONVERSIONS: dict[str, Callable[[Any], Any]] = {
    "int": int,
    "float": float,
    "str": str,
    "abs": abs,
    "round": round,
}

_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "Equal": operator.eq,
    "NotEqual": operator.ne,
    "LessThan": operator.lt,
    "GreaterThan": operator.gt,
    "LessThanEqual": operator.le,
    "GreaterThanEqual": operator.ge,
}

# Values that are certainly objects (never None, never a number or string).
_OBJECT_VALUES = (Seq, Mapping, ExtRef, LayerVal, TensorVal, Ref, LossVal, FunctionVal, ClassVal, MethodVal)


def _number(value: Value) -> Optional[Union[int, float]]:
    if isinstance(value, Const) and type(value.value) in (int, float):
        return value.value  # type: ignore[return-value]
    return None


def int_of(value: Value) -> Optional[int]:
    """The value as an int (bools excluded), or None."""
    number = _number(value)
    return number if isinstance(number, int) and not isinstance(number, bool) else None


def _small(result: Any) -> Optional[Value]:
    if isinstance(result, bool):
        return Const(result)
    if isinstance(result, int):
        return Const(result) if result.bit_length() <= MAX_INT_BITS else None
    if isinstance(result, float):
        return Const(result)
    if isinstance(result, str):
        return Const(result) if len(result) <= MAX_STR else None
    return None


_ELEMENTWISE = frozenset({"Add", "Subtract", "Multiply", "Divide", "FloorDivide", "Power", "Modulo"})


def binary_op(op: str, left: Value, right: Value) -> Value:
    """``left <op> right`` (op is the libcst operator class name: "Add", "Multiply", ...)."""
    if isinstance(left, LabelVal):
        from keraslint.facts.data_calls import shift_labels

        return shift_labels(left, op, right)
    if isinstance(left, TensorVal) or isinstance(right, TensorVal):
        # `x_test / 255.0`: elementwise arithmetic with a number keeps the samples of the array
        array, other = (left, right) if isinstance(left, TensorVal) else (right, left)
        assert isinstance(array, TensorVal)
        many = (
            op in _ELEMENTWISE
            and array.many
            and not array.prediction
            and (_number(other) is not None or (isinstance(other, TensorVal) and not other.prediction))
        )
        return TensorVal(many=many)
    if isinstance(left, Seq) and isinstance(right, Seq) and op == "Add":
        items = left.items + right.items
        return Seq(items) if len(items) <= MAX_ITEMS else UNKNOWN
    if isinstance(left, Seq) and op == "Multiply":
        count = _number(right)
        if isinstance(count, int) and count >= 0 and len(left.items) * count <= MAX_ITEMS:
            return Seq(left.items * count)
        return UNKNOWN
    if not (isinstance(left, Const) and isinstance(right, Const)):
        return UNKNOWN
    fn = _ARITHMETIC.get(op)
    a, b = left.value, right.value
    if fn is None or a is None or b is None:
        return UNKNOWN
    if op == "Power":
        base, exponent = _number(left), _number(right)
        if base is None or exponent is None or abs(exponent) > 64:
            return UNKNOWN
    if op == "Multiply" and (isinstance(a, str) or isinstance(b, str)):
        text = a if isinstance(a, str) else b
        times = b if isinstance(a, str) else a
        if not isinstance(text, str) or not isinstance(times, int) or times * len(text) > MAX_STR:
            return UNKNOWN
    try:
        result = fn(a, b)
    except Exception:  # TypeError, ZeroDivisionError, OverflowError: not our concern
        return UNKNOWN
    return _small(result) or UNKNOWN


def unary_op(op: str, value: Value) -> Value:
    """``not``, ``-``, ``+`` and ``~`` on constants."""
    if op == "Not":
        truth = truthiness(value)
        return UNKNOWN if truth is None else Const(not truth)
    if isinstance(value, TensorVal):
        return TensorVal()
    number = _number(value)
    if number is None:
        return UNKNOWN
    if op == "Minus":
        return Const(-number)
    if op == "Plus":
        return Const(+number)
    if op == "BitInvert" and isinstance(number, int):
        return Const(~number)
    return UNKNOWN


def truthiness(value: Value) -> Optional[bool]:
    """Whether a value is truthy, or None when that depends on run time."""
    if isinstance(value, Const):
        return bool(value.value)
    if isinstance(value, Seq):
        return bool(value.items)
    if isinstance(value, Mapping):
        return bool(value.items)
    if isinstance(value, (LayerVal, LossVal, FunctionVal, ClassVal)):
        return True
    return None


def compare(op: str, left: Value, right: Value) -> Optional[bool]:
    """The outcome of one comparison, or None when unknown."""
    if op in ("Is", "IsNot"):
        outcome = _is(left, right)
        if outcome is None:
            return None
        return outcome if op == "Is" else not outcome
    if op in ("In", "NotIn"):
        outcome = _contains(right, left)
        if outcome is None:
            return None
        return outcome if op == "In" else not outcome
    fn = _COMPARE.get(op)
    if fn is None or not (isinstance(left, Const) and isinstance(right, Const)):
        return None
    if op in ("Equal", "NotEqual") and type(left.value) is not type(right.value):
        numbers = (int, float)
        if not (type(left.value) in numbers and type(right.value) in numbers):
            return op == "NotEqual"
    try:
        return bool(fn(left.value, right.value))
    except TypeError:
        return None


def _is(left: Value, right: Value) -> Optional[bool]:
    for a, b in ((left, right), (right, left)):
        if a == Const(None):
            if b == Const(None):
                return True
            if isinstance(b, (Const, *_OBJECT_VALUES)):
                return False
    return None


def _contains(container: Value, item: Value) -> Optional[bool]:
    if not isinstance(item, Const):
        return None
    if isinstance(container, Seq):
        if any(i == item for i in container.items):
            return True
        if all(isinstance(i, Const) for i in container.items):
            return False
        return None
    if isinstance(container, Mapping):
        return any(k == item for k, _ in container.items)
    if isinstance(container, Const) and isinstance(container.value, str) and isinstance(item.value, str):
        return item.value in container.value
    return None


def element_of(iterable: Value) -> Value:
    """The loop variable's value when every element agrees, else UNKNOWN."""
    if isinstance(iterable, Seq) and iterable.items:
        value = iterable.items[0]
        for other in iterable.items[1:]:
            value = join(value, other)
        return value
    if isinstance(iterable, TensorVal):
        return prediction_row(iterable) or UNKNOWN  # `for row in model.predict(x)`
    return UNKNOWN


def prediction_row(array: TensorVal) -> Optional[TensorVal]:
    """One sample's row of class scores from a batch of predictions of known rank 2."""
    if array.prediction and array.head.rank == 2:
        return TensorVal(replace(array.head, rank=1), prediction=True, classifier=array.classifier)
    return None


def unpack_items(value: Value, count: int) -> Optional[tuple[Value, ...]]:
    """The items assigned by ``a, b = value`` when the length matches."""
    if isinstance(value, Seq) and len(value.items) == count:
        return value.items
    return None


def subscript(owner: Value, index: Optional[Value], node: cst.Subscript) -> Value:
    """``owner[index]``; ``index`` is None for slices and multi-dimensional indexing."""
    if isinstance(owner, TensorVal):
        if index is not None and type(_number(index)) is int:
            return prediction_row(owner) or TensorVal()  # `model.predict(x)[0]`
        return TensorVal()
    if index is None:
        return UNKNOWN
    if isinstance(owner, Seq):
        position = _number(index)
        if isinstance(position, int) and -len(owner.items) <= position < len(owner.items):
            return owner.items[position]
        return UNKNOWN
    if isinstance(owner, Mapping) and isinstance(index, Const):
        return owner.get(index)
    return UNKNOWN


def iterate(value: Value) -> Optional[tuple[Value, ...]]:
    """The elements of a value that can be iterated statically."""
    if isinstance(value, Seq):
        return value.items
    if isinstance(value, Mapping):
        return tuple(k for k, _ in value.items)
    if isinstance(value, Const) and isinstance(value.value, str) and len(value.value) <= MAX_ITEMS:
        return tuple(Const(c) for c in value.value)
    return None


def comprehension(
    ex: Extractor,
    node: Union[cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp],
    frame: Frame,
) -> Value:
    """Evaluate a comprehension over statically known iterables (bounded), else UNKNOWN.

    When the iterable is unknown the element is still evaluated once with unknown loop
    variables, so facts inside it (a layer built in a list comprehension) are recorded.
    """
    from keraslint.facts.extract import Frame as FrameType

    child = FrameType(parent=frame)
    results: list[tuple[Value, Value]] = []
    exact = True

    def element() -> tuple[Value, Value]:
        if isinstance(node, cst.DictComp):
            return ex.eval(node.key, child), ex.eval(node.value, child)
        return ex.eval(node.elt, child), UNKNOWN

    def run(comp: Optional[cst.CompFor], outer: Frame) -> None:
        nonlocal exact
        if comp is None:
            results.append(element())
            return
        iterable = ex.eval(comp.iter, outer)
        items = iterate(iterable)
        if items is None or len(results) + len(items) > MAX_ITEMS:
            exact = False
            ex.assign(comp.target, element_of(iterable) if items is None else UNKNOWN, child)
            for cond in comp.ifs:
                ex.eval(cond.test, child)
            run_blind(comp.inner_for_in)
            return
        for item in items:
            ex.assign(comp.target, item, child)
            keep: Optional[bool] = True
            for cond in comp.ifs:
                truth = truthiness(ex.eval(cond.test, child))
                if truth is None:
                    exact = False
                if truth is False:
                    keep = False
                    break
            if keep:
                run(comp.inner_for_in, child)
            if len(results) > MAX_ITEMS:
                exact = False
                return

    def run_blind(comp: Optional[cst.CompFor]) -> None:
        while comp is not None:
            ex.eval(comp.iter, child)
            ex.assign(comp.target, UNKNOWN, child)
            for cond in comp.ifs:
                ex.eval(cond.test, child)
            comp = comp.inner_for_in
        element()

    run(node.for_in, frame)
    if not exact or isinstance(node, cst.SetComp):
        return UNKNOWN
    if isinstance(node, cst.DictComp):
        if not all(isinstance(k, Const) for k, _ in results):
            return UNKNOWN
        merged: dict[Value, Value] = {}
        for key, value in results:
            merged[key] = value
        return Mapping(tuple(merged.items()))
    return Seq(tuple(v for v, _ in results))


def call_builtin(ex: Extractor, name: str, args: CallArgs) -> Value:
    """The builtins that matter for sizes and sequences; everything else is UNKNOWN."""
    first = args.positional[0] if args.positional else None
    if name in ("setattr", "vars") and isinstance(first, Ref):
        ex.mark_dynamic(first)  # any attribute may now be set on it
        return UNKNOWN
    if args.star or args.dstar:
        return UNKNOWN
    if name == "len" and first is not None:
        items = iterate(first)
        return Const(len(items)) if items is not None else UNKNOWN
    if name in ("list", "tuple") and first is not None:
        items = iterate(first)
        return Seq(items) if items is not None else UNKNOWN
    if name in ("list", "tuple") and first is None:
        return Seq(())
    if name == "range":
        bounds = [int_of(a) for a in args.positional]
        if not bounds or len(bounds) > 3 or any(b is None for b in bounds):
            return UNKNOWN
        try:
            numbers = range(*(b for b in bounds if b is not None))
        except ValueError:
            return UNKNOWN
        if len(numbers) > MAX_ITEMS:
            return UNKNOWN
        return Seq(tuple(Const(i) for i in numbers))
    if name == "enumerate" and first is not None:
        items = iterate(first)
        start = _number(args.get(1, "start", default=Const(0)) or UNKNOWN)
        if items is None or not isinstance(start, int):
            return UNKNOWN
        return Seq(tuple(Seq((Const(start + i), v)) for i, v in enumerate(items)))
    if name == "zip" and args.positional:
        columns = [iterate(a) for a in args.positional]
        if any(c is None for c in columns):
            return UNKNOWN
        rows = zip(*(c for c in columns if c is not None))
        return Seq(tuple(Seq(tuple(row)) for row in rows))
    if name == "dict" and not args.positional:
        return Mapping(tuple((Const(k), v) for k, v in args.keywords.items()))
    if name in ("int", "float", "str", "abs", "round") and first is not None and len(args.positional) == 1:
        if isinstance(first, Const) and first.value is not None:
            convert: Callable[[Any], Any] = _CONVERSIONS[name]
            try:
                converted = convert(first.value)
            except (TypeError, ValueError, OverflowError):
                return UNKNOWN
            return _small(converted) or UNKNOWN
        return UNKNOWN
    if name in ("max", "min", "sum") and args.positional:
        items = iterate(first) if len(args.positional) == 1 and first is not None else tuple(args.positional)
        values = [n for n in (_number(v) for v in items or ()) if n is not None]
        if not values or len(values) != len(items or ()):
            return UNKNOWN
        total = max(values) if name == "max" else min(values) if name == "min" else sum(values)
        return _small(total) or UNKNOWN
    if name == "sorted" and first is not None:
        items = iterate(first)
        if items is None or not all(isinstance(v, Const) for v in items):
            return UNKNOWN
        try:
            return Seq(tuple(sorted(items, key=lambda v: v.value)))  # type: ignore[attr-defined]
        except TypeError:
            return UNKNOWN
    return UNKNOWN
