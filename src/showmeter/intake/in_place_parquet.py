"""Parquet files read in place: the rules in one narrow pass, the metric over the files.

Staging every row of a file whole (all its canonical columns, in a table) and then letting the
metric read that table cost several times the metric itself. Here the ingest's own rule query
(:func:`showmeter.intake.staging_sql.staged_sql`, the same for every file as
:func:`showmeter.intake.load.parquet_staged_sql` builds it) runs **once** over all the files,
and keeps only what the counts need:

1. ``checked_<kind>``: per row only its file, line, fate (``_reason``, NULL for a valid row)
   and a 64-bit key of its identity (the hash of its ``row_id``, or of the
   :attr:`~showmeter.intake.staging_sql.Kind.candidates` columns of a row without one; on the
   sessions' key pass its lowest bit marks a row that breaks a rule that pass checks, so
   broken twins never count as repeats); a rejected row also keeps its column, value, raw
   record and (for suggestions) its title and season. Nothing else of a valid row is written.
2. Rows that may repeat one another are those sharing a key. Only they (usually none) are
   staged whole, and the ingest's :func:`~showmeter.intake.settle.unloaded_sql` decides value
   by value which are duplicates or conflicts, exactly as a load does (a row's key is a
   function of its identity, so all rows of one identity are among them).
3. The metric reads a view that parses the files' columns with the rules' own expressions
   (:attr:`~showmeter.intake.staging_sql.Kind.parsed`) and leaves out the rejected and
   unloaded rows by (file, line) (no filter at all when there are none): DuckDB reads only
   the columns the metric uses and parses only those (:mod:`showmeter.intake.in_place_view`);
   a unit id whose rules the statistics prove is read raw behind a guard that fails the query
   when a value needs parsing after all, and the computation then runs again with it parsed
   (:mod:`showmeter.intake.in_place_texts`).

Sessions (whose catalog rules split from their per-row rules, see
:func:`showmeter.intake.in_place_triage.plan`) take a cheaper way to steps 1 and 2: the
catalog rules run once per distinct group of raw catalog values, only the rows of groups not
proven valid are staged by the rule query, the device is counted by a narrow scan of its own
(:mod:`showmeter.intake.in_place_side`), and the keys come from another narrow scan
(:mod:`showmeter.intake.in_place_triage`). Step 3 is the same.

The counts are :func:`~showmeter.intake.settle.settled`'s, as in a load, so a figure and the
``inputs`` of a computation in place equal those from a store loaded with the same files.

What steps 1 and 2 found (the counts, the rows not used and their positions) is kept in the
user's cache folder (:mod:`showmeter.intake.in_place_cache`); a later computation over the
same unchanged files, catalog and rules reads it and runs only step 3.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.intake import readers
from showmeter.intake.in_place_cache import Record, read_record
from showmeter.intake.in_place_keys import EVEN, foldable, repeated_keys
from showmeter.intake.in_place_plain import Guard
from showmeter.intake.in_place_stats import file_stats, unproven
from showmeter.intake.in_place_triage import Triage, plan, triage
from showmeter.intake.in_place_view import Exposure, plain_columns
from showmeter.intake.settle import queue_rejected, summarize, unloaded_sql
from showmeter.intake.staging_sql import content_hash, staged_sql
from showmeter.quoting import quote

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    import duckdb

    from showmeter.intake.in_place_cache import Cache
    from showmeter.intake.staging_sql import Kind
    from showmeter.intake.summary import FileSummary

Counts = tuple[
    list[tuple[int, str | None, int]], list[tuple[int, str, int]], list[tuple[int, str, int]]
]
"""Every file's rows read by fate, rows kept out by status, rows with a note (by file index)."""

__all__ = ["settle_parquet"]

_SUGGESTED = "('unknown_title', 'unknown_season')"
"""The reasons whose rows keep their title and season (for ``did_you_mean``)."""


def _key(kind: Kind) -> str:
    """SQL over a staged row: the 64-bit key of its identity; NULL for a rejected row.

    The key's lowest bit is clear (:data:`~showmeter.intake.in_place_keys.EVEN`).
    """
    values = content_hash(kind.candidates or kind.content)
    return (
        "CASE WHEN _reason IS NULL THEN CASE WHEN row_id IS NOT NULL THEN hash(row_id) "
        f"ELSE {values} END & {EVEN} END"
    )


