"""Settle the staged rows of one kind on Spark: count them, find the duplicates, expose the rest.

The ingest's semantics (:func:`showmeter.intake.settle.unloaded_sql`): two valid rows share an
identity when they have the same ``row_id``, or when neither has one and all their values are
equal; a row whose identity came earlier in the load (by file, then line) is a ``duplicate``
when its values equal those of the first such row, else a ``conflicting_row``.

With no rows stored already (``compute`` from files), the rows are read once: every file's rows
by reason (and the notes of the valid rows) are counted in the pass that caches the narrowed
rows, and the 64-bit keys seen more than once are found from the cache's key column alone (one
shuffle, of the keys, the only one the rules cost); rows not cached give both by grouping sets
in one pass. Only the rows of those keys (usually few) are then read whole, cached,
and checked by the ingest's own duplicate query (transpiled), which compares the values
themselves (a hash collision cannot drop a row); rows of one identity share a key, so it finds
among them what it would find among all the rows. With rows stored already (a lake's load),
the staged rows are cached and the ingest's query runs over all of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Sequence

    from pyspark.sql import DataFrame, SparkSession

    from showmeter.intake.staging_sql import Kind
    from showmeter.intake.summary import FileSummary

from showmeter.engines.spark_in_place_held import hold

__all__ = ["hold_columns", "settle_on_spark"]


def settle_on_spark(
    session: SparkSession,
    kind: Kind,
    stage: DataFrame,
    files: Sequence[str],
    held: list[DataFrame],
    *,
    stored: str | None = None,
    cache: bool = True,
    columns: Collection[str] | None = None,
    size: int | None = None,
) -> list[FileSummary]:
    """Count and settle the staged rows; their views ``stage_``, ``unloaded_`` and the kind's.

    Args:
        session: The Spark session.
        kind: The kind of input.
        stage: Its staged rows (:func:`~showmeter.engines.spark_in_place_stage.staged_rows`).
        files: The files as the summaries show them, by their index.
        held: The frames kept on the executors are appended here (to
            :func:`~showmeter.engines.spark_in_place_held.release`).
        stored: A view of the rows stored already, which the duplicates are found against; by
            default none.
        cache: Keep the rows used on the executors, for many queries; else each query reads
            the files again, only the columns it needs (unless the staged rows are held).
        columns: With nothing stored: read the files once, holding only these canonical
            columns of the staged rows (with ``title``, ``season`` and what the rules need:
            :func:`narrow`); the rows of keys seen twice, if any, are read again whole. None:
            the staged rows are read by every query that needs them (or were held whole).
        size: The files' bytes: with ``columns``, the rows are cached plain (not compressed)
            when that surely fits the executors' memory
            (:mod:`~showmeter.engines.spark_in_place_cache`).

    Returns:
        Every file's summary. The session's temporary views ``stage_<kind>`` (the staged rows),
        ``unloaded_<kind>`` (the valid rows not used: ``_file, _line, row_id, _status``) and
        ``<kind>`` (the rows used, canonical columns) are set, and ``rejected_<kind>``: the
        rejected staged rows with every column.
    """
    from pyspark import StorageLevel

    from showmeter.intake.settle import summarize

    name = kind.name
    stage.createOrReplaceTempView(f"whole_{name}")  # every column: the duplicates' rows
    whole = stage
    if stored is None:
        if columns is not None:
            from showmeter.engines.spark_in_place_cache import (
                counts_by_file,
                plain_fits,
                storage_bytes,
            )

            plain = plain_fits(size, storage_bytes(session))
            gathered: Rows = []
            # on Spark Connect the rows are checkpointed eagerly (a pass of its own): the
            # counts are then taken by the tally's grouping sets, not in one more pass
            connect = getattr(stage, "_jdf", None) is None
            stage = hold_columns(
                narrow(session, kind, columns),
                held,
                compressed=not plain,
                fill=None if connect else lambda frame: gathered.extend(counts_by_file(frame)),
            )
            stage.createOrReplaceTempView(f"stage_{name}")
            read, kept_out, notes = _tally(session, kind, held, None if connect else gathered)
        else:
            stage.createOrReplaceTempView(f"stage_{name}")
            read, kept_out, notes = _tally(session, kind, held)
    else:
        stage = stage.persist(StorageLevel.MEMORY_AND_DISK)
        stage.createOrReplaceTempView(f"stage_{name}")
        read, kept_out, notes = _against_stored(session, kind, stored)
    _every_row_filed(read, files)
    # The rejected rows with what --rejects writes of them (their column, value and record):
    # narrowed rows lack those, so the files are read again for them, only if a row was
    # rejected and only when they are asked for.
    rejected = any(reason is not None for _, reason, _ in read)
    source = stage if columns is None or stored is not None else whole
    source.where("_reason IS NOT NULL" if rejected else "FALSE").createOrReplaceTempView(
        f"rejected_{name}"
    )
    summaries = summarize(kind, files, "canonical", read, kept_out, notes)
    kept = set(stage.columns)
    canonical = ", ".join(f"s.`{c}`" for c in kind.columns if c in kept)
    anti = (
        f" LEFT ANTI JOIN unloaded_{name} u ON u._file = s._file AND u._line = s._line"
        if kept_out
        else ""
    )
    used = session.sql(f"SELECT {canonical} FROM stage_{name} s{anti} WHERE s._reason IS NULL")
    if stored is not None:  # a lake's load: cached, released with the session's cache
        if cache:
            used = used.persist(StorageLevel.MEMORY_AND_DISK)
            used.count()  # filled once, here, before any query reads it
    elif cache:
        used = hold(used, held)
    used.createOrReplaceTempView(name)
    return summaries


def _every_row_filed(read: Rows, files: Sequence[str]) -> None:
    """Raise if rows were read from a file Spark named by a path not listed (none counted lost).

    Rows find their file by the spellings of its listed URI
    (:func:`~showmeter.engines.spark_in_place_sources.spellings`); a row of none of them has no
    file index, and is refused here rather than left out of the counts.
    """
    from showmeter.errors import InputError

    unfiled = sum(int(rows) for file_index, _, rows in read if file_index is None)
    if unfiled:
        raise InputError(
            f"Spark read {unfiled} rows from a file it names by a path that was not listed",
            file=", ".join(files[:3]),
            remedy="Name the files by another path (e.g. without links or unusual characters), "
            "or report this with the path.",
        )


BOOKKEEPING = ("_file", "_line", "_reason", "_note")
"""The staged rows' own columns every count needs (the rest are for rejected rows only)."""


