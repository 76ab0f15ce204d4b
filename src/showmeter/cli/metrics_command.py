"""``showmeter metrics``."""

from __future__ import annotations

from typing import Annotated

import typer

from showmeter.cli.app import app


@app.command()
def metrics(
    name: Annotated[str | None, typer.Argument(help="Explain this metric.")] = None,
    engine: Annotated[str, typer.Option(help="Show the SQL for this engine.")] = "duckdb",
) -> None:
    """List the metrics, or explain one: definition, parameters, source and SQL."""
    from rich.console import Console

    import showmeter
    from showmeter.engines import explain

    console = Console()
    if name is not None:
        console.print(explain(name, engine=engine), highlight=False)
        return
    from rich.table import Table

    table = Table(title="Metrics", title_justify="left")
    for column in ("metric", "family", "unit", "definition"):
        table.add_column(column)
    for metric in showmeter.metrics():
        table.add_row(metric.name, metric.family, metric.unit, metric.summary)
    console.print(table)
