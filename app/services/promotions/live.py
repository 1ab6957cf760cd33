"""Promotions on a server: the list (search, status, pages), one by id, the maker-checker steps and
the update (``PUT v3/promotions/{id}``) within the edit locks (``docs/api/promotions.md``).

The version fetched is the server's ``version`` with the last modification time; an update
carries that ``version``, so a server whose copy changed meanwhile refuses it (310186) even if
two windows check at the same moment.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.domain.promotions import KIND_LABEL, KIND_NAME, lifecycle
from app.services import history as hist
from app.services.api_result import ApiResult
from app.services.capillary_client import is_promotion_id
from app.services.live import LiveKind, Moved, ServerPage, ServerRow, register_live
from app.services.profiles import Profile
from app.services.promotions.lifecycle import PromotionService

#: The list API's status filter (``docs/api/promotions.md``): the stored statuses and the
#: date-derived ones the server gives an approved promotion.
STATUSES = ("DRAFT", "PENDING_APPROVAL", "ACTIVE", "UPCOMING", "LIVE", "COMPLETED", "PAUSED", "STOPPED")


def _meta(data: Any) -> dict[str, Any]:
    meta = data.get("metadata") if isinstance(data, dict) else None
    return meta if isinstance(meta, dict) else {}


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def list_page(client: Any, search: str, status: str, page: int, size: int) -> ServerPage | ApiResult:
    result: ApiResult = client.list_promotions(
        search=search or None, status=status or None, page=page, size=size
    )
    if not result.ok:
        return result
    data = result.data if isinstance(result.data, dict) else {}
    content = data.get("content")
    rows = []
    for item in content if isinstance(content, list) else []:
        meta = _meta(item)
        if not isinstance(item, dict) or not item.get("id"):
            continue
        number = meta.get("promotionId")
        rows.append(
            ServerRow(
                _text(item.get("id")),
                _text(meta.get("name")),
                _text(meta.get("status")),
                _text(meta.get("startDate")),
                _text(meta.get("endDate")),
                _text(meta.get("lastModifiedOn") or meta.get("createdOn")),
                f"promotionId {number}" if number else "",
            )
        )
    pages = data.get("totalPages")
    total = data.get("totalElements")
    return ServerPage(
        rows,
        page,
        pages if isinstance(pages, int) else None,
        total if isinstance(total, int) else None,
    )


def fetch(client: Any, server_id: str) -> ApiResult:
    result: ApiResult = client.get_promotion(server_id)
    return result


def id_of(data: Any) -> str | None:
    value = data.get("id") if isinstance(data, dict) else None
    return str(value) if value else None


def status_of(data: Any) -> str | None:
    value = _meta(data).get("status")
    return str(value) if isinstance(value, str) else None


def version_of(data: Any) -> str:
    version = data.get("version") if isinstance(data, dict) else None
    return f"{_text(version)}@{_text(_meta(data).get('lastModifiedOn'))}"


def update(client: Any, server_id: str, payload: dict[str, Any], _stored: dict[str, Any]) -> ApiResult:
    result: ApiResult = client.update_promotion(server_id, payload)
    return result


def with_version(payload: dict[str, Any], stored: dict[str, Any]) -> dict[str, Any]:
    """The payload with the version fetched (the server refuses it once its copy moved on) and the
    status stored (statuses move by the lifecycle, never by an update: 310175)."""
    out = dict(payload)
    if stored.get("version") is not None:
        out["version"] = stored["version"]
    status = _meta(stored).get("status")
    if status and isinstance(out.get("metadata"), dict):
        out["metadata"] = {**out["metadata"], "status": status}
    return out


def refusals(stored: dict[str, Any], new: dict[str, Any], now: datetime) -> list[tuple[int, str]]:
    """The edit locks the change breaks, judged on the stored status (payloads carry none)."""
    status = _meta(stored).get("status")
    new_meta = {**_meta(new), **({"status": status} if status else {})}
    return lifecycle.edit_refusals(stored, {**new, "metadata": new_meta}, now)


def move(
    client: Any, profile: Profile, history: hist.History, server_id: str, verb: str, comment: str | None
) -> Moved:
    moved = PromotionService(client, profile, history).move(verb, server_id, comment)
    return Moved(
        moved.ok,
        moved.message,
        moved.status_after or moved.status_before,
        moved.result,
        moved.refused_locally,
    )


LIVE = register_live(
    LiveKind(
        KIND_NAME,
        KIND_LABEL,
        STATUSES,
        True,
        list_page,
        fetch,
        id_of,
        status_of,
        version_of=version_of,
        update=update,
        refusals=refusals,
        locked_paths=lifecycle.locked_fields,
        steps=lifecycle.allowed_from,
        move=move,
        with_version=with_version,
        is_id=is_promotion_id,
    )
)