def narrow(session: SparkSession, kind: Kind, columns: Collection[str]) -> DataFrame:
    """The staged rows (view ``whole_<kind>``) with only what the counts and a metric read.

    The canonical ``columns`` (and ``title``, ``season``: the suggestions read them), the
    bookkeeping columns and ``_key`` (a valid row's identity, :func:`_key`). Not a rejected
    row's column, value and record: only ``--rejects`` writes them, from the files read again
    (view ``rejected_<kind>``); computed here, their code made the rules' fused method longer
    than the JIT compiles (:mod:`~showmeter.engines.spark_in_place_lean`), and every row
    paid for it.
    """
    name = kind.name
    keep = [c for c in kind.columns if c in columns or c in ("title", "season")]
    return session.sql(
        f"SELECT {', '.join(f'`{c}`' for c in [*keep, *BOOKKEEPING])}, "
        f"CASE WHEN _reason IS NULL THEN {_key(kind)} END AS _key FROM whole_{name}"
    )


def hold_columns(
    frame: DataFrame,
    held: list[DataFrame],
    *,
    compressed: bool = True,
    fill: Callable[[DataFrame], object] | None = None,
) -> DataFrame:
    """The frame computed now and cached in Spark's columnar form, its plan cut.

    For many rows (the staged rows of large files): Spark's cache keeps them by column,
    compressed (a fraction of a checkpoint's row objects, which spilled to disk at 2 M rows on
    1 GB executors), and a query reads only the columns it needs. The frame returned reads the
    cache alone (a plan of one operator, as a checkpoint's). On Spark Connect, where the
    cache's plan cannot be reached, a checkpoint
    (:func:`~showmeter.engines.spark_in_place_held.hold`). The cached frame is appended to
    ``held``: :func:`~showmeter.engines.spark_in_place_held.release` frees it.
    ``compressed=False`` caches the columns plain
    (:mod:`~showmeter.engines.spark_in_place_cache`). ``fill`` is the action that fills the
    cache (given the cached frame; by default a count): an action the caller needs anyway
    (e.g. the counts by file) fills it in the same pass over the files. On Spark Connect the
    checkpoint reads the files itself, so ``fill`` there is a pass of its own (and, by
    default, none is made): pass none on Connect.
    """
    from pyspark import StorageLevel
    from pyspark.sql import DataFrame

    from showmeter.engines.spark_in_place_cache import compression

    action = fill or (lambda cached: cached.count())
    jdf = getattr(frame, "_jdf", None)
    if jdf is None:  # Spark Connect
        kept = hold(frame, held)  # computed now (an eager checkpoint)
        if fill is not None:
            fill(kept)
        return kept
    with compression(frame.sparkSession, compressed):
        frame = frame.persist(StorageLevel.MEMORY_AND_DISK)
        held.append(frame)
        action(frame)  # the cache filled now, once
    session = frame.sparkSession
    jsession: Any = session._jsparkSession
    cached = jsession.sharedState().cacheManager().lookupCachedData(frame._jdf)
    if not cached.isDefined():  # pragma: no cover (just cached)
        return frame
    relation = cached.get().cachedRepresentation()
    jvm: Any = session._jvm
    # Spark 4 keeps the classic Dataset in sql.classic, Spark 3.5 in sql; in a JVM with
    # neither (another Spark), the persisted frame itself reads the cache (a longer plan).
    for dataset in (jvm.org.apache.spark.sql.classic.Dataset, jvm.org.apache.spark.sql.Dataset):
        try:
            return DataFrame(dataset.ofRows(jsession, relation), session)
        except Exception:  # py4j: no such class or method in this Spark
            continue
    return frame


