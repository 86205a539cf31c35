#!/usr/bin/env python3
"""A mutation fuzzer for keraslint.

Takes the bundled Keras programs (examples/*.py, examples/fixed/*.py, tests/fixtures/**/*.py and
*.ipynb), mutates them (drops, duplicates, swaps and replaces tokens and lines, splices lines
from other files, changes numbers, strings and bytes; for notebooks also cells), and runs
keraslint's engine in-process on each mutant, as the command line does for one file
(:func:`keraslint.engine.check_file`). A failure is:

* an exception escaping the engine (which must contain every failure in a report);
* a KL003 (internal error) report;
* a check that takes more than ``--slow`` seconds (default 5).

Failing inputs are saved to ``--out`` (one file per distinct failure, with a ``.txt`` beside it
saying what happened), so they can be replayed with ``keraslint check --debug FILE``.

    python scripts/fuzz.py --minutes 10 --seed 1
    python scripts/fuzz.py --inputs 200 --seed 7 --out /tmp/fuzz
    python scripts/fuzz.py --minutes 5 --deep     # also brackets nested hundreds deep

The same seed (and corpus) gives the same sequence of mutants.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import dataclasses
import hashlib
import io
import json
import random
import signal
import sys
import tempfile
import time
import tokenize
import traceback
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parent.parent
CORPUS_GLOBS = ("examples/*.py", "examples/fixed/*.py", "tests/fixtures/**/*.py", "tests/fixtures/**/*.ipynb")

#: Replacement material: values that exercise the extractor's edge cases.
NUMBERS = ("0", "1", "-1", "2", "10", "1.5", "10 ** 100", "True", "None", "1e308", "0x10", "NUM_CLASSES")
STRINGS = (
    '"softmax"',
    '"sigmoid"',
    '"linear"',
    '"relu"',
    "None",
    '"binary_crossentropy"',
    '"categorical_crossentropy"',
    '"sparse_categorical_crossentropy"',
    '"int"',
    '"categorical"',
    '"binary"',
    '""',
    "f'{x}'",
    "b'softmax'",
    '"accuracy"',
    "'\\x00'",
)
NAMES = (
    "Dense",
    "Activation",
    "Softmax",
    "Sequential",
    "Model",
    "Input",
    "model",
    "x",
    "y",
    "keras",
    "tf",
    "np",
    "compile",
    "fit",
    "predict",
    "argmax",
    "to_categorical",
    "from_logits",
    "axis",
    "units",
    "activation",
    "loss",
    "self",
    "super",
    "lambda",
    "None",
    "print",
    "__class__",
)
BYTES = (
    b"\x00",
    b"\xff",
    b"\r",
    b"\r\n",
    b"\x0c",
    b"\xef\xbb\xbf",
    b"\t",
    b"\\",
    b"\x1b[31m",
    "\u2028".encode(),
)


@dataclasses.dataclass
class Failure:
    kind: str  # "exception", "KL003", "slow"
    signature: str  # what identifies it (for de-duplication)
    detail: str
    source_name: str
    mutations: list[str]
    data: bytes
    suffix: str


@dataclasses.dataclass
class Summary:
    seed: int
    tried: int = 0
    seconds: float = 0.0
    failures: list[Failure] = dataclasses.field(default_factory=list)
    unique: dict[str, Failure] = dataclasses.field(default_factory=dict)
    reports: dict[str, int] = dataclasses.field(default_factory=dict)
    slowest: float = 0.0

    def line(self) -> str:
        return (
            f"seed {self.seed}: {self.tried} inputs in {self.seconds / 60:.1f} min, "
            f"{len(self.failures)} failures ({len(self.unique)} distinct), slowest check {self.slowest:.2f} s"
        )


def corpus(root: Path = ROOT) -> list[Path]:
    files: set[Path] = set()
    for pattern in CORPUS_GLOBS:
        files.update(root.glob(pattern))
    return sorted(p for p in files if p.is_file())


# ---------------------------------------------------------------------------- text mutations


def _tokens(text: str) -> list[tuple[int, int, int, str]]:
    """(type, start offset, end offset, string) of each token; [] when the text does not tokenize."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    out = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type in (tokenize.ENDMARKER, tokenize.DEDENT, tokenize.INDENT) or not token.string:
                continue
            (srow, scol), (erow, ecol) = token.start, token.end
            if srow - 1 >= len(starts) or erow - 1 >= len(starts):
                continue
            out.append((token.type, starts[srow - 1] + scol, starts[erow - 1] + ecol, token.string))
    except (tokenize.TokenError, IndentationError, SyntaxError, ValueError):
        pass
    return out


