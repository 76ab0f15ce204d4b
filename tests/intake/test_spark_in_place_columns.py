"""Which columns of each input table a metric's expression reads (spark_in_place_columns).

Worked by hand from small Ibis expressions: a column counts when the expression uses it
anywhere (a filter, a join key, a group, an aggregate, an output), followed through the
relations that pass columns on; DISTINCT reads every column it is given.
"""

from __future__ import annotations

import ibis

from showmeter.engines.spark_in_place_columns import columns_read


def _tables() -> tuple[ibis.Table, ibis.Table]:
    viewing = ibis.table({"a": "int64", "b": "string", "c": "float64", "d": "int64"}, "viewing")
    other = ibis.table({"k": "string", "v": "int64", "w": "int64"}, "other")
    return viewing, other


def test_filter_join_and_aggregate_read_only_the_columns_they_name() -> None:
    viewing, other = _tables()
    kept = viewing.filter(viewing.a > 1).select("b")  # a: the filter; c, d: never named
    right = other.select("k", "v")  # w: never named
    joined = kept.join(right, kept.b == right.k)  # b, k: the join's keys
    expr = joined.group_by("b").aggregate(total=joined.v.sum())  # v: the sum
    assert columns_read(expr) == {"viewing": {"a", "b"}, "other": {"k", "v"}}


def test_a_column_projected_and_not_used_downstream_still_counts() -> None:
    # The SQL compiled from the projection selects c, so the table must have it.
    viewing, _ = _tables()
    expr = viewing.select("a", "c").a.sum()
    assert columns_read(expr) == {"viewing": {"a", "c"}}


def test_a_projection_then_distinct_reads_what_it_projected() -> None:
    viewing, _ = _tables()
    expr = viewing.select("a", "c").distinct().count()  # DISTINCT reads a and c; not b, d
    assert columns_read(expr) == {"viewing": {"a", "c"}}


def test_a_table_returned_whole_reads_every_column() -> None:
    viewing, _ = _tables()
    assert columns_read(viewing.order_by("a").limit(3)) == {"viewing": {"a", "b", "c", "d"}}
