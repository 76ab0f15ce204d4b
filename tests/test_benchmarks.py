"""The benchmark harness's baselines implement showmeter's definitions: they give its numbers.

On a small simulated world, every hand-written implementation of the benchmark (DuckDB SQL
over the store and over Parquet, Polars, pandas, chDB, Spark SQL) and showmeter straight from
Parquet or on Spark must agree with showmeter on the store, for all four metrics: integers
equal, doubles within 1e-9 relative. No timing is asserted here; timings belong to
``python -m benchmarks``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `pytest` (unlike `python -m pytest`) does not add the root
    sys.path.insert(0, str(ROOT))

from benchmarks.data import prepare  # noqa: E402
from benchmarks.implementations import IMPLEMENTATIONS, by_name  # noqa: E402
from benchmarks.runner import REFERENCE, agreement_in_process, reference_results  # noqa: E402
from benchmarks.world import METRICS, World  # noqa: E402

SESSIONS = 200_000
"""Small enough for seconds, large enough for binge racers and four weeks of reach."""

LOCAL = [i.name for i in IMPLEMENTATIONS if i.name != REFERENCE and not i.spark]
SPARK = [i.name for i in IMPLEMENTATIONS if i.spark]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    built, meta = prepare(SESSIONS, 1, tmp_path_factory.mktemp("bench"), log=lambda _: None)
    # the Parquet baselines read the raw files: they must be exactly what the store holds
    assert meta["ingest"]["sessions_loaded"] == SESSIONS
    assert meta["ingest"]["quarantined"] == 0
    return built


@pytest.fixture(scope="module")
def expected(world: World) -> dict[str, object]:
    results = reference_results(world, METRICS)
    # a meaningful world: racers, viewers every week, an audience, a reference reach
    for metric in METRICS:
        values = results[metric].column("value").to_pylist()
        assert any(v for v in values), f"{metric} is 0 everywhere on the test world"
    return results


def _check(world: World, expected: dict[str, object], name: str) -> None:
    impl = by_name(name)
    for module in impl.requires:
        pytest.importorskip(module)
    outcomes = agreement_in_process(world, [impl], METRICS, expected)
    differences = {metric: o.detail for (_, metric), o in outcomes.items() if not o.ok}
    assert not differences, f"{name} disagrees with showmeter: {differences}"
    assert all(o.rows > 0 for o in outcomes.values())


@pytest.mark.parametrize("name", LOCAL)
def test_implementation_agrees_with_showmeter(
    world: World, expected: dict[str, object], name: str
) -> None:
    _check(world, expected, name)


@pytest.mark.spark
@pytest.mark.slow
@pytest.mark.parametrize("name", SPARK)
def test_spark_implementation_agrees_with_showmeter(
    world: World, expected: dict[str, object], name: str
) -> None:
    _check(world, expected, name)


@pytest.mark.slow
def test_quick_run_writes_results(tmp_path: Path) -> None:
    pytest.importorskip("psutil")
    output = tmp_path / "RESULTS.md"
    # a separate process: the harness freezes showmeter's source and re-imports it from there
    command = [sys.executable, "-m", "benchmarks", "--quick", "--sizes", "200k"]
    command += ["--work", str(tmp_path), "--output", str(output), "--check"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    text = output.read_text()
    assert "## Targets" in text
    rows = [line for line in text.splitlines() if line.startswith("| 200k | binge_racers |")]
    assert any("duckdb_sql" in row and "| yes |" in row for row in rows), rows
    assert "**NO**" not in text
