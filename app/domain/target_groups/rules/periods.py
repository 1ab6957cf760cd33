"""Rules on the periods: required fields, order, overlaps, refCodes, windows and statuses."""

from __future__ import annotations

import itertools
from datetime import datetime

from app.domain.dates import WireDate
from app.domain.enums import RESPONSE_ONLY_PERIOD_STATUSES, PeriodStatus, label
from app.domain.period_phase import expected_status
from app.domain.problems import join_path
from app.domain.rules.catalogue import Rule
from app.domain.target_groups.models import Period
from app.domain.target_groups.rules import target_group_catalogue as tg
from app.domain.target_groups.rules.context import Context

_NOT_YET = (PeriodStatus.NOT_STARTED, PeriodStatus.UPCOMING)

Span = tuple[int, datetime, datetime, WireDate, WireDate]


def check_periods(ctx: Context) -> None:
    periods = ctx.group.periods or []
    if not periods:
        ctx.report(
            tg.PERIODS_MISSING,
            "periods",
            "The group has no periods, so nothing is tracked until periods are added; add them here "
            "or use Plan periods to generate them.",
        )
        return
    spans: list[Span] = []
    ref_codes: dict[str, int] = {}
    for index, period in enumerate(periods):
        prefix = f"periods[{index}]"
        ctx.check_fields(period, prefix, f"Period {index + 1}")
        start = ctx.date(period.start_date, join_path(prefix, "startDate"), f"Period {index + 1} start")
        end = ctx.date(period.end_date, join_path(prefix, "endDate"), f"Period {index + 1} end")
        _ref_code_unique(ctx, period, index, ref_codes)
        if start is None or end is None:
            continue
        first, last = start.as_start(), end.as_end()
        if first > last:
            ctx.report(
                tg.PERIOD_ORDER,
                join_path(prefix, "endDate"),
                f"Period {index + 1} ({_name(period, index)}) ends before it starts; fix the dates or "
                "swap them.",
            )
            continue
        spans.append((index, first, last, start, end))
        _status(ctx, period, index, first, last)
    _overlaps_and_sequence(ctx, spans)
    _windows(ctx, spans)


def _name(period: Period, index: int) -> str:
    return str(period.ref_code) if period.ref_code not in (None, "") else f"period {index + 1}"


def _ref_code_unique(ctx: Context, period: Period, index: int, seen: dict[str, int]) -> None:
    key = str(period.ref_code if period.ref_code is not None else "").strip().casefold()
    if not key:
        return
    if key in seen:
        ctx.report(
            tg.REF_CODE_DUPLICATE,
            join_path("periods", index, "refCode"),
            f"Reference code '{period.ref_code}' is already used by period {seen[key] + 1}; each period "
            "needs its own (it is the period name used when enrolling customers).",
        )
    else:
        seen[key] = index


def _status(ctx: Context, period: Period, index: int, first: datetime, last: datetime) -> None:
    status = period.period_status
    path = f"periods[{index}].periodStatus"
    name = _name(period, index)
    if status in RESPONSE_ONLY_PERIOD_STATUSES:
        assert status is not None
        ctx.report(
            tg.PERIOD_STATUS_RESPONSE_ONLY,
            path,
            f"Status {label(status)} is only sent back by the server; a create request uses "
            f"{label(PeriodStatus.RUNNING)} or {label(PeriodStatus.NOT_STARTED)}.",
        )
        return
    now = ctx.now
    expected = expected_status(first, last, now)
    if expected is None:
        ctx.report(
            tg.PERIOD_IN_PAST,
            join_path("periods", index, "endDate"),
            f"{name} ended before now ({last.isoformat(timespec='minutes')}). The server may accept it, "
            "but nothing is tracked for past days unless the data is reprocessed; move it forward or drop it.",
        )
        return
    if status is PeriodStatus.RUNNING and expected is PeriodStatus.NOT_STARTED:
        ctx.report(
            tg.PERIOD_STATUS_STALE,
            path,
            f"{name} is marked {label(status)} but starts later ({first.isoformat(timespec='minutes')}); "
            f"use {label(PeriodStatus.NOT_STARTED)}.",
        )
    elif status in _NOT_YET and expected is PeriodStatus.RUNNING:
        assert status is not None
        ctx.report(
            tg.PERIOD_STATUS_STALE,
            path,
            f"{name} is marked {label(status)} but has already started; use {label(PeriodStatus.RUNNING)}.",
        )


