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
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from showmeter.errors import InputError, UsageError
from showmeter.ingest import adapters, readers
from showmeter.ingest.catalog_tables import write_catalog
from showmeter.ingest.kinds import KINDS, Kind, content_hash, staged_sql
from showmeter.ingest.schemas import CATALOG_TABLES, FACT_TABLES
from showmeter.ingest.sql import literal, quote
from showmeter.store import MEMORY, create_tables

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

    from showmeter.catalog import Catalog
    from showmeter.store import Store

__all__ = ["FileSummary", "Progress", "ingest"]

Progress = Callable[[str, int, int], None]
"""Called as ``progress(file, done, total)`` after each batch (bytes or rows)."""

_BOOKKEEPING = (
    "_file INTEGER, _line BIGINT, _content UBIGINT, _reason VARCHAR, _column VARCHAR, "
    "_value VARCHAR, _record VARCHAR, _note VARCHAR"
)


@dataclass
class FileSummary:
    """What happened to the rows of one input file.

    Attributes:
        file: The file as given.
        kind: The table it was loaded into.
        source: The adapter that read it.
        read: Rows read (records, including malformed ones).
        loaded: Rows added to the store.
        quarantined: Rows rejected, each under one reason.
        duplicates: Rows already in the store, or repeated within the load.
        reasons: Reason -> number of quarantined rows.
        notes: Anything else worth knowing, e.g. devices mapped to ``other``.
    """

    file: str
    kind: str
    source: str
    read: int = 0
    loaded: int = 0
    quarantined: int = 0
    duplicates: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def reconciles(self) -> bool:
        """Whether read = loaded + quarantined + duplicates."""
        return self.read == self.loaded + self.quarantined + self.duplicates

    def to_dict(self) -> dict[str, Any]:
        """The summary as the ``ingest --format json`` contract prints it."""
        return {
            "file": self.file,
            "kind": self.kind,
            "source": self.source,
            "read": self.read,
            "loaded": self.loaded,
            "quarantined": self.quarantined,
            "duplicates": self.duplicates,
            "reasons": dict(sorted(self.reasons.items())),
            "notes": self.notes,
        }


Prepare = Callable[["pa.Table"], "pa.Table"]


def ingest(
    store: Store,
    catalog: Catalog,
    inputs: Iterable[tuple[str, str | Path]],
    *,
    assume_tz: str | None = None,
    source: str = "canonical",
    rejects: str | Path | None = None,
    progress: Progress | None = None,
    prepare: dict[str, Prepare] | None = None,
    options: Mapping[str, str] | None = None,
) -> list[FileSummary]:
    """Load files into ``store`` in one transaction.

    Args:
        store: A writable store.
        catalog: The catalog; it replaces the store's catalog tables.
        inputs: ``(kind, path)`` pairs: kind is ``viewing``, ``panels``, ``reviews`` or
            ``signals``; path is a file, a directory or a glob.
        assume_tz: IANA zone for naive timestamps; None rejects them (``naive_timestamp``).
        source: The adapter that reads the viewing files: ``canonical`` (the default) or a
            name of :data:`showmeter.ingest.adapters.ADAPTERS`. Other kinds are canonical.
        rejects: Also write the quarantined rows of this load to this CSV file.
        progress: Called after each batch.
        prepare: Kind -> a function applied to each raw batch before the rules.
        options: Options for the adapter (``name -> value``).

    Returns:
        One summary per file, in the order loaded.

    Raises:
        UsageError: An unknown kind or time zone.
        InputError: A file that cannot be read, or lacks a required column.
    """
    _check_zone(assume_tz)
    read = _reader(source, catalog, options or {})
    plan = _plan(inputs, source)
    load_id = uuid.uuid4().hex
    connection = store.connection
    store_db = quote(str(connection.execute("SELECT current_database()").fetchall()[0][0]))
    with _staging(store) as staging:
        # 1. Stage: every row read, checked against the new catalog, and classified, in a
        #    scratch database. Nothing of the store is written, so an error or an interrupt
        #    here leaves it as it was, and memory stays bounded however large the input.
        connection.execute(f"USE {staging}").fetchall()
        try:
            create_tables(connection, CATALOG_TABLES)
            write_catalog(connection, catalog)
            staged: list[tuple[Kind, list[FileSummary]]] = []
            for kind_name, files in plan.items():
                kind = KINDS[kind_name]
                hooks = [h for h in ((prepare or {}).get(kind_name), _kind_prepare(kind)) if h]
                reader = read if kind_name == "viewing" else _canonical_reader
                notes = _stage_kind(connection, kind, files, assume_tz, hooks, progress, reader)
                summaries = _settle(
                    connection,
                    kind,
                    files,
                    source if kind_name == "viewing" else "canonical",
                    load_id,
                    store_db,
                )
                for summary, extra in zip(summaries, notes, strict=True):
                    summary.notes.update(extra)
                staged.append((kind, summaries))
        finally:
            connection.execute(f"USE {store_db}").fetchall()
        # 2. Commit: one transaction moves the settled rows into the store.
        with store.transaction():
            write_catalog(connection, catalog)
            for kind, _ in staged:
                _commit_kind(connection, kind, staging)
            everything = [summary for _, summaries in staged for summary in summaries]
            _record_loads(connection, load_id, everything)
    if rejects is not None:
        _write_rejects(store, load_id, Path(rejects))
    return everything


