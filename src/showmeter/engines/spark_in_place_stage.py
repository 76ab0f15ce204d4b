"""The staged rows of one kind of input on Spark: every file read, the ingest's rules applied.

Every path of a kind is listed and read (:mod:`showmeter.engines.spark_in_place_sources`), each
file numbered in the order the DuckDB path reads them; the rules are the ingest's own DuckDB
SQL (:func:`showmeter.intake.staging_sql.staged_sql`) transpiled to Spark SQL. The result is a
lazy relation: nothing is read until a query needs it, and a query reads only the columns it
needs (a metric's, and those the rules check), so the rules cost no shuffle (the catalog tables
they join are small and broadcast to the executors).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from pyspark.sql import DataFrame, SparkSession

    from showmeter.intake.in_place_cache import Listing, Stamp
    from showmeter.intake.staging_sql import Kind, Types

__all__ = [
    "FEW_BYTES",
    "HOLD_BYTES_VARIABLE",
    "check_unchanged",
    "few_bytes",
    "local_stamps",
    "staged_rows",
]


def staged_rows(
    session: SparkSession,
    kind: Kind,
    specs: Sequence[str],
    assume_tz: str | None,
    held: list[DataFrame],
    stamps: dict[Path, Stamp | None] | None = None,
) -> tuple[DataFrame, list[str], bool, int]:
    """The staged rows of every file of one kind, the files by their index, whether held.

    Args:
        session: The Spark session (the catalog tables are its temporary views).
        kind: The kind of input.
        specs: The paths given for it.
        assume_tz: IANA zone for naive timestamps; None rejects them.
        held: Frames kept on the executors are appended here: text files' parsed rows, and the
            staged rows when the files are few (:data:`FEW_BYTES`).
        stamps: Each local file's size and modification time as listed (before it is read)
            are put here, to tell later whether one changed meanwhile.

    Returns:
        The staged rows (the canonical columns, ``_file``, ``_line``, ``_content``,
        ``_reason``, ``_column``, ``_value``, ``_record``, ``_note`` and ``_path``, the file as
        Spark spells it), every file's URI by its index ``_file``, and whether the staged
        rows are held (the files were few, :data:`FEW_BYTES`) or each query reads the files,
        and the files' size in bytes.
    """
    from showmeter.engines.spark_in_place_held import hold
    from showmeter.engines.spark_in_place_lean import lean_sql
    from showmeter.engines.spark_in_place_sources import (
        functions,
        path_key,
        raw_parquet,
        same_uri,
        sources,
        spellings,
    )
    from showmeter.engines.spark_in_place_text import raise_file_errors, text_types
    from showmeter.intake.dialects import spark_sql
    from showmeter.intake.staging_sql import staged_sql

    F = functions(session)
    staged: list[DataFrame] = []
    uris: list[str] = []
    number = size = 0
    for spec in specs:
        listed = sources(session, kind, spec)
        size += sum(source.size for source in listed)
        found = sorted({u for source in listed for u in source.uris}, key=path_key)
        if stamps is not None:
            stamps.update(local_stamps(found))
        # Grouped by _file (one URI each): Spark then knows _file is unique on this side, and
        # drops the join from every query that does not read _path (all but --rejects, which
        # pays a small shuffle of this index for it: one row per file).
        index = (
            session.createDataFrame(
                [(same_uri(uri), len(uris) + i) for i, uri in enumerate(found)],
                "_uri string, _file int",
            )
            .groupBy("_file")
            .agg(F.max("_uri").alias("_uri"))
        )
        # Each file under every spelling a row may give it: the rows find their file by an
        # equality; a row whose path is none of them keeps a NULL _file (an error, not a loss).
        spelled = session.createDataFrame(
            [(s, len(uris) + i) for i, uri in enumerate(found) for s in spellings(uri)],
            "_uri string, _file int",
        )
        uris.extend(found)
        for source in listed:
            number += 1
            if source.text:
                # Parsed by Python on the executors: parsed once, kept for every later query.
                raw = source.frame.withColumn(
                    "_uri", F.regexp_replace("_uri", "^file:/+", "file:/")
                )
                raw = hold(raw, held)
                raise_file_errors(raw)
                types: Types = text_types(kind)
                malformed = raw.where(raw._mreason.isNotNull())
                raw = raw.where(raw._mreason.isNull())
            else:
                raw, types = raw_parquet(kind, spec, source.frame)
                malformed = None
            view = f"raw_{kind.name}_{number}"
            raw.join(F.broadcast(spelled), "_uri", "left").drop("_uri").createOrReplaceTempView(
                view
            )
            query = lean_sql(spark_sql(staged_sql(kind, types, assume_tz, "b._file", source=view)))
            rows = session.sql(query).join(F.broadcast(index), "_file", "left")
            rows = rows.withColumnRenamed("_uri", "_path")
            staged.append(rows)
            if malformed is not None:
                staged.append(
                    _malformed(rows, malformed.join(F.broadcast(spelled), "_uri", "left"))
                )
    stage = staged[0]
    for more in staged[1:]:
        stage = stage.unionByName(more)
    if size <= few_bytes():
        return hold(stage, held), uris, True, size
    return stage, uris, False, size


FEW_BYTES = 32 * 2**20
"""Files of one kind up to this size (in all) have their staged rows kept on the executors.

