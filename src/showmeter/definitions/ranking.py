"""Ranking: seasons ranked by any metric that has one value per title and season.

"Third-most binge raced globally, first in South Korea" is ``rank`` over ``binge_racers``, once
globally and once with ``by_market``.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from showmeter.definitions import registry
from showmeter.definitions.params import BY_MARKET, REQUIRED, Param, Params, nearest, resolve
from showmeter.definitions.registry import Metric, metric
from showmeter.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Mapping

    import ibis.expr.types as ir

    from showmeter.definitions.tables import CanonicalTables

__all__ = ["rank"]


def rankable() -> list[str]:
    """The metrics ``rank`` can rank: those with one value per title and season."""
    return [m.name for m in registry.all_metrics() if m.per_season]


@dataclasses.dataclass(frozen=True)
class RankableMetric:
    """The name of a metric with one value per title and season."""

    @property
    def label(self) -> str:
        return "a metric with one value per title and season: " + ", ".join(rankable())

    def parse(self, raw: object) -> str:
        name = raw.strip() if isinstance(raw, str) else raw
        if isinstance(name, str) and name in rankable():
            return name
        close = nearest(str(name), rankable())
        raise ValueError(self.label + (f" (did you mean {close!r}?)" if close else ""))

    def echo(self, value: object) -> object:
        return value


METRIC = Param(
    "metric",
    RankableMetric(),
    REQUIRED,
    "the metric to rank by; every other parameter is that metric's",
)


def _resolve(rank_metric: Metric, given: Mapping[str, object]) -> Params:
    """Resolve ``metric`` and ``by_market``, then every other parameter as the ranked metric's."""
    rest = dict(given)
    own = resolve(
        rank_metric.name,
        rank_metric.params,
        {name: rest.pop(name) for name in ("metric", "by_market") if name in rest},
    )
    ranked = registry.get(own.text("metric"))
    takes_by_market = any(param.name == "by_market" for param in ranked.params)
    if own.flag("by_market"):
        if not takes_by_market:
            raise UsageError(
                f"rank cannot rank {ranked.name} by market: it has no by_market",
                remedy="Drop by_market, or rank a metric that has it.",
            )
        rest["by_market"] = True
    try:
        inner = ranked.resolve(rest)
    except UsageError as error:
        raise UsageError(
            f"rank by {ranked.name}: {error.cause}",
            value=error.value,
            expected=error.expected,
            remedy=error.remedy,
        ) from None
    values: dict[str, object] = {"metric": ranked.name, "by_market": own.flag("by_market")}
    values.update(inner)
    kinds = {param.name: param.kind for param in (*rank_metric.params, *ranked.params)}
    return Params(rank_metric.name, values, kinds)


@metric(
    name="rank",
    family="ranking",
    summary="seasons ranked by `metric`, descending; ties share the lower rank (1, 2, 2, 4)",
    source=(
        "docs/sources.md §2 (binge racing: top shows by number of racers, globally and "
        "per country) and §5 (Top 10 lists); docs/contracts.md"
    ),
    unit="rank (1 = highest value)",
    rows=("title", "season"),
    columns=("value", "rank"),
    params=(METRIC, BY_MARKET),
    order_by=("market", "rank", "title", "season"),
    resolver=_resolve,
)
def rank(t: CanonicalTables, p: Params) -> ir.Table:
    """Rank: every season ranked by the value of ``metric``, highest first.

    Takes ``metric`` (any metric with one value per title and season) and every parameter of
    that metric. Ties share the lower rank (1, 2, 2, 4, as SQL ``RANK``); a null value has a
    null rank. With ``by_market`` seasons are ranked within each market (a unit's market is
    that of its first session, as for the ranked metric), so "first in South Korea" is the
    row of market KR with rank 1. ``value`` is the ranked metric's value. ``--title`` and
    ``--season`` select rows after ranking every season.
    """
    import ibis

    ranked = registry.get(p.text("metric"))
    inner = Params(
        ranked.name,
        {name: p[name] for name in (param.name for param in ranked.params)},
        {param.name: param.kind for param in ranked.params},
    )
    table = ranked.build(t, inner)
    by_market = p.flag("by_market")
    keys = ["title", "season", "market"] if by_market else ["title", "season"]
    order = ibis.window(
        group_by=["market"] if by_market else None,
        order_by=ibis.desc(table.value, nulls_first=False),
    )
    position = ibis.rank().over(order) + 1
    return table.select(
        *keys, "value", rank=ibis.ifelse(table.value.isnull(), ibis.null("int64"), position)
    )
