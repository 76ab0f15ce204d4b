"""The targets of the benchmark issue, evaluated on the measurements: met, or missed by how much."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from benchmarks.data import size_label
from benchmarks.implementations import by_name
from benchmarks.world import METRICS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from benchmarks.runner import Measurement

__all__ = ["Target", "evaluate"]

TARGET_SIZE = 50_000_000
BILLION = 1_000_000_000
GIB = 2**30


@dataclasses.dataclass
class Target:
    """One target and its outcome.

    Attributes:
        name: What is targeted.
        goal: The threshold, in words.
        measured: What was measured, in words.
        status: ``met``, ``missed by …`` or ``not measured (…)``.
    """

    name: str
    goal: str
    measured: str
    status: str


def _ratio_status(ratio: float, limit: float) -> str:
    return "met" if ratio <= limit else f"missed by {ratio / limit:.2f}×"


def _largest(sizes: Sequence[int], wanted: int) -> int | None:
    if wanted in sizes:
        return wanted
    smaller = [s for s in sizes if s < wanted]
    return max(smaller) if smaller else (max(sizes) if sizes else None)


def _cell(cells: Sequence[Measurement], size: int, metric: str, impl: str) -> Measurement | None:
    for m in cells:
        if (m.size, m.metric, m.impl) == (size, metric, impl) and m.median is not None:
            return m
    return None


def _at(size: int | None, wanted: int) -> str:
    if size is None:
        return ""
    return "" if size == wanted else f" (at {size_label(size)}, not {size_label(wanted)})"


def _store_vs_hand(cells: Sequence[Measurement], size: int | None) -> list[Target]:
    out = []
    for metric in METRICS:
        goal = "≤ 1.25 × the fastest hand-written baseline"
        name = f"{metric} from a store, {size_label(TARGET_SIZE)}"
        mine = _cell(cells, size, metric, "showmeter_store") if size else None
        hands = [
            m
            for m in cells
            if size
            and (m.size, m.metric) == (size, metric)
            and m.median is not None
            and by_name(m.impl).hand
            and not by_name(m.impl).spark
        ]
        if mine is None or not hands:
            out.append(Target(name, goal, "", "not measured"))
            continue
        best = min(hands, key=lambda m: m.median or 0.0)
        ratio = (mine.median or 0.0) / (best.median or 1.0)
        measured = f"{mine.median:.2f} s vs {best.impl} {best.median:.2f} s = {ratio:.2f}×"
        store_sql = _cell(cells, size, metric, "duckdb_sql_store") if size else None
        if store_sql is not None and store_sql is not best:
            measured += (
                f" (vs duckdb_sql_store: {(mine.median or 0.0) / (store_sql.median or 1.0):.2f}×)"
            )
        out.append(
            Target(name, goal, measured + _at(size, TARGET_SIZE), _ratio_status(ratio, 1.25))
        )
    return out


def _ingest(meta: dict[int, dict[str, Any]]) -> Target:
    name, goal = "ingest from Parquet, validation included", "≥ 2 M rows/s"
    measured = [s for s in meta if s != BILLION and meta[s].get("ingest")]
    if not measured:
        return Target(name, goal, "", "not measured")
    size = max(measured)
    ingest = meta[size]["ingest"]
    rate = float(ingest["rows_per_second"])
    text = (
        f"{size_label(size)}: {ingest['rows_read']:,} rows in {ingest['seconds']:.1f} s = "
        f"{rate / 1e6:.2f} M rows/s"
    )
    status = "met" if rate >= 2e6 else f"missed by {2e6 / rate:.1f}×"
    return Target(name, goal, text, status)


def _report(cells: Sequence[Measurement], sizes: Sequence[int]) -> Target:
    name, goal = f"full launch report, {size_label(TARGET_SIZE)}, from a store", "< 15 s"
    size = _largest([s for s in sizes if s != BILLION], TARGET_SIZE)
    m = _cell(cells, size, "report", "showmeter_store") if size else None
    if m is None or m.median is None:
        return Target(name, goal, "", "not measured")
    status = "met" if m.median < 15 else f"missed by {m.median / 15:.2f}× (+{m.median - 15:.1f} s)"
    return Target(name, goal, f"{m.median:.2f} s" + _at(size, TARGET_SIZE), status)


def _billion(cells: Sequence[Measurement], meta: dict[int, dict[str, Any]]) -> Target:
    name, goal = "1 B sessions: ingest and report", "complete, peak RSS < 8 GiB"
    ingest = meta.get(BILLION, {}).get("ingest")
    report = _cell(cells, BILLION, "report", "showmeter_store")
    if ingest is None:
        return Target(name, goal, "", "not measured (run with --billion)")
    peaks = [("ingest", int(ingest["peak_rss"]))]
    if report is not None:
        peaks.append(("report", report.peak_rss))
    text = ", ".join(f"{what} {peak / GIB:.1f} GiB" for what, peak in peaks)
    if report is None:
        return Target(name, goal, text + "; the report did not complete", "missed")
    worst = max(peak for _, peak in peaks)
    status = "met" if worst < 8 * GIB else f"missed by {worst / (8 * GIB):.2f}×"
    return Target(name, goal, text, status)


def _spark(cells: Sequence[Measurement], sizes: Sequence[int]) -> list[Target]:
    spark_sizes = sorted(
        {m.size for m in cells if m.impl == "showmeter_spark" and m.median is not None}
    )
    size = _largest(spark_sizes, TARGET_SIZE) if spark_sizes else None
    out = []
    for metric in METRICS:
        name, goal = f"{metric} on Spark", "≤ 2 × hand Spark SQL"
        mine = _cell(cells, size, metric, "showmeter_spark") if size else None
        hand = _cell(cells, size, metric, "spark_sql") if size else None
        if mine is None or hand is None:
            out.append(Target(name, goal, "", "not measured"))
            continue
        ratio = (mine.median or 0.0) / (hand.median or 1.0)
        text = f"{size_label(size or 0)}: {mine.median:.2f} s vs {hand.median:.2f} s = {ratio:.2f}×"
        out.append(Target(name, goal, text, _ratio_status(ratio, 2.0)))
    return out


def evaluate(
    cells: Sequence[Measurement],
    meta: dict[int, dict[str, Any]],
    help_times: Sequence[float] | None,
) -> list[Target]:
    """Every target of the issue, from the measurements.

    Args:
        cells: The timed grid.
        meta: Per size, the world's measurements (``ingest``) from :mod:`benchmarks.data`.
        help_times: Seconds of each ``showmeter --help`` process (None: not measured).

    Returns:
        The targets, in the issue's order.
    """
    import statistics

    sizes = sorted({m.size for m in cells} | set(meta))
    size = _largest([s for s in sizes if s != BILLION], TARGET_SIZE)
    out = _store_vs_hand(cells, size)
    out.append(_ingest(meta))
    out.append(_report(cells, sizes))
    out.append(_billion(cells, meta))
    out.extend(_spark(cells, sizes))
    name, goal = "`showmeter --help` start-up", "< 0.3 s (median of 10 processes)"
    if help_times:
        med = statistics.median(help_times)
        status = "met" if med < 0.3 else f"missed by {med / 0.3:.2f}× (+{med - 0.3:.2f} s)"
        out.append(Target(name, goal, f"{med:.3f} s", status))
    else:
        out.append(Target(name, goal, "", "not measured"))
    return out
