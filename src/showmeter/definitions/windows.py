"""Launch-relative windows over the viewing sessions: the shared base of every viewing metric.

The rules of docs/contracts.md, as implemented here:

- L(s, m) is the launch of season *s* in market *m* (the ``launches`` table, already expanded
  per market); ``anchor=global`` uses ``seasons.launch_at``, the earliest launch, everywhere.
- A session counts only from the launch of the season in its own market on
  (``started_at >= L(s, session market)``): a session before that is ignored by every metric.
  Sessions in a market where the season has no launch row are ignored too.
- A window of *n* hours is ``[L, L + n h)``, written as interval comparisons on ``started_at``
  (never as a date difference), so that engines can prune sessions before anything else.
- ``devices`` and ``markets`` select the sessions first; everything else, including a unit's
  market, is then computed on the selected sessions only, as a device- or market-restricted
  panel would observe them.
- A unit's market is the market of its first session of the season from the launch on
  (ties broken by the smaller market code). Per-unit figures measure their window from the
  launch in that market; ``by_market`` groups every figure by it.
- ``panel=NAME`` keeps the units of that panel and of the unit kind in use, with their
  weights; without a panel every unit weighs 1.

Time offsets from L use integer microseconds since the epoch (``unix_micros``, which sqlglot
renders as ``EPOCH_US`` on DuckDB and ``UNIX_MICROS`` on Spark): exact, and cheap on both.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import TYPE_CHECKING, Any

from showmeter.definitions.exact_sums import weight_sum
from showmeter.definitions.params import UNIT_COLUMNS, Ages, Params

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    import ibis.expr.types as ir

    from showmeter.definitions.tables import CanonicalTables

__all__ = [
    "DAY_US",
    "HOUR_US",
    "Scope",
    "attach",
    "bucket",
    "count_units",
    "offset_us",
    "season_rows",
    "sessions",
    "unix_micros",
    "viewers",
]

HOUR_US = 3_600_000_000
"""Microseconds in an hour."""
DAY_US = 24 * HOUR_US
"""Microseconds in a day of 24 hours."""

SESSION_COLUMNS = (
    "title",
    "season",
    "episode",
    "unit_id",
    "weight",
    "started_at",
    "seconds_watched",
    "launch_at",
    "row_id",
)
"""The columns of :func:`sessions`, before the optional ``market``."""


@functools.cache
def _unix_micros() -> Callable[..., Any]:
    import ibis
    import ibis.expr.datatypes as dt

    def unix_micros(ts: object) -> int:  # pragma: no cover - a builtin, never called
        raise NotImplementedError

    builtin: Callable[..., Any] = ibis.udf.scalar.builtin(
        unix_micros, signature=((dt.Timestamp(timezone="UTC"),), dt.int64)
    )
    return builtin


def unix_micros(ts: ir.TimestampValue) -> ir.IntegerValue:
    """Microseconds since 1970-01-01T00:00Z of an instant, as an exact integer.

    A builtin function that sqlglot translates per dialect: ``EPOCH_US`` on DuckDB (much
    faster than ``DATE_DIFF`` or ``EPOCH(CAST(... AS TIMESTAMP))``), ``UNIX_MICROS`` on Spark.
    """
    result: ir.IntegerValue = _unix_micros()(ts)
    return result


def offset_us(sessions: ir.Table) -> ir.IntegerValue:
    """Microseconds from the session's ``launch_at`` to its ``started_at``."""
    return unix_micros(sessions.started_at) - unix_micros(sessions.launch_at)


def bucket(sessions: ir.Table, hours: int) -> ir.IntegerValue:
    """The 1-based period of ``hours`` hours from L in which each session starts.

    Day *k* is ``bucket(s, 24) == k``: ``[L + 24(k−1) h, L + 24k h)``; week *k* uses 168.
    """
    return offset_us(sessions) // (hours * HOUR_US) + 1


