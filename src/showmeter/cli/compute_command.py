"""``showmeter compute``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from showmeter.cli.app import app
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
    parse_params,
    parse_spark_conf,
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
    import showmeter

    result = showmeter.compute(
        metric,
        store=store,
        catalog=catalog,
        events=events,
        panels=panel,
        reviews=reviews,
        signals=signals,
        source=source,
        account=account,
        profile=profile,
        date_format=date_format,
        market=market,
        include=include or (),
        assume_tz=assume_tz,
        engine=engine,
        spark_conf=parse_spark_conf(spark_conf),
        title=title,
        season=season,
        params=parse_params(set_),
        rejects=rejects,
    )
    if explain:  # what this very computation read (the store's defaults applied)
        typer.echo(
            result.computed_from
            or "Computed from the files, read in place (pre-aggregations are kept in a store).",
            err=True,
        )
    if format is ResultFormat.json:
        typer.echo(result.to_json())
    elif format is ResultFormat.csv:
        from showmeter.results import params_text

        # the rows stay pure CSV; the basis they were computed on goes to standard error
        typer.echo(f"# {result.metric} {params_text(result.params)}", err=True)
        typer.echo(result.to_csv(), nl=False)
    else:
        _print_result(result)


def _print_result(result: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    from rich.markup import escape

    from showmeter.results import params_text

    params = escape(params_text(result.params))
    console.print(f"[bold]{result.metric}[/] on {result.engine}  [dim]{params}[/]")
    table = Table()
    for name in result.columns:
        table.add_column(str(name), justify="right")
    for row in result.table.to_pylist():  # no pandas: importing it costs a process 0.3-0.5 s
        table.add_row(*(_display(value) for value in row.values()))
    console.print(table)


def _display(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        if value != value:  # NaN
            return "—"
        return f"{value:,.2f}"
    return str(value)
