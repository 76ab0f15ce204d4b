"""Rewrite a store with its sessions clustered by season, so that a season's queries read less.

A store keeps sessions in the order they were loaded: every row group of the ``viewing`` table
holds sessions of every season, and a query about one season reads them all. Rewritten in
(title, season, started_at) order, each row group holds one season's sessions of a span of
time, and DuckDB's zone maps skip the row groups that a filter on the season (and on the
launch window) rules out.

Measured on the 50 M-session benchmark store (``benchmarks/RESULTS.md``): one season's binge
racers 1.43 s -> 0.95 s and a third of the memory; the launch report under a 300 MB cap (season
by season) 233 s -> 134 s; queries over every season 1.0-1.2x as long. The rewrite of 50 M
sessions took 58 s. It copies every row of every table and checks the counts before the copy
replaces the store; figures are the same, up to the last bits of sums of doubles, which DuckDB's
parallel sums already vary from run to run.

The copy is written beside the store (``<store>.optimizing``) and moved over it only when it
is complete, so an interruption leaves the store as it was. Sessions loaded later are appended
in load order; optimizing again clusters them too.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from showmeter.errors import ResourceError, UsageError
from showmeter.quoting import literal, quote
from showmeter.store import MEMORY, Store

if TYPE_CHECKING:
    from collections.abc import Callable

    import duckdb

__all__ = ["ORDER", "ROOM", "Optimized", "optimize_store", "season_batches"]

ORDER = ("title", "season", "started_at")
"""The order the sessions are rewritten in."""

ROOM = 1.3
"""Free disk needed beside the store, as a multiple of its size. The copy of the 1 B-session
benchmark store was 1.23 times the store (season order compresses less well than load order),
and the sorts spill a batch's sessions."""


@dataclass(frozen=True)
class Optimized:
    """What :func:`optimize_store` did.

    Attributes:
        store: The store's path.
        order: The columns the sessions are now sorted by.
        tables: Rows of every table, the same before and after.
        seasons: The seasons the sessions belong to.
        batches: The sorts the sessions were rewritten in (one unless memory is short).
        bytes_before: The store file's size before.
        bytes_after: The store file's size after (the copy holds no freed blocks).
        seconds: Wall time.
    """

    store: str
    order: tuple[str, ...]
    tables: dict[str, int] = field(default_factory=dict)
    seasons: int = 0
    batches: int = 0
    bytes_before: int = 0
    bytes_after: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, object]:
        """The summary as JSON-ready values."""
        data = asdict(self)
        data["order"] = list(self.order)
        return data


def season_batches(
    counts: list[tuple[str, int, int]], rows_per_batch: int
) -> list[list[tuple[str, int]]]:
    """Group consecutive seasons into batches of at most ``rows_per_batch`` sessions.

    A season larger than the budget is a batch of its own.

    Args:
        counts: (title, season, sessions) in (title, season) order.
        rows_per_batch: The most sessions a batch should hold.

    Returns:
        The batches, each a list of (title, season), in order.
    """
    batches: list[list[tuple[str, int]]] = []
    current: list[tuple[str, int]] = []
    held = 0
    for title, season, rows in counts:
        if current and held + rows > rows_per_batch:
            batches.append(current)
            current, held = [], 0
        current.append((title, season))
        held += rows
    if current:
        batches.append(current)
    return batches


