"""One computation: compile a metric to an engine's SQL, explain it, run it into a result."""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter import definitions
from showmeter.engines.choice import engine_from
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

__all__ = ["compile_sql", "compute", "execute", "explain"]


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
        inputs: What the data came from (paths, row counts), echoed in the result.

    Returns:
        The result: rows, resolved parameters, engine and inputs.

    Raises:
        UsageError: Unknown metric, parameter, engine, title, season, panel or reference.
        InputError: The store cannot be read, or a panel lists a unit twice.
    """
    prepared = prepare(metric, params, title=title, season=season)
    chosen = engine_from(engine)
    with chosen.connect(source) as con:
        check_references(con, prepared.resolved, title, season)
        from showmeter.engines.preaggregated import choose

        prepared, expr, read = choose(con, prepared, chosen)  # a pre-aggregation when covered
        table = chosen.execute(con, prepared, expr)
    result = prepared.result(chosen, inputs, table)
    result.computed_from = read.describe()
    return result


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
