"""Weights that are not finite, or above 10⁸, are quarantined, on DuckDB and on Spark alike.

Before, a finite weight beyond 2⁶³ (1e19, 1e308) loaded, and a panel figure then failed with
an internal error: the exact sums cast each value's whole part to a 64-bit integer. Now such a
weight is ``weight_too_large`` (above :data:`~showmeter.intake.rules.MAX_WEIGHT`, 10⁸), and a
NaN or an infinity in any spelling ``not_a_number``, in a store's load and in place.

Hand-worked world (the small catalog of tests/conftest.py; the-defenders 1 ep1 runs 3134 s):

- ``panel.csv`` (lines 2-9): a1 1e19, a2 inf, a3 nan, a4 1e308, a5 2.5, a6 -inf, a7
  Infinity, a8 100000000 (the bound itself): a5 and a8 load;
- ``panel.jsonl`` (lines 1-5): b1 NaN, b2 Infinity, b3 1e400 (an infinity), b4 "inf", b5 1e19,
  b6 100000000.5: b6 is above the bound, none loads;
- ``panel.parquet`` (doubles, rows 1-6): NaN, inf, -inf, 1e19, 1e308, 2.5: c6 loads;
- ``sessions.csv``: a5 3000 s and a8 3134 s of ep1 on 2017-08-18 (panel p);
- ``reviews.csv`` (lines 2-7): 80/100 weight 1e19, 70 inf, 60 1e308, 50 weight 1, 90 weight 3,
  40 nan: two load, metascore (50 + 3 × 90) / 4 = 80.

So hours_viewed = (2.5 × 3000 + 10⁸ × 3134) / 3600, reach = 2.5 + 10⁸ (both units reached).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import showmeter
from showmeter.intake.reasons import describe
from showmeter.intake.rules import MAX_WEIGHT

PANEL_CSV = (
    "panel,account_id,weight\n"
    "p,a1,1e19\np,a2,inf\np,a3,nan\np,a4,1e308\np,a5,2.5\np,a6,-inf\np,a7,Infinity\n"
    "p,a8,100000000\n"
)
PANEL_JSONL = (
    '{"panel": "p", "account_id": "b1", "weight": NaN}\n'
    '{"panel": "p", "account_id": "b2", "weight": Infinity}\n'
    '{"panel": "p", "account_id": "b3", "weight": 1e400}\n'
    '{"panel": "p", "account_id": "b4", "weight": "inf"}\n'
    '{"panel": "p", "account_id": "b5", "weight": 1e19}\n'
    '{"panel": "p", "account_id": "b6", "weight": 100000000.5}\n'
)
PARQUET_WEIGHTS = [float("nan"), float("inf"), float("-inf"), 1e19, 1e308, 2.5]
SESSIONS = (
    "event_id,account_id,title,season,episode,started_at,seconds_watched,market\n"
    "e1,a5,the-defenders,1,1,2017-08-18T08:00:00Z,3000,US\n"
    "e2,a8,the-defenders,1,1,2017-08-18T09:00:00Z,3134,US\n"
)
REVIEWS = (
    "title,season,outlet,rating,weight\n"
    "the-defenders,1,o1,80/100,1e19\nthe-defenders,1,o2,70/100,inf\n"
    "the-defenders,1,o3,60/100,1e308\nthe-defenders,1,o4,50/100,1\n"
    "the-defenders,1,o5,90/100,3\nthe-defenders,1,o6,40/100,nan\n"
)

EXPECTED = {
    "panel.csv": {"weight_too_large": 2, "not_a_number": 4},
    "panel.jsonl": {"weight_too_large": 2, "not_a_number": 4},
    "panel.parquet": {"weight_too_large": 2, "not_a_number": 3},
    "sessions.csv": {},
    "reviews.csv": {"weight_too_large": 2, "not_a_number": 2},
}
LOADED = {"panel.csv": 2, "panel.jsonl": 0, "panel.parquet": 1, "sessions.csv": 2}
HOURS = (2.5 * 3000 + MAX_WEIGHT * 3134) / 3600


def world(folder: Path) -> dict[str, list[Path]]:
    """The files of the module's docstring."""
    for name, text in {
        "panel.csv": PANEL_CSV,
        "panel.jsonl": PANEL_JSONL,
        "sessions.csv": SESSIONS,
        "reviews.csv": REVIEWS,
    }.items():
        (folder / name).write_text(text)
    table = pa.table(
        {
            "panel": ["p"] * len(PARQUET_WEIGHTS),
            "account_id": [f"c{i}" for i in range(1, len(PARQUET_WEIGHTS) + 1)],
            "weight": pa.array(PARQUET_WEIGHTS, pa.float64()),
        }
    )
    pq.write_table(table, folder / "panel.parquet")
    panels = [folder / n for n in ("panel.csv", "panel.jsonl", "panel.parquet")]
    return {
        "events": [folder / "sessions.csv"],
        "panels": panels,
        "reviews": [folder / "reviews.csv"],
    }


