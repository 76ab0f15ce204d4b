"""``showmeter optimize``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from showmeter.cli.app import app, progress_bar
from showmeter.cli.options import StoreOrLakeOption, SummaryFormat

if TYPE_CHECKING:
    from showmeter.store.optimize import Optimized


@app.command()
def optimize(
    store: StoreOrLakeOption = Path("showmeter.duckdb"),
    format: Annotated[SummaryFormat, typer.Option("--format", help="Summary form.")] = (
        SummaryFormat.table
    ),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    aggregates_only: Annotated[
        bool,
        typer.Option(
            "--aggregates-only",
            help="Only build the pre-aggregations (when missing or out of date), no rewrite.",
        ),
    ] = False,
) -> None:
    """Rewrite a store with its sessions sorted by title, season and start time.

    A season's queries then read only its sessions' row groups: faster pages and reports on a
    large store, and far less spill on a store larger than memory. No figure changes beyond
    the last bits of sums of doubles, which already vary between runs. The copy is written
    beside the store (1.3 times its size must be free) and replaces it only when every table's
    rows are counted equal. Run it again after large loads.

    It first builds the store's pre-aggregations when they are missing (a store written before
    they existed) or out of date; --aggregates-only does only that.

    A lake (lake:PATH) is compacted instead: its current version rewritten as one file per
    table (the sessions: per title and season) and committed as a new version, every table's
    rows counted equal first (docs/lake.md).
    """
    from showmeter.engines.preaggregates import upgrade_store
    from showmeter.store.lake import lake_path
    from showmeter.store.optimize import optimize_store

    if lake_path(store) is not None:  # a lake: compacted (docs/lake.md)
        from showmeter.cli.lake_command import optimize_lake

        optimize_lake(str(store), format, aggregates_only)
        return

    show = not quiet and format is not SummaryFormat.json
    built = _build_aggregates(str(store), show, upgrade_store)
    if aggregates_only:
        if format is SummaryFormat.json:
            typer.echo(json.dumps({"store": str(store), "aggregates": built}, indent=2))
        else:
            typer.echo(
                f"Built the pre-aggregations of {store}: {sum(built.values()):,} rows."
                if built
                else f"The pre-aggregations of {store} are up to date."
            )
        return
    bars: list[Any] = []  # started at the first batch, after the store is found

    def advance(done: int, total: int) -> None:
        if not show:
            return
        if not bars:
            bars.append(progress_bar())
            bars.append(bars[0].add_task("sessions sorted", total=total))
        bars[0].update(bars[1], completed=done, total=total)

    try:
        done = optimize_store(store, progress=advance)
    finally:
        if bars:
            bars[0].stop()
    if format is SummaryFormat.json:
        typer.echo(json.dumps(done.to_dict(), indent=2))
        return
    _print_summary(done)


def _build_aggregates(store: str, show: bool, upgrade: Any) -> dict[str, int] | None:
    """Build the store's pre-aggregations if need be, with a progress bar."""
    bars: list[Any] = []

    def advance(_table: str, done: int, total: int) -> None:
        if not show:
            return
        if not bars:
            bars.append(progress_bar())
            bars.append(bars[0].add_task("pre-aggregations built", total=total))
        bars[0].update(bars[1], completed=done, total=total)

    try:
        built: dict[str, int] | None = upgrade(store, progress=advance)
    finally:
        if bars:
            bars[0].stop()
    return built


def _print_summary(done: Optimized) -> None:
    from rich.console import Console

    console = Console()
    console.print(
        f"Optimized {done.store}: {done.tables.get('viewing', 0):,} sessions of "
        f"{done.seasons:,} seasons sorted by {', '.join(done.order)} "
        f"in {done.batches:,} batch{'es' if done.batches != 1 else ''}, {done.seconds:.1f} s."
    )
    console.print(
        f"  every table's rows counted equal ({sum(done.tables.values()):,} rows); "
        f"file {done.bytes_before / 1e6:,.1f} MB -> {done.bytes_after / 1e6:,.1f} MB"
    )
