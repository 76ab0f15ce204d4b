"""``showmeter metrics``: the list of metrics, one metric's definition, or its SQL."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from showmeter.cli.app import app

if TYPE_CHECKING:
    from rich.console import Console

    from showmeter.definitions.registry import Metric


@app.command()
def metrics(
    name: Annotated[str | None, typer.Argument(help="Explain this metric.")] = None,
    sql: Annotated[
        bool, typer.Option("--sql", help="Print the SQL the metric compiles to (only that).")
    ] = False,
    engine: Annotated[str, typer.Option(help="The engine whose SQL --sql shows.")] = "duckdb",
) -> None:
    """List the metrics, or explain one: definition, rows, source and parameters.

    `showmeter metrics NAME --sql` prints the SQL the metric runs instead, syntax-highlighted
    on a terminal and plain when piped (`--engine spark` for Spark SQL).
    """
    from rich.console import Console

    import showmeter
    from showmeter.definitions import registry

    console = Console()
    if name is not None:
        definition = registry.get(name)
        if sql:
            _print_sql(console, definition.name, engine)
        else:
            print_definition(console, definition)
        return
    from rich.table import Table

    table = Table(title="Metrics", title_justify="left")
    for column in ("metric", "family", "unit", "definition"):
        table.add_column(column)
    for metric in showmeter.metrics():
        table.add_row(metric.name, metric.family, metric.unit, metric.summary)
    console.print(table)
    console.print("[dim]`showmeter metrics NAME` explains one; docs/metrics.md lists them all.[/]")


def print_definition(console: Console, definition: Metric) -> None:
    """A metric's definition (rendered Markdown) and a compact table of its parameters.

    The parameters every viewing metric shares with the same default (``unit``, ``panel``,
    ``devices``...) take one line; the metric's own get a row each, with what they accept.

    Args:
        console: Where to print.
        definition: A registered metric.
    """
    from rich import box
    from rich.markdown import Markdown
    from rich.markup import escape
    from rich.table import Table

    from showmeter.definitions.docs import summary

    console.print(Markdown(summary(definition)))
    common = [param for param in definition.params if param in _common_params()]
    own = [param for param in definition.params if param not in common]
    if own:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left")
        table.add_column("parameter", no_wrap=True, style="bold")
        table.add_column("default", no_wrap=True)
        table.add_column("accepts · meaning", ratio=1)
        for param in own:
            table.add_row(
                param.name,
                escape(param.default_text()),
                f"[dim]{escape(param.kind.label)}[/] · {escape(param.help)}",
            )
        console.print(table)
    if common:
        shared = " ".join(f"{param.name}={param.default_text()}" for param in common)
        console.print(
            f"[bold]Common parameters[/] (docs/contracts.md, Common parameters): {escape(shared)}",
            highlight=False,
        )
    if definition.name == "rank":
        console.print("Every other parameter is a parameter of the ranked metric.")
    console.print(
        f"[dim]Set one with --set NAME=VALUE. The SQL: showmeter metrics {definition.name} "
        "--sql[/]",
        highlight=False,
    )


def _common_params() -> list[object]:
    from showmeter.definitions import params

    return [
        params.UNIT,
        params.PANEL,
        params.DEVICES,
        params.MARKETS,
        params.BY_MARKET,
        params.ANCHOR,
        params.MIN_SECONDS,
        params.COMPLETION,
    ]


def _print_sql(console: Console, name: str, engine: str) -> None:
    from rich.syntax import Syntax

    from showmeter.engines import explain

    text = explain(name, engine=engine)
    sql = text.partition("\nSQL (")[2].partition("):\n\n")[2].rstrip("\n")
    if not console.is_terminal:
        typer.echo(sql)
        return
    console.print(Syntax(sql, "sql", theme="ansi_dark", background_color="default"), soft_wrap=True)
