"""Settings: from ``[tool.keraslint]`` in ``pyproject.toml`` (or ``keraslint.toml`` /
``.keraslint.toml``), overridden by command-line flags.

The closest configuration file above the checked paths wins (``--config PATH`` names one).
Configuration is data only: it is parsed with ``tomllib`` and validated, never executed.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Optional

from keraslint.diagnostics import OUTPUT_FORMATS, Severity
from keraslint.files import EXCLUDED_DIRS
from keraslint.rules.registry import Rule, UnknownSelector, matching, select_rules

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11
    import tomli as tomllib

#: Rules that are always on: a file keraslint failed on must never pass silently.
ALWAYS_ENABLED = ("KL003",)
#: Files that cannot be read or parsed are reported whatever `select` says (as Ruff does with
#: syntax errors), unless these codes are ignored explicitly.
INPUT_ERRORS = ("KL001", "KL002")

#: Configuration files, most specific first, looked for in each folder from the checked paths up.
CONFIG_FILES = (".keraslint.toml", "keraslint.toml", "pyproject.toml")


class ConfigError(ValueError):
    """A configuration file that cannot be used (TOML syntax, wrong types, unknown rules)."""


@dataclass(frozen=True)
class Settings:
    """Everything that decides what a run checks and how it reports."""

    select: Optional[tuple[str, ...]] = None  # None: every rule enabled by default
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: Optional[tuple[str, ...]] = None  # None: the built-in folders (.git, venvs, build/...)
    extend_exclude: tuple[str, ...] = ()
    force_exclude: bool = False  # apply the excludes to files named on the command line too
    respect_gitignore: bool = True
    output_format: Optional[str] = None
    severity: tuple[tuple[str, Severity], ...] = ()  # overrides, by rule code
    baseline: Optional[str] = None
    cache_dir: Optional[str] = None
    debug: bool = False
    config_file: Optional[Path] = None
    root: Path = field(default_factory=Path.cwd)  # folder of the configuration file (or cwd)
    warnings: tuple[str, ...] = ()
    _rules: list[Rule] = field(default_factory=list, compare=False, repr=False)

    def rules(self) -> list[Rule]:
        """The enabled rules (raises UnknownSelector for a selector that names no rule)."""
        if not self._rules:
            select = self.select
            if select is not None or self.extend_select:
                base = select if select is not None else tuple(r.code for r in select_rules(None))
                select = (*base, *self.extend_select)
            chosen = select_rules(select, self.ignore)
            codes = {r.code for r in chosen}
            ignored = {r.code for selector in self.ignore for r in matching(selector)}
            for code in ALWAYS_ENABLED + INPUT_ERRORS:
                if code not in codes and (code in ALWAYS_ENABLED or code not in ignored):
                    chosen.extend(select_rules([code]))
            self._rules.extend(sorted(chosen, key=lambda r: r.code))
        return self._rules

    def markers(self) -> Optional[tuple[bytes, ...]]:
        """Bytes of which a file must contain one to be worth parsing (None: parse all)."""
        found: list[bytes] = []
        for rule in self.rules():
            if rule.code == "KL900":
                return None  # an unused suppression can be anywhere
            if rule.check is None:
                continue
            if not rule.markers:
                return None
            found.extend(m for m in rule.markers if m not in found)
        return tuple(found)

    def ignored_for(self, display: str) -> frozenset[str]:
        """Rule codes switched off for one file by ``per-file-ignores``."""
        path = relative_to_root(display, self.root)
        codes: set[str] = set()
        for pattern, selectors in self.per_file_ignores:
            if _glob_match(path, pattern):
                for selector in selectors:
                    codes.update(r.code for r in matching(selector))
        return frozenset(codes)

    def severity_of(self, code: str, default: Severity) -> Severity:
        """A rule's severity after the ``severity`` overrides."""
        for overridden, severity in self.severity:
            if overridden == code:
                return severity
        return default

    def excluded(self, path: str) -> bool:
        """Whether a path found while searching folders is excluded by configuration."""
        relative = relative_to_root(path, self.root)
        return any(_glob_match(relative, p) for p in (*(self.exclude or ()), *self.extend_exclude))

    def excluded_given(self, path: str) -> bool:
        """With ``force-exclude``: whether a file named on the command line is excluded, by
        its own path or a folder above it (pre-commit names every file it checks)."""
        if not self.force_exclude:
            return False
        relative = relative_to_root(path, self.root)
        if relative.startswith(".."):
            return False
        parts = relative.replace(os.sep, "/").split("/")
        for end in range(len(parts), 0, -1):
            prefix = "/".join(parts[:end])
            if self.excluded(str(self.root / prefix)):
                return True
            if end < len(parts) and self.exclude is None and parts[end - 1] in EXCLUDED_DIRS:
                return True
        return False

    def cache_key_fields(self) -> dict[str, Any]:
        """The settings that change a file's results (the cache is keyed on them)."""
        return {
            "rules": [r.code for r in self.rules()],
            "per-file-ignores": [list(p) for p in self.per_file_ignores],
            "severity": [(code, str(s)) for code, s in self.severity],
            "root": str(self.root),
        }

    def shown(self) -> dict[str, Any]:
        """The resolved settings, for ``--show-settings``."""
        return {
            "config-file": str(self.config_file) if self.config_file else None,
            "root": str(self.root),
            "rules": [r.code for r in self.rules()],
            "select": list(self.select) if self.select is not None else None,
            "extend-select": list(self.extend_select),
            "ignore": list(self.ignore),
            "per-file-ignores": {p: list(c) for p, c in self.per_file_ignores},
            "exclude": None if self.exclude is None else list(self.exclude),
            "force-exclude": self.force_exclude,
            "extend-exclude": list(self.extend_exclude),
            "respect-gitignore": self.respect_gitignore,
            "output-format": self.output_format,
            "severity": {code: str(s) for code, s in self.severity},
            "baseline": self.baseline,
            "cache-dir": self.cache_dir,
        }


