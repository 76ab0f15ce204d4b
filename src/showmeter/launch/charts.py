"""The charts of a season's page: Vega-Lite specifications built with Altair.

Each chart is drawn from the rows of a :class:`~showmeter.launch.display.DisplayTable`, the
same rows a reader downloads, in the style of :mod:`showmeter.launch.chart_style`, whose
:func:`~showmeter.launch.chart_style.render_svg` renders it offline to SVG.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from showmeter.launch import chart_style as style

if TYPE_CHECKING:
    from showmeter.launch.chart_style import Spec
    from showmeter.launch.display import DisplayTable

__all__ = [
    "bars_by_episode",
    "binge_race",
    "demand_trend",
    "end_labels",
    "funnel",
    "index_bars",
    "lines_by_day",
    "market_ranks",
    "range_dots",
    "score_histogram",
    "top_bars",
    "weekly_bars",
]


def lines_by_day(table: DisplayTable, x: str, x_title: str, y_title: str) -> Spec:
    """One line per season of ``value`` by ``x`` (day since launch)."""
    import altair as alt

    days = [int(str(row[x])) for row in table.records()] or [1]
    line = (
        style.base(table.records())
        .mark_line(point={"size": 28}, strokeWidth=2.2)
        .encode(
            x=alt.X(
                f"{x}:Q",
                title=x_title,
                scale=alt.Scale(domain=[min(days), max(days)], nice=False),
                axis=alt.Axis(tickMinStep=1),
            ),
            y=style.count_axis(y_title),
            color=style.legend(table),
            detail=alt.Detail("season_name:N"),
        )
    )
    return style.finish(line + end_labels(table, x))


def weekly_bars(table: DisplayTable) -> Spec:
    """Grouped bars of reach per week, labelled with the week-over-week change."""
    import altair as alt

    seasons = list(dict.fromkeys(str(row["season_name"]) for row in table.records()))
    base = style.base(table.records()).encode(
        x=alt.X("week:O", title="Week since launch", axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("season_name:N", sort=seasons),
        y=style.count_axis("Units (Σ weight)"),
    )
    bars = base.mark_bar(cornerRadiusTopLeft=2, cornerRadiusTopRight=2).encode(
        color=style.legend(table)
    )
    labels = base.mark_text(dy=-7, fontWeight="bold").encode(text=alt.Text("wow_label:N"))
    return style.finish(bars + labels)


def index_bars(table: DisplayTable) -> Spec:
    """Horizontal bars of the reach index, with the reference's 100 as a rule."""
    import altair as alt

    rows = table.records()
    order = [str(row["season_name"]) for row in rows]
    base = style.base(rows, height=max(60, 26 * len(rows)))
    y = alt.Y("season_name:N", title=None, sort=order)
    bars = base.mark_bar(cornerRadiusEnd=2, height=16).encode(
        y=y,
        x=alt.X("value:Q", title="Index (reference = 100)", axis=alt.Axis(tickCount=10)),
        color=alt.Color("role:N", scale=style.role_scale(), legend=None),
    )
    labels = base.mark_text(align="left", dx=4).encode(
        y=y, x=alt.X("value:Q"), text=alt.Text("label:N")
    )
    rule = (
        style.annotation()
        .mark_rule(strokeDash=[4, 3], color=style.PALETTE["reference"])
        .encode(x=alt.X(datum=100))
    )
    return style.finish(bars + labels + rule)


def funnel(table: DisplayTable) -> Spec:
    """Per episode: starters as a pale bar, completers inside it, labelled in % of E1."""
    import altair as alt

    base = style.base(table.records())
    x = alt.X("episode:O", title="Episode", axis=alt.Axis(labelAngle=0))
    kinds = alt.Scale(
        domain=["started", "completed"], range=[style.PALETTE["muted"], style.PALETTE["season"]]
    )
    color = alt.Color("kind:N", scale=kinds, title=None)
    started = (
        base.transform_calculate(kind="'started'")
        .mark_bar(width={"band": 0.75})
        .encode(
            x=x, y=alt.Y("started:Q", title="Units (Σ weight)", axis=style.si_axis()), color=color
        )
    )
    completed = (
        base.transform_calculate(kind="'completed'")
        .mark_bar(width={"band": 0.45})
        .encode(x=x, y=alt.Y("value:Q"), color=color)
    )
    labels = base.mark_text(dy=-7, fontWeight="bold").encode(
        x=x, y=alt.Y("value:Q"), text=alt.Text("share_label:N")
    )
    return style.finish(started + completed + labels)


