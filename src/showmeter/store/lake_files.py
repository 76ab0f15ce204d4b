"""A lake's data files: writing a table of a load, and making a load's files durable and checked.

:func:`write_table` writes a query's rows as one table of a pending load (DuckDB ``COPY``).

:func:`seal` runs before a load's log entry is published (:meth:`showmeter.store.lake.Lake.
commit`): it reads every data file's Parquet footer (a file cut short has none, so it is
refused), checks the rows against what the load says it wrote, flushes every file and every
folder of the load to disk (``fsync``), and returns each file's size and rows, which the entry
records. So a committed entry never names a file that a power loss could still cut short, and a
reader (:func:`check_files`) can tell a file changed or lost after its commit from a good one.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from showmeter.errors import InputError
from showmeter.quoting import literal, quote

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    import duckdb

    from showmeter.store.lake import Pending

__all__ = ["check_files", "seal", "sync_folder", "write_table"]

PARTITIONS: dict[str, tuple[str, ...]] = {"viewing": ("title", "season")}
"""The Hive partition columns of a table (``title=T/season=S/`` folders); others have none."""


def write_table(
    con: duckdb.DuckDBPyConnection, query: str, pending: Pending, table: str, *, order: str = ""
) -> None:
    """Write a query's rows as the Parquet files of one table of a pending load.

    Partitioned tables (:data:`PARTITIONS`) go to ``key=value/`` folders (empty: no file); the
    others to one file (empty: a file of no rows, with the schema).

    Args:
        con: The connection that runs the query.
        query: The rows.
        pending: The load.
        table: The table.
        order: An ``ORDER BY`` list for the rows (none: as the query gives them).
    """
    folder = pending.table_folder(table)
    if order:
        query = f"SELECT * FROM ({query}) ORDER BY {order}"
    if table in PARTITIONS:
        keys = ", ".join(quote(c) for c in PARTITIONS[table])
        con.execute(
            f"COPY ({query}) TO {literal(str(folder))} "
            f"(FORMAT parquet, PARTITION_BY ({keys}), FILENAME_PATTERN 'part-{{i}}')"
        ).fetchall()
        return
    folder.mkdir(parents=True, exist_ok=True)
    target = literal(str(folder / "part-0.parquet"))
    con.execute(f"COPY ({query}) TO {target} (FORMAT parquet)").fetchall()


def seal(
    root: Path, files: Mapping[str, list[str]], rows: Mapping[str, int] | None, folder: Path
) -> dict[str, list[int]]:
    """Check a written load's files and flush them and their folders to disk.

    Args:
        root: The lake's folder (the files are relative to it).
        files: Per table, the load's files.
        rows: Per table, the rows the load says it wrote (tables left out are not counted).
        folder: The load's own folder (every folder under it is flushed, and it and its parent).

    Returns:
        Per file, ``[bytes, rows]``.

    Raises:
        InputError: A file is not a complete Parquet file, or a table holds other rows than
            the load wrote.
    """
    import pyarrow.parquet as pq

    sizes: dict[str, list[int]] = {}
    for table, listed in files.items():
        total = 0
        for name in listed:
            path = root / name
            _sync_file(path)
            try:
                count = int(pq.read_metadata(path).num_rows)
            except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
                raise InputError(
                    f"a file the load wrote is not a complete Parquet file: {error}",
                    file=str(path),
                    remedy="Run the load again; nothing of this load was committed.",
                ) from error
            sizes[name] = [path.stat().st_size, count]
            total += count
        if rows is not None and table in rows and rows[table] != total:
            raise InputError(
                f"the load wrote {total:,} rows of {table}, not the {rows[table]:,} it loaded",
                file=str(folder / table),
                expected=f"{rows[table]:,} rows",
                remedy="Run the load again; nothing of this load was committed (a file may "
                "be missing: check the executors' logs).",
            )
    for walked, _, _ in os.walk(folder, topdown=False):  # the deepest folders first
        sync_folder(Path(walked))
    sync_folder(folder.parent)
    return sizes


def check_files(root: Path, sizes: Iterable[tuple[str, list[int]]]) -> None:
    """Refuse to read a lake whose committed files are missing or of another size.

    Args:
        root: The lake's folder.
        sizes: ``(file, [bytes, rows])`` as the log entries record them.

    Raises:
        InputError: A file is missing, or its size is not the one committed.
    """
    for name, (size, _rows) in sizes:
        path = root / name
        try:
            found = path.stat().st_size
        except OSError as error:
            raise InputError(
                "a file the lake's log names is missing",
                file=str(path),
                remedy="Restore it from a backup: a committed file is never deleted or "
                "rewritten by showmeter (a folder removed by hand?).",
            ) from error
        if found != size:
            raise InputError(
                "a file the lake's log names is not the one committed",
                file=str(path),
                value=f"{found:,} bytes",
                expected=f"{size:,} bytes",
                remedy="Restore it from a backup: a committed file is never rewritten.",
            )


def _sync_file(path: Path) -> None:
    """Flush a file's data to disk (``fsync``), whoever wrote it."""
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries to disk (so that the files it names survive a crash)."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def try_lock(handle: int) -> bool | None:
    """Take an exclusive lock (``flock``) on an open file without waiting.

    Args:
        handle: A descriptor of the lock file, open for writing.

    Returns:
        True when the lock is taken (``handle`` stays open and holds it), False when another
        process holds it, None where the system has no ``flock``; ``handle`` is closed in both.
    """
    try:
        import fcntl
    except ImportError:  # not on POSIX: vacuum relies on the age of a folder alone
        os.close(handle)
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        return False
    return True
