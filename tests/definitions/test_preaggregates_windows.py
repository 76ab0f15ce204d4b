"""A load after a figure's window leaves that figure's rows of the season alone, worked by hand.

"show" (one 3000 s episode) launches in the US at L; "other" too; "late" launches in the US at
L and in Korea at L + 40 days. The first load: unit a watches each season's episode whole one
hour after L. The windows after L, in hours, at the figures' default parameters: binge_racers
24, binge_race 168 (its largest), average_minute_audience 168 (7 days), completers,
episode_funnel and weekly_reach 672 (28 days, 4 weeks), reach and daily_reach 720 (30 days),
hours_viewed and views 2184 (91 days); time_to_complete 672 (28 days: the completions within
it, each at the end of its session, 3000 s after its start).
Whatever is skipped, every table must hold the rows a whole build of all the sessions gives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from viewing_world import World, after

from showmeter.definitions.preaggregates import SeasonFigure
from showmeter.engines import preaggregate_refresh as refreshing
from showmeter.engines import preaggregate_windows as windows
from showmeter.engines import preaggregates as kept

if TYPE_CHECKING:
    import datetime as dt

L = "2024-03-01T08:00Z"
KOREA = "2024-04-10T08:00Z"  # L + 40 days
WINDOWED = {
    "agg_season_reach",
    "agg_season_hours_viewed",
    "agg_season_views",
    "agg_season_completers",
    "agg_season_binge_racers",
    "agg_season_binge_racers_by_market",
    "agg_season_daily_reach",
    "agg_season_weekly_reach",
    "agg_season_average_minute_audience",
    "agg_season_episode_funnel",
    "agg_season_binge_race",
    "agg_season_time_to_complete",
}

COUNTED = {"agg_season_reach", "agg_season_daily_reach", "agg_season_weekly_reach"}
"""Kept by the difference of the touched units' counts, never recomputed for new sessions
(:mod:`showmeter.engines.preaggregate_counts`; their rows are compared all the same)."""

Extra = list[tuple[str, str, "dt.datetime", str]]


def _world(extra: Extra) -> World:
    """The first load's sessions, and a whole 3000 s session of each (unit, title, start, market)
    in ``extra``."""
    w = World()
    for title in ("show", "other"):
        w.season(title, runtimes=[3000], launches={"US": L})
    w.season("late", runtimes=[3000], launches={"US": L, "KR": KOREA})
    for title in ("show", "other", "late"):
        w.view("a", title, 1, 1, after(L, hours=1), 3000)
    for n, (unit, title, start, market) in enumerate(extra):  # row ids "x…": the second load
        w.view(unit, title, 1, 1, start, 3000, market=market, row_id=f"x{n}")
    return w


def _refreshed(extra: Extra, monkeypatch: pytest.MonkeyPatch) -> tuple[World, set[str]]:
    """The first load's store, then ``extra`` loaded and refreshed; the figures recomputed."""
    w = _world([])
    kept.build(w.con)
    everything = _world(extra)
    w.con.execute("CREATE TABLE held AS SELECT * FROM viewing LIMIT 0")
    rows = everything.con.execute("SELECT * FROM viewing WHERE row_id LIKE 'x%'").fetchall()
    w.con.executemany(f"INSERT INTO held VALUES ({', '.join('?' * 12)})", rows)
    w.con.execute("INSERT INTO viewing SELECT * FROM held")
    recomputed: set[str] = set()
    recompute = refreshing._recompute

    def spy(
        con: object, figure: SeasonFigure, unit: str, seasons: str | None, sql: str | None = None
    ) -> None:
        recomputed.add(figure.table)
        recompute(con, figure, unit, seasons, sql)  # type: ignore[arg-type]

    monkeypatch.setattr(refreshing, "_recompute", spy)
    kept.refresh(w.con, "SELECT * FROM held")
    fresh = _world(extra)
    kept.build(fresh.con)
    for table in kept.tables():
        query = f'SELECT * FROM "{table}" ORDER BY ALL'
        assert w.con.execute(query).fetchall() == fresh.con.execute(query).fetchall(), table
    return w, recomputed


def _value(w: World, table: str, title: str, where: str = "true") -> tuple[object, ...]:
    query = f'SELECT units, round(value, 4) FROM "{table}" WHERE title = ? AND {where}'
    return tuple(w.con.execute(query, [title]).fetchall()[0])


def test_a_load_after_every_window_skips_every_windowed_figure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # c watches "show" exactly at L + 91 days: the longest window [L, L + 91 d) ends there.
    w, recomputed = _refreshed([("c", "show", after(L, days=91), "US")], monkeypatch)
    assert recomputed == set()
    assert _value(w, "agg_season_reach", "show") == (1, 1.0)  # a alone
    assert _value(w, "agg_season_hours_viewed", "show") == (1, 0.8333)  # 3000 s of a


def test_a_session_inside_a_window_recomputes_the_figures_whose_window_holds_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # c watches "show" at L + 29 days (day 30): inside reach, daily reach (720 h) and hours
    # (2184 h), after the 28-day, 7-day and 24-hour windows. d watches "other" after all.
    extra = [("c", "show", after(L, days=29), "US"), ("d", "other", after(L, days=100), "US")]
    w, recomputed = _refreshed(extra, monkeypatch)
    assert recomputed == {"agg_season_hours_viewed", "agg_season_views"}  # and COUNTED's
    assert _value(w, "agg_season_reach", "show") == (2, 2.0)
    assert _value(w, "agg_season_reach", "other") == (1, 1.0)  # d is after its window
    assert _value(w, "agg_season_daily_reach", "show", "day = 30") == (1, 1.0)
    assert _value(w, "agg_season_hours_viewed", "show") == (2, 1.6667)  # 6000 s


