"""Building a launch report: read the store, compute every figure, draw, write the files.

>>> from showmeter.report import Scope, build_report, write_report  # doctest: +SKIP
>>> report = build_report("demo.duckdb", Scope(SeasonKey("the-defenders", 1)))  # doctest: +SKIP
>>> write_report(report, "out")  # doctest: +SKIP

writes ``out/report.html`` (self-contained, offline) and ``out/report.json``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from showmeter.report.charts import render_svg
from showmeter.report.figures import Scope, plan_report
from showmeter.report.published import PUBLISHED, Comparison, compare
from showmeter.report.queries import compute_figures, distinct_queries
from showmeter.report.records import Records, read_records
from showmeter.report.tables import Context
from showmeter.report.views import FigureView, view

if TYPE_CHECKING:
    from showmeter.report.figures import Figure

__all__ = ["Report", "ReportProgress", "build_report", "write_report"]

ReportProgress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)``; stages: ``figures``, ``published``, ``charts``."""


@dataclass
class Report:
    """A computed launch report, ready to write.

    Attributes:
        scope: The season, its reference and peers, and the viewing basis.
        records: The store's records shown beside the figures.
        views: Every figure's cards, tables and charts, in reading order.
        comparisons: The published figures beside the computed ones (the demo's).
        engine: The engine that computed every figure.
        described: The store as its results describe it (path, row counts, approximations).
        generated_at: When the report was computed (UTC).
        seconds: How long computing and drawing took.
    """

    scope: Scope
    records: Records
    views: list[FigureView]
    comparisons: list[Comparison] = field(default_factory=list)
    engine: str = "duckdb"
    described: dict[str, object] = field(default_factory=dict)
    generated_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    seconds: float = 0.0


def _stage(progress: ReportProgress | None, stage: str) -> Callable[[int, int, str], None]:
    def advance(done: int, total: int, _what: str) -> None:
        if progress is not None:
            progress(stage, done, total)

    return advance


def _check(scope: Scope, records: Records) -> None:
    for key in scope.compared:
        records.season(key)


def build_report(
    store: str | Path,
    scope: Scope,
    *,
    engine: str = "duckdb",
    published: bool = False,
    progress: ReportProgress | None = None,
) -> Report:
    """Compute a season's launch report from a store.

    Args:
        store: The store file.
        scope: The season, its reference and peers, and the viewing basis.
        engine: ``duckdb``, ``spark`` or an Ibis URL.
        published: Also recompute the demo's published figures (:data:`PUBLISHED`).
        progress: Called as each computation and chart is done.

    Returns:
        The report.

    Raises:
        UsageError: A season, reference or peer that the store lacks, or a bad parameter.
        InputError: The store cannot be read.
    """
    from showmeter.store import Store

    began = time.perf_counter()
    with Store(store, read_only=True) as opened:
        described = opened.describe()
        records = read_records(opened.connection, scope.season)
        _check(scope, records)
        figures = plan_report(scope, records)
        if progress is not None:
            total = len(distinct_queries(q for f in figures for q in f.queries.values()))
            progress("figures", 0, total)
            if published:
                progress("published", 0, len(distinct_queries(f.query for f in PUBLISHED)))
        compute_figures(
            figures,
            opened.connection,
            engine=engine,
            inputs=[described],
            progress=_stage(progress, "figures"),
        )
        comparisons = (
            compare(opened.connection, engine=engine, progress=_stage(progress, "published"))
            if published
            else []
        )
    views = _draw(figures, Context(scope, records), progress)
    return Report(
        scope,
        records,
        views,
        comparisons,
        engine,
        described,
        seconds=time.perf_counter() - began,
    )


def _draw(
    figures: list[Figure], context: Context, progress: ReportProgress | None
) -> list[FigureView]:
    views = [view(figure, context) for figure in figures]
    panels = [panel for v in views for panel in v.panels if panel.chart is not None]
    for index, panel in enumerate(panels, start=1):
        if panel.chart is not None:
            panel.svg = render_svg(panel.chart)
        if progress is not None:
            progress("charts", index, len(panels))
    return views


def write_report(report: Report, output: str | Path) -> tuple[Path, Path]:
    """Write ``report.html`` and ``report.json`` into a folder (created when missing).

    Args:
        report: The computed report.
        output: The folder.

    Returns:
        The paths of the HTML and the JSON files.
    """
    import json

    from showmeter.report.html import render_html
    from showmeter.report.jsonout import report_json

    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    html_path, json_path = folder / "report.html", folder / "report.json"
    html_path.write_text(render_html(report), encoding="utf-8")
    text = json.dumps(report_json(report), indent=1, ensure_ascii=False, allow_nan=False)
    json_path.write_text(text + "\n", encoding="utf-8")
    return html_path, json_path