def settle_parquet(
    connection: duckdb.DuckDBPyConnection,
    kind: Kind,
    files: Sequence[Path],
    assume_tz: str | None,
    load_id: str,
    store_db: str,
    cache: Cache | None = None,
    guards: list[Guard] | None = None,
) -> list[FileSummary]:
    """Apply the rules to Parquet files of one kind and expose the rows used as ``main.<kind>``.

    Args:
        connection: The in-memory store's connection (catalog tables written).
        kind: The kind of input.
        files: Its Parquet files, by their index in the load.
        assume_tz: The zone for naive timestamps, or None to reject them.
        load_id: The load's id (the quarantine rows carry it).
        store_db: The database whose ``quarantine`` and ``<kind>`` tables are read.
        cache: What earlier computations over the same files found
            (:mod:`showmeter.intake.in_place_cache`): read instead of applying the rules when
            it holds these files, else kept for the next (written by ``cache.commit``).
        guards: Given, and a column is read guarded
            (:func:`~showmeter.intake.in_place_texts.guarded`): a
            :class:`~showmeter.intake.in_place_plain.Guard` is appended, which exposes the
            files again with the columns that need it parsed when a guard trips, or scans the
            columns once when the guards held in a computation read from the cache (and keeps
            what it found in the cache).

    Returns:
        One summary per file; ``rejected_<kind>`` holds the quarantined rows and
        ``checked_<kind>`` the rows that broke a rule (with title and season for suggestions).
    """
    for statement in kind.setup:
        connection.execute(statement).fetchall()
    wanted = list(kind.known_columns)
    sources = [readers.parquet_source(path, wanted) for path in files]
    names = [str(path) for path in files]
    checked, unloaded = f"checked_{kind.name}", f"unloaded_{kind.name}"
    entry = found = None
    if cache is not None:
        rules = {staged_sql(kind, source.types, assume_tz, 0, source="files") for source in sources}
        entry = cache.key(kind.name, files, assume_tz, sorted(rules))
        found = None if entry is None else read_record(connection, entry, checked, unloaded)
    scanned: list[list[str] | None] = [None for _ in sources]
    if found is not None:  # the rules' findings of these very files: the metric only
        queue_rejected(connection, kind, files, load_id, store_db, checked)
        plain, guarded = [set(c) for c in found.plain], [set(c) for c in found.guarded]
        read, kept_out, notes, scanned = found.read, found.kept_out, found.notes, found.scanned
    else:
        plans = [plan(kind, source.types, assume_tz) for source in sources]
        guarded = [set() for _ in sources]
        if all(triaged is not None for triaged in plans):
            (read, kept_out, notes), known, unread = _settle_triaged(
                connection,
                kind,
                files,
                sources,
                [t for t in plans if t is not None],
                assume_tz,
                load_id,
                store_db,
            )
            guarded = [unread.get(index, set()) for index in range(len(sources))]
        else:
            read, kept_out, notes = _settle_row_by_row(
                connection, kind, files, sources, assume_tz, load_id, store_db
            )
            known = {}
        plain = plain_columns(connection, kind, sources, assume_tz, known)
    record = Record(
        read, kept_out, notes, [sorted(c) for c in plain], [sorted(c) for c in guarded], scanned
    )
    if found is not None and cache is not None:  # raw: scanned plain under the key's stamp
        for index, path in enumerate(files):
            vouched = found.vouched(index)
            if vouched:  # the commit checks that its change stamp held meanwhile
                cache.listing.relied.add(path)
            plain[index] |= vouched
            guarded[index] -= vouched
    exposure = Exposure(connection, kind, sources, assume_tz, plain, guarded, files)
    exposure.show()
    if cache is not None and entry is not None and found is None:
        cache.keep(entry, record, checked, unloaded)
    if guards is not None and any(guarded):
        tables = (checked, unloaded)
        guards.append(Guard(exposure, record, files, cache, entry, tables, found is not None))
    return summarize(kind, names, "canonical", read, kept_out, notes)


