"""``showmeter compute``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from showmeter.cli.app import app
from showmeter.cli.compute_run import run_compute
from showmeter.cli.options import (
    ENGINE_HELP,
    LAKE_HELP,
    AccountOption,
    AssumeTzOption,
    CatalogOption,
    DateFormatOption,
    FilesOption,
    IncludeOption,
    MarketOption,
    ProfileOption,
    ResultFormat,
    SourceOption,
    SparkConfOption,
)


@app.command()
def compute(
    metric: Annotated[str, typer.Argument(help="The metric; `showmeter metrics` lists them.")],
    store: Annotated[
        Path | None,
        typer.Option("--store", help="Read this store: a DuckDB file, " + LAKE_HELP + "."),
    ] = None,
    catalog: CatalogOption = None,
    events: FilesOption = None,
    panel: FilesOption = None,
    reviews: FilesOption = None,
    signals: FilesOption = None,
    source: SourceOption = "canonical",
    assume_tz: AssumeTzOption = None,
    account: AccountOption = None,
    profile: ProfileOption = None,
    date_format: DateFormatOption = None,
    market: MarketOption = None,
    include: IncludeOption = None,
    title: Annotated[str | None, typer.Option(help="Only this title.")] = None,
    season: Annotated[int | None, typer.Option(help="Only this season.")] = None,
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="A parameter, NAME=VALUE.")
    ] = None,
    engine: Annotated[str, typer.Option(help=ENGINE_HELP)] = "duckdb",
    spark_conf: SparkConfOption = None,
    rejects: Annotated[
        Path | None,
        typer.Option(
            "--rejects",
            help="From files: write the quarantined rows to this folder as Parquet "
            "(kind, file, line, column, reason, value, record).",
        ),
    ] = None,
    format: Annotated[ResultFormat, typer.Option("--format", help="Output form.")] = (
        ResultFormat.table
    ),
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Also say, on standard error, whether the store's pre-aggregations served "
            "the computation (and why not, when not).",
        ),
    ] = False,
) -> None:
    """Compute one metric from a store, or straight from files."""
    # the same code as the lean path of a plain `compute` (showmeter.cli.fast) runs
    run_compute(
        metric,
        store=store,
        catalog=catalog,
        events=events,
        panel=panel,
        reviews=reviews,
        signals=signals,
        source=source,
        assume_tz=assume_tz,
        account=account,
        profile=profile,
        date_format=date_format,
        market=market,
        include=include,
        title=title,
        season=season,
        set_=set_,
        engine=engine,
        spark_conf=spark_conf,
        rejects=rejects,
        format=format,
        explain=explain,
    )
