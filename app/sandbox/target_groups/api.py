"""The sandbox's ``v3/targetGroups``: create, the name check, get one and list them; the update
endpoints are in :mod:`.updates`.

The domain's own validation decides what is refused (its errors, with their API codes, else
300004) and what comes back as warnings; a taken name is 310069 (``docs/api/target-groups.md``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from app.domain.target_groups.validate import validate_payload
from app.sandbox.envelope import Answer, envelope, error_answer, not_allowed
from app.sandbox.target_groups import updates
from app.sandbox.target_groups.shaping import shape_created_group
from app.sandbox.target_groups.store import NAME_KINDS, NameTakenError, SandboxStore

INVALID_INPUT = 300004
NAME_EXISTS = 310069
GROUP_NOT_FOUND = 310017
_ID = re.compile(r"[0-9]{1,18}")  # ASCII digits only ("²" is a digit to str.isdigit, not to int())
INVALID_NAME_TYPE = 310145


class TargetGroupsApi:
    """The target-group endpoints (routing by :meth:`handle`); thread-safe through the store's lock."""

    def __init__(self, store: SandboxStore, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.clock = clock

    def handle(self, method: str, rest: list[str], query: dict[str, str], body: Any, user: str) -> Answer:
        """Answer a request under ``v3/targetGroups`` (``rest``: the path after it)."""
        if method == "POST" and not rest:
            return self._create(body, user)
        if method == "POST" and rest == ["isValidName"]:
            return self._is_valid_name(body)
        if method == "GET" and not rest:
            return 200, envelope([_view(g, query) for g in self.store.all() if _listed(g, query)])
        if method == "GET" and len(rest) == 1:
            return self._get(rest[0], query)
        update = self._update(method, rest, body)
        if update is not None:
            return update
        return not_allowed() if not rest or rest == ["isValidName"] else error_answer(404, 404, "Not found")

    def _update(self, method: str, rest: list[str], body: Any) -> Answer | None:
        """The update endpoints (:mod:`.updates`), or ``None`` when the path is none of them."""
        now = self.clock()
        if isinstance(body, ValueError):
            body = None
        if method == "PUT" and len(rest) == 2 and rest[0] == "editTargetGroup" and _ID.fullmatch(rest[1]):
            group_id = int(rest[1])

            def taken(name: str, own: int) -> bool:
                return any(
                    str(g.get("name") or "").casefold() == name.casefold() and g.get("id") != own
                    for g in self.store.all()
                )

            return updates.answered(
                lambda: self.store.replace(group_id, lambda g: updates.edit_group(g, body, now, taken))
            )
        if not rest or not _ID.fullmatch(rest[0]):
            return None
        group_id = int(rest[0])
        if method == "PUT" and rest[1:] == ["targetPeriods"]:
            return updates.answered(
                lambda: self.store.replace(group_id, lambda g: updates.update_periods(g, body, now))
            )
        if method in ("PUT", "POST") and len(rest) == 3 and rest[1] == "targets":
            return updates.answered(
                lambda: self.store.replace(group_id, lambda g: updates.edit_target(g, rest[2], body, now))
            )
        if method == "POST" and rest[1:] == ["unifiedTargets"]:
            return updates.answered(
                lambda: self.store.replace(group_id, lambda g: updates.update_threshold(g, body, now))
            )
        return None

    def _create(self, body: Any, user: str) -> Answer:
        if isinstance(body, ValueError):
            return error_answer(400, INVALID_INPUT, f"Invalid input, check all values: {body}")
        result = validate_payload(body, now=self.clock())
        # The server's policy, not our house style: refuse only what the real server refuses (the
        # catalogue's errors); everything else is accepted and reported back as warnings.
        errors = [p for p in result.problems if p.is_error]
        warnings = [
            {"message": f"{p.path}: {p.message}" if p.path else p.message}
            for p in result.problems
            if not p.is_error
        ]
        if errors or result.group is None:
            return 400, envelope(errors=_dedupe(_error_item(p.api_code, p.path, p.message) for p in errors))
        payload = result.group.to_wire()
        name = str(payload.get("name") or "")
        try:
            group = self.store.create(name, lambda ids: shape_created_group(payload, ids, user, self.clock()))
        except NameTakenError:
            return error_answer(400, NAME_EXISTS, "Target group name already exists")
        return 200, envelope(group, warnings=warnings)

    def _is_valid_name(self, body: Any) -> Answer:
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            return error_answer(400, INVALID_INPUT, "Invalid input, check all values: send {type, value}")
        kind = body.get("type")
        if kind not in NAME_KINDS:
            return error_answer(400, INVALID_NAME_TYPE, f"Invalid key passed: {kind}")
        return 200, envelope(not self.store.name_in_use(kind, body["value"]))

    def _get(self, raw_id: str, query: dict[str, str]) -> Answer:
        try:
            group_id = int(raw_id)
        except ValueError:
            return error_answer(400, INVALID_INPUT, f"Invalid input, check all values: id {raw_id!r}")
        group = self.store.get(group_id)
        if group is None:
            return error_answer(404, GROUP_NOT_FOUND, "Target group not found or deactivated")
        return 200, envelope(_view(group, {"includePeriods": "true", **query}))


def _error_item(code: int | None, path: str, message: str) -> dict[str, Any]:
    where = f"{path}: " if path else ""
    if code is None:
        return {"code": INVALID_INPUT, "message": f"Invalid input, check all values. {where}{message}"}
    return {"code": code, "message": f"{where}{message}"}


def _dedupe(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[int, str]] = set()
    out = []
    for item in items:
        key = (item["code"], item["message"])
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _flag(query: dict[str, str], name: str, default: bool = False) -> bool:
    value = query.get(name)
    return default if value is None else value.strip().lower() == "true"


def _listed(group: dict[str, Any], query: dict[str, str]) -> bool:
    if group.get("userCreated") and not _flag(query, "includeUserCreatedTargetGroups"):
        return False
    return not (_flag(query, "includeOnlyActive") and not group.get("active", True))


def _view(group: dict[str, Any], query: dict[str, str]) -> dict[str, Any]:
    if _flag(query, "includePeriods"):
        return group
    return {key: value for key, value in group.items() if key != "periods"}
