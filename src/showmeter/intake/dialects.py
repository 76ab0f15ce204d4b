"""The ingest's rules in Spark SQL: the DuckDB SQL of the rules, transpiled with sqlglot.

The rules are written once, as DuckDB SQL (:mod:`showmeter.intake.rules`,
:mod:`showmeter.intake.staging_sql`, :mod:`showmeter.intake.settle`). To run them on Spark, the
very same query text is transpiled by sqlglot (the library Ibis compiles with), and the few
functions that have no Spark spelling are rewritten here, each to an expression with the same
result on every value the rules give it:

- ``isfinite(x)`` → ``NOT isnan(x) AND abs(x) <> double('Infinity')`` (its argument is never
  NULL where it decides anything: a NULL is NULL both ways);
- ``regexp_full_match(x, p)`` → ``x RLIKE '^(?:p)$'`` (the patterns are ASCII classes,
  read alike by RE2 and Java);
- ``timezone(zone, local)`` → ``to_utc_timestamp(local, zone)``: the instant of a local time;
- ``TRY(x)`` → ``x`` (only around ``decode`` of a bytes column; Spark decodes without failing);
- a CTE's ``MATERIALIZED`` / ``NOT MATERIALIZED`` hint is dropped (Spark plans CTEs itself);
- a rejected row's ``to_json(struct_pack(…))`` keeps its NULL fields
  (``map('ignoreNullFields', 'false')``), and its timestamps (named by
  :func:`~showmeter.intake.staging_sql.typed`) are written as DuckDB writes them, as is the
  text of an instant (``CAST(CAST(x AS TIMESTAMPTZ) AS VARCHAR)``): ``2017-08-18 09:00:00.5+00``
  for an instant, ``2017-08-18 09:00:00.5`` for a naive time (both sessions are in UTC). So
  ``--rejects`` gives the same record on both engines, but for a double below 1e-3 or from
  1e7 on (DuckDB ``0.00001``, Spark ``1.0E-5``).
"""

from __future__ import annotations

from typing import Any

__all__ = ["spark_sql"]


def _instant_text(instant: Any) -> Any:
    """DuckDB's text of a TIMESTAMPTZ in UTC, in Spark: the wall time, then ``+00``."""
    from sqlglot import exp

    text = exp.Cast(this=instant, to=exp.DataType.build("text"))
    return exp.Anonymous(this="concat", expressions=[text, exp.Literal.string("+00")])


def _is_cast(node: Any, *types: Any) -> bool:
    from sqlglot import exp

    return isinstance(node, exp.Cast) and node.to.this in types


def _record(struct: Any) -> Any:
    """``to_json`` of a rejected row's fields, written as DuckDB writes them."""
    from sqlglot import exp

    struct = struct.copy()
    for field in struct.expressions:
        value = field.expression
        if _is_cast(value, exp.DataType.Type.TIMESTAMPTZ):
            field.set("expression", _instant_text(value))
        elif _is_cast(value, exp.DataType.Type.TIMESTAMPNTZ, exp.DataType.Type.TIMESTAMP):
            field.set("expression", exp.Cast(this=value, to=exp.DataType.build("text")))
    keep_nulls = exp.Anonymous(
        this="map",
        expressions=[exp.Literal.string("ignoreNullFields"), exp.Literal.string("false")],
    )
    return exp.Anonymous(this="to_json", expressions=[struct, keep_nulls])


def _rewrite(node: Any) -> Any:
    from sqlglot import exp

    text = (exp.DataType.Type.TEXT, exp.DataType.Type.VARCHAR)
    if _is_cast(node, *text) and _is_cast(node.this, exp.DataType.Type.TIMESTAMPTZ):
        return _instant_text(node.this.copy())
    if isinstance(node, exp.CTE) and node.args.get("materialized") is not None:
        node.set("materialized", None)
        return node
    if isinstance(node, exp.Anonymous):
        name = str(node.name).lower()
        args = node.expressions
        if name == "isfinite" and len(args) == 1:
            value = args[0]
            return exp.paren(
                exp.and_(
                    exp.not_(exp.func("isnan", value.copy())),
                    exp.NEQ(
                        this=exp.func("abs", value.copy()),
                        expression=exp.func("double", exp.Literal.string("Infinity")),
                    ),
                )
            )
        if name == "regexp_full_match" and len(args) == 2:
            pattern = args[1]
            if isinstance(pattern, exp.Literal):
                anchored = exp.Literal.string(f"^(?:{pattern.this})$")
                return exp.RegexpLike(this=args[0].copy(), expression=anchored)
        if name == "timezone" and len(args) == 2:
            return exp.func("to_utc_timestamp", args[1].copy(), args[0].copy())
        if name == "try" and len(args) == 1:
            return args[0].copy()
        if name == "to_json" and len(args) == 1 and isinstance(args[0], exp.Struct):
            return _record(args[0])
    kind = type(node).__name__
    if kind == "Try":
        return node.this.copy()
    if kind == "RegexpFullMatch" and isinstance(node.expression, exp.Literal):
        anchored = exp.Literal.string(f"^(?:{node.expression.this})$")
        return exp.RegexpLike(this=node.this.copy(), expression=anchored)
    return node


def spark_sql(duckdb_sql: str) -> str:
    """The Spark SQL of a query of the rules written in DuckDB SQL.

    Args:
        duckdb_sql: The query, as :func:`~showmeter.intake.staging_sql.staged_sql` or
            :mod:`~showmeter.intake.settle` write it for DuckDB.

    Returns:
        The same query in Spark SQL.
    """
    import sqlglot

    tree = sqlglot.parse_one(duckdb_sql, read="duckdb")
    return str(tree.transform(_rewrite).sql(dialect="spark"))
