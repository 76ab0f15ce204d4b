"""Writing a world to a folder that ``showmeter ingest`` reads as it is.

::

    DIR/catalog.yaml
    DIR/sessions/part-00000.parquet ...   (a few million sessions each)
    DIR/panels.parquet
    DIR/reviews.csv
    DIR/signals.parquet

Sessions are generated and written table by table, so memory stays bounded by one table
(``chunk_rows`` sessions) whatever the total.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from showmeter.simulate.catalog_file import catalog_yaml
from showmeter.simulate.panels import panel_table
from showmeter.simulate.plan import Plan
from showmeter.simulate.reviews import reviews_csv
from showmeter.simulate.sessions import CHUNK_ROWS, fixed_units, session_schema, session_tables
from showmeter.simulate.signals import signal_table

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from showmeter.simulate.spec import World

__all__ = ["FILE_ROWS", "Written", "write_world"]

FILE_ROWS = 5_000_000
"""Sessions per Parquet file, roughly (a file closes after the table that passes it)."""

Progress = Callable[[int, int], None]
"""Called as ``progress(sessions_written, sessions_wanted)`` after each table."""


@dataclass
class Written:
    """What :func:`write_world` wrote.

    Attributes:
        folder: The output folder.
        catalog: The catalog file.
        session_files: The session files, in order.
        sessions: Sessions written.
        panel_units: Panel units written.
        reviews: Reviews written.
        signals: Signal rows written.
        seconds: Wall time of the whole run.
        session_seconds: Wall time spent generating and writing the sessions.
    """

    folder: Path
    catalog: Path
    session_files: list[Path] = field(default_factory=list)
    sessions: int = 0
    panel_units: int = 0
    reviews: int = 0
    signals: int = 0
    seconds: float = 0.0
    session_seconds: float = 0.0

    def inputs(self) -> list[tuple[str, str]]:
        """The ``(kind, path)`` pairs to give ``showmeter.intake.load.ingest``."""
        return [
            ("viewing", str(self.folder / "sessions")),
            ("panels", str(self.folder / "panels.parquet")),
            ("reviews", str(self.folder / "reviews.csv")),
            ("signals", str(self.folder / "signals.parquet")),
        ]


class _SessionFiles:
    """Parquet files of sessions, opened as the rows come."""

    def __init__(self, folder: Path, rows_per_file: int) -> None:
        self.folder = folder
        self.rows_per_file = rows_per_file
        self.files: list[Path] = []
        self.writer: pq.ParquetWriter | None = None
        self.rows_in_file = 0

    def write(self, table: pa.Table) -> None:
        import pyarrow.parquet as pq

        if self.writer is None:
            path = self.folder / f"part-{len(self.files):05d}.parquet"
            self.files.append(path)
            self.writer = pq.ParquetWriter(
                path,
                session_schema(),
                compression="snappy",
                store_schema=False,  # ids read back as plain strings
                use_dictionary=["title", "device", "market"],
            )
        self.writer.write_table(table, row_group_size=1 << 20)
        self.rows_in_file += table.num_rows
        if self.rows_in_file >= self.rows_per_file:
            self.close()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.writer = None
        self.rows_in_file = 0


def write_world(
    world: World,
    output: str | Path,
    *,
    sessions: int | None = None,
    seed: int | None = None,
    chunk_rows: int = CHUNK_ROWS,
    rows_per_file: int = FILE_ROWS,
    progress: Progress | None = None,
) -> Written:
    """Generate a world and write it to ``output``.

    Args:
        world: The world.
        output: The folder (created when missing; its ``sessions`` folder is emptied of
            earlier ``part-*.parquet`` files).
        sessions: Sessions in all; ``None``: the world's own number.
        seed: The seed (``None``: the world's): the same seed writes the same files.
        chunk_rows: Sessions generated at a time (bounds memory).
        rows_per_file: Sessions per Parquet file, roughly.
        progress: Called after each table of sessions.

    Returns:
        What was written.
    """
    import pyarrow.parquet as pq

    began = time.perf_counter()
    seed = world.seed if seed is None else seed
    wanted = world.sessions if sessions is None else sessions
    folder = Path(output)
    session_folder = folder / "sessions"
    session_folder.mkdir(parents=True, exist_ok=True)
    for old in session_folder.glob("part-*.parquet"):
        old.unlink()
    written = Written(folder=folder, catalog=folder / "catalog.yaml")
    written.catalog.write_text(catalog_yaml(world), encoding="utf-8")
    plan = Plan(world)
    files = _SessionFiles(session_folder, rows_per_file)
    try:
        for table in session_tables(
            world, sessions_wanted=wanted, seed=seed, chunk_rows=chunk_rows, plan=plan
        ):
            files.write(table)
            written.sessions += table.num_rows
            if progress is not None:
                progress(written.sessions, wanted)
    finally:
        files.close()
    written.session_files = files.files
    written.session_seconds = time.perf_counter() - began
    panels = panel_table(plan, seed, fixed_units(world, wanted))
    pq.write_table(panels, folder / "panels.parquet")
    written.panel_units = panels.num_rows
    text = reviews_csv(world, seed)
    (folder / "reviews.csv").write_text(text, encoding="utf-8")
    written.reviews = text.count("\n") - 1
    signals = signal_table(world, seed)
    pq.write_table(signals, folder / "signals.parquet")
    written.signals = signals.num_rows
    written.seconds = time.perf_counter() - began
    return written
