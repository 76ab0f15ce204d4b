"""The panels table: every unit of every panel, with its weight and demographics.

Weights are post-stratified: in a people panel, the weight of a person of age band *a* is
``projects_to × population share of a / persons of a in the panel``, so the weights of each
band sum to its share of the projected population, and all of them to ``projects_to``. A
panel of accounts weighs each account ``projects_to / accounts``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from showmeter.simulate.ids import text_ids
from showmeter.simulate.populations import BLOCK_UNITS, DEMOGRAPHICS, block_rng, unit_block

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

    from showmeter.simulate.plan import Plan, PopulationPlan

__all__ = ["panel_table"]

SEXES = ("F", "M")


def _weights(
    population: PopulationPlan, band: npt.NDArray[np.int64] | None, count: int
) -> npt.NDArray[np.float64]:
    import numpy as np

    panel = population.spec.panel
    if panel is None:  # pragma: no cover - only panels get here
        raise ValueError("not a panel")
    if band is None or not panel.ages:
        return np.full(count, panel.projects_to / count)
    shares = np.array([b.population for b in panel.ages], dtype=np.float64)
    shares = shares / shares.sum()
    present = np.bincount(band, minlength=len(shares)).astype(np.float64)
    shares = np.where(present > 0, shares, 0.0)
    per_band = panel.projects_to * shares / shares.sum() / np.maximum(present, 1.0)
    weights: npt.NDArray[np.float64] = per_band[band]
    return weights


def panel_table(plan: Plan, seed: int, sizes: dict[str, int]) -> pa.Table:
    """The units of every panel of the world.

    Args:
        plan: The world's arrays.
        seed: The world's seed (the units are the ones the sessions were drawn for).
        sizes: Population name -> units, for the fixed populations.

    Returns:
        A table ``panel, account_id, person_id, weight, age, sex, region``, one row per unit.
    """
    import numpy as np
    import pyarrow as pa

    parts = []
    for population in plan.populations:
        panel = population.spec.panel
        units = sizes.get(population.spec.name)
        if panel is None or units is None:
            continue
        blocks = [
            unit_block(population, seed, block, min(BLOCK_UNITS, units - block * BLOCK_UNITS))
            for block in range(math.ceil(units / BLOCK_UNITS))
        ]
        numbers = np.arange(units, dtype=np.int64)
        band = age = None
        if panel.ages:
            band = np.concatenate([b.band for b in blocks if b.band is not None])
            age = np.concatenate([b.age for b in blocks if b.age is not None])
        rng = block_rng(seed, population.index, 0, DEMOGRAPHICS)
        regions = list(panel.regions) or ["all"]
        region_p = np.array([panel.regions.get(r, 1.0) for r in regions], dtype=np.float64)
        region = rng.choice(len(regions), size=units, p=region_p / region_p.sum())
        ids = text_ids(f"{population.spec.name}-", numbers)
        nulls = pa.nulls(units, pa.string())
        is_person = population.spec.unit == "person"
        parts.append(
            pa.table(
                {
                    "panel": pa.array([panel.name] * units, pa.string()),
                    "account_id": nulls if is_person else ids,
                    "person_id": ids if is_person else nulls,
                    "weight": pa.array(_weights(population, band, units)),
                    "age": pa.array(age, pa.int32())
                    if age is not None
                    else pa.nulls(units, pa.int32()),
                    "sex": pa.array(np.array(SEXES)[rng.integers(0, 2, units)])
                    if is_person
                    else nulls,
                    "region": pa.array(regions, pa.string()).take(pa.array(region)),
                }
            )
        )
    if not parts:
        return pa.table(
            {
                "panel": pa.array([], pa.string()),
                "account_id": pa.array([], pa.string()),
                "person_id": pa.array([], pa.string()),
                "weight": pa.array([], pa.float64()),
            }
        )
    return pa.concat_tables(parts)
