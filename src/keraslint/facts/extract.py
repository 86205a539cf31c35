"""The extractor: one walk over a module's statements, in order, recording facts.

The walker keeps a small environment (a :class:`Frame` of names per scope, plus a heap of model and
object states) and evaluates only the expressions it meets. Control flow is handled the way a
type checker does: both arms of an ``if`` are walked from the same state and joined afterwards,
loops are iterated to a fixpoint without recording facts and then walked once more for real,
and a user function is walked again at each call site with its parameters bound, so helpers
that build heads from their arguments are understood (depth- and budget-limited).
Everything Keras-specific lives in :mod:`keraslint.facts.keras_calls`.
"""

from __future__ import annotations

import builtins
import dataclasses
import operator
from collections.abc import Iterator, Sequence
from typing import Callable, Optional, Union

import libcst as cst

from keraslint.facts import data_calls, keras_calls, python_ops
from keraslint.facts.args import CallArgs
from keraslint.facts.model import (
    ActivationUse,
    ArgmaxUse,
    FileFacts,
    FitUse,
    LossUse,
    MetricUse,
    PredictClassesUse,
)
from keraslint.facts.values import (
    UNKNOWN,
    ClassVal,
    Const,
    DataVal,
    ExtRef,
    FunctionVal,
    LabelVal,
    LayerVal,
    LossVal,
    Mapping,
    MethodVal,
    MetricVal,
    ObjId,
    ObjState,
    Ref,
    Seq,
    SuperVal,
    TensorVal,
    Value,
    const_value,
    join,
    join_states,
)
from keraslint.names import canonical

MAX_CALL_DEPTH = 5  # nested inlined calls
MAX_STEPS = 50_000  # statements walked per file, inlined calls included
MAX_LOOP_ITERATIONS = 3  # dry walks of a loop body while looking for a fixpoint
MAX_DRY_NESTING = 2  # loops nested deeper inside dry walks are walked once, their writes forgotten
MAX_SEQ_ITEMS = 512  # longest literal list / comprehension kept
MAX_INT_BITS = 64

_BUILTIN_NAMES = frozenset(dir(builtins))
_KEYWORD_CONSTANTS: dict[str, Optional[bool]] = {"True": True, "False": False, "None": None}

Names = dict[str, Value]
Heap = dict[ObjId, ObjState]
State = tuple[Names, Heap]
_Tracking = tuple[Optional[set[str]], Optional[set[ObjId]]]


class Frame:
    """One scope's bindings. Function frames chain to the frame they close over."""

    __slots__ = (
        "generator",
        "names",
        "outer_names",
        "parent",
        "returns",
        "star_imports",
        "written",
        "yields",
    )

    def __init__(self, parent: Optional[Frame] = None) -> None:
        self.names: Names = {}
        self.parent = parent
        self.returns: list[Value] = []
        self.star_imports: list[str] = []
        self.outer_names: set[str] = set()  # declared `global` / `nonlocal`
        self.generator = False
        self.yields: list[Value] = []  # what a generator function yields
        self.written: Optional[set[str]] = None  # names bound since the last branch point

    def lookup(self, name: str) -> Optional[Value]:
        """The binding of ``name`` in this frame or an enclosing one."""
        frame: Optional[Frame] = self
        while frame is not None:
            value = frame.names.get(name)
            if value is not None:
                return value
            if frame.star_imports and frame.parent is None:
                return keras_calls.star_lookup(frame.star_imports, name)
            frame = frame.parent
        return None


def _keeps_samples(
    node: cst.Subscript, parts: list[tuple[Optional[Value], Optional[tuple[Optional[Value], ...]]]]
) -> bool:
    """Whether ``array[...]`` keeps at least two samples of an array that has many: a leading
    ``...``, or a first slice from the start with no step that stops at 2 or later (or never)."""
    first = node.slice[0].slice
    if isinstance(first, cst.Index) and isinstance(first.value, cst.Ellipsis):
        return True
    bounds = parts[0][1]
    if bounds is None:
        return False
    lower, upper, step = bounds
    starts = lower is None or (isinstance(lower, Const) and type(lower.value) is int and lower.value == 0)
    stops_late = upper is None or (isinstance(upper, Const) and type(upper.value) is int and upper.value >= 2)
    return starts and stops_late and step is None


def _batches(yields: list[Value]) -> Value:
    """A generator function passed to ``fit()``: the ``(x, y)`` batches every ``yield`` agrees on."""
    if not yields:
        return UNKNOWN
    value = yields[0]
    for other in yields[1:]:
        value = join(value, other)
    if isinstance(value, Seq) and len(value.items) in (2, 3):  # (x, y) or (x, y, sample_weight)
        return DataVal(value.items[0], value.items[1])
    return UNKNOWN


def _module_binding(frame: Frame, name: str) -> bool:
    """Whether ``name`` resolves to a binding of the module frame."""
    scope: Optional[Frame] = frame
    while scope is not None:
        if name in scope.names:
            return scope.parent is None
        scope = scope.parent
    return False


class _LoopContext:
    """States that leave a loop body early (break) or go round again (continue)."""

    __slots__ = ("breaks", "continues")

    def __init__(self) -> None:
        self.breaks: list[State] = []
        self.continues: list[State] = []


