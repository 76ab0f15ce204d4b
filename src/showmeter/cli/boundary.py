"""The CLI's error boundary, its consoles and its ``echo``, without Typer.

Both ways a command runs (Typer's, and the lean path of a plain ``compute``: see
:mod:`showmeter.cli.fast`) end in :func:`fail`, so that an error is shown the same way and
exits with the same status whichever way parsed the command line: a user error as one red
``Error:`` line and its exit status (1, 2 for bad usage), a full disk or memory as what to do,
anything else as an internal error (exit 3); ``--debug`` shows the traceback instead. Rich is
imported only when something is shown, Typer only when it is what raised.
"""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING

from showmeter.errors import CatalogError, ShowmeterError, UserError, resource_error

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["echo", "escape", "fail", "state", "stderr"]

state = {"debug": False}
"""Root options: ``debug`` shows tracebacks."""

_ANSI = re.compile(r"\033\[[;?0-9]*[a-zA-Z]")
"""An ANSI style code, as Click's ``strip_ansi`` finds them."""


def stderr() -> Console:
    """A Rich console on standard error."""
    from rich.console import Console

    return Console(stderr=True)


def escape(text: str) -> str:
    """Text with Rich's markup escaped (Rich imported only when an error is shown)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def echo(message: str, *, err: bool = False, nl: bool = True) -> None:
    """Write text as ``typer.echo`` writes it (Click's ``echo``), without importing Typer.

    The text (and a newline) goes to standard output or error, ANSI style codes removed
    unless the stream is a terminal, then the stream is flushed.

    Args:
        message: The text.
        err: Write to standard error.
        nl: End with a newline.
    """
    stream = sys.stderr if err else sys.stdout
    if stream is None:  # no standard stream attached (Click writes nothing either)
        return
    out = message + "\n" if nl else message
    if out:
        if not _isatty(stream):
            out = _ANSI.sub("", out)
        stream.write(out)
    stream.flush()


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except Exception:  # as Click: a stream that cannot say is no terminal
        return False


def fail(error: BaseException) -> None:
    """Show an error that ended a command, and exit with its status.

    Call it in the ``except`` block that caught ``error``; when it returns, re-raise ``error``
    there (bare ``raise``: the traceback then is the command's own): with ``--debug``, and
    for what is no ``Exception`` (``SystemExit``...).

    Args:
        error: What the command raised.

    Raises:
        SystemExit: With the error's exit status, once it is shown.
    """
    typer = sys.modules.get("typer")  # only Typer raises its own exceptions
    if typer is not None:
        if isinstance(error, typer.Exit):
            sys.exit(error.exit_code)
        if isinstance(error, typer.Abort):
            stderr().print("[red]Aborted.[/]")
            sys.exit(130)
        if isinstance(error, typer.TyperException):  # click's usage errors
            show = getattr(error, "show", None)
            if callable(show):
                show()
            else:
                stderr().print(f"[red bold]Error:[/] {error.format_message()}")
            sys.exit(error.exit_code)
    if isinstance(error, UserError):
        if state["debug"]:
            return
        console = stderr()
        console.print(f"[red bold]Error:[/] {escape(str(error))}", highlight=False, soft_wrap=True)
        if isinstance(error, CatalogError) and len(error.problems) > 1:
            console.print(escape(error.details), highlight=False, soft_wrap=True)
        sys.exit(error.exit_code)
    if isinstance(error, KeyboardInterrupt):
        stderr().print("[red]Interrupted[/]: nothing was changed by the interrupted command.")
        sys.exit(130)
    if not isinstance(error, (ShowmeterError, Exception)) or state["debug"]:
        return
    resource = resource_error(error)
    if resource is not None:
        stderr().print(
            f"[red bold]Error:[/] {escape(str(resource))}", highlight=False, soft_wrap=True
        )
        sys.exit(resource.exit_code)
    stderr().print(
        f"[red bold]Error:[/] internal error: {type(error).__name__}: {escape(str(error))}. "
        "This is a bug in showmeter: run again with --debug and report the traceback.",
        highlight=False,
        soft_wrap=True,
    )
    sys.exit(3)
