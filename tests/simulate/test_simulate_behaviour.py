"""The generated sessions look like viewing: resumes, binges, decay, profiles, zones, devices."""

from __future__ import annotations

import itertools

import duckdb
import pyarrow as pa
import pytest

from showmeter.simulate import demo_world

UNIT = "coalesce(profile_id, account_id, person_id)"


@pytest.fixture(scope="module")
def con(sessions_db: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """The sessions with the catalog's runtimes, launches and market zones beside them."""
    world = demo_world()
    episodes = [
        (t.title, s.season, e + 1, runtime, s.launch)
        for t in world.titles
        for s in t.seasons
        for e, runtime in enumerate(s.runtimes)
    ]
    table = pa.table(
        {
            "title": [e[0] for e in episodes],
            "season": pa.array([e[1] for e in episodes], pa.int32()),
            "episode": pa.array([e[2] for e in episodes], pa.int32()),
            "runtime": [e[3] for e in episodes],
            "launch": pa.array([e[4] for e in episodes], pa.timestamp("us", tz="UTC")),
        }
    )
    sessions_db.register("episodes", table)
    zones = pa.table(
        {"market": [m.market for m in world.markets], "tz": [m.tz for m in world.markets]}
    )
    sessions_db.register("zones", zones)
    sessions_db.execute(
        f"""CREATE OR REPLACE TEMP VIEW v AS
        SELECT s.*, {UNIT} AS unit, e.runtime, e.launch, z.tz
        FROM s JOIN episodes e USING (title, season, episode) JOIN zones z USING (market)"""
    )
    return sessions_db


def one(con: duckdb.DuckDBPyConnection, sql: str) -> object:
    rows = con.execute(sql).fetchall()
    return rows[0][0]


def test_some_episodes_are_completed_across_two_sessions(con: duckdb.DuckDBPyConnection) -> None:
    resumed = one(
        con,
        """SELECT count(*) FROM (
             SELECT unit, title, season, episode, any_value(runtime) AS runtime,
                    arg_min(seconds_watched, started_at) AS first, sum(seconds_watched) AS total,
                    count(*) AS n
             FROM v GROUP BY ALL)
           WHERE n >= 2 AND first < 0.9 * runtime AND total >= 0.9 * runtime""",
    )
    assert int(resumed) > 100  # type: ignore[call-overload]


def test_views_are_partial_or_complete_and_never_longer_than_a_day(
    con: duckdb.DuckDBPyConnection,
) -> None:
    partial, complete, longest = con.execute(
        """SELECT avg((seconds_watched < 0.5 * runtime)::INT),
                  avg((seconds_watched >= 0.9 * runtime)::INT), max(seconds_watched) FROM v"""
    ).fetchall()[0]
    assert 0.05 < partial < 0.5
    assert 0.5 < complete < 0.95
    assert longest <= 86_400


def test_some_members_race_through_a_season_within_a_day_of_its_launch(
    con: duckdb.DuckDBPyConnection,
) -> None:
    racers = one(
        con,
        """WITH done AS (
             SELECT account_id, title, season, episode FROM v
             WHERE account_id LIKE 'members-%' AND started_at < launch + INTERVAL 24 HOUR
             GROUP BY ALL HAVING sum(seconds_watched) >= 0.9 * any_value(runtime)),
           counts AS (SELECT title, season, count(*) AS episodes FROM episodes GROUP BY ALL)
           SELECT count(*) FROM (
             SELECT account_id, title, season, count(DISTINCT episode) AS n FROM done GROUP BY ALL)
           JOIN counts USING (title, season) WHERE n = episodes""",
    )
    assert int(racers) > 20  # type: ignore[call-overload]


def test_new_viewers_decay_week_after_week(con: duckdb.DuckDBPyConnection) -> None:
    weeks = con.execute(
        """SELECT week, count(*) FROM (
             SELECT unit, title, season,
                    date_diff('day', any_value(launch), min(started_at)) // 7 + 1 AS week
             FROM v WHERE account_id LIKE 'members-%' GROUP BY ALL)
           WHERE week <= 5 GROUP BY week ORDER BY week"""
    ).fetchall()
    starters = [count for _, count in weeks]
    assert len(starters) == 5
    assert all(a > b for a, b in itertools.pairwise(starters))
    assert starters[0] > 3 * starters[3]


def test_accounts_have_several_profiles(con: duckdb.DuckDBPyConnection) -> None:
    several, most = con.execute(
        """SELECT avg((n >= 2)::INT), max(n) FROM (
             SELECT account_id, count(DISTINCT profile_id) AS n FROM s
             WHERE profile_id IS NOT NULL GROUP BY ALL)"""
    ).fetchall()[0]
    assert 0.2 < several < 0.8
    assert most <= 5


def test_viewers_watch_in_their_own_evening_in_every_zone(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        """SELECT market,
                  avg((hour(timezone(tz, started_at)) BETWEEN 18 AND 23)::INT) AS evening,
                  avg((hour(timezone(tz, started_at)) BETWEEN 6 AND 11)::INT) AS morning,
                  mode(hour(timezone('UTC', started_at))) AS utc_hour
           FROM v WHERE market IN ('US', 'KR', 'GB') AND account_id LIKE 'members-%'
           GROUP BY market"""
    ).fetchall()
    for _, evening, morning, _ in rows:
        assert evening > 0.35
        assert evening > 2 * morning
    assert len({hour for *_, hour in rows}) == 3  # the same evening, at other UTC hours


def test_members_use_every_device_and_panels_theirs_only(con: duckdb.DuckDBPyConnection) -> None:
    members = one(con, "SELECT count(DISTINCT device) FROM s WHERE account_id LIKE 'members-%'")
    assert members == 5
    jumpshot = con.execute(
        """SELECT DISTINCT device, market, profile_id IS NULL, person_id IS NULL FROM s
           WHERE account_id LIKE 'jumpshot-%'"""
    ).fetchall()
    assert jumpshot == [("desktop", "US", True, True)]
    nielsen = con.execute(
        """SELECT DISTINCT device, market, account_id IS NULL, profile_id IS NULL FROM s
           WHERE person_id IS NOT NULL"""
    ).fetchall()
    assert nielsen == [("tv", "US", True, True)]


def test_some_viewers_watch_an_episode_again_weeks_later(con: duckdb.DuckDBPyConnection) -> None:
    rewatches = one(
        con,
        """SELECT count(*) FROM (
             SELECT unit, title, season, episode, min(started_at) AS first, max(started_at) AS last
             FROM v WHERE seconds_watched >= 0.9 * runtime GROUP BY ALL HAVING count(*) >= 2)
           WHERE last > first + INTERVAL 7 DAY""",
    )
    assert int(rewatches) > 10  # type: ignore[call-overload]


def test_sessions_stop_when_netflix_loses_the_marvel_series(
    con: duckdb.DuckDBPyConnection,
) -> None:
    gap = one(
        con,
        """SELECT count(*) FROM v WHERE title = 'daredevil'
           AND started_at >= TIMESTAMPTZ '2022-03-01 00:00:00+00'
           AND started_at < TIMESTAMPTZ '2022-03-15 00:00:00+00'""",
    )
    after = one(
        con,
        """SELECT count(*) FROM v WHERE title = 'daredevil' AND market = 'US'
           AND started_at >= TIMESTAMPTZ '2022-03-16 05:00:00+00'""",
    )
    assert gap == 0
    assert int(after) > 0  # type: ignore[call-overload]
