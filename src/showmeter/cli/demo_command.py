"""``showmeter demo``: simulate the demo world, report The Defenders, compare with the press."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from showmeter.cli.app import app
from showmeter.cli.progress import StageBar, print_written


@app.command()
def demo(
    output: Annotated[
        Path,
        typer.Option("--output", help="Folder for report.html, report.json and demo.duckdb."),
    ] = Path("showmeter-demo"),
    sessions: Annotated[
        int | None,
        typer.Option(
            min=10_000,
            help="Sessions to simulate (default: the demo world's own); fewer run faster, "
            "further from the published figures.",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or table.")] = False,
) -> None:
    """Build the demo world, compute the launch report of The Defenders, compare with the press.

    Simulates Marvel's series on Netflix among invented peers (the data are simulated),
    ingests them into OUTPUT/demo.duckdb, writes OUTPUT/report.html and OUTPUT/report.json
    for the-defenders:1 against daredevil:2 and the other Marvel seasons, and prints every
    published figure of the Reception section beside the figure computed.
    """
    from rich.console import Console

    from showmeter.demo.published_output import print_comparisons
    from showmeter.demo.run import run_demo

    with StageBar(quiet) as bar:
        run = run_demo(output, sessions=sessions, progress=bar.update)
    if sessions is None:  # the demo world's own: its season page kept ready for `serve`
        from showmeter.demo.scope import DEMO_SEASON
        from showmeter.web.warm import warm_page

        try:
            warm_page(run.store, DEMO_SEASON.title, DEMO_SEASON.season)
        except Exception as error:  # optional: the demo's figures are already written
            typer.echo(f"The dashboard's first page was not prepared ({error}).", err=True)
    if quiet:
        return
    print_comparisons(run.comparisons, Console())
    print_written(run.html, run.json, run.seconds, simulated=True)
    typer.echo(
        f"The store is {run.store}: try `showmeter compute reach_index --store {run.store} "
        "--title the-defenders --season 1 --set reference=daredevil:2 --set panel=jumpshot "
        "--set devices=desktop --set markets=US`, or browse it with "
        f"`showmeter serve --store {run.store}`."
    )
