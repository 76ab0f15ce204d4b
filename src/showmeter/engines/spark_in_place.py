"""Compute on Spark straight from files where they lie: the ingest's rules run on Spark.

``compute --engine spark --catalog C --events PATH…`` reads PATH with Spark's own readers —
a local path, ``hdfs://``, ``s3a://`` (whatever the session's file systems reach), a Parquet
file, a folder of them with Hive partitions ``key=value/`` (their values read as text, as on
DuckDB), or a glob — so the sessions never pass through DuckDB or the driver. The rules are
the ingest's own DuckDB SQL (:func:`showmeter.intake.staging_sql.staged_sql` for the checks,
:func:`showmeter.intake.settle.unloaded_sql` for the duplicates), transpiled to Spark SQL by
:func:`showmeter.intake.dialects.spark_sql`; the counts go through the same
:func:`showmeter.intake.settle.summarize`. Only the catalog (small) is flattened in DuckDB, in
memory, by the ingest's code, and sent to Spark as temporary views.

For one computation, the files are read once: the staged rows are held with only the columns
the metric's SQL names and the rules' own (:mod:`showmeter.engines.spark_in_place_columns`,
:func:`showmeter.engines.spark_in_place_settle.narrow`); the counts of every file's rows by
reason, the keys seen twice and the metric read that. What is small (counts, repeated rows,
files of a kind up to 32 MiB, held whole) is held as local checkpoints, so no later query plans
the rules again; for many computations (a report) the rows used are held once.
:meth:`SparkInputs.release` frees it. A local file changed meanwhile is an error naming it.

Parquet is read by Spark's own reader (rows numbered from ``_metadata.row_index``); CSV and JSON
Lines (and reviews of any format) are parsed on the executors by the ingest's own readers, so
their lines and malformed rows are the ingest's (:mod:`showmeter.engines.spark_in_place_text`).
A folder may mix the formats, as for ``ingest``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from showmeter.engines.spark_in_place_compute import sockets_closed
from showmeter.engines.spark_in_place_sources import absolute, spark_arrow_type
from showmeter.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Mapping

    from pyspark.sql import DataFrame, SparkSession

    from showmeter.catalog import Catalog
    from showmeter.engines.base import Engine
    from showmeter.intake.in_place_cache import Listing
    from showmeter.intake.summary import FileSummary
    from showmeter.results import Result
    from showmeter.store import Store

__all__ = [
    "SparkInputs",
    "compute_on_spark",
    "open_on_spark",
    "sockets_closed",
    "spark_arrow_type",
    "validated_frames",
]


@dataclass
class SparkInputs:
    """Input files open on Spark, their rules applied.

    Attributes:
        session: The Spark session whose temporary views are the canonical tables.
        catalog: A DuckDB in-memory store with the catalog tables (for reference checks).
        files: What happened to each file's rows.
        kinds: The kinds of input read.
        held: The frames kept on the executors for this computation (:meth:`release`).
    """

    session: SparkSession
    catalog: Store
    files: list[FileSummary]
    kinds: list[str]
    held: list[DataFrame] = field(default_factory=list)
    listed: Listing | None = None

    def release(self) -> None:
        """Free what the inputs keep on the executors (the catalog's store stays open)."""
        from showmeter.engines.spark_in_place_held import release

        self.session.catalog.clearCache()
        release(self.held)

    def check_unchanged(self, error: Exception | None = None) -> None:
        """Raise if a local file changed since it was listed (the figures may mix its rows).

        Args:
            error: The error the computation failed with, given as the cause.

        Raises:
            InputError: Naming the first file whose size or modification time changed.
        """
        from showmeter.engines.spark_in_place_stage import check_unchanged

        check_unchanged(self.listed, error)

    def rejects_sql(self) -> str:
        """Spark SQL of the quarantined rows.

        Columns ``kind, file, line, column, reason, value, record``; ``file`` as Spark spells
        it (``file:/…``).
        """
        selects = [
            f"SELECT '{name}' AS kind, _path AS file, _line AS line, _column AS `column`, "
            f"_reason AS reason, _value AS value, _record AS record FROM rejected_{name} "
            f"UNION ALL SELECT '{name}', s._path, s._line, 'row_id', "
            f"u._status, u.row_id, NULL FROM unloaded_{name} u JOIN whole_{name} s "
            "ON s._file = u._file AND s._line = u._line WHERE u._status = 'conflicting_row'"
            for name in self.kinds
        ]
        if not selects:
            return (
                "SELECT CAST(NULL AS STRING) AS kind, CAST(NULL AS STRING) AS file, "
                "CAST(NULL AS BIGINT) AS line, CAST(NULL AS STRING) AS `column`, "
                "CAST(NULL AS STRING) AS reason, CAST(NULL AS STRING) AS value, "
                "CAST(NULL AS STRING) AS record WHERE FALSE"
            )
        return " UNION ALL ".join(selects)

    def write_rejects(self, path: str) -> None:
        """Write the quarantined rows to a Parquet directory, from the executors.

        The columns are ``--rejects``' on DuckDB (:data:`showmeter.intake.in_place.
        REJECT_COLUMNS`); a local file is named by its path, as in the inputs.

        Args:
            path: The directory, as Spark reaches it (a local folder must be new or empty).
        """
        from showmeter.intake.in_place import rejects_folder

        if "://" not in path:
            path = str(rejects_folder(path))
        frame = self.session.sql(
            "SELECT kind, regexp_replace(file, '^file:', '') AS file, line, `column`, reason, "
            f"value, record FROM ({self.rejects_sql()})"
        )
        frame.write.mode("append").parquet(path)


def open_on_spark(
    session: SparkSession,
    catalog: Catalog,
    inputs: Iterable[tuple[str, str]],
    *,
    assume_tz: str | None = None,
    memory: Store | None = None,
    stored: Mapping[str, str] | None = None,
    cache: bool = True,
    columns: Mapping[str, Collection[str]] | None = None,
) -> SparkInputs:
    """Read input files in place on Spark and apply the ingest's rules there.

    Args:
        session: A Spark session of its own (its temporary views are replaced).
        catalog: The catalog.
        inputs: ``(kind, path)`` pairs; a path is what Spark reads (local, ``hdfs://``,
            ``s3a://``; a file, a folder, a glob).
        assume_tz: IANA zone for naive timestamps; None rejects them.
        memory: The in-memory store to write the catalog into (a new one by default).
        stored: Kind -> a view of the rows stored already (a lake's), which the duplicates
            are found against as in a store; by default none.
        cache: Keep the rows used on the executors, for many queries (a report); else every
            query reads the files again, only the columns it needs (one computation).
        columns: Kind -> the canonical columns the computation reads of it: with nothing
            stored and ``cache`` off, the files of that kind too large to be held whole are
            read once, and only these columns (and the rules' own) are held for every later
            query (:func:`~showmeter.engines.spark_in_place_settle.narrow`).

    Returns:
        The inputs open on the session: ``viewing``, ``panels``, ``reviews``, ``signals`` and
        the catalog tables are its temporary views.

    Raises:
        UsageError: A kind or format that Spark does not read in place.
        InputError: A path Spark cannot read.
    """
    from showmeter.engines.spark_in_place_catalog import (
        compiled_by_the_jit,
        empty_view,
        send_catalog,
    )
    from showmeter.engines.spark_in_place_held import release
    from showmeter.engines.spark_in_place_settle import settle_on_spark
    from showmeter.engines.spark_in_place_sources import shown
    from showmeter.engines.spark_in_place_stage import check_unchanged, staged_rows
    from showmeter.intake import load
    from showmeter.intake.catalog_tables import write_catalog
    from showmeter.intake.rules import KINDS
    from showmeter.intake.suggest import add_suggestions
    from showmeter.store import Store

    load._check_zone(assume_tz)
    session.conf.set("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
    session.conf.set("spark.sql.session.timeZone", "UTC")
    compiled_by_the_jit(session)
    from showmeter.intake.in_place_cache import Listing

    memory = Store() if memory is None else memory
    held: list[DataFrame] = []
    listed = Listing({})  # each local file's size and time as listed, checked at the end
    try:
        write_catalog(memory.connection, catalog)
        for kind in KINDS.values():
            for statement in kind.setup:
                memory.connection.execute(statement).fetchall()
        send_catalog(session, memory)
        plan: dict[str, list[str]] = {}
        for kind_name, spec in inputs:
            if kind_name not in KINDS:
                raise UsageError(
                    f"unknown kind of input {kind_name!r}", expected=f"one of {sorted(KINDS)}"
                )
            plan.setdefault(kind_name, []).append(str(spec))
        files: list[FileSummary] = []
        for name, kind in KINDS.items():
            empty_view(session, memory, name)
            if name in plan:
                stage, uris, whole, size = staged_rows(
                    session, kind, plan[name], assume_tz, held, listed.stamps
                )
                narrowed = None if whole or cache or stored else (columns or {}).get(name)
                summaries = settle_on_spark(
                    session,
                    kind,
                    stage,
                    [shown(uri) for uri in uris],
                    held,
                    stored=(stored or {}).get(name),
                    cache=cache,
                    columns=narrowed,
                    size=size,
                )
                # "Did you mean": the ingest's own suggestions, its query run on Spark.
                add_suggestions(_SparkSQL(session), f"stage_{name}", summaries, catalog)  # type: ignore[arg-type]
                files.extend(summaries)
    except BaseException as error:  # what was cached before the failure is released (every
        memory.close()  # caller's own finally does the same once it holds the opened inputs)
        session.catalog.clearCache()
        release(held)
        if isinstance(error, Exception):  # a file changed meanwhile is named as the cause
            check_unchanged(listed, error)
        raise
    return SparkInputs(session, memory, files, [k for k in KINDS if k in plan], held, listed)


def validated_frames(
    session: SparkSession,
    catalog: Catalog,
    inputs: Iterable[tuple[str, str]],
    *,
    assume_tz: str | None = None,
) -> tuple[dict[str, DataFrame], DataFrame, list[FileSummary]]:
    """The ingest's rules over files on Spark, as frames (e.g. to write a lake from them).

    Args:
        session: A Spark session of its own (its temporary views are replaced).
        catalog: The catalog.
        inputs: ``(kind, path)`` pairs.
        assume_tz: IANA zone for naive timestamps; None rejects them.

    Returns:
        The rows used of each kind read (``viewing``, ...: the canonical columns), the
        quarantined rows (``kind, file, line, column, reason, value, record``) and each file's
        counts. The frames read the files again when they are written (only the counts and the
        duplicates are cached; ``session.catalog.clearCache()`` releases them).
    """
    opened = open_on_spark(session, catalog, inputs, assume_tz=assume_tz, cache=False)
    opened.catalog.close()
    used = {kind: session.table(kind) for kind in opened.kinds}
    return used, session.sql(opened.rejects_sql()), opened.files


class _SparkSQL:
    """The one method of a DuckDB connection the ingest's suggestions use, run on Spark."""

    def __init__(self, session: SparkSession) -> None:
        self.session = session

    def execute(self, sql: str) -> _SparkSQL:
        from showmeter.intake.dialects import spark_sql

        text = sql if sql.lstrip().upper().startswith("DESCRIBE") else spark_sql(sql)
        self.rows = [tuple(row) for row in self.session.sql(text).collect()]
        return self

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self.rows


def compute_on_spark(
    metric: str,
    params: Mapping[str, object],
    *,
    catalog: Catalog,
    inputs: Iterable[tuple[str, str]],
    engine: Engine,
    assume_tz: str | None = None,
    title: str | None = None,
    season: int | None = None,
    rejects: str | None = None,
) -> Result:
    """Compute a metric on Spark from files read in place (see the module docstring).

    Args:
        metric: The metric's name.
        params: Its parameters.
        catalog: The catalog.
        inputs: ``(kind, path)`` pairs.
        engine: The Spark engine.
        assume_tz: IANA zone for naive timestamps.
        title: Keep only this title's rows.
        season: Keep only this season's rows.
        rejects: Write the quarantined rows to this Parquet directory.

    Returns:
        The result; its ``inputs`` are each file's rows read, used and quarantined.
    """
    import os.path

    from showmeter.engines import spark
    from showmeter.engines.prepared import prepare
    from showmeter.engines.spark_in_place_compute import computed
    from showmeter.engines.spark_in_place_report import as_given, relative_roots

    inputs = list(inputs)
    relative = relative_roots(path for _, path in inputs)
    # Spark resolves a relative path against the folder its JVM started in: give it absolute ones
    inputs = [(kind, absolute(path)) for kind, path in inputs]
    rejects = rejects if rejects is None or "://" in rejects else os.path.abspath(rejects)
    prepared = prepare(metric, params, title=title, season=season)
    sql = engine.compile(prepared.expr)
    url = str(getattr(engine, "url", "spark"))
    shared = spark.spark_session(url, dict(getattr(engine, "conf", ())))
    # A classic session gets a child of its own (its own temporary views); a Connect session
    # is one per client already.
    session = shared if spark.is_connect(url) else shared.newSession()
    with sockets_closed():
        result = computed(prepared, sql, session, catalog, inputs, engine, assume_tz, rejects)
    for item in result.inputs:  # the files named as given, as DuckDB names them
        if isinstance(file := item.get("file"), str):
            item["file"] = as_given(file, relative)
    return result