class Extractor:
    """Walks one module and collects :class:`~keraslint.facts.model.FileFacts`."""

    def __init__(self, modules: Sequence[cst.Module], text: Optional[str] = None) -> None:
        self.modules = modules
        # Without the name of a modelling library in the text, nothing can be bound to one,
        # so no user function is ever worth walking.
        self.may_model = text is None or any(root in text for root in keras_calls.MODELLING_ROOTS)
        self.heap: Heap = {}
        self.recording = True
        self.dry_loops = 0  # enclosing loops being walked dry (to find their fixpoint)
        self.context: tuple[int, ...] = ()  # ids of the inlined call sites we are inside
        self.call_stack: list[cst.CSTNode] = []
        self.steps = 0
        self.entered: set[int] = set()
        self.functions: list[FunctionVal] = []
        self._function_ids: set[int] = set()
        self.classes: list[ClassVal] = []
        self.instantiated: set[int] = set()
        self.loops: list[_LoopContext] = []
        self.heap_written: Optional[set[ObjId]] = None
        self.nested: set[ObjId] = set()  # models used as a layer of another model
        self.trained: set[ObjId] = set()  # models trained here (fit, train_on_batch ...)
        self.notes: list[str] = []
        self._mentions: dict[int, frozenset[str]] = {}
        self._declared: dict[int, frozenset[str]] = {}
        self._relevant: dict[int, bool] = {}
        self._activations: dict[ActivationUse, None] = {}
        self._loss_uses: dict[LossUse, None] = {}
        self._fits: dict[FitUse, None] = {}
        self._argmaxes: dict[ArgmaxUse, None] = {}
        self._predict_classes: dict[PredictClassesUse, None] = {}
        self._metrics: dict[MetricUse, None] = {}

    # ------------------------------------------------------------------ entry point

    def run(self) -> FileFacts:
        """Walk the module, then every function and class no call site reached."""
        frame = Frame()
        for module in self.modules:
            # Notebook cells run one after another even when one of them raises.
            self.walk_block(module.body, frame)
        self._standalone()
        # A model compiled here but only ever used inside another model (a GAN generator) is
        # never trained with its own loss: its compile() settings are dead configuration.
        dead = self.nested - self.trained
        return FileFacts(
            activations=tuple(self._activations),
            loss_uses=tuple(u for u in self._loss_uses if u.model not in dead),
            fits=tuple(self._fits),
            argmaxes=tuple(self._argmaxes),
            predict_classes=tuple(self._predict_classes),
            metrics=tuple(m for m in self._metrics if m.model not in dead),
            notes=tuple(self.notes),
        )

    def _standalone(self) -> None:
        # Library-style files define builders that are never called here; walk them with
        # unknown parameters so facts that hold for any argument are still found.
        index = 0
        while index < len(self.functions):
            fn = self.functions[index]
            index += 1
            if id(fn.node) not in self.entered:
                self.inline(fn, CallArgs(), fn.node, standalone=True)
        index = 0
        while index < len(self.classes):
            cls = self.classes[index]
            index += 1
            methods = [v for v in cls.namespace.values() if isinstance(v, FunctionVal)]
            if id(cls.node) in self.instantiated and all(id(m.node) in self.entered for m in methods):
                continue
            # A class nobody instantiates here, or methods nobody calls: walk them on an
            # instance built with unknown arguments.
            ref = self.instantiate(cls, CallArgs(), cls.node, standalone=True)
            if not isinstance(ref, Ref):
                continue
            keras_calls.model_outputs(self, ref)
            for method in methods:
                if id(method.node) not in self.entered:
                    bound = FunctionVal(method.node, method.closure, ref, cls, method.defaults)
                    self.inline(bound, CallArgs(), method.node, standalone=True)

    # ------------------------------------------------------------------ facts

    def record_activation(self, fact: ActivationUse) -> None:
        """Record an activation applied to a tensor (only outside dry loop walks)."""
        if self.recording:
            self._activations.setdefault(fact, None)

    def record_loss_use(self, fact: LossUse) -> None:
        """Record a loss applied to a head (only outside dry loop walks)."""
        if self.recording:
            self._loss_uses.setdefault(fact, None)

    def record_fit(self, fact: FitUse) -> None:
        """Record labels fed to a compiled output."""
        if self.recording:
            self._fits.setdefault(fact, None)

    def record_argmax(self, fact: ArgmaxUse) -> None:
        """Record an argmax over predictions."""
        if self.recording:
            self._argmaxes.setdefault(fact, None)

    def record_predict_classes(self, fact: PredictClassesUse) -> None:
        """Record a call of the removed ``predict_classes``."""
        if self.recording:
            self._predict_classes.setdefault(fact, None)

    def record_metric(self, fact: MetricUse) -> None:
        """Record a metric applied to a head."""
        if self.recording:
            self._metrics.setdefault(fact, None)

    def new_oid(self, node: cst.CSTNode) -> ObjId:
        """A heap id that is the same each time this node is evaluated in this context."""
        return (id(node), *self.context)

    # ------------------------------------------------------------------ state
    #
    # A branch point snapshots the current frame's names and the heap, walks each arm from
    # the snapshot and joins the arms' end states. Only the names and heap objects written
    # since the branch point can differ, so writes are tracked and only those are joined.

    def snapshot(self, frame: Frame) -> State:
        return dict(frame.names), dict(self.heap)

    def restore(self, frame: Frame, state: State) -> None:
        frame.names = dict(state[0])
        self.heap = dict(state[1])

    def store(self, oid: ObjId, state: ObjState) -> None:
        """Replace a heap object's state (the only way the heap changes)."""
        self.heap[oid] = state
        if self.heap_written is not None:
            self.heap_written.add(oid)

    def begin_tracking(self, frame: Frame) -> _Tracking:
        """Start recording which names of ``frame`` and which heap objects are written."""
        saved = (frame.written, self.heap_written)
        frame.written, self.heap_written = set(), set()
        return saved

    def end_tracking(self, frame: Frame, saved: _Tracking) -> tuple[set[str], set[ObjId]]:
        """Stop recording; the keys written are also reported to the enclosing branch point."""
        names, heap = frame.written or set(), self.heap_written or set()
        frame.written, self.heap_written = saved
        if saved[0] is not None:
            saved[0].update(names)
        if saved[1] is not None:
            saved[1].update(heap)
        return names, heap

    def written_keys(self, frame: Frame) -> tuple[set[str], set[ObjId]]:
        """The keys written since the innermost branch point (so far)."""
        return set(frame.written or ()), set(self.heap_written or ())

    @staticmethod
    def join_all(states: Sequence[State], keys: tuple[set[str], set[ObjId]]) -> State:
        """The state every path agrees on (only ``keys`` can differ between the states)."""
        names, heap = dict(states[0][0]), dict(states[0][1])
        name_keys, heap_keys = keys
        for other_names, other_heap in states[1:]:
            for key in name_keys:
                mine, other = names.get(key), other_names.get(key)
                if mine is other:
                    continue
                if isinstance(mine, Ref) and isinstance(other, Ref) and mine.oid != other.oid:
                    names[key] = _merge_objects(mine, other, heap, other_heap)
                else:
                    names[key] = UNKNOWN if mine is None or other is None else join(mine, other)
            for oid in heap_keys:
                mine_obj, other_obj = heap.get(oid), other_heap.get(oid)
                if mine_obj is not other_obj:
                    if mine_obj is None or other_obj is None:
                        heap[oid] = mine_obj or other_obj  # type: ignore[assignment]
                    else:
                        heap[oid] = join_states(mine_obj, other_obj)
        return names, heap

    @staticmethod
    def same(a: State, b: State, keys: tuple[set[str], set[ObjId]]) -> bool:
        """Whether two states agree on ``keys``."""
        return all(a[0].get(k) == b[0].get(k) for k in keys[0]) and all(
            a[1].get(k) == b[1].get(k) for k in keys[1]
        )

    # ------------------------------------------------------------------ statements

    def walk_block(self, body: Union[Sequence[cst.BaseStatement], cst.BaseSuite], frame: Frame) -> bool:
        """Walk statements in order; False when control certainly leaves the block."""
        suite = isinstance(body, (cst.IndentedBlock, cst.SimpleStatementSuite))
        stmts: Sequence[cst.CSTNode] = body.body if suite else body  # type: ignore[union-attr,assignment]
        for stmt in stmts:
            self.steps += 1
            if isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    if not self.walk_small(small, frame):
                        return False
            elif isinstance(stmt, cst.BaseSmallStatement):
                if not self.walk_small(stmt, frame):
                    return False
            elif not self.walk_compound(stmt, frame):
                return False
        return True

    def walk_small(self, stmt: cst.CSTNode, frame: Frame) -> bool:
        if isinstance(stmt, cst.Expr):
            if isinstance(stmt.value, (cst.SimpleString, cst.ConcatenatedString)):
                return True  # a docstring or a bare string: nothing to learn
            self.eval(stmt.value, frame)
            if isinstance(stmt.value, cst.Call) and self.eval(stmt.value.func, frame) in _EXITS:
                return False
        elif isinstance(stmt, cst.Assign):
            value = self.eval(stmt.value, frame)
            for target in stmt.targets:
                self.assign(target.target, value, frame)
        elif isinstance(stmt, cst.AnnAssign):
            if stmt.value is not None:
                self.assign(stmt.target, self.eval(stmt.value, frame), frame)
        elif isinstance(stmt, cst.AugAssign):
            current = self.eval(stmt.target, frame)
            value = self.eval(stmt.value, frame)
            op = type(stmt.operator).__name__.replace("Assign", "")
            self.assign(stmt.target, python_ops.binary_op(op, current, value), frame)
        elif isinstance(stmt, (cst.Import, cst.ImportFrom)):
            self.walk_import(stmt, frame)
        elif isinstance(stmt, cst.Return):
            frame.returns.append(Const(None) if stmt.value is None else self.eval(stmt.value, frame))
            return False
        elif isinstance(stmt, cst.Raise):
            if stmt.exc is not None:
                self.eval(stmt.exc, frame)
            return False
        elif isinstance(stmt, (cst.Break, cst.Continue)):
            if self.loops:
                loop = self.loops[-1]
                (loop.breaks if isinstance(stmt, cst.Break) else loop.continues).append(self.snapshot(frame))
            return False
        elif isinstance(stmt, cst.Assert):
            self.eval(stmt.test, frame)
        elif isinstance(stmt, cst.Del):
            self.unbind_targets(stmt.target, frame)
        elif isinstance(stmt, (cst.Global, cst.Nonlocal)):
            for item in stmt.names:
                frame.outer_names.add(item.name.value)
        return True

    def walk_compound(self, stmt: cst.CSTNode, frame: Frame) -> bool:
        if isinstance(stmt, cst.If):
            return self.walk_if(stmt, frame)
        if isinstance(stmt, cst.FunctionDef):
            self.define_function(stmt, frame)
            return True
        if isinstance(stmt, cst.ClassDef):
            self.define_class(stmt, frame)
            return True
        if isinstance(stmt, (cst.For, cst.While)):
            return self.walk_loop(stmt, frame)
        if isinstance(stmt, (cst.Try, cst.TryStar)):
            return self.walk_try(stmt, frame)
        if isinstance(stmt, cst.With):
            for item in stmt.items:
                self.eval(item.item, frame)
                if item.asname is not None:
                    self.assign(item.asname.name, UNKNOWN, frame)
            return self.walk_block(stmt.body, frame)
        if isinstance(stmt, cst.Match):
            return self.walk_match(stmt, frame)
        return True

    def walk_branches(self, frame: Frame, branches: Sequence[Callable[[], bool]], fallthrough: bool) -> bool:
        """Walk alternative blocks from the same state and join the ones that fall through."""
        tracking = self.begin_tracking(frame)
        start = self.snapshot(frame)
        live: list[State] = [start] if fallthrough else []
        for branch in branches:
            self.restore(frame, start)
            if branch():
                live.append(self.snapshot(frame))
        keys = self.end_tracking(frame, tracking)
        if not live:
            self.restore(frame, start)
            return False
        self.restore(frame, self.join_all(live, keys) if len(live) > 1 else live[0])
        return True

    def walk_if(self, stmt: cst.If, frame: Frame) -> bool:
        truth = python_ops.truthiness(self.eval(stmt.test, frame))
        orelse = stmt.orelse
        if truth is True:
            return self.walk_block(stmt.body, frame)

        def walk_else() -> bool:
            if orelse is None:
                return True
            if isinstance(orelse, cst.If):
                return self.walk_if(orelse, frame)
            return self.walk_block(orelse.body, frame)

        if truth is False:
            return walk_else()
        return self.walk_branches(
            frame, [lambda: self.walk_block(stmt.body, frame), walk_else], fallthrough=False
        )

    def walk_match(self, stmt: cst.Match, frame: Frame) -> bool:
        self.eval(stmt.subject, frame)

        def case_walker(case: cst.MatchCase) -> Callable[[], bool]:
            def walk() -> bool:
                for name in _pattern_names(case.pattern):
                    self.bind(name, UNKNOWN, frame)
                return self.walk_block(case.body, frame)

            return walk

        return self.walk_branches(frame, [case_walker(c) for c in stmt.cases], fallthrough=True)

    def walk_loop(self, stmt: Union[cst.For, cst.While], frame: Frame) -> bool:
        truth: Optional[bool] = None
        element: Value = UNKNOWN
        if isinstance(stmt, cst.For):
            element = python_ops.element_of(self.eval(stmt.iter, frame))
        else:
            truth = python_ops.truthiness(self.eval(stmt.test, frame))
            if truth is False:
                return True if stmt.orelse is None else self.walk_block(stmt.orelse.body, frame)

        tracking = self.begin_tracking(frame)

        def body_pass() -> tuple[Optional[State], _LoopContext]:
            ctx = _LoopContext()
            self.loops.append(ctx)
            try:
                if isinstance(stmt, cst.For):
                    self.assign(stmt.target, element, frame)
                else:
                    self.eval(stmt.test, frame)
                falls = self.walk_block(stmt.body, frame)
            finally:
                self.loops.pop()
            ends = [self.snapshot(frame)] if falls else []
            ends.extend(ctx.continues)
            if not ends:
                return None, ctx
            return self.join_all(ends, self.written_keys(frame)), ctx

        if not self.recording and self.dry_loops >= MAX_DRY_NESTING:
            # Deep inside the dry walks of enclosing loops, a fixpoint per level would cost
            # exponential time in the depth: one walk, and every name written is forgotten.
            pre = self.snapshot(frame)
            end, ctx = body_pass()
            if stmt.orelse is not None:
                self.restore(
                    frame, self.join_all([pre] if end is None else [pre, end], self.written_keys(frame))
                )
                self.walk_block(stmt.orelse.body, frame)
                end = self.snapshot(frame)
            keys = self.end_tracking(frame, tracking)
            names, heap = self.join_all([pre, *([] if end is None else [end]), *ctx.breaks], keys)
            self.restore(frame, ({**names, **dict.fromkeys(keys[0], UNKNOWN)}, heap))
            return True

        # Find the state at the top of the loop: iterate without recording facts until the
        # state stops changing; whatever still changes after that is forgotten.
        pre = self.snapshot(frame)
        head = pre
        recording = self.recording
        self.recording = False
        self.dry_loops += 1
        try:
            for _ in range(MAX_LOOP_ITERATIONS if recording else 2):
                self.restore(frame, head)
                end, _ctx = body_pass()
                keys = self.written_keys(frame)
                new_head = head if end is None else self.join_all([head, end], keys)
                if self.same(new_head, head, keys):
                    break
                head = new_head
            else:
                head = _forget_changes(pre, head, self.written_keys(frame)[0])
        finally:
            self.recording = recording
            self.dry_loops -= 1

        self.restore(frame, head)
        if isinstance(stmt, cst.While):
            # `while True:` (or a test still certainly true at the loop head) only exits by
            # break, return or raise; a counter loop's test becomes unknown at the head.
            recording, self.recording = self.recording, False
            truth = python_ops.truthiness(self.eval(stmt.test, frame))
            self.recording = recording
            self.restore(frame, head)
        end, ctx = body_pass()
        normal_exit = [head] if end is None else [head, end]
        exits: list[State] = []
        if stmt.orelse is not None:
            self.restore(frame, self.join_all(normal_exit, self.written_keys(frame)))
            if self.walk_block(stmt.orelse.body, frame):
                exits.append(self.snapshot(frame))
        else:
            exits.extend(normal_exit)
        exits.extend(ctx.breaks)
        keys = self.end_tracking(frame, tracking)
        if isinstance(stmt, cst.While) and truth is True and not ctx.breaks:
            exits = []  # `while True:` without break only leaves by return or raise
        if not exits:
            self.restore(frame, head)
            return False
        self.restore(frame, self.join_all(exits, keys))
        return True

    def walk_try(self, stmt: Union[cst.Try, cst.TryStar], frame: Frame) -> bool:
        tracking = self.begin_tracking(frame)
        pre = self.snapshot(frame)
        body_falls = self.walk_block(stmt.body, frame)
        after_body = self.snapshot(frame)
        # A handler may start anywhere in the body: forget whatever the body wrote.
        body_keys = self.written_keys(frame)
        handler_entry = _forget_changes(pre, self.join_all([pre, after_body], body_keys), body_keys[0])
        live: list[State] = []
        if body_falls:
            if stmt.orelse is not None:
                if self.walk_block(stmt.orelse.body, frame):
                    live.append(self.snapshot(frame))
            else:
                live.append(after_body)
        for handler in stmt.handlers:
            self.restore(frame, handler_entry)
            if handler.type is not None:
                self.eval(handler.type, frame)
            if handler.name is not None:
                self.assign(handler.name.name, UNKNOWN, frame)
            if self.walk_block(handler.body, frame):
                live.append(self.snapshot(frame))
        if stmt.finalbody is not None:
            self.restore(frame, self.join_all(live, self.written_keys(frame)) if live else handler_entry)
            falls = self.walk_block(stmt.finalbody.body, frame)
            self.end_tracking(frame, tracking)
            return falls and bool(live)
        keys = self.end_tracking(frame, tracking)
        if not live:
            self.restore(frame, handler_entry)
            return False
        self.restore(frame, self.join_all(live, keys))
        return True

    # ------------------------------------------------------------------ imports

    def walk_import(self, stmt: Union[cst.Import, cst.ImportFrom], frame: Frame) -> None:
        if isinstance(stmt, cst.Import):
            for alias in stmt.names:
                dotted = _dotted(alias.name)
                if dotted is None:
                    continue
                if alias.asname is not None:
                    name = _asname(alias)
                    if name:
                        self.bind(name, ExtRef(canonical(dotted)), frame)
                else:
                    root = dotted.split(".")[0]
                    self.bind(root, ExtRef(canonical(root)), frame)
            return
        module = _dotted(stmt.module) if stmt.module is not None else None
        relative = len(stmt.relative) > 0
        if isinstance(stmt.names, cst.ImportStar):
            if module is not None and not relative:
                frame.star_imports.append(canonical(module))
            else:
                frame.star_imports.append("")  # unknown module: any name may come from it
            return
        for alias in stmt.names:
            name = _asname(alias) if alias.asname is not None else _dotted(alias.name)
            imported = _dotted(alias.name)
            if not name:
                continue
            if module is None or relative or imported is None:
                self.bind(name, UNKNOWN, frame)
            else:
                self.bind(name, ExtRef(canonical(f"{module}.{imported}")), frame)

    # ------------------------------------------------------------------ definitions

    def define_function(self, node: cst.FunctionDef, frame: Frame, namespace: Optional[Frame] = None) -> None:
        """Bind a ``def``; the function body is walked when it is called (or standalone)."""
        closure = frame if namespace is None else namespace
        defaults = self.eval_defaults(node.params, frame)
        fn = FunctionVal(node, closure, None, None, defaults)
        transparent = all(self.transparent_decorator(d, frame) for d in node.decorators)
        if id(node) not in self._function_ids and namespace is None:
            self._function_ids.add(id(node))
            self.functions.append(fn)
        self.bind(node.name.value, fn if transparent else UNKNOWN, frame)

    def transparent_decorator(self, decorator: cst.Decorator, frame: Frame) -> bool:
        """True for decorators that return the function unchanged (``@tf.function``, ...)."""
        expr = decorator.decorator
        if isinstance(expr, cst.Call):
            for arg in expr.args:
                self.eval(arg.value, frame)
            expr = expr.func
        return keras_calls.is_transparent_decorator(self.eval(expr, frame))

    def define_class(self, node: cst.ClassDef, frame: Frame) -> None:
        bases = tuple(self.eval(arg.value, frame) for arg in node.bases if not arg.keyword)
        class_frame = Frame(parent=frame)
        for stmt in node.body.body if isinstance(node.body, cst.IndentedBlock) else ():
            if isinstance(stmt, cst.FunctionDef):
                # Methods close over the enclosing scope, not the class body.
                self.define_function(stmt, class_frame, namespace=frame)
            elif isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    self.walk_small(small, class_frame)
        cls = ClassVal(node, bases, dict(class_frame.names))
        for d in node.decorators:
            self.eval(d.decorator, frame)
        if id(node) not in {id(c.node) for c in self.classes}:
            self.classes.append(cls)
        self.bind(node.name.value, cls, frame)

    def eval_defaults(self, params: cst.Parameters, frame: Frame) -> tuple[tuple[str, Value], ...]:
        out: list[tuple[str, Value]] = []
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            if param.default is not None:
                out.append((param.name.value, self.eval(param.default, frame)))
        return tuple(out)

    # ------------------------------------------------------------------ binding

    def bind(self, name: str, value: Value, frame: Frame) -> None:
        if name in frame.outer_names:
            # Writes to globals/nonlocals from a nested scope: forget the outer value.
            outer = frame.parent
            while outer is not None:
                if name in outer.names:
                    outer.names[name] = UNKNOWN
                    if outer.written is not None:
                        outer.written.add(name)
                outer = outer.parent
            return
        frame.names[name] = value
        if frame.written is not None:
            frame.written.add(name)

    def assign(self, target: cst.BaseExpression, value: Value, frame: Frame) -> None:
        """Assign to a target expression (names, unpacking, attributes, subscripts)."""
        if isinstance(target, cst.Name):
            self.bind(target.value, value, frame)
        elif isinstance(target, (cst.Tuple, cst.List)):
            self.unpack(target, value, frame)
        elif isinstance(target, cst.Attribute):
            owner = self.eval(target.value, frame)
            if isinstance(owner, Ref) and owner.oid in self.heap:
                self.store(owner.oid, self.heap[owner.oid].with_attr(target.attr.value, value))
            elif (
                isinstance(target.value, cst.Subscript)
                and isinstance(target.value.value, cst.Attribute)
                and target.value.value.attr.value == "layers"
            ):
                # `model.layers[-1].activation = sigmoid`: the model's head is no longer known
                model = self.eval(target.value.value.value, frame)
                if isinstance(model, Ref) and model.oid in self.heap and self.heap[model.oid].is_model:
                    self.store(model.oid, keras_calls.forget_head(self.heap[model.oid]))
        elif isinstance(target, cst.Subscript):
            for element in target.slice:
                if isinstance(element.slice, cst.Index):
                    self.eval(element.slice.value, frame)
            if isinstance(target.value, cst.Name):
                current = frame.lookup(target.value.value)
                if isinstance(current, (Seq, Mapping)):
                    self.forget_container(current, frame)
                elif isinstance(current, LabelVal):
                    self.replace_value(current, data_calls.assign_into_labels(current, value), frame)
                elif isinstance(current, Const):
                    self.bind(target.value.value, UNKNOWN, frame)
            else:
                current = self.eval(target.value, frame)
                if isinstance(current, LabelVal):  # `iris.target[iris.target == 2] = 1`
                    self.replace_attribute(
                        target.value, current, data_calls.assign_into_labels(current, value), frame
                    )
        elif isinstance(target, cst.StarredElement):
            self.assign(target.value, UNKNOWN, frame)

    def unpack(self, target: Union[cst.Tuple, cst.List], value: Value, frame: Frame) -> None:
        elements = [e.value for e in target.elements]
        starred = [i for i, e in enumerate(target.elements) if isinstance(e, cst.StarredElement)]
        items = python_ops.unpack_items(value, len(elements))
        if items is not None and not starred:
            for element, item in zip(elements, items):
                self.assign(element, item, frame)
            return
        if isinstance(value, Seq) and len(starred) == 1:
            star = starred[0]
            after = len(elements) - star - 1
            if len(value.items) >= len(elements) - 1:
                for i in range(star):
                    self.assign(elements[i], value.items[i], frame)
                rest_end = len(value.items) - after
                self.assign(elements[star], Seq(value.items[star:rest_end]), frame)
                for i in range(after):
                    self.assign(elements[star + 1 + i], value.items[rest_end + i], frame)
                return
        for element in elements:
            self.assign(element, UNKNOWN, frame)

    def unbind_targets(self, target: cst.BaseExpression, frame: Frame) -> None:
        if isinstance(target, cst.Name):
            self.bind(target.value, UNKNOWN, frame)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self.unbind_targets(element.value, frame)

    # ------------------------------------------------------------------ expressions

    def eval(self, node: cst.BaseExpression, frame: Frame) -> Value:
        """The abstract value of an expression (evaluating calls inside it, in order)."""
        method = _EVALUATORS.get(type(node))
        if method is None:
            return UNKNOWN
        return method(self, node, frame)

    def _name(self, node: cst.Name, frame: Frame) -> Value:
        if node.value in _KEYWORD_CONSTANTS:  # keywords: never re-bound, never star-imported
            return Const(_KEYWORD_CONSTANTS[node.value], node)
        value = frame.lookup(node.value)
        if isinstance(value, Const) and value.node is not None and _module_binding(frame, node.value):
            # A module constant (`LOSS = "binary_crossentropy"`) may be shared by several models:
            # a report about one of them belongs where that one uses it.
            return Const(value.value, node)
        if value is not None:
            return value
        if node.value in _BUILTIN_NAMES:
            return ExtRef(f"builtins.{node.value}")
        return UNKNOWN

    def _attribute(self, node: cst.Attribute, frame: Frame) -> Value:
        owner = self.eval(node.value, frame)
        return keras_calls.get_attribute(self, owner, node.attr.value)

    def _integer(self, node: cst.Integer, frame: Frame) -> Value:
        try:
            return Const(int(node.value.replace("_", ""), 0), node)
        except ValueError:
            return UNKNOWN

    def _float(self, node: cst.Float, frame: Frame) -> Value:
        try:
            return Const(float(node.evaluated_value), node)
        except ValueError:
            return UNKNOWN

    def _string(self, node: Union[cst.SimpleString, cst.ConcatenatedString], frame: Frame) -> Value:
        if isinstance(node, cst.SimpleString):
            raw = node.value
            quote = raw[:3] if raw[:3] in ('"""', "'''") else raw[:1]
            if quote in ('"', "'", '"""', "'''") and "\\" not in raw:
                return Const(raw[len(quote) : -len(quote)], node)  # the common case, without literal_eval
        try:
            value = node.evaluated_value
        except Exception:  # malformed escapes are a syntax matter, not ours
            return UNKNOWN
        return Const(value, node) if isinstance(value, str) else UNKNOWN

    def _fstring(self, node: cst.FormattedString, frame: Frame) -> Value:
        for part in node.parts:
            if isinstance(part, cst.FormattedStringExpression):
                self.eval(part.expression, frame)
        return UNKNOWN

    def _sequence(self, node: Union[cst.List, cst.Tuple, cst.Set], frame: Frame) -> Value:
        items: list[Value] = []
        exact = True
        for element in node.elements:
            value = self.eval(element.value, frame)
            if isinstance(element, cst.StarredElement):
                if isinstance(value, Seq):
                    items.extend(value.items)
                else:
                    exact = False
            else:
                items.append(value)
        if not exact or isinstance(node, cst.Set) or len(items) > MAX_SEQ_ITEMS:
            return UNKNOWN
        return Seq(tuple(items))

    def _dict(self, node: cst.Dict, frame: Frame) -> Value:
        items: dict[Value, Value] = {}
        exact = True
        for element in node.elements:
            if isinstance(element, cst.DictElement):
                key = self.eval(element.key, frame)
                value = self.eval(element.value, frame)
                if isinstance(key, Const) and exact:
                    items[key] = value
                else:
                    exact = False
            else:
                spread = self.eval(element.value, frame)
                if isinstance(spread, Mapping) and exact:
                    items.update(spread.items)
                else:
                    exact = False
        if not exact or len(items) > MAX_SEQ_ITEMS:
            return UNKNOWN
        return Mapping(tuple(items.items()))

    def _subscript(self, node: cst.Subscript, frame: Frame) -> Value:
        owner = self.eval(node.value, frame)
        # Each subscript element as (index value, None) or (None, (lower, upper, step) values).
        parts: list[tuple[Optional[Value], Optional[tuple[Optional[Value], ...]]]] = []
        for element in node.slice:
            part = element.slice
            if isinstance(part, cst.Index):
                parts.append((self.eval(part.value, frame), None))
            elif isinstance(part, cst.Slice):
                bounds = tuple(
                    None if p is None else self.eval(p, frame) for p in (part.lower, part.upper, part.step)
                )
                parts.append((None, bounds))
        if isinstance(owner, LabelVal):
            return data_calls.subscript_labels(owner, len(parts) == 1, _column(parts))
        if (
            isinstance(owner, TensorVal)
            and owner.many
            and not owner.prediction
            and _keeps_samples(node, parts)
        ):
            return TensorVal(many=True)  # `x[:500]`, `x[..., None]`, `x[:, :, np.newaxis]`
        index = parts[0][0] if len(parts) == 1 else None
        return python_ops.subscript(owner, index, node)

    def _binary(self, node: cst.BinaryOperation, frame: Frame) -> Value:
        left = self.eval(node.left, frame)
        right = self.eval(node.right, frame)
        return python_ops.binary_op(type(node.operator).__name__, left, right)

    def _unary(self, node: cst.UnaryOperation, frame: Frame) -> Value:
        value = self.eval(node.expression, frame)
        return python_ops.unary_op(type(node.operator).__name__, value)

    def _boolean(self, node: cst.BooleanOperation, frame: Frame) -> Value:
        left = self.eval(node.left, frame)
        truth = python_ops.truthiness(left)
        is_and = isinstance(node.operator, cst.And)
        if truth is not None and truth != is_and:
            return left  # short-circuit: the right side is not evaluated
        right = self.eval(node.right, frame)
        if truth is not None:
            return right
        return UNKNOWN

    def _compare(self, node: cst.Comparison, frame: Frame) -> Value:
        left = self.eval(node.left, frame)
        result: Optional[bool] = True
        for target in node.comparisons:
            right = self.eval(target.comparator, frame)
            outcome = python_ops.compare(type(target.operator).__name__, left, right)
            if outcome is False:
                result = False
            elif outcome is None and result is not False:
                result = None
            left = right
        return UNKNOWN if result is None else Const(result)

    def _ifexp(self, node: cst.IfExp, frame: Frame) -> Value:
        truth = python_ops.truthiness(self.eval(node.test, frame))
        if truth is True:
            return self.eval(node.body, frame)
        if truth is False:
            return self.eval(node.orelse, frame)
        return join(self.eval(node.body, frame), self.eval(node.orelse, frame))

    def _lambda(self, node: cst.Lambda, frame: Frame) -> Value:
        return FunctionVal(node, frame, None, None, self.eval_defaults(node.params, frame))

    def _named(self, node: cst.NamedExpr, frame: Frame) -> Value:
        value = self.eval(node.value, frame)
        self.assign(node.target, value, frame)
        return value

    def _comprehension(
        self, node: Union[cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp], frame: Frame
    ) -> Value:
        return python_ops.comprehension(self, node, frame)

    def _passthrough(self, node: cst.CSTNode, frame: Frame) -> Value:
        inner = getattr(node, "value", None) or getattr(node, "expression", None)
        if isinstance(node, cst.Yield):
            frame.generator = True
            if isinstance(node.value, cst.From):
                self.eval(node.value.item, frame)
                frame.yields.append(UNKNOWN)
            else:
                frame.yields.append(UNKNOWN if node.value is None else self.eval(node.value, frame))
            return UNKNOWN
        if isinstance(inner, cst.BaseExpression):
            self.eval(inner, frame)
        return UNKNOWN

    def _call(self, node: cst.Call, frame: Frame) -> Value:
        func = self.eval(node.func, frame)
        args = CallArgs(frame)
        for arg in node.args:
            value = self.eval(arg.value, frame)
            if arg.star == "*":
                if isinstance(value, Seq) and not args.star:
                    args.positional.extend(value.items)
                else:
                    args.star = True
            elif arg.star == "**":
                if isinstance(value, Mapping) and all(
                    isinstance(k, Const) and isinstance(k.value, str) for k, _ in value.items
                ):
                    for k, v in value.items:
                        args.keywords[str(const_value(k))] = v
                else:
                    args.dstar = True
            elif arg.keyword is not None:
                args.keywords[arg.keyword.value] = value
                args.kw_nodes[arg.keyword.value] = arg.value
            elif not args.star:
                args.positional.append(value)
                args.pos_nodes.append(arg.value)
        if (
            isinstance(node.func, cst.Name)
            and node.func.value == "super"
            and func == ExtRef("builtins.super")
        ):
            return self.super_of(frame)
        return self.call(func, args, node, frame)

    # ------------------------------------------------------------------ calls

    def call(self, func: Value, args: CallArgs, node: cst.CSTNode, frame: Optional[Frame] = None) -> Value:
        """Apply a value to arguments: inline user code, model Keras calls, else UNKNOWN."""
        if isinstance(func, ExtRef):
            return keras_calls.call_ext(self, func.path, args, node)
        if isinstance(func, FunctionVal):
            result = self.inline(func, args, node)
            return result
        if isinstance(func, ClassVal):
            return self.instantiate(func, args, node)
        if isinstance(func, LayerVal):
            return keras_calls.apply_layer(self, func, args, node)
        if isinstance(func, Ref):
            return keras_calls.call_object(self, func, args, node)
        if isinstance(func, LossVal):
            return keras_calls.call_loss(self, func, args, node)
        if isinstance(func, MetricVal):
            return data_calls.apply_metric(self, func, args, node)
        if isinstance(func, MethodVal):
            return keras_calls.call_method(self, func, args, node, frame)
        self.escape(args)
        return UNKNOWN

    def escape(self, args: CallArgs, fn: Optional[FunctionVal] = None) -> None:
        """Code we do not walk may change what it is handed (or, for a user function, the
        globals it declares and the containers it mentions): forget those values."""
        for value in args.values():
            if isinstance(value, Ref):
                state = self.heap.get(value.oid)
                if state is not None and state.kind == "sequential":
                    self.store(value.oid, keras_calls.forget_layers(state))
        frame = args.frame
        if isinstance(frame, Frame):
            for name_node in args.name_nodes():
                bound = frame.lookup(name_node.value)
                if isinstance(bound, (Seq, Mapping)):
                    self.forget_container(bound, frame)
        if fn is not None and self.may_model:
            declared = self.declared_outer(fn.node)
            for name in self.mentions(fn.node):
                owner = _frame_of(fn.closure, name)
                if owner is None:
                    continue
                value = owner.names[name]
                if name in declared:
                    self.bind(name, UNKNOWN, owner)
                elif isinstance(value, (Seq, Mapping)):
                    self.forget_container(value, owner)

    def replace_value(self, old: Value, new: Value, frame: Frame) -> None:
        """An array changed in place: every name bound to that very object (here or in an
        enclosing scope, such as the caller's global passed to a helper) now holds ``new``."""
        current: Optional[Frame] = frame
        while current is not None:
            for name, value in list(current.names.items()):
                if value is old:
                    self.bind(name, new, current)
            current = current.parent

    def replace_attribute(self, node: cst.BaseExpression, old: Value, new: Value, frame: Frame) -> None:
        """``owner.name`` held ``old``, changed in place: the attribute (and every name bound to
        that very object) now holds ``new``."""
        if isinstance(node, cst.Attribute):
            owner = self.eval(node.value, frame)
            if isinstance(owner, Ref) and owner.oid in self.heap:
                self.store(owner.oid, self.heap[owner.oid].with_attr(node.attr.value, new))
        self.replace_value(old, new, frame)

    def mark_dynamic(self, ref: Ref) -> None:
        """Attributes of this object may be set in ways we do not follow (``setattr``,
        ``self.__dict__.update(kw)``): its class attributes no longer say what it holds."""
        state = self.heap.get(ref.oid)
        if state is not None:  # what was set before may be overwritten as well
            self.store(ref.oid, dataclasses.replace(state, dynamic=True, attrs=()))

    def forget_labels(self, value: Optional[Value], frame: object) -> None:
        """Labels handed to code that changes them in place (``np.place(y, ...)``,
        ``out=y``): the class ids stay ids, but their count is no longer known."""
        if isinstance(value, LabelVal) and isinstance(frame, Frame):
            self.replace_value(value, data_calls.without_class_count(value), frame)

    def forget_container(self, container: Value, frame: Frame) -> None:
        """A list or dict was mutated: every name bound to that very object becomes UNKNOWN."""
        self.replace_value(container, UNKNOWN, frame)

    def declared_outer(self, node: cst.CSTNode) -> frozenset[str]:
        """Names a function declares ``global`` or ``nonlocal`` (computed with mentions)."""
        self.mentions(node)
        return self._declared.get(id(node), frozenset())

    def super_of(self, frame: Frame) -> Value:
        """``super()`` inside a method: the bound instance and the method's class."""
        self_value = frame.names.get("__self__")
        owner = frame.names.get("__class__")
        return SuperVal(self_value or UNKNOWN, owner if isinstance(owner, ClassVal) else None)

    def inline(self, fn: FunctionVal, args: CallArgs, site: cst.CSTNode, standalone: bool = False) -> Value:
        """Walk a user function's body with its parameters bound; return its result."""
        node = fn.node
        if (
            node in self.call_stack
            or len(self.call_stack) >= MAX_CALL_DEPTH
            or self.steps > MAX_STEPS
            or not self.relevant(fn, args)
        ):
            if self.steps > MAX_STEPS and "budget" not in self.notes:
                self.notes.append("budget")
            self.escape(args, fn)
            return UNKNOWN
        self.entered.add(id(node))
        frame = Frame(parent=fn.closure)
        if fn.owner is not None:
            frame.names["__class__"] = fn.owner
        if fn.bound_self is not None:
            frame.names["__self__"] = fn.bound_self
        self.bind_params(fn, args, frame, standalone)
        self.call_stack.append(node)
        saved_context, saved_loops = self.context, self.loops
        self.context = (*self.context, id(site))
        self.loops = []
        try:
            if isinstance(node, cst.Lambda):
                return self.eval(node.body, frame)
            falls = self.walk_block(node.body, frame)
        finally:
            self.call_stack.pop()
            self.context, self.loops = saved_context, saved_loops
        if node.asynchronous is not None:
            return UNKNOWN
        if frame.generator:
            return _batches(frame.yields)
        results = list(frame.returns)
        if falls:
            results.append(Const(None))
        if not results:
            return UNKNOWN
        value = results[0]
        for other in results[1:]:
            value = join(value, other)
        return value

    def relevant(self, fn: FunctionVal, args: Optional[CallArgs] = None) -> bool:
        """Whether walking ``fn`` can matter: it is handed Keras values, or its body mentions
        (directly or through other user functions) a name bound to Keras, TensorFlow, NumPy,
        pandas or scikit-learn. Plain Python helpers are never walked, which keeps the cost
        of a file close to that of its parse."""
        if args is not None and any(keras_calls.is_modelling_value(self, v) for v in args.values()):
            return True
        if fn.bound_self is not None and keras_calls.is_modelling_value(self, fn.bound_self):
            return True
        if fn.owner is not None and self.class_relevant(fn.owner):
            return True
        if not self.may_model:
            return False
        key = id(fn.node)
        cached = self._relevant.get(key)
        if cached is not None:
            return cached
        self._relevant[key] = False  # breaks cycles between mutually recursive helpers
        mentioned = self.mentions(fn.node)
        result = _MODELLING_IMPORT in mentioned
        for name in () if result else mentioned:
            value = fn.closure.lookup(name)
            if value is None:
                continue
            if isinstance(value, FunctionVal) and value.node is not fn.node:
                result = self.relevant(value)
            elif isinstance(value, ClassVal):
                result = self.class_relevant(value)
            else:
                result = keras_calls.is_modelling_value(self, value)
            if result:
                break
        self._relevant[key] = result
        return result

    def class_relevant(self, cls: ClassVal) -> bool:
        """A class derived from an imported class, or with a method worth walking."""
        if any(keras_calls.is_modelling_path(path) for path in cls.external_bases()):
            return True
        key = id(cls.node)
        cached = self._relevant.get(key)
        if cached is None:
            self._relevant[key] = False
            cached = any(isinstance(m, FunctionVal) and self.relevant(m) for m in cls.namespace.values())
            self._relevant[key] = cached
        return cached

    def mentions(self, node: cst.CSTNode) -> frozenset[str]:
        """Every identifier a function's parameters and body refer to (computed once).

        A function that imports a modelling library itself mentions the marker ``import``.
        The walk reads node fields directly: libcst's ``children`` is several times slower.
        """
        key = id(node)
        found = self._mentions.get(key)
        if found is None:
            names: set[str] = set()
            declared: set[str] = set()
            stack: list[cst.CSTNode] = [node]
            pop, push, extend = stack.pop, stack.append, stack.extend
            while stack:
                current = pop()
                kind = type(current)
                if kind is cst.Name:
                    names.add(current.value)  # type: ignore[attr-defined]
                elif kind is cst.Import or kind is cst.ImportFrom:
                    if _imports_modelling(current):  # type: ignore[arg-type]
                        names.add(_MODELLING_IMPORT)
                elif kind is cst.Global or kind is cst.Nonlocal:
                    declared.update(item.name.value for item in current.names)  # type: ignore[attr-defined]
                else:
                    getter = _children_of(kind)
                    if getter is None:
                        continue
                    for child in getter(current):
                        if type(child) in (list, tuple):
                            extend(child)  # type: ignore[arg-type]
                        elif isinstance(child, cst.CSTNode):
                            push(child)
            found = self._mentions[key] = frozenset(names)
            self._declared[key] = frozenset(declared)
        return found

    def bind_params(self, fn: FunctionVal, args: CallArgs, frame: Frame, standalone: bool) -> None:
        params = fn.node.params
        positional = [*params.posonly_params, *params.params]
        defaults = dict(fn.defaults)
        supplied = list(args.positional)
        if fn.bound_self is not None:
            supplied.insert(0, fn.bound_self)
        used_keywords: set[str] = set()
        for index, param in enumerate(positional):
            name = param.name.value
            if index == 0 and fn.bound_self is not None:
                value: Value = fn.bound_self
            elif standalone:
                value = UNKNOWN
            elif index < len(supplied):
                value = supplied[index]
            elif name in args.keywords:
                value = args.keywords[name]
                used_keywords.add(name)
            elif args.star or args.dstar:
                value = UNKNOWN
            else:
                value = defaults.get(name, UNKNOWN)
            frame.names[name] = value
        for param in params.kwonly_params:
            name = param.name.value
            if standalone or args.dstar:
                value = args.keywords.get(name, UNKNOWN) if not standalone else UNKNOWN
            else:
                value = args.keywords.get(name, defaults.get(name, UNKNOWN))
            used_keywords.add(name)
            frame.names[name] = value
        star = params.star_arg
        if isinstance(star, cst.Param):
            extra = supplied[len(positional) :]
            frame.names[star.name.value] = Seq(tuple(extra)) if not (args.star or standalone) else UNKNOWN
        if params.star_kwarg is not None:
            rest = {k: v for k, v in args.keywords.items() if k not in used_keywords}
            frame.names[params.star_kwarg.name.value] = (
                Mapping(tuple((Const(k), v) for k, v in rest.items()))
                if not (args.dstar or standalone)
                else UNKNOWN
            )

    def instantiate(
        self, cls: ClassVal, args: CallArgs, node: cst.CSTNode, standalone: bool = False
    ) -> Value:
        """Create a user-class instance on the heap and run its ``__init__``."""
        self.instantiated.add(id(cls.node))
        if not self.class_relevant(cls) and not any(
            keras_calls.is_modelling_value(self, v) for v in args.values()
        ):
            return UNKNOWN
        kind = keras_calls.class_kind(cls)
        if kind == "loss-class":
            kind = "instance"
        oid = self.new_oid(node)
        self.store(oid, ObjState(kind=kind, node=node, cls=cls, outputs=keras_calls.initial_outputs(kind)))
        ref = Ref(oid)
        init = cls.lookup("__init__")
        if isinstance(init, FunctionVal):
            bound = FunctionVal(init.node, init.closure, ref, cls.owner_of("__init__"), init.defaults)
            self.inline(bound, args, node, standalone=standalone)
        return ref