def _settle_row_by_row(
    connection: duckdb.DuckDBPyConnection,
    kind: Kind,
    files: Sequence[Path],
    sources: Sequence[readers.ParquetSource],
    assume_tz: str | None,
    load_id: str,
    store_db: str,
) -> Counts:
    """:func:`settle_parquet` by the ingest's rule query over every row (one pass)."""
    rules = _rules_sql(kind, sources, assume_tz)
    name = kind.name
    suggested, kept = _suggested(kind)
    listed = "".join(f", {quote(c)}" for c in suggested)
    # One pass of the rules, two groupings: the valid rows by their key (a key seen twice
    # marks rows that may repeat one another), every other column by file: a valid row has
    # NULL line, reason and record, so the valid rows of a file fall into a few groups (one
    # per note), while a rejected row is a group of its own.
    grouped = f"grouped_{name}"
    connection.execute(
        f"""CREATE OR REPLACE TABLE {grouped} AS
        SELECT GROUPING(_key) = 0 AS _keyed, _key, _file, _line, _reason, _column, _value,
          _record, _note{listed}, count(*) AS _rows
        FROM (
          SELECT {_key(kind)} AS _key, CAST(_file AS INTEGER) AS _file,
            CASE WHEN _reason IS NOT NULL THEN _line END AS _line, _reason, _column, _value,
            _record, CASE WHEN _reason IS NULL THEN _note END AS _note{kept}
          FROM ({rules})
        )
        GROUP BY GROUPING SETS ((_key), (_file, _line, _reason, _column, _value, _record,
          _note{listed}))
        HAVING GROUPING(_key) = 1 OR (_key IS NOT NULL AND count(*) > 1)"""
    ).fetchall()
    checked = f"checked_{name}"
    connection.execute(
        f"CREATE OR REPLACE TABLE {checked} AS SELECT _file, _line, _reason, _column, _value, "
        f"_record{listed}, _rows FROM {grouped} WHERE NOT _keyed AND _reason IS NOT NULL"
    ).fetchall()
    [(repeats,)] = connection.execute(f"SELECT count(*) FROM {grouped} WHERE _keyed").fetchall()
    _settle_repeats(
        connection, kind, rules, f"SELECT _key FROM {grouped} WHERE _keyed", repeats, store_db
    )
    queue_rejected(connection, kind, files, load_id, store_db, checked)
    return _counts(
        connection,
        kind,
        f"SELECT _file, _reason, sum(_rows) FROM {grouped} WHERE NOT _keyed GROUP BY ALL",
        f"SELECT _file, _note, sum(_rows) AS n FROM {grouped} WHERE NOT _keyed "
        "AND _note IS NOT NULL GROUP BY ALL",
        bool(repeats),
    )


def _settle_triaged(
    connection: duckdb.DuckDBPyConnection,
    kind: Kind,
    files: Sequence[Path],
    sources: Sequence[readers.ParquetSource],
    plans: Sequence[Triage],
    assume_tz: str | None,
    load_id: str,
    store_db: str,
) -> tuple[Counts, dict[int, set[str]], dict[int, set[str]]]:
    """:func:`settle_parquet` by :func:`~showmeter.intake.in_place_triage.triage`.

    Returns:
        The counts, per file the text columns no row of which needs parsing, and per file
        the text columns not read (to be read guarded).
    """
    name = kind.name
    # The rules the files' statistics do not prove; of them, those over the key's columns are
    # evaluated by the key's pass, and a file where none breaks is spared them in the triage.
    stats = [file_stats(connection, path) for path in files]
    checks = [
        unproven(connection, triaged, source, path, found)
        for triaged, source, path, found in zip(plans, sources, files, stats, strict=True)
    ]
    repeated = f"repeated_{name}"
    repeats, clean = repeated_keys(connection, kind, sources, assume_tz, repeated, checks)
    for index in clean:
        folded = foldable(kind, checks[index])
        checks[index] = [check for check in checks[index] if check not in folded]
    known, unread = triage(connection, kind, sources, plans, checks, assume_tz)
    verdict, staged = f"verdict_{name}", f"staged_{name}"
    kept = _suggested(kind)[1]
    checked = f"checked_{name}"
    connection.execute(
        f"CREATE OR REPLACE TABLE {checked} AS SELECT CAST(_file AS INTEGER) AS _file, _line, "
        f"_reason, _column, _value, _record{kept}, 1 AS _rows FROM {staged} "
        "WHERE _reason IS NOT NULL"
    ).fetchall()
    rules = _rules_sql(kind, sources, assume_tz)
    _settle_repeats(connection, kind, rules, f"SELECT _key FROM {repeated}", repeats, store_db)
    queue_rejected(connection, kind, files, load_id, store_db, checked)
    counts = _counts(
        connection,
        kind,
        f"SELECT _file, _reason, sum(n) FROM (SELECT _file, NULL AS _reason, _rows AS n "
        f"FROM {verdict} WHERE NOT _dirty UNION ALL SELECT _file, _reason, 1 FROM {staged}) "
        "GROUP BY ALL",
        f"SELECT _file, _note, n FROM noted_{name} UNION ALL SELECT _file, _note, 1 "
        f"FROM {staged} WHERE _reason IS NULL AND _note IS NOT NULL",
        bool(repeats),
    )
    return counts, known, unread


