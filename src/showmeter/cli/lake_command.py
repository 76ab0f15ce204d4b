"""``showmeter lake``: work with a lake's folder (``vacuum``: delete what no reader reads)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from showmeter.cli.app import app
from showmeter.cli.options import SummaryFormat

lake_app = typer.Typer(
    name="lake",
    help="Work with a lake (--store lake:PATH, docs/lake.md): delete the folders of killed "
    "loads and of loads a compaction replaced (vacuum).",
    no_args_is_help=True,
)
app.add_typer(lake_app, name="lake")


@lake_app.command()
def vacuum(
    path: Annotated[str, typer.Argument(help="The lake's folder (PATH or lake:PATH).")],
    older_than: Annotated[
        float,
        typer.Option(
            "--older-than",
            help="Hours since a folder was last written (a replaced one: since the compaction "
            "that replaced it) before it is deleted. Default: 168 (7 days, Delta Lake's).",
            min=0,
        ),
    ] = 168.0,
    yes: Annotated[
        bool, typer.Option("--yes", help="Delete them (without it, only list them).")
    ] = False,
    format: Annotated[SummaryFormat, typer.Option("--format", help="Summary form.")] = (
        SummaryFormat.table
    ),
) -> None:
    """List, and with --yes delete, the folders of a lake that no reader reads.

    Those of loads killed before their commit (never one whose load still runs: a load holds
    its folder's lock), and those of loads a compaction (optimize --store lake:PATH) replaced;
    only when older than --older-than hours. Committed data is never touched.
    """
    from showmeter.store.lake import Lake, lake_path
    from showmeter.store.lake_vacuum import plan
    from showmeter.store.lake_vacuum import vacuum as run

    lake = Lake(lake_path(path) or path)
    found = run(lake, older_than=older_than) if yes else plan(lake, older_than=older_than)
    if format is SummaryFormat.json:
        shown = {
            "lake": str(lake.root),
            "older_than_hours": older_than,
            "deleted": yes,
            "folders": [f.to_dict() for f in found],
        }
        typer.echo(json.dumps(shown, indent=2))
        return
    verb = "Deleted" if yes else "Would delete"
    typer.echo(
        f"{verb} {len(found)} folder{'s' if len(found) != 1 else ''} of {lake.root} "
        f"({sum(f.bytes for f in found) / 1e6:,.1f} MB) older than {older_than:g} hours"
        + ("." if found else ": nothing to do.")
    )
    for leftover in found:
        typer.echo(
            f"  {leftover.why:<16} {leftover.hours:8.1f} h {leftover.bytes / 1e6:10,.1f} MB  "
            f"{leftover.path}"
        )
    if found and not yes:
        typer.echo("Run again with --yes to delete them.")


def optimize_lake(store: str, format: SummaryFormat, aggregates_only: bool) -> None:
    """``showmeter optimize --store lake:PATH``: compact the lake (one file per partition).

    Raises:
        UsageError: ``--aggregates-only`` (a lake keeps no pre-aggregations).
    """
    from showmeter.errors import UsageError
    from showmeter.store.lake import lake_path
    from showmeter.store.lake_optimize import compact

    if aggregates_only:
        raise UsageError(
            "a lake keeps no pre-aggregations; its metrics are computed from the sessions",
            remedy="Leave out --aggregates-only: optimize --store lake:PATH compacts its files.",
        )
    root = lake_path(store)
    assert root is not None
    done = compact(root)
    if format is SummaryFormat.json:
        typer.echo(json.dumps(done.to_dict(), indent=2))
        return
    if done.version == 0:
        typer.echo(f"lake:{done.lake} holds no load yet: nothing to compact.")
        return
    typer.echo(
        f"Compacted lake:{done.lake} into version {done.version}: {done.files_before:,} files "
        f"-> {done.files_after:,}, every table's rows counted equal "
        f"({sum(done.rows.values()):,} rows), {done.seconds:.1f} s."
    )
    typer.echo(
        "  The replaced folders stay until `showmeter lake vacuum` deletes them "
        "(after its retention period)."
    )
