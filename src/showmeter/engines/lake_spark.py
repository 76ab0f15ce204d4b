"""A lake on Spark: its tables read with ``spark.read.parquet``, a load written by the executors.

Reading (:func:`read_table`, and :func:`spark_frame` for a batch): a table is the union of the
committed files the lake's snapshot lists (the same files the DuckDB views of a
:class:`~showmeter.store.lake_store.LakeStore` read), each load's files read with its table
folder as ``basePath`` so that ``title=T/season=S/`` give their columns, cast to the canonical
types.

Writing (:func:`ingest_on_spark`): the ingest's rules run on Spark as they do for files read in
place (:func:`showmeter.engines.spark_in_place.open_on_spark`), the duplicates found against the
lake's committed rows; the executors write the rows used and the new quarantine under the
load's own folder, the driver the ``loads`` records and the catalog (small, from DuckDB); then
the load is committed to the lake's log like a DuckDB load
(:meth:`showmeter.store.lake.Lake.commit`).
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from showmeter.errors import UsageError
from showmeter.schema import TABLES
from showmeter.store.lake import PARTITIONS, Lake, Pending

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    import duckdb
    from pyspark.sql import DataFrame, SparkSession

    from showmeter.catalog import Catalog
    from showmeter.engines.spark_engine import SparkEngine
    from showmeter.intake.summary import FileSummary

__all__ = ["READ_BY_SPARK", "ingest_on_spark", "read_table", "spark_frame"]

READ_BY_SPARK = ("viewing", "panels", "reviews", "signals", "published", "quarantine")
"""The lake's tables Spark reads from their files; the small catalog and ``loads`` tables go
from the DuckDB views like a store's."""

_SPARK_TYPES = {
    "string": "string",
    "int32": "int",
    "int64": "bigint",
    "float64": "double",
    "boolean": "boolean",
    "date": "date",
    "timestamp": "timestamp",
}


def _schema(name: str) -> str:
    return ", ".join(f"`{c.name}` {_SPARK_TYPES[c.type]}" for c in TABLES[name].columns)


