"""The metric registry: every metric as a typed, documented definition.

A metric is registered by decorating the function that builds its Ibis expression::

    @metric(name="reach", family="audience", unit="units", ...)
    def reach(tables: CanonicalTables, p: Params) -> ir.Table:
        '''Σ weight of units that view the season in [L, L + window_days).'''

The decorator records the name, family, parameters (typed, with defaults and help), the unit
of the value, the row and supporting columns, the source of the definition and a version; the
builder's docstring is the definition shown by ``showmeter metrics NAME`` and in
``docs/metrics.md``.

A family registers its metrics when its module is imported, and a module is imported only when
one of its metrics is asked for (:func:`get`, through :data:`INDEX`), or every one when all are
(:func:`all_metrics`, :func:`names`): a single computation loads one family, not eight. The
order of :func:`all_metrics` does not depend on which was loaded first.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from showmeter.definitions.params import Param, Params, nearest, resolve
from showmeter.definitions.tables import CanonicalTables
from showmeter.errors import InternalError, UsageError

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = [
    "FAMILIES",
    "INDEX",
    "MODULES",
    "Builder",
    "Metric",
    "all_metrics",
    "get",
    "metric",
    "names",
]

Builder = Callable[[CanonicalTables, Params], "ir.Table"]
"""Builds a metric's expression over the canonical tables, from its resolved parameters."""

Resolver = Callable[["Metric", Mapping[str, object]], Params]
"""Resolves the given parameters of a metric whose parameters depend on each other."""

FAMILIES = ("audience", "attention", "completion", "critics", "demand", "charts", "ranking")
"""The families, in the order the documentation lists them."""

MODULES = (
    "attention",
    "audience",
    "charts",
    "completion",
    "critics",
    "demand",
    "progress",
    "ranking",
)
"""The modules of :mod:`showmeter.definitions` that register metrics (a new family's module is
added here, before ranking), in the order they are loaded when every metric is asked for."""

INDEX = {
    "reach": "audience",
    "daily_reach": "audience",
    "weekly_reach": "audience",
    "reach_index": "audience",
    "hours_viewed": "attention",
    "views": "attention",
    "average_minute_audience": "attention",
    "episode_funnel": "completion",
    "completers": "completion",
    "binge_racers": "completion",
    "binge_race": "completion",
    "time_to_complete": "completion",
    "episode_progress": "progress",
    "tomatometer": "critics",
    "average_rating": "critics",
    "certified_fresh": "critics",
    "metascore": "critics",
    "demand": "demand",
    "demand_multiple": "demand",
    "demand_percentile": "demand",
    "demand_rank": "demand",
    "demand_wow": "demand",
    "chart_weeks": "charts",
    "chart_hours": "charts",
    "chart_views": "charts",
    "chart_rank": "charts",
    "chart_wow": "charts",
    "chart_markets": "charts",
    "engagement_hours": "charts",
    "engagement_views": "charts",
    "rank": "ranking",
}
"""Each metric's module in :data:`MODULES`, so that asking for one loads only its module (a
metric missing here is found by loading them all; tests/definitions/test_registry_lazy.py
checks this index against the modules)."""

IDENTIFYING = (
    "title",
    "season",
    "market",
    "unit_id",
    "date",
    "episode",
    "day",
    "week",
    "hours",
)
"""Columns that identify a row, in the order rows are sorted by."""


