"""Charts: Netflix's own published figures — the Top 10 lists and the engagement reports.

These metrics read the ``published`` table (``showmeter ingest --source netflix-top10`` or
``netflix-engagement``) and nothing else: every value is a figure as Netflix published it, or
a count or ratio of such figures. Nothing is estimated from sessions.

- A season is **listed** in a week when the list holds a row of it for that week (the chart
  week ends on the Sunday of ``week``). Films are season 0.
- ``week_number`` counts calendar weeks from the season's first listed week (1), so a season
  that leaves the list and comes back skips numbers: week 5 after week 3 means it was out
  in week 4.
- ``category`` (all by default) keeps the rows of one category as published, compared
  without case: ``TV (English)``, ``Films (Non-English)``; ``TV`` or ``Films`` in the
  countries' lists.
- Only seasons that appear in the list have rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.definitions.param_types import Boolean, Choice, Date, Text
from showmeter.definitions.params import BY_MARKET, Param, Params
from showmeter.definitions.registry import metric

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from showmeter.definitions.tables import CanonicalTables

__all__ = [
    "chart_hours",
    "chart_markets",
    "chart_rank",
    "chart_views",
    "chart_weeks",
    "chart_wow",
    "engagement_hours",
    "engagement_views",
]

GLOBAL = "netflix-top10-global"
COUNTRIES = "netflix-top10-countries"
ENGAGEMENT = "netflix-engagement"
TOP10 = (
    "docs/sources.md §5 (Netflix Top 10: weekly lists since June 2021, hours viewed, runtime "
    "and views per week, globally and per country; netflix.com/tudum/top10); docs/contracts.md"
)
REPORTS = (
    "docs/sources.md §5 (Netflix engagement reports, 'What We Watched': hours viewed and "
    "views of every title watched over 50,000 hours in a half year, since H1 2023); "
    "docs/contracts.md"
)

LIST = Param(
    "list",
    Choice((GLOBAL, COUNTRIES)),
    GLOBAL,
    "the list counted: the global list, or the countries' lists (a week counts when the "
    "season is in any country's list; with by_market, per country)",
)
CATEGORY = Param(
    "category",
    Text(),
    None,
    "only rows of this category as published (TV (English), Films (Non-English), TV, Films; "
    "without case); all by default",
)
WEEK = Param(
    "week",
    Date(),
    None,
    "only this chart week (the Sunday that ends it); every week by default",
)
PERIOD = Param(
    "period_start",
    Date(),
    None,
    "the engagement report whose half year starts on this day (2023-01-01, 2023-07-01, ...); "
    "by default the latest report in the store",
)
LANGUAGE = Param(
    "language",
    Choice(("all", "english", "non-english")),
    "all",
    "only non-English titles (the report writes their original name after ' // ') or only "
    "English ones",
)
KIND = Param("kind", Choice(("all", "series", "film")), "all", "only series or only films")
EVERY_PERIOD = Param(
    "every_period",
    Boolean(),
    False,
    "one row per report (half year) instead of one report; rank then ranks each season's "
    "half years as rows of their own",
)


def _listed(t: CanonicalTables, p: Params, name: str) -> ir.Table:
    """The rows of one list, of the category asked for."""
    rows = t.get("published")
    rows = rows.filter(rows.list == name)
    category = p.get_value("category")
    if isinstance(category, str):
        rows = rows.filter(rows.category.lower() == category.lower())
    return rows


def _numbered(rows: ir.Table) -> ir.Table:
    """The global list's rows with ``week_number``: calendar weeks since the first listed."""
    first = rows.group_by("title", "season").agg(first_week=rows.week.min())
    joined = rows.join(first, ["title", "season"])
    days = joined.week.delta(joined.first_week, unit="day")
    return joined.mutate(week_number=(days // 7 + 1).cast("int32")).drop("first_week")


@metric(
    name="chart_weeks",
    family="charts",
    summary="weeks in which the season appears in the Top 10 list `list`",
    source=TOP10,
    unit="weeks",
    rows=("title", "season"),
    columns=("value", "first_week", "last_week", "best_rank"),
    params=(LIST, CATEGORY, BY_MARKET),
    per_season=True,
)
def chart_weeks(t: CanonicalTables, p: Params) -> ir.Table:
    """Weeks in the list: the number of chart weeks in which the season is listed.

    Weeks are counted whether or not they follow each other (as Netflix's own
    ``cumulative_weeks_in_top_10``, which is not read here: the value is counted from the
    weeks loaded). With ``list=netflix-top10-countries`` a week counts when the season is in
    any country's list; with ``by_market``, one row per country with that country's weeks
    (``by_market`` with the global list gives the market ``*``). ``first_week`` and
    ``last_week`` are the first and last listed weeks, ``best_rank`` the best (lowest) rank.
    """
    rows = _listed(t, p, p.text("list"))
    keys = ["title", "season", "market"] if p.flag("by_market") else ["title", "season"]
    return rows.group_by(keys).agg(
        value=rows.week.nunique().cast("int64"),
        first_week=rows.week.min(),
        last_week=rows.week.max(),
        best_rank=rows["rank"].min(),
    )


def _weekly(t: CanonicalTables, p: Params) -> ir.Table:
    """The global list's rows of the category asked for, with ``week_number``."""
    return _numbered(_listed(t, p, GLOBAL))


def _indexed(rows: ir.Table, column: str) -> ir.Table:
    """The rows with ``index``: 100 × ``column`` / ``column`` in the first listed week.

    The index is null when the first week's figure is null or 0.
    """
    import ibis

    first = rows.filter(rows.week_number == 1).select("title", "season", first=rows[column])
    joined = rows.join(first, ["title", "season"])
    index = ibis.ifelse(
        joined["first"] > 0, 100.0 * joined[column] / joined["first"], ibis.null("float64")
    )
    return joined.mutate(index=index)


@metric(
    name="chart_hours",
    family="charts",
    summary="published hours viewed in each week the season is in the global list",
    source=TOP10,
    unit="hours",
    rows=("title", "season", "week"),
    columns=("value", "week_number", "index", "rank", "runtime_h"),
    params=(CATEGORY,),
)
def chart_hours(t: CanonicalTables, p: Params) -> ir.Table:
    """Weekly hours viewed as published in the global Top 10 list, for each listed week.

    ``value`` is ``weekly_hours_viewed`` as published: Netflix rounds it to 10,000 hours
    before the week of 2023-06-18 and to 100,000 from it, so a change smaller than the
    rounding is not seen. ``week_number`` is 1 for the first listed week (see the family);
    ``index`` is 100 × the value / the value of the first listed week (the launch curve
    indexed to week 1); ``rank`` the rank that week; ``runtime_h`` the runtime Netflix
    divided by that week (null before June 2023 and for a staggered launch; it grows when a
    season is released in parts).
    """
    rows = _indexed(_weekly(t, p), "hours_viewed")
    return rows.select(
        "title", "season", "week", value=rows.hours_viewed, week_number=rows.week_number,
        index=rows["index"], rank=rows["rank"], runtime_h=rows.runtime_h,
    )  # fmt: skip


@metric(
    name="chart_views",
    family="charts",
    summary="published views in each week the season is in the global list",
    source=TOP10,
    unit="views",
    rows=("title", "season", "week"),
    columns=("value", "week_number", "index", "hours", "runtime_h"),
    params=(CATEGORY,),
)
def chart_views(t: CanonicalTables, p: Params) -> ir.Table:
    """Weekly views as published in the global Top 10 list, for each listed week.

    Netflix defines a week's views as its hours viewed divided by the runtime; the value is
    ``weekly_views`` as published, never recomputed, so it is null for the weeks before
    views were published (before the week of 2023-06-18). ``index`` is 100 × the value /
    the value of the first listed week (null when that week has no views). ``hours`` and
    ``runtime_h`` are the week's published hours and runtime.
    """
    rows = _indexed(_weekly(t, p), "views")
    return rows.select(
        "title", "season", "week", value=rows.views, week_number=rows.week_number,
        index=rows["index"], hours=rows.hours_viewed, runtime_h=rows.runtime_h,
    )  # fmt: skip


@metric(
    name="chart_rank",
    family="charts",
    summary="published rank in each week the season is in the global list",
    source=TOP10,
    unit="rank (1 = most hours in its category)",
    rows=("title", "season", "week"),
    columns=("value", "week_number", "category"),
    params=(CATEGORY,),
)
def chart_rank(t: CanonicalTables, p: Params) -> ir.Table:
    """The rank in the global Top 10 list of its category, in each listed week (1 to 10).

    Netflix ranks by views from the week of 2023-06-18 and by hours viewed before; the
    value is the ``weekly_rank`` as published. ``category`` is the list it ranks in.
    """
    rows = _weekly(t, p)
    return rows.select(
        "title", "season", "week", value=rows["rank"].cast("int64"),
        week_number=rows.week_number, category=rows.category,
    )  # fmt: skip


@metric(
    name="chart_wow",
    family="charts",
    summary="hours of the week / hours of the calendar week before − 1, in the global list",
    source=TOP10,
    unit="ratio (0.25 = +25 %)",
    rows=("title", "season", "week"),
    columns=("value", "week_number", "hours", "previous_hours"),
    params=(CATEGORY,),
)
def chart_wow(t: CanonicalTables, p: Params) -> ir.Table:
    """Week-over-week change of published hours: hours(w) / hours(w − 7 days) − 1.

    The value is null for the first listed week, for a week whose calendar week before is
    not listed (the season was out of the list, so its hours are not published), and when
    those hours are 0. Hours are Netflix's rounded figures (see ``chart_hours``).
    """
    import ibis

    rows = _weekly(t, p)
    order = ibis.window(group_by=["title", "season"], order_by=rows.week)
    rows = rows.mutate(
        previous_week=rows.week.lag().over(order), previous=rows.hours_viewed.lag().over(order)
    )
    adjacent = rows.week.delta(rows.previous_week, unit="day") == 7
    previous = ibis.ifelse(adjacent, rows.previous, ibis.null("float64"))
    value = ibis.ifelse(previous > 0, rows.hours_viewed / previous - 1, ibis.null("float64"))
    return rows.select(
        "title", "season", "week", value=value, week_number=rows.week_number,
        hours=rows.hours_viewed, previous_hours=previous,
    )  # fmt: skip


@metric(
    name="chart_markets",
    family="charts",
    summary="countries whose Top 10 list the season entered (in `week`, or ever); "
    "number_one: countries where it ranked 1",
    source=TOP10,
    unit="countries",
    rows=("title", "season"),
    columns=("value", "number_one", "markets", "number_one_markets"),
    params=(WEEK, CATEGORY),
    per_season=True,
)
def chart_markets(t: CanonicalTables, p: Params) -> ir.Table:
    """Reach across countries: the countries whose Top 10 list the season entered.

    Counted in the countries' lists (``all-weeks-countries``), in the chart week ``week``
    when given, else over every week loaded. ``number_one`` counts the countries where it
    ranked 1 (in that week, or in some week). ``markets`` and ``number_one_markets`` are
    the ISO codes, sorted, separated by commas.
    """
    import ibis

    rows = _listed(t, p, COUNTRIES)
    week = p.get_value("week")
    if week is not None:
        rows = rows.filter(rows.week == ibis.literal(week, "date"))
    per_market = rows.group_by("title", "season", "market").agg(best=rows["rank"].min())
    top = per_market.best == 1
    figures = per_market.group_by("title", "season").agg(
        value=per_market.count(),
        number_one=top.cast("int64").sum(),
        markets=per_market.market.collect().sort().join(","),
        number_one_markets=per_market.market.collect(where=top).sort().join(","),
    )
    return figures.mutate(
        number_one_markets=ibis.coalesce(figures.number_one_markets, ibis.literal(""))
    )


def _report(t: CanonicalTables, p: Params) -> ir.Table:
    """The rows of one engagement report (the one asked for, else the latest)."""
    import ibis

    rows = t.get("published")
    rows = rows.filter(rows.list == ENGAGEMENT)
    period = p.get_value("period_start")
    if period is not None:
        rows = rows.filter(rows.period_start == ibis.literal(period, "date"))
    elif not p.flag("every_period"):
        rows = rows.filter(rows.period_start == rows.period_start.max())
    language = p.text("language")
    foreign = rows.label.contains(" // ")
    if language == "english":
        rows = rows.filter(~foreign)
    elif language == "non-english":
        rows = rows.filter(foreign)
    kind = p.text("kind")
    if kind != "all":
        rows = rows.filter((rows.season == 0) if kind == "film" else (rows.season != 0))
    return rows


@metric(
    name="engagement_hours",
    family="charts",
    summary="published hours viewed in an engagement report's half year",
    source=REPORTS,
    unit="hours",
    rows=("title", "season"),
    columns=("value", "period_start", "period_end", "runtime_h", "label"),
    params=(PERIOD, LANGUAGE, KIND, EVERY_PERIOD),
    per_season=True,
)
def engagement_hours(t: CanonicalTables, p: Params) -> ir.Table:
    """Hours viewed in a half year, as published in Netflix's engagement report.

    One report at a time: ``period_start`` picks it (by default the latest in the store), so
    a season has one row and ``rank`` ranks a half year ("the most-watched non-English
    series of H1 2023" is ``rank`` with ``metric=engagement_hours``,
    ``language=non-english``, ``kind=series``). Netflix rounds hours to 100,000 and lists
    titles watched for 50,000 hours or more. A non-English title is one whose published
    title carries its original name after `` // ``. ``label`` is the title as written.
    With ``every_period`` (and no ``period_start``), every report's row is kept: one row per
    season and half year, as the launch report shows them.
    """
    rows = _report(t, p)
    return rows.select(
        "title", "season", value=rows.hours_viewed, period_start=rows.period_start,
        period_end=rows.period_end, runtime_h=rows.runtime_h, label=rows.label,
    )  # fmt: skip


@metric(
    name="engagement_views",
    family="charts",
    summary="published views in an engagement report's half year; else hours / runtime (derived)",
    source=REPORTS,
    unit="views",
    rows=("title", "season"),
    columns=("value", "derived", "period_start", "period_end", "hours", "runtime_h"),
    params=(PERIOD, LANGUAGE, KIND, EVERY_PERIOD),
    per_season=True,
)
def engagement_views(t: CanonicalTables, p: Params) -> ir.Table:
    """Views in a half year: as published, else hours viewed / runtime.

    Netflix publishes views (hours viewed / runtime) from the report of H2 2023. For an
    earlier report the value is the published hours divided by the published runtime, with
    ``derived`` true; it is null when neither views nor a runtime are published. The
    report is chosen as for ``engagement_hours``.
    """
    import ibis

    rows = _report(t, p)
    computed = ibis.ifelse(
        rows.runtime_h > 0, rows.hours_viewed / rows.runtime_h, ibis.null("float64")
    )
    derived = rows.views.isnull() & computed.notnull()
    return rows.select(
        "title", "season", value=ibis.coalesce(rows.views, computed), derived=derived,
        period_start=rows.period_start, period_end=rows.period_end, hours=rows.hours_viewed,
        runtime_h=rows.runtime_h,
    )  # fmt: skip
