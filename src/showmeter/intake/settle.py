"""Settle staged rows against the store, and move them in.

:func:`settle` gives every valid staged row its fate: loaded, ``duplicate`` (its identity is
stored already, or came earlier in this load, with the same values) or ``conflicting_row``
(the same identity with other values); it counts every file's rows and queues the quarantine.
:func:`commit_kind` then moves the loaded rows and the quarantine into the store, inside the
load's one transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from showmeter.intake.staging_sql import content_hash
from showmeter.intake.summary import FileSummary
from showmeter.quoting import quote

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    import duckdb

    from showmeter.intake.staging_sql import Kind

__all__ = [
    "commit_kind",
    "loaded_sql",
    "notes_sql",
    "queue_rejected",
    "settle",
    "summarize",
    "unloaded_sql",
]


def settle(
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
    unloaded = f"unloaded_{kind.name}"
    connection.execute(
        f"CREATE OR REPLACE TABLE {unloaded} AS {unloaded_sql(kind, stage, store_db)}"
    ).fetchall()
    queue_rejected(connection, kind, files, load_id, store_db, stage)
    read = connection.execute(
        f"SELECT _file, _reason, count(*) FROM {stage} GROUP BY ALL"
    ).fetchall()
    kept_out = connection.execute(
        f"SELECT _file, _status, count(*) FROM {unloaded} GROUP BY ALL"
    ).fetchall()
    notes = connection.execute(notes_sql(stage, unloaded)).fetchall()
    return summarize(kind, [str(path) for path in files], source, read, kept_out, notes)


def queue_rejected(
    connection: duckdb.DuckDBPyConnection,
    kind: Kind,
    files: Sequence[Path],
    load_id: str,
    store_db: str,
    stage: str,
) -> None:
    """Write ``rejected_<kind>``: the rows that broke a rule and the conflicts, new to the store.

    Args:
        connection: The connection, with the staging database in use.
        kind: The kind of input.
        files: The files, by their index in the load.
        load_id: The load.
        store_db: The store's database name.
        stage: A table of the staged rows (or at least of the rejected ones) with ``_file``,
            ``_line``, ``_reason``, ``_column``, ``_value`` and ``_record``.
    """
    unloaded = f"unloaded_{kind.name}"
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


def notes_sql(stage: str, unloaded: str) -> str:
    """SQL: per file, the notes (e.g. a device mapped to ``other``) of the rows loaded."""
    return (
        f"SELECT _file, _note, count(*) FROM {stage} s WHERE _reason IS NULL "
        f"AND _note IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {unloaded} u "
        f"WHERE u._file = s._file AND u._line = s._line) GROUP BY _file, _note ORDER BY 3 DESC"
    )


def summarize(
    kind: Kind,
    files: Sequence[str],
    source: str,
    read: Sequence[tuple[Any, Any, Any]],
    kept_out: Sequence[tuple[Any, Any, Any]],
    notes: Sequence[tuple[Any, Any, Any]],
) -> list[FileSummary]:
    """Every file's summary from the counts of its staged rows, on any engine.

    Args:
        kind: The kind of input.
        files: The files, by their index in the load.
        source: The adapter that read them.
        read: ``(file index, reason or None, rows)`` of every staged row.
        kept_out: ``(file index, status, rows)`` of the valid rows not loaded after all.
        notes: ``(file index, note, rows)`` of the rows loaded with a note.

    Returns:
        One summary per file: read = loaded + quarantined + duplicates.
    """
    summaries = [FileSummary(path, kind.name, source) for path in files]
    for file_index, reason, count in read:
        summary = summaries[int(file_index)]
        summary.read += int(count)
        if reason is None:
            summary.loaded += int(count)
        else:
            summary.quarantined += int(count)
            summary.reasons[str(reason)] = int(count)
    for file_index, status, count in kept_out:  # valid rows that are not loaded after all
        summary = summaries[int(file_index)]
        summary.loaded -= int(count)
        if status == "duplicate":
            summary.duplicates += int(count)
        else:
            summary.quarantined += int(count)
            summary.reasons[str(status)] = int(count)
    for file_index, note, count in notes:
        remapped = summaries[int(file_index)].notes.setdefault("devices_mapped_to_other", {})
        remapped[str(note)] = int(count)
    return summaries


def _same(columns: tuple[str, ...], left: str, right: str) -> str:
    """SQL: the two rows hold the same values in ``columns`` (NULL equals NULL)."""
    return " AND ".join(
        f"{left}.{quote(c)} IS NOT DISTINCT FROM {right}.{quote(c)}" for c in columns
    )


def _key(kind: Kind, table: str) -> str:
    """SQL: a 64-bit key of a row's identity, the hash of its row_id or else of its values."""
    return f"CASE WHEN {table}.row_id IS NOT NULL THEN hash({table}.row_id) " + (
        f"ELSE {content_hash(kind.content, table)} END"
    )


