"""Settling a row with an unknown outcome reads every page of the name search.

The list API's ``searchText`` matches every name that contains the text; with more than a page
of near-misses, the exact name was on page 2 and the row was sent again (and refused).
"""

from __future__ import annotations

import time

import httpx

from app.domain.bulk import RowPlan
from app.domain.kinds import kind_named
from app.sandbox.server import SandboxServer
from app.services.bulk import BulkRunner, Journal
from app.services.credentials import basic_authorization, md5_hex
from tests.promotions.payloads import valid_promotion
from tests.services import sending_support as support
from tests.services.test_sending import _setup

sandbox = support.sandbox
AUTH = {"Authorization": basic_authorization("till.one", md5_hex("secret-one"))}


def _create(server: SandboxServer, name: str) -> str:
    body = valid_promotion()
    body["metadata"]["name"] = name
    answer = httpx.post(server.url + "v3/promotions", json=body, headers=AUTH)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["data"]["id"])


def test_the_exact_name_on_a_later_page_is_found(sandbox: SandboxServer, tmp_path) -> None:
    for n in range(105):
        _create(sandbox, f"Spring {n:03d}")
    time.sleep(0.01)
    exact = _create(sandbox, "Spring")  # the sandbox lists oldest first: the exact name is on page 2
    sender, profile = _setup(sandbox)
    journal = Journal(tmp_path / "journal.sqlite3")
    try:
        runner = BulkRunner(sender, journal, profile, kind_named("promotion"), "key")
        first_page = httpx.get(
            sandbox.url + "v3/promotions", params={"searchText": "Spring", "size": "100"}, headers=AUTH
        ).json()["data"]
        assert exact not in [item["id"] for item in first_page["content"]]  # page 2, as in the field
        assert runner._look_up(RowPlan(2, {}, name="spring")) == (True, exact)
        assert runner._look_up(RowPlan(3, {}, name="Spring 999")) == (False, None)
    finally:
        journal.close()
        sender.close()
