"""The compare page: two or more seasons side by side.

From sessions, three figures, each computed through the registry: reach week by week from the
launch (``weekly_reach``), drawn indexed to week 1 and as the week-over-week decay, and the
binge race (``binge_racers`` with ``window_hours`` from 6 hours to a week), the launch report's
own view. From Netflix's published figures (a store loaded with ``--source netflix-top10`` or
``netflix-engagement``), the season page's section of them for every compared season
(:func:`showmeter.launch.plan_compare.compared_chart_figures`, drawn by its own views): weekly
hours and views by week in the list, absolute and indexed to week 1, the week-over-week change,
the weeks in the list and the rank by week, the countries charted and number one, and the
engagement reports' totals. A store with both shows both; one with published figures alone
shows those, and says that it has no sessions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from showmeter.definitions.params import SeasonRef
from showmeter.errors import UsageError
from showmeter.launch.display import Context
from showmeter.launch.plan import race_queries
from showmeter.launch.query import Query
from showmeter.launch.scope import SECTIONS, Figure, Scope
from showmeter.schema import SeasonKey
from showmeter.web import storeinfo

if TYPE_CHECKING:
    from showmeter.launch.panels import FigureView, Panel
    from showmeter.launch.records import Records
    from showmeter.launch.runner import Runner

__all__ = ["WEEKS", "ComparePage", "CompareSection", "build", "parse_seasons", "starting_seasons"]

WEEKS = 8
"""Weeks from the launch drawn by the reach curves."""

MAX_SEASONS = 8
"""The most seasons compared at once."""


class _Compared(Context):
    """A context in which every compared season has its own legend entry."""

    def label(self, row: dict[str, object]) -> dict[str, object]:
        labelled = super().label(row)
        return {**labelled, "legend": labelled["season_name"]}


@dataclass(frozen=True)
class CompareSection:
    """A section of the compare page: its heading, lede and figures' views."""

    key: str
    heading: str
    lede: str
    views: list[FigureView]


NO_SESSIONS = (
    "The store holds no viewing sessions (it was loaded from Netflix's published figures "
    "only): reach, decay and the binge race, which count sessions, are not drawn."
)
"""The note of a compare page over a store without sessions."""

NO_PUBLISHED = (
    "None of these seasons is in the published figures loaded (Netflix's Top 10 lists and "
    "engagement reports)."
)
"""The note of the published figures' section when no compared season has any."""


@dataclass
class ComparePage:
    """The computed compare page: the seasons and the views of its figures.

    Attributes:
        seasons: The compared seasons, in the order given.
        views: Every figure's view, in page order (the downloads find their tables here).
        records: The store's records.
        sections: The views grouped under their sections (sessions, published figures).
        notes: What the page does not show, and why (no sessions; no published figure).
    """

    seasons: list[SeasonKey]
    views: list[FigureView]
    records: Records
    sections: list[CompareSection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


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

    The demo's season and its reference in the demo store; in a store of Netflix's published
    figures alone, the two seasons with the most weeks in the global Top 10 (``chart_weeks``,
    the first in the store's order on a tie); otherwise the store's first season and the next
    one (the season page links here with its own season and reference).

    Returns:
        Up to two seasons.
    """
    from showmeter.demo.scope import DEMO_SEASON, demo_scope
    from showmeter.launch.plan_charts import has_published, has_sessions

    known = list(storeinfo.seasons(runner))
    records = storeinfo.records(runner)
    if records.simulated and DEMO_SEASON in known:
        reference = demo_scope().reference
        return [DEMO_SEASON, *([reference] if reference in known else [])]
    if has_published(records) and not has_sessions(records):
        (weeks,) = runner.compute_all([Query("chart_weeks", {})])
        listed = {
            SeasonKey(str(r["title"]), int(str(r["season"]))): float(str(r["value"]))
            for r in weeks.rows
            if r.get("value") is not None
        }
        most = sorted((k for k in known if k in listed), key=lambda k: -listed[k])
        return most[:2] if len(most) >= 2 else known[:2]
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


def _session_figures(wanted: list[SeasonKey]) -> list[Figure]:
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
    return [reach, race]


def build(runner: Runner, wanted: list[SeasonKey]) -> ComparePage:
    """Compute the compare page of two or more seasons.

    Args:
        runner: The store's runner.
        wanted: The seasons, in the order given (the first in red, the second in navy).

    Returns:
        The page; no figures when fewer than two seasons are given. The session figures when
        the store has sessions (or has no published figures either, as before those existed);
        the published figures' section when it has published figures.
    """
    from showmeter.launch.panels import FigureView
    from showmeter.launch.plan_charts import has_published, has_sessions
    from showmeter.launch.plan_compare import compared_chart_figures
    from showmeter.launch.views import VIEWS
    from showmeter.web.render import svg

    records = storeinfo.records(runner)
    if len(wanted) < 2:
        return ComparePage(wanted, [], records)
    published = has_published(records)
    sessions = has_sessions(records) or not published
    scope = Scope(wanted[0], wanted[1], tuple(wanted[2:]))
    context = _Compared(scope, records)
    session_figures = _session_figures(wanted) if sessions else []
    chart_figures = compared_chart_figures(wanted) if published else []
    runner.compute_figures([*session_figures, *chart_figures])
    sections: list[CompareSection] = []
    notes = [] if sessions else [NO_SESSIONS]
    if session_figures:
        reach, race = session_figures
        shown = [
            FigureView(reach, panels=_reach(reach, context, wanted)),
            FigureView(race, panels=VIEWS["binge_race"](race, context)),
        ]
        sections.append(
            CompareSection("sessions", "Sessions", "Reach and binge racing, from sessions.", shown)
        )
    if chart_figures:
        charts = next(s for s in SECTIONS if s.key == "charts")
        drawn = [FigureView(f, panels=VIEWS[f.key](f, context)) for f in chart_figures]
        drawn = [v for v in drawn if v.panels]
        if not drawn:
            notes.append(NO_PUBLISHED)
        sections.append(CompareSection(charts.key, charts.heading, charts.lede, drawn))
    views = [v for section in sections for v in section.views]
    for view in views:
        for panel in view.panels:
            if panel.chart is not None:
                panel.svg = svg(panel.chart)
    return ComparePage(wanted, views, records, sections, notes)
