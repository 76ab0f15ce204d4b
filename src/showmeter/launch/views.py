"""What each figure shows: its cards, tables and charts, from its computed results.

:func:`view` turns a computed :class:`~showmeter.launch.plan.Figure` into a
:class:`~showmeter.launch.panels.FigureView`: KPI cards, and panels that pair a downloadable
table with the chart drawn from the same rows. The views select, label and order result
rows; they compute no figure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.launch.cards import demand_cards, headline_cards
from showmeter.launch.panels import FigureView, Panel
from showmeter.launch.views_charts import CHART_VIEWS
from showmeter.launch.views_reception import RECEPTION_VIEWS
from showmeter.launch.views_viewing import VIEWING_VIEWS

if TYPE_CHECKING:
    from collections.abc import Callable

    from showmeter.launch.display import Context
    from showmeter.launch.scope import Figure

__all__ = ["FigureView", "Panel", "view"]

VIEWS: dict[str, Callable[[Figure, Context], list[Panel]]] = {
    **VIEWING_VIEWS,
    **RECEPTION_VIEWS,
    **CHART_VIEWS,
}
"""The view of every figure but the card figures, by the figure's key."""


def view(figure: Figure, context: Context) -> FigureView:
    """The cards and panels of a computed figure.

    Args:
        figure: The figure, with its results.
        context: The report's context.

    Returns:
        The figure's view.
    """
    if figure.key in ("headline", "demand_figures"):
        make = headline_cards if figure.key == "headline" else demand_cards
        cards, table = make(figure, context)
        return FigureView(figure, cards, [Panel(table, collapsed=True)])
    return FigureView(figure, panels=VIEWS[figure.key](figure, context))
