"""The per-unit progress under a market or device filter: kept rows, and the sessions of a few.

``markets`` and ``devices`` select the sessions first; a unit's market, its L and its progress
are then computed from the selected sessions alone (docs/contracts.md, "Common parameters";
:func:`~showmeter.definitions.windows.sessions`). The kept per-unit progress
(:data:`~showmeter.definitions.preaggregates.UNIT_PROGRESS`) is computed from all of a unit's
sessions, and yet it serves such a filter for almost every unit:

- a unit (of a season) **all** of whose sessions from the launch in their market on pass the
  filter keeps every session that can count (a session before the launch in its own market,
  or in a market where the season has no launch, counts nowhere, filtered or not), so every
  step after the filter sees the same sessions: its progress is its kept progress;
- a unit **none** of whose sessions from the launch on pass the filter has no progress;
- only a unit with sessions on **both** sides (one that travelled between markets, or
  watched on several devices, and a filter that keeps some of them) needs its progress
  computed from its sessions, as without pre-aggregations (:func:`filtered`).

Which side a unit's sessions lie on is read from the per-day rows
(:data:`~showmeter.definitions.preaggregate_days.UNIT_DAYS`): one row per market and device of
the unit's sessions from the launch in their market on — exactly the sessions that can count —
so a unit's rows pass the filter, or not, as its sessions do (:func:`sides`).

Off unless :data:`SWITCH` is ``on``: measured on a 10 M-session store, one season's
completion figures under the busiest market's filter took 12 % less CPU this way, but under
any smaller market or a device 1.5–2× as much, since the sessions of one market are few and
DuckDB filters them early, while this way reads every per-unit row of the season
(benchmarks/completion_filtered.py). Even on, only a computation over one title's or season's
sessions reads them so (a single computation
with ``--title``/``--season``, or a batch computed season by season on a large store). A batch
computes every season's relations and then keeps each computation's own season; DuckDB does
not carry that season filter into these relations (read several times, they are
materialized whole), so that each would aggregate every season's per-day rows and sessions:
slower than the sessions of one market, which DuckDB filters. Such a computation reads the
sessions, as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from showmeter.definitions.params import UNIT_COLUMNS
from showmeter.definitions.preaggregate_days import UNIT_DAYS_SCHEMA, unit_days_table
from showmeter.definitions.tables import CanonicalTables
from showmeter.definitions.windows import DAY_US, Scope, offset_us, sessions

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = ["SWITCH", "UNIT_KEYS", "SplitTables", "enabled", "filtered", "sides"]

SWITCH = "SHOWMETER_FILTERED_PROGRESS"
"""The environment variable that, set to ``on``, lets the per-unit progress serve a market or
device filter (off by default: see above)."""

UNIT_KEYS = ("title", "season", "unit_id")
"""The columns that identify a unit of a season."""


def enabled() -> bool:
    """Whether :data:`SWITCH` lets the per-unit progress serve a market or device filter."""
    import os

    return os.environ.get(SWITCH, "").lower() in ("1", "on", "true", "yes")


def sides(t: CanonicalTables, scope: Scope) -> tuple[ir.Table, ir.Table] | None:
    """The units whose sessions the scope's market and device filter keeps whole, or splits.

    Args:
        t: The canonical tables (:meth:`~showmeter.definitions.tables.CanonicalTables
            .aggregate` says whether the store holds the per-day rows).
        scope: The computation's scope (its ``markets`` and ``devices``).

    Returns:
        None when the store does not hold the per-day rows of the scope's unit; else
        ``(whole, split)``, each with columns ``title, season, unit_id``: ``whole`` the units
        all of whose sessions from the launch on pass the filter, ``split`` those with some
        that pass and some that do not (the others have none that pass).
    """
    import ibis

    rows = t.aggregate(unit_days_table(scope.unit), UNIT_DAYS_SCHEMA)
    if rows is None:
        return None
    passes: Any = ibis.literal(True)
    if scope.markets is not None:
        passes = passes & rows.market.isin(scope.markets)
    if scope.devices is not None:
        passes = passes & rows.device.isin(scope.devices)
    passes = ibis.coalesce(passes, ibis.literal(False))
    # Two aggregates, not one read twice: DuckDB would materialize a relation read twice
    # whole, before a computation's season filter reaches it (a batch computes every season,
    # each computation then keeps its own: engines.batch).
    units = rows.group_by(list(UNIT_KEYS))
    whole = units.agg(every=passes.all())
    whole = whole.filter(whole.every).select(*UNIT_KEYS)
    split = units.agg(some=passes.any(), every=passes.all())
    split = split.filter(split.some, ~split.every).select(*UNIT_KEYS)
    return whole, split


class SplitTables(CanonicalTables):
    """The canonical tables of ``base``, whose sessions are only those of some units.

    So that the few units a filter splits are computed from their own sessions, without
    working out every unit's market first.
    """

    def __init__(self, base: CanonicalTables, units: ir.Table, unit: str) -> None:
        """Tables like ``base``, with only the sessions of some units.

        Args:
            base: The canonical tables.
            units: The units (``title, season, unit_id``).
            unit: Their kind (the viewing column that holds their ids).
        """
        super().__init__(aggregates=frozenset())
        self._base = base
        self._units = units
        self._column = UNIT_COLUMNS[unit]

    def get(self, name: str) -> ir.Table:
        """The base's table called ``name``."""
        return self._base.get(name)

    @property
    def viewing(self) -> ir.Table:
        """The base's sessions of the units."""
        v, u = self._base.viewing, self._units
        on = [v.title == u.title, v.season == u.season, v[self._column] == u.unit_id]
        # an inner join (one row per unit): DuckDB passes the season filter across it
        joined = v.join(u, on)
        return joined.select(*[joined[c] for c in v.columns])