def _splice(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


class Mutator:
    def __init__(self, rng: random.Random, donors: Sequence[str], deep: bool = False) -> None:
        self.rng = rng
        self.donors = donors  # texts of the other corpus files, for splicing
        self.deep = deep  # also nest brackets hundreds deep (checks may then take 15 s each)

    # -- token level
    def drop_token(self, text: str) -> Optional[str]:
        tokens = _tokens(text)
        if not tokens:
            return None
        _, start, end, _ = self.rng.choice(tokens)
        return _splice(text, start, end, "")

    def duplicate_token(self, text: str) -> Optional[str]:
        tokens = _tokens(text)
        if not tokens:
            return None
        _, _start, end, string = self.rng.choice(tokens)
        return _splice(text, end, end, " " + string if string.isidentifier() else string)

    def swap_tokens(self, text: str) -> Optional[str]:
        tokens = [t for t in _tokens(text) if t[0] not in (tokenize.NEWLINE, tokenize.NL)]
        if len(tokens) < 2:
            return None
        if self.rng.random() < 0.6:  # neighbours: `a, b` -> `b, a`, `(x` -> `x(`
            index = self.rng.randrange(len(tokens) - 1)
            first, second = tokens[index], tokens[index + 1]
        else:
            first, second = sorted(self.rng.sample(tokens, 2), key=lambda t: t[1])
        if first[2] > second[1]:
            return None
        text = _splice(text, second[1], second[2], first[3])
        return _splice(text, first[1], first[2], second[3])

    def replace_token(self, text: str) -> Optional[str]:
        tokens = _tokens(text)
        if not tokens:
            return None
        kind, start, end, _string = self.rng.choice(tokens)
        if kind == tokenize.NUMBER:
            new = self.rng.choice(NUMBERS)
        elif kind == tokenize.STRING:
            new = self.rng.choice(STRINGS)
        elif kind == tokenize.NAME:
            new = self.rng.choice(NAMES)
        elif kind == tokenize.OP:
            new = self.rng.choice(
                ("(", ")", "[", "]", ",", ":", "=", ".", "*", "**", "+", "-", "@", ";", "->", ":=")
            )
        else:
            donor_tokens = _tokens(self.rng.choice(self.donors)) if self.donors else []
            new = self.rng.choice(donor_tokens)[3] if donor_tokens else ""
        return _splice(text, start, end, new)

    def donor_token(self, text: str) -> Optional[str]:
        """Replace a token with one from another file."""
        tokens = _tokens(text)
        donor = _tokens(self.rng.choice(self.donors)) if self.donors else []
        if not tokens or not donor:
            return None
        _, start, end, _ = self.rng.choice(tokens)
        return _splice(text, start, end, self.rng.choice(donor)[3])

    # -- line level
    def _lines(self, text: str) -> list[str]:
        return text.splitlines(keepends=True) or [""]

    def drop_line(self, text: str) -> Optional[str]:
        lines = self._lines(text)
        del lines[self.rng.randrange(len(lines))]
        return "".join(lines)

    def duplicate_line(self, text: str) -> Optional[str]:
        lines = self._lines(text)
        index = self.rng.randrange(len(lines))
        lines.insert(index, lines[index] if lines[index].endswith("\n") else lines[index] + "\n")
        return "".join(lines)

    def swap_lines(self, text: str) -> Optional[str]:
        lines = self._lines(text)
        if len(lines) < 2:
            return None
        a, b = self.rng.sample(range(len(lines)), 2)
        lines[a], lines[b] = lines[b], lines[a]
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)

    def reindent_line(self, text: str) -> Optional[str]:
        lines = self._lines(text)
        index = self.rng.randrange(len(lines))
        stripped = lines[index].lstrip(" \t")
        lines[index] = self.rng.choice(("", "    ", "        ", "\t", "  ")) + stripped
        return "".join(lines)

    def splice_lines(self, text: str) -> Optional[str]:
        """Insert a run of lines from another file (indented as the place it lands)."""
        if not self.donors:
            return None
        donor = self._lines(self.rng.choice(self.donors))
        start = self.rng.randrange(len(donor))
        chunk = donor[start : start + self.rng.randint(1, 12)]
        lines = self._lines(text)
        index = self.rng.randrange(len(lines) + 1)
        if self.rng.random() < 0.5 and index < len(lines):
            indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
            chunk = [indent + c.lstrip() if c.strip() else c for c in chunk]
        chunk = [c if c.endswith("\n") else c + "\n" for c in chunk]
        return "".join(lines[:index] + chunk + lines[index:])

    def wrap_lines(self, text: str) -> Optional[str]:
        """Put a run of lines inside an if / for / def / class / with / try block."""
        lines = self._lines(text)
        start = self.rng.randrange(len(lines))
        end = min(len(lines), start + self.rng.randint(1, 8))
        header = self.rng.choice(
            (
                "if FLAG:\n",
                "for _i in range(3):\n",
                "def _wrapped():\n",
                "class _Wrapped:\n",
                "with ctx:\n",
                "while cond:\n",
            )
        )
        body = ["    " + line if line.strip() else line for line in lines[start:end]]
        body = [b if b.endswith("\n") else b + "\n" for b in body]
        return "".join([*lines[:start], header, *body, *lines[end:]])

    # -- byte level
    def byte_edit(self, text: str) -> Optional[str]:
        data = text.encode("utf-8", "surrogateescape")
        where = self.rng.randrange(len(data) + 1)
        roll = self.rng.random()
        if roll < 0.5:
            data = data[:where] + self.rng.choice(BYTES) + data[where:]
        elif roll < 0.8:
            data = data[:where]  # truncated
        else:
            data = data[:where] + data[where + self.rng.randint(1, 20) :]
        return data.decode("utf-8", "surrogateescape")

    def deep_nesting(self, text: str) -> Optional[str]:
        """Open (and sometimes close) hundreds of brackets at a token: the parser's stack limits."""
        tokens = _tokens(text)
        if not tokens:
            return None
        _, start, end, string = self.rng.choice(tokens)
        depth = self.rng.choice((90, 101, 150, 199, 201, 500, 1000, 1500, 3000))
        opener = self.rng.choice(("(", "[", "{", "-", "not ", "f(", "([", "lambda: "))
        closer = {"(": ")", "[": "]", "{": "}", "f(": ")", "([": "])"}.get(opener, "")
        closing = closer * depth if self.rng.random() < 0.7 else ""
        return _splice(text, start, end, opener * depth + string + closing)

    def text_mutations(self) -> list[tuple[str, Callable[[str], Optional[str]], int]]:
        return [
            ("drop-token", self.drop_token, 6),
            ("duplicate-token", self.duplicate_token, 4),
            ("swap-tokens", self.swap_tokens, 5),
            ("replace-token", self.replace_token, 8),
            ("donor-token", self.donor_token, 3),
            ("drop-line", self.drop_line, 4),
            ("duplicate-line", self.duplicate_line, 4),
            ("swap-lines", self.swap_lines, 3),
            ("reindent-line", self.reindent_line, 2),
            ("splice-lines", self.splice_lines, 4),
            ("wrap-lines", self.wrap_lines, 3),
            ("byte-edit", self.byte_edit, 1),
            ("deep-nesting", self.deep_nesting, 1 if self.deep else 0),
        ]

    def mutate_text(self, text: str, count: int) -> tuple[str, list[str]]:
        table = self.text_mutations()
        names = [t[0] for t in table]
        weights = [t[2] for t in table]
        done = []
        for _ in range(count):
            index = self.rng.choices(range(len(table)), weights)[0]
            new = table[index][1](text)
            if new is not None:
                text = new
                done.append(names[index])
        return text, done


