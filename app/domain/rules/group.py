"""Rules on the group's own fields: identity, tracking, calendar, streaks, unified settings."""

from __future__ import annotations

from app.domain.dates import known_zones
from app.domain.enums import TargetEvaluationType, TrackingType
from app.domain.models import TargetGroup, field_title, wire_name
from app.domain.problems import join_path
from app.domain.rules.context import Context

MAX_RECURRING_CYCLES = 100
MAX_UNIFIED_TARGETS = 50

#: Fields the docs mark required that accepted examples nevertheless leave out.
_SOFT_REQUIRED = {
    "frequency_type": "the server is likely to take the cycle unit from the periods",
    "frequency": "the server is likely to use 0, as the daily examples send",
    "recurring_cycles": "the server is likely to use the number of periods",
}
_HARD_REQUIRED = ("tracking_type", "target_evaluation_type", "total_periods")


def check_group_fields(ctx: Context) -> None:
    group = ctx.group
    ctx.check_text(group, "name", "", required=True, api_code=310008)
    ctx.check_text(group, "description", "")
    _required(ctx, group)
    _numbers(ctx, group)
    _time_zone(ctx, group)
    _cycle_windows(ctx)
    _tracking(ctx, group)
    _leaderboard(ctx, group)
    _streaks(ctx, group)
    _unified(ctx, group)


def _required(ctx: Context, group: TargetGroup) -> None:
    for field in _HARD_REQUIRED:
        if getattr(group, field) is None:
            title = field_title(TargetGroup, field)
            ctx.error(wire_name(TargetGroup, field), "required", f"{title} is required; choose one.")
    for field, consequence in _SOFT_REQUIRED.items():
        if getattr(group, field) is None:
            wire = wire_name(TargetGroup, field)
            ctx.warning(
                wire,
                "required-soft",
                f"{field_title(TargetGroup, field)} ({wire}) is marked required in the docs but is missing; "
                f"working examples omit it; {consequence}. Set it to be sure.",
            )


def _numbers(ctx: Context, group: TargetGroup) -> None:
    cycles = group.recurring_cycles
    if cycles is not None and not 0 <= cycles <= MAX_RECURRING_CYCLES:
        ctx.error(
            "recurringCycles",
            "recurring-cycles-range",
            f"Recurring cycles is {cycles}; the API allows 0 to {MAX_RECURRING_CYCLES}.",
        )
    if group.frequency is not None and group.frequency < 0:
        ctx.error("frequency", "frequency-range", f"Units per cycle is {group.frequency}; use 0 or more.")
    if group.total_periods is not None and group.total_periods < 0:
        ctx.error("totalPeriods", "total-periods-range", "Total periods cannot be negative.")
    if group.preferred_till_id is not None and group.preferred_till_id < 0:
        ctx.error("preferredTillId", "till-id-range", "Preferred till id cannot be negative; use 0 for none.")
    periods = group.periods or []
    if group.total_periods is not None and group.total_periods >= 0 and group.total_periods != len(periods):
        ctx.warning(
            "totalPeriods",
            "total-periods-mismatch",
            f"Total periods says {group.total_periods} but the group has {len(periods)} period(s). "
            f"The server accepted an example like this, but set it to {len(periods)} to avoid surprises.",
        )


def _time_zone(ctx: Context, group: TargetGroup) -> None:
    name = group.time_zone_name
    if name and name not in known_zones():
        ctx.warning(
            "timeZoneName",
            "time-zone-unknown",
            f"'{name}' is not an IANA time zone (e.g. Asia/Kolkata, Europe/London). The API does not "
            "check it, but dates without an offset are read in UTC here.",
        )


def _cycle_windows(ctx: Context) -> None:
    group = ctx.group
    pairs = (
        ("target_cycle_start_date_iso", "target_cycle_end_date_iso"),
        ("target_cycle_start_date", "target_cycle_end_date"),
        ("from_date", "to_date"),
    )
    for start_field, end_field in pairs:
        start_wire = wire_name(TargetGroup, start_field)
        end_wire = wire_name(TargetGroup, end_field)
        start = ctx.date(getattr(group, start_field), start_wire)
        end = ctx.date(getattr(group, end_field), end_wire)
        if start and end and start.as_start() > end.as_end():
            ctx.error(
                end_wire,
                "window-order",
                f"{field_title(TargetGroup, end_field)} ({end_wire}) is before "
                f"{field_title(TargetGroup, start_field)} ({start_wire}); swap them or fix the dates.",
            )


