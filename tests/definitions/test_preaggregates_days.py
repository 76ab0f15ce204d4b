"""The per-day rows (``agg_unit_days``): worked by hand, read under filters, upgraded.

One season of two 3000 s episodes, launched in the US at 08:00Z and in Korea 7 h later. The
rows are worked out below from each session's unit, market, device, episode and the 24-hour
period from the launch in the session's own market; a market filter read from them is worked
out by hand too (and differs from the by-market row of that market, as it must).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from viewing_world import World, after, at

from showmeter.engines import preaggregates as kept
from showmeter.engines.preaggregated import SWITCH

if TYPE_CHECKING:
    import duckdb

L = "2024-03-01T08:00Z"  # the US launch
L_KR = "2024-03-01T15:00Z"  # the Korean launch, 7 h later


def _world() -> World:
    w = World()
    w.season("show", runtimes=[3000, 3000], launches={"US": L, "KR": L_KR})
    # t starts in Korea: episode 1 twice on its day 1 (one row: 3000 + 600 s, 2 sessions,
    # first at L_KR + 1 h), then 100 s on a mobile on day 2 (L_KR + 30 h), then episode 2 in
    # the US at L_KR + 2 h = L + 9 h: day 1 from the US launch.
    w.view("t", "show", 1, 1, after(L_KR, hours=1), 3000, market="KR")
    w.view("t", "show", 1, 1, after(L_KR, hours=3), 600, market="KR")
    w.view("t", "show", 1, 1, after(L_KR, hours=30), 100, market="KR", device="mobile")
    w.view("t", "show", 1, 2, after(L_KR, hours=2), 3000, market="US")
    # u in the US: before L (no row), at L (day 1), at exactly L + 24 h (day 2)
    w.view("u", "show", 1, 1, after(L, hours=-1), 500)
    w.view("u", "show", 1, 1, L, 3000)
    w.view("u", "show", 1, 2, after(L, hours=24), 3000)
    # v in France, where the season has no launch; a session without an account: no rows
    w.view("v", "show", 1, 1, L_KR, 3000, market="FR")
    w.view("", "show", 1, 1, L_KR, 3000)
    return w


def _utc(text: str | dt.datetime) -> dt.datetime:
    return at(text).astimezone(dt.UTC)


def _day_rows(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    """Every row of ``agg_unit_days``, its first start in UTC, by unit, episode and day."""
    rows = con.execute(
        "SELECT title, season, episode, unit_id, market, device, day, first_at, seconds, "
        "sessions FROM agg_unit_days ORDER BY unit_id, episode, day"
    ).fetchall()
    return [(*r[:7], r[7].astimezone(dt.UTC), *r[8:]) for r in rows]


def _worked_by_hand() -> list[tuple[object, ...]]:
    """The world's per-day rows, worked out by hand from its sessions."""
    return [
        ("show", 1, 1, "t", "KR", "tv", 1, _utc(after(L_KR, hours=1)), 3600.0, 2),
        ("show", 1, 1, "t", "KR", "mobile", 2, _utc(after(L_KR, hours=30)), 100.0, 1),
        ("show", 1, 2, "t", "US", "tv", 1, _utc(after(L, hours=9)), 3000.0, 1),
        ("show", 1, 1, "u", "US", "tv", 1, _utc(L), 3000.0, 1),
        ("show", 1, 2, "u", "US", "tv", 2, _utc(after(L, hours=24)), 3000.0, 1),
    ]


def test_the_rows_are_each_units_seconds_per_market_device_episode_and_day() -> None:
    w = _world()
    kept.build(w.con)
    assert _day_rows(w.con) == _worked_by_hand()


def test_the_rows_are_kept_in_the_order_of_title_season_and_market() -> None:
    # Two seasons of two titles, each launched in two markets, the sessions written in the
    # reverse order: the rows are kept (by their place among the launches) in the order of
    # title, season and market, whatever the order of the sessions or of their grouping.
    w = World()
    for title in ("b-show", "a-show"):
        for season in (2, 1):
            w.season(title, season=season, runtimes=[3000], launches={"US": L, "KR": L_KR})
    for title in ("b-show", "a-show"):
        for season in (2, 1):
            for unit in ("z", "y", "x"):
                for market in ("US", "KR"):
                    w.view(unit, title, season, 1, after(L_KR, hours=1), 60, market=market)
    kept.build(w.con)
    stored = w.con.execute(
        "SELECT title, season, market FROM agg_unit_days ORDER BY rowid"
    ).fetchall()
    places = [(t, s, m) for t in ("a-show", "b-show") for s in (1, 2) for m in ("KR", "US")]
    assert stored == [place for place in places for _ in range(3)]


