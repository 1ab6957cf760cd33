"""The one place the app reads the current time.

Defaults that depend on today (a new plan starts on the first of next month, a template's
start moves forward once it has passed) and the rules' "ended before now" all ask
:func:`now`, so a test or a demo can fix the date in one place.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo


def now() -> datetime:
    """The current moment (aware, UTC)."""
    return datetime.now(UTC)


def first_of_next_month(at: datetime | None = None, zone: tzinfo | None = None) -> date:
    """The first day of the month after ``at`` (default :func:`now`) as seen in ``zone``.

    The usual first day of a new monthly milestone.
    """
    moment = at or now()
    today = moment.astimezone(zone).date() if zone is not None else moment.date()
    return date(today.year + 1, 1, 1) if today.month == 12 else date(today.year, today.month + 1, 1)
