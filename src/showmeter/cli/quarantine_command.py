"""``showmeter quarantine``: the rows a store's loads quarantined, without SQL."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from showmeter.cli.app import app
from showmeter.cli.options import ResultFormat, StoreOrLakeOption
from showmeter.errors import UsageError

if TYPE_CHECKING:
    from showmeter.store import Store

TABLE_ROWS = 50
"""The rows the table shows unless ``--limit`` says otherwise (CSV and JSON give them all)."""

TABLE_COLUMNS = ("file", "line", "column", "reason", "value")
"""The columns of the table; CSV and JSON add ``kind`` and the whole ``record``."""


@app.command()
def quarantine(
    store: StoreOrLakeOption = Path("showmeter.duckdb"),
    reason: Annotated[
        str | None,
        typer.Option("--reason", help="Only rows quarantined for this reason."),
    ] = None,
    file: Annotated[
        str | None,
        typer.Option("--file", help="Only rows of this file (its path as loaded, or its name)."),
    ] = None,
    format: Annotated[ResultFormat, typer.Option("--format", help="Output form.")] = (
        ResultFormat.table
    ),
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            min=0,
            help=f"The most rows shown (table: {TABLE_ROWS}; csv and json: all); 0 for all.",
        ),
    ] = None,
) -> None:
    """Show the rows a store's loads quarantined: file, line, column, reason, value, row.

    The table starts with the count of rows per reason and what each reason means; CSV and
    JSON give every matching row with its whole record (as JSON text) for a fix-and-reload.
    """
    from showmeter.intake.reasons import EXCLUSIONS, REASONS
    from showmeter.store.lake_store import open_store

    known = {**REASONS, **EXCLUSIONS}
    if reason is not None and reason not in known:
        from showmeter.definitions.params import nearest

        close = nearest(reason, list(known))
        raise UsageError(
            f"unknown quarantine reason {reason!r}",
            value=reason,
            expected="one of " + ", ".join(sorted(known)),
            remedy=(f"Did you mean {close!r}? " if close else "")
            + "Run `showmeter quarantine --store S` to see the reasons in the store.",
        )
    shown = limit if limit else None
    if limit is None and format is ResultFormat.table:
        shown = TABLE_ROWS
    with open_store(str(store)) as opened:
        rows, total = opened.quarantined_rows(reason, 0, shown, file=file)
        if format is ResultFormat.json:
            typer.echo(json.dumps(rows, indent=2, default=str))
        elif format is ResultFormat.csv:
            typer.echo(_csv(rows), nl=False)
        else:
            _print_table(opened, rows, total, reason=reason, file=file)


def _csv(rows: list[dict[str, object]]) -> str:
    from showmeter.results import csv_field
    from showmeter.store.lookups import QUARANTINED_COLUMNS

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(QUARANTINED_COLUMNS)
    for row in rows:
        writer.writerow([csv_field(row[name]) for name in QUARANTINED_COLUMNS])
    return out.getvalue()


def _print_table(
    store: Store,
    rows: list[dict[str, object]],
    total: int,
    *,
    reason: str | None,
    file: str | None,
) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from showmeter.intake.reasons import describe

    console = Console()
    filters = " ".join(
        f"{name}={value}" for name, value in (("reason", reason), ("file", file)) if value
    )
    if total == 0:
        console.print(f"No quarantined rows{' for ' + escape(filters) if filters else ''}.")
        return
    if reason is None:
        summary = Table(title="Quarantined rows by reason", title_justify="left")
        for name in ("reason", "kind", "rows", "what it means"):
            summary.add_column(name, justify="right" if name == "rows" else "left")
        for found in store.quarantine():
            summary.add_row(found.reason, found.kind, f"{found.rows:,}", describe(found.reason))
        console.print(summary)
    else:
        console.print(f"[bold]{escape(reason)}[/]: {escape(describe(reason))}")
    more = f", the first {len(rows):,} shown (--limit 0 for all)" if len(rows) < total else ""
    table = Table(
        title=f"{total:,} quarantined rows{' (' + escape(filters) + ')' if filters else ''}{more}",
        title_justify="left",
    )
    for name in TABLE_COLUMNS:
        table.add_column(name, justify="right" if name == "line" else "left", overflow="fold")
    for row in rows:
        table.add_row(
            *(escape("" if row[name] is None else str(row[name])) for name in TABLE_COLUMNS)
        )
    console.print(table)
