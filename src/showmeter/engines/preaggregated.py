"""Choosing a pre-aggregation for a computation, automatically, and saying which and why.

A computation reads the store's pre-aggregations (:mod:`showmeter.definitions.preaggregates`)
when they are current on the store and its parameters are covered by them, and the sessions
otherwise; either way the figures are the same. Two ways they serve it:

- a *season figure* (a metric's rows over every season at default parameters) replaces the
  same relation wherever the computation's expression holds it: Ibis nodes compare by
  structure, so the metric itself, a one-season request of it (built over every season, then
  filtered), a ``rank`` by it or a ``reach_index`` built on ``reach`` all find it;
- the *per-unit progress* is read by the completion family's own code when its parameters are
  covered (:func:`showmeter.definitions.preaggregates.uncovered` says why not otherwise);
- the *per-day rows* (:mod:`showmeter.definitions.preaggregate_days`) replace the sessions of
  an additive metric (reach, hours, views, daily and weekly reach, average minute audience,
  or a rank of one) that no season figure serves: a market or device filter, another window,
  ``by_market``, a panel (:func:`~showmeter.definitions.preaggregate_days.days_uncovered`
  says why not otherwise).

:func:`choose` returns the computation to run, its expression and a :class:`Source` that says
which was used (``compute --explain``, the dashboard's definition panel).
"""

from __future__ import annotations

import dataclasses
import functools
from typing import TYPE_CHECKING

from showmeter.definitions import preaggregate_days as days
from showmeter.definitions import preaggregates as declared
from showmeter.engines import preaggregates as kept
from showmeter.engines.base import table_names
from showmeter.engines.prepared import Prepared
from showmeter.engines.sharing import substitute

if TYPE_CHECKING:
    import duckdb
    import ibis.expr.operations as ops
    import ibis.expr.types as ir

    from showmeter.definitions.params import Params
    from showmeter.engines.base import Engine

__all__ = ["SWITCH", "DaysPrepared", "Source", "choose", "sessions_only"]

SWITCH = "SHOWMETER_PREAGGREGATES"
"""The environment variable that, set to ``off``, makes every computation read the sessions
(to compare, or to measure, both ways)."""

EMBEDDED = {"reach_index": ("reach",)}
"""Metrics whose expression holds another metric's rows over every season."""


@dataclasses.dataclass(frozen=True)
class Source:
    """What a computation read.

    Attributes:
        tables: The pre-aggregations it read (none: the sessions).
        reason: Why it read the sessions, when it did.
        serves: The computation to run instead of the one asked, when :func:`sessions_only`
            chose the per-day rows (its expression, built only when its SQL is not in the
            cache of compiled SQL, reads them).
        split: Whether the per-unit progress served a market or device filter, with the
            sessions of the units it splits (:mod:`showmeter.definitions.preaggregate_filters`).
    """

    tables: tuple[str, ...] = ()
    reason: str | None = None
    serves: Prepared | None = dataclasses.field(default=None, compare=False, repr=False)
    split: bool = False

    def describe(self) -> str:
        """One sentence: the pre-aggregations read, or why the sessions were."""
        if self.tables:
            what = []
            for name in self.tables:
                if name.startswith(declared.UNIT_PROGRESS):
                    what.append(f"{name} (each unit's progress through each episode)")
                elif name.startswith(days.UNIT_DAYS):
                    what.append(
                        f"{name} (each unit's seconds per market, device, episode and day from L)"
                    )
                else:
                    what.append(f"{name} (every season's figures at default parameters)")
            if self.split:
                what.append(
                    "and the sessions of the units the market or device filter splits "
                    "(some of their sessions pass it, some do not)"
                )
            return "Computed from the store's pre-aggregations: " + "; ".join(what) + "."
        return f"Computed without pre-aggregations: {self.reason}."


@functools.cache
def _figure(figure: declared.SeasonFigure) -> tuple[ops.Relation, ir.Table]:
    """The relation a season figure holds, and the table that holds it."""
    import ibis

    from showmeter.engines.preaggregate_build import season_figure_expr

    node = season_figure_expr(figure).op()
    return node, ibis.table(node.schema, name=figure.table)


def _figures_for(
    prepared: Prepared, unit: str = declared.DEFAULT_UNIT
) -> list[declared.SeasonFigure]:
    """The season figures (kept for ``unit``) that may be inside the computation's expression."""
    names = {prepared.metric, *EMBEDDED.get(prepared.metric, ())}
    ranked = prepared.resolved.get_value("metric", None)
    if isinstance(ranked, str):
        names.add(ranked)
    return [f for f in declared.season_figures(unit) if f.metric in names]


