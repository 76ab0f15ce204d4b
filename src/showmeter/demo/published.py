"""The demo's targets: every figure the press published about The Defenders' launch.

Each :class:`PublishedFigure` is one figure of the Reception section of the seed article (and
of the primary sources it cites), with the metric, the parameters and the row that compute it
and the display rounding the press used. :func:`compared` sets each one beside the figure computed
through the registry and says whether it is reproduced: equal to the published figure after
that rounding (or, for "top 0.1 %", at least the threshold).

These figures live here and only here: the simulator generates rows and the engine computes
definitions; neither knows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from showmeter.launch.query import Query

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from showmeter.results import Result

__all__ = [
    "PUBLISHED",
    "Comparison",
    "PublishedFigure",
    "compared",
]

JUMPSHOT = {"panel": "jumpshot", "devices": "desktop", "markets": "US"}
"""Jumpshot's US desktop clickstream panel of accounts."""

NIELSEN = {"panel": "nielsen", "unit": "person", "markets": "US", "devices": "tv"}
"""Nielsen's US TV people-meter panel of persons."""

DEFENDERS = ("the-defenders", 1)


@dataclass(frozen=True)
class PublishedFigure:
    """A published figure and how the engine computes it.

    Attributes:
        figure: The figure in the words of the seed (or of the primary source it cites).
        publisher: Who published it.
        published: The figure as published: a number in ``unit``, or a label.
        query: The metric, its parameters, and the title and season.
        row: The values that pick the row of the result (e.g. ``{"week": 2}``).
        column: The column that holds the figure.
        scale: Multiplies the column into the published unit (100 for a percentage, 1e-6 for
            millions).
        decimals: The decimals the press showed; the computed figure is rounded half up to
            them before the comparison.
        at_least: Reproduced when the computed figure is at least the published one (a
            "top 0.1 %" claim).
        unit: The unit as displayed after the number (``%``, `` M``).
        note: What a reader should know about the published figure.
    """

    figure: str
    publisher: str
    published: float | str
    query: Query
    row: Mapping[str, object] = field(default_factory=dict)
    column: str = "value"
    scale: float = 1.0
    decimals: int = 0
    at_least: bool = False
    unit: str = ""
    signed: bool = False
    note: str = ""

    def shown(self, value: float | str | None, *, claim: bool = False) -> str:
        """A value as the press would show it (rounded half up, with the unit).

        Args:
            value: The value, in the published unit.
            claim: Whether it is the published claim (a threshold shows as ``≥ 99.9``).
        """
        if value is None:
            return "—"
        if isinstance(value, str):
            return value
        number = f"{_rounded(value, self.decimals):{'+' if self.signed else ''}.{self.decimals}f}"
        return ("≥ " if self.at_least and claim else "") + number.replace("-", "−") + self.unit


def _rounded(value: float, decimals: int) -> Decimal:
    step = Decimal(1).scaleb(-decimals)
    return Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP)


def _jumpshot_index(title: str, name: str, published: float) -> PublishedFigure:
    return PublishedFigure(
        f"{name}: {published:g}% of the viewers that the second season of Daredevil received "
        "in its first 30 days",
        "Jumpshot",
        published,
        Query("reach_index", {**JUMPSHOT, "reference": "daredevil:2", "window_days": 30}, title, 1),
        unit="%",
        note="Jumpshot's figures for the solo seasons; the seed calls The Defenders "
        "'the least-viewed of the Marvel Netflix series'."
        if title == "iron-fist"
        else "",
    )


def _weekly_drop(week: int, drop: int) -> PublishedFigure:
    return PublishedFigure(
        f"declining by {drop}% (week {week} on week {week - 1}) over the 30-day period",
        "Jumpshot",
        -drop,
        Query("weekly_reach", {**JUMPSHOT, "weeks": 4}, *DEFENDERS),
        row={"week": week},
        column="wow_change",
        scale=100,
        unit="%",
        signed=True,
    )


def _binge_rank(market: str | None, words: str) -> PublishedFigure:
    params: dict[str, object] = {"metric": "binge_racers"}
    if market is not None:
        params["by_market"] = "true"
    return PublishedFigure(
        words,
        "Netflix",
        1 if market else 3,
        Query("rank", params, *DEFENDERS),
        row={"market": market} if market else {},
        column="rank",
        note=""
        if market
        else "Netflix ranked its original series by binge racers: members who finished the "
        "season within 24 hours of its launch in their country; rank here ranks every season "
        "of the store.",
    )


NIELSEN_NOTES = {
    "daily_reach": "No primary source gives 2.8 M on the day of release (docs/sources.md "
    "§10): 2.8 M is the adults 18–49 premiere-week average of episode 1.",
    "ages": "USA Today, 2017-10-18, citing Nielsen.",
}


def _nielsen(figure: str, metric: str, published: float, **params: object) -> PublishedFigure:
    row = {"day": 1} if metric == "daily_reach" else {"episode": 1}
    note = NIELSEN_NOTES.get(metric) or (NIELSEN_NOTES["ages"] if "ages" in params else "")
    return PublishedFigure(
        figure,
        "Nielsen",
        published,
        Query(metric, {**NIELSEN, **params}, *DEFENDERS),
        row=row,
        scale=1e-6,
        decimals=1,
        unit=" M",
        note=note,
    )


def _critics(figure: str, metric: str, column: str, published: float | str) -> PublishedFigure:
    publisher = "Metacritic" if metric == "metascore" else "Rotten Tomatoes"
    decimals = 2 if metric == "average_rating" else 0
    unit = "%" if (metric, column) == ("tomatometer", "value") else ""
    return PublishedFigure(
        figure,
        publisher,
        published,
        Query(metric, {}, *DEFENDERS),
        column=column,
        decimals=decimals,
        unit=unit,
    )


