"""Fresh cursors of a store's connection, each optionally cut off past a time limit.

DuckDB runs the cursors of one connection in parallel, so every reader (a dashboard request, a
lookup) takes its own. A cursor given a time limit is interrupted
(:meth:`duckdb.DuckDBPyConnection.interrupt`) when the block runs past it, and the block ends
with :class:`OutOfTime`; the cursor is closed either way, so the next one starts clean.
"""

from __future__ import annotations

import contextlib
import threading
import time
from typing import TYPE_CHECKING

from showmeter.errors import ShowmeterError, resource_error

if TYPE_CHECKING:
    from collections.abc import Iterator

    import duckdb

__all__ = ["Cursor", "OutOfTime", "open_cursor"]


class OutOfTime(ShowmeterError):
    """A block on a cursor ran past its time limit and was interrupted.

    Args:
        limit: The limit, in seconds.
    """

    def __init__(self, limit: float) -> None:
        self.limit = limit
        super().__init__(f"interrupted after the limit of {limit:g} s")


class Cursor:
    """A fresh cursor, and the clock of its time limit.

    Attributes:
        connection: The cursor (a DuckDB connection of its own to the same database).
        limit: Seconds each step may take (``None``: no limit).
    """

    def __init__(self, connection: duckdb.DuckDBPyConnection, limit: float | None) -> None:
        self.connection = connection
        self.limit = limit
        self.deadline = time.monotonic() + (limit or 0.0)

    def restart(self) -> None:
        """Give the next step a time limit of its own (the clock starts again)."""
        if self.limit is not None:
            self.deadline = time.monotonic() + self.limit


@contextlib.contextmanager
def open_cursor(
    parent: duckdb.DuckDBPyConnection, lock: threading.Lock, limit: float | None = None
) -> Iterator[Cursor]:
    """A fresh cursor of ``parent``, interrupted if the block runs past ``limit``.

    Args:
        parent: The store's connection.
        lock: Held while the parent hands out the cursor (one at a time).
        limit: Seconds the block may take (:meth:`Cursor.restart` starts the clock again);
            ``None``: no limit; zero or less: none left, :class:`OutOfTime` at once.

    Yields:
        The cursor, in UTC.

    Raises:
        OutOfTime: The block ran past the limit.
        ResourceError: The disk or the memory ran out.
    """
    import duckdb

    if limit is not None and limit <= 0:
        raise OutOfTime(limit)  # the time was spent before this step started
    with lock:
        connection = parent.cursor()
    cursor = Cursor(connection, limit)
    finished = threading.Event()
    fired = threading.Event()

    def watch() -> None:
        while not finished.wait(max(0.0, cursor.deadline - time.monotonic())):
            if time.monotonic() < cursor.deadline:
                continue  # a step finished in time and restarted the clock
            fired.set()
            while not finished.is_set():  # again until it lands on a running statement
                connection.interrupt()
                finished.wait(0.01)

    watcher = threading.Thread(target=watch, name="showmeter-query-limit", daemon=True)
    try:
        connection.execute("SET TimeZone = 'UTC'").fetchall()
        if limit is not None:
            cursor.restart()
            watcher.start()
        yield cursor
    except duckdb.InterruptException as error:
        raise OutOfTime(limit or 0.0) from error
    except duckdb.Error as error:
        if fired.is_set():
            raise OutOfTime(limit or 0.0) from error
        resource = resource_error(error)  # a full disk or memory: the user's to fix
        if resource is not None:
            raise resource from error
        raise
    finally:
        finished.set()
        if watcher.is_alive():
            watcher.join()
        connection.close()