def binge_race(table: DisplayTable) -> Spec:
    """Cumulative season completers by hours since launch, one line per season."""
    import altair as alt

    line = (
        style.base(table.records())
        .mark_line(point={"size": 36}, strokeWidth=2.4, interpolate="monotone")
        .encode(
            x=alt.X(
                "hours:Q",
                title="Hours since launch (in the viewer's market)",
                scale=alt.Scale(domain=[0, 168]),
                axis=alt.Axis(values=[0, 24, 48, 72, 96, 120, 144, 168]),
            ),
            y=style.count_axis("Completed every episode"),
            color=style.legend(table),
            detail=alt.Detail("season_name:N"),
        )
    )
    mark = style.annotation().encode(x=alt.X(datum=24))
    rule = mark.mark_rule(strokeDash=[4, 3], color="#7b8794")
    note = mark.mark_text(align="left", dx=5, y=8, color="#52606d").encode(
        text=alt.Text(datum="24 h: the binge racers")
    )
    return style.finish(line + rule + note + end_labels(table, "hours"))


def end_labels(table: DisplayTable, x: str) -> Any:
    """Each grey line's season named at its last point (the legend names them only together).

    Args:
        table: The rows of the lines, with ``season_name``, ``role`` and ``value``.
        x: The column along the x axis.

    Returns:
        A text layer: one label per peer season, at its largest ``x``.
    """
    import altair as alt

    last = (
        style.base(table.records())
        .transform_filter("datum.role == 'peer'")
        .transform_joinaggregate(last_x=f"max({x})", groupby=["season_name"])
        .transform_filter(f"datum.{x} == datum.last_x")
    )
    return last.mark_text(
        align="right", baseline="bottom", dx=-4, dy=-4, fontSize=10, color="#52606d"
    ).encode(x=alt.X(f"{x}:Q"), y=alt.Y("value:Q"), text=alt.Text("season_name:N"))


def range_dots(table: DisplayTable) -> Spec:
    """Per season: a bar from p10 to p90 hours and a dot at the median."""
    import altair as alt

    rows = table.records()
    order = [str(row["season_name"]) for row in rows]
    base = style.base(rows, height=max(60, 28 * len(rows)))
    y = alt.Y("season_name:N", title=None, sort=order)
    color = alt.Color("role:N", scale=style.role_scale(), legend=None)
    hours = alt.X(
        "p10:Q",
        title="Hours from launch to completion, log scale (p10 – median – p90)",
        scale=alt.Scale(type="log", domain=[1, 1000]),
        axis=alt.Axis(values=[1, 3, 6, 12, 24, 48, 96, 168, 336, 672], format="~d"),
    )
    span = base.mark_rule(strokeWidth=6, opacity=0.35).encode(
        y=y, x=hours, x2=alt.X2("p90:Q"), color=color
    )
    dot = base.mark_point(filled=True, size=90, opacity=1).encode(
        y=y, x=alt.X("p50:Q"), color=color
    )
    label = base.mark_text(align="left", dx=8, dy=-9).encode(
        y=y, x=alt.X("p50:Q"), text=alt.Text("median_label:N")
    )
    return style.finish(span + dot + label)


def bars_by_episode(table: DisplayTable, y_title: str) -> Spec:
    """One bar per episode, labelled with its value."""
    import altair as alt

    base = style.base(table.records())
    x = alt.X("episode:O", title="Episode", axis=alt.Axis(labelAngle=0))
    bars = base.mark_bar(color=style.PALETTE["season"], width={"band": 0.6}).encode(
        x=x, y=style.count_axis(y_title)
    )
    labels = base.mark_text(dy=-7).encode(x=x, y=alt.Y("value:Q"), text=alt.Text("label:N"))
    return style.finish(bars + labels)


