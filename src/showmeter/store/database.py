"""The embedded store: one DuckDB file holding the canonical tables.

A store is created on first use, loaded by ``showmeter ingest`` and queried many times. Every
load runs in one transaction (see :func:`Store.transaction`), so a load that fails or is
interrupted leaves the store exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from showmeter.errors import InputError, MissingFileError, UsageError
from showmeter.schema import DUCKDB_TABLES as TABLES
from showmeter.store.locks import connect
from showmeter.store.lookups import Lookups

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    import duckdb

_ADDED_LATER = ("published", "runtime_origins")
"""Tables added after stores were first written; an older store opened read-only reads them
as empty tables (no runtime_origins row: every runtime given)."""

__all__ = ["MEMORY", "MEMORY_LIMIT_VARIABLE", "Store"]

MEMORY = ":memory:"
"""The path of a temporary in-memory store (``compute`` straight from files uses one)."""

MEMORY_LIMIT_VARIABLE = "SHOWMETER_MEMORY_LIMIT"
"""The environment variable that caps DuckDB's memory when no ``memory_limit`` is given
(``showmeter --memory-limit`` sets it); unset, DuckDB takes 80 % of the machine's memory."""


def create_tables(connection: duckdb.DuckDBPyConnection, tables: Mapping[str, str]) -> None:
    """Create the tables that do not exist yet in the connection's current database.

    Args:
        connection: A DuckDB connection.
        tables: Table name -> column DDL, as in :data:`showmeter.schema.DUCKDB_TABLES`.
    """
    for name, columns in tables.items():
        connection.execute(f'CREATE TABLE IF NOT EXISTS "{name}" ({columns})').fetchall()


