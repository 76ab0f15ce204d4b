"""Building a launch report: plan a season's page, compute it, draw it, write its files.

>>> from showmeter.reporting import Scope, build_report, write_report  # doctest: +SKIP
>>> report = build_report("demo.duckdb", Scope(SeasonKey("the-defenders", 1)))  # doctest: +SKIP
>>> write_report(report, "out")  # doctest: +SKIP

writes ``out/report.html`` (self-contained, offline) and ``out/report.json``. The page is the
launch model's (:mod:`showmeter.launch`): its plan, its runner, its views; this module only
runs them for one season and hands the views to the two outputs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from showmeter.launch.chart_style import render_svg
from showmeter.launch.display import Context
from showmeter.launch.plan import plan_report
from showmeter.launch.query import distinct_queries
from showmeter.launch.records import Records, read_records
from showmeter.launch.views import FigureView, view

if TYPE_CHECKING:
    from showmeter.engines import Engine
    from showmeter.launch.query import Query
    from showmeter.launch.scope import Figure, Scope
    from showmeter.results import Result
    from showmeter.store import Store

__all__ = ["Addendum", "Published", "Report", "ReportProgress", "build_report", "write_report"]

ReportProgress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)``; stages: ``figures``, ``published``, ``charts``."""


@dataclass(frozen=True)
class Published:
    """Figures published elsewhere, recomputed beside the report's own (the demo's).

    Attributes:
        html: The section shown after the headline (``id="published"``).
        entries: What ``report.json`` lists under ``published``.
    """

    html: str
    entries: list[object]


class Addendum(Protocol):
    """Further figures a caller has the report compute with its own (the demo's press figures).

    The report computes :meth:`queries` with its runner (what they share with the report's
    figures once), then shows :meth:`published` of their results after the headline.
    """

    def queries(self) -> list[Query]:
        """The computations, in order."""
        ...

    def published(self, results: list[Result]) -> Published:
        """What the report shows of the results (in the order of :meth:`queries`)."""
        ...


@dataclass
class Report:
    """A computed launch report, ready to write.

    Attributes:
        scope: The season, its reference and peers, and the viewing basis.
        records: The store's records shown beside the figures.
        views: Every figure's cards, tables and charts, in reading order.
        published: The published figures beside the computed ones (the demo's), if any.
        engine: The engine that computed every figure.
        described: The store as its results describe it (path, row counts, approximations).
        runtime_estimates: The seasons with estimated runtimes, ``"title:season"`` ->
            ``{"estimated": n, "episodes": m}`` (:meth:`showmeter.store.Store.runtime_estimates`).
        generated_at: When the report was computed (UTC).
        seconds: How long computing and drawing took.
    """

    scope: Scope
    records: Records
    views: list[FigureView]
    published: Published | None = None
    engine: str = "duckdb"
    described: dict[str, object] = field(default_factory=dict)
    runtime_estimates: dict[str, dict[str, int]] = field(default_factory=dict)
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
    store: str | Path | Store,
    scope: Scope,
    *,
    engine: str | Engine = "duckdb",
    addendum: Addendum | None = None,
    progress: ReportProgress | None = None,
) -> Report:
    """Compute a season's launch report from a store.

    Args:
        store: The store file, or an open store (e.g. files read in place).
        scope: The season, its reference and peers, and the viewing basis.
        engine: ``duckdb``, ``spark`` or an Ibis URL.
        addendum: Further figures to compute and show (the demo's published figures).
        progress: Called as each computation and chart is done.

    Returns:
        The report.

    Raises:
        UsageError: A season, reference or peer that the store lacks, or a bad parameter.
        InputError: The store cannot be read.
    """
    from showmeter.engines import engine_from
    from showmeter.launch.runner import Runner
    from showmeter.store import Store

    began = time.perf_counter()
    chosen = engine_from(engine)
    opening = (
        contextlib.nullcontext(store) if isinstance(store, Store) else Store(store, read_only=True)
    )
    with opening as opened:
        runner = Runner(opened, engine=chosen)
        records = read_records(opened, scope.season)
        _check(scope, records)
        # The store's defaults (a household's unit=profile) where the basis gives none.
        scope = replace(scope, basis={**records.defaults, **scope.basis})
        figures = plan_report(scope, records)
        asked = distinct_queries(q for f in figures for q in f.queries.values())
        extra = distinct_queries(addendum.queries()) if addendum is not None else {}
        if progress is not None:
            progress("figures", 0, len(asked))
            if addendum is not None:
                progress("published", 0, len(extra.keys() - asked.keys()))
        runner.compute_figures(figures, _stage(progress, "figures"))
        published = None
        if addendum is not None:
            results = runner.compute_all(addendum.queries(), _stage(progress, "published"))
            published = addendum.published(results)
        described = runner.described
        estimated = opened.runtime_estimates()
    views = _draw(figures, Context(scope, records), progress)
    return Report(
        scope,
        records,
        views,
        published,
        chosen.label,
        described,
        estimated,
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

    from showmeter.reporting.html import render_html
    from showmeter.reporting.jsonout import report_json

    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    html_path, json_path = folder / "report.html", folder / "report.json"
    html_path.write_text(render_html(report), encoding="utf-8")
    text = json.dumps(report_json(report), indent=1, ensure_ascii=False, allow_nan=False)
    json_path.write_text(text + "\n", encoding="utf-8")
    return html_path, json_path
