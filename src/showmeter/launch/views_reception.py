"""The views of the reception figures: critics, reviews, demand and rankings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.launch import charts, formats
from showmeter.launch.display import Column, DisplayTable, keep, season_rows, title_rows
from showmeter.launch.panels import SEASON, Panel, compared
from showmeter.launch.scope import RANKED

if TYPE_CHECKING:
    from showmeter.launch.display import Context
    from showmeter.launch.scope import Figure

__all__ = ["RECEPTION_VIEWS"]


def _critics(figure: Figure, context: Context) -> list[Panel]:
    ids = ("title", "season", "season_name", "role", "highlight")
    merged = {
        context.key_of(row): {k: row[k] for k in ids}
        for row in compared(figure.results["tomatometer"], context)
    }
    for name, result in figure.results.items():
        for row in result.rows:
            entry = merged.get(context.key_of(row))
            if entry is not None:
                entry.update({f"{name}_{k}": v for k, v in row.items() if k not in ids})
    table = DisplayTable(
        "critics",
        [
            SEASON,
            Column("tomatometer_value", "Tomatometer", formats.percent),
            Column("tomatometer_reviews", "Reviews"),
            Column("average_rating_value", "Average rating", lambda v: formats.number(v, 2)),
            Column("metascore_value", "Metascore", lambda v: formats.number(v, 0)),
            Column("metascore_label", "Metacritic label", numeric=False),
            Column("certified_fresh_value", "Certified Fresh", numeric=False),
        ],
        list(merged.values()),
    )
    return [Panel(table)]


def _reviews(figure: Figure, context: Context) -> list[Panel]:
    rows = context.records.reviews
    unrated = sum(1 for r in rows if r.get("score_100") is None)
    table = DisplayTable(
        "reviews",
        [
            Column("outlet", "Outlet", numeric=False),
            Column("critic", "Critic", numeric=False),
            Column("top_critic", "Top critic", numeric=False),
            Column("published_at", "Published", numeric=False),
            Column("rating", "Rating as written", numeric=False),
            Column("score_100", "Score /100", lambda v: formats.number(v, 0)),
            Column("verdict", "Verdict", numeric=False),
            Column("weight", "Outlet weight"),
        ],
        rows,
        note=f"{len(rows)} reviews; {unrated} give a verdict only and have no score.",
    )
    chart = charts.score_histogram(table) if len(rows) > unrated else None
    return [Panel(table, chart)]


def _demand_trend(figure: Figure, context: Context) -> list[Panel]:
    scope = context.scope
    rows = [
        {
            "week": int(week),
            "start": result.params.get("start"),
            "end": result.params.get("end"),
            "demand": row.get("demand"),
            "benchmark": row.get("benchmark"),
            "multiple": row.get("value"),
        }
        for week, result in figure.results.items()
        for row in title_rows(result, scope.season.title, scope.demand_market)
    ]
    number = lambda v: formats.number(v, 3)  # noqa: E731
    table = DisplayTable(
        "demand_trend",
        [
            Column("week", "Week"),
            Column("start", "From", numeric=False),
            Column("end", "To", numeric=False),
            Column("demand", "Demand", number),
            Column("benchmark", "Average series", number),
            Column("multiple", "Multiple", lambda v: formats.number(v, 2)),
        ],
        rows,
        extra={"title_name": context.name(scope.season).rsplit(" S", 1)[0]},
    )
    return [Panel(table, charts.demand_trend(table))] if rows else []


def _ranks(figure: Figure, context: Context) -> list[Panel]:
    key = context.scope.season
    rows = []
    for metric in RANKED:
        result = figure.results.get(metric)
        if result is None:
            continue
        ranked = [r for r in result.rows if r.get("rank") is not None]
        mine = next((r for r in ranked if context.key_of(r) == key), None)
        rows.append(
            {
                "metric": metric,
                "value": mine.get("value") if mine else None,
                "rank": mine.get("rank") if mine else None,
                "seasons": len(ranked),
            }
        )
    table = DisplayTable(
        "ranks",
        [
            Column("metric", "Ranked by", numeric=False),
            Column("value", "Value"),
            Column("rank", "Rank"),
            Column("seasons", "Seasons ranked"),
        ],
        rows,
    )
    panels = [Panel(table, heading="The season's ranks")]
    racers = figure.results.get("binge_racers")
    if racers is not None:
        top = sorted(
            (r for r in racers.rows if r.get("rank") is not None),
            key=lambda r: (int(str(r["rank"])), str(r["title"])),
        )
        labelled = [{**context.label(r), "rank_label": f"#{r['rank']}"} for r in top]
        shown = keep(labelled, 10, lambda r: r["role"] == "season")
        top_table = DisplayTable(
            "binge_racers_top",
            [Column("rank", "Rank"), SEASON, Column("value", "Binge racers", formats.count)],
            shown,
        )
        panels.append(
            Panel(
                top_table,
                charts.top_bars(top_table, "Binge racers (24 h)"),
                heading="Top seasons by binge racers",
            )
        )
    return panels


def _market_ranks(figure: Figure, context: Context) -> list[Panel]:
    result = figure.results["every"]
    ranked: dict[object, int] = {}
    for row in result.rows:
        if row.get("rank") is not None:
            ranked[row.get("market")] = ranked.get(row.get("market"), 0) + 1
    rows = [
        {**row, "seasons": ranked.get(row.get("market"), 0), "rank_label": f"#{row.get('rank')}"}
        for row in season_rows(result, context.scope.season)
        if row.get("rank") is not None
    ]
    rows.sort(key=lambda r: (int(str(r["rank"])), -float(str(r.get("value") or 0))))
    table = DisplayTable(
        "binge_rank_by_market",
        [
            Column("market", "Market", numeric=False),
            Column("rank", "Rank"),
            Column("value", "Binge racers", formats.count),
            Column("seasons", "Seasons ranked"),
        ],
        rows,
    )
    return [Panel(table, charts.market_ranks(table))] if rows else [Panel(table)]


RECEPTION_VIEWS = {
    "critics": _critics,
    "reviews": _reviews,
    "demand_trend": _demand_trend,
    "ranks": _ranks,
    "binge_rank_by_market": _market_ranks,
}
"""The view of each reception figure, by the figure's key."""
