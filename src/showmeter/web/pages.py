"""The HTML pages: titles, compare, rankings, data and metrics.

A season's page is in :mod:`showmeter.web.season_routes`.

Every page is a plain GET form: changing a control reloads the page with new query
parameters, each checked against the store and the registry. Every chart and table links to
its CSV, every chart to its SVG and PNG.
"""

from __future__ import annotations

import functools
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from showmeter.definitions import registry
from showmeter.errors import UsageError
from showmeter.launch.explanations import definitions
from showmeter.web import storeinfo
from showmeter.web.problems import NotFound
from showmeter.web.render import csv_response, page
from showmeter.web.routing import common as _common
from showmeter.web.routing import download as _download
from showmeter.web.routing import given as _given
from showmeter.web.routing import only as _only
from showmeter.web.routing import panel as _panel
from showmeter.web.routing import runner as _runner
from showmeter.web.storeinfo import Choice

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/")
def titles(request: Request) -> Response:
    """Every season with its key figures, searched, filtered, sorted and paged.

    The query parameters ``q``, ``kind``, ``category``, ``sort``, ``order`` and ``page`` are
    those of :func:`showmeter.web.titles.build`.
    """
    from showmeter.web import titles as titles_page

    runner = _runner(request)
    built = titles_page.build(runner, _given(request))
    context = {
        "title": "Titles",
        "page": built,
        "kpis": titles_page.KPIS,
        "defs": built.defs,
        "store": runner.path,
    }
    return page(request, "titles.html", {**context, **_common(runner)})


@router.get("/titles.csv")
def titles_csv(request: Request) -> Response:
    """The titles page's table as CSV: every season its filters keep, in its order."""
    from showmeter.launch.display import Column, DisplayTable
    from showmeter.web import titles as titles_page

    given = _given(request)
    given.pop("page", None)
    built = titles_page.build(_runner(request), given, paged=False)
    table = DisplayTable(
        "titles",
        [
            Column("title", ""),
            Column("season", ""),
            Column("kind", ""),
            Column("category", ""),
            *(Column(n, n) for n in titles_page.KPIS),
        ],
        [{"title": r["key"].title, "season": r["key"].season, **r} for r in built.rows],
    )
    return csv_response(table, "showmeter")


def _compare(request: Request) -> Any:
    from showmeter.web import compare

    _only(request, ("season",))
    runner = _runner(request)
    given = request.query_params.getlist("season")
    wanted = compare.parse_seasons(runner, given) if given else compare.starting_seasons(runner)
    key = ("compare", tuple(wanted), runner.fingerprint)
    return runner.memo.get_or_compute(key, lambda: compare.build(runner, wanted))


@router.get("/compare")
def compare_page(request: Request) -> Response:
    """Two or more seasons side by side: reach indexed to week 1, decay, binge race."""
    from urllib.parse import urlencode

    runner = _runner(request)
    built = _compare(request)
    chosen = [str(key) for key in built.seasons]
    context = {
        "title": "Compare seasons",
        "page": built,
        "chosen": chosen,
        "slots": max(4, len(chosen) + 1),
        "choices": [Choice(str(k), f.short) for k, f in storeinfo.seasons(runner).items()],
        "query": urlencode([("season", s) for s in chosen]),
    }
    return page(request, "compare.html", {**context, **_common(runner)})


@router.get("/compare/download/{figure}/{index}/{kind}")
def compare_download(request: Request, figure: str, index: int, kind: str) -> Response:
    """A compare page's table as CSV, or its chart as SVG or PNG."""
    return _download(_panel(_compare(request).views, figure, index), kind, "compare")


def _rankings(request: Request) -> Any:
    from showmeter.web import rankings

    runner, given = _runner(request), _given(request)
    key = ("rankings", tuple(sorted((k, tuple(v)) for k, v in given.items())), runner.fingerprint)
    return runner.memo.get_or_compute(key, lambda: rankings.build(runner, given))


