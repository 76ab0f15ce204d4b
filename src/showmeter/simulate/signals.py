"""Daily demand signals per market and title: pageviews, searches, social, p2p...

The demand of a title on a day in a market, in weighted points per 100 people, is its
:class:`~showmeter.simulate.spec.Demand` curve (the highest of the curves of its seasons'
launches) × its market multiplier × a log-normal daily noise. Each signal carries its share
(``World.signal_mix``) of the day's weighted points, so ``value = share × points / weight``:
with the catalog's ``signal_weights`` the demand metric reads the curve back.

Signals exist for the days of ``World.signal_periods``, in ``World.signal_markets``, from
``buzz_days`` before a title's first launch on.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

    from showmeter.simulate.spec import Demand, World

__all__ = ["curve", "signal_table"]


def curve(demand: Demand, days: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The demand curve, relative to the peak, at ``days`` from one launch (negative before).

    Args:
        demand: The title's demand.
        days: Days from the launch.

    Returns:
        The level relative to the peak; 0 more than ``buzz_days`` before the launch.
    """
    import numpy as np

    before = demand.buzz * np.exp(np.minimum(days, 0.0) / max(demand.buzz_days / 3, 1e-9))
    rising = demand.buzz + (1.0 - demand.buzz) * np.clip(days / max(demand.peak_day, 1e-9), 0, 1)
    after = demand.floor + (1.0 - demand.floor) * 0.5 ** (
        np.maximum(days - demand.peak_day, 0.0) / demand.half_life_days
    )
    level = np.where(days < 0, before, np.where(days < demand.peak_day, rising, after))
    shaped: npt.NDArray[np.float64] = np.where(days < -demand.buzz_days, 0.0, level)
    return shaped


def _days(world: World) -> list[date]:
    days: set[date] = set()
    for first, last in world.signal_periods:
        days.update(first + timedelta(days=k) for k in range((last - first).days + 1))
    return sorted(days)


def signal_table(world: World, seed: int) -> pa.Table:
    """The demand signals of the world.

    Args:
        world: The world.
        seed: The seed.

    Returns:
        A table ``date, market, title, signal, value`` (value: a whole count).
    """
    import numpy as np
    import pyarrow as pa

    signals = list(world.signal_mix)
    share = np.array([world.signal_mix[s] for s in signals], dtype=np.float64)
    share = share / share.sum() if len(share) else share
    weight = np.array([world.signal_weights.get(s, 1.0) or 1.0 for s in signals])
    codes = list(world.signal_markets or [m.market for m in world.markets])
    population = np.array([world.market(c).population for c in codes], dtype=np.float64)
    days = _days(world)
    ordinal = np.array([d.toordinal() for d in days], dtype=np.float64)
    parts: list[pa.Table] = []
    for index, title in enumerate(world.titles):
        demand = title.demand
        if demand is None or not signals or not days:
            continue
        rng = np.random.default_rng(np.random.SeedSequence([seed, 11, index]))
        launches = [s.launch.date().toordinal() for s in title.seasons]
        level = np.max([curve(demand, ordinal - launch) for launch in launches], axis=0)
        bias = np.array([demand.markets.get(c, 1.0) for c in codes])
        noise = rng.lognormal(-(demand.noise**2) / 2, demand.noise, (len(days), len(codes)))
        points = demand.peak * level[:, None] * bias[None, :] * noise * population[None, :] / 100
        values = np.rint(points[:, :, None] * share[None, None, :] / weight[None, None, :])
        day_at, market_at, signal_at = np.nonzero(values > 0)
        if not len(day_at):
            continue
        parts.append(
            pa.table(
                {
                    "date": pa.array(np.array(days)[day_at], pa.date32()),
                    "market": pa.array(np.array(codes)[market_at]),
                    "title": pa.array(np.full(len(day_at), title.title)),
                    "signal": pa.array(np.array(signals)[signal_at]),
                    "value": pa.array(values[day_at, market_at, signal_at]),
                }
            )
        )
    if not parts:
        empty = {"date": pa.date32(), "market": pa.string(), "title": pa.string()}
        return pa.table(
            {
                k: pa.array([], t)
                for k, t in {**empty, "signal": pa.string(), "value": pa.float64()}.items()
            }
        )
    return pa.concat_tables(parts)
