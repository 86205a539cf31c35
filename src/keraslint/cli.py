"""The ``keraslint`` command line: ``check``, ``rule``, ``rules``.

Heavy modules (libcst, rich) are imported inside the commands that need them, so
``keraslint --version`` starts quickly.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Optional

import click

from keraslint import __version__
from keraslint.diagnostics import OUTPUT_FORMATS, ExitCode

_PROGRESS_THRESHOLD = 50  # files; a progress bar for fewer would only flicker


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))  # type: ignore[attr-defined,unused-ignore]
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _cache(settings: Any) -> Any:
    from keraslint.cache import Cache, default_directory, settings_key

    directory = Path(settings.cache_dir) if settings.cache_dir else default_directory(settings.root)
    return Cache(directory, settings_key(settings.cache_key_fields()))


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(file=sys.stderr)


def _visible(text: str) -> str:
    """Text from files, paths or configuration, with control characters made visible."""
    from keraslint.output.text import clean

    return clean(text)


def _error(message: str) -> None:
    click.echo(f"keraslint: error: {_visible(message)}", err=True)
    sys.exit(ExitCode.ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="keraslint", message="%(prog)s %(version)s")
def main() -> None:
    """Find Keras head, loss and label mistakes before anyone trains."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str, readable=False))
@click.option("--config", "config_file", metavar="PATH", help="Use this configuration file.")
@click.option(
    "--select",
    multiple=True,
    metavar="RULES",
    help="Enable only these rules: codes, code prefixes (KL1) or names; comma-separated.",
)
@click.option("--extend-select", multiple=True, metavar="RULES", help="Enable these rules as well.")
@click.option(
    "--ignore", multiple=True, metavar="RULES", help="Disable these rules (same forms as --select)."
)
@click.option(
    "--output-format",
    type=click.Choice(OUTPUT_FORMATS),
    default=None,
    help="How to print reports (default: full on a terminal, else concise).",
)
@click.option(
    "--respect-gitignore/--no-respect-gitignore",
    default=None,
    help="Skip files git ignores when searching folders (default: on).",
)
@click.option(
    "--force-exclude/--no-force-exclude",
    default=None,
    help="Apply the excludes to files named on the command line too (as pre-commit names them).",
)
@click.option(
    "--baseline", "baseline_file", metavar="FILE", help="Hide the reports recorded in this baseline."
)
@click.option("--write-baseline", metavar="FILE", help="Record today's reports in a baseline file.")
@click.option("--show-settings", is_flag=True, help="Print the resolved settings and exit.")
@click.option("--statistics", is_flag=True, help="Print how many reports each rule made.")
@click.option("--exit-zero", is_flag=True, help="Exit with status 0 even when there are reports.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the result cache.")
@click.option(
    "--cache-dir", metavar="DIR", help="Where to keep the result cache (default: .keraslint_cache)."
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes to check files with (default: the number of CPUs).",
)
@click.option("--debug", is_flag=True, help="Print the traceback of internal errors.")
def check(
    paths: Sequence[str],
    config_file: Optional[str],
    select: Sequence[str],
    extend_select: Sequence[str],
    ignore: Sequence[str],
    output_format: Optional[str],
    respect_gitignore: Optional[bool],
    force_exclude: Optional[bool],
    baseline_file: Optional[str],
    write_baseline: Optional[str],
    show_settings: bool,
    statistics: bool,
    exit_zero: bool,
    no_cache: bool,
    cache_dir: Optional[str],
    jobs: Optional[int],
    debug: bool,
) -> None:
    """Check Python files and notebooks (folders are searched; default: the current folder)."""
    from keraslint import baseline
    from keraslint.config import ConfigError, resolve, split_selectors
    from keraslint.engine import check_paths
    from keraslint.files import PathNotFound, discover
    from keraslint.output import renderer
    from keraslint.output.text import statistics_table, summary
    from keraslint.rules.registry import UnknownSelector

    targets = list(paths) or ["."]
    flags: dict[str, Any] = {"debug": debug}
    if select:
        flags["select"] = split_selectors(select)
    if extend_select:
        flags["extend_select"] = split_selectors(extend_select)
    if ignore:
        flags["ignore"] = split_selectors(ignore)
    if output_format is not None:
        flags["output_format"] = output_format
    if respect_gitignore is not None:
        flags["respect_gitignore"] = respect_gitignore
    if force_exclude is not None:
        flags["force_exclude"] = force_exclude
    if baseline_file is not None:
        flags["baseline"] = baseline_file
    if cache_dir is not None:
        flags["cache_dir"] = cache_dir
    try:
        settings = resolve(targets, config_file, flags)
        settings.rules()
    except ConfigError as error:
        _error(str(error))
    except UnknownSelector as error:
        raise click.UsageError(str(error)) from None
    for warning in settings.warnings:
        click.echo(f"keraslint: warning: {_visible(warning)}", err=True)
    if show_settings:
        click.echo(json.dumps(settings.shown(), indent=2))
        return

    try:
        files = discover(
            targets,
            settings.excluded,
            settings.respect_gitignore,
            settings.exclude is None,
            settings.excluded_given,
        )
    except PathNotFound as error:
        _error(f"no such file or folder: {error}")
    cache = None if no_cache else _cache(settings)
    workers = jobs or _cpu_count()
    if len(files) >= _PROGRESS_THRESHOLD and sys.stderr.isatty():
        from rich.progress import Progress

        with Progress(transient=True, console=_stderr_console()) as bar:
            task = bar.add_task("Checking", total=len(files))
            result = check_paths(files, settings, lambda: bar.advance(task), workers, cache)
    else:
        result = check_paths(files, settings, jobs=workers, cache=cache)

    if write_baseline:
        entries = result.baseline_entries(settings.root)
        try:
            baseline.write(Path(write_baseline), entries)
        except OSError as error:
            _error(f"cannot write the baseline {write_baseline}: {error.strerror or error}")
        click.echo(f"keraslint: recorded {len(entries)} reports in {write_baseline}", err=True)
        sys.exit(ExitCode.ERROR if result.internal_errors else ExitCode.SUCCESS)
    if settings.baseline:
        try:
            result.apply_baseline(baseline.read(Path(settings.baseline)), settings.root)
        except baseline.BaselineError as error:
            _error(str(error))

    fmt = settings.output_format or ("full" if sys.stdout.isatty() else "concise")
    if hasattr(sys.stdout, "reconfigure"):
        if fmt not in ("full", "concise"):
            sys.stdout.reconfigure(encoding="utf-8")  # machine formats are UTF-8 whatever the locale
        else:  # a terminal or a pipe in an encoding that cannot show every character
            sys.stdout.reconfigure(errors="backslashreplace")
    renderer(fmt)(result, sys.stdout)
    sys.stdout.flush()
    if statistics:
        click.echo(statistics_table(result), err=fmt not in ("full", "concise"))
    if fmt != "full" and sys.stderr.isatty():  # `full` prints its own summary
        click.echo(summary(result), err=True)
    if debug:
        for file_result in result.files:
            for trace in file_result.tracebacks:
                click.echo(f"--- {file_result.path}\n{trace}", err=True)
    if result.internal_errors:
        sys.exit(ExitCode.ERROR)
    if exit_zero or not result.diagnostics:
        sys.exit(ExitCode.SUCCESS)
    sys.exit(ExitCode.REPORTS)


