"""``showmeter ingest``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
    SourceOption,
    StoreOption,
    SummaryFormat,
    adapter_options,
    inputs,
)

if TYPE_CHECKING:
    from showmeter.ingest.load import FileSummary


@app.command()
def ingest(
    store: StoreOption = Path("showmeter.duckdb"),
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
    rejects: Annotated[
        Path | None, typer.Option(help="Also write the quarantined rows to this CSV.")
    ] = None,
    format: Annotated[SummaryFormat, typer.Option("--format", help="Summary form.")] = (
        SummaryFormat.table
    ),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Load a catalog and files of sessions, panels, reviews and signals into a store."""
    import json

    pairs = inputs(events, panel, reviews, signals)
    options = adapter_options(account, profile, date_format, market, include)
    opened, summaries = load(
        str(store),
        catalog,
        pairs,
        source=source,
        assume_tz=assume_tz,
        rejects=rejects,
        quiet=quiet or format is SummaryFormat.json,
        options=options,
    )
    opened.close()
    if format is SummaryFormat.json:
        typer.echo(json.dumps([s.to_dict() for s in summaries], indent=2))
        return
    _print_summary(summaries, str(store))


def _print_summary(summaries: list[FileSummary], store: str) -> None:
    from rich.console import Console
    from rich.table import Table

    from showmeter.ingest.reasons import describe

    table = Table(title=f"Loaded into {store}", title_justify="left")
    for name in ("file", "kind", "read", "loaded", "quarantined", "duplicates"):
        table.add_column(name, justify="left" if name in ("file", "kind") else "right")
    for s in summaries:
        table.add_row(
            s.file,
            s.kind,
            f"{s.read:,}",
            f"{s.loaded:,}",
            f"{s.quarantined:,}",
            f"{s.duplicates:,}",
        )
    console = Console()
    console.print(table)
    reasons: dict[str, int] = {}
    for s in summaries:
        for reason, count in s.reasons.items():
            reasons[reason] = reasons.get(reason, 0) + count
    for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
        console.print(f"  [red]{count:,}[/] quarantined: [bold]{reason}[/] — {describe(reason)}")
    for s in summaries:
        for value, count in s.notes.get("devices_mapped_to_other", {}).items():
            console.print(f"  {count:,} rows of {s.file}: device {value!r} counted as 'other'")
    if reasons:
        console.print("  See them with: SELECT * FROM quarantine (or ingest --rejects FILE).")
