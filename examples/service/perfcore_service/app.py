"""The HTTP API: start a cycle, issue any command by its stable name, read what the caller may see.

Every request loads the cycle from its stored events (no snapshot): each
document is upcast to the current schema by perfcore's converter and the whole
history is replayed with every event re-decided (``Cycle.replay``), so a row
no command could have written fails the load.

A caller is never told the cycle's version: it counts events they may not see
(someone else's private note, a draft rating), so seeing it twice would tell
them something hidden happened. Each answer carries the tag of the caller's own
view instead (``perfcore.visibility.view_tag``, the ``ETag``), and a command
names the tag its sender read (``If-Match``): 428 without one, 412 when their
view has changed since. The version stays inside: the command is decided at
the version just loaded and appended under the table's unique
``(cycle_id, version)`` key; a concurrent writer that took that version first
makes the service load again and decide once more, as if the command had come
a moment later.

Who is calling comes from two headers, ``X-Person-Id`` and ``X-Role``. That is a
stand-in for real authentication, for this example only: a real service takes
the person and the role from its verified credentials (a session, an OAuth
token), never from headers a client may set.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import re
from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

import attrs
from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response

import perfcore as pc
from perfcore.cycle import COMMAND_BY_NAME, StartCycle
from perfcore.schema import command_schemas, json_schema
from perfcore.serialization import PerfcoreConverter, Upcaster, make_converter
from perfcore.visibility import (
    DEFAULT_VISIBILITY,
    CycleView,
    Part,
    VisibilityPolicy,
    check_view_tag,
    view_cycle,
    view_tag,
)
from perfcore_service import problems
from perfcore_service.eventsourcing_store import EventsourcingEventStore
from perfcore_service.problems import ServiceProblem, no_such_cycle
from perfcore_service.settings import Settings
from perfcore_service.store import AppendConflict, EventStore, SqlAlchemyEventStore, StoredEvent

logger = logging.getLogger("perfcore_service")

T = TypeVar("T")

Clock = Callable[[], dt.datetime]

REF = "#/components/schemas/{name}"
"""Where the JSON Schemas' references point in the OpenAPI document."""

ATTEMPTS = 2
"""How often a command is decided: once, and once more on a fresh load if a concurrent
writer took the version it was decided at while the sender's view stayed the same."""

VARY = "X-Person-Id, X-Role"
"""What an answer about a cycle depends on besides its URL: who is calling."""

_ENTITY_TAG_LIST = re.compile(r'\s*(?:W/)?"[^"]*"\s*(?:,\s*(?:W/)?"[^"]*"\s*)*')
_ENTITY_TAG = re.compile(r'(W/)?"([^"]*)"')


def system_clock() -> dt.datetime:
    """Now, in UTC: the moment every command is decided at (perfcore never reads the clock)."""
    return dt.datetime.now(dt.UTC)


def open_store(settings: Settings) -> EventStore:
    """The store the settings name, on the database they name."""
    if settings.store == "eventsourcing":
        return EventsourcingEventStore(settings.database_url)
    return SqlAlchemyEventStore(settings.database_url)


