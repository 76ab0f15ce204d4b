"""What ``showmeter compute`` does once its options are parsed: compute, then print.

Kept apart from the command's declaration (:mod:`showmeter.cli.compute_command`, which needs
Typer) so that the lean path of a plain ``compute`` (:mod:`showmeter.cli.fast`) runs the very
same code without importing Typer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from showmeter.cli.boundary import echo
from showmeter.cli.values import ResultFormat, parse_params, parse_spark_conf

__all__ = ["run_compute"]


def run_compute(
    metric: str,
    *,
    store: Path | None = None,
    catalog: Path | None = None,
    events: list[str] | None = None,
    panel: list[str] | None = None,
    reviews: list[str] | None = None,
    signals: list[str] | None = None,
    source: str = "canonical",
    assume_tz: str | None = None,
    account: str | None = None,
    profile: str | None = None,
    date_format: str | None = None,
    market: str | None = None,
    include: list[str] | None = None,
    title: str | None = None,
    season: int | None = None,
    set_: list[str] | None = None,
    engine: str = "duckdb",
    spark_conf: list[str] | None = None,
    rejects: Path | None = None,
    format: ResultFormat = ResultFormat.table,
    explain: bool = False,
) -> None:
    """Compute one metric and print it: the options of ``showmeter compute``, parsed."""
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
        echo(
            result.computed_from
            or "Computed from the files, read in place (pre-aggregations are kept in a store).",
            err=True,
        )
    if format is ResultFormat.json:
        echo(result.to_json())
    elif format is ResultFormat.csv:
        from showmeter.results import params_text

        # the rows stay pure CSV; the basis they were computed on goes to standard error
        echo(f"# {result.metric} {params_text(result.params)}", err=True)
        echo(result.to_csv(), nl=False)
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
