"""The Typer application, the state of the root options, and the error console."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["app", "progress_bar", "state", "stderr"]

app = typer.Typer(
    name="showmeter",
    help="How did this season's launch go? Launch metrics from raw rows, by published definitions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

state = {"debug": False}
"""Root options: ``debug`` shows tracebacks."""


def stderr() -> Console:
    """A Rich console on standard error."""
    from rich.console import Console

    return Console(stderr=True)


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
