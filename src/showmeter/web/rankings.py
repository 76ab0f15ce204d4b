"""The rankings page: every season ranked by any metric, globally or in one market.

The ranks are ``rank`` over the chosen metric (with ``by_market`` for one market), computed
through the registry; the category filter keeps the rows of titles of that category (a record
of the catalog), ranks unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from showmeter import definitions
from showmeter.errors import UsageError
from showmeter.launch.display import Context
from showmeter.launch.scope import Scope
from showmeter.schema import SeasonKey
from showmeter.web import storeinfo

if TYPE_CHECKING:
    from collections.abc import Mapping

    from showmeter.launch.panels import Panel
    from showmeter.launch.runner import Runner
    from showmeter.results import Result

__all__ = ["FILTERS", "RankingsPage", "build", "rankable"]

FILTERS = ("metric", "market", "category")
"""The query parameters of the rankings page."""

TOP = 20
"""Seasons drawn in the chart."""


def rankable() -> list[str]:
    """The metrics ``rank`` ranks by: those with one value per title and season."""
    return [m.name for m in definitions.all_metrics() if m.per_season]


@dataclass
class RankingsPage:
    """The computed rankings page."""

    metric: str
    market: str | None
    category: str | None
    by_market: bool
    result: Result | None
    panels: list[Panel] = field(default_factory=list)
    note: str = ""


def _single(given: Mapping[str, list[str]], name: str) -> str | None:
    values = [v.strip() for v in given.get(name, []) if v.strip()]
    if len(values) > 1:
        raise UsageError(
            f"the filter {name!r} is given {len(values)} times", remedy="Give it once."
        )
    return values[0] if values else None


def build(runner: Runner, given: Mapping[str, list[str]]) -> RankingsPage:
    """Rank every season by a metric, globally or in one market, for one category.

    Args:
        runner: The store's runner.
        given: The query parameters (``metric``, ``market``, ``category``).

    Returns:
        The page.

    Raises:
        UsageError: An unknown filter, metric, market or category.
    """
    from showmeter.launch import charts
    from showmeter.launch.display import Column, DisplayTable
    from showmeter.launch.panels import SEASON, Panel
    from showmeter.web.render import svg

    unknown = sorted(set(given) - set(FILTERS))
    if unknown:
        raise UsageError(f"unknown filter {unknown[0]!r}", expected=", ".join(FILTERS))
    metric = _single(given, "metric") or "reach"
    if metric not in rankable():
        raise UsageError(
            f"cannot rank by {metric!r}",
            expected="one of " + ", ".join(rankable()),
            remedy="Choose the metric from the list.",
        )
    market = _single(given, "market")
    market = market.upper() if market and market.lower() != "all" else None
    if market is not None and market not in {c.value for c in storeinfo.markets(runner)}:
        raise UsageError(f"no market {market!r} in the store", remedy="Choose it from the list.")
    category = _single(given, "category")
    category = None if category is None or category.lower() == "all" else category
    categories = storeinfo.categories(runner)
    if category is not None and category not in set(categories.values()):
        raise UsageError(
            f"no category {category!r} in the catalog", remedy="Choose it from the list."
        )
    takes_market = any(p.name == "by_market" for p in definitions.get(metric).params)
    page = RankingsPage(metric, market, category, bool(market and takes_market), None)
    if market and not takes_market:
        page.note = f"{metric} has no figure per market: the ranks are global."
    params: dict[str, object] = {"metric": metric}
    if page.by_market:
        params["by_market"] = "true"
    result = runner.compute("rank", params)
    page.result = result
    records = storeinfo.records(runner)
    context = Context(Scope(SeasonKey("", 0)), records)
    rows = [context.label(r) for r in result.rows if r.get("rank") is not None]
    if page.by_market:
        rows = [r for r in rows if r.get("market") == market]
    if category is not None:
        rows = [r for r in rows if categories.get(str(r["title"])) == category]
    rows.sort(key=lambda r: (int(str(r["rank"])), str(r["title"]), int(str(r["season"]))))
    rows = [{**r, "rank_label": f"#{r['rank']}"} for r in rows]
    columns = [Column("rank", "Rank"), SEASON]
    if page.by_market:
        columns.append(Column("market", "Market", numeric=False))
    columns.append(Column("value", metric))
    table = DisplayTable("rank-" + metric + (f"-{market}" if page.by_market else ""), columns, rows)
    top = DisplayTable(table.name + "-top", columns, rows[:TOP])
    chart = charts.top_bars(top, definitions.get(metric).unit) if rows else None
    page.panels = [Panel(table, chart, heading=f"Top {min(TOP, len(rows))} of {len(rows)}")]
    for panel in page.panels:
        if panel.chart is not None:
            panel.svg = svg(panel.chart)
    return page
