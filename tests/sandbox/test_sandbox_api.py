"""The sandbox over real loopback HTTP: envelope, codes, auth, response shape, persistence."""

from __future__ import annotations

import base64
import json
import re
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.sandbox.api import AuthPolicy
from app.sandbox.server import SandboxServer
from app.services.credentials import basic_authorization, md5_hex
from tests.conftest import load_fixture, request_examples
from tests.services.sending_support import DOC_HEADER, DOC_MD5, DOC_TILL, payload

AUTH = {"Authorization": basic_authorization("till.one", md5_hex("secret-one"))}


def _post(server: SandboxServer, body: Any, path: str = "v3/targetGroups", **headers: str) -> httpx.Response:
    return httpx.post(server.url + path, json=body, headers=headers or AUTH)


def _get(server: SandboxServer, path: str, **params: str) -> httpx.Response:
    return httpx.get(server.url + path, params=params, headers=AUTH)


@pytest.mark.parametrize("name", request_examples())
def test_every_spec_request_is_created_and_shaped_like_the_spec_responses(
    sandbox: SandboxServer, name: str
) -> None:
    answer = _post(sandbox, load_fixture(name))
    assert answer.status_code == 200
    assert re.fullmatch(r"[0-9a-f]{32}", answer.headers["X-Cap-Requestid"])
    document = answer.json()
    assert set(document) == {"data", "errors", "warnings"} and document["errors"] is None
    group = document["data"]
    example = load_fixture("response-uatTargetGroup130.json")["data"]
    group_keys = {
        "id",
        "active",
        "preferredTillId",
        "leaderboardEnabled",
        "userCreated",
        "targetCycleStartDate",
    }
    period_keys = {"id", "attribution", "startDate", "endDate", "refCode", "periodStatus", "targetGroupId"}
    target_keys = {
        "id",
        "attribution",
        "emfRuleSetId",
        "targetGroupId",
        "filters",
        "targetPeriodDefaultValuesMap",
    }
    # What the server adds, as the spec's response has it...
    assert group_keys <= set(example) and period_keys <= set(example["periods"][0])
    assert target_keys <= set(example["targets"][0])
    # ...is what the sandbox adds.
    assert isinstance(group["id"], int) and group_keys <= set(group)
    period_ids = [p["id"] for p in group["periods"]]
    for period in group["periods"]:
        assert period_keys <= set(period)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", period["startDate"])
        assert period["targetGroupId"] == group["id"]
        assert period["attribution"]["createdBy"]["code"] == "till.one"
    for target in group["targets"]:
        assert target_keys <= set(target)
        assert [v["periodId"] for v in target["defaultValues"]] == period_ids[: len(target["defaultValues"])]
        assert set(target["targetPeriodDefaultValuesMap"]) == {
            str(v["periodId"]) for v in target["defaultValues"]
        }


def test_period_dates_become_plain_dates_in_their_own_offset(sandbox: SandboxServer) -> None:
    group = _post(sandbox, load_fixture("request-uatTargetGroup130-event-sum.json")).json()["data"]
    assert [(p["startDate"], p["endDate"]) for p in group["periods"]] == [
        ("2026-01-01", "2026-01-14"),
        ("2026-01-15", "2026-01-31"),
    ]
    assert group["targets"][0]["eventName"] == "TransactionAdd"  # what the real server filled in


def test_created_groups_persist_and_duplicate_names_are_refused_ignoring_case(tmp_path: Path) -> None:
    folder = tmp_path / "sbx"
    with SandboxServer(folder) as first:
        created = _post(first, payload("Spend Big")).json()["data"]
    with SandboxServer(folder) as second:
        again = _get(second, f"v3/targetGroups/{created['id']}")
        assert again.json()["data"] == created
        refused = _post(second, payload("SPEND big"))
        assert refused.status_code == 400
        assert refused.json()["errors"] == [{"code": 310069, "message": "Target group name already exists"}]
        other = _post(second, payload("Spend Bigger")).json()["data"]
        assert other["id"] == created["id"] + 1
        assert min(p["id"] for p in other["periods"]) > max(p["id"] for p in created["periods"])


