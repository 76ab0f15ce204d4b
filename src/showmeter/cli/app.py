"""The Typer application, the state of the root options, and the error console."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["app", "state", "stderr"]

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