@main.command("clean")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str, readable=False))
@click.option("--config", "config_file", metavar="PATH", help="Use this configuration file.")
@click.option("--cache-dir", metavar="DIR", help="The cache to remove (default: the configured one).")
def clean_command(paths: Sequence[str], config_file: Optional[str], cache_dir: Optional[str]) -> None:
    """Remove the result cache."""
    from keraslint.cache import clean, default_directory
    from keraslint.config import ConfigError, resolve

    try:
        settings = resolve(list(paths) or ["."], config_file, {})
    except ConfigError as error:
        _error(str(error))
    directory = Path(cache_dir or settings.cache_dir or default_directory(settings.root))
    if clean(directory):
        click.echo(f"keraslint: removed {_visible(str(directory))}", err=True)
    else:
        click.echo(f"keraslint: no cache at {_visible(str(directory))}", err=True)


@main.command("rule")
@click.argument("selector")
def rule_command(selector: str) -> None:
    """Show the documentation of one rule, by code or name."""
    from keraslint.rules.registry import get_rule

    found = get_rule(selector)
    if found is None:
        _error(f"unknown rule `{selector}` (see `keraslint rules`)")
        return
    click.echo(f"# {found.name} ({found.code})\n")
    enabled = (
        "on by default"
        if found.default_enabled
        else f"off by default (enable it with `--extend-select {found.code}`)"
    )
    click.echo(f"Flags: {found.summary}.\nSeverity: {found.severity}; {enabled}.\n")
    click.echo(found.docs)


@main.command("rules")
@click.option("--output-format", type=click.Choice(("text", "json")), default="text", help="Table or JSON.")
def rules_command(output_format: str) -> None:
    """List every rule."""
    from keraslint.rules.registry import all_rules

    rules = all_rules()
    if output_format == "json":
        data = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.value,
                "summary": r.summary,
                "enabled_by_default": r.default_enabled,
                "docs": r.docs,
            }
            for r in rules
        ]
        click.echo(json.dumps(data, indent=2))
        return
    width = max(len(r.name) for r in rules)
    for r in rules:
        click.echo(f"{r.code}  {r.name:<{width}}  {r.severity.value:<7}  {r.summary}")


if __name__ == "__main__":  # pragma: no cover
    main()
