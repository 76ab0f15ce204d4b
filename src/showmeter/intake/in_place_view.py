"""Parquet files read in place: the view through which a metric reads the rows used.

Once the rules have found which rows of the files are not used (``checked_<kind>``: the rows
that broke a rule; ``unloaded_<kind>``: duplicates and conflicts), :func:`expose` replaces the
canonical table ``main.<kind>`` by a view over the files themselves that parses their columns
with the rules' own expressions (:attr:`~showmeter.intake.staging_sql.Kind.parsed`) and leaves
those rows out by (file, row) (no filter at all when there are none): DuckDB reads only the
columns the metric uses and parses only those. A column whose every used value is its raw
value (:func:`plain_columns`) is read plainly, so that the metric's filters reach the scan; a
text column whose plainness is not known (the triage did not read it) is read
:func:`~showmeter.intake.in_place_texts.guarded`: plainly, unless a value needs parsing after
all, when :meth:`Exposure.unguard` finds which columns do and exposes the files again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from showmeter.intake import in_place_texts
from showmeter.intake.in_place_stats import file_stats, lean_texts
from showmeter.intake.in_place_texts import changed, unchanged
from showmeter.intake.in_place_triage import unnumbered
from showmeter.quoting import literal, quote
from showmeter.schema import FACT_TABLES, duckdb_type

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    import duckdb

    from showmeter.intake import readers
    from showmeter.intake.staging_sql import Kind

__all__ = ["Exposure", "expose", "plain_columns"]

_FILTERED = ("title", "market")
"""Text columns that computations filter on (a season's title, a market): checked to be read
plainly when they need no parsing. Other text columns (unit ids) keep their parsing: reading
them plainly would gain little and the check would read them whole."""


def plain_columns(
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
            changes = ", ".join(
                f"{literal(c)}: {changed(f'b.{quote(c)}', parsed[c])}" for c in texts
            )
            [(differs,)] = connection.execute(
                f"SELECT {{{changes}}} FROM {source.sql} b"
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


@dataclass
class Exposure:
    """How ``main.<kind>`` reads its files (:func:`expose`), to expose them again unguarded.

    Attributes:
        connection: The connection.
        kind: The kind of input.
        sources: Its Parquet files, by their index in the load.
        assume_tz: The zone for naive timestamps, or None.
        plain: Per file, the columns read plainly.
        guarded: Per file, the text columns read guarded.
        paths: The files (their statistics), or None.
    """

    connection: duckdb.DuckDBPyConnection
    kind: Kind
    sources: Sequence[readers.ParquetSource]
    assume_tz: str | None
    plain: list[set[str]]
    guarded: list[set[str]]
    paths: Sequence[Path] | None = None

    def show(self, *, replace: bool = False) -> None:
        """Replace ``main.<kind>`` (a table, or the view when ``replace``) by the view."""
        expose(
            self.connection,
            self.kind,
            self.sources,
            self.assume_tz,
            self.plain,
            self.paths,
            guarded=self.guarded,
            replace=replace,
        )

    def unguard(self) -> bool:
        """Find which guarded columns are plain (a scan of each file's), and expose again.

        The others are read parsed from then on.

        Returns:
            Whether any column was guarded (else nothing changed).
        """
        if not any(self.guarded):
            return False
        for index, columns in enumerate(self.guarded):
            if not columns:
                continue
            source = self.sources[index]
            parsed = self.kind.parsed(source.types, self.assume_tz)
            stats = None if self.paths is None else file_stats(self.connection, self.paths[index])
            self.plain[index] |= unchanged(
                self.connection, parsed, source, unnumbered(source), sorted(columns), stats
            )
        self.guarded = [set() for _ in self.sources]
        self.show(replace=True)
        return True


def expose(
    connection: duckdb.DuckDBPyConnection,
    kind: Kind,
    sources: Sequence[readers.ParquetSource],
    assume_tz: str | None,
    plain: list[set[str]],
    paths: Sequence[Path] | None = None,
    *,
    guarded: Sequence[set[str]] = (),
    replace: bool = False,
) -> None:
    """Replace ``main.<kind>`` by a view of the files' rows that are used, parsed as staged.

    ``plain``: per file, the canonical columns read as they are (:func:`plain_columns`).
    ``paths``: the files, whose statistics may allow a text column a cheaper parsing
    (:func:`~showmeter.intake.in_place_stats.lean_texts`). ``guarded``: per file, the text
    columns read :func:`~showmeter.intake.in_place_texts.guarded` (not plain ones).
    ``replace``: ``main.<kind>`` is this view already (else the table it replaces).
    """
    name = kind.name
    excluded = f"excluded_{name}"
    connection.execute(
        f"CREATE OR REPLACE TABLE {excluded} AS SELECT _file, _line FROM checked_{name} "
        f"UNION ALL SELECT _file, _line FROM unloaded_{name}"
    ).fetchall()
    [(left_out,)] = connection.execute(f"SELECT count(*) FROM {excluded}").fetchall()
    table = FACT_TABLES[name]
    selects = []
    for index, source in enumerate(sources):
        parsed = kind.parsed(source.types, assume_tz)
        stats = None if paths is None else file_stats(connection, paths[index])
        if stats is not None:  # a text the statistics prove needs at most a trailing trim
            parsed |= lean_texts(parsed, source, stats)
        if index < len(guarded):
            parsed |= {c: in_place_texts.guarded(c, stats) for c in guarded[index] - plain[index]}
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
    if not replace:
        connection.execute(f"DROP TABLE main.{name}").fetchall()
    connection.execute(
        f"CREATE OR REPLACE VIEW main.{name} AS {' UNION ALL '.join(selects)}"
    ).fetchall()