@dataclasses.dataclass(frozen=True)
class Scope:
    """Which sessions and units a metric counts: the common parameters.

    Attributes:
        unit: ``account``, ``profile`` or ``person``.
        panel: A panel's name, or ``None`` for every unit with weight 1.
        devices: Only these devices, or ``None`` for all.
        markets: Only these markets, or ``None`` for all.
        anchor: ``market`` or ``global``.
        by_market: One row per unit market.
        ages: Only panel units of these ages (needs a panel).
    """

    unit: str
    panel: str | None
    devices: tuple[str, ...] | None
    markets: tuple[str, ...] | None
    anchor: str
    by_market: bool
    ages: Ages | None = None

    @classmethod
    def of(cls, p: Params) -> Scope:
        """The scope given by a metric's resolved parameters."""
        return cls(
            unit=p.text("unit"),
            panel=p.optional_text("panel"),
            devices=p.names("devices"),
            markets=p.names("markets"),
            anchor=p.text("anchor"),
            by_market=p.get_value("by_market", False) is True,
            ages=p.ages("ages") if "ages" in p else None,
        )

    @property
    def keys(self) -> tuple[str, ...]:
        """The columns of a season's row: ``title``, ``season`` and maybe ``market``."""
        return ("title", "season", "market") if self.by_market else ("title", "season")

    @property
    def fractional_weights(self) -> bool:
        """Whether a unit's weight can be fractional: a panel is named.

        Then every Σ weight is summed exactly
        (:func:`~showmeter.definitions.exact_sums.weight_sum`); without a panel every weight is
        1.0, whose plain sum is exact in any order.
        """
        return self.panel is not None


def unit_viewing(t: CanonicalTables, scope: Scope) -> ir.Table:
    """The sessions of the selected devices and markets with a unit id, and its weight.

    Returns:
        Columns ``row_id, title, season, episode, unit_id, started_at, seconds_watched,
        market, weight``.
    """
    import ibis

    v = t.viewing
    if scope.devices is not None:
        v = v.filter(v.device.isin(scope.devices))
    if scope.markets is not None:
        v = v.filter(v.market.isin(scope.markets))
    unit_id = v[UNIT_COLUMNS[scope.unit]]
    v = v.filter(unit_id.notnull(), unit_id != "").select(
        "row_id",
        "title",
        "season",
        "episode",
        unit_id.name("unit_id"),
        "started_at",
        "seconds_watched",
        "market",
    )
    if scope.panel is None:
        return v.mutate(weight=ibis.literal(1).cast("float64"))
    panel = t.panels.filter(t.panels.panel == scope.panel, t.panels.unit == scope.unit)
    if scope.ages is not None:
        panel = panel.filter(panel.age >= scope.ages.low)
        if scope.ages.high is not None:
            panel = panel.filter(panel.age <= scope.ages.high)
    return v.join(panel.select("unit_id", "weight"), "unit_id")


def sessions(
    t: CanonicalTables,
    scope: Scope,
    *,
    hours: int,
    per_unit: bool = False,
) -> ir.Table:
    """The sessions that count in the first ``hours`` hours after L, with their unit.

    Args:
        t: The canonical tables.
        scope: Units, panel, devices, markets, anchor, by_market.
        hours: The window's length: sessions with ``L <= started_at < L + hours h``.
        per_unit: L is the launch in the unit's market (figures with one value per unit);
            otherwise the launch in the session's market.

    Returns:
        Columns :data:`SESSION_COLUMNS`, plus ``market`` (the unit's market) when
        ``scope.by_market``. ``launch_at`` is the L each session was measured from.
    """
    import ibis

    v = unit_viewing(t, scope)
    window = ibis.interval(hours=hours)
    per_market = scope.anchor == "market"
    needs_unit_market = scope.by_market or (per_unit and per_market)
    if per_market:
        launches = t.launches.select("title", "season", "market", "launch_at")
        keys = ["title", "season", "market"]
    else:
        launches = t.seasons.filter(t.seasons.launch_at.notnull())
        launches = launches.select("title", "season", "launch_at")
        keys = ["title", "season"]
    # A unit's first session may lie in another market than its later ones; with launches
    # that differ by market, keep every session up to the last launch + window so that the
    # first one is seen, and cut each session's own window after the unit's market is known.
    widened = per_market and needs_unit_market
    if widened:
        last = launches.launch_at.max().over(group_by=["title", "season"])
        launches = launches.mutate(horizon=last + window)
    s = v.join(launches, keys)
    end = s.horizon if widened else s.launch_at + window
    s = s.filter(s.started_at >= s.launch_at, s.started_at < end)
    if needs_unit_market:
        s = s.join(_first_sessions(s), ["title", "season", "unit_id"])
        if per_unit and per_market:
            s = s.filter(
                s.started_at >= s.unit_launch_at, s.started_at < s.unit_launch_at + window
            ).mutate(launch_at=s.unit_launch_at)
        elif widened:
            s = s.filter(s.started_at < s.launch_at + window)
    columns: list[Any] = list(SESSION_COLUMNS)
    if scope.by_market:
        columns.append(s.unit_market.name("market"))
    return s.select(*columns)