def _overlaps_and_sequence(ctx: Context, spans: list[Span]) -> None:
    first_bad = next((b for a, b in itertools.pairwise(spans) if b[1] < a[1]), None)
    if first_bad is not None:
        ctx.report(
            tg.PERIOD_SEQUENCE,
            join_path("periods", first_bad[0], "startDate"),
            f"Period {first_bad[0] + 1} starts before the period listed above it. The server accepted "
            "examples like this, but target values are matched to periods by position, so list them in "
            "date order.",
        )
    ordered = sorted(spans, key=lambda span: span[1])
    for previous, current in itertools.pairwise(ordered):
        if current[1] <= previous[2]:
            ctx.report(
                tg.PERIOD_OVERLAP,
                join_path("periods", current[0], "startDate"),
                f"Period {current[0] + 1} starts before period {previous[0] + 1} ends; a day in both would "
                "count twice or the server may refuse it. Start it after the previous end.",
            )


def _windows(ctx: Context, spans: list[Span]) -> None:
    """Periods should sit inside the cycle window and the milestone's dates (both warnings)."""
    if not spans:
        return
    group = ctx.group
    if group.target_cycle_start_date_iso or group.target_cycle_end_date_iso:
        window = (group.target_cycle_start_date_iso, group.target_cycle_end_date_iso)
    else:
        window = (group.target_cycle_start_date, group.target_cycle_end_date)
    consequence = (
        " The server accepted examples like this; it is likely to track the period as given, but check "
        "the cycle start and end."
    )
    _inside(
        ctx,
        spans,
        ctx.parse(window[0]),
        ctx.parse(window[1]),
        "the cycle",
        tg.PERIOD_OUTSIDE_CYCLE,
        consequence,
    )
    _inside(
        ctx,
        spans,
        ctx.parse(group.from_date),
        ctx.parse(group.to_date),
        "the milestone's From/To dates",
        tg.PERIOD_OUTSIDE_MILESTONE,
        " The server accepted an example like this, but nothing is tracked outside the milestone's dates.",
    )


def _inside(
    ctx: Context,
    spans: list[Span],
    lower: WireDate | None,
    upper: WireDate | None,
    label_text: str,
    rule: Rule,
    consequence: str,
) -> None:
    for index, first, last, start, end in spans:
        if lower and _before(start, first, lower, ctx):
            ctx.report(
                rule,
                join_path("periods", index, "startDate"),
                f"Period {index + 1} starts before {label_text} begins.{consequence}",
            )
        if upper and _after(end, last, upper, ctx):
            ctx.report(
                rule,
                join_path("periods", index, "endDate"),
                f"Period {index + 1} ends after {label_text} ends.{consequence}",
            )


def _before(value: WireDate, instant: datetime, bound: WireDate, ctx: Context) -> bool:
    """Whether a period boundary is before a window bound; plain dates compare as whole days."""
    if value.date_only or bound.date_only:
        zone = ctx.zone or instant.tzinfo
        return instant.astimezone(zone).date() < bound.as_start().astimezone(zone).date()
    return instant < bound.as_start()


def _after(value: WireDate, instant: datetime, bound: WireDate, ctx: Context) -> bool:
    if value.date_only or bound.date_only:
        zone = ctx.zone or instant.tzinfo
        return instant.astimezone(zone).date() > bound.as_end().astimezone(zone).date()
    return instant > bound.as_end()
