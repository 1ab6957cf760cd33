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


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def support_auth() -> str:
    from app.services.credentials import basic_authorization, md5_hex

    return basic_authorization("till.one", md5_hex("secret-one"))
