"""The lean path of a plain ``showmeter compute``: parsed without Typer, Click or Pydantic.

Importing Typer, and the Pydantic that Typer 0.29 imports to coerce every option value (one
``TypeAdapter`` per option), costs a process about 0.2 s of CPU before anything is computed:
more than DuckDB then takes to answer a metric from a store of 200,000 sessions. A command line
that is a plain ``compute`` is therefore parsed here, and runs the very code the Typer command
runs (:func:`showmeter.cli.compute_run.run_compute`), with the same error boundary
(:func:`showmeter.cli.boundary.fail`).

"Plain" is a strict subset of what Typer accepts, and everything else goes to Typer, which then
behaves exactly as it always did (``--help``, ``--version``, a usage error and its message, an
unknown option, a bad value, shell completion):

- root options before ``compute``: only ``--debug`` and ``--memory-limit VALUE``;
- after it, one metric and the options of :data:`VALUED` and :data:`FLAGS` in any order, as
  ``--name VALUE`` or ``--name=VALUE``, a repeated single-value option keeping its last value
  (as Click does) and a list option its values in order;
- no value that begins with ``-`` (Click would take it as the value; Typer gets the choice), no
  empty value of a path or a number, a season of ASCII digits only, a format among
  ``table``/``json``/``csv``, no ``--``, no text that cannot be encoded.

``tests/test_cli_fast.py`` checks that the two parsers give the command the same values for a
set of command lines, that every option of the Typer command is known here, and that the two
paths print the same bytes and exit with the same status.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["FLAGS", "ROOT_FLAGS", "ROOT_VALUED", "VALUED", "parse", "plain_compute"]

VALUED: dict[str, tuple[str, str]] = {
    "--store": ("store", "path"),
    "--catalog": ("catalog", "path"),
    "--events": ("events", "list"),
    "--panel": ("panel", "list"),
    "--reviews": ("reviews", "list"),
    "--signals": ("signals", "list"),
    "--source": ("source", "text"),
    "--assume-tz": ("assume_tz", "text"),
    "--account": ("account", "text"),
    "--profile": ("profile", "text"),
    "--date-format": ("date_format", "text"),
    "--market": ("market", "text"),
    "--include": ("include", "list"),
    "--title": ("title", "text"),
    "--season": ("season", "int"),
    "--set": ("set_", "list"),
    "--engine": ("engine", "text"),
    "--spark-conf": ("spark_conf", "list"),
    "--rejects": ("rejects", "path"),
    "--format": ("format", "format"),
}
"""The options of ``compute`` that take a value: option -> (parameter, kind)."""

FLAGS: dict[str, str] = {"--explain": "explain"}
"""The flags of ``compute``: option -> parameter."""

ROOT_FLAGS: dict[str, str] = {"--debug": "debug"}
"""The root options without a value that may come before ``compute``."""

ROOT_VALUED: dict[str, str] = {"--memory-limit": "memory_limit"}
"""The root options with a value that may come before ``compute``."""


class _NotPlain(Exception):
    """The command line is not a plain ``compute``: Typer parses it."""


def _value(kind: str, text: str) -> object:
    from showmeter.cli.values import ResultFormat

    if kind in {"text", "list"}:
        return text
    if kind == "path":
        if not text:
            raise _NotPlain
        return Path(text)
    if kind == "int":
        if not (text.isascii() and text.isdigit()):
            raise _NotPlain
        try:
            return int(text)
        except ValueError:  # more digits than Python converts: Typer's usage error says so
            raise _NotPlain from None
    if text not in {member.value for member in ResultFormat}:
        raise _NotPlain
    return ResultFormat(text)


def _take(tokens: list[str], at: int, name: str) -> tuple[str, int]:
    """An option's value and the index after it: ``--name=VALUE`` or ``--name VALUE``."""
    token = tokens[at]
    if token != name:  # --name=VALUE
        return token[len(name) + 1 :], at + 1
    if at + 1 >= len(tokens) or tokens[at + 1].startswith("-"):
        raise _NotPlain
    return tokens[at + 1], at + 2


