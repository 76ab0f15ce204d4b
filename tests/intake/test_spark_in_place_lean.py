"""The rules' CASE expressions rewritten to less generated code, for the same values."""

from __future__ import annotations

import pytest

from showmeter.engines.spark_in_place_lean import lean_sql

QUERY = (
    "SELECT p.k, CASE p.k WHEN 0 THEN 'missing_value' WHEN 1 THEN 'not_an_integer' "
    "WHEN 2 THEN 'missing_value' END AS reason, "
    "CASE p.k WHEN 0 THEN CAST(p.a AS STRING) WHEN 1 THEN CAST(p.b AS STRING) "
    "WHEN 2 THEN CAST(p.a AS STRING) END AS value, "
    "CASE p.k WHEN 0 THEN CAST(p.a AS STRING) WHEN 1 THEN CAST(p.b AS STRING) END AS distinct_, "
    "CASE p.k WHEN 1 THEN 'x' WHEN 0 THEN 'y' END AS unordered, "
    "CASE p.k WHEN 0 THEN 'x' WHEN 1 THEN 'y' ELSE 'z' END AS otherwise "
    "FROM t AS p"
)


def test_literal_branches_become_a_lookup_and_repeated_values_one_branch_each() -> None:
    lean = lean_sql(QUERY)
    # reason: three literal branches -> one array lookup
    assert (
        "TRY_ELEMENT_AT(ARRAY('missing_value', 'not_an_integer', 'missing_value'), "
        "(p.k) + 1) AS reason" in lean
    )
    # value: p.a named by branches 0 and 2 -> two branches, chosen by a lookup
    assert (
        "CASE TRY_ELEMENT_AT(ARRAY(0, 1, 0), (p.k) + 1) WHEN 0 THEN CAST(p.a AS STRING) "
        "WHEN 1 THEN CAST(p.b AS STRING) END AS value" in lean
    )
    # no value repeated, branches not 0..n-1 in order, or an ELSE: left as written
    assert "CASE p.k WHEN 0 THEN CAST(p.a AS STRING) WHEN 1 THEN CAST(p.b AS STRING) END" in lean
    assert "CASE p.k WHEN 1 THEN 'x' WHEN 0 THEN 'y' END AS unordered" in lean
    assert "CASE p.k WHEN 0 THEN 'x' WHEN 1 THEN 'y' ELSE 'z' END AS otherwise" in lean


@pytest.mark.spark
def test_the_rewritten_query_gives_the_same_rows_on_spark() -> None:
    from showmeter.engines import spark_session
    from showmeter.engines.spark_in_place import sockets_closed

    session = spark_session().newSession()
    with sockets_closed():
        session.createDataFrame(
            [(0, 1.5, 7), (1, 2.5, 8), (2, 3.5, 9), (None, 4.5, 10)], "k int, a double, b int"
        ).createOrReplaceTempView("t")
        plain = sorted(map(tuple, session.sql(QUERY).collect()), key=str)
        lean = sorted(map(tuple, session.sql(lean_sql(QUERY)).collect()), key=str)
    assert lean == plain
    assert (0, "missing_value", "1.5", "1.5", "y", "x") in lean  # worked by hand
    assert (None, None, None, None, None, "z") in lean
