"""A season page's views, each made as soon as its figure's results are in.

A season page's figures are computed as one batch (:meth:`showmeter.launch.runner.Runner.
compute_figures`); a kept plan gives their results one by one while DuckDB runs the next
statements. :func:`made_views` makes each figure's view (Altair, Python) in a thread of its own
as its results come in, and has its charts drawn (vl-convert) by another
(:func:`showmeter.web.render.draw_later`): the three overlap, and the page is the one made
after all the results, figure by figure (``tests/web/test_page_streamed.py``). Also the view of
the audience measured in time (:func:`time_figure`, :func:`time_view`).
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from showmeter.web import household, warm

if TYPE_CHECKING:
    from concurrent.futures import Future

    from showmeter.launch.display import Context
    from showmeter.launch.panels import FigureView, Panel
    from showmeter.launch.query import Progress
    from showmeter.launch.runner import Runner
    from showmeter.launch.scope import Figure, Scope

    _Drawing = tuple[Panel, Future[str]]  # a panel and its chart being drawn

__all__ = ["TIME_WEEKS", "made_views", "time_figure", "time_view"]

TIME_WEEKS = 8
"""Weeks drawn by the hours-viewed curve when the audience is measured in time."""


def made_views(
    runner: Runner, figures: list[Figure], context: Context, progress: Progress | None
) -> list[FigureView]:
    """Compute the figures and make their views, each as soon as its results are in.

    Args:
        runner: The store's runner.
        figures: The page's figures (their ``results`` are filled).
        context: The page's scope and records, for the views.
        progress: Called as ``progress(done, total, metric)`` after each computation.

    Returns:
        The views, in the figures' order, their charts drawn (SVG).

    Raises:
        UsageError: A control the registry refuses.
        QueryTimeout: A computation ran past the time limit.
    """
    from concurrent.futures import ThreadPoolExecutor

    made: dict[int, Future[tuple[FigureView, list[_Drawing]]]] = {}
    with ThreadPoolExecutor(1, thread_name_prefix="showmeter-views") as viewer:

        def ready(n: int, figure: Figure) -> None:
            with contextlib.suppress(RuntimeError):  # the page was given up (out of time)
                made[n] = viewer.submit(_made, figure, context)

        runner.compute_figures(figures, progress, ready)  # what the figures share, once
        views = []
        for n in range(len(figures)):
            shown, drawings = made[n].result()
            for panel, drawing in drawings:
                panel.svg = drawing.result()
            views.append(shown)
    return views


def _made(figure: Figure, context: Context) -> tuple[FigureView, list[_Drawing]]:
    """A figure's view, its charts being drawn in the background."""
    from showmeter.launch.views import view
    from showmeter.web.render import draw_later, unchecked

    warm.ready()  # the chart renderer started with the dashboard (web.warm)
    special = {"hours_by_week": time_view, household.KEY: household.progress_view}
    with unchecked():
        shown = special.get(figure.key, view)(figure, context)
    return shown, [(p, draw_later(p.chart)) for p in shown.panels if p.chart is not None]


def time_figure(scope: Scope) -> Figure:
    """Hours viewed from the launch to the end of each week (``hours_viewed``, window 7k)."""
    from showmeter.launch.query import Query
    from showmeter.launch.scope import Figure, on_basis

    queries: dict[str, Query] = {}
    for role, season in (("season", scope.season), ("reference", scope.reference)):
        if season is None:
            continue
        for week in range(1, TIME_WEEKS + 1):
            query = Query("hours_viewed", {"window_days": 7 * week}, season.title, season.season)
            queries[f"{role} {week}"] = on_basis(scope, query)
    return Figure(
        "hours_by_week",
        "audience",
        f"Hours viewed, cumulative, first {TIME_WEEKS} weeks",
        "Hours viewed from the launch to the end of each week (hours_viewed with window_days "
        "= 7 × week).",
        queries,
    )


def time_view(figure: Figure, context: Context) -> FigureView:
    """The view of :func:`time_figure`: its table and its curve of hours by week."""
    from showmeter.launch import charts, formats
    from showmeter.launch.display import Column, DisplayTable
    from showmeter.launch.panels import SEASON, FigureView, Panel

    rows = []
    for name, result in figure.results.items():
        week = int(name.rsplit(" ", 1)[1])
        rows += [{**context.label(row), "week": week} for row in result.rows]
    table = DisplayTable(
        "hours_by_week",
        [
            SEASON,
            Column("week", "Weeks since launch"),
            Column("value", "Hours viewed", formats.count),
            Column("units", "Units in sample"),
        ],
        rows,
    )
    chart = charts.lines_by_day(table, "week", "Weeks since launch", "Hours viewed (cumulative)")
    return FigureView(figure, panels=[Panel(table, chart)])
