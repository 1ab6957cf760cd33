"""Milestones on a server through :mod:`app.services.live`, over real loopback HTTP to the sandbox:
browse, fetch, the lifecycle, and updates that never overwrite blind."""

from __future__ import annotations

import copy
from typing import Any

import httpx

from app.sandbox.server import SandboxServer
from app.services.credentials import CredentialVault, SessionSecrets
from app.services.history import History
from app.services.live import LiveCopy, LiveService, ServerPage, live_for, live_kinds
from app.services.profiles import ProfileStore, make_profile
from app.services.sending import Sender
from tests.domain.payloads import valid_payload
from tests.promotions.payloads import valid_promotion
from tests.services import sending_support as support

sandbox = support.sandbox


def _service(server: SandboxServer) -> tuple[LiveService, Any]:
    vault = CredentialVault(SessionSecrets())
    profile = make_profile("Test org", server.url, "basic", "till.one")
    ProfileStore().add(profile)
    vault.save_basic(profile, "secret-one")
    return LiveService(Sender(vault=vault, history=History())), profile


def _created(service: LiveService, profile: Any, name: str) -> str:
    body = valid_promotion()
    body["metadata"]["name"] = name
    client = service.sender.client_for(profile)
    result = client.create("v3/promotions", body)
    assert result.ok, result.message
    return str(result.data["id"])


def test_every_kind_can_be_browsed() -> None:
    assert {live.kind for live in live_kinds()} == {"target-group", "promotion"}


def test_promotions_are_listed_by_search_status_and_page(sandbox: SandboxServer) -> None:
    service, profile = _service(sandbox)
    for n in range(5):
        _created(service, profile, f"Spring {n}")
    _created(service, profile, "Autumn")
    first = service.page(profile, "promotion", "spring", "", 0, 2)
    assert isinstance(first, ServerPage)
    assert len(first.rows) == 2 and all(row.name.startswith("Spring ") for row in first.rows)
    assert first.pages == 3 and first.has_next and all(r.status == "DRAFT" for r in first.rows)
    last = service.page(profile, "promotion", "spring", "", 2, 2)
    assert isinstance(last, ServerPage) and len(last.rows) == 1 and not last.has_next
    active = service.page(profile, "promotion", "", "ACTIVE", 0, 20)
    assert isinstance(active, ServerPage) and active.rows == []


def test_target_groups_are_listed_and_searched_by_the_app(sandbox: SandboxServer) -> None:
    service, profile = _service(sandbox)
    client = service.sender.client_for(profile)
    for name in ("Gold club", "Silver club", "Weekday"):
        body = valid_payload()
        body["name"] = name
        assert client.create_target_group(body).ok
    page = service.page(profile, "target-group", "club", "", 0, 20)
    assert isinstance(page, ServerPage)
    assert sorted(row.name for row in page.rows) == ["Gold club", "Silver club"]
    copy_ = service.fetch(profile, "target-group", page.rows[0].id)
    assert isinstance(copy_, LiveCopy) and copy_.payload["name"] == page.rows[0].name
    assert "id" not in copy_.payload  # a payload, server fields gone


def test_an_update_changes_exactly_what_was_edited(sandbox: SandboxServer) -> None:
    service, profile = _service(sandbox)
    promotion_id = _created(service, profile, "Summer visits")
    fetched = service.fetch(profile, "promotion", promotion_id)
    assert isinstance(fetched, LiveCopy) and fetched.status == "DRAFT"
    edited = copy.deepcopy(fetched.payload)
    edited["metadata"]["description"] = "Now with a description"
    done = service.update(profile, fetched, edited)
    assert done.ok, done.message
    after = done.copy
    assert after is not None and after.version != fetched.version
    assert after.payload["metadata"]["description"] == "Now with a description"
    before, now = copy.deepcopy(fetched.payload), copy.deepcopy(after.payload)
    for payload in (before, now):
        payload["metadata"].pop("description", None)
    assert before == now  # nothing else changed
    assert service.sender.history.search()[0].payload_name == f"update promotion {promotion_id}"


