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
- ``TRY_CAST(text AS TIMESTAMP[TZ])`` → the same cast of the text with the seconds written
  out when it has none (``2017-08-18T08:00Z`` → ``2017-08-18 08:00:00Z``) and its date and time
  parted by one space (DuckDB also takes ``T``, ``T `` or several spaces; Spark fails on a
  zoned time without seconds); an instant's text with a space before ``Z`` or an offset
  (``08:00:00 +01:00``) is NULL, as DuckDB has it, and the hour 24 with zero minutes and
  seconds is the next day's midnight, as DuckDB reads it (:func:`_timestamp_text`);
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


_DATE_TIME = r"^(\s*[0-9]+-[0-9]+-[0-9]+)(?:T\s*|\s+)([0-9]+:[0-9]+)(?=\s*(?:[Zz]|[+-][0-9]|UTC|$))"
"""A date, ``T`` or spaces, and a time of hours and minutes only (a zone, or the end, next)."""

_APART = r"^(\s*[0-9]+-[0-9]+-[0-9]+)(?:T\s*|\s+)([0-9])"
"""A date, then ``T`` or spaces, then a time."""

_SPACED_ZONE = r"[0-9.](\s+([Zz]|[+-][0-9]+(:?[0-9]+)?)|UTC)$"
"""An instant's text with a space before ``Z`` or its offset, or ``UTC`` without one before
it: DuckDB reads no instant."""

_HOUR_ONLY = r"^\s*[0-9]+-[0-9]+-[0-9]+(?:T\s*|\s+)[0-9]+\s*$"
"""A date and an hour without minutes: DuckDB reads no time (Spark would)."""

_MIDNIGHT = (
    r"^(\s*[0-9]+-[0-9]+-[0-9]+ )0*24(:0{1,2}:0{1,2}(?:[.](?:0{6}[0-9]*|0{0,5}(?![0-9])))?)"
    r"(?![0-9.])"
)
"""The hour 24 of a date and time as :func:`_timestamp_text` spells them (one space, seconds
written out), minutes and seconds zero and no microsecond (finer digits are cut off, as by
both engines): DuckDB reads the next day's midnight, Spark no time."""

_ZONE_AFTER = r"([0-9]:[0-9]+(?::[0-9]+)?(?:[.][0-9]*)?)\s*(?:[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)$"
"""A time then ``Z`` or an offset, which DuckDB's cast to a local time passes over."""


def _timestamp_text(cast: Any) -> Any:
    """Spark's ``TRY_CAST`` of a text to a timestamp, reading what DuckDB's reads.

    DuckDB's cast takes a time without seconds in every form (``08:00``, ``08:00Z``,
    ``08:00+05:30``, ``08:00 UTC``) and a date and time parted by ``T``, ``T `` or spaces; Spark
    takes seconds-less times only without a zone and the parts by ``T`` or one space. So the
    text is given its seconds and one space first. DuckDB reads no time from a date and an
    hour alone, nor an instant from a text with a space before ``Z`` or an offset, or ``UTC``
    right after the time (Spark would): NULL. DuckDB's cast to a local time passes over a
    ``Z`` or an offset after the time (Spark's fails): it is taken off first. DuckDB reads the
    hour 24 (``2017-08-18 24:00:00``, minutes and seconds zero) as the next day's midnight,
    Spark as no time: its hour is made 0 and a day added (the date checked as written, so
    ``2017-02-30 24:00`` is none on both).
    """
    from sqlglot import exp

    local = cast.to.this != exp.DataType.Type.TIMESTAMPTZ
    text = cast.this.copy()
    if local:
        text = exp.func(
            "regexp_replace", text, exp.Literal.string(_ZONE_AFTER), exp.Literal.string("$1")
        )
    spaced = exp.func(
        "regexp_replace", text, exp.Literal.string(_APART), exp.Literal.string("$1 $2")
    )
    seconds = exp.func(
        "regexp_replace", spaced, exp.Literal.string(_DATE_TIME), exp.Literal.string("$1 $2:00")
    )
    midnight = exp.RegexpLike(this=seconds.copy(), expression=exp.Literal.string(_MIDNIGHT))
    hour_zero = exp.func(
        "regexp_replace", seconds, exp.Literal.string(_MIDNIGHT), exp.Literal.string("$100$2")
    )  # Java reads "$100" as group 1, then "00": there is no group 10 or 100
    read = exp.TryCast(this=hour_zero, to=cast.to.copy(), safe=True)
    read.meta["spark_text"] = True
    next_day = exp.Anonymous(
        this="try_add",
        expressions=[read.copy(), exp.Interval(this=exp.Literal.string("1"), unit=exp.var("DAY"))],
    )
    unread: Any = exp.RegexpLike(this=cast.this.copy(), expression=exp.Literal.string(_HOUR_ONLY))
    if not local:
        spaced_zone = exp.RegexpLike(
            this=cast.this.copy(), expression=exp.Literal.string(_SPACED_ZONE)
        )
        unread = exp.or_(unread, spaced_zone)
    return exp.Case(
        ifs=[exp.If(this=unread, true=exp.null()), exp.If(this=midnight, true=next_day)],
        default=read,
    )


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
    times = (exp.DataType.Type.TIMESTAMPTZ, exp.DataType.Type.TIMESTAMPNTZ)
    if isinstance(node, exp.TryCast) and node.to.this in times and not node.meta.get("spark_text"):
        return _timestamp_text(node)
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
            # the local time rewritten too (a replaced node's own children are not visited)
            return exp.func("to_utc_timestamp", args[1].transform(_rewrite), args[0].copy())
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
