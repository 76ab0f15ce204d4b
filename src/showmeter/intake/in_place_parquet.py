"""Parquet files read in place: the rules in one narrow pass, the metric over the files.

Staging every row of a file whole (all its canonical columns, in a table) and then letting the
metric read that table cost several times the metric itself. Here the ingest's own rule query
(:func:`showmeter.intake.staging_sql.staged_sql`, the same for every file as
:func:`showmeter.intake.load.parquet_staged_sql` builds it) runs **once** over all the files,
and keeps only what the counts need:

1. ``checked_<kind>``: per row only its file, line, fate (``_reason``, NULL for a valid row)
   and a 64-bit key of its identity (the hash of its ``row_id``, or of the
   :attr:`~showmeter.intake.staging_sql.Kind.candidates` columns of a row without one); a
   rejected row also keeps its column, value, raw record and (for suggestions) its title and
   season. Nothing else of a valid row is written.
2. Rows that may repeat one another are those sharing a key. Only they (usually none) are
   staged whole, and the ingest's :func:`~showmeter.intake.settle.unloaded_sql` decides value
   by value which are duplicates or conflicts, exactly as a load does (a row's key is a
   function of its identity, so all rows of one identity are among them).
3. The metric reads a view that parses the files' columns with the rules' own expressions
   (:attr:`~showmeter.intake.staging_sql.Kind.parsed`) and leaves out the rejected and
   unloaded rows by (file, line) (no filter at all when there are none): DuckDB reads only
   the columns the metric uses and parses only those.

Sessions (whose catalog rules split from their per-row rules, see
:func:`showmeter.intake.in_place_triage.plan`) take a cheaper way to steps 1 and 2: the
catalog rules run once per distinct group of raw catalog values, only the rows of groups not
proven valid are staged by the rule query, and the keys come from a second, narrow scan
(:mod:`showmeter.intake.in_place_triage`). Step 3 is the same.

The counts are :func:`~showmeter.intake.settle.settled`'s, as in a load, so a figure and the
``inputs`` of a computation in place equal those from a store loaded with the same files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.intake import readers
from showmeter.intake.in_place_triage import Triage, plan, repeated_keys, triage, unnumbered
from showmeter.intake.settle import queue_rejected, summarize, unloaded_sql
from showmeter.intake.staging_sql import content_hash, staged_sql
from showmeter.quoting import literal, quote
from showmeter.schema import FACT_TABLES, duckdb_type

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    import duckdb

    from showmeter.intake.staging_sql import Kind
    from showmeter.intake.summary import FileSummary

__all__ = ["settle_parquet"]

_SUGGESTED = "('unknown_title', 'unknown_season')"
"""The reasons whose rows keep their title and season (for ``did_you_mean``)."""


_FILTERED = ("title", "market")
"""Text columns that computations filter on (a season's title, a market): checked to be read
plainly when they need no parsing. Other text columns (unit ids) keep their parsing: reading
them plainly would gain little and the check would read them whole."""


def _key(kind: Kind) -> str:
    """SQL over a staged row: the 64-bit key of its identity; NULL for a rejected row."""
    values = content_hash(kind.candidates or kind.content)
    return (
        "CASE WHEN _reason IS NULL THEN CASE WHEN row_id IS NOT NULL THEN hash(row_id) "
        f"ELSE {values} END END"
    )


def settle_parquet(
    connection: duckdb.DuckDBPyConnection,
    kind: Kind,
    files: Sequence[Path],
    assume_tz: str | None,
    load_id: str,
    store_db: str,
) -> list[FileSummary]:
    """Apply the rules to Parquet files of one kind and expose the rows used as ``main.<kind>``.

    Args:
        connection: The in-memory store's connection (catalog tables written).
        kind: The kind of input.
        files: Its Parquet files, by their index in the load.
        assume_tz: The zone for naive timestamps, or None to reject them.
        load_id: The load's id (the quarantine rows carry it).
        store_db: The database whose ``quarantine`` and ``<kind>`` tables are read.

    Returns:
        One summary per file; ``rejected_<kind>`` holds the quarantined rows and
        ``checked_<kind>`` the rows that broke a rule (with title and season for suggestions).
    """
    for statement in kind.setup:
        connection.execute(statement).fetchall()
    wanted = list(kind.known_columns)
    sources = [readers.parquet_source(path, wanted) for path in files]
    plans = [plan(kind, source.types, assume_tz) for source in sources]
    if all(triaged is not None for triaged in plans):
        summaries, known = _settle_triaged(
            connection,
            kind,
            files,
            sources,
            [t for t in plans if t is not None],
            assume_tz,
            load_id,
            store_db,
        )
        _expose(connection, kind, sources, assume_tz, known)
        return summaries
    rules = " UNION ALL ".join(
        f"({staged_sql(kind, source.types, assume_tz, index, source=source.sql)})"
        for index, source in enumerate(sources)
    )
    name = kind.name
    suggested = [c for c in ("title", "season") if c in kind.columns]
    kept = "".join(
        f", CASE WHEN _reason IN {_SUGGESTED} THEN {quote(c)} END AS {quote(c)}" for c in suggested
    )
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
    unloaded = f"unloaded_{name}"
    stage = f"stage_{name}"
    if repeats:  # stage whole only the rows that may repeat, and settle them as a load does
        connection.execute(
            f"CREATE OR REPLACE TABLE {stage} AS SELECT s.* FROM ({rules}) s "
            f"WHERE s._reason IS NULL AND {_key(kind)} IN (SELECT _key FROM {grouped} "
            "WHERE _keyed)"
        ).fetchall()
        connection.execute(
            f"CREATE OR REPLACE TABLE {unloaded} AS {unloaded_sql(kind, stage, store_db)}"
        ).fetchall()
    else:
        connection.execute(
            f"CREATE OR REPLACE TABLE {unloaded} "
            "(_file INTEGER, _line BIGINT, row_id VARCHAR, _status VARCHAR)"
        ).fetchall()
    queue_rejected(connection, kind, files, load_id, store_db, checked)
    read = connection.execute(
        f"SELECT _file, _reason, sum(_rows) FROM {grouped} WHERE NOT _keyed GROUP BY ALL"
    ).fetchall()
    kept_out = connection.execute(
        f"SELECT _file, _status, count(*) FROM {unloaded} GROUP BY ALL"
    ).fetchall()
    noted = (
        f"SELECT _file, _note, sum(_rows) AS n FROM {grouped} WHERE NOT _keyed "
        "AND _note IS NOT NULL GROUP BY ALL"
    )
    if repeats:  # less the notes of the rows not loaded after all
        noted += (
            f" UNION ALL SELECT s._file, s._note, -count(*) FROM {stage} s SEMI JOIN {unloaded} u "
            "ON s._file = u._file AND s._line = u._line WHERE s._note IS NOT NULL GROUP BY ALL"
        )
    notes = connection.execute(
        f"SELECT _file, _note, sum(n) FROM ({noted}) GROUP BY ALL HAVING sum(n) > 0 ORDER BY 3 DESC"
    ).fetchall()
    summaries = summarize(kind, [str(p) for p in files], "canonical", read, kept_out, notes)
    _expose(connection, kind, sources, assume_tz, {})
    return summaries


def _settle_triaged(
    connection: duckdb.DuckDBPyConnection,
    kind: Kind,
    files: Sequence[Path],
    sources: Sequence[readers.ParquetSource],
    plans: Sequence[Triage],
    assume_tz: str | None,
    load_id: str,
    store_db: str,
) -> tuple[list[FileSummary], dict[int, set[str]]]:
    """:func:`settle_parquet` by :func:`~showmeter.intake.in_place_triage.triage`.

    Returns:
        The summaries, and per file the text columns no row of which needs parsing.
    """
    name = kind.name
    known = triage(connection, kind, sources, plans, assume_tz)
    verdict, staged = f"verdict_{name}", f"staged_{name}"
    suggested = [c for c in ("title", "season") if c in kind.columns]
    kept = "".join(
        f", CASE WHEN _reason IN {_SUGGESTED} THEN {quote(c)} END AS {quote(c)}" for c in suggested
    )
    checked = f"checked_{name}"
    connection.execute(
        f"CREATE OR REPLACE TABLE {checked} AS SELECT CAST(_file AS INTEGER) AS _file, _line, "
        f"_reason, _column, _value, _record{kept}, 1 AS _rows FROM {staged} "
        "WHERE _reason IS NOT NULL"
    ).fetchall()
    repeated = f"repeated_{name}"
    repeats = repeated_keys(connection, kind, sources, assume_tz, repeated)
    unloaded, stage = f"unloaded_{name}", f"stage_{name}"
    if repeats:  # stage whole only the rows that may repeat, and settle them as a load does
        rules = " UNION ALL ".join(
            f"({staged_sql(kind, source.types, assume_tz, index, source=source.sql)})"
            for index, source in enumerate(sources)
        )
        connection.execute(
            f"CREATE OR REPLACE TABLE {stage} AS SELECT s.* FROM ({rules}) s "
            f"WHERE s._reason IS NULL AND {_key(kind)} IN (SELECT _key FROM {repeated})"
        ).fetchall()
        connection.execute(
            f"CREATE OR REPLACE TABLE {unloaded} AS {unloaded_sql(kind, stage, store_db)}"
        ).fetchall()
    else:
        connection.execute(
            f"CREATE OR REPLACE TABLE {unloaded} "
            "(_file INTEGER, _line BIGINT, row_id VARCHAR, _status VARCHAR)"
        ).fetchall()
    queue_rejected(connection, kind, files, load_id, store_db, checked)
    read = connection.execute(
        f"SELECT _file, _reason, sum(n) FROM (SELECT _file, NULL AS _reason, _rows AS n "
        f"FROM {verdict} WHERE NOT _dirty UNION ALL SELECT _file, _reason, 1 FROM {staged}) "
        "GROUP BY ALL"
    ).fetchall()
    kept_out = connection.execute(
        f"SELECT _file, _status, count(*) FROM {unloaded} GROUP BY ALL"
    ).fetchall()
    noted = (
        f"SELECT _file, _note, _rows AS n FROM {verdict} WHERE NOT _dirty AND _note IS NOT NULL "
        f"UNION ALL SELECT _file, _note, 1 FROM {staged} WHERE _reason IS NULL "
        "AND _note IS NOT NULL"
    )
    if repeats:  # less the notes of the rows not loaded after all
        noted += (
            f" UNION ALL SELECT s._file, s._note, -count(*) FROM {stage} s SEMI JOIN {unloaded} u "
            "ON s._file = u._file AND s._line = u._line WHERE s._note IS NOT NULL GROUP BY ALL"
        )
    notes = connection.execute(
        f"SELECT _file, _note, sum(n) FROM ({noted}) GROUP BY ALL HAVING sum(n) > 0 ORDER BY 3 DESC"
    ).fetchall()
    summaries = summarize(kind, [str(p) for p in files], "canonical", read, kept_out, notes)
    return summaries, known


def _plain_columns(
    connection: duckdb.DuckDBPyConnection,
    kind: Kind,
    sources: Sequence[readers.ParquetSource],
    assume_tz: str | None,
    known: dict[int, set[str]],
) -> list[set[str]]:
    """Per file, the canonical columns whose used rows hold their raw value unchanged.

    A typed number, instant or date is the raw value itself in every row the rules keep (the
    rows where parsing gave NULL were rejected); a text column is when no row of the file
    needs its parsing (trimming, case, an empty text): checked over the file in one pass of
    its text columns, unless the triage found them already (``known``, by file: any text
    column, unit ids too). Reading such a column plainly lets DuckDB push the metric's
    filters (a title, a season) into the Parquet scan and skips the parsing.
    """
    from showmeter.intake.sql import value_kind

    typed = {
        "INTEGER": ("integer", "float"),
        "BIGINT": ("integer",),
        "DOUBLE": ("integer", "float"),
    }
    typed |= {
        "TIMESTAMPTZ": ("instant",),
        "TIMESTAMP WITH TIME ZONE": ("instant",),
        "DATE": ("date",),
    }
    table = FACT_TABLES[kind.name]
    plain: list[set[str]] = []
    for index, source in enumerate(sources):
        parsed = kind.parsed(source.types, assume_tz)
        found: set[str] = set()
        texts = []
        for column in kind.columns:
            if column not in source.types or column not in parsed:
                continue
            shape = value_kind(source.types[column])
            if shape in typed.get(duckdb_type(table.column(column)), ()):
                found.add(column)
            elif shape == "text" and column in _FILTERED:
                texts.append(column)
        if index in known:
            found.update(known[index])
        elif texts:
            changed = ", ".join(
                f"{literal(c)}: bool_or(b.{quote(c)} IS DISTINCT FROM {parsed[c]})" for c in texts
            )
            [(differs,)] = connection.execute(
                f"SELECT {{{changed}}} FROM {source.sql} b"
            ).fetchall()
            found.update(c for c, changes in differs.items() if not changes)
        plain.append(found)
    return plain


def _cast(source: readers.ParquetSource, column: str, plain: set[str], target: str) -> str:
    """``CAST``, or ``TRY_CAST`` for a column read plainly in another type than its own.

    A rejected row's raw value (a float or an out-of-range integer where an INTEGER is due)
    must not fail the query when DuckDB evaluates the cast before the rejected rows are
    left out (a filter pushed below the exclusion); the rows the rules keep cast the same
    either way. A column already of the canonical type keeps the plain ``CAST``, which
    DuckDB drops, so the metric's filters still reach the Parquet scan.
    """
    import pyarrow as pa

    if column not in plain:
        return "CAST"
    same = {
        "INTEGER": pa.int32(),
        "BIGINT": pa.int64(),
        "DOUBLE": pa.float64(),
        "DATE": pa.date32(),
    }.get(target)
    from showmeter.intake.sql import value_kind

    kept = source.types.get(column)
    if kept is not None and (
        kept == same
        or (target.startswith("TIMESTAMP") and pa.types.is_timestamp(kept) and kept.tz is not None)
        or (target == "VARCHAR" and value_kind(kept) == "text")  # any text is VARCHAR
    ):
        return "CAST"
    return "TRY_CAST"


def _expose(
    connection: duckdb.DuckDBPyConnection,
    kind: Kind,
    sources: Sequence[readers.ParquetSource],
    assume_tz: str | None,
    known: dict[int, set[str]],
) -> None:
    """Replace ``main.<kind>`` by a view of the files' rows that are used, parsed as staged."""
    name = kind.name
    excluded = f"excluded_{name}"
    connection.execute(
        f"CREATE OR REPLACE TABLE {excluded} AS SELECT _file, _line FROM checked_{name} "
        f"UNION ALL SELECT _file, _line FROM unloaded_{name}"
    ).fetchall()
    [(left_out,)] = connection.execute(f"SELECT count(*) FROM {excluded}").fetchall()
    table = FACT_TABLES[name]
    plain = _plain_columns(connection, kind, sources, assume_tz, known)
    selects = []
    for index, source in enumerate(sources):
        parsed = kind.parsed(source.types, assume_tz)
        parsed |= {c: f"b.{quote(c)}" for c in plain[index]}
        columns = ",\n    ".join(f"{expr} AS {quote(column)}" for column, expr in parsed.items())
        canonical = ", ".join(
            f"{_cast(source, column, plain[index], duckdb_type(table.column(column)))}("
            f"{kind.identity if column == 'row_id' else 'p.' + quote(column)} "
            f"AS {duckdb_type(table.column(column))}) AS {quote(column)}"
            for column in kind.columns
        )
        where = (
            f" WHERE NOT EXISTS (SELECT 1 FROM {excluded} x "
            "WHERE x._file = p._file AND x._line = p._line)"
            if left_out
            else ""
        )
        selects.append(
            f"SELECT {canonical} FROM (SELECT {index} AS _file, b._line AS _line,\n    "
            f"{columns}\n  FROM {source.sql if left_out else unnumbered(source)} b) p{where}"
        )
    connection.execute(f"DROP TABLE main.{name}").fetchall()
    connection.execute(f"CREATE VIEW main.{name} AS {' UNION ALL '.join(selects)}").fetchall()
