"""Run a command in a fresh process and measure it: wall time and peak RSS of its process tree.

Peak RSS follows the method of ``research/stack.md`` §3: the maximum of the child's own
``ru_maxrss`` (from ``wait4``, which also covers the descendants it reaped) and the RSS summed
over the whole process tree, sampled every 10 ms with psutil, so that a JVM started by PySpark
counts too. Peak RSS therefore includes the interpreter and the libraries.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

__all__ = ["ProcessRun", "median", "run_child", "run_process"]

SAMPLE_SECONDS = 0.01
"""How often the process tree's RSS is sampled."""
TREE_REFRESH_SECONDS = 0.1
"""How often the list of descendants is refreshed (listing them is costlier than reading RSS)."""


@dataclasses.dataclass
class ProcessRun:
    """One finished process.

    Attributes:
        argv: The command.
        seconds: Wall time from start to exit.
        peak_rss: Peak RSS in bytes (max of ``ru_maxrss`` and the sampled tree sum).
        returncode: The exit status (negative: killed by that signal).
        stdout: What it printed on stdout.
        stderr: What it printed on stderr (the tail).
        killed: Why the harness killed it (timeout, RSS limit), or None.
    """

    argv: list[str]
    seconds: float
    peak_rss: int
    returncode: int | None
    stdout: str
    stderr: str
    killed: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the process exited with status 0."""
        return self.returncode == 0


class _Sampler(threading.Thread):
    """Samples the RSS summed over a process and its descendants until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self._halt = threading.Event()

    def run(self) -> None:
        try:
            import psutil
        except ImportError:  # without psutil, the peak is the child's ru_maxrss alone
            return
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        tree: list[psutil.Process] = [root]
        refreshed = 0.0
        while not self._halt.is_set():
            now = time.monotonic()
            if now - refreshed >= TREE_REFRESH_SECONDS:
                try:
                    tree = [root, *root.children(recursive=True)]
                except psutil.Error:
                    tree = [root]
                refreshed = now
            total = 0
            for process in tree:
                try:
                    total += process.memory_info().rss
                except psutil.Error:
                    continue
            self.peak = max(self.peak, total)
            self._halt.wait(SAMPLE_SECONDS)

    def stop(self) -> int:
        self._halt.set()
        self.join()
        return self.peak


def run_process(
    argv: list[str],
    *,
    timeout: float | None = None,
    env: dict[str, str] | None = None,
    cwd: str | Path | None = None,
    rss_limit: int | None = None,
) -> ProcessRun:
    """Run ``argv`` to completion and measure its wall time and peak RSS.

    Args:
        argv: The command.
        timeout: Seconds after which the whole process group is killed.
        env: The environment (default: this process's).
        cwd: The working directory.
        rss_limit: Bytes of RSS (process tree) above which the process group is killed, so
            that one runaway implementation cannot exhaust a shared machine.

    Returns:
        The measured run; ``killed`` says why when the harness stopped it.
    """
    out_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-{os.getpid()}-{time.time_ns()}"
    with open(f"{out_path}.out", "w+") as out, open(f"{out_path}.err", "w+") as err:
        began = time.perf_counter()
        process = subprocess.Popen(
            argv, stdout=out, stderr=err, env=env, cwd=cwd, start_new_session=True
        )
        sampler = _Sampler(process.pid)
        sampler.start()
        status: int | None = None
        killed: str | None = None
        maxrss_kib = 0
        deadline = None if timeout is None else began + timeout
        while True:
            pid, raw, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                seconds = time.perf_counter() - began
                status = os.waitstatus_to_exitcode(raw)
                maxrss_kib = usage.ru_maxrss
                process.returncode = status
                break
            if deadline is not None and time.perf_counter() > deadline:
                killed = f"killed after the timeout of {timeout:.0f} s"
            elif rss_limit is not None and sampler.peak > rss_limit:
                killed = f"killed: RSS above the limit of {rss_limit / 2**30:.1f} GiB"
            if killed:
                seconds = time.perf_counter() - began
                _kill_group(process.pid)
                os.wait4(process.pid, 0)
                status = -9
                break
            time.sleep(0.005)
        peak = max(sampler.stop(), maxrss_kib * 1024)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    for suffix in (".out", ".err"):
        Path(f"{out_path}{suffix}").unlink(missing_ok=True)
    return ProcessRun(argv, seconds, peak, status, stdout, stderr[-4000:], killed)


def _kill_group(pid: int) -> None:
    """Kill the process group this harness started for one child (never anything else)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, 9)


def run_child(
    spec: dict[str, Any], *, timeout: float | None = None, rss_limit: int | None = None
) -> tuple[ProcessRun, Any]:
    """Run one (implementation, size, metric) in a fresh ``python -m benchmarks.child``.

    Args:
        spec: What the child runs (see :mod:`benchmarks.child`).
        timeout: Seconds after which the child is killed.
        rss_limit: Bytes of RSS after which the child is killed.

    Returns:
        The measured process, and the JSON object the child printed last (None on failure).
    """
    argv = [sys.executable, "-m", "benchmarks.child", json.dumps(spec)]
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
    env.setdefault("PYTHONWARNINGS", "ignore")
    run = run_process(argv, timeout=timeout, env=env, cwd=root, rss_limit=rss_limit)
    report = None
    for line in reversed(run.stdout.splitlines()):
        if line.startswith("{"):
            try:
                report = json.loads(line)
            except json.JSONDecodeError:
                continue
            break
    return run, report


def median(values: list[float]) -> float:
    """The median of some timings (the middle one of 3)."""
    return statistics.median(values)
