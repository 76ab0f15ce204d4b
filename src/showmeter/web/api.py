"""The JSON API: ``showmeter compute`` over HTTP, the metric registry, the store's seasons.

``GET /api/compute/{metric}?title=…&season=…&{parameter}=…`` answers exactly what
``showmeter compute METRIC --store S --format json`` prints (byte for byte, without the final
newline), or its CSV with ``format=csv``. Every parameter is validated by the registry; an
unknown one is refused with the registry's message, never passed on.
"""

from __future__ import annotations

import enum
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from showmeter import definitions
from showmeter._version import __version__
from showmeter.errors import UsageError
from showmeter.launch.runner import Runner
from showmeter.web.problems import NotFound, error_responses

__all__ = ["RESERVED", "metric_info", "metric_params", "router"]

router = APIRouter(prefix="/api", tags=["api"])

MetricName = enum.Enum(  # type: ignore[misc]
    "MetricName", {name: name for name in definitions.names()}, type=str
)
"""The registered metrics, so that the OpenAPI description lists them."""

RESERVED = ("title", "season", "format")
"""Query parameters of ``/api/compute`` that are not the metric's parameters."""


class ParamInfo(BaseModel):
    """A metric's parameter."""

    name: str
    type: str
    default: str
    required: bool
    doc: str


class MetricInfo(BaseModel):
    """A registered metric."""

    name: str
    family: str
    summary: str
    unit: str
    rows: list[str]
    columns: list[str]
    params: list[ParamInfo]
    source: str
    version: int
    per_season: bool
    definition: str


class ComputeResult(BaseModel):
    """The JSON contract of ``showmeter compute --format json`` (docs/contracts.md)."""

    metric: str
    params: dict[str, Any]
    engine: str
    inputs: list[dict[str, Any]]
    rows: list[dict[str, Any]]


class SeasonInfo(BaseModel):
    """A season of the store's catalog."""

    title: str
    season: int
    name: str
    label: str | None
    original: bool
    launch_at: str | None
    episodes: int


class Health(BaseModel):
    """The dashboard's state."""

    status: str
    version: str
    store: str
    fingerprint: str
    cached_results: int
    computing: int
    waiting: int


def metric_info(definition: definitions.Metric) -> MetricInfo:
    """A registered metric as the API lists it."""
    return MetricInfo(
        name=definition.name,
        family=definition.family,
        summary=definition.summary,
        unit=definition.unit,
        rows=list(definition.rows),
        columns=list(definition.columns),
        params=[
            ParamInfo(
                name=p.name,
                type=p.kind.label,
                default=p.default_text(),
                required=p.required,
                doc=p.help,
            )
            for p in definition.params
        ],
        source=definition.source,
        version=definition.version,
        per_season=definition.per_season,
        definition=definition.definition,
    )


def metric_params(request: Request) -> dict[str, str]:
    """The metric's parameters from the query: every name but the reserved ones, once each.

    Raises:
        UsageError: A name given twice, or an empty name.
    """
    params: dict[str, str] = {}
    seen: set[str] = set()
    for name, value in request.query_params.multi_items():
        if name in seen:
            raise UsageError(
                f"the parameter {name!r} is given more than once",
                remedy="Give each parameter once; a list is written with commas (markets=US,GB).",
            )
        seen.add(name)
        if name in RESERVED:
            continue
        if not name.strip():
            raise UsageError("a query parameter has no name", remedy="Write name=value.")
        params[name.strip()] = value.strip()
    return params


def _runner(request: Request) -> Runner:
    runner: Runner = request.app.state.runner
    return runner


FREE_PARAMETERS: dict[str, Any] = {
    "parameters": [
        {
            "name": "params",
            "in": "query",
            "required": False,
            "style": "form",
            "explode": True,
            "schema": {"type": "object", "additionalProperties": {"type": "string"}},
            "description": "The metric's parameters by their registry names "
            "(`GET /api/metrics/{name}` lists them), e.g. `window_days=30&markets=US`. "
            "An unknown name or a bad value is refused with 400.",
        }
    ]
}


@router.get(
    "/compute/{metric}",
    summary="Compute a metric, as `showmeter compute --format json`",
    response_model=None,
    responses={
        200: {
            "model": ComputeResult,
            "description": "The JSON contract of docs/contracts.md, or CSV with format=csv.",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        },
        **error_responses(400, 404, 422, 504, 507),
    },
    openapi_extra=FREE_PARAMETERS,
)
def compute(
    request: Request,
    metric: MetricName,
    title: str | None = Query(None, max_length=200, description="Only this title's rows."),
    season: int | None = Query(None, ge=0, le=1_000_000, description="Only this season's rows."),
    format: Literal["json", "csv"] = Query("json", description="json (default) or csv."),
) -> Response:
    """Compute a metric on the store, with the registry's validation of every parameter."""
    params = metric_params(request)
    text = _runner(request).text(metric.value, params, title=title, season=season, form=format)
    if format == "csv":
        return Response(text, media_type="text/csv; charset=utf-8")
    return Response(text, media_type="application/json")


@router.get("/metrics", response_model=list[MetricInfo], summary="The metric registry")
def list_metrics() -> list[MetricInfo]:
    """Every registered metric: name, family, unit, parameters, source and version."""
    return [metric_info(definition) for definition in definitions.all_metrics()]


@router.get(
    "/metrics/{name}",
    response_model=MetricInfo,
    summary="One metric of the registry",
    responses=error_responses(404),
)
def one_metric(name: str) -> MetricInfo:
    """One registered metric, with its full definition."""
    try:
        definition = definitions.get(name)
    except UsageError as error:
        raise NotFound(error.cause, remedy=error.remedy) from None
    return metric_info(definition)


@router.get("/titles", response_model=list[SeasonInfo], summary="The seasons of the store")
def titles(request: Request) -> list[SeasonInfo]:
    """Every season of the store's catalog, with its name and launch."""
    from showmeter.results import json_value
    from showmeter.web import storeinfo

    return [
        SeasonInfo(
            title=key.title,
            season=key.season,
            name=facts.name,
            label=facts.label,
            original=facts.original,
            launch_at=None if facts.launch_at is None else str(json_value(facts.launch_at)),
            episodes=len(facts.episodes),
        )
        for key, facts in storeinfo.seasons(_runner(request)).items()
    ]


@router.get("/health", response_model=Health, summary="The dashboard's state")
async def health(request: Request) -> Health:
    """Whether the dashboard is up, and which store it serves (its file name, not its path).

    Answered in the event loop without opening the store, so it never waits behind
    computations; ``fingerprint`` is the store file's version (size, time, inode), which
    changes when a load commits; ``computing`` and ``waiting`` count the computations running
    and queued.
    """
    from pathlib import Path

    runner = _runner(request)
    return Health(
        status="ok",
        version=__version__,
        store=Path(runner.path).name,
        fingerprint=runner.fingerprint,
        cached_results=len(runner.results),
        computing=runner.gate.running,
        waiting=runner.gate.waiting,
    )
