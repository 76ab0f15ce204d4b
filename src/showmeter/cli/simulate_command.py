"""``showmeter simulate``: write a synthetic world that ``showmeter ingest`` reads as it is."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from showmeter.cli.app import app, progress_bar, stderr

if TYPE_CHECKING:
    from showmeter.simulate import World, Written


class WorldName(StrEnum):
    """The worlds ``simulate`` can write."""

    demo = "demo"
    synthetic = "synthetic"


def _world(name: WorldName, titles: int) -> World:
    from showmeter.simulate import demo_world, synthetic_world

    return demo_world() if name is WorldName.demo else synthetic_world(titles=titles)


class _Bar:
    """A Rich progress bar of the sessions written (silent when ``quiet``)."""

    def __init__(self, quiet: bool, total: int) -> None:
        self.quiet = quiet
        self.total = total
        self.bar: Any = None

    def __enter__(self) -> _Bar:
        if not self.quiet:
            self.bar = progress_bar("{task.description}")
            self.task = self.bar.add_task("sessions", total=self.total)
        return self

    def update(self, done: int, total: int) -> None:
        """Show ``done`` sessions written."""
        if self.bar is not None:
            self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _summary(written: Written, quiet: bool) -> None:
    if quiet:
        return
    rate = written.sessions / written.session_seconds if written.session_seconds else 0.0
    folder = written.folder
    console = stderr()
    console.print(
        f"Wrote {written.sessions:,} sessions in {len(written.session_files)} files, "
        f"{written.panel_units:,} panel units, {written.reviews:,} reviews and "
        f"{written.signals:,} signal rows to {folder} in {written.seconds:.1f} s "
        f"(sessions at {rate:,.0f}/s). The data are simulated.",
        highlight=False,
        soft_wrap=True,
    )
    console.print(
        f"Load them with: showmeter ingest --store world.duckdb --catalog {folder}/catalog.yaml "
        f"--events {folder}/sessions --panel {folder}/panels.parquet "
        f"--reviews {folder}/reviews.csv --signals {folder}/signals.parquet",
        highlight=False,
        soft_wrap=True,
    )


@app.command()
def simulate(
    output: Annotated[Path, typer.Option("--output", help="Folder to write the world to.")] = Path(
        "showmeter-world"
    ),
    sessions: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=1_000_000_000,
            help="Viewing sessions in all (default: the world's own number).",
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(
            min=0, help="Seed: the same seed writes the same files (default: the world's)."
        ),
    ] = None,
    world: Annotated[
        WorldName,
        typer.Option(
            help="demo: Marvel's series among invented peers; synthetic: invented titles."
        ),
    ] = WorldName.demo,
    titles: Annotated[
        int, typer.Option(min=1, max=10_000, help="Titles of the synthetic world.")
    ] = 50,
    chunk_rows: Annotated[
        int, typer.Option(min=10_000, help="Sessions generated at a time (bounds memory).")
    ] = 500_000,
    rows_per_file: Annotated[
        int, typer.Option(min=10_000, help="Sessions per Parquet file, roughly.")
    ] = 5_000_000,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")
    ] = False,
) -> None:
    """Write a synthetic world: catalog, sessions, panels, reviews and demand signals.

    The folder holds catalog.yaml, sessions/part-*.parquet, panels.parquet, reviews.csv and
    signals.parquet, ready for `showmeter ingest`. Any scale, in bounded memory; the same
    seed gives the same files.
    """
    from showmeter.simulate import write_world

    spec = _world(world, titles)
    total = spec.sessions if sessions is None else sessions
    with _Bar(quiet, total) as bar:
        written = write_world(
            spec,
            output,
            sessions=sessions,
            seed=seed,
            chunk_rows=chunk_rows,
            rows_per_file=rows_per_file,
            progress=bar.update,
        )
    _summary(written, quiet)
