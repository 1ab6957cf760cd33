"""The sandbox's promotions: ``v3/promotions`` with its maker-checker lifecycle (``docs/api/promotions.md``).

Stored one JSON file per promotion under ``promotions/`` in the sandbox's data folder. Every
operation holds the store's lock (a thread lock and ``.promotions.lock`` for other processes) and
reads the files afresh, so several sandboxes on one folder never lose each other's changes.

Endpoints (each answers the ``{data, errors, warnings}`` envelope):

* ``POST /v3/promotions``: DRAFT only; the domain's rules decide what is refused (errors, with
  their code or 300004) and what comes back as warnings; a name taken in any case is 310187, a
  promoIdentifier taken 310159. The new promotion gets a 24-hex id; ``promotionId`` is 0 until
  it is approved. Create and update answer ``201 Created``, as the reference's captured answers
  do, with the fields those answers carry (``metadata.orgId``/``version``/``draftDetails``,
  ``comments``, ``parentDetails``, ``communicationApprovalStatus``, and empty ``limits`` and
  ``workflowMetadata`` where the request had none).
* ``GET /v3/promotions/{id}``; ``GET /v3/promotions?searchText&status&page&size`` (a Spring page;
  ``size`` 1–100 and ``page`` ≥ 0, else 300004).
* ``PUT /v3/promotions/{id}``: a full replacement under the edit locks of
  :func:`app.domain.promotions.lifecycle.edit_refusals`.
* ``PUT /v3/requests/PROMOTION/{id}/status?existingStatus=…`` with ``{"promotionStatus": …}``: the
  status moves and the answer is the updated promotion; a wrong ``existingStatus`` (or an unknown
  id) is 310191 **with HTTP 200**.
* ``POST /v3/promotions/{id}/review`` with ``{"approvalStatus": APPROVE|REJECT, "comment"}``.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from app.domain.convert import strip_server_fields
from app.domain.promotions import lifecycle
from app.domain.promotions.models import Promotion
from app.domain.promotions.validate import validate_raw
from app.sandbox.envelope import Answer, envelope, error_answer
from app.sandbox.promotions.store import PromotionStore

INVALID_INPUT = 300004
PROMO_IDENTIFIER_EXISTS = 310159
NOT_FOUND = 9013
GENERIC = 999999


class PromotionsApi:
    """The promotions endpoints of the sandbox (routing by :meth:`handle`)."""

    def __init__(self, store: PromotionStore, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.clock = clock

    def handle(self, method: str, parts: list[str], query: dict[str, str], body: Any, user: str) -> Answer:
        """``parts`` are the path's segments after ``v3``."""
        if parts[:2] == ["requests", "PROMOTION"] and len(parts) == 4 and parts[3] == "status":
            return self._status(parts[2], query, body) if method == "PUT" else _not_allowed()
        rest = parts[1:]
        if not rest:
            if method == "POST":
                return self._create(body, user)
            if method == "GET":
                return self._list(query)
            return _not_allowed()
        if len(rest) == 1:
            if method == "GET":
                return self._get(rest[0])
            if method == "PUT":
                return self._update(rest[0], body, user)
            return _not_allowed()
        if len(rest) == 2 and rest[1] == "review":
            return self._review(rest[0], body, user) if method == "POST" else _not_allowed()
        return error_answer(404, 404, "Not found")

    # create, read, update ---------------------------------------------------------------------

    def _checked(self, body: Any) -> tuple[dict[str, Any] | None, Answer | None, list[dict[str, Any]]]:
        if isinstance(body, ValueError):
            return None, error_answer(400, INVALID_INPUT, f"Invalid input, check all values: {body}"), []
        result = validate_raw(body, self.clock())
        errors = [p for p in result.problems if p.is_error]
        warnings = [
            {"message": f"{p.path}: {p.message}" if p.path else p.message}
            for p in result.problems
            if not p.is_error
        ]
        if errors or result.model is None:
            items = []
            seen = set()
            for p in errors:
                item = {
                    "code": p.api_code or INVALID_INPUT,
                    "message": f"{p.path}: {p.message}" if p.path else p.message,
                }
                key = (item["code"], item["message"])
                if key not in seen:
                    seen.add(key)
                    items.append(item)
            return None, (400, envelope(errors=items)), warnings
        return result.model.to_wire(), None, warnings

    def _create(self, body: Any, user: str) -> Answer:
        payload, refused, warnings = self._checked(body)
        if refused is not None:
            return refused
        assert payload is not None
        if payload.get("id") is not None:
            return error_answer(
                400,
                INVALID_INPUT,
                "Invalid input: a new promotion has no id (PUT v3/promotions/{id} updates)",
            )
        meta = payload["metadata"]
        if str(meta.get("status") or "") != "DRAFT":
            return error_answer(
                400, INVALID_INPUT, "Creating a promotion with any status other than DRAFT is rejected"
            )
        now = self.clock()
        with self.store.locked():
            taken = self._taken(meta, None)
            if taken is not None:
                return taken
            promotion = self._shaped(payload, now, user)
            while True:
                promotion["id"] = secrets.token_hex(12)
                try:
                    self.store.write_new(promotion)
                except FileExistsError:
                    continue
                break
        return 201, envelope(promotion, warnings=warnings)

    def _taken(self, meta: dict[str, Any], own_id: str | None) -> Answer | None:
        name = str(meta.get("name") or "").casefold()
        identifier = meta.get("promoIdentifier")
        for other in self.store.all():
            if other.get("id") == own_id:
                continue
            other_meta = other.get("metadata") or {}
            if str(other_meta.get("name") or "").casefold() == name:
                return error_answer(400, lifecycle.NAME_EXISTS, "Promotion name already exists")
            if identifier and other_meta.get("promoIdentifier") == identifier:
                return error_answer(400, PROMO_IDENTIFIER_EXISTS, "promoIdentifier already exists")
        return None

    def _shaped(
        self, payload: dict[str, Any], now: datetime, user: str, stored: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        stamp = now.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        promotion = json.loads(json.dumps(payload))
        meta = promotion["metadata"]
        old_meta = (stored or {}).get("metadata") or {}
        meta["promotionId"] = old_meta.get("promotionId", 0)
        meta["createdOn"] = old_meta.get("createdOn", stamp)
        meta["createdBy"] = old_meta.get("createdBy", user)
        meta["lastModifiedOn"] = stamp
        meta["lastModifiedBy"] = user
        meta["status"] = old_meta.get("status", meta.get("status", "DRAFT"))
        meta["promotionMode"] = "UNIFIED"
        # What the reference's captured answers carry even when the request left it out.
        meta.setdefault("orgId", SANDBOX_ORG_ID)
        meta.setdefault("version", None)
        meta.setdefault("draftDetails", None)
        promotion["version"] = int((stored or {}).get("version") or 0) + 1
        promotion["parentId"] = None
        promotion["parentDetails"] = None
        promotion.setdefault("comments", (stored or {}).get("comments"))
        promotion.setdefault("limits", [])
        promotion.setdefault("liabilityOwnerSplitInfo", [])
        promotion.setdefault("workflowMetadata", _empty_workflow())
        promotion["communicationApprovalStatus"] = NO_COMMUNICATIONS
        return promotion

    def _get(self, promotion_id: str) -> Answer:
        found = self.store.read(promotion_id)
        if found is None:
            return 200, envelope(errors=[{"code": NOT_FOUND, "message": "Request not found"}])
        return 200, envelope(found)

    def _list(self, query: dict[str, str]) -> Answer:
        page_text, size_text = query.get("page", "0"), query.get("size", "10")
        if not all(re.fullmatch(r"[0-9]{1,9}", text) for text in (page_text, size_text)):
            # plain ASCII digits only: int() would take "٣", "1_0", "+5" and " 5"
            return error_answer(400, INVALID_INPUT, "Invalid input: page and size are whole numbers")
        page, size = int(page_text), int(size_text)
        if page < 0 or not 1 <= size <= 100:
            return error_answer(400, INVALID_INPUT, "Invalid input: page must be 0 or more and size 1 to 100")
        wanted = {s.strip().upper() for s in query.get("status", "").split(",") if s.strip()}
        text = query.get("searchText", "").casefold()
        items = []
        for promotion in self.store.all():
            meta = promotion.get("metadata") or {}
            if wanted and str(meta.get("status") or "") not in wanted:
                continue
            if text and text not in f"{meta.get('name') or ''} {meta.get('description') or ''}".casefold():
                continue
            items.append(promotion)
        total = len(items)
        content = items[page * size : (page + 1) * size]
        pages = (total + size - 1) // size
        return 200, envelope(
            {
                "content": content,
                "pageable": {
                    "pageNumber": page,
                    "pageSize": size,
                    "offset": page * size,
                    "paged": True,
                    "unpaged": False,
                },
                "totalElements": total,
                "totalPages": pages,
                "last": page >= pages - 1,
                "size": size,
                "number": page,
                "numberOfElements": len(content),
                "first": page == 0,
                "empty": not content,
            }
        )

    def _update(self, promotion_id: str, body: Any, user: str) -> Answer:
        payload, refused, warnings = self._checked(body)
        if refused is not None:
            return refused
        assert payload is not None
        payload.pop("id", None)
        with self.store.locked():
            stored = self.store.read(promotion_id)
            if stored is None:
                return 200, envelope(errors=[{"code": NOT_FOUND, "message": "Request not found"}])
            current = strip_server_fields(stored, Promotion) | {"version": stored.get("version")}
            refusals = lifecycle.edit_refusals(current, payload, self.clock())
            if refusals:
                return 400, envelope(
                    errors=[{"code": code, "message": message} for code, message in refusals]
                )
            taken = self._taken(payload["metadata"], promotion_id)
            if taken is not None:
                return taken
            promotion = self._shaped(payload, self.clock(), user, stored)
            promotion["id"] = promotion_id
            self.store.replace(promotion)
        return 201, envelope(promotion, warnings=warnings)

    # lifecycle ----------------------------------------------------------------------------------

    def _status(self, promotion_id: str, query: dict[str, str], body: Any) -> Answer:
        if not isinstance(body, dict) or "promotionStatus" not in body:
            return error_answer(400, lifecycle.MISSING_STATUS_VALUE, "promotionStatus is missing")
        value = str(body.get("promotionStatus") or "").upper()
        transition = lifecycle.BY_STATUS_VALUE.get(value)
        if transition is None:
            known = ", ".join(lifecycle.BY_STATUS_VALUE)
            return error_answer(
                400, lifecycle.INVALID_STATUS_VALUE, f"Invalid promotionStatus {value!r}; one of {known}"
            )
        existing = query.get("existingStatus", "").upper()
        with self.store.locked():
            stored = self.store.read(promotion_id)
            status = str((stored or {}).get("metadata", {}).get("status") or "")
            if stored is None or existing != status:
                # the real server answers this with HTTP 200 and the error in the envelope
                return 200, envelope(
                    errors=[
                        {
                            "code": lifecycle.NOT_FOUND_OR_STATUS,
                            "message": "Promotion not found or its status is not " + (existing or "given"),
                        }
                    ]
                )
            why = lifecycle.refusal(transition.verb, status)
            if why is not None:
                return error_answer(400, GENERIC, why[0].upper() + why[1:])
            stored["metadata"]["status"] = transition.target
            stored["metadata"]["lastModifiedOn"] = (
                self.clock().astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
            )
            self.store.replace(stored)
        return 200, envelope(stored)

    def _review(self, promotion_id: str, body: Any, user: str) -> Answer:
        if not isinstance(body, dict):
            return error_answer(
                400, INVALID_INPUT, 'Invalid input: send {"approvalStatus": "APPROVE" or "REJECT"}'
            )
        value = str(body.get("approvalStatus") or "").upper()
        transition = lifecycle.BY_REVIEW_VALUE.get(value)
        if transition is None:
            return error_answer(
                400, lifecycle.INVALID_APPROVAL_STATUS, f"Invalid approvalStatus {value!r}; APPROVE or REJECT"
            )
        comment = body.get("comment")
        too_long = lifecycle.comment_problem(comment if isinstance(comment, str) else None)
        if too_long is not None:
            return error_answer(400, GENERIC, too_long)
        with self.store.locked():
            stored = self.store.read(promotion_id)
            if stored is None:
                return error_answer(400, GENERIC, "Promotion not found")
            status = str(stored.get("metadata", {}).get("status") or "")
            why = lifecycle.refusal(transition.verb, status)
            if why is not None:
                return error_answer(400, GENERIC, "Invalid status for review: " + why)
            meta = stored["metadata"]
            meta["status"] = transition.target
            if transition.verb == "approve" and not meta.get("promotionId"):
                meta["promotionId"] = self._next_promotion_id()
            meta["lastModifiedOn"] = (
                self.clock().astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
            )
            meta["lastModifiedBy"] = user
            if isinstance(comment, str):
                stored["comments"] = comment
            self.store.replace(stored)
        return 200, envelope(stored)

    def _next_promotion_id(self) -> int:
        highest = max(
            (int(p.get("metadata", {}).get("promotionId") or 0) for p in self.store.all()), default=0
        )
        return max(highest + 1, 1_133_594_588)


#: The org the sandbox's promotions belong to, where the request names none.
SANDBOX_ORG_ID = 50000
#: What the approval answers say when a promotion has no communications to approve.
NO_COMMUNICATIONS = {
    "success": True,
    "message": "No communications to approve",
    "response": None,
    "statusCode": 200,
}


def _empty_workflow() -> dict[str, Any]:
    step = {"basedOn": None, "activities": None, "audienceMapping": None, "restrictions": None}
    return {"enrolment": dict(step), "optin": dict(step)}


def _not_allowed() -> Answer:
    return error_answer(405, 405, "Method not allowed here")
