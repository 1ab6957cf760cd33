"""The target group's checker: a :class:`~app.domain.rules.context.Checker` over one group."""

from __future__ import annotations

from datetime import datetime

from app.domain.dates import zone_or_none
from app.domain.rules.context import Checker, FieldRules
from app.domain.target_groups.models import TargetGroup
from app.domain.target_groups.rules import target_group_catalogue as tg


class Context(Checker):
    """The target group being checked."""

    def __init__(self, group: TargetGroup, now: datetime) -> None:
        super().__init__(
            now,
            zone_or_none(group.time_zone_name),
            FieldRules(
                tg.REQUIRED,
                tg.REQUIRED_SOFT,
                tg.NAME_TOO_LONG,
                tg.TEXT_TOO_LONG,
                tg.TEXT_LONG,
                tg.ABOVE_MAXIMUM,
                tg.BELOW_MINIMUM,
                tg.DATE_FORMAT,
                required_empty=tg.REQUIRED_EMPTY,
            ),
        )
        self.group = group