def _rules_sql(kind: Kind, sources: Sequence[readers.ParquetSource], assume_tz: str | None) -> str:
    """The ingest's rule query over every file (the staged rows of all, by file index)."""
    return " UNION ALL ".join(
        f"({staged_sql(kind, source.types, assume_tz, index, source=source.sql)})"
        for index, source in enumerate(sources)
    )


def _suggested(kind: Kind) -> tuple[list[str], str]:
    """The columns a rejected row keeps for ``did_you_mean``, and their SQL (``, ...``)."""
    suggested: list[str] = [c for c in ("title", "season") if c in kind.columns]
    kept = "".join(
        f", CASE WHEN _reason IN {_SUGGESTED} THEN {quote(c)} END AS {quote(c)}" for c in suggested
    )
    return suggested, kept


def _settle_repeats(
    connection: duckdb.DuckDBPyConnection,
    kind: Kind,
    rules: str,
    keys: str,
    repeats: int,
    store_db: str,
) -> None:
    """Write ``unloaded_<kind>``: the duplicates and conflicts among the rows of ``keys``.

    Only the valid rows whose key is among ``keys`` (a query of ``_key``; ``repeats`` of them,
    usually none) are staged whole (``stage_<kind>``, by the rule query ``rules``) and settled
    value by value as a load does (:func:`~showmeter.intake.settle.unloaded_sql`).
    """
    unloaded, stage = f"unloaded_{kind.name}", f"stage_{kind.name}"
    if not repeats:
        connection.execute(
            f"CREATE OR REPLACE TABLE {unloaded} "
            "(_file INTEGER, _line BIGINT, row_id VARCHAR, _status VARCHAR)"
        ).fetchall()
        return
    connection.execute(
        f"CREATE OR REPLACE TABLE {stage} AS SELECT s.* FROM ({rules}) s "
        f"WHERE s._reason IS NULL AND {_key(kind)} IN ({keys})"
    ).fetchall()
    connection.execute(
        f"CREATE OR REPLACE TABLE {unloaded} AS {unloaded_sql(kind, stage, store_db)}"
    ).fetchall()


def _counts(
    connection: duckdb.DuckDBPyConnection, kind: Kind, read_sql: str, noted_sql: str, repeats: bool
) -> Counts:
    """Every file's rows by fate, its rows kept out and its notes (what a summary counts).

    Args:
        connection: The connection holding ``unloaded_<kind>`` (and ``stage_<kind>`` when
            ``repeats``).
        kind: The kind of input.
        read_sql: ``(file, reason or NULL, rows)`` of every row read.
        noted_sql: ``(file, note, n)`` of the valid rows with a note.
        repeats: Whether rows were staged whole and settled: the notes of those not loaded
            after all are taken off.
    """
    unloaded, stage = f"unloaded_{kind.name}", f"stage_{kind.name}"
    read = connection.execute(read_sql).fetchall()
    kept_out = connection.execute(
        f"SELECT _file, _status, count(*) FROM {unloaded} GROUP BY ALL"
    ).fetchall()
    if repeats:  # less the notes of the rows not loaded after all
        noted_sql += (
            f" UNION ALL SELECT s._file, s._note, -count(*) FROM {stage} s SEMI JOIN {unloaded} u "
            "ON s._file = u._file AND s._line = u._line WHERE s._note IS NOT NULL GROUP BY ALL"
        )
    notes = connection.execute(
        f"SELECT _file, _note, sum(n) FROM ({noted_sql}) GROUP BY ALL HAVING sum(n) > 0 "
        "ORDER BY 3 DESC"
    ).fetchall()
    return (
        [(int(f), r, int(n)) for f, r, n in read],
        [(int(f), str(s), int(n)) for f, s, n in kept_out],
        [(int(f), str(s), int(n)) for f, s, n in notes],
    )
