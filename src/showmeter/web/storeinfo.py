"""What the store records, for the dashboard's choices: seasons, markets, panels, viewers.

These are records, not figures (the names and launches of the catalog, the markets and panels
present, the ingest history), read by the store's lookups (:mod:`showmeter.store.lookups`);
every figure comes from the metric registry. Each is read once per store and kept by the
runner (:meth:`showmeter.launch.runner.Runner.remember`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from showmeter.schema import SeasonKey
from showmeter.web.problems import NotFound

if TYPE_CHECKING:
    from showmeter.launch.records import Records
    from showmeter.launch.runner import Runner
    from showmeter.store import SeasonFacts

__all__ = [
    "Choice",
    "categories",
    "demand_markets",
    "kinds",
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


def records(runner: Runner, key: SeasonKey | None = None) -> Records:
    """The page's records of the store (with ``key``'s reviews, when given)."""
    from showmeter.launch.records import read_records

    return runner.remember(f"records {key}", lambda store: read_records(store, key))


def seasons(runner: Runner) -> dict[SeasonKey, SeasonFacts]:
    """Every season of the catalog, in title and season order."""
    return runner.remember("seasons", lambda store: store.seasons())


def season_facts(runner: Runner, title: str, season: int) -> SeasonFacts:
    """The catalog's facts of one season.

    Raises:
        NotFound: The store has no such season (the message names the nearest).
    """
    from showmeter.definitions.params import nearest

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
    found = runner.remember("markets", lambda store: store.markets())
    return [Choice(m.code, f"{m.code} · {m.name}") for m in found]


def demand_markets(runner: Runner) -> set[str]:
    """The markets that have demand signals."""
    return runner.remember("signal markets", lambda store: store.demand_markets())


def panels(runner: Runner) -> list[Choice]:
    """The panels of the store, each with the kind of unit it weighs (``nielsen:person``)."""
    found = runner.remember("panels", lambda store: store.panels())
    return [Choice(f"{p.panel}:{p.unit}", f"{p.panel} ({p.unit}s)") for p in found]


def categories(runner: Runner) -> dict[str, str | None]:
    """The category of every title (``None`` when the catalog gives none)."""
    return runner.remember("categories", lambda store: store.categories())


def kinds(runner: Runner) -> dict[str, str]:
    """The kind of every title (``series`` or ``film``), as the catalog gives it."""
    found = runner.remember("kinds", lambda store: store.rows("SELECT title, kind FROM titles"))
    return {str(title): str(kind) for title, kind in found}


def viewers(runner: Runner, key: SeasonKey) -> int:
    """How many accounts have viewing sessions of a season (a record count, not a figure)."""
    return runner.remember(f"viewers {key}", lambda store: store.viewers(key))
