"""The sandbox's promotions over real loopback HTTP, and ``tgb promotions`` driving them.

* create (DRAFT only, 24-hex id, promotionId 0, 310187 for a taken name in any case), get, list
  pages (size 1–100 else 300004);
* the lifecycle: submit, approve (a promotionId), pause, resume, stop; every forbidden transition
  refused with its code, including 310191 with HTTP 200 for a wrong existingStatus;
* the edit locks of PUT.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.cli import main
from app.domain.promotions.convert import response_promotions
from app.domain.promotions.validate import validate_raw
from app.sandbox.server import SandboxServer
from app.services.credentials import basic_authorization, md5_hex
from app.services.history import History
from tests.promotions.payloads import valid_promotion
from tests.services import sending_support as support

sandbox = support.sandbox
embedded_sandbox_stopped = support.embedded_sandbox_stopped

AUTH = {"Authorization": basic_authorization("till.one", md5_hex("secret-one"))}


def call(server: SandboxServer, method: str, path: str, body: Any = None, **params: str) -> httpx.Response:
    return httpx.request(method, server.url + path, json=body, params=params or None, headers=AUTH)


def create(server: SandboxServer, name: str = "Q1 spend", **meta: Any) -> dict[str, Any]:
    body = valid_promotion()
    body["metadata"].update(name=name, **meta)
    answer = call(server, "POST", "v3/promotions", body)
    assert answer.status_code == 201, answer.text  # 201 Created, as the reference's answers
    document = answer.json()
    assert document["errors"] is None
    return document["data"]


def status(server: SandboxServer, promotion_id: str, existing: str, value: str) -> httpx.Response:
    return call(
        server,
        "PUT",
        f"v3/requests/PROMOTION/{promotion_id}/status",
        {"promotionStatus": value},
        existingStatus=existing,
    )


def review(
    server: SandboxServer, promotion_id: str, value: str, comment: str | None = None
) -> httpx.Response:
    body = {"approvalStatus": value, **({"comment": comment} if comment else {})}
    return call(server, "POST", f"v3/promotions/{promotion_id}/review", body)


def codes(answer: httpx.Response) -> list[int]:
    return [e["code"] for e in answer.json()["errors"] or []]


def test_create_is_draft_only_with_a_hex_id_and_no_promotion_id_yet(sandbox: SandboxServer) -> None:
    promotion = create(sandbox)
    assert re.fullmatch(r"[0-9a-f]{24}", promotion["id"])
    assert promotion["metadata"]["promotionId"] == 0 and promotion["metadata"]["status"] == "DRAFT"
    active = valid_promotion()
    active["metadata"].update(name="Live at once", status="ACTIVE")
    refused = call(sandbox, "POST", "v3/promotions", active)
    assert refused.status_code == 400 and codes(refused) == [300004]  # the rules' error, no code of its own
    assert "DRAFT" in refused.json()["errors"][0]["message"]


def test_a_name_taken_in_any_case_is_310187(sandbox: SandboxServer) -> None:
    create(sandbox, "Spring push")
    again = valid_promotion()
    again["metadata"]["name"] = "SPRING PUSH"
    answer = call(sandbox, "POST", "v3/promotions", again)
    assert answer.status_code == 400 and codes(answer) == [310187]


def test_rules_errors_are_refused_with_their_codes_and_warnings_come_back(sandbox: SandboxServer) -> None:
    body = valid_promotion()
    body["metadata"]["loyaltyConfigMetaData"] = {"isStackable": True, "isExclusive": True}
    answer = call(sandbox, "POST", "v3/promotions", body)
    assert answer.status_code == 400 and 310185 in codes(answer)
    warned = valid_promotion()
    warned["metadata"]["orgId"] = None
    del warned["metadata"]["orgId"]
    ok = call(sandbox, "POST", "v3/promotions", warned)
    assert ok.status_code == 201 and any("orgId" in w["message"] for w in ok.json()["warnings"])


def test_get_and_list_pages(sandbox: SandboxServer) -> None:
    ids = [create(sandbox, f"Promo {n}", description=f"number {n}")["id"] for n in range(5)]
    got = call(sandbox, "GET", f"v3/promotions/{ids[0]}").json()["data"]
    assert got["metadata"]["name"] == "Promo 0"
    page = call(sandbox, "GET", "v3/promotions", page="1", size="2").json()["data"]
    assert page["totalElements"] == 5 and page["totalPages"] == 3 and page["number"] == 1
    assert [p["id"] for p in page["content"]] == ids[2:4]
    assert not page["first"] and not page["last"]
    found = call(sandbox, "GET", "v3/promotions", searchText="NUMBER 3").json()["data"]
    assert [p["id"] for p in found["content"]] == [ids[3]]
    drafts = call(sandbox, "GET", "v3/promotions", status="DRAFT,ACTIVE").json()["data"]
    assert drafts["totalElements"] == 5
    for size in ("0", "101", "x"):
        answer = call(sandbox, "GET", "v3/promotions", size=size)
        assert answer.status_code == 400 and codes(answer) == [300004], size
    missing = call(sandbox, "GET", "v3/promotions/" + "0" * 24)
    assert missing.status_code == 200 and codes(missing) == [9013]


def test_the_whole_lifecycle_and_every_forbidden_step(sandbox: SandboxServer) -> None:
    pid = create(sandbox)["id"]
    # not yet submitted: no approve, no pause
    assert codes(review(sandbox, pid, "APPROVE")) == [999999]
    assert codes(status(sandbox, pid, "DRAFT", "PAUSE")) == [999999]
    # a wrong existingStatus is 310191 with HTTP 200, as the real server answers it
    wrong = status(sandbox, pid, "ACTIVE", "PENDING_APPROVAL")
    assert wrong.status_code == 200 and codes(wrong) == [310191]
    unknown = status(sandbox, "f" * 24, "DRAFT", "PENDING_APPROVAL")
    assert unknown.status_code == 200 and codes(unknown) == [310191]
    assert codes(status(sandbox, pid, "DRAFT", "LAUNCH")) == [300008]
    assert (
        call(sandbox, "PUT", f"v3/requests/PROMOTION/{pid}/status", {}, existingStatus="DRAFT").json()[
            "errors"
        ][0]["code"]
        == 300009
    )
    # submit, then revoke back to draft, then submit again
    assert (
        status(sandbox, pid, "DRAFT", "PENDING_APPROVAL").json()["data"]["metadata"]["status"]
        == "PENDING_APPROVAL"
    )
    assert status(sandbox, pid, "PENDING_APPROVAL", "REVOKE").json()["data"]["metadata"]["status"] == "DRAFT"
    status(sandbox, pid, "DRAFT", "PENDING_APPROVAL")
    assert codes(review(sandbox, pid, "MAYBE")) == [310151]
    assert codes(review(sandbox, pid, "APPROVE", "x" * 151)) == [999999]
    approved = review(sandbox, pid, "APPROVE", "fine").json()["data"]
    assert approved["metadata"]["status"] == "ACTIVE" and approved["metadata"]["promotionId"] > 0
    assert codes(status(sandbox, pid, "ACTIVE", "RESUME")) == [999999]
    assert status(sandbox, pid, "ACTIVE", "PAUSE").json()["data"]["metadata"]["status"] == "PAUSED"
    assert codes(status(sandbox, pid, "PAUSED", "PAUSE")) == [999999]
    assert status(sandbox, pid, "PAUSED", "RESUME").json()["data"]["metadata"]["status"] == "ACTIVE"
    assert status(sandbox, pid, "ACTIVE", "STOP").json()["data"]["metadata"]["status"] == "STOPPED"
    for value in ("RESUME", "PAUSE", "STOP", "REVOKE"):
        assert codes(status(sandbox, pid, "STOPPED", value)) == [999999], value
    assert call(sandbox, "GET", f"v3/promotions/{pid}").json()["data"]["metadata"]["status"] == "STOPPED"


def test_reject_sends_a_pending_promotion_back_to_draft(sandbox: SandboxServer) -> None:
    pid = create(sandbox)["id"]
    status(sandbox, pid, "DRAFT", "PENDING_APPROVAL")
    rejected = review(sandbox, pid, "REJECT", "needs a reward").json()["data"]
    assert rejected["metadata"]["status"] == "DRAFT" and rejected["metadata"]["promotionId"] == 0


def _update(sandbox: SandboxServer, pid: str, change: Any) -> httpx.Response:
    current = call(sandbox, "GET", f"v3/promotions/{pid}").json()["data"]
    from app.domain.promotions.convert import response_promotions

    (payload,) = response_promotions({"data": current, "errors": None, "warnings": None})
    change(payload)
    return call(sandbox, "PUT", f"v3/promotions/{pid}", payload)


def test_the_edit_locks(sandbox: SandboxServer) -> None:
    pid = create(sandbox)["id"]
    renamed = _update(sandbox, pid, lambda p: p["metadata"].update(description="edited as a draft"))
    assert (
        renamed.status_code == 201
        and renamed.json()["data"]["metadata"]["description"] == "edited as a draft"
    )
    assert codes(_update(sandbox, pid, lambda p: p["metadata"].update(status="ACTIVE"))) == [310175]
    assert codes(_update(sandbox, pid, lambda p: p["metadata"].update(programId=1))) == [310158]
    assert codes(_update(sandbox, pid, lambda p: p["activities"][0].update(event="NewBill"))) == [310161]
    status(sandbox, pid, "DRAFT", "PENDING_APPROVAL")
    assert codes(_update(sandbox, pid, lambda p: None)) == [310174]
    review(sandbox, pid, "APPROVE")
    assert codes(
        _update(sandbox, pid, lambda p: p["metadata"].update(startDate="2027-01-02T00:00:00+05:30"))
    ) == [310153]
    assert codes(
        _update(sandbox, pid, lambda p: p["metadata"].update(endDate="2027-03-15T23:59:59+05:30"))
    ) == [310155]
    assert codes(
        _update(sandbox, pid, lambda p: p["activities"][0]["milestones"][0].update(targetType="COUNT"))
    ) == [310162]
    extended = _update(sandbox, pid, lambda p: p["metadata"].update(endDate="2027-04-30T23:59:59+05:30"))
    assert extended.status_code == 201  # a live end may be extended
    status(sandbox, pid, "ACTIVE", "STOP")
    assert codes(_update(sandbox, pid, lambda p: p["metadata"].update(name="Other"))) == [310183, 310152]


@pytest.mark.usefixtures("embedded_sandbox_stopped")
def test_tgb_promotions_drives_the_local_sandbox_and_records_every_call(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "promotion.json"
    file.write_text(json.dumps(valid_promotion()), encoding="utf-8")
    assert main(["send", str(file), "--yes"]) == 0
    pid = capsys.readouterr().out.strip()
    assert re.fullmatch(r"[0-9a-f]{24}", pid)
    assert main(["promotions", "approve", pid]) == 1  # refused by the lifecycle, nothing sent
    said = capsys.readouterr().err
    assert "Cannot approve a promotion in DRAFT" in said and "allows: submit" in said
    assert main(["promotions", "submit", pid]) == 0
    assert capsys.readouterr().out.strip() == "PENDING_APPROVAL"
    assert main(["promotions", "approve", pid, "--comment", "ok"]) == 0
    assert "promotionId" in capsys.readouterr().err
    for verb, after in (("pause", "PAUSED"), ("resume", "ACTIVE"), ("stop", "STOPPED")):
        assert main(["promotions", verb, pid]) == 0
        assert capsys.readouterr().out.strip() == after
    assert main(["promotions", "resume", pid]) == 1
    assert "STOPPED is final" in capsys.readouterr().err
    assert main(["promotions", "approve", pid, "--comment", "x" * 151]) == 1
    assert main(["promotions", "list", "--status", "STOPPED", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [p["id"] for p in listed["promotions"]] == [pid]
    assert main(["promotions", "show", pid]) == 0
    assert json.loads(capsys.readouterr().out)["metadata"]["status"] == "STOPPED"
    assert main(["promotions", "list", "--size", "101"]) == 2
    entries = History().search()
    whats = [e.payload_name for e in entries]
    assert any(w.startswith("submit promotion") for w in whats) and any(
        w.startswith("stop promotion") for w in whats
    )
    assert all(e.kind == "promotion" for e in entries if "promotion " in e.payload_name)


def test_answers_carry_what_the_reference_answers_carry(sandbox: SandboxServer) -> None:
    """Create answers 201 with the documented fields, the status call answers the promotion."""
    created = create(sandbox, "Answer shape")
    meta = created["metadata"]
    assert {"orgId", "version", "draftDetails"} <= meta.keys()
    for key in ("comments", "parentDetails", "communicationApprovalStatus", "parentId"):
        assert key in created
    assert created["limits"] == [] and set(created["workflowMetadata"]) == {"enrolment", "optin"}
    moved = status(sandbox, created["id"], "DRAFT", "PENDING_APPROVAL")
    assert moved.status_code == 200
    data = moved.json()["data"]
    assert data["id"] == created["id"] and data["metadata"]["status"] == "PENDING_APPROVAL"
    assert data["metadata"]["name"] == "Answer shape" and data["activities"]
    # what the sandbox answers converts back to a payload with no unknown fields
    (payload,) = response_promotions(moved.json())
    assert not [p for p in validate_raw(payload).problems if p.rule == "unknown-field"]


def test_a_refused_method_with_a_body_leaves_the_connection_usable(sandbox: SandboxServer) -> None:
    """PATCH, OPTIONS and TRACE with a body are refused, and the next request on the same
    keep-alive connection is answered normally."""
    pid = create(sandbox, "Keep alive")["id"]
    with httpx.Client(base_url=sandbox.url, headers=AUTH) as client:
        for method in ("PATCH", "OPTIONS", "TRACE"):
            refused = client.request(method, f"v3/promotions/{pid}", content=b'{"metadata": {"name": "x"}}')
            assert refused.status_code == 405 and refused.json()["errors"][0]["code"] == 405
            again = client.get(f"v3/promotions/{pid}")
            assert again.status_code == 200, again.text
            assert again.json()["data"]["metadata"]["name"] == "Keep alive"
