"""Stage a load's rows: read each file, apply the rules, write the staged rows.

:func:`stage_kind` reads every file of one kind into the staging table ``stage_<kind>`` of the
scratch database a load stages in (:mod:`showmeter.intake.load`): a Parquet file of the
canonical format in one statement that DuckDB reads itself (:func:`parquet_staged_sql`), any
other file batch by batch through its reader, each batch through the kind's rules
(:func:`~showmeter.intake.staging_sql.staged_sql`). The rows a reader could not read are staged
with their reason (:func:`stage_malformed`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from showmeter.errors import InputError
from showmeter.intake import adapters, readers
from showmeter.intake.staging_sql import Kind, staged_sql
from showmeter.quoting import quote
from showmeter.schema import FACT_TABLES, duckdb_type

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

    from showmeter.catalog import Catalog

__all__ = [
    "Prepare",
    "Progress",
    "Reader",
    "canonical_reader",
    "column_key",
    "column_type",
    "kind_prepare",
    "normalize_names",
    "parquet_staged_sql",
    "reader_for",
    "stage_kind",
    "stage_malformed",
    "stage_parquet",
]

Progress = Callable[[str, int, int], None]
"""Called as ``progress(file, done, total)`` after each batch, in bytes of the file."""

Prepare = Callable[["pa.Table"], "pa.Table"]
"""A function applied to each raw batch of a kind before its rules."""

_BOOKKEEPING = (
    "_file INTEGER, _line BIGINT, _content UBIGINT, _reason VARCHAR, _column VARCHAR, "
    "_value VARCHAR, _record VARCHAR, _note VARCHAR"
)


Reader = Callable[[Path, list[str]], Iterator[readers.Batch]]
"""Reads a file of a kind batch by batch (the input columns wanted given)."""


def canonical_reader(path: Path, columns: list[str]) -> Iterator[readers.Batch]:
    """Read a file of the canonical format (CSV, JSON Lines or Parquet) batch by batch."""
    return readers.read_batches(path, columns=columns)


def reader_for(source: str, catalog: Catalog, options: Mapping[str, str]) -> Reader:
    """The reader of the viewing files of ``source`` (an adapter's, or the canonical one)."""
    if source == "canonical":
        return canonical_reader
    adapter = adapters.get(source)

    def read(path: Path, columns: list[str]) -> Iterator[readers.Batch]:
        return adapter.read(path, catalog, options)

    return read


def kind_prepare(kind: Kind) -> Prepare | None:
    """What a kind applies to each raw batch before its rules (reviews: their scores)."""
    if kind.name == "reviews":
        from showmeter.intake.review_ratings import add_scores

        return add_scores
    return None


def column_key(name: str) -> str:
    """The canonical name of an input column: names match without case or outer spaces."""
    return name.strip().lower()


def normalize_names(table: pa.Table) -> pa.Table:
    """Input names without case or outer spaces.

    Input columns whose names begin with ``_`` (names the ingest keeps for itself, such as
    ``_line``) are ignored.
    """
    keep = [i for i, n in enumerate(table.column_names) if n == "_line" or not n.startswith("_")]
    if len(keep) < table.num_columns:
        table = table.select(keep)
    names = [n if n == "_line" else column_key(n) for n in table.column_names]
    return table.rename_columns(names) if names != table.column_names else table


def stage_kind(
    connection: duckdb.DuckDBPyConnection,
    kind: Kind,
    files: Sequence[Path],
    assume_tz: str | None,
    hooks: list[Prepare],
    progress: Progress | None,
    reader: Reader,
) -> list[dict[str, Any]]:
    """Read every file of one kind into the staging table ``stage_<kind>``.

    Returns:
        Per file, the notes its batches carried.
    """
    stage = f"stage_{kind.name}"
    # Declared column by column: in DuckDB 2.0.0 a table made with CREATE TABLE AS ... LIMIT 0
    # inside a transaction loses its rows after a large Arrow insert and a second one.
    columns = ", ".join(f"{quote(c)} {column_type(kind.name, c)}" for c in kind.columns)
    connection.execute(f"CREATE OR REPLACE TABLE {stage} ({columns}, {_BOOKKEEPING})").fetchall()
    for statement in kind.setup:
        connection.execute(statement).fetchall()
    wanted = list(kind.known_columns)
    notes: list[dict[str, Any]] = []
    for index, path in enumerate(files):
        notes.append({})
        if not hooks and reader is canonical_reader and readers.file_format(path) == "parquet":
            stage_parquet(connection, kind, stage, path, wanted, assume_tz, index)
            if progress is not None:
                size = path.stat().st_size
                progress(str(path), size, size)
            continue
        for batch in reader(path, wanted):
            notes[-1].update(batch.notes)
            table = normalize_names(batch.table)
            for hook in hooks:
                table = hook(table)
            if table.num_rows:
                types = {n: table.schema.field(n).type for n in table.column_names if n != "_line"}
                connection.register("batch", table)
                try:
                    query = staged_sql(kind, types, assume_tz, index)
                    connection.execute(f"INSERT INTO {stage} BY NAME {query}").fetchall()
                finally:
                    connection.unregister("batch")
            if batch.malformed:
                stage_malformed(connection, stage, index, batch.malformed)
            if progress is not None:
                progress(str(path), batch.done, batch.total)
    return notes


def stage_malformed(
    connection: duckdb.DuckDBPyConnection,
    stage: str,
    index: int,
    malformed: Sequence[readers.Malformed],
) -> None:
    """Stage the rows a reader could not read, in one insert (``executemany`` takes 10 ms a row)."""
    import pyarrow as pa

    rows = pa.table(
        {
            "_file": pa.array([index] * len(malformed), pa.int64()),
            "_line": pa.array([m.line for m in malformed], pa.int64()),
            "_reason": pa.array([m.reason for m in malformed], pa.string()),
            "_record": pa.array([m.text for m in malformed], pa.string()),
        }
    )
    connection.register("malformed_rows", rows)
    try:
        connection.execute(
            f"INSERT INTO {stage} (_file, _line, _reason, _record) "
            "SELECT _file, _line, _reason, _record FROM malformed_rows"
        ).fetchall()
    finally:
        connection.unregister("malformed_rows")


def stage_parquet(
    connection: duckdb.DuckDBPyConnection,
    kind: Kind,
    stage: str,
    path: Path,
    wanted: list[str],
    assume_tz: str | None,
    index: int,
) -> int:
    """Stage a Parquet file in one statement: DuckDB reads it, no batch passes through Python.

    The rows, their lines (1-based row numbers) and the rules are those of the batch path.

    Returns:
        The rows read.
    """
    query, rows = parquet_staged_sql(kind, path, wanted, assume_tz, index)
    try:
        connection.execute(f"INSERT INTO {stage} BY NAME {query}").fetchall()
    except Exception as error:  # duckdb's IO and conversion errors have many classes
        if type(error).__module__.split(".")[0] != "duckdb":
            raise
        raise InputError(
            f"cannot read the Parquet file: {error}",
            file=str(path),
            remedy="Check that the file is complete and really Parquet.",
        ) from error
    return int(rows)


def parquet_staged_sql(
    kind: Kind, path: Path, wanted: list[str], assume_tz: str | None, index: int
) -> tuple[str, int]:
    """The query that stages a Parquet file (see :func:`staged_sql`), read by DuckDB itself.

    Args:
        kind: The kind of input.
        path: The Parquet file.
        wanted: The input columns to read (others are ignored).
        assume_tz: The zone for naive timestamps, or None to reject them.
        index: The position of the file in its load.

    Returns:
        The SELECT of staged rows, and the file's number of rows.
    """
    parquet = readers.parquet_source(path, wanted)
    return staged_sql(kind, parquet.types, assume_tz, index, source=parquet.sql), parquet.rows


def column_type(table: str, column: str) -> str:
    """The DuckDB type of a canonical column."""
    return duckdb_type(FACT_TABLES[table].column(column))
