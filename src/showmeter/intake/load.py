"""Load input files into a store: validate, quarantine, de-duplicate, reconcile.

One call of :func:`ingest` is one transaction. It replaces the catalog tables with the catalog
given, then reads every file batch by batch into a staging table, where each row is either
canonical or carries the first rule it breaks. At the end, per kind, every staged row gets a
status: ``loaded``, ``duplicate`` (the same row is stored already, or came earlier in this
load) or quarantined (a broken rule, or a row with the identity of another but other values).
So for every file: read = loaded + quarantined + duplicates. An error or an interrupt rolls the
whole load back.
"""

from __future__ import annotations

import contextlib
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from showmeter._gc import paused_gc
from showmeter.errors import InputError, UsageError, resource_error
from showmeter.intake import adapters, readers, scratch
from showmeter.intake.catalog_tables import write_catalog
from showmeter.intake.published import PUBLISHED_SOURCES
from showmeter.intake.recording import record_loads, write_rejects
from showmeter.intake.rules import KINDS
from showmeter.intake.settle import commit_kind, loaded_sql, settle
from showmeter.intake.staging_sql import Kind, staged_sql
from showmeter.intake.suggest import add_suggestions
from showmeter.intake.summary import FileSummary
from showmeter.quoting import literal, quote
from showmeter.schema import CATALOG_TABLES, FACT_TABLES, duckdb_tables, duckdb_type
from showmeter.store import MEMORY, create_tables

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

    from showmeter.catalog import Catalog
    from showmeter.store import Store

__all__ = ["FileSummary", "Maintain", "Progress", "ingest", "parquet_staged_sql"]

Progress = Callable[[str, int, int], None]
"""Called as ``progress(file, done, total)`` after each batch, in bytes of the file."""

_BOOKKEEPING = (
    "_file INTEGER, _line BIGINT, _content UBIGINT, _reason VARCHAR, _column VARCHAR, "
    "_value VARCHAR, _record VARCHAR, _note VARCHAR"
)


Prepare = Callable[["pa.Table"], "pa.Table"]

Maintain = Callable[["duckdb.DuckDBPyConnection", Mapping[str, str]], None]
"""Called inside a load's transaction once its rows are in the store, as
``maintain(connection, loaded)`` where ``loaded`` maps each kind loaded to a query of the rows
this load added: what keeps the store's summaries of those rows (pre-aggregations) in step."""


