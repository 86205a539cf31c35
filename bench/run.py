#!/usr/bin/env python3
"""Benchmark keraslint against the cost of a bare libcst parse of the same files.

Usage: python bench/run.py [--files N] [--keras-share S] [--corpus DIR]

Prints, in one run: keraslint's cold and warm wall time, the single-core time of a bare
`libcst.parse_module` over the same files, their ratios, files per second, peak memory, and the
start-up time of `keraslint --version` and `keraslint check one_file.py`.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def bare_parse_seconds(files: list[Path]) -> float:
    """Single-core time to parse every file that keraslint would parse (in a fresh process)."""
    code = (
        "import sys, time, libcst\n"
        "paths = sys.argv[1:]\n"
        "texts = [open(p, encoding='utf-8').read() for p in paths]\n"
        "start = time.perf_counter()\n"
        "for text in texts:\n"
        "    libcst.parse_module(text)\n"
        "print(time.perf_counter() - start)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code, *map(str, files)], capture_output=True, text=True, check=True
    )
    return float(completed.stdout.strip())


def timed(command: list[str]) -> tuple[float, int]:
    """Wall time of a command; its exit status."""
    start = time.perf_counter()
    completed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, completed.returncode


def best_of(n: int, command: list[str]) -> float:
    return min(timed(command)[0] for _ in range(n))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=400)
    parser.add_argument("--keras-share", type=float, default=0.3)
    parser.add_argument("--corpus", type=Path, help="an existing folder to check instead of a generated one")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best is kept)")
    args = parser.parse_args()
    keraslint = [sys.executable, "-m", "keraslint"]
    with tempfile.TemporaryDirectory() as scratch:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(scratch) / "corpus"
            subprocess.run(
                [
                    sys.executable,
                    str(HERE / "generate.py"),
                    str(corpus),
                    "--files",
                    str(args.files),
                    "--keras-share",
                    str(args.keras_share),
                ],
                check=True,
            )
        files = sorted(p for p in corpus.rglob("*.py"))
        keras_files = [p for p in files if b"keras" in p.read_bytes() or b"tensorflow" in p.read_bytes()]
        cache = Path(scratch) / "cache"
        check = [*keraslint, "check", str(corpus), "--output-format", "json", "--cache-dir", str(cache)]

        parse_all = min(bare_parse_seconds(files) for _ in range(args.repeat))
        parse_keras = min(bare_parse_seconds(keras_files) for _ in range(args.repeat)) if keras_files else 0.0
        colds = []
        for _ in range(args.repeat):
            shutil.rmtree(cache, ignore_errors=True)
            colds.append(timed(check)[0])
        cold = min(colds)
        warm = best_of(args.repeat, check)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        one = best_of(
            args.repeat, [*keraslint, "check", "--no-cache", str(keras_files[0] if keras_files else files[0])]
        )
        version = best_of(args.repeat, [*keraslint, "--version"])

    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"files: {len(files)} ({len(keras_files)} mention Keras)")
    print(f"bare libcst parse, one core: all files {parse_all:.2f} s, Keras files {parse_keras:.2f} s")
    print(
        f"keraslint cold: {cold:.2f} s = {cold / parse_all:.2f}x the bare parse of all files, "
        f"{len(files) / cold:.0f} files/s"
    )
    print(f"keraslint warm: {warm:.2f} s = {warm / parse_all:.3f}x the bare parse")
    print(f"peak memory of one keraslint process: {peak_mb:.0f} MB")
    print(f"keraslint check one_file.py: {one:.2f} s; keraslint --version: {version:.2f} s")


if __name__ == "__main__":
    main()
