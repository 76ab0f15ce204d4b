"""The Typer application, its root options, and the error console."""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer

from showmeter._version import __version__
from showmeter.cli.boundary import state, stderr

__all__ = ["app", "progress_bar", "state", "stderr"]

app = typer.Typer(
    name="showmeter",
    help="How did this season's launch go? Launch metrics from raw rows, by published definitions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


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


def progress_bar(description: str = "{task.description}") -> Any:
    """A Rich progress bar on standard error: description, bar, done/total, time elapsed.

    Args:
        description: The format of the description column.

    Returns:
        A started ``rich.progress.Progress``; stop it when done.
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    bar = Progress(
        TextColumn(description),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr(),
    )
    bar.start()
    return bar
