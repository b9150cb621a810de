"""Errors as RFC 9457 problem details (``application/problem+json``).

Every refusal perfcore makes is a :class:`perfcore.PerfcoreError`, and
``error.to_problem()`` is its problem-details object with the status to answer
with; the service sends it as it is, adding ``instance`` (the request's path).
The few refusals that are the service's own (no such cycle, no caller, a
stored history that no longer loads) are :class:`ServiceProblem`; FastAPI's
own (a malformed query parameter, an unknown route) are answered in the same
form.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

import perfcore as pc

PROBLEM_MEDIA_TYPE = "application/problem+json"


class ServiceProblem(Exception):
    """A refusal of the service's own, with its problem-details members."""

    def __init__(
        self,
        status: int,
        type: str,
        title: str,
        detail: str,
        *,
        headers: dict[str, str] | None = None,
        **members: Any,  # noqa: ANN401 - extension members are any JSON value
    ) -> None:
        self.status = status
        self.type = type
        self.title = title
        self.members = members
        self.headers = headers
        super().__init__(detail)

    def to_problem(self) -> dict[str, Any]:
        """The problem-details object, as ``PerfcoreError.to_problem`` gives one."""
        return {
            "type": self.type,
            "title": self.title,
            "status": self.status,
            "detail": str(self),
            **self.members,
        }


def no_such_cycle(cycle_id: str) -> ServiceProblem:
    """404: no event of the cycle is stored."""
    return ServiceProblem(
        404, "/problems/not-found", "No such cycle", f"there is no cycle {cycle_id!r}"
    )


def problem_response(
    problem: dict[str, Any], request: Request, *, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """The problem as an ``application/problem+json`` answer with its status."""
    body = {**problem, "instance": request.url.path}
    return JSONResponse(
        body, status_code=int(problem["status"]), media_type=PROBLEM_MEDIA_TYPE, headers=headers
    )


async def _perfcore_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, pc.PerfcoreError)
    return problem_response(error.to_problem(), request)


async def _service_problem(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ServiceProblem)
    return problem_response(error.to_problem(), request, headers=error.headers)


async def _malformed_request(request: Request, error: Exception) -> JSONResponse:
    """A query parameter or header FastAPI could not read: perfcore's malformed input."""
    assert isinstance(error, RequestValidationError)
    problems = [
        pc.Problem(
            path=".".join(str(part) for part in detail["loc"]),
            message=str(detail["msg"]),
            code="required" if detail["type"] == "missing" else "invalid",
        )
        for detail in error.errors()
    ]
    return problem_response(pc.MalformedInput(problems).to_problem(), request)


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    """An unknown route or method: ``about:blank`` with the status's own phrase."""
    assert isinstance(error, HTTPException)
    phrase = HTTPStatus(error.status_code).phrase
    problem = {
        "type": "about:blank",
        "title": phrase,
        "status": error.status_code,
        "detail": str(error.detail),
    }
    return problem_response(problem, request, headers=error.headers)


def install(app: FastAPI) -> None:
    """Answer every refusal the app makes as problem details."""
    app.add_exception_handler(pc.PerfcoreError, _perfcore_error)
    app.add_exception_handler(ServiceProblem, _service_problem)
    app.add_exception_handler(RequestValidationError, _malformed_request)
    app.add_exception_handler(HTTPException, _http_error)


PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Problem",
    "description": (
        "RFC 9457 problem details. perfcore's refusals add their own members:"
        " problems (path, code, message, params), blockers, command, phase, actor,"
        " expected_tag and actual_tag (of the caller's own view; never a version)."
    ),
    "properties": {
        "type": {"type": "string", "format": "uri-reference"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string", "format": "uri-reference"},
    },
    "required": ["type", "title", "status", "detail"],
    "additionalProperties": True,
}

_WHEN = {
    401: "No caller: the X-Person-Id and X-Role headers are missing or malformed.",
    403: "The caller may not do this (perfcore's PermissionDenied).",
    404: "There is no such cycle.",
    409: (
        "A conflict with the cycle as it stands: the phase (transition), leaving conditions"
        " (guard), the content (content-conflict), the clock (out-of-order), a cycle id"
        " taken (cycle-exists), or other changes being stored at the same moment at every"
        " attempt (concurrent-write: send the command again)."
    ),
    412: (
        "What the caller sees of the cycle has changed since the ETag they sent as If-Match"
        " (view-changed): read it again."
    ),
    422: "Malformed input: the body or a parameter cannot be read (malformed-input).",
    428: (
        "No If-Match: a command must name the ETag of the caller's last answer about the"
        " cycle (precondition-required)."
    ),
}


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` entries of the problems a route may answer with."""
    return {
        status: {
            "description": _WHEN[status],
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }
