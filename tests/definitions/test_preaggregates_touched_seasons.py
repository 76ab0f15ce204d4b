"""A load's refresh of the season figures: some seasons touched, or every one, worked by hand.

Two seasons of one 3000 s episode, both launched in the US at L. The first load has unit a
viewing "show" and unit b viewing "other". A second load that touches one season recomputes
that season's figures alone (the other's rows are kept); one that touches every season of the
catalog recomputes the figures whole, as a build does. Either way every table must hold the
rows a whole build of all the sessions gives.
"""

from __future__ import annotations

import pytest
from viewing_world import World, after

from showmeter.engines import preaggregates as kept

L = "2024-03-01T08:00Z"


def _world(extra: list[tuple[str, str]]) -> World:
    """The first load's sessions, and a 3000 s session of each (unit, title) in ``extra``."""
    w = World()
    for title in ("show", "other"):
        w.season(title, runtimes=[3000], launches={"US": L})
    w.view("a", "show", 1, 1, after(L, hours=1), 3000)
    w.view("b", "other", 1, 1, after(L, hours=2), 1000)
    for n, (unit, title) in enumerate(extra):  # day 2 from L; row ids "x…": the second load's
        w.view(unit, title, 1, 1, after(L, hours=30), 3000, row_id=f"x{n}")
    return w


def _refreshed(extra: list[tuple[str, str]]) -> tuple[World, kept.Refreshed]:
    """The first load's store with its aggregates, then ``extra`` loaded and refreshed."""
    w = _world([])
    kept.build(w.con)
    everything = _world(extra)
    w.con.execute("CREATE TABLE held AS SELECT * FROM viewing LIMIT 0")
    rows = everything.con.execute("SELECT * FROM viewing WHERE row_id LIKE 'x%'").fetchall()
    if rows:
        w.con.executemany(f"INSERT INTO held VALUES ({', '.join('?' * 12)})", rows)
    w.con.execute("INSERT INTO viewing SELECT * FROM held")
    return w, kept.refresh(w.con, "SELECT * FROM held")


def _reach(w: World) -> list[tuple[object, ...]]:
    return w.con.execute("SELECT title, units FROM agg_season_reach ORDER BY title").fetchall()


@pytest.mark.parametrize(
    ("extra", "seasons", "reach", "second_day"),
    [
        # c views "show" on day 2: "show" alone is touched; "other" keeps b.
        ([("c", "show")], 1, [("other", 1), ("show", 2)], [("other", 0), ("show", 1)]),
        # c views "show", d "other": every season is touched and computed whole.
        (
            [("c", "show"), ("d", "other")],
            2,
            [("other", 2), ("show", 2)],
            [("other", 1), ("show", 1)],
        ),
        # a views "show" again on day 2: an old unit, no new viewer; a counts on day 2 now.
        ([("a", "show")], 1, [("other", 1), ("show", 1)], [("other", 0), ("show", 1)]),
    ],
)
def test_a_refresh_of_some_or_every_season_gives_the_rows_of_a_whole_build(
    extra: list[tuple[str, str]],
    seasons: int,
    reach: list[tuple[object, ...]],
    second_day: list[tuple[object, ...]],
) -> None:
    w, done = _refreshed(extra)
    assert (done.whole, done.seasons) == (False, seasons)
    assert _reach(w) == reach
    assert (
        w.con.execute(
            "SELECT title, units FROM agg_season_daily_reach WHERE day = 2 ORDER BY title"
        ).fetchall()
        == second_day
    )
    fresh = _world(extra)
    kept.build(fresh.con)
    for table in kept.tables():
        query = f'SELECT * FROM "{table}" ORDER BY ALL'
        assert w.con.execute(query).fetchall() == fresh.con.execute(query).fetchall(), table


def test_a_refresh_with_no_new_session_changes_nothing() -> None:
    w, done = _refreshed([])
    assert (done.whole, done.units, done.seasons) == (False, 0, 0)
    fresh = _world([])
    kept.build(fresh.con)
    for table in kept.tables():
        query = f'SELECT * FROM "{table}" ORDER BY ALL'
        assert w.con.execute(query).fetchall() == fresh.con.execute(query).fetchall(), table
