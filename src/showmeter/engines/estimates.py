"""What a result says when a figure comes from estimated runtimes.

A drafted catalog (``showmeter catalog draft``) estimates the runtimes no export gives and
marks them ``runtime_origin: estimate``; the store keeps them in ``runtime_origins``. A
computation whose figures depend on runtimes then says so in its result's ``inputs``: one
more entry, ``{"runtime_estimates": {...}, "note": "runtimes estimated for 12 of 40
episodes ..."}``.

A figure depends on runtimes when its expression reads ``runtime_s`` (completion, binge
racers, views, AMA, the funnel...), or when it reads the seconds watched or positions of a
store whose viewing rows were themselves made from catalog runtimes (Trakt and
``NetflixViewingHistory.csv`` have no durations: their loads say so in their approximations).
The episodes counted are those of the seasons the computation measures (its season, its
title's seasons, or every season) and of the seasons its parameters name (``reference``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.engines.launch_check import fields_of
from showmeter.schema import SeasonKey
from showmeter.store import fetch

if TYPE_CHECKING:
    import duckdb

    from showmeter.engines.prepared import Prepared

__all__ = ["RuntimeEstimates"]


DERIVED_FROM_RUNTIME = "%catalog runtime%"
"""How the approximations of an adapter whose durations are the catalog runtime read (SQL
LIKE): ``seconds_watched = the episode's catalog runtime``."""


class RuntimeEstimates:
    """The estimated runtimes of a store, read once for the computations of one call.

    Args:
        con: The store's connection.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self._by_season: dict[SeasonKey, tuple[int, int]] | None = None
        self._derived: bool | None = None

    def by_season(self) -> dict[SeasonKey, tuple[int, int]]:
        """Season -> (episodes with an estimated runtime, episodes), for every season."""
        if self._by_season is None:
            rows = fetch(
                self.con,
                "SELECT e.title, e.season, count(o.origin), count(*) FROM episodes e "
                "LEFT JOIN runtime_origins o ON o.title = e.title AND o.season = e.season "
                "AND o.episode = e.episode AND o.origin = 'estimate' GROUP BY 1, 2",
            )
            self._by_season = {SeasonKey(str(t), int(s)): (int(n), int(m)) for t, s, n, m in rows}
        return self._by_season

    def _durations_from_runtime(self) -> bool:
        if self._derived is None:
            rows = fetch(
                self.con,
                "SELECT count(*) FROM loads WHERE kind = 'viewing' AND notes LIKE ?",
                DERIVED_FROM_RUNTIME,
            )
            self._derived = bool(rows and rows[0][0])
        return self._derived

    def depends(self, prepared: Prepared, fields: frozenset[str] | None = None) -> bool:
        """Whether a computation's figures depend on the catalog's runtimes.

        Args:
            prepared: The computation.
            fields: The columns its expression reads, when known without building it (from
                the cache of compiled SQL); None reads them from the expression.
        """
        read = fields if fields is not None else fields_of(prepared)
        if "runtime_s" in read:
            return True
        return bool(read & {"seconds_watched", "position_end_s"}) and (
            self._durations_from_runtime()
        )

    def entry(
        self, prepared: Prepared, fields: frozenset[str] | None = None
    ) -> dict[str, object] | None:
        """The ``inputs`` entry of a computation, or None when no runtime it uses is estimated.

        Returns:
            ``{"runtime_estimates": {"estimated": n, "episodes": m, "seasons": {"t:1":
            {"estimated": .., "episodes": ..}}}, "note": "..."}``, the seasons those with an
            estimate.
        """
        counts = self.by_season()
        if not any(estimated for estimated, _ in counts.values()):
            return None
        if not self.depends(prepared, fields):
            return None
        named = {value for _, value in prepared.resolved.items() if isinstance(value, SeasonKey)}
        measured = {
            key: count
            for key, count in counts.items()
            if key in named
            or (
                (prepared.title is None or key.title == prepared.title)
                and (prepared.season is None or key.season == prepared.season)
            )
        }
        estimated = sum(n for n, _ in measured.values())
        if not estimated:
            return None
        episodes = sum(m for _, m in measured.values())
        seasons = {
            str(key): {"estimated": n, "episodes": m}
            for key, (n, m) in sorted(measured.items(), key=lambda item: str(item[0]))
            if n
        }
        return {
            "runtime_estimates": {
                "estimated": estimated,
                "episodes": episodes,
                "seasons": seasons,
            },
            "note": f"runtimes estimated for {estimated} of {episodes} episodes (the "
            "catalog's runtime_origin: estimate): figures that use runtimes are approximate",
        }

    def inputs(
        self,
        prepared: Prepared,
        inputs: list[dict[str, object]] | None,
        fields: frozenset[str] | None = None,
    ) -> list[dict[str, object]]:
        """``inputs`` with the computation's entry appended when it has one."""
        entry = self.entry(prepared, fields)
        return [*(inputs or []), *([entry] if entry else [])]