def mutate_notebook(mutator: Mutator, data: bytes, count: int) -> tuple[bytes, list[str]]:
    """Mutate a notebook's code cells (and sometimes its structure or its bytes)."""
    rng = mutator.rng
    if rng.random() < 0.05:
        text, done = mutator.mutate_text(data.decode("utf-8", "surrogateescape"), 1)
        return text.encode("utf-8", "surrogateescape"), ["raw-" + d for d in done]
    try:
        document = json.loads(data)
        cells = document["cells"]
    except (ValueError, KeyError, TypeError):
        return data, []
    done: list[str] = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.12 and cells:
            index = rng.randrange(len(cells))
            kind = rng.choice(
                ("drop-cell", "duplicate-cell", "swap-cells", "retype-cell", "source-as-string")
            )
            if kind == "drop-cell":
                del cells[index]
            elif kind == "duplicate-cell":
                cells.insert(index, json.loads(json.dumps(cells[index])))
            elif kind == "swap-cells":
                other = rng.randrange(len(cells))
                cells[index], cells[other] = cells[other], cells[index]
            elif kind == "retype-cell":
                cells[index]["cell_type"] = rng.choice(("code", "markdown", "raw"))
            else:
                source = cells[index].get("source", "")
                cells[index]["source"] = (
                    "".join(source) if isinstance(source, list) else source.splitlines(keepends=True)
                )
            done.append(kind)
            continue
        code = [c for c in cells if c.get("cell_type") == "code"]
        if not code:
            continue
        cell = rng.choice(code)
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else source
        if rng.random() < 0.1:  # IPython syntax
            lines = text.splitlines(keepends=True)
            lines.insert(
                rng.randrange(len(lines) + 1),
                rng.choice(
                    (
                        "%matplotlib inline\n",
                        "!pip install keras\n",
                        "%%time\n",
                        "x = !ls\n",
                        "model?\n",
                        "%%bash\n",
                    )
                ),
            )
            text, new = "".join(lines), ["ipython-line"]
        else:
            text, new = mutator.mutate_text(text, 1)
        cell["source"] = text.splitlines(keepends=True) if isinstance(source, list) else text
        done.extend(new)
    return json.dumps(document, indent=1).encode("utf-8", "surrogateescape"), done


