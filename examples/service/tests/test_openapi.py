"""The OpenAPI document: a typed request body for every command, from perfcore's JSON Schema."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from perfcore_service import Settings, create_app

from perfcore.cycle import COMMAND_BY_NAME
from perfcore.schema import command_schemas

REF = "#/components/schemas/{name}"


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    app = create_app(Settings(database_url="sqlite://"))
    with TestClient(app) as client:
        answer = client.get("/openapi.json")
    app.state.service.store.close()
    assert answer.status_code == 200
    document: dict[str, Any] = answer.json()
    return document


def body_schema(openapi: dict[str, Any], path: str) -> dict[str, Any]:
    operation = openapi["paths"][path]["post"]
    schema: dict[str, Any] = operation["requestBody"]["content"]["application/json"]["schema"]
    return schema


def test_every_command_has_its_own_operation_with_perfcores_schema_as_its_body(
    openapi: dict[str, Any],
) -> None:
    schemas = command_schemas(ref_template=REF)
    assert set(schemas) == set(COMMAND_BY_NAME)
    for name, schema in schemas.items():
        path = f"/cycles/{{cycle_id}}/commands/{name}"
        assert openapi["paths"][path]["post"]["operationId"] == name
        expected = {k: v for k, v in schema.items() if k not in ("$defs", "$schema")}
        assert body_schema(openapi, path) == expected
        for component, definition in schema.get("$defs", {}).items():
            assert openapi["components"]["schemas"][component] == definition


def test_a_body_refers_to_the_records_it_holds_by_name(openapi: dict[str, Any]) -> None:
    propose = body_schema(openapi, "/cycles/{cycle_id}/commands/propose_goal")
    assert propose["properties"]["goal"] == {"$ref": "#/components/schemas/Goal"}
    goal = openapi["components"]["schemas"]["Goal"]
    assert goal["properties"]["title"]["maxLength"] == 500
    assert goal["properties"]["weight"] == {"type": "number", "minimum": 0, "maximum": 100}
    start = body_schema(openapi, "/cycles")
    assert {"cycle_id", "employee_id", "manager_id", "period"} <= set(start["required"])
    operation = openapi["paths"]["/cycles/{cycle_id}/commands/agree_goals"]["post"]
    assert operation["requestBody"]["required"] is False  # no field is required: {} or nothing
    assert openapi["paths"]["/cycles"]["post"]["requestBody"]["required"] is True


def test_refusals_are_documented_as_problem_details(openapi: dict[str, Any]) -> None:
    operation = openapi["paths"]["/cycles/{cycle_id}/commands/close"]["post"]
    assert set(operation["responses"]) == {
        "200",
        "401",
        "403",
        "404",
        "409",
        "412",
        "422",
        "428",
    }
    conflict = operation["responses"]["409"]["content"]
    assert conflict == {
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
    }
    assert openapi["components"]["schemas"]["Problem"]["required"] == [
        "type",
        "title",
        "status",
        "detail",
    ]
    view = openapi["paths"]["/cycles/{cycle_id}"]["get"]["responses"]["200"]
    resource = view["content"]["application/json"]["schema"]
    assert resource == {"$ref": "#/components/schemas/CycleResource"}
    cycle_view = openapi["components"]["schemas"]["CycleView"]
    assert "hidden" in cycle_view["properties"]


def test_the_caller_headers_are_documented_as_the_stand_in_they_are(
    openapi: dict[str, Any],
) -> None:
    parameters = openapi["paths"]["/cycles/{cycle_id}"]["get"]["parameters"]
    by_name = {parameter["name"]: parameter for parameter in parameters}
    assert "stand-in" in by_name["x-person-id"]["description"]
    assert "x-role" in by_name


def test_commands_take_if_match_and_no_operation_takes_or_tells_a_version(
    openapi: dict[str, Any],
) -> None:
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            names = {parameter["name"].lower() for parameter in operation.get("parameters", [])}
            assert not any("version" in name for name in names), (method, path)
            if method == "post" and path != "/cycles":
                if_match = next(
                    p for p in operation["parameters"] if p["name"].lower() == "if-match"
                )
                assert (if_match["in"], if_match["required"]) == ("header", True)
                assert if_match["schema"] == {"type": "string"}
                assert "428" in operation["responses"]
                assert "412" in operation["responses"]
                assert (
                    "ETag"
                    in operation["responses"]["200" if "commands" in path else "201"]["headers"]
                )
    resource = openapi["components"]["schemas"]["CycleResource"]
    assert set(resource["properties"]) == {"cycle_id", "tag", "view"}
    get = openapi["paths"]["/cycles/{cycle_id}"]["get"]
    assert "304" in get["responses"]
    assert "if-none-match" in {p["name"].lower() for p in get["parameters"]}
    events = openapi["paths"]["/cycles/{cycle_id}/events"]["get"]
    since = next(p for p in events["parameters"] if p["name"] == "since")
    assert "position" in since["description"]
    assert "version" not in since["description"]