def relative_to_root(path: str, root: Path) -> str:
    """A checked path relative to the project root (as written, then with links resolved),
    with forward slashes; the path as given when it is outside the root."""
    absolute = Path(os.path.abspath(path))
    with contextlib.suppress(ValueError):
        return absolute.relative_to(os.path.abspath(root)).as_posix()
    try:
        return absolute.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):  # outside the root; a symlink loop
        return Path(path).as_posix()


def _glob_match(path: str, pattern: str) -> bool:
    """Gitignore-like matching: a pattern without "/" matches any path component or the
    file name; otherwise it matches the path relative to the project root."""
    pattern = pattern.rstrip("/")
    if "/" not in pattern:
        return any(fnmatch.fnmatchcase(part, pattern) for part in path.split("/"))
    while pattern.startswith("./"):
        pattern = pattern[2:]
    pattern = pattern.lstrip("/")
    return fnmatch.fnmatchcase(path, pattern) or fnmatch.fnmatchcase(path, pattern + "/*")


def split_selectors(values: Sequence[str]) -> tuple[str, ...]:
    """Flatten repeated and comma-separated ``--select`` / ``--ignore`` values."""
    out: list[str] = []
    for value in values:
        out.extend(part.strip() for part in value.split(",") if part.strip())
    return tuple(out)


# --------------------------------------------------------------------------- files


def find_config(paths: Iterable[str]) -> Optional[Path]:
    """The configuration file closest above the checked paths (or the working directory)."""
    folders = []
    for given in paths:
        absolute = Path(os.path.abspath(given))
        folders.append(absolute if os.path.isdir(absolute) else absolute.parent)  # never raises
    start = Path(os.path.commonpath([str(f) for f in folders])) if folders else Path.cwd()
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if os.path.isfile(candidate) and (name != "pyproject.toml" or _has_keraslint_table(candidate)):
                return candidate
    return None


def _has_keraslint_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return "[tool.keraslint" in text


_KEYS = {
    "select",
    "extend-select",
    "ignore",
    "per-file-ignores",
    "exclude",
    "extend-exclude",
    "force-exclude",
    "respect-gitignore",
    "output-format",
    "severity",
    "baseline",
    "cache-dir",
}