def progress_grid(table: DisplayTable) -> Spec:
    """Episodes across, viewers down: a heat map of each viewer's progress.

    Each cell is shaded by the share of the episode viewed and labelled with the hours from
    the launch to its completion (blank when not completed).
    """
    import altair as alt

    rows = table.records()
    viewers = sorted({str(row["unit_id"]) for row in rows})
    base = style.base(
        rows,
        width=min(style.WIDE, 70 * max(1, len({r["episode"] for r in rows}))),
        height=28 * max(1, len(viewers)),
    )
    x = alt.X("episode:O", title="Episode", axis=alt.Axis(labelAngle=0, orient="top"))
    y = alt.Y("unit_id:N", title=None, sort=viewers)
    share = alt.Color(
        "shown_share:Q",
        title="Share viewed",
        scale=alt.Scale(domain=[0, 1], range=["#f7f7f7", style.PALETTE["season"]]),
        legend=alt.Legend(format="%", orient="right"),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(x=x, y=y, color=share)
    labels = base.mark_text(fontSize=10).encode(x=x, y=y, text=alt.Text("completed_label:N"))
    return style.finish(cells + labels)


def score_histogram(table: DisplayTable) -> Spec:
    """The reviews' normalized scores in bands of 10 points, stacked by verdict."""
    import altair as alt

    rows = [row for row in table.records() if row.get("score_100") is not None]
    verdicts = alt.Scale(
        domain=["fresh", "rotten", "no verdict"],
        range=[style.PALETTE["season"], "#52606d", "#cbd2d9"],
    )
    bars = (
        style.base(rows, width=style.HALF, height=220)
        .transform_calculate(verdict_shown="datum.verdict || 'no verdict'")
        .mark_bar()
        .encode(
            x=alt.X(
                "score_100:Q",
                bin=alt.Bin(extent=[0, 100], step=10),
                title="Score out of 100 (normalized at ingest)",
            ),
            y=alt.Y("count():Q", title="Reviews"),
            color=alt.Color("verdict_shown:N", scale=verdicts, title=None),
        )
    )
    return style.finish(bars)


def demand_trend(table: DisplayTable) -> Spec:
    """The title's weekly demand against the benchmark of the average series."""
    import altair as alt

    base = style.base(table.records()).transform_fold(
        ["demand", "benchmark"], as_=["series", "demand_value"]
    )
    names = {"demand": str(table.extra.get("title_name", "title")), "benchmark": "average series"}
    shown = base.transform_calculate(
        series_name=f"datum.series == 'demand' ? {names['demand']!r} : {names['benchmark']!r}"
    )
    values = [row.get(name) for row in table.records() for name in ("demand", "benchmark")]
    positive = all(isinstance(v, int | float) and v > 0 for v in values)
    # On a linear axis a benchmark a hundred times smaller than the title lies flat on zero;
    # a log axis shows both lines and the multiple as the gap between them.
    y_scale = alt.Scale(type="log") if positive else alt.Scale()
    y_title = "Demand expressions per 100 people" + (" (log scale)" if positive else "")
    lines = shown.mark_line(point={"size": 30}, strokeWidth=2.2).encode(
        x=alt.X("week:Q", title="Week since launch (week 0 starts on the launch day)"),
        y=alt.Y("demand_value:Q", title=y_title, scale=y_scale),
        color=alt.Color(
            "series_name:N",
            scale=alt.Scale(
                domain=[names["demand"], names["benchmark"]],
                range=[style.PALETTE["season"], style.PALETTE["benchmark"]],
            ),
        ),
        strokeDash=alt.StrokeDash(
            "series_name:N",
            scale=alt.Scale(domain=[names["demand"], names["benchmark"]], range=[[1, 0], [5, 4]]),
            legend=None,
        ),
    )
    rule = style.annotation().mark_rule(color="#9aa5b1").encode(x=alt.X(datum=0))
    return style.finish(lines + rule)


def top_bars(table: DisplayTable, x_title: str) -> Spec:
    """Horizontal bars of the top seasons by a metric, the reported season in red."""
    import altair as alt

    rows = table.records()
    order = [str(row["season_name"]) for row in rows]
    base = style.base(rows, width=style.HALF, height=max(60, 24 * len(rows)))
    y = alt.Y("season_name:N", title=None, sort=order)
    bars = base.mark_bar(cornerRadiusEnd=2, height=14).encode(
        y=y,
        x=alt.X("value:Q", title=x_title, axis=style.si_axis()),
        color=alt.Color("role:N", scale=style.role_scale(), legend=None),
    )
    labels = base.mark_text(align="left", dx=4).encode(
        y=y, x=alt.X("value:Q"), text=alt.Text("rank_label:N")
    )
    return style.finish(bars + labels)


def market_ranks(table: DisplayTable) -> Spec:
    """The season's binge racers in each market, labelled with its rank there."""
    import altair as alt

    rows = table.records()
    order = [str(row["market"]) for row in rows]
    base = style.base(rows, width=style.HALF, height=max(60, 22 * len(rows)))
    y = alt.Y("market:N", title=None, sort=order)
    bars = base.mark_bar(cornerRadiusEnd=2, height=13).encode(
        y=y,
        x=alt.X("value:Q", title="Binge racers (24 h)", axis=style.si_axis()),
        color=alt.ColorValue(
            style.PALETTE["peer"],
            condition={"test": "datum.rank == 1", "value": style.PALETTE["season"]},
        ),
    )
    labels = base.mark_text(align="left", dx=4).encode(
        y=y, x=alt.X("value:Q"), text=alt.Text("rank_label:N")
    )
    return style.finish(bars + labels)
