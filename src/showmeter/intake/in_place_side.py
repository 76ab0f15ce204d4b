"""Sessions read in place: a grouped column that only the note reads, counted on its own.

A session's device is read by no rule, only by the kind's note (an unknown device). Grouping
the triage pass (:mod:`showmeter.intake.in_place_triage`) by it as well multiplied the groups
by five in the benchmarks' world and made the pass twice as costly; so such a *side* column
is counted by a scan of its own (a handful of distinct values per file), and the triage
groups by the other columns only.

The notes are then counted without the groups: the notes of the rows of clean groups are the
notes of every row of the file (from the side counts) less the notes of the rows of the groups
not proven clean, since every one of those rows is staged (``staged_<kind>``), valid or not.
A side column's parsing is checked from its distinct values, as a grouped column's is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.intake.in_place_texts import changed
from showmeter.quoting import quote

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping, Sequence

    import duckdb

    from showmeter.intake.in_place_triage import Triage

__all__ = ["count_side", "noted_sql", "side_columns", "side_pass_sql", "side_plain"]


def side_columns(
    grouped: Sequence[str],
    inputs: Mapping[str, set[str]],
    read: Collection[str],
    noted: Collection[str],
) -> tuple[str, ...]:
    """The grouped columns that only the note reads (counted apart from the triage's groups).

    A column qualifies when every parsed column reading it reads nothing else, no rule or
    join reads those parsed columns nor its raw value, and the note reads only such parsed
    columns (the note then is worked out from the side counts alone).

    Args:
        grouped: The grouped input columns.
        inputs: Per parsed column that reads only grouped columns, the input columns it reads.
        read: The parsed columns (and ``_raw_<column>``) that the rules and joins read.
        noted: The parsed columns the note reads.

    Returns:
        The side columns, in the order of ``grouped``; none when the note reads a parsed
        column of another grouped column.
    """
    side = []
    for column in grouped:
        names = {name for name, columns in inputs.items() if column in columns}
        if any(inputs[name] != {column} for name in names):
            continue
        if names & set(read) or f"_raw_{column}" in read:
            continue
        side.append(column)
    if not side or len(side) == len(grouped):  # the triage groups by one column at least
        return ()
    mine = {name for name, columns in inputs.items() if columns <= set(side)}
    return tuple(side) if set(noted) <= mine else ()


def side_pass_sql(side: Sequence[str], rows: str, index: int, texts: Collection[str] = ()) -> str:
    """One file's side counts: ``_file``, each side column's raw value, ``_rows``.

    A side column that is not text is grouped by its text as well: values equal as numbers
    can differ as text (``-0.0`` and ``0.0``), and a row's note reads its own text.

    Args:
        side: The side columns.
        rows: SQL of the file's rows (e.g. its subquery without row numbers).
        index: The file's index in the load.
        texts: The side columns that are text (grouped by their raw value alone).
    """
    columns = ", ".join(f"b.{quote(c)}" for c in side)
    spelled = "".join(
        f", CAST(b.{quote(c)} AS VARCHAR) AS {quote(f'_text_{i}')}"
        for i, c in enumerate(side)
        if c not in texts
    )
    return (
        f"SELECT {index} AS _file, {columns}{spelled}, count(*) AS _rows FROM {rows} b GROUP BY ALL"
    )


def noted_sql(
    side: Sequence[str], parsed: Mapping[str, str], names: Sequence[str], note: str, table: str
) -> str:
    """SQL of ``(_file, _note, n)``: the notes of every row counted in the side ``table``.

    Args:
        side: The side columns (the table's columns, raw).
        parsed: The parsed columns (name -> SQL over ``b``).
        names: The parsed columns that read only side columns.
        note: The kind's note (SQL over ``p``).
        table: The side counts (:func:`side_pass_sql`).
    """
    raws = "".join(f", b.{quote(c)} AS {quote('_raw_' + c)}" for c in side)
    columns = "".join(f", {parsed[n]} AS {quote(n)}" for n in names)
    return (
        f"SELECT _file, _note, sum(_rows) AS n FROM (SELECT p._file, p._rows, {note} AS _note "
        f"FROM (SELECT b._file, b._rows{raws}{columns} FROM {table} b) p) "
        "WHERE _note IS NOT NULL GROUP BY ALL"
    )


def side_plain(
    connection: duckdb.DuckDBPyConnection,
    texts: Sequence[str],
    parsed: Mapping[str, str],
    table: str,
) -> dict[int, set[str]]:
    """Per file of the side ``table``, its side text columns no value of which needs parsing."""
    if not texts:
        return {}
    changes = ", ".join(changed(f"b.{quote(c)}", parsed[c]) for c in texts)
    found = connection.execute(f"SELECT _file, {changes} FROM {table} b GROUP BY _file").fetchall()
    return {
        int(row[0]): {c for c, spaced in zip(texts, row[1:], strict=True) if spaced is False}
        for row in found
    }


def count_side(
    connection: duckdb.DuckDBPyConnection,
    triaged: Triage,
    note: str,
    rows: Mapping[int, str],
    table: str,
    plain: dict[int, set[str]],
) -> str:
    """Count the side columns of files of one plan: write ``table``, widen ``plain``.

    Args:
        connection: The in-memory store's connection.
        triaged: The files' plan (its :attr:`~showmeter.intake.in_place_triage.Triage.side`
            columns not empty).
        note: The kind's note (SQL over ``p``).
        rows: Per file index, SQL of its rows.
        table: The side counts written (:func:`side_pass_sql`).
        plain: Per file, its text columns read raw; the side ones no value of which needs
            parsing are added.

    Returns:
        SQL of ``(_file, _note, n)``: the notes of every row of the files (:func:`noted_sql`).
    """
    union = " UNION ALL ".join(
        side_pass_sql(triaged.side, sql, i, triaged.side_texts) for i, sql in rows.items()
    )
    connection.execute(f"CREATE OR REPLACE TABLE {table} AS {union}").fetchall()
    for index, columns in side_plain(connection, triaged.side_texts, triaged.parsed, table).items():
        plain.setdefault(index, set()).update(columns)
    return noted_sql(triaged.side, triaged.parsed, triaged.side_names, note, table)
