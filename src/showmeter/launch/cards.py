"""KPI cards: a figure in large type, what it counts, and its change against the reference.

The cards select rows of results computed through the registry; the change shown under a
card is the season's figure set against the reference season's figure of the same result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from showmeter.launch import formats
from showmeter.launch.display import Column, Context, DisplayTable, first_row, title_rows
from showmeter.results import params_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from showmeter.launch.scope import Figure
    from showmeter.results import Result

__all__ = ["BASIS", "Card", "basis_text", "demand_cards", "headline_cards"]


@dataclass(frozen=True)
class Card:
    """One KPI card.

    Attributes:
        label: What the figure is.
        value: The figure as displayed.
        detail: A line under it (a label, a sample size, a period).
        delta: The change against the reference, as displayed (``None``: no comparison).
        tone: ``good``, ``bad`` or ``flat``: how the change reads.
        metric: The metric behind the figure.
        exact: The exact value (for the CSV and ``report.json``).
        reference: The reference's exact value.
    """

    label: str
    value: str
    detail: str
    delta: str | None
    tone: str
    metric: str
    exact: object = None
    reference: object = None


@dataclass(frozen=True)
class _Spec:
    metric: str
    label: str
    show: Callable[[object], str]
    detail: Callable[[dict[str, object]], str]
    lower_is_better: bool = False
    in_points: bool = False
    where: tuple[tuple[str, object], ...] = ()


class _Resolved(dict[str, object]):
    """A result's parameters for ``str.format_map``; an unknown name stays as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _sample(text: str) -> Callable[[dict[str, object]], str]:
    """The card's explanation, and the sample size when the value is weighted."""

    def detail(row: dict[str, object]) -> str:
        units, value = row.get("units"), row.get("value")
        if isinstance(units, int | float) and units != value:
            return f"{text} · {formats.count(units)} units"
        return text

    return detail


HEADLINE = (
    _Spec(
        "reach",
        "Reach · first {window_days} days",
        formats.count,
        _sample("viewed ≥ 2 min of an episode"),
    ),
    _Spec(
        "reach_index", "Reach index", lambda v: formats.number(v, 1), lambda r: "reference = 100"
    ),
    _Spec(
        "hours_viewed",
        "Hours viewed · {window_days} days",
        formats.count,
        _sample("rewatches included"),
    ),
    _Spec("views", "Views · {window_days} days", formats.count, lambda r: "hours viewed ÷ runtime"),
    _Spec(
        "completers",
        "Completers · {window_days} days",
        formats.count,
        _sample("≥ 90% of the runtime"),
    ),
    _Spec(
        "binge_racers",
        "Binge racers · {window_hours} h",
        formats.count,
        _sample("every episode in {window_hours} h"),
    ),
    _Spec(
        "time_to_complete",
        "Median time to complete",
        formats.hours,
        lambda r: f"p10 {formats.hours(r.get('p10'))} · p90 {formats.hours(r.get('p90'))}",
        lower_is_better=True,
    ),
    _Spec(
        "average_minute_audience",
        "AMA, episode 1 · {window_days} days",
        formats.count,
        _sample("average minute"),
        where=(("episode", 1),),
    ),
    _Spec(
        "tomatometer",
        "Tomatometer",
        formats.percent,
        lambda r: f"{r.get('label') or 'no score'} · {formats.cell(r.get('reviews'))} reviews",
        in_points=True,
    ),
    _Spec(
        "metascore",
        "Metascore",
        lambda v: formats.number(v, 0),
        lambda r: f"{r.get('label') or 'tbd'} · {formats.cell(r.get('reviews'))} critics",
        in_points=True,
    ),
)


BASIS = ("unit", "panel", "devices", "markets", "ages")
"""The parameters that say whose viewing a card counts; each card shows them."""


def basis_text(params: dict[str, object]) -> str:
    """Whose viewing a figure counts, as the command line writes it (``panel=none ...``).

    A card states it so that it is not read against a figure computed on another basis (the
    press's figures use a publisher's panel, devices and markets).

    Args:
        params: A result's resolved parameters.

    Returns:
        For example ``unit=account panel=none devices=all markets=all``; empty when the metric
        takes none of them.
    """
    return params_text({name: params[name] for name in BASIS if name in params})


def _delta(spec: _Spec, value: object, reference: object, name: str) -> tuple[str | None, str]:
    if not isinstance(value, int | float) or not isinstance(reference, int | float):
        return None, "flat"
    if spec.in_points:
        shown, diff = formats.points(value - reference), value - reference
    elif reference == 0:
        return None, "flat"
    else:
        diff = value / reference - 1
        shown = formats.change(diff)
    better = diff < 0 if spec.lower_is_better else diff > 0
    tone = "flat" if abs(diff) < 1e-9 else ("good" if better else "bad")
    return f"{shown} vs {name}", tone