def sessions_only(
    con: duckdb.DuckDBPyConnection, prepared: Prepared, engine: Engine
) -> tuple[Source | None, kept.Status | None]:
    """What a computation reads, when that is known without its expression.

    The cache of compiled SQL (:mod:`showmeter.engines.compiled`) serves only such
    computations: those that surely read the sessions, and those with a market or device
    filter that the per-day rows serve (:attr:`Source.serves` is then the computation to run:
    its SQL is cached under the pre-aggregation it reads). What :func:`choose` would pick for
    the others depends on the expression itself.

    Args:
        con: The store's connection.
        prepared: The computation (its expression need not be built).
        engine: The engine that will run it.

    Returns:
        ``(source, state)``: the source (the sessions and why, or the per-day rows), or None
        when :func:`choose` must decide; and the pre-aggregations' status when it was read
        (to be handed to :func:`choose`, so that a computation reads it once), else None.
    """
    if _switched_off():
        return Source(reason=f"${SWITCH} is off"), None
    if not engine.shares_relations:
        return Source(reason=_other_engine(engine)), None
    if not _declared(prepared):
        return Source(reason=f"no pre-aggregation is declared for {prepared.metric}"), None
    state = kept.status(con, any_unit=True)
    if not state.current:
        return Source(reason=state.reason), state
    p = prepared.resolved
    filtered = p.get_value("markets", None) is not None or p.get_value("devices", None) is not None
    if filtered and days.days_uncovered(prepared.metric, p, state.unit) is None:
        # no season figure holds a filtered relation (they are kept unfiltered)
        table = days.unit_days_table(state.unit)
        serves = DaysPrepared(
            prepared.definition,
            prepared.resolved,
            prepared.title,
            prepared.season,
            prepared.alone,
            frozenset({table}),
            unit=state.unit,
        )
        return Source((table,), serves=serves), state
    return None, state


@dataclasses.dataclass(frozen=True)
class DaysPrepared(Prepared):
    """A computation whose sessions are read from the per-day rows kept for ``unit``.

    Its :attr:`aggregates` name the per-day table, so that its compiled SQL is cached apart
    from the same computation's over the sessions.
    """

    unit: str = declared.DEFAULT_UNIT

    @functools.cached_property
    def expr(self) -> ir.Table:
        """The metric's expression, the sessions replaced by the per-day rows."""
        from showmeter.engines.preaggregate_build import read_days

        return read_days(Prepared.expr.func(self), self.unit)  # type: ignore[attr-defined]


def _switched_off() -> bool:
    """Whether :data:`SWITCH` says to read the sessions."""
    import os

    return os.environ.get(SWITCH, "").lower() in ("0", "off", "false", "no")


def _other_engine(engine: Engine) -> str:
    """Why an engine that does not run on the store's connection reads no pre-aggregation."""
    return (
        f"the {engine.label} engine reads the canonical tables "
        "(pre-aggregations are read on DuckDB, in the store)"
    )


def choose(
    con: duckdb.DuckDBPyConnection,
    prepared: Prepared,
    engine: Engine,
    state: kept.Status | None = None,
) -> tuple[Prepared, ir.Table, Source]:
    """The computation to run, its expression, and what it reads.

    Args:
        con: The store's connection (read for the pre-aggregations' status only).
        prepared: The computation as requested.
        engine: The engine that will run it (pre-aggregations are read by the engines that
            run on the store's own connection).
        state: The store's :func:`~showmeter.engines.preaggregates.status`, when known (a
            batch reads it once; a single computation has it from :func:`sessions_only`).

    Returns:
        ``(computation, expression, source)``: the expression equals the computation's own
        one but for the relations read from pre-aggregations.
    """
    if _switched_off():
        return prepared, prepared.expr, Source(reason=f"${SWITCH} is off")
    if not engine.shares_relations:
        return prepared, prepared.expr, Source(reason=_other_engine(engine))
    if not _declared(prepared):
        reason = f"no pre-aggregation is declared for {prepared.metric}"
        return prepared, prepared.expr, Source(reason=reason)
    state = kept.status(con, any_unit=True) if state is None else state
    if not state.current:
        return prepared, prepared.expr, Source(reason=state.reason)
    names = frozenset(kept.tables(state.unit))
    figures = _figures_for(prepared, state.unit)
    served = dataclasses.replace(prepared, aggregates=names)
    direct = _direct(served, figures)
    if direct is not None:
        return direct
    if figures:
        wide = served
        if served.definition.season_alone and (served.title or served.season is not None):
            wide = dataclasses.replace(served, alone=False)
        mapping = dict(_figure(f) for f in figures)
        expr = substitute(wide.expr, mapping)
        used = tuple(n for n in table_names(expr) if n in names)
        if any(f.table in used for f in figures):  # a season figure replaced its relation
            return wide, expr, Source(used)
    if days.days_uncovered(served.metric, served.resolved, state.unit) is None:
        from showmeter.engines.preaggregate_build import read_days

        expr = read_days(served.expr, state.unit)
        return served, expr, Source((days.unit_days_table(state.unit),))
    expr = served.expr
    read = table_names(expr)
    used = tuple(n for n in read if n in names)
    if used:
        p = served.resolved
        filtered = any(p.get_value(name, None) is not None for name in ("markets", "devices"))
        progress = declared.unit_progress_table(state.unit) in used
        split = filtered and progress and "viewing" in read
        return served, expr, Source(used, split=split)
    return served, expr, Source(reason=_why_not(served, bool(figures), state.unit))


