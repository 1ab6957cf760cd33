"""The open document's model as the target group it is, for this kind's editor."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from app.domain.target_groups.models import TargetGroup

if TYPE_CHECKING:
    from app.ui.document.document import PayloadDocument


def group_of(document: PayloadDocument) -> TargetGroup:
    """The document's target group (this editor exists only while a target group is open)."""
    return cast(TargetGroup, document.model)
