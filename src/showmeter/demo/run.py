"""Running the demo: simulate the demo world, ingest it, and report The Defenders' launch.

:func:`run_demo` writes ``DIR/demo.duckdb`` (a store that ``showmeter compute --store``
queries), ``DIR/report.html`` and ``DIR/report.json``, with the published figures of the
seed's Reception section recomputed beside the report's own, for the season, reference and
peers of :func:`~showmeter.demo.scope.demo_scope`.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from showmeter.demo.scope import demo_scope
from showmeter.reporting.build import Report, ReportProgress, build_report, write_report

if TYPE_CHECKING:
    from showmeter.demo.published import Comparison

__all__ = ["DemoRun", "run_demo"]


@dataclass
class DemoRun:
    """What :func:`run_demo` made.

    Attributes:
        report: The computed report.
        store: The store file.
        html: The report's HTML file.
        json: The report's JSON file.
        sessions: Sessions simulated.
        seconds: Wall time of the whole run.
        comparisons: The published figures beside the computed ones.
    """

    report: Report
    store: Path
    html: Path
    json: Path
    sessions: int
    seconds: float
    comparisons: list[Comparison]


def _fresh_store(path: Path) -> None:
    for stale in (path, path.with_name(path.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()


def run_demo(
    output: str | Path,
    *,
    sessions: int | None = None,
    progress: ReportProgress | None = None,
) -> DemoRun:
    """Simulate the demo world, ingest it into ``output/demo.duckdb`` and write its report.

    Args:
        output: The folder (created when missing; a store already there is replaced).
        sessions: Sessions to simulate (``None``: the demo world's own number); fewer make a
            quick demo whose figures are further from the published ones.
        progress: Called as ``progress(stage, done, total)``: stages ``simulating``,
            ``ingesting``, then the report's (``figures``, ``published``, ``charts``).

    Returns:
        What was made.
    """
    from showmeter.catalog import load_catalog
    from showmeter.demo.published_output import PressFigures
    from showmeter.engines.preaggregates import maintainer
    from showmeter.intake.load import ingest
    from showmeter.simulate import DEMO_SEED, demo_world, write_world
    from showmeter.store import Store

    began = time.perf_counter()
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    store = folder / "demo.duckdb"
    _fresh_store(store)
    world = demo_world()
    with tempfile.TemporaryDirectory(prefix="showmeter-demo-world-") as scratch:
        written = write_world(
            world,
            scratch,
            sessions=sessions,
            progress=(lambda done, total: progress("simulating", done, total))
            if progress
            else None,
        )

        def ingesting(file: str, done: int, total: int) -> None:
            if progress is not None and total:
                progress(f"ingesting {Path(file).name}", done, total)

        def aggregating(_table: str, done: int, total: int) -> None:
            if progress is not None:
                progress("aggregating", done, total)

        with Store(store) as opened:
            ingest(
                opened,
                load_catalog(written.catalog),
                written.inputs(),
                progress=ingesting,
                maintain=maintainer(aggregating),
            )
            opened.mark_simulated(f"demo world, seed {DEMO_SEED}", deleted_folder=scratch)
    press = PressFigures()
    report = build_report(store, demo_scope(), addendum=press, progress=progress)
    html, json = write_report(report, folder)
    seconds = time.perf_counter() - began
    return DemoRun(report, store, html, json, written.sessions, seconds, press.comparisons)
