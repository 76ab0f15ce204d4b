"""The episode × viewer grid of a small store's season page (a household's viewing).

The grid is the ``episode_progress`` metric's rows, one per viewer and episode, drawn as a
table and a heat map: nothing is computed here beyond choosing and labelling them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from showmeter.launch.display import Context
    from showmeter.launch.panels import FigureView
    from showmeter.launch.scope import Figure, Scope

__all__ = ["KEY", "progress_figure", "progress_view"]

KEY = "episode_progress"
"""The key of the grid's figure on the season page."""


def progress_figure(scope: Scope) -> Figure:
    """The grid's figure: ``episode_progress`` of the season, on the page's basis."""
    from showmeter.launch.query import Query
    from showmeter.launch.scope import Figure, on_basis

    query = Query(KEY, {}, scope.season.title, scope.season.season)
    return Figure(
        KEY,
        "completion",
        "Completion by episode and viewer",
        "Each viewer's share of each episode viewed in the first 28 days from the launch in "
        "their market; a number is the hours from that launch to the episode's completion.",
        {"season": on_basis(scope, query)},
    )


def _share(value: object) -> str:
    from showmeter.launch import formats

    if not isinstance(value, int | float):
        return formats.DASH
    return formats.percent(100 * value)


def progress_view(figure: Figure, context: Context) -> FigureView:
    """The grid as a table (one row per viewer and episode, downloadable) and a heat map."""
    from showmeter.launch import charts, formats
    from showmeter.launch.display import Column, DisplayTable
    from showmeter.launch.panels import FigureView, Panel

    rows = []
    for row in figure.results["season"].rows:
        share = row["value"]
        hours = row["completed_hours"]
        rows.append(
            {
                **row,
                "shown_share": min(share, 1.0) if isinstance(share, int | float) else None,
                "completed_label": f"{hours:.0f} h" if isinstance(hours, int | float) else "",
            }
        )
    table = DisplayTable(
        KEY,
        [
            Column("unit_id", "Viewer", numeric=False),
            Column("episode", "Episode"),
            Column("value", "Share viewed", _share),
            Column("seconds", "Seconds viewed", formats.count),
            Column("completed_hours", "Completed, hours after launch", formats.cell),
        ],
        rows,
        note=f"{len({r['unit_id'] for r in rows})} viewers; rows from episode_progress.",
    )
    chart = charts.progress_grid(table) if rows else None
    return FigureView(figure, panels=[Panel(table, chart)])
