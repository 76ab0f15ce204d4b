"""Where the test session's time goes, per xdist worker: for keeping CI within its budget.

Off unless ``SHOWMETER_TEST_TIMELINE`` names a folder (``.ci/run`` sets it). Then each worker
appends one JSON line per test to ``<folder>/<worker>.jsonl`` (node id, start and end, wall
and CPU seconds of the worker process; a Spark JVM's own CPU is not in it), and
``python -m tests.timeline FOLDER`` (or ``python tests/timeline.py FOLDER``) prints each worker's
busy time and its costliest files. The worker whose busy time is longest is the run's critical
path: a cut there shortens the run, a cut elsewhere mostly does not.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

ENVIRONMENT = "SHOWMETER_TEST_TIMELINE"
"""The environment variable naming the folder of the timeline (unset: no timeline)."""

_started: dict[str, tuple[float, float]] = {}


def _folder() -> Path | None:
    named = os.environ.get(ENVIRONMENT)
    return Path(named) if named else None


def _worker(config: pytest.Config) -> str:
    workerinput = getattr(config, "workerinput", None)
    return str(workerinput["workerid"]) if workerinput else "main"


def start(item: pytest.Item) -> None:
    """Note when a test starts (its setup included)."""
    if _folder() is not None:
        _started[item.nodeid] = (time.time(), time.process_time())


def finish(item: pytest.Item) -> None:
    """Append the test's line to its worker's file (its teardown included)."""
    folder = _folder()
    began = _started.pop(item.nodeid, None)
    if folder is None or began is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    line = {
        "test": item.nodeid,
        "start": began[0],
        "wall": time.time() - began[0],
        "cpu": time.process_time() - began[1],
    }
    with (folder / f"{_worker(item.config)}.jsonl").open("a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")


def summary(folder: Path, top: int = 8) -> str:
    """Each worker's busy wall and CPU seconds and its costliest test files.

    Args:
        folder: The timeline's folder.
        top: How many files to name per worker.

    Returns:
        The text to print.
    """
    lines = []
    for path in sorted(folder.glob("*.jsonl")):
        tests = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        if not tests:
            continue
        files: dict[str, float] = defaultdict(float)
        for test in tests:
            files[test["test"].split("::")[0]] += test["wall"]
        span = max(t["start"] + t["wall"] for t in tests) - min(t["start"] for t in tests)
        busy = sum(t["wall"] for t in tests)
        cpu = sum(t["cpu"] for t in tests)
        lines.append(
            f"{path.stem}: {len(tests)} tests, busy {busy:.0f} s over {span:.0f} s, "
            f"{cpu:.0f} s CPU in the worker process"
        )
        for name, seconds in sorted(files.items(), key=lambda item: -item[1])[:top]:
            lines.append(f"  {seconds:7.1f} s  {name}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(summary(Path(sys.argv[1])))
