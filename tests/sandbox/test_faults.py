"""Injected faults: what a client sees on the wire, and whether the group was stored anyway."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from app.sandbox.faults import Fault, FaultPlan, Faults
from app.sandbox.server import SandboxServer
from app.services.credentials import basic_authorization, md5_hex
from tests.services.sending_support import payload

AUTH = {"Authorization": basic_authorization("till.one", md5_hex("secret-one"))}


def _create(server: SandboxServer, name: str) -> httpx.Response:
    return httpx.post(server.url + "v3/targetGroups", json=payload(name), headers=AUTH)


def test_server_errors_are_html_gateway_pages(tmp_path: Path) -> None:
    with SandboxServer(tmp_path, Faults(fail_rate=1.0, after_commit_share=0.0)) as server:
        answer = _create(server, "A")
        assert answer.status_code == 502
        assert answer.headers["Content-Type"] == "text/html"
        assert "<title>502 Bad Gateway</title>" in answer.text
        assert server.store.all() == []


def test_non_json_answers_are_login_pages_with_status_200(tmp_path: Path) -> None:
    with SandboxServer(tmp_path, Faults(non_json_rate=1.0, after_commit_share=0.0)) as server:
        answer = _create(server, "A")
        assert answer.status_code == 200
        assert answer.text.startswith("<!DOCTYPE html>")


def test_dropped_connections_send_nothing_back(tmp_path: Path) -> None:
    with SandboxServer(tmp_path, Faults(drop_rate=1.0, after_commit_share=0.0)) as server:
        with pytest.raises(httpx.RemoteProtocolError):
            _create(server, "A")
        assert server.store.all() == []


def test_a_fault_after_commit_leaves_the_group_stored(tmp_path: Path) -> None:
    with SandboxServer(tmp_path, Faults(drop_rate=1.0, after_commit_share=1.0)) as server:
        with pytest.raises(httpx.RemoteProtocolError):
            _create(server, "Landed anyway")
        assert [g["name"] for g in server.store.all()] == ["Landed anyway"]


def test_latency_delays_every_answer(tmp_path: Path) -> None:
    with SandboxServer(tmp_path, Faults(latency_ms=300)) as server:
        started = time.monotonic()
        assert _create(server, "Slow").status_code == 200
        assert time.monotonic() - started >= 0.3


def test_the_token_endpoint_is_spared(tmp_path: Path) -> None:
    with SandboxServer(tmp_path, Faults(fail_rate=1.0)) as server:
        answer = httpx.post(server.url + "v3/oauth/token/generate", json={"key": "k", "secret": "s"})
        assert answer.status_code == 200


def test_a_seed_makes_the_draws_repeatable_and_rates_hold() -> None:
    faults = Faults(fail_rate=0.1, drop_rate=0.05, non_json_rate=0.05, seed=7)
    first = [FaultPlan(faults).draw() for _ in range(1)]
    plan_a, plan_b = FaultPlan(faults), FaultPlan(faults)
    draws_a = [plan_a.draw() for _ in range(4000)]
    assert draws_a == [plan_b.draw() for _ in range(4000)]
    assert first[0] == draws_a[0]
    share = {fault: sum(d.fault is fault for d in draws_a) / 4000 for fault in Fault}
    assert 0.08 < share[Fault.SERVER_ERROR] < 0.12
    assert 0.03 < share[Fault.DROP] < 0.07
    assert 0.03 < share[Fault.NON_JSON] < 0.07


@pytest.mark.parametrize(
    "settings",
    [{"fail_rate": 1.5}, {"drop_rate": -0.1}, {"fail_rate": 0.6, "drop_rate": 0.6}, {"latency_ms": -1}],
)
def test_impossible_settings_are_refused_with_a_reason(settings: dict[str, float]) -> None:
    with pytest.raises(ValueError, match=r"must be|cannot exceed"):
        Faults(**settings)  # type: ignore[arg-type]