# ----------------------------------------------------------------------------------- running


class _Timeout(Exception):
    pass


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Abort a check that runs far too long (SIGALRM; a no-op where it does not exist)."""
    if not hasattr(signal, "SIGALRM") or seconds <= 0:
        yield
        return

    def alarm(_signum: int, _frame: object) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check(
    data: bytes, suffix: str, workdir: Path, settings: object, abort_after: float
) -> tuple[Optional[object], Optional[str], float]:
    """Run the engine on one input: (FileResult or None, traceback or None, seconds)."""
    from keraslint.engine import check_file

    path = workdir / f"mutant{suffix}"
    path.write_bytes(data)
    start = time.perf_counter()
    try:
        # CPython's SyntaxWarnings about the mutant (a known keraslint bug lets them through to
        # stderr) would flood the terminal: they are swallowed here.
        with _deadline(abort_after), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = check_file(path, path.name, settings)  # type: ignore[arg-type]
    except _Timeout:
        return None, f"aborted after {abort_after:.0f} s", time.perf_counter() - start
    except Exception:
        return None, traceback.format_exc(), time.perf_counter() - start
    return result, None, time.perf_counter() - start


def _parses(data: bytes) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            compile(data, "<mutant>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return False
    return True


def _signature(kind: str, detail: str) -> str:
    if kind == "exception":
        lines = [line for line in detail.strip().splitlines() if line.strip()]
        frames = [line.strip() for line in lines if line.strip().startswith("File ")]
        return f"{lines[-1][:120]} @ {frames[-1] if frames else '?'}"
    if kind == "KL003":
        return detail.split(";")[0][:160]
    return kind


def fuzz(
    seed: int,
    max_inputs: Optional[int] = None,
    seconds: Optional[float] = None,
    out: Optional[Path] = None,
    slow: float = 5.0,
    abort_after: float = 120.0,
    files: Optional[Sequence[Path]] = None,
    progress: Optional[Callable[[Summary], None]] = None,
    deep: bool = False,
) -> Summary:
    """Mutate and check inputs until ``max_inputs`` or ``seconds`` is reached."""
    from keraslint.config import Settings

    settings = Settings()
    sources = [(p, p.read_bytes()) for p in (files if files is not None else corpus())]
    if not sources:
        raise SystemExit("fuzz: no corpus files found")
    donors = [data.decode("utf-8", "replace") for p, data in sources if p.suffix == ".py"]
    rng = random.Random(seed)
    mutator = Mutator(rng, donors, deep)
    summary = Summary(seed)
    start = time.monotonic()
    last_progress = start
    with tempfile.TemporaryDirectory(prefix="keraslint-fuzz-") as tmp:
        # The input under check is written to `out` when there is one: if the native parser
        # takes the whole process down (a segfault), the input that did it is still there.
        workdir = Path(tmp)
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            workdir = out
        while True:
            if max_inputs is not None and summary.tried >= max_inputs:
                break
            if seconds is not None and time.monotonic() - start >= seconds:
                break
            path, original = rng.choice(sources)
            count = rng.choice((1, 1, 1, 2, 2, 3, 4, 6))
            # Most mutants are syntax errors, which stop the analysis at the parser: most of the
            # time, keep drawing (a few times) until the mutant is valid Python.
            want_valid = path.suffix == ".py" and rng.random() < 0.75
            for _attempt in range(8 if want_valid else 1):
                if path.suffix == ".ipynb":
                    data, mutations = mutate_notebook(mutator, original, count)
                else:
                    text, mutations = mutator.mutate_text(original.decode("utf-8", "surrogateescape"), count)
                    data = text.encode("utf-8", "surrogateescape")
                if not want_valid or _parses(data):
                    break
            result, trace, elapsed = check(data, path.suffix, workdir, settings, abort_after)
            summary.tried += 1
            summary.slowest = max(summary.slowest, elapsed)
            found: list[tuple[str, str]] = []
            if trace is not None:
                found.append(("slow" if trace.startswith("aborted") else "exception", trace))
            else:
                for d in result.diagnostics:  # type: ignore[union-attr]
                    summary.reports[d.code] = summary.reports.get(d.code, 0) + 1
                    if d.code == "KL003":
                        found.append(("KL003", d.message + "\n\n" + "\n".join(result.tracebacks)))  # type: ignore[union-attr]
                if elapsed > slow:
                    found.append(("slow", f"{elapsed:.1f} s"))
            for kind, detail in found:
                failure = Failure(
                    kind,
                    _signature(kind, detail),
                    detail,
                    str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path),
                    mutations,
                    data,
                    path.suffix,
                )
                summary.failures.append(failure)
                if failure.signature not in summary.unique:
                    summary.unique[failure.signature] = failure
                    if out is not None:
                        save(failure, out)
            now = time.monotonic()
            if progress is not None and now - last_progress > 30:
                summary.seconds = now - start
                progress(summary)
                last_progress = now
        for leftover in workdir.glob("mutant.*"):
            leftover.unlink()
    summary.seconds = time.monotonic() - start
    return summary


def save(failure: Failure, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(failure.data).hexdigest()[:12]
    path = out / f"{failure.kind}-{digest}{failure.suffix}"
    path.write_bytes(failure.data)
    path.with_suffix(path.suffix + ".txt").write_text(
        f"kind: {failure.kind}\nsignature: {failure.signature}\nfrom: {failure.source_name}\n"
        f"mutations: {', '.join(failure.mutations)}\n\n{failure.detail}\n",
        encoding="utf-8",
    )
    return path


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=None, help="how long to run (default: 1 minute)")
    parser.add_argument("--inputs", type=int, default=None, help="stop after this many inputs")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--out", type=Path, default=Path("fuzz-failures"), help="where failing inputs are saved"
    )
    parser.add_argument("--slow", type=float, default=5.0, help="seconds after which a check is a failure")
    parser.add_argument(
        "--deep", action="store_true", help="also nest brackets hundreds deep (slow: 15 s checks)"
    )
    args = parser.parse_args(argv)
    seconds = args.minutes * 60 if args.minutes is not None else (None if args.inputs else 60.0)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))

    def progress(summary: Summary) -> None:
        print(f"  ... {summary.tried} inputs, {len(summary.failures)} failures", file=sys.stderr, flush=True)

    import faulthandler

    faulthandler.enable()  # a native crash prints where it happened
    print(
        f"fuzzing with seed {args.seed}; if the process dies, the input is {args.out}/mutant.*",
        file=sys.stderr,
    )
    summary = fuzz(args.seed, args.inputs, seconds, args.out, args.slow, progress=progress, deep=args.deep)
    print(summary.line())
    print("reports by code: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.reports.items())))
    for signature, failure in summary.unique.items():
        count = sum(1 for f in summary.failures if f.signature == signature)
        print(f"  [{failure.kind}] x{count}: {signature} (e.g. from {failure.source_name})")
    if summary.unique:
        print(f"failing inputs saved to {args.out}/")
    return 1 if summary.failures else 0


if __name__ == "__main__":
    sys.exit(main())
