"""Rules on the group's own fields: identity, tracking, calendar, leaderboard, streaks, unified settings."""

from __future__ import annotations

from app.domain.dates import known_zones
from app.domain.enums import TargetEvaluationType, TrackingType, label
from app.domain.fields import field_title, wire_name
from app.domain.problems import join_path
from app.domain.rules.catalogue import Rule
from app.domain.target_groups.models import TargetGroup
from app.domain.target_groups.rules import target_group_catalogue as tg
from app.domain.target_groups.rules.context import Context

MAX_UNIFIED_TARGETS = 50


def leaderboard_blocks(
    evaluation: TargetEvaluationType | None, tracking: TrackingType | None
) -> list[tuple[Rule, str]]:
    """Why a leaderboard is not allowed with these settings: (rule, reason) pairs, empty when it is.

    The rules report these when the leaderboard is on; the Group tab greys out the choices
    that would produce them. The reasons use the form's labels.
    """
    out: list[tuple[Rule, str]] = []
    if evaluation is not None and evaluation is not TargetEvaluationType.FIXED_CALENDAR_WINDOW:
        fixed = label(TargetEvaluationType.FIXED_CALENDAR_WINDOW)
        out.append(
            (
                tg.LEADERBOARD_WINDOW,
                f"a leaderboard needs the {fixed.lower()}, not the {label(evaluation).lower()}",
            )
        )
    if tracking is not None and tracking is not TrackingType.DEFAULT:
        out.append(
            (
                tg.LEADERBOARD_TRACKING,
                f"leaderboards are for {label(TrackingType.DEFAULT).lower()} groups, not {label(tracking).lower()}",
            )
        )
    return out


def check_group_fields(ctx: Context) -> None:
    group = ctx.group
    ctx.check_fields(group, "")
    _total_periods(ctx, group)
    _time_zone(ctx, group)
    _cycle_windows(ctx)
    _tracking(ctx, group)
    _leaderboard(ctx, group)
    _streaks(ctx, group)
    _unified(ctx, group)


def _total_periods(ctx: Context, group: TargetGroup) -> None:
    periods = group.periods or []
    if group.total_periods is not None and group.total_periods >= 0 and group.total_periods != len(periods):
        ctx.report(
            tg.TOTAL_PERIODS_MISMATCH,
            "totalPeriods",
            f"Total periods says {group.total_periods} but the group has {len(periods)} period(s). "
            f"The server accepted examples like this, but set it to {len(periods)} to avoid surprises.",
        )


def _time_zone(ctx: Context, group: TargetGroup) -> None:
    name = group.time_zone_name
    if name and name not in known_zones():
        ctx.report(
            tg.TIME_ZONE_UNKNOWN,
            "timeZoneName",
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
        start_title = field_title(TargetGroup, start_field)
        end_title = field_title(TargetGroup, end_field)
        start = ctx.date(getattr(group, start_field), start_wire, start_title)
        end = ctx.date(getattr(group, end_field), end_wire, end_title)
        if start and end and start.as_start() > end.as_end():
            ctx.report(
                tg.WINDOW_ORDER,
                end_wire,
                f"{end_title} is before {start_title}; swap them or fix the dates.",
            )


def _tracking(ctx: Context, group: TargetGroup) -> None:
    if group.tracking_type is TrackingType.NON_CONTINUOUS_STREAKS:
        ctx.report(
            tg.TRACKING_TYPE_UNVERIFIED,
            "trackingType",
            f"{label(TrackingType.NON_CONTINUOUS_STREAKS)} appears only in responses; the server may not "
            f"accept it in a create request. Use {label(TrackingType.STREAKS)} unless Capillary said otherwise.",
        )
    if group.combination_type is not None and group.tracking_type is not TrackingType.UNIFIED:
        ctx.report(
            tg.COMBINATION_IGNORED,
            "combinationType",
            f"{field_title(TargetGroup, 'combination_type')} only applies to "
            f"{label(TrackingType.UNIFIED).lower()} groups; the server is likely to ignore it here.",
        )


def _leaderboard(ctx: Context, group: TargetGroup) -> None:
    if not group.leaderboard_enabled:
        return
    for rule, reason in leaderboard_blocks(group.target_evaluation_type, group.tracking_type):
        ctx.report(
            rule,
            "leaderboardEnabled",
            f"{reason[0].upper()}{reason[1:]}. Turn the leaderboard off or change the setting.",
        )


def _streaks(ctx: Context, group: TargetGroup) -> None:
    streaking = group.tracking_type in (TrackingType.STREAKS, TrackingType.NON_CONTINUOUS_STREAKS)
    levels = group.streaks
    if not streaking:
        if levels:
            ctx.report(
                tg.STREAKS_IGNORED,
                "streaks",
                f"Streak levels only apply to {label(TrackingType.STREAKS).lower()} groups; the server is "
                "likely to ignore them here.",
            )
        return
    if not levels:
        ctx.report(
            tg.STREAKS_MISSING,
            "streaks",
            "A streaks group needs at least one streak level (a name and a number of consecutive cycles); "
            "the server is likely to refuse it without one.",
        )
        return
    seen: dict[str, int] = {}
    for index, level in enumerate(levels):
        prefix = join_path("streaks", index)
        ctx.check_fields(level, prefix, f"Streak level {index + 1}")
        key = (level.name or "").strip().casefold()
        if key and key in seen:
            ctx.report(
                tg.STREAK_NAME_DUPLICATE,
                join_path(prefix, "name"),
                f"Streak level name '{level.name}' is already used by level {seen[key] + 1}; names are "
                "compared without case, so the server is likely to refuse the second.",
            )
        elif key:
            seen[key] = index


def _unified(ctx: Context, group: TargetGroup) -> None:
    if group.tracking_type is not TrackingType.UNIFIED:
        return
    if group.combination_type is None:
        ctx.report(
            tg.COMBINATION_MISSING,
            "combinationType",
            "A unified group needs Combine targets: all targets, or any one of them. The server is likely "
            "to refuse it without.",
        )
    expr = group.unified_target_expression
    if expr is None:
        return
    if expr.aggregation is not None and expr.threshold_value is None:
        ctx.report(
            tg.THRESHOLD_MISSING,
            "unifiedTargetExpression.thresholdValue",
            f"The unified {label(expr.aggregation).lower()} needs a threshold value.",
        )
    if expr.threshold_value is not None and expr.threshold_value < 0:
        ctx.report(
            tg.THRESHOLD_NEGATIVE,
            "unifiedTargetExpression.thresholdValue",
            "The unified threshold is negative, so it is always met; use 0 or more.",
        )
