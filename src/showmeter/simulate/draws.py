"""Random draws, from a stream or as a function of what they are about.

Two sources with one interface:

- :class:`StreamDraws` takes the next numbers of a numpy generator: the fastest, used for the
  members, whose figures are large counts.
- :class:`KeyedDraws` computes each number from a key (which viewer, season, episode,
  session) and a purpose, with the SplitMix64 mixer: a panel viewer's choices then depend on
  that viewer only. Changing one knob (one season's reach, one week's decay) changes only the
  draws it touches, so a small panel's figures move smoothly with the knobs, which is what
  calibration needs ("common random numbers").

Keys are ``uint64`` arrays; purposes are small integers, one per kind of choice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["Draws", "KeyedDraws", "StreamDraws", "keys"]

_GOLDEN = 0x9E3779B97F4A7C15
_MIX1 = 0xBF58476D1CE4E5B9
_MIX2 = 0x94D049BB133111EB


def keys(
    values: npt.NDArray[np.int64] | npt.NDArray[np.uint64],
    scale: int,
    offset: npt.NDArray[np.int64] | int = 0,
) -> npt.NDArray[np.uint64]:
    """Keys ``values × scale + offset`` as ``uint64`` (e.g. a slot's key from its engagement's)."""
    import numpy as np

    combined: npt.NDArray[np.uint64] = values.astype(np.uint64) * np.uint64(scale) + np.asarray(
        offset
    ).astype(np.uint64)
    return combined


class Draws:
    """A source of random numbers for arrays of keys (see the module docstring)."""

    def uniform(self, purpose: int, at: npt.NDArray[np.uint64]) -> npt.NDArray[np.float64]:
        """One uniform number in [0, 1) per key."""
        raise NotImplementedError

    def exponential(self, purpose: int, at: npt.NDArray[np.uint64]) -> npt.NDArray[np.float64]:
        """One standard exponential number per key."""
        import numpy as np

        drawn: npt.NDArray[np.float64] = -np.log1p(-self.uniform(purpose, at))
        return drawn

    def normal(self, purpose: int, at: npt.NDArray[np.uint64]) -> npt.NDArray[np.float64]:
        """One standard normal number per key (Box–Muller)."""
        import numpy as np

        radius = np.sqrt(-2.0 * np.log1p(-self.uniform(purpose, at)))
        drawn: npt.NDArray[np.float64] = radius * np.cos(2 * np.pi * self.uniform(purpose + 1, at))
        return drawn

    def poisson(self, lam: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
        """One Poisson count per mean (only a stream draws these)."""
        raise NotImplementedError


class StreamDraws(Draws):
    """The next numbers of a numpy generator, whatever the keys.

    Args:
        rng: The generator.
    """

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng

    def uniform(self, purpose: int, at: npt.NDArray[np.uint64]) -> npt.NDArray[np.float64]:
        """The next ``len(at)`` uniform numbers of the stream."""
        drawn: npt.NDArray[np.float64] = self.rng.random(len(at))
        return drawn

    def exponential(self, purpose: int, at: npt.NDArray[np.uint64]) -> npt.NDArray[np.float64]:
        """The next ``len(at)`` exponential numbers of the stream."""
        drawn: npt.NDArray[np.float64] = self.rng.standard_exponential(len(at))
        return drawn

    def normal(self, purpose: int, at: npt.NDArray[np.uint64]) -> npt.NDArray[np.float64]:
        """The next ``len(at)`` normal numbers of the stream."""
        drawn: npt.NDArray[np.float64] = self.rng.standard_normal(len(at))
        return drawn

    def poisson(self, lam: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
        """The next Poisson counts of the stream, one per mean."""
        drawn: npt.NDArray[np.int64] = self.rng.poisson(lam)
        return drawn


class KeyedDraws(Draws):
    """Numbers that are a function of the seed, the stream, the purpose and each key.

    Args:
        seed: The world's seed.
        stream: Which population (or other stream) the draws are for.
    """

    def __init__(self, seed: int, stream: int) -> None:
        self.base = _mix_int((seed * 1_000_003 + stream) & 0xFFFFFFFFFFFFFFFF)

    def uniform(self, purpose: int, at: npt.NDArray[np.uint64]) -> npt.NDArray[np.float64]:
        """A uniform number in [0, 1) per key, the same for the same key and purpose."""
        import numpy as np

        salt = np.uint64(_mix_int(self.base ^ (purpose * _GOLDEN & 0xFFFFFFFFFFFFFFFF)))
        mixed = _mix(at ^ salt)
        drawn: npt.NDArray[np.float64] = (mixed >> np.uint64(11)).astype(np.float64) * 2.0**-53
        return drawn


def _mix_int(value: int) -> int:
    """SplitMix64 of one integer."""
    mask = 0xFFFFFFFFFFFFFFFF
    z = (value + _GOLDEN) & mask
    z = ((z ^ (z >> 30)) * _MIX1) & mask
    z = ((z ^ (z >> 27)) * _MIX2) & mask
    return z ^ (z >> 31)


def _mix(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """SplitMix64 of each value (wrapping arithmetic on ``uint64``)."""
    import numpy as np

    z = values + np.uint64(_GOLDEN)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(_MIX1)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(_MIX2)
    mixed: npt.NDArray[np.uint64] = z ^ (z >> np.uint64(31))
    return mixed
