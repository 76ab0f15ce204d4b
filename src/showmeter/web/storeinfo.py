"""What the store records, for the dashboard's choices: seasons, markets, panels, viewers.

These are records, not figures (the names and launches of the catalog, the markets and panels
present, the ingest history); every figure comes from the metric registry. Each is read once
per store and kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from showmeter.metrics.params import SeasonKey
from showmeter.web.problems import NotFound

if TYPE_CHECKING:
    import duckdb

    from showmeter.report.records import Records, SeasonFacts
    from showmeter.web.queries import Runner

__all__ = [
    "Choice",
    "categories",
    "markets",
    "panels",
    "records",
    "season_facts",
    "seasons",
    "viewers",
]

SMALL_STORE = 50
"""A season with at most this many viewing units gets the household's view."""


@dataclass(frozen=True)
class Choice:
    """An option of a control: the value sent, and the text shown."""

    value: str
    text: str


def _rows(cursor: duckdb.DuckDBPyConnection, sql: str, *args: object) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = cursor.execute(sql, list(args)).fetchall()
    return found


def records(runner: Runner, key: SeasonKey | None = None) -> Records:
    """The report's records of the store (for ``key``'s reviews, when given)."""
    from showmeter.report.records import read_records

    probe = key or SeasonKey("", 0)
    return runner.remember(f"records {probe}", lambda cursor: read_records(cursor, probe))


def seasons(runner: Runner) -> dict[SeasonKey, SeasonFacts]:
    """Every season of the catalog, in title and season order."""
    return records(runner).seasons


def season_facts(runner: Runner, title: str, season: int) -> SeasonFacts:
    """The catalog's facts of one season.

    Raises:
        NotFound: The store has no such season (the message names the nearest).
    """
    from showmeter.metrics.params import nearest

    known = seasons(runner)
    key = SeasonKey(title, season)
    if key not in known:
        close = nearest(str(key), [str(k) for k in known])
        raise NotFound(
            f"no season {key} in the store",
            remedy=(f"Did you mean {close!r}? " if close else "") + "The titles page lists them.",
        )
    return known[key]


def markets(runner: Runner) -> list[Choice]:
    """The markets that have viewing sessions, with their names."""
    found = runner.remember(
        "markets",
        lambda c: _rows(
            c,
            "SELECT v.market, coalesce(m.name, v.market) FROM "
            "(SELECT DISTINCT market FROM viewing) v LEFT JOIN markets m USING (market) "
            "ORDER BY 1",
        ),
    )
    return [Choice(str(code), f"{code} · {name}") for code, name in found]


def demand_markets(runner: Runner) -> set[str]:
    """The markets that have demand signals."""
    found = runner.remember(
        "signal markets", lambda c: _rows(c, "SELECT DISTINCT market FROM signals")
    )
    return {str(row[0]) for row in found}


def panels(runner: Runner) -> list[Choice]:
    """The panels of the store, each with the kind of unit it weighs (``nielsen:person``)."""
    found = runner.remember(
        "panels", lambda c: _rows(c, "SELECT DISTINCT panel, unit FROM panels ORDER BY 1, 2")
    )
    return [Choice(f"{panel}:{unit}", f"{panel} ({unit}s)") for panel, unit in found]


def categories(runner: Runner) -> dict[str, str | None]:
    """The category of every title (``None`` when the catalog gives none)."""
    found = runner.remember("categories", lambda c: _rows(c, "SELECT title, category FROM titles"))
    return {str(title): (None if category is None else str(category)) for title, category in found}


def viewers(runner: Runner, key: SeasonKey) -> int:
    """How many accounts have viewing sessions of a season (a record count, not a figure)."""
    found = runner.remember(
        f"viewers {key}",
        lambda c: _rows(
            c,
            "SELECT count(DISTINCT coalesce(account_id, profile_id, person_id)) FROM viewing "
            "WHERE title = ? AND season = ?",
            key.title,
            key.season,
        ),
    )
    return int(found[0][0])
