"""``showmeter compute``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from showmeter.cli.app import app
from showmeter.cli.loading import load
from showmeter.cli.options import (
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
    adapter_options,
    inputs,
    parse_params,
)
from showmeter.errors import UsageError


@app.command()
def compute(
    metric: Annotated[str, typer.Argument(help="The metric; `showmeter metrics` lists them.")],
    store: Annotated[
        Path | None, typer.Option("--store", help="Read this store (a DuckDB file).")
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
    engine: Annotated[str, typer.Option(help="duckdb, spark, or an Ibis URL.")] = "duckdb",
    format: Annotated[ResultFormat, typer.Option("--format", help="Output form.")] = (
        ResultFormat.table
    ),
) -> None:
    """Compute one metric from a store, or straight from files."""
    from showmeter.engines import compute as compute_metric

    params = parse_params(set_)
    pairs = inputs(events, panel, reviews, signals)
    options = adapter_options(account, profile, date_format, market, include)
    if store is not None and pairs:
        raise UsageError(
            "give either --store or input files, not both",
            remedy="Ingest the files into the store first, or drop --store.",
        )
    if store is not None:
        from showmeter.store import Store

        opened = Store(store, read_only=True)
        described: list[dict[str, object]] = [opened.describe()]
    elif pairs:
        opened, summaries = load(
            ":memory:",
            catalog,
            pairs,
            source=source,
            assume_tz=assume_tz,
            rejects=None,
            quiet=True,
            options=options,
        )
        described = [s.to_dict() for s in summaries]
    else:
        raise UsageError(
            "no data to compute from",
            remedy="Give --store FILE, or --catalog FILE with --events FILE (and the others).",
        )
    try:
        result = compute_metric(
            metric,
            params,
            source=opened.connection,
            engine=engine,
            title=title,
            season=season,
            inputs=described,
        )
    finally:
        opened.close()
    if format is ResultFormat.json:
        typer.echo(result.to_json())
    elif format is ResultFormat.csv:
        typer.echo(result.to_csv(), nl=False)
    else:
        _print_result(result)


def _print_result(result: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    params = ", ".join(f"{k}={v}" for k, v in result.params.items())
    console.print(f"[bold]{result.metric}[/] on {result.engine}  [dim]{params}[/]")
    frame = result.to_pandas()
    table = Table()
    for name in frame.columns:
        table.add_column(str(name), justify="right")
    for row in frame.itertuples(index=False):
        table.add_row(*(_display(value) for value in row))
    console.print(table)


def _display(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        if value != value:  # NaN
            return "—"
        return f"{value:,.2f}"
    return str(value)
