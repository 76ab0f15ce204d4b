"""The launch report from files read in place on Spark: nothing goes through a DuckDB file.

:func:`open_for_report` opens the files on Spark (:func:`~showmeter.engines.spark_in_place.
open_on_spark`: the ingest's rules run there) and gives what ``build_report`` takes:

- a :class:`FilesOnSpark` store: an in-memory DuckDB holding only the small records the report
  shows beside its figures — the catalog, the files' load summaries, the panels and the reviews
  (collected from Spark; both are small) — whose row counts, quarantine by reason and signal
  dates are asked of Spark;
- a :class:`SparkFilesEngine`: the Spark engine whose batches read the canonical tables from
  the session's temporary views (the rows the rules kept), so every figure is computed on
  the cluster from the files.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from showmeter.engines.spark_engine import SparkEngine
from showmeter.engines.spark_in_place import SparkInputs, open_on_spark
from showmeter.engines.spark_in_place_sources import absolute, shown
from showmeter.engines.spark_tables import ADAPTIVE, SparkBatch
from showmeter.store import Store

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Iterator

    import duckdb
    from pyspark.sql import SparkSession

    from showmeter.catalog import Catalog
    from showmeter.engines.base import Engine
    from showmeter.store.records import Quarantined

__all__ = ["FilesOnSpark", "SparkFilesEngine", "open_for_report"]

_FACTS = ("viewing", "panels", "reviews", "signals")


def relative_roots(paths: Iterable[str]) -> tuple[str, ...]:
    """Where the paths given relative lie, absolute: the files under them are shown relative.

    A glob's root is its part before the first wildcard (``data/*.csv``: ``data``).
    """
    import os.path

    from showmeter.intake.listing import WILDCARDS

    roots = []
    for path in paths:
        if "://" in path or path.startswith("file:") or os.path.isabs(path):
            continue
        parts = []
        for part in Path(path).parts:
            if any(wildcard in part for wildcard in WILDCARDS):
                break
            parts.append(part)
        roots.append(os.path.abspath(os.path.join(".", *parts)))
    return tuple(roots)


def as_given(path: str, roots: tuple[str, ...]) -> str:
    """A local file's absolute path (as Spark lists it) relative to here when given so.

    Spark qualifies a relative path with the working folder; DuckDB (a store's load, a report
    from files on DuckDB) keeps the path as given, and so a file under a path given relative
    (one of ``roots``, see :func:`relative_roots`) is shown relative to the working folder,
    and a file given by its absolute path stays absolute. A URI (``hdfs://``, ``s3a://``)
    stays as it is.
    """
    import os.path

    if "://" in path or not os.path.isabs(path):
        return path
    if any(path == root or path.startswith(root.rstrip("/") + "/") for root in roots):
        return os.path.relpath(path)
    return path


class FilesOnSpark(Store):
    """An in-memory store of the records of files open on Spark (see the module docstring)."""

    opened: SparkInputs | None = None
    relative: tuple[str, ...] = ()
    """Where the paths given relative lie (their files shown relative, as DuckDB does)."""

    def _spark(self) -> SparkInputs:
        if self.opened is None:
            raise RuntimeError("the files are not open on Spark")
        return self.opened

    def counts(self) -> dict[str, int]:
        """Every table's rows: the canonical tables' and the quarantine's counted on Spark."""
        counts = super().counts()
        opened = self._spark()
        for name in _FACTS:
            counts[name] = int(opened.session.table(name).count())
        counts["quarantine"] = int(opened.session.sql(opened.rejects_sql()).count())
        return counts

    def quarantine(self) -> list[Quarantined]:
        """The quarantine by reason and kind, each with its first example (by file, then line).

        Most rows first, then by reason, then by kind, as a store's
        (:meth:`showmeter.store.lookups.Lookups.quarantine`). Each file's count and first row
        come from Spark; the first file is chosen here, by its path as given (a relative path
        as the user wrote it sorts otherwise than Spark's absolute URI).
        """
        from showmeter.store.records import Quarantined

        opened = self._spark()
        rows = opened.session.sql(
            "SELECT reason, kind, file, count(*) OVER (PARTITION BY reason, kind, file) AS n, "
            "line, `column`, value, row_number() OVER (PARTITION BY reason, kind, file "
            f"ORDER BY line NULLS LAST) AS k FROM ({opened.rejects_sql()})"
        ).where("k = 1")
        groups: dict[tuple[str, str], list[tuple[str, Any, Any, Any, int]]] = {}
        for reason, kind, file, count, line, column, value, _ in rows.collect():
            path = self.given(file)
            groups.setdefault((str(reason), str(kind)), []).append(
                (path, line, column, value, int(count))
            )
        found = []
        for (reason, kind), files in groups.items():
            path, line, column, value, _ = min(
                files, key=lambda f: (f[0], f[1] is None, f[1] if f[1] is not None else 0)
            )
            where = f"{path}:{line}" if line is not None else path
            example = f"{where}, column {column}" if column else where
            if value is not None:
                example += f": {value!r}"
            found.append(Quarantined(reason, kind, sum(f[4] for f in files), example))
        return sorted(found, key=lambda q: (-q.rows, q.reason, q.kind))

    def given(self, uri: str) -> str:
        """A file as the user gave it: a local file under a relative path stays relative."""
        return as_given(shown(uri), self.relative)

    def signal_dates(self) -> tuple[dt.date, dt.date] | None:
        """The first and last date of the demand signals (``None`` without any)."""
        [(first, last)] = (
            self._spark().session.sql("SELECT min(date), max(date) FROM signals").collect()
        )
        return (first, last) if first is not None else None


class _ViewsBatch(SparkBatch):
    """A batch whose canonical tables are the session's views of the files' rows."""

    def __init__(
        self, engine: Engine, session: SparkSession, con: duckdb.DuckDBPyConnection, **how: Any
    ) -> None:
        adaptive = how.pop("adaptive", None)
        super().__init__(engine, session, con, **how)
        self.session = session  # the session holding the views, not a child of it
        if adaptive is not None:  # set on that session (the parent set it on its child)
            self._set(ADAPTIVE, str(adaptive).lower())
        self.own = {t.name for t in session.catalog.listTables() if t.isTemporary}

    def _view(self, name: str) -> str:
        return name if name in self.own else super()._view(name)


class SparkFilesEngine(SparkEngine):
    """The Spark engine, its batches reading the canonical tables of files open on Spark.

    Args:
        engine: The Spark engine chosen (its URL and settings).
        session: The session holding the files' views.
        sessions: The viewing sessions used (a small number turns adaptive execution off, as
            for a small store: :func:`~showmeter.engines.spark_settings.adaptive_for`).
    """

    def __init__(
        self, engine: SparkEngine, session: SparkSession, sessions: int | None = None
    ) -> None:
        super().__init__(engine.url, dict(engine.conf))
        self.files_session = session
        self.sessions = sessions

    @contextlib.contextmanager
    def batch(
        self, con: duckdb.DuckDBPyConnection, *, keep_tables: bool = True
    ) -> Iterator[SparkBatch]:
        """A batch on the files' session (see :class:`SparkEngine.batch`)."""
        from showmeter.engines import spark
        from showmeter.engines.spark_settings import adaptive_for

        chosen = spark.settings(self.url, dict(self.conf))
        batch = _ViewsBatch(
            self,
            self.files_session,
            con,
            connect=chosen.remote is not None,
            exchange=chosen.exchange,
            keep_tables=keep_tables,
            adaptive=adaptive_for(self.sessions, dict(self.conf)),
        )
        try:
            yield batch
        except Exception as error:
            failed = spark.cluster_error(error, self.label)
            if failed is None:
                raise
            raise failed from error
        finally:
            with contextlib.suppress(Exception):
                batch.close()


@contextlib.contextmanager
def open_for_report(
    catalog: Catalog,
    inputs: Iterable[tuple[str, str]],
    engine: Engine,
    *,
    assume_tz: str | None = None,
    rejects: str | None = None,
) -> Iterator[tuple[FilesOnSpark, SparkFilesEngine]]:
    """Files open on Spark for a report: its store of records and its engine.

    Args:
        catalog: The catalog.
        inputs: ``(kind, path)`` pairs.
        engine: The Spark engine (a :class:`SparkEngine`).
        assume_tz: IANA zone for naive timestamps.
        rejects: Write the quarantined rows to this Parquet directory.

    Yields:
        The store to give ``build_report`` and the engine to compute with.
    """
    import uuid

    from showmeter.engines import spark
    from showmeter.engines.spark_in_place import sockets_closed
    from showmeter.intake.recording import record_loads

    if not isinstance(engine, SparkEngine):
        raise TypeError(f"files are read in place on Spark by a Spark engine, not {engine!r}")
    shared = spark.spark_session(engine.url, dict(engine.conf))
    session = shared if spark.is_connect(engine.url) else shared.newSession()
    with sockets_closed():
        inputs = list(inputs)
        store = FilesOnSpark()
        store.relative = relative_roots(path for _, path in inputs)
        # Spark resolves a relative path against its JVM's working folder, which is the one the
        # process had when Spark started (an API caller may have changed folder since).
        inputs = [(kind, absolute(path)) for kind, path in inputs]
        opened = open_on_spark(session, catalog, inputs, assume_tz=assume_tz, memory=store)
        store.opened = opened
        for summary in opened.files:  # named as given, as a store's loads name them
            summary.file = as_given(summary.file, store.relative)
        try:
            # A report analyses dozens of queries over the rows used: open_on_spark holds them
            # (cache=True), cut from the plan of the rules (a whole report's analysis over it ran
            # out of driver memory).
            if rejects is not None:
                opened.write_rejects(rejects)
            for name in ("panels", "reviews"):  # small; the report and its checks read them
                if name in opened.kinds:
                    rows = session.table(name).toArrow()
                    store.connection.register("_rows", rows)
                    store.connection.execute(f"INSERT INTO {name} SELECT * FROM _rows").fetchall()
                    store.connection.unregister("_rows")
            record_loads(store.connection, uuid.uuid4().hex, opened.files)
            opened.check_unchanged()  # the rows used are held: the files are read
            used = sum(f.loaded for f in opened.files if f.kind == "viewing")
            yield store, SparkFilesEngine(engine, session, used)
            opened.check_unchanged()
        finally:
            opened.release()
            store.close()