def _tracking(ctx: Context, group: TargetGroup) -> None:
    if group.tracking_type is TrackingType.NON_CONTINUOUS_STREAKS:
        ctx.warning(
            "trackingType",
            "tracking-type-unverified",
            "NON_CONTINUOUS_STREAKS appears only in responses; the API may not accept it in a create "
            "request. Use STREAKS unless Capillary told you otherwise.",
        )
    if group.combination_type is not None and group.tracking_type is not TrackingType.UNIFIED:
        ctx.warning(
            "combinationType",
            "combination-type-ignored",
            "Combine targets only applies to UNIFIED groups; it is ignored here.",
        )


def _leaderboard(ctx: Context, group: TargetGroup) -> None:
    if not group.leaderboard_enabled:
        return
    evaluation = group.target_evaluation_type
    if evaluation is not None and evaluation is not TargetEvaluationType.FIXED_CALENDAR_WINDOW:
        ctx.error(
            "leaderboardEnabled",
            "leaderboard-window",
            f"A leaderboard needs a fixed calendar window, not {evaluation.value}. Turn the leaderboard "
            "off or switch the evaluation window to FIXED_CALENDAR_WINDOW.",
            310132,
        )
    tracking = group.tracking_type
    if tracking is not None and tracking is not TrackingType.DEFAULT:
        ctx.error(
            "leaderboardEnabled",
            "leaderboard-tracking",
            f"Leaderboards are only for single-target (DEFAULT) groups, not {tracking.value}.",
        )


def _streaks(ctx: Context, group: TargetGroup) -> None:
    streaking = group.tracking_type in (TrackingType.STREAKS, TrackingType.NON_CONTINUOUS_STREAKS)
    levels = group.streaks
    if not streaking:
        if levels:
            ctx.warning(
                "streaks", "streaks-ignored", "Streak levels only apply to STREAKS groups; ignored here."
            )
        return
    if not levels:
        ctx.error(
            "streaks",
            "streaks-missing",
            "A STREAKS group needs at least one streak level (a name and a number of consecutive cycles).",
        )
        return
    seen: dict[str, int] = {}
    for index, level in enumerate(levels):
        prefix = join_path("streaks", index)
        ctx.check_text(level, "name", prefix, required=True, what="Streak level name")
        count = level.target_count_of_sequence
        if count is None:
            ctx.error(
                join_path(prefix, "targetCountOfSequence"),
                "required",
                "Consecutive cycles is required for every streak level.",
            )
        elif count < 1:
            ctx.error(
                join_path(prefix, "targetCountOfSequence"),
                "streak-count-range",
                f"Consecutive cycles is {count}; a streak needs at least 1.",
            )
        key = (level.name or "").strip().casefold()
        if key and key in seen:
            ctx.error(
                join_path(prefix, "name"),
                "streak-name-duplicate",
                f"Streak level name '{level.name}' is already used by level {seen[key] + 1}; "
                "names are compared without case.",
            )
        elif key:
            seen[key] = index


def _unified(ctx: Context, group: TargetGroup) -> None:
    if group.tracking_type is not TrackingType.UNIFIED:
        return
    if group.combination_type is None:
        ctx.error(
            "combinationType",
            "combination-type-missing",
            "A UNIFIED group needs Combine targets: ALL (every target) or ANY (one is enough).",
        )
    expr = group.unified_target_expression
    if expr is None:
        return
    if expr.aggregation is not None and expr.threshold_value is None:
        ctx.error(
            "unifiedTargetExpression.thresholdValue",
            "threshold-missing",
            f"The unified {expr.aggregation.value} needs a threshold value.",
        )
    if expr.threshold_value is not None and expr.threshold_value < 0:
        ctx.error(
            "unifiedTargetExpression.thresholdValue",
            "threshold-range",
            "The unified threshold cannot be negative.",
        )