@contextlib.contextmanager
def _staging(store: Store) -> Iterator[str]:
    """Attach a scratch database for staging; detach and delete it afterwards."""
    name = f"_staging_{uuid.uuid4().hex[:12]}"
    folder = None
    if store.path == MEMORY:
        target = ":memory:"
    else:
        folder = tempfile.mkdtemp(prefix="showmeter-", dir=os.environ.get("SHOWMETER_TMP"))
        target = str(Path(folder) / "staging.duckdb")
    store.connection.execute(f"ATTACH {literal(target)} AS {name}").fetchall()
    try:
        yield name
    finally:
        store.connection.execute(f"DETACH {name}").fetchall()
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
    names = {name.strip().lower() for name in readers.header(path)}
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
        from showmeter.ingest.review_ratings import add_scores

        return add_scores
    return None


def _normalize_names(table: pa.Table) -> pa.Table:
    names = [n if n == "_line" else n.strip().lower() for n in table.column_names]
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
    wanted = list(kind.known_columns)
    notes: list[dict[str, Any]] = []
    for index, path in enumerate(files):
        notes.append({})
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
                connection.executemany(
                    f"INSERT INTO {stage} (_file, _line, _reason, _record) VALUES (?, ?, ?, ?)",
                    [[index, m.line, m.reason, m.text] for m in batch.malformed],
                )
            if progress is not None:
                progress(str(path), batch.done, batch.total)
    return notes


def _column_type(table: str, column: str) -> str:
    """The SQL type of a canonical column, read from the schema's DDL."""
    for line in FACT_TABLES[table].splitlines():
        words = line.strip().split()
        if len(words) >= 2 and words[0] == column:
            return words[1].rstrip(",")
    raise KeyError(f"{table}.{column}")


