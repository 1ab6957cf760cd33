"""Reading the API's date-times.

The API accepts ``YYYY-MM-DDTHH:mm:ss.SSS`` with ``Z``, with an offset or with no zone,
and responses give plain ``YYYY-MM-DD``. Rules compare them as instants; a value
without a zone is read in the group's time zone (UTC when none is known), and a
plain date stands for the whole day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

END_OF_DAY = time(23, 59, 59, 999000)


@dataclass(frozen=True, slots=True)
class WireDate:
    """A parsed date-time; ``date_only`` when the text had no time part."""

    value: datetime
    date_only: bool

    def as_start(self) -> datetime:
        """The instant the value starts at (a plain date starts at midnight)."""
        return self.value

    def as_end(self) -> datetime:
        """The instant the value ends at (a plain date ends at 23:59:59.999)."""
        if self.date_only:
            return self.value.replace(hour=23, minute=59, second=59, microsecond=999000)
        return self.value


@lru_cache(maxsize=8192)
def _parse(text: str) -> tuple[datetime, bool] | None:
    stripped = text.strip()
    if len(stripped) == 10:
        try:
            return datetime.combine(date.fromisoformat(stripped), time()), True
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(stripped), False
    except ValueError:
        return None


def parse_wire_date(text: str | None, zone: tzinfo | None = None) -> WireDate | None:
    """Parse an API date or date-time; ``None`` when it is missing or not ISO 8601.

    A value without an offset is placed in ``zone`` (UTC when not given).
    """
    if not text:
        return None
    parsed = _parse(text)
    if parsed is None:
        return None
    value, date_only = parsed
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone or UTC)
    return WireDate(value, date_only)


@lru_cache(maxsize=1)
def known_zones() -> frozenset[str]:
    """Every IANA zone name this machine's tz database knows."""
    return frozenset(available_timezones())


@lru_cache(maxsize=256)
def zone_or_none(name: str | None) -> ZoneInfo | None:
    """The zone for an IANA name, or ``None`` when it is empty or unknown."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def format_wire_datetime(value: datetime) -> str:
    """ISO 8601 with milliseconds and the offset: ``2026-01-01T00:00:00.000+05:30``."""
    return value.isoformat(timespec="milliseconds")


def offset_text(offset: timedelta, *, with_seconds: bool = False) -> str:
    """``+05:30`` / ``-03:00`` as the API writes offsets; ``with_seconds`` keeps the seconds of the
    historical offsets that have them (Kolkata's +05:21:10 in 1901), which the planner writes."""
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs and with_seconds else "")


@dataclass(frozen=True, slots=True)
class WallClock:
    """A wire date-time as written: the naive wall-clock time, whether it is a plain date, and its zone
    suffix as written (``"Z"``, ``"+05:30"``, or ``None`` when the text has no zone)."""

    value: datetime
    date_only: bool
    suffix: str | None


def wall_clock(text: str | None) -> WallClock | None:
    """Read a wire date or date-time as written (the editor shows the text's own clock, not the
    instant converted to this machine's zone); ``None`` when missing or not ISO 8601."""
    if not text or not text.strip():
        return None
    stripped = text.strip()
    parsed = _parse(stripped)
    if parsed is None:
        return None
    value, date_only = parsed
    suffix = None
    if value.tzinfo is not None:
        suffix = "Z" if stripped.endswith(("Z", "z")) else offset_text(value.utcoffset() or timedelta(0))
    return WallClock(value.replace(tzinfo=None), date_only, suffix)