def _merge_objects(a: Ref, b: Ref, heap: Heap, other_heap: Heap) -> Value:
    """Two branches bound a name to two different objects of the same kind (a model built in
    each arm): one merged object keeps what they agree on."""
    state_a, state_b = heap.get(a.oid), other_heap.get(b.oid)
    if state_a is None or state_b is None or state_a.kind != state_b.kind or state_a.cls != state_b.cls:
        return UNKNOWN
    oid: ObjId = (-1, *a.oid, -2, *b.oid)
    heap[oid] = join_states(state_a, state_b)
    return Ref(oid)


def _column(
    parts: list[tuple[Optional[Value], Optional[tuple[Optional[Value], ...]]]],
) -> Optional[tuple[Optional[int], Optional[int]]]:
    """For ``a[:, j]`` -> ``(j, None)``; for ``a[:, i:k]`` -> ``(i, k)`` (constants only)."""
    if len(parts) != 2 or parts[0][1] != (None, None, None):
        return None
    index, bounds = parts[1]
    if index is not None:
        position = python_ops.int_of(index)
        return None if position is None else (position, None)
    if bounds is None or bounds[2] is not None:
        return None
    lower = 0 if bounds[0] is None else python_ops.int_of(bounds[0])
    upper = _END if bounds[1] is None else python_ops.int_of(bounds[1])
    if lower is None or upper is None:
        return None
    return lower, upper


