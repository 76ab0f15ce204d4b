"""The benchmark set without a row per series and day (definitions.benchmark_sets).

``demand_multiple``, its periods at once (``demand_multiples``) and ``demand_percentile`` read
the set of each day from the availability windows merged into islands; the plain definition
expands every window to its days (``available_days``). Hand-worked islands and day sets, then
the three computations against the plain definition (their expressions before the change, kept
here as the reference) on random worlds: overlapping, adjacent, open and empty windows, in
markets of three time zones, with random periods, markets and weights.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any
from zoneinfo import ZoneInfo

import ibis
import pytest
from available_days_support import available_days
from viewing_world import World

from showmeter.definitions.benchmark_sets import available_islands, daily_sets, members
from showmeter.definitions.demand_periods import demand_multiples
from showmeter.definitions.signals import (
    daily_points,
    given_date,
    per_capita,
    populations,
    title_totals,
)
from showmeter.definitions.tables import CanonicalTables
from showmeter.engines import prepare

D = dt.date(2017, 8, 20)
ZONES = {"US": "America/New_York", "KR": "Asia/Seoul", "ZZ": "UTC"}
POPULATIONS = {"US": 300, "KR": 50, "ZZ": None}


def day(n: int) -> dt.date:
    """The date ``n`` days after 2017-08-20."""
    return D + dt.timedelta(days=n)


class Store(World):
    """Markets, titles with availability windows, one signal weighted 1."""

    def __init__(self) -> None:
        super().__init__()
        self.con.execute("SET TimeZone = 'UTC'")
        for market, population in POPULATIONS.items():
            self.con.execute(
                "INSERT INTO markets VALUES (?, ?, ?, ?)",
                [market, market, ZONES[market], population],
            )
        self.con.execute("INSERT INTO signal_weights VALUES ('pageviews', 1.0), ('social', 2.5)")
        self._row = 0

    def title(self, title: str, kind: str = "series") -> None:
        """A title of the catalog."""
        self.con.execute(
            "INSERT INTO titles VALUES (?, ?, ?, false, 'en', NULL)", [title, title, kind]
        )

    def window(
        self,
        title: str,
        market: str,
        start: dt.datetime,
        until: dt.datetime | None,
        season: int = 1,
    ) -> None:
        """One availability window [start, until) of a season in a market."""
        self.con.execute(
            "INSERT INTO availability VALUES (?, ?, 'netflix', ?, ?, ?)",
            [title, season, market, start, until],
        )

    def local(self, market: str, n: int, hour: int = 0) -> dt.datetime:
        """Local ``hour`` o'clock of day ``n`` in the market."""
        return dt.datetime.combine(day(n), dt.time(hour), ZoneInfo(ZONES[market]))

    def signal(self, title: str, n: int, value: float, market: str = "US") -> None:
        """A day's page views of a title in a market."""
        self._row += 1
        self.con.execute(
            "INSERT INTO signals VALUES (?, ?, ?, ?, 'pageviews', ?)",
            [f"s{self._row:05d}", day(n), market, title, value],
        )

    def run(self, expr: ibis.Table) -> list[dict[str, Any]]:
        """An expression's rows."""
        return self.con.sql(ibis.to_sql(expr, dialect="duckdb")).to_arrow_table().to_pylist()


# --- the reference: the expressions of the plain definition (before benchmark_sets) ---------


def plain_multiple(t: CanonicalTables, p: Any) -> ibis.Table:
    """demand_multiple as it read the set of each day from available_days."""
    period = daily_points(t, p, given_date(p, "start"))
    totals = title_totals(t, period)
    on_day = available_days(t, p, period.days)
    joined = on_day.left_join(period.daily, ["title", "market", "date"])
    per_day = joined.group_by(joined.market, joined.date).agg(
        titles=joined.count(), points=ibis.coalesce(joined.points, 0.0).sum()
    )
    per_day = per_day.left_join(populations(t), "market")
    daily = per_capita(per_day.points, per_day.population) / per_day.titles
    benchmarks = per_day.group_by(per_day.market).agg(benchmark=daily.mean())
    rows = totals.left_join(benchmarks, "market")
    return rows.select(
        rows.title,
        rows.market,
        value=rows.demand / rows.benchmark.nullif(0),
        demand=rows.demand,
        benchmark=rows.benchmark,
    )


def plain_members(t: CanonicalTables, p: Any) -> ibis.Table:
    """demand_percentile's set as it read it from available_days."""
    period = daily_points(t, p, given_date(p, "start"))
    return available_days(t, p, period.days).select("title", "market").distinct()


