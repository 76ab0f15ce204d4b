"""The units of a population, block by block: their markets, profiles, devices and ages.

A population's units are numbered from 0 and drawn in blocks of :data:`BLOCK_UNITS`; block
*b* is drawn from its own random stream, so the panel table and the sessions, which both need
a unit's age or market, draw the same unit twice identically and independently.

A *viewer* is who starts seasons: a profile of an account (an account without profiles is its
own single viewer) or a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from showmeter.simulate.plan import PopulationPlan

__all__ = ["BLOCK_UNITS", "MAX_PROFILES", "UnitBlock", "block_rng", "unit_block"]

BLOCK_UNITS = 8192
"""Units per block."""

MAX_PROFILES = 5
"""Profiles an account may have at most."""

UNITS, VIEWING, DEMOGRAPHICS = 0, 1, 2
"""The purposes of a block's random streams."""


def block_rng(seed: int, population: int, block: int, purpose: int) -> np.random.Generator:
    """The random stream of one purpose of one block of one population."""
    import numpy as np

    return np.random.default_rng(np.random.SeedSequence([seed, population, block, purpose]))


@dataclass(frozen=True)
class UnitBlock:
    """One block of a population's units and their viewers.

    Attributes:
        first: The number of the block's first unit.
        units: Units in the block.
        market: Market index per unit.
        age: Age per unit (persons of a panel with age bands), else ``None``.
        band: Age band index per unit (as ``age``), else ``None``.
        viewer_unit: Unit index (within the block) per viewer.
        viewer_profile: Profile number per viewer (1..), 0 when the unit has no profiles.
        viewer_device: Own device index per viewer.
        viewer_affinity: Multiplier of the chance to start a season, per viewer.
    """

    first: int
    units: int
    market: npt.NDArray[np.int64]
    age: npt.NDArray[np.int64] | None
    band: npt.NDArray[np.int64] | None
    viewer_unit: npt.NDArray[np.int64]
    viewer_profile: npt.NDArray[np.int64]
    viewer_device: npt.NDArray[np.int64]
    viewer_affinity: npt.NDArray[np.float64]

    @property
    def viewers(self) -> int:
        """Viewers in the block."""
        return len(self.viewer_unit)


def unit_block(
    population: PopulationPlan, seed: int, block: int, units: int | None = None
) -> UnitBlock:
    """Draw block ``block`` of a population.

    Args:
        population: The population.
        seed: The world's seed.
        block: The block's number.
        units: Units in the block (the last block of a fixed population may be short).

    Returns:
        The block.
    """
    import numpy as np

    rng = block_rng(seed, population.index, block, UNITS)
    spec = population.spec
    count = BLOCK_UNITS if units is None else units
    market = rng.choice(len(population.market_p), size=count, p=population.market_p)
    age = band = None
    affinity = np.ones(count, dtype=np.float64)
    bands = spec.panel.ages if spec.panel is not None else ()
    if bands:
        shares = np.array([b.panel for b in bands], dtype=np.float64)
        band = rng.choice(len(bands), size=count, p=shares / shares.sum())
        low = np.array([b.low for b in bands])[band]
        high = np.array([b.high for b in bands])[band]
        age = low + np.floor(rng.random(count) * (high - low + 1)).astype(np.int64)
        affinity = np.array([b.affinity for b in bands], dtype=np.float64)[band]
    if spec.unit == "account" and spec.profiles > 0:
        profiles = 1 + np.minimum(rng.poisson(spec.profiles, count), MAX_PROFILES - 1)
        viewer_unit = np.repeat(np.arange(count), profiles)
        starts = np.cumsum(profiles) - profiles
        viewer_profile = np.arange(len(viewer_unit)) - np.repeat(starts, profiles) + 1
    else:
        viewer_unit = np.arange(count)
        viewer_profile = np.zeros(count, dtype=np.int64)
    device = rng.choice(len(population.device_p), size=len(viewer_unit), p=population.device_p)
    return UnitBlock(
        first=block * BLOCK_UNITS,
        units=count,
        market=market.astype(np.int64),
        age=age,
        band=None if band is None else band.astype(np.int64),
        viewer_unit=viewer_unit.astype(np.int64),
        viewer_profile=viewer_profile.astype(np.int64),
        viewer_device=device.astype(np.int64),
        viewer_affinity=affinity[viewer_unit],
    )
