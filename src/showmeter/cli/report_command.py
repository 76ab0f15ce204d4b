"""``showmeter report``: the launch report of a season, as HTML and JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from showmeter.cli.app import app, progress_bar, stderr
from showmeter.cli.options import parse_params
from showmeter.errors import UsageError

if TYPE_CHECKING:
    from showmeter.metrics.params import SeasonKey

BASIS = ("unit", "panel", "devices", "markets", "anchor", "min_seconds", "completion")
"""The parameters ``--set`` may give every viewing metric of the report."""

STAGES = {
    "simulating": "Simulating the demo world",
    "ingesting": "Ingesting",
    "figures": "Computing the figures",
    "published": "Recomputing the published figures",
    "charts": "Drawing the charts",
}


class StageBar:
    """A Rich progress bar with one line per stage (silent when ``quiet``)."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: Any = None
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> StageBar:
        if not self.quiet:
            self.bar = progress_bar("{task.description:<40}")
        return self

    def update(self, stage: str, done: int, total: int) -> None:
        """Show ``done`` of ``total`` for a stage (a new stage gets a new line)."""
        if self.bar is None:
            return
        if stage not in self.tasks:
            word, _, rest = stage.partition(" ")
            label = STAGES.get(word, word) + (f" {rest}" if rest else "")
            self.tasks[stage] = self.bar.add_task(label, total=total or None)
        self.bar.update(self.tasks[stage], completed=done, total=total or None)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def parse_season(text: str, option: str) -> SeasonKey:
    """A ``title:season`` argument as a season key.

    Args:
        text: The argument as given.
        option: The option's name, for the error.

    Returns:
        The season.

    Raises:
        UsageError: The text is not ``title:season``.
    """
    from showmeter.metrics.params import SeasonRef

    try:
        return SeasonRef().parse(text)
    except ValueError:
        raise UsageError(
            f"{option} takes a season as title:season",
            value=text,
            remedy="Write for example the-defenders:1 (a film is title:0).",
        ) from None


def parse_basis(settings: list[str] | None) -> dict[str, str]:
    """The ``--set`` options: parameters for every viewing metric of the report.

    Args:
        settings: The ``NAME=VALUE`` texts.

    Returns:
        The parameters by name.

    Raises:
        UsageError: A parameter the report does not pass to every viewing metric.
    """
    basis = parse_params(settings)
    for name in basis:
        if name not in BASIS:
            raise UsageError(
                f"--set {name}=… is not a parameter the report gives every viewing metric",
                remedy=f"Use one of {', '.join(BASIS)}; for other parameters run "
                "`showmeter compute METRIC --set ...`.",
            )
    return basis


def print_written(html: Path, json: Path, seconds: float, *, simulated: bool) -> None:
    """Say where the report is, and how long it took."""
    console = stderr()
    console.print(
        f"Wrote [bold]{html}[/] and [bold]{json}[/] in {seconds:.1f} s."
        + (" The data are simulated." if simulated else ""),
        highlight=False,
        soft_wrap=True,
    )


@app.command()
def report(
    season: Annotated[
        str, typer.Argument(metavar="TITLE:SEASON", help="The season, e.g. the-defenders:1.")
    ],
    store: Annotated[Path, typer.Option("--store", help="The store (a DuckDB file).")] = Path(
        "showmeter.duckdb"
    ),
    output: Annotated[
        Path, typer.Option("--output", help="Folder for report.html and report.json.")
    ] = Path("showmeter-report"),
    reference: Annotated[
        str | None,
        typer.Option(help="The season to compare with, as title:season (e.g. daredevil:2)."),
    ] = None,
    peer: Annotated[
        list[str] | None,
        typer.Option(help="A further season shown in the comparisons (repeatable)."),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="NAME=VALUE for every viewing metric: unit, panel, devices, markets, anchor, "
            "min_seconds, completion.",
        ),
    ] = None,
    demand_market: Annotated[
        str, typer.Option(help="The market of the demand figures (ALL: every market).")
    ] = "ALL",
    engine: Annotated[str, typer.Option(help="duckdb, spark, or an Ibis URL.")] = "duckdb",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Write the launch report of a season: HTML (one offline file) and JSON.

    KPI cards against the reference season, daily and weekly reach, the episode funnel, the
    binge race, the average minute audience per episode, critics, demand, rankings and data
    quality; beside every figure its definition and parameters.
    """
    from showmeter.report import Scope, build_report, write_report

    scope = Scope(
        parse_season(season, "TITLE:SEASON"),
        parse_season(reference, "--reference") if reference else None,
        tuple(parse_season(text, "--peer") for text in peer or []),
        parse_basis(set_),
        demand_market.upper(),
    )
    with StageBar(quiet) as bar:
        built = build_report(store, scope, engine=engine, progress=bar.update)
    html, json = write_report(built, output)
    if not quiet:
        print_written(html, json, built.seconds, simulated=built.records.simulated)