def _close(got: list[dict[str, Any]], want: list[dict[str, Any]], keys: tuple[str, ...]) -> None:
    """Equal rows by key: the same keys, integers equal, floats to the last bits of a sum."""
    by_got = {tuple(r[k] for k in keys): r for r in got}
    by_want = {tuple(r[k] for k in keys): r for r in want}
    assert len(by_got) == len(got) and len(by_want) == len(want)
    assert by_got.keys() == by_want.keys()
    for key, row in by_want.items():
        for column, value in row.items():
            mine = by_got[key][column]
            if isinstance(value, float):
                assert mine == pytest.approx(value, rel=1e-12, abs=1e-300), (key, column)
            else:
                assert mine == value, (key, column)


# --- hand-worked ----------------------------------------------------------------------------


def _islands_store() -> Store:
    s = Store()
    for title in ("a", "b", "c"):
        s.title(title)
    s.title("f", kind="film")
    # a in US: days 0-2 and 2-4 overlap (one island 0-4), 5-6 is adjacent (its own island)
    s.window("a", "US", s.local("US", 0), s.local("US", 3), season=1)
    s.window("a", "US", s.local("US", 2), s.local("US", 5), season=2)
    s.window("a", "US", s.local("US", 5), s.local("US", 7), season=3)
    # b in US: open from day 1, a later window inside it; an empty window on day 9
    s.window("b", "US", s.local("US", 1), None, season=1)
    s.window("b", "US", s.local("US", 3), s.local("US", 4), season=2)
    s.window("b", "US", s.local("US", 9), s.local("US", 9), season=3)
    # c in KR: day 1 to day 2 (KR's local days), nothing in the US
    s.window("c", "KR", s.local("KR", 1), s.local("KR", 3))
    s.window("f", "US", s.local("US", 0), None)  # a film: never in the set
    s.signal("a", 1, 10)
    s.signal("a", 5, 7)
    s.signal("b", 0, 100)  # before b is available: not in day 0's set
    s.signal("b", 4, 20)
    s.signal("c", 2, 30, market="KR")
    s.signal("f", 1, 1000)
    return s


def test_overlapping_windows_merge_into_islands_of_disjoint_days() -> None:
    s = _islands_store()
    p = prepare("demand_multiple", {}).resolved
    islands = s.run(available_islands(CanonicalTables(), p))
    got = sorted((r["title"], r["market"], r["first"], r["last"]) for r in islands)
    assert got == [
        ("a", "ALL", day(0), day(4)),
        ("a", "ALL", day(5), day(6)),
        ("a", "US", day(0), day(4)),
        ("a", "US", day(5), day(6)),
        ("b", "ALL", day(1), None),
        ("b", "US", day(1), None),
        ("c", "ALL", day(1), day(2)),
        ("c", "KR", day(1), day(2)),
    ]


def test_each_days_set_counts_its_series_once_and_sums_their_points() -> None:
    s = _islands_store()
    t, p = CanonicalTables(), prepare("demand_multiple", {"start": day(0), "end": day(5)}).resolved
    period = daily_points(t, p, given_date(p, "start"))
    rows = s.run(daily_sets(t, p, period.days, period.daily))
    got = {(r["market"], r["date"]): (r["titles"], r["points"]) for r in rows}
    # US: day 0 {a}: 0 (b's 100 is before it is available); days 1-4 {a, b}: 10, 0, 0, 20;
    # day 5 {a, b}: 7. KR: days 1-2 {c}: 0, 30. ALL: as US, with c on days 1-2 (30 on day 2)
    assert {k: v for k, v in got.items() if k[0] == "US"} == {
        ("US", day(0)): (1, 0.0),
        ("US", day(1)): (2, 10.0),
        ("US", day(2)): (2, 0.0),
        ("US", day(3)): (2, 0.0),
        ("US", day(4)): (2, 20.0),
        ("US", day(5)): (2, 7.0),
    }
    assert {k: v for k, v in got.items() if k[0] == "KR"} == {
        ("KR", day(1)): (1, 0.0),
        ("KR", day(2)): (1, 30.0),
    }
    assert got["ALL", day(1)] == (3, 10.0)
    assert got["ALL", day(2)] == (3, 30.0)
    assert got["ALL", day(0)] == (1, 0.0)
    assert len(got) == 6 + 2 + 6


def test_the_members_of_a_period_are_the_series_available_on_one_of_its_days() -> None:
    s = _islands_store()
    t = CanonicalTables()
    us_all = {("a", "US"), ("a", "ALL"), ("b", "US"), ("b", "ALL")}
    for start, end, want in [
        (day(0), day(0), {("a", "US"), ("a", "ALL")}),  # b from day 1
        (day(2), day(2), us_all | {("c", "KR"), ("c", "ALL")}),
        (day(3), day(3), us_all),  # c: its local days 1 and 2 only (in KR and in ALL)
        (day(5), day(8), us_all),  # a's last day 6 lies inside, before the period's end
        (day(7), day(9), {("b", "US"), ("b", "ALL")}),  # a ends on day 6; b's empty window
        (day(30), day(31), {("b", "US"), ("b", "ALL")}),  # b's open window
    ]:
        p = prepare("demand_percentile", {"start": start, "end": end}).resolved
        period = daily_points(t, p, start)
        got = {(r["title"], r["market"]) for r in s.run(members(t, p, period.days))}
        assert got == want, start
        assert got == {(r["title"], r["market"]) for r in s.run(plain_members(t, p))}


