"""The views of the viewing figures: reach, the funnel, the binge race, time to complete, AMA."""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.launch import charts, formats
from showmeter.launch.display import Column, DisplayTable, season_rows
from showmeter.launch.panels import SEASON, Panel, compared, pair_rows, value_of

if TYPE_CHECKING:
    from showmeter.launch.display import Context
    from showmeter.launch.scope import Figure

__all__ = ["VIEWING_VIEWS"]


def _daily(figure: Figure, context: Context) -> list[Panel]:
    table = DisplayTable(
        "daily_reach",
        [
            SEASON,
            Column("day", "Day"),
            Column("value", "Reach", formats.count),
            Column("units", "Units in sample"),
        ],
        pair_rows(figure, context),
    )
    return [Panel(table, charts.lines_by_day(table, "day", "Day since launch", "Units (Σ weight)"))]


def _weekly(figure: Figure, context: Context) -> list[Panel]:
    rows = [
        {**row, "wow_label": formats.change(row.get("wow_change")) if row.get("week") != 1 else ""}
        for row in pair_rows(figure, context)
    ]
    table = DisplayTable(
        "weekly_reach",
        [
            SEASON,
            Column("week", "Week"),
            Column("value", "Reach", formats.count),
            Column("wow_change", "Week over week", formats.change),
            Column("units", "Units in sample"),
        ],
        rows,
    )
    return [Panel(table, charts.weekly_bars(table))]


def _index(figure: Figure, context: Context) -> list[Panel]:
    rows = sorted(compared(figure.results["every"], context), key=lambda r: -value_of(r))
    rows = [{**r, "label": formats.number(r.get("value"), 0)} for r in rows]
    table = DisplayTable(
        "reach_index",
        [
            SEASON,
            Column("value", "Index", lambda v: formats.number(v, 1)),
            Column("reach", "Reach", formats.count),
            Column("reference_reach", "Reference reach", formats.count),
        ],
        rows,
    )
    return [Panel(table, charts.index_bars(table))]


def _episode_names(context: Context) -> dict[int, str]:
    facts = context.records.seasons.get(context.scope.season)
    return {e.episode: e.name or "" for e in facts.episodes} if facts else {}


def _funnel(figure: Figure, context: Context) -> list[Panel]:
    rows = season_rows(figure.results["season"], context.scope.season)
    names = _episode_names(context)
    first = rows[0].get("started") if rows else None
    shaped = []
    for row in rows:
        value = row.get("value")
        share = (
            value / first
            if isinstance(value, int | float) and isinstance(first, int | float) and first
            else None
        )
        shaped.append(
            {
                **row,
                "name": names.get(int(str(row["episode"])), ""),
                "share_of_first_starters": share,
                "share_label": formats.percent(None if share is None else 100 * share),
            }
        )
    table = DisplayTable(
        "episode_funnel",
        [
            Column("episode", "Episode"),
            Column("name", "Name", numeric=False),
            Column("started", "Started", formats.count),
            Column("value", "Completed", formats.count),
            Column(
                "share_of_first_starters",
                "Completed, % of E1 starters",
                lambda v: formats.percent(None if not isinstance(v, float) else 100 * v),
            ),
        ],
        shaped,
    )
    return [Panel(table, charts.funnel(table))]


def _race(figure: Figure, context: Context) -> list[Panel]:
    wanted = list(context.scope.compared)
    rows: list[dict[str, object]] = []
    for result in figure.results.values():
        raced = [context.label(row) for row in result.rows if context.key_of(row) in wanted]
        first = min((int(str(row["hours"])) for row in raced), default=None)
        # Hour 0 (the launch) is drawn at 0, beside the first hour's row.
        rows += [{**row, "hours": 0, "value": 0} for row in raced if row["hours"] == first]
        rows += raced
    rows.sort(key=lambda r: (wanted.index(context.key_of(r)), int(str(r["hours"]))))
    table = DisplayTable(
        "binge_race",
        [
            SEASON,
            Column("hours", "Hours since launch"),
            Column("value", "Completers", formats.count),
            Column("units", "Units in sample"),
        ],
        rows,
        note="Hour 0 is the launch, when nobody has completed the season yet.",
    )
    return [Panel(table, charts.binge_race(table))]


def _time_to_complete(figure: Figure, context: Context) -> list[Panel]:
    rows = [
        {**r, "median_label": formats.hours(r.get("p50"))}
        for r in compared(figure.results["every"], context, "units")
        if r.get("p50") is not None
    ]
    hours = formats.hours
    table = DisplayTable(
        "time_to_complete",
        [
            SEASON,
            Column("p10", "p10", hours),
            Column("p50", "Median", hours),
            Column("p90", "p90", hours),
            Column("units", "Completing units"),
        ],
        rows,
    )
    return [Panel(table, charts.range_dots(table))]


def _ama(figure: Figure, context: Context) -> list[Panel]:
    names = _episode_names(context)
    rows = [
        {**r, "name": names.get(int(str(r["episode"])), ""), "label": formats.count(r.get("value"))}
        for r in season_rows(figure.results["season"], context.scope.season)
    ]
    table = DisplayTable(
        "average_minute_audience",
        [
            Column("episode", "Episode"),
            Column("name", "Name", numeric=False),
            Column("value", "Average minute audience", formats.count),
            Column("units", "Units in sample"),
        ],
        rows,
    )
    return [Panel(table, charts.bars_by_episode(table, "Average minute audience"))]


VIEWING_VIEWS = {
    "daily_reach": _daily,
    "weekly_reach": _weekly,
    "reach_index": _index,
    "episode_funnel": _funnel,
    "binge_race": _race,
    "time_to_complete": _time_to_complete,
    "average_minute_audience": _ama,
}
"""The view of each viewing figure, by the figure's key."""
