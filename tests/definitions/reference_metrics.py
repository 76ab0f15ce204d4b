"""A plain-Python reference implementation of the viewing metrics, straight from METRICS.md.

Written independently of the Ibis expressions, loop by loop, over plain rows. The property
tests generate small worlds and check that every engine gives these numbers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from viewing_world import World

Row = dict[str, Any]
HOUR = 3600.0


@dataclasses.dataclass
class Season:
    title: str
    season: int
    runtimes: list[float]
    launches: dict[str, dt.datetime]

    @property
    def key(self) -> tuple[str, int]:
        return (self.title, self.season)


@dataclasses.dataclass
class Session:
    row_id: str
    account: str | None
    profile: str | None
    person: str | None
    title: str
    season: int
    episode: int
    start: dt.datetime
    seconds: float
    device: str
    market: str


@dataclasses.dataclass
class Member:
    panel: str
    unit: str
    unit_id: str
    weight: float
    age: int | None


@dataclasses.dataclass
class Data:
    seasons: list[Season]
    sessions: list[Session]
    members: list[Member]

    def world(self) -> World:
        w = World()
        for s in self.seasons:
            w.season(s.title, s.season, runtimes=s.runtimes, launches=s.launches)
        for v in self.sessions:
            w.view(
                v.account,
                v.title,
                v.season,
                v.episode,
                v.start,
                v.seconds,
                device=v.device,
                market=v.market,
                profile=v.profile,
                person=v.person,
                row_id=v.row_id,
            )
        for m in self.members:
            w.member(m.panel, m.unit_id, m.weight, unit=m.unit, age=m.age)
        return w


@dataclasses.dataclass
class Counted:
    """A session that counts, with its unit, weight and the L it is measured from."""

    s: Session
    unit: str
    weight: float
    launch: dt.datetime


class Reference:
    """The metrics of one world under one set of (echoed, JSON-form) parameters."""

    def __init__(self, data: Data, p: Mapping[str, Any]) -> None:
        self.data = data
        self.p = p
        self.seasons = {s.key: s for s in data.seasons}

    # --- shared rules -----------------------------------------------------------------

    def launch(self, key: tuple[str, int], market: str) -> dt.datetime | None:
        season = self.seasons[key]
        if self.p["anchor"] == "global":
            return min(season.launches.values())
        return season.launches.get(market)

    def eligible(self) -> list[tuple[Session, str, float]]:
        """Sessions of the selected devices and markets, with a unit id, in the panel."""
        p = self.p
        members = {
            m.unit_id: m
            for m in self.data.members
            if p["panel"] is not None and m.panel == p["panel"] and m.unit == p["unit"]
        }
        out = []
        for s in self.data.sessions:
            unit = getattr(s, p["unit"])
            if not unit:
                continue
            if p["devices"] is not None and s.device not in p["devices"]:
                continue
            if p["markets"] is not None and s.market not in p["markets"]:
                continue
            weight = 1.0
            if p["panel"] is not None:
                member = members.get(unit)
                if member is None:
                    continue
                ages = p.get("ages")
                if ages is not None:
                    low, _, high = ages.partition("-")
                    low = low.rstrip("+")
                    if member.age is None or member.age < int(low):
                        continue
                    if high and member.age > int(high):
                        continue
                weight = member.weight
            out.append((s, unit, weight))
        return out

    def launched(self) -> list[Counted]:
        """Eligible sessions from the launch of their season in their market on."""
        out = []
        for s, unit, weight in self.eligible():
            launch = self.launch((s.title, s.season), s.market)
            if launch is not None and s.start >= launch:
                out.append(Counted(s, unit, weight, launch))
        return out

    @functools.cached_property
    def unit_markets(self) -> dict[tuple[str, int, str], str]:
        first: dict[tuple[str, int, str], tuple[dt.datetime, str]] = {}
        for c in self.launched():
            key = (c.s.title, c.s.season, c.unit)
            candidate = (c.s.start, c.s.market)
            if key not in first or candidate < first[key]:
                first[key] = candidate
        return {key: market for key, (_, market) in first.items()}

    def session_window(self, hours: float) -> list[Counted]:
        end = dt.timedelta(hours=hours)
        return [c for c in self.launched() if c.s.start < c.launch + end]

    def unit_window(self, hours: float) -> list[Counted]:
        markets = self.unit_markets
        end = dt.timedelta(hours=hours)
        out = []
        for c in self.launched():
            market = markets[(c.s.title, c.s.season, c.unit)]
            launch = self.launch((c.s.title, c.s.season), market)
            assert launch is not None
            if launch <= c.s.start < launch + end:
                out.append(Counted(c.s, c.unit, c.weight, launch))
        return out

    def key(self, c: Counted) -> tuple[Any, ...]:
        if self.p.get("by_market"):
            return (c.s.title, c.s.season, self.unit_markets[(c.s.title, c.s.season, c.unit)])
        return (c.s.title, c.s.season)

    def row_keys(self, counted: Iterable[Counted]) -> list[tuple[Any, ...]]:
        if self.p.get("by_market"):
            return sorted({self.key(c) for c in counted})
        return sorted(self.seasons)

    def id_names(self) -> list[str]:
        return ["title", "season", "market"] if self.p.get("by_market") else ["title", "season"]

    def rows(self, keys: Iterable[tuple[Any, ...]], **columns: Mapping[Any, Any]) -> list[Row]:
        names = self.id_names()
        out = []
        for key in keys:
            row: Row = dict(zip(names, key, strict=False))
            for name, values in columns.items():
                row[name] = values.get(key)
            out.append(row)
        return out

    # --- audience ---------------------------------------------------------------------

    def viewers(self, counted: list[Counted], extra: Any = None) -> dict[Any, dict[str, float]]:
        """Viewing units (unit -> weight) per group; ``extra`` adds a period to the group."""
        seconds: dict[tuple[Any, ...], float] = defaultdict(float)
        weights = {}
        for c in counted:
            group = self.key(c) + ((extra(c),) if extra else ())
            seconds[(group, c.unit, c.s.episode)] += c.s.seconds
            weights[c.unit] = c.weight
        out: dict[Any, dict[str, float]] = defaultdict(dict)
        for (group, unit, _), total in seconds.items():
            if total >= self.p["min_seconds"]:
                out[group][unit] = weights[unit]
        return out

    def reach(self) -> list[Row]:
        counted = self.session_window(24 * self.p["window_days"])
        viewers = self.viewers(counted)
        keys = self.row_keys(counted)
        value = {k: sum(viewers.get(k, {}).values()) for k in keys}
        units = {k: len(viewers.get(k, {})) for k in keys}
        return self.rows(keys, value=value, units=units)

    def periodic(self, period: str, hours: int, count: int) -> list[Row]:
        counted = self.session_window(hours * count)

        def bucket(c: Counted) -> int:
            return math.floor((c.s.start - c.launch).total_seconds() / (hours * HOUR)) + 1

        viewers = self.viewers(counted, bucket)
        out = []
        for key in self.row_keys(counted):
            for k in range(1, count + 1):
                units = viewers.get((*key, k), {})
                row = self.rows([key])[0]
                row.update({period: k, "value": sum(units.values()), "units": len(units)})
                out.append(row)
        return out

    def daily_reach(self) -> list[Row]:
        return self.periodic("day", 24, self.p["days"])

    def weekly_reach(self) -> list[Row]:
        rows = self.periodic("week", 168, self.p["weeks"])
        for previous, row in zip([None, *rows], rows, strict=False):
            same = previous is not None and all(previous[n] == row[n] for n in self.id_names())
            if not same or previous is None or previous["value"] == 0:
                row["wow_change"] = None
            else:
                row["wow_change"] = row["value"] / previous["value"] - 1
        return rows

    def active(self, hours: float) -> dict[tuple[str, int], float]:
        end = dt.timedelta(hours=hours)
        units: dict[tuple[str, int], dict[str, float]] = defaultdict(dict)
        for s, unit, weight in self.eligible():
            for key in self.seasons:
                launch = self.launch(key, s.market)
                if launch is not None and launch <= s.start < launch + end:
                    units[key][unit] = weight
        return {key: sum(units[key].values()) for key in self.seasons}

    def reach_index(self) -> list[Row]:
        reach = {(r["title"], r["season"]): r["value"] for r in self.reach()}
        title, _, season = self.p["reference"].partition(":")
        ref = (title, int(season))
        shares = dict(reach)
        active: dict[tuple[str, int], Any] = dict.fromkeys(self.seasons)
        if self.p["normalization"] == "share_of_active":
            active = self.active(24 * self.p["window_days"])
            shares = {k: _ratio(reach[k], active[k]) for k in self.seasons}
        out = []
        for key in sorted(self.seasons):
            ratio = _ratio(shares[key], shares[ref])
            out.append(
                {
                    "title": key[0],
                    "season": key[1],
                    "value": None if ratio is None else 100 * ratio,
                    "reach": reach[key],
                    "reference_reach": reach[ref],
                    "active": active[key],
                    "reference_active": active[ref],
                }
            )
        return out

    # --- attention --------------------------------------------------------------------

    def hours_viewed(self) -> list[Row]:
        counted = self.session_window(24 * self.p["window_days"])
        value: dict[Any, float] = defaultdict(float)
        units: dict[Any, set[str]] = defaultdict(set)
        for c in counted:
            value[self.key(c)] += c.weight * c.s.seconds / HOUR
            units[self.key(c)].add(c.unit)
        keys = self.row_keys(counted)
        return self.rows(
            keys, value={k: value.get(k, 0.0) for k in keys}, units={k: len(units[k]) for k in keys}
        )

    def views(self) -> list[Row]:
        out = []
        for row in self.hours_viewed():
            runtime = sum(self.seasons[(row["title"], row["season"])].runtimes) / HOUR
            hours = row.pop("value")
            row.pop("units")
            row.update(value=_ratio(hours, runtime), hours_viewed=hours, runtime_hours=runtime)
            out.append(row)
        return out

    def average_minute_audience(self) -> list[Row]:
        counted = self.session_window(24 * self.p["window_days"])
        seconds: dict[Any, float] = defaultdict(float)
        weights = {}
        for c in counted:
            seconds[(self.key(c), c.s.episode, c.unit)] += c.s.seconds
            weights[c.unit] = c.weight
        value: dict[Any, float] = defaultdict(float)
        units: dict[Any, int] = defaultdict(int)
        for (key, episode, unit), total in seconds.items():
            runtime = self.seasons[key[:2]].runtimes[episode - 1]
            value[(key, episode)] += weights[unit] * min(runtime, total) / runtime
            units[(key, episode)] += 1
        out = []
        for key in self.row_keys(counted):
            for episode in range(1, len(self.seasons[key[:2]].runtimes) + 1):
                row = self.rows([key])[0]
                row.update(
                    episode=episode,
                    value=value.get((key, episode), 0.0),
                    units=units.get((key, episode), 0),
                )
                out.append(row)
        return out

    # --- completion -------------------------------------------------------------------

    def completions(self, hours: float) -> tuple[list[Counted], dict[Any, dict[str, Any]]]:
        """Per (group, unit): weight and {episode: hours from L to its completion}."""
        counted = self.unit_window(hours)
        by_episode: dict[Any, list[Counted]] = defaultdict(list)
        for c in counted:
            by_episode[(self.key(c), c.unit, c.s.episode)].append(c)
        done: dict[Any, dict[str, Any]] = {}
        for (key, unit, episode), sessions in by_episode.items():
            runtime = self.seasons[key[:2]].runtimes[episode - 1]
            total = 0.0
            for c in sorted(sessions, key=lambda c: (c.s.start, c.s.seconds)):
                total += c.s.seconds
                if total >= self.p["completion"] * runtime:
                    end = (c.s.start - c.launch).total_seconds() + c.s.seconds
                    if end < hours * HOUR:
                        entry = done.setdefault((key, unit), {"weight": c.weight, "episodes": {}})
                        entry["episodes"][episode] = end / HOUR
                    break
        return counted, done

    def episode_funnel(self) -> list[Row]:
        counted, done = self.completions(24 * self.p["window_days"])
        value: dict[Any, float] = defaultdict(float)
        for (key, _), entry in done.items():
            for episode in entry["episodes"]:
                value[(key, episode)] += entry["weight"]
        seconds: dict[Any, float] = defaultdict(float)
        weights = {}
        for c in counted:
            seconds[(self.key(c), c.s.episode, c.unit)] += c.s.seconds
            weights[c.unit] = c.weight
        started: dict[Any, float] = defaultdict(float)
        for (key, episode, unit), total in seconds.items():
            if total >= self.p["min_seconds"]:
                started[(key, episode)] += weights[unit]
        out = []
        for key in self.row_keys(counted):
            for episode in range(1, len(self.seasons[key[:2]].runtimes) + 1):
                row = self.rows([key])[0]
                row.update(
                    episode=episode,
                    value=value.get((key, episode), 0.0),
                    started=started.get((key, episode), 0.0),
                )
                out.append(row)
        return out

    def episode_progress(self) -> list[Row]:
        counted, done = self.completions(24 * self.p["window_days"])
        seconds: dict[Any, float] = defaultdict(float)
        for c in counted:
            seconds[(self.key(c), c.unit, c.s.episode)] += c.s.seconds
        out = []
        for (key, unit, episode), total in sorted(seconds.items()):
            runtime = self.seasons[key[:2]].runtimes[episode - 1]
            completed = done.get((key, unit), {}).get("episodes", {}).get(episode)
            row = self.rows([key])[0]
            row.update(
                unit_id=unit,
                episode=episode,
                value=total / runtime,
                seconds=total,
                completed_hours=completed,
            )
            out.append(row)
        return out

    def _units(self, counted: list[Counted], chosen: dict[Any, float]) -> list[Row]:
        keys = self.row_keys(counted)
        value: dict[Any, float] = defaultdict(float)
        units: dict[Any, int] = defaultdict(int)
        for (key, _), weight in chosen.items():
            value[key] += weight
            units[key] += 1
        return self.rows(
            keys,
            value={k: value.get(k, 0.0) for k in keys},
            units={k: units.get(k, 0) for k in keys},
        )

    def completers(self) -> list[Row]:
        counted, done = self.completions(24 * self.p["window_days"])
        chosen = {}
        for (key, unit), entry in done.items():
            runtimes = self.seasons[key[:2]].runtimes
            completed = sum(runtimes[e - 1] for e in entry["episodes"])
            if completed >= self.p["season_share"] * sum(runtimes):
                chosen[(key, unit)] = entry["weight"]
        return self._units(counted, chosen)

    def _whole(self, done: dict[Any, dict[str, Any]]) -> dict[Any, dict[str, Any]]:
        return {
            k: e
            for k, e in done.items()
            if len(e["episodes"]) == len(self.seasons[k[0][:2]].runtimes)
        }

    def binge_racers(self) -> list[Row]:
        counted, done = self.completions(self.p["window_hours"])
        chosen = {k: e["weight"] for k, e in self._whole(done).items()}
        return self._units(counted, chosen)

    def binge_race(self) -> list[Row]:
        # By definition: binge_racers with window_hours = h, for each h, computed alone.
        out = []
        for hours in self.p["window_hours"]:
            single = Reference(self.data, {**self.p, "window_hours": hours}).binge_racers()
            out += [{**_with_hours(row, hours)} for row in single]
        names = self.id_names()
        return sorted(out, key=lambda row: (*(row[n] for n in names), row["hours"]))

    def time_to_complete(self) -> list[Row]:
        counted, done = self.completions(24 * self.p["window_days"])
        groups: dict[Any, list[tuple[float, str, float]]] = defaultdict(list)
        for (key, unit), entry in self._whole(done).items():
            groups[key].append((max(entry["episodes"].values()), unit, entry["weight"]))
        out = []
        for key in self.row_keys(counted):
            row = self.rows([key])[0]
            points = sorted(groups.get(key, []))
            p10, p50, p90 = (_percentile(points, q) for q in (0.1, 0.5, 0.9))
            row.update(value=p50, p10=p10, p50=p50, p90=p90, units=len(points))
            out.append(row)
        return out

    # --- ranking ----------------------------------------------------------------------

    def rank(self) -> list[Row]:
        inner = getattr(self, self.p["metric"])()
        groups: dict[Any, list[Row]] = defaultdict(list)
        for row in inner:
            groups[row.get("market")].append(row)
        out = []
        for rows in groups.values():
            for row in rows:
                value = row["value"]
                higher = sum(
                    1
                    for r in rows
                    if r["value"] is not None and value is not None and r["value"] > value
                )
                ranked = {n: row[n] for n in self.id_names()}
                ranked.update(value=value, rank=None if value is None else higher + 1)
                out.append(ranked)
        return sorted(
            out,
            key=lambda r: (
                r.get("market", ""),
                r["rank"] is None,
                r["rank"] or 0,
                r["title"],
                r["season"],
            ),
        )


def _ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return a / b


def _percentile(points: list[tuple[float, str, float]], q: float) -> float | None:
    """Weighted percentile by the midpoint rule (Hazen's rule with equal weights)."""
    if not points:
        return None
    total = sum(w for _, _, w in points)
    positions = []
    running = 0.0
    for value, _, weight in points:
        running += weight
        positions.append(((running - weight / 2) / total, value))
    if q < positions[0][0]:
        return positions[0][1]
    for (here, x), (after, y) in itertools.pairwise(positions):
        if here <= q < after:
            return x + (q - here) / (after - here) * (y - x)
    return positions[-1][1]


def reference(metric: str, data: Data, params: Mapping[str, Any]) -> list[Row]:
    """The rows of ``metric`` on ``data``, given the result's echoed parameters."""
    return getattr(Reference(data, params), metric)()  # type: ignore[no-any-return]


def _with_hours(row: Row, hours: int) -> Row:
    """A binge_racers row as a binge_race row: ``hours`` after the season's keys."""
    keys = {k: v for k, v in row.items() if k in ("title", "season", "market")}
    rest = {k: v for k, v in row.items() if k not in keys}
    return {**keys, "hours": hours, **rest}
