"""The launch report on a real Spark cluster, and a worker killed while it computes.

The cluster is the session's (``spark_cluster`` in tests/conftest.py: a standalone master, two
workers, a Spark Connect server on 127.0.0.1). The report of a small simulated world must be
the one DuckDB builds, figure for figure, through the master (``spark://``) and through Spark
Connect (``sc://``); the independent reference is the DuckDB engine on the same store.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from report_support import run

import showmeter

pytestmark = [
    pytest.mark.spark,
    pytest.mark.cluster,
    pytest.mark.slow,
    # Opt-in (SHOWMETER_CLUSTER_REPORT=1) for its cost, not its figures: the report's 66
    # computations on spark:// did not finish within 30 min on a 2-core machine under a load
    # average of 21-31 (the driver's CPU dominates: planning and scheduling ~1,300 small tasks),
    # far beyond what CI can spend. The exact comparison of floats failed the worker-kill test
    # (one-ulp differences, see _differences), now compared within 1e-12; the full report on
    # the cluster has not been seen to finish here since. (Since results come back as Arrow
    # and caches fill without jobs of their own, the report of the small hand-worked world of
    # tests/intake/test_spark_files_in_place.py, 45 computations, finished on spark:// in
    # 232 s at a load of 14-16, equal to DuckDB's: still beyond CI's ~90 s. This module's own
    # report, of a 10,000-session demo store, 66 computations: 916 s on spark:// at a load of
    # 20-24, 213 s of driver JVM CPU, 965 Spark jobs, before the sixth round's changes; see
    # `python -m benchmarks.cluster_report`.)
    pytest.mark.skipif(
        __import__("os").environ.get("SHOWMETER_CLUSTER_REPORT") != "1",
        reason="the report on the cluster takes too long for CI (issue 16); "
        "SHOWMETER_CLUSTER_REPORT=1 runs it",
    ),
]

VOLATILE = {"engine", "generated_at", "seconds"}
"""What differs between two runs of the same report: the engine's name and the clock."""


def _figures(built: Any) -> object:
    """The report's JSON without the engine's name and the clock."""
    from showmeter.reporting.jsonout import report_json

    def strip(value: object) -> object:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in VOLATILE}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(report_json(built))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """A 10,000-session demo store and its report on DuckDB."""
    folder = tmp_path_factory.mktemp("cluster-demo")
    done = run("demo", "--output", str(folder), "--sessions", "10000", "--quiet")
    assert done.returncode == 0, done.stderr
    store = folder / "demo.duckdb"
    return store, _figures(_report(store, "duckdb"))


def _differences(expected: object, got: object, path: str = "") -> list[str]:
    """Where two reports' JSON differ, each as ``path: expected != got``.

    Floats are equal within a relative 1e-12, everything else exactly. A mean or sum of
    fractional values depends on the order of its additions in its last bit: DuckDB itself
    gave ``14.534944237918218`` and ``14.534944237918213`` for the same average minute
    audience of the same store in two runs (its threads add in any order), and Spark
    ``14.534944237918216`` (relative differences of about 2e-16, one unit in the last place).
    A failure names the first paths that differ instead of printing two whole reports.
    """
    import math

    if isinstance(expected, dict) and isinstance(got, dict):
        if expected.keys() != got.keys():
            return [f"{path}: keys {sorted(expected)} != {sorted(got)}"]
        return [d for k in expected for d in _differences(expected[k], got[k], f"{path}/{k}")]
    if isinstance(expected, list) and isinstance(got, list):
        if len(expected) != len(got):
            return [f"{path}: {len(expected)} items != {len(got)}"]
        pairs = zip(expected, got, strict=True)
        return [d for i, (e, g) in enumerate(pairs) for d in _differences(e, g, f"{path}[{i}]")]
    if isinstance(expected, float) and isinstance(got, float):
        if math.isclose(expected, got, rel_tol=1e-12):
            return []
    elif expected == got:
        return []
    return [f"{path}: {expected!r} != {got!r}"]


def _report(store: Path, engine: str) -> Any:
    return showmeter.report("the-defenders:1", store=store, reference="daredevil:2", engine=engine)


@pytest.mark.parametrize("which", ["master", "remote"])
def test_the_report_on_the_cluster_is_the_duckdb_report(
    world: tuple[Path, object], spark_cluster: Any, which: str
) -> None:
    store, expected = world
    url = getattr(spark_cluster, which)
    built = _report(store, url)
    assert built.engine == url
    differences = _differences(expected, _figures(built))
    assert not differences, f"{len(differences)} differences, the first 20:\n" + "\n".join(
        differences[:20]
    )


class _Ask(NamedTuple):
    metric: str
    params: dict[str, object]
    title: str | None
    season: int | None


ASKS = [
    _Ask(metric, {}, "the-defenders", 1)
    for metric in ("reach", "binge_racers", "time_to_complete", "average_minute_audience")
] + [_Ask("weekly_reach", {"by_market": True}, None, None)]
"""A batch of computations long enough to kill a worker in: they share relations, cached."""


def test_a_worker_killed_mid_batch_leaves_the_work_to_the_other(
    world: tuple[Path, object], spark_cluster: Any
) -> None:
    """Spark reruns the lost executor's tasks (and lost cached blocks) on the other worker.

    The worker is killed (SIGKILL to its process group: the Worker JVM and its executors)
    while a job of the batch runs; every result must still be DuckDB's.
    """
    if spark_cluster.running is None:
        pytest.skip("a reused cluster (SHOWMETER_SPARK_MASTER) is not ours to kill workers of")
    from showmeter import engines
    from showmeter.engines.batch import compute_many

    store, _ = world
    cluster = spark_cluster.running
    expected = [r.rows for r in compute_many(ASKS, source=store)]
    outcome: dict[str, Any] = {}

    def run_batch() -> None:
        try:
            outcome["rows"] = [
                r.rows for r in compute_many(ASKS, source=store, engine=cluster.master)
            ]
        except BaseException as error:  # handed to the test thread
            outcome["error"] = error

    tracker = engines.spark_session(cluster.master).sparkContext.statusTracker()
    thread = threading.Thread(target=run_batch)
    thread.start()
    deadline = time.monotonic() + 300
    while not tracker.getActiveJobsIds() and thread.is_alive():
        assert time.monotonic() < deadline, "no Spark job started"
        time.sleep(0.05)
    assert tracker.getActiveJobsIds(), "the batch finished before a worker could be killed"
    cluster.kill("worker-1")
    thread.join(timeout=900)
    try:
        assert not thread.is_alive()
        assert "error" not in outcome, outcome.get("error")
        differences = _differences(expected, outcome["rows"])
        assert not differences, "\n".join(differences[:20])
    finally:
        cluster.start_worker("worker-1")
        cluster.wait_workers(2)