def by_file(inputs: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    return {Path(str(item["file"])).name: item for item in inputs if "file" in item}


def test_the_bound_reason_says_cause_then_remedy() -> None:
    assert json.loads("1e400") == float("inf")  # the JSON spelling of line 3 is an infinity
    cause, remedy = describe("weight_too_large").split("; ", 1)
    assert "100000000" in cause
    assert remedy.startswith("for a panel, give the number of people")
    assert "for a review the outlet's importance" in remedy
    cause, remedy = describe("signal_too_large").split("; ", 1)
    assert "1000000000000 (10¹²)" in cause
    assert remedy.startswith("give the day's count")


def test_a_store_quarantines_them_and_the_panel_figures_are_computed(
    tmp_path: Path, catalog_file: Path
) -> None:
    files = world(tmp_path)
    store = tmp_path / "s.duckdb"
    summary = showmeter.ingest(store, catalog=catalog_file, **files)
    assert summary.read == summary.loaded + summary.quarantined + summary.duplicates
    for item in summary.files:
        name = Path(item.file).name
        assert item.reasons == EXPECTED[name], name
        assert item.read == item.loaded + item.quarantined, name
        assert item.loaded == LOADED.get(name, 2), name
    params = {"panel": "p"}
    hours = showmeter.compute("hours_viewed", params=params, store=store)
    assert {r["title"]: r["value"] for r in hours.rows}["the-defenders"] == pytest.approx(HOURS)
    reach = showmeter.compute("reach", params=params, store=store)
    assert {r["title"]: r["value"] for r in reach.rows}["the-defenders"] == 2.5 + MAX_WEIGHT
    meta = showmeter.compute("metascore", params={"min_reviews": 1}, store=store)
    assert {r["title"]: r["weighted_mean"] for r in meta.rows}["the-defenders"] == 80.0


def in_place(files: dict[str, list[Path]], catalog: Path, engine: str) -> list[object]:
    """hours_viewed and metascore from the files: their rows and inputs."""
    hours = showmeter.compute(
        "hours_viewed", params={"panel": "p"}, catalog=catalog, engine=engine, **files
    )
    meta = showmeter.compute(
        "metascore", params={"min_reviews": 1}, catalog=catalog, engine=engine, **files
    )
    return [hours.rows, meta.rows, hours.inputs, meta.inputs]


def test_in_place_on_duckdb_quarantines_the_same_rows(tmp_path: Path, catalog_file: Path) -> None:
    hours, meta, hours_inputs, meta_inputs = in_place(world(tmp_path), catalog_file, "duckdb")
    assert {r["title"]: r["value"] for r in hours}["the-defenders"] == pytest.approx(HOURS)
    assert {r["title"]: r["weighted_mean"] for r in meta}["the-defenders"] == 80.0
    counts = by_file(hours_inputs) | by_file(meta_inputs)
    assert {name: item["reasons"] for name, item in counts.items()} == EXPECTED
    for name, item in counts.items():
        assert item["read"] == item["loaded"] + item["quarantined"], name


def weight_reasons(
    con: Any, arrow_type: pa.DataType, spark: bool, kind: str = "panels", column: str = "weight"
) -> dict[object, str | None]:
    """Each value of table ``b`` (column ``column``) and the first rule of ``kind`` it breaks."""
    from showmeter.intake.dialects import spark_sql
    from showmeter.intake.rules import KINDS
    from showmeter.intake.staging_sql import raw_alias

    rules = KINDS[kind]
    types = {column: arrow_type}
    checks = [c for c in rules.checks(types, None) if c.column == column]
    reason = " ".join(f"WHEN {c.fails} THEN '{c.reason}'" for c in checks)
    query = (
        f"SELECT p.{raw_alias(column)} AS v, CASE {reason} END AS reason FROM ("
        f"SELECT b.{column} AS {raw_alias(column)}, "
        f"{rules.parsed(types, None)[column]} AS {column} FROM b) p"
    )
    rows = con.sql(spark_sql(query)).collect() if spark else con.execute(query).fetchall()
    return {"nan" if v != v else v: r for v, r in rows}


SIGNAL_VALUES = {"1e308": "signal_too_large", "1000000000000.5": "signal_too_large"}
SIGNAL_VALUES |= {"1e12": None, "5": None, "-1": "negative_value", "1e8d": "not_a_number"}
"""A signal's value above 10¹² (1e308 gave a NULL demand) is quarantined; the bound loads."""


SPELLINGS = {
    # Java's parseDouble (Spark) took these, DuckDB did not:
    "1e8d": "not_a_number",
    "1e8F": "not_a_number",
    "2.5d": "not_a_number",
    "0x1p26": "not_a_number",
    "0x1.7d784p26": "not_a_number",
    # DuckDB took digit separators, Spark did not:
    "1_0000_0000": "not_a_number",
    # both take these, and still do:
    "+.5": None,
    "5.": None,
    "1E+08": None,
    "\t3\n": None,
}
"""Number spellings the engines' casts read differently; now one pattern decides on both."""

TEXTS = [
    "1e19",
    "inf",
    "nan",
    "1e308",
    "2.5",
    "-inf",
    "Infinity",
    "100000000",
    "1e8",
    "100000000.5",
    "NaN",
    "-0",
    "0",
    "",
    " 7 ",
    *SPELLINGS,
]
DOUBLES = [float("nan"), float("inf"), float("-inf"), 1e19, 1e308, 1e8, 1e8 + 0.5, 2.5, 0.0]


def test_number_spellings_on_duckdb() -> None:
    """Digit separators are not a number on DuckDB (as on Spark); plain decimals are."""
    import duckdb

    con = duckdb.connect()
    con.execute("CREATE TABLE b (weight VARCHAR)")
    con.executemany("INSERT INTO b VALUES (?)", [[v] for v in SPELLINGS])
    assert weight_reasons(con, pa.string(), spark=False) == SPELLINGS


def test_a_huge_signal_value_is_quarantined_on_duckdb() -> None:
    import duckdb

    con = duckdb.connect()
    con.execute("CREATE TABLE b (value VARCHAR)")
    con.executemany("INSERT INTO b VALUES (?)", [[v] for v in SIGNAL_VALUES])
    assert weight_reasons(con, pa.string(), False, "signals", "value") == SIGNAL_VALUES


@pytest.mark.spark
def test_spark_breaks_the_same_weight_rules_as_duckdb() -> None:
    """The panel rules of a weight, as CSV text and as Parquet doubles, on both engines."""
    import duckdb

    from showmeter import engines
    from showmeter.engines.spark_in_place import sockets_closed

    expected_texts = {
        "1e19": "weight_too_large",
        "inf": "not_a_number",
        "nan": "not_a_number",
        "1e308": "weight_too_large",
        "2.5": None,
        "-inf": "not_a_number",
        "Infinity": "not_a_number",
        "100000000": None,
        "1e8": None,
        "100000000.5": "weight_too_large",
        "NaN": "not_a_number",
        "-0": "weight_not_positive",
        "0": "weight_not_positive",
        "": "missing_value",
        " 7 ": None,
        **SPELLINGS,
    }
    expected_doubles = {
        "nan": "not_a_number",
        float("inf"): "not_a_number",
        float("-inf"): "not_a_number",
        1e19: "weight_too_large",
        1e308: "weight_too_large",
        1e8: None,
        1e8 + 0.5: "weight_too_large",
        2.5: None,
        0.0: "weight_not_positive",
    }
    con = duckdb.connect()
    con.execute("CREATE TABLE b (weight VARCHAR)")
    con.executemany("INSERT INTO b VALUES (?)", [[v] for v in TEXTS])
    assert weight_reasons(con, pa.string(), spark=False) == expected_texts
    con.execute("CREATE OR REPLACE TABLE b (weight DOUBLE)")
    con.executemany("INSERT INTO b VALUES (?)", [[v] for v in DOUBLES])
    assert weight_reasons(con, pa.float64(), spark=False) == expected_doubles
    spark = engines.spark_session().newSession()
    with sockets_closed():
        spark.createDataFrame([(v,) for v in TEXTS], "weight string").createOrReplaceTempView("b")
        assert weight_reasons(spark, pa.string(), spark=True) == expected_texts
        spark.createDataFrame([(v,) for v in DOUBLES], "weight double").createOrReplaceTempView("b")
        assert weight_reasons(spark, pa.float64(), spark=True) == expected_doubles
        spark.createDataFrame(
            [(v,) for v in SIGNAL_VALUES], "value string"
        ).createOrReplaceTempView("b")
        assert weight_reasons(spark, pa.string(), True, "signals", "value") == SIGNAL_VALUES


def test_a_runtime_beyond_a_day_is_refused_so_the_heaviest_unit_fits(
    tmp_path: Path, catalog_file: Path
) -> None:
    """Average minute audience sums weight × an episode's microseconds: 10⁸ × 86400 × 10⁶ fits.

    A unit at the bound watching two days of an episode of 200000 s gave 1.728 × 10¹⁹ (above
    2⁶³): an internal error. A runtime is now at most a day; at a day, the figure is the weight.
    """
    events = tmp_path / "v.csv"
    events.write_text(
        "account_id,title,season,episode,started_at,seconds_watched\n"
        "a1,the-defenders,1,2,2017-08-18T08:00:00Z,86400\n"
        "a1,the-defenders,1,2,2017-08-19T08:00:00Z,86400\n"
    )
    panel = tmp_path / "p.csv"
    panel.write_text("panel,account_id,weight\np,a1,100000000\n")
    text = catalog_file.read_text()
    for runtime, refused in ((200000, True), (86400, False)):
        catalog = tmp_path / f"c{runtime}.yaml"
        catalog.write_text(text.replace("runtime: 3000}", f"runtime: {runtime}}}"))
        files = {"catalog": catalog, "events": events, "panels": panel}
        if refused:
            expected = (
                r"`runtime` is 200000 s \(55:33:20\), longer than a day; expected at most "
                r'86400 s \("24:00:00"\)\. Check the unit: a number is seconds'
            )
            with pytest.raises(showmeter.InputError, match=expected):
                showmeter.compute("average_minute_audience", params={"panel": "p"}, **files)
            continue
        ama = showmeter.compute("average_minute_audience", params={"panel": "p"}, **files)
        values = {(r["title"], r["episode"]): r["value"] for r in ama.rows}
        assert values[("the-defenders", 2)] == MAX_WEIGHT


def test_a_drafted_runtime_is_never_beyond_a_day() -> None:
    """A position beyond a day is no runtime: the draft takes the kind's default instead."""
    from showmeter.intake.adapters.draft_estimate import estimate_runtime

    assert estimate_runtime(86400.0, "film") == (86400, "largest position seen")
    assert estimate_runtime(90000.0, "film") == (6360, "default for a film")
