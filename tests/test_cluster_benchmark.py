"""The cluster benchmark's estimates (benchmarks/cluster_md.py) follow the model RESULTS.md states.

No Spark here and no timing asserted: a made-up measured cell with round numbers, and the
estimate worked out by hand from the model (work and shuffle in proportion to the sessions,
spread over N executors x 4 cores, the driver's part constant; the lower bound from CPU time).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.cluster_md import BEGIN, END, estimates, render, write_section  # noqa: E402

MiB = 2**20


def _cell(**changes: object) -> dict[str, object]:
    cell: dict[str, object] = {
        "impl": "spark_sql_cluster",
        "metric": "binge_racers",
        "size": 10_000_000,
        # runs of 30, 50 and 40 s: the median is the 40 s run (the third)
        "times": [30.0, 50.0, 40.0],
        "stages": [
            {"executorRunTime": 1, "shuffleWriteBytes": 1},
            {"executorRunTime": 1, "shuffleWriteBytes": 1},
            {
                "executorRunTime": 60_000,  # 60 task-seconds
                "executorCpuTime": 20 * 10**9,  # of which 20 s on a CPU
                "shuffleWriteBytes": 1_000 * MiB,
                "max_task_peak_execution_memory": 100 * MiB,
                "diskBytesSpilled": 0,
                "stages": 5,
            },
        ],
        "executors": [
            {"cores": 1, "peak_jvm_heap": 300 * MiB, "max_memory": 200 * MiB},
            {"cores": 1, "peak_jvm_heap": 310 * MiB, "max_memory": 200 * MiB},
        ],
        "load_before": [1.0, 1.0, 1.0],
        "load_after": [1.5, 1.0, 1.0],
        "setup_seconds": 9.0,
        "driver_peak_rss": 400 * MiB,
        "agrees": True,
    }
    cell.update(changes)
    return cell


def test_estimate_follows_the_stated_model() -> None:
    (e,) = estimates([_cell()])
    # 10 M sessions in 60 task-seconds: 166,667 sessions/s per core
    assert e["rate_per_core"] == pytest.approx(10_000_000 / 60)
    # the driver's part: 40 s wall - 60 task-seconds / 2 cores = 10 s
    assert e["driver_seconds"] == pytest.approx(10.0)
    billion = e["scales"][1_000_000_000]
    # 100x the sessions: 100x the shuffle (100,000 MiB), in partitions no larger than the
    # measured 1,000 MiB / 4 shuffle partitions = 250 MiB: 400 of them
    assert billion["shuffle"] == pytest.approx(100_000 * MiB)
    assert billion["partitions"] == 400
    # 100 x 60 = 6,000 task-seconds over 10 executors x 4 cores = 150 s, plus the driver's 10 s
    assert billion["seconds"][10] == pytest.approx(160.0)
    assert billion["seconds"][200] == pytest.approx(10.0 + 6_000 / 800)
    # the lower bound: 100 x 20 CPU-seconds over 10 x 4 cores = 50 s, no driver part
    assert e["rate_per_cpu"] == pytest.approx(10_000_000 / 20)
    assert billion["cpu_seconds"][10] == pytest.approx(50.0)
    # 4 cores x the largest task's 100 MiB + Spark's 300 MiB reserve
    assert billion["memory_per_executor"] == 700 * MiB
    ten = e["scales"][10_000_000_000]
    assert ten["seconds"][50] == pytest.approx(10.0 + 60_000 / 200)


def test_a_failed_cell_is_shown_and_not_estimated(tmp_path: Path) -> None:
    failed = _cell(impl="showmeter_cluster", times=[], error="Py4JError: lost")
    assert [e["impl"] for e in estimates([_cell(), failed])] == ["spark_sql_cluster"]
    payload = {
        "command": "python -m benchmarks.cluster --sizes 10M",
        "showmeter": {"git_head": "abc", "fingerprint": "f"},
        "taken_at": "2026-12-06 14:00 UTC",
        "machine_before": {"CPU": "x; 2 logical cores", "load average (1, 5, 15 min)": "1, 1, 1"},
        "machine_after": {"CPU": "x; 2 logical cores", "load average (1, 5, 15 min)": "2, 1, 1"},
        "conf": {"spark.executor.memory": "512m", "spark.ui.port": "4041"},
        "workers": "2 workers",
        "runs": 3,
        "meta": {"10000000": {"parquet_files": 2, "parquet_bytes": 190 * MiB}},
        "cells": [_cell(), failed],
        "notes": ["a note"],
    }
    section = render(payload)
    assert section.startswith(BEGIN) and section.endswith(END + "\n")
    assert "failed: Py4JError: lost" in section
    assert "1,000 MiB" in section  # the shuffle written by the median run
    results = tmp_path / "RESULTS.md"
    results.write_text("# results\n\nintro\n\n## Where the targets stand\n\nrest\n")
    write_section(results, section)
    write_section(results, section)  # replaced, not added twice
    text = results.read_text()
    assert text.count(BEGIN) == 1
    assert text.index(BEGIN) < text.index("## Where the targets stand")


def test_each_stage_is_kept_by_id_with_its_own_cpu() -> None:
    from benchmarks.cluster_stats import by_stage

    complete = [
        {
            "stageId": 7,
            "name": "collect at x.py:9",
            "numTasks": 2,
            "executorCpuTime": 2_500_000_000,
        },
        {
            "stageId": 3,
            "name": "count at y:0",
            "numTasks": 4,
            "executorCpuTime": 8 * 10**9,
            "executorRunTime": 12_000,
            "shuffleWriteBytes": 5 * MiB,
            "inputRecords": 2_000_000,
        },
    ]
    assert by_stage(complete) == [
        {
            "id": 3,
            "name": "count at y:0",
            "tasks": 4,
            "cpu_s": 8.0,
            "run_s": 12.0,
            "shuffle_write": 5 * MiB,
            "input_records": 2_000_000,
        },
        {
            "id": 7,
            "name": "collect at x.py:9",
            "tasks": 2,
            "cpu_s": 2.5,
            "run_s": 0.0,
            "shuffle_write": 0,
            "input_records": 0,
        },
    ]
