"""Certified Fresh replayed over a season's review history (the ``certified_fresh`` metric).

:func:`replay` builds the expression that :func:`showmeter.definitions.critics.certified_fresh`
registers and defines: the reviews taken date by date in ``published_at`` order, the status
awarded and revoked with hysteresis, and the date since when the final status holds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.definitions.review_rows import counted_reviews, season_rows
from showmeter.errors import UsageError

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from showmeter.definitions.params import Params
    from showmeter.definitions.tables import CanonicalTables

__all__ = ["UNDATED", "replay"]

UNDATED = "0001-01-01"
"""Stands for a missing ``published_at`` while ordering the review history (reviews without a
date come first); it never appears in a result."""


def replay(t: CanonicalTables, p: Params) -> ir.Table:
    """Each season's Certified Fresh status after its whole review history.

    Args:
        t: The canonical tables (the reviews and the catalog's seasons are read).
        p: The parameters of ``certified_fresh`` (``fresh_at``, ``min_reviews``,
            ``min_top_critics``, ``certify_at``, ``revoke_below``).

    Returns:
        One row per season of the catalog: ``title, season, value, since, tomatometer,
        reviews, top_critic_reviews`` (see :func:`~showmeter.definitions.critics.certified_fresh`).

    Raises:
        UsageError: ``revoke_below`` is above ``certify_at``.
    """
    import datetime as dt

    import ibis

    certify_at = p.number("certify_at")
    revoke_below = p.number("revoke_below")
    if revoke_below > certify_at:
        raise UsageError(
            "certified_fresh: revoke_below is above certify_at",
            value=f"revoke_below={revoke_below:g}, certify_at={certify_at:g}",
            remedy="A status is awarded at certify_at and revoked below revoke_below: "
            "give revoke_below ≤ certify_at.",
        )
    undated = ibis.literal(dt.date.fromisoformat(UNDATED))
    r = counted_reviews(t, p)
    r = r.mutate(at=ibis.coalesce(r.published_at, undated))
    days = r.group_by("title", "season", "at").agg(
        n=r.count(), f=r.fresh.cast("int64").sum(), k=r.top_critic.cast("int64").sum()
    )
    so_far = ibis.cumulative_window(group_by=["title", "season"], order_by="at")
    days = days.mutate(
        reviews=days.n.sum().over(so_far),
        fresh=days.f.sum().over(so_far),
        top=days.k.sum().over(so_far),
    )
    score = 100.0 * days.fresh / days.reviews
    days = days.mutate(
        award=(score >= certify_at)
        & (days.reviews >= p.integer("min_reviews"))
        & (days.top >= p.integer("min_top_critics")),
        revoke=score < revoke_below,
    )
    season = ibis.window(group_by=["title", "season"])
    days = days.mutate(
        last_award=days.at.max(where=days.award).over(season),
        last_revoke=days.at.max(where=days.revoke).over(season),
    )
    after_revoke = days.last_revoke.isnull() | (days.at > days.last_revoke)
    figures = days.group_by("title", "season").agg(
        last_award=days.last_award.max(),
        last_revoke=days.last_revoke.max(),
        awarded=days.at.min(where=days.award & after_revoke),
        revoked=days.at.min(where=days.revoke & (days.at > days.last_award)),
        first=days.at.min(),
        reviews=days.n.sum(),
        fresh=days.f.sum(),
        top=days.k.sum(),
    )
    rows = season_rows(t, figures)
    certified = rows.last_award.notnull() & (
        rows.last_revoke.isnull() | (rows.last_award > rows.last_revoke)
    )
    since = ibis.cases(
        (certified, rows.awarded),
        (rows.last_award.notnull(), rows.revoked),
        else_=rows.first,
    )
    reviews = ibis.coalesce(rows.reviews, 0)
    return rows.select(
        rows.title,
        rows.season,
        value=ibis.coalesce(certified, False),
        since=since.nullif(undated),
        tomatometer=100.0 * rows.fresh / reviews.nullif(0),
        reviews=reviews,
        top_critic_reviews=ibis.coalesce(rows.top, 0),
    )