def _key(kind: Kind, table: str = "") -> str:
    """Spark SQL: a 64-bit key of a valid row's identity (its row_id, else all its values)."""
    prefix = f"{table}." if table else ""
    content = ", ".join(f"{prefix}`{c}`" for c in kind.content)
    return (
        f"CASE WHEN {prefix}row_id IS NOT NULL THEN xxhash64({prefix}row_id) "
        f"ELSE xxhash64({content}) END"
    )


Rows = list[tuple[Any, ...]]


def _tally(
    session: SparkSession, kind: Kind, held: list[DataFrame], counted: Rows | None = None
) -> tuple[Rows, Rows, Rows]:
    """The counts and the duplicates of a load with nothing stored.

    Everything computed from the rows here is small (counts, repeated keys, their rows) and
    held (:func:`~showmeter.engines.spark_in_place_held.hold`), so that what reads it next
    plans one operator, not the rules again.

    Args:
        session: The Spark session.
        kind: The kind of input.
        held: The frames kept on the executors (appended to).
        counted: The counts by file, taken while the narrowed rows were cached
            (:func:`~showmeter.engines.spark_in_place_cache.counts_by_file`): the keys seen
            twice are then found by one aggregation of the cache's ``_key`` column alone (8-byte
            keys; at 10 M rows, the grouping sets below doubled the rows and spilled
            gigabytes). None: the rows are read from the files once, for both (grouping sets).

    Returns:
        ``read`` (file, reason, rows), ``kept_out`` (file, status, rows) and ``notes`` (file,
        note, rows), as :func:`showmeter.intake.settle.summarize` takes them.
    """
    name = kind.name
    if counted is not None:
        repeated = session.sql(
            f"SELECT _key FROM stage_{name} WHERE _key IS NOT NULL "
            "GROUP BY _key HAVING count(*) > 1"
        )
        repeated = hold(repeated, held)
    else:
        narrowed = "_key" in session.table(f"stage_{name}").columns
        key = "_key" if narrowed else f"CASE WHEN _reason IS NULL THEN {_key(kind)} END"
        # One aggregation, one exchange: every file's rows by reason and note (a few groups,
        # so the partial aggregation leaves almost nothing to shuffle) and every valid row's
        # key (kept only when seen more than once).
        tallied = session.sql(
            f"""SELECT * FROM (
              SELECT _file, _reason, _note, _key, count(*) AS _rows, grouping(_key) AS _by_file
              FROM (
                SELECT _file, _reason, CASE WHEN _reason IS NULL THEN _note END AS _note,
                  {key} AS _key
                FROM stage_{name}
              ) GROUP BY GROUPING SETS ((_file, _reason, _note), (_key))
            ) WHERE _by_file = 1 OR (_key IS NOT NULL AND _rows > 1)"""
        )
        tallied = hold(tallied, held)
        counted = [
            tuple(row)
            for row in tallied.where("_by_file = 1")
            .select("_file", "_reason", "_note", "_rows")
            .collect()
        ]
        repeated = tallied.where("_by_file = 0").select("_key")
    repeated.createOrReplaceTempView(f"repeated_{name}")
    read: dict[tuple[Any, Any], int] = {}
    noted: dict[tuple[Any, Any], int] = {}
    for file_index, reason, note, rows in counted:
        read[file_index, reason] = read.get((file_index, reason), 0) + int(rows)
        if reason is None and note is not None:
            noted[file_index, note] = int(rows)
    kept_out: Rows = []
    if repeated.limit(1).count():
        # The rows whose key is seen twice (few), held, then the ingest's own duplicate check
        # over them alone: rows of one identity share a key, so it finds what it would find
        # over all the rows.
        candidates = session.sql(
            f"SELECT s.* FROM whole_{name} s LEFT SEMI JOIN repeated_{name} t "
            f"ON t._key = {_key(kind, 's')} WHERE s._reason IS NULL"
        )
        candidates = hold(candidates, held)
        candidates.createOrReplaceTempView(f"candidates_{name}")
        candidates.createOrReplaceTempView(f"whole_{name}")  # the conflicting rows' files
        unloaded = hold(_unloaded(session, kind, None, f"candidates_{name}"), held)
        unloaded.createOrReplaceTempView(f"unloaded_{name}")
        outcome = session.sql(
            f"SELECT 0, _file, _status, count(*) FROM unloaded_{name} GROUP BY _file, _status "
            f"UNION ALL SELECT 1, u._file, c._note, count(*) FROM unloaded_{name} u "
            f"JOIN candidates_{name} c ON c._file = u._file AND c._line = u._line "
            "WHERE c._note IS NOT NULL GROUP BY u._file, c._note"
        ).collect()
        for is_note, file_index, value, rows in outcome:
            if is_note:  # the notes count the rows used only
                noted[file_index, value] -= int(rows)
            else:
                kept_out.append((file_index, value, int(rows)))
    else:
        session.createDataFrame(
            [], "_file int, _line bigint, row_id string, _status string"
        ).createOrReplaceTempView(f"unloaded_{name}")
    notes = sorted(
        ((f, n, rows) for (f, n), rows in noted.items() if rows), key=lambda row: -row[2]
    )
    return [(f, r, rows) for (f, r), rows in read.items()], kept_out, notes


