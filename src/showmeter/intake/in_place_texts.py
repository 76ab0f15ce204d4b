"""Text columns read as they are: whether the rules' parsing would change any value of a file.

:func:`~showmeter.intake.sql.as_text` trims a value that starts or ends with a space and makes
an empty one NULL. A file's text column none of whose values that changes is read raw by the
triage pass and by the metric (its parsing skipped, its filters pushed into the Parquet scan),
now and from the validation cache (:mod:`showmeter.intake.in_place_cache`). One cheap scan of
the file's text columns tells; where the file's statistics prove that no value is empty or
starts with a space (:func:`~showmeter.intake.in_place_stats.leads_with_ascii`), the scan
looks at the values' last character only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.intake.in_place_stats import leads_with_ascii
from showmeter.quoting import quote

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import duckdb

    from showmeter.intake.in_place_stats import ColumnStats
    from showmeter.intake.readers import ParquetSource

__all__ = ["changed", "grouped_plain", "unchanged"]


def changed(raw: str, parsed: str) -> str:
    """SQL (an aggregate) true when parsing changes any of the rows' raw values."""
    return f"bool_or({raw} IS DISTINCT FROM {parsed})"


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
    from showmeter.intake.sql import as_text, needs_trim

    shaped = [c for c in texts if parsed.get(c) == as_text(f"b.{quote(c)}", source.types.get(c))]
    if not shaped:
        return set()
    checks = []
    for column in shaped:
        raw = f"b.{quote(column)}"
        found = None if stats is None else stats.get(column)
        if found is not None and leads_with_ascii(found):  # neither empty nor led by a space
            checks.append(f"COALESCE(bool_or(ends_with({raw}, ' ')), FALSE)")
        else:
            checks.append(f"COALESCE(bool_or({needs_trim(raw)} OR {raw} = ''), FALSE)")
    [found_any] = connection.execute(f"SELECT {', '.join(checks)} FROM {table} b").fetchall()
    return {c for c, spaced in zip(shaped, found_any, strict=True) if spaced is False}


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
