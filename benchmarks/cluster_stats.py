"""What Spark itself measured: stage and executor metrics from the driver's monitoring REST API.

The driver's web UI (``spark.ui.enabled=true``) serves ``/api/v1/applications/APP/...``
(Spark's "Monitoring and Instrumentation" REST API). After each timed run the harness reads
the stages that completed during it (``stages?status=complete``, stage ids above the largest
seen before the run) and sums, over those stages, the same task metrics the UI's Stages tab
shows: ``shuffleWriteBytes`` ("Shuffle Write"), ``shuffleReadBytes``, ``inputBytes`` and
``inputRecords`` ("Input"), ``executorRunTime`` (milliseconds of tasks running, one core each),
``executorCpuTime`` (nanoseconds) and the bytes spilled. Skipped stages (an exchange reused)
are not counted: they did no work. Per-task peaks come from each stage's ``taskSummary``
(the maximum of ``peakExecutionMemory``), and each executor's peak JVM heap from
``executors`` (``peakMemoryMetrics.JVMHeapMemory``). Each stage's own task CPU, run time, tasks
and shuffle are kept too (``by_stage``, :func:`by_stage`): where a run's CPU went.
"""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any

__all__ = [
    "StageTotals",
    "app_url",
    "by_stage",
    "executors",
    "last_stage_id",
    "settle",
    "stages_after",
]

SUMMED = (
    "numTasks",
    "executorRunTime",
    "executorCpuTime",
    "inputBytes",
    "inputRecords",
    "shuffleReadBytes",
    "shuffleReadRecords",
    "shuffleWriteBytes",
    "shuffleWriteRecords",
    "memoryBytesSpilled",
    "diskBytesSpilled",
)
"""The stage fields summed over the stages of one run."""

StageTotals = dict[str, Any]


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return json.load(answer)


def app_url(session: Any) -> str:
    """The REST API's root for a session's application (its UI must be enabled)."""
    context = session.sparkContext
    ui = context.uiWebUrl
    if not ui:
        raise RuntimeError("the Spark UI is off: give spark.ui.enabled=true")
    return f"{ui.rstrip('/')}/api/v1/applications/{context.applicationId}"


def last_stage_id(app: str) -> int:
    """The largest stage id the application has seen so far (-1 before the first)."""
    stages = _get(f"{app}/stages")
    return max((int(s["stageId"]) for s in stages), default=-1)


def settle(app: str, timeout: float = 30.0) -> None:
    """Wait until no job runs and the listener has caught up (its events are asynchronous)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        running = _get(f"{app}/jobs?status=running")
        active = _get(f"{app}/stages?status=active")
        if not running and not active:
            time.sleep(0.5)
            return
        time.sleep(0.5)


def stages_after(app: str, after: int, task_peaks: bool = True) -> StageTotals:
    """The sums of :data:`SUMMED` over the stages completed after stage ``after``.

    Args:
        app: The application's REST root (:func:`app_url`).
        after: The largest stage id before the run.
        task_peaks: Also read each stage's task summary for the largest per-task peak
            execution memory (one request per stage).

    Returns:
        The sums, ``stages`` (how many), ``skipped`` (stages skipped, i.e. reused),
        ``max_task_peak_execution_memory`` (bytes) and ``by_stage`` (:func:`by_stage`).
    """
    settle(app)
    complete = [s for s in _get(f"{app}/stages?status=complete") if int(s["stageId"]) > after]
    skipped = [s for s in _get(f"{app}/stages?status=skipped") if int(s["stageId"]) > after]
    totals: StageTotals = {key: sum(int(s.get(key) or 0) for s in complete) for key in SUMMED}
    totals["stages"] = len(complete)
    totals["skipped"] = len(skipped)
    peak = 0
    if task_peaks:
        for stage in complete:
            url = f"{app}/stages/{stage['stageId']}/{stage['attemptId']}/taskSummary?quantiles=1.0"
            try:
                summary = _get(url)
            except OSError:
                continue
            values = summary.get("peakExecutionMemory") or [0]
            peak = max(peak, int(values[-1]))
    totals["max_task_peak_execution_memory"] = peak
    totals["by_stage"] = by_stage(complete)
    return totals


def by_stage(complete: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each completed stage's own figures, by stage id: where a run's task CPU went.

    Args:
        complete: Stages as the REST API lists them (``stages?status=complete``).

    Returns:
        One dict per stage, in stage id order: ``id``, ``name`` (Spark's, the call site),
        ``tasks``, ``cpu_s`` (``executorCpuTime`` in seconds), ``run_s`` (``executorRunTime``
        in seconds), ``shuffle_write`` and ``input_records``.
    """
    return [
        {
            "id": int(s["stageId"]),
            "name": str(s.get("name") or ""),
            "tasks": int(s.get("numTasks") or 0),
            "cpu_s": int(s.get("executorCpuTime") or 0) / 1e9,
            "run_s": int(s.get("executorRunTime") or 0) / 1e3,
            "shuffle_write": int(s.get("shuffleWriteBytes") or 0),
            "input_records": int(s.get("inputRecords") or 0),
        }
        for s in sorted(complete, key=lambda s: int(s["stageId"]))
    ]


def executors(app: str) -> list[dict[str, Any]]:
    """Each executor (not the driver): cores, memory and its peak JVM heap so far."""
    out = []
    for e in _get(f"{app}/allexecutors"):
        if e.get("id") == "driver":
            continue
        peaks = e.get("peakMemoryMetrics") or {}
        out.append(
            {
                "id": e.get("id"),
                "cores": int(e.get("totalCores") or 0),
                "max_memory": int(e.get("maxMemory") or 0),
                "peak_jvm_heap": int(peaks.get("JVMHeapMemory") or 0),
                "peak_on_heap_execution": int(peaks.get("OnHeapExecutionMemory") or 0),
                "task_seconds": int(e.get("totalDuration") or 0) / 1000,
                "tasks": int(e.get("totalTasks") or 0),
                "active": bool(e.get("isActive")),
            }
        )
    return out
