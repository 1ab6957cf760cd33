"""Telling a payload from a response, and saying why JSON is not a target group.

Shared by import, paste and compare, so the three read the same JSON the same way.
"""

from __future__ import annotations

from typing import Any

from app.domain.convert import response_to_payload, unwrap_envelope
from app.domain.validate import load_payload

#: Keys only the server writes; a document with one of them at the top is a response.
_SERVER_KEYS = frozenset({"id", "orgId", "createdOn", "lastUpdatedOn", "attribution"})


def as_payload(document: Any) -> Any:
    """A payload from a payload or a create/get response (enveloped or not), else as it is.

    Raises:
        ConversionError: it looks like a response but holds no single target group.
    """
    inner = unwrap_envelope(document)
    if inner is not document or (isinstance(document, dict) and _SERVER_KEYS & document.keys()):
        return response_to_payload(document)
    return document


def problems_text(raw: Any, limit: int = 12) -> str | None:
    """Why ``raw`` is not a target group payload (one line per problem), or ``None`` if it is one."""
    result = load_payload(raw)
    if result.group is not None:
        return None
    lines = [f"• {p.path or 'payload'}: {p.message}" for p in result.problems if p.is_error]
    more = f"\n…and {len(lines) - limit} more." if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + more
