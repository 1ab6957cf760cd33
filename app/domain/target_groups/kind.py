"""The target group (``POST v3/targetGroups``) as a :class:`~app.domain.kinds.PayloadKind`."""

from __future__ import annotations

from typing import Any

from app.domain.convert import unwrap_envelope
from app.domain.kinds import PayloadKind, register
from app.domain.target_groups import KIND_LABEL, KIND_NAME
from app.domain.target_groups.convert import SHAPE, response_groups
from app.domain.target_groups.models import TargetGroup
from app.domain.target_groups.plan import PLANNING
from app.domain.target_groups.validate import load_payload, validate_group, validate_text

#: Keys only the server writes at the top of a group; a document with one of them is a response.
_RESPONSE_KEYS = TargetGroup.SERVER_FIELDS


def _is_response(document: Any) -> bool:
    inner = unwrap_envelope(document)
    if inner is not document:
        return True
    return isinstance(document, list) or (
        isinstance(document, dict) and bool(_RESPONSE_KEYS & document.keys())
    )


def _looks_like(document: Any) -> bool:
    inner = unwrap_envelope(document)
    item = inner[0] if isinstance(inner, list) and inner else inner
    return isinstance(item, dict) and ("targets" in item or "periods" in item or "trackingType" in item)


def _name_of(model: Any) -> str:
    return str(getattr(model, "name", None) or "")


TARGET_GROUP = register(
    PayloadKind(
        name=KIND_NAME,
        planning=PLANNING,
        label=KIND_LABEL,
        model=TargetGroup,
        load=load_payload,
        validate_model=validate_group,
        validate_text=validate_text,
        response_payloads=response_groups,
        looks_like=_looks_like,
        is_response=_is_response,
        new_model=lambda: TargetGroup.model_validate(
            {
                "name": "",
                "trackingType": "DEFAULT",
                "targetEvaluationType": "FIXED_CALENDAR_WINDOW",
                "periods": [],
                "targets": [],
            }
        ),
        name_of=_name_of,
        shape=SHAPE,
        new_label="Target group (v3/targetGroups, being phased out)",
        new_order=10,
    )
)