def _frame_of(frame: Optional[Frame], name: str) -> Optional[Frame]:
    """The frame in a chain that binds ``name``."""
    while frame is not None:
        if name in frame.names:
            return frame
        frame = frame.parent
    return None


def _forget_changes(pre: State, state: State, names: set[str]) -> State:
    """``state`` with every written name whose value is not the one before made UNKNOWN."""
    out = dict(state[0])
    for key in names:
        if (key in out and pre[0].get(key) != out[key]) or (key in out and key not in pre[0]):
            out[key] = UNKNOWN
    return out, state[1]


_EXITS = (ExtRef("sys.exit"), ExtRef("builtins.exit"), ExtRef("builtins.quit"), ExtRef("os._exit"))
_END = 2**31  # slice stop meaning "to the end"

_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


# Fields that only ever hold whitespace, comments or punctuation: never an identifier.
_LAYOUT_FIELDS = frozenset(
    {
        "lpar",
        "rpar",
        "comma",
        "semicolon",
        "colon",
        "dot",
        "equal",
        "star",
        "leading_lines",
        "lines_after_decorators",
        "header",
        "footer",
        "newline",
        "trailing_whitespace",
        "operator",
        "first_colon",
        "second_colon",
        "lbracket",
        "rbracket",
        "lbrace",
        "rbrace",
        "asynchronous",
        "indent",
        "arrow",
    }
)
_LEAF_TYPES = (cst.SimpleString, cst.Integer, cst.Float, cst.Imaginary, cst.Comment, cst.Ellipsis)