@router.get("/rankings")
def rankings_page(request: Request) -> Response:
    """Every season ranked by a metric, globally or in a market, for a category."""
    from urllib.parse import urlencode

    from showmeter.web.rankings import rankable

    runner = _runner(request)
    built = _rankings(request)
    categories = sorted({c for c in storeinfo.categories(runner).values() if c})
    defs = []
    if built.result is not None:
        from showmeter.launch.query import Query
        from showmeter.launch.scope import Figure

        defs = definitions(
            Figure("rank", "", "", "", {"rank": Query("rank")}, {"rank": built.result})
        )
    query = urlencode(
        [
            (k, v)
            for k, v in (
                ("metric", built.metric),
                ("market", built.market),
                ("category", built.category),
            )
            if v
        ]
    )
    context = {
        "title": "Rankings",
        "page": built,
        "defs": defs,
        "query": query,
        "metric_choices": [Choice(m, m) for m in rankable()],
        "market_choices": storeinfo.markets(runner),
        "category_choices": [Choice(c, c) for c in categories],
    }
    return page(request, "rankings.html", {**context, **_common(runner)})


@router.get("/rankings/download/{index}/{kind}")
def rankings_download(request: Request, index: int, kind: str) -> Response:
    """The rankings table as CSV, or its chart as SVG or PNG."""
    built = _rankings(request)
    if not 0 <= index < len(built.panels):
        raise NotFound(f"no table {index} on this page", remedy="Use the page's links.")
    return _download(built.panels[index], kind, "rankings")


@router.get("/data")
def data(request: Request) -> Response:
    """The ingest history, the quarantine by reason, and the quarantined rows, paged."""
    from urllib.parse import urlencode

    from showmeter.web import datapage

    runner = _runner(request)
    built = datapage.build(runner, _given(request))

    def pager(number: int) -> str:
        return urlencode([(k, v) for k, v in (("reason", built.reason), ("page", number)) if v])

    context = {
        "title": "Data",
        "page": built,
        "reconciled": all(load.reconciles for load in built.records.loads),
        "pager": pager,
    }
    return page(request, "data.html", {**context, **_common(runner)})


@router.get("/data/{name}.csv")
def data_csv(request: Request, name: str) -> Response:
    """The loads, the quarantine by reason, or the quarantined rows, as CSV."""
    from showmeter.launch.quality import load_table, quarantine_table
    from showmeter.web import datapage

    runner = _runner(request)
    if name == "quarantine-rows":
        return csv_response(datapage.download(runner, _given(request)), "data")
    _only(request, ())
    records = storeinfo.records(runner)
    if name == "loads":
        return csv_response(load_table(records), "data")
    if name == "quarantine":
        return csv_response(quarantine_table(records), "data")
    raise NotFound(f"no download {name}.csv", remedy="Use the data page's links.")


@router.get("/metrics")
def metrics_page(request: Request) -> Response:
    """Every metric of the registry, by family."""
    _only(request, ())
    from showmeter.definitions.registry import FAMILIES

    every = registry.all_metrics()
    families = [(f, [m for m in every if m.family == f]) for f in FAMILIES]
    context = {"title": "Metrics", "families": [(f, m) for f, m in families if m]}
    return page(request, "metrics.html", {**context, **_common(_runner(request))})


@functools.cache
def _sql(name: str) -> str:
    """The SQL a metric runs on DuckDB with its defaults (placeholders for required ones)."""
    from showmeter.engines import explain, warmup

    warmup.ready()  # never import Ibis beside the background warm-up (engines.warmup)
    return explain(name).split("SQL (duckdb):", 1)[-1].strip()


@router.get("/metrics/{name}")
def metric_page(request: Request, name: str) -> Response:
    """One metric: definition, parameters, source, and the SQL it runs on DuckDB."""
    _only(request, ())
    try:
        definition = registry.get(name)
    except UsageError as error:
        raise NotFound(error.cause, remedy=error.remedy) from None
    sql = _sql(name)
    context = {"title": name, "m": definition, "sql": sql}
    return page(request, "metric.html", {**context, **_common(_runner(request))})
