"""Engines: compile a metric's expression to an engine's SQL, run it, and return a result.

Three kinds of engine, by name:

- ``duckdb`` (the default): in-process, straight on the store (a DuckDB file opened read-only,
  or an open connection that holds the canonical tables).
- ``spark``: PySpark in local mode (:mod:`showmeter.engines.spark`). One local SparkSession
  per process, created on first use; each computation gets its own child session, into which
  the tables it reads are moved from the DuckDB store (through Arrow, or Parquet files).
- any other string is an Ibis connection URL (``clickhouse://...``, ``postgres://...``): the
  tables are read there when they exist, else uploaded from the store as temporary tables.

The SQL that runs is exactly what :func:`compile_sql` returns: Ibis compiles the expression
with the engine's dialect, which needs no running engine (not even Spark).

:func:`compute` runs one computation; :func:`showmeter.engines.batch.compute_many` runs many,
computing once what they share (:func:`prepare` and :func:`execute` are the two halves).
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from showmeter import metrics
from showmeter.engines.spark import run_on_spark, spark_session, stop_spark
from showmeter.errors import InputError, UsageError
from showmeter.metrics.params import SeasonKey, nearest
from showmeter.results import Result

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    import duckdb
    import ibis.expr.types as ir
    import pyarrow as pa

    from showmeter.metrics.params import Params

__all__ = [
    "Prepared",
    "compile_sql",
    "compute",
    "engine_names",
    "execute",
    "explain",
    "prepare",
    "spark_session",
    "stop_spark",
]

ENGINES = ("duckdb", "spark")
"""The engines known by name; any other engine is an Ibis URL."""


def engine_names() -> list[str]:
    """The engines known by name (any other engine string is an Ibis URL)."""
    return list(ENGINES)


def _dialect(engine: str) -> str:
    if engine == "duckdb":
        return "duckdb"
    if engine == "spark":
        return "pyspark"
    scheme = engine.partition("://")[0].lower()
    if "://" not in engine or not re.fullmatch(r"[a-z][a-z0-9+]*", scheme):
        raise UsageError(
            f"unknown engine {engine!r}",
            expected="duckdb, spark, or an Ibis connection URL such as clickhouse://host/db",
            remedy=(f"Did you mean {close!r}? " if (close := nearest(engine, ENGINES)) else "")
            + "See `showmeter compute --help`.",
        )
    return {"postgresql": "postgres", "spark": "pyspark"}.get(scheme, scheme)


def _label(engine: str) -> str:
    """The engine as shown in results: a URL without its password."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", engine)


def _to_sql(expr: ir.Table, dialect: str) -> str:
    import ibis

    if dialect == "pyspark":
        ibis.pyspark  # noqa: B018  (registers the backend's options, which to_sql needs)
    try:
        return str(ibis.to_sql(expr, dialect=dialect))
    except Exception as error:  # ibis raises many kinds for an unknown dialect
        raise UsageError(
            f"cannot compile for the SQL dialect {dialect!r}: {error}",
            remedy="Use duckdb, spark, or the URL of an installed Ibis backend.",
        ) from error


def compile_sql(
    metric: str, params: Mapping[str, object] | None = None, *, engine: str = "duckdb"
) -> str:
    """The SQL a metric runs on an engine, without running it (and without starting Spark).

    Args:
        metric: The metric's name.
        params: Its parameters (strings or typed values); defaults fill the rest.
        engine: ``duckdb``, ``spark`` or an Ibis URL (only its scheme is used).

    Returns:
        The SQL text.

    Raises:
        UsageError: Unknown metric, parameter or engine, or a bad parameter value.
    """
    definition = metrics.get(metric)
    return _to_sql(definition.expression(definition.resolve(params)), _dialect(engine))


