"""Measuring the demo world against the published figures, through the metric engine.

The engine computes every figure from the raw rows of the generated world; nothing here
feeds it a target. :data:`TARGETS` (audience, binge and TV) and :data:`DEMAND_TARGETS` are the
figures as published (see the seed article and ``research/metrics.md``), each with the
precision it was published at.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from showmeter.catalog import load_catalog
from showmeter.engines import compute
from showmeter.intake.load import ingest
from showmeter.simulate import demo_world, write_world
from showmeter.simulate.catalog_file import catalog_yaml
from showmeter.simulate.signals import signal_table
from showmeter.store import Store

JUMPSHOT = {"panel": "jumpshot", "devices": "desktop", "markets": "US"}
NIELSEN = {"panel": "nielsen", "unit": "person", "markets": "US", "devices": "tv"}
DEFENDERS = {"title": "the-defenders", "season": 1}


@dataclass(frozen=True)
class Target:
    """A published figure, and how it is shown (so what "reproduced" means)."""

    name: str
    published: float
    step: float  # the figure is reproduced when it rounds to `published` at this step

    def reproduced(self, value: float | None) -> bool:
        return value is not None and abs(value - self.published) <= self.step / 2


TARGETS = (
    Target("reach_index the-defenders", 17, 1),
    Target("reach_index iron-fist", 28, 1),
    Target("reach_index luke-cage", 27, 1),
    Target("reach_index jessica-jones", 26, 1),
    Target("weekly_reach wow week 2 (%)", -67, 1),
    Target("weekly_reach wow week 3 (%)", -48, 1),
    Target("weekly_reach wow week 4 (%)", -41, 1),
    Target("binge_racers rank global", 3, 0),
    Target("binge_racers rank KR", 1, 0),
    Target("binge_racers rank PH", 1, 0),
    Target("daily_reach day 1 (M persons)", 2.8, 0.1),
    Target("average_minute_audience ep 1, 7 days (M persons)", 6.1, 0.1),
    Target("average_minute_audience ep 1, 7 days, 18-49 (M persons)", 2.8, 0.1),
)

DEMAND_TARGETS = (
    Target("demand_rank original series US 2017-08-20..26", 1, 0),
    Target("demand_rank series US 2017-08-20..26", 4, 0),
    Target("demand_wow US week ending 2017-08-26 (%)", 24, 1),
    Target("demand_percentile US 2017-11-07..2018-11-08 (at least)", 99.9, 0),
    Target("demand_multiple ALL July 2021", 3.5, 0.1),
)
"""The demand figures: they depend on the catalog and the signals only, not on the sessions.

The percentile is a "top 0.1 %" claim: reproduced when at least 99.9 (see :func:`reproduced`).
"""

LAUNCH_WEEK = {"start": "2017-08-20", "end": "2017-08-26", "kind": "series", "markets": "US"}


def reproduced(target: Target, value: float | None) -> bool:
    """Whether a figure is reproduced: rounded as published, or at least a "top" threshold."""
    if "(at least)" in target.name:
        return value is not None and value >= target.published
    return target.reproduced(value)


def _value(metric: str, params: dict[str, Any], con: Any, **where: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = compute(metric, params, source=con, **where).rows
    return rows


def measure_store(con: Any) -> dict[str, float | None]:
    """Every figure of :data:`TARGETS`, computed by the engine from a store's rows."""
    found: dict[str, float | None] = {}
    for title in ("the-defenders", "iron-fist", "luke-cage", "jessica-jones"):
        [row] = _value(
            "reach_index", {**JUMPSHOT, "reference": "daredevil:2"}, con, title=title, season=1
        )
        found[f"reach_index {title}"] = row["value"]
    weeks = _value("weekly_reach", JUMPSHOT, con, **DEFENDERS)
    for row in weeks[1:4]:
        change = row["wow_change"]
        found[f"weekly_reach wow week {row['week']} (%)"] = None if change is None else 100 * change
    ranks = _value("rank", {"metric": "binge_racers"}, con)
    found["binge_racers rank global"] = next(
        r["rank"] for r in ranks if (r["title"], r["season"]) == ("the-defenders", 1)
    )
    by_market = _value("rank", {"metric": "binge_racers", "by_market": "true"}, con)
    for market in ("KR", "PH"):
        found[f"binge_racers rank {market}"] = next(
            (
                r["rank"]
                for r in by_market
                if (r["title"], r["season"], r["market"]) == ("the-defenders", 1, market)
            ),
            None,
        )
    [day1] = _value("daily_reach", {**NIELSEN, "days": 1}, con, **DEFENDERS)
    found["daily_reach day 1 (M persons)"] = day1["value"] / 1e6
    ama = _value("average_minute_audience", NIELSEN, con, **DEFENDERS)
    found["average_minute_audience ep 1, 7 days (M persons)"] = ama[0]["value"] / 1e6
    adults = _value("average_minute_audience", {**NIELSEN, "ages": "18-49"}, con, **DEFENDERS)
    found["average_minute_audience ep 1, 7 days, 18-49 (M persons)"] = adults[0]["value"] / 1e6
    return found


