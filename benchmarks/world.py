"""A prepared benchmark world: where its files are, and the parameters every implementation uses.

The definitions are those of METRICS.md with the *default* parameters of showmeter's metrics
(unit ``account``, ``anchor=market``, no device, market or panel filter, ``min_seconds``
120, ``completion`` 0.9); the only parameter chosen here is ``reach_index``'s required
``reference`` season, which every implementation receives the same.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

__all__ = [
    "AMA_DAYS",
    "BINGE_HOURS",
    "COMPARED",
    "COMPLETION",
    "DAY_US",
    "HOUR_US",
    "KEYS",
    "METRICS",
    "MIN_SECONDS",
    "REACH_DAYS",
    "WEEKS",
    "World",
    "showmeter_params",
]

METRICS = ("binge_racers", "weekly_reach", "average_minute_audience", "reach_index")
"""The metrics every implementation computes (``report`` is showmeter's only)."""

HOUR_US = 3_600_000_000
DAY_US = 24 * HOUR_US
MIN_SECONDS = 120.0
"""``min_seconds``: the seconds of one episode that make a unit a viewer."""
COMPLETION = 0.9
"""``completion``: the share of an episode's runtime that completes it."""
BINGE_HOURS = 24
"""``binge_racers.window_hours``."""
WEEKS = 4
"""``weekly_reach.weeks``."""
REACH_DAYS = 30
"""``reach_index.window_days``."""
AMA_DAYS = 7
"""``average_minute_audience.window_days``."""

KEYS: dict[str, tuple[str, ...]] = {
    "binge_racers": ("title", "season"),
    "weekly_reach": ("title", "season", "week"),
    "average_minute_audience": ("title", "season", "episode"),
    "reach_index": ("title", "season"),
}
"""The columns that identify a row of each metric."""

COMPARED: dict[str, dict[str, str]] = {
    "binge_racers": {"value": "float", "units": "int"},
    "weekly_reach": {"value": "float", "units": "int", "wow_change": "float"},
    "average_minute_audience": {"value": "float", "units": "int"},
    "reach_index": {"value": "float", "reach": "float", "reference_reach": "float"},
}
"""The figures compared between implementations, and whether each is an integer or a double."""


@dataclasses.dataclass(frozen=True)
class World:
    """A simulated world, its store and the catalog tables exported for the baselines.

    Attributes:
        sessions: Simulated viewing sessions in the world.
        seed: The simulation seed.
        root: The world's cache folder.
        reference: ``reach_index``'s reference season, ``(title, season)``.
        report_season: The season whose launch report is timed.
    """

    sessions: int
    seed: int
    root: str
    reference: tuple[str, int]
    report_season: tuple[str, int]

    @property
    def folder(self) -> Path:
        """The simulated files (``showmeter simulate`` output)."""
        return Path(self.root) / "world"

    @property
    def sessions_glob(self) -> str:
        """The sessions' Parquet files, as a glob."""
        return str(self.folder / "sessions" / "*.parquet")

    @property
    def catalog(self) -> str:
        """The catalog YAML."""
        return str(self.folder / "catalog.yaml")

    @property
    def store(self) -> str:
        """The ingested store (a DuckDB file)."""
        return str(Path(self.root) / "store.duckdb")

    def table(self, name: str) -> str:
        """A catalog table (``launches``, ``episodes``, ``seasons``) exported as Parquet."""
        return str(Path(self.root) / "catalog" / f"{name}.parquet")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form, for child processes."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> World:
        """The inverse of :meth:`to_dict`."""
        return cls(
            sessions=int(data["sessions"]),
            seed=int(data["seed"]),
            root=str(data["root"]),
            reference=(str(data["reference"][0]), int(data["reference"][1])),
            report_season=(str(data["report_season"][0]), int(data["report_season"][1])),
        )


def showmeter_params(metric: str, world: World) -> dict[str, object]:
    """The parameters given to showmeter: the defaults, plus reach_index's reference."""
    if metric == "reach_index":
        title, season = world.reference
        return {"reference": f"{title}:{season}"}
    return {}