def _unloaded(session: SparkSession, kind: Kind, stored: str | None, stage: str) -> DataFrame:
    """The ingest's duplicate check (transpiled), as the view ``unloaded_<kind>``.

    Args:
        session: The Spark session.
        kind: The kind of input.
        stored: A view of the rows stored already; None: none.
        stage: The view of the staged rows checked.
    """
    from showmeter.intake.dialects import spark_sql
    from showmeter.intake.settle import unloaded_sql

    name = kind.name
    known = session.table(stored) if stored else session.table(name).limit(0)
    known.createOrReplaceTempView(f"stored_{name}")
    unloaded_query = unloaded_sql(kind, stage, "STOREDB").replace(
        f"STOREDB.main.{name}", f"stored_{name}"
    )
    unloaded = session.sql(spark_sql(unloaded_query))
    unloaded.createOrReplaceTempView(f"unloaded_{name}")
    return unloaded


def _against_stored(session: SparkSession, kind: Kind, stored: str) -> tuple[Rows, Rows, Rows]:
    """The counts and the duplicates of a load against rows stored already: the ingest's SQL."""
    from pyspark import StorageLevel

    from showmeter.intake.dialects import spark_sql
    from showmeter.intake.settle import notes_sql

    name = kind.name
    unloaded = _unloaded(session, kind, stored, f"stage_{name}").persist(
        StorageLevel.MEMORY_AND_DISK
    )
    unloaded.createOrReplaceTempView(f"unloaded_{name}")
    read = session.sql(f"SELECT _file, _reason, count(*) FROM stage_{name} GROUP BY 1, 2")
    kept_out = unloaded.groupBy("_file", "_status").count()
    notes = session.sql(spark_sql(notes_sql(f"stage_{name}", f"unloaded_{name}")))
    return (
        [tuple(r) for r in read.collect()],
        [tuple(r) for r in kept_out.collect()],
        [tuple(r) for r in notes.collect()],
    )
