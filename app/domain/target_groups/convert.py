"""A target group's responses as payloads, and the shape that tells a target group from other JSON."""

from __future__ import annotations

from typing import Any

from app.domain.convert import (
    ConversionError,
    describe_errors,
    envelope_errors,
    strip_server_fields,
    unwrap_envelope,
)
from app.domain.shape import Shape, describe
from app.domain.target_groups.models import Period, Target, TargetGroup

#: A target group has its name and at least one field that only groups have; its targets and
#: periods are objects of their own models (a member's progress or a channel list is not).
SHAPE = Shape(
    TargetGroup,
    required=("name",),
    some_of=(
        "targets",
        "periods",
        "trackingType",
        "targetEvaluationType",
        "totalPeriods",
        "frequencyType",
        "targetCycleStartDateISO",
        "targetCycleStartDate",
    ),
    nested=(
        ("targets", Shape(Target, some_of=("targetEntity", "targetType", "name", "defaultValues"))),
        ("periods", Shape(Period, some_of=("startDate", "endDate", "refCode"))),
    ),
)


def response_groups(document: Any) -> list[dict[str, Any]]:
    """Every target group a response holds (one for create/get/update, many for a list), as payloads."""
    data = unwrap_envelope(document)
    items = data if isinstance(data, list) else [data]
    groups = [item for item in items if SHAPE.fits(item)]
    if not groups or len(groups) != len(items):
        errors = envelope_errors(document)
        if errors:
            raise ConversionError(f"The response is an error, not a target group: {describe_errors(errors)}")
        raise ConversionError(f"This is {describe(document)}, not a target group.")
    return [strip_server_fields(group, TargetGroup) for group in groups]


def response_to_payload(document: Any, index: int | None = None) -> dict[str, Any]:
    """The create payload for one group of a response; ``index`` (0-based) picks one from a list."""
    groups = response_groups(document)
    if index is not None:
        if not 0 <= index < len(groups):
            raise ConversionError(
                f"The response holds {len(groups)} target group(s); there is no group {index + 1}."
            )
        return groups[index]
    if len(groups) != 1:
        raise ConversionError(
            f"The response holds {len(groups)} target groups; pick one (tgb convert --index N, 1 to "
            f"{len(groups)})."
        )
    return groups[0]
