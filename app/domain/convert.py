"""Turning what the API sent back into a payload that can be sent again, for every kind.

A create, get, update or list response (with or without the ``{data, errors, warnings}``
envelope, or a bare object) carries fields only the server makes: ids, attribution, rule-set
ids, computed maps. Each model declares its own (``SERVER_FIELDS``); :func:`strip_server_fields`
drops them at every level by walking the document along the model tree. Everything else is kept
as it came, so nothing the operator set is lost. Each kind reads its responses in its folder
(``target_groups/convert.py``, ``promotions/convert.py``).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from app.domain.base import WireModel
from app.domain.fields import nested_model, wire_name

_ENVELOPE_KEYS = frozenset({"data", "errors", "warnings", "pagination"})


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


def describe_errors(errors: list[Any]) -> str:
    """A response's error items in one line (``310069 name taken; ...``)."""
    parts = []
    for error in errors:
        if isinstance(error, dict):
            parts.append(f"{error.get('code')} {error.get('message') or ''}".strip())
        else:
            parts.append(str(error))
    return "; ".join(parts)