@dataclasses.dataclass(frozen=True)
class Metric:
    """A registered metric.

    Attributes:
        name: The metric's name, e.g. ``"reach"``.
        family: One of :data:`FAMILIES`.
        summary: The definition in one line.
        definition: The full definition: what is counted, every choice made, edge cases.
        source: Where the definition comes from (docs/sources.md section, publisher).
        version: Bumped whenever the meaning of the value changes.
        unit: The unit of the value, e.g. ``"hours"``.
        rows: The columns that identify a row (``market`` is added when ``by_market``).
        columns: ``value`` and the supporting columns, in output order.
        params: The parameters, in the order they are documented and echoed.
        build: Builds the expression; see :data:`Builder`.
        per_season: One value per title and season, so that ``rank`` can rank it.
        season_alone: A season's rows depend on that season's sessions alone (no market
            average, no rank across seasons), so a request for one season reads only its
            sessions: the filter applies to ``viewing`` before anything is computed.
        order_by: The output order, when not the identifying columns.
        resolver: A custom resolution of parameters (``rank`` takes its metric's ones).
    """

    name: str
    family: str
    summary: str
    definition: str
    source: str
    version: int
    unit: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    params: tuple[Param, ...]
    build: Builder
    per_season: bool = False
    season_alone: bool = False
    order_by: tuple[str, ...] | None = None
    resolver: Resolver | None = None

    def param(self, name: str) -> Param:
        """The parameter called ``name``.

        Raises:
            UsageError: No such parameter (the message names the nearest one).
        """
        for param in self.params:
            if param.name == name:
                return param
        known = [param.name for param in self.params]
        close = nearest(name, known)
        raise UsageError(
            f"unknown parameter {name!r} for metric {self.name!r}",
            remedy=(f"Did you mean {close!r}? " if close else "")
            + f"The parameters of {self.name} are: {', '.join(known)}.",
        )

    def resolve(self, given: Mapping[str, object] | None = None) -> Params:
        """Parse and validate parameters, filling in defaults.

        Args:
            given: Values by name: strings (from ``--set``) or typed Python values.

        Returns:
            Every parameter of the metric, resolved.

        Raises:
            UsageError: Unknown parameter, bad value, or missing required parameter.
        """
        if self.resolver is not None:
            return self.resolver(self, given or {})
        return resolve(self.name, self.params, given)

    def row_columns(self, params: Params) -> tuple[str, ...]:
        """The identifying columns of this metric's rows under ``params``."""
        by_market = params.get_value("by_market", False) is True
        extra = ("market",) if by_market and "market" not in self.rows else ()
        return tuple(c for c in IDENTIFYING if c in self.rows or c in extra)

    def sort_columns(self, params: Params) -> tuple[str, ...]:
        """The columns the rows are sorted by (ascending, nulls last)."""
        ids = self.row_columns(params)
        present = (*ids, *self.columns)
        return tuple(c for c in self.order_by or ids if c in present)

    def expression(
        self,
        params: Params,
        *,
        title: str | None = None,
        season: int | None = None,
        alone: bool = True,
        aggregates: frozenset[str] = frozenset(),
    ) -> ir.Table:
        """The metric's expression over the canonical tables, in output form.

        Args:
            params: Resolved parameters (see :meth:`resolve`).
            title: Keep only the rows of this title (applied to the finished rows, so that
                ``rank`` ranks every title first; for a :attr:`season_alone` metric, to the
                sessions too).
            season: Keep only the rows of this season.
            alone: For a :attr:`season_alone` metric, filter the sessions too (False: only
                the finished rows; the same rows either way).
            aggregates: The pre-aggregations the store holds up to date, which the metric
                reads where they cover its parameters (see
                :mod:`showmeter.definitions.preaggregates`; the same rows either way).

        Returns:
            An unbound Ibis table: the identifying columns, then :attr:`columns`, sorted.
        """
        selected = alone and self.season_alone and (title is not None or season is not None)
        tables = (
            CanonicalTables(title=title, season=season, aggregates=aggregates)
            if selected
            else CanonicalTables(aggregates=aggregates)
        )
        table = self.build(tables, params)
        ids = self.row_columns(params)
        wanted = (*ids, *self.columns)
        if tuple(table.columns) != wanted:
            if set(table.columns) != set(wanted):
                raise InternalError(
                    f"metric {self.name!r} built columns {list(table.columns)}, "
                    f"expected {list(wanted)}"
                )
            table = table.select(*wanted)
        for name, value in (("title", title), ("season", season)):
            if value is None:
                continue
            if name not in wanted:
                raise UsageError(
                    f"metric {self.name!r} has no {name} column to select rows by",
                    remedy=f"Drop --{name}.",
                )
            table = table.filter(table[name] == value)
        return table.order_by(list(self.sort_columns(params)))


