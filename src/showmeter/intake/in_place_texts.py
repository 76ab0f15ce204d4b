"""Text columns read as they are: whether the rules' parsing would change any value of a file.

:func:`~showmeter.intake.sql.as_text` trims a value that starts or ends with a space and makes
an empty one NULL. A file's text column none of whose values that changes is read raw by the
metric (its parsing skipped, its filters pushed into the Parquet scan), now and from the
validation cache (:mod:`showmeter.intake.in_place_cache`); the triage parses the columns it
reads.

A column the triage does not read (the unit ids, whose rules the file's statistics prove) is
not scanned beforehand: the metric reads it through :func:`guarded`, its raw value unless
parsing would change it, when the query fails with :data:`TRIPPED`; the computation is then
run again (:meth:`showmeter.intake.in_place.InPlace.computed`) after :func:`unchanged` (one
scan of the file's text columns) found which columns need their parsing. Where the file's
statistics prove that no value is empty or starts with a space
(:func:`~showmeter.intake.in_place_stats.leads_with_ascii`), both look at the values' last
character only.

A guard that held proves nothing of the rows the metric did not read, so the first
computation read from the validation cache whose guards held scans the guarded columns with
:func:`unchanged` once (the warm scan, :meth:`showmeter.intake.in_place_plain.Guard.held`);
what it found plain is kept under the file's change stamp, and later computations read those
columns raw, with no guard, while the stamp holds
(:meth:`showmeter.intake.in_place_cache.Record.vouched`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.intake.in_place_stats import leads_with_ascii
from showmeter.quoting import literal, quote

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import duckdb

    from showmeter.intake.in_place_stats import ColumnStats
    from showmeter.intake.readers import ParquetSource

__all__ = [
    "TRIPPED",
    "changed",
    "grouped_plain",
    "guarded",
    "parsed_as_text",
    "tripped",
    "unchanged",
]

TRIPPED = "showmeter in place: a text value needs parsing after all"
"""The start of the error a :func:`guarded` column raises (then the computation is retried)."""

_RAISED = f"Invalid Input Error: {TRIPPED}"
"""How DuckDB's ``error()`` shows the guard's message."""


def changed(raw: str, parsed: str) -> str:
    """SQL (an aggregate) true when parsing changes any of the rows' raw values.

    Compared as text: a raw text value beside a parsed number or time would be cast to the
    parsed type, and one that is none (``x`` from a Hive folder ``episode=x/``) fail the whole
    query where the rules quarantine its row; a value whose text differs counts as changed
    (parsed, so always right).
    """
    return f"bool_or({raw} IS DISTINCT FROM CAST({parsed} AS VARCHAR))"


def _changes(raw: str, found: ColumnStats | None) -> str:
    """SQL true when :func:`~showmeter.intake.sql.as_text` changes the text value ``raw``."""
    from showmeter.intake.sql import needs_trim

    if found is not None and leads_with_ascii(found):  # neither empty nor led by a space
        return f"ends_with({raw}, ' ')"
    return f"({needs_trim(raw)} OR {raw} = '')"


def guarded(column: str, stats: Mapping[str, ColumnStats] | None) -> str:
    """SQL over ``b``: the raw text value of ``column``, or an error when parsing changes it.

    The error's message starts with :data:`TRIPPED` and names the column, not the value (a
    unit's id is personal data, and its cause, a space at an end, would not show); a NULL
    stays NULL, as parsing leaves it.
    """
    raw = f"b.{quote(column)}"
    found = None if stats is None else stats.get(column)
    message = (
        f"{TRIPPED} (a value of column {column} has a space at an end, or is empty): it is "
        "read parsed when the computation runs again through InPlace.computed; query the "
        "store that way, or load the files with `showmeter ingest`"
    )
    return f"(CASE WHEN {_changes(raw, found)} THEN error({literal(message)}) ELSE {raw} END)"


def tripped(error: BaseException) -> bool:
    """Whether ``error`` (or an error it was raised from) is a :func:`guarded` column's.

    Only DuckDB's own error raised by the guard counts: another error whose text happens to
    hold :data:`TRIPPED` (a title asked for, say) is not retried.
    """
    import duckdb

    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, duckdb.Error) and str(current).startswith(_RAISED):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def unchanged(
    connection: duckdb.DuckDBPyConnection,
    parsed: Mapping[str, str],
    source: ParquetSource,
    table: str,
    texts: Sequence[str],
    stats: Mapping[str, ColumnStats] | None = None,
) -> set[str]:
    """The file's text columns (of ``texts``) whose parsing leaves every value as it is.

    Only a column parsed by :func:`~showmeter.intake.sql.as_text` (trimmed, NULL when empty)
    is checked: its parsing returns a value unchanged unless it needs trimming or is empty
    (:func:`~showmeter.intake.sql.needs_trim`). Where ``stats`` prove that no value of the
    column is empty or starts with a space, only a value ending with a space can change, so
    only that is looked for (about a third less work).

    Args:
        connection: The connection.
        parsed: The parsed columns (name -> SQL over ``b``) for the file's types.
        source: The file (its Arrow types).
        table: SQL of the file's rows (e.g. its subquery without row numbers).
        texts: The text columns to check.
        stats: The file's statistics (:func:`~showmeter.intake.in_place_stats.file_stats`),
            or None.
    """
    shaped = parsed_as_text(parsed, source, texts)
    if not shaped:
        return set()
    checks = []
    for column in shaped:
        found = None if stats is None else stats.get(column)
        checks.append(f"COALESCE(bool_or({_changes(f'b.{quote(column)}', found)}), FALSE)")
    [found_any] = connection.execute(f"SELECT {', '.join(checks)} FROM {table} b").fetchall()
    return {c for c, spaced in zip(shaped, found_any, strict=True) if spaced is False}


def parsed_as_text(
    parsed: Mapping[str, str], source: ParquetSource, texts: Sequence[str]
) -> list[str]:
    """The columns of ``texts`` parsed by :func:`~showmeter.intake.sql.as_text` in the file."""
    from showmeter.intake.sql import as_text

    return [c for c in texts if parsed.get(c) == as_text(f"b.{quote(c)}", source.types.get(c))]


def grouped_plain(
    connection: duckdb.DuckDBPyConnection,
    texts: Sequence[str],
    grouped: Sequence[str],
    parsed: Mapping[str, str],
    table: str,
) -> dict[int, set[str]]:
    """Per file of a triage ``table``, its text columns no row of which needs parsing.

    Args:
        connection: The connection.
        texts: The per-row text columns: the table has ``_changes_<column>`` per group.
        grouped: The grouped text columns: the table has their raw values under their names.
        parsed: The parsed columns (name -> SQL over ``b``).
        table: SQL of the groups, with ``_file``.
    """
    columns = [*texts, *grouped]
    if not columns:
        return {}
    changes = [f"bool_or(b.{quote('_changes_' + c)})" for c in texts]
    changes += [changed(f"b.{quote(c)}", parsed[c]) for c in grouped]
    found = connection.execute(
        f"SELECT _file, {', '.join(changes)} FROM {table} b GROUP BY _file"
    ).fetchall()
    return {
        int(row[0]): {c for c, changes in zip(columns, row[1:], strict=True) if changes is False}
        for row in found
    }
