"""The maker-checker lifecycle of a promotion and the edit locks of an update (``docs/api/promotions.md``).

Statuses move only by these transitions:

* the status API (``PUT v3/requests/PROMOTION/{id}/status?existingStatus=…``, body
  ``{"promotionStatus": …}``): DRAFT -PENDING_APPROVAL-> PENDING_APPROVAL -REVOKE-> DRAFT;
  ACTIVE -PAUSE-> PAUSED -RESUME-> ACTIVE; ACTIVE or PAUSED -STOP-> STOPPED (terminal);
* the review API (``POST v3/promotions/{id}/review``): PENDING_APPROVAL -APPROVE-> ACTIVE (the
  promotion gets its ``promotionId``), -REJECT-> DRAFT.

A status request whose ``existingStatus`` is not the promotion's status is answered 310191, with
HTTP 200, as the real server does. :func:`edit_refusals` lists what ``PUT v3/promotions/{id}`` refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.domain.dates import parse_wire_date
from app.domain.promotions.models import REVIEW_COMMENT_MAX

NOT_FOUND_OR_STATUS = 310191
INVALID_STATUS_VALUE = 300008
MISSING_STATUS_VALUE = 300009
INVALID_APPROVAL_STATUS = 310151

#: Codes of the update restrictions (``docs/api/promotions.md``).
NAME_LOCKED_STOPPED = 310152
START_LOCKED_LIVE = 310153
END_SHORTENED_LIVE = 310155
PROGRAM_LOCKED = 310158
EVENT_LOCKED = 310161
TARGET_TYPE_LOCKED = 310162
NO_EDIT_PENDING = 310174
STATUS_BY_PUT = 310175
NO_EDIT_STOPPED = 310183
VERSION_LOCKED = 310186
NAME_EXISTS = 310187


@dataclass(frozen=True, slots=True)
class Transition:
    """One move: what it is called, where it may start, where it ends, and which API makes it."""

    verb: str
    value: str
    sources: tuple[str, ...]
    target: str
    api: str  # "status" or "review"


TRANSITIONS: dict[str, Transition] = {
    t.verb: t
    for t in (
        Transition("submit", "PENDING_APPROVAL", ("DRAFT",), "PENDING_APPROVAL", "status"),
        Transition("revoke", "REVOKE", ("PENDING_APPROVAL",), "DRAFT", "status"),
        Transition("pause", "PAUSE", ("ACTIVE",), "PAUSED", "status"),
        Transition("resume", "RESUME", ("PAUSED",), "ACTIVE", "status"),
        Transition("stop", "STOP", ("ACTIVE", "PAUSED"), "STOPPED", "status"),
        Transition("approve", "APPROVE", ("PENDING_APPROVAL",), "ACTIVE", "review"),
        Transition("reject", "REJECT", ("PENDING_APPROVAL",), "DRAFT", "review"),
    )
}
#: The status API's body values and the review API's, each to its transition.
BY_STATUS_VALUE = {t.value: t for t in TRANSITIONS.values() if t.api == "status"}
BY_REVIEW_VALUE = {t.value: t for t in TRANSITIONS.values() if t.api == "review"}

#: Statuses in which a promotion counts as live for the edit locks.
LIVE_STATUSES = frozenset({"ACTIVE", "LIVE", "UPCOMING", "PAUSED", "COMPLETED"})


#: The statuses the server derives from an ACTIVE promotion's dates (``docs/api/promotions.md``):
#: its steps are ACTIVE's.
DATE_DERIVED = frozenset({"UPCOMING", "LIVE", "COMPLETED"})


def _stored(status: str) -> str:
    return "ACTIVE" if status in DATE_DERIVED else status


def allowed_from(status: str) -> list[str]:
    """The verbs the lifecycle allows from ``status`` (``tgb promotions`` names them)."""
    return [t.verb for t in TRANSITIONS.values() if _stored(status) in t.sources]


def refusal(verb: str, status: str) -> str | None:
    """Why ``verb`` cannot be done to a promotion in ``status`` (``None`` when it can)."""
    transition = TRANSITIONS[verb]
    if _stored(status) in transition.sources:
        return None
    allowed = allowed_from(status)
    then = f"from {status} the lifecycle allows: {', '.join(allowed)}" if allowed else f"{status} is final"
    return f"cannot {verb} a promotion in {status} (only from {' or '.join(transition.sources)}); {then}."


def comment_problem(comment: str | None) -> str | None:
    """What is wrong with a review comment (at most 150 characters)."""
    if comment is not None and len(comment) > REVIEW_COMMENT_MAX:
        return (
            f"The review comment is {len(comment)} characters long; at most {REVIEW_COMMENT_MAX} are allowed."
        )
    return None


def _metadata(body: dict[str, Any]) -> dict[str, Any]:
    meta = body.get("metadata")
    return meta if isinstance(meta, dict) else {}


def _events(body: dict[str, Any]) -> dict[str, Any]:
    """Activity id -> event, over every activity (children included)."""
    out: dict[str, Any] = {}

    def walk(items: Any) -> None:
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                out[str(item.get("id"))] = item.get("event")
                walk(item.get("children"))

    walk(body.get("activities"))
    return out


def _target_types(body: dict[str, Any]) -> dict[str, Any]:
    """(activity id, milestone index) -> targetType."""
    out: dict[str, Any] = {}

    def walk(items: Any) -> None:
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                for index, milestone in enumerate(item.get("milestones") or []):
                    if isinstance(milestone, dict):
                        out[f"{item.get('id')}#{index}"] = milestone.get("targetType")
                walk(item.get("children"))

    walk(body.get("activities"))
    return out


def edit_refusals(stored: dict[str, Any], new: dict[str, Any], now: datetime) -> list[tuple[int, str]]:
    """What ``PUT v3/promotions/{id}`` refuses when ``stored`` is replaced by ``new``: (code, message)."""
    old_meta, new_meta = _metadata(stored), _metadata(new)
    status = str(old_meta.get("status") or "DRAFT")
    out: list[tuple[int, str]] = []
    if status == "PENDING_APPROVAL":
        return [(NO_EDIT_PENDING, "A promotion pending approval cannot be edited; revoke the request first.")]
    if status == "STOPPED":
        out.append((NO_EDIT_STOPPED, "A stopped promotion cannot be edited."))
        if new_meta.get("name") != old_meta.get("name"):
            out.append((NAME_LOCKED_STOPPED, "The name of a stopped promotion cannot change."))
        return out
    if "status" in new_meta and new_meta.get("status") != status:
        out.append(
            (STATUS_BY_PUT, f"The status cannot change by an update (it is {status}); use the status API.")
        )
    if "version" in new and new.get("version") != stored.get("version"):
        out.append((VERSION_LOCKED, "The version cannot change."))
    if "programId" in new_meta and str(new_meta.get("programId")) != str(old_meta.get("programId")):
        out.append((PROGRAM_LOCKED, "The program cannot change once the promotion is created."))
    old_events, new_events = _events(stored), _events(new)
    for key, event in new_events.items():
        if key in old_events and old_events[key] != event:
            out.append((EVENT_LOCKED, f"Activity {key}'s event cannot change (it is {old_events[key]})."))
    if status in LIVE_STATUSES:
        old_types, new_types = _target_types(stored), _target_types(new)
        for key, kind in new_types.items():
            if key in old_types and old_types[key] != kind:
                out.append(
                    (
                        TARGET_TYPE_LOCKED,
                        f"A published milestone's targetType cannot change ({old_types[key]}).",
                    )
                )
        if new_meta.get("startDate") != old_meta.get("startDate"):
            out.append((START_LOCKED_LIVE, "The start date of a live promotion cannot change."))
        old_end = (
            parse_wire_date(old_meta.get("endDate")) if isinstance(old_meta.get("endDate"), str) else None
        )
        new_end = (
            parse_wire_date(new_meta.get("endDate")) if isinstance(new_meta.get("endDate"), str) else None
        )
        if old_end and new_end and new_end.as_end() < old_end.as_end() and new_end.as_end() > now:
            out.append((END_SHORTENED_LIVE, "A live promotion's end can only be extended, or cut to now."))
    return out


#: The wire path that stands for the whole promotion in :func:`locked_fields`.
WHOLE = ""


def locked_fields(stored: dict[str, Any], now: datetime) -> dict[str, str]:
    """What cannot change in an update of ``stored`` (its status as stored): wire path -> why.

    ``WHOLE`` (the empty path) means nothing can change. Paths may hold ``[*]`` for every item.
    The end date of a live promotion is not here: it can change, but only later or to now
    (:func:`edit_refusals` says so when it is cut).
    """
    status = str(_metadata(stored).get("status") or "DRAFT")
    if status == "PENDING_APPROVAL":
        return {
            WHOLE: f"Pending approval: nothing can be edited ({NO_EDIT_PENDING}); revoke the request first."
        }
    if status == "STOPPED":
        return {WHOLE: f"Stopped: a stopped promotion cannot be edited ({NO_EDIT_STOPPED})."}
    out = {
        "metadata.status": f"The status moves by the lifecycle steps, never by an update ({STATUS_BY_PUT}).",
        "metadata.programId": f"The program cannot change once the promotion is created ({PROGRAM_LOCKED}).",
        "activities[*].event": f"An activity's event cannot change once created ({EVENT_LOCKED}).",
        "activities[*].children[*].event": f"An activity's event cannot change once created ({EVENT_LOCKED}).",
    }
    if status in LIVE_STATUSES:
        out["metadata.startDate"] = f"The start date of a live promotion cannot change ({START_LOCKED_LIVE})."
        reason = f"A published milestone's measure cannot change ({TARGET_TYPE_LOCKED})."
        out["activities[*].milestones[*].targetType"] = reason
        out["activities[*].children[*].milestones[*].targetType"] = reason
    return out
