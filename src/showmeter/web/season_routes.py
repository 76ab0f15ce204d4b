"""The season page's routes: the page, its progress as JSON, and its downloads.

A browser opening a page not computed yet gets its frame with the progress of its figures
first (:mod:`showmeter.web.progress`); scripts get the finished page in one answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from showmeter.definitions.params import DEVICE_NAMES
from showmeter.schema import SeasonKey
from showmeter.web import storeinfo
from showmeter.web.render import page
from showmeter.web.routing import common as _common
from showmeter.web.routing import download as _download
from showmeter.web.routing import given as _given
from showmeter.web.routing import panel as _panel
from showmeter.web.routing import runner as _runner
from showmeter.web.storeinfo import Choice

if TYPE_CHECKING:
    from showmeter.web.limits import Limits
    from showmeter.web.progress import Build, Builds

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


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


@router.get("/season/{title}/{season}/download/{figure}/{index}/{kind}")
def season_download(
    request: Request, title: str, season: int, figure: str, index: int, kind: str
) -> Response:
    """A season page's table as CSV, or its chart as SVG or PNG."""
    built, _ = _season(request, title, season)
    return _download(_panel(built.views, figure, index), kind, f"{title}-s{season}")
