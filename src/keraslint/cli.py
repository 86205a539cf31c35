"""The ``keraslint`` command line: ``check``, ``rule``, ``rules``.

Heavy modules (libcst, rich) are imported inside the commands that need them, so
``keraslint --version`` starts quickly.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Optional

import click

from keraslint import __version__

_FORMATS = ("full", "concise", "json")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="keraslint", message="%(prog)s %(version)s")
def main() -> None:
    """Find Keras head, loss and label mistakes before anyone trains."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--select",
    multiple=True,
    metavar="RULES",
    help="Enable only these rules: codes, code prefixes (KL1) or names; comma-separated.",
)
@click.option(
    "--ignore", multiple=True, metavar="RULES", help="Disable these rules (same forms as --select)."
)
@click.option(
    "--output-format",
    type=click.Choice(_FORMATS),
    default=None,
    help="How to print reports (default: full on a terminal, else concise).",
)
@click.option("--no-cache", is_flag=True, help="Do not read or write the result cache.")
@click.option("--debug", is_flag=True, help="Print the traceback of internal errors.")
def check(
    paths: Sequence[str],
    select: Sequence[str],
    ignore: Sequence[str],
    output_format: Optional[str],
    no_cache: bool,
    debug: bool,
) -> None:
    """Check Python files (folders are searched; default: the current folder)."""
    from keraslint.config import Settings, split_selectors
    from keraslint.diagnostics import ExitCode
    from keraslint.engine import check_paths
    from keraslint.files import PathNotFound, discover
    from keraslint.output import renderer
    from keraslint.output.text import summary
    from keraslint.rules.registry import UnknownSelector

    settings = Settings(
        select=split_selectors(select) or None,
        ignore=split_selectors(ignore),
        debug=debug,
    )
    try:
        settings.rules()
    except UnknownSelector as error:
        raise click.UsageError(str(error)) from None
    try:
        files = discover(list(paths) or ["."])
    except PathNotFound as error:
        click.echo(f"keraslint: error: no such file or folder: {error}", err=True)
        sys.exit(ExitCode.ERROR)

    result = check_paths(files, settings)
    fmt = output_format or ("full" if sys.stdout.isatty() else "concise")
    renderer(fmt)(result, sys.stdout)
    sys.stdout.flush()
    if fmt == "concise" and sys.stderr.isatty():
        click.echo(summary(result), err=True)
    if debug:
        for file_result in result.files:
            for trace in file_result.tracebacks:
                click.echo(f"--- {file_result.path}\n{trace}", err=True)
    if result.internal_errors:
        sys.exit(ExitCode.ERROR)
    sys.exit(ExitCode.REPORTS if result.diagnostics else ExitCode.SUCCESS)


@main.command("rule")
@click.argument("selector")
def rule_command(selector: str) -> None:
    """Show the documentation of one rule, by code or name."""
    from keraslint.rules.registry import get_rule

    found = get_rule(selector)
    if found is None:
        click.echo(f"keraslint: error: unknown rule `{selector}` (see `keraslint rules`)", err=True)
        sys.exit(2)
    click.echo(f"# {found.name} ({found.code})\n")
    click.echo(f"Severity: {found.severity}. {found.summary[:1].upper()}{found.summary[1:]}.\n")
    if not found.default_enabled:
        click.echo(f"Off by default: enable it with `--select {found.code}`.\n")
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
