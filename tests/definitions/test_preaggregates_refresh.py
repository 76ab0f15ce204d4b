"""A load's refresh of the per-unit progress (``agg_unit_progress``), worked by hand.

One season of two 3000 s episodes (90 % = 2700 s completes one), launched in the US at L and
in Korea 7 h later. A first load holds some sessions; a second brings the rest. A unit whose
first session stays its first keeps its market and L, so only the episodes of its new
sessions are recomputed; a unit whose first session is new (an earlier start, or the same
start in a market that sorts first) or that had no row is recomputed whole. Either way the
rows must be those a whole build of every session gives: the tests compare the tables' every
row, and the rows that change are worked out by hand below.
"""

from __future__ import annotations

import datetime as dt

from viewing_world import World, after, at

from showmeter.engines import preaggregates as kept

L = "2024-03-01T08:00Z"  # the US launch
L_KR = "2024-03-01T15:00Z"  # the Korean launch, 7 h later
H = 3_600_000_000  # an hour in microseconds
S = 1_000_000  # a second in microseconds

_COLUMNS = (
    "title, season, unit_id, episode, market, launch_at, first_us, seconds_7d, seconds_28d, "
    "completed_90_us"
)


def _world(*, second: bool) -> World:
    """The sessions of the first load, and with ``second`` those of the second too."""
    w = World()
    w.season("show", runtimes=[3000, 3000], launches={"US": L, "KR": L_KR})
    # a: US from L + 1 h; completes episode 1 at its second session (1000 + 2000 s).
    w.view("a", "show", 1, 1, after(L, hours=1), 1000)
    w.view("a", "show", 1, 1, after(L, hours=5), 2000)
    # b: US at L + 10 h.
    w.view("b", "show", 1, 1, after(L, hours=10), 500)
    # e: US at L + 8 h = L_KR + 1 h.
    w.view("e", "show", 1, 1, after(L, hours=8), 1000)
    # d: never touched.
    w.view("d", "show", 1, 2, after(L, hours=2), 3000)
    if second:
        # a: episode 2 a day later: a's first session stays, so only (a, 2) is recomputed.
        w.view("a", "show", 1, 2, after(L, hours=30), 3000)
        # b: Korea at L_KR + 1 h, before its US session: b becomes Korean, L = L_KR.
        w.view("b", "show", 1, 1, after(L_KR, hours=1), 2500, market="KR")
        # e: Korea at the very instant of its US session: (start, market) sorts KR first.
        w.view("e", "show", 1, 2, after(L, hours=8), 3000, market="KR")
        # c: a new unit.
        w.view("c", "show", 1, 1, after(L, hours=3), 2700)
        # a: a Korean session before the Korean launch counts nowhere and changes nothing.
        w.view("a", "show", 1, 1, after(L_KR, hours=-1), 100, market="KR")
    return w


def _rows(w: World) -> list[tuple[object, ...]]:
    rows = w.con.execute(
        f"SELECT {_COLUMNS} FROM agg_unit_progress ORDER BY unit_id, episode"
    ).fetchall()
    return [(*r[:5], r[5].astimezone(dt.UTC), *r[6:]) for r in rows]


def _second_load() -> tuple[World, kept.Refreshed]:
    """The first load's store with its aggregates, then the second load's rows refreshed."""
    w = _world(second=False)
    kept.build(w.con)
    everything = _world(second=True)
    rows = everything.con.execute(
        "SELECT * FROM viewing WHERE row_id > (SELECT max(row_id) FROM viewing WHERE "
        "account_id = 'd')"  # the second load's: listed after d's, the first load's last
    ).fetchall()
    w.con.execute("CREATE TABLE held AS SELECT * FROM viewing LIMIT 0")
    w.con.executemany(f"INSERT INTO held VALUES ({', '.join('?' * 12)})", rows)
    w.con.execute("INSERT INTO viewing SELECT * FROM held")
    done = kept.refresh(w.con, "SELECT * FROM held")  # what a load runs in its transaction
    return w, done


def test_a_refresh_recomputes_only_the_episodes_of_units_whose_first_session_stays() -> None:
    w, done = _second_load()
    # Touched pairs: a, b, c, e. Whole: b (earlier first), e (same start, KR sorts before US),
    # c (no row). a keeps its first session: only its episode 2 is recomputed; its episode 1
    # is kept (its new Korean session before the Korean launch counts nowhere).
    assert (done.units, done.whole_units, done.episodes) == (4, 3, 1)
    us, kr = at(L).astimezone(dt.UTC), at(L_KR).astimezone(dt.UTC)
    assert _rows(w) == [
        # a: from L; episode 1 completes at the end of the 2000 s session at L + 5 h.
        ("show", 1, "a", 1, "US", us, 1 * H, 3000.0, 3000.0, float(5 * H + 2000 * S)),
        ("show", 1, "a", 2, "US", us, 30 * H, 3000.0, 3000.0, float(30 * H + 3000 * S)),
        # b: Korean now, from L_KR: episode 1 at L_KR + 1 h (2500 s) then L_KR + 3 h (500 s),
        # completes at the second: 3 h + 500 s.
        ("show", 1, "b", 1, "KR", kr, 1 * H, 3000.0, 3000.0, float(3 * H + 500 * S)),
        # c: 2700 s in one session completes episode 1 at L + 3 h + 2700 s.
        ("show", 1, "c", 1, "US", us, 3 * H, 2700.0, 2700.0, float(3 * H + 2700 * S)),
        ("show", 1, "d", 2, "US", us, 2 * H, 3000.0, 3000.0, float(2 * H + 3000 * S)),
        # e: Korean, from L_KR: both sessions at L_KR + 1 h; 1000 s does not complete.
        ("show", 1, "e", 1, "KR", kr, 1 * H, 1000.0, 1000.0, None),
        ("show", 1, "e", 2, "KR", kr, 1 * H, 3000.0, 3000.0, float(1 * H + 3000 * S)),
    ]


def test_a_refreshed_store_holds_every_row_a_whole_build_of_its_sessions_gives() -> None:
    w, _ = _second_load()
    fresh = _world(second=True)
    kept.build(fresh.con)
    for table in kept.tables():
        query = f'SELECT * FROM "{table}" ORDER BY ALL'
        assert w.con.execute(query).fetchall() == fresh.con.execute(query).fetchall(), table