def ingest(
    store: Store,
    catalog: Catalog | None,
    inputs: Iterable[tuple[str, str | Path]],
    *,
    assume_tz: str | None = None,
    source: str = "canonical",
    rejects: str | Path | None = None,
    progress: Progress | None = None,
    prepare: dict[str, Prepare] | None = None,
    options: Mapping[str, str] | None = None,
    maintain: Maintain | None = None,
) -> list[FileSummary]:
    """Load files into ``store`` in one transaction.

    Args:
        store: A writable store.
        catalog: The catalog; it replaces the store's catalog tables. Only the sources of
            published figures (``netflix-top10``, ``netflix-engagement``) accept None: they
            go to :func:`showmeter.intake.published.load.ingest_published`.
        inputs: ``(kind, path)`` pairs: kind is ``viewing``, ``panels``, ``reviews`` or
            ``signals``; path is a file, a directory or a glob.
        assume_tz: IANA zone for naive timestamps; None rejects them (``naive_timestamp``).
        source: The adapter that reads the viewing files: ``canonical`` (the default) or a
            name of :data:`showmeter.intake.adapters.ADAPTERS`. Other kinds are canonical.
        rejects: Also write the quarantined rows of this load to this CSV file.
        progress: Called after each batch.
        prepare: Kind -> a function applied to each raw batch before the rules.
        options: Options for the adapter (``name -> value``).
        maintain: Called in the transaction after the rows are in (see :data:`Maintain`).

    Returns:
        One summary per file, in the order loaded.

    Raises:
        UsageError: An unknown kind or time zone.
        InputError: A file that cannot be read, or lacks a required column.
    """
    if source in PUBLISHED_SOURCES:
        from showmeter.intake.published.load import ingest_published

        return ingest_published(
            store, catalog, list(inputs), source=source, rejects=rejects, progress=progress
        )
    if catalog is None:
        raise UsageError(
            "a catalog is required to load files",
            remedy="Give the catalog of titles, seasons and episodes (--catalog FILE).",
        )
    _check_zone(assume_tz)
    read = _reader(source, catalog, options or {})
    plan = _plan(inputs, source)
    load_id = uuid.uuid4().hex
    connection = store.connection
    store_db = quote(str(connection.execute("SELECT current_database()").fetchall()[0][0]))
    with (
        _staging(store) as staging,
        paused_gc(),  # the rows read stay alive until staged
        _any_order(connection),
    ):
        # 1. Stage: every row read, checked against the new catalog, and classified, in a
        #    scratch database. Nothing of the store is written, so an error or an interrupt
        #    here leaves it as it was, and memory stays bounded however large the input.
        connection.execute(f"USE {staging}").fetchall()
        try:
            create_tables(connection, duckdb_tables(CATALOG_TABLES))
            write_catalog(connection, catalog)
            staged: list[tuple[Kind, list[FileSummary]]] = []
            for kind_name, files in plan.items():
                kind = KINDS[kind_name]
                hooks = [h for h in ((prepare or {}).get(kind_name), _kind_prepare(kind)) if h]
                reader = read if kind_name == "viewing" else _canonical_reader
                notes = _stage_kind(connection, kind, files, assume_tz, hooks, progress, reader)
                summaries = settle(
                    connection,
                    kind,
                    files,
                    source if kind_name == "viewing" else "canonical",
                    load_id,
                    store_db,
                )
                for summary, extra in zip(summaries, notes, strict=True):
                    summary.notes.update(extra)
                add_suggestions(connection, f"stage_{kind_name}", summaries, catalog)
                staged.append((kind, summaries))
        finally:
            connection.execute(f"USE {store_db}").fetchall()
        # 2. Commit: one transaction moves the settled rows into the store. On a full disk it
        #    rolls back, and the store gives the space back when it is closed.
        try:
            with store.transaction():
                write_catalog(connection, catalog)
                for kind, _ in staged:
                    commit_kind(connection, kind, staging)
                everything = [summary for _, summaries in staged for summary in summaries]
                record_loads(connection, load_id, everything)
                if maintain is not None:
                    maintain(connection, {k.name: loaded_sql(k, staging) for k, _ in staged})
        except Exception as error:
            resource = resource_error(error)
            if resource is None:
                raise
            raise resource from error
    if rejects is not None:
        write_rejects(store, load_id, Path(rejects))
    return everything


