"""The average minute audience is the same double whatever order its rows are added in.

A double sum rounds after each addition, so before this the same sessions stored in another
order, counted by another number of threads, or refreshed by a second load instead of built
whole, could give a figure that differed in its last bit (``3.6355`` against
``3.6355000000000004``). Now a unit's seconds are summed in whole microseconds and
Σ weight × min(runtime, seconds) exactly, then divided once by the runtime: without a panel the
figure is the exact quotient rounded once, which the tests below work out by hand (Python's
``Fraction``) and compare with ``==``.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from viewing_world import World, after

from showmeter.engines import preaggregates as kept

L = "2024-03-01T08:00Z"
SECONDS = (551, 2332, 259, 1045, 483, 2030, 1842, 1935, 2669, 1555, 860, 385)
"""One session each of twelve units, of a 3000 s episode: Σ = 15946 s, none capped."""

ORDERS = (
    tuple(range(12)),
    tuple(reversed(range(12))),
    (4, 9, 0, 11, 2, 7, 5, 1, 10, 3, 8, 6),
    (8, 3, 10, 6, 1, 11, 0, 5, 9, 2, 7, 4),
)
"""The orders the sessions are stored in (the first two gave 5.315333333333332 on DuckDB before,
the exact figure 15946 / 3000 being 5.315333333333333)."""


def _world(order: tuple[int, ...], *, weights: tuple[float, ...] = ()) -> World:
    w = World()
    w.season("show", runtimes=[3000], launches={"US": L})
    for n in order:
        w.view(f"u{n:02d}", "show", 1, 1, after(L, hours=1 + n), SECONDS[n])
        if weights:
            w.member("panel", f"u{n:02d}", weights[n])
    return w


def test_the_figure_is_the_exact_quotient_in_any_order(engine: str) -> None:
    assert sum(SECONDS) == 15946
    exact = float(Fraction(15946, 3000))
    for order in ORDERS:
        values = _world(order).values("average_minute_audience", engine)
        assert values == {("show", 1, 1): exact}, order


def test_a_rewatch_is_capped_in_whole_microseconds(engine: str) -> None:
    w = _world(ORDERS[0])
    # u00 watches again: 551 + 2449.1 + 0.3 s = 3000.4 s, capped at the 3000 s runtime
    w.view("u00", "show", 1, 1, after(L, hours=20), 2449.1)
    w.view("u00", "show", 1, 1, after(L, hours=21), 0.3)
    # u01 watches 0.1 + 0.2 s more (0.30000000000000004 as doubles): 2332.3 s, exactly
    # 2332300000 µs whatever the order; Σ = 15946 - 551 + 3000 + 0.3 = 18395.3 s
    w.view("u01", "show", 1, 1, after(L, hours=22), 0.1)
    w.view("u01", "show", 1, 1, after(L, hours=23), 0.2)
    exact = float(Fraction((15946 - 551 + 3000) * 10 + 3, 30000))
    assert w.values("average_minute_audience", engine) == {("show", 1, 1): exact}


def test_panel_weights_give_the_same_double_in_any_order(engine: str) -> None:
    # these weights gave three different doubles in the four orders before
    weights = (2.4, 2.5, 1.5, 0.9, 0.1, 2.0, 1.5, 2.3, 1.2, 2.3, 0.9, 2.4)
    found = {
        order: _world(order, weights=weights).values(
            "average_minute_audience", engine, panel="panel"
        )[("show", 1, 1)]
        for order in ORDERS
    }
    assert len(set(found.values())) == 1, found
    # Σ weight × seconds / 3000, worked with exact decimals
    exact = sum(Fraction(str(w)) * s for w, s in zip(weights, SECONDS, strict=True)) / 3000
    assert found[ORDERS[0]] == pytest.approx(float(exact), rel=1e-15)


def test_the_number_of_threads_does_not_change_the_figure() -> None:
    w = World()
    w.season("show", runtimes=[3000, 1800], launches={"US": L})
    # 300 000 sessions of 60 000 units (several row groups, so threads split them; 1 to 4
    # threads gave four different doubles for episode 1 before): unit u
    # watches episode 1 + u % 2 for 1 + (u × 7919 + k × 104729) % 2999 s, k = 0 … 4
    w.con.execute(
        """
        INSERT INTO viewing
        SELECT 'r' || i, 'u' || (i % 60000), NULL, NULL, 'show', 1, 1 + (i % 60000) % 2,
               TIMESTAMPTZ '2024-03-01 09:00:00+00' + to_seconds(i // 60000),
               1 + ((i % 60000) * 7919 + (i // 60000) * 104729) % 2999, NULL, 'tv', 'US'
        FROM range(300000) AS r(i)
        """
    )
    credited = w.con.execute(
        """
        SELECT v.episode, sum(least(e.runtime_s, s))::HUGEINT, any_value(e.runtime_s)
        FROM (SELECT episode, account_id, sum(seconds_watched)::BIGINT AS s FROM viewing
              GROUP BY ALL) AS v JOIN episodes AS e ON e.episode = v.episode
        GROUP BY v.episode
        """
    ).fetchall()
    exact = {("show", 1, e): float(Fraction(int(n), int(r))) for e, n, r in credited}
    for threads in (1, 2, 3, 4):
        w.con.execute(f"SET threads = {threads}")
        assert w.values("average_minute_audience", "duckdb") == exact, threads


def test_a_refresh_gives_the_figure_a_whole_build_gives() -> None:
    def world(*, second: bool) -> World:
        w = World()
        w.season("show", runtimes=[2000], launches={"US": L})
        for n, seconds in enumerate((2482, 1612, 1099, 2154)):  # 2000 + 1612 + 1099 + 2000
            w.view(f"u{n}", "show", 1, 1, after(L, hours=10 * n + 5), seconds)
        if second:  # the second load: 560 s of a fifth unit
            w.view("u4", "show", 1, 1, after(L, hours=30), 560, row_id="x1")
        return w

    store = world(second=False)
    kept.build(store.con)
    later = world(second=True).con.execute("SELECT * FROM viewing WHERE row_id = 'x1'").fetchall()
    store.con.execute("CREATE TABLE held AS SELECT * FROM viewing LIMIT 0")
    store.con.executemany(f"INSERT INTO held VALUES ({', '.join('?' * 12)})", later)
    store.con.execute("INSERT INTO viewing SELECT * FROM held")
    kept.refresh(store.con, "SELECT * FROM held")
    whole = world(second=True)
    kept.build(whole.con)
    query = "SELECT title, season, episode, value, units FROM agg_season_average_minute_audience"
    # 7271 / 2000 = 3.6355: the refreshed figure was 3.6355000000000004 before
    assert store.con.execute(query).fetchall() == [("show", 1, 1, 3.6355, 5)]
    assert whole.con.execute(query).fetchall() == [("show", 1, 1, 3.6355, 5)]


def test_seconds_finer_than_a_microsecond_give_one_figure_from_sessions_or_days(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # u1 watches 100.0000004 s twice on day 1, u2 900 s; one 3000 s episode. A unit's seconds
    # are rounded once: u1's 200.0000008 s are 200000001 us from its sessions and from the
    # per-day sum alike, so (200.000001 + 900) / 3000 either way (found by review: rounding
    # each session gave 200000000 us from sessions, 200000001 from the per-day rows)
    w = World()
    w.season("show", runtimes=[3000], launches={"US": L})
    w.view("u1", "show", 1, 1, after(L, hours=1), 100.0000004)
    w.view("u1", "show", 1, 1, after(L, hours=2), 100.0000004)
    w.view("u2", "show", 1, 1, after(L, hours=3), 900.0)
    kept.build(w.con)
    expected = float(Fraction(200_000_001 + 900_000_000, 3_000_000_000))
    for params in ({}, {"devices": "tv"}, {"window_days": 3}):
        from_days = w.compute("average_minute_audience", "duckdb", **params)
        monkeypatch.setenv("SHOWMETER_PREAGGREGATES", "off")
        from_sessions = w.compute("average_minute_audience", "duckdb", **params)
        monkeypatch.delenv("SHOWMETER_PREAGGREGATES")
        assert from_days.computed_from != from_sessions.computed_from, params
        assert from_days.rows[0]["value"] == from_sessions.rows[0]["value"] == expected, params