_GETTERS: dict[type, Optional[Callable[[object], tuple[object, ...]]]] = {}


def _children_of(node_type: type) -> Optional[Callable[[object], tuple[object, ...]]]:
    """A C-level getter of a node type's identifier-bearing fields, as a tuple (None: none)."""
    try:
        return _GETTERS[node_type]
    except KeyError:
        names = _fields(node_type)
        if not names:
            getter = None
        elif len(names) == 1:
            single = operator.attrgetter(names[0])
            getter = lambda node: (single(node),)  # noqa: E731
        else:
            getter = operator.attrgetter(*names)
        _GETTERS[node_type] = getter
        return getter


def _fields(node_type: type) -> tuple[str, ...]:
    """The fields of a node type that may lead to an identifier (layout fields skipped)."""
    names = _FIELD_NAMES.get(node_type)
    if names is None:
        if issubclass(node_type, _LEAF_TYPES):
            names = ()
        else:
            names = tuple(
                f.name
                for f in dataclasses.fields(node_type)  # type: ignore[arg-type]
                if not f.name.startswith("whitespace") and f.name not in _LAYOUT_FIELDS
            )
        _FIELD_NAMES[node_type] = names
    return names


_MODELLING_IMPORT = "import "  # not an identifier: marks a function that imports Keras & co