def test_a_copy_the_server_changed_since_is_not_sent(sandbox: SandboxServer) -> None:
    service, profile = _service(sandbox)
    promotion_id = _created(service, profile, "Two windows")
    first = service.fetch(profile, "promotion", promotion_id)
    second = service.fetch(profile, "promotion", promotion_id)
    assert isinstance(first, LiveCopy) and isinstance(second, LiveCopy)
    mine = copy.deepcopy(first.payload)
    mine["metadata"]["description"] = "first window"
    assert service.update(profile, first, mine).ok
    theirs = copy.deepcopy(second.payload)
    theirs["metadata"]["description"] = "second window"
    stale = service.update(profile, second, theirs)
    assert not stale.ok and stale.stale and "changed on the server" in stale.message
    assert stale.copy is not None and stale.copy.payload["metadata"]["description"] == "first window"
    again = service.fetch(profile, "promotion", promotion_id)
    assert isinstance(again, LiveCopy) and again.payload["metadata"]["description"] == "first window"


def test_the_lifecycle_moves_and_locks_what_it_should(sandbox: SandboxServer) -> None:
    service, profile = _service(sandbox)
    promotion_id = _created(service, profile, "Locked later")
    fetched = service.fetch(profile, "promotion", promotion_id)
    assert isinstance(fetched, LiveCopy)
    live = live_for("promotion")
    assert live.steps("DRAFT") == ["submit"]
    assert service.move(profile, fetched, "submit").ok
    assert service.move(profile, fetched, "approve", "fine").ok
    active = service.fetch(profile, "promotion", promotion_id)
    assert isinstance(active, LiveCopy) and active.status == "ACTIVE"
    assert set(live.steps("ACTIVE")) == {"pause", "stop"}
    assert "metadata.startDate" in live.locked_paths(active.payload, _now())
    moved = copy.deepcopy(active.payload)
    moved["metadata"]["startDate"] = "2030-01-01T00:00:00+05:30"
    refused = service.update(profile, active, moved)
    assert not refused.ok and any(code == 310153 for code, _ in refused.refusals)
    nothing = service.move(profile, active, "resume")
    assert not nothing.ok and nothing.refused_locally and "cannot resume" in nothing.message.lower()
    forced = httpx.put(
        sandbox.url + f"v3/requests/PROMOTION/{promotion_id}/status",
        params={"existingStatus": "PAUSED"},
        json={"promotionStatus": "RESUME"},
        headers={"Authorization": support_auth()},
    )
    assert forced.json()["errors"][0]["code"] == 310191


def date_today() -> Any:
    from datetime import date

    return date.today()


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def support_auth() -> str:
    from app.services.credentials import basic_authorization, md5_hex

    return basic_authorization("till.one", md5_hex("secret-one"))


def _days(n: int) -> str:
    from datetime import date, timedelta

    return (date.today() + timedelta(days=n)).isoformat()


def _three_periods() -> dict[str, Any]:
    """A group whose periods ended last month, run now and start in three weeks (real dates)."""
    from datetime import date, timedelta

    this_month = date.today().replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)

    def period(n: int, first: str, last: str, status: str | None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "active": True,
            "refCode": f"Cycle_{n}",
            "startDate": f"{first}T00:00:00.000+05:30",
            "endDate": f"{last}T23:59:59.999+05:30",
        }
        if status:
            out["periodStatus"] = status
        return out

    body = valid_payload()
    body["name"] = "Three periods"
    body["frequencyType"] = "CUSTOM"
    body["periods"] = [
        period(1, last_month.isoformat(), (this_month - timedelta(days=1)).isoformat(), None),
        period(2, this_month.isoformat(), _days(5), "RUNNING"),
        period(3, _days(20), _days(40), "NOT_STARTED"),
    ]
    body["totalPeriods"] = body["recurringCycles"] = 3
    body["targetCycleStartDateISO"] = body["periods"][0]["startDate"]
    body["targetCycleEndDateISO"] = body["periods"][2]["endDate"]
    body["targets"][0]["defaultValues"] = [
        {"defaultValue": 100},
        {"defaultValue": 200},
        {"defaultValue": 300},
    ]
    return body


