"""Errors as answers: every user error is a 4xx with its cause, what was expected and a remedy.

The JSON API answers ``{"error": cause, "expected": ..., "remedy": ...}``; pages answer the same
in HTML. An internal error answers 500 without the traceback, and says it is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import BaseModel

from showmeter.errors import InputError, ResourceError, UsageError, UserError

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

__all__ = ["ErrorBody", "NotFound", "Problem", "error_responses", "problem_of", "respond"]


class ErrorBody(BaseModel):
    """The body of every error answer of the JSON API."""

    error: str
    expected: str | None = None
    remedy: str | None = None


@dataclass(frozen=True)
class Problem:
    """An error answer: status, cause, what was expected, and the remedy."""

    status: int
    error: str
    expected: str | None = None
    remedy: str | None = None

    def body(self) -> dict[str, str | None]:
        """The JSON body."""
        return {"error": self.error, "expected": self.expected, "remedy": self.remedy}


def problem_of(error: UserError) -> Problem:
    """The answer to a user error: 400 for bad usage, 422 for data the store cannot serve.

    A full disk or memory (:class:`~showmeter.errors.ResourceError`) is 507.

    Args:
        error: The error.

    Returns:
        The problem, with the error's cause (and the value it got), expectation and remedy.
    """
    if isinstance(error, NotFound):
        status = 404
    elif isinstance(error, ResourceError):  # the server's disk or memory, not the request
        status = 507
    elif isinstance(error, InputError) and not isinstance(error, UsageError):
        status = 422
    else:
        status = 400
    cause = error.cause if error.value is None else f"{error.cause} (got {error.value!r})"
    return Problem(status, cause, error.expected, error.remedy)


def error_responses(*statuses: int) -> dict[int | str, dict[str, object]]:
    """The OpenAPI description of the error answers a route may give."""
    meaning = {
        400: "Bad request: an unknown or invalid parameter, title or season.",
        404: "No such metric, title, season or path.",
        422: "The store's data cannot give this figure.",
        504: "The computation ran past the time limit (`--query-timeout`).",
        507: "The server ran out of disk or memory computing it.",
    }
    return {s: {"model": ErrorBody, "description": meaning.get(s, "Error.")} for s in statuses}


def wants_json(request: Request) -> bool:
    """Whether to answer in JSON: the API, or a client that does not accept HTML."""
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return True
    return "text/html" not in request.headers.get("accept", "text/html")


def respond(request: Request, problem: Problem) -> Response:
    """The answer to a problem: JSON for the API, an HTML page for the pages.

    Args:
        request: The request.
        problem: The problem.

    Returns:
        The response, with the problem's status.
    """
    from starlette.responses import JSONResponse

    if wants_json(request):
        return JSONResponse(problem.body(), status_code=problem.status)
    from showmeter.web.render import page

    return page(
        request,
        "error.html",
        {"problem": problem, "title": f"Error {problem.status}"},
        status=problem.status,
    )


class NotFound(UserError):
    """A page, title, season or metric that does not exist (HTTP 404)."""
