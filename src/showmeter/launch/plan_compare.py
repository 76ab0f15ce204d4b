"""The published-figures figures of the compare page: the season page's, for every compared season.

The season page's published-figures section (:func:`showmeter.launch.plan_charts.chart_figures`)
shows a season and its reference. The compare page shows two seasons or more: the first two as
that section's season and reference, and each further one as a peer, whose queries are the same
(``chart_hours``, ``chart_views``, ``chart_wow``, ``chart_rank``, ``chart_markets``,
``engagement_hours``, ``engagement_views`` of that season) under ``<prefix>peer <season>``. The
section's views (:data:`showmeter.launch.views_charts.CHART_VIEWS`) draw every one of them.
Nothing here computes: the one runner computes every query through the registry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.launch.plan_charts import chart_figures
from showmeter.launch.scope import Scope, on_basis

if TYPE_CHECKING:
    from showmeter.launch.scope import Figure
    from showmeter.schema import SeasonKey

__all__ = ["compared_chart_figures", "compared_scope"]


def compared_scope(keys: list[SeasonKey]) -> Scope:
    """The scope of the compared seasons: the first, the second as its reference, then peers.

    Raises:
        ValueError: Fewer than two seasons.
    """
    if len(keys) < 2:
        raise ValueError("the compare page compares two seasons or more")
    return Scope(keys[0], keys[1], tuple(keys[2:]))


def _peer_name(name: str, key: SeasonKey) -> str | None:
    """The name of a peer's query from the name of the season's (``None``: a shared query)."""
    head, _, role = name.rpartition(" ")
    if role != "season":
        return None
    return f"{head} peer {key}".lstrip() if head else f"peer {key}"


def compared_chart_figures(keys: list[SeasonKey]) -> list[Figure]:
    """The published-figures figures of every compared season, resolved.

    Args:
        keys: The compared seasons, in the order given (two or more).

    Returns:
        The figures of :func:`~showmeter.launch.plan_charts.chart_figures` for the first two
        seasons, each with the same queries for every further season.
    """
    scope = compared_scope(keys)
    figures = chart_figures(Scope(scope.season, scope.reference))
    for peer in scope.peers:
        for figure, alone in zip(figures, chart_figures(Scope(peer)), strict=True):
            for name, query in alone.queries.items():
                renamed = _peer_name(name, peer)
                if renamed is not None:
                    figure.queries[renamed] = query
    for figure in figures:
        figure.queries = {name: on_basis(scope, q) for name, q in figure.queries.items()}
    return figures