# --- loading and storing ---------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class CycleService:
    """perfcore's decisions on the store's events: load, decide, append."""

    store: EventStore
    converter: PerfcoreConverter
    policy: pc.Policy
    visibility: VisibilityPolicy
    clock: Clock

    def load(self, cycle_id: str) -> pc.Cycle:
        """The cycle replayed from its stored events, each upcast and re-decided.

        Raises:
            ServiceProblem: 404 when no event is stored; 500 when the stored
                history does not load (a row no command could have written, or
                a document newer than this release reads).
        """
        stored = self.store.read(cycle_id)
        if not stored:
            raise no_such_cycle(cycle_id)
        try:
            events = [self._event(cycle_id, row) for row in stored]
            return pc.Cycle.replay(events, policy=self.policy)
        except pc.PerfcoreError as refused:
            logger.exception("the stored history of cycle %r does not load", cycle_id)
            raise ServiceProblem(
                500,
                "/problems/stored-history-refused",
                "The stored cycle does not load",
                f"the stored history of cycle {cycle_id!r} does not load; see the service's log",
            ) from refused

    def _event(self, cycle_id: str, row: StoredEvent) -> pc.Event:
        event: pc.Event = self.converter.structure(row.document, pc.Event)
        if event.cycle_id != cycle_id or event.sequence + 1 != row.version:
            raise pc.ValidationError.single(
                f"{cycle_id}@{row.version}",
                f"holds event {event.sequence} of cycle {event.cycle_id!r}",
            )
        return event

    def record(self, cycle: pc.Cycle, read_version: int) -> None:
        """Append the events recorded since ``read_version``.

        Raises:
            AppendConflict: another writer stored the next version first.
        """
        new = [
            StoredEvent(
                version=event.sequence + 1,
                type=event.TAG,
                document=self.converter.unstructure(event, pc.Event),
            )
            for event in cycle.events_since(read_version)
        ]
        self.store.append(cycle.id, read_version, new)

    def begin(self, cycle: pc.Cycle) -> None:
        """Store a new cycle's first event.

        Raises:
            MalformedInput: the cycle's id holds a ``/`` (it is a segment of URLs).
            ServiceProblem: 409, a cycle with this id is already stored.
        """
        if "/" in cycle.id:
            raise pc.MalformedInput.single(
                "$.cycle_id", "must not contain '/': the id is a segment of the cycle's URLs"
            )
        try:
            self.record(cycle, 0)
        except AppendConflict:
            raise ServiceProblem(
                409,
                "/problems/cycle-exists",
                "The cycle exists",
                f"a cycle with id {cycle.id!r} is already stored",
            ) from None

    def decide(
        self,
        cycle_id: str,
        caller: pc.Actor,
        if_match: Sequence[str],
        decision: Callable[[pc.Cycle], pc.Cycle],
    ) -> pc.Cycle:
        """The cycle after ``decision``, taken on the caller's view as they read it, and stored.

        Each attempt loads the cycle (its real version N), refuses a caller with
        no part in it (403) and one whose view is not the one they read (412),
        decides at N and appends after N. If a concurrent writer stored version
        N + 1 first, the cycle is loaded and the caller's view checked again: if
        it is still the one they read, what was written is nothing they see and
        the command is decided once more, as if it had come a moment later; if
        not, they get 412 as a late command would.

        Raises:
            PermissionDenied: the caller has no part in the cycle.
            ViewChanged: the caller's view is not the one ``if_match`` names.
            ServiceProblem: 409, concurrent writers took the version at every attempt.
        """
        for _ in range(ATTEMPTS):
            cycle = self.load(cycle_id)
            check_view(self.view(cycle, caller), if_match)
            changed = decision(cycle)
            try:
                self.record(changed, cycle.version)
            except AppendConflict:
                continue
            return changed
        raise ServiceProblem(
            409,
            "/problems/concurrent-write",
            "Another change was being stored",
            f"other changes to cycle {cycle_id!r} were being stored at the same moment;"
            " send the command again",
        )

    def parse(self, body: bytes, cls: type[T]) -> T:
        """A command built from a request's JSON body (an empty body is ``{}``).

        Raises:
            MalformedInput: the body is not JSON or does not build a ``cls``.
        """
        return self.converter.loads(body or b"{}", cls)

    def view(self, cycle: pc.Cycle, caller: pc.Actor) -> CycleView:
        """What the caller may see of the cycle; anyone with no part in it is refused (403)."""
        return view_cycle(cycle, caller, policy=self.visibility)

    def resource(self, cycle: pc.Cycle, caller: pc.Actor, *, status: int = 200) -> JSONResponse:
        """The answer about a cycle: its id, the caller's view of it and its tag (the ``ETag``)."""
        view = self.view(cycle, caller)
        tag = view_tag(view)
        body = {"cycle_id": cycle.id, "tag": tag, "view": self.converter.unstructure(view)}
        return JSONResponse(body, status_code=status, headers=tag_headers(tag))


