"""The rules' Spark SQL with fewer bytes of generated code, for the same values.

Spark compiles a stage's operators into one Java method ("whole-stage code generation"). A
method longer than ``spark.sql.codegen.hugeMethodLimit`` (8,000 bytes: HotSpot's own limit, set
by :mod:`showmeter.engines.spark_settings`) is never JIT-compiled, so Spark gives up the fused
method for the whole stage and runs its operators one by one: for the rules over 2 M Parquet
rows, 16 s of CPU instead of 4 s. The rules' ``CASE p._check WHEN 0 THEN … WHEN 18 THEN … END``
(a rejected row's reason, column and value) cost most of those bytes: each branch is a
comparison and a copy of its value in the code. They are rewritten here, each to an expression
that gives the same value for every ``p._check`` (0 … n-1, or NULL):

- every branch a literal: ``try_element_at(array(lit0, …), p._check + 1)``;
- fewer distinct values than branches (a column named by several rules): ``CASE
  try_element_at(array(j0, …), p._check + 1) WHEN 0 THEN v0 … END``, one branch per distinct
  value (only the matching branch is evaluated, as before).

A CASE of another shape is left as it is.

The ingest trims a text value's ASCII spaces only when it starts or ends with one (``CASE WHEN
STARTSWITH(x, ' ') OR ENDSWITH(x, ' ') THEN NULLIF(TRIM(' ' FROM x), '') ELSE NULLIF(x, '')
END``, :func:`showmeter.intake.sql.as_text`), because DuckDB's ``TRIM`` copies every string.
Spark's ``TRIM`` returns the string itself when there is nothing to trim, so there the test
buys nothing and costs code for each text column: it is rewritten to ``NULLIF(TRIM(' ' FROM
x), '')``, the same value for every ``x`` (one with no space at either end is its own trim).
For the session rules over Parquet that is a sixth less generated Java (98.7 to 82.2 KB; the
fused method 5,914 to 5,050 bytes), which each new executor compiles.
"""

from __future__ import annotations

from typing import Any

__all__ = ["lean_sql"]


def lean_sql(spark_sql: str) -> str:
    """The Spark SQL with its ``CASE x WHEN 0 … WHEN n-1`` and trims rewritten (see above).

    Args:
        spark_sql: A query in Spark SQL (e.g. the transpiled staged rows).

    Returns:
        The same query, giving the same rows.
    """
    import sqlglot

    tree = sqlglot.parse_one(spark_sql, read="spark")
    return str(tree.transform(_rewrite).sql(dialect="spark"))


def _index(case: Any) -> list[Any] | None:
    """The branches' values of a ``CASE x WHEN 0 … WHEN n-1 THEN …`` without ELSE, or None."""
    from sqlglot import exp

    if case.this is None or case.args.get("default") is not None:
        return None
    values = []
    for position, branch in enumerate(case.args.get("ifs") or ()):
        when = branch.this
        if not (isinstance(when, exp.Literal) and not when.is_string and when.this.isdigit()):
            return None
        if int(when.this) != position:
            return None
        values.append(branch.args["true"])
    return values if len(values) > 1 else None


def _lookup(items: list[Any], subject: Any) -> Any:
    from sqlglot import exp

    position = exp.Add(this=exp.paren(subject.copy()), expression=exp.Literal.number(1))
    return exp.Anonymous(
        this="try_element_at",
        expressions=[exp.Array(expressions=[item.copy() for item in items]), position],
    )


def _trimmed(case: Any) -> Any:
    """``NULLIF(TRIM(' ' FROM x), '')`` for the ingest's guarded trim of ``x``, else None."""
    from sqlglot import exp

    default = case.args.get("default")
    ifs: list[Any] = list(case.args.get("ifs") or [])
    if case.this is not None or len(ifs) != 1 or not isinstance(default, exp.Nullif):
        return None
    x = default.this.sql(dialect="spark")
    guarded = (
        f"CASE WHEN STARTSWITH({x}, ' ') OR ENDSWITH({x}, ' ') "
        f"THEN NULLIF(TRIM(' ' FROM {x}), '') ELSE NULLIF({x}, '') END"
    )
    if case.sql(dialect="spark") != guarded:
        return None
    return ifs[0].args["true"].copy()


def _rewrite(node: Any) -> Any:
    from sqlglot import exp

    if not isinstance(node, exp.Case):
        return node
    trimmed = _trimmed(node)
    if trimmed is not None:
        return trimmed
    values = _index(node)
    if values is None:
        return node
    if all(isinstance(v, exp.Literal) and v.is_string for v in values):
        return _lookup(values, node.this)
    distinct: list[Any] = []
    keys: list[str] = []
    slots = []
    for value in values:
        key = value.sql(dialect="spark")
        if key not in keys:
            keys.append(key)
            distinct.append(value)
        slots.append(exp.Literal.number(keys.index(key)))
    if len(distinct) == len(values):
        return node
    return exp.Case(
        this=_lookup(slots, node.this),
        ifs=[
            exp.If(this=exp.Literal.number(i), true=value.copy())
            for i, value in enumerate(distinct)
        ],
    )