def _demand(figure: str, metric: str, published: float, **params: object) -> PublishedFigure:
    market = "ALL" if metric == "demand_multiple" else "US"
    wanted = dict(params) if market == "ALL" else {**params, "markets": "US"}
    return PublishedFigure(
        figure,
        "Parrot Analytics",
        published,
        Query(metric, wanted, "the-defenders"),
        row={"market": market},
        scale=100 if metric == "demand_wow" else 1,
        decimals=1 if metric in ("demand_multiple", "demand_percentile") else 0,
        at_least=metric == "demand_percentile",
        signed=metric == "demand_wow",
        unit="%" if metric in ("demand_wow",) else ("×" if metric == "demand_multiple" else ""),
    )


LAUNCH_WEEK = {"start": "2017-08-20", "end": "2017-08-26"}

PUBLISHED: tuple[PublishedFigure, ...] = (
    _jumpshot_index("the-defenders", "The Defenders", 17),
    _jumpshot_index("iron-fist", "Iron Fist", 28),
    _jumpshot_index("luke-cage", "Luke Cage", 27),
    _jumpshot_index("jessica-jones", "Jessica Jones", 26),
    _weekly_drop(2, 67),
    _weekly_drop(3, 48),
    _weekly_drop(4, 41),
    _binge_rank(None, 'the third-most "Binge Raced" Netflix original series globally'),
    _binge_rank("KR", "and first in South Korea"),
    _binge_rank("PH", "first in the Philippines"),
    _nielsen("2.8 million viewers on the day of its release", "daily_reach", 2.8, days=1),
    _nielsen(
        "the first episode of the miniseries averaged 6.1 million viewers during its premiere week",
        "average_minute_audience",
        6.1,
        window_days=7,
    ),
    _nielsen(
        "the opener averaged 2.8 million viewers [adults 18–49]",
        "average_minute_audience",
        2.8,
        window_days=7,
        ages="18-49",
    ),
    _critics("a 78% approval rating", "tomatometer", "value", 78),
    _critics("an average rating of 6.60/10", "average_rating", "value", 6.6),
    _critics("based on 100 reviews", "tomatometer", "reviews", 100),
    _critics("a score of 63 out of 100", "metascore", "value", 63),
    _critics("based on 30 critics", "metascore", "reviews", 30),
    _critics(
        'indicating "generally favorable reviews"', "metascore", "label", "generally favorable"
    ),
    _demand(
        "the most in-demand digital original series … from August 20 to 26, 2017",
        "demand_rank",
        1,
        **LAUNCH_WEEK,
        kind="series",
        original="true",
    ),
    _demand(
        "and the fourth-most popular show overall from August 20 to 26, 2017",
        "demand_rank",
        4,
        **LAUNCH_WEEK,
        kind="series",
    ),
    _demand(
        "with demand increasing by 24% from the previous week", "demand_wow", 24, end="2017-08-26"
    ),
    _demand(
        "ranked in the top 0.1% of U.S. TV shows … from November 7, 2017, to November 8, 2018",
        "demand_percentile",
        99.9,
        start="2017-11-07",
        end="2018-11-08",
    ),
    _demand(
        "current interest levels 3.5 times the global average for TV shows (July 2021)",
        "demand_multiple",
        3.5,
        start="2021-07-01",
        end="2021-07-31",
    ),
)
"""Every published figure of the demo, in the order of the seed's Reception section."""


@dataclass(frozen=True)
class Comparison:
    """A published figure beside the figure computed.

    Attributes:
        published_figure: The published figure and how it is computed.
        computed: The computed figure in the published unit, not rounded (``None`` when the
            result has no such row or the value is null).
        result: The result it was read from.
    """

    published_figure: PublishedFigure
    computed: float | str | None
    result: Result

    @property
    def reproduced(self) -> bool:
        """Whether the computed figure equals the published one after display rounding."""
        target, value = self.published_figure.published, self.computed
        if value is None:
            return False
        if isinstance(target, str) or isinstance(value, str):
            return str(value) == str(target)
        if self.published_figure.at_least:
            return value >= target
        decimals = self.published_figure.decimals
        return _rounded(value, decimals) == _rounded(target, decimals)

    def to_dict(self) -> dict[str, object]:
        """The comparison as ``report.json`` lists it under ``published``."""
        figure = self.published_figure
        return {
            "figure": figure.figure,
            "publisher": figure.publisher,
            "published": figure.published,
            "published_display": figure.shown(figure.published, claim=True),
            "computed": self.computed,
            "computed_display": figure.shown(self.computed),
            "metric": figure.query.metric,
            "params": self.result.params,
            "title": figure.query.title,
            "season": figure.query.season,
            "row": dict(figure.row),
            "column": figure.column,
            "reproduced": self.reproduced,
            "note": figure.note,
        }


def _pick(result: Result, figure: PublishedFigure) -> float | str | None:
    for row in result.rows:
        if all(row.get(name) == wanted for name, wanted in figure.row.items()):
            value = row.get(figure.column)
            if value is None or isinstance(value, str):
                return value
            if isinstance(value, bool) or not isinstance(value, int | float):
                return str(value)
            return value * figure.scale if figure.scale != 1 else value
    return None


def compared(
    results: Sequence[Result], figures: tuple[PublishedFigure, ...] = PUBLISHED
) -> list[Comparison]:
    """Each published figure beside the figure computed.

    Args:
        results: The result of each figure's query, in order (a runner computes them:
            :class:`showmeter.demo.published_output.PressFigures` has the report do so).
        figures: The published figures.

    Returns:
        One comparison per figure, in order.
    """
    return [
        Comparison(figure, _pick(result, figure), result)
        for figure, result in zip(figures, results, strict=True)
    ]
