"""The sandbox behaves like the server the rules describe: it refuses exactly what `tgb validate` calls an error.

Property: a payload `validate` reports no error for is accepted (and its warnings come back in the
envelope), and every refusal carries, for the same path, the API code of an error `validate`
reported (300004 "Invalid input" for errors the API has no code for). Over real HTTP on 127.0.0.1.
"""

from __future__ import annotations

import itertools
import json
import tempfile
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings

from app.domain.target_groups.validate import validate_payload
from app.sandbox.server import SandboxServer
from tests.domain.test_validation_fuzz import mutated_payloads
from tests.services.sending_support import DOC_HEADER

_names = itertools.count()


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with tempfile.TemporaryDirectory() as folder:
        running = SandboxServer(folder)
        running.start()
        yield running
        running.stop()


def _post(server: SandboxServer, payload: Any) -> httpx.Response:
    return httpx.post(
        server.url + "v3/targetGroups",
        content=json.dumps(payload),
        headers={"Authorization": DOC_HEADER, "Content-Type": "application/json"},
        timeout=10,
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutated_payloads())
def test_sandbox_refuses_exactly_the_errors_validate_reports(server: SandboxServer, raw: Any) -> None:
    if isinstance(raw, dict) and isinstance(raw.get("name"), str) and raw["name"].strip():
        raw["name"] = f"{raw['name'][:150]} #{next(_names)}"  # names are unique per org
    answer = _post(server, raw)
    try:
        json.dumps(raw, allow_nan=False)
    except ValueError:  # NaN/Infinity: not JSON at all (tgb validate: unreadable, exit 2)
        assert answer.status_code == 400 and answer.json()["errors"][0]["code"] == 300004
        return
    result = validate_payload(raw)
    errors = [p for p in result.problems if p.is_error]
    body = answer.json()
    assert set(body) == {"data", "errors", "warnings"}
    if not errors:
        assert answer.status_code == 200, body
        assert body["errors"] is None and body["data"]["id"]
        warnings = [p for p in result.problems if not p.is_error]
        assert len(body["warnings"] or []) == len(warnings)
        return
    assert answer.status_code == 400
    by_path = {(p.path, p.api_code or 300004) for p in errors}
    for item in body["errors"]:
        path = item["message"].split(": ", 1)[0] if ": " in item["message"] else ""
        path = path.removeprefix("Invalid input, check all values. ")
        assert (path, item["code"]) in by_path or ("", item["code"]) in by_path, (item, by_path)


def test_a_working_example_with_warnings_is_created_and_the_warnings_come_back(server: SandboxServer) -> None:
    from tests.conftest import load_fixture

    payload = load_fixture("request-uatTargetGroup130-event-sum.json")
    answer = _post(server, payload)
    assert answer.status_code == 200
    messages = [w["message"] for w in answer.json()["warnings"]]
    assert any(m.startswith("targets[0].eventName: ") for m in messages)
