"""Hand-written pandas: ``read_parquet`` of the needed columns, then merge and groupby."""

from __future__ import annotations

from pathlib import Path
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
    """Import pandas (untimed)."""
    import numpy as np
    import pandas as pd

    return {"pd": pd, "np": np, "world": world}


def _viewing(pd: Any, world: World) -> Any:
    columns = ["account_id", "title", "season", "episode", "started_at", "seconds_watched"]
    v = pd.read_parquet(Path(world.sessions_glob).parent, columns=[*columns, "market"])
    v = v[v["account_id"].notna() & (v["account_id"] != "")]
    return pd.DataFrame(
        {
            "title": v["title"],
            "season": v["season"],
            "episode": v["episode"],
            "market": v["market"],
            "unit": v["account_id"],
            "t_us": v["started_at"].astype("int64"),
            "secs": v["seconds_watched"],
        }
    )


def _launches(pd: Any, world: World) -> Any:
    launches = pd.read_parquet(world.table("launches"))
    launches["l_us"] = launches["launch_at"].astype("int64")
    return launches[["title", "season", "market", "l_us"]]


def _launched(pd: Any, world: World) -> Any:
    seasons = pd.read_parquet(world.table("seasons"))
    return seasons[seasons["launch_at"].notna()][["title", "season", "episodes"]]


def _windowed(pd: Any, world: World, window_us: int) -> Any:
    s = _viewing(pd, world).merge(_launches(pd, world), on=["title", "season", "market"])
    return s[(s["t_us"] >= s["l_us"]) & (s["t_us"] < s["l_us"] + window_us)]


def _binge_racers(pd: Any, world: World) -> Any:
    window = BINGE_HOURS * HOUR_US
    lw = _launches(pd, world)
    lw["horizon"] = lw.groupby(SEASON)["l_us"].transform("max") + window
    s = _viewing(pd, world).merge(lw, on=["title", "season", "market"])
    s = s[(s["t_us"] >= s["l_us"]) & (s["t_us"] < s["horizon"])]
    firsts = s.sort_values(["t_us", "market"]).drop_duplicates([*SEASON, "unit"])
    u = firsts[[*SEASON, "unit", "l_us"]].rename(columns={"l_us": "ul_us"})
    w = s.drop(columns=["market", "l_us", "horizon"]).merge(u, on=[*SEASON, "unit"])
    w = w[(w["t_us"] >= w["ul_us"]) & (w["t_us"] < w["ul_us"] + window)]
    episodes = pd.read_parquet(world.table("episodes"))[[*SEASON, "episode", "runtime_s"]]
    c = w.merge(episodes, on=[*SEASON, "episode"])
    group = [*SEASON, "unit", "episode"]
    c = c.sort_values([*group, "t_us"])
    c["through"] = c.groupby(group, sort=False)["secs"].cumsum()
    reached = c[c["through"] >= c["runtime_s"] * COMPLETION].drop_duplicates(group)
    end_us = reached["t_us"] - reached["ul_us"] + reached["secs"] * 1_000_000
    done = reached[end_us < window]
    per_unit = done.groupby([*SEASON, "unit"], as_index=False).size().rename(columns={"size": "n"})
    launched = _launched(pd, world)
    whole = per_unit.merge(launched, on=SEASON)
    racers = whole[whole["n"] == whole["episodes"]].groupby(SEASON, as_index=False).size()
    out = launched[SEASON].merge(racers.rename(columns={"size": "units"}), on=SEASON, how="left")
    out["units"] = out["units"].fillna(0).astype("int64")
    out["value"] = out["units"].astype("float64")
    return out[[*SEASON, "value", "units"]]


def _viewers(s: Any, keys: list[str]) -> Any:
    per_episode = s.groupby([*keys, "unit", "episode"], as_index=False, observed=True)["secs"].sum()
    enough = per_episode[per_episode["secs"] >= MIN_SECONDS]
    return enough.groupby(keys, as_index=False)["unit"].nunique()


def _weekly_reach(pd: Any, world: World) -> Any:
    week_us = 7 * DAY_US
    s = _windowed(pd, world, WEEKS * week_us)
    s = s.assign(week=(s["t_us"] - s["l_us"]) // week_us + 1)
    keys = [*SEASON, "week"]
    r = _viewers(s, keys).rename(columns={"unit": "units"})
    grid = _launched(pd, world)[SEASON].merge(
        pd.DataFrame({"week": range(1, WEEKS + 1)}, dtype="int64"), how="cross"
    )
    g = grid.merge(r, on=keys, how="left").sort_values(keys)
    g["units"] = g["units"].fillna(0).astype("int64")
    g["value"] = g["units"].astype("float64")
    previous = g.groupby(SEASON)["value"].shift(1)
    g["wow_change"] = g["value"] / previous.where(previous != 0) - 1
    return g[[*keys, "value", "units", "wow_change"]]


def _average_minute_audience(pd: Any, world: World) -> Any:
    keys = [*SEASON, "episode"]
    s = _windowed(pd, world, AMA_DAYS * DAY_US)
    p = s.groupby([*keys, "unit"], as_index=False)["secs"].sum()
    episodes = pd.read_parquet(world.table("episodes"))[[*keys, "runtime_s"]]
    p = p.merge(episodes, on=keys)
    runtime = p["runtime_s"].where(p["runtime_s"] != 0)
    p["credited"] = p[["runtime_s", "secs"]].min(axis=1) / runtime
    f = p.groupby(keys, as_index=False).agg(value=("credited", "sum"), units=("unit", "size"))
    rows = episodes[keys].merge(_launched(pd, world)[SEASON], on=SEASON)
    out = rows.merge(f, on=keys, how="left")
    out["value"] = out["value"].fillna(0.0)
    out["units"] = out["units"].fillna(0).astype("int64")
    return out[[*keys, "value", "units"]]


def _reach_index(pd: Any, world: World) -> Any:
    title, season = world.reference
    r = _viewers(_windowed(pd, world, REACH_DAYS * DAY_US), SEASON)
    rs = _launched(pd, world)[SEASON].merge(r, on=SEASON, how="left")
    rs["reach"] = rs["unit"].fillna(0).astype("float64")
    is_reference = (rs["title"] == title) & (rs["season"] == season)
    reference = rs.loc[is_reference, "reach"].max() if is_reference.any() else float("nan")
    rs["reference_reach"] = reference
    rs["value"] = 100 * rs["reach"] / (reference if reference else float("nan"))
    return rs[[*SEASON, "value", "reach", "reference_reach"]]


QUERIES = {
    "binge_racers": _binge_racers,
    "weekly_reach": _weekly_reach,
    "average_minute_audience": _average_minute_audience,
    "reach_index": _reach_index,
}


def run(state: dict[str, Any], metric: str) -> Any:
    """Compute with pandas, return Arrow."""
    import pyarrow as pa

    frame = QUERIES[metric](state["pd"], state["world"])
    return pa.Table.from_pandas(frame, preserve_index=False)


def close(state: dict[str, Any]) -> None:
    """Nothing to release."""
