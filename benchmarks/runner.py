"""Run the grid: every (size, metric, implementation) in a fresh child, then check agreement.

The reference of the agreement check is showmeter on DuckDB from the store
(``showmeter_store``); every other implementation's last result is compared with it.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.compare import Agreement, agree
from benchmarks.data import SHOWMETER, size_label
from benchmarks.implementations import Implementation, by_name
from benchmarks.measure import median, run_child, run_process

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from benchmarks.world import World

__all__ = [
    "REFERENCE",
    "Measurement",
    "agreement_in_process",
    "help_startup",
    "reference_results",
    "run_grid",
]

REFERENCE = "showmeter_store"
"""The implementation every other is checked against."""


@dataclasses.dataclass
class Measurement:
    """One (size, metric, implementation) cell.

    Attributes:
        size: Sessions in the world.
        metric: The metric (or ``report``).
        impl: The implementation's name.
        times: Each timed run, in seconds.
        peak_rss: Peak RSS of the child's process tree, bytes.
        setup_seconds: Untimed setup in the child (imports, Spark session).
        error: Why it failed, or None.
        agrees: True/False against the reference; None when not compared.
        detail: The first difference when it does not agree.
    """

    size: int
    metric: str
    impl: str
    times: list[float]
    peak_rss: int = 0
    setup_seconds: float | None = None
    error: str | None = None
    agrees: bool | None = None
    detail: str = ""

    @property
    def median(self) -> float | None:
        """The median run, or None when it failed."""
        return median(self.times) if self.times and self.error is None else None

    @property
    def rows_per_second(self) -> float | None:
        """Input sessions per second of the median run."""
        m = self.median
        return self.size / m if m else None


def _measure(
    impl: Implementation,
    world: World,
    metric: str,
    runs: int,
    result: Path,
    timeout: float,
    rss_limit: int | None,
) -> Measurement:
    spec = {
        "impl": impl.name,
        "metric": metric,
        "runs": runs,
        "world": world.to_dict(),
        "result": str(result) if metric != "report" else None,
    }
    process, report = run_child(spec, timeout=timeout, rss_limit=rss_limit)
    m = Measurement(world.sessions, metric, impl.name, [], process.peak_rss)
    if report is not None:
        m.times = [float(t) for t in report.get("times") or []]
        m.setup_seconds = report.get("setup_seconds")
        m.peak_rss = max(m.peak_rss, int(report.get("ru_maxrss") or 0))
        m.error = report.get("error")
    if process.killed:
        m.error = process.killed
    elif report is None or (not process.ok and m.error is None):
        tail = process.stderr.strip().splitlines()[-1:] or [f"exit status {process.returncode}"]
        m.error = tail[0][:300]
    return m


def run_grid(
    worlds: Sequence[World],
    implementations: Sequence[Implementation],
    metrics: Sequence[str],
    *,
    runs: int,
    timeout: float,
    rss_limit: int | None,
    skip: set[tuple[str, int]],
    log: Callable[[str], None] = print,
) -> list[Measurement]:
    """Time every implementation of every metric on every world, and check agreement.

    Args:
        worlds: The prepared worlds.
        implementations: What to time (the reference is computed anyway for the check).
        metrics: The metrics (``report`` applies to showmeter_store only).
        runs: Timed runs per child.
        timeout: Seconds after which a child is killed.
        rss_limit: Bytes of RSS after which a child is killed (None: no limit).
        skip: (implementation, size) pairs not to run.
        log: Where progress lines go.

    Returns:
        One measurement per cell run, in order.
    """
    out: list[Measurement] = []
    names = [impl.name for impl in implementations]
    with tempfile.TemporaryDirectory(prefix="showmeter-bench-results-") as folder:
        for world in worlds:
            label = size_label(world.sessions)
            for metric in metrics:
                reference_path = Path(folder) / f"{world.sessions}-{metric}-{REFERENCE}.parquet"
                order = list(implementations)
                if metric != "report" and REFERENCE not in names:
                    order.insert(0, by_name(REFERENCE))
                for impl in order:
                    if metric not in impl.metrics or (impl.name, world.sessions) in skip:
                        continue
                    path = Path(folder) / f"{world.sessions}-{metric}-{impl.name}.parquet"
                    listed = impl.name in names
                    m = _measure(
                        impl, world, metric, runs if listed else 1, path, timeout, rss_limit
                    )
                    if metric != "report" and impl.name != REFERENCE and m.error is None:
                        m.agrees, m.detail = _check(reference_path, path, metric)
                    if listed:
                        out.append(m)
                    log(_line(label, m))
    return out


def _check(reference: Path, result: Path, metric: str) -> tuple[bool | None, str]:
    import pyarrow.parquet as pq

    if not reference.exists():
        return None, "no reference result"
    outcome = agree(pq.read_table(reference), pq.read_table(result), metric)
    return outcome.ok, outcome.detail


def _line(label: str, m: Measurement) -> str:
    if m.error:
        return f"{label:>5} {m.metric:24} {m.impl:18} FAILED: {m.error}"
    runs = ", ".join(f"{t:.2f}" for t in m.times)
    agrees = {None: "", True: "agrees", False: f"DISAGREES: {m.detail}"}[m.agrees]
    return (
        f"{label:>5} {m.metric:24} {m.impl:18} median {m.median:8.3f} s  [{runs}]  "
        f"{m.peak_rss / 2**20:7.0f} MiB  {agrees}"
    )


def reference_results(world: World, metrics: Sequence[str]) -> dict[str, Any]:
    """The reference's (showmeter on the store) result of each metric, computed in-process."""
    reference = by_name(REFERENCE)
    module = reference.load()
    state = module.setup(world, reference.variant)
    try:
        return {metric: module.run(state, metric) for metric in metrics}
    finally:
        module.close(state)


def agreement_in_process(
    world: World,
    implementations: Sequence[Implementation],
    metrics: Sequence[str],
    expected: dict[str, Any] | None = None,
) -> dict[tuple[str, str], Agreement]:
    """Check, in this process and untimed, that each implementation agrees with showmeter.

    Args:
        world: A prepared (small) world.
        implementations: Those checked against the reference.
        metrics: The metrics.
        expected: The reference results (default: computed by :func:`reference_results`).

    Returns:
        (implementation, metric) -> the agreement.
    """
    if expected is None:
        expected = reference_results(world, metrics)
    outcomes: dict[tuple[str, str], Agreement] = {}
    for impl in implementations:
        module = impl.load()
        state = module.setup(world, impl.variant)
        try:
            for metric in metrics:
                outcomes[impl.name, metric] = agree(
                    expected[metric], module.run(state, metric), metric
                )
        finally:
            module.close(state)
    return outcomes


def help_startup(count: int = 10) -> list[float]:
    """Wall seconds of ``showmeter --help`` in ``count`` fresh processes."""
    times = []
    for _ in range(count):
        run = run_process([SHOWMETER, "--help"])
        if not run.ok:
            raise RuntimeError(f"showmeter --help failed: {run.stderr}")
        times.append(run.seconds)
    return times