# --- random worlds against the plain definition ---------------------------------------------


def _random_store(rng: random.Random) -> Store:
    s = Store()
    titles = [f"t{k}" for k in range(rng.randint(1, 7))]
    for title in titles:
        s.title(title, kind=rng.choice(["series", "series", "series", "film"]))
        for season in range(1, rng.randint(1, 5)):
            market = rng.choice(list(ZONES))
            start = s.local(market, rng.randint(-3, 12), rng.choice([0, 5, 13, 23]))
            until: dt.datetime | None = None
            if rng.random() < 0.8:
                until = start + dt.timedelta(hours=rng.choice([0, 1, 11, 24, 30, 72, 200, -5]))
            s.window(title, market, start, until, season=season)
    for _ in range(rng.randint(1, 40)):
        s.signal(
            rng.choice([*titles, "unknown"]),
            rng.randint(-2, 14),
            float(rng.choice([0, 1, 2.5, 7, 1000, rng.random() * 100])),
            market=rng.choice(list(ZONES)),
        )
    return s


def _random_params(rng: random.Random) -> dict[str, object]:
    start = rng.choice(["first", day(-1), day(0), day(3), day(15)])
    end = rng.choice(["last", day(2), day(6), day(14), day(20)])
    if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
        start, end = end, start
    return {
        "start": start,
        "end": end,
        "markets": rng.choice([None, "US", "KR,ZZ", "GB"]),
        "signal_weights": rng.choice(["catalog", "pageviews:1,social:3"]),
    }


@pytest.mark.parametrize("seed", range(12))  # 48 parameter sets; a review ran 1,010 more
def test_demand_multiple_and_percentile_equal_the_plain_definition(seed: int) -> None:
    rng = random.Random(seed)
    s = _random_store(rng)
    t = CanonicalTables()
    for _ in range(4):
        params = _random_params(rng)
        multiple = prepare("demand_multiple", params)
        _close(
            s.run(multiple.expr),
            s.run(plain_multiple(t, multiple.resolved)),
            ("title", "market"),
        )
        percentile = prepare("demand_percentile", params)
        period = daily_points(t, percentile.resolved, given_date(percentile.resolved, "start"))
        got = s.run(members(t, percentile.resolved, period.days))
        want = s.run(plain_members(t, percentile.resolved))
        assert sorted((r["title"], r["market"]) for r in got) == sorted(
            (r["title"], r["market"]) for r in want
        )
        # and the metric itself: its rows against the plain set are those of the set's members
        _close(
            s.run(percentile.expr), _plain_percentile(s, percentile.resolved), ("title", "market")
        )


def _plain_percentile(s: Store, p: Any) -> list[dict[str, Any]]:
    """demand_percentile by hand in Python from the plain set and the titles' points."""
    t = CanonicalTables()
    period = daily_points(t, p, given_date(p, "start"))
    totals = {(r["title"], r["market"]): r for r in s.run(title_totals(t, period))}
    inside = {(r["title"], r["market"]) for r in s.run(plain_members(t, p))}
    rows = []
    for (title, market), row in totals.items():
        points = {k[0]: 0.0 for k in inside if k[1] == market}
        points.update(
            {k[0]: v["points"] for k, v in totals.items() if k in inside and k[1] == market}
        )
        mine = row["points"]
        below = sum(1 for v in points.values() if v < mine)
        size = len(points)
        rows.append(
            {
                "title": title,
                "market": market,
                "value": 100.0 * below / size if size else None,
                "demand": row["demand"],
                "below": below,
                "titles": size,
            }
        )
    return rows


@pytest.mark.parametrize("seed", range(8))
def test_demand_multiples_of_periods_equal_each_period_alone(seed: int) -> None:
    rng = random.Random(1000 + seed)
    s = _random_store(rng)
    t = CanonicalTables()
    periods = []
    for _ in range(rng.randint(1, 5)):
        first, last = sorted((day(rng.randint(-2, 15)), day(rng.randint(-2, 15))))
        periods.append((first, last))
    shared = {"markets": rng.choice([None, "US", "KR,ZZ"])}
    together = s.run(demand_multiples(t, prepare("demand_multiple", shared).resolved, periods))
    for k, (first, last) in enumerate(periods):
        alone = prepare("demand_multiple", {**shared, "start": first, "end": last}).resolved
        mine = [{c: v for c, v in r.items() if c != "period"} for r in together if r["period"] == k]
        _close(mine, s.run(plain_multiple(t, alone)), ("title", "market"))