def tag_headers(tag: str) -> dict[str, str]:
    """The headers of an answer about a cycle: the view's tag as a strong ``ETag``."""
    return {"ETag": f'"{tag}"', "Vary": VARY}


def entity_tags(value: str | None) -> list[tuple[bool, str]] | None:
    """The entity tags of an ``If-Match`` or ``If-None-Match`` value, each ``(weak, tag)``.

    ``None`` when there is no value or it is not a list of quoted tags (RFC 9110,
    section 8.8.3); ``*`` is not read here.
    """
    if value is None or not _ENTITY_TAG_LIST.fullmatch(value):
        return None
    return [(weak == "W/", tag) for weak, tag in _ENTITY_TAG.findall(value)]


def still_held(tag: str, if_none_match: str | None) -> bool:
    """Whether ``If-None-Match`` names ``tag``: ``*``, or a tag equal to it, weak or not."""
    if if_none_match is None:
        return False
    if if_none_match.strip() == "*":
        return True
    return any(held == tag for _, held in entity_tags(if_none_match) or ())


def check_view(view: CycleView, if_match: Sequence[str]) -> None:
    """Refuse a command unless the caller's view is one of those ``if_match`` names (412).

    Raises:
        ViewChanged: the view has changed since the caller read it.
    """
    if view_tag(view) not in if_match:
        check_view_tag(view, if_match[0])


@attrs.frozen(kw_only=True)
class NextCycle:
    """Start the cycle that follows a closed one (``Cycle.next_cycle``) as data.

    perfcore has a command for starting a cycle (``StartCycle``) but not for
    the next one, so the service defines this one for its endpoint. Unfinished
    development goals and open improvement actions carry over. ``cycle_id`` is
    required: perfcore's default (``"<employee_id>/<period label>"``) holds a
    ``/``, which no URL path segment can.
    """

    period: pc.Period
    cycle_id: str
    manager_id: str | None = None
    check_in_every_days: int | None = None
    reason: str | None = None


# --- who is calling ---------------------------------------------------------------------------


def caller(
    x_person_id: Annotated[
        str | None, Header(description="Who is calling. A stand-in for real authentication.")
    ] = None,
    x_role: Annotated[
        str | None,
        Header(description="The role they act in (employee, manager, hr, or an app's role)."),
    ] = None,
) -> pc.Actor:
    """The caller, from the ``X-Person-Id`` and ``X-Role`` headers (a stand-in, see the module)."""
    unauthenticated = {"WWW-Authenticate": 'X-Person-Id realm="perfcore-service"'}
    if not x_person_id or not x_role:
        raise ServiceProblem(
            401,
            "/problems/unauthenticated",
            "Who is calling is unknown",
            "send the X-Person-Id and X-Role headers",
            headers=unauthenticated,
        )
    try:
        return pc.Actor(person_id=x_person_id, role=pc.Role(name=x_role))
    except pc.ValidationError as malformed:
        raise ServiceProblem(
            401,
            "/problems/unauthenticated",
            "Who is calling is unknown",
            str(malformed),
            headers=unauthenticated,
            problems=[problem.as_dict() for problem in malformed.problems],
        ) from None


Caller = Annotated[pc.Actor, Depends(caller)]


async def raw_body(request: Request) -> bytes:
    """The request's body as sent: perfcore's converter reads it, not FastAPI's."""
    return await request.body()


Body = Annotated[bytes, Depends(raw_body)]

IF_MATCH = (
    'The `ETag` of the caller\'s last answer about the cycle, quoted: `If-Match: "<tag>"`.'
    " Required: a command without it is refused with 428, and with 412 if what the"
    " caller sees of the cycle has changed since."
)


def if_match(
    value: Annotated[str | None, Header(alias="If-Match", description=IF_MATCH)] = None,
) -> list[str]:
    """The tags a command's sender read, from its ``If-Match`` header (strong ones only).

    Raises:
        ServiceProblem: 428, no usable ``If-Match`` (missing, ``*`` or not quoted tags).
    """
    tags = entity_tags(value)
    if not tags:
        raise ServiceProblem(
            428,
            "/problems/precondition-required",
            "Say which view the command is based on",
            'send the ETag of your last answer about the cycle as If-Match: "<tag>"',
        )
    # A weak tag never matches under the strong comparison If-Match calls for.
    return [tag if not weak else f"W/{tag}" for weak, tag in tags]