def optimize_store(
    path: str | Path,
    *,
    memory_limit: str | None = None,
    rows_per_batch: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Optimized:
    """Rewrite a store with its sessions sorted by title, season and start.

    Args:
        path: The store file.
        memory_limit: DuckDB's memory limit (default: ``$SHOWMETER_MEMORY_LIMIT``, else
            DuckDB's); a larger sort spills to ``<store>.tmp``.
        rows_per_batch: The most sessions sorted at once. Default: what fits the memory
            limit at :data:`~showmeter.resources.BYTES_PER_SESSION` bytes each, so
            that a store larger than memory is rewritten a few seasons at a time.
        progress: Called with (sessions written, sessions in all) before the first batch
            and after each.

    Returns:
        What was done, with the row counts that were checked.

    Raises:
        UsageError: ``path`` is not a file, or the store holds objects (views, macros,
            other schemas...) that the copy would not keep.
        InputError: The file is not a showmeter store, or another process holds it open.
        ResourceError: The disk beside the store has no room for the copy.
    """
    started = time.perf_counter()
    if str(path) == MEMORY or not Path(path).is_file():
        raise UsageError(
            "there is no store file to optimize",
            file=str(path),
            remedy="Point --store at a store made by `showmeter ingest` or `showmeter demo`.",
        )
    source = Path(path).resolve()  # through a symbolic link: the file it points to is rewritten
    Store(source, read_only=True).close()  # an InputError unless it is a showmeter store
    store = Store(source, memory_limit=memory_limit)  # holds the write lock to the end
    target = source.with_name(source.name + ".optimizing")
    try:
        for stale in _files(target):  # left by a run that was killed
            stale.unlink(missing_ok=True)
        before = _size(source)
        _check_room(source, int(before * ROOM))
        tables, seasons, batches = _copy(store.connection, source, target, rows_per_batch, progress)
        if any(wal.exists() for wal in (Path(f"{source}.wal"), Path(f"{target}.wal"))):
            raise RuntimeError("a write-ahead log was left after the checkpoint")
        _same_owner_and_mode(source, target)
        # Replaced while the old file is still locked, so that no load can write to it between.
        os.replace(target, source)
        _sync_folder(source.parent)
    except BaseException:
        for partial in _files(target):
            partial.unlink(missing_ok=True)
        raise
    finally:
        store.close()
    return Optimized(
        store=str(path),
        order=ORDER,
        tables=tables,
        seasons=seasons,
        batches=batches,
        bytes_before=before,
        bytes_after=_size(source),
        seconds=time.perf_counter() - started,
    )


def _files(database: Path) -> tuple[Path, Path]:
    return database, Path(f"{database}.wal")


def _same_owner_and_mode(source: Path, target: Path) -> None:
    shutil.copymode(source, target)
    status = source.stat()
    with contextlib.suppress(OSError):  # only root may give a file away
        os.chown(target, status.st_uid, status.st_gid)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every system can sync a folder
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _size(path: Path) -> int:
    wal = Path(f"{path}.wal")
    return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def _check_room(source: Path, needed: int) -> None:
    free = shutil.disk_usage(source.parent).free
    if free < needed:
        raise ResourceError(
            f"optimizing needs room for a copy of the store beside it, about {_bytes(needed)}, "
            f"and {_bytes(free)} are free",
            file=str(source),
            remedy="Free disk space in that folder, or move the store to a disk with room "
            "and optimize it there.",
        )


def _copy(
    con: duckdb.DuckDBPyConnection,
    store: Path,
    target: Path,
    rows_per_batch: int | None,
    progress: Callable[[int, int], None] | None,
) -> tuple[dict[str, int], int, int]:
    """Write every table into ``target``, the sessions sorted; return counts, seasons, batches."""
    con.execute("CHECKPOINT").fetchall()
    name = str(con.execute("SELECT current_database()").fetchall()[0][0])
    _refuse_other_objects(con, name, str(store))
    tables = {
        str(table): str(sql)
        for table, sql in con.execute(
            "SELECT table_name, sql FROM duckdb_tables() "
            "WHERE database_name = ? AND schema_name = 'main' ORDER BY table_name",
            [name],
        ).fetchall()
    }
    alias = f"showmeter_optimized_{uuid.uuid4().hex[:12]}"
    source, copy = quote(name), quote(alias)
    con.execute(f"ATTACH {literal(str(target))} AS {copy}").fetchall()
    try:
        con.execute(f"USE {copy}").fetchall()
        for sql in tables.values():
            con.execute(sql).fetchall()
        con.execute(f"USE {source}").fetchall()
        for table in tables:
            if table != "viewing":
                each = quote(table)
                con.execute(
                    f"INSERT INTO {copy}.main.{each} SELECT * FROM {source}.main.{each}"
                ).fetchall()
        seasons, batches = _copy_sessions(con, source, copy, rows_per_batch, progress)
        counts: dict[str, int] = {}
        for table in tables:
            stored = _count(con, f"{source}.main.{quote(table)}")
            copied = _count(con, f"{copy}.main.{quote(table)}")
            if stored != copied:
                raise RuntimeError(f"the copy of {table} holds {copied:,} rows, not {stored:,}")
            counts[table] = stored
        con.execute(f"CHECKPOINT {copy}").fetchall()
    except BaseException:
        with contextlib.suppress(Exception):  # the error that stopped the copy is the one to show
            con.execute(f"USE {source}").fetchall()
            con.execute(f"DETACH {copy}").fetchall()
        raise
    con.execute(f"DETACH {copy}").fetchall()
    return counts, seasons, batches


def _copy_sessions(
    con: duckdb.DuckDBPyConnection,
    source: str,
    copy: str,
    rows_per_batch: int | None,
    progress: Callable[[int, int], None] | None,
) -> tuple[int, int]:
    from showmeter.resources import BYTES_PER_SESSION
    from showmeter.resources import memory_limit as read_memory_limit

    viewing = f"{source}.main.viewing"
    counts = [
        (str(t), int(s), int(n))
        for t, s, n in con.execute(
            f"SELECT title, season, count(*) FROM {viewing} GROUP BY ALL ORDER BY ALL"
        ).fetchall()
    ]
    sessions = {(title, season): n for title, season, n in counts}
    total = sum(sessions.values())
    if rows_per_batch is None:
        limit = read_memory_limit(con)
        rows_per_batch = max(1, limit // BYTES_PER_SESSION) if limit else max(1, total)
    batches = season_batches(counts, rows_per_batch)
    order = ", ".join(ORDER)
    done = 0
    if progress is not None:
        progress(done, total)
    for batch in batches:
        values = ", ".join("(?, ?)" for _ in batch)
        parameters: list[object] = [v for pair in batch for v in pair]
        con.execute(
            f"INSERT INTO {copy}.main.viewing SELECT v.* FROM {viewing} AS v "
            f"SEMI JOIN (VALUES {values}) AS batch(title, season) "
            f"ON v.title = batch.title AND v.season = batch.season ORDER BY {order}",
            parameters,
        ).fetchall()
        done += sum(sessions[pair] for pair in batch)
        if progress is not None:
            progress(done, total)
    return len(counts), len(batches)


def _refuse_other_objects(con: duckdb.DuckDBPyConnection, database: str, file: str) -> None:
    """Stop before copying a store that holds objects other than tables, which would be lost."""
    others = con.execute(
        "SELECT 'view ' || view_name FROM duckdb_views() WHERE database_name = $1 "
        "AND NOT internal UNION ALL "
        "SELECT 'index ' || index_name FROM duckdb_indexes() WHERE database_name = $1 UNION ALL "
        "SELECT 'sequence ' || sequence_name FROM duckdb_sequences() WHERE database_name = $1 "
        "UNION ALL SELECT 'schema ' || schema_name FROM duckdb_schemas() "
        "WHERE database_name = $1 AND NOT internal AND schema_name <> 'main' UNION ALL "
        "SELECT 'macro ' || function_name FROM duckdb_functions() WHERE database_name = $1 "
        "AND NOT internal UNION ALL "
        "SELECT 'type ' || type_name FROM duckdb_types() WHERE database_name = $1 "
        "AND NOT internal UNION ALL "
        "SELECT 'comment on ' || table_name FROM duckdb_tables() WHERE database_name = $1 "
        "AND comment IS NOT NULL UNION ALL "
        "SELECT 'comment on ' || table_name || '.' || column_name FROM duckdb_columns() "
        "WHERE database_name = $1 AND comment IS NOT NULL",
        [database],
    ).fetchall()
    if others:
        raise UsageError(
            "the store holds objects that optimizing would not copy: "
            + ", ".join(str(row[0]) for row in others),
            file=file,
            remedy="Drop them first (they are not showmeter's), then optimize.",
        )


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])


def _bytes(size: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"