def test_a_target_group_update_sends_only_the_calls_its_changes_need(sandbox: SandboxServer) -> None:
    service, profile = _service(sandbox)
    client = service.sender.client_for(profile)
    created = client.create_target_group(_three_periods())
    assert created.ok, created.message
    group_id = str(created.data["id"])
    fetched = service.fetch(profile, "target-group", group_id)
    assert isinstance(fetched, LiveCopy)
    edited = copy.deepcopy(fetched.payload)
    running_end = _days(10)
    edited["periods"][1]["endDate"] = running_end  # a running period's end moves (later)
    edited["targets"][0]["defaultValues"][2]["defaultValue"] = 350  # a not-started value is raised
    assert service.refusals(fetched, edited) == []
    done = service.update(profile, fetched, edited)
    assert done.ok, done.message
    assert "change the dates of 1 period(s)" in done.message and "edit target 1" in done.message
    stored = sandbox.store.get(int(group_id))
    assert stored is not None
    assert stored["periods"][1]["endDate"] == running_end
    assert [v["defaultValue"] for v in stored["targets"][0]["defaultValues"]] == [100, 200, 350]
    assert stored["name"] == "Three periods" and stored["periods"][0] == fetched.stored["periods"][0]

    after = service.fetch(profile, "target-group", group_id)
    assert isinstance(after, LiveCopy)
    moved = copy.deepcopy(after.payload)
    moved["periods"][1]["startDate"] = _days(-1 if date_today().day > 1 else 1)
    moved["targets"][0]["defaultValues"][0]["defaultValue"] = 1  # an ended period's value
    refused = service.update(profile, after, moved)
    assert not refused.ok and not refused.result
    reasons = " ".join(message for _code, message in refused.refusals)
    assert "running; only its end date" in reasons and "has ended" in reasons
    locks = live_for("target-group").locked_paths(after.stored, _now())
    assert "periods[1].startDate" in locks and "targets[*].defaultValues[0].defaultValue" in locks


def test_the_sandbox_refuses_what_the_target_group_updates_refuse(sandbox: SandboxServer) -> None:
    service, profile = _service(sandbox)
    client = service.sender.client_for(profile)
    created = client.create_target_group(_three_periods())
    group_id = created.data["id"]
    periods = created.data["periods"]
    moved_start = dict(periods[1], startDate=_days(-1 if date_today().day > 1 else 1))
    answer = client.update_call("PUT", f"v3/targetGroups/{group_id}/targetPeriods", [moved_start])
    assert not answer.ok and answer.errors[0].code == 300004 and "RUNNING" in answer.errors[0].message
    gone = client.update_call("PUT", f"v3/targetGroups/{group_id}/targetPeriods", [{"id": 1, "endDate": "x"}])
    assert gone.errors[0].code == 310019
    other = client.create_target_group({**valid_payload(), "name": "Taken"})
    assert other.ok
    renamed = client.update_call(
        "PUT", f"v3/targetGroups/editTargetGroup/{group_id}", {**created.data, "name": "TAKEN"}
    )
    assert renamed.errors[0].code == 310069
    missing = client.update_call("PUT", f"v3/targetGroups/{group_id}/targets/999", {"expression": "true"})
    assert missing.errors[0].code == 310018


def test_a_date_derived_status_offers_what_active_offers() -> None:
    """The server shows an ACTIVE promotion as UPCOMING, LIVE or COMPLETED by its dates."""
    steps = live_for("promotion").steps
    for status in ("UPCOMING", "LIVE", "COMPLETED"):
        assert set(steps(status)) == {"pause", "stop"}
