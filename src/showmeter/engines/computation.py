"""One computation: compile a metric to an engine's SQL, explain it, run it into a result."""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter import definitions
from showmeter.engines.choice import engine_from
from showmeter.engines.compiled import compiled
from showmeter.engines.estimates import RuntimeEstimates
from showmeter.engines.launch_check import check_launches, with_left_out
from showmeter.engines.prepared import prepare
from showmeter.engines.references import check_references

if TYPE_CHECKING:
    from collections.abc import Mapping

    import duckdb
    import ibis.expr.types as ir
    import pyarrow as pa

    from showmeter.engines.base import Engine, Source
    from showmeter.engines.prepared import Prepared
    from showmeter.results import Result

__all__ = ["compile_sql", "compute", "execute", "explain", "with_store_defaults"]


def compile_sql(
    metric: str, params: Mapping[str, object] | None = None, *, engine: str | Engine = "duckdb"
) -> str:
    """The SQL a metric runs on an engine, without running it (and without starting Spark).

    Args:
        metric: The metric's name.
        params: Its parameters (strings or typed values); defaults fill the rest.
        engine: ``duckdb``, ``spark``, an Ibis URL (only its scheme is used), or an engine.

    Returns:
        The SQL text.

    Raises:
        UsageError: Unknown metric, parameter or engine, or a bad parameter value.
    """
    expr = prepare(metric, params).expr
    return engine_from(engine).compile(expr)


def explain(
    metric: str, params: Mapping[str, object] | None = None, *, engine: str | Engine = "duckdb"
) -> str:
    """A metric explained: definition, parameters, source, and the SQL it compiles to.

    Args:
        metric: The metric's name.
        params: Parameters for the SQL (a required one without a value shows ``<name>``).
        engine: The engine whose SQL to show.

    Returns:
        Plain text (Markdown-friendly).
    """
    from showmeter.definitions.docs import describe

    definition = definitions.get(metric)
    given = dict(params or {})
    for param in definition.params:
        if param.required and param.name not in given:
            given[param.name] = _placeholder(param.name)
    chosen = engine_from(engine)
    sql = compile_sql(metric, given, engine=chosen)
    return f"{describe(definition)}\nSQL ({chosen.label}):\n\n{sql}\n"


def _placeholder(name: str) -> object:
    """A stand-in for a required parameter, so that ``explain`` can show the SQL."""
    if name == "metric":
        return next(m.name for m in definitions.all_metrics() if m.per_season)
    return "<title>:1" if name == "reference" else "<" + name + ">"


def compute(
    metric: str,
    params: Mapping[str, object] | None = None,
    *,
    source: Source,
    engine: str | Engine = "duckdb",
    title: str | None = None,
    season: int | None = None,
    inputs: list[dict[str, object]] | None = None,
) -> Result:
    """Compute a metric.

    Args:
        metric: The metric's name (``showmeter metrics`` lists them).
        params: Its parameters, as strings (``{"window_days": "30"}``) or typed values.
        source: A store file (opened read-only) or an open DuckDB connection holding the
            canonical tables.
        engine: ``duckdb``, ``spark``, an Ibis connection URL, or an engine.
        title: Keep only this title's rows (``rank`` ranks every title first).
        season: Keep only this season's rows.
        inputs: What the data came from (paths, row counts), echoed in the result; an entry
            ``runtime_estimates`` is added when its figures use estimated runtimes.

    Returns:
        The result: rows, resolved parameters, engine and inputs.

    Raises:
        UsageError: Unknown metric, parameter, engine, title, season, panel or reference.
        InputError: The store cannot be read, a panel lists a unit twice, or a
            launch-relative metric measures seasons without a launch.
    """
    from showmeter.engines.preaggregated import choose, sessions_only

    chosen = engine_from(engine)
    prepared = prepare(metric, params, title=title, season=season, build=not chosen.runs_sql)
    with chosen.connect(source) as con:
        prepared = with_store_defaults(prepared, params, con)
        check_references(con, prepared.resolved, title, season)
        sessions, state = sessions_only(con, prepared, chosen) if chosen.runs_sql else (None, None)
        if sessions is not None:
            # The SQL from the cache of compiled SQL (engines.compiled): no Ibis on a hit.
            sql = compiled(sessions.serves or prepared, chosen)  # serves: the per-day rows
            left_out = check_launches(con, prepared, sql.fields)
            table = chosen.run_sql(con, sql.sql)
            inputs = RuntimeEstimates(con).inputs(prepared, inputs, sql.fields)
            inputs = with_left_out(inputs, left_out)
            result = prepared.result(chosen, inputs, table, schema=sql.schema)
            result.computed_from = sessions.describe()
            return result
        left_out = check_launches(con, prepared)
        # the note on estimated runtimes asks what the metric reads, not the stored table
        # a pre-aggregation may serve it from
        inputs = RuntimeEstimates(con).inputs(prepared, inputs)
        # a pre-aggregation when covered (the status read once, by sessions_only)
        prepared, expr, read = choose(con, prepared, chosen, state)
        table = chosen.execute(con, prepared, expr)
        inputs = with_left_out(inputs, left_out)
    result = prepared.result(chosen, inputs, table)
    result.computed_from = read.describe()
    return result


def with_store_defaults(
    prepared: Prepared,
    given: Mapping[str, object] | None,
    con: duckdb.DuckDBPyConnection,
    defaults: Mapping[str, object] | None = None,
) -> Prepared:
    """The computation with the defaults the store sets (a household's ``unit=profile``).

    See :mod:`showmeter.store.households`: a parameter given explicitly always wins, and
    parameters given already resolved (a :class:`~showmeter.definitions.params.Params`, whose
    every value is stated) take none.

    Args:
        prepared: The computation, resolved with the usual defaults.
        given: The parameters given.
        con: The store's connection.
        defaults: The store's defaults when already read (:func:`store_defaults`), so that a
            batch reads them once; None reads them from ``con``.

    Returns:
        ``prepared`` itself, or the computation resolved again with the store's defaults.
    """
    if defaults is None:
        from showmeter.store.households import store_defaults

        defaults = store_defaults(con)
    stated = {name for name, value in (given or {}).items() if value is not None}
    extra = {
        name: value
        for name, value in defaults.items()
        if name in prepared.resolved and name not in stated
    }
    if not extra:
        return prepared
    return prepare(
        prepared.metric,
        {**(given or {}), **extra},
        title=prepared.title,
        season=prepared.season,
        alone=prepared.alone,
        build=False,
    )


def execute(
    con: duckdb.DuckDBPyConnection,
    prepared: Prepared,
    engine: str | Engine,
    expr: ir.Table | None = None,
) -> pa.Table:
    """Run a prepared computation on an engine and return its rows.

    Args:
        con: The store's connection.
        prepared: The computation.
        engine: ``duckdb``, ``spark``, an Ibis URL, or an engine.
        expr: The expression to run in place of ``prepared.expr`` (an equivalent one).

    Returns:
        The rows, as the engine returned them (:meth:`Prepared.result` conforms them).
    """
    return engine_from(engine).execute(con, prepared, expr)
