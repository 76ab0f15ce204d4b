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
- a CTE's ``MATERIALIZED`` / ``NOT MATERIALIZED`` hint is dropped (Spark plans CTEs itself).
"""

from __future__ import annotations

from typing import Any

__all__ = ["spark_sql"]


def _rewrite(node: Any) -> Any:
    from sqlglot import exp

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
