"""Hand-written Polars lazy queries over ``scan_parquet``, the same definitions as the SQL.

Counts come out of Polars as UInt32 (``len``, ``n_unique``); they are cast to Int64 before
any arithmetic (research/stack.md §5: a UInt32 difference wraps around silently).
"""

from __future__ import annotations

from typing import Any

from benchmarks.world import (
    AMA_DAYS,
    BINGE_HOURS,
    COMPLETION,
    DAY_US,
    HOUR_US,
    MIN_SECONDS,
    REACH_DAYS,
    WEEKS,
    World,
)

__all__ = ["close", "run", "setup"]

SEASON = ["title", "season"]


def setup(world: World, variant: str) -> dict[str, Any]:
    """Import Polars (untimed)."""
    import polars as pl

    return {"pl": pl, "world": world}


def _viewing(pl: Any, world: World) -> Any:
    v = pl.scan_parquet(world.sessions_glob)
    unit = pl.col("account_id")
    return v.filter(unit.is_not_null() & (unit != "")).select(
        "title",
        "season",
        "episode",
        "market",
        unit=unit,
        t_us=pl.col("started_at").dt.epoch("us"),
        secs=pl.col("seconds_watched"),
    )


def _launches(pl: Any, world: World) -> Any:
    launches = pl.scan_parquet(world.table("launches"))
    return launches.select("title", "season", "market", l_us=pl.col("launch_at").dt.epoch("us"))


def _launched(pl: Any, world: World) -> Any:
    seasons = pl.scan_parquet(world.table("seasons"))
    return seasons.filter(pl.col("launch_at").is_not_null()).select("title", "season", "episodes")


def _windowed(pl: Any, world: World, window_us: int) -> Any:
    """Sessions in [L(s, session market), L + window), with ``l_us``."""
    s = _viewing(pl, world).join(_launches(pl, world), on=["title", "season", "market"])
    t = pl.col("t_us")
    return s.filter((t >= pl.col("l_us")) & (t < pl.col("l_us") + window_us))


def _binge_racers(pl: Any, world: World) -> Any:
    window = BINGE_HOURS * HOUR_US
    lw = _launches(pl, world).with_columns(horizon=pl.col("l_us").max().over(SEASON) + window)
    t = pl.col("t_us")
    s = _viewing(pl, world).join(lw, on=["title", "season", "market"])
    s = s.filter((t >= pl.col("l_us")) & (t < pl.col("horizon")))
    u = s.group_by([*SEASON, "unit"]).agg(ul_us=pl.col("l_us").sort_by(["t_us", "market"]).first())
    w = s.join(u, on=[*SEASON, "unit"]).filter(
        (t >= pl.col("ul_us")) & (t < pl.col("ul_us") + window)
    )
    episodes = pl.scan_parquet(world.table("episodes")).select(*SEASON, "episode", "runtime_s")
    c = w.join(episodes, on=[*SEASON, "episode"]).with_columns(
        through=pl.col("secs").cum_sum().over([*SEASON, "unit", "episode"], order_by="t_us"),
        end_us=t - pl.col("ul_us") + pl.col("secs") * 1_000_000,
    )
    done = (
        c.filter(pl.col("through") >= pl.col("runtime_s") * COMPLETION)
        .group_by([*SEASON, "unit", "episode"])
        .agg(completed_us=pl.col("end_us").sort_by("t_us").first())
    )
    per_unit = (
        done.filter(pl.col("completed_us") < window).group_by([*SEASON, "unit"]).agg(n=pl.len())
    )
    launched = _launched(pl, world)
    racers = (
        per_unit.join(launched, on=SEASON)
        .filter(pl.col("n") == pl.col("episodes"))
        .group_by(SEASON)
        .agg(units=pl.len().cast(pl.Int64))
    )
    out = launched.select(SEASON).join(racers, on=SEASON, how="left")
    units = pl.col("units").fill_null(0)
    return out.select(*SEASON, value=units.cast(pl.Float64), units=units)


def _viewers(pl: Any, s: Any, keys: list[str]) -> Any:
    per_episode = s.group_by([*keys, "unit", "episode"]).agg(secs=pl.col("secs").sum())
    return per_episode.filter(pl.col("secs") >= MIN_SECONDS)


def _weekly_reach(pl: Any, world: World) -> Any:
    week_us = 7 * DAY_US
    s = _windowed(pl, world, WEEKS * week_us).with_columns(
        week=(pl.col("t_us") - pl.col("l_us")) // week_us + 1
    )
    keys = [*SEASON, "week"]
    r = _viewers(pl, s, keys).group_by(keys).agg(units=pl.col("unit").n_unique().cast(pl.Int64))
    weeks = pl.LazyFrame({"week": list(range(1, WEEKS + 1))}, schema={"week": pl.Int64})
    grid = _launched(pl, world).select(SEASON).join(weeks, how="cross")
    g = grid.join(r, on=keys, how="left").with_columns(units=pl.col("units").fill_null(0))
    g = g.with_columns(value=pl.col("units").cast(pl.Float64))
    previous = pl.col("value").shift(1).over(SEASON, order_by="week")
    wow = pl.col("value") / pl.when(previous != 0).then(previous) - 1
    return g.select(*keys, "value", "units", wow_change=wow)


def _average_minute_audience(pl: Any, world: World) -> Any:
    keys = [*SEASON, "episode"]
    p = (
        _windowed(pl, world, AMA_DAYS * DAY_US)
        .group_by([*keys, "unit"])
        .agg(watched=pl.col("secs").sum())
    )
    episodes = pl.scan_parquet(world.table("episodes")).select(*keys, "runtime_s")
    runtime = pl.col("runtime_s")
    credited = pl.when(runtime != 0).then(pl.min_horizontal(runtime, pl.col("watched")) / runtime)
    f = (
        p.join(episodes, on=keys)
        .group_by(keys)
        .agg(value=credited.sum(), units=pl.len().cast(pl.Int64))
    )
    rows = episodes.join(_launched(pl, world).select(SEASON), on=SEASON).select(keys)
    out = rows.join(f, on=keys, how="left")
    return out.select(
        *keys, value=pl.col("value").fill_null(0.0), units=pl.col("units").fill_null(0)
    )


def _reach_index(pl: Any, world: World) -> Any:
    title, season = world.reference
    viewers = _viewers(pl, _windowed(pl, world, REACH_DAYS * DAY_US), SEASON)
    r = viewers.group_by(SEASON).agg(units=pl.col("unit").n_unique().cast(pl.Int64))
    rs = _launched(pl, world).select(SEASON).join(r, on=SEASON, how="left")
    rs = rs.select(*SEASON, reach=pl.col("units").fill_null(0).cast(pl.Float64))
    is_reference = (pl.col("title") == title) & (pl.col("season") == season)
    ref = rs.filter(is_reference).select(reference_reach=pl.col("reach").max())
    out = rs.join(ref, how="cross")
    reference = pl.col("reference_reach")
    return out.select(
        *SEASON,
        value=100 * pl.col("reach") / pl.when(reference != 0).then(reference),
        reach="reach",
        reference_reach="reference_reach",
    )


QUERIES = {
    "binge_racers": _binge_racers,
    "weekly_reach": _weekly_reach,
    "average_minute_audience": _average_minute_audience,
    "reach_index": _reach_index,
}


def run(state: dict[str, Any], metric: str) -> Any:
    """Build the lazy query, collect it, return Arrow."""
    pl = state["pl"]
    return QUERIES[metric](pl, state["world"]).collect().to_arrow()


def close(state: dict[str, Any]) -> None:
    """Nothing to release."""
