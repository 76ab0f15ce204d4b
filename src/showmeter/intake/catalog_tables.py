"""Flatten a catalog into the store's catalog tables.

The catalog file is the source of truth for titles, seasons, episodes, launches,
availability windows, markets and signal weights: each ingest replaces these tables with the
catalog it was given. The ``*`` entries of launches and availability are expanded into one row
per market, each resolved in that market's own time zone, so that metrics join on
``(title, season, market)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from showmeter.quoting import quote
from showmeter.schema import CATALOG_TABLES

if TYPE_CHECKING:
    import duckdb

    from showmeter.catalog import Catalog

__all__ = ["catalog_rows", "write_catalog"]


def catalog_rows(catalog: Catalog) -> dict[str, list[dict[str, Any]]]:
    """The rows of every catalog table for ``catalog``.

    Args:
        catalog: A validated catalog.

    Returns:
        Table name -> list of row dicts, in the column order of the schema.
    """
    markets = list(catalog.markets)
    if not any(market.market == "ZZ" for market in markets):
        markets.append(type(markets[0])(market="ZZ", name="Unknown", tz="UTC", population=None))
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in CATALOG_TABLES}
    tables["markets"] = [
        {"market": m.market, "name": m.name, "tz": m.tz, "population": m.population}
        for m in markets
    ]
    tables["signal_weights"] = [
        {"signal": signal, "weight": float(weight)}
        for signal, weight in catalog.signal_weights.items()
    ]
    for title in catalog.titles:
        tables["titles"].append(
            {
                "title": title.title,
                "name": title.name,
                "kind": title.kind,
                "original": title.original,
                "language": title.language,
                "category": title.category,
            }
        )
        for season in title.seasons:
            launches: list[dict[str, Any]] = []
            # L(s, m) of every market, once: the launches rows and the global launch (the
            # earliest over the catalog's own markets, Catalog.global_launch) both read it.
            instants = (
                {market.market: season.launch_for(market.market, market.tz) for market in markets}
                if season.launches
                else {}  # no launch (a drafted catalog): no market has one
            )
            for market in markets if instants else ():
                instant = instants[market.market]
                if instant is None:
                    continue
                entry = next((x for x in season.launches if x.market == market.market), None)
                platform = entry or next((x for x in season.launches if x.market == "*"), None)
                launches.append(
                    {
                        "title": title.title,
                        "season": season.season,
                        "market": market.market,
                        "platform": platform.platform if platform else None,
                        "launch_at": instant,
                        "explicit": entry is not None,
                    }
                )
            tables["launches"].extend(launches)
            tables["seasons"].append(
                {
                    "title": title.title,
                    "season": season.season,
                    "label": season.label,
                    "episodes": len(season.episodes),
                    "runtime_s": float(season.runtime_s),
                    "launch_at": min(
                        (i for m in catalog.markets if (i := instants.get(m.market)) is not None),
                        default=None,
                    )
                    if instants
                    else None,
                }
            )
            tables["episodes"].extend(
                {
                    "title": title.title,
                    "season": season.season,
                    "episode": episode.episode,
                    "name": episode.name,
                    "runtime_s": float(episode.runtime_s),
                    "credits_at_s": episode.credits_at_s,
                }
                for episode in season.episodes
            )
            tables["runtime_origins"].extend(
                {
                    "title": title.title,
                    "season": season.season,
                    "episode": episode.episode,
                    "origin": episode.runtime_origin,
                }
                for episode in season.episodes
                if episode.runtime_origin is not None
            )
            for window in season.availability:
                for market in markets:
                    if not window.covers(market.market):
                        continue
                    start, until = window.window(market.tz)
                    tables["availability"].append(
                        {
                            "title": title.title,
                            "season": season.season,
                            "platform": window.platform,
                            "market": market.market,
                            "available_from": start,
                            "available_until": until,
                        }
                    )
    return tables


_LAST_TABLES: tuple[Catalog, dict[str, Any]] | None = None
"""The rows of the catalog written last (a catalog is immutable): a load writes its catalog
twice, into the staging database and into the store, and flattens it once."""


def write_catalog(connection: duckdb.DuckDBPyConnection, catalog: Catalog) -> dict[str, int]:
    """Replace the catalog tables of a store with ``catalog``.

    Run it inside the load's transaction so that a failed load keeps the old catalog.

    Args:
        connection: The store's connection.
        catalog: A validated catalog.

    Returns:
        Table name -> number of rows written.
    """
    from showmeter.schema import duckdb_type

    global _LAST_TABLES
    if _LAST_TABLES is None or _LAST_TABLES[0] is not catalog:
        _LAST_TABLES = (catalog, catalog_rows(catalog))
    counts: dict[str, int] = {}
    for name, rows in _LAST_TABLES[1].items():
        table = CATALOG_TABLES[name]
        columns = table.column_names
        connection.execute(f'DELETE FROM "{name}"').fetchall()
        if rows:
            # The rows as one list parameter of structs: an Arrow table (from_pylist, register)
            # would import pandas, 0.8 s of CPU in every process that writes a catalog.
            struct = ", ".join(f"{quote(c)} {duckdb_type(table.column(c))}" for c in columns)
            names = ", ".join(quote(column) for column in columns)
            connection.execute(
                f'INSERT INTO "{name}" ({names}) SELECT {names} FROM '
                f"(SELECT unnest(?::STRUCT({struct})[], recursive := true))",
                [[{c: row[c] for c in columns} for row in rows]],
            ).fetchall()
        counts[name] = len(rows)
    return counts
