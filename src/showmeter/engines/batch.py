"""Computing many metrics at once, each costly relation they share computed once.

A launch report asks for dozens of computations, and many build the same costly relation: the
ranks of completers and the time to complete both start from every unit's completions of every
episode in the first 28 days; the season's completers and the rank of completers compute the
same completers of every season. On DuckDB, :func:`compute_many` finds those relations
(:mod:`showmeter.engines.sharing`), computes each once into a temporary table just before the
first computation that needs it, runs every computation over the tables, and drops each table
after its last user. Every result is the one :func:`showmeter.engines.compute` gives.

A relation is shared only when some computation of the batch needs it for every title: one
computing a single title reads that title's rows alone, which costs less than computing every
title once. On Spark the batch runs on one session (:meth:`showmeter.engines.base.Engine.batch`):
the store's tables are moved to the cluster once, and each shared relation is kept cached there
(``persist``) until the batch ends. Engines that cannot keep shared relations
(:attr:`showmeter.engines.base.Engine.shares_relations`: Ibis URLs) compute each request on
its own. When the store's sessions would not fit in DuckDB's memory limit
(:meth:`showmeter.engines.base.Engine.by_season`), each shared relation whose season filter
DuckDB pushes down to the sessions is built one season at a time
(:mod:`showmeter.engines.by_season`), so that what it spills is one season's.
Computations of ``demand_multiple`` that differ only in their period are one query
(:mod:`showmeter.engines.periods`), and so are those of the binge race that differ only in
their season (:mod:`showmeter.engines.season_groups`); on DuckDB, a relation several
computations hold but none needs for every title is compiled to SQL once
(:mod:`showmeter.engines.inlined`).
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Protocol

from showmeter.definitions.preaggregates import UNIT_PROGRESS
from showmeter.engines import by_season as seasonwise
from showmeter.engines.choice import engine_from
from showmeter.engines.computation import with_store_defaults
from showmeter.engines.estimates import RuntimeEstimates
from showmeter.engines.inlined import Inlined
from showmeter.engines.launch_check import Launches, check_launches, with_left_out
from showmeter.engines.periods import PeriodGroup
from showmeter.engines.periods import groups as period_groups
from showmeter.engines.preaggregated import Source as Read
from showmeter.engines.preaggregated import choose, sessions_only
from showmeter.engines.preaggregates import status as preaggregate_status
from showmeter.engines.prepared import Prepared, prepare
from showmeter.engines.references import check_references
from showmeter.engines.season_groups import SeasonGroup
from showmeter.engines.season_groups import groups as season_groups
from showmeter.engines.season_groups import mergeable as mergeable_season
from showmeter.engines.sharing import Holders, Shared, shared_relations, substitute

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    import duckdb
    import ibis.expr.operations as ops
    import ibis.expr.types as ir

    from showmeter.engines.base import Batch, Engine, Source
    from showmeter.results import Result

__all__ = ["Request", "compute_many"]

_NAMES = itertools.count(1)


class Request(Protocol):
    """One computation: a metric, its parameters, and the title and season whose rows to keep."""

    @property
    def metric(self) -> str: ...  # noqa: D102
    @property
    def params(self) -> Mapping[str, object]: ...  # noqa: D102
    @property
    def title(self) -> str | None: ...  # noqa: D102
    @property
    def season(self) -> int | None: ...  # noqa: D102


class _Tables:
    """The shared relations computed so far, as temporary tables of one connection."""

    def __init__(
        self,
        batch: Batch,
        shared: list[Shared],
        seasons: list[tuple[str, int]],
    ) -> None:
        self.batch = batch
        self.con = batch.con
        self.engine = batch.engine
        self.shared = shared
        self.seasons = seasons  # empty: every relation is built whole
        self.tables: dict[ops.Relation, ir.Table] = {}
        self.names: dict[ops.Relation, str] = {}

    def needed_by(self, position: int) -> dict[ops.Relation, ir.Table]:
        """The tables of the relations computation ``position`` holds (computed if need be)."""
        for shared in self.shared:  # smallest first: an inner relation before an outer one
            if position in shared.users and shared.node not in self.tables:
                self._create(shared.node)
        return {s.node: self.tables[s.node] for s in self.shared if position in s.users}

    def _create(self, node: ops.Relation) -> None:
        import ibis

        name = f"showmeter_shared_{next(_NAMES)}"
        body = substitute(node.to_expr(), self.tables)
        if self.seasons and {"title", "season"} <= set(node.schema.names):
            sql = self.engine.compile(body)
            if seasonwise.pushes_down(self.con, sql, *self.seasons[0]):
                seasonwise.create(self.con, name, sql, self.seasons)
            else:
                self.batch.create(name, body)
        else:
            self.batch.create(name, body)
        self.tables[node] = ibis.table(node.schema, name=name)
        self.names[node] = name

    def release_after(self, position: int) -> None:
        """Drop the tables whose last user is computation ``position``."""
        for shared in self.shared:
            if max(shared.users) == position and shared.node in self.names:
                self._drop(shared.node)

    def _drop(self, node: ops.Relation) -> None:
        name = self.names.pop(node)
        self.tables.pop(node)
        self.batch.drop(name)

    def drop_all(self) -> None:
        """Drop every table still held."""
        for node in list(self.names):
            self._drop(node)


def compute_many(
    requests: Sequence[Request | Prepared],
    *,
    source: Source,
    engine: str | Engine = "duckdb",
    inputs: list[dict[str, object]] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    by_season: bool | None = None,
) -> list[Result]:
    """Compute several metrics, each costly relation they share computed once.

    Args:
        requests: The computations: each a request (with ``metric``, ``params``, ``title``,
            ``season``) whose parameters are resolved here, once, with the store's defaults
            where it gives no value (a household's ``unit=profile``, as
            :func:`showmeter.engines.compute` does; the store's defaults are read once), or a
            computation already prepared (:func:`showmeter.engines.prepare`), whose parameters
            are not parsed again and which is computed as it was resolved.
        source: A store file (opened read-only) or an open DuckDB connection.
        engine: ``duckdb`` and the Spark engines share relations (engines that
            :attr:`~showmeter.engines.base.Engine.shares_relations`); an Ibis URL computes
            each alone.
        inputs: What the data came from, echoed in every result.
        progress: Called as ``progress(done, total, metric)`` after each computation.
        by_season: Build shared relations one season at a time where DuckDB filters the
            sessions to the season first; None (the default) does so when the engine says so
            for this store (:meth:`showmeter.engines.base.Engine.by_season`: on DuckDB, when
            the store's sessions would not fit in its memory limit). The results are the same
            either way.

    Returns:
        The results, in the order of ``requests``: each equal to what
        :func:`showmeter.engines.compute` returns for the same request.

    Raises:
        UsageError: Unknown metric, parameter, engine, title, season, panel or reference.
        InputError: The store cannot be read, or a panel lists a unit twice.
    """
    from showmeter.store.households import store_defaults

    chosen = engine_from(engine)
    # a bad request fails before anything is read; each request's parameters are parsed once
    resolved = [
        r
        if isinstance(r, Prepared)
        else prepare(r.metric, r.params, title=r.title, season=r.season, build=False)
        for r in requests
    ]
    wide = [p.title is None for p in resolved]
    results: list[Result] = []
    with chosen.connect(source) as con, chosen.batch(con) as batch:
        defaults = store_defaults(con)  # read once for the batch
        if defaults:
            resolved = [
                p if isinstance(r, Prepared) else with_store_defaults(p, r.params, con, defaults)
                for r, p in zip(requests, resolved, strict=True)
            ]
        shares = chosen.shares_relations
        if by_season is None:
            by_season = shares and any(wide) and chosen.by_season(con)
        # Season by season, or alone on an engine that shares nothing, a season's computation
        # reads its own sessions; otherwise it shares what it can with every season's.
        prepared = [p.aligned(bool(by_season) or not shares) for p in resolved]
        # demand multiples of several periods: one query for all (engines.periods)
        grouped = _period_groups(con, prepared, chosen)
        left_out = []
        launches = Launches(con)  # read once for the batch
        for position, computation in enumerate(prepared):
            check_references(con, computation.resolved, computation.title, computation.season)
            fields = grouped[position][0].fields if position in grouped else None
            left_out.append(check_launches(con, computation, fields, launches))
        # each reads the store's pre-aggregations where they cover it
        state = preaggregate_status(con, any_unit=True) if shares else None
        # the note on estimated runtimes asks what each metric reads, not the stored table a
        # pre-aggregation may serve it from
        estimates = RuntimeEstimates(con)
        runtime_notes = [
            estimates.inputs(c, inputs, grouped[i][0].fields if i in grouped else None)
            for i, c in enumerate(prepared)
        ]
        singles = [i for i in range(len(prepared)) if i not in grouped]
        chosen_sources = {i: choose(con, prepared[i], chosen, state) for i in singles}
        asked = list(prepared)
        for i in singles:
            prepared[i] = chosen_sources[i][0]
        # one metric of several seasons: one query for all (engines.season_groups)
        together = _season_groups(asked, chosen_sources, chosen) if not by_season else {}
        runs = [i for i in singles if together.get(i, (None, 0))[1] == 0]
        exprs = [together[i][0].expr if i in together else chosen_sources[i][1] for i in runs]
        single_wide = [wide[i] for i in runs]
        holders = Holders(exprs) if shares else None
        shared = shared_relations(exprs, single_wide, holders) if shares else []
        seasons: list[tuple[str, int]] = []
        if by_season and shares:
            rows = con.execute("SELECT title, season FROM seasons ORDER BY title, season")
            seasons = [(str(t), int(s)) for t, s in rows.fetchall()]
        if seasons:
            shared = seasonwise.plan(con, exprs, single_wide, shared, chosen.compile, seasons[0])
        tables = _Tables(batch, shared, seasons)
        inlined = Inlined(chosen, exprs, shared, holders) if shares and chosen.runs_sql else None
        order = {position: n for n, position in enumerate(runs)}
        try:
            for position, computation in enumerate(prepared):
                said = with_left_out(runtime_notes[position], left_out[position])
                if position in grouped:
                    group, member, read = grouped[position]
                    part = group.rows(batch, member)
                    result = computation.result(chosen, said, part, schema=group.schema)
                    result.computed_from = read.describe()
                elif position in together:
                    season_group, member = together[position]
                    expr = None
                    if member == 0:  # the group's query, run now
                        n = order[position]
                        expr = substitute(exprs[n], tables.needed_by(n))
                    part = season_group.rows(batch, member, expr)
                    if member == 0:
                        tables.release_after(n)
                    result = computation.result(chosen, said, part)
                    result.computed_from = chosen_sources[position][2].describe()
                else:
                    n = order[position]
                    expr = substitute(exprs[n], tables.needed_by(n))
                    sql = inlined.sql(n, expr) if inlined is not None else None
                    if sql is not None:  # what it shares with others, compiled once
                        table = chosen.run_sql(con, sql)
                    else:
                        table = batch.execute(computation, expr)
                    tables.release_after(n)
                    result = computation.result(chosen, said, table)
                    result.computed_from = chosen_sources[position][2].describe()
                results.append(result)
                if progress is not None:
                    progress(position + 1, len(prepared), computation.definition.name)
        finally:
            tables.drop_all()
    return results


def _season_groups(
    prepared: list[Prepared],
    chosen_sources: Mapping[int, tuple[Prepared, ir.Table, Read]],
    engine: Engine,
) -> dict[int, tuple[SeasonGroup, int]]:
    """The computations computed with others of other seasons in one query.

    Only on an engine that runs SQL on the store's connection and shares relations, and only
    groups (:func:`showmeter.engines.season_groups.groups`) each of whose members runs its
    metric's own expression over the same pre-aggregations, reading at most the per-unit
    progress (the group's query builds the metric's relation over every session, which is
    what such a member filters). A member served by a season figure is not: it reads its
    season's few stored rows (:func:`choose` returns the figure's expression as the
    computation's own), far cheaper than the relation. A group is computed at once whole or
    not at all (a kept plan expects its groups whole).

    Args:
        prepared: The batch's computations, as asked (before :func:`choose`).
        chosen_sources: For each computation not of a group of periods, what :func:`choose`
            gave: the computation to run, its expression and what it reads.
        engine: The batch's engine.

    Returns:
        Position -> (its group, its position in the group).
    """
    if not (engine.runs_sql and engine.shares_relations):
        return {}
    found: dict[int, tuple[SeasonGroup, int]] = {}
    for positions in season_groups(prepared):
        if not all(i in chosen_sources for i in positions):
            continue
        runs = [chosen_sources[i][0] for i in positions]
        own = all(
            chosen_sources[i][1] is run.expr
            and mergeable_season(run)
            and all(t.startswith(UNIT_PROGRESS) for t in chosen_sources[i][2].tables)
            for i, run in zip(positions, runs, strict=True)
        )
        if not own or len({run.aggregates for run in runs}) != 1:
            continue
        group = SeasonGroup(runs)
        for member, position in enumerate(positions):
            found[position] = (group, member)
    return found


def _period_groups(
    con: duckdb.DuckDBPyConnection, prepared: list[Prepared], engine: Engine
) -> dict[int, tuple[PeriodGroup, int, Read]]:
    """The computations computed with others of other periods in one query (engines.periods).

    Only on an engine that runs SQL on the store's connection, and only computations that
    surely read the sessions (no pre-aggregation is declared for them).

    Returns:
        Position -> (its group, its position in the group, what it reads).
    """
    if not engine.runs_sql:
        return {}
    found: dict[int, tuple[PeriodGroup, int, Read]] = {}
    for positions in period_groups(prepared):
        sources = [sessions_only(con, prepared[i], engine)[0] for i in positions]
        if any(source is None for source in sources):
            continue
        group = PeriodGroup([prepared[i] for i in positions])
        for member, (position, source) in enumerate(zip(positions, sources, strict=True)):
            assert source is not None
            found[position] = (group, member, source)
    return found