def headline_cards(figure: Figure, context: Context) -> tuple[list[Card], DisplayTable]:
    """The headline's cards and the table behind them.

    Args:
        figure: The computed headline figure.
        context: The report's context.

    Returns:
        The cards, and a table with each card's exact values.
    """
    scope = context.scope
    cards: list[Card] = []
    for spec in HEADLINE:
        result = figure.results.get(spec.metric)
        if result is None:
            continue
        row = first_row(result, scope.season, **dict(spec.where))
        if row is None:
            continue
        value = row.get("value")
        reference: object = None
        delta, tone = None, "flat"
        if scope.reference is not None and spec.metric != "reach_index":
            of_reference = figure.results.get(f"{spec.metric} reference", result)
            other = first_row(of_reference, scope.reference, **dict(spec.where))
            reference = other.get("value") if other else None
            delta, tone = _delta(spec, value, reference, context.name(scope.reference))
        # Labels name the windows the figure was computed with (a dashboard control may
        # change them): "{window_days}" and the like are the result's resolved parameters.
        params = _Resolved(result.params)
        label = spec.label.format_map(params)
        if spec.metric == "reach_index" and scope.reference is not None:
            label = f"Reach index vs {context.name(scope.reference)}"
        basis = basis_text(result.params)
        detail = spec.detail(row).format_map(params)
        cards.append(
            Card(
                label,
                spec.show(value),
                f"{detail} · {basis}" if basis else detail,
                delta,
                tone,
                spec.metric,
                value,
                reference,
            )
        )
    return cards, _card_table("headline", cards, context)


def _card_table(name: str, cards: list[Card], context: Context) -> DisplayTable:
    reference = context.scope.reference
    columns = [
        Column("figure", "Figure", numeric=False),
        Column("metric", "Metric", numeric=False),
        Column("value", context.name(context.scope.season)),
    ]
    if reference is not None and any(card.reference is not None for card in cards):
        columns.append(Column("reference", context.name(reference)))
    rows: list[dict[str, object]] = [
        {"figure": c.label, "metric": c.metric, "value": c.exact, "reference": c.reference}
        for c in cards
    ]
    return DisplayTable(name, columns, rows)


def _demand_row(result: Result | None, context: Context) -> dict[str, object] | None:
    if result is None:
        return None
    rows = title_rows(result, context.scope.season.title, context.scope.demand_market)
    return rows[0] if rows else None


def _period(result: Result) -> str:
    start, end = result.params.get("start"), result.params.get("end")
    return f"{start} … {end}" if start else f"week ending {end}"


def _multiple_detail(row: dict[str, object]) -> str:
    """What the multiple divides: the title's demand and the average series' (the benchmark).

    The benchmark averages every catalog series available on each day, a series without
    demand signals counting as 0; where few of the catalog's series have signals the average
    is small and the multiple large. Showing both numbers makes that visible on the card.
    """
    demand, benchmark = row.get("demand"), row.get("benchmark")
    if not isinstance(demand, int | float) or not isinstance(benchmark, int | float):
        return "times the average series"
    return (
        f"its demand {demand:.2g} ÷ the average series' {benchmark:.2g} per 100 people (every "
        "available series; one without signals counts as 0)"
    )


def demand_cards(figure: Figure, context: Context) -> tuple[list[Card], DisplayTable]:
    """The demand figures of the launch period as cards, and the table behind them.

    Args:
        figure: The computed ``demand_figures`` figure.
        context: The report's context.

    Returns:
        The cards, and a table with each card's exact values.
    """
    market = context.scope.demand_market
    where = "worldwide" if market == "ALL" else f"in {market}"
    cards: list[Card] = []
    shown: list[
        tuple[str, str, Callable[[dict[str, object]], str], Callable[[dict[str, object]], str]]
    ] = [
        (
            "rank_originals",
            f"Demand rank among original series {where}",
            lambda r: f"#{formats.cell(r.get('value'))}",
            lambda r: f"of {formats.cell(r.get('titles'))}",
        ),
        (
            "rank_series",
            f"Demand rank among all series {where}",
            lambda r: f"#{formats.cell(r.get('value'))}",
            lambda r: f"of {formats.cell(r.get('titles'))}",
        ),
        ("wow", "Demand, week over week", lambda r: formats.change(r.get("value")), lambda r: ""),
        (
            "percentile",
            "Demand percentile",
            lambda r: formats.number(r.get("value"), 1),
            lambda r: (
                f"above {formats.cell(r.get('below'))} of {formats.cell(r.get('titles'))} series"
            ),
        ),
        (
            "multiple",
            "Demand multiple",
            lambda r: f"{formats.number(r.get('value'), 1)}×",
            _multiple_detail,
        ),
    ]
    for name, label, value, detail in shown:
        result = figure.results.get(name)
        row = _demand_row(result, context)
        if result is None or row is None:
            continue
        extra = detail(row)
        period = _period(result)
        cards.append(
            Card(
                label,
                value(row),
                f"{extra} · {period}" if extra else period,
                None,
                "flat",
                result.metric,
                row.get("value"),
            )
        )
    return cards, _card_table("demand_figures", cards, context)
