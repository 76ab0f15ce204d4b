"""``showmeter report``: the launch report of a season, as HTML and JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from showmeter.cli.app import app
from showmeter.cli.options import (
    ENGINE_HELP,
    LAKE_HELP,
    AssumeTzOption,
    CatalogOption,
    FilesOption,
    SparkConfOption,
    parse_params,
    parse_spark_conf,
)
from showmeter.cli.progress import StageBar, print_written


@app.command()
def report(
    season: Annotated[
        str, typer.Argument(metavar="TITLE:SEASON", help="The season, e.g. the-defenders:1.")
    ],
    store: Annotated[
        Path | None,
        typer.Option(
            "--store",
            help="The store: a DuckDB file (default showmeter.duckdb without files), "
            + LAKE_HELP
            + ".",
        ),
    ] = None,
    catalog: CatalogOption = None,
    events: FilesOption = None,
    panel: FilesOption = None,
    reviews: FilesOption = None,
    signals: FilesOption = None,
    assume_tz: AssumeTzOption = None,
    rejects: Annotated[
        Path | None,
        typer.Option(
            "--rejects", help="From files: write the quarantined rows to this folder as Parquet."
        ),
    ] = None,
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
    engine: Annotated[str, typer.Option(help=ENGINE_HELP)] = "duckdb",
    spark_conf: SparkConfOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Write the launch report of a season: HTML (one offline file) and JSON.

    KPI cards against the reference season, daily and weekly reach, the episode funnel, the
    binge race, the average minute audience per episode, critics, demand, rankings and data
    quality; beside every figure its definition and parameters.
    """
    import showmeter
    from showmeter.api.reports import check_basis

    basis = parse_params(set_)
    check_basis(basis)  # before the call: --set peers=... would collide with peers=
    with StageBar(quiet) as bar:
        built = showmeter.report(
            season,
            store=store,
            catalog=catalog,
            events=events,
            panels=panel,
            reviews=reviews,
            signals=signals,
            assume_tz=assume_tz,
            rejects=rejects,
            reference=reference,
            peers=peer or [],
            output=output,
            demand_market=demand_market,
            engine=engine,
            spark_conf=parse_spark_conf(spark_conf),
            progress=bar.update,
            **basis,
        )
    if not quiet:
        print_written(
            output / "report.html",
            output / "report.json",
            built.seconds,
            simulated=built.records.simulated,
        )
