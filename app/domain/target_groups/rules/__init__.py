"""Every rule we know of for a create payload, in one place.

The GUI, the CLI and the sandbox all call :func:`check_group`. Rules that the spec's own
working examples break are warnings whose message says what the server is likely to do;
everything else the API would reject is an error. Each problem carries the API's error
code where one exists for the same fault.
"""

from __future__ import annotations

from datetime import datetime

from app.domain import clock
from app.domain.problems import Problem
from app.domain.rules.context import Context
from app.domain.target_groups.models import TargetGroup
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
