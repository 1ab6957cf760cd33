"""What the API's error codes mean to an operator, and which field each one points at.

The codes and their meanings are those of ``api-notes.md`` §4f. The field is found, in
order: from a wire path at the start of the server's message (the sandbox adds one), from
our own rules flagging the same code on the payload that was sent, then from what the
code can only mean (310069 is always the group's name).
"""

from __future__ import annotations

import re
from typing import Any

from app.domain.validate import validate_payload

EXPLANATIONS: dict[int, str] = {
    300004: "Some value is not what the API accepts; check the fields the Problems list marks.",
    310008: "A name is longer than 200 characters; shorten it.",
    310017: "No such target group, or it was deactivated.",
    310018: "No such target rule.",
    310019: "No such target period.",
    310033: "The target's measure (targetType) is not allowed for what it tracks (targetEntity); "
    "pick a measure the form offers for that entity.",
    310069: "A target group with this name already exists in the org (names are compared ignoring "
    "case); choose another name.",
    310079: "The target rule does not belong to this target group.",
    310092: "The extended field's name or data type is not known to the org; check the field name.",
    310094: "This target needs extendedFieldInfo (the extended field, event attribute or alternate "
    "currency it measures).",
    310118: "The target period is not defined for this target.",
    310119: "The customer is already enrolled in this target.",
    310130: "The enrolment type is not valid.",
    310132: "Leaderboards need targetEvaluationType FIXED_CALENDAR_WINDOW.",
    310133: "Leaderboards are not enabled for this org; turn leaderboardEnabled off or ask Capillary "
    "to enable them.",
    310134: "The leaderboard is not enabled for this target group.",
    310141: "Data scope 'ALL' is not supported for this API.",
    310144: "Connected-org headers are not set properly.",
    310145: "The name check was asked for an unknown kind of name.",
    310146: "The program id of the alternate currency target is not valid in this org.",
    310147: "The alternate currency identifier is missing or not known in this program.",
    310149: "No record found for this customer and target.",
}

#: Codes that can only be about one field of the group.
_FIXED_PATHS = {310069: "name", 310132: "leaderboardEnabled", 310133: "leaderboardEnabled"}

_LEADING_PATH = re.compile(
    r"^((?:[A-Za-z_][A-Za-z0-9_]*)(?:\[\d+\])?(?:\.[A-Za-z_][A-Za-z0-9_]*(?:\[\d+\])?)*): "
)


def explain(code: int) -> str | None:
    """Our explanation of an API error code; None for a code we have not seen documented."""
    return EXPLANATIONS.get(code)


def locate(code: int, message: str, payload: Any) -> str | None:
    """The wire path an error points at (``targets[0].targetType``), or None when we cannot tell."""
    match = _LEADING_PATH.match(message or "")
    if match:
        return match.group(1)
    if code in _FIXED_PATHS:
        return _FIXED_PATHS[code]
    if isinstance(payload, dict):
        for problem in validate_payload(payload).problems:
            if problem.api_code == code:
                return problem.path
        targets = payload.get("targets")
        if code == 310033 and isinstance(targets, list) and len(targets) == 1:
            return "targets[0].targetType"
    return None