def test_concurrent_creates_of_one_name_store_exactly_one_group(sandbox: SandboxServer) -> None:
    statuses: list[int] = []

    def create() -> None:
        statuses.append(_post(sandbox, payload("Race")).status_code)

    threads = [threading.Thread(target=create) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [400] * 7
    assert len(sandbox.store.all()) == 1


def test_rule_errors_come_back_with_the_api_codes(sandbox: SandboxServer) -> None:
    bad = payload("Bad pair")
    bad["name"] = "N" * 201
    answer = _post(sandbox, bad)
    assert answer.status_code == 400
    errors = answer.json()["errors"]
    assert [e["code"] for e in errors] == [310008]
    assert errors[0]["message"].startswith("name: ")

    unknown_rule = payload("Cycles")
    unknown_rule["recurringCycles"] = 101
    codes = [e["code"] for e in _post(sandbox, unknown_rule).json()["errors"]]
    assert codes == [300004]
    assert sandbox.store.all() == []


def test_a_body_that_is_not_json_is_invalid_input(sandbox: SandboxServer) -> None:
    answer = httpx.post(sandbox.url + "v3/targetGroups", content=b"{name:", headers=AUTH)
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["code"] == 300004


def test_basic_auth_needs_an_md5_shaped_password(sandbox: SandboxServer) -> None:
    plain = "Basic " + base64.b64encode(b"till.one:secret-one").decode()
    for headers in ({}, {"Authorization": plain}, {"Authorization": "Bearer abc"}):
        answer = httpx.post(sandbox.url + "v3/targetGroups", json=payload(), headers=headers)
        assert answer.status_code == 401
        assert answer.json()["errors"][0]["code"] == 401
    assert sandbox.store.all() == []


def test_accounts_can_be_pinned_to_the_documented_vector(tmp_path: Path) -> None:
    policy = AuthPolicy(basic_accounts={DOC_TILL: DOC_MD5})
    with SandboxServer(tmp_path, auth=policy) as server:
        assert _post(server, payload(), Authorization=DOC_HEADER).status_code == 200
        wrong = basic_authorization(DOC_TILL, md5_hex("Pass123"))
        assert _post(server, payload("Other"), Authorization=wrong).status_code == 401


def test_oauth_tokens_are_issued_accepted_and_expire(tmp_path: Path) -> None:
    policy = AuthPolicy(oauth_clients={"key-1": "secret-1"}, token_ttl_seconds=300)
    with SandboxServer(tmp_path, auth=policy) as server:
        refused = httpx.post(server.url + "v3/oauth/token/generate", json={"key": "key-1", "secret": "nope"})
        assert refused.status_code == 401
        assert refused.json()["errors"][0]["message"] == "Failed to generate OAuth token"
        issued = httpx.post(
            server.url + "v3/oauth/token/generate", json={"key": "key-1", "secret": "secret-1"}
        )
        data = issued.json()["data"]
        assert data["ttlSeconds"] == 300
        token_header = {"X-CAP-API-OAUTH-TOKEN": data["accessToken"]}
        assert _post(server, payload(), **token_header).status_code == 200
        server.auth.revoke_tokens()
        assert _post(server, payload("Later"), **token_header).status_code == 401


def test_a_denied_account_gets_403(tmp_path: Path) -> None:
    with SandboxServer(tmp_path, auth=AuthPolicy(denied=frozenset({"till.one"}))) as server:
        answer = _post(server, payload())
        assert answer.status_code == 403
        assert server.store.all() == []


def test_is_valid_name_ignores_case_and_checks_the_type(sandbox: SandboxServer) -> None:
    _post(sandbox, payload("Summer Spend"))

    def check(kind: str, value: str) -> Any:
        return _post(sandbox, {"type": kind, "value": value}, "v3/targetGroups/isValidName").json()

    assert check("targetGroupName", "summer SPEND")["data"] is False
    assert check("targetGroupName", "Winter Spend")["data"] is True
    assert check("targetName", "SPEND_5000")["data"] is False
    assert check("periodName", "cycle_1")["data"] is False
    assert check("colour", "x")["errors"][0]["code"] == 310145


def test_listing_follows_the_documented_query_parameters(sandbox: SandboxServer) -> None:
    _post(sandbox, payload("Plain"))
    _post(sandbox, load_fixture("request-UCCtesttarget2-user-created-daily.json"))
    plain = _get(sandbox, "v3/targetGroups").json()["data"]
    assert [g["name"] for g in plain] == ["Plain"]
    assert "periods" not in plain[0]
    everything = _get(
        sandbox, "v3/targetGroups", includeUserCreatedTargetGroups="true", includePeriods="true"
    )
    assert [g["name"] for g in everything.json()["data"]] == ["Plain", "UCCtesttarget2"]
    assert all(g["periods"] for g in everything.json()["data"])


def test_unknown_ids_and_paths(sandbox: SandboxServer) -> None:
    missing = _get(sandbox, "v3/targetGroups/999999")
    assert missing.status_code == 404 and missing.json()["errors"][0]["code"] == 310017
    assert _get(sandbox, "v3/targetGroups/abc").json()["errors"][0]["code"] == 300004
    assert _get(sandbox, "v2/customers").status_code == 404


def test_an_unreadable_group_file_is_skipped_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "sbx"
    with SandboxServer(folder) as server:
        _post(server, payload("Kept"))
    broken = folder / "groups" / "5000.json"
    broken.write_text("{not json", encoding="utf-8")
    with SandboxServer(folder) as server:
        names = [g["name"] for g in server.store.all()]
        assert names == ["Kept"]
    assert broken.read_text(encoding="utf-8") == "{not json"
    assert json.loads((folder / "groups" / "1001.json").read_text())["name"] == "Kept"
