"""The target group's checks: :func:`check_group` runs them all (the group's fields, its periods,
its targets), each reporting through its rule in :mod:`.target_group_catalogue`.

The GUI, the CLI and the sandbox all call it through the kind. Rules that the docs' own working
examples break are warnings whose message says what the server is likely to do; what the API
is known to reject is an error, with the API's error code where one exists for the same fault.
"""

from __future__ import annotations

from datetime import datetime

from app.domain import clock
from app.domain.problems import Problem
from app.domain.target_groups.models import TargetGroup
from app.domain.target_groups.rules.context import Context
from app.domain.target_groups.rules.group import check_group_fields
from app.domain.target_groups.rules.periods import check_periods
from app.domain.target_groups.rules.targets import check_targets

__all__ = ["check_group"]


def check_group(group: TargetGroup, now: datetime | None = None) -> list[Problem]:
    """All rule problems of ``group``, judged at ``now`` (the current time when not given)."""
    ctx = Context(group, now or clock.now())
    check_group_fields(ctx)
    check_periods(ctx)
    check_targets(ctx)
    return ctx.problems