def _declared(prepared: Prepared) -> bool:
    """Whether some pre-aggregation may serve the metric (at some parameters)."""
    if prepared.definition.family == "completion" or _figures_for(prepared):
        return True
    metric = prepared.metric
    if metric == "rank":
        metric = str(prepared.resolved.get_value("metric", ""))
    return metric in days.ADDITIVE


@functools.cache
def _figure_params(figure: declared.SeasonFigure) -> Params:
    """The resolved parameters of a season figure's metric."""
    from showmeter import definitions

    return definitions.get(figure.metric).resolve(dict(figure.params))


def _direct(
    served: Prepared, figures: list[declared.SeasonFigure]
) -> tuple[Prepared, ir.Table, Source] | None:
    """The computation when it is a season figure itself, built without the metric's relation.

    A metric at a season figure's parameters is that figure's stored rows, then the metric's
    own column order, title and season filters and sort (:meth:`~showmeter.definitions.
    registry.Metric.expression` over a ``build`` that returns the stored table): the same
    expression :func:`substitute` gives, without building the relation only to replace it
    (the costly part of a computation served by a season figure).
    """
    figure = next(
        (f for f in figures if f.metric == served.metric and served.resolved == _figure_params(f)),
        None,
    )
    if figure is None:
        return None
    stored = _figure(figure)[1]
    wide = dataclasses.replace(served, alone=False)
    definition = dataclasses.replace(wide.definition, build=lambda _t, _p: stored)
    expr = definition.expression(wide.resolved, title=wide.title, season=wide.season, alone=False)
    wide.__dict__["expr"] = expr  # its cached expression: the result's schema reads it
    return wide, expr, Source((figure.table,))


def _why_not(prepared: Prepared, has_figures: bool, unit: str = declared.DEFAULT_UNIT) -> str:
    """Why no pre-aggregation serves a computation."""
    from showmeter.definitions.windows import Scope

    p = prepared.resolved
    if prepared.definition.family == "completion":
        hours = 24 * p.integer("window_days") if "window_days" in p else 0
        if "window_hours" in p:
            value = p["window_hours"]
            hours = max(value) if isinstance(value, tuple) else int(str(value))
        completion = p.number("completion") if "completion" in p else None
        seconds = prepared.metric in ("episode_funnel", "episode_progress")
        scope = Scope.of(p)
        reason = declared.uncovered(scope, completion, hours, seconds, unit)
        if reason is not None:
            return f"{reason} is not covered by the pre-aggregations"
        if scope.markets is not None or scope.devices is not None:
            return _filter_uncovered(prepared)
    else:
        reason = days.days_uncovered(prepared.metric, p, unit)
        if reason is not None and "single sessions" not in reason:
            return f"{reason} is not covered by the pre-aggregations"
    if has_figures:
        return "its parameters are not those of the season figures kept (the defaults)"
    return f"no pre-aggregation is declared for {prepared.metric}"


def _filter_uncovered(prepared: Prepared) -> str:
    """Why a market or device filter of the completion family reads the sessions, by case."""
    from showmeter.definitions.preaggregate_filters import SWITCH, enabled

    head = "a market or device filter of the completion family is not covered by the "
    if not prepared.definition.season_alone:
        alone = "its rows are not computed one season at a time"
        return head + f"pre-aggregations for {prepared.metric} ({alone})"
    if not enabled():
        return head + (
            f"pre-aggregations by default (${SWITCH}=on reads the per-unit progress for one "
            "title's or season's figures: --title, --season)"
        )
    return head + "pre-aggregations across seasons (name one: --title, --season)"