@contextlib.contextmanager
def _any_order(connection: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Let DuckDB write the rows of a statement without ORDER BY in any order, then restore.

    Nothing a load writes depends on the order of rows: every rule, every settlement (the first
    of several rows is the first by file and line) and every listing of rows sorts explicitly,
    and a table built sorted (``ORDER BY``) stays sorted. Without keeping the scan's order,
    DuckDB's threads insert as they go: about a quarter less CPU for staging the rows and for
    inserting them (``benchmarks/preaggregates.py``). The setting is the database's, not the
    connection's: another cursor on the same store, in the same process, sees it during the load
    (its unsorted queries may return rows in another order meanwhile; sorted ones are as ever).
    """
    (before,) = connection.execute("SELECT current_setting('preserve_insertion_order')").fetchall()[
        0
    ]
    connection.execute("SET preserve_insertion_order = false").fetchall()
    try:
        yield
    finally:
        connection.execute(f"SET preserve_insertion_order = {bool(before)}").fetchall()


@contextlib.contextmanager
def _staging(store: Store) -> Iterator[str]:
    """Attach a scratch database for staging; detach and delete it afterwards."""
    name = f"_staging_{uuid.uuid4().hex[:12]}"
    folder = None
    if store.path == MEMORY:
        target = ":memory:"
    else:
        folder = scratch.new_folder()
        target = str(folder / "staging.duckdb")
    store.connection.execute(f"ATTACH {literal(target)} AS {name}").fetchall()
    try:
        yield name
    finally:
        try:
            store.connection.execute(f"DETACH {name}").fetchall()
        finally:  # the folder goes even when the connection cannot detach any more
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)


def _check_zone(zone: str | None) -> None:
    if zone is None:
        return
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise UsageError(
            "--assume-tz is not an IANA time zone",
            value=zone,
            expected="a zone such as America/New_York or UTC",
            remedy="Pick a name from the tz database.",
        ) from error


Reader = Callable[[Path, list[str]], Iterator[readers.Batch]]


def _canonical_reader(path: Path, columns: list[str]) -> Iterator[readers.Batch]:
    return readers.read_batches(path, columns=columns)


def _reader(source: str, catalog: Catalog, options: Mapping[str, str]) -> Reader:
    if source == "canonical":
        return _canonical_reader
    adapter = adapters.get(source)

    def read(path: Path, columns: list[str]) -> Iterator[readers.Batch]:
        return adapter.read(path, catalog, options)

    return read


def _plan(inputs: Iterable[tuple[str, str | Path]], source: str) -> dict[str, list[Path]]:
    plan: dict[str, list[Path]] = {}
    for kind_name, spec in inputs:
        if kind_name not in KINDS:
            raise UsageError(
                f"unknown kind of input {kind_name!r}", expected=f"one of {sorted(KINDS)}"
            )
        if kind_name == "viewing" and source != "canonical":
            plan.setdefault(kind_name, []).extend(adapters.get(source).expand(spec))
            continue
        for path in readers.expand_inputs(spec):
            _check_columns(KINDS[kind_name], path)
            plan.setdefault(kind_name, []).append(path)
    return plan


def _check_columns(kind: Kind, path: Path) -> None:
    names = {_column_key(name) for name in readers.header(path)}
    missing = [c for c in kind.required if c not in names]
    if kind.any_of and not names.intersection(kind.any_of):
        missing.append(" or ".join(kind.any_of))
    if missing:
        raise InputError(
            f"the {kind.name} file lacks the column {missing[0]!r}",
            file=str(path),
            line=1,
            column=missing[0],
            expected=f"the columns {', '.join(kind.required)}"
            + (f" and one of {', '.join(kind.any_of)}" if kind.any_of else ""),
            remedy="Rename or add the column (names are case-insensitive), "
            "or pick the right --source for this file.",
        )


def _kind_prepare(kind: Kind) -> Prepare | None:
    if kind.name == "reviews":
        from showmeter.intake.review_ratings import add_scores

        return add_scores
    return None


def _column_key(name: str) -> str:
    """The canonical name of an input column: names match without case or outer spaces."""
    return name.strip().lower()


def _normalize_names(table: pa.Table) -> pa.Table:
    """Input names without case or outer spaces.

    Input columns whose names begin with ``_`` (names the ingest keeps for itself, such as
    ``_line``) are ignored.
    """
    keep = [i for i, n in enumerate(table.column_names) if n == "_line" or not n.startswith("_")]
    if len(keep) < table.num_columns:
        table = table.select(keep)
    names = [n if n == "_line" else _column_key(n) for n in table.column_names]
    return table.rename_columns(names) if names != table.column_names else table


def _stage_kind(
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
    columns = ", ".join(f"{quote(c)} {_column_type(kind.name, c)}" for c in kind.columns)
    connection.execute(f"CREATE OR REPLACE TABLE {stage} ({columns}, {_BOOKKEEPING})").fetchall()
    for statement in kind.setup:
        connection.execute(statement).fetchall()
    wanted = list(kind.known_columns)
    notes: list[dict[str, Any]] = []
    for index, path in enumerate(files):
        notes.append({})
        if not hooks and reader is _canonical_reader and readers.file_format(path) == "parquet":
            _stage_parquet(connection, kind, stage, path, wanted, assume_tz, index)
            if progress is not None:
                size = path.stat().st_size
                progress(str(path), size, size)
            continue
        for batch in reader(path, wanted):
            notes[-1].update(batch.notes)
            table = _normalize_names(batch.table)
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
                _stage_malformed(connection, stage, index, batch.malformed)
            if progress is not None:
                progress(str(path), batch.done, batch.total)
    return notes


def _stage_malformed(
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


def _stage_parquet(
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


def _column_type(table: str, column: str) -> str:
    """The DuckDB type of a canonical column."""
    return duckdb_type(FACT_TABLES[table].column(column))
