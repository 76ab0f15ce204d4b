"""The views of the published-figures section: Top 10 curves, decay, list, countries, reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.launch import charts, formats
from showmeter.launch.display import Column, DisplayTable, season_rows
from showmeter.launch.panels import SEASON, Panel

if TYPE_CHECKING:
    from showmeter.launch.display import Context
    from showmeter.launch.scope import Figure

__all__ = ["CHART_VIEWS"]

WEEK = Column("week_number", "Week in the list")
ENDING = Column("week", "Week ending", numeric=False)


def _rows(figure: Figure, context: Context, prefix: str = "") -> list[dict[str, object]]:
    """The labelled rows of the results ``<prefix>season`` and ``<prefix>reference``.

    And of ``<prefix>peer <key>`` for each peer the figure has a result of (the compare page's
    figures, :func:`showmeter.launch.plan_compare.compared_chart_figures`).
    """
    scope = context.scope
    rows: list[dict[str, object]] = []
    roles = [("season", scope.season), ("reference", scope.reference)]
    roles += [(f"peer {key}", key) for key in scope.peers]
    for role, key in roles:
        result = figure.results.get(f"{prefix}{role}")
        if key is not None and result is not None:
            rows += [context.label(r) for r in season_rows(result, key)]
    return rows


def _lines(name: str, rows: list[dict[str, object]], column: Column, y_title: str) -> Panel:
    """A table of one column by week in the list, and its lines (one per season)."""
    shaped = [
        {**row, "value": row.get(column.key)} for row in rows if row.get(column.key) is not None
    ]
    table = DisplayTable(name, [SEASON, WEEK, ENDING, column], shaped)
    chart = (
        charts.lines_by_day(table, "week_number", "Week in the list", y_title) if shaped else None
    )
    return Panel(table, chart, heading=column.heading)


def _weekly(figure: Figure, context: Context) -> list[Panel]:
    hours, views = _rows(figure, context, "hours "), _rows(figure, context, "views ")
    if not hours:
        return []
    index = lambda v: formats.number(v, 1)  # noqa: E731
    views_shaped = [{**row, "views_index": row.get("index")} for row in views]
    return [
        _lines("chart_hours", hours, Column("value", "Hours viewed", formats.count), "Hours"),
        _lines("chart_hours_index", hours, Column("index", "Hours, week 1 = 100", index), "Index"),
        _lines("chart_views", views_shaped, Column("value", "Views", formats.count), "Views"),
        _lines(
            "chart_views_index", views_shaped, Column("views_index", "Views, week 1 = 100", index),
            "Index",
        ),
    ]  # fmt: skip


def _decay(figure: Figure, context: Context) -> list[Panel]:
    rows = _rows(figure, context)
    if not rows:
        return []
    table = DisplayTable(
        "chart_wow",
        [
            SEASON, WEEK, ENDING,
            Column("hours", "Hours viewed", formats.count),
            Column("previous_hours", "Week before", formats.count),
            Column("value", "Week over week", formats.change),
        ],
        rows,
    )  # fmt: skip
    shaped = [{**r, "value": 100 * float(str(r["value"]))} for r in rows if r["value"] is not None]
    chart_table = DisplayTable("chart_wow_lines", table.columns, shaped)
    y_title = "Change on the week before (%)"
    chart = charts.lines_by_day(chart_table, "week_number", "Week in the list", y_title)
    return [Panel(table, chart if shaped else None)]


def _list(figure: Figure, context: Context) -> list[Panel]:
    ranks = _rows(figure, context, "rank ")
    if not ranks:
        return []
    scope = context.scope
    wanted = {scope.season, *((scope.reference,) if scope.reference else ())}
    wanted |= {key for key in scope.peers if f"rank peer {key}" in figure.results}
    weeks = [context.label(r) for r in figure.results["weeks"].rows if context.key_of(r) in wanted]
    weeks.sort(key=lambda r: r["role"] != "season")
    weeks_table = DisplayTable(
        "chart_weeks",
        [
            SEASON,
            Column("value", "Weeks in the list"),
            Column("first_week", "First week", numeric=False),
            Column("last_week", "Last week", numeric=False),
            Column("best_rank", "Best rank"),
        ],
        weeks,
    )
    rank_table = DisplayTable(
        "chart_rank",
        [SEASON, WEEK, ENDING, Column("value", "Rank"), Column("category", "List", numeric=False)],
        ranks,
    )
    chart = charts.lines_by_day(rank_table, "week_number", "Week in the list", "Rank (1 = top)")
    return [
        Panel(weeks_table, heading="Weeks in the list"),
        Panel(rank_table, chart, heading="Rank by week"),
    ]


def _markets(figure: Figure, context: Context) -> list[Panel]:
    rows = _rows(figure, context)
    if not rows:
        return []
    table = DisplayTable(
        "chart_markets",
        [
            SEASON,
            Column("value", "Countries"),
            Column("number_one", "Number one in"),
            Column("markets", "Countries (ISO)", numeric=False),
            Column("number_one_markets", "Number one (ISO)", numeric=False),
        ],
        rows,
    )
    return [Panel(table)]


def _engagement(figure: Figure, context: Context) -> list[Panel]:
    hours = _rows(figure, context, "hours ")
    if not hours:
        return []
    views = {
        (context.key_of(r), r.get("period_start")): r for r in _rows(figure, context, "views ")
    }
    rows = []
    for row in hours:
        seen = views.get((context.key_of(row), row.get("period_start")), {})
        rows.append({**row, "views": seen.get("value"), "derived": seen.get("derived")})
    table = DisplayTable(
        "engagement",
        [
            SEASON,
            Column("period_start", "From", numeric=False),
            Column("period_end", "To", numeric=False),
            Column("value", "Hours viewed", formats.count),
            Column("views", "Views", formats.count),
            Column("derived", "Views derived (hours / runtime)", numeric=False),
            Column("label", "Title as published", numeric=False),
        ],
        rows,
    )
    return [Panel(table)]


CHART_VIEWS = {
    "chart_weekly": _weekly,
    "chart_decay": _decay,
    "chart_list": _list,
    "chart_markets": _markets,
    "engagement": _engagement,
}
"""The view of each published-figures figure, by the figure's key."""
