"""A promotion's responses as payloads, and the shape that tells a promotion from other JSON.

:func:`response_promotions`: a create, get, update or list response becomes payloads ready for
``PUT v3/promotions/{id}``: server-made fields are dropped at every level, the root ``id`` kept.
(A target group becomes a promotion draft in :mod:`app.domain.conversions`.)
"""

from __future__ import annotations

from typing import Any

from app.domain.convert import ConversionError, envelope_errors, strip_server_fields, unwrap_envelope
from app.domain.promotions.models import Activity, Promotion, PromotionMetadata
from app.domain.shape import Shape, describe

# --- responses ---------------------------------------------------------------------------------------


def _is_page(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("content"), list) and "pageable" in data


def response_promotions(document: Any) -> list[dict[str, Any]]:
    """Every promotion a response holds (create/get/update/review, or a page of a list), as payloads.

    Server-made fields are dropped at every level and nulls left out; the root ``id`` stays, so the
    payload can be sent back with ``PUT v3/promotions/{id}``.

    Raises:
        ConversionError: the response is an error or holds no promotion.
    """
    data = unwrap_envelope(document)
    if _is_page(data):
        data = data["content"]
    items = data if isinstance(data, list) else [data]
    found = [item for item in items if SHAPE.fits(item)]
    if not found:
        errors = envelope_errors(document)
        if errors:
            parts = [
                f"{e.get('code')} {e.get('message') or ''}".strip() if isinstance(e, dict) else str(e)
                for e in errors
            ]
            raise ConversionError(f"The response is an error, not a promotion: {'; '.join(parts)}")
        raise ConversionError(f"This is {describe(document)}, not a promotion.")
    return [strip_server_fields(item, Promotion) for item in found]


def is_response(document: Any) -> bool:
    """Whether parsed JSON is a promotion response rather than a payload (envelope, page, server fields)."""
    inner = unwrap_envelope(document)
    if inner is not document or _is_page(document):
        return True
    if isinstance(document, list):
        return True
    if not isinstance(document, dict):
        return False
    if Promotion.SERVER_FIELDS & document.keys():
        return True
    metadata = document.get("metadata")
    return isinstance(metadata, dict) and bool(
        {"promotionId", "createdOn", "lastModifiedOn"} & metadata.keys()
    )


#: A promotion has its metadata (with the fields that make one) and its activities.
SHAPE = Shape(
    Promotion,
    required=("metadata", "activities"),
    nested=(
        ("metadata", Shape(PromotionMetadata, some_of=("name", "startDate", "promotionType", "status"))),
        ("activities", Shape(Activity, some_of=("type", "name", "event", "milestones", "children"))),
    ),
)


def looks_like(document: Any) -> bool:
    """A promotion has top-level ``metadata`` and ``activities`` (a response: inside its envelope/page)."""
    inner = unwrap_envelope(document)
    if _is_page(inner):
        inner = inner["content"]
    item = inner[0] if isinstance(inner, list) and inner else inner
    return isinstance(item, dict) and "metadata" in item and "activities" in item
