"""Turning what the API sent back into a payload that can be sent again.

A create or get response (with or without the ``{data, errors, warnings}`` envelope)
carries fields only the server makes: ids, attribution, the default-value map. They
are dropped; everything else is kept as it came, so nothing the operator set is lost.
"""

from __future__ import annotations

from typing import Any

#: Keys the server adds, per level of the document.
_SERVER_FIELDS = {
    "group": frozenset({"id", "attribution", "orgId", "createdOn", "lastUpdatedOn"}),
    "period": frozenset({"id", "attribution", "targetGroupId"}),
    "target": frozenset(
        {"id", "attribution", "targetGroupId", "emfRuleSetId", "targetPeriodDefaultValuesMap"}
    ),
    "defaultValue": frozenset({"id", "periodId", "targetId"}),
}

_ENVELOPE_KEYS = frozenset({"data", "errors", "warnings"})


class ConversionError(ValueError):
    """The document is not a target group response."""


def unwrap_envelope(document: Any) -> Any:
    """The ``data`` of a Capillary envelope, or the document itself when it has none."""
    if isinstance(document, dict) and "data" in document and set(document) <= _ENVELOPE_KEYS:
        return document["data"]
    return document


def response_to_payload(document: Any) -> dict[str, Any]:
    """The create payload for a create/get response of one target group."""
    group = unwrap_envelope(document)
    if isinstance(group, list):
        if len(group) != 1:
            raise ConversionError(
                f"The response holds {len(group)} target groups; convert one group at a time."
            )
        group = group[0]
    if not isinstance(group, dict):
        errors = document.get("errors") if isinstance(document, dict) else None
        if errors:
            raise ConversionError(f"The response is an error, not a target group: {errors}")
        raise ConversionError("The response holds no target group object.")
    payload = _strip(group, "group")
    if isinstance(payload.get("periods"), list):
        payload["periods"] = [_strip(p, "period") if isinstance(p, dict) else p for p in payload["periods"]]
    if isinstance(payload.get("targets"), list):
        payload["targets"] = [_target(t) if isinstance(t, dict) else t for t in payload["targets"]]
    return payload


def _target(target: dict[str, Any]) -> dict[str, Any]:
    out = _strip(target, "target")
    values = out.get("defaultValues")
    if isinstance(values, list):
        out["defaultValues"] = [_strip(v, "defaultValue") if isinstance(v, dict) else v for v in values]
    info = out.get("extendedFieldInfo")
    if isinstance(info, dict):
        out["extendedFieldInfo"] = {k: v for k, v in info.items() if v is not None}
    return out


def _strip(obj: dict[str, Any], level: str) -> dict[str, Any]:
    drop = _SERVER_FIELDS[level]
    return {key: value for key, value in obj.items() if key not in drop and value is not None}
