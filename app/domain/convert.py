"""Turning what the API sent back into a payload that can be sent again.

A create, get, update or list response (with or without the ``{data, errors, warnings}``
envelope, or a bare group object) carries fields only the server makes: ids, attribution,
rule-set ids, the default-value map, the active period. Each model declares its own
(``SERVER_FIELDS``); they are dropped at every level by walking the document along the
model tree. Everything else is kept as it came, so nothing the operator set is lost.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from app.domain.base import WireModel
from app.domain.fields import nested_model, wire_name
from app.domain.shape import Shape, describe
from app.domain.target_groups.models import Period, Target, TargetGroup

_ENVELOPE_KEYS = frozenset({"data", "errors", "warnings", "pagination"})

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


class ConversionError(ValueError):
    """The document is not a response holding what was asked for."""


def unwrap_envelope(document: Any) -> Any:
    """The ``data`` of a Capillary envelope, or the document itself when it has none."""
    if isinstance(document, dict) and "data" in document and set(document) <= _ENVELOPE_KEYS:
        return document["data"]
    return document


def envelope_errors(document: Any) -> list[Any]:
    """The ``errors`` of an envelope (empty when there are none or no envelope)."""
    if isinstance(document, dict) and set(document) <= _ENVELOPE_KEYS:
        errors = document.get("errors")
        if isinstance(errors, list):
            return [e for e in errors if not (isinstance(e, dict) and e.get("code") in (0, None, ""))]
    return []


def strip_server_fields(obj: dict[str, Any], model: type[WireModel]) -> dict[str, Any]:
    """``obj`` without the keys ``model`` (and every model under it) marks as server-made, or null."""
    fields = _wire_fields(model)
    out: dict[str, Any] = {}
    for key, value in obj.items():
        if key in model.SERVER_FIELDS or value is None:
            continue
        child = fields.get(key)
        if child is not None and isinstance(value, dict):
            value = strip_server_fields(value, child)
        elif child is not None and isinstance(value, list):
            value = [strip_server_fields(v, child) if isinstance(v, dict) else v for v in value]
        out[key] = value
    return out


@cache
def _wire_fields(model: type[WireModel]) -> dict[str, type[WireModel]]:
    """wire name -> nested model, for the fields of ``model`` that hold wire objects."""
    out = {}
    for name in model.model_fields:
        child, _ = nested_model(model, name)
        if child is not None:
            out[wire_name(model, name)] = child
    return out


def response_groups(document: Any) -> list[dict[str, Any]]:
    """Every target group a response holds (one for create/get/update, many for a list), as payloads."""
    data = unwrap_envelope(document)
    items = data if isinstance(data, list) else [data]
    groups = [item for item in items if SHAPE.fits(item)]
    if not groups or len(groups) != len(items):
        errors = envelope_errors(document)
        if errors:
            raise ConversionError(f"The response is an error, not a target group: {_describe(errors)}")
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


def _describe(errors: list[Any]) -> str:
    parts = []
    for error in errors:
        if isinstance(error, dict):
            parts.append(f"{error.get('code')} {error.get('message') or ''}".strip())
        else:
            parts.append(str(error))
    return "; ".join(parts)
