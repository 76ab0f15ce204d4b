"""What a figure shows, and the row selection that its views share.

A :class:`FigureView` is a figure's KPI cards and panels; a :class:`Panel` pairs a
downloadable table with the chart drawn from the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from showmeter.launch.display import Column, season_rows

if TYPE_CHECKING:
    from showmeter.launch.cards import Card
    from showmeter.launch.display import Context, DisplayTable
    from showmeter.launch.scope import Figure
    from showmeter.results import Result

__all__ = ["SEASON", "FigureView", "Panel", "compared", "pair_rows", "value_of"]


@dataclass
class Panel:
    """A table and the chart drawn from its rows (``chart`` is ``None`` for a table alone)."""

    table: DisplayTable
    chart: dict[str, Any] | None = None
    heading: str = ""
    svg: str = ""
    collapsed: bool = False


@dataclass
class FigureView:
    """A figure ready to show: its cards and panels."""

    figure: Figure
    cards: list[Card] = field(default_factory=list)
    panels: list[Panel] = field(default_factory=list)


SEASON = Column("season_name", "Season", numeric=False)


def value_of(row: dict[str, object], column: str = "value") -> float:
    """A row's number in ``column`` for sorting (−∞ when null)."""
    value = row.get(column)
    return float(value) if isinstance(value, int | float) else float("-inf")


def compared(result: Result, context: Context, column: str = "value") -> list[dict[str, object]]:
    """The compared seasons' rows: the season, its reference, then the others by ``column``.

    Without peers, the others are the ten seasons of highest ``column``.
    """
    rows = sorted((context.label(r) for r in result.rows), key=lambda r: -value_of(r, column))
    first = [r for role in ("season", "reference") for r in rows if r["role"] == role]
    others = [r for r in rows if r["role"] == "peer"]
    if context.scope.peers:
        wanted = set(context.scope.peers)
        return first + [r for r in others if context.key_of(r) in wanted]
    return first + others[:10]


def pair_rows(figure: Figure, context: Context) -> list[dict[str, object]]:
    """The labelled rows of a figure's ``season`` and ``reference`` results."""
    scope = context.scope
    rows = []
    for name, key in (("season", scope.season), ("reference", scope.reference)):
        if key is not None and name in figure.results:
            rows += [context.label(r) for r in season_rows(figure.results[name], key)]
    return rows
