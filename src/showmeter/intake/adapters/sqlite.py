"""Reading the SQLite databases of other tools (Tautulli, Jellyfin's Playback Reporting).

A database is opened read-only (a running server may hold it; nothing is ever written) and
read through a cursor in slices of :data:`FETCH_ROWS`, so memory stays bounded.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from showmeter.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

__all__ = ["FETCH_ROWS", "columns", "is_sqlite", "open_read_only", "rows"]

FETCH_ROWS = 10_000
"""Rows fetched from the cursor at a time."""

_MAGIC = b"SQLite format 3\x00"


def is_sqlite(path: Path) -> bool:
    """Whether ``path`` is a SQLite database (by its first bytes, not its name)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(_MAGIC)) == _MAGIC
    except OSError:
        return False


def open_read_only(path: Path) -> sqlite3.Connection:
    """Open a database without write access.

    Raises:
        InputError: The file cannot be opened as a database.
    """
    connection = None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except sqlite3.Error as error:
        if connection is not None:
            connection.close()
        raise InputError(
            f"cannot open the SQLite database: {error}",
            file=str(path),
            remedy="Check that the file is a complete copy of the database.",
        ) from error
    connection.row_factory = sqlite3.Row
    return connection


def columns(connection: sqlite3.Connection, table: str) -> set[str]:
    """The column names of ``table`` in lower case (empty when there is no such table)."""
    info = connection.execute("SELECT name FROM pragma_table_info(?)", (table,)).fetchall()
    return {str(row[0]).lower() for row in info}


def rows(connection: sqlite3.Connection, query: str, path: Path) -> Iterator[dict[str, Any]]:
    """The rows of ``query``, fetched in slices, as dicts.

    Raises:
        InputError: The query fails (a damaged or unexpected database).
    """
    try:
        cursor = connection.execute(query)
        while True:
            chunk = cursor.fetchmany(FETCH_ROWS)
            if not chunk:
                return
            for row in chunk:
                yield dict(row)
    except sqlite3.Error as error:
        raise InputError(
            f"cannot read the database: {error}",
            file=str(path),
            remedy="Check that the file is a complete, undamaged copy of the database.",
        ) from error