def _imports_modelling(node: Union[cst.Import, cst.ImportFrom]) -> bool:
    if isinstance(node, cst.Import):
        paths = [_dotted(alias.name) for alias in node.names]
    else:
        paths = [_dotted(node.module) if node.module is not None and not node.relative else None]
    return any(p is not None and keras_calls.is_modelling_path(canonical(p)) for p in paths)


def _dotted(node: Union[cst.Attribute, cst.Name, cst.BaseExpression, None]) -> Optional[str]:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = _dotted(node.value)
        return None if head is None else f"{head}.{node.attr.value}"
    return None


def _asname(alias: cst.ImportAlias) -> Optional[str]:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return None


def _pattern_names(pattern: cst.MatchPattern) -> Iterator[str]:
    """Names a match pattern may bind (captures are conservatively all UNKNOWN)."""
    if isinstance(pattern, cst.MatchAs) and pattern.name is not None:
        yield pattern.name.value
        if pattern.pattern is not None:
            yield from _pattern_names(pattern.pattern)
    elif isinstance(pattern, cst.MatchStar) and pattern.name is not None:
        yield pattern.name.value
    elif isinstance(pattern, (cst.MatchSequence, cst.MatchList, cst.MatchTuple)):
        for element in pattern.patterns:
            if isinstance(element, cst.MatchStar):
                if element.name is not None:
                    yield element.name.value
            else:
                yield from _pattern_names(element.value)
    elif isinstance(pattern, cst.MatchOr):
        for alternative in pattern.patterns:
            yield from _pattern_names(alternative.pattern)
    elif isinstance(pattern, cst.MatchMapping):
        for entry in pattern.elements:
            yield from _pattern_names(entry.pattern)
        if pattern.rest is not None:
            yield pattern.rest.value
    elif isinstance(pattern, cst.MatchClass):
        for element in pattern.patterns:
            yield from _pattern_names(element.value)
        for kw in pattern.kwds:
            yield from _pattern_names(kw.pattern)


