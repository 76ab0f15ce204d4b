"""Loads of sessions held, refreshed and compared with a whole build (pre-aggregation tests).

Shared by ``test_preaggregates_counts.py`` and ``test_preaggregates_unit_loads.py``: each load's
sessions go into the table ``held`` and then into ``viewing``; after the loads, a fresh world of
the same catalog and sessions, built whole, gives the tables a refresh must equal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from viewing_world import World

from showmeter.engines import preaggregates as kept

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterable

# (unit, title, episode, start, seconds, market, device)
Held = tuple[str | None, str, int, "dt.datetime", float, str, str]

MOVE_KR = (
    "UPDATE launches SET launch_at = launch_at + INTERVAL 1 DAY "
    "WHERE title = 'show' AND market = 'KR'"
)
"""A catalog change: Korea's launch of "show" a day later."""


def hold(w: World, sessions: Iterable[Held], first: int, unit: str) -> None:
    """Insert ``sessions`` into ``held`` (replaced) and into ``viewing``.

    The n-th session (from ``first``) has row id ``r{n:05d}``; with ``unit`` ``profile`` its
    unit is a profile of the account ``home{n % 2}`` (as a household's store has them).
    """
    w.con.execute("CREATE OR REPLACE TABLE held AS SELECT * FROM viewing LIMIT 0")
    for n, (who, title, episode, start, seconds, market, device) in enumerate(
        sessions, start=first
    ):
        ids = [who, None] if unit == "account" else [f"home{n % 2}", who]
        w.con.execute(
            "INSERT INTO held VALUES (?, ?, ?, NULL, ?, 1, ?, ?, ?, NULL, ?, ?)",
            [f"r{n:05d}", *ids, title, episode, start, seconds, device, market],
        )
    w.con.execute("INSERT INTO viewing SELECT * FROM held")


def same_as_whole_build(w: World, catalog: Callable[[World], None], tables: Iterable[str]) -> None:
    """Assert that ``tables`` of ``w`` equal a whole build of its sessions in a fresh world.

    Args:
        w: The world loaded and refreshed.
        catalog: Writes the catalog into the fresh world (as it is after the loads).
        tables: The pre-aggregated tables compared.
    """
    fresh = World()
    catalog(fresh)
    rows = w.con.execute("SELECT * FROM viewing").fetchall()
    fresh.con.executemany(f"INSERT INTO viewing VALUES ({', '.join('?' * 12)})", rows)
    kept.build(fresh.con)
    for table in tables:
        query = f'SELECT * FROM "{table}" ORDER BY ALL'
        assert w.con.execute(query).fetchall() == fresh.con.execute(query).fetchall(), table
