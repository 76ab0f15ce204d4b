"""The dashboard's application: :func:`create_app` wires the store, the routes and the guard.

>>> app = create_app("demo.duckdb")  # doctest: +SKIP
>>> uvicorn.run(app, host="127.0.0.1", port=8000)  # doctest: +SKIP
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from showmeter._version import __version__
from showmeter.errors import UserError
from showmeter.launch.gate import Busy
from showmeter.launch.runner import QueryTimeout, Runner
from showmeter.web import api, pages, season_routes, warm
from showmeter.web.limits import LOOPBACK_NAMES, Limits
from showmeter.web.problems import Problem, problem_of, respond
from showmeter.web.progress import CLOSE_WAIT, Builds
from showmeter.web.security import Deadline, Guard

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

__all__ = ["create_app"]

log = logging.getLogger("showmeter.web")

DESCRIPTION = """\
The JSON API of `showmeter serve`. `GET /api/compute/{metric}` answers exactly what
`showmeter compute METRIC --store S --format json` prints: `metric`, `params` (every
parameter, resolved), `engine`, `inputs`, `rows`. Every error is a 4xx (504 when a request
runs past the time limit; 503 with `Retry-After` when too many computations wait or a load
holds the store) with `{"error", "expected", "remedy"}`.
"""


def _validation(request: Request, error: RequestValidationError) -> Response:
    first = error.errors()[0] if error.errors() else {}
    where = ".".join(str(part) for part in first.get("loc", ()) if part not in ("query", "path"))
    message = str(first.get("msg", "invalid value"))
    cause = f"bad value for {where!r}" if where else "bad request"
    given = first.get("input")
    if isinstance(given, str | int | float) and not isinstance(given, bool):
        cause += f" (got {str(given)[:80]!r})"
    return respond(
        request,
        Problem(
            400, cause, message[0].lower() + message[1:], "See /openapi.json for the parameters."
        ),
    )


def _http(request: Request, error: HTTPException) -> Response:
    if error.status_code == 404:
        problem = Problem(404, f"no page at {request.url.path[:200]}", None, "Start from /.")
    elif error.status_code == 405:
        problem = Problem(405, f"{request.method} is not allowed here", "GET", "Use GET.")
    else:
        problem = Problem(error.status_code, str(error.detail))
    answer = respond(request, problem)
    for name, value in (error.headers or {}).items():
        answer.headers[name] = value
    return answer


def _user(request: Request, error: UserError) -> Response:
    return respond(request, problem_of(error))


def _timeout(request: Request, error: QueryTimeout) -> Response:
    return respond(request, Problem(504, error.cause, None, error.remedy))


def _busy(request: Request, error: Busy) -> Response:
    answer = respond(request, Problem(503, error.cause, None, error.remedy))
    answer.headers["Retry-After"] = str(error.retry_after)
    return answer


STATIC = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
STATIC_OTHER = {".svg": "image/svg+xml"}


def _static_files() -> dict[str, tuple[bytes, str]]:
    """The dashboard's static files, read once: served from memory, never from a thread."""
    found: dict[str, tuple[bytes, str]] = {}
    folder = resources.files("showmeter.web").joinpath("static")
    for item in folder.iterdir():
        suffix = Path(item.name).suffix
        kind = STATIC.get(suffix) or STATIC_OTHER.get(suffix)
        if item.is_file() and kind:
            found[item.name] = (item.read_bytes(), kind)
    report = resources.files("showmeter.reporting").joinpath("report.css").read_bytes()
    found["/assets/report.css"] = (report, STATIC[".css"])
    return found


def _internal(request: Request, error: Exception) -> Response:
    log.exception("internal error on %s", request.url.path, exc_info=error)
    return respond(
        request,
        Problem(
            500,
            f"internal error: {type(error).__name__}",
            None,
            "This is a bug in showmeter: run `showmeter --debug serve` and report the traceback.",
        ),
    )


def create_app(
    store: str | Path,
    *,
    token: str | None = None,
    host: str = "127.0.0.1",
    limits: Limits | None = None,
    warm_pages: int = 0,
) -> FastAPI:
    """The dashboard over a store: pages, JSON API and static files, behind the guard.

    Args:
        store: The store file; it is opened read-only for each request that computes and
            closed after it, so that ``showmeter ingest`` can load it meanwhile.
        token: A token every request must carry (needed to listen beyond this machine).
        host: The address the server binds (it is also accepted as a Host header).
        limits: The time, size and cache limits.
        warm_pages: How many season pages to compute in the background once the app has
            started, most wanted first (:mod:`showmeter.web.pagewarm`); 0: none.

    Returns:
        The ASGI application (call ``app.state.runner.close()`` when done, or let the
        lifespan close it).

    Raises:
        InputError: The store is missing or is not a showmeter store.
    """
    import contextlib

    from showmeter.web.pagewarm import Activity, PageWarmer, Watch

    limits = limits or Limits()
    runner = Runner(store, limits)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm_pages > 0:
            app.state.pages.start()
        yield
        app.state.pages.stop()
        app.state.builds.close()  # no page's build left running in DuckDB at exit
        app.state.pages.join(CLOSE_WAIT)  # nor the warmer's own lookups
        runner.close()

    app = FastAPI(
        title="showmeter dashboard",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # Swagger UI and ReDoc load scripts from CDNs: not offline
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.runner = runner
    app.state.limits = limits
    app.state.builds = Builds(runner)
    app.state.warming = warm.start()  # the chart renderer and compiler, in the background
    activity = Activity()
    app.state.pages = PageWarmer(runner, app.state.builds, activity, warm_pages)
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http)  # type: ignore[arg-type]
    app.add_exception_handler(UserError, _user)  # type: ignore[arg-type]
    app.add_exception_handler(QueryTimeout, _timeout)  # type: ignore[arg-type]
    app.add_exception_handler(Busy, _busy)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _internal)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(season_routes.router)
    files = _static_files()

    # Static files and the report's style sheet: from memory, in the event loop, so that
    # they never wait for a thread behind computations.
    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        """A static file of the dashboard."""
        if name.startswith("/") or name not in files:
            raise HTTPException(404)
        body, kind = files[name]
        return Response(body, media_type=kind, headers={"Cache-Control": "no-cache"})

    @app.get("/assets/report.css", include_in_schema=False)
    async def report_css() -> Response:
        """The launch report's style sheet, from the package."""
        body, kind = files["/assets/report.css"]
        return Response(body, media_type=kind)

    hosts = None if token else (*LOOPBACK_NAMES, host)
    app.add_middleware(Watch, activity=activity)  # the page warmer waits for visitors
    app.add_middleware(Deadline, runner=runner)
    app.add_middleware(Guard, limits=limits, token=token, hosts=hosts)
    return app