def explain(
    metric: str, params: Mapping[str, object] | None = None, *, engine: str = "duckdb"
) -> str:
    """A metric explained: definition, parameters, source, and the SQL it compiles to.

    Args:
        metric: The metric's name.
        params: Parameters for the SQL (a required one without a value shows ``<name>``).
        engine: The engine whose SQL to show.

    Returns:
        Plain text (Markdown-friendly).
    """
    from showmeter.metrics.docs import describe

    definition = metrics.get(metric)
    given = dict(params or {})
    for param in definition.params:
        if param.required and param.name not in given:
            given[param.name] = _placeholder(param.name)
    sql = compile_sql(metric, given, engine=engine)
    return f"{describe(definition)}\nSQL ({engine}):\n\n{sql}\n"


def _placeholder(name: str) -> object:
    """A stand-in for a required parameter, so that ``explain`` can show the SQL."""
    if name == "metric":
        return next(m.name for m in metrics.all_metrics() if m.per_season)
    return "<title>:1" if name == "reference" else "<" + name + ">"


def compute(
    metric: str,
    params: Mapping[str, object] | None = None,
    *,
    source: str | Path | duckdb.DuckDBPyConnection,
    engine: str = "duckdb",
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
        engine: ``duckdb``, ``spark`` or an Ibis connection URL.
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
    _dialect(engine)
    with _connection(source) as con:
        _check_references(con, prepared.resolved, title, season)
        table = execute(con, prepared, engine)
    return prepared.result(engine, inputs, table)


@dataclasses.dataclass(frozen=True)
class Prepared:
    """A computation ready to run: the metric, its resolved parameters and its expression.

    Attributes:
        definition: The metric.
        resolved: Its parameters, defaults filled in.
        expr: Its expression, with the title and season filters.
    """

    definition: metrics.Metric
    resolved: Params
    expr: ir.Table

    def result(
        self, engine: str, inputs: list[dict[str, object]] | None, table: pa.Table
    ) -> Result:
        """The result of the rows an engine returned for this computation."""
        return Result(
            self.definition.name,
            self.resolved.echo(),
            _label(engine),
            inputs or [],
            _conform(table, self.expr),
        )


def prepare(
    metric: str,
    params: Mapping[str, object] | None = None,
    *,
    title: str | None = None,
    season: int | None = None,
    alone: bool = True,
) -> Prepared:
    """A metric's computation, resolved and built, without running it (nor reading a store).

    Args:
        metric: The metric's name.
        params: Its parameters, as strings or typed values; defaults fill the rest.
        title: Keep only this title's rows.
        season: Keep only this season's rows.
        alone: Read only the title's (season's) sessions when the metric allows it
            (:attr:`showmeter.metrics.registry.Metric.season_alone`); False builds the
            expression over every session and keeps the rows at the end, so that it shares
            its relations with the same metric of every season.

    Returns:
        The computation: its metric, resolved parameters and expression.

    Raises:
        UsageError: Unknown metric or parameter, or a bad parameter value.
    """
    definition = metrics.get(metric)
    resolved = definition.resolve(params)
    return Prepared(
        definition,
        resolved,
        definition.expression(resolved, title=title, season=season, alone=alone),
    )


def execute(
    con: duckdb.DuckDBPyConnection, prepared: Prepared, engine: str, expr: ir.Table | None = None
) -> pa.Table:
    """Run a prepared computation on an engine and return its rows.

    Args:
        con: The store's connection.
        prepared: The computation.
        engine: ``duckdb``, ``spark`` or an Ibis URL.
        expr: The expression to run in place of ``prepared.expr`` (an equivalent one).

    Returns:
        The rows, as the engine returned them (:meth:`Prepared.result` conforms them).
    """
    expr = prepared.expr if expr is None else expr
    if engine == "duckdb":
        return con.sql(_to_sql(expr, "duckdb")).to_arrow_table()
    if engine == "spark":
        order = list(prepared.definition.sort_columns(prepared.resolved))
        return run_on_spark(con, _table_names(expr), _to_sql(expr, "pyspark"), order)
    return _run_on_ibis(engine, con, expr)


@contextlib.contextmanager
def _connection(
    source: str | Path | duckdb.DuckDBPyConnection,
) -> Iterator[duckdb.DuckDBPyConnection]:
    if not isinstance(source, str | Path):
        yield source
        return
    from showmeter.store import Store

    store = Store(source, read_only=True)
    try:
        yield store.connection
    finally:
        store.close()


def _rows(con: duckdb.DuckDBPyConnection, sql: str, *args: object) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = con.execute(sql, list(args)).fetchall()
    return rows


def _check_references(
    con: duckdb.DuckDBPyConnection, p: Params, title: str | None, season: int | None
) -> None:
    """Fail early on a title, season, reference or panel that the store lacks."""
    seasons = {
        SeasonKey(str(t), int(s)) for t, s in _rows(con, "SELECT title, season FROM seasons")
    }
    titles = sorted({key.title for key in seasons})
    if title is not None and title not in titles:
        raise UsageError(
            f"no title {title!r} in the store",
            remedy=(f"Did you mean {close!r}? " if (close := nearest(title, titles)) else "")
            + f"Titles: {', '.join(titles[:20]) or 'none'}.",
        )
    if season is not None and not any(
        key.season == season and (title is None or key.title == title) for key in seasons
    ):
        raise UsageError(
            f"no season {season}" + (f" of {title!r}" if title else "") + " in the store"
        )
    for name, value in p.items():
        if isinstance(value, SeasonKey) and value not in seasons:
            close = nearest(str(value), [str(key) for key in seasons])
            raise UsageError(
                f"parameter {name!r}: no season {value} in the store",
                remedy=f"Did you mean {close!r}?" if close else "Write it as title:season.",
            )
    panel = p.get_value("panel")
    if panel is None:
        return
    unit = p.text("unit")
    present = _rows(con, "SELECT DISTINCT panel, unit FROM panels ORDER BY 1, 2")
    if (panel, unit) not in present:
        listed = ", ".join(f"{name} ({kind})" for name, kind in present) or "none"
        raise UsageError(
            f"the store has no panel {panel!r} of {unit} units",
            remedy=f"Panels in the store: {listed}. Set panel and unit to one of them.",
        )
    twice = _rows(
        con,
        "SELECT unit_id FROM panels WHERE panel = ? AND unit = ? "
        "GROUP BY unit_id HAVING count(*) > 1 LIMIT 1",
        panel,
        unit,
    )
    if twice:
        raise InputError(
            f"panel {panel!r} lists the {unit} {twice[0][0]!r} more than once",
            remedy="A unit has one weight per panel: fix the panel file and ingest again.",
        )


def _table_names(expr: ir.Table) -> list[str]:
    import ibis.expr.operations as ops

    return sorted({node.name for node in expr.op().find(ops.UnboundTable)})


def _run_on_ibis(url: str, con: duckdb.DuckDBPyConnection, expr: ir.Table) -> pa.Table:
    import ibis

    try:
        backend = ibis.connect(url)
    except Exception as error:
        raise UsageError(f"cannot connect to the engine {_label(url)}: {error}") from error
    try:
        present = set(backend.list_tables())
        for name in _table_names(expr):
            if name not in present:
                backend.create_table(
                    name, con.sql(f'SELECT * FROM "{name}"').to_arrow_table(), temp=True
                )
        table: pa.Table = backend.to_pyarrow(expr)
    finally:
        backend.disconnect()
    return table


def _conform(table: pa.Table, expr: ir.Table) -> pa.Table:
    """The engine's rows with the expression's column types; instants as UTC timestamps.

    Engines differ in the types they return (Spark gives naive timestamps, meaning UTC, and
    may widen or narrow integers); casting to the expression's schema makes every engine's
    result identical.
    """
    import pyarrow as pa

    wanted = expr.schema().to_pyarrow()
    fields = []
    for field in wanted:
        kind = field.type
        if pa.types.is_timestamp(kind):
            kind = pa.timestamp("us", tz="UTC")
        fields.append(pa.field(field.name, kind, nullable=True))
    table = table.rename_columns(wanted.names)
    return table.cast(pa.schema(fields))
