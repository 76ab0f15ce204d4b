"""The ingest's guarded trim, rewritten for Spark to a plain trim: the same value for any text."""

from __future__ import annotations

import random

import pytest

from showmeter.engines.spark_in_place_lean import lean_sql
from showmeter.intake.dialects import spark_sql
from showmeter.intake.sql import as_text


def _guarded(column: str) -> str:
    import pyarrow as pa

    return as_text(column, pa.string())  # the ingest's own text, in DuckDB SQL


def test_the_guarded_trim_of_each_column_becomes_one_trim() -> None:
    query = spark_sql(f"SELECT {_guarded('b.a')} AS a, LOWER({_guarded('b.d')}) AS d FROM v AS b")
    assert query.count("STARTSWITH") == 2
    assert lean_sql(query) == (
        "SELECT (NULLIF(TRIM(' ' FROM b.a), '')) AS a, "
        "LOWER((NULLIF(TRIM(' ' FROM b.d), ''))) AS d FROM v AS b"
    )


@pytest.mark.parametrize(
    "case",
    [
        # another column in one place, a tab instead of a space, another ELSE, two branches
        "CASE WHEN STARTSWITH(a, ' ') OR ENDSWITH(b, ' ') THEN NULLIF(TRIM(a), '') "
        "ELSE NULLIF(a, '') END",
        "CASE WHEN STARTSWITH(a, '\t') OR ENDSWITH(a, '\t') THEN NULLIF(TRIM(a), '') "
        "ELSE NULLIF(a, '') END",
        "CASE WHEN STARTSWITH(a, ' ') OR ENDSWITH(a, ' ') THEN NULLIF(TRIM(a), '') "
        "ELSE NULLIF(a, 'x') END",
        "CASE WHEN STARTSWITH(a, ' ') THEN NULLIF(TRIM(a), '') "
        "WHEN ENDSWITH(a, ' ') THEN NULLIF(TRIM(a), '') ELSE NULLIF(a, '') END",
    ],
)
def test_other_shapes_are_left_as_written(case: str) -> None:
    assert "STARTSWITH" in lean_sql(f"SELECT {case} AS x FROM t")


def _texts(count: int) -> list[str | None]:
    """Random short texts of spaces, other blanks and letters (seeded), and the edge cases."""
    alphabet = [" ", " ", "\t", "\n", "\u00a0", "\u3000", "a", "é", "日", "x y"]
    chance = random.Random(20261207)
    made: list[str | None] = [None, "", " ", "  ", "a", " a", "a ", " a ", "\ta\t", "\u00a0"]
    made.extend(
        "".join(chance.choice(alphabet) for _ in range(chance.randint(0, 6))) for _ in range(count)
    )
    return made


@pytest.mark.spark
def test_the_same_value_as_the_guarded_trim_on_spark_for_random_texts() -> None:
    from showmeter.engines import spark_session
    from showmeter.engines.spark_in_place import sockets_closed

    texts = _texts(2000)
    query = spark_sql(f"SELECT i, {_guarded('b.s')} AS t FROM texts AS b")
    assert "STARTSWITH" in query and "STARTSWITH" not in lean_sql(query)
    session = spark_session().newSession()
    with sockets_closed():
        session.createDataFrame(list(enumerate(texts)), "i int, s string").createOrReplaceTempView(
            "texts"
        )
        plain = sorted(map(tuple, session.sql(query).collect()))
        lean = sorted(map(tuple, session.sql(lean_sql(query)).collect()))
    assert lean == plain
    # the same values as the ingest's own trim on DuckDB (found by review: DuckDB's plain trim
    # also removed Unicode spaces, Spark's not, so ' \u00a0a' differed)
    import duckdb

    con = duckdb.connect()
    con.execute("CREATE TABLE texts (i INTEGER, s VARCHAR)")
    con.executemany("INSERT INTO texts VALUES (?, ?)", list(enumerate(texts)))
    ingest = con.execute(f"SELECT i, {_guarded('b.s')} FROM texts AS b ORDER BY i").fetchall()
    assert lean == sorted(ingest)
    by_index = dict(lean)
    # worked by hand: spaces only are trimmed, other blanks kept; empty after trimming is NULL
    assert [by_index[i] for i in range(10)] == [
        None,
        None,
        None,
        None,
        "a",
        "a",
        "a",
        "a",
        "\ta\t",
        "\u00a0",
    ]