def _option(token: str, names: dict[str, Any]) -> str | None:
    """The option a token names, ``--name`` or ``--name=...``; None when none of ``names``."""
    if token in names:
        return token
    name = token.split("=", 1)[0]
    return name if "=" in token and name in names else None


def parse(argv: Sequence[str]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The root options and ``compute``'s parameters of a plain ``compute`` command line.

    Args:
        argv: The arguments after the program's name.

    Returns:
        ``(root, params)``: ``debug`` and ``memory_limit``, and the keyword arguments of
        :func:`~showmeter.cli.compute_run.run_compute` as the Typer command passes them; None
        when the command line is not a plain ``compute`` (Typer then parses it).
    """
    try:
        return _parse(list(argv))
    except _NotPlain:
        return None


def _parse(tokens: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    for token in tokens:
        try:
            token.encode("utf-8")
        except UnicodeEncodeError:
            raise _NotPlain from None
    root: dict[str, Any] = {"debug": False, "memory_limit": None}
    at = 0
    while at < len(tokens) and tokens[at] != "compute":
        token = tokens[at]
        if token in ROOT_FLAGS:
            root[ROOT_FLAGS[token]] = True
            at += 1
            continue
        name = _option(token, ROOT_VALUED)
        if name is None:
            raise _NotPlain
        root[ROOT_VALUED[name]], at = _take(tokens, at, name)
    if at >= len(tokens):
        raise _NotPlain
    at += 1
    params: dict[str, Any] = {}
    metric: str | None = None
    while at < len(tokens):
        token = tokens[at]
        if token in FLAGS:
            params[FLAGS[token]] = True
            at += 1
            continue
        if token.startswith("-"):
            name = _option(token, VALUED)
            if name is None:
                raise _NotPlain  # --help, --, an unknown option, a flag given a value
            parameter, kind = VALUED[name]
            text, at = _take(tokens, at, name)
            value = _value(kind, text)
            if kind == "list":
                params.setdefault(parameter, []).append(value)
            else:
                params[parameter] = value
            continue
        if metric is not None:
            raise _NotPlain  # a second argument
        metric = token
        at += 1
    if metric is None:
        raise _NotPlain
    return root, {"metric": metric, **params}


def plain_compute(argv: Sequence[str]) -> Callable[[], int] | None:
    """The lean run of a plain ``compute`` command line, or None when Typer must parse it.

    Args:
        argv: The arguments after the program's name.

    Returns:
        A function that sets the root options, runs the command and returns its exit status
        (as Typer's run of it, errors left to :func:`showmeter.cli.boundary.fail`); None for
        any other command line, or when shell completion is asked for.
    """
    if any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ):
        return None  # Typer's shell completion
    parsed = parse(argv)
    if parsed is None:
        return None
    root, params = parsed

    def run() -> int:
        from showmeter.cli.boundary import state

        state["debug"] = root["debug"]
        if root["memory_limit"]:
            os.environ["SHOWMETER_MEMORY_LIMIT"] = root["memory_limit"]  # read by every Store
        return _as_typer_runs_it(params)

    return run


def _as_typer_runs_it(params: dict[str, Any]) -> int:
    """Run the command with what Typer's run adds around it (``typer.core._main``)."""
    from showmeter.cli.compute_run import run_compute

    metric = params.pop("metric")
    try:
        run_compute(metric, **params)
    except EOFError:
        from showmeter.cli.boundary import echo, stderr

        echo("", err=True)
        stderr().print("[red]Aborted.[/]")  # Typer: Abort, which the boundary shows so
        sys.exit(130)
    except KeyboardInterrupt:
        return 130  # Typer: Exit(130), returned as the status
    except OSError as error:
        if error.errno != errno.EPIPE:
            raise
        sys.stdout = _Pacified(sys.stdout)
        sys.stderr = _Pacified(sys.stderr)
        sys.exit(1)
    return 0


class _Pacified:
    """A stream whose flush ignores a closed pipe (Click's ``PacifyFlushWrapper``)."""

    def __init__(self, wrapped: Any) -> None:
        self.wrapped = wrapped

    def flush(self) -> None:
        try:
            self.wrapped.flush()
        except OSError as error:
            if error.errno != errno.EPIPE:
                raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)
