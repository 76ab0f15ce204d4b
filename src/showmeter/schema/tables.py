"""Every canonical table, declared once: columns, types, NOT NULL and primary keys."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from showmeter.schema.model import DEVICES, UNIT_COLUMNS, UNITS, Column, ColumnType, Group, Table

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["BOOKKEEPING_TABLES", "CATALOG_TABLES", "FACT_TABLES", "TABLES", "table"]


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
_RUNTIME_ORIGINS = (
    _req("title", "string"),
    _req("season", "int32"),
    _req("episode", "int32"),
    _req("origin", "string", "estimate | tvmaze; episodes whose runtime a person gave have no row"),
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
    Table("runtime_origins", _RUNTIME_ORIGINS, ("title", "season", "episode")),
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
