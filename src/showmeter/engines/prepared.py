"""A computation ready to run: a metric, its parameters resolved once, and its expression.

:func:`prepare` parses and validates the parameters (the only place they are parsed) and
builds the metric's expression; a :class:`Prepared` then runs on any engine and turns the
engine's rows into a :class:`~showmeter.results.Result`.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import TYPE_CHECKING

from showmeter import definitions
from showmeter.results import Result

if TYPE_CHECKING:
    from collections.abc import Mapping

    import ibis.expr.types as ir
    import pyarrow as pa

    from showmeter.definitions.params import Params
    from showmeter.engines.base import Engine

__all__ = ["Prepared", "prepare"]


@dataclasses.dataclass(frozen=True)
class Prepared:
    """A computation ready to run: the metric, its resolved parameters and its expression.

    Attributes:
        definition: The metric.
        resolved: Its parameters, defaults filled in.
        title: Keep only this title's rows.
        season: Keep only this season's rows.
        alone: Read only the title's (season's) sessions when the metric allows it (see
            :func:`prepare`).
        aggregates: The store's pre-aggregations the expression may read (see
            :mod:`showmeter.engines.preaggregated`).
    """

    definition: definitions.Metric
    resolved: Params
    title: str | None = None
    season: int | None = None
    alone: bool = True
    aggregates: frozenset[str] = frozenset()

    @functools.cached_property
    def expr(self) -> ir.Table:
        """The metric's expression, with the title and season filters (built on first use).

        Raises:
            UsageError: The metric has no title (season) column to keep the rows by.
        """
        definition = self.definition
        kept = self.title is not None or self.season is not None
        if not (self.alone and definition.season_alone and kept):
            # built over every session: the same relation for every title and season, built
            # once per process (the page asks for it for several seasons, and again later)
            built = _relation(definition, self.resolved, self.aggregates)
            definition = dataclasses.replace(definition, build=lambda _t, _p: built)
        return definition.expression(
            self.resolved,
            title=self.title,
            season=self.season,
            alone=self.alone,
            aggregates=self.aggregates,
        )

    @property
    def metric(self) -> str:
        """The metric's name."""
        return self.definition.name

    @property
    def params(self) -> Params:
        """The resolved parameters (the same as :attr:`resolved`)."""
        return self.resolved

    def aligned(self, alone: bool) -> Prepared:
        """This computation with :attr:`alone` set, its parameters not parsed again.

        Args:
            alone: Whether to read only the title's (season's) sessions.

        Returns:
            Itself when its expression would be the same (it keeps every title and season,
            or its metric reads every session anyway), else a copy whose expression is
            built anew on first use.
        """
        if alone == self.alone or not self.definition.season_alone:
            return self
        if self.title is None and self.season is None:
            return self
        return dataclasses.replace(self, alone=alone)

    def result(
        self,
        engine: Engine,
        inputs: list[dict[str, object]] | None,
        table: pa.Table,
        schema: pa.Schema | None = None,
    ) -> Result:
        """The result of the rows an engine returned for this computation.

        Args:
            engine: The engine that computed the rows (its label goes into the result).
            inputs: What the data came from, echoed in the result.
            table: The rows.
            schema: The expression's schema as Arrow, when known without building it (from
                :mod:`showmeter.engines.compiled`); by default, the expression's.

        Returns:
            The result, its columns of the expression's types.
        """
        return Result(
            self.definition.name,
            self.resolved.echo(),
            engine.label,
            inputs or [],
            _conform(table, self.expr.schema().to_pyarrow() if schema is None else schema),
        )


_RELATIONS: dict[tuple[str, int, str, frozenset[str]], ir.Table] = {}
"""Metric relations over every session, by metric, version, parameters and pre-aggregations."""

_KEPT = 256
"""How many relations :data:`_RELATIONS` keeps (it is emptied when full)."""


def _relation(
    definition: definitions.Metric, resolved: Params, aggregates: frozenset[str]
) -> ir.Table:
    """The metric's relation over every session (its builder's table), built once per process.

    An Ibis expression is an immutable value: the same relation serves every computation of
    the metric at these parameters, whichever title or season it keeps and in whichever
    thread. The parameters are keyed as results echo them (as the cache of compiled SQL keys
    them, :mod:`showmeter.engines.compiled`).
    """
    import json

    from showmeter.definitions.tables import CanonicalTables

    echoed = json.dumps(resolved.echo(), sort_keys=True, default=str)
    key = (definition.name, definition.version, echoed, aggregates)
    found = _RELATIONS.get(key)
    if found is None:
        found = definition.build(CanonicalTables(aggregates=aggregates), resolved)
        if len(_RELATIONS) >= _KEPT:
            _RELATIONS.clear()
        _RELATIONS[key] = found
    return found


def prepare(
    metric: str,
    params: Mapping[str, object] | None = None,
    *,
    title: str | None = None,
    season: int | None = None,
    alone: bool = True,
    build: bool = True,
) -> Prepared:
    """A metric's computation, resolved and built, without running it (nor reading a store).

    Args:
        metric: The metric's name.
        params: Its parameters, as strings or typed values; defaults fill the rest.
        title: Keep only this title's rows.
        season: Keep only this season's rows.
        alone: Read only the title's (season's) sessions when the metric allows it
            (:attr:`showmeter.definitions.registry.Metric.season_alone`); False builds the
            expression over every session and keeps the rows at the end, so that it shares
            its relations with the same metric of every season.
        build: Build the expression now, so that a request the metric cannot serve fails
            here; False builds it on first use of :attr:`Prepared.expr` (for a caller that
            decides ``alone`` later: see :meth:`Prepared.aligned`).

    Returns:
        The computation: its metric, resolved parameters and expression.

    Raises:
        UsageError: Unknown metric or parameter, or a bad parameter value (or, when built, a
            title or season the metric has no column for).
    """
    definition = definitions.get(metric)
    prepared = Prepared(definition, definition.resolve(params), title, season, alone)
    if build:
        prepared.expr  # noqa: B018  (built now, so that a bad request fails here)
    return prepared


def _conform(table: pa.Table, wanted: pa.Schema) -> pa.Table:
    """The engine's rows with the expression's column types; instants as UTC timestamps.

    Engines differ in the types they return (Spark gives naive timestamps, meaning UTC, and
    may widen or narrow integers); casting to the expression's schema makes every engine's
    result identical.
    """
    import pyarrow as pa

    fields = []
    for field in wanted:
        kind = field.type
        if pa.types.is_timestamp(kind):
            kind = pa.timestamp("us", tz="UTC")
        fields.append(pa.field(field.name, kind, nullable=True))
    table = table.rename_columns(wanted.names)
    target = pa.schema(fields)
    if table.schema.equals(target):
        return table  # already so: no cast (which imports pyarrow.compute, 0.1 s)
    return table.cast(target)
