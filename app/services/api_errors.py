"""What the API's error codes mean to an operator, and which field each one points at.

The codes and their meanings are those of ``docs/api/target-groups.md`` and
``promotions/notes.md`` §2.3 (promotions). The field is found, in
order: from a wire path at the start of the server's message (the sandbox adds one), from
our own rules flagging the same code on the payload that was sent, then from what the
code can only mean (310069 is always the group's name).
"""

from __future__ import annotations

import re
from typing import Any

from app.domain.kinds import kind_of

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
    # v3/promotions (spec/promotions/notes.md §2.3)
    300008: "The promotionStatus is not one the status API takes.",
    300009: "The promotionStatus is missing.",
    310151: "The approvalStatus is not APPROVE or REJECT (or a list filter is not a status).",
    310152: "A stopped promotion's name cannot change.",
    310153: "A live promotion's start date cannot change.",
    310155: "A live promotion's end can only be extended, or cut to now.",
    310158: "The program of a promotion cannot change.",
    310159: "A promotion with this external identifier (promoIdentifier) already exists.",
    310161: "An activity's event cannot change.",
    310162: "A published milestone's targetType cannot change.",
    310174: "A promotion pending approval cannot be edited; revoke the request first.",
    310175: "The status cannot change by an update; use the status or review API.",
    310177: "A promotion tag needs a key.",
    310178: "A promotion tag's key is at most 100 characters.",
    310179: "A promotion tag needs a value.",
    310180: "A promotion tag's value is at most 1000 characters.",
    310181: "Promotion tag keys must be unique.",
    310183: "A stopped promotion cannot be edited.",
    310184: "'Always apply' cannot be combined with stackable or exclusive.",
    310185: "A promotion cannot be both stackable and exclusive.",
    310186: "A promotion's version cannot change.",
    310187: "A promotion with this name already exists in the org (names are compared ignoring case); "
    "choose another name.",
    310190: "Who is eligible cannot change once the promotion is live.",
    310191: "No such promotion, or its status is not the one the request named (the server says so "
    "with HTTP 200).",
    310228: "An opt-in window is not allowed while enrolment is based on an activity or an external trigger.",
    9013: "No such promotion (request not found).",
}

#: Codes that can only be about one field of the group.
_FIXED_PATHS = {
    310069: "name",
    310132: "leaderboardEnabled",
    310133: "leaderboardEnabled",
    310187: "metadata.name",
    310159: "metadata.promoIdentifier",
}

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
        kind = kind_of(payload)
        loaded = kind.load(payload)
        problems = loaded.problems + (
            kind.validate_model(loaded.model, None) if loaded.model is not None else []
        )
        for problem in problems:
            if problem.api_code == code:
                return problem.path
        targets = payload.get("targets")
        if code == 310033 and isinstance(targets, list) and len(targets) == 1:
            return "targets[0].targetType"
    return None
