"""The HTML pages: titles, a season's launch page, compare, rankings, data and metrics.

Every page is a plain GET form: changing a control reloads the page with new query
parameters, each checked against the store and the registry. Every chart and table links to
its CSV, every chart to its SVG and PNG.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from showmeter.definitions import registry
from showmeter.definitions.params import DEVICE_NAMES
from showmeter.errors import UsageError
from showmeter.launch.explanations import definitions
from showmeter.schema import SeasonKey
from showmeter.web import storeinfo
from showmeter.web.problems import NotFound
from showmeter.web.render import attachment, csv_response, page, png
from showmeter.web.storeinfo import Choice

if TYPE_CHECKING:
    from showmeter.launch.panels import FigureView, Panel
    from showmeter.launch.runner import Runner
    from showmeter.web.limits import Limits
    from showmeter.web.progress import Build, Builds

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _runner(request: Request) -> Runner:
    runner: Runner = request.app.state.runner
    return runner


def _given(request: Request) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        found.setdefault(name, []).append(value)
    return found


def _only(request: Request, allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(request.query_params) - set(allowed))
    if unknown:
        raise UsageError(
            f"unknown query parameter {unknown[0]!r}",
            expected=", ".join(allowed) or "none",
            remedy="Use the page's controls.",
        )


def _common(runner: Runner) -> dict[str, Any]:
    return {"simulated": storeinfo.records(runner).simulated}


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


def _season(request: Request, title: str, season: int) -> tuple[Any, Any]:
    from showmeter.web import season as season_page

    runner = _runner(request)
    storeinfo.season_facts(runner, title, season)
    controls = season_page.parse_controls(runner, _given(request))
    return season_page.build(runner, SeasonKey(title, season), controls), controls


def _navigating(request: Request) -> bool:
    """Whether a browser opens the page as a document (it runs the frame's progress display).

    Browsers say so in ``Sec-Fetch-Dest``; scripts and ``curl`` do not, and get the finished
    page in one answer.
    """
    return request.headers.get("sec-fetch-dest", "") == "document"


@router.get("/season/{title}/{season}")
def season(request: Request, title: str, season: int) -> Response:
    """A season's live launch page (its frame and progress first, in a browser, when slow)."""
    from showmeter.web import season as season_page

    runner = _runner(request)
    if _navigating(request):
        storeinfo.season_facts(runner, title, season)
        controls = season_page.parse_controls(runner, _given(request))
        key = SeasonKey(title, season)
        if season_page.cached(runner, key, controls) is None:
            builds: Builds = request.app.state.builds
            failed = builds.take_failure(season_page.page_key(runner, key, controls))
            if failed is not None:  # shown once, not hidden behind a build started again
                raise failed
            build = _start(request, key, controls)
            build.finished.wait(_limits(request).progress_after)
            if not build.finished.is_set():
                shown = season_page.frame(runner, key, controls)
                return _season_answer(request, title, season, shown, controls, build.state())
            if build.error is not None:
                raise build.error
    built, controls = _season(request, title, season)
    return _season_answer(request, title, season, built, controls, None)


def _limits(request: Request) -> Limits:
    from showmeter.web.limits import Limits

    limits = getattr(request.app.state, "limits", None)
    return limits if isinstance(limits, Limits) else Limits()


def _start(request: Request, key: SeasonKey, controls: Any) -> Build:
    """The background build of a season page (started unless one runs)."""
    from showmeter.web import season as season_page

    runner = _runner(request)
    builds: Builds = request.app.state.builds

    def run(build: Build) -> object:
        return season_page.build(runner, key, controls, build.step)

    return builds.start(season_page.page_key(runner, key, controls), run)


@router.get("/season/{title}/{season}/progress")
def season_progress(request: Request, title: str, season: int) -> Response:
    """How far the computation of a season page (under its controls) has come, as JSON.

    ``{"done", "total", "what", "ready", "error"}``; ``ready`` once the page is computed.
    Reads no store: it never waits behind computations.
    """
    import json

    from showmeter.web import season as season_page

    runner = _runner(request)
    storeinfo.season_facts(runner, title, season)
    controls = season_page.parse_controls(runner, _given(request))
    key = SeasonKey(title, season)
    builds: Builds = request.app.state.builds
    build = builds.find(season_page.page_key(runner, key, controls))
    if build is not None:
        state = build.state()
    else:  # computed (or forgotten: the page computes it again when asked)
        ready = season_page.cached(runner, key, controls) is not None
        state = {"done": 0, "total": 0, "what": "", "ready": ready, "error": None}
    return Response(
        json.dumps(state), media_type="application/json", headers={"Cache-Control": "no-store"}
    )


def _season_answer(
    request: Request,
    title: str,
    season: int,
    built: Any,
    controls: Any,
    pending: dict[str, object] | None,
) -> Response:
    """The season page (``pending``: its frame, with the progress of its computation)."""
    from urllib.parse import urlencode

    from showmeter.launch.scope import SECTIONS

    runner = _runner(request)
    facts = built.records.season(built.scope.season)
    by_section = []
    for section in SECTIONS:
        views = [v for v in built.views if v.figure.section == section.key]
        if views:
            by_section.append((section, views))
    references = [
        Choice(str(key), facts_.short)
        for key, facts_ in storeinfo.seasons(runner).items()
        if key != built.scope.season
    ]
    context = {
        "title": facts.display,
        "page": built,
        "facts": facts,
        "launched": facts.launch_at.strftime("%-d %B %Y, %H:%M UTC") if facts.launch_at else "—",
        "compare": urlencode(
            [("season", str(k)) for k in (built.scope.season, built.scope.reference) if k]
        ),
        "reference_name": (
            built.records.season(built.scope.reference).display if built.scope.reference else ""
        ),
        "here": f"/season/{title}/{season}",
        "query": controls.query(),
        "basis": built.scope.basis,
        "devices": [Choice(d, d) for d in DEVICE_NAMES],
        "windows": [Choice(str(w), f"{w} days") for w in _windows(controls.window)],
        "references": references,
        "sections": [(s.key, s.heading) for s, _ in by_section],
        "by_section": by_section,
        "pending": pending,
        "progress_url": f"/season/{title}/{season}/progress"
        + (f"?{controls.query()}" if controls.query() else ""),
    }
    return page(request, "season.html", {**context, **_common(runner)})


def _windows(current: int | None) -> list[int]:
    from showmeter.web.season import WINDOWS

    return sorted({*WINDOWS, *([current] if current else [])})


def _panel(views: list[FigureView], figure: str, index: int) -> Panel:
    for shown in views:
        if shown.figure.key == figure:
            if 0 <= index < len(shown.panels):
                return shown.panels[index]
            break
    raise NotFound(
        f"no chart or table {figure}/{index} on this page", remedy="Use the page's links."
    )


def _download(panel: Panel, kind: str, stem: str) -> Response:
    if kind == "csv":
        return csv_response(panel.table, stem)
    if panel.chart is None:
        raise NotFound(f"the table {panel.table.name} has no chart", remedy="Download its CSV.")
    name = f"{stem}-{panel.table.name}.{kind}"
    if kind == "svg":
        from showmeter.web.render import svg

        return attachment(panel.svg or svg(panel.chart), name, "image/svg+xml")
    if kind == "png":
        return attachment(png(panel.chart), name, "image/png")
    raise NotFound(f"no download as {kind!r}", remedy="Ask for csv, svg or png.")


@router.get("/season/{title}/{season}/download/{figure}/{index}/{kind}")
def season_download(
    request: Request, title: str, season: int, figure: str, index: int, kind: str
) -> Response:
    """A season page's table as CSV, or its chart as SVG or PNG."""
    built, _ = _season(request, title, season)
    return _download(_panel(built.views, figure, index), kind, f"{title}-s{season}")


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
    from showmeter.engines import explain

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