def read_table(session: SparkSession, name: str, listed: Sequence[tuple[str, str]]) -> DataFrame:
    """A canonical table of a lake, from its files, in canonical types.

    Args:
        session: The Spark session.
        name: The table.
        listed: ``(table folder of the load, file)`` pairs (the lake's snapshot).

    Returns:
        The rows (none when no file is listed).
    """
    session.conf.set("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
    columns = TABLES[name].columns
    by_base: dict[str, list[str]] = {}
    for base, path in listed:
        by_base.setdefault(base, []).append(path)
    frames = []
    for base, files in by_base.items():
        frame = session.read.option("basePath", base).parquet(*files)
        present = set(frame.columns)
        frames.append(  # SQL text: the same on a classic and a Connect session
            frame.selectExpr(
                *[
                    f"CAST({f'`{c.name}`' if c.name in present else 'NULL'} "
                    f"AS {_SPARK_TYPES[c.type]}) AS `{c.name}`"
                    for c in columns
                ]
            )
        )
    if not frames:
        return session.createDataFrame([], _schema(name))
    union = frames[0]
    for more in frames[1:]:
        union = union.unionByName(more)
    return union


def spark_frame(
    session: SparkSession, con: duckdb.DuckDBPyConnection, name: str
) -> DataFrame | None:
    """A lake's table read from its files, when ``con`` is a lake's (else None).

    The hook of :class:`showmeter.engines.spark_tables.SparkBatch`: a lake's large tables go
    from their Parquet files to the executors, not through DuckDB and the driver.
    """
    from showmeter.store.lake_store import FILES_TABLE, lake_root

    if name not in READ_BY_SPARK or lake_root(con) is None:
        return None
    listed = con.execute(
        f"SELECT base, path FROM {FILES_TABLE} WHERE table_name = ? ORDER BY path", [name]
    ).fetchall()
    return read_table(session, name, [(str(b), str(p)) for b, p in listed])


def ingest_on_spark(
    root: str,
    catalog: Catalog,
    inputs: Iterable[tuple[str, str]],
    *,
    engine: SparkEngine,
    assume_tz: str | None = None,
    rejects: str | None = None,
    before_commit: Callable[[Pending], None] | None = None,
) -> list[FileSummary]:
    """Load Parquet files into the lake at ``root`` on Spark, as one atomic, idempotent load.

    Args:
        root: The lake's folder (created when missing), at the same path for the driver and
            every executor (this machine, or a shared mount).
        catalog: The catalog; it becomes the lake's catalog.
        inputs: ``(kind, path)`` pairs; paths Spark reads (Parquet).
        engine: The Spark engine.
        assume_tz: IANA zone for naive timestamps.
        rejects: Also write the load's quarantined rows to this folder as Parquet, from the
            executors (:meth:`~showmeter.engines.spark_in_place.SparkInputs.write_rejects`:
            the columns of ``--rejects`` in place); a new or empty local folder or shared
            mount, rewritten if the load runs again after a lost race.
        before_commit: Called with the written load just before its commit (tests).

    Returns:
        One summary per file, as a load into a store gives.

    Raises:
        UsageError: A file that is not Parquet, or ``rejects`` is a URI or a folder not empty.
    """
    from showmeter.engines import spark
    from showmeter.engines.spark_in_place import sockets_closed
    from showmeter.intake.lake_load import loaded_rows

    inputs = list(inputs)
    for _, spec in inputs:
        _check_parquet(spec)
    folder = None if rejects is None else _rejects_folder(rejects)
    lake = Lake(root, create=True)
    shared = spark.spark_session(engine.url, dict(engine.conf))
    session = shared if spark.is_connect(engine.url) else shared.newSession()

    def write(pending: Pending) -> list[FileSummary]:
        with sockets_closed():  # PySpark's transfers leave sockets to the collector
            return _load_once(session, lake, pending, catalog, inputs, assume_tz, folder)

    return lake.load(write, engine=engine.label, before_commit=before_commit, rows=loaded_rows)


def _load_once(
    session: SparkSession,
    lake: Lake,
    pending: Pending,
    catalog: Catalog,
    inputs: list[tuple[str, str]],
    assume_tz: str | None,
    rejects: Path | None,
) -> list[FileSummary]:
    from showmeter.engines.spark_in_place import open_on_spark
    from showmeter.intake.lake_load import write_table
    from showmeter.intake.recording import record_loads
    from showmeter.schema import CATALOG_TABLES

    session.conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
    snapshot = lake.snapshot()
    suffix = uuid.uuid4().hex[:8]
    stored: dict[str, str] = {}
    for kind in {k for k, _ in inputs}:
        view = f"lake_{kind}_{suffix}"
        read_table(session, kind, snapshot.get(kind, [])).createOrReplaceTempView(view)
        stored[kind] = view
    known = f"lake_quarantine_{suffix}"
    read_table(session, "quarantine", snapshot["quarantine"]).createOrReplaceTempView(known)
    opened = open_on_spark(session, catalog, inputs, assume_tz=assume_tz, stored=stored)
    load_id = uuid.uuid4().hex
    try:
        for name in opened.kinds:
            writer = session.table(name).write.mode("errorifexists")
            if name in PARTITIONS:
                writer = writer.partitionBy(*PARTITIONS[name])
            writer.parquet(str(pending.table_folder(name)))
        _write_quarantine(session, opened.kinds, opened.files, load_id, known, pending)
        if rejects is not None:
            for leftover in rejects.iterdir():  # an attempt that lost the race wrote them
                if leftover.is_dir():
                    shutil.rmtree(leftover)
                else:
                    leftover.unlink()
            opened.write_rejects(str(rejects))
        con = opened.catalog.connection
        record_loads(con, load_id, opened.files)
        write_table(con, "SELECT * FROM loads", pending, "loads")
        for name in CATALOG_TABLES:
            write_table(con, f'SELECT * FROM "{name}"', pending, name)
    finally:
        session.catalog.clearCache()
        for view in [*stored.values(), known]:
            session.catalog.dropTempView(view)
        opened.catalog.close()
    return opened.files


def _write_quarantine(
    session: SparkSession,
    kinds: Sequence[str],
    files: Sequence[FileSummary],
    load_id: str,
    known: str,
    pending: Pending,
) -> None:
    """Write the rows this load quarantines that the lake does not hold already.

    The rows of ``quarantine``: those that broke a rule, and the conflicting rows (another row's
    identity with other values); a reload quarantines nothing anew, as in a store.
    """
    selects = []
    for name in kinds:
        shown = [s.file for s in files if s.kind == name]  # by the file's index in its kind
        session.createDataFrame(
            list(enumerate(shown)), "_file int, file string"
        ).createOrReplaceTempView(f"files_{name}")
        selects.append(
            f"SELECT '{name}' AS kind, f.file, s._line AS line, s._column AS `column`, "
            f"s._reason AS reason, s._value AS value, s._record AS record "
            f"FROM stage_{name} s JOIN files_{name} f ON f._file = s._file "
            "WHERE s._reason IS NOT NULL "
            f"UNION ALL SELECT '{name}', f.file, s._line, 'row_id', u._status, u.row_id, NULL "
            f"FROM unloaded_{name} u JOIN stage_{name} s "
            "ON s._file = u._file AND s._line = u._line "
            f"JOIN files_{name} f ON f._file = s._file WHERE u._status = 'conflicting_row'"
        )
    if not selects:
        selects.append(
            "SELECT CAST(NULL AS string) AS kind, CAST(NULL AS string) AS file, "
            "CAST(NULL AS bigint) AS line, CAST(NULL AS string) AS `column`, "
            "CAST(NULL AS string) AS reason, CAST(NULL AS string) AS value, "
            "CAST(NULL AS string) AS record WHERE FALSE"
        )
    query = f"""
        SELECT '{load_id}' AS load_id, n.kind, n.file, CAST(n.line AS bigint) AS line,
               n.`column`, n.reason, n.value, n.record
        FROM ({" UNION ALL ".join(selects)}) n
        LEFT ANTI JOIN {known} q ON q.kind = n.kind AND q.file = n.file
          AND q.line <=> n.line AND q.reason = n.reason AND q.record <=> n.record
    """
    frame = session.sql(query).coalesce(1)
    frame.write.mode("errorifexists").parquet(str(pending.table_folder("quarantine")))


def _rejects_folder(rejects: str) -> Path:
    """The ``--rejects`` folder of a lake load, made ready (new or empty, created).

    Raises:
        UsageError: A URI (a load that runs again rewrites the folder: it must be a path), a
            file, or a folder not empty.
    """
    from showmeter.intake.in_place import rejects_folder

    if "://" in rejects:
        raise UsageError(
            "--rejects of a lake load on Spark is a folder path, not a URI",
            value=rejects,
            expected="a new or empty folder every executor reaches at the same path",
            remedy="Give a local folder or one on the lake's shared mount.",
        )
    return rejects_folder(rejects)


def refuse_source(source: str) -> None:
    """Refuse an adapter's export on Spark (it is read on DuckDB).

    Raises:
        UsageError: The source is not canonical.
    """
    if source != "canonical":
        raise UsageError(
            f"on Spark, a lake loads files in the canonical form, not --source {source}",
            remedy="Load the export into the lake on DuckDB (--engine duckdb, the default).",
        )


def _check_parquet(spec: str) -> None:
    """Refuse, before Spark starts, a lake load from a CSV or JSON Lines file.

    Raises:
        UsageError: The path's suffix names another format.
    """
    from showmeter.engines.base import file_format
    from showmeter.errors import UsageError

    suffix = Path(spec.rstrip("/")).suffix
    kind = file_format(spec) if suffix and "*" not in suffix else "parquet"
    if kind != "parquet":
        raise UsageError(
            f"a lake is loaded on Spark from Parquet files; {spec!r} is {kind}",
            file=spec,
            expected="Parquet files, a folder of them (Hive partitions too), or a glob",
            remedy="Load the lake on DuckDB (leave out --engine), or convert the file to "
            "Parquet first.",
        )
