"""Rules on the periods: required fields, order, overlaps, refCodes, windows and statuses."""

from __future__ import annotations

import itertools
from datetime import datetime

from app.domain.dates import WireDate
from app.domain.enums import RESPONSE_ONLY_PERIOD_STATUSES, PeriodStatus, TargetEvaluationType
from app.domain.models import Period
from app.domain.problems import join_path
from app.domain.rules.context import Context

_NOT_YET = (PeriodStatus.NOT_STARTED, PeriodStatus.UPCOMING)


def check_periods(ctx: Context) -> None:
    periods = ctx.group.periods or []
    if not periods:
        _no_periods(ctx)
        return
    spans: list[tuple[int, datetime, datetime, WireDate, WireDate]] = []
    ref_codes: dict[str, int] = {}
    for index, period in enumerate(periods):
        prefix = f"periods[{index}]"
        ctx.check_text(period, "ref_code", prefix, required=True, what="Reference code")
        ctx.check_text(period, "description", prefix, what="Period description")
        for field in ("start_date", "end_date"):
            if getattr(period, field) is None:
                wire = "startDate" if field == "start_date" else "endDate"
                ctx.error(f"{prefix}.{wire}", "required", f"Period {index + 1} needs a {wire}.")
        start = ctx.date(period.start_date, prefix, "startDate")
        end = ctx.date(period.end_date, prefix, "endDate")
        _ref_code_unique(ctx, period, index, ref_codes)
        if start is None or end is None:
            continue
        first, last = start.as_start(), end.as_end()
        if first > last:
            ctx.error(
                join_path(prefix, "endDate"),
                "period-order",
                f"Period {index + 1} ({period.ref_code or 'no refCode'}) ends before it starts; "
                "fix the dates or swap them.",
            )
            continue
        spans.append((index, first, last, start, end))
        _status(ctx, period, index, first, last)
    _overlaps_and_sequence(ctx, spans)
    _windows(ctx, spans)


def _no_periods(ctx: Context) -> None:
    message = "The group has no periods; add them or use Plan periods to generate them."
    if ctx.group.target_evaluation_type is TargetEvaluationType.FIXED_CALENDAR_WINDOW:
        ctx.error("periods", "periods-missing", message)
    else:
        ctx.warning("periods", "periods-missing", message)


def _ref_code_unique(ctx: Context, period: Period, index: int, seen: dict[str, int]) -> None:
    key = (period.ref_code or "").strip().casefold()
    if not key:
        return
    if key in seen:
        ctx.error(
            join_path("periods", index, "refCode"),
            "ref-code-duplicate",
            f"Reference code '{period.ref_code}' is already used by period {seen[key] + 1}; each period "
            "needs its own (it is the periodName used when enrolling customers).",
        )
    else:
        seen[key] = index


def _status(ctx: Context, period: Period, index: int, first: datetime, last: datetime) -> None:
    status = period.period_status
    path = f"periods[{index}].periodStatus"
    name = period.ref_code or f"period {index + 1}"
    if status in RESPONSE_ONLY_PERIOD_STATUSES:
        ctx.warning(
            path,
            "period-status-response-only",
            f"Status {status.value} is only sent back by the server; a create request should use "
            "RUNNING or NOT_STARTED.",
        )
        return
    now = ctx.now
    if last < now:
        ctx.warning(
            join_path("periods", index, "endDate"),
            "period-in-past",
            f"{name} ended before now ({last.isoformat(timespec='minutes')}). The server may accept it, "
            "but nothing is tracked for past days unless the data is reprocessed; move it forward or drop it.",
        )
        return
    if status is PeriodStatus.RUNNING and first > now:
        ctx.warning(
            path,
            "period-status-stale",
            f"{name} is marked RUNNING but starts later ({first.isoformat(timespec='minutes')}); "
            "use NOT_STARTED.",
        )
    elif status in _NOT_YET and first <= now:
        ctx.warning(
            path,
            "period-status-stale",
            f"{name} is marked {status.value if status else ''} but has already started; use RUNNING.",
        )


def _overlaps_and_sequence(
    ctx: Context, spans: list[tuple[int, datetime, datetime, WireDate, WireDate]]
) -> None:
    out_of_order = any(b[1] < a[1] for a, b in itertools.pairwise(spans))
    if out_of_order:
        first_bad = next(b for a, b in itertools.pairwise(spans) if b[1] < a[1])
        ctx.warning(
            join_path("periods", first_bad[0], "startDate"),
            "period-sequence",
            f"Period {first_bad[0] + 1} starts before the period listed above it; periods are matched to "
            "target values by position, so list them in date order.",
        )
    ordered = sorted(spans, key=lambda span: span[1])
    for previous, current in itertools.pairwise(ordered):
        if current[1] <= previous[2]:
            ctx.error(
                join_path("periods", current[0], "startDate"),
                "period-overlap",
                f"Period {current[0] + 1} starts before period {previous[0] + 1} ends; periods must not "
                "overlap. Start it after the previous end.",
            )


def _windows(ctx: Context, spans: list[tuple[int, datetime, datetime, WireDate, WireDate]]) -> None:
    """Periods must sit inside the cycle window (error) and the milestone's fromDate/toDate (warning)."""
    if not spans:
        return
    group = ctx.group
    cycle = (
        ("targetCycleStartDateISO", group.target_cycle_start_date_iso, group.target_cycle_end_date_iso)
        if group.target_cycle_start_date_iso or group.target_cycle_end_date_iso
        else ("targetCycleStartDate", group.target_cycle_start_date, group.target_cycle_end_date)
    )
    window_start, window_end = ctx.parse(cycle[1]), ctx.parse(cycle[2])
    label = "the cycle window (" + cycle[0].replace("Start", "Start/End") + ")"
    _inside(ctx, spans, window_start, window_end, label, "period-outside-cycle", soft=False)
    milestone_start, milestone_end = ctx.parse(group.from_date), ctx.parse(group.to_date)
    _inside(
        ctx, spans, milestone_start, milestone_end, "fromDate/toDate", "period-outside-milestone", soft=True
    )


def _inside(
    ctx: Context,
    spans: list[tuple[int, datetime, datetime, WireDate, WireDate]],
    lower: WireDate | None,
    upper: WireDate | None,
    label: str,
    rule: str,
    *,
    soft: bool,
) -> None:
    report = ctx.warning if soft else ctx.error
    consequence = (
        " The server accepted an example like this, but nothing is tracked outside the milestone's dates."
        if soft
        else " Move the period or widen the window."
    )
    for index, first, last, start, end in spans:
        if lower and _before(start, first, lower, ctx):
            report(
                join_path("periods", index, "startDate"),
                rule,
                f"Period {index + 1} starts before {label} begins.{consequence}",
            )
        if upper and _after(end, last, upper, ctx):
            report(
                join_path("periods", index, "endDate"),
                rule,
                f"Period {index + 1} ends after {label} ends.{consequence}",
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
