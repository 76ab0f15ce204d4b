"""Hand-written stores for metric tests: the canonical tables in an in-memory DuckDB."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping

import duckdb

from showmeter.engines import compute
from showmeter.results import Result
from showmeter.schema import DUCKDB_TABLES as TABLES

UTC = dt.UTC


def at(text: str | dt.datetime) -> dt.datetime:
    """An instant from ISO 8601 text such as ``2024-03-01T08:00Z``."""
    if isinstance(text, dt.datetime):
        return text
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def after(start: str | dt.datetime, **delta: float) -> dt.datetime:
    """``start`` plus a timedelta, e.g. ``after(L, hours=24)``."""
    return at(start) + dt.timedelta(**delta)


class World:
    """A store built row by row, with a helper to compute metrics on it."""

    def __init__(self) -> None:
        self.con = duckdb.connect()
        for name, columns in TABLES.items():
            self.con.execute(f"CREATE TABLE {name} ({columns})")
        self._ids = itertools.count(1)

    def season(
        self,
        title: str,
        season: int = 1,
        *,
        runtimes: Iterable[float] = (3000,),
        launches: Mapping[str, str | dt.datetime],
    ) -> None:
        """A season with episodes of these runtimes and one launch row per market."""
        runtimes = list(runtimes)
        instants = {market: at(when) for market, when in launches.items()}
        self.con.execute(
            "INSERT INTO seasons VALUES (?, ?, NULL, ?, ?, ?)",
            [title, season, len(runtimes), float(sum(runtimes)), min(instants.values())],
        )
        for episode, runtime in enumerate(runtimes, start=1):
            self.con.execute(
                "INSERT INTO episodes VALUES (?, ?, ?, NULL, ?, NULL)",
                [title, season, episode, float(runtime)],
            )
        for market, instant in instants.items():
            self.con.execute(
                "INSERT INTO launches VALUES (?, ?, ?, 'netflix', ?, true)",
                [title, season, market, instant],
            )

    def view(
        self,
        account: str | None,
        title: str,
        season: int,
        episode: int,
        start: str | dt.datetime,
        seconds: float,
        *,
        device: str = "tv",
        market: str = "US",
        profile: str | None = None,
        person: str | None = None,
        row_id: str | None = None,
    ) -> None:
        """One viewing session."""
        self.con.execute(
            "INSERT INTO viewing VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)",
            [
                row_id or f"r{next(self._ids):04d}",
                account,
                profile,
                person,
                title,
                season,
                episode,
                at(start),
                float(seconds),
                device,
                market,
            ],
        )

    def member(
        self,
        panel: str,
        unit_id: str,
        weight: float,
        *,
        unit: str = "account",
        age: int | None = None,
    ) -> None:
        """A unit of a panel."""
        self.con.execute(
            "INSERT INTO panels VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)",
            [f"p{next(self._ids):04d}", panel, unit, unit_id, float(weight), age],
        )

    def compute(
        self,
        metric: str,
        engine: str,
        /,
        *,
        title: str | None = None,
        season: int | None = None,
        **params: object,
    ) -> Result:
        """Compute a metric on this store."""
        return compute(metric, params, source=self.con, engine=engine, title=title, season=season)

    def rows(self, metric: str, engine: str, /, **params: object) -> list[dict[str, object]]:
        """The result's rows as dicts."""
        return self.compute(metric, engine, **params).rows

    def values(
        self, metric: str, engine: str, column: str = "value", /, **params: object
    ) -> dict[tuple[object, ...], object]:
        """One column of the result, keyed by the identifying columns of each row."""
        result = self.compute(metric, engine, **params)
        ids = [
            c
            for c in result.columns
            if c in ("title", "season", "market", "episode", "day", "week")
        ]
        return {tuple(row[c] for c in ids): row[column] for row in result.rows}
