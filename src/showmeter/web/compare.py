"""The compare page: two or more seasons side by side.

Three figures, each computed through the registry: reach week by week from the launch
(``weekly_reach``), drawn indexed to week 1 and as the week-over-week decay, and the binge race
(``binge_racers`` with ``window_hours`` from 6 hours to a week), the launch report's own view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from showmeter.definitions.params import SeasonRef
from showmeter.errors import UsageError
from showmeter.launch.display import Context
from showmeter.launch.plan import race_queries
from showmeter.launch.query import Query
from showmeter.launch.scope import Figure, Scope
from showmeter.schema import SeasonKey
from showmeter.web import storeinfo

if TYPE_CHECKING:
    from showmeter.launch.panels import FigureView, Panel
    from showmeter.launch.records import Records
    from showmeter.launch.runner import Runner

__all__ = ["WEEKS", "ComparePage", "build", "parse_seasons", "starting_seasons"]

WEEKS = 8
"""Weeks from the launch drawn by the reach curves."""

MAX_SEASONS = 8
"""The most seasons compared at once."""


class _Compared(Context):
    """A context in which every compared season has its own legend entry."""

    def label(self, row: dict[str, object]) -> dict[str, object]:
        labelled = super().label(row)
        return {**labelled, "legend": labelled["season_name"]}


@dataclass
class ComparePage:
    """The computed compare page: the seasons and the views of its three figures."""

    seasons: list[SeasonKey]
    views: list[FigureView]
    records: Records


def parse_seasons(runner: Runner, given: list[str]) -> list[SeasonKey]:
    """The compared seasons from the query's ``season`` values (empty ones ignored).

    Raises:
        UsageError: A season written wrongly, one the store lacks, or too many.
    """
    known = storeinfo.seasons(runner)
    found: list[SeasonKey] = []
    for text in given:
        if not text.strip():
            continue
        try:
            key = SeasonRef().parse(text)
        except ValueError as error:
            raise UsageError("bad season", value=text, expected=str(error)) from None
        if key not in known:
            raise UsageError(
                f"no season {key} in the store", remedy="Choose the seasons from the lists."
            )
        if key not in found:
            found.append(key)
    if len(found) > MAX_SEASONS:
        raise UsageError(
            f"{len(found)} seasons given; at most {MAX_SEASONS} are compared at once",
            remedy="Drop some seasons.",
        )
    return found


def starting_seasons(runner: Runner) -> list[SeasonKey]:
    """The seasons the compare page starts with when none is asked for.

    The demo's season and its reference in the demo store; otherwise the store's first season
    and the next one (the season page links here with its own season and reference).

    Returns:
        Up to two seasons.
    """
    from showmeter.demo.scope import DEMO_SEASON, demo_scope

    known = list(storeinfo.seasons(runner))
    if storeinfo.records(runner).simulated and DEMO_SEASON in known:
        reference = demo_scope().reference
        return [DEMO_SEASON, *([reference] if reference in known else [])]
    return known[:2]


def _reach(figure: Figure, context: Context, wanted: list[SeasonKey]) -> list[Panel]:
    from showmeter.launch import charts, formats
    from showmeter.launch.display import Column, DisplayTable
    from showmeter.launch.panels import SEASON, Panel

    rows = [context.label(r) for r in figure.results["every"].rows]
    rows = [r for r in rows if context.key_of(r) in wanted]
    rows.sort(key=lambda r: (wanted.index(context.key_of(r)), int(str(r["week"]))))
    first = {context.key_of(r): r.get("value") for r in rows if r.get("week") == 1}
    indexed = []
    for row in rows:
        base, value = first.get(context.key_of(row)), row.get("value")
        index = (
            100 * value / base
            if isinstance(value, int | float) and isinstance(base, int | float) and base
            else None
        )
        indexed.append({**row, "reach": value, "value": index})
    curve = DisplayTable(
        "reach_indexed",
        [
            SEASON,
            Column("week", "Week"),
            Column("reach", "Reach", formats.count),
            Column("value", "Index (week 1 = 100)", lambda v: formats.number(v, 1)),
        ],
        indexed,
        note="The index is the week's reach as a share of week 1's, × 100.",
    )
    decay_rows = [
        {**r, "wow_label": formats.change(r.get("wow_change")) if r.get("week") != 1 else ""}
        for r in rows
    ]
    decay = DisplayTable(
        "decay",
        [
            SEASON,
            Column("week", "Week"),
            Column("value", "Reach", formats.count),
            Column("wow_change", "Week over week", formats.change),
        ],
        decay_rows,
    )
    return [
        Panel(
            curve,
            charts.lines_by_day(curve, "week", "Week since launch", "Reach, week 1 = 100"),
            heading="Reach indexed to week 1",
        ),
        Panel(decay, charts.weekly_bars(decay), heading="Decay: week-over-week change"),
    ]


def build(runner: Runner, wanted: list[SeasonKey]) -> ComparePage:
    """Compute the compare page of two or more seasons.

    Args:
        runner: The store's runner.
        wanted: The seasons, in the order given (the first in red, the second in navy).

    Returns:
        The page; no figures when fewer than two seasons are given.
    """
    from showmeter.launch.panels import FigureView
    from showmeter.launch.views import VIEWS
    from showmeter.web.render import svg

    records = storeinfo.records(runner)
    if len(wanted) < 2:
        return ComparePage(wanted, [], records)
    scope = Scope(wanted[0], wanted[1], tuple(wanted[2:]))
    context = _Compared(scope, records)
    reach = Figure(
        "reach_curves",
        "audience",
        f"Reach week by week, first {WEEKS} weeks",
        "Units that viewed each season in each week since its own launch, indexed to its "
        "week 1, and the change on the week before.",
        {"every": Query("weekly_reach", {"weeks": WEEKS})},
    )
    race = Figure(
        "binge_race",
        "completion",
        "The binge race",
        "Units that completed every episode before L + h hours (binge_race: binge_racers "
        "with window_hours = h for each h).",
        race_queries(tuple(wanted)),
    )
    views = []
    runner.compute_figures([reach, race])
    views.append(FigureView(reach, panels=_reach(reach, context, wanted)))
    views.append(FigureView(race, panels=VIEWS["binge_race"](race, context)))
    for shown in views:
        for panel in shown.panels:
            if panel.chart is not None:
                panel.svg = svg(panel.chart)
    return ComparePage(wanted, views, records)
