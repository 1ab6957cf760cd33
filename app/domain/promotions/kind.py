"""The promotion (``POST v3/promotions``) as a :class:`~app.domain.kinds.PayloadKind`."""

from __future__ import annotations

from typing import Any

from app.domain.kinds import PayloadKind, register
from app.domain.promotions import KIND_LABEL, KIND_NAME, convert, plan
from app.domain.promotions.models import Promotion
from app.domain.promotions.validate import load_promotion, validate_promotion, validate_text


def _name_of(model: Any) -> str:
    metadata = getattr(model, "metadata", None)
    return str(getattr(metadata, "name", None) or "")


def new_promotion() -> Promotion:
    """A blank promotion draft: DRAFT, GENERIC, enrolment by transaction, one SINGLE activity."""
    return Promotion.model_validate(
        {
            "metadata": {"name": "", "promotionType": "GENERIC", "status": "DRAFT"},
            "customerEnrolment": {"enrolmentMethod": "TRANSACTION"},
            "activities": [
                {
                    "id": "activity_1",
                    "type": "SINGLE",
                    "name": "Activity 1",
                    "event": "TransactionAdd",
                    "expJSON": '{"arity":"literal","value":"true","type":"boolean:primitive"}',
                    "milestones": [],
                }
            ],
        }
    )


PROMOTION = register(
    PayloadKind(
        name=KIND_NAME,
        label=KIND_LABEL,
        model=Promotion,
        load=load_promotion,
        validate_model=validate_promotion,
        validate_text=validate_text,
        response_payloads=convert.response_promotions,
        looks_like=convert.looks_like,
        is_response=convert.is_response,
        new_model=new_promotion,
        name_of=_name_of,
        shape=convert.SHAPE,
        summary=plan.summary,
        planning=plan.PLANNING,
        name_path="metadata.name",
        new_label="Milestone promotion (v3/promotions)",
        new_order=0,
    )
)
