"""Target groups on a server: the list (``GET v3/targetGroups``, the whole org's at once: the app
searches and pages it) and one by id (``GET v3/targetGroups/{id}``), ``docs/api/target-groups.md``.

The API gives no version, so the version fetched is the whole object's digest. An update is the
few calls the change needs (:func:`app.domain.target_groups.update.plan_update`), sent in order;
the first that fails stops the rest, and the answer says what was done before it.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime
from typing import Any

from app.domain.convert import strip_server_fields
from app.domain.target_groups import KIND_LABEL, KIND_NAME
from app.domain.target_groups import update as plan
from app.domain.target_groups.models import TargetGroup
from app.services.api_result import ApiResult, CallKind
from app.services.live import LiveKind, ServerPage, ServerRow, register_live

STATUSES = ("ACTIVE", "INACTIVE")
#: A target group's id: a whole number (ASCII digits; "²" is a digit to str.isdigit, not to int()).
_GROUP_ID = re.compile(r"[0-9]{1,18}")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _row(group: dict[str, Any]) -> ServerRow:
    periods = group.get("periods") if isinstance(group.get("periods"), list) else []
    starts = periods[0].get("startDate") if periods and isinstance(periods[0], dict) else None
    ends = periods[-1].get("endDate") if periods and isinstance(periods[-1], dict) else None
    return ServerRow(
        _text(group.get("id")),
        _text(group.get("name")),
        "ACTIVE" if group.get("active", True) else "INACTIVE",
        _text(starts or group.get("targetCycleStartDateISO") or group.get("targetCycleStartDate")),
        _text(ends),
        _text(group.get("lastUpdatedOn") or group.get("createdOn")),
        _text(group.get("trackingType")),
    )


def list_page(client: Any, search: str, status: str, page: int, size: int) -> ServerPage | ApiResult:
    result: ApiResult = client.list_target_groups(include_periods=True)
    if not result.ok:
        return result
    data = result.data
    groups = (
        [g for g in data if isinstance(g, dict) and g.get("id") is not None] if isinstance(data, list) else []
    )
    rows = [_row(group) for group in groups]
    if search:
        rows = [row for row in rows if search.casefold() in row.name.casefold()]
    if status:
        rows = [row for row in rows if row.status == status]
    pages = max(1, -(-len(rows) // size))
    return ServerPage(rows[page * size : (page + 1) * size], page, pages, len(rows))


def fetch(client: Any, server_id: str) -> ApiResult:
    if not _GROUP_ID.fullmatch(server_id):
        return ApiResult(CallKind.CONFIG, f"'{server_id}' is not a target group id (a whole number).")
    result: ApiResult = client.get_target_group(int(server_id))
    return result


def id_of(data: Any) -> str | None:
    value = data.get("id") if isinstance(data, dict) else None
    return None if value is None else str(value)


def status_of(data: Any) -> str | None:
    if not isinstance(data, dict):
        return None
    return "ACTIVE" if data.get("active", True) else "INACTIVE"


def refusals(stored: dict[str, Any], new: dict[str, Any], now: datetime) -> list[tuple[int, str]]:
    return plan.plan_update(stored, strip_server_fields(stored, TargetGroup), new, now)[1]


def update(client: Any, server_id: str, payload: dict[str, Any], stored: dict[str, Any]) -> ApiResult:
    calls, refused = plan.plan_update(
        stored, strip_server_fields(stored, TargetGroup), payload, datetime.now(UTC)
    )
    if refused:
        lines = "; ".join(f"{code}: {message}" for code, message in refused)
        return ApiResult(CallKind.CONFIG, f"Not sent: {lines}")
    done: list[str] = []
    result = ApiResult(CallKind.OK, "Nothing to change.")
    for call in calls:
        result = client.update_call(call.method, call.path, call.body)
        if not result.ok:
            before = f" (done before it: {'; '.join(done)})" if done else " (nothing was changed before it)"
            return dataclasses.replace(result, message=f"{call.what.capitalize()}: {result.message}{before}")
        done.append(call.what)
    if done:
        result = dataclasses.replace(result, message="Done: " + "; ".join(done) + ".")
    return result


LIVE = register_live(
    LiveKind(
        KIND_NAME,
        KIND_LABEL,
        STATUSES,
        False,
        list_page,
        fetch,
        id_of,
        status_of,
        update=update,
        refusals=refusals,
        locked_paths=plan.locked_paths,
        is_id=lambda text: _GROUP_ID.fullmatch(text) is not None,
    )
)