def _first_sessions(s: ir.Table) -> ir.Table:
    """Each unit's market and L, from its first session (by ``started_at``, then market).

    Aggregates rather than a window ordered within each unit: the same answer, without
    sorting every session (a window over all sessions cost most of a completion metric).

    Returns:
        Columns ``title, season, unit_id, unit_market, unit_launch_at``.
    """
    import ibis

    first = ibis.struct({"started_at": s.started_at, "market": s.market})
    return s.group_by(["title", "season", "unit_id"]).agg(
        unit_market=s.market.argmin(first), unit_launch_at=s.launch_at.argmin(first)
    )


def season_rows(t: CanonicalTables, scope: Scope, counted: ir.Table) -> ir.Table:
    """The rows a per-season figure reports, before any figure is attached.

    Every launched season of the catalog gets a row (so a season nobody watched shows 0);
    with ``by_market``, every (season, market) where some unit of that market has a session
    in the window.

    Args:
        t: The canonical tables.
        scope: The scope (for ``by_market``).
        counted: The sessions of the figure (see :func:`sessions`).

    Returns:
        Columns ``title, season`` and, with ``by_market``, ``market``.
    """
    if scope.by_market:
        return counted.select("title", "season", "market").distinct()
    seasons = t.seasons
    return seasons.filter(seasons.launch_at.notnull()).select("title", "season")


def attach(
    rows: ir.Table,
    figures: ir.Table,
    keys: Sequence[str],
    fill: Mapping[str, object] | None = None,
) -> ir.Table:
    """Left-join ``figures`` to ``rows`` on ``keys``, filling missing figures.

    Args:
        rows: The rows to report (e.g. from :func:`season_rows`).
        figures: Aggregates keyed by ``keys``.
        keys: The join columns.
        fill: The value of a column of ``figures`` where a row has no figure (e.g. 0 for a
            count); columns not listed stay null.

    Returns:
        ``rows``' columns, then the other columns of ``figures``.
    """
    import ibis

    fill = dict(fill or {})
    joined = rows.left_join(figures, list(keys))
    others = [c for c in figures.columns if c not in keys]
    selected: list[Any] = [joined[k] for k in rows.columns]
    for name in others:
        column = joined[name]
        if name in fill:
            column = ibis.coalesce(column, fill[name])
        selected.append(column.name(name))
    return joined.select(*selected)


def viewers(counted: ir.Table, keys: Sequence[str], min_seconds: float) -> ir.Table:
    """The units that view, once per group of ``keys``.

    A unit views in a group when, for some episode, its seconds in the group's sessions sum
    to at least ``min_seconds``; with ``episode`` among the keys, that episode's seconds.

    Rows already one per unit and episode (the store's per-unit progress,
    :func:`showmeter.definitions.preaggregates.progress`, whose rows carry ``first_us``) with
    ``episode`` among the keys need no grouping: they are filtered only.

    Args:
        counted: Sessions (see :func:`showmeter.definitions.windows.sessions`), possibly with
            period columns in ``keys``; or the per-unit progress's rows.
        keys: The grouping, e.g. ``("title", "season")`` or with ``"day"``.
        min_seconds: The seconds of one episode that make a viewer.

    Returns:
        Columns ``keys``, ``unit_id``, ``weight``: one row per viewing unit and group.
    """
    import ibis

    units = list(dict.fromkeys([*keys, "unit_id", "weight"]))
    if "first_us" in counted.columns and "episode" in keys:  # one row per unit and episode
        return counted.filter(counted.seconds_watched >= min_seconds).select(*units)
    # Seconds are never negative (ingest quarantines them), so one session of min_seconds or
    # more makes its unit a viewer whatever else it watched. Such sessions share one group per
    # unit (episode 0, which no episode has); only the shorter ones are summed per episode.
    # Most sessions are longer than min_seconds, so far fewer groups than (unit, episode).
    if "episode" in units:
        part = counted.episode
    else:
        part = ibis.ifelse(counted.seconds_watched >= min_seconds, 0, counted.episode)
    grouped = counted.group_by([*units, part.name("episode_part")])
    summed = grouped.agg(seconds=counted.seconds_watched.sum())
    enough = summed.filter(summed.seconds >= min_seconds)
    return enough.select(*keys, "unit_id", "weight").distinct()


def count_units(units: ir.Table, keys: Sequence[str], *, exact: bool = True) -> ir.Table:
    """Σ weight (``value``) and the number (``units``) of units, per group of ``keys``.

    Args:
        units: One row per unit and group, with ``weight``.
        keys: The grouping.
        exact: Whether the weights can be fractional (a panel is named): then ``value`` is
            summed exactly, so a panel's weights give the same double in any order
            (:func:`weight_sum`); weights of 1.0 are summed plainly, exact as well.

    Returns:
        Columns ``keys``, ``value``, ``units``.
    """
    value = weight_sum(units.weight, exact)
    return units.group_by(list(keys)).agg(value=value, units=units.count())