_REGISTRY: dict[str, Metric] = {}
_ORDER: dict[str, int] = {}
"""The order of registration of each metric."""
_COUNTER = itertools.count()


def _load(module: str) -> None:
    importlib.import_module(f"showmeter.definitions.{module}")


def load_all() -> None:
    """Register every family (each module imported once; a loaded one is not loaded again)."""
    for module in MODULES:
        _load(module)


def metric(
    *,
    name: str,
    family: str,
    summary: str,
    source: str,
    unit: str,
    rows: Sequence[str],
    columns: Sequence[str],
    params: Sequence[Param],
    version: int = 1,
    per_season: bool = False,
    season_alone: bool = False,
    order_by: Sequence[str] | None = None,
    resolver: Resolver | None = None,
) -> Callable[[Builder], Builder]:
    """Register the decorated builder as a metric; its docstring is the definition.

    Args:
        name: The metric's name.
        family: One of :data:`FAMILIES`.
        summary: The definition in one line.
        source: Where the definition comes from.
        unit: The unit of the value.
        rows: The identifying columns (without the ``market`` that ``by_market`` adds).
        columns: ``value`` and the supporting columns.
        params: The parameters.
        version: The version of the definition.
        per_season: Whether ``rank`` may rank it.
        season_alone: Whether a season's rows depend on its own sessions alone.
        order_by: Output order, when not the identifying columns.
        resolver: Custom parameter resolution.

    Returns:
        A decorator that registers the builder and returns it unchanged.
    """
    if family not in FAMILIES:
        raise InternalError(f"unknown family {family!r} for metric {name!r}")
    if tuple(columns[:1]) != ("value",):
        raise InternalError(f"metric {name!r}: the first column must be 'value'")

    def register(build: Builder) -> Builder:
        if name in _REGISTRY:
            raise InternalError(f"metric {name!r} is registered twice")
        _ORDER[name] = next(_COUNTER)
        _REGISTRY[name] = Metric(
            name=name,
            family=family,
            summary=summary,
            definition=inspect.cleandoc(build.__doc__ or summary),
            source=source,
            version=version,
            unit=unit,
            rows=tuple(rows),
            columns=tuple(columns),
            params=tuple(params),
            build=build,
            per_season=per_season,
            season_alone=season_alone,
            order_by=tuple(order_by) if order_by else None,
            resolver=resolver,
        )
        return build

    return register


def get(name: str) -> Metric:
    """The metric called ``name``.

    Raises:
        UsageError: No such metric; the message names the nearest one.
    """
    if name not in _REGISTRY:
        if name in INDEX:
            _load(INDEX[name])
        if name not in _REGISTRY:
            load_all()
    try:
        return _REGISTRY[name]
    except KeyError:
        close = nearest(name, list(_REGISTRY))
        raise UsageError(
            f"unknown metric {name!r}",
            remedy=(f"Did you mean {close!r}? " if close else "")
            + "`showmeter metrics` lists them all.",
        ) from None


def all_metrics() -> list[Metric]:
    """Every metric, every family loaded.

    In :data:`FAMILIES` order, then by module in :data:`MODULES` order (whichever was loaded
    first), then in registration order.
    """
    load_all()
    order = {family: index for index, family in enumerate(FAMILIES)}
    modules = {f"showmeter.definitions.{module}": index for index, module in enumerate(MODULES)}

    def key(m: Metric) -> tuple[int, int, int]:
        return (order[m.family], modules.get(m.build.__module__, len(modules)), _ORDER[m.name])

    return sorted(_REGISTRY.values(), key=key)


def names() -> list[str]:
    """The names of every metric, in :func:`all_metrics` order."""
    return [m.name for m in all_metrics()]
