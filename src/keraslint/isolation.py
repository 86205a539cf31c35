"""Keeping hostile inputs from taking the run down.

libcst's native parser crashes the process (a stack overflow in native code, which Python cannot
catch) on some deeply nested inputs, and takes quadratic time on very long operator chains and
deeply nested calls; parsing also needs about 800 bytes of memory per byte of source. So:

* a file (or notebook cell) larger than :data:`MAX_CHARS` is not analysed;
* a file whose *shape* is suspicious (deep or many unclosed brackets, very long lines, long
  ``elif`` chains, long multi-line operator chains) is first checked by CPython's parser, which
  has its own limits and never crashes: what it rejects is a syntax error, never given to
  libcst. The rest is analysed in a child process with a time and memory limit, where a crash
  or a timeout only costs that file;
* everything else, that is every real-world file we have seen, is analysed in-process.

The checks are a few regular-expression scans, about 1% of the cost of a parse.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import re
from typing import Any, Callable, Optional

#: Text larger than this is not parsed: libcst needs ~1.4 GB and ~20 s for 1.8 MB of code.
MAX_CHARS = 1_500_000
#: Wall-clock limit for analysing one suspicious file in a child process.
TIMEOUT_SECONDS = 15.0
#: Address-space limit of that child process.
MEMORY_BYTES = 3 * 1024**3

_NOT_BRACKET = re.compile(r"[^()\[\]{}]+")
_PAIR = re.compile(r"\(\)|\[\]|\{\}")
_ELIF = re.compile(r"^[ \t]*elif\b", re.MULTILINE)
# A line that starts or ends with a binary operator: one link of a multi-line chain.
_OPERATOR_LINE = re.compile(
    r"^[ \t]*(?:[-+*/%@|&^]|and\b|or\b)|(?:[-+*/%@|&^]|\band|\bor)[ \t]*\\?$", re.MULTILINE
)

MAX_DEPTH = 100  # brackets; CPython itself refuses more than 200
MAX_LINE = 5_000  # characters on one line
MAX_ELIFS = 300
MAX_OPERATOR_LINES = 300


def too_large(text: str) -> bool:
    """Whether a text is too large to parse within reasonable memory."""
    return len(text) > MAX_CHARS


def suspicious(text: str) -> Optional[str]:
    """Why a text could crash or stall the parser, or None for ordinary code."""
    brackets = _NOT_BRACKET.sub("", text)
    for _level in range(MAX_DEPTH + 1):  # peel one level of bracket pairs per pass
        peeled = _PAIR.sub("", brackets)
        if peeled == brackets:
            break
        brackets = peeled
    else:
        return f"brackets nested over {MAX_DEPTH} deep"
    unclosed = brackets.count("(") + brackets.count("[") + brackets.count("{")
    if unclosed > MAX_DEPTH:  # what is left is unmatched, and unclosed brackets nest just as deep
        return f"{unclosed} unclosed brackets"
    if len(text) > MAX_LINE:  # else no line can be longer
        longest = max((len(line) for line in text.splitlines()), default=0)
        if longest > MAX_LINE:
            return f"a line of {longest} characters"
    if text.count("elif") > MAX_ELIFS and len(_ELIF.findall(text)) > MAX_ELIFS:
        return "a very long elif chain"
    if text.count("\n") > MAX_OPERATOR_LINES and len(_OPERATOR_LINE.findall(text)) > MAX_OPERATOR_LINES:
        return "a very long operator chain"
    return None


def _limit_memory() -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return
    with contextlib.suppress(ValueError, OSError):  # a lower hard limit may already be set
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def _child(connection: Any, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    _limit_memory()
    faulthandler.disable()  # (enabled by PYTHONFAULTHANDLER or pytest) it has its own stderr
    try:  # a crashing native parser prints its own backtrace: keep it off the user's terminal
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
    except OSError:  # pragma: no cover
        pass
    try:
        connection.send(("ok", function(*args)))
    except MemoryError:
        connection.send(("memory", None))
    except BaseException as error:  # reported to the parent, which contains it
        connection.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        connection.close()


def run_isolated(
    function: Callable[..., Any], *args: Any, timeout: float = TIMEOUT_SECONDS
) -> tuple[str, Any]:
    """Call ``function(*args)`` in a child process.

    Returns ``("ok", result)``, or ``(reason, detail)`` with reason "crashed", "timeout",
    "memory" or "error". The function and its arguments and result must be picklable when
    the platform cannot fork.
    """
    import multiprocessing  # only when a file needs a child process: start-up stays quick

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() and os.name == "posix" else "spawn"
    context: Any = multiprocessing.get_context(method)
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, function, args), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            return "timeout", timeout
        try:
            status, payload = receiver.recv()
        except (EOFError, OSError):  # the child died without answering: a crash
            process.join(5)
            return "crashed", process.exitcode
        return status, payload
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receiver.close()