The rules are a plan of hundreds of operators per file format. Reading the files again for each
query (the counts, the repeated keys, the metric) costs little per row but much per query: the
driver analyses and compiles that plan each time, and a query reading its input several times
copies it each time (seconds each, tens under load). Small files are staged once and kept
(:func:`~showmeter.engines.spark_in_place_held.hold`), so every later query plans one operator
over them; larger ones are read again, only the columns a query needs, which costs less than
keeping every staged row (32 MiB is about 1.6 M sessions in Parquet, 300 k in CSV).
``SHOWMETER_SPARK_HOLD_BYTES`` sets another limit (:func:`few_bytes`)."""

HOLD_BYTES_VARIABLE = "SHOWMETER_SPARK_HOLD_BYTES"
"""The environment variable that overrides :data:`FEW_BYTES` (bytes; ``-1``: never held whole,
every computation reads the files once, narrowed)."""


def few_bytes() -> int:
    """The largest size (bytes, all the files of one kind) whose staged rows are held whole.

    :data:`FEW_BYTES`, unless ``SHOWMETER_SPARK_HOLD_BYTES`` gives another (an integer; ``-1``
    holds no files whole, so that small files take the path of large ones).

    Raises:
        UsageError: The variable is not an integer.
    """
    import os

    from showmeter.errors import UsageError

    given = os.environ.get(HOLD_BYTES_VARIABLE, "").strip()
    if not given:
        return FEW_BYTES
    try:
        return int(given)
    except ValueError:
        raise UsageError(
            f"{HOLD_BYTES_VARIABLE}={given!r} is not a number of bytes",
            expected="an integer, e.g. 33554432 (32 MiB) or -1 (hold no files whole)",
            remedy=f"Set {HOLD_BYTES_VARIABLE} to a number of bytes, or unset it.",
        ) from None


def local_stamps(uris: Iterable[str]) -> dict[Path, Stamp | None]:
    """The size and modification time of each local file (``file:`` or no scheme) now.

    Those of other file systems (``hdfs://``, ``s3a://``) are not taken: they are not checked.
    """
    from showmeter.engines.spark_in_place_sources import shown
    from showmeter.intake.in_place_cache import Stamp

    local = [Path(shown(uri)) for uri in uris if uri.startswith("file:") or "://" not in uri]
    return {path: Stamp.of(path) for path in local}


def check_unchanged(listed: Listing | None, error: Exception | None) -> None:
    """Raise the InputError naming a local file changed since it was listed (from ``error``)."""
    from showmeter.errors import InputError

    if listed is None:
        return
    try:
        listed.check()
    except InputError as changed:
        raise changed from error


def _malformed(staged: DataFrame, malformed: DataFrame) -> DataFrame:
    """The rows a reader could not read, as staged rows: their line, reason and text only.

    What the ingest stages for them (:func:`showmeter.intake.stage_rows.stage_malformed`).
    """
    from showmeter.engines.spark_in_place_sources import functions

    F = functions(staged)
    given = {
        "_file": F.col("_file"),
        "_line": F.col("_line"),
        "_reason": F.col("_mreason"),
        "_record": F.col("_mtext"),
        "_path": F.col("_uri"),
    }
    return malformed.select(
        *[
            (given[f.name] if f.name in given else F.lit(None)).cast(f.dataType).alias(f.name)
            for f in staged.schema.fields
        ]
    )
