"""The SQL every metric compiles to, per engine, checked into golden files.

A change in the generated SQL shows up in review as a diff of ``tests/definitions/golden``.
Regenerate after an intended change with::

    SHOWMETER_UPDATE_GOLDEN=1 pytest tests/definitions/test_golden_sql.py
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from showmeter import definitions
from showmeter.engines import compile_sql

GOLDEN = Path(__file__).parent / "golden"
FAMILIES = ("audience", "attention", "completion", "ranking")  # the families with golden SQL
UPDATE = os.environ.get("SHOWMETER_UPDATE_GOLDEN") == "1"
DIALECTS = {"duckdb": "duckdb", "spark": "pyspark"}

CASES: dict[str, tuple[str, dict[str, object]]] = {
    **{
        m.name: (m.name, {})
        for m in definitions.all_metrics()
        if m.family in FAMILIES and not any(p.required for p in m.params)
    },
    "reach_index": ("reach_index", {"reference": "daredevil:2"}),
    "reach_index-share_of_active": (
        "reach_index",
        {"reference": "daredevil:2", "normalization": "share_of_active"},
    ),
    "reach-by_market-panel-devices": (
        "reach",
        {"by_market": True, "panel": "desktop", "devices": "desktop,mobile"},
    ),
    "reach-global": ("reach", {"anchor": "global", "by_market": True}),
    "average_minute_audience-ages": (
        "average_minute_audience",
        {"panel": "tv", "unit": "person", "devices": "tv", "ages": "18-49"},
    ),
    "rank-binge_racers-by_market": ("rank", {"metric": "binge_racers", "by_market": True}),
}


@pytest.mark.parametrize(
    "engine",
    [pytest.param(e, marks=[pytest.mark.spark] if e == "spark" else []) for e in DIALECTS],
)
@pytest.mark.parametrize("case", sorted(CASES))
def test_compiled_sql_matches_the_golden_file(case: str, engine: str) -> None:
    metric, params = CASES[case]
    sql = compile_sql(metric, params, engine=engine).rstrip() + "\n"
    path = GOLDEN / f"{case}.{DIALECTS[engine]}.sql"
    if UPDATE:
        path.write_text(sql)
    assert path.exists(), f"{path.name} is missing; write it with SHOWMETER_UPDATE_GOLDEN=1"
    assert sql == path.read_text(), (
        f"{path.name} is stale; regenerate with SHOWMETER_UPDATE_GOLDEN=1"
    )


def test_every_metric_has_golden_sql() -> None:
    covered = {metric for metric, _ in CASES.values()}
    assert covered == {m.name for m in definitions.all_metrics() if m.family in FAMILIES}


@pytest.mark.parametrize(
    "engine",
    [pytest.param(e, marks=[pytest.mark.spark] if e == "spark" else []) for e in DIALECTS],
)
@pytest.mark.parametrize("case", sorted(CASES))
def test_time_arithmetic_follows_the_house_style(case: str, engine: str) -> None:
    metric, params = CASES[case]
    sql = compile_sql(metric, params, engine=engine)
    # no calendar arithmetic: DATE_DIFF is 14x slower on DuckDB and counts boundaries
    assert not re.search(r"DATE_?DIFF", sql, re.IGNORECASE)
    # no EPOCH(CAST(... AS TIMESTAMP)) (the slow path Ibis' epoch_seconds takes on DuckDB)
    assert "EPOCH(CAST" not in sql.upper()
    # no interval built from a column (per-row string building on Spark)
    assert not re.search(r"CONCAT\([^)]*' (seconds|hours|days)'\)", sql)
    # windows are hours from L, never days (DST-safe)
    assert not re.search(r"INTERVAL '\d+' DAY", sql, re.IGNORECASE)


def test_golden_files_are_all_in_use() -> None:
    expected = {f"{case}.{dialect}.sql" for case in CASES for dialect in DIALECTS.values()}
    ours = {m.name for m in definitions.all_metrics() if m.family in FAMILIES}
    present = {p.name for p in GOLDEN.glob("*.sql") if p.name.split(".")[0].split("-")[0] in ours}
    assert present == expected
