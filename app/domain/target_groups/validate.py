"""From raw JSON to a target group and its problems (the kind's loader; promotions have theirs).

:func:`validate_payload` takes whatever was parsed from a file, a paste or a server and never
raises for bad content: type errors, unknown fields and rule violations all come back as
:class:`~app.domain.problems.Problem` objects.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ValidationError

from app.domain import jsontext
from app.domain.problems import Problem
from app.domain.rules import common_catalogue as common
from app.domain.target_groups import rules
from app.domain.target_groups.models import TargetGroup
from app.domain.target_groups.rules import target_group_catalogue as tg
from app.domain.validate import (
    LoadResult,
    duplicate_key_problems,
    rule_problem,
    type_problems,
    unknown_field_problems,
)

#: Spellings the docs use that we normalise, with the value we send.
_TRACKING_TYPE_SPELLINGS = {"STREAK": "STREAKS"}


def load_payload(raw: Any) -> LoadResult:
    """Read parsed JSON into a :class:`TargetGroup`, reporting type errors and unknown fields."""
    if not isinstance(raw, dict):
        kind = type(raw).__name__ if raw is not None else "null"
        return LoadResult(
            None,
            [
                rule_problem(
                    common.PAYLOAD_SHAPE, "", f"The payload must be a JSON object ({{...}}), not {kind}."
                )
            ],
        )
    problems: list[Problem] = []
    spelling = raw.get("trackingType")
    if isinstance(spelling, str) and spelling in _TRACKING_TYPE_SPELLINGS:
        fixed = _TRACKING_TYPE_SPELLINGS[spelling]
        raw = {**raw, "trackingType": fixed}
        problems.append(
            rule_problem(
                tg.TRACKING_TYPE_SPELLING,
                "trackingType",
                f"Tracking type {spelling} is the parameter table's spelling; every working example uses "
                f"{fixed}, so {fixed} will be sent.",
            )
        )
    try:
        group = TargetGroup.model_validate(raw)
    except ValidationError as exc:
        return LoadResult(None, problems + type_problems(exc, raw))
    problems.extend(unknown_field_problems(group))
    return LoadResult(group, problems)


def validate_payload(raw: Any, now: datetime | None = None) -> LoadResult:
    """Load and check a payload: every problem the app knows of, in document order."""
    result = load_payload(raw)
    if result.group is not None:
        result.problems.extend(rules.check_group(result.group, now))
    return result


def validate_text(text: str, now: datetime | None = None) -> LoadResult:
    """Like :func:`validate_payload` for JSON text, parsed straight into the model when it fits.

    The fast path (pydantic's own JSON parser, a third of the time on big payloads) is kept only
    when everything in the text landed in a typed field: a type error, the STREAK spelling or any
    unknown field (which could hold NaN, huge numbers or deep nesting) goes through
    :func:`app.domain.jsontext.parse` and :func:`validate_payload`, so the problems are the same.

    Raises:
        JsonTextError: the text is not JSON the API can carry.
    """
    try:
        group = TargetGroup.model_validate_json(text)
    except ValidationError:
        group = None
    if group is not None:
        problems = validate_group(group, now)
        if not any(p.rule == common.UNKNOWN_FIELD.id for p in problems):
            return LoadResult(group, problems)
    parsed = jsontext.parse(text)
    result = validate_payload(parsed.value, now)
    result.problems[:0] = duplicate_key_problems(parsed.duplicate_keys)
    return result


def validate_group(group: TargetGroup, now: datetime | None = None) -> list[Problem]:
    """Check a model the editor holds (unknown fields included)."""
    return unknown_field_problems(group) + rules.check_group(group, now)
