"""The canonical tables of a showmeter store, declared once and engine-neutral.

Every metric reads these tables and nothing else. The catalog tables are rebuilt from the
catalog file at each ingest; the fact tables (``viewing``, ``panels``, ``reviews``,
``signals``, ``published``) only grow, keyed by ``row_id`` so that loading the same row twice
changes nothing.
A viewing row without an ``event_id`` has no ``row_id``: all its values are its identity. The
bookkeeping tables record each load and its quarantined rows.

From this one declaration come the store's DuckDB DDL (:func:`duckdb_columns`) and the
unbound Ibis tables that metrics are built on (:func:`ibis_types`, :func:`ibis_schema`).

Conventions:

- a ``timestamp`` is an instant (stored in UTC: DuckDB ``TIMESTAMPTZ``, Ibis
  ``timestamp('UTC')``);
- markets are ISO 3166-1 alpha-2 codes, ``ZZ`` for unknown;
- durations are seconds as ``float64``;
- ``launches`` and ``availability`` are expanded per market: the ``*`` entries of the catalog
  become one row for every market of the ``markets`` table (and ``ZZ``), so metrics join on
  ``(title, season, market)`` with no fallback logic.

This module sits at the bottom of the package: it imports no other showmeter module and no
heavy library at module level.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, NamedTuple

from showmeter.quoting import quote

if TYPE_CHECKING:
    from collections.abc import Mapping

    import ibis.expr.schema as sch

__all__ = [
    "BOOKKEEPING_TABLES",
    "CATALOG_TABLES",
    "COLUMN_TYPES",
    "DEVICES",
    "DUCKDB_TABLES",
    "FACT_TABLES",
    "OTHER_DEVICE",
    "TABLES",
    "UNITS",
    "UNIT_COLUMNS",
    "Column",
    "ColumnType",
    "Group",
    "SeasonKey",
    "Table",
    "duckdb_columns",
    "duckdb_tables",
    "duckdb_type",
    "ibis_schema",
    "ibis_type",
    "ibis_types",
    "table",
]

ColumnType = Literal["string", "int32", "int64", "float64", "boolean", "date", "timestamp"]
"""The types a canonical column may have; ``timestamp`` is an instant, kept in UTC."""

Group = Literal["catalog", "fact", "bookkeeping"]
"""What a table holds: the catalog (rebuilt at each ingest), facts (that only grow), or the
record of loads."""

_DUCKDB: dict[ColumnType, str] = {
    "string": "VARCHAR",
    "int32": "INTEGER",
    "int64": "BIGINT",
    "float64": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "timestamp": "TIMESTAMPTZ",
}
_IBIS: dict[ColumnType, str] = {"timestamp": "timestamp('UTC')"}  # else the same name

COLUMN_TYPES: tuple[ColumnType, ...] = tuple(_DUCKDB)
"""Every column type, in a fixed order."""

DEVICES = ("tv", "desktop", "mobile", "tablet", "console", "other")
"""The device families of ``viewing.device``; ingest maps any other value to ``other``."""

OTHER_DEVICE = "other"
"""The device family of a device that is none of the others."""

UNITS = ("account", "profile", "person")
"""The kinds of unit that can be counted (``panels.unit``, the ``unit`` parameter)."""

UNIT_COLUMNS = ("account_id", "profile_id", "person_id")
"""The unit id columns of ``viewing``, one per unit kind of :data:`UNITS`, in that order."""


class SeasonKey(NamedTuple):
    """A season, as ``title:season`` (``the-defenders:1``); a film is season 0."""

    title: str
    season: int

    def __str__(self) -> str:
        return f"{self.title}:{self.season}"


@dataclass(frozen=True)
class Column:
    """A column of a canonical table.

    Attributes:
        name: The column's name.
        type: Its type, one of :data:`COLUMN_TYPES`.
        nullable: Whether it accepts NULL.
        comment: What it holds, when its name does not say it all.
    """

    name: str
    type: ColumnType
    nullable: bool = True
    comment: str = ""


@dataclass(frozen=True)
class Table:
    """A canonical table.

    Attributes:
        name: The table's name.
        columns: Its columns, in order.
        primary_key: The columns of its primary key (none for a table without one).
        group: What it holds: ``catalog``, ``fact`` or ``bookkeeping``.
    """

    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    group: Group = "fact"

    def __post_init__(self) -> None:
        names = [column.name for column in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"table {self.name!r}: a column is declared twice")
        unknown = [key for key in self.primary_key if key not in names]
        if unknown:
            raise ValueError(f"table {self.name!r}: the primary key names unknown {unknown}")

    @property
    def column_names(self) -> tuple[str, ...]:
        """The names of the columns, in order."""
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        """The column called ``name``.

        Raises:
            KeyError: The table has no such column.
        """
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name}.{name}")


def _col(name: str, of_type: ColumnType, comment: str = "") -> Column:
    """A column that may be NULL."""
    return Column(name, of_type, nullable=True, comment=comment)


def _req(name: str, of_type: ColumnType, comment: str = "") -> Column:
    """A column that must be given (NOT NULL)."""
    return Column(name, of_type, nullable=False, comment=comment)


_PER_MARKET = "one row per market (the * entry expanded)"

_MARKETS = (
    _req("market", "string", "ISO 3166-1 alpha-2, or ZZ"),
    _col("name", "string"),
    _req("tz", "string", "IANA zone"),
    _col("population", "int64", "people; NULL when unknown"),
)
_TITLES = (
    _req("title", "string"),
    _col("name", "string"),
    _req("kind", "string", "series | film"),
    _req("original", "boolean", "a platform original"),
    _col("language", "string"),
    _col("category", "string"),
)
_SEASONS = (
    _req("title", "string"),
    _req("season", "int32", "0 for a film"),
    _col("label", "string"),
    _req("episodes", "int32", "number of episodes"),
    _req("runtime_s", "float64", "sum of the episodes' runtimes"),
    _col("launch_at", "timestamp", "earliest launch instant (anchor=global)"),
)
_EPISODES = (
    _req("title", "string"),
    _req("season", "int32"),
    _req("episode", "int32"),
    _col("name", "string"),
    _req("runtime_s", "float64"),
    _col("credits_at_s", "float64"),
)
_LAUNCHES = (
    _req("title", "string"),
    _req("season", "int32"),
    _req("market", "string", _PER_MARKET),
    _col("platform", "string"),
    _req("launch_at", "timestamp", "L(s, m)"),
    _req("explicit", "boolean", "true when the catalog names this market"),
)
_AVAILABILITY = (
    _req("title", "string"),
    _req("season", "int32"),
    _req("platform", "string"),
    _req("market", "string", _PER_MARKET),
    _req("available_from", "timestamp", "inclusive"),
    _col("available_until", "timestamp", "exclusive; NULL = open-ended"),
)
_SIGNAL_WEIGHTS = (_req("signal", "string"), _req("weight", "float64"))

_VIEWING = (
    _col("row_id", "string", "event_id; NULL without one: the row is its values"),
    *(_col(column, "string") for column in UNIT_COLUMNS),
    _req("title", "string"),
    _req("season", "int32"),
    _req("episode", "int32"),
    _req("started_at", "timestamp"),
    _req("seconds_watched", "float64"),
    _col("position_end_s", "float64"),
    _req("device", "string", ", ".join(DEVICES)),
    _req("market", "string", "ISO 3166-1 alpha-2, ZZ = unknown"),
)
_PANELS = (
    _req("row_id", "string"),
    _req("panel", "string", "'default' when the input has no panel column"),
    _req("unit", "string", " | ".join(UNITS)),
    _req("unit_id", "string"),
    _req("weight", "float64", "projection factor, > 0"),
    _col("age", "int32"),
    _col("sex", "string"),
    _col("region", "string"),
)
_REVIEWS = (
    _req("row_id", "string"),
    _req("title", "string"),
    _req("season", "int32"),
    _req("outlet", "string"),
    _col("critic", "string"),
    _req("top_critic", "boolean"),
    _col("published_at", "date"),
    _col("rating", "string", "as written"),
    _col("scale", "float64"),
    _col("verdict", "string", "fresh | rotten | NULL"),
    _req("weight", "float64", "outlet weight, 1 by default"),
    _col("score_100", "float64", "normalized at ingest; NULL for a verdict only"),
    _col("score_10", "float64"),
)
_SIGNALS = (
    _req("row_id", "string"),
    _req("date", "date"),
    _req("market", "string"),
    _req("title", "string"),
    _req("signal", "string"),
    _req("value", "float64"),
)
_PUBLISHED = (
    _req("row_id", "string", "the identity: list|week|period_start|market|category|title|season"),
    _req("list", "string", "netflix-top10-global | netflix-top10-countries | ..."),
    _col("week", "date", "the Sunday that ends the chart week (Top 10 lists)"),
    _col("period_start", "date", "the report's half year (engagement reports)"),
    _col("period_end", "date"),
    _req("market", "string", "* for a global list, else ISO 3166-1 alpha-2"),
    _req("category", "string", "as published"),
    _col("rank", "int32", "1-10 as published; NULL in engagement reports"),
    _req("title", "string"),
    _req("season", "int32", "0 for a film"),
    _col("hours_viewed", "float64", "as published"),
    _col("runtime_h", "float64", "hours; NULL when not published or 0 (staggered launch)"),
    _col("views", "float64", "as published"),
    _col("weeks_in_list", "int32", "cumulative_weeks_in_top_10 as published"),
    _col("label", "string", "season_title, or the engagement report's Title, as written"),
)

_LOADS = (
    _req("load_id", "string"),
    _req("kind", "string", "viewing | panels | reviews | signals | published"),
    _req("source", "string", "canonical | netflix | ..."),
    _req("file", "string"),
    *(_req(count, "int64") for count in ("read", "loaded", "quarantined", "duplicates")),
    _req("reasons", "string", "JSON object reason -> count"),
    _req("notes", "string", "JSON object: remapped values and approximations"),
    _req("loaded_at", "timestamp"),
)
_QUARANTINE = (
    _req("load_id", "string"),
    _req("kind", "string"),
    _req("file", "string"),
    _col("line", "int64", "1-based; the header is line 1 in CSV"),
    _col("column", "string"),
    _req("reason", "string"),
    _col("value", "string", "the offending value as read"),
    _col("record", "string", "the whole row as JSON"),
)


def _group(group: Group, *tables: Table) -> Mapping[str, Table]:
    return {t.name: dataclasses.replace(t, group=group) for t in tables}


CATALOG_TABLES = _group(
    "catalog",
    Table("markets", _MARKETS, ("market",)),
    Table("titles", _TITLES, ("title",)),
    Table("seasons", _SEASONS, ("title", "season")),
    Table("episodes", _EPISODES, ("title", "season", "episode")),
    Table("launches", _LAUNCHES, ("title", "season", "market")),
    Table("availability", _AVAILABILITY),
    Table("signal_weights", _SIGNAL_WEIGHTS, ("signal",)),
)
"""The catalog tables, rebuilt from the catalog file at each ingest."""

FACT_TABLES = _group(
    "fact",
    Table("viewing", _VIEWING),
    Table("panels", _PANELS),
    Table("reviews", _REVIEWS),
    Table("signals", _SIGNALS),
    Table("published", _PUBLISHED),
)
"""The fact tables, which only grow."""

BOOKKEEPING_TABLES = _group("bookkeeping", Table("loads", _LOADS), Table("quarantine", _QUARANTINE))
"""The record of every load and of its quarantined rows."""

TABLES: Mapping[str, Table] = {**CATALOG_TABLES, **FACT_TABLES, **BOOKKEEPING_TABLES}
"""Every table of a store, by name, catalog tables first."""


def table(name: str) -> Table:
    """The canonical table called ``name``.

    Raises:
        KeyError: No canonical table has that name.
    """
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"{name!r} is not a canonical table") from None


# --------------------------------------------------------------------------- DuckDB


def duckdb_type(column: Column) -> str:
    """The DuckDB type of a column, e.g. ``TIMESTAMPTZ`` for a ``timestamp``."""
    return _DUCKDB[column.type]


def duckdb_columns(of: Table | str) -> str:
    """The column DDL of a table: what goes between the parentheses of ``CREATE TABLE``.

    Args:
        of: A table, or the name of a canonical table.

    Returns:
        One line per column (``"name" TYPE [NOT NULL]``), then the ``PRIMARY KEY`` if any.
    """
    spec = table(of) if isinstance(of, str) else of
    lines = [
        f"{quote(c.name)} {duckdb_type(c)}{'' if c.nullable else ' NOT NULL'}" for c in spec.columns
    ]
    if spec.primary_key:
        lines.append("PRIMARY KEY (" + ", ".join(quote(k) for k in spec.primary_key) + ")")
    return ",\n".join(lines)


def duckdb_tables(tables: Mapping[str, Table] = TABLES) -> dict[str, str]:
    """Table name -> column DDL, for ``CREATE TABLE`` (see :func:`duckdb_columns`).

    Args:
        tables: The tables, by name (default: every canonical table).

    Returns:
        The column DDL of each, in the same order.
    """
    return {name: duckdb_columns(spec) for name, spec in tables.items()}


DUCKDB_TABLES: Mapping[str, str] = duckdb_tables()
"""Every canonical table, name -> column DDL: what the store creates."""


# --------------------------------------------------------------------------- Ibis


def ibis_type(column: Column) -> str:
    """The Ibis type string of a column, e.g. ``"!timestamp('UTC')"`` for a NOT NULL instant."""
    name = _IBIS.get(column.type, column.type)
    return name if column.nullable else f"!{name}"


def ibis_types(of: Table | str) -> dict[str, str]:
    """Column name -> Ibis type string of a table, in column order.

    Args:
        of: A table, or the name of a canonical table.
    """
    spec = table(of) if isinstance(of, str) else of
    return {column.name: ibis_type(column) for column in spec.columns}


def ibis_schema(of: Table | str) -> sch.Schema:
    """The Ibis schema of a table (imports Ibis).

    Args:
        of: A table, or the name of a canonical table.
    """
    import ibis

    return ibis.schema(ibis_types(of))
