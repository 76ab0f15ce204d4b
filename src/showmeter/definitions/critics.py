"""Critics: Tomatometer, average rating, Certified Fresh and Metascore, from the reviews table.

Every rating was normalized at ingest (docs/contracts.md, Reviews): ``score_100`` is the
critic's mark out of 100 (letter grades from the table, B+ = 83; fractions and stars linear,
3/5 = 60) and ``score_10`` = ``score_100`` / 10; ``verdict`` is ``fresh``, ``rotten`` or null. Here:

- A review **is fresh** when its verdict says so; without a verdict, when its ``score_100`` is
  at least ``fresh_at`` (60). An explicit verdict wins over the score, whatever the score.
- A review **is rated** when it has a ``score_100`` (a verdict-only review is not).
- Every row of the reviews table counts once: reviews are not deduplicated by critic or outlet
  (ingest already drops repeated rows).
- Every season of the catalog has a row, with null figures when it has too few reviews.

Figures are exact: nothing is rounded except the Metascore, which Metacritic publishes as an
integer. The Tomatometer's label is decided on the exact value, so 59.5 % is Rotten even
though it displays as 60 %.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.definitions.exact_sums import exact_sum
from showmeter.definitions.params import Integer, Number, Param
from showmeter.definitions.registry import metric
from showmeter.definitions.review_rows import (
    FRESH_AT,
    TOP_CRITICS_ONLY,
    counted_reviews,
    min_reviews,
    season_rows,
)

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from showmeter.definitions.params import Params
    from showmeter.definitions.tables import CanonicalTables

__all__ = ["average_rating", "certified_fresh", "metascore", "tomatometer"]

ROTTEN_TOMATOES = (
    "docs/sources.md §6 (Rotten Tomatoes: the share of positive reviews, shown from five "
    "reviews on, Fresh at 60 % or more); docs/contracts.md"
)
AVERAGE_RATING = (
    "docs/sources.md §6 (Rotten Tomatoes' average rating: the mean of the critics' marks "
    "on a 1–10 scale, reviews without a mark left out, from five rated reviews on); "
    "docs/contracts.md"
)
CERTIFIED = (
    "docs/sources.md §6 (Certified Fresh: a steady score of 75 % or more, at least 5 top "
    "critics, 20 reviews for a TV season; removed below 70 %); docs/contracts.md"
)
METACRITIC = (
    "docs/sources.md §7 (Metacritic: a weighted average of 0–100 scores, not curved for "
    "TV, shown from four reviews on; the film, TV and music bands); docs/contracts.md"
)


@metric(
    name="tomatometer",
    family="critics",
    summary="100 × fresh reviews / reviews; label Fresh (≥ 60) or Rotten; null under min_reviews",
    source=ROTTEN_TOMATOES,
    unit="% of reviews that are fresh",
    rows=("title", "season"),
    columns=("value", "label", "fresh", "reviews"),
    params=(
        FRESH_AT,
        min_reviews(5, "reviews"),
        TOP_CRITICS_ONLY,
        Param(
            "label_at",
            Number(minimum=0, maximum=100),
            60.0,
            "the label is Fresh when the value is at least this, else Rotten",
        ),
    ),
    per_season=True,
)
def tomatometer(t: CanonicalTables, p: Params) -> ir.Table:
    """Tomatometer: 100 × fresh reviews / reviews of the season.

    A review is fresh when its verdict is ``fresh``; a review without a verdict is fresh when
    its ``score_100`` is at least ``fresh_at`` (60), so "3/5" (60) is fresh and "2/4" (50) is
    rotten. An explicit verdict always wins: a ``rotten`` verdict on a 90 is rotten. The value
    is exact (not rounded) and null when the season has fewer than ``min_reviews`` (5)
    reviews. ``label`` is ``Fresh`` when the exact value is at least ``label_at`` (60) and
    ``Rotten`` otherwise, so 59.5 % (119 of 200) is Rotten although it displays as 60 %.
    With ``top_critics_only`` only top critics' reviews count (the Top Critics Tomatometer),
    including for ``min_reviews``. ``fresh`` and ``reviews`` are the counts, given even when
    the value is null. Every season of the catalog has a row.
    """
    import ibis

    r = counted_reviews(t, p)
    figures = r.group_by("title", "season").agg(
        fresh=r.fresh.cast("int64").sum(), reviews=r.count()
    )
    rows = season_rows(t, figures)
    reviews = ibis.coalesce(rows.reviews, 0)
    fresh = ibis.coalesce(rows.fresh, 0)
    shown = reviews >= p.integer("min_reviews")
    value = ibis.ifelse(shown, 100.0 * fresh / reviews, None)
    # decided on the counts, without a division: 100 × fresh ≥ label_at × reviews
    label = ibis.cases(
        (~shown, None),
        (100 * fresh >= p.number("label_at") * reviews, "Fresh"),
        else_="Rotten",
    )
    return rows.select(
        rows.title, rows.season, value=value, label=label, fresh=fresh, reviews=reviews
    )


@metric(
    name="average_rating",
    family="critics",
    summary="mean score_10 of the rated reviews; null under min_reviews rated reviews",
    source=AVERAGE_RATING,
    unit="points out of 10",
    rows=("title", "season"),
    columns=("value", "reviews"),
    params=(min_reviews(5, "rated reviews"), TOP_CRITICS_ONLY),
    per_season=True,
)
def average_rating(t: CanonicalTables, p: Params) -> ir.Table:
    """Average rating: the mean ``score_10`` of the season's rated reviews.

    A review is rated when it carries a mark (``score_10`` = ``score_100`` / 10, normalized at
    ingest: B+ is 8.3, 3/5 is 6, 6.5/10 is 6.5); verdict-only reviews are left out, and every
    rated review weighs the same (outlet weights are Metacritic's, not Rotten Tomatoes').
    The value is exact and null when fewer than ``min_reviews`` (5) reviews are rated.
    ``reviews`` is the number of rated reviews. With ``top_critics_only`` only top critics'
    reviews count. Every season of the catalog has a row.
    """
    import ibis

    r = counted_reviews(t, p)
    r = r.filter(r.score_10.notnull())
    figures = r.group_by("title", "season").agg(mean=r.score_10.mean(), reviews=r.count())
    rows = season_rows(t, figures)
    reviews = ibis.coalesce(rows.reviews, 0)
    value = ibis.ifelse(reviews >= p.integer("min_reviews"), rows.mean, None)
    return rows.select(rows.title, rows.season, value=value, reviews=reviews)


@metric(
    name="certified_fresh",
    family="critics",
    summary="Certified Fresh over the review history: awarded at ≥ 75 % with 20 reviews and 5 "
    "top critics, revoked below 70 %",
    source=CERTIFIED,
    unit="true while certified",
    rows=("title", "season"),
    columns=("value", "since", "tomatometer", "reviews", "top_critic_reviews"),
    params=(
        FRESH_AT,
        Param(
            "min_reviews",
            Integer(minimum=1),
            20,
            "the award needs at least this many reviews (20 for a TV season)",
        ),
        Param(
            "min_top_critics",
            Integer(minimum=0),
            5,
            "the award needs at least this many reviews by top critics",
        ),
        Param(
            "certify_at",
            Number(minimum=0, maximum=100),
            75.0,
            "the award needs a Tomatometer of at least this",
        ),
        Param(
            "revoke_below",
            Number(minimum=0, maximum=100),
            70.0,
            "a certified season loses the status when its Tomatometer falls below this",
        ),
    ),
)
def certified_fresh(t: CanonicalTables, p: Params) -> ir.Table:
    """Certified Fresh: whether the season holds the status after its whole review history.

    The reviews are replayed in ``published_at`` order. After each publication date, the
    Tomatometer is computed over every review published so far (fresh as in
    ``tomatometer``, with ``fresh_at``, all critics). A season that is not certified becomes
    certified on the first date on which the Tomatometer is at least ``certify_at`` (75) with
    at least ``min_reviews`` (20) reviews, of which at least ``min_top_critics`` (5) by top
    critics; a certified season loses the status on the first date on which the Tomatometer
    falls below ``revoke_below`` (70), and may earn it again later. Between the two
    thresholds the status does not change (hysteresis): a certified season at 72 % stays
    certified, an uncertified one stays uncertified.

    Ties: the reviews published on the same date are taken together, and the status is
    decided once per date, on all reviews up to the end of that date, so the order of reviews
    within a day never matters (three rotten reviews followed by three fresh ones on one day
    do not revoke a status that the day's total keeps). Reviews without a date come first,
    before every dated review.

    ``since`` is the date since when the current status holds: the date of the award or of
    the revocation; for a season never certified, the date of its first review (null when it
    has no reviews, or when the status dates from reviews without a date). ``tomatometer``,
    ``reviews`` and ``top_critic_reviews`` describe all the season's reviews (the Tomatometer
    here has no minimum). Every season of the catalog has a row; one without reviews is not
    certified. Rotten Tomatoes' editorial discretion, and its "steady" score, have no
    equivalent here. ``rank`` does not rank this metric: its value is true or false.

    Raises:
        UsageError: ``revoke_below`` is above ``certify_at``.
    """
    from showmeter.definitions.certification import replay

    return replay(t, p)


METASCORE_BANDS = (
    (81, "universal acclaim"),
    (61, "generally favorable"),
    (40, "mixed or average"),
    (20, "generally unfavorable"),
    (0, "overwhelming dislike"),
)
"""Metacritic's bands for films, TV and music: the lowest Metascore of each, and its label."""