def unloaded_sql(kind: Kind, stage: str, store_db: str) -> str:
    """The valid staged rows that are not loaded after all, with their ``_status``.

    Two rows share an identity when they have the same ``row_id``, or when neither has one
    and all their values are equal. A row whose identity is stored already, or came earlier
    in this load (by file, then line), is a ``duplicate`` when its values equal those of the
    first such row, else a ``conflicting_row``. The 64-bit hashes only find the candidates;
    every decision compares the values themselves, so a hash collision cannot drop a row.
    """
    content = kind.content
    # Rows without a row_id are partitioned by their values; the others by their row_id.
    by_values = ", ".join(f"CASE WHEN row_id IS NULL THEN {quote(c)} END" for c in content)
    same_as_first = " AND ".join(
        f"{quote(c)} IS NOT DISTINCT FROM first_value({quote(c)}) OVER w" for c in content
    )
    stored_identity = (
        "(t.row_id = v.row_id OR (t.row_id IS NULL AND v.row_id IS NULL AND "
        f"{_same(content, 't', 'v')}))"
    )
    listed = ", ".join(quote(c) for c in content)
    # Only the few rows that may not load are ever held whole: the keys alone find them (a key
    # seen twice in the load, or a key the store has), so a large load or store spills little.
    return f"""
        WITH keyed AS NOT MATERIALIZED (
          SELECT _file, _line, row_id, {listed},
            CASE WHEN row_id IS NOT NULL THEN hash(row_id) ELSE _content END AS _key
          FROM {stage} WHERE _reason IS NULL
        ), repeated AS (
          SELECT _key FROM keyed GROUP BY _key HAVING count(*) > 1
        ), stored_keys AS MATERIALIZED (
          -- keys only: if the new keys outgrow memory, what the join spills is 8 bytes a row
          SELECT DISTINCT _key FROM (
            SELECT {_key(kind, "s")} AS _key FROM {store_db}.main.{kind.name} s
          ) WHERE _key IN (SELECT _key FROM keyed)
        ), matched AS MATERIALIZED (
          SELECT * FROM (
            SELECT row_id, {listed}, {_key(kind, "s")} AS _key
            FROM {store_db}.main.{kind.name} s
          ) WHERE _key IN (SELECT _key FROM stored_keys)
        ), valid AS MATERIALIZED (
          SELECT * FROM keyed
          WHERE _key IN (SELECT _key FROM repeated UNION ALL SELECT _key FROM matched)
        ), ranked AS (
          SELECT _file, _line, row_id, row_number() OVER w AS _n, {same_as_first} AS _same
          FROM valid SEMI JOIN repeated USING (_key)
          WINDOW w AS (PARTITION BY row_id, {by_values} ORDER BY _file, _line)
        ), stored AS (
          SELECT v._file, v._line, v.row_id, {_same(content, "t", "v")} AS _same
          FROM valid v JOIN matched t ON t._key = v._key AND {stored_identity}
        )
        SELECT _file, _line, row_id,
          CASE WHEN _same THEN 'duplicate' ELSE 'conflicting_row' END AS _status
        FROM stored
        UNION ALL
        SELECT _file, _line, row_id,
          CASE WHEN _same THEN 'duplicate' ELSE 'conflicting_row' END
        FROM ranked r WHERE _n > 1 AND NOT EXISTS (
          SELECT 1 FROM stored s WHERE s._file = r._file AND s._line = r._line)
        """


def loaded_sql(kind: Kind, staging: str) -> str:
    """A query of the settled rows of one kind that a load puts into the store.

    Args:
        kind: The kind of rows.
        staging: The staging database's name.

    Returns:
        The SELECT of their canonical columns.
    """
    columns = ", ".join(quote(c) for c in kind.columns)
    return (
        f"SELECT {columns} "
        f"FROM {staging}.stage_{kind.name} s WHERE _reason IS NULL AND NOT EXISTS ("
        f"SELECT 1 FROM {staging}.unloaded_{kind.name} u "
        f"WHERE u._file = s._file AND u._line = s._line)"
    )


def commit_kind(connection: duckdb.DuckDBPyConnection, kind: Kind, staging: str) -> None:
    """Move the settled rows of one kind and their quarantine into the store."""
    columns = ", ".join(quote(c) for c in kind.columns)
    connection.execute(
        f"INSERT INTO main.{kind.name} ({columns}) {loaded_sql(kind, staging)}"
    ).fetchall()
    connection.execute(
        f"INSERT INTO main.quarantine SELECT * FROM {staging}.rejected_{kind.name}"
    ).fetchall()