_EVALUATORS: dict[type, Callable[..., Value]] = {
    cst.Name: Extractor._name,
    cst.Attribute: Extractor._attribute,
    cst.Call: Extractor._call,
    cst.Integer: Extractor._integer,
    cst.Float: Extractor._float,
    cst.SimpleString: Extractor._string,
    cst.ConcatenatedString: Extractor._string,
    cst.FormattedString: Extractor._fstring,
    cst.List: Extractor._sequence,
    cst.Tuple: Extractor._sequence,
    cst.Set: Extractor._sequence,
    cst.Dict: Extractor._dict,
    cst.Subscript: Extractor._subscript,
    cst.BinaryOperation: Extractor._binary,
    cst.UnaryOperation: Extractor._unary,
    cst.BooleanOperation: Extractor._boolean,
    cst.Comparison: Extractor._compare,
    cst.IfExp: Extractor._ifexp,
    cst.Lambda: Extractor._lambda,
    cst.NamedExpr: Extractor._named,
    cst.ListComp: Extractor._comprehension,
    cst.SetComp: Extractor._comprehension,
    cst.GeneratorExp: Extractor._comprehension,
    cst.DictComp: Extractor._comprehension,
    cst.Await: Extractor._passthrough,
    cst.Yield: Extractor._passthrough,
    cst.StarredElement: Extractor._passthrough,
}


def extract(modules: Union[cst.Module, Sequence[cst.Module]], text: Optional[str] = None) -> FileFacts:
    """Run the extractor over a parsed module, or a notebook's cells as one program
    (``text``, the source, enables a fast path)."""
    return Extractor([modules] if isinstance(modules, cst.Module) else modules, text).run()
