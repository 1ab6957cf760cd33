"""Promotions on a server: their maker-checker lifecycle.

Its send target (``POST v3/promotions``, the created id is the 24-hex ``data.id``, a taken name
is 310187) is :mod:`app.services.promotions.target`. :class:`PromotionService` lists, shows and moves
promotions through their lifecycle: each move first reads the promotion's status and refuses a
transition the lifecycle does not allow, naming the allowed ones. Every call is recorded in the
history (kind ``promotion``), with no secret.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from app.domain.promotions import KIND_NAME, lifecycle
from app.services import history as hist
from app.services.api_result import ApiResult, said
from app.services.capillary_client import CapillaryClient
from app.services.profiles import Profile
from app.services.promotions.target import PROMOTIONS


@dataclass
class Moved:
    """What a lifecycle command came to.

    Attributes:
        ok: the promotion moved.
        message: what to tell the operator.
        status_before, status_after: the promotion's status before, and after when it moved.
        result: the API call's result (``None`` when we refused before calling).
        refused_locally: the lifecycle does not allow the move; nothing was sent.
    """

    ok: bool
    message: str
    status_before: str | None = None
    status_after: str | None = None
    result: ApiResult | None = None
    refused_locally: bool = False


class PromotionService:
    """Promotions on one profile's server (the client comes from a :class:`~app.services.sending.Sender`)."""

    def __init__(self, client: CapillaryClient, profile: Profile, history: hist.History) -> None:
        self.client = client
        self.profile = profile
        self.history = history

    # reading ----------------------------------------------------------------------------------

    def list(
        self, *, status: str | None = None, search: str | None = None, page: int = 0, size: int = 10
    ) -> ApiResult:
        return self._recorded(
            f"list promotions (page {page}, size {size})",
            {"searchText": search, "status": status, "page": page, "size": size},
            lambda: self.client.list_promotions(search=search, status=status, page=page, size=size),
        )

    def show(self, promotion_id: str) -> ApiResult:
        return self._recorded(
            f"get promotion {promotion_id}",
            {"id": promotion_id},
            lambda: self.client.get_promotion(promotion_id),
        )

    # moving -----------------------------------------------------------------------------------

    def move(self, verb: str, promotion_id: str, comment: str | None = None) -> Moved:
        """Move the promotion by ``verb`` (submit, approve, reject, revoke, pause, resume, stop)."""
        transition = lifecycle.TRANSITIONS[verb]
        problem = lifecycle.comment_problem(comment)
        if problem is not None:
            return Moved(False, problem, refused_locally=True)
        current = self.show(promotion_id)
        if not current.ok:
            return Moved(False, f"Could not read promotion {promotion_id}: {said(current)}", result=current)
        status = _status_of(current.data)
        if status is None:
            return Moved(False, f"The server sent promotion {promotion_id} without a status.", result=current)
        why = lifecycle.refusal(verb, status)
        if why is not None:
            return Moved(False, f"Not sent: {why[0].upper()}{why[1:]}", status, refused_locally=True)
        if transition.api == "status":
            body: dict[str, Any] = {"promotionStatus": transition.value, "existingStatus": status}
            result = self._recorded(
                f"{verb} promotion {promotion_id}",
                body,
                lambda: self.client.change_promotion_status(promotion_id, status, transition.value),
            )
        else:
            body = {"approvalStatus": transition.value, **({"comment": comment} if comment else {})}
            result = self._recorded(
                f"{verb} promotion {promotion_id}",
                body,
                lambda: self.client.review_promotion(promotion_id, transition.value, comment),
            )
        if not result.ok:
            return Moved(
                False,
                f"The server refused to {verb} promotion {promotion_id}: {said(result)}",
                status,
                result=result,
            )
        after = _status_of(result.data) or transition.target
        extra = ""
        if transition.verb == "approve":
            number = _promotion_number(result.data)
            extra = f"; its promotionId is {number}" if number else ""
        return Moved(True, f"Promotion {promotion_id}: {status} -> {after}{extra}.", status, after, result)

    # history ----------------------------------------------------------------------------------

    def _recorded(self, what: str, body: dict[str, Any], call: Any) -> ApiResult:
        entry = self.history.record_attempt(
            self.profile.name, self.profile.host_label, what, body, kind=KIND_NAME
        )
        result: ApiResult = call()
        self.history.record_call(entry, result, self.client.secret_values())
        return result


def _status_of(data: Any) -> str | None:
    if isinstance(data, dict):
        metadata = data.get("metadata")
        if isinstance(metadata, dict) and isinstance(metadata.get("status"), str):
            return str(metadata["status"])
        if isinstance(data.get("status"), str):
            return str(data["status"])
    return None


def _promotion_number(data: Any) -> Any:
    metadata = data.get("metadata") if isinstance(data, dict) else None
    return metadata.get("promotionId") if isinstance(metadata, dict) else None


def page_summary(data: Any) -> list[dict[str, Any]]:
    """One line's worth of each promotion of a list page: id, name, status, dates, promotionId."""
    content = data.get("content") if isinstance(data, dict) else data
    out = []
    for item in content if isinstance(content, list) else []:
        meta = item.get("metadata") if isinstance(item, dict) else None
        if not isinstance(meta, dict):
            continue
        out.append(
            {
                "id": item.get("id"),
                "name": meta.get("name"),
                "status": meta.get("status"),
                "startDate": meta.get("startDate"),
                "endDate": meta.get("endDate"),
                "promotionId": meta.get("promotionId"),
            }
        )
    return out


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


__all__ = ["PROMOTIONS", "Moved", "PromotionService", "page_summary"]
