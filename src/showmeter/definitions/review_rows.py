"""The reviews the critics metrics count, their shared parameters, and the seasons reported.

:mod:`~showmeter.definitions.critics` defines the metrics (docs/contracts.md, Reviews: every
rating normalized at ingest); what they share is here: a review **is fresh** when its verdict
says so and, without a verdict, when its ``score_100`` is at least ``fresh_at``; with
``top_critics_only``, only top critics' reviews count; every season of the catalog has a row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.definitions.params import Boolean, Integer, Number, Param

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from showmeter.definitions.params import Params
    from showmeter.definitions.tables import CanonicalTables

__all__ = ["FRESH_AT", "TOP_CRITICS_ONLY", "counted_reviews", "min_reviews", "season_rows"]

FRESH_AT = Param(
    "fresh_at",
    Number(minimum=0, maximum=100),
    60.0,
    "a review without a verdict is fresh when its score_100 is at least this",
)
TOP_CRITICS_ONLY = Param(
    "top_critics_only",
    Boolean(),
    False,
    "count only the reviews of top critics",
)


def min_reviews(default: int, what: str) -> Param:
    """The ``min_reviews`` parameter with a metric's own default.

    Args:
        default: The default minimum.
        what: Which reviews are counted, for the help text.

    Returns:
        The parameter.
    """
    return Param(
        "min_reviews",
        Integer(minimum=1),
        default,
        f"the value is null when fewer than this many {what}",
    )


def counted_reviews(t: CanonicalTables, p: Params) -> ir.Table:
    """The reviews that count, with ``fresh`` (null when ``fresh_at`` is not a parameter).

    A review counts when it has a verdict or a score (ingest keeps no other); with
    ``top_critics_only`` (when the metric has it), only top critics' reviews count.

    Returns:
        Columns ``title, season, published_at, top_critic, weight, score_100, score_10,
        fresh``.
    """
    import ibis

    r = t.get("reviews")
    r = r.filter(r.verdict.notnull() | r.score_100.notnull())
    if p.get_value("top_critics_only", False) is True:
        r = r.filter(r.top_critic)
    fresh = ibis.null("boolean")
    if "fresh_at" in p:
        fresh = ibis.cases(
            (r.verdict == "fresh", True),
            (r.verdict == "rotten", False),
            else_=r.score_100 >= p.number("fresh_at"),
        )
    return r.select(
        "title",
        "season",
        "published_at",
        "top_critic",
        "weight",
        "score_100",
        "score_10",
        fresh=fresh,
    )


def season_rows(t: CanonicalTables, figures: ir.Table) -> ir.Table:
    """Every season of the catalog, left-joined to its ``figures`` (keyed by title, season)."""
    return t.seasons.select("title", "season").left_join(figures, ["title", "season"])