def test_a_later_launch_in_another_market_moves_the_window_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # k watches "late" in Korea at L + 45 days: 5 days after the Korean launch, so inside
    # the 7-day and longer windows there (after the US ones), after the 24-hour one.
    w, recomputed = _refreshed([("k", "late", after(L, days=45, hours=1), "KR")], monkeypatch)
    assert recomputed == WINDOWED - COUNTED - {
        "agg_season_binge_racers",
        "agg_season_binge_racers_by_market",
    }
    assert _value(w, "agg_season_reach", "late") == (2, 2.0)  # a (US) and k (KR)
    assert _value(w, "agg_season_daily_reach", "late", "day = 6") == (1, 1.0)  # k
    assert _value(w, "agg_season_completers", "late") == (2, 2.0)
    assert _value(w, "agg_season_binge_racers", "late") == (1, 1.0)  # a alone


def test_a_traveller_after_the_first_markets_window_but_inside_a_later_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a (first seen in the US) watches "late" again in Korea at L + 40.5 days: after every
    # US window but the 91-day one, inside Korea's. a stays a US unit for per-unit figures.
    w, recomputed = _refreshed([("a", "late", after(L, days=40, hours=12), "KR")], monkeypatch)
    assert "agg_season_average_minute_audience" in recomputed
    assert "agg_season_binge_racers" in recomputed  # L(KR) + 24 h is after the session
    assert _value(w, "agg_season_reach", "late") == (1, 1.0)
    assert _value(w, "agg_season_hours_viewed", "late") == (1, 1.6667)  # both sessions


TTC = "agg_season_time_to_complete"
TWENTY_EIGHT_DAYS = {  # 672 h: completers, episode_funnel, time_to_complete (and weekly_reach)
    "agg_season_completers",
    "agg_season_episode_funnel",
    TTC,
}


def _ttc(w: World, title: str) -> tuple[object, ...]:
    query = (
        f'SELECT units, round(value, 4), round(p10, 4), round(p90, 4) FROM "{TTC}" WHERE title = ?'
    )
    return tuple(w.con.execute(query, [title]).fetchall()[0])


def test_time_to_complete_is_kept_for_a_session_exactly_at_l_plus_28_days(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # c completes "show" in a session starting exactly at L + 672 h: after the 28-day windows,
    # inside the 30- and 91-day ones. a alone completed it, 1 h 50 min after L.
    w, recomputed = _refreshed([("c", "show", after(L, days=28), "US")], monkeypatch)
    assert recomputed == {"agg_season_hours_viewed", "agg_season_views"}  # and COUNTED's
    assert _ttc(w, "show") == (1, 1.8333, 1.8333, 1.8333)
    assert _value(w, "agg_season_reach", "show") == (2, 2.0)


def test_time_to_complete_counts_a_completion_just_inside_28_days(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # c starts "show" at L + 671 h and completes it 50 min later, at L + 671.8333 h < 672 h.
    w, recomputed = _refreshed([("c", "show", after(L, days=28, hours=-1), "US")], monkeypatch)
    assert recomputed >= TWENTY_EIGHT_DAYS
    # The midpoint rule over two units: the median is their mean, (1.8333 + 671.8333) / 2; p10
    # and p90 lie beyond the middles (0.25, 0.75) of their weights: the first and last hours.
    assert _ttc(w, "show") == (2, 336.8333, 1.8333, 671.8333)
    assert _value(w, "agg_season_completers", "show") == (2, 2.0)


def test_time_to_complete_reads_the_window_of_a_later_launch_in_another_market(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "late" launches in Korea at L + 40 days. k (Korea) completes it at L(KR) + 5 d 1 h 50 min
    # = 121.8333 h after its own L: inside Korea's 28 days, long after the US ones. j (Korea)
    # starts exactly at L(KR) + 28 days: outside. Load j alone, then k alone.
    j = [("j", "late", after(KOREA, days=28), "KR")]
    w, recomputed = _refreshed(j, monkeypatch)
    assert not recomputed & TWENTY_EIGHT_DAYS  # the latest launch + 672 h: nothing to do
    assert _ttc(w, "late") == (1, 1.8333, 1.8333, 1.8333)
    k = [("k", "late", after(KOREA, days=5, hours=1), "KR")]
    w, recomputed = _refreshed(k, monkeypatch)
    assert recomputed >= TWENTY_EIGHT_DAYS
    assert _ttc(w, "late") == (2, 61.8333, 1.8333, 121.8333)


@pytest.mark.parametrize(
    ("figure", "hours"),
    [
        (SeasonFigure("reach"), 720),
        (SeasonFigure("reach", (("window_days", 7),)), 168),
        (SeasonFigure("hours_viewed"), 2184),
        (SeasonFigure("weekly_reach"), 672),
        (SeasonFigure("daily_reach", (("days", 3),)), 72),
        (SeasonFigure("binge_racers", (("by_market", True),)), 24),
        (SeasonFigure("binge_race"), 168),
        (SeasonFigure("completers"), 672),
        (SeasonFigure("time_to_complete"), 672),
        (SeasonFigure("time_to_complete", (("window_days", 14),)), 336),
        (SeasonFigure("views", (("window_days", 1),)), 24),
        (SeasonFigure("tomatometer"), None),
    ],
)
def test_the_window_is_read_from_the_figures_parameters(
    figure: SeasonFigure, hours: int | None
) -> None:
    assert windows.window_hours(figure) == hours
