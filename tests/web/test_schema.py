"""schemathesis against the OpenAPI description: no server error, every answer as documented."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from showmeter.web.app import create_app
from showmeter.web.limits import Limits

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def web_schema(demo_store: Path) -> Iterator[schemathesis.BaseSchema]:
    """The API's schema, served by an app that answers the test client's host name."""
    web = create_app(str(demo_store), host="testserver", limits=Limits(query_timeout=10))
    yield schemathesis.openapi.from_asgi("/openapi.json", web)
    web.state.runner.close()


def test_the_api_answers_as_its_openapi_description_says(
    web_schema: schemathesis.BaseSchema,
) -> None:
    # schemathesis.pytest.from_fixture does not run under pytest 9 (Function._nodeid), so
    # each operation's strategy is drawn from here, with Hypothesis.
    operations = [result.ok() for result in web_schema.get_all_operations()]
    paths = {operation.path for operation in operations}
    assert paths == {
        "/api/compute/{metric}",
        "/api/metrics",
        "/api/metrics/{name}",
        "/api/titles",
        "/api/health",
    }
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=30,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=CHECKS)

        check()