def filtered(
    t: CanonicalTables,
    scope: Scope,
    table: ir.Table,
    hours: int,
) -> ir.Table | None:
    """The kept per-unit rows as they are under the scope's market and device filter.

    Args:
        t: The canonical tables.
        scope: The scope the rows are kept for, with the filter's ``markets`` and ``devices``.
        table: The kept rows (computed from every session of each unit).
        hours: The hours after L the kept rows cover.

    Returns:
        The rows :func:`~showmeter.definitions.preaggregates.build_unit_progress` gives from
        the sessions the filter selects: the kept rows of the
        units whose sessions it keeps whole, and the rows of the units it splits computed
        from their sessions; None when the store does not hold the per-day rows. The same
        relation for every computation of one filter, whatever its window or threshold, so
        that a batch computes it once.
    """
    found = sides(t, scope)
    if found is None:
        return None
    whole, split = found
    counted = sessions(SplitTables(t, split, scope.unit), scope, hours=hours, per_unit=True)
    more = _rows(t, counted)
    if scope.markets is not None:  # a whole unit's market, its first session's, passes too
        table = table.filter(table.market.isin(scope.markets))
    kept = table.join(whole, list(UNIT_KEYS))  # one row per unit: as a semi join
    kept = kept.select(*[kept[c] for c in table.columns])
    return kept.union(more.select(*[more[c].cast(d) for c, d in kept.schema().items()]))


def _rows(t: CanonicalTables, counted: ir.Table) -> ir.Table:
    """The per-unit rows of the sessions ``counted`` (``sessions(per_unit=True)``'s), few.

    The rows :func:`~showmeter.definitions.preaggregates.build_unit_progress` computes, by the
    same arithmetic, without its semi join (across which DuckDB would not pass a computation's
    season filter into the sessions).
    """
    import ibis

    from showmeter.definitions.completion import completions
    from showmeter.definitions.preaggregates import THRESHOLDS, WINDOW_DAYS, completed_column

    offset = offset_us(counted)
    keys = ["title", "season", "unit_id", "episode"]
    rows = counted.group_by(keys).agg(
        market=counted.market.arbitrary(),
        launch_at=counted.launch_at.arbitrary(),
        first_us=offset.min(),
        **{
            f"seconds_{d}d": ibis.coalesce(
                counted.seconds_watched.sum(where=offset < d * DAY_US), ibis.literal(0.0)
            )
            for d in WINDOW_DAYS
        },
    )
    for threshold in THRESHOLDS:
        done = completions(t, counted, threshold)
        done = done.select(*keys, done_us=done.completed_us)
        joined = rows.left_join(done, keys)
        rows = joined.select(
            *[joined[c] for c in rows.columns],
            **{completed_column(threshold): joined.done_us.cast("float64")},
        )
    return rows