def test_a_market_filter_is_read_from_them_and_is_not_the_by_market_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w = _world()
    kept.build(w.con)
    # markets=US keeps the US sessions: u's 3000 + 3000 s and t's 3000 s = 2.5 h, 2 units.
    only_us = w.compute("hours_viewed", "duckdb", markets="US")
    assert [(r["value"], r["units"]) for r in only_us.rows] == [(2.5, 2)]
    assert "agg_unit_days" in (only_us.computed_from or "")
    # By market, t is Korean (its first session): US = u's 6000 s, KR = t's 6700 s.
    by_market = w.values("hours_viewed", "duckdb", by_market=True)
    assert by_market == pytest.approx(
        {("show", 1, "US"): 6000 / 3600, ("show", 1, "KR"): 6700 / 3600}
    )
    # devices=mobile: t's 100 s; daily reach in Korea: t on day 1 only (100 s < min_seconds 120)
    phone = w.compute("hours_viewed", "duckdb", devices="mobile")
    assert [(r["value"], r["units"]) for r in phone.rows] == [(100 / 3600, 1)]
    daily = w.values("daily_reach", "duckdb", markets="KR", days=3)
    assert daily == {("show", 1, 1): 1.0, ("show", 1, 2): 0.0, ("show", 1, 3): 0.0}
    monkeypatch.setenv(SWITCH, "off")  # the sessions give the same
    assert w.compute("hours_viewed", "duckdb", markets="US").rows == only_us.rows
    assert w.values("daily_reach", "duckdb", markets="KR", days=3) == daily


def test_an_anchor_or_unit_they_do_not_cover_reads_the_sessions_and_says_why() -> None:
    w = _world()
    kept.build(w.con)
    said = w.compute("reach", "duckdb", markets="KR", anchor="global").computed_from or ""
    assert said.startswith("Computed without pre-aggregations") and "anchor=global" in said


def test_aggregates_built_before_them_are_out_of_date_and_the_next_load_builds_them() -> None:
    w = _world()
    kept.build(w.con)
    w.con.execute("DROP TABLE agg_unit_days")  # as a store of the previous version keeps them
    w.con.execute(f"DELETE FROM {kept.META} WHERE name = 'agg_unit_days'")
    state = kept.status(w.con)
    assert not state.current
    assert "agg_unit_days" in str(state.reason) and "showmeter optimize --store S" in str(
        state.reason
    )
    assert kept.refresh(w.con, None).whole  # what a load runs in its transaction
    assert kept.status(w.con).current
    assert w.con.execute("SELECT count(*) FROM agg_unit_days").fetchall() == [(5,)]


def test_a_filtered_computation_keeps_its_sql_from_them_in_the_cache_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("SHOWMETER_SQL_CACHE", "off")  # the build keeps its own SQL there too
    w = _world()
    kept.build(w.con)
    monkeypatch.delenv("SHOWMETER_SQL_CACHE")
    first = w.compute("hours_viewed", "duckdb", markets="US")
    entries = list(tmp_path.glob("sql/*.json"))
    assert len(entries) == 1 and "agg_unit_days" in entries[0].read_text()
    again = w.compute("hours_viewed", "duckdb", markets="US")  # read back from the cache
    assert again.rows == first.rows == [{"title": "show", "season": 1, "value": 2.5, "units": 2}]
    assert "agg_unit_days" in (again.computed_from or "")
    monkeypatch.setenv(SWITCH, "off")  # the same computation over the sessions: another entry
    assert w.compute("hours_viewed", "duckdb", markets="US").rows == first.rows
    assert len(list(tmp_path.glob("sql/*.json"))) == 2


def test_a_load_merges_its_sessions_into_the_rows_kept() -> None:
    # The world without t's first session of episode 1 (L_KR + 1 h, 3000 s) and u's session
    # of episode 2: t's KR tv day-1 row is then its 600 s session alone (first at L_KR + 3 h).
    # A load of those two sessions merges them: that row becomes the whole world's (3600 s, 2
    # sessions, first at L_KR + 1 h: the earlier start), and u's episode 2 gets its row.
    w = _world()
    held = "account_id = 't' AND episode = 1 AND seconds_watched = 3000"
    held += " OR account_id = 'u' AND episode = 2"
    w.con.execute(f"CREATE TABLE held AS SELECT * FROM viewing WHERE {held}")
    w.con.execute(f"DELETE FROM viewing WHERE {held}")
    kept.build(w.con)
    assert w.con.execute(
        "SELECT seconds, sessions FROM agg_unit_days WHERE unit_id = 't' AND episode = 1 "
        "AND day = 1"
    ).fetchall() == [(600.0, 1)]
    w.con.execute("INSERT INTO viewing SELECT * FROM held")
    done = kept.refresh(w.con, "SELECT * FROM held")  # what a load runs in its transaction
    assert not done.whole and (done.units, done.seasons) == (2, 1)
    assert _day_rows(w.con) == _worked_by_hand()
