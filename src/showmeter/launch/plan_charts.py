"""The figures of a season's page drawn from Netflix's published figures (the charts family).

A store loaded with ``--source netflix-top10`` or ``netflix-engagement`` holds Netflix's own
weekly Top 10 figures and engagement reports. These figures show them for the season and its
reference: weekly hours and views by week in the list (absolute and indexed to week 1), the
week-over-week change, the weeks in the list and the rank by week, the countries whose list
it entered, and the engagement reports' totals. Every value is a metric of the ``charts``
family; nothing here computes.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from showmeter.launch.query import Query
from showmeter.launch.scope import Figure

if TYPE_CHECKING:
    from showmeter.launch.records import Records
    from showmeter.launch.scope import Scope

__all__ = ["chart_figures", "has_published", "has_sessions", "published_files", "with_sources"]

SECTION = "charts"


def has_published(records: Records) -> bool:
    """Whether the store holds published figures (a load of kind ``published``)."""
    return any(load.kind == "published" for load in records.loads)


def published_files(records: Records) -> dict[str, list[str]]:
    """The files each published source was loaded from: source -> file names, in load order."""
    found: dict[str, list[str]] = {}
    for load in records.loads:
        if load.kind == "published":
            names = found.setdefault(load.source, [])
            name = Path(load.file).name
            if name not in names:
                names.append(name)
    return found


def with_sources(figures: list[Figure], files: dict[str, list[str]]) -> list[Figure]:
    """The figures with the files they were published in named at the end of each caption.

    Args:
        figures: The figures of :func:`chart_figures`.
        files: Source -> file names (:func:`published_files`); the engagement figure names
            the engagement reports' files, the others the Top 10 lists'.

    Returns:
        The figures, captions completed where files are known.
    """
    done = []
    for figure in figures:
        source = "netflix-engagement" if figure.key == "engagement" else "netflix-top10"
        names = files.get(source, [])
        if names:
            caption = f"{figure.caption} Source files: {', '.join(names)}."
            figure = dataclasses.replace(figure, caption=caption)
        done.append(figure)
    return done


def has_sessions(records: Records) -> bool:
    """Whether the store holds viewing sessions (a load of kind ``viewing``)."""
    return any(load.kind == "viewing" for load in records.loads)


def _pair(name: str, scope: Scope, prefix: str = "", **params: object) -> dict[str, Query]:
    """``name`` for the season (``<prefix>season``) and its reference (``<prefix>reference``)."""
    found = {f"{prefix}season": Query(name, params, scope.season.title, scope.season.season)}
    if scope.reference is not None:
        key = scope.reference
        found[f"{prefix}reference"] = Query(name, params, key.title, key.season)
    return found


def chart_figures(scope: Scope) -> list[Figure]:
    """The figures of the published-figures section, for the season and its reference."""
    return [
        Figure(
            "chart_weekly",
            SECTION,
            "Weekly hours and views in the global Top 10",
            "Hours viewed and views as Netflix published them for each week the season was in "
            "its global Top 10 list, by week in the list (1 = its first listed week), and the "
            "same indexed to its first week (= 100).",
            {**_pair("chart_hours", scope, "hours "), **_pair("chart_views", scope, "views ")},
        ),
        Figure(
            "chart_decay",
            SECTION,
            "Week-over-week change of hours viewed",
            "Hours of each listed week against the calendar week before (blank when that week "
            "was not listed).",
            _pair("chart_wow", scope),
        ),
        Figure(
            "chart_list",
            SECTION,
            "Weeks in the list and rank by week",
            "The weeks each season spent in the global Top 10 list, and its rank in each of "
            "them (1 = most watched of its category that week).",
            {"weeks": Query("chart_weeks", {}), **_pair("chart_rank", scope, "rank ")},
        ),
        Figure(
            "chart_markets",
            SECTION,
            "Countries where it charted",
            "The countries whose Top 10 list the season entered, and those where it ranked "
            "first, over every week loaded.",
            _pair("chart_markets", scope),
        ),
        Figure(
            "engagement",
            SECTION,
            "Engagement reports",
            "Hours viewed and views in each half year of Netflix's engagement reports.",
            {
                **_pair("engagement_hours", scope, "hours ", every_period=True),
                **_pair("engagement_views", scope, "views ", every_period=True),
            },
        ),
    ]