IfMatch = Annotated[list[str], Depends(if_match)]


# --- the OpenAPI document ---------------------------------------------------------------------


class PerfcoreAPI(FastAPI):
    """FastAPI with perfcore's JSON Schemas among the OpenAPI document's components."""

    components: dict[str, Any]

    def openapi(self) -> dict[str, Any]:
        """The OpenAPI document, with perfcore's schemas under ``components/schemas``."""
        if self.openapi_schema is None:
            document = get_openapi(
                title=self.title,
                version=self.version,
                description=self.description,
                routes=self.routes,
            )
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            _merge(schemas, self.components)
            _require_if_match(document)
            self.openapi_schema = document
        return self.openapi_schema


def _require_if_match(document: dict[str, Any]) -> None:
    """Show ``If-Match`` as required: the route reads it as optional to answer 428 itself."""
    for path in document.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "header" and parameter["name"].lower() == "if-match":
                    parameter["required"] = True
                    parameter["schema"] = {"type": "string"}


def _merge(into: dict[str, Any], schemas: dict[str, Any]) -> None:
    for name, schema in schemas.items():
        if into.setdefault(name, schema) != schema:
            msg = f"two schemas are named {name!r}: qualify one of them"
            raise ValueError(msg)


def _openapi_body(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    """The body schema of ``schema`` (its ``$defs`` moved into ``components``)."""
    body = {key: value for key, value in schema.items() if key not in ("$defs", "$schema")}
    _merge(components, schema.get("$defs", {}))
    return body


def _component(name: str, schema: dict[str, Any], components: dict[str, Any]) -> dict[str, str]:
    """``schema`` named ``name`` among the components; a reference to it."""
    _merge(components, {name: _openapi_body(schema, components)})
    return {"$ref": REF.format(name=name)}


def _request_body(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": bool(schema.get("required")),
            "content": {"application/json": {"schema": _openapi_body(schema, components)}},
        }
    }