def measure_demand(con: Any) -> dict[str, float | None]:
    """Every figure of :data:`DEMAND_TARGETS`, computed by the engine from a store's rows."""
    where = {"title": "the-defenders"}

    def us(metric: str, params: dict[str, Any]) -> float | None:
        rows = _value(metric, params, con, **where)
        return next((r["value"] for r in rows if r["market"] == "US"), None)

    wow = us("demand_wow", {"end": "2017-08-26", "markets": "US"})
    multiple = _value("demand_multiple", {"start": "2021-07-01", "end": "2021-07-31"}, con, **where)
    return {
        "demand_rank original series US 2017-08-20..26": us(
            "demand_rank", {**LAUNCH_WEEK, "original": "true"}
        ),
        "demand_rank series US 2017-08-20..26": us("demand_rank", LAUNCH_WEEK),
        "demand_wow US week ending 2017-08-26 (%)": None if wow is None else 100 * wow,
        "demand_percentile US 2017-11-07..2018-11-08 (at least)": us(
            "demand_percentile", {"start": "2017-11-07", "end": "2018-11-08", "markets": "US"}
        ),
        "demand_multiple ALL July 2021": next(
            (r["value"] for r in multiple if r["market"] == "ALL"), None
        ),
    }


def measure(folder: Path) -> dict[str, float | None]:
    """Generate the demo world into ``folder``, ingest it in memory, and measure it."""
    written = write_world(demo_world(), folder)
    with Store() as store:
        ingest(store, load_catalog(written.catalog), written.inputs())
        return {**measure_store(store.connection), **measure_demand(store.connection)}


def measure_demand_only(folder: Path) -> dict[str, float | None]:
    """Write the demo's catalog and signals only (no sessions), ingest them, measure demand.

    The signals depend on the world and the seed only, so this gives the full demo's demand
    figures in seconds.
    """
    import pyarrow.parquet as pq

    world = demo_world()
    folder.mkdir(parents=True, exist_ok=True)
    catalog, signals = folder / "catalog.yaml", folder / "signals.parquet"
    catalog.write_text(catalog_yaml(world), encoding="utf-8")
    pq.write_table(signal_table(world, world.seed), signals)
    with Store() as store:
        ingest(store, load_catalog(catalog), [("signals", str(signals))])
        return measure_demand(store.connection)


def report(found: dict[str, float | None]) -> str:
    """One line per target: published, computed, and how far."""
    lines = []
    for target in (*TARGETS, *DEMAND_TARGETS):
        if target.name not in found:
            continue
        value = found[target.name]
        shown = "—" if value is None else f"{value:.4g}"
        gap = "" if value is None else f"{value - target.published:+.3g}"
        mark = "ok" if reproduced(target, value) else "off"
        lines.append(
            f"{mark:3} {target.name}: published {target.published:g}, computed {shown} ({gap})"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        print(report(measure(Path(sys.argv[1] if len(sys.argv) > 1 else folder))))