class Store(Lookups):
    """A showmeter store: a DuckDB database with the canonical tables, and its lookups.

    The store is the one module that writes to the database and the one that reads its
    records (:class:`~showmeter.store.lookups.Lookups`: seasons, markets, panels, loads,
    quarantine, reviews); metrics are computed by :mod:`showmeter.engines`.

    Args:
        path: The store file, or ``":memory:"`` for a temporary store.
        read_only: Open without write access (the file must exist).
        memory_limit: DuckDB's memory limit, e.g. ``"2GB"``; larger work spills to disk.
            Default: ``$SHOWMETER_MEMORY_LIMIT``, else DuckDB's (80 % of the memory).
        threads: Worker threads for DuckDB; ``None`` uses every core.
        lock_wait: Seconds to wait while other processes only read the store (a dashboard)
            before opening it to write; default ``$SHOWMETER_LOCK_WAIT``, else 60. A store
            another process writes to is refused at once (:class:`StoreBusy`), and so is a
            read-only opening while one writes (the caller may try again).

    Raises:
        StoreBusy: Another process holds the store (see ``lock_wait``).
    """

    def __init__(
        self,
        path: str | Path = MEMORY,
        *,
        read_only: bool = False,
        memory_limit: str | None = None,
        threads: int | None = None,
        lock_wait: float | None = None,
    ) -> None:
        import duckdb

        self.path = str(path)
        self.read_only = read_only
        self.deadline: float | None = None
        """The :func:`time.monotonic` instant by which every lookup must be done (``None``:
        none); past it, a lookup raises ``OutOfTime``. :attr:`time_limit` sets it."""
        self._lock = threading.Lock()
        if self.path != MEMORY:
            file = Path(self.path)
            if read_only and not file.exists():
                raise MissingFileError(
                    "the store does not exist",
                    file=self.path,
                    remedy="Create it with `showmeter ingest --store FILE --catalog ...`, "
                    "or run `showmeter demo` for a demo store.",
                )
            if not read_only and not file.parent.exists():
                raise UsageError(
                    "the folder of the store does not exist",
                    file=self.path,
                    remedy="Create the folder first, or choose another --store path.",
                )
            _check_database_file(file)
        config: dict[str, str | bool | int | float | list[str]] = {}
        memory_limit = memory_limit or os.environ.get(MEMORY_LIMIT_VARIABLE) or None
        if memory_limit:
            config["memory_limit"] = memory_limit
        if threads:
            config["threads"] = threads
        try:
            self.connection: duckdb.DuckDBPyConnection = connect(
                self.path, read_only, config, lock_wait
            )
        except (duckdb.InvalidInputException, duckdb.ParserException) as error:
            raise UsageError(
                f"DuckDB refused the memory limit: {error}",
                value=memory_limit,
                expected="a size such as 4GB or 512MB",
                remedy=f"Fix --memory-limit (or ${MEMORY_LIMIT_VARIABLE}).",
            ) from error
        except duckdb.IOException as error:
            raise InputError(
                f"cannot open the store: {error}",
                file=self.path,
                remedy="Check that the file is a showmeter store and that no other "
                "process holds it open for writing.",
            ) from error
        self.connection.execute("SET TimeZone = 'UTC'").fetchall()
        if not read_only:
            self.create_tables()
        else:
            self._check_is_store()

    @property
    def time_limit(self) -> float | None:
        """Seconds left for lookups (``None``: no limit); setting it starts the clock."""
        if self.deadline is None:
            return None
        return self.deadline - time.monotonic()

    @time_limit.setter
    def time_limit(self, seconds: float | None) -> None:
        self.deadline = None if seconds is None else time.monotonic() + seconds

    def create_tables(self) -> None:
        """Create every canonical table that does not exist yet, and upgrade older stores."""
        create_tables(self.connection, TABLES)
        self._upgrade()

    def _upgrade(self) -> None:
        """Bring a store written by showmeter 0.1 to the current layout, in one transaction.

        0.1 gave a viewing row without an event id the key ``'#' + md5(values)``; such a row
        now has no ``row_id`` (its values are its identity). Without this, reloading its
        files into an old store would add every such row a second time.
        """
        nullable = self.connection.execute(
            "SELECT is_nullable FROM information_schema.columns "
            "WHERE table_schema = 'main' AND table_name = 'viewing' AND column_name = 'row_id'"
        ).fetchall()
        if nullable and nullable[0][0] == "NO":
            with self.transaction() as connection:
                connection.execute("ALTER TABLE viewing ALTER row_id DROP NOT NULL").fetchall()
                connection.execute(
                    "UPDATE viewing SET row_id = NULL "
                    "WHERE regexp_full_match(row_id, '#[0-9a-f]{32}')"
                ).fetchall()

    def _check_is_store(self) -> None:
        self._counted = self._count_every_table()
        if self._counted is not None:
            return  # every table is there (the usual case: one statement, no catalog listing)
        present = set(self.table_names())
        missing = [name for name in TABLES if name not in present]
        if missing and set(missing) <= set(_ADDED_LATER):
            # a store written before these tables existed: read them as empty (a writable
            # open creates them)
            for name in missing:
                self.connection.execute(f"CREATE TEMP TABLE {name} ({TABLES[name]})").fetchall()
            self._counted = self._count_every_table()
            return
        if missing:
            raise InputError(
                f"this DuckDB file is not a showmeter store: it lacks the tables {missing}",
                file=self.path,
                remedy="Point --store at a file made by `showmeter ingest` or `showmeter demo`.",
            )

    def table_names(self) -> list[str]:
        """The names of the tables in the store."""
        rows = self.connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
        return [str(row[0]) for row in rows]

    def fingerprint(self) -> str:
        """What identifies the store's contents: path, size, modification time and loads.

        Returns:
            A short text that changes whenever the store does (the path of a memory store).
        """
        loads = self.load_count()
        if self.path == MEMORY:
            return f"{MEMORY}|{id(self)}|{loads}"
        file = Path(self.path)
        stat = file.stat()
        return f"{file.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{loads}"

    def _count_every_table(self) -> dict[str, int] | None:
        """The rows of every canonical table, in one statement; None when a table is missing.

        Reading the catalog's listing of tables costs a fresh connection more than counting
        the rows of every table at once, which also tells whether they are all there.
        """
        import duckdb

        counted = ", ".join(f'(SELECT count(*) FROM "{name}")' for name in TABLES)
        try:
            row = self.connection.execute(f"SELECT {counted}").fetchone()
        except duckdb.CatalogException:
            return None
        return None if row is None else {n: int(v) for n, v in zip(TABLES, row, strict=True)}

    def counts(self) -> dict[str, int]:
        """The number of rows of every canonical table."""
        counted = getattr(self, "_counted", None)
        if counted is not None and self.read_only:  # counted on opening; nothing writes since
            return dict(counted)
        result: dict[str, int] = {}
        for name in TABLES:
            rows = self.connection.execute(f'SELECT count(*) FROM "{name}"').fetchall()
            result[name] = int(rows[0][0])
        return result

    def describe(self) -> dict[str, object]:
        """What a result computed from this store should say about its inputs.

        Returns:
            The store's path, the row count of every table, the approximations that the
            adapters of its loads made (e.g. a Netflix history with dates but no times), so
            that every figure computed from such rows says so. (Estimated runtimes are told
            by the results that use them: :meth:`runtime_estimates`.)
        """
        import json

        approximations: list[str] = []
        for (notes,) in self.connection.execute(
            "SELECT DISTINCT notes FROM loads WHERE notes LIKE '%approximations%'"
        ).fetchall():
            for text in json.loads(str(notes)).get("approximations", []):
                if text not in approximations:
                    approximations.append(str(text))
        described: dict[str, object] = {"store": self.path, "tables": self.counts()}
        if approximations:
            described["approximations"] = approximations
        times = self._approximate_viewing_times()
        if times:
            described["approximate_viewing_times"] = times
        return described

    def _approximate_viewing_times(self) -> list[str]:
        """The notes on rows whose viewing time is a date, not an instant.

        Trakt's back-dated ``watch`` rows: one line per load that read any, naming its file.
        """
        import json

        found: list[str] = []
        for file, notes in self.connection.execute(
            "SELECT file, notes FROM loads WHERE notes LIKE '%approximate_viewing_times%' "
            "ORDER BY loaded_at, file"
        ).fetchall():
            texts = json.loads(str(notes)).get("approximate_viewing_times", [])
            found.extend(f"{file}: {text}" for text in texts)
        return found

    def runtime_estimates(self) -> dict[str, dict[str, int]]:
        """The seasons with estimated runtimes (``runtime_origin: estimate`` in the catalog).

        Returns:
            ``"title:season"`` -> ``{"estimated": n, "episodes": m}``, for each season with at
            least one estimated runtime, in season order; empty for a store written before
            runtime origins were kept (every runtime then counts as given).
        """
        rows = self.connection.execute(
            "SELECT e.title, e.season, count(o.origin), count(*) FROM episodes e "
            "LEFT JOIN runtime_origins o ON o.title = e.title AND o.season = e.season "
            "AND o.episode = e.episode AND o.origin = 'estimate' "
            "GROUP BY 1, 2 HAVING count(o.origin) > 0 ORDER BY 1, 2"
        ).fetchall()
        return {f"{t}:{s}": {"estimated": int(n), "episodes": int(m)} for t, s, n, m in rows}

    @contextlib.contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run a block in one transaction: all of it is committed, or none of it.

        Yields:
            The connection, inside an open transaction.
        """
        self.connection.execute("BEGIN TRANSACTION").fetchall()
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK").fetchall()
            # The rolled-back rows may have grown the file: close() gives that back.
            self._rolled_back = True
            raise
        self.connection.execute("COMMIT").fetchall()

    def close(self) -> None:
        """Close the store (checkpointing it when writable).

        After a rolled-back transaction, the file is shrunk back to its committed content
        (see :mod:`showmeter.store.reclaim`), so a failed load gives back the disk it took.
        """
        with contextlib.suppress(Exception):
            if not self.read_only and self.path != MEMORY:
                self.connection.execute("CHECKPOINT").fetchall()
        self.connection.close()
        if getattr(self, "_rolled_back", False) and self.path != MEMORY:
            from showmeter.store.reclaim import reclaim

            reclaim(self.path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


DUCKDB_MAGIC = b"DUCK"
"""What a DuckDB database file holds at bytes 8 to 12."""


def _check_database_file(file: Path) -> None:
    """Refuse an existing file that is not a DuckDB database (a CSV or Parquet file, say).

    DuckDB would open such a file as a temporary in-memory database with the file attached,
    so a load into it would report rows loaded and keep none.

    Raises:
        InputError: The file exists, is not empty, and is not a DuckDB database.
    """
    if not file.is_file() or file.stat().st_size == 0:
        return
    with file.open("rb") as handle:
        head = handle.read(12)
    if head[8:12] != DUCKDB_MAGIC:
        raise InputError(
            "this file is not a showmeter store (not a DuckDB database)",
            file=str(file),
            remedy="Give --store a new file name (for example launch.duckdb) or a store made by "
            "`showmeter ingest`; input files go in --events, --panel, --reviews or --signals.",
        )