def _ok(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _summary(cls: type) -> str:
    return (cls.__doc__ or cls.__name__).strip().splitlines()[0].rstrip(".")


# --- the app ----------------------------------------------------------------------------------


def create_app(  # noqa: PLR0913 - what a deployment chooses
    settings: Settings | None = None,
    *,
    store: EventStore | None = None,
    clock: Clock = system_clock,
    policy: pc.Policy = pc.DEFAULT_POLICY,
    visibility: VisibilityPolicy = DEFAULT_VISIBILITY,
    upcasters: Sequence[Upcaster] = (),
) -> FastAPI:
    """The service, on the store ``settings`` name (from the environment when not given).

    ``store`` replaces the one the settings name; ``clock`` gives the moment of
    each command; ``policy`` and ``visibility`` are the app's permission and
    visibility policies (configuration, not history: every load is checked
    under them); ``upcasters`` are the app's own steps for documents it reshaped.
    """
    settings = settings if settings is not None else Settings.from_env(os.environ)
    service = CycleService(
        store=store if store is not None else open_store(settings),
        converter=make_converter(policy=policy, upcasters=upcasters),
        policy=policy,
        visibility=visibility,
        clock=clock,
    )
    app = PerfcoreAPI(
        title="perfcore reference service",
        version="1.0",
        description=__doc__ or "",
    )
    app.state.service = service
    app.components = {"Problem": problems.PROBLEM_SCHEMA}
    problems.install(app)
    components = app.components

    resource = {
        "type": "object",
        "properties": {
            "cycle_id": {"type": "string"},
            "tag": {
                "type": "string",
                "description": "The tag of the caller's view, as in the `ETag` header.",
            },
            "view": _component("CycleView", json_schema(CycleView, ref_template=REF), components),
        },
        "required": ["cycle_id", "tag", "view"],
    }
    components["CycleResource"] = resource
    as_resource = {
        **_ok(
            "The caller's view of the cycle and its tag.",
            {"$ref": REF.format(name="CycleResource")},
        ),
        "headers": {
            "ETag": {
                "description": "The tag of the caller's view, quoted: send it back as `If-Match`.",
                "schema": {"type": "string"},
            }
        },
    }

    @app.post(
        "/cycles",
        status_code=201,
        tags=["cycles"],
        summary="Start a cycle",
        operation_id=StartCycle.NAME,
        openapi_extra=_request_body(json_schema(StartCycle, ref_template=REF), components),
        responses={201: as_resource, **problems.responses(401, 403, 409, 422)},
    )
    def start_cycle(body: Body, by: Caller) -> JSONResponse:
        """Start a cycle from a `start_cycle` command (HR, by default)."""
        command = service.parse(body, StartCycle)
        cycle = pc.Cycle.begin(command, by=by, at=service.clock(), policy=service.policy)
        service.begin(cycle)
        return _created(service, cycle, by)

    @app.get(
        "/cycles/{cycle_id}",
        tags=["cycles"],
        summary="The caller's view of a cycle",
        responses={
            200: as_resource,
            304: {"description": "The caller's view still has the tag `If-None-Match` names."},
            **problems.responses(401, 403, 404),
        },
    )
    def get_cycle(
        cycle_id: str,
        by: Caller,
        if_none_match: Annotated[
            str | None,
            Header(
                alias="If-None-Match",
                description="The `ETag` the caller holds: 304 if their view still has it.",
            ),
        ] = None,
    ) -> Response:
        """What the caller may see of the cycle; what the policy hides is absent (`view.hidden`)."""
        cycle = service.load(cycle_id)
        tag = view_tag(service.view(cycle, by))
        if still_held(tag, if_none_match):
            return Response(status_code=304, headers=tag_headers(tag))
        return service.resource(cycle, by)

    availability = _component(
        "Availability", json_schema(pc.cycle.Availability, ref_template=REF), components
    )

    @app.get(
        "/cycles/{cycle_id}/available-commands",
        tags=["cycles"],
        summary="The commands the caller may issue now, and why not",
        responses={
            200: _ok(
                "Each command, enabled or with the reasons it is not.",
                {
                    "type": "object",
                    "properties": {
                        "cycle_id": {"type": "string"},
                        "tag": {"type": "string"},
                        "commands": {"type": "array", "items": availability},
                    },
                },
            ),
            **problems.responses(401, 403, 404),
        },
    )
    def available_commands(cycle_id: str, by: Caller) -> JSONResponse:
        """Every command with `enabled` or the reasons it is not: for a UI's buttons."""
        cycle = service.load(cycle_id)
        tag = view_tag(service.view(cycle, by))  # someone with no part learns nothing of it
        commands = [a.as_dict() for a in cycle.available_commands(by, at=service.clock())]
        return JSONResponse(
            {"cycle_id": cycle.id, "tag": tag, "commands": commands}, headers=tag_headers(tag)
        )

    event = _component("Event", json_schema(pc.Event, ref_template=REF), components)

    @app.get(
        "/cycles/{cycle_id}/events",
        tags=["cycles"],
        summary="The events of the caller's view of the history, from a position on",
        responses={
            200: _ok(
                "The events of the caller's view of the history from position `since` on,"
                " numbered by their position in it (`sequence`); `next` is the `since` of"
                " the next poll.",
                {
                    "type": "object",
                    "properties": {
                        "cycle_id": {"type": "string"},
                        "tag": {"type": "string"},
                        "since": {"type": "integer"},
                        "next": {"type": "integer"},
                        "events": {"type": "array", "items": event},
                    },
                },
            ),
            **problems.responses(401, 403, 404, 422),
        },
    )
    def events_since(
        cycle_id: str,
        by: Caller,
        since: Annotated[
            int,
            Query(
                ge=0,
                description=(
                    "A position in the caller's view of the history (its events are numbered"
                    " 0, 1, ...): the `next` of their last poll; 0 for all."
                ),
            ),
        ] = 0,
    ) -> JSONResponse:
        """The caller's view of the history from position `since` on.

        Only a caller who may see the history (HR, by default) gets events, and
        only those recording parts they see, numbered by their position among
        them, so no gap tells of a hidden one; anyone else is refused with 403.
        """
        cycle = service.load(cycle_id)
        view = service.view(cycle, by)
        if Part.HISTORY in view.hidden:
            raise pc.PermissionDenied(
                "view_history", by, f"the history of cycle {cycle.id!r} is hidden from them"
            )
        if since > len(view.events):
            raise pc.MalformedInput.single(
                "query.since",
                f"must be between 0 and {len(view.events)}, got {since}",
                code="out_of_range",
                params={"minimum": 0, "maximum": len(view.events)},
            )
        shown = [service.converter.unstructure(e, pc.Event) for e in view.events[since:]]
        tag = view_tag(view)
        body = {
            "cycle_id": cycle.id,
            "tag": tag,
            "since": since,
            "next": len(view.events),
            "events": shown,
        }
        return JSONResponse(body, headers=tag_headers(tag))

    @app.post(
        "/cycles/{cycle_id}/next",
        status_code=201,
        tags=["cycles"],
        summary="Start the cycle that follows a closed one",
        operation_id="start_next_cycle",
        openapi_extra=_request_body(json_schema(NextCycle, ref_template=REF), components),
        responses={201: as_resource, **problems.responses(401, 403, 404, 409, 412, 422, 428)},
    )
    def start_next_cycle(cycle_id: str, body: Body, by: Caller, seen: IfMatch) -> JSONResponse:
        """Start the next cycle of a closed one; what is unfinished carries over.

        `If-Match` names the caller's view of the closed cycle; the answer is
        their view of the new one.
        """
        closed = service.load(cycle_id)
        check_view(service.view(closed, by), seen)
        command = service.parse(body, NextCycle)
        cycle = closed.next_cycle(
            period=command.period,
            cycle_id=command.cycle_id,
            manager_id=command.manager_id,
            check_in_every_days=command.check_in_every_days,
            reason=command.reason,
            by=by,
            at=service.clock(),
        )
        service.begin(cycle)
        return _created(service, cycle, by)

    _add_command_routes(app, service, as_resource)
    return app


def _add_command_routes(
    app: PerfcoreAPI, service: CycleService, as_resource: dict[str, Any]
) -> None:
    """A route per command of perfcore's table, its body typed by the command's JSON Schema."""
    for name, schema in command_schemas(ref_template=REF).items():
        app.add_api_route(
            f"/cycles/{{cycle_id}}/commands/{name}",
            _command_endpoint(service, name),
            methods=["POST"],
            tags=["commands"],
            summary=_summary(COMMAND_BY_NAME[name]),
            operation_id=name,
            openapi_extra=_request_body(schema, app.components),
            responses={
                200: as_resource,
                **problems.responses(401, 403, 404, 409, 412, 422, 428),
            },
        )


def _created(service: CycleService, cycle: pc.Cycle, by: pc.Actor) -> JSONResponse:
    """201: the new cycle as the caller sees it, and where it is."""
    answer = service.resource(cycle, by, status=201)
    answer.headers["Location"] = f"/cycles/{cycle.id}"
    return answer


def _command_endpoint(service: CycleService, name: str) -> Callable[..., JSONResponse]:
    """The endpoint of one command: the same for every command, told apart by ``name``."""
    command_class = COMMAND_BY_NAME[name]

    def issue(cycle_id: str, body: Body, by: Caller, seen: IfMatch) -> JSONResponse:
        def decision(cycle: pc.Cycle) -> pc.Cycle:
            command = service.parse(body, command_class)
            at = service.clock()
            return cycle.execute(command, by=by, at=at, expected_version=cycle.version)

        return service.resource(service.decide(cycle_id, by, seen, decision), by)

    issue.__name__ = name
    issue.__doc__ = f"Issue `{name}` on the caller's view as they read it (`If-Match`: its `ETag`)."
    return issue
