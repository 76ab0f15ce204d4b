"""The ``showmeter`` command line.

Every command is a thin layer over the Python API: it parses options, calls the library, and
prints. One error boundary (:func:`main`) turns a user error into one red ``Error:`` line and
exit status 1 (2 for bad usage); ``--debug`` shows the traceback instead. Heavy libraries are
imported inside the commands so that ``showmeter --help`` starts fast.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from showmeter._version import __version__
from showmeter.cli import (  # noqa: F401  (each module registers its command on `app`)
    catalog_command,
    compute_command,
    demo_command,
    ingest_command,
    lake_command,
    metrics_command,
    optimize_command,
    quarantine_command,
    report_command,
    serve_command,
    simulate_command,
)
from showmeter.cli.app import app, state, stderr
from showmeter.errors import CatalogError, ShowmeterError, UserError, resource_error

__all__ = ["app", "main"]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"showmeter {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    memory_limit: Annotated[
        str | None,
        typer.Option(
            "--memory-limit",
            envvar="SHOWMETER_MEMORY_LIMIT",
            help="Cap DuckDB's memory, e.g. 6GB; larger work spills to disk "
            "(default: 80% of the machine's memory).",
        ),
    ] = None,
) -> None:
    state["debug"] = debug
    if memory_limit:
        os.environ["SHOWMETER_MEMORY_LIMIT"] = memory_limit  # read by every Store


def escape(text: str) -> str:
    """Text with Rich's markup escaped (Rich imported only when an error is shown)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def main() -> None:
    """Run the CLI with one error boundary."""
    try:
        code = app(standalone_mode=False)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except typer.Abort:
        stderr().print("[red]Aborted.[/]")
        sys.exit(130)
    except typer.TyperException as error:  # click's usage errors (bad option, missing argument)
        show = getattr(error, "show", None)
        if callable(show):
            show()
        else:
            stderr().print(f"[red bold]Error:[/] {error.format_message()}")
        sys.exit(error.exit_code)
    except UserError as error:
        if state["debug"]:
            raise
        console = stderr()
        console.print(f"[red bold]Error:[/] {escape(str(error))}", highlight=False, soft_wrap=True)
        if isinstance(error, CatalogError) and len(error.problems) > 1:
            console.print(escape(error.details), highlight=False, soft_wrap=True)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        stderr().print("[red]Interrupted[/]: nothing was changed by the interrupted command.")
        sys.exit(130)
    except (ShowmeterError, Exception) as error:
        if state["debug"]:
            raise
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
    sys.exit(code if isinstance(code, int) else 0)
