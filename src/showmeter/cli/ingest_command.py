"""``showmeter ingest``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from showmeter.cli.app import app
from showmeter.cli.options import (
    ENGINE_HELP,
    AccountOption,
    AssumeTzOption,
    CatalogOption,
    DateFormatOption,
    FilesOption,
    IncludeOption,
    MarketOption,
    ProfileOption,
    SourceOption,
    SparkConfOption,
    StoreOrLakeOption,
    SummaryFormat,
    parse_spark_conf,
)
from showmeter.errors import UsageError

if TYPE_CHECKING:
    from showmeter.results import LoadSummary


@app.command()
def ingest(
    store: StoreOrLakeOption = Path("showmeter.duckdb"),
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
        Path | None,
        typer.Option(
            help="Also write the quarantined rows to this CSV (a lake loaded on Spark: to this "
            "new folder, as Parquet)."
        ),
    ] = None,
    format: Annotated[SummaryFormat, typer.Option("--format", help="Summary form.")] = (
        SummaryFormat.table
    ),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Exit with status 1 when any row is quarantined (the load is still recorded).",
        ),
    ] = False,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="For a lake (--store lake:PATH), the engine that loads it: " + ENGINE_HELP,
        ),
    ] = "duckdb",
    spark_conf: SparkConfOption = None,
) -> None:
    """Load a catalog and files of sessions, panels, reviews and signals into a store.

    Exits with status 1, after recording the load and its quarantine and printing the summary,
    when rows were quarantined and none stored (with --strict: when any row was quarantined).
    """
    import json

    import showmeter
    from showmeter.cli.progress import FileBars
    from showmeter.intake.published import PUBLISHED_SOURCES
    from showmeter.results import LoadRefusedError

    # Said in the command line's words before anything is read; published figures need none.
    if catalog is None and source not in PUBLISHED_SOURCES:
        raise UsageError(
            "--catalog is required to load files",
            remedy="Give the catalog of titles, seasons and episodes with --catalog FILE.",
        )
    refused: LoadRefusedError | None = None
    bars = FileBars(quiet or format is SummaryFormat.json)
    with bars as progress:
        try:
            summary = showmeter.ingest(
                store,
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
                rejects=rejects,
                progress=progress,
                strict=strict,
                aggregates_progress=None if progress is None else bars.aggregates,
                engine=engine,
                spark_conf=parse_spark_conf(spark_conf) or None,
            )
        except LoadRefusedError as error:  # recorded: show the summary, then the error
            refused, summary = error, error.summary
    if format is SummaryFormat.json:
        typer.echo(json.dumps(summary.to_list(), indent=2))
    else:
        _print_summary(summary)
    if refused is not None:
        raise refused


def _print_summary(summary: LoadSummary) -> None:
    from rich.console import Console
    from rich.table import Table

    from showmeter.intake.reasons import describe

    table = Table(title=f"Loaded into {summary.store}", title_justify="left")
    for name in ("file", "kind", "read", "loaded", "quarantined", "duplicates"):
        table.add_column(name, justify="left" if name in ("file", "kind") else "right")
    for s in summary.files:
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
    reasons = summary.reasons
    for reason, count in reasons.items():
        console.print(f"  [red]{count:,}[/] quarantined: [bold]{reason}[/] — {describe(reason)}")
    for s in summary.files:
        for value, count in s.notes.get("devices_mapped_to_other", {}).items():
            console.print(f"  {count:,} rows of {s.file}: device {value!r} counted as 'other'")
        for reason, guesses in s.notes.get("did_you_mean", {}).items():
            for wrong, right in guesses.items():
                console.print(
                    f"  {reason} in {s.file}: {wrong!r} — did you mean [bold]{right!r}[/]?",
                    highlight=False,
                )
        marker = s.notes.get("marker_disagreements")
        if marker:
            console.print(
                f"  [yellow]warning[/]: in {s.file}, the catalog disagrees with the season or "
                f"episode number a title writes: {marker['loaded']:,} rows loaded as the title "
                f"says, {marker['quarantined']:,} quarantined (unresolved_title, conflict "
                "episode_marker); fix the catalog's numbers or names. For example:",
                highlight=False,
            )
            for title, why in marker["examples"].items():
                console.print(f"    {title!r}: {why}", markup=False, highlight=False)
    if reasons:
        console.print(
            f"  See them with: showmeter quarantine --store {summary.store} "
            "(or SELECT * FROM quarantine ORDER BY file, line, or ingest --rejects FILE).",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
