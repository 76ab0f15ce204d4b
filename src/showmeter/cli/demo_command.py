"""``showmeter demo``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from showmeter.cli.app import app, stderr


@app.command()
def demo(
    output: Annotated[
        Path, typer.Option(help="Folder for report.html, report.json and demo.duckdb.")
    ] = Path("showmeter-demo"),
) -> None:
    """Build the demo world, compute the launch report of The Defenders, compare with the press."""
    stderr().print(
        "[yellow]showmeter demo is not built yet.[/] It will simulate the launch of Marvel's "
        "The Defenders and reproduce its published figures. Meanwhile, try "
        "[bold]showmeter ingest[/] and [bold]showmeter compute[/] on your own data; "
        "`showmeter --help` lists them."
    )
