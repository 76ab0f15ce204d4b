"""The ``showmeter`` command line.

Every command is a thin layer over the Python API: it parses options, calls the library, and
prints. One error boundary (:func:`main`) turns a user error into one red ``Error:`` line and
exit status 1 (2 for bad usage); ``--debug`` shows the traceback instead. Heavy libraries are
imported inside the commands so that ``showmeter --help`` starts fast.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from showmeter import __version__
from showmeter.errors import CatalogError, ShowmeterError, UsageError, UserError

if TYPE_CHECKING:
    from rich.console import Console

    from showmeter.ingest.load import FileSummary

__all__ = ["app", "main"]

app = typer.Typer(
    name="showmeter",
    help="How did this season's launch go? Launch metrics from raw rows, by published definitions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

_state = {"debug": False}


class SummaryFormat(StrEnum):
    """How ``ingest`` prints its summary."""

    table = "table"
    json = "json"


class ResultFormat(StrEnum):
    """How ``compute`` prints its result."""

    table = "table"
    json = "json"
    csv = "csv"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"showmeter {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    _state["debug"] = debug


def _stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True)


@app.command()
def demo(
    output: Annotated[
        Path, typer.Option(help="Folder for report.html, report.json and demo.duckdb.")
    ] = Path("showmeter-demo"),
) -> None:
    """Build the demo world, compute the launch report of The Defenders, compare with the press."""
    _stderr().print(
        "[yellow]showmeter demo is not built yet.[/] It will simulate the launch of Marvel's "
        "The Defenders and reproduce its published figures. Meanwhile, try "
        "[bold]showmeter ingest[/] and [bold]showmeter compute[/] on your own data; "
        "`showmeter --help` lists them."
    )


StoreOption = Annotated[Path, typer.Option("--store", help="The store (a DuckDB file).")]
CatalogOption = Annotated[
    Path | None, typer.Option("--catalog", help="The catalog (YAML or JSON).")
]
FilesOption = Annotated[list[str] | None, typer.Option(help="File, directory or glob.")]
SourceOption = Annotated[
    str, typer.Option("--source", help="The adapter that reads the viewing files.")
]
AssumeTzOption = Annotated[
    str | None,
    typer.Option("--assume-tz", help="IANA zone for timestamps without an offset."),
]


def _inputs(
    events: list[str] | None,
    panel: list[str] | None,
    reviews: list[str] | None,
    signals: list[str] | None,
) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for kind, specs in (
        ("viewing", events),
        ("panels", panel),
        ("reviews", reviews),
        ("signals", signals),
    ):
        pairs.extend((kind, spec) for spec in specs or [])
    return pairs


def _load(
    store_path: str,
    catalog: Path | None,
    inputs: list[tuple[str, str]],
    *,
    source: str,
    assume_tz: str | None,
    rejects: Path | None,
    quiet: bool,
) -> tuple[Any, list[FileSummary]]:
    from showmeter.catalog import load_catalog
    from showmeter.ingest.load import ingest
    from showmeter.store import Store

    if catalog is None:
        raise UsageError(
            "--catalog is required to load files",
            remedy="Give the catalog of titles, seasons and episodes with --catalog FILE.",
        )
    parsed = load_catalog(catalog)
    store = Store(store_path)
    try:
        with _progress(quiet) as progress:
            summaries = ingest(
                store,
                parsed,
                inputs,
                assume_tz=assume_tz,
                source=source,
                rejects=rejects,
                progress=progress,
            )
    except BaseException:
        store.close()
        raise
    return store, summaries


class _progress:
    """A Rich progress bar on stderr, one task per file (silent when ``quiet``)."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> Any:
        if self.quiet:
            return None
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=_stderr(),
            transient=False,
        )
        self.bar.start()
        return self.update

    def update(self, file: str, done: int, total: int) -> None:
        if file not in self.tasks:
            self.tasks[file] = self.bar.add_task(Path(file).name, total=total or None)
        self.bar.update(self.tasks[file], completed=done if total else 0)

    def __exit__(self, *exc: object) -> None:
        if not self.quiet:
            for task in self.tasks.values():
                total = self.bar.tasks[task].total
                if total:
                    self.bar.update(task, completed=total)
            self.bar.stop()


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

    inputs = _inputs(events, panel, reviews, signals)
    opened, summaries = _load(
        str(store),
        catalog,
        inputs,
        source=source,
        assume_tz=assume_tz,
        rejects=rejects,
        quiet=quiet or format is SummaryFormat.json,
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


def _params(settings: list[str] | None) -> dict[str, str]:
    params: dict[str, str] = {}
    for setting in settings or []:
        name, sep, value = setting.partition("=")
        if not sep or not name.strip():
            raise UsageError(
                "--set takes NAME=VALUE",
                value=setting,
                remedy="Write for example --set window_days=30.",
            )
        params[name.strip()] = value.strip()
    return params


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

    params = _params(set_)
    inputs = _inputs(events, panel, reviews, signals)
    if store is not None and inputs:
        raise UsageError(
            "give either --store or input files, not both",
            remedy="Ingest the files into the store first, or drop --store.",
        )
    if store is not None:
        from showmeter.store import Store

        opened = Store(store, read_only=True)
        described: list[dict[str, object]] = [{"store": str(store), "tables": opened.counts()}]
    elif inputs:
        opened, summaries = _load(
            ":memory:",
            catalog,
            inputs,
            source=source,
            assume_tz=assume_tz,
            rejects=None,
            quiet=True,
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


@app.command()
def metrics(
    name: Annotated[str | None, typer.Argument(help="Explain this metric.")] = None,
    engine: Annotated[str, typer.Option(help="Show the SQL for this engine.")] = "duckdb",
) -> None:
    """List the metrics, or explain one: definition, parameters, source and SQL."""
    from rich.console import Console

    from showmeter.engines import explain
    from showmeter.metrics import registry

    console = Console()
    if name is not None:
        console.print(explain(name, engine=engine), highlight=False)
        return
    from rich.table import Table

    table = Table(title="Metrics", title_justify="left")
    for column in ("metric", "family", "unit", "definition"):
        table.add_column(column)
    for metric in registry.all_metrics():
        table.add_row(metric.name, metric.family, metric.unit, metric.summary)
    console.print(table)


def main() -> None:
    """Run the CLI with one error boundary."""
    try:
        code = app(standalone_mode=False)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except typer.Abort:
        _stderr().print("[red]Aborted.[/]")
        sys.exit(130)
    except typer.TyperException as error:  # click's usage errors (bad option, missing argument)
        show = getattr(error, "show", None)
        if callable(show):
            show()
        else:
            _stderr().print(f"[red bold]Error:[/] {error.format_message()}")
        sys.exit(error.exit_code)
    except UserError as error:
        if _state["debug"]:
            raise
        console = _stderr()
        console.print(f"[red bold]Error:[/] {error}", highlight=False, soft_wrap=True)
        if isinstance(error, CatalogError) and len(error.problems) > 1:
            console.print(error.details, highlight=False, soft_wrap=True)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        _stderr().print("[red]Interrupted[/]: nothing was changed by the interrupted command.")
        sys.exit(130)
    except (ShowmeterError, Exception) as error:
        if _state["debug"]:
            raise
        _stderr().print(
            f"[red bold]Error:[/] internal error: {type(error).__name__}: {error}. "
            "This is a bug in showmeter: run again with --debug and report the traceback.",
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(3)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