def load_config(path: Path) -> Settings:
    """Read and validate a configuration file (raises ConfigError)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the configuration file: {error}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}:{_key_line(text, '', 'tool')}: `tool` must be a table")
    if path.name == "pyproject.toml":
        table = tool.get("keraslint", {})
        where = "[tool.keraslint]"
    else:
        table = tool.get("keraslint", data)
        where = "[tool.keraslint]" if table is not data else "the top level"
    if not isinstance(table, dict):
        raise ConfigError(f"{path}:{_key_line(text, 'tool', 'keraslint')}: {where} must be a table")
    return _settings_from(table, path, text, where)


def _settings_from(table: dict[str, Any], path: Path, text: str, where: str) -> Settings:
    in_pyproject = path.name == "pyproject.toml" or where == "[tool.keraslint]"
    warnings = tuple(
        f"{path}:{_line_of(text, key, in_pyproject)}: unknown configuration key `{key}` in {where} (ignored)"
        for key in table
        if key not in _KEYS
    )

    def fail(key: str, what: str) -> ConfigError:
        return ConfigError(f"{path}:{_line_of(text, key, in_pyproject)}: `{key}` {what}")

    def strings(key: str) -> Optional[tuple[str, ...]]:
        if key not in table:
            return None
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, "must be a list of strings")
        return tuple(value)

    def selectors(key: str) -> Optional[tuple[str, ...]]:
        values = strings(key)
        for selector in values or ():
            try:
                matching(selector)
            except UnknownSelector:
                raise fail(key, f"names no rule: `{selector}`") from None
        return values

    per_file: list[tuple[str, tuple[str, ...]]] = []
    if "per-file-ignores" in table:
        mapping = table["per-file-ignores"]
        if not isinstance(mapping, dict):
            raise fail("per-file-ignores", "must be a table of glob = [rules]")
        for pattern, codes in mapping.items():
            if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                raise fail("per-file-ignores", f"entry `{pattern}` must be a list of rule selectors")
            for selector in codes:
                try:
                    matching(selector)
                except UnknownSelector:
                    raise fail("per-file-ignores", f"entry `{pattern}` names no rule: `{selector}`") from None
            per_file.append((pattern, tuple(codes)))

    severity: list[tuple[str, Severity]] = []
    if "severity" in table:
        mapping = table["severity"]
        if not isinstance(mapping, dict):
            raise fail("severity", 'must be a table of rule = "error" | "warning"')
        for selector, level in mapping.items():
            if level not in ("error", "warning"):
                raise fail("severity", f'`{selector}` must be "error" or "warning", not {level!r}')
            try:
                found = matching(selector)
            except UnknownSelector:
                raise fail("severity", f"names no rule: `{selector}`") from None
            severity.extend((r.code, Severity(level)) for r in found)

    def scalar(key: str, kind: type, what: str) -> Any:
        if key in table and not isinstance(table[key], kind):
            raise fail(key, what)
        return table.get(key)

    respect = scalar("respect-gitignore", bool, "must be true or false")
    force_exclude = scalar("force-exclude", bool, "must be true or false")
    output_format = scalar("output-format", str, "must be a string")
    if output_format is not None and output_format not in OUTPUT_FORMATS:
        raise fail("output-format", f"must be one of {', '.join(OUTPUT_FORMATS)}, not {output_format!r}")
    baseline = scalar("baseline", str, "must be a path string")
    cache_dir = scalar("cache-dir", str, "must be a path string")
    root = path.parent

    return Settings(
        select=selectors("select"),
        extend_select=selectors("extend-select") or (),
        ignore=selectors("ignore") or (),
        per_file_ignores=tuple(per_file),
        exclude=strings("exclude"),
        extend_exclude=strings("extend-exclude") or (),
        force_exclude=bool(force_exclude),
        respect_gitignore=True if respect is None else respect,
        output_format=output_format,
        severity=tuple(severity),
        baseline=str(root / baseline) if baseline else None,
        cache_dir=str(root / cache_dir) if cache_dir else None,
        config_file=path,
        root=root,
        warnings=warnings,
    )


def _line_of(text: str, key: str, in_tool_table: bool) -> int:
    """The line where a key of keraslint's table is set, for error messages: inside
    ``[tool.keraslint]`` (and its sub-tables) or, for keraslint.toml, before any table."""
    return _key_line(text, "tool.keraslint" if in_tool_table else "", key)


def _key_line(text: str, table: str, key: str) -> int:
    """The line where ``key`` is set in the TOML table ``table`` ("" for the top level, before
    any table header), or where its own ``[table.key]`` header is; 1 when not found."""
    inside = table == ""
    full = f"{table}.{key}" if table else key
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            header = stripped.strip("[] \t")
            if header == full:
                return number
            inside = header == table
            continue
        if inside and stripped.startswith((f"{key} ", f"{key}=", f'"{key}"', f"{key}.")):
            return number
    return 1


def resolve(
    paths: Sequence[str],
    config: Optional[str] = None,
    overrides: Optional[dict[str, Any]] = None,
) -> Settings:
    """Settings for a run: the configuration file found (or given), then command-line flags.

    ``overrides`` holds the flags that were given: ``select`` replaces, ``extend_select`` and
    ``ignore`` add, the others replace.
    """
    path = Path(config) if config else find_config(paths)
    settings = load_config(path) if path is not None else Settings()
    flags = dict(overrides or {})
    if "ignore" in flags:
        flags["ignore"] = (*settings.ignore, *flags["ignore"])
    if "extend_select" in flags:
        flags["extend_select"] = (*settings.extend_select, *flags["extend_select"])
    return replace(settings, **flags)
