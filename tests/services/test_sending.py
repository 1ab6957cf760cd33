"""The send flow end to end against the sandbox: questions, one submission, cancel, history."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from app.sandbox.faults import Faults
from app.sandbox.server import SandboxServer
from app.services import history as hist
from app.services import sandbox_runtime
from app.services.credentials import BasicCredentials, CredentialVault, SessionSecrets, md5_hex
from app.services.history import History
from app.services.profiles import Profile, ProfileStore, make_profile
from app.services.send_outcome import SendStatus
from app.services.sending import Sender
from tests.services import sending_support as support
from tests.services.sending_support import payload, posts

sandbox = support.sandbox
embedded_sandbox_stopped = support.embedded_sandbox_stopped


def _setup(
    server: SandboxServer, *, production: bool = False, timeout: float = 30.0
) -> tuple[Sender, Profile]:
    vault = CredentialVault(SessionSecrets())
    profile = make_profile(
        "Test org", server.url, "basic", "till.one", production=production, timeout_seconds=timeout
    )
    ProfileStore().add(profile)
    vault.save_basic(profile, "secret-one")
    return Sender(vault=vault, history=History()), profile


def _wait_for(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.02)


def test_a_clean_payload_is_created_and_recorded(sandbox: SandboxServer) -> None:
    sender, profile = _setup(sandbox)
    plan = sender.prepare(payload("Spring"), "test ORG")
    assert plan.questions == [] and not plan.blocked
    outcome = sender.send(plan)
    assert outcome.status is SendStatus.CREATED and outcome.exit_code == 0
    stored = sandbox.store.all()
    assert outcome.created_id == stored[0]["id"] and outcome.payload_name == "Spring"
    assert f"id {outcome.created_id}" in outcome.message
    entry = sender.history.get(outcome.history_id or 0)
    assert entry is not None
    assert (entry.outcome, entry.http_status, entry.created_id) == ("created", 200, outcome.created_id)
    assert (entry.profile, entry.host, entry.payload_name) == ("Test org", profile.host, "Spring")
    assert entry.payload_json() == plan.payload
    assert entry.request_id == outcome.request_id and entry.request_id
    assert json.loads(entry.response or "")["data"]["id"] == outcome.created_id


def test_errors_block_and_nothing_is_sent_or_recorded(sandbox: SandboxServer) -> None:
    sender, _ = _setup(sandbox)
    bad = payload("Broken")
    bad["name"] = "N" * 201
    plan = sender.prepare(bad, "Test org")
    assert plan.blocked and plan.errors[0].path == "name"
    outcome = sender.send(plan, confirmed=True)
    assert outcome.status is SendStatus.INVALID and outcome.exit_code == 1
    assert outcome.problems == plan.errors
    assert posts(sandbox) == 0 and sender.history.search() == []


def test_warnings_and_production_ask_first_naming_host_and_group(sandbox: SandboxServer) -> None:
    sender, profile = _setup(sandbox, production=True)
    warned = payload("Live one")
    warned["totalPeriods"] = 5  # a mismatch is a warning only
    plan = sender.prepare(warned, profile)
    assert plan.warnings and not plan.blocked
    production, warnings = plan.questions
    assert "PRODUCTION" in production and "'Live one'" in production and profile.host in production
    assert "Send anyway?" in warnings
    refused = sender.send(plan)
    assert refused.status is SendStatus.NEEDS_CONFIRMATION and posts(sandbox) == 0
    assert sender.send(plan, confirmed=True).created


def test_the_same_payload_to_the_same_profile_within_ten_minutes_warns(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    sender, profile = _setup(sandbox)
    first = sender.send(sender.prepare(payload("Once"), profile))
    again = sender.prepare(payload("Once"), profile)
    assert again.duplicate is not None and again.duplicate.created_id == first.created_id
    assert f"created as id {first.created_id}" in (again.duplicate_question or "")
    assert sender.send(again).status is SendStatus.NEEDS_CONFIRMATION
    other_profile = make_profile("Other org", sandbox.url, "basic", "till.two")
    assert sender.prepare(payload("Once"), other_profile).duplicate is None
    assert sender.prepare(payload("Once, changed"), profile).duplicate is None
    later = time.time() + 601
    assert sender.history.recent_duplicate(profile.name, again.payload_hash, now=later) is None


def test_a_second_send_while_one_is_in_flight_is_refused(tmp_path: Path) -> None:
    with SandboxServer(tmp_path / "sbx", Faults(latency_ms=600)) as server:
        sender, profile = _setup(server)
        plan = sender.prepare(payload("Double click"), profile)
        outcomes = []
        first = threading.Thread(target=lambda: outcomes.append(sender.send(plan)))
        first.start()
        _wait_for(lambda: posts(server) == 1 or bool(outcomes))
        second = sender.send(plan, confirmed=True)
        first.join()
        assert second.status is SendStatus.BUSY and "already being sent" in second.message
        assert outcomes[0].created
        assert posts(server) == 1 and len(server.store.all()) == 1
        assert len(sender.history.search()) == 1


def test_cancel_while_waiting_says_the_group_may_exist_and_history_ends_true(tmp_path: Path) -> None:
    with SandboxServer(tmp_path / "sbx", Faults(latency_ms=800)) as server:
        sender, profile = _setup(server)
        cancel = threading.Event()
        stages: list[str] = []
        timer = threading.Timer(0.2, cancel.set)
        timer.start()
        started = time.monotonic()
        outcome = sender.send(
            sender.prepare(payload("Cancelled"), profile), cancel=cancel, progress=stages.append
        )
        assert time.monotonic() - started < 0.7  # the caller is released at once
        assert outcome.status is SendStatus.CANCELLED and outcome.outcome_unknown
        assert "may have been created" in outcome.message and "Check by name" in outcome.message
        assert stages == ["Sending"]
        row = outcome.history_id or 0
        # Until its answer comes, the abandoned POST still blocks an identical send.
        assert (
            sender.send(sender.prepare(payload("Cancelled"), profile), confirmed=True).status
            is SendStatus.BUSY
        )
        assert sender.history.get(row).outcome == hist.CANCELLED
        # The answer still arrives; the record is completed with what really happened.
        _wait_for(lambda: sender.history.get(row).outcome == hist.CREATED)
        entry = sender.history.get(row)
        assert entry is not None and entry.created_id == server.store.all()[0]["id"]
        assert entry.message.startswith("(answer after cancel)")
        server.set_faults(None)
        assert sender.check_name(profile, "Cancelled").exists is True


def test_cancel_before_sending_sends_nothing(sandbox: SandboxServer) -> None:
    sender, profile = _setup(sandbox)
    cancel = threading.Event()
    cancel.set()
    outcome = sender.send(sender.prepare(payload(), profile), cancel=cancel)
    assert outcome.status is SendStatus.CANCELLED and not outcome.outcome_unknown
    assert posts(sandbox) == 0 and sender.history.search() == []


def test_after_a_timeout_a_check_by_name_finds_the_group(tmp_path: Path) -> None:
    with SandboxServer(tmp_path / "sbx", Faults(latency_ms=1500)) as server:
        sender, profile = _setup(server, timeout=1.0)
        outcome = sender.send(sender.prepare(payload("Maybe"), profile))
        assert outcome.status is SendStatus.FAILED and outcome.outcome_unknown and outcome.exit_code == 3
        assert sender.history.get(outcome.history_id or 0).outcome == hist.FAILED
        server.set_faults(None)
        _wait_for(lambda: bool(server.store.all()))
        check = sender.check_name(profile, "MAYBE")
        assert check.exists is True and check.found_id == server.store.all()[0]["id"]
        assert "do not send it again" in check.message
        assert sender.check_name(profile, "Never sent").exists is False
        assert posts(server) == 1


def test_the_optional_name_check_stops_before_posting(sandbox: SandboxServer) -> None:
    sender, profile = _setup(sandbox)
    assert sender.send(sender.prepare(payload("Taken"), profile)).created
    plan = sender.prepare(payload("taken"), profile)
    stages: list[str] = []
    outcome = sender.send(plan, check_name=True, progress=stages.append)
    assert outcome.status is SendStatus.NAME_TAKEN and outcome.exit_code == 1
    assert [(e.code, e.path) for e in outcome.errors] == [(310069, "name")]
    assert stages == ["Checking the name"]
    assert posts(sandbox) == 1


def test_a_server_rejection_is_recorded_with_codes_and_message(sandbox: SandboxServer) -> None:
    sender, profile = _setup(sandbox)
    sender.send(sender.prepare(payload("Dup"), profile))
    outcome = sender.send(sender.prepare(payload("DUP"), profile))
    assert outcome.status is SendStatus.REJECTED and outcome.exit_code == 1
    assert "310069" in outcome.message and "[field: name]" in outcome.message
    entry = sender.history.get(outcome.history_id or 0)
    assert entry is not None and (entry.outcome, entry.http_status, entry.error_codes) == (
        "rejected",
        400,
        "310069",
    )


def test_a_profile_without_a_stored_secret_says_so(sandbox: SandboxServer) -> None:
    sender = Sender(vault=CredentialVault(SessionSecrets()), history=History())
    profile = make_profile("Fresh", sandbox.url, "basic", "till.one")
    outcome = sender.send(sender.prepare(payload(), profile))
    assert (
        outcome.status is SendStatus.CONFIG
        and "No password or secret is stored for 'Fresh'" in outcome.message
    )
    assert outcome.exit_code == 2 and posts(sandbox) == 0


def test_explicit_credentials_override_the_keychain(sandbox: SandboxServer) -> None:
    sender = Sender(vault=CredentialVault(SessionSecrets()), history=History())
    profile = make_profile("Fresh", sandbox.url, "basic", "till.one")
    creds = BasicCredentials("till.one", md5_hex("from-env"))
    assert sender.send(sender.prepare(payload(), profile), credentials=creds).created


@pytest.mark.usefixtures("embedded_sandbox_stopped")
def test_the_local_sandbox_profile_works_with_no_setup(isolated_home: Path) -> None:
    sender = Sender(history=History())
    plan = sender.prepare(payload("First steps"), "Local sandbox")
    outcome = sender.send(plan)
    assert outcome.created, outcome.message
    assert sandbox_runtime.is_running()
    assert (isolated_home / "data" / "sandbox" / "groups" / f"{outcome.created_id}.json").is_file()
    entry = sender.history.get(outcome.history_id or 0)
    assert entry is not None and entry.host == "local sandbox"