def _settle(
    connection: duckdb.DuckDBPyConnection,
    kind: Kind,
    files: Sequence[Path],
    source: str,
    load_id: str,
    store_db: str,
) -> list[FileSummary]:
    """Classify staged rows against the store, count everything, queue the quarantine.

    Most rows of most loads are new, so only the exceptions are written: ``unloaded_<kind>``
    holds the valid rows that are duplicates or conflicts (with their status), and
    ``rejected_<kind>`` the quarantine rows new to the store, both in the staging database.
    The store's tables are only read.
    """
    stage = f"stage_{kind.name}"
    table = f"{store_db}.main.{kind.name}"
    unloaded = f"unloaded_{kind.name}"
    connection.execute(
        f"""
        CREATE OR REPLACE TABLE {unloaded} AS
        WITH valid AS (
          SELECT row_id, _file, _line, _content FROM {stage} WHERE _reason IS NULL
        ), repeated AS (
          SELECT row_id FROM valid GROUP BY row_id HAVING count(*) > 1
        ), ranked AS (
          SELECT v.row_id, v._file, v._line,
            row_number() OVER w AS _n, first_value(v._content) OVER w AS _first
          FROM valid v SEMI JOIN repeated USING (row_id)
          WINDOW w AS (PARTITION BY v.row_id ORDER BY v._file, v._line)
        )
        SELECT v._file, v._line, v.row_id, CASE
            WHEN t.row_id IS NOT NULL AND {content_hash(kind.content, "t")} = v._content
              THEN 'duplicate'
            WHEN t.row_id IS NOT NULL THEN 'conflicting_row'
            WHEN r._content_first = v._content THEN 'duplicate'
            ELSE 'conflicting_row' END AS _status
        FROM valid v
        LEFT JOIN (SELECT row_id, _file, _line, _n, _first AS _content_first FROM ranked) r
          ON r.row_id = v.row_id AND r._file = v._file AND r._line = v._line
        LEFT JOIN {table} t ON t.row_id = v.row_id
        WHERE t.row_id IS NOT NULL OR r._n > 1
        """
    ).fetchall()
    file_names = [str(path) for path in files]
    connection.execute(
        f"""
        CREATE OR REPLACE TABLE rejected_{kind.name} AS
        SELECT n.* FROM (
          SELECT ? AS load_id, ? AS kind, list_extract(?::VARCHAR[], _file + 1) AS file, _line,
                 _column, _reason, _value, _record
          FROM {stage} WHERE _reason IS NOT NULL
          UNION ALL
          SELECT ?, ?, list_extract(?::VARCHAR[], _file + 1), _line, 'row_id', _status, row_id,
                 NULL
          FROM {unloaded} WHERE _status = 'conflicting_row'
        ) n
        WHERE NOT EXISTS (  -- a reload quarantines nothing anew
          SELECT 1 FROM {store_db}.main.quarantine q WHERE q.kind = n.kind AND q.file = n.file
            AND q.line IS NOT DISTINCT FROM n._line AND q.reason = n._reason
            AND q.record IS NOT DISTINCT FROM n._record)
        ORDER BY 3, 4
        """,
        [load_id, kind.name, file_names, load_id, kind.name, file_names],
    ).fetchall()
    summaries = [FileSummary(str(path), kind.name, source) for path in files]
    read = connection.execute(
        f"SELECT _file, _reason, count(*) FROM {stage} GROUP BY ALL"
    ).fetchall()
    for file_index, reason, count in read:
        summary = summaries[int(file_index)]
        summary.read += int(count)
        if reason is None:
            summary.loaded += int(count)
        else:
            summary.quarantined += int(count)
            summary.reasons[str(reason)] = int(count)
    kept_out = connection.execute(
        f"SELECT _file, _status, count(*) FROM {unloaded} GROUP BY ALL"
    ).fetchall()
    for file_index, status, count in kept_out:  # valid rows that are not loaded after all
        summary = summaries[int(file_index)]
        summary.loaded -= int(count)
        if status == "duplicate":
            summary.duplicates += int(count)
        else:
            summary.quarantined += int(count)
            summary.reasons[str(status)] = int(count)
    notes = connection.execute(
        f"SELECT _file, _note, count(*) FROM {stage} s WHERE _reason IS NULL "
        f"AND _note IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {unloaded} u "
        f"WHERE u._file = s._file AND u._line = s._line) GROUP BY ALL ORDER BY 3 DESC"
    ).fetchall()
    for file_index, note, count in notes:
        remapped = summaries[int(file_index)].notes.setdefault("devices_mapped_to_other", {})
        remapped[str(note)] = int(count)
    return summaries


def _commit_kind(connection: duckdb.DuckDBPyConnection, kind: Kind, staging: str) -> None:
    """Move the settled rows of one kind and their quarantine into the store."""
    columns = ", ".join(quote(c) for c in kind.columns)
    connection.execute(
        f"INSERT INTO main.{kind.name} ({columns}) SELECT {columns} "
        f"FROM {staging}.stage_{kind.name} s WHERE _reason IS NULL AND NOT EXISTS ("
        f"SELECT 1 FROM {staging}.unloaded_{kind.name} u "
        f"WHERE u._file = s._file AND u._line = s._line)"
    ).fetchall()
    connection.execute(
        f"INSERT INTO main.quarantine SELECT * FROM {staging}.rejected_{kind.name}"
    ).fetchall()


def _record_loads(
    connection: duckdb.DuckDBPyConnection, load_id: str, summaries: list[FileSummary]
) -> None:
    now = datetime.now(UTC)
    connection.executemany(
        "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                load_id,
                s.kind,
                s.source,
                s.file,
                s.read,
                s.loaded,
                s.quarantined,
                s.duplicates,
                json.dumps(s.reasons, sort_keys=True),
                json.dumps(s.notes, sort_keys=True),
                now,
            ]
            for s in summaries
        ],
    )


def _write_rejects(store: Store, load_id: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    target = str(path).replace("'", "''")
    store.connection.execute(
        f'COPY (SELECT file, line, "column", reason, value, record FROM quarantine '
        f"WHERE load_id = '{load_id}' ORDER BY file, line) TO '{target}' (HEADER, DELIMITER ',')"
    ).fetchall()