@metric(
    name="metascore",
    version=2,  # 2: the weighted mean's sums exact, the same double in any order
    family="critics",
    summary="Σ weight × score_100 / Σ weight over rated reviews, rounded half up; null under 4",
    source=METACRITIC,
    unit="points out of 100 (an integer)",
    rows=("title", "season"),
    columns=("value", "label", "weighted_mean", "reviews"),
    params=(min_reviews(4, "rated reviews"),),
    per_season=True,
)
def metascore(t: CanonicalTables, p: Params) -> ir.Table:
    """Metascore: the weighted mean of the rated reviews' ``score_100``, rounded half up.

    The mean is Σ weight × score_100 / Σ weight over the season's rated reviews (verdict-only
    reviews are left out), where ``weight`` is the review's outlet weight (1 unless the
    reviews file gives one); TV scores are not curved. It is rounded half up to an integer,
    so 60.5 is 61 and 60.4 is 60; before rounding, the mean is rounded to 9 decimals, so that
    a mean of exactly 60.5 that binary floating point holds as 60.4999… still rounds up. The
    value is null when fewer than ``min_reviews`` (4) reviews are rated (Metacritic's "tbd"),
    or when the weights sum to 0. ``label`` is the band of the rounded value: 81–100
    universal acclaim, 61–80 generally favorable, 40–60 mixed or average, 20–39 generally
    unfavorable, 0–19 overwhelming dislike. ``weighted_mean`` is the exact mean (null with the
    value); ``reviews`` the number of rated reviews. Every season of the catalog has a row.
    Both sums are exact, so the reviews in any order give the same double.
    """
    import ibis

    r = t.get("reviews")
    r = r.filter(r.score_100.notnull())
    figures = r.group_by("title", "season").agg(
        points=exact_sum(r.weight * r.score_100), weights=exact_sum(r.weight), reviews=r.count()
    )
    mean = ibis.ifelse(
        figures.reviews >= p.integer("min_reviews"),
        figures.points / figures.weights.nullif(0),
        None,
    )
    figures = figures.select(
        "title",
        "season",
        "reviews",
        weighted_mean=mean,
        value=(mean.round(9) + 0.5).floor().cast("int64"),
    )
    rows = season_rows(t, figures)
    label = ibis.cases(*((rows.value >= low, name) for low, name in METASCORE_BANDS), else_=None)
    return rows.select(
        rows.title,
        rows.season,
        value=rows.value,
        label=label,
        weighted_mean=rows.weighted_mean,
        reviews=ibis.coalesce(rows.reviews, 0),
    )
