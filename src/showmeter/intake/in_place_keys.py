"""Sessions read in place: the rows that may repeat one another, found by a 64-bit key.

Duplicates (by ``event_id``, or by content for a row without one) depend on every row of every
file, so every row's identity must be looked at once; here only a 64-bit key of it is: the rows
sharing a key (usually none) are then staged whole and settled value by value as a load does
(:func:`showmeter.intake.settle.unloaded_sql`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.intake.in_place_triage import any_broken, names_in, unnumbered
from showmeter.intake.staging_sql import content_hash
from showmeter.quoting import quote

if TYPE_CHECKING:
    from collections.abc import Sequence

    import duckdb

    from showmeter.intake.readers import ParquetSource
    from showmeter.intake.staging_sql import Check, Kind

__all__ = ["EVEN", "SORTED_IN_MEMORY", "foldable", "repeated_keys"]

EVEN = "18446744073709551614::UBIGINT"
"""A 64-bit mask that clears the lowest bit: a valid row's key is its hash with that bit
cleared (one bit less of hash makes a few more rows staged in vain, never a repeat missed),
so that the keys' pass marks a row that breaks a folded rule by setting it, and one column
fetched tells both (fetching the flag apart cost a third of the pass)."""

SORTED_IN_MEMORY = 32_000_000
"""Up to this many rows, the identity keys are sorted in memory (8 bytes a row) to find those
seen twice, which costs about half the CPU of DuckDB's aggregation; beyond, the aggregation
(which spills to disk) finds them."""

_LISTED = 1_000_000
"""At most this many repeated keys are passed to DuckDB as a list; more (a reload of the same
files) are found again by DuckDB's aggregation."""


def foldable(kind: Kind, checks: Sequence[Check]) -> list[Check]:
    """The per-row rules that read only columns the key reads (evaluated in the key's pass)."""
    needed = names_in(kind.identity) | set(kind.candidates or kind.content)
    return [
        check
        for check in checks
        if all(n in needed or n[5:] in needed for n in names_in(check.fails))
    ]


def repeated_keys(
    connection: duckdb.DuckDBPyConnection,
    kind: Kind,
    sources: Sequence[ParquetSource],
    assume_tz: str | None,
    table: str,
    checks: Sequence[Sequence[Check]] = (),
) -> tuple[int, set[int]]:
    """Write ``table`` (``_key``): the 64-bit identity keys seen more than once in the files.

    Rejected rows are keyed too: a superset of the valid rows' repeats, so that only the
    columns the key reads are read. A valid row's key is the one
    :func:`~showmeter.intake.in_place_parquet.settle_parquet` stages by (the hash of its
    ``row_id``, else of its :attr:`~showmeter.intake.staging_sql.Kind.candidates`, its
    lowest bit cleared: :data:`EVEN`); a row that breaks a folded rule has that bit set,
    and is no valid row's repeat.

    Args:
        connection: The in-memory store's connection.
        kind: The kind of input.
        sources: Its Parquet files, by their index in the load.
        assume_tz: The zone for naive timestamps, or None to reject them.
        table: The table written.
        checks: Per file, per-row rules to evaluate on the way (of them, the
            :func:`foldable` ones; when the keys are sorted in memory).

    Returns:
        The number of keys seen more than once, and the files in which no row breaks any of
        their :func:`foldable` rules (their triage pass need not evaluate them).
    """
    import numpy as np

    values = kind.candidates or kind.content
    in_memory = sum(source.rows for source in sources) <= SORTED_IN_MEMORY
    selects, folded = [], []
    for index, source in enumerate(sources):
        parsed = kind.parsed(source.types, assume_tz)
        needed = names_in(kind.identity) | set(values)
        rules = foldable(kind, checks[index]) if in_memory and index < len(checks) else []
        raws = {n[5:] for c in rules for n in names_in(c.fails) if n.startswith("_raw_")}
        columns = ", ".join(
            [f"{parsed[n]} AS {quote(n)}" for n in sorted(needed)]
            + [f"b.{quote(c)} AS {quote('_raw_' + c)}" for c in sorted(raws) if c in source.types]
        )
        bad = f" | CAST({any_broken(rules)} AS UBIGINT)" if rules else ""
        folded.append(bool(rules))
        selects.append(
            f"SELECT (CASE WHEN ({kind.identity}) IS NOT NULL THEN hash({kind.identity}) "
            f"ELSE {content_hash(values, 'p')} END & {EVEN}){bad} AS _key FROM (SELECT "
            f"{columns} FROM {unnumbered(source)} b) p"
        )
    twice, clean = None, set()
    if in_memory:
        parts = []
        for index, select in enumerate(selects):  # one file at a time: its rules' verdict
            parts.append(np.asarray(connection.execute(select).fetchnumpy()["_key"]))
            if folded[index] and not np.any(parts[-1] & 1):  # no row broke a folded rule
                clean.add(index)
        keys = np.concatenate(parts) if len(parts) > 1 else parts[0]
        keys.sort()
        twice = keys[1:][keys[1:] == keys[:-1]]
        twice = twice[(twice & 1) == 0]  # a row that broke a rule repeats no valid row
        if len(twice) > 1:  # sorted: each key once (np.unique would import numpy.ma, 0.05 s)
            twice = twice[np.concatenate(([True], twice[1:] != twice[:-1]))]
    if twice is not None and len(twice) <= _LISTED:
        # A list parameter, not a registered Arrow table: registering imports pandas (0.8 s).
        connection.execute(
            f"CREATE OR REPLACE TABLE {table} AS SELECT unnest(?::UBIGINT[]) AS _key",
            [twice.tolist()],
        ).fetchall()
    else:
        union = " UNION ALL ".join(f"SELECT _key FROM ({select})" for select in selects)
        connection.execute(
            f"CREATE OR REPLACE TABLE {table} AS SELECT _key FROM ({union}) "
            "WHERE _key & 1 = 0 GROUP BY _key HAVING count(*) > 1"
        ).fetchall()
    [(count,)] = connection.execute(f"SELECT count(*) FROM {table}").fetchall()
    return int(count), clean
